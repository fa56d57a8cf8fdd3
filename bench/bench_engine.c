/* bench_engine.c — engine throughput: events per second and ns per request for each model on
 * 100 000- and 1 000 000-request scenarios, with and without recording the trace. Prints numbers;
 * never a pass/fail test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scn.h"
#include "sim.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* A web-crawler-like workload: CPU, a call to one of two servers, CPU. */
static const char *const WORKLOAD =
    "cores 4\n"
    "memory budget=1024GiB\n"
    "server www.foo.com cores=64\n"
    "server www.bar.com cores=64\n"
    "repeat %u rate=%u/s request page : cpu uniform(20us,80us) ; call www.foo.com latency=exp(5ms) serve=uniform(100us,300us) ; "
    "cpu 30us ; io exp(200us) ; cpu 20us\n";

static void bench(const char *model, unsigned count, bool record)
{
    char text[1024];
    snprintf(text, sizeof text, WORKLOAD, count, count / 10 > 1000 ? count / 10 : 1000);
    scn s;
    sl_err err = {0};
    if (!scn_parse("bench.scn", text, strlen(text), &s, &err) || !scn_set(&s, model, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    trc t;
    sim_metrics m;
    sim_opts o = {.record_trace = record};
    double t0 = now_s();
    if (!sim_run(&s, &o, &t, &m, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        exit(1);
    }
    double dt = now_s() - t0;
    printf("%-18s %9u %-6s %10.3f %12llu %12.2f %10zu %8.1f\n", model + 6, count, record ? "trace" : "none", dt,
           (unsigned long long)m.events, (double)m.events / dt / 1e6, record ? t.nsegs : 0,
           record ? (double)(t.nsegs * sizeof(trc_seg) + t.nmsgs * sizeof(trc_msg) + t.nmarks * sizeof(trc_mark) +
                             t.nlanes * sizeof(trc_lane)) / (double)t.nsegs
                  : 0.0);
    if (record)
        trc_free(&t);
    scn_free(&s);
}

int main(int argc, char **argv)
{
    unsigned big = argc > 1 ? (unsigned)atoi(argv[1]) : 1000000;
    static const char *const models[] = {"model=sequential", "model=processes", "model=threads", "model=coroutines"};
    printf("%-18s %9s %-6s %10s %12s %12s %10s %8s\n", "model", "requests", "trace", "seconds", "events",
           "Mevents/s", "segments", "B/seg");
    for (int i = 0; i < 4; i++) {
        bench(models[i], 100000, false);
        bench(models[i], 100000, true);
        bench(models[i], big, false);
    }
    return 0;
}
