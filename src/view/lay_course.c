/* lay_course.c — the course view (see lay_course.h). Built once per trace: bursts from the unit,
 * coroutine and server lanes, sorted by column then time, grouped where they overlap, each given a
 * part of its group's split bar by greedy interval colouring. Per frame: binary search to the first
 * visible group of each column, one shape per pixel row where groups are thinner than a pixel. */
#include "lay_course.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lay_int.h"
#include "view.h"

#define LOD_SCAN 16          /* tiny groups looked at in one pixel row before jumping past it */
#define MSG_SCAN 16          /* same for messages sent in one pixel row */
#define MSG_GAP 4.0f         /* least pixels between two arrows leaving a column for the same one */
#define DETAIL_PX 16.0       /* a bar shows its slices when they average this many pixels */
#define FADE 0.6f            /* how far the ready part of a burst fades toward the background */

/* ---- Building ------------------------------------------------------------------------------ */

static bool burst_lane(const trc_lane *l)
{
    if (l->kind == TRC_LANE_SERVER)
        return l->host >= 0;
    return l->kind == TRC_LANE_UNIT || l->kind == TRC_LANE_CORO || l->kind == TRC_LANE_MAIN;
}

static bool slice_state(const trc_lane *l, uint8_t st)
{
    return st == (l->kind == TRC_LANE_SERVER ? TRC_SERVE : TRC_RUN);
}

static uint32_t host_col(int32_t host)
{
    return host < 0 ? 0 : (uint32_t)host + 1;
}

/* The bursts of one lane, appended in time order. */
static bool lane_bursts(lay_course *c, uint32_t lane, size_t *cap, sl_err *err)
{
    const trc_lane *l = &c->t->lanes[lane];
    size_t n;
    const trc_seg *s = trc_lane_segs(c->t, lane, &n);
    lay_burst *open = NULL;
    for (size_t j = 0; j < n; j++) {
        uint8_t st = s[j].state;
        if (st == TRC_WAIT || st == TRC_BLOCKED || st == TRC_AWAIT || st == TRC_LOCKWAIT || st == TRC_QWAIT ||
            st == TRC_QUEUED)
            open = NULL;   /* a wait ends the burst: a step run again (N * (...)) is a new one */
        if (!slice_state(l, st) || s[j].req < 0)
            continue;
        if (open && open->req == s[j].req && open->step == s[j].step) {
            open->t1 = s[j].t1, open->seg_end = (uint32_t)j + 1, open->nslices++;
            continue;
        }
        if (!SL_GROW(c->bursts, *cap, c->nbursts + 1, (size_t)UINT32_MAX))
            return sl_fail(err, "schedlab: error: out of memory (course view: %zu bursts)", c->nbursts);
        open = &c->bursts[c->nbursts++];
        *open = (lay_burst){.t0 = s[j].t0, .t1 = s[j].t1, .lane = lane, .req = s[j].req,
                            .seg_first = (uint32_t)j, .seg_end = (uint32_t)j + 1, .nslices = 1,
                            .col = host_col(l->host), .step = s[j].step};
    }
    return true;
}

static int cmp_col_time(const void *a, const void *b)
{
    const lay_burst *x = a, *y = b;
    if (x->col != y->col)
        return x->col < y->col ? -1 : 1;
    if (x->t0 != y->t0)
        return x->t0 < y->t0 ? -1 : 1;
    if (x->lane != y->lane)
        return x->lane < y->lane ? -1 : 1;
    return (x->seg_first > y->seg_first) - (x->seg_first < y->seg_first);
}

/* Bursts were built lane after lane, in time order: that order is the lane index. Sorting them
 * by column then time, lane_bursts follows each burst to its new place (the group field carries
 * the old index through the sort; groups are made afterwards). */
static bool sort_and_index(lay_course *c, sl_err *err)
{
    size_t nl = c->t->nlanes, nb = c->nbursts;
    c->lane_first = calloc(nl + 1, sizeof *c->lane_first);
    c->lane_bursts = malloc((nb ? nb : 1) * sizeof *c->lane_bursts);
    if (!c->lane_first || !c->lane_bursts)
        return sl_fail(err, "schedlab: error: out of memory (course view index)");
    for (size_t i = 0; i < nb; i++) {
        c->lane_first[c->bursts[i].lane + 1]++;
        c->bursts[i].group = (uint32_t)i;
    }
    for (size_t l = 0; l < nl; l++)
        c->lane_first[l + 1] += c->lane_first[l];
    if (nb > 1)
        qsort(c->bursts, nb, sizeof *c->bursts, cmp_col_time);
    for (size_t i = 0; i < nb; i++)
        c->lane_bursts[c->bursts[i].group] = (uint32_t)i;
    return true;
}

/* A binary min-heap of uint32 items; with key, ordered by (key[item], item), else by item. */
typedef struct {
    uint32_t *a;
    size_t n;
    const int64_t *key;
} u32heap;

static bool heap_less(const u32heap *h, uint32_t x, uint32_t y)
{
    if (h->key && h->key[x] != h->key[y])
        return h->key[x] < h->key[y];
    return x < y;
}

static void heap_push(u32heap *h, uint32_t v)
{
    size_t i = h->n++;
    for (; i > 0 && heap_less(h, v, h->a[(i - 1) / 2]); i = (i - 1) / 2)
        h->a[i] = h->a[(i - 1) / 2];
    h->a[i] = v;
}

static uint32_t heap_pop(u32heap *h)
{
    uint32_t top = h->a[0], last = h->a[--h->n];
    size_t i = 0;
    for (;;) {
        size_t k = 2 * i + 1;
        if (k >= h->n)
            break;
        if (k + 1 < h->n && heap_less(h, h->a[k + 1], h->a[k]))
            k++;
        if (!heap_less(h, h->a[k], last))
            break;
        h->a[i] = h->a[k];
        i = k;
    }
    if (h->n)
        h->a[i] = last;
    return top;
}

/* Gives each burst of group g the lowest part free at its start: greedy interval colouring, which
 * uses as many parts as there are bursts at once. busy holds bursts (by rank in the group) keyed
 * by their end; freep holds part numbers; part[] is scratch of the group's size. */
static void assign_parts(lay_course *c, lay_burst_group *g, u32heap *busy, u32heap *freep, int64_t *ends)
{
    busy->n = freep->n = 0;
    busy->key = ends;
    uint32_t nsub = 0;
    for (uint32_t k = 0; k < g->count; k++) {
        lay_burst *b = &c->bursts[g->first + k];
        while (busy->n && ends[busy->a[0]] <= b->t0)
            heap_push(freep, c->bursts[g->first + heap_pop(busy)].sub);
        b->sub = freep->n ? heap_pop(freep) : nsub++;
        SL_ASSERT(b->sub < g->count);   /* never more parts than bursts */
        ends[k] = b->t1;
        heap_push(busy, k);
        g->nslices += b->nslices;
    }
    g->nsub = nsub ? nsub : 1;
}

/* Groups: runs of a column's bursts (by start) each starting strictly before the run's end so
 * far. Bursts that only touch (one ends when the next starts) are stacked, not split. */
static bool make_groups(lay_course *c, sl_err *err)
{
    size_t cap = 0, most = 1;
    for (size_t i = 0; i < c->nbursts;) {
        lay_burst_group g = {c->bursts[i].t0, c->bursts[i].t1, (uint32_t)i, 0, 1, 0};
        uint32_t col = c->bursts[i].col;
        for (; i < c->nbursts && c->bursts[i].col == col && (g.count == 0 || c->bursts[i].t0 < g.t1); i++) {
            g.t1 = c->bursts[i].t1 > g.t1 ? c->bursts[i].t1 : g.t1;
            c->bursts[i].group = (uint32_t)c->ngroups;
            g.count++;
        }
        if (!SL_GROW(c->groups, cap, c->ngroups + 1, (size_t)UINT32_MAX))
            return sl_fail(err, "schedlab: error: out of memory (course view: %zu groups)", c->ngroups);
        c->groups[c->ngroups++] = g;
        most = g.count > most ? g.count : most;
    }
    u32heap busy = {malloc(most * sizeof(uint32_t)), 0, NULL}, freep = {malloc(most * sizeof(uint32_t)), 0, NULL};
    int64_t *ends = malloc(most * sizeof *ends);
    bool ok = busy.a && freep.a && ends;
    for (size_t gi = 0; ok && gi < c->ngroups; gi++)
        assign_parts(c, &c->groups[gi], &busy, &freep, ends);
    /* A column's groups are disjoint and sorted: lay_course_group_after searches their ends. */
    for (size_t gi = 1; gi < c->ngroups; gi++)
        SL_ASSERT(c->bursts[c->groups[gi].first].col != c->bursts[c->groups[gi - 1].first].col ||
                  c->groups[gi - 1].t1 <= c->groups[gi].t0);
    free(busy.a);
    free(freep.a);
    free(ends);
    return ok ? true : sl_fail(err, "schedlab: error: out of memory (course view parts)");
}

static bool make_cols(lay_course *c, sl_err *err)
{
    const trc *t = c->t;
    int32_t maxhost = -1;
    for (size_t l = 0; l < t->nlanes; l++)
        maxhost = t->lanes[l].host > maxhost ? t->lanes[l].host : maxhost;
    size_t n = (size_t)(maxhost + 1) + 1 > t->nhosts ? (size_t)(maxhost + 1) + 1 : t->nhosts;
    n = n ? n : 1;
    c->cols = calloc(n, sizeof *c->cols);
    if (!c->cols)
        return sl_fail(err, "schedlab: error: out of memory (course view columns)");
    c->ncols = n;
    size_t ns = n - 1;
    for (size_t i = 0; i < n; i++) {
        lay_course_col *k = &c->cols[i];
        k->host = (int32_t)i - 1;
        k->name = i < t->nhosts && t->hosts[i] ? t->hosts[i] : i == 0 ? "client" : "server";
        /* Server 0 left, 1 right, 2 left ... as in figures 2, 5 and 7; a lone server goes right,
         * as in figure 1. */
        size_t s = i - 1;
        k->slot = i == 0 ? 0 : ns == 1 ? 1 : s % 2 == 0 ? -(int32_t)(s / 2 + 1) : (int32_t)(s / 2 + 1);
        c->slot_min = k->slot < c->slot_min ? k->slot : c->slot_min;
        c->slot_max = k->slot > c->slot_max ? k->slot : c->slot_max;
    }
    for (size_t g = 0; g < c->ngroups; g++) {
        lay_course_col *k = &c->cols[c->bursts[c->groups[g].first].col];
        if (k->group_count++ == 0)
            k->group_first = (uint32_t)g;
    }
    return true;
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* Context switches of the client (its cores and event loops), by time. */
static bool index_switches(lay_course *c, sl_err *err)
{
    const trc *t = c->t;
    size_t cap = 0;
    for (size_t i = 0; i < t->nmarks; i++) {
        const trc_mark *mk = &t->marks[i];
        if (mk->kind != TRC_MK_SWITCH || mk->lane >= t->nlanes || t->lanes[mk->lane].host >= 0)
            continue;
        if (!SL_GROW(c->switches, cap, c->nswitches + 1, (size_t)UINT32_MAX))
            return sl_fail(err, "schedlab: error: out of memory (course view switches)");
        c->switches[c->nswitches++] = mk->t;
    }
    if (c->nswitches > 1)
        qsort(c->switches, c->nswitches, sizeof *c->switches, cmp_i64);
    return true;
}

/* (send time, index) pairs: equal send times keep the trace's order. */
static int cmp_pair(const void *a, const void *b)
{
    const int64_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

static bool index_msgs(lay_course *c, sl_err *err)
{
    const trc *t = c->t;
    size_t n = t->nmsgs;
    c->msg_order = malloc((n ? n : 1) * sizeof *c->msg_order);
    int64_t *key = malloc((n ? n : 1) * 2 * sizeof *key);
    if (!c->msg_order || !key) {
        free(key);
        return sl_fail(err, "schedlab: error: out of memory (course view messages)");
    }
    for (size_t i = 0; i < n; i++) {
        key[2 * i] = t->msgs[i].t0, key[2 * i + 1] = (int64_t)i;
        int64_t d = t->msgs[i].t1 - t->msgs[i].t0;
        c->msg_maxdur = d > c->msg_maxdur ? d : c->msg_maxdur;
    }
    if (n > 1)
        qsort(key, n, 2 * sizeof *key, cmp_pair);
    for (size_t i = 0; i < n; i++)
        c->msg_order[i] = (uint32_t)key[2 * i + 1];
    free(key);
    return true;
}

bool lay_course_init(lay_course *c, const trc *t, sl_err *err)
{
    memset(c, 0, sizeof *c);
    c->t = t;
    c->opts = (lay_course_opts){.notes = false, .axis = true, .hosts = true, .guides = true, .status = true};
    size_t cap = 0;
    bool ok = true;
    for (uint32_t l = 0; ok && l < t->nlanes; l++)
        ok = !burst_lane(&t->lanes[l]) || lane_bursts(c, l, &cap, err);
    ok = ok && sort_and_index(c, err) && make_groups(c, err) && make_cols(c, err) && index_switches(c, err) &&
         index_msgs(c, err);
    if (!ok) {
        lay_course_free(c);
        c->t = t;
    }
    return ok;
}

void lay_course_free(lay_course *c)
{
    free(c->cols);
    free(c->bursts);
    free(c->groups);
    free(c->lane_first);
    free(c->lane_bursts);
    free(c->switches);
    free(c->msg_order);
    free(c->scratch);
    free(c->cover);
    free(c->warp_e);
    free(c->warp_s);
    memset(c, 0, sizeof *c);
}

/* ---- Searching ----------------------------------------------------------------------------- */

uint32_t lay_course_group_after(const lay_course *c, uint32_t col, int64_t t)
{
    if (col >= c->ncols)
        return (uint32_t)c->ngroups;
    uint32_t lo = c->cols[col].group_first, hi = lo + c->cols[col].group_count;
    /* a column's groups are disjoint and sorted: their ends are sorted too */
    SL_LOWER_BOUND(lo, hi, mid, c->groups[mid].t1 <= t);
    return lo;
}

/* Position in lane_bursts of the lane's first burst starting at or after t (strictly after when
 * after is set). */
static uint32_t lane_pos(const lay_course *c, uint32_t lane, int64_t t, bool after)
{
    uint32_t lo = c->lane_first[lane], hi = c->lane_first[lane + 1];
    const lay_burst *b = c->bursts;
    const uint32_t *ix = c->lane_bursts;
    SL_LOWER_BOUND(lo, hi, i, b[ix[i]].t0 < t || (after && b[ix[i]].t0 == t));
    return lo;
}

int32_t lay_course_burst_before(const lay_course *c, uint32_t lane, int64_t t)
{
    if (!c->lane_first || lane >= c->t->nlanes)
        return -1;
    uint32_t p = lane_pos(c, lane, t, true);
    return p > c->lane_first[lane] ? (int32_t)c->lane_bursts[p - 1] : -1;
}

int32_t lay_course_burst_from(const lay_course *c, uint32_t lane, int64_t t)
{
    if (!c->lane_first || lane >= c->t->nlanes)
        return -1;
    uint32_t p = lane_pos(c, lane, t, false);
    return p < c->lane_first[lane + 1] ? (int32_t)c->lane_bursts[p] : -1;
}

/* ---- Geometry ------------------------------------------------------------------------------ */

#define CV_HOSTS_H 54.0f      /* host names band */
#define CV_TEXT_HOST LAY_COURSE_TEXT_HOST
#define CV_TEXT_TIME 18.0f    /* "temps" */
#define CV_TEXT_NOTE 15.0f    /* "traitement", "délai" in the margin */
#define CV_TEXT_SMALL 12.0f   /* "attente", the lecturer's notes */
#define CV_PAD 12.0f
#define CV_LEAD 18.0f         /* pixels above t = 0 when fitted */

static float fs_of(const lay_geom *g)
{
    return g->fs > 0 ? g->fs : 1.0f;
}

lay_geom lay_course_geometry(lay_course *c, const lay_view *v, float w, float h, const dl_measure *m)
{
    lay_geom g;
    memset(&g, 0, sizeof g);
    float fs = v->font_scale > 0 ? v->font_scale : 1.0f;
    g.w = w, g.h = h, g.fs = fs;
    if (c->opts.axis) {
        const char *word = lay_str(v->lang, LAY_S_COURSE_TIME);
        float a = lay_measure(m, word, strlen(word), CV_TEXT_TIME * fs, false) + 12 * fs;
        float b = 34 * fs + lay_measure(m, "888.8ms", 7, LAY_TEXT_AXIS * fs, false);
        g.label_w = a > b ? a : b;
    }
    g.axis_h = (c->opts.hosts ? CV_HOSTS_H : c->opts.axis ? 36.0f : 8.0f) * fs;
    g.status_h = c->opts.status && !v->status_off ? LAY_STATUS_H * fs : 0;
    g.status_y = h - g.status_h;
    g.legend_y = g.status_y;
    g.plot_x = g.label_w;
    g.plot_y = g.axis_h;
    g.plot_w = w - g.label_w > 1 ? w - g.label_w : 1;
    g.plot_h = g.status_y - 8 * fs - g.axis_h > 1 ? g.status_y - 8 * fs - g.axis_h : 1;
    return g;
}

lay_geom lay_course_time_geom(const lay_geom *g)
{
    lay_geom t = *g;
    t.plot_x = g->plot_y, t.plot_w = g->plot_h;
    t.plot_y = g->plot_x, t.plot_h = g->plot_w;
    return t;
}

/* As lay_fit along the plot's height, with t = 0 a little below its top edge so that the first
 * bars do not touch the host names. */
void lay_course_fit(lay_view *v, const lay_geom *g, int64_t end)
{
    double span = (double)(end > 0 ? end : SL_NS_PER_US), lead = CV_LEAD * fs_of(g);
    double len = g->plot_h * (1.0 - LAY_FIT_MARGIN) - lead;
    v->ns_per_px = span / (len > 1 ? len : 1);
    if (v->ns_per_px < LAY_MIN_NS_PER_PX)
        v->ns_per_px = LAY_MIN_NS_PER_PX;
    v->t0 = -(int64_t)ceil(lead * v->ns_per_px);
    v->t0_frac = 0;
}

double lay_course_y_of(const lay_view *v, const lay_geom *g, int64_t t)
{
    return g->plot_y + lay_xrel(v, t);
}

/* The right margin that holds "traitement" and "délai" when notes are on. */
static float notes_w(const lay_course *c, const lay_geom *g)
{
    if (!c->opts.notes)
        return 0;
    float fs = fs_of(g), w = 0.16f * g->plot_w;
    w = w < 105 * fs ? 105 * fs : w > 170 * fs ? 170 * fs : w;   /* "traitement" at the figure size */
    return w < 0.4f * g->plot_w ? w : 0.4f * g->plot_w;
}

static void col_area(const lay_course *c, const lay_geom *g, float *l, float *r)
{
    float fs = fs_of(g);
    *l = g->plot_x + CV_PAD * fs;
    *r = g->plot_x + g->plot_w - notes_w(c, g) - CV_PAD * fs;
    if (*r < *l + 1)
        *r = *l + 1;
}

/* Columns spread evenly when servers sit on one side only (figure 1); otherwise the client is in
 * the centre and both sides get as many places as the fuller one. */
static float col_spacing(const lay_course *c, const lay_geom *g)
{
    float l, r;
    col_area(c, g, &l, &r);
    int32_t k = -c->slot_min > c->slot_max ? -c->slot_min : c->slot_max;
    int32_t n = c->slot_min == 0 ? c->slot_max + 1 : 2 * k + 1;
    return (r - l) / (float)(n > 0 ? n : 1);
}

static float slot_x(const lay_course *c, const lay_geom *g, int32_t slot)
{
    float l, r, sp = col_spacing(c, g);
    col_area(c, g, &l, &r);
    if (c->slot_min == 0)
        return l + ((float)slot + 0.5f) * sp;
    return (l + r) / 2 + (float)slot * sp;
}

float lay_course_col_x(const lay_course *c, const lay_geom *g, uint32_t col)
{
    return col < c->ncols ? slot_x(c, g, c->cols[col].slot) : g->plot_x;
}

float lay_course_bar_w(const lay_course *c, const lay_geom *g)
{
    float w = 0.42f * col_spacing(c, g), most = 110 * fs_of(g);
    w = w > most ? most : w;
    return w > 1 ? w : 1;
}

/* A split bar: each part as wide as a plain bar while they fit in 85% of the spacing. */
static float group_w(const lay_course *c, const lay_geom *g, const lay_burst_group *gr)
{
    float bw = lay_course_bar_w(c, g), most = 0.85f * col_spacing(c, g);
    if (gr->nsub <= 1)
        return bw;
    float w = bw * (float)gr->nsub;
    w = w > most ? most : w;
    return w > bw ? w : bw;
}

/* ---- One frame ----------------------------------------------------------------------------- */

typedef struct {
    lay_course *c;
    const trc *t;
    const lay_view *v;
    const lay_geom *g;
    const dl_measure *m;
    const theme *th;
    dl_list *out;
    int64_t tl, tr;          /* the time that shows (tr stops at the playhead) */
    int64_t tr_axis;         /* the end of the visible time, playhead or not: the axis's ticks */
    float fs, bw, sp;        /* font scale, plain bar width, column spacing */
    size_t label_base;       /* scratch: [0, label_base) message thinning, then label pairs */
    bool switch_label;       /* "commutations" already written in this frame */
    bool warp;               /* schematic time: every bar one height (lay_warp.c) */
} cv_fr;

static double ty(const cv_fr *f, int64_t t)
{
    return f->g->plot_y + lay_xrel(f->v, f->warp ? lay_course_warp(f->c, t) : t);
}

/* The real time at xrel pixels down the plot. */
static int64_t tat(const cv_fr *f, double xrel)
{
    int64_t t = lay_trel(f->v, xrel);
    return f->warp ? lay_course_unwarp(f->c, t) : t;
}

/* y clamped near the plot, so far-off ends of long bars stay small numbers. */
static float cy(const cv_fr *f, double y)
{
    double lo = f->g->plot_y - 50, hi = f->g->plot_y + f->g->plot_h + 50;
    return (float)(y < lo ? lo : y > hi ? hi : y);
}

static bool dimmed(const cv_fr *f, int32_t req)
{
    return f->v->selected >= 0 && req != f->v->selected;
}

static dl_color req_color(const cv_fr *f, int32_t req)
{
    dl_color col = theme_req_color(f->th, f->t, req);
    return dimmed(f, req) ? theme_mix(col, f->th->bg, f->th->dim) : col;
}

static bool scratch_push(lay_course *c, float a, float b)
{
    if (!SL_GROW(c->scratch, c->cap_scratch, c->nscratch + 2, (size_t)1 << 28))
        return false;
    c->scratch[c->nscratch++] = a;
    c->scratch[c->nscratch++] = b;
    return true;
}

static int cmp_pairf(const void *a, const void *b)
{
    const float *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return (x[1] > y[1]) - (x[1] < y[1]);
}

/* The part of group gr where burst b is drawn: [*xl, *xr]. */
static void part_x(const cv_fr *f, const lay_burst *b, float *xl, float *xr)
{
    const lay_burst_group *gr = &f->c->groups[b->group];
    float gw = group_w(f->c, f->g, gr), sw = gw / (float)gr->nsub;
    *xl = lay_course_col_x(f->c, f->g, b->col) - gw / 2 + (float)b->sub * sw;
    *xr = *xl + sw;
}

/* ---- Bars ----------------------------------------------------------------------------------- */

static void bar_rect(const cv_fr *f, float x, float w, double y0, double y1, dl_color col)
{
    float top = cy(f, y0), h = cy(f, y1) - top, least = 2 * f->fs;
    dl_push_rect(f->out, x, top, w, h > least ? h : least, col, 0, 0);
}

/* Zoomed in: the burst's span faded, its own slices solid (runs closer than a pixel merged). */
static void burst_detail(const cv_fr *f, const lay_burst *b, float x, float w)
{
    dl_color col = req_color(f, b->req);
    int64_t end = b->t1 < f->tr ? b->t1 : f->tr;
    bar_rect(f, x, w, ty(f, b->t0), ty(f, end), theme_mix(col, f->th->bg, FADE));
    size_t n;
    const trc_seg *s = trc_lane_segs(f->t, b->lane, &n);
    const trc_lane *l = &f->t->lanes[b->lane];
    double r0 = 0, r1 = -1e300;
    for (size_t j = lay_seg_after(s, b->seg_first, b->seg_end, f->tl); j < b->seg_end && s[j].t0 < f->tr; j++) {
        if (!slice_state(l, s[j].state) || s[j].req != b->req || s[j].step != b->step)
            continue;
        double y0 = ty(f, s[j].t0), y1 = ty(f, s[j].t1 < f->tr ? s[j].t1 : f->tr);
        if (y0 - r1 < 1.0) {
            r1 = y1;
            continue;
        }
        if (r1 > r0)
            bar_rect(f, x, w, r0, r1, col);
        r0 = y0, r1 = y1;
    }
    if (r1 > r0)
        bar_rect(f, x, w, r0, r1, col);
}

/* Figure style, zoomed in (figure 6): one bar the group's width whose colour alternates with the
 * running request, each burst's slices in its colour across the whole width. */
static void alternation(const cv_fr *f, const lay_burst *b, float gx, float gw)
{
    dl_color col = req_color(f, b->req);
    size_t n;
    const trc_seg *s = trc_lane_segs(f->t, b->lane, &n);
    const trc_lane *l = &f->t->lanes[b->lane];
    for (size_t j = lay_seg_after(s, b->seg_first, b->seg_end, f->tl); j < b->seg_end && s[j].t0 < f->tr; j++)
        if (slice_state(l, s[j].state) && s[j].req == b->req && s[j].step == b->step)
            bar_rect(f, gx, gw, ty(f, s[j].t0), ty(f, s[j].t1 < f->tr ? s[j].t1 : f->tr), col);
}

/* The name of each part (its step's label, "thread 1") written on the alternating bar: the first
 * part's on the left, the others' on the right, half way down what shows of the bar. */
static void alternation_names(const cv_fr *f, const lay_burst_group *gr, float gx, float gw)
{
    double y0 = ty(f, gr->t0 > f->tl ? gr->t0 : f->tl), y1 = ty(f, gr->t1 < f->tr ? gr->t1 : f->tr);
    float y = cy(f, (y0 + y1) / 2), size = 1.6f * CV_TEXT_HOST * f->fs;
    for (uint32_t k = 0; k < gr->count && k < 2; k++) {
        const lay_burst *b = &f->c->bursts[gr->first + k];
        size_t n;
        const trc_seg *s = trc_lane_segs(f->t, b->lane, &n);
        const char *name = b->seg_first < n ? trc_seg_label(f->t, &s[b->seg_first]) : NULL;
        if (!name)
            continue;
        bool left = b->sub == 0;
        dl_color on = theme_text_on(f->th, req_color(f, b->req));
        dl_push_text(f->out, left ? gx + 6 * f->fs : gx + gw - 6 * f->fs, y, size, on,
                     left ? DL_ANCHOR_ML : DL_ANCHOR_MR, false, false, name, strlen(name));
    }
}

/* "commutations" beside a split bar, pointing at up to four of its white lines (figure 6). */
static void switch_label(cv_fr *f, float gx, float gw, const float *ys, int n)
{
    const char *s = lay_str(f->v->lang, LAY_S_COURSE_SWITCHES);
    float size = CV_TEXT_NOTE * f->fs, tw = lay_measure(f->m, s, strlen(s), size, false);
    float right = f->g->plot_x + f->g->plot_w;
    bool left = gx + gw + 40 * f->fs + tw > right, over = f->v->figure && left && gx - 40 * f->fs - tw < f->g->plot_x;
    float tx = over ? gx + gw - 4 * f->fs : left ? gx - 40 * f->fs : gx + gw + 40 * f->fs;
    if (over)   /* a bar as wide as the picture (figure 6): the word over its top right corner */
        size *= 1.3f, tw *= 1.3f;
    float top = ys[0] - 30 * f->fs, tyy = top < f->g->plot_y + size + 4 * f->fs ? f->g->plot_y + size + 4 * f->fs : top;
    dl_push_text(f->out, tx, tyy, size, f->th->fg, left ? DL_ANCHOR_BR : DL_ANCHOR_BL, false, false, s, strlen(s));
    dl_color pc = f->th->fg_dim;
    for (int k = 0; k < n; k++) {
        float sx = over ? tx - tw * (0.8f - 0.2f * (float)k) : left ? tx - tw * (0.2f + 0.2f * (float)k)
                                                               : tx + tw * (0.2f + 0.2f * (float)k);
        float ex = over ? gx + gw * (0.45f + 0.1f * (float)k) : left ? gx + gw * 0.25f : gx + gw * 0.75f;
        dl_push_arrow(f->out, sx, tyy + 2 * f->fs, ex, ys[k], 1.2f * f->fs, 6 * f->fs, over ? f->th->fg : pc, false);
    }
    f->switch_label = true;
}

/* A white line across the split bar at each client context switch strictly inside the group. */
static void switch_lines(cv_fr *f, const lay_burst_group *gr, float gx, float gw)
{
    const lay_course *c = f->c;
    int64_t from = gr->t0 > f->tl ? gr->t0 : f->tl;
    size_t lo = 0, hi = c->nswitches;
    SL_LOWER_BOUND(lo, hi, mid, c->switches[mid] <= from);
    float ys[4], last = -1e30f;
    int n = 0;
    for (size_t i = lo; i < c->nswitches && c->switches[i] < gr->t1 && c->switches[i] <= f->tr; i++) {
        float y = cy(f, ty(f, c->switches[i]));
        if (y - last < 3 * f->fs)
            continue;
        dl_push_line(f->out, gx, y, gx + gw, y, 3 * f->fs, f->th->switch_mark, 0, 0);
        if (n < 4 && y > f->g->plot_y && y < f->g->plot_y + f->g->plot_h)
            ys[n++] = y;
        last = y;
    }
    if (n && !f->switch_label)
        switch_label(f, gx, gw, ys, n);
}

/* A group's bars, zoomed out. Each part (or, for parts thinner than a pixel, each pixel column of
 * the bar) draws a burst shorter than 3 pixels merged with the ones that follow it within a pixel,
 * in the first one's colour: a frame draws a few shapes per pixel of the bar whatever the number
 * of bursts. cover holds (top, bottom, request) of the run open in each slot. */
static void run_emit(const cv_fr *f, float x, float w, float *run)
{
    if (run[1] > run[0])
        bar_rect(f, x, w, run[0], run[1], req_color(f, (int32_t)run[2]));
    run[0] = run[1] = -1e30f;
}

static void group_runs(cv_fr *f, const lay_burst_group *gr, float gx, float gw)
{
    lay_course *c = f->c;
    float sw = gw / (float)gr->nsub, slot_w = sw < 1 ? 1 : sw;
    size_t nslot = sw < 1 ? (size_t)ceilf(gw) + 1 : gr->nsub;
    if (!SL_GROW(c->cover, c->cap_cover, 3 * nslot, (size_t)1 << 26))
        return;
    for (size_t k = 0; k < 3 * nslot; k++)
        c->cover[k] = -1e30f;
    for (uint32_t k = 0; k < gr->count; k++) {
        const lay_burst *b = &c->bursts[gr->first + k];
        if (b->t0 >= f->tr)
            break;
        if (b->t1 <= f->tl)
            continue;
        size_t slot = sw < 1 ? (size_t)((float)b->sub * sw) : b->sub;
        /* Schematic bars: each part of a split bar as tall as the bar, as in figure 5. */
        int64_t t0 = f->warp ? gr->t0 : b->t0, t1 = f->warp ? gr->t1 : b->t1;
        float y0 = cy(f, ty(f, t0)), y1 = cy(f, ty(f, t1 < f->tr ? t1 : f->tr));
        float x = gx + (float)slot * slot_w, *run = &c->cover[3 * (slot < nslot ? slot : nslot - 1)];
        bool small = y1 - y0 < 3;
        if (small && y0 <= run[1] + 1) {
            run[1] = y1 > run[1] ? y1 : run[1];
            continue;
        }
        run_emit(f, x, slot_w, run);
        /* A tall bar starts 2 pixels late: stacked bars of one colour stay apart (figures 2, 7). */
        run[0] = y1 - y0 >= 8 * f->fs ? y0 + 2 * f->fs : y0, run[1] = y1, run[2] = (float)b->req;
        if (!small)
            run_emit(f, x, slot_w, run);
    }
    for (size_t k = 0; k < nslot; k++)
        run_emit(f, gx + (float)k * slot_w, slot_w, &c->cover[3 * k]);
}

static void draw_group(cv_fr *f, const lay_burst_group *gr, float cx)
{
    const lay_course *c = f->c;
    float gw = group_w(c, f->g, gr), sw = gw / (float)gr->nsub, gx = cx - gw / 2;
    double h = ty(f, gr->t1) - ty(f, gr->t0);
    bool detail = !f->warp && sw >= 1 && gr->nslices > gr->count &&   /* some burst was cut in slices */
                  h / (double)gr->nslices >= DETAIL_PX * f->fs;
    if (!detail) {
        group_runs(f, gr, gx, gw);
        return;
    }
    if (f->v->figure) {   /* zoomed in on one bar, as figure 6: the bar fills the picture */
        gw = 0.8f * f->g->plot_w, gx = cx - gw / 2;
        gx = gx < f->g->plot_x ? f->g->plot_x : gx + gw > f->g->plot_x + f->g->plot_w ? f->g->plot_x + f->g->plot_w - gw : gx;
        for (uint32_t k = 0; k < gr->count; k++)
            if (c->bursts[gr->first + k].t0 < f->tr && c->bursts[gr->first + k].t1 > f->tl)
                alternation(f, &c->bursts[gr->first + k], gx, gw);
        switch_lines(f, gr, gx, gw);
        alternation_names(f, gr, gx, gw);
        return;
    }
    for (uint32_t k = 0; k < gr->count; k++) {
        const lay_burst *b = &c->bursts[gr->first + k];
        if (b->t0 >= f->tr)
            break;
        if (b->t1 > f->tl)
            burst_detail(f, b, gx + (float)b->sub * sw, sw);
    }
    switch_lines(f, gr, gx, gw);
}

/* ---- Columns: walking the visible groups -------------------------------------------------- */

typedef enum { WALK_GUIDES, WALK_DRAW } walk_kind;

/* "attente": a double arrow on the client's line where it idles between two bars. */
static void wait_note(cv_fr *f, float cx, double y0, double y1)
{
    float fs = f->fs, x = cx - f->bw / 2 - 14 * fs, a = cy(f, y0) + 2 * fs, b = cy(f, y1) - 2 * fs;
    if (b - a < 24 * fs)
        return;
    dl_color col = f->th->fg_dim;
    dl_push_arrow(f->out, x, a, x, b, 1.2f * fs, 6 * fs, col, true);
    const char *s = lay_str(f->v->lang, LAY_S_COURSE_WAIT);
    float size = CV_TEXT_SMALL * fs;
    if (lay_measure(f->m, s, strlen(s), size, false) + 12 * fs <= b - a)
        dl_push_text(f->out, x - 8 * fs, (a + b) / 2, size, col, DL_ANCHOR_MC, false, true, s, strlen(s));
}

static void walk_full(cv_fr *f, walk_kind k, uint32_t col, const lay_burst_group *gr, float cx, double *prev_end)
{
    double y0 = ty(f, gr->t0), y1 = ty(f, gr->t1 < f->tr ? gr->t1 : f->tr);
    if (k == WALK_GUIDES) {
        scratch_push(f->c, cy(f, y0), (float)col);
        scratch_push(f->c, cy(f, y1), (float)col);
        return;
    }
    draw_group(f, gr, cx);
    if (!f->c->opts.notes)
        return;
    scratch_push(f->c, (float)((cy(f, y0) + cy(f, y1)) / 2), (float)LAY_S_COURSE_PROCESSING);
    if (col == 0 && *prev_end > -1e299)
        wait_note(f, cx, *prev_end, y0);
    *prev_end = y1;
}

/* A group thinner than a pixel: the first one in each pixel row is drawn, the rest skipped by
 * binary search once LOD_SCAN of them were seen in that row. */
static void walk_col(cv_fr *f, walk_kind k, uint32_t col)
{
    const lay_course *c = f->c;
    uint32_t end = c->cols[col].group_first + c->cols[col].group_count;
    float cx = lay_course_col_x(c, f->g, col);
    double prev_end = -1e300;
    int64_t last_row = INT64_MIN;
    int scan = 0;
    for (uint32_t i = lay_course_group_after(c, col, f->tl); i < end && c->groups[i].t0 < f->tr;) {
        const lay_burst_group *gr = &c->groups[i];
        double y0 = ty(f, gr->t0), y1 = ty(f, gr->t1);
        if (y1 - y0 >= 1.0) {
            walk_full(f, k, col, gr, cx, &prev_end);
            i++, last_row = INT64_MIN;
            continue;
        }
        int64_t row = (int64_t)floor(y0);
        if (row != last_row) {
            if (k == WALK_DRAW)
                bar_rect(f, cx - f->bw / 2, f->bw, y0, y1, req_color(f, c->bursts[gr->first].req));
            last_row = row, scan = 0, i++;
            continue;
        }
        i++;
        if (++scan >= LOD_SCAN) {
            int64_t next = tat(f, (double)(row + 1) - f->g->plot_y);
            uint32_t j = lay_course_group_after(c, col, next);
            i = j > i ? j : i;
            scan = 0;
        }
    }
}

static void draw_guides(cv_fr *f)
{
    lay_course *c = f->c;
    c->nscratch = 0;
    for (uint32_t col = 0; col < c->ncols; col++)
        walk_col(f, WALK_GUIDES, col);
    if (c->nscratch > 2)
        qsort(c->scratch, c->nscratch / 2, 2 * sizeof *c->scratch, cmp_pairf);
    float l, r, last = -1e30f;
    col_area(c, f->g, &l, &r);
    r = f->g->plot_x + f->g->plot_w;
    bool full = f->v->guides != LAY_GUIDES_SHORT;
    for (size_t i = 0; i < c->nscratch; i += 2) {
        float y = c->scratch[i];
        if (full && y - last < 2 * f->fs)
            continue;
        if (full) {
            dl_push_line(f->out, l, y, r, y, 1.0f, f->th->grid, 0, 0);
        } else {   /* short: across the burst's column and its neighbours' halves, to the notes */
            float x = lay_course_col_x(c, f->g, (uint32_t)c->scratch[i + 1]);
            float a = x - 0.75f * f->sp, b = c->opts.notes ? r : x + 0.75f * f->sp;
            dl_push_line(f->out, a > l ? a : l, y, b < r ? b : r, y, 1.0f * f->fs, f->th->grid, 0, 0);
        }
        last = y;
    }
    c->nscratch = 0;
}

/* Figure style: a host with no bar in the window (zoomed in on the client, figure 6) is left out;
 * the client always shows. */
static bool col_shows(const cv_fr *f, uint32_t col)
{
    const lay_course *c = f->c;
    if (!f->v->figure || col == 0 || col >= c->ncols)
        return true;
    uint32_t i = lay_course_group_after(c, col, f->tl);
    return i < c->cols[col].group_first + c->cols[col].group_count && c->groups[i].t0 < f->tr;
}

/* The hosts' lines, from just before t = 0 to a little after the end of the run. */
static void host_lines(const cv_fr *f)
{
    float fs = f->fs;
    float a = cy(f, ty(f, 0) - 12 * fs), b = cy(f, ty(f, f->t->end) + 28 * fs);
    for (uint32_t col = 0; col < f->c->ncols; col++) {
        if (!col_shows(f, col))
            continue;
        float x = lay_course_col_x(f->c, f->g, col);
        dl_push_line(f->out, x, a, x, b, (col == 0 ? 4.0f : 1.5f) * fs, f->th->fg, 0, 0);
    }
}

/* Creation and switch costs on the client's cores, as a narrow dark bar on the client's line (under
 * the bursts): the time a process model spends creating units shows. Pixel rows already drawn are
 * skipped by binary search after LOD_SCAN segments. */
static void core_overhead(const cv_fr *f, uint32_t lane, float x, float w)
{
    size_t n;
    const trc_seg *s = trc_lane_segs(f->t, lane, &n);
    double covered = -1e300, last_row = -1e300;
    int scan = 0;
    for (size_t i = trc_lane_first_after(f->t, lane, f->tl); i < n && s[i].t0 < f->tr; i++) {
        double y0 = ty(f, s[i].t0), y1 = ty(f, s[i].t1 < f->tr ? s[i].t1 : f->tr), row = floor(y0);
        if (row != last_row) {
            last_row = row, scan = 0;
        } else if (++scan >= LOD_SCAN) {
            i = lay_seg_after(s, i, n, tat(f, row + 1 - f->g->plot_y)) - 1;
            scan = 0;
            continue;
        }
        /* Costs under a pixel (a 2 us switch zoomed out) would only speckle the bars' edges. */
        if ((s[i].state != TRC_SPAWN && s[i].state != TRC_SWITCH) || y1 - y0 < 0.75 || y1 <= covered + 0.5)
            continue;
        double top = y0 > covered ? y0 : covered, bot = y1 > top + 1 ? y1 : top + 1;
        dl_color col = s[i].state == TRC_SPAWN ? f->th->spawn : f->th->switch_fill;
        dl_push_rect(f->out, x - w / 2, cy(f, top), w, cy(f, bot) - cy(f, top), col, 0, 0);
        covered = bot;
    }
}

static void overheads(const cv_fr *f)
{
    if (f->v->figure)   /* the figures draw no creation or switch costs */
        return;
    float x = lay_course_col_x(f->c, f->g, 0), w = 0.3f * f->bw;
    for (uint32_t l = 0; l < f->t->nlanes; l++)
        if (f->t->lanes[l].kind == TRC_LANE_CORE && f->t->lanes[l].host < 0)
            core_overhead(f, l, x, w > 3 * f->fs ? w : 3 * f->fs);
}

/* ---- Messages ------------------------------------------------------------------------------ */

static size_t msg_at_or_after(const lay_course *c, int64_t ts)
{
    size_t lo = 0, hi = c->t->nmsgs;
    SL_LOWER_BOUND(lo, hi, mid, c->t->msgs[c->msg_order[mid]].t0 < ts);
    return lo;
}

/* The arrow's ends: the facing edges of the sender's burst (the last one of its lane starting by
 * the send) and of the receiver's (the first one starting at or after the arrival), or of a plain
 * bar on the column when the request has no burst there. */
static void msg_ends(const cv_fr *f, const trc_msg *m, uint32_t cf, uint32_t ct, float *x0, float *x1)
{
    const lay_course *c = f->c;
    float xf = lay_course_col_x(c, f->g, cf), xt = lay_course_col_x(c, f->g, ct);
    bool right = xt > xf;
    float l, r;
    int32_t b = lay_course_burst_before(c, m->from, m->t0);
    if (b >= 0 && c->bursts[b].req == m->req)
        part_x(f, &c->bursts[b], &l, &r);
    else
        l = xf - f->bw / 2, r = xf + f->bw / 2;
    *x0 = right ? r : l;
    b = lay_course_burst_from(c, m->to, m->t1);
    if (b >= 0 && c->bursts[b].req == m->req)
        part_x(f, &c->bursts[b], &l, &r);
    else
        l = xt - f->bw / 2, r = xt + f->bw / 2;
    *x1 = right ? l : r;
}

/* Pixels the task's first burst needs before a spawn arrow is drawn into it: zoomed out there is
 * no room to read one. */
#define SPAWN_MIN_PX 12

/* A spawn inside the client's column (a body starting a task on the same host): a bent arrow from
 * the left edge of the spawner's burst at the spawn, out to the left, back into the top of the
 * task's first burst (as the course's figure w8-s6 draws c1 -> c2), once zoomed in enough. */
static bool spawn_msg(cv_fr *f, const trc_msg *m)
{
    const lay_course *c = f->c;
    int32_t a = lay_course_burst_before(c, m->from, m->t0), b = lay_course_burst_from(c, m->to, m->t1);
    if (a < 0 || b < 0 || c->bursts[b].req != m->req)
        return false;
    float y0 = cy(f, ty(f, m->t0)), yb = cy(f, ty(f, c->bursts[b].t0)), ye = cy(f, ty(f, c->bursts[b].t1));
    if (ye - yb < SPAWN_MIN_PX * f->fs)
        return false;
    float al, ar, bl, br;
    part_x(f, &c->bursts[a], &al, &ar);
    part_x(f, &c->bursts[b], &bl, &br);
    (void)ar, (void)br;   /* on the left: the notes are written on the right */
    float xm = (al < bl ? al : bl) - 18 * f->fs, y1 = yb + (ye - yb < 16 * f->fs ? (ye - yb) / 2 : 8 * f->fs);
    dl_color col = dimmed(f, m->req) ? theme_mix(f->th->spawn, f->th->bg, f->th->dim) : f->th->spawn;
    dl_push_line(f->out, al, y0, xm, (y0 + y1) / 2, 1.5f * f->fs, col, 0, 0);
    dl_push_arrow(f->out, xm, (y0 + y1) / 2, bl, y1, 1.5f * f->fs, 7 * f->fs, col, false);
    return true;
}

/* Arrows from one column to another at least MSG_GAP pixels apart where they leave: thousands of
 * calls zoomed out stay a few hundred arrows. Returns false when thinned away. */
static bool one_msg(cv_fr *f, const trc_msg *m)
{
    const trc *t = f->t;
    if (m->from >= t->nlanes || m->to >= t->nlanes)
        return false;
    uint32_t cf = host_col(t->lanes[m->from].host), ct = host_col(t->lanes[m->to].host);
    if (cf == ct && m->kind == TRC_MSG_SPAWN && cf < f->c->ncols)
        return spawn_msg(f, m);
    if (cf == ct || cf >= f->c->ncols || ct >= f->c->ncols)
        return false;
    double y0 = ty(f, m->t0), y1 = ty(f, m->t1);
    float row = (float)floor(y0), *thin = f->label_base ? f->c->scratch : NULL;
    if (thin && row - thin[2 * cf] < MSG_GAP * f->fs && thin[2 * cf + 1] == (float)ct)
        return false;
    if (thin)
        thin[2 * cf] = row, thin[2 * cf + 1] = (float)ct;
    float x0, x1;
    msg_ends(f, m, cf, ct, &x0, &x1);
    dl_color col = dimmed(f, m->req) ? theme_mix(f->th->fg, f->th->bg, f->th->dim) : f->th->fg;
    bool cut = f->v->playhead_on && m->t1 > f->v->playhead;
    if (cut) {   /* in flight: stop where it is now */
        double u = (double)(f->v->playhead - m->t0) / (double)(m->t1 - m->t0);
        x1 = (float)(x0 + u * (x1 - x0)), y1 = y0 + u * (y1 - y0);
        dl_push_line(f->out, x0, cy(f, y0), x1, cy(f, y1), 1.3f * f->fs, col, 0, 0);
    } else {
        dl_push_arrow(f->out, x0, cy(f, y0), x1, cy(f, y1), 1.3f * f->fs, 8 * f->fs, col, false);
    }
    if (f->c->opts.notes && !cut)
        scratch_push(f->c, (float)((cy(f, y0) + cy(f, y1)) / 2), (float)LAY_S_COURSE_DELAY);
    return true;
}

static void draw_msgs(cv_fr *f)
{
    const lay_course *c = f->c;
    if (!f->v->show_msgs)
        return;
    float last_row = -1e30f;
    int scan = 0;
    for (size_t i = msg_at_or_after(c, f->tl - c->msg_maxdur); i < c->t->nmsgs; i++) {
        const trc_msg *m = &c->t->msgs[c->msg_order[i]];
        if (m->t0 > f->tr)
            break;
        if (m->t1 < f->tl)
            continue;
        float row = (float)floor(ty(f, m->t0));
        if (row != last_row)
            last_row = row, scan = 0;
        if (!one_msg(f, m) && ++scan >= MSG_SCAN) {
            size_t j = msg_at_or_after(c, tat(f, (double)row + 1 - f->g->plot_y));
            i = j > i + 1 ? j - 1 : i;
            scan = 0;
        }
    }
}

/* ---- Notes --------------------------------------------------------------------------------- */

/* The lecturer's notes: a point is a tick and a text beside the host's line; a span a double
 * arrow with its text (along it when it fits). */
static void scenario_notes(const cv_fr *f)
{
    const trc *t = f->t;
    float fs = f->fs, size = CV_TEXT_SMALL * fs;
    for (size_t i = 0; i < t->nnotes; i++) {
        const trc_note *n = &t->notes[i];
        uint32_t col = host_col(n->host);
        if (col >= f->c->ncols || n->to < f->tl || n->from > f->tr || !n->text)
            continue;
        float cx = lay_course_col_x(f->c, f->g, col), x = cx + f->bw / 2 + 10 * fs;
        float y0 = cy(f, ty(f, n->from)), y1 = cy(f, ty(f, n->to));
        size_t len = strlen(n->text);
        float tw = lay_measure(f->m, n->text, len, size, false);
        if (n->to == n->from) {
            dl_push_line(f->out, cx + f->bw / 2 + 2 * fs, y0, x, y0, 1.0f * fs, f->th->fg_dim, 0, 0);
            dl_push_text(f->out, x + 4 * fs, y0, size, f->th->fg, DL_ANCHOR_ML, false, false, n->text, len);
            continue;
        }
        dl_push_arrow(f->out, x, y0, x, y1, 1.2f * fs, 6 * fs, f->th->fg_dim, true);
        bool along = y1 - y0 >= tw + 10 * fs;
        dl_push_text(f->out, along ? x + 9 * fs : x + 6 * fs, (y0 + y1) / 2, size, f->th->fg,
                     along ? DL_ANCHOR_MC : DL_ANCHOR_ML, false, along, n->text, len);
    }
}

/* "traitement" and "délai" in the right margin at their heights, none overlapping the previous. */
static void margin_labels(const cv_fr *f)
{
    lay_course *c = f->c;
    size_t n = (c->nscratch - f->label_base) / 2;
    if (!c->opts.notes || n == 0)
        return;
    float *p = c->scratch + f->label_base;
    qsort(p, n, 2 * sizeof *p, cmp_pairf);
    float size = (f->v->figure ? CV_TEXT_HOST : CV_TEXT_NOTE) * f->fs, x = f->g->plot_x + f->g->plot_w - notes_w(c, f->g) + 4 * f->fs;
    float last = -1e30f;
    for (size_t i = 0; i < n; i++) {
        float y = p[2 * i];
        if (y - last < size * 1.15f || y < f->g->plot_y || y > f->g->plot_y + f->g->plot_h)
            continue;
        const char *s = lay_str(f->v->lang, (lay_str_key)(int)p[2 * i + 1]);
        dl_push_text(f->out, x, y, size, f->th->fg, DL_ANCHOR_ML, false, false, s, strlen(s));
        last = y;
    }
}

/* ---- Axis and host names ------------------------------------------------------------------- */

static void time_axis(const cv_fr *f)
{
    const lay_geom *g = f->g;
    float fs = f->fs, ax = 16 * fs;
    const char *word = lay_str(f->v->lang, LAY_S_COURSE_TIME);
    dl_push_text(f->out, 6 * fs, 6 * fs, CV_TEXT_TIME * fs, f->th->fg_dim, DL_ANCHOR_TL, false, false, word,
                 strlen(word));
    dl_color ac = theme_mix(f->th->fg_dim, f->th->bg, 0.3f);
    dl_push_arrow(f->out, ax, 32 * fs, ax, g->plot_y + g->plot_h, 5 * fs, 14 * fs, ac, false);
    if (f->v->figure || f->warp)   /* the figures' time has no scale; schematic time has none */
        return;
    lay_geom tg = lay_course_time_geom(g);
    int64_t step = lay_tick_step(f->v, &tg, f->m);
    char buf[48];
    int64_t t = f->tl > 0 ? f->tl / step * step : 0;
    float tag = (LAY_TEXT_AXIS + 6) * fs;   /* the playhead's time tag hides the labels it covers */
    double ph = f->v->playhead_on ? ty(f, f->v->playhead) : -1e30;
    for (int guard = 0; t <= f->tr_axis && guard < 10000; t += step, guard++) {
        double y = ty(f, t);
        if (y < g->plot_y || y > g->plot_y + g->plot_h || fabs(y - ph) < tag)
            continue;
        lay_tick_label(t, step, f->v->lang, buf, sizeof buf);
        dl_push_line(f->out, g->label_w - 5 * fs, (float)y, g->label_w, (float)y, 1.0f, f->th->fg_dim, 0, 0);
        dl_push_text(f->out, g->label_w - 7 * fs, (float)y, LAY_TEXT_AXIS * fs, f->th->fg_dim, DL_ANCHOR_MR, false,
                     false, buf, strlen(buf));
    }
}

/* The column at a slot (the inverse of make_cols's placement), or -1. */
static int32_t slot_col(const lay_course *c, int32_t slot)
{
    size_t col = slot == 0 ? 0 : c->ncols == 2 ? (slot == 1 ? 1 : 0) : slot < 0 ? (size_t)(-slot) * 2 - 1
                                                                                : (size_t)slot * 2;
    return col < c->ncols && c->cols[col].slot == slot ? (int32_t)col : -1;
}

#define CV_HOST_MIN 13.0f     /* host names never get smaller than this (font scale 1): abbreviated */
#define CV_ELLIPSIS "\xE2\x80\xA6"

/* The longest prefix name shares with another column's name: its first char past that is its own. */
static size_t host_own_from(const lay_course *c, uint32_t col)
{
    const char *a = c->cols[col].name;
    size_t best = 0;
    for (uint32_t k = 0; k < c->ncols; k++) {
        const char *b = c->cols[k].name;
        size_t i = 0;
        while (k != col && a[i] && a[i] == b[i])
            i++;
        best = i > best ? i : best;
    }
    size_t len = strlen(a);
    return best < len ? best : len ? len - 1 : 0;
}

/* Writes into out the longest of these that fits room pixels at size and stays distinct from the
 * other names: the name; without "www."; "head…tail" keeping its own first char in the head;
 * "…own part…". A UTF-8 sequence is never split (continuation bytes are not cut points). */
static void host_abbrev(const lay_course *c, uint32_t col, const dl_measure *m, float size, float room, char *out,
                        size_t n)
{
    const char *name = c->cols[col].name;
    size_t len = strlen(name), own = host_own_from(c, col);
    snprintf(out, n, "%s", name);
    if (lay_measure(m, out, strlen(out), size, false) <= room)
        return;
    if (!strncmp(name, "www.", 4) && own >= 4) {
        snprintf(out, n, "%s", name + 4);
        if (lay_measure(m, out, strlen(out), size, false) <= room)
            return;
    }
    for (size_t k = len > 1 ? len - 1 : 1; k >= 1; k--) {   /* k chars of the name are kept */
        size_t head = (k + 1) / 2, tail = k - head;
        if (head > own) {   /* head...tail holds the name's own char */
            while (head < len && (name[head] & 0xC0) == 0x80)
                head++;
            while (tail > 0 && (name[len - tail] & 0xC0) == 0x80)
                tail--;
            snprintf(out, n, "%.*s" CV_ELLIPSIS "%s", (int)head, name, name + len - tail);
        } else {            /* ...own part... */
            size_t a = own, b = own + k < len ? own + k : len;
            while (a > 0 && (name[a] & 0xC0) == 0x80)
                a--;
            while (b < len && (name[b] & 0xC0) == 0x80)
                b++;
            snprintf(out, n, "%s%.*s%s", a > 0 ? CV_ELLIPSIS : "", (int)(b - a), name + a, b < len ? CV_ELLIPSIS : "");
        }
        if (lay_measure(m, out, strlen(out), size, false) <= room || k == 1)
            return;
    }
}

/* The shown columns left to right; returns how many (at most cap). */
static int host_cols(const cv_fr *f, uint32_t *cols, float *xs, int cap)
{
    int n = 0;
    for (int32_t s = f->c->slot_min; s <= f->c->slot_max && n < cap; s++) {
        int32_t col = slot_col(f->c, s);
        if (col < 0 || !col_shows(f, (uint32_t)col))
            continue;
        cols[n] = (uint32_t)col;
        xs[n++] = lay_course_col_x(f->c, f->g, (uint32_t)col);
    }
    return n;
}

/* Abbreviated names alternate between two lines (every other column one line higher): each has
 * up to its neighbours two columns away, twice the room. */
#define CV_HOST_STEP 2

/* Half the width name k may take, centred on its column, were its neighbours on its line as wide:
 * half-way to them less a gap, and inside the canvas. */
static float host_half(const cv_fr *f, const float *xs, int n, int k)
{
    float gap = 16 * f->fs, half = xs[k] - (f->g->plot_x - f->g->label_w), right = f->g->w - xs[k];
    int d = CV_HOST_STEP;
    half = right < half ? right : half;
    if (k >= d && (xs[k] - xs[k - d] - gap) / 2 < half)
        half = (xs[k] - xs[k - d] - gap) / 2;
    if (k + d < n && (xs[k + d] - xs[k] - gap) / 2 < half)
        half = (xs[k + d] - xs[k] - gap) / 2;
    return half > 0 ? half : 0;
}

/* Half the width name k's neighbour j takes: its whole name's, or its share when that is wider. */
static float host_claim(const cv_fr *f, const uint32_t *cols, const float *xs, int n, int j, float size)
{
    const char *name = f->c->cols[cols[j]].name;
    float whole = lay_measure(f->m, name, strlen(name), size, false) / 2, half = host_half(f, xs, n, j);
    return whole < half ? whole : half;
}

/* The width name k may take: what its neighbours on its line leave (a short one leaves more than
 * half); abbreviated names end in an ellipsis: a wide gap keeps them apart. */
static float host_room(const cv_fr *f, const uint32_t *cols, const float *xs, int n, int k, float size)
{
    float gap = 16 * f->fs, half = xs[k] - (f->g->plot_x - f->g->label_w), right = f->g->w - xs[k];
    int d = CV_HOST_STEP;
    half = right < half ? right : half;
    if (k >= d) {
        float l = xs[k] - xs[k - d] - host_claim(f, cols, xs, n, k - d, size) - gap;
        half = l < half ? l : half;
    }
    if (k + d < n) {
        float r = xs[k + d] - host_claim(f, cols, xs, n, k + d, size) - xs[k] - gap;
        half = r < half ? r : half;
    }
    return half > 0 ? 2 * half : 0;
}

#define CV_HOST_COLS 64   /* more hosts than this: the rest go unnamed (they would be a few px wide) */

/* Names left to right at size, each abbreviated to its room, on two alternating lines; returns how
 * many were abbreviated. With tip, draws nothing but writes the full name of an abbreviated one
 * under (tip_x, tip_y). */
static int host_names_at(const cv_fr *f, float size, bool draw, float tip_x, float tip_y, char *tip, size_t tipn)
{
    uint32_t cols[CV_HOST_COLS];
    float xs[CV_HOST_COLS], y0 = f->g->axis_h - 10 * f->fs;
    int n = host_cols(f, cols, xs, CV_HOST_COLS), cut = 0;
    char buf[256];
    for (int k = 0; k < n; k++) {
        float room = host_room(f, cols, xs, n, k, size), y = y0 - (float)((n - 1 - k) % 2) * size * 1.25f;
        host_abbrev(f->c, cols[k], f->m, size, room, buf, sizeof buf);
        const char *name = f->c->cols[cols[k]].name;
        bool abbreviated = strcmp(buf, name) != 0;
        cut += abbreviated;
        float hw = lay_measure(f->m, buf, strlen(buf), size, false) / 2;
        if (tip && abbreviated && tip_x >= xs[k] - hw && tip_x <= xs[k] + hw && tip_y >= y - size * 1.2f &&
            tip_y <= y + 2 * f->fs)
            snprintf(tip, tipn, "%s", name);
        if (draw)
            dl_push_text(f->out, xs[k], y, size, f->th->fg, DL_ANCHOR_BC, false, false, buf, strlen(buf));
    }
    return cut;
}

/* Names left to right at size, whole; returns how many would overlap the previous one or leave the
 * canvas (with draw, those are left out). */
static int host_names_whole(const cv_fr *f, float size, bool draw)
{
    float last = -1e30f, y = f->g->axis_h - 10 * f->fs;
    int dropped = 0;
    for (int32_t s = f->c->slot_min; s <= f->c->slot_max; s++) {
        int32_t col = slot_col(f->c, s);
        if (col < 0 || !col_shows(f, (uint32_t)col))
            continue;
        const char *name = f->c->cols[col].name;
        size_t len = strlen(name);
        float x = lay_course_col_x(f->c, f->g, (uint32_t)col), hw = lay_measure(f->m, name, len, size, false) / 2;
        if (x - hw < last + 8 * f->fs || x - hw < f->g->plot_x - f->g->label_w || x + hw > f->g->w) {
            dropped++;
            continue;
        }
        if (draw)
            dl_push_text(f->out, x, y, size, f->th->fg, DL_ANCHOR_BC, false, false, name, len);
        last = x + hw;
    }
    return dropped;
}

/* Narrow columns (a comparison's panels) get smaller names, down to a readable least size; when
 * whole names still do not fit, each is abbreviated to its own room ("example.com", "www.ex…com"):
 * every column keeps a name. *whole says which way they are drawn. */
static float host_name_size(const cv_fr *f, bool *whole)
{
    float size = CV_TEXT_HOST * f->fs, least = CV_HOST_MIN * f->fs;
    least = least < size ? least : size;
    for (int k = 0; k < 4 && host_names_whole(f, size, false) > 0; k++)
        size = size * 0.82f > least ? size * 0.82f : least;
    *whole = host_names_whole(f, size, false) == 0;
    return size;
}

static void host_names(const cv_fr *f)
{
    bool whole;
    float size = host_name_size(f, &whole);
    if (whole)
        host_names_whole(f, size, true);
    else
        host_names_at(f, size, true, 0, 0, NULL, 0);
}

/* A client unit's state at the playhead, drawn as the timeline draws it in its lane: hatched for
 * ready or waiting for the GIL, a barred box for a lock, squares for a queue, a dotted box queued
 * for a worker, an empty box awaiting a task. Returns false for the states the figure already
 * shows (running: its bar; waiting on a server: its arrow in flight). */
static bool state_marker(const cv_fr *f, trc_state st, dl_color col, float x, float y, float w, float h)
{
    const theme *th = f->th;
    dl_color light = theme_mix(col, th->bg, 0.55f);
    switch (st) {
    case TRC_READY: dl_push_hatch(f->out, x, y, w, h, th->hatch_ready, light, 5 * f->fs); return true;
    case TRC_GIL: dl_push_hatch(f->out, x, y, w, h, th->hatch_gil, light, 3.5f * f->fs); return true;
    case TRC_LOCKWAIT:
        dl_push_rect(f->out, x, y, w, h, light, col, 1.5f * f->fs);
        dl_push_line(f->out, x, y + h / 2, x + w, y + h / 2, 2.5f * f->fs, th->fail, 0, 0);
        return true;
    case TRC_QWAIT: dl_push_line(f->out, x, y + h / 2, x + w, y + h / 2, h * 0.5f, col, h * 0.3f, h * 0.25f); return true;
    case TRC_QUEUED: dl_push_rect(f->out, x, y, w, h, light, col, 1.0f * f->fs); return true;
    case TRC_AWAIT: dl_push_rect(f->out, x, y, w, h, 0, col, 1.5f * f->fs); return true;
    default: return false;
    }
}

#define CV_PH_UNITS 12   /* the playhead names at most this many waiting units (the rest: "+N") */

/* With the playhead on, what each client unit that is neither running nor waiting on a server does
 * at its instant: a marker per unit beside the client's column, on the playhead's line, with the
 * unit's name (a thread waiting for the GIL shows here as in the timeline). */
static void playhead_states(const cv_fr *f, float y)
{
    const trc *t = f->t;
    int64_t at = f->v->playhead;
    float fs = f->fs, w = 28 * fs, h = 14 * fs, size = CV_TEXT_SMALL * fs;
    float x = lay_course_col_x(f->c, f->g, 0) + f->bw / 2 + 8 * fs;
    int shown = 0, more = 0;
    char nb[96];
    for (uint32_t l = 0; l < t->nlanes; l++) {
        const trc_lane *ln = &t->lanes[l];
        size_t n, i;
        if (ln->host >= 0 || ln->kind == TRC_LANE_CORE)
            continue;
        const trc_seg *s = trc_lane_segs(t, l, &n);
        if ((i = trc_lane_first_after(t, l, at)) >= n || s[i].t0 > at)
            continue;
        if (shown >= CV_PH_UNITS) {
            more += s[i].state == TRC_GIL || s[i].state == TRC_READY;
            continue;
        }
        if (!state_marker(f, (trc_state)s[i].state, req_color(f, s[i].req), x, y - h / 2, w, h))
            continue;
        const char *name = lay_lane_name(t, l, f->v->lang, nb, sizeof nb);
        dl_push_text(f->out, x + w + 3 * fs, y - h / 2 - 1 * fs, size, f->th->fg, DL_ANCHOR_BL, false, false, name,
                     strlen(name));
        x += w + 10 * fs + lay_measure(f->m, name, strlen(name), size, false);
        shown++;
    }
    if (more > 0) {
        snprintf(nb, sizeof nb, "+%d", more);
        dl_push_text(f->out, x, y, size, f->th->fg, DL_ANCHOR_ML, false, false, nb, strlen(nb));
    }
}

static void playhead(const cv_fr *f)
{
    if (!f->v->playhead_on)
        return;
    double y = ty(f, f->v->playhead);
    if (y < f->g->plot_y - 1 || y > f->g->plot_y + f->g->plot_h + 1)
        return;
    dl_push_line(f->out, f->g->plot_x, (float)y, f->g->plot_x + f->g->plot_w, (float)y, 2 * f->fs, f->th->playhead, 0,
                 0);
    playhead_states(f, (float)y);
}

/* The playhead's time in the time axis's column, level with its line. */
static void playhead_tag(const cv_fr *f)
{
    if (!f->v->playhead_on)
        return;
    double y = ty(f, f->v->playhead);
    if (y < f->g->plot_y - 1 || y > f->g->plot_y + f->g->plot_h + 1)
        return;
    float right = f->g->label_w > 0 ? f->g->label_w : f->g->plot_x;
    lay_draw_time_tag(f->out, f->m, f->th, f->th->playhead, f->fs, f->v->playhead, lay_px_precision(f->v), f->v->lang,
                      right, (float)y, 0, right + 40 * f->fs);
}

/* Where a deadlock stopped the run: a red line across the figure and its label (the run ends there). */
static void deadlock_line(const cv_fr *f)
{
    const trc_deadlock *d = &f->t->deadlock;
    if (!d->on)
        return;
    double y = ty(f, d->t);
    if (y < f->g->plot_y - 1 || y > f->g->plot_y + f->g->plot_h + 1)
        return;
    dl_push_line(f->out, f->g->plot_x, (float)y, f->g->plot_x + f->g->plot_w, (float)y, 2 * f->fs, f->th->fail,
                 8 * f->fs, 4 * f->fs);
    const char *text = lay_mark_str(f->v->lang, TRC_MK_DEADLOCK);
    dl_push_text(f->out, f->g->plot_x + f->g->plot_w - 6 * f->fs, (float)y - 3 * f->fs, LAY_TEXT * f->fs, f->th->fail,
                 DL_ANCHOR_BR, true, false, text, strlen(text));
}

/* Message thinning needs two floats per column at the start of the scratch buffer. */
static void reserve_thinning(cv_fr *f)
{
    lay_course *c = f->c;
    c->nscratch = 0;
    for (size_t i = 0; i < c->ncols; i++)
        if (!scratch_push(c, -1e30f, -1))
            break;
    f->label_base = c->nscratch;
    if (f->label_base < 2 * c->ncols)   /* no room: draw every message, no labels */
        c->nscratch = f->label_base = 0;
}

void lay_course_frame(lay_course *c, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    const theme *th = theme_get(v->theme);
    dl_reset(out, g->w, g->h, th->bg);
    cv_fr f = {.c = c, .t = c->t, .v = v, .g = g, .m = m, .th = th, .out = out, .fs = fs_of(g)};
    f.warp = v->bars == LAY_BARS_UNIFORM && lay_course_warp_ready(c);
    f.tl = tat(&f, -4);
    f.tr = f.tr_axis = tat(&f, g->plot_h + 4) + 1;
    if (v->playhead_on && v->playhead < f.tr)
        f.tr = v->playhead;
    f.bw = lay_course_bar_w(c, g);
    f.sp = col_spacing(c, g);
    dl_push_clip(out, g->plot_x, g->plot_y, g->plot_w, g->plot_h);
    if (c->opts.guides && v->guides != LAY_GUIDES_OFF)
        draw_guides(&f);
    reserve_thinning(&f);
    overheads(&f);
    for (uint32_t col = 0; col < c->ncols; col++)
        walk_col(&f, WALK_DRAW, col);
    host_lines(&f);   /* over the bars, as in the figures */
    draw_msgs(&f);
    scenario_notes(&f);
    margin_labels(&f);
    deadlock_line(&f);
    playhead(&f);
    dl_push_clip(out, 0, 0, -1, -1);
    if (c->opts.axis) {
        time_axis(&f);
        playhead_tag(&f);
    }
    if (c->opts.hosts)
        host_names(&f);
}

bool lay_course_host_tip(lay_course *c, const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y,
                         char *buf, size_t n)
{
    if (!c->opts.hosts || n == 0)
        return false;
    const theme *th = theme_get(v->theme);
    cv_fr f = {.c = c, .t = c->t, .v = v, .g = g, .m = m, .th = th, .out = NULL, .fs = fs_of(g)};
    f.tl = tat(&f, -4);
    f.tr = f.tr_axis = tat(&f, g->plot_h + 4) + 1;
    bool whole;
    float size = host_name_size(&f, &whole);
    buf[0] = '\0';
    if (!whole)
        host_names_at(&f, size, false, x, y, buf, n);
    return buf[0] != '\0';
}

/* ---- Pointing ------------------------------------------------------------------------------- */

/* The burst of column col under (x, t), slack ns of time around it (bars have a least height). */
static const lay_burst *burst_under(const lay_course *c, const lay_geom *g, uint32_t col, float x, int64_t t,
                                    int64_t slack)
{
    uint32_t gi = lay_course_group_after(c, col, t - slack);
    const lay_course_col *cc = &c->cols[col];
    if (gi >= cc->group_first + cc->group_count || gi >= c->ngroups || c->groups[gi].t0 > t + slack)
        return NULL;
    const lay_burst_group *gr = &c->groups[gi];
    float gw = group_w(c, g, gr), left = lay_course_col_x(c, g, col) - gw / 2;
    if (x < left || x >= left + gw)
        return NULL;
    uint32_t sub = (uint32_t)((x - left) / (gw / (float)(gr->nsub > 1 ? gr->nsub : 1)));
    for (uint32_t k = gr->first; k < gr->first + gr->count; k++) {
        const lay_burst *b = &c->bursts[k];
        if (b->sub == sub && b->t0 <= t + slack && t - slack < b->t1)
            return b;
    }
    return NULL;
}

bool lay_course_hit(lay_course *c, const lay_view *v, const lay_geom *g, float x, float y, lay_seg_info *out)
{
    lay_geom tg = lay_course_time_geom(g);
    int64_t at = lay_t_of(v, &tg, y), slack = (int64_t)(2 * v->font_scale * v->ns_per_px);
    for (uint32_t col = 0; col < c->ncols; col++) {
        const lay_burst *b = burst_under(c, g, col, x, at, slack);
        if (!b)
            continue;
        size_t n;
        const trc_seg *segs = trc_lane_segs(c->t, b->lane, &n);
        const trc_seg *s = &segs[b->seg_first < n ? b->seg_first : 0];
        *out = (lay_seg_info){(size_t)(s - c->t->segs), b->lane, (trc_state)s->state, b->req, trc_seg_label(c->t, s),
                              b->t0, b->t1 - b->t0};
        return true;
    }
    return false;
}

/* Events are the bursts' edges: a burst's start, and its end. A lane's bursts do not overlap. */
bool lay_course_next_event(const lay_course *c, int64_t after, int64_t *out)
{
    int64_t best = INT64_MAX;
    for (uint32_t lane = 0; c->lane_first && lane < c->t->nlanes; lane++) {
        int32_t b = lay_course_burst_before(c, lane, after), f = lay_course_burst_from(c, lane, after + 1);
        if (b >= 0 && c->bursts[b].t1 > after && c->bursts[b].t1 < best)
            best = c->bursts[b].t1;
        if (f >= 0 && c->bursts[f].t0 < best)
            best = c->bursts[f].t0;
    }
    *out = best;
    return best != INT64_MAX;
}

bool lay_course_prev_event(const lay_course *c, int64_t before, int64_t *out)
{
    int64_t best = INT64_MIN;
    for (uint32_t lane = 0; c->lane_first && lane < c->t->nlanes; lane++) {
        int32_t b = lay_course_burst_before(c, lane, before - 1);
        if (b < 0)
            continue;
        int64_t e = c->bursts[b].t1 < before ? c->bursts[b].t1 : c->bursts[b].t0;
        best = e > best ? e : best;
    }
    *out = best;
    return best != INT64_MIN;
}

/* ---- The course view behind the view interface (view.h) --------------------------------------- */

static void *cv_create(const view_src *src, sl_err *err)
{
    if (src->nruns < 1)
        return sl_fail(err, "schedlab: error: the course view needs a run"), NULL;
    lay_course *c = malloc(sizeof *c);
    if (!c)
        return sl_fail(err, "schedlab: error: out of memory (course view)"), NULL;
    if (!lay_course_init(c, src->runs[0].t, err)) {
        lay_course_free(c);
        free(c);
        return NULL;
    }
    c->opts.notes = src->notes;
    c->opts.status = src->status;
    return c;
}

static void cv_destroy(void *ctx)
{
    if (ctx)
        lay_course_free(ctx);
    free(ctx);
}

static lay_geom cv_geometry(void *ctx, const lay_view *v, float w, float h, const dl_measure *m)
{
    return lay_course_geometry(ctx, v, w, h, m);
}

/* The course's figures: 0.6 x as tall as wide. */
static float cv_height(void *ctx, const lay_view *v, float w, const dl_measure *m)
{
    return 0.6f * w;
}

static lay_geom cv_time_geom(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m)
{
    return lay_course_time_geom(g);
}

static bool cv_time_down(const void *ctx)
{
    return true;
}

static int64_t cv_end(const void *ctx)
{
    return ((const lay_course *)ctx)->t->end;
}

/* With uniform bars the time drawn is schematic: the end is fitted where it is drawn. */
static void cv_fit(void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end)
{
    lay_course *c = ctx;
    bool warp = v->bars == LAY_BARS_UNIFORM && lay_course_warp_ready(c);
    lay_course_fit(v, g, warp ? lay_course_warp(c, end) : end);
}

static void cv_frame(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    lay_course_frame(ctx, v, g, m, out);
}

static bool cv_tip(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y, char *buf,
                   size_t n)
{
    return lay_course_host_tip(ctx, v, g, m, x, y, buf, n);
}

/* Left of the plot, where the time labels are. */
static bool cv_in_axis(const void *ctx, const lay_geom *g, float x, float y)
{
    return x >= 0 && x < g->plot_x && y >= g->plot_y && y < g->plot_y + g->plot_h;
}

static bool cv_hit(void *ctx, const lay_view *v, const lay_geom *g, float x, float y, lay_seg_info *out)
{
    return lay_course_hit(ctx, v, g, x, y, out);
}

static bool cv_next(void *ctx, int64_t after, int64_t *out)
{
    return lay_course_next_event(ctx, after, out);
}

static bool cv_prev(void *ctx, int64_t before, int64_t *out)
{
    return lay_course_prev_event(ctx, before, out);
}

const view_ops lay_course_ops = {
    .name = "course",
    .timed = true,
    .name_px = LAY_COURSE_TEXT_HOST,
    .create = cv_create,
    .destroy = cv_destroy,
    .geometry = cv_geometry,
    .height = cv_height,
    .time_geom = cv_time_geom,
    .time_down = cv_time_down,
    .end = cv_end,
    .fit = cv_fit,
    .frame = cv_frame,
    .in_axis = cv_in_axis,
    .hit = cv_hit,
    .next_event = cv_next,
    .prev_event = cv_prev,
    .tip = cv_tip,
};
