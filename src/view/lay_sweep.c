/* lay_sweep.c — the scale sweep's plot. */
#include "lay_sweep.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

void lay_sweep(const swp_result *r, const char *title, theme_id thid, lay_lang lang, float w, float h, float fs,
               const dl_measure *m, dl_list *out)
{
    (void)m;
    const theme *th = theme_get(thid);
    dl_reset(out, w, h, th->bg);
    plot p = {70 * fs, 44 * fs, w - 250 * fs, h - 110 * fs, 0, 0, 0, 0, fs, th, out};
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
    lay_sweep(s->r, s->title, v->theme, v->lang, g->w, g->plot_h, v->font_scale, m, out);
}

const view_ops lay_sweep_ops = {
    .name = "sweep",
    .create = sw_create,
    .destroy = sw_destroy,
    .geometry = sw_geometry,
    .height = sw_height,
    .frame = sw_frame,
};
