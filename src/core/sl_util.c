/* sl_util.c — growable arrays, error buffers and formatting shared by the core. */
#include "sl_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sl_assert_fail(const char *file, int line, const char *cond)
{
    fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, cond);
    fflush(stderr);
    abort();
}

bool sl_fail(sl_err *err, const char *fmt, ...)
{
    if (err && !err->set) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->set = true;
    }
    return false;
}

bool sl_grow(void **buf, size_t *cap, size_t need, size_t elsize, size_t limit)
{
    if (need <= *cap)
        return true;
    if (need > limit)
        return false;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need)
        ncap = ncap > limit / 2 ? limit : ncap * 2;
    if (ncap > SIZE_MAX / elsize)
        return false;
    void *p = realloc(*buf, ncap * elsize);
    if (!p)
        return false;
    *buf = p;
    *cap = ncap;
    return true;
}

/* Prints v/unit with at most 4 significant digits and no trailing zeros. */
static void fmt_scaled(char *out, size_t outlen, int64_t v, int64_t unit, const char *suffix)
{
    double x = (double)v / (double)unit;
    char tmp[64];
    /* %.4g would write 20100 s as 2.01e+04: past four digits, whole units read better. */
    snprintf(tmp, sizeof tmp, x >= 9999.5 || x <= -9999.5 ? "%.0f" : "%.4g", x);
    snprintf(out, outlen, "%s%s", tmp, suffix);
}

char *sl_fmt_dur(int64_t ns, char *out, size_t outlen)
{
    int64_t a = ns < 0 ? -ns : ns;
    if (a >= SL_NS_PER_S)
        fmt_scaled(out, outlen, ns, SL_NS_PER_S, "s");
    else if (a >= SL_NS_PER_MS)
        fmt_scaled(out, outlen, ns, SL_NS_PER_MS, "ms");
    else if (a >= SL_NS_PER_US)
        fmt_scaled(out, outlen, ns, SL_NS_PER_US, "us");
    else
        snprintf(out, outlen, "%lldns", (long long)ns);
    return out;
}

char *sl_fmt_size(int64_t bytes, char *out, size_t outlen)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int u = 0;
    int64_t scale = 1;
    while (u < 4 && bytes >= scale * 1024) {
        scale *= 1024;
        u++;
    }
    if (u == 0)
        snprintf(out, outlen, "%lldB", (long long)bytes);
    else
        fmt_scaled(out, outlen, bytes, scale, units[u]);
    return out;
}

bool sl_add_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_add_overflow(a, b, out);
}

bool sl_mul_ok(int64_t a, int64_t b, int64_t *out)
{
    return !__builtin_mul_overflow(a, b, out);
}

char *sl_strndup(const char *s, size_t len)
{
    char *p = malloc(len + 1);
    if (!p)
        return NULL;
    memcpy(p, s, len);
    p[len] = '\0';
    return p;
}

void sl_json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}
