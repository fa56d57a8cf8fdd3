/* exp.c — Chrome trace-event JSON, CSV and JSON exports of a trace. */
#include "exp.h"

#include <stdlib.h>
#include <string.h>

bool exp_format_from_name(const char *name, exp_format *out)
{
    for (int k = 0; k < EXP_FORMAT_COUNT; k++)
        if (strcmp(name, exp_format_name((exp_format)k)) == 0) {
            *out = (exp_format)k;
            return true;
        }
    return false;
}

const char *exp_format_name(exp_format f)
{
    static const char *const names[EXP_FORMAT_COUNT] = {"chrome", "csv", "json"};
    return (unsigned)f < EXP_FORMAT_COUNT ? names[f] : "?";
}

/* A JSON string literal: quotes, backslashes and control bytes escaped; UTF-8 passes through. */
static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

/* Microseconds with nanosecond precision, as Chrome's ts/dur want them. */
static void json_us(FILE *f, int64_t ns)
{
    fprintf(f, "%lld.%03lld", (long long)(ns / 1000), (long long)(ns % 1000));
}

void exp_req_name(const trc *t, int32_t r, char *buf, size_t n)
{
    if (r < 0 || (size_t)r >= t->nreqs) {
        snprintf(buf, n, "%s", "");
        return;
    }
    const trc_req *q = &t->reqs[r];
    const char *name = t->tmpls[q->tmpl].name;
    if (t->tmpls[q->tmpl].count <= 1 && !(q->flags & TRC_REQ_TASK))
        snprintf(buf, n, "%s", name);
    else
        snprintf(buf, n, "%s#%u", name, q->instance + 1);
}

static int lane_pid(const trc *t, uint32_t lane)
{
    return t->lanes[lane].host < 0 ? 1 : 2 + t->lanes[lane].host;
}

static void chrome_meta(const trc *t, const scn *s, FILE *f)
{
    fprintf(f, "{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":1,\"args\":{\"name\":");
    json_str(f, scn_str(s, s->cfg.client));
    fprintf(f, "}}");
    for (size_t i = 0; i < s->nservers; i++) {
        fprintf(f, ",\n{\"name\":\"process_name\",\"ph\":\"M\",\"pid\":%zu,\"args\":{\"name\":", i + 2);
        json_str(f, scn_str(s, s->servers[i].name));
        fprintf(f, "}}");
    }
    for (size_t l = 0; l < t->nlanes; l++) {
        fprintf(f, ",\n{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%zu,\"args\":{\"name\":",
                lane_pid(t, (uint32_t)l), l + 1);
        json_str(f, t->lanes[l].name);
        fprintf(f, "}},\n{\"name\":\"thread_sort_index\",\"ph\":\"M\",\"pid\":%d,\"tid\":%zu,"
                   "\"args\":{\"sort_index\":%zu}}", lane_pid(t, (uint32_t)l), l + 1, l);
    }
}

static void chrome_seg(const trc *t, const trc_seg *g, FILE *f)
{
    char rn[160];
    exp_req_name(t, g->req, rn, sizeof rn);
    const char *label = trc_seg_label(t, g);
    fprintf(f, ",\n{\"name\":");
    json_str(f, g->req >= 0 ? rn : trc_state_name((trc_state)g->state));
    fprintf(f, ",\"cat\":");
    json_str(f, trc_state_name((trc_state)g->state));
    fprintf(f, ",\"ph\":\"X\",\"ts\":");
    json_us(f, g->t0);
    fprintf(f, ",\"dur\":");
    json_us(f, g->t1 - g->t0);
    fprintf(f, ",\"pid\":%d,\"tid\":%u,\"args\":{\"state\":", lane_pid(t, g->lane), g->lane + 1);
    json_str(f, trc_state_name((trc_state)g->state));
    if (g->req >= 0) {
        fprintf(f, ",\"request\":");
        json_str(f, rn);
        fprintf(f, ",\"step\":%u", g->step);
    }
    if (label) {
        fprintf(f, ",\"label\":");
        json_str(f, label);
    }
    fprintf(f, "}}");
}

/* A message as a flow: start on the sender's track, finish on the receiver's (binding to the
 * enclosing slice, or the next one when the receiver is idle at that instant). */
static void chrome_msg(const trc *t, const trc_msg *m, size_t id, FILE *f)
{
    static const char *const names[] = {"call", "reply", "spawn", "join"};
    const char *name = m->kind < sizeof names / sizeof names[0] ? names[m->kind] : "message";
    fprintf(f, ",\n{\"name\":\"%s\",\"cat\":\"message\",\"ph\":\"s\",\"id\":%zu,\"ts\":", name, id);
    json_us(f, m->t0);
    fprintf(f, ",\"pid\":%d,\"tid\":%u}", lane_pid(t, m->from), m->from + 1);
    fprintf(f, ",\n{\"name\":\"%s\",\"cat\":\"message\",\"ph\":\"f\",\"bp\":\"e\",\"id\":%zu,\"ts\":", name, id);
    json_us(f, m->t1);
    fprintf(f, ",\"pid\":%d,\"tid\":%u}", lane_pid(t, m->to), m->to + 1);
}

static void chrome_mark(const trc *t, const trc_mark *k, FILE *f)
{
    fprintf(f, ",\n{\"name\":");
    json_str(f, trc_mark_name((trc_mark_kind)k->kind));
    fprintf(f, ",\"cat\":\"marker\",\"ph\":\"i\",\"s\":\"t\",\"ts\":");
    json_us(f, k->t);
    fprintf(f, ",\"pid\":%d,\"tid\":%u", lane_pid(t, k->lane), k->lane + 1);
    if (k->req >= 0) {
        char rn[160];
        exp_req_name(t, k->req, rn, sizeof rn);
        fprintf(f, ",\"args\":{\"request\":");
        json_str(f, rn);
        fprintf(f, "}");
    }
    fprintf(f, "}");
}

void exp_chrome(const trc *t, const scn *s, FILE *f)
{
    fprintf(f, "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
    chrome_meta(t, s, f);
    for (size_t i = 0; i < t->nsegs; i++)
        chrome_seg(t, &t->segs[i], f);
    for (size_t i = 0; i < t->nmsgs; i++)
        chrome_msg(t, &t->msgs[i], i + 1, f);
    for (size_t i = 0; i < t->nmarks; i++)
        chrome_mark(t, &t->marks[i], f);
    for (size_t i = 0; i < t->nsamples; i++) {   /* a counter track per resource: holders (items), waiting */
        const trc_res_sample *x = &t->samples[i];
        if (x->res >= t->nres)
            continue;
        fprintf(f, ",\n{\"name\":");
        json_str(f, t->res[x->res].name);
        fprintf(f, ",\"cat\":\"resource\",\"ph\":\"C\",\"ts\":");
        json_us(f, x->t);
        fprintf(f, ",\"pid\":1,\"args\":{\"%s\":%u,\"waiting\":%u}}",
                t->res[x->res].kind == SCN_SYNC_QUEUE ? "items" : "holders", x->value, x->waiters);
    }
    if (t->deadlock.on) {   /* a global instant: what waits for what, and the cycle */
        fprintf(f, ",\n{\"name\":\"deadlock\",\"cat\":\"deadlock\",\"ph\":\"i\",\"s\":\"g\",\"ts\":");
        json_us(f, t->deadlock.t);
        fprintf(f, ",\"pid\":1,\"tid\":1,\"args\":{\"deadlock\":");
        sim_print_json_deadlock(&t->deadlock, f);
        fprintf(f, "}}");
    }
    fprintf(f, "\n]}\n");
}

/* A CSV field, quoted when it holds a comma, a quote or a line break. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void exp_csv(const trc *t, FILE *f)
{
    fputs("lane,state,request,start_ns,end_ns\n", f);
    char rn[160];
    for (size_t i = 0; i < t->nsegs; i++) {
        const trc_seg *g = &t->segs[i];
        exp_req_name(t, g->req, rn, sizeof rn);
        csv_field(f, t->lanes[g->lane].name);
        fprintf(f, ",%s,", trc_state_name((trc_state)g->state));
        csv_field(f, rn);
        fprintf(f, ",%lld,%lld\n", (long long)g->t0, (long long)g->t1);
    }
    /* tasks: a row per spawn (on the task's lane, from the spawn to when it was taken) and per join
     * (on the awaiting body's lane, from the task's end to the await's return) */
    for (size_t i = 0; i < t->nmsgs; i++) {
        const trc_msg *m = &t->msgs[i];
        if (m->kind != TRC_MSG_SPAWN && m->kind != TRC_MSG_JOIN)
            continue;
        exp_req_name(t, m->req, rn, sizeof rn);
        csv_field(f, t->lanes[m->to].name);
        fprintf(f, ",%s,", m->kind == TRC_MSG_SPAWN ? "spawned" : "joined");
        csv_field(f, rn);
        fprintf(f, ",%lld,%lld\n", (long long)m->t0, (long long)m->t1);
    }
    for (size_t i = 0; t->deadlock.on && i < t->deadlock.nunits; i++) {   /* one row per deadlocked unit */
        const trc_dl_unit *u = &t->deadlock.units[i];
        exp_req_name(t, u->req, rn, sizeof rn);
        csv_field(f, u->lane >= 0 ? t->lanes[u->lane].name : u->unit);
        fputs(",deadlock,", f);
        csv_field(f, rn);
        fprintf(f, ",%lld,%lld\n", (long long)t->deadlock.t, (long long)t->deadlock.t);
    }
}

static void json_request(const trc *t, size_t i, FILE *f)
{
    const trc_req *q = &t->reqs[i];
    char rn[160];
    exp_req_name(t, (int32_t)i, rn, sizeof rn);
    bool failed = q->flags & TRC_REQ_FAILED;
    fprintf(f, "%s\n  {\"id\":%zu,\"name\":", i ? "," : "", i);
    json_str(f, t->tmpls[q->tmpl].name);
    fprintf(f, ",\"instance\":%u,\"label\":", q->instance + 1);
    json_str(f, rn);
    fprintf(f, ",\"arrival_ns\":%lld,\"start_ns\":%lld,\"end_ns\":%lld,\"latency_ns\":%lld,\"failed\":%s,\"lane\":",
            (long long)q->arrival, (long long)q->start, (long long)q->end,
            (long long)(failed ? 0 : q->end - q->arrival), failed ? "true" : "false");
    if (q->lane >= 0)
        json_str(f, t->lanes[q->lane].name);
    else
        fputs("null", f);
    if (q->flags & TRC_REQ_TASK)   /* a spawned task: the record of the body that spawned it */
        fprintf(f, ",\"task\":true,\"parent\":%d", q->parent);
    static const char *const whys[] = {"", "memory", "timeout", "error"};
    if (failed && q->why > 0 && q->why < 4)
        fprintf(f, ",\"reason\":\"%s\"", whys[q->why]);
    fputc('}', f);
}

void exp_json(const trc *t, const sim_metrics *m, FILE *f)
{
    fputc('{', f);
    sim_print_json_fields(m, f);
    sim_res_stats *res = calloc(t->nres ? t->nres : 1, sizeof *res);
    for (size_t i = 0; res && i < t->nres; i++) {
        const trc_res *x = &t->res[i];
        res[i] = (sim_res_stats){x->name, x->kind, x->capacity, x->peak_waiters, x->waits, x->wait_total_ns,
                                 x->wait_max_ns, x->peak_count};
    }
    sim_print_json_resources(res, res ? t->nres : 0, f);
    free(res);
    fputs(", \"deadlock\": ", f);
    sim_print_json_deadlock(&t->deadlock, f);
    fputs(", \"records\": [", f);
    for (size_t i = 0; i < t->nreqs; i++)
        json_request(t, i, f);
    fputs("\n]}\n", f);
}
