/* bench_frame.c — the window's frame budget: for a 100 000-request scenario under each model,
 * the time of one frame's layout (lay_geometry + lay_frame) and drawing (rsdl_draw on an offscreen
 * 1920x1080 software renderer, no window), averaged over 50 frames at three zoom levels (the whole
 * run, 1/100 of it, a 10 us window), then with every group expanded to its lanes (100 000 of them)
 * and scrolled to the middle, at the first two. The view pans one pixel per frame, as under a drag.
 * Prints milliseconds per frame: mean, 90th percentile and worst (on a shared machine the worst is
 * often another process's time slice); the target is 16 ms (60 frames per second). Never a
 * pass/fail test. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <SDL.h>

#include "dl.h"
#include "font.h"
#include "lay.h"
#include "lay_agg.h"
#include "rsdl.h"
#include "scn.h"
#include "sim.h"

#define W 1920
#define H 1080
#define FRAMES 50

/* Costs pinned to those docs/performance.md's frames were measured with (see bench_engine.c). */
static const char WORKLOAD[] =
    "cores 4\n"
    "profile ideal\nspawn process=2ms thread=125us coroutine=7us\nswitch process=2500ns thread=2us coroutine=1800ns\n"
    "memory budget=16TiB\n"
    "server www.foo.com cores=8\n"
    "repeat %u rate=20000/s request page : cpu 50us ; call www.foo.com latency=exp(5ms) serve=200us ; cpu 30us\n";

typedef struct {
    const char *name;
    int64_t span;          /* 0: the whole run; < 0: 1/(-span) of it; > 0: that many ns */
    bool expanded;         /* every group shows its lanes, scrolled to the middle of them */
} zoom;

static const zoom ZOOMS[] = {
    {"whole run", 0, false}, {"1/100 of it", -100, false}, {"10us", 10 * SL_NS_PER_US, false},
    {"expanded, whole", 0, true}, {"expanded, 1/100", -100, true},
};

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec * 1e-6;
}

_Noreturn static void die(const char *what, const char *msg)
{
    fprintf(stderr, "bench_frame: %s: %s\n", what, msg);
    exit(1);
}

/* The view showing `z` around the middle of the run (and of the lanes, expanded). */
static void set_zoom(lay_ctx *c, lay_view *v, const lay_geom *g, const zoom *z, int64_t end)
{
    for (uint32_t i = 0; i < c->ngroups; i++)
        lay_group_set_agg(c, i, z->expanded ? LAY_AGG_OFF : LAY_AGG_AUTO);
    v->scroll_y = 0;
    if (z->expanded)
        lay_scroll(c, v, g, lay_content_height(c, v) / 2 - g->plot_h / 2);
    lay_fit(v, g, end);
    if (z->span == 0)
        return;
    int64_t span = z->span < 0 ? end / -z->span : z->span;
    v->ns_per_px = (double)span / g->plot_w;
    v->t0 = end / 2 - span / 2;
    v->t0_frac = 0;
}

typedef struct {
    double first_ms;       /* the first frame: it renders the new texts (cached after) */
    double layout_ms, draw_ms, p90_ms, worst_ms;
    size_t commands;
    unsigned long long renders;
} frame_cost;

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static frame_cost measure(lay_ctx *c, lay_view *v, rsdl *rs, const dl_measure *m, dl_list *dl)
{
    frame_cost fc = {0};
    double each[FRAMES];
    font_stats before = font_cache_stats(rsdl_text_cache(rs));
    for (int f = -1; f < FRAMES; f++) {
        double t0 = now_ms();
        lay_geom g = lay_geometry(c, v, W, H, m);
        lay_frame(c, v, &g, m, dl);
        lay_status_bar(v, &g, "threads  cores 4  makespan 5s", dl);
        double t1 = now_ms();
        rsdl_draw(rs, dl, 1.0f);
        double t2 = now_ms();
        if (f < 0) {
            fc.first_ms = t2 - t0;
            continue;
        }
        fc.layout_ms += t1 - t0;
        fc.draw_ms += t2 - t1;
        each[f] = t2 - t0;
        fc.commands += dl->count;
        lay_pan_px(v, f % 2 ? 1.0 : -1.0);
    }
    qsort(each, FRAMES, sizeof each[0], cmp_double);
    fc.p90_ms = each[FRAMES * 9 / 10 - 1];
    fc.worst_ms = each[FRAMES - 1];
    fc.layout_ms /= FRAMES;
    fc.draw_ms /= FRAMES;
    fc.commands /= FRAMES;
    fc.renders = font_cache_stats(rsdl_text_cache(rs)).renders - before.renders;
    return fc;
}

static void bench_model(scn_model model, unsigned count, int view, rsdl *rs, const dl_measure *m, dl_list *dl)
{
    char text[512], kv[64];
    scn s;
    trc t;
    sim_metrics met;
    lay_ctx c;
    sl_err err = {0};
    const sim_opts o = {.record_trace = true};
    snprintf(text, sizeof text, WORKLOAD, count);
    snprintf(kv, sizeof kv, "model=%s", scn_model_name(model));
    if (!scn_parse("bench.scn", text, strlen(text), &s, &err) || !scn_set(&s, kv, &err))
        die("scenario", err.msg);
    double t0 = now_ms();
    if (!sim_run(&s, &o, &t, &met, &err))
        die("simulation", err.msg);
    double t1 = now_ms();
    if (!lay_init(&c, &t, &err))
        die("layout", err.msg);
    double t2 = now_ms();
    printf("%s: %zu lanes, %zu segments, %zu messages; simulated in %.0f ms, lay_init %.1f ms\n",
           scn_model_name(model), t.nlanes, t.nsegs, t.nmsgs, t1 - t0, t2 - t1);
    for (size_t z = 0; z < sizeof ZOOMS / sizeof ZOOMS[0]; z++) {
        if (view >= 0 && (size_t)view != z)
            continue;
        lay_view v;
        lay_view_init(&v);
        lay_geom g = lay_geometry(&c, &v, W, H, m);
        set_zoom(&c, &v, &g, &ZOOMS[z], t.end);
        frame_cost fc = measure(&c, &v, rs, m, dl);
        double mean = fc.layout_ms + fc.draw_ms;
        printf("  %-16s %7.2f %7.2f %7.2f %7.2f %7.2f %7.2f %8zu %6llu%s\n", ZOOMS[z].name, fc.layout_ms, fc.draw_ms,
               mean, fc.p90_ms, fc.worst_ms, fc.first_ms, fc.commands, fc.renders,
               mean > 16.0 ? "  OVER 16 ms" : fc.p90_ms > 16.0 ? "  p90 over 16 ms" : "");
    }
    lay_free(&c);
    trc_free(&t);
    scn_free(&s);
}

int main(int argc, char **argv)
{
    unsigned count = argc > 1 ? (unsigned)atoi(argv[1]) : 100000;
    scn_model only = SCN_MODEL_COUNT;   /* bench_frame [COUNT [MODEL [VIEW]]]: one model or view, */
    if (argc > 2 && !scn_model_from_name(argv[2], &only))   /* for a profiler (VIEW: 0 to 4) */
        die("model", argv[2]);
    int view = argc > 3 ? atoi(argv[3]) : -1;
    sl_err err = {0};
    dl_list dl;
    font_lib *fonts = font_lib_new(NULL, &err);
    if (!fonts)
        die("font", err.msg);
    SDL_Surface *surf = SDL_CreateRGBSurfaceWithFormat(0, W, H, 32, SDL_PIXELFORMAT_ARGB8888);
    SDL_Renderer *r = surf ? SDL_CreateSoftwareRenderer(surf) : NULL;
    if (!r)
        die("renderer", SDL_GetError());
    rsdl *rs = rsdl_new(r, fonts, &err);
    if (!rs)
        die("renderer", err.msg);
    dl_measure m = font_measure(fonts);
    dl_init(&dl);
    printf("frame %dx%d, %d frames per view after a first one, %u requests, ms per frame (target 16 ms)\n"
           "  %-16s %7s %7s %7s %7s %7s %7s %8s %6s\n", W, H, FRAMES, count, "view", "layout", "draw", "mean", "p90",
           "worst", "first", "commands", "texts");
    for (int model = 0; model < SCN_MODEL_COUNT; model++)
        if (only == SCN_MODEL_COUNT || only == (scn_model)model)
            bench_model((scn_model)model, count, view, rs, &m, &dl);
    dl_free(&dl);
    rsdl_free(rs);
    SDL_DestroyRenderer(r);
    SDL_FreeSurface(surf);
    font_lib_free(fonts);
    return 0;
}
