/* lay_agg.h — aggregate rows: a group with more lanes than the plot can show draws step functions
 * instead (requests in flight, ready queue, busy cores), counted through the unit filter (lay.h),
 * built once per trace and filter in O(n log n); a frame samples them per pixel column in O(columns x log steps). */
#ifndef LAY_AGG_H
#define LAY_AGG_H

#include "lay.h"

/* ---- When a group aggregates ------------------------------------------------------------------ */

/* AUTO: aggregated when the group has more lanes (passing the filter, not hidden; a loop group
 * counts its coroutines) than lay_agg_capacity. ON / OFF: what the user chose. */
typedef enum { LAY_AGG_AUTO, LAY_AGG_ON, LAY_AGG_OFF } lay_agg_mode;

/* The series an aggregate row draws. */
typedef enum {
    LAY_AGG_INFLIGHT,     /* requests arrived and not finished (units and loops groups) */
    LAY_AGG_READY,        /* the group's lanes in READY or GIL: the ready queue */
    LAY_AGG_BUSY,         /* the group's lanes with a segment: busy cores (cores, servers) */
    LAY_AGG_QUEUE,        /* a pool's offloaded tasks not yet taken by a worker (always above its lanes) */
    LAY_AGG_RES,          /* a semaphore's or lock's holders, a queue's length (the resources group) */
    LAY_AGG_KIND_COUNT
} lay_agg_kind;

/* A group never aggregates by itself with this many lanes or fewer, however short the plot: a
 * small window keeps a course example's threads as lanes. */
#define LAY_AGG_MIN_LANES 32
/* A cores group with more cores than this shows a busy row above its lanes. */
#define LAY_AGG_BUSY_CORES 8

/* Lanes a group shows before it aggregates: max(LAY_AGG_MIN_LANES, plot height / lane height),
 * as of the last lay_geometry (LAY_AGG_MIN_LANES before the first). */
uint32_t lay_agg_capacity(const lay_ctx *c);

void lay_group_set_agg(lay_ctx *c, uint32_t g, lay_agg_mode m);
lay_agg_mode lay_group_agg(const lay_ctx *c, uint32_t g);
/* Whether group g shows aggregate rows instead of its lanes (rebuilds rows if a flag changed). */
bool lay_group_aggregated(lay_ctx *c, uint32_t g);
/* Flips what group g shows, aggregates or lanes (sets ON or OFF); the window's toggle. */
void lay_group_toggle_agg(lay_ctx *c, uint32_t g);
/* Lanes of group g that pass the filter (hidden ones included). */
uint32_t lay_group_filtered(lay_ctx *c, uint32_t g);

/* The header's count: "100 000", "100 000 (aggregated)", "12 of 100 000" (filtered); returns buf. */
char *lay_agg_count_text(lay_ctx *c, lay_lang lang, uint32_t g, char *buf, size_t n);

/* ---- The step functions ------------------------------------------------------------------------ */

/* value v[i] holds on [t[i], t[i + 1]) (the last one from t[n - 1] on), 0 before t[0]; t strictly
 * increasing and consecutive values differ. Owned by the context, valid until the filter changes. */
typedef struct {
    const int64_t *t;
    const int32_t *v;
    size_t n;
    int32_t max;          /* over the whole trace */
} lay_agg_steps;

/* Series k of group g, built on first use; false when g has no such series or memory ran out. */
bool lay_agg_series(lay_ctx *c, uint32_t g, lay_agg_kind k, lay_agg_steps *out);
/* Over [a, b) (b <= a counts as [a, a + 1)): the largest value and the time-weighted mean. */
bool lay_agg_range(lay_ctx *c, uint32_t g, lay_agg_kind k, int64_t a, int64_t b, int32_t *max, double *mean);

/* The holders of resource res at time ts, names joined by ", " into buf (at most a few, then "..."):
 * the requests or tasks whose hold interval contains ts. Returns buf. */
char *lay_res_holders(const trc *t, uint32_t res, int64_t ts, char *buf, size_t n);
/* "semaphore" / "lock" / "queue" in lang. */
const char *lay_res_kind_str(lay_lang lang, uint8_t kind);

/* The name of series k in lang ("in flight"). */
const char *lay_agg_kind_str(lay_lang lang, lay_agg_kind k);

/* ---- Pointing at an aggregate row -------------------------------------------------------------- */

typedef struct {
    uint32_t group;
    lay_agg_kind kind;
    int64_t t0, t1;       /* the pixel column's time span */
    int32_t max;          /* over the column */
    double mean;
    uint32_t total;       /* the group's lanes (busy rows: the whole), for "of N" */
    int32_t res;          /* LAY_AGG_RES: the resource; else -1 */
    const trc *t;         /* LAY_AGG_RES: the trace, for its name, capacity and waiters */
} lay_agg_hit;

/* The aggregate row under (x, y) in the plot and its values in that pixel column; false elsewhere. */
bool lay_agg_at(lay_ctx *c, const lay_view *v, const lay_geom *g, float x, float y, lay_agg_hit *out);
/* Tooltip text: "in flight: 4 213 (max 4 300)\nat 1.5ms"; a resource: "lock db: 1 of 1 holders,
 * 2 waiting\nheld by: a\n1.5ms"; returns buf. */
char *lay_agg_describe(const lay_agg_hit *h, lay_lang lang, char *buf, size_t n);

#endif
