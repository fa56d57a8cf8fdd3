/* lay_why.h — the scheduling decisions of a trace, in time order, and the one sentence that says
 * each (English or French): shared by `schedlab explain`, the window's caption and its tooltips. */
#ifndef LAY_WHY_H
#define LAY_WHY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lay_str.h"
#include "trc.h"

/* A decision's kind: a trc_cause (a unit entered a wait for that reason), or one of these. */
enum {
    LAY_WHY_SWITCH = TRC_CAUSE_COUNT,   /* a core or a loop went from one unit to another */
    LAY_WHY_DISPATCH,                 /* a free core or loop took a unit with no switch (its first, or
                                         the unit it ran last) */
    LAY_WHY_TIMEOUT,                  /* a timeout abandoned a unit's step (its request or task fails) */
    LAY_WHY_DEADLOCK,                 /* the run stopped: units wait for each other (trc.deadlock) */
    LAY_WHY_KIND_COUNT
};

typedef struct {
    int64_t t;          /* when */
    int64_t x, y;       /* GIL: held since, forced out at; GIL_DROP: held since; QUEUED: x calls ahead;
                           MEMORY: x held, y the budget; LOOP: x 0 running, 1 blocking, 2 the loop waits
                           for a core, 3 nobody holds it, 4 it is being created, 5 the loop switches to it; TASK: y the task instance or -1 */
    uint32_t lane;      /* the lane it is about (SWITCH: the core or loop) */
    int32_t who;        /* the lane involved (holder, server, unit switched to), or -1 */
    int32_t from;       /* SWITCH: the unit switched from, or -1 */
    int32_t req;        /* the request (or task) instance concerned, or -1 */
    int32_t seg;        /* the segment it opens (index into t->segs), or -1 */
    int64_t left;       /* SWITCH: when `from` left the core (its reason is its state then) */
    uint8_t kind;       /* trc_cause or LAY_WHY_* */
} lay_why;

typedef struct {
    lay_why *v;
    size_t n;
} lay_whys;

/* Every decision of a finished trace, sorted by (t, dispatches, waits, switches, lane, kind). False only when malloc fails. */
bool lay_why_build(const trc *t, lay_whys *out);
void lay_why_free(lay_whys *w);

/* The sentence of d in lang ("12,3 ms : le thread 2 attend le GIL, tenu par le thread 1 depuis
 * 7,3 ms ; ..."); returns buf. */
char *lay_why_sentence(const trc *t, const lay_why *d, lay_lang lang, char *buf, size_t n);

/* The decision that opened segment i (index into t->segs), as lay_why_build has it; false when
 * the segment opened none (a run, a wait with no cause, a wait of a state that explains itself). */
bool lay_why_of_seg(const trc *t, size_t i, lay_why *out);
/* Appends to a tooltip's text a line break and the sentence of the decision that opened seg, cut
 * in lines of about 70 bytes; nothing when it opened none. */
void lay_why_tip(const trc *t, lay_lang lang, size_t seg, char *buf, size_t n);

/* The lanes d involves (at most 3): what a viewer highlights. Returns how many. */
size_t lay_why_lanes(const lay_why *d, uint32_t out[3]);

/* Index of the first decision at or after ts (w->n when none); of the last one before ts (or -1). */
size_t lay_why_first_at(const lay_whys *w, int64_t ts);
long lay_why_last_before(const lay_whys *w, int64_t ts);
/* Stepping a cursor through the decisions: -1 is before the first, n past the last; dir > 0 the
 * next one (n when none is left), else the previous (-1 when none). */
long lay_why_step(const lay_whys *w, long cur, int dir);

/* A time in words: "12,3 ms" in French, "12.3 ms" in English (4 significant digits). */
char *lay_why_time(int64_t ns, lay_lang lang, char *buf, size_t n);

/* A lane's name with its article in lang ("le thread 2", "la coroutine 1"; English: "thread 2"). */
char *lay_why_name(const trc *t, int32_t lane, lay_lang lang, char *buf, size_t n);

#endif
