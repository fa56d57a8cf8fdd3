/* ui_overlay.c — what the window adds to the layout's frame: the status bar text in the view's
 * language (model, parameters, metrics or the comparison's makespans or the sweep's progress,
 * playhead, selection, filter, notes) and the scenario error box. */
#include "ui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void append(char *buf, size_t n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static void append(char *buf, size_t n, const char *fmt, ...)
{
    size_t len = strlen(buf);
    va_list ap;
    if (len + 1 >= n)
        return;
    va_start(ap, fmt);
    vsnprintf(buf + len, n - len, fmt, ap);
    va_end(ap);
}

/* The knobs' values; lecture mode keeps those a class follows (cores, and the GIL for threads). */
static void params(const ui *u, char *buf, size_t n)
{
    const scn_config *c = &u->doc.run->s.cfg;
    char slice[32];
    buf[0] = '\0';
    append(buf, n, ui_tr(u, UI_S_CORES), (unsigned)c->cores);
    if (u->lecture) {
        if (c->model == SCN_THREADS)
            append(buf, n, "  %s", ui_tr(u, c->gil ? UI_S_GIL_ON : UI_S_GIL_OFF));
        return;
    }
    append(buf, n, "  ");
    append(buf, n, ui_tr(u, UI_S_TIMESLICE), sl_fmt_dur(c->timeslice, slice, sizeof slice));
    append(buf, n, "  %s  ", ui_tr(u, c->gil ? UI_S_GIL_ON : UI_S_GIL_OFF));
    append(buf, n, ui_tr(u, UI_S_REQUESTS), (unsigned long long)scn_total_requests(&u->doc.run->s));
    append(buf, n, "  ");
    append(buf, n, ui_tr(u, UI_S_LATENCY), c->latency_scale);
}

static void playhead(const ui *u, char *buf, size_t n)
{
    char at[32], sp[32];
    if (!u->view.playhead_on || !ui_view_timed(u))
        return;
    append(buf, n, "   ");
    append(buf, n, ui_tr(u, UI_S_PLAYHEAD), sl_fmt_dur(u->view.playhead, at, sizeof at),
           ui_tr(u, u->playing ? UI_S_PLAYING : UI_S_PAUSED), sl_fmt_dur((int64_t)u->speed, sp, sizeof sp));
}

static void selection(const ui *u, char *buf, size_t n)
{
    const trc *t = &u->doc.run->t;
    int32_t r = u->view.selected;
    char f[160];
    if (r >= 0 && (size_t)r < t->nreqs && t->reqs[r].tmpl < t->ntmpls) {
        append(buf, n, "   ");
        append(buf, n, ui_tr(u, UI_S_SELECTED), t->tmpls[t->reqs[r].tmpl].name, (unsigned)t->reqs[r].instance + 1);
    }
    if (lay_filter_text(&u->doc.run->lay, f, sizeof f)[0]) {
        append(buf, n, "   ");
        append(buf, n, ui_tr(u, UI_S_FILTER), f);
    }
}

/* "FILE:LINE:COL" of "FILE:LINE:COL: error: ..." (the whole text when it has no such prefix). */
static int where_len(const char *msg)
{
    const char *e = strstr(msg, ": error:");
    return (int)(e ? (size_t)(e - msg) : strlen(msg));
}

/* The comparison: each model's makespan (its panel has the rest), then the knobs. */
static void compare_status(ui *u, const char *p)
{
    const ui_cmp *c = u->doc.cmp;
    char mk[32];
    u->status[0] = '\0';
    for (int i = 0; c && c->lc_ready && i < c->n; i++) {
        append(u->status, sizeof u->status, "%s%s ", i ? "   " : "", lay_model_str(u->view.lang, (scn_model)i));
        append(u->status, sizeof u->status, "%s", lay_fmt_dur(c->m[i].makespan_ns, u->view.lang, mk, sizeof mk));
    }
    append(u->status, sizeof u->status, "   %s", p);
}

/* Each model's peak throughput over the sweep, and at which count: one status part each (three
 * spaces apart), so a narrow or magnified window drops models from the end, not the whole line. */
static void sweep_peaks(ui *u, const swp_result *r)
{
    append(u->status, sizeof u->status, "%s", ui_tr(u, UI_S_SWEEP_PEAK));
    for (int mi = 0; mi < r->nmodels; mi++) {
        size_t best = 0;
        for (size_t ci = 1; ci < r->ncounts; ci++)
            if (swp_at(r, mi, ci)->m.throughput_per_s > swp_at(r, mi, best)->m.throughput_per_s)
                best = ci;
        if (r->ncounts == 0)
            continue;
        append(u->status, sizeof u->status, "   %s %.0f/s (%u)", lay_model_str(u->view.lang, (scn_model)r->models[mi]),
               swp_at(r, mi, best)->m.throughput_per_s, (unsigned)r->counts[best]);
    }
}

static void sweep_status(ui *u, const char *p)
{
    uint64_t gen;
    size_t done, total;
    ui_sweep_state st = ui_sweep_status(u->sweep, &gen, &done, &total);
    const swp_result *r = ui_sweep_result(u->sweep);
    u->status[0] = '\0';
    if (ui_doc_repeat(&u->doc) == 0)
        append(u->status, sizeof u->status, "%s", ui_tr(u, UI_S_SWEEP_NEEDS_REPEAT));
    else if (gen != u->doc.gen || st == UI_SWEEP_RUNNING || st == UI_SWEEP_NONE)
        append(u->status, sizeof u->status, ui_tr(u, UI_S_SWEEP_COMPUTING), done, total);
    else if (st == UI_SWEEP_FAILED)
        append(u->status, sizeof u->status, ui_tr(u, UI_S_SWEEP_FAILED), ui_sweep_error(u->sweep));
    else if (r)
        sweep_peaks(u, r);
    append(u->status, sizeof u->status, "   %s", p);
}

/* Lecture mode: what a class reads from the back of the room, and failures only when some. */
static void lecture_status(ui *u, const char *p)
{
    const sim_metrics *m = &u->doc.run->m;
    lay_lang l = u->view.lang;
    char mk[32];
    snprintf(u->status, sizeof u->status, "%s  %s   %s %s   %s %.0f%%   %s %llu",
             lay_model_str(l, (scn_model)u->doc.run->s.cfg.model), p, lay_str(l, LAY_S_STATUS_MAKESPAN),
             lay_fmt_dur(m->makespan_ns, l, mk, sizeof mk), lay_str(l, LAY_S_STATUS_UTIL), m->utilization * 100.0,
             lay_str(l, LAY_S_STATUS_SWITCHES), (unsigned long long)m->context_switches);
    if (m->failed)
        append(u->status, sizeof u->status, "   %s %llu", lay_str(l, LAY_S_STATUS_FAILED),
               (unsigned long long)m->failed);
}

/* A simulation running: first in the bar, with its seconds so far. */
static void busy_status(ui *u)
{
    char rest[sizeof u->status];
    u->busy_shown = ui_busy_seconds(u) + ui_real_seconds(u->real);
    if (!ui_doc_busy(&u->doc) && !ui_real_busy(u->real))
        return;
    memcpy(rest, u->status, sizeof rest);
    u->status[0] = '\0';
    if (ui_real_busy(u->real))
        append(u->status, sizeof u->status, ui_tr(u, UI_S_REAL_RUNNING), (unsigned long long)ui_real_seconds(u->real));
    if (ui_real_busy(u->real) && ui_doc_busy(&u->doc))
        append(u->status, sizeof u->status, "   ");
    if (ui_doc_busy(&u->doc))
        append(u->status, sizeof u->status, ui_tr(u, UI_S_SIMULATING), (unsigned long long)ui_busy_seconds(u));
    append(u->status, sizeof u->status, "   %s", rest);
}

/* The run's own part of the bar: model, knobs, metrics (or the comparison's, the sweep's). */
static void run_status(ui *u)
{
    char p[256];
    params(u, p, sizeof p);
    if (u->screen == UI_SCREEN_COMPARE)
        compare_status(u, p);
    else if (u->screen == UI_SCREEN_REAL)
        ui_real_status(u, u->status, sizeof u->status);
    else if (u->screen == UI_SCREEN_SWEEP)
        sweep_status(u, p);
    else if (u->lecture)
        lecture_status(u, p);
    else
        lay_status_text(u->status, sizeof u->status, u->view.lang, (scn_model)u->doc.run->s.cfg.model, p,
                        &u->doc.run->m);
    playhead(u, u->status, sizeof u->status);
    ui_why_status(u, u->status, sizeof u->status);
    if (ui_view_single(u))
        selection(u, u->status, sizeof u->status);
}

void ui_status_build(ui *u)
{
    u->status[0] = '\0';
    if (u->doc.run)   /* else the first run is simulating, or its error shows */
        run_status(u);
    if (u->doc.error_on) {
        append(u->status, sizeof u->status, "   ");
        append(u->status, sizeof u->status, ui_tr(u, UI_S_SCN_ERROR), where_len(u->doc.error), u->doc.error);
    }
    busy_status(u);
    /* The note goes first: it answers the key just pressed, and the end of a long line is cut. */
    if (u->note[0]) {
        char rest[sizeof u->status];
        memcpy(rest, u->status, sizeof rest);
        u->status[0] = '\0';
        append(u->status, sizeof u->status, "%s   ", u->note);
        append(u->status, sizeof u->status, "%s", rest);
    }
}

/* ---- The error box --------------------------------------------------------------------------- */

typedef struct {
    dl_list *out;
    const dl_measure *m;
    float x, y, w, fs;
    dl_color color;
    int lines;
    bool draw;
} ui_wrap;

/* Lays out text in lines of at most w->w pixels, cut at spaces (a word too long is cut anyway);
 * pushes them when w->draw, counts them always. */
static void wrap(ui_wrap *w, const char *s)
{
    size_t len = strlen(s), start = 0;
    while (start < len) {
        size_t end = start, fit = 0;
        while (end < len) {
            size_t next = end + 1;
            while (next < len && s[next] != ' ')
                next++;
            if (w->m->width(w->m->ctx, s + start, next - start, w->fs, false) > w->w && fit)
                break;
            fit = end = next;
        }
        if (w->draw)
            dl_push_text(w->out, w->x, w->y + (float)w->lines * w->fs * 1.4f, w->fs, w->color, DL_ANCHOR_TL, false,
                         false, s + start, fit - start);
        w->lines++;
        start = fit;
        while (start < len && s[start] == ' ')
            start++;
    }
}

void ui_error_draw(ui *u, dl_list *out)
{
    const theme *th = theme_get(u->view.theme);
    const lay_geom *g = &u->geom;
    float fs = 13.0f * u->view.font_scale, pad = fs;
    float w = g->plot_w - 2 * pad;
    w = w > 1000 ? 1000 : w < 100 ? 100 : w;
    ui_wrap wr = {out, &u->meas, 0, 0, w - 2 * pad, fs, th->fg, 0, false};
    wrap(&wr, u->doc.error);
    float h = (float)(wr.lines + 1) * fs * 1.4f + 2.5f * pad;
    float x = g->plot_x + (g->plot_w - w) / 2, y = g->plot_y + pad;
    const char *title = ui_tr(u, UI_S_ERROR_BOX);
    dl_push_rect(out, x, y, w, h, th->panel_bg, th->fail, 3.0f);
    dl_push_text(out, x + pad, y + pad, fs, th->fail, DL_ANCHOR_TL, true, false, title, strlen(title));
    wr = (ui_wrap){out, &u->meas, x + pad, y + pad * 1.5f + fs * 1.4f, w - 2 * pad, fs, th->fg, 0, true};
    wrap(&wr, u->doc.error);
}
