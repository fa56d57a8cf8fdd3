/* ui_real.c — `R`: the current scenario run for real (src/real, as `schedlab real` runs it) on a
 * worker thread of its own, then shown above its simulation on one time scale, as
 * `schedlab real --compare-sim -o` draws it. The worker posts one user event when done and
 * touches nothing else of SDL or of the window; the main thread joins it on that event. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>

#include "real.h"

/* What the worker reads (s) and writes (t, m, ok, err); the main thread reads those only after
 * the done event. t[0] is the measured run, t[1] the simulated one. */
struct ui_real {
    uint32_t event;
    SDL_Thread *thread;    /* non-NULL while a run goes */
    uint64_t started;      /* SDL_GetTicks64 at its start */
    scn s;
    trc t[2];
    sim_metrics m[2];
    bool have[2];          /* which traces the worker recorded */
    bool ok;
    sl_err err;
    lay_compare lc;        /* both runs, once a run succeeded */
    bool lc_ready;
    scn_model model;
};

ui_real *ui_real_new(uint32_t event)
{
    ui_real *r = calloc(1, sizeof *r);
    if (r)
        r->event = event;
    return r;
}

/* The simulation first (the plan: the real run serves the workload it drew), then the real run. */
static int SDLCALL worker(void *p)
{
    ui_real *r = p;
    const sim_opts so = {.record_trace = true, .max_events = 200000000};
    r->have[1] = sim_run(&r->s, &so, &r->t[1], &r->m[1], &r->err);
    if (r->have[1]) {
        const real_plan plan = {&r->t[1]};
        const real_opts o = {NULL, true};
        r->have[0] = real_run(&r->s, &plan, &o, &r->t[0], &r->m[0], &r->err);
    }
    r->ok = r->have[0] && r->have[1];
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = r->event;
    e.user.data1 = r;
    SDL_PushEvent(&e);   /* thread-safe: the one SDL call the worker makes */
    return 0;
}

/* Drops the last result (comparison and traces) and the scenario it ran. */
static void drop(ui_real *r)
{
    if (r->lc_ready)
        lay_compare_free(&r->lc);
    r->lc_ready = false;
    for (int i = 0; i < 2; i++)
        if (r->have[i])
            trc_free(&r->t[i]);
    r->have[0] = r->have[1] = false;
    scn_free(&r->s);
    memset(&r->s, 0, sizeof r->s);
}

bool ui_real_start(ui_real *r, const scn *s, sl_err *err)
{
    if (r->thread)
        return true;   /* one at a time: the running one will show */
    drop(r);
    if (!scn_copy(&r->s, s, err))
        return false;
    r->model = (scn_model)s->cfg.model;
    r->ok = false;
    memset(&r->err, 0, sizeof r->err);
    r->started = SDL_GetTicks64();
    if (!(r->thread = SDL_CreateThread(worker, "schedlab-real", r))) {
        scn_free(&r->s);
        memset(&r->s, 0, sizeof r->s);
        return sl_fail(err, "cannot start a thread: %s", SDL_GetError());
    }
    return true;
}

bool ui_real_event(ui_real *r, const SDL_Event *e, lay_lang lang, sl_err *err)
{
    if (!r->thread || e->user.data1 != r)
        return false;
    SDL_WaitThread(r->thread, NULL);
    r->thread = NULL;
    if (!r->ok) {
        *err = r->err;
        return false;
    }
    lay_compare_run runs[2] = {{&r->t[0], &r->m[0], r->model, ui_str(lang, UI_S_REAL_MEASURED)},
                               {&r->t[1], &r->m[1], r->model, ui_str(lang, UI_S_REAL_SIMULATED)}};
    r->lc_ready = lay_compare_init(&r->lc, runs, 2, err);
    return r->lc_ready;
}

bool ui_real_busy(const ui_real *r)
{
    return r && r->thread;
}

uint64_t ui_real_seconds(const ui_real *r)
{
    return ui_real_busy(r) ? (SDL_GetTicks64() - r->started) / 1000 : 0;
}

lay_compare *ui_real_compare(ui_real *r)
{
    return r && r->lc_ready && !r->thread ? &r->lc : NULL;
}

const sim_metrics *ui_real_metrics(const ui_real *r, int which)
{
    return r && r->lc_ready ? &r->m[which ? 1 : 0] : NULL;
}

void ui_real_free(ui_real *r)
{
    if (!r)
        return;
    if (r->thread)
        SDL_WaitThread(r->thread, NULL);   /* a real run ends by its deadline at the latest */
    drop(r);
    free(r);
}

/* ---- The window's side: the key, the event, the status bar ----------------------------------- */

void ui_real_key(ui *u)
{
    sl_err err = {0};
    if (u->screen == UI_SCREEN_REAL) {
        ui_view_switch(u, UI_SCREEN_MAIN, u->course);
        return;
    }
    if (ui_real_busy(u->real)) {
        ui_note(u, "%s", ui_tr(u, UI_S_REAL_ALREADY));
        return;
    }
    if (!u->doc.run || !u->real)
        return;
    if (!ui_real_start(u->real, &u->doc.run->s, &err))
        ui_note(u, ui_tr(u, UI_S_REAL_FAILED), err.msg);
    u->dirty = true;
}

void ui_real_done(ui *u, const SDL_Event *e)
{
    sl_err err = {0};
    bool was = ui_real_busy(u->real);
    if (!was)
        return;
    u->dirty = true;
    if (!ui_real_event(u->real, e, u->view.lang, &err)) {
        ui_note(u, ui_tr(u, UI_S_REAL_FAILED), err.set ? err.msg : "?");
        if (u->screen == UI_SCREEN_REAL)
            ui_view_switch(u, UI_SCREEN_MAIN, u->course);
        return;
    }
    u->fit = true;
    ui_view_switch(u, UI_SCREEN_REAL, u->course);
}

/* A ratio with the language's decimal mark (0.973 / 0,973). */
static void ratio(double x, lay_lang lang, char *buf, size_t n)
{
    snprintf(buf, n, "%.3f", x);
    if (lang == LAY_LANG_FR)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
}

void ui_real_status(ui *u, char *out, size_t n)
{
    const sim_metrics *a = ui_real_metrics(u->real, 0), *b = ui_real_metrics(u->real, 1);
    char mk[2][32], r[2][16];
    lay_lang l = u->view.lang;
    if (!a || !b) {
        out[0] = '\0';
        return;
    }
    ratio(a->makespan_ns > 0 ? (double)b->makespan_ns / (double)a->makespan_ns : 0, l, r[0], sizeof r[0]);
    ratio(a->lat_mean_ns > 0 ? (double)b->lat_mean_ns / (double)a->lat_mean_ns : 0, l, r[1], sizeof r[1]);
    int k = snprintf(out, n, "%s %s  %s %s   ", ui_tr(u, UI_S_REAL_MEASURED),
                     lay_fmt_dur(a->makespan_ns, l, mk[0], sizeof mk[0]), ui_tr(u, UI_S_REAL_SIMULATED),
                     lay_fmt_dur(b->makespan_ns, l, mk[1], sizeof mk[1]));
    if (k > 0 && (size_t)k < n)
        snprintf(out + k, n - (size_t)k, ui_tr(u, UI_S_REAL_RATIO), r[0], r[1]);
}
