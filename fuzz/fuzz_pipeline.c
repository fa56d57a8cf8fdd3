/* fuzz_pipeline.c — libFuzzer target for the whole pipeline: parse, simulate a bounded scenario
 * under each model, lay out a timeline frame. Bounds keep each input fast (few requests, an event
 * and a segment limit), not correct: a limit hit is a clean error, never a crash. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dl.h"
#include "lay.h"
#include "scn.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

/* Server cores summed: each is a lane of the trace, and a million of them (a valid `server s
 * cores=1000000`) take seconds per input under the sanitizers without finding anything new. */
static uint64_t server_cores(const scn *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->nservers; i++)
        n += s->servers[i].cores;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn s;
    sl_err err = {0};
    if (!scn_parse("fuzz.scn", (const char *)data, size, &s, &err))
        return 0;
    if (scn_total_requests(&s) <= 64 && s.cfg.cores <= 16 && s.cfg.workers <= 64 && server_cores(&s) <= 256) {
        for (int model = 0; model < SCN_MODEL_COUNT; model++) {
            s.cfg.model = (uint8_t)model;
            trc t;
            sim_metrics m;
            sim_opts o = {.record_trace = true, .max_segments = 20000, .max_events = 20000};
            sl_err e2 = {0};
            if (sim_run(&s, &o, &t, &m, &e2)) {
                if (m.completed + m.failed != m.requests)
                    __builtin_trap();   /* every request ends, one way or the other */
                frame(&t);
                trc_free(&t);
            }
        }
    }
    scn_free(&s);
    return 0;
}
