/* lay_agg.c — aggregate rows (the unit filter they count through is lay_filter.c's). A series is a step function built from +1/-1
 * deltas (radix-sorted once, O(n)); a pixel column's max comes from a segment tree and its mean
 * from a running integral, so a frame costs O(aggregate rows x columns x log steps). */
#include "lay_agg.h"
#include "lay_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { SERIES_UNBUILT, SERIES_READY, SERIES_FAILED };

/* A step function with what a column query needs. */
typedef struct {
    int64_t *t;
    int32_t *v;
    double *area;     /* area[i]: integral of the value from t[0] to t[i] */
    int32_t *tree;    /* max segment tree, bottom-up: leaves tree[n + i] = v[i] */
    size_t n;
    int32_t max;
    int32_t scale;    /* the last frame's vertical scale, for its label; 0 before one */
    uint8_t status;
} agg_steps;

struct lay_agg {
    uint32_t cap;           /* lanes a group shows before it aggregates */
    uint8_t *mode;          /* per group: lay_agg_mode */
    uint8_t *on;            /* per group: aggregated, as of the last row rebuild */
    uint32_t *filtered;     /* per group: lanes passing the filter, as of the last row rebuild */
    agg_steps *series;      /* ngroups x LAY_AGG_KIND_COUNT */
    agg_steps *res;         /* per resource (trc.res): holders or length */
    float *col;             /* one frame's column heights: mean then max, 2 per column */
    size_t ncol;
};

/* ---- Strings ---------------------------------------------------------------------------------- */

const char *lay_agg_kind_str(lay_lang lang, lay_agg_kind k)
{
    static const lay_str_key keys[LAY_AGG_KIND_COUNT] = {LAY_S_AGG_INFLIGHT, LAY_S_AGG_READY, LAY_S_AGG_BUSY,
                                                         LAY_S_AGG_QUEUE, LAY_S_GROUP_RES};
    return (unsigned)k < LAY_AGG_KIND_COUNT ? lay_str(lang, keys[k]) : "?";
}

/* n with its thousands grouped by spaces ("100 000"); returns buf. */
static char *fmt_count(int64_t n, char *buf, size_t sz)
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
static void steps_range(const agg_steps *s, int64_t a, int64_t b, ptrdiff_t *hint, int32_t *max, double *mean)
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
static agg_steps *row_series(lay_ctx *c, const lay_row *r);

static agg_steps *series(lay_ctx *c, uint32_t g, lay_agg_kind k)
{
    if (!c->agg || !group_has(c, g, k))
        return NULL;
    agg_steps *s = &c->agg->series[g * LAY_AGG_KIND_COUNT + k];
    if (s->status == SERIES_UNBUILT)
        build(c, g, k, s);
    return s->status == SERIES_READY ? s : NULL;
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
    steps_range(s, a, b > a ? b : a + 1, &hint, max, mean);
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

bool lay_group_aggregated(lay_ctx *c, uint32_t g)
{
    lay_rows_refresh(c);
    return c->agg && g < c->ngroups && c->agg->on[g];
}

void lay_group_toggle_agg(lay_ctx *c, uint32_t g)
{
    lay_group_set_agg(c, g, lay_group_aggregated(c, g) ? LAY_AGG_OFF : LAY_AGG_ON);
}

uint32_t lay_group_filtered(lay_ctx *c, uint32_t g)
{
    lay_rows_refresh(c);
    return c->agg && g < c->ngroups ? c->agg->filtered[g] : 0;
}

char *lay_agg_count_text(lay_ctx *c, lay_lang lang, uint32_t g, char *buf, size_t n)
{
    char a[32], b[32];
    if (n)
        buf[0] = '\0';
    if (g >= c->ngroups || !n)
        return buf;
    lay_rows_refresh(c);
    if (c->groups[g].kind == LAY_GROUP_RES)   /* no lanes: the number of resources */
        return snprintf(buf, n, "%s", fmt_count((int64_t)c->t->nres, a, sizeof a)), buf;
    uint32_t total = c->groups[g].count, in = c->agg ? c->agg->filtered[g] : total;
    bool on = c->agg && c->agg->on[g];
    int k = in == total ? snprintf(buf, n, "%s", fmt_count(total, a, sizeof a))
                        : snprintf(buf, n, "%s %s %s", fmt_count(in, a, sizeof a), lay_str(lang, LAY_S_AGG_OF),
                                   fmt_count(total, b, sizeof b));
    if (on && k >= 0 && (size_t)k < n)
        snprintf(buf + k, n - (size_t)k, " (%s)", lay_str(lang, LAY_S_AGG_AGGREGATED));
    return buf;
}

/* ---- Drawing ------------------------------------------------------------------------------------ */

#define AGG_PAD_TOP 6.0f
#define AGG_PAD_BOTTOM 4.0f

static dl_color kind_color(const theme *th, lay_agg_kind k)
{
    static const size_t pick[LAY_AGG_KIND_COUNT] = {4, 5, 2, 6};   /* blue, vermillion, green, yellow */
    return th->palette[pick[k] % th->npalette];
}

/* One aggregate row's chart area on the canvas. */
typedef struct {
    float y, top, base;   /* row top; chart top and baseline */
    int64_t c0, c1;       /* pixel columns drawn: [c0, c1) */
    int64_t lim;          /* nothing is drawn after this time (the run's end, or the playhead) */
} agg_box;

static agg_box box_of(const lay_fr *f, const lay_row *r)
{
    agg_box b;
    b.y = lay_row_y(f->c, f->v, f->g, r);
    b.top = b.y + AGG_PAD_TOP * f->fs;
    b.base = b.y + r->h * lay_rfs(f->g) - AGG_PAD_BOTTOM * f->fs;
    b.lim = f->t->end < f->tr ? f->t->end : f->tr;
    double x0 = floor(lay_xrel(f->v, 0)), x1 = ceil(lay_xrel(f->v, b.lim));
    b.c0 = x0 > 0 ? (int64_t)(x0 < f->g->plot_w ? x0 : f->g->plot_w) : 0;
    b.c1 = x1 > 0 ? (int64_t)(x1 < f->g->plot_w ? x1 : f->g->plot_w) : 0;
    return b;
}

/* The time span of pixel column col, cut to [0, lim); false when nothing of it is left. */
static bool col_span(const lay_view *v, int64_t col, int64_t lim, int64_t *a, int64_t *b)
{
    *a = lay_trel(v, (double)col);
    *b = lay_trel(v, (double)(col + 1));
    *a = *a < 0 ? 0 : *a;
    *b = *b > lim ? lim : *b;
    *b = *b > *a ? *b : *a + 1;
    return *a < lim;
}

static bool ensure_cols(struct lay_agg *a, size_t n)
{
    if (n <= a->ncol)
        return true;
    float *p = realloc(a->col, 2 * n * sizeof *p);
    if (!p)
        return false;
    a->col = p, a->ncol = n;
    return true;
}

/* Heights in pixels of each column's mean and max: a max above 0 shows at least one pixel. */
static void sample(const lay_fr *f, const agg_steps *s, const agg_box *b, int32_t scale, float *hm, float *hx)
{
    float ch = b->base - b->top;
    ptrdiff_t hint = -1;
    for (int64_t col = b->c0; col < b->c1; col++) {
        int64_t ta, tb;
        int32_t mx = 0;
        double mean = 0;
        if (col_span(f->v, col, b->lim, &ta, &tb))
            steps_range(s, ta, tb, &hint, &mx, &mean);
        float m = floorf((float)(mean / scale) * ch + 0.5f), x = floorf((float)mx / (float)scale * ch + 0.5f);
        hm[col - b->c0] = m > 0 ? m : 0;
        hx[col - b->c0] = mx > 0 && x < 1 ? 1 : x > 0 ? x : 0;
    }
}

/* The mean as a filled area, one rectangle per run of equal height. */
static void emit_area(const lay_fr *f, const agg_box *b, const float *hm, dl_color fill)
{
    size_t n = (size_t)(b->c1 - b->c0);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && hm[j] == hm[i]; j++)
            ;
        if (hm[i] > 0)
            dl_push_rect(f->out, (float)(f->g->plot_x + (double)b->c0 + (double)i), b->base - hm[i], (float)(j - i),
                         hm[i], fill, 0, 0);
    }
}

/* The max as a staircase line: a bar along each run of equal height and a riser between runs. */
static void emit_max(const lay_fr *f, const agg_box *b, const float *hx, dl_color col)
{
    size_t n = (size_t)(b->c1 - b->c0);
    float lw = 1.5f * f->fs, x0 = (float)(f->g->plot_x + (double)b->c0);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && hx[j] == hx[i]; j++)
            ;
        if (hx[i] > 0)
            dl_push_rect(f->out, x0 + (float)i, b->base - hx[i] - lw / 2, (float)(j - i), lw, col, 0, 0);
        if (j < n && hx[j] != hx[i]) {
            float lo = hx[j] < hx[i] ? hx[j] : hx[i], hi = hx[j] < hx[i] ? hx[i] : hx[j];
            dl_push_rect(f->out, x0 + (float)j - lw / 2, b->base - hi - lw / 2, lw, hi - lo + lw, col, 0, 0);
        }
    }
}

/* The largest value in the columns that show: the chart's full height. */
static int32_t visible_scale(const lay_fr *f, const agg_steps *s, const agg_box *b)
{
    int64_t ta = lay_trel(f->v, (double)b->c0), tb = lay_trel(f->v, (double)b->c1);
    ta = ta < 0 ? 0 : ta;
    tb = tb > b->lim ? b->lim : tb;
    int32_t mx = 0;
    double mean;
    ptrdiff_t hint = -1;
    if (tb > ta)
        steps_range(s, ta, tb, &hint, &mx, &mean);
    return mx > 0 ? mx : 1;
}

/* The value under the hover line, in a small box next to it. */
static void hover_value(const lay_fr *f, const agg_steps *s, const agg_box *b)
{
    const lay_view *v = f->v;
    const lay_geom *g = f->g;
    if (!v->hover_on || v->hover_x < g->plot_x || v->hover_x >= g->plot_x + g->plot_w)
        return;
    int64_t ta, tb, col = (int64_t)floorf(v->hover_x - g->plot_x);
    if (!col_span(v, col, b->lim, &ta, &tb))
        return;
    int32_t mx;
    double mean;
    ptrdiff_t hint = -1;
    steps_range(s, ta, tb, &hint, &mx, &mean);
    char num[32], text[64];
    fmt_count(mx, num, sizeof num);
    if (mean == mx)
        snprintf(text, sizeof text, "%s", num);
    else
        snprintf(text, sizeof text, "%s %s", lay_str(v->lang, LAY_S_AGG_MAX), num);
    float size = LAY_TEXT_SMALL * f->fs, pad = 3 * f->fs, ym = b->y + (AGG_PAD_TOP + 7) * f->fs;
    float tw = lay_measure(f->m, text, strlen(text), size, false);
    float x = v->hover_x + 4 * f->fs;
    if (x + tw + 2 * pad > g->plot_x + g->plot_w)
        x = v->hover_x - 4 * f->fs - tw - 2 * pad;
    dl_push_rect(f->out, x, ym - size * 0.7f, tw + 2 * pad, size * 1.4f, f->th->bg, f->th->hover, 1.0f);
    dl_push_text(f->out, x + pad, ym, size, f->th->fg, DL_ANCHOR_ML, false, false, text, strlen(text));
}

static agg_steps *row_series(lay_ctx *c, const lay_row *r)
{
    return r->agg == LAY_AGG_RES ? res_series(c, r->res) : series(c, r->group, (lay_agg_kind)r->agg);
}

/* A resource's chart is scaled to its capacity (a queue without one: its peak), drawn as a line:
 * the holders never pass it, a bounded queue fills up to it. */
static int32_t res_scale(const lay_fr *f, const lay_row *r, const agg_steps *s)
{
    uint32_t cap = f->t->res[r->res].capacity;
    int32_t scale = cap > INT32_MAX ? INT32_MAX : (int32_t)cap;
    return scale > s->max ? scale : s->max > 0 ? s->max : 1;
}

static void capacity_line(const lay_fr *f, const lay_row *r, const agg_box *b, int32_t scale)
{
    uint32_t cap = f->t->res[r->res].capacity;
    if (cap == 0 || b->c1 <= b->c0)
        return;
    float y = b->base - (float)cap / (float)scale * (b->base - b->top);
    dl_push_line(f->out, (float)(f->g->plot_x + (double)b->c0), y, (float)(f->g->plot_x + (double)b->c1), y,
                 1.5f * f->fs, f->th->fail, 6 * f->fs, 3 * f->fs);
}

static dl_color row_color(const theme *th, const lay_row *r)
{
    if (r->agg == LAY_AGG_RES)
        return th->palette[(size_t)(6 + r->res) % th->npalette];
    return kind_color(th, (lay_agg_kind)r->agg);
}

void lay_agg_draw_row(const lay_fr *f, const lay_row *r)
{
    agg_steps *s = row_series(f->c, r);
    if (!s)
        return;
    agg_box b = box_of(f, r);
    if (b.c1 > b.c0)
        dl_push_line(f->out, (float)(f->g->plot_x + (double)b.c0), b.base, (float)(f->g->plot_x + (double)b.c1), b.base,
                     1.0f, f->th->lane_line, 0, 0);
    s->scale = r->agg == LAY_AGG_RES ? res_scale(f, r, s) : visible_scale(f, s, &b);
    if (b.c1 <= b.c0 || !ensure_cols(f->c->agg, (size_t)(b.c1 - b.c0)))
        return;
    float *hm = f->c->agg->col, *hx = hm + (b.c1 - b.c0);
    dl_color col = row_color(f->th, r);
    dl_push_line(f->out, (float)(f->g->plot_x + (double)b.c0), b.top, (float)(f->g->plot_x + (double)b.c1), b.top,
                 1.0f, f->th->grid, 4 * f->fs, 3 * f->fs);
    sample(f, s, &b, s->scale, hm, hx);
    emit_area(f, &b, hm, theme_mix(col, f->th->bg, 0.55f));
    emit_max(f, &b, hx, col);
    if (r->agg == LAY_AGG_RES)   /* over the chart: at capacity the line shows on the staircase */
        capacity_line(f, r, &b, s->scale);
    hover_value(f, s, &b);
}

/* The label column: a swatch in the series' colour, its name, and the scale ("max 10 000", "of 16"
 * for busy cores). */
const char *lay_res_kind_str(lay_lang lang, uint8_t kind)
{
    static const lay_str_key keys[] = {LAY_S_RES_SEMAPHORE, LAY_S_RES_LOCK, LAY_S_RES_QUEUE};
    return kind < 3 ? lay_str(lang, keys[kind]) : "?";
}

/* A resource's label: its name, then "lock · 1", "semaphore · 10", "queue · 5" or "queue · unbounded". */
static void res_label(const lay_fr *f, const lay_row *r, float y)
{
    float fs = f->fs;
    const trc_res *x = &f->t->res[r->res];
    const char *name = x->name ? x->name : "";
    dl_push_text(f->out, 12 * fs, y + 16 * fs, LAY_TEXT * fs, f->th->fg, DL_ANCHOR_ML, false, false, name, strlen(name));
    char cap[32], text[96];
    if (x->kind == 2 && x->capacity == 0)
        snprintf(cap, sizeof cap, "%s", lay_str(f->v->lang, LAY_S_RES_UNBOUNDED));
    else
        fmt_count(x->capacity, cap, sizeof cap);
    int n = snprintf(text, sizeof text, "%s \xC2\xB7 %s", lay_res_kind_str(f->v->lang, x->kind), cap);
    dl_push_text(f->out, 12 * fs, y + 32 * fs, LAY_TEXT_SMALL * fs, f->th->fg_dim, DL_ANCHOR_ML, false, false, text,
                 n > 0 ? (size_t)n : 0);
}

void lay_agg_label(const lay_fr *f, const lay_row *r, float y, float h)
{
    lay_agg_kind k = (lay_agg_kind)r->agg;
    float fs = f->fs;
    lay_lang lang = f->v->lang;
    dl_push_rect(f->out, 4 * fs, y + AGG_PAD_TOP * fs, 3 * fs, h - (AGG_PAD_TOP + AGG_PAD_BOTTOM) * fs,
                 row_color(f->th, r), 0, 0);
    if (k == LAY_AGG_RES) {
        res_label(f, r, y);
        return;
    }
    agg_steps *s = series(f->c, r->group, k);
    const char *name = lay_agg_kind_str(lang, k);
    dl_push_text(f->out, 12 * fs, y + 16 * fs, LAY_TEXT * fs, f->th->fg, DL_ANCHOR_ML, false, false, name, strlen(name));
    if (!s)
        return;
    char a[32], b[32], text[96];
    int32_t scale = s->scale > 0 ? s->scale : s->max;
    int n = k == LAY_AGG_BUSY
                ? snprintf(text, sizeof text, "%s %s %s %s", lay_str(lang, LAY_S_AGG_MAX), fmt_count(scale, a, sizeof a),
                           lay_str(lang, LAY_S_AGG_OF), fmt_count(f->c->groups[r->group].count, b, sizeof b))
                : snprintf(text, sizeof text, "%s %s", lay_str(lang, LAY_S_AGG_MAX), fmt_count(scale, a, sizeof a));
    dl_push_text(f->out, 12 * fs, y + 32 * fs, LAY_TEXT_SMALL * fs, f->th->fg_dim, DL_ANCHOR_ML, false, false, text,
                 n > 0 ? (size_t)n : 0);
}

/* ---- Pointing --------------------------------------------------------------------------------- */

bool lay_agg_at(lay_ctx *c, const lay_view *vin, const lay_geom *g, float x, float y, lay_agg_hit *out)
{
    lay_view v = lay_view_sane(vin);
    lay_rows_refresh(c);
    if (x < g->plot_x || x >= g->plot_x + g->plot_w || y < g->plot_y || y >= g->plot_y + g->plot_h)
        return false;
    float yu = (y - g->plot_y + v.scroll_y) / lay_rfs(g);
    size_t r = lay_row_at_or_after(c, yu);
    if (r >= c->nrows || c->rows[r].y > yu || c->rows[r].kind != LAY_ROW_AGG)
        return false;
    const lay_row *row = &c->rows[r];
    agg_steps *s = row_series(c, row);
    int64_t ta, tb, col = (int64_t)floorf(x - g->plot_x);
    if (!s || !col_span(&v, col, c->t->end, &ta, &tb))
        return false;
    ptrdiff_t hint = -1;
    out->group = row->group;
    out->kind = (lay_agg_kind)row->agg;
    out->t0 = ta, out->t1 = tb;
    out->total = c->groups[row->group].count;
    out->res = row->agg == LAY_AGG_RES ? row->res : -1;
    out->t = c->t;
    steps_range(s, ta, tb, &hint, &out->max, &out->mean);
    return true;
}

char *lay_res_holders(const trc *t, uint32_t res, int64_t ts, char *buf, size_t n)
{
    size_t used = 0, shown = 0, more = 0;
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < t->nholds; i++) {
        const trc_hold *h = &t->holds[i];
        if (h->res != res || h->t0 > ts || h->t1 <= ts)
            continue;
        if (shown == 6) {
            more++;
            continue;
        }
        char name[160];
        const trc_req *q = h->req >= 0 && (size_t)h->req < t->nreqs ? &t->reqs[h->req] : NULL;
        if (q && (t->tmpls[q->tmpl].count > 1 || ((q->flags & TRC_REQ_TASK) && q->instance > 0)))
            snprintf(name, sizeof name, "%s #%u", t->tmpls[q->tmpl].name, q->instance + 1);
        else
            snprintf(name, sizeof name, "%s", q ? t->tmpls[q->tmpl].name : "?");
        int w = snprintf(buf + used, n - used, "%s%s", shown ? ", " : "", name);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w, shown++;
    }
    if (more && used < n)
        snprintf(buf + used, n - used, " +%zu", more);
    return buf;
}

/* "lock db: 1 of 1 holders, 2 waiting\nheld by: a\nat 3ms" */
static char *res_describe(const lay_agg_hit *h, lay_lang lang, char *buf, size_t n)
{
    const trc_res *x = &h->t->res[h->res];
    char at[48], holders[512];
    lay_fmt_dur(h->t0, lang, at, sizeof at);
    long i = trc_sample_at(h->t, (uint32_t)h->res, h->t0);
    uint32_t value = i >= 0 ? h->t->samples[i].value : 0, waiting = i >= 0 ? h->t->samples[i].waiters : 0;
    size_t pos = (size_t)snprintf(buf, n, "%s %s: %u", lay_res_kind_str(lang, x->kind), x->name ? x->name : "", value);
    if (x->capacity && pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, " %s %u", lay_str(lang, LAY_S_AGG_OF), x->capacity);
    if (pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, " %s, %u %s",
                                lay_str(lang, x->kind == 2 ? LAY_S_RES_ITEMS : LAY_S_RES_HOLDERS), waiting,
                                lay_str(lang, LAY_S_RES_WAITING));
    lay_res_holders(h->t, (uint32_t)h->res, h->t0, holders, sizeof holders);
    if (holders[0] && pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, "\n%s: %s", lay_str(lang, LAY_S_TIP_HELD_BY), holders);
    if (pos < n)
        snprintf(buf + pos, n - pos, "\n%s", at);
    return buf;
}

char *lay_agg_describe(const lay_agg_hit *h, lay_lang lang, char *buf, size_t n)
{
    char a[32], at[48];
    if (h->kind == LAY_AGG_RES && h->t && h->res >= 0 && (size_t)h->res < h->t->nres)
        return res_describe(h, lang, buf, n);
    fmt_count(h->max, a, sizeof a);
    lay_fmt_dur(h->t0, lang, at, sizeof at);
    const char *co = lay_str(lang, LAY_S_COLON);
    if (h->mean == h->max)
        snprintf(buf, n, "%s%s%s\n%s", lay_agg_kind_str(lang, h->kind), co, a, at);
    else
        snprintf(buf, n, "%s%s%s %s (%.1f)\n%s", lay_agg_kind_str(lang, h->kind), co, lay_str(lang, LAY_S_AGG_MAX), a,
                 h->mean, at);
    return buf;
}
