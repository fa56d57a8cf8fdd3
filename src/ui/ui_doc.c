/* ui_doc.c — the document behind the window: the scenario as read (file + command-line sets), the
 * knobs the keys turned, the last good run with its course view, and the comparison of every
 * model. Reading a file and applying knobs happen here on the main thread (fast, bounded by the
 * file's size); every simulation is a job that ui_work.c runs on a worker thread, adopted here
 * when it is done and still the newest asked for. A failed reload, switch or run never replaces
 * what shows. */
#include "ui_int.h"

#include <stdarg.h>
#include <stdatomic.h>
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

/* Simulates s (taken: *s is emptied) and lays it out. Worker thread. */
static ui_run *run_new(scn *s, const atomic_int *cancel, sl_err *err)
{
    const sim_opts opts = {.record_trace = true, .max_segments = 0, .cancel = cancel};
    ui_run *r = calloc(1, sizeof *r);
    if (!r) {
        scn_free(s);
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    r->s = *s;
    memset(s, 0, sizeof *s);
    trc_init(&r->t);
    if (!sim_run(&r->s, &opts, &r->t, &r->m, err) || !lay_init(&r->lay, &r->t, err)) {
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

/* Every model on s (base + knobs, the model knob aside), as `render --view compare` runs them.
 * Worker thread. */
static bool cmp_build(ui_cmp *c, scn *s, const atomic_int *cancel, sl_err *err)
{
    const sim_opts opts = {.record_trace = true, .max_segments = 0, .cancel = cancel};
    bool ok = true;
    while (ok && c->n < SCN_MODEL_COUNT) {
        s->cfg.model = (uint8_t)c->n;
        trc_init(&c->t[c->n]);
        ok = sim_run(s, &opts, &c->t[c->n], &c->m[c->n], err);
        c->n++;   /* counted either way: cmp_free frees what a failed run recorded */
    }
    if (!ok)
        return false;
    lay_compare_run runs[SCN_MODEL_COUNT];
    for (int i = 0; i < c->n; i++)
        runs[i] = (lay_compare_run){&c->t[i], &c->m[i], (scn_model)i, NULL};
    return c->lc_ready = lay_compare_init(&c->lc, runs, c->n, err);
}

void ui_job_run(ui_job *j)
{
    if (j->kind != UI_JOB_COMPARE) {
        j->run = run_new(&j->input, &j->cancel, &j->err);
        j->ok = j->run != NULL;
        return;
    }
    if (!(j->cmp = calloc(1, sizeof *j->cmp))) {
        j->ok = sl_fail(&j->err, "schedlab: error: out of memory");
        return;
    }
    j->ok = cmp_build(j->cmp, &j->input, &j->cancel, &j->err);
    if (!j->ok) {
        cmp_free(j->cmp);
        j->cmp = NULL;
    }
}

void ui_job_free(ui_job *j)
{
    if (!j)
        return;
    scn_free(&j->input);
    scn_free(&j->base);
    free(j->path);
    run_free(j->run);
    cmp_free(j->cmp);
    free(j);
}

/* A run job on base + k: base copied (or taken when own_base: *base is emptied), the knobs applied
 * here so that a wrong value answers at once. NULL with a message in err. */
static ui_job *job_new(ui_job_kind kind, scn *base, bool own_base, const ui_knobs *k, sl_err *err)
{
    ui_job *j = calloc(1, sizeof *j);
    if (!j) {
        sl_fail(err, "schedlab: error: out of memory");
        return NULL;
    }
    j->kind = kind;
    j->knobs = *k;
    atomic_init(&j->cancel, 0);
    if (own_base) {
        j->base = *base;
        memset(base, 0, sizeof *base);
    }
    if (!scn_copy(&j->input, own_base ? &j->base : base, err) || !apply_knobs(&j->input, k, err)) {
        ui_job_free(j);
        return NULL;
    }
    j->cfg = j->input.cfg;
    j->repeat = 0;
    for (size_t i = 0; i < j->input.nreqs && !j->repeat; i++)
        if (j->input.reqs[i].repeated)
            j->repeat = j->input.reqs[i].count;
    return j;
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
    d->cmp_failed_gen = UINT64_MAX;
    if (a->file && !(d->path = sl_strndup(a->file, strlen(a->file))))
        return sl_fail(err, "schedlab: error: out of memory"), UI_INTERNAL;
    if (!read_base(d, &d->base, err))
        return UI_BAD_INPUT;
    ui_job *j = job_new(UI_JOB_OPEN, &d->base, false, &d->knobs, err);
    if (!j)
        return UI_BAD_INPUT;   /* only a knob could fail here, and there are none yet: a --set */
    d->first = j;
    return UI_OK;
}

void ui_doc_start(ui_doc *d, uint32_t event)
{
    d->work.event = event;
    ui_job *j = d->first;
    d->first = NULL;
    if (j)
        ui_work_submit(&d->work, j);
}

bool ui_doc_switch(ui_doc *d, const char *path, sl_err *err)
{
    ui_doc nd = {.args = d->args, .sets_on = false};
    const ui_knobs none = {0};
    if (!(nd.path = sl_strndup(path, strlen(path))))
        return sl_fail(err, "schedlab: error: out of memory");
    if (!read_base(&nd, &nd.base, err)) {
        free(nd.path);
        return false;
    }
    ui_job *j = job_new(UI_JOB_SWITCH, &nd.base, true, &none, err);
    if (!j) {
        free(nd.path);
        scn_free(&nd.base);
        return false;
    }
    j->path = nd.path;
    ui_work_submit(&d->work, j);
    return true;
}

/* The knobs the newest run asked for was made with (the adopted ones when none is on its way). */
static const ui_job *newest_run_job(const ui_doc *d)
{
    const ui_job *j = ui_work_latest(&d->work);
    return j && j->kind != UI_JOB_COMPARE ? j : NULL;
}

ui_knobs ui_doc_knobs(const ui_doc *d)
{
    const ui_job *j = newest_run_job(d);
    return j ? j->knobs : d->knobs;
}

const scn_config *ui_doc_cfg(const ui_doc *d)
{
    const ui_job *j = newest_run_job(d);
    return j ? &j->cfg : d->run ? &d->run->s.cfg : &d->base.cfg;
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
    ui_knobs k = ui_doc_knobs(d);
    ui_job *j = job_new(UI_JOB_RELOAD, &base, true, &k, &err);
    if (!j) {
        scn_free(&base);
        keep_error(d, &err);
        return false;
    }
    ui_work_submit(&d->work, j);
    return true;
}

bool ui_doc_apply(ui_doc *d, const ui_knobs *k, sl_err *err)
{
    ui_job *j = job_new(UI_JOB_APPLY, &d->base, false, k, err);
    if (!j)
        return false;
    ui_work_submit(&d->work, j);
    return true;
}

bool ui_doc_busy(const ui_doc *d)
{
    return ui_work_busy(&d->work);
}

void ui_doc_cancel(ui_doc *d)
{
    ui_work_cancel(&d->work);
}

/* The finished job j replaces what it was computed for. */
static void adopt_job(ui_doc *d, ui_job *j)
{
    switch (j->kind) {
    case UI_JOB_OPEN: adopt(d, j->run, false); break;
    case UI_JOB_RELOAD:
        scn_free(&d->base);
        d->base = j->base;
        memset(&j->base, 0, sizeof j->base);
        d->knobs = j->knobs;
        adopt(d, j->run, true);
        d->error_on = false;
        break;
    case UI_JOB_SWITCH:
        free(d->path);
        scn_free(&d->base);
        d->path = j->path;
        j->path = NULL;
        d->base = j->base;
        memset(&j->base, 0, sizeof j->base);
        d->sets_on = false;
        d->knobs = j->knobs;
        adopt(d, j->run, false);
        d->error_on = false;
        break;
    case UI_JOB_APPLY:
        d->knobs = j->knobs;
        adopt(d, j->run, true);
        break;
    case UI_JOB_COMPARE:
        cmp_free(d->cmp);
        d->cmp = j->cmp;
        j->cmp = NULL;
        return;
    }
    j->run = NULL;
}

bool ui_doc_event(ui_doc *d, const SDL_Event *e, ui_doc_done *out)
{
    ui_job *j = ui_work_done(&d->work, e);
    if (!j)
        return false;
    memset(out, 0, sizeof *out);
    out->kind = j->kind;
    out->ok = j->ok;
    out->cancelled = !j->ok && atomic_load(&j->cancel);
    snprintf(out->msg, sizeof out->msg, "%s", j->err.set ? j->err.msg : "schedlab: error: the simulation failed");
    if (j->ok)
        adopt_job(d, j);
    else if (j->kind == UI_JOB_COMPARE && !out->cancelled) {
        d->cmp_failed_gen = d->gen;
        snprintf(d->cmp_error, sizeof d->cmp_error, "%s", out->msg);
    }
    else if (!out->cancelled && (j->kind == UI_JOB_RELOAD || j->kind == UI_JOB_OPEN))
        keep_error(d, &j->err);
    ui_job_free(j);
    return true;
}

uint32_t ui_doc_repeat(const ui_doc *d)
{
    const ui_job *j = newest_run_job(d);
    if (j)
        return j->repeat;
    const scn *s = d->run ? &d->run->s : &d->base;
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

lay_compare *ui_doc_compare(ui_doc *d, sl_err *err)
{
    if (d->cmp)
        return &d->cmp->lc;
    if (d->cmp_failed_gen == d->gen) {
        sl_fail(err, "%s", d->cmp_error);
        return NULL;
    }
    if (!d->run || ui_work_busy(&d->work))
        return NULL;
    ui_knobs k = d->knobs;
    k.model_on = false;
    ui_job *j = job_new(UI_JOB_COMPARE, &d->base, false, &k, err);
    if (!j) {
        d->cmp_failed_gen = d->gen;
        snprintf(d->cmp_error, sizeof d->cmp_error, "%s", err->msg);
        return NULL;
    }
    ui_work_submit(&d->work, j);
    return NULL;
}

void ui_doc_free(ui_doc *d)
{
    ui_work_stop(&d->work);
    ui_job_free(d->first);
    run_free(d->run);
    cmp_free(d->cmp);
    scn_free(&d->base);
    free(d->path);
    memset(d, 0, sizeof *d);
}
