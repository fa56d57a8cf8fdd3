/* lay_hit.c — the UI's questions about pixels and times: what is under the pointer, who ran
 * while a unit waited, where the previous and next events are. Each answer reads only the part of
 * the trace near the point (binary search), never the whole trace. */
#include "lay_agg.h"
#include "lay_int.h"
#include "lay_why.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define HIT_SLACK_PX 2.0   /* a thin segment within this many pixels still counts as hit */
#define HIT_SCAN 256       /* segments weighed under one point at most */
#define RAN_SCAN 1000000   /* core segments read by lay_ran_during at most */

static lay_area area_of(const lay_geom *g, float x, float y)
{
    if (x < 0 || y < 0 || x >= g->w || y >= g->h)
        return LAY_AREA_NONE;
    if (y < g->axis_h)
        return LAY_AREA_AXIS;
    if (y >= g->status_y)
        return LAY_AREA_STATUS;
    if (y >= g->legend_y)
        return LAY_AREA_LEGEND;
    return x < g->plot_x ? LAY_AREA_LABELS : LAY_AREA_PLOT;
}

/* The row under canvas y, or -1. */
static int32_t row_at(lay_ctx *c, const lay_view *v, const lay_geom *g, float y)
{
    lay_rows_refresh(c);
    float yu = (y - g->plot_y + v->scroll_y) / lay_rfs(g);
    size_t r = lay_row_at_or_after(c, yu);
    return r < c->nrows && c->rows[r].y <= yu ? (int32_t)r : -1;
}

static void seg_info(const trc *t, size_t index, lay_seg_info *out)
{
    const trc_seg *s = &t->segs[index];
    out->index = index;
    out->lane = s->lane;
    out->state = (trc_state)s->state;
    out->req = s->req;
    out->label = trc_seg_label(t, s);
    out->start = s->t0;
    out->dur = s->t1 - s->t0;
}

/* The segment of lane under xrel: one containing the time, else the nearest within the slack.
 * Only what shows counts: nothing after the playhead. */
static bool seg_under(lay_ctx *c, const lay_view *v, uint32_t lane, double xrel, lay_seg_info *out)
{
    int64_t t = lay_trel(v, xrel), ta = lay_trel(v, xrel - HIT_SLACK_PX), tb = lay_trel(v, xrel + HIT_SLACK_PX) + 1;
    if (v->playhead_on && ta > v->playhead)
        return false;
    tb = v->playhead_on && v->playhead < tb ? v->playhead : tb;
    size_t n, best = SIZE_MAX;
    const trc_seg *s = trc_lane_segs(c->t, lane, &n);
    int64_t bestd = INT64_MAX;
    for (size_t i = trc_lane_first_after(c->t, lane, ta), k = 0; i < n && s[i].t0 < tb && k < HIT_SCAN; i++, k++) {
        int64_t d = t < s[i].t0 ? s[i].t0 - t : t >= s[i].t1 ? t - s[i].t1 + 1 : 0;
        if (d < bestd)
            bestd = d, best = i;
        if (d == 0)
            break;
    }
    if (best == SIZE_MAX)
        return false;
    seg_info(c->t, c->t->lanes[lane].seg_first + best, out);
    return true;
}

void lay_hit_test(lay_ctx *c, const lay_view *vin, const lay_geom *g, float x, float y, lay_hit *out)
{
    lay_view sane = lay_view_sane(vin);
    const lay_view *v = &sane;
    memset(out, 0, sizeof *out);
    out->area = area_of(g, x, y);
    out->row = out->lane = out->group = -1;
    out->t = lay_t_of(v, g, x);
    if (out->area != LAY_AREA_LABELS && out->area != LAY_AREA_PLOT)
        return;
    out->row = row_at(c, v, g, y);
    if (out->row < 0)
        return;
    const lay_row *r = &c->rows[out->row];
    out->group = (int32_t)r->group;
    out->header = r->kind == LAY_ROW_HEADER;
    out->lane = r->lane;
    if (out->area == LAY_AREA_PLOT && r->lane >= 0)
        out->has_seg = seg_under(c, v, (uint32_t)r->lane, x - g->plot_x, &out->seg);
}

int32_t lay_hit_header(lay_ctx *c, const lay_view *v, const lay_geom *g, float x, float y)
{
    lay_area a = area_of(g, x, y);
    if (a != LAY_AREA_LABELS && a != LAY_AREA_PLOT)
        return -1;
    int32_t r = row_at(c, v, g, y);
    return r >= 0 && c->rows[r].kind == LAY_ROW_HEADER ? (int32_t)c->rows[r].group : -1;
}

/* ---- Who ran meanwhile ---------------------------------------------------------------------- */

typedef struct {
    lay_ran *out;
    size_t n, cap;
    bool more;
    size_t budget;
} ran_acc;

/* The unit a RUN segment stands for: on a core, the unit it runs; on a loop, the coroutine
 * lane of its request. */
static int64_t unit_of(const trc *t, const trc_seg *s)
{
    if (t->lanes[s->lane].kind == TRC_LANE_CORE)
        return s->aux >= 0 && (size_t)s->aux < t->nlanes ? s->aux : -1;
    if (s->req >= 0 && (size_t)s->req < t->nreqs && t->reqs[s->req].lane >= 0)
        return t->reqs[s->req].lane;
    return s->lane;
}

static void ran_add(ran_acc *a, uint32_t unit, uint32_t core, int64_t ns)
{
    for (size_t i = 0; i < a->n; i++) {
        if (a->out[i].unit == unit) {
            a->out[i].ns += ns;
            return;
        }
    }
    if (a->n < a->cap)
        a->out[a->n++] = (lay_ran){unit, core, ns};
    else
        a->more = true;
}

static void scan_runner(const trc *t, uint32_t lane, const trc_seg *w, ran_acc *a)
{
    size_t n;
    const trc_seg *s = trc_lane_segs(t, lane, &n);
    for (size_t i = trc_lane_first_after(t, lane, w->t0); i < n && s[i].t0 < w->t1; i++) {
        if (a->budget == 0) {
            a->more = true;
            return;
        }
        a->budget--;
        int64_t unit = unit_of(t, &s[i]);
        if (s[i].state != TRC_RUN || unit < 0)
            continue;
        int64_t b = s[i].t0 > w->t0 ? s[i].t0 : w->t0, e = s[i].t1 < w->t1 ? s[i].t1 : w->t1;
        ran_add(a, (uint32_t)unit, lane, e - b);
    }
}

size_t lay_ran_during(const trc *t, const trc_seg *s, lay_ran *out, size_t cap, bool *more)
{
    ran_acc a = {out, 0, cap, false, RAN_SCAN};
    const trc_lane *l = &t->lanes[s->lane];
    bool coro = l->kind == TRC_LANE_CORO && l->parent >= 0 && (size_t)l->parent < t->nlanes;
    if (coro)
        scan_runner(t, (uint32_t)l->parent, s, &a);
    for (size_t i = 0; i < t->nlanes && !coro; i++)
        if (t->lanes[i].kind == TRC_LANE_CORE)
            scan_runner(t, (uint32_t)i, s, &a);
    if (more)
        *more = a.more;
    return a.n;
}

/* ---- Tooltip text ----------------------------------------------------------------------------- */

/* Appends printf-style text at *pos, never past n (a cut tooltip is still a tooltip). */
static void add(char *buf, size_t n, size_t *pos, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void add(char *buf, size_t n, size_t *pos, const char *fmt, ...)
{
    if (*pos >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *pos, n - *pos, fmt, ap);
    va_end(ap);
    *pos = k < 0 ? n : *pos + (size_t)k < n ? *pos + (size_t)k : n;
}

static void describe_ran(const trc *t, lay_lang lang, const trc_seg *s, char *buf, size_t n, size_t *pos)
{
    lay_ran ran[6];
    bool more = false;
    size_t k = lay_ran_during(t, s, ran, sizeof ran / sizeof ran[0], &more);
    add(buf, n, pos, "\n%s:", lay_str(lang, LAY_S_TIP_RAN));
    for (size_t i = 0; i < k; i++) {
        char nb[96];
        add(buf, n, pos, "%s %s", i ? "," : "", lay_lane_name(t, ran[i].unit, lang, nb, sizeof nb));
    }
    if (k == 0)
        add(buf, n, pos, " %s", lay_str(lang, LAY_S_TIP_NOBODY));
    if (more)
        add(buf, n, pos, " %s", lay_str(lang, LAY_S_TIP_MORE));
}

/* A record as the tooltips name it: `fetch #3`. */
static void rec_name(const trc *t, int32_t r, char *buf, size_t n)
{
    if (r < 0 || (size_t)r >= t->nreqs || t->reqs[r].tmpl >= t->ntmpls) {
        snprintf(buf, n, "?");
        return;
    }
    const char *name = t->tmpls[t->reqs[r].tmpl].name;
    snprintf(buf, n, "%s #%u", name ? name : "?", t->reqs[r].instance + 1);
}

/* Tasks: who spawned this body, which tasks it spawned (the first few), what its await waits for. */
static void describe_tasks(const trc *t, lay_lang lang, const lay_seg_info *si, char *buf, size_t n, size_t *pos)
{
    enum { SHOWN = 4 };
    char nb[300];
    const trc_req *r = &t->reqs[si->req];
    if (r->flags & TRC_REQ_TASK) {
        rec_name(t, r->parent, nb, sizeof nb);
        add(buf, n, pos, "\n%s: %s", lay_str(lang, LAY_S_TIP_PARENT), nb);
    }
    if ((si->state == TRC_LOCKWAIT || si->state == TRC_QWAIT) && t->segs[si->index].aux >= 0 &&
        (size_t)t->segs[si->index].aux < t->nres) {
        uint32_t res = (uint32_t)t->segs[si->index].aux;
        const trc_res *x = &t->res[res];
        add(buf, n, pos, "\n%s: %s %s", lay_str(lang, LAY_S_TIP_WAITS_FOR), lay_res_kind_str(lang, x->kind),
            x->name ? x->name : "");
        char holders[512];
        lay_res_holders(t, res, t->segs[si->index].t0, holders, sizeof holders);
        if (holders[0])
            add(buf, n, pos, "\n%s: %s", lay_str(lang, LAY_S_TIP_HELD_BY), holders);
    }
    if (si->state == TRC_AWAIT) {
        int32_t aux = t->segs[si->index].aux;
        if (aux >= 0)
            rec_name(t, aux, nb, sizeof nb);
        add(buf, n, pos, "\n%s: %s", lay_str(lang, LAY_S_TIP_AWAITS), aux >= 0 ? nb : lay_str(lang, LAY_S_TIP_SEVERAL));
    }
    size_t kids = 0;
    for (size_t i = 0; t->nreqs && (t->reqs[t->nreqs - 1].flags & TRC_REQ_TASK) && i < t->nreqs; i++) {
        if (!(t->reqs[i].flags & TRC_REQ_TASK) || t->reqs[i].parent != si->req)
            continue;
        if (kids++ == 0)
            add(buf, n, pos, "\n%s:", lay_str(lang, LAY_S_TIP_TASKS));
        if (kids <= SHOWN) {
            rec_name(t, (int32_t)i, nb, sizeof nb);
            add(buf, n, pos, "%s %s", kids > 1 ? "," : "", nb);
        }
    }
    if (kids > SHOWN)
        add(buf, n, pos, " %s (%zu)", lay_str(lang, LAY_S_TIP_MORE), kids);
}

char *lay_describe_seg(const trc *t, lay_lang lang, const lay_seg_info *si, char *buf, size_t n)
{
    char a[48], b[48];
    size_t pos = 0;
    char nb[96];
    const char *lane = lay_lane_name(t, si->lane, lang, nb, sizeof nb);
    if (n)
        buf[0] = '\0';
    const char *co = lay_str(lang, LAY_S_COLON);   /* French puts a space before it */
    add(buf, n, &pos, "%s%s%s", lane ? lane : "?", co, lay_state_str(lang, si->state));
    if (si->req >= 0 && (size_t)si->req < t->nreqs && t->reqs[si->req].tmpl < t->ntmpls) {
        const trc_req *r = &t->reqs[si->req];
        const char *name = t->tmpls[r->tmpl].name;
        add(buf, n, &pos, "\n%s%s%s #%u", lay_str(lang, LAY_S_TIP_REQUEST), co, name ? name : "?", r->instance + 1);
    }
    if (si->label)
        add(buf, n, &pos, "\n%s%s%s", lay_str(lang, LAY_S_TIP_STEP), co, si->label);
    add(buf, n, &pos, "\n%s%s%s\n%s%s%s", lay_str(lang, LAY_S_TIP_START), co, lay_fmt_dur(si->start, lang, a, sizeof a),
        lay_str(lang, LAY_S_TIP_DURATION), co, lay_fmt_dur(si->dur, lang, b, sizeof b));
    if (si->state == TRC_READY || si->state == TRC_GIL)
        describe_ran(t, lang, &t->segs[si->index], buf, n, &pos);
    if (si->req >= 0 && (size_t)si->req < t->nreqs)
        describe_tasks(t, lang, si, buf, n, &pos);
    lay_why_tip(t, lang, si->index, buf, n);   /* why it waits, in the narration's words */
    return buf;
}

/* ---- Stepping through events ------------------------------------------------------------------ */

/* Segments of a lane do not overlap, so the first one ending after `after` holds the next
 * boundary: its start if that is later, else its end. */
bool lay_next_event(lay_ctx *c, int64_t after, int64_t *out)
{
    lay_rows_refresh(c);
    bool found = false;
    int64_t best = INT64_MAX;
    for (uint32_t lane = 0; lane < c->t->nlanes; lane++) {
        size_t n, i = trc_lane_first_after(c->t, lane, after);
        const trc_seg *s = trc_lane_segs(c->t, lane, &n);
        if (c->lane_row[lane] < 0 || i >= n)
            continue;
        int64_t e = s[i].t0 > after ? s[i].t0 : s[i].t1;
        if (e < best)
            best = e, found = true;
    }
    *out = best;
    return found;
}

/* The last boundary before `before`: the start of the segment reaching `before`, if earlier, or
 * the end of the one before it. */
bool lay_prev_event(lay_ctx *c, int64_t before, int64_t *out)
{
    lay_rows_refresh(c);
    bool found = false;
    int64_t best = INT64_MIN;
    for (uint32_t lane = 0; lane < c->t->nlanes; lane++) {
        size_t n, j = trc_lane_first_after(c->t, lane, before - 1);   /* first with t1 >= before */
        const trc_seg *s = trc_lane_segs(c->t, lane, &n);
        if (c->lane_row[lane] < 0)
            continue;
        int64_t e = j < n && s[j].t0 < before ? s[j].t0 : j > 0 ? s[j - 1].t1 : INT64_MIN;
        if (j > 0 && s[j - 1].t1 > e)
            e = s[j - 1].t1;
        if (e != INT64_MIN && e > best)
            best = e, found = true;
    }
    *out = best;
    return found;
}
