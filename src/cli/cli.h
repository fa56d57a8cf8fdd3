/* cli.h — what the verbs of the command line share: exit codes, option matching, and the scenario
 * arguments (FILE, --model, --set) every verb that runs a scenario takes, applied in command-line order. */
#ifndef CLI_H
#define CLI_H

#include <stdbool.h>

#include "dl.h"
#include "lay_str.h"
#include "scn.h"

/* The exit codes, documented in `schedlab --help` and docs/cli.md. */
enum { CLI_OK = 0, CLI_INTERNAL = 1, CLI_BAD_INPUT = 2 };

/* A verb: argv[0] is the verb's own name; returns an exit code. */
typedef int (*cli_verb_fn)(int argc, char **argv);

int cli_run(int argc, char **argv);
int cli_export(int argc, char **argv);
int cli_sweep(int argc, char **argv);
int cli_render(int argc, char **argv);
int cli_real(int argc, char **argv);
int cli_calibrate(int argc, char **argv);
int cli_explain(int argc, char **argv);

/* Pictures (cli_pic.c): .svg always, .png when built with SDL. */
bool cli_pic_kind_ok(const char *path);
/* Writes l to path (temporary + rename); font: a --font file or NULL for fontconfig. */
bool cli_write_pic(const dl_list *l, const char *path, float scale, const char *font, sl_err *err);
/* Text measures for laying out a picture bound for path: the real font when there is one (the
 * handle to release with cli_pic_measure_free goes to *owned), else an approximation. */
dl_measure cli_pic_measure(const char *path, const char *font, void **owned);
void cli_pic_measure_free(void *owned);

/* Prints `schedlab: error: ...` and a hint to `schedlab VERB --help` on stderr; returns
 * CLI_BAD_INPUT so callers can `return cli_usage_error(...)`. verb NULL: the global help. */
int cli_usage_error(const char *verb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Matches argv[*i] against `--name VALUE` or `--name=VALUE`. Returns 1 on a match (*val set,
 * *i moved past a separate value), 0 when argv[*i] is another argument, -1 when the value is
 * missing (message already printed). */
int cli_opt(int argc, char **argv, int *i, const char *verb, const char *name, const char **val);

/* Option values every verb and the window read alike, with one wording for their errors: a
 * number above 0 and at most max (dflt when val is NULL) -- "--width 0: expected a number above 0
 * and at most 16384" -- and a language, en or fr. False after the usage error (exit 2). */
bool cli_num_arg(const char *verb, const char *name, const char *val, double dflt, double max, float *out);
bool cli_lang_arg(const char *verb, const char *val, lay_lang *out);

/* One --set KEY=VALUE (kv), --max-events N / --max-memory SIZE (key "limit.events" or
 * "limit.memory" and its value in kv), or --model M (model >= 0, kv NULL). */
typedef struct {
    const char *kv;
    const char *key;
    int model;
} cli_override;

typedef struct {
    const char *file;        /* NULL: the built-in scenario; "-": standard input */
    cli_override *ovr;       /* in command-line order; owned, released by cli_scn_args_free */
    int novr;
    bool model_given;
} cli_scn_args;

/* Prepares room for the overrides of an argc-long command line; false when out of memory. */
bool cli_scn_args_init(cli_scn_args *a, int argc);
void cli_scn_args_free(cli_scn_args *a);

/* Takes argv[*i] when it is FILE, --model, --set, --max-events or --max-memory. Returns 1 when taken, 0 when not ours,
 * -1 on a bad argument (message already printed: exit with CLI_BAD_INPUT). */
int cli_scn_arg(cli_scn_args *a, int argc, char **argv, int *i, const char *verb);

/* Reads the scenario and applies the overrides in order. On failure prints the message and
 * returns false, with *s left empty; on success the caller releases *s with scn_free. */
bool cli_scn_load(const cli_scn_args *a, scn *s);

/* Prints a failure of the engine or of a writer on stderr: the message as it is when it already
 * says where (`schedlab: error: ...`, `FILE: error: ...`), else after `schedlab: error: `. */
void cli_print_error(const sl_err *err);

/* Prints why the simulation of s failed and returns the exit code: CLI_BAD_INPUT when the message
 * points into the scenario (`FILE:LINE:COL: error: ...`, e.g. an arrival time that overflows),
 * else CLI_INTERNAL (a budget, out of memory). */
int cli_sim_failed(const sl_err *err, const scn *s);

/* Checks a --font file (NULL: none) before any work: a file that cannot be opened as a font is bad
 * input for PNG and SVG alike. Prints the message and returns false when it is not usable. */
bool cli_font_ok(const char *font);

/* The options every verb that runs a scenario takes, for its help. */
#define CLI_LIMIT_HELP \
    "  --max-events N     stop a run past N events (default 100000000; same as --set limit.events=N)\n" \
    "  --max-memory SIZE  stop a run past SIZE of memory, e.g. 4GiB (default 2GiB; --set limit.memory)\n"

/* Whether out (NULL or "-": standard output, always fine) may be written by a verb whose inputs
 * are the scenario file of a and the file font (NULL: none): not one of them, and a regular file
 * or nothing yet. Prints the message and returns false when not. */
bool cli_output_ok(const char *out, const cli_scn_args *a, const char *font);

/* `export --format html` (cli_html.c): the web edition's single-file page with that scenario. */
int cli_export_html(const cli_scn_args *a, const char *out);

/* The name used in messages for the scenario read with no FILE. */
#define CLI_DEFAULT_PATH "<default>"

#endif
