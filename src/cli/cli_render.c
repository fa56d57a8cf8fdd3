/* cli_render.c — `schedlab render`: simulates a scenario and writes its picture (PNG or SVG)
 * without a window or a display, from the same display list the window draws. */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay.h"
#include "sim.h"

static const char render_help[] =
    "usage: schedlab render [FILE] -o OUT.png|OUT.svg [--view timeline] [--model M] [--set KEY=VALUE]...\n"
    "                       [--width W] [--height H] [--theme light|dark|contrast] [--from T --to T]\n"
    "                       [--scale S] [--font PATH]\n"
    "\n"
    "Writes the picture of the scenario FILE (the built-in one without FILE) with no window and no\n"
    "display: PNG through SDL's software renderer, SVG as vector shapes and text.\n"
    "\n"
    "options:\n"
    "  -o, --output OUT   the picture to write (.png or .svg), through a temporary file and a rename\n"
    "  --view V           timeline (default): the lanes over time\n"
    "  --width W          width in pixels (default 1600)\n"
    "  --height H         height in pixels (default: what the lanes need)\n"
    "  --theme T          light (default, like the course figures), dark or contrast\n"
    "  --from T, --to T   the time window shown, e.g. --from 2ms --to 5.5ms (default: the whole run)\n"
    "  --scale S          pixels per unit, e.g. 2 for a sharper PNG of the same layout (default 1)\n"
    "  --font PATH        a TrueType font instead of DejaVu Sans found through fontconfig\n"
    "  --model M, --set KEY=VALUE   as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure or unwritable output, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *out, *view, *width, *height, *theme, *from, *to, *scale, *font;
    bool help;
} render_args;

typedef struct {
    float w, h, scale;
    int64_t from, to;   /* to < 0: the end of the run */
    theme_id theme;
} render_opts;

static int parse_args(render_args *a, int argc, char **argv)
{
    struct { const char *name; const char **val; } opts[] = {
        {"--output", &a->out}, {"-o", &a->out}, {"--view", &a->view}, {"--width", &a->width},
        {"--height", &a->height}, {"--theme", &a->theme}, {"--from", &a->from}, {"--to", &a->to},
        {"--scale", &a->scale}, {"--font", &a->font},
    };
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&a->scn, argc, argv, &i, "render");
        for (size_t k = 0; r == 0 && k < sizeof opts / sizeof opts[0]; k++)
            r = cli_opt(argc, argv, &i, "render", opts[k].name, opts[k].val);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            a->help = true;
        else
            return cli_usage_error("render", "unknown option '%s'", argv[i]), -1;
    }
    if (a->help)
        return 0;
    if (!a->out)
        return cli_usage_error("render", "-o OUT.png or -o OUT.svg is required"), -1;
    if (!cli_pic_kind_ok(a->out))
        return cli_usage_error("render", "-o %s: expected a file name ending in .png or .svg", a->out), -1;
    return 0;
}

/* A pixel size or scale: a positive number up to max, or false after a message. */
static bool num_arg(const char *name, const char *val, double dflt, double max, float *out)
{
    if (!val) {
        *out = (float)dflt;
        return true;
    }
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    if (end == val || *end || errno || !(v > 0) || v > max)
        return cli_usage_error("render", "%s %s: expected a number above 0 and at most %g", name, val, max), false;
    *out = (float)v;
    return true;
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

static bool parse_opts(const render_args *a, render_opts *o)
{
    if (a->view && strcmp(a->view, "timeline") != 0)
        return cli_usage_error("render", "--view %s: expected timeline", a->view), false;
    o->theme = THEME_LIGHT;
    if (a->theme && !theme_from_name(a->theme, &o->theme))
        return cli_usage_error("render", "--theme %s: expected light, dark or contrast", a->theme), false;
    if (!num_arg("--width", a->width, 1600, 16384, &o->w) || !num_arg("--height", a->height, 0.5, 16384, &o->h) ||
        !num_arg("--scale", a->scale, 1, 8, &o->scale) || !dur_arg("--from", a->from, 0, &o->from) ||
        !dur_arg("--to", a->to, -1, &o->to))
        return false;
    if (!a->height)
        o->h = 0;   /* what the lanes need */
    if (o->to >= 0 && o->to <= o->from)
        return cli_usage_error("render", "--to %s: expected a time after --from", a->to), false;
    return true;
}

/* The timeline of t fitted to [from, to] on a w x h canvas (h 0: as tall as the rows need). */
static void layout_timeline(lay_ctx *c, const render_opts *o, const scn *s, const sim_metrics *m,
                            const dl_measure *meas, dl_list *out)
{
    lay_view v;
    lay_view_init(&v);
    v.theme = o->theme;
    float h = o->h > 0 ? o->h : 400;
    lay_geom g = lay_geometry(c, &v, o->w, h, meas);
    if (o->h <= 0) {
        h += lay_content_height(c, &v) - g.plot_h;
        g = lay_geometry(c, &v, o->w, h, meas);
    }
    if (o->from == 0 && o->to < 0) {
        lay_fit(&v, &g, c->t->end);   /* the whole run, with the window's margin */
    } else {
        int64_t to = o->to >= 0 ? o->to : c->t->end;
        v.t0 = o->from;
        v.t0_frac = 0;
        v.ns_per_px = (double)(to - o->from) / (double)(g.plot_w > 1 ? g.plot_w : 1);
        if (v.ns_per_px < LAY_MIN_NS_PER_PX)
            v.ns_per_px = LAY_MIN_NS_PER_PX;
    }
    lay_frame(c, &v, &g, meas, out);
    char status[512];
    lay_status_text(status, sizeof status, v.lang, scn_model_name((scn_model)s->cfg.model), NULL, m);
    lay_status_bar(&v, &g, status, out);
}

static int render(const render_args *a, const render_opts *o)
{
    scn s;
    if (!cli_scn_load(&a->scn, &s))
        return CLI_BAD_INPUT;
    trc t;
    sim_metrics m;
    sl_err err = {0};
    const sim_opts so = {.record_trace = true};
    int code = CLI_OK;
    if (!sim_run(&s, &so, &t, &m, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        scn_free(&s);
        return CLI_INTERNAL;
    }
    lay_ctx c;
    void *owned;
    dl_measure meas = cli_pic_measure(a->out, a->font, &owned);
    dl_list l;
    dl_init(&l);
    if (!lay_init(&c, &t, &err)) {
        code = CLI_INTERNAL;
    } else {
        layout_timeline(&c, o, &s, &m, &meas, &l);
        if (!cli_write_pic(&l, a->out, o->scale, a->font, &err))
            code = CLI_INTERNAL;
    }
    if (code != CLI_OK)
        fprintf(stderr, "%s\n", err.msg);
    lay_free(&c);
    dl_free(&l);
    cli_pic_measure_free(owned);
    trc_free(&t);
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
