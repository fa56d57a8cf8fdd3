/* lay_nav.c — time <-> pixel maths and the navigation helpers (fit, zoom around a point, pan,
 * scroll). The left edge is an integer ns plus a fraction, so deep zooms pan smoothly. */
#include "lay_int.h"

#include <math.h>
#include <string.h>

#define LAY_T_LIMIT 1e17   /* ns (about 3 years): keeps t - t0 far from int64 overflow */

void lay_view_init(lay_view *v)
{
    memset(v, 0, sizeof *v);
    v->ns_per_px = 1000.0;
    v->font_scale = 1.0f;
    v->theme = THEME_LIGHT;
    v->lang = LAY_LANG_EN;
    v->show_msgs = true;
    v->show_legend = true;
    v->selected = -1;
}

int64_t lay_trel(const lay_view *v, double xrel)
{
    double d = floor(v->t0_frac + xrel * v->ns_per_px);
    d = d > LAY_T_LIMIT ? LAY_T_LIMIT : d < -LAY_T_LIMIT ? -LAY_T_LIMIT : d == d ? d : 0;
    return v->t0 + (int64_t)d;
}

/* A view the maths can trust whatever the caller stored: zoom within limits, the left edge
 * within LAY_T_LIMIT (so t - t0 never overflows), the fraction in [0, 1), a positive scale. */
lay_view lay_view_sane(const lay_view *v)
{
    lay_view s = *v;
    if (!(s.ns_per_px >= LAY_MIN_NS_PER_PX))
        s.ns_per_px = LAY_MIN_NS_PER_PX;
    if (s.ns_per_px > LAY_T_LIMIT)
        s.ns_per_px = LAY_T_LIMIT;
    if (!(s.t0_frac >= 0 && s.t0_frac < 1))
        s.t0_frac = 0;
    if (s.t0 > (int64_t)LAY_T_LIMIT || s.t0 < -(int64_t)LAY_T_LIMIT)
        s.t0 = s.t0 > 0 ? (int64_t)LAY_T_LIMIT : -(int64_t)LAY_T_LIMIT;
    if (!(s.font_scale >= 0.25f && s.font_scale <= 8.0f))
        s.font_scale = s.font_scale > 8.0f ? 8.0f : s.font_scale >= 0.25f ? s.font_scale : 1.0f;
    if (!(s.scroll_y >= 0))
        s.scroll_y = 0;
    return s;
}

double lay_x_of(const lay_view *v, const lay_geom *g, int64_t t)
{
    return g->plot_x + lay_xrel(v, t);
}

int64_t lay_t_of(const lay_view *v, const lay_geom *g, double x)
{
    return lay_trel(v, x - g->plot_x);
}

/* Moves the left edge by e ns (any real), keeping t0 integral and 0 <= t0_frac < 1. */
static void shift_left_edge(lay_view *v, double e)
{
    double fl = floor(e);
    double t = (double)v->t0 + fl;
    if (t > LAY_T_LIMIT || t < -LAY_T_LIMIT) {
        v->t0 = t > 0 ? (int64_t)LAY_T_LIMIT : -(int64_t)LAY_T_LIMIT;
        v->t0_frac = 0;
        return;
    }
    v->t0 += (int64_t)fl;
    v->t0_frac = e - fl;
}

static double max_ns_per_px(const lay_geom *g, int64_t end)
{
    double span = (double)(end > SL_NS_PER_US ? end : SL_NS_PER_US);
    return 4.0 * span / (g->plot_w > 1 ? g->plot_w : 1);
}

/* The run ends LAY_FIT_MARGIN of the width before the right edge, so that the last markers
 * and labels are not cut. */
void lay_fit(lay_view *v, const lay_geom *g, int64_t end)
{
    double span = (double)(end > 0 ? end : SL_NS_PER_US);
    double w = g->plot_w * (1.0 - LAY_FIT_MARGIN);
    v->t0 = 0;
    v->t0_frac = 0;
    v->ns_per_px = span / (w > 1 ? w : 1);
    if (v->ns_per_px < LAY_MIN_NS_PER_PX)
        v->ns_per_px = LAY_MIN_NS_PER_PX;
}

void lay_show_span(lay_view *v, const lay_geom *g, int64_t a, int64_t b)
{
    if (b <= a)
        return;
    v->t0 = a;
    v->t0_frac = 0;
    v->ns_per_px = (double)(b - a) / (double)(g->plot_w > 1 ? g->plot_w : 1);
    if (v->ns_per_px < LAY_MIN_NS_PER_PX)
        v->ns_per_px = LAY_MIN_NS_PER_PX;
    SL_ASSERT(v->ns_per_px >= LAY_MIN_NS_PER_PX && v->t0 == a);
}

void lay_zoom_at(lay_view *v, const lay_geom *g, float x, double factor, int64_t end)
{
    if (!(factor > 0))
        return;
    double xr = x - g->plot_x;
    double d = v->t0_frac + xr * v->ns_per_px;   /* the time under x is t0 + d */
    double nspp = v->ns_per_px / factor, hi = max_ns_per_px(g, end);
    nspp = nspp < LAY_MIN_NS_PER_PX ? LAY_MIN_NS_PER_PX : nspp > hi ? hi : nspp;
    v->ns_per_px = nspp;
    v->t0_frac = 0;
    shift_left_edge(v, d - xr * nspp);
}

void lay_pan_px(lay_view *v, double dx)
{
    shift_left_edge(v, v->t0_frac - dx * v->ns_per_px);
}

void lay_scroll(lay_ctx *c, lay_view *v, const lay_geom *g, float dy)
{
    float max = lay_content_height(c, v) - g->plot_h;
    float y = v->scroll_y + dy;
    y = y > max ? max : y;
    v->scroll_y = y > 0 ? y : 0;
}
