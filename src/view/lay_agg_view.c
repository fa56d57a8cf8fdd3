/* lay_agg_view.c — aggregate rows as laid out: drawing them, pointing at them, and the groups'
 * aggregation as of the current rows. Calls lay_rows.c and lay_agg.c; neither calls it back. */
#include "lay_agg_int.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- The groups as the rows show them ---------------------------------------------------------- */

char *lay_agg_count_text(lay_ctx *c, lay_lang lang, uint32_t g, char *buf, size_t n)
{
    if (g < c->ngroups && n)
        lay_rows_refresh(c);
    return lay_agg_count_fmt(c, lang, g, buf, n);
}

bool lay_group_aggregated(lay_ctx *c, uint32_t g)
{
    lay_rows_refresh(c);
    return c->agg && g < c->ngroups && c->agg->on[g];
}

void lay_group_toggle_agg(lay_ctx *c, uint32_t g)
{
    lay_group_set_agg(c, g, lay_group_aggregated(c, g) ? LAY_AGG_OFF : LAY_AGG_ON);
}

uint32_t lay_group_filtered(lay_ctx *c, uint32_t g)
{
    lay_rows_refresh(c);
    return c->agg && g < c->ngroups ? c->agg->filtered[g] : 0;
}

/* ---- Drawing ------------------------------------------------------------------------------------ */

#define AGG_PAD_TOP 6.0f
#define AGG_PAD_BOTTOM 4.0f

static dl_color kind_color(const theme *th, lay_agg_kind k)
{
    static const size_t pick[LAY_AGG_KIND_COUNT] = {4, 5, 2, 6};   /* blue, vermillion, green, yellow */
    return th->palette[pick[k] % th->npalette];
}

/* One aggregate row's chart area on the canvas. */
typedef struct {
    float y, top, base;   /* row top; chart top and baseline */
    int64_t c0, c1;       /* pixel columns drawn: [c0, c1) */
    int64_t lim;          /* nothing is drawn after this time (the run's end, or the playhead) */
} agg_box;

static agg_box box_of(const lay_fr *f, const lay_row *r)
{
    agg_box b;
    b.y = lay_row_y(f->c, f->v, f->g, r);
    b.top = b.y + AGG_PAD_TOP * f->fs;
    b.base = b.y + r->h * lay_rfs(f->g) - AGG_PAD_BOTTOM * f->fs;
    b.lim = f->t->end < f->tr ? f->t->end : f->tr;
    double x0 = floor(lay_xrel(f->v, 0)), x1 = ceil(lay_xrel(f->v, b.lim));
    b.c0 = x0 > 0 ? (int64_t)(x0 < f->g->plot_w ? x0 : f->g->plot_w) : 0;
    b.c1 = x1 > 0 ? (int64_t)(x1 < f->g->plot_w ? x1 : f->g->plot_w) : 0;
    return b;
}

/* The time span of pixel column col, cut to [0, lim); false when nothing of it is left. */
static bool col_span(const lay_view *v, int64_t col, int64_t lim, int64_t *a, int64_t *b)
{
    *a = lay_trel(v, (double)col);
    *b = lay_trel(v, (double)(col + 1));
    *a = *a < 0 ? 0 : *a;
    *b = *b > lim ? lim : *b;
    *b = *b > *a ? *b : *a + 1;
    return *a < lim;
}

static bool ensure_cols(struct lay_agg *a, size_t n)
{
    if (n <= a->ncol)
        return true;
    float *p = realloc(a->col, 2 * n * sizeof *p);
    if (!p)
        return false;
    a->col = p, a->ncol = n;
    return true;
}

/* Heights in pixels of each column's mean and max: a max above 0 shows at least one pixel. */
static void sample(const lay_fr *f, const agg_steps *s, const agg_box *b, int32_t scale, float *hm, float *hx)
{
    float ch = b->base - b->top;
    ptrdiff_t hint = -1;
    for (int64_t col = b->c0; col < b->c1; col++) {
        int64_t ta, tb;
        int32_t mx = 0;
        double mean = 0;
        if (col_span(f->v, col, b->lim, &ta, &tb))
            lay_agg_steps_range(s, ta, tb, &hint, &mx, &mean);
        float m = floorf((float)(mean / scale) * ch + 0.5f), x = floorf((float)mx / (float)scale * ch + 0.5f);
        hm[col - b->c0] = m > 0 ? m : 0;
        hx[col - b->c0] = mx > 0 && x < 1 ? 1 : x > 0 ? x : 0;
    }
}

/* The mean as a filled area, one rectangle per run of equal height. */
static void emit_area(const lay_fr *f, const agg_box *b, const float *hm, dl_color fill)
{
    size_t n = (size_t)(b->c1 - b->c0);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && hm[j] == hm[i]; j++)
            ;
        if (hm[i] > 0)
            dl_push_rect(f->out, (float)(f->g->plot_x + (double)b->c0 + (double)i), b->base - hm[i], (float)(j - i),
                         hm[i], fill, 0, 0);
    }
}

/* The max as a staircase line: a bar along each run of equal height and a riser between runs. */
static void emit_max(const lay_fr *f, const agg_box *b, const float *hx, dl_color col)
{
    size_t n = (size_t)(b->c1 - b->c0);
    float lw = 1.5f * f->fs, x0 = (float)(f->g->plot_x + (double)b->c0);
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && hx[j] == hx[i]; j++)
            ;
        if (hx[i] > 0)
            dl_push_rect(f->out, x0 + (float)i, b->base - hx[i] - lw / 2, (float)(j - i), lw, col, 0, 0);
        if (j < n && hx[j] != hx[i]) {
            float lo = hx[j] < hx[i] ? hx[j] : hx[i], hi = hx[j] < hx[i] ? hx[i] : hx[j];
            dl_push_rect(f->out, x0 + (float)j - lw / 2, b->base - hi - lw / 2, lw, hi - lo + lw, col, 0, 0);
        }
    }
}

/* The largest value in the columns that show: the chart's full height. */
static int32_t visible_scale(const lay_fr *f, const agg_steps *s, const agg_box *b)
{
    int64_t ta = lay_trel(f->v, (double)b->c0), tb = lay_trel(f->v, (double)b->c1);
    ta = ta < 0 ? 0 : ta;
    tb = tb > b->lim ? b->lim : tb;
    int32_t mx = 0;
    double mean;
    ptrdiff_t hint = -1;
    if (tb > ta)
        lay_agg_steps_range(s, ta, tb, &hint, &mx, &mean);
    return mx > 0 ? mx : 1;
}

/* The value under the hover line, in a small box next to it. */
static void hover_value(const lay_fr *f, const agg_steps *s, const agg_box *b)
{
    const lay_view *v = f->v;
    const lay_geom *g = f->g;
    if (!v->hover_on || v->hover_x < g->plot_x || v->hover_x >= g->plot_x + g->plot_w)
        return;
    int64_t ta, tb, col = (int64_t)floorf(v->hover_x - g->plot_x);
    if (!col_span(v, col, b->lim, &ta, &tb))
        return;
    int32_t mx;
    double mean;
    ptrdiff_t hint = -1;
    lay_agg_steps_range(s, ta, tb, &hint, &mx, &mean);
    char num[32], text[64];
    lay_agg_fmt_count(mx, num, sizeof num);
    if (mean == mx)
        snprintf(text, sizeof text, "%s", num);
    else
        snprintf(text, sizeof text, "%s %s", lay_str(v->lang, LAY_S_AGG_MAX), num);
    float size = LAY_TEXT_SMALL * f->fs, pad = 3 * f->fs, ym = b->y + (AGG_PAD_TOP + 7) * f->fs;
    float tw = lay_measure(f->m, text, strlen(text), size, false);
    float x = v->hover_x + 4 * f->fs;
    if (x + tw + 2 * pad > g->plot_x + g->plot_w)
        x = v->hover_x - 4 * f->fs - tw - 2 * pad;
    dl_push_rect(f->out, x, ym - size * 0.7f, tw + 2 * pad, size * 1.4f, f->th->bg, f->th->hover, 1.0f);
    dl_push_text(f->out, x + pad, ym, size, f->th->fg, DL_ANCHOR_ML, false, false, text, strlen(text));
}

/* A resource's chart is scaled to its capacity (a queue without one: its peak), drawn as a line:
 * the holders never pass it, a bounded queue fills up to it. */
static int32_t res_scale(const lay_fr *f, const lay_row *r, const agg_steps *s)
{
    uint32_t cap = f->t->res[r->res].capacity;
    int32_t scale = cap > INT32_MAX ? INT32_MAX : (int32_t)cap;
    return scale > s->max ? scale : s->max > 0 ? s->max : 1;
}

static void capacity_line(const lay_fr *f, const lay_row *r, const agg_box *b, int32_t scale)
{
    uint32_t cap = f->t->res[r->res].capacity;
    if (cap == 0 || b->c1 <= b->c0)
        return;
    float y = b->base - (float)cap / (float)scale * (b->base - b->top);
    dl_push_line(f->out, (float)(f->g->plot_x + (double)b->c0), y, (float)(f->g->plot_x + (double)b->c1), y,
                 1.5f * f->fs, f->th->fail, 6 * f->fs, 3 * f->fs);
}

static dl_color row_color(const theme *th, const lay_row *r)
{
    if (r->agg == LAY_AGG_RES)
        return th->palette[(size_t)(6 + r->res) % th->npalette];
    return kind_color(th, (lay_agg_kind)r->agg);
}

void lay_agg_draw_row(const lay_fr *f, const lay_row *r)
{
    agg_steps *s = lay_agg_row_series(f->c, r);
    if (!s)
        return;
    agg_box b = box_of(f, r);
    if (b.c1 > b.c0)
        dl_push_line(f->out, (float)(f->g->plot_x + (double)b.c0), b.base, (float)(f->g->plot_x + (double)b.c1), b.base,
                     1.0f, f->th->lane_line, 0, 0);
    s->scale = r->agg == LAY_AGG_RES ? res_scale(f, r, s) : visible_scale(f, s, &b);
    if (b.c1 <= b.c0 || !ensure_cols(f->c->agg, (size_t)(b.c1 - b.c0)))
        return;
    float *hm = f->c->agg->col, *hx = hm + (b.c1 - b.c0);
    dl_color col = row_color(f->th, r);
    dl_push_line(f->out, (float)(f->g->plot_x + (double)b.c0), b.top, (float)(f->g->plot_x + (double)b.c1), b.top,
                 1.0f, f->th->grid, 4 * f->fs, 3 * f->fs);
    sample(f, s, &b, s->scale, hm, hx);
    emit_area(f, &b, hm, theme_mix(col, f->th->bg, 0.55f));
    emit_max(f, &b, hx, col);
    if (r->agg == LAY_AGG_RES)   /* over the chart: at capacity the line shows on the staircase */
        capacity_line(f, r, &b, s->scale);
    hover_value(f, s, &b);
}

/* The label column: a swatch in the series' colour, its name, and the scale ("max 10 000", "of 16"
 * for busy cores). */
const char *lay_res_kind_str(lay_lang lang, uint8_t kind)
{
    static const lay_str_key keys[] = {LAY_S_RES_SEMAPHORE, LAY_S_RES_LOCK, LAY_S_RES_QUEUE};
    return kind < 3 ? lay_str(lang, keys[kind]) : "?";
}

/* A resource's label: its name, then "lock · 1", "semaphore · 10", "queue · 5" or "queue · unbounded". */
static void res_label(const lay_fr *f, const lay_row *r, float y)
{
    float fs = f->fs;
    const trc_res *x = &f->t->res[r->res];
    const char *name = x->name ? x->name : "";
    dl_push_text(f->out, 12 * fs, y + 16 * fs, LAY_TEXT * fs, f->th->fg, DL_ANCHOR_ML, false, false, name, strlen(name));
    char cap[32], text[96];
    if (x->kind == 2 && x->capacity == 0)
        snprintf(cap, sizeof cap, "%s", lay_str(f->v->lang, LAY_S_RES_UNBOUNDED));
    else
        lay_agg_fmt_count(x->capacity, cap, sizeof cap);
    int n = snprintf(text, sizeof text, "%s \xC2\xB7 %s", lay_res_kind_str(f->v->lang, x->kind), cap);
    dl_push_text(f->out, 12 * fs, y + 32 * fs, LAY_TEXT_SMALL * fs, f->th->fg_dim, DL_ANCHOR_ML, false, false, text,
                 n > 0 ? (size_t)n : 0);
}

void lay_agg_label(const lay_fr *f, const lay_row *r, float y, float h)
{
    lay_agg_kind k = (lay_agg_kind)r->agg;
    float fs = f->fs;
    lay_lang lang = f->v->lang;
    dl_push_rect(f->out, 4 * fs, y + AGG_PAD_TOP * fs, 3 * fs, h - (AGG_PAD_TOP + AGG_PAD_BOTTOM) * fs,
                 row_color(f->th, r), 0, 0);
    if (k == LAY_AGG_RES) {
        res_label(f, r, y);
        return;
    }
    agg_steps *s = lay_agg_row_series(f->c, r);   /* k is not LAY_AGG_RES here */
    const char *name = lay_agg_kind_str(lang, k);
    dl_push_text(f->out, 12 * fs, y + 16 * fs, LAY_TEXT * fs, f->th->fg, DL_ANCHOR_ML, false, false, name, strlen(name));
    if (!s)
        return;
    char a[32], b[32], text[96];
    int32_t scale = s->scale > 0 ? s->scale : s->max;
    int n = k == LAY_AGG_BUSY
                ? snprintf(text, sizeof text, "%s %s %s %s", lay_str(lang, LAY_S_AGG_MAX), lay_agg_fmt_count(scale, a, sizeof a),
                           lay_str(lang, LAY_S_AGG_OF), lay_agg_fmt_count(f->c->groups[r->group].count, b, sizeof b))
                : snprintf(text, sizeof text, "%s %s", lay_str(lang, LAY_S_AGG_MAX), lay_agg_fmt_count(scale, a, sizeof a));
    dl_push_text(f->out, 12 * fs, y + 32 * fs, LAY_TEXT_SMALL * fs, f->th->fg_dim, DL_ANCHOR_ML, false, false, text,
                 n > 0 ? (size_t)n : 0);
}

/* ---- Pointing --------------------------------------------------------------------------------- */

bool lay_agg_at(lay_ctx *c, const lay_view *vin, const lay_geom *g, float x, float y, lay_agg_hit *out)
{
    lay_view v = lay_view_sane(vin);
    lay_rows_refresh(c);
    if (x < g->plot_x || x >= g->plot_x + g->plot_w || y < g->plot_y || y >= g->plot_y + g->plot_h)
        return false;
    float yu = (y - g->plot_y + v.scroll_y) / lay_rfs(g);
    size_t r = lay_row_at_or_after(c, yu);
    if (r >= c->nrows || c->rows[r].y > yu || c->rows[r].kind != LAY_ROW_AGG)
        return false;
    const lay_row *row = &c->rows[r];
    agg_steps *s = lay_agg_row_series(c, row);
    int64_t ta, tb, col = (int64_t)floorf(x - g->plot_x);
    if (!s || !col_span(&v, col, c->t->end, &ta, &tb))
        return false;
    ptrdiff_t hint = -1;
    out->group = row->group;
    out->kind = (lay_agg_kind)row->agg;
    out->t0 = ta, out->t1 = tb;
    out->total = c->groups[row->group].count;
    out->res = row->agg == LAY_AGG_RES ? row->res : -1;
    out->t = c->t;
    lay_agg_steps_range(s, ta, tb, &hint, &out->max, &out->mean);
    return true;
}

char *lay_res_holders(const trc *t, uint32_t res, int64_t ts, char *buf, size_t n)
{
    size_t used = 0, shown = 0, more = 0;
    if (n)
        buf[0] = '\0';
    for (size_t i = 0; i < t->nholds; i++) {
        const trc_hold *h = &t->holds[i];
        if (h->res != res || h->t0 > ts || h->t1 <= ts)
            continue;
        if (shown == 6) {
            more++;
            continue;
        }
        char name[160];
        const trc_req *q = h->req >= 0 && (size_t)h->req < t->nreqs ? &t->reqs[h->req] : NULL;
        if (q && (t->tmpls[q->tmpl].count > 1 || ((q->flags & TRC_REQ_TASK) && q->instance > 0)))
            snprintf(name, sizeof name, "%s #%u", t->tmpls[q->tmpl].name, q->instance + 1);
        else
            snprintf(name, sizeof name, "%s", q ? t->tmpls[q->tmpl].name : "?");
        int w = snprintf(buf + used, n - used, "%s%s", shown ? ", " : "", name);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w, shown++;
    }
    if (more && used < n)
        snprintf(buf + used, n - used, " +%zu", more);
    return buf;
}

/* "lock db: 1 of 1 holders, 2 waiting\nheld by: a\nat 3ms" */
static char *res_describe(const lay_agg_hit *h, lay_lang lang, char *buf, size_t n)
{
    const trc_res *x = &h->t->res[h->res];
    char at[48], holders[512];
    lay_fmt_dur(h->t0, lang, at, sizeof at);
    long i = trc_sample_at(h->t, (uint32_t)h->res, h->t0);
    uint32_t value = i >= 0 ? h->t->samples[i].value : 0, waiting = i >= 0 ? h->t->samples[i].waiters : 0;
    size_t pos = (size_t)snprintf(buf, n, "%s %s: %u", lay_res_kind_str(lang, x->kind), x->name ? x->name : "", value);
    if (x->capacity && pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, " %s %u", lay_str(lang, LAY_S_AGG_OF), x->capacity);
    if (pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, " %s, %u %s",
                                lay_str(lang, x->kind == 2 ? LAY_S_RES_ITEMS : LAY_S_RES_HOLDERS), waiting,
                                lay_str(lang, LAY_S_RES_WAITING));
    lay_res_holders(h->t, (uint32_t)h->res, h->t0, holders, sizeof holders);
    if (holders[0] && pos < n)
        pos += (size_t)snprintf(buf + pos, n - pos, "\n%s: %s", lay_str(lang, LAY_S_TIP_HELD_BY), holders);
    if (pos < n)
        snprintf(buf + pos, n - pos, "\n%s", at);
    return buf;
}

char *lay_agg_describe(const lay_agg_hit *h, lay_lang lang, char *buf, size_t n)
{
    char a[32], at[48];
    if (h->kind == LAY_AGG_RES && h->t && h->res >= 0 && (size_t)h->res < h->t->nres)
        return res_describe(h, lang, buf, n);
    lay_agg_fmt_count(h->max, a, sizeof a);
    lay_fmt_dur(h->t0, lang, at, sizeof at);
    const char *co = lay_str(lang, LAY_S_COLON);
    if (h->mean == h->max)
        snprintf(buf, n, "%s%s%s\n%s", lay_agg_kind_str(lang, h->kind), co, a, at);
    else
        snprintf(buf, n, "%s%s%s %s (%.1f)\n%s", lay_agg_kind_str(lang, h->kind), co, lay_str(lang, LAY_S_AGG_MAX), a,
                 h->mean, at);
    return buf;
}
