/* cli_explain.c — `schedlab explain`: simulates a scenario and prints every scheduling decision in
 * time order with the sentence that says why (src/view/lay_why.c), in English or French, or as JSON. */
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lay_why.h"
#include "sim.h"

static const char explain_help[] =
    "usage: schedlab explain [FILE] [--model M] [--at T | --request NAME | --lane NAME] [--json] [--lang en|fr]\n"
    "\n"
    "Simulates the scenario FILE and prints its scheduling decisions in time order, one sentence\n"
    "each: why a unit waits for a core, for the GIL, for its event loop, at a server's queue or for\n"
    "a task, why a request was refused, why a core or a loop went from one unit to another.\n"
    "\n"
    "options:\n"
    "  --at T             only the decisions at the last instant at or before T (10ms, 250us, 1.5s)\n"
    "  --request NAME     only those of request NAME (every instance) or NAME#K (its K-th, from 1)\n"
    "  --lane NAME        only those involving the lane NAME (as the trace names it: 'thread 2')\n"
    "  --json             {\"decisions\": [{t_ns, cause, lane, who, from, request, text}]}\n"
    "  --lang en|fr       the language of the sentences (default: the locale's)\n"
    "  --model M, --set KEY=VALUE, --max-events N, --max-memory SIZE   as for 'schedlab run'\n"
    "\n"
    "exit status: 0 success, 1 internal failure, 2 bad input.\n";

typedef struct {
    cli_scn_args scn;
    const char *at, *request, *lane, *lang;
    bool json, help;
} explain_args;

static int parse_args(explain_args *ea, int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        int r = cli_scn_arg(&ea->scn, argc, argv, &i, "explain");
        if (r == 0)
            r = cli_opt(argc, argv, &i, "explain", "--at", &ea->at);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "explain", "--request", &ea->request);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "explain", "--lane", &ea->lane);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "explain", "--lang", &ea->lang);
        if (r < 0)
            return -1;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--json") == 0)
            ea->json = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            ea->help = true;
        else
            return cli_usage_error("explain", "unknown option '%s'", argv[i]), -1;
    }
    if ((ea->at != NULL) + (ea->request != NULL) + (ea->lane != NULL) > 1)
        return cli_usage_error("explain", "--at, --request and --lane go one at a time"), -1;
    return 0;
}

/* "10ms", "250us", "1.5s", "12ns", "3µs": false when it is not a duration. */
static bool parse_time(const char *s, int64_t *out)
{
    static const struct { const char *suf; double mul; } units[] = {
        {"ns", 1}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"ms", 1e6}, {"s", 1e9},
    };
    char *end;
    double v = strtod(s, &end);
    if (end == s || v < 0 || v > 9e18 / 1e9)
        return false;
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strcmp(end, units[i].suf) == 0) {
            *out = (int64_t)(v * units[i].mul + 0.5);
            return true;
        }
    return false;
}

/* Whether lane l is named name (the trace's English name, or its name in lang). */
static bool lane_is(const trc *t, int32_t l, const char *name, lay_lang lang)
{
    if (l < 0 || (size_t)l >= t->nlanes)
        return false;
    char buf[128];
    return (t->lanes[l].name && strcmp(t->lanes[l].name, name) == 0) ||
           strcmp(lay_lane_name(t, (uint32_t)l, lang, buf, sizeof buf), name) == 0;
}

static bool req_is(const trc *t, int32_t r, const char *name)
{
    if (r < 0 || (size_t)r >= t->nreqs || t->reqs[r].tmpl >= t->ntmpls)
        return false;
    const char *tn = t->tmpls[t->reqs[r].tmpl].name;
    size_t k = strlen(tn);
    if (strncmp(name, tn, k) != 0)
        return false;
    if (name[k] == '\0')
        return true;
    return name[k] == '#' && strtoul(name + k + 1, NULL, 10) == t->reqs[r].instance + 1;
}

static void json_str(const char *s, FILE *f)
{
    fputc('"', f);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void json_lane(const trc *t, int32_t l, FILE *f)
{
    if (l < 0 || (size_t)l >= t->nlanes || !t->lanes[l].name)
        fputs("null", f);
    else
        json_str(t->lanes[l].name, f);
}

static const char *kind_name(uint8_t k)
{
    switch (k) {
    case LAY_WHY_SWITCH: return "switch";
    case LAY_WHY_DISPATCH: return "dispatch";
    case LAY_WHY_TIMEOUT: return "timeout";
    case LAY_WHY_DEADLOCK: return "deadlock";
    default: return trc_cause_name((trc_cause)k);
    }
}

static void print_one(const trc *t, const lay_why *d, lay_lang lang, bool json, bool first, FILE *f)
{
    char text[1024];
    lay_why_sentence(t, d, lang, text, sizeof text);
    if (!json) {
        fprintf(f, "%s\n", text);
        return;
    }
    fprintf(f, "%s\n  {\"t_ns\": %lld, \"cause\": \"%s\", \"lane\": ", first ? "" : ",", (long long)d->t,
            kind_name(d->kind));
    json_lane(t, (int32_t)d->lane, f);
    fputs(", \"who\": ", f);
    json_lane(t, d->who, f);
    fputs(", \"from\": ", f);
    json_lane(t, d->from, f);
    fprintf(f, ", \"request\": %d, \"text\": ", (int)d->req);
    json_str(text, f);
    fputc('}', f);
}

static bool selected(const trc *t, const lay_why *d, const explain_args *ea, lay_lang lang, int64_t at)
{
    if (ea->at)
        return d->t == at;
    if (ea->request)
        return req_is(t, d->req, ea->request);
    if (ea->lane)
        return lane_is(t, (int32_t)d->lane, ea->lane, lang) || lane_is(t, d->who, ea->lane, lang) ||
               lane_is(t, d->from, ea->lane, lang);
    return true;
}

static int print_all(const trc *t, const lay_whys *w, const explain_args *ea, lay_lang lang, int64_t at)
{
    if (ea->at) {   /* the last instant at or before T that has decisions */
        long i = lay_why_last_before(w, at + 1);
        at = i >= 0 ? w->v[i].t : -1;
    }
    FILE *f = stdout;
    if (ea->json)
        fputs("{\"decisions\": [", f);
    bool first = true;
    for (size_t i = 0; i < w->n; i++)
        if (selected(t, &w->v[i], ea, lang, at)) {
            print_one(t, &w->v[i], lang, ea->json, first, f);
            first = false;
        }
    if (ea->json)
        fputs(first ? "]}\n" : "\n]}\n", f);
    return fflush(f) != 0 || ferror(f) ? CLI_INTERNAL : CLI_OK;
}

static int explain_scenario(const explain_args *ea)
{
    lay_lang lang = lay_lang_from_locale();
    if (ea->lang && !lay_lang_from_name(ea->lang, &lang))
        return cli_usage_error("explain", "unknown language '%s' (expected en or fr)", ea->lang);
    int64_t at = 0;
    if (ea->at && !parse_time(ea->at, &at))
        return cli_usage_error("explain", "--at expects a time such as 10ms, got '%s'", ea->at);
    scn s;
    if (!cli_scn_load(&ea->scn, &s))
        return CLI_BAD_INPUT;
    trc t;
    sim_metrics m;
    sl_err err = {0};
    const sim_opts opts = {.record_trace = true, .max_segments = 0};
    int code;
    if (!sim_run(&s, &opts, &t, &m, &err)) {
        code = cli_sim_failed(&err, &s);
    } else {
        lay_whys w;
        if (!lay_why_build(&t, &w)) {
            fputs("schedlab: error: out of memory\n", stderr);
            code = CLI_INTERNAL;
        } else {
            code = print_all(&t, &w, ea, lang, at);
            lay_why_free(&w);
        }
        trc_free(&t);
    }
    scn_free(&s);
    return code;
}

int cli_explain(int argc, char **argv)
{
    explain_args ea = {0};
    if (!cli_scn_args_init(&ea.scn, argc)) {
        fputs("schedlab: error: out of memory\n", stderr);
        return CLI_INTERNAL;
    }
    int code;
    if (parse_args(&ea, argc, argv) < 0)
        code = CLI_BAD_INPUT;
    else if (ea.help)
        code = fputs(explain_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
    else
        code = explain_scenario(&ea);
    cli_scn_args_free(&ea.scn);
    return code;
}
