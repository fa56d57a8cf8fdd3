/* fuzz_parse.c — libFuzzer target: any bytes given to the scenario parser either parse or give a
 * FILE:LINE:COL message; never a crash, a hang or a leak. What parses is then run, metrics only,
 * within a small work budget: it finishes with every request accounted for, or stops with a
 * message (the budget's, or a positioned input error), never a hang. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "scn.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Runs s under its own model within a budget of events and memory small enough for a fuzzer. */
static void bounded_run(const scn *s)
{
    if (s->cfg.workers > 4096)
        return;   /* a million event loops are made before the first event: valid, slow, nothing new */
    const sim_opts o = {.record_trace = false, .max_events = 5000, .max_memory = 16 << 20};
    sim_metrics m;
    sl_err err = {0};
    if (sim_run(s, &o, NULL, &m, &err)) {
        /* every request ends, one way or the other, or a deadlock report says why it cannot */
        if ((m.completed + m.failed != m.requests && m.deadlock_units == 0) || m.events > 5000)
            __builtin_trap();
    } else if (strstr(err.msg, "schedlab: error: ") != err.msg && strstr(err.msg, "fuzz.scn:") != err.msg) {
        __builtin_trap();   /* a stopped run says why: its budget, a limit, or where in the input */
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    scn s;
    sl_err err = {0};
    if (scn_parse("fuzz.scn", (const char *)data, size, &s, &err)) {
        scn s2;
        if (scn_copy(&s2, &s, &err))
            scn_free(&s2);
        bounded_run(&s);
        scn_free(&s);
    } else if (strstr(err.msg, "fuzz.scn") != err.msg) {
        __builtin_trap();   /* every parse error names the file first */
    }
    return 0;
}
