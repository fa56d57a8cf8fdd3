/* lay_sweep.c — the scale sweep's plot. */
#include "lay_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view.h"

typedef struct {
    float x, y, w, h;          /* plot area */
    double lx0, lx1, ly0, ly1; /* log10 ranges on each axis */
    float fs;
    const theme *th;
    dl_list *out;
} plot;

static float px_x(const plot *p, double v)
{
    return p->x + (float)((log10(v) - p->lx0) / (p->lx1 - p->lx0)) * p->w;
}

static float px_y(const plot *p, double v)
{
    double lv = log10(v > 0 ? v : pow(10, p->ly0));
    return p->y + p->h - (float)((lv - p->ly0) / (p->ly1 - p->ly0)) * p->h;
}

/* "10", "1k", "100k", "1M" for powers of ten. */
static void pow10_label(int e, char *buf, size_t n)
{
    static const char *const suffix[] = {"", "k", "M", "G"};
    int k = e >= 0 ? e / 3 : 0;
    if (k > 3)
        k = 3;
    snprintf(buf, n, "%.0f%s", pow(10, e - 3 * k), suffix[k]);
}

static void ranges(const swp_result *r, plot *p)
{
    double ymin = INFINITY, ymax = 0;
    for (size_t i = 0; i < r->ncounts * (size_t)r->nmodels; i++) {
        double t = r->pts[i].m.throughput_per_s;
        if (t > 0) {
            ymin = t < ymin ? t : ymin;
            ymax = t > ymax ? t : ymax;
        }
    }
    if (!(ymax > 0))
        ymin = 1, ymax = 10;
    p->lx0 = floor(log10(r->counts[0]));
    p->lx1 = ceil(log10(r->counts[r->ncounts - 1]));
    if (p->lx1 <= p->lx0)
        p->lx1 = p->lx0 + 1;
    p->ly0 = floor(log10(ymin));
    p->ly1 = ceil(log10(ymax));
    if (p->ly1 <= p->ly0)
        p->ly1 = p->ly0 + 1;
}

static void axes(const plot *p, lay_lang lang)
{
    const theme *th = p->th;
    char buf[32];
    for (int e = (int)p->lx0; e <= (int)p->lx1; e++) {
        float x = px_x(p, pow(10, e));
        dl_push_line(p->out, x, p->y, x, p->y + p->h, 1, th->grid, 0, 0);
        pow10_label(e, buf, sizeof buf);
        dl_push_text(p->out, x, p->y + p->h + 4 * p->fs, 12 * p->fs, th->fg_dim, DL_ANCHOR_TC, false, false, buf,
                     strlen(buf));
    }
    for (int e = (int)p->ly0; e <= (int)p->ly1; e++) {
        float y = px_y(p, pow(10, e));
        dl_push_line(p->out, p->x, y, p->x + p->w, y, 1, th->grid, 0, 0);
        pow10_label(e, buf, sizeof buf);
        dl_push_text(p->out, p->x - 6 * p->fs, y, 12 * p->fs, th->fg_dim, DL_ANCHOR_MR, false, false, buf,
                     strlen(buf));
    }
    dl_push_line(p->out, p->x, p->y + p->h, p->x + p->w, p->y + p->h, 1.5f * p->fs, th->fg, 0, 0);
    dl_push_line(p->out, p->x, p->y, p->x, p->y + p->h, 1.5f * p->fs, th->fg, 0, 0);
    const char *xl = lay_str(lang, LAY_S_SWEEP_X), *yl = lay_str(lang, LAY_S_SWEEP_Y);
    dl_push_text(p->out, p->x + p->w / 2, p->y + p->h + 22 * p->fs, 13 * p->fs, th->fg, DL_ANCHOR_TC, false, false,
                 xl, strlen(xl));
    dl_push_text(p->out, p->x - 44 * p->fs, p->y + p->h / 2, 13 * p->fs, th->fg, DL_ANCHOR_MC, false, true, yl,
                 strlen(yl));
}

static void cross(const plot *p, float x, float y, float s, dl_color c)
{
    dl_push_line(p->out, x - s, y - s, x + s, y + s, 3 * p->fs, c, 0, 0);
    dl_push_line(p->out, x - s, y + s, x + s, y - s, 3 * p->fs, c, 0, 0);
}

static void triangle(const plot *p, float x, float y, float s, dl_color c)
{
    float pts[6] = {x, y - s, x + s, y + s * 0.8f, x - s, y + s * 0.8f};
    dl_push_poly(p->out, pts, 3, c);
}

/* The label of a marked point, offset so labels of different models rarely collide. */
static void point_note(const plot *p, float x, float y, int mi, lay_lang lang, lay_str_key k, dl_color c)
{
    const char *s = lay_str(lang, k);
    float dy = (mi % 2 ? 14.0f : -14.0f) * p->fs;
    bool left = x > p->x + p->w - 90 * p->fs;   /* near the right edge: write it on the left */
    dl_push_text(p->out, left ? x - 8 * p->fs : x + 8 * p->fs, y + dy, 12 * p->fs, c,
                 left ? DL_ANCHOR_MR : DL_ANCHOR_ML, true, false, s, strlen(s));
}

/* One colour per model whatever the theme (Okabe & Ito, colour-blind safe, readable on the light,
 * dark and contrast backgrounds): a model keeps its colour from one slide to the next. */
static dl_color model_color(scn_model m)
{
    static const dl_color colors[SCN_MODEL_COUNT] = {
        DL_RGBA(0x00, 0x72, 0xB2, 255),   /* sequential: blue */
        DL_RGBA(0xD5, 0x5E, 0x00, 255),   /* processes: vermillion */
        DL_RGBA(0x00, 0x9E, 0x73, 255),   /* threads: bluish green */
        DL_RGBA(0xCC, 0x79, 0xA7, 255),   /* coroutines: reddish purple */
    };
    return (unsigned)m < SCN_MODEL_COUNT ? colors[m] : colors[0];
}

static void model_line(const swp_result *r, const plot *p, int mi, dl_color c, lay_lang lang)
{
    float lastx = 0, lasty = 0;
    for (size_t ci = 0; ci < r->ncounts; ci++) {
        const swp_point *q = swp_at(r, mi, ci);
        float x = px_x(p, q->count), y = px_y(p, q->m.throughput_per_s);
        bool failing = r->fail_at[mi] >= 0 && (int32_t)ci > r->fail_at[mi];   /* dashed after it fails */
        if (ci)
            dl_push_line(p->out, lastx, lasty, x, y, 2.5f * p->fs, c, failing ? 8 * p->fs : 0, failing ? 6 * p->fs : 0);
        dl_push_rect(p->out, x - 3 * p->fs, y - 3 * p->fs, 6 * p->fs, 6 * p->fs, c, 0, 0);
        if ((int32_t)ci == r->fail_at[mi]) {
            cross(p, x, y, 7 * p->fs, p->th->fail);
            point_note(p, x, y, mi, lang, LAY_S_SWEEP_FAILS, p->th->fail);
        } else if ((int32_t)ci == r->collapse_at[mi]) {
            triangle(p, x, y, 8 * p->fs, p->th->spawn);
            point_note(p, x, y, mi, lang, LAY_S_SWEEP_COLLAPSES, p->th->spawn);
        }
        lastx = x, lasty = y;
    }
}

/* The legend stands right of the plot, where no curve can pass under it. */
static void legend(const swp_result *r, const plot *p, const dl_color *colors, lay_lang lang)
{
    float y = p->y + 8 * p->fs;
    for (int mi = 0; mi < r->nmodels; mi++, y += 18 * p->fs) {
        const char *name = lay_model_str(lang, (scn_model)r->models[mi]);
        float x = p->x + p->w + 16 * p->fs;
        dl_push_rect(p->out, x, y, 22 * p->fs, 4 * p->fs, colors[mi], 0, 0);
        dl_push_text(p->out, x + 28 * p->fs, y + 2 * p->fs, 13 * p->fs, p->th->fg, DL_ANCHOR_ML, false, false, name,
                     strlen(name));
    }
}

/* ---- Why each model stops (sweep --why) -------------------------------------------------------- */

/* The point that explains a model: where it fails, else where it collapses, else the last count. */
static size_t why_point(const swp_result *r, int mi)
{
    return r->fail_at[mi] >= 0 ? (size_t)r->fail_at[mi] : r->collapse_at[mi] >= 0 ? (size_t)r->collapse_at[mi]
                                                                                   : r->ncounts - 1;
}

typedef struct {
    float x, y, w, rowh, fs;
    const theme *th;
    lay_lang lang;
    dl_list *out;
} why_box;

static void why_head(const why_box *b, lay_str_key k)
{
    const char *s = lay_str(b->lang, k);
    dl_push_text(b->out, b->x, b->y, 13 * b->fs, b->th->fg, DL_ANCHOR_BL, true, false, s, strlen(s));
}

/* One model's row: its name, then the bar from x0 (the caller draws it), then a label. */
static float why_row(const why_box *b, int row, const char *name)
{
    float y = b->y + 6 * b->fs + (float)row * b->rowh;
    dl_push_text(b->out, b->x, y + b->rowh / 2, 12 * b->fs, b->th->fg, DL_ANCHOR_ML, false, false, name, strlen(name));
    return y;
}

/* CPU per request at each model's point, split into useful work, creation, switching and calls,
 * all bars on one scale (the largest total fills the width). */
static void why_cpu(const swp_result *r, const why_box *b, const dl_color *colors)
{
    why_head(b, LAY_S_SWEEP_WHY_CPU);
    double most = 1;
    for (int mi = 0; mi < r->nmodels; mi++) {
        const swp_point *q = swp_at(r, mi, why_point(r, mi));
        double per = (double)q->m.cpu_busy_ns / (q->count ? q->count : 1);
        most = per > most ? per : most;
    }
    float x0 = b->x + 90 * b->fs, bw = b->w - 90 * b->fs - 170 * b->fs;   /* room for the label */
    for (int mi = 0; mi < r->nmodels; mi++) {
        const swp_point *q = swp_at(r, mi, why_point(r, mi));
        float y = why_row(b, mi, lay_model_str(b->lang, (scn_model)r->models[mi]));
        double n = q->count ? q->count : 1;
        const double part[4] = {(double)q->m.cpu_useful_ns / n, (double)q->m.cpu_spawn_ns / n,
                                (double)q->m.cpu_switch_ns / n, (double)q->m.cpu_call_ns / n};
        const dl_color col[4] = {colors[mi], b->th->spawn, b->th->switch_fill, b->th->fg_dim};
        float x = x0;
        for (int k = 0; k < 4; k++) {
            float pw = (float)(part[k] / most) * bw;
            if (pw > 0.5f)
                dl_push_rect(b->out, x, y + 3 * b->fs, pw, b->rowh - 6 * b->fs, col[k], 0, 0);
            x += pw;
        }
        char d[48], label[96];
        lay_fmt_dur((int64_t)((double)q->m.cpu_busy_ns / n), b->lang, d, sizeof d);
        snprintf(label, sizeof label, "%s  (%u %s)", d, q->count, lay_str(b->lang, LAY_S_SWEEP_AT));
        lay_localize(b->lang, label, sizeof label);
        dl_push_text(b->out, x + 6 * b->fs, y + b->rowh / 2, 11 * b->fs, b->th->fg, DL_ANCHOR_ML, false, false, label,
                     strlen(label));
    }
    static const lay_str_key keys[4] = {LAY_S_SWEEP_USEFUL, LAY_S_SWEEP_CREATION, LAY_S_SWEEP_SWITCHING, LAY_S_SWEEP_CALLS};
    const dl_color key_col[4] = {b->th->fg, b->th->spawn, b->th->switch_fill, b->th->fg_dim};
    float kx = x0, ky = b->y + 10 * b->fs + (float)r->nmodels * b->rowh;
    for (int k = 0; k < 4; k++) {
        const char *s = lay_str(b->lang, keys[k]);
        dl_push_rect(b->out, kx, ky, 10 * b->fs, 10 * b->fs, key_col[k], 0, 0);
        dl_push_text(b->out, kx + 14 * b->fs, ky + 5 * b->fs, 11 * b->fs, b->th->fg, DL_ANCHOR_ML, false, false, s,
                     strlen(s));
        kx += (24 + 7 * (float)strlen(s)) * b->fs;
    }
}

/* Memory at the peak as a share of the budget, at each model's point: a full bar runs out. */
static void why_mem(const swp_result *r, const why_box *b, const dl_color *colors)
{
    why_head(b, LAY_S_SWEEP_WHY_MEM);
    float x0 = b->x + 90 * b->fs, bw = b->w - 90 * b->fs - 170 * b->fs;   /* room for the label */
    for (int mi = 0; mi < r->nmodels; mi++) {
        const swp_point *q = swp_at(r, mi, why_point(r, mi));
        float y = why_row(b, mi, lay_model_str(b->lang, (scn_model)r->models[mi]));
        double share = r->mem_budget > 0 ? (double)q->m.peak_memory_bytes / (double)r->mem_budget : 0;
        share = share < 0 ? 0 : share > 1 ? 1 : share;
        dl_push_rect(b->out, x0, y + 3 * b->fs, bw, b->rowh - 6 * b->fs, 0, b->th->fg_dim, 1.0f);
        if (share * bw > 0.5)
            dl_push_rect(b->out, x0, y + 3 * b->fs, (float)share * bw, b->rowh - 6 * b->fs, colors[mi], 0, 0);
        char pct[32], label[96];
        snprintf(pct, sizeof pct, "%.0f%%", share * 100);
        lay_localize(b->lang, pct, sizeof pct);
        snprintf(label, sizeof label, "%s  (%u %s)", pct, q->count, lay_str(b->lang, LAY_S_SWEEP_AT));
        lay_localize(b->lang, label, sizeof label);
        dl_push_text(b->out, x0 + bw + 6 * b->fs, y + b->rowh / 2, 11 * b->fs, b->th->fg, DL_ANCHOR_ML, false, false,
                     label, strlen(label));
    }
}

static void why_panel(const swp_result *r, const theme *th, lay_lang lang, float top, float w, float fs,
                      const dl_color *colors, dl_list *out)
{
    float half = (w - 40 * fs) / 2;
    why_box b = {20 * fs, top, half - 20 * fs, 20 * fs, fs, th, lang, out};
    why_cpu(r, &b, colors);
    b.x = 20 * fs + half + 20 * fs;
    why_mem(r, &b, colors);
}

void lay_sweep(const swp_result *r, const char *title, theme_id thid, lay_lang lang, float w, float h, float fs,
               bool why, const dl_measure *m, dl_list *out)
{
    (void)m;
    const theme *th = theme_get(thid);
    dl_reset(out, w, h, th->bg);
    /* With the "why" panel the plot keeps the top of the canvas, the panel 4 rows and a key below. */
    float panel = why ? (float)(r->nmodels + 3) * 20 * fs + 30 * fs : 0;
    plot p = {70 * fs, 44 * fs, w - 250 * fs, h - 110 * fs - panel, 0, 0, 0, 0, fs, th, out};
    if (r->ncounts == 0 || r->nmodels == 0 || p.w < 10 || p.h < 10)
        return;
    char head[256];
    /* One language: the scenario's own title when it has one, else the table's. */
    snprintf(head, sizeof head, "%s", title && *title ? title : lay_str(lang, LAY_S_SWEEP_TITLE));
    dl_push_text(out, p.x, 14 * fs, 16 * fs, th->fg, DL_ANCHOR_TL, true, false, head, strlen(head));
    ranges(r, &p);
    axes(&p, lang);
    dl_color colors[SCN_MODEL_COUNT];
    for (int mi = 0; mi < r->nmodels; mi++)
        colors[mi] = model_color((scn_model)r->models[mi]);
    for (int mi = 0; mi < r->nmodels; mi++)
        model_line(r, &p, mi, colors[mi], lang);
    if (why)
        why_panel(r, th, lang, p.y + p.h + 64 * fs, w, fs, colors, out);
    legend(r, &p, colors, lang);
}

/* ---- The sweep plot behind the view interface (view.h) ---------------------------------------- */

static void *sw_create(const view_src *src, sl_err *err)
{
    if (!src->sweep)
        return sl_fail(err, "schedlab: error: the sweep plot needs a sweep"), NULL;
    lay_sweep_src *s = malloc(sizeof *s);
    if (!s)
        return sl_fail(err, "schedlab: error: out of memory (sweep plot)"), NULL;
    *s = (lay_sweep_src){src->sweep, src->title, src->status};
    return s;
}

static void sw_destroy(void *ctx)
{
    free(ctx);
}

static lay_geom sw_geometry(void *ctx, const lay_view *v, float w, float h, const dl_measure *m)
{
    return lay_screen_geom(v, w, h, ((lay_sweep_src *)ctx)->status);
}

static float sw_height(void *ctx, const lay_view *v, float w, const dl_measure *m)
{
    return 0.6f * w;
}

static void sw_frame(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out)
{
    const lay_sweep_src *s = ctx;
    lay_sweep(s->r, s->title, v->theme, v->lang, g->w, g->plot_h, v->font_scale, v->sweep_why, m, out);
}

const view_ops lay_sweep_ops = {
    .name = "sweep",
    .create = sw_create,
    .destroy = sw_destroy,
    .geometry = sw_geometry,
    .height = sw_height,
    .frame = sw_frame,
};
