/* ui_doc.c — the document behind the window: the scenario as read (file + command-line sets), the
 * knobs the keys turned, the last good run with its course view, and the comparison of every
 * model. A failed reload, switch or run never replaces what shows. */
#include "ui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_DEFAULT_PATH "<default>"

static bool read_base(const ui_doc *d, scn *out, sl_err *err)
{
    const ui_args *a = d->args;
    bool ok = d->path ? scn_load(d->path, out, err)
                      : scn_parse(UI_DEFAULT_PATH, scn_default_text, strlen(scn_default_text), out, err);
    for (int k = 0; ok && d->sets_on && k < a->nsets; k++)
        ok = scn_set(out, a->sets[k], err);
    if (!ok)
        scn_free(out);
    return ok;
}

static bool set_kv(scn *s, sl_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static bool set_kv(scn *s, sl_err *err, const char *fmt, ...)
{
    char kv[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(kv, sizeof kv, fmt, ap);
    va_end(ap);
    return scn_set(s, kv, err);
}

/* The scenario language has no exponents: a plain decimal, trailing zeros cut. */
static char *fmt_scale(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.12f", v);
    char *e = buf + strlen(buf) - 1;
    while (e > buf && *e == '0')
        *e-- = '\0';
    if (*e == '.')
        *e = '\0';
    return buf;
}

static bool has_repeat(const scn *s)
{
    for (size_t i = 0; i < s->nreqs; i++)
        if (s->reqs[i].repeated)
            return true;
    return false;
}

static bool apply_knobs(scn *s, const ui_knobs *k, sl_err *err)
{
    char b[64];
    return (!k->model_on || set_kv(s, err, "model=%s", scn_model_name((scn_model)k->model))) &&
           (!k->cores_on || set_kv(s, err, "cores=%u", (unsigned)k->cores)) &&
           (!k->slice_on || set_kv(s, err, "timeslice=%lldns", (long long)k->slice)) &&
           (!k->gil_on || set_kv(s, err, "gil=%s", k->gil ? "on" : "off")) &&
           (!k->scale_on || set_kv(s, err, "latency.scale=%s", fmt_scale(k->scale, b, sizeof b))) &&
           (!k->repeat_on || !has_repeat(s) || set_kv(s, err, "repeat=%u", (unsigned)k->repeat));
}

static void run_free(ui_run *r)
{
    if (!r)
        return;
    if (r->course_ready)
        lay_course_free(&r->course);
    lay_free(&r->lay);
    trc_free(&r->t);
    scn_free(&r->s);
    free(r);
}

static ui_run *run_new(const scn *base, const ui_knobs *k, sl_err *err)
{
    const sim_opts opts = {.record_trace = true, .max_segments = 0};
    ui_run *r = calloc(1, sizeof *r);
    if (!r) {
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    trc_init(&r->t);
    if (!scn_copy(&r->s, base, err) || !apply_knobs(&r->s, k, err) ||
        !sim_run(&r->s, &opts, &r->t, &r->m, err) || !lay_init(&r->lay, &r->t, err)) {
        run_free(r);
        return NULL;
    }
    return r;
}

/* Groups collapsed, hidden or (not) aggregated in the old run stay so in the new one (matched by
 * kind and host). */
static void carry_groups(lay_ctx *to, const lay_ctx *from)
{
    for (uint32_t g = 0; g < to->ngroups; g++)
        for (uint32_t h = 0; h < from->ngroups; h++) {
            const lay_group *o = &from->groups[h];
            if (o->kind != to->groups[g].kind || o->host != to->groups[g].host)
                continue;
            lay_group_set_collapsed(to, g, o->collapsed);
            lay_group_set_hidden(to, g, o->hidden);
            lay_group_set_agg(to, g, lay_group_agg(from, h));
        }
}

static void cmp_free(ui_cmp *c)
{
    if (!c)
        return;
    if (c->lc_ready)
        lay_compare_free(&c->lc);
    for (int k = 0; k < c->n; k++)
        trc_free(&c->t[k]);
    free(c);
}

/* A new run: the comparison is of the old one (the next lay_compare asks for it again). */
static void adopt(ui_doc *d, ui_run *r, bool carry)
{
    if (d->run && carry)
        carry_groups(&r->lay, &d->run->lay);
    run_free(d->run);
    d->run = r;
    cmp_free(d->cmp);
    d->cmp = NULL;
    d->gen++;
}

static void keep_error(ui_doc *d, const sl_err *err)
{
    snprintf(d->error, sizeof d->error, "%s", err->set ? err->msg : "schedlab: error: the simulation failed");
    d->error_on = true;
}

int ui_doc_open(ui_doc *d, const ui_args *a, sl_err *err)
{
    memset(d, 0, sizeof *d);
    d->args = a;
    d->sets_on = true;
    if (a->file && !(d->path = sl_strndup(a->file, strlen(a->file))))
        return sl_fail(err, "schedlab: error: out of memory"), UI_INTERNAL;
    if (!read_base(d, &d->base, err))
        return UI_BAD_INPUT;
    d->run = run_new(&d->base, &d->knobs, err);
    return d->run ? UI_OK : UI_INTERNAL;
}

bool ui_doc_switch(ui_doc *d, const char *path, sl_err *err)
{
    ui_doc nd = {.args = d->args, .sets_on = false};
    const ui_knobs none = {0};
    ui_run *r = NULL;
    if (!(nd.path = sl_strndup(path, strlen(path))))
        return sl_fail(err, "schedlab: error: out of memory");
    if (!read_base(&nd, &nd.base, err) || !(r = run_new(&nd.base, &none, err))) {
        free(nd.path);
        scn_free(&nd.base);   /* zeroed already when read_base failed: freeing it again is a no-op */
        return false;
    }
    free(d->path);
    scn_free(&d->base);
    d->path = nd.path;
    d->sets_on = false;
    d->base = nd.base;
    d->knobs = none;
    adopt(d, r, false);
    d->error_on = false;
    return true;
}

bool ui_doc_reload(ui_doc *d)
{
    sl_err err = {0};
    scn base;
    memset(&base, 0, sizeof base);
    if (!read_base(d, &base, &err)) {
        keep_error(d, &err);
        return false;
    }
    ui_run *r = run_new(&base, &d->knobs, &err);
    if (!r) {
        scn_free(&base);
        keep_error(d, &err);
        return false;
    }
    scn_free(&d->base);
    d->base = base;
    adopt(d, r, true);
    d->error_on = false;
    return true;
}

bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err)
{
    ui_run *r = run_new(&d->base, k, err);
    if (!r)
        return false;
    d->knobs = *k;
    adopt(d, r, true);
    return true;
}

uint32_t ui_doc_repeat(const ui_doc *d)
{
    const scn *s = &d->run->s;
    for (size_t i = 0; i < s->nreqs; i++)
        if (s->reqs[i].repeated)
            return s->reqs[i].count;
    return 0;
}

lay_course *ui_doc_course(ui_doc *d, sl_err *err)
{
    ui_run *r = d->run;
    if (!r->course_ready && !(r->course_ready = lay_course_init(&r->course, &r->t, err)))
        return NULL;
    return &r->course;
}

/* Every model on base + knobs, the model knob aside, as `render --view compare` runs them. */
static bool cmp_build(ui_cmp *c, const ui_doc *d, sl_err *err)
{
    const sim_opts opts = {.record_trace = true, .max_segments = 0};
    ui_knobs k = d->knobs;
    scn s;
    k.model_on = false;
    if (!scn_copy(&s, &d->base, err))
        return false;
    bool ok = apply_knobs(&s, &k, err);
    while (ok && c->n < SCN_MODEL_COUNT) {
        s.cfg.model = (uint8_t)c->n;
        trc_init(&c->t[c->n]);
        ok = sim_run(&s, &opts, &c->t[c->n], &c->m[c->n], err);
        c->n++;   /* counted either way: cmp_free frees what a failed run recorded */
    }
    scn_free(&s);
    if (!ok)
        return false;
    lay_compare_run runs[SCN_MODEL_COUNT];
    for (int i = 0; i < c->n; i++)
        runs[i] = (lay_compare_run){&c->t[i], &c->m[i], (scn_model)i, NULL};
    return c->lc_ready = lay_compare_init(&c->lc, runs, c->n, err);
}

lay_compare *ui_doc_compare(ui_doc *d, sl_err *err)
{
    if (d->cmp)
        return &d->cmp->lc;
    ui_cmp *c = calloc(1, sizeof *c);
    if (!c) {
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    if (!cmp_build(c, d, err)) {
        cmp_free(c);
        return NULL;
    }
    d->cmp = c;
    return &c->lc;
}

void ui_doc_free(ui_doc *d)
{
    run_free(d->run);
    cmp_free(d->cmp);
    scn_free(&d->base);
    free(d->path);
    memset(d, 0, sizeof *d);
}
