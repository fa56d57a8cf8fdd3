/* test_prop.c — properties over random valid scenarios (a third of the requests hold a semaphore):
 * every model finishes within the default budget, the same scenario gives the same trace byte for
 * byte, every request completes or fails, no request beats its own critical path, and
 * `--set KEY=VALUE` equals writing it in the file.
 * SCHEDLAB_PROP_N examples (default 300), from seed SCHEDLAB_PROP_SEED (default 1); a failure
 * prints the scenario and the seed to replay it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scn.h"
#include "sim.h"
#include "test_util.h"

#define US INT64_C(1000)
#define MAXREQ 16

static uint32_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005u + 1442695040888963407u;
    return (uint32_t)(*s >> 33);
}

/* One generated example: the file with every setting written in it, the same without them plus
 * the settings as --set arguments, and what each request must at least take (constant costs). */
typedef struct {
    char file[12288], base[8192];
    char sets[16][64];
    int nsets;
    int64_t path[MAXREQ];    /* per request statement: arrival excluded, its steps end to end */
    int nreq;
    uint64_t instances;
    int64_t scale;           /* latency scale=K */
} example;

static void add_setting(example *e, size_t *n, const char *stmt, const char *set)
{
    *n += (size_t)snprintf(e->file + *n, sizeof e->file - *n, "%s\n", stmt);
    snprintf(e->sets[e->nsets++], sizeof e->sets[0], "%s", set);
}

static void gen_settings(example *e, uint64_t *rs, size_t *n)
{
    static const char *const models[] = {"sequential", "processes", "threads", "coroutines"};
    char a[96], b[64];
    const char *m = models[next(rs) % 4];
    snprintf(a, sizeof a, "model %s", m), snprintf(b, sizeof b, "model=%s", m), add_setting(e, n, a, b);
    unsigned cores = 1 + next(rs) % 4;
    snprintf(a, sizeof a, "cores %u", cores), snprintf(b, sizeof b, "cores=%u", cores), add_setting(e, n, a, b);
    unsigned ts = 50 + next(rs) % 5000;
    snprintf(a, sizeof a, "timeslice %uus", ts), snprintf(b, sizeof b, "timeslice=%uus", ts), add_setting(e, n, a, b);
    unsigned sw = next(rs) % 200;
    snprintf(a, sizeof a, "switch thread=%uus", sw), snprintf(b, sizeof b, "switch.thread=%uus", sw);
    add_setting(e, n, a, b);
    unsigned sp = next(rs) % 300;
    snprintf(a, sizeof a, "spawn process=%uus", sp), snprintf(b, sizeof b, "spawn.process=%uus", sp);
    add_setting(e, n, a, b);
    const char *gil = next(rs) % 2 ? "on" : "off";
    snprintf(a, sizeof a, "gil %s", gil), snprintf(b, sizeof b, "gil=%s", gil), add_setting(e, n, a, b);
    unsigned si = 1 + next(rs) % 300;   /* down to 1 us: shorter than a switch, once a livelock */
    snprintf(a, sizeof a, "switchinterval %uus", si), snprintf(b, sizeof b, "switchinterval=%uus", si);
    add_setting(e, n, a, b);
    unsigned w = next(rs) % 3 ? 0 : 1 + next(rs) % 4;
    snprintf(a, sizeof a, "workers %u", w), snprintf(b, sizeof b, "workers=%u", w), add_setting(e, n, a, b);
    unsigned budget = next(rs) % 4 ? 1024 : 1 + next(rs) % 40;   /* MiB: sometimes requests fail */
    snprintf(a, sizeof a, "memory budget=%uMiB", budget), snprintf(b, sizeof b, "memory.budget=%uMiB", budget);
    add_setting(e, n, a, b);
    unsigned scale = 1 + next(rs) % 3;
    e->scale = scale;
    snprintf(a, sizeof a, "latency scale=%u", scale), snprintf(b, sizeof b, "latency.scale=%u", scale);
    add_setting(e, n, a, b);
}

/* A request statement with constant steps; returns its critical path (latency scaled). */
static int64_t gen_request(char *out, size_t len, size_t *n, uint64_t *rs, int q, int64_t scale, uint64_t *count)
{
    int64_t path = 0;
    *count = next(rs) % 3 ? 1 : 2 + next(rs) % 20;
    if (*count > 1)
        *n += (size_t)snprintf(out + *n, len - *n, "repeat %llu every=%uus ", (unsigned long long)*count,
                               1 + next(rs) % 500);
    *n += (size_t)snprintf(out + *n, len - *n, "request r%d at=%uus :", q, next(rs) % 2000);
    /* a third of the requests hold the semaphore S around their steps (`async with S:` / `with S:`):
     * one resource per body, always released, so no deadlock can form and every request ends */
    bool guarded = next(rs) % 3 == 0;
    if (guarded)
        *n += (size_t)snprintf(out + *n, len - *n, " acquire S ;");
    int steps = 1 + (int)(next(rs) % 5);
    for (int k = 0; k < steps; k++) {
        unsigned d = next(rs) % 2000, l = next(rs) % 800;
        const char *sep = k ? " ;" : "";
        static const char *const kinds[] = {"cpu", "io", "block"};
        unsigned kind = next(rs) % 4;
        if (kind < 3) {
            *n += (size_t)snprintf(out + *n, len - *n, "%s %s %uus", sep, kinds[kind], d);
            path += d * US;
        } else {
            *n += (size_t)snprintf(out + *n, len - *n, "%s call s%u latency=%uus serve=%uus", sep,
                                   1 + next(rs) % 2, l, d);
            path += 2 * (int64_t)l * US * scale + d * US;
        }
    }
    *n += (size_t)snprintf(out + *n, len - *n, guarded ? " ; release S\n" : "\n");
    return path;
}

static void gen(example *e, uint64_t *rs)
{
    memset(e, 0, sizeof *e);
    size_t n = 0;
    gen_settings(e, rs, &n);
    size_t head = (size_t)snprintf(e->base, sizeof e->base, "server s1 cores=%u\nserver s2\nsemaphore S %u\n",
                                   1 + next(rs) % 3, 1 + next(rs) % 3);
    e->nreq = 1 + (int)(next(rs) % MAXREQ);
    for (int q = 0; q < e->nreq; q++) {
        uint64_t count;
        e->path[q] = gen_request(e->base, sizeof e->base, &head, rs, q, e->scale, &count);
        e->instances += count;
    }
    snprintf(e->file + n, sizeof e->file - n, "%s", e->base);
}

typedef struct {
    scn s;
    trc t;
    sim_metrics m;
} run_t;

static void run_text(run_t *r, const char *text, const example *e, bool with_sets, uint64_t seed)
{
    sl_err err = {0};
    memset(r, 0, sizeof *r);
    if (!scn_parse("p.scn", text, strlen(text), &r->s, &err))
        fail_msg("seed %llu: parse: %s\n%s", (unsigned long long)seed, err.msg, text);
    for (int i = 0; with_sets && i < e->nsets; i++)
        if (!scn_set(&r->s, e->sets[i], &err))
            fail_msg("seed %llu: --set %s: %s", (unsigned long long)seed, e->sets[i], err.msg);
    const sim_opts o = {.record_trace = true};   /* the default budget: every model must finish */
    if (!sim_run(&r->s, &o, &r->t, &r->m, &err))
        fail_msg("seed %llu: did not finish: %s\n%s", (unsigned long long)seed, err.msg, text);
}

static void run_free(run_t *r)
{
    trc_free(&r->t);
    scn_free(&r->s);
}

/* No completed request ends before its arrival plus its own steps end to end. */
static void check_critical_paths(const run_t *r, const example *e, uint64_t seed)
{
    int64_t latest = 0;
    for (size_t i = 0; i < r->t.nreqs; i++) {
        const trc_req *q = &r->t.reqs[i];
        if (q->flags != TRC_REQ_DONE)
            continue;
        if (q->end - q->arrival < e->path[q->tmpl])
            fail_msg("seed %llu: request %zu took %lld ns, its steps alone %lld\n%s", (unsigned long long)seed, i,
                     (long long)(q->end - q->arrival), (long long)e->path[q->tmpl], e->file);
        latest = q->arrival + e->path[q->tmpl] > latest ? q->arrival + e->path[q->tmpl] : latest;
    }
    assert_true(r->m.makespan_ns >= latest);
    if (r->m.failed == 0) {   /* all the CPU was done: the cores cannot have done it faster */
        assert_true(r->m.makespan_ns * (int64_t)r->m.cores >= r->m.cpu_useful_ns);
        if (r->s.cfg.model == SCN_THREADS && r->s.cfg.gil)
            assert_true(r->m.makespan_ns >= r->m.cpu_useful_ns);   /* one thread computes at a time */
    }
}

static void check_example(const example *e, uint64_t seed)
{
    run_t a, b, c;
    run_text(&a, e->file, e, false, seed);
    run_text(&b, e->file, e, false, seed);
    run_text(&c, e->base, e, true, seed);
    if (!tu_same_trace(&a.t, &b.t) || memcmp(&a.m, &b.m, sizeof a.m) != 0)
        fail_msg("seed %llu: two runs differ\n%s", (unsigned long long)seed, e->file);
    if (!tu_same_trace(&a.t, &c.t) || memcmp(&a.m, &c.m, sizeof a.m) != 0)
        fail_msg("seed %llu: --set differs from the file\n%s", (unsigned long long)seed, e->file);
    if (a.m.requests != e->instances || a.m.completed + a.m.failed != a.m.requests)
        fail_msg("seed %llu: %llu requests, %llu completed + %llu failed\n%s", (unsigned long long)seed,
                 (unsigned long long)a.m.requests, (unsigned long long)a.m.completed,
                 (unsigned long long)a.m.failed, e->file);
    check_critical_paths(&a, e, seed);
    run_free(&a);
    run_free(&b);
    run_free(&c);
}

static uint64_t env_u64(const char *name, uint64_t dflt)
{
    const char *v = getenv(name);
    return v && *v ? strtoull(v, NULL, 10) : dflt;
}

static void test_random_scenarios_keep_their_properties(void **state)
{
    (void)state;
    uint64_t n = env_u64("SCHEDLAB_PROP_N", 300), seed0 = env_u64("SCHEDLAB_PROP_SEED", 1);
    for (uint64_t i = 0; i < n; i++) {
        uint64_t seed = seed0 + i, rs = seed;
        example e;
        gen(&e, &rs);
        check_example(&e, seed);
    }
}

/* The generator covers what the properties speak of: each model, failures, repeats. */
static void test_the_generator_covers_every_model_and_failures(void **state)
{
    (void)state;
    int models[SCN_MODEL_COUNT] = {0}, failing = 0;
    for (uint64_t seed = 1; seed <= 200; seed++) {
        uint64_t rs = seed;
        example e;
        gen(&e, &rs);
        run_t a;
        run_text(&a, e.file, &e, false, seed);
        models[a.s.cfg.model]++;
        failing += a.m.failed > 0;
        run_free(&a);
    }
    for (int m = 0; m < SCN_MODEL_COUNT; m++)
        assert_true(models[m] > 20);
    assert_true(failing > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_scenarios_keep_their_properties),
        cmocka_unit_test(test_the_generator_covers_every_model_and_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
