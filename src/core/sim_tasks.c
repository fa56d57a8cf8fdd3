/* sim_tasks.c — tasks inside a request: the control steps (spawn, await, gather, offload,
 * N * (...)), the bodies that run them, the life of a task from its spawn to its join, and the
 * arrows the trace keeps of both. How a unit of each model runs a body is in sim_units.c. */
#include "sim_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- per-instance arrays: tasks are instances appended after the requests ------------------ */

/* Room for one more instance in every per-instance array (and the trace's records). */
static bool grow_instances(sim_engine *E)
{
    if (E->ninst == E->cap_inst) {
        size_t ncap = E->cap_inst ? E->cap_inst * 2 : 16;
        if (ncap > (size_t)INT32_MAX)
            return E->ok = sl_fail(E->err, "schedlab: error: too many tasks (limit is %d instances)", INT32_MAX);
        void *a = realloc(E->inst, ncap * sizeof *E->inst);
        if (a)
            E->inst = a;
        void *b = a ? realloc(E->req_end, ncap * sizeof *E->req_end) : NULL;
        if (b)
            E->req_end = b;
        void *c = b ? realloc(E->req_arrival, ncap * sizeof *E->req_arrival) : NULL;
        if (c)
            E->req_arrival = c;
        void *d = c ? realloc(E->req_done, ncap) : NULL;
        if (d)
            E->req_done = d;
        void *e = d ? realloc(E->body_of, ncap * sizeof *E->body_of) : NULL;
        if (e)
            E->body_of = e;
        if (!e)
            return E->ok = sl_fail(E->err, "schedlab: error: out of memory for tasks");
        E->cap_inst = ncap;
    }
    if (E->t && !SL_GROW(E->t->reqs, E->t->cap_reqs, E->t->nreqs + 1, (size_t)INT32_MAX))
        return E->ok = sl_fail(E->err, "schedlab: error: out of memory for tasks");
    return true;
}

/* ---- bodies -------------------------------------------------------------------------------- */

static sim_body *new_body(sim_engine *E, int32_t r, int32_t parent, uint16_t depth, uint8_t flags)
{
    uint32_t nh = E->s->reqs[E->inst[r].tmpl].nhandles;
    if (!SL_GROW(E->bodies, E->cap_bodies, E->nbodies + 1, (size_t)INT32_MAX) ||
        !SL_GROW(E->handles, E->cap_handles, E->nhandles + nh + 1, (size_t)UINT32_MAX)) {
        E->ok = sl_fail(E->err, "schedlab: error: out of memory for tasks");
        return NULL;
    }
    sim_body *B = &E->bodies[E->nbodies];
    memset(B, 0, sizeof *B);
    B->parent = parent;
    B->who = -1;
    B->lane = LANE_NONE;
    B->handles = (uint32_t)E->nhandles;
    B->kids = B->sib = B->reps = B->holds = B->pool = -1;
    B->inst = r;
    B->depth = depth;
    B->flags = flags;
    for (uint32_t i = 0; i < nh; i++)
        E->handles[E->nhandles + i] = -1;
    E->nhandles += nh;
    E->body_of[r] = (int32_t)E->nbodies++;
    if (!(flags & J_TASK))
        E->ctl_nobody--;   /* a request's body: counted from its arrival until now */
    return B;
}

sim_body *sim_body_of(sim_engine *E, int32_t r)
{
    if (!E->body_of)
        return NULL;
    int32_t b = E->body_of[r];
    if (b >= 0)
        return &E->bodies[b];
    if (!E->s->reqs[E->inst[r].tmpl].has_control)
        return NULL;
    return new_body(E, r, -1, 0, 0);
}

static sim_body *body(sim_engine *E, int32_t r)
{
    return &E->bodies[E->body_of[r]];
}

/* The open repeats of a body, in a block of SCN_MAX_NEST taken at its first repeat. */
static sim_rep *reps(sim_engine *E, sim_body *B)
{
    if (B->reps < 0) {
        if (!SL_GROW(E->reps, E->cap_reps, E->nreps + SCN_MAX_NEST, (size_t)INT32_MAX)) {
            E->ok = sl_fail(E->err, "schedlab: error: out of memory for repeats");
            return NULL;
        }
        B->reps = (int32_t)E->nreps;
        E->nreps += SCN_MAX_NEST;
    }
    return &E->reps[B->reps];
}

uint32_t sim_next_step_rep(sim_engine *E, int32_t r, uint32_t step)
{
    step++;
    sim_body *B = body(E, r);
    while (B->nrep) {
        sim_rep *top = &E->reps[B->reps + B->nrep - 1];
        if (step != top->end)
            break;
        if (--top->left > 0) {
            B->rounds++;
            return top->head;
        }
        B->nrep--;
    }
    return step;
}

static int ctl_repeat(sim_engine *E, sim_body *B, uint32_t *step, const scn_step *st)
{
    sim_rep *rp = reps(E, B);
    if (!rp)
        return CTL_WAIT;
    rp[B->nrep++] = (sim_rep){*step + 1, *step + 1 + st->span, st->count};
    *step += 1;
    return CTL_NEXT;
}

/* ---- spawning --------------------------------------------------------------------------------- */

uint32_t sim_who_lane(sim_engine *E, sim_who w)
{
    return w >= 0 ? E->se[w].lane : E->coros[~w].lane;
}

void sim_body_wake(sim_engine *E, int32_t r)
{
    sim_body *B = body(E, r);
    B->wait = (sim_wait){W_NONE, -1};
    B->timed = false;
    B->tgen++;
    sim_wake_at(E, B->who, E->now);
}


/* A new task instance of template tmpl spawned by parent's body; -1 when a limit stops the run. */
static int32_t task_new(sim_engine *E, int32_t parent, int32_t tmpl, uint8_t flags)
{
    const char *name = scn_str(E->s, E->s->reqs[tmpl].name);
    uint32_t depth = body(E, parent)->depth + 1u;
    if (depth > SIM_MAX_TASK_DEPTH) {
        E->ok = sl_fail(E->err, "schedlab: error: task '%s' spawned %u deep (limit is %u): does a task spawn "
                        "itself without end?", name, depth, SIM_MAX_TASK_DEPTH);
        return -1;
    }
    if (E->live_tasks >= SIM_MAX_LIVE_TASKS) {
        E->ok = sl_fail(E->err, "schedlab: error: more than %u tasks alive at once (spawning '%s'); stopped",
                        SIM_MAX_LIVE_TASKS, name);
        return -1;
    }
    if (!grow_instances(E))
        return -1;
    int32_t r = (int32_t)E->ninst++;
    E->inst[r] = (sim_inst){E->now, (uint32_t)tmpl, E->task_seq[tmpl]++};
    E->req_arrival[r] = E->now;
    E->req_end[r] = 0;
    E->req_done[r] = 0;
    E->body_of[r] = -1;
    if (E->t) {
        E->t->reqs[E->t->nreqs++] = (trc_req){E->now, -1, -1, (uint32_t)tmpl, E->inst[r].inst, -1, TRC_REQ_TASK,
                                               parent, 0};
    }
    sim_body *C = new_body(E, r, parent, (uint16_t)depth, (uint8_t)(flags | J_TASK));
    if (!C)
        return -1;
    sim_body *P = body(E, parent);
    C->sib = P->kids;
    P->kids = r;
    if (flags & J_GATHER)
        P->gather_left++;
    else if (!(flags & J_AWAITED))
        P->pending++;
    E->live_tasks++;
    return r;
}

/* A task's lane name: `fetch #3` for the third of a gather, `c2` for the first spawn of c2, then
 * `c2 #2`, `c2 #3`... */
static void task_name(sim_engine *E, int32_t r, uint32_t nth, char *buf, size_t n)
{
    if (!E->t) {
        buf[0] = '\0';
        return;
    }
    const char *name = scn_str(E->s, E->s->reqs[E->inst[r].tmpl].name);
    if (nth)
        snprintf(buf, n, "%s #%u", name, nth);
    else if (E->inst[r].inst)
        snprintf(buf, n, "%s #%u", name, E->inst[r].inst + 1);
    else
        snprintf(buf, n, "%s", name);
}

/* The task could not get its memory: it fails at once (its awaiter sees it end). */
static void task_refused(sim_engine *E, int32_t child, uint32_t spawner_lane)
{
    sim_mark(E, spawner_lane, TRC_MK_FAIL, child, -1);
    if (E->t)
        E->t->reqs[child].why = TRC_WHY_MEMORY;
    sim_task_end(E, child, TRC_REQ_FAILED);
}

/* The template and flags of the task the step starts (the nth of a gather, from 0). */
static int32_t child_tmpl(sim_engine *E, const scn_step *st, uint32_t nth, uint8_t *flags)
{
    if (st->kind == SCN_STEP_GATHER) {
        *flags = J_GATHER;
        return E->s->gathered[st->task + (st->span == 1 ? 0 : (int32_t)nth)];
    }
    *flags = 0;
    return st->task;
}

/* Creates the task of step st (the nth of a gather) for unit w running r, and starts it as the
 * model says: a coroutine on w's loop, a new unit, or a plain call (the sequential unit). */
static int32_t start_child(sim_engine *E, sim_who w, int32_t r, const scn_step *st, uint32_t nth)
{
    uint8_t flags;
    int32_t tmpl = child_tmpl(E, st, nth, &flags);
    bool calls = w >= 0 && E->se[w].calls;
    int32_t child = task_new(E, r, tmpl, (uint8_t)(flags | (calls ? J_CALLED : 0)));
    if (child < 0)
        return -1;
    sim_body *P = body(E, r);
    if (st->kind == SCN_STEP_SPAWN && st->handle >= 0)
        E->handles[P->handles + (uint32_t)st->handle] = child;
    uint32_t lane = sim_who_lane(E, w);
    char name[300];
    task_name(E, child, st->kind == SCN_STEP_GATHER ? nth + 1 : 0, name, sizeof name);
    if (calls) {
        sim_body *C = body(E, child);
        C->who = w;
        C->lane = lane;
        E->se[w].req = child;
        sim_req_started(E, child, lane);
        return child;
    }
    uint8_t ukind = w < 0 ? SCN_COROUTINE : E->se[w].ukind;
    if (!sim_mem_take(E, ukind)) {
        task_refused(E, child, lane);
        return child;
    }
    if (w < 0)
        sim_coro_create(E, E->coros[~w].loop, child, name, lane);
    else
        sim_unit_create_task(E, child, ukind, name, lane);
    return child;
}

/* True when unit w must spend a spawn cost on its own lane before the task exists. */
static bool spawn_costs(sim_engine *E, sim_who w)
{
    if (w < 0 || E->se[w].calls)
        return false;
    sim_se *u = &E->se[w];
    int64_t cost = E->cfg->spawn_cost[u->ukind];
    if (cost == 0)
        return false;
    u->burst = B_SPAWN;
    u->left = cost;
    return true;
}

static int ctl_spawn(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st)
{
    if (spawn_costs(E, w))
        return CTL_BURST;
    uint32_t at = *step;
    if (start_child(E, w, r, st, 0) < 0)
        return CTL_WAIT;
    if (w >= 0 && E->se[w].calls) {   /* the task runs now; back to the step after this one */
        body(E, r)->saved_step = at;
        *step = 0;
        return CTL_NEXT;
    }
    *step = sim_next_step(E, r, at);
    return CTL_NEXT;
}

void sim_spawn_done(sim_engine *E, int32_t id)
{
    int32_t r = E->se[id].req;
    uint32_t step = E->se[id].step;
    const scn_step *st = sim_step_of(E, r, step);
    if (st->kind == SCN_STEP_GATHER) {
        if (start_child(E, id, r, st, body(E, r)->gather_next) >= 0)
            body(E, r)->gather_next++;
        return;   /* the gather step runs again: the next task, or the wait */
    }
    if (start_child(E, id, r, st, 0) >= 0)
        E->se[id].step = sim_next_step(E, r, step);
}

/* ---- joining ------------------------------------------------------------------------------------ */

enum { JOIN_ONE, JOIN_GATHER, JOIN_ALL };

/* Draws the join arrows of the tasks an await of r's body has just taken (one task, the tasks of
 * its gather, or all it had not awaited) and drops them from its list of tasks. */
static void join(sim_engine *E, int32_t r, int which, int32_t one)
{
    sim_body *P = body(E, r);
    int32_t *link = &P->kids;
    while (*link >= 0) {
        int32_t k = *link;
        sim_body *C = body(E, k);
        bool take = which == JOIN_ONE ? k == one
                  : which == JOIN_GATHER ? (C->flags & (J_GATHER | J_ENDED)) == (J_GATHER | J_ENDED)
                  : (C->flags & (J_GATHER | J_AWAITED | J_ENDED)) == J_ENDED;
        if (!take) {
            link = &C->sib;
            continue;
        }
        *link = C->sib;
        if (C->lane != P->lane)
            sim_send_msg(E, E->req_end[k], E->now, C->lane, P->lane, k, 0, TRC_MSG_JOIN);
        if (which == JOIN_ONE)
            return;
    }
}

void sim_task_end(sim_engine *E, int32_t r, uint8_t how)
{
    sim_body *C = body(E, r);
    C->flags |= J_ENDED;
    E->dl_global = true;   /* it may have been the last that could wake a wait */
    E->req_end[r] = E->now;
    E->req_done[r] = how;
    E->live_tasks--;
    if (how == TRC_REQ_DONE)
        sim_mark(E, C->lane, TRC_MK_RETURN, r, -1);
    int32_t p = C->parent;
    uint8_t flags = C->flags;
    sim_body *P = body(E, p);
    if (flags & J_GATHER) {
        if (--P->gather_left == 0 && P->wait.why == W_GATHER) {
            join(E, p, JOIN_GATHER, -1);
            sim_body_wake(E, p);
        }
    } else if (flags & J_AWAITED) {
        if (P->wait.why == W_TASK && P->wait.obj == r) {
            join(E, p, JOIN_ONE, r);
            sim_body_wake(E, p);
        }
    } else if (++P->ended == P->pending && P->wait.why == W_ALL) {
        P->pending = P->ended = 0;
        join(E, p, JOIN_ALL, -1);
        sim_body_wake(E, p);
    }
}

void sim_call_return(sim_engine *E, int32_t id, uint8_t how)
{
    int32_t r = E->se[id].req, p = body(E, r)->parent;
    sim_task_end(E, r, how);
    uint32_t at = body(E, p)->saved_step;
    E->se[id].req = p;
    /* a spawn goes on after its step; a gather runs its step again for the next task */
    E->se[id].step = sim_step_of(E, p, at)->kind == SCN_STEP_SPAWN ? sim_next_step(E, p, at) : at;
}

/* ---- the control steps ---------------------------------------------------------------------------- */

static int ctl_gather(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st)
{
    uint32_t at = *step;
    while (body(E, r)->gather_next < st->count) {
        if (spawn_costs(E, w))
            return CTL_BURST;
        if (start_child(E, w, r, st, body(E, r)->gather_next) < 0)
            return CTL_WAIT;
        body(E, r)->gather_next++;
        if (w >= 0 && E->se[w].calls) {
            body(E, r)->saved_step = at;
            *step = 0;
            return CTL_NEXT;
        }
    }
    sim_body *B = body(E, r);
    B->gather_next = 0;
    if (B->gather_left == 0) {
        join(E, r, JOIN_GATHER, -1);
        *step = sim_next_step(E, r, at);
        return CTL_NEXT;
    }
    B->wait = (sim_wait){W_GATHER, -1};
    E->dl_global = true;
    return CTL_WAIT;
}

static int ctl_await(sim_engine *E, int32_t r, uint32_t *step, const scn_step *st)
{
    sim_body *B = body(E, r);
    int32_t child = E->handles[B->handles + (uint32_t)st->handle];
    sim_body *C = body(E, child);
    C->flags |= J_AWAITED;
    B->pending--;
    if (C->flags & J_ENDED) {
        B->ended--;
        join(E, r, JOIN_ONE, child);
        *step = sim_next_step(E, r, *step);
        return CTL_NEXT;
    }
    B->wait = (sim_wait){W_TASK, child};
    B->wait_from = E->now;
    sim_arm_timeout(E, r, st);
    sim_ring_push(E, &E->dl_cands, r);
    return CTL_WAIT;
}

static int ctl_await_all(sim_engine *E, int32_t r, uint32_t *step, const scn_step *st)
{
    sim_body *B = body(E, r);
    if (B->ended == B->pending) {
        B->pending = B->ended = 0;
        join(E, r, JOIN_ALL, -1);
        *step = sim_next_step(E, r, *step);
        return CTL_NEXT;
    }
    B->wait = (sim_wait){W_ALL, -1};
    B->wait_from = E->now;
    sim_arm_timeout(E, r, st);
    E->dl_global = true;
    return CTL_WAIT;
}

/* The task joins its pool's FIFO queue and the body waits for its end; an idle worker takes it. */
static int ctl_offload(sim_engine *E, int32_t r, const scn_step *st)
{
    int32_t child = task_new(E, r, st->task, J_AWAITED);
    if (child < 0)
        return CTL_WAIT;
    body(E, r)->wait = (sim_wait){W_TASK, child};
    body(E, child)->pool = st->host;
    if (sim_ring_push(E, &E->pools[st->host].queue, child))
        sim_pool_wake(E, (uint32_t)st->host);
    return CTL_WAIT;
}

int sim_ctl_step(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st)
{
    sim_body *B = sim_body_of(E, r);
    if (!B)
        return CTL_WAIT;   /* out of memory: the run is stopping */
    B->who = w;
    B->lane = sim_who_lane(E, w);
    switch (st->kind) {
    case SCN_STEP_REPEAT: return ctl_repeat(E, B, step, st);
    case SCN_STEP_SPAWN: return ctl_spawn(E, w, r, step, st);
    case SCN_STEP_GATHER: return ctl_gather(E, w, r, step, st);
    case SCN_STEP_AWAIT: return ctl_await(E, r, step, st);
    case SCN_STEP_AWAIT_ALL: return ctl_await_all(E, r, step, st);
    case SCN_STEP_OFFLOAD: return ctl_offload(E, r, st);
    default: return sim_sync_step(E, w, r, step, st);
    }
}

/* ---- a run that ends with requests unfinished ------------------------------------------------------ */

static size_t add_name(sim_engine *E, char *buf, size_t n, size_t pos, int32_t r)
{
    const char *name = scn_str(E->s, E->s->reqs[E->inst[r].tmpl].name);
    int k = snprintf(buf + pos, pos < n ? n - pos : 0, "%s '%s' #%u", sim_is_task(E, r) ? "task" : "request", name,
                     E->inst[r].inst + 1);
    return pos + (k > 0 ? (size_t)k : 0);
}

/* The task r's body waits for: the one awaited, else the first of its tasks not ended; -1. */
static int32_t awaited_task(sim_engine *E, int32_t r)
{
    const sim_body *B = E->body_of && E->body_of[r] >= 0 ? body(E, r) : NULL;
    if (!B || B->wait.why == W_NONE)
        return -1;
    if (B->wait.why == W_TASK)
        return B->wait.obj;
    for (int32_t k = B->kids; k >= 0; k = body(E, k)->sib)
        if (!(body(E, k)->flags & J_ENDED))
            return k;
    return -1;
}

bool sim_check_stuck(sim_engine *E)
{
    size_t stuck = 0, first = 0;
    for (size_t i = E->ntop; i-- > 0;)
        if (!E->req_done[i])
            stuck++, first = i;
    if (!stuck)
        return true;
    char msg[400];
    size_t pos = add_name(E, msg, sizeof msg, 0, (int32_t)first);
    int32_t r = (int32_t)first;
    for (int hops = 0; hops < 8; hops++) {
        int32_t next = awaited_task(E, r);
        if (next < 0)
            break;
        const char *link = hops ? ", which awaits " : " awaits ";
        pos += (size_t)snprintf(msg + pos, pos < sizeof msg ? sizeof msg - pos : 0, "%s", link);
        pos = add_name(E, msg, sizeof msg, pos, next);
        r = next;
        const sim_body *C = body(E, r);
        if (C->pool >= 0 && C->who < 0) {
            snprintf(msg + pos, pos < sizeof msg ? sizeof msg - pos : 0, ", queued in pool '%s' whose every "
                     "worker awaits", scn_str(E->s, E->s->pools[C->pool].name));
            break;
        }
    }
    return E->ok = sl_fail(E->err, "schedlab: error: deadlock at %.6g ms: %zu request%s never finish%s: %s",
                           (double)E->last_activity / 1e6, stuck, stuck == 1 ? "" : "s", stuck == 1 ? "es" : "", msg);
}

/* ---- setup ---------------------------------------------------------------------------------------- */

bool sim_setup_tasks(sim_engine *E)
{
    const scn *s = E->s;
    for (size_t i = 0; i < s->nreqs; i++)
        E->has_control |= s->reqs[i].has_control;
    if (!E->has_control)
        return true;
    E->body_of = malloc((E->cap_inst ? E->cap_inst : 1) * sizeof *E->body_of);
    E->task_seq = calloc(s->nreqs ? s->nreqs : 1, sizeof *E->task_seq);
    if (!E->body_of || !E->task_seq)
        return sl_fail(E->err, "schedlab: error: out of memory");
    for (size_t i = 0; i < E->cap_inst; i++)
        E->body_of[i] = -1;
    return true;
}

void sim_free_tasks(sim_engine *E)
{
    free(E->body_of);
    free(E->bodies);
    free(E->handles);
    free(E->reps);
    free(E->task_seq);
    if (E->pools)
        for (uint32_t i = 0; i < E->npools; i++)
            free(E->pools[i].queue.v), free(E->pools[i].idle.v);
    free(E->pools);
}
