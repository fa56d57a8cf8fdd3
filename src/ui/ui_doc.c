/* ui_doc.c — the document behind the window: the scenario as read (file + command-line sets), the
 * knobs the keys turned, and the last good run. A failed reload or run never replaces what shows. */
#include "ui_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define UI_DEFAULT_PATH "<default>"

static bool read_base(const ui_args *a, scn *out, sl_err *err)
{
    bool ok = a->file ? scn_load(a->file, out, err)
                      : scn_parse(UI_DEFAULT_PATH, scn_default_text, strlen(scn_default_text), out, err);
    for (int k = 0; ok && k < a->nsets; k++)
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

/* Groups collapsed or hidden in the old run stay so in the new one (matched by kind and host). */
static void carry_groups(lay_ctx *to, const lay_ctx *from)
{
    for (uint32_t g = 0; g < to->ngroups; g++)
        for (size_t h = 0; h < from->ngroups; h++) {
            const lay_group *o = &from->groups[h];
            if (o->kind != to->groups[g].kind || o->host != to->groups[g].host)
                continue;
            lay_group_set_collapsed(to, g, o->collapsed);
            lay_group_set_hidden(to, g, o->hidden);
        }
}

static void adopt(ui_doc *d, ui_run *r)
{
    if (d->run)
        carry_groups(&r->lay, &d->run->lay);
    run_free(d->run);
    d->run = r;
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
    if (!read_base(a, &d->base, err))
        return UI_BAD_INPUT;
    d->run = run_new(&d->base, &d->knobs, err);
    return d->run ? UI_OK : UI_INTERNAL;
}

bool ui_doc_reload(ui_doc *d)
{
    sl_err err = {0};
    scn base;
    memset(&base, 0, sizeof base);
    if (!read_base(d->args, &base, &err)) {
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
    adopt(d, r);
    d->error_on = false;
    return true;
}

bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err)
{
    ui_run *r = run_new(&d->base, k, err);
    if (!r)
        return false;
    d->knobs = *k;
    adopt(d, r);
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

void ui_doc_free(ui_doc *d)
{
    run_free(d->run);
    scn_free(&d->base);
    memset(d, 0, sizeof *d);
}
