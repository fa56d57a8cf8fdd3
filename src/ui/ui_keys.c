/* ui_keys.c — the one key table: it drives the dispatch of key presses and generates the help
 * overlay, so the help cannot go stale. Characters come from SDL_TEXTINPUT (layout-independent:
 * `?` is whatever key types a `?`), other keys and Ctrl combinations from SDL_KEYDOWN. */
#include "ui_int.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

enum { UI_TXT = 1, UI_SYM = 2 };                       /* trigger kinds */
enum { UI_M_CTRL = 1, UI_M_SHIFT = 2, UI_M_ALT = 4 };  /* modifiers a UI_SYM trigger needs */

typedef struct {
    uint8_t kind, mods;
    int32_t code;          /* UI_TXT: an ASCII character; UI_SYM: an SDL_Keycode */
} ui_trig;

typedef void (*ui_action)(ui *u, int arg);

/* A row of the table: a key with its help line, the second half of a row ("k / K": no line of its
 * own), or a section title of the help. */
enum { UI_ROW_KEY, UI_ROW_FOLD, UI_ROW_TITLE };

typedef struct {
    const char *keys;      /* UI_ROW_KEY: as help shows them (ui_key_names translates some) */
    ui_str_key help;       /* UI_ROW_KEY: what they do; UI_ROW_TITLE: the title */
    uint8_t row;
    ui_trig on[5];
    ui_action fn;          /* NULL: help only (mouse gestures) */
    int arg;
} ui_key;

#define TX(c) {UI_TXT, 0, (c)}
#define SY(k, m) {UI_SYM, (m), (k)}
#define TITLE(k) {NULL, UI_S_SEC_##k, UI_ROW_TITLE, {{0}}, NULL, 0}
#define KEY(keys, k) (keys), UI_S_DO_##k, UI_ROW_KEY
#define FOLD NULL, UI_S_COUNT, UI_ROW_FOLD

/* ---- Actions --------------------------------------------------------------------------- */

static void changed(ui *u)
{
    u->dirty = true;
}

/* Moves the time axis by dx pixels (content follows: dx > 0 shows earlier times). */
static void pan(ui *u, double dx)
{
    if (!ui_view_timed(u))
        return;
    lay_pan_px(&u->view, dx);
    u->fit = false;
    changed(u);
}

/* With the playhead paused on one run, Left/Right step through events; otherwise they pan. */
static void act_pan_or_step(ui *u, int dir)
{
    lay_view *v = &u->view;
    int64_t t;
    if (!v->playhead_on || u->playing || !ui_view_single(u)) {
        pan(u, -dir * 0.1 * u->tgeom.plot_w);
        return;
    }
    int why = ui_why_step(u, dir, &t);   /* the decisions first (narration), else the events */
    if (why == 0 || (why < 0 && !ui_view_step(u, dir, v->playhead, &t))) {
        ui_note(u, "%s", ui_tr(u, dir > 0 ? UI_S_NO_EVENT_LATER : UI_S_NO_EVENT_EARLIER));
        return;
    }
    v->playhead = t;
    u->ph_exact = (double)t;
    ui_follow_playhead(u);
    changed(u);
}

/* Up/Down scroll the timeline's lanes; where time runs down (course views) they move in time. */
static void act_scroll(ui *u, int dir)
{
    float step = (float)dir * 40.0f * u->view.font_scale;
    if (u->screen == UI_SCREEN_MAIN && !u->course) {
        lay_scroll(&u->doc.run->lay, &u->view, &u->geom, step);
        changed(u);
    } else if (u->course) {
        pan(u, -step);
    }
}

static void act_zoom(ui *u, int dir)
{
    const lay_geom *g = &u->tgeom;
    if (!ui_view_timed(u))
        return;
    lay_zoom_at(&u->view, g, g->plot_x + g->plot_w / 2, dir > 0 ? 1.5 : 1 / 1.5, ui_end(u));
    u->fit = false;
    changed(u);
}

static void act_fit(ui *u, int arg)
{
    ui_fit(u);
    u->fit = true;
    changed(u);
}

static void act_escape(ui *u, int arg)
{
    if (ui_doc_busy(&u->doc))
        ui_doc_cancel(&u->doc);   /* the worker's event says "simulation stopped" */
    else if (u->help_on)
        u->help_on = false;
    else if (u->view.selected >= 0)
        u->view.selected = -1;
    else if (u->view.playhead_on)
        u->view.playhead_on = u->playing = false;
    else if (u->screen != UI_SCREEN_MAIN)
        ui_view_switch(u, UI_SCREEN_MAIN, u->course);
    changed(u);
}

/* Re-simulates with k on the worker (cancelling a simulation still running); the run shows when
 * it is done, keeping the view's time window unless it fits the whole run (ui_work_event). */
static void resimulate(ui *u, const ui_knobs *k)
{
    sl_err err = {0};
    if (!ui_doc_apply(&u->doc, k, &err))
        ui_note(u, "%s", err.set ? err.msg : "the simulation failed");
    u->dirty = true;
}

static void act_model(ui *u, int m)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    k.model_on = true;
    k.model = (uint8_t)m;
    resimulate(u, &k);
}

static void act_cores(ui *u, int dir)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    uint32_t c = ui_doc_cfg(&u->doc)->cores;
    if (dir < 0 && c <= 1) {
        ui_note(u, "%s", ui_tr(u, UI_S_LEAST_CORE));
        return;
    }
    k.cores_on = true;
    k.cores = dir < 0 ? c - 1 : c + 1;
    resimulate(u, &k);
}

#define UI_SLICE_MIN SL_NS_PER_US
#define UI_SLICE_MAX (10 * SL_NS_PER_S)

static void act_slice(ui *u, int dir)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    int64_t s = ui_doc_cfg(&u->doc)->timeslice;
    int64_t n = dir < 0 ? s / 2 : s * 2;
    if (n < UI_SLICE_MIN || n > UI_SLICE_MAX) {
        ui_note(u, "%s", ui_tr(u, UI_S_SLICE_RANGE));
        return;
    }
    k.slice_on = true;
    k.slice = n;
    resimulate(u, &k);
}

static void act_requests(ui *u, int dir)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    uint32_t r = ui_doc_repeat(&u->doc);
    if (r == 0) {
        ui_note(u, "%s", ui_tr(u, UI_S_NO_REPEAT));
        return;
    }
    if (dir < 0 && r == 1) {
        ui_note(u, "%s", ui_tr(u, UI_S_LEAST_REQUEST));
        return;
    }
    k.repeat_on = true;
    k.repeat = dir < 0 ? r / 2 : (r > SCN_MAX_REQUESTS / 2 ? SCN_MAX_REQUESTS : r * 2);
    resimulate(u, &k);
}

static void act_latency(ui *u, int dir)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    double s = ui_doc_cfg(&u->doc)->latency_scale * (dir < 0 ? 0.5 : 2.0);
    if (s < 1.0 / 1024 || s > 1024) {
        ui_note(u, "%s", ui_tr(u, UI_S_LATENCY_RANGE));
        return;
    }
    k.scale_on = true;
    k.scale = s;
    resimulate(u, &k);
}

static void act_gil(ui *u, int arg)
{
    ui_knobs k = ui_doc_knobs(&u->doc);
    k.gil_on = true;
    k.gil = !ui_doc_cfg(&u->doc)->gil;
    resimulate(u, &k);
}

static void act_reload(ui *u, int arg)
{
    ui_reload(u);
}

static void act_browse(ui *u, int dir)
{
    ui_open_next(u, dir);
}

/* ---- Views ------------------------------------------------------------------------------------ */

static void act_course(ui *u, int arg)
{
    ui_view_switch(u, u->screen == UI_SCREEN_SWEEP ? UI_SCREEN_MAIN : u->screen, !u->course);
}

static void act_compare(ui *u, int arg)
{
    ui_view_switch(u, u->screen == UI_SCREEN_COMPARE ? UI_SCREEN_MAIN : UI_SCREEN_COMPARE, u->course);
}

static void act_sweep(ui *u, int arg)
{
    if (u->screen == UI_SCREEN_SWEEP) {
        ui_view_switch(u, UI_SCREEN_MAIN, u->course);
        return;
    }
    if (ui_doc_repeat(&u->doc) == 0) {
        ui_note(u, "%s", ui_tr(u, UI_S_SWEEP_NEEDS_REPEAT));
        return;
    }
    ui_view_switch(u, UI_SCREEN_SWEEP, u->course);
    ui_view_sweep(u);
}

static void act_real(ui *u, int arg)
{
    ui_real_key(u);
}

static void act_notes(ui *u, int arg)
{
    u->notes = !u->notes;
    if (!u->course)
        ui_note(u, "%s", ui_tr(u, UI_S_COURSE_ONLY));
    else
        ui_note(u, "%s", ui_tr(u, u->notes ? UI_S_NOTES_ON : UI_S_NOTES_OFF));
    changed(u);
}

/* The group under the pointer (its header or one of its rows) shows aggregates or its lanes. */
static void act_agg(ui *u, int arg)
{
    lay_ctx *c = &u->doc.run->lay;
    lay_hit hit;
    char title[128];
    if (u->screen != UI_SCREEN_MAIN || u->course) {
        ui_note(u, "%s", ui_tr(u, UI_S_AGG_NONE));
        return;
    }
    lay_hit_test(c, &u->view, &u->geom, u->mx, u->my, &hit);
    if (!u->mouse_in || hit.group < 0 || (hit.area != LAY_AREA_PLOT && hit.area != LAY_AREA_LABELS)) {
        ui_note(u, "%s", ui_tr(u, UI_S_AGG_NONE));
        return;
    }
    uint32_t g = (uint32_t)hit.group;
    lay_agg_mode was = lay_group_agg(c, g);
    bool before = lay_group_aggregated(c, g);
    lay_group_toggle_agg(c, g);
    snprintf(title, sizeof title, "%s", lay_group_title(c, u->view.lang, g));
    if (lay_group_aggregated(c, g) == before) {   /* a group with no series (main) */
        lay_group_set_agg(c, g, was);
        ui_note(u, ui_tr(u, UI_S_AGG_CANNOT), title);
        return;
    }
    ui_note(u, ui_tr(u, before ? UI_S_AGG_OFF : UI_S_AGG_ON), title);
    lay_scroll(c, &u->view, &u->geom, 0);
    changed(u);
}

/* u: only the selected request's unit; U: every request of its template; again: all units. */
static void act_filter(ui *u, int by_tmpl)
{
    lay_ctx *c = &u->doc.run->lay;
    const trc *t = &u->doc.run->t;
    int32_t r = u->view.selected;
    ui_filter_kind want = by_tmpl ? UI_FILTER_TMPL : UI_FILTER_REQ;
    changed(u);
    if (u->filter == want) {
        lay_filter_clear(c);
        u->filter = UI_FILTER_NONE;
        ui_note(u, "%s", ui_tr(u, UI_S_FILTER_OFF));
        return;
    }
    if (r < 0 || (size_t)r >= t->nreqs) {
        ui_note(u, "%s", ui_tr(u, UI_S_NO_SELECTION));
        return;
    }
    const char *name = t->reqs[r].tmpl < t->ntmpls ? t->tmpls[t->reqs[r].tmpl].name : "";
    if (!(by_tmpl ? lay_filter_tmpl(c, name) : lay_filter_req(c, r))) {
        ui_note(u, "%s", ui_tr(u, UI_S_NO_FILTER_REQ));
        return;
    }
    u->filter = want;
    u->filter_req = r;
    snprintf(u->filter_tmpl, sizeof u->filter_tmpl, "%s", name);
    lay_scroll(c, &u->view, &u->geom, 0);
}

/* ---- Playhead ---------------------------------------------------------------------------------- */

/* The largest 1, 2 or 5 x 10^k not above x (at least 1). */
static double nice_below(double x)
{
    if (!(x > 1))
        return 1;
    double p = pow(10, floor(log10(x)));
    return x >= 5 * p ? 5 * p : x >= 2 * p ? 2 * p : p;
}

/* The first play crosses the visible window in about ten seconds. */
void ui_speed_init(ui *u)
{
    if (u->speed <= 0)
        u->speed = nice_below(u->tgeom.plot_w * u->view.ns_per_px / 10);
}

static void act_play(ui *u, int arg)
{
    lay_view *v = &u->view;
    int64_t end = ui_end(u);
    if (!ui_view_timed(u))
        return;
    ui_speed_init(u);
    if (!v->playhead_on) {
        int64_t left = lay_t_of(v, &u->tgeom, u->tgeom.plot_x);
        v->playhead_on = true;
        v->playhead = left > 0 && left < end ? left : 0;
        u->playing = false;
    }
    if (!u->playing && v->playhead >= end)
        v->playhead = 0;
    u->playing = !u->playing;
    u->ph_exact = (double)v->playhead;
    u->last_tick = SDL_GetTicks64();
    ui_follow_playhead(u);
    changed(u);
}

static void act_speed(ui *u, int dir)
{
    ui_speed_init(u);
    double s = dir < 0 ? u->speed / 2 : u->speed * 2;
    if (s >= 1 && s <= 1e13)
        u->speed = s;
    if (!u->view.playhead_on) {
        char b[32];
        ui_note(u, ui_tr(u, UI_S_SPEED), sl_fmt_dur((int64_t)u->speed, b, sizeof b));
    }
    changed(u);
}

/* ---- Window ------------------------------------------------------------------------------------ */

static void act_msgs(ui *u, int arg)
{
    u->view.show_msgs = !u->view.show_msgs;
    changed(u);
}

static void act_legend(ui *u, int arg)
{
    u->view.show_legend = !u->view.show_legend;
    changed(u);
}

/* o: the core rows of a coroutine run, hidden while they only repeat the event loops. */
static void act_core_rows(ui *u, int arg)
{
    if (!lay_cores_repeat_loops(&u->doc.run->lay)) {
        ui_note(u, "%s", ui_tr(u, UI_S_CORE_ROWS_ALWAYS));
        return;
    }
    u->show_cores = !u->show_cores;
    ui_apply_core_rows(u);
    ui_note(u, "%s", ui_tr(u, u->show_cores ? UI_S_CORE_ROWS_ON : UI_S_CORE_ROWS_OFF));
    changed(u);
}

static void act_theme(ui *u, int arg)
{
    u->view.theme = (theme_id)((u->view.theme + 1) % THEME_COUNT);
    changed(u);
}

static void act_lang(ui *u, int arg)
{
    u->view.lang = (lay_lang)((u->view.lang + 1) % LAY_LANG_COUNT);
    ui_note(u, "%s", ui_tr(u, UI_S_LANGUAGE));
    changed(u);
}

/* Full screen on the window's display. Without a window manager (Xvfb, a bare X session on a
 * lecture-room PC) nothing answers the full-screen request for a while, and the GL renderer draws
 * the old size into a corner: the window is first moved and sized over the display by hand, then
 * given its own size back when full screen ends. */
static void set_fullscreen(ui *u, bool on)
{
    SDL_Rect r;
    if (on == u->fullscreen)
        return;
    u->fullscreen = on;
    if (on) {
        SDL_GetWindowSize(u->win, &u->windowed.w, &u->windowed.h);
        SDL_GetWindowPosition(u->win, &u->windowed.x, &u->windowed.y);
        if (SDL_GetDisplayBounds(SDL_GetWindowDisplayIndex(u->win), &r) == 0) {
            SDL_SetWindowPosition(u->win, r.x, r.y);
            SDL_SetWindowSize(u->win, r.w, r.h);
        }
    }
    SDL_SetWindowFullscreen(u->win, on ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    if (!on && u->windowed.w > 0) {
        SDL_SetWindowSize(u->win, u->windowed.w, u->windowed.h);
        SDL_SetWindowPosition(u->win, u->windowed.x, u->windowed.y);
    }
    changed(u);
}

static void act_fullscreen(ui *u, int arg)
{
    set_fullscreen(u, !u->fullscreen);
}

void ui_lecture(ui *u, bool on)
{
    if (on == u->lecture)
        return;
    if (on) {
        u->saved = (ui_saved){u->view.theme, u->view.show_legend, u->fullscreen};
        u->view.theme = THEME_CONTRAST;
        u->view.show_legend = false;
        set_fullscreen(u, true);
        ui_note(u, "%s", ui_tr(u, UI_S_LECTURE_ON));
    } else {
        u->view.theme = u->saved.theme;
        u->view.show_legend = u->saved.show_legend;
        set_fullscreen(u, u->saved.fullscreen);
    }
    u->lecture = on;
    u->fit = u->fit || on;   /* a smaller canvas in layout points: the whole run again */
    changed(u);
}

static void act_lecture(ui *u, int arg)
{
    ui_lecture(u, !u->lecture);
}

static void act_font(ui *u, int dir)
{
    float f = dir == 0 ? 1.0f : dir > 0 ? u->view.font_scale * 1.125f : u->view.font_scale / 1.125f;
    u->view.font_scale = f < 0.5f ? 0.5f : f > 4.0f ? 4.0f : f;
    changed(u);
}

static void act_help(ui *u, int arg)
{
    u->help_on = !u->help_on;
    changed(u);
}

static void act_save(ui *u, int svg)
{
    ui_export(u, svg != 0);
}

static void act_quit(ui *u, int arg)
{
    u->quit = true;
}

/* ---- The table --------------------------------------------------------------------------- */

#define CTRL UI_M_CTRL
#define SHIFT UI_M_SHIFT

static const ui_key ui_keys[] = {
    TITLE(MOVE),
    {KEY("Left / Right", PAN), {SY(SDLK_LEFT, 0)}, act_pan_or_step, -1},
    {FOLD, {SY(SDLK_RIGHT, 0)}, act_pan_or_step, 1},
    {KEY("Up / Down", SCROLL), {SY(SDLK_UP, 0)}, act_scroll, -1},
    {FOLD, {SY(SDLK_DOWN, 0)}, act_scroll, 1},
    {KEY("+ / -", ZOOM), {TX('+'), TX('=')}, act_zoom, 1},
    {FOLD, {TX('-')}, act_zoom, -1},
    {KEY("0", FIT), {TX('0')}, act_fit, 0},
    {KEY("wheel", WHEEL), {{0}}, NULL, 0},
    {KEY("drag", DRAG), {{0}}, NULL, 0},
    TITLE(VIEWS),
    {KEY("v", COURSE), {TX('v')}, act_course, 0},
    {KEY("c", COMPARE), {TX('c')}, act_compare, 0},
    {KEY("p", SWEEP), {TX('p')}, act_sweep, 0},
    {KEY("R", REAL), {TX('R')}, act_real, 0},
    {KEY("x", NOTES), {TX('x')}, act_notes, 0},
    {KEY("PgDn / PgUp", BROWSE), {SY(SDLK_PAGEDOWN, 0)}, act_browse, 1},
    {FOLD, {SY(SDLK_PAGEUP, 0)}, act_browse, -1},
    TITLE(LOOK),
    {KEY("click", CLICK), {{0}}, NULL, 0},
    {KEY("Esc", ESC), {SY(SDLK_ESCAPE, 0)}, act_escape, 0},
    {KEY("m", MSGS), {TX('m')}, act_msgs, 0},
    {KEY("l", LEGEND), {TX('l')}, act_legend, 0},
    {KEY("o", CORE_ROWS), {TX('o')}, act_core_rows, 0},
    {KEY("a", AGG), {TX('a')}, act_agg, 0},
    {KEY("u / U", FILTER), {TX('u')}, act_filter, 0},
    {FOLD, {TX('U')}, act_filter, 1},
    TITLE(RUN),
    {KEY("1 2 3 4", MODELS), {TX('1')}, act_model, SCN_SEQUENTIAL},
    {FOLD, {TX('2')}, act_model, SCN_PROCESSES},
    {FOLD, {TX('3')}, act_model, SCN_THREADS},
    {FOLD, {TX('4')}, act_model, SCN_COROUTINES},
    {KEY("k / K", CORES), {TX('k')}, act_cores, -1},
    {FOLD, {TX('K')}, act_cores, 1},
    {KEY("[ / ]", SLICE), {TX('[')}, act_slice, -1},
    {FOLD, {TX(']')}, act_slice, 1},
    {KEY("n / N", REQUESTS), {TX('n')}, act_requests, -1},
    {FOLD, {TX('N')}, act_requests, 1},
    {KEY(", / .", LATENCY), {TX(',')}, act_latency, -1},
    {FOLD, {TX('.')}, act_latency, 1},
    {KEY("g", GIL), {TX('g')}, act_gil, 0},
    {KEY("r", RELOAD), {TX('r')}, act_reload, 0},
    TITLE(PLAYHEAD),
    {KEY("Space", PLAY), {TX(' ')}, act_play, 0},
    {KEY("< / >", SPEED), {TX('<'), SY(SDLK_LEFT, SHIFT)}, act_speed, -1},
    {FOLD, {TX('>'), SY(SDLK_RIGHT, SHIFT)}, act_speed, 1},
    {KEY("drag", SCRUB), {{0}}, NULL, 0},
    TITLE(WINDOW),
    {KEY("L", LECTURE), {TX('L')}, act_lecture, 0},
    {KEY("i", LANG), {TX('i')}, act_lang, 0},
    {KEY("t", THEME), {TX('t')}, act_theme, 0},
    {KEY("f / F11", FULLSCREEN), {TX('f'), SY(SDLK_F11, 0)}, act_fullscreen, 0},
    {KEY("Ctrl + / Ctrl -", FONT),
     {SY('+', CTRL), SY('=', CTRL), SY('=', CTRL | SHIFT), SY('+', CTRL | SHIFT), SY(SDLK_KP_PLUS, CTRL)}, act_font, 1},
    {FOLD, {SY('-', CTRL), SY(SDLK_KP_MINUS, CTRL)}, act_font, -1},
    {FOLD, {SY('0', CTRL), SY(SDLK_KP_0, CTRL)}, act_font, 0},
    {KEY("s / S", SAVE), {TX('s')}, act_save, 0},
    {FOLD, {TX('S')}, act_save, 1},
    {KEY("?", HELP), {TX('?')}, act_help, 0},
    {KEY("Ctrl Q", QUIT), {SY('q', CTRL)}, act_quit, 0},
};

#define UI_NKEYS (sizeof ui_keys / sizeof ui_keys[0])

/* ---- Dispatch ---------------------------------------------------------------------------- */

static uint8_t mods_of(uint16_t mod)
{
    return (uint8_t)(((mod & KMOD_CTRL) ? UI_M_CTRL : 0) | ((mod & KMOD_SHIFT) ? UI_M_SHIFT : 0) |
                     ((mod & KMOD_ALT) ? UI_M_ALT : 0));
}

static const ui_key *find(uint8_t kind, int32_t code, uint8_t mods)
{
    for (size_t k = 0; k < UI_NKEYS; k++)
        for (size_t j = 0; j < sizeof ui_keys[k].on / sizeof ui_keys[k].on[0]; j++) {
            const ui_trig *t = &ui_keys[k].on[j];
            if (ui_keys[k].fn && t->kind == kind && t->code == code && t->mods == mods)
                return &ui_keys[k];
        }
    return NULL;
}

/* A key press replaces the last note: an action that has something to say sets a new one. */
static void run_key(ui *u, const ui_key *k)
{
    if (u->note[0]) {
        u->note[0] = '\0';
        u->dirty = true;
    }
    k->fn(u, k->arg);
}

bool ui_key_down(ui *u, SDL_Keycode sym, uint16_t mod)
{
    uint8_t m = mods_of(mod);
    const ui_key *k = find(UI_SYM, sym, m);
    /* A printable key without Ctrl/Alt waits for its text event; anything else typed with Ctrl
     * or Alt must not also act as the character it carries. */
    u->swallow_text = k != NULL || (m & (UI_M_CTRL | UI_M_ALT));
    if (!k)
        return false;
    run_key(u, k);
    return true;
}

bool ui_key_text(ui *u, const char *text)
{
    bool ran = false;
    if (u->swallow_text) {
        u->swallow_text = false;
        return false;
    }
    for (const char *p = text; *p; p++) {
        const ui_key *k = (unsigned char)*p < 0x80 ? find(UI_TXT, *p, 0) : NULL;
        if (k) {
            run_key(u, k);
            ran = true;
        }
    }
    return ran;
}

/* ---- Help overlay ------------------------------------------------------------------------ */

typedef struct {
    float x, y, kw, fs;
    lay_lang lang;
    const theme *th;
    dl_list *out;
} help_pen;

/* The names French keyboards print on the keys the table names in English. */
static const struct {
    const char *keys;
    ui_str_key name;
} ui_key_names[] = {
    {"Left / Right", UI_S_KEY_LEFT_RIGHT}, {"Up / Down", UI_S_KEY_UP_DOWN}, {"wheel", UI_S_KEY_WHEEL},
    {"drag", UI_S_KEY_DRAG},               {"click", UI_S_KEY_CLICK},       {"Esc", UI_S_KEY_ESC},
    {"PgDn / PgUp", UI_S_KEY_PAGES},       {"Space", UI_S_KEY_SPACE},
};

static const char *help_keys(const ui_key *k, lay_lang lang)
{
    for (size_t i = 0; k->keys && i < sizeof ui_key_names / sizeof ui_key_names[0]; i++)
        if (strcmp(k->keys, ui_key_names[i].keys) == 0)
            return ui_str(lang, ui_key_names[i].name);
    return k->keys;
}

static void help_row(help_pen *p, const ui_key *k)
{
    const char *h = ui_str(p->lang, k->help), *keys = help_keys(k, p->lang);
    if (k->row == UI_ROW_TITLE) {
        p->y += p->fs * 0.6f;
        dl_push_text(p->out, p->x, p->y, p->fs * 1.05f, p->th->fg, DL_ANCHOR_TL, true, false, h, strlen(h));
    } else {
        dl_push_text(p->out, p->x, p->y, p->fs, p->th->fg, DL_ANCHOR_TL, true, false, keys, strlen(keys));
        dl_push_text(p->out, p->x + p->kw, p->y, p->fs, p->th->fg_dim, DL_ANCHOR_TL, false, false, h, strlen(h));
    }
    p->y += p->fs * 1.5f;
}

static float row_h(const ui_key *k, float fs)
{
    return k->row == UI_ROW_FOLD ? 0 : k->row == UI_ROW_KEY ? fs * 1.5f : fs * 2.1f;
}

/* The section title where the second column starts, chosen so the taller column is the
 * shortest; *h: that column's height. */
static size_t help_split(float fs, float *h)
{
    float total = 0, left = 0;
    size_t best = UI_NKEYS;
    for (size_t k = 0; k < UI_NKEYS; k++)
        total += row_h(&ui_keys[k], fs);
    *h = total;
    for (size_t k = 0; k < UI_NKEYS; k++) {
        float tall = left > total - left ? left : total - left;
        if (ui_keys[k].row == UI_ROW_TITLE && tall < *h) {
            *h = tall;
            best = k;
        }
        left += row_h(&ui_keys[k], fs);
    }
    return best;
}

static float help_widths(const ui *u, float fs, float *kw)
{
    float hw = 0;
    *kw = 0;
    for (size_t k = 0; k < UI_NKEYS; k++) {
        const ui_key *e = &ui_keys[k];
        if (e->row != UI_ROW_KEY)
            continue;
        const char *h = ui_str(u->view.lang, e->help), *keys = help_keys(e, u->view.lang);
        float a = u->meas.width(u->meas.ctx, keys, strlen(keys), fs, true);
        float b = u->meas.width(u->meas.ctx, h, strlen(h), fs, false);
        *kw = a > *kw ? a : *kw;
        hw = b > hw ? b : hw;
    }
    *kw += fs * 1.2f;
    return *kw + hw;
}

/* The box at text size fs: w x h, the columns' split, width and key column. */
typedef struct {
    float fs, w, h, colw, kw, colh, pad, top;
    size_t split;
} help_box;

static help_box help_measure(const ui *u, float fs)
{
    help_box b = {.fs = fs};
    b.split = help_split(fs, &b.colh);
    b.colw = help_widths(u, fs, &b.kw);
    b.pad = fs * 1.2f;
    b.top = fs * 2.2f;
    b.w = 2 * b.colw + 4 * b.pad;   /* two pads between the columns: glyphs may round up */
    b.h = b.top + b.colh + 2 * b.pad;
    return b;
}

void ui_help_draw(ui *u, dl_list *out)
{
    const char *title = ui_tr(u, UI_S_HELP_TITLE);
    const theme *th = theme_get(u->view.theme);
    help_box b = help_measure(u, 13.0f * u->view.font_scale);
    /* Large text (lecture mode) shrinks the help to the window: every key stays readable. */
    float fit = fminf(0.98f * u->win_w / b.w, 0.98f * u->win_h / b.h);
    if (fit < 1)
        b = help_measure(u, b.fs * fit);
    float fs = b.fs, x = fmaxf((u->win_w - b.w) / 2, 0), y = fmaxf((u->win_h - b.h) / 2, 0);
    /* A veil over the timeline keeps the eye on the help. */
    dl_push_rect(out, 0, 0, u->win_w, u->win_h, (th->bg & 0xFFFFFF00u) | 0x99u, 0, 0);
    dl_push_rect(out, x, y, b.w, b.h, th->panel_bg, th->panel_line, 1.5f);
    dl_push_text(out, x + b.w / 2, y + b.pad, fs * 1.2f, th->fg, DL_ANCHOR_TC, true, false, title, strlen(title));
    help_pen p = {x + b.pad, y + b.pad + b.top - fs * 0.6f, b.kw, fs, u->view.lang, th, out};
    for (size_t k = 0; k < UI_NKEYS; k++) {
        if (k == b.split)
            p = (help_pen){x + 3 * b.pad + b.colw, y + b.pad + b.top - fs * 0.6f, b.kw, fs, u->view.lang, th, out};
        if (ui_keys[k].row != UI_ROW_FOLD)
            help_row(&p, &ui_keys[k]);
    }
}
