/* test_course.c — the course view, the comparison view and the string tables, on engine runs of
 * small scenarios with costs at zero (so every instant is known): burst grouping (split vs
 * stacked), column placement, message arrows from a burst's end to the next burst's start, the
 * time axis, notes, slices and commutations when zoomed, level of detail, both languages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay.h"
#include "lay_compare.h"
#include "lay_course.h"
#include "scn.h"
#include "sim.h"
#include "test_util.h"
#include "view.h"

#define MS SL_NS_PER_MS
#define US SL_NS_PER_US

static const dl_measure measure = {dl_measure_approx, NULL};

/* Every cost at zero: the engine adds no time anywhere. */
#define FREE "profile ideal\nswitch process=0ns thread=0ns coroutine=0ns\nspawn process=0ns thread=0ns coroutine=0ns\n"

/* ---- Fixture: a scenario run, its course context, a 1000 x 700 canvas fitted to the run ---- */

typedef struct {
    scn s;
    trc t;
    sim_metrics m;
    lay_course c;
    lay_view v;
    lay_geom g;
    dl_list dl;
} fx;

static fx *fx_run(const char *text)
{
    fx *f = calloc(1, sizeof *f);
    assert_non_null(f);
    sl_err err = {0};
    if (!scn_parse("t.scn", text, strlen(text), &f->s, &err))
        fail_msg("%s", err.msg);
    sim_opts o = {.record_trace = true};
    assert_true(sim_run(&f->s, &o, &f->t, &f->m, &err));
    assert_true(lay_course_init(&f->c, &f->t, &err));
    lay_view_init(&f->v);
    dl_init(&f->dl);
    f->g = lay_course_geometry(&f->c, &f->v, 1000, 700, &measure);
    lay_course_fit(&f->v, &f->g, f->t.end);
    return f;
}

static void fx_draw(fx *f)
{
    f->g = lay_course_geometry(&f->c, &f->v, 1000, 700, &measure);
    lay_course_frame(&f->c, &f->v, &f->g, &measure, &f->dl);
    assert_false(f->dl.overflow);
}

static void fx_end(fx *f)
{
    lay_course_free(&f->c);
    dl_free(&f->dl);
    trc_free(&f->t);
    scn_free(&f->s);
    free(f);
}

/* ---- Looking into a display list ------------------------------------------------------------ */

static const dl_text *find_text(const dl_list *l, const char *s)
{
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h)) {
        const dl_text *t = (const dl_text *)h;
        if (h->type == DL_TEXT && t->len == strlen(s) && memcmp(t->text, s, t->len) == 0)
            return t;
    }
    return NULL;
}

/* The arrow whose start is nearest (x0, y0), or NULL when none is within 1.5 px. */
static const dl_arrow *arrow_from(const dl_list *l, float x0, float y0)
{
    const dl_arrow *best = NULL;
    float bd = 1.5f;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h)) {
        const dl_arrow *a = (const dl_arrow *)h;
        if (h->type != DL_ARROW)
            continue;
        float d = fabsf(a->x0 - x0) + fabsf(a->y0 - y0);
        if (d < bd)
            bd = d, best = a;
    }
    return best;
}

static int count_lines_colored(const dl_list *l, dl_color c)
{
    int n = 0;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        n += h->type == DL_LINE && ((const dl_line *)h)->color == c;
    return n;
}

static float y_of(const fx *f, int64_t t)
{
    return (float)lay_course_y_of(&f->v, &f->g, t);
}

/* ---- Bursts and groups --------------------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *text;
    size_t client_groups;      /* groups in the client's column */
    uint32_t first_nsub;       /* parts of its first group: 2 split, 1 stacked */
} group_case;

static void bursts_overlapping_in_time_split_and_following_ones_stack(void **state)
{
    (void)state;
    static const group_case cases[] = {
        /* one core, 1 ms slices, no GIL: the two threads alternate inside 4 ms each */
        {"threads time-sliced", "model threads\ngil off\ntimeslice 1ms\n" FREE
                                "request a : cpu 4ms\nrequest b : cpu 4ms\n", 1, 2},
        /* two cores: truly parallel */
        {"processes on two cores", "model processes\ncores 2\n" FREE "request a : cpu 4ms\nrequest b : cpu 4ms\n", 1, 2},
        /* one loop: the second coroutine starts when the first returns: touching, not overlapping */
        {"coroutines", "model coroutines\n" FREE "request a : cpu 4ms\nrequest b : cpu 4ms\n", 2, 1},
        {"sequential", "model sequential\n" FREE "request a : cpu 4ms\nrequest b : cpu 4ms\n", 2, 1},
        /* a default 4 ms slice: thread a finishes its 2 ms before b runs */
        {"threads, long slice", "model threads\ngil off\n" FREE "request a : cpu 2ms\nrequest b : cpu 2ms\n", 2, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        fx *f = fx_run(cases[i].text);
        const lay_course_col *cl = &f->c.cols[0];
        if (cl->group_count != cases[i].client_groups)
            fail_msg("%s: %u client groups, want %zu", cases[i].name, cl->group_count, cases[i].client_groups);
        const lay_burst_group *g = &f->c.groups[cl->group_first];
        if (g->nsub != cases[i].first_nsub)
            fail_msg("%s: first group has %u parts, want %u", cases[i].name, g->nsub, cases[i].first_nsub);
        for (uint32_t k = 0; k < g->count; k++) {   /* parts in order of first start: a left of b */
            const lay_burst *b = &f->c.bursts[g->first + k];
            assert_int_equal(b->sub, g->nsub == 1 ? 0 : (uint32_t)b->req);
            assert_int_equal(b->group, cl->group_first);
        }
        fx_end(f);
    }
}

static void a_burst_spans_its_slices_and_counts_them(void **state)
{
    (void)state;
    fx *f = fx_run("model threads\ngil off\ntimeslice 1ms\n" FREE "request a : cpu 4ms\nrequest b : cpu 4ms\n");
    assert_int_equal(f->c.nbursts, 2);
    for (int i = 0; i < 2; i++) {
        const lay_burst *b = &f->c.bursts[i];
        assert_int_equal(b->nslices, 4);
        assert_int_equal(b->t0, b->req == 0 ? 0 : 1 * MS);   /* a, b, a, b ... */
        assert_int_equal(b->t1, b->req == 0 ? 7 * MS : 8 * MS);
    }
    assert_int_equal(f->c.groups[0].nslices, 8);
    assert_int_equal(f->c.nswitches, 7);
    fx_end(f);
}

static void bursts_are_found_by_lane_and_time(void **state)
{
    (void)state;
    fx *f = fx_run("model sequential\n" FREE "server s\nrequest a : cpu 1ms ; call s latency=2ms serve=1ms ; cpu 1ms\n");
    uint32_t unit = f->t.reqs[0].lane < 0 ? 0 : (uint32_t)f->t.reqs[0].lane;
    int32_t first = lay_course_burst_before(&f->c, unit, 1 * MS), last = lay_course_burst_from(&f->c, unit, 6 * MS);
    assert_true(first >= 0 && last >= 0);
    assert_int_equal(f->c.bursts[first].t0, 0);
    assert_int_equal(f->c.bursts[last].t0, 6 * MS);
    assert_int_equal(lay_course_burst_from(&f->c, unit, 6 * MS + 1), -1);
    assert_int_equal(lay_course_burst_before(&f->c, unit, -1), -1);
    assert_int_equal(f->c.cols[1].group_count, 1);   /* the server's one burst [3ms, 4ms) */
    assert_int_equal(f->c.groups[f->c.cols[1].group_first].t0, 3 * MS);
    assert_int_equal(lay_course_group_after(&f->c, 0, 1 * MS), f->c.cols[0].group_first + 1);
    fx_end(f);
}

static void a_run_where_every_request_fails_has_columns_and_no_bars(void **state)
{
    (void)state;
    fx *f = fx_run("model processes\nmemory budget=1MiB\n" FREE "server s\nrequest a : call s latency=1ms serve=1ms\n");
    assert_int_equal(f->m.failed, 1);
    assert_int_equal(f->c.nbursts, 0);
    assert_int_equal(f->c.ngroups, 0);
    assert_int_equal(f->c.ncols, 2);
    fx_draw(f);
    assert_int_equal((int)tu_count_type(&f->dl, DL_RECT), 0);
    assert_non_null(find_text(&f->dl, "s"));
    fx_end(f);
}

/* ---- Columns ------------------------------------------------------------------------------- */

static void client_is_centred_and_servers_alternate_sides(void **state)
{
    (void)state;
    fx *f = fx_run("model sequential\n" FREE "client robot\nserver s0\nserver s1\nserver s2\n"
                   "request a : call s0 latency=1ms serve=1ms ; call s1 latency=1ms serve=1ms ; "
                   "call s2 latency=1ms serve=1ms\n");
    assert_int_equal(f->c.ncols, 4);
    assert_string_equal(f->c.cols[0].name, "robot");
    assert_int_equal(f->c.cols[0].slot, 0);
    assert_int_equal(f->c.cols[1].slot, -1);
    assert_int_equal(f->c.cols[2].slot, 1);
    assert_int_equal(f->c.cols[3].slot, -2);
    float x[4];
    for (uint32_t i = 0; i < 4; i++)
        x[i] = lay_course_col_x(&f->c, &f->g, i);
    assert_true(x[3] < x[1] && x[1] < x[0] && x[0] < x[2]);
    float mid = f->g.plot_x + f->g.plot_w / 2;
    assert_float_equal(x[0], mid, 0.01);                       /* the client in the centre */
    assert_float_equal(x[0] - x[1], x[2] - x[0], 0.01);        /* same spacing both sides */
    fx_draw(f);
    const dl_text *name = find_text(&f->dl, "robot");
    assert_non_null(name);
    assert_float_equal(name->x, x[0], 0.01);
    assert_true(name->y <= f->g.plot_y);                        /* host names on top */
    fx_end(f);
}

static void a_lone_server_goes_right_of_the_client(void **state)
{
    (void)state;
    fx *f = fx_run("model sequential\n" FREE "client robot\nserver www.foo.com\n"
                   "request a : cpu 1ms ; call www.foo.com latency=2ms serve=1ms ; cpu 1ms\n");
    assert_int_equal(f->c.cols[1].slot, 1);
    assert_true(lay_course_col_x(&f->c, &f->g, 1) > lay_course_col_x(&f->c, &f->g, 0));
    fx_end(f);
}

/* ---- Arrows ---------------------------------------------------------------------------------- */

static void messages_go_from_the_end_of_a_burst_to_the_start_of_the_next(void **state)
{
    (void)state;
    /* robot [0, 1ms) -> 2 ms -> server [3ms, 4ms) -> 2 ms -> robot [6ms, 7ms) */
    fx *f = fx_run("model sequential\n" FREE "client robot\nserver www.foo.com\n"
                   "request a : cpu 1ms ; call www.foo.com latency=2ms serve=1ms ; cpu 1ms\n");
    fx_draw(f);
    float xc = lay_course_col_x(&f->c, &f->g, 0), xs = lay_course_col_x(&f->c, &f->g, 1);
    float hw = lay_course_bar_w(&f->c, &f->g) / 2;
    const dl_arrow *req = arrow_from(&f->dl, xc + hw, y_of(f, 1 * MS));
    assert_non_null(req);                                      /* from the right edge of the robot's bar ... */
    assert_float_equal(req->x1, xs - hw, 0.01);                /* ... to the left edge of the server's */
    assert_float_equal(req->y1, y_of(f, 3 * MS), 0.01);        /* slanting with the latency */
    assert_true(req->head > 0);
    const dl_arrow *rep = arrow_from(&f->dl, xs - hw, y_of(f, 4 * MS));
    assert_non_null(rep);
    assert_float_equal(rep->x1, xc + hw, 0.01);
    assert_float_equal(rep->y1, y_of(f, 6 * MS), 0.01);
    f->v.show_msgs = false;
    fx_draw(f);
    assert_null(arrow_from(&f->dl, xc + hw, y_of(f, 1 * MS)));
    fx_end(f);
}

static void a_split_bars_arrows_leave_from_their_own_part(void **state)
{
    (void)state;
    fx *f = fx_run("model threads\ngil off\ntimeslice 1ms\n" FREE "client robot\nserver left\nserver right\n"
                   "request a : cpu 2ms ; call left latency=2ms serve=1ms ; cpu 1ms\n"
                   "request b : cpu 2ms ; call right latency=2ms serve=1ms ; cpu 1ms\n");
    fx_draw(f);
    const lay_burst_group *g = &f->c.groups[f->c.cols[0].group_first];
    assert_int_equal(g->nsub, 2);
    float xc = lay_course_col_x(&f->c, &f->g, 0), bw = lay_course_bar_w(&f->c, &f->g);
    /* a runs [0,1) [2,3): its part is the left one, its call leaves from its left edge at 3 ms */
    const dl_arrow *a = arrow_from(&f->dl, xc - bw, y_of(f, 3 * MS));
    const dl_arrow *b = arrow_from(&f->dl, xc + bw, y_of(f, 4 * MS));
    assert_non_null(a);
    assert_non_null(b);
    assert_true(a->x1 < xc && b->x1 > xc);
    fx_end(f);
}

/* ---- Axis, notes, zoom --------------------------------------------------------------------- */

static void time_axis_is_an_arrow_pointing_down_with_its_label(void **state)
{
    (void)state;
    fx *f = fx_run("model sequential\n" FREE "request a : cpu 3ms\n");
    for (int lang = 0; lang < LAY_LANG_COUNT; lang++) {
        f->v.lang = (lay_lang)lang;
        fx_draw(f);
        const dl_text *word = find_text(&f->dl, lay_str(f->v.lang, LAY_S_COURSE_TIME));
        assert_non_null(word);
        assert_true(word->x < f->g.label_w && word->y < f->g.plot_y);
        int down = 0;
        for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
            const dl_arrow *a = (const dl_arrow *)h;
            if (h->type == DL_ARROW && a->x0 == a->x1 && a->x0 < f->g.label_w && a->y1 > a->y0 + f->g.plot_h * 0.9f)
                down++;
        }
        assert_int_equal(down, 1);
    }
    assert_non_null(find_text(&f->dl, "temps"));
    f->c.opts.axis = false;
    fx_draw(f);
    assert_float_equal(f->g.label_w, 0, 0);
    assert_null(find_text(&f->dl, "temps"));
    fx_end(f);
}

static void scenario_notes_and_generated_notes_show(void **state)
{
    (void)state;
    fx *f = fx_run("model sequential\n" FREE "client robot\nserver www.foo.com\n"
                   "request a : cpu 1ms ; call www.foo.com latency=2ms serve=1ms ; cpu 1ms\n"
                   "note robot at=2ms \"hello\"\nnote www.foo.com from=1ms to=6ms \"a long span\"\n");
    f->v.lang = LAY_LANG_EN;
    fx_draw(f);
    const dl_text *hello = find_text(&f->dl, "hello");
    assert_non_null(hello);
    assert_float_equal(hello->y, y_of(f, 2 * MS), 0.01);
    assert_true(hello->x > lay_course_col_x(&f->c, &f->g, 0));
    const dl_text *span = find_text(&f->dl, "a long span");
    assert_non_null(span);
    assert_true(span->vertical);                               /* along its double arrow */
    int both = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_arrow *a = (const dl_arrow *)h;
        both += h->type == DL_ARROW && a->both && fabsf(a->y0 - y_of(f, 1 * MS)) < 0.01f &&
                fabsf(a->y1 - y_of(f, 6 * MS)) < 0.01f;
    }
    assert_int_equal(both, 1);
    assert_null(find_text(&f->dl, "processing"));               /* generated notes: off by default */
    f->c.opts.notes = true;
    fx_draw(f);
    assert_non_null(find_text(&f->dl, "processing"));
    assert_non_null(find_text(&f->dl, "delay"));
    assert_non_null(find_text(&f->dl, "wait"));
    f->v.lang = LAY_LANG_FR;
    fx_draw(f);
    assert_non_null(find_text(&f->dl, "traitement"));
    assert_non_null(find_text(&f->dl, "d\xC3\xA9lai"));
    assert_non_null(find_text(&f->dl, "attente"));
    assert_null(find_text(&f->dl, "processing"));
    fx_end(f);
}

static void zoomed_in_a_split_bar_shows_its_slices_and_commutations(void **state)
{
    (void)state;
    fx *f = fx_run("model threads\ngil off\ntimeslice 100us\n" FREE "request a : cpu 2ms\nrequest b : cpu 2ms\n");
    dl_color white = theme_get(f->v.theme)->switch_mark;
    fx_draw(f);   /* the whole run: 40 slices of 100 us in ~600 px, too thin to show */
    assert_int_equal(count_lines_colored(&f->dl, white), 0);
    assert_null(find_text(&f->dl, lay_str(f->v.lang, LAY_S_COURSE_SWITCHES)));
    f->v.t0 = 0, f->v.ns_per_px = 1000;   /* 1 us per pixel: a slice is 100 px */
    fx_draw(f);
    int lines = count_lines_colored(&f->dl, white);
    assert_true(lines >= 5 && lines <= 8);   /* one per switch in the ~600 us that show */
    assert_non_null(find_text(&f->dl, lay_str(f->v.lang, LAY_S_COURSE_SWITCHES)));
    fx_end(f);
}

static void many_requests_cost_a_frame_its_pixels_not_its_bursts(void **state)
{
    (void)state;
    fx *f = fx_run("model coroutines\n" FREE "server s cores=100000\n"
                   "repeat 20000 request p : cpu 10us ; call s latency=50ms serve=1ms ; cpu 10us\n");
    assert_int_equal(f->c.nbursts, 60000);
    fx_draw(f);
    assert_true(f->dl.count < 12000);
    assert_true((int)tu_count_type(&f->dl, DL_ARROW) < 700);
    fx_end(f);
}

/* ---- Comparison -------------------------------------------------------------------------- */

static void comparison_shares_one_time_scale_and_shows_each_models_metrics(void **state)
{
    (void)state;
    static const char text[] = "server foo\nserver bar\n" FREE
                               "request a : cpu 1ms ; call foo latency=4ms serve=1ms ; cpu 1ms\n"
                               "request b : cpu 1ms ; call bar latency=4ms serve=1ms ; cpu 1ms\n";
    scn s;
    sl_err err = {0};
    assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
    trc t[SCN_MODEL_COUNT];
    sim_metrics m[SCN_MODEL_COUNT];
    lay_compare_run runs[SCN_MODEL_COUNT];
    sim_opts o = {.record_trace = true};
    for (int k = 0; k < SCN_MODEL_COUNT; k++) {
        s.cfg.model = (uint8_t)k;
        assert_true(sim_run(&s, &o, &t[k], &m[k], &err));
        runs[k] = (lay_compare_run){&t[k], &m[k], (scn_model)k, NULL};
    }
    assert_int_equal(m[SCN_SEQUENTIAL].makespan_ns, 22 * MS);
    assert_int_equal(m[SCN_COROUTINES].makespan_ns, 12 * MS);
    lay_compare c;
    assert_true(lay_compare_init(&c, runs, SCN_MODEL_COUNT, &err));
    dl_color red = theme_get(THEME_LIGHT)->fail;
    for (int style = 0; style < 2; style++) {
        c.style = (lay_compare_style)style;
        lay_view v;
        lay_view_init(&v);
        v.lang = LAY_LANG_FR;
        dl_list l;
        dl_init(&l);
        float h = lay_compare_height(&c, &v, 1600, &measure);
        lay_compare_fit(&c, &v, 1600, h, &measure);
        lay_compare_frame(&c, &v, 1600, h, &measure, &l);
        assert_false(l.overflow);
        for (int k = 0; k < SCN_MODEL_COUNT; k++)
            assert_non_null(find_text(&l, lay_model_str(LAY_LANG_FR, (scn_model)k)));
        /* One dashed makespan line per model, at the same scale: sequential's (22 ms) lies twice
         * as far from time 0 as coroutines' (12 ms, 0.545 of it), measured along the time axis. */
        float pos[SCN_MODEL_COUNT];
        int n = 0;
        for (const dl_head *hd = dl_first(&l); hd; hd = dl_next(&l, hd)) {
            const dl_line *ln = (const dl_line *)hd;
            if (hd->type == DL_LINE && ln->color == red && ln->dash > 0 && n < SCN_MODEL_COUNT)
                pos[n++] = style == LAY_COMPARE_COURSE ? ln->y0 : ln->x0;
        }
        assert_int_equal(n, SCN_MODEL_COUNT);
        if (style == LAY_COMPARE_COURSE) {
            float zero = (float)(pos[0] - 22 * MS / v.ns_per_px);
            assert_float_equal((pos[3] - zero) / (pos[0] - zero), 12.0 / 22.0, 0.01);
            assert_non_null(find_text(&l, "dur\xC3\xA9" "e totale 22 ms"));
        } else {
            assert_true(pos[3] < pos[0] && pos[1] < pos[0]);
        }
        dl_free(&l);
    }
    lay_compare_free(&c);
    for (int k = 0; k < SCN_MODEL_COUNT; k++)
        trc_free(&t[k]);
    scn_free(&s);
}

/* ---- Languages ------------------------------------------------------------------------------ */

/* Keys whose text is the same word in both languages (code keywords, units, shared terms). */
static bool same_in_both(lay_str_key k)
{
    static const lay_str_key same[] = {LAY_S_MARK_AWAIT, LAY_S_MARK_RETURN, LAY_S_MARK_NOTE,
                                       LAY_S_UNIT_NS,    LAY_S_UNIT_US,     LAY_S_UNIT_MS,     LAY_S_UNIT_S,
                                       LAY_S_MODEL_THREADS, LAY_S_MODEL_COROUTINES, LAY_S_AGG_MAX,
                                       LAY_S_WORD_THREAD, LAY_S_WORD_COROUTINE, LAY_S_GROUP_THREADS,
                                       LAY_S_GROUP_COROUTINES};
    for (size_t i = 0; i < sizeof same / sizeof same[0]; i++)
        if (same[i] == k)
            return true;
    return false;
}

static void every_key_has_french_and_english_text_and_french_differs(void **state)
{
    (void)state;
    for (int k = 0; k < LAY_S_COUNT; k++) {
        const char *en = lay_str(LAY_LANG_EN, (lay_str_key)k), *fr = lay_str(LAY_LANG_FR, (lay_str_key)k);
        if (!*en || !*fr)
            fail_msg("%s: empty text (en '%s', fr '%s')", lay_str_key_name((lay_str_key)k), en, fr);
        if (same_in_both((lay_str_key)k) != (strcmp(en, fr) == 0))
            fail_msg("%s: '%s' / '%s' %s", lay_str_key_name((lay_str_key)k), en, fr,
                     same_in_both((lay_str_key)k) ? "should be the same word" : "is not translated");
    }
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COURSE_TIME), "temps");
    /* French typography: a (no-break) space before a colon. */
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COLON), "\xC2\xA0: ");
    assert_string_equal(lay_str(LAY_LANG_EN, LAY_S_COLON), ": ");
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COURSE_PROCESSING), "traitement");
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COURSE_DELAY), "d\xC3\xA9lai");
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COURSE_WAIT), "attente");
    assert_string_equal(lay_str(LAY_LANG_FR, LAY_S_COURSE_SWITCHES), "commutations");
    assert_string_equal(lay_model_str(LAY_LANG_FR, SCN_SEQUENTIAL), "s\xC3\xA9quentiel");
}

static void languages_come_from_a_name_or_the_locale(void **state)
{
    (void)state;
    lay_lang l = LAY_LANG_COUNT;
    assert_true(lay_lang_from_name("fr", &l) && l == LAY_LANG_FR);
    assert_true(lay_lang_from_name("EN", &l) && l == LAY_LANG_EN);
    assert_false(lay_lang_from_name("de", &l));
    assert_false(lay_lang_from_name(NULL, &l));
    assert_string_equal(lay_lang_name(LAY_LANG_FR), "fr");
    static const struct {
        const char *all, *messages, *lang;
        lay_lang want;
    } cases[] = {
        {NULL, NULL, NULL, LAY_LANG_EN},           {NULL, NULL, "fr_FR.UTF-8", LAY_LANG_FR},
        {NULL, "fr_CA", "en_US", LAY_LANG_FR},     {"en_GB", "fr_FR", "fr_FR", LAY_LANG_EN},
        {"", "", "fr_BE", LAY_LANG_FR},            {"C", NULL, "fr_FR", LAY_LANG_EN},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *vals[3] = {cases[i].all, cases[i].messages, cases[i].lang};
        const char *names[3] = {"LC_ALL", "LC_MESSAGES", "LANG"};
        for (int k = 0; k < 3; k++)
            vals[k] ? setenv(names[k], vals[k], 1) : unsetenv(names[k]);
        assert_int_equal(lay_lang_from_locale(), cases[i].want);
    }
}

/* Every text the course view draws in English changes in French, but host names and numbers; in
 * the whole run (processing, delay, wait, time) and zoomed in (context switches). */
static int changed_words(fx *f)
{
    dl_list en;
    dl_init(&en);
    f->v.lang = LAY_LANG_EN;
    fx_draw(f);
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h))
        if (h->type == DL_TEXT)
            dl_push_text(&en, 0, 0, 1, 0, DL_ANCHOR_TL, false, false, ((const dl_text *)h)->text,
                         ((const dl_text *)h)->len);
    f->v.lang = LAY_LANG_FR;
    fx_draw(f);
    int words = 0;
    for (const dl_head *h = dl_first(&en); h; h = dl_next(&en, h)) {
        const dl_text *t = (const dl_text *)h;
        char s[128];
        snprintf(s, sizeof s, "%.*s", (int)t->len, t->text);
        if (strcmp(s, "robot") == 0 || strcmp(s, "www.foo.com") == 0 || (s[0] >= '0' && s[0] <= '9'))
            continue;
        words++;
        if (find_text(&f->dl, s))
            fail_msg("'%s' is still drawn in French", s);
    }
    dl_free(&en);
    return words;
}

static void switching_language_changes_every_label_of_the_course_view(void **state)
{
    (void)state;
    fx *f = fx_run("model threads\ngil off\ntimeslice 100us\n" FREE "client robot\nserver www.foo.com\n"
                   "request a : cpu 1ms ; call www.foo.com latency=2ms serve=1ms ; cpu 1ms\n"
                   "request b : cpu 1ms ; call www.foo.com latency=2ms serve=1ms ; cpu 1ms\n");
    f->c.opts.notes = true;
    assert_true(changed_words(f) >= 4);   /* time, processing, delay, wait (some several times) */
    f->v.t0 = 0, f->v.ns_per_px = 500;      /* zoomed: "context switches" shows too */
    assert_true(changed_words(f) >= 3);   /* time, processing, context switches */
    fx_end(f);
}

/* ---- Pointing, events and the view interface ------------------------------------------------ */

/* One request: 1 ms on the client [0, 1), 2 ms on the way, served [3, 4), back [6, 7). */
#define ROUND_TRIP "model sequential\n" FREE "server s\nrequest a : cpu 1ms ; call s latency=2ms serve=1ms ; cpu 1ms\n"

static void a_point_on_a_bar_finds_its_burst_and_a_point_off_bars_none(void **state)
{
    fx *f = fx_run(ROUND_TRIP);
    lay_seg_info si;
    float xc = lay_course_col_x(&f->c, &f->g, 0), xs = lay_course_col_x(&f->c, &f->g, 1);
    float bw = lay_course_bar_w(&f->c, &f->g);
    assert_true(lay_course_hit(&f->c, &f->v, &f->g, xc, y_of(f, 500 * US), &si));
    assert_int_equal(si.req, 0);
    assert_int_equal(si.start, 0);
    assert_int_equal(si.dur, 1 * MS);
    assert_int_equal(si.lane, f->c.bursts[lay_course_burst_before(&f->c, si.lane, 0)].lane);
    assert_true(lay_course_hit(&f->c, &f->v, &f->g, xs, y_of(f, 3500 * US), &si));
    assert_int_equal(si.start, 3 * MS);
    assert_int_equal(si.state, TRC_SERVE);
    assert_false(lay_course_hit(&f->c, &f->v, &f->g, xc, y_of(f, 2 * MS), &si));          /* idle */
    assert_false(lay_course_hit(&f->c, &f->v, &f->g, xc + bw, y_of(f, 500 * US), &si));   /* beside */
    assert_false(lay_course_hit(&f->c, &f->v, &f->g, xs, y_of(f, 500 * US), &si));        /* server idle */
    fx_end(f);
}

/* Eight threads sliced on one core: one split bar of eight parts in a lone column, as wide as
 * 85% of the column spacing allows. A point at the middle of each part drawn finds a request of
 * the colour drawn there, and the eight parts find the eight requests. */
static void a_point_on_each_part_of_a_split_bar_finds_the_request_drawn_there(void **state)
{
    fx *f = fx_run("model threads\ngil off\ntimeslice 1ms\n" FREE "repeat 8 request r : cpu 20ms\n");
    assert_int_equal(f->c.ngroups, 1);
    assert_int_equal(f->c.groups[0].nsub, 8);
    fx_draw(f);
    const theme *th = theme_get(f->v.theme);
    float y = y_of(f, 80 * MS);
    unsigned found = 0;
    int parts = 0;
    for (const dl_head *h = dl_first(&f->dl); h; h = dl_next(&f->dl, h)) {
        const dl_rect *c = (const dl_rect *)h;
        if (h->type != DL_RECT || !(c->y <= y && y < c->y + c->h_) || c->w < 10)
            continue;   /* the client's line and the core's overhead bar are narrower */
        lay_seg_info si;
        assert_true(lay_course_hit(&f->c, &f->v, &f->g, c->x + c->w / 2, y, &si));
        if (si.req < 0 || theme_req_color(th, &f->t, si.req) != c->fill)
            fail_msg("the part drawn at x %.1f..%.1f finds request %d, of another colour", c->x, c->x + c->w, si.req);
        found |= 1u << si.req;
        parts++;
    }
    assert_int_equal(parts, 8);
    assert_int_equal(found, 0xFF);
    fx_end(f);
}

static void the_course_views_events_are_its_bursts_edges(void **state)
{
    fx *f = fx_run(ROUND_TRIP);
    static const struct { int64_t from, next, prev; } cases[] = {
        {-1, 0, INT64_MIN}, {0, 1 * MS, INT64_MIN}, {1 * MS, 3 * MS, 0}, {2 * MS, 3 * MS, 1 * MS},
        {3 * MS, 4 * MS, 1 * MS}, {4 * MS, 6 * MS, 3 * MS}, {6 * MS, 7 * MS, 4 * MS}, {7 * MS, INT64_MAX, 6 * MS},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int64_t t;
        bool found = lay_course_next_event(&f->c, cases[i].from, &t);
        if (found != (cases[i].next != INT64_MAX) || (found && t != cases[i].next))
            fail_msg("next after %lld: %d %lld, want %lld", (long long)cases[i].from, found, (long long)t,
                     (long long)cases[i].next);
        found = lay_course_prev_event(&f->c, cases[i].from, &t);
        if (found != (cases[i].prev != INT64_MIN) || (found && t != cases[i].prev))
            fail_msg("prev before %lld: %d %lld, want %lld", (long long)cases[i].from, found, (long long)t,
                     (long long)cases[i].prev);
    }
    fx_end(f);
}

static bool same_list(const dl_list *a, const dl_list *b)
{
    return a->len == b->len && a->count == b->count && a->width == b->width && a->height == b->height &&
           memcmp(a->buf, b->buf, a->len) == 0;
}

/* Through the table, each view draws what its own functions draw, and shows a span a..b across
 * its time axis (the course view's runs down its plot's height). */
static void every_view_is_reached_through_the_table(void **state)
{
    static const char *const names[VIEW_COUNT] = {"timeline", "course", "compare", "sweep"};
    for (int i = 0; i < VIEW_COUNT; i++) {
        assert_ptr_equal(view_find(names[i]), view_get((view_id)i));
        assert_string_equal(view_get((view_id)i)->name, names[i]);
    }
    assert_null(view_find("gantt"));
    assert_null(view_get(VIEW_COUNT));

    fx *f = fx_run(ROUND_TRIP);
    view_run run = {&f->t, &f->m, SCN_SEQUENTIAL, NULL};
    view_src src = {.runs = &run, .nruns = 1, .status = true};
    sl_err err = {0};
    const view_ops *ops = view_find("course");
    void *ctx = ops->create(&src, &err);
    assert_non_null(ctx);
    lay_geom g = ops->geometry(ctx, &f->v, 1000, 700, &measure);
    assert_memory_equal(&g, &f->g, sizeof g);
    fx_draw(f);
    dl_list l;
    dl_init(&l);
    ops->frame(ctx, &f->v, &g, &measure, &l);
    assert_true(same_list(&l, &f->dl));
    view_show_span(ops, ctx, &f->v, &g, &measure, 1 * MS, 5 * MS);
    assert_int_equal(f->v.t0, 1 * MS);
    assert_true(fabs(f->v.ns_per_px - 4.0 * MS / g.plot_h) < 1e-9);
    int64_t a, b;
    view_span(ops, ctx, &f->v, &g, &measure, &a, &b);
    assert_int_equal(a, 1 * MS);
    assert_true(b >= 5 * MS - 1 && b <= 5 * MS);
    assert_true(ops->time_down(ctx));
    assert_int_equal(ops->end(ctx), 7 * MS);
    ops->destroy(ctx);

    ops = view_find("timeline");   /* the same for the timeline, with its own context */
    ctx = ops->create(&src, &err);
    assert_non_null(ctx);
    lay_ctx own;
    assert_true(lay_init(&own, &f->t, &err));
    lay_view v;
    lay_view_init(&v);
    g = ops->geometry(ctx, &v, 900, 500, &measure);
    view_fit(ops, ctx, &v, &g, &measure, ops->end(ctx));
    ops->frame(ctx, &v, &g, &measure, &l);
    lay_geom og = lay_geometry(&own, &v, 900, 500, &measure);
    lay_frame(&own, &v, &og, &measure, &f->dl);
    assert_true(same_list(&l, &f->dl));
    lay_seg_info si;
    float y, h;
    assert_true(lay_lane_rect(&own, &v, &og, (uint32_t)f->t.reqs[0].lane, &y, &h));
    assert_true(ops->hit(ctx, &v, &g, (float)lay_x_of(&v, &g, 500 * US), y + h / 2, &si));
    assert_int_equal(si.start, 0);
    assert_false(ops->time_down);
    lay_free(&own);
    ops->destroy(ctx);
    dl_free(&l);
    fx_end(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_point_on_a_bar_finds_its_burst_and_a_point_off_bars_none),
        cmocka_unit_test(a_point_on_each_part_of_a_split_bar_finds_the_request_drawn_there),
        cmocka_unit_test(the_course_views_events_are_its_bursts_edges),
        cmocka_unit_test(every_view_is_reached_through_the_table),
        cmocka_unit_test(bursts_overlapping_in_time_split_and_following_ones_stack),
        cmocka_unit_test(a_burst_spans_its_slices_and_counts_them),
        cmocka_unit_test(bursts_are_found_by_lane_and_time),
        cmocka_unit_test(a_run_where_every_request_fails_has_columns_and_no_bars),
        cmocka_unit_test(client_is_centred_and_servers_alternate_sides),
        cmocka_unit_test(a_lone_server_goes_right_of_the_client),
        cmocka_unit_test(messages_go_from_the_end_of_a_burst_to_the_start_of_the_next),
        cmocka_unit_test(a_split_bars_arrows_leave_from_their_own_part),
        cmocka_unit_test(time_axis_is_an_arrow_pointing_down_with_its_label),
        cmocka_unit_test(scenario_notes_and_generated_notes_show),
        cmocka_unit_test(zoomed_in_a_split_bar_shows_its_slices_and_commutations),
        cmocka_unit_test(many_requests_cost_a_frame_its_pixels_not_its_bursts),
        cmocka_unit_test(comparison_shares_one_time_scale_and_shows_each_models_metrics),
        cmocka_unit_test(every_key_has_french_and_english_text_and_french_differs),
        cmocka_unit_test(languages_come_from_a_name_or_the_locale),
        cmocka_unit_test(switching_language_changes_every_label_of_the_course_view),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
