/* fuzz_pipeline.c — libFuzzer target for the whole pipeline: parse, simulate under each model
 * within a small work budget (events, memory, segments: the same limits every run has, only
 * smaller), lay out a timeline frame. A budget hit is a clean error with a message, never a crash;
 * a run that finishes accounts for every request and gives the same metrics a second time. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dl.h"
#include "lay.h"
#include "scn.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Field by field: the struct has padding, which memcmp would compare too. */
static bool same_metrics(const sim_metrics *a, const sim_metrics *b)
{
    return a->makespan_ns == b->makespan_ns && a->requests == b->requests && a->completed == b->completed &&
           a->failed == b->failed && a->lat_mean_ns == b->lat_mean_ns && a->lat_p99_ns == b->lat_p99_ns &&
           a->cpu_busy_ns == b->cpu_busy_ns && a->cpu_useful_ns == b->cpu_useful_ns &&
           a->cpu_overhead_ns == b->cpu_overhead_ns && a->context_switches == b->context_switches &&
           a->peak_memory_bytes == b->peak_memory_bytes && a->events == b->events &&
           a->timeouts == b->timeouts && a->errors == b->errors && a->deadlock_units == b->deadlock_units &&
           a->deadlock_ns == b->deadlock_ns;
}

static void frame(const trc *t)
{
    lay_ctx c;
    sl_err err = {0};
    if (lay_init(&c, t, &err)) {
        lay_view v;
        lay_view_init(&v);
        dl_measure m = {dl_measure_approx, NULL};
        lay_geom g = lay_geometry(&c, &v, 800, 600, &m);
        lay_fit(&v, &g, t->end);
        dl_list l;
        dl_init(&l);
        lay_frame(&c, &v, &g, &m, &l);
        lay_zoom_at(&v, &g, 400, 1e6, t->end);
        lay_frame(&c, &v, &g, &m, &l);
        dl_free(&l);
    }
    lay_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn s;
    sl_err err = {0};
    if (!scn_parse("fuzz.scn", (const char *)data, size, &s, &err))
        return 0;
    /* No filter on requests or server cores: the budget refuses what is too large before building
     * it, and server cores past the requests get no lane. A million event loops are still made
     * before the first event (valid, slow under the sanitizers, nothing new). */
    if (s.cfg.workers <= 4096) {
        for (int model = 0; model < SCN_MODEL_COUNT; model++) {
            s.cfg.model = (uint8_t)model;
            trc t;
            sim_metrics m, again;
            const sim_opts o = {.record_trace = true, .max_segments = 20000, .max_events = 20000,
                                .max_memory = 32 << 20};
            sl_err e2 = {0};
            if (sim_run(&s, &o, &t, &m, &e2)) {
                if (m.completed + m.failed != m.requests && m.deadlock_units == 0)
                    __builtin_trap();   /* every request ends, one way or the other, or a deadlock says why */
                frame(&t);
                trc_free(&t);
                const sim_opts metrics_only = {.max_events = 20000, .max_memory = 32 << 20};
                if (sim_run(&s, &metrics_only, NULL, &again, &e2) && !same_metrics(&m, &again))
                    __builtin_trap();   /* deterministic, with or without the trace */
            } else if (!e2.set) {
                __builtin_trap();       /* a stopped run says why */
            }
        }
    }
    scn_free(&s);
    return 0;
}
