/* cli_args.c — option matching, usage errors, and the scenario arguments shared by the verbs. */
#include "cli.h"

#include "sl_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_usage_error(const char *verb, const char *fmt, ...)
{
    va_list ap;
    fputs("schedlab: error: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'schedlab%s%s --help'.\n", verb ? " " : "", verb ? verb : "");
    return CLI_BAD_INPUT;
}

void cli_print_error(const sl_err *err)
{
    const char *m = err->set ? err->msg : "the command failed";
    fprintf(stderr, "%s%s\n", strstr(m, "error:") ? "" : "schedlab: error: ", m);
}

int cli_sim_failed(const sl_err *err, const scn *s)
{
    cli_print_error(err);
    size_t n = s && s->path ? strlen(s->path) : 0;
    bool positioned = n && strncmp(err->msg, s->path, n) == 0 && err->msg[n] == ':' &&
                      err->msg[n + 1] >= '0' && err->msg[n + 1] <= '9';
    return positioned ? CLI_BAD_INPUT : CLI_INTERNAL;
}

bool cli_output_ok(const char *out, const cli_scn_args *a, const char *font)
{
    if (!out || strcmp(out, "-") == 0)
        return true;
    const char *inputs[] = {a->file && strcmp(a->file, "-") != 0 ? a->file : NULL, font};
    sl_err err = {0};
    if (sl_file_output_ok(out, inputs, 2, &err))
        return true;
    cli_print_error(&err);
    return false;
}

int cli_opt(int argc, char **argv, int *i, const char *verb, const char *name, const char **val)
{
    const char *arg = argv[*i];
    size_t n = strlen(name);
    if (strncmp(arg, name, n) != 0)
        return 0;
    if (arg[n] == '=') {
        *val = arg + n + 1;
        return 1;
    }
    if (arg[n] != '\0')
        return 0;
    if (*i + 1 >= argc) {
        cli_usage_error(verb, "option '%s' needs a value", name);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

bool cli_num_arg(const char *verb, const char *name, const char *val, double dflt, double max, float *out)
{
    if (!val) {
        *out = (float)dflt;
        return true;
    }
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end || errno || !(v > 0) || v > max)
        return cli_usage_error(verb, "%s %s: expected a number above 0 and at most %g", name, val, max), false;
    *out = (float)v;
    return true;
}

bool cli_lang_arg(const char *verb, const char *val, lay_lang *out)
{
    if (!lay_lang_from_name(val, out))
        return cli_usage_error(verb, "--lang %s: expected en or fr", val), false;
    return true;
}

bool cli_scn_args_init(cli_scn_args *a, int argc)
{
    memset(a, 0, sizeof *a);
    a->ovr = malloc(sizeof *a->ovr * (size_t)(argc > 0 ? argc : 1));
    return a->ovr != NULL;
}

void cli_scn_args_free(cli_scn_args *a)
{
    free(a->ovr);
    memset(a, 0, sizeof *a);
}

/* --model M: checked here so the message names the flag the user typed. */
static int take_model(cli_scn_args *a, const char *name, const char *verb)
{
    scn_model m;
    if (!scn_model_from_name(name, &m)) {
        cli_usage_error(verb, "--model: expected sequential, processes, threads or coroutines, "
                        "got '%s'", name);
        return -1;
    }
    a->ovr[a->novr++] = (cli_override){NULL, NULL, (int)m};
    a->model_given = true;
    return 1;
}

static int take_file(cli_scn_args *a, const char *arg, const char *verb)
{
    if (arg[0] == '\0') {
        cli_usage_error(verb, "expected a scenario file name, got ''");
        return -1;
    }
    if (arg[0] == '-' && arg[1] != '\0') {
        cli_usage_error(verb, "unknown option '%s'", arg);
        return -1;
    }
    if (a->file) {
        cli_usage_error(verb, "expected one scenario file, got '%s' after '%s'", arg, a->file);
        return -1;
    }
    a->file = arg;
    return 1;
}

int cli_scn_arg(cli_scn_args *a, int argc, char **argv, int *i, const char *verb)
{
    const char *val;
    int r = cli_opt(argc, argv, i, verb, "--set", &val);
    if (r > 0)
        a->ovr[a->novr++] = (cli_override){val, NULL, -1};
    if (r != 0)
        return r;
    static const char *const limits[][2] = {{"--max-events", "limit.events"}, {"--max-memory", "limit.memory"}};
    for (size_t k = 0; k < 2; k++) {
        r = cli_opt(argc, argv, i, verb, limits[k][0], &val);
        if (r > 0)
            a->ovr[a->novr++] = (cli_override){val, limits[k][1], -1};
        if (r != 0)
            return r;
    }
    r = cli_opt(argc, argv, i, verb, "--model", &val);
    if (r > 0)
        return take_model(a, val, verb);
    if (r != 0)
        return r;
    if (argv[*i][0] == '-' && argv[*i][1] != '\0')
        return 0;   /* another option: the verb's, or unknown */
    return take_file(a, argv[*i], verb);
}

static bool read_scenario(const char *file, scn *s, sl_err *err)
{
    if (!file)
        return scn_parse(CLI_DEFAULT_PATH, scn_default_text, strlen(scn_default_text), s, err);
    if (strcmp(file, "-") == 0)
        return scn_read(stdin, "<stdin>", s, err);
    return scn_load(file, s, err);
}

static bool apply_override(scn *s, const cli_override *o, sl_err *err)
{
    char kv[64];
    if (o->key) {
        size_t n = strlen(o->key) + strlen(o->kv) + 2;
        char *buf = malloc(n);
        if (!buf)
            return sl_fail(err, "schedlab: error: out of memory");
        snprintf(buf, n, "%s=%s", o->key, o->kv);
        bool ok = scn_set(s, buf, err);
        free(buf);
        return ok;
    }
    if (o->kv)
        return scn_set(s, o->kv, err);
    snprintf(kv, sizeof kv, "model=%s", scn_model_name((scn_model)o->model));
    return scn_set(s, kv, err);
}

bool cli_scn_load(const cli_scn_args *a, scn *s)
{
    sl_err err = {0};
    memset(s, 0, sizeof *s);
    if (!read_scenario(a->file, s, &err))
        goto fail;
    for (int k = 0; k < a->novr; k++)
        if (!apply_override(s, &a->ovr[k], &err))
            goto fail;
    return true;
fail:
    scn_free(s);
    fprintf(stderr, "%s\n", err.set ? err.msg : "schedlab: error: cannot read the scenario");
    return false;
}
