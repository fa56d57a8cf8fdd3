/* swp.c — running the sweep in parallel and reporting it. */
#include "swp.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct {
    const scn *s;
    swp_result *r;
    const atomic_int *cancel;   /* NULL, or the caller's flag: non-zero stops every worker */
    atomic_size_t next, done;
    atomic_uint live;           /* workers still running: what run_threads waits for */
    atomic_bool failed;
    pthread_mutex_t lock;   /* guards err */
    sl_err *err;
} swp_job;

/* Simulates point i on a private copy of the scenario. */
static bool run_point(swp_job *J, size_t i, sl_err *err)
{
    swp_result *r = J->r;
    swp_point *p = &r->pts[i];
    p->model = r->models[i / r->ncounts];
    p->count = r->counts[i % r->ncounts];
    scn s;
    char kv[64];
    snprintf(kv, sizeof kv, "repeat=%u", p->count);
    if (!scn_copy(&s, J->s, err))
        return false;
    s.cfg.model = p->model;
    sim_opts o = {.record_trace = false, .cancel = J->cancel};
    bool ok = scn_set(&s, kv, err) && sim_run(&s, &o, NULL, &p->m, err);
    scn_free(&s);
    return ok;
}

static bool cancelled(const swp_job *J)
{
    return J->cancel && atomic_load(J->cancel);
}

/* The first failure's message wins; later ones (often "cancelled" as the others stop) are dropped. */
static void record_failure(swp_job *J, const char *msg)
{
    pthread_mutex_lock(&J->lock);
    if (!atomic_exchange(&J->failed, true))
        sl_fail(J->err, "%s", msg);
    pthread_mutex_unlock(&J->lock);
}

/* Takes points until none is left, a point failed or the caller cancelled. A worker leaving early
 * skips the points it would have taken: run_threads waits for the workers (live), not for points. */
static void *worker(void *arg)
{
    swp_job *J = arg;
    size_t total = J->r->ncounts * (size_t)J->r->nmodels;
    for (;;) {
        if (cancelled(J)) {
            record_failure(J, "cancelled");
            break;
        }
        size_t i = atomic_fetch_add(&J->next, 1);
        if (i >= total || atomic_load(&J->failed))
            break;
        sl_err err = {0};
        if (!run_point(J, i, &err))
            record_failure(J, err.set ? err.msg : "schedlab: error: a sweep point failed");
        atomic_fetch_add(&J->done, 1);
    }
    atomic_fetch_sub(&J->live, 1);
    return NULL;
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

#define SWP_POLL_MS 20         /* how soon the end of the last worker is seen */
#define SWP_PROGRESS_POLLS 10  /* progress reported every this many polls (200 ms) */

/* Starts the workers, reports progress until every worker has left, joins them. */
static void run_threads(swp_job *J, unsigned threads, swp_progress cb, void *ctx)
{
    size_t total = J->r->ncounts * (size_t)J->r->nmodels;
    pthread_t tid[64];
    unsigned n = 0;
    while (n < threads && n < 64 && n < total) {
        atomic_fetch_add(&J->live, 1);
        if (pthread_create(&tid[n], NULL, worker, J) != 0) {
            atomic_fetch_sub(&J->live, 1);
            break;
        }
        n++;
    }
    if (n == 0) {
        atomic_store(&J->live, 1);
        worker(J);   /* no thread could start: do the work here */
    }
    for (unsigned polls = 0; atomic_load(&J->live) > 0; polls++) {
        if (cb && polls % SWP_PROGRESS_POLLS == 0)
            cb(ctx, atomic_load(&J->done), total);
        sleep_ms(SWP_POLL_MS);
    }
    for (unsigned k = 0; k < n; k++)
        pthread_join(tid[k], NULL);
    if (cb)
        cb(ctx, total, total);
}

void swp_find_limits(swp_result *r)
{
    for (int mi = 0; mi < r->nmodels; mi++) {
        r->fail_at[mi] = r->collapse_at[mi] = -1;
        bool rose = false;
        for (size_t ci = 0; ci < r->ncounts; ci++) {
            const swp_point *p = swp_at(r, mi, ci);
            if (r->fail_at[mi] < 0 && p->m.failed > 0)
                r->fail_at[mi] = (int32_t)ci;
            if (ci == 0 || r->collapse_at[mi] >= 0 || r->fail_at[mi] >= 0)
                continue;   /* what comes after a failure is the failure's, not a collapse */
            double before = swp_at(r, mi, ci - 1)->m.throughput_per_s, now = p->m.throughput_per_s;
            if (now > before * SWP_RISE)
                rose = true;
            else if (rose)
                r->collapse_at[mi] = (int32_t)ci;
        }
    }
}

static bool has_repeat(const scn *s)
{
    for (size_t i = 0; i < s->nreqs; i++)
        if (s->reqs[i].repeated)
            return true;
    return false;
}

bool swp_run(const scn *s, const uint32_t *counts, size_t ncounts, const uint8_t *models, int nmodels,
             unsigned threads, const atomic_int *cancel, swp_progress cb, void *ctx, swp_result *out, sl_err *err)
{
    memset(out, 0, sizeof *out);
    if (!has_repeat(s))
        return sl_fail(err, "%s: error: a sweep needs a 'repeat N ...' statement (its count is what varies)",
                       s->path ? s->path : "<scenario>");
    if (ncounts == 0 || ncounts > SWP_MAX_COUNTS || nmodels <= 0 || nmodels > SCN_MODEL_COUNT)
        return sl_fail(err, "schedlab: error: a sweep needs 1 to %d counts and 1 to %d models", SWP_MAX_COUNTS,
                       SCN_MODEL_COUNT);
    memcpy(out->counts, counts, ncounts * sizeof *counts);
    out->mem_budget = s->cfg.mem_budget;
    memcpy(out->models, models, (size_t)nmodels);
    out->ncounts = ncounts;
    out->nmodels = nmodels;
    out->pts = calloc(ncounts * (size_t)nmodels, sizeof *out->pts);
    if (!out->pts)
        return sl_fail(err, "schedlab: error: out of memory");
    if (threads == 0) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        threads = cpus > 0 ? (unsigned)cpus : 1;
    }
    swp_job J = {.s = s, .r = out, .cancel = cancel, .err = err};
    atomic_init(&J.next, 0);
    atomic_init(&J.done, 0);
    atomic_init(&J.live, 0);
    atomic_init(&J.failed, false);
    pthread_mutex_init(&J.lock, NULL);
    run_threads(&J, threads, cb, ctx);
    pthread_mutex_destroy(&J.lock);
    if (atomic_load(&J.failed)) {
        swp_free(out);
        return false;
    }
    swp_find_limits(out);
    return true;
}

void swp_free(swp_result *r)
{
    free(r->pts);
    memset(r, 0, sizeof *r);
}

double swp_efficiency(const swp_result *r, int mi, size_t ci)
{
    const swp_point *base = swp_at(r, mi, 0), *p = swp_at(r, mi, ci);
    double per0 = base->m.throughput_per_s / (double)base->count;
    if (!(per0 > 0))
        return 0;
    return p->m.throughput_per_s / (double)p->count / per0;
}

double swp_overhead_share(const sim_metrics *m)
{
    return m->cpu_busy_ns > 0 ? (double)m->cpu_overhead_ns / (double)m->cpu_busy_ns : 0;
}

bool swp_parse_counts(const char *arg, uint32_t *counts, size_t *n, sl_err *err)
{
    *n = 0;
    const char *p = arg;
    for (;;) {
        char *end;
        errno = 0;
        unsigned long long v = strtoull(p, &end, 10);
        if (end == p || errno || v < 1 || v > SCN_MAX_REQUESTS || (*end && *end != ','))
            return sl_fail(err, "--counts %s: error: expected counts from 1 to %u separated by commas, got '%.*s'",
                           arg, SCN_MAX_REQUESTS, (int)strcspn(p, ","), p);
        if (*n == SWP_MAX_COUNTS)
            return sl_fail(err, "--counts %s: error: too many counts (limit is %d)", arg, SWP_MAX_COUNTS);
        if (*n && v <= counts[*n - 1])
            return sl_fail(err, "--counts %s: error: expected increasing counts, got %llu after %u", arg, v,
                           counts[*n - 1]);
        counts[(*n)++] = (uint32_t)v;
        if (!*end)
            return true;
        p = end + 1;
    }
}

bool swp_parse_models(const char *arg, uint8_t *models, int *n, sl_err *err)
{
    bool want[SCN_MODEL_COUNT] = {false};
    if (strcmp(arg, "all") == 0) {
        for (int m = 0; m < SCN_MODEL_COUNT; m++)
            want[m] = true;
    } else {
        for (const char *p = arg; *p;) {
            size_t len = strcspn(p, ",");
            char name[32];
            snprintf(name, sizeof name, "%.*s", (int)(len < 31 ? len : 31), p);
            scn_model m;
            if (!scn_model_from_name(name, &m))
                return sl_fail(err, "--models %s: error: expected all or models among sequential, processes, "
                                    "threads, coroutines, got '%s'", arg, name);
            want[m] = true;
            p += len + (p[len] == ',');
        }
    }
    *n = 0;
    for (int m = 0; m < SCN_MODEL_COUNT; m++)
        if (want[m])
            models[(*n)++] = (uint8_t)m;
    return *n > 0 || sl_fail(err, "--models %s: error: expected at least one model", arg);
}

static void table_row(const swp_result *r, int mi, size_t ci, FILE *f)
{
    const swp_point *p = swp_at(r, mi, ci);
    char mk[32], mean[32], p99[32], mem[32];
    const char *note = (int32_t)ci == r->fail_at[mi] ? "  <- starts failing (memory budget)"
                     : (int32_t)ci == r->collapse_at[mi] ? "  <- collapses (throughput stopped rising)" : "";
    fprintf(f, "%-11s %9u %10s %12.1f %10s %10s %10s %9llu %8.1f%% %8.0f%%%s\n", scn_model_name((scn_model)p->model),
            p->count, sl_fmt_dur(p->m.makespan_ns, mk, sizeof mk), p->m.throughput_per_s,
            sl_fmt_dur(p->m.lat_mean_ns, mean, sizeof mean), sl_fmt_dur(p->m.lat_p99_ns, p99, sizeof p99),
            sl_fmt_size(p->m.peak_memory_bytes, mem, sizeof mem), (unsigned long long)p->m.failed,
            100.0 * swp_overhead_share(&p->m), 100.0 * swp_efficiency(r, mi, ci), note);
}

void swp_print_table(const swp_result *r, FILE *f)
{
    fprintf(f, "%-11s %9s %10s %12s %10s %10s %10s %9s %9s %9s\n", "model", "count", "makespan", "throughput/s",
            "lat mean", "lat p99", "peak mem", "failed", "overhead", "efficiency");
    for (int mi = 0; mi < r->nmodels; mi++)
        for (size_t ci = 0; ci < r->ncounts; ci++)
            table_row(r, mi, ci, f);
}

void swp_print_json(const swp_result *r, FILE *f)
{
    fputs("[\n", f);
    size_t total = r->ncounts * (size_t)r->nmodels;
    for (size_t i = 0; i < total; i++) {
        const swp_point *p = &r->pts[i];
        fprintf(f, "  {\"count\": %u, ", p->count);
        sim_print_json_fields(&p->m, f);
        fprintf(f, ", \"overhead_share\": %.6g}%s\n", swp_overhead_share(&p->m), i + 1 < total ? "," : "");
    }
    fputs("]\n", f);
}
