/* test_why.c — every cause of a scheduling decision on a scenario whose decisions are known by
 * hand, the exact sentence checked in English and French; a segment's tooltip finds the same
 * decision; stepping back from the end visits the forward decisions reversed; the decisions of two
 * runs are the same. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "lay_why.h"
#include "scn.h"
#include "sim.h"

/* Every overhead 0 (profile ideal: no start-up, call CPU or GIL hand-over either). */
#define ZERO "profile ideal\nspawn thread=0ns coroutine=0ns\nswitch thread=0ns coroutine=0ns\n"
#define MAXD 10

typedef struct {
    const char *name, *text;
    const char *en[MAXD], *fr[MAXD];   /* every decision, in order (NULL-terminated) */
} why_case;

/* By hand: one core, a 1 ms slice; a (2 ms) starts at 0, b (1 ms) must wait; at 1 ms a's slice ends
 * and b runs its whole 1 ms; at 2 ms a gets the core back. */
static const why_case cases[] = {
    {"no core, preempted, switch",
     "model threads\ngil off\ncores 1\ntimeslice 1ms\n" ZERO "request a : cpu 2ms\nrequest b : cpu 1ms\n",
     {"0 ns: core 0 is free and runs a",
      "0 ns: b waits for a core: every core is busy (a on core 0)",
      "1 ms: a has used up its time slice while another unit waits: back to the ready queue",
      "1 ms: core 0 leaves a for b: a has used up its time slice",
      "2 ms: core 0 leaves b for a: b has finished"},
     {"0 ns : le cœur 0 est libre et exécute a",
      "0 ns : b attend un cœur : tous sont occupés (a sur le cœur 0)",
      "1 ms : a a épuisé son quantum et une autre unité attend : retour dans la file des prêts",
      "1 ms : le cœur 0 quitte a pour b : a a épuisé son quantum",
      "2 ms : le cœur 0 quitte b pour a : b a terminé"}},
    /* Two 8 ms threads, the GIL, 2 cores: thread 1 holds it from 0; thread 2 asks at 0, so the
     * interval ends at 5 ms and thread 1 is forced out; then thread 2 at 10 ms; thread 1 ends at 13. */
    {"GIL",
     "model threads\ngil on\ncores 2\nswitchinterval 5ms\n" ZERO "repeat 2 request r : cpu 8ms\n",
     {"0 ns: core 0 is free and runs thread 1",
      "0 ns: thread 2 waits for the GIL, held by thread 1 since 0 ns; after the 5 ms switch interval, at 5 ms, "
      "thread 1 must give it up",
      "5 ms: thread 1 has held the GIL since 0 ns while another thread waits: after the switch interval it "
      "gives it up; thread 2 takes it",
      "5 ms: core 0 leaves thread 1 for thread 2: thread 1 waits for the GIL",
      "10 ms: thread 2 has held the GIL since 5 ms while another thread waits: after the switch interval it "
      "gives it up; thread 1 takes it",
      "10 ms: core 0 leaves thread 2 for thread 1: thread 2 waits for the GIL",
      "13 ms: core 0 leaves thread 1 for thread 2: thread 1 has finished"},
     {"0 ns : le cœur 0 est libre et exécute le thread 1",
      "0 ns : le thread 2 attend le GIL, tenu par le thread 1 depuis 0 ns ; au bout de 5 ms d'intervalle, à "
      "5 ms, le thread 1 devra le rendre",
      "5 ms : le thread 1 tient le GIL depuis 0 ns et un autre thread attend : au bout de l'intervalle, il le "
      "rend ; le thread 2 le prend",
      "5 ms : le cœur 0 quitte le thread 1 pour le thread 2 : le thread 1 attend le GIL",
      "10 ms : le thread 2 tient le GIL depuis 5 ms et un autre thread attend : au bout de l'intervalle, il le "
      "rend ; le thread 1 le prend",
      "10 ms : le cœur 0 quitte le thread 2 pour le thread 1 : le thread 2 attend le GIL",
      "13 ms : le cœur 0 quitte le thread 1 pour le thread 2 : le thread 1 a terminé"}},
    /* p computes 1 ms, spawns t and awaits it: the loop runs t (1 ms), then p again. */
    {"awaiting a task",
     "model coroutines\n" ZERO "task t : cpu 1ms\nrequest p : cpu 1ms ; spawn t as h ; await h\n",
     {"0 ns: core 0 is free and runs the loop", "0 ns: the loop is free and runs p",
      "1 ms: p awaits t", "1 ms: the loop leaves p for t: p awaits a task", "2 ms: the loop leaves t for p: t has finished"},
     {"0 ns : le cœur 0 est libre et exécute la boucle", "0 ns : la boucle est libre et exécute p",
      "1 ms : p attend t", "1 ms : la boucle quitte p pour t : p attend une tâche",
      "2 ms : la boucle quitte t pour p : t a terminé"}},
    /* b arrives at 1 ms while a computes (to 2 ms) on the one loop. */
    {"loop held",
     "model coroutines\n" ZERO "request a : cpu 2ms\nrequest b at=1ms : cpu 1ms\n",
     {"0 ns: core 0 is free and runs the loop", "0 ns: the loop is free and runs a",
      "1 ms: b can go on, but the loop is running a (it runs one coroutine at a time)",
      "2 ms: the loop leaves a for b: a has finished"},
     {"0 ns : le cœur 0 est libre et exécute la boucle", "0 ns : la boucle est libre et exécute a",
      "1 ms : b peut reprendre, mais la boucle exécute a (une coroutine à la fois)",
      "2 ms : la boucle quitte a pour b : a a terminé"}},
    {"loop blocked",
     "model coroutines\n" ZERO "request a : block 2ms\nrequest b at=1ms : cpu 1ms\n",
     {"1 ms: b can go on, but a blocks the loop (a blocking call: the whole thread waits)",
      "2 ms: core 0 is free and runs the loop",
      "2 ms: the loop leaves a for b: a has finished"},
     {"1 ms : b peut reprendre, mais a bloque la boucle (un appel bloquant : tout le thread attend)",
      "2 ms : le cœur 0 est libre et exécute la boucle",
      "2 ms : la boucle quitte a pour b : a a terminé"}},
    /* A coroutine switch costs 100 us: a awaits its I/O at 1 ms (b runs 1.1 to 2.1 ms), wakes at
     * 3 ms, and the loop, idle since b ended, switches to it at once. */
    {"loop switching to it",
     "profile ideal\nmodel coroutines\nspawn coroutine=0ns\nswitch coroutine=100us\nrequest a : cpu 1ms ; io 2ms ; cpu 1ms\n"
     "request b : cpu 1ms\n",
     {"0 ns: core 0 is free and runs the loop", "0 ns: the loop is free and runs a",
      "0 ns: b can go on, but the loop is running a (it runs one coroutine at a time)",
      "1 ms: the loop leaves a for b: a waits for I/O or a reply (an await)",
      "3 ms: core 0 is free and runs the loop",
      "3 ms: a can go on; the loop switches to a (a coroutine switch)",
      "3 ms: the loop, idle since 2.1 ms, takes a; before: b has finished"},
     {"0 ns : le cœur 0 est libre et exécute la boucle", "0 ns : la boucle est libre et exécute a",
      "0 ns : b peut reprendre, mais la boucle exécute a (une coroutine à la fois)",
      "1 ms : la boucle quitte a pour b : a attend une E/S ou une réponse (un await)",
      "3 ms : le cœur 0 est libre et exécute la boucle",
      "3 ms : a peut reprendre ; la boucle passe à a (un changement de coroutine)",
      "3 ms : la boucle, libre depuis 2,1 ms, prend a ; avant : b a terminé"}},
    {"loop creating it",
     "profile ideal\nmodel coroutines\nspawn coroutine=1ms\nswitch coroutine=0ns\nrequest a : cpu 1ms\n",
     {"0 ns: core 0 is free and runs the loop", "0 ns: the loop is free and runs a",
      "0 ns: the loop creates a (the cost of a new coroutine), then runs it"},
     {"0 ns : le cœur 0 est libre et exécute la boucle", "0 ns : la boucle est libre et exécute a",
      "0 ns : la boucle crée a (le coût d'une nouvelle coroutine), puis l'exécute"}},
    /* The main thread creates a (100 us) on the one core, then has nothing left to do. */
    {"main done",
     "profile ideal\nmodel threads\ngil off\ncores 1\nspawn thread=100us\nswitch thread=0ns\nrequest a : cpu 1ms\n",
     {"0 ns: core 0 is free and runs main",
      "100 \xC2\xB5s: core 0 leaves main for a: main has no more units to create"},
     {"0 ns : le cœur 0 est libre et exécute le principal",
      "100 \xC2\xB5s : le cœur 0 quitte le principal pour a : le principal n'a plus d'unité à créer"}},
    /* a takes x at 0 and computes 2 ms; b asks for x at 0 and gets it when a releases it. */
    {"lock",
     "model threads\ngil off\ncores 2\n" ZERO "lock x\nrequest a : acquire x ; cpu 2ms ; release x\n"
     "request b : acquire x ; cpu 1ms ; release x\n",
     {"0 ns: core 0 is free and runs a", "0 ns: b waits for lock x, held by a",
      "2 ms: core 0 leaves a for b: a has finished"},
     {"0 ns : le cœur 0 est libre et exécute a", "0 ns : b attend le verrou x, tenu par a",
      "2 ms : le cœur 0 quitte a pour b : a a terminé"}},
    /* A semaphore of 2 and three threads on three cores: the third waits for a permit until 1 ms. */
    {"semaphore",
     "model threads\ngil off\ncores 3\n" ZERO "semaphore s 2\nrepeat 3 request r : acquire s ; cpu 1ms ; release s\n",
     {"0 ns: core 0 is free and runs thread 1", "0 ns: core 1 is free and runs thread 2",
      "0 ns: thread 3 waits for semaphore s: its 2 permits are held (thread 1, thread 2)",
      "1 ms: core 0 leaves thread 1 for thread 3: thread 1 has finished"},
     {"0 ns : le cœur 0 est libre et exécute le thread 1", "0 ns : le cœur 1 est libre et exécute le thread 2",
      "0 ns : le thread 3 attend le sémaphore s : ses 2 jetons sont pris (le thread 1, le thread 2)",
      "1 ms : le cœur 0 quitte le thread 1 pour le thread 3 : le thread 1 a terminé"}},
    /* c waits on the empty queue from 0; at 1 ms p's first put hands it an item (c computes), the
     * second fills the queue of 1, the third must wait. */
    {"queue",
     "model threads\ngil off\ncores 2\n" ZERO "queue q size=1\nrequest c : get q ; cpu 2ms ; get q\n"
     "request p at=1ms : put q ; put q ; put q\n",
     {"0 ns: c waits to get from queue q: it is empty", "1 ms: core 0 is free and runs c",
      "1 ms: p waits to put into queue q: it is full (size 1)"},
     {"0 ns : c attend de prendre dans la file q : elle est vide", "1 ms : le cœur 0 est libre et exécute c",
      "1 ms : p attend de déposer dans la file q : elle est pleine (taille 1)"}},
    /* The a/b pair: each takes one lock, computes 1 ms, asks for the other's: stuck at 1 ms. */
    {"deadlock",
     "model threads\ngil off\ncores 2\n" ZERO "lock x\nlock y\n"
     "request a : acquire x ; cpu 1ms ; acquire y ; release y ; release x\n"
     "request b : acquire y ; cpu 1ms ; acquire x ; release x ; release y\n",
     {"0 ns: core 0 is free and runs a", "0 ns: core 1 is free and runs b",
      "1 ms: deadlock, the run stops: b -> lock x -> a -> lock y -> b"},
     {"0 ns : le cœur 0 est libre et exécute a", "0 ns : le cœur 1 est libre et exécute b",
      "1 ms : interblocage, l'exécution s'arrête : b -> lock x -> a -> lock y -> b"}},
    /* A 5 ms call with a 1 ms timeout: abandoned at 1 ms. */
    {"timeout",
     "model threads\ngil off\n" ZERO "server s\nrequest a : call s latency=0ns serve=5ms timeout=1ms\n",
     {"1 ms: a gives up: its timeout has passed (its request fails, its locks are released)"},
     {"1 ms : a abandonne : son délai est dépassé (sa requête échoue, ses verrous sont rendus)"}},
    /* Three calls reach a one-core server at 0: the first is served, two queue (0, then 1 ahead). */
    {"queued at a server",
     "model threads\ngil off\ncores 2\n" ZERO "server s\nrepeat 3 request r : call s latency=0ns serve=1ms\n",
     {"0 ns: thread 2 waits for its call to be served, in the queue of s: every core of the server is busy; "
      "calls ahead of it: 0",
      "0 ns: thread 3 waits for its call to be served, in the queue of s: every core of the server is busy; "
      "calls ahead of it: 1"},
     {"0 ns : le thread 2 attend que son appel soit servi, dans la file de s : tous les cœurs du serveur sont "
      "occupés ; appels devant lui : 0",
      "0 ns : le thread 3 attend que son appel soit servi, dans la file de s : tous les cœurs du serveur sont "
      "occupés ; appels devant lui : 1"}},
    /* 600 KiB per thread in a 1 MiB budget: the second request does not fit. */
    {"memory budget",
     "model threads\ngil off\n" ZERO "memory budget=1MiB thread=600KiB\nrepeat 2 request r : cpu 1ms\n",
     {"0 ns: core 0 is free and runs thread 1",
      "0 ns: request r #2 is refused: 600KiB of memory are held and the budget is 1MiB"},
     {"0 ns : le cœur 0 est libre et exécute le thread 1",
      "0 ns : la requête r #2 est refusée : 600 Kio de mémoire sont pris et le budget est de 1 Mio"}},
};

static void run(const char *text, trc *t, lay_whys *w)
{
    scn s;
    sl_err err = {0};
    if (!scn_parse("why.scn", text, strlen(text), &s, &err))
        fail_msg("parse: %s", err.msg);
    sim_opts o = {.record_trace = true};
    sim_metrics m;
    if (!sim_run(&s, &o, t, &m, &err))
        fail_msg("run: %s", err.msg);
    scn_free(&s);
    assert_true(lay_why_build(t, w));
}

static void check_lang(const trc *t, const lay_whys *w, const char *const *want, lay_lang lang, const char *name)
{
    size_t n = 0;
    while (n < MAXD && want[n])
        n++;
    char buf[1024];
    for (size_t i = 0; i < w->n && i < n; i++) {
        lay_why_sentence(t, &w->v[i], lang, buf, sizeof buf);
        if (strcmp(buf, want[i]) != 0)
            fail_msg("%s [%s] decision %zu:\n  got  %s\n  want %s", name, lay_lang_name(lang), i, buf, want[i]);
    }
    if (w->n != n)
        fail_msg("%s: %zu decisions, want %zu", name, w->n, n);
}

static void test_every_cause_in_both_languages(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        trc t;
        lay_whys w;
        run(cases[c].text, &t, &w);
        check_lang(&t, &w, cases[c].en, LAY_LANG_EN, cases[c].name);
        check_lang(&t, &w, cases[c].fr, LAY_LANG_FR, cases[c].name);
        lay_why_free(&w);
        trc_free(&t);
    }
}

/* A tooltip finds, from its segment alone, the decision (and so the sentence) the list has. */
static void test_a_segment_finds_its_decision(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        trc t;
        lay_whys w;
        run(cases[c].text, &t, &w);
        for (size_t i = 0; i < w.n; i++) {
            if (w.v[i].seg < 0)
                continue;
            lay_why d;
            assert_true(lay_why_of_seg(&t, (size_t)w.v[i].seg, &d));
            char x[1024], y[1024];
            lay_why_sentence(&t, &w.v[i], LAY_LANG_EN, x, sizeof x);
            lay_why_sentence(&t, &d, LAY_LANG_EN, y, sizeof y);
            assert_string_equal(x, y);
        }
        lay_why_free(&w);
        trc_free(&t);
    }
}

/* From before the first forwards, and from past the last backwards: the same indices, reversed. */
static void test_stepping_back_reverses_forward(void **state)
{
    (void)state;
    trc t;
    lay_whys w;
    run(cases[1].text, &t, &w);
    long fwd[64], back[64];
    size_t nf = 0, nb = 0;
    for (long i = lay_why_step(&w, -1, 1); i < (long)w.n && nf < 64; i = lay_why_step(&w, i, 1))
        fwd[nf++] = i;
    for (long i = lay_why_step(&w, (long)w.n, -1); i >= 0 && nb < 64; i = lay_why_step(&w, i, -1))
        back[nb++] = i;
    assert_int_equal(nf, w.n);
    assert_int_equal(nb, nf);
    for (size_t i = 0; i < nf; i++)
        assert_int_equal(fwd[i], back[nf - 1 - i]);
    assert_true(w.n >= 6);
    lay_why_free(&w);
    trc_free(&t);
}

/* Two runs of one scenario give the same decisions, field for field. */
static void test_decisions_are_deterministic(void **state)
{
    (void)state;
    const char *text = "model threads\ngil on\ncores 2\nrepeat 6 rate=2000/s request r : cpu exp(300us) ; "
                       "io 1ms ; cpu 200us\n";
    trc a, b;
    lay_whys wa, wb;
    run(text, &a, &wa);
    run(text, &b, &wb);
    assert_int_equal(wa.n, wb.n);
    assert_true(wa.n > 0);
    for (size_t i = 0; i < wa.n; i++) {
        char x[1024], y[1024];
        lay_why_sentence(&a, &wa.v[i], LAY_LANG_FR, x, sizeof x);
        lay_why_sentence(&b, &wb.v[i], LAY_LANG_FR, y, sizeof y);
        assert_string_equal(x, y);
    }
    lay_why_free(&wa);
    lay_why_free(&wb);
    trc_free(&a);
    trc_free(&b);
}

/* French times use the decimal comma and a space before the unit. */
static void test_times(void **state)
{
    (void)state;
    char buf[48];
    assert_string_equal(lay_why_time(12300000, LAY_LANG_FR, buf, sizeof buf), "12,3 ms");
    assert_string_equal(lay_why_time(12300000, LAY_LANG_EN, buf, sizeof buf), "12.3 ms");
    assert_string_equal(lay_why_time(250000, LAY_LANG_EN, buf, sizeof buf), "250 \xC2\xB5s");
    assert_string_equal(lay_why_time(1500000000, LAY_LANG_FR, buf, sizeof buf), "1,5 s");
    assert_string_equal(lay_why_time(0, LAY_LANG_EN, buf, sizeof buf), "0 ns");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cause_in_both_languages),
        cmocka_unit_test(test_a_segment_finds_its_decision),
        cmocka_unit_test(test_stepping_back_reverses_forward),
        cmocka_unit_test(test_decisions_are_deterministic),
        cmocka_unit_test(test_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
