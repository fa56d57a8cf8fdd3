/* sim_int.h — the engine's private state, shared by sim.c (scheduling) and sim_units.c (what each
 * kind of unit does next). Not part of the public API: nothing outside src/core includes it. */
#ifndef SIM_INT_H
#define SIM_INT_H

#include "sim.h"

enum { EV_ARRIVE, EV_CORE, EV_WAKE_SE, EV_WAKE_CORO, EV_SRV_ARRIVE, EV_SRV_DONE, EV_GIL, EV_GIL_GRANT, EV_TIMEOUT };

/* A pending event. Ties in time are broken by seq, the order of insertion. */
typedef struct {
    int64_t t;
    uint64_t seq;
    uint32_t type, a, gen;
} sim_ev;

enum { SE_MAIN, SE_UNIT, SE_LOOP };                                   /* schedulable entities */
enum { ST_IDLE, ST_READY, ST_RUNNING, ST_WAIT, ST_GIL, ST_DEAD };     /* their scheduling state */
enum { B_NONE, B_CPU, B_SPAWN, B_CSWITCH, B_CALL, B_START };          /* what a CPU burst does (CALL: a call's client
                                                                        CPU; START: a new unit's own start-up) */
#define LANE_NONE UINT32_MAX
#define ST_NONE 0xFF                                                   /* a lane showing nothing */

/* A FIFO of int32 ids in a growable ring. */
typedef struct {
    int32_t *v;
    size_t cap, head, len;
} sim_ring;

/* Something that competes for the client's cores: the main unit, a process/thread, a loop. */
typedef struct {
    uint8_t kind, st, burst;
    bool holds_gil, drop_gil, per_request;
    bool started;            /* UNIT: its own start-up (start.KIND) is paid */
    uint8_t phase;           /* UNIT: where it is in a call step with call CPU (CALL_*) */
    bool calls;              /* the sequential unit: a spawn is a plain call (runs the task at once) */
    uint8_t ukind;           /* UNIT: scn_unit_kind (SCN_PROCESS or SCN_THREAD): what its spawns create */
    int32_t pool;            /* UNIT: the pool it works for (index into pools), or -1 */
    int32_t core;            /* the core it is on, or -1 */
    int32_t next, prev;      /* links in the core ready queue or the GIL queue */
    uint32_t lane;
    int32_t req;             /* UNIT: current request (-1 idle); MAIN/LOOP: request of the burst */
    uint32_t step;           /* UNIT: current step */
    int64_t left;            /* CPU still needed by the current burst */
    int32_t loop;            /* LOOP: its index in loops */
    int32_t job;             /* MAIN/LOOP spawn burst: the request (or ~worker) being created */
    int64_t sent, arrived;   /* its call in flight: when sent, when it reached the server */
    uint32_t wgen;           /* wake generation: a timeout that abandons a wait bumps it, so the wakes
                                (EV_WAKE_*, EV_SRV_ARRIVE carry it in gen) of the abandoned wait are stale */
    int32_t srv_core;        /* the server core serving its call, or -1 */
    bool srv_queued;         /* its call waits in a server's queue */
    bool conn;               /* holds memory.connection: its call is between send and reply */
} sim_se;

typedef struct {
    int32_t req;
    uint32_t step, lane, loop;
    int32_t next;            /* link in its loop's ready FIFO */
    int64_t sent, arrived;   /* its call in flight */
    bool born;               /* its creation (spawn.coroutine on the loop) has been paid */
    bool srv_queued;         /* as sim_se */
    bool conn;               /* as sim_se */
    uint32_t wgen;
    int32_t srv_core;
    uint8_t phase;           /* where it is in a call step with call CPU (CALL_*) */
} sim_coro;

typedef struct {
    int32_t se;              /* the loop's thread */
    int32_t head, tail;      /* FIFO of ready coroutines */
    int32_t cur;             /* coroutine holding the loop (running or blocked), or -1 */
    int32_t last;            /* last coroutine run, for the switch cost */
} sim_loop;

typedef struct {
    int32_t se;              /* unit running on it (switching or in a slice), or -1 */
    int32_t last;            /* last unit it ran, or -1 before its first dispatch */
    uint8_t phase;           /* 0 idle, 1 switching, 2 running a burst */
    int64_t slice_end, burst_start;
    uint32_t lane;
    int64_t ev_t;            /* its one pending EV_CORE (the end of a switch, burst or slice) ... */
    uint64_t ev_seq;         /* ... and its sequence number, */
    int32_t ev_pos;          /* ... at this index of the core queue, or -1 when none is pending */
} sim_core;

typedef struct {
    uint32_t cores, first_core;   /* first_core: index into srv_cores */
    uint32_t *free_cores, nfree;        /* min-heap of idle core numbers: the lowest serves next */
    sim_ring queue;                     /* callers (coded) waiting for a core */
} sim_server;

#define SIM_NO_CALLER INT32_MIN   /* a server core or queue entry whose caller gave up (a timeout) */

typedef struct {
    int32_t caller;          /* coded caller: se id, or ~coro id; SIM_NO_CALLER */
    uint32_t host;           /* its server */
    int64_t arrived;         /* when the request message reached the server */
    uint32_t lane;
    int64_t sent;
} sim_srv_core;

typedef struct {
    int64_t arrival;         /* a task: when it was spawned */
    uint32_t tmpl, inst;     /* a task: its `task` statement and its number among that task's instances */
} sim_inst;

/* What a body waits for: a reason and the object waited on. The tasks issue uses the first ones;
 * locks, semaphores and queues (the synchronization issue) add theirs with their index in obj. */
enum {
    W_NONE,
    W_TASK,      /* await H, offload: obj = the task instance */
    W_ALL,       /* await all: every task it spawned and has not awaited (obj -1) */
    W_GATHER,    /* gather: the tasks of its current gather (obj -1) */
    W_LOCK,      /* acquire: obj = the semaphore or lock (index into syncs) */
    W_GET,       /* get on an empty queue: obj = the queue */
    W_PUT,       /* put on a full queue: obj = the queue */
    W_CALL,      /* a call with a timeout (obj -1): only so that the timeout finds it */
    W_KIND_COUNT
};

typedef struct {
    uint8_t why;             /* W_* */
    int32_t obj;
} sim_wait;

/* A coded unit, as the servers already use it: a sim_se id (>= 0) or ~coroutine id. */
typedef int32_t sim_who;

enum { J_TASK = 1, J_ENDED = 2, J_AWAITED = 4, J_GATHER = 8, J_CALLED = 16 };

/* The state of one running body (a request whose template has control steps, or a task): where it
 * is in its repeats, the tasks it started, and what it waits for. */
typedef struct {
    int32_t parent;          /* the instance that spawned it, or -1 (a request) */
    sim_who who;             /* the unit running it (meaningful once it runs) */
    uint32_t lane;           /* its lane, for the spawn and join arrows */
    uint32_t handles;        /* first of its template's nhandles slots in sim_engine.handles */
    uint32_t pending, ended; /* tasks it spawned and has not awaited; how many of those have ended */
    uint32_t gather_left;    /* tasks of its current gather still running */
    uint32_t gather_next;    /* the next task its current gather starts */
    uint32_t saved_step;     /* sequential: the step to go back to when the called task returns */
    uint32_t rounds;         /* loop-backs of its repeats so far (they key the random draws) */
    int32_t kids;            /* the tasks it spawned that no await has joined yet: a list ... */
    int32_t sib;             /* ... through their sib */
    int32_t reps;            /* its open repeats: index of its block of SCN_MAX_NEST in reps, or -1 */
    int32_t pool;            /* an offloaded task: its pool; else -1 */
    uint16_t depth;          /* spawn depth (a request: 0) */
    uint8_t flags;           /* J_* */
    uint8_t nrep;            /* open repeats */
    bool timed;              /* its wait has a timeout armed (EV_TIMEOUT with gen == tgen) */
    sim_wait wait;
    int32_t inst;            /* the instance it is the body of */
    int32_t holds;           /* the permits it holds: a list of sim_hold through next_body, or -1 */
    uint32_t tgen;           /* timeout generation: bumped when a wait ends, so its timeout is stale */
    uint32_t stamp;          /* deadlock search: visited when == sim_engine.dl_stamp */
    int64_t wait_from;       /* when its current wait began */
} sim_body;

/* One permit of a semaphore or lock held by a body. */
typedef struct {
    int32_t sync, inst;
    int32_t next_sync, next_body;   /* in the sync's list of holds, in the body's; free list: next_sync */
    int32_t prev_sync;              /* the sync's list is doubly linked: a release unlinks in O(1) */
    int64_t since;
} sim_hold;

/* A semaphore, lock or queue at run time. Waiters are instances in FIFO rings; one that leaves by a
 * timeout stays in its ring (skipped when popped: it no longer waits there), so nwait/nput count
 * the live ones. */
typedef struct {
    uint8_t kind;            /* scn_sync_kind */
    uint32_t cap;            /* permits; a queue's size (0 unbounded) */
    uint64_t count;          /* permits taken; items in the queue */
    sim_ring waiters;        /* acquire, get */
    sim_ring putters;        /* put on a full queue */
    uint64_t nwait, nput;
    int32_t holds;           /* its holders (sim_hold list), or -1 */
    uint64_t peak_waiters, peak_count, waits;
    int64_t wait_total, wait_max;
} sim_sync;

/* An open `N * (...)`: its body is steps [head, end); left rounds to go, this one included. */
typedef struct {
    uint32_t head, end, left;
} sim_rep;

typedef struct {
    sim_ring queue;          /* offloaded tasks waiting for a worker */
    sim_ring idle;           /* idle workers (se ids) */
    uint8_t ukind;           /* SCN_THREAD or SCN_PROCESS */
} sim_pool;

/* Bounds on tasks: past them the run stops with a message (a task that spawns itself). */
#define SIM_MAX_TASK_DEPTH 1000u
#define SIM_MAX_LIVE_TASKS 10000000u

/* One per run: its fields are grouped by meaning, not packed (32 bytes of padding are nothing). */
typedef struct { // NOLINT(clang-analyzer-optin.performance.Padding)
    const scn *s;
    const scn_config *cfg;
    trc *t;                  /* NULL when not recording */
    sim_metrics *m;
    sl_err *err;
    bool ok;                 /* false once a limit or malloc failed: the run stops */

    sim_ev *heap; size_t nheap, cap_heap;
    uint32_t *coreq; uint32_t ncoreq;    /* cores with a pending event: a binary heap on (ev_t, ev_seq) */
    sim_ev gil_timer;        /* the one GIL timeout that can still fire, outside the heap ... */
    bool gil_timer_on;       /* ... when armed (see sim_arm_gil) */
    uint64_t seq, max_events;
    int64_t max_memory;      /* bytes of the arrays below and of the trace (engine_bytes) */
    size_t fixed_bytes;      /* what setup allocated once: per request, per core, per server core */
    const atomic_int *cancel;  /* sim_opts.cancel, polled every 4096 events */
    int64_t now;
    int64_t time_limit;      /* SIM_MAX_TIME / cores, worked out once */

    sim_inst *inst; size_t ninst, cap_inst;   /* requests [0, ntop), then tasks as they are spawned */
    size_t ntop;
    size_t next_arrival;
    int64_t *req_end, *req_arrival;      /* per request (arrival order), for latency */
    uint8_t *req_done;

    sim_core *cores;
    sim_se *se; size_t nse, cap_se;
    int32_t rq_head, rq_tail;            /* core ready queue */
    uint32_t idle_cores;
    sim_coro *coros; size_t ncoros, cap_coros;
    sim_loop *loops; uint32_t nloops;
    int32_t main_se;                     /* -1 when spawning is free */
    sim_ring spawn_jobs;                 /* main: requests (or ~worker) to create */
    sim_ring pool_queue, pool_idle;      /* requests waiting for a worker; idle workers */
    bool pooled;
    uint32_t workers_planned;            /* pool workers that exist or are being created */

    int32_t gil_holder;
    int32_t gil_head, gil_tail;
    uint32_t gil_switches, gil_timer_gen;
    int64_t gil_ran_from;    /* when the holder first computed under its grant, or -1: a forced drop
                                waits until it has, so every hand-over makes progress */

    sim_server *servers;
    sim_srv_core *srv_cores; size_t nsrv_cores;

    /* the open (not yet closed) segment of each lane */
    struct sim_open { int64_t t0; int32_t req, aux; uint16_t step; uint8_t state, cause; } *open;
    size_t cap_open;

    /* tasks (NULL / 0 when no body has a control step) */
    int32_t *body_of;                    /* per instance: index into bodies, or -1 */
    sim_body *bodies; size_t nbodies, cap_bodies;
    sim_rep *reps; size_t nreps, cap_reps;
    int32_t *handles; size_t nhandles, cap_handles;   /* `as` slots: task instances */
    uint32_t *task_seq;                  /* per template: instances spawned so far */
    sim_pool *pools; uint32_t npools;
    uint64_t live_tasks;
    uint32_t nreq_units;                 /* units made for requests so far (they are numbered) */
    bool has_control;

    /* synchronization (NULL / 0 when the scenario declares none) */
    sim_sync *syncs; uint32_t nsyncs;
    sim_hold *holds; size_t nholds, cap_holds;
    int32_t hold_free;
    sim_ring dl_cands;                   /* bodies that began a wait in this event: deadlock candidates */
    bool dl_global;                      /* a body began a wait or ended: are all live bodies stuck? */
    uint64_t ctl_nobody;                 /* requests with control steps arrived, no body yet, not ended */
    size_t ctl_last;                     /* 1 + the last request with control steps (0: none), ... */
    bool ctl_last_known;                 /* ... once computed */
    size_t dl_witness;                   /* a body last seen able to go on: checked first */
    int32_t *dl_list; size_t ndl, cap_dl;   /* the bodies of a deadlock being examined */
    uint32_t dl_stamp;
    bool stop;                           /* a deadlock: the run stops after this event */
    sim_report *report;                  /* sim_opts.report, or NULL */

    uint8_t unit_kind;                   /* scn_unit_kind of units made for requests */
    int64_t core_switch_cost;
    int64_t mem_in_use;
    uint64_t in_flight;
    int64_t last_activity;
} sim_engine;

/* A call step with client CPU (callcpu.KIND > 0): its phases. A thread or process computes the
 * first half, sends and waits, computes the second half. A coroutine computes a third (opening
 * the connection), awaits the connect (back of the loop's FIFO), computes a third (the write),
 * awaits the reply, computes the rest (read, close). */
enum { CALL_NONE, CALL_PRE, CALL_CONNECT, CALL_SEND, CALL_WAIT, CALL_POST };

/* sim.c: scheduling services used by the units */
void sim_push(sim_engine *E, int64_t t, uint32_t type, uint32_t a, uint32_t gen);
/* Arms the GIL timeout for generation gen at time t, replacing any armed one (which a new
 * generation has made stale): it takes its turn among the events as sim_push would give it. */
void sim_arm_gil(sim_engine *E, int64_t t, uint32_t gen);
void sim_lane(sim_engine *E, uint32_t lane, uint8_t state, int32_t req, uint16_t step, int32_t aux);
void sim_mark(sim_engine *E, uint32_t lane, uint8_t kind, int32_t req, int32_t aux);
/* Why the lane entered its current (open) state: a trc_cause kept in the segment's flags. Called
 * right after the sim_lane that opened the wait; a later sim_lane to another state resets it. */
void sim_cause(sim_engine *E, uint32_t lane, uint8_t cause);
/* The same with a record of what the state alone does not say (see trc_why). */
void sim_why(sim_engine *E, uint32_t lane, uint8_t cause, int32_t who, int64_t x);
void sim_make_ready(sim_engine *E, int32_t id);
int64_t sim_step_dur(sim_engine *E, int32_t req, uint32_t step, uint32_t which);
const scn_step *sim_step_of(sim_engine *E, int32_t req, uint32_t step);
bool sim_new_lane(sim_engine *E, trc_lane_kind kind, int32_t host, int32_t index, int32_t parent,
                  const char *name, uint32_t *lane);
/* Records what the lane's name is made of (see trc_word); number < 0: the word alone. */
void sim_lane_word(sim_engine *E, uint32_t lane, trc_word word, int32_t number);
bool sim_ring_push(sim_engine *E, sim_ring *r, int32_t v);
bool sim_ring_pop(sim_ring *r, int32_t *out);

/* sim_units.c: what a unit does next */
bool sim_se_next(sim_engine *E, int32_t id);          /* true: it has a CPU burst to run */
void sim_arrive(sim_engine *E, int32_t req);
void sim_wake_se(sim_engine *E, int32_t id);
void sim_wake_coro(sim_engine *E, int32_t id);
void sim_burst_done(sim_engine *E, int32_t id);       /* the SE's burst consumed all its CPU */
void sim_srv_arrive(sim_engine *E, int32_t caller, uint32_t gen);
void sim_srv_done(sim_engine *E, uint32_t srv_core);
void sim_gil_timeout(sim_engine *E, uint32_t gen);
void sim_gil_granted(sim_engine *E, int32_t id);       /* the hand-over latency is over: id may run */
void sim_gil_drop(sim_engine *E, int32_t id);          /* holder id is off the CPU: hand the GIL over */
void sim_preempt(sim_engine *E, int32_t id);           /* sim.c: take a unit off its core now */
bool sim_setup_units(sim_engine *E);
uint8_t sim_burst_state(uint8_t burst);

/* sim_units.c, used by sim_tasks.c */
void sim_send_msg(sim_engine *E, int64_t t0, int64_t t1, uint32_t from, uint32_t to, int32_t req, uint32_t step,
                  uint8_t kind);
void sim_req_started(sim_engine *E, int32_t r, uint32_t lane);
bool sim_mem_take(sim_engine *E, uint8_t ukind);
void sim_mem_give(sim_engine *E, uint8_t ukind);
/* A call's connection (memory.connection) from its send to its reply, or until a timeout drops it. */
void sim_conn_open(sim_engine *E, sim_who w);
void sim_conn_close(sim_engine *E, sim_who w);
void sim_coro_create(sim_engine *E, uint32_t loop, int32_t r, const char *name, uint32_t spawner);
void sim_unit_create_task(sim_engine *E, int32_t r, uint8_t ukind, const char *name, uint32_t spawner);
void sim_pool_wake(sim_engine *E, uint32_t pool);
uint32_t sim_who_lane(sim_engine *E, sim_who w);

/* sim_tasks.c: the control steps and the life of tasks */
enum { CTL_NEXT, CTL_WAIT, CTL_BURST, CTL_FAIL };
/* Runs control step st of the body of instance r, run by unit w at *step: CTL_NEXT with *step (and
 * perhaps the unit's current body: a sequential call) moved on, CTL_WAIT when the body now waits
 * (its wait says for what), CTL_BURST when the unit must first spend its spawn cost (SE units). */
int sim_ctl_step(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st);
/* The step after `step` in r's body, going round its repeats (inline: most bodies have none, and
 * this runs at every step). */
uint32_t sim_next_step_rep(sim_engine *E, int32_t r, uint32_t step);
static inline uint32_t sim_next_step(sim_engine *E, int32_t r, uint32_t step)
{
    return !E->body_of || E->body_of[r] < 0 ? step + 1 : sim_next_step_rep(E, r, step);
}
/* The unit finished the spawn burst of its current step: the task exists now. */
void sim_spawn_done(sim_engine *E, int32_t id);
/* Ends the wait of r's body (its wait.why back to W_NONE): the unit running it goes on with the step
 * after the one it waited at, through an EV_WAKE_SE/EV_WAKE_CORO at the current instant. */
void sim_body_wake(sim_engine *E, int32_t r);
/* The lane state of a body waiting for `why` (W_*): TRC_AWAIT for tasks, TRC_LOCKWAIT for a lock or
 * semaphore, TRC_QWAIT for a queue (sim_units.c). */
uint8_t sim_wait_state(uint8_t why);
/* The trc_cause of a body's wait, for the explanations: a wait kind the synchronization issue adds
 * (a lock, a semaphore, a queue) returns its own TRC_CAUSE_ code here, one line each. */
static inline uint8_t sim_wait_cause(uint8_t why)
{
    switch (why) {
    case W_LOCK: return TRC_CAUSE_LOCK;
    case W_GET: return TRC_CAUSE_QGET;
    case W_PUT: return TRC_CAUSE_QPUT;
    default: return TRC_CAUSE_TASK;   /* W_TASK, W_ALL, W_GATHER */
    }
}
/* r's body has run to its end (a task: wakes whoever awaits it). */
void sim_task_end(sim_engine *E, int32_t r, uint8_t how);
/* A sequential call returns: the unit goes back to the body that called r. */
void sim_call_return(sim_engine *E, int32_t id, uint8_t how);
static inline bool sim_is_task(const sim_engine *E, int32_t r) { return (size_t)r >= E->ntop; }
sim_body *sim_body_of(sim_engine *E, int32_t r);   /* NULL when r's body needs none */
bool sim_setup_tasks(sim_engine *E);
/* After the last event: false, with a `deadlock` message saying what the first unfinished request
 * waits for, when some request never finished (bodies awaiting tasks that can never end, e.g. a
 * pool whose every worker awaits work queued behind it). */
bool sim_check_stuck(sim_engine *E);
void sim_free_tasks(sim_engine *E);
/* Ends r's wait: its timeout is stale, its unit wakes (an event at now). */
void sim_body_wake(sim_engine *E, int32_t r);
/* Pushes the wake of unit w at time t, with its current wake generation. */
void sim_wake_at(sim_engine *E, sim_who w, int64_t t);

/* Why a body failed: the trace's TRC_WHY_* */
/* sim_units.c: ending a body that failed while its unit waits (a timeout) or runs (an error) */
void sim_unit_abort(sim_engine *E, sim_who w, int32_t r, uint8_t why);
/* The request ends (how: TRC_REQ_DONE or TRC_REQ_FAILED with why). */
void sim_req_end(sim_engine *E, int32_t r, uint32_t lane, uint8_t how, uint8_t why);

/* sim_sync.c: semaphores, locks, queues, timeouts, deadlocks */
bool sim_setup_syncs(sim_engine *E);
void sim_free_syncs(sim_engine *E);
int sim_sync_step(sim_engine *E, sim_who w, int32_t r, uint32_t *step, const scn_step *st);
/* Arms the timeout of step st for r's wait that begins now (nothing when st has none). */
void sim_arm_timeout(sim_engine *E, int32_t r, const scn_step *st);
void sim_timeout(sim_engine *E, int32_t r, uint32_t gen);
/* The body is ending: true when it still held permits (a run-time error: they are released). */
bool sim_sync_body_end(sim_engine *E, int32_t r);
/* After each event: a deadlock among the bodies that began a wait (stops the run). */
void sim_deadlock_check(sim_engine *E);
/* At the end of the events: bodies still waiting can never be woken. */
void sim_deadlock_final(sim_engine *E);
/* Fills the report's resource statistics at the end of the run. */
bool sim_sync_report(sim_engine *E);
void sim_sync_release_all(sim_engine *E, int32_t r);   /* a failing body lets its permits go */
/* A call with a timeout begins (the body's wait is W_CALL) / its reply came back in time. */
void sim_call_wait(sim_engine *E, sim_who w, int32_t r, const scn_step *st);
void sim_call_back(sim_engine *E, int32_t r);

#endif
