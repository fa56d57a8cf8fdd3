/* view.h — one interface for every view (timeline, course view, comparison, sweep plot): an ops
 * table each view's file fills in, through which the window and `schedlab render` reach them. */
#ifndef VIEW_H
#define VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include "dl.h"
#include "lay_view.h"
#include "scn.h"
#include "sim.h"
#include "sl_util.h"
#include "swp.h"
#include "trc.h"

/* The views, in view_table's order. Adding a view: its file defines a view_ops, and one line here
 * and in view.c's table names it (docs/architecture.md). */
typedef enum { VIEW_TIMELINE, VIEW_COURSE, VIEW_COMPARE, VIEW_SWEEP, VIEW_COUNT } view_id;

/* One simulated run: a finished trace that outlives the view, its metrics and its model. */
typedef struct {
    const trc *t;
    const sim_metrics *m;
    scn_model model;
    const char *label;        /* the comparison's panel name; NULL: the model's */
} view_run;

/* What a view is built from. */
typedef struct {
    const view_run *runs;     /* one run; every model's for a view with all_models */
    int nruns;
    const swp_result *sweep;  /* the sweep plot's result (outliving the view) and title (or NULL) */
    const char *title;
    bool status;              /* keep a status bar band at the bottom of the canvas */
    bool notes;               /* course figures: "processing", "delay" and "wait" written on them */
    bool stacked;             /* the comparison: timelines stacked rather than course panels */
} view_src;

/* A view's operations. ctx is the view's own context (lay_ctx, lay_course, ...), made by create
 * or by a caller that owns one already (the window keeps its run's timeline). NULL operations:
 * the view has nothing of the kind (no time axis, nothing to point at). */
typedef struct view_ops {
    const char *name;         /* `render --view NAME`, picture file names */
    bool timed;               /* has a time axis: fit, show a span, zoom, pan */
    bool all_models;          /* built from one run per model */
    float name_px;            /* its names' size (lanes, hosts) at font scale 1, which a figure
                                 scales with the width; 0: a figure keeps the sizes */
    void *(*create)(const view_src *src, sl_err *err);   /* NULL with a message in err */
    void (*destroy)(void *ctx);
    /* The layout of a w x h canvas (the status band included when the context keeps one). */
    lay_geom (*geometry)(void *ctx, const lay_view *v, float w, float h, const dl_measure *m);
    /* The height a w-wide picture needs when none is given. */
    float (*height)(void *ctx, const lay_view *v, float w, const dl_measure *m);
    /* g with the time axis laid along x: plot_x .. plot_x + plot_w is the time axis (NULL: g). */
    lay_geom (*time_geom)(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m);
    /* Time runs down the canvas (course figures): the pointer's y is the time coordinate. */
    bool (*time_down)(const void *ctx);
    /* The last instant of what it shows. */
    int64_t (*end)(const void *ctx);
    /* Sets v's time window to show [0, end] with the view's margins. */
    void (*fit)(void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end);
    /* Resets out to the canvas and draws the frame (not the status bar text: lay_status_bar). */
    void (*frame)(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, dl_list *out);
    /* The band of time labels (a click there moves the playhead). */
    bool (*in_axis)(const void *ctx, const lay_geom *g, float x, float y);
    /* The segment drawn under canvas point (x, y); false when none. */
    bool (*hit)(void *ctx, const lay_view *v, const lay_geom *g, float x, float y, lay_seg_info *out);
    /* The nearest event (a segment's start or end) strictly after / before a time. */
    bool (*next_event)(void *ctx, int64_t after, int64_t *out);
    bool (*prev_event)(void *ctx, int64_t before, int64_t *out);
    /* The full text of what is drawn shortened under canvas point (x, y) (an abbreviated host
     * name), for a tooltip; false when nothing is. */
    bool (*tip)(void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, float x, float y, char *buf,
                size_t n);
} view_ops;

extern const view_ops lay_timeline_ops, lay_course_ops, lay_compare_ops, lay_sweep_ops;

/* The view of an id (NULL past VIEW_COUNT), and the one named name (NULL: no such view). */
const view_ops *view_get(view_id id);
const view_ops *view_find(const char *name);

/* The time-along-x geometry of g (g itself for a view without time_geom). */
lay_geom view_time_geom(const view_ops *ops, void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m);
/* The one "show the span a..b" of every user: [a, b] across the time axis (b <= a: unchanged). */
void view_show_span(const view_ops *ops, void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t a,
                    int64_t b);
/* The span the time axis shows now: [*a, *b]. */
void view_span(const view_ops *ops, void *ctx, const lay_view *v, const lay_geom *g, const dl_measure *m, int64_t *a,
               int64_t *b);
/* Fits [0, end] when the view is timed. */
void view_fit(const view_ops *ops, void *ctx, lay_view *v, const lay_geom *g, const dl_measure *m, int64_t end);

#endif
