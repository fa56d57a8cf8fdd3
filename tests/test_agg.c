/* test_agg.c — aggregate rows and the unit filter: exact step functions on hand-built traces, a
 * pixel column's max and mean, when a group aggregates (and when not), the rows and labels drawn,
 * filtering down to one template or one request, and a frame whose size follows its pixels. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay.h"
#include "lay_agg.h"
#include "scn.h"
#include "sim.h"
#include "test_util.h"

static const dl_measure measure = {dl_measure_approx, NULL};

/* ---- Building traces by hand --------------------------------------------------------------- */

/* A segment with no auxiliary lane. */
static void add_seg(trc *t, uint32_t lane, int64_t t0, int64_t t1, trc_state st, int32_t req)
{
    tu_add_seg(t, lane, t0, t1, st, req, -1);
}

/* Templates named names[0..ntmpl) and n requests, request i of template tmpl[i] (NULL: all 0). */
static void add_reqs(trc *t, const char *const *names, size_t ntmpl, size_t n, const uint32_t *tmpl)
{
    t->tmpls = calloc(ntmpl, sizeof *t->tmpls);
    t->reqs = calloc(n, sizeof *t->reqs);
    assert_true(t->tmpls && t->reqs);
    t->ntmpls = t->cap_tmpls = ntmpl;
    for (size_t i = 0; i < ntmpl; i++)
        t->tmpls[i] = (trc_tmpl){.name = names[i]};
    for (size_t i = 0; i < n; i++) {
        t->reqs[i] = (trc_req){.arrival = 0, .end = 0, .tmpl = tmpl ? tmpl[i] : 0, .lane = -1};
        t->tmpls[t->reqs[i].tmpl].count++;
        t->reqs[i].instance = t->tmpls[t->reqs[i].tmpl].count - 1;
    }
    t->nreqs = t->cap_reqs = n;
}

static void set_req(trc *t, size_t r, int64_t arrival, int64_t end, bool done, int32_t lane)
{
    t->reqs[r].arrival = arrival;
    t->reqs[r].end = end;
    t->reqs[r].flags = done ? TRC_REQ_DONE : 0;
    t->reqs[r].lane = lane;
}

typedef tu_tl fx;
#define fx_new tu_tl_new
#define fx_end tu_tl_end

/* Finishes the trace and lays it out on a w x h canvas, fitted to the run. */
static void fx_start(fx *f, float w, float h)
{
    tu_tl_start(f, w, h, &measure);
    lay_fit(&f->v, &f->g, f->t.end);
}

static void fx_frame(fx *f)
{
    tu_tl_frame(f, &measure);
}

/* The group of kind k (the first one), or fails. */
static uint32_t group_of(const lay_ctx *c, lay_group_kind k)
{
    for (uint32_t g = 0; g < c->ngroups; g++)
        if (c->groups[g].kind == k)
            return g;
    fail_msg("no group of kind %d", (int)k);
    return 0;
}

static size_t rows_of_kind(const lay_ctx *c, lay_row_kind k, uint32_t g)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nrows; i++)
        n += c->rows[i].kind == k && c->rows[i].group == g;
    return n;
}

/* ---- Step functions ---------------------------------------------------------------------------- */

/* Three requests: [10, 50) done, [20, 40) done, from 30 on never finished. */
static fx *three_requests(void)
{
    fx *f = fx_new();
    static const char *const names[] = {"page"};
    add_reqs(&f->t, names, 1, 3, NULL);
    uint32_t u[3];
    for (int i = 0; i < 3; i++)
        u[i] = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread");
    set_req(&f->t, 0, 10, 50, true, (int32_t)u[0]);
    set_req(&f->t, 1, 20, 40, true, (int32_t)u[1]);
    set_req(&f->t, 2, 30, 0, false, (int32_t)u[2]);
    /* ready: u0 READY [0,10) then GIL [10,20) (one stretch), u1 READY [5,15), u2 a zero-length READY */
    add_seg(&f->t, u[0], 0, 10, TRC_READY, 0);
    add_seg(&f->t, u[0], 10, 20, TRC_GIL, 0);
    add_seg(&f->t, u[0], 20, 60, TRC_RUN, 0);
    add_seg(&f->t, u[1], 5, 15, TRC_READY, 1);
    add_seg(&f->t, u[2], 30, 30, TRC_READY, 2);
    add_seg(&f->t, u[2], 30, 70, TRC_WAIT, 2);
    fx_start(f, 1200, 600);
    return f;
}

static void assert_steps(const lay_agg_steps *s, const int64_t *t, const int32_t *v, size_t n)
{
    assert_int_equal(s->n, n);
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(s->t[i], t[i]);
        assert_int_equal(s->v[i], v[i]);
    }
}

static void in_flight_steps_are_exact(void **state)
{
    (void)state;
    fx *f = three_requests();
    lay_agg_steps s;
    assert_true(lay_agg_series(&f->c, group_of(&f->c, LAY_GROUP_UNITS), LAY_AGG_INFLIGHT, &s));
    static const int64_t t[] = {10, 20, 30, 40, 50};
    static const int32_t v[] = {1, 2, 3, 2, 1};   /* the unfinished one stays in flight */
    assert_steps(&s, t, v, 5);
    assert_int_equal(s.max, 3);
    fx_end(f);
}

static void ready_steps_merge_adjacent_and_drop_empty_segments(void **state)
{
    (void)state;
    fx *f = three_requests();
    lay_agg_steps s;
    assert_true(lay_agg_series(&f->c, group_of(&f->c, LAY_GROUP_UNITS), LAY_AGG_READY, &s));
    static const int64_t t[] = {0, 5, 15, 20};    /* no step at 10 (READY then GIL), none at 30 */
    static const int32_t v[] = {1, 2, 1, 0};
    assert_steps(&s, t, v, 4);
    assert_false(lay_agg_series(&f->c, group_of(&f->c, LAY_GROUP_UNITS), LAY_AGG_BUSY, &s));
    fx_end(f);
}

typedef struct {
    int64_t a, b;
    int32_t max;
    double mean;
} range_case;

static void column_max_and_mean(void **state)
{
    (void)state;
    static const range_case cases[] = {
        {0, 10, 0, 0.0},      /* before anything */
        {0, 20, 1, 0.5},      /* 1 over [10, 20) of 20 ns */
        {15, 35, 3, 2.0},     /* 1 x 5 + 2 x 10 + 3 x 5 over 20 ns */
        {22, 28, 2, 2.0},     /* inside one step */
        {25, 25, 2, 2.0},     /* an empty column counts as the instant */
        {45, 100, 2, 55.0 / 55.0 + 5.0 / 55.0},   /* 2 x 5 + 1 x 50 over 55 ns */
        {1000, 2000, 1, 1.0}, /* after the last step: its value */
    };
    fx *f = three_requests();
    uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int32_t max = -1;
        double mean = -1;
        assert_true(lay_agg_range(&f->c, g, LAY_AGG_INFLIGHT, cases[i].a, cases[i].b, &max, &mean));
        assert_int_equal(max, cases[i].max);
        assert_float_equal(mean, cases[i].mean, 1e-9);
    }
    fx_end(f);
}

/* ---- When a group aggregates --------------------------------------------------------------------- */

/* n unit lanes, each running one request for a while; one core. */
static fx *units(int n)
{
    fx *f = fx_new();
    static const char *const names[] = {"page"};
    add_reqs(&f->t, names, 1, (size_t)n, NULL);
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    for (int i = 0; i < n; i++) {
        uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread");
        set_req(&f->t, (size_t)i, i * 10, i * 10 + 500, true, (int32_t)u);
        add_seg(&f->t, u, i * 10, i * 10 + 20, TRC_READY, i);
        add_seg(&f->t, u, i * 10 + 20, i * 10 + 30, TRC_RUN, i);
        add_seg(&f->t, u, i * 10 + 30, i * 10 + 500, TRC_WAIT, i);
        add_seg(&f->t, core, i * 10 + 20, i * 10 + 30, TRC_RUN, i);
    }
    return f;
}

typedef struct {
    int lanes;
    float h;              /* canvas height: plot = h - 70 px at font scale 1 */
    bool aggregated;
} threshold_case;

static void aggregation_kicks_in_past_the_plot_and_not_before(void **state)
{
    (void)state;
    static const threshold_case cases[] = {
        {32, 600, false}, {33, 600, true},      /* 530 px show 17 lanes: the floor of 32 holds */
        {40, 1270, false}, {41, 1270, true},    /* 1200 px show 40 lanes of 30 px */
        {1, 100, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx *f = units(cases[i].lanes);
        fx_start(f, 1920, cases[i].h);
        uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
        assert_int_equal(lay_agg_capacity(&f->c), cases[i].h > 1000 ? 40 : LAY_AGG_MIN_LANES);
        assert_int_equal(lay_group_aggregated(&f->c, g), cases[i].aggregated);
        assert_int_equal(rows_of_kind(&f->c, LAY_ROW_AGG, g), cases[i].aggregated ? 2 : 0);
        assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), cases[i].aggregated ? 0 : cases[i].lanes);
        assert_true(lay_lane_row(&f->c, 1) >= 0 ? !cases[i].aggregated : cases[i].aggregated);
        char buf[96];
        lay_agg_count_text(&f->c, LAY_LANG_EN, g, buf, sizeof buf);
        assert_int_equal(strstr(buf, "(aggregated)") != NULL, cases[i].aggregated);
        fx_end(f);
    }
}

static void expanding_shows_the_lanes_and_forcing_aggregates_a_small_group(void **state)
{
    (void)state;
    fx *f = units(1000);
    fx_start(f, 1920, 1080);
    uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
    assert_true(lay_group_aggregated(&f->c, g));
    lay_group_toggle_agg(&f->c, g);
    assert_int_equal(lay_group_agg(&f->c, g), LAY_AGG_OFF);
    assert_false(lay_group_aggregated(&f->c, g));
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), 1000);
    /* scrolled to the bottom, the last lane shows and the frame draws only what fits */
    lay_scroll(&f->c, &f->v, &f->g, 1e9f);
    float y, h;
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, 1000, &y, &h));
    assert_true(y >= f->g.plot_y && y + h <= f->g.plot_y + f->g.plot_h + 0.5f);
    fx_frame(f);
    assert_true(f->dl.count < 5000);
    lay_group_set_agg(&f->c, g, LAY_AGG_AUTO);
    assert_true(lay_group_aggregated(&f->c, g));
    fx_end(f);

    f = units(3);
    fx_start(f, 1920, 1080);
    g = group_of(&f->c, LAY_GROUP_UNITS);
    assert_false(lay_group_aggregated(&f->c, g));
    lay_group_toggle_agg(&f->c, g);
    assert_true(lay_group_aggregated(&f->c, g));
    assert_int_equal(lay_lane_row(&f->c, 1), -1);
    fx_end(f);
}

static void a_main_lane_never_aggregates(void **state)
{
    (void)state;
    fx *f = units(2);
    tu_add_lane(&f->t, TRC_LANE_MAIN, -1, -1, "main");
    fx_start(f, 1920, 1080);
    uint32_t g = group_of(&f->c, LAY_GROUP_MAIN);
    lay_group_set_agg(&f->c, g, LAY_AGG_ON);
    assert_false(lay_group_aggregated(&f->c, g));
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), 1);
    fx_end(f);
}

/* ---- Drawing ------------------------------------------------------------------------------------ */

static void aggregate_rows_draw_inside_their_band_with_labels_and_hover_value(void **state)
{
    (void)state;
    fx *f = units(100);
    fx_start(f, 1200, 600);
    uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
    assert_true(lay_group_aggregated(&f->c, g));
    f->v.hover_on = true;
    f->v.hover_x = (float)lay_x_of(&f->v, &f->g, 605);   /* requests 11..60 in flight over [600, 610) */
    f->v.hover_y = f->g.plot_y + 5;
    fx_frame(f);
    assert_true(tu_has_text(&f->dl, "in flight"));
    assert_true(tu_has_text(&f->dl, "ready queue"));
    assert_true(tu_has_text(&f->dl, "max 50"));   /* the scale: never more than 50 at once */
    assert_true(tu_has_text(&f->dl, "50"));       /* the value under the hover line */
    assert_true(tu_has_text(&f->dl, "100 (aggregated)"));
    /* the in-flight line's rectangles below the core lane stay within the aggregate rows */
    const lay_row *first = NULL;
    for (size_t i = 0; i < f->c.nrows && !first; i++)
        first = f->c.rows[i].kind == LAY_ROW_AGG ? &f->c.rows[i] : NULL;
    assert_non_null(first);
    float top = f->g.plot_y + first->y, bot = top + 2 * first->h;
    size_t inside = 0;
    dl_color col = theme_get(THEME_LIGHT)->palette[4];
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_rect *r = (const dl_rect *)h;
        if (h->type != DL_RECT || r->fill != col || r->y + r->h_ < top - 1)
            continue;
        assert_true(r->y >= top - 1 && r->y + r->h_ <= bot + 1);
        inside++;
    }
    assert_true(inside > 0);
    /* pointing at the in-flight chart over t = 600 */
    lay_agg_hit hit;
    float y = f->g.plot_y + first->y + first->h / 2;
    assert_true(lay_agg_at(&f->c, &f->v, &f->g, f->v.hover_x, y, &hit));
    assert_int_equal(hit.kind, LAY_AGG_INFLIGHT);
    assert_int_equal(hit.max, 50);
    char buf[128];
    assert_non_null(strstr(lay_agg_describe(&hit, LAY_LANG_EN, buf, sizeof buf), "in flight: "));
    lay_hit lh;
    lay_hit_test(&f->c, &f->v, &f->g, f->v.hover_x, y, &lh);
    assert_int_equal(lh.lane, -1);
    assert_false(lh.header);
    assert_false(lay_agg_at(&f->c, &f->v, &f->g, f->v.hover_x, f->g.plot_y + 2, &hit));   /* a header */
    fx_end(f);
}

static void many_cores_get_a_busy_row_above_their_lanes(void **state)
{
    (void)state;
    fx *f = fx_new();
    static const char *const names[] = {"page"};
    add_reqs(&f->t, names, 1, 1, NULL);
    for (int c = 0; c < 12; c++) {
        uint32_t l = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core");
        add_seg(&f->t, l, 0, c < 6 ? 100 : 50, TRC_RUN, 0);
    }
    fx_start(f, 1200, 600);
    uint32_t g = group_of(&f->c, LAY_GROUP_CORES);
    assert_false(lay_group_aggregated(&f->c, g));
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_AGG, g), 1);
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), 12);
    int32_t max;
    double mean;
    assert_true(lay_agg_range(&f->c, g, LAY_AGG_BUSY, 0, 100, &max, &mean));
    assert_int_equal(max, 12);
    assert_float_equal(mean, 9.0, 1e-9);   /* 12 busy half the time, 6 the other half */
    fx_frame(f);
    assert_true(tu_has_text(&f->dl, "busy cores"));
    assert_true(tu_has_text(&f->dl, "max 12 of 12"));
    fx_end(f);
}

/* ---- Filter -------------------------------------------------------------------------------------- */

/* 60 units; request i on lane of unit i, of template "page" when i % 3 == 0, else "img". */
static fx *two_templates(void)
{
    fx *f = fx_new();
    static const char *const names[] = {"page", "img"};
    uint32_t tmpl[60];
    for (int i = 0; i < 60; i++)
        tmpl[i] = i % 3 == 0 ? 0 : 1;
    add_reqs(&f->t, names, 2, 60, tmpl);
    tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "db");
    for (int i = 0; i < 60; i++) {
        uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread");
        set_req(&f->t, (size_t)i, i, i + 100, true, (int32_t)u);
        add_seg(&f->t, u, i, i + 100, TRC_WAIT, i);
    }
    fx_start(f, 1200, 600);
    return f;
}

static void filter_by_template_shows_exactly_its_units(void **state)
{
    (void)state;
    fx *f = two_templates();
    uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
    assert_true(lay_group_aggregated(&f->c, g));    /* 60 > 32 */
    assert_true(lay_filter_tmpl(&f->c, "page"));
    assert_false(lay_group_aggregated(&f->c, g));   /* 20 left */
    for (int i = 0; i < 60; i++)
        assert_int_equal(lay_lane_row(&f->c, (uint32_t)(2 + i)) >= 0, i % 3 == 0);
    assert_true(lay_lane_row(&f->c, 0) >= 0 && lay_lane_row(&f->c, 1) >= 0);   /* core, server */
    assert_int_equal(lay_group_filtered(&f->c, g), 20);
    char buf[96];
    assert_string_equal(lay_agg_count_text(&f->c, LAY_LANG_EN, g, buf, sizeof buf), "20 of 60");
    assert_string_equal(lay_filter_text(&f->c, buf, sizeof buf), "page");
    lay_agg_steps s;   /* the aggregates count only that template */
    assert_true(lay_agg_series(&f->c, g, LAY_AGG_INFLIGHT, &s));
    assert_int_equal(s.max, 20);
    assert_false(lay_filter_tmpl(&f->c, "nope"));   /* unknown: nothing changes */
    assert_string_equal(lay_filter_text(&f->c, buf, sizeof buf), "page");
    lay_filter_clear(&f->c);
    assert_true(lay_group_aggregated(&f->c, g));
    assert_string_equal(lay_filter_text(&f->c, buf, sizeof buf), "");
    assert_true(lay_agg_series(&f->c, g, LAY_AGG_INFLIGHT, &s));
    assert_int_equal(s.max, 60);
    fx_end(f);
}

static void filter_by_request_shows_its_unit_lane_only(void **state)
{
    (void)state;
    fx *f = two_templates();
    uint32_t g = group_of(&f->c, LAY_GROUP_UNITS);
    assert_true(lay_filter_req(&f->c, 7));
    for (int i = 0; i < 60; i++)
        assert_int_equal(lay_lane_row(&f->c, (uint32_t)(2 + i)) >= 0, i == 7);
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), 1);
    char buf[96];
    assert_string_equal(lay_filter_text(&f->c, buf, sizeof buf), "img #5");   /* the 5th "img" */
    assert_false(lay_filter_req(&f->c, 60));
    assert_false(lay_filter_req(&f->c, -1));
    assert_int_equal(rows_of_kind(&f->c, LAY_ROW_LANE, g), 1);
    fx_frame(f);
    fx_end(f);
}

/* ---- A frame's size follows its pixels ---------------------------------------------------------- */

static const char WORKLOAD[] =
    "cores 4\n"
    "memory budget=1024GiB\n"
    "server www.foo.com cores=8\n"
    "repeat %u rate=20000/s request page : cpu 50us ; call www.foo.com latency=exp(5ms) serve=200us ; cpu 30us\n";

static size_t frame_commands(unsigned count, scn_model model)
{
    char text[512], kv[64];
    scn s;
    sl_err err = {0};
    const sim_opts o = {.record_trace = true};
    sim_metrics met;
    snprintf(text, sizeof text, WORKLOAD, count);
    snprintf(kv, sizeof kv, "model=%s", scn_model_name(model));
    assert_true(scn_parse("frame.scn", text, strlen(text), &s, &err));
    assert_true(scn_set(&s, kv, &err));
    fx *f = fx_new();
    assert_true(sim_run(&s, &o, &f->t, &met, &err));
    assert_true(lay_init(&f->c, &f->t, &err));
    f->g = lay_geometry(&f->c, &f->v, 1920, 1080, &measure);
    lay_fit(&f->v, &f->g, f->t.end);
    fx_frame(f);
    size_t n = f->dl.count;
    fx_end(f);
    scn_free(&s);
    return n;
}

static void frame_commands_follow_pixels_not_requests(void **state)
{
    (void)state;
    static const scn_model models[] = {SCN_THREADS, SCN_COROUTINES};
    for (size_t i = 0; i < sizeof models / sizeof models[0]; i++) {
        size_t small = frame_commands(1000, models[i]), big = frame_commands(100000, models[i]);
        print_message("%s: %zu commands at 1 000 requests, %zu at 100 000\n", scn_model_name(models[i]), small, big);
        assert_true(big < 4 * small);
        assert_true(big < 30000);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(in_flight_steps_are_exact),
        cmocka_unit_test(ready_steps_merge_adjacent_and_drop_empty_segments),
        cmocka_unit_test(column_max_and_mean),
        cmocka_unit_test(aggregation_kicks_in_past_the_plot_and_not_before),
        cmocka_unit_test(expanding_shows_the_lanes_and_forcing_aggregates_a_small_group),
        cmocka_unit_test(a_main_lane_never_aggregates),
        cmocka_unit_test(aggregate_rows_draw_inside_their_band_with_labels_and_hover_value),
        cmocka_unit_test(many_cores_get_a_busy_row_above_their_lanes),
        cmocka_unit_test(filter_by_template_shows_exactly_its_units),
        cmocka_unit_test(filter_by_request_shows_its_unit_lane_only),
        cmocka_unit_test(frame_commands_follow_pixels_not_requests),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
