/* cli_export.c — `schedlab export`: simulates a scenario and writes its trace for other tools
 * (Chrome trace JSON for Perfetto, CSV of segments, JSON of metrics and requests). */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exp.h"
#include "sim.h"
#include "sl_file.h"

static const char export_help[] =
    "usage: schedlab export [FILE] --format chrome|csv|json|html [-o OUT] [--model M] [--set KEY=VALUE]...\n"
    "\n"
    "Simulates the scenario FILE and writes its trace:\n"
    "  chrome  Chrome trace-event JSON (open it in ui.perfetto.dev or chrome://tracing):\n"
    "          one process per host, one track per lane, messages as flows\n"
    "  csv     one row per segment: lane,state,request,start_ns,end_ns\n"
    "  json    the metrics of 'run --json' plus one record per request\n"
    "  html    one self-contained page (the web edition, WebAssembly inside) showing the scenario\n"
    "          interactively: open it from disk or in a notebook cell (docs/web.md); needs the page\n"
    "          built by 'bash scripts/web.sh'\n"
    "\n"
    "options:\n"
    "  --format F         chrome, csv, json or html (required)\n"
    "  -o, --output OUT   the file to write (written to a temporary name, then renamed);\n"
    "                     without it or with '-', standard output. OUT must not be an input\n"
    "                     of the command, nor anything but a regular file\n"
    "  --model M, --set KEY=VALUE   as for 'schedlab run'\n"
    "  --max-events N, --max-memory SIZE   the work budget of each run, as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure or unwritable output, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *format, *out;
    bool help;
} export_args;

static int parse_args(export_args *ea, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&ea->scn, argc, argv, &i, "export");
        if (r == 0)
            r = cli_opt(argc, argv, &i, "export", "--format", &ea->format);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "export", "--output", &ea->out);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "export", "-o", &ea->out);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            ea->help = true;
        else
            return cli_usage_error("export", "unknown option '%s'", argv[i]), -1;
    }
    if (!ea->help && !ea->format)
        return cli_usage_error("export", "--format is required (chrome, csv, json or html)"), -1;
    return 0;
}

static void write_format(exp_format fmt, const trc *t, const scn *s, const sim_metrics *m, FILE *f)
{
    if (fmt == EXP_CHROME)
        exp_chrome(t, s, f);
    else if (fmt == EXP_CSV)
        exp_csv(t, f);
    else
        exp_json(t, m, f);
}

/* Writes the export to standard output; a failed write (a full disk, a closed pipe) is an error. */
static int emit_stdout(exp_format fmt, const trc *t, const scn *s, const sim_metrics *m)
{
    write_format(fmt, t, s, m, stdout);
    /* main() says "cannot write to standard output" once, on its own check of the stream */
    return fflush(stdout) != 0 || ferror(stdout) ? CLI_INTERNAL : CLI_OK;
}

/* Streams the export into a temporary next to out and renames it into place (or to stdout for
 * none or "-"); returns an exit code. Nothing of a failed export stays on the disk. */
static int emit(exp_format fmt, const trc *t, const scn *s, const sim_metrics *m, const char *out)
{
    if (!out || strcmp(out, "-") == 0)
        return emit_stdout(fmt, t, s, m);
    sl_file f;
    sl_err err = {0};
    bool ok = sl_file_open(&f, out, &err);
    if (ok) {
        write_format(fmt, t, s, m, sl_file_stream(&f));
        ok = sl_file_commit(&f, &err);
    }
    if (!ok)
        cli_print_error(&err);
    return ok ? CLI_OK : CLI_INTERNAL;
}

static int export_scenario(const export_args *ea)
{
    if (strcmp(ea->format, "html") == 0)
        return cli_export_html(&ea->scn, ea->out);
    exp_format fmt;
    if (!exp_format_from_name(ea->format, &fmt))
        return cli_usage_error("export", "unknown format '%s' (expected chrome, csv, json or html)", ea->format);
    if (!cli_output_ok(ea->out, &ea->scn, NULL))
        return CLI_BAD_INPUT;
    scn s;
    if (!cli_scn_load(&ea->scn, &s))
        return CLI_BAD_INPUT;
    trc t;
    sim_metrics m;
    sl_err err = {0};
    const sim_opts opts = {.record_trace = true, .max_segments = 0};
    int code;
    if (!sim_run(&s, &opts, &t, &m, &err)) {
        code = cli_sim_failed(&err, &s);
    } else {
        code = emit(fmt, &t, &s, &m, ea->out);
        trc_free(&t);
    }
    scn_free(&s);
    return code;
}

int cli_export(int argc, char **argv)
{
    export_args ea = {0};
    if (!cli_scn_args_init(&ea.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    int code;
    if (parse_args(&ea, argc, argv) < 0)
        code = CLI_BAD_INPUT;
    else if (ea.help)
        code = fputs(export_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else
        code = export_scenario(&ea);
    cli_scn_args_free(&ea.scn);
    return code;
}
