/* lay_why.c — the decisions of a trace and their sentences. The engine records a cause per wait
 * (trc_seg.flags) and a trc_why record where the state alone says too little; the rest is read back
 * here from the trace at the decision's instant (the units on the cores, the loop's holder). */
#include "lay_why.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scn.h"
#include "sl_util.h"

/* ---- words ------------------------------------------------------------------------------------ */

char *lay_why_time(int64_t ns, lay_lang lang, char *buf, size_t n)
{
    static const struct { int64_t unit; lay_str_key key; } units[] = {
        {1000000000, LAY_S_UNIT_S}, {1000000, LAY_S_UNIT_MS}, {1000, LAY_S_UNIT_US}, {1, LAY_S_UNIT_NS},
    };
    int64_t a = ns < 0 ? -ns : ns;
    size_t u = 0;
    while (u + 1 < sizeof units / sizeof units[0] && a < units[u].unit)
        u++;
    char num[40];
    snprintf(num, sizeof num, "%.4g", (double)ns / (double)units[u].unit);
    if (lang == LAY_LANG_FR)   /* French writes the decimal comma: "12,3 ms" */
        for (char *p = num; *p; p++)
            *p = *p == '.' ? ',' : *p;
    snprintf(buf, n, "%s %s", num, lay_str(lang, units[u].key));
    return buf;
}

/* The article a word takes in French: the format that puts it before the name. */
static lay_str_key article(uint8_t word)
{
    switch (word) {
    case TRC_WORD_LOOP: return LAY_S_WHY_THE_LOOP;
    case TRC_WORD_COROUTINE: return LAY_S_WHY_THE_F;
    case TRC_WORD_WORKER: return LAY_S_WHY_THE_V;
    default: return LAY_S_WHY_THE_M;
    }
}

char *lay_why_name(const trc *t, int32_t lane, lay_lang lang, char *buf, size_t n)
{
    if (lane < 0 || (size_t)lane >= t->nlanes) {
        snprintf(buf, n, "?");
        return buf;
    }
    const trc_lane *l = &t->lanes[lane];
    char nb[128];
    if (l->kind == TRC_LANE_SERVER && l->host >= 0 && (size_t)l->host + 1 < t->nhosts) {
        snprintf(buf, n, "%s", t->hosts[1 + l->host]);   /* a server is its host's name */
        return buf;
    }
    const char *name = lay_lane_name(t, (uint32_t)lane, lang, nb, sizeof nb);
    if (l->word == TRC_WORD_NONE)   /* a name of the scenario's ("c1") takes no article */
        snprintf(buf, n, "%s", name);
    else   /* "%s" in English, "le %s" / "la %s" / "l'%s" in French */
        snprintf(buf, n, lay_str(lang, article(l->word)), name);
    return buf;
}

/* "page" or "page #3" (1-based, when the statement has several instances or it is a task). */
static char *req_name(const trc *t, int32_t r, char *buf, size_t n)
{
    if (r < 0 || (size_t)r >= t->nreqs || t->reqs[r].tmpl >= t->ntmpls) {
        snprintf(buf, n, "?");
        return buf;
    }
    const trc_req *q = &t->reqs[r];
    const trc_tmpl *tm = &t->tmpls[q->tmpl];
    if (tm->count > 1 || (q->flags & TRC_REQ_TASK))
        snprintf(buf, n, "%s #%u", tm->name, q->instance + 1);
    else
        snprintf(buf, n, "%s", tm->name);
    return buf;
}

/* ---- reading the trace back --------------------------------------------------------------------- */

/* The segment of lane covering ts (t0 <= ts < t1), as an index into t->segs, or -1. */
static long seg_at(const trc *t, uint32_t lane, int64_t ts)
{
    size_t n;
    const trc_seg *s = trc_lane_segs(t, lane, &n);
    size_t i = trc_lane_first_after(t, lane, ts);
    if (i >= n || s[i].t0 > ts)
        return -1;
    return (long)(s - t->segs) + (long)i;
}

/* The lane of the unit running request r (a coroutine, a thread), or -1. */
static int32_t req_lane(const trc *t, int32_t r)
{
    return r >= 0 && (size_t)r < t->nreqs ? t->reqs[r].lane : -1;
}

/* Whether a thread in this state may hold the GIL: it takes it as it starts a burst and keeps it
 * until it waits (an I/O, a call, a task, the GIL itself) or ends. */
static bool holds_gil_in(uint8_t state)
{
    return state == TRC_RUN || state == TRC_READY || state == TRC_SWITCH || state == TRC_SPAWN;
}

/* Since when the holder has held the GIL at ts: the start of its lane's unbroken stretch of running,
 * ready or switching that covers ts (it got the lock when it woke or left the GIL's queue). */
static int64_t holder_since(const trc *t, int32_t lane, int64_t ts)
{
    if (lane < 0 || (size_t)lane >= t->nlanes)
        return ts;
    size_t n;
    const trc_seg *s = trc_lane_segs(t, (uint32_t)lane, &n);
    size_t i = trc_lane_first_after(t, (uint32_t)lane, ts);
    if ((i >= n || s[i].t0 > ts) && i > 0 && s[i - 1].t1 == ts)
        i--;   /* its stretch ends at ts (the main unit goes idle after the spawn that made the waiter) */
    if (i >= n || s[i].t0 > ts || !holds_gil_in(s[i].state))
        return ts;
    while (i > 0 && holds_gil_in(s[i - 1].state) && s[i - 1].t1 == s[i].t0)
        i--;
    return s[i].t0;
}

static bool push(lay_whys *w, size_t *cap, const lay_why *d)
{
    if (w->n == *cap && !SL_GROW(w->v, *cap, w->n + 1, SIZE_MAX / sizeof *w->v))
        return false;
    w->v[w->n++] = *d;
    return true;
}

/* The decision of record r opening segment i (index into t->segs). */
static lay_why record_decision(const trc *t, const trc_why *r, long i)
{
    lay_why d = {r->t, r->x, -1, r->lane, r->who, -1, t->segs[i].req, (int32_t)i, 0, (uint8_t)r->cause};
    if (r->cause == TRC_CAUSE_GIL || r->cause == TRC_CAUSE_GIL_DROP)   /* x: since when the holder holds it */
        d.y = r->x, d.x = holder_since(t, r->cause == TRC_CAUSE_GIL ? r->who : (int32_t)r->lane,
                                       r->cause == TRC_CAUSE_GIL ? r->t : r->t - 1);
    return d;
}

/* A record's decision, when its wait shows on the lane (a wait of zero length is no decision). */
static bool from_record(const trc *t, const trc_why *r, lay_whys *w, size_t *cap)
{
    if (r->cause == TRC_CAUSE_MEMORY) {
        lay_why d = {r->t, r->x, t->mem_budget, r->lane, -1, -1, r->who, -1, 0, TRC_CAUSE_MEMORY};
        return push(w, cap, &d);
    }
    long i = r->lane < t->nlanes ? seg_at(t, r->lane, r->t) : -1;
    if (i < 0 || t->segs[i].t0 != r->t || t->segs[i].flags != r->cause)
        return true;
    lay_why d = record_decision(t, r, i);
    if (w->n && w->v[w->n - 1].seg == d.seg) {   /* a later record for the same wait replaced it */
        w->v[w->n - 1] = d;
        return true;
    }
    return push(w, cap, &d);
}

/* LOOP: who held the coroutine's loop when it became ready (x: 0 running, 1 blocking, 2 the loop
 * itself waits for a core, 3 nobody, 4 the loop is creating this coroutine, 5 it is switching to it). */
static void loop_holder(const trc *t, lay_why *d)
{
    int32_t loop = t->lanes[d->lane].parent;
    long i = loop >= 0 ? seg_at(t, (uint32_t)loop, d->t) : -1;
    d->x = 3;
    if (i < 0)
        return;
    const trc_seg *s = &t->segs[i];
    int32_t h = req_lane(t, s->req);
    if (s->state == TRC_READY)
        d->x = 2;
    else if (h >= 0 && (uint32_t)h == d->lane && (s->state == TRC_SPAWN || s->state == TRC_SWITCH))
        d->x = s->state == TRC_SPAWN ? 4 : 5;
    else if (h >= 0 && (uint32_t)h != d->lane)
        d->x = s->state == TRC_BLOCKED ? 1 : 0, d->who = h;
}

/* Whether segment s's cause is read back from the trace alone (no record). */
static bool seg_cause(const trc_seg *s)
{
    uint8_t c = s->flags;
    return c == TRC_CAUSE_NO_CORE || c == TRC_CAUSE_PREEMPTED || c == TRC_CAUSE_LOOP ||
           (c == TRC_CAUSE_TASK && s->state == TRC_AWAIT) || (c == TRC_CAUSE_LOCK && s->state == TRC_LOCKWAIT) ||
           ((c == TRC_CAUSE_QGET || c == TRC_CAUSE_QPUT) && s->state == TRC_QWAIT);
}

static lay_why seg_decision(const trc *t, size_t i)
{
    const trc_seg *s = &t->segs[i];
    lay_why d = {s->t0, 0, 0, s->lane, -1, -1, s->req, (int32_t)i, 0, s->flags};
    if (s->flags == TRC_CAUSE_LOOP)
        loop_holder(t, &d);
    if (s->flags == TRC_CAUSE_TASK) {
        d.y = s->aux;
        d.who = s->aux >= 0 ? req_lane(t, s->aux) : -1;
    }
    if (s->flags == TRC_CAUSE_LOCK || s->flags == TRC_CAUSE_QGET || s->flags == TRC_CAUSE_QPUT)
        d.y = s->aux;   /* the resource */
    return d;
}

static bool from_segments(const trc *t, lay_whys *w, size_t *cap)
{
    for (size_t i = 0; i < t->nsegs; i++) {
        if (!seg_cause(&t->segs[i]))
            continue;
        lay_why d = seg_decision(t, i);
        if (!push(w, cap, &d))
            return false;
    }
    return true;
}

bool lay_why_of_seg(const trc *t, size_t i, lay_why *out)
{
    if (i >= t->nsegs || t->segs[i].flags == TRC_CAUSE_NONE)
        return false;
    const trc_seg *s = &t->segs[i];
    if (seg_cause(s)) {
        *out = seg_decision(t, i);
        return true;
    }
    size_t lo = 0, hi = t->nwhys;   /* the records are in time order: the first at s->t0 */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->whys[mid].t < s->t0)
            lo = mid + 1;
        else
            hi = mid;
    }
    const trc_why *found = NULL;   /* the last one for this lane and cause: it replaced the others */
    for (; lo < t->nwhys && t->whys[lo].t == s->t0; lo++)
        if (t->whys[lo].lane == s->lane && t->whys[lo].cause == s->flags)
            found = &t->whys[lo];
    if (!found)
        return false;
    *out = record_decision(t, found, (long)i);
    return true;
}

void lay_why_tip(const trc *t, lay_lang lang, size_t seg, char *buf, size_t n)
{
    lay_why d;
    size_t len = strlen(buf);
    if (!lay_why_of_seg(t, seg, &d) || len + 2 >= n)
        return;
    buf[len++] = '\n';
    lay_why_sentence(t, &d, lang, buf + len, n - len);
    /* a tooltip is as wide as its longest line: the sentence is cut at spaces every 70 bytes or so
     * (never before a French " :" or " ;") */
    for (size_t k = len, col = 0; buf[k]; k++, col++)
        if (col >= 70 && buf[k] == ' ' && buf[k + 1] != ':' && buf[k + 1] != ';')
            buf[k] = '\n', col = 0;
}

/* A core's or a loop's switch: from whom (a core: the unit of its last segment before; a loop:
 * the unit of its last switch, in last_to) and when that one left. */
static bool from_switch(const trc *t, const trc_mark *m, int32_t *last_to, lay_whys *w, size_t *cap)
{
    lay_why d = {m->t, 0, 0, m->lane, m->aux, -1, m->req, -1, m->t, LAY_WHY_SWITCH};
    if (t->lanes[m->lane].kind == TRC_LANE_CORE) {
        size_t n;
        const trc_seg *s = trc_lane_segs(t, m->lane, &n);
        size_t i = trc_lane_first_after(t, m->lane, m->t);
        if (i > 0 && s[i - 1].t1 <= m->t)
            d.from = s[i - 1].aux, d.left = s[i - 1].t1;
    } else {   /* a loop: its last switch, or before the first one the unit of its last segment */
        d.from = last_to[m->lane];
        size_t n;
        const trc_seg *s = trc_lane_segs(t, m->lane, &n);
        size_t i = trc_lane_first_after(t, m->lane, m->t);
        /* back over the loop's segments for the switch itself (they carry the incoming one) */
        for (size_t j = i, k = 0; d.from < 0 && j > 0 && k < 8 && s[j - 1].t1 <= m->t; j--, k++)
            if (req_lane(t, s[j - 1].req) >= 0 && req_lane(t, s[j - 1].req) != m->aux)
                d.from = req_lane(t, s[j - 1].req);
        if (i > 0 && s[i - 1].t1 <= m->t && req_lane(t, s[i - 1].req) != m->aux)
            d.left = s[i - 1].t1;   /* the loop was idle from then (its last coroutine awaited) */
    }
    last_to[m->lane] = m->aux;
    return push(w, cap, &d);
}

/* Whether a switch marker of lane sits at ts (marks are in time order). */
static bool switch_at(const trc *t, uint32_t lane, int64_t ts)
{
    size_t lo = 0, hi = t->nmarks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->marks[mid].t < ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (; lo < t->nmarks && t->marks[lo].t == ts; lo++)
        if (t->marks[lo].lane == lane && t->marks[lo].kind == TRC_MK_SWITCH)
            return true;
    return false;
}

/* Dispatches with no switch: a client core's or a loop's segment after a gap (or its first), where
 * no switch marker says more. */
static bool from_dispatches(const trc *t, lay_whys *w, size_t *cap)
{
    for (uint32_t l = 0; l < t->nlanes; l++) {
        const trc_lane *ln = &t->lanes[l];
        if (!(ln->kind == TRC_LANE_CORE && ln->host < 0) && ln->kind != TRC_LANE_LOOP)
            continue;
        size_t n;
        const trc_seg *s = trc_lane_segs(t, l, &n);
        for (size_t j = 0; j < n; j++) {
            if ((j > 0 && s[j - 1].t1 == s[j].t0) || switch_at(t, l, s[j].t0))
                continue;
            int32_t who = ln->kind == TRC_LANE_CORE ? s[j].aux : req_lane(t, s[j].req);
            if (s[j].state == TRC_READY || s[j].state == TRC_BLOCKED || who < 0)
                continue;   /* a loop waiting for a core or blocked is no dispatch of its own */
            lay_why d = {s[j].t0, 0, 0, l, who, -1, s[j].req, -1, s[j].t0, LAY_WHY_DISPATCH};
            if (!push(w, cap, &d))
                return false;
        }
    }
    return true;
}

/* At one instant: a free core's dispatch, then the waits, then the switches they cause. */
static int rank(uint8_t kind)
{
    return kind == LAY_WHY_DISPATCH ? 0 : kind == LAY_WHY_SWITCH ? 2 : kind == LAY_WHY_DEADLOCK ? 3 : 1;
}

static int cmp_why(const void *a, const void *b)
{
    const lay_why *x = a, *y = b;
    if (x->t != y->t)
        return x->t < y->t ? -1 : 1;
    if (rank(x->kind) != rank(y->kind))
        return rank(x->kind) < rank(y->kind) ? -1 : 1;
    if (x->lane != y->lane)
        return x->lane < y->lane ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return (x->seg > y->seg) - (x->seg < y->seg);
}

bool lay_why_build(const trc *t, lay_whys *out)
{
    memset(out, 0, sizeof *out);
    size_t cap = 0;
    int32_t *last_to = malloc((t->nlanes ? t->nlanes : 1) * sizeof *last_to);
    bool ok = last_to != NULL;
    for (size_t i = 0; ok && i < t->nlanes; i++)
        last_to[i] = -1;
    for (size_t i = 0; ok && i < t->nwhys; i++)
        ok = from_record(t, &t->whys[i], out, &cap);
    ok = ok && from_segments(t, out, &cap) && from_dispatches(t, out, &cap);
    for (size_t i = 0; ok && i < t->nmarks; i++) {
        const trc_mark *m = &t->marks[i];
        if (m->kind == TRC_MK_SWITCH && m->lane < t->nlanes)
            ok = from_switch(t, m, last_to, out, &cap);
        if (m->kind == TRC_MK_TIMEOUT) {
            lay_why d = {m->t, 0, 0, m->lane, -1, -1, m->req, -1, m->t, LAY_WHY_TIMEOUT};
            ok = push(out, &cap, &d);
        }
    }
    if (ok && t->deadlock.on) {   /* the last word: who waits for whom */
        lay_why d = {t->deadlock.t, 0, 0, t->deadlock.nunits && t->deadlock.units[0].lane >= 0
                     ? (uint32_t)t->deadlock.units[0].lane : 0, -1, -1, -1, -1, t->deadlock.t, LAY_WHY_DEADLOCK};
        ok = push(out, &cap, &d);
    }
    free(last_to);
    if (!ok) {
        lay_why_free(out);
        return false;
    }
    if (out->n)   /* qsort wants a non-null array even for none */
        qsort(out->v, out->n, sizeof *out->v, cmp_why);
    return true;
}

void lay_why_free(lay_whys *w)
{
    free(w->v);
    memset(w, 0, sizeof *w);
}

size_t lay_why_first_at(const lay_whys *w, int64_t ts)
{
    size_t lo = 0, hi = w->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->v[mid].t < ts)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

long lay_why_last_before(const lay_whys *w, int64_t ts)
{
    return (long)lay_why_first_at(w, ts) - 1;
}

long lay_why_step(const lay_whys *w, long cur, int dir)
{
    long n = (long)w->n;
    if (dir > 0)
        return cur + 1 < n ? (cur < 0 ? 0 : cur + 1) : n;
    return cur > 0 ? (cur > n ? n - 1 : cur - 1) : -1;
}

size_t lay_why_lanes(const lay_why *d, uint32_t out[3])
{
    size_t k = 0;
    out[k++] = d->lane;
    if (d->who >= 0)
        out[k++] = (uint32_t)d->who;
    if (d->from >= 0)
        out[k++] = (uint32_t)d->from;
    return k;
}

/* ---- sentences ----------------------------------------------------------------------------------- */

/* "thread 1 on core 0, thread 3 on core 1": the units on the client's cores at ts. */
static void busy_cores(const trc *t, int64_t ts, lay_lang lang, char *buf, size_t n)
{
    size_t pos = 0;
    buf[0] = '\0';
    for (uint32_t l = 0; l < t->nlanes && pos + 1 < n; l++) {
        if (t->lanes[l].kind != TRC_LANE_CORE)
            continue;
        long i = seg_at(t, l, ts);
        if (i < 0 || t->segs[i].aux < 0)
            continue;
        char a[128], b[128];
        lay_why_name(t, t->segs[i].aux, lang, a, sizeof a);
        lay_why_name(t, (int32_t)l, lang, b, sizeof b);
        int k = snprintf(buf + pos, n - pos, "%s", pos ? ", " : "");
        pos += k > 0 ? (size_t)k : 0;
        if (pos < n) {
            k = snprintf(buf + pos, n - pos, lay_str(lang, LAY_S_WHY_ON_CORE), a, b);
            pos += k > 0 ? (size_t)k : 0;
        }
    }
}

/* The holders of resource res at ts ("a, thread 3"; at most 4 named), from trc.holds. */
static void holders(const trc *t, uint32_t res, int64_t ts, lay_lang lang, char *buf, size_t n)
{
    size_t pos = 0, k = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < t->nholds && pos + 1 < n; i++) {
        const trc_hold *h = &t->holds[i];
        if (h->res != res || h->t0 > ts || h->t1 <= ts)
            continue;
        char nb[128];
        if (h->lane >= 0)
            lay_why_name(t, h->lane, lang, nb, sizeof nb);
        else
            req_name(t, h->req, nb, sizeof nb);
        int w = ++k > 4 ? (k == 5 ? snprintf(buf + pos, n - pos, ", …") : 0)
                        : snprintf(buf + pos, n - pos, "%s%s", pos ? ", " : "", nb);
        pos += w > 0 ? (size_t)w : 0;
    }
    if (!k)
        snprintf(buf, n, "%s", lay_str(lang, LAY_S_TIP_NOBODY));
}

static void sync_sentence(const trc *t, const lay_why *d, lay_lang lang, const char *at, const char *me, char *buf,
                          size_t n)
{
    if (d->y < 0 || (size_t)d->y >= t->nres) {
        snprintf(buf, n, "%s: ?", at);
        return;
    }
    const trc_res *r = &t->res[d->y];
    char h[512], cap[24];
    snprintf(cap, sizeof cap, "%u", r->capacity);
    if (d->kind == TRC_CAUSE_QGET) {
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_QGET), at, me, r->name);
    } else if (d->kind == TRC_CAUSE_QPUT) {
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_QPUT), at, me, r->name, cap);
    } else {
        holders(t, (uint32_t)d->y, d->t, lang, h, sizeof h);
        if (r->kind == SCN_SYNC_LOCK)
            snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOCK), at, me, r->name, h);
        else
            snprintf(buf, n, lay_str(lang, LAY_S_WHY_SEM), at, me, r->name, cap, h);
    }
}

/* Why `from` left its core (or loop): its state when it left. */
static lay_str_key leave_reason(const trc *t, const lay_why *d)
{
    long i = seg_at(t, (uint32_t)d->from, d->left);
    if (i < 0)   /* nothing more on its lane: it ended (the main unit: its creations are done) */
        return t->lanes[d->from].kind == TRC_LANE_MAIN ? LAY_S_WHY_R_MAIN : LAY_S_WHY_R_END;
    switch (t->segs[i].state) {
    case TRC_READY: return t->segs[i].flags == TRC_CAUSE_PREEMPTED ? LAY_S_WHY_R_SLICE : LAY_S_WHY_R_OTHER;
    case TRC_GIL: return LAY_S_WHY_R_GIL;
    case TRC_WAIT:
    case TRC_QUEUED: return LAY_S_WHY_R_WAIT;
    case TRC_BLOCKED: return LAY_S_WHY_R_BLOCKED;
    case TRC_AWAIT: return LAY_S_WHY_R_AWAIT;
    case TRC_LOCKWAIT: return LAY_S_WHY_R_LOCK;
    case TRC_QWAIT: return LAY_S_WHY_R_QUEUE;
    default: return LAY_S_WHY_R_OTHER;
    }
}

static void switch_sentence(const trc *t, const lay_why *d, lay_lang lang, const char *at, char *buf, size_t n)
{
    char host[128], to[128], from[128], reason[300];
    lay_why_name(t, (int32_t)d->lane, lang, host, sizeof host);
    lay_why_name(t, d->who, lang, to, sizeof to);
    if (d->from < 0 || (size_t)d->from >= t->nlanes) {
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_FIRST), at, host, to);
        return;
    }
    lay_why_name(t, d->from, lang, from, sizeof from);
    snprintf(reason, sizeof reason, lay_str(lang, leave_reason(t, d)), from);
    if (d->left < d->t) {   /* idle in between: the one it ran last had left earlier */
        char idle[48];
        lay_why_time(d->left, lang, idle, sizeof idle);
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_SWITCH_IDLE), at, host, idle, to, reason);
        return;
    }
    snprintf(buf, n, lay_str(lang, LAY_S_WHY_SWITCH), at, host, from, to, reason);
}

static void loop_sentence(const trc *t, const lay_why *d, lay_lang lang, const char *at, const char *me,
                          char *buf, size_t n)
{
    char h[128];
    lay_why_name(t, d->who, lang, h, sizeof h);
    switch (d->x) {
    case 0: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP), at, me, h); break;
    case 1: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP_BLOCKED), at, me, h); break;
    case 2: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP_CORE), at, me); break;
    case 4: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP_BORN), at, me); break;
    case 5: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP_SWITCH), at, me, me); break;
    default: snprintf(buf, n, lay_str(lang, LAY_S_WHY_LOOP_QUEUE), at, me); break;
    }
}

static void gil_sentence(const trc *t, const lay_why *d, lay_lang lang, const char *at, const char *me,
                         char *buf, size_t n)
{
    char h[128], since[48], iv[48], dl[48];
    lay_why_name(t, d->who, lang, h, sizeof h);
    lay_why_time(d->x, lang, since, sizeof since);
    if (d->kind == TRC_CAUSE_GIL_DROP) {
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_GIL_DROP), at, me, since, h);
        return;
    }
    lay_why_time(t->switchinterval, lang, iv, sizeof iv);
    lay_why_time(d->y >= 0 ? d->y : d->t + t->switchinterval, lang, dl, sizeof dl);   /* y: forced out at */
    snprintf(buf, n, lay_str(lang, LAY_S_WHY_GIL), at, me, h, since, iv, dl, h);
}

/* "a -> lock y -> b -> lock x -> a", or without a cycle each unit and what it waits for. */
static void deadlock_sentence(const trc *t, lay_lang lang, const char *at, char *buf, size_t n)
{
    const trc_deadlock *dl = &t->deadlock;
    char who[512];
    size_t pos = 0;
    who[0] = '\0';
    if (dl->cycle && dl->cycle[0])
        snprintf(who, sizeof who, "%s", dl->cycle);
    else
        for (size_t i = 0; i < dl->nunits && pos + 1 < sizeof who; i++) {
            int k = snprintf(who + pos, sizeof who - pos, "%s%s (%s)", i ? ", " : "", dl->units[i].unit,
                             dl->units[i].waits);
            pos += k > 0 ? (size_t)k : 0;
        }
    snprintf(buf, n, lay_str(lang, LAY_S_WHY_DEADLOCK), at, who);
}

char *lay_why_sentence(const trc *t, const lay_why *d, lay_lang lang, char *buf, size_t n)
{
    char at[48], me[128], a[512], b[64];
    lay_why_time(d->t, lang, at, sizeof at);
    lay_why_name(t, (int32_t)d->lane, lang, me, sizeof me);
    switch (d->kind) {
    case TRC_CAUSE_NO_CORE:
        busy_cores(t, d->t, lang, a, sizeof a);
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_NO_CORE), at, me, a);
        break;
    case TRC_CAUSE_PREEMPTED: snprintf(buf, n, lay_str(lang, LAY_S_WHY_PREEMPTED), at, me); break;
    case TRC_CAUSE_GIL:
    case TRC_CAUSE_GIL_DROP: gil_sentence(t, d, lang, at, me, buf, n); break;
    case TRC_CAUSE_LOOP: loop_sentence(t, d, lang, at, me, buf, n); break;
    case TRC_CAUSE_QUEUED:
        lay_why_name(t, d->who, lang, a, sizeof a);
        snprintf(b, sizeof b, "%lld", (long long)d->x);
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_QUEUED), at, me, a, b);
        break;
    case TRC_CAUSE_MEMORY: {
        char held[32], budget[32];
        req_name(t, d->req, a, sizeof a);
        sl_fmt_size(d->x, held, sizeof held);
        sl_fmt_size(d->y, budget, sizeof budget);   /* French: "600 Kio" */
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_MEMORY), at, a, lay_localize(lang, held, sizeof held),
                 lay_localize(lang, budget, sizeof budget));
        break;
    }
    case TRC_CAUSE_TASK:
        if (d->who >= 0)
            lay_why_name(t, d->who, lang, a, sizeof a);
        else if (d->y >= 0)
            req_name(t, (int32_t)d->y, a, sizeof a);
        else
            snprintf(a, sizeof a, "%s", lay_str(lang, LAY_S_WHY_TASKS));
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_TASK), at, me, a);
        break;
    case TRC_CAUSE_LOCK:
    case TRC_CAUSE_QGET:
    case TRC_CAUSE_QPUT: sync_sentence(t, d, lang, at, me, buf, n); break;
    case LAY_WHY_SWITCH: switch_sentence(t, d, lang, at, buf, n); break;
    case LAY_WHY_TIMEOUT: snprintf(buf, n, lay_str(lang, LAY_S_WHY_TIMEOUT), at, me); break;
    case LAY_WHY_DEADLOCK: deadlock_sentence(t, lang, at, buf, n); break;
    case LAY_WHY_DISPATCH:
        lay_why_name(t, d->who, lang, a, sizeof a);
        snprintf(buf, n, lay_str(lang, LAY_S_WHY_DISPATCH), at, me, a);
        break;
    default: snprintf(buf, n, "%s: ?", at); break;
    }
    return buf;
}
