/* cli_run.c — `schedlab run`: simulates a scenario under its model (or all four with --compare)
 * and prints the metrics as a table or JSON on standard output. */
#include "cli.h"

#include <stdio.h>
#include <string.h>

#include "sim.h"

static const char run_help[] =
    "usage: schedlab run [FILE] [--model M] [--set KEY=VALUE]... [--json] [--compare]\n"
    "\n"
    "Simulates the scenario FILE and prints its metrics. FILE '-' reads standard input;\n"
    "without FILE the built-in scenario runs.\n"
    "\n"
    "options:\n"
    "  --model M          sequential, processes, threads or coroutines (same as --set model=M)\n"
    "  --set KEY=VALUE    overrides a setting of the file, e.g. cores=4, workers=8, seed=7;\n"
    "                     several --set (and --model) apply in command-line order\n"
    "  --json             prints one JSON object (with --compare: an array of four)\n"
    "  --compare          runs the same workload under the four models, side by side\n"
    CLI_LIMIT_HELP
    "  -h, --help         prints this help\n"
    "\n"
    "exit status: 0 success, 1 internal failure (a limit hit, out of memory),\n"
    "2 bad input (scenario error, bad option).\n";

typedef struct {
    cli_scn_args scn;
    bool json, compare, help;
} run_args;

/* Returns -1 after printing a usage error, 0 when parsed. */
static int parse_args(run_args *ra, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *arg = argv[i];
        int r = cli_scn_arg(&ra->scn, argc, argv, &i, "run");
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(arg, "--json") == 0)
            ra->json = true;
        else if (strcmp(arg, "--compare") == 0)
            ra->compare = true;
        else if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
            ra->help = true;
        else
            return cli_usage_error("run", "unknown option '%s'", arg), -1;
    }
    if (ra->compare && ra->scn.model_given)
        return cli_usage_error("run", "--compare runs every model: drop --model"), -1;
    return 0;
}

/* Runs s under each of the n models, filling ms[0..n). Metrics only: no trace is kept. */
static bool simulate(scn *s, const scn_model *models, int n, sim_metrics *ms, sim_report *rs, sl_err *err)
{
    for (int k = 0; k < n; k++) {
        const sim_opts opts = {.record_trace = false, .max_segments = 0, .report = &rs[k]};
        trc t;
        trc_init(&t);
        s->cfg.model = (uint8_t)models[k];
        bool ok = sim_run(s, &opts, &t, &ms[k], err);
        trc_free(&t);
        if (!ok)
            return false;
    }
    return true;
}

static void print_one(const sim_metrics *m, const sim_report *r, FILE *f)
{
    fputc('{', f);
    sim_print_json_fields(m, f);
    sim_print_json_report(r, f);
    fputc('}', f);
}

static void print_json(const sim_metrics *ms, const sim_report *rs, int n, bool array, FILE *f)
{
    if (!array) {
        print_one(&ms[0], &rs[0], f);
        fputc('\n', f);
        return;
    }
    fputs("[\n", f);
    for (int k = 0; k < n; k++) {
        fputs("  ", f);
        print_one(&ms[k], &rs[k], f);
        fputs(k + 1 < n ? ",\n" : "\n", f);
    }
    fputs("]\n", f);
}

/* Loads, simulates and prints; returns the exit code. */
static int run_scenario(const run_args *ra)
{
    scn s;
    sl_err err = {0};
    sim_metrics ms[SCN_MODEL_COUNT];
    scn_model models[SCN_MODEL_COUNT];
    int n = 0;
    if (!cli_scn_load(&ra->scn, &s))
        return CLI_BAD_INPUT;
    if (ra->compare)
        for (int m = 0; m < SCN_MODEL_COUNT; m++)
            models[n++] = (scn_model)m;
    else
        models[n++] = (scn_model)s.cfg.model;
    int code = CLI_OK;
    sim_report rs[SCN_MODEL_COUNT];
    memset(rs, 0, sizeof rs);
    if (!simulate(&s, models, n, ms, rs, &err))
        code = cli_sim_failed(&err, &s);
    else if (ra->json) {
        print_json(ms, rs, n, ra->compare, stdout);
    } else {
        sim_print_table(ms, n, &s, stdout);
        sim_print_reports(rs, ms, n, stdout);
    }
    for (int k = 0; k < n; k++)
        sim_report_free(&rs[k]);
    scn_free(&s);
    return code;
}

int cli_run(int argc, char **argv)
{
    run_args ra = {0};
    int code;
    if (!cli_scn_args_init(&ra.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    if (parse_args(&ra, argc, argv) < 0)
        code = CLI_BAD_INPUT;
    else if (ra.help)
        code = fputs(run_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else
        code = run_scenario(&ra);
    cli_scn_args_free(&ra.scn);
    return code;
}
