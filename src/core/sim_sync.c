/* sim_sync.c — synchronization at run time: semaphores, locks and queues (FIFO wake-up), the
 * permits each body holds, timeouts that abandon a step, and deadlocks (units that no event can
 * ever wake), reported with who waits for what, who holds it, and the cycle. */
#include "sim_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static sim_body *bod(sim_engine *E, int32_t r)
{
    return &E->bodies[E->body_of[r]];
}

/* ---- the trace's resource rows: one sample per change ------------------------------------------ */

static void sample(sim_engine *E, uint32_t k)
{
    if (!E->t || !E->ok)
        return;
    const sim_sync *S = &E->syncs[k];
    uint64_t w = S->nwait + S->nput;
    trc_res_sample x = {E->now, k, S->count > UINT32_MAX ? UINT32_MAX : (uint32_t)S->count,
                        w > UINT32_MAX ? UINT32_MAX : (uint32_t)w};
    if (!trc_add_sample(E->t, &x, E->err))
        E->ok = false;
}

/* ---- holds: who holds the permits of a semaphore or lock -------------------------------------- */

static bool hold_add(sim_engine *E, uint32_t k, int32_t r)
{
    int32_t h = E->hold_free;
    if (h >= 0) {
        E->hold_free = E->holds[h].next_sync;
    } else {
        if (!SL_GROW(E->holds, E->cap_holds, E->nholds + 1, (size_t)INT32_MAX))
            return E->ok = sl_fail(E->err, "schedlab: error: out of memory for locks");
        h = (int32_t)E->nholds++;
    }
    sim_sync *S = &E->syncs[k];
    sim_body *B = bod(E, r);
    E->holds[h] = (sim_hold){(int32_t)k, r, S->holds, B->holds, -1, E->now};
    if (S->holds >= 0)
        E->holds[S->holds].prev_sync = h;
    S->holds = h;
    B->holds = h;
    if (++S->count > S->peak_count)
        S->peak_count = S->count;
    return true;
}

/* The trace keeps every hold as an interval, so a viewer names the holders at any time. */
static void hold_trace(sim_engine *E, int32_t h)
{
    if (!E->t || !E->ok)
        return;
    const sim_hold *x = &E->holds[h];
    uint32_t lane = bod(E, x->inst)->lane;
    if (!SL_GROW(E->t->holds, E->t->cap_holds, E->t->nholds + 1, TRC_MAX_SEGMENTS)) {
        E->ok = sl_fail(E->err, "schedlab: error: out of memory for locks");
        return;
    }
    E->t->holds[E->t->nholds++] = (trc_hold){x->since, E->now, (uint32_t)x->sync, x->inst,
                                             lane == LANE_NONE ? -1 : (int32_t)lane};
}

/* Drops one permit of k held by r; false when r holds none. */
static bool hold_del(sim_engine *E, uint32_t k, int32_t r)
{
    sim_body *B = bod(E, r);
    int32_t *link = &B->holds;
    while (*link >= 0 && E->holds[*link].sync != (int32_t)k)
        link = &E->holds[*link].next_body;
    int32_t h = *link;
    if (h < 0)
        return false;
    hold_trace(E, h);
    *link = E->holds[h].next_body;
    sim_sync *S = &E->syncs[k];
    int32_t prev = E->holds[h].prev_sync, next = E->holds[h].next_sync;
    if (prev >= 0)
        E->holds[prev].next_sync = next;
    else
        S->holds = next;
    if (next >= 0)
        E->holds[next].prev_sync = prev;
    E->holds[h].next_sync = E->hold_free;
    E->hold_free = h;
    S->count--;
    return true;
}

/* ---- waiting ------------------------------------------------------------------------------------ */

static void wait_done(sim_engine *E, sim_sync *S, int32_t r)
{
    int64_t d = E->now - bod(E, r)->wait_from;
    S->waits++;
    S->wait_total += d;
    if (d > S->wait_max)
        S->wait_max = d;
}

/* The oldest body of a ring still waiting there (why on resource k), or -1. One that left by a
 * timeout stays in the ring and is skipped here (a body waits once: it failed and ended), so a
 * timeout costs O(1) however many wait. */
static int32_t waiter_pop(sim_engine *E, sim_ring *q, uint8_t why, uint32_t k)
{
    int32_t r;
    while (sim_ring_pop(q, &r)) {
        const sim_body *B = bod(E, r);
        if (B->wait.why == why && B->wait.obj == (int32_t)k)
            return r;
    }
    return -1;
}

void sim_arm_timeout(sim_engine *E, int32_t r, const scn_step *st)
{
    if (!st || st->timeout <= 0)
        return;
    sim_body *B = bod(E, r);
    B->timed = true;
    B->tgen++;
    sim_push(E, E->now + st->timeout, EV_TIMEOUT, (uint32_t)r, B->tgen);
}

static int begin_wait(sim_engine *E, int32_t r, uint8_t why, uint32_t k, const scn_step *st, bool put)
{
    sim_sync *S = &E->syncs[k];
    sim_body *B = bod(E, r);
    B->wait = (sim_wait){why, (int32_t)k};
    B->wait_from = E->now;
    if (!sim_ring_push(E, put ? &S->putters : &S->waiters, r))
        return CTL_WAIT;
    if (put)
        S->nput++;
    else
        S->nwait++;
    if (S->nwait + S->nput > S->peak_waiters)
        S->peak_waiters = S->nwait + S->nput;
    sim_arm_timeout(E, r, st);
    sample(E, k);
    sim_ring_push(E, &E->dl_cands, r);
    E->dl_global = true;
    return CTL_WAIT;
}

/* Permits are free: they go to the oldest waiters (FIFO), which wake. */
static void give(sim_engine *E, uint32_t k)
{
    sim_sync *S = &E->syncs[k];
    while (S->count < S->cap && S->nwait) {
        int32_t w = waiter_pop(E, &S->waiters, W_LOCK, k);
        if (w < 0)
            break;
        S->nwait--;
        wait_done(E, S, w);
        if (!hold_add(E, k, w))
            return;
        sim_body_wake(E, w);
    }
}

static void release_all(sim_engine *E, int32_t r)
{
    sim_body *B = bod(E, r);
    while (B->holds >= 0) {
        uint32_t k = (uint32_t)E->holds[B->holds].sync;
        hold_del(E, k, r);
        give(E, k);
        sample(E, k);
        B = bod(E, r);
    }
}

bool sim_sync_body_end(sim_engine *E, int32_t r)
{
    if (!E->syncs || !E->body_of || E->body_of[r] < 0 || bod(E, r)->holds < 0)
        return false;
    sim_body *B = bod(E, r);
    E->m->errors++;
    sim_mark(E, B->lane, TRC_MK_ERROR, r, E->holds[B->holds].sync);
    release_all(E, r);
    return true;
}

/* A release of what the body does not hold: a run-time error, the body fails (reason error). */
static int release_error(sim_engine *E, int32_t r, uint32_t k)
{
    E->m->errors++;
    sim_mark(E, bod(E, r)->lane, TRC_MK_ERROR, r, (int32_t)k);
    release_all(E, r);
    return CTL_FAIL;
}

static int step_put(sim_engine *E, int32_t r, uint32_t k, const scn_step *st)
{
    sim_sync *S = &E->syncs[k];
    if (S->nwait) {                      /* a getter waits: the item goes to it */
        int32_t g = waiter_pop(E, &S->waiters, W_GET, k);
        S->nwait--;
        wait_done(E, S, g);
        sim_body_wake(E, g);
    } else if (S->cap == 0 || S->count < S->cap) {
        if (++S->count > S->peak_count)
            S->peak_count = S->count;
    } else {
        return begin_wait(E, r, W_PUT, k, st, true);
    }
    return CTL_NEXT;
}

static int step_get(sim_engine *E, int32_t r, uint32_t k, const scn_step *st)
{
    sim_sync *S = &E->syncs[k];
    if (S->count == 0)
        return begin_wait(E, r, W_GET, k, st, false);
    S->count--;
    if (S->nput) {                       /* a putter waits for room: its item goes in now */
        int32_t p = waiter_pop(E, &S->putters, W_PUT, k);
        S->nput--;
        S->count++;
        wait_done(E, S, p);
        sim_body_wake(E, p);
    }
    return CTL_NEXT;
}

int sim_sync_step(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st)
{
    (void)w;
    uint32_t k = (uint32_t)st->host;
    sim_sync *S = &E->syncs[k];
    int rc = CTL_NEXT;
    switch (st->kind) {
    case SCN_STEP_ACQUIRE:
        if (S->count < S->cap) {
            if (!hold_add(E, k, r))
                return CTL_WAIT;
        } else {
            return begin_wait(E, r, W_LOCK, k, st, false);
        }
        break;
    case SCN_STEP_RELEASE:
        if (!hold_del(E, k, r))
            return release_error(E, r, k);
        give(E, k);
        break;
    case SCN_STEP_PUT: rc = step_put(E, r, k, st); break;
    default: rc = step_get(E, r, k, st); break;
    }
    if (rc == CTL_NEXT) {
        sample(E, k);
        *step = sim_next_step(E, r, *step);
    }
    return rc;
}

/* ---- timeouts ------------------------------------------------------------------------------------ */

/* The unit gives up its call: the server forgets it (dropped from its queue, or its reply goes
 * nowhere); a request still on its way is dropped on arrival (its wake generation is stale). */
static void detach_call(sim_engine *E, sim_who w)
{
    sim_conn_close(E, w);
    int32_t *core = w >= 0 ? &E->se[w].srv_core : &E->coros[~w].srv_core;
    bool *queued = w >= 0 ? &E->se[w].srv_queued : &E->coros[~w].srv_queued;
    if (*core >= 0) {
        E->srv_cores[*core].caller = SIM_NO_CALLER;
        *core = -1;
    } else if (*queued) {
        int32_t req = w >= 0 ? E->se[w].req : E->coros[~w].req;
        uint32_t step = w >= 0 ? E->se[w].step : E->coros[~w].step;
        sim_ring *q = &E->servers[sim_step_of(E, req, step)->host].queue;
        for (size_t i = 0; i < q->len; i++)
            if (q->v[(q->head + i) % q->cap] == w)
                q->v[(q->head + i) % q->cap] = SIM_NO_CALLER;
        *queued = false;
    }
}

void sim_timeout(sim_engine *E, int32_t r, uint32_t gen)
{
    if (!E->body_of || E->body_of[r] < 0)
        return;
    sim_body *B = bod(E, r);
    if (!B->timed || gen != B->tgen || B->wait.why == W_NONE)
        return;
    B->timed = false;
    B->tgen++;
    uint8_t why = B->wait.why;
    if (why == W_LOCK || why == W_GET || why == W_PUT) {
        sim_sync *S = &E->syncs[B->wait.obj];
        if (why == W_PUT)
            S->nput--;
        else
            S->nwait--;
        wait_done(E, S, r);
        sample(E, (uint32_t)B->wait.obj);
    } else if (why == W_CALL) {
        detach_call(E, B->who);
    }
    B->wait = (sim_wait){W_NONE, -1};
    E->m->timeouts++;
    sim_mark(E, B->lane, TRC_MK_TIMEOUT, r, -1);
    release_all(E, r);
    sim_unit_abort(E, B->who, r, TRC_WHY_TIMEOUT);
}

/* A timed call's reply came back in time: its timeout is stale. */
void sim_call_back(sim_engine *E, int32_t r)
{
    if (!E->body_of || E->body_of[r] < 0)
        return;
    sim_body *B = bod(E, r);
    if (B->wait.why != W_CALL)
        return;
    B->wait = (sim_wait){W_NONE, -1};
    B->timed = false;
    B->tgen++;
}

void sim_call_wait(sim_engine *E, sim_who w, int32_t r, const scn_step *st)
{
    if (st->timeout <= 0 || !E->body_of)
        return;
    sim_body *B = sim_body_of(E, r);
    if (!B)
        return;
    B->who = w;
    B->lane = sim_who_lane(E, w);
    B->wait = (sim_wait){W_CALL, -1};
    B->wait_from = E->now;
    sim_arm_timeout(E, r, st);
}

void sim_sync_release_all(sim_engine *E, int32_t r)
{
    if (E->syncs && E->body_of && E->body_of[r] >= 0)
        release_all(E, r);
}

/* ---- deadlocks ------------------------------------------------------------------------------------ */

/* A body's name in a report: its request or task, numbered when there are several. */
static void body_name(sim_engine *E, int32_t r, char *buf, size_t n)
{
    const scn_request *q = &E->s->reqs[E->inst[r].tmpl];
    uint32_t i = E->inst[r].inst;
    bool numbered = sim_is_task(E, r) ? i > 0 : q->count > 1 || q->repeated;
    if (numbered)
        snprintf(buf, n, "%s #%u", scn_str(E->s, q->name), i + 1);
    else
        snprintf(buf, n, "%s", scn_str(E->s, q->name));
}

static void wait_desc(sim_engine *E, const sim_body *B, char *buf, size_t n)
{
    char name[300];
    bool on_sync = B->wait.why == W_LOCK || B->wait.why == W_GET || B->wait.why == W_PUT;
    const scn_sync *sy = on_sync && B->wait.obj >= 0 && (size_t)B->wait.obj < E->s->nsyncs
                             ? &E->s->syncs[B->wait.obj] : NULL;
    const char *sname = sy ? scn_str(E->s, sy->name) : "?";
    switch (B->wait.why) {
    case W_LOCK:
        snprintf(buf, n, "%s %s", sy ? scn_sync_kind_name((scn_sync_kind)sy->kind) : "lock", sname);
        break;
    case W_GET: snprintf(buf, n, "queue %s (get)", sname); break;
    case W_PUT: snprintf(buf, n, "queue %s (put)", sname); break;
    case W_TASK: {
        body_name(E, B->wait.obj, name, sizeof name);
        const sim_body *C = bod(E, B->wait.obj);
        if (C->pool >= 0 && C->who < 0)   /* offloaded, never taken: its pool's workers all wait */
            snprintf(buf, n, "task %.200s (queued in pool %.40s, every worker busy)", name,
                     scn_str(E->s, E->s->pools[C->pool].name));
        else
            snprintf(buf, n, "task %.280s", name);
        break;
    }
    case W_ALL: snprintf(buf, n, "its tasks (await all)"); break;
    case W_GATHER: snprintf(buf, n, "its gather"); break;
    default: snprintf(buf, n, "?"); break;
    }
}

static void holders_desc(sim_engine *E, const sim_body *B, char *buf, size_t n)
{
    buf[0] = '\0';
    if (B->wait.why != W_LOCK)
        return;
    size_t used = 0, shown = 0, more = 0;
    for (int32_t h = E->syncs[B->wait.obj].holds; h >= 0; h = E->holds[h].next_sync) {
        if (shown == 8) {
            more++;
            continue;
        }
        char name[300];
        body_name(E, E->holds[h].inst, name, sizeof name);
        int w = snprintf(buf + used, n - used, "%s%s", shown ? ", " : "", name);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
        shown++;
    }
    if (more && used < n)
        snprintf(buf + used, n - used, " and %zu more", more);
}

static bool dl_visit(sim_engine *E, int32_t x)
{
    sim_body *X = bod(E, x);
    if (X->stamp == E->dl_stamp)
        return true;
    X->stamp = E->dl_stamp;
    if (!SL_GROW(E->dl_list, E->cap_dl, E->ndl + 1, (size_t)INT32_MAX))
        return E->ok = sl_fail(E->err, "schedlab: error: out of memory");
    E->dl_list[E->ndl++] = x;
    return true;
}

/* The first body that r's wait depends on, or -1. */
static int32_t dl_next(sim_engine *E, int32_t r)
{
    const sim_body *B = bod(E, r);
    if (B->wait.why == W_LOCK)
        return E->syncs[B->wait.obj].holds >= 0 ? E->holds[E->syncs[B->wait.obj].holds].inst : -1;
    if (B->wait.why == W_TASK)
        return B->wait.obj;
    return -1;
}

/* True when body x may still be woken by itself: it runs, or its wait has a timeout, or it waits
 * for something the search does not follow (a queue, a call, a gather). */
static bool may_wake(sim_engine *E, int32_t x)
{
    const sim_body *X = bod(E, x);
    return X->timed || (X->flags & J_ENDED) || (X->wait.why != W_LOCK && X->wait.why != W_TASK);
}

/* True when r waits for ever: every body its wait depends on (the holders of its lock, the task it
 * awaits), and theirs in turn, waits without a timeout on a lock or a task. Fills dl_list. Under the
 * sequential model (no pool) any wait on a lock or queue is for ever: nobody else runs. */
static bool knot(sim_engine *E, int32_t r)
{
    E->ndl = 0;
    E->dl_stamp++;
    bool alone = E->cfg->model == SCN_SEQUENTIAL && E->npools == 0;
    if (!dl_visit(E, r))
        return false;
    for (size_t i = 0; i < E->ndl; i++) {
        const sim_body *B = bod(E, E->dl_list[i]);
        uint8_t why = B->wait.why;
        if (B->timed || why == W_NONE || (B->flags & J_ENDED))
            return alone && i > 0;
        if (alone && i == 0 && (why == W_GET || why == W_PUT))
            return true;
        if (why == W_LOCK) {
            /* a holder that may wake frees the lock some day: answered at once, without visiting the
             * others (a semaphore of 10 000 permits and 100 000 waiters stays cheap) */
            for (int32_t h = E->syncs[B->wait.obj].holds; h >= 0 && !alone; h = E->holds[h].next_sync)
                if (may_wake(E, E->holds[h].inst))
                    return false;
            for (int32_t h = E->syncs[B->wait.obj].holds; h >= 0; h = E->holds[h].next_sync)
                if (!dl_visit(E, E->holds[h].inst))
                    return false;
            if (alone)
                return true;
        } else if (why == W_TASK) {
            if (!dl_visit(E, B->wait.obj))
                return false;
        } else {
            return false;
        }
    }
    return true;
}

/* "a -> lock y -> b -> lock x -> a": from r, the first holder each time, until a body repeats. */
static void dl_cycle(sim_engine *E, int32_t r, char *buf, size_t n)
{
    buf[0] = '\0';
    int32_t *path = malloc((E->ndl + 1) * sizeof *path);
    if (!path)
        return;
    size_t len = 0, from = SIZE_MAX;
    for (int32_t x = r; x >= 0 && len <= E->ndl; x = dl_next(E, x)) {
        for (size_t i = 0; i < len && from == SIZE_MAX; i++)
            if (path[i] == x)
                from = i;
        if (from != SIZE_MAX)
            break;
        path[len++] = x;
    }
    size_t used = 0;
    for (size_t i = from; from != SIZE_MAX && i <= len && used < n; i++) {
        char name[300], what[300];
        int32_t x = path[i < len ? i : from];
        body_name(E, x, name, sizeof name);
        if (i == len) {
            snprintf(buf + used, n - used, "%s", name);
            break;
        }
        wait_desc(E, bod(E, x), what, sizeof what);
        int w = snprintf(buf + used, n - used, "%s -> %s -> ", name, what);
        if (w < 0)
            break;
        used += (size_t)w;
    }
    free(path);
}

/* Copies the deadlock of dl_list into t (the run's trace, or the report's string pool). */
static bool dl_store(sim_engine *E, trc *t, const char *cycle)
{
    trc_deadlock *d = &t->deadlock;
    d->units = calloc(E->ndl ? E->ndl : 1, sizeof *d->units);
    if (!d->units)
        return sl_fail(E->err, "schedlab: error: out of memory");
    d->on = true;
    d->t = E->now;
    d->nunits = E->ndl;
    bool ok = trc_intern(t, cycle, &d->cycle, E->err);
    for (size_t i = 0; ok && i < E->ndl; i++) {
        int32_t x = E->dl_list[i];
        const sim_body *B = bod(E, x);
        char name[300], what[300], holders[2048];
        body_name(E, x, name, sizeof name);
        wait_desc(E, B, what, sizeof what);
        holders_desc(E, B, holders, sizeof holders);
        trc_dl_unit *u = &d->units[i];
        u->lane = B->lane == LANE_NONE ? -1 : (int32_t)B->lane;
        u->req = x;
        ok = trc_intern(t, name, &u->unit, E->err) && trc_intern(t, what, &u->waits, E->err) &&
             trc_intern(t, holders, &u->holders, E->err);
    }
    return ok;
}

static void dl_report(sim_engine *E, int32_t r)
{
    char cycle[4096];
    dl_cycle(E, r, cycle, sizeof cycle);
    E->stop = true;
    E->m->deadlock_ns = E->now;
    E->m->deadlock_units = E->ndl;
    for (size_t i = 0; i < E->ndl; i++)
        sim_mark(E, bod(E, E->dl_list[i])->lane, TRC_MK_DEADLOCK, E->dl_list[i], -1);
    if (E->t && !dl_store(E, E->t, cycle))
        E->ok = false;
    if (E->report && !dl_store(E, &E->report->pool, cycle))
        E->ok = false;
    if (E->report)
        E->report->deadlock = E->report->pool.deadlock;   /* a view: the pool owns it */
}

/* Every body still going on that waits, into dl_list; the first one for the cycle search. */
static int32_t dl_collect_all(sim_engine *E)
{
    E->ndl = 0;
    E->dl_stamp++;
    int32_t first = -1;
    for (size_t b = 0; b < E->nbodies && E->ok; b++) {
        const sim_body *B = &E->bodies[b];
        if (B->wait.why == W_NONE || (B->flags & J_ENDED) || E->req_done[B->inst])
            continue;
        if (first < 0 || (dl_next(E, first) < 0 && dl_next(E, B->inst) >= 0))
            first = B->inst;   /* the cycle search starts from a body that waits for another */
        dl_visit(E, B->inst);
    }
    return first;
}

/* True when body b may still go on or wake another: it is not ended and it runs (or is ready), or
 * waits for a call or with a timeout (an event will end its wait). */
static bool body_live(const sim_engine *E, size_t b)
{
    const sim_body *B = &E->bodies[b];
    if ((B->flags & J_ENDED) || E->req_done[B->inst])
        return false;
    return B->timed || B->wait.why == W_NONE || B->wait.why == W_CALL;
}

/* True when some request with control steps has not arrived yet (it could put, get, release). */
static bool ctl_to_come(sim_engine *E)
{
    if (!E->ctl_last_known) {
        for (size_t r = 0; r < E->ntop; r++)
            if (E->s->reqs[E->inst[r].tmpl].has_control)
                E->ctl_last = r + 1;
        E->ctl_last_known = true;
    }
    return E->next_arrival < E->ctl_last;
}

/* The deadlock of waits that knot() does not follow (queues, gather, await all): every body still
 * going on waits without a timeout on a lock, a queue or its tasks, and no body can come (none
 * arrived without its body yet, none still to arrive). Then no event can ever wake any of them:
 * only a body puts, gets, releases or ends a task. Cheap: it stops at the first body that can go
 * on, looked for from the one found last time. Not under the sequential model, whose one unit
 * knot() already answers. */
static void dl_global_check(sim_engine *E)
{
    E->dl_global = false;
    if (E->stop || !E->ok || !E->body_of || E->nbodies == 0 || E->ctl_nobody > 0 ||
        (E->cfg->model == SCN_SEQUENTIAL && E->npools == 0) || ctl_to_come(E))
        return;
    size_t n = E->nbodies, from = E->dl_witness < n ? E->dl_witness : 0;
    for (size_t i = 0; i < n; i++) {
        size_t b = (from + i) % n;
        if (body_live(E, b)) {
            E->dl_witness = b;
            return;
        }
    }
    int32_t first = dl_collect_all(E);
    if (E->ndl && E->ok)
        dl_report(E, first);
}

void sim_deadlock_check(sim_engine *E)
{
    int32_t r;
    while (E->ok && !E->stop && sim_ring_pop(&E->dl_cands, &r))
        if (bod(E, r)->wait.why != W_NONE && knot(E, r))
            dl_report(E, r);
    E->dl_cands.len = 0;
    if (E->dl_global)
        dl_global_check(E);
}

void sim_deadlock_final(sim_engine *E)
{
    if (!E->body_of || E->stop)
        return;
    int32_t first = dl_collect_all(E);
    if (E->ndl && E->ok)
        dl_report(E, first);
}

/* ---- setup and report ------------------------------------------------------------------------------ */

bool sim_setup_syncs(sim_engine *E)
{
    const scn *s = E->s;
    E->hold_free = -1;
    if (s->nsyncs == 0)
        return true;
    E->nsyncs = (uint32_t)s->nsyncs;
    E->syncs = calloc(s->nsyncs, sizeof *E->syncs);
    if (!E->syncs)
        return sl_fail(E->err, "schedlab: error: out of memory");
    for (uint32_t k = 0; k < E->nsyncs; k++) {
        E->syncs[k].kind = s->syncs[k].kind;
        E->syncs[k].cap = s->syncs[k].size;
        E->syncs[k].holds = -1;
    }
    if (!E->t)
        return true;
    E->t->res = calloc(s->nsyncs, sizeof *E->t->res);
    if (!E->t->res)
        return sl_fail(E->err, "schedlab: error: out of memory");
    E->t->nres = s->nsyncs;
    for (uint32_t k = 0; k < E->nsyncs; k++) {
        trc_res *x = &E->t->res[k];
        x->kind = s->syncs[k].kind;
        x->capacity = s->syncs[k].size;
        if (!trc_intern(E->t, scn_str(s, s->syncs[k].name), &x->name, E->err))
            return false;
    }
    return true;
}

bool sim_sync_report(sim_engine *E)
{
    if (E->nsyncs == 0)
        return true;
    for (size_t b = 0; b < E->nbodies; b++) {   /* waits still going on (a deadlock): up to the end */
        const sim_body *B = &E->bodies[b];
        if ((B->wait.why == W_LOCK || B->wait.why == W_GET || B->wait.why == W_PUT) && !E->req_done[B->inst])
            wait_done(E, &E->syncs[B->wait.obj], B->inst);
    }
    for (uint32_t k = 0; E->t && k < E->nsyncs; k++)   /* holds still held at the end */
        for (int32_t h = E->syncs[k].holds; h >= 0; h = E->holds[h].next_sync)
            hold_trace(E, h);
    for (uint32_t k = 0; E->t && k < E->nsyncs; k++) {
        const sim_sync *S = &E->syncs[k];
        trc_res *x = &E->t->res[k];
        x->peak_waiters = S->peak_waiters, x->waits = S->waits, x->peak_count = S->peak_count;
        x->wait_total_ns = S->wait_total, x->wait_max_ns = S->wait_max;
    }
    sim_report *R = E->report;
    if (!R || !E->ok)
        return E->ok;
    R->res = calloc(E->nsyncs, sizeof *R->res);
    if (!R->res)
        return sl_fail(E->err, "schedlab: error: out of memory");
    R->nres = E->nsyncs;
    for (uint32_t k = 0; k < E->nsyncs; k++) {
        const sim_sync *S = &E->syncs[k];
        sim_res_stats *x = &R->res[k];
        *x = (sim_res_stats){NULL, S->kind, S->cap, S->peak_waiters, S->waits, S->wait_total, S->wait_max,
                             S->peak_count};
        if (!trc_intern(&R->pool, scn_str(E->s, E->s->syncs[k].name), &x->name, E->err))
            return false;
    }
    return E->ok;
}

void sim_free_syncs(sim_engine *E)
{
    if (E->syncs)
        for (uint32_t k = 0; k < E->nsyncs; k++)
            free(E->syncs[k].waiters.v), free(E->syncs[k].putters.v);
    free(E->syncs);
    free(E->holds);
    free(E->dl_cands.v);
    free(E->dl_list);
}

void sim_report_free(sim_report *r)
{
    if (!r)
        return;
    trc_free(&r->pool);
    free(r->res);
    memset(r, 0, sizeof *r);
}
