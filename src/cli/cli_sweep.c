/* cli_sweep.c — `schedlab sweep`: the same scenario at growing request counts under each model,
 * in parallel, printed as a table or JSON and plotted as a picture. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lay_view.h"
#include "view.h"
#include "swp.h"

static const char sweep_help[] =
    "usage: schedlab sweep FILE --counts N,N,... [--models all|M,M...] [--json] [-o OUT.png|OUT.svg|OUT.pdf]\n"
    "                      [--threads N] [--width W --height H] [--theme T] [--lang en|fr] [--scale S] [--why]\n"
    "                      [--model M] [--set KEY=VALUE]...\n"
    "\n"
    "Runs FILE with the count of its first 'repeat' statement replaced by each N, under each\n"
    "model, and prints makespan, throughput, latency, peak memory, failures and CPU overhead.\n"
    "A model 'starts failing' at the first count with failed requests (memory budget; the plot\n"
    "dashes its curve from there) and 'collapses' at the first count where its throughput stops\n"
    "rising (grows by 10 % or less) after it rose, with no failure there.\n"
    "\n"
    "options:\n"
    "  --counts N,N,...   increasing request counts, e.g. 10,100,1000,10000,100000 (required)\n"
    "  --models LIST      all (default) or a comma-separated list of models\n"
    "  --json             an array of objects with \"count\" and the fields of 'run --json'\n"
    "  -o, --output OUT   also plots throughput against count (log scales) to OUT (.png, .svg or .pdf)\n"
    "  --threads N        simulations run at once (default: one per CPU)\n"
    "  --width W, --height H   the plot's size in pixels (default 1000 x 600)\n"
    "  --theme T          light (default), dark or contrast\n"
    "  --font PATH        the font for PNG text (default: DejaVu Sans through fontconfig)\n"
    "  --lang L           the plot's language, en or fr (default: the scenario's `lang`, else the locale)\n"
    "  --scale S          pixels per unit of the PNG/PDF (default 1)\n"
    "  --why              the plot says why each model stops: at its failing (else collapsing,\n"
    "                     else last) count, CPU per request split into useful work, creation,\n"
    "                     switching and calls, and memory at the peak as a share of the budget\n"
    "  --max-events N, --max-memory SIZE   the work budget of each point, as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure or unwritable output, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *counts, *models, *out, *threads, *width, *height, *theme, *font, *lang, *scale;
    bool json, help, why;
} sweep_args;

static int parse_args(sweep_args *a, int argc, char **argv)
{
    struct { const char *name; const char **val; } opts[] = {
        {"--counts", &a->counts}, {"--models", &a->models}, {"--output", &a->out}, {"-o", &a->out},
        {"--threads", &a->threads}, {"--width", &a->width}, {"--height", &a->height}, {"--theme", &a->theme},
        {"--font", &a->font}, {"--lang", &a->lang}, {"--scale", &a->scale},
    };
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&a->scn, argc, argv, &i, "sweep");
        for (size_t k = 0; r == 0 && k < sizeof opts / sizeof opts[0]; k++)
            r = cli_opt(argc, argv, &i, "sweep", opts[k].name, opts[k].val);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            a->json = true;
        else if (strcmp(argv[i], "--why") == 0)
            a->why = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else
            return cli_usage_error("sweep", "unknown option '%s'", argv[i]), -1;
    }
    if (!a->help && !a->counts)
        return cli_usage_error("sweep", "--counts is required, e.g. --counts 10,100,1000"), -1;
    if (!a->help && !a->scn.file)
        return cli_usage_error("sweep", "a scenario FILE is required"), -1;
    if (a->out && !cli_pic_kind_ok(a->out))
        return cli_usage_error("sweep", "-o %s: expected a file name ending in .png, .svg or .pdf", a->out), -1;
    return 0;
}

/* A positive whole number option, or -1 after a message. */
static long num_opt(const char *name, const char *val, long dflt, long max)
{
    if (!val)
        return dflt;
    char *end;
    long v = strtol(val, &end, 10);
    if (*end || end == val || v < 1 || v > max)
        return cli_usage_error("sweep", "%s %s: expected a whole number from 1 to %ld", name, val, max), -1;
    return v;
}

static void progress(void *ctx, size_t done, size_t total)
{
    if (*(bool *)ctx)
        fprintf(stderr, "\rsweep: %zu/%zu runs%s", done, total, done == total ? "\n" : "");
}

/* The plot's look, checked before the sweep runs: theme, language (given, else the scenario's,
 * else the locale's: lang_set false) and scale. */
typedef struct {
    theme_id th;
    lay_lang lang;
    bool lang_set;
    double scale;
} plot_look;

static int plot(const sweep_args *a, const swp_result *r, const scn *s, long w, long h, const plot_look *k)
{
    void *owned;
    dl_measure m = cli_pic_measure(a->out, a->font, &owned);
    dl_list l;
    dl_init(&l);
    lay_view v;
    lay_view_init(&v);
    v.theme = k->th;
    v.lang = k->lang_set ? k->lang : s->cfg.lang ? (lay_lang)(s->cfg.lang - 1) : lay_lang_from_locale();
    v.sweep_why = a->why;
    const view_ops *ops = view_get(VIEW_SWEEP);   /* the plot the window's p shows */
    view_src src = {.sweep = r, .title = s->cfg.title >= 0 ? scn_str(s, s->cfg.title) : NULL};
    sl_err err = {0};
    void *ctx = ops->create(&src, &err);
    bool ok = ctx != NULL;
    if (ok) {
        lay_geom g = ops->geometry(ctx, &v, (float)w, (float)h, &m);
        ops->frame(ctx, &v, &g, &m, &l);
        ops->destroy(ctx);
        ok = cli_write_pic(&l, a->out, (float)k->scale, a->font, &err);
    }
    dl_free(&l);
    cli_pic_measure_free(owned);
    if (!ok)
        cli_print_error(&err);
    return ok ? CLI_OK : CLI_INTERNAL;
}

static int sweep(const sweep_args *a)
{
    uint32_t counts[SWP_MAX_COUNTS];
    size_t ncounts;
    uint8_t models[SCN_MODEL_COUNT];
    int nmodels;
    sl_err err = {0};
    long threads = num_opt("--threads", a->threads, 0, 64), w = num_opt("--width", a->width, 1000, 16384),
         h = num_opt("--height", a->height, 600, 16384);
    if (threads < 0 || w < 0 || h < 0)
        return CLI_BAD_INPUT;
    plot_look look = {THEME_LIGHT, LAY_LANG_EN, false, 1};   /* every option is checked before the sweep runs */
    if (a->theme && !theme_from_name(a->theme, &look.th))
        return cli_usage_error("sweep", "--theme %s: expected light, dark or contrast", a->theme);
    look.lang_set = a->lang != NULL;
    if (a->lang && !lay_lang_from_name(a->lang, &look.lang))
        return cli_usage_error("sweep", "--lang %s: expected en or fr", a->lang);
    char *end = NULL;
    look.scale = a->scale ? strtod(a->scale, &end) : 1;
    if (a->scale && (end == a->scale || *end || !(look.scale > 0) || look.scale > 8))
        return cli_usage_error("sweep", "--scale %s: expected a number above 0 and at most 8", a->scale);
    if (!swp_parse_counts(a->counts, counts, &ncounts, &err) ||
        !swp_parse_models(a->models ? a->models : "all", models, &nmodels, &err)) {
        cli_print_error(&err);
        return CLI_BAD_INPUT;
    }
    if (!cli_output_ok(a->out, &a->scn, a->font) || (a->out && !cli_font_ok(a->font)))
        return CLI_BAD_INPUT;
    scn s;
    if (!cli_scn_load(&a->scn, &s))
        return CLI_BAD_INPUT;
    swp_result r;
    bool tty = isatty(STDERR_FILENO);
    int code = CLI_OK;
    if (!swp_run(&s, counts, ncounts, models, nmodels, (unsigned)threads, NULL, progress, &tty, &r, &err)) {
        code = cli_sim_failed(&err, &s);
        code = strstr(err.msg, "needs a 'repeat") ? CLI_BAD_INPUT : code;
    } else {
        if (a->json)
            swp_print_json(&r, stdout);
        else
            swp_print_table(&r, stdout);
        if (a->out)
            code = plot(a, &r, &s, w, h, &look);
        swp_free(&r);
    }
    scn_free(&s);
    return code;
}

int cli_sweep(int argc, char **argv)
{
    sweep_args a = {0};
    if (!cli_scn_args_init(&a.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    int code;
    if (parse_args(&a, argc, argv) < 0)
        code = CLI_BAD_INPUT;
    else if (a.help)
        code = fputs(sweep_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else
        code = sweep(&a);
    cli_scn_args_free(&a.scn);
    return code;
}
