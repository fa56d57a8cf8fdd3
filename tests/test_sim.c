/* test_sim.c — the engine against answers computed by hand, and invariants on random scenarios. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scn.h"
#include "sim.h"
#include "test_util.h"

#define MS INT64_C(1000000)
#define US INT64_C(1000)

/* Every cost zero: what the tests below compute by hand has no hidden term (profile ideal: the
 * creation split, call CPU and GIL hand-over at 0 too). */
static const char *const FREE =
    TU_FREE_COSTS "gil off\n";

typedef struct {
    scn s;
    trc t;
    sim_metrics m;
} run_t;

/* Parses prelude + body, applies sets (NULL-terminated), runs with a trace. */
static void run(run_t *r, const char *prelude, const char *body, const char *const *sets)
{
    char text[8192];
    snprintf(text, sizeof text, "%s%s", prelude ? prelude : "", body);
    sl_err err = {0};
    memset(r, 0, sizeof *r);
    if (!scn_parse("t.scn", text, strlen(text), &r->s, &err))
        fail_msg("parse: %s", err.msg);
    for (int i = 0; sets && sets[i]; i++)
        if (!scn_set(&r->s, sets[i], &err))
            fail_msg("set: %s", err.msg);
    sim_opts o = {.record_trace = true};
    if (!sim_run(&r->s, &o, &r->t, &r->m, &err))
        fail_msg("run: %s", err.msg);
}

static void done(run_t *r)
{
    trc_free(&r->t);
    scn_free(&r->s);
}

static const char *const TWO_PAGES =
    "server foo\nserver bar\n"
    "request a : cpu 3ms ; call foo latency=4ms serve=3ms ; cpu 3ms\n"
    "request b : cpu 3ms ; call bar latency=4ms serve=3ms ; cpu 3ms\n";

/* ---- analytic cases, one row each --------------------------------------------------------- */

typedef struct {
    const char *name;
    const char *body;
    const char *sets[8];
    int64_t makespan;
    uint64_t completed, failed, switches;
    int64_t overhead;
} analytic_case;

static const analytic_case CASES[] = {
    {"sequential is the sum of both requests", NULL, {"model=sequential"}, 34 * MS, 2, 0, 0, 0},
    {"threads on one core overlap the waits", NULL, {"model=threads"}, 20 * MS, 2, 0, 3, 0},
    {"processes on one core overlap the waits", NULL, {"model=processes"}, 20 * MS, 2, 0, 3, 0},
    {"coroutines overlap the waits, switching at awaits", NULL, {"model=coroutines"}, 20 * MS, 2, 0, 3, 0},
    {"coroutines sharing one single-core server queue there",
     "server s\nrequest a : call s latency=1ms serve=10ms\nrequest b : call s latency=1ms serve=10ms\n",
     {"model=coroutines"}, 22 * MS, 2, 0, 3, 0},
    {"coroutines with a server each do not queue",
     "server s\nserver u\nrequest a : call s latency=1ms serve=10ms\nrequest b : call u latency=1ms serve=10ms\n",
     {"model=coroutines"}, 12 * MS, 2, 0, 3, 0},
    {"a two-core server serves two calls at once",
     "server s cores=2\nrequest a : call s latency=1ms serve=10ms\nrequest b : call s latency=1ms serve=10ms\n",
     {"model=threads"}, 12 * MS, 2, 0, 0, 0},
    {"CPU-bound threads on 2 cores without the GIL run in parallel",
     "request a : cpu 10ms\nrequest b : cpu 10ms\n", {"model=threads", "cores=2", "gil=off"}, 10 * MS, 2, 0, 0, 0},
    {"CPU-bound threads on 2 cores with the GIL run one at a time",
     "request a : cpu 10ms\nrequest b : cpu 10ms\n", {"model=threads", "cores=2", "gil=on", "switchinterval=5ms"},
     20 * MS, 2, 0, 3, 0},
    {"CPU-bound processes on 2 cores ignore the GIL",
     "request a : cpu 10ms\nrequest b : cpu 10ms\n", {"model=processes", "cores=2", "gil=on"}, 10 * MS, 2, 0, 0, 0},
    {"memory budget: the third 10MiB process fails at once",
     "request a : cpu 1ms\nrequest b : cpu 1ms\nrequest c : cpu 1ms\n",
     {"model=processes", "memory.budget=25MiB", "memory.process=10MiB"}, 2 * MS, 2, 1, 1, 0},
    {"round robin on one core pays a switch per slice change",
     "request a : cpu 3ms\nrequest b : cpu 3ms\n", {"model=threads", "timeslice=1ms", "switch.thread=100us"},
     6500 * US, 2, 0, 5, 500 * US},
    {"spawning processes costs CPU on the main unit",
     "request a : cpu 2ms\nrequest b : cpu 2ms\n", {"model=processes", "spawn.process=1ms"}, 6 * MS, 2, 0, 2,
     2 * MS},
    {"a blocking call in a coroutine holds the loop",
     "request a : cpu 1ms ; block 5ms ; cpu 1ms\nrequest b : cpu 1ms ; io 1ms ; cpu 1ms\n",
     {"model=coroutines"}, 10 * MS, 2, 0, 1, 0},
    {"threads do not block each other on a blocking call",
     "request a : cpu 1ms ; block 5ms ; cpu 1ms\nrequest b : cpu 1ms ; io 1ms ; cpu 1ms\n",
     {"model=threads"}, 7 * MS, 2, 0, 2, 0},
    {"a pool of one worker is sequential",
     "request a : cpu 1ms ; io 5ms\nrequest b : cpu 1ms ; io 5ms\n", {"model=threads", "workers=1"}, 12 * MS, 2, 0,
     0, 0},
    {"two loops on two cores run coroutines in parallel",
     "request a : cpu 5ms\nrequest b : cpu 5ms\n", {"model=coroutines", "workers=2", "cores=2"}, 5 * MS, 2, 0, 0, 0},
    /* The rules real runs showed (docs/model.md). Main spawns a [0,1] ms; a runs [1,1.5] on core 1
     * and ends; b, created at 2 ms, finds a's 10 MiB given back (at arrival both would not fit). */
    {"memory is taken when a process is created, not at arrival",
     "request a : cpu 500us\nrequest b : cpu 500us\n",
     {"model=processes", "cores=2", "spawn.process=1ms", "memory.budget=15MiB", "memory.process=10MiB"},
     2500 * US, 2, 0, 1, 2 * MS},
    /* a: start-up [0,1], cpu [1,2]; b: start-up [2,3], cpu [3,4]. */
    {"the new process pays its own start-up before its first step",
     "request a : cpu 1ms\nrequest b : cpu 1ms\n", {"model=processes", "start.process=1ms"}, 4 * MS, 2, 0, 1, 2 * MS},
    /* 1 ms of CPU, the round trip (3 ms), 1 ms of CPU. */
    {"a call's client CPU: half before sending, half after the reply",
     "server s\nrequest a : call s latency=1ms serve=1ms\n", {"model=sequential", "callcpu.process=2ms"}, 5 * MS, 1,
     0, 0, 2 * MS},
    /* a computes [0,1] with the GIL, sends, b takes the GIL [1,9]; the reply is in at 4 but a waits
     * for the GIL until b's forced drop at 9 (4 + 5), computes [9,10]; b ends [10,12]. */
    {"a thread retakes the GIL for the second half of its call's CPU",
     "server s\nrequest a : call s latency=1ms serve=1ms\nrequest b : cpu 10ms\n",
     {"model=threads", "cores=2", "gil=on", "switchinterval=5ms", "callcpu.thread=2ms"}, 12 * MS, 2, 0, 3, 2 * MS},
    /* a opens [0,1], awaits the connect: b runs [1,6]; a writes [6,7], the reply is in at 10, a
     * reads and closes [10,11]. Switches: a -> b, b -> a. */
    {"a coroutine's connect is an await: its write waits for the loop",
     "server s\nrequest a : call s latency=1ms serve=1ms\nrequest b : cpu 5ms\n",
     {"model=coroutines", "callcpu.coroutine=3ms"}, 11 * MS, 2, 0, 2, 3 * MS},
    /* main holds the GIL while it creates a [0,1] and b [1,2]; a runs [2,7], b [7,8], a [8,13]. */
    {"the main thread needs the GIL to create a thread",
     "request a : cpu 10ms\nrequest b : cpu 1ms\n",
     {"model=threads", "cores=2", "gil=on", "switchinterval=5ms", "spawn.thread=1ms"}, 13 * MS, 2, 0, 3, 2 * MS},
    /* memory.at=arrival (the rule before): a and b arrive together, 20 MiB > 15 MiB: b fails; main
     * creates a [0,1], a runs [1,1.5] on core 0 after main (a switch). */
    {"memory.at=arrival takes the memory when the request arrives",
     "request a : cpu 500us\nrequest b : cpu 500us\n",
     {"model=processes", "cores=2", "spawn.process=1ms", "memory.budget=15MiB", "memory.process=10MiB",
      "memory.at=arrival"}, 1500 * US, 1, 1, 1, 1 * MS},
    /* gil.spawn=off: a takes the GIL at 1 ms and runs [1,6], b (created at 2) [6,7], a [7,12]. */
    {"gil.spawn=off: the main thread creates threads without the GIL",
     "request a : cpu 10ms\nrequest b : cpu 1ms\n",
     {"model=threads", "cores=2", "gil=on", "switchinterval=5ms", "spawn.thread=1ms", "gil.spawn=off"}, 12 * MS, 2, 0,
     2, 2 * MS},
    /* connect.await=off: a opens [0,1] and writes [1,2] at once, b runs [2,7], a's reply is in at 5,
     * a reads [7,8] once b is done. */
    {"connect.await=off: a coroutine's call is one await",
     "server s\nrequest a : call s latency=1ms serve=1ms\nrequest b : cpu 5ms\n",
     {"model=coroutines", "callcpu.coroutine=3ms", "connect.await=off"}, 8 * MS, 2, 0, 2, 3 * MS},
    /* a [0,5], b [6,10], a [11,15], b [16,20], a [21,22], b [23,25]: five hand-overs of 1 ms. */
    {"the GIL idles for the hand-over each time it changes hands",
     "request a : cpu 10ms\nrequest b : cpu 10ms\n",
     {"model=threads", "cores=2", "gil=on", "switchinterval=5ms", "handover=1ms"}, 25 * MS, 2, 0, 5, 0},
};

static void test_analytic_cases(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const analytic_case *c = &CASES[i];
        run_t r;
        run(&r, FREE, c->body ? c->body : TWO_PAGES, c->sets);
        printf("  %-62s makespan %lld ns, switches %llu\n", c->name, (long long)r.m.makespan_ns,
               (unsigned long long)r.m.context_switches);
        assert_int_equal(r.m.makespan_ns, c->makespan);
        assert_int_equal(r.m.completed, c->completed);
        assert_int_equal(r.m.failed, c->failed);
        assert_int_equal(r.m.context_switches, c->switches);
        assert_int_equal(r.m.cpu_overhead_ns, c->overhead);
        assert_int_equal(r.m.cpu_busy_ns, r.m.cpu_useful_ns + r.m.cpu_overhead_ns);
        done(&r);
    }
}

static void test_sequential_latencies_are_cumulative(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=sequential", NULL};
    run(&r, FREE, TWO_PAGES, sets);
    assert_int_equal(r.m.lat_max_ns, 34 * MS);
    assert_int_equal(r.m.lat_mean_ns, 25500 * US);
    assert_int_equal(r.m.cpu_useful_ns, 12 * MS);
    assert_int_equal(r.m.peak_concurrency, 2);
    done(&r);
}

static void test_zero_costs_never_dispatch_the_main_unit(void **state)
{
    (void)state;
    static const char *const models[] = {"model=processes", "model=threads", "model=coroutines"};
    for (int i = 0; i < 3; i++) {
        run_t r;
        const char *sets[] = {models[i], NULL};
        run(&r, FREE, TWO_PAGES, sets);
        for (size_t l = 0; l < r.t.nlanes; l++)
            assert_int_not_equal(r.t.lanes[l].kind, TRC_LANE_MAIN);
        assert_int_equal(r.m.cpu_overhead_ns, 0);
        assert_int_equal(r.m.cpu_busy_ns, r.m.cpu_useful_ns);
        done(&r);
    }
}

/* profile ideal: no overhead of any kind, whatever the model (python's GIL and memory stay). */
static void test_profile_ideal_has_no_overhead(void **state)
{
    (void)state;
    static const char *const models[] = {"model=sequential", "model=processes", "model=threads", "model=coroutines"};
    for (int i = 0; i < 4; i++) {
        run_t r;
        const char *sets[] = {models[i], "cores=2", NULL};
        run(&r, "profile ideal\n", TWO_PAGES, sets);
        const scn_config *c = &r.s.cfg;
        for (int k = 0; k < SCN_UNIT_KIND_COUNT; k++)
            assert_true(c->switch_cost[k] == 0 && c->spawn_cost[k] == 0 && c->start_cost[k] == 0 && c->call_cpu[k] == 0);
        assert_int_equal(c->gil_handover, 0);
        assert_true(c->gil);
        assert_int_equal(r.m.cpu_overhead_ns, 0);
        /* by hand: sequential 2 x 17 ms; processes compute in parallel on 2 cores (17 ms); threads
         * under the GIL and the one loop compute one at a time, the second request 3 ms later */
        static const int64_t want[] = {34 * MS, 17 * MS, 20 * MS, 20 * MS};
        assert_int_equal(r.m.makespan_ns, want[i]);
        done(&r);
    }
}

static void test_memory_is_counted_per_live_unit(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=threads", "memory.thread=1MiB", "memory.budget=1GiB", NULL};
    run(&r, FREE, "repeat 100 request a : io 10ms\n", sets);
    assert_int_equal(r.m.peak_memory_bytes, 100 << 20);
    assert_int_equal(r.m.failed, 0);
    done(&r);
    const char *tight[] = {"model=coroutines", "memory.coroutine=1MiB", "memory.budget=40MiB", NULL};
    run(&r, FREE, "repeat 100 request a : io 10ms\n", tight);
    assert_int_equal(r.m.peak_memory_bytes, 40 << 20);
    assert_int_equal(r.m.failed, 60);
    assert_int_equal(r.m.completed, 40);
    done(&r);
}

static void test_same_time_arrivals_start_in_file_order(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=sequential", NULL};
    run(&r, FREE, "request z : cpu 1ms\nrequest a : cpu 1ms\nrequest m at=0ns : cpu 1ms\n", sets);
    assert_int_equal(r.t.nreqs, 3);
    for (uint32_t i = 0; i < 3; i++) {
        assert_int_equal(r.t.reqs[i].tmpl, i);
        assert_int_equal(r.t.reqs[i].end, (int64_t)(i + 1) * MS);
    }
    done(&r);
}

static void test_messages_go_from_unit_to_server_and_back(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=threads", NULL};
    run(&r, FREE, TWO_PAGES, sets);
    assert_int_equal(r.t.nmsgs, 4);
    int req = 0, rep = 0;
    for (size_t i = 0; i < r.t.nmsgs; i++) {
        const trc_msg *m = &r.t.msgs[i];
        assert_int_equal(m->t1 - m->t0, 4 * MS);
        const trc_lane *from = &r.t.lanes[m->from], *to = &r.t.lanes[m->to];
        if (m->kind == TRC_MSG_REQUEST) {
            req++;
            assert_int_equal(from->kind, TRC_LANE_UNIT);
            assert_int_equal(to->kind, TRC_LANE_SERVER);
        } else {
            rep++;
            assert_int_equal(from->kind, TRC_LANE_SERVER);
            assert_int_equal(to->kind, TRC_LANE_UNIT);
        }
    }
    assert_int_equal(req, 2);
    assert_int_equal(rep, 2);
    done(&r);
}

static void test_coroutines_mark_awaits_and_returns(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=coroutines", NULL};
    run(&r, FREE, TWO_PAGES, sets);
    int awaits = 0, returns = 0;
    for (size_t i = 0; i < r.t.nmarks; i++) {
        awaits += r.t.marks[i].kind == TRC_MK_AWAIT;
        returns += r.t.marks[i].kind == TRC_MK_RETURN;
    }
    assert_int_equal(awaits, 2);
    assert_int_equal(returns, 2);
    done(&r);
}

/* ---- invariants on random scenarios --------------------------------------------------------- */

static uint64_t lcg(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return *s >> 33;
}

static void random_scenario(uint64_t *rs, char *out, size_t outlen, int64_t *cpu_demand, int *nreq)
{
    static const char *const models[] = {"sequential", "processes", "threads", "coroutines"};
    /* profile ideal: no call CPU nor start-up, so a request's running time is its cpu steps. */
    size_t n = (size_t)snprintf(out, outlen,
        "profile ideal\nmodel %s\ncores %d\ntimeslice %dus\nswitch process=%dus thread=%dus coroutine=%dus\n"
        "spawn process=%dus thread=%dus coroutine=%dus\ngil %s\nswitchinterval %dus\nworkers %d\n"
        "server s1 cores=%d\nserver s2\n",
        models[lcg(rs) % 4], (int)(1 + lcg(rs) % 4), (int)(100 + lcg(rs) % 5000), (int)(lcg(rs) % 30),
        (int)(lcg(rs) % 30), (int)(lcg(rs) % 5), (int)(lcg(rs) % 300), (int)(lcg(rs) % 100), (int)(lcg(rs) % 10),
        lcg(rs) % 2 ? "on" : "off", (int)(100 + lcg(rs) % 5000), (int)(lcg(rs) % 3 ? 0 : 1 + lcg(rs) % 3),
        (int)(1 + lcg(rs) % 2));
    *nreq = (int)(1 + lcg(rs) % 12);
    for (int q = 0; q < *nreq; q++) {
        n += (size_t)snprintf(out + n, outlen - n, "request r%d at=%dus :", q, (int)(lcg(rs) % 3000));
        int steps = (int)(1 + lcg(rs) % 5);
        cpu_demand[q] = 0;
        for (int k = 0; k < steps; k++) {
            int d = (int)(lcg(rs) % 2000);
            const char *sep = k ? " ;" : "";
            switch (lcg(rs) % 4) {
            case 0: n += (size_t)snprintf(out + n, outlen - n, "%s cpu %dus", sep, d); cpu_demand[q] += d * US; break;
            case 1: n += (size_t)snprintf(out + n, outlen - n, "%s io %dus", sep, d); break;
            case 2: n += (size_t)snprintf(out + n, outlen - n, "%s block %dus", sep, d); break;
            default:
                n += (size_t)snprintf(out + n, outlen - n, "%s call s%d latency=%dus serve=%dus", sep,
                                      (int)(1 + lcg(rs) % 2), (int)(lcg(rs) % 1000), d);
            }
        }
        n += (size_t)snprintf(out + n, outlen - n, "\n");
    }
}

static void check_lanes_sorted_and_disjoint(const trc *t)
{
    for (uint32_t l = 0; l < t->nlanes; l++) {
        size_t n;
        const trc_seg *s = trc_lane_segs(t, l, &n);
        for (size_t i = 0; i < n; i++) {
            assert_true(s[i].t0 < s[i].t1);
            assert_int_equal(s[i].lane, l);
            if (i)
                assert_true(s[i - 1].t1 <= s[i].t0);
        }
    }
}

static void check_cpu_demand(const trc *t, const int64_t *demand, int nreq)
{
    int64_t ran[64] = {0};
    for (size_t i = 0; i < t->nsegs; i++) {
        const trc_seg *s = &t->segs[i];
        if (t->lanes[s->lane].kind == TRC_LANE_CORE && s->state == TRC_RUN && s->req >= 0)
            ran[t->reqs[s->req].tmpl] += s->t1 - s->t0;
    }
    for (int q = 0; q < nreq; q++)
        assert_int_equal(ran[q], demand[q]);
}

static void test_random_scenarios_keep_the_invariants(void **state)
{
    (void)state;
    uint64_t rs = 42;
    for (int iter = 0; iter < 300; iter++) {
        char text[8192];
        int64_t demand[64];
        int nreq;
        random_scenario(&rs, text, sizeof text, demand, &nreq);
        run_t r;
        run(&r, NULL, text, NULL);
        assert_int_equal(r.m.completed + r.m.failed, (uint64_t)nreq);
        check_lanes_sorted_and_disjoint(&r.t);
        if (r.m.failed == 0)
            check_cpu_demand(&r.t, demand, nreq);
        for (size_t i = 1; i < r.t.nmarks; i++)
            assert_true(r.t.marks[i - 1].t <= r.t.marks[i].t);
        assert_true(r.m.cpu_busy_ns <= (int64_t)r.m.cores * r.m.makespan_ns);
        done(&r);
    }
}

static void test_same_seed_gives_the_same_trace_byte_for_byte(void **state)
{
    (void)state;
    const char *body = "server s cores=2\n"
                       "repeat 300 rate=2000/s request p : cpu exp(200us) ; call s latency=exp(1ms) serve=uniform(100us,900us) ; cpu 100us\n";
    static const char *const models[] = {"model=sequential", "model=processes", "model=threads", "model=coroutines"};
    for (int i = 0; i < 4; i++) {
        const char *sets[] = {models[i], "cores=2", NULL};
        run_t a, b;
        run(&a, NULL, body, sets);
        run(&b, NULL, body, sets);
        assert_int_equal(a.t.nsegs, b.t.nsegs);
        assert_memory_equal(a.t.segs, b.t.segs, a.t.nsegs * sizeof *a.t.segs);
        assert_int_equal(a.t.nmsgs, b.t.nmsgs);
        assert_memory_equal(a.t.msgs, b.t.msgs, a.t.nmsgs * sizeof *a.t.msgs);
        assert_memory_equal(&a.m, &b.m, sizeof a.m);
        done(&a);
        done(&b);
    }
}

static void test_another_seed_gives_another_trace(void **state)
{
    (void)state;
    const char *body = "repeat 50 rate=1000/s request p : cpu exp(200us)\n";
    const char *s1[] = {"seed=1", NULL}, *s2[] = {"seed=2", NULL};
    run_t a, b;
    run(&a, NULL, body, s1);
    run(&b, NULL, body, s2);
    assert_int_not_equal(a.m.makespan_ns, b.m.makespan_ns);
    done(&a);
    done(&b);
}

static void test_poisson_arrivals_follow_the_rate(void **state)
{
    (void)state;
    run_t r;
    const char *sets[] = {"model=coroutines", NULL};
    run(&r, FREE, "repeat 20000 rate=1000/s request p : io 1us\n", sets);
    /* 20 000 arrivals at 1000/s last about 20 s; the mean of exp gaps is within 3% here. */
    int64_t last = r.t.reqs[r.t.nreqs - 1].arrival;
    assert_true(last > 19400 * MS && last < 20600 * MS);
    done(&r);
}

static void test_metrics_only_run_matches_the_traced_run(void **state)
{
    (void)state;
    run_t r;
    run(&r, NULL, "server s\nrepeat 200 every=1ms request p : cpu 300us ; call s latency=2ms serve=500us\n", NULL);
    sim_metrics m;
    sl_err err = {0};
    sim_opts o = {.record_trace = false};
    assert_true(sim_run(&r.s, &o, NULL, &m, &err));
    assert_memory_equal(&m, &r.m, sizeof m);
    done(&r);
}

static void test_segment_limit_stops_the_run_with_a_message(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    const char *text = "repeat 1000 request p : cpu 1ms ; io 1ms ; cpu 1ms\n";
    assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
    trc t;
    sim_metrics m;
    sim_opts o = {.record_trace = true, .max_segments = 100};
    assert_false(sim_run(&s, &o, &t, &m, &err));
    assert_non_null(strstr(err.msg, "too many segments"));
    scn_free(&s);
}

static void test_event_limit_stops_a_runaway_run_with_a_message(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    const char *text = "timeslice 1ns\nrequest a : cpu 10s\nrequest b : cpu 10s\n";
    assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
    sim_metrics m;
    sim_opts o = {.record_trace = false, .max_events = 100000};
    assert_false(sim_run(&s, &o, NULL, &m, &err));
    assert_non_null(strstr(err.msg, "more than 100000 events"));
    scn_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_analytic_cases),
        cmocka_unit_test(test_sequential_latencies_are_cumulative),
        cmocka_unit_test(test_zero_costs_never_dispatch_the_main_unit),
        cmocka_unit_test(test_profile_ideal_has_no_overhead),
        cmocka_unit_test(test_memory_is_counted_per_live_unit),
        cmocka_unit_test(test_same_time_arrivals_start_in_file_order),
        cmocka_unit_test(test_messages_go_from_unit_to_server_and_back),
        cmocka_unit_test(test_coroutines_mark_awaits_and_returns),
        cmocka_unit_test(test_random_scenarios_keep_the_invariants),
        cmocka_unit_test(test_same_seed_gives_the_same_trace_byte_for_byte),
        cmocka_unit_test(test_another_seed_gives_another_trace),
        cmocka_unit_test(test_poisson_arrivals_follow_the_rate),
        cmocka_unit_test(test_metrics_only_run_matches_the_traced_run),
        cmocka_unit_test(test_segment_limit_stops_the_run_with_a_message),
        cmocka_unit_test(test_event_limit_stops_a_runaway_run_with_a_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
