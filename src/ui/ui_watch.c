/* ui_watch.c — notices that the scenario file changed on disk: an SDL timer stats it every
 * interval and pushes one user event per change. The stat runs on SDL's timer thread, so an idle
 * window is not woken up at all; only the timer thread touches the last-seen stamp. */
#include "ui_int.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

typedef struct {
    bool exists;
    int64_t mtime_ns;
    int64_t size;
    uint64_t ino;
} ui_stamp;

struct ui_watch {
    char *path;
    uint32_t event;
    SDL_TimerID id;
    ui_stamp last;    /* written by the timer thread only, after ui_watch_start returned */
    ui_watch *next;   /* retired watches, freed together after SDL_Quit */
};

static ui_stamp stamp_of(const char *path)
{
    struct stat st;
    ui_stamp s = {0};
    if (stat(path, &st) != 0)
        return s;
    s.exists = true;
    s.mtime_ns = (int64_t)st.st_mtim.tv_sec * SL_NS_PER_S + st.st_mtim.tv_nsec;
    s.size = (int64_t)st.st_size;
    s.ino = (uint64_t)st.st_ino;
    return s;
}

static bool same_stamp(const ui_stamp *a, const ui_stamp *b)
{
    return a->exists == b->exists && a->mtime_ns == b->mtime_ns && a->size == b->size && a->ino == b->ino;
}

static Uint32 SDLCALL watch_tick(Uint32 interval, void *param)
{
    ui_watch *w = param;
    ui_stamp now = stamp_of(w->path);
    /* A file that vanished is most likely being replaced by an editor: wait for it to return. */
    if (now.exists && !same_stamp(&now, &w->last)) {
        SDL_Event e;
        memset(&e, 0, sizeof e);
        e.type = w->event;
        SDL_PushEvent(&e);
    }
    if (now.exists)
        w->last = now;
    return interval;
}

ui_watch *ui_watch_start(const char *path, uint32_t event, uint32_t interval_ms)
{
    ui_watch *w = calloc(1, sizeof *w);
    if (!w || !(w->path = sl_strndup(path, strlen(path))))
        goto fail;
    w->event = event;
    w->last = stamp_of(path);
    w->id = SDL_AddTimer(interval_ms, watch_tick, w);
    if (w->id == 0)
        goto fail;
    return w;
fail:
    if (w)
        free(w->path);
    free(w);
    return NULL;
}

void ui_watch_stop(ui_watch *w)
{
    if (w)
        SDL_RemoveTimer(w->id);
}

void ui_watch_retire(ui_watch **list, ui_watch *w)
{
    if (!w)
        return;
    ui_watch_stop(w);
    w->next = *list;
    *list = w;
}

void ui_watch_free(ui_watch *w)
{
    while (w) {
        ui_watch *next = w->next;
        free(w->path);
        free(w);
        w = next;
    }
}
