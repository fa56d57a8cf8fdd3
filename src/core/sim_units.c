/* sim_units.c — what each unit does next: the main unit's spawns, a process or thread walking its
 * request's steps (alone, per request, or as a pool worker), an event loop running coroutines until
 * their awaits, the GIL, and the servers' FIFO queues. */
#include "sim_int.h"

#include <stdlib.h>
#include <string.h>

void sim_send_msg(sim_engine *E, int64_t t0, int64_t t1, uint32_t from, uint32_t to, int32_t req, uint32_t step,
                  uint8_t kind)
{
    if (!E->t || from == LANE_NONE || to == LANE_NONE || !E->ok)
        return;
    trc_msg m = {t0, t1, from, to, req, (uint16_t)step, kind};
    if (!trc_add_msg(E->t, &m, E->err))
        E->ok = false;
}

/* ---- requests begin, end, fail -------------------------------------------------------------- */

void sim_req_started(sim_engine *E, int32_t r, uint32_t lane)
{
    if (E->t) {
        E->t->reqs[r].start = E->now;
        E->t->reqs[r].lane = lane == LANE_NONE ? -1 : (int32_t)lane;
    }
}

/* Why an instance failed, kept in the trace's record. */
static void set_why(sim_engine *E, int32_t r, uint8_t why)
{
    if (E->t)
        E->t->reqs[r].why = why;
}

static void req_finished(sim_engine *E, int32_t r, uint32_t lane, uint8_t how, uint8_t why)
{
    E->req_end[r] = E->now;
    E->req_done[r] = how;
    E->in_flight--;
    if (E->body_of && E->body_of[r] < 0 && E->s->reqs[E->inst[r].tmpl].has_control)
        E->ctl_nobody--;   /* it ended before its body was made (refused by the budget) */
    E->dl_global = E->body_of != NULL;   /* it may have been the last that could wake a wait */
    if (how == TRC_REQ_DONE) {
        E->m->completed++;
    } else {
        E->m->failed++;
        E->m->failed_memory += why == TRC_WHY_MEMORY;
        E->m->failed_timeout += why == TRC_WHY_TIMEOUT;
        E->m->failed_error += why == TRC_WHY_ERROR;
        set_why(E, r, why);
    }
    sim_mark(E, lane, how == TRC_REQ_DONE ? TRC_MK_RETURN : TRC_MK_FAIL, r, -1);
}

void sim_req_end(sim_engine *E, int32_t r, uint32_t lane, uint8_t how, uint8_t why)
{
    req_finished(E, r, lane, how, why);
}

/* How a body that ran to its end finishes: failed (reason error) when it still held permits. */
static uint8_t end_how(sim_engine *E, int32_t r, uint8_t *why)
{
    bool held = sim_sync_body_end(E, r);
    *why = held ? TRC_WHY_ERROR : TRC_WHY_NONE;
    return held ? TRC_REQ_FAILED : TRC_REQ_DONE;
}

/* Reserves a unit's memory; false when it would exceed the budget. */
bool sim_mem_take(sim_engine *E, uint8_t ukind)
{
    int64_t need = E->cfg->mem_unit[ukind];
    if (E->mem_in_use > E->cfg->mem_budget - need)
        return false;
    E->mem_in_use += need;
    if (E->mem_in_use > E->m->peak_memory_bytes)
        E->m->peak_memory_bytes = E->mem_in_use;
    return true;
}

/* The memory budget refuses request r: the explanations say how much was held. */
static void mem_refused(sim_engine *E, int32_t r, uint32_t lane)
{
    sim_why(E, lane, TRC_CAUSE_MEMORY, r, E->mem_in_use);
}

void sim_mem_give(sim_engine *E, uint8_t ukind)
{
    E->mem_in_use -= E->cfg->mem_unit[ukind];
}

/* A connection counts in the memory held and its peak, and so in the budget left to new units; it
 * is never refused itself (the budget refuses units, docs/model.md). */
void sim_conn_open(sim_engine *E, sim_who w)
{
    bool *c = w >= 0 ? &E->se[w].conn : &E->coros[~w].conn;
    if (*c || E->cfg->mem_conn <= 0)
        return;
    *c = true;
    E->mem_in_use += E->cfg->mem_conn;
    if (E->mem_in_use > E->m->peak_memory_bytes)
        E->m->peak_memory_bytes = E->mem_in_use;
}

void sim_conn_close(sim_engine *E, sim_who w)
{
    bool *c = w >= 0 ? &E->se[w].conn : &E->coros[~w].conn;
    if (!*c)
        return;
    *c = false;
    E->mem_in_use -= E->cfg->mem_conn;
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
    u->core = u->next = u->prev = u->req = u->loop = u->job = u->pool = u->srv_core = -1;
    u->ukind = E->unit_kind;
    if (!sim_new_lane(E, lk, -1, index, -1, name, &u->lane))
        return -1;
    return id;
}

/* The lane of the one instance of a request statement carries the request's name (`run1`, as the
 * course's figures write it); repeated instances are numbered units. NULL: numbered. */
static const char *single_name(sim_engine *E, int32_t r)
{
    const scn_request *q = &E->s->reqs[E->inst[r].tmpl];
    return E->t && q->count == 1 && !q->repeated ? scn_str(E->s, q->name) : NULL;
}

static const char *unit_word(sim_engine *E)
{
    return E->cfg->model == SCN_PROCESSES ? "process" : "thread";
}

/* ---- the GIL ------------------------------------------------------------------------------------ */

/* The threads of the threads model and of thread pools (in any model) share the GIL; so does the
 * main thread of the threads model, which needs the lock to create a thread. */
static bool gil_applies(sim_engine *E, const sim_se *u)
{
    if (u->kind == SE_MAIN)
        return E->cfg->gil && E->cfg->model == SCN_THREADS && !E->cfg->gil_spawn_free;
    return E->cfg->gil && u->kind == SE_UNIT && u->ukind == SCN_THREAD &&
           (E->cfg->model == SCN_THREADS || u->pool >= 0);
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
    int32_t next = E->gil_head;   /* who gets the GIL next when the holder itself is forced out */
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
    if (E->gil_holder >= 0)
        sim_why(E, u->lane, TRC_CAUSE_GIL, (int32_t)E->se[E->gil_holder].lane, E->gil_timer_on ? E->gil_timer.t : -1);
    else   /* sim_gil_drop: the holder forced out queues behind the waiters */
        sim_why(E, u->lane, TRC_CAUSE_GIL_DROP, (int32_t)E->se[next >= 0 ? next : id].lane, -1);
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
    if (E->cfg->gil_handover > 0 && E->cfg->cores > 1)   /* the waiter wakes on another core: the lock idles */
        sim_push(E, E->now + E->cfg->gil_handover, EV_GIL_GRANT, (uint32_t)w, 0);
    else
        sim_make_ready(E, w);
    if (E->gil_head >= 0)
        gil_arm(E);
}

void sim_gil_granted(sim_engine *E, int32_t id)
{
    if (E->gil_holder == id && E->se[id].st == ST_GIL)
        sim_make_ready(E, id);
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
    sim_conn_open(E, caller);
    sim_push(E, E->now + lat, EV_SRV_ARRIVE, (uint32_t)caller, caller >= 0 ? E->se[caller].wgen
                                                                          : E->coros[~caller].wgen);
}

void sim_wake_at(sim_engine *E, sim_who w, int64_t t)
{
    if (w >= 0)
        sim_push(E, t, EV_WAKE_SE, (uint32_t)w, E->se[w].wgen);
    else
        sim_push(E, t, EV_WAKE_CORO, (uint32_t)~w, E->coros[~w].wgen);
}

static void set_srv(sim_engine *E, int32_t caller, int32_t core, bool queued)
{
    if (caller >= 0)
        E->se[caller].srv_core = core, E->se[caller].srv_queued = queued;
    else
        E->coros[~caller].srv_core = core, E->coros[~caller].srv_queued = queued;
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
    set_srv(E, caller, (int32_t)sci, false);
    sim_lane(E, lane, TRC_WAIT, req, (uint16_t)step, -1);
    sim_lane(E, sc->lane, TRC_SERVE, req, (uint16_t)step, -1);
    sim_send_msg(E, *sent, *arrived, lane, sc->lane, req, step, TRC_MSG_REQUEST);
    sim_push(E, E->now + sim_step_dur(E, req, step, 0), EV_SRV_DONE, sci, 0);
}

void sim_srv_arrive(sim_engine *E, int32_t caller, uint32_t gen)
{
    if (gen != (caller >= 0 ? E->se[caller].wgen : E->coros[~caller].wgen))
        return;   /* its caller gave up (a timeout) before it arrived: dropped */
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
    sim_why(E, lane, TRC_CAUSE_QUEUED, (int32_t)E->srv_cores[sv->first_core].lane, (int64_t)sv->queue.len);
    set_srv(E, caller, -1, true);
    sim_ring_push(E, &sv->queue, caller);
    if (sv->queue.len > E->m->peak_server_queue)
        E->m->peak_server_queue = sv->queue.len;
}

void sim_srv_done(sim_engine *E, uint32_t sci)
{
    sim_srv_core *sc = &E->srv_cores[sci];
    int32_t caller = sc->caller, req;
    if (caller != SIM_NO_CALLER) {   /* else its caller gave up: the reply goes nowhere */
        uint32_t step, lane;
        int64_t *sent, *arrived;
        caller_info(E, caller, &req, &step, &lane, &sent, &arrived);
        int64_t back = sim_step_dur(E, req, step, 2);
        sim_send_msg(E, E->now, E->now + back, sc->lane, lane, req, step, TRC_MSG_REPLY);
        set_srv(E, caller, -1, false);
        sim_wake_at(E, caller, E->now + back);
    }
    sim_lane(E, sc->lane, ST_NONE, -1, 0, -1);
    sim_server *sv = &E->servers[sc->host];
    int32_t next = SIM_NO_CALLER;
    while (next == SIM_NO_CALLER && sim_ring_pop(&sv->queue, &next)) {
    }
    if (next == SIM_NO_CALLER) {
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
        if (u->phase == CALL_PRE)
            u->phase = CALL_WAIT;   /* the second half of its call CPU comes after the reply */
        sim_lane(E, u->lane, TRC_WAIT, u->req, (uint16_t)u->step, -1);
        sim_call_wait(E, id, u->req, st);
        call_send(E, id, u->req, u->step);
        return;
    }
    sim_lane(E, u->lane, st->kind == SCN_STEP_BLOCK ? TRC_BLOCKED : TRC_WAIT, u->req, (uint16_t)u->step, -1);
    sim_wake_at(E, id, E->now + sim_step_dur(E, u->req, u->step, 0));
}

/* A pool worker (or the sequential unit) takes the oldest waiting request, if any; a worker of a
 * `pool` the oldest offloaded task, which came from the offloader's lane. */
static bool worker_take(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    int32_t r;
    if (!sim_ring_pop(u->pool >= 0 ? &E->pools[u->pool].queue : &E->pool_queue, &r))
        return false;
    u->req = r;
    u->step = 0;
    sim_req_started(E, r, u->lane);
    if (u->pool >= 0) {
        sim_body *B = sim_body_of(E, r);
        B->who = id;
        B->lane = u->lane;
        sim_body *P = sim_body_of(E, B->parent);
        sim_send_msg(E, E->inst[r].arrival, E->now, P->lane, u->lane, r, 0, TRC_MSG_SPAWN);
    }
    return true;
}

/* The unit finished its request: a per-request unit exits, a worker looks for more work. */
static bool unit_end_request(sim_engine *E, int32_t id, uint8_t how, uint8_t why)
{
    sim_se *u = &E->se[id];
    req_finished(E, u->req, u->lane, how, why);
    u->req = -1;
    if (!u->per_request)
        return true;
    gil_release(E, id);
    sim_mem_give(E, E->unit_kind);
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
    sim_ring_push(E, u->pool >= 0 ? &E->pools[u->pool].idle : &E->pool_idle, id);
}

/* The body the unit runs has ended: a request as before; a task wakes its awaiter, then its own
 * unit exits, a pool worker looks for more, the sequential unit returns to the caller. */
static bool unit_finish(sim_engine *E, int32_t id, uint8_t how, uint8_t why)
{
    sim_se *u = &E->se[id];
    if (!sim_is_task(E, u->req))
        return unit_end_request(E, id, how, why);
    if (how != TRC_REQ_DONE)
        set_why(E, u->req, why);
    if (sim_body_of(E, u->req)->flags & J_CALLED) {
        sim_call_return(E, id, how);
        return true;
    }
    sim_task_end(E, u->req, how);
    u = &E->se[id];
    u->req = -1;
    if (!u->per_request)
        return true;
    gil_release(E, id);
    sim_mem_give(E, u->ukind);
    u->st = ST_DEAD;
    sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
    return false;
}

static bool unit_end_body(sim_engine *E, int32_t id)
{
    uint8_t why, how = end_how(E, E->se[id].req, &why);
    return unit_finish(E, id, how, why);
}

uint8_t sim_wait_state(uint8_t why)
{
    switch (why) {
    case W_LOCK: return TRC_LOCKWAIT;
    case W_GET: case W_PUT: return TRC_QWAIT;
    default: return TRC_AWAIT;   /* W_TASK, W_ALL, W_GATHER */
    }
}

/* The lane state of a body's wait (awaiting a task, waiting for a lock, on a queue) and its aux. */
static uint8_t wait_state(const sim_body *B, int32_t *aux)
{
    *aux = B ? B->wait.obj : -1;
    return sim_wait_state(B ? B->wait.why : W_TASK);
}

/* The body waits (a task, a lock, a queue: its wait says which): the unit leaves the CPU and the GIL. */
static void unit_await(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    gil_release(E, id);
    u->st = ST_WAIT;
    const sim_body *B = sim_body_of(E, u->req);
    int32_t aux;
    uint8_t state = wait_state(B, &aux);
    sim_lane(E, u->lane, state, u->req, (uint16_t)u->step, aux);
    sim_cause(E, u->lane, sim_wait_cause(B ? B->wait.why : W_TASK));
}

/* A control step of the unit's body: true to go on with the next step, false when it waits or has
 * a spawn burst to run (*burst), or when its body failed (a run-time error) and the unit is gone. */
static bool unit_control(sim_engine *E, int32_t id, const scn_step *st, bool *burst)
{
    uint32_t step = E->se[id].step;
    int rc = sim_ctl_step(E, id, E->se[id].req, &step, st);
    E->se[id].step = step;
    *burst = rc == CTL_BURST;
    if (rc == CTL_WAIT)
        unit_await(E, id);
    if (rc == CTL_FAIL)
        return unit_finish(E, id, TRC_REQ_FAILED, TRC_WHY_ERROR);
    return rc == CTL_NEXT;
}

/* The client CPU of one call for this model (sequential and processes: a process's). */
static int64_t call_cpu(sim_engine *E)
{
    return E->cfg->call_cpu[E->cfg->model == SCN_THREADS ? SCN_THREAD : E->cfg->model == SCN_COROUTINES
                                                                       ? SCN_COROUTINE : SCN_PROCESS];
}

/* A call step's client CPU on a process or thread: half before sending (connect, send), half after
 * the reply (receive, close), each a burst that needs a core and, for threads, the GIL (retaken
 * after the blocking call). True with the burst set; false when the unit sends (or has no CPU to pay). */
static bool unit_call_cpu(sim_engine *E, sim_se *u)
{
    int64_t cc = call_cpu(E), pre = cc / 2;
    if (cc <= 0)
        return false;
    if (u->phase == CALL_NONE) {
        u->phase = CALL_PRE;
        if (pre > 0) {
            u->left = pre, u->burst = B_CALL;
            return true;
        }
        return false;
    }
    if (u->phase == CALL_POST) {
        u->left = cc - pre, u->burst = B_CALL;
        return true;
    }
    return false;   /* CALL_PRE paid: send now */
}

static bool unit_next(sim_engine *E, int32_t id)
{
    for (;;) {
        sim_se *u = &E->se[id];
        if (u->req < 0 && !worker_take(E, id)) {
            unit_idle(E, id);
            return false;
        }
        if (!u->started) {   /* its own part of its creation (start.KIND), before its first step */
            u->started = true;
            int64_t d0 = u->calls ? 0 : E->cfg->start_cost[u->ukind];
            if (d0 > 0) {
                u->left = d0;
                u->burst = B_START;
                return gil_acquire(E, id);
            }
        }
        const scn_step *st = sim_step_of(E, u->req, u->step);
        if (!st) {
            if (!unit_end_body(E, id))
                return false;
            continue;
        }
        if (st->kind == SCN_STEP_CALL && unit_call_cpu(E, u))
            return gil_acquire(E, id);
        if (scn_step_is_control(st->kind)) {
            bool burst;
            if (unit_control(E, id, st, &burst))
                continue;
            return burst && gil_acquire(E, id);
        }
        if (st->kind != SCN_STEP_CPU) {
            unit_wait(E, id, st);
            return false;
        }
        int64_t d = sim_step_dur(E, u->req, u->step, 0);
        if (d == 0) {
            u->step = sim_next_step(E, u->req, u->step);
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
    if (!E->cfg->mem_at_arrival && !sim_mem_take(E, E->unit_kind)) {   /* checked when the unit comes to exist */
        mem_refused(E, r, E->main_se >= 0 ? E->se[E->main_se].lane : E->cores[0].lane);
        req_finished(E, r, E->main_se >= 0 ? E->se[E->main_se].lane : E->cores[0].lane, TRC_REQ_FAILED,
                     TRC_WHY_MEMORY);
        return;
    }
    char name[300] = "";
    const char *own = single_name(E, r);
    uint32_t number = ++E->nreq_units;
    if (E->t && !own)   /* names cost a snprintf per request: only a trace needs them */
        snprintf(name, sizeof name, "%s %u", unit_word(E), number);
    int32_t id = new_se(E, SE_UNIT, TRC_LANE_UNIT, own ? own : name, (int32_t)E->nse);
    if (id < 0)
        return;
    sim_se *u = &E->se[id];
    if (!own)
        sim_lane_word(E, u->lane, E->cfg->model == SCN_PROCESSES ? TRC_WORD_PROCESS : TRC_WORD_THREAD,
                      (int32_t)number);
    u->per_request = true;
    u->req = r;
    sim_mark(E, u->lane, TRC_MK_SPAWN, r, -1);
    sim_req_started(E, r, u->lane);
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
    E->se[id].calls = E->cfg->model == SCN_SEQUENTIAL;
    if (E->cfg->model != SCN_SEQUENTIAL)
        sim_mark(E, E->se[id].lane, TRC_MK_SPAWN, -1, -1);
    if (unit_next(E, id))
        sim_make_ready(E, id);
}

/* Pool workers are spawn jobs ~(SIM_POOL_JOB + g), g counting the workers of every pool in order. */
#define SIM_POOL_JOB (1 << 24)

static bool job_is_pool(int32_t job) { return job < 0 && ~job >= SIM_POOL_JOB; }

/* Which pool global worker g belongs to, and its number k (from 0) in it. */
static uint32_t pool_of_worker(sim_engine *E, uint32_t g, uint32_t *k)
{
    uint32_t p = 0;
    while (g >= E->s->pools[p].size)
        g -= E->s->pools[p++].size;
    *k = g;
    return p;
}

static uint8_t pool_ukind(const scn_pool *pl)
{
    return pl->kind == SCN_POOL_PROCESSES ? SCN_PROCESS : SCN_THREAD;
}

/* Creates worker k of a `pool` (lane `NAME #k`, grouped under the pool): it idles until offloads. */
static void pool_worker_create(sim_engine *E, uint32_t g)
{
    uint32_t k, p = pool_of_worker(E, g, &k);
    const scn_pool *pl = &E->s->pools[p];
    char name[300];
    snprintf(name, sizeof name, "%s #%u", scn_str(E->s, pl->name), k + 1);
    int32_t id = new_se(E, SE_UNIT, TRC_LANE_UNIT, name, (int32_t)k);
    if (id < 0)
        return;
    sim_se *u = &E->se[id];
    u->pool = (int32_t)p;
    u->ukind = pool_ukind(pl);
    if (E->t && u->lane != LANE_NONE)
        E->t->lanes[u->lane].pool = (int32_t)p;
    sim_mark(E, u->lane, TRC_MK_SPAWN, -1, -1);
    if (unit_next(E, id))
        sim_make_ready(E, id);
}

void sim_pool_wake(sim_engine *E, uint32_t pool)
{
    int32_t w;
    if (sim_ring_pop(&E->pools[pool].idle, &w) && unit_next(E, w))
        sim_make_ready(E, w);
}

/* A task spawned by a process or thread: a unit of that kind, ready at once, its lane named after
 * the task and linked to its spawner's. */
void sim_unit_create_task(sim_engine *E, int32_t r, uint8_t ukind, const char *name, uint32_t spawner)
{
    int32_t id = new_se(E, SE_UNIT, TRC_LANE_UNIT, name, (int32_t)E->nse);
    if (id < 0)
        return;
    sim_se *u = &E->se[id];
    u->per_request = true;
    u->ukind = ukind;
    u->req = r;
    if (E->t && u->lane != LANE_NONE)
        E->t->lanes[u->lane].spawner = spawner == LANE_NONE ? -1 : (int32_t)spawner;
    sim_body *B = sim_body_of(E, r);
    B->who = id;
    B->lane = u->lane;
    sim_mark(E, u->lane, TRC_MK_SPAWN, r, -1);
    sim_send_msg(E, E->now, E->now, spawner, u->lane, r, 0, TRC_MSG_SPAWN);
    sim_req_started(E, r, u->lane);
    if (unit_next(E, id))
        sim_make_ready(E, id);
}

/* ---- the main unit: creates units, paying the spawn cost on a core ---------------------------- */

/* What creating the unit of a spawn job costs the main unit. */
static int64_t job_cost(sim_engine *E, int32_t job)
{
    if (job_is_pool(job)) {
        uint32_t k;
        return E->cfg->spawn_cost[pool_ukind(&E->s->pools[pool_of_worker(E, (uint32_t)(~job - SIM_POOL_JOB), &k)])];
    }
    return E->cfg->spawn_cost[E->unit_kind];
}

static void create_job(sim_engine *E, int32_t job)
{
    if (job >= 0)
        unit_create(E, job);
    else if (job_is_pool(job))
        pool_worker_create(E, (uint32_t)(~job - SIM_POOL_JOB));
    else
        worker_create(E, ~job);
}

static bool main_next(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    int32_t job;
    if (!sim_ring_pop(&E->spawn_jobs, &job)) {
        gil_release(E, id);
        u->st = ST_IDLE;
        u->req = -1;
        sim_lane(E, u->lane, ST_NONE, -1, 0, -1);
        return false;
    }
    u->job = job;
    u->req = job >= 0 ? job : -1;
    u->step = 0;
    u->burst = B_SPAWN;
    u->left = job_cost(E, job);
    return gil_acquire(E, id);   /* creating a thread needs the GIL */
}

static void main_wake(sim_engine *E)
{
    if (E->se[E->main_se].st == ST_IDLE && main_next(E, E->main_se))
        sim_make_ready(E, E->main_se);
}

static void spawn_job(sim_engine *E, int32_t job)
{
    if (E->main_se < 0 || job_cost(E, job) == 0) {
        create_job(E, job);
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
    sim_cause(E, E->coros[c].lane, TRC_CAUSE_LOOP);
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
    sim_req_started(E, E->coros[c].req, E->coros[c].lane);
}

/* A coroutine for request r waits in its loop's FIFO; when creating it costs something, the loop
 * pays that when it reaches it (asyncio runs ready callbacks in FIFO order), then runs it at once.
 * A task's coroutine (name given) is made the same way, at the back of the FIFO (create_task). */
static int32_t coro_new(sim_engine *E, uint32_t loop, int32_t r, const char *task_name)
{
    if (!SL_GROW(E->coros, E->cap_coros, E->ncoros + 1, (size_t)INT32_MAX)) {
        E->ok = E->ncoros + 1 > (size_t)INT32_MAX ? sl_fail(E->err, "schedlab: error: too many coroutines")
                                                   : sl_fail(E->err, "schedlab: error: out of memory");
        return -1;
    }
    int32_t c = (int32_t)E->ncoros++;
    sim_loop *L = &E->loops[loop];
    char name[48] = "";
    uint32_t number = task_name ? 0 : ++E->nreq_units;   /* requests' coroutines are numbered apart */
    if (!task_name)
        task_name = single_name(E, r);
    if (E->t && !task_name)
        snprintf(name, sizeof name, "coroutine %u", number);
    E->coros[c] = (sim_coro){.req = r, .lane = LANE_NONE, .loop = loop, .next = -1, .srv_core = -1, .phase = CALL_NONE};
    if (!sim_new_lane(E, TRC_LANE_CORO, -1, c, (int32_t)E->se[L->se].lane, task_name ? task_name : name,
                      &E->coros[c].lane))
        return -1;
    if (!task_name)
        sim_lane_word(E, E->coros[c].lane, TRC_WORD_COROUTINE, (int32_t)number);
    return c;
}

static void coro_create(sim_engine *E, uint32_t loop, int32_t r)
{
    int32_t c = coro_new(E, loop, r, NULL);
    if (c < 0)
        return;
    loop_push(E, &E->loops[loop], c);
    if (E->cfg->spawn_cost[SCN_COROUTINE] + E->cfg->start_cost[SCN_COROUTINE] == 0)
        coro_born(E, c);
}

void sim_coro_create(sim_engine *E, uint32_t loop, int32_t r, const char *name, uint32_t spawner)
{
    int32_t c = coro_new(E, loop, r, name);
    if (c < 0)
        return;
    uint32_t lane = E->coros[c].lane;
    if (E->t && lane != LANE_NONE)
        E->t->lanes[lane].spawner = spawner == LANE_NONE ? -1 : (int32_t)spawner;
    sim_body *B = sim_body_of(E, r);
    B->who = ~c;
    B->lane = lane;
    sim_send_msg(E, E->now, E->now, spawner, lane, r, 0, TRC_MSG_SPAWN);
    loop_push(E, &E->loops[loop], c);
    if (E->cfg->spawn_cost[SCN_COROUTINE] + E->cfg->start_cost[SCN_COROUTINE] == 0)
        coro_born(E, c);
}

/* The coroutine holding the loop reached an await (io/call): it lets the loop go. */
static void coro_await(sim_engine *E, sim_loop *L, const scn_step *st)
{
    int32_t c = L->cur;
    sim_coro *k = &E->coros[c];
    sim_mark(E, k->lane, TRC_MK_AWAIT, k->req, -1);
    sim_lane(E, k->lane, TRC_WAIT, k->req, (uint16_t)k->step, -1);
    if (st->kind == SCN_STEP_CALL) {
        sim_call_wait(E, ~c, k->req, st);
        call_send(E, ~c, k->req, k->step);
    } else {
        sim_wake_at(E, ~c, E->now + sim_step_dur(E, k->req, k->step, 0));
    }
    L->cur = -1;
}

/* Coroutine c's body ends (done or failed): it leaves its loop for good. */
static void coro_finish(sim_engine *E, int32_t c, uint8_t how, uint8_t why)
{
    sim_coro *k = &E->coros[c];
    if (sim_is_task(E, k->req)) {
        if (how != TRC_REQ_DONE)
            set_why(E, k->req, why);
        sim_task_end(E, k->req, how);
    } else {
        req_finished(E, k->req, k->lane, how, why);
    }
    k = &E->coros[c];
    sim_lane(E, k->lane, ST_NONE, -1, 0, -1);
    sim_mem_give(E, E->unit_kind);
}

static void coro_return(sim_engine *E, sim_loop *L)
{
    uint8_t why, how = end_how(E, E->coros[L->cur].req, &why);
    coro_finish(E, L->cur, how, why);
    L->cur = -1;
}

/* A control step of the coroutine holding the loop: true to go on, false when it now awaits a
 * task (it gives the loop back, as any await). */
static bool coro_control(sim_engine *E, sim_loop *L, const scn_step *st)
{
    int32_t c = L->cur;
    uint32_t step = E->coros[c].step;
    int rc = sim_ctl_step(E, ~c, E->coros[c].req, &step, st);
    sim_coro *k = &E->coros[c];
    k->step = step;
    if (rc == CTL_NEXT)
        return true;
    L->cur = -1;
    if (rc == CTL_FAIL) {
        coro_finish(E, c, TRC_REQ_FAILED, TRC_WHY_ERROR);
        return false;
    }
    int32_t aux;
    const sim_body *B = sim_body_of(E, k->req);
    uint8_t state = wait_state(B, &aux);
    sim_mark(E, k->lane, TRC_MK_AWAIT, k->req, -1);
    sim_lane(E, k->lane, state, k->req, (uint16_t)k->step, aux);
    sim_cause(E, k->lane, sim_wait_cause(B ? B->wait.why : W_TASK));
    return false;
}

/* A coroutine's call with client CPU (see CALL_*): 1 with a CPU burst set on the loop, 0 when the
 * coroutine let the loop go (the connect, the reply), -1 when nothing is left to pay here. */
static int coro_call(sim_engine *E, sim_se *u, sim_loop *L, sim_coro *k, const scn_step *st)
{
    int64_t cc = call_cpu(E), third = cc / 3;
    switch (k->phase) {
    case CALL_NONE:   /* open the connection: a third of the CPU */
        k->phase = CALL_PRE;
        if (third == 0)
            return coro_call(E, u, L, k, st);
        u->burst = B_CALL, u->left = third, u->req = k->req, u->step = k->step;
        return 1;
    case CALL_PRE: {  /* the connect is an await: every coroutine ready now runs before the write */
        if (E->cfg->connect_direct) {
            k->phase = CALL_CONNECT;
            return coro_call(E, u, L, k, st);
        }
        int32_t c = L->cur;
        k->phase = CALL_CONNECT;
        sim_mark(E, k->lane, TRC_MK_AWAIT, k->req, -1);
        L->cur = -1;
        loop_push(E, L, c);
        return 0;
    }
    case CALL_CONNECT:   /* connected: write the request, a third of the CPU */
        k->phase = CALL_SEND;
        if (third == 0)
            return coro_call(E, u, L, k, st);
        u->burst = B_CALL, u->left = third, u->req = k->req, u->step = k->step;
        return 1;
    case CALL_SEND:   /* await the reply */
        k->phase = CALL_WAIT;
        coro_await(E, L, st);
        return 0;
    case CALL_POST:   /* read the reply, close: the rest */
        u->burst = B_CALL, u->left = cc - 2 * third, u->req = k->req, u->step = k->step;
        if (u->left > 0)
            return 1;
        k->phase = CALL_NONE;
        k->step = sim_next_step(E, k->req, k->step);
        return -1;
    default:
        return -1;
    }
}

/* Runs the holding coroutine's next step: true with a CPU burst set, false when the loop is free
 * again (await, return) — *blocked tells that the loop thread itself is blocked. */
static bool coro_step(sim_engine *E, int32_t id, sim_loop *L, bool *blocked)
{
    for (;;) {
        sim_coro *k = &E->coros[L->cur];
        const scn_step *st = sim_step_of(E, k->req, k->step);
        if (!st) {
            coro_return(E, L);
            return false;
        }
        if (scn_step_is_control(st->kind)) {
            if (coro_control(E, L, st))
                continue;
            return false;
        }
        sim_se *u = &E->se[id];
        if (st->kind == SCN_STEP_CALL && call_cpu(E) > 0) {
            int r = coro_call(E, u, L, k, st);
            if (r >= 0)
                return r == 1;
            continue;
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
            sim_wake_at(E, (int32_t)(u - E->se), E->now + d);
            return false;
        }
        if (d == 0) {
            k->step = sim_next_step(E, k->req, k->step);
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
            if (coro_step(E, id, L, &blocked))
                return true;
            u = &E->se[id];
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
            u->burst = B_SPAWN;   /* create_task, and the task's own start (start.coroutine) */
            u->left = E->cfg->spawn_cost[SCN_COROUTINE] + E->cfg->start_cost[SCN_COROUTINE];
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
        create_job(E, u->job);
    } else if (u->kind == SE_UNIT) {
        if (u->burst == B_SPAWN)
            sim_spawn_done(E, id);
        else if (u->burst == B_CPU || (u->burst == B_CALL && u->phase == CALL_POST))
            u->step = sim_next_step(E, u->req, u->step), u->phase = CALL_NONE;
    } else if (u->burst == B_SPAWN) {
        coro_born(E, u->job);
        loop_push_front(E, &E->loops[u->loop], u->job);
    } else if (u->burst == B_CPU) {
        sim_coro *k = &E->coros[E->loops[u->loop].cur];
        k->step = sim_next_step(E, k->req, k->step);
    } else if (u->burst == B_CALL) {
        sim_coro *k = &E->coros[E->loops[u->loop].cur];
        if (k->phase == CALL_POST)
            k->step = sim_next_step(E, k->req, k->step), k->phase = CALL_NONE;
    }
}

static void fail_request(sim_engine *E, int32_t r, uint32_t lane)
{
    E->in_flight++;
    req_finished(E, r, lane, TRC_REQ_FAILED, TRC_WHY_MEMORY);
}

/* A timeout abandoned the step body r waits in (its permits are already released): the body fails;
 * the unit goes on (a worker, the sequential unit, a caller) or ends. The wakes of the abandoned
 * wait are made stale. */
void sim_unit_abort(sim_engine *E, sim_who w, int32_t r, uint8_t why)
{
    (void)r;
    if (w < 0) {
        E->coros[~w].wgen++;
        E->coros[~w].phase = CALL_NONE;
        coro_finish(E, ~w, TRC_REQ_FAILED, why);
        return;
    }
    E->se[w].wgen++;
    E->se[w].phase = CALL_NONE;   /* a call given up: its second half of CPU is not paid */
    if (unit_finish(E, w, TRC_REQ_FAILED, why) && unit_next(E, w))
        sim_make_ready(E, w);
}

void sim_arrive(sim_engine *E, int32_t r)
{
    if (E->body_of && E->s->reqs[E->inst[r].tmpl].has_control)
        E->ctl_nobody++;   /* until its body is made: a unit that may still wake a wait */
    uint32_t fail_lane = E->main_se >= 0 ? E->se[E->main_se].lane : E->cores[0].lane;
    if (E->cfg->model == SCN_COROUTINES) {
        sim_loop *L = &E->loops[(uint32_t)r % E->nloops];
        if (!sim_mem_take(E, E->unit_kind)) {
            mem_refused(E, r, E->se[L->se].lane);
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
    } else if (E->cfg->mem_at_arrival) {   /* memory.at=arrival: the rule before real runs */
        if (!sim_mem_take(E, E->unit_kind)) {
            mem_refused(E, r, fail_lane);
            fail_request(E, r, fail_lane);
            return;
        }
        spawn_job(E, r);
    } else {
        /* its memory is taken when its unit is created (unit_create), which may fail it at once */
        E->in_flight++;
        spawn_job(E, r);
        if (E->req_done[r] == 0 && E->in_flight > E->m->peak_concurrency)
            E->m->peak_concurrency = E->in_flight;
        return;
    }
    E->in_flight++;
    if (E->in_flight > E->m->peak_concurrency)
        E->m->peak_concurrency = E->in_flight;
}

void sim_wake_se(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    sim_conn_close(E, id);   /* a call's reply is in (no-op for any other wake) */
    if (u->kind == SE_LOOP) {
        sim_coro *k = &E->coros[E->loops[u->loop].cur];
        k->step = sim_next_step(E, k->req, k->step);
    } else if (u->phase == CALL_WAIT) {
        sim_call_back(E, u->req);
        u->phase = CALL_POST;   /* the reply is in: the call's second half of CPU */
    } else {
        sim_call_back(E, u->req);
        u->step = sim_next_step(E, u->req, u->step);
    }
    if (sim_se_next(E, id))
        sim_make_ready(E, id);
}

void sim_wake_coro(sim_engine *E, int32_t c)
{
    sim_coro *k = &E->coros[c];
    sim_loop *L = &E->loops[k->loop];
    sim_conn_close(E, ~c);   /* a call's reply is in (no-op for any other wake) */
    sim_call_back(E, k->req);
    if (k->phase == CALL_WAIT)
        k->phase = CALL_POST;   /* the reply is in: read it and close, on the loop */
    else
        k->step = sim_next_step(E, k->req, k->step);
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
        if (counted && !sim_mem_take(E, E->unit_kind))
            break;
        E->workers_planned++;
        spawn_job(E, ~(int32_t)w);
    }
}

/* The `pool` statements' workers, created at t=0 like `workers N` (memory counted; their spawn cost
 * paid by the main unit in the processes and threads models, free in the others). */
static bool setup_pools(sim_engine *E)
{
    const scn *s = E->s;
    if (s->npools == 0)
        return true;
    E->npools = (uint32_t)s->npools;
    E->pools = calloc(s->npools, sizeof *E->pools);
    if (!E->pools)
        return sl_fail(E->err, "schedlab: error: out of memory");
    uint32_t g = 0;
    for (uint32_t p = 0; p < E->npools && E->ok; p++) {
        E->pools[p].ukind = pool_ukind(&s->pools[p]);
        for (uint32_t k = 0; k < s->pools[p].size && E->ok; k++, g++) {
            if (!sim_mem_take(E, E->pools[p].ukind))
                continue;
            if (E->main_se >= 0)
                spawn_job(E, ~(int32_t)(SIM_POOL_JOB + g));
            else
                pool_worker_create(E, g);
        }
    }
    return E->ok;
}

/* The processes and threads models have a main unit when creating some unit costs CPU. */
static bool needs_main(sim_engine *E)
{
    if (E->cfg->spawn_cost[E->unit_kind] > 0)
        return true;
    for (size_t p = 0; p < E->s->npools; p++)
        if (E->cfg->spawn_cost[pool_ukind(&E->s->pools[p])] > 0)
            return true;
    return false;
}

bool sim_setup_units(sim_engine *E)
{
    const scn_config *cfg = E->cfg;
    uint8_t model = cfg->model;
    E->unit_kind = model == SCN_PROCESSES ? SCN_PROCESS : model == SCN_COROUTINES ? SCN_COROUTINE : SCN_THREAD;
    E->core_switch_cost = cfg->switch_cost[model == SCN_PROCESSES ? SCN_PROCESS : SCN_THREAD];
    if (!sim_setup_tasks(E))
        return false;
    if (model == SCN_COROUTINES)
        return setup_loops(E) && E->ok && setup_pools(E);
    if (model == SCN_SEQUENTIAL) {
        setup_pool(E, 1, false);
        return E->ok && setup_pools(E);
    }
    if (needs_main(E)) {
        E->main_se = new_se(E, SE_MAIN, TRC_LANE_MAIN, "main", 0);
        if (E->main_se < 0)
            return false;
        sim_lane_word(E, E->se[E->main_se].lane, TRC_WORD_MAIN, -1);
    }
    if (cfg->workers)
        setup_pool(E, cfg->workers, true);
    return E->ok && setup_pools(E);
}
