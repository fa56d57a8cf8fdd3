/* cli_render.c — `schedlab render`: simulates a scenario and writes its picture (PNG or SVG)
 * without a window or a display, from the same display list the window draws. */
#include "cli.h"
#include "cli_fig.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_view.h"
#include "sim.h"
#include "view.h"

static const char render_help[] =
    "usage: schedlab render [FILE] -o OUT.png|OUT.svg|OUT.pdf [--view timeline|course|compare] [--model M]\n"
    "                       [--set KEY=VALUE]... [--width W] [--height H] [--theme light|dark|contrast]\n"
    "                       [--from T --to T] [--scale S] [--font PATH] [--lang en|fr] [--notes]\n"
    "                       [--compare-style course|timeline] [--style figure|full] [--status on|off]\n"
    "                       [--legend on|off] [--bars time|uniform] [--guides full|short|off]\n"
    "                       [--ticks D] [--tick-labels time|index]\n"
    "\n"
    "Writes the picture of the scenario FILE (the built-in one without FILE) with no window and no\n"
    "display: PNG through SDL's software renderer, SVG as vector shapes and text, PDF (vector, fonts\n"
    "embedded) through cairo for LaTeX/beamer.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT   the picture to write (.png, .svg or .pdf), through a temporary file and a rename\n"
    "  --view V           timeline (default): the lanes over time;\n"
    "                     course: the course's figures, time going down, one column per host;\n"
    "                     compare: the workload under the four models on one time scale\n"
    "  --lang L           en or fr (default: the scenario's `lang`, else LC_ALL, LC_MESSAGES or LANG)\n"
    "  --notes            course views: write \"processing\", \"delay\" and \"wait\" on the figure\n"
    "  --compare-style S  course (default: panels side by side) or timeline (stacked)\n"
    "  --width W          width in pixels (default 1600)\n"
    "  --height H         height in pixels (default: what the lanes need; course: 0.6 x width)\n"
    "  --theme T          light (default, like the course figures), dark or contrast\n"
    "  --from T, --to T   the time window shown, e.g. --from 2ms --to 5.5ms (default: the whole run)\n"
    "  --scale S          pixels per unit, e.g. 2 for a sharper PNG of the same layout (default 1)\n"
    "  --font PATH        a TrueType font instead of DejaVu Sans found through fontconfig\n"
    "  --style S          full (default): everything; figure: what the course figures draw, text\n"
    "                     sized to the picture (names 3.6 % of the width), no status bar, legend,\n"
    "                     grid or tick labels (unless asked), uniform bars in the course view\n"
    "  --status on|off    the status bar (default: on, off in figure style)\n"
    "  --legend on|off    the timeline's legend (default: on, off in figure style)\n"
    "  --bars B           course view: time (bars as long as they last) or uniform (all one thin\n"
    "                     height, order and overlap kept; default in figure style)\n"
    "  --guides G         course view's lines at burst edges: full, short (across the burst's\n"
    "                     column only) or off (default in figure style)\n"
    "  --ticks D          timeline: a tick every D (e.g. 1ms) instead of the automatic step\n"
    "  --tick-labels L    timeline: time (default) or index (0 1 2 3 ...)\n"
    "  --model M, --set KEY=VALUE   as for 'schedlab run'\n"
    "  --max-events N, --max-memory SIZE   the work budget of each run, as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure or unwritable output, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *out, *view, *width, *height, *theme, *from, *to, *scale, *font, *lang, *cstyle;
    bool help, notes;
    cli_fig_args fig;
} render_args;

typedef struct {
    float w, h, scale;
    int64_t from, to;   /* to < 0: the end of the run */
    theme_id theme;
    lay_lang lang;
    const view_ops *view;
    bool stacked;         /* --compare-style timeline */
    bool notes, lang_given;
    cli_fig fig;
} render_opts;

static int parse_args(render_args *a, int argc, char **argv)
{
    struct { const char *name; const char **val; } opts[] = {
        {"--output", &a->out}, {"-o", &a->out}, {"--view", &a->view}, {"--width", &a->width},
        {"--height", &a->height}, {"--theme", &a->theme}, {"--from", &a->from}, {"--to", &a->to},
        {"--scale", &a->scale}, {"--font", &a->font}, {"--lang", &a->lang}, {"--compare-style", &a->cstyle},
    };
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&a->scn, argc, argv, &i, "render");
        r = r ? r : cli_fig_arg(&a->fig, argc, argv, &i, "render");
        for (size_t k = 0; r == 0 && k < sizeof opts / sizeof opts[0]; k++)
            r = cli_opt(argc, argv, &i, "render", opts[k].name, opts[k].val);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else if (strcmp(argv[i], "--notes") == 0)
            a->notes = true;
        else
            return cli_usage_error("render", "unknown option '%s'", argv[i]), -1;
    }
    if (a->help)
        return 0;
    if (!a->out)
        return cli_usage_error("render", "-o OUT.png or -o OUT.svg is required"), -1;
    if (!cli_pic_kind_ok(a->out))
        return cli_usage_error("render", "-o %s: expected a file name ending in .png, .svg or .pdf", a->out), -1;
    return 0;
}

/* A time such as 2ms, 1.5s, 250us or 40ns; false after a message. */
static bool dur_arg(const char *name, const char *val, int64_t dflt, int64_t *out)
{
    static const struct { const char *unit; double ns; } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    if (!val) {
        *out = dflt;
        return true;
    }
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    for (size_t k = 0; end != val && !errno && v >= 0 && k < 4; k++)
        if (strcmp(end, units[k].unit) == 0 && v * units[k].ns < 9e18) {
            *out = (int64_t)(v * units[k].ns + 0.5);
            return true;
        }
    return cli_usage_error("render", "%s %s: expected a time with a unit (ns, us, ms, s), e.g. 2ms", name, val), false;
}

/* The views `render` draws (those with a time axis) as "a, b or c", from the table (view.h). */
static const char *timed_views(char *buf, size_t n)
{
    const char *names[VIEW_COUNT] = {0};
    int k = 0;
    for (int i = 0; i < VIEW_COUNT; i++)
        if (view_get((view_id)i)->timed)
            names[k++] = view_get((view_id)i)->name;
    size_t len = 0;
    buf[0] = '\0';
    for (int i = 0; i < k && len < n; i++) {
        int w = snprintf(buf + len, n - len, "%s%s", i == 0 ? "" : i == k - 1 ? " or " : ", ", names[i]);
        len += w > 0 ? (size_t)w : 0;
    }
    return buf;
}

static bool parse_opts(const render_args *a, render_opts *o)
{
    char views[256];
    o->view = view_find(a->view ? a->view : "timeline");
    if (!o->view || !o->view->timed)   /* the sweep plot is `schedlab sweep -o`'s */
        return cli_usage_error("render", "--view %s: expected %s", a->view, timed_views(views, sizeof views)), false;
    o->lang = lay_lang_from_locale();
    o->lang_given = a->lang != NULL;
    if (!cli_fig_parse(&a->fig, "render", &o->fig))
        return false;
    if (a->lang && !cli_lang_arg("render", a->lang, &o->lang))
        return false;
    o->stacked = a->cstyle && strcmp(a->cstyle, "timeline") == 0;
    if (a->cstyle && !o->stacked && strcmp(a->cstyle, "course") != 0)
        return cli_usage_error("render", "--compare-style %s: expected course or timeline", a->cstyle), false;
    if (o->view->all_models && a->scn.model_given)
        return cli_usage_error("render", "--view compare runs every model: drop --model"), false;
    o->notes = a->notes;
    o->theme = THEME_LIGHT;
    if (a->theme && !theme_from_name(a->theme, &o->theme))
        return cli_usage_error("render", "--theme %s: expected light, dark or contrast", a->theme), false;
    if (!cli_num_arg("render", "--width", a->width, 1600, 16384, &o->w) ||
        !cli_num_arg("render", "--height", a->height, 0.5, 16384, &o->h) ||
        !cli_num_arg("render", "--scale", a->scale, 1, 8, &o->scale) || !dur_arg("--from", a->from, 0, &o->from) ||
        !dur_arg("--to", a->to, -1, &o->to))
        return false;
    if (!a->height)
        o->h = 0;   /* what the lanes need */
    if (o->to >= 0 && o->to <= o->from)
        return cli_usage_error("render", "--to %s: expected a time after --from", a->to), false;
    /* Uniform bars draw a schematic time: a window of real time means the bars at their length. */
    if ((a->from || a->to) && o->fig.bars == LAY_BARS_UNIFORM) {
        if (a->fig.bars)
            return cli_usage_error("render", "--bars uniform has no time scale: drop --from/--to or say --bars time"), false;
        o->fig.bars = LAY_BARS_TIME;
    }
    return true;
}

/* An automatic height in whole pixels (float products such as 0.6f x 1600 = 960.00006 would
 * otherwise give a PNG, its size rounded up, one pixel taller than the SVG), within what a picture
 * may be. */
static float auto_height(float h)
{
    return h < 16384 ? roundf(h) : 16384;
}

/* Lays out the view of runs[0 .. n) on the canvas: fitted to the whole run, or [from, to]; a
 * picture of one run has its status line. */
static bool layout(const render_opts *o, const view_run *runs, int n, const dl_measure *meas, dl_list *out,
                   sl_err *err)
{
    const view_ops *ops = o->view;
    view_src src = {.runs = runs, .nruns = n, .status = !ops->all_models, .notes = o->notes, .stacked = o->stacked};
    void *ctx = ops->create(&src, err);
    if (!ctx)
        return false;
    lay_view v;
    lay_view_init(&v);
    v.theme = o->theme;
    v.lang = o->lang;
    /* The names figure style scales to the width (hosts, lanes; the comparison keeps its sizes:
     * four panels share the width). */
    cli_fig_view(&o->fig, &v, o->w, ops->name_px);
    float h = o->h > 0 ? o->h : auto_height(ops->height(ctx, &v, o->w, meas));
    lay_geom g = ops->geometry(ctx, &v, o->w, h, meas);
    if (o->from == 0 && o->to < 0)
        view_fit(ops, ctx, &v, &g, meas, ops->end(ctx));
    else
        view_show_span(ops, ctx, &v, &g, meas, o->from, o->to >= 0 ? o->to : ops->end(ctx));
    ops->frame(ctx, &v, &g, meas, out);
    if (src.status && o->fig.status) {
        char status[512];
        lay_status_text(status, sizeof status, v.lang, runs[0].model, NULL, runs[0].m);
        lay_status_bar(&v, &g, status, out);
    }
    ops->destroy(ctx);
    return true;
}

/* Runs the scenario once under its model, or under the four for the comparison. */
static bool simulate(scn *s, const render_opts *o, trc *t, sim_metrics *m, view_run *runs, int *n, sl_err *err)
{
    int want = o->view->all_models ? SCN_MODEL_COUNT : 1;
    sim_opts so = {.record_trace = true};
    sim_limits(s, NULL, &so.max_events, &so.max_memory);
    so.max_memory /= want;   /* the four traces of a comparison share the one budget */
    for (*n = 0; *n < want; (*n)++) {
        if (want > 1)
            s->cfg.model = (uint8_t)*n;
        if (!sim_run(s, &so, &t[*n], &m[*n], err))
            return false;
        runs[*n] = (view_run){&t[*n], &m[*n], (scn_model)s->cfg.model, NULL};
    }
    return true;
}

static int render(const render_args *a, const render_opts *given)
{
    if (!cli_output_ok(a->out, &a->scn, a->font) || !cli_font_ok(a->font))
        return CLI_BAD_INPUT;
    scn s;
    if (!cli_scn_load(&a->scn, &s))
        return CLI_BAD_INPUT;
    render_opts own = *given, *o = &own;
    if (!o->lang_given && s.cfg.lang)   /* the scenario's `lang` before the locale */
        o->lang = (lay_lang)(s.cfg.lang - 1);
    trc t[SCN_MODEL_COUNT];
    sim_metrics m[SCN_MODEL_COUNT];
    view_run runs[SCN_MODEL_COUNT];
    sl_err err = {0};
    int n = 0, code = CLI_OK;
    void *owned = NULL;
    dl_list l;
    dl_init(&l);
    if (!simulate(&s, o, t, m, runs, &n, &err)) {
        code = cli_sim_failed(&err, &s);
        goto done;
    }
    dl_measure meas = cli_pic_measure(a->out, a->font, &owned);
    if (!layout(o, runs, n, &meas, &l, &err) || !cli_write_pic(&l, a->out, o->scale, a->font, &err)) {
        cli_print_error(&err);
        code = CLI_INTERNAL;
    }
done:
    for (int k = 0; k < n; k++)
        trc_free(&t[k]);
    dl_free(&l);
    cli_pic_measure_free(owned);
    scn_free(&s);
    return code;
}

int cli_render(int argc, char **argv)
{
    render_args a = {0};
    render_opts o;
    if (!cli_scn_args_init(&a.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    int code;
    bool args_ok = parse_args(&a, argc, argv) >= 0;
    if (args_ok && a.help)
        code = fputs(render_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else if (!args_ok || !parse_opts(&a, &o))
        code = CLI_BAD_INPUT;
    else
        code = render(&a, &o);
    cli_scn_args_free(&a.scn);
    return code;
}
