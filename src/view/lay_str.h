/* lay_str.h — every word the views write, in the viewer's language: the string table (assets/lang),
 * names of states, marks, lanes and models, durations, tick labels and the status line's text. */
#ifndef LAY_STR_H
#define LAY_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "scn.h"
#include "sim.h"
#include "trc.h"

typedef enum { LAY_LANG_EN, LAY_LANG_FR, LAY_LANG_COUNT } lay_lang;

/* X(KEY, "file.key"): the texts live in one table per language, assets/lang/en.h and fr.h, as
 * LANG(KEY, "text") lines (a key missing from a table falls back to English). */
#define LAY_STRINGS(X)                                                  \
    X(GROUP_CORES, "group.cores")                                   \
    X(GROUP_MAIN, "group.main")                                     \
    X(GROUP_UNITS, "group.units")                                   \
    X(GROUP_LOOPS, "group.loops")                                   \
    X(GROUP_SERVER, "group.server")                                 \
    X(GROUP_THREADS, "group.threads")                               \
    X(GROUP_PROCESSES, "group.processes")                           \
    X(GROUP_COROUTINES, "group.coroutines")                         \
    X(COLON, "punct.colon")                                         \
    X(STATE_RUN, "state.run")                                       \
    X(STATE_READY, "state.ready")                                   \
    X(STATE_GIL, "state.gil")                                       \
    X(STATE_WAIT, "state.wait")                                     \
    X(STATE_BLOCKED, "state.blocked")                               \
    X(STATE_SWITCH, "state.switch")                                 \
    X(STATE_SPAWN, "state.spawn")                                   \
    X(STATE_SERVE, "state.serve")                                   \
    X(STATE_QUEUED, "state.queued")                                 \
    X(STATE_AWAIT, "state.await")                                   \
    X(STATE_LOCKWAIT, "state.lockwait")                             \
    X(STATE_QWAIT, "state.qwait")                                   \
    X(MARK_AWAIT, "mark.await")                                     \
    X(MARK_RETURN, "mark.return")                                   \
    X(MARK_SPAWN, "mark.spawn")                                     \
    X(MARK_FAIL, "mark.fail")                                       \
    X(MARK_SWITCH, "mark.switch")                                   \
    X(MARK_NOTE, "mark.note")                                       \
    X(MARK_TIMEOUT, "mark.timeout")                                 \
    X(MARK_DEADLOCK, "mark.deadlock")                               \
    X(MARK_ERROR, "mark.error")                                     \
    X(GROUP_RES, "group.resources")                                 \
    X(RES_SEMAPHORE, "res.semaphore")                               \
    X(RES_LOCK, "res.lock")                                         \
    X(RES_QUEUE, "res.queue")                                       \
    X(RES_UNBOUNDED, "res.unbounded")                               \
    X(RES_HOLDERS, "res.holders")                                   \
    X(RES_ITEMS, "res.items")                                       \
    X(RES_WAITING, "res.waiting")                                   \
    X(TIP_HELD_BY, "tip.held_by")                                   \
    X(TIP_WAITS_FOR, "tip.waits_for")                               \
    X(STATUS_TIMEOUTS, "status.timeouts")                           \
    X(STATUS_DEADLOCK, "status.deadlock")                           \
    X(UNIT_NS, "unit.ns")                                           \
    X(UNIT_US, "unit.us")                                           \
    X(UNIT_MS, "unit.ms")                                           \
    X(UNIT_S, "unit.s")                                             \
    X(STATUS_MAKESPAN, "status.makespan")                           \
    X(STATUS_UTIL, "status.utilization")                            \
    X(STATUS_SWITCHES, "status.switches")                           \
    X(STATUS_PEAK_MEM, "status.peak_memory")                        \
    X(STATUS_FAILED, "status.failed")                               \
    X(TIP_LANE, "tip.lane")                                         \
    X(TIP_REQUEST, "tip.request")                                   \
    X(TIP_STEP, "tip.step")                                         \
    X(TIP_START, "tip.start")                                       \
    X(TIP_DURATION, "tip.duration")                                 \
    X(TIP_RAN, "tip.ran")                                           \
    X(TIP_MORE, "tip.more")                                         \
    X(TIP_NOBODY, "tip.nobody")                                     \
    X(TIP_PARENT, "tip.parent")                                     \
    X(TIP_AWAITS, "tip.awaits")                                     \
    X(TIP_TASKS, "tip.tasks")                                       \
    X(TIP_SEVERAL, "tip.several")                                   \
    X(SWEEP_TITLE, "sweep.title")                                   \
    X(SWEEP_X, "sweep.x")                                           \
    X(SWEEP_Y, "sweep.y")                                           \
    X(SWEEP_FAILS, "sweep.fails")                                   \
    X(SWEEP_COLLAPSES, "sweep.collapses")                           \
    X(SWEEP_WHY_CPU, "sweep.why_cpu")                               \
    X(SWEEP_WHY_MEM, "sweep.why_memory")                            \
    X(SWEEP_USEFUL, "sweep.useful")                                 \
    X(SWEEP_CREATION, "sweep.creation")                             \
    X(SWEEP_SWITCHING, "sweep.switching")                           \
    X(SWEEP_CALLS, "sweep.calls")                                   \
    X(SWEEP_AT, "sweep.at")                                         \
    X(COURSE_TIME, "course.time")                                   \
    X(COURSE_PROCESSING, "course.processing")                       \
    X(COURSE_DELAY, "course.delay")                                 \
    X(COURSE_WAIT, "course.wait")                                   \
    X(COURSE_SWITCHES, "course.switches")                           \
    X(MODEL_SEQUENTIAL, "model.sequential")                         \
    X(MODEL_PROCESSES, "model.processes")                           \
    X(MODEL_THREADS, "model.threads")                               \
    X(MODEL_COROUTINES, "model.coroutines")                         \
    X(COMPARE_TITLE, "compare.title")                               \
    X(AGG_INFLIGHT, "agg.in_flight")                                \
    X(AGG_READY, "agg.ready")                                       \
    X(AGG_BUSY, "agg.busy")                                         \
    X(AGG_QUEUE, "agg.queue")                                       \
    X(AGG_MAX, "agg.max")                                           \
    X(AGG_OF, "agg.of")                                             \
    X(AGG_AGGREGATED, "agg.aggregated")                             \
    X(WORD_CORE, "word.core")                                       \
    X(WORD_MAIN, "word.main")                                       \
    X(WORD_PROCESS, "word.process")                                 \
    X(WORD_THREAD, "word.thread")                                   \
    X(WORD_WORKER, "word.worker")                                   \
    X(WORD_LOOP, "word.loop")                                       \
    X(WORD_COROUTINE, "word.coroutine")                             \
    X(WHY_THE_M, "why.the_m")                  \
    X(WHY_THE_F, "why.the_f")                  \
    X(WHY_THE_V, "why.the_v")                  \
    X(WHY_THE_LOOP, "why.the_loop")            \
    X(WHY_NO_CORE, "why.no_core")              \
    X(WHY_ON_CORE, "why.on_core")              \
    X(WHY_PREEMPTED, "why.preempted")          \
    X(WHY_GIL, "why.gil")                      \
    X(WHY_GIL_DROP, "why.gil_drop")            \
    X(WHY_LOOP, "why.loop")                    \
    X(WHY_LOOP_BLOCKED, "why.loop_blocked")    \
    X(WHY_LOOP_CORE, "why.loop_core")          \
    X(WHY_LOOP_QUEUE, "why.loop_queue")        \
    X(WHY_QUEUED, "why.queued")                \
    X(WHY_MEMORY, "why.memory")                \
    X(WHY_TASK, "why.task")                    \
    X(WHY_TASKS, "why.tasks")                  \
    X(WHY_SWITCH, "why.switch")                \
    X(WHY_FIRST, "why.first")                  \
    X(WHY_R_SLICE, "why.r_slice")              \
    X(WHY_R_WAIT, "why.r_wait")                \
    X(WHY_R_BLOCKED, "why.r_blocked")          \
    X(WHY_R_GIL, "why.r_gil")                  \
    X(WHY_R_AWAIT, "why.r_await")              \
    X(WHY_R_END, "why.r_end")                  \
    X(WHY_STEP, "why.step")                    \
    X(WHY_TIMEOUT, "why.timeout")              \
    X(WHY_DEADLOCK, "why.deadlock")            \
    X(WHY_LOCK, "why.lock")                    \
    X(WHY_SEM, "why.sem")                      \
    X(WHY_QGET, "why.qget")                    \
    X(WHY_QPUT, "why.qput")                    \
    X(WHY_R_LOCK, "why.r_lock")                \
    X(WHY_R_QUEUE, "why.r_queue")              \
    X(WHY_DISPATCH, "why.dispatch")            \
    X(WHY_SWITCH_IDLE, "why.switch_idle")      \
    X(WHY_LOOP_BORN, "why.loop_born")          \
    X(WHY_LOOP_SWITCH, "why.loop_switch")      \
    X(WHY_R_MAIN, "why.r_main")                \
    X(WHY_R_OTHER, "why.r_other")

typedef enum {
#define LAY_STR_ENUM(k, key) LAY_S_##k,
    LAY_STRINGS(LAY_STR_ENUM)
#undef LAY_STR_ENUM
    LAY_S_COUNT
} lay_str_key;

/* The text of k in lang (an unknown lang or key gives English, then ""). Never NULL. */
const char *lay_str(lay_lang lang, lay_str_key k);
/* The file key of k ("group.cores"), for translation tables; NULL for an unknown key. */
const char *lay_str_key_name(lay_str_key k);
/* The legend/tooltip name of a segment state and of a marker kind. */
const char *lay_state_str(lay_lang lang, trc_state s);
const char *lay_mark_str(lay_lang lang, trc_mark_kind k);
/* A lane's name in lang ("cœur 0", "thread 3"; a server's host name as it is); returns buf, or the
 * trace's own name when it has no word. */
const char *lay_lane_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n);
/* A model's name in lang ("séquentiel", "threads"). */
const char *lay_model_str(lay_lang lang, scn_model m);
/* The name a figure gives a lane: a unit or coroutine that ran the one instance of a request
 * statement is named after it ("run1"), any other lane as lay_lane_name says. */
const char *lay_lane_fig_name(const trc *t, uint32_t lane, lay_lang lang, char *buf, size_t n);
/* Numbers and units written in lang, in place: French takes a decimal comma, a space before a
 * unit or '%', "o" for bytes and spaces between thousands from 10 000 ("13.03ms" -> "13,03 ms",
 * "32KiB" -> "32 Kio", "18%" -> "18 %", "12345.5" -> "12 345,5");
 * English is left as it is. Never writes past n bytes (a string that would grow past it is cut at a
 * character boundary). Returns buf. */
char *lay_localize(lay_lang lang, char *buf, size_t n);

/* The language named "en" or "fr" (case ignored); false for any other name. */
bool lay_lang_from_name(const char *name, lay_lang *out);
/* "en" or "fr". */
const char *lay_lang_name(lay_lang lang);
/* The user's language from the first non-empty of LC_ALL, LC_MESSAGES, LANG (POSIX order): French
 * when it starts with "fr", else English. */
lay_lang lay_lang_from_locale(void);

/* Writes "MODEL  PARAMS  makespan 1.5ms  utilization 42%  switches 12  peak memory 64KiB  failed 0"
 * into buf (params may be NULL or ""), the model named in lang by lay_model_str as every view and
 * back end names it ("séquentiel"); returns buf. */
char *lay_status_text(char *buf, size_t n, lay_lang lang, scn_model model, const char *params,
                      const sim_metrics *m);

/* The label of tick t for a step of the axis ("250µs", "1.5ms", "2s"); returns buf. */
char *lay_tick_label(int64_t t, int64_t step, lay_lang lang, char *buf, size_t n);

/* A duration with up to 4 significant digits in the unit that suits it ("1.5ms", "250µs",
 * "12ns"); returns buf. */
char *lay_fmt_dur(int64_t ns, lay_lang lang, char *buf, size_t n);

#endif
