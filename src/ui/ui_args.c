/* ui_args.c — the window's command line: FILE, --model, --set (kept in order and re-applied at
 * every reload), --font, --script, --width, --height, --lang, --lecture, --out-dir, --scale.
 * Parsed with the command line's own option code (cli_args.c), so errors read the same. */
#include "ui_int.h"

#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_MIN_SIDE 200
#define UI_MAX_SIDE 16384

const char ui_usage[] =
    "usage: schedlab [FILE] [--model M] [--set KEY=VALUE]... [--font PATH] [--lang en|fr]\n"
    "                [--lecture] [--width W] [--height H] [--out-dir DIR] [--scale S]\n"
    "                [--style figure|full] [--script SCRIPT]\n"
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
    "  --style S          full (default): s and S save what the window shows; figure: they save\n"
    "                     the view as 'schedlab render --style figure' draws it (for slides)\n"
    "  --script SCRIPT    drives the window from a file of commands (key, click, move, drag,\n"
    "                     wheel, wait, wait-status, resize, screenshot, expect-status, quit),\n"
    "                     one per line\n"
    "\n"
    "exit status: 0 success, 1 internal failure, 2 bad input, 3 a failed expect-status.\n";

/* The window's usage errors read as the verbs': cli_usage_error with the global help's hint. */
static int take_side(const char *name, const char *val, int *out)
{
    char *end;
    long v = strtol(val, &end, 10);
    if (*val == '\0' || *end != '\0' || v < UI_MIN_SIDE || v > UI_MAX_SIDE)
        return cli_usage_error(NULL, "%s %s: expected a number of points from %d to %d", name, val, UI_MIN_SIDE,
                               UI_MAX_SIDE), -1;
    *out = (int)v;
    return 1;
}

static int take_scale(ui_args *a, const char *val)
{
    return cli_num_arg(NULL, "--scale", val, 1, UI_EXPORT_MAX_SCALE, &a->export_scale) ? 1 : -1;
}

static int take_lang(ui_args *a, const char *val)
{
    if (!cli_lang_arg(NULL, val, &a->lang))
        return -1;
    a->lang_on = true;
    return 1;
}

static int take_style(ui_args *a, const char *val)
{
    if (strcmp(val, "figure") != 0 && strcmp(val, "full") != 0)
        return cli_usage_error(NULL, "--style: expected figure or full, got '%s'", val), -1;
    a->figure = strcmp(val, "figure") == 0;
    return 1;
}

/* One of the window's own options at argv[*i]: 1 taken, 0 not one of them, -1 bad. */
static int take(ui_args *a, int argc, char **argv, int *i)
{
    static const char *const names[] = {"--font", "--script", "--width", "--height", "--out-dir", "--scale", "--lang",
                                        "--style"};
    const char *v;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        int r = cli_opt(argc, argv, i, NULL, names[k], &v);
        if (r < 0)
            return r;
        if (r == 0)
            continue;
        switch (k) {
        case 0: return a->font = v, 1;
        case 1: return a->script = v, 1;
        case 2: return take_side("--width", v, &a->width);
        case 3: return take_side("--height", v, &a->height);
        case 4: return a->out_dir = v, 1;
        case 5: return take_scale(a, v);
        case 6: return take_lang(a, v);
        default: return take_style(a, v);
        }
    }
    if (strcmp(argv[*i], "--lecture") == 0)
        return a->lecture = true, 1;
    if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0)
        return a->help = true, 1;
    return 0;
}

/* The command line's --set and --model, in order, as the KEY=VALUE lines ui_doc applies. */
static bool keep_sets(ui_args *a, const cli_scn_args *sa)
{
    for (int k = 0; k < sa->novr; k++) {
        const cli_override *o = &sa->ovr[k];
        const char *kv = o->kv ? o->kv : scn_model_name((scn_model)o->model);
        size_t len = strlen(kv) + 8;
        char *s = malloc(len);
        if (!s)
            return false;
        snprintf(s, len, "%s%s", o->kv ? "" : "model=", kv);
        a->sets[a->nsets++] = s;
    }
    return true;
}

static int parse(ui_args *a, cli_scn_args *sa, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int r = take(a, argc, argv, &i);
        if (r == 0)
            r = cli_scn_arg(sa, argc, argv, &i, NULL);
        if (r < 0)
            return -1;
        if (r == 0)
            return cli_usage_error(NULL, "unknown option '%s'", argv[i]), -1;
    }
    if (sa->file && strcmp(sa->file, "-") == 0)
        return cli_usage_error(NULL, "the window reads a scenario FILE, not '-'"), -1;
    a->file = sa->file;
    if (!keep_sets(a, sa)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return -1;
    }
    return 0;
}

int ui_args_parse(ui_args *a, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->width = 1280;
    a->height = 800;
    a->export_scale = 1;
    cli_scn_args sa;
    a->sets = calloc((size_t)(argc > 0 ? argc : 1), sizeof *a->sets);
    if (!a->sets || !cli_scn_args_init(&sa, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return -1;
    }
    int r = parse(a, &sa, argc, argv);
    cli_scn_args_free(&sa);
    return r;
}

void ui_args_free(ui_args *a)
{
    for (int k = 0; k < a->nsets; k++)
        free(a->sets[k]);
    free(a->sets);
    memset(a, 0, sizeof *a);
}
