/* ui_args.c — the window's command line: FILE, --model, --set (kept in order and re-applied at
 * every reload), --font, --script, --width, --height, --lang, --lecture, --out-dir, --scale. */
#include "ui_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_MIN_SIDE 200
#define UI_MAX_SIDE 16384

const char ui_usage[] =
    "usage: schedlab [FILE] [--model M] [--set KEY=VALUE]... [--font PATH] [--lang en|fr]\n"
    "                [--lecture] [--width W] [--height H] [--out-dir DIR] [--scale S]\n"
    "                [--script SCRIPT]\n"
    "\n"
    "Opens the timeline window on the scenario FILE (without FILE: the built-in scenario,\n"
    "two requests to two servers). FILE is reloaded when it changes on disk. Press ? in the\n"
    "window for the keys.\n"
    "\n"
    "options:\n"
    "  --model M          sequential, processes, threads or coroutines\n"
    "  --set KEY=VALUE    overrides a setting of the file, as in 'schedlab run'\n"
    "  --font PATH        a TrueType font for all text instead of fontconfig's DejaVu Sans\n"
    "  --lang L           en or fr (default: from LC_ALL, LC_MESSAGES or LANG; key i switches)\n"
    "  --lecture          lecture mode (key L): full screen, large text, high contrast, no legend\n"
    "  --width W, --height H   initial window size in points (default 1280 x 800)\n"
    "  --out-dir DIR      where keys s (PNG) and S (SVG) save the picture of the view (default:\n"
    "                     the current folder), named SCENARIO-VIEW-MODEL-DATE-TIME.png|svg\n"
    "  --scale S          a saved PNG has S times the window's pixels on each side (default 1)\n"
    "  --script SCRIPT    drives the window from a file of commands (key, click, move, drag,\n"
    "                     wheel, wait, wait-status, resize, screenshot, expect-status, quit),\n"
    "                     one per line\n"
    "\n"
    "exit status: 0 success, 1 internal failure, 2 bad input, 3 a failed expect-status.\n";

static int usage_error(const char *fmt, const char *arg)
{
    fputs("schedlab: error: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'schedlab --help'.\n", stderr);
    return -1;
}

/* `--name VALUE` or `--name=VALUE`: 1 matched (*val set), 0 not this option, -1 value missing. */
static int opt(int argc, char **argv, int *i, const char *name, const char **val)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return 0;
    if (argv[*i][n] == '=') {
        *val = argv[*i] + n + 1;
        return 1;
    }
    if (argv[*i][n] != '\0')
        return 0;
    if (*i + 1 >= argc)
        return usage_error("option '%s' needs a value", name);
    *val = argv[++*i];
    return 1;
}

static int take_side(const char *name, const char *val, int *out)
{
    char *end;
    long v = strtol(val, &end, 10);
    if (*val == '\0' || *end != '\0' || v < UI_MIN_SIDE || v > UI_MAX_SIDE) {
        fprintf(stderr, "schedlab: error: %s: expected a number of points from %d to %d, got '%s'\n",
                name, UI_MIN_SIDE, UI_MAX_SIDE, val);
        return -1;
    }
    *out = (int)v;
    return 1;
}

static int take_scale(ui_args *a, const char *val)
{
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end != '\0' || errno || !(v > 0) || v > UI_EXPORT_MAX_SCALE)
        return usage_error("--scale: expected a number above 0 and at most 8, got '%s'", val);
    a->export_scale = (float)v;
    return 1;
}

static int take_lang(ui_args *a, const char *val)
{
    if (!lay_lang_from_name(val, &a->lang))
        return usage_error("--lang: expected en or fr, got '%s'", val);
    a->lang_on = true;
    return 1;
}

static int take_set(ui_args *a, const char *kv, bool model)
{
    scn_model m;
    if (model && !scn_model_from_name(kv, &m))
        return usage_error("--model: expected sequential, processes, threads or coroutines, got '%s'", kv);
    size_t len = strlen(kv) + 8;
    char *s = malloc(len);
    if (!s) {
        fputs("schedlab: error: out of memory\n", stderr);
        return -1;
    }
    snprintf(s, len, "%s%s", model ? "model=" : "", kv);
    a->sets[a->nsets++] = s;
    return 1;
}

static int take_file(ui_args *a, const char *arg)
{
    if (arg[0] == '-')
        return usage_error(strcmp(arg, "-") == 0 ? "the window reads a scenario FILE, not '%s'"
                                                 : "unknown option '%s'", arg);
    if (a->file) {
        fprintf(stderr, "schedlab: error: expected one scenario file, got '%s' after '%s'\n", arg, a->file);
        return -1;
    }
    a->file = arg;
    return 1;
}

/* One argument at argv[*i]: 1 taken, -1 bad. */
static int take(ui_args *a, int argc, char **argv, int *i)
{
    const char *v;
    int r;
    if ((r = opt(argc, argv, i, "--set", &v)) != 0)
        return r < 0 ? r : take_set(a, v, false);
    if ((r = opt(argc, argv, i, "--model", &v)) != 0)
        return r < 0 ? r : take_set(a, v, true);
    if ((r = opt(argc, argv, i, "--font", &v)) != 0)
        return r < 0 ? r : (a->font = v, 1);
    if ((r = opt(argc, argv, i, "--script", &v)) != 0)
        return r < 0 ? r : (a->script = v, 1);
    if ((r = opt(argc, argv, i, "--width", &v)) != 0)
        return r < 0 ? r : take_side("--width", v, &a->width);
    if ((r = opt(argc, argv, i, "--height", &v)) != 0)
        return r < 0 ? r : take_side("--height", v, &a->height);
    if ((r = opt(argc, argv, i, "--out-dir", &v)) != 0)
        return r < 0 ? r : (a->out_dir = v, 1);
    if ((r = opt(argc, argv, i, "--scale", &v)) != 0)
        return r < 0 ? r : take_scale(a, v);
    if ((r = opt(argc, argv, i, "--lang", &v)) != 0)
        return r < 0 ? r : take_lang(a, v);
    if (strcmp(argv[*i], "--lecture") == 0)
        return a->lecture = true, 1;
    if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0)
        return a->help = true, 1;
    return take_file(a, argv[*i]);
}

int ui_args_parse(ui_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->width = 1280;
    a->height = 800;
    a->export_scale = 1;
    a->sets = calloc((size_t)(argc > 0 ? argc : 1), sizeof *a->sets);
    if (!a->sets) {
        fputs("schedlab: error: out of memory\n", stderr);
        return -1;
    }
    for (int i = 1; i < argc; i++)
        if (take(a, argc, argv, &i) < 0)
            return -1;
    return 0;
}

void ui_args_free(ui_args *a)
{
    for (int k = 0; k < a->nsets; k++)
        free(a->sets[k]);
    free(a->sets);
    memset(a, 0, sizeof *a);
}
