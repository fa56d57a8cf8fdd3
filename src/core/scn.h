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
#define SCN_MAX_LIMIT_EVENTS UINT64_C(1000000000000)  /* `limit events=`: 10^12 (days of work) */
#define SCN_MIN_LIMIT_MEMORY (INT64_C(1) << 20)       /* `limit memory=`: at least 1 MiB */

typedef enum { SCN_SEQUENTIAL, SCN_PROCESSES, SCN_THREADS, SCN_COROUTINES, SCN_MODEL_COUNT } scn_model;

/* Unit kinds index the per-kind cost arrays below. */
typedef enum { SCN_PROCESS, SCN_THREAD, SCN_COROUTINE, SCN_UNIT_KIND_COUNT } scn_unit_kind;

typedef enum { SCN_PROFILE_PYTHON, SCN_PROFILE_C, SCN_PROFILE_COUNT } scn_profile;

typedef enum { SCN_DIST_CONST, SCN_DIST_EXP, SCN_DIST_UNIFORM } scn_dist_kind;

/* A duration: constant a; exp with mean a; uniform in [a, b]. Nanoseconds. */
typedef struct {
    uint8_t kind;
    int64_t a, b;
} scn_dist;

typedef enum { SCN_STEP_CPU, SCN_STEP_IO, SCN_STEP_BLOCK, SCN_STEP_CALL } scn_step_kind;

typedef struct {
    uint8_t kind;       /* scn_step_kind */
    int32_t host;       /* CALL: index into servers; -1 otherwise */
    scn_dist dur;       /* CPU/IO/BLOCK: its duration; CALL: the serve time */
    scn_dist latency;   /* CALL only: one-way network latency */
    int32_t label;      /* string id of the quoted label, or -1 */
} scn_step;

typedef enum { SCN_ARRIVE_AT, SCN_ARRIVE_EVERY, SCN_ARRIVE_RATE } scn_arrival_kind;

/* One `request` statement (possibly under `repeat N`): a template for `count` instances. */
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
} scn_request;

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
};

typedef struct {
    int32_t title;                              /* string id or -1 */
    uint8_t model;                              /* scn_model */
    uint8_t profile;                            /* scn_profile */
    uint32_t cores;                             /* client cores, >= 1 */
    int64_t timeslice;                          /* > 0 */
    int64_t switch_cost[SCN_UNIT_KIND_COUNT];   /* >= 0 */
    int64_t spawn_cost[SCN_UNIT_KIND_COUNT];    /* >= 0 */
    int64_t mem_unit[SCN_UNIT_KIND_COUNT];      /* bytes, >= 0 */
    int64_t mem_budget;                         /* bytes, > 0 */
    bool gil;
    int64_t switchinterval;                     /* > 0 */
    uint32_t workers;                           /* 0: one unit per request (loops: 1) */
    uint64_t seed;
    double latency_scale;                       /* multiplies every call latency; > 0 */
    int32_t client;                             /* string id of the client host's name */
    uint32_t explicit_set;                      /* SCN_SET_* bits */
    uint64_t limit_events;                      /* `limit events=N`: 0 the engine's default */
    int64_t limit_memory;                       /* `limit memory=SIZE`, bytes: 0 the default */
} scn_config;

typedef struct {
    char *path;           /* the file name used in messages (owned) */
    scn_config cfg;
    scn_server *servers;  size_t nservers, cap_servers;
    scn_request *reqs;    size_t nreqs, cap_reqs;
    scn_step *steps;      size_t nsteps, cap_steps;
    scn_note *notes;      size_t nnotes, cap_notes;
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

/* Total instances over all request statements (each statement's count summed). */
uint64_t scn_total_requests(const scn *s);

/* Fills every cost the file did not set explicitly from the chosen profile. */
void scn_apply_profile(scn_config *cfg);

#endif
