/* sim_units.c — what each unit does next: the main unit's spawns, a process or thread walking its
 * request's steps (alone, per request, or as a pool worker), an event loop running coroutines until
 * their awaits, the GIL, and the servers' FIFO queues. */
#include "sim_int.h"

#include <stdlib.h>
#include <string.h>

static void send_msg(sim_engine *E, int64_t t0, int64_t t1, uint32_t from, uint32_t to, int32_t req,
                     uint32_t step, uint8_t kind)
{
    if (!E->t || from == LANE_NONE || to == LANE_NONE || !E->ok)
        return;
    trc_msg m = {t0, t1, from, to, req, (uint16_t)step, kind};
    if (!trc_add_msg(E->t, &m, E->err))
        E->ok = false;
}

/* ---- requests begin, end, fail -------------------------------------------------------------- */

static void req_started(sim_engine *E, int32_t r, uint32_t lane)
{
    if (E->t) {
        E->t->reqs[r].start = E->now;
        E->t->reqs[r].lane = lane == LANE_NONE ? -1 : (int32_t)lane;
    }
}

static void req_finished(sim_engine *E, int32_t r, uint32_t lane, uint8_t how)
{
    E->req_end[r] = E->now;
    E->req_done[r] = how;
    E->in_flight--;
    if (how == TRC_REQ_DONE)
        E->m->completed++;
    else
        E->m->failed++;
    sim_mark(E, lane, how == TRC_REQ_DONE ? TRC_MK_RETURN : TRC_MK_FAIL, r, -1);
}

/* Reserves a unit's memory; false when it would exceed the budget. */
static bool mem_take(sim_engine *E)
{
    int64_t need = E->cfg->mem_unit[E->unit_kind];
    if (E->mem_in_use > E->cfg->mem_budget - need)
        return false;
    E->mem_in_use += need;
    if (E->mem_in_use > E->m->peak_memory_bytes)
        E->m->peak_memory_bytes = E->mem_in_use;
    return true;
}

static void mem_give(sim_engine *E)
{
    E->mem_in_use -= E->cfg->mem_unit[E->unit_kind];
}

/* ---- schedulable entities ------------------------------------------------------------------- */

static int32_t new_se(sim_engine *E, uint8_t kind, trc_lane_kind lk, const char *name, int32_t index)
{
    if (!SL_GROW(E->se, E->cap_se, E->nse + 1, (size_t)INT32_MAX)) {
        E->ok = E->nse + 1 > (size_t)INT32_MAX ? sl_fail(E->err, "schedlab: error: too many units")
                                                : sl_fail(E->err, "schedlab: error: out of memory");
        return -1;
    }
    int32_t id = (int32_t)E->nse++;
    sim_se *u = &E->se[id];
    memset(u, 0, sizeof *u);
    u->kind = kind;
    u->st = ST_IDLE;
    u->core = u->next = u->prev = u->req = u->loop = u->job = -1;
    if (!sim_new_lane(E, lk, -1, index, -1, name, &u->lane))
        return -1;
    return id;
}

static const char *unit_word(sim_engine *E)
{
    return E->cfg->model == SCN_PROCESSES ? "process" : "thread";
}

/* ---- the GIL ------------------------------------------------------------------------------------ */

static bool gil_applies(sim_engine *E, const sim_se *u)
{
    return E->cfg->model == SCN_THREADS && E->cfg->gil && u->kind == SE_UNIT;
}

static void gil_arm(sim_engine *E)
{
    if (E->gil_timer_gen == E->gil_switches)
        return;
    E->gil_timer_gen = E->gil_switches;
    sim_arm_gil(E, E->now + E->cfg->switchinterval, E->gil_switches);
}

static void gil_enqueue(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    u->st = ST_GIL;
    u->next = -1;
    u->prev = E->gil_tail;
    if (E->gil_tail >= 0)
        E->se[E->gil_tail].next = id;
    else
        E->gil_head = id;
    E->gil_tail = id;
    sim_lane(E, u->lane, TRC_GIL, u->req, (uint16_t)u->step, -1);
    gil_arm(E);
}

static void gil_grant(sim_engine *E, int32_t id)
{
    E->gil_holder = id;
    E->se[id].holds_gil = true;
    E->gil_switches++;
    E->gil_ran_from = -1;
}

/* The GIL is free: give it to the longest waiter, which becomes ready for a core. */
static void gil_handoff(sim_engine *E)
{
    int32_t w = E->gil_head;
    if (w < 0)
        return;
    E->gil_head = E->se[w].next;
    if (E->gil_head >= 0)
        E->se[E->gil_head].prev = -1;
    else
        E->gil_tail = -1;
    gil_grant(E, w);
    sim_make_ready(E, w);
    if (E->gil_head >= 0)
        gil_arm(E);
}

/* True when unit id may compute now; otherwise it waits for the GIL. */
static bool gil_acquire(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    if (!gil_applies(E, u) || E->gil_holder == id)
        return true;
    if (E->gil_holder < 0) {
        gil_grant(E, id);
        return true;
    }
    gil_enqueue(E, id);
    return false;
}

static void gil_release(sim_engine *E, int32_t id)
{
    if (E->gil_holder != id)
        return;
    E->se[id].holds_gil = false;
    E->se[id].drop_gil = false;
    E->gil_holder = -1;
    gil_handoff(E);
}

void sim_gil_drop(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    u->drop_gil = false;
    u->holds_gil = false;
    E->gil_holder = -1;
    gil_enqueue(E, id);
    gil_handoff(E);
}

/* A waiter has waited a whole switch interval: the holder must drop the GIL at its next check. */
void sim_gil_timeout(sim_engine *E, uint32_t gen)
{
    (void)gen;
    int32_t h = E->gil_holder;
    if (h < 0 || E->gil_head < 0)
        return;
    sim_se *u = &E->se[h];
    const sim_core *k = u->core >= 0 ? &E->cores[u->core] : NULL;
    /* Only a holder that has computed since it got the lock drops it at once: one still switching
     * in (a switch as long as the interval) would otherwise hand it round for ever, no one computing. */
    bool ran = E->gil_ran_from >= 0 && E->now > E->gil_ran_from;
    if (k && k->phase == 2 && ran && k->burst_start + u->left > E->now) {
        sim_preempt(E, h);
        sim_gil_drop(E, h);
    } else {
        /* not computing now (or not yet, or its burst ends this instant): it drops at its next
         * burst, or after a switchinterval of computing if it has not computed yet (core_run) */
        u->drop_gil = true;
    }
}

/* ---- calls to servers ------------------------------------------------------------------------ */

static void call_send(sim_engine *E, int32_t caller, int32_t req, uint32_t step)
{
    int64_t lat = sim_step_dur(E, req, step, 1);
    if (caller >= 0)
        E->se[caller].sent = E->now;
    else
        E->coros[~caller].sent = E->now;
    sim_push(E, E->now + lat, EV_SRV_ARRIVE, (uint32_t)caller, 0);
}

static void caller_info(sim_engine *E, int32_t caller, int32_t *req, uint32_t *step, uint32_t *lane,
                        int64_t **sent, int64_t **arrived)
{
    if (caller >= 0) {
        sim_se *u = &E->se[caller];
        *req = u->req, *step = u->step, *lane = u->lane, *sent = &u->sent, *arrived = &u->arrived;
    } else {
        sim_coro *c = &E->coros[~caller];
        *req = c->req, *step = c->step, *lane = c->lane, *sent = &c->sent, *arrived = &c->arrived;
    }
}

static uint32_t free_pop(sim_server *sv)
{
    uint32_t *h = sv->free_cores, top = h[0], last = h[--sv->nfree], i = 0;
    for (uint32_t c; (c = 2 * i + 1) < sv->nfree; i = c) {
        if (c + 1 < sv->nfree && h[c + 1] < h[c])
            c++;
        if (h[c] >= last)
            break;
        h[i] = h[c];
    }
    if (sv->nfree)
        h[i] = last;
    return top;
}

static void free_push(sim_server *sv, uint32_t core)
{
    uint32_t *h = sv->free_cores, i = sv->nfree++;
    for (; i > 0 && h[(i - 1) / 2] > core; i = (i - 1) / 2)
        h[i] = h[(i - 1) / 2];
    h[i] = core;
}

static void srv_start(sim_engine *E, uint32_t sci, int32_t caller)
{
    int32_t req;
    uint32_t step, lane;
    int64_t *sent, *arrived;
    caller_info(E, caller, &req, &step, &lane, &sent, &arrived);
    sim_srv_core *sc = &E->srv_cores[sci];
    sc->caller = caller;
    sim_lane(E, lane, TRC_WAIT, req, (uint16_t)step, -1);
    sim_lane(E, sc->lane, TRC_SERVE, req, (uint16_t)step, -1);
    send_msg(E, *sent, *arrived, lane, sc->lane, req, step, TRC_MSG_REQUEST);
    sim_push(E, E->now + sim_step_dur(E, req, step, 0), EV_SRV_DONE, sci, 0);
}

void sim_srv_arrive(sim_engine *E, int32_t caller)
{
    int32_t req;
    uint32_t step, lane;
    int64_t *sent, *arrived;
    caller_info(E, caller, &req, &step, &lane, &sent, &arrived);
    *arrived = E->now;
    uint32_t host = (uint32_t)sim_step_of(E, req, step)->host;
    sim_server *sv = &E->servers[host];
    if (sv->nfree) {
        srv_start(E, sv->first_core + free_pop(sv), caller);
        return;
    }
    sim_lane(E, lane, TRC_QUEUED, req, (uint16_t)step, -1);
    sim_ring_push(E, &sv->queue, caller);
}

void sim_srv_done(sim_engine *E, uint32_t sci)
{
    sim_srv_core *sc = &E->srv_cores[sci];
    int32_t caller = sc->caller, req;
    uint32_t step, lane;
    int64_t *sent, *arrived;
    caller_info(E, caller, &req, &step, &lane, &sent, &arrived);
    int64_t back = sim_step_dur(E, req, step, 2);
    send_msg(E, E->now, E->now + back, sc->lane, lane, req, step, TRC_MSG_REPLY);
    sim_push(E, E->now + back, caller >= 0 ? EV_WAKE_SE : EV_WAKE_CORO,
             (uint32_t)(caller >= 0 ? caller : ~caller), 0);
    sim_lane(E, sc->lane, ST_NONE, -1, 0, -1);
    uint32_t host = (uint32_t)sim_step_of(E, req, step)->host;
    sim_server *sv = &E->servers[host];
    int32_t next;
    if (!sim_ring_pop(&sv->queue, &next)) {
        free_push(sv, sci - sv->first_core);
        return;
    }
    srv_start(E, sci, next);
}

/* ---- processes and threads: walking a request's steps ----------------------------------------- */

static void unit_wait(sim_engine *E, int32_t id, const scn_step *st)
{
    sim_se *u = &E->se[id];
    gil_release(E, id);
    u->st = ST_WAIT;
    if (st->kind == SCN_STEP_CALL) {
        sim_lane(E, u->lane, TRC_WAIT, u->req, (uint16_t)u->step, -1);
        call_send(E, id, u->req, u->step);
        return;
    }
    sim_lane(E, u->lane, st->kind == SCN_STEP_BLOCK ? TRC_BLOCKED : TRC_WAIT, u->req, (uint16_t)u->step, -1);
    sim_push(E, E->now + sim_step_dur(E, u->req, u->step, 0), EV_WAKE_SE, (uint32_t)id, 0);
}

/* A pool worker (or the sequential unit) takes the oldest waiting request, if any. */
static bool worker_take(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    int32_t r;
    if (!sim_ring_pop(&E->pool_queue, &r))
        return false;
    u->req = r;
    u->step = 0;
    req_started(E, r, u->lane);
    return true;
}

/* The unit finished its request: a per-request unit exits, a worker looks for more work. */
static bool unit_end_request(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    req_finished(E, u->req, u->lane, TRC_REQ_DONE);
    u->req = -1;
    if (!u->per_request)
        return true;
    gil_release(E, id);
    mem_give(E);
    u->st = ST_DEAD;
    sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
    return false;
}

static void unit_idle(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    gil_release(E, id);
    u->st = ST_IDLE;
    sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
    sim_ring_push(E, &E->pool_idle, id);
}

static bool unit_next(sim_engine *E, int32_t id)
{
    for (;;) {
        sim_se *u = &E->se[id];
        if (u->req < 0 && !worker_take(E, id)) {
            unit_idle(E, id);
            return false;
        }
        const scn_step *st = sim_step_of(E, u->req, u->step);
        if (!st) {
            if (!unit_end_request(E, id))
                return false;
            continue;
        }
        if (st->kind != SCN_STEP_CPU) {
            unit_wait(E, id, st);
            return false;
        }
        int64_t d = sim_step_dur(E, u->req, u->step, 0);
        if (d == 0) {
            u->step++;
            continue;
        }
        u->left = d;
        u->burst = B_CPU;
        return gil_acquire(E, id);
    }
}

/* Creates the unit that runs request r (per-request units), ready at once. */
static void unit_create(sim_engine *E, int32_t r)
{
    char name[48] = "";
    if (E->t)   /* names cost a snprintf per request: only a trace needs them */
        snprintf(name, sizeof name, "%s %zu", unit_word(E), E->nse + 1 - (E->main_se >= 0));
    int32_t id = new_se(E, SE_UNIT, TRC_LANE_UNIT, name, (int32_t)E->nse);
    if (id < 0)
        return;
    sim_se *u = &E->se[id];
    sim_lane_word(E, u->lane, E->cfg->model == SCN_PROCESSES ? TRC_WORD_PROCESS : TRC_WORD_THREAD,
                  (int32_t)(E->nse - (E->main_se >= 0)));
    u->per_request = true;
    u->req = r;
    sim_mark(E, u->lane, TRC_MK_SPAWN, r, -1);
    req_started(E, r, u->lane);
    if (unit_next(E, id))
        sim_make_ready(E, id);
}

/* Creates pool worker w (or the sequential unit): it takes waiting work or idles. */
static void worker_create(sim_engine *E, int32_t w)
{
    char name[48];
    if (E->cfg->model == SCN_SEQUENTIAL)
        snprintf(name, sizeof name, "main");
    else
        snprintf(name, sizeof name, "worker %d", w + 1);
    int32_t id = new_se(E, SE_UNIT, TRC_LANE_UNIT, name, w);
    if (id < 0)
        return;
    if (E->cfg->model == SCN_SEQUENTIAL)
        sim_lane_word(E, E->se[id].lane, TRC_WORD_MAIN, -1);
    else
        sim_lane_word(E, E->se[id].lane, TRC_WORD_WORKER, w + 1);
    if (E->cfg->model != SCN_SEQUENTIAL)
        sim_mark(E, E->se[id].lane, TRC_MK_SPAWN, -1, -1);
    if (unit_next(E, id))
        sim_make_ready(E, id);
}

/* ---- the main unit: creates units, paying the spawn cost on a core ---------------------------- */

static bool main_next(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    int32_t job;
    if (!sim_ring_pop(&E->spawn_jobs, &job)) {
        u->st = ST_IDLE;
        u->req = -1;
        sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
        return false;
    }
    u->job = job;
    u->req = job >= 0 ? job : -1;
    u->step = 0;
    u->burst = B_SPAWN;
    u->left = E->cfg->spawn_cost[E->unit_kind];
    return true;
}

static void main_wake(sim_engine *E)
{
    if (E->se[E->main_se].st == ST_IDLE && main_next(E, E->main_se))
        sim_make_ready(E, E->main_se);
}

static void spawn_job(sim_engine *E, int32_t job)
{
    if (E->main_se < 0) {
        if (job >= 0)
            unit_create(E, job);
        else
            worker_create(E, ~job);
        return;
    }
    sim_ring_push(E, &E->spawn_jobs, job);
    main_wake(E);
}

/* ---- event loops and coroutines ---------------------------------------------------------------- */

static void loop_push(sim_engine *E, sim_loop *L, int32_t c)
{
    E->coros[c].next = -1;
    if (L->tail >= 0)
        E->coros[L->tail].next = c;
    else
        L->head = c;
    L->tail = c;
    sim_lane(E, E->coros[c].lane, TRC_READY, E->coros[c].req, (uint16_t)E->coros[c].step, -1);
}

/* A coroutine just created runs next: its creator hands it the loop. */
static void loop_push_front(sim_engine *E, sim_loop *L, int32_t c)
{
    E->coros[c].next = L->head;
    L->head = c;
    if (L->tail < 0)
        L->tail = c;
}

static int32_t loop_pop(sim_loop *L, sim_coro *coros)
{
    int32_t c = L->head;
    if (c >= 0) {
        L->head = coros[c].next;
        if (L->head < 0)
            L->tail = -1;
    }
    return c;
}

static void coro_born(sim_engine *E, int32_t c)
{
    E->coros[c].born = true;
    sim_mark(E, E->coros[c].lane, TRC_MK_SPAWN, E->coros[c].req, -1);
    req_started(E, E->coros[c].req, E->coros[c].lane);
}

/* A coroutine for request r waits in its loop's FIFO; when creating it costs something, the loop
 * pays that when it reaches it (asyncio runs ready callbacks in FIFO order), then runs it at once. */
static void coro_create(sim_engine *E, uint32_t loop, int32_t r)
{
    if (!SL_GROW(E->coros, E->cap_coros, E->ncoros + 1, (size_t)INT32_MAX)) {
        E->ok = E->ncoros + 1 > (size_t)INT32_MAX ? sl_fail(E->err, "schedlab: error: too many coroutines")
                                                   : sl_fail(E->err, "schedlab: error: out of memory");
        return;
    }
    int32_t c = (int32_t)E->ncoros++;
    sim_loop *L = &E->loops[loop];
    char name[48] = "";
    if (E->t)
        snprintf(name, sizeof name, "coroutine %d", c + 1);
    E->coros[c] = (sim_coro){r, 0, LANE_NONE, loop, -1, 0, 0, false};
    if (!sim_new_lane(E, TRC_LANE_CORO, -1, c, (int32_t)E->se[L->se].lane, name, &E->coros[c].lane))
        return;
    sim_lane_word(E, E->coros[c].lane, TRC_WORD_COROUTINE, c + 1);
    loop_push(E, L, c);
    if (E->cfg->spawn_cost[SCN_COROUTINE] == 0)
        coro_born(E, c);
}

/* The coroutine holding the loop reached an await (io/call): it lets the loop go. */
static void coro_await(sim_engine *E, sim_loop *L, const scn_step *st)
{
    int32_t c = L->cur;
    sim_coro *k = &E->coros[c];
    sim_mark(E, k->lane, TRC_MK_AWAIT, k->req, -1);
    sim_lane(E, k->lane, TRC_WAIT, k->req, (uint16_t)k->step, -1);
    if (st->kind == SCN_STEP_CALL)
        call_send(E, ~c, k->req, k->step);
    else
        sim_push(E, E->now + sim_step_dur(E, k->req, k->step, 0), EV_WAKE_CORO, (uint32_t)c, 0);
    L->cur = -1;
}

static void coro_return(sim_engine *E, sim_loop *L)
{
    sim_coro *k = &E->coros[L->cur];
    req_finished(E, k->req, k->lane, TRC_REQ_DONE);
    sim_lane(E, k->lane, ST_NONE, -1, 0, -1);
    mem_give(E);
    L->cur = -1;
}

/* Runs the holding coroutine's next step: true with a CPU burst set, false when the loop is free
 * again (await, return) — *blocked tells that the loop thread itself is blocked. */
static bool coro_step(sim_engine *E, sim_se *u, sim_loop *L, bool *blocked)
{
    for (;;) {
        sim_coro *k = &E->coros[L->cur];
        const scn_step *st = sim_step_of(E, k->req, k->step);
        if (!st) {
            coro_return(E, L);
            return false;
        }
        if (st->kind == SCN_STEP_IO || st->kind == SCN_STEP_CALL) {
            coro_await(E, L, st);
            return false;
        }
        int64_t d = sim_step_dur(E, k->req, k->step, 0);
        if (st->kind == SCN_STEP_BLOCK) {   /* holds the loop: the whole thread waits */
            *blocked = true;
            u->st = ST_WAIT;
            sim_lane(E, u->lane, TRC_BLOCKED, k->req, (uint16_t)k->step, -1);
            sim_lane(E, k->lane, TRC_BLOCKED, k->req, (uint16_t)k->step, -1);
            sim_push(E, E->now + d, EV_WAKE_SE, (uint32_t)(u - E->se), 0);
            return false;
        }
        if (d == 0) {
            k->step++;
            continue;
        }
        u->burst = B_CPU;
        u->left = d;
        u->req = k->req;
        u->step = k->step;
        return true;
    }
}

/* Picks the next ready coroutine; true when a coroutine switch burst must be paid first. */
static bool loop_resume(sim_engine *E, sim_se *u, sim_loop *L, int32_t c)
{
    L->cur = c;
    bool switching = L->last >= 0 && L->last != c;
    L->last = c;
    if (!switching)
        return false;
    E->m->context_switches++;
    sim_mark(E, u->lane, TRC_MK_SWITCH, E->coros[c].req, (int32_t)E->coros[c].lane);
    int64_t cost = E->cfg->switch_cost[SCN_COROUTINE];
    if (cost == 0)
        return false;
    u->burst = B_CSWITCH;
    u->left = cost;
    u->req = E->coros[c].req;
    u->step = E->coros[c].step;
    return true;
}

static bool loop_next(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    sim_loop *L = &E->loops[u->loop];
    for (;;) {
        bool blocked = false;
        if (L->cur >= 0) {
            if (coro_step(E, u, L, &blocked))
                return true;
            if (blocked)
                return false;
            continue;
        }
        int32_t c = loop_pop(L, E->coros);
        if (c < 0) {
            u->st = ST_IDLE;
            u->req = -1;
            sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
            return false;
        }
        if (!E->coros[c].born) {
            u->job = c, u->req = E->coros[c].req, u->step = 0;
            u->burst = B_SPAWN;
            u->left = E->cfg->spawn_cost[SCN_COROUTINE];
            return true;
        }
        if (loop_resume(E, u, L, c))
            return true;
    }
}

static void loop_wake(sim_engine *E, sim_loop *L)
{
    if (E->se[L->se].st == ST_IDLE && loop_next(E, L->se))
        sim_make_ready(E, L->se);
}

/* ---- the engine's entry points ---------------------------------------------------------------- */

bool sim_se_next(sim_engine *E, int32_t id)
{
    switch (E->se[id].kind) {
    case SE_MAIN: return main_next(E, id);
    case SE_LOOP: return loop_next(E, id);
    default: return unit_next(E, id);
    }
}

void sim_burst_done(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    if (u->kind == SE_MAIN) {
        if (u->job >= 0)
            unit_create(E, u->job);
        else
            worker_create(E, ~u->job);
    } else if (u->kind == SE_UNIT) {
        u->step++;
    } else if (u->burst == B_SPAWN) {
        coro_born(E, u->job);
        loop_push_front(E, &E->loops[u->loop], u->job);
    } else if (u->burst == B_CPU) {
        E->coros[E->loops[u->loop].cur].step++;
    }
}

static void fail_request(sim_engine *E, int32_t r, uint32_t lane)
{
    E->in_flight++;
    req_finished(E, r, lane, TRC_REQ_FAILED);
}

void sim_arrive(sim_engine *E, int32_t r)
{
    uint32_t fail_lane = E->main_se >= 0 ? E->se[E->main_se].lane : E->cores[0].lane;
    if (E->cfg->model == SCN_COROUTINES) {
        sim_loop *L = &E->loops[(uint32_t)r % E->nloops];
        if (!mem_take(E)) {
            fail_request(E, r, E->se[L->se].lane);
            return;
        }
        coro_create(E, (uint32_t)(L - E->loops), r);
        loop_wake(E, L);
    } else if (E->pooled) {
        if (E->workers_planned == 0) {
            fail_request(E, r, fail_lane);
            return;
        }
        sim_ring_push(E, &E->pool_queue, r);
        int32_t w;
        if (sim_ring_pop(&E->pool_idle, &w) && unit_next(E, w))
            sim_make_ready(E, w);
    } else {
        if (!mem_take(E)) {
            fail_request(E, r, fail_lane);
            return;
        }
        spawn_job(E, r);
    }
    E->in_flight++;
    if (E->in_flight > E->m->peak_concurrency)
        E->m->peak_concurrency = E->in_flight;
}

void sim_wake_se(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    if (u->kind == SE_LOOP)
        E->coros[E->loops[u->loop].cur].step++;
    else
        u->step++;
    if (sim_se_next(E, id))
        sim_make_ready(E, id);
}

void sim_wake_coro(sim_engine *E, int32_t c)
{
    sim_coro *k = &E->coros[c];
    sim_loop *L = &E->loops[k->loop];
    k->step++;
    loop_push(E, L, c);
    loop_wake(E, L);
}

static bool setup_loops(sim_engine *E)
{
    E->nloops = E->cfg->workers ? E->cfg->workers : 1;
    E->loops = calloc(E->nloops, sizeof *E->loops);
    if (!E->loops)
        return sl_fail(E->err, "schedlab: error: out of memory");
    for (uint32_t i = 0; i < E->nloops; i++) {
        char name[32];
        if (E->nloops == 1)
            snprintf(name, sizeof name, "loop");
        else
            snprintf(name, sizeof name, "loop %u", i + 1);
        int32_t id = new_se(E, SE_LOOP, TRC_LANE_LOOP, name, (int32_t)i);
        if (id < 0)
            return false;
        sim_lane_word(E, E->se[id].lane, TRC_WORD_LOOP, E->nloops == 1 ? -1 : (int32_t)i + 1);
        E->se[id].loop = (int32_t)i;
        E->loops[i] = (sim_loop){id, -1, -1, -1, -1};
    }
    return true;
}

/* Pool workers exist from t=0 (created by the main unit when spawning costs something). */
static void setup_pool(sim_engine *E, uint32_t n, bool counted)
{
    E->pooled = true;
    for (uint32_t w = 0; w < n; w++) {
        if (counted && !mem_take(E))
            break;
        E->workers_planned++;
        spawn_job(E, ~(int32_t)w);
    }
}

bool sim_setup_units(sim_engine *E)
{
    const scn_config *cfg = E->cfg;
    uint8_t model = cfg->model;
    E->unit_kind = model == SCN_PROCESSES ? SCN_PROCESS : model == SCN_COROUTINES ? SCN_COROUTINE : SCN_THREAD;
    E->core_switch_cost = cfg->switch_cost[model == SCN_PROCESSES ? SCN_PROCESS : SCN_THREAD];
    if (model == SCN_COROUTINES)
        return setup_loops(E) && E->ok;
    if (model == SCN_SEQUENTIAL) {
        setup_pool(E, 1, false);
        return E->ok;
    }
    if (cfg->spawn_cost[E->unit_kind] > 0) {
        E->main_se = new_se(E, SE_MAIN, TRC_LANE_MAIN, "main", 0);
        if (E->main_se < 0)
            return false;
        sim_lane_word(E, E->se[E->main_se].lane, TRC_WORD_MAIN, -1);
    }
    if (cfg->workers)
        setup_pool(E, cfg->workers, true);
    return E->ok;
}
