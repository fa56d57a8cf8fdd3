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

typedef struct {
    const char *keys;      /* as help shows them; NULL: a section title (help), or a row folded
                              into the one above it (the second half of "c / C") */
    const char *help;      /* NULL with keys NULL: a folded row */
    ui_trig on[5];
    ui_action fn;          /* NULL: help only (mouse gestures) */
    int arg;
} ui_key;

#define TX(c) {UI_TXT, 0, (c)}
#define SY(k, m) {UI_SYM, (m), (k)}

/* ---- Actions --------------------------------------------------------------------------- */

static void changed(ui *u)
{
    u->dirty = true;
}

/* With the playhead paused, Left/Right step through events; otherwise they pan. */
static void act_pan_or_step(ui *u, int dir)
{
    lay_view *v = &u->view;
    int64_t t;
    if (!v->playhead_on || u->playing) {
        lay_pan_px(v, -dir * 0.1 * u->geom.plot_w);
        u->fit = false;
        changed(u);
        return;
    }
    lay_ctx *c = &u->doc.run->lay;
    if (!(dir > 0 ? lay_next_event(c, v->playhead, &t) : lay_prev_event(c, v->playhead, &t))) {
        ui_note(u, "no %s event", dir > 0 ? "later" : "earlier");
        return;
    }
    v->playhead = t;
    u->ph_exact = (double)t;
    ui_follow_playhead(u);
    changed(u);
}

static void act_scroll(ui *u, int dir)
{
    lay_scroll(&u->doc.run->lay, &u->view, &u->geom, (float)dir * 40.0f * u->view.font_scale);
    changed(u);
}

static void act_zoom(ui *u, int dir)
{
    const lay_geom *g = &u->geom;
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
    if (u->help_on)
        u->help_on = false;
    else if (u->view.selected >= 0)
        u->view.selected = -1;
    else if (u->view.playhead_on)
        u->view.playhead_on = u->playing = false;
    changed(u);
}

/* Re-simulates with k; keeps the view's time window unless it fits the whole run. */
static void resimulate(ui *u, const ui_knobs *k)
{
    sl_err err = {0};
    if (!ui_doc_apply(&u->doc, k, &err)) {
        ui_note(u, "%s", err.set ? err.msg : "the simulation failed");
        return;
    }
    ui_after_run(u);
}

static void act_model(ui *u, int m)
{
    ui_knobs k = u->doc.knobs;
    k.model_on = true;
    k.model = (uint8_t)m;
    resimulate(u, &k);
}

static void act_cores(ui *u, int dir)
{
    ui_knobs k = u->doc.knobs;
    uint32_t c = u->doc.run->s.cfg.cores;
    if (dir < 0 && c <= 1) {
        ui_note(u, "1 core is the least");
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
    ui_knobs k = u->doc.knobs;
    int64_t s = u->doc.run->s.cfg.timeslice;
    int64_t n = dir < 0 ? s / 2 : s * 2;
    if (n < UI_SLICE_MIN || n > UI_SLICE_MAX) {
        ui_note(u, "the timeslice stays between 1us and 10s");
        return;
    }
    k.slice_on = true;
    k.slice = n;
    resimulate(u, &k);
}

static void act_requests(ui *u, int dir)
{
    ui_knobs k = u->doc.knobs;
    uint32_t r = ui_doc_repeat(&u->doc);
    if (r == 0) {
        ui_note(u, "this scenario has no 'repeat': n / N change nothing");
        return;
    }
    if (dir < 0 && r == 1) {
        ui_note(u, "1 request is the least");
        return;
    }
    k.repeat_on = true;
    k.repeat = dir < 0 ? r / 2 : (r > SCN_MAX_REQUESTS / 2 ? SCN_MAX_REQUESTS : r * 2);
    resimulate(u, &k);
}

static void act_latency(ui *u, int dir)
{
    ui_knobs k = u->doc.knobs;
    double s = u->doc.run->s.cfg.latency_scale * (dir < 0 ? 0.5 : 2.0);
    if (s < 1.0 / 1024 || s > 1024) {
        ui_note(u, "the latency scale stays between 1/1024 and 1024");
        return;
    }
    k.scale_on = true;
    k.scale = s;
    resimulate(u, &k);
}

static void act_gil(ui *u, int arg)
{
    ui_knobs k = u->doc.knobs;
    k.gil_on = true;
    k.gil = !u->doc.run->s.cfg.gil;
    resimulate(u, &k);
}

static void act_reload(ui *u, int arg)
{
    ui_reload(u);
}

/* The largest 1, 2 or 5 x 10^k not above x (at least 1). */
static double nice_below(double x)
{
    if (!(x > 1))
        return 1;
    double p = pow(10, floor(log10(x)));
    return x >= 5 * p ? 5 * p : x >= 2 * p ? 2 * p : p;
}

/* The first play crosses the visible window in about ten seconds. */
static void speed_init(ui *u)
{
    if (u->speed <= 0)
        u->speed = nice_below(u->geom.plot_w * u->view.ns_per_px / 10);
}

static void act_play(ui *u, int arg)
{
    lay_view *v = &u->view;
    int64_t end = ui_end(u);
    speed_init(u);
    if (!v->playhead_on) {
        int64_t left = lay_t_of(v, &u->geom, u->geom.plot_x);
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
    speed_init(u);
    double s = dir < 0 ? u->speed / 2 : u->speed * 2;
    if (s >= 1 && s <= 1e13)
        u->speed = s;
    if (!u->view.playhead_on) {
        char b[32];
        ui_note(u, "playhead speed %s/s", sl_fmt_dur((int64_t)u->speed, b, sizeof b));
    }
    changed(u);
}

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

static void act_theme(ui *u, int arg)
{
    u->view.theme = (theme_id)((u->view.theme + 1) % THEME_COUNT);
    changed(u);
}

static void act_fullscreen(ui *u, int arg)
{
    u->fullscreen = !u->fullscreen;
    SDL_SetWindowFullscreen(u->win, u->fullscreen ? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
    changed(u);
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

static void act_quit(ui *u, int arg)
{
    u->quit = true;
}

/* ---- The table --------------------------------------------------------------------------- */

#define CTRL UI_M_CTRL
#define SHIFT UI_M_SHIFT

static const ui_key ui_keys[] = {
    {NULL, "Move around", {{0}}, NULL, 0},
    {"Left / Right", "pan in time (playhead paused: previous / next event)", {SY(SDLK_LEFT, 0)}, act_pan_or_step, -1},
    {NULL, NULL, {SY(SDLK_RIGHT, 0)}, act_pan_or_step, 1},
    {"Up / Down", "scroll the lanes", {SY(SDLK_UP, 0)}, act_scroll, -1},
    {NULL, NULL, {SY(SDLK_DOWN, 0)}, act_scroll, 1},
    {"+ / -", "zoom in / out", {TX('+'), TX('=')}, act_zoom, 1},
    {NULL, NULL, {TX('-')}, act_zoom, -1},
    {"0", "fit the whole run", {TX('0')}, act_fit, 0},
    {"wheel", "zoom around the pointer (Shift: scroll)", {{0}}, NULL, 0},
    {"drag", "pan and scroll", {{0}}, NULL, 0},
    {NULL, "Look closer", {{0}}, NULL, 0},
    {"click", "select a request (a group header: fold it)", {{0}}, NULL, 0},
    {"Esc", "close help, or clear the selection, or hide the playhead", {SY(SDLK_ESCAPE, 0)}, act_escape, 0},
    {"m", "message arrows on / off", {TX('m')}, act_msgs, 0},
    {"l", "legend on / off", {TX('l')}, act_legend, 0},
    {NULL, "Change the run", {{0}}, NULL, 0},
    {"1 2 3 4", "sequential, processes, threads, coroutines", {TX('1')}, act_model, SCN_SEQUENTIAL},
    {NULL, NULL, {TX('2')}, act_model, SCN_PROCESSES},
    {NULL, NULL, {TX('3')}, act_model, SCN_THREADS},
    {NULL, NULL, {TX('4')}, act_model, SCN_COROUTINES},
    {"c / C", "one core less / more", {TX('c')}, act_cores, -1},
    {NULL, NULL, {TX('C')}, act_cores, 1},
    {"[ / ]", "halve / double the timeslice", {TX('[')}, act_slice, -1},
    {NULL, NULL, {TX(']')}, act_slice, 1},
    {"n / N", "halve / double the requests (first repeat)", {TX('n')}, act_requests, -1},
    {NULL, NULL, {TX('N')}, act_requests, 1},
    {", / .", "halve / double the network latency", {TX(',')}, act_latency, -1},
    {NULL, NULL, {TX('.')}, act_latency, 1},
    {"g", "GIL on / off", {TX('g')}, act_gil, 0},
    {"r", "reload the scenario file", {TX('r')}, act_reload, 0},
    {NULL, "Playhead", {{0}}, NULL, 0},
    {"Space", "play / pause", {TX(' ')}, act_play, 0},
    {"< / >", "halve / double the speed (also Shift+Left / Right)", {TX('<'), SY(SDLK_LEFT, SHIFT)}, act_speed, -1},
    {NULL, NULL, {TX('>'), SY(SDLK_RIGHT, SHIFT)}, act_speed, 1},
    {"drag", "the playhead in the time axis: scrub", {{0}}, NULL, 0},
    {NULL, "Window", {{0}}, NULL, 0},
    {"t", "theme: light, dark, contrast", {TX('t')}, act_theme, 0},
    {"f / F11", "full screen on / off", {TX('f'), SY(SDLK_F11, 0)}, act_fullscreen, 0},
    {"Ctrl + / Ctrl -", "larger / smaller text (Ctrl 0: reset)",
     {SY('+', CTRL), SY('=', CTRL), SY('=', CTRL | SHIFT), SY('+', CTRL | SHIFT), SY(SDLK_KP_PLUS, CTRL)}, act_font, 1},
    {NULL, NULL, {SY('-', CTRL), SY(SDLK_KP_MINUS, CTRL)}, act_font, -1},
    {NULL, NULL, {SY('0', CTRL), SY(SDLK_KP_0, CTRL)}, act_font, 0},
    {"?", "this help", {TX('?')}, act_help, 0},
    {"Ctrl Q", "quit", {SY('q', CTRL)}, act_quit, 0},
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
    const theme *th;
    dl_list *out;
} help_pen;

static void help_row(help_pen *p, const ui_key *k)
{
    if (!k->keys) {
        p->y += p->fs * 0.6f;
        dl_push_text(p->out, p->x, p->y, p->fs * 1.05f, p->th->fg, DL_ANCHOR_TL, true, false, k->help, strlen(k->help));
    } else {
        dl_push_text(p->out, p->x, p->y, p->fs, p->th->fg, DL_ANCHOR_TL, true, false, k->keys, strlen(k->keys));
        dl_push_text(p->out, p->x + p->kw, p->y, p->fs, p->th->fg_dim, DL_ANCHOR_TL, false, false, k->help,
                     strlen(k->help));
    }
    p->y += p->fs * 1.5f;
}

static float row_h(const ui_key *k, float fs)
{
    return !k->help ? 0 : k->keys ? fs * 1.5f : fs * 2.1f;
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
        if (!ui_keys[k].keys && ui_keys[k].help && tall < *h) {
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
        if (!e->help || !e->keys)
            continue;
        float a = u->meas.width(u->meas.ctx, e->keys, strlen(e->keys), fs, true);
        float b = u->meas.width(u->meas.ctx, e->help, strlen(e->help), fs, false);
        *kw = a > *kw ? a : *kw;
        hw = b > hw ? b : hw;
    }
    *kw += fs * 1.2f;
    return *kw + hw;
}

void ui_help_draw(ui *u, dl_list *out)
{
    static const char title[] = "schedlab keys (? or Esc closes)";
    const theme *th = theme_get(u->view.theme);
    float fs = 13.0f * u->view.font_scale, kw, colh;
    size_t split = help_split(fs, &colh);
    float colw = help_widths(u, fs, &kw), pad = fs * 1.2f, top = fs * 2.2f;
    float w = 2 * colw + 3 * pad, h = top + colh + 2 * pad;
    float x = (u->win_w - w) / 2, y = (u->win_h - h) / 2;
    x = x < 0 ? 0 : x;
    y = y < 0 ? 0 : y;
    /* A veil over the timeline keeps the eye on the help. */
    dl_push_rect(out, 0, 0, u->win_w, u->win_h, (th->bg & 0xFFFFFF00u) | 0x99u, 0, 0);
    dl_push_rect(out, x, y, w, h, th->panel_bg, th->panel_line, 1.5f);
    dl_push_text(out, x + w / 2, y + pad, fs * 1.2f, th->fg, DL_ANCHOR_TC, true, false, title, sizeof title - 1);
    help_pen p = {x + pad, y + pad + top - fs * 0.6f, kw, fs, th, out};
    for (size_t k = 0; k < UI_NKEYS; k++) {
        if (k == split)
            p = (help_pen){x + 2 * pad + colw, y + pad + top - fs * 0.6f, kw, fs, th, out};
        if (ui_keys[k].help)
            help_row(&p, &ui_keys[k]);
    }
}
