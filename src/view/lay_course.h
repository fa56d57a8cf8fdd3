/* lay_course.h — the course view: a trace drawn like the course's figures, a sequence diagram with
 * time going down (one column per host, the client in the centre; CPU bursts as bars, side by side
 * when they overlap and stacked when they follow one another; messages as arrows slanting with
 * the latency). Owns its indexes; no SDL; a frame's cost follows its pixels, not the trace size. */
#ifndef LAY_COURSE_H
#define LAY_COURSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dl.h"
#include "lay_view.h"
#include "sl_util.h"
#include "trc.h"

/* A burst: the run of RUN slices of one request step on one lane (a process, thread, coroutine or
 * the sequential unit on the client; TRC_SERVE slices on a server core). Slices of the step may
 * have other segments between them (ready, switch): the burst spans them all. */
typedef struct {
    int64_t t0, t1;          /* first slice's start, last slice's end */
    uint32_t lane;
    int32_t req;
    uint32_t seg_first, seg_end;   /* in its lane's segments: [seg_first, seg_end) */
    uint32_t nslices;        /* its RUN (SERVE) segments */
    uint32_t col;            /* its host's column */
    uint32_t group;          /* index into lay_course.groups */
    uint32_t sub;            /* its place inside the group's split bar: 0 the leftmost */
    uint16_t step;
} lay_burst;

/* Bursts of one column whose [t0, t1) overlap (transitively): drawn as one split bar with nsub
 * parts side by side. A column's groups are disjoint in time and sorted. */
typedef struct {
    int64_t t0, t1;
    uint32_t first, count;   /* lay_course.bursts[first .. first + count), by start time */
    uint32_t nsub;           /* parts side by side: the most bursts at once (1: a plain bar) */
    uint32_t nslices;        /* slices of all its bursts */
} lay_burst_group;

typedef struct {
    int32_t host;            /* -1 the client, else the server index */
    int32_t slot;            /* left to right: 0 the client, -1, -2 ... on its left, 1, 2 ... on its right */
    const char *name;        /* the host's name, owned by the trace */
    uint32_t group_first, group_count;   /* its groups: lay_course.groups[first .. first + count) */
} lay_course_col;

/* What a frame shows besides the bars and arrows; plain flags the caller may change any time. */
typedef struct {
    bool notes;              /* annotations made from the trace: "traitement" at each burst and
                                "délai" at each message in a right margin, a double arrow
                                "attente" where the client idles (the course's figure 1) */
    bool axis;               /* the time axis on the left ("temps", an arrow pointing down) */
    bool hosts;              /* the band of host names at the top */
    bool guides;             /* faint horizontal lines at the edges of bursts */
    bool status;             /* room for a status bar at the bottom (lay_status_bar) */
} lay_course_opts;

typedef struct {
    /* read-only for users */
    const trc *t;
    lay_course_col *cols;     size_t ncols;     /* by host: cols[0] the client, cols[1 + i] server i */
    lay_burst *bursts;        size_t nbursts;   /* by column, then start time */
    lay_burst_group *groups;  size_t ngroups;   /* by column, then time */
    /* read-write */
    lay_course_opts opts;     /* defaults: axis, hosts, guides and status on; notes off */
    /* private */
    int32_t slot_min, slot_max;
    uint32_t *lane_first;     /* per lane + 1: its bursts in lane_bursts */
    uint32_t *lane_bursts;    /* burst indices by lane, then start time */
    int64_t *switches;        size_t nswitches;   /* client switch markers' times, sorted */
    uint32_t *msg_order;      /* messages by send time */
    int64_t msg_maxdur;
    float *scratch;           size_t cap_scratch, nscratch;   /* one frame's guides, labels, thinning */
    float *cover;             size_t cap_cover;   /* one frame's runs per pixel of a dense split bar */
    int64_t *warp_e, *warp_s; size_t nwarp;       /* schematic time: real breakpoints, their images */
    bool warp_tried;
} lay_course;

/* Builds the columns, bursts and groups of t, which must be finished (trc_finish) and outlive c.
 * False with a message on malloc failure; c is then empty and lay_course_free is still allowed. */
bool lay_course_init(lay_course *c, const trc *t, sl_err *err);
void lay_course_free(lay_course *c);

/* The layout of a w x h canvas: label_w is the time axis band, axis_h the host names band,
 * plot_* the columns' area; time runs down the plot: y = plot_y + (t - t0) / ns_per_px with the
 * view's t0, t0_frac and ns_per_px. legend_h is 0. */
lay_geom lay_course_geometry(lay_course *c, const lay_view *v, float w, float h, const dl_measure *m);

/* The same geometry with its time axis laid along x (plot_x = plot_y, plot_w = plot_h), so that
 * lay_fit, lay_zoom_at (pass y as x), lay_pan_px, lay_t_of and lay_tick_step of lay.h navigate
 * the course view exactly as they do the timeline. */
lay_geom lay_course_time_geom(const lay_geom *g);

/* Fits [0, end] to the plot's height (lay_fit along the time axis). */
void lay_course_fit(lay_view *v, const lay_geom *g, int64_t end);

/* The y on the canvas of time t. */
double lay_course_y_of(const lay_view *v, const lay_geom *g, int64_t t);

/* The x of a column's line, and the width of a plain bar, on that geometry. */
float lay_course_col_x(const lay_course *c, const lay_geom *g, uint32_t col);
float lay_course_bar_w(const lay_course *c, const lay_geom *g);

/* Resets out and draws a whole frame: guides, host lines, bars, messages, notes, the time axis
 * and host names (not the status bar: lay_status_bar). Uses of lay_view: t0, t0_frac, ns_per_px,
 * font_scale, theme, lang, show_msgs, selected, playhead_on/playhead. Zoomed in far enough that a
 * split bar's slices are 4 pixels tall or more, each part shows its own slices and a white line
 * marks each context switch ("commutations"). */
void lay_course_frame(lay_course *c, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out);

/* Schematic time (lay_view.bars = LAY_BARS_UNIFORM): every burst group as tall as every other
 * (LAY_WARP_BAR of the picture's time), the gaps between them as long as they last, so bars keep
 * their order and overlap and arrows their slant. A piecewise-linear map of real time t to the
 * time drawn, built on first use (false: no memory, the real time is drawn). */
#define LAY_WARP_BAR 0.06
bool lay_course_warp_ready(lay_course *c);
int64_t lay_course_warp(const lay_course *c, int64_t t);
int64_t lay_course_unwarp(const lay_course *c, int64_t s);
/* The end of the run as drawn for v: t->end, or its image in schematic time. */
int64_t lay_course_end(lay_course *c, const lay_view *v);

/* Searching: the index in c->groups of column col's first group ending after t (or the end of
 * its range); the burst of lane that starts last at or before t, and the first one starting at
 * or after t (-1: none). */
uint32_t lay_course_group_after(const lay_course *c, uint32_t col, int64_t t);
int32_t lay_course_burst_before(const lay_course *c, uint32_t lane, int64_t t);
int32_t lay_course_burst_from(const lay_course *c, uint32_t lane, int64_t t);

/* The burst drawn under canvas point (x, y) (within 2 pixels along time: bars have a least
 * height), as its first segment with the burst's span; false when none. */
bool lay_course_hit(lay_course *c, const lay_view *v, const lay_geom *g, float x, float y, lay_seg_info *out);
/* The full name of the host whose name is drawn abbreviated under (x, y) (narrow columns); false
 * when there is none there. */
bool lay_course_host_tip(lay_course *c, const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y,
                         char *buf, size_t n);
/* The nearest edge of a burst (its start or end) strictly after / before a time; false: none. */
bool lay_course_next_event(const lay_course *c, int64_t after, int64_t *out);
bool lay_course_prev_event(const lay_course *c, int64_t before, int64_t *out);

#endif
