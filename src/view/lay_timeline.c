/* lay_timeline.c — the frame: lane rows with their segments, markers and the message arrows.
 * Level of detail: segments narrower than a pixel become one shape per pixel column (the colour
 * of the column's dominant state and request), and a column holding many of them is skipped by
 * binary search, so a frame costs O(visible rows x pixel columns x log segments). */
#include "lay_int.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

#define LOD_SCAN 8        /* segments looked at in one column before jumping past it */
#define MSG_SCAN 8        /* thinned messages in one send column before jumping past it */
#define MARK_SCAN 8       /* markers thinned in a row before jumping past the crowd */
#define X_MARGIN 4.0      /* pixels drawn beyond the plot's edges (outlines, heads), then clipped */

/* ---- Colours -------------------------------------------------------------------------------- */

static bool dimmed(const lay_fr *f, int32_t req)
{
    return f->v->selected >= 0 && req != f->v->selected;
}

static dl_color fade(const lay_fr *f, dl_color c, bool dim)
{
    return dim ? theme_mix(c, f->th->bg, f->th->dim) : c;
}

/* theme_req_color, except that when no request statement has a colour of its own (the usual
 * case) a request's colour is its number's palette entry: no need to read t->reqs[req], which
 * with a million requests was a cache miss per bar, a tenth of a whole-run frame's layout. */
static dl_color req_color(const lay_fr *f, int32_t req)
{
    const trc *t = f->t;
    bool plain = req >= 0 && t->ntmpls <= 8 && f->th->npalette > 0;
    for (size_t i = 0; plain && i < t->ntmpls; i++)
        plain = !t->tmpls[i].has_color;
    return plain ? f->th->palette[(uint32_t)req % f->th->npalette] : theme_req_color(f->th, f->t, req);
}

/* ---- One piece of a bar ------------------------------------------------------------------------ */

static void dashed_mid(const lay_fr *f, dl_color col, float x, float y, float w, float h, float dash, float gap)
{
    dl_push_line(f->out, x, y + h / 2, x + w, y + h / 2, 1.5f * f->fs, col, dash * f->fs, gap * f->fs);
}

static void hatched(const lay_fr *f, dl_color lines, dl_color col, float x, float y, float w, float h, float sp)
{
    dl_push_hatch(f->out, x, y, w, h, lines, theme_mix(col, f->th->bg, 0.55f), sp * f->fs);
}

void lay_draw_state(const lay_fr *f, trc_state st, dl_color col, float x, float y, float w, float h)
{
    const theme *th = f->th;
    switch (st) {
    case TRC_RUN:
    case TRC_SERVE: dl_push_rect(f->out, x, y, w, h, col, 0, 0); break;
    case TRC_READY: hatched(f, th->hatch_ready, col, x, y, w, h, 5); break;
    case TRC_GIL: hatched(f, th->hatch_gil, col, x, y, w, h, 3.5f); break;
    case TRC_WAIT: dashed_mid(f, col, x, y, w, h, 5, 3); break;
    case TRC_QUEUED: dashed_mid(f, col, x, y, w, h, 1.5f, 2); break;
    /* awaiting a task: an empty box, the place its result will fill (a wait on IO is a line) */
    case TRC_AWAIT: dl_push_rect(f->out, x, y + h * 0.3f, w, h * 0.4f, 0, col, 1.5f * f->fs); break;
    /* waiting for a lock or semaphore: a box barred by a line in the failure colour (a shut gate,
     * unlike the empty box of a task awaited or the stripes of the GIL); waiting on a queue: squares */
    case TRC_LOCKWAIT:
        dl_push_rect(f->out, x, y + h * 0.25f, w, h * 0.5f, theme_mix(col, th->bg, 0.75f), col, 1.5f * f->fs);
        dl_push_line(f->out, x, y + h / 2, x + w, y + h / 2, 2.5f * f->fs, th->fail, 0, 0);
        break;
    case TRC_QWAIT:   /* a row of squares: the places of a queue */
        dl_push_line(f->out, x, y + h / 2, x + w, y + h / 2, h * 0.3f, col, h * 0.3f, h * 0.25f);
        break;
    case TRC_BLOCKED:   /* figures: a bar that holds its label (the loop's thread is held) */
        if (f->v->figure)
            dl_push_rect(f->out, x, y, w, h, col, th->blocked, 2.0f * f->fs);
        else
            dl_push_rect(f->out, x, y + h * 0.35f, w, h * 0.3f, col, th->blocked, 1.0f);
        break;
    case TRC_SWITCH: dl_push_rect(f->out, x, y, w, h, th->switch_fill, 0, 0); break;
    case TRC_SPAWN: dl_push_rect(f->out, x, y, w, h, th->spawn, 0, 0); break;
    default: dl_push_rect(f->out, x, y, w, h, th->fg_dim, 0, 0); break;
    }
}

/* A lane's bar band: [by, by + bh). */
typedef struct {
    uint32_t lane;
    float y, by, bh;      /* row top; bar top and height */
} lay_lane_px;

/* The selected request stands out: an outline around its bars, a bolder line where it waits. */
static void highlight(const lay_fr *f, const lay_lane_px *lp, trc_state st, dl_color col, float x, float w)
{
    float y = lp->by + lp->bh / 2;
    if (st == TRC_WAIT || st == TRC_QUEUED || st == TRC_AWAIT || st == TRC_QWAIT)
        dl_push_line(f->out, x, y, x + w, y, 3.0f * f->fs, col, 0, 0);
    else if (st != TRC_BLOCKED)
        dl_push_rect(f->out, x, lp->by, w, lp->bh, 0, f->th->select, 1.5f * f->fs);
}

/* The hatch and fixed colours of a dimmed piece fade too: a dimmed piece is drawn with a theme
 * whose colours are already faded (cheap: a copy of a small struct per dimmed piece). */
static void piece(const lay_fr *f, const lay_lane_px *lp, trc_state st, int32_t req, double x0, double x1)
{
    dl_color col = req_color(f, req);
    float x = (float)(f->g->plot_x + x0), w = (float)(x1 - x0);
    if (!dimmed(f, req)) {
        lay_draw_state(f, st, col, x, lp->by, w, lp->bh);
        if (f->v->selected >= 0)
            highlight(f, lp, st, col, x, w);
        return;
    }
    theme faded = *f->th;
    float d = f->th->dim;
    faded.hatch_ready = theme_mix(faded.hatch_ready, faded.bg, d);
    faded.hatch_gil = theme_mix(faded.hatch_gil, faded.bg, d);
    faded.switch_fill = theme_mix(faded.switch_fill, faded.bg, d);
    faded.spawn = theme_mix(faded.spawn, faded.bg, d);
    faded.blocked = theme_mix(faded.blocked, faded.bg, d);
    lay_fr ff = *f;
    ff.th = &faded;
    lay_draw_state(&ff, st, fade(f, col, true), x, lp->by, w, lp->bh);
}

/* The text on a running bar: its step's label, or on a core the name of the unit it runs. */
static const char *bar_label(const lay_fr *f, const trc_seg *s, char *buf, size_t n)
{
    if (s->state != TRC_RUN && s->state != TRC_SERVE && !(s->state == TRC_BLOCKED && f->v->figure))
        return NULL;
    const char *l = trc_seg_label(f->t, s);
    if (l)
        return l;
    const trc_lane *lane = &f->t->lanes[s->lane];
    if (lane->kind == TRC_LANE_CORE && s->aux >= 0 && (size_t)s->aux < f->t->nlanes)
        return lay_lane_name(f->t, (uint32_t)s->aux, f->v->lang, buf, n);
    return NULL;
}

/* A label turned 90 degrees inside a bar narrower than the label, shrunk (to 60 %) to fit the
 * bar's height; left out when even that does not fit. */
static void piece_label_along(const lay_fr *f, const lay_lane_px *lp, const trc_seg *s, const char *l, float cx,
                              float w, float size, float tw)
{
    float room = lp->bh - 4 * f->fs, k = tw > room ? room / tw : 1;
    if (k < 0.6f || size * k * 0.95f > w)
        return;
    dl_color fill = fade(f, req_color(f, s->req), dimmed(f, s->req));
    dl_push_text(f->labels ? f->labels : f->out, cx, lp->by + lp->bh / 2, size * k, theme_text_on(f->th, fill),
                 DL_ANCHOR_MC, false, true, l, strlen(l));
}

static void piece_label(const lay_fr *f, const lay_lane_px *lp, const trc_seg *s, double x0, double x1)
{
    double a = x0 > 0 ? x0 : 0, b = x1 < f->g->plot_w ? x1 : f->g->plot_w;
    float size = (f->v->figure ? LAY_FIG_TEXT_STEP : LAY_TEXT_SMALL) * f->fs;
    char nb[96];
    const char *l = bar_label(f, s, nb, sizeof nb);
    if (!l)
        return;
    size_t len = strlen(l);
    float tw = lay_measure(f->m, l, len, size, false);
    if (f->v->figure && (tw + 4 * f->fs > b - a || b - a < 3 * size)) {   /* a narrow bar: written along it, as the figures do */
        piece_label_along(f, lp, s, l, (float)(f->g->plot_x + (a + b) / 2), (float)(b - a), size, tw);
        return;
    }
    if (b - a < 3 * size || tw + 4 * f->fs > b - a)
        return;
    dl_color fill = fade(f, req_color(f, s->req), dimmed(f, s->req));
    dl_push_text(f->labels ? f->labels : f->out, (float)(f->g->plot_x + (a + b) / 2), lp->by + lp->bh / 2, size,
                 theme_text_on(f->th, fill), DL_ANCHOR_MC, false, false, l, len);
}

/* ---- Level of detail -------------------------------------------------------------------------- */

typedef struct {
    uint8_t state;
    int32_t req;
} lod_key;

/* A column's dominant state is the one covering most of it; its colour is that of the request
 * with the longest segment in that state (one column rarely holds more than a few requests). */
typedef struct {
    const lay_fr *f;
    const lay_lane_px *lp;
    bool col_on, run_on;
    int64_t col;                      /* the pixel column being gathered */
    double w[TRC_STATE_COUNT];        /* pixels of the column covered per state */
    double best_w[TRC_STATE_COUNT];   /* the longest segment per state ... */
    int32_t best_req[TRC_STATE_COUNT];/* ... and its request */
    int nseen;
    int64_t run_c0, run_c1;           /* columns [c0, c1) of one (state, request), not yet drawn */
    lod_key run;
} lay_lod;

static void lod_emit_run(lay_lod *z)
{
    if (z->run_on)
        piece(z->f, z->lp, (trc_state)z->run.state, z->run.req, (double)z->run_c0, (double)z->run_c1);
    z->run_on = false;
}

/* Closes the column: its dominant pair extends the current run or starts a new one. */
static void lod_flush_col(lay_lod *z)
{
    if (!z->col_on)
        return;
    int best = 0;
    for (int i = 1; i < TRC_STATE_COUNT; i++)
        if (z->w[i] > z->w[best])
            best = i;
    lod_key k = {(uint8_t)best, z->best_req[best]};
    bool same = z->run_on && z->run.state == k.state && z->run.req == k.req && z->run_c1 == z->col;
    if (!same) {
        lod_emit_run(z);
        z->run_on = true, z->run = k, z->run_c0 = z->col;
    }
    z->run_c1 = z->col + 1;
    z->col_on = false;
}

static void lod_add(lay_lod *z, const trc_seg *s, double x0, double x1)
{
    int64_t col = (int64_t)floor(x0);
    if (z->col_on && col != z->col)
        lod_flush_col(z);
    if (!z->col_on) {
        z->col_on = true, z->col = col, z->nseen = 0;
        for (int i = 0; i < TRC_STATE_COUNT; i++)
            z->w[i] = 0, z->best_w[i] = -1, z->best_req[i] = -1;
    }
    z->nseen++;
    if (s->state >= TRC_STATE_COUNT)
        return;
    z->w[s->state] += x1 - x0;
    if (x1 - x0 > z->best_w[s->state])
        z->best_w[s->state] = x1 - x0, z->best_req[s->state] = s->req;
}

static void lod_finish(lay_lod *z)
{
    lod_flush_col(z);
    lod_emit_run(z);
}

/* ---- Segments of one lane ---------------------------------------------------------------------- */

static double clampx(const lay_fr *f, double x)
{
    double lo = -X_MARGIN, hi = f->g->plot_w + X_MARGIN;
    return x < lo ? lo : x > hi ? hi : x;
}

static void wide_piece(lay_lod *z, const trc_seg *s, double x0, double x1)
{
    lod_flush_col(z);
    lod_emit_run(z);
    piece(z->f, z->lp, (trc_state)s->state, s->req, x0, x1);
    piece_label(z->f, z->lp, s, x0, x1);
}

/* Zoomed out on a lane of millions of segments, the jump to each column's first segment waits on
 * a few cache misses around its answer; a column holds about as many segments as the one before,
 * so the lines around that guess are asked for while the column is sampled (1M requests: about a
 * millisecond less of a whole run's layout, 9 ms). */
static void prefetch_around(const trc_seg *s, size_t n, size_t guess)
{
#if defined(__GNUC__)
    if (guess >= 8 && guess + 8 < n) {
        const char *p = (const char *)&s[guess] - 256;
        for (int k = 0; k < 9; k++)
            __builtin_prefetch(p + 64 * k);
    }
#else
    (void)s, (void)n, (void)guess;
#endif
}

static void draw_segments(const lay_fr *f, const lay_lane_px *lp)
{
    size_t n;
    const trc_seg *s = trc_lane_segs(f->t, lp->lane, &n);
    lay_lod z = {.f = f, .lp = lp};
    size_t i = trc_lane_first_after(f->t, lp->lane, f->tl), col_first = i, span = 0;
    while (i < n && s[i].t0 < f->tr) {
        int64_t end = s[i].t1 < f->tr ? s[i].t1 : f->tr;
        double x0 = clampx(f, lay_xrel(f->v, s[i].t0)), x1 = clampx(f, lay_xrel(f->v, end));
        if (x1 - x0 >= 1.0) {
            wide_piece(&z, &s[i], x0, x1);
            i++;
            continue;
        }
        lod_add(&z, &s[i], x0, x1);
        if (z.nseen == 1) {
            col_first = i;
            if (span > 8 * LOD_SCAN)
                prefetch_around(s, n, i + span);
        }
        i++;
        if (z.nseen >= LOD_SCAN) {   /* the rest of this column cannot change much: skip it */
            i = trc_lane_seg_after(f->t, lp->lane, i, lay_trel(f->v, (double)(z.col + 1)));
            span = i - col_first;
        }
    }
    lod_finish(&z);
}

/* Galloping first (1, 2, 4 ... ahead of lo), then binary search: the answer is usually a column's
 * worth of segments away, so this stays within a few cache lines of lo instead of striding the
 * whole lane. */
size_t lay_seg_after(const trc_seg *s, size_t lo, size_t n, int64_t ts)
{
    SL_ASSERT(lo <= n);
    size_t hi = lo, step = 1;
    while (hi < n && s[hi].t1 <= ts) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
    }
    hi = hi < n ? hi : n;
    SL_LOWER_BOUND(lo, hi, mid, s[mid].t1 <= ts);
    return lo;
}

/* ---- Markers of one lane ----------------------------------------------------------------------- */

/* Per-lane marker state while walking: where the last marker of each kind was drawn, right edge
 * of the last label. */
typedef struct {
    double last_x[TRC_MARK_KIND_COUNT];
    float label_right;
} lay_mk_walk;

/* Least distance in pixels between two drawn markers of a kind: closer ones are thinned, so that
 * ten thousand commutations in a pixel column stripe the bar instead of painting over it. */
static const float mark_gap[TRC_MARK_KIND_COUNT] = {
    [TRC_MK_AWAIT] = 4, [TRC_MK_RETURN] = 4, [TRC_MK_SPAWN] = 6,
    [TRC_MK_FAIL] = 8,  [TRC_MK_SWITCH] = 6, [TRC_MK_NOTE] = 6,
    [TRC_MK_TIMEOUT] = 8, [TRC_MK_DEADLOCK] = 4, [TRC_MK_ERROR] = 8,
};

static void arrow_mark(const lay_fr *f, const lay_lane_px *lp, float x, dl_color col, const char *text,
                       lay_mk_walk *w)
{
    float fs = f->fs;
    if (f->v->figure) {   /* the figures' big arrow down onto the lane, its word above it */
        float size = LAY_FIG_TEXT_MARK * fs, top = lp->y + size + 3 * fs;
        dl_push_arrow(f->out, x, top, x, lp->by - 1 * fs, 2.5f * fs, 8 * fs, f->th->fg, false);
        dl_push_text(f->out, x, top - 2 * fs, size, f->th->fg, DL_ANCHOR_BC, false, false, text, strlen(text));
        return;
    }
    dl_push_arrow(f->out, x, lp->y + 1 * fs, x, lp->by, 1.5f * fs, 5 * fs, col, false);
    float size = LAY_TEXT_SMALL * fs * 0.9f, tx = x + 3 * fs;
    float tw = lay_measure(f->m, text, strlen(text), size, false);
    if (tx + tw > f->g->plot_x + f->g->plot_w)   /* at the right edge (a deadlock ends the run): left of it */
        tx = x - 3 * fs - tw;
    if (tx < w->label_right + 3 * fs)
        return;
    dl_push_text(f->out, tx, lp->y + 5 * fs, size, col, DL_ANCHOR_ML, false, false, text, strlen(text));
    w->label_right = tx + tw;
}

/* A tick above the bar (seen on an idle core too) and a line across it, as in the course's
 * "commutations" figure. */
static void switch_mark(const lay_fr *f, const lay_lane_px *lp, float x, bool dim)
{
    float fs = f->fs;
    dl_push_line(f->out, x, lp->by - 3 * fs, x, lp->by, 1.0f, fade(f, f->th->fg, dim), 0, 0);
    dl_push_line(f->out, x, lp->by, x, lp->by + lp->bh, 1.5f * fs, f->th->switch_mark, 0, 0);
}

static void cross_mark(const lay_fr *f, const lay_lane_px *lp, float x, dl_color col)
{
    float r = 5 * f->fs, cy = lp->by + lp->bh / 2;
    dl_push_line(f->out, x - r, cy - r, x + r, cy + r, 2.5f * f->fs, col, 0, 0);
    dl_push_line(f->out, x - r, cy + r, x + r, cy - r, 2.5f * f->fs, col, 0, 0);
}

static void poly_mark(const lay_fr *f, float x, float y, dl_color col, bool diamond)
{
    float s = 4 * f->fs;
    float tri[6] = {x, y - s, x, y + s, x + 1.6f * s, y};
    float dia[8] = {x, y - s, x + s, y, x, y + s, x - s, y};
    dl_push_poly(f->out, diamond ? dia : tri, diamond ? 4 : 3, col);
}

/* Where a deadlock stopped the run: a thick bar across the lane and its label, in the failure colour. */
static void deadlock_mark(const lay_fr *f, const lay_lane_px *lp, float x, const char *text, lay_mk_walk *w)
{
    float fs = f->fs;
    dl_push_rect(f->out, x - 2 * fs, lp->by - 3 * fs, 4 * fs, lp->bh + 6 * fs, f->th->fail, 0, 0);
    arrow_mark(f, lp, x, f->th->fail, text, w);
}

static void one_mark(const lay_fr *f, const lay_lane_px *lp, const trc_mark *mk, float x, lay_mk_walk *w)
{
    bool dim = dimmed(f, mk->req);
    lay_lang lang = f->v->lang;
    switch (mk->kind) {
    case TRC_MK_AWAIT:
    case TRC_MK_RETURN:
        arrow_mark(f, lp, x, fade(f, f->th->marker, dim), lay_mark_str(lang, (trc_mark_kind)mk->kind), w);
        break;
    case TRC_MK_SPAWN:   /* the figures do not mark creations */
        if (!f->v->figure)
            poly_mark(f, x, lp->y + 6 * f->fs, fade(f, f->th->spawn, dim), false);
        break;
    case TRC_MK_FAIL: cross_mark(f, lp, x, fade(f, f->th->fail, dim)); break;
    case TRC_MK_SWITCH: switch_mark(f, lp, x, dim); break;
    case TRC_MK_NOTE: poly_mark(f, x, lp->y + 6 * f->fs, f->th->note, true); break;
    case TRC_MK_TIMEOUT:
    case TRC_MK_ERROR:
        arrow_mark(f, lp, x, fade(f, f->th->fail, dim), lay_mark_str(lang, (trc_mark_kind)mk->kind), w);
        break;
    case TRC_MK_DEADLOCK: deadlock_mark(f, lp, x, lay_mark_str(lang, TRC_MK_DEADLOCK), w); break;
    default: break;
    }
}

/* First position in idx[lo, hi) whose marker time is >= ts. */
static size_t mark_at_or_after(const trc *t, const uint32_t *idx, size_t lo, size_t hi, int64_t ts)
{
    SL_LOWER_BOUND(lo, hi, mid, t->marks[idx[mid]].t < ts);
    return lo;
}

static void draw_marks(const lay_fr *f, const lay_lane_px *lp)
{
    const uint32_t *idx = f->c->mark_idx;
    size_t hi = f->c->lane_mark_first[lp->lane + 1];
    int64_t margin = (int64_t)ceil(8 * f->fs * f->v->ns_per_px);
    size_t i = mark_at_or_after(f->t, idx, f->c->lane_mark_first[lp->lane], hi, f->tl - margin);
    lay_mk_walk w = {.label_right = -1e30f};
    for (int k = 0; k < TRC_MARK_KIND_COUNT; k++)
        w.last_x[k] = -1e300;
    int skipped = 0;
    for (; i < hi && f->t->marks[idx[i]].t <= f->tr; i++) {
        const trc_mark *mk = &f->t->marks[idx[i]];
        double x = lay_xrel(f->v, mk->t);
        if (mk->kind >= TRC_MARK_KIND_COUNT || x - w.last_x[mk->kind] < mark_gap[mk->kind] * f->fs) {
            if (++skipped >= MARK_SCAN && mk->kind < TRC_MARK_KIND_COUNT) {   /* crowded: jump the gap */
                double next = w.last_x[mk->kind] + mark_gap[mk->kind] * f->fs;
                i = mark_at_or_after(f->t, idx, i, hi, lay_trel(f->v, next > x + 1 ? next : x + 1)) - 1;
                skipped = 0;
            }
            continue;
        }
        skipped = 0;
        w.last_x[mk->kind] = x;
        one_mark(f, lp, mk, (float)(f->g->plot_x + x), &w);
    }
}

/* ---- Rows ------------------------------------------------------------------------------------- */

static lay_lane_px lane_px(const lay_fr *f, const lay_row *r)
{
    lay_lane_px lp;
    lp.lane = (uint32_t)r->lane;
    lp.y = lay_row_y(f->c, f->v, f->g, r);
    lp.by = lp.y + lay_bar_top(r) * lay_rfs(f->g);
    lp.bh = lay_bar_h(r) * lay_rfs(f->g);
    return lp;
}

void lay_for_visible_rows(const lay_fr *f, void (*fn)(const lay_fr *, const lay_row *, size_t))
{
    const lay_ctx *c = f->c;
    size_t r = lay_row_at_or_after(c, f->v->scroll_y / lay_rfs(f->g));
    for (; r < c->nrows; r++) {
        if (lay_row_y(c, f->v, f->g, &c->rows[r]) >= f->g->plot_y + f->g->plot_h)
            break;
        fn(f, &c->rows[r], r);
    }
}

static void row_band(const lay_fr *f, const lay_row *r, size_t i)
{
    const lay_geom *g = f->g;
    if (f->v->figure)   /* the figures have a white page */
        return;
    float y = lay_row_y(f->c, f->v, g, r), h = r->h * lay_rfs(g);
    if (r->kind == LAY_ROW_HEADER)
        dl_push_rect(f->out, g->plot_x, y, g->plot_w, h, f->th->header_bg, 0, 0);
    else if (i % 2)
        dl_push_rect(f->out, g->plot_x, y, g->plot_w, h, f->th->plot_bg_alt, 0, 0);
}

/* The lane's baseline, from t = 0 to the end of the run (or the playhead). */
static void baseline(const lay_fr *f, const lay_lane_px *lp)
{
    int64_t end = f->t->end < f->tr ? f->t->end : f->tr;
    double x0 = clampx(f, lay_xrel(f->v, 0)), x1 = clampx(f, lay_xrel(f->v, end));
    float y = lp->by + lp->bh;
    if (x1 > x0)
        dl_push_line(f->out, (float)(f->g->plot_x + x0), y, (float)(f->g->plot_x + x1), y, 1.0f,
                     f->th->lane_line, 0, 0);
}

static void row_content(const lay_fr *f, const lay_row *r, size_t i)
{
    if (r->kind == LAY_ROW_AGG)
        lay_agg_draw_row(f, r);
    if (r->kind != LAY_ROW_LANE)
        return;
    lay_lane_px lp = lane_px(f, r);
    baseline(f, &lp);
    draw_segments(f, &lp);
    draw_marks(f, &lp);
}

void lay_draw_rows(const lay_fr *f)
{
    lay_for_visible_rows(f, row_content);
}

/* ---- Messages --------------------------------------------------------------------------------- */

/* Cuts the segment (x0,y0)-(x1,y1) to the box [l, r] x [t, b]; false when nothing is left.
 * *cut_end says the end point moved (then the arrow has no head). */
static bool clip_seg(float *p, float l, float r, float t, float b, bool *cut_end)
{
    float u0 = 0, u1 = 1, dx = p[2] - p[0], dy = p[3] - p[1];
    float q[4][2] = {{-dx, p[0] - l}, {dx, r - p[0]}, {-dy, p[1] - t}, {dy, b - p[1]}};
    for (int k = 0; k < 4; k++) {
        if (q[k][0] == 0) {
            if (q[k][1] < 0)
                return false;
            continue;
        }
        float u = q[k][1] / q[k][0];
        if (q[k][0] < 0)
            u0 = u > u0 ? u : u0;
        else
            u1 = u < u1 ? u : u1;
    }
    if (u0 > u1)
        return false;
    *cut_end = u1 < 1;
    float x0 = p[0], y0 = p[1];
    p[0] = x0 + u0 * dx, p[1] = y0 + u0 * dy, p[2] = x0 + u1 * dx, p[3] = y0 + u1 * dy;
    return true;
}

/* Whether an arrow already left row rf in pixel column x0, or reached row rt in column x1 where
 * the last head at rt was drawn: zoomed out, thousands of calls collapse into one arrow per row
 * and column. *head: whether this one gets a head, which it does a head's width from the last
 * one at rt (closer, heads overlap into one band: a shaft costs a rectangle, a head seven
 * blended triangles, and a whole-run frame had 3 900 of them). */
static bool thinned(const lay_fr *f, int32_t rf, int32_t rt, float x0, float x1, bool *head)
{
    double lim = 1e15;   /* an end far off screen: any column there will do, but a defined one */
    int64_t c0 = (int64_t)floor(x0 < -lim ? -lim : x0 > lim ? lim : x0);
    int64_t c1 = (int64_t)floor(x1 < -lim ? -lim : x1 > lim ? lim : x1);
    int64_t *out = &f->c->row_scratch[2 * rf], *in = &f->c->row_scratch[2 * rt + 1];
    if (*out == c0 || *in == c1)
        return true;
    *out = c0;
    int64_t apart = (int64_t)ceilf(5 * f->fs);   /* a head is 4.8 wide */
    *head = *in == INT64_MIN || c1 - *in >= apart || *in - c1 >= apart;
    if (*head)
        *in = c1;
    return false;
}

/* The arrow's end points: from the bar edge facing the other lane to the other lane's bar. */
static void msg_points(const lay_fr *f, const trc_msg *m, int32_t rf, int32_t rt, float *p)
{
    const lay_ctx *c = f->c;
    float yf = lay_row_y(c, f->v, f->g, &c->rows[rf]), yt = lay_row_y(c, f->v, f->g, &c->rows[rt]);
    float top = LAY_BAR_TOP * lay_rfs(f->g), bot = (LAY_BAR_TOP + LAY_BAR_H) * lay_rfs(f->g);
    bool down = rt > rf;
    p[0] = (float)lay_x_of(f->v, f->g, m->t0), p[1] = yf + (down ? bot : top);
    p[2] = (float)lay_x_of(f->v, f->g, m->t1), p[3] = yt + (down ? top : bot);
    if (f->v->playhead_on && m->t1 > f->v->playhead) {   /* in flight: stop where it is now */
        double u = (double)(f->v->playhead - m->t0) / (double)(m->t1 - m->t0);
        p[2] = (float)(p[0] + u * (p[2] - p[0])), p[3] = (float)(p[1] + u * (p[3] - p[1]));
    }
}

typedef enum { MSG_OFF, MSG_THIN, MSG_DRAWN } msg_fate;

static bool row_shows(int32_t r, int32_t r0, int32_t r1)
{
    return r >= r0 && r < r1;
}

/* Rows [r0, r1) show in the plot (with a row's margin each side). An arrow is drawn when one of
 * its ends shows: with 100 000 lanes expanded, the calls between lanes scrolled off above and a
 * server below would otherwise paint the whole plot (thousands of lines, 50 ms a frame). MSG_OFF:
 * no end shows; MSG_THIN: off the plot or thinned. */
static msg_fate one_msg(const lay_fr *f, const trc_msg *m, int32_t r0, int32_t r1)
{
    int32_t rf = f->c->lane_row[m->from], rt = f->c->lane_row[m->to];
    if (rf < 0 || rt < 0 || (!row_shows(rf, r0, r1) && !row_shows(rt, r0, r1)))
        return MSG_OFF;
    float p[4];
    msg_points(f, m, rf, rt, p);
    const lay_geom *g = f->g;
    bool cut = false, head = true;
    float x0 = p[0], x1 = p[2];
    if (!clip_seg(p, g->plot_x - 50, g->plot_x + g->plot_w + 50, g->plot_y - 50, g->plot_y + g->plot_h + 50, &cut) ||
        thinned(f, rf, rt, x0, x1, &head))
        return MSG_THIN;
    bool dim = dimmed(f, m->req), sel = f->v->selected >= 0 && !dim;
    dl_color col = fade(f, m->req >= 0 ? req_color(f, m->req) : f->th->msg, dim);
    float w = (sel ? 2.5f : 1.25f) * f->fs;
    if (cut || (!head && !sel))
        dl_push_line(f->out, p[0], p[1], p[2], p[3], w, col, 0, 0);
    else
        dl_push_arrow(f->out, p[0], p[1], p[2], p[3], w, 6 * f->fs, col, false);
    return MSG_DRAWN;
}

/* First position in idx[lo, n) (messages by send time) whose message is sent at or after ts:
 * galloping from lo, as lay_seg_after does. */
static size_t msg_after(const trc *t, const uint32_t *idx, size_t lo, size_t n, int64_t ts)
{
    size_t hi = lo, step = 1;
    while (hi < n && t->msgs[idx[hi]].t0 < ts) {
        lo = hi + 1;
        hi = lo + step;
        step *= 2;
    }
    hi = hi < n ? hi : n;
    SL_LOWER_BOUND(lo, hi, mid, t->msgs[idx[mid]].t0 < ts);
    return lo;
}

/* The pixel column (relative to the plot) where a message is sent, kept within int64_t. */
static int64_t send_col(const lay_fr *f, const trc_msg *m)
{
    double x = floor(lay_xrel(f->v, m->t0)), lim = 1e15;
    return (int64_t)(x < -lim ? -lim : x > lim ? lim : x);
}

/* Draws the messages idx[0, n) (by send time) that fall in the frame. Level of detail: where
 * MSG_SCAN messages in a row were thinned in one send column, the rest of that column is jumped
 * over (zoomed out, 200 000 calls share 1 800 columns: a frame looks at a few in each, not at all
 * of them). lane >= 0: idx is that lane's list, in which a message from a row that shows is left
 * to its sender's list, so that no arrow is drawn twice. */
static void walk_msgs(const lay_fr *f, const uint32_t *idx, size_t n, int64_t lane, int32_t r0, int32_t r1)
{
    const trc *t = f->t;
    int64_t col = INT64_MIN;
    int thin = 0;
    for (size_t i = msg_after(t, idx, 0, n, f->tl - f->c->msg_maxdur); i < n;) {
        const trc_msg *m = &t->msgs[idx[i++]];
        if (m->t0 > f->tr)
            break;
        if (m->t1 < f->tl || m->from >= t->nlanes || m->to >= t->nlanes ||
            (lane >= 0 && m->from != (uint64_t)lane && row_shows(f->c->lane_row[m->from], r0, r1)))
            continue;
        int64_t c = send_col(f, m);
        if (c != col)
            col = c, thin = 0;
        if (one_msg(f, m, r0, r1) != MSG_THIN || ++thin < MSG_SCAN)
            continue;
        i = msg_after(t, idx, i, n, lay_trel(f->v, (double)(col + 1)));
        thin = 0;
    }
}

/* How many of idx[0, n) are sent within the frame's window (what walking them may cost). */
static size_t msgs_in_window(const lay_fr *f, const uint32_t *idx, size_t n)
{
    size_t lo = msg_after(f->t, idx, 0, n, f->tl - f->c->msg_maxdur);
    return msg_after(f->t, idx, lo, n, f->tr + 1) - lo;
}

/* The arrows come from the messages of the rows that show when those are fewer than the frame's
 * messages (100 000 lanes expanded: a screenful of them has a few hundred), else from all. */
void lay_draw_msgs(const lay_fr *f)
{
    lay_ctx *c = f->c;
    if (!f->v->show_msgs || c->t->nmsgs == 0)
        return;
    for (size_t r = 0; r < 2 * c->nrows; r++)
        c->row_scratch[r] = INT64_MIN;
    size_t top = lay_row_at_or_after(c, f->v->scroll_y / lay_rfs(f->g)), bot = top;
    while (bot < c->nrows && lay_row_y(c, f->v, f->g, &c->rows[bot]) < f->g->plot_y + f->g->plot_h)
        bot++;
    int32_t r0 = top > 0 ? (int32_t)top - 1 : 0, r1 = bot < c->nrows ? (int32_t)bot + 1 : (int32_t)c->nrows;
    size_t all = msgs_in_window(f, c->msg_shown, c->nmsg_shown), mine = 0;
    const uint32_t *idx;
    size_t n;
    for (int32_t r = r0; r < r1 && mine < all; r++) {
        if (c->rows[r].kind != LAY_ROW_LANE)
            continue;
        if (!lay_lane_msgs(c, (uint32_t)c->rows[r].lane, &idx, &n)) {
            mine = all;   /* no index (memory): every message, as before it existed */
            break;
        }
        mine += msgs_in_window(f, idx, n);
    }
    if (mine >= all) {
        walk_msgs(f, c->msg_shown, c->nmsg_shown, -1, r0, r1);
        return;
    }
    for (int32_t r = r0; r < r1; r++)
        if (c->rows[r].kind == LAY_ROW_LANE && lay_lane_msgs(c, (uint32_t)c->rows[r].lane, &idx, &n))
            walk_msgs(f, idx, n, c->rows[r].lane, r0, r1);
}

/* ---- The frame -------------------------------------------------------------------------------- */

void lay_draw_playhead(const lay_fr *f)
{
    const lay_geom *g = f->g;
    if (!f->v->playhead_on)
        return;
    double x = lay_x_of(f->v, g, f->v->playhead);
    if (x < g->plot_x - 1 || x > g->plot_x + g->plot_w + 1)
        return;
    float fx = (float)x, s = 5 * f->fs;
    dl_push_line(f->out, fx, 0, fx, g->plot_y + g->plot_h, 2.0f * f->fs, f->th->playhead, 0, 0);
    float tri[6] = {fx - s, g->axis_h - 1.6f * s, fx + s, g->axis_h - 1.6f * s, fx, g->axis_h};
    dl_push_poly(f->out, tri, 3, f->th->playhead);
    float size = LAY_TEXT_AXIS * f->fs, h = size + 6 * f->fs;   /* its time, over the tick labels */
    lay_draw_time_tag(f->out, f->m, f->th, f->th->playhead, f->fs, f->v->playhead, lay_px_precision(f->v),
                      f->v->lang, fx, g->axis_h - 1.6f * s - h / 2 - f->fs, 0, g->w);
}

static void draw_hover(const lay_fr *f)
{
    const lay_geom *g = f->g;
    const lay_view *v = f->v;
    if (!v->hover_on || v->hover_x < g->plot_x || v->hover_x > g->plot_x + g->plot_w)
        return;
    dl_push_line(f->out, v->hover_x, g->plot_y, v->hover_x, g->plot_y + g->plot_h, 1.0f, f->th->hover, 3, 3);
    lay_hit h;
    lay_hit_test(f->c, v, g, v->hover_x, v->hover_y, &h);
    float y, rh;
    if (!h.has_seg || !lay_lane_rect(f->c, v, g, h.seg.lane, &y, &rh))
        return;
    int64_t end = h.seg.start + h.seg.dur < f->tr ? h.seg.start + h.seg.dur : f->tr;
    double x0 = clampx(f, lay_xrel(v, h.seg.start)), x1 = clampx(f, lay_xrel(v, end));
    float w = x1 - x0 > 1 ? (float)(x1 - x0) : 1;
    dl_push_rect(f->out, (float)(g->plot_x + x0), y + LAY_BAR_TOP * lay_rfs(g) - 1, w, LAY_BAR_H * lay_rfs(g) + 2, 0,
                 f->th->hover, 2.0f * f->fs);
}

void lay_frame(lay_ctx *c, const lay_view *vin, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    lay_view sane = lay_view_sane(vin);
    const lay_view *v = &sane;
    const theme *th = theme_get(v->theme);
    dl_reset(out, g->w, g->h, th->bg);
    lay_rows_refresh(c);
    dl_list labels;   /* bar labels, drawn over the message arrows that cross their bars */
    dl_init(&labels);
    dl_push_clip(&labels, g->plot_x, g->plot_y, g->plot_w, g->plot_h);
    lay_fr f = {c, c->t, v, g, m, th, out, 0, 0, g->fs > 0 ? g->fs : 1.0f, &labels};
    f.tl = lay_trel(v, -X_MARGIN);
    f.tr = lay_trel(v, g->plot_w + X_MARGIN) + 1;
    if (v->playhead_on && v->playhead < f.tr)
        f.tr = v->playhead;
    int64_t step = lay_tick_step(v, g, m);
    dl_push_clip(out, g->plot_x, g->plot_y, g->plot_w, g->plot_h);
    lay_for_visible_rows(&f, row_band);
    if (!v->figure)
        lay_draw_grid(&f, step);
    lay_draw_rows(&f);
    lay_draw_notes(&f);
    lay_draw_msgs(&f);
    dl_append_shifted(out, &labels, 0, 0, g->w, g->h);
    dl_free(&labels);
    dl_push_clip(out, g->plot_x, g->plot_y, g->plot_w, g->plot_h);
    draw_hover(&f);
    lay_draw_labels(&f);
    lay_draw_axis(&f, step);
    lay_draw_hover_time(&f);
    lay_draw_playhead(&f);
    lay_draw_legend(&f);
}

/* ---- The timeline behind the view interface (view.h) ------------------------------------------ */

static void *tl_create(const view_src *src, sl_err *err)
{
    if (src->nruns < 1)
        return sl_fail(err, "schedlab: error: the timeline needs a run"), NULL;
    lay_ctx *c = malloc(sizeof *c);
    if (!c)
        return sl_fail(err, "schedlab: error: out of memory (timeline)"), NULL;
    if (!lay_init(c, src->runs[0].t, err)) {
        lay_free(c);
        free(c);
        return NULL;
    }
    return c;
}

static void tl_destroy(void *ctx)
{
    if (ctx)
        lay_free(ctx);
    free(ctx);
}

static lay_geom tl_geometry(void *ctx, const lay_view *v, float w, float h, const dl_measure *m)
{
    return lay_geometry(ctx, v, w, h, m);
}

/* As tall as the rows need: a trial layout gives the bands around the plot. */
static float tl_height(void *ctx, const lay_view *v, float w, const dl_measure *m)
{
    float h = 400;
    lay_geom g = lay_geometry(ctx, v, w, h, m);
    return h + (lay_content_height(ctx, v) - g.plot_h);
}

static int64_t tl_end(const void *ctx)
{
    return ((const lay_ctx *)ctx)->t->end;
}

/* Figure style: room on the right for the last "return" written over its arrow. */
static void tl_fit(void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end)
{
    lay_fit(v, g, v->figure ? end + end / 16 : end);
}

static void tl_frame(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    lay_frame(ctx, v, g, m, out);
}

/* Above the plot. */
static bool tl_in_axis(const void *ctx, const lay_geom *g, float x, float y)
{
    return x >= g->plot_x && x < g->plot_x + g->plot_w && y >= g->plot_y - g->axis_h && y < g->plot_y;
}

static bool tl_hit(void *ctx, const lay_view *v, const lay_geom *g, float x, float y, lay_seg_info *out)
{
    lay_hit hit;
    lay_hit_test(ctx, v, g, x, y, &hit);
    if (hit.has_seg)
        *out = hit.seg;
    return hit.has_seg;
}

static bool tl_next(void *ctx, int64_t after, int64_t *out)
{
    return lay_next_event(ctx, after, out);
}

static bool tl_prev(void *ctx, int64_t before, int64_t *out)
{
    return lay_prev_event(ctx, before, out);
}

const view_ops lay_timeline_ops = {
    .name = "timeline",
    .timed = true,
    .name_px = LAY_TEXT_LANE,
    .create = tl_create,
    .destroy = tl_destroy,
    .geometry = tl_geometry,
    .height = tl_height,
    .end = tl_end,
    .fit = tl_fit,
    .frame = tl_frame,
    .in_axis = tl_in_axis,
    .hit = tl_hit,
    .next_event = tl_next,
    .prev_event = tl_prev,
};
