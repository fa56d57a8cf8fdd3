/* cli_fig.c — the options that make a picture slide-ready (--style, --status, --legend, --bars,
 * --guides, --ticks, --tick-labels), parsed once for the verbs that draw, and applied to the view
 * state so that the layout, not the command line, knows what a figure looks like. */
#include "cli_fig.h"

#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int cli_fig_arg(cli_fig_args *a, int argc, char **argv, int *i, const char *verb)
{
    struct { const char *name; const char **val; } opts[] = {
        {"--style", &a->style}, {"--status", &a->status}, {"--legend", &a->legend}, {"--bars", &a->bars},
        {"--guides", &a->guides}, {"--ticks", &a->ticks}, {"--tick-labels", &a->tick_labels},
    };
    int r = 0;
    for (size_t k = 0; r == 0 && k < sizeof opts / sizeof opts[0]; k++)
        r = cli_opt(argc, argv, i, verb, opts[k].name, opts[k].val);
    return r;
}

/* The index of val in words (NULL-terminated), the default when val is NULL, or -1 after a message. */
static int pick(const char *verb, const char *opt, const char *val, const char *const *words, int dflt)
{
    if (!val)
        return dflt;
    for (int k = 0; words[k]; k++)
        if (strcmp(val, words[k]) == 0)
            return k;
    char list[96] = "";
    for (int k = 0; words[k]; k++) {
        strncat(list, words[k], sizeof list - strlen(list) - 1);
        strncat(list, !words[k + 1] ? "" : !words[k + 2] ? " or " : ", ", sizeof list - strlen(list) - 1);
    }
    cli_usage_error(verb, "%s %s: expected %s", opt, val, list);
    return -1;
}

/* --ticks D: a duration such as 1ms or 250us. */
static bool tick_arg(const char *verb, const char *val, int64_t *out)
{
    static const struct { const char *unit; double ns; } units[] = {{"ns", 1}, {"us", 1e3}, {"ms", 1e6}, {"s", 1e9}};
    *out = 0;
    if (!val)
        return true;
    char *end;
    errno = 0;
    double v = strtod(val, &end);
    for (size_t k = 0; end != val && !errno && v > 0 && k < 4; k++)
        if (strcmp(end, units[k].unit) == 0 && v * units[k].ns >= 1 && v * units[k].ns < 9e18) {
            *out = (int64_t)(v * units[k].ns + 0.5);
            return true;
        }
    cli_usage_error(verb, "--ticks %s: expected a time above 0 with a unit (ns, us, ms, s), e.g. 1ms", val);
    return false;
}

bool cli_fig_parse(const cli_fig_args *a, const char *verb, cli_fig *f)
{
    static const char *const styles[] = {"full", "figure", NULL}, *const onoff[] = {"on", "off", NULL};
    static const char *const bars[] = {"time", "uniform", NULL}, *const labels[] = {"time", "index", NULL};
    static const char *const guides[] = {"full", "short", "off", NULL};
    int style = pick(verb, "--style", a->style, styles, 0);
    if (style < 0)
        return false;
    f->figure = style == 1;
    int status = pick(verb, "--status", a->status, onoff, f->figure ? 1 : 0);
    int legend = pick(verb, "--legend", a->legend, onoff, f->figure ? 1 : 0);
    int b = pick(verb, "--bars", a->bars, bars, f->figure ? 1 : 0);
    int gd = pick(verb, "--guides", a->guides, guides, f->figure ? 2 : 0);
    int tl = pick(verb, "--tick-labels", a->tick_labels, labels, 0);
    if (status < 0 || legend < 0 || b < 0 || gd < 0 || tl < 0 || !tick_arg(verb, a->ticks, &f->tick_step))
        return false;
    f->status = status == 0, f->legend = legend == 0;
    f->bars = (uint8_t)(b == 1 ? LAY_BARS_UNIFORM : LAY_BARS_TIME);
    f->guides = (uint8_t)(gd == 0 ? LAY_GUIDES_FULL : gd == 1 ? LAY_GUIDES_SHORT : LAY_GUIDES_OFF);
    f->tick_index = tl == 1;
    return true;
}

void cli_fig_view(const cli_fig *f, lay_view *v, float width, float text_px)
{
    v->figure = f->figure;
    v->status_off = !f->status;
    v->show_legend = f->legend;
    v->bars = f->bars;
    v->guides = f->guides;
    v->tick_step = f->tick_step;
    v->tick_index = f->tick_index;
    /* Figure style: the main names at CLI_FIG_TEXT of the width, whatever the width. */
    if (f->figure && text_px > 0 && width * CLI_FIG_TEXT > text_px)
        v->font_scale = width * CLI_FIG_TEXT / text_px;
}
