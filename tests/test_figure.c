/* test_figure.c — the figure style (render --style figure): the course view's schematic time
 * (uniform bars) computed by hand, its bars all one height with order kept, no tick labels or
 * status band; the timeline's figure rows (no headers, cores or main, loops under their
 * coroutines) and lanes named after their single-instance request; the sweep's "why" panel.
 * Costs at zero throughout. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lay.h"
#include "lay_course.h"
#include "lay_sweep.h"
#include "scn.h"
#include "sim.h"

#define MS SL_NS_PER_MS
#define FREE "profile ideal\nswitch process=0ns thread=0ns coroutine=0ns\nspawn process=0ns thread=0ns coroutine=0ns\n"

static const dl_measure measure = {dl_measure_approx, NULL};

/* Sequential, one server: the robot runs [0, 1] ms, the server [5, 6] (4 ms each way), the robot
 * [10, 13]. */
static const char *const ONE_CALL = FREE "model sequential\nclient robot\nserver foo\n"
                                         "request a color=#b46ae0 : cpu 1ms ; call foo latency=4ms serve=1ms ; cpu 3ms\n";

static void run(const char *text, scn *s, trc *t)
{
    sl_err err = {0};
    if (!scn_parse("t.scn", text, strlen(text), s, &err))
        fail_msg("%s", err.msg);
    sim_opts o = {.record_trace = true};
    sim_metrics m;
    assert_true(sim_run(s, &o, t, &m, &err));
}

/* Breakpoints 0, 1, 5, 6, 10, 13 ms: three bars (each one group's whole length, share 1) and 8 ms
 * of gaps, so a bar is 0.06 x 8 ms / (1 - 0.06 x 3) = 585 365.85 ns and the images are the
 * running sums, rounded to the ns. */
static void warp_is_computed_by_hand(void **state)
{
    (void)state;
    scn s;
    trc t;
    run(ONE_CALL, &s, &t);
    lay_course c;
    sl_err err = {0};
    assert_true(lay_course_init(&c, &t, &err));
    assert_true(lay_course_warp_ready(&c));
    static const struct { int64_t t, s; } rows[] = {
        {0, 0},
        {1 * MS, 585366},
        {5 * MS, 4585366},
        {6 * MS, 5170732},
        {10 * MS, 9170732},
        {13 * MS, 9756098},
        {3 * MS, 2585366},    /* in a gap: slope 1 */
        {11 * MS, 9365854},   /* a third of the last bar: 9 170 732 + 585 366 / 3 */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int64_t got = lay_course_warp(&c, rows[i].t);
        if (llabs(got - rows[i].s) > 1)
            fail_msg("row %zu: warp(%lld) = %lld, expected %lld", i, (long long)rows[i].t, (long long)got,
                     (long long)rows[i].s);
        int64_t back = lay_course_unwarp(&c, got);
        if (llabs(back - rows[i].t) > 2)
            fail_msg("row %zu: unwarp(warp(%lld)) = %lld", i, (long long)rows[i].t, (long long)back);
    }
    lay_view v;
    lay_view_init(&v);
    assert_int_equal(lay_course_end(&c, &v), t.end);
    v.bars = LAY_BARS_UNIFORM;
    assert_true(llabs(lay_course_end(&c, &v) - 9756098) <= 1);
    lay_course_free(&c);
    trc_free(&t);
    scn_free(&s);
}

/* The bars (rects in the request's colour, at least 3 px tall) top to bottom: their heights (the
 * list holds them column by column; sorted here by their top). */
static size_t bar_heights(const dl_list *l, dl_color col, float *h, float *y, size_t cap)
{
    size_t n = 0;
    for (const dl_head *hd = dl_first(l); hd; hd = dl_next(l, hd)) {
        const dl_rect *r = (const dl_rect *)hd;
        if (hd->type == DL_RECT && r->fill == col && r->h_ >= 3 && n < cap)
            h[n] = r->h_, y[n] = r->y, n++;
    }
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && y[j] < y[j - 1]; j--) {
            float ty = y[j], th = h[j];
            y[j] = y[j - 1], h[j] = h[j - 1], y[j - 1] = ty, h[j - 1] = th;
        }
    return n;
}

static bool has_text(const dl_list *l, const char *s)
{
    for (const dl_head *hd = dl_first(l); hd; hd = dl_next(l, hd)) {
        const dl_text *t = (const dl_text *)hd;
        if (hd->type == DL_TEXT && t->len == strlen(s) && memcmp(t->text, s, t->len) == 0)
            return true;
    }
    return false;
}

/* Bars of 1, 1 and 3 ms: at their durations the last is three times as tall as the first; in
 * figure style (uniform bars) all three are one height, still in time order; no "ms" tick label
 * and no status band, and "temps" stays. */
static void uniform_bars_are_one_height_in_order(void **state)
{
    (void)state;
    scn s;
    trc t;
    run(ONE_CALL, &s, &t);
    lay_course c;
    sl_err err = {0};
    assert_true(lay_course_init(&c, &t, &err));
    dl_color purple = DL_RGBA(0xb4, 0x6a, 0xe0, 255);
    for (int uniform = 0; uniform < 2; uniform++) {
        lay_view v;
        lay_view_init(&v);
        v.lang = LAY_LANG_FR;
        v.figure = uniform, v.status_off = uniform;
        v.bars = uniform ? LAY_BARS_UNIFORM : LAY_BARS_TIME;
        lay_geom g = lay_course_geometry(&c, &v, 800, 500, &measure);
        lay_course_fit(&v, &g, lay_course_end(&c, &v));
        dl_list l;
        dl_init(&l);
        lay_course_frame(&c, &v, &g, &measure, &l);
        float h[8], y[8];
        size_t n = bar_heights(&l, purple, h, y, 8);
        if (n != 3)
            fail_msg("uniform %d: %zu bars (%g %g %g)", uniform, n, n > 0 ? h[0] : 0.0, n > 1 ? h[1] : 0.0, n > 2 ? h[2] : 0.0);
        assert_true(y[0] < y[1] && y[1] < y[2]);
        if (uniform) {
            assert_float_equal(h[0], h[1], 0.5);
            assert_float_equal(h[0], h[2], 0.5);
            assert_float_equal(g.status_h, 0, 0);
            assert_false(has_text(&l, "0 ms"));
        } else {   /* a tall bar starts 2 px late: (3 ms - 2 px) / (1 ms - 2 px) */
            double px_ms = (double)MS / v.ns_per_px;
            assert_float_equal(h[2], 3 * px_ms - 2, 1.0);
            assert_float_equal(h[0], px_ms - 2, 1.0);
            assert_true(g.status_h > 0);
            assert_true(has_text(&l, "0 ms"));   /* French: a space before the unit */
        }
        assert_true(has_text(&l, "temps"));
        dl_free(&l);
    }
    lay_course_free(&c);
    trc_free(&t);
    scn_free(&s);
}

/* Coroutines run1 and run2 (one instance each) and a repeated request: figure rows are the
 * coroutines then their loop, no header, core or main row; run1/run2 named after their request,
 * the repeated ones keep their word and number. */
static void figure_rows_and_lane_names(void **state)
{
    (void)state;
    scn s;
    trc t;
    run(FREE "model coroutines\nclient main\nrequest run1 : cpu 1ms ; io 1ms ; cpu 1ms\n"
             "request run2 : cpu 1ms\nrepeat 2 request w : cpu 1ms\n",
        &s, &t);
    lay_ctx c;
    sl_err err = {0};
    assert_true(lay_init(&c, &t, &err));
    lay_view v;
    lay_view_init(&v);
    v.figure = true;
    lay_geom g = lay_geometry(&c, &v, 900, 600, &measure);
    (void)g;
    assert_true(c.nrows >= 5);
    int loops = 0, coros = 0, named = 0;
    for (size_t i = 0; i < c.nrows; i++) {
        const lay_row *r = &c.rows[i];
        assert_int_equal(r->kind, LAY_ROW_LANE);
        const trc_lane *l = &t.lanes[r->lane];
        assert_true(l->kind == TRC_LANE_CORO || l->kind == TRC_LANE_LOOP);
        if (l->kind == TRC_LANE_LOOP)
            loops++;
        else
            assert_int_equal(loops, 0), coros++;   /* every coroutine before the loop */
        char buf[64];
        const char *name = lay_lane_fig_name(&t, (uint32_t)r->lane, LAY_LANG_EN, buf, sizeof buf);
        named += strcmp(name, "run1") == 0 || strcmp(name, "run2") == 0;
        if (l->kind == TRC_LANE_CORO && strncmp(name, "run", 3) != 0)
            assert_non_null(strstr(name, "coroutine"));
    }
    assert_int_equal(loops, 1);
    assert_int_equal(coros, 4);
    assert_int_equal(named, 2);
    v.figure = false;   /* and back: the full rows, headers first */
    lay_geometry(&c, &v, 900, 600, &measure);
    assert_int_equal(c.rows[0].kind, LAY_ROW_HEADER);
    lay_free(&c);
    trc_free(&t);
    scn_free(&s);
}

/* The sweep's "why" panel on a result written by hand: one model (threads) at 10 and 100
 * requests; at 100 (its last count: no failure, no collapse) 30 ms of CPU, of which 10 ms useful,
 * 15 ms creating and 5 ms switching, i.e. 100, 150 and 50 us a request, and 25 MiB at the peak
 * of a 100 MiB budget. The creation bar is 1.5 times the useful one, the switching one half of
 * it; the memory bar a quarter of its frame. */
static void why_panel_splits_cpu_and_memory(void **state)
{
    (void)state;
    swp_point pts[2] = {{.model = SCN_THREADS, .count = 10}, {.model = SCN_THREADS, .count = 100}};
    pts[0].m.throughput_per_s = 100, pts[1].m.throughput_per_s = 1000;
    sim_metrics *m = &pts[1].m;
    m->cpu_useful_ns = 10 * MS, m->cpu_spawn_ns = 15 * MS, m->cpu_switch_ns = 5 * MS, m->cpu_busy_ns = 30 * MS;
    m->peak_memory_bytes = (int64_t)25 << 20;
    swp_result r = {.counts = {10, 100}, .ncounts = 2, .models = {SCN_THREADS}, .nmodels = 1, .pts = pts,
                    .mem_budget = (int64_t)100 << 20};
    swp_find_limits(&r);
    const theme *th = theme_get(THEME_LIGHT);
    dl_color green = DL_RGBA(0x00, 0x9E, 0x73, 255);   /* threads' colour in every theme */
    dl_list l;
    dl_init(&l);
    lay_sweep(&r, NULL, THEME_LIGHT, LAY_LANG_EN, 1000, 800, 1, true, &measure, &l);
    float useful = 0, spawn = 0, sw = 0, frame = 0, mem = 0;
    for (const dl_head *hd = dl_first(&l); hd; hd = dl_next(&l, hd)) {
        const dl_rect *rc = (const dl_rect *)hd;
        if (hd->type != DL_RECT || rc->y < 600 || rc->h_ <= 10)   /* the panel's bars (14 px), not its key (10) */
            continue;
        if (rc->fill == green && rc->x < 500)
            useful = rc->w;
        else if (rc->fill == green)
            mem = rc->w;
        else if (rc->fill == th->spawn)
            spawn = rc->w;
        else if (rc->fill == th->switch_fill)
            sw = rc->w;
        else if (DL_A(rc->fill) == 0 && rc->stroke_w > 0)
            frame = rc->w;
    }
    assert_true(useful > 10);
    assert_float_equal(spawn / useful, 1.5, 0.01);
    assert_float_equal(sw / useful, 0.5, 0.01);
    assert_true(frame > 10);
    assert_float_equal(mem / frame, 0.25, 0.01);
    assert_true(has_text(&l, "300\xC2\xB5s  (100 requests)"));
    assert_true(has_text(&l, "25%  (100 requests)"));
    dl_free(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(warp_is_computed_by_hand),
        cmocka_unit_test(uniform_bars_are_one_height_in_order),
        cmocka_unit_test(figure_rows_and_lane_names),
        cmocka_unit_test(why_panel_splits_cpu_and_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
