/* test_trc.c — the trace's storage: trc_lane_seg_after agrees with a plain scan at every start and
 * time (lanes shorter and longer than the index stride, empty lanes, lane boundaries), strings
 * packed into the pool stay intact across blocks (long ones too), and trc_finish gives back the
 * spare capacity of what the engine grew. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trc.h"

static uint32_t lane(trc *t)
{
    uint32_t id;
    sl_err err = {0};
    assert_true(trc_add_lane(t, TRC_LANE_UNIT, -1, 0, -1, "u", &id, &err));
    return id;
}

/* Lanes of 0, 1, 5, 31, 32, 33, 100 and 1000 segments, appended interleaved (as the engine does),
 * with gaps between segments so that some times fall between two of them. */
static void seg_after_agrees_with_a_scan(void **state)
{
    (void)state;
    static const size_t counts[] = {0, 1, 5, TRC_SEG_STRIDE - 1, TRC_SEG_STRIDE, TRC_SEG_STRIDE + 1, 100, 1000};
    enum { NL = sizeof counts / sizeof counts[0] };
    trc t;
    sl_err err = {0};
    trc_init(&t);
    uint32_t ids[NL];
    for (size_t l = 0; l < NL; l++)
        ids[l] = lane(&t);
    for (size_t k = 0; k < 1000; k++)
        for (size_t l = 0; l < NL; l++)
            if (k < counts[l]) {
                int64_t t0 = (int64_t)(k * 10 + l), t1 = t0 + 5 + (int64_t)(k % 3);
                trc_seg s = {t0, t1, ids[l], -1, -1, 0, TRC_RUN, 0};
                assert_true(trc_add_seg(&t, &s, &err));
            }
    assert_true(trc_finish(&t, &err));
    for (size_t l = 0; l < NL; l++) {
        size_t n;
        const trc_seg *s = trc_lane_segs(&t, ids[l], &n);
        assert_int_equal(n, counts[l]);
        for (size_t lo = 0; lo <= n; lo += (lo < 40 ? 1 : 37))
            for (int64_t ts = -3; ts < (int64_t)(n * 10 + 20); ts += (ts < 400 ? 1 : 29)) {
                size_t want = lo;
                while (want < n && s[want].t1 <= ts)
                    want++;
                size_t got = trc_lane_seg_after(&t, ids[l], lo, ts);
                if (got != want)
                    fail_msg("lane of %zu, from %zu, t %lld: %zu, expected %zu", n, lo, (long long)ts, got, want);
            }
    }
    trc_free(&t);
}

static void pooled_strings_stay_intact(void **state)
{
    (void)state;
    trc t;
    sl_err err = {0};
    trc_init(&t);
    enum { N = 20000 };   /* about 300 KB: several 64 KiB blocks */
    const char **got = malloc(N * sizeof *got);
    char *big = malloc(100000);
    assert_non_null(got);
    assert_non_null(big);
    memset(big, 'x', 99999);
    big[99999] = '\0';
    const char *long_one = NULL, *null_one = (const char *)1;
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "coroutine %d", i);
        assert_true(trc_intern(&t, name, &got[i], &err));
        if (i == N / 2) {
            assert_true(trc_intern(&t, big, &long_one, &err));
            assert_true(trc_intern(&t, NULL, &null_one, &err));
        }
    }
    for (int i = 0; i < N; i++) {
        char name[32];
        snprintf(name, sizeof name, "coroutine %d", i);
        assert_string_equal(got[i], name);
    }
    assert_string_equal(long_one, big);
    assert_null(null_one);
    assert_true(t.npool < N / 100);   /* blocks, not a malloc per string */
    free(got);
    free(big);
    trc_free(&t);
}

static void finish_gives_back_spare_capacity(void **state)
{
    (void)state;
    trc t;
    sl_err err = {0};
    trc_init(&t);
    uint32_t a = lane(&t), b = lane(&t), c = lane(&t);
    for (int64_t k = 0; k < 1000; k++) {   /* 1000 of each: the arrays doubled past it */
        trc_seg s = {k, k + 1, (uint32_t)k % 2 ? a : b, -1, -1, 0, TRC_RUN, 0};
        trc_msg m = {k, k + 1, a, c, -1, 0, TRC_MSG_REQUEST};
        trc_mark mk = {k, c, -1, -1, TRC_MK_SWITCH};
        assert_true(trc_add_seg(&t, &s, &err));
        assert_true(trc_add_msg(&t, &m, &err));
        assert_true(trc_add_mark(&t, &mk, &err));
    }
    assert_true(t.cap_msgs > t.nmsgs && t.cap_marks > t.nmarks);
    assert_true(trc_finish(&t, &err));
    assert_int_equal(t.cap_segs, t.nsegs);
    assert_int_equal(t.cap_msgs, t.nmsgs);
    assert_int_equal(t.cap_marks, t.nmarks);
    assert_int_equal(t.cap_lanes, t.nlanes);
    assert_int_equal(t.marks[999].t, 999);
    assert_int_equal(t.msgs[999].t1, 1000);
    trc_free(&t);
}

/* SL_ASSERT in a build that checks invariants (Debug, sanitizers): two overlapping segments on one
 * lane break what every search of the layout relies on, and trc_finish stops the program naming
 * trc.c and its line. Run in a child process; in other builds the check is compiled away. */
static void overlapping_segments_of_a_lane_break_an_invariant_that_names_its_line(void **state)
{
#ifndef SL_ASSERTS
    skip();
#else
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        dup2(fds[1], STDERR_FILENO);
        trc t;
        trc_init(&t);
        uint32_t l = lane(&t);
        sl_err err = {0};
        trc_seg a = {0, 10, l, -1, -1, 0, TRC_RUN, 0}, b = {5, 20, l, -1, -1, 0, TRC_RUN, 0};
        if (trc_add_seg(&t, &a, &err) && trc_add_seg(&t, &b, &err))
            trc_finish(&t, &err);
        _exit(0);   /* not reached when the check holds */
    }
    close(fds[1]);
    char buf[512] = {0};
    size_t got = 0;
    for (ssize_t r; got < sizeof buf - 1 && (r = read(fds[0], buf + got, sizeof buf - 1 - got)) > 0;)
        got += (size_t)r;
    close(fds[0]);
    int status;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT);
    if (!strstr(buf, "trc.c:") || !strstr(buf, "invariant broken"))
        fail_msg("stderr: %s", buf);
#endif
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seg_after_agrees_with_a_scan),
        cmocka_unit_test(pooled_strings_stay_intact),
        cmocka_unit_test(finish_gives_back_spare_capacity),
        cmocka_unit_test(overlapping_segments_of_a_lane_break_an_invariant_that_names_its_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
