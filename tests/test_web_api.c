/* test_web_api.c — the web edition's C API, natively: errors as LINE:COL, analytic makespans
 * through KEY=VALUE sets, every view laid out, navigation, hit testing, stepping, the sweep's
 * bytes from one instance to another, and the SVG of what shows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "web_api.h"

#define MS 1000000.0

/* Every cost zero (profile ideal): the two-page case of test_sim.c, sequential 34 ms, any
 * concurrent model 20 ms. */
static const char TWO_PAGES[] =
    "profile ideal\nswitch process=0ns thread=0ns coroutine=0ns\nspawn process=0ns thread=0ns coroutine=0ns\ngil off\n"
    "server foo\nserver bar\n"
    "request a : cpu 3ms ; call foo latency=4ms serve=3ms ; cpu 3ms\n"
    "request b : cpu 3ms ; call bar latency=4ms serve=3ms ; cpu 3ms\n";

static void test_errors_are_line_col(void **state)
{
    (void)state;
    static const struct { const char *text; int line, col; } cases[] = {
        {"cores x\n", 1, 7},
        {"cores 1\nrequest a : cpu 1ms ;; cpu 1ms\n", 2, 22},
        {"\n\nbogus\n", 3, 1},
    };
    web *w = web_new();
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(web_parse(w, cases[i].text), 0);
        char want[32];
        snprintf(want, sizeof want, "%d:%d: error: ", cases[i].line, cases[i].col);
        assert_true(strncmp(web_error(w), want, strlen(want)) == 0);
        assert_int_equal(web_error_line(w), cases[i].line);
        assert_int_equal(web_error_col(w), cases[i].col);
    }
    web_delete(w);
}

static void test_makespans_through_sets(void **state)
{
    (void)state;
    static const struct { const char *sets; double makespan; int model; } cases[] = {
        {"model=sequential", 34 * MS, 0},
        {"model=processes", 20 * MS, 1},
        {"model=threads", 20 * MS, 2},
        {"model=coroutines\nlatency.scale=2", 28 * MS, 3},   /* 3 + 8 + 3 + 8 + 3 + 3: b's reply after a's */
    };
    web *w = web_new();
    assert_int_equal(web_parse(w, TWO_PAGES), 1);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_int_equal(web_simulate(w, cases[i].sets), 1);
        assert_true(web_makespan(w) == cases[i].makespan);
        assert_int_equal(web_model(w), cases[i].model);
        assert_non_null(strstr(web_metrics_json(w), "\"makespan_ns\""));
    }
    assert_int_equal(web_simulate(w, "cores=zero"), 0);   /* a bad set keeps the last run */
    assert_true(web_makespan(w) == 28 * MS);
    web_delete(w);
}

static void test_views_navigation_hits(void **state)
{
    (void)state;
    web *w = web_new();
    assert_int_equal(web_parse(w, TWO_PAGES), 1);
    assert_int_equal(web_simulate(w, "model=threads"), 1);
    for (int view = 0; view < 3; view++) {
        assert_int_equal(web_set_view(w, view, 900, 500), 1);
        web_fit(w);
        assert_int_equal(web_frame(w), 1);
        assert_true(web_dl_len(w) > 100);
        assert_true(web_t0(w) <= 0 && web_t1(w) >= 20 * MS);
        double span = web_t1(w) - web_t0(w);
        web_zoom(w, 450, 250, 2);
        assert_true(web_t1(w) - web_t0(w) < span * 0.6);
    }
    /* Timeline: some point of the plot is over request a's or b's bar. */
    assert_int_equal(web_set_view(w, 0, 900, 500), 1);
    web_fit(w);
    int found = -1;
    for (float y = 0; y < 500 && found < 0; y += 2)
        for (float x = 0; x < 900 && found < 0; x += 2)
            if (web_hit(w, x, y))
                found = web_hit_req(w);
    assert_true(found == 0 || found == 1);
    assert_true(strlen(web_hit_text(w)) > 0);
    /* Stepping: the last boundary is the end of the run, the first after 0 is 3 ms. */
    assert_true(web_prev_event(w, web_end(w) + 1) == web_end(w));
    assert_true(web_next_event(w, 0) == 3 * MS);
    assert_true(web_prev_event(w, 0) == -1);
    /* Clicks off the bars: a group header folds and unfolds its group; the axis band says 2. */
    float header_y = -1, axis_y = -1;
    for (float y = 0; y < 500 && header_y < 0; y += 1)
        if (web_click(w, 5, y) == 1)
            header_y = y;
    assert_true(header_y >= 0);
    assert_int_equal(web_click(w, 5, header_y), 1);   /* unfolded again */
    for (float y = 0; y < 100 && axis_y < 0; y += 1)
        if (web_click(w, 600, y) == 2)
            axis_y = y;
    assert_true(axis_y >= 0 && web_time_at(w, 600, axis_y) > 0);
    const char *svg = web_svg(w);
    assert_true(strncmp(svg, "<?xml", 5) == 0 && strstr(svg, "</svg>"));
    web_delete(w);
}

static void test_sweep_bytes_move(void **state)
{
    (void)state;
    web *a = web_new(), *b = web_new();
    assert_int_equal(web_parse(a, "repeat 5 request r : cpu 1ms ; io 5ms\n"), 1);
    assert_int_equal(web_simulate(a, ""), 1);
    assert_int_equal(web_repeat(a), 5);
    assert_int_equal(web_sweep(a, "1,10,100"), 1);
    int len = 0;
    const void *bytes = web_sweep_bytes(a, &len);
    assert_non_null(bytes);
    void *copy = malloc((size_t)len);
    memcpy(copy, bytes, (size_t)len);
    assert_int_equal(web_parse(b, "repeat 5 request r : cpu 1ms ; io 5ms\n"), 1);
    assert_int_equal(web_simulate(b, ""), 1);
    assert_int_equal(web_sweep_load(b, copy, len - 1), 0);   /* a truncated copy is refused */
    assert_int_equal(web_has_sweep(b), 0);
    assert_int_equal(web_sweep_load(b, copy, len), 1);   /* the page's worker hands it over so */
    free(copy);
    assert_int_equal(web_set_view(b, 3, 800, 500), 1);
    assert_int_equal(web_frame(b), 1);
    assert_true(web_dl_len(b) > 100);
    assert_int_equal(web_parse(a, "request r : cpu 1ms\n"), 1);
    assert_int_equal(web_simulate(a, ""), 1);
    assert_int_equal(web_sweep(a, "1,10"), 0);   /* no repeat: nothing to vary */
    web_delete(a);
    web_delete(b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_errors_are_line_col),
        cmocka_unit_test(test_makespans_through_sets),
        cmocka_unit_test(test_views_navigation_hits),
        cmocka_unit_test(test_sweep_bytes_move),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
