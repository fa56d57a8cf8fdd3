/* test_sync.c — semaphores, locks, queues, timeouts and deadlocks under the four models, against
 * answers computed by hand; run-time errors; the deadlock report; holders never past the count. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lay.h"
#include "lay_agg.h"
#include "scn.h"
#include "sim.h"
#include "test_util.h"

#define MS INT64_C(1000000)

/* Every cost zero (profile ideal), the GIL off: no hidden term in the answers. */
static const char *const FREE =
    TU_FREE_COSTS "gil off\n";

typedef struct {
    scn s;
    trc t;
    sim_metrics m;
    sim_report rep;
} run_t;

static void run_text(run_t *r, const char *body, const char *model)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", FREE, body);
    sl_err err = {0};
    memset(r, 0, sizeof *r);
    if (!scn_parse("t.scn", text, strlen(text), &r->s, &err))
        fail_msg("parse: %s", err.msg);
    char set[64];
    snprintf(set, sizeof set, "model=%s", model);
    if (!scn_set(&r->s, set, &err))
        fail_msg("set: %s", err.msg);
    sim_opts o = {.record_trace = true, .report = &r->rep};
    if (!sim_run(&r->s, &o, &r->t, &r->m, &err))
        fail_msg("run (%s): %s", model, err.msg);
}

static void done(run_t *r)
{
    trc_free(&r->t);
    sim_report_free(&r->rep);
    scn_free(&r->s);
}

static const trc_req *rec(const run_t *r, const char *name, uint32_t instance)
{
    for (size_t i = 0; i < r->t.nreqs; i++)
        if (r->t.reqs[i].instance == instance && strcmp(r->t.tmpls[r->t.reqs[i].tmpl].name, name) == 0)
            return &r->t.reqs[i];
    fail_msg("no instance %s #%u", name, instance);
    return NULL;
}

static size_t count_marks(const run_t *r, uint8_t kind, int64_t t)
{
    size_t n = 0;
    for (size_t i = 0; i < r->t.nmarks; i++)
        n += r->t.marks[i].kind == kind && (t < 0 || r->t.marks[i].t == t);
    return n;
}

/* A semaphore's or lock's holders never exceed its permits; a queue never holds more than its size. */
static void check_capacity(const run_t *r)
{
    for (size_t i = 0; i < r->t.nsamples; i++) {
        const trc_res_sample *x = &r->t.samples[i];
        const trc_res *res = &r->t.res[x->res];
        if (res->capacity)
            assert_true(x->value <= res->capacity);
        if (i)
            assert_true(x->t >= r->t.samples[i - 1].t);
    }
}

static const char *const MODELS[] = {"sequential", "processes", "threads", "coroutines"};

/* ---- semaphore: 6 tasks of 10 ms IO through a semaphore of 2 take 3 rounds ------------------- */

#define SEM6 "semaphore conn 2\ntask fetch : acquire conn ; io 10ms ; release conn\nrequest crawl : gather 6 fetch\n"

static void test_semaphore_of_two_with_six_tasks_takes_30ms(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m++) {
        run_t r;
        run_text(&r, SEM6, MODELS[m]);
        /* sequential: the tasks are plain calls, one after the other: 60 ms, nobody waits */
        int64_t want = m == 0 ? 60 * MS : 30 * MS;
        if (r.m.makespan_ns != want)
            fail_msg("%s: makespan %lld, want %lld", MODELS[m], (long long)r.m.makespan_ns, (long long)want);
        assert_int_equal(r.m.completed, 1);
        assert_int_equal(r.m.deadlock_units, 0);
        assert_int_equal(r.rep.nres, 1);
        assert_int_equal(r.rep.res[0].peak_count, m == 0 ? 1 : 2);
        if (m != 0) {
            /* 4 wait: two for 10 ms, two for 20 ms */
            assert_int_equal(r.rep.res[0].peak_waiters, 4);
            assert_int_equal(r.rep.res[0].waits, 4);
            assert_int_equal(r.rep.res[0].wait_total_ns, 60 * MS);
            assert_int_equal(r.rep.res[0].wait_max_ns, 20 * MS);
        }
        check_capacity(&r);
        done(&r);
    }
}

/* FIFO: the waiters get the permits in the order they asked (fetch #3 before #4 ...). */
static void test_semaphore_wakes_waiters_in_fifo_order(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, SEM6, "coroutines");
    for (uint32_t i = 0; i < 6; i++)
        assert_int_equal(rec(&r, "fetch", i)->end, (int64_t)(i / 2 + 1) * 10 * MS);
    done(&r);
}

/* ---- queue of size 1: producer and consumer alternate -------------------------------------- */

#define PC "queue q size=1\nrequest producer : 3 * (put q)\nrequest consumer : 3 * (get q ; io 1ms)\n"

static void test_queue_of_one_alternates_producer_and_consumer(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, PC, MODELS[m]);
        /* put 1; put 2 waits until the get at 0, put 3 until the get at 1 ms; gets at 0, 1, 2 ms */
        assert_int_equal(rec(&r, "producer", 0)->end, 1 * MS);
        assert_int_equal(rec(&r, "consumer", 0)->end, 3 * MS);
        assert_int_equal(r.rep.res[0].peak_count, 1);
        assert_int_equal(r.m.deadlock_units, 0);
        check_capacity(&r);
        done(&r);
    }
}

/* Sequential: the producer's second put finds the queue full and nobody else can take from it. */
static void test_sequential_full_queue_is_a_deadlock_at_once(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, PC, "sequential");
    assert_int_equal(r.m.deadlock_units, 1);
    assert_int_equal(r.m.deadlock_ns, 0);
    assert_true(r.t.deadlock.on && r.t.deadlock.nunits == 1);
    assert_string_equal(r.t.deadlock.units[0].unit, "producer");
    assert_string_equal(r.t.deadlock.units[0].waits, "queue q (put)");
    assert_int_equal(r.m.completed, 0);
    done(&r);
}

/* ---- the a/b pair -------------------------------------------------------------------------------- */

#define AB "cores 2\nlock x\nlock y\n" \
           "request a : acquire x ; cpu 1ms ; acquire y ; cpu 1ms ; release y ; release x\n" \
           "request b : acquire y ; cpu 1ms ; acquire x ; cpu 1ms ; release x ; release y\n"

static void test_ab_pair_deadlocks_at_1ms_under_threads_and_processes(void **state)
{
    (void)state;
    for (int m = 1; m <= 2; m++) {
        run_t r;
        run_text(&r, AB, MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 2);
        assert_int_equal(r.m.deadlock_ns, 1 * MS);
        assert_int_equal(r.m.completed, 0);
        assert_int_equal(r.m.makespan_ns, 1 * MS);
        const trc_deadlock *d = &r.t.deadlock;
        assert_true(d->on && d->t == 1 * MS && d->nunits == 2);
        bool ab = strcmp(d->cycle, "a -> lock y -> b -> lock x -> a") == 0;
        bool ba = strcmp(d->cycle, "b -> lock x -> a -> lock y -> b") == 0;
        if (!ab && !ba)
            fail_msg("%s: cycle '%s'", MODELS[m], d->cycle);
        for (size_t i = 0; i < 2; i++) {
            const trc_dl_unit *u = &d->units[i];
            bool is_a = strcmp(u->unit, "a") == 0;
            assert_string_equal(u->waits, is_a ? "lock y" : "lock x");
            assert_string_equal(u->holders, is_a ? "b" : "a");
            assert_true(u->lane >= 0);
        }
        assert_int_equal(count_marks(&r, TRC_MK_DEADLOCK, 1 * MS), 2);
        /* the same in the report `run` prints */
        assert_true(r.rep.deadlock.on && r.rep.deadlock.nunits == 2);
        assert_string_equal(r.rep.deadlock.cycle, d->cycle);
        done(&r);
    }
}

/* Coroutines: a runs to its next await without giving the loop up, so it takes both locks first. */
static void test_ab_pair_completes_under_coroutines_and_sequential(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m += 3) {
        run_t r;
        run_text(&r, AB, MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 0);
        assert_int_equal(r.m.completed, 2);
        assert_int_equal(r.m.makespan_ns, 4 * MS);
        done(&r);
    }
}

/* A lock taken twice by the same unit (not re-entrant) is a deadlock of one. */
static void test_lock_taken_twice_deadlocks_alone(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m++) {
        run_t r;
        run_text(&r, "lock x\nrequest a : acquire x ; cpu 1ms ; acquire x\n", MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 1);
        assert_int_equal(r.m.deadlock_ns, 1 * MS);
        assert_string_equal(r.t.deadlock.cycle, "a -> lock x -> a");
        done(&r);
    }
}

/* Nobody puts: c gets at 0; d computes 10 ms then gets too. From then on no unit can put (e only
 * waits on its IO), so the run stops at 10 ms, when the last unit that could put blocks, not at
 * 50 ms when e's IO ends and the events run out. */
static void test_get_on_a_queue_nobody_fills_deadlocks_when_the_last_unit_blocks(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "queue q\nrequest c : get q ; cpu 1ms\nrequest d : cpu 10ms ; get q\n"
                     "request e : io 50ms\n", MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 2);
        assert_int_equal(r.m.deadlock_ns, 10 * MS);
        assert_int_equal(r.m.makespan_ns, 10 * MS);
        assert_string_equal(r.t.deadlock.units[0].unit, "c");
        assert_string_equal(r.t.deadlock.units[1].unit, "d");
        assert_string_equal(r.t.deadlock.units[0].waits, "queue q (get)");
        assert_string_equal(r.t.deadlock.units[1].waits, "queue q (get)");
        assert_string_equal(r.t.deadlock.cycle, "");
        assert_int_equal(r.m.completed, 0);
        assert_int_equal(count_marks(&r, TRC_MK_DEADLOCK, 10 * MS), 2);
        done(&r);
    }
}

/* A gather of two tasks that each compute 2 ms then get from a queue nobody fills: on one core the
 * second task blocks at 4 ms, and with it every body; w's IO (until 50 ms) cannot wake them. */
static void test_gather_of_stuck_tasks_deadlocks_when_the_last_task_blocks(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "cores 1\nqueue q\ntask t : cpu 2ms ; get q\nrequest g : gather 2 t ; cpu 1ms\n"
                     "request w : io 50ms\n", MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 3);
        assert_int_equal(r.m.deadlock_ns, 4 * MS);
        size_t gathers = 0, gets = 0;
        for (size_t i = 0; i < r.t.deadlock.nunits; i++) {
            gathers += strcmp(r.t.deadlock.units[i].waits, "its gather") == 0;
            gets += strcmp(r.t.deadlock.units[i].waits, "queue q (get)") == 0;
        }
        assert_int_equal(gathers, 1);
        assert_int_equal(gets, 2);
        done(&r);
    }
}

/* The same queue filled by a request arriving later: no deadlock while it may still come. */
static void test_a_putter_still_to_arrive_prevents_the_deadlock(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "queue q\nrequest c : get q ; cpu 1ms\nrequest p at=20ms : put q\n", MODELS[m]);
        assert_int_equal(r.m.deadlock_units, 0);
        assert_int_equal(r.m.completed, 2);
        done(&r);
    }
}

/* ---- connections: memory.connection from a call's send to its reply ------------------------------ */

/* Three calls to a one-core server (10 ms each way, 10 ms of service) sent at 0: three connections
 * open at once (3 MiB) besides the three units (3 KiB); two calls queue at the server; replies at
 * 30, 40, 50 ms. Through a semaphore of 1 only one connection is open at a time (1 MiB, no server
 * queue), and the calls go one after the other: 3 x 30 ms. */
static void test_connections_count_in_peak_memory_while_calls_are_open(void **state)
{
    (void)state;
    static const char *const FETCH = "memory process=1KiB thread=1KiB coroutine=1KiB connection=1MiB\n"
                                     "server web cores=1\nsemaphore s %u\n"
                                     "repeat 3 request f : acquire s ; call web latency=10ms serve=10ms ; release s\n";
    for (int m = 1; m < 4; m++) {
        char text[512];
        run_t r;
        snprintf(text, sizeof text, FETCH, 3u);
        run_text(&r, text, MODELS[m]);
        assert_int_equal(r.m.peak_memory_bytes, 3 * 1024 * 1024 + 3 * 1024);
        assert_int_equal(r.m.peak_server_queue, 2);
        assert_int_equal(r.m.makespan_ns, 50 * MS);
        done(&r);
        snprintf(text, sizeof text, FETCH, 1u);
        run_text(&r, text, MODELS[m]);
        assert_int_equal(r.m.peak_memory_bytes, 1 * 1024 * 1024 + 3 * 1024);
        assert_int_equal(r.m.peak_server_queue, 0);
        assert_int_equal(r.m.makespan_ns, 90 * MS);
        done(&r);
    }
}

/* A call given up by its timeout closes its connection then: the second call's connection is the
 * only one open after 15 ms, so the peak stays at one. */
static void test_a_timed_out_call_closes_its_connection(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "memory process=0B thread=0B coroutine=0B connection=1MiB\nserver web cores=1\n"
                     "request a : call web latency=10ms serve=100ms timeout=15ms\n"
                     "request b at=20ms : call web latency=1ms serve=1ms\n", MODELS[m]);
        assert_int_equal(r.m.failed_timeout, 1);
        assert_int_equal(r.m.peak_memory_bytes, 1024 * 1024);
        done(&r);
    }
}

/* ---- timeouts ------------------------------------------------------------------------------------ */

/* a holds db across a call that times out at 5 ms: it fails then, db goes to b (waiting since 1 ms). */
#define TO "server web\nlock db\n" \
           "request a : acquire db ; call web latency=1ms serve=100ms timeout=5ms ; release db\n" \
           "request b at=1ms : acquire db ; cpu 1ms ; release db\n"

static void test_call_timeout_fires_at_its_deadline_and_releases_the_lock(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m++) {
        run_t r;
        run_text(&r, TO, MODELS[m]);
        const trc_req *a = rec(&r, "a", 0), *b = rec(&r, "b", 0);
        assert_true(a->flags & TRC_REQ_FAILED);
        assert_int_equal(a->why, TRC_WHY_TIMEOUT);
        assert_int_equal(a->end, 5 * MS);
        assert_true(b->flags & TRC_REQ_DONE);
        assert_int_equal(b->end, 6 * MS);
        assert_int_equal(r.m.timeouts, 1);
        assert_int_equal(r.m.failed, 1);
        assert_int_equal(r.m.failed_timeout, 1);
        assert_int_equal(count_marks(&r, TRC_MK_TIMEOUT, 5 * MS), 1);
        /* the server still serves the abandoned call: it ends at 101 ms, nobody gets the reply */
        assert_int_equal(r.t.end >= 101 * MS, 1);
        done(&r);
    }
}

static void test_acquire_timeout_fails_exactly_at_its_deadline(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "lock db\nrequest a : acquire db ; io 10ms ; release db\n"
                     "request c at=2ms : acquire db timeout=3ms ; cpu 1ms ; release db\n", MODELS[m]);
        const trc_req *c = rec(&r, "c", 0);
        assert_int_equal(c->why, TRC_WHY_TIMEOUT);
        assert_int_equal(c->end, 5 * MS);
        assert_int_equal(rec(&r, "a", 0)->end, 10 * MS);
        assert_int_equal(r.rep.res[0].waits, 1);
        assert_int_equal(r.rep.res[0].wait_max_ns, 3 * MS);
        done(&r);
    }
}

static void test_get_timeout_and_await_timeout(void **state)
{
    (void)state;
    for (int m = 1; m < 4; m++) {
        run_t r;
        run_text(&r, "queue q\ntask slow : io 50ms\n"
                     "request g : get q timeout=4ms\n"
                     "request w : spawn slow as h ; await h timeout=10ms ; cpu 1ms\n", MODELS[m]);
        assert_int_equal(rec(&r, "g", 0)->end, 4 * MS);
        assert_int_equal(rec(&r, "w", 0)->end, 10 * MS);
        assert_int_equal(rec(&r, "w", 0)->why, TRC_WHY_TIMEOUT);
        assert_int_equal(r.m.timeouts, 2);
        assert_int_equal(r.m.failed_timeout, 2);
        assert_true(rec(&r, "slow", 0)->flags & TRC_REQ_DONE);   /* the task itself goes on */
        done(&r);
    }
}

/* ---- run-time errors ----------------------------------------------------------------------------- */

static void test_release_not_held_and_ending_while_holding_are_errors(void **state)
{
    (void)state;
    for (int m = 0; m < 4; m++) {
        run_t r;
        run_text(&r, "cores 2\nlock x\nrequest e : release x ; cpu 1ms\n"
                     "request a : acquire x ; cpu 1ms\n"
                     "request b : acquire x ; cpu 1ms ; release x\n", MODELS[m]);
        assert_int_equal(r.m.errors, 2);
        assert_int_equal(r.m.failed_error, 2);
        assert_int_equal(rec(&r, "e", 0)->why, TRC_WHY_ERROR);
        assert_int_equal(rec(&r, "e", 0)->end, 0);
        assert_int_equal(rec(&r, "a", 0)->why, TRC_WHY_ERROR);
        assert_int_equal(rec(&r, "a", 0)->end, 1 * MS);   /* it ended holding x: x is released */
        assert_true(rec(&r, "b", 0)->flags & TRC_REQ_DONE);
        assert_int_equal(rec(&r, "b", 0)->end, 2 * MS);
        assert_int_equal(count_marks(&r, TRC_MK_ERROR, -1), 2);
        done(&r);
    }
}

/* ---- lanes: the waiting states ------------------------------------------------------------------ */

static void test_waiting_states_name_their_resource(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, SEM6 "queue q\nrequest g : get q timeout=1ms\n", "threads");
    bool lockwait = false, qwait = false;
    for (size_t i = 0; i < r.t.nsegs; i++) {
        lockwait |= r.t.segs[i].state == TRC_LOCKWAIT && r.t.segs[i].aux == 0;
        qwait |= r.t.segs[i].state == TRC_QWAIT && r.t.segs[i].aux == 1 && r.t.segs[i].t1 - r.t.segs[i].t0 == 1 * MS;
    }
    assert_true(lockwait && qwait);
    done(&r);
}

/* ---- the view: the resources group, the tooltips, the status bar --------------------------------- */

static void test_view_names_resources_holders_and_the_deadlock(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, AB, "threads");
    lay_ctx c;
    sl_err err = {0};
    assert_true(lay_init(&c, &r.t, &err));
    uint32_t g = 0;
    while (g < c.ngroups && c.groups[g].kind != LAY_GROUP_RES)
        g++;
    assert_true(g < c.ngroups);
    assert_string_equal(lay_group_title(&c, LAY_LANG_EN, g), "resources");
    assert_string_equal(lay_group_title(&c, LAY_LANG_FR, g), "ressources");
    size_t rows = 0;
    for (size_t i = 0; i < c.nrows; i++)
        if (c.rows[i].kind == LAY_ROW_AGG && c.rows[i].agg == LAY_AGG_RES) {
            assert_int_equal(c.rows[i].res, (int32_t)rows);
            rows++;
        }
    assert_int_equal(rows, 2);
    /* x is held by a from 0 to the stop, y by b */
    char buf[512];
    assert_string_equal(lay_res_holders(&r.t, 0, MS / 2, buf, sizeof buf), "a");
    assert_string_equal(lay_res_holders(&r.t, 1, MS / 2, buf, sizeof buf), "b");
    lay_status_text(buf, sizeof buf, LAY_LANG_EN, SCN_THREADS, NULL, &r.m);
    assert_non_null(strstr(buf, "DEADLOCK at 1ms (2)"));
    lay_free(&c);
    done(&r);
    /* b's wait for db (1 ms to 5 ms) names the lock and its holder, in both languages */
    run_text(&r, "lock db\nrequest a : acquire db ; io 5ms ; release db\nrequest b at=1ms : acquire db ; release db\n",
             "threads");
    int32_t lane_b = -1;
    for (size_t l = 0; l < r.t.nlanes; l++)
        if (strcmp(r.t.lanes[l].name, "b") == 0)
            lane_b = (int32_t)l;
    assert_true(lane_b >= 0);
    size_t n, k;
    const trc_seg *sg = trc_lane_segs(&r.t, (uint32_t)lane_b, &n);
    for (k = 0; k < n && sg[k].state != TRC_LOCKWAIT; k++)
        ;
    assert_true(k < n && sg[k].t0 == 1 * MS && sg[k].t1 == 5 * MS);
    lay_seg_info si = {(size_t)(sg + k - r.t.segs), (uint32_t)lane_b, TRC_LOCKWAIT, sg[k].req, NULL, sg[k].t0,
                       sg[k].t1 - sg[k].t0};
    lay_describe_seg(&r.t, LAY_LANG_EN, &si, buf, sizeof buf);
    assert_non_null(strstr(buf, "waiting for a lock"));
    assert_non_null(strstr(buf, "waits for: lock db"));
    assert_non_null(strstr(buf, "held by: a"));
    lay_describe_seg(&r.t, LAY_LANG_FR, &si, buf, sizeof buf);
    assert_non_null(strstr(buf, "attend un verrou"));
    assert_non_null(strstr(buf, "verrou db"));
    assert_non_null(strstr(buf, "d\xC3\xA9tenu par: a"));
    done(&r);
}

static void test_resource_row_tooltip_says_value_capacity_and_waiters(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, SEM6, "coroutines");
    char buf[512];
    lay_agg_hit h = {.kind = LAY_AGG_RES, .res = 0, .t = &r.t, .t0 = 5 * MS, .t1 = 5 * MS + 1};
    lay_agg_describe(&h, LAY_LANG_EN, buf, sizeof buf);
    assert_string_equal(buf, "semaphore conn: 2 of 2 holders, 4 waiting\nheld by: fetch, fetch #2\n5ms");
    done(&r);
}

/* ---- invariants over random scenarios: capacity, and no wait for ever without a report ---------- */

static uint32_t rnd(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*s >> 33);
}

static void gen(char *buf, size_t n, uint64_t *rs)
{
    size_t k = (size_t)snprintf(buf, n, "cores %u\nsemaphore s %u\nlock l\nqueue q size=%u\n", 1 + rnd(rs) % 3,
                                1 + rnd(rs) % 3, rnd(rs) % 3);
    int nreq = 1 + (int)(rnd(rs) % 5);
    for (int i = 0; i < nreq && k < n; i++) {
        k += (size_t)snprintf(buf + k, n - k, "repeat %u every=%uus request r%d :", 1 + rnd(rs) % 3,
                              1 + rnd(rs) % 900, i);
        int steps = 1 + (int)(rnd(rs) % 6);
        bool held_s = false, held_l = false;
        for (int j = 0; j < steps && k < n; j++) {
            static const char *const pick[] = {"cpu 200us", "io 300us", "acquire s", "acquire l", "put q",
                                               "get q timeout=2ms", "acquire l timeout=1ms", "release s",
                                               "release l"};
            const char *st = pick[rnd(rs) % 9];
            held_s |= strcmp(st, "acquire s") == 0;
            held_l |= strncmp(st, "acquire l", 9) == 0;
            k += (size_t)snprintf(buf + k, n - k, "%s %s", j ? " ;" : "", st);
        }
        if (held_s && k < n)
            k += (size_t)snprintf(buf + k, n - k, " ; release s");
        if (held_l && k < n)
            k += (size_t)snprintf(buf + k, n - k, " ; release l");
        if (k < n)
            k += (size_t)snprintf(buf + k, n - k, "\n");
    }
}

static void test_random_scenarios_keep_capacity_and_report_every_stuck_wait(void **state)
{
    (void)state;
    uint64_t rs = 7;
    for (int ex = 0; ex < 200; ex++) {
        char text[4096];
        gen(text, sizeof text, &rs);
        run_t r;
        run_text(&r, text, MODELS[ex % 4]);
        check_capacity(&r);
        /* every request ended, or the deadlock report explains why it did not */
        uint64_t ended = r.m.completed + r.m.failed;
        if (ended != r.m.requests && r.m.deadlock_units == 0)
            fail_msg("example %d (%s): %llu of %llu ended and no deadlock\n%s", ex, MODELS[ex % 4],
                     (unsigned long long)ended, (unsigned long long)r.m.requests, text);
        assert_int_equal(r.m.failed, r.m.failed_memory + r.m.failed_timeout + r.m.failed_error);
        /* determinism: the same run again gives the same numbers */
        run_t again;
        run_text(&again, text, MODELS[ex % 4]);
        assert_int_equal(again.m.makespan_ns, r.m.makespan_ns);
        assert_int_equal(again.m.deadlock_ns, r.m.deadlock_ns);
        assert_int_equal(again.t.nsegs, r.t.nsegs);
        done(&again);
        done(&r);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_semaphore_of_two_with_six_tasks_takes_30ms),
        cmocka_unit_test(test_semaphore_wakes_waiters_in_fifo_order),
        cmocka_unit_test(test_queue_of_one_alternates_producer_and_consumer),
        cmocka_unit_test(test_sequential_full_queue_is_a_deadlock_at_once),
        cmocka_unit_test(test_ab_pair_deadlocks_at_1ms_under_threads_and_processes),
        cmocka_unit_test(test_ab_pair_completes_under_coroutines_and_sequential),
        cmocka_unit_test(test_lock_taken_twice_deadlocks_alone),
        cmocka_unit_test(test_get_on_a_queue_nobody_fills_deadlocks_when_the_last_unit_blocks),
        cmocka_unit_test(test_gather_of_stuck_tasks_deadlocks_when_the_last_task_blocks),
        cmocka_unit_test(test_a_putter_still_to_arrive_prevents_the_deadlock),
        cmocka_unit_test(test_connections_count_in_peak_memory_while_calls_are_open),
        cmocka_unit_test(test_a_timed_out_call_closes_its_connection),
        cmocka_unit_test(test_call_timeout_fires_at_its_deadline_and_releases_the_lock),
        cmocka_unit_test(test_acquire_timeout_fails_exactly_at_its_deadline),
        cmocka_unit_test(test_get_timeout_and_await_timeout),
        cmocka_unit_test(test_release_not_held_and_ending_while_holding_are_errors),
        cmocka_unit_test(test_waiting_states_name_their_resource),
        cmocka_unit_test(test_view_names_resources_holders_and_the_deadlock),
        cmocka_unit_test(test_resource_row_tooltip_says_value_capacity_and_waiters),
        cmocka_unit_test(test_random_scenarios_keep_capacity_and_report_every_stuck_wait),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
