/* cli_real.c — `schedlab real`: runs a scenario for real on this machine (src/real), prints the
 * measured metrics like `run`, and with --compare-sim sets them against the simulation of the same
 * workload: per-request and makespan errors, and with -o both timelines on one time scale. */
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp.h"
#include "real.h"
#include "sim.h"
#include "sl_file.h"
#include "view.h"

#define REAL_MAX_RUNS 20

static const char real_help[] =
    "usage: schedlab real FILE [--model M] [--set KEY=VALUE]... [--runs N] [-o OUT] [--json]\n"
    "                     [--compare-sim] [--width W]\n"
    "\n"
    "Runs the scenario FILE for real on this machine (profile python: a CPython 3 client,\n"
    "/usr/bin/python3, in the model's own terms: a loop, one multiprocessing process, one thread\n"
    "or one asyncio task per request), its calls going to local servers on 127.0.0.1 that\n"
    "schedlab starts and stops. cpu steps are calibrated busy work, io and block sleeps. Prints\n"
    "the measured metrics (the fields of 'schedlab run').\n"
    "Bounded: at most 20000 requests, a simulated makespan of at most 60 s, and the client is\n"
    "killed (with everything it started) after 120 s.\n"
    "\n"
    "options:\n"
    "  --model M, --set KEY=VALUE   as for 'schedlab run'\n"
    "  --runs N           runs N times (1..20, default 1): prints each makespan and keeps the\n"
    "                     run of median makespan\n"
    "  -o, --output OUT   OUT.png or OUT.svg: the timeline (with --compare-sim: measured above\n"
    "                     simulated, one time scale); OUT.json or OUT.csv: the measured trace\n"
    "                     as 'schedlab export' writes it\n"
    "  --json             the metrics as one JSON object (with --compare-sim: real, sim, errors)\n"
    "  --compare-sim      also simulates the same workload and prints both with their errors\n"
    "  --width W          picture width in pixels (default 1600)\n"
    "  -h, --help         prints this help\n"
    "\n"
    "exit status: 0 success, 1 the run failed or was refused (too large), 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *out, *runs, *width;
    bool json, compare, help;
    int nruns;
    float w;
} real_args;

static int parse_args(real_args *a, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&a->scn, argc, argv, &i, "real");
        if (r == 0)
            r = cli_opt(argc, argv, &i, "real", "--output", &a->out);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "real", "-o", &a->out);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "real", "--runs", &a->runs);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "real", "--width", &a->width);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--compare-sim") == 0)
            a->compare = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else
            return cli_usage_error("real", "unknown option '%s'", argv[i]), -1;
    }
    if (a->help)
        return 0;
    if (!a->scn.file)
        return cli_usage_error("real", "expected a scenario FILE"), -1;
    char *end;
    long n = a->runs ? strtol(a->runs, &end, 10) : 1;
    if (a->runs && (*end || end == a->runs || n < 1 || n > REAL_MAX_RUNS))
        return cli_usage_error("real", "--runs %s: expected a count from 1 to %d", a->runs, REAL_MAX_RUNS), -1;
    a->nruns = (int)n;
    double w = a->width ? strtod(a->width, &end) : 1600;
    if (a->width && (*end || !(w >= 200 && w <= 16384)))
        return cli_usage_error("real", "--width %s: expected a number from 200 to 16384", a->width), -1;
    a->w = (float)w;
    if (a->out && !cli_pic_kind_ok(a->out)) {
        size_t l = strlen(a->out);
        if (l < 5 || (strcmp(a->out + l - 5, ".json") != 0 && strcmp(a->out + l - 4, ".csv") != 0))
            return cli_usage_error("real", "-o %s: expected .png, .svg, .json or .csv", a->out), -1;
        if (a->compare && a->out)
            return cli_usage_error("real", "-o with --compare-sim writes a picture: .png or .svg"), -1;
    }
    return 0;
}

/* ---- errors between the measured and the simulated run ------------------------------------------- */

typedef struct {
    double makespan_ratio, latency_ratio;   /* simulated / measured */
    double req_err_mean, req_err_max;       /* |sim - real| / real of each request's latency */
    int64_t req_abs_mean_ns;
    size_t nreq;
} real_err;

static real_err errors(const trc *real, const sim_metrics *mr, const trc *sim, const sim_metrics *ms)
{
    real_err e = {0};
    e.makespan_ratio = mr->makespan_ns > 0 ? (double)ms->makespan_ns / (double)mr->makespan_ns : 0;
    e.latency_ratio = mr->lat_mean_ns > 0 ? (double)ms->lat_mean_ns / (double)mr->lat_mean_ns : 0;
    double abs_sum = 0;
    for (size_t i = 0; i < real->nreqs && i < sim->nreqs; i++) {
        const trc_req *a = &real->reqs[i], *b = &sim->reqs[i];
        if (a->flags != TRC_REQ_DONE || b->flags != TRC_REQ_DONE)
            continue;
        double la = (double)(a->end - a->arrival), lb = (double)(b->end - b->arrival);
        double rel = la > 0 ? fabs(lb - la) / la : 0;
        e.req_err_mean += rel;
        e.req_err_max = rel > e.req_err_max ? rel : e.req_err_max;
        abs_sum += fabs(lb - la);
        e.nreq++;
    }
    if (e.nreq) {
        e.req_err_mean /= (double)e.nreq;
        e.req_abs_mean_ns = (int64_t)(abs_sum / (double)e.nreq + 0.5);
    }
    return e;
}

static void print_errors(const real_err *e, FILE *f)
{
    char b[32];
    fprintf(f, "\nsimulated / measured: makespan %.3f, mean latency %.3f\n", e->makespan_ratio, e->latency_ratio);
    fprintf(f, "per-request latency error over %zu requests: mean %.1f %% (%s), max %.1f %%\n", e->nreq,
            100 * e->req_err_mean, sl_fmt_dur(e->req_abs_mean_ns, b, sizeof b), 100 * e->req_err_max);
}

static void print_json_cmp(const sim_metrics *mr, const sim_metrics *ms, const real_err *e, FILE *f)
{
    fputs("{\"real\": ", f);
    sim_print_json(mr, f);
    fputs(", \"sim\": ", f);
    sim_print_json(ms, f);
    fprintf(f, ", \"makespan_ratio\": %.6f, \"latency_ratio\": %.6f, \"request_error_mean\": %.6f, "
            "\"request_error_max\": %.6f}\n", e->makespan_ratio, e->latency_ratio, e->req_err_mean, e->req_err_max);
}

/* ---- pictures ----------------------------------------------------------------------------------------- */

/* The picture of runs[0 .. n) through the view table (view.h): the timeline of one run with its
 * status bar, or (two runs) measured above simulated on one time scale, as tall as they need. */
static bool picture(const view_run *runs, int n, const real_args *a, sl_err *err)
{
    const view_ops *ops = view_get(n > 1 ? VIEW_COMPARE : VIEW_TIMELINE);
    view_src src = {.runs = runs, .nruns = n, .status = n == 1, .stacked = true};
    void *ctx = ops->create(&src, err);
    if (!ctx)
        return false;
    void *owned = NULL;
    dl_measure meas = cli_pic_measure(a->out, NULL, &owned);
    dl_list l;
    dl_init(&l);
    lay_view v;
    lay_view_init(&v);
    float h = roundf(ops->height(ctx, &v, a->w, &meas));
    lay_geom g = ops->geometry(ctx, &v, a->w, h < 16384 ? h : 16384, &meas);
    view_fit(ops, ctx, &v, &g, &meas, ops->end(ctx));
    ops->frame(ctx, &v, &g, &meas, &l);
    if (src.status) {
        char status[512];
        lay_status_text(status, sizeof status, v.lang, runs[0].model, NULL, runs[0].m);
        lay_status_bar(&v, &g, status, &l);
    }
    ops->destroy(ctx);
    bool ok = cli_write_pic(&l, a->out, 1, NULL, err);
    dl_free(&l);
    cli_pic_measure_free(owned);
    return ok;
}

/* A trace file, written through sl_file (a temporary renamed into place). */
static bool write_trace(const trc *t, const sim_metrics *m, const char *path, sl_err *err)
{
    sl_file f;
    if (!sl_file_open(&f, path, err))
        return false;
    size_t l = strlen(path);
    if (strcmp(path + l - 4, ".csv") == 0)
        exp_csv(t, sl_file_stream(&f));
    else
        exp_json(t, m, sl_file_stream(&f));
    return sl_file_commit(&f, err);
}

/* ---- the verb ------------------------------------------------------------------------------------------- */

/* Index of the median of n makespans: as many runs shorter as longer (ties by order). */
static int median_run(const sim_metrics *ms, int n)
{
    for (int k = 0; k < n; k++) {
        int below = 0;
        for (int j = 0; j < n; j++) {
            int64_t a = ms[j].makespan_ns, b = ms[k].makespan_ns;
            below += a < b || (a == b && j < k);
        }
        if (below == (n - 1) / 2)
            return k;
    }
    return 0;
}

/* Runs nruns times, keeping the trace of median makespan in *t, *m. */
static bool measure(const scn *s, const trc *sim, int nruns, bool quiet, trc *t, sim_metrics *m, sl_err *err)
{
    trc runs[REAL_MAX_RUNS];
    sim_metrics ms[REAL_MAX_RUNS];
    memset(ms, 0, sizeof ms);
    const real_plan plan = {sim};
    const real_opts o = {NULL, quiet};
    int n = 0;   /* runs done */
    for (; n < nruns; n++) {
        if (!real_run(s, &plan, &o, &runs[n], &ms[n], err))
            break;
        if (nruns > 1 && !quiet)
            fprintf(stderr, "run %d: makespan %.3f ms\n", n + 1, (double)ms[n].makespan_ns / 1e6);
    }
    bool ok = n == nruns;
    int pick = ok ? median_run(ms, n) : -1;
    for (int k = 0; k < n; k++)
        if (k != pick)
            trc_free(&runs[k]);
    if (ok)
        *t = runs[pick], *m = ms[pick];
    return ok;
}

static int real_main(const real_args *a)
{
    scn s;
    if (!cli_scn_load(&a->scn, &s))
        return CLI_BAD_INPUT;
    trc t[2];
    sim_metrics m[2];
    sl_err err = {0};
    int code = CLI_OK;
    const sim_opts so = {.record_trace = true, .max_events = 200000000};
    bool have_sim = sim_run(&s, &so, &t[1], &m[1], &err);
    bool have_real = have_sim && measure(&s, &t[1], a->nruns, a->json, &t[0], &m[0], &err);
    if (!have_real) {
        fprintf(stderr, "%s\n", err.msg);
        code = CLI_INTERNAL;
    } else {
        real_err e = errors(&t[0], &m[0], &t[1], &m[1]);
        if (a->json && a->compare)
            print_json_cmp(&m[0], &m[1], &e, stdout);
        else if (a->json)
            sim_print_json(&m[0], stdout), fputc('\n', stdout);
        else if (a->compare)
            sim_print_table(m, 2, &s, stdout), printf("(left: measured, right: simulated)\n"), print_errors(&e, stdout);
        else
            sim_print_table(m, 1, &s, stdout);
        const view_run runs[2] = {{&t[0], &m[0], (scn_model)s.cfg.model, "measured"},
                                  {&t[1], &m[1], (scn_model)s.cfg.model, "simulated"}};
        bool ok = !a->out ? true
                  : cli_pic_kind_ok(a->out) ? picture(runs, a->compare ? 2 : 1, a, &err)
                                            : write_trace(&t[0], &m[0], a->out, &err);
        if (!ok) {
            fprintf(stderr, "%s\n", err.msg);
            code = CLI_INTERNAL;
        }
    }
    if (have_real)
        trc_free(&t[0]);
    if (have_sim)
        trc_free(&t[1]);
    scn_free(&s);
    return code;
}

int cli_real(int argc, char **argv)
{
    real_args a = {0};
    if (!cli_scn_args_init(&a.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    int code;
    if (parse_args(&a, argc, argv) < 0)
        code = CLI_BAD_INPUT;
    else if (a.help)
        code = fputs(real_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else
        code = real_main(&a);
    cli_scn_args_free(&a.scn);
    return code;
}
