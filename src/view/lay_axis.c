/* lay_axis.c — the time axis: ticks every 1, 2 or 5 x 10^k ns, labelled in the unit that suits
 * the step ("250µs", "1.5ms", "2s"); the step is the smallest whose measured labels do not touch. */
#include "lay_int.h"

#include <stdio.h>
#include <string.h>

#define LAY_STEP_MAX INT64_C(500000000000000000)   /* 5e17 ns: beyond any run */

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* The next step of the 1, 2, 5 series. */
static int64_t next_step(int64_t s)
{
    int64_t k = s;
    while (k >= 10)
        k /= 10;
    return k == 2 ? s / 2 * 5 : s * 2;
}

/* The unit a step is written in: the largest of s, ms, µs, ns no more than ten times the step,
 * so a 500 µs step reads "1.5ms" and a 50 µs step "250µs". */
static int64_t step_unit(int64_t step, lay_lang lang, const char **suffix)
{
    if (step >= SL_NS_PER_S / 10)
        return *suffix = lay_str(lang, LAY_S_UNIT_S), SL_NS_PER_S;
    if (step >= SL_NS_PER_MS / 10)
        return *suffix = lay_str(lang, LAY_S_UNIT_MS), SL_NS_PER_MS;
    if (step >= SL_NS_PER_US / 10)
        return *suffix = lay_str(lang, LAY_S_UNIT_US), SL_NS_PER_US;
    return *suffix = lay_str(lang, LAY_S_UNIT_NS), 1;
}

/* Integer arithmetic only: a tick at 10 s seen at 1 ns steps still reads exactly. */
char *lay_tick_label(int64_t t, int64_t step, lay_lang lang, char *buf, size_t n)
{
    const char *suf;
    int64_t unit = step_unit(step > 0 ? step : 1, lang, &suf);
    const char *sign = t < 0 ? "-" : "";
    uint64_t a = t < 0 ? (uint64_t)0 - (uint64_t)t : (uint64_t)t;
    if (unit == 1 || step % unit == 0) {
        snprintf(buf, n, "%s%llu%s", sign, (unsigned long long)(a / (uint64_t)unit), suf);
        return lay_localize(lang, buf, n);
    }
    uint64_t tenths = a / (uint64_t)(unit / 10);
    if (tenths % 10)
        snprintf(buf, n, "%s%llu.%u%s", sign, (unsigned long long)(tenths / 10), (unsigned)(tenths % 10), suf);
    else
        snprintf(buf, n, "%s%llu%s", sign, (unsigned long long)(tenths / 10), suf);
    return lay_localize(lang, buf, n);
}

char *lay_fmt_dur(int64_t ns, lay_lang lang, char *buf, size_t n)
{
    int64_t a = ns < 0 ? -ns : ns;
    const char *suf;
    int64_t unit = step_unit(a / 10, lang, &suf);   /* the largest unit not above |ns| */
    if (unit == 1)
        snprintf(buf, n, "%lld%s", (long long)ns, suf);
    else
        snprintf(buf, n, "%.4g%s", (double)ns / (double)unit, suf);
    return lay_localize(lang, buf, n);
}

/* The widest label of the ticks of step s between tl and tr. */
static float widest_label(const lay_view *v, const dl_measure *m, float size, int64_t s, int64_t tl, int64_t tr)
{
    char buf[48];
    float w = 0;
    for (int64_t k = floor_div(tl, s), k1 = floor_div(tr, s) + 1; k <= k1; k++) {
        lay_tick_label(k * s, s, v->lang, buf, sizeof buf);
        float lw = lay_measure(m, buf, strlen(buf), size, false);
        w = lw > w ? lw : w;
    }
    return w;
}

int64_t lay_tick_step(const lay_view *v, const lay_geom *g, const dl_measure *m)
{
    if (v->tick_step > 0)   /* asked for: --ticks */
        return v->tick_step < LAY_STEP_MAX ? v->tick_step : LAY_STEP_MAX;
    float fs = g->fs > 0 ? g->fs : 1.0f, size = LAY_TEXT_AXIS * fs, gap = LAY_TICK_GAP * fs;
    int64_t tl = lay_trel(v, 0), tr = lay_trel(v, g->plot_w);
    int64_t s = 1;
    while (s < LAY_STEP_MAX && (double)s / v->ns_per_px < 2 * gap)
        s = next_step(s);
    for (; s < LAY_STEP_MAX; s = next_step(s))
        if ((double)s / v->ns_per_px >= widest_label(v, m, size, s, tl, tr) + gap)
            return s;
    return LAY_STEP_MAX;
}

/* Calls fn for every tick of step s in the visible window (and one beyond each edge). */
static void for_ticks(const lay_fr *f, int64_t s, void (*fn)(const lay_fr *, int64_t t, int64_t s))
{
    int64_t tl = lay_trel(f->v, 0), tr = lay_trel(f->v, f->g->plot_w);
    for (int64_t k = floor_div(tl, s), k1 = floor_div(tr, s) + 1; k <= k1; k++)
        fn(f, k * s, s);
}

static void grid_line(const lay_fr *f, int64_t t, int64_t s)
{
    float x = (float)lay_x_of(f->v, f->g, t);
    dl_push_line(f->out, x, f->g->plot_y, x, f->g->plot_y + f->g->plot_h, 1.0f, f->th->grid, 0, 0);
}

void lay_draw_grid(const lay_fr *f, int64_t step)
{
    for_ticks(f, step, grid_line);
}

/* Ticks left of the plot are not drawn; a label may overhang the label column but is never
 * cut (a cut "12.5ms" would read "2.5ms"): one that would cross the canvas edge is left out. */
static void axis_tick(const lay_fr *f, int64_t t, int64_t s)
{
    char buf[48];
    const lay_geom *g = f->g;
    double xd = lay_x_of(f->v, g, t);
    if (xd < g->plot_x - 0.5 || xd > g->plot_x + g->plot_w + 0.5)
        return;
    bool fig = f->v->figure;
    float x = (float)xd, y = g->axis_h, size = (fig ? 1.4f * LAY_TEXT : LAY_TEXT_AXIS) * f->fs;
    dl_push_line(f->out, x, y - (fig ? 9 : 5) * f->fs, x, y, fig ? 1.5f * f->fs : 1.0f, fig ? f->th->fg : f->th->fg_dim, 0, 0);
    if (f->v->tick_index)   /* --tick-labels index: 0 1 2 3, as figure w8-s6 numbers its ticks */
        snprintf(buf, sizeof buf, "%lld", (long long)floor_div(t, s));
    else
        lay_tick_label(t, s, f->v->lang, buf, sizeof buf);
    size_t len = strlen(buf);
    float hw = lay_measure(f->m, buf, len, size, false) / 2;
    if (x - hw >= 0 && x + hw <= g->w)
        dl_push_text(f->out, x, y - (fig ? 10 : 7) * f->fs, size, fig ? f->th->fg : f->th->fg_dim, DL_ANCHOR_BC, false,
                     false, buf, len);
}

/* Figure style: "temps" and a long grey arrow to the right, as in the w8-s2 and w8-s6 figures;
 * ticks only when asked for (--ticks), under the arrow. */
static void figure_axis(const lay_fr *f, int64_t step)
{
    const lay_geom *g = f->g;
    float fs = f->fs, size = LAY_TEXT * 1.1f * fs, y = (f->v->tick_step > 0 ? 0.3f : 0.5f) * g->axis_h;
    const char *word = lay_str(f->v->lang, LAY_S_COURSE_TIME);
    float tw = lay_measure(f->m, word, strlen(word), size, false);
    dl_push_text(f->out, 6 * fs, y, size, f->th->fg_dim, DL_ANCHOR_ML, false, false, word, strlen(word));
    dl_color ac = theme_mix(f->th->fg_dim, f->th->bg, 0.3f);
    dl_push_arrow(f->out, 12 * fs + tw, y, g->w - 4 * fs, y, 4 * fs, 12 * fs, ac, false);
    if (f->v->tick_step > 0)
        for_ticks(f, step, axis_tick);
}

void lay_draw_axis(const lay_fr *f, int64_t step)
{
    const lay_geom *g = f->g;
    dl_push_clip(f->out, 0, 0, -1, -1);
    if (f->v->figure) {
        figure_axis(f, step);
        return;
    }
    dl_push_rect(f->out, 0, 0, g->w, g->axis_h, f->th->panel_bg, 0, 0);
    dl_push_line(f->out, 0, g->axis_h, g->w, g->axis_h, 1.0f, f->th->panel_line, 0, 0);
    for_ticks(f, step, axis_tick);
}

/* The time under the pointer, on the axis, to the precision of a pixel (a power of ten ns). */
void lay_draw_hover_time(const lay_fr *f)
{
    const lay_geom *g = f->g;
    const lay_view *v = f->v;
    if (!v->hover_on || v->hover_x < g->plot_x || v->hover_x > g->plot_x + g->plot_w)
        return;
    int64_t p = 1;
    while ((double)p < v->ns_per_px && p < LAY_STEP_MAX)
        p *= 10;
    int64_t t = floor_div(lay_t_of(v, g, v->hover_x) + p / 2, p) * p;
    char buf[48];
    size_t len = strlen(lay_tick_label(t, p, v->lang, buf, sizeof buf));
    float size = LAY_TEXT_AXIS * f->fs, w = lay_measure(f->m, buf, len, size, true) + 8 * f->fs;
    float x = v->hover_x - w / 2, h = size + 6 * f->fs, y = g->axis_h - h - 2 * f->fs;
    x = x < 0 ? 0 : x + w > g->w ? g->w - w : x;
    dl_push_rect(f->out, x, y, w, h, f->th->panel_bg, f->th->hover, 1.0f);
    dl_push_text(f->out, x + w / 2, y + h / 2, size, f->th->hover, DL_ANCHOR_MC, true, false, buf, len);
}

int64_t lay_px_precision(const lay_view *v)
{
    int64_t p = 1;
    while ((double)p < v->ns_per_px && p < LAY_STEP_MAX)
        p *= 10;
    return p;
}

/* A time in a box, bold, in color (the playhead's time beside its line): w x h around (cx, cy),
 * moved inside [lo, hi] along x. */
void lay_draw_time_tag(dl_list *out, const dl_measure *m, const theme *th, dl_color color, float fs, int64_t t,
                       int64_t precision, lay_lang lang, float cx, float cy, float lo, float hi)
{
    char buf[48];
    int64_t p = precision > 0 ? precision : 1;
    size_t len = strlen(lay_tick_label(floor_div(t + p / 2, p) * p, p, lang, buf, sizeof buf));
    float size = LAY_TEXT_AXIS * fs, w = lay_measure(m, buf, len, size, true) + 8 * fs, h = size + 6 * fs;
    float x = cx - w / 2;
    x = x + w > hi ? hi - w : x;
    x = x < lo ? lo : x;
    dl_push_rect(out, x, cy - h / 2, w, h, th->panel_bg, color, 1.5f * fs);
    dl_push_text(out, x + w / 2, cy, size, color, DL_ANCHOR_MC, true, false, buf, len);
}
