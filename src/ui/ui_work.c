/* ui_work.c — the window's simulations off the event loop: one worker thread (SDL_Thread) at a
 * time runs a job (ui_job_run) and posts one user event when it is done; it touches no other SDL
 * function and no window state. A job asked for while one runs cancels the running one (its
 * result would be stale) and waits for it to stop — a few thousand events at most — and a newer
 * request replaces one still waiting. The main thread joins the worker on its event. */
#include "ui_int.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

static int SDLCALL worker(void *p)
{
    ui_job *j = p;
    ui_job_run(j);
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = j->event;
    e.user.data1 = j;
    SDL_PushEvent(&e);   /* thread-safe: the one SDL call the worker makes */
    return 0;
}

static void start(ui_work *w, ui_job *j)
{
    j->event = w->event;
    j->started = SDL_GetTicks64();
    w->running = j;
    if (!(j->thread = SDL_CreateThread(worker, "schedlab-sim", j)))
        worker(j);   /* no thread: simulate here rather than not at all */
}

void ui_work_submit(ui_work *w, ui_job *j)
{
    if (!w->running) {
        start(w, j);
        return;
    }
    atomic_store(&w->running->cancel, 1);
    ui_job_free(w->waiting);
    w->waiting = j;
}

ui_job *ui_work_done(ui_work *w, const SDL_Event *e)
{
    ui_job *j = w->running;
    if (!j || e->user.data1 != j)
        return NULL;
    if (j->thread)
        SDL_WaitThread(j->thread, NULL);
    j->thread = NULL;
    w->running = NULL;
    if (!w->waiting)
        return j;
    ui_job_free(j);   /* superseded: what it computed is not what shows next */
    ui_job *next = w->waiting;
    w->waiting = NULL;
    start(w, next);
    return NULL;
}

bool ui_work_busy(const ui_work *w)
{
    return w->running != NULL;
}

const ui_job *ui_work_latest(const ui_work *w)
{
    return w->waiting ? w->waiting : w->running;
}

void ui_work_cancel(ui_work *w)
{
    if (w->running)
        atomic_store(&w->running->cancel, 1);
    ui_job_free(w->waiting);
    w->waiting = NULL;
}

void ui_work_stop(ui_work *w)
{
    ui_work_cancel(w);
    if (w->running && w->running->thread)
        SDL_WaitThread(w->running->thread, NULL);
    ui_job_free(w->running);
    w->running = NULL;
}
