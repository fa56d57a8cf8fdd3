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
#include "scn.h"
#include "sim.h"
#include "svg.h"
#include "swp.h"
#include "trc.h"
#include "view.h"
#include "web_api.h"

/* The name the parser puts before LINE:COL in its messages; the page shows them without it. */
#define WEB_PATH "scenario"


/* The flags sit together at the end: the analyzer counts padding. */
struct web {
    char *str;                /* the last string handed to JavaScript (owned) */
    dl_measure meas;
    dl_list dl;
    lay_seg_info hit_info;
    lay_view v;
    sim_metrics m;
    sim_report report;        /* the run's resources and deadlock, for web_metrics_json */
    scn base;                 /* the parsed text */
    scn s;                    /* base + the page's parameters, as last simulated */
    trc t;
    swp_result sweep;
    sim_metrics cm[SCN_MODEL_COUNT];
    trc ct[SCN_MODEL_COUNT];  /* the comparison: the same workload under every model */
    view_run runs[SCN_MODEL_COUNT];   /* runs[0] the run; all of them once the comparison ran */
    void *ctx[VIEW_COUNT];    /* each view's context (view.h), made when it first shows */
    int ncmp;
    view_id view;
    float w, h;
    int err_line, err_col;
    lay_geom geom, tgeom;     /* tgeom: time along x, whatever the view's direction */
    bool has_base, has_run, sweep_ready, notes, stacked, hit_seg;
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

/* The contexts of the views made from the run (all but the timeline when keep_timeline). */
static void web_drop_ctx(web *w, bool keep_timeline)
{
    for (int i = 0; i < VIEW_COUNT; i++)
        if (w->ctx[i] && !(keep_timeline && i == VIEW_TIMELINE)) {
            view_get((view_id)i)->destroy(w->ctx[i]);
            w->ctx[i] = NULL;
        }
}

static void web_drop_views(web *w)
{
    web_drop_ctx(w, false);
    for (int k = 0; k < w->ncmp; k++)
        trc_free(&w->ct[k]);
    if (w->sweep_ready)
        swp_free(&w->sweep);
    w->sweep_ready = false;
    w->ncmp = 0;
}

static void web_drop_run(web *w)
{
    web_drop_views(w);
    if (w->has_run) {
        trc_free(&w->t);
        scn_free(&w->s);
        sim_report_free(&w->report);
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

/* r: NULL, or the report to fill (sim_report_free it whatever the outcome). */
static bool web_run_one(const scn *s, trc *t, sim_metrics *m, sim_report *r, sl_err *err)
{
    const sim_opts so = {.record_trace = true, .report = r};   /* the scenario's limits, else the defaults */
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
    sim_report r = {0};
    if (!w->has_base)
        return web_set_error(w, "no scenario parsed"), 0;
    if (!scn_copy(&s, &w->base, &err))
        return web_set_error(w, err.msg), 0;
    if (!web_apply_sets(&s, sets, &err) || !web_run_one(&s, &t, &m, &r, &err)) {
        sim_report_free(&r);
        scn_free(&s);
        return web_set_error(w, err.msg), 0;
    }
    web_drop_run(w);
    w->s = s, w->t = t, w->m = m, w->report = r;
    w->runs[0] = (view_run){&w->t, &w->m, (scn_model)w->s.cfg.model};
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
    if (w->has_run) {   /* the fields of cli_run.c's print_one */
        fputc('{', f);
        sim_print_json_fields(&w->m, f);
        sim_print_json_report(&w->report, f);
        fputc('}', f);
    }
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

/* ---- Views (through the interface of view.h) ------------------------------------------------ */

/* The same workload under every model, for the comparison: runs[0 .. SCN_MODEL_COUNT). */
static bool web_compare_runs(web *w, sl_err *err)
{
    scn s;
    if (w->ncmp == SCN_MODEL_COUNT)
        return true;
    if (!scn_copy(&s, &w->s, err))
        return false;
    bool ok = true;
    while (ok && w->ncmp < SCN_MODEL_COUNT) {
        s.cfg.model = (uint8_t)w->ncmp;
        ok = web_run_one(&s, &w->ct[w->ncmp], &w->cm[w->ncmp], NULL, err);
        if (ok)
            w->ncmp++;
    }
    scn_free(&s);
    return ok;
}

/* Makes the context of view id unless it exists: false with a message in err (the sweep's: until
 * it has a result, without a message). create copies what it keeps of src. */
static bool web_make_ctx(web *w, view_id id, sl_err *err)
{
    if (w->ctx[id] || !w->has_run)
        return w->ctx[id] != NULL;
    const view_ops *ops = view_get(id);
    view_src src = {.runs = w->runs, .nruns = 1, .status = !ops->all_models, .notes = w->notes,
                    .stacked = w->stacked};
    view_run cmp[SCN_MODEL_COUNT];
    if (ops->all_models) {
        if (!web_compare_runs(w, err))
            return false;
        for (int k = 0; k < SCN_MODEL_COUNT; k++)
            cmp[k] = (view_run){&w->ct[k], &w->cm[k], (scn_model)k};
        src.runs = cmp, src.nruns = SCN_MODEL_COUNT;
    }
    if (id == VIEW_SWEEP) {
        if (!w->sweep_ready)
            return false;
        src.sweep = &w->sweep;
        src.title = w->s.cfg.title >= 0 ? scn_str(&w->s, w->s.cfg.title) : NULL;
        src.status = false;
    }
    w->ctx[id] = ops->create(&src, err);
    return w->ctx[id] != NULL;
}

/* The context of view id, made on first use; NULL with a message in err (see web_make_ctx). */
static void *web_ctx(web *w, view_id id, sl_err *err)
{
    return web_make_ctx(w, id, err) ? w->ctx[id] : NULL;
}

static const view_ops *web_ops(const web *w)
{
    return view_get(w->view);
}

static void web_geometry(web *w)
{
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    if (!ctx) {
        w->geom = w->tgeom = lay_screen_geom(&w->v, w->w, w->h, false);
        return;
    }
    w->geom = ops->geometry(ctx, &w->v, w->w, w->h, &w->meas);
    w->tgeom = view_time_geom(ops, ctx, &w->v, &w->geom, &w->meas);
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
    w->view = view >= 0 && view < VIEW_COUNT ? (view_id)view : VIEW_TIMELINE;
    bool ok = web_ctx(w, w->view, &err) || (w->view == VIEW_SWEEP && !err.set);
    if (!ok) {
        web_set_error(w, err.set ? err.msg : "out of memory");
        w->view = VIEW_TIMELINE;
        web_ctx(w, w->view, &err);
    }
    web_geometry(w);
    return ok;
}

/* theme 0 light, 1 dark, 2 contrast; lang 0 en, 1 fr; notes: the course's annotations; cstyle
 * 0 course panels, 1 stacked timelines; message arrows and the legend on or off. Takes effect at
 * the next web_set_view / web_frame. */
WEB_API void web_set_opts(web *w, int theme_no, int lang, float font_scale, int notes, int cstyle, int show_msgs,
                          int show_legend)
{
    w->v.show_legend = show_legend != 0;
    w->v.theme = theme_no >= 0 && theme_no < THEME_COUNT ? (theme_id)theme_no : THEME_LIGHT;
    w->v.lang = lang == LAY_LANG_FR ? LAY_LANG_FR : LAY_LANG_EN;
    w->v.font_scale = font_scale > 0.25f && font_scale < 8 ? font_scale : 1;
    w->v.show_msgs = show_msgs != 0;
    if (w->notes != (notes != 0) || w->stacked != (cstyle != 0))
        web_drop_ctx(w, true);   /* made with the old ones: made again when they show */
    w->notes = notes != 0;
    w->stacked = cstyle != 0;
}

static int64_t web_end_ns(const web *w)
{
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    int64_t e = ctx && ops->end ? ops->end(ctx) : w->has_run ? w->t.end : 0;
    return e > 0 ? e : 1;
}

WEB_API double web_end(web *w) { return (double)web_end_ns(w); }

WEB_API void web_fit(web *w)
{
    void *ctx = w->ctx[w->view];
    if (!ctx)
        return;
    web_geometry(w);
    view_fit(web_ops(w), ctx, &w->v, &w->geom, &w->meas, web_end_ns(w));
    w->v.scroll_y = 0;
}

/* Whether time runs down the canvas (the course view): the pointer's y is then its coordinate. */
static bool web_time_down(const web *w)
{
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    return ctx && ops->time_down && ops->time_down(ctx);
}

static float web_along(const web *w, float x, float y)
{
    return web_time_down(w) ? y : x;
}

WEB_API void web_zoom(web *w, float x, float y, double factor)
{
    if (w->ctx[w->view] && web_ops(w)->timed)
        lay_zoom_at(&w->v, &w->tgeom, web_along(w, x, y), factor, web_end_ns(w));
}

/* Drags by (dx, dy) pixels: time follows the pointer along the time axis; the timeline's rows
 * scroll with dy. */
WEB_API void web_pan(web *w, float dx, float dy)
{
    if (!w->ctx[w->view] || !web_ops(w)->timed)
        return;
    lay_pan_px(&w->v, web_time_down(w) ? dy : dx);
    if (w->view == VIEW_TIMELINE)   /* its context is the timeline's lay_ctx (lay_timeline.c) */
        lay_scroll(w->ctx[VIEW_TIMELINE], &w->v, &w->geom, -dy);
}

/* The time window shown along the time axis. */
WEB_API double web_t0(web *w) { return (double)lay_t_of(&w->v, &w->tgeom, w->tgeom.plot_x); }
WEB_API double web_t1(web *w) { return (double)lay_t_of(&w->v, &w->tgeom, w->tgeom.plot_x + w->tgeom.plot_w); }
WEB_API double web_time_at(web *w, float x, float y) { return (double)lay_t_of(&w->v, &w->tgeom, web_along(w, x, y)); }

WEB_API void web_set_window(web *w, double t0, double t1)
{
    void *ctx = w->ctx[w->view];
    if (ctx && t1 > t0 && t0 >= 0 && t1 < 9e18)
        view_show_span(web_ops(w), ctx, &w->v, &w->geom, &w->meas, (int64_t)t0, (int64_t)t1);
}

WEB_API void web_set_playhead(web *w, int on, double t)
{
    w->v.playhead_on = on != 0;
    w->v.playhead = (int64_t)t;
}

WEB_API void web_set_selected(web *w, int req) { w->v.selected = req >= 0 ? req : -1; }

WEB_API void web_set_hover(web *w, int on, float x, float y)
{
    w->v.hover_on = on != 0 && w->view == VIEW_TIMELINE;
    w->v.hover_x = x, w->v.hover_y = y;
}

/* The view's next event after t (the timeline's for a view without its own); -1 when none. */
static double web_step(web *w, double t, bool next)
{
    sl_err err = {0};
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    if (!ctx || !(next ? ops->next_event : ops->prev_event))
        ops = &lay_timeline_ops, ctx = web_ctx(w, VIEW_TIMELINE, &err);
    int64_t out;
    if (!ctx || !(next ? ops->next_event(ctx, (int64_t)t, &out) : ops->prev_event(ctx, (int64_t)t, &out)))
        return -1;
    return (double)out;
}

/* The nearest segment boundary after / before t over what shows; -1 when none. */
WEB_API double web_next_event(web *w, double t) { return web_step(w, t, true); }
WEB_API double web_prev_event(web *w, double t) { return web_step(w, t, false); }

/* What is under (x, y): 1 when a segment (a burst in the course view) is; then web_hit_req and
 * web_hit_text describe it. */
WEB_API int web_hit(web *w, float x, float y)
{
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    w->hit_seg = ctx && ops->hit && !ops->all_models && ops->hit(ctx, &w->v, &w->geom, x, y, &w->hit_info);
    return w->hit_seg;
}

WEB_API int web_hit_req(web *w) { return w->hit_seg ? w->hit_info.req : -1; }

/* A click at (x, y) that is not on a bar, as the window takes it: on a group header of the
 * timeline it folds or unfolds the group (1); on the band of time labels it returns 2 and the
 * page moves the playhead to web_time_at; else 0. */
WEB_API int web_click(web *w, float x, float y)
{
    const view_ops *ops = web_ops(w);
    void *ctx = w->ctx[w->view];
    if (!ctx)
        return 0;
    if (w->view == VIEW_TIMELINE) {   /* its context is the timeline's lay_ctx (lay_timeline.c) */
        lay_ctx *c = ctx;
        int32_t g = lay_hit_header(c, &w->v, &w->geom, x, y);
        if (g >= 0 && (size_t)g < c->ngroups) {
            lay_group_set_collapsed(c, (uint32_t)g, !c->groups[g].collapsed);
            lay_scroll(c, &w->v, &w->geom, 0);
            return 1;
        }
    }
    return ops->in_axis && ops->in_axis(ctx, &w->geom, x, y) ? 2 : 0;
}

WEB_API const char *web_hit_text(web *w)
{
    char buf[2048];
    if (!w->hit_seg)
        return "";
    return web_keep_copy(w, lay_describe_seg(&w->t, w->v.lang, &w->hit_info, buf, sizeof buf));
}

/* ---- The sweep ----------------------------------------------------------------------------- */

/* Adopts r as the sweep's result; the plot is made again from it. */
static void web_set_sweep(web *w, swp_result *r)
{
    if (w->ctx[VIEW_SWEEP]) {
        lay_sweep_ops.destroy(w->ctx[VIEW_SWEEP]);
        w->ctx[VIEW_SWEEP] = NULL;
    }
    if (w->sweep_ready)
        swp_free(&w->sweep);
    w->sweep = *r;
    w->sweep_ready = true;
}

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
        !swp_run(&w->s, c, n, models, nm, 1, NULL, NULL, NULL, &r, &err))
        return web_set_error(w, err.msg), 0;
    web_set_sweep(w, &r);
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
    web_set_sweep(w, &r);
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


/* Lays out the current view into the display list; its bytes are web_dl_data[0 .. web_dl_len). */
WEB_API int web_frame(web *w)
{
    sl_err err = {0};
    if (!w->has_run) {
        web_message(w, "");
        return 0;
    }
    const view_ops *ops = web_ops(w);
    void *ctx = web_ctx(w, w->view, &err);
    web_geometry(w);
    if (!ctx) {
        web_message(w, w->view == VIEW_SWEEP && !err.set ? (w->v.lang == LAY_LANG_FR ? "balayage en cours…" : "sweeping…")
                                                         : err.msg);
        return !err.set;
    }
    if (w->view == VIEW_TIMELINE)
        lay_scroll(ctx, &w->v, &w->geom, 0);   /* back in range after a resize */
    ops->frame(ctx, &w->v, &w->geom, &w->meas, &w->dl);
    if (!ops->all_models && w->view != VIEW_SWEEP) {
        char status[512];
        lay_status_text(status, sizeof status, w->v.lang, (scn_model)w->s.cfg.model, NULL, &w->m);
        lay_status_bar(&w->v, &w->geom, status, &w->dl);
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
