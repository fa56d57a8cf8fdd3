/* web_api.c — the C API the web page calls (WebAssembly, built by scripts/web.sh): parse a scenario,
 * simulate it under a model with the page's parameters, lay out a frame of the timeline, course,
 * comparison or sweep view into a display list whose bytes JavaScript walks, hit-test, step from
 * event to event, and write the SVG of what shows. Every call takes the web handle that web_new
 * returned: no global state. Times cross the boundary as doubles (exact below 2^53 ns, 104 days). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __EMSCRIPTEN__
#include <emscripten.h>
#define WEB_API EMSCRIPTEN_KEEPALIVE
#else
#define WEB_API
#endif

#include "dl.h"
#include "lay.h"
#include "lay_compare.h"
#include "lay_course.h"
#include "lay_sweep.h"
#include "scn.h"
#include "sim.h"
#include "svg.h"
#include "swp.h"
#include "trc.h"
#include "web_api.h"

/* The name the parser puts before LINE:COL in its messages; the page shows them without it. */
#define WEB_PATH "scenario"
#define WEB_MAX_EVENTS 200000000u   /* a run past this stops with a message rather than hang the tab */

typedef enum { WEB_TIMELINE, WEB_COURSE, WEB_COMPARE, WEB_SWEEP, WEB_VIEW_COUNT } web_view;

/* The flags sit together at the end: the analyzer counts padding. */
struct web {
    char *str;                /* the last string handed to JavaScript (owned) */
    dl_measure meas;
    dl_list dl;
    lay_seg_info hit_info;
    lay_view v;
    lay_hit hit;
    sim_metrics m;
    lay_course course;
    lay_ctx lay;
    scn base;                 /* the parsed text */
    scn s;                    /* base + the page's parameters, as last simulated */
    trc t;
    swp_result sweep;
    sim_metrics cm[SCN_MODEL_COUNT];
    trc ct[SCN_MODEL_COUNT];  /* the comparison: the same workload under every model */
    lay_compare cmp;
    int ncmp;
    web_view view;
    lay_compare_style cstyle;
    float w, h;
    int err_line, err_col;
    lay_geom geom, tgeom;     /* tgeom: time along x, whatever the view's direction */
    bool has_base, has_run, course_ready, cmp_ready, sweep_ready, notes, hit_seg;
    char err[512];
};

/* ---- Text measured by the browser ---------------------------------------------------------- */

#ifdef __EMSCRIPTEN__
/* Module.measureText(ptr, len, size, bold) when the page set it (a canvas's measureText);
 * -1 without it (Node): the layout then uses the approximate measure. */
EM_JS(float, web_js_text_width, (const char *s, int len, float size, int bold), {
    return Module.measureText ? Module.measureText(s, len, size, bold) : -1;
});
#else
static float web_js_text_width(const char *s, int len, float size, int bold)
{
    return -1;
}
#endif

static float web_measure(void *ctx, const char *s, size_t len, float size, bool bold)
{
    float w = web_js_text_width(s, (int)len, size, bold);
    return w >= 0 ? w : dl_measure_approx(ctx, s, len, size, bold);
}

/* ---- Strings handed out -------------------------------------------------------------------- */

static const char *web_keep(web *w, char *s)
{
    free(w->str);
    w->str = s;
    return s ? s : "";
}

static const char *web_keep_copy(web *w, const char *s)
{
    return web_keep(w, sl_strndup(s, strlen(s)));
}

/* The parser's "scenario:LINE:COL: error: ..." as "LINE:COL: error: ...", LINE and COL kept. */
static void web_set_error(web *w, const char *msg)
{
    const char *p = msg;
    size_t n = strlen(WEB_PATH);
    if (strncmp(p, WEB_PATH ":", n + 1) == 0)
        p += n + 1;
    snprintf(w->err, sizeof w->err, "%s", p);
    w->err_line = w->err_col = 0;
    if (sscanf(w->err, "%d:%d:", &w->err_line, &w->err_col) != 2)
        w->err_line = w->err_col = 0;
}

/* ---- Lifetime ------------------------------------------------------------------------------ */

WEB_API web *web_new(void)
{
    web *w = calloc(1, sizeof *w);
    if (!w)
        return NULL;
    lay_view_init(&w->v);
    dl_init(&w->dl);
    w->meas = (dl_measure){web_measure, NULL};
    w->w = 800, w->h = 500;
    return w;
}

static void web_drop_views(web *w)
{
    if (w->cmp_ready)
        lay_compare_free(&w->cmp);
    for (int k = 0; k < w->ncmp; k++)
        trc_free(&w->ct[k]);
    if (w->course_ready)
        lay_course_free(&w->course);
    if (w->sweep_ready)
        swp_free(&w->sweep);
    w->cmp_ready = w->course_ready = w->sweep_ready = false;
    w->ncmp = 0;
}

static void web_drop_run(web *w)
{
    web_drop_views(w);
    if (w->has_run) {
        lay_free(&w->lay);
        trc_free(&w->t);
        scn_free(&w->s);
    }
    w->has_run = false;
}

WEB_API void web_delete(web *w)
{
    if (!w)
        return;
    web_drop_run(w);
    if (w->has_base)
        scn_free(&w->base);
    dl_free(&w->dl);
    free(w->str);
    free(w);
}

/* ---- Scenario and run ---------------------------------------------------------------------- */

/* Parses text; 1 on success (it becomes the scenario the next web_simulate runs), else 0 with
 * "LINE:COL: error: ..." in web_error and the last good scenario kept. */
WEB_API int web_parse(web *w, const char *text)
{
    scn s;
    sl_err err = {0};
    if (!scn_parse(WEB_PATH, text, strlen(text), &s, &err)) {
        web_set_error(w, err.msg);
        return 0;
    }
    if (w->has_base)
        scn_free(&w->base);
    w->base = s;
    w->has_base = true;
    w->err[0] = '\0';
    w->err_line = w->err_col = 0;
    return 1;
}

WEB_API const char *web_error(web *w) { return w->err; }
WEB_API int web_error_line(web *w) { return w->err_line; }
WEB_API int web_error_col(web *w) { return w->err_col; }

/* Applies newline-separated KEY=VALUE settings (those of `--set`) to a copy of the scenario. */
static bool web_apply_sets(scn *s, const char *sets, sl_err *err)
{
    const char *p = sets ? sets : "";
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n > 0) {
            char *kv = sl_strndup(p, n);
            bool ok = kv && scn_set(s, kv, err);
            if (!kv)
                sl_fail(err, "schedlab: error: out of memory");
            free(kv);
            if (!ok)
                return false;
        }
        p += n + (e ? 1 : 0);
    }
    return true;
}

static bool web_run_one(const scn *s, trc *t, sim_metrics *m, sl_err *err)
{
    const sim_opts so = {.record_trace = true, .max_events = WEB_MAX_EVENTS};
    return sim_run(s, &so, t, m, err);
}

/* Runs the parsed scenario with sets (model=threads, cores=4, timeslice=5ms, gil=off, repeat=100,
 * latency.scale=2 ...); 1 on success, else 0 with the message in web_error and the last run kept. */
WEB_API int web_simulate(web *w, const char *sets)
{
    sl_err err = {0};
    scn s;
    trc t;
    sim_metrics m;
    if (!w->has_base)
        return web_set_error(w, "no scenario parsed"), 0;
    if (!scn_copy(&s, &w->base, &err))
        return web_set_error(w, err.msg), 0;
    if (!web_apply_sets(&s, sets, &err) || !web_run_one(&s, &t, &m, &err)) {
        scn_free(&s);
        return web_set_error(w, err.msg), 0;
    }
    web_drop_run(w);
    w->s = s, w->t = t, w->m = m;
    if (!lay_init(&w->lay, &w->t, &err)) {
        trc_free(&w->t);
        scn_free(&w->s);
        return web_set_error(w, err.msg), 0;
    }
    w->has_run = true;
    w->v.selected = -1;
    w->err[0] = '\0';
    return 1;
}

/* The run's metrics as `schedlab run --json` writes them. */
WEB_API const char *web_metrics_json(web *w)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return "";
    if (w->has_run)
        sim_print_json(&w->m, f);
    fclose(f);
    return web_keep(w, buf);
}

WEB_API double web_makespan(web *w) { return w->has_run ? (double)w->m.makespan_ns : -1; }
WEB_API int web_model(web *w) { return w->has_run ? w->s.cfg.model : -1; }
WEB_API const char *web_title(web *w)
{
    return w->has_run && w->s.cfg.title >= 0 ? scn_str(&w->s, w->s.cfg.title) : "";
}
/* The count of the first `repeat` statement, or 0 without one. */
WEB_API int web_repeat(web *w)
{
    for (size_t i = 0; w->has_base && i < w->base.nreqs; i++)
        if (w->base.reqs[i].repeated)
            return (int)w->base.reqs[i].count;
    return 0;
}
WEB_API int web_cores(web *w) { return w->has_run ? (int)w->s.cfg.cores : 0; }
WEB_API double web_timeslice(web *w) { return w->has_run ? (double)w->s.cfg.timeslice : 0; }
WEB_API int web_gil(web *w) { return w->has_run ? w->s.cfg.gil : 0; }
WEB_API double web_latency_scale(web *w) { return w->has_run ? w->s.cfg.latency_scale : 1; }

/* ---- Views --------------------------------------------------------------------------------- */

static bool web_course(web *w, sl_err *err)
{
    if (!w->course_ready && lay_course_init(&w->course, &w->t, err))
        w->course_ready = true;
    if (w->course_ready)
        w->course.opts.notes = w->notes;
    return w->course_ready;
}

static bool web_compare(web *w, sl_err *err)
{
    if (w->cmp_ready)
        return true;
    scn s;
    if (!scn_copy(&s, &w->s, err))
        return false;
    lay_compare_run runs[SCN_MODEL_COUNT];
    bool ok = true;
    for (; ok && w->ncmp < SCN_MODEL_COUNT; w->ncmp++) {
        s.cfg.model = (uint8_t)w->ncmp;
        ok = web_run_one(&s, &w->ct[w->ncmp], &w->cm[w->ncmp], err);
        if (!ok)
            break;
        runs[w->ncmp] = (lay_compare_run){&w->ct[w->ncmp], &w->cm[w->ncmp], (scn_model)w->ncmp};
    }
    scn_free(&s);
    if (ok && lay_compare_init(&w->cmp, runs, SCN_MODEL_COUNT, err))
        w->cmp_ready = true;
    return w->cmp_ready;
}

/* The area above the status bar with time along x (the comparison and the sweep). */
static lay_geom web_screen_geom(web *w)
{
    lay_geom g = lay_geometry(&w->lay, &w->v, w->w, w->h, &w->meas);
    g.label_w = g.axis_h = g.legend_h = 0;
    g.plot_x = g.plot_y = 0;
    g.plot_w = g.w;
    g.plot_h = g.status_y > 1 ? g.status_y : 1;
    g.legend_y = g.status_y;
    return g;
}

static void web_geometry(web *w)
{
    if (w->view == WEB_COMPARE && w->cmp_ready) {
        w->geom = w->tgeom = web_screen_geom(w);
        w->tgeom.plot_w = lay_compare_time_len(&w->cmp, &w->v, w->w, w->geom.plot_h, &w->meas);
    } else if (w->view == WEB_SWEEP) {
        w->geom = w->tgeom = web_screen_geom(w);
    } else if (w->view == WEB_COURSE && w->course_ready) {
        w->geom = lay_course_geometry(&w->course, &w->v, w->w, w->h, &w->meas);
        w->tgeom = lay_course_time_geom(&w->geom);
    } else {
        w->geom = w->tgeom = lay_geometry(&w->lay, &w->v, w->w, w->h, &w->meas);
    }
}

/* Shows view (0 timeline, 1 course, 2 compare, 3 sweep) on a width x height canvas; 1 on success,
 * else 0 with a message (the comparison's runs hit a limit) and the timeline shown instead. */
WEB_API int web_set_view(web *w, int view, float width, float height)
{
    sl_err err = {0};
    if (!w->has_run)
        return web_set_error(w, "no run"), 0;
    w->w = width >= 1 ? width : 1;
    w->h = height >= 1 ? height : 1;
    w->view = view >= 0 && view < WEB_VIEW_COUNT ? (web_view)view : WEB_TIMELINE;
    bool ok = w->view == WEB_COURSE ? web_course(w, &err) : w->view == WEB_COMPARE ? web_compare(w, &err) : true;
    if (!ok) {
        web_set_error(w, err.set ? err.msg : "out of memory");
        w->view = WEB_TIMELINE;
    }
    if (w->view == WEB_COMPARE)
        w->cmp.style = w->cstyle, w->cmp.notes = w->notes;
    web_geometry(w);
    return ok;
}

/* theme 0 light, 1 dark, 2 contrast; lang 0 en, 1 fr; notes: the course's annotations; cstyle
 * 0 course panels, 1 stacked timelines. Takes effect at the next web_set_view / web_frame. */
WEB_API void web_set_opts(web *w, int theme_no, int lang, float font_scale, int notes, int cstyle, int show_msgs)
{
    w->v.theme = theme_no >= 0 && theme_no < THEME_COUNT ? (theme_id)theme_no : THEME_LIGHT;
    w->v.lang = lang == LAY_LANG_FR ? LAY_LANG_FR : LAY_LANG_EN;
    w->v.font_scale = font_scale > 0.25f && font_scale < 8 ? font_scale : 1;
    w->notes = notes != 0;
    w->cstyle = cstyle ? LAY_COMPARE_TIMELINE : LAY_COMPARE_COURSE;
    w->v.show_msgs = show_msgs != 0;
    if (w->course_ready)
        w->course.opts.notes = w->notes;
    if (w->cmp_ready)
        w->cmp.style = w->cstyle, w->cmp.notes = w->notes;
}

static int64_t web_end_ns(const web *w)
{
    int64_t e = w->view == WEB_COMPARE && w->cmp_ready ? w->cmp.end : w->has_run ? w->t.end : 0;
    return e > 0 ? e : 1;
}

WEB_API double web_end(web *w) { return (double)web_end_ns(w); }

WEB_API void web_fit(web *w)
{
    if (!w->has_run)
        return;
    web_geometry(w);
    if (w->view == WEB_COMPARE && w->cmp_ready)
        lay_compare_fit(&w->cmp, &w->v, w->w, w->geom.plot_h, &w->meas);
    else if (w->view == WEB_COURSE && w->course_ready)
        lay_course_fit(&w->v, &w->geom, web_end_ns(w));
    else
        lay_fit(&w->v, &w->geom, web_end_ns(w));
    w->v.scroll_y = 0;
}

/* The pointer's coordinate along the time axis: y in the course view, x elsewhere. */
static float web_along(const web *w, float x, float y)
{
    return w->view == WEB_COURSE && w->course_ready ? y : x;
}

WEB_API void web_zoom(web *w, float x, float y, double factor)
{
    lay_zoom_at(&w->v, &w->tgeom, web_along(w, x, y), factor, web_end_ns(w));
}

/* Drags by (dx, dy) pixels: time follows the pointer along the time axis; the timeline's rows
 * scroll with dy. */
WEB_API void web_pan(web *w, float dx, float dy)
{
    if (w->view == WEB_COURSE && w->course_ready) {
        lay_pan_px(&w->v, dy);
        return;
    }
    lay_pan_px(&w->v, dx);
    if (w->view == WEB_TIMELINE && w->has_run)
        lay_scroll(&w->lay, &w->v, &w->geom, -dy);
}

/* The time window shown along the time axis. */
WEB_API double web_t0(web *w) { return (double)lay_t_of(&w->v, &w->tgeom, w->tgeom.plot_x); }
WEB_API double web_t1(web *w) { return (double)lay_t_of(&w->v, &w->tgeom, w->tgeom.plot_x + w->tgeom.plot_w); }
WEB_API double web_time_at(web *w, float x, float y) { return (double)lay_t_of(&w->v, &w->tgeom, web_along(w, x, y)); }

WEB_API void web_set_window(web *w, double t0, double t1)
{
    if (!(t1 > t0))
        return;
    w->v.t0 = (int64_t)t0;
    w->v.t0_frac = 0;
    w->v.ns_per_px = (t1 - t0) / (double)(w->tgeom.plot_w > 1 ? w->tgeom.plot_w : 1);
    if (!(w->v.ns_per_px >= LAY_MIN_NS_PER_PX))
        w->v.ns_per_px = LAY_MIN_NS_PER_PX;
}

WEB_API void web_set_playhead(web *w, int on, double t)
{
    w->v.playhead_on = on != 0;
    w->v.playhead = (int64_t)t;
}

WEB_API void web_set_selected(web *w, int req) { w->v.selected = req >= 0 ? req : -1; }

WEB_API void web_set_hover(web *w, int on, float x, float y)
{
    w->v.hover_on = on != 0 && w->view == WEB_TIMELINE;
    w->v.hover_x = x, w->v.hover_y = y;
}

/* The nearest segment boundary after / before t over the lanes that show; -1 when none. */
WEB_API double web_next_event(web *w, double t)
{
    int64_t out;
    return w->has_run && lay_next_event(&w->lay, (int64_t)t, &out) ? (double)out : -1;
}

WEB_API double web_prev_event(web *w, double t)
{
    int64_t out;
    return w->has_run && lay_prev_event(&w->lay, (int64_t)t, &out) ? (double)out : -1;
}

/* ---- Hit testing (the timeline and the course view) ---------------------------------------- */

/* lay_course.c draws a split bar at most this share of the column spacing wide, a plain bar this
 * share of it (as the window's ui_view.c reads them back). */
#define WEB_COURSE_SPLIT_MAX 0.85f
#define WEB_COURSE_BAR_SHARE 0.42f
#define WEB_COURSE_BAR_MOST 109.0f

static float web_course_spacing(const lay_course *c, const lay_geom *g)
{
    for (uint32_t i = 1; i < c->ncols; i++)
        if (c->cols[i].slot != c->cols[0].slot)
            return fabsf(lay_course_col_x(c, g, i) - lay_course_col_x(c, g, 0)) /
                   (float)abs(c->cols[i].slot - c->cols[0].slot);
    float bw = lay_course_bar_w(c, g);
    return bw < WEB_COURSE_BAR_MOST * g->fs ? bw / WEB_COURSE_BAR_SHARE : g->plot_w;
}

static const lay_burst *web_course_burst(const lay_course *c, const lay_geom *g, uint32_t col, float x, int64_t t,
                                         int64_t slack, float sp)
{
    uint32_t gi = lay_course_group_after(c, col, t - slack);
    const lay_course_col *cc = &c->cols[col];
    if (gi >= cc->group_first + cc->group_count || gi >= c->ngroups || c->groups[gi].t0 > t + slack)
        return NULL;
    const lay_burst_group *gr = &c->groups[gi];
    float bw = lay_course_bar_w(c, g), gw = bw * (float)(gr->nsub > 1 ? gr->nsub : 1);
    gw = fmaxf(fminf(gw, WEB_COURSE_SPLIT_MAX * sp), bw);
    float left = lay_course_col_x(c, g, col) - gw / 2;
    if (x < left || x >= left + gw)
        return NULL;
    uint32_t sub = (uint32_t)((x - left) / (gw / (float)(gr->nsub > 1 ? gr->nsub : 1)));
    for (uint32_t k = gr->first; k < gr->first + gr->count; k++) {
        const lay_burst *b = &c->bursts[k];
        if (b->sub == sub && b->t0 <= t + slack && t - slack < b->t1)
            return b;
    }
    return NULL;
}

static bool web_course_hit(web *w, float x, float y, lay_seg_info *out)
{
    const lay_course *c = &w->course;
    const lay_geom *g = &w->geom;
    if (x < g->plot_x || x >= g->plot_x + g->plot_w || y < g->plot_y || y >= g->plot_y + g->plot_h)
        return false;
    int64_t at = lay_t_of(&w->v, &w->tgeom, y), slack = (int64_t)(2 * w->v.font_scale * w->v.ns_per_px);
    float sp = web_course_spacing(c, g);
    for (uint32_t col = 0; col < c->ncols; col++) {
        const lay_burst *b = web_course_burst(c, g, col, x, at, slack, sp);
        if (!b)
            continue;
        size_t n;
        const trc_seg *segs = trc_lane_segs(&w->t, b->lane, &n);
        const trc_seg *s = &segs[b->seg_first < n ? b->seg_first : 0];
        *out = (lay_seg_info){(size_t)(s - w->t.segs), b->lane, (trc_state)s->state, b->req,
                              trc_seg_label(&w->t, s), b->t0, b->t1 - b->t0};
        return true;
    }
    return false;
}

/* What is under (x, y): 1 when a segment (a burst in the course view) is; then web_hit_req and
 * web_hit_text describe it. */
WEB_API int web_hit(web *w, float x, float y)
{
    w->hit_seg = false;
    if (!w->has_run)
        return 0;
    if (w->view == WEB_TIMELINE) {
        lay_hit_test(&w->lay, &w->v, &w->geom, x, y, &w->hit);
        w->hit_seg = w->hit.area == LAY_AREA_PLOT && w->hit.has_seg;
        w->hit_info = w->hit.seg;
    } else if (w->view == WEB_COURSE && w->course_ready) {
        w->hit_seg = web_course_hit(w, x, y, &w->hit_info);
    }
    return w->hit_seg;
}

WEB_API int web_hit_req(web *w) { return w->hit_seg ? w->hit_info.req : -1; }

WEB_API const char *web_hit_text(web *w)
{
    char buf[2048];
    if (!w->hit_seg)
        return "";
    return web_keep_copy(w, lay_describe_seg(&w->t, w->v.lang, &w->hit_info, buf, sizeof buf));
}

/* ---- The sweep ----------------------------------------------------------------------------- */

/* Runs the scenario (with the last sets) at each of the comma-separated counts under every
 * model, on this thread (the page calls it from a Web Worker); 1 on success, else 0 and why. */
WEB_API int web_sweep(web *w, const char *counts)
{
    uint32_t c[SWP_MAX_COUNTS];
    size_t n = 0;
    uint8_t models[SCN_MODEL_COUNT];
    int nm = 0;
    sl_err err = {0};
    if (!w->has_run)
        return web_set_error(w, "no run"), 0;
    swp_result r;
    if (!swp_parse_counts(counts, c, &n, &err) || !swp_parse_models("all", models, &nm, &err) ||
        !swp_run(&w->s, c, n, models, nm, 1, NULL, NULL, &r, &err))
        return web_set_error(w, err.msg), 0;
    if (w->sweep_ready)
        swp_free(&w->sweep);
    w->sweep = r;
    w->sweep_ready = true;
    return 1;
}

/* The sweep's result as bytes (the struct, then its points) for another instance of this same
 * module (the worker hands it to the page); *len its size. NULL without a result. */
WEB_API const void *web_sweep_bytes(web *w, int *len)
{
    if (!w->sweep_ready)
        return NULL;
    size_t np = w->sweep.ncounts * (size_t)w->sweep.nmodels * sizeof *w->sweep.pts;
    char *b = malloc(sizeof w->sweep + np);
    if (!b)
        return NULL;
    memcpy(b, &w->sweep, sizeof w->sweep);
    memcpy(b + sizeof w->sweep, w->sweep.pts, np);
    *len = (int)(sizeof w->sweep + np);
    web_keep(w, b);
    return b;
}

WEB_API int web_sweep_load(web *w, const void *bytes, int len)
{
    swp_result r;
    if (len < (int)sizeof r)
        return 0;
    memcpy(&r, bytes, sizeof r);
    size_t np = r.ncounts * (size_t)r.nmodels * sizeof *r.pts;
    if (r.ncounts > SWP_MAX_COUNTS || r.nmodels > SCN_MODEL_COUNT || (size_t)len != sizeof r + np)
        return 0;
    r.pts = malloc(np ? np : 1);
    if (!r.pts)
        return 0;
    memcpy(r.pts, (const char *)bytes + sizeof r, np);
    if (w->sweep_ready)
        swp_free(&w->sweep);
    w->sweep = r;
    w->sweep_ready = true;
    return 1;
}

WEB_API int web_has_sweep(web *w) { return w->sweep_ready; }

/* ---- Frames -------------------------------------------------------------------------------- */

static void web_message(web *w, const char *text)
{
    const theme *th = theme_get(w->v.theme);
    dl_reset(&w->dl, w->w, w->h, th->bg);
    dl_push_text(&w->dl, w->w / 2, w->h / 2, 16 * w->v.font_scale, th->fg_dim, DL_ANCHOR_MC, false, false, text,
                 strlen(text));
}

static void web_status(web *w, const char *model)
{
    char status[512];
    lay_status_text(status, sizeof status, w->v.lang, model, NULL, &w->m);
    lay_status_bar(&w->v, &w->geom, status, &w->dl);
}

/* Lays out the current view into the display list; its bytes are web_dl_data[0 .. web_dl_len). */
WEB_API int web_frame(web *w)
{
    if (!w->has_run) {
        web_message(w, "");
        return 0;
    }
    web_geometry(w);
    if (w->view == WEB_COMPARE && w->cmp_ready) {
        lay_compare_frame(&w->cmp, &w->v, w->w, w->h, &w->meas, &w->dl);
    } else if (w->view == WEB_SWEEP) {
        if (!w->sweep_ready)
            web_message(w, w->v.lang == LAY_LANG_FR ? "balayage en cours…" : "sweeping…");
        else
            lay_sweep(&w->sweep, w->s.cfg.title >= 0 ? scn_str(&w->s, w->s.cfg.title) : NULL, w->v.theme,
                      w->v.lang, w->w, w->h, w->v.font_scale, &w->meas, &w->dl);
    } else if (w->view == WEB_COURSE && w->course_ready) {
        lay_course_frame(&w->course, &w->v, &w->geom, &w->meas, &w->dl);
        web_status(w, lay_model_str(w->v.lang, (scn_model)w->s.cfg.model));
    } else {
        lay_scroll(&w->lay, &w->v, &w->geom, 0);
        lay_frame(&w->lay, &w->v, &w->geom, &w->meas, &w->dl);
        web_status(w, lay_model_str(w->v.lang, (scn_model)w->s.cfg.model));
    }
    w->dl.width = w->w, w->dl.height = w->h;
    return !w->dl.overflow;
}

WEB_API const unsigned char *web_dl_data(web *w) { return w->dl.buf; }
WEB_API int web_dl_len(web *w) { return (int)w->dl.len; }
WEB_API unsigned web_dl_bg(web *w) { return w->dl.background; }

/* The tooltip of the last hit drawn into the display list at (x, y) (after web_frame). */
WEB_API void web_tooltip(web *w, float x, float y)
{
    char buf[2048];
    if (!w->hit_seg)
        return;
    lay_describe_seg(&w->t, w->v.lang, &w->hit_info, buf, sizeof buf);
    lay_tooltip(&w->v, &w->geom, &w->meas, x, y, buf, &w->dl);
}

/* The display list as an SVG document (what `schedlab render --format svg` writes). */
WEB_API const char *web_svg(web *w)
{
    sl_err err = {0};
    return web_keep(w, svg_render(&w->dl, NULL, &err));
}

/* ---- The display list's format, for the JavaScript back end --------------------------------- */

/* Byte offsets of the command fields web/canvas.js reads, from dl.h itself (one source of truth):
 * 30 numbers, in the order canvas.js names them. */
#define WEB_DL_FIELDS(X)                                                                         \
    X(dl_rect, x) X(dl_rect, fill) X(dl_rect, stroke) X(dl_rect, stroke_w)                      \
    X(dl_hatch, x) X(dl_hatch, fg) X(dl_hatch, bg) X(dl_hatch, spacing)                         \
    X(dl_line, x0) X(dl_line, width) X(dl_line, color) X(dl_line, dash) X(dl_line, gap)         \
    X(dl_arrow, x0) X(dl_arrow, width) X(dl_arrow, head) X(dl_arrow, color) X(dl_arrow, both)   \
    X(dl_poly, color) X(dl_poly, n) X(dl_poly, pts)                                             \
    X(dl_text, x) X(dl_text, size) X(dl_text, color) X(dl_text, anchor) X(dl_text, bold)        \
    X(dl_text, vertical) X(dl_text, len) X(dl_text, text) X(dl_clip, x)

WEB_API const int *web_dl_layout(void)
{
#define WEB_OFFSET(type, field) (int)offsetof(type, field),
    static const int offsets[] = {WEB_DL_FIELDS(WEB_OFFSET)};
#undef WEB_OFFSET
    return offsets;
}
