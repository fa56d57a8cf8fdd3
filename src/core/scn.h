/* scn.h — the scenario: hosts, request templates, costs and notes, as parsed from a file.
 * Owns the scn struct and all its arrays (scn_free releases them); parsing never aborts: bad input
 * gives `FILE:LINE:COL: error: ...` in an sl_err and a false return. */
#ifndef SCN_H
#define SCN_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>
#include <stdio.h>

#include "sl_util.h"

/* Limits past which input is an error, not a crash. */
#define SCN_MAX_REQUESTS  10000000u   /* total request instances after expanding `repeat` */
#define SCN_MAX_SERVERS   4096u
#define SCN_MAX_STEPS     65535u      /* steps in one request statement */
#define SCN_MAX_CORES     4096u      /* client cores */
#define SCN_MAX_SERVER_CORES 1000000u /* a server stands for a whole farm: it may serve many calls at once */
#define SCN_MAX_WORKERS   1000000u
#define SCN_MAX_DURATION  (INT64_C(1000000) * INT64_C(1000000000))  /* 1e6 s */
#define SCN_MAX_BYTES     (INT64_C(1) << 50)                          /* 1 PiB */
#define SCN_MAX_TEXT      (1u << 30)  /* bytes in one scenario file (lines then fit an int) */
#define SCN_MAX_STREAM    (64u << 20) /* bytes read from standard input, a FIFO or a device */
#define SCN_MAX_POOLS     256u
#define SCN_MAX_NEST      16u         /* `N * (...)` inside one another */
#define SCN_MAX_ROUNDS    1000000000u /* N of `N * (...)` */
#define SCN_MAX_GATHER    10000000u   /* tasks started by one `gather` */
#define SCN_MAX_HANDLES   4096u       /* `spawn ... as H` names in one body */
#define SCN_MAX_SYNCS     4096u       /* semaphores, locks and queues */
#define SCN_MAX_PERMITS   1000000000u /* N of `semaphore NAME N`, `queue NAME size=N` */
#define SCN_MAX_LIMIT_EVENTS UINT64_C(1000000000000)  /* `limit events=`: 10^12 (days of work) */
#define SCN_MIN_LIMIT_MEMORY (INT64_C(1) << 20)       /* `limit memory=`: at least 1 MiB */

typedef enum { SCN_SEQUENTIAL, SCN_PROCESSES, SCN_THREADS, SCN_COROUTINES, SCN_MODEL_COUNT } scn_model;

/* Unit kinds index the per-kind cost arrays below. */
typedef enum { SCN_PROCESS, SCN_THREAD, SCN_COROUTINE, SCN_UNIT_KIND_COUNT } scn_unit_kind;

/* ideal: every overhead 0 (switches, creation, call CPU, GIL hand-over, connections), python's unit memory and GIL:
 * the world the course's figures draw. */
typedef enum { SCN_PROFILE_PYTHON, SCN_PROFILE_C, SCN_PROFILE_IDEAL, SCN_PROFILE_COUNT } scn_profile;

typedef enum { SCN_DIST_CONST, SCN_DIST_EXP, SCN_DIST_UNIFORM } scn_dist_kind;

/* A duration: constant a; exp with mean a; uniform in [a, b]. Nanoseconds. */
typedef struct {
    uint8_t kind;
    int64_t a, b;
} scn_dist;

/* The first four take time; the others steer the body (tasks issue): their fields below. */
typedef enum {
    SCN_STEP_CPU, SCN_STEP_IO, SCN_STEP_BLOCK, SCN_STEP_CALL,
    SCN_STEP_SPAWN,      /* spawn TASK [as H] */
    SCN_STEP_AWAIT,      /* await H */
    SCN_STEP_AWAIT_ALL,  /* await all */
    SCN_STEP_GATHER,     /* gather T1 T2 ... | gather N T */
    SCN_STEP_OFFLOAD,    /* offload POOL TASK */
    SCN_STEP_REPEAT,     /* N * (STEPS): its body is the `span` steps that follow it */
    SCN_STEP_ACQUIRE,    /* acquire NAME [timeout=D]   (synchronization issue; host: the sync) */
    SCN_STEP_RELEASE,    /* release NAME */
    SCN_STEP_PUT,        /* put NAME */
    SCN_STEP_GET,        /* get NAME [timeout=D] */
    SCN_STEP_KIND_COUNT
} scn_step_kind;

typedef struct {
    uint8_t kind;       /* scn_step_kind */
    int32_t host;       /* CALL: index into servers; OFFLOAD: index into pools; ACQUIRE, RELEASE, PUT,
                           GET: index into syncs; -1 otherwise */
    scn_dist dur;       /* CPU/IO/BLOCK: its duration; CALL: the serve time */
    scn_dist latency;   /* CALL only: one-way network latency */
    int32_t label;      /* string id of the quoted label, or -1 */
    int32_t task;       /* SPAWN, OFFLOAD: the task (index into reqs); GATHER: first of its names in
                           scn.gathered; -1 otherwise */
    int32_t handle;     /* SPAWN with `as`, AWAIT: the handle's slot in its body (0..nhandles); -1 */
    uint32_t count;     /* GATHER: tasks started; REPEAT: rounds; 0 otherwise */
    uint32_t span;      /* GATHER: names in scn.gathered (1 for `gather N T`); REPEAT: steps of its body */
    int64_t timeout;    /* `timeout=D` of ACQUIRE, GET, CALL, AWAIT, AWAIT_ALL: ns, 0 none */
} scn_step;

/* True for the steps that steer the body rather than take time. */
static inline bool scn_step_is_control(uint8_t kind) { return kind >= SCN_STEP_SPAWN; }

typedef enum { SCN_ARRIVE_AT, SCN_ARRIVE_EVERY, SCN_ARRIVE_RATE } scn_arrival_kind;

/* One `request` statement (possibly under `repeat N`): a template for `count` instances; or a
 * `task` statement (is_task, count 0): a body that runs only when spawned. */
typedef struct {
    int32_t name;        /* string id */
    uint32_t color;      /* 0xRRGGBB when has_color */
    bool has_color;
    uint32_t first_step; /* index into scn.steps */
    uint32_t nsteps;
    uint8_t arrival;     /* scn_arrival_kind */
    int64_t at;          /* first arrival */
    uint32_t count;      /* 1 unless under `repeat` */
    bool repeated;       /* written under `repeat` (the sweep replaces the first one's count) */
    int64_t every;       /* SCN_ARRIVE_EVERY: spacing */
    double rate_per_s;   /* SCN_ARRIVE_RATE: Poisson rate */
    int line;            /* where it was written, for messages */
    bool is_task;        /* a `task`: arrives only when spawned, gathered or offloaded */
    bool has_control;    /* its body holds spawn/await/gather/offload/repeat steps */
    uint16_t nhandles;   /* `as` names in its body */
} scn_request;

typedef enum { SCN_POOL_THREADS, SCN_POOL_PROCESSES } scn_pool_kind;

/* `pool NAME threads=N|processes=N`: N workers created at t=0 that run offloaded tasks. */
typedef struct {
    int32_t name;     /* string id */
    uint8_t kind;     /* scn_pool_kind */
    uint32_t size;    /* >= 1 */
    int line;
} scn_pool;

typedef enum { SCN_SYNC_SEMAPHORE, SCN_SYNC_LOCK, SCN_SYNC_QUEUE } scn_sync_kind;

/* `semaphore NAME N`, `lock NAME` (a semaphore of 1), `queue NAME [size=N]` (0: unbounded). */
typedef struct {
    int32_t name;     /* string id */
    uint8_t kind;     /* scn_sync_kind */
    uint32_t size;    /* permits (semaphore >= 1, lock 1); a queue's capacity, 0 unbounded */
    int line;
} scn_sync;

typedef struct {
    int32_t name;     /* string id */
    uint32_t cores;   /* >= 1 */
    int line;
} scn_server;

/* `note HOST at=T "text"` or `note HOST from=T to=T "text"`: a lecturer's annotation. */
typedef struct {
    int32_t host;     /* -1 the client, else a server index */
    int64_t from, to; /* to == from for a point note */
    int32_t text;     /* string id */
} scn_note;

/* Which config fields the file (or --set) wrote, so a profile fills only the others. */
enum {
    SCN_SET_TIMESLICE = 1u << 0,
    SCN_SET_SWITCH_P = 1u << 1, SCN_SET_SWITCH_T = 1u << 2, SCN_SET_SWITCH_C = 1u << 3,
    SCN_SET_SPAWN_P = 1u << 4, SCN_SET_SPAWN_T = 1u << 5, SCN_SET_SPAWN_C = 1u << 6,
    SCN_SET_MEM_P = 1u << 7, SCN_SET_MEM_T = 1u << 8, SCN_SET_MEM_C = 1u << 9,
    SCN_SET_BUDGET = 1u << 10, SCN_SET_SWITCHINTERVAL = 1u << 11,
    SCN_SET_GIL = 1u << 12,
    SCN_SET_START_P = 1u << 13, SCN_SET_START_T = 1u << 14, SCN_SET_START_C = 1u << 15,
    SCN_SET_CALLCPU_P = 1u << 16, SCN_SET_CALLCPU_T = 1u << 17, SCN_SET_CALLCPU_C = 1u << 18,
    SCN_SET_HANDOVER = 1u << 19,
    SCN_SET_MEM_CONN = 1u << 20,
};

/* A cost profile: a built-in one (python, c, ideal) or one read from a file that `schedlab
 * calibrate` wrote (`profile ./my.profile`). Indexed by scn_unit_kind. */
typedef struct {
    int64_t spawn[SCN_UNIT_KIND_COUNT];    /* the creator's part of creating a unit */
    int64_t start[SCN_UNIT_KIND_COUNT];    /* the new unit's own part, before its first step */
    int64_t sw[SCN_UNIT_KIND_COUNT];
    int64_t callcpu[SCN_UNIT_KIND_COUNT];  /* client CPU of one call (process: also sequential) */
    int64_t mem[SCN_UNIT_KIND_COUNT];
    int64_t mem_conn;                      /* held by each call from its send to its reply */
    int64_t handover;                      /* the GIL left idle each time it changes hands */
    bool gil;
} scn_costs;

typedef struct {
    int32_t title;                              /* string id or -1 */
    uint8_t lang;                               /* `lang`: 0 none, 1 en, 2 fr (lay_lang + 1) */
    uint8_t model;                              /* scn_model */
    uint8_t profile;                            /* scn_profile */
    uint32_t cores;                             /* client cores, >= 1 */
    int64_t timeslice;                          /* > 0 */
    int64_t switch_cost[SCN_UNIT_KIND_COUNT];   /* >= 0 */
    int64_t spawn_cost[SCN_UNIT_KIND_COUNT];    /* >= 0: the creator's part */
    int64_t start_cost[SCN_UNIT_KIND_COUNT];    /* >= 0: the new unit's part, before its first step */
    int64_t call_cpu[SCN_UNIT_KIND_COUNT];      /* >= 0: client CPU of one call (process: also sequential) */
    int64_t gil_handover;                       /* >= 0: the GIL idle at each change of hands */
    int64_t mem_unit[SCN_UNIT_KIND_COUNT];      /* bytes, >= 0 */
    int64_t mem_budget;                         /* bytes, > 0 */
    int64_t mem_conn;                           /* bytes, >= 0: an open connection (a call in flight) */
    bool gil;
    int64_t switchinterval;                     /* > 0 */
    uint32_t workers;                           /* 0: one unit per request (loops: 1) */
    uint64_t seed;
    double latency_scale;                       /* multiplies every call latency; > 0 */
    int32_t client;                             /* string id of the client host's name */
    uint32_t explicit_set;                      /* SCN_SET_* bits */
    uint64_t limit_events;                      /* `limit events=N`: 0 the engine's default */
    int64_t limit_memory;                       /* `limit memory=SIZE`, bytes: 0 the default */
    /* The rules of issue 14 that are no cost (docs/model.md), each a --set key; false: the rule. */
    bool mem_at_arrival;                        /* memory.at=arrival: the old rule (taken at arrival) */
    bool gil_spawn_free;                        /* gil.spawn=off: creating a thread needs no GIL */
    bool connect_direct;                        /* connect.await=off: a coroutine's call is one await */
    bool has_custom;                            /* `profile FILE`: custom replaces the built-in costs */
    scn_costs custom;
} scn_config;

typedef struct {
    char *path;           /* the file name used in messages (owned) */
    scn_config cfg;
    scn_server *servers;  size_t nservers, cap_servers;
    scn_request *reqs;    size_t nreqs, cap_reqs;
    scn_step *steps;      size_t nsteps, cap_steps;
    scn_note *notes;      size_t nnotes, cap_notes;
    scn_pool *pools;      size_t npools, cap_pools;
    int32_t *gathered;    size_t ngathered, cap_gathered;   /* task indices named by `gather T1 T2 ...` */
    scn_sync *syncs;      size_t nsyncs, cap_syncs;         /* semaphores, locks, queues */
    char *strings;        size_t strings_len, cap_strings;   /* NUL-separated string pool */
} scn;

/* Parses text[0..len) (LF or CRLF) into *out, naming `path` in messages. On failure returns
 * false with `path:LINE:COL: error: expected ..., got '...'` in err and *out left empty.
 * On success *out owns its memory: release with scn_free. */
bool scn_parse(const char *path, const char *text, size_t len, scn *out, sl_err *err);

/* Reads and parses a file; a file that cannot be read is reported as `path: error: ...`. A regular
 * file's size is checked before it is read (SCN_MAX_TEXT); other files are cut at SCN_MAX_STREAM. */
bool scn_load(const char *path, scn *out, sl_err *err);

/* The same from an open stream (standard input), named `name` in messages. */
bool scn_read(FILE *f, const char *name, scn *out, sl_err *err);

/* Applies one `KEY=VALUE` override, KEY a top-level statement or statement.key: model, cores,
 * timeslice, switch.process, spawn.thread, memory.budget, memory.coroutine, gil, switchinterval,
 * workers, seed, profile, latency.scale, repeat (the count of the first repeat statement),
 * limit.events, limit.memory (the run's work budget).
 * Errors read `--set KEY=VALUE: error: expected ...`. */
bool scn_set(scn *s, const char *kv, sl_err *err);

/* Deep copy (the engine runs several models from one parsed scenario). */
bool scn_copy(scn *dst, const scn *src, sl_err *err);

void scn_free(scn *s);

/* The default scenario shown when the program starts with no file: two requests to two
 * servers, as in the course. */
extern const char scn_default_text[];

/* String pool access; id -1 gives "". */
const char *scn_str(const scn *s, int32_t id);

/* Names of enums, for messages and output. */
const char *scn_model_name(scn_model m);
bool scn_model_from_name(const char *name, scn_model *out);
const char *scn_profile_name(scn_profile p);
const char *scn_sync_kind_name(scn_sync_kind k);   /* "semaphore", "lock", "queue" */

/* Total instances over all request statements (each statement's count summed). */
uint64_t scn_total_requests(const scn *s);

/* Fills every cost the file did not set explicitly from the chosen profile. */
void scn_apply_profile(scn_config *cfg);

/* The costs of a built-in profile. */
const scn_costs *scn_builtin_costs(scn_profile p);

/* Reads a profile file (lines `KEY=VALUE` with the cost keys of --set, and `base=python|c|ideal`
 * for the costs it does not list; `#` comments) into cfg->custom, with cfg->profile = its base.
 * A relative path is looked up from the working directory, then from rel_to's directory (the
 * scenario's). On failure, a message without a position (`in the profile PATH, line N: ...`). */
bool scn_load_profile(const char *path, const char *rel_to, scn_config *cfg, sl_err *err);

#endif
