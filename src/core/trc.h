/* trc.h — the trace: what a simulated run did, per lane, as time-sorted segments, plus messages,
 * markers and per-request records. Owns its arrays; after trc_finish each lane's segments are
 * contiguous and sorted by start time, so a viewer finds a time window by binary search. */
#ifndef TRC_H
#define TRC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sl_util.h"

#define TRC_MAX_SEGMENTS 200000000u   /* ~6.4 GB of segments: a run stops with a message past it */

typedef enum {
    TRC_LANE_CORE,    /* a client CPU core: what it runs */
    TRC_LANE_MAIN,    /* the main unit (parent process / main thread) that spawns the others */
    TRC_LANE_UNIT,    /* a process or thread (sequential: the one unit) */
    TRC_LANE_LOOP,    /* an event loop's thread (coroutines) */
    TRC_LANE_CORO,    /* one coroutine */
    TRC_LANE_SERVER,  /* one core of a server */
    TRC_LANE_KIND_COUNT
} trc_lane_kind;

typedef enum {
    TRC_RUN,       /* computing a `cpu` step (core lanes: running some unit) */
    TRC_READY,     /* ready but not running: waiting for a core, or for its event loop */
    TRC_GIL,       /* ready but waiting for the GIL */
    TRC_WAIT,      /* waiting on `io` or on a `call` (an await for coroutines) */
    TRC_BLOCKED,   /* in a `block` call: the whole thread waits */
    TRC_SWITCH,    /* paying a context switch */
    TRC_SPAWN,     /* creating a unit */
    TRC_SERVE,     /* a server core serving a call */
    TRC_QUEUED,    /* a call waiting in a server's FIFO queue (on the unit's lane: still TRC_WAIT) */
    TRC_AWAIT,     /* awaiting a task (await, gather, offload; aux: the task instance, or -1 for several) */
    TRC_LOCKWAIT,  /* waiting for a lock or semaphore (acquire; aux: the resource, index into res) */
    TRC_QWAIT,     /* waiting on a queue (get on empty, put on full; aux: the resource) */
    TRC_STATE_COUNT
} trc_state;

typedef enum {
    TRC_MK_AWAIT,   /* a coroutine gives the loop back */
    TRC_MK_RETURN,  /* a unit finishes its request */
    TRC_MK_SPAWN,   /* a unit was created (on the new unit's lane) */
    TRC_MK_FAIL,    /* a request failed (memory budget) */
    TRC_MK_SWITCH,  /* a core (or loop) changed unit: a "commutation" */
    TRC_MK_NOTE,    /* a lecturer's note (aux = note index in the scenario) */
    TRC_MK_TIMEOUT, /* a timeout abandoned the unit's step: its request or task failed */
    TRC_MK_DEADLOCK,/* the unit is part of the deadlock that stopped the run */
    TRC_MK_ERROR,   /* a run-time error: release of what it does not hold, or ending while holding */
    TRC_MARK_KIND_COUNT
} trc_mark_kind;

typedef struct {
    int64_t t0, t1;    /* [t0, t1) in ns */
    uint32_t lane;
    int32_t req;       /* request instance, or -1 (switch/spawn on behalf of nobody) */
    int32_t aux;       /* core lanes: the unit lane it runs; unit lanes: the core index; else -1 */
    uint16_t step;     /* step index within the request's template (for its label) */
    uint8_t state;     /* trc_state */
    uint8_t flags;     /* trc_cause: why the lane entered this state (TRC_CAUSE_NONE: not recorded) */
} trc_seg;              /* 32 bytes */

/* Why a scheduling decision was taken (issue "Why?"). Every wait a unit enters carries its cause in
 * its segment's flags (no byte more per segment); the causes that need more than the trace already
 * says (who holds the GIL and when it must let go, how many calls queue ahead, how much memory was held) add
 * a trc_why record. The rest is read back from the trace: which units held the cores at that
 * instant (the core lanes), which coroutine held the loop (the loop lane), which task is awaited
 * (the segment's aux), since when the GIL's holder has held it (its lane's last stretch of running
 * or ready). Explained in words by src/view/lay_why.c.
 *
 * EXTENSION POINT (a new kind of wait): add one line per cause before TRC_CAUSE_COUNT, as
 * TRC_CAUSE_LOCK, TRC_CAUSE_QGET and TRC_CAUSE_QPUT were for locks, semaphores and queues,
 * set it where the engine opens the wait (sim_wait_cause in sim_int.h for a body's wait kind; else
 * sim_cause, or sim_why when it has a holder or a count),
 * then give it its sentence in lay_why.c (why_sentence) and assets/lang (WHY_LOCK). */
typedef enum {
    TRC_CAUSE_NONE,
    TRC_CAUSE_NO_CORE,    /* ready, every core busy: the units on the cores are the core lanes at t */
    TRC_CAUSE_PREEMPTED,  /* ready: its time slice ended while another unit waited for a core */
    TRC_CAUSE_GIL,        /* waits for the GIL (record: who = holder lane, x = when the interval forces it out, or -1) */
    TRC_CAUSE_GIL_DROP,   /* forced to give the GIL up after the switch interval (record: who = next holder) */
    TRC_CAUSE_LOOP,       /* a coroutine ready: the loop is held by another (the loop lane at t says which) */
    TRC_CAUSE_QUEUED,     /* a call queued at a server (record: who = the server's first lane, x = calls ahead) */
    TRC_CAUSE_MEMORY,     /* a request refused by the memory budget (record: x = bytes held, who = request) */
    TRC_CAUSE_TASK,       /* awaiting a task (the segment's aux: the task, or -1 for several) */
    TRC_CAUSE_LOCK,       /* waiting for a lock or semaphore (aux: the resource; its holders: trc.holds) */
    TRC_CAUSE_QGET,       /* waiting to get from an empty queue (aux: the queue) */
    TRC_CAUSE_QPUT,       /* waiting to put into a full queue (aux: the queue) */
    TRC_CAUSE_COUNT
} trc_cause;

typedef struct {
    int64_t t;          /* when it was decided */
    int64_t x;          /* cause-dependent instant, amount or count (see trc_cause) */
    uint32_t lane : 27; /* the lane it is about (TRC_MAX_LANES < 2^27) ... */
    uint32_t cause : 5; /* ... and its trc_cause (32: room for the synchronization causes) */
    int32_t who;        /* the lane involved (MEMORY: the request), or -1 */
} trc_why;              /* 24 bytes, only for the causes that need it */

/* SPAWN: spawner -> the task's lane when it is created (or taken by a pool worker); JOIN: the task's
 * end -> the lane whose await it ends. For both, req is the task instance. */
typedef enum { TRC_MSG_REQUEST, TRC_MSG_REPLY, TRC_MSG_SPAWN, TRC_MSG_JOIN } trc_msg_kind;

typedef struct {
    int64_t t0, t1;          /* sent, received */
    uint32_t from, to;       /* lanes */
    int32_t req;
    uint16_t step;
    uint8_t kind;            /* trc_msg_kind */
} trc_msg;

typedef struct {
    int64_t t;
    uint32_t lane;
    int32_t req;             /* or -1 */
    int32_t aux;             /* kind-dependent: SWITCH: unit lane switched to; NOTE: note index */
    uint8_t kind;            /* trc_mark_kind */
} trc_mark;

/* The word a lane's name is made of, so a viewer can write it in its own language. */
typedef enum {
    TRC_WORD_NONE,       /* the name is a host's name: shown as it is */
    TRC_WORD_CORE, TRC_WORD_MAIN, TRC_WORD_PROCESS, TRC_WORD_THREAD, TRC_WORD_WORKER,
    TRC_WORD_LOOP, TRC_WORD_COROUTINE,
    TRC_WORD_COUNT
} trc_word;

typedef struct {
    const char *name;        /* owned by the trace's string pool (English: "thread 3", "core 0") */
    uint8_t word;            /* trc_word: name = word, then number when has_number */
    bool has_number;
    int32_t number;
    uint8_t kind;            /* trc_lane_kind */
    int32_t host;            /* -1 the client, else the server index */
    int32_t index;           /* core number, unit number, server core number */
    int32_t parent;          /* CORO: its loop lane; else -1 */
    int32_t spawner;         /* a task's lane: the lane of the unit that spawned it; else -1 */
    int32_t pool;            /* a pool worker: the pool's index (pool_names); else -1 */
    uint32_t seg_first, seg_count;  /* valid after trc_finish */
} trc_lane;

/* TRC_REQ_TASK: a spawned task, not a request (a request's record never has it). */
enum { TRC_REQ_FAILED = 1, TRC_REQ_DONE = 2, TRC_REQ_TASK = 4 };
/* Why a request or task failed. */
enum { TRC_WHY_NONE, TRC_WHY_MEMORY, TRC_WHY_TIMEOUT, TRC_WHY_ERROR };

typedef struct {
    int64_t arrival, start, end;  /* start: first ran; end: finished (or failed) */
    uint32_t tmpl;                 /* request statement index */
    uint32_t instance;             /* 0-based index within its statement */
    int32_t lane;                  /* the lane of the unit that ran it, or -1 */
    uint8_t flags;                 /* TRC_REQ_* */
    int32_t parent;                /* TRC_REQ_TASK: the instance that spawned it (else meaningless) */
    uint8_t why;                   /* TRC_REQ_FAILED: TRC_WHY_* */
} trc_req;

/* A semaphore, lock or queue of the scenario (kind: scn_sync_kind order: semaphore, lock, queue). */
typedef struct {
    const char *name;
    uint8_t kind;
    uint32_t capacity;             /* permits; a queue's size, 0 unbounded */
    uint64_t peak_waiters, waits, peak_count;   /* the run's statistics (as sim_res_stats) */
    int64_t wait_total_ns, wait_max_ns;
} trc_res;

/* A resource's state from time t on: holders (semaphore, lock) or items (queue), and waiters. */
typedef struct {
    int64_t t;
    uint32_t res;
    uint32_t value, waiters;
} trc_res_sample;

/* A permit of a semaphore or lock held by a request or task over [t0, t1). */
typedef struct {
    int64_t t0, t1;
    uint32_t res;
    int32_t req;
    int32_t lane;                  /* the lane of the unit that held it, or -1 */
} trc_hold;

/* One unit of a deadlock: the body it runs, what it waits for, who holds that. */
typedef struct {
    int32_t lane;                  /* its lane, or -1 */
    int32_t req;                   /* the request or task instance */
    const char *unit;              /* "a", "page #3", "fetch #2" */
    const char *waits;             /* "lock y", "queue jobs (get)", "task c2" */
    const char *holders;           /* "b", "a, c", or "" */
} trc_dl_unit;

/* The deadlock that stopped the run, if any. */
typedef struct {
    bool on;
    int64_t t;
    trc_dl_unit *units; size_t nunits;
    const char *cycle;             /* "a -> lock y -> b -> lock x -> a", or "" when there is none */
} trc_deadlock;

/* What a viewer needs of a request statement, copied so the trace stands alone. */
typedef struct {
    const char *name;
    uint32_t color;                /* 0xRRGGBB when has_color */
    bool has_color;
    uint32_t first_label, nsteps;  /* labels[first_label + step]: a step's label or NULL */
    uint32_t count;                /* instances of the statement */
} trc_tmpl;

/* A lecturer's annotation from the scenario's `note` statements. */
typedef struct {
    int32_t host;      /* -1 the client, else the server index */
    int64_t from, to;  /* to == from: a point */
    const char *text;
} trc_note;

typedef struct {
    trc_lane *lanes;   size_t nlanes, cap_lanes;
    trc_seg *segs;     size_t nsegs, cap_segs;
    trc_msg *msgs;     size_t nmsgs, cap_msgs;
    trc_mark *marks;   size_t nmarks, cap_marks;
    trc_req *reqs;     size_t nreqs, cap_reqs;
    trc_tmpl *tmpls;   size_t ntmpls, cap_tmpls;
    const char **labels; size_t nlabels, cap_labels;
    trc_why *whys;     size_t nwhys, cap_whys;       /* in time order, as added */
    int64_t switchinterval, mem_budget;              /* the GIL's and the memory's, for the explanations */
    trc_note *notes;   size_t nnotes;
    const char **hosts; size_t nhosts;               /* hosts[0] the client, hosts[1 + i] server i */
    const char **pool_names; size_t npools;          /* the scenario's pools, by index */
    const char *title;                               /* the scenario's title, or NULL */
    trc_res *res;      size_t nres;                  /* semaphores, locks, queues */
    trc_res_sample *samples; size_t nsamples, cap_samples;   /* time-sorted */
    trc_hold *holds;   size_t nholds, cap_holds;     /* in order of release */
    trc_deadlock deadlock;
    char **pool;       size_t npool, cap_pool;       /* owned blocks of strings (trc_intern) */
    char *pool_next;   size_t pool_room;             /* free space of the current block */
    int64_t *seg_ends; /* after trc_finish: the end of every TRC_SEG_STRIDE-th segment (trc_lane_seg_after) */
    int64_t end;       /* last instant anything happened */
    size_t max_segments;   /* 0: TRC_MAX_SEGMENTS */
    uint8_t model;     /* the scn_model that ran, when has_model: what the views call the units */
    bool has_model;    /* the small fields last: no padding between the large ones */
    bool finished;
} trc;

void trc_init(trc *t);
void trc_free(trc *t);

/* Building (the engine). Each returns false with a message when a limit or malloc fails. */
bool trc_add_lane(trc *t, trc_lane_kind kind, int32_t host, int32_t index, int32_t parent,
                  const char *name, uint32_t *out_id, sl_err *err);
bool trc_add_seg(trc *t, const trc_seg *s, sl_err *err);
bool trc_add_msg(trc *t, const trc_msg *m, sl_err *err);
bool trc_add_mark(trc *t, const trc_mark *m, sl_err *err);
bool trc_add_why(trc *t, const trc_why *w, sl_err *err);
/* Bytes the trace holds (its arrays' capacities and string blocks): what a memory budget counts. */
size_t trc_bytes(const trc *t);
/* Copies a string into the trace's pool; NULL stays NULL. */
bool trc_intern(trc *t, const char *s, const char **out, sl_err *err);
bool trc_add_sample(trc *t, const trc_res_sample *s, sl_err *err);
/* The resource samples of res at or before time ts: the index of the last, or -1. */
long trc_sample_at(const trc *t, uint32_t res, int64_t ts);

/* Sorts segments by lane (stable: each lane's segments were added in start order) and fills
 * seg_first/seg_count. Marks stay sorted by time as added. */
bool trc_finish(trc *t, sl_err *err);

/* Segments of a lane (after trc_finish). */
static inline const trc_seg *trc_lane_segs(const trc *t, uint32_t lane, size_t *n)
{
    *n = t->lanes[lane].seg_count;
    return t->segs + t->lanes[lane].seg_first;
}

/* Index (within the lane) of the first segment ending after time ts: binary search. */
size_t trc_lane_first_after(const trc *t, uint32_t lane, int64_t ts);

/* The same among the lane's segments [lo, seg_count) only (lo when it already ends after ts):
 * a search from lo through the ends of every TRC_SEG_STRIDE-th segment (a compact array that
 * stays in the cache), then among TRC_SEG_STRIDE segments, whatever the distance. */
#define TRC_SEG_STRIDE 32
size_t trc_lane_seg_after(const trc *t, uint32_t lane, size_t lo, int64_t ts);

/* The label of a segment's step, or NULL. */
const char *trc_seg_label(const trc *t, const trc_seg *s);

const char *trc_state_name(trc_state s);
const char *trc_cause_name(trc_cause c);   /* "no_core", "gil", ...: the JSON's names */
const char *trc_mark_name(trc_mark_kind k);
const char *trc_lane_kind_name(trc_lane_kind k);

#endif
