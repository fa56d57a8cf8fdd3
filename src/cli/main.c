/* main.c — the schedlab program: dispatches to a verb of the table below (or, with no verb, the
 * window when the UI is built). Exit codes: 0 success, 1 internal failure, 2 bad input. */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

#ifdef SCHEDLAB_HAVE_UI
#include "../ui/ui.h"
#endif

#ifndef SCHEDLAB_VERSION
#define SCHEDLAB_VERSION "0.1.0"
#endif

typedef struct {
    const char *name;
    const char *synopsis;
    const char *summary;
    cli_verb_fn main;
} cli_verb;

/* Adding a verb: write `int cli_NAME(int argc, char **argv)` in cli_NAME.c and add a line here. */
static const cli_verb verbs[] = {
    {"run", "run [FILE] [--model M] [--set KEY=VALUE]... [--json] [--compare]",
     "simulate a scenario and print its metrics", cli_run},
    {"export", "export [FILE] --format chrome|csv|json|html [-o OUT] [--model M] [--set KEY=VALUE]...",
     "write the trace for Perfetto (chrome), as CSV segments, as JSON records, or as a web page (html)", cli_export},
    {"render", "render [FILE] -o OUT.png|OUT.svg|OUT.pdf [--view timeline] [--width W] [--height H] [--theme T] ...",
     "write the timeline picture without a window (PNG, SVG or PDF)", cli_render},
    {"sweep", "sweep FILE --counts N,N,... [--models all] [--json] [-o OUT.png|OUT.svg|OUT.pdf]",
     "run a scenario at growing request counts under each model; table, JSON or plot", cli_sweep},
    {"real", "real FILE [--model M] [--set KEY=VALUE]... [--runs N] [-o OUT] [--json] [--compare-sim]",
     "run the scenario for real on this machine (local servers, a CPython client) and measure it", cli_real},
    {"calibrate", "calibrate [-o FILE.profile]",
     "measure this machine's costs (creation, switches, call CPU, GIL, memory) into a profile", cli_calibrate},
    {"explain", "explain [FILE] [--model M] [--at T | --request NAME | --lane NAME] [--json] [--lang en|fr]",
     "print every scheduling decision in time order, with the sentence that says why", cli_explain},
};

#define NVERBS (sizeof verbs / sizeof verbs[0])

static void print_help(FILE *f)
{
    fputs("usage: schedlab COMMAND [ARGS...]\n"
          "       schedlab --help | --version\n"
          "\n"
          "Simulates a workload of requests run sequentially, by processes, by threads or by\n"
          "coroutines, and reports what each model costs.\n"
          "\n"
          "commands:\n", f);
    for (size_t k = 0; k < NVERBS; k++)
        fprintf(f, "  schedlab %s\n      %s\n", verbs[k].synopsis, verbs[k].summary);
#ifdef SCHEDLAB_HAVE_UI
    fputs("\nWith no command, schedlab opens its window on the built-in scenario:\n"
          "  schedlab [FILE] [--model M] [--set KEY=VALUE]... [--font PATH] [--width W] [--height H]\n"
          "           [--lang fr|en] [--lecture] [--out-dir DIR] [--scale S] [--script SCRIPT]\n"
          "(press ? in the window for its keys)\n", f);
#else
    fputs("\nWith no command, schedlab compares the four models on the built-in scenario\n"
          "(schedlab run --compare).\n", f);
#endif
    fputs("Run 'schedlab COMMAND --help' for the options of a command.\n"
          "\n"
          "exit status: 0 success, 1 internal failure (a limit hit, out of memory),\n"
          "2 bad input (scenario error, bad option or command).\n", f);
}

static const cli_verb *find_verb(const char *name)
{
    for (size_t k = 0; k < NVERBS; k++)
        if (strcmp(verbs[k].name, name) == 0)
            return &verbs[k];
    return NULL;
}

static int no_verb(int argc, char **argv)
{
#ifdef SCHEDLAB_HAVE_UI
    return ui_main(argc, argv);
#else
    char verb[] = "run", compare[] = "--compare";
    char *args[] = {verb, compare, NULL};
    (void)argc;
    (void)argv;
    return cli_run(2, args);
#endif
}

#ifdef SCHEDLAB_HAVE_UI
/* Whether the window should take `schedlab a ...`: an option, or a FILE. A bare word that is no
 * existing file and has no '.' or '/' is more likely a mistyped command than a missing scenario. */
static bool names_a_file(const char *a)
{
    return a[0] == '-' || strchr(a, '.') || strchr(a, '/') || access(a, F_OK) == 0;
}
#endif

static int dispatch(int argc, char **argv)
{
    if (argc < 2)
        return no_verb(argc, argv);
    const char *a = argv[1];
    if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
        print_help(stdout);
        return CLI_OK;
    }
    if (strcmp(a, "--version") == 0) {
        puts("schedlab " SCHEDLAB_VERSION);
        return CLI_OK;
    }
    const cli_verb *v = find_verb(a);
    if (v)
        return v->main(argc - 1, argv + 1);
#ifdef SCHEDLAB_HAVE_UI
    if (names_a_file(a))
        return ui_main(argc, argv);   /* `schedlab FILE [options]`: the window parses the rest */
#else
    if (a[0] == '-')
        return cli_usage_error(NULL, "unknown option '%s'", a);
#endif
    return cli_usage_error(NULL, "unknown command '%s'", a);
}

int main(int argc, char **argv)
{
    int code = dispatch(argc, argv);
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fputs("schedlab: error: cannot write to standard output\n", stderr);
        return code == CLI_OK ? CLI_INTERNAL : code;
    }
    return code;
}
