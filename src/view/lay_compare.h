/* lay_compare.h — the comparison view: one workload run under several models (sequential,
 * processes, threads, coroutines) drawn on ONE shared time scale, as course views side by side or
 * as timelines stacked, each with its makespan, CPU utilization, switches, peak memory and
 * failures. Owns one course or timeline context per run and a scratch list; no SDL. */
#ifndef LAY_COMPARE_H
#define LAY_COMPARE_H

#include <stdbool.h>

#include "dl.h"
#include "lay.h"
#include "lay_course.h"
#include "scn.h"
#include "sim.h"

#define LAY_COMPARE_MAX SCN_MODEL_COUNT

typedef enum { LAY_COMPARE_COURSE, LAY_COMPARE_TIMELINE } lay_compare_style;

/* One run: its trace (finished, outliving the comparison), its metrics and its model. */
typedef struct {
    const trc *t;
    const sim_metrics *m;
    scn_model model;
    const char *label;   /* the panel's name; NULL: the model's (a real run: "measured") */
} lay_compare_run;

typedef struct {
    /* read-write */
    lay_compare_style style;      /* default LAY_COMPARE_COURSE */
    bool notes;                   /* course panels: the "traitement"/"délai"/"attente" notes */
    bool status;                  /* its geometry keeps a status band (the window's) */
    /* read-only */
    lay_compare_run runs[LAY_COMPARE_MAX];
    int n;
    int64_t end;                  /* the latest end over the runs: the shared scale's extent */
    /* private */
    lay_course course[LAY_COMPARE_MAX];
    lay_ctx tl[LAY_COMPARE_MAX];
    dl_list panel;                /* one panel drawn here, then copied into place */
} lay_compare;

/* Builds both kinds of context for runs[0 .. n) (1 <= n <= LAY_COMPARE_MAX). False with a message
 * on a bad n or malloc failure; c is then empty and lay_compare_free is still allowed. */
bool lay_compare_init(lay_compare *c, const lay_compare_run *runs, int n, sl_err *err);
void lay_compare_free(lay_compare *c);

/* The height a w-wide canvas needs in the current style: the timelines' rows stacked, or a
 * course figure's proportions. */
float lay_compare_height(lay_compare *c, const lay_view *v, float w, const dl_measure *m);

/* Sets v's time window so that the longest run fits the panels of a w x h canvas. */
void lay_compare_fit(lay_compare *c, lay_view *v, float w, float h, const dl_measure *m);

/* The length in pixels of the shared time axis on a w x h canvas (for a window [from, to]:
 * ns_per_px = (to - from) / this). */
float lay_compare_time_len(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m);

/* Resets out and draws every panel with v's time window (t0, ns_per_px: shared by all), theme and
 * language, a dashed line at each run's makespan, and its metrics under (course) or in the
 * status bar of (timeline) its panel. */
void lay_compare_frame(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, dl_list *out);
/* The full name of a host drawn abbreviated under (x, y) in a course panel; false when none. */
bool lay_compare_tip(lay_compare *c, const lay_view *v, float w, float h, const dl_measure *m, float x, float y,
                     char *buf, size_t n);

#endif
