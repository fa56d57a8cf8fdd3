/* bench_engine.c — engine throughput and trace memory for each model: events per second on
 * 100 000- and 1 000 000-request scenarios with and without the trace, the heap the trace holds
 * per segment, and the scaling curve (time and events per request from 10 000 to 1 000 000
 * requests). Prints numbers; never a pass/fail test (docs/performance.md says what they mean). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include "scn.h"
#include "sim.h"

/* A web-crawler-like workload: CPU, a call to one of two servers, CPU, I/O, CPU. The arrival rate
 * is the same for every count, so a longer scenario is more of the same load, and the curve shows
 * what the count alone costs. Threads and coroutines keep up (about 60 requests in flight);
 * sequential and processes (2 ms to spawn one) fall behind, so their backlog grows with the count:
 * the budget is large enough that no request fails, and every run does the same work per request.
 * The costs are pinned to those the numbers of docs/performance.md were taken with (the built-in
 * python profile now carries calibrate's measurements, which change the work per request). */
static const char WORKLOAD[] =
    "cores 4\n"
    "profile ideal\nspawn process=2ms thread=125us coroutine=7us\nswitch process=2500ns thread=2us coroutine=1800ns\n"
    "memory budget=16TiB\n"
    "server www.foo.com cores=64\n"
    "server www.bar.com cores=64\n"
    "repeat %u rate=10000/s request page : cpu uniform(20us,80us) ; call www.foo.com latency=exp(5ms) "
    "serve=uniform(100us,300us) ; cpu 30us ; io exp(200us) ; cpu 20us\n";

static const unsigned CURVE[] = {10000, 30000, 100000, 300000, 1000000};

/* One request fanning out N tasks (asyncio.gather over N fetches): the tasks issue's benchmark,
 * `gather 100000 fetch` under coroutines in under 0.5 s. */
static const char FANOUT[] =
    "cores 4\n"
    "profile ideal\nspawn process=2ms thread=125us coroutine=7us\nswitch process=2500ns thread=2us coroutine=1800ns\n"
    "memory budget=16TiB\n"
    "server web cores=100000\n"
    "task fetch : cpu uniform(20us,80us) ; call web latency=exp(5ms) serve=uniform(100us,300us) ; cpu 30us\n"
    "request crawl : cpu 1ms ; gather %u fetch ; cpu 1ms\n";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Bytes the heap hands out now (glibc: main arena and mmapped chunks); 0 where unknown. */
static size_t heap_in_use(void)
{
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 33))
    struct mallinfo2 mi = mallinfo2();
    return mi.uordblks + mi.hblkhd;
#else
    return 0;
#endif
}

_Noreturn static void die(const char *msg)
{
    fprintf(stderr, "bench_engine: %s\n", msg);
    exit(1);
}

static void load(scn *s, scn_model model, unsigned count)
{
    char text[1024], kv[64];
    sl_err err = {0};
    snprintf(text, sizeof text, WORKLOAD, count);
    snprintf(kv, sizeof kv, "model=%s", scn_model_name(model));
    if (!scn_parse("bench.scn", text, strlen(text), s, &err) || !scn_set(s, kv, &err))
        die(err.msg);
}

typedef struct {
    double seconds;
    sim_metrics m;
    size_t nsegs;
    size_t heap;       /* bytes the trace holds after the run (engine freed) */
    size_t arrays;     /* of which segments, messages, markers, lanes, requests and decision records */
} run_cost;

static run_cost run(const scn *s, bool record)
{
    run_cost rc = {0};
    trc t;
    sl_err err = {0};
    sim_opts o = {.record_trace = record};
    size_t before = heap_in_use();
    double t0 = now_s();
    if (!sim_run(s, &o, &t, &rc.m, &err))
        die(err.msg);
    rc.seconds = now_s() - t0;
    if (record) {
        rc.heap = heap_in_use() - before;
        rc.nsegs = t.nsegs;
        rc.arrays = t.nsegs * sizeof(trc_seg) + t.nmsgs * sizeof(trc_msg) + t.nmarks * sizeof(trc_mark) +
                    t.nlanes * sizeof(trc_lane) + t.nreqs * sizeof(trc_req) + t.nwhys * sizeof(trc_why);
        trc_free(&t);
    }
    return rc;
}

static void throughput_row(scn_model model, unsigned count, bool record)
{
    scn s;
    load(&s, model, count);
    run_cost rc = run(&s, record);
    scn_free(&s);
    printf("%-11s %9u %-5s %8.3f %10llu %8.2f %9llu %7llu", scn_model_name(model), count,
           record ? "trace" : "none", rc.seconds, (unsigned long long)rc.m.events,
           (double)rc.m.events / rc.seconds / 1e6, (unsigned long long)rc.m.completed,
           (unsigned long long)rc.m.failed);
    if (record)
        printf(" %10zu %7.1f %7.1f", rc.nsegs, (double)rc.heap / (double)rc.nsegs,
               (double)rc.arrays / (double)rc.nsegs);
    printf("\n");
    fflush(stdout);
}

/* The fastest of as many runs as fit in about 0.3 s (at least one, at most 9): small runs are
 * repeated so a millisecond of noise does not bend the curve. */
static run_cost best_of(const scn *s)
{
    run_cost best = run(s, false);
    double spent = best.seconds;
    for (int i = 1; i < 9 && spent < 0.3; i++) {
        run_cost rc = run(s, false);
        spent += rc.seconds;
        if (rc.seconds < best.seconds)
            best = rc;
    }
    return best;
}

static void curve(scn_model model, unsigned max)
{
    double first = 0;
    for (size_t i = 0; i < sizeof CURVE / sizeof CURVE[0] && CURVE[i] <= max; i++) {
        scn s;
        load(&s, model, CURVE[i]);
        run_cost rc = best_of(&s);
        scn_free(&s);
        double ns_req = rc.seconds * 1e9 / CURVE[i];
        if (i == 0)
            first = ns_req;
        printf("%-11s %9u %8.4f %10.1f %8.2f %8.1f %9.2f\n", scn_model_name(model), CURVE[i], rc.seconds, ns_req,
               (double)rc.m.events / CURVE[i], rc.seconds * 1e9 / (double)rc.m.events, ns_req / first);
        fflush(stdout);
    }
}

static void fanout_row(scn_model model, unsigned count, bool record)
{
    char text[1024], kv[64];
    sl_err err = {0};
    scn s;
    snprintf(text, sizeof text, FANOUT, count);
    snprintf(kv, sizeof kv, "model=%s", scn_model_name(model));
    if (!scn_parse("fanout.scn", text, strlen(text), &s, &err) || !scn_set(&s, kv, &err))
        die(err.msg);
    run_cost rc = run(&s, record);
    scn_free(&s);
    printf("%-11s %9u %-5s %8.3f %10llu %8.2f %9llu %12.1f\n", scn_model_name(model), count, record ? "trace" : "none",
           rc.seconds, (unsigned long long)rc.m.events, (double)rc.m.events / rc.seconds / 1e6,
           (unsigned long long)rc.m.completed, (double)rc.m.makespan_ns / 1e6);
    fflush(stdout);
}

static void fanout(scn_model only)
{
    printf("\nTasks: one request doing `gather N fetch` (target: 100 000 under coroutines < 0.5 s)\n");
    printf("%-11s %9s %-5s %8s %10s %8s %9s %12s\n", "model", "tasks", "trace", "seconds", "events", "Mev/s",
           "completed", "makespan ms");
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        if (only != SCN_MODEL_COUNT && only != (scn_model)m)
            continue;
        fanout_row((scn_model)m, 100000, false);
        fanout_row((scn_model)m, 100000, true);
    }
}

/* bench_engine --one MODEL COUNT [trace]: a single run, for perf or callgrind. */
static int one(int argc, char **argv)
{
    scn_model model;
    if (argc < 4 || !scn_model_from_name(argv[2], &model))
        die("usage: bench_engine --one MODEL COUNT [trace]");
    scn s;
    load(&s, model, (unsigned)atoi(argv[3]));
    run_cost rc = run(&s, argc > 4 && strcmp(argv[4], "trace") == 0);
    printf("%s: %.3f s, %llu events, %.2f Mevents/s\n", scn_model_name(model), rc.seconds,
           (unsigned long long)rc.m.events, (double)rc.m.events / rc.seconds / 1e6);
    scn_free(&s);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--one") == 0)
        return one(argc, argv);
    if (argc > 1 && strcmp(argv[1], "--tasks") == 0) {   /* bench_engine --tasks [MODEL]: only the fan-out */
        scn_model m = SCN_MODEL_COUNT;
        if (argc > 2 && !scn_model_from_name(argv[2], &m))
            die("unknown model");
        fanout(m);
        return 0;
    }
    unsigned big = argc > 1 ? (unsigned)atoi(argv[1]) : 1000000;   /* bench_engine [BIG [MODEL]] */
    scn_model only = SCN_MODEL_COUNT;
    if (argc > 2 && !scn_model_from_name(argv[2], &only))
        die("unknown model");
    printf("Throughput (targets: > 10 Mevents/s; 100 000 coroutines with the trace < 0.5 s; < 48 B/seg)\n"
           "B/seg: the heap the trace holds per segment (everything: lanes, names, messages, markers,\n"
           "requests, spare capacity); arrays: the same counting only the records' sizes.\n");
    printf("%-11s %9s %-5s %8s %10s %8s %9s %7s %10s %7s %7s\n", "model", "requests", "trace", "seconds", "events",
           "Mev/s", "completed", "failed", "segments", "B/seg", "arrays");
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        if (only != SCN_MODEL_COUNT && only != (scn_model)m)
            continue;
        throughput_row((scn_model)m, 100000, false);
        throughput_row((scn_model)m, 100000, true);
        if (big != 100000) {
            throughput_row((scn_model)m, big, false);
            throughput_row((scn_model)m, big, true);
        }
    }
    printf("\nScaling (metrics only, fastest of up to 9 runs; linear growth keeps ns/request flat)\n");
    printf("%-11s %9s %8s %10s %8s %8s %9s\n", "model", "requests", "seconds", "ns/req", "ev/req", "ns/ev",
           "vs first");
    for (int m = 0; m < SCN_MODEL_COUNT; m++)
        if (only == SCN_MODEL_COUNT || only == (scn_model)m)
            curve((scn_model)m, big);
    fanout(only);
    return 0;
}
