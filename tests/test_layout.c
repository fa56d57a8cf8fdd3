/* test_layout.c — the timeline layout on hand-built traces (and on engine runs): exact x positions
 * at a zoom and at a deep zoom, hidden and collapsed lanes, message arrows, level of detail, axis
 * labels that never overlap, playhead, selection, hit testing, event stepping, navigation. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lay.h"
#include "scn.h"
#include "sim.h"
#include "test_util.h"

#define MS SL_NS_PER_MS
#define US SL_NS_PER_US
#define SEC SL_NS_PER_S

static const dl_measure measure = {dl_measure_approx, NULL};

/* ---- Building traces by hand --------------------------------------------------------------- */

static void add_mark(trc *t, uint32_t lane, int64_t at, trc_mark_kind k, int32_t req)
{
    trc_mark m = {at, lane, req, -1, (uint8_t)k};
    sl_err err = {0};
    assert_true(trc_add_mark(t, &m, &err));
}

/* n requests of one template "GET" whose first step is labelled "début". */
static void add_reqs(trc *t, int n)
{
    t->tmpls = calloc(1, sizeof *t->tmpls);
    t->labels = calloc(2, sizeof *t->labels);
    t->reqs = calloc((size_t)n, sizeof *t->reqs);
    assert_true(t->tmpls && t->labels && t->reqs);
    t->ntmpls = t->cap_tmpls = 1;
    t->tmpls[0] = (trc_tmpl){.name = "GET", .first_label = 0, .nsteps = 2, .count = (uint32_t)n};
    t->labels[0] = "d\xC3\xA9" "but";
    t->nlabels = t->cap_labels = 2;
    for (int i = 0; i < n; i++)
        t->reqs[i] = (trc_req){0, 0, 0, 0, (uint32_t)i, -1, 0, -1, 0};
    t->nreqs = t->cap_reqs = (size_t)n;
}

/* A view at ns_per_px from t0, on a 1200 x 600 canvas. */
typedef tu_tl fx;
#define fx_new tu_tl_new
#define fx_end tu_tl_end

static void fx_start(fx *f, int64_t t0, double ns_per_px)
{
    lay_view_init(&f->v);
    f->v.t0 = t0;
    f->v.ns_per_px = ns_per_px;
    tu_tl_start(f, 1200, 600, &measure);
}

static void fx_frame(fx *f)
{
    tu_tl_frame(f, &measure);
}

/* ---- Looking into display lists ------------------------------------------------------------- */

/* Rectangles filled with fill whose top is at y (a lane's bar top). */
static size_t find_rects(const dl_list *l, dl_color fill, float y, const dl_rect **out, size_t cap)
{
    size_t n = 0;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h)) {
        const dl_rect *r = (const dl_rect *)h;
        if (h->type == DL_RECT && r->fill == fill && r->y > y - 0.01f && r->y < y + 0.01f) {
            if (n < cap)
                out[n] = r;
            n++;
        }
    }
    return n;
}

/* Whether a command's first point lies in the plot (the legend below it has swatches too). */
static bool in_plot(const lay_geom *g, const dl_head *h)
{
    const float *p = (const float *)(h + 1);   /* x (or x0), y (or y0) follow the header */
    if (h->type == DL_POLY || h->type == DL_TEXT)
        p = h->type == DL_POLY ? ((const dl_poly *)h)->pts : &((const dl_text *)h)->x;
    return p[0] >= g->plot_x && p[0] <= g->plot_x + g->plot_w && p[1] >= g->plot_y && p[1] <= g->plot_y + g->plot_h;
}

static size_t count_in_plot(const lay_geom *g, const dl_list *l, dl_type type)
{
    size_t n = 0;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        n += h->type == type && in_plot(g, h);
    return n;
}

static float bar_top(fx *f, uint32_t lane)
{
    float y, h;
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, lane, &y, &h));
    return y + 11.0f * f->g.fs;   /* LAY_BAR_TOP */
}

static dl_color req_color(fx *f, int32_t req)
{
    return theme_req_color(theme_get(f->v.theme), &f->t, req);
}

/* ---- Positions ---------------------------------------------------------------------------- */

static void running_segment_lands_at_exact_x(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread 1");
    tu_add_seg(&f->t, u, 2 * MS, 5 * MS, TRC_RUN, 0, 0);
    fx_start(f, 0, 10000.0);   /* 100 px per ms */
    fx_frame(f);
    const dl_rect *r[4];
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), bar_top(f, u), r, 4), 1);
    assert_float_equal(r[0]->x, f->g.plot_x + 200.0f, 1e-3);
    assert_float_equal(r[0]->w, 300.0f, 1e-3);
    assert_float_equal(lay_x_of(&f->v, &f->g, 2 * MS), f->g.plot_x + 200.0, 1e-9);
    assert_true(tu_has_text(&f->dl, "d\xC3\xA9" "but"));   /* the step label fits on 300 px */
    fx_end(f);
}

static void deep_zoom_keeps_one_ns_exact_ten_seconds_in(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread 1");
    tu_add_seg(&f->t, u, 10 * SEC + 5, 10 * SEC + 6, TRC_RUN, 0, 0);
    fx_start(f, 10 * SEC, 0.01);
    fx_frame(f);
    const dl_rect *r[4];
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), bar_top(f, u), r, 4), 1);
    assert_float_equal(r[0]->x, f->g.plot_x + 500.0f, 1e-3);
    assert_float_equal(r[0]->w, 100.0f, 1e-3);
    /* half a ns further: the fraction of the left edge moves everything by 50 px */
    f->v.t0_frac = 0.5;
    fx_frame(f);
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), bar_top(f, u), r, 4), 1);
    assert_float_equal(r[0]->x, f->g.plot_x + 450.0f, 1e-3);
    fx_end(f);
}

/* ---- Rows --------------------------------------------------------------------------------- */

static void hidden_and_collapsed_lanes_produce_nothing(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 3);
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    uint32_t a = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread A");
    uint32_t b = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread B");
    tu_add_seg(&f->t, core, 0, 1 * MS, TRC_RUN, 2, (int32_t)a);
    tu_add_seg(&f->t, a, 1 * MS, 2 * MS, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, b, 2 * MS, 3 * MS, TRC_RUN, 1, 0);
    fx_start(f, 0, 10000.0);
    fx_frame(f);
    const dl_rect *r[4];
    assert_int_equal(find_rects(&f->dl, req_color(f, 1), bar_top(f, b), r, 4), 1);
    assert_true(tu_has_text(&f->dl, "thread B"));

    lay_lane_set_hidden(&f->c, b, true);
    fx_frame(f);
    assert_int_equal(lay_lane_row(&f->c, b), -1);
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h))   /* not even at another y */
        if (h->type == DL_RECT && in_plot(&f->g, h))
            assert_int_not_equal(((const dl_rect *)h)->fill, req_color(f, 1));
    assert_false(tu_has_text(&f->dl, "thread B"));
    assert_true(tu_has_text(&f->dl, "thread A"));

    uint32_t g = f->c.lane_group[a];
    lay_group_set_collapsed(&f->c, g, true);
    fx_frame(f);
    assert_int_equal(lay_lane_row(&f->c, a), -1);
    assert_false(tu_has_text(&f->dl, "thread A"));
    assert_true(tu_has_text(&f->dl, lay_group_title(&f->c, f->v.lang, g)));   /* its header stays */
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h))
        if (h->type == DL_RECT && in_plot(&f->g, h))
            assert_int_not_equal(((const dl_rect *)h)->fill, req_color(f, 0));
    assert_int_equal(find_rects(&f->dl, req_color(f, 2), bar_top(f, core), r, 4), 1);   /* others stay */

    lay_show_all(&f->c);
    fx_frame(f);
    assert_true(lay_lane_row(&f->c, a) >= 0 && lay_lane_row(&f->c, b) >= 0);
    fx_end(f);
}

static void groups_follow_kinds_loops_lead_their_coroutines_servers_per_host(void **state)
{
    fx *f = fx_new();
    uint32_t s1 = tu_add_lane(&f->t, TRC_LANE_SERVER, 1, -1, "www.bar.com");
    uint32_t loop = tu_add_lane(&f->t, TRC_LANE_LOOP, -1, -1, "loop");
    uint32_t co2 = tu_add_lane(&f->t, TRC_LANE_CORO, -1, (int32_t)loop, "coroutine 1");
    uint32_t s0a = tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "www.foo.com #1");
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    uint32_t s0b = tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "www.foo.com #2");
    uint32_t co3 = tu_add_lane(&f->t, TRC_LANE_CORO, -1, (int32_t)loop, "coroutine 2");
    uint32_t main = tu_add_lane(&f->t, TRC_LANE_MAIN, -1, -1, "main");
    fx_start(f, 0, 1000);
    static const struct { uint8_t kind; const char *name; } want_groups[] = {
        {LAY_GROUP_CORES, NULL}, {LAY_GROUP_MAIN, NULL}, {LAY_GROUP_LOOPS, NULL},
        {LAY_GROUP_SERVER, "www.foo.com"}, {LAY_GROUP_SERVER, "www.bar.com"},
    };
    assert_int_equal(f->c.ngroups, 5);
    for (size_t g = 0; g < 5; g++) {
        assert_int_equal(f->c.groups[g].kind, want_groups[g].kind);
        if (want_groups[g].name)
            assert_string_equal(f->c.groups[g].name, want_groups[g].name);
    }
    assert_string_equal(lay_group_title(&f->c, LAY_LANG_EN, 0), "client cores");
    assert_string_equal(lay_group_title(&f->c, LAY_LANG_EN, 2), "coroutines");
    /* The main thread and the one-core server www.bar.com are groups of themselves: no header
     * repeats their name; www.foo.com's two cores keep theirs. */
    static const bool lone[] = {false, true, false, false, true};
    for (uint32_t g = 0; g < 5; g++)
        assert_int_equal(lay_group_lone(&f->c, g), lone[g]);
    const int32_t want_rows[] = {-1, (int32_t)core, (int32_t)main, -1, (int32_t)loop, (int32_t)co2,
                                 (int32_t)co3, -1, (int32_t)s0a, (int32_t)s0b, (int32_t)s1};
    assert_int_equal(f->c.nrows, sizeof want_rows / sizeof want_rows[0]);
    for (size_t r = 0; r < f->c.nrows; r++) {
        assert_int_equal(f->c.rows[r].lane, want_rows[r]);
        assert_int_equal(f->c.rows[r].kind == LAY_ROW_HEADER, want_rows[r] < 0);
        if (r > 0)   /* rows stack without gaps */
            assert_float_equal(f->c.rows[r].y, f->c.rows[r - 1].y + f->c.rows[r - 1].h, 1e-4);
    }
    assert_int_equal(f->c.rows[5].depth, 1);   /* a coroutine is indented */
    fx_end(f);
}

/* ---- Messages ---------------------------------------------------------------------------- */

static void message_is_an_arrow_from_client_lane_to_server_lane(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread 1");
    uint32_t s = tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "www.foo.com");
    tu_add_seg(&f->t, u, 0, 1 * MS, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, u, 1 * MS, 6 * MS, TRC_WAIT, 0, 0);
    tu_add_seg(&f->t, s, 3 * MS, 4 * MS, TRC_SERVE, 0, -1);
    trc_msg m = {1 * MS, 3 * MS, u, s, 0, 1, TRC_MSG_REQUEST};
    trc_msg back = {4 * MS, 6 * MS, s, u, 0, 1, TRC_MSG_REPLY};
    sl_err err = {0};
    assert_true(trc_add_msg(&f->t, &m, &err) && trc_add_msg(&f->t, &back, &err));
    fx_start(f, 0, 10000.0);
    fx_frame(f);
    float uy, uh, sy, sh;
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, u, &uy, &uh));
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, s, &sy, &sh));
    int arrows = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        if (h->type != DL_ARROW || !in_plot(&f->g, h))
            continue;
        const dl_arrow *a = (const dl_arrow *)h;
        bool request = a->x0 < f->g.plot_x + 150;
        float fy0 = request ? uy : sy, fh0 = request ? uh : sh, ty = request ? sy : uy, th = request ? sh : uh;
        assert_true(a->y0 >= fy0 && a->y0 <= fy0 + fh0);   /* leaves from the sender's row */
        assert_true(a->y1 >= ty && a->y1 <= ty + th);      /* lands on the receiver's row */
        assert_float_equal(a->x0, f->g.plot_x + (request ? 100 : 400), 1e-3);
        assert_float_equal(a->x1, f->g.plot_x + (request ? 300 : 600), 1e-3);
        assert_true(a->head > 0);
        arrows++;
    }
    assert_int_equal(arrows, 2);
    f->v.show_msgs = false;   /* togglable */
    fx_frame(f);
    assert_int_equal(count_in_plot(&f->g, &f->dl, DL_ARROW), 0);
    fx_end(f);
}

/* ---- Level of detail --------------------------------------------------------------------- */

static void lod_merges_sub_pixel_segments_to_one_rect_per_column(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 2);
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    for (int i = 0; i < 10000; i++)   /* 10 000 x 10 ns, alternating requests, no gaps */
        tu_add_seg(&f->t, core, i * 10, i * 10 + 10, TRC_RUN, i % 2, -1);
    fx_start(f, 0, 200.0);   /* 100 µs on 500 px: 20 segments per pixel column */
    fx_frame(f);
    float y = bar_top(f, core);
    float covered = 0;
    size_t rects = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_rect *r = (const dl_rect *)h;
        if (h->type != DL_RECT || r->y < y - 0.01f || r->y > y + 0.01f)
            continue;
        rects++;
        covered += r->w;
        assert_true(r->fill == req_color(f, 0) || r->fill == req_color(f, 1));
    }
    assert_true(rects >= 1);
    assert_true(rects <= 500);              /* at most one per pixel column */
    assert_float_equal(covered, 500, 1.5);  /* and nothing dropped */
    assert_true(f->dl.count < 700);         /* the frame follows pixels, not the 10 000 segments */
    fx_end(f);
}

static void lod_frame_of_100k_requests_stays_small(void **state)
{
    fx *f = fx_new();
    enum { N = 100000, CORES = 4 };
    add_reqs(&f->t, N);
    uint32_t cores[CORES], units = 0;
    for (int c = 0; c < CORES; c++)
        cores[c] = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core");
    uint32_t srv = tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "db");
    sl_err err = {0};
    for (int i = 0; i < N; i++) {
        uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread");
        units = units ? units : u;
        int64_t t0 = (int64_t)i * 10 * US;
        tu_add_seg(&f->t, u, t0, t0 + 100 * US, TRC_RUN, i, 0);
        tu_add_seg(&f->t, u, t0 + 100 * US, t0 + 900 * US, TRC_WAIT, i, -1);
        tu_add_seg(&f->t, cores[i % CORES], t0, t0 + 10 * US, TRC_RUN, i, (int32_t)u);
        tu_add_seg(&f->t, srv, t0 + 300 * US, t0 + 310 * US, TRC_SERVE, i, -1);
        add_mark(&f->t, cores[i % CORES], t0, TRC_MK_SWITCH, i);
        trc_msg m = {t0 + 100 * US, t0 + 300 * US, u, srv, i, 1, TRC_MSG_REQUEST};
        assert_true(trc_add_msg(&f->t, &m, &err));
    }
    fx_start(f, 0, 1);
    f->g = lay_geometry(&f->c, &f->v, 1920, 1080, &measure);
    lay_fit(&f->v, &f->g, f->t.end);
    clock_t c0 = clock();
    lay_frame(&f->c, &f->v, &f->g, &measure, &f->dl);
    double ms = 1000.0 * (double)(clock() - c0) / CLOCKS_PER_SEC;
    print_message("100k requests, whole run at 1920x1080: %zu commands, %.2f ms (this build)\n", f->dl.count, ms);
    assert_false(f->dl.overflow);
    assert_true(f->dl.count < 60000);
    fx_end(f);
}

/* ---- Axis ---------------------------------------------------------------------------------- */

typedef struct {
    int64_t t, step;
    const char *want;
} label_case;

static void tick_labels_use_the_unit_of_the_step(void **state)
{
    static const label_case cases[] = {
        {250 * US, 50 * US, "250\xC2\xB5s"}, {1500 * US, 500 * US, "1.5ms"}, {2 * SEC, SEC, "2s"},
        {1 * MS, 500 * US, "1ms"},           {0, 200 * US, "0ms"},         {-500 * US, 500 * US, "-0.5ms"},
        {10 * SEC + 1, 1, "10000000001ns"},  {300, 100, "0.3\xC2\xB5s"},   {50, 10, "50ns"},
        {1200 * SEC, 200 * SEC, "1200s"},    {200 * MS, 100 * MS, "0.2s"},
    };
    char buf[48];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_string_equal(lay_tick_label(cases[i].t, cases[i].step, LAY_LANG_EN, buf, sizeof buf), cases[i].want);
}

/* The axis labels' boxes, sorted by x (they are pushed left to right). */
static size_t axis_boxes(const fx *f, float *l, float *r, size_t cap)
{
    size_t n = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_text *t = (const dl_text *)h;
        if (h->type != DL_TEXT || t->y > f->g.axis_h || n == cap)
            continue;
        float w = dl_measure_approx(NULL, t->text, t->len, t->size, t->bold);
        assert_int_equal(t->anchor, DL_ANCHOR_BC);
        l[n] = t->x - w / 2, r[n] = t->x + w / 2;
        n++;
    }
    return n;
}

static void tick_labels_never_overlap_from_1ns_to_1s_per_px(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "u");
    tu_add_seg(&f->t, u, 0, 1, TRC_RUN, 0, 0);
    fx_start(f, 0, 1);
    static const int64_t starts[] = {0, 123456789, 10 * SEC, -3 * MS, 987 * SEC};
    int frames = 0;
    for (size_t s = 0; s < sizeof starts / sizeof starts[0]; s++) {
        for (double z = 1.0; z <= 1e9; z *= 1.37, frames++) {
            f->v.t0 = starts[s];
            f->v.ns_per_px = z;
            fx_frame(f);
            float l[256], r[256];
            size_t n = axis_boxes(f, l, r, 256);
            assert_true(n >= 2);   /* there is something to overlap */
            for (size_t i = 0; i < n; i++)   /* and none is cut at the canvas edges */
                assert_true(l[i] >= 0 && r[i] <= 1200);
            for (size_t i = 1; i < n; i++)
                if (r[i - 1] > l[i])
                    fail_msg("labels overlap at t0=%lld, %g ns/px: [%g, %g] and [%g, %g]",
                             (long long)starts[s], z, l[i - 1], r[i - 1], l[i], r[i]);
        }
    }
    assert_true(frames > 300);
    fx_end(f);
}

/* ---- Playhead, selection, hover ---------------------------------------------------------------- */

static void playhead_hides_what_happens_later(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "u");
    tu_add_seg(&f->t, u, 1 * MS, 2 * MS, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, u, 3 * MS, 4 * MS, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, u, 5 * MS, 6 * MS, TRC_RUN, 0, 0);
    add_mark(&f->t, u, 6 * MS, TRC_MK_RETURN, 0);
    fx_start(f, 0, 10000.0);
    fx_frame(f);
    const dl_rect *r[4];
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), bar_top(f, u), r, 4), 3);
    size_t arrows = count_in_plot(&f->g, &f->dl, DL_ARROW);
    assert_int_equal(arrows, 1);   /* the return marker */
    f->v.playhead_on = true;
    f->v.playhead = 3500 * US;
    fx_frame(f);
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), bar_top(f, u), r, 4), 2);
    assert_float_equal(r[0]->x, f->g.plot_x + 100, 1e-3);
    assert_float_equal(r[1]->x + r[1]->w, f->g.plot_x + 350, 1e-3);   /* clipped at the playhead */
    assert_int_equal(count_in_plot(&f->g, &f->dl, DL_ARROW), 0);
    bool line = false;
    const theme *th = theme_get(f->v.theme);
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_line *l = (const dl_line *)h;
        if (h->type == DL_LINE && l->color == th->playhead)
            line = line || (l->x0 == l->x1 && l->x0 > f->g.plot_x + 349.9f && l->x0 < f->g.plot_x + 350.1f);
    }
    assert_true(line);
    fx_end(f);
}

static void selection_dims_other_requests_and_outlines_its_own(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 2);
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    tu_add_seg(&f->t, core, 0, 1 * MS, TRC_RUN, 0, -1);
    tu_add_seg(&f->t, core, 1 * MS, 2 * MS, TRC_RUN, 1, -1);
    fx_start(f, 0, 10000.0);
    f->v.selected = 1;
    fx_frame(f);
    const theme *th = theme_get(f->v.theme);
    dl_color dim0 = theme_mix(req_color(f, 0), th->bg, th->dim);
    const dl_rect *r[4];
    float y = bar_top(f, core);
    assert_int_not_equal(dim0, req_color(f, 0));
    assert_int_equal(find_rects(&f->dl, dim0, y, r, 4), 1);
    assert_int_equal(find_rects(&f->dl, req_color(f, 0), y, r, 4), 0);
    assert_int_equal(find_rects(&f->dl, req_color(f, 1), y, r, 4), 1);
    assert_int_equal(find_rects(&f->dl, 0, y, r, 4), 1);   /* the outline: no fill ... */
    assert_int_equal(r[0]->stroke, th->select);           /* ... in the selection colour */
    assert_float_equal(r[0]->x, f->g.plot_x + 100, 1e-3);
    fx_end(f);
}

/* ---- Hit testing ------------------------------------------------------------------------------ */

static void hit_test_finds_the_segment_under_the_point(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread 1");
    tu_add_seg(&f->t, u, 2 * MS, 5 * MS, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, u, 5 * MS, 7 * MS, TRC_WAIT, 0, -1);
    fx_start(f, 0, 10000.0);
    float y, h;
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, u, &y, &h));
    lay_hit hit;
    lay_hit_test(&f->c, &f->v, &f->g, f->g.plot_x + 300, y + h / 2, &hit);
    assert_int_equal(hit.area, LAY_AREA_PLOT);
    assert_int_equal(hit.lane, (int32_t)u);
    assert_false(hit.header);
    assert_int_equal(hit.t, 3 * MS);
    assert_true(hit.has_seg);
    assert_int_equal(hit.seg.lane, u);
    assert_int_equal(hit.seg.state, TRC_RUN);
    assert_int_equal(hit.seg.req, 0);
    assert_int_equal(hit.seg.start, 2 * MS);
    assert_int_equal(hit.seg.dur, 3 * MS);
    assert_string_equal(hit.seg.label, "d\xC3\xA9" "but");
    lay_seg_info si = hit.seg;
    lay_hit_test(&f->c, &f->v, &f->g, f->g.plot_x + 600, y + h / 2, &hit);
    assert_true(hit.has_seg && hit.seg.state == TRC_WAIT);
    lay_hit_test(&f->c, &f->v, &f->g, f->g.plot_x + 50, y + h / 2, &hit);   /* 1.5 ms before anything */
    assert_false(hit.has_seg);
    lay_hit_test(&f->c, &f->v, &f->g, 5, y + h / 2, &hit);
    assert_int_equal(hit.area, LAY_AREA_LABELS);
    assert_int_equal(hit.lane, (int32_t)u);
    assert_false(hit.has_seg);
    float hy = f->g.plot_y + 5;   /* the first row is the group header */
    lay_hit_test(&f->c, &f->v, &f->g, f->g.plot_x + 300, hy, &hit);
    assert_true(hit.header);
    assert_int_equal(hit.group, 0);
    assert_int_equal(lay_hit_header(&f->c, &f->v, &f->g, 10, hy), 0);
    assert_int_equal(lay_hit_header(&f->c, &f->v, &f->g, 10, y + h / 2), -1);
    lay_hit_test(&f->c, &f->v, &f->g, f->g.plot_x + 300, 3, &hit);
    assert_int_equal(hit.area, LAY_AREA_AXIS);
    char buf[256];
    lay_describe_seg(&f->t, LAY_LANG_EN, &si, buf, sizeof buf);
    assert_string_equal(buf, "thread 1: running\nrequest: GET #1\nstep: d\xC3\xA9" "but\nstart: 2ms\nduration: 3ms");
    fx_end(f);
}

static void ran_during_lists_the_units_the_cores_ran(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 3);
    uint32_t c0 = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    uint32_t c1 = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 1");
    uint32_t a = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "A");
    uint32_t b = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "B");
    uint32_t w = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "W");
    tu_add_seg(&f->t, c0, 0, 4 * MS, TRC_RUN, 0, (int32_t)a);
    tu_add_seg(&f->t, c0, 4 * MS, 5 * MS, TRC_SWITCH, 1, (int32_t)b);
    tu_add_seg(&f->t, c0, 5 * MS, 8 * MS, TRC_RUN, 1, (int32_t)b);
    tu_add_seg(&f->t, c1, 1 * MS, 3 * MS, TRC_RUN, 0, (int32_t)a);
    tu_add_seg(&f->t, c1, 9 * MS, 10 * MS, TRC_RUN, 2, (int32_t)w);
    tu_add_seg(&f->t, w, 2 * MS, 6 * MS, TRC_READY, 2, -1);
    fx_start(f, 0, 10000.0);
    lay_ran ran[4];
    bool more = true;
    size_t wn;
    const trc_seg *ws = trc_lane_segs(&f->t, w, &wn);
    size_t n = lay_ran_during(&f->t, &ws[0], ran, 4, &more);
    assert_int_equal(n, 2);
    assert_false(more);
    assert_int_equal(ran[0].unit, a);
    assert_int_equal(ran[0].ns, 3 * MS);   /* 2..4 on core 0, 2..3 on core 1 */
    assert_int_equal(ran[1].unit, b);
    assert_int_equal(ran[1].core, c0);
    assert_int_equal(ran[1].ns, 1 * MS);   /* 5..6; the switch is not running */
    n = lay_ran_during(&f->t, &ws[0], ran, 1, &more);
    assert_int_equal(n, 1);
    assert_true(more);
    (void)c1;
    fx_end(f);
}

static void next_and_previous_event_step_through_boundaries(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t a = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "A");
    uint32_t b = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "B");
    tu_add_seg(&f->t, a, 10, 20, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, a, 30, 40, TRC_RUN, 0, 0);
    tu_add_seg(&f->t, b, 15, 35, TRC_WAIT, 0, 0);
    fx_start(f, 0, 1);
    static const int64_t nexts[] = {10, 15, 20, 30, 35, 40};
    int64_t t = 0;
    for (size_t i = 0; i < 6; i++) {
        assert_true(lay_next_event(&f->c, t, &t));
        assert_int_equal(t, nexts[i]);
    }
    assert_false(lay_next_event(&f->c, t, &t));
    t = 41;
    for (size_t i = 6; i-- > 0;) {
        assert_true(lay_prev_event(&f->c, t, &t));
        assert_int_equal(t, nexts[i]);
    }
    assert_false(lay_prev_event(&f->c, t, &t));
    lay_lane_set_hidden(&f->c, b, true);   /* only lanes that show count */
    assert_true(lay_next_event(&f->c, 10, &t));
    assert_int_equal(t, 20);
    fx_end(f);
}

/* ---- Navigation ---------------------------------------------------------------------------- */

static void zoom_keeps_the_time_under_the_cursor_and_fit_shows_the_run(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "u");
    tu_add_seg(&f->t, u, 0, 10 * SEC + 1000, TRC_RUN, 0, 0);
    fx_start(f, 0, 1);
    lay_fit(&f->v, &f->g, f->t.end);
    assert_float_equal(lay_x_of(&f->v, &f->g, 0), f->g.plot_x, 1e-6);
    assert_float_equal(lay_x_of(&f->v, &f->g, f->t.end), f->g.plot_x + f->g.plot_w * (1 - LAY_FIT_MARGIN), 1e-3);
    float x = f->g.plot_x + 333.25f;
    double before = f->v.t0 + f->v.t0_frac + (x - f->g.plot_x) * f->v.ns_per_px;
    for (int i = 0; i < 60; i++) {   /* down to the deepest zoom, where the limit holds */
        lay_zoom_at(&f->v, &f->g, x, 2.0, f->t.end);
        double now = f->v.t0 + f->v.t0_frac + (x - f->g.plot_x) * f->v.ns_per_px;
        assert_float_equal(now, before, 1e-3);
    }
    assert_float_equal(f->v.ns_per_px, LAY_MIN_NS_PER_PX, 1e-12);
    for (int i = 0; i < 80; i++)
        lay_zoom_at(&f->v, &f->g, x, 0.5, f->t.end);
    assert_true(f->v.ns_per_px <= 4.0 * (double)f->t.end / f->g.plot_w * 1.0000001);
    lay_fit(&f->v, &f->g, f->t.end);
    f->v.ns_per_px = 0.01;
    f->v.t0 = 10 * SEC;
    lay_pan_px(&f->v, -50);   /* half a ns later */
    assert_int_equal(f->v.t0, 10 * SEC);
    assert_float_equal(f->v.t0_frac, 0.5, 1e-9);
    lay_pan_px(&f->v, -75);
    assert_int_equal(f->v.t0, 10 * SEC + 1);
    assert_float_equal(f->v.t0_frac, 0.25, 1e-9);
    f->v.scroll_y = 0;
    lay_scroll(&f->c, &f->v, &f->g, 1e6f);   /* everything fits: no scrolling */
    assert_float_equal(f->v.scroll_y, 0, 1e-6);
    fx_end(f);
}

/* ---- Notes, hover, colours ------------------------------------------------------------------ */

static void notes_show_in_their_hosts_header_row(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t core = tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
    uint32_t srv = tu_add_lane(&f->t, TRC_LANE_SERVER, 0, -1, "db #1");
    tu_add_seg(&f->t, core, 0, 1 * MS, TRC_RUN, 0, -1);
    tu_add_seg(&f->t, srv, 1 * MS, 2 * MS, TRC_SERVE, 0, -1);
    static const char *hosts[] = {"robot", "database"};
    static trc_note notes[] = {{0, 1 * MS, 3 * MS, "slow disk"}, {-1, 4 * MS, 4 * MS, "GC pause"}};
    f->t.hosts = malloc(sizeof hosts);
    memcpy(f->t.hosts, hosts, sizeof hosts);
    f->t.nhosts = 2;
    f->t.notes = malloc(sizeof notes);
    memcpy(f->t.notes, notes, sizeof notes);
    f->t.nnotes = 2;
    fx_start(f, 0, 10000.0);
    uint32_t gs = f->c.lane_group[srv], gc = f->c.lane_group[core];
    assert_string_equal(f->c.groups[gs].name, "database");   /* the trace's host name */
    fx_frame(f);
    const theme *th = theme_get(f->v.theme);
    int found = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_text *t = (const dl_text *)h;
        if (h->type != DL_TEXT || t->color != th->note)
            continue;
        bool disk = t->len == 9 && memcmp(t->text, "slow disk", 9) == 0;
        const lay_row *r = &f->c.rows[f->c.groups[disk ? gs : gc].row];
        float y = f->g.plot_y + r->y * f->g.fs;
        assert_true(t->y >= y && t->y <= y + r->h * f->g.fs);   /* in that group's header row */
        assert_true(t->x > f->g.plot_x + (disk ? 100 : 400));   /* right of the note's start */
        found++;
    }
    assert_int_equal(found, 2);
    f->v.playhead_on = true;   /* notes after the playhead are not shown yet */
    f->v.playhead = 2 * MS;
    fx_frame(f);
    assert_true(tu_has_text(&f->dl, "slow disk"));
    assert_false(tu_has_text(&f->dl, "GC pause"));
    fx_end(f);
}

static void hover_draws_a_hairline_the_time_and_an_outline(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "u");
    tu_add_seg(&f->t, u, 2 * MS, 5 * MS, TRC_RUN, 0, 0);
    fx_start(f, 0, 10000.0);
    float y, h;
    assert_true(lay_lane_rect(&f->c, &f->v, &f->g, u, &y, &h));
    f->v.hover_on = true;
    f->v.hover_x = f->g.plot_x + 250;
    f->v.hover_y = y + h / 2;
    fx_frame(f);
    const theme *th = theme_get(f->v.theme);
    bool hair = false, outline = false;
    for (const dl_head *hd = dl_first(&f->dl); hd; hd = dl_next(&f->dl, hd)) {
        const dl_line *l = (const dl_line *)hd;
        const dl_rect *r = (const dl_rect *)hd;
        hair = hair || (hd->type == DL_LINE && l->color == th->hover && l->x0 == f->v.hover_x && l->x1 == l->x0);
        outline = outline || (hd->type == DL_RECT && r->stroke == th->hover && r->fill == 0 &&
                              r->x > f->g.plot_x + 199.9f && r->x < f->g.plot_x + 200.1f && r->w > 299.9f);
    }
    assert_true(hair);
    assert_true(outline);
    assert_true(tu_has_text(&f->dl, "2500\xC2\xB5s"));   /* 100 ns per pixel: to the µs */
    fx_end(f);
}

static void scenario_colour_wins_over_the_palette(void **state)
{
    trc t;
    trc_init(&t);
    add_reqs(&t, 3);
    const theme *th = theme_get(THEME_LIGHT);
    assert_int_equal(theme_req_color(th, &t, 1), th->palette[1]);
    assert_int_not_equal(theme_req_color(th, &t, 0), theme_req_color(th, &t, 1));
    assert_int_equal(theme_req_color(th, &t, -1), th->fg_dim);
    t.tmpls[0].has_color = true;
    t.tmpls[0].color = 0xB46AE0;
    for (int32_t r = 0; r < 3; r++)
        assert_int_equal(theme_req_color(th, &t, r), DL_RGBA(0xB4, 0x6A, 0xE0, 0xFF));
    theme_id id;
    assert_true(theme_from_name("contrast", &id) && id == THEME_CONTRAST);
    assert_false(theme_from_name("neon", &id));
    assert_int_equal(theme_text_on(th, DL_RGBA(0, 0, 0, 255)), th->text_on_dark);
    assert_int_equal(theme_text_on(th, DL_RGBA(255, 255, 255, 255)), th->text_on_light);
    trc_free(&t);
}

static void nonsense_view_values_are_clamped_not_trusted(void **state)
{
    fx *f = fx_new();
    add_reqs(&f->t, 1);
    uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "u");
    tu_add_seg(&f->t, u, 0, 1 * MS, TRC_RUN, 0, 0);
    fx_start(f, 0, 1000);
    static const struct { int64_t t0; double frac, nspp; float fs, scroll; } cases[] = {
        {INT64_MIN, 0, 1, 1, 0},      {INT64_MAX, 0.5, 1e30, 1, 0}, {0, -3, 0, 1, 0},
        {0, 0, -5, 1, -100},          {0, 0, 1e300, 0, 0},          {0, 1e300, 1e-300, 100, 1e30f},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        f->v.t0 = cases[i].t0, f->v.t0_frac = cases[i].frac, f->v.ns_per_px = cases[i].nspp;
        f->v.font_scale = cases[i].fs, f->v.scroll_y = cases[i].scroll;
        f->v.hover_on = true, f->v.hover_x = 600, f->v.hover_y = 100;
        fx_frame(f);   /* no overflow, no crash, no undefined conversion under the sanitizers */
        assert_true(f->g.fs >= 0.25f && f->g.fs <= 8.0f);
        lay_hit hit;
        lay_hit_test(&f->c, &f->v, &f->g, 600, 100, &hit);
    }
    f->v.ns_per_px = 0.0 / 0.0;
    fx_frame(f);
    fx_end(f);
}

/* ---- Real runs, themes, strings ------------------------------------------------------------ */

static void engine_runs_lay_out_in_every_theme(void **state)
{
    static const char *models[] = {"sequential", "processes", "threads", "coroutines"};
    for (size_t mi = 0; mi < 4; mi++) {
        scn s;
        sl_err err = {0};
        assert_true(scn_parse("default", scn_default_text, strlen(scn_default_text), &s, &err));
        char kv[64];
        snprintf(kv, sizeof kv, "model=%s", models[mi]);
        assert_true(scn_set(&s, kv, &err));
        fx *f = fx_new();
        sim_metrics m;
        sim_opts o = {.record_trace = true};
        assert_true(sim_run(&s, &o, &f->t, &m, &err));
        sl_err e2 = {0};
        assert_true(lay_init(&f->c, &f->t, &e2));
        lay_view_init(&f->v);
        dl_init(&f->dl);
        for (int th = 0; th < THEME_COUNT; th++) {
            f->v.theme = (theme_id)th;
            f->g = lay_geometry(&f->c, &f->v, 1200, 600, &measure);
            lay_fit(&f->v, &f->g, f->t.end);
            lay_frame(&f->c, &f->v, &f->g, &measure, &f->dl);
            char status[256];
            lay_status_bar(&f->v, &f->g, lay_status_text(status, sizeof status, f->v.lang, (scn_model)s.cfg.model, "cores=1", &m),
                           &f->dl);
            assert_false(f->dl.overflow);
            assert_true(tu_count_type(&f->dl, DL_RECT) > 5);
            assert_true(tu_has_text(&f->dl, "www.foo.com"));
            assert_true(tu_has_text(&f->dl, status));
            assert_non_null(strstr(status, "makespan"));
        }
        fx_end(f);
        scn_free(&s);
    }
}

static void every_string_key_has_english_text_and_a_file_key(void **state)
{
    for (int k = 0; k < LAY_S_COUNT; k++) {
        assert_true(strlen(lay_str(LAY_LANG_EN, (lay_str_key)k)) > 0);
        assert_non_null(lay_str_key_name((lay_str_key)k));
        for (int j = 0; j < k; j++)
            assert_string_not_equal(lay_str_key_name((lay_str_key)k), lay_str_key_name((lay_str_key)j));
    }
    assert_string_equal(lay_str(LAY_LANG_COUNT, LAY_S_GROUP_LOOPS), "event loops");   /* unknown: English */
    assert_string_equal(lay_str(LAY_LANG_EN, LAY_S_COUNT), "");
    for (int s = 0; s < TRC_STATE_COUNT; s++)
        assert_string_not_equal(lay_state_str(LAY_LANG_EN, (trc_state)s), "?");
}

/* The units' group is named after the model that ran (the course's words), or after its lanes'
 * word when the trace does not say; the sequential program's one unit is "main", a lone lane. */
static void units_group_is_named_by_model(void **state)
{
    (void)state;
    static const struct {
        int model;           /* -1: the trace does not say */
        const char *lane;
        uint8_t word;
        const char *en, *fr;
        bool lone;
    } cases[] = {
        {SCN_THREADS, "thread 1", TRC_WORD_THREAD, "threads", "threads", false},
        {SCN_PROCESSES, "process 1", TRC_WORD_PROCESS, "processes", "processus", false},
        {SCN_THREADS, "worker 1", TRC_WORD_WORKER, "threads", "threads", false},
        {SCN_PROCESSES, "worker 1", TRC_WORD_WORKER, "processes", "processus", false},
        {SCN_SEQUENTIAL, "main", TRC_WORD_MAIN, "main", "principal", true},
        {-1, "thread 1", TRC_WORD_THREAD, "threads", "threads", false},
        {-1, "process 1", TRC_WORD_PROCESS, "processes", "processus", false},
        {-1, "u", TRC_WORD_NONE, "units", "unit\xC3\xA9s", false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx *f = fx_new();
        tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core 0");
        uint32_t u = tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, cases[i].lane);
        f->t.lanes[u].word = cases[i].word;
        f->t.has_model = cases[i].model >= 0;
        f->t.model = (uint8_t)(cases[i].model >= 0 ? cases[i].model : 0);
        fx_start(f, 0, 1000);
        assert_string_equal(lay_group_title(&f->c, LAY_LANG_EN, 1), cases[i].en);
        assert_string_equal(lay_group_title(&f->c, LAY_LANG_FR, 1), cases[i].fr);
        assert_int_equal(lay_group_lone(&f->c, 1), cases[i].lone);
        fx_end(f);
    }
}

/* Coroutines: the core rows are hidden when they only repeat the event loops (as many cores as
 * loops, no thread or process), shown otherwise. */
static void core_rows_hidden_when_they_repeat_the_loops(void **state)
{
    (void)state;
    static const struct { int cores, loops, units; bool hidden; } cases[] = {
        {1, 1, 0, true}, {2, 2, 0, true}, {2, 1, 0, false}, {1, 1, 1, false}, {1, 0, 1, false},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx *f = fx_new();
        for (int k = 0; k < cases[i].cores; k++)
            tu_add_lane(&f->t, TRC_LANE_CORE, -1, -1, "core");
        for (int k = 0; k < cases[i].loops; k++)
            tu_add_lane(&f->t, TRC_LANE_LOOP, -1, -1, "loop");
        for (int k = 0; k < cases[i].units; k++)
            tu_add_lane(&f->t, TRC_LANE_UNIT, -1, -1, "thread");
        fx_start(f, 0, 1000);
        int32_t g = lay_cores_group(&f->c);
        assert_int_equal(g, 0);
        assert_int_equal(lay_cores_repeat_loops(&f->c), cases[i].hidden);
        assert_int_equal(f->c.groups[g].hidden, cases[i].hidden);
        assert_int_equal(lay_lane_row(&f->c, 0) < 0, cases[i].hidden);
        fx_end(f);
    }
}

/* French numbers and units, written by hand; English left alone; a small buffer cut cleanly. */
static void numbers_are_localised_in_french(void **state)
{
    (void)state;
    static const struct { lay_lang lang; const char *in, *out; } rows[] = {
        {LAY_LANG_FR, "13.03ms", "13,03 ms"},
        {LAY_LANG_FR, "32KiB", "32 Kio"},
        {LAY_LANG_FR, "2.25KiB", "2,25 Kio"},
        {LAY_LANG_FR, "0B", "0 o"},
        {LAY_LANG_FR, "18%", "18 %"},
        {LAY_LANG_FR, "250\xC2\xB5s", "250 \xC2\xB5s"},
        {LAY_LANG_FR, "1.5s", "1,5 s"},
        {LAY_LANG_FR, "thread 1", "thread 1"},
        {LAY_LANG_FR, "v1.2a", "v1,2a"},
        {LAY_LANG_FR, "10000 requests", "10 000 requests"},
        {LAY_LANG_FR, "12345.5ms", "12 345,5 ms"},
        {LAY_LANG_FR, "1500ms", "1500 ms"},
        {LAY_LANG_FR, "1234567", "1 234 567"},
        {LAY_LANG_FR, "0.12345", "0,12345"},
        {LAY_LANG_EN, "13.03ms", "13.03ms"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s", rows[i].in);
        assert_string_equal(lay_localize(rows[i].lang, buf, sizeof buf), rows[i].out);
    }
    char small[6] = "32KiB";
    assert_string_equal(lay_localize(LAY_LANG_FR, small, sizeof small), "32 Ki");
    char dur[32];
    assert_string_equal(lay_fmt_dur(13030000, LAY_LANG_FR, dur, sizeof dur), "13,03 ms");
    assert_string_equal(lay_fmt_dur(13030000, LAY_LANG_EN, dur, sizeof dur), "13.03ms");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(running_segment_lands_at_exact_x),
        cmocka_unit_test(deep_zoom_keeps_one_ns_exact_ten_seconds_in),
        cmocka_unit_test(hidden_and_collapsed_lanes_produce_nothing),
        cmocka_unit_test(groups_follow_kinds_loops_lead_their_coroutines_servers_per_host),
        cmocka_unit_test(units_group_is_named_by_model),
        cmocka_unit_test(core_rows_hidden_when_they_repeat_the_loops),
        cmocka_unit_test(message_is_an_arrow_from_client_lane_to_server_lane),
        cmocka_unit_test(lod_merges_sub_pixel_segments_to_one_rect_per_column),
        cmocka_unit_test(lod_frame_of_100k_requests_stays_small),
        cmocka_unit_test(tick_labels_use_the_unit_of_the_step),
        cmocka_unit_test(tick_labels_never_overlap_from_1ns_to_1s_per_px),
        cmocka_unit_test(playhead_hides_what_happens_later),
        cmocka_unit_test(selection_dims_other_requests_and_outlines_its_own),
        cmocka_unit_test(hit_test_finds_the_segment_under_the_point),
        cmocka_unit_test(ran_during_lists_the_units_the_cores_ran),
        cmocka_unit_test(next_and_previous_event_step_through_boundaries),
        cmocka_unit_test(zoom_keeps_the_time_under_the_cursor_and_fit_shows_the_run),
        cmocka_unit_test(notes_show_in_their_hosts_header_row),
        cmocka_unit_test(hover_draws_a_hairline_the_time_and_an_outline),
        cmocka_unit_test(scenario_colour_wins_over_the_palette),
        cmocka_unit_test(nonsense_view_values_are_clamped_not_trusted),
        cmocka_unit_test(engine_runs_lay_out_in_every_theme),
        cmocka_unit_test(every_string_key_has_english_text_and_a_file_key),
        cmocka_unit_test(numbers_are_localised_in_french),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
