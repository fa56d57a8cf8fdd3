/* test_hostile.c — hostile input for the parser and the engine: every case fails with its exact
 * message (or is accepted at its limit), never with a crash, a hang or a silent wrong answer.
 * tests/test_parse.c already covers each statement's missing and extra arguments, the basic range
 * errors and the 10 MB first line; the tables here add what it lacks, and do not repeat its rows.
 * The .scn files in tests/regress/ are inputs that once crashed (or overflowed): each names its expected
 * message on a `# expect: ` line and runs under every model. */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "rng.h"
#include "scn.h"
#include "sim.h"

#define R "request a : cpu 1ms\n"
#define MB (1u << 20)

/* A text with its length, so that rows may hold NUL bytes. */
#define T(lit) lit, sizeof lit - 1

typedef struct {
    const char *text;
    size_t len;
    const char *msg;   /* the exact error */
} err_row;

/* Parses text[0..len) as t.scn; returns true on success (and frees it), else err holds why. */
static bool parse_once(const char *text, size_t len, sl_err *err)
{
    scn s;
    memset(err, 0, sizeof *err);
    if (!scn_parse("t.scn", text, len, &s, err))
        return false;
    scn_free(&s);
    return true;
}

/* Fails the test unless text is rejected with exactly msg; `what` names the case. */
static void check_error(const char *what, const char *text, size_t len, const char *msg)
{
    sl_err err;
    if (parse_once(text, len, &err))
        fail_msg("%s: parsed, but expected\n  %s", what, msg);
    if (strcmp(err.msg, msg) != 0)
        fail_msg("%s:\n  got      %s\n  expected %s", what, err.msg, msg);
}

static void check_rows(const err_row *rows, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char what[64];
        snprintf(what, sizeof what, "row %zu (%.30s)", i, rows[i].text);
        check_error(what, rows[i].text, rows[i].len, rows[i].msg);
    }
}

/* ---------------------------------------------------------------- bytes */

static const err_row byte_rows[] = {
    /* NUL anywhere: first byte, only NULs, in a name, after a complete file, in a label */
    {T("\0"), "t.scn:1:1: error: unexpected NUL byte"},
    {T("\0\0\0\0\0\0\0\0"), "t.scn:1:1: error: unexpected NUL byte"},
    {T("request a\0b : cpu 1ms\n"), "t.scn:1:10: error: unexpected NUL byte"},
    {T(R "\0"), "t.scn:2:1: error: unexpected NUL byte"},
    {T("request a : cpu 1ms \"x\0\"\n"), "t.scn:1:23: error: unexpected NUL byte"},
    /* invalid UTF-8: in names (any non-name byte is a name error, valid UTF-8 or not) */
    {T("request \xff\xfe : cpu 1ms\n"), "t.scn:1:9: error: expected a name ([A-Za-z0-9._-]), got '\\xff\\xfe'"},
    {T("server \x80\n" R), "t.scn:1:8: error: expected a name ([A-Za-z0-9._-]), got '\\x80'"},
    {T("client \xc3\xa9\n" R), "t.scn:1:8: error: expected a name ([A-Za-z0-9._-]), got '\\xc3\\xa9'"},
    {T("request a : call \xfe latency=1ms serve=1ms\n"),
     "t.scn:1:18: error: expected a name ([A-Za-z0-9._-]), got '\\xfe'"},
    /* ... and in titles, labels and notes: the column is the first bad byte */
    {T("title \"\xf4\x90\x80\x80\"\n" R), "t.scn:1:8: error: invalid UTF-8 in string"},       /* > U+10FFFF */
    {T("title \"\xf0\x8f\xbf\xbf\"\n" R), "t.scn:1:8: error: invalid UTF-8 in string"},       /* overlong */
    {T("title \"\xf8\x88\x80\x80\x80\"\n" R), "t.scn:1:8: error: invalid UTF-8 in string"},   /* 5 bytes */
    {T("title \"ok\xe2\x82\"\n" R), "t.scn:1:10: error: invalid UTF-8 in string"},            /* cut */
    {T("title \"\x80\"\n" R), "t.scn:1:8: error: invalid UTF-8 in string"},                   /* lone */
    {T("note client at=1ms \"\xfe\"\n" R), "t.scn:1:21: error: invalid UTF-8 in string"},
    {T("request a : cpu 1ms \"caf\xe9\""), "t.scn:1:25: error: invalid UTF-8 in string"},    /* at EOF */
    /* control bytes: vertical tab, DEL, a lone CR inside a line (old Mac line ends) */
    {T("request a : cpu\v1ms\n"), "t.scn:1:16: error: unexpected control character '\\x0b'"},
    {T("request a : cpu 1ms\x7f\n"), "t.scn:1:20: error: unexpected control character '\\x7f'"},
    {T("request a : cpu 1ms \"\x7f\"\n"), "t.scn:1:22: error: unexpected control character '\\x7f'"},
    {T("request a : cpu 1ms\rrequest b : cpu 1ms\n"), "t.scn:1:20: error: unexpected control character '\\x0d'"},
    /* a byte order mark says what it is rather than "unknown statement" */
#define BOM_MSG "t.scn:1:1: error: expected a statement, got a UTF-8 byte order mark (save the file without BOM)"
    {T("\xef\xbb\xbf" R), BOM_MSG},
    {T("\xef\xbb\xbf"), BOM_MSG},
    /* punctuation soup and lone tokens */
    {T("===="), "t.scn:1:1: error: expected a statement, got '='"},
    {T("\""), "t.scn:1:1: error: unterminated string"},
    {T("request"), "t.scn:1:8: error: expected a request name, got end of file"},
    {T("\n\n\n\r\n\r"), "t.scn:1:1: error: expected at least one 'request'"},
};

static void test_hostile_bytes_give_their_exact_error(void **state)
{
    (void)state;
    check_rows(byte_rows, sizeof byte_rows / sizeof byte_rows[0]);
}

/* ---------------------------------------------------------------- strings and nesting */

static const err_row nesting_rows[] = {
    {T("title \"abc"), "t.scn:1:7: error: unterminated string"},                 /* at end of file */
    {T("title \"abc\\"), "t.scn:1:7: error: unterminated string"},               /* escape at EOF */
    {T("title \"\\"), "t.scn:1:7: error: unterminated string"},
    {T("title \"\"\"\n" R), "t.scn:1:9: error: unterminated string"},            /* a second one opens */
    {T("request a : cpu exp(exp(exp(1ms)))\n"), "t.scn:1:21: error: expected a constant duration, got 'exp'"},
    {T("request a : cpu uniform(uniform(1ms,2ms),3ms)\n"),
     "t.scn:1:25: error: expected a constant duration, got 'uniform'"},
    {T("request a : cpu ((((1ms))))\n"), "t.scn:1:17: error: expected a duration, got '('"},
    {T("request a : cpu exp((1ms))\n"), "t.scn:1:21: error: expected a duration, got '('"},
    {T("request a : cpu uniform(1ms,2ms,3ms)\n"), "t.scn:1:32: error: expected ')', got ','"},
};

static void test_strings_and_nesting_give_their_exact_error(void **state)
{
    (void)state;
    check_rows(nesting_rows, sizeof nesting_rows / sizeof nesting_rows[0]);
}

/* prefix + n copies of fill + suffix, in a new buffer of *len bytes (caller frees). */
static char *repeat_text(const char *prefix, const char *fill, size_t n, const char *suffix, size_t *len)
{
    size_t pl = strlen(prefix), fl = strlen(fill), sl = strlen(suffix);
    char *p = malloc(pl + n * fl + sl + 1);
    assert_non_null(p);
    memcpy(p, prefix, pl);
    for (size_t i = 0; i < n; i++)
        memcpy(p + pl + i * fl, fill, fl);
    memcpy(p + pl + n * fl, suffix, sl + 1);
    *len = pl + n * fl + sl;
    return p;
}

typedef struct {
    const char *prefix, *fill;
    size_t n;
    const char *suffix;
    const char *msg;   /* NULL: accepted */
} gen_row;

/* Generated texts: 10 MB lines past the first, the exact line and string and name limits, deep
 * nesting, 100 000 escaped quotes. */
static const gen_row gen_rows[] = {
    {R "server s\n# ", "a", 10 * MB, "\n", "t.scn:3:1: error: line too long (limit is 1048576 bytes)"},
    {R "title \"", "b", 10 * MB, "\"\n", "t.scn:2:1: error: line too long (limit is 1048576 bytes)"},
    {R "\n", "c", 10 * MB, "", "t.scn:3:1: error: line too long (limit is 1048576 bytes)"},  /* no LF */
    {R "#", "d", MB - 1, "\n", NULL},                                          /* exactly 1 MiB */
    {R "#", "d", MB, "\n", "t.scn:2:1: error: line too long (limit is 1048576 bytes)"},
    {"title \"", "e", 4096, "\"\n" R, NULL},
    {"title \"", "e", 4097, "\"\n" R, "t.scn:1:7: error: string too long (limit is 4096 bytes)"},
    {"title \"", "\\\"", 4096 / 2, "\"\n" R, NULL},                            /* 4096 bytes of escapes */
    {"title \"", "\\\"", 100000, "\"\n" R, "t.scn:1:7: error: string too long (limit is 4096 bytes)"},
    {"request ", "n", 255, " : cpu 1ms\n", NULL},
    {"request ", "n", 256, " : cpu 1ms\n", "t.scn:1:9: error: name too long (limit is 255 bytes)"},
    {"request a : cpu ", "(", 100000, "1ms\n", "t.scn:1:17: error: expected a duration, got '('"},
    {"request a : cpu ", "exp(", 100000, "1ms\n", "t.scn:1:21: error: expected a constant duration, got 'exp'"},
    {"server s\nrequest a : ", "call s latency=1ms serve=1ms ; ", 30000, "cpu 1ms\n", NULL},
};

static void test_generated_texts_at_and_past_the_limits(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof gen_rows / sizeof gen_rows[0]; i++) {
        const gen_row *g = &gen_rows[i];
        size_t len;
        char *text = repeat_text(g->prefix, g->fill, g->n, g->suffix, &len);
        char what[64];
        snprintf(what, sizeof what, "generated row %zu ('%s' x %zu)", i, g->fill, g->n);
        sl_err err;
        if (!g->msg && !parse_once(text, len, &err))
            fail_msg("%s: %s", what, err.msg);
        if (g->msg)
            check_error(what, text, len, g->msg);
        free(text);
    }
}

/* 65 537 notes and 4 097 servers: past the limits, with the line of the first one too many. */
static void test_note_and_server_counts_are_limited(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat_text(R, "note client at=1ms \"x\"\n", 65537, "", &len);
    check_error("65537 notes", text, len, "t.scn:65538:6: error: too many notes (limit is 65536)");
    free(text);
    char *big = malloc(4097 * 24 + 64), *p = big;
    for (int i = 0; i < 4097; i++)
        p += sprintf(p, "server s%d\n", i);
    p += sprintf(p, R);
    check_error("4097 servers", big, (size_t)(p - big), "t.scn:4097:8: error: too many servers (limit is 4096)");
    free(big);
}

/* ---------------------------------------------------------------- numbers */

static const err_row number_rows[] = {
    /* overflow in every place a duration goes (test_parse: a cpu step) */
    {T("request a at=99999999999999999s : cpu 1ms\n"), "t.scn:1:14: error: overflowing duration '99999999999999999s'"},
    {T("repeat 2 every=99999999999999999s request a : cpu 1ms\n"),
     "t.scn:1:16: error: overflowing duration '99999999999999999s'"},
    {T("timeslice 99999999999999999s\n" R), "t.scn:1:11: error: overflowing duration '99999999999999999s'"},
    {T("switchinterval 99999999999999999s\n" R), "t.scn:1:16: error: overflowing duration '99999999999999999s'"},
    {T("spawn thread=99999999999999999s\n" R), "t.scn:1:14: error: overflowing duration '99999999999999999s'"},
    {T("request a : cpu exp(99999999999999999s)\n"), "t.scn:1:21: error: overflowing duration '99999999999999999s'"},
    {T("request a : cpu uniform(1ms,99999999999999999s)\n"),
     "t.scn:1:29: error: overflowing duration '99999999999999999s'"},
    {T("server s\nrequest a : call s latency=99999999999999999s serve=1ms\n"),
     "t.scn:2:28: error: overflowing duration '99999999999999999s'"},
    {T("note client at=99999999999999999s \"x\"\n" R), "t.scn:1:16: error: overflowing duration '99999999999999999s'"},
    /* around INT64_MAX and the 1e6 s limit */
    {T("request a : cpu 9223372036854775807ns\n"),
     "t.scn:1:17: error: duration '9223372036854775807ns' is above the limit of 1000000s"},
    {T("request a : cpu 9223372036854775808ns\n"), "t.scn:1:17: error: overflowing duration '9223372036854775808ns'"},
    {T("request a : cpu 1000000.000000001s\n"),
     "t.scn:1:17: error: duration '1000000.000000001s' is above the limit of 1000000s"},
    {T("memory budget=1125899906842625B\n" R),
     "t.scn:1:15: error: size '1125899906842625B' is above the limit of 1024TiB"},
    /* signs: a minus is never part of a number; -0 is no value at all */
    {T("request a : cpu -0ms\n"), "t.scn:1:17: error: expected a duration, got '-0ms'"},
    {T("request a : cpu --1ms\n"), "t.scn:1:17: error: expected a duration, got '--1ms'"},
    {T("request a : cpu +1ms\n"), "t.scn:1:17: error: expected a duration, got '+1ms'"},
    {T("request a : cpu -0.5ms\n"), "t.scn:1:17: error: duration must be >= 0, got '-0.5ms'"},
    {T("cores -0\n" R), "t.scn:1:7: error: expected a number of cores, got '-0'"},
    {T("workers -000\n" R), "t.scn:1:9: error: expected a number of workers, got '-000'"},
    {T("seed -1\n" R), "t.scn:1:6: error: seed must be >= 0, got '-1'"},
    {T("repeat -1 request a : cpu 1ms\n"), "t.scn:1:8: error: repeat count must be >= 1, got '-1'"},
    {T("server s cores=-1\n" R), "t.scn:1:16: error: cores must be >= 1, got '-1'"},
    {T("note client at=-1ms \"x\"\n" R), "t.scn:1:16: error: duration must be >= 0, got '-1ms'"},
    {T("request a : cpu uniform(-1ms,1ms)\n"), "t.scn:1:25: error: duration must be >= 0, got '-1ms'"},
    {T("repeat 2 rate=-1/s request a : cpu 1ms\n"), "t.scn:1:15: error: rate must be > 0, got '-1/s'"},
    {T("latency scale=-1\n" R), "t.scn:1:15: error: latency scale must be > 0, got '-1'"},
    {T("latency scale=-0\n" R), "t.scn:1:15: error: expected a latency scale (a positive number), got '-0'"},
    {T("memory budget=-1B\n" R), "t.scn:1:15: error: size must be > 0, got '-1B'"},
    {T("timeslice 0.4ns\n" R), "t.scn:1:11: error: duration must be > 0, got '0.4ns'"},
    {T("repeat 2 rate=1e9/s request a : cpu 1ms\n"), "t.scn:1:15: error: expected a rate N/s, got '1e9/s'"},
    {T("repeat 2 rate=1000000001/s request a : cpu 1ms\n"),
     "t.scn:1:15: error: rate must be at most 1e+09, got '1000000001/s'"},
    {T("repeat 2 rate=0.0/s request a : cpu 1ms\n"), "t.scn:1:15: error: rate must be > 0, got '0.0/s'"},
    /* request counts: past 32 bits, at the limit plus one, summed over statements */
    {T("repeat 4294967296 request a : cpu 1ms\n"), "t.scn:1:8: error: too many requests (limit is 10000000)"},
    {T("repeat 4294967297 request a : cpu 1ms\n"), "t.scn:1:8: error: too many requests (limit is 10000000)"},
    {T("repeat 10000001 request a : cpu 1ms\n"), "t.scn:1:8: error: too many requests (limit is 10000000)"},
    {T("repeat 2000000000 every=1ms request a : cpu 1ms\n"), "t.scn:1:8: error: too many requests (limit is 10000000)"},
    {T("repeat 5000000 request a : cpu 1ms\nrepeat 5000001 request b : cpu 1ms\n"),
     "t.scn:2:8: error: too many requests (limit is 10000000)"},
    {T("cores 4294967297\n" R), "t.scn:1:7: error: too many cores (limit is 4096)"},
    {T("workers 18446744073709551616\n" R), "t.scn:1:9: error: too many workers (limit is 1000000)"},
};

static void test_hostile_numbers_give_their_exact_error(void **state)
{
    (void)state;
    check_rows(number_rows, sizeof number_rows / sizeof number_rows[0]);
}

/* ---------------------------------------------------------------- names and arguments */

static const err_row stmt_rows[] = {
    /* hosts: case matters, a request is no host, an undefined one after a thousand lines */
    {T("server s\n" R "request b : call S latency=1ms serve=1ms\n"), "t.scn:3:18: error: unknown host 'S'"},
    {T("request x : cpu 1ms\nrequest a : call x latency=1ms serve=1ms\n"), "t.scn:2:18: error: unknown host 'x'"},
    {T("server s\nrequest a : call s latency=1ms serve=1ms ; call t latency=1ms serve=1ms\n"),
     "t.scn:2:49: error: unknown host 't'"},
    {T("note s at=1ms \"x\"\nrequest a : call s latency=1ms serve=1ms\n"), "t.scn:1:6: error: unknown host 's'"},
    /* duplicates (test_parse: servers, requests, hosts, once-only statements) */
    {T("client x\nclient y\n" R), "t.scn:2:1: error: duplicate 'client' (first at 1:1)"},
    {T("note client at=1ms at=2ms \"x\"\n" R), "t.scn:1:20: error: duplicate key 'at'"},
    {T("note client from=1ms from=2ms to=3ms \"x\"\n" R), "t.scn:1:22: error: duplicate key 'from'"},
    {T("memory budget=1GiB budget=2GiB\n" R), "t.scn:1:20: error: duplicate key 'budget'"},
    {T("switch thread=1us thread=2us\n" R), "t.scn:1:19: error: duplicate key 'thread'"},
    {T("request a at=1ms at=2ms : cpu 1ms\n"), "t.scn:1:18: error: duplicate key 'at'"},
    {T("repeat 3 every=1ms every=2ms request a : cpu 1ms\n"), "t.scn:1:20: error: expected 'request', got 'every'"},
    {T("repeat 3 rate=1/s rate=2/s request a : cpu 1ms\n"), "t.scn:1:19: error: expected 'request', got 'rate'"},
    /* missing and extra arguments test_parse.c does not list */
    {T("latency scale=1 x\n" R), "t.scn:1:17: error: expected end of line, got 'x'"},
    {T("note client at=1ms \"x\" y\n" R), "t.scn:1:24: error: expected end of line, got 'y'"},
    {T("server s cores=\n" R), "t.scn:1:16: error: expected a number of cores, got end of line"},
    {T("request a at= : cpu 1ms\n"), "t.scn:1:15: error: expected a duration, got ':'"},
    {T("request a : io\n"), "t.scn:1:15: error: expected a duration, got end of line"},
    {T("request a : block\n"), "t.scn:1:18: error: expected a duration, got end of line"},
    {T("server s\nrequest a : call s latency=1ms serve=1ms extra\n"),
     "t.scn:2:42: error: expected 'latency=', 'serve=', 'timeout=', a label, ';' or end of line, got 'extra'"},
    {T("request a : cpu 1ms \"l\" \"m\"\n"), "t.scn:1:25: error: expected ';' or end of line, got '\"m\"'"},
    {T("seed 1 2\n" R), "t.scn:1:8: error: expected end of line, got '2'"},
    {T("profile c c\n" R), "t.scn:1:11: error: expected end of line, got 'c'"},
    {T("switchinterval 1ms 1ms\n" R), "t.scn:1:20: error: expected end of line, got '1ms'"},
    {T("title \"a\" \"b\" \"c\"\n" R), "t.scn:1:11: error: expected end of line, got '\"b\"'"},
    {T("request a : cpu 1ms ;; cpu 1ms\n"), "t.scn:1:22: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got ';'"},
    {T("request a :: cpu 1ms\n"), "t.scn:1:12: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got ':'"},
    {T("request a : cpu 1ms ; call\n"), "t.scn:1:27: error: expected a host name, got end of line"},
    {T("request a : cpu 1ms ;\n"), "t.scn:1:22: error: expected a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, get or N * (...)), got end of line"},
};

static void test_names_and_arguments_give_their_exact_error(void **state)
{
    (void)state;
    check_rows(stmt_rows, sizeof stmt_rows / sizeof stmt_rows[0]);
}

/* Inputs at a limit, or odd but valid: each must parse. */
static const char *const ok_rows[] = {
    "request a : cpu 1000000.0000000001s\n",                    /* rounds to the limit */
    "request a : cpu 0.00000000000000000000000000000001s\n",    /* rounds to 0, allowed for cpu */
    "request a : cpu 1.99999999999999999999999999999999999999s\n",
    "request a : call s latency=1ms serve=1ms\nserver s\n",     /* a host declared after its use */
    "note s at=1ms \"x\"\nserver s\n" R,
    "client client\n" R,
    "request A : cpu 1ms\n" R,                                    /* names are case-sensitive */
    "server a\nrequest a : call a latency=1ms serve=1ms\n",      /* requests and servers: two spaces */
    "cores 4096\nworkers 1000000\nserver s cores=1000000\n" R,
    "repeat 10000000 request a : cpu 1ms\n",                      /* the request limit itself */
    "repeat 3 rate=0.0000001/s request a : cpu 1ms\n",
    "repeat 3 rate=1000000000/s request a : cpu 1ms\n",
    "seed 18446744073709551615\nlatency scale=1000000\n" R,
    "memory\tbudget=1024TiB\n" R,
    "request a : cpu 1ms\r",                                      /* a CR ending the text */
    "request a : cpu 1ms\n\r\n",
};

static void test_inputs_at_their_limits_are_accepted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ok_rows / sizeof ok_rows[0]; i++) {
        sl_err err;
        if (!parse_once(ok_rows[i], strlen(ok_rows[i]), &err))
            fail_msg("ok row %zu (%.40s): %s", i, ok_rows[i], err.msg);
    }
}

/* ---------------------------------------------------------------- --set */

static const struct {
    const char *kv, *msg;
} set_rows[] = {
    {"", "--set : error: expected KEY=VALUE"},
    {"=", "--set =: error: unknown key '' (expected model, cores, timeslice, switch.KIND, spawn.KIND, "
          "memory.KIND, memory.budget, gil, switchinterval, workers, seed, profile, latency.scale, title, "
          "repeat, limit.events, limit.memory, semaphore.NAME or queue.NAME; KIND is process, thread or coroutine)"},
    {"cores=4294967297", "--set cores=4294967297: error: too many cores (limit is 4096)"},
    {"cores=-0", "--set cores=-0: error: expected a number of cores, got '-0'"},
    {"timeslice=99999999999999999s",
     "--set timeslice=99999999999999999s: error: overflowing duration '99999999999999999s'"},
    {"latency.scale=-1", "--set latency.scale=-1: error: latency scale must be > 0, got '-1'"},
    {"model=threads\x01", "--set model=threads\\x01: error: unexpected control character '\\x01'"},
    {"title=caf\xe9", "--set title=caf\\xe9: error: invalid UTF-8 in string"},
    {"repeat=4294967297", "--set repeat=4294967297: error: too many requests (limit is 10000000)"},
};

static void test_hostile_set_values_give_their_exact_error(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof set_rows / sizeof set_rows[0]; i++) {
        scn s;
        sl_err err = {0};
        const char *text = "repeat 3 request a : cpu 1ms\n";
        assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
        if (scn_set(&s, set_rows[i].kv, &err))
            fail_msg("--set %s: accepted", set_rows[i].kv);
        if (strcmp(err.msg, set_rows[i].msg) != 0)
            fail_msg("--set %s:\n  got      %s\n  expected %s", set_rows[i].kv, err.msg, set_rows[i].msg);
        scn_free(&s);
    }
    size_t len;
    char *kv = repeat_text("title=", "t", 4097, "", &len);
    scn s;
    sl_err err = {0};
    assert_true(scn_parse("t.scn", T(R), &s, &err));
    assert_false(scn_set(&s, kv, &err));
    assert_non_null(strstr(err.msg, ": error: string too long (limit is 4096 bytes)"));
    scn_free(&s);
    free(kv);
}

/* ---------------------------------------------------------------- random input */

/* Random bytes from a fixed seed (the project's counter-based generator: the same on every
 * platform), so the first failure of each is known. */
static char *garbage(uint64_t seed, size_t n)
{
    char *p = malloc(n);
    assert_non_null(p);
    for (size_t i = 0; i < n; i++)
        p[i] = (char)(rng_mix(seed * 0x100000000u + i) & 0xff);
    return p;
}

/* True when msg reads `t.scn:LINE:COL: error: ...` with LINE in [1, max_line] and COL >= 1. */
static bool well_formed(const char *msg, long max_line)
{
    long line, col;
    int n = 0;
    if (sscanf(msg, "t.scn:%ld:%ld: error: %n", &line, &col, &n) != 2 || n == 0)
        return false;
    return line >= 1 && line <= max_line && col >= 1 && msg[n] != '\0';
}

static long count_lines(const char *p, size_t n)
{
    long lines = 1;
    for (size_t i = 0; i < n; i++)
        lines += p[i] == '\n' || (p[i] == '\r' && (i + 1 == n || p[i + 1] != '\n'));
    return lines;
}

static void test_binary_garbage_fails_at_its_first_bad_byte(void **state)
{
    (void)state;
    static const struct {
        uint64_t seed;
        size_t n;
        const char *msg;
    } rows[] = {
        {1, 4096, "t.scn:1:1: error: unknown statement '8o'"},
        {2, 1 << 20, "t.scn:1:3: error: unexpected control character '\\x7f'"},
        {3, 4096, "t.scn:1:1: error: unknown statement '\\xfb\\x82\\xddx\\xdd\\xd6\\xa4kyJ'"},
        {8, 4096, "t.scn:1:1: error: unterminated string"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *p = garbage(rows[i].seed, rows[i].n);
        char what[48];
        snprintf(what, sizeof what, "garbage seed %llu", (unsigned long long)rows[i].seed);
        check_error(what, p, rows[i].n, rows[i].msg);
        free(p);
    }
    /* and many more, each with a well-formed message */
    for (uint64_t seed = 100; seed < 1100; seed++) {
        size_t n = (size_t)(rng_mix(seed) % 2000);
        char *p = garbage(seed, n);
        sl_err err;
        assert_false(parse_once(p, n, &err));
        if (!well_formed(err.msg, count_lines(p, n)))
            fail_msg("garbage seed %llu: %s", (unsigned long long)seed, err.msg);
        free(p);
    }
}

/* Scenarios made of valid lines, some of whose words are replaced, dropped or doubled: deeper
 * parser states than random bytes reach. Each parses or fails with a well-formed message; what
 * parses runs bounded under every model. */
static const char *const lines[] = {
    "server s cores=2", "server t", "client robot", "title \"x \\\" y\"", "model threads", "cores 2",
    "timeslice 1ms", "switch process=1us thread=2us", "spawn coroutine=1us", "memory budget=1GiB thread=64KiB",
    "gil on", "switchinterval 1ms", "workers 2", "seed 7", "profile c", "latency scale=2",
    "note robot at=1ms \"n\"", "note s from=1ms to=2ms \"m\"",
    "request a color=#ff0000 at=1ms : cpu 1ms \"l\" ; call s latency=exp(1ms) serve=uniform(1ms,2ms) ; io 1ms",
    "repeat 5 every=1ms request b : cpu exp(1ms) ; call t latency=1ms serve=1ms ; block 1ms",
    "repeat 7 rate=1000/s request c : io 2ms ; cpu 1ms",
};
static const char *const words[] = {
    "request", "repeat", "server", "note", "cpu", "io", "block", "call", "exp", "uniform", "every=",
    "rate=", "at=", "to=", "cores=", "s", "t", "robot", "0ns", "1000000s", "-1ms", "0.5us", "2/s",
    "#", ":", ";", "=", "(", ")", ",", "\"", "\"q\"", "\\", "4096", "99999999999999999999",
};

/* Appends line `l` to text at *o; when mutate, each word is replaced, dropped or doubled with
 * a small probability drawn from the counter *r. */
static void soup_line(char *text, size_t cap, size_t *o, const char *l, bool mutate, uint64_t *r)
{
    size_t nw = sizeof words / sizeof words[0];
    while (*l && *o + 64 < cap) {
        size_t n = strcspn(l, " ");
        uint64_t x = mutate ? rng_mix((*r)++) : 1;
        int act = x % 16 ? 0 : (int)(x >> 8) % 2 + 1;   /* 0 keep, 1 replace, 2 drop */
        if (act == 0 || act == 1)
            *o += (size_t)snprintf(text + *o, cap - *o, "%.*s ", act ? (int)strlen(words[(x >> 16) % nw]) : (int)n,
                                   act ? words[(x >> 16) % nw] : l);
        if (mutate && (x >> 24) % 64 == 0)   /* doubled */
            *o += (size_t)snprintf(text + *o, cap - *o, "%.*s ", (int)n, l);
        l += n + (l[n] == ' ');
    }
    *o += (size_t)snprintf(text + *o, cap - *o, "\n");
}

static void run_bounded(scn *s)
{
    for (int model = 0; model < SCN_MODEL_COUNT; model++) {
        s->cfg.model = (uint8_t)model;
        trc t;
        sim_metrics m;
        sim_opts o = {.record_trace = true, .max_segments = 20000, .max_events = 20000};
        sl_err err = {0};
        if (sim_run(s, &o, &t, &m, &err)) {
            assert_true(m.completed + m.failed == m.requests);
            trc_free(&t);
        } else {
            assert_true(strncmp(err.msg, "schedlab: error: ", 17) == 0 || strncmp(err.msg, "t.scn:", 6) == 0);
        }
    }
}

static void test_mutated_scenarios_parse_or_fail_cleanly(void **state)
{
    (void)state;
    char text[4096];
    int parsed = 0, failed = 0;
    for (uint64_t seed = 1; seed <= 4000; seed++) {
        size_t o = 0;
        uint64_t r = seed << 32;
        for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++)
            if (i < 3 || rng_mix(r++) % 3)   /* the hosts always: calls and notes name them */
                soup_line(text, sizeof text, &o, lines[i], seed % 4 != 0, &r);
        scn s;
        sl_err err = {0};
        if (scn_parse("t.scn", text, o, &s, &err)) {
            parsed++;
            if (scn_total_requests(&s) <= 64 && s.cfg.cores <= 16 && s.cfg.workers <= 64)
                run_bounded(&s);
            scn_free(&s);
        } else if (!well_formed(err.msg, count_lines(text, o))) {
            fail_msg("soup seed %llu: %s\n%.*s", (unsigned long long)seed, err.msg, (int)o, text);
        } else {
            failed++;
        }
    }
    /* both outcomes are common, or the mutations test little */
    assert_true(parsed > 400 && failed > 400);
}

/* ---------------------------------------------------------------- the engine */

typedef struct {
    const char *text;
    const char *model;      /* NULL: every model */
    uint64_t max_events;
    size_t max_segments;    /* nonzero: with a trace */
    const char *msg;        /* the exact error */
} run_row;

static const run_row run_rows[] = {
    {"timeslice 1ns\nrequest a : cpu 10s\n", NULL, 50000, 0,
     "schedlab: error: the run needs more than 50000 events (limit.events); stopped. Raise it with --max-events N "
     "or --set limit.events=N, or simulate less (a longer timeslice, fewer requests)"},
    {"repeat 1000 request p : cpu 1ms ; io 1ms ; cpu 1ms\n", NULL, 0, 100,
     "schedlab: error: too many segments in the trace (limit is 100)"},
    {"repeat 10000 every=1000000s request a : cpu 1ms\n", NULL, 0, 0,
     "t.scn:1:1: error: arrival time of request 'a' #9225 overflows"},
    {"repeat 10000 rate=0.0000001/s request a : cpu 1ms\n", NULL, 0, 0,
     "t.scn:1:1: error: arrival time of request 'a' overflows"},
    /* simulated time past 2^62 ns / cores: used to overflow int64_t (tests/regress/ has more) */
    {"repeat 10000 request a : io 1000000s ; block 1000000s\n", "sequential", 0, 0,
     "schedlab: error: the run goes past 146.1 years of simulated time, the limit with 1 client core; "
     "stopped (fewer or shorter requests will do)"},
    {"cores 4096\nrepeat 10000 request a : io 1000000s ; block 1000000s\n", "threads", 0, 0,
     "schedlab: error: the run goes past 13.03 days of simulated time, the limit with 4096 client cores; "
     "stopped (fewer or shorter requests will do)"},
};

/* Runs row r under model m; fails unless it stops with exactly r->msg and leaves the trace empty. */
static void check_run(const run_row *r, int m)
{
    scn s;
    sl_err err = {0};
    assert_true(scn_parse("t.scn", r->text, strlen(r->text), &s, &err));
    s.cfg.model = (uint8_t)m;
    trc t;
    sim_metrics met;
    sim_opts o = {.record_trace = r->max_segments > 0, .max_segments = r->max_segments, .max_events = r->max_events};
    if (sim_run(&s, &o, &t, &met, &err))
        fail_msg("%s under %s: ran, expected %s", r->text, scn_model_name((scn_model)m), r->msg);
    if (strcmp(err.msg, r->msg) != 0)
        fail_msg("%s under %s:\n  got      %s\n  expected %s", r->text, scn_model_name((scn_model)m), err.msg, r->msg);
    if (o.record_trace)
        assert_true(t.segs == NULL && t.nsegs == 0);   /* freed by the failed run */
    scn_free(&s);
}

static void test_engine_limits_stop_with_their_exact_message(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof run_rows / sizeof run_rows[0]; i++) {
        scn_model only;
        for (int m = 0; m < SCN_MODEL_COUNT; m++)
            if (!run_rows[i].model || (scn_model_from_name(run_rows[i].model, &only) && (int)only == m))
                check_run(&run_rows[i], m);
    }
}

/* One request of 65 535 steps of 1e6 s: 6.5e19 ns, past INT64_MAX on its own. */
static void test_one_request_longer_than_the_time_limit_stops(void **state)
{
    (void)state;
    size_t len;
    char *text = repeat_text("request a : ", "io 1000000s ; ", SCN_MAX_STEPS - 1, "io 1000000s\n", &len);
    scn s;
    sl_err err = {0};
    assert_true(scn_parse("t.scn", text, len, &s, &err));
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        s.cfg.model = (uint8_t)m;
        sim_metrics met;
        sim_opts o = {.record_trace = false};
        sl_err e2 = {0};
        assert_false(sim_run(&s, &o, NULL, &met, &e2));
        assert_string_equal(e2.msg, "schedlab: error: the run goes past 146.1 years of simulated time, the limit "
                                    "with 1 client core; stopped (fewer or shorter requests will do)");
    }
    scn_free(&s);
    free(text);
}

/* A budget of one byte: every request that needs a unit fails, and the run still ends. */
static void test_memory_budget_of_one_byte_fails_requests_not_the_run(void **state)
{
    (void)state;
    scn s;
    sl_err err = {0};
    const char *text = "memory budget=1B\nrepeat 1000 request a : cpu 1ms\n";
    assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
    for (int m = SCN_PROCESSES; m < SCN_MODEL_COUNT; m++) {
        s.cfg.model = (uint8_t)m;
        sim_metrics met;
        sim_opts o = {.record_trace = false};
        assert_true(sim_run(&s, &o, NULL, &met, &err));
        assert_int_equal(met.failed, 1000);
        assert_int_equal(met.completed, 0);
    }
    scn_free(&s);
}

/* ---------------------------------------------------------------- tests/regress */

/* The text after `# expect: ` in p[0..n), copied into out; false when there is none. */
static bool expected_message(const char *p, size_t n, char *out, size_t outlen)
{
    static const char key[] = "# expect: ";
    for (size_t i = 0; i + sizeof key - 1 <= n; i++) {
        if ((i == 0 || p[i - 1] == '\n') && memcmp(p + i, key, sizeof key - 1) == 0) {
            size_t from = i + sizeof key - 1, to = from;
            while (to < n && p[to] != '\n')
                to++;
            snprintf(out, outlen, "%.*s", (int)(to - from), p + from);
            return true;
        }
    }
    return false;
}

static char *read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *p = malloc(SCN_MAX_TEXT / 64);
    assert_non_null(p);
    *len = fread(p, 1, SCN_MAX_TEXT / 64, f);
    fclose(f);
    return p;
}

/* Each file runs under every model (metrics only): it must end with its `# expect: ` message,
 * or succeed when the message is `ok`. */
static void check_regress_file(const char *path)
{
    size_t len;
    char *text = read_all(path, &len);
    char want[512];
    if (!expected_message(text, len, want, sizeof want))
        fail_msg("%s: no '# expect: ' line", path);
    scn s;
    sl_err err = {0};
    if (!scn_parse("t.scn", text, len, &s, &err)) {
        if (strcmp(err.msg, want) != 0)
            fail_msg("%s:\n  got      %s\n  expected %s", path, err.msg, want);
        free(text);
        return;
    }
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        s.cfg.model = (uint8_t)m;
        sim_metrics met;
        sim_opts o = {.record_trace = false, .max_events = 5000000};
        sl_err e2 = {0};
        bool ok = sim_run(&s, &o, NULL, &met, &e2);
        const char *got = ok ? "ok" : e2.msg;
        if (strcmp(got, want) != 0)
            fail_msg("%s under %s:\n  got      %s\n  expected %s", path, scn_model_name((scn_model)m), got, want);
    }
    scn_free(&s);
    free(text);
}

static void test_regression_inputs_end_with_their_expected_message(void **state)
{
    (void)state;
    DIR *d = opendir("regress");
    assert_non_null(d);   /* ctest runs this from tests/ */
    int files = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".scn") != 0)
            continue;
        char path[512];
        snprintf(path, sizeof path, "regress/%s", e->d_name);
        check_regress_file(path);
        files++;
    }
    closedir(d);
    assert_true(files > 0);
}

/* ---------------------------------------------------------------- the work budget (issue 11) */

static const char EVENTS_MSG[] =
    "schedlab: error: the run needs more than %s events (limit.events); stopped. Raise it with --max-events N "
    "or --set limit.events=N, or simulate less (a longer timeslice, fewer requests)";
static const char MEMORY_MSG[] =
    "schedlab: error: the run needs more than %s of memory (limit.memory); stopped. Raise it with --max-memory "
    "SIZE or --set limit.memory=SIZE, or simulate less (fewer requests, a longer timeslice)";

/* Runs text (with sets applied) under its model and options; returns the error ("ok" on success). */
static const char *budget_run(const char *text, const char *set, const sim_opts *o, sl_err *err, sim_metrics *m)
{
    scn s;
    assert_true(scn_parse("t.scn", text, strlen(text), &s, err));
    if (set)
        assert_true(scn_set(&s, set, err));
    trc t;
    bool ok = sim_run(&s, o, &t, m, err);
    if (ok && o->record_trace)
        trc_free(&t);
    scn_free(&s);
    return ok ? "ok" : err->msg;
}

/* No options at all: the default budget stops a 1 ns slice over 10 s of CPU (it used to run for
 * ever), with the one message. */
static void test_default_event_budget_stops_a_runaway_run(void **state)
{
    (void)state;
    char want[512];
    snprintf(want, sizeof want, EVENTS_MSG, "100000000");
    sl_err err = {0};
    sim_metrics m;
    const sim_opts o = {0};
    assert_string_equal(budget_run("timeslice 1ns\nrequest a : cpu 10s\n", NULL, &o, &err, &m), want);
    assert_int_equal(SIM_DEFAULT_MAX_EVENTS, 100000000);
}

/* The scenario's `limit events=` and `--set limit.events=` set the budget; the last one wins. */
static void test_scenario_limits_set_the_budget(void **state)
{
    (void)state;
    static const struct {
        const char *text, *set, *events;
    } rows[] = {
        {"limit events=1000\ntimeslice 1ns\nrequest a : cpu 10s\n", NULL, "1000"},
        {"timeslice 1ns\nrequest a : cpu 10s\n", "limit.events=777", "777"},
        {"limit events=1000\ntimeslice 1ns\nrequest a : cpu 10s\n", "limit.events=50", "50"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char want[512];
        snprintf(want, sizeof want, EVENTS_MSG, rows[i].events);
        sl_err err = {0};
        sim_metrics m;
        const sim_opts o = {.record_trace = true};
        assert_string_equal(budget_run(rows[i].text, rows[i].set, &o, &err, &m), want);
    }
    /* a budget large enough changes nothing */
    sl_err err = {0};
    sim_metrics m;
    const sim_opts o = {0};
    assert_string_equal(budget_run("limit events=2 memory=1MiB\nrequest a : cpu 1ms\n", NULL, &o, &err, &m), "ok");
    assert_int_equal(m.events, 2);
}

/* Memory: a trace past the budget stops with the memory message, under every model; the requests
 * are refused before their arrays are made when they alone pass it. */
static void test_memory_budget_stops_the_run_with_its_message(void **state)
{
    (void)state;
    char want[512];
    snprintf(want, sizeof want, MEMORY_MSG, "4MiB");
    static const char *const texts[] = {
        "limit memory=4MiB\nrepeat 200000 request a : cpu 1ms ; io 1ms ; cpu 1ms\n",   /* during the run */
        "limit memory=4MiB\nrepeat 10000000 request a : cpu 1ms\n",                     /* before it */
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++)
        for (int model = 0; model < SCN_MODEL_COUNT; model++) {
            char set[32];
            snprintf(set, sizeof set, "model=%s", scn_model_name((scn_model)model));
            sl_err err = {0};
            sim_metrics m;
            const sim_opts o = {.record_trace = true};
            assert_string_equal(budget_run(texts[i], set, &o, &err, &m), want);
        }
}

/* 45 servers of a million cores each (within the limits) made a lane per server core: 1.6 GB for
 * one request. Cores past the number of requests never serve, and get no lane. */
static void test_huge_server_farms_cost_lanes_per_request_not_per_core(void **state)
{
    (void)state;
    char text[4096];
    size_t n = 0;
    for (int i = 0; i < 45; i++)
        n += (size_t)snprintf(text + n, sizeof text - n, "server s%d cores=1000000\n", i);
    snprintf(text + n, sizeof text - n, "profile ideal\nmodel threads\nrepeat 3 request a : call s0 latency=1ms serve=1ms ; call s44 latency=1ms serve=1ms\n");
    scn s;
    sl_err err = {0};
    assert_true(scn_parse("t.scn", text, strlen(text), &s, &err));
    trc t;
    sim_metrics m;
    const sim_opts o = {.record_trace = true};
    assert_true(sim_run(&s, &o, &t, &m, &err));
    assert_int_equal(m.completed, 3);
    assert_int_equal(m.makespan_ns, 6 * INT64_C(1000000));   /* three cores serve the three at once */
    size_t server_lanes = 0;
    for (size_t l = 0; l < t.nlanes; l++)
        server_lanes += t.lanes[l].kind == TRC_LANE_SERVER;
    assert_int_equal(server_lanes, 45 * 3);
    trc_free(&t);
    scn_free(&s);
}

/* The budget's keys in a file: each error at its place. */
static void test_limit_statement_errors(void **state)
{
    (void)state;
    static const struct {
        const char *text, *msg;
    } rows[] = {
        {"limit events=0\n" R, "t.scn:1:14: error: limit.events must be >= 1, got '0'"},
        {"limit memory=1KiB\n" R, "t.scn:1:14: error: limit.memory must be at least 1MiB, got '1KiB'"},
        {"limit events=10 events=20\n" R, "t.scn:1:17: error: duplicate key 'events'"},
        {"limit cpu=1\n" R, "t.scn:1:7: error: expected a key (events= or memory=), got 'cpu'"},
        {"limit events=1000000000001\n" R, "t.scn:1:14: error: too many events (limit is 1000000000000)"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        scn s;
        sl_err err = {0};
        assert_false(scn_parse("t.scn", rows[i].text, strlen(rows[i].text), &s, &err));
        assert_string_equal(err.msg, rows[i].msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hostile_bytes_give_their_exact_error),
        cmocka_unit_test(test_strings_and_nesting_give_their_exact_error),
        cmocka_unit_test(test_generated_texts_at_and_past_the_limits),
        cmocka_unit_test(test_note_and_server_counts_are_limited),
        cmocka_unit_test(test_hostile_numbers_give_their_exact_error),
        cmocka_unit_test(test_names_and_arguments_give_their_exact_error),
        cmocka_unit_test(test_inputs_at_their_limits_are_accepted),
        cmocka_unit_test(test_hostile_set_values_give_their_exact_error),
        cmocka_unit_test(test_binary_garbage_fails_at_its_first_bad_byte),
        cmocka_unit_test(test_mutated_scenarios_parse_or_fail_cleanly),
        cmocka_unit_test(test_engine_limits_stop_with_their_exact_message),
        cmocka_unit_test(test_one_request_longer_than_the_time_limit_stops),
        cmocka_unit_test(test_memory_budget_of_one_byte_fails_requests_not_the_run),
        cmocka_unit_test(test_regression_inputs_end_with_their_expected_message),
        cmocka_unit_test(test_default_event_budget_stops_a_runaway_run),
        cmocka_unit_test(test_scenario_limits_set_the_budget),
        cmocka_unit_test(test_memory_budget_stops_the_run_with_its_message),
        cmocka_unit_test(test_huge_server_farms_cost_lanes_per_request_not_per_core),
        cmocka_unit_test(test_limit_statement_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
