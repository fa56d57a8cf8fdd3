/* test_gil.c — the GIL's forced switching makes progress whatever the costs: a grid of thread switch
 * costs against switch intervals (each run finishes), and the cases computable by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scn.h"
#include "sim.h"

#define US INT64_C(1000)

/* Two threads of 100 us of pure computation on nreq requests, one core, every overhead but the
 * switch at 0 (profile ideal). */
static void run_gil(int64_t sw_ns, int64_t interval_ns, int nreq, sim_metrics *m)
{
    char text[512];
    snprintf(text, sizeof text,
             "profile ideal\nmodel threads\ngil on\ncores 1\nswitch thread=%lldns\n"
             "switchinterval %lldns\nrepeat %d request r : cpu 100us\n",
             (long long)sw_ns, (long long)interval_ns, nreq);
    scn s;
    sl_err err = {0};
    if (!scn_parse("gil.scn", text, strlen(text), &s, &err))
        fail_msg("parse: %s", err.msg);
    /* A livelock would spin through this many events; a finishing run needs a few thousand. */
    sim_opts o = {.record_trace = true, .max_events = 5000000};
    trc t;
    bool ok = sim_run(&s, &o, &t, m, &err);
    if (!ok)
        fail_msg("switch %lldns, switchinterval %lldns: %s", (long long)sw_ns, (long long)interval_ns, err.msg);
    trc_free(&t);
    scn_free(&s);
}

static const int64_t switches[] = {0, 1 * US, 49 * US, 50 * US, 51 * US, 100 * US, 1000 * US};
static const int64_t intervals[] = {1, 1 * US, 2 * US, 50 * US, 100 * US, 5000 * US};
#define N(a) (sizeof a / sizeof a[0])

/* Every combination finishes, all the computing is done, and the lock serialises it. */
static void test_every_switch_and_interval_finishes(void **state)
{
    (void)state;
    for (size_t a = 0; a < N(switches); a++)
        for (size_t b = 0; b < N(intervals); b++) {
            sim_metrics m;
            run_gil(switches[a], intervals[b], 2, &m);
            assert_int_equal(m.completed, 2);
            assert_int_equal(m.failed, 0);
            assert_int_equal(m.cpu_useful_ns, 200 * US);
            assert_true(m.makespan_ns >= 200 * US);
            assert_int_equal(m.cpu_busy_ns, m.cpu_useful_ns + m.cpu_switch_ns + m.cpu_spawn_ns);
        }
}

/* One thread never waits: 100 us whatever the costs. */
static void test_a_lone_thread_never_drops_the_lock(void **state)
{
    (void)state;
    for (size_t a = 0; a < N(switches); a++)
        for (size_t b = 0; b < N(intervals); b++) {
            sim_metrics m;
            run_gil(switches[a], intervals[b], 1, &m);
            assert_int_equal(m.makespan_ns, 100 * US);
        }
}

/* An interval longer than a request: the first runs 100 us, the second gets the lock when it ends,
 * pays one switch on the one core, then runs 100 us: 200 us + switch. */
static void test_a_long_interval_runs_them_one_after_the_other(void **state)
{
    (void)state;
    for (size_t a = 0; a < N(switches); a++) {
        sim_metrics m;
        run_gil(switches[a], 5000 * US, 2, &m);
        assert_int_equal(m.makespan_ns, 200 * US + switches[a]);
        assert_int_equal(m.cpu_switch_ns, switches[a]);
    }
}

/* A switch as long as the interval or longer: each hand-over pays the switch, then the new holder
 * computes one interval before it drops the lock (the rule that ends the livelock). 100 us in
 * 50 us pieces with a 100 us switch: A 50 (the first dispatch is free, the lock goes at 50), then
 * B, A, B each after a 100 us switch: 50 + 3 x 150 = 500 us. */
static void test_a_switch_longer_than_the_interval_still_computes(void **state)
{
    (void)state;
    sim_metrics m;
    run_gil(100 * US, 50 * US, 2, &m);
    assert_int_equal(m.makespan_ns, 500 * US);
    assert_int_equal(m.cpu_switch_ns, 300 * US);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_switch_and_interval_finishes),
        cmocka_unit_test(test_a_lone_thread_never_drops_the_lock),
        cmocka_unit_test(test_a_long_interval_runs_them_one_after_the_other),
        cmocka_unit_test(test_a_switch_longer_than_the_interval_still_computes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
