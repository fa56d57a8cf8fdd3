/* swp.h — the scale sweep: one scenario run at several request counts (the count of its first
 * `repeat` replaced by each) under several models, in parallel threads, metrics only. Owns its
 * result arrays (swp_free); the result is the same whatever the number of threads. */
#ifndef SWP_H
#define SWP_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "scn.h"
#include "sim.h"

#define SWP_MAX_COUNTS 64
/* A curve "rises" from one count to the next when its throughput grows by more than this factor;
 * it "collapses" at the first point where it stops rising after it rose (a flat curve, such as
 * sequential's, never rose and never collapses; one still rising does not collapse). */
#define SWP_RISE 1.10

typedef struct {
    uint8_t model;
    uint32_t count;
    sim_metrics m;
} swp_point;

typedef struct {
    uint32_t counts[SWP_MAX_COUNTS];
    size_t ncounts;
    uint8_t models[SCN_MODEL_COUNT];
    int nmodels;
    swp_point *pts;                       /* pts[mi * ncounts + ci] */
    int64_t mem_budget;                   /* the scenario's memory budget, bytes (the "why" panel) */
    int32_t fail_at[SCN_MODEL_COUNT];     /* first count index where requests fail, or -1 */
    int32_t collapse_at[SCN_MODEL_COUNT]; /* first count index where the throughput stops rising
                                             after it rose (SWP_RISE), with no failure there; or -1 */
} swp_result;

/* Sets fail_at and collapse_at from the points (swp_run calls it). */
void swp_find_limits(swp_result *r);

/* Called from the calling thread about every 200 ms while points are simulated. */
typedef void (*swp_progress)(void *ctx, size_t done, size_t total);

/* Runs s at each count under each model with up to `threads` threads (0: one per online CPU).
 * Fails (message in err) when s has no `repeat` statement or a run hits a limit: the other
 * workers stop after their current point and the first failure's message is kept. cancel: NULL,
 * or a flag another thread sets non-zero to stop the sweep; it then fails with "cancelled" soon
 * after (each point polls it every few thousand events). *out is empty after a failure. The
 * caller frees *out with swp_free. */
bool swp_run(const scn *s, const uint32_t *counts, size_t ncounts, const uint8_t *models, int nmodels,
             unsigned threads, const atomic_int *cancel, swp_progress cb, void *ctx, swp_result *out,
             sl_err *err);
void swp_free(swp_result *r);

static inline const swp_point *swp_at(const swp_result *r, int mi, size_t ci)
{
    return &r->pts[(size_t)mi * r->ncounts + ci];
}

/* Throughput per request at count ci relative to the smallest count: 1 while the model scales
 * linearly, falling as overhead or saturation bites. */
double swp_efficiency(const swp_result *r, int mi, size_t ci);

/* Share of the busy CPU spent on switches and spawns, in [0, 1]. */
double swp_overhead_share(const sim_metrics *m);

/* "10,100,1000" -> counts (ascending, distinct, 1..SCN_MAX_REQUESTS, at most SWP_MAX_COUNTS). */
bool swp_parse_counts(const char *arg, uint32_t *counts, size_t *n, sl_err *err);
/* "all" or "threads,coroutines" -> models in the canonical order. */
bool swp_parse_models(const char *arg, uint8_t *models, int *n, sl_err *err);

/* The table: one row per (model, count): makespan, throughput, mean/p99 latency, peak memory,
 * failed, CPU overhead share, and where each model starts failing or collapsing. */
void swp_print_table(const swp_result *r, FILE *f);
/* An array of objects, each with "count" and the fields of `run --json`. */
void swp_print_json(const swp_result *r, FILE *f);

#endif
