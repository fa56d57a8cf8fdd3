/* lay_agg_int.h — what lay_agg.c (the series, the groups' modes) shares with lay_agg_draw.c
 * (drawing and pointing at aggregate rows) and nobody else sees. Not part of the public API. */
#ifndef LAY_AGG_INT_H
#define LAY_AGG_INT_H

#include "lay_agg.h"
#include "lay_int.h"

enum { SERIES_UNBUILT, SERIES_READY, SERIES_FAILED };

/* A step function with what a column query needs. */
typedef struct {
    int64_t *t;
    int32_t *v;
    double *area;     /* area[i]: integral of the value from t[0] to t[i] */
    int32_t *tree;    /* max segment tree, bottom-up: leaves tree[n + i] = v[i] */
    size_t n;
    int32_t max;
    int32_t scale;    /* the last frame's vertical scale, for its label; 0 before one */
    uint8_t status;
} agg_steps;

struct lay_agg {
    uint32_t cap;           /* lanes a group shows before it aggregates */
    uint8_t *mode;          /* per group: lay_agg_mode */
    uint8_t *on;            /* per group: aggregated, as of the last row rebuild */
    uint32_t *filtered;     /* per group: lanes passing the filter, as of the last row rebuild */
    agg_steps *series;      /* ngroups x LAY_AGG_KIND_COUNT */
    agg_steps *res;         /* per resource (trc.res): holders or length */
    float *col;             /* one frame's column heights: mean then max, 2 per column */
    size_t ncol;
};

/* The series of an aggregate row (built on first use); NULL when it cannot be. */
agg_steps *lay_agg_row_series(lay_ctx *c, const lay_row *r);
/* The max and mean of s over [a, b) (hint: the last index found, -1 at first). */
void lay_agg_steps_range(const agg_steps *s, int64_t a, int64_t b, ptrdiff_t *hint, int32_t *max, double *mean);
/* lay_agg_count_text's words as of the last row rebuild (lay_rows.c, which has just rebuilt them). */
char *lay_agg_count_fmt(const lay_ctx *c, lay_lang lang, uint32_t g, char *buf, size_t n);
/* A count in a few characters (12, 3.4k, 1.2M). */
char *lay_agg_fmt_count(int64_t n, char *buf, size_t sz);

#endif
