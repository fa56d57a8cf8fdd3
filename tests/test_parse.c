/* test_parse.c — the scenario language: what each statement parses to, the exact text of every
 * family of error, --set overrides, profiles, copy and release. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "scn.h"

#define US SL_NS_PER_US
#define MS SL_NS_PER_MS
#define KIB INT64_C(1024)
#define MIB (KIB * 1024)
#define GIB (MIB * 1024)

/* The example of the language reference, verbatim. */
static const char full_text[] =
    "title \"Deux pages, deux threads\"\n"
    "model threads                  # sequential | processes | threads | coroutines\n"
    "cores 1\n"
    "timeslice 4ms\n"
    "switch process=20us thread=5us coroutine=1us\n"
    "spawn process=300us thread=30us coroutine=2us\n"
    "memory budget=8GiB process=10MiB thread=64KiB coroutine=2KiB connection=3KiB\n"
    "gil off                        # on | off\n"
    "switchinterval 5ms\n"
    "workers 4                      # optional pool size\n"
    "seed 1\n"
    "client robot\n"
    "server www.foo.com cores=1\n"
    "server www.bar.com\n"
    "request foo color=#b46ae0 : cpu 3ms \"d\xc3\xa9" "but\" ; call www.foo.com latency=4ms serve=3ms ; cpu 3ms \"fin\"\n"
    "request bar at=1ms : cpu 3ms ; io 2ms ; block 1ms ; call www.bar.com latency=4ms serve=3ms ; cpu 3ms\n"
    "repeat 1000 every=1ms request page : cpu 1ms ; call www.foo.com latency=exp(50ms) serve=uniform(1ms,3ms) ; cpu 2ms\n";

/* Parses text (which must be valid) into *s, failing the test with the message otherwise. */
static void parse_ok(const char *text, size_t len, scn *s)
{
    sl_err err = {0};
    bool ok = scn_parse("t.scn", text, len, s, &err);
    if (!ok)
        fail_msg("unexpected error: %s", err.msg);
    assert_false(err.set);
}

static void parse_str_ok(const char *text, scn *s) { parse_ok(text, strlen(text), s); }

/* The message of parsing text (which must be invalid). */
static void parse_err(const char *text, size_t len, sl_err *err)
{
    scn s;
    memset(err, 0, sizeof *err);
    bool ok = scn_parse("t.scn", text, len, &s, err);
    if (ok) {
        scn_free(&s);
        fail_msg("parsed, but an error was expected for:\n%.*s", (int)(len < 200 ? len : 200), text);
    }
    assert_true(err->set);
    assert_null(s.reqs);   /* a failed parse leaves *out empty */
    assert_null(s.strings);
}

static const scn_request *find_req(const scn *s, const char *name)
{
    for (size_t i = 0; i < s->nreqs; i++)
        if (strcmp(scn_str(s, s->reqs[i].name), name) == 0)
            return &s->reqs[i];
    fail_msg("no request named %s", name);
    return NULL;
}

static const scn_step *step_of(const scn *s, const scn_request *r, uint32_t i)
{
    assert_true(i < r->nsteps);
    return &s->steps[r->first_step + i];
}

static void check_dist(scn_dist d, int kind, int64_t a, int64_t b)
{
    assert_int_equal(d.kind, kind);
    assert_int_equal(d.a, a);
    assert_int_equal(d.b, b);
}

/* ---------------------------------------------------------------- the full example */

static void test_full_example_config_fields(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(full_text, &s);
    const scn_config *c = &s.cfg;
    assert_string_equal(scn_str(&s, c->title), "Deux pages, deux threads");
    assert_int_equal(c->model, SCN_THREADS);
    assert_int_equal(c->profile, SCN_PROFILE_PYTHON);
    assert_int_equal(c->cores, 1);
    assert_int_equal(c->timeslice, 4 * MS);
    assert_int_equal(c->switch_cost[SCN_PROCESS], 20 * US);
    assert_int_equal(c->switch_cost[SCN_THREAD], 5 * US);
    assert_int_equal(c->switch_cost[SCN_COROUTINE], 1 * US);
    assert_int_equal(c->spawn_cost[SCN_PROCESS], 300 * US);
    assert_int_equal(c->spawn_cost[SCN_THREAD], 30 * US);
    assert_int_equal(c->spawn_cost[SCN_COROUTINE], 2 * US);
    assert_int_equal(c->mem_budget, 8 * GIB);
    assert_int_equal(c->mem_unit[SCN_PROCESS], 10 * MIB);
    assert_int_equal(c->mem_unit[SCN_THREAD], 64 * KIB);
    assert_int_equal(c->mem_unit[SCN_COROUTINE], 2 * KIB);
    assert_int_equal(c->mem_conn, 3 * KIB);
    assert_false(c->gil);   /* explicit `gil off` beats the python profile */
    assert_int_equal(c->switchinterval, 5 * MS);
    assert_int_equal(c->workers, 4);
    assert_int_equal(c->seed, 1);
    assert_true(c->latency_scale == 1.0);
    assert_string_equal(scn_str(&s, c->client), "robot");
    assert_int_equal(c->explicit_set, 0x1fff | SCN_SET_MEM_CONN);   /* every cost, budget, interval, the gil */
    scn_free(&s);
}

static void test_full_example_servers_and_requests(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(full_text, &s);
    assert_int_equal(s.nservers, 2);
    assert_string_equal(scn_str(&s, s.servers[0].name), "www.foo.com");
    assert_int_equal(s.servers[0].cores, 1);
    assert_string_equal(scn_str(&s, s.servers[1].name), "www.bar.com");
    assert_int_equal(s.servers[1].cores, 1);
    assert_int_equal(s.servers[1].line, 14);
    assert_int_equal(s.nreqs, 3);
    assert_int_equal(scn_total_requests(&s), 1002);
    assert_int_equal(s.nnotes, 0);
    scn_free(&s);
}

static void test_full_example_request_foo_colour_labels_call(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(full_text, &s);
    const scn_request *r = find_req(&s, "foo");
    assert_true(r->has_color);
    assert_int_equal(r->color, 0xb46ae0);   /* `color=#b46ae0` is a colour, not a comment */
    assert_int_equal(r->arrival, SCN_ARRIVE_AT);
    assert_int_equal(r->at, 0);
    assert_int_equal(r->count, 1);
    assert_false(r->repeated);
    assert_int_equal(r->line, 15);
    assert_int_equal(r->nsteps, 3);
    const scn_step *st = step_of(&s, r, 0);
    assert_int_equal(st->kind, SCN_STEP_CPU);
    assert_int_equal(st->host, -1);
    check_dist(st->dur, SCN_DIST_CONST, 3 * MS, 0);
    assert_string_equal(scn_str(&s, st->label), "d\xc3\xa9" "but");
    st = step_of(&s, r, 1);
    assert_int_equal(st->kind, SCN_STEP_CALL);
    assert_int_equal(st->host, 0);
    check_dist(st->latency, SCN_DIST_CONST, 4 * MS, 0);
    check_dist(st->dur, SCN_DIST_CONST, 3 * MS, 0);
    assert_int_equal(st->label, -1);
    assert_string_equal(scn_str(&s, st->label), "");
    st = step_of(&s, r, 2);
    assert_string_equal(scn_str(&s, st->label), "fin");
    scn_free(&s);
}

static void test_full_example_request_bar_at_and_step_kinds(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(full_text, &s);
    const scn_request *r = find_req(&s, "bar");
    static const int kinds[] = {SCN_STEP_CPU, SCN_STEP_IO, SCN_STEP_BLOCK, SCN_STEP_CALL, SCN_STEP_CPU};
    static const int64_t durs[] = {3 * MS, 2 * MS, 1 * MS, 3 * MS, 3 * MS};
    assert_false(r->has_color);
    assert_int_equal(r->at, 1 * MS);
    assert_int_equal(r->nsteps, 5);
    for (uint32_t i = 0; i < 5; i++) {
        assert_int_equal(step_of(&s, r, i)->kind, kinds[i]);
        check_dist(step_of(&s, r, i)->dur, SCN_DIST_CONST, durs[i], 0);
        assert_int_equal(step_of(&s, r, i)->host, kinds[i] == SCN_STEP_CALL ? 1 : -1);
    }
    scn_free(&s);
}

static void test_full_example_repeat_every_exp_uniform(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(full_text, &s);
    const scn_request *r = find_req(&s, "page");
    assert_true(r->repeated);
    assert_int_equal(r->count, 1000);
    assert_int_equal(r->arrival, SCN_ARRIVE_EVERY);
    assert_int_equal(r->every, 1 * MS);
    assert_int_equal(r->at, 0);
    const scn_step *call = step_of(&s, r, 1);
    assert_int_equal(call->host, 0);
    check_dist(call->latency, SCN_DIST_EXP, 50 * MS, 0);
    check_dist(call->dur, SCN_DIST_UNIFORM, 1 * MS, 3 * MS);
    check_dist(step_of(&s, r, 2)->dur, SCN_DIST_CONST, 2 * MS, 0);
    scn_free(&s);
}

/* Field-by-field equality of two parsed scenarios (structs have padding: no memcmp). */
static void assert_same_scenario(const scn *a, const scn *b)
{
    assert_int_equal(a->cfg.model, b->cfg.model);
    assert_int_equal(a->cfg.timeslice, b->cfg.timeslice);
    assert_int_equal(a->cfg.mem_budget, b->cfg.mem_budget);
    assert_int_equal(a->cfg.explicit_set, b->cfg.explicit_set);
    assert_string_equal(scn_str(a, a->cfg.title), scn_str(b, b->cfg.title));
    assert_string_equal(scn_str(a, a->cfg.client), scn_str(b, b->cfg.client));
    assert_int_equal(a->nservers, b->nservers);
    assert_int_equal(a->nreqs, b->nreqs);
    assert_int_equal(a->nsteps, b->nsteps);
    for (size_t i = 0; i < a->nreqs; i++) {
        assert_string_equal(scn_str(a, a->reqs[i].name), scn_str(b, b->reqs[i].name));
        assert_int_equal(a->reqs[i].color, b->reqs[i].color);
        assert_int_equal(a->reqs[i].count, b->reqs[i].count);
        assert_int_equal(a->reqs[i].line, b->reqs[i].line);
    }
    for (size_t i = 0; i < a->nsteps; i++) {
        assert_int_equal(a->steps[i].kind, b->steps[i].kind);
        assert_int_equal(a->steps[i].host, b->steps[i].host);
        assert_int_equal(a->steps[i].dur.a, b->steps[i].dur.a);
        assert_int_equal(a->steps[i].dur.b, b->steps[i].dur.b);
        assert_int_equal(a->steps[i].latency.a, b->steps[i].latency.a);
        assert_string_equal(scn_str(a, a->steps[i].label), scn_str(b, b->steps[i].label));
    }
}

static void test_crlf_file_parses_like_lf_file(void **state)
{
    (void)state;
    size_t n = strlen(full_text);
    char *crlf = malloc(2 * n + 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (full_text[i] == '\n')
            crlf[o++] = '\r';
        crlf[o++] = full_text[i];
    }
    scn lf, cr;
    parse_str_ok(full_text, &lf);
    parse_ok(crlf, o, &cr);
    assert_same_scenario(&lf, &cr);
    scn_free(&lf);
    scn_free(&cr);
    free(crlf);
}

/* `lang`: none 0, en 1, fr 2 (lay_lang + 1), in a table of texts. */
static void test_lang_statement(void **state)
{
    (void)state;
    static const struct { const char *text; uint8_t lang; } rows[] = {
        {"client c\nrequest r : cpu 1ms\n", 0},
        {"lang en\nclient c\nrequest r : cpu 1ms\n", 1},
        {"lang fr\nclient c\nrequest r : cpu 1ms\n", 2},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        scn s;
        parse_str_ok(rows[i].text, &s);
        assert_int_equal(s.cfg.lang, rows[i].lang);
        scn_free(&s);
    }
}

static void test_default_text_parses_to_two_requests_two_servers(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(scn_default_text, &s);
    assert_string_equal(scn_str(&s, s.cfg.title), "Deux requ\xc3\xaates, deux serveurs");
    assert_int_equal(s.cfg.model, SCN_THREADS);
    assert_string_equal(scn_str(&s, s.cfg.client), "robot");
    assert_int_equal(s.nservers, 2);
    assert_int_equal(s.nreqs, 2);
    assert_int_equal(find_req(&s, "foo")->color, 0xb46ae0);
    assert_int_equal(find_req(&s, "bar")->color, 0xe8605a);
    assert_int_equal(step_of(&s, find_req(&s, "bar"), 1)->host, 1);
    assert_string_equal(scn_str(&s, step_of(&s, find_req(&s, "bar"), 1)->label), "traitement");
    scn_free(&s);
}

/* ---------------------------------------------------------------- smaller forms */

static void test_requests_only_file_gets_every_default(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("request a : cpu 1ms\n", &s);
    const scn_config *c = &s.cfg;
    assert_int_equal(c->title, -1);
    assert_int_equal(c->model, SCN_SEQUENTIAL);
    assert_int_equal(c->profile, SCN_PROFILE_PYTHON);
    assert_int_equal(c->cores, 1);
    assert_int_equal(c->workers, 0);
    assert_int_equal(c->seed, 1);
    assert_true(c->latency_scale == 1.0);
    assert_string_equal(scn_str(&s, c->client), "client");
    assert_int_equal(c->timeslice, 4 * MS);
    assert_int_equal(c->switchinterval, 5 * MS);
    assert_int_equal(c->mem_budget, 1 * GIB);
    assert_int_equal(c->explicit_set, 0);
    assert_true(c->gil);
    /* python: the medians of five `schedlab calibrate` runs (docs/language.md) */
    assert_int_equal(c->spawn_cost[SCN_PROCESS], 400 * US);
    assert_int_equal(c->spawn_cost[SCN_THREAD], 27 * US);
    assert_int_equal(c->spawn_cost[SCN_COROUTINE], 1600);
    assert_int_equal(c->start_cost[SCN_PROCESS], 2700 * US);
    assert_int_equal(c->start_cost[SCN_THREAD], 1600);
    assert_int_equal(c->start_cost[SCN_COROUTINE], 1300);
    assert_int_equal(c->switch_cost[SCN_PROCESS], 2500);
    assert_int_equal(c->switch_cost[SCN_THREAD], 2 * US);
    assert_int_equal(c->switch_cost[SCN_COROUTINE], 1800);
    assert_int_equal(c->call_cpu[SCN_PROCESS], 19 * US);
    assert_int_equal(c->call_cpu[SCN_THREAD], 22 * US);
    assert_int_equal(c->call_cpu[SCN_COROUTINE], 82 * US);
    assert_int_equal(c->gil_handover, 200 * US);
    assert_int_equal(c->mem_unit[SCN_PROCESS], 1536 * KIB);
    assert_int_equal(c->mem_unit[SCN_THREAD], 13 * KIB);
    assert_int_equal(c->mem_unit[SCN_COROUTINE], 840);
    assert_int_equal(c->mem_conn, 4 * KIB);
    scn_free(&s);
}

static void test_profile_c_sets_its_costs_and_gil_off(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("profile c\nspawn thread=1ms\nrequest a : cpu 1ms\n", &s);
    const scn_config *c = &s.cfg;
    assert_int_equal(c->profile, SCN_PROFILE_C);
    assert_false(c->gil);
    assert_int_equal(c->spawn_cost[SCN_PROCESS], 200 * US);
    assert_int_equal(c->spawn_cost[SCN_THREAD], 1 * MS);   /* explicit wins */
    assert_int_equal(c->spawn_cost[SCN_COROUTINE], 1 * US);
    assert_int_equal(c->switch_cost[SCN_PROCESS], 2500);
    assert_int_equal(c->switch_cost[SCN_THREAD], 2 * US);
    assert_int_equal(c->switch_cost[SCN_COROUTINE], 350);
    assert_int_equal(c->mem_unit[SCN_PROCESS], 120 * KIB);
    assert_int_equal(c->mem_unit[SCN_THREAD], 35 * KIB);
    assert_int_equal(c->mem_unit[SCN_COROUTINE], 16 * KIB);
    assert_int_equal(c->mem_budget, 1 * GIB);
    scn_free(&s);
}

/* One row: a duration written in a file and the nanoseconds it must give. */
static const struct {
    const char *text;
    int64_t ns;
} dur_rows[] = {
    {"1ns", 1}, {"1.5ms", 1500 * US}, {"0.5ns", 1}, {"0.4ns", 0}, {"2.25us", 2250},
    {"1.0000000005s", 1000000001}, {"1000000s", 1000000 * SL_NS_PER_S}, {"0ms", 0},
    {"007us", 7000}, {"0.000001ms", 1},
};

static void test_durations_convert_to_rounded_nanoseconds(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof dur_rows / sizeof dur_rows[0]; i++) {
        char text[128];
        scn s;
        snprintf(text, sizeof text, "request a : cpu %s\n", dur_rows[i].text);
        parse_str_ok(text, &s);
        if (s.steps[0].dur.a != dur_rows[i].ns)
            fail_msg("%s gave %lld ns, expected %lld", dur_rows[i].text, (long long)s.steps[0].dur.a,
                     (long long)dur_rows[i].ns);
        scn_free(&s);
    }
}

static void test_sizes_convert_to_bytes(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("memory budget=1.5GiB process=100B thread=0.5KiB coroutine=1TiB\nrequest a : cpu 1ms\n", &s);
    assert_int_equal(s.cfg.mem_budget, 3 * GIB / 2);
    assert_int_equal(s.cfg.mem_unit[SCN_PROCESS], 100);
    assert_int_equal(s.cfg.mem_unit[SCN_THREAD], 512);
    assert_int_equal(s.cfg.mem_unit[SCN_COROUTINE], 1024 * GIB);
    scn_free(&s);
}

static void test_hash_comment_only_at_word_start(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("# a comment line\n"
                 "   # an indented one\n"
                 "request a color=#00ff00 : cpu 1ms # trailing, with ; and : and \"\n"
                 "request b : cpu 1ms \"#not a comment\"\t# but this is\n",
                 &s);
    assert_int_equal(s.nreqs, 2);
    assert_int_equal(s.reqs[0].color, 0x00ff00);
    assert_int_equal(s.reqs[0].nsteps, 1);
    assert_string_equal(scn_str(&s, s.steps[1].label), "#not a comment");
    scn_free(&s);
}

static void test_repeat_rate_and_simultaneous_arrivals(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("repeat 50 rate=12.5/s request r at=2ms : io 1ms\n"
                 "repeat 7 request q : block exp(3ms) \"x\"\n",
                 &s);
    const scn_request *r = find_req(&s, "r");
    assert_int_equal(r->arrival, SCN_ARRIVE_RATE);
    assert_true(r->rate_per_s == 12.5);
    assert_int_equal(r->count, 50);
    assert_int_equal(r->at, 2 * MS);
    const scn_request *q = find_req(&s, "q");
    assert_int_equal(q->arrival, SCN_ARRIVE_AT);
    assert_int_equal(q->count, 7);
    assert_true(q->repeated);
    check_dist(step_of(&s, q, 0)->dur, SCN_DIST_EXP, 3 * MS, 0);
    assert_int_equal(scn_total_requests(&s), 57);
    scn_free(&s);
}

static void test_string_escapes_and_spacing_around_punctuation(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("title \"say \\\"hi\\\" \\\\ ok\"\n"
                 "server s\n"
                 "request a:cpu 1ms;call s serve = uniform( 1ms , 2ms ) latency=exp (1ms)\"l\";io 1ms\n",
                 &s);
    assert_string_equal(scn_str(&s, s.cfg.title), "say \"hi\" \\ ok");
    assert_int_equal(s.reqs[0].nsteps, 3);
    check_dist(s.steps[1].dur, SCN_DIST_UNIFORM, 1 * MS, 2 * MS);
    check_dist(s.steps[1].latency, SCN_DIST_EXP, 1 * MS, 0);
    assert_string_equal(scn_str(&s, s.steps[1].label), "l");
    scn_free(&s);
}

static void test_notes_latency_scale_and_server_cores(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("note robot at=1ms \"point\"\n"
                 "note srv from=2ms to=5ms \"span\"\n"
                 "note robot to=4ms from=4ms \"empty span\"\n"
                 "latency scale=2.5\n"
                 "server srv cores=1000000\n"
                 "client robot\n"
                 "request a : call srv latency=1ms serve=1ms\n",
                 &s);
    assert_int_equal(s.nnotes, 3);
    assert_int_equal(s.notes[0].host, -1);
    assert_int_equal(s.notes[0].from, 1 * MS);
    assert_int_equal(s.notes[0].to, 1 * MS);
    assert_string_equal(scn_str(&s, s.notes[0].text), "point");
    assert_int_equal(s.notes[1].host, 0);
    assert_int_equal(s.notes[1].from, 2 * MS);
    assert_int_equal(s.notes[1].to, 5 * MS);
    assert_int_equal(s.notes[2].to, 4 * MS);
    assert_true(s.cfg.latency_scale == 2.5);
    assert_int_equal(s.servers[0].cores, 1000000);   /* a server may stand for a farm */
    scn_free(&s);
}

static void test_model_names_round_trip(void **state)
{
    (void)state;
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        scn_model back;
        assert_true(scn_model_from_name(scn_model_name((scn_model)m), &back));
        assert_int_equal(back, m);
    }
    scn_model x;
    assert_false(scn_model_from_name("thread", &x));
    assert_string_equal(scn_profile_name(SCN_PROFILE_PYTHON), "python");
    assert_string_equal(scn_profile_name(SCN_PROFILE_C), "c");
}

/* The example of tasks, pools and repeats, verbatim: what each form parses to. */
static const char tasks_text[] =
    "task c2 color=#0a8a2a : cpu 200us ; io 1.6ms ; cpu 200us      # a body that does not arrive by itself\n"
    "task fetch : cpu 100us ; call web latency=20ms serve=1ms ; cpu 200us\n"
    "task parse : block 40ms \"requests.get\"                        # a blocking call\n"
    "task crunch : cpu 80ms\n"
    "pool io threads=4\n"
    "pool cpu processes=2\n"
    "server web\n"
    "request c1 : cpu 200us ; io 800us ; cpu 200us \"create_task\" ; spawn c2 as t ; io 800us ; cpu 200us ; await t\n"
    "request page : cpu 100us ; gather fetch fetch fetch ; cpu 300us\n"
    "request crawl : gather 100 fetch ; cpu 1ms\n"
    "request mixed : offload io parse ; offload cpu crunch ; cpu 1ms\n"
    "request batch : 3 * (cpu 1ms ; io 2ms) ; cpu 1ms\n"
    "request nest : 2*(spawn c2 as h ; 3 * (cpu 1ms) ; await h) ; spawn fetch ; spawn fetch ; await all\n";

static const char sync_text[] =
    "server web\n"
    "semaphore conn 10\n"
    "lock db\n"
    "queue jobs size=5\n"
    "queue inbox\n"
    "task worker : 20 * (get jobs ; cpu 2ms)\n"
    "request producer : 100 * (cpu 500us ; put jobs)\n"
    "request fetch : acquire conn ; call web latency=50ms serve=1ms ; release conn ; cpu 1ms\n"
    "repeat 1000 request page : acquire conn timeout=2s ; call web latency=50ms serve=1ms timeout=500ms ; release conn\n"
    "request w : spawn worker as h ; await h timeout=1s ; get inbox timeout=3ms ; await all timeout=2ms\n";

static void test_sync_statements_and_steps_parse(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(sync_text, &s);
    assert_int_equal(s.nsyncs, 4);
    assert_true(s.syncs[0].kind == SCN_SYNC_SEMAPHORE && s.syncs[0].size == 10);
    assert_true(s.syncs[1].kind == SCN_SYNC_LOCK && s.syncs[1].size == 1);
    assert_true(s.syncs[2].kind == SCN_SYNC_QUEUE && s.syncs[2].size == 5);
    assert_true(s.syncs[3].kind == SCN_SYNC_QUEUE && s.syncs[3].size == 0);
    assert_string_equal(scn_str(&s, s.syncs[2].name), "jobs");
    const scn_request *fetch = find_req(&s, "fetch"), *page = find_req(&s, "page"), *w = find_req(&s, "w");
    assert_true(fetch->has_control);
    assert_true(step_of(&s, fetch, 0)->kind == SCN_STEP_ACQUIRE && step_of(&s, fetch, 0)->host == 0 &&
                step_of(&s, fetch, 0)->timeout == 0);
    assert_true(step_of(&s, fetch, 2)->kind == SCN_STEP_RELEASE && step_of(&s, fetch, 2)->host == 0);
    assert_true(step_of(&s, page, 0)->timeout == 2000000000 && step_of(&s, page, 1)->kind == SCN_STEP_CALL &&
                step_of(&s, page, 1)->timeout == 500000000 && step_of(&s, page, 1)->dur.a == 1000000);
    const scn_request *prod = find_req(&s, "producer");
    assert_true(step_of(&s, prod, 2)->kind == SCN_STEP_PUT && step_of(&s, prod, 2)->host == 2);
    assert_true(step_of(&s, w, 1)->kind == SCN_STEP_AWAIT && step_of(&s, w, 1)->timeout == 1000000000);
    assert_true(step_of(&s, w, 2)->kind == SCN_STEP_GET && step_of(&s, w, 2)->host == 3 &&
                step_of(&s, w, 2)->timeout == 3000000);
    assert_true(step_of(&s, w, 3)->kind == SCN_STEP_AWAIT_ALL && step_of(&s, w, 3)->timeout == 2000000);
    sl_err err = {0};
    assert_true(scn_set(&s, "semaphore.conn=3", &err) && s.syncs[0].size == 3);
    assert_true(scn_set(&s, "queue.jobs=0", &err) && s.syncs[2].size == 0);
    assert_false(scn_set(&s, "semaphore.db=2", &err));
    assert_string_equal(err.msg, "--set semaphore.db=2: error: 'db' is a lock, not a semaphore");
    sl_err e2 = {0};
    assert_false(scn_set(&s, "semaphore.conn=0", &e2));
    assert_string_equal(e2.msg, "--set semaphore.conn=0: error: permits must be >= 1, got '0'");
    scn c;
    assert_true(scn_copy(&c, &s, &err));
    assert_int_equal(c.nsyncs, 4);
    assert_true(c.syncs != s.syncs && c.syncs[0].size == 3);
    scn_free(&c);
    scn_free(&s);
}

static void test_tasks_pools_and_repeats_parse_to_their_steps(void **state)
{
    (void)state;
    scn s;
    parse_str_ok(tasks_text, &s);
    assert_int_equal(scn_total_requests(&s), 6);   /* tasks never arrive by themselves */
    const scn_request *c2 = find_req(&s, "c2"), *fetch = find_req(&s, "fetch");
    assert_true(c2->is_task && c2->has_color && c2->color == 0x0a8a2a && c2->count == 0 && !c2->has_control);
    int32_t ic2 = (int32_t)(c2 - s.reqs), ifetch = (int32_t)(fetch - s.reqs);
    assert_int_equal(s.npools, 2);
    assert_string_equal(scn_str(&s, s.pools[0].name), "io");
    assert_true(s.pools[0].kind == SCN_POOL_THREADS && s.pools[0].size == 4);
    assert_true(s.pools[1].kind == SCN_POOL_PROCESSES && s.pools[1].size == 2);
    const scn_request *c1 = find_req(&s, "c1");
    assert_true(!c1->is_task && c1->has_control && c1->nhandles == 1 && c1->count == 1);
    const scn_step *sp = step_of(&s, c1, 3), *aw = step_of(&s, c1, 6);
    assert_true(sp->kind == SCN_STEP_SPAWN && sp->task == ic2 && sp->handle == 0);
    assert_true(aw->kind == SCN_STEP_AWAIT && aw->handle == 0);
    const scn_step *g = step_of(&s, find_req(&s, "page"), 1);
    assert_true(g->kind == SCN_STEP_GATHER && g->count == 3 && g->span == 3);
    for (uint32_t i = 0; i < 3; i++)
        assert_int_equal(s.gathered[g->task + (int32_t)i], ifetch);
    g = step_of(&s, find_req(&s, "crawl"), 0);
    assert_true(g->kind == SCN_STEP_GATHER && g->count == 100 && g->span == 1 && s.gathered[g->task] == ifetch);
    const scn_request *mixed = find_req(&s, "mixed");
    assert_true(step_of(&s, mixed, 0)->kind == SCN_STEP_OFFLOAD && step_of(&s, mixed, 0)->host == 0);
    assert_true(step_of(&s, mixed, 1)->host == 1 && step_of(&s, mixed, 1)->task == (int32_t)(find_req(&s, "crunch") - s.reqs));
    const scn_request *batch = find_req(&s, "batch");
    assert_int_equal(batch->nsteps, 4);
    assert_true(step_of(&s, batch, 0)->kind == SCN_STEP_REPEAT && step_of(&s, batch, 0)->count == 3 &&
                step_of(&s, batch, 0)->span == 2);
    assert_true(step_of(&s, batch, 1)->kind == SCN_STEP_CPU && step_of(&s, batch, 2)->kind == SCN_STEP_IO);
    const scn_request *nest = find_req(&s, "nest");
    assert_int_equal(nest->nsteps, 8);
    assert_true(step_of(&s, nest, 0)->span == 4 && step_of(&s, nest, 2)->kind == SCN_STEP_REPEAT &&
                step_of(&s, nest, 2)->span == 1 && step_of(&s, nest, 7)->kind == SCN_STEP_AWAIT_ALL);
    scn c;
    sl_err err = {0};
    assert_true(scn_copy(&c, &s, &err));
    assert_int_equal(c.npools, 2);
    assert_int_equal(c.ngathered, s.ngathered);
    assert_memory_equal(c.gathered, s.gathered, s.ngathered * sizeof *s.gathered);
    scn_free(&c);
    scn_free(&s);
}

/* ---------------------------------------------------------------- errors */

#define R "request a : cpu 1ms\n"

/* One error family: input (may hold NUL bytes) and the exact message. */
typedef struct {
    const char *text;
    size_t len;
    const char *msg;
} err_row;

#define E(text, msg) {text, sizeof(text) - 1, msg}

static const err_row err_rows[] = {
    /* statements */
    E("frob 1\n" R, "t.scn:1:1: error: unknown statement 'frob'"),
    E(": x\n" R, "t.scn:1:1: error: expected a statement, got ':'"),
    E("cores 1\ncores 2\n" R, "t.scn:2:1: error: duplicate 'cores' (first at 1:1)"),
    E(R "  gil on\ngil off\n", "t.scn:3:1: error: duplicate 'gil' (first at 2:3)"),
    /* missing and extra arguments, one per statement */
    E("title\n" R, "t.scn:1:6: error: expected a quoted title, got end of line"),
    E("title \"a\" \"b\"\n" R, "t.scn:1:11: error: expected end of line, got '\"b\"'"),
    E("title abc\n" R, "t.scn:1:7: error: expected a quoted title, got 'abc'"),
    E("lang de\n" R, "t.scn:1:6: error: expected a language (en or fr), got 'de'"),
    E("lang fr\nlang en\n" R, "t.scn:2:1: error: duplicate 'lang' (first at 1:1)"),
    E("model\n" R, "t.scn:1:6: error: expected a model (sequential, processes, threads or coroutines), got end of line"),
    E("model thread\n" R, "t.scn:1:7: error: expected a model (sequential, processes, threads or coroutines), got 'thread'"),
    E("model threads x\n" R, "t.scn:1:15: error: expected end of line, got 'x'"),
    E("cores\n" R, "t.scn:1:6: error: expected a number of cores, got end of line"),
    E("cores 1 2\n" R, "t.scn:1:9: error: expected end of line, got '2'"),
    E("timeslice\n" R, "t.scn:1:10: error: expected a duration, got end of line"),
    E("timeslice 1ms 2ms\n" R, "t.scn:1:15: error: expected end of line, got '2ms'"),
    E("switch\n" R, "t.scn:1:7: error: expected a key (process=, thread= or coroutine=), got end of line"),
    E("switch process\n" R, "t.scn:1:15: error: expected '=', got end of line"),
    E("switch process=\n" R, "t.scn:1:16: error: expected a duration, got end of line"),
    E("switch fiber=1us\n" R, "t.scn:1:8: error: expected a key (process=, thread= or coroutine=), got 'fiber'"),
    E("spawn\n" R, "t.scn:1:6: error: expected a key (process=, thread= or coroutine=), got end of line"),
    E("spawn thread=1us 2us\n" R, "t.scn:1:18: error: expected a key (process=, thread= or coroutine=), got '2us'"),
    E("memory\n" R, "t.scn:1:7: error: expected a key (budget=, process=, thread=, coroutine= or connection=), got end of line"),
    E("memory thread=1\n" R, "t.scn:1:15: error: missing unit in size '1' (expected B, KiB, MiB, GiB or TiB)"),
    E("memory thread=1KB\n" R, "t.scn:1:16: error: expected a size unit (B, KiB, MiB, GiB or TiB), got 'KB'"),
    E("gil\n" R, "t.scn:1:4: error: expected 'on' or 'off', got end of line"),
    E("gil on off\n" R, "t.scn:1:8: error: expected end of line, got 'off'"),
    E("switchinterval\n" R, "t.scn:1:15: error: expected a duration, got end of line"),
    E("workers\n" R, "t.scn:1:8: error: expected a number of workers, got end of line"),
    E("workers 4 4\n" R, "t.scn:1:11: error: expected end of line, got '4'"),
    E("seed\n" R, "t.scn:1:5: error: expected a seed (an unsigned integer), got end of line"),
    E("seed 1x\n" R, "t.scn:1:6: error: expected a seed (an unsigned integer), got '1x'"),
    E("client\n" R, "t.scn:1:7: error: expected a client name, got end of line"),
    E("client a b\n" R, "t.scn:1:10: error: expected end of line, got 'b'"),
    E("server\n" R, "t.scn:1:7: error: expected a server name, got end of line"),
    E("server s cpus=2\n" R, "t.scn:1:10: error: expected 'cores=' or end of line, got 'cpus'"),
    E("server s cores=2 x\n" R, "t.scn:1:18: error: expected end of line, got 'x'"),
    E("request\n", "t.scn:1:8: error: expected a request name, got end of line"),
    E("request a\n", "t.scn:1:10: error: expected 'color=', 'at=' or ':', got end of line"),
    E("request a :\n", "t.scn:1:12: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got end of line"),
    E("request a : cpu\n", "t.scn:1:16: error: expected a duration, got end of line"),
    E("request a : cpu 1ms 2ms\n", "t.scn:1:21: error: expected ';' or end of line, got '2ms'"),
    E("request a : cpu 1ms ;\n", "t.scn:1:22: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got end of line"),
    E("request a : run 1ms\n", "t.scn:1:13: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got 'run'"),
    E("request a : call\n", "t.scn:1:17: error: expected a host name, got end of line"),
    E("request a : call latency=1ms serve=1ms\n", "t.scn:1:18: error: expected a host name, got 'latency'"),
    E("server s\nrequest a : call s serve=1ms\n", "t.scn:2:29: error: expected 'latency=', got end of line"),
    E("server s\nrequest a : call s latency=1ms \"x\"\n", "t.scn:2:32: error: expected 'serve=', got '\"x\"'"),
    E("server s\nrequest a : call s latency=1ms latency=2ms serve=1ms\n", "t.scn:2:32: error: duplicate key 'latency'"),
    E("repeat\n", "t.scn:1:7: error: expected a repeat count, got end of line"),
    E("repeat 3\n", "t.scn:1:9: error: expected 'every=', 'rate=' or 'request', got end of line"),
    E("repeat 3 every=1ms\n", "t.scn:1:19: error: expected 'request', got end of line"),
    E("repeat 3 every=1ms rate=1/s request a : cpu 1ms\n", "t.scn:1:20: error: expected 'request', got 'rate'"),
    E("repeat 3 rate=5 request a : cpu 1ms\n", "t.scn:1:15: error: expected a rate N/s, got '5'"),
    E("profile\n" R, "t.scn:1:8: error: expected a profile (python, c, ideal or a file such as ./my.profile), got end of line"),
    E("profile java\n" R, "t.scn:1:9: error: expected a profile (python, c, ideal or a file such as ./my.profile), got 'java'"),
    E("latency\n" R, "t.scn:1:8: error: expected 'scale=', got end of line"),
    E("latency scale=x\n" R, "t.scn:1:15: error: expected a latency scale (a positive number), got 'x'"),
    E("note\n" R, "t.scn:1:5: error: expected a host name, got end of line"),
    E("note client\n" R, "t.scn:1:12: error: expected 'at=' or 'from=', got end of line"),
    E("note client at=1ms\n" R, "t.scn:1:19: error: expected a quoted text, got end of line"),
    E("note client from=1ms \"x\"\n" R, "t.scn:1:22: error: expected 'to=', got '\"x\"'"),
    E("note client at=1ms to=2ms \"x\"\n" R, "t.scn:1:6: error: a note takes 'at=' or 'from=' and 'to=', not both"),
    /* units and numbers */
    E("timeslice 4\n" R, "t.scn:1:11: error: missing unit in duration '4' (expected ns, us, ms or s)"),
    E("timeslice 4sec\n" R, "t.scn:1:12: error: expected a duration unit (ns, us, ms or s), got 'sec'"),
    E("timeslice 4MS\n" R, "t.scn:1:12: error: expected a duration unit (ns, us, ms or s), got 'MS'"),
    E("timeslice 1.ms\n" R, "t.scn:1:12: error: expected a duration unit (ns, us, ms or s), got '.ms'"),
    E("timeslice ms\n" R, "t.scn:1:11: error: expected a duration, got 'ms'"),
    E("timeslice exp(4ms)\n" R, "t.scn:1:11: error: expected a constant duration, got 'exp'"),
    E("request a : cpu 99999999999999999s\n", "t.scn:1:17: error: overflowing duration '99999999999999999s'"),
    E("request a : cpu 99999999999999999999999ns\n", "t.scn:1:17: error: overflowing duration '99999999999999999999999ns'"),
    E("request a : cpu 1000001s\n", "t.scn:1:17: error: duration '1000001s' is above the limit of 1000000s"),
    E("memory budget=1025TiB\n" R, "t.scn:1:15: error: size '1025TiB' is above the limit of 1024TiB"),
    E("memory budget=99999999999TiB\n" R, "t.scn:1:15: error: overflowing size '99999999999TiB'"),
    E("seed 18446744073709551616\n" R, "t.scn:1:6: error: overflowing number '18446744073709551616'"),
    E("cores 4097\n" R, "t.scn:1:7: error: too many cores (limit is 4096)"),
    E("workers 1000001\n" R, "t.scn:1:9: error: too many workers (limit is 1000000)"),
    E("repeat 2000000000 request a : cpu 1ms\n", "t.scn:1:8: error: too many requests (limit is 10000000)"),
    E("repeat 99999999999999999999999 request a : cpu 1ms\n", "t.scn:1:8: error: too many requests (limit is 10000000)"),
    E("repeat 9999999 request a : cpu 1ms\nrequest b : cpu 1ms\nrequest c : cpu 1ms\n",
      "t.scn:3:9: error: too many requests (limit is 10000000)"),
    E("latency scale=1000001\n" R, "t.scn:1:15: error: latency scale must be at most 1e+06, got '1000001'"),
    /* negative and zero where forbidden */
    E("cores 0\n" R, "t.scn:1:7: error: cores must be >= 1, got '0'"),
    E("cores -2\n" R, "t.scn:1:7: error: cores must be >= 1, got '-2'"),
    E("workers -1\n" R, "t.scn:1:9: error: workers must be >= 0, got '-1'"),
    E("server s cores=0\n" R, "t.scn:1:16: error: cores must be >= 1, got '0'"),
    E("server s cores=1000001\n" R, "t.scn:1:16: error: too many cores (limit is 1000000)"),
    E("timeslice 0ms\n" R, "t.scn:1:11: error: duration must be > 0, got '0ms'"),
    E("switchinterval 0.1ns\n" R, "t.scn:1:16: error: duration must be > 0, got '0.1ns'"),
    E("switch thread=-1us\n" R, "t.scn:1:15: error: duration must be >= 0, got '-1us'"),
    E("request a : cpu -3ms\n", "t.scn:1:17: error: duration must be >= 0, got '-3ms'"),
    E("request a : cpu exp(0ms)\n", "t.scn:1:21: error: duration must be > 0, got '0ms'"),
    E("repeat 0 request a : cpu 1ms\n", "t.scn:1:8: error: repeat count must be >= 1, got '0'"),
    E("repeat 2 every=0ms request a : cpu 1ms\n", "t.scn:1:16: error: duration must be > 0, got '0ms'"),
    E("repeat 2 rate=0/s request a : cpu 1ms\n", "t.scn:1:15: error: rate must be > 0, got '0/s'"),
    E("memory budget=0B\n" R, "t.scn:1:15: error: size must be > 0, got '0B'"),
    E("latency scale=0\n" R, "t.scn:1:15: error: latency scale must be > 0, got '0'"),
    E("note client from=2ms to=1ms \"x\"\n" R, "t.scn:1:25: error: a note must end after it starts (to >= from)"),
    E("request a at=-1ms : cpu 1ms\n", "t.scn:1:14: error: duration must be >= 0, got '-1ms'"),
    /* distributions */
    E("request a : cpu uniform(3ms,1ms)\n", "t.scn:1:29: error: uniform(MIN,MAX) needs MIN <= MAX, got '3ms' > '1ms'"),
    E("request a : cpu uniform(3ms)\n", "t.scn:1:28: error: expected ',', got ')'"),
    E("request a : cpu exp 3ms\n", "t.scn:1:21: error: expected '(', got '3ms'"),
    E("request a : cpu exp(3ms\n", "t.scn:1:24: error: expected ')', got end of line"),
    /* names and hosts */
    E("request a : call x latency=1ms serve=1ms\n", "t.scn:1:18: error: unknown host 'x'"),
    E("client c\nrequest a : call c latency=1ms serve=1ms\n", "t.scn:2:18: error: cannot call the client 'c'"),
    E("note www at=1ms \"x\"\n" R, "t.scn:1:6: error: unknown host 'www'"),
    E("server x\nserver x\n" R, "t.scn:2:8: error: duplicate server 'x' (first at line 1)"),
    E(R R, "t.scn:2:9: error: duplicate request 'a' (first at line 1)"),
    E("repeat 2 request a : cpu 1ms\n" R, "t.scn:2:9: error: duplicate request 'a' (first at line 1)"),
    E("client x\nserver x\n" R, "t.scn:2:8: error: duplicate host 'x' (the client, line 1)"),
    E("server x\nclient x\n" R, "t.scn:2:8: error: duplicate host 'x' (a server, line 1)"),
    E("server client\n" R, "t.scn:1:8: error: duplicate host 'client' (the default client name; add a 'client NAME' line)"),
    E("request a$b : cpu 1ms\n", "t.scn:1:9: error: expected a name ([A-Za-z0-9._-]), got 'a$b'"),
    E("request caf\xc3\xa9 : cpu 1ms\n", "t.scn:1:9: error: expected a name ([A-Za-z0-9._-]), got 'caf\\xc3\\xa9'"),
    E("request a color=#12345g : cpu 1ms\n", "t.scn:1:17: error: expected a colour #rrggbb, got '#12345g'"),
    E("request a color= #123456 : cpu 1ms\n", "t.scn:1:35: error: expected a colour #rrggbb, got end of line"),
    E("request a color=#123456 color=#123456 : cpu 1ms\n", "t.scn:1:25: error: duplicate key 'color'"),
    /* strings and bytes */
    E("title \"abc\n" R, "t.scn:1:7: error: unterminated string"),
    E("title \"abc\\\"\n" R, "t.scn:1:7: error: unterminated string"),
    E("title \"a\\nb\"\n" R, "t.scn:1:9: error: unknown escape '\\n' in string (expected \\\" or \\\\)"),
    E("title \"a\0b\"\n" R, "t.scn:1:9: error: unexpected NUL byte"),
    E("cores 1\0\n" R, "t.scn:1:8: error: unexpected NUL byte"),
    E("# x\0\n" R, "t.scn:1:4: error: unexpected NUL byte"),
    E(R "request b : cpu 1ms \"\xff\"\n", "t.scn:2:22: error: invalid UTF-8 in string"),
    E(R "request b : cpu 1ms \"\xc3\"\n", "t.scn:2:22: error: invalid UTF-8 in string"),
    E(R "request b : cpu 1ms \"\xc0\xaf\"\n", "t.scn:2:22: error: invalid UTF-8 in string"),
    E(R "request b : cpu 1ms \"\xed\xa0\x80\"\n", "t.scn:2:22: error: invalid UTF-8 in string"),
    E("# caf\xe9\n" R, "t.scn:1:6: error: invalid UTF-8 in comment"),
    E("cores 1\rx\n" R, "t.scn:1:8: error: unexpected control character '\\x0d'"),
    E("title \"a\x01\"\n" R, "t.scn:1:9: error: unexpected control character '\\x01'"),
    E("frob" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" R,
      "t.scn:1:1: error: unknown statement 'frobaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'"),
    /* tasks, pools, repeats (issue 12) */
    E("task t : cpu 1ms\n", "t.scn:1:1: error: expected at least one 'request'"),
    E("task t at=1ms : cpu 1ms\n" R, "t.scn:1:8: error: expected 'color=' or ':', got 'at'"),
    E("task a : cpu 1ms\n" R, "t.scn:2:9: error: duplicate task 'a' (first at line 1)"),
    E(R "task a : cpu 1ms\n", "t.scn:2:6: error: duplicate request 'a' (first at line 1)"),
    E("request a : spawn\n", "t.scn:1:18: error: expected a task name, got end of line"),
    E("request a : spawn x\n", "t.scn:1:19: error: unknown task 'x'"),
    E("request b : cpu 1ms\nrequest a : spawn b\n", "t.scn:2:19: error: 'b' is a request, not a task (write 'task b : ...')"),
    E("task t : cpu 1ms\nrequest a : spawn t as\n", "t.scn:2:23: error: expected a handle name, got end of line"),
    E("task t : cpu 1ms\nrequest a : spawn t as h ; spawn t as h\n",
      "t.scn:2:39: error: handle 'h' already used (first at 2:24)"),
    E("task t : cpu 1ms\nrequest a : await h\n", "t.scn:2:19: error: await of 'h', never spawned (write 'spawn TASK as h' before)"),
    E("task t : cpu 1ms\nrequest a : spawn t as h ; await h ; await h\n",
      "t.scn:2:44: error: handle 'h' already awaited (at 2:34)"),
    E("task t : cpu 1ms\nrequest a : spawn t as h ; await all ; await h\n",
      "t.scn:2:46: error: handle 'h' already awaited (at 2:34)"),
    E("task t : cpu 1ms\nrequest a : spawn t as h ; 2 * (await h)\n",
      "t.scn:2:39: error: handle 'h' is spawned outside this 'N * (...)': it would be awaited at every round"),
    E("request a : await\n", "t.scn:1:18: error: expected a handle name or 'all', got end of line"),
    E("task t : cpu 1ms\nrequest a : gather 0 t\n", "t.scn:2:20: error: gather count must be >= 1, got '0'"),
    E("request a : gather\n", "t.scn:1:19: error: expected a count or a task name, got end of line"),
    E("task t : cpu 1ms\nrequest a : gather 3\n", "t.scn:2:21: error: expected a task name, got end of line"),
    E("task t : cpu 1ms\nrequest a : gather t u\n", "t.scn:2:22: error: unknown task 'u'"),
    E("task t : cpu 1ms\nrequest a : gather 3 t t\n", "t.scn:2:24: error: expected ';' or end of line, got 't'"),
    E("task t : cpu 1ms\nrequest a : offload p t\n", "t.scn:2:21: error: unknown pool 'p'"),
    E("pool p threads=2\nrequest a : offload p\n", "t.scn:2:22: error: expected a task name, got end of line"),
    E("pool p\n" R, "t.scn:1:7: error: expected 'threads=' or 'processes=', got end of line"),
    E("pool p fibers=2\n" R, "t.scn:1:8: error: expected 'threads=' or 'processes=', got 'fibers'"),
    E("pool p threads=0\n" R, "t.scn:1:16: error: workers must be >= 1, got '0'"),
    E("pool p threads=2\npool p processes=2\n" R, "t.scn:2:6: error: duplicate pool 'p' (first at line 1)"),
    E("pool p threads=600000\npool q threads=600000\n" R, "t.scn:2:16: error: too many workers in pools (limit is 1000000)"),
    E("lock x\nrequest a : acquire y\n", "t.scn:2:21: error: unknown semaphore or lock 'y' (declare it with 'lock y')"),
    E("request a : get q\n", "t.scn:1:17: error: unknown queue 'q' (declare it with 'queue q size=N')"),
    E("queue q\nrequest a : acquire q\n", "t.scn:2:21: error: 'q' is a queue: 'acquire' takes a semaphore or a lock"),
    E("lock q\nrequest a : put q\n", "t.scn:2:17: error: 'q' is a lock: 'put' takes a queue"),
    E("semaphore s 0\n" R, "t.scn:1:13: error: permits must be >= 1, got '0'"),
    E("semaphore s\n" R, "t.scn:1:12: error: expected a number of permits, got end of line"),
    E("lock x\nqueue x\n" R, "t.scn:2:7: error: duplicate name 'x' (the lock at line 1)"),
    E("queue q cap=3\n" R, "t.scn:1:9: error: expected 'size=' or end of line, got 'cap'"),
    E("lock x\nrequest a : acquire x timeout=0ms\n", "t.scn:2:31: error: duration must be > 0, got '0ms'"),
    E("lock x\nrequest a : release x timeout=1ms\n", "t.scn:2:23: error: expected ';' or end of line, got 'timeout'"),
    E("queue q\nrequest a : put q timeout=1ms\n", "t.scn:2:19: error: expected ';' or end of line, got 'timeout'"),
    E("request a : acquire\n", "t.scn:1:20: error: expected a semaphore or lock name, got end of line"),
    E("server w\nrequest a : call w latency=1ms serve=1ms timeout=1ms timeout=2ms\n", "t.scn:2:54: error: duplicate key 'timeout'"),
    E("task t : cpu 1ms\nrequest a : spawn t as h ; await h timeout=-1ms\n", "t.scn:2:44: error: duration must be > 0, got '-1ms'"),
    E("request a : 0 * (cpu 1ms)\n", "t.scn:1:13: error: repeat count must be >= 1, got '0'"),
    E("request a : 3 (cpu 1ms)\n", "t.scn:1:15: error: expected '*', got '('"),
    E("request a : 3 * cpu 1ms\n", "t.scn:1:17: error: expected '(', got 'cpu'"),
    E("request a : 3 * (cpu 1ms\n", "t.scn:1:25: error: expected ';' or ')', got end of line"),
    E("request a : 3 * ()\n", "t.scn:1:18: error: expected " "a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got ')'"),
    E("request a : 2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(2*(cpu 1ms)))))))))))))))))\n",
      "t.scn:1:61: error: 'N * (...)' nested too deep (limit is 16)"),
    E("request a : 3 * (cpu 1ms) cpu 1ms\n", "t.scn:1:27: error: expected ';' or end of line, got 'cpu'"),
    E("request a : 1000000001 * (cpu 1ms)\n", "t.scn:1:13: error: too many rounds (limit is 1000000000)"),
    /* empty files */
    E("", "t.scn:1:1: error: expected at least one 'request'"),
    E("# only a comment\n\n   \n", "t.scn:1:1: error: expected at least one 'request'"),
    E("server s\n", "t.scn:1:1: error: expected at least one 'request'"),
};

static void test_each_error_family_has_its_exact_message(void **state)
{
    (void)state;
    int bad = 0;
    for (size_t i = 0; i < sizeof err_rows / sizeof err_rows[0]; i++) {
        sl_err err;
        parse_err(err_rows[i].text, err_rows[i].len, &err);
        if (strcmp(err.msg, err_rows[i].msg) != 0) {
            print_error("row %zu (%.*s):\n  got      %s\n  expected %s\n", i,
                        (int)strcspn(err_rows[i].text, "\n"), err_rows[i].text, err.msg, err_rows[i].msg);
            bad++;
        }
    }
    assert_int_equal(bad, 0);
}

static double seconds_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* A 10 MB line: rejected by its length, quickly, whatever it holds. */
static void test_ten_megabyte_line_fails_fast(void **state)
{
    (void)state;
    static const char *const fillers[] = {"cpu 1ms ; ", "aaaaaaaaaa", "          "};
    size_t n = 10u << 20;
    char *text = malloc(n + 64);
    for (size_t f = 0; f < 3; f++) {
        size_t o = (size_t)sprintf(text, "request a : ");
        while (o + 10 < n)
            o += (size_t)sprintf(text + o, "%s", fillers[f]);
        o += (size_t)sprintf(text + o, "cpu 1ms\n");
        struct timespec t0;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        sl_err err;
        parse_err(text, o, &err);
        assert_string_equal(err.msg, "t.scn:1:1: error: line too long (limit is 1048576 bytes)");
        assert_true(seconds_since(&t0) < 0.5);
    }
    free(text);
}

/* 65536 steps in one request is past the limit; 65535 is not. */
static void test_steps_per_request_limit(void **state)
{
    (void)state;
    size_t cap = 12 * 65536 + 64;
    char *text = malloc(cap);
    for (int extra = 0; extra < 2; extra++) {
        size_t o = (size_t)sprintf(text, "request a : cpu 1ms");
        for (unsigned i = 1; i < SCN_MAX_STEPS + (unsigned)extra; i++)
            o += (size_t)sprintf(text + o, " ; io 1ms");
        text[o++] = '\n';
        if (extra == 0) {
            scn s;
            parse_ok(text, o, &s);
            assert_int_equal(s.reqs[0].nsteps, SCN_MAX_STEPS);
            scn_free(&s);
        } else {
            sl_err err;
            parse_err(text, o, &err);
            assert_string_equal(err.msg, "t.scn:1:589829: error: too many steps in one request (limit is 65535)");
        }
    }
    free(text);
}

/* ---------------------------------------------------------------- scn_set */

/* One override that must succeed, and the field it must change. */
static void test_set_good_values(void **state)
{
    (void)state;
    static const char *const kvs[] = {
        "model=coroutines", "cores=8", "timeslice=10ms", "switch.process=1us", "switch.thread=2us",
        "switch.coroutine=3ns", "spawn.process=1ms", "spawn.thread=20us", "spawn.coroutine=0ns",
        "memory.budget=2GiB", "memory.process=1MiB", "memory.thread=8KiB", "memory.coroutine=512B",
        "memory.connection=16KiB", "gil=off", "switchinterval=1ms", "workers=16", "seed=18446744073709551615", "latency.scale=0.5",
        "title=\"Un \\\"titre\\\"\"", "repeat=77",
    };
    scn s;
    parse_str_ok("repeat 3 every=1ms request a : cpu 1ms\nrepeat 4 request b : cpu 1ms\n", &s);
    for (size_t i = 0; i < sizeof kvs / sizeof kvs[0]; i++) {
        sl_err err = {0};
        if (!scn_set(&s, kvs[i], &err))
            fail_msg("%s: %s", kvs[i], err.msg);
    }
    const scn_config *c = &s.cfg;
    assert_int_equal(c->model, SCN_COROUTINES);
    assert_int_equal(c->cores, 8);
    assert_int_equal(c->timeslice, 10 * MS);
    assert_int_equal(c->switch_cost[SCN_PROCESS], 1 * US);
    assert_int_equal(c->switch_cost[SCN_THREAD], 2 * US);
    assert_int_equal(c->switch_cost[SCN_COROUTINE], 3);
    assert_int_equal(c->spawn_cost[SCN_PROCESS], 1 * MS);
    assert_int_equal(c->spawn_cost[SCN_THREAD], 20 * US);
    assert_int_equal(c->spawn_cost[SCN_COROUTINE], 0);
    assert_int_equal(c->mem_budget, 2 * GIB);
    assert_int_equal(c->mem_unit[SCN_PROCESS], 1 * MIB);
    assert_int_equal(c->mem_unit[SCN_THREAD], 8 * KIB);
    assert_int_equal(c->mem_unit[SCN_COROUTINE], 512);
    assert_int_equal(c->mem_conn, 16 * KIB);
    assert_false(c->gil);
    assert_int_equal(c->switchinterval, 1 * MS);
    assert_int_equal(c->workers, 16);
    assert_true(c->seed == UINT64_MAX);
    assert_true(c->latency_scale == 0.5);
    assert_string_equal(scn_str(&s, c->title), "Un \"titre\"");
    assert_int_equal(c->explicit_set, 0x1fff | SCN_SET_MEM_CONN);
    assert_int_equal(s.reqs[0].count, 77);   /* the first repeat only */
    assert_int_equal(s.reqs[1].count, 4);
    assert_int_equal(scn_total_requests(&s), 81);
    scn_free(&s);
}

static void test_set_bare_title_takes_the_whole_value(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    parse_str_ok(R, &s);
    assert_true(scn_set(&s, "title=Deux pages; deux \"threads\"", &err));
    assert_string_equal(scn_str(&s, s.cfg.title), "Deux pages; deux \"threads\"");
    scn_free(&s);
}

static const struct {
    const char *kv;
    const char *msg;
} set_err_rows[] = {
    {"cores", "--set cores: error: expected KEY=VALUE"},
    {"semaphore.nope=3", "--set semaphore.nope=3: error: no semaphore named 'nope'"},
    {"frob=1", "--set frob=1: error: unknown key 'frob' (expected model, cores, timeslice, switch.KIND, "
               "spawn.KIND, memory.KIND, memory.budget, gil, switchinterval, workers, seed, profile, "
               "latency.scale, title, repeat, limit.events, limit.memory, semaphore.NAME or queue.NAME; KIND is process, thread or coroutine)"},
    {"switch=1us", "--set switch=1us: error: unknown key 'switch' (expected model, cores, timeslice, "
                   "switch.KIND, spawn.KIND, memory.KIND, memory.budget, gil, switchinterval, workers, seed, "
                   "profile, latency.scale, title, repeat, limit.events, limit.memory, semaphore.NAME or queue.NAME; KIND is process, thread or coroutine)"},
    {"cores=", "--set cores=: error: expected a number of cores, got end of value"},
    {"cores=0", "--set cores=0: error: cores must be >= 1, got '0'"},
    {"cores=2 3", "--set cores=2 3: error: expected end of value, got '3'"},
    {"cores=2\n3", "--set cores=2\\x0a3: error: expected end of value, got end of line"},
    {"model=thread", "--set model=thread: error: expected a model (sequential, processes, threads or coroutines), got 'thread'"},
    {"timeslice=4", "--set timeslice=4: error: missing unit in duration '4' (expected ns, us, ms or s)"},
    {"timeslice=0s", "--set timeslice=0s: error: duration must be > 0, got '0s'"},
    {"switch.thread=exp(1ms)", "--set switch.thread=exp(1ms): error: expected a constant duration, got 'exp'"},
    {"spawn.fiber=1us", "--set spawn.fiber=1us: error: unknown key 'spawn.fiber' (expected model, cores, timeslice, "
                        "switch.KIND, spawn.KIND, memory.KIND, memory.budget, gil, switchinterval, workers, seed, "
                        "profile, latency.scale, title, repeat, limit.events, limit.memory, semaphore.NAME or queue.NAME; KIND is process, thread or coroutine)"},
    {"memory.budget=0B", "--set memory.budget=0B: error: size must be > 0, got '0B'"},
    {"memory.thread=99999999999TiB", "--set memory.thread=99999999999TiB: error: overflowing size '99999999999TiB'"},
    {"gil=yes", "--set gil=yes: error: expected 'on' or 'off', got 'yes'"},
    {"workers=-1", "--set workers=-1: error: workers must be >= 0, got '-1'"},
    {"seed=x", "--set seed=x: error: expected a seed (an unsigned integer), got 'x'"},
    {"profile=rust", "--set profile=rust: error: expected a profile (python, c, ideal or a file such as ./my.profile), got 'rust'"},
    {"latency.scale=0", "--set latency.scale=0: error: latency scale must be > 0, got '0'"},
    {"title=\"abc", "--set title=\"abc: error: unterminated string"},
    {"repeat=0", "--set repeat=0: error: repeat count must be >= 1, got '0'"},
    {"repeat=20000000", "--set repeat=20000000: error: too many requests (limit is 10000000)"},
    {"repeat=9999999", "--set repeat=9999999: error: too many requests (limit is 10000000)"},
};

static void test_set_bad_values_leave_the_scenario_unchanged(void **state)
{
    (void)state;
    scn s;
    parse_str_ok("repeat 3 request a : cpu 1ms\nrepeat 4 request b : cpu 1ms\n", &s);
    scn_config before = s.cfg;
    for (size_t i = 0; i < sizeof set_err_rows / sizeof set_err_rows[0]; i++) {
        sl_err err = {0};
        assert_false(scn_set(&s, set_err_rows[i].kv, &err));
        if (strcmp(err.msg, set_err_rows[i].msg) != 0)
            fail_msg("%s:\n  got      %s\n  expected %s", set_err_rows[i].kv, err.msg, set_err_rows[i].msg);
        assert_memory_equal(&s.cfg, &before, sizeof before);
        assert_int_equal(s.reqs[0].count, 3);
    }
    scn_free(&s);
}

static void test_set_repeat_without_repeat_statement_fails(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    parse_str_ok(R, &s);
    assert_false(scn_set(&s, "repeat=5", &err));
    assert_string_equal(err.msg, "--set repeat=5: error: the scenario has no 'repeat' statement");
    scn_free(&s);
}

static void test_set_profile_keeps_explicit_costs(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    parse_str_ok("spawn thread=9us\ngil on\n" R, &s);
    assert_true(scn_set(&s, "switch.coroutine=5ns", &err));
    assert_true(scn_set(&s, "profile=c", &err));
    assert_int_equal(s.cfg.profile, SCN_PROFILE_C);
    assert_int_equal(s.cfg.spawn_cost[SCN_THREAD], 9 * US);    /* from the file */
    assert_int_equal(s.cfg.switch_cost[SCN_COROUTINE], 5);     /* from an earlier --set */
    assert_true(s.cfg.gil);                                    /* `gil on` in the file */
    assert_int_equal(s.cfg.spawn_cost[SCN_PROCESS], 200 * US); /* the rest from profile c */
    assert_int_equal(s.cfg.mem_unit[SCN_COROUTINE], 16 * KIB);
    assert_true(scn_set(&s, "profile=python", &err));
    assert_int_equal(s.cfg.spawn_cost[SCN_PROCESS], 400 * US);
    assert_int_equal(s.cfg.spawn_cost[SCN_THREAD], 9 * US);
    scn_free(&s);
}

static void test_profile_gil_default_follows_the_profile(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    parse_str_ok(R, &s);
    assert_true(s.cfg.gil);
    assert_true(scn_set(&s, "profile=c", &err));
    assert_false(s.cfg.gil);
    assert_true(scn_set(&s, "gil=on", &err));
    assert_true(scn_set(&s, "profile=python", &err) && scn_set(&s, "profile=c", &err));
    assert_true(s.cfg.gil);
    assert_true((s.cfg.explicit_set & SCN_SET_GIL) != 0);
    scn_free(&s);
}

/* ---------------------------------------------------------------- copy, free, load */

static void test_copy_is_independent_of_the_original(void **state)
{
    (void)state;
    scn a, b;
    sl_err err = {0};
    parse_str_ok(full_text, &a);
    assert_true(scn_copy(&b, &a, &err));
    assert_same_scenario(&a, &b);
    assert_ptr_not_equal(a.steps, b.steps);
    assert_ptr_not_equal(a.strings, b.strings);
    assert_string_equal(b.path, "t.scn");
    assert_true(scn_set(&b, "cores=4", &err));
    b.steps[0].dur.a = 1;
    b.strings[b.reqs[0].name] = 'X';
    assert_int_equal(a.cfg.cores, 1);
    assert_int_equal(a.steps[0].dur.a, 3 * MS);
    assert_string_equal(scn_str(&a, a.reqs[0].name), "foo");
    scn_free(&a);
    assert_int_equal(b.steps[1].latency.a, 4 * MS);   /* still readable after the original is gone */
    assert_string_equal(scn_str(&b, b.cfg.client), "robot");
    scn_free(&b);
}

static void test_free_after_failed_parse_and_twice_is_safe(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    static const char text[] = "server s\nrequest a : call x latency=1ms serve=1ms\n";
    assert_false(scn_parse("t.scn", text, sizeof text - 1, &s, &err));
    assert_string_equal(err.msg, "t.scn:2:18: error: unknown host 'x'");
    scn_free(&s);
    scn_free(&s);
    assert_null(s.path);
    assert_int_equal(s.nreqs, 0);
    assert_string_equal(scn_str(&s, 0), "");
}

static void test_load_reads_a_file_and_reports_a_missing_one(void **state)
{
    (void)state;
    char path[] = "/tmp/test_parse_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(full_text, f);
    fclose(f);
    scn s;
    sl_err err = {0};
    assert_true(scn_load(path, &s, &err));
    assert_string_equal(s.path, path);
    assert_int_equal(scn_total_requests(&s), 1002);
    scn_free(&s);
    remove(path);
    assert_false(scn_load("/nonexistent/x.scn", &s, &err));
    assert_string_equal(err.msg, "/nonexistent/x.scn: error: cannot read: No such file or directory");
    sl_err err2 = {0};
    assert_false(scn_load("/tmp", &s, &err2));
    assert_string_equal(err2.msg, "/tmp: error: cannot read: Is a directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang_statement),
        cmocka_unit_test(test_full_example_config_fields),
        cmocka_unit_test(test_full_example_servers_and_requests),
        cmocka_unit_test(test_full_example_request_foo_colour_labels_call),
        cmocka_unit_test(test_full_example_request_bar_at_and_step_kinds),
        cmocka_unit_test(test_full_example_repeat_every_exp_uniform),
        cmocka_unit_test(test_crlf_file_parses_like_lf_file),
        cmocka_unit_test(test_default_text_parses_to_two_requests_two_servers),
        cmocka_unit_test(test_requests_only_file_gets_every_default),
        cmocka_unit_test(test_profile_c_sets_its_costs_and_gil_off),
        cmocka_unit_test(test_durations_convert_to_rounded_nanoseconds),
        cmocka_unit_test(test_sizes_convert_to_bytes),
        cmocka_unit_test(test_hash_comment_only_at_word_start),
        cmocka_unit_test(test_repeat_rate_and_simultaneous_arrivals),
        cmocka_unit_test(test_string_escapes_and_spacing_around_punctuation),
        cmocka_unit_test(test_notes_latency_scale_and_server_cores),
        cmocka_unit_test(test_model_names_round_trip),
        cmocka_unit_test(test_tasks_pools_and_repeats_parse_to_their_steps),
        cmocka_unit_test(test_sync_statements_and_steps_parse),
        cmocka_unit_test(test_each_error_family_has_its_exact_message),
        cmocka_unit_test(test_ten_megabyte_line_fails_fast),
        cmocka_unit_test(test_steps_per_request_limit),
        cmocka_unit_test(test_set_good_values),
        cmocka_unit_test(test_set_bare_title_takes_the_whole_value),
        cmocka_unit_test(test_set_bad_values_leave_the_scenario_unchanged),
        cmocka_unit_test(test_set_repeat_without_repeat_statement_fails),
        cmocka_unit_test(test_set_profile_keeps_explicit_costs),
        cmocka_unit_test(test_profile_gil_default_follows_the_profile),
        cmocka_unit_test(test_copy_is_independent_of_the_original),
        cmocka_unit_test(test_free_after_failed_parse_and_twice_is_safe),
        cmocka_unit_test(test_load_reads_a_file_and_reports_a_missing_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
