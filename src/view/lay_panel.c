/* lay_panel.c — what surrounds the plot: the lane-name column with its group headers, the
 * legend strip, the status bar and tooltips. */
#include "lay_agg.h"
#include "lay_int.h"

#include <stdio.h>
#include <string.h>

/* ---- Label column ------------------------------------------------------------------------------ */

/* A disclosure triangle: pointing down when the group is open, right when collapsed. */
static void triangle(const lay_fr *f, float x, float ym, bool collapsed, dl_color col)
{
    float s = 4 * f->fs;
    float open[6] = {x - s, ym - 0.6f * s, x + s, ym - 0.6f * s, x, ym + 0.7f * s};
    float shut[6] = {x - 0.6f * s, ym - s, x - 0.6f * s, ym + s, x + 0.7f * s, ym};
    dl_push_poly(f->out, collapsed ? shut : open, 3, col);
}

static void header_label(const lay_fr *f, const lay_row *r, float y, float h)
{
    const lay_group *gr = &f->c->groups[r->group];
    const theme *th = f->th;
    float fs = f->fs, size = LAY_TEXT * fs, ym = y + h / 2;
    dl_push_rect(f->out, 0, y, f->g->label_w, h, th->header_bg, 0, 0);
    triangle(f, 9 * fs, ym, gr->collapsed, th->header_fg);
    const char *title = lay_group_title(f->c, f->v->lang, r->group);
    size_t len = strlen(title);
    dl_push_text(f->out, 18 * fs, ym, size, th->header_fg, DL_ANCHOR_ML, true, false, title, len);
    char count[96];
    lay_agg_count_text(f->c, f->v->lang, r->group, count, sizeof count);
    float x = 18 * fs + lay_measure(f->m, title, len, size, true) + 6 * fs;
    dl_push_text(f->out, x, ym, size * 0.9f, th->fg_dim, DL_ANCHOR_ML, false, false, count, strlen(count));
}

static void label_row(const lay_fr *f, const lay_row *r, size_t i)
{
    float y = lay_row_y(f->c, f->v, f->g, r), h = r->h * lay_rfs(f->g), fs = f->fs;
    if (r->kind == LAY_ROW_HEADER) {
        header_label(f, r, y, h);
        return;
    }
    if (r->kind == LAY_ROW_AGG) {
        lay_agg_label(f, r, y, h);
        return;
    }
    char nb[96];
    const char *name = f->v->figure ? lay_lane_fig_name(f->t, (uint32_t)r->lane, f->v->lang, nb, sizeof nb)
                                    : lay_lane_name(f->t, (uint32_t)r->lane, f->v->lang, nb, sizeof nb);
    float x = 10 * fs + r->depth * LAY_INDENT * fs;
    bool lone = lay_group_lone(f->c, r->group);   /* a group of itself: bold where titles start, ruled */
    if (lone) {
        x = 18 * fs;
        dl_push_line(f->out, 0, y + 0.5f, f->g->label_w, y + 0.5f, 1.0f, f->th->panel_line, 0, 0);
    }
    dl_push_text(f->out, x, y + (lay_bar_top(r) + lay_bar_h(r) / 2) * lay_rfs(f->g), LAY_TEXT * fs, f->th->fg,
                 DL_ANCHOR_ML, lone,
                 false, name, strlen(name));
}

void lay_draw_labels(const lay_fr *f)
{
    const lay_geom *g = f->g;
    dl_push_clip(f->out, 0, 0, -1, -1);
    if (!f->v->figure) {
        dl_push_rect(f->out, 0, g->plot_y, g->label_w, g->plot_h, f->th->panel_bg, 0, 0);
        dl_push_line(f->out, g->label_w, g->plot_y, g->label_w, g->plot_y + g->plot_h, 1.0f, f->th->panel_line, 0, 0);
    }
    dl_push_clip(f->out, 0, g->plot_y, g->label_w > 1 ? g->label_w - 1 : 0, g->plot_h);
    lay_for_visible_rows(f, label_row);
    dl_push_clip(f->out, 0, 0, -1, -1);
}

/* ---- Legend --------------------------------------------------------------------------------- */

typedef enum { SW_STATE, SW_SWITCH, SW_AWAIT, SW_FAIL, SW_STOP } swatch_kind;

static void swatch(const lay_fr *f, swatch_kind k, trc_state st, float x, float y, float w, float h)
{
    dl_color col = f->th->palette[0];
    switch (k) {
    case SW_STATE: lay_draw_state(f, st, col, x, y, w, h); break;
    case SW_SWITCH:
        dl_push_rect(f->out, x, y, w, h, col, 0, 0);
        dl_push_line(f->out, x + w / 2, y, x + w / 2, y + h, 2.0f * f->fs, f->th->switch_mark, 0, 0);
        break;
    case SW_AWAIT: dl_push_arrow(f->out, x + w / 2, y - 2 * f->fs, x + w / 2, y + h, 1.5f * f->fs, 5 * f->fs,
                                 f->th->marker, false); break;
    case SW_FAIL:
        dl_push_line(f->out, x + w / 2 - h / 2, y, x + w / 2 + h / 2, y + h, 2.0f * f->fs, f->th->fail, 0, 0);
        dl_push_line(f->out, x + w / 2 - h / 2, y + h, x + w / 2 + h / 2, y, 2.0f * f->fs, f->th->fail, 0, 0);
        break;
    case SW_STOP:   /* a timeout or a deadlock: an arrow in the failure colour */
        dl_push_arrow(f->out, x + w / 2, y - 2 * f->fs, x + w / 2, y + h, 1.5f * f->fs, 5 * f->fs, f->th->fail, false);
        break;
    }
}

typedef struct {
    swatch_kind kind;
    trc_state st;
    const char *text;
} leg_entry;

#define LEG_MAX 20

/* The legend's entries for this trace: the states and marks it can show. */
static size_t legend_entries(const trc *t, lay_lang lang, leg_entry *e)
{
    static const trc_state states[] = {TRC_RUN, TRC_READY, TRC_GIL, TRC_WAIT, TRC_QUEUED, TRC_BLOCKED,
                                       TRC_SWITCH, TRC_SPAWN, TRC_AWAIT};
    size_t n = 0;
    /* "awaiting a task" only where there are tasks (they are the trace's last records) */
    bool tasks = t->nreqs > 0 && (t->reqs[t->nreqs - 1].flags & TRC_REQ_TASK);
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (states[i] != TRC_AWAIT || tasks)
            e[n++] = (leg_entry){SW_STATE, states[i], lay_state_str(lang, states[i])};
    bool locks = false, queues = false;   /* the synchronization states, where there are such resources */
    for (size_t i = 0; i < t->nres; i++)
        locks |= t->res[i].kind != 2, queues |= t->res[i].kind == 2;
    if (locks)
        e[n++] = (leg_entry){SW_STATE, TRC_LOCKWAIT, lay_state_str(lang, TRC_LOCKWAIT)};
    if (queues)
        e[n++] = (leg_entry){SW_STATE, TRC_QWAIT, lay_state_str(lang, TRC_QWAIT)};
    e[n++] = (leg_entry){SW_SWITCH, TRC_RUN, lay_mark_str(lang, TRC_MK_SWITCH)};
    e[n++] = (leg_entry){SW_AWAIT, TRC_RUN, lay_mark_str(lang, TRC_MK_AWAIT)};
    e[n++] = (leg_entry){SW_FAIL, TRC_RUN, lay_mark_str(lang, TRC_MK_FAIL)};
    bool timeouts = false;
    for (size_t i = 0; i < t->nmarks && !timeouts; i++)
        timeouts = t->marks[i].kind == TRC_MK_TIMEOUT;
    if (timeouts)
        e[n++] = (leg_entry){SW_STOP, TRC_RUN, lay_mark_str(lang, TRC_MK_TIMEOUT)};
    if (t->deadlock.on)
        e[n++] = (leg_entry){SW_STOP, TRC_RUN, lay_mark_str(lang, TRC_MK_DEADLOCK)};
    return n;
}

/* An entry's width: swatch, gap, text, and the space before the next one. */
static float entry_w(const dl_measure *m, const leg_entry *e, float fs)
{
    return 25 * fs + lay_measure(m, e->text, strlen(e->text), LAY_TEXT_AXIS * fs, false) + 14 * fs;
}

/* Places the entries left to right, starting a new row rather than going past the right edge;
 * with f, draws them too. Returns the number of rows. */
static int legend_place(const trc *t, lay_lang lang, const dl_measure *m, float fs, float w, const lay_fr *f)
{
    leg_entry e[LEG_MAX];
    size_t n = legend_entries(t, lang, e);
    float x0 = 10 * fs, x = x0;
    int row = 0;
    for (size_t i = 0; i < n; i++) {
        float ew = entry_w(m, &e[i], fs);
        if (x > x0 && x + ew - 14 * fs > w - 4 * fs)
            x = x0, row++;
        if (f) {
            float ym = f->g->legend_y + ((float)row + 0.5f) * LAY_LEGEND_H * fs, sw = 20 * fs, sh = 10 * fs;
            swatch(f, e[i].kind, e[i].st, x, ym - sh / 2, sw, sh);
            dl_push_text(f->out, x + sw + 5 * fs, ym, LAY_TEXT_AXIS * fs, f->th->fg, DL_ANCHOR_ML, false, false,
                         e[i].text, strlen(e[i].text));
        }
        x += ew;
    }
    return row + 1;
}

int lay_legend_rows(const trc *t, lay_lang lang, const dl_measure *m, float fs, float w)
{
    return legend_place(t, lang, m, fs, w, NULL);
}

/* Serving is drawn like running (in the request's colour), on server lanes: one entry for both. */
void lay_draw_legend(const lay_fr *f)
{
    const lay_geom *g = f->g;
    if (g->legend_h <= 0)
        return;
    dl_push_rect(f->out, 0, g->legend_y, g->w, g->legend_h, f->th->panel_bg, 0, 0);
    dl_push_line(f->out, 0, g->legend_y, g->w, g->legend_y, 1.0f, f->th->panel_line, 0, 0);
    dl_push_clip(f->out, 0, g->legend_y, g->w, g->legend_h);
    legend_place(f->t, f->v->lang, f->m, f->fs, g->w, f);
    dl_push_clip(f->out, 0, 0, -1, -1);
}

/* ---- Status bar and tooltip ----------------------------------------------------------------- */

void lay_status_bar(const lay_view *v, const lay_geom *g, const char *text, dl_list *out)
{
    const theme *th = theme_get(v->theme);
    float fs = g->fs > 0 ? g->fs : 1.0f;
    dl_push_clip(out, 0, 0, -1, -1);
    dl_push_rect(out, 0, g->status_y, g->w, g->status_h, th->panel_bg, 0, 0);
    dl_push_line(out, 0, g->status_y, g->w, g->status_y, 1.0f, th->panel_line, 0, 0);
    dl_push_clip(out, 0, g->status_y, g->w, g->status_h);
    const char *nl = strchr(text, '\n');
    size_t len = nl ? (size_t)(nl - text) : strlen(text);
    dl_push_text(out, 8 * fs, g->status_y + g->status_h / 2, LAY_TEXT * fs, th->fg, DL_ANCHOR_ML, false, false,
                 text, len);
    dl_push_clip(out, 0, 0, -1, -1);
}

#define TIP_LINES 24

/* Splits text at '\n' into at most TIP_LINES lines; returns their number. */
static int split_lines(const char *text, const char **s, size_t *len)
{
    int n = 0;
    while (*text && n < TIP_LINES) {
        const char *nl = strchr(text, '\n');
        s[n] = text;
        len[n] = nl ? (size_t)(nl - text) : strlen(text);
        n++;
        text = nl ? nl + 1 : text + len[n - 1];
    }
    return n;
}

void lay_tooltip(const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y,
                 const char *text, dl_list *out)
{
    const theme *th = theme_get(v->theme);
    const char *s[TIP_LINES];
    size_t len[TIP_LINES];
    int n = split_lines(text, s, len);
    float fs = g->fs > 0 ? g->fs : 1.0f, size = LAY_TEXT * fs, lh = size * 1.35f, pad = 6 * fs, w = 0;
    for (int i = 0; i < n; i++) {
        float lw = lay_measure(m, s[i], len[i], size, i == 0);
        w = lw > w ? lw : w;
    }
    w += 2 * pad;
    float h = n * lh + 2 * pad, bx = x + 14 * fs, by = y + 14 * fs;
    bx = bx + w > g->w ? x - 14 * fs - w : bx;
    by = by + h > g->h ? g->h - h : by;
    bx = bx < 0 ? 0 : bx, by = by < 0 ? 0 : by;
    dl_push_clip(out, 0, 0, -1, -1);
    dl_push_rect(out, bx, by, w, h, th->panel_bg, th->panel_line, 1.0f);
    for (int i = 0; i < n; i++)
        dl_push_text(out, bx + pad, by + pad + i * lh, size, th->fg, DL_ANCHOR_TL, i == 0, false, s[i], len[i]);
}
