/* ui_sweep.c — the sweep plot's numbers, computed off the event loop: a worker thread runs
 * swp_run on its own copy of the scenario and posts one user event per progress report and one
 * when done; it touches no other SDL function and no window state. The main thread joins it on
 * that event. One worker at a time (swp_run already uses every CPU); a request made meanwhile
 * cancels the running sweep and waits for it to stop, and a newer one replaces it. */
#include "ui_int.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static const uint32_t ui_sweep_counts[] = {10, 100, 1000, 10000, 100000};

enum { UI_SWEEP_EV_PROGRESS = 1, UI_SWEEP_EV_DONE = 2 };

/* One sweep: everything the worker reads or writes. The main thread reads r, ok and err only
 * after the done event, done/total only through atomics. */
typedef struct {
    scn s;
    uint64_t gen;
    uint32_t event;
    SDL_Thread *thread;
    swp_result r;
    bool ok;
    sl_err err;
    SDL_atomic_t done, total;
    atomic_int cancel;     /* set by the main thread: swp_run stops soon after */
} ui_sweep_job;

struct ui_sweep {
    uint32_t event;
    ui_sweep_job *running;       /* at most one worker */
    scn waiting;           /* the latest request made while one ran */
    bool has_waiting;
    uint64_t waiting_gen;
    ui_sweep_state state;  /* of the latest finished or running request */
    uint64_t gen;          /* the request state describes */
    swp_result result;     /* the last good result (UI_SWEEP_DONE) */
    bool has_result;
    char error[512];
};

static void post(ui_sweep_job *j, int code)
{
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = j->event;
    e.user.code = code;
    e.user.data1 = j;
    SDL_PushEvent(&e);   /* thread-safe: the one SDL call the worker makes */
}

static void progress(void *ctx, size_t done, size_t total)
{
    ui_sweep_job *j = ctx;
    SDL_AtomicSet(&j->done, (int)done);
    SDL_AtomicSet(&j->total, (int)total);
    post(j, UI_SWEEP_EV_PROGRESS);
}

/* The counts a sweep runs: those the engine accepts. */
static size_t ncounts(void)
{
    size_t n = 0;
    while (n < sizeof ui_sweep_counts / sizeof ui_sweep_counts[0] && ui_sweep_counts[n] <= SCN_MAX_REQUESTS)
        n++;
    return n;
}

static int SDLCALL worker(void *p)
{
    ui_sweep_job *j = p;
    uint8_t models[SCN_MODEL_COUNT];
    for (int m = 0; m < SCN_MODEL_COUNT; m++)
        models[m] = (uint8_t)m;
    j->ok = swp_run(&j->s, ui_sweep_counts, ncounts(), models, SCN_MODEL_COUNT, 0, &j->cancel, progress, j, &j->r,
                    &j->err);
    post(j, UI_SWEEP_EV_DONE);
    return 0;
}

static void job_free(ui_sweep_job *j)
{
    if (!j)
        return;
    if (j->ok)
        swp_free(&j->r);
    scn_free(&j->s);
    free(j);
}

ui_sweep *ui_sweep_new(uint32_t event)
{
    ui_sweep *w = calloc(1, sizeof *w);
    if (w)
        w->event = event;
    return w;
}

/* Starts a worker on s (taken: *s is emptied). */
static void start(ui_sweep *w, scn *s, uint64_t gen)
{
    ui_sweep_job *j = calloc(1, sizeof *j);
    w->state = UI_SWEEP_FAILED;
    w->gen = gen;
    if (!j) {
        scn_free(s);
        snprintf(w->error, sizeof w->error, "out of memory");
        return;
    }
    j->s = *s;
    memset(s, 0, sizeof *s);
    j->gen = gen;
    j->event = w->event;
    atomic_init(&j->cancel, 0);
    SDL_AtomicSet(&j->total, (int)(ncounts() * SCN_MODEL_COUNT));
    if (!(j->thread = SDL_CreateThread(worker, "schedlab-sweep", j))) {
        snprintf(w->error, sizeof w->error, "cannot start a thread: %s", SDL_GetError());
        job_free(j);
        return;
    }
    w->running = j;
    w->state = UI_SWEEP_RUNNING;
}

bool ui_sweep_request(ui_sweep *w, const scn *s, uint64_t gen, sl_err *err)
{
    scn copy;
    if (!scn_copy(&copy, s, err))
        return false;
    if (!w->running) {
        start(w, &copy, gen);
        return true;
    }
    atomic_store(&w->running->cancel, 1);   /* its result would be dropped anyway */
    scn_free(&w->waiting);
    w->waiting = copy;
    w->has_waiting = true;
    w->waiting_gen = gen;
    w->state = UI_SWEEP_RUNNING;
    w->gen = gen;
    return true;
}

/* The worker j posted its last event: keep its result if nothing newer was asked meanwhile. */
static void finished(ui_sweep *w, ui_sweep_job *j)
{
    SDL_WaitThread(j->thread, NULL);
    w->running = NULL;
    if (!w->has_waiting) {
        w->state = j->ok ? UI_SWEEP_DONE : UI_SWEEP_FAILED;
        if (j->ok) {
            if (w->has_result)
                swp_free(&w->result);
            w->result = j->r;
            w->has_result = true;
            j->ok = false;   /* the result moved: job_free must not free it */
        } else {
            snprintf(w->error, sizeof w->error, "%s", j->err.set ? j->err.msg : "the sweep failed");
        }
    }
    job_free(j);
    if (w->has_waiting) {
        w->has_waiting = false;
        start(w, &w->waiting, w->waiting_gen);
    }
}

void ui_sweep_event(ui_sweep *w, const SDL_Event *e)
{
    if (w && e->user.code == UI_SWEEP_EV_DONE && e->user.data1 == w->running)
        finished(w, w->running);
}

ui_sweep_state ui_sweep_status(const ui_sweep *w, uint64_t *gen, size_t *done, size_t *total)
{
    *gen = w ? w->gen : 0;
    *done = *total = 0;
    if (w && w->running && !w->has_waiting) {
        *done = (size_t)SDL_AtomicGet(&w->running->done);
        *total = (size_t)SDL_AtomicGet(&w->running->total);
    }
    return w ? w->state : UI_SWEEP_NONE;
}

const swp_result *ui_sweep_result(const ui_sweep *w)
{
    return w && w->has_result ? &w->result : NULL;
}

const char *ui_sweep_error(const ui_sweep *w)
{
    return w ? w->error : "";
}

void ui_sweep_free(ui_sweep *w)
{
    if (!w)
        return;
    if (w->running) {
        atomic_store(&w->running->cancel, 1);
        SDL_WaitThread(w->running->thread, NULL);
        job_free(w->running);
    }
    scn_free(&w->waiting);
    if (w->has_result)
        swp_free(&w->result);
    free(w);
}
