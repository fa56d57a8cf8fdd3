/* cli_render.c — `schedlab render`: simulates a scenario and writes its picture (PNG or SVG)
 * without a window or a display, from the same display list the window draws. */
#include "cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay.h"
#include "lay_compare.h"
#include "lay_course.h"
#include "sim.h"

static const char render_help[] =
    "usage: schedlab render [FILE] -o OUT.png|OUT.svg|OUT.pdf [--view timeline|course|compare] [--model M]\n"
    "                       [--set KEY=VALUE]... [--width W] [--height H] [--theme light|dark|contrast]\n"
    "                       [--from T --to T] [--scale S] [--font PATH] [--lang en|fr] [--notes]\n"
    "                       [--compare-style course|timeline]\n"
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
    "  --lang L           en or fr (default: from LC_ALL, LC_MESSAGES or LANG)\n"
    "  --notes            course views: write \"processing\", \"delay\" and \"wait\" on the figure\n"
    "  --compare-style S  course (default: panels side by side) or timeline (stacked)\n"
    "  --width W          width in pixels (default 1600)\n"
    "  --height H         height in pixels (default: what the lanes need; course: 0.6 x width)\n"
    "  --theme T          light (default, like the course figures), dark or contrast\n"
    "  --from T, --to T   the time window shown, e.g. --from 2ms --to 5.5ms (default: the whole run)\n"
    "  --scale S          pixels per unit, e.g. 2 for a sharper PNG of the same layout (default 1)\n"
    "  --font PATH        a TrueType font instead of DejaVu Sans found through fontconfig\n"
    "  --model M, --set KEY=VALUE   as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure or unwritable output, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *out, *view, *width, *height, *theme, *from, *to, *scale, *font, *lang, *cstyle;
    bool help, notes;
    cli_fig_args fig;
} render_args;

typedef enum { VIEW_TIMELINE, VIEW_COURSE, VIEW_COMPARE } render_view;

typedef struct {
    float w, h, scale;
    int64_t from, to;   /* to < 0: the end of the run */
    theme_id theme;
    lay_lang lang;
    render_view view;
    lay_compare_style cstyle;
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
    static const char *const views[] = {[VIEW_TIMELINE] = "timeline", [VIEW_COURSE] = "course",
                                        [VIEW_COMPARE] = "compare"};
    int vi = 0;
    while (a->view && vi <= VIEW_COMPARE && strcmp(a->view, views[vi]) != 0)
        vi++;
    if (vi > VIEW_COMPARE)
        return cli_usage_error("render", "--view %s: expected timeline, course or compare", a->view), false;
    o->view = (render_view)vi;
    o->lang = lay_lang_from_locale();
    o->lang_given = a->lang != NULL;
    if (!cli_fig_parse(&a->fig, "render", &o->fig))
        return false;
    if (a->lang && !lay_lang_from_name(a->lang, &o->lang))
        return cli_usage_error("render", "--lang %s: expected en or fr", a->lang), false;
    o->cstyle = LAY_COMPARE_COURSE;
    if (a->cstyle && strcmp(a->cstyle, "timeline") == 0)
        o->cstyle = LAY_COMPARE_TIMELINE;
    else if (a->cstyle && strcmp(a->cstyle, "course") != 0)
        return cli_usage_error("render", "--compare-style %s: expected course or timeline", a->cstyle), false;
    if (o->view == VIEW_COMPARE && a->scn.model_given)
        return cli_usage_error("render", "--view compare runs every model: drop --model"), false;
    o->notes = a->notes;
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

/* The view's time window: the whole run fitted (fit, with the window's margin) or [from, to]
 * over len pixels of the time axis. */
static void set_window(lay_view *v, const render_opts *o, float len, int64_t end, void (*fit)(lay_view *, const lay_geom *, int64_t),
                       const lay_geom *g)
{
    if (o->from == 0 && o->to < 0) {
        fit(v, g, end);
        return;
    }
    int64_t to = o->to >= 0 ? o->to : end;
    v->t0 = o->from;
    v->t0_frac = 0;
    v->ns_per_px = (double)(to - o->from) / (double)(len > 1 ? len : 1);
    if (v->ns_per_px < LAY_MIN_NS_PER_PX)
        v->ns_per_px = LAY_MIN_NS_PER_PX;
}

/* An automatic height in whole pixels: float products such as 0.6f x 1600 = 960.00006 would
 * otherwise give a PNG (its size rounded up) one pixel taller than the SVG. */
static float whole_px(float h)
{
    return roundf(h);
}

static void init_view(lay_view *v, const render_opts *o, float text_px)
{
    lay_view_init(v);
    v->theme = o->theme;
    v->lang = o->lang;
    cli_fig_view(&o->fig, v, o->w, text_px);
}

/* The timeline of t fitted to [from, to] on a w x h canvas (h 0: as tall as the rows need). */
static bool layout_timeline(const render_opts *o, const trc *t, const scn *s, const sim_metrics *m,
                            const dl_measure *meas, dl_list *out, sl_err *err)
{
    lay_ctx c;
    if (!lay_init(&c, t, err))
        return false;
    lay_set_figure_rows(&c, o->fig.figure);
    lay_view v;
    init_view(&v, o, LAY_TEXT_LANE);
    float h = o->h > 0 ? o->h : 400;
    lay_geom g = lay_geometry(&c, &v, o->w, h, meas);
    if (o->h <= 0) {   /* as tall as the rows need, within what a picture may be */
        h += lay_content_height(&c, &v) - g.plot_h;
        h = h < 16384 ? whole_px(h) : 16384;
        g = lay_geometry(&c, &v, o->w, h, meas);
    }
    /* Figure style: room on the right for the last "return" written over its arrow. */
    set_window(&v, o, g.plot_w, t->end + (o->fig.figure ? t->end / 16 : 0), lay_fit, &g);
    lay_frame(&c, &v, &g, meas, out);
    char status[512];
    lay_status_text(status, sizeof status, v.lang, lay_model_str(v.lang, (scn_model)s->cfg.model), NULL, m);
    if (o->fig.status)
        lay_status_bar(&v, &g, status, out);
    lay_free(&c);
    return true;
}

/* The course view of t: a figure of the course, 0.6 x as tall as wide unless told. */
static bool layout_course(const render_opts *o, const trc *t, const scn *s, const sim_metrics *m,
                          const dl_measure *meas, dl_list *out, sl_err *err)
{
    lay_course c;
    if (!lay_course_init(&c, t, err))
        return false;
    c.opts.notes = o->notes;
    lay_view v;
    init_view(&v, o, LAY_COURSE_TEXT_HOST);
    float h = o->h > 0 ? o->h : whole_px(0.6f * o->w);
    lay_geom g = lay_course_geometry(&c, &v, o->w, h, meas);
    set_window(&v, o, g.plot_h, lay_course_end(&c, &v), lay_course_fit, &g);
    lay_course_frame(&c, &v, &g, meas, out);
    char status[512];
    lay_status_text(status, sizeof status, v.lang, lay_model_str(v.lang, (scn_model)s->cfg.model), NULL, m);
    if (o->fig.status)
        lay_status_bar(&v, &g, status, out);
    lay_course_free(&c);
    return true;
}

static bool layout_compare(const render_opts *o, const trc *t, const sim_metrics *m, const dl_measure *meas,
                           dl_list *out, sl_err *err)
{
    lay_compare_run runs[SCN_MODEL_COUNT];
    for (int k = 0; k < SCN_MODEL_COUNT; k++)
        runs[k] = (lay_compare_run){&t[k], &m[k], (scn_model)k};
    lay_compare c;
    if (!lay_compare_init(&c, runs, SCN_MODEL_COUNT, err))
        return false;
    c.style = o->cstyle;
    c.notes = o->notes;
    lay_view v;
    init_view(&v, o, 0);
    float h = o->h > 0 ? o->h : whole_px(lay_compare_height(&c, &v, o->w, meas));
    lay_compare_fit(&c, &v, o->w, h, meas);
    if (o->from != 0 || o->to >= 0) {
        int64_t to = o->to >= 0 ? o->to : c.end;
        v.ns_per_px = (double)(to - o->from) / (double)lay_compare_time_len(&c, &v, o->w, h, meas);
        v.ns_per_px = v.ns_per_px < LAY_MIN_NS_PER_PX ? LAY_MIN_NS_PER_PX : v.ns_per_px;
        v.t0 = o->from, v.t0_frac = 0;
    }
    lay_compare_frame(&c, &v, o->w, h, meas, out);
    lay_compare_free(&c);
    return true;
}

/* Runs the scenario once under its model, or under the four for the comparison. */
static bool simulate(scn *s, const render_opts *o, trc *t, sim_metrics *m, int *n, sl_err *err)
{
    const sim_opts so = {.record_trace = true};
    int want = o->view == VIEW_COMPARE ? SCN_MODEL_COUNT : 1;
    for (*n = 0; *n < want; (*n)++) {
        if (want > 1)
            s->cfg.model = (uint8_t)*n;
        if (!sim_run(s, &so, &t[*n], &m[*n], err))
            return false;
    }
    return true;
}

static int render(const render_args *a, const render_opts *given)
{
    scn s;
    if (!cli_scn_load(&a->scn, &s))
        return CLI_BAD_INPUT;
    render_opts own = *given, *o = &own;
    if (!o->lang_given && s.cfg.lang)   /* the scenario's `lang` before the locale */
        o->lang = (lay_lang)(s.cfg.lang - 1);
    trc t[SCN_MODEL_COUNT];
    sim_metrics m[SCN_MODEL_COUNT];
    sl_err err = {0};
    int n = 0, code = CLI_OK;
    void *owned = NULL;
    dl_list l;
    dl_init(&l);
    if (!simulate(&s, o, t, m, &n, &err)) {
        fprintf(stderr, "%s\n", err.msg);
        code = CLI_INTERNAL;
        goto done;
    }
    dl_measure meas = cli_pic_measure(a->out, a->font, &owned);
    bool ok = o->view == VIEW_COURSE    ? layout_course(o, &t[0], &s, &m[0], &meas, &l, &err)
              : o->view == VIEW_COMPARE ? layout_compare(o, t, m, &meas, &l, &err)
                                        : layout_timeline(o, &t[0], &s, &m[0], &meas, &l, &err);
    if (!ok || !cli_write_pic(&l, a->out, o->scale, a->font, &err)) {
        fprintf(stderr, "%s\n", err.msg);
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
