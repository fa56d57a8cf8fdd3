/* lay.h — the timeline layout: turns (trace, view state, canvas size, theme) into a display list
 * and answers the UI's questions about pixels. No SDL; a frame's cost follows its pixels, not the
 * trace size (binary search per lane, at most one shape per pixel column when zoomed out). */
#ifndef LAY_H
#define LAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "sim.h"
#include "sl_util.h"
#include "theme.h"
#include "trc.h"

/* ---- Strings: everything the layout writes comes from this one table ---------------------- */

typedef enum { LAY_LANG_EN, LAY_LANG_FR, LAY_LANG_COUNT } lay_lang;

/* X(KEY, "file.key"): the texts live in one table per language, assets/lang/en.h and fr.h, as
 * LANG(KEY, "text") lines (a key missing from a table falls back to English). */
#define LAY_STRINGS(X)                                                  \
    X(GROUP_CORES, "group.cores")                                   \
    X(GROUP_MAIN, "group.main")                                     \
    X(GROUP_UNITS, "group.units")                                   \
    X(GROUP_LOOPS, "group.loops")                                   \
    X(GROUP_SERVER, "group.server")                                 \
    X(STATE_RUN, "state.run")                                       \
    X(STATE_READY, "state.ready")                                   \
    X(STATE_GIL, "state.gil")                                       \
    X(STATE_WAIT, "state.wait")                                     \
    X(STATE_BLOCKED, "state.blocked")                               \
    X(STATE_SWITCH, "state.switch")                                 \
    X(STATE_SPAWN, "state.spawn")                                   \
    X(STATE_SERVE, "state.serve")                                   \
    X(STATE_QUEUED, "state.queued")                                 \
    X(MARK_AWAIT, "mark.await")                                     \
    X(MARK_RETURN, "mark.return")                                   \
    X(MARK_SPAWN, "mark.spawn")                                     \
    X(MARK_FAIL, "mark.fail")                                       \
    X(MARK_SWITCH, "mark.switch")                                   \
    X(MARK_NOTE, "mark.note")                                       \
    X(UNIT_NS, "unit.ns")                                           \
    X(UNIT_US, "unit.us")                                           \
    X(UNIT_MS, "unit.ms")                                           \
    X(UNIT_S, "unit.s")                                             \
    X(STATUS_MAKESPAN, "status.makespan")                           \
    X(STATUS_UTIL, "status.utilization")                            \
    X(STATUS_SWITCHES, "status.switches")                           \
    X(STATUS_PEAK_MEM, "status.peak_memory")                        \
    X(STATUS_FAILED, "status.failed")                               \
    X(TIP_LANE, "tip.lane")                                         \
    X(TIP_REQUEST, "tip.request")                                   \
    X(TIP_STEP, "tip.step")                                         \
    X(TIP_START, "tip.start")                                       \
    X(TIP_DURATION, "tip.duration")                                 \
    X(TIP_RAN, "tip.ran")                                           \
    X(TIP_MORE, "tip.more")                                         \
    X(TIP_NOBODY, "tip.nobody")                                     \
    X(SWEEP_TITLE, "sweep.title")                                   \
    X(SWEEP_X, "sweep.x")                                           \
    X(SWEEP_Y, "sweep.y")                                           \
    X(SWEEP_FAILS, "sweep.fails")                                   \
    X(SWEEP_COLLAPSES, "sweep.collapses")                           \
    X(COURSE_TIME, "course.time")                                   \
    X(COURSE_PROCESSING, "course.processing")                       \
    X(COURSE_DELAY, "course.delay")                                 \
    X(COURSE_WAIT, "course.wait")                                   \
    X(COURSE_SWITCHES, "course.switches")                           \
    X(MODEL_SEQUENTIAL, "model.sequential")                         \
    X(MODEL_PROCESSES, "model.processes")                           \
    X(MODEL_THREADS, "model.threads")                               \
    X(MODEL_COROUTINES, "model.coroutines")                         \
    X(COMPARE_TITLE, "compare.title")                               \
    X(AGG_INFLIGHT, "agg.in_flight")                                \
    X(AGG_READY, "agg.ready")                                       \
    X(AGG_BUSY, "agg.busy")                                         \
    X(AGG_MAX, "agg.max")                                           \
    X(AGG_OF, "agg.of")                                             \
    X(AGG_AGGREGATED, "agg.aggregated")                             \
    X(WORD_CORE, "word.core")                                       \
    X(WORD_MAIN, "word.main")                                       \
    X(WORD_PROCESS, "word.process")                                 \
    X(WORD_THREAD, "word.thread")                                   \
    X(WORD_WORKER, "word.worker")                                   \
    X(WORD_LOOP, "word.loop")                                       \
    X(WORD_COROUTINE, "word.coroutine")

typedef enum {
#define LAY_STR_ENUM(k, key) LAY_S_##k,
    LAY_STRINGS(LAY_STR_ENUM)
#undef LAY_STR_ENUM
    LAY_S_COUNT
} lay_str_key;

/* The text of k in lang (an unknown lang or key gives English, then ""). Never NULL. */
const char *lay_str(lay_lang lang, lay_str_key k);
/* The file key of k ("group.cores"), for translation tables; NULL for an unknown key. */
const char *lay_str_key_name(lay_str_key k);
/* The legend/tooltip name of a segment state and of a marker kind. */
const char *lay_state_str(lay_lang lang, trc_state s);
const char *lay_mark_str(lay_lang lang, trc_mark_kind k);
/* A lane's name in lang ("cœur 0", "thread 3"; a server's host name as it is); returns buf, or the
 * trace's own name when it has no word. */
const char *lay_lane_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n);
/* The name a figure gives a lane: a unit or coroutine that ran the one instance of a request
 * statement is named after it ("run1"), any other lane as lay_lane_name says. */
const char *lay_lane_fig_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n);
/* Numbers and units written in lang, in place: French takes a decimal comma, a space before a
 * unit or '%' and "o" for bytes ("13.03ms" -> "13,03 ms", "32KiB" -> "32 Kio", "18%" -> "18 %");
 * English is left as it is. Never writes past n bytes (a string that would grow past it is cut at a
 * character boundary). Returns buf. */
char *lay_localize(lay_lang lang, char *buf, size_t n);
/* A model's name in lang ("séquentiel", "threads"). */
const char *lay_model_str(lay_lang lang, scn_model m);

/* The language named "en" or "fr" (case ignored); false for any other name. */
bool lay_lang_from_name(const char *name, lay_lang *out);
/* "en" or "fr". */
const char *lay_lang_name(lay_lang lang);
/* The user's language from the first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX order): French
 * when it starts with "fr", else English. */
lay_lang lay_lang_from_locale(void);

/* ---- The view state: a plain value the UI owns and changes ---------------------------------- */

#define LAY_MIN_NS_PER_PX 0.01   /* deepest zoom */
#define LAY_TEXT_LANE 12.0f      /* lane names' size at font scale 1, in pixels */

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
    /* Pictures for slides (render --style figure ...; all off/0 by default: the full picture). */
    bool figure;          /* draw what the course figures draw: no tick labels, grid or overheads */
    bool status_off;      /* no room for the status bar */
    uint8_t bars;         /* lay_bars: course view, bursts at their duration or all one height */
    uint8_t guides;       /* lay_guides: course view's horizontal lines at burst edges */
    int64_t tick_step;    /* timeline axis: a tick every this many ns; 0 chooses */
    bool tick_index;      /* timeline axis: ticks labelled 0 1 2 3 instead of times */
} lay_view;

typedef enum { LAY_BARS_TIME, LAY_BARS_UNIFORM } lay_bars;
typedef enum { LAY_GUIDES_FULL, LAY_GUIDES_SHORT, LAY_GUIDES_OFF } lay_guides;

/* Defaults: light theme, English, messages and legend on, nothing selected, 1 ms across 1000 px.
 * Drawing and hit testing tolerate any values (NaN zoom, huge t0 ...): they use them clamped. */
void lay_view_init(lay_view *v);

/* ---- Per-trace state: groups, rows and indexes (the lane and group flags live here because
 *      their number follows the trace) ----------------------------------------------------- */

typedef enum {
    LAY_GROUP_CORES,      /* TRC_LANE_CORE */
    LAY_GROUP_MAIN,       /* TRC_LANE_MAIN */
    LAY_GROUP_UNITS,      /* TRC_LANE_UNIT */
    LAY_GROUP_LOOPS,      /* TRC_LANE_LOOP, each followed by its TRC_LANE_CORO lanes */
    LAY_GROUP_SERVER,     /* TRC_LANE_SERVER of one host: one group per host */
    LAY_GROUP_KIND_COUNT
} lay_group_kind;

typedef struct {
    uint8_t kind;         /* lay_group_kind */
    int32_t host;         /* LAY_GROUP_SERVER: the host index; else -1 */
    char name[96];        /* LAY_GROUP_SERVER: the host's name, from its lanes' names */
    uint32_t first, count;  /* its lanes: lay_ctx.order[first .. first + count) */
    bool collapsed;       /* only the header row shows */
    bool hidden;          /* not even the header shows */
    int32_t row;          /* read-only: its header row, or -1 when hidden (after a row rebuild) */
} lay_group;

typedef enum { LAY_ROW_HEADER, LAY_ROW_LANE, LAY_ROW_AGG /* an aggregate: lay_agg.h */ } lay_row_kind;

typedef struct {
    float y, h;           /* in rows' units: pixels at font scale 1 */
    int32_t lane;         /* LAY_ROW_LANE: its lane; headers: -1 */
    uint32_t group;
    uint8_t kind;         /* lay_row_kind */
    uint8_t depth;        /* 1: a coroutine indented under its loop */
    uint8_t agg;          /* LAY_ROW_AGG: its series (lay_agg_kind) */
} lay_row;

typedef struct {
    /* read-only for users */
    const trc *t;
    lay_group *groups;  size_t ngroups;
    lay_row *rows;      size_t nrows;
    /* private */
    uint32_t *order;           /* lanes in display order, group after group */
    uint32_t *lane_group;      /* per lane */
    uint8_t *lane_hidden;      /* per lane */
    int32_t *lane_row;         /* per lane: its row, or -1 */
    uint32_t *mark_idx;        /* marks grouped by lane, by time within a lane */
    uint32_t *lane_mark_first; /* per lane + 1 */
    uint32_t *msg_order;       /* messages by send time */
    int64_t msg_maxdur;
    uint32_t *msg_shown;       /* msg_order less those to or from a lane without a row */
    size_t nmsg_shown;
    int64_t *row_scratch;      /* 2 per row, for one frame's message thinning */
    float content_h;           /* rows' units */
    bool rows_dirty;
    float label_w, label_fs;   /* measured label column at that font scale */
    dl_measure label_m;
    struct lay_agg *agg;       /* aggregate series, per-group modes, the unit filter (lay_agg.c) */
    bool figure_rows;          /* lay_set_figure_rows */
} lay_ctx;

/* Builds groups, rows and indexes for t, which must be finished (trc_finish) and outlive c.
 * False with a message on malloc failure; c is then empty and lay_free is still allowed. */
bool lay_init(lay_ctx *c, const trc *t, sl_err *err);
void lay_free(lay_ctx *c);

void lay_group_set_collapsed(lay_ctx *c, uint32_t g, bool on);
void lay_group_set_hidden(lay_ctx *c, uint32_t g, bool on);
void lay_lane_set_hidden(lay_ctx *c, uint32_t lane, bool on);
bool lay_lane_hidden(const lay_ctx *c, uint32_t lane);
/* A group's header text: the host name for a server, else its kind's string in lang. */
const char *lay_group_title(const lay_ctx *c, lay_lang lang, uint32_t g);
/* The rows of the course's timeline figures (on) or all of them (off): no group headers, no
 * client cores or main thread, each event loop under its coroutines, rows tall enough for the
 * await/return arrows above the bars (LAY_FIG_LANE_H). */
#define LAY_FIG_LANE_H 72.0f
void lay_set_figure_rows(lay_ctx *c, bool on);
/* Unhides and expands everything. */
void lay_show_all(lay_ctx *c);
/* The row showing a lane, or -1 (hidden lane, hidden or collapsed group). Rebuilds rows if a flag
 * changed since the last call, as every function below taking a non-const lay_ctx may. */
int32_t lay_lane_row(lay_ctx *c, uint32_t lane);

/* ---- Geometry ------------------------------------------------------------------------------ */

typedef struct {
    float w, h;                     /* canvas */
    float fs;                       /* font scale */
    float label_w;                  /* the lane-name column on the left */
    float axis_h;                   /* the time axis band at the top */
    float plot_x, plot_y, plot_w, plot_h;
    float legend_y, legend_h;       /* legend strip (height 0 when hidden) */
    float status_y, status_h;       /* status bar at the bottom */
} lay_geom;

/* The layout of a w x h canvas; m measures lane names once per font scale. */
lay_geom lay_geometry(lay_ctx *c, const lay_view *v, float w, float h, const dl_measure *m);

/* x in canvas pixels of time t (double: exact enough at 0.01 ns/px ten seconds in). */
double lay_x_of(const lay_view *v, const lay_geom *g, int64_t t);
/* The time at canvas x, rounded down to a ns. */
int64_t lay_t_of(const lay_view *v, const lay_geom *g, double x);
/* The row's rectangle on the canvas (it may lie outside the plot); false when no row shows it. */
bool lay_lane_rect(lay_ctx *c, const lay_view *v, const lay_geom *g, uint32_t lane, float *y, float *h);
/* Height in pixels of all rows. */
float lay_content_height(lay_ctx *c, const lay_view *v);

/* ---- Drawing ------------------------------------------------------------------------------- */

/* Resets out and draws a whole frame: rows, labels, segments, markers, messages, axis, playhead,
 * hover hairline and legend (not the status bar text: lay_status_bar). */
void lay_frame(lay_ctx *c, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out);

/* Draws text (one line, cut to fit) in the status bar. */
void lay_status_bar(const lay_view *v, const lay_geom *g, const char *text, dl_list *out);

/* Writes "MODEL  PARAMS  makespan 1.5ms  utilization 42%  switches 12  peak memory 64KiB  failed 0"
 * into buf (params may be NULL or ""); returns buf. */
char *lay_status_text(char *buf, size_t n, lay_lang lang, const char *model, const char *params,
                      const sim_metrics *m);

/* The axis tick step (1, 2 or 5 x 10^k ns) for this zoom: the smallest whose labels, measured
 * with m, do not overlap. */
int64_t lay_tick_step(const lay_view *v, const lay_geom *g, const dl_measure *m);
/* The label of tick t for that step ("250µs", "1.5ms", "2s"); returns buf. */
char *lay_tick_label(int64_t t, int64_t step, lay_lang lang, char *buf, size_t n);

/* A duration with up to 4 significant digits in the unit that suits it ("1.5ms", "250µs",
 * "12ns"); returns buf. */
char *lay_fmt_dur(int64_t ns, lay_lang lang, char *buf, size_t n);

/* ---- Hit testing --------------------------------------------------------------------------- */

typedef enum { LAY_AREA_NONE, LAY_AREA_AXIS, LAY_AREA_LABELS, LAY_AREA_PLOT, LAY_AREA_LEGEND, LAY_AREA_STATUS } lay_area;

typedef struct {
    size_t index;         /* into t->segs */
    uint32_t lane;
    trc_state state;
    int32_t req;          /* -1: nobody's */
    const char *label;    /* its step's label, or NULL */
    int64_t start, dur;
} lay_seg_info;

typedef struct {
    lay_area area;
    int32_t row;          /* row under y (labels or plot), or -1 */
    int32_t lane;         /* its lane, or -1 (none, or a group header) */
    int32_t group;        /* its group, or -1 */
    bool header;          /* the row is a group header (click: collapse) */
    int64_t t;            /* the time under x */
    bool has_seg;         /* a segment is under the point (within 2 px when zoomed out) */
    lay_seg_info seg;
} lay_hit;

void lay_hit_test(lay_ctx *c, const lay_view *v, const lay_geom *g, float x, float y, lay_hit *out);
/* The group whose header row is under (x, y) anywhere across the canvas, or -1. */
int32_t lay_hit_header(lay_ctx *c, const lay_view *v, const lay_geom *g, float x, float y);

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

/* The nearest segment boundary (start or end) strictly after / before a time over the lanes that
 * show; false when there is none. O(lanes log segments). */
bool lay_next_event(lay_ctx *c, int64_t after, int64_t *out);
bool lay_prev_event(lay_ctx *c, int64_t before, int64_t *out);

/* ---- Navigation ---------------------------------------------------------------------------- */

/* Fits [0, end] (end <= 0: 1 µs) to the plot width less a LAY_FIT_MARGIN fraction on the right. */
#define LAY_FIT_MARGIN 0.03
void lay_fit(lay_view *v, const lay_geom *g, int64_t end);
/* Multiplies the magnification by factor (> 1 zooms in) keeping the time under x fixed;
 * ns_per_px stays within [LAY_MIN_NS_PER_PX, what shows 4 x max(end, 1 µs)]. */
void lay_zoom_at(lay_view *v, const lay_geom *g, float x, double factor, int64_t end);
/* Moves the view by dx pixels (content follows the pointer: dx > 0 shows earlier times). */
void lay_pan_px(lay_view *v, double dx);
/* Scrolls rows by dy pixels, kept within [0, content - plot height]; dy = 0 re-clamps after a
 * collapse, a hide or a resize. */
void lay_scroll(lay_ctx *c, lay_view *v, const lay_geom *g, float dy);

#endif
