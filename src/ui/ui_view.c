/* ui_view.c — the window's screens through the one view interface (view.h): the timeline, the
 * course view, the comparison of the four models and the sweep plot. This file only picks the
 * screen's view and context and dispatches; each timed view gives the window a geometry with time
 * along x (tgeom), so that the keys and the mouse navigate them all with lay_fit, lay_zoom_at,
 * lay_pan_px and lay_t_of. */
#include "ui_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lay_sweep.h"

#define UI_ROOM_W 960.0f    /* a window up to this size shows text at its designed size ... */
#define UI_ROOM_H 540.0f    /* ... and larger ones magnify it with their smaller ratio to it */
#define UI_ROOM_MAX 3.0f    /* the most the window's size magnifies (36 px lane names) */
#define UI_LECTURE_ROOM 1.25f   /* lecture mode: this much more, and at least UI_LECTURE_MAG */

/* Window points per layout point: the text follows the window (1920 x 1080: twice the designed
 * size, lane names 24 px and bar labels 20 px), lecture mode larger still. */
static float room_mag(const ui *u, int ww, int wh)
{
    float m = fminf((float)ww / UI_ROOM_W, (float)wh / UI_ROOM_H);
    m = m < 1 ? 1 : m > UI_ROOM_MAX ? UI_ROOM_MAX : m;
    if (u->lecture)
        m = fmaxf(UI_LECTURE_MAG, m * UI_LECTURE_ROOM);
    return m;
}

static void measure_window(ui *u)
{
    int ww, wh, ow, oh;
    SDL_GetWindowSize(u->win, &ww, &wh);
    if (SDL_GetRendererOutputSize(u->ren, &ow, &oh) != 0 || ww <= 0)
        ow = ww, oh = wh;
    float mag = u->mag = room_mag(u, ww, wh);
    u->win_w = (float)(ww > 1 ? ww : 1) / mag;
    u->win_h = (float)(wh > 1 ? wh : 1) / mag;
    u->scale = (float)ow / (float)(ww > 1 ? ww : 1) * mag;
    u->out_w = ow;
    u->out_h = oh;
}

/* ---- Which view each screen shows ------------------------------------------------------------ */

/* The contexts the window keeps for its views (NULL while not ready: the screen shows the run's
 * timeline); sw is the sweep plot's, whose result sweep_draw fills in. */
static void *timeline_ctx(const ui *u, lay_sweep_src *sw)
{
    return &u->doc.run->lay;
}

static void *course_ctx(const ui *u, lay_sweep_src *sw)
{
    return u->doc.run->course_ready ? &u->doc.run->course : NULL;
}

static void *compare_ctx(const ui *u, lay_sweep_src *sw)
{
    return u->doc.cmp && u->doc.cmp->lc_ready ? &u->doc.cmp->lc : NULL;
}

static void *sweep_ctx(const ui *u, lay_sweep_src *sw)
{
    return sw;
}

static void *real_ctx(const ui *u, lay_sweep_src *sw)
{
    return ui_real_compare(u->real);
}

/* The screens, first match: a screen (with the course view on or off, -1: either) shows a view in
 * a context the window keeps (ctx) or, with ctx NULL, one made through the view's create from the
 * run (generic_build). Adding a view to the window: a row here and a way to reach its screen (a key,
 * docs/architecture.md). */
typedef struct {   // NOLINT(clang-analyzer-optin.performance.Padding): a few rows, read in this order
    ui_screen screen;
    int course;
    view_id view;
    void *(*ctx)(const ui *u, lay_sweep_src *sw);
    bool schematic;   /* its figure is the whole run in uniform bars (the course view's) */
    const char *name; /* in picture file names; NULL: the view's */
} ui_screen_view;

static const ui_screen_view ui_screens[] = {
    {UI_SCREEN_COMPARE, -1, VIEW_COMPARE, compare_ctx, false, NULL},
    {UI_SCREEN_REAL, -1, VIEW_COMPARE, real_ctx, false, "real"},   /* measured above simulated */
    {UI_SCREEN_SWEEP, -1, VIEW_SWEEP, sweep_ctx, false, NULL},
    {UI_SCREEN_MAIN, 1, VIEW_COURSE, course_ctx, true, NULL},
    {UI_SCREEN_MAIN, 0, VIEW_TIMELINE, timeline_ctx, false, NULL},
};

static const ui_screen_view *screen_row(const ui *u)
{
    size_t n = sizeof ui_screens / sizeof ui_screens[0];
    for (size_t k = 0; k < n; k++)
        if (ui_screens[k].screen == u->screen && (ui_screens[k].course < 0 || ui_screens[k].course == u->course))
            return &ui_screens[k];
    return &ui_screens[n - 1];
}

const char *ui_view_name(const ui *u)
{
    const ui_screen_view *row = screen_row(u);
    return row->name ? row->name : view_get(row->view)->name;
}

/* The view the screen shows when it is ready. */
static const view_ops *screen_view(const ui *u)
{
    return view_get(screen_row(u)->view);
}

/* A view the window keeps no context for: made from the run through its create, again for each
 * new run; NULL (the timeline is shown) when it cannot be, with a note saying why. */
static void generic_build(ui *u, view_id id)
{
    if (u->view_ctx_gen[id] == u->doc.gen + 1)   /* made (or failed, said once) for this run */
        return;
    const view_ops *ops = view_get(id);
    if (u->view_ctx[id])
        ops->destroy(u->view_ctx[id]);
    const scn *s = &u->doc.run->s;
    const view_run run = {&u->doc.run->t, &u->doc.run->m, (scn_model)s->cfg.model, NULL};
    const view_src src = {.runs = &run, .nruns = 1, .status = true, .notes = u->notes, .stacked = !u->course};
    sl_err err = {0};
    u->view_ctx[id] = ops->create(&src, &err);
    u->view_ctx_gen[id] = u->doc.gen + 1;
    if (!u->view_ctx[id])
        ui_note(u, "%s", err.set ? err.msg : "schedlab: error: out of memory");
}

void ui_view_free(ui *u)
{
    for (int id = 0; id < VIEW_COUNT; id++)
        if (u->view_ctx[id])
            view_get((view_id)id)->destroy(u->view_ctx[id]);
}

/* The screen's view and its context (built by geometry()), or the run's timeline while it is not
 * ready. */
static const view_ops *current(const ui *u, void **ctx, lay_sweep_src *sw)
{
    const ui_screen_view *row = screen_row(u);
    *sw = (lay_sweep_src){NULL, NULL, true};
    *ctx = row->ctx ? row->ctx(u, sw) : u->view_ctx[row->view];
    if (*ctx)
        return view_get(row->view);
    return *ctx = timeline_ctx(u, sw), view_get(VIEW_TIMELINE);
}

int64_t ui_end(const ui *u)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    int64_t e = ops->end ? ops->end(ctx) : u->doc.run->t.end;
    return e > 0 ? e : 1;
}

bool ui_view_timed(const ui *u)
{
    void *ctx;
    lay_sweep_src sw;
    return current(u, &ctx, &sw)->timed;
}

/* From the screen's own view, ready or not (the comparison is not single while it simulates). */
bool ui_view_single(const ui *u)
{
    const view_ops *ops = screen_view(u);
    return ops->timed && !ops->all_models;
}

/* The screen's context, built when missing; on failure the window falls back to the timeline
 * (or drops the comparison) and says why. */
static void course_build(ui *u)
{
    sl_err err = {0};
    lay_course *c = ui_doc_course(&u->doc, &err);
    if (!c) {
        u->course = false;
        ui_note(u, "%s", err.set ? err.msg : "schedlab: error: out of memory");
        return;
    }
    c->opts.notes = u->notes;
}

/* Asks for the comparison: while it is simulated the window keeps showing the run (the status
 * bar says so); when it failed the window is back on the run and the note says why. */
static void compare_build(ui *u)
{
    sl_err err = {0};
    lay_compare *c = ui_doc_compare(&u->doc, &err);
    if (!c) {
        if (err.set) {
            u->screen = UI_SCREEN_MAIN;
            ui_note(u, "%s", err.msg);
        }
        return;
    }
    c->style = u->course ? LAY_COMPARE_COURSE : LAY_COMPARE_TIMELINE;
    c->notes = u->notes;
    c->status = true;
}

/* The real run's comparison in the window's style (measured above simulated); none: the run. */
static void real_build(ui *u)
{
    lay_compare *c = ui_real_compare(u->real);
    if (!c) {
        u->screen = UI_SCREEN_MAIN;
        return;
    }
    c->style = u->course ? LAY_COMPARE_COURSE : LAY_COMPARE_TIMELINE;
    c->notes = u->notes;
    c->status = true;
}

static void geometry(ui *u)
{
    void *ctx;
    lay_sweep_src sw;
    if (u->screen == UI_SCREEN_COMPARE)
        compare_build(u);
    if (u->screen == UI_SCREEN_MAIN && u->course)
        course_build(u);
    if (u->screen == UI_SCREEN_REAL)
        real_build(u);
    if (!screen_row(u)->ctx)
        generic_build(u, screen_row(u)->view);
    const view_ops *ops = current(u, &ctx, &sw);
    u->geom = ops->geometry(ctx, &u->view, u->win_w, u->win_h, &u->meas);
    u->tgeom = view_time_geom(ops, ctx, &u->view, &u->geom, &u->meas);
}

void ui_fit(ui *u)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    view_fit(ops, ctx, &u->view, &u->geom, &u->meas, ui_end(u));
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
    bool timed = ui_view_timed(u);
    int64_t a = lay_t_of(&u->view, &u->tgeom, u->tgeom.plot_x);
    int64_t b = lay_t_of(&u->view, &u->tgeom, u->tgeom.plot_x + u->tgeom.plot_w);
    u->screen = screen;
    u->course = course;
    ui_view_prepare(u);
    /* The same span of time across the new time axis, whatever its length and direction. */
    if (!u->fit && timed && ui_view_timed(u))
        lay_show_span(&u->view, &u->tgeom, a, b);
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

static void sweep_draw(ui *u, lay_sweep_src *sw)
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
        *sw = (lay_sweep_src){r, s->cfg.title >= 0 ? scn_str(s, s->cfg.title) : NULL, true};
        view_get(VIEW_SWEEP)->frame(sw, &u->view, &u->geom, &u->meas, &u->dl);
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
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    if (ops == view_get(VIEW_SWEEP))   /* its result comes from the sweep's worker */
        sweep_draw(u, &sw);
    else
        ops->frame(ctx, &u->view, &u->geom, &u->meas, &u->dl);
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

/* Figure style: names this share of the width, as `render --style figure` (cli_fig.h's
 * CLI_FIG_TEXT). */
#define UI_FIG_TEXT 0.036f

bool ui_view_figure(ui *u, dl_list *out)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    if (ops == view_get(VIEW_SWEEP))
        return false;
    lay_view v = u->view;
    v.figure = true, v.status_off = true, v.show_legend = false, v.hover_on = false, v.playhead_on = false;
    v.guides = LAY_GUIDES_OFF;
    bool course = ops == screen_view(u) && screen_row(u)->schematic;
    float names = ops->name_px;
    if (names > 0)
        v.font_scale = UI_FIG_TEXT * u->win_w / names > 1 ? UI_FIG_TEXT * u->win_w / names : 1;
    v.bars = course ? LAY_BARS_UNIFORM : LAY_BARS_TIME;
    v.scroll_y = 0;
    lay_geom g = ops->geometry(ctx, &v, u->win_w, u->win_h, &u->meas);
    if (course) {   /* schematic time has no span to keep: the whole run */
        view_fit(ops, ctx, &v, &g, &u->meas, ui_end(u));
    } else {
        int64_t a, b;
        view_span(ops, ctx, &u->view, &u->geom, &u->meas, &a, &b);
        view_show_span(ops, ctx, &v, &g, &u->meas, a, b);
    }
    ops->frame(ctx, &v, &g, &u->meas, out);
    /* The window's own layout again (the timeline's rows follow the view state). */
    u->geom = ops->geometry(ctx, &u->view, u->win_w, u->win_h, &u->meas);
    return true;
}

/* ---- Pointing ------------------------------------------------------------------------------ */

float ui_view_along(const ui *u, float x, float y)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    return ops->time_down && ops->time_down(ctx) ? y : x;
}

bool ui_view_in_plot(const ui *u, float x, float y)
{
    const lay_geom *g = &u->geom;
    return x >= g->plot_x && x < g->plot_x + g->plot_w && y >= g->plot_y && y < g->plot_y + g->plot_h;
}

bool ui_view_in_axis(const ui *u, float x, float y)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    return ops->in_axis && ops->in_axis(ctx, &u->geom, x, y);
}

bool ui_view_seg_at(ui *u, float x, float y, lay_seg_info *out)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    return ops->hit && ui_view_in_plot(u, x, y) && ops->hit(ctx, &u->view, &u->geom, x, y, out);
}

bool ui_view_tip(ui *u, float x, float y, char *buf, size_t n)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    return ops->tip && ops->tip(ctx, &u->view, &u->geom, &u->meas, x, y, buf, n);
}

bool ui_view_step(ui *u, int dir, int64_t from, int64_t *t)
{
    void *ctx;
    lay_sweep_src sw;
    const view_ops *ops = current(u, &ctx, &sw);
    bool (*step)(void *, int64_t, int64_t *) = dir > 0 ? ops->next_event : ops->prev_event;
    return step && step(ctx, from, t);
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
