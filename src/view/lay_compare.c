/* lay_compare.c — the comparison view. Each panel is an ordinary course or timeline frame drawn
 * into a scratch list of the panel's size, then copied into place shifted and clipped: the views
 * stay unaware of being panels (dl_append_shifted). The shared scale is the view's own t0 and ns_per_px, with every
 * panel given the same plot length along time. */
#include "lay_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_int.h"
#include "view.h"

#define CMP_TITLE_H 30.0f     /* the figure's title band */
#define CMP_HEAD_H 26.0f      /* a panel's model name */
#define CMP_LINE_H 17.0f      /* a metrics line under a course panel */
#define CMP_METRICS 5
#define CMP_GAP_H 6.0f        /* a stacked timeline under the first: a thin band instead of its axis */         /* makespan, utilization, switches, peak memory, failed */

bool lay_compare_init(lay_compare *c, const lay_compare_run *runs, int n, sl_err *err)
{
    memset(c, 0, sizeof *c);
    dl_init(&c->panel);
    if (n < 1 || n > LAY_COMPARE_MAX)
        return sl_fail(err, "schedlab: error: a comparison takes 1 to %d runs, got %d", LAY_COMPARE_MAX, n);
    for (int i = 0; i < n; i++) {
        c->runs[i] = runs[i];
        c->n = i + 1;
        if (!lay_course_init(&c->course[i], runs[i].t, err) || !lay_init(&c->tl[i], runs[i].t, err)) {
            lay_compare_free(c);
            return false;
        }
        c->end = runs[i].t->end > c->end ? runs[i].t->end : c->end;
    }
    return true;
}

void lay_compare_free(lay_compare *c)
{
    for (int i = 0; i < c->n; i++) {
        lay_course_free(&c->course[i]);
        lay_free(&c->tl[i]);
    }
    dl_free(&c->panel);
    c->n = 0;
}

static float fs_of(const lay_view *v)
{
    return v->font_scale > 0 ? v->font_scale : 1.0f;
}

typedef struct {
    float x, y, w, h;
} cmp_box;

/* ---- Course panels side by side ------------------------------------------------------------- */

/* Panel i's box: the first one also holds the time axis, so every panel's columns get the same
 * width. */
static cmp_box course_box(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, int i)
{
    float fs = fs_of(v), axis = 0;
    c->course[0].opts.axis = true;
    lay_geom g0 = lay_course_geometry(&c->course[0], v, w, h, m);
    axis = g0.label_w;
    float pw = (w - axis) / (float)c->n, top = (CMP_TITLE_H + CMP_HEAD_H) * fs;
    float bottom = (CMP_LINE_H * CMP_METRICS + 10) * fs;
    cmp_box b = {i == 0 ? 0 : axis + pw * (float)i, top, i == 0 ? axis + pw : pw, h - top - bottom};
    b.h = b.h > 1 ? b.h : 1;
    return b;
}

static void course_opts(lay_compare *c, int i)
{
    lay_course_opts *o = &c->course[i].opts;
    o->axis = i == 0;
    o->status = false;
    o->hosts = true;
    o->notes = c->notes;
}

static void metric_lines(const lay_compare *c, const lay_view *v, const theme *th, int i, float x, float y,
                         dl_list *out)
{
    const sim_metrics *m = c->runs[i].m;
    char mk[48], mem[48], util[32], buf[CMP_METRICS][96];
    sl_fmt_dur(m->makespan_ns, mk, sizeof mk);
    sl_fmt_size(m->peak_memory_bytes, mem, sizeof mem);
    snprintf(util, sizeof util, "%.0f%%", m->utilization * 100.0);
    lay_localize(v->lang, mk, sizeof mk);
    lay_localize(v->lang, mem, sizeof mem);
    lay_localize(v->lang, util, sizeof util);
    snprintf(buf[0], sizeof buf[0], "%s %s", lay_str(v->lang, LAY_S_STATUS_MAKESPAN), mk);
    snprintf(buf[1], sizeof buf[1], "%s %s", lay_str(v->lang, LAY_S_STATUS_UTIL), util);
    snprintf(buf[2], sizeof buf[2], "%s %llu", lay_str(v->lang, LAY_S_STATUS_SWITCHES),
             (unsigned long long)m->context_switches);
    snprintf(buf[3], sizeof buf[3], "%s %s", lay_str(v->lang, LAY_S_STATUS_PEAK_MEM), mem);
    snprintf(buf[4], sizeof buf[4], "%s %llu", lay_str(v->lang, LAY_S_STATUS_FAILED), (unsigned long long)m->failed);
    float fs = fs_of(v), size = 13 * fs;
    for (int k = 0; k < CMP_METRICS; k++) {
        dl_color col = k == 4 && m->failed ? th->fail : th->fg;
        dl_push_text(out, x, y + (float)k * CMP_LINE_H * fs, size, col, DL_ANCHOR_TL, k == 0, false, buf[k],
                     strlen(buf[k]));
    }
}

/* A dashed line across a panel at the run's makespan: the totals compare at a glance. */
static void makespan_mark(const theme *th, float x0, float x1, float y, float fs, dl_list *out)
{
    dl_push_line(out, x0, y, x1, y, 1.5f * fs, th->fail, 6 * fs, 4 * fs);
}

/* A panel's name: its label when it has one, else its model's. */
static const char *run_name(const lay_compare *c, const lay_view *v, int i)
{
    return c->runs[i].label ? c->runs[i].label : lay_model_str(v->lang, c->runs[i].model);
}

static void course_panel(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, int i,
                         dl_list *out)
{
    const theme *th = theme_get(v->theme);
    float fs = fs_of(v);
    cmp_box b = course_box(c, v, w, h, m, i);
    course_opts(c, i);
    lay_geom g = lay_course_geometry(&c->course[i], v, b.w, b.h, m);
    lay_course_frame(&c->course[i], v, &g, m, &c->panel);
    dl_append_shifted(out, &c->panel, b.x, b.y, b.w, b.h);
    const char *name = run_name(c, v, i);
    dl_push_text(out, b.x + g.plot_x + g.plot_w / 2, b.y - 4 * fs, 16 * fs, th->fg, DL_ANCHOR_BC, true, false, name,
                 strlen(name));
    double y = b.y + lay_course_y_of(v, &g, c->runs[i].m->makespan_ns);
    if (y >= b.y + g.plot_y && y <= b.y + g.plot_y + g.plot_h)
        makespan_mark(th, b.x + g.plot_x + 4 * fs, b.x + g.plot_x + g.plot_w - 4 * fs, (float)y, fs, out);
    metric_lines(c, v, th, i, b.x + g.plot_x + 12 * fs, b.y + b.h + 6 * fs, out);
    if (i > 0)
        dl_push_line(out, b.x, b.y - CMP_HEAD_H * fs, b.x, h, 1.0f, th->panel_line, 0, 0);
}

/* ---- Timelines stacked ------------------------------------------------------------------------ */

/* A panel's view: the legend under the last one only; no status bar (its metrics go in the
 * panel's header band, where they cost no height). */
static lay_view tl_view(const lay_compare *c, const lay_view *v, int i)
{
    lay_view pv = *v;
    pv.show_legend = v->show_legend && i == c->n - 1;
    pv.status_off = true;
    return pv;
}

/* The time axis band the panel gives up: the panels share one scale, the first one's axis says it
 * (the rows get the room on a projector). */
static float tl_axis_saved(const lay_view *v, const lay_geom *g, int i)
{
    float band = CMP_GAP_H * fs_of(v);
    return i > 0 && g->axis_h > band ? g->axis_h - band : 0;
}

/* Panel i's fixed part (axis, legend) and its rows' height at the view's font scale. */
static void tl_parts(lay_compare *c, const lay_view *v, float w, const dl_measure *m, int i, float *chrome,
                     float *rows)
{
    lay_view pv = tl_view(c, v, i);
    lay_geom g = lay_geometry(&c->tl[i], &pv, w, 400, m);
    *chrome = 400 - g.plot_h - tl_axis_saved(v, &g, i);
    *rows = lay_content_height(&c->tl[i], &pv);
}

/* Each panel's natural height (its rows, axis; the legend under the last one). */
static float tl_natural(lay_compare *c, const lay_view *v, float w, const dl_measure *m, int i)
{
    float chrome, rows;
    tl_parts(c, v, w, m, i, &chrome, &rows);
    return chrome + rows;
}

/* Panel i's geometry with the label column as wide as the widest panel's: one time scale. Rows
 * scale by s (< 1: shrunk so that every lane of every panel shows; their text shrinks less, to
 * what the shrunk row holds without overlapping the next). */
static lay_geom tl_geom(lay_compare *c, const lay_view *pv, float w, float ph, const dl_measure *m, int i, float s)
{
    float lw = 0;
    for (int k = 0; k < c->n; k++) {
        lay_geom gk = lay_geometry(&c->tl[k], pv, w, ph, m);
        lw = gk.label_w > lw ? gk.label_w : lw;
    }
    lay_geom g = lay_geometry(&c->tl[i], pv, w, ph, m);
    float saved = tl_axis_saved(pv, &g, i);
    g.axis_h -= saved, g.plot_y -= saved, g.plot_h += saved;
    g.label_w = g.plot_x = lw;
    g.plot_w = w - lw > 1 ? w - lw : 1;
    if (s < 1) {
        float fs = fs_of(pv), text = 1.6f * s;   /* 12 px of text in a 20 px header row: none overlaps */
        g.rfs = fs * s;
        g.fs = fs * (text < 1 ? text : 1);
    }
    return g;
}

/* The panels' heights: each its fixed part plus its rows scaled by one factor for all (returned),
 * so that together they fill the room: rows of every kind show in every panel, none clipped. */
static float tl_heights(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, float *ph)
{
    float fs = fs_of(v), chrome[LAY_COMPARE_MAX], rows[LAY_COMPARE_MAX], sum_c = 0, sum_r = 0;
    float room = h - (CMP_TITLE_H + CMP_HEAD_H * (float)c->n) * fs;
    for (int i = 0; i < c->n; i++) {
        tl_parts(c, v, w, m, i, &chrome[i], &rows[i]);
        sum_c += chrome[i], sum_r += rows[i];
    }
    float s = sum_r > 0 && room > sum_c ? (room - sum_c) / sum_r : 0.05f;
    s = s > 0.05f ? s : 0.05f;
    for (int i = 0; i < c->n; i++)
        ph[i] = chrome[i] + rows[i] * s;
    return s;
}

/* The panel's header band: its name, then its metrics (cut at the right when the window is too
 * narrow for them). */
static void tl_header(const lay_compare *c, const lay_view *v, const dl_measure *m, float w, float y, int i,
                      dl_list *out)
{
    const theme *th = theme_get(v->theme);
    float fs = fs_of(v), hh = CMP_HEAD_H * fs, size = 15 * fs;
    const char *name = run_name(c, v, i);
    dl_push_rect(out, 0, y, w, hh, th->header_bg, 0, 0);
    dl_push_text(out, 10 * fs, y + hh / 2, size, th->header_fg, DL_ANCHOR_ML, true, false, name, strlen(name));
    char status[512];
    lay_status_text(status, sizeof status, v->lang, c->runs[i].model, NULL, c->runs[i].m);
    const char *rest = status, *model = lay_model_str(v->lang, c->runs[i].model);
    if (!strncmp(rest, model, strlen(model)))   /* the name already says the model */
        rest += strlen(model);
    while (*rest == ' ')
        rest++;
    float x = 10 * fs + lay_measure(m, name, strlen(name), size, true) + 24 * fs;
    dl_push_clip(out, x, y, w - x > 0 ? w - x : 0, hh);
    dl_push_text(out, x, y + hh / 2, 13 * fs, th->header_fg, DL_ANCHOR_ML, false, false, rest, strlen(rest));
    dl_push_clip(out, 0, 0, -1, -1);
}

static void tl_panel(lay_compare *c, const lay_view *v, float w, float y, float ph, float s, const dl_measure *m,
                     int i, dl_list *out)
{
    const theme *th = theme_get(v->theme);
    float fs = fs_of(v);
    lay_view pv = tl_view(c, v, i);
    lay_geom g = tl_geom(c, &pv, w, ph, m, i, s);
    lay_frame(&c->tl[i], &pv, &g, m, &c->panel);
    cmp_box b = {0, y + CMP_HEAD_H * fs, w, ph};
    dl_append_shifted(out, &c->panel, b.x, b.y, b.w, b.h);
    if (i > 0)   /* the thin band left of its axis: no half-cut tick labels */
        dl_push_rect(out, 0, b.y, w, g.plot_y, th->bg, 0, 0);
    tl_header(c, v, m, w, y, i, out);
    double x = lay_x_of(v, &g, c->runs[i].m->makespan_ns);
    if (x >= g.plot_x && x <= g.plot_x + g.plot_w)
        dl_push_line(out, (float)x, b.y + g.plot_y, (float)x, b.y + g.plot_y + g.plot_h, 1.5f * fs, th->fail,
                     6 * fs, 4 * fs);
}

/* ---- The frame -------------------------------------------------------------------------------- */

float lay_compare_height(lay_compare *c, const lay_view *v, float w, const dl_measure *m)
{
    float fs = fs_of(v);
    if (c->style == LAY_COMPARE_COURSE)
        return 0.6f * w > 520 * fs ? 0.6f * w : 520 * fs;
    float sum = (CMP_TITLE_H + CMP_HEAD_H * (float)c->n) * fs;
    for (int i = 0; i < c->n; i++)
        sum += tl_natural(c, v, w, m, i);
    return sum;
}

/* The geometry that carries the time axis: a course panel's (all have the same plot height), or
 * the first timeline's (all have the same plot width). */
static lay_geom time_geom(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m)
{
    if (c->style == LAY_COMPARE_COURSE) {
        int i = c->n - 1;
        cmp_box b = course_box(c, v, w, h, m, i);
        course_opts(c, i);
        lay_geom g = lay_course_geometry(&c->course[i], v, b.w, b.h, m);
        return lay_course_time_geom(&g);
    }
    float ph[LAY_COMPARE_MAX];
    float s = tl_heights(c, v, w, h, m, ph);
    lay_view pv = tl_view(c, v, 0);
    return tl_geom(c, &pv, w, ph[0], m, 0, s);
}

float lay_compare_time_len(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m)
{
    if (c->n == 0)
        return 1;
    lay_geom g = time_geom(c, v, w, h, m);
    return g.plot_w > 1 ? g.plot_w : 1;
}

void lay_compare_fit(lay_compare *c, lay_view *v, float w, float h, const dl_measure *m)
{
    if (c->n == 0)
        return;
    lay_geom g = time_geom(c, v, w, h, m);
    lay_fit(v, &g, c->end);
}

void lay_compare_frame(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, dl_list *out)
{
    const theme *th = theme_get(v->theme);
    float fs = fs_of(v);
    dl_reset(out, w, h, th->bg);
    if (c->n == 0)
        return;
    char title[320];
    const char *scn_title = c->runs[0].t->title;
    /* One language: the scenario's own title (the lecturer's words, in the scenario's language)
     * when it has one, else the table's "the same workload under four models" (labelled runs:
     * the title says it). */
    const char *what = c->runs[0].label ? "" : lay_str(v->lang, LAY_S_COMPARE_TITLE);
    snprintf(title, sizeof title, "%s", scn_title && *scn_title ? scn_title : what);
    dl_push_text(out, 10 * fs, CMP_TITLE_H * fs / 2, 16 * fs, th->fg, DL_ANCHOR_ML, true, false, title, strlen(title));
    if (c->style == LAY_COMPARE_COURSE) {
        for (int i = 0; i < c->n; i++)
            course_panel(c, v, w, h, m, i, out);
        return;
    }
    float ph[LAY_COMPARE_MAX] = {0}, y = CMP_TITLE_H * fs;
    float s = tl_heights(c, v, w, h, m, ph);
    for (int i = 0; i < c->n; i++) {
        tl_panel(c, v, w, y, ph[i], s, m, i, out);
        y += CMP_HEAD_H * fs + ph[i];
    }
}

bool lay_compare_tip(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, float x, float y,
                     char *buf, size_t n)
{
    if (c->style != LAY_COMPARE_COURSE)
        return false;
    for (int i = 0; i < c->n; i++) {
        cmp_box b = course_box(c, v, w, h, m, i);
        if (x < b.x || x >= b.x + b.w || y < b.y || y >= b.y + b.h)
            continue;
        course_opts(c, i);
        lay_geom g = lay_course_geometry(&c->course[i], v, b.w, b.h, m);
        return lay_course_host_tip(&c->course[i], v, &g, m, x - b.x, y - b.y, buf, n);
    }
    return false;
}

/* ---- The comparison behind the view interface (view.h) ---------------------------------------- */

static void *cmp_create(const view_src *src, sl_err *err)
{
    lay_compare_run runs[LAY_COMPARE_MAX];
    int n = src->nruns < LAY_COMPARE_MAX ? src->nruns : LAY_COMPARE_MAX;
    for (int k = 0; k < n; k++)
        runs[k] = (lay_compare_run){src->runs[k].t, src->runs[k].m, src->runs[k].model, src->runs[k].label};
    lay_compare *c = malloc(sizeof *c);
    if (!c)
        return sl_fail(err, "schedlab: error: out of memory (comparison)"), NULL;
    if (!lay_compare_init(c, runs, src->nruns, err)) {
        lay_compare_free(c);
        free(c);
        return NULL;
    }
    c->style = src->stacked ? LAY_COMPARE_TIMELINE : LAY_COMPARE_COURSE;
    c->notes = src->notes;
    c->status = src->status;
    return c;
}

static void cmp_destroy(void *ctx)
{
    if (ctx)
        lay_compare_free(ctx);
    free(ctx);
}

static lay_geom cmp_geometry(void *ctx, const lay_view *v, float w, float h, const dl_measure *m)
{
    return lay_screen_geom(v, w, h, ((lay_compare *)ctx)->status);
}

static float cmp_height(void *ctx, const lay_view *v, float w, const dl_measure *m)
{
    return lay_compare_height(ctx, v, w, m);
}

/* The panels share one time axis as long as this (where along the canvas does not matter to
 * navigation: only its length does). */
static lay_geom cmp_time_geom(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m)
{
    lay_geom t = *g;
    t.plot_w = lay_compare_time_len(ctx, v, g->w, g->plot_h, m);
    return t;
}

static bool cmp_time_down(const void *ctx)
{
    return ((const lay_compare *)ctx)->style == LAY_COMPARE_COURSE;
}

static int64_t cmp_end(const void *ctx)
{
    return ((const lay_compare *)ctx)->end;
}

/* The longest run fits, whatever end the caller passes. */
static void cmp_fit(void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end)
{
    lay_compare_fit(ctx, v, g->w, g->plot_h, m);
}

static void cmp_frame(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    lay_compare_frame(ctx, v, g->w, g->plot_h, m, out);
}

static bool cmp_tip(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y, char *buf,
                    size_t n)
{
    return lay_compare_tip(ctx, v, g->w, g->plot_h, m, x, y, buf, n);
}

const view_ops lay_compare_ops = {
    .name = "compare",
    .timed = true,
    .all_models = true,
    .create = cmp_create,
    .destroy = cmp_destroy,
    .geometry = cmp_geometry,
    .height = cmp_height,
    .time_geom = cmp_time_geom,
    .time_down = cmp_time_down,
    .end = cmp_end,
    .fit = cmp_fit,
    .frame = cmp_frame,
    .tip = cmp_tip,
};
