/* lay.h — the timeline: turns (trace, view state, canvas size, theme) into a display list and
 * answers the UI's questions about pixels (its groups, rows, hit test, events). No SDL; a frame's
 * cost follows its pixels, not the trace size (binary search per lane, one shape per pixel column
 * when zoomed out). The words are lay_str.h's, the view state and navigation lay_view.h's. */
#ifndef LAY_H
#define LAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "lay_str.h"
#include "lay_view.h"
#include "sim.h"
#include "sl_util.h"
#include "theme.h"
#include "trc.h"

/* ---- Per-trace state: groups, rows and indexes (the lane and group flags live here because
 *      their number follows the trace) ----------------------------------------------------- */

typedef enum {
    LAY_GROUP_CORES,      /* TRC_LANE_CORE */
    LAY_GROUP_MAIN,       /* TRC_LANE_MAIN */
    LAY_GROUP_UNITS,      /* TRC_LANE_UNIT */
    LAY_GROUP_LOOPS,      /* TRC_LANE_LOOP, each followed by its TRC_LANE_CORO lanes */
    LAY_GROUP_SERVER,     /* TRC_LANE_SERVER of one host: one group per host */
    LAY_GROUP_POOL,       /* the workers of one `pool` (lanes with pool >= 0): one group per pool */
    LAY_GROUP_RES,        /* the semaphores, locks and queues: no lanes, one aggregate row each */
    LAY_GROUP_KIND_COUNT
} lay_group_kind;

typedef struct {
    uint8_t kind;         /* lay_group_kind */
    int32_t host;         /* LAY_GROUP_SERVER: the host index; LAY_GROUP_POOL: the pool index; else -1 */
    char name[96];        /* LAY_GROUP_SERVER: the host's name, from its lanes' names; POOL: the pool's */
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
    uint8_t depth;        /* indent: a coroutine under its loop, a task under its spawner */
    uint8_t agg;          /* LAY_ROW_AGG: its series (lay_agg_kind) */
    int32_t res;          /* LAY_AGG_RES rows: the resource (index into trc.res); else -1 */
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
    uint8_t *lane_depth;       /* per lane: its indent in its group (lay_row.depth) */
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
    uint32_t *msg_first;       /* per lane + 1: its messages are msg_idx[msg_first[l] .. msg_first[l + 1]) */
    uint32_t *msg_idx;         /* messages by lane, by send time in a lane; NULL until first used */
    struct lay_agg *agg;       /* aggregate series and per-group modes (lay_agg.c) */
    struct lay_filter *filter; /* the unit filter (lay_filter.c); NULL until one is set */
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
/* A group's header text: the host name for a server, else its kind's string in lang (the units
 * by model: "threads", "processes", the sequential program's "main"; the loops "coroutines"). */
const char *lay_group_title(const lay_ctx *c, lay_lang lang, uint32_t g);
/* A group of one lane named as the group (a server of one core without notes, the main thread,
 * the sequential program): it shows as that lane alone, without a header repeating its name. */
bool lay_group_lone(const lay_ctx *c, uint32_t g);
/* The client cores' group, or -1. */
int32_t lay_cores_group(const lay_ctx *c);
/* Whether the core rows only repeat the event loops (coroutines: as many cores as loops, each
 * running its loop and nothing else): lay_init then hides the cores' group; showing it again is
 * the viewer's choice (lay_group_set_hidden). */
bool lay_cores_repeat_loops(const lay_ctx *c);
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

/* The layout of a w x h canvas; m measures lane names once per font scale. */
lay_geom lay_geometry(lay_ctx *c, const lay_view *v, float w, float h, const dl_measure *m);

/* The row's rectangle on the canvas (it may lie outside the plot); false when no row shows it. */
bool lay_lane_rect(lay_ctx *c, const lay_view *v, const lay_geom *g, uint32_t lane, float *y, float *h);
/* Height in pixels of all rows. */
float lay_content_height(lay_ctx *c, const lay_view *v);
/* Scrolls rows by dy pixels, kept within [0, content - plot height]; dy = 0 re-clamps after a
 * collapse, a hide or a resize. */
void lay_scroll(lay_ctx *c, lay_view *v, const lay_geom *g, float dy);

/* ---- The unit filter: reach individual units among 100 000 (lay_filter.c) ------------------ */

/* Shows only the unit and coroutine lanes that ran a request of the template(s) named name (case
 * sensitive); cores, main, loops and servers still show, and the aggregates count only those
 * requests. False, and nothing changes, when no request of that name exists. */
bool lay_filter_tmpl(lay_ctx *c, const char *name);
/* The same for one request instance (e.g. the selected one): its unit's lane. False, and nothing
 * changes, when req is out of range or ran on no lane. */
bool lay_filter_req(lay_ctx *c, int32_t req);
void lay_filter_clear(lay_ctx *c);
/* Whether lane passes the filter (always, without one). */
bool lay_lane_filtered_in(const lay_ctx *c, uint32_t lane);
/* The filter in effect, "page" or "page #12", into buf; "" when none. Returns buf. */
char *lay_filter_text(const lay_ctx *c, char *buf, size_t n);

/* ---- Drawing ------------------------------------------------------------------------------- */

/* Resets out and draws a whole frame: rows, labels, segments, markers, messages, axis, playhead,
 * hover hairline and legend (not the status bar text: lay_status_bar). */
void lay_frame(lay_ctx *c, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out);

/* ---- Hit testing --------------------------------------------------------------------------- */

typedef enum { LAY_AREA_NONE, LAY_AREA_AXIS, LAY_AREA_LABELS, LAY_AREA_PLOT, LAY_AREA_LEGEND, LAY_AREA_STATUS } lay_area;

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

/* The nearest segment boundary (start or end) strictly after / before a time over the lanes that
 * show; false when there is none. O(lanes log segments). */
bool lay_next_event(lay_ctx *c, int64_t after, int64_t *out);
bool lay_prev_event(lay_ctx *c, int64_t before, int64_t *out);

#endif
