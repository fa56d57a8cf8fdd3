/* ui_overlay.c — what the window adds to the layout's frame: the status bar text (model,
 * parameters, metrics, playhead, selection, notes) and the scenario error box. */
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

static void params(const ui *u, char *buf, size_t n)
{
    const scn_config *c = &u->doc.run->s.cfg;
    char slice[32];
    snprintf(buf, n, "cores %u  timeslice %s  GIL %s  requests %llu  latency \xC3\x97%g", (unsigned)c->cores,
             sl_fmt_dur(c->timeslice, slice, sizeof slice), c->gil ? "on" : "off",
             (unsigned long long)scn_total_requests(&u->doc.run->s), c->latency_scale);
}

static void playhead(const ui *u, char *buf, size_t n)
{
    char at[32], sp[32];
    if (!u->view.playhead_on)
        return;
    append(buf, n, "   playhead %s (%s, speed %s/s)", sl_fmt_dur(u->view.playhead, at, sizeof at),
           u->playing ? "playing" : "paused", sl_fmt_dur((int64_t)u->speed, sp, sizeof sp));
}

static void selection(const ui *u, char *buf, size_t n)
{
    const trc *t = &u->doc.run->t;
    int32_t r = u->view.selected;
    if (r < 0 || (size_t)r >= t->nreqs || t->reqs[r].tmpl >= t->ntmpls)
        return;
    append(buf, n, "   selected %s #%u", t->tmpls[t->reqs[r].tmpl].name, (unsigned)t->reqs[r].instance + 1);
}

/* "FILE:LINE:COL" of "FILE:LINE:COL: error: ..." (the whole text when it has no such prefix). */
static int where_len(const char *msg)
{
    const char *e = strstr(msg, ": error:");
    return (int)(e ? (size_t)(e - msg) : strlen(msg));
}

void ui_status_build(ui *u)
{
    char p[256];
    params(u, p, sizeof p);
    lay_status_text(u->status, sizeof u->status, u->view.lang, scn_model_name((scn_model)u->doc.run->s.cfg.model),
                    p, &u->doc.run->m);
    playhead(u, u->status, sizeof u->status);
    selection(u, u->status, sizeof u->status);
    if (u->doc.error_on)
        append(u->status, sizeof u->status, "   scenario error at %.*s: showing the last good run",
               where_len(u->doc.error), u->doc.error);
    if (u->note[0])
        append(u->status, sizeof u->status, "   %s", u->note);
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
    static const char title[] = "The scenario has an error; the last good run stays on screen:";
    dl_push_rect(out, x, y, w, h, th->panel_bg, th->fail, 3.0f);
    dl_push_text(out, x + pad, y + pad, fs, th->fail, DL_ANCHOR_TL, true, false, title, sizeof title - 1);
    wr = (ui_wrap){out, &u->meas, x + pad, y + pad * 1.5f + fs * 1.4f, w - 2 * pad, fs, th->fg, 0, true};
    wrap(&wr, u->doc.error);
}
