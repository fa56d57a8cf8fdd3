/* sl_util.h — small shared helpers of the core: growable arrays with explicit limits,
 * error buffers, duration/size formatting. Owns no global state; every function is reentrant. */
#ifndef SL_UTIL_H
#define SL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define SL_NS_PER_US INT64_C(1000)
#define SL_NS_PER_MS INT64_C(1000000)
#define SL_NS_PER_S  INT64_C(1000000000)

/* SL_ASSERT(cond): an invariant of the engine or the layout (never a user error: those get a
 * message). In Debug and sanitizer builds (SL_ASSERTS, set by CMake) a broken one prints
 * "FILE:LINE: invariant broken: cond" and aborts; other builds compile it away. */
#ifdef SL_ASSERTS
#define SL_ASSERT(cond) ((cond) ? (void)0 : sl_assert_fail(__FILE__, __LINE__, #cond))
#else
#define SL_ASSERT(cond) ((void)0)
#endif
_Noreturn void sl_assert_fail(const char *file, int line, const char *cond);

/* The one binary search: sets lo to the first index i in [lo, hi) for which `before` (an
 * expression of i) is false, given that it holds on a prefix of the range and nowhere after;
 * lo == hi after. E.g. the first segment ending after ts: SL_LOWER_BOUND(lo, hi, i, s[i].t1 <= ts). */
#define SL_LOWER_BOUND(lo, hi, i, before)                   \
    do {                                                    \
        while ((lo) < (hi)) {                               \
            size_t (i) = (size_t)(lo) + ((hi) - (lo)) / 2;  \
            if (before)                                     \
                (lo) = (i) + 1;                             \
            else                                            \
                (hi) = (i);                                 \
        }                                                   \
    } while (0)

/* An error message for the user, filled by the first failure and never overwritten. */
typedef struct {
    char msg[512];
    bool set;
} sl_err;

/* Formats into err (printf-style) unless a message is already there; returns false so
 * callers can write `return sl_fail(err, ...)`. */
bool sl_fail(sl_err *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Grows *buf (of *cap elements of elsize bytes) so it holds at least need elements,
 * doubling; fails (returns false, *buf untouched) past limit elements or on malloc failure. */
bool sl_grow(void **buf, size_t *cap, size_t need, size_t elsize, size_t limit);

/* Typed convenience: SL_GROW(arr, cap, need, limit) for an array `T *arr`. */
#define SL_GROW(arr, cap, need, limit) \
    sl_grow((void **)&(arr), &(cap), (need), sizeof *(arr), (limit))

/* Writes a human duration ("1.5ms", "250us", "3s", "12ns") with up to 4 significant
 * digits into out; returns out. */
char *sl_fmt_dur(int64_t ns, char *out, size_t outlen);

/* Writes a human size ("64KiB", "1.5GiB") into out; returns out. */
char *sl_fmt_size(int64_t bytes, char *out, size_t outlen);

/* Overflow-checked arithmetic on durations: false when the result does not fit. */
bool sl_add_ok(int64_t a, int64_t b, int64_t *out);
bool sl_mul_ok(int64_t a, int64_t b, int64_t *out);

/* A duplicate of s[0..len) with a terminating NUL; NULL on allocation failure. Caller frees. */
char *sl_strndup(const char *s, size_t len);

#endif
