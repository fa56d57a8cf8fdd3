/* real.h — runs a scenario for real on this machine: local servers on 127.0.0.1, a client program
 * in the model's own terms (CPython for the python profile), and the records turned into a trace. */
#ifndef REAL_H
#define REAL_H

#include <stdbool.h>
#include <stdint.h>

#include "scn.h"
#include "sim.h"
#include "trc.h"

#define REAL_MAX_UNITS 20000u                    /* requests a real run takes */
#define REAL_MAX_NS (INT64_C(60) * 1000000000)   /* the simulated makespan a real run may have */
#define REAL_DEADLINE_NS (INT64_C(120) * 1000000000)  /* past it the client is killed */

/* ---- the servers (real_server.c) ---------------------------------------------------------- */

/* One call as a server saw it, on CLOCK_MONOTONIC (absolute ns). */
typedef struct {
    int64_t recv, start, end, reply;   /* request read; service began, ended; reply written */
    int32_t req;
    uint32_t srv, core;
    uint16_t step;
    bool queued;                       /* it waited for a core in the server's FIFO */
} real_call;

typedef struct real_servers real_servers;

/* Starts one loopback server per scenario server (cores = its concurrency), each answering a
 * call after latency + service + latency, in a thread of this process. ports[i] gets server i's
 * port. False with a message when a socket or the thread cannot be made. */
bool real_servers_start(const scn *s, real_servers **out, uint16_t *ports, sl_err *err);

/* Stops the thread, closes every socket and hands over the calls served (owned by the caller,
 * free()). Safe on NULL. */
void real_servers_stop(real_servers *rs, real_call **calls, size_t *ncalls);

/* ---- a run ------------------------------------------------------------------------------------ */

typedef struct {
    const char *python;     /* NULL: /usr/bin/python3 */
    bool quiet;             /* no progress on stderr */
} real_opts;

/* The plan of the run: every request instance in the simulation's order (its trace's reqs) with
 * its drawn durations, so the real run and the simulated one serve the same workload. */
typedef struct {
    const trc *sim;         /* a recorded simulated trace of the same scenario */
} real_plan;

/* Runs s (its model) for real once. Checks the bounds first (REAL_MAX_UNITS, REAL_MAX_NS from
 * plan->sim's end), starts the servers, runs the client with a deadline, stops everything it
 * started (the client's process group, the servers) and builds *t (lanes and states as a
 * simulated run) and *m. False with a message in err. */
bool real_run(const scn *s, const real_plan *plan, const real_opts *o, trc *t, sim_metrics *m, sl_err *err);

/* What `schedlab calibrate` measured: the costs of the python profile on this machine. */
typedef struct {
    scn_costs costs;                /* gil stays on; unmeasured fields keep the built-in values */
    int64_t python_version;         /* 31102 for 3.11.2 */
    int64_t two_threads_permille;   /* 2 CPU-bound threads' time over 1 thread doing the same work, x1000 */
} real_calibration;

/* Measures this machine (CPython, `python` NULL: /usr/bin/python3) in under 60 s. */
bool real_calibrate(const char *python, real_calibration *out, sl_err *err);

/* Turns a client's records (text) and the servers' calls into a trace and metrics
 * (real_trace.c; exposed for the tests). */
bool real_build(const scn *s, const trc *sim, const char *records, size_t len, const real_call *calls,
                size_t ncalls, int64_t t0_abs, trc *t, sim_metrics *m, sl_err *err);

#endif
