/* lay_rows.c — the per-trace state: groups of lanes, the rows they show as, the per-lane marker
 * index and the message order, and the geometry that follows from them. */
#include "lay_agg_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The group kind of a lane (coroutines go with their loops, pool workers with their pool). */
static lay_group_kind group_kind(const trc_lane *l)
{
    if (l->pool >= 0)
        return LAY_GROUP_POOL;
    switch ((trc_lane_kind)l->kind) {
    case TRC_LANE_CORE: return LAY_GROUP_CORES;
    case TRC_LANE_MAIN: return LAY_GROUP_MAIN;
    case TRC_LANE_UNIT: return LAY_GROUP_UNITS;
    case TRC_LANE_LOOP:
    case TRC_LANE_CORO: return LAY_GROUP_LOOPS;
    default: return LAY_GROUP_SERVER;
    }
}

void lay_free(lay_ctx *c)
{
    free(c->groups);
    free(c->rows);
    free(c->order);
    free(c->lane_group);
    free(c->lane_hidden);
    free(c->lane_depth);
    free(c->lane_row);
    free(c->mark_idx);
    free(c->lane_mark_first);
    free(c->msg_order);
    free(c->msg_shown);
    free(c->row_scratch);
    free(c->msg_first);
    free(c->msg_idx);
    lay_agg_free(c);
    lay_filter_free(c);
    memset(c, 0, sizeof *c);
}

/* A host's name: the trace's, else from its lanes' names: their common prefix without a trailing core number or
 * separator ("www.foo.com/0", "www.foo.com/1" -> "www.foo.com"). */
static void host_name(const lay_ctx *c, lay_group *gr)
{
    const trc *t = c->t;
    if (t->hosts && (size_t)gr->host + 1 < t->nhosts && t->hosts[gr->host + 1] && *t->hosts[gr->host + 1]) {
        snprintf(gr->name, sizeof gr->name, "%s", t->hosts[gr->host + 1]);
        return;
    }
    const char *first = c->t->lanes[c->order[gr->first]].name;
    size_t len = first ? strlen(first) : 0;
    for (uint32_t i = 1; i < gr->count; i++) {
        const char *s = c->t->lanes[c->order[gr->first + i]].name;
        size_t k = 0;
        while (k < len && s && s[k] == first[k])
            k++;
        len = k;
    }
    while (gr->count > 1 && len > 0 && strchr("0123456789 #/:.-_[(", first[len - 1]))
        len--;
    if (len == 0)
        snprintf(gr->name, sizeof gr->name, "#%d", (int)gr->host);
    else
        snprintf(gr->name, sizeof gr->name, "%.*s", (int)(len < sizeof gr->name - 1 ? len : sizeof gr->name - 1), first);
}

/* A server lane without a host goes with host 0. */
static int32_t lane_host(const trc_lane *l)
{
    return l->host < 0 ? 0 : l->host;
}

/* Group index of every lane: the four client groups in kind order, one per pool in pool order,
 * then one per server host in host order. slot_of_host[h] is 0 for hosts with lanes, -1 for the
 * others, on entry; slot_of_pool[p] likewise for pools. */
static size_t assign_groups(lay_ctx *c, int32_t *slot_of_host, size_t nhosts, int32_t *slot_of_pool, size_t npools)
{
    const trc *t = c->t;
    int32_t slot[LAY_GROUP_SERVER];
    bool used[LAY_GROUP_SERVER] = {false};
    for (size_t i = 0; i < t->nlanes; i++)
        if (group_kind(&t->lanes[i]) < LAY_GROUP_SERVER)
            used[group_kind(&t->lanes[i])] = true;
    size_t ng = 0;
    for (int k = 0; k < LAY_GROUP_SERVER; k++)
        slot[k] = used[k] ? (int32_t)ng++ : -1;
    for (size_t p = 0; p < npools; p++)
        if (slot_of_pool[p] >= 0)
            slot_of_pool[p] = (int32_t)ng++;
    for (size_t h = 0; h < nhosts; h++)
        if (slot_of_host[h] >= 0)
            slot_of_host[h] = (int32_t)ng++;
    for (size_t i = 0; i < t->nlanes; i++) {
        const trc_lane *l = &t->lanes[i];
        lay_group_kind k = group_kind(l);
        c->lane_group[i] = (uint32_t)(k == LAY_GROUP_SERVER ? slot_of_host[lane_host(l)]
                                      : k == LAY_GROUP_POOL ? slot_of_pool[l->pool] : slot[k]);
    }
    return ng;
}

static bool is_child(const trc *t, uint32_t co)
{
    int32_t p = t->lanes[co].parent;
    return t->lanes[co].kind == TRC_LANE_CORO && p >= 0 && (size_t)p < t->nlanes &&
           t->lanes[p].kind == TRC_LANE_LOOP;
}

/* The lane a lane is drawn under in its group: a task under the unit that spawned it, a coroutine
 * under its loop; -1 for a top lane. */
static int32_t tree_parent(const lay_ctx *c, uint32_t l)
{
    const trc *t = c->t;
    int32_t sp = t->lanes[l].spawner;
    if (sp >= 0 && (size_t)sp < t->nlanes && (uint32_t)sp != l && c->lane_group[sp] == c->lane_group[l])
        return sp;
    return is_child(t, l) ? t->lanes[l].parent : -1;
}

#define LAY_MAX_DEPTH 6   /* deeper tasks are drawn at this indent */

/* A group in display order: each top lane (loops first) followed by the lanes under it, depth
 * first, in lane order among siblings. head/next: scratch of nlanes entries each, tmp: of the
 * group; a lane whose parent chain loops back (never from the engine) is left out of the tree. */
static void order_tree(lay_ctx *c, const lay_group *gr, uint32_t *head, uint32_t *next, uint32_t *tmp)
{
    const trc *t = c->t;
    const uint32_t *in = c->order + gr->first;
    for (uint32_t i = gr->count; i-- > 0;) {
        int32_t p = tree_parent(c, in[i]);
        if (p >= 0) {
            next[in[i]] = head[p];
            head[p] = in[i];
        }
    }
    uint32_t n = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (uint32_t i = 0; i < gr->count; i++) {
            uint32_t root = in[i];
            if (tree_parent(c, root) >= 0 || (t->lanes[root].kind == TRC_LANE_LOOP) != (pass == 0))
                continue;
            /* depth first without a stack: down to the first child, else to the next sibling of the
             * nearest ancestor that has one */
            uint32_t l = root;
            uint8_t d = 0;
            while (n < gr->count) {
                tmp[n++] = l;
                c->lane_depth[l] = d < LAY_MAX_DEPTH ? d : LAY_MAX_DEPTH;
                if (head[l] != UINT32_MAX) {
                    l = head[l], d++;
                    continue;
                }
                while (l != root && next[l] == UINT32_MAX)
                    l = (uint32_t)tree_parent(c, l), d--;
                if (l == root)
                    break;
                l = next[l];
            }
        }
    }
    if (n == gr->count)
        memcpy(c->order + gr->first, tmp, n * sizeof *tmp);
}

/* Fills groups[].first/count and order (lanes by group, lane order within a group). */
static void fill_order(lay_ctx *c)
{
    const trc *t = c->t;
    for (size_t i = 0; i < t->nlanes; i++)
        c->groups[c->lane_group[i]].count++;
    uint32_t pos = 0;
    for (size_t g = 0; g < c->ngroups; g++)
        c->groups[g].first = pos, pos += c->groups[g].count, c->groups[g].count = 0;
    for (size_t i = 0; i < t->nlanes; i++) {
        lay_group *gr = &c->groups[c->lane_group[i]];
        c->order[gr->first + gr->count++] = (uint32_t)i;
        gr->kind = (uint8_t)group_kind(&t->lanes[i]);
        gr->host = gr->kind == LAY_GROUP_SERVER ? lane_host(&t->lanes[i])
                 : gr->kind == LAY_GROUP_POOL ? t->lanes[i].pool : -1;
    }
}

static bool build_groups(lay_ctx *c)
{
    const trc *t = c->t;
    size_t nhosts = 1;
    for (size_t i = 0; i < t->nlanes; i++)
        if (t->lanes[i].kind == TRC_LANE_SERVER && (size_t)lane_host(&t->lanes[i]) + 1 > nhosts)
            nhosts = (size_t)lane_host(&t->lanes[i]) + 1;
    size_t npools = 0;
    for (size_t i = 0; i < t->nlanes; i++)
        if (t->lanes[i].pool >= 0 && (size_t)t->lanes[i].pool + 1 > npools)
            npools = (size_t)t->lanes[i].pool + 1;
    int32_t *slot_of_host = malloc(nhosts * sizeof *slot_of_host);
    int32_t *slot_of_pool = malloc((npools + 1) * sizeof *slot_of_pool);
    uint32_t *tmp = malloc((3 * t->nlanes + 1) * sizeof *tmp);
    bool ok = false;
    if (!slot_of_host || !slot_of_pool || !tmp)
        goto done;
    for (size_t h = 0; h < nhosts; h++)
        slot_of_host[h] = -1;
    for (size_t p = 0; p < npools; p++)
        slot_of_pool[p] = -1;
    for (size_t i = 0; i < t->nlanes; i++) {
        if (t->lanes[i].pool >= 0)
            slot_of_pool[t->lanes[i].pool] = 0;
        else if (t->lanes[i].kind == TRC_LANE_SERVER)
            slot_of_host[lane_host(&t->lanes[i])] = 0;
    }
    c->ngroups = assign_groups(c, slot_of_host, nhosts, slot_of_pool, npools);
    c->groups = calloc(c->ngroups + 1, sizeof *c->groups);
    if (!c->groups)
        goto done;
    fill_order(c);
    memset(tmp, 0xFF, 2 * t->nlanes * sizeof *tmp);
    for (size_t g = 0; g < c->ngroups; g++) {
        lay_group *gr = &c->groups[g];
        if (gr->kind == LAY_GROUP_LOOPS || gr->kind == LAY_GROUP_UNITS)
            order_tree(c, gr, tmp, tmp + t->nlanes, tmp + 2 * t->nlanes);
        if (gr->kind == LAY_GROUP_SERVER)
            host_name(c, gr);
        if (gr->kind == LAY_GROUP_POOL)
            snprintf(gr->name, sizeof gr->name, "%s", (size_t)gr->host < t->npools && t->pool_names[gr->host]
                                                          ? t->pool_names[gr->host] : "pool");
    }
    if (t->nres)   /* the resources: a group of its own, last, without lanes (room was left for it) */
        c->groups[c->ngroups++] = (lay_group){.kind = LAY_GROUP_RES, .host = -1, .first = 0, .count = 0, .row = -1};
    ok = true;
done:
    free(slot_of_host);
    free(slot_of_pool);
    free(tmp);
    return ok;
}

/* Marks grouped by lane with a stable counting sort: the engine adds them in time order, so each
 * lane's list is by time. A trace built otherwise gets its lanes sorted here. */
typedef struct { int64_t t; uint32_t idx; } lay_tkey;

static int cmp_tkey(const void *a, const void *b)
{
    const lay_tkey *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sorts idx[0..n) by times[idx] (stable), when they are not sorted already. */
static bool sort_by_time(uint32_t *idx, size_t n, const int64_t *times, size_t stride)
{
    size_t i = 1;
    while (i < n && *(const int64_t *)((const char *)times + idx[i - 1] * stride) <=
                        *(const int64_t *)((const char *)times + idx[i] * stride))
        i++;
    if (i >= n)
        return true;
    lay_tkey *k = malloc(n * sizeof *k);
    if (!k)
        return false;
    for (size_t j = 0; j < n; j++)
        k[j].t = *(const int64_t *)((const char *)times + idx[j] * stride), k[j].idx = idx[j];
    qsort(k, n, sizeof *k, cmp_tkey);
    for (size_t j = 0; j < n; j++)
        idx[j] = k[j].idx;
    free(k);
    return true;
}

static bool index_marks(lay_ctx *c)
{
    const trc *t = c->t;
    if (t->nmarks == 0)
        return true;
    uint32_t *first = c->lane_mark_first;
    for (size_t i = 0; i < t->nmarks; i++)
        first[t->marks[i].lane + 1]++;
    for (size_t l = 0; l < t->nlanes; l++)
        first[l + 1] += first[l];
    uint32_t *fill = calloc(t->nlanes + 1, sizeof *fill);
    if (!fill)
        return false;
    for (size_t i = 0; i < t->nmarks; i++) {
        uint32_t l = t->marks[i].lane;
        c->mark_idx[first[l] + fill[l]++] = (uint32_t)i;
    }
    free(fill);
    bool ok = true;
    for (size_t l = 0; l < t->nlanes && ok; l++)
        ok = sort_by_time(c->mark_idx + first[l], first[l + 1] - first[l], &t->marks[0].t, sizeof t->marks[0]);
    return ok;
}

static bool index_msgs(lay_ctx *c)
{
    const trc *t = c->t;
    c->msg_maxdur = 0;
    for (size_t i = 0; i < t->nmsgs; i++) {
        c->msg_order[i] = (uint32_t)i;
        if (t->msgs[i].t1 - t->msgs[i].t0 > c->msg_maxdur)
            c->msg_maxdur = t->msgs[i].t1 - t->msgs[i].t0;
    }
    return t->nmsgs == 0 || sort_by_time(c->msg_order, t->nmsgs, &t->msgs[0].t0, sizeof t->msgs[0]);
}

/* Rows at most: headers and lanes (a group has a lane), plus aggregates: a server group shows one
 * instead of its lanes, so only the cores, units and loops groups add theirs. */
static size_t rows_cap(const trc *t)
{
    return 2 * t->nlanes + 8 + 3 * LAY_AGG_KIND_COUNT + t->nres;
}

/* Arrays that follow the trace's sizes (+1 so that an empty trace still allocates). */
static bool alloc_arrays(lay_ctx *c)
{
    const trc *t = c->t;
    size_t nl = t->nlanes + 1, nrows = rows_cap(t);
    c->order = malloc(nl * sizeof *c->order);
    c->lane_group = malloc(nl * sizeof *c->lane_group);
    c->lane_hidden = calloc(nl, sizeof *c->lane_hidden);
    c->lane_depth = calloc(nl, sizeof *c->lane_depth);
    c->lane_row = malloc(nl * sizeof *c->lane_row);
    c->rows = malloc(nrows * sizeof *c->rows);
    c->row_scratch = malloc(2 * nrows * sizeof *c->row_scratch);
    c->mark_idx = malloc((t->nmarks + 1) * sizeof *c->mark_idx);
    c->lane_mark_first = calloc(nl + 1, sizeof *c->lane_mark_first);
    c->msg_order = malloc((t->nmsgs + 1) * sizeof *c->msg_order);
    c->msg_shown = malloc((t->nmsgs + 1) * sizeof *c->msg_shown);
    return c->order && c->lane_group && c->lane_hidden && c->lane_depth && c->lane_row && c->rows && c->row_scratch &&
           c->mark_idx && c->lane_mark_first && c->msg_order && c->msg_shown;
}

bool lay_init(lay_ctx *c, const trc *t, sl_err *err)
{
    memset(c, 0, sizeof *c);
    c->t = t;
    if (!t->finished) {
        lay_free(c);
        return sl_fail(err, "schedlab: error: internal: the layout needs a finished trace");
    }
    if (t->nlanes > UINT32_MAX / 4 || !alloc_arrays(c) || !build_groups(c) || !lay_agg_init(c) || !index_marks(c) || !index_msgs(c)) {
        lay_free(c);
        return sl_fail(err, "schedlab: error: out of memory laying out the trace");
    }
    int32_t cores = lay_cores_group(c);
    if (cores >= 0 && lay_cores_repeat_loops(c))
        c->groups[cores].hidden = true;   /* core 0 would repeat loop, bar for bar */
    c->rows_dirty = true;
    lay_rows_refresh(c);
    return true;
}

int32_t lay_cores_group(const lay_ctx *c)
{
    for (uint32_t g = 0; g < c->ngroups; g++)
        if (c->groups[g].kind == LAY_GROUP_CORES)
            return (int32_t)g;
    return -1;
}

bool lay_cores_repeat_loops(const lay_ctx *c)
{
    size_t n[TRC_LANE_KIND_COUNT] = {0};
    for (size_t i = 0; i < c->t->nlanes; i++)
        if (c->t->lanes[i].kind < TRC_LANE_KIND_COUNT)
            n[c->t->lanes[i].kind]++;
    return n[TRC_LANE_LOOP] > 0 && n[TRC_LANE_UNIT] == 0 && n[TRC_LANE_MAIN] == 0 && n[TRC_LANE_CORE] == n[TRC_LANE_LOOP];
}

/* ---- Flags and rows ------------------------------------------------------------------------ */

void lay_group_set_collapsed(lay_ctx *c, uint32_t g, bool on)
{
    if (g < c->ngroups && c->groups[g].collapsed != on)
        c->groups[g].collapsed = on, c->rows_dirty = true;
}

void lay_group_set_hidden(lay_ctx *c, uint32_t g, bool on)
{
    if (g < c->ngroups && c->groups[g].hidden != on)
        c->groups[g].hidden = on, c->rows_dirty = true;
}

void lay_lane_set_hidden(lay_ctx *c, uint32_t lane, bool on)
{
    if (lane < c->t->nlanes && c->lane_hidden[lane] != on)
        c->lane_hidden[lane] = on, c->rows_dirty = true;
}

bool lay_lane_hidden(const lay_ctx *c, uint32_t lane)
{
    return lane < c->t->nlanes && c->lane_hidden[lane];
}

void lay_show_all(lay_ctx *c)
{
    for (size_t g = 0; g < c->ngroups; g++)
        c->groups[g].collapsed = c->groups[g].hidden = false;
    memset(c->lane_hidden, 0, c->t->nlanes);
    c->rows_dirty = true;
}

bool lay_group_lone(const lay_ctx *c, uint32_t g)
{
    const lay_group *gr = &c->groups[g];
    if (gr->count != 1)
        return false;
    const trc_lane *l = &c->t->lanes[c->order[gr->first]];
    if (gr->kind == LAY_GROUP_SERVER) {
        for (size_t i = 0; c->t->notes && i < c->t->nnotes; i++)
            if (c->t->notes[i].host == gr->host)
                return false;   /* the header carries the notes about its host */
        return l->name && strcmp(l->name, gr->name) == 0;
    }
    return gr->kind == LAY_GROUP_MAIN || (gr->kind == LAY_GROUP_UNITS && l->word == TRC_WORD_MAIN);
}

/* depth: a lane's indent; an aggregate's series. */
static void push_row(lay_ctx *c, lay_row_kind kind, int32_t lane, uint32_t g, uint8_t depth)
{
    if (c->nrows >= rows_cap(c->t))
        return;
    lay_row *r = &c->rows[c->nrows++];
    r->kind = (uint8_t)kind;
    r->lane = lane;
    r->group = g;
    r->depth = kind == LAY_ROW_AGG ? 0 : depth;
    r->agg = kind == LAY_ROW_AGG ? depth : 0;
    r->res = -1;
    r->y = c->content_h;
    r->h = kind == LAY_ROW_HEADER ? LAY_HEADER_H : kind == LAY_ROW_AGG ? LAY_AGG_ROW_H
         : c->figure_rows                ? LAY_FIG_LANE_H
                                         : LAY_LANE_H;
    c->content_h += r->h;
    if (lane >= 0)
        c->lane_row[lane] = (int32_t)(c->nrows - 1);
}

/* The messages a frame may draw: with 100 000 units aggregated, their 200 000 calls have no row
 * at either end and a frame need not look at them. */
static void shown_msgs(lay_ctx *c)
{
    const trc *t = c->t;
    c->nmsg_shown = 0;
    for (size_t i = 0; i < t->nmsgs; i++) {
        const trc_msg *m = &t->msgs[c->msg_order[i]];
        if (m->from < t->nlanes && m->to < t->nlanes && c->lane_row[m->from] >= 0 && c->lane_row[m->to] >= 0)
            c->msg_shown[c->nmsg_shown++] = c->msg_order[i];
    }
}

void lay_set_figure_rows(lay_ctx *c, bool on)
{
    c->figure_rows = on;
    c->rows_dirty = true;
}

/* Figure rows: a group's lanes with the loops after their coroutines (two passes). */
static void figure_lanes(lay_ctx *c, uint32_t g)
{
    const lay_group *gr = &c->groups[g];
    for (int pass = 0; pass < 2; pass++)
        for (uint32_t i = 0; i < gr->count; i++) {
            uint32_t lane = c->order[gr->first + i];
            bool loop = c->t->lanes[lane].kind == TRC_LANE_LOOP;
            if (loop == (pass == 1) && !c->lane_hidden[lane])
                push_row(c, LAY_ROW_LANE, (int32_t)lane, g, 0);
        }
}

void lay_rows_refresh(lay_ctx *c)
{
    if (!c->rows_dirty)
        return;
    const trc *t = c->t;
    c->nrows = 0;
    c->content_h = 0;
    for (size_t i = 0; i < t->nlanes; i++)
        c->lane_row[i] = -1;
    for (uint32_t g = 0; g < c->ngroups; g++) {
        lay_group *gr = &c->groups[g];
        bool agg = lay_agg_decide(c, g);
        gr->row = gr->hidden ? -1 : (int32_t)c->nrows;
        if (gr->hidden)
            continue;
        if (c->figure_rows) {   /* the figures show the units, not the machinery */
            gr->row = -1;
            if (gr->kind != LAY_GROUP_CORES && gr->kind != LAY_GROUP_MAIN)
                figure_lanes(c, g);
            continue;
        }
        bool lone = lay_group_lone(c, g);
        if (!lone)
            push_row(c, LAY_ROW_HEADER, -1, g, 0);
        if (gr->collapsed && !lone)
            continue;
        for (size_t k = 0; gr->kind == LAY_GROUP_RES && k < t->nres; k++) {
            push_row(c, LAY_ROW_AGG, -1, g, LAY_AGG_RES);
            c->rows[c->nrows - 1].res = (int32_t)k;
        }
        uint8_t kinds[LAY_AGG_KIND_COUNT];
        size_t nk = lay_agg_rows_of(c, g, agg, kinds);
        for (size_t k = 0; k < nk; k++)
            push_row(c, LAY_ROW_AGG, -1, g, kinds[k]);
        for (uint32_t i = 0; i < gr->count; i++) {   /* aggregated: only a loop group's loops */
            uint32_t lane = c->order[gr->first + i];
            if (!c->lane_hidden[lane] && lay_lane_filtered_in(c, lane) && (!agg || t->lanes[lane].kind == TRC_LANE_LOOP))
                push_row(c, LAY_ROW_LANE, (int32_t)lane, g, c->lane_depth[lane]);
        }
    }
    for (size_t i = 1; i < c->nrows; i++)   /* row_at and lay_row_at_or_after search by y */
        SL_ASSERT(c->rows[i].y >= c->rows[i - 1].y + c->rows[i - 1].h);
    shown_msgs(c);
    c->rows_dirty = false;
}

int32_t lay_lane_row(lay_ctx *c, uint32_t lane)
{
    lay_rows_refresh(c);
    return lane < c->t->nlanes ? c->lane_row[lane] : -1;
}

size_t lay_row_at_or_after(const lay_ctx *c, float y_units)
{
    size_t lo = 0, hi = c->nrows;
    SL_LOWER_BOUND(lo, hi, mid, c->rows[mid].y + c->rows[mid].h <= y_units);
    return lo;
}

float lay_row_y(const lay_ctx *c, const lay_view *v, const lay_geom *g, const lay_row *r)
{
    return g->plot_y + r->y * lay_rfs(g) - v->scroll_y;
}

/* ---- Geometry ------------------------------------------------------------------------------ */

#define NAME_MEASURES 2048   /* lane names measured at most per font scale */

static float name_width(const trc_lane *l, float fs, const dl_measure *m)
{
    const char *s = l->name ? l->name : "";
    float w = lay_measure(m, s, strlen(s), LAY_TEXT * fs, false);
    return w + (l->kind == TRC_LANE_CORO ? LAY_INDENT * fs : 0);
}

/* The widest lane name (with its indent) at font scale fs, measured once per scale. A real font
 * measures ~1 µs a string, so with 10^5 lanes only the longest names (in bytes, within 2 of the
 * longest, at most NAME_MEASURES) are measured: names of a run differ in their numbers, and a
 * name a little wider than the column is cut by its clip, never drawn over the plot. */
static float lane_names_width(lay_ctx *c, float fs, const dl_measure *m)
{
    if (c->label_fs == fs && c->label_m.width == m->width && c->label_m.ctx == m->ctx)
        return c->label_w;
    const trc *t = c->t;
    size_t longest = 0, budget = NAME_MEASURES;
    for (size_t i = 0; i < t->nlanes; i++) {
        size_t len = t->lanes[i].name ? strlen(t->lanes[i].name) : 0;
        longest = len > longest ? len : longest;
    }
    float w = 0;
    for (size_t d = 0; d <= 2 && d <= longest && budget > 0; d++) {
        for (size_t i = 0; i < t->nlanes && budget > 0; i++) {
            if ((t->lanes[i].name ? strlen(t->lanes[i].name) : 0) != longest - d)
                continue;
            float lw = name_width(&t->lanes[i], fs, m);
            w = lw > w ? lw : w;
            budget--;
        }
    }
    c->label_w = w, c->label_fs = fs, c->label_m = *m;
    return w;
}

/* The units' group is named as the course names them under the model that ran: threads,
 * processes, or (sequential) the main program; a trace that does not say goes by its lanes. */
static lay_str_key units_key(const lay_ctx *c, const lay_group *gr)
{
    const trc *t = c->t;
    int model = t->has_model ? t->model : -1;
    uint8_t word = gr->count ? t->lanes[c->order[gr->first]].word : TRC_WORD_NONE;
    if (model == SCN_THREADS || (model < 0 && word == TRC_WORD_THREAD))
        return LAY_S_GROUP_THREADS;
    if (model == SCN_PROCESSES || (model < 0 && word == TRC_WORD_PROCESS))
        return LAY_S_GROUP_PROCESSES;
    if (model == SCN_SEQUENTIAL || word == TRC_WORD_MAIN)
        return LAY_S_GROUP_MAIN;
    return LAY_S_GROUP_UNITS;
}

const char *lay_group_title(const lay_ctx *c, lay_lang lang, uint32_t g)
{
    static const lay_str_key keys[LAY_GROUP_KIND_COUNT] = {
        LAY_S_GROUP_CORES, LAY_S_GROUP_MAIN, LAY_S_GROUP_UNITS, LAY_S_GROUP_COROUTINES, LAY_S_GROUP_SERVER,
        LAY_S_GROUP_SERVER, LAY_S_GROUP_RES,
    };
    if (g >= c->ngroups)
        return "";
    const lay_group *gr = &c->groups[g];
    if (gr->kind == LAY_GROUP_SERVER || gr->kind == LAY_GROUP_POOL)
        return gr->name;
    return lay_str(lang, gr->kind == LAY_GROUP_UNITS ? units_key(c, gr) : keys[gr->kind]);
}

/* The widest group header: its title, then its count ("100 000 (aggregated)") as lay_panel.c
 * draws them. Groups are few, so this is measured every frame. */
static float headers_width(lay_ctx *c, const lay_view *v, float fs, const dl_measure *m)
{
    float w = 0;
    char count[96];
    if (c->ngroups)
        lay_rows_refresh(c);   /* which groups aggregate, as the plot's height decides */
    for (uint32_t g = 0; g < c->ngroups; g++) {
        const char *s = lay_group_title(c, v->lang, g);
        lay_agg_count_fmt(c, v->lang, g, count, sizeof count);
        float hw = lay_measure(m, s, strlen(s), LAY_TEXT * fs, true) + 6 * fs +
                   lay_measure(m, count, strlen(count), LAY_TEXT * fs * 0.9f, false);
        w = hw > w ? hw : w;
    }
    return w;
}

/* The plot's height comes first: it decides which groups aggregate, which the headers say. */
/* How much the rows grow to fill a plot plot_units tall (at font scale 1): 1 when they do not all
 * fit, else up to LAY_ROW_STRETCH_MAX (a few lanes on a projector use the height, not 40 % of it). */
static float lay_row_stretch(lay_ctx *c, float plot_units)
{
    lay_rows_refresh(c);
    if (!(c->content_h > 0) || !(plot_units > c->content_h))
        return 1;
    float s = plot_units / c->content_h;
    return s < LAY_ROW_STRETCH_MAX ? s : LAY_ROW_STRETCH_MAX;
}

lay_geom lay_geometry(lay_ctx *c, const lay_view *v, float w, float h, const dl_measure *m)
{
    lay_geom g = {0};
    if (c->figure_rows != v->figure)   /* the figure style's rows follow the view */
        lay_set_figure_rows(c, v->figure);
    float fs = lay_view_sane(v).font_scale;
    g.w = w, g.h = h, g.fs = fs;
    g.axis_h = (v->figure ? (v->tick_step > 0 ? 52.0f : 30.0f) : LAY_AXIS_H) * fs;
    g.status_h = v->status_off ? 0 : LAY_STATUS_H * fs;
    /* the legend wraps to more rows rather than being cut at the right (narrow, magnified) */
    g.legend_h = v->show_legend ? LAY_LEGEND_H * fs * (float)lay_legend_rows(c->t, v->lang, m, fs, w) : 0;
    float ph = h - g.axis_h - g.legend_h - g.status_h;
    g.plot_h = ph > 0 ? ph : 0;
    lay_agg_set_plot(c, g.plot_h, fs);
    float names = lane_names_width(c, fs, m), heads = headers_width(c, v, fs, m);
    float lw = (names > heads ? names : heads) + 34.0f * fs;   /* triangle, margins */
    g.label_w = lw < 0.35f * w ? lw : 0.35f * w;
    g.plot_x = g.label_w;
    g.plot_y = g.axis_h;
    g.plot_w = w - g.label_w > 0 ? w - g.label_w : 0;
    g.rfs = v->fill_rows ? fs * lay_row_stretch(c, g.plot_h / fs) : fs;
    g.legend_y = g.plot_y + g.plot_h;
    g.status_y = g.legend_y + g.legend_h;
    return g;
}

lay_geom lay_screen_geom(const lay_view *v, float w, float h, bool status)
{
    lay_geom g = {0};
    float fs = lay_view_sane(v).font_scale;
    g.w = w, g.h = h, g.fs = fs;
    g.status_h = status ? LAY_STATUS_H * fs : 0;
    g.status_y = h;
    if (status) {   /* summed as lay_geometry sums it: the status bar stays put across views */
        float axis_h = LAY_AXIS_H * fs, legend_h = v->show_legend ? LAY_LEGEND_H * fs : 0;
        float ph = h - axis_h - legend_h - g.status_h;
        g.status_y = axis_h + (ph > 0 ? ph : 0) + legend_h;
    }
    g.legend_y = g.status_y;
    g.plot_w = w;
    g.plot_h = g.status_y > 1 ? g.status_y : 1;
    return g;
}

/* ---- Messages by lane ------------------------------------------------------------------------- */

/* A lane's messages, sent or received (one sent to itself once), by send time: with 100 000 lanes
 * expanded, a frame draws the arrows of the rows it shows from these instead of looking at every
 * message of the trace. Built on first use from the send-time order, in O(messages + lanes). */
static bool lane_msgs_build(lay_ctx *c)
{
    const trc *t = c->t;
    size_t nl = t->nlanes, nm = t->nmsgs;
    if (nm > UINT32_MAX / 2)
        return false;
    c->msg_first = calloc(nl + 2, sizeof *c->msg_first);
    c->msg_idx = malloc((2 * nm + 1) * sizeof *c->msg_idx);
    if (!c->msg_first || !c->msg_idx) {
        free(c->msg_first), free(c->msg_idx);
        c->msg_first = c->msg_idx = NULL;
        return false;
    }
    uint32_t *at = c->msg_first + 1;   /* counts, then each lane's next free slot, which ends as
                                          the next lane's start: msg_first[l] is lane l's start */
    for (size_t i = 0; i < nm; i++) {
        const trc_msg *m = &t->msgs[i];
        at[m->from < nl ? m->from : nl]++;
        if (m->to != m->from)
            at[m->to < nl ? m->to : nl]++;
    }
    for (size_t l = 0, sum = 0; l <= nl; l++) {
        size_t k = at[l];
        at[l] = (uint32_t)sum;
        sum += k;
    }
    for (size_t i = 0; i < nm; i++) {   /* msg_order: by send time, so each lane's list is too */
        uint32_t id = c->msg_order[i];
        const trc_msg *m = &t->msgs[id];
        c->msg_idx[at[m->from < nl ? m->from : nl]++] = id;
        if (m->to != m->from)
            c->msg_idx[at[m->to < nl ? m->to : nl]++] = id;
    }
    return true;
}

bool lay_lane_msgs(lay_ctx *c, uint32_t lane, const uint32_t **idx, size_t *n)
{
    *idx = NULL, *n = 0;
    if (lane >= c->t->nlanes || (!c->msg_idx && !lane_msgs_build(c)))
        return false;
    *idx = c->msg_idx + c->msg_first[lane];
    *n = c->msg_first[lane + 1] - c->msg_first[lane];
    return true;
}

bool lay_lane_rect(lay_ctx *c, const lay_view *v, const lay_geom *g, uint32_t lane, float *y, float *h)
{
    int32_t r = lay_lane_row(c, lane);
    if (r < 0)
        return false;
    *y = lay_row_y(c, v, g, &c->rows[r]);
    *h = c->rows[r].h * lay_rfs(g);
    return true;
}

float lay_content_height(lay_ctx *c, const lay_view *v)
{
    lay_rows_refresh(c);
    return c->content_h * lay_view_sane(v).font_scale;
}
