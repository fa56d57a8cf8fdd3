/* sim.h — the discrete-event engine: runs a scenario under its model and yields a trace and metrics.
 * Events are ordered by (time, insertion sequence), so the same scenario and seed give the same
 * trace byte for byte; no allocation per event (arrays grow geometrically up to explicit limits). */
#ifndef SIM_H
#define SIM_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "scn.h"
#include "trc.h"

typedef struct {
    int64_t makespan_ns;         /* last request end (or last activity) since t=0 */
    uint64_t requests, completed, failed;
    int64_t lat_mean_ns, lat_p50_ns, lat_p99_ns, lat_max_ns;   /* over completed requests */
    double throughput_per_s;     /* completed / makespan */
    int64_t cpu_busy_ns;         /* summed over client cores */
    int64_t cpu_useful_ns;       /* running `cpu` steps */
    int64_t cpu_overhead_ns;     /* switches + spawns + call CPU */
    int64_t cpu_switch_ns, cpu_spawn_ns;
    int64_t cpu_call_ns;         /* the client CPU of calls (callcpu.KIND) */
    double utilization;          /* busy / (cores * makespan) */
    uint64_t context_switches;   /* a core or a loop changing unit */
    int64_t peak_memory_bytes;   /* units created for requests */
    uint64_t peak_concurrency;   /* requests arrived and not yet finished */
    uint64_t peak_server_queue;  /* calls waiting for a server core at once (the longest queue) */
    uint64_t events;             /* events processed */
    uint64_t failed_memory, failed_timeout, failed_error;   /* `failed` by reason */
    uint64_t timeouts;           /* timeouts that fired (requests and tasks) */
    uint64_t errors;             /* run-time errors: release of what is not held, ending while holding */
    int64_t deadlock_ns;         /* when a deadlock stopped the run (valid when deadlock_units > 0) */
    uint64_t deadlock_units;     /* bodies in the deadlock; 0: none */
    uint32_t cores;
    uint8_t model;               /* scn_model (last: the 64-bit fields need no padding) */
} sim_metrics;

/* The work budget of a run when neither the options nor the scenario (`limit events=N memory=SIZE`,
 * `--set limit.events=N`, `--max-events N`) say otherwise: a run stops within a few seconds and
 * about 2 GiB on a small machine (metrics alone: 15-70 M events/s; with a trace 3-10 M events/s
 * and 46 bytes a segment, so the memory stops a traced run first), while a million requests under
 * any model and the ten million of a sequential run still fit. */
#define SIM_DEFAULT_MAX_EVENTS UINT64_C(100000000)
#define SIM_DEFAULT_MAX_MEMORY (INT64_C(2) << 30)

/* Per semaphore, lock or queue: what `run` prints about it. */
typedef struct {
    const char *name;
    uint8_t kind;                /* scn_sync_kind */
    uint32_t capacity;
    uint64_t peak_waiters;       /* units waiting on it at once */
    uint64_t waits;              /* waits (acquire/get/put that had to wait) */
    int64_t wait_total_ns, wait_max_ns;
    uint64_t peak_count;         /* holders at once (semaphore, lock); items (queue) */
} sim_res_stats;

/* What a run says besides its metrics: its resources and its deadlock (strings in pool). */
typedef struct {
    trc pool;                    /* owns the strings (only its string pool is used) */
    sim_res_stats *res; size_t nres;
    trc_deadlock deadlock;       /* a copy of pool.deadlock (pool owns its arrays) */
} sim_report;

void sim_report_free(sim_report *r);

typedef struct {
    bool record_trace;       /* false: metrics only (sweeps) */
    size_t max_segments;     /* 0: TRC_MAX_SEGMENTS */
    uint64_t max_events;     /* 0: the scenario's limit.events, else SIM_DEFAULT_MAX_EVENTS; past it the
                                run stops with a message (a 1 ns time slice over seconds of CPU would
                                otherwise keep a window busy for hours) */
    int64_t max_memory;      /* bytes; 0: the scenario's limit.memory, else SIM_DEFAULT_MAX_MEMORY. The
                                engine's and the trace's arrays, checked before the large ones are
                                made and every 4096 events */
    const atomic_int *cancel;  /* NULL, or set non-zero by another thread to stop the run: it then fails
                                  with "cancelled" within a few thousand events */
    sim_report *report;      /* NULL, or filled (sim_report_free it, even after a failed run) */
} sim_opts;

/* Runs s (its cfg.model) from t=0 until every request has finished or failed. On success fills
 * *m and, when opts->record_trace, *t (initialised here; the caller frees it with trc_free).
 * Fails only on a hit limit or malloc failure, with a message in err (a hit budget names the
 * limit and how to raise it, see sim_limits). */
bool sim_run(const scn *s, const sim_opts *opts, trc *t, sim_metrics *m, sl_err *err);

/* The budget a run of s with opts gets (the rules of sim_opts). */
void sim_limits(const scn *s, const sim_opts *opts, uint64_t *max_events, int64_t *max_memory);

/* Writes n runs' metrics as a readable table (one column per run) to f. */
void sim_print_table(const sim_metrics *ms, int n, const scn *s, FILE *f);

/* Writes one JSON object with the `run --json` fields (no trailing newline) to f. */
void sim_print_json(const sim_metrics *m, FILE *f);
/* The same fields without the braces, for objects that add their own (export, sweep). */
void sim_print_json_fields(const sim_metrics *m, FILE *f);
/* `, "resources": [...], "deadlock": {...}|null` for a run's report (nothing when r is NULL). */
void sim_print_json_report(const sim_report *r, FILE *f);
/* `, "resources": [...]` */
void sim_print_json_resources(const sim_res_stats *res, size_t n, FILE *f);
/* A deadlock as JSON: null, or {"t_ns", "cycle", "units": [{"unit", "waits_for", "held_by"}]}. */
void sim_print_json_deadlock(const trc_deadlock *d, FILE *f);
/* The resources table and the deadlock of each run, after sim_print_table (runs without any: nothing). */
void sim_print_reports(const sim_report *rs, const sim_metrics *ms, int n, FILE *f);

#endif
