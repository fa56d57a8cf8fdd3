/* exp.h — exports of a finished trace for other tools: Chrome trace-event JSON (Perfetto UI,
 * chrome://tracing), CSV of segments, JSON of metrics and per-request records. Owns nothing;
 * writes to a stdio stream (the caller makes files atomic). No SDL. */
#ifndef EXP_H
#define EXP_H

#include <stdbool.h>
#include <stdio.h>

#include "scn.h"
#include "sim.h"
#include "trc.h"

typedef enum { EXP_CHROME, EXP_CSV, EXP_JSON, EXP_FORMAT_COUNT } exp_format;

/* "chrome", "csv", "json" -> format; false for anything else. */
bool exp_format_from_name(const char *name, exp_format *out);
const char *exp_format_name(exp_format f);

/* Chrome trace events: one process per host (pid 1 the client, 2 + i server i), one thread track
 * per lane (tid = lane + 1) with process_name/thread_name metadata, a complete event (ph "X", ts
 * and dur in microseconds) per segment, a flow (ph "s"/"f") per message, an instant event (ph "i")
 * per marker. `s` names the hosts. */
void exp_chrome(const trc *t, const scn *s, FILE *f);

/* One row per segment: lane,state,request,start_ns,end_ns (a header first; request empty when
 * the segment is nobody's; fields quoted as RFC 4180 says when needed). */
void exp_csv(const trc *t, FILE *f);

/* The fields of `run --json` plus "records": one record per request (id, name, instance,
 * arrival_ns, start_ns, end_ns, latency_ns, failed, lane). */
void exp_json(const trc *t, const sim_metrics *m, FILE *f);

/* "foo#3" for request r (1-based instance), or "foo" when its statement has one instance. */
void exp_req_name(const trc *t, int32_t r, char *buf, size_t n);

#endif
