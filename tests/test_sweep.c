/* test_sweep.c — the scale sweep: argument parsing, the same result whatever the thread count,
 * and where models start failing or collapsing. */
#include <setjmp.h>
#include <stdatomic.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "swp.h"

static const char *const SCALE =
    "switch process=0ns thread=0ns coroutine=0ns\n"
    "spawn process=1ms thread=100us coroutine=0ns\n"
    "memory budget=100MiB process=10MiB thread=16KiB coroutine=1KiB connection=0B\n"
    "gil off\n"
    "server web cores=1000000\n"
    "repeat 10 request page : cpu 10us ; call web latency=40ms serve=0ns ; cpu 10us\n";

static void parse(scn *s, const char *text)
{
    sl_err err = {0};
    if (!scn_parse("t.scn", text, strlen(text), s, &err))
        fail_msg("%s", err.msg);
}

typedef struct {
    const char *arg;
    bool ok;
    size_t n;
    const char *msg;
} counts_case;

static void test_counts_are_parsed_or_refused_with_a_message(void **state)
{
    (void)state;
    static const counts_case cases[] = {
        {"10,100,1000", true, 3, NULL},
        {"7", true, 1, NULL},
        {"10,5", false, 0, "--counts 10,5: error: expected increasing counts, got 5 after 10"},
        {"10,,20", false, 0, "--counts 10,,20: error: expected counts from 1 to 10000000 separated by commas, got ''"},
        {"0", false, 0, "--counts 0: error: expected counts from 1 to 10000000 separated by commas, got '0'"},
        {"20000000", false, 0, "--counts 20000000: error: expected counts from 1 to 10000000 separated by commas, got '20000000'"},
        {"1x", false, 0, "--counts 1x: error: expected counts from 1 to 10000000 separated by commas, got '1x'"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        uint32_t counts[SWP_MAX_COUNTS];
        size_t n;
        sl_err err = {0};
        assert_int_equal(swp_parse_counts(cases[i].arg, counts, &n, &err), cases[i].ok);
        if (cases[i].ok)
            assert_int_equal(n, cases[i].n);
        else
            assert_string_equal(err.msg, cases[i].msg);
    }
}

static void test_models_all_or_a_list(void **state)
{
    (void)state;
    uint8_t m[SCN_MODEL_COUNT];
    int n;
    sl_err err = {0};
    assert_true(swp_parse_models("all", m, &n, &err));
    assert_int_equal(n, 4);
    assert_true(swp_parse_models("coroutines,threads", m, &n, &err));
    assert_int_equal(n, 2);
    assert_int_equal(m[0], SCN_THREADS);
    assert_int_equal(m[1], SCN_COROUTINES);
    assert_false(swp_parse_models("fibers", m, &n, &err));
    assert_non_null(strstr(err.msg, "got 'fibers'"));
}

static void test_one_thread_or_many_give_the_same_result(void **state)
{
    (void)state;
    scn s;
    parse(&s, SCALE);
    uint32_t counts[] = {1, 10, 100, 1000};
    uint8_t models[] = {SCN_SEQUENTIAL, SCN_PROCESSES, SCN_THREADS, SCN_COROUTINES};
    swp_result a, b;
    sl_err err = {0};
    assert_true(swp_run(&s, counts, 4, models, 4, 1, NULL, NULL, NULL, &a, &err));
    assert_true(swp_run(&s, counts, 4, models, 4, 4, NULL, NULL, NULL, &b, &err));
    assert_memory_equal(a.pts, b.pts, 16 * sizeof *a.pts);
    for (int mi = 0; mi < 4; mi++)
        for (size_t ci = 0; ci < 4; ci++)
            assert_int_equal(swp_at(&a, mi, ci)->m.requests, counts[ci]);
    swp_free(&a);
    swp_free(&b);
    scn_free(&s);
}

static void test_processes_fail_at_the_memory_budget_and_threads_collapse(void **state)
{
    (void)state;
    scn s;
    parse(&s, SCALE);
    uint32_t counts[] = {1, 10, 100, 1000, 10000};
    uint8_t models[] = {SCN_PROCESSES, SCN_THREADS, SCN_COROUTINES};
    swp_result r;
    sl_err err = {0};
    assert_true(swp_run(&s, counts, 5, models, 3, 2, NULL, NULL, NULL, &r, &err));
    /* 10 processes of 10 MiB fill the 100 MiB budget: the 100-request point is the first to fail.
     * A process takes its memory when the main process has created it (one per 1 ms) and gives it
     * back at its end, 80.02 ms later: created at 1..10 ms, then the creations at 11..81 ms fail
     * (71), those at 82..91 ms succeed as the first ten end, those at 92..100 ms fail (9): 80. */
    assert_int_equal(r.fail_at[0], 2);
    assert_int_equal(swp_at(&r, 0, 2)->m.failed, 80);
    /* A thread costs 120 us of CPU per request: ~8 300 req/s at most, i.e. ~660 in flight over
     * an 80 ms round trip; its throughput still rises at each count (1 100 -> 5 200 -> 7 850
     * req/s from 100 to 10 000, more than SWP_RISE each time): no collapse. */
    assert_int_equal(r.collapse_at[1], -1);
    /* 16 KiB threads fit 6 400 times in 100 MiB, but a thread takes its memory when created, one
     * per 100 us, and lives ~80 ms: never more than ~800 at once, so even 10 000 do not fail. */
    assert_int_equal(r.fail_at[1], -1);
    assert_int_equal(r.fail_at[2], -1);
    /* A coroutine costs 20 us: 50 000 req/s, ~4 000 in flight; at 10 000 its throughput still
     * rises (12 500 -> 50 000 req/s): no collapse. */
    assert_int_equal(r.collapse_at[2], -1);
    assert_true(swp_at(&r, 2, 4)->m.throughput_per_s > 1.1 * swp_at(&r, 2, 3)->m.throughput_per_s);
    swp_free(&r);
    scn_free(&s);
}

/* swp_find_limits on throughputs written by hand (one model, counts 10 .. 10^5): a flat curve
 * never collapses, a rising then flat one collapses where it stops, a failure is not a collapse. */
static void test_limits_follow_the_definitions(void **state)
{
    (void)state;
    static const struct {
        double tp[5];
        uint64_t failed[5];
        int32_t fail_at, collapse_at;
    } rows[] = {
        {{100, 100, 100, 100, 100}, {0}, -1, -1},          /* sequential: flat, never rose */
        {{10, 100, 1000, 10000, 50000}, {0}, -1, -1},      /* still rising */
        {{10, 100, 1000, 1050, 900}, {0}, -1, 3},          /* +5 % after rising: collapses there */
        {{10, 100, 1000, 1000, 5}, {0, 0, 0, 0, 7}, 4, 3}, /* flat at 3, fails at 4 */
        {{10, 100, 50, 40, 30}, {0, 0, 3, 3, 3}, 2, -1},   /* drops because it fails: fails only */
        {{100, 105, 400, 400, 400}, {0}, -1, 3},           /* rose from 1 to 2, flat after */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        swp_point pts[5];
        swp_result r = {.ncounts = 5, .nmodels = 1, .pts = pts};
        for (size_t ci = 0; ci < 5; ci++) {
            r.counts[ci] = (uint32_t)(10 * (ci + 1));
            pts[ci] = (swp_point){.model = SCN_THREADS, .count = r.counts[ci]};
            pts[ci].m.throughput_per_s = rows[i].tp[ci];
            pts[ci].m.failed = rows[i].failed[ci];
        }
        swp_find_limits(&r);
        if (r.fail_at[0] != rows[i].fail_at || r.collapse_at[0] != rows[i].collapse_at)
            fail_msg("row %zu: fail_at %d collapse_at %d, expected %d %d", i, r.fail_at[0], r.collapse_at[0],
                     rows[i].fail_at, rows[i].collapse_at);
    }
}

static void test_a_sweep_needs_a_repeat(void **state)
{
    (void)state;
    scn s;
    parse(&s, "request a : cpu 1ms\n");
    uint32_t counts[] = {1};
    uint8_t models[] = {SCN_THREADS};
    swp_result r;
    sl_err err = {0};
    assert_false(swp_run(&s, counts, 1, models, 1, 1, NULL, NULL, NULL, &r, &err));
    assert_string_equal(err.msg, "t.scn: error: a sweep needs a 'repeat N ...' statement (its count is what varies)");
    scn_free(&s);
}

/* Arrivals 10^6 s apart: ten fit, but the 10 000th arrives past the largest time there is, so that
 * point fails at once while the others run; the sweep must stop with that point's message (it
 * used to wait for ever for the points the other workers skipped). */
static const char *const OVERFLOWS = "repeat 10 every=1000000s request a : cpu 1ms\n";

static void test_a_failing_point_fails_the_sweep_with_its_message(void **state)
{
    (void)state;
    static const unsigned threads[] = {1, 2, 4};
    scn s;
    parse(&s, OVERFLOWS);
    uint32_t counts[] = {1, 10, 10000, 20000, 30000};
    uint8_t models[] = {SCN_SEQUENTIAL, SCN_THREADS, SCN_COROUTINES};
    for (size_t k = 0; k < sizeof threads / sizeof threads[0]; k++) {
        swp_result r;
        sl_err err = {0};
        assert_false(swp_run(&s, counts, 5, models, 3, threads[k], NULL, NULL, NULL, &r, &err));
        assert_non_null(strstr(err.msg, "t.scn:1:1: error: arrival time of request 'a' #"));
        assert_null(r.pts);
    }
    scn_free(&s);
}

/* A flag set before the sweep starts: no point runs to its end and the sweep says "cancelled". */
static void test_a_cancelled_sweep_fails_with_cancelled(void **state)
{
    (void)state;
    scn s;
    parse(&s, SCALE);
    uint32_t counts[] = {10, 100000};
    uint8_t models[] = {SCN_THREADS, SCN_COROUTINES};
    atomic_int cancel;
    atomic_init(&cancel, 1);
    swp_result r;
    sl_err err = {0};
    assert_false(swp_run(&s, counts, 2, models, 2, 2, &cancel, NULL, NULL, &r, &err));
    assert_string_equal(err.msg, "cancelled");
    assert_null(r.pts);
    atomic_store(&cancel, 0);   /* the same flag left at 0 lets the sweep finish */
    assert_true(swp_run(&s, counts, 1, models, 2, 2, &cancel, NULL, NULL, &r, &err));
    swp_free(&r);
    scn_free(&s);
}

typedef struct {
    atomic_int *cancel;
    size_t calls;
} cancel_ctx;

/* The progress callback runs on the calling thread while the workers simulate: it cancels. */
static void cancel_on_progress(void *ctx, size_t done, size_t total)
{
    cancel_ctx *c = ctx;
    (void)done;
    (void)total;
    c->calls++;
    atomic_store(c->cancel, 1);
}

/* Cancelled while the points run: a run of 10 million requests (minutes) stops within its next
 * few thousand events. */
static void test_a_sweep_cancelled_while_running_stops(void **state)
{
    (void)state;
    scn s;
    parse(&s, SCALE);
    uint32_t counts[] = {5000000, 10000000};
    uint8_t models[] = {SCN_THREADS, SCN_COROUTINES};
    atomic_int cancel;
    atomic_init(&cancel, 0);
    cancel_ctx c = {&cancel, 0};
    swp_result r;
    sl_err err = {0};
    assert_false(swp_run(&s, counts, 2, models, 2, 2, &cancel, cancel_on_progress, &c, &r, &err));
    assert_string_equal(err.msg, "cancelled");
    assert_true(c.calls >= 1);
    scn_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counts_are_parsed_or_refused_with_a_message),
        cmocka_unit_test(test_models_all_or_a_list),
        cmocka_unit_test(test_one_thread_or_many_give_the_same_result),
        cmocka_unit_test(test_processes_fail_at_the_memory_budget_and_threads_collapse),
        cmocka_unit_test(test_limits_follow_the_definitions),
        cmocka_unit_test(test_a_failing_point_fails_the_sweep_with_its_message),
        cmocka_unit_test(test_a_cancelled_sweep_fails_with_cancelled),
        cmocka_unit_test(test_a_sweep_cancelled_while_running_stops),
        cmocka_unit_test(test_a_sweep_needs_a_repeat),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
