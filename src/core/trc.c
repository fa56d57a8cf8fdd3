/* trc.c — building and querying the trace. */
#include "trc.h"

#include <stdlib.h>
#include <string.h>

#define TRC_MAX_LANES   50000000u
#define TRC_MAX_MSGS    200000000u
#define TRC_MAX_MARKS   200000000u
#define TRC_MAX_WHYS    200000000u
#define TRC_MAX_STRINGS 100000000u

/* Strings are packed into 64 KiB blocks: a million lane names ("coroutine 123456") take 17 bytes
 * each, where a malloc apiece took 32 and a pointer 8 more. A string over a quarter of a block
 * gets a block of its own and leaves the current one as it is. */
#define TRC_POOL_BLOCK 65536u

void trc_init(trc *t)
{
    memset(t, 0, sizeof *t);
}

void trc_free(trc *t)
{
    for (size_t i = 0; i < t->npool; i++)
        free(t->pool[i]);
    free(t->pool);
    free(t->lanes);
    free(t->segs);
    free(t->msgs);
    free(t->marks);
    free(t->whys);
    free(t->reqs);
    free(t->tmpls);
    free(t->labels);
    free(t->notes);
    free(t->hosts);
    free(t->pool_names);
    free(t->seg_ends);
    free(t->res);
    free(t->samples);
    free(t->holds);
    free(t->deadlock.units);
    memset(t, 0, sizeof *t);
}

/* An array of n elements could not grow: past its limit, or malloc failed (said as such, not as
 * a count: a machine short of memory is not a scenario with too much in it). */
static bool too_many(sl_err *err, const char *what, size_t n, size_t limit)
{
    if (n < limit)
        return sl_fail(err, "schedlab: error: out of memory (%zu %s in the trace)", n, what);
    return sl_fail(err, "schedlab: error: too many %s in the trace (limit is %zu)", what, limit);
}

size_t trc_bytes(const trc *t)
{
    return t->cap_lanes * sizeof *t->lanes + t->cap_segs * sizeof *t->segs + t->cap_msgs * sizeof *t->msgs +
           t->cap_marks * sizeof *t->marks + t->cap_whys * sizeof *t->whys + t->cap_reqs * sizeof *t->reqs + t->cap_tmpls * sizeof *t->tmpls +
           t->cap_labels * sizeof *t->labels + t->nnotes * sizeof *t->notes + t->nhosts * sizeof *t->hosts +
           t->cap_pool * sizeof *t->pool + t->npool * TRC_POOL_BLOCK + t->cap_samples * sizeof *t->samples +
           t->cap_holds * sizeof *t->holds;
}

/* A new block of the pool holding at least len bytes; NULL on failure. */
static char *pool_block(trc *t, size_t size, sl_err *err)
{
    char *b;
    if (!SL_GROW(t->pool, t->cap_pool, t->npool + 1, TRC_MAX_STRINGS)) {
        too_many(err, "strings", t->npool, TRC_MAX_STRINGS);
        return NULL;
    }
    if (!(b = malloc(size))) {
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    t->pool[t->npool++] = b;
    return b;
}


bool trc_intern(trc *t, const char *s, const char **out, sl_err *err)
{
    *out = NULL;
    if (!s)
        return true;
    size_t len = strlen(s) + 1;
    char *p;
    if (len > TRC_POOL_BLOCK / 4) {
        p = pool_block(t, len, err);
    } else {
        if (len > t->pool_room) {
            if (!(t->pool_next = pool_block(t, TRC_POOL_BLOCK, err)))
                return t->pool_room = 0, false;
            t->pool_room = TRC_POOL_BLOCK;
        }
        p = t->pool_next;
        t->pool_next += len, t->pool_room -= len;
    }
    if (!p)
        return false;
    memcpy(p, s, len);
    *out = p;
    return true;
}

bool trc_add_lane(trc *t, trc_lane_kind kind, int32_t host, int32_t index, int32_t parent,
                  const char *name, uint32_t *out_id, sl_err *err)
{
    if (!SL_GROW(t->lanes, t->cap_lanes, t->nlanes + 1, TRC_MAX_LANES))
        return too_many(err, "lanes", t->nlanes, TRC_MAX_LANES);
    trc_lane *l = &t->lanes[t->nlanes];
    memset(l, 0, sizeof *l);
    if (!trc_intern(t, name, &l->name, err))
        return false;
    l->kind = (uint8_t)kind;
    l->host = host;
    l->index = index;
    l->parent = parent;
    l->spawner = -1;
    l->pool = -1;
    *out_id = (uint32_t)t->nlanes++;
    return true;
}

bool trc_add_seg(trc *t, const trc_seg *s, sl_err *err)
{
    size_t limit = t->max_segments ? t->max_segments : TRC_MAX_SEGMENTS;
    if (t->nsegs == t->cap_segs && !SL_GROW(t->segs, t->cap_segs, t->nsegs + 1, limit))
        return too_many(err, "segments", t->nsegs, limit);
    SL_ASSERT(s->t0 <= s->t1 && s->lane < t->nlanes);
    t->segs[t->nsegs++] = *s;
    if (s->t1 > t->end)
        t->end = s->t1;
    return true;
}

bool trc_add_msg(trc *t, const trc_msg *m, sl_err *err)
{
    if (t->nmsgs == t->cap_msgs && !SL_GROW(t->msgs, t->cap_msgs, t->nmsgs + 1, TRC_MAX_MSGS))
        return too_many(err, "messages", t->nmsgs, TRC_MAX_MSGS);
    /* Field by field on zeroed memory: a struct copy would carry the caller's undefined padding,
     * and traces of one seed must compare equal byte for byte. */
    trc_msg *d = &t->msgs[t->nmsgs++];
    memset(d, 0, sizeof *d);
    d->t0 = m->t0;
    d->t1 = m->t1;
    d->from = m->from;
    d->to = m->to;
    d->req = m->req;
    d->step = m->step;
    d->kind = m->kind;
    if (m->t1 > t->end)
        t->end = m->t1;
    return true;
}

bool trc_add_mark(trc *t, const trc_mark *m, sl_err *err)
{
    if (t->nmarks == t->cap_marks && !SL_GROW(t->marks, t->cap_marks, t->nmarks + 1, TRC_MAX_MARKS))
        return too_many(err, "markers", t->nmarks, TRC_MAX_MARKS);
    trc_mark *d = &t->marks[t->nmarks++];   /* zeroed padding, as in trc_add_msg */
    memset(d, 0, sizeof *d);
    d->t = m->t;
    d->lane = m->lane;
    d->req = m->req;
    d->aux = m->aux;
    d->kind = m->kind;
    if (m->t > t->end)
        t->end = m->t;
    return true;
}

bool trc_add_why(trc *t, const trc_why *w, sl_err *err)
{
    if (t->nwhys == t->cap_whys && !SL_GROW(t->whys, t->cap_whys, t->nwhys + 1, TRC_MAX_WHYS))
        return too_many(err, "decision records", t->nwhys, TRC_MAX_WHYS);
    trc_why *d = &t->whys[t->nwhys++];   /* zeroed padding: the trace is compared byte for byte */
    memset(d, 0, sizeof *d);
    d->t = w->t;
    d->x = w->x;
    d->lane = w->lane;
    d->who = w->who;
    d->cause = w->cause;
    return true;
}

/* Gives back an array's spare capacity (doubling left up to half of it unused). A realloc that
 * fails to shrink leaves the array as it was, which is fine. */
#define TRC_SHRINK(arr, n, cap)                                       \
    do {                                                              \
        if ((n) > 0 && (n) < (cap)) {                                 \
            void *p_ = realloc((arr), (n) * sizeof *(arr));           \
            if (p_)                                                   \
                (arr) = p_, (cap) = (n);                              \
        }                                                             \
    } while (0)

/* A stable counting sort by lane: each lane's segments were appended in start order, so the
 * result is sorted by (lane, start) in O(segments + lanes). It copies: permuting in place (4 bytes
 * a segment instead of 32) was measured twice as slow, each step of a cycle waiting on the last
 * one's cache miss where the copy's writes overlap. */
bool trc_finish(trc *t, sl_err *err)
{
    if (t->finished)
        return true;
    for (size_t i = 0; i < t->nlanes; i++)
        t->lanes[i].seg_count = 0;
    for (size_t i = 0; i < t->nsegs; i++)
        t->lanes[t->segs[i].lane].seg_count++;
    uint32_t pos = 0;
    for (size_t i = 0; i < t->nlanes; i++) {
        t->lanes[i].seg_first = pos;
        pos += t->lanes[i].seg_count;
    }
    /* calloc, not malloc: the analyzer cannot see that the permutation below writes every slot */
    trc_seg *sorted = calloc(t->nsegs ? t->nsegs : 1, sizeof *sorted);
    uint32_t *fill = calloc(t->nlanes ? t->nlanes : 1, sizeof *fill);
    if (!sorted || !fill) {
        free(sorted);
        free(fill);
        return sl_fail(err, "schedlab: error: out of memory sorting the trace");
    }
    for (size_t i = 0; i < t->nsegs; i++) {
        const trc_seg *s = &t->segs[i];
        sorted[t->lanes[s->lane].seg_first + fill[s->lane]++] = *s;
    }
    free(fill);
    free(t->segs);
    t->segs = sorted;
    t->cap_segs = t->nsegs ? t->nsegs : 1;
    free(t->seg_ends);
    t->seg_ends = malloc((t->nsegs / TRC_SEG_STRIDE + 1) * sizeof *t->seg_ends);
    if (!t->seg_ends)
        return sl_fail(err, "schedlab: error: out of memory indexing the trace");
    for (size_t k = 0; k * TRC_SEG_STRIDE < t->nsegs; k++)
        t->seg_ends[k] = t->segs[k * TRC_SEG_STRIDE].t1;
    /* Every search of the layout (trc_lane_first_after, seg_ends) needs each lane's segments in
     * time order, one after another: the engine adds them so. */
    for (size_t i = 1; i < t->nsegs; i++)
        SL_ASSERT(t->segs[i].lane != t->segs[i - 1].lane || t->segs[i - 1].t1 <= t->segs[i].t0);
    TRC_SHRINK(t->msgs, t->nmsgs, t->cap_msgs);
    TRC_SHRINK(t->marks, t->nmarks, t->cap_marks);
    TRC_SHRINK(t->whys, t->nwhys, t->cap_whys);
    TRC_SHRINK(t->lanes, t->nlanes, t->cap_lanes);
    TRC_SHRINK(t->pool, t->npool, t->cap_pool);
    t->finished = true;
    return true;
}

size_t trc_lane_first_after(const trc *t, uint32_t lane, int64_t ts)
{
    size_t n;
    const trc_seg *s = trc_lane_segs(t, lane, &n);
    size_t lo = 0, hi = n;
    SL_LOWER_BOUND(lo, hi, mid, s[mid].t1 <= ts);
    return lo;
}

/* First index in segs[a, b) (one lane's, ends in order) ending after ts: binary search. */
static size_t ends_after(const trc_seg *segs, size_t a, size_t b, int64_t ts)
{
    SL_LOWER_BOUND(a, b, mid, segs[mid].t1 <= ts);
    return a;
}

/* Zoomed out, a frame jumps a lane of millions of segments a pixel column at a time: searched in
 * the lane itself, each jump cost a dozen cache misses a column's width apart; seg_ends holds the
 * same ends sixteen times denser, so most of the search stays in the cache. Blocks (k * stride)
 * whose first segment lies in the lane have their ends in order, like the lane's. */
size_t trc_lane_seg_after(const trc *t, uint32_t lane, size_t lo, int64_t ts)
{
    size_t first = t->lanes[lane].seg_first, end = first + t->lanes[lane].seg_count, g = first + lo;
    if (g >= end)
        return end - first;
    size_t k = g / TRC_SEG_STRIDE + 1, kend = (end - 1) / TRC_SEG_STRIDE;   /* blocks starting in (g, end) */
    if (!t->seg_ends)
        return ends_after(t->segs, g, end, ts) - first;
    if (k > kend || t->seg_ends[k] > ts)
        return ends_after(t->segs, g, end < (k * TRC_SEG_STRIDE) + 1 ? end : k * TRC_SEG_STRIDE + 1, ts) - first;
    size_t hi = k, step = 1;   /* seg_ends[k] <= ts: gallop to the first block start ending after ts */
    while (hi <= kend && t->seg_ends[hi] <= ts) {
        k = hi;
        hi = k + step;
        step *= 2;
    }
    hi = hi <= kend ? hi : kend + 1;
    while (k + 1 < hi) {   /* seg_ends[k] <= ts; hi: past kend or ending after ts */
        size_t mid = k + (hi - k) / 2;
        if (t->seg_ends[mid] <= ts)
            k = mid;
        else
            hi = mid;
    }
    size_t a = k * TRC_SEG_STRIDE + 1, b = a - 1 + TRC_SEG_STRIDE + 1;   /* the answer is in (k*stride, next] */
    return ends_after(t->segs, a, b < end ? b : end, ts) - first;
}

const char *trc_seg_label(const trc *t, const trc_seg *s)
{
    if (s->req < 0 || (size_t)s->req >= t->nreqs)
        return NULL;
    const trc_tmpl *tm = &t->tmpls[t->reqs[s->req].tmpl];
    if (s->step >= tm->nsteps)
        return NULL;
    return t->labels[tm->first_label + s->step];
}

const char *trc_state_name(trc_state s)
{
    static const char *const names[TRC_STATE_COUNT] = {
        "running", "ready", "ready (GIL)", "waiting", "blocked", "switching", "spawning", "serving", "queued",
        "awaiting", "waiting for a lock", "waiting on a queue",
    };
    return (unsigned)s < TRC_STATE_COUNT ? names[s] : "?";
}

const char *trc_cause_name(trc_cause c)
{
    static const char *const names[TRC_CAUSE_COUNT] = {
        "none", "no_core", "preempted", "gil", "gil_drop", "loop", "queued", "memory", "task", "lock", "queue_get",
        "queue_put",
    };
    return (unsigned)c < TRC_CAUSE_COUNT ? names[c] : "?";
}

const char *trc_mark_name(trc_mark_kind k)
{
    static const char *const names[TRC_MARK_KIND_COUNT] = {
        "await", "return", "spawn", "failed", "switch", "note", "timeout", "deadlock", "error",
    };
    return (unsigned)k < TRC_MARK_KIND_COUNT ? names[k] : "?";
}

const char *trc_lane_kind_name(trc_lane_kind k)
{
    static const char *const names[TRC_LANE_KIND_COUNT] = {
        "core", "main", "unit", "loop", "coroutine", "server",
    };
    return (unsigned)k < TRC_LANE_KIND_COUNT ? names[k] : "?";
}

bool trc_add_sample(trc *t, const trc_res_sample *s, sl_err *err)
{
    if (t->nsamples && t->samples[t->nsamples - 1].t == s->t && t->samples[t->nsamples - 1].res == s->res) {
        t->samples[t->nsamples - 1] = *s;   /* the same instant: only the last state shows */
        return true;
    }
    if (!SL_GROW(t->samples, t->cap_samples, t->nsamples + 1, TRC_MAX_SEGMENTS))
        return too_many(err, "resource samples", t->nsamples, TRC_MAX_SEGMENTS);
    t->samples[t->nsamples++] = *s;
    return true;
}

long trc_sample_at(const trc *t, uint32_t res, int64_t ts)
{
    size_t lo = 0, hi = t->nsamples;   /* first sample after ts */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->samples[mid].t <= ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i-- > 0;)
        if (t->samples[i].res == res)
            return (long)i;
    return -1;
}
