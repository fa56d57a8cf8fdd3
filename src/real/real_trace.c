/* real_trace.c — turns what a real run recorded (the client's lines, the servers' calls) into a
 * trace with the lanes and states of a simulated run, and into the metrics `run --json` prints.
 * A unit's states come from its steps: a cpu step is running except where its busy loop saw a
 * gap (ready, or ready (GIL) for threads under the GIL); an io/block step waits its drawn
 * duration and is ready for the rest (it had to get a core, the GIL or its loop back); a call
 * waits until the server wrote the reply (queued while the server had no free core), then is
 * ready. Which core ran what is not observed: running stretches are laid on the client's cores
 * in time order, the lowest free core first. */
#include "real_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct { int64_t t0, t1; int32_t req; uint16_t step; } rec;

typedef struct {
    int64_t c0, c1, first, end;
    bool has_unit, has_end;
    uint32_t lane;
} unit_rec;

/* A stretch for a shared lane (a loop, a core, a server core) before it is laid out. */
typedef struct {
    int64_t t0, t1;
    uint32_t lane;      /* the lane it goes on (servers) or comes from (cores: aux) */
    int32_t req;
    uint16_t step;
    uint8_t state;
} item;

typedef struct {
    const scn *s;
    const trc *sim;
    trc *t;
    sl_err *err;
    int64_t t0_abs;
    unit_rec *u;
    size_t nreq;
    rec *steps, *gaps;
    size_t nsteps, ngaps, cap_steps, cap_gaps;
    const real_call **call_of;   /* per step record: its call, or NULL */
    item *run, *loop, *srv;      /* running stretches, loop stretches, server stretches */
    size_t nrun, nloop, nsrv, cap_run, cap_loop, cap_srv;
    trc_mark *marks;
    size_t nmarks, cap_marks;
    int64_t rss_self, rss_kids;
    uint64_t nrecords;
    bool ok;
} bld;

#define MAX_ITEMS ((size_t)1 << 31)

/* qsort, which must not see a NULL array even when it is empty. */
static void sort(void *v, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
    if (n > 1)
        qsort(v, n, size, cmp);
}

static int cmp_rec(const void *a, const void *b)
{
    const rec *x = a, *y = b;
    if (x->req != y->req)
        return x->req < y->req ? -1 : 1;
    return (x->t0 > y->t0) - (x->t0 < y->t0);
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    if (x->lane != y->lane)
        return x->lane < y->lane ? -1 : 1;
    return (x->t0 > y->t0) - (x->t0 < y->t0);
}

static int cmp_item_time(const void *a, const void *b)
{
    const item *x = a, *y = b;
    return (x->t0 > y->t0) - (x->t0 < y->t0);
}

static int cmp_mark(const void *a, const void *b)
{
    const trc_mark *x = a, *y = b;
    return (x->t > y->t) - (x->t < y->t);
}

static bool oom(bld *B)
{
    return B->ok = sl_fail(B->err, "schedlab: error: out of memory reading a real run");
}

static void push_item(bld *B, item **v, size_t *n, size_t *cap, item it)
{
    if (!B->ok || it.t1 <= it.t0)
        return;
    if (!SL_GROW(*v, *cap, *n + 1, MAX_ITEMS)) {
        oom(B);
        return;
    }
    (*v)[(*n)++] = it;
}

static void push_mark(bld *B, int64_t t, uint32_t lane, int32_t req, uint8_t kind)
{
    if (!B->ok)
        return;
    if (!SL_GROW(B->marks, B->cap_marks, B->nmarks + 1, MAX_ITEMS)) {
        oom(B);
        return;
    }
    B->marks[B->nmarks++] = (trc_mark){t, lane, req, -1, kind};
}

static void seg(bld *B, uint32_t lane, int64_t t0, int64_t t1, uint8_t state, int32_t req, uint16_t step, int32_t aux)
{
    if (!B->ok || t1 <= t0)
        return;
    trc_seg s = {t0, t1, lane, req, aux, step, state, 0};
    B->ok = trc_add_seg(B->t, &s, B->err);
}

/* ---- reading the records ------------------------------------------------------------------------ */

static bool add_rec(bld *B, rec **v, size_t *n, size_t *cap, rec r)
{
    if (r.req < 0 || (size_t)r.req >= B->nreq)
        return true;   /* not ours: ignored */
    if (!SL_GROW(*v, *cap, *n + 1, MAX_ITEMS))
        return oom(B);
    (*v)[(*n)++] = r;
    return true;
}

static bool parse_line(bld *B, const char *line)
{
    long long a, b, c, d;
    char k = line[0];
    int n = sscanf(line + 1, "%lld %lld %lld %lld", &a, &b, &c, &d);
    B->nrecords++;
    if (k == 'U' && n == 4 && a >= 0 && (size_t)a < B->nreq)
        B->u[a] = (unit_rec){b, c, d, B->u[a].end, true, B->u[a].has_end, 0};
    else if (k == 'P' && n == 3 && a >= 0 && (size_t)a < B->nreq)   /* the C client: the parent's part ... */
        B->u[a].c0 = b, B->u[a].c1 = c, B->u[a].has_unit = true;
    else if (k == 'F' && n == 2 && a >= 0 && (size_t)a < B->nreq)   /* ... and the child's first instant */
        B->u[a].first = b;
    else if (k == 'E' && n == 2 && a >= 0 && (size_t)a < B->nreq)
        B->u[a].end = b, B->u[a].has_end = true;
    else if (k == 'S' && n == 4)
        return add_rec(B, &B->steps, &B->nsteps, &B->cap_steps, (rec){c, d, (int32_t)a, (uint16_t)b});
    else if (k == 'G' && n == 4)
        return add_rec(B, &B->gaps, &B->ngaps, &B->cap_gaps, (rec){c, d, (int32_t)a, (uint16_t)b});
    else if (k == 'R' && sscanf(line, "RSS %lld %lld", &a, &b) == 2)
        B->rss_self = a * 1024, B->rss_kids = b * 1024;
    return true;
}

static bool parse_records(bld *B, const char *text, size_t len)
{
    char line[256];
    size_t i = 0;
    while (i < len && B->ok) {
        size_t j = i;
        while (j < len && text[j] != '\n')
            j++;
        size_t n = j - i < sizeof line - 1 ? j - i : sizeof line - 1;
        memcpy(line, text + i, n);
        line[n] = '\0';
        if (n && !parse_line(B, line))
            return false;
        i = j + 1;
    }
    sort(B->steps, B->nsteps, sizeof *B->steps, cmp_rec);
    sort(B->gaps, B->ngaps, sizeof *B->gaps, cmp_rec);
    return B->ok;
}

/* ---- the metadata a view needs: copied from the simulated trace of the same scenario ---------- */

static bool intern(bld *B, const char *s, const char **out)
{
    return B->ok = B->ok && trc_intern(B->t, s, out, B->err);
}

static bool copy_meta(bld *B)
{
    const trc *S = B->sim;
    trc *t = B->t;
    t->hosts = calloc(S->nhosts ? S->nhosts : 1, sizeof *t->hosts);
    t->notes = calloc(S->nnotes ? S->nnotes : 1, sizeof *t->notes);
    t->tmpls = calloc(S->ntmpls ? S->ntmpls : 1, sizeof *t->tmpls);
    t->labels = calloc(S->nlabels ? S->nlabels : 1, sizeof *t->labels);
    t->reqs = calloc(S->nreqs ? S->nreqs : 1, sizeof *t->reqs);
    if (!t->hosts || !t->notes || !t->tmpls || !t->labels || !t->reqs)
        return oom(B);
    t->nhosts = S->nhosts;
    t->nnotes = S->nnotes;
    t->ntmpls = t->cap_tmpls = S->ntmpls;
    t->nlabels = t->cap_labels = S->nlabels;
    t->nreqs = t->cap_reqs = S->nreqs;
    for (size_t i = 0; i < S->nhosts; i++)
        intern(B, S->hosts[i], &t->hosts[i]);
    for (size_t i = 0; i < S->nnotes; i++) {
        t->notes[i] = S->notes[i];
        intern(B, S->notes[i].text, &t->notes[i].text);
    }
    for (size_t i = 0; i < S->ntmpls; i++) {
        t->tmpls[i] = S->tmpls[i];
        intern(B, S->tmpls[i].name, &t->tmpls[i].name);
    }
    for (size_t i = 0; i < S->nlabels; i++)
        intern(B, S->labels[i], &t->labels[i]);
    char title[600];
    snprintf(title, sizeof title, "%s%smeasured", S->title ? S->title : "", S->title ? " \xE2\x80\x94 " : "");
    intern(B, title, &t->title);
    return B->ok;
}

/* ---- lanes ------------------------------------------------------------------------------------- */

static uint32_t lane(bld *B, trc_lane_kind kind, int32_t host, int32_t index, int32_t parent, const char *name,
                     trc_word word, int32_t number)
{
    uint32_t id = 0;
    if (!B->ok || !(B->ok = trc_add_lane(B->t, kind, host, index, parent, name, &id, B->err)))
        return 0;
    B->t->lanes[id].word = (uint8_t)word;
    B->t->lanes[id].has_number = number >= 0;
    B->t->lanes[id].number = number;
    return id;
}

/* The simulated trace's core and server lanes, in its order: cores first, then server cores. */
static void host_lanes(bld *B, uint32_t *first_core, uint32_t *ncores, uint32_t *srv_lane0)
{
    const trc *S = B->sim;
    *ncores = 0;
    *first_core = UINT32_MAX;
    for (size_t i = 0; i < S->nlanes; i++) {
        const trc_lane *l = &S->lanes[i];
        if (l->kind != TRC_LANE_CORE && l->kind != TRC_LANE_SERVER)
            continue;
        uint32_t id = lane(B, (trc_lane_kind)l->kind, l->host, l->index, -1, l->name, (trc_word)l->word,
                           l->has_number ? l->number : -1);
        if (l->kind == TRC_LANE_CORE) {
            *first_core = *first_core == UINT32_MAX ? id : *first_core;
            ++*ncores;
        } else if (l->host >= 0 && (size_t)l->host < B->s->nservers && l->index == 0) {
            srv_lane0[l->host] = id;
        }
    }
}

/* ---- a unit's steps ------------------------------------------------------------------------------- */

static const real_call *find_call(const real_call *calls, size_t n, int32_t req, uint16_t step)
{
    size_t lo = 0, hi = n;   /* calls sorted by (req, step) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (calls[mid].req < req || (calls[mid].req == req && calls[mid].step < step))
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && calls[lo].req == req && calls[lo].step == step ? &calls[lo] : NULL;
}

typedef struct {
    uint32_t lane;        /* the unit's (coroutines: the coroutine's) */
    uint32_t run_lane;    /* where running shows on the cores: the unit, or the loop */
    uint8_t ready;        /* TRC_READY or TRC_GIL */
    bool coro;
} unit_ctx;

/* A running stretch [a, b) of a cpu step: on the unit's lane, and for the cores (and the loop). */
static void running(bld *B, const unit_ctx *uc, int64_t a, int64_t b, int32_t req, uint16_t step)
{
    seg(B, uc->lane, a, b, TRC_RUN, req, step, -1);
    push_item(B, &B->run, &B->nrun, &B->cap_run, (item){a, b, uc->run_lane, req, step, TRC_RUN});
    if (uc->coro)
        push_item(B, &B->loop, &B->nloop, &B->cap_loop, (item){a, b, uc->run_lane, req, step, TRC_RUN});
}

static void cpu_step(bld *B, const unit_ctx *uc, int64_t a, const rec *r, size_t *g)
{
    for (; *g < B->ngaps && B->gaps[*g].req == r->req && B->gaps[*g].t0 < r->t1; ++*g) {
        const rec *x = &B->gaps[*g];
        if (x->t1 <= a)
            continue;
        int64_t g0 = x->t0 > a ? x->t0 : a, g1 = x->t1 < r->t1 ? x->t1 : r->t1;
        running(B, uc, a, g0, r->req, r->step);
        seg(B, uc->lane, g0, g1, uc->ready, r->req, r->step, -1);
        a = g1;
    }
    running(B, uc, a, r->t1, r->req, r->step);
}

static void call_step(bld *B, const unit_ctx *uc, int64_t a, const rec *r, const real_call *c, int64_t lat1)
{
    if (!c || c->reply < 0) {
        seg(B, uc->lane, a, r->t1, TRC_WAIT, r->req, r->step, -1);
        return;
    }
    int64_t there = c->recv - B->t0_abs + lat1, start = c->start - B->t0_abs, back = c->reply - B->t0_abs;
    there = there < a ? a : there > r->t1 ? r->t1 : there;
    start = start < there ? there : start > r->t1 ? r->t1 : start;
    back = back < start ? start : back > r->t1 ? r->t1 : back;
    int64_t sent = c->recv - B->t0_abs;   /* before it: the client connecting and writing (a core, the GIL) */
    sent = sent < a ? a : sent > there ? there : sent;
    seg(B, uc->lane, a, sent, uc->ready, r->req, r->step, -1);
    seg(B, uc->lane, sent, there, TRC_WAIT, r->req, r->step, -1);
    /* a server waking late is no queue: only a call that found every core busy was queued */
    seg(B, uc->lane, there, start, c->queued ? TRC_QUEUED : TRC_WAIT, r->req, r->step, -1);
    seg(B, uc->lane, start, back, TRC_WAIT, r->req, r->step, -1);
    seg(B, uc->lane, back, r->t1, uc->ready, r->req, r->step, -1);
}

/* The steps of request q on its lane, from `from` on. */
static void unit_steps(bld *B, const unit_ctx *uc, int32_t q, int64_t from, const real_call *calls, size_t ncalls,
                       size_t *si, size_t *gi)
{
    const trc_req *tr = &B->sim->reqs[q];
    int64_t a = from;
    for (; *si < B->nsteps && B->steps[*si].req == q; ++*si) {
        const rec *r = &B->steps[*si];
        const scn_step *st = real_step(B->s, tr->tmpl, r->step);
        if (!st)
            continue;
        if (uc->coro && (st->kind == SCN_STEP_IO || st->kind == SCN_STEP_CALL))
            push_mark(B, r->t0, uc->lane, q, TRC_MK_AWAIT);
        if (st->kind == SCN_STEP_CPU) {
            cpu_step(B, uc, a, r, gi);
        } else if (st->kind == SCN_STEP_CALL) {
            call_step(B, uc, a, r, find_call(calls, ncalls, q, r->step),
                      real_step_dur(B->s, tr->tmpl, tr->instance, r->step, 1));
        } else {
            int64_t d = real_step_dur(B->s, tr->tmpl, tr->instance, r->step, 0);
            int64_t e = r->t0 + d < r->t1 ? r->t0 + d : r->t1;
            uint8_t st_wait = st->kind == SCN_STEP_BLOCK ? TRC_BLOCKED : TRC_WAIT;
            seg(B, uc->lane, a, e, st_wait, q, r->step, -1);
            seg(B, uc->lane, e, r->t1, uc->ready, q, r->step, -1);
            if (uc->coro && st->kind == SCN_STEP_BLOCK)
                push_item(B, &B->loop, &B->nloop, &B->cap_loop, (item){a, e, uc->run_lane, q, r->step, TRC_BLOCKED});
        }
        a = r->t1 > a ? r->t1 : a;
    }
    while (*gi < B->ngaps && B->gaps[*gi].req <= q)
        ++*gi;
}

static void unit_begin(bld *B, int32_t q, uint32_t ln, int64_t first)
{
    B->u[q].lane = ln;
    B->t->reqs[q].start = first;
    B->t->reqs[q].lane = (int32_t)ln;
    push_mark(B, first, ln, q, TRC_MK_SPAWN);
}

static void lay_serial(bld *B, item *v, size_t n, uint32_t ln);

/* ---- the models ---------------------------------------------------------------------------------- */

/* A request written once (no repeat) names its unit's lane, as in a simulated trace; NULL: numbered. */
static const char *own_name(const bld *B, size_t q)
{
    const scn_request *r = &B->s->reqs[B->sim->reqs[q].tmpl];
    return r->count == 1 && !r->repeated ? scn_str(B->s, r->name) : NULL;
}

static void build_units(bld *B, const real_call *calls, size_t ncalls)
{
    uint8_t model = B->s->cfg.model;
    bool gil = model == SCN_THREADS && B->s->cfg.gil;
    uint32_t main_lane = 0, loop_lane = 0;
    char name[64];
    if (model == SCN_SEQUENTIAL)
        main_lane = lane(B, TRC_LANE_UNIT, -1, 0, -1, "main", TRC_WORD_MAIN, -1);
    else if (model == SCN_COROUTINES)
        loop_lane = lane(B, TRC_LANE_LOOP, -1, 0, -1, "loop", TRC_WORD_LOOP, -1);
    else
        main_lane = lane(B, TRC_LANE_MAIN, -1, 0, -1, "main", TRC_WORD_MAIN, -1);
    size_t si = 0, gi = 0;
    for (size_t q = 0; q < B->nreq && B->ok; q++) {
        const unit_rec *u = &B->u[q];
        if (!u->has_unit)
            continue;
        unit_ctx uc = {main_lane, main_lane, gil ? TRC_GIL : TRC_READY, false};
        int64_t from = u->first;
        const char *own = own_name(B, q);
        if (model == SCN_COROUTINES) {
            snprintf(name, sizeof name, "coroutine %zu", q + 1);
            uc.lane = lane(B, TRC_LANE_CORO, -1, (int32_t)q, (int32_t)loop_lane, own ? own : name,
                           own ? TRC_WORD_NONE : TRC_WORD_COROUTINE, own ? -1 : (int32_t)q + 1);
            uc.run_lane = loop_lane;
            uc.coro = true;
            push_item(B, &B->loop, &B->nloop, &B->cap_loop, (item){u->c0, u->c1, loop_lane, (int32_t)q, 0, TRC_SPAWN});
            seg(B, uc.lane, u->c1, u->first, TRC_READY, (int32_t)q, 0, -1);
        } else if (model != SCN_SEQUENTIAL) {
            bool proc = model == SCN_PROCESSES;
            snprintf(name, sizeof name, "%s %zu", proc ? "process" : "thread", q + 1);
            uc.lane = uc.run_lane = lane(B, TRC_LANE_UNIT, -1, (int32_t)q + 1, -1, own ? own : name,
                                         own ? TRC_WORD_NONE : proc ? TRC_WORD_PROCESS : TRC_WORD_THREAD,
                                         own ? -1 : (int32_t)q + 1);
            /* threads: start() returns once the new thread ran and the main one got the GIL back */
            int64_t made = proc || u->first > u->c1 || u->first < u->c0 ? u->c1 : u->first;
            push_item(B, &B->run, &B->nrun, &B->cap_run, (item){u->c0, made, main_lane, (int32_t)q, 0, TRC_SPAWN});
            push_item(B, &B->loop, &B->nloop, &B->cap_loop, (item){made, u->c1, main_lane, (int32_t)q, 0, uc.ready});
            seg(B, uc.lane, proc ? u->c0 : u->c1, u->first, proc ? TRC_SPAWN : uc.ready, (int32_t)q, 0, -1);
        }
        unit_begin(B, (int32_t)q, uc.lane, u->first);
        unit_steps(B, &uc, (int32_t)q, from, calls, ncalls, &si, &gi);
        if (u->has_end)
            push_mark(B, u->end, uc.lane, (int32_t)q, TRC_MK_RETURN);
    }
    /* the main unit's creations (processes, threads) and its waits for the GIL, on its lane */
    if (model == SCN_SEQUENTIAL || model == SCN_COROUTINES)
        return;
    for (size_t k = 0; k < B->nrun; k++)
        if (B->run[k].state == TRC_SPAWN)
            push_item(B, &B->loop, &B->nloop, &B->cap_loop, B->run[k]);
    lay_serial(B, B->loop, B->nloop, main_lane);
}

/* Lays a time-sorted list of stretches on one lane, each starting no earlier than the last ended. */
static void lay_serial(bld *B, item *v, size_t n, uint32_t ln)
{
    sort(v, n, sizeof *v, cmp_item_time);
    int64_t end = INT64_MIN;
    for (size_t k = 0; k < n; k++) {
        int64_t a = v[k].t0 > end ? v[k].t0 : end;
        seg(B, ln, a, v[k].t1, v[k].state, v[k].req, v[k].step, -1);
        end = v[k].t1 > end ? v[k].t1 : end;
    }
}

/* Running stretches on the cores: in time order, each on the lowest-numbered free core (or, when
 * more overlap than there are cores, the one free first). */
static void lay_cores(bld *B, uint32_t first_core, uint32_t ncores, sim_metrics *m)
{
    if (!ncores)
        return;
    int64_t *busy = calloc(ncores, sizeof *busy);
    size_t *cnt = calloc(ncores, sizeof *cnt);
    item *laid = malloc((B->nrun ? B->nrun : 1) * sizeof *laid);
    if (!busy || !cnt || !laid) {
        free(busy), free(cnt), free(laid);
        oom(B);
        return;
    }
    for (uint32_t c = 0; c < ncores; c++)
        busy[c] = INT64_MIN;
    sort(B->run, B->nrun, sizeof *B->run, cmp_item_time);
    for (size_t k = 0; k < B->nrun; k++) {
        item it = B->run[k];
        uint32_t best = 0;
        for (uint32_t c = 0; c < ncores; c++) {
            if (busy[c] <= it.t0) {
                best = c;
                break;
            }
            best = busy[c] < busy[best] ? c : best;
        }
        it.t0 = it.t0 > busy[best] ? it.t0 : busy[best];
        busy[best] = it.t1 > busy[best] ? it.t1 : busy[best];
        laid[k] = (item){it.t0, it.t1, first_core + best, it.req, it.step, it.state};   /* run[k].lane: the unit */
        if (it.t1 > it.t0) {
            m->cpu_busy_ns += it.t1 - it.t0;
            if (it.state == TRC_RUN)
                m->cpu_useful_ns += it.t1 - it.t0;
            else
                m->cpu_spawn_ns += it.t1 - it.t0;
        }
        cnt[best]++;
    }
    for (uint32_t c = 0; c < ncores; c++)
        for (size_t k = 0; k < B->nrun; k++)
            if (laid[k].lane == first_core + c)
                seg(B, first_core + c, laid[k].t0, laid[k].t1, laid[k].state, laid[k].req, laid[k].step,
                    (int32_t)B->run[k].lane);
    free(busy), free(cnt), free(laid);
}

static int cmp_call(const void *a, const void *b)
{
    const real_call *x = a, *y = b;
    if (x->req != y->req)
        return x->req < y->req ? -1 : 1;
    return (x->step > y->step) - (x->step < y->step);
}

/* Server cores: what they served, and the messages there and back. */
static void lay_servers(bld *B, const real_call *calls, size_t ncalls, const uint32_t *srv_lane0)
{
    for (size_t k = 0; k < ncalls && B->ok; k++) {
        const real_call *c = &calls[k];
        if (c->req < 0 || (size_t)c->req >= B->nreq || c->srv >= B->s->nservers || c->reply < 0)
            continue;
        uint32_t ln = srv_lane0[c->srv] + c->core;
        const trc_req *tr = &B->sim->reqs[c->req];
        int64_t lat1 = real_step_dur(B->s, tr->tmpl, tr->instance, c->step, 1);
        push_item(B, &B->srv, &B->nsrv, &B->cap_srv,
                  (item){c->start - B->t0_abs, c->end - B->t0_abs, ln, c->req, c->step, TRC_SERVE});
        uint32_t from = B->u[c->req].lane;
        trc_msg go = {c->recv - B->t0_abs, c->recv - B->t0_abs + lat1, from, ln, c->req, c->step, TRC_MSG_REQUEST};
        trc_msg back = {c->end - B->t0_abs, c->reply - B->t0_abs, ln, from, c->req, c->step, TRC_MSG_REPLY};
        B->ok = trc_add_msg(B->t, &go, B->err) && trc_add_msg(B->t, &back, B->err);
    }
    sort(B->srv, B->nsrv, sizeof *B->srv, cmp_item);
    for (size_t k = 0; k < B->nsrv; k++)
        seg(B, B->srv[k].lane, B->srv[k].t0, B->srv[k].t1, TRC_SERVE, B->srv[k].req, B->srv[k].step, -1);
}

/* ---- metrics --------------------------------------------------------------------------------------- */

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

/* The most units alive at once (processes: [creation, end)) and requests in flight. */
static uint64_t peak_overlap(const int64_t *from, const int64_t *to, size_t n, int64_t *scratch)
{
    for (size_t i = 0; i < n; i++)
        scratch[2 * i] = from[i] * 2 + 1, scratch[2 * i + 1] = to[i] * 2;   /* ends before starts at a tie */
    sort(scratch, 2 * n, sizeof *scratch, cmp_i64);
    uint64_t cur = 0, peak = 0;
    for (size_t i = 0; i < 2 * n; i++) {
        if (scratch[i] & 1)
            peak = ++cur > peak ? cur : peak;
        else if (cur)
            cur--;
    }
    return peak;
}

static bool metrics(bld *B, sim_metrics *m)
{
    size_t n = B->nreq;
    int64_t *lat = malloc((n ? n : 1) * sizeof *lat), *a = malloc((n ? n : 1) * sizeof *a),
            *b = malloc((n ? n : 1) * sizeof *b), *c = malloc((n ? n : 1) * sizeof *c),
            *scratch = malloc((2 * n + 1) * sizeof *scratch);
    if (!lat || !a || !b || !c || !scratch) {
        free(lat), free(a), free(b), free(c), free(scratch);
        return oom(B);
    }
    size_t nl = 0;
    double sum = 0;
    for (size_t i = 0; i < n; i++) {
        const unit_rec *u = &B->u[i];
        int64_t arr = B->sim->reqs[i].arrival, end = u->has_end ? u->end : arr;
        if (u->has_end) {
            lat[nl++] = end - arr;
            sum += (double)(end - arr);
            m->completed++;
        } else {
            m->failed++;
        }
        m->makespan_ns = end > m->makespan_ns ? end : m->makespan_ns;
        a[i] = arr, b[i] = end, c[i] = u->has_unit ? u->c0 : arr;
        B->t->reqs[i].end = end;
        B->t->reqs[i].flags = u->has_end ? TRC_REQ_DONE : TRC_REQ_FAILED;
    }
    m->requests = n;
    sort(lat, nl, sizeof *lat, cmp_i64);
    if (nl) {
        m->lat_mean_ns = (int64_t)(sum / (double)nl + 0.5);
        m->lat_p50_ns = lat[(nl * 50 + 99) / 100 - 1];
        m->lat_p99_ns = lat[(nl * 99 + 99) / 100 - 1];
        m->lat_max_ns = lat[nl - 1];
    }
    m->peak_concurrency = peak_overlap(a, b, n, scratch);
    uint64_t alive = B->s->cfg.model == SCN_PROCESSES ? peak_overlap(c, b, n, scratch) : 0;
    m->peak_memory_bytes = B->rss_self + (int64_t)alive * B->rss_kids;
    free(lat), free(a), free(b), free(c), free(scratch);
    m->cpu_overhead_ns = m->cpu_switch_ns + m->cpu_spawn_ns;
    m->context_switches = B->ngaps;
    m->events = B->nrecords;
    if (m->makespan_ns > 0) {
        m->throughput_per_s = (double)m->completed * 1e9 / (double)m->makespan_ns;
        m->utilization = (double)m->cpu_busy_ns / ((double)m->cores * (double)m->makespan_ns);
    }
    return true;
}

static void bld_free(bld *B)
{
    free(B->u), free(B->steps), free(B->gaps), free(B->run), free(B->loop), free(B->srv), free(B->marks);
}

bool real_build(const scn *s, const trc *sim, const char *records, size_t len, const real_call *calls_in,
                size_t ncalls, int64_t t0_abs, trc *t, sim_metrics *m, sl_err *err)
{
    bld B = {.s = s, .sim = sim, .t = t, .err = err, .t0_abs = t0_abs, .nreq = sim->nreqs, .ok = true};
    memset(m, 0, sizeof *m);
    m->model = s->cfg.model;
    m->cores = s->cfg.cores;
    trc_init(t);
    real_call *calls = malloc((ncalls ? ncalls : 1) * sizeof *calls);
    B.u = calloc(B.nreq ? B.nreq : 1, sizeof *B.u);
    if (!calls || !B.u) {
        free(calls);
        bld_free(&B);
        return sl_fail(err, "schedlab: error: out of memory reading a real run");
    }
    if (ncalls)
        memcpy(calls, calls_in, ncalls * sizeof *calls);
    sort(calls, ncalls, sizeof *calls, cmp_call);
    uint32_t first_core, ncores, *srv_lane0 = calloc(s->nservers ? s->nservers : 1, sizeof *srv_lane0);
    bool ok = srv_lane0 && parse_records(&B, records, len) && copy_meta(&B);
    if (ok) {
        for (size_t i = 0; i < B.nreq; i++)
            t->reqs[i] = (trc_req){sim->reqs[i].arrival, -1, -1, sim->reqs[i].tmpl, sim->reqs[i].instance, -1, 0, -1, 0};
        host_lanes(&B, &first_core, &ncores, srv_lane0);
        build_units(&B, calls, ncalls);
        if (s->cfg.model == SCN_COROUTINES && B.ok && t->nlanes) {
            uint32_t loop_lane = first_core == UINT32_MAX ? 0 : first_core + ncores + 0;
            for (size_t l = 0; l < t->nlanes; l++)
                if (t->lanes[l].kind == TRC_LANE_LOOP)
                    loop_lane = (uint32_t)l;
            for (size_t k = 0; k < B.nloop; k++)   /* the creations run on the loop's thread too */
                if (B.loop[k].state == TRC_SPAWN)
                    push_item(&B, &B.run, &B.nrun, &B.cap_run, B.loop[k]);
            lay_serial(&B, B.loop, B.nloop, loop_lane);
        }
        lay_cores(&B, first_core, ncores, m);
        lay_servers(&B, calls, ncalls, srv_lane0);
        ok = B.ok && metrics(&B, m);
        sort(B.marks, B.nmarks, sizeof *B.marks, cmp_mark);
        for (size_t k = 0; ok && k < B.nmarks; k++)
            ok = trc_add_mark(t, &B.marks[k], err);
        ok = ok && trc_finish(t, err);
    }
    if (!srv_lane0)
        sl_fail(err, "schedlab: error: out of memory reading a real run");
    free(srv_lane0);
    free(calls);
    bld_free(&B);
    if (!ok)
        trc_free(t);
    return ok;
}
