/* ui_view.c — the window's screens behind one interface: the timeline (lay_frame), the course view
 * (lay_course_frame), the comparison of the four models (lay_compare_frame) and the sweep plot
 * (lay_sweep). Each timed screen gives the window a geometry with time along x (tgeom), so that
 * the keys and the mouse navigate them all with lay_fit, lay_zoom_at, lay_pan_px and lay_t_of. */
#include "ui_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_sweep.h"

/* lay_course.c draws a split bar at most this share of the column spacing wide, a plain bar this
 * share of it (see group_w and lay_course_bar_w there): what a click needs to find a bar's part. */
#define UI_COURSE_SPLIT_MAX 0.85f
#define UI_COURSE_BAR_SHARE 0.42f
#define UI_COURSE_BAR_MOST 109.0f   /* a plain bar's largest width (110 px at font scale 1) */

static void measure_window(ui *u)
{
    int ww, wh, ow, oh;
    SDL_GetWindowSize(u->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(u->ren, &ow, &oh) != 0 || ww <= 0)
        ow = ww, oh = wh;
    float mag = u->mag > 0 ? u->mag : 1;
    u->win_w = (float)(ww > 1 ? ww : 1) / mag;
    u->win_h = (float)(wh > 1 ? wh : 1) / mag;
    u->scale = (float)ow / (float)(ww > 1 ? ww : 1) * mag;
    u->out_w = ow;
    u->out_h = oh;
}

static lay_compare *compare_ctx(ui *u)
{
    return u->doc.cmp && u->doc.cmp->lc_ready ? &u->doc.cmp->lc : NULL;
}

int64_t ui_end(const ui *u)
{
    const ui_cmp *c = u->doc.cmp;
    int64_t e = u->screen == UI_SCREEN_COMPARE && c && c->lc_ready ? c->lc.end : u->doc.run->t.end;
    return e > 0 ? e : 1;
}

bool ui_view_timed(const ui *u)
{
    return u->screen != UI_SCREEN_SWEEP;
}

bool ui_view_single(const ui *u)
{
    return u->screen == UI_SCREEN_MAIN;
}

/* The area above the status bar, and the status band, as the timeline would lay them out. */
static lay_geom screen_geom(ui *u)
{
    lay_geom g = lay_geometry(&u->doc.run->lay, &u->view, u->win_w, u->win_h, &u->meas);
    g.label_w = g.axis_h = g.legend_h = 0;
    g.plot_x = g.plot_y = 0;
    g.plot_w = g.w;
    g.plot_h = g.status_y > 1 ? g.status_y : 1;
    g.legend_y = g.status_y;
    return g;
}

/* The screen's context, built when missing; on failure the window falls back to the timeline
 * (or drops the comparison) and says why. */
static lay_course *course_ctx(ui *u)
{
    sl_err err = {0};
    lay_course *c = ui_doc_course(&u->doc, &err);
    if (!c) {
        u->course = false;
        ui_note(u, "%s", err.set ? err.msg : "schedlab: error: out of memory");
        return NULL;
    }
    c->opts.notes = u->notes;
    return c;
}

/* NULL while the comparison is simulated (the screen says so) or when it failed (the window is
 * back on the run, the note says why). */
static lay_compare *compare_build(ui *u)
{
    sl_err err = {0};
    lay_compare *c = ui_doc_compare(&u->doc, &err);
    if (!c) {
        if (err.set) {
            u->screen = UI_SCREEN_MAIN;
            ui_note(u, "%s", err.msg);
        }
        return NULL;
    }
    c->style = u->course ? LAY_COMPARE_COURSE : LAY_COMPARE_TIMELINE;
    c->notes = u->notes;
    return c;
}

static void geometry(ui *u)
{
    lay_view *v = &u->view;
    lay_course *cv;
    lay_compare *cmp;
    if (u->screen == UI_SCREEN_COMPARE && (cmp = compare_build(u))) {
        u->geom = u->tgeom = screen_geom(u);
        u->tgeom.plot_w = lay_compare_time_len(cmp, v, u->win_w, u->geom.plot_h, &u->meas);
    } else if (u->screen == UI_SCREEN_SWEEP || u->screen == UI_SCREEN_COMPARE) {
        u->geom = u->tgeom = screen_geom(u);   /* the sweep, or the comparison while it simulates */
    } else if (u->course && (cv = course_ctx(u))) {
        u->geom = lay_course_geometry(cv, v, u->win_w, u->win_h, &u->meas);
        u->tgeom = lay_course_time_geom(&u->geom);
    } else {
        u->geom = u->tgeom = lay_geometry(&u->doc.run->lay, v, u->win_w, u->win_h, &u->meas);
    }
}

void ui_fit(ui *u)
{
    lay_compare *cmp = compare_ctx(u);
    if (u->screen == UI_SCREEN_COMPARE && cmp)
        lay_compare_fit(cmp, &u->view, u->win_w, u->geom.plot_h, &u->meas);
    else if (u->screen == UI_SCREEN_MAIN && u->course)
        lay_course_fit(&u->view, &u->geom, ui_end(u));
    else if (u->screen == UI_SCREEN_MAIN)
        lay_fit(&u->view, &u->geom, ui_end(u));
}

void ui_view_prepare(ui *u)
{
    measure_window(u);
    geometry(u);
    if (u->fit)
        ui_fit(u);
    if (u->screen == UI_SCREEN_MAIN && !u->course)
        lay_scroll(&u->doc.run->lay, &u->view, &u->geom, 0);   /* back in range after a resize or a fold */
}

void ui_view_switch(ui *u, ui_screen screen, bool course)
{
    lay_view *v = &u->view;
    bool timed = ui_view_timed(u);
    int64_t a = lay_t_of(v, &u->tgeom, u->tgeom.plot_x), b = lay_t_of(v, &u->tgeom, u->tgeom.plot_x + u->tgeom.plot_w);
    u->screen = screen;
    u->course = course;
    ui_view_prepare(u);
    /* The same span of time across the new time axis, whatever its length and direction. */
    if (!u->fit && timed && ui_view_timed(u) && b > a) {
        v->t0 = a;
        v->t0_frac = 0;
        v->ns_per_px = (double)(b - a) / (double)(u->tgeom.plot_w > 1 ? u->tgeom.plot_w : 1);
        if (v->ns_per_px < LAY_MIN_NS_PER_PX)
            v->ns_per_px = LAY_MIN_NS_PER_PX;
    }
    u->dirty = true;
}

/* ---- Drawing ------------------------------------------------------------------------------- */

/* A line of text in the middle of the plot area (the sweep while it computes, or why it cannot). */
static void message(ui *u, const char *text)
{
    const theme *th = theme_get(u->view.theme);
    float fs = u->view.font_scale;
    dl_reset(&u->dl, u->win_w, u->win_h, th->bg);
    dl_push_text(&u->dl, u->win_w / 2, u->geom.plot_h / 2, 16 * fs, th->fg_dim, DL_ANCHOR_MC, false, false, text,
                 strlen(text));
}

static void sweep_draw(ui *u)
{
    uint64_t gen;
    size_t done, total;
    char buf[640];
    ui_sweep_state st = ui_sweep_status(u->sweep, &gen, &done, &total);
    const swp_result *r = ui_sweep_result(u->sweep);
    const scn *s = &u->doc.run->s;
    if (ui_doc_repeat(&u->doc) == 0) {
        message(u, ui_tr(u, UI_S_SWEEP_NEEDS_REPEAT));
    } else if (st == UI_SWEEP_DONE && gen == u->doc.gen && r) {
        lay_sweep(r, s->cfg.title >= 0 ? scn_str(s, s->cfg.title) : NULL, u->view.theme, u->view.lang, u->win_w,
                  u->geom.plot_h, u->view.font_scale, &u->meas, &u->dl);
    } else if (st == UI_SWEEP_FAILED && gen == u->doc.gen) {
        snprintf(buf, sizeof buf, ui_tr(u, UI_S_SWEEP_FAILED), ui_sweep_error(u->sweep));
        message(u, buf);
    } else {
        snprintf(buf, sizeof buf, ui_tr(u, UI_S_SWEEP_COMPUTING), done, total);
        message(u, buf);
    }
}

void ui_view_draw(ui *u)
{
    lay_compare *cmp = compare_ctx(u);
    if (u->screen == UI_SCREEN_COMPARE && cmp)
        lay_compare_frame(cmp, &u->view, u->win_w, u->geom.plot_h, &u->meas, &u->dl);
    else if (u->screen == UI_SCREEN_COMPARE)
        message(u, ui_tr(u, UI_S_SIMULATING_MODELS));
    else if (u->screen == UI_SCREEN_SWEEP)
        sweep_draw(u);
    else if (u->course && u->doc.run->course_ready)
        lay_course_frame(&u->doc.run->course, &u->view, &u->geom, &u->meas, &u->dl);
    else
        lay_frame(&u->doc.run->lay, &u->view, &u->geom, &u->meas, &u->dl);
    u->dl.height = u->win_h;   /* the status bar goes under what the screen laid out */
}

#define UI_EMPTY_STATUS_H 22.0f   /* the status band's height at font scale 1, as the layout's */

void ui_view_empty(ui *u)
{
    measure_window(u);
    lay_geom g = {0};
    float fs = u->view.font_scale > 0 ? u->view.font_scale : 1;
    g.w = u->win_w, g.h = u->win_h, g.fs = fs;
    g.status_h = UI_EMPTY_STATUS_H * fs;
    g.status_y = g.h - g.status_h > 0 ? g.h - g.status_h : 0;
    g.plot_w = g.w;
    g.plot_h = g.status_y > 1 ? g.status_y : 1;
    g.legend_y = g.status_y;
    u->geom = u->tgeom = g;
    message(u, u->doc.error_on ? "" : ui_tr(u, UI_S_SIMULATING_FIRST));
    u->dl.height = u->win_h;
}

/* ---- Pointing ------------------------------------------------------------------------------ */

float ui_view_along(const ui *u, float x, float y)
{
    return u->screen == UI_SCREEN_MAIN && u->course ? y : x;
}

bool ui_view_in_plot(const ui *u, float x, float y)
{
    const lay_geom *g = &u->geom;
    return x >= g->plot_x && x < g->plot_x + g->plot_w && y >= g->plot_y && y < g->plot_y + g->plot_h;
}

/* The band of time labels: above the timeline's plot, left of the course view's. */
bool ui_view_in_axis(const ui *u, float x, float y)
{
    const lay_geom *g = &u->geom;
    if (u->screen != UI_SCREEN_MAIN)
        return false;
    if (u->course)
        return x >= 0 && x < g->plot_x && y >= g->plot_y && y < g->plot_y + g->plot_h;
    return x >= g->plot_x && x < g->plot_x + g->plot_w && y >= g->plot_y - g->axis_h && y < g->plot_y;
}

/* The spacing of the course view's columns: from two columns' places, else from the bar width
 * (a plain bar is a fixed share of the spacing until it reaches its largest width; past that a
 * lone column has the whole plot). lay_course.h has no hit test: this follows lay_course.c. */
static float course_spacing(const lay_course *c, const lay_geom *g)
{
    for (uint32_t i = 1; i < c->ncols; i++)
        if (c->cols[i].slot != c->cols[0].slot)
            return fabsf(lay_course_col_x(c, g, i) - lay_course_col_x(c, g, 0)) /
                   (float)abs(c->cols[i].slot - c->cols[0].slot);
    float bw = lay_course_bar_w(c, g);
    return bw < UI_COURSE_BAR_MOST * g->fs ? bw / UI_COURSE_BAR_SHARE : g->plot_w;
}

static float course_group_w(const lay_course *c, const lay_geom *g, const lay_burst_group *gr, float sp)
{
    float bw = lay_course_bar_w(c, g), w = bw * (float)(gr->nsub > 1 ? gr->nsub : 1);
    float most = UI_COURSE_SPLIT_MAX * sp;
    w = w > most ? most : w;
    return w > bw ? w : bw;
}

/* The burst of column col under (x, t), slack ns of time around it (bars have a least height). */
static const lay_burst *course_burst(const lay_course *c, const lay_geom *g, uint32_t col, float x, int64_t t,
                                     int64_t slack, float sp)
{
    uint32_t gi = lay_course_group_after(c, col, t - slack);
    const lay_course_col *cc = &c->cols[col];
    if (gi >= cc->group_first + cc->group_count || gi >= c->ngroups || c->groups[gi].t0 > t + slack)
        return NULL;
    const lay_burst_group *gr = &c->groups[gi];
    float gw = course_group_w(c, g, gr, sp), left = lay_course_col_x(c, g, col) - gw / 2;
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

static bool course_seg_at(ui *u, float x, float y, lay_seg_info *out)
{
    const lay_course *c = &u->doc.run->course;
    const trc *t = &u->doc.run->t;
    const lay_geom *g = &u->geom;
    int64_t at = lay_t_of(&u->view, &u->tgeom, y), slack = (int64_t)(2 * u->view.font_scale * u->view.ns_per_px);
    float sp = course_spacing(c, g);
    for (uint32_t col = 0; col < c->ncols; col++) {
        const lay_burst *b = course_burst(c, g, col, x, at, slack, sp);
        if (!b)
            continue;
        size_t n;
        const trc_seg *segs = trc_lane_segs(t, b->lane, &n);
        const trc_seg *s = &segs[b->seg_first < n ? b->seg_first : 0];
        *out = (lay_seg_info){(size_t)(s - t->segs), b->lane, (trc_state)s->state, b->req, trc_seg_label(t, s),
                              b->t0, b->t1 - b->t0};
        return true;
    }
    return false;
}

bool ui_view_seg_at(ui *u, float x, float y, lay_seg_info *out)
{
    lay_hit hit;
    if (u->screen != UI_SCREEN_MAIN || !ui_view_in_plot(u, x, y))
        return false;
    if (u->course)
        return u->doc.run->course_ready && course_seg_at(u, x, y, out);
    lay_hit_test(&u->doc.run->lay, &u->view, &u->geom, x, y, &hit);
    if (!hit.has_seg)
        return false;
    *out = hit.seg;
    return true;
}

/* ---- The sweep ----------------------------------------------------------------------------- */

void ui_view_sweep(ui *u)
{
    sl_err err = {0};
    uint64_t gen;
    size_t done, total;
    ui_sweep_state st = ui_sweep_status(u->sweep, &gen, &done, &total);
    if (!u->sweep || ui_doc_repeat(&u->doc) == 0 || (gen == u->doc.gen && st != UI_SWEEP_NONE))
        return;
    if (!ui_sweep_request(u->sweep, &u->doc.run->s, u->doc.gen, &err))
        ui_note(u, "%s", err.msg);
    u->dirty = true;
}
