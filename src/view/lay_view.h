/* lay_view.h — what every view shares: the view state the window owns (time window, zoom,
 * theme, language, selection, playhead), a canvas's geometry, time <-> pixel maths, navigation,
 * the status bar, tooltips and the description of a segment under the pointer. No SDL. */
#ifndef LAY_VIEW_H
#define LAY_VIEW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "lay_str.h"
#include "theme.h"
#include "trc.h"

/* ---- The view state: a plain value the UI owns and changes ---------------------------------- */

#define LAY_MIN_NS_PER_PX 0.01   /* deepest zoom */
#define LAY_TEXT_LANE 12.0f      /* lane names' size at font scale 1, in pixels */
#define LAY_COURSE_TEXT_HOST 17.0f   /* the course view's host names at font scale 1 */

typedef struct {
    int64_t t0;           /* ns at the left edge of the plot ... */
    double t0_frac;       /* ... plus this fraction of a ns, in [0, 1): smooth pans below 1 ns/px */
    double ns_per_px;     /* zoom: x = (t - t0 - t0_frac) / ns_per_px */
    float scroll_y;       /* pixels of rows scrolled off the top, >= 0 */
    float font_scale;     /* 1: default sizes; scales text and row heights */
    theme_id theme;
    lay_lang lang;
    bool show_msgs;       /* message arrows between lanes */
    bool show_legend;
    bool playhead_on;     /* show only what happened up to playhead, and a line there */
    int64_t playhead;
    int32_t selected;     /* a request: highlighted, the rest dimmed; -1 none */
    bool hover_on;        /* draw a hairline and outline what is under (hover_x, hover_y) */
    float hover_x, hover_y;
    bool fill_rows;       /* rows that fit grow to fill the plot's height (the window; off in
                             pictures, whose height is what the rows need) */
    /* Pictures for slides (render --style figure ...; all off/0 by default: the full picture). */
    bool figure;          /* draw what the course figures draw: no tick labels, grid or overheads */
    bool status_off;      /* no room for the status bar */
    uint8_t bars;         /* lay_bars: course view, bursts at their duration or all one height */
    uint8_t guides;       /* lay_guides: course view's horizontal lines at burst edges */
    int64_t tick_step;    /* timeline axis: a tick every this many ns; 0 chooses */
    bool tick_index;      /* timeline axis: ticks labelled 0 1 2 3 instead of times */
    bool sweep_why;       /* sweep plot: a second panel, why each model stops (sweep --why) */
} lay_view;

typedef enum { LAY_BARS_TIME, LAY_BARS_UNIFORM } lay_bars;
typedef enum { LAY_GUIDES_FULL, LAY_GUIDES_SHORT, LAY_GUIDES_OFF } lay_guides;

/* Defaults: light theme, English, messages and legend on, nothing selected, 1 ms across 1000 px.
 * Drawing and hit testing tolerate any values (NaN zoom, huge t0 ...): they use them clamped. */
void lay_view_init(lay_view *v);

/* ---- Geometry ------------------------------------------------------------------------------ */

/* A canvas laid out by a view. A view whose time runs along y gives also a copy with its time
 * axis laid along x (view_ops.time_geom), so that the functions below navigate every view. */
typedef struct {
    float w, h;                     /* canvas */
    float fs;                       /* font scale */
    float rfs;                      /* rows' vertical scale: fs, or more when the rows are stretched
                                       to fill the plot (lay_geometry); 0: fs (lay_rfs) */
    float label_w;                  /* the lane-name column on the left */
    float axis_h;                   /* the time axis band at the top */
    float plot_x, plot_y, plot_w, plot_h;
    float legend_y, legend_h;       /* legend strip (height 0 when hidden) */
    float status_y, status_h;       /* status bar at the bottom */
} lay_geom;

/* A canvas with no axis band or labels (the comparison, the sweep plot): the plot fills it above
 * a status band (when status) placed where the timeline places its own. */
lay_geom lay_screen_geom(const lay_view *v, float w, float h, bool status);

/* x in canvas pixels of time t (double: exact enough at 0.01 ns/px ten seconds in). */
double lay_x_of(const lay_view *v, const lay_geom *g, int64_t t);
/* The time at canvas x, rounded down to a ns. */
int64_t lay_t_of(const lay_view *v, const lay_geom *g, double x);

/* The axis tick step (1, 2 or 5 x 10^k ns) for this zoom: the smallest whose labels, measured
 * with m, do not overlap. */
int64_t lay_tick_step(const lay_view *v, const lay_geom *g, const dl_measure *m);

/* ---- Navigation ---------------------------------------------------------------------------- */

/* Fits [0, end] (end <= 0: 1 µs) to the plot width less a LAY_FIT_MARGIN fraction on the right. */
#define LAY_FIT_MARGIN 0.03
void lay_fit(lay_view *v, const lay_geom *g, int64_t end);
/* Shows [a, b] across the plot's width (b <= a: nothing changes). */
void lay_show_span(lay_view *v, const lay_geom *g, int64_t a, int64_t b);
/* Multiplies the magnification by factor (> 1 zooms in) keeping the time under x fixed;
 * ns_per_px stays within [LAY_MIN_NS_PER_PX, what shows 4 x max(end, 1 µs)]. */
void lay_zoom_at(lay_view *v, const lay_geom *g, float x, double factor, int64_t end);
/* Moves the view by dx pixels (content follows the pointer: dx > 0 shows earlier times). */
void lay_pan_px(lay_view *v, double dx);

/* ---- The status bar and tooltips ----------------------------------------------------------- */

/* Draws text (one line, cut to fit) in the status bar. */
void lay_status_bar(const lay_view *v, const lay_geom *g, const char *text, dl_list *out);

/* A segment under the pointer, whatever view found it. */
typedef struct {
    size_t index;         /* into t->segs */
    uint32_t lane;
    trc_state state;
    int32_t req;          /* -1: nobody's */
    const char *label;    /* its step's label, or NULL */
    int64_t start, dur;
} lay_seg_info;

/* One unit that ran while a READY/GIL segment waited: on which core lane, for how long. */
typedef struct {
    uint32_t unit;        /* the unit lane (a coroutine's lane for a loop) */
    uint32_t core;        /* the core lane (or loop lane) it ran on */
    int64_t ns;           /* running time inside the segment's span */
} lay_ran;

/* Who ran during segment s: the client cores' RUN segments in [s->t0, s->t1) (a coroutine's loop
 * lane instead, for a coroutine), distinct units in order of first run, at most cap of them;
 * *more says whether some were left out. Returns how many were written. */
size_t lay_ran_during(const trc *t, const trc_seg *s, lay_ran *out, size_t cap, bool *more);

/* Text for a tooltip: lane, state, request, step, start, duration (and who ran, for READY/GIL),
 * one item per line; returns buf. */
char *lay_describe_seg(const trc *t, lay_lang lang, const lay_seg_info *si, char *buf, size_t n);
/* Draws text (lines split at '\n') in a box next to (x, y), kept inside the canvas. */
void lay_tooltip(const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y,
                 const char *text, dl_list *out);

#endif
