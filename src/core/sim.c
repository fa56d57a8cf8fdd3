/* sim.c — the event loop of the engine: the event heap, the client's cores (dispatch, switches,
 * time slices), lanes and segments, and the metrics. What units do lives in sim_units.c. */
#include "sim_int.h"

#include <stdlib.h>
#include <string.h>

#include "rng.h"

#define SIM_MAX_HEAP 100000000u

/* Simulated time, shared by the client cores: a run stops before an event later than
 * SIM_MAX_TIME / cores (146 years on one core, 13 days on 4096). Below it, now + any duration
 * (each at most SCN_MAX_DURATION) and the busy time summed over the cores fit in int64_t. */
#define SIM_MAX_TIME (INT64_C(1) << 62)

/* ---- event heap: ordered by (t, seq) ---------------------------------------------------- */

/* A 4-ary heap: half the depth of a binary one, and a node's children share a cache line or two,
 * which matters once a hundred thousand requests are waiting. */
#define HEAP_D 4

/* Written without short-circuits so that it compiles to flag arithmetic, not branches: which of
 * two pending events comes first is a coin toss the branch predictor loses half the time. */
static inline bool ev_less(const sim_ev *a, const sim_ev *b)
{
    return a->t < b->t || (a->t == b->t && a->seq < b->seq);
}

void sim_push(sim_engine *E, int64_t t, uint32_t type, uint32_t a, uint32_t gen)
{
    if (!E->ok)
        return;
    if (E->nheap == E->cap_heap && !SL_GROW(E->heap, E->cap_heap, E->nheap + 1, SIM_MAX_HEAP)) {
        E->ok = E->nheap < SIM_MAX_HEAP ? sl_fail(E->err, "schedlab: error: out of memory")
                                        : sl_fail(E->err, "schedlab: error: too many pending events (limit is %u)",
                                                  SIM_MAX_HEAP);
        return;
    }
    sim_ev ev = {t, E->seq++, type, a, gen};
    size_t i = E->nheap++;
    while (i > 0) {
        size_t p = (i - 1) / HEAP_D;
        if (!ev_less(&ev, &E->heap[p]))
            break;
        E->heap[i] = E->heap[p];
        i = p;
    }
    E->heap[i] = ev;
}

/* GIL timeouts are armed at every hand-over of the lock (tens of thousands a second with many
 * threads) and all but the last are stale when they fire: kept in the heap, they doubled its size
 * and half the events popped were dead. The live one waits in its own slot, with the sequence
 * number it would have had in the heap, so the order of events is unchanged. */
void sim_arm_gil(sim_engine *E, int64_t t, uint32_t gen)
{
    if (!E->ok)
        return;
    E->gil_timer = (sim_ev){t, E->seq++, EV_GIL, 0, gen};
    E->gil_timer_on = true;
}

/* The first of the children [c, end) of a node: a tournament of conditional moves when all four
 * are there (two pairs, then their winners), a plain scan at the heap's ragged last level. */
static size_t min_child(const sim_ev *h, size_t c, size_t end)
{
    if (end - c == HEAP_D) {
        size_t a = ev_less(&h[c + 1], &h[c]) ? c + 1 : c;
        size_t b = ev_less(&h[c + 3], &h[c + 2]) ? c + 3 : c + 2;
        return ev_less(&h[b], &h[a]) ? b : a;
    }
    size_t best = c;
    for (size_t k = c + 1; k < end; k++)
        best = ev_less(&h[k], &h[best]) ? k : best;
    return best;
}

/* Bottom-up deletion: the hole at the root sinks along the smallest children to a leaf, with no
 * comparison against the last event (which nearly always belongs down there), then the last event
 * climbs back from the hole: fewer comparisons, and a loop whose exit the predictor knows. */
static sim_ev heap_pop(sim_engine *E)
{
    sim_ev *h = E->heap, top = h[0], last = h[--E->nheap];
    size_t i = 0, n = E->nheap;
    if (n == 0)
        return top;
    for (size_t c; (c = HEAP_D * i + 1) < n; ) {
        size_t best = min_child(h, c, c + HEAP_D < n ? c + HEAP_D : n);
        h[i] = h[best];
        i = best;
    }
    while (i > 0) {
        size_t p = (i - 1) / HEAP_D;
        if (!ev_less(&last, &h[p]))
            break;
        h[i] = h[p];
        i = p;
    }
    h[i] = last;
    return top;
}

/* ---- the core queue: a client core has at most one pending event ------------------------- */

/* A core's next event (the end of a switch, a burst or a slice) is kept in the core, and the
 * cores that have one in a heap of their own: more than half the events are these, and they no
 * longer climb through the heap of the hundreds of events of waiting requests; one that is called
 * off (the unit left the core) is taken out instead of being popped later as stale. Sequence
 * numbers come from the same counter, so events run in the order a single heap would give. */
static bool core_first(const sim_engine *E, uint32_t a, uint32_t b)
{
    const sim_core *x = &E->cores[a], *y = &E->cores[b];
    return x->ev_t < y->ev_t || (x->ev_t == y->ev_t && x->ev_seq < y->ev_seq);
}

static void coreq_place(sim_engine *E, uint32_t i, uint32_t c)
{
    E->coreq[i] = c;
    E->cores[c].ev_pos = (int32_t)i;
}

/* Puts core c at index i, then moves it up or down to where its key belongs. */
static void coreq_fix(sim_engine *E, uint32_t i, uint32_t c)
{
    while (i > 0 && core_first(E, c, E->coreq[(i - 1) / 2])) {
        coreq_place(E, i, E->coreq[(i - 1) / 2]);
        i = (i - 1) / 2;
    }
    for (uint32_t k; (k = 2 * i + 1) < E->ncoreq; i = k) {
        if (k + 1 < E->ncoreq && core_first(E, E->coreq[k + 1], E->coreq[k]))
            k++;
        if (!core_first(E, E->coreq[k], c))
            break;
        coreq_place(E, i, E->coreq[k]);
    }
    coreq_place(E, i, c);
}

/* Core c's event is now at time t (replacing any pending one). */
static void core_arm(sim_engine *E, uint32_t c, int64_t t)
{
    if (!E->ok)
        return;
    sim_core *k = &E->cores[c];
    k->ev_t = t;
    k->ev_seq = E->seq++;
    coreq_fix(E, k->ev_pos >= 0 ? (uint32_t)k->ev_pos : E->ncoreq++, c);
}

static void core_disarm(sim_engine *E, uint32_t c)
{
    int32_t pos = E->cores[c].ev_pos;
    if (pos < 0)
        return;
    E->cores[c].ev_pos = -1;
    uint32_t last = E->coreq[--E->ncoreq];
    if (last != c)
        coreq_fix(E, (uint32_t)pos, last);
}

/* ---- rings ------------------------------------------------------------------------------- */

bool sim_ring_push(sim_engine *E, sim_ring *r, int32_t v)
{
    if (r->len == r->cap) {
        size_t ncap = r->cap ? r->cap * 2 : 16;
        int32_t *nv = malloc(ncap * sizeof *nv);
        if (!nv)
            return E->ok = sl_fail(E->err, "schedlab: error: out of memory");
        for (size_t i = 0; i < r->len; i++)
            nv[i] = r->v[(r->head + i) % r->cap];
        free(r->v);
        r->v = nv;
        r->cap = ncap;
        r->head = 0;
    }
    r->v[(r->head + r->len++) % r->cap] = v;
    return true;
}

bool sim_ring_pop(sim_ring *r, int32_t *out)
{
    if (!r->len)
        return false;
    *out = r->v[r->head];
    r->head = (r->head + 1) % r->cap;
    r->len--;
    return true;
}

/* ---- lanes: each lane has one open segment, closed when its state changes ---------------- */

bool sim_new_lane(sim_engine *E, trc_lane_kind kind, int32_t host, int32_t index, int32_t parent,
                  const char *name, uint32_t *lane)
{
    *lane = LANE_NONE;
    if (!E->t)
        return true;
    if (!trc_add_lane(E->t, kind, host, index, parent, name, lane, E->err))
        return E->ok = false;
    if (!SL_GROW(E->open, E->cap_open, E->t->nlanes, SIZE_MAX / sizeof *E->open))
        return E->ok = sl_fail(E->err, "schedlab: error: out of memory");
    E->open[*lane] = (struct sim_open){0, -1, -1, 0, ST_NONE, TRC_CAUSE_NONE};
    return true;
}

void sim_lane_word(sim_engine *E, uint32_t lane, trc_word word, int32_t number)
{
    if (lane == LANE_NONE || !E->t)
        return;
    E->t->lanes[lane].word = (uint8_t)word;
    E->t->lanes[lane].has_number = number >= 0;
    E->t->lanes[lane].number = number;
}

void sim_lane(sim_engine *E, uint32_t lane, uint8_t state, int32_t req, uint16_t step, int32_t aux)
{
    if (lane == LANE_NONE || !E->ok)
        return;
    struct sim_open *o = &E->open[lane];
    if (o->state == state && o->req == req && o->step == step && o->aux == aux)
        return;
    if (o->state != ST_NONE && E->now > o->t0) {
        trc_seg s = {o->t0, E->now, lane, o->req, o->aux, o->step, o->state, o->cause};
        if (!trc_add_seg(E->t, &s, E->err))
            E->ok = false;
    }
    *o = (struct sim_open){E->now, req, aux, step, state, TRC_CAUSE_NONE};
}

void sim_cause(sim_engine *E, uint32_t lane, uint8_t cause)
{
    if (lane != LANE_NONE && E->ok)
        E->open[lane].cause = cause;
}

void sim_why(sim_engine *E, uint32_t lane, uint8_t cause, int32_t who, int64_t x)
{
    if (lane == LANE_NONE || !E->ok)
        return;
    if (cause != TRC_CAUSE_MEMORY)   /* a refusal opens no wait: the lane is the main unit's or the loop's */
        sim_cause(E, lane, cause);
    trc_why w = {E->now, x, lane, cause, who};
    if (!trc_add_why(E->t, &w, E->err))
        E->ok = false;
}

void sim_mark(sim_engine *E, uint32_t lane, uint8_t kind, int32_t req, int32_t aux)
{
    if (lane == LANE_NONE || !E->ok)
        return;
    trc_mark mk = {E->now, lane, req, aux, kind};
    if (!trc_add_mark(E->t, &mk, E->err))
        E->ok = false;
}

/* ---- request steps ------------------------------------------------------------------------ */

const scn_step *sim_step_of(sim_engine *E, int32_t req, uint32_t step)
{
    const scn_request *r = &E->s->reqs[E->inst[req].tmpl];
    return step < r->nsteps ? &E->s->steps[r->first_step + step] : NULL;
}

/* which: 0 the duration (cpu/io/block/serve), 1 the request's latency, 2 the reply's. A constant
 * needs no random key (rng_sample would not look at it): three hashes saved on most cpu steps. */
int64_t sim_step_dur(sim_engine *E, int32_t req, uint32_t step, uint32_t which)
{
    const scn_step *st = sim_step_of(E, req, step);
    const scn_dist *d = which == 0 ? &st->dur : &st->latency;
    int64_t l = d->a;
    if (d->kind != SCN_DIST_CONST) {
        const sim_inst *in = &E->inst[req];
        /* a step inside `N * (...)` draws anew at each round; the first round keys as before */
        uint64_t rounds = E->body_of && E->body_of[req] >= 0 ? E->bodies[E->body_of[req]].rounds : 0;
        l = rng_sample(d, rng_key(E->cfg->seed, ((uint64_t)in->tmpl << 32) | in->inst, step | rounds << 20, which));
    }
    if (which != 0 && E->cfg->latency_scale != 1.0) {
        double x = (double)l * E->cfg->latency_scale;
        l = x >= (double)SCN_MAX_DURATION ? SCN_MAX_DURATION : (int64_t)(x + 0.5);
    }
    return l;
}

/* ---- the core ready queue (intrusive FIFO over se.next/prev) ------------------------------ */

static void rq_append(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    u->next = -1;
    u->prev = E->rq_tail;
    if (E->rq_tail >= 0)
        E->se[E->rq_tail].next = id;
    else
        E->rq_head = id;
    E->rq_tail = id;
}

static int32_t rq_pop(sim_engine *E)
{
    int32_t id = E->rq_head;
    if (id < 0)
        return -1;
    E->rq_head = E->se[id].next;
    if (E->rq_head >= 0)
        E->se[E->rq_head].prev = -1;
    else
        E->rq_tail = -1;
    return id;
}

uint8_t sim_burst_state(uint8_t burst)
{
    return burst == B_SPAWN || burst == B_START ? TRC_SPAWN : burst == B_CSWITCH ? TRC_SWITCH : TRC_RUN;
}

/* Shows a unit's state on its lane; a loop also shows it on the coroutine holding it. */
static void se_show(sim_engine *E, int32_t id, uint8_t state, int32_t aux)
{
    sim_se *u = &E->se[id];
    sim_lane(E, u->lane, state, u->req, (uint16_t)u->step, aux);
    if (u->kind == SE_LOOP) {
        sim_loop *L = &E->loops[u->loop];
        if (L->cur >= 0 && (u->burst == B_CPU || u->burst == B_CALL)) {
            sim_coro *c = &E->coros[L->cur];
            sim_lane(E, c->lane, state, c->req, (uint16_t)c->step, -1);
        }
    }
}

void sim_make_ready(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    u->st = ST_READY;
    se_show(E, id, TRC_READY, -1);
    sim_cause(E, u->lane, TRC_CAUSE_NO_CORE);
    rq_append(E, id);
}

/* ---- cores ------------------------------------------------------------------------------- */

static void core_idle(sim_engine *E, uint32_t c)
{
    sim_core *k = &E->cores[c];
    if (k->se >= 0)
        E->se[k->se].core = -1;
    k->se = -1;
    k->phase = 0;
    core_disarm(E, c);
    E->idle_cores++;
    sim_lane(E, k->lane, ST_NONE, -1, 0, -1);
}

static void account(sim_engine *E, uint8_t burst, int64_t d)
{
    E->m->cpu_busy_ns += d;
    if (burst == B_CPU)
        E->m->cpu_useful_ns += d;
    else if (burst == B_SPAWN || burst == B_START)
        E->m->cpu_spawn_ns += d;
    else if (burst == B_CALL)
        E->m->cpu_call_ns += d;
    else
        E->m->cpu_switch_ns += d;
}

/* Starts (or resumes) the current burst of the unit on core c, up to the slice's end. */
static void core_run(sim_engine *E, uint32_t c)
{
    sim_core *k = &E->cores[c];
    sim_se *u = &E->se[k->se];
    bool holder = k->se == E->gil_holder;
    if (u->drop_gil && E->gil_ran_from >= 0) {   /* asked to drop the GIL while not running: now */
        int32_t id = k->se;
        core_idle(E, c);
        sim_gil_drop(E, id);
        return;
    }
    k->phase = 2;
    k->burst_start = E->now;
    uint8_t state = sim_burst_state(u->burst);
    sim_lane(E, k->lane, state, u->req, (uint16_t)u->step, (int32_t)u->lane);
    se_show(E, k->se, state, (int32_t)c);
    int64_t end = E->now + u->left;
    if (end > k->slice_end)
        end = k->slice_end;
    if (holder && E->gil_ran_from < 0) {
        /* Its first computing under this grant: asked to drop already, it computes one interval
         * first (CPython runs some bytecode before it looks at the drop request). */
        E->gil_ran_from = E->now;
        if (u->drop_gil && E->now + E->cfg->switchinterval < end)
            end = E->now + E->cfg->switchinterval;
    }
    core_arm(E, c, end);
}

static void core_start_slice(sim_engine *E, uint32_t c)
{
    E->cores[c].slice_end = E->now + E->cfg->timeslice;
    core_run(E, c);
}

/* Puts unit id on idle core c, paying a switch when the core last ran another unit. */
static void core_dispatch(sim_engine *E, uint32_t c, int32_t id)
{
    sim_core *k = &E->cores[c];
    sim_se *u = &E->se[id];
    E->idle_cores--;
    k->se = id;
    u->core = (int32_t)c;
    u->st = ST_RUNNING;
    bool switching = k->last >= 0 && k->last != id;
    k->last = id;
    if (!switching) {
        core_start_slice(E, c);
        return;
    }
    E->m->context_switches++;
    sim_mark(E, k->lane, TRC_MK_SWITCH, u->req, (int32_t)u->lane);
    if (E->core_switch_cost == 0) {
        core_start_slice(E, c);
        return;
    }
    k->phase = 1;
    k->burst_start = E->now;
    sim_lane(E, k->lane, TRC_SWITCH, u->req, (uint16_t)u->step, (int32_t)u->lane);
    se_show(E, id, TRC_SWITCH, (int32_t)c);
    core_arm(E, c, E->now + E->core_switch_cost);
}

static void dispatch_all(sim_engine *E)
{
    for (uint32_t c = 0; E->idle_cores && E->rq_head >= 0 && c < E->cfg->cores; c++)
        if (E->cores[c].se < 0)
            core_dispatch(E, c, rq_pop(E));
}

/* The unit on core c left the CPU (wait, end, GIL): free the core. */
static void core_leave(sim_engine *E, uint32_t c)
{
    core_idle(E, c);
}

static void core_event(sim_engine *E, uint32_t c)
{
    sim_core *k = &E->cores[c];
    if (k->phase == 1) {
        account(E, B_CSWITCH, E->now - k->burst_start);
        core_start_slice(E, c);
        return;
    }
    int32_t id = k->se;
    sim_se *u = &E->se[id];
    account(E, u->burst, E->now - k->burst_start);
    u->left -= E->now - k->burst_start;
    if (u->left == 0) {
        sim_burst_done(E, id);
        if (!sim_se_next(E, id)) {
            core_leave(E, c);
            return;
        }
    }
    if (E->now < k->slice_end) {
        core_run(E, c);
        return;
    }
    if (E->rq_head >= 0) {          /* slice over and someone waits: round robin */
        core_idle(E, c);
        sim_make_ready(E, id);
        sim_cause(E, E->se[id].lane, TRC_CAUSE_PREEMPTED);   /* u may have moved (new units) */
        return;
    }
    core_start_slice(E, c);
}

/* Forced off the CPU in mid-burst (GIL drop): account what the burst used, free the core. */
void sim_preempt(sim_engine *E, int32_t id)
{
    sim_se *u = &E->se[id];
    if (u->core >= 0) {
        uint32_t c = (uint32_t)u->core;
        sim_core *k = &E->cores[c];
        if (k->phase == 2) {
            account(E, u->burst, E->now - k->burst_start);
            u->left -= E->now - k->burst_start;
        } else {
            account(E, B_CSWITCH, E->now - k->burst_start);
        }
        core_idle(E, c);
    }
}

/* ---- the work budget ---------------------------------------------------------------------- */

void sim_limits(const scn *s, const sim_opts *opts, uint64_t *max_events, int64_t *max_memory)
{
    *max_events = opts && opts->max_events ? opts->max_events
                  : s->cfg.limit_events     ? s->cfg.limit_events : SIM_DEFAULT_MAX_EVENTS;
    *max_memory = opts && opts->max_memory ? opts->max_memory
                  : s->cfg.limit_memory     ? s->cfg.limit_memory : SIM_DEFAULT_MAX_MEMORY;
}

/* The one message of a spent budget: what ran out, the limit's name and how to raise it. */
static bool budget_fail(sim_engine *E, bool memory)
{
    char size[32];
    if (memory)
        return E->ok = sl_fail(E->err, "schedlab: error: the run needs more than %s of memory (limit.memory); "
                               "stopped. Raise it with --max-memory SIZE or --set limit.memory=SIZE, or "
                               "simulate less (fewer requests, a longer timeslice)",
                               sl_fmt_size(E->max_memory, size, sizeof size));
    return E->ok = sl_fail(E->err, "schedlab: error: the run needs more than %llu events (limit.events); "
                           "stopped. Raise it with --max-events N or --set limit.events=N, or simulate "
                           "less (a longer timeslice, fewer requests)", (unsigned long long)E->max_events);
}

/* Bytes held by the engine's growing arrays and the trace (capacities: what malloc handed out). */
static size_t engine_bytes(const sim_engine *E)
{
    size_t b = E->fixed_bytes + E->cap_heap * sizeof *E->heap + E->cap_se * sizeof *E->se +
               E->cap_coros * sizeof *E->coros + E->cap_open * sizeof *E->open +
               (E->spawn_jobs.cap + E->pool_queue.cap + E->pool_idle.cap) * sizeof(int32_t);
    for (size_t i = 0; E->servers && i < E->s->nservers; i++)
        b += E->servers[i].queue.cap * sizeof(int32_t);
    /* tasks: the instances past the requests, their bodies, handles, repeats and pool queues */
    size_t per_inst = sizeof *E->inst + sizeof *E->req_end + sizeof *E->req_arrival + 1 + sizeof *E->body_of;
    b += (E->cap_inst > E->ntop ? (E->cap_inst - E->ntop) * per_inst : 0) +
         (E->body_of ? E->ntop * sizeof *E->body_of : 0) + E->cap_bodies * sizeof *E->bodies +
         E->cap_handles * sizeof *E->handles + E->cap_reps * sizeof *E->reps;
    for (uint32_t i = 0; E->pools && i < E->npools; i++)
        b += (E->pools[i].queue.cap + E->pools[i].idle.cap) * sizeof(int32_t);
    return b + (E->t ? trc_bytes(E->t) : 0);
}

/* Whether bytes more would pass the memory budget (checked before the large arrays are made). */
static bool would_exceed(const sim_engine *E, double bytes)
{
    return (double)engine_bytes(E) + bytes > (double)E->max_memory;
}

/* ---- setup -------------------------------------------------------------------------------- */

static int inst_cmp(const void *a, const void *b)
{
    const sim_inst *x = a, *y = b;
    if (x->arrival != y->arrival)
        return x->arrival < y->arrival ? -1 : 1;
    if (x->tmpl != y->tmpl)
        return x->tmpl < y->tmpl ? -1 : 1;
    return x->inst < y->inst ? -1 : x->inst > y->inst;
}

static bool arrival_of(sim_engine *E, const scn_request *r, uint32_t tmpl, uint32_t i, int64_t *prev)
{
    int64_t t = r->at, step;
    if (r->arrival == SCN_ARRIVE_EVERY && i > 0) {
        if (!sl_mul_ok(r->every, i, &step) || !sl_add_ok(r->at, step, &t))
            return sl_fail(E->err, "%s:%d:1: error: arrival time of request '%s' #%u overflows", E->s->path,
                           r->line, scn_str(E->s, r->name), i + 1);
    } else if (r->arrival == SCN_ARRIVE_RATE && i > 0) {
        double u = rng_unit(rng_key(E->cfg->seed, ((uint64_t)tmpl << 32) | i, 0xFFFFu, 3));
        double gap = -1e9 / r->rate_per_s * __builtin_log(u);
        if (gap > (double)SCN_MAX_DURATION)
            gap = (double)SCN_MAX_DURATION;
        if (!sl_add_ok(*prev, (int64_t)(gap + 0.5), &t))
            return sl_fail(E->err, "%s:%d:1: error: arrival time of request '%s' overflows", E->s->path,
                           r->line, scn_str(E->s, r->name));
    }
    *prev = t;
    E->inst[E->ninst++] = (sim_inst){t, tmpl, i};
    return true;
}

static bool setup_instances(sim_engine *E)
{
    uint64_t total = scn_total_requests(E->s);
    if (total > SCN_MAX_REQUESTS)
        return sl_fail(E->err, "schedlab: error: too many requests (limit is %u)", SCN_MAX_REQUESTS);
    size_t n = total ? (size_t)total : 1;
    E->cap_inst = n;
    size_t per_req = sizeof *E->inst + sizeof *E->req_end + sizeof *E->req_arrival + 1;
    if (would_exceed(E, (double)n * (double)(per_req + (E->t ? sizeof(trc_req) : 0))))
        return budget_fail(E, true);   /* the trace's records come next, counted by trc_bytes */
    E->fixed_bytes += n * per_req;
    E->inst = malloc(n * sizeof *E->inst);
    E->req_end = calloc(n, sizeof *E->req_end);
    E->req_arrival = calloc(n, sizeof *E->req_arrival);
    E->req_done = calloc(n, 1);
    if (!E->inst || !E->req_end || !E->req_arrival || !E->req_done)
        return sl_fail(E->err, "schedlab: error: out of memory for %llu requests", (unsigned long long)total);
    for (size_t r = 0; r < E->s->nreqs; r++) {
        int64_t prev = E->s->reqs[r].at;
        for (uint32_t i = 0; i < E->s->reqs[r].count; i++)
            if (!arrival_of(E, &E->s->reqs[r], (uint32_t)r, i, &prev))
                return false;
    }
    /* Each statement's instances come in order; with one statement (the large scenarios) they
     * already are all in order, and glibc's merge sort would still spend n log n comparisons. */
    bool sorted = true;
    for (size_t i = 1; sorted && i < E->ninst; i++)
        sorted = inst_cmp(&E->inst[i - 1], &E->inst[i]) < 0;
    if (!sorted)
        qsort(E->inst, E->ninst, sizeof *E->inst, inst_cmp);
    for (size_t i = 0; i < E->ninst; i++)
        E->req_arrival[i] = E->inst[i].arrival;
    E->ntop = E->ninst;
    return true;
}

/* Host names, title and notes: what a course view needs besides the lanes. */
static bool setup_trace_hosts(sim_engine *E)
{
    trc *t = E->t;
    const scn *s = E->s;
    t->hosts = calloc(s->nservers + 1, sizeof *t->hosts);
    t->notes = calloc(s->nnotes ? s->nnotes : 1, sizeof *t->notes);
    if (!t->hosts || !t->notes)
        return sl_fail(E->err, "schedlab: error: out of memory");
    t->nhosts = s->nservers + 1;
    t->model = s->cfg.model;
    t->has_model = true;
    bool ok = trc_intern(t, scn_str(s, s->cfg.client), &t->hosts[0], E->err) &&
              (s->cfg.title < 0 || trc_intern(t, scn_str(s, s->cfg.title), &t->title, E->err));
    for (size_t i = 0; ok && i < s->nservers; i++)
        ok = trc_intern(t, scn_str(s, s->servers[i].name), &t->hosts[1 + i], E->err);
    for (size_t i = 0; ok && i < s->nnotes; i++) {
        const scn_note *n = &s->notes[i];
        t->notes[i] = (trc_note){n->host, n->from, n->to, NULL};
        ok = trc_intern(t, scn_str(s, n->text), &t->notes[i].text, E->err);
    }
    t->nnotes = s->nnotes;
    return ok;
}

/* Copies what a viewer needs of the scenario into the trace, so it stands alone. */
static bool setup_trace_meta(sim_engine *E)
{
    if (!setup_trace_hosts(E))
        return false;
    trc *t = E->t;
    size_t nlabels = 0;
    for (size_t r = 0; r < E->s->nreqs; r++)
        nlabels += E->s->reqs[r].nsteps;
    t->tmpls = calloc(E->s->nreqs ? E->s->nreqs : 1, sizeof *t->tmpls);
    t->labels = calloc(nlabels ? nlabels : 1, sizeof *t->labels);
    t->reqs = calloc(E->ninst ? E->ninst : 1, sizeof *t->reqs);
    if (!t->tmpls || !t->labels || !t->reqs)
        return sl_fail(E->err, "schedlab: error: out of memory");
    t->ntmpls = t->cap_tmpls = E->s->nreqs;
    t->nlabels = t->cap_labels = nlabels;
    t->nreqs = t->cap_reqs = E->ninst;
    size_t li = 0;
    for (size_t r = 0; r < E->s->nreqs; r++) {
        const scn_request *q = &E->s->reqs[r];
        trc_tmpl *tm = &t->tmpls[r];
        if (!trc_intern(t, scn_str(E->s, q->name), &tm->name, E->err))
            return false;
        tm->color = q->color;
        tm->has_color = q->has_color;
        tm->first_label = (uint32_t)li;
        tm->nsteps = q->nsteps;
        tm->count = q->count;
        for (uint32_t k = 0; k < q->nsteps; k++) {
            int32_t lab = E->s->steps[q->first_step + k].label;
            if (!trc_intern(t, lab >= 0 ? scn_str(E->s, lab) : NULL, &t->labels[li++], E->err))
                return false;
        }
    }
    for (size_t i = 0; i < E->ninst; i++)
        t->reqs[i] = (trc_req){E->inst[i].arrival, -1, -1, E->inst[i].tmpl, E->inst[i].inst, -1, 0, -1, 0};
    t->pool_names = calloc(E->s->npools ? E->s->npools : 1, sizeof *t->pool_names);
    if (!t->pool_names)
        return sl_fail(E->err, "schedlab: error: out of memory");
    t->npools = E->s->npools;
    for (size_t p = 0; p < E->s->npools; p++)
        if (!trc_intern(t, scn_str(E->s, E->s->pools[p].name), &t->pool_names[p], E->err))
            return false;
    return true;
}

/* Server cores a run can keep busy at once: a request has at most one call in flight and the lowest
 * idle core serves next, so cores past the number of requests never serve and get no lane (45
 * servers of a million cores, within the limits, made 45 million lanes for one request). A request
 * with tasks may have many calls in flight: then up to SIM_TASK_SRV_CORES more serve. */
#define SIM_TASK_SRV_CORES 100000u

static uint32_t srv_cores_used(const sim_engine *E, const scn_server *sv)
{
    uint64_t reqs = E->ninst ? E->ninst : 1;
    for (size_t i = 0; i < E->s->nreqs; i++)
        if (E->s->reqs[i].has_control) {
            reqs += SIM_TASK_SRV_CORES;
            break;
        }
    return sv->cores < reqs ? sv->cores : (uint32_t)reqs;
}

static bool setup_server(sim_engine *E, size_t i, char *name, size_t namelen)
{
    const scn_server *sv = &E->s->servers[i];
    uint32_t n = srv_cores_used(E, sv);
    E->servers[i].cores = n;
    E->servers[i].first_core = (uint32_t)E->nsrv_cores;
    E->servers[i].free_cores = malloc(n * sizeof(uint32_t));
    if (!E->servers[i].free_cores)
        return sl_fail(E->err, "schedlab: error: out of memory");
    for (uint32_t c = 0; c < n; c++)   /* sorted: already a min-heap */
        E->servers[i].free_cores[c] = c;
    E->servers[i].nfree = n;
    for (uint32_t c = 0; c < n; c++) {
        if (sv->cores == 1)
            snprintf(name, namelen, "%s", scn_str(E->s, sv->name));
        else
            snprintf(name, namelen, "%s #%u", scn_str(E->s, sv->name), c + 1);
        sim_srv_core *sc = &E->srv_cores[E->nsrv_cores++];
        sc->host = (uint32_t)i;
        if (!sim_new_lane(E, TRC_LANE_SERVER, (int32_t)i, (int32_t)c, -1, name, &sc->lane))
            return false;
    }
    return true;
}

/* Lanes of every client core and server core, checked against the budget before they are made. */
static bool check_host_budget(sim_engine *E, size_t nsc)
{
    double lane = E->t ? (double)(sizeof(trc_lane) + sizeof *E->open + 24) : 0;
    double bytes = (double)E->cfg->cores * ((double)sizeof(sim_core) + 4 + lane) +
                   (double)nsc * ((double)sizeof(sim_srv_core) + 4 + lane);
    if (would_exceed(E, bytes))
        return budget_fail(E, true);
    E->fixed_bytes += (size_t)E->cfg->cores * (sizeof(sim_core) + 4) + nsc * (sizeof(sim_srv_core) + 4) +
                      E->s->nservers * sizeof(sim_server);
    return true;
}

static bool setup_hosts(sim_engine *E)
{
    const scn_config *cfg = E->cfg;
    size_t nsc = 0;
    for (size_t i = 0; i < E->s->nservers; i++)
        nsc += srv_cores_used(E, &E->s->servers[i]);
    if (!check_host_budget(E, nsc))
        return false;
    E->cores = calloc(cfg->cores, sizeof *E->cores);
    E->coreq = calloc(cfg->cores ? cfg->cores : 1, sizeof *E->coreq);
    E->servers = calloc(E->s->nservers ? E->s->nservers : 1, sizeof *E->servers);
    E->srv_cores = calloc(nsc ? nsc : 1, sizeof *E->srv_cores);
    if (!E->cores || !E->coreq || !E->servers || !E->srv_cores)
        return sl_fail(E->err, "schedlab: error: out of memory");
    char name[96];
    for (uint32_t c = 0; c < cfg->cores; c++) {
        E->cores[c] = (sim_core){.se = -1, .last = -1, .ev_pos = -1};
        snprintf(name, sizeof name, "core %u", c);
        if (!sim_new_lane(E, TRC_LANE_CORE, -1, (int32_t)c, -1, name, &E->cores[c].lane))
            return false;
        sim_lane_word(E, E->cores[c].lane, TRC_WORD_CORE, (int32_t)c);
    }
    E->idle_cores = cfg->cores;
    for (size_t i = 0; i < E->s->nservers; i++)
        if (!setup_server(E, i, name, sizeof name))
            return false;
    return true;
}

/* ---- the run ------------------------------------------------------------------------------ */

static void handle(sim_engine *E, const sim_ev *ev)
{
    switch (ev->type) {
    case EV_ARRIVE:
        if (++E->next_arrival < E->ntop)
            sim_push(E, E->inst[E->next_arrival].arrival, EV_ARRIVE, (uint32_t)E->next_arrival, 0);
        sim_arrive(E, (int32_t)ev->a);
        break;
    case EV_CORE: core_event(E, ev->a); break;
    case EV_WAKE_SE:
        if (ev->gen == E->se[ev->a].wgen)   /* else the wait it ends was abandoned (a timeout) */
            sim_wake_se(E, (int32_t)ev->a);
        break;
    case EV_WAKE_CORO:
        if (ev->gen == E->coros[ev->a].wgen)
            sim_wake_coro(E, (int32_t)ev->a);
        break;
    case EV_SRV_ARRIVE: sim_srv_arrive(E, (int32_t)ev->a, ev->gen); break;
    case EV_TIMEOUT: sim_timeout(E, (int32_t)ev->a, ev->gen); break;
    case EV_SRV_DONE: sim_srv_done(E, ev->a); break;
    case EV_GIL: sim_gil_timeout(E, ev->gen); break;
    case EV_GIL_GRANT: sim_gil_granted(E, (int32_t)ev->a); break;
    default: break;
    }
}

static bool stale(const sim_engine *E, const sim_ev *ev)
{
    return ev->type == EV_GIL && ev->gen != E->gil_switches;
}

/* Stops the run at an event past the time limit (see SIM_MAX_TIME); true while it may go on. */
static bool within_time(sim_engine *E, int64_t t)
{
    if (t <= E->time_limit)
        return true;
    uint32_t cores = E->cfg->cores ? E->cfg->cores : 1;
    double days = (double)E->time_limit / (86400 * 1e9);
    bool years = days >= 365.25;
    E->ok = sl_fail(E->err, "schedlab: error: the run goes past %.4g %s of simulated time, the limit with %u "
                    "client core%s; stopped (fewer or shorter requests will do)", years ? days / 365.25 : days,
                    years ? "years" : "days", cores, cores == 1 ? "" : "s");
    return false;
}

/* Takes the next event: the first of the event heap's, the core queue's and the GIL timeout. */
static bool next_event(sim_engine *E, sim_ev *ev)
{
    enum { NONE, HEAP, CORE, GIL } from = NONE;
    if (E->nheap) {
        *ev = E->heap[0];
        from = HEAP;
    }
    if (E->ncoreq) {
        const sim_core *k = &E->cores[E->coreq[0]];
        sim_ev ce = {k->ev_t, k->ev_seq, EV_CORE, E->coreq[0], 0};
        if (from == NONE || ev_less(&ce, ev))
            *ev = ce, from = CORE;
    }
    if (E->gil_timer_on && (from == NONE || ev_less(&E->gil_timer, ev)))
        *ev = E->gil_timer, from = GIL;
    switch (from) {
    case HEAP: heap_pop(E); return true;
    case CORE: core_disarm(E, ev->a); return true;
    case GIL: E->gil_timer_on = false; return true;
    default: return false;
    }
}

/* Every 4096 events: a cancel from another thread, and the memory budget. */
static bool poll_budget(sim_engine *E)
{
    if (E->cancel && atomic_load_explicit(E->cancel, memory_order_relaxed))
        return E->ok = sl_fail(E->err, "cancelled");
    if (would_exceed(E, 0))
        return budget_fail(E, true);
    return true;
}

static void run_loop(sim_engine *E)
{
    if (E->ntop)
        sim_push(E, E->inst[0].arrival, EV_ARRIVE, 0, 0);
    E->time_limit = SIM_MAX_TIME / (E->cfg->cores ? E->cfg->cores : 1);
    sim_ev ev;
    while (E->ok && !E->stop && next_event(E, &ev)) {
        if (stale(E, &ev))
            continue;
        if (!within_time(E, ev.t))
            break;
        SL_ASSERT(ev.t >= E->now);   /* events are taken in time order */
        E->now = ev.t;
        if (++E->m->events > E->max_events) {
            budget_fail(E, false);
            break;
        }
        if ((E->m->events & 4095) == 0 && !poll_budget(E))
            break;
        handle(E, &ev);
        dispatch_all(E);
        E->last_activity = E->now;
        if (E->dl_cands.len || E->dl_global)
            sim_deadlock_check(E);
    }
    if (E->ok && !E->stop)
        sim_deadlock_final(E);
}

static int cmp_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static void swap_i64(int64_t *a, int64_t *b)
{
    int64_t t = *a;
    *a = *b;
    *b = t;
}

/* Puts in a[k] the value a sorted a would have there, smaller ones before it, larger after:
 * quickselect, O(n) expected instead of the O(n log n) of sorting a million latencies for two
 * percentiles. The pivot is the median of three; past 2 log2(n) rounds (an unlucky input) the
 * rest is sorted, so the worst case stays O(n log n). */
static void select_nth(int64_t *a, size_t n, size_t k)
{
    size_t lo = 0, hi = n, rounds = 0, limit = 8;
    for (size_t m = n; m > 1; m >>= 1)
        limit += 2;
    while (hi - lo > 16) {
        if (++rounds > limit) {
            qsort(a + lo, hi - lo, sizeof *a, cmp_i64);
            return;
        }
        size_t mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo])
            swap_i64(&a[mid], &a[lo]);
        if (a[hi - 1] < a[lo])
            swap_i64(&a[hi - 1], &a[lo]);
        if (a[hi - 1] < a[mid])
            swap_i64(&a[hi - 1], &a[mid]);
        int64_t pivot = a[mid];
        size_t i = lo, j = hi - 1;
        for (;;) {   /* Hoare: a[lo .. i) <= pivot <= a(j .. hi) */
            while (a[i] < pivot)
                i++;
            while (pivot < a[j])
                j--;
            if (i >= j)
                break;
            swap_i64(&a[i++], &a[j--]);
        }
        if (k <= j)
            hi = j + 1;
        else
            lo = j + 1;
    }
    qsort(a + lo, hi - lo, sizeof *a, cmp_i64);
}

static bool finish_metrics(sim_engine *E)
{
    sim_metrics *m = E->m;
    int64_t *lat = malloc((E->ninst ? E->ninst : 1) * sizeof *lat);
    if (!lat)
        return sl_fail(E->err, "schedlab: error: out of memory");
    size_t n = 0;
    double sum = 0;
    m->makespan_ns = E->last_activity;
    for (size_t i = 0; i < E->ntop; i++) {
        if (E->req_done[i] == TRC_REQ_DONE) {
            lat[n] = E->req_end[i] - E->req_arrival[i];
            sum += (double)lat[n++];
        }
        if (E->req_end[i] > m->makespan_ns)
            m->makespan_ns = E->req_end[i];
    }
    m->requests = E->ntop;
    if (n) {
        size_t k50 = (n * 50 + 99) / 100 - 1, k99 = (n * 99 + 99) / 100 - 1;
        select_nth(lat, n, k99);
        select_nth(lat, k99 + 1, k50);   /* what lies before a[k99] is no larger */
        m->lat_mean_ns = (int64_t)(sum / (double)n + 0.5);
        m->lat_p50_ns = lat[k50];
        m->lat_p99_ns = lat[k99];
        m->lat_max_ns = lat[k99];
        for (size_t i = k99 + 1; i < n; i++)
            m->lat_max_ns = lat[i] > m->lat_max_ns ? lat[i] : m->lat_max_ns;
    }
    free(lat);
    m->cpu_overhead_ns = m->cpu_switch_ns + m->cpu_spawn_ns + m->cpu_call_ns;
    if (m->makespan_ns > 0) {
        m->throughput_per_s = (double)m->completed * 1e9 / (double)m->makespan_ns;
        m->utilization = (double)m->cpu_busy_ns / ((double)E->cfg->cores * (double)m->makespan_ns);
    }
    return true;
}

static bool close_lanes(sim_engine *E)
{
    if (!E->t)
        return true;
    for (size_t l = 0; l < E->t->nlanes; l++)
        sim_lane(E, (uint32_t)l, ST_NONE, -1, 0, -1);
    for (size_t i = 0; i < E->ninst; i++) {
        E->t->reqs[i].end = E->req_end[i];
        E->t->reqs[i].flags = (uint8_t)(E->req_done[i] | (i >= E->ntop ? TRC_REQ_TASK : 0));
    }
    return E->ok && trc_finish(E->t, E->err);
}

static void engine_free(sim_engine *E)
{
    free(E->heap);
    free(E->inst);
    free(E->req_end);
    free(E->req_arrival);
    free(E->req_done);
    free(E->cores);
    free(E->coreq);
    free(E->se);
    free(E->coros);
    free(E->loops);
    free(E->spawn_jobs.v);
    free(E->pool_queue.v);
    free(E->pool_idle.v);
    if (E->servers)
        for (size_t i = 0; i < E->s->nservers; i++)
            free(E->servers[i].queue.v), free(E->servers[i].free_cores);
    free(E->servers);
    free(E->srv_cores);
    free(E->open);
    sim_free_tasks(E);
    sim_free_syncs(E);
}

bool sim_run(const scn *s, const sim_opts *opts, trc *t, sim_metrics *m, sl_err *err)
{
    sim_engine E;
    memset(&E, 0, sizeof E);
    memset(m, 0, sizeof *m);
    E.s = s;
    E.cfg = &s->cfg;
    E.m = m;
    E.err = err;
    E.ok = true;
    E.rq_head = E.rq_tail = E.gil_head = E.gil_tail = E.gil_holder = E.main_se = -1;
    E.gil_timer_gen = UINT32_MAX;
    E.gil_ran_from = -1;
    sim_limits(s, opts, &E.max_events, &E.max_memory);
    E.cancel = opts ? opts->cancel : NULL;
    E.report = opts ? opts->report : NULL;
    if (E.report) {
        memset(E.report, 0, sizeof *E.report);
        trc_init(&E.report->pool);
    }
    m->model = s->cfg.model;
    m->cores = s->cfg.cores;
    if (opts && opts->record_trace && t) {
        trc_init(t);
        t->max_segments = opts->max_segments;
        t->switchinterval = s->cfg.switchinterval;
        t->mem_budget = s->cfg.mem_budget;
        E.t = t;
    }
    bool ok = setup_instances(&E) && (!E.t || setup_trace_meta(&E)) && setup_hosts(&E) && sim_setup_syncs(&E) &&
              sim_setup_units(&E) &&
              (!would_exceed(&E, 0) || budget_fail(&E, true));
    if (ok) {
        run_loop(&E);
        ok = E.ok && (E.m->deadlock_units || sim_check_stuck(&E)) && close_lanes(&E) && finish_metrics(&E) &&
             sim_sync_report(&E);
    }
    engine_free(&E);
    if (!ok && E.t)
        trc_free(E.t);
    return ok;
}
