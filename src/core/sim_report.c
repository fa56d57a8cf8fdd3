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
    fprintf(f, ", \"latency_ns\": {\"mean\": %" PRId64 ", \"p50\": %" PRId64 ", \"p99\": %" PRId64
            ", \"max\": %" PRId64 "}", m->lat_mean_ns, m->lat_p50_ns, m->lat_p99_ns, m->lat_max_ns);
    fprintf(f, ", \"throughput_per_s\": %.17g", finite_or_zero(m->throughput_per_s));
    fprintf(f, ", \"cpu\": {\"busy_ns\": %" PRId64 ", \"useful_ns\": %" PRId64
            ", \"overhead_ns\": %" PRId64 ", \"switch_ns\": %" PRId64 ", \"spawn_ns\": %" PRId64
            ", \"call_ns\": %" PRId64 ", \"utilization\": %.6g}", m->cpu_busy_ns, m->cpu_useful_ns,
            m->cpu_overhead_ns, m->cpu_switch_ns, m->cpu_spawn_ns, m->cpu_call_ns, finite_or_zero(m->utilization));
    fprintf(f, ", \"context_switches\": %" PRIu64 ", \"peak_memory_bytes\": %" PRId64
            ", \"peak_concurrency\": %" PRIu64 ", \"events\": %" PRIu64 ", \"cores\": %u",
            m->context_switches, m->peak_memory_bytes, m->peak_concurrency, m->events,
            (unsigned)m->cores);
}

void sim_print_json(const sim_metrics *m, FILE *f)
{
    fputc('{', f);
    sim_print_json_fields(m, f);
    fputc('}', f);
}
