/* lay_int.h — what the lay_*.c files share and nobody else sees: sizes in row units, the state of
 * one frame being drawn, small helpers. Not part of the public API. */
#ifndef LAY_INT_H
#define LAY_INT_H

#include "lay.h"

/* Sizes at font scale 1, in pixels; everything is multiplied by lay_view.font_scale. */
#define LAY_HEADER_H 20.0f
#define LAY_LANE_H 30.0f
#define LAY_BAR_TOP 11.0f     /* bar from here ... */
#define LAY_BAR_H 15.0f       /* ... this tall; markers and their labels live above it */
#define LAY_INDENT 12.0f
#define LAY_TEXT 12.0f        /* lane names, headers, status */
#define LAY_TEXT_AXIS 11.0f
#define LAY_TEXT_SMALL 10.0f  /* bar labels, marker labels */
#define LAY_FIG_TEXT_STEP 11.0f  /* figure style: step labels on the bars */
#define LAY_FIG_TEXT_MARK 9.0f   /* figure style: "await", "return" above their arrows */
#define LAY_AXIS_H 26.0f
#define LAY_LEGEND_H 22.0f
#define LAY_STATUS_H 22.0f
#define LAY_TICK_GAP 10.0f    /* least space between two axis labels */
#define LAY_ROW_STRETCH_MAX 2.0f   /* rows that fit grow up to this much to fill the plot's height */

/* Canvas pixels per row unit, vertically (lay_geom.rfs, or fs where a geometry does not set it). */
static inline float lay_rfs(const lay_geom *g)
{
    return g->rfs > 0 ? g->rfs : g->fs;
}

/* One frame being drawn. [tl, tr) is the time that shows (tr stops at the playhead). */
typedef struct {
    lay_ctx *c;
    const trc *t;
    const lay_view *v;
    const lay_geom *g;
    const dl_measure *m;
    const theme *th;
    dl_list *out;
    int64_t tl, tr;
    float fs;
    dl_list *labels;   /* NULL, or where bar labels go, drawn after the message arrows (never crossed) */
} lay_fr;

/* x relative to the plot's left edge, in pixels, as a double. */
static inline double lay_xrel(const lay_view *v, int64_t t)
{
    return ((double)(t - v->t0) - v->t0_frac) / v->ns_per_px;
}

/* The time at xrel pixels from the plot's left edge, rounded down. */
int64_t lay_trel(const lay_view *v, double xrel);

/* v with every field the maths relies on brought within range (NaN zoom, huge t0 ...). */
lay_view lay_view_sane(const lay_view *v);

static inline float lay_measure(const dl_measure *m, const char *s, size_t len, float size, bool bold)
{
    return m->width(m->ctx, s, len, size, bold);
}

/* Rows: rebuilt when a flag changed; the first row whose bottom is below content y (units). */
void lay_rows_refresh(lay_ctx *c);
size_t lay_row_at_or_after(const lay_ctx *c, float y_units);
/* Canvas y of a row's top. */
float lay_row_y(const lay_ctx *c, const lay_view *v, const lay_geom *g, const lay_row *r);

/* Calls fn for each row that shows in the plot (with its index), top to bottom. */
void lay_for_visible_rows(const lay_fr *f, void (*fn)(const lay_fr *, const lay_row *, size_t));

/* Index in the lane's segments of the first one ending after ts, searching [lo, n) only. */
size_t lay_seg_after(const trc_seg *s, size_t lo, size_t n, int64_t ts);

/* A lane row's bar, in row units from the row's top: figure rows (LAY_FIG_LANE_H) have room for
 * the await/return arrows above a taller bar. */
#define LAY_FIG_BAR_TOP 36.0f
#define LAY_FIG_BAR_H 30.0f
static inline float lay_bar_top(const lay_row *r) { return r->h == LAY_FIG_LANE_H ? LAY_FIG_BAR_TOP : LAY_BAR_TOP; }
static inline float lay_bar_h(const lay_row *r) { return r->h == LAY_FIG_LANE_H ? LAY_FIG_BAR_H : LAY_BAR_H; }

/* Parts of a frame, in drawing order (lay_timeline.c, lay_axis.c, lay_panel.c). */
void lay_draw_grid(const lay_fr *f, int64_t step);
void lay_draw_rows(const lay_fr *f);
void lay_draw_msgs(const lay_fr *f);
void lay_draw_labels(const lay_fr *f);
void lay_draw_axis(const lay_fr *f, int64_t step);
void lay_draw_legend(const lay_fr *f);
/* The rows the legend of t takes across w pixels at font scale fs (it wraps rather than being cut). */
int lay_legend_rows(const trc *t, lay_lang lang, const dl_measure *m, float fs, float w);
void lay_draw_playhead(const lay_fr *f);
/* The power of ten ns that a pixel spans at v's zoom (what a time under the pointer can say). */
int64_t lay_px_precision(const lay_view *v);
/* The playhead's (or any) time in a box around (cx, cy), moved inside [lo, hi] along x. */
void lay_draw_time_tag(dl_list *out, const dl_measure *m, const theme *th, dl_color color, float fs, int64_t t,
                       int64_t precision, lay_lang lang, float cx, float cy, float lo, float hi);
void lay_draw_notes(const lay_fr *f);
void lay_draw_hover_time(const lay_fr *f);

/* ---- Aggregate rows (lay_agg.c) ----------------------------------------------------------------- */

#define LAY_AGG_ROW_H 56.0f   /* an aggregate row: a chart, taller than a lane */

/* The aggregate state of a context (after its groups exist); false on malloc failure. */
bool lay_agg_init(lay_ctx *c);
void lay_agg_free(lay_ctx *c);
/* The plot's height sets how many lanes a group shows before it aggregates (lay_geometry). */
void lay_agg_set_plot(lay_ctx *c, float plot_h, float fs);
/* Whether group g aggregates now (its mode, its lanes passing the filter, the capacity); records
 * it and the group's filtered count for the header. Called on each row rebuild. */
bool lay_agg_decide(lay_ctx *c, uint32_t g);
/* The aggregate rows group g shows (kinds: LAY_AGG_KIND_COUNT slots), above its lanes. */
size_t lay_agg_rows_of(const lay_ctx *c, uint32_t g, bool aggregated, uint8_t *kinds);
/* An aggregate row's chart, and its label in the lane-name column. */
void lay_agg_draw_row(const lay_fr *f, const lay_row *r);
void lay_agg_label(const lay_fr *f, const lay_row *r, float y, float h);

/* The series are counted anew after the unit filter changed (lay_filter.c); rows too. */
void lay_agg_filter_changed(lay_ctx *c);

/* ---- The unit filter (lay_filter.c) --------------------------------------------------------------- */

/* Whether request r passes the filter (always, without one). */
bool lay_req_filtered_in(const lay_ctx *c, size_t r);
void lay_filter_free(lay_ctx *c);

/* ---- Messages by lane (lay_rows.c) ---------------------------------------------------------------- */

/* Lane's messages, sent or received, by send time (indexes into t->msgs), built on first use;
 * false (and none) when memory ran out. */
bool lay_lane_msgs(lay_ctx *c, uint32_t lane, const uint32_t **idx, size_t *n);

/* A segment's state as a legend swatch or a bar piece in a w x h box (lay_timeline.c). */
void lay_draw_state(const lay_fr *f, trc_state st, dl_color col, float x, float y, float w, float h);

#endif
