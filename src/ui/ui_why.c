/* ui_why.c — narration: with the playhead paused, Left/Right step through the run's scheduling
 * decisions (src/view/lay_why.c); a caption panel over the bottom of the plot says the current one
 * in a sentence (large in lecture mode) and the lanes it involves are outlined. (A wait's tooltip
 * adds the same sentence through lay_describe_seg, for the web edition too.) */
#include "ui_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_why.h"

struct ui_why {
    lay_whys w;
    const trc *t;          /* the run the decisions were built for ... */
    uint64_t gen;          /* ... and its generation (ui_doc.gen) */
    long cur;              /* the decision shown, or -1 */
    bool ok;               /* w is built */
};

#define UI_WHY_LECTURE 1.5f   /* the caption's text in lecture mode, on top of the window's mag */

/* The decisions of the current run, rebuilt after a new run; NULL when out of memory. */
static struct ui_why *decisions(ui *u)
{
    if (!u->why) {
        u->why = calloc(1, sizeof *u->why);
        if (!u->why)
            return NULL;
        u->why->cur = -1;
    }
    struct ui_why *y = u->why;
    const trc *t = &u->doc.run->t;
    if (y->ok && y->t == t && y->gen == u->doc.gen)
        return y;
    lay_why_free(&y->w);
    y->ok = lay_why_build(t, &y->w);
    y->t = t;
    y->gen = u->doc.gen;
    y->cur = -1;
    return y->ok ? y : NULL;
}

/* Whether the caption may show: one run on screen, the playhead paused. */
static bool narrating(const ui *u)
{
    return u->doc.run && u->view.playhead_on && !u->playing && ui_view_single(u) && u->screen == UI_SCREEN_MAIN;
}

/* The decision shown now: the cursor's, when the playhead still stands at its instant. */
static const lay_why *current(ui *u)
{
    struct ui_why *y = narrating(u) ? decisions(u) : NULL;
    if (!y || y->cur < 0 || (size_t)y->cur >= y->w.n || y->w.v[y->cur].t != u->view.playhead)
        return NULL;
    return &y->w.v[y->cur];
}

/* The decision a step in dir reaches from the cursor (or, unseated, from the playhead), or -1. */
static long next_decision(ui *u, struct ui_why *y, int dir)
{
    long cur = y->cur;
    if (!current(u))   /* the playhead moved by other means: start from where it stands */
        cur = dir > 0 ? (long)lay_why_first_at(&y->w, u->view.playhead) - 1
                      : (long)lay_why_first_at(&y->w, u->view.playhead + 1);
    long next = lay_why_step(&y->w, cur, dir);
    return next >= 0 && (size_t)next < y->w.n ? next : -1;
}

/* Events and decisions merged: a step goes to the nearer of the next event and the next decision;
 * at an instant with decisions it stops at each of them (so stepping back retraces every stop). */
int ui_why_step(ui *u, int dir, int64_t *t)
{
    struct ui_why *y = narrating(u) ? decisions(u) : NULL;
    if (!y || y->w.n == 0)
        return -1;
    long d = next_decision(u, y, dir);
    int64_t te;
    bool ev = ui_view_step(u, dir, u->view.playhead, &te);
    if (d < 0 && !ev)
        return 0;
    int64_t td = d >= 0 ? y->w.v[d].t : 0;
    if (ev && (d < 0 || (dir > 0 ? te < td : te > td))) {   /* an event comes first: no caption there */
        *t = te;
        return 1;
    }
    y->cur = d;
    *t = td;
    return 1;
}

void ui_why_status(ui *u, char *buf, size_t n)
{
    const lay_why *d = current(u);
    if (!d || n < 2)
        return;
    /* first (after the note, which ui_status_build puts before everything): the end of a long
     * status line is cut, and in lecture mode it always is */
    char k[24], of[24], head[64], *rest = malloc(n);
    if (!rest)
        return;
    memcpy(rest, buf, n);
    rest[n - 1] = '\0';
    snprintf(k, sizeof k, "%ld", u->why->cur + 1);
    snprintf(of, sizeof of, "%zu", u->why->w.n);
    snprintf(head, sizeof head, lay_str(u->view.lang, LAY_S_WHY_STEP), k, of);
    snprintf(buf, n, "%s   %s", head, rest);
    free(rest);
}

/* Lines of at most w pixels cut at spaces into starts/lens; returns how many (at most max). */
static int wrap_lines(const dl_measure *m, const char *s, float size, float w, const char **starts, size_t *lens,
                      int max)
{
    int n = 0;
    size_t len = strlen(s), start = 0;
    while (start < len && n < max) {
        size_t fit = 0, end = start;
        while (end < len) {
            size_t next = end + 1;
            while (next < len && s[next] != ' ')
                next++;
            if (fit && m->width(m->ctx, s + start, next - start, size, false) > w)
                break;
            fit = end = next;
        }
        starts[n] = s + start;
        lens[n++] = fit - start;
        start = fit;
        while (start < len && s[start] == ' ')
            start++;
    }
    return n;
}

/* Outlines the rows of the lanes d involves, and marks its instant on them. */
static void highlight(ui *u, const lay_why *d, dl_list *out)
{
    if (u->course)
        return;
    const theme *th = theme_get(u->view.theme);
    const lay_geom *g = &u->geom;
    uint32_t lanes[3];
    size_t k = lay_why_lanes(d, lanes);
    float x = (float)lay_x_of(&u->view, g, d->t);
    dl_push_clip(out, g->plot_x, g->plot_y, g->plot_w, g->plot_h);
    for (size_t i = 0; i < k; i++) {
        float y, h;
        if (!lay_lane_rect(&u->doc.run->lay, &u->view, g, lanes[i], &y, &h))
            continue;
        dl_push_rect(out, g->plot_x + 1, y + 1, g->plot_w - 2, h - 2, 0, th->select, 2.0f * g->fs);
        dl_push_line(out, x, y, x, y + h, 3.0f * g->fs, th->select, 0, 0);
    }
    dl_push_clip(out, 0, 0, -1, -1);
}

#define UI_WHY_LINES 6

void ui_why_draw(ui *u, dl_list *out)
{
    const lay_why *d = current(u);
    if (!d)
        return;
    highlight(u, d, out);
    char text[1024];
    lay_why_sentence(&u->doc.run->t, d, u->view.lang, text, sizeof text);
    const theme *th = theme_get(u->view.theme);
    const lay_geom *g = &u->geom;
    float fs = g->fs > 0 ? g->fs : 1.0f, size = 14.0f * fs * (u->lecture ? UI_WHY_LECTURE : 1.0f);
    float pad = 8 * fs, lh = size * 1.35f, w = g->plot_w - 2 * pad;
    const char *s[UI_WHY_LINES];
    size_t len[UI_WHY_LINES];
    int n = wrap_lines(&u->meas, text, size, w - 3 * pad, s, len, UI_WHY_LINES);
    float h = (float)n * lh + 2 * pad, x = g->plot_x + pad, y = g->plot_y + g->plot_h - h - pad;
    dl_push_clip(out, 0, 0, -1, -1);
    dl_push_rect(out, x, y, w, h, th->panel_bg, th->select, 2.0f * fs);
    for (int i = 0; i < n; i++)
        dl_push_text(out, x + pad, y + pad + (float)i * lh, size, th->fg, DL_ANCHOR_TL, false, false, s[i], len[i]);
}

void ui_why_free(ui *u)
{
    if (!u->why)
        return;
    lay_why_free(&u->why->w);
    free(u->why);
    u->why = NULL;
}
