/* lay_agg.c — aggregate rows (the unit filter they count through is lay_filter.c's). A series is a step function built from +1/-1
 * deltas (radix-sorted once, O(n)); a pixel column's max comes from a segment tree and its mean
 * from a running integral, so a frame costs O(aggregate rows x columns x log steps). Drawing and
 * pointing at the rows are lay_agg_view.c's: this file calls nothing of lay_rows.c. */
#include "lay_agg_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- Strings ---------------------------------------------------------------------------------- */

const char *lay_agg_kind_str(lay_lang lang, lay_agg_kind k)
{
    static const lay_str_key keys[LAY_AGG_KIND_COUNT] = {LAY_S_AGG_INFLIGHT, LAY_S_AGG_READY, LAY_S_AGG_BUSY,
                                                         LAY_S_AGG_QUEUE, LAY_S_GROUP_RES};
    return (unsigned)k < LAY_AGG_KIND_COUNT ? lay_str(lang, keys[k]) : "?";
}

/* n with its thousands grouped by spaces ("100 000"); returns buf. */
char *lay_agg_fmt_count(int64_t n, char *buf, size_t sz)
{
    char d[24];
    int len = snprintf(d, sizeof d, "%lld", (long long)(n < 0 ? -n : n));
    size_t o = 0;
    if (n < 0 && o + 1 < sz)
        buf[o++] = '-';
    for (int i = 0; i < len && o + 2 < sz; i++) {
        if (i > 0 && (len - i) % 3 == 0)
            buf[o++] = ' ';
        buf[o++] = d[i];
    }
    if (sz)
        buf[o < sz ? o : sz - 1] = '\0';
    return buf;
}

/* ---- Step functions ---------------------------------------------------------------------------- */

/* Sorts a[0..n) (signed) with an LSD radix sort, 8 bits a pass, skipping a pass where every key
 * has the same byte (times of one run share their high bytes). tmp: n slots. */
static void sort_times(int64_t *a, int64_t *tmp, size_t n)
{
    const uint64_t flip = (uint64_t)1 << 63;
    int64_t *src = a, *dst = tmp;
    if (n < 2)
        return;
    for (int shift = 0; shift < 64; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++)
            count[(((uint64_t)src[i] ^ flip) >> shift & 0xFF) + 1]++;
        if (count[(((uint64_t)src[0] ^ flip) >> shift & 0xFF) + 1] == n)
            continue;
        for (int b = 0; b < 256; b++)
            count[b + 1] += count[b];
        for (size_t i = 0; i < n; i++)
            dst[count[((uint64_t)src[i] ^ flip) >> shift & 0xFF]++] = src[i];
        int64_t *x = src;
        src = dst, dst = x;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}

static void steps_free(agg_steps *s)
{
    free(s->t);
    free(s->v);
    free(s->area);
    free(s->tree);
    memset(s, 0, sizeof *s);
}

/* The running integral and the max tree of t/v[0..n). */
static bool steps_index(agg_steps *s)
{
    s->area = malloc((s->n + 1) * sizeof *s->area);
    s->tree = malloc((2 * s->n + 1) * sizeof *s->tree);
    if (!s->area || !s->tree)
        return false;
    s->max = 0;
    for (size_t i = 0; i < s->n; i++) {
        s->area[i] = i ? s->area[i - 1] + (double)s->v[i - 1] * (double)(s->t[i] - s->t[i - 1]) : 0;
        s->tree[s->n + i] = s->v[i];
        s->max = s->v[i] > s->max ? s->v[i] : s->max;
    }
    for (size_t i = s->n; i-- > 1;)
        s->tree[i] = s->tree[2 * i] > s->tree[2 * i + 1] ? s->tree[2 * i] : s->tree[2 * i + 1];
    return true;
}

/* The step function of +1 at each up[] and -1 at each down[] (both unsorted, reordered here):
 * one step per distinct time whose value changes. */
static bool steps_from(agg_steps *s, int64_t *up, size_t nu, int64_t *down, size_t nd)
{
    int64_t *tmp = malloc((nu > nd ? nu : nd) * sizeof *tmp + 1);
    s->t = malloc((nu + nd + 1) * sizeof *s->t);
    s->v = malloc((nu + nd + 1) * sizeof *s->v);
    if (!tmp || !s->t || !s->v) {
        free(tmp);
        return false;
    }
    sort_times(up, tmp, nu);
    sort_times(down, tmp, nd);
    free(tmp);
    size_t i = 0, j = 0;
    int32_t val = 0;
    s->n = 0;
    while (i < nu || j < nd) {
        int64_t at = j >= nd || (i < nu && up[i] < down[j]) ? up[i] : down[j];
        for (; i < nu && up[i] == at; i++)
            val++;
        for (; j < nd && down[j] == at; j++)
            val--;
        if (s->n ? val != s->v[s->n - 1] : val != 0)
            s->t[s->n] = at, s->v[s->n] = val, s->n++;
    }
    return steps_index(s);
}

/* Index of the last step at or before x (-1: before the first), galloping forward from hint:
 * columns are sampled left to right, so the answer is usually a few steps past the last one. */
static ptrdiff_t steps_find(const agg_steps *s, int64_t x, ptrdiff_t hint)
{
    size_t lo = hint >= 0 && (size_t)hint < s->n && s->t[hint] <= x ? (size_t)hint + 1 : 0, hi = lo, step = 1;
    while (hi < s->n && s->t[hi] <= x)   /* every index below lo is at or before x */
        lo = hi + 1, hi = lo + step, step *= 2;
    hi = hi < s->n ? hi : s->n;
    SL_LOWER_BOUND(lo, hi, mid, s->t[mid] <= x);
    return (ptrdiff_t)lo - 1;
}

/* The largest of v[lo, hi): a short range is read directly (one or two cache lines), a long one
 * through the tree. */
static int32_t tree_max(const agg_steps *s, size_t lo, size_t hi)
{
    int32_t m = INT32_MIN;
    if (hi - lo <= 32) {
        for (; lo < hi; lo++)
            m = s->v[lo] > m ? s->v[lo] : m;
        return m;
    }
    for (lo += s->n, hi += s->n; lo < hi; lo /= 2, hi /= 2) {
        if (lo & 1)
            m = s->tree[lo] > m ? s->tree[lo] : m, lo++;
        if (hi & 1)
            hi--, m = s->tree[hi] > m ? s->tree[hi] : m;
    }
    return m;
}

/* Max and mean over [a, b), b > a; *hint: a step at or before a (from the previous column),
 * updated to the step at b - 1, where the next column starts: a million steps over 1 800 columns,
 * the next search then begins a step or two short of its answer instead of a column's width. */
void lay_agg_steps_range(const agg_steps *s, int64_t a, int64_t b, ptrdiff_t *hint, int32_t *max, double *mean)
{
    ptrdiff_t ia = steps_find(s, a, *hint), ib = steps_find(s, b - 1, ia);
    *hint = ib;
    if (ib < 0) {
        *max = 0, *mean = 0;
        return;
    }
    int32_t m = tree_max(s, ia < 0 ? 0 : (size_t)ia, (size_t)ib + 1);
    *max = ia < 0 && m < 0 ? 0 : m;
    /* the integral over [a, b) from the steps at each end; exact when both are one step */
    double va = ia < 0 ? 0 : s->v[ia], ea = ia < 0 ? 0 : s->area[ia] + va * (double)(a - s->t[ia]);
    double eb = s->area[ib] + (double)s->v[ib] * (double)(b - s->t[ib]);
    *mean = ia == ib ? va : (eb - ea) / (double)(b - a);
}

/* ---- Which series a group has, and building them -------------------------------------------- */

static size_t group_kinds(const lay_group *gr, uint8_t *out)
{
    switch (gr->kind) {
    case LAY_GROUP_UNITS:
    case LAY_GROUP_LOOPS: out[0] = LAY_AGG_INFLIGHT, out[1] = LAY_AGG_READY; return 2;
    case LAY_GROUP_CORES:
    case LAY_GROUP_SERVER: out[0] = LAY_AGG_BUSY; return 1;
    case LAY_GROUP_POOL: out[0] = LAY_AGG_QUEUE, out[1] = LAY_AGG_BUSY; return 2;
    default: return 0;
    }
}

static bool group_has(const lay_ctx *c, uint32_t g, lay_agg_kind k)
{
    uint8_t kinds[LAY_AGG_KIND_COUNT];
    size_t n = g < c->ngroups ? group_kinds(&c->groups[g], kinds) : 0;
    for (size_t i = 0; i < n; i++)
        if (kinds[i] == k)
            return true;
    return false;
}

static bool state_counts(lay_agg_kind k, uint8_t st)
{
    if (k == LAY_AGG_READY)
        return st == TRC_READY || st == TRC_GIL;
    return st == TRC_RUN || st == TRC_SERVE || st == TRC_SWITCH || st == TRC_SPAWN;
}

/* Deltas of series k of group g into up/down (NULL: only count them). */
static void gather(const lay_ctx *c, uint32_t g, lay_agg_kind k, int64_t *up, size_t *nu, int64_t *down, size_t *nd)
{
    const trc *t = c->t;
    *nu = *nd = 0;
    if (k == LAY_AGG_QUEUE) {   /* an offload waits from its submit to its worker: its spawn arrow */
        for (size_t i = 0; i < t->nmsgs; i++) {
            const trc_msg *m = &t->msgs[i];
            if (m->kind != TRC_MSG_SPAWN || m->to >= t->nlanes || c->lane_group[m->to] != g || m->t1 <= m->t0)
                continue;
            if (up)
                up[*nu] = m->t0, down[*nd] = m->t1;
            (*nu)++, (*nd)++;
        }
        return;
    }
    if (k == LAY_AGG_INFLIGHT) {
        for (size_t r = 0; r < t->nreqs; r++) {
            if (!lay_req_filtered_in(c, r))
                continue;
            if (up)
                up[*nu] = t->reqs[r].arrival;
            (*nu)++;
            if (t->reqs[r].flags & (TRC_REQ_DONE | TRC_REQ_FAILED)) {
                if (down)
                    down[*nd] = t->reqs[r].end > t->reqs[r].arrival ? t->reqs[r].end : t->reqs[r].arrival;
                (*nd)++;
            }
        }
        return;
    }
    const lay_group *gr = &c->groups[g];
    for (uint32_t i = 0; i < gr->count; i++) {
        uint32_t lane = c->order[gr->first + i];
        size_t n;
        const trc_seg *s = trc_lane_segs(t, lane, &n);
        if (!lay_lane_filtered_in(c, lane))
            continue;
        for (size_t j = 0; j < n; j++) {
            if (!state_counts(k, s[j].state) || s[j].t1 <= s[j].t0)
                continue;
            if (up)
                up[*nu] = s[j].t0, down[*nd] = s[j].t1;
            (*nu)++, (*nd)++;
        }
    }
}

static bool build(const lay_ctx *c, uint32_t g, lay_agg_kind k, agg_steps *s)
{
    size_t nu, nd;
    gather(c, g, k, NULL, &nu, NULL, &nd);
    int64_t *up = malloc(nu * sizeof *up + 1), *down = malloc(nd * sizeof *down + 1);
    bool ok = up && down;
    if (ok) {
        gather(c, g, k, up, &nu, down, &nd);
        ok = steps_from(s, up, nu, down, nd);
    }
    free(up);
    free(down);
    if (!ok)
        steps_free(s);
    s->status = ok ? SERIES_READY : SERIES_FAILED;
    return ok;
}

/* Resource res's step function from the trace's samples (each sample: the value from then on). */
static bool build_res(const trc *t, uint32_t res, agg_steps *s)
{
    size_t n = 0;
    for (size_t i = 0; i < t->nsamples; i++)
        n += t->samples[i].res == res;
    s->t = malloc((n + 1) * sizeof *s->t);
    s->v = malloc((n + 1) * sizeof *s->v);
    bool ok = s->t && s->v;
    s->n = 0;
    for (size_t i = 0; ok && i < t->nsamples; i++) {
        const trc_res_sample *x = &t->samples[i];
        int32_t v = x->value > INT32_MAX ? INT32_MAX : (int32_t)x->value;
        if (x->res != res || (s->n ? v == s->v[s->n - 1] : v == 0))
            continue;
        if (s->n && s->t[s->n - 1] == x->t)
            s->v[s->n - 1] = v;   /* the same instant: the last state holds */
        else
            s->t[s->n] = x->t, s->v[s->n] = v, s->n++;
    }
    ok = ok && steps_index(s);
    if (!ok)
        steps_free(s);
    s->status = ok ? SERIES_READY : SERIES_FAILED;
    return ok;
}

static agg_steps *res_series(lay_ctx *c, int32_t res)
{
    if (!c->agg || res < 0 || (size_t)res >= c->t->nres)
        return NULL;
    if (!c->agg->res && !(c->agg->res = calloc(c->t->nres, sizeof *c->agg->res)))
        return NULL;
    agg_steps *s = &c->agg->res[res];
    if (s->status == SERIES_UNBUILT)
        build_res(c->t, (uint32_t)res, s);
    return s->status == SERIES_READY ? s : NULL;
}

/* The series a row draws: its group's, or its resource's. */

static agg_steps *series(lay_ctx *c, uint32_t g, lay_agg_kind k)
{
    if (!c->agg || !group_has(c, g, k))
        return NULL;
    agg_steps *s = &c->agg->series[g * LAY_AGG_KIND_COUNT + k];
    if (s->status == SERIES_UNBUILT)
        build(c, g, k, s);
    return s->status == SERIES_READY ? s : NULL;
}

agg_steps *lay_agg_row_series(lay_ctx *c, const lay_row *r)
{
    return r->agg == LAY_AGG_RES ? res_series(c, r->res) : series(c, r->group, (lay_agg_kind)r->agg);
}

static void series_drop(lay_ctx *c)
{
    for (size_t i = 0; i < c->ngroups * LAY_AGG_KIND_COUNT; i++)
        steps_free(&c->agg->series[i]);
}

void lay_agg_filter_changed(lay_ctx *c)
{
    if (c->agg && c->agg->series)
        series_drop(c);
    c->rows_dirty = true;
}

bool lay_agg_series(lay_ctx *c, uint32_t g, lay_agg_kind k, lay_agg_steps *out)
{
    agg_steps *s = series(c, g, k);
    if (!s)
        return false;
    *out = (lay_agg_steps){s->t, s->v, s->n, s->max};
    return true;
}

bool lay_agg_range(lay_ctx *c, uint32_t g, lay_agg_kind k, int64_t a, int64_t b, int32_t *max, double *mean)
{
    agg_steps *s = series(c, g, k);
    if (!s)
        return false;
    ptrdiff_t hint = -1;
    lay_agg_steps_range(s, a, b > a ? b : a + 1, &hint, max, mean);
    return true;
}

/* ---- Context state: lay_rows.c calls these --------------------------------------------------- */

bool lay_agg_init(lay_ctx *c)
{
    size_t ng = c->ngroups + 1;
    struct lay_agg *a = calloc(1, sizeof *a);
    c->agg = a;
    if (!a)
        return false;
    a->cap = LAY_AGG_MIN_LANES;
    a->mode = calloc(ng, sizeof *a->mode);
    a->on = calloc(ng, sizeof *a->on);
    a->filtered = calloc(ng, sizeof *a->filtered);
    a->series = calloc(ng * LAY_AGG_KIND_COUNT, sizeof *a->series);
    return a->mode && a->on && a->filtered && a->series;
}

void lay_agg_free(lay_ctx *c)
{
    struct lay_agg *a = c->agg;
    if (!a)
        return;
    if (a->series)
        series_drop(c);
    for (size_t i = 0; a->res && i < c->t->nres; i++)
        steps_free(&a->res[i]);
    free(a->res);
    free(a->mode);
    free(a->on);
    free(a->filtered);
    free(a->series);
    free(a->col);
    free(a);
    c->agg = NULL;
}

/* ---- Rows: lay_rows.c calls these ------------------------------------------------------------ */

void lay_agg_set_plot(lay_ctx *c, float plot_h, float fs)
{
    if (!c->agg)
        return;
    double rows = plot_h / (LAY_LANE_H * (fs > 0 ? fs : 1.0f));
    uint32_t cap = rows > LAY_AGG_MIN_LANES ? (rows < 1e9 ? (uint32_t)rows : 1000000000u) : LAY_AGG_MIN_LANES;
    if (cap != c->agg->cap)
        c->agg->cap = cap, c->rows_dirty = true;
}

uint32_t lay_agg_capacity(const lay_ctx *c)
{
    return c->agg ? c->agg->cap : LAY_AGG_MIN_LANES;
}

bool lay_agg_decide(lay_ctx *c, uint32_t g)
{
    struct lay_agg *a = c->agg;
    const lay_group *gr = &c->groups[g];
    uint8_t kinds[LAY_AGG_KIND_COUNT];
    if (!a)
        return false;
    uint32_t filtered = 0, shown = 0;
    for (uint32_t i = 0; i < gr->count; i++) {
        uint32_t lane = c->order[gr->first + i];
        bool in = lay_lane_filtered_in(c, lane);
        filtered += in;
        shown += in && !c->lane_hidden[lane] && c->t->lanes[lane].kind != TRC_LANE_LOOP;
    }
    a->filtered[g] = filtered;
    a->on[g] = group_kinds(gr, kinds) > 0 &&
               (a->mode[g] == LAY_AGG_ON || (a->mode[g] == LAY_AGG_AUTO && shown > a->cap));
    return a->on[g];
}

size_t lay_agg_rows_of(const lay_ctx *c, uint32_t g, bool aggregated, uint8_t *kinds)
{
    const lay_group *gr = &c->groups[g];
    if (!c->agg)
        return 0;
    if (aggregated)
        return group_kinds(gr, kinds);
    if (gr->kind == LAY_GROUP_CORES && gr->count > LAY_AGG_BUSY_CORES)
        return kinds[0] = LAY_AGG_BUSY, 1;
    if (gr->kind == LAY_GROUP_POOL)
        return kinds[0] = LAY_AGG_QUEUE, 1;
    return 0;
}

/* ---- Modes ------------------------------------------------------------------------------------ */

void lay_group_set_agg(lay_ctx *c, uint32_t g, lay_agg_mode m)
{
    if (c->agg && g < c->ngroups && (unsigned)m <= LAY_AGG_OFF && c->agg->mode[g] != m)
        c->agg->mode[g] = (uint8_t)m, c->rows_dirty = true;
}

lay_agg_mode lay_group_agg(const lay_ctx *c, uint32_t g)
{
    return c->agg && g < c->ngroups ? (lay_agg_mode)c->agg->mode[g] : LAY_AGG_AUTO;
}

char *lay_agg_count_fmt(const lay_ctx *c, lay_lang lang, uint32_t g, char *buf, size_t n)
{
    char a[32], b[32];
    if (n)
        buf[0] = '\0';
    if (g >= c->ngroups || !n)
        return buf;
    if (c->groups[g].kind == LAY_GROUP_RES)   /* no lanes: the number of resources */
        return snprintf(buf, n, "%s", lay_agg_fmt_count((int64_t)c->t->nres, a, sizeof a)), buf;
    uint32_t total = c->groups[g].count, in = c->agg ? c->agg->filtered[g] : total;
    bool on = c->agg && c->agg->on[g];
    int k = in == total ? snprintf(buf, n, "%s", lay_agg_fmt_count(total, a, sizeof a))
                        : snprintf(buf, n, "%s %s %s", lay_agg_fmt_count(in, a, sizeof a), lay_str(lang, LAY_S_AGG_OF),
                                   lay_agg_fmt_count(total, b, sizeof b));
    if (on && k >= 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, " (%s)", lay_str(lang, LAY_S_AGG_AGGREGATED));
    return buf;
}
