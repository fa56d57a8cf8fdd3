/* test_util.h — fixtures the cmocka tests share: building and comparing traces, looking into display
 * lists (after dl.h), scratch folders and files, and (after lay.h) a timeline laid out on a canvas. */
#ifndef TEST_UTIL_H
#define TEST_UTIL_H

/* cmocka needs these before it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "trc.h"

/* Static inline: a file uses what it needs and the rest costs nothing, not even a warning. */

/* The scenario prelude of the analytic engine tests: every cost zero (profile ideal: no start-up,
 * call CPU or hand-over either), so what they compute by hand has no hidden term. */
#define TU_FREE_COSTS                                                                             \
    "profile ideal\n"                                                                            \
    "switch process=0ns thread=0ns coroutine=0ns\n"                                              \
    "spawn process=0ns thread=0ns coroutine=0ns\n"

/* ---- Building traces by hand ------------------------------------------------------------------ */

static inline uint32_t tu_add_lane(trc *t, trc_lane_kind k, int32_t host, int32_t parent, const char *name)
{
    uint32_t id;
    sl_err err = {0};
    assert_true(trc_add_lane(t, k, host, 0, parent, name, &id, &err));
    return id;
}

static inline void tu_add_seg(trc *t, uint32_t lane, int64_t t0, int64_t t1, trc_state st, int32_t req, int32_t aux)
{
    trc_seg s = {t0, t1, lane, req, aux, 0, (uint8_t)st, 0};
    sl_err err = {0};
    assert_true(trc_add_seg(t, &s, &err));
}

static inline void tu_finish(trc *t)
{
    sl_err err = {0};
    assert_true(trc_finish(t, &err));
}

/* Two traces equal byte for byte (segments, messages, marks) and in every request's record: what
 * determinism promises for one scenario and seed. */
static inline bool tu_same_bytes(const void *a, const void *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;   /* an empty array may be NULL, which memcmp must not see */
}

static inline bool tu_same_trace(const trc *a, const trc *b)
{
    if (a->nsegs != b->nsegs || a->nmsgs != b->nmsgs || a->nmarks != b->nmarks || a->nreqs != b->nreqs ||
        a->nlanes != b->nlanes || a->end != b->end)
        return false;
    if (!tu_same_bytes(a->segs, b->segs, a->nsegs * sizeof *a->segs) ||
        !tu_same_bytes(a->msgs, b->msgs, a->nmsgs * sizeof *a->msgs) ||
        !tu_same_bytes(a->marks, b->marks, a->nmarks * sizeof *a->marks))
        return false;
    for (size_t i = 0; i < a->nreqs; i++) {
        const trc_req *x = &a->reqs[i], *y = &b->reqs[i];
        if (x->arrival != y->arrival || x->start != y->start || x->end != y->end || x->tmpl != y->tmpl ||
            x->instance != y->instance || x->lane != y->lane || x->flags != y->flags)
            return false;
    }
    return true;
}

/* ---- Looking into display lists (files that include dl.h first) --------------------------------- */

#ifdef DL_H

static inline size_t tu_count_type(const dl_list *l, dl_type type)
{
    size_t n = 0;
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h))
        n += h->type == type;
    return n;
}

/* Whether some text command says exactly s. */
static inline bool tu_has_text(const dl_list *l, const char *s)
{
    for (const dl_head *h = dl_first(l); h; h = dl_next(l, h)) {
        const dl_text *t = (const dl_text *)h;
        if (h->type == DL_TEXT && t->len == strlen(s) && memcmp(t->text, s, t->len) == 0)
            return true;
    }
    return false;
}

#endif

/* ---- Files ------------------------------------------------------------------------------------ */

/* The whole file, NUL-terminated (free it); NULL when it cannot be opened. */
static inline char *tu_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
    assert_non_null(buf);
    *len = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
    buf[*len] = '\0';
    fclose(f);
    return buf;
}

/* Entries of a folder, "." and ".." aside (a failed write must leave none). */
static inline int tu_entries_in(const char *dir)
{
    DIR *d = opendir(dir);
    int n = 0;
    for (struct dirent *e; d && (e = readdir(d));)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    if (d)
        closedir(d);
    return n;
}

/* Removes a scratch folder and the files in it. */
static inline void tu_remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    char path[512];
    for (struct dirent *e; d && (e = readdir(d));) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        unlink(path);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

/* ---- A timeline on a canvas (files that include lay.h first) ---------------------------------- */

#ifdef LAY_H
typedef struct {
    trc t;
    lay_ctx c;
    lay_view v;
    lay_geom g;
    dl_list dl;
} tu_tl;

/* An empty trace to fill, a default view, an empty list; tu_tl_end frees it all. */
static inline tu_tl *tu_tl_new(void)
{
    tu_tl *f = calloc(1, sizeof *f);
    assert_non_null(f);
    trc_init(&f->t);
    dl_init(&f->dl);
    lay_view_init(&f->v);
    return f;
}

/* Finishes the trace and lays it out with the view as it is on a w x h canvas. */
static inline void tu_tl_start(tu_tl *f, float w, float h, const dl_measure *m)
{
    sl_err err = {0};
    tu_finish(&f->t);
    assert_true(lay_init(&f->c, &f->t, &err));
    f->g = lay_geometry(&f->c, &f->v, w, h, m);
}

/* A frame on the same canvas, after the view or the flags changed. */
static inline void tu_tl_frame(tu_tl *f, const dl_measure *m)
{
    f->g = lay_geometry(&f->c, &f->v, f->g.w, f->g.h, m);
    lay_frame(&f->c, &f->v, &f->g, m, &f->dl);
    assert_false(f->dl.overflow);
}

static inline void tu_tl_end(tu_tl *f)
{
    dl_free(&f->dl);
    lay_free(&f->c);
    trc_free(&f->t);
    free(f);
}
#endif

#endif
