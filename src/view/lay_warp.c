/* lay_warp.c — the course view's schematic time (see lay_course.h, LAY_WARP_BAR): the slides draw
 * every burst the same thin height, so the real time of a burst group is squeezed or stretched to
 * one bar's height while the gaps between groups keep their length. */
#include "lay_course.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* A group longer than this many breakpoints (other columns' groups inside it) is cut short there:
 * only where thousands of bursts overlap, where a schematic picture means little anyway. */
#define WARP_SCAN 256

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The index of the last breakpoint at or before t in v[0..n) (0 when t is before them all). */
static size_t floor_idx(const int64_t *v, size_t n, int64_t t)
{
    size_t lo = 0, hi = n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* The sorted distinct breakpoints: 0 and every group's start and end. */
static size_t breakpoints(const lay_course *c, int64_t *e)
{
    size_t n = 0;
    e[n++] = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        e[n++] = c->groups[i].t0, e[n++] = c->groups[i].t1;
    qsort(e, n, sizeof *e, cmp_i64);
    size_t k = 1;
    for (size_t i = 1; i < n; i++)
        if (e[i] != e[k - 1])
            e[k++] = e[i];
    return k;
}

/* frac[i]: the largest share of one group's length that interval i holds (0: no group covers it). */
static void cover_shares(const lay_course *c, const int64_t *e, size_t n, double *frac)
{
    for (size_t gi = 0; gi < c->ngroups; gi++) {
        const lay_burst_group *gr = &c->groups[gi];
        double len = (double)(gr->t1 - gr->t0);
        if (!(len > 0))
            continue;
        size_t i = floor_idx(e, n, gr->t0);
        for (int k = 0; i + 1 < n && e[i] < gr->t1 && k < WARP_SCAN; i++, k++) {
            double share = (double)(e[i + 1] - e[i]) / len;
            frac[i] = share > frac[i] ? share : frac[i];
        }
    }
}

/* The images of the breakpoints: gaps as long as they last, covered intervals their share of one
 * bar, a bar being LAY_WARP_BAR of the whole (the bars' count known, solved for its length). */
static void images(const int64_t *e, size_t n, const double *frac, int64_t *s)
{
    double gaps = 0, bars = 0;
    for (size_t i = 0; i + 1 < n; i++) {
        if (frac[i] > 0)
            bars += frac[i];
        else
            gaps += (double)(e[i + 1] - e[i]);
    }
    double rest = 1 - LAY_WARP_BAR * bars, bar = gaps > 0 ? LAY_WARP_BAR * gaps / (rest > 0.25 ? rest : 0.25) : 1e6;
    double at = (double)e[0];
    s[0] = e[0];
    for (size_t i = 0; i + 1 < n; i++) {
        double d = frac[i] > 0 ? frac[i] * bar : (double)(e[i + 1] - e[i]);
        at += d > 1 ? d : 1;
        s[i + 1] = (int64_t)llround(at);
        if (s[i + 1] <= s[i])
            s[i + 1] = s[i] + 1;
    }
}

bool lay_course_warp_ready(lay_course *c)
{
    if (c->warp_tried)
        return c->nwarp > 0;
    c->warp_tried = true;
    size_t cap = 2 * c->ngroups + 1;
    /* calloc: every slot is written, but the analyzer cannot see it through breakpoints(). */
    int64_t *e = calloc(cap, sizeof *e), *s = calloc(cap, sizeof *s);
    double *frac = calloc(cap, sizeof *frac);
    if (!e || !s || !frac) {
        free(e), free(s), free(frac);
        return false;
    }
    size_t n = breakpoints(c, e);
    cover_shares(c, e, n, frac);
    images(e, n, frac, s);
    free(frac);
    c->warp_e = e, c->warp_s = s, c->nwarp = n;
    return true;
}

/* The piecewise-linear map through the points (from[i], to[i]), slope 1 outside them. */
static int64_t map(const int64_t *from, const int64_t *to, size_t n, int64_t t)
{
    if (n == 0)
        return t;
    size_t i = floor_idx(from, n, t);
    if (t <= from[0] || i + 1 >= n)
        return to[i] + (t - from[i]);
    double k = (double)(to[i + 1] - to[i]) / (double)(from[i + 1] - from[i]);
    return to[i] + (int64_t)llround((double)(t - from[i]) * k);
}

int64_t lay_course_warp(const lay_course *c, int64_t t)
{
    return map(c->warp_e, c->warp_s, c->nwarp, t);
}

int64_t lay_course_unwarp(const lay_course *c, int64_t s)
{
    return map(c->warp_s, c->warp_e, c->nwarp, s);
}

int64_t lay_course_end(lay_course *c, const lay_view *v)
{
    if (v->bars == LAY_BARS_UNIFORM && lay_course_warp_ready(c))
        return lay_course_warp(c, c->t->end);
    return c->t->end;
}
