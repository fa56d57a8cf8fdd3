/* test_tasks.c — tasks inside a request (spawn, await, gather, offload, N * (...)) under the four
 * models, against answers computed by hand; determinism and "every spawned task ends". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lay_agg.h"
#include "lay_view.h"
#include "scn.h"
#include "sim.h"
#include "test_util.h"

#define MS INT64_C(1000000)
#define US INT64_C(1000)

/* Every cost zero (profile ideal: no start-up, call CPU or hand-over either), the GIL off unless a
 * case turns it on: no hidden term in the answers. */
static const char *const FREE =
    TU_FREE_COSTS;

typedef struct {
    scn s;
    trc t;
    sim_metrics m;
} run_t;

static void run_set(run_t *r, const char *body, const char *model, const char *extra, const char *set2)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s%s", FREE, extra ? extra : "gil off\n", body);
    sl_err err = {0};
    memset(r, 0, sizeof *r);
    if (!scn_parse("t.scn", text, strlen(text), &r->s, &err))
        fail_msg("parse: %s", err.msg);
    char set[64];
    snprintf(set, sizeof set, "model=%s", model);
    if (!scn_set(&r->s, set, &err) || (set2 && !scn_set(&r->s, set2, &err)))
        fail_msg("set: %s", err.msg);
    sim_opts o = {.record_trace = true};
    if (!sim_run(&r->s, &o, &r->t, &r->m, &err))
        fail_msg("run (%s): %s", model, err.msg);
}

static void run_text(run_t *r, const char *body, const char *model, const char *extra)
{
    run_set(r, body, model, extra, NULL);
}

static void done(run_t *r)
{
    trc_free(&r->t);
    scn_free(&r->s);
}

/* The end of the first instance of template NAME (request or task). */
static int64_t end_of(const run_t *r, const char *name)
{
    for (size_t i = 0; i < r->t.nreqs; i++)
        if (strcmp(r->t.tmpls[r->t.reqs[i].tmpl].name, name) == 0)
            return r->t.reqs[i].end;
    fail_msg("no instance of %s", name);
    return -1;
}

static const trc_req *task_rec(const run_t *r, const char *name, uint32_t instance)
{
    for (size_t i = 0; i < r->t.nreqs; i++)
        if ((r->t.reqs[i].flags & TRC_REQ_TASK) && r->t.reqs[i].instance == instance &&
            strcmp(r->t.tmpls[r->t.reqs[i].tmpl].name, name) == 0)
            return &r->t.reqs[i];
    fail_msg("no task %s #%u", name, instance);
    return NULL;
}

static int32_t lane_named(const run_t *r, const char *name)
{
    for (size_t l = 0; l < r->t.nlanes; l++)
        if (strcmp(r->t.lanes[l].name, name) == 0)
            return (int32_t)l;
    return -1;
}

/* Every task the run spawned has ended, done, after its spawn. */
static void check_every_task_ended(const run_t *r)
{
    for (size_t i = 0; i < r->t.nreqs; i++) {
        const trc_req *q = &r->t.reqs[i];
        if (!(q->flags & TRC_REQ_TASK))
            continue;
        assert_true(q->flags & TRC_REQ_DONE);
        assert_true(q->end >= q->start && q->start >= q->arrival);
        assert_true(q->parent >= 0 && (size_t)q->parent < r->t.nreqs);
    }
}

/* ---- analytic cases: one scenario, one model, the makespan by hand ------------------------- */

typedef struct {
    const char *name;
    const char *body;
    const char *model;
    const char *extra;      /* NULL: gil off */
    int64_t makespan;
} task_case;

#define GATHER3 "task fetch : io 10ms\nrequest page : gather 3 fetch\n"
#define GATHER3_CPU "task fetch : cpu 1ms ; io 10ms\nrequest page : gather fetch fetch fetch\n"
#define SPAWN_IO "task t : io 10ms\nrequest r : spawn t as h ; cpu 10ms ; await h\n"
#define CRUNCH2_PROC "cores 2\ntask crunch : cpu 80ms\npool cpu processes=2\n" \
                     "request a : offload cpu crunch\nrequest b : offload cpu crunch\n"
#define CRUNCH2_THR "cores 2\ntask crunch : cpu 80ms\npool cpu threads=2\n" \
                    "request a : offload cpu crunch\nrequest b : offload cpu crunch\n"
#define GIL "gil on\n"
#define AWAIT_ALL "task t : io 10ms\ntask u : io 20ms\nrequest r : spawn t ; spawn u ; await all ; cpu 1ms\n"

static const task_case CASES[] = {
    /* gather 3 fetch: one fetch's time where the waits overlap, three in sequence */
    {"gather, coroutines: one fetch", GATHER3, "coroutines", NULL, 10 * MS},
    {"gather, threads: one fetch", GATHER3, "threads", NULL, 10 * MS},
    {"gather, processes: one fetch", GATHER3, "processes", NULL, 10 * MS},
    {"gather, sequential: three fetches", GATHER3, "sequential", NULL, 30 * MS},
    /* with 1 ms of CPU each on one core: the CPU in turn, the waits together (last ends 3 + 10) */
    {"gather with cpu, coroutines", GATHER3_CPU, "coroutines", NULL, 13 * MS},
    {"gather with cpu, threads", GATHER3_CPU, "threads", NULL, 13 * MS},
    {"gather with cpu, sequential", GATHER3_CPU, "sequential", NULL, 33 * MS},
    /* spawn + await of an IO task: threads overlap it with the parent's cpu; a coroutine task
     * first runs when the spawner awaits (after its 10 ms of cpu); sequential runs it at once */
    {"spawn io task, threads overlap", SPAWN_IO, "threads", NULL, 10 * MS},
    {"spawn io task, processes overlap", SPAWN_IO, "processes", NULL, 10 * MS},
    {"spawn io task, coroutines: starts at the await", SPAWN_IO, "coroutines", NULL, 20 * MS},
    {"spawn io task, sequential: a call", SPAWN_IO, "sequential", NULL, 20 * MS},
    {"spawn then io, coroutines: the task runs during the io",
     "task t : io 10ms\nrequest r : spawn t as h ; io 5ms ; await h\n", "coroutines", NULL, 10 * MS},
    /* await all waits for every spawned task, the longest last */
    {"await all, threads", AWAIT_ALL, "threads", NULL, 21 * MS},
    {"await all, coroutines", AWAIT_ALL, "coroutines", NULL, 21 * MS},
    /* a 2-process pool: two 80 ms CPU tasks in 80 ms on 2 cores; a 2-thread pool with the GIL: 160 */
    {"process pool, 2 cores", CRUNCH2_PROC, "coroutines", GIL, 80 * MS},
    {"process pool, sequential main", CRUNCH2_PROC, "sequential", GIL, 160 * MS},
    {"thread pool with the GIL", CRUNCH2_THR, "coroutines", GIL, 160 * MS},
    {"thread pool without the GIL", CRUNCH2_THR, "coroutines", NULL, 80 * MS},
    {"threads model, gather with the GIL", "cores 2\ntask crunch : cpu 80ms\nrequest r : gather 2 crunch\n",
     "threads", GIL, 160 * MS},
    {"processes model, gather on 2 cores", "cores 2\ntask crunch : cpu 80ms\nrequest r : gather 2 crunch\n",
     "processes", GIL, 80 * MS},
    /* three calls of a gather in flight at once on a 3-core server (one request, many calls) */
    {"gather of calls, server cores in parallel", "server web cores=3\ntask fetch : call web latency=5ms serve=2ms\n"
     "request page : gather 3 fetch\n", "coroutines", NULL, 12 * MS},
    /* a one-thread pool serves offloads in FIFO order */
    {"one-worker pool queues", "task p : block 10ms\npool w threads=1\n"
     "request a : offload w p\nrequest b : offload w p\nrequest c : offload w p\n", "threads", NULL, 30 * MS},
    /* N * (...) */
    {"repeat, sequential", "request batch : 3 * (cpu 1ms ; io 2ms) ; cpu 1ms\n", "sequential", NULL, 10 * MS},
    {"nested repeat", "request r : 2 * (cpu 1ms ; 3 * (io 1ms)) ; cpu 1ms\n", "threads", NULL, 9 * MS},
    {"spawn in a repeat, awaited each round", "task t : io 4ms\nrequest r : 3 * (spawn t as h ; cpu 1ms ; await h)\n",
     "threads", NULL, 12 * MS},
    /* a spawned task that spawns and gathers */
    {"tasks spawn tasks", "task leaf : io 5ms\ntask mid : gather 2 leaf ; cpu 1ms\nrequest r : gather 2 mid\n",
     "coroutines", NULL, 7 * MS},
    {"tasks spawn tasks, sequential", "task leaf : io 5ms\ntask mid : gather 2 leaf ; cpu 1ms\n"
     "request r : gather 2 mid\n", "sequential", NULL, 22 * MS},
};

static void test_analytic_cases(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        run_t r;
        run_text(&r, CASES[i].body, CASES[i].model, CASES[i].extra);
        if (r.m.makespan_ns != CASES[i].makespan) {
            print_error("%s: makespan %lld, expected %lld\n", CASES[i].name, (long long)r.m.makespan_ns,
                        (long long)CASES[i].makespan);
            bad++;
        }
        check_every_task_ended(&r);
        done(&r);
    }
    assert_int_equal(bad, 0);
}

/* Offloading a 40 ms blocking call to a 4-thread pool leaves the loop free: the other request ends
 * at 25 ms; blocking the loop itself delays it to 65 ms. */
static void test_offload_leaves_the_loop_free(void **state)
{
    (void)state;
    const char *other = "request b : cpu 10ms ; io 5ms ; cpu 10ms\n";
    char text[512];
    run_t r;
    snprintf(text, sizeof text, "task parse : block 40ms\npool io threads=4\nrequest a : offload io parse\n%s", other);
    run_text(&r, text, "coroutines", NULL);
    assert_int_equal(end_of(&r, "b"), 25 * MS);
    assert_int_equal(end_of(&r, "a"), 40 * MS);
    assert_true(lane_named(&r, "io #1") >= 0 && lane_named(&r, "io #4") >= 0);
    assert_int_equal(r.t.lanes[lane_named(&r, "io #1")].pool, 0);
    check_every_task_ended(&r);
    done(&r);
    snprintf(text, sizeof text, "request a : block 40ms\n%s", other);
    run_text(&r, text, "coroutines", NULL);
    assert_int_equal(end_of(&r, "b"), 65 * MS);
    done(&r);
}

/* asyncio.create_task: the task joins the back of the loop's FIFO, behind what is already ready. */
static void test_coroutine_task_runs_after_the_ready_ones(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, "task t : cpu 1ms\nrequest a : cpu 1ms ; spawn t ; io 1ms\nrequest b : cpu 5ms\n", "coroutines", NULL);
    const trc_req *t = task_rec(&r, "t", 0);
    assert_int_equal(t->arrival, 1 * MS);
    assert_int_equal(t->end, 7 * MS);
    int32_t lane = lane_named(&r, "t");
    assert_true(lane >= 0);
    size_t n;
    const trc_seg *sg = trc_lane_segs(&r.t, (uint32_t)lane, &n);
    assert_true(n == 2 && sg[0].state == TRC_READY && sg[1].state == TRC_RUN && sg[1].t0 == 6 * MS);
    assert_int_equal(r.t.lanes[lane].kind, TRC_LANE_CORO);
    assert_int_equal(r.t.lanes[lane].spawner, r.t.reqs[0].lane);
    done(&r);
}

/* The spawn cost is paid on the spawner's lane (threads), and the trace holds the spawn and join
 * arrows: spawner -> task at the spawn, task end -> spawner at the await's return. The main unit
 * pays only for the request's own thread (0-1 ms); r pays for t (1-2 ms), t waits 2-12 ms. */
static void test_spawn_cost_on_the_spawner_and_arrows(void **state)
{
    (void)state;
    run_t r;
    run_set(&r, "task t : io 10ms\nrequest r : spawn t as h ; cpu 2ms ; await h ; cpu 1ms\n", "threads", NULL,
            "spawn.thread=1ms");
    int32_t parent = r.t.reqs[0].lane, child = lane_named(&r, "t");
    assert_true(parent >= 0 && child >= 0);
    assert_int_equal(r.t.lanes[child].spawner, parent);
    size_t n;
    const trc_seg *sg = trc_lane_segs(&r.t, (uint32_t)parent, &n);
    assert_true(n >= 1);
    assert_int_equal(sg[0].state, TRC_SPAWN);
    assert_int_equal(sg[0].t0, 1 * MS);
    assert_int_equal(sg[0].t1, 2 * MS);
    bool awaiting = false;
    for (size_t i = 0; i < n; i++)
        awaiting |= sg[i].state == TRC_AWAIT && sg[i].t0 == 4 * MS && sg[i].t1 == 12 * MS;
    assert_true(awaiting);
    int32_t main_lane = lane_named(&r, "main");
    assert_true(main_lane >= 0);
    sg = trc_lane_segs(&r.t, (uint32_t)main_lane, &n);
    assert_true(n == 1 && sg[0].state == TRC_SPAWN && sg[0].t0 == 0 && sg[0].t1 == 1 * MS);
    int spawns = 0, joins = 0;
    for (size_t i = 0; i < r.t.nmsgs; i++) {
        const trc_msg *m = &r.t.msgs[i];
        if (m->kind == TRC_MSG_SPAWN && m->from == (uint32_t)parent && m->to == (uint32_t)child && m->t0 == 2 * MS)
            spawns++;
        if (m->kind == TRC_MSG_JOIN && m->from == (uint32_t)child && m->to == (uint32_t)parent && m->t0 == 12 * MS &&
            m->t1 == 12 * MS)
            joins++;
    }
    assert_int_equal(spawns, 1);
    assert_int_equal(joins, 1);
    assert_int_equal(r.m.makespan_ns, 13 * MS);
    done(&r);
}

/* Gather names its tasks `fetch #1`..`#3` and joins each to its spawner when the gather returns. */
static void test_gather_lanes_and_joins(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, "task fetch : io 10ms\nrequest page : gather 3 fetch ; cpu 1ms\n", "coroutines", NULL);
    assert_true(lane_named(&r, "fetch #1") >= 0 && lane_named(&r, "fetch #3") >= 0);
    int joins = 0;
    for (size_t i = 0; i < r.t.nmsgs; i++)
        joins += r.t.msgs[i].kind == TRC_MSG_JOIN && r.t.msgs[i].t1 == 10 * MS;
    assert_int_equal(joins, 3);
    assert_int_equal(r.m.requests, 1);   /* tasks are not requests */
    assert_int_equal(r.m.completed, 1);
    done(&r);
}

/* Inside N * (...), a random duration is drawn anew at each round (and the same way every run). */
static void test_repeat_draws_anew_each_round(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, "request a : 3 * (cpu uniform(1ms,9ms) ; io 1ms)\n", "sequential", NULL);
    size_t n;
    int32_t lane = r.t.reqs[0].lane;
    const trc_seg *sg = trc_lane_segs(&r.t, (uint32_t)lane, &n);
    int64_t d[3];
    int k = 0;
    for (size_t i = 0; i < n && k < 3; i++)
        if (sg[i].state == TRC_RUN)
            d[k++] = sg[i].t1 - sg[i].t0;
    assert_int_equal(k, 3);
    assert_true(d[0] != d[1] || d[1] != d[2]);
    assert_int_equal(r.m.makespan_ns, d[0] + d[1] + d[2] + 3 * MS);
    done(&r);
}

/* A mixed program, twice per model: the same trace byte for byte, every task ended. */
static void test_deterministic_and_every_task_ends(void **state)
{
    (void)state;
    static const char *const models[] = {"sequential", "processes", "threads", "coroutines"};
    const char *body =
        "server web cores=2\n"
        "task fetch : cpu exp(1ms) ; call web latency=exp(5ms) serve=uniform(1ms,3ms) ; cpu 200us\n"
        "task crunch : cpu uniform(5ms,15ms)\n"
        "task parse : block exp(4ms)\n"
        "task fan : gather 3 fetch ; spawn crunch as c ; await c\n"
        "pool io threads=2\npool cpu processes=2\n"
        "repeat 5 every=3ms request page : cpu 1ms ; gather fetch fan ; 2 * (offload io parse ; offload cpu crunch)\n"
        "repeat 3 rate=200/s request bg : spawn fan ; spawn fetch as f ; cpu 2ms ; await f ; await all\n";
    for (int m = 0; m < 4; m++) {
        run_t a, b;
        run_text(&a, body, models[m], "cores 2\ngil on\n");
        run_text(&b, body, models[m], "cores 2\ngil on\n");
        assert_true(tu_same_trace(&a.t, &b.t));
        assert_int_equal(a.m.completed, 8);
        check_every_task_ended(&a);
        done(&a);
        done(&b);
    }
}

/* ---- random programs with tasks: invariants ------------------------------------------------- */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

/* A random body: steps that take time, and spawns, gathers and offloads of tasks numbered above
 * `self` (so no task spawns itself), a repeat, each spawned handle awaited later or by `await all`. */
static size_t random_body(uint64_t *rs, char *out, size_t outlen, int self, int ntasks)
{
    size_t n = 0;
    int steps = (int)(1 + lcg(rs) % 6), handles = 0, open = 0;
    for (int k = 0; k < steps; k++) {
        const char *sep = k ? " ;" : "";
        int d = (int)(lcg(rs) % 500), t = self + 1 + (int)(lcg(rs) % 4);
        bool task = t < ntasks;
        switch (lcg(rs) % 8) {
        case 0: n += (size_t)snprintf(out + n, outlen - n, "%s cpu %dus", sep, d); break;
        case 1: n += (size_t)snprintf(out + n, outlen - n, "%s io %dus", sep, d); break;
        case 2: n += (size_t)snprintf(out + n, outlen - n, "%s call s latency=%dus serve=%dus", sep, d, d / 2); break;
        case 3:
            if (task) {
                n += (size_t)snprintf(out + n, outlen - n, "%s spawn t%d as h%d", sep, t, handles++);
                open++;
            } else {
                n += (size_t)snprintf(out + n, outlen - n, "%s block %dus", sep, d);
            }
            break;
        case 4:
            if (open) {
                n += (size_t)snprintf(out + n, outlen - n, "%s await h%d", sep, handles - open--);
                break;
            }
            /* fall through */
        case 5:
            n += (size_t)snprintf(out + n, outlen - n, task ? "%s gather %d t%d" : "%s cpu %dus", sep,
                                  task ? (int)(1 + lcg(rs) % 3) : d, t);
            break;
        case 6:
            n += (size_t)snprintf(out + n, outlen - n, task ? "%s offload p%d t%d" : "%s io %dus", sep,
                                  task ? (int)(lcg(rs) % 2) : d, t);
            break;
        default:
            n += (size_t)snprintf(out + n, outlen - n, "%s %d * (cpu %dus ; io %dus)", sep, (int)(1 + lcg(rs) % 3),
                                  d, d);
        }
    }
    if (open)
        n += (size_t)snprintf(out + n, outlen - n, " ; await all");
    return n;
}

static void random_program(uint64_t *rs, char *out, size_t outlen, int *nreq)
{
    static const char *const models[] = {"sequential", "processes", "threads", "coroutines"};
    size_t n = (size_t)snprintf(out, outlen,
        "model %s\ncores %d\nswitch process=%dus thread=%dus coroutine=%dus\n"
        "spawn process=%dus thread=%dus coroutine=%dus\ngil %s\nserver s cores=%d\n"
        "pool p0 threads=%d\npool p1 processes=%d\n",
        models[lcg(rs) % 4], (int)(1 + lcg(rs) % 3), (int)(lcg(rs) % 20), (int)(lcg(rs) % 20), (int)(lcg(rs) % 5),
        (int)(lcg(rs) % 200), (int)(lcg(rs) % 50), (int)(lcg(rs) % 10), lcg(rs) % 2 ? "on" : "off",
        (int)(1 + lcg(rs) % 4), (int)(1 + lcg(rs) % 3), (int)(1 + lcg(rs) % 2));
    int ntasks = (int)(1 + lcg(rs) % 5);
    for (int t = 0; t < ntasks; t++) {
        n += (size_t)snprintf(out + n, outlen - n, "task t%d :", t);
        n += random_body(rs, out + n, outlen - n, t, ntasks);
        n += (size_t)snprintf(out + n, outlen - n, "\n");
    }
    *nreq = (int)(1 + lcg(rs) % 4);
    for (int q = 0; q < *nreq; q++) {
        n += (size_t)snprintf(out + n, outlen - n, "request r%d at=%dus :", q, (int)(lcg(rs) % 1000));
        n += random_body(rs, out + n, outlen - n, -1, ntasks);
        n += (size_t)snprintf(out + n, outlen - n, "\n");
    }
}

/* Random programs: each runs (twice, the same trace), every request ends, every task ends after
 * its spawn, each lane's segments are sorted and disjoint, each task has at most one join arrow
 * and a spawn arrow unless it was a sequential call. */
static void test_random_programs_keep_the_invariants(void **state)
{
    (void)state;
    uint64_t rs = 7;
    for (int iter = 0; iter < 200; iter++) {
        char text[16384];
        int nreq;
        random_program(&rs, text, sizeof text, &nreq);
        run_t a, b;
        sl_err err = {0};
        int deadlocks = 0;
        for (run_t *r = &a; r; r = r == &a ? &b : NULL) {
            memset(r, 0, sizeof *r);
            if (!scn_parse("t.scn", text, strlen(text), &r->s, &err))
                fail_msg("parse: %s\n%s", err.msg, text);
            sim_opts o = {.record_trace = true};
            if (!sim_run(&r->s, &o, &r->t, &r->m, &err))
                fail_msg("run: %s\n%s", err.msg, text);
            /* a task offloaded from a pool's worker to the same pool can wait forever: a deadlock report */
            deadlocks += r->m.deadlock_units > 0;
        }
        if (deadlocks) {
            assert_int_equal(deadlocks, 2);
            assert_true(a.t.deadlock.on && a.m.deadlock_ns == b.m.deadlock_ns);
            done(&a);
            done(&b);
            continue;
        }
        assert_true(tu_same_trace(&a.t, &b.t));
        if (a.m.completed + a.m.failed != (uint64_t)nreq)
            fail_msg("requests %llu + %llu of %d:\n%s", (unsigned long long)a.m.completed,
                     (unsigned long long)a.m.failed, nreq, text);
        check_every_task_ended(&a);
        for (uint32_t l = 0; l < a.t.nlanes; l++) {
            size_t n;
            const trc_seg *sg = trc_lane_segs(&a.t, l, &n);
            for (size_t i = 0; i < n; i++)
                assert_true(sg[i].t0 < sg[i].t1 && (i == 0 || sg[i - 1].t1 <= sg[i].t0));
        }
        uint32_t *spawns = calloc(a.t.nreqs + 1, sizeof *spawns), *joins = calloc(a.t.nreqs + 1, sizeof *joins);
        assert_non_null(spawns);
        assert_non_null(joins);
        for (size_t i = 0; i < a.t.nmsgs; i++) {
            const trc_msg *m = &a.t.msgs[i];
            if (m->kind == TRC_MSG_SPAWN)
                spawns[m->req]++;
            if (m->kind == TRC_MSG_JOIN)
                joins[m->req]++;
        }
        bool seq = a.s.cfg.model == SCN_SEQUENTIAL;
        for (size_t i = 0; i < a.t.nreqs; i++) {
            if (!(a.t.reqs[i].flags & TRC_REQ_TASK))
                continue;
            assert_true(joins[i] <= 1);
            assert_true(spawns[i] <= 1);
            assert_true(seq || spawns[i] == 1);
        }
        free(spawns);
        free(joins);
        done(&a);
        done(&b);
    }
}

/* Every worker of a pool awaiting work queued behind it in the same pool: the run stops and says so
 * (concurrent.futures deadlocks the same way). */
static void test_nested_offload_deadlock_is_reported(void **state)
{
    (void)state;
    char text[512];
    snprintf(text, sizeof text, "%spool p threads=1\ntask inner : cpu 1ms\ntask outer : cpu 2ms ; offload p inner\n"
             "request r : offload p outer\n", FREE);
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        scn s;
        sl_err err = {0};
        assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
        s.cfg.model = (uint8_t)m;
        sim_metrics met;
        sim_opts o = {.record_trace = true};
        trc t;
        assert_true(sim_run(&s, &o, &t, &met, &err));
        /* the run stops when nothing is left to happen and reports who waits for what */
        assert_int_equal(met.deadlock_units, 2);
        assert_int_equal(met.deadlock_ns, 2000000);
        assert_true(t.deadlock.on && t.deadlock.nunits == 2);
        assert_string_equal(t.deadlock.units[0].unit, "r");
        assert_string_equal(t.deadlock.units[0].waits, "task outer");
        assert_string_equal(t.deadlock.units[1].unit, "outer");
        assert_string_equal(t.deadlock.units[1].waits, "task inner (queued in pool p, every worker busy)");
        assert_int_equal(met.completed, 0);
        trc_free(&t);
        scn_free(&s);
    }
}

/* A task that spawns itself without end stops at the depth limit, with a message. */
static void test_recursion_stops_with_a_message(void **state)
{
    (void)state;
    static const char *const models[] = {"sequential", "threads", "coroutines"};
    for (int m = 0; m < 3; m++) {
        scn s;
        sl_err err = {0};
        const char *text = "task a : cpu 1us ; spawn a as h ; await h\nrequest r : spawn a as h ; await h\n";
        assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
        char set[32];
        snprintf(set, sizeof set, "model=%s", models[m]);
        assert_true(scn_set(&s, set, &err));
        sim_metrics met;
        sim_opts o = {.record_trace = false};
        assert_false(sim_run(&s, &o, NULL, &met, &err));
        assert_string_equal(err.msg, "schedlab: error: task 'a' spawned 1001 deep (limit is 1000): does a task "
                                     "spawn itself without end?");
        scn_free(&s);
    }
}

/* The tooltip of an await names the task awaited; a task's names its parent; a body lists its tasks. */
static void test_tooltips_name_parent_tasks_and_awaited(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, "task t : io 10ms\nrequest r : spawn t as h ; cpu 2ms ; await h\n", "threads", NULL);
    int32_t parent = r.t.reqs[0].lane, child = lane_named(&r, "t");
    size_t n;
    const trc_seg *sg = trc_lane_segs(&r.t, (uint32_t)parent, &n);
    size_t k = 0;
    while (k < n && sg[k].state != TRC_AWAIT)
        k++;
    assert_true(k < n);
    lay_seg_info si = {(size_t)(sg + k - r.t.segs), (uint32_t)parent, TRC_AWAIT, sg[k].req, NULL, sg[k].t0,
                       sg[k].t1 - sg[k].t0};
    char buf[1024];
    lay_describe_seg(&r.t, LAY_LANG_EN, &si, buf, sizeof buf);
    assert_non_null(strstr(buf, "r: awaiting a task"));
    assert_non_null(strstr(buf, "\nawaits: t #1"));
    assert_non_null(strstr(buf, "\nits tasks: t #1"));
    lay_describe_seg(&r.t, LAY_LANG_FR, &si, buf, sizeof buf);
    assert_non_null(strstr(buf, "\nattend: t #1"));
    sg = trc_lane_segs(&r.t, (uint32_t)child, &n);
    si = (lay_seg_info){(size_t)(sg - r.t.segs), (uint32_t)child, (trc_state)sg[0].state, sg[0].req, NULL, sg[0].t0,
                        sg[0].t1 - sg[0].t0};
    lay_describe_seg(&r.t, LAY_LANG_EN, &si, buf, sizeof buf);
    assert_non_null(strstr(buf, "\nspawned by: r #1"));
    done(&r);
}

/* A pool's group: its workers' lanes under the pool's name, and the queue of offloaded tasks as a
 * step function (six offloads 1 ms apart onto two workers busy 10 ms: up to four wait). */
static void test_pool_group_and_its_queue(void **state)
{
    (void)state;
    run_t r;
    run_text(&r, "pool w threads=2\ntask p : block 10ms\nrepeat 6 every=1ms request q : cpu 1ms ; offload w p\n",
             "coroutines", NULL);
    lay_ctx c;
    sl_err err = {0};
    assert_true(lay_init(&c, &r.t, &err));
    uint32_t g = 0;
    while (g < c.ngroups && c.groups[g].kind != LAY_GROUP_POOL)
        g++;
    assert_true(g < c.ngroups);
    assert_int_equal(c.groups[g].count, 2);
    assert_string_equal(lay_group_title(&c, LAY_LANG_EN, g), "w");
    lay_agg_steps st;
    assert_true(lay_agg_series(&c, g, LAY_AGG_QUEUE, &st));
    assert_int_equal(st.max, 4);
    assert_int_equal(st.t[0], 3 * MS);   /* the third offload is the first to wait */
    assert_int_equal(st.v[0], 1);
    lay_free(&c);
    done(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analytic_cases),
        cmocka_unit_test(test_offload_leaves_the_loop_free),
        cmocka_unit_test(test_coroutine_task_runs_after_the_ready_ones),
        cmocka_unit_test(test_spawn_cost_on_the_spawner_and_arrows),
        cmocka_unit_test(test_gather_lanes_and_joins),
        cmocka_unit_test(test_repeat_draws_anew_each_round),
        cmocka_unit_test(test_deterministic_and_every_task_ends),
        cmocka_unit_test(test_recursion_stops_with_a_message),
        cmocka_unit_test(test_tooltips_name_parent_tasks_and_awaited),
        cmocka_unit_test(test_random_programs_keep_the_invariants),
        cmocka_unit_test(test_nested_offload_deadlock_is_reported),
        cmocka_unit_test(test_pool_group_and_its_queue),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
