/* sim_report.c — the metrics of one or more runs as a readable table or as JSON.
 * Writes only to the FILE it is given; the JSON is always valid (no NaN or infinity). */
#include "sim.h"

#include <inttypes.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

typedef enum { CELL_COUNT, CELL_DUR, CELL_SIZE, CELL_RATE, CELL_PERCENT } cell_kind;

/* One table row: a label and the sim_metrics field it shows (read through its offset, so the
 * row list below is the only place that says what the table contains and in what order). */
typedef struct {
    const char *label;
    cell_kind kind;
    size_t off;
} report_row;

#define ROW(label, kind, field) {label, kind, offsetof(sim_metrics, field)}

static const report_row rows[] = {
    ROW("requests", CELL_COUNT, requests),
    ROW("completed", CELL_COUNT, completed),
    ROW("failed", CELL_COUNT, failed),
    ROW("  memory", CELL_COUNT, failed_memory),
    ROW("  timeout", CELL_COUNT, failed_timeout),
    ROW("  error", CELL_COUNT, failed_error),
    ROW("timeouts", CELL_COUNT, timeouts),
    ROW("run-time errors", CELL_COUNT, errors),
    ROW("makespan", CELL_DUR, makespan_ns),
    ROW("latency mean", CELL_DUR, lat_mean_ns),
    ROW("latency p50", CELL_DUR, lat_p50_ns),
    ROW("latency p99", CELL_DUR, lat_p99_ns),
    ROW("latency max", CELL_DUR, lat_max_ns),
    ROW("throughput (req/s)", CELL_RATE, throughput_per_s),
    ROW("cpu busy", CELL_DUR, cpu_busy_ns),
    ROW("cpu useful", CELL_DUR, cpu_useful_ns),
    ROW("cpu overhead", CELL_DUR, cpu_overhead_ns),
    ROW("  switch", CELL_DUR, cpu_switch_ns),
    ROW("  spawn", CELL_DUR, cpu_spawn_ns),
    ROW("  call", CELL_DUR, cpu_call_ns),
    ROW("utilization", CELL_PERCENT, utilization),
    ROW("context switches", CELL_COUNT, context_switches),
    ROW("peak memory", CELL_SIZE, peak_memory_bytes),
    ROW("peak concurrency", CELL_COUNT, peak_concurrency),
    ROW("peak server queue", CELL_COUNT, peak_server_queue),
    ROW("events", CELL_COUNT, events),
};

#define NROWS (sizeof rows / sizeof rows[0])

/* A ratio that is undefined (a run of zero length) reads as 0 rather than nan. */
static double finite_or_zero(double x)
{
    return isfinite(x) ? x : 0.0;
}

static void fmt_rate(double x, char *out, size_t outlen)
{
    x = finite_or_zero(x);
    if (x >= 1000.0)
        snprintf(out, outlen, "%.0f", x);   /* %g would switch to 1.2e+04 here */
    else
        snprintf(out, outlen, "%.4g", x);
}

static void fmt_cell(const sim_metrics *m, const report_row *r, char *out, size_t outlen)
{
    const char *field = (const char *)m + r->off;
    uint64_t u;
    int64_t i;
    double d;
    switch (r->kind) {
    case CELL_COUNT:
        memcpy(&u, field, sizeof u);
        snprintf(out, outlen, "%" PRIu64, u);
        break;
    case CELL_DUR:
        memcpy(&i, field, sizeof i);
        sl_fmt_dur(i, out, outlen);
        break;
    case CELL_SIZE:
        memcpy(&i, field, sizeof i);
        sl_fmt_size(i, out, outlen);
        break;
    case CELL_RATE:
        memcpy(&d, field, sizeof d);
        fmt_rate(d, out, outlen);
        break;
    case CELL_PERCENT:
        memcpy(&d, field, sizeof d);
        snprintf(out, outlen, "%.1f%%", finite_or_zero(d) * 100.0);
        break;
    }
}

/* Width of a run's column: its header or its widest cell. Recomputed per line rather than
 * stored, so any number of runs needs no allocation; it costs a few hundred snprintf calls. */
static int column_width(const sim_metrics *m)
{
    char cell[64];
    int w = (int)strlen(scn_model_name((scn_model)m->model));
    for (size_t r = 0; r < NROWS; r++) {
        fmt_cell(m, &rows[r], cell, sizeof cell);
        int len = (int)strlen(cell);
        if (len > w)
            w = len;
    }
    return w;
}

static int label_width(void)
{
    int w = 0;
    for (size_t r = 0; r < NROWS; r++) {
        int len = (int)strlen(rows[r].label);
        if (len > w)
            w = len;
    }
    return w;
}

static void print_caption(const scn *s, FILE *f)
{
    const char *title = scn_str(s, s->cfg.title);
    fprintf(f, "scenario: %s", s->path ? s->path : "-");
    if (title[0])
        fprintf(f, " (%s)", title);
    uint64_t nreq = scn_total_requests(s);
    unsigned cores = (unsigned)s->cfg.cores;
    fprintf(f, ", %" PRIu64 " request%s, %u client core%s\n", nreq, nreq == 1 ? "" : "s", cores,
            cores == 1 ? "" : "s");
}

void sim_print_table(const sim_metrics *ms, int n, const scn *s, FILE *f)
{
    enum { GAP = 2 };
    int lw = label_width();
    char cell[64];
    if (s)
        print_caption(s, f);
    fprintf(f, "%-*s", lw, "");
    for (int j = 0; j < n; j++)
        fprintf(f, "%*s%*s", GAP, "", column_width(&ms[j]),
                scn_model_name((scn_model)ms[j].model));
    fputc('\n', f);
    for (size_t r = 0; r < NROWS; r++) {
        fprintf(f, "%-*s", lw, rows[r].label);
        for (int j = 0; j < n; j++) {
            fmt_cell(&ms[j], &rows[r], cell, sizeof cell);
            fprintf(f, "%*s%*s", GAP, "", column_width(&ms[j]), cell);
        }
        fputc('\n', f);
    }
}

void sim_print_json_fields(const sim_metrics *m, FILE *f)
{
    fprintf(f, "\"model\": \"%s\", \"makespan_ns\": %" PRId64, scn_model_name((scn_model)m->model),
            m->makespan_ns);
    fprintf(f, ", \"requests\": %" PRIu64 ", \"completed\": %" PRIu64 ", \"failed\": %" PRIu64,
            m->requests, m->completed, m->failed);
    fprintf(f, ", \"failed_by_reason\": {\"memory\": %" PRIu64 ", \"timeout\": %" PRIu64 ", \"error\": %" PRIu64
            "}, \"timeouts\": %" PRIu64 ", \"errors\": %" PRIu64, m->failed_memory, m->failed_timeout,
            m->failed_error, m->timeouts, m->errors);
    fprintf(f, ", \"latency_ns\": {\"mean\": %" PRId64 ", \"p50\": %" PRId64 ", \"p99\": %" PRId64
            ", \"max\": %" PRId64 "}", m->lat_mean_ns, m->lat_p50_ns, m->lat_p99_ns, m->lat_max_ns);
    fprintf(f, ", \"throughput_per_s\": %.17g", finite_or_zero(m->throughput_per_s));
    fprintf(f, ", \"cpu\": {\"busy_ns\": %" PRId64 ", \"useful_ns\": %" PRId64
            ", \"overhead_ns\": %" PRId64 ", \"switch_ns\": %" PRId64 ", \"spawn_ns\": %" PRId64
            ", \"call_ns\": %" PRId64 ", \"utilization\": %.6g}", m->cpu_busy_ns, m->cpu_useful_ns,
            m->cpu_overhead_ns, m->cpu_switch_ns, m->cpu_spawn_ns, m->cpu_call_ns, finite_or_zero(m->utilization));
    fprintf(f, ", \"context_switches\": %" PRIu64 ", \"peak_memory_bytes\": %" PRId64
            ", \"peak_concurrency\": %" PRIu64 ", \"peak_server_queue\": %" PRIu64 ", \"events\": %" PRIu64
            ", \"cores\": %u", m->context_switches, m->peak_memory_bytes, m->peak_concurrency,
            m->peak_server_queue, m->events, (unsigned)m->cores);
}

void sim_print_json(const sim_metrics *m, FILE *f)
{
    fputc('{', f);
    sim_print_json_fields(m, f);
    fputc('}', f);
}

static const char *const res_kinds[] = {"semaphore", "lock", "queue"};

void sim_print_json_deadlock(const trc_deadlock *d, FILE *f)
{
    if (!d->on) {
        fputs("null", f);
        return;
    }
    fprintf(f, "{\"t_ns\": %" PRId64 ", \"cycle\": ", d->t);
    sl_json_str(f, d->cycle);
    fputs(", \"units\": [", f);
    for (size_t i = 0; i < d->nunits; i++) {
        const trc_dl_unit *u = &d->units[i];
        fputs(i ? ", {\"unit\": " : "{\"unit\": ", f);
        sl_json_str(f, u->unit);
        fputs(", \"waits_for\": ", f);
        sl_json_str(f, u->waits);
        fputs(", \"held_by\": ", f);
        sl_json_str(f, u->holders);
        fputc('}', f);
    }
    fputs("]}", f);
}

void sim_print_json_resources(const sim_res_stats *res, size_t n, FILE *f)
{
    fputs(", \"resources\": [", f);
    for (size_t i = 0; i < n; i++) {
        const sim_res_stats *x = &res[i];
        fputs(i ? ", {\"name\": " : "{\"name\": ", f);
        sl_json_str(f, x->name);
        fprintf(f, ", \"kind\": \"%s\", \"capacity\": %u, \"peak_waiters\": %" PRIu64 ", \"waits\": %" PRIu64
                ", \"wait_total_ns\": %" PRId64 ", \"wait_max_ns\": %" PRId64 ", \"%s\": %" PRIu64 "}",
                x->kind < 3 ? res_kinds[x->kind] : "?", (unsigned)x->capacity, x->peak_waiters, x->waits,
                x->wait_total_ns, x->wait_max_ns, x->kind == 2 ? "peak_length" : "peak_holders", x->peak_count);
    }
    fputc(']', f);
}

void sim_print_json_report(const sim_report *r, FILE *f)
{
    if (!r)
        return;
    sim_print_json_resources(r->res, r->nres, f);
    fputs(", \"deadlock\": ", f);
    sim_print_json_deadlock(&r->deadlock, f);
}

static void print_resources(const sim_report *r, const sim_metrics *m, bool several, FILE *f)
{
    char tot[32], max[32], cap[32];
    if (r->nres == 0)
        return;
    fprintf(f, "\nresources%s%s%s:\n", several ? " (" : "", several ? scn_model_name((scn_model)m->model) : "",
            several ? ")" : "");
    fprintf(f, "  %-16s %-9s %8s %12s %8s %12s %12s %11s\n", "name", "kind", "capacity", "peak waiters", "waits",
            "wait total", "wait max", "peak count");
    for (size_t i = 0; i < r->nres; i++) {
        const sim_res_stats *x = &r->res[i];
        sl_fmt_dur(x->wait_total_ns, tot, sizeof tot);
        sl_fmt_dur(x->wait_max_ns, max, sizeof max);
        if (x->kind == 2 && x->capacity == 0)
            snprintf(cap, sizeof cap, "unbounded");
        else
            snprintf(cap, sizeof cap, "%u", (unsigned)x->capacity);
        fprintf(f, "  %-16s %-9s %8s %12" PRIu64 " %8" PRIu64 " %12s %12s %11" PRIu64 "\n", x->name,
                x->kind < 3 ? res_kinds[x->kind] : "?", cap, x->peak_waiters, x->waits, tot, max, x->peak_count);
    }
}

static void print_deadlock(const trc_deadlock *d, const sim_metrics *m, bool several, FILE *f)
{
    char at[32];
    if (!d->on)
        return;
    sl_fmt_dur(d->t, at, sizeof at);
    fprintf(f, "\nDEADLOCK%s%s%s at %s: %zu unit%s wait%s for ever; the run stopped there.\n", several ? " (" : "",
            several ? scn_model_name((scn_model)m->model) : "", several ? ")" : "", at, d->nunits,
            d->nunits == 1 ? "" : "s", d->nunits == 1 ? "s" : "");
    fprintf(f, "  %-16s %-28s %s\n", "unit", "waits for", "held by");
    for (size_t i = 0; i < d->nunits; i++)
        fprintf(f, "  %-16s %-28s %s\n", d->units[i].unit, d->units[i].waits,
                d->units[i].holders[0] ? d->units[i].holders : "-");
    if (d->cycle && d->cycle[0])
        fprintf(f, "  cycle: %s\n", d->cycle);
    else
        fprintf(f, "  no cycle: nothing left that could wake them\n");
}

void sim_print_reports(const sim_report *rs, const sim_metrics *ms, int n, FILE *f)
{
    for (int k = 0; k < n; k++)
        print_resources(&rs[k], &ms[k], n > 1, f);
    for (int k = 0; k < n; k++)
        print_deadlock(&rs[k].deadlock, &ms[k], n > 1, f);
}
