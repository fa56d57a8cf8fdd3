/* scn_parse.c — the scenario language: a line lexer, a recursive-descent parser that fills an scn,
 * and scn_set, which reads one KEY=VALUE override with the same value rules. The first error stops
 * everything and names FILE:LINE:COL (or the --set argument); nothing is ever defaulted silently. */
#include "scn.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits of the text itself (the model's limits are in scn.h). */
#define SCN_MAX_LINE   (1u << 20)   /* bytes in one line: a 65535-step request fits */
#define SCN_MAX_STRING 4096u        /* bytes between the quotes of one string */
#define SCN_MAX_NAME   255u         /* bytes in one name */
#define SCN_MAX_NOTES  65536u
#define SCN_MAX_RATE   1e9          /* arrivals per second: one per nanosecond */
#define SCN_MAX_SCALE  1e6          /* latency scale */
#define SCN_TOK_SHOWN  32           /* bytes of a token quoted in a message */

/* ---------------------------------------------------------------- parser state */

typedef enum { T_EOF, T_EOL, T_WORD, T_STR, T_COLON, T_SEMI, T_EQ, T_LP, T_RP, T_COMMA, T_STAR } tok_kind;

typedef struct {
    tok_kind kind;
    const char *p;   /* the token's bytes in the source; a string keeps its quotes */
    size_t len;
    int line, col;   /* 1-based, col in bytes */
} tok;

/* A name used before it may be declared, resolved at the end of the file: a host (`call`,
 * `note`), a task (`spawn`, `offload`, `gather`) or a pool (`offload`). */
typedef enum { PEND_CALL, PEND_NOTE, PEND_TASK, PEND_GATHERED, PEND_POOL, PEND_SYNC } pend_kind;

typedef struct {
    tok name;
    uint32_t index;  /* into steps (CALL, TASK, POOL, SYNC), notes (NOTE) or gathered (GATHERED) */
    uint8_t kind;    /* pend_kind */
} pending;

/* An `as` name of the body being parsed: where it was spawned, in which `N * (...)`, and whether
 * an await has taken it. */
typedef struct {
    tok name;
    uint32_t group;   /* the repeat group it was spawned in (0: the body itself) */
    tok awaited;      /* line 0: not yet */
} handle;

/* Open-addressing map from a name in the string pool to an index; sid -1 marks a free slot. */
typedef struct {
    int32_t *sid, *val;
    size_t cap, n;
} nameset;

/* Statements that may appear once; the others (server, request, repeat, note) come after. */
enum {
    ST_TITLE, ST_MODEL, ST_CORES, ST_TIMESLICE, ST_SWITCH, ST_SPAWN, ST_MEMORY, ST_GIL,
    ST_SWITCHINTERVAL, ST_WORKERS, ST_SEED, ST_CLIENT, ST_PROFILE, ST_LATENCY, ST_LIMIT, ST_START,
    ST_CALLCPU, ST_HANDOVER, ST_LANG, ST_ONCE_COUNT
};

typedef struct {
    const char *path;   /* file name in messages */
    const char *setkv;  /* the --set argument when parsing an override, else NULL */
    const char *src;
    size_t len, pos, line_start;
    int line;
    tok t;              /* the current token */
    scn *s;
    sl_err *err;
    tok first[ST_ONCE_COUNT];   /* where each once-only statement was written (line 0: not yet) */
    pending *pend;
    size_t npend, cap_pend;
    nameset servers, reqs, pools, syncs;
    handle *handles;            /* the `as` names of the body being parsed */
    size_t nhandles, cap_handles;
    uint32_t groups[SCN_MAX_NEST + 1];   /* the open repeat groups, outermost first (groups[0] = 0) */
    uint32_t depth, next_group;
    uint32_t body_first;        /* first step of the body being parsed */
    bool control;               /* that body holds a control step */
    uint64_t pool_workers;      /* workers of every pool so far */
    tok client;                 /* the client's name token (line 0: no `client` line) */
    tok client_clash;           /* first `server client`, an error unless a `client` line renames */
    uint64_t total;             /* request instances so far */
} parser;

/* ---------------------------------------------------------------- errors */

/* Quotes p[0..len) for a message: at most `shown` bytes, non-printable bytes as \xNN.
 * out needs 4 * shown + 8 bytes. */
static void quote_n(char *out, size_t outlen, const char *p, size_t len, size_t shown)
{
    size_t o = 0, n = len < shown ? len : shown;
    out[o++] = '\'';
    for (size_t i = 0; i < n && o + 8 < outlen; i++) {
        unsigned char c = (unsigned char)p[i];
        if (c >= 0x20 && c < 0x7f)
            out[o++] = (char)c;
        else
            o += (size_t)snprintf(out + o, outlen - o, "\\x%02x", c);
    }
    if (n < len && o + 4 < outlen)
        o += (size_t)snprintf(out + o, outlen - o, "...");
    out[o++] = '\'';
    out[o] = '\0';
}

static void quote(char *out, size_t outlen, const char *p, size_t len)
{
    quote_n(out, outlen, p, len, SCN_TOK_SHOWN);
}

static void fail_msg(parser *P, int line, int col, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Records the first error and yields false. A macro so that every `return fail_at(...)` is a
 * literal false where it is written: clang's analyzer does not inline variadic functions, and
 * through one it would assume a failed parse may succeed with its outputs unset. */
#define fail_at(P, line, col, ...) (fail_msg((P), (line), (col), __VA_ARGS__), false)

static void fail_msg(parser *P, int line, int col, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (P->setkv) {
        char kv[4 * 64 + 8];
        quote_n(kv, sizeof kv, P->setkv, strlen(P->setkv), 64);
        kv[strlen(kv) - 1] = '\0';   /* shown bare: --set KEY=VALUE */
        sl_fail(P->err, "--set %s: error: %s", kv + 1, msg);
        return;
    }
    sl_fail(P->err, "%s:%d:%d: error: %s", P->path, line, col, msg);
}

/* The current token as a message shows it: 'text', or end of line / end of file. */
static const char *tok_desc(const parser *P, const tok *t, char *buf, size_t n)
{
    if (t->kind == T_EOL)
        return "end of line";
    if (t->kind == T_EOF)
        return P->setkv ? "end of value" : "end of file";
    quote(buf, n, t->p, t->len);
    return buf;
}

/* `expected WHAT, got 'tok'` at the current token. */
static bool expected(parser *P, const char *what)
{
    char buf[160];
    return fail_at(P, P->t.line, P->t.col, "expected %s, got %s", what,
                   tok_desc(P, &P->t, buf, sizeof buf));
}

/* ---------------------------------------------------------------- lexer */

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static bool is_punct(char c)
{
    return c == ':' || c == ';' || c == '=' || c == '(' || c == ')' || c == ',' || c == '*';
}

/* Length of the line end at i: LF, CRLF, or a CR that ends the text; 0 if none. */
static size_t eol_len(const parser *P, size_t i)
{
    if (i >= P->len)
        return 0;
    if (P->src[i] == '\n')
        return 1;
    if (P->src[i] == '\r' && (i + 1 == P->len || P->src[i + 1] == '\n'))
        return i + 1 == P->len ? 1 : 2;
    return 0;
}

static int col_of(const parser *P, size_t i) { return (int)(i - P->line_start) + 1; }

/* Checked at the start of every line, so a 10 MB line fails after one memchr. */
static bool check_line_length(parser *P)
{
    const char *nl = memchr(P->src + P->pos, '\n', P->len - P->pos);
    size_t end = nl ? (size_t)(nl - P->src) : P->len;
    if (end - P->pos > SCN_MAX_LINE)
        return fail_at(P, P->line, 1, "line too long (limit is %u bytes)", SCN_MAX_LINE);
    return true;
}

/* Length of the valid UTF-8 sequence at p[0..n), or 0 (overlong, surrogate, > U+10FFFF, cut). */
static size_t utf8_len(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    size_t len = c < 0x80 ? 1 : c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3
               : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
    if (len == 0 || len > n)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xc0) != 0x80)
            return 0;
    if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
        (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
        return 0;
    return len;
}

/* Text of a comment or string: UTF-8, no NUL, no control byte but tab. */
static bool check_text(parser *P, size_t from, size_t to, const char *what)
{
    const unsigned char *u = (const unsigned char *)P->src;
    for (size_t i = from; i < to;) {
        if (u[i] == 0)
            return fail_at(P, P->line, col_of(P, i), "unexpected NUL byte");
        if ((u[i] < 0x20 && u[i] != '\t') || u[i] == 0x7f)
            return fail_at(P, P->line, col_of(P, i), "unexpected control character '\\x%02x'", u[i]);
        size_t n = utf8_len(u + i, to - i);
        if (n == 0)
            return fail_at(P, P->line, col_of(P, i), "invalid UTF-8 in %s", what);
        i += n;
    }
    return true;
}

static bool skip_comment(parser *P)
{
    size_t from = P->pos;
    while (P->pos < P->len && !eol_len(P, P->pos))
        P->pos++;
    return check_text(P, from, P->pos, "comment");
}

/* string := '"' { char | '\"' | '\\' } '"'   (on one line) */
static bool lex_string(parser *P)
{
    size_t start = P->pos++;
    for (;;) {
        if (P->pos >= P->len || eol_len(P, P->pos))
            return fail_at(P, P->line, col_of(P, start), "unterminated string");
        char c = P->src[P->pos];
        if (c == '"')
            break;
        if (c == '\\') {
            size_t e = P->pos + 1;
            if (e < P->len && !eol_len(P, e) && P->src[e] != '"' && P->src[e] != '\\') {
                char q[32];
                quote(q, sizeof q, P->src + P->pos, 2);
                return fail_at(P, P->line, col_of(P, P->pos),
                               "unknown escape %s in string (expected \\\" or \\\\)", q);
            }
            P->pos += e < P->len && !eol_len(P, e) ? 2 : 1;
            continue;
        }
        P->pos++;
    }
    P->pos++;
    if (P->pos - start - 2 > SCN_MAX_STRING)
        return fail_at(P, P->line, col_of(P, start), "string too long (limit is %u bytes)", SCN_MAX_STRING);
    P->t.kind = T_STR;
    P->t.len = P->pos - start;
    return check_text(P, start + 1, P->pos - 1, "string");
}

/* word := any run of bytes but blanks, line ends, '"' and : ; = ( ) , * */
static bool lex_word(parser *P)
{
    size_t start = P->pos;
    while (P->pos < P->len && !is_blank(P->src[P->pos]) && !eol_len(P, P->pos) &&
           P->src[P->pos] != '"' && !is_punct(P->src[P->pos]))
        P->pos++;
    for (size_t i = start; i < P->pos; i++) {
        unsigned char c = (unsigned char)P->src[i];
        if (c == 0)
            return fail_at(P, P->line, col_of(P, i), "unexpected NUL byte");
        if (c < 0x20 || c == 0x7f)
            return fail_at(P, P->line, col_of(P, i), "unexpected control character '\\x%02x'", c);
    }
    P->t.kind = T_WORD;
    P->t.len = P->pos - start;
    return true;
}

static bool lex_eol(parser *P, size_t n)
{
    P->t.kind = T_EOL;
    P->t.len = n;
    P->pos += n;
    P->line++;
    P->line_start = P->pos;
    return check_line_length(P);
}

/* Reads the next token into P->t. A '#' starts a comment only at the start of a word. */
static bool lex(parser *P)
{
    static const char punct[] = ":;=(),*";
    static const tok_kind punct_kind[] = {T_COLON, T_SEMI, T_EQ, T_LP, T_RP, T_COMMA, T_STAR};
    for (;;) {
        while (P->pos < P->len && is_blank(P->src[P->pos]))
            P->pos++;
        P->t = (tok){T_EOF, P->src + P->pos, 0, P->line, col_of(P, P->pos)};
        if (P->pos >= P->len)
            return true;
        size_t e = eol_len(P, P->pos);
        if (e)
            return lex_eol(P, e);
        char c = P->src[P->pos];
        if (c == '#' && (P->pos == P->line_start || is_blank(P->src[P->pos - 1]))) {
            if (!skip_comment(P))
                return false;
            continue;
        }
        if (c == '"')
            return lex_string(P);
        if (is_punct(c)) {
            P->t.kind = punct_kind[strchr(punct, c) - punct];
            P->t.len = 1;
            P->pos++;
            return true;
        }
        return lex_word(P);
    }
}

/* ---------------------------------------------------------------- token helpers */

static bool tok_is(const parser *P, const char *word)
{
    size_t n = strlen(word);
    return P->t.kind == T_WORD && P->t.len == n && memcmp(P->t.p, word, n) == 0;
}

static bool at_end(const parser *P) { return P->t.kind == T_EOL || P->t.kind == T_EOF; }

/* A statement ends at the end of its line; a --set value at the end of the argument. */
static bool end_stmt(parser *P)
{
    if (P->setkv)
        return P->t.kind == T_EOF || expected(P, "end of value");
    return at_end(P) || expected(P, "end of line");
}

/* Consumes a token of kind k, or fails with `expected WHAT`. */
static bool accept(parser *P, tok_kind k, const char *what)
{
    return P->t.kind == k ? lex(P) : expected(P, what);
}

/* Index of the current word in a NULL-terminated list, or -1. */
static int word_index(const parser *P, const char *const *words)
{
    for (int i = 0; words[i]; i++)
        if (tok_is(P, words[i]))
            return i;
    return -1;
}

/* key := WORD '=' with WORD one of keys; *which gets its index. */
static bool parse_key(parser *P, const char *const *keys, const char *what, int *which)
{
    *which = word_index(P, keys);
    if (*which < 0)
        return expected(P, what);
    return lex(P) && accept(P, T_EQ, "'='");
}

/* Fails on the second occurrence of key `which` inside one statement (-1: not a key, let
 * parse_key report it). */
static bool once_key(parser *P, uint32_t *seen, int which)
{
    if (which < 0)
        return true;
    if (*seen & (1u << which)) {
        char buf[80];
        return fail_at(P, P->t.line, P->t.col, "duplicate key %s", tok_desc(P, &P->t, buf, sizeof buf));
    }
    *seen |= 1u << which;
    return true;
}

/* ---------------------------------------------------------------- string pool and names */

/* Appends n bytes (unescaping \" and \\ when unescape) and a NUL; *id gets the offset. */
static bool pool_add(parser *P, const char *p, size_t n, bool unescape, int32_t *id)
{
    scn *s = P->s;
    if (!SL_GROW(s->strings, s->cap_strings, s->strings_len + n + 1, INT32_MAX))
        return fail_at(P, P->t.line, P->t.col, "out of memory (or more than 2 GiB of names)");
    *id = (int32_t)s->strings_len;
    char *o = s->strings + s->strings_len;
    for (size_t i = 0; i < n; i++) {
        if (unescape && p[i] == '\\')
            i++;
        *o++ = p[i];
    }
    *o++ = '\0';
    s->strings_len = (size_t)(o - s->strings);
    return true;
}

static uint32_t hash_name(const char *p, size_t n)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 16777619u;
    return h;
}

/* The value stored for name p[0..n), or -1. */
static int32_t ns_find(const nameset *ns, const scn *s, const char *p, size_t n)
{
    if (ns->cap == 0)
        return -1;
    for (size_t i = hash_name(p, n) & (ns->cap - 1);; i = (i + 1) & (ns->cap - 1)) {
        if (ns->sid[i] < 0)
            return -1;
        const char *q = s->strings + ns->sid[i];
        if (strncmp(q, p, n) == 0 && q[n] == '\0')
            return ns->val[i];
    }
}

static void ns_put(nameset *ns, const scn *s, int32_t sid, int32_t val)
{
    const char *q = s->strings + sid;
    size_t i = hash_name(q, strlen(q)) & (ns->cap - 1);
    while (ns->sid[i] >= 0)
        i = (i + 1) & (ns->cap - 1);
    ns->sid[i] = sid;
    ns->val[i] = val;
    ns->n++;
}

/* Adds name sid -> val, doubling the table at half load; false on malloc failure. */
static bool ns_add(nameset *ns, const scn *s, int32_t sid, int32_t val)
{
    if (2 * (ns->n + 1) > ns->cap) {
        nameset big = {NULL, NULL, ns->cap ? ns->cap * 2 : 64, 0};
        big.sid = malloc(big.cap * sizeof *big.sid);
        big.val = malloc(big.cap * sizeof *big.val);
        if (!big.sid || !big.val) {
            free(big.sid);
            free(big.val);
            return false;
        }
        memset(big.sid, 0xff, big.cap * sizeof *big.sid);
        for (size_t i = 0; i < ns->cap; i++)
            if (ns->sid[i] >= 0)
                ns_put(&big, s, ns->sid[i], ns->val[i]);
        free(ns->sid);
        free(ns->val);
        *ns = big;
    }
    ns_put(ns, s, sid, val);
    return true;
}

static void ns_free(nameset *ns)
{
    free(ns->sid);
    free(ns->val);
}

/* name := [A-Za-z0-9._-]+ ; leaves the token in *name (not consumed). */
static bool check_name(parser *P, const char *what, tok *name)
{
    if (P->t.kind != T_WORD)
        return expected(P, what);
    for (size_t i = 0; i < P->t.len; i++) {
        char c = P->t.p[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return expected(P, "a name ([A-Za-z0-9._-])");
    }
    if (P->t.len > SCN_MAX_NAME)
        return fail_at(P, P->t.line, P->t.col, "name too long (limit is %u bytes)", SCN_MAX_NAME);
    *name = P->t;
    return true;
}

/* A name token interned in the pool, then consumed. */
static bool parse_name(parser *P, const char *what, tok *name, int32_t *id)
{
    return check_name(P, what, name) && pool_add(P, name->p, name->len, false, id) && lex(P);
}

/* STRING, unescaped into the pool, then consumed. */
static bool parse_string(parser *P, const char *what, int32_t *id)
{
    if (P->t.kind != T_STR)
        return expected(P, what);
    return pool_add(P, P->t.p + 1, P->t.len - 2, true, id) && lex(P);
}

/* ---------------------------------------------------------------- numbers */

/* Parses an unsigned decimal integer; 0 ok, 1 not one, 2 overflow. */
static int scan_u64(const char *p, size_t n, uint64_t *out)
{
    uint64_t v = 0;
    if (n == 0)
        return 1;
    for (size_t i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return 1;
        unsigned d = (unsigned)(p[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return 2;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

/* True when p[0..n) is a '-' followed by a number (a negative value, or -0, which is no value). */
static bool is_signed_number(const char *p, size_t n, bool *zero)
{
    size_t i = 1;
    if (n < 2 || p[0] != '-' || p[1] < '0' || p[1] > '9')
        return false;
    while (i < n && (p[i] == '0' || p[i] == '.'))
        i++;
    *zero = i == n || p[i] < '1' || p[i] > '9';
    return true;
}

/* Length of the DIGITS ['.' DIGITS] prefix of p[0..n) (0 if it does not start with a digit). */
static size_t number_len(const char *p, size_t n)
{
    size_t i = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9')
        i++;
    if (i > 0 && i + 1 < n && p[i] == '.' && p[i + 1] >= '0' && p[i + 1] <= '9')
        for (i++; i < n && p[i] >= '0' && p[i] <= '9'; i++)
            ;
    return i;
}

/* The decimal p[0..n) (validated by number_len) times unit, rounded half up; false on overflow.
 * Fraction digits are kept while (their scale x unit) fits 64 bits, enough to round exactly
 * for every unit up to seconds. */
static bool scale_decimal(const char *p, size_t n, int64_t unit, int64_t *out)
{
    uint64_t ip = 0, fp = 0, fscale = 1;
    size_t i = 0;
    for (; i < n && p[i] != '.'; i++) {
        if (ip > (UINT64_MAX - 9) / 10)
            return false;
        ip = ip * 10 + (uint64_t)(p[i] - '0');
    }
    for (i++; i < n; i++) {
        if (fscale > UINT64_MAX / 10 / (uint64_t)unit)
            break;
        fp = fp * 10 + (uint64_t)(p[i] - '0');
        fscale *= 10;
    }
    int64_t whole;
    if (ip > (uint64_t)INT64_MAX || !sl_mul_ok((int64_t)ip, unit, &whole))
        return false;
    uint64_t frac = (fp * (uint64_t)unit + fscale / 2) / fscale;
    return sl_add_ok(whole, (int64_t)frac, out);
}

/* A unit suffix and its scale. */
typedef struct {
    const char *name;
    int64_t scale;
} unit_def;

/* What a quantity is called and which units it takes. */
typedef struct {
    const char *noun;        /* "duration", "size" */
    const unit_def *units;       /* ended by {NULL, 0} */
    const char *unit_list;   /* for messages */
    int64_t max;
    const char *max_text;
} quantity_kind;

static const unit_def dur_units[] = {
    {"ns", 1}, {"us", SL_NS_PER_US}, {"ms", SL_NS_PER_MS}, {"s", SL_NS_PER_S}, {NULL, 0},
};
static const unit_def size_units[] = {
    {"B", 1}, {"KiB", INT64_C(1) << 10}, {"MiB", INT64_C(1) << 20}, {"GiB", INT64_C(1) << 30},
    {"TiB", INT64_C(1) << 40}, {NULL, 0},
};
static const quantity_kind QK_DURATION = {"duration", dur_units, "ns, us, ms or s", SCN_MAX_DURATION, "1000000s"};
static const quantity_kind QK_SIZE = {"size", size_units, "B, KiB, MiB, GiB or TiB", SCN_MAX_BYTES, "1024TiB"};

/* The scale of unit u[0..n) in k, or 0. */
static int64_t unit_scale(const quantity_kind *k, const char *u, size_t n)
{
    for (const unit_def *x = k->units; x->name; x++)
        if (strlen(x->name) == n && memcmp(x->name, u, n) == 0)
            return x->scale;
    return 0;
}

/* quantity := DIGITS ['.' DIGITS] UNIT   with min <= value <= k->max (min is 0 or 1). */
static bool parse_quantity(parser *P, const quantity_kind *k, int64_t min, int64_t *out)
{
    char buf[160], what[40];
    const tok *t = &P->t;
    size_t num = t->kind == T_WORD ? number_len(t->p, t->len) : 0;
    snprintf(what, sizeof what, "a %s", k->noun);
    bool zero;
    if (num == 0 && t->kind == T_WORD && is_signed_number(t->p, t->len, &zero) && !zero)
        return fail_at(P, t->line, t->col, "%s must be %s 0, got %s", k->noun, min ? ">" : ">=",
                       tok_desc(P, t, buf, sizeof buf));
    if (num == 0)
        return expected(P, what);
    if (num == t->len)
        return fail_at(P, t->line, t->col, "missing unit in %s %s (expected %s)", k->noun,
                       tok_desc(P, t, buf, sizeof buf), k->unit_list);
    int64_t scale = unit_scale(k, t->p + num, t->len - num);
    if (scale == 0) {
        quote(buf, sizeof buf, t->p + num, t->len - num);
        return fail_at(P, t->line, t->col + (int)num, "expected a %s unit (%s), got %s", k->noun,
                       k->unit_list, buf);
    }
    if (!scale_decimal(t->p, num, scale, out))
        return fail_at(P, t->line, t->col, "overflowing %s %s", k->noun, tok_desc(P, t, buf, sizeof buf));
    if (*out > k->max)
        return fail_at(P, t->line, t->col, "%s %s is above the limit of %s", k->noun,
                       tok_desc(P, t, buf, sizeof buf), k->max_text);
    if (*out < min)
        return fail_at(P, t->line, t->col, "%s must be > 0, got %s", k->noun, tok_desc(P, t, buf, sizeof buf));
    return lex(P);
}

/* A constant duration >= min (0 or 1). */
static bool parse_dur(parser *P, int64_t min, int64_t *out)
{
    if (tok_is(P, "exp") || tok_is(P, "uniform"))
        return expected(P, "a constant duration");
    return parse_quantity(P, &QK_DURATION, min, out);
}

static bool parse_size(parser *P, int64_t min, int64_t *out)
{
    return parse_quantity(P, &QK_SIZE, min, out);
}

/* dist := DURATION | 'exp' '(' DURATION ')' | 'uniform' '(' DURATION ',' DURATION ')' */
static bool parse_dist(parser *P, scn_dist *d)
{
    *d = (scn_dist){SCN_DIST_CONST, 0, 0};
    if (tok_is(P, "exp")) {
        d->kind = SCN_DIST_EXP;
        return lex(P) && accept(P, T_LP, "'('") && parse_dur(P, 1, &d->a) && accept(P, T_RP, "')'");
    }
    if (!tok_is(P, "uniform"))
        return parse_dur(P, 0, &d->a);
    d->kind = SCN_DIST_UNIFORM;
    if (!lex(P) || !accept(P, T_LP, "'('"))
        return false;
    tok lo = P->t;
    if (!parse_dur(P, 0, &d->a) || !accept(P, T_COMMA, "','"))
        return false;
    tok hi = P->t;
    if (!parse_dur(P, 0, &d->b))
        return false;
    if (d->b < d->a)
        return fail_at(P, hi.line, hi.col, "uniform(MIN,MAX) needs MIN <= MAX, got '%.*s' > '%.*s'",
                       (int)lo.len, lo.p, (int)hi.len, hi.p);
    return accept(P, T_RP, "')'");
}

/* count := DIGITS with min <= value <= max; `what` names it after `expected`, `noun` in the
 * `must be >=` message and `plural` in `too many`. */
static bool parse_count(parser *P, uint64_t min, uint64_t max, const char *what, const char *noun,
                        const char *plural, uint64_t *out)
{
    char buf[160];
    if (P->t.kind != T_WORD)
        return expected(P, what);
    int r = scan_u64(P->t.p, P->t.len, out);
    bool zero, negative = is_signed_number(P->t.p, P->t.len, &zero) &&
                          scan_u64(P->t.p + 1, P->t.len - 1, out) != 1;
    if (negative && !zero)
        return fail_at(P, P->t.line, P->t.col, "%s must be >= %llu, got %s", noun, (unsigned long long)min,
                       tok_desc(P, &P->t, buf, sizeof buf));
    if (r == 1)
        return expected(P, what);
    if (r == 2 && max == UINT64_MAX)
        return fail_at(P, P->t.line, P->t.col, "overflowing number %s", tok_desc(P, &P->t, buf, sizeof buf));
    if (r == 2 || *out > max)
        return fail_at(P, P->t.line, P->t.col, "too many %s (limit is %llu)", plural, (unsigned long long)max);
    if (*out < min)
        return fail_at(P, P->t.line, P->t.col, "%s must be >= %llu, got %s", noun,
                       (unsigned long long)min, tok_desc(P, &P->t, buf, sizeof buf));
    return lex(P);
}

/* positive := DIGITS ['.' DIGITS] [suffix], 0 < value <= max; `noun` names it in range errors. */
static bool parse_positive(parser *P, const char *what, const char *noun, const char *suffix, double max,
                           double *out)
{
    char buf[160];
    const tok *t = &P->t;
    size_t num = t->kind == T_WORD ? number_len(t->p, t->len) : 0;
    size_t sl = strlen(suffix);
    bool zero;
    if (num == 0 && t->kind == T_WORD && is_signed_number(t->p, t->len, &zero) && !zero)
        return fail_at(P, t->line, t->col, "%s must be > 0, got %s", noun, tok_desc(P, t, buf, sizeof buf));
    if (num == 0 || t->len != num + sl || memcmp(t->p + num, suffix, sl) != 0)
        return expected(P, what);
    if (num >= sizeof buf)
        return fail_at(P, t->line, t->col, "number too long %s", tok_desc(P, t, buf, sizeof buf));
    memcpy(buf, t->p, num);
    buf[num] = '\0';
    *out = strtod(buf, NULL);
    if (!(*out > 0.0))
        return fail_at(P, t->line, t->col, "%s must be > 0, got %s", noun, tok_desc(P, t, buf, sizeof buf));
    if (*out > max)
        return fail_at(P, t->line, t->col, "%s must be at most %g, got %s", noun, max,
                       tok_desc(P, t, buf, sizeof buf));
    return lex(P);
}

/* ---------------------------------------------------------------- statements */

/* title := 'title' STRING */
static bool st_title(parser *P) { return parse_string(P, "a quoted title", &P->s->cfg.title); }

static bool parse_model(parser *P, uint8_t *out)
{
    static const char *const models[] = {"sequential", "processes", "threads", "coroutines", NULL};
    int m = word_index(P, models);
    if (m < 0)
        return expected(P, "a model (sequential, processes, threads or coroutines)");
    *out = (uint8_t)m;
    return lex(P);
}

/* lang := 'lang' ('en' | 'fr'): the language of the scenario's pictures when none is asked for. */
static bool st_lang(parser *P)
{
    static const char *const langs[] = {"en", "fr", NULL};
    int l = word_index(P, langs);
    if (l < 0)
        return expected(P, "a language (en or fr)");
    P->s->cfg.lang = (uint8_t)(l + 1);
    return lex(P);
}

/* model := 'model' ('sequential' | 'processes' | 'threads' | 'coroutines') */
static bool st_model(parser *P) { return parse_model(P, &P->s->cfg.model); }

static bool parse_cores(parser *P, uint64_t limit, uint32_t *out)
{
    uint64_t v;
    if (!parse_count(P, 1, limit, "a number of cores", "cores", "cores", &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* cores := 'cores' N */
static bool st_cores(parser *P) { return parse_cores(P, SCN_MAX_CORES, &P->s->cfg.cores); }

/* timeslice := 'timeslice' DURATION (> 0) */
static bool st_timeslice(parser *P)
{
    P->s->cfg.explicit_set |= SCN_SET_TIMESLICE;
    return parse_dur(P, 1, &P->s->cfg.timeslice);
}

static const char *const kind_keys[] = {"process", "thread", "coroutine", NULL};

/* costs := KIND '=' DURATION { KIND '=' DURATION }   (KIND: process, thread, coroutine) */
static bool parse_unit_costs(parser *P, int64_t *cost, uint32_t first_bit)
{
    uint32_t seen = 0;
    do {
        int k;
        if (!once_key(P, &seen, word_index(P, kind_keys)) ||
            !parse_key(P, kind_keys, "a key (process=, thread= or coroutine=)", &k) ||
            !parse_dur(P, 0, &cost[k]))
            return false;
        P->s->cfg.explicit_set |= first_bit << k;
    } while (!at_end(P));
    return true;
}

/* switch := 'switch' costs */
static bool st_switch(parser *P) { return parse_unit_costs(P, P->s->cfg.switch_cost, SCN_SET_SWITCH_P); }

/* spawn := 'spawn' costs */
static bool st_spawn(parser *P) { return parse_unit_costs(P, P->s->cfg.spawn_cost, SCN_SET_SPAWN_P); }

/* start := 'start' costs: the new unit's own part of its creation */
static bool st_start(parser *P) { return parse_unit_costs(P, P->s->cfg.start_cost, SCN_SET_START_P); }

/* callcpu := 'callcpu' costs: the client's CPU for one call */
static bool st_callcpu(parser *P) { return parse_unit_costs(P, P->s->cfg.call_cpu, SCN_SET_CALLCPU_P); }

/* handover := 'handover' DURATION (>= 0): the GIL idle each time it changes hands */
static bool st_handover(parser *P)
{
    P->s->cfg.explicit_set |= SCN_SET_HANDOVER;
    return parse_dur(P, 0, &P->s->cfg.gil_handover);
}

/* One `memory` key's value: k indexes the keys of st_memory. */
static bool memory_key(parser *P, int k, scn_config *c)
{
    if (k == 3) {
        c->explicit_set |= SCN_SET_BUDGET;
        return parse_size(P, 1, &c->mem_budget);
    }
    if (k == 4) {
        c->explicit_set |= SCN_SET_MEM_CONN;
        return parse_size(P, 0, &c->mem_conn);
    }
    c->explicit_set |= (uint32_t)SCN_SET_MEM_P << k;
    return parse_size(P, 0, &c->mem_unit[k]);
}

/* memory := 'memory' KEY '=' SIZE { KEY '=' SIZE }
 *   (KEY: budget, process, thread, coroutine, connection) */
static bool st_memory(parser *P)
{
    static const char *const keys[] = {"process", "thread", "coroutine", "budget", "connection", NULL};
    scn_config *c = &P->s->cfg;
    uint32_t seen = 0;
    do {
        int k = word_index(P, keys);
        if (!once_key(P, &seen, k) ||
            !parse_key(P, keys, "a key (budget=, process=, thread=, coroutine= or connection=)", &k) ||
            !memory_key(P, k, c))
            return false;
    } while (!at_end(P));
    return true;
}

static bool parse_onoff(parser *P, bool *out)
{
    static const char *const words[] = {"off", "on", NULL};
    int v = word_index(P, words);
    if (v < 0)
        return expected(P, "'on' or 'off'");
    *out = v == 1;
    return lex(P);
}

/* gil := 'gil' ('on' | 'off') */
static bool st_gil(parser *P)
{
    P->s->cfg.explicit_set |= SCN_SET_GIL;
    return parse_onoff(P, &P->s->cfg.gil);
}

/* switchinterval := 'switchinterval' DURATION (> 0) */
static bool st_switchinterval(parser *P)
{
    P->s->cfg.explicit_set |= SCN_SET_SWITCHINTERVAL;
    return parse_dur(P, 1, &P->s->cfg.switchinterval);
}

static bool parse_workers(parser *P, uint32_t *out)
{
    uint64_t v;
    if (!parse_count(P, 0, SCN_MAX_WORKERS, "a number of workers", "workers", "workers", &v))
        return false;
    *out = (uint32_t)v;
    return true;
}

/* workers := 'workers' N   (0: no pool) */
static bool st_workers(parser *P) { return parse_workers(P, &P->s->cfg.workers); }

/* seed := 'seed' N   (any 64-bit value) */
static bool st_seed(parser *P)
{
    uint64_t v;
    if (!parse_count(P, 0, UINT64_MAX, "a seed (an unsigned integer)", "seed", "seed", &v))
        return false;
    P->s->cfg.seed = v;
    return true;
}

/* client := 'client' NAME   (not a server's name) */
static bool st_client(parser *P)
{
    tok name;
    if (!check_name(P, "a client name", &name))
        return false;
    int32_t srv = ns_find(&P->servers, P->s, name.p, name.len);
    if (srv >= 0)
        return fail_at(P, name.line, name.col, "duplicate host '%.*s' (a server, line %d)",
                       (int)name.len, name.p, P->s->servers[srv].line);
    P->client = name;
    return parse_name(P, "a client name", &name, &P->s->cfg.client);
}

/* profile := 'profile' ('python' | 'c' | 'ideal' | PATH): a PATH (with a '/' or ending in
 * .profile) names a file written by `schedlab calibrate`. */
static bool parse_profile(parser *P, scn_config *c)
{
    static const char *const names[] = {"python", "c", "ideal", NULL};
    int p = word_index(P, names);
    if (p >= 0) {
        c->profile = (uint8_t)p;
        c->has_custom = false;
        return lex(P);
    }
    bool is_path = P->t.kind == T_WORD && (memchr(P->t.p, '/', P->t.len) ||
                   (P->t.len > 8 && memcmp(P->t.p + P->t.len - 8, ".profile", 8) == 0));
    if (!is_path || P->t.len >= 4096)
        return expected(P, "a profile (python, c, ideal or a file such as ./my.profile)");
    char path[4096];
    memcpy(path, P->t.p, P->t.len);
    path[P->t.len] = '\0';
    sl_err e = {0};
    if (!scn_load_profile(path, P->setkv ? NULL : P->path, c, &e))
        return fail_at(P, P->t.line, P->t.col, "%s", e.msg);
    return lex(P);
}

static bool st_profile(parser *P) { return parse_profile(P, &P->s->cfg); }

static bool parse_scale(parser *P, double *out)
{
    return parse_positive(P, "a latency scale (a positive number)", "latency scale", "", SCN_MAX_SCALE, out);
}

/* latency := 'latency' 'scale' '=' NUMBER */
static bool st_latency(parser *P)
{
    static const char *const keys[] = {"scale", NULL};
    int k;
    return parse_key(P, keys, "'scale='", &k) && parse_scale(P, &P->s->cfg.latency_scale);
}

static bool parse_limit_events(parser *P, uint64_t *out)
{
    return parse_count(P, 1, SCN_MAX_LIMIT_EVENTS, "a number of events", "limit.events", "events", out);
}

static bool parse_limit_memory(parser *P, int64_t *out)
{
    char buf[160];
    tok at = P->t;
    if (!parse_size(P, 1, out))
        return false;
    if (*out < SCN_MIN_LIMIT_MEMORY)
        return fail_at(P, at.line, at.col, "limit.memory must be at least 1MiB, got %s",
                       tok_desc(P, &at, buf, sizeof buf));
    return true;
}

/* limit := 'limit' KEY '=' VALUE { KEY '=' VALUE }   (events=N, memory=SIZE: the work budget) */
static bool st_limit(parser *P)
{
    static const char *const keys[] = {"events", "memory", NULL};
    scn_config *c = &P->s->cfg;
    uint32_t seen = 0;
    do {
        int k = word_index(P, keys);
        if (!once_key(P, &seen, k) || !parse_key(P, keys, "a key (events= or memory=)", &k))
            return false;
        if (k == 0 ? !parse_limit_events(P, &c->limit_events) : !parse_limit_memory(P, &c->limit_memory))
            return false;
    } while (!at_end(P));
    return true;
}

/* server := 'server' NAME ['cores' '=' N] */
static bool st_server(parser *P)
{
    static const char *const keys[] = {"cores", NULL};
    scn *s = P->s;
    scn_server sv = {-1, 1, P->t.line};
    tok name;
    if (!check_name(P, "a server name", &name))
        return false;
    int32_t prev = ns_find(&P->servers, s, name.p, name.len);
    if (prev >= 0)
        return fail_at(P, name.line, name.col, "duplicate server '%.*s' (first at line %d)",
                       (int)name.len, name.p, s->servers[prev].line);
    if (P->client.line && P->client.len == name.len && memcmp(P->client.p, name.p, name.len) == 0)
        return fail_at(P, name.line, name.col, "duplicate host '%.*s' (the client, line %d)",
                       (int)name.len, name.p, P->client.line);
    if (s->nservers >= SCN_MAX_SERVERS)
        return fail_at(P, name.line, name.col, "too many servers (limit is %u)", SCN_MAX_SERVERS);
    if (!P->client_clash.line && name.len == 6 && memcmp(name.p, "client", 6) == 0)
        P->client_clash = name;
    if (!parse_name(P, "a server name", &name, &sv.name))
        return false;
    int k;
    if (!at_end(P) && (!parse_key(P, keys, "'cores=' or end of line", &k) ||
                        !parse_cores(P, SCN_MAX_SERVER_CORES, &sv.cores)))
        return false;
    if (!SL_GROW(s->servers, s->cap_servers, s->nservers + 1, SCN_MAX_SERVERS) ||
        !ns_add(&P->servers, s, sv.name, (int32_t)s->nservers))
        return fail_at(P, name.line, name.col, "out of memory");
    s->servers[s->nservers++] = sv;
    return true;
}

/* Remembers a host name to resolve at the end of the file. */
static bool add_pending(parser *P, tok name, uint32_t index, pend_kind kind)
{
    if (!SL_GROW(P->pend, P->cap_pend, P->npend + 1, SIZE_MAX / sizeof *P->pend))
        return fail_at(P, name.line, name.col, "out of memory");
    P->pend[P->npend++] = (pending){name, index, (uint8_t)kind};
    return true;
}

/* The string label after a step, if any. */
static bool parse_label(parser *P, int32_t *label)
{
    *label = -1;
    return P->t.kind != T_STR || parse_string(P, "a label", label);
}

/* `timeout=D` after a step that may wait: D > 0. A timed step needs the body's state (its wait and
 * its locks), so the body counts as having control steps. */
static bool parse_timeout(parser *P, scn_step *st)
{
    static const char *const keys[] = {"timeout", NULL};
    int k;
    if (!tok_is(P, "timeout"))
        return true;
    P->control = true;
    return parse_key(P, keys, "'timeout='", &k) && parse_dur(P, 1, &st->timeout);
}

/* call := 'call' HOST { 'latency' '=' dist | 'serve' '=' dist | 'timeout' '=' DURATION }
 * (latency and serve required, each key once) */
static bool parse_call(parser *P, scn_step *st)
{
    static const char *const keys[] = {"latency", "serve", "timeout", NULL};
    tok host;
    if (!check_name(P, "a host name", &host) || !lex(P))
        return false;
    if (P->t.kind == T_EQ)
        return fail_at(P, host.line, host.col, "expected a host name, got '%.*s'", (int)host.len, host.p);
    uint32_t seen = 0;
    while (P->t.kind == T_WORD) {
        int k = word_index(P, keys);
        if (!once_key(P, &seen, k))
            return false;
        if (k == 2) {
            if (!parse_timeout(P, st))
                return false;
            continue;
        }
        if (!parse_key(P, keys, "'latency=', 'serve=', 'timeout=', a label, ';' or end of line", &k) ||
            !parse_dist(P, k == 0 ? &st->latency : &st->dur))
            return false;
    }
    if (!(seen & 1))
        return expected(P, "'latency='");
    if (!(seen & 2))
        return expected(P, "'serve='");
    st->host = ns_find(&P->servers, P->s, host.p, host.len);
    return st->host >= 0 || add_pending(P, host, (uint32_t)P->s->nsteps, PEND_CALL);
}

#define STEP_WORDS "a step (cpu, io, block, call, spawn, await, gather, offload, acquire, release, put, " \
                   "get or N * (...))"

static scn_step blank_step(uint8_t kind)
{
    return (scn_step){kind, -1, {SCN_DIST_CONST, 0, 0}, {SCN_DIST_CONST, 0, 0}, -1, -1, -1, 0, 0, 0};
}

/* Appends st to the body's steps. */
static bool push_step(parser *P, const scn_step *st)
{
    scn *s = P->s;
    if (!SL_GROW(s->steps, s->cap_steps, s->nsteps + 1, UINT32_MAX))
        return fail_at(P, P->t.line, P->t.col, "out of memory (or more than %u steps)", UINT32_MAX);
    s->steps[s->nsteps++] = *st;
    return true;
}

/* A word made of digits only: a count (`gather 3 fetch`, `3 * (...)`), never a name. */
static bool tok_is_count(const parser *P)
{
    if (P->t.kind != T_WORD || P->t.len == 0)
        return false;
    for (size_t i = 0; i < P->t.len; i++)
        if (P->t.p[i] < '0' || P->t.p[i] > '9')
            return false;
    return true;
}

/* A task name, resolved at the end of the file into steps[index].task (or gathered[index]). */
static bool parse_task_ref(parser *P, uint32_t index, pend_kind kind)
{
    tok name;
    return check_name(P, "a task name", &name) && add_pending(P, name, index, kind) && lex(P);
}

static int32_t handle_find(const parser *P, const tok *name)
{
    for (size_t i = 0; i < P->nhandles; i++)
        if (P->handles[i].name.len == name->len && memcmp(P->handles[i].name.p, name->p, name->len) == 0)
            return (int32_t)i;
    return -1;
}

/* spawn := 'spawn' TASK ['as' HANDLE] */
static bool parse_spawn(parser *P, scn_step *st)
{
    if (!parse_task_ref(P, (uint32_t)P->s->nsteps, PEND_TASK))
        return false;
    if (!tok_is(P, "as"))
        return true;
    tok h;
    if (!lex(P) || !check_name(P, "a handle name", &h))
        return false;
    int32_t prev = handle_find(P, &h);
    if (prev >= 0)
        return fail_at(P, h.line, h.col, "handle '%.*s' already used (first at %d:%d)", (int)h.len, h.p,
                       P->handles[prev].name.line, P->handles[prev].name.col);
    if (P->nhandles >= SCN_MAX_HANDLES)
        return fail_at(P, h.line, h.col, "too many handles in one body (limit is %u)", SCN_MAX_HANDLES);
    if (!SL_GROW(P->handles, P->cap_handles, P->nhandles + 1, SCN_MAX_HANDLES))
        return fail_at(P, h.line, h.col, "out of memory");
    st->handle = (int32_t)P->nhandles;
    P->handles[P->nhandles++] = (handle){h, P->groups[P->depth], {0}};
    return lex(P);
}

/* True when group g is one of the repeat groups enclosing the step being parsed. */
static bool group_open(const parser *P, uint32_t g)
{
    for (uint32_t d = 0; d <= P->depth; d++)
        if (P->groups[d] == g)
            return true;
    return false;
}

/* await := 'await' ('all' | HANDLE) */
static bool parse_await(parser *P, scn_step *st)
{
    if (tok_is(P, "all")) {
        st->kind = SCN_STEP_AWAIT_ALL;
        for (size_t i = 0; i < P->nhandles; i++)
            if (!P->handles[i].awaited.line)
                P->handles[i].awaited = P->t;
        return lex(P) && parse_timeout(P, st);
    }
    tok h;
    if (!check_name(P, "a handle name or 'all'", &h))
        return false;
    int32_t i = handle_find(P, &h);
    if (i < 0)
        return fail_at(P, h.line, h.col, "await of '%.*s', never spawned (write 'spawn TASK as %.*s' before)",
                       (int)h.len, h.p, (int)h.len, h.p);
    handle *hd = &P->handles[i];
    if (hd->awaited.line)
        return fail_at(P, h.line, h.col, "handle '%.*s' already awaited (at %d:%d)", (int)h.len, h.p,
                       hd->awaited.line, hd->awaited.col);
    if (hd->group != P->groups[P->depth] && group_open(P, hd->group))
        return fail_at(P, h.line, h.col, "handle '%.*s' is spawned outside this 'N * (...)': it would be "
                       "awaited at every round", (int)h.len, h.p);
    hd->awaited = h;
    st->handle = i;
    return lex(P) && parse_timeout(P, st);
}

/* gather := 'gather' N TASK | 'gather' TASK { TASK } */
static bool parse_gather(parser *P, scn_step *st)
{
    scn *s = P->s;
    st->task = (int32_t)s->ngathered;
    if (tok_is_count(P)) {
        uint64_t n;
        if (!parse_count(P, 1, SCN_MAX_GATHER, "a count or a task name", "gather count", "gathered tasks", &n))
            return false;
        st->count = (uint32_t)n;
        st->span = 1;
    }
    do {
        if (!SL_GROW(s->gathered, s->cap_gathered, s->ngathered + 1, SCN_MAX_GATHER))
            return fail_at(P, P->t.line, P->t.col, "too many gathered tasks (limit is %u)", SCN_MAX_GATHER);
        if (st->span == 0 && P->t.kind != T_WORD)
            return expected(P, "a count or a task name");
        s->gathered[s->ngathered] = -1;
        if (!parse_task_ref(P, (uint32_t)s->ngathered++, PEND_GATHERED))
            return false;
        if (st->count == 0 && ++st->span > SCN_MAX_GATHER)
            return fail_at(P, P->t.line, P->t.col, "too many gathered tasks (limit is %u)", SCN_MAX_GATHER);
    } while (st->count == 0 && P->t.kind == T_WORD);
    if (st->count == 0)
        st->count = st->span;
    return true;
}

/* offload := 'offload' POOL TASK */
static bool parse_offload(parser *P)
{
    tok pool;
    return check_name(P, "a pool name", &pool) && add_pending(P, pool, (uint32_t)P->s->nsteps, PEND_POOL) &&
           lex(P) && parse_task_ref(P, (uint32_t)P->s->nsteps, PEND_TASK);
}

/* sync := ('acquire' | 'get') NAME ['timeout' '=' DURATION] | ('release' | 'put') NAME
 * The name (a semaphore or lock for acquire/release, a queue for put/get) is resolved at the end. */
static bool parse_sync_step(parser *P, scn_step *st)
{
    tok name;
    if (!check_name(P, st->kind == SCN_STEP_PUT || st->kind == SCN_STEP_GET ? "a queue name"
                                                                           : "a semaphore or lock name", &name) ||
        !add_pending(P, name, (uint32_t)P->s->nsteps, PEND_SYNC) || !lex(P))
        return false;
    if (st->kind == SCN_STEP_ACQUIRE || st->kind == SCN_STEP_GET)
        return parse_timeout(P, st);
    return true;
}

static bool parse_step_list(parser *P, bool nested);

/* repeat := N '*' '(' steps ')' : a header step, then its body */
static bool parse_rounds(parser *P)
{
    tok at = P->t;
    uint64_t n;
    if (!parse_count(P, 1, SCN_MAX_ROUNDS, "a count", "repeat count", "rounds", &n) ||
        !accept(P, T_STAR, "'*'"))
        return false;
    if (P->t.kind != T_LP)
        return expected(P, "'('");
    if (P->depth >= SCN_MAX_NEST)
        return fail_at(P, at.line, at.col, "'N * (...)' nested too deep (limit is %u)", SCN_MAX_NEST);
    scn_step st = blank_step(SCN_STEP_REPEAT);
    st.count = (uint32_t)n;
    size_t head = P->s->nsteps;
    if (!lex(P) || !push_step(P, &st))
        return false;
    P->groups[++P->depth] = ++P->next_group;
    if (!parse_step_list(P, true))
        return false;
    P->depth--;
    P->s->steps[head].span = (uint32_t)(P->s->nsteps - head - 1);
    return lex(P);   /* the ')' */
}

/* step := ('cpu' | 'io' | 'block') dist [STRING] | call [STRING] | spawn [STRING] | await [STRING]
 *       | gather [STRING] | offload [STRING] | sync [STRING] | repeat */
static bool parse_step(parser *P)
{
    static const char *const kinds[] = {"cpu", "io", "block", "call", "spawn", "await", "gather", "offload",
                                        "acquire", "release", "put", "get", NULL};
    static const uint8_t kind_of[] = {SCN_STEP_CPU, SCN_STEP_IO, SCN_STEP_BLOCK, SCN_STEP_CALL, SCN_STEP_SPAWN,
                                      SCN_STEP_AWAIT, SCN_STEP_GATHER, SCN_STEP_OFFLOAD, SCN_STEP_ACQUIRE,
                                      SCN_STEP_RELEASE, SCN_STEP_PUT, SCN_STEP_GET};
    if (tok_is_count(P)) {
        P->control = true;
        return parse_rounds(P);
    }
    int k = word_index(P, kinds);
    if (k < 0)
        return expected(P, STEP_WORDS);
    scn_step st = blank_step(kind_of[k]);
    bool ok;
    if (!lex(P))
        return false;
    switch (st.kind) {
    case SCN_STEP_CALL: ok = parse_call(P, &st); break;
    case SCN_STEP_SPAWN: ok = parse_spawn(P, &st); break;
    case SCN_STEP_AWAIT: ok = parse_await(P, &st); break;
    case SCN_STEP_GATHER: ok = parse_gather(P, &st); break;
    case SCN_STEP_OFFLOAD: ok = parse_offload(P); break;
    case SCN_STEP_ACQUIRE: case SCN_STEP_RELEASE: case SCN_STEP_PUT: case SCN_STEP_GET:
        ok = parse_sync_step(P, &st);
        break;
    default: ok = parse_dist(P, &st.dur); break;
    }
    P->control |= scn_step_is_control(st.kind);
    return ok && parse_label(P, &st.label) && push_step(P, &st);
}

/* steps := step { ';' step }, up to the end of the line, or up to the ')' of a repeat (nested) */
static bool parse_step_list(parser *P, bool nested)
{
    for (;;) {
        if (P->s->nsteps - P->body_first >= SCN_MAX_STEPS)
            return fail_at(P, P->t.line, P->t.col, "too many steps in one request (limit is %u)", SCN_MAX_STEPS);
        if (!parse_step(P))
            return false;
        if (nested ? P->t.kind == T_RP : at_end(P))
            return true;
        if (!accept(P, T_SEMI, nested ? "';' or ')'" : "';' or end of line"))
            return false;
    }
}

static bool parse_steps(parser *P, scn_request *r)
{
    r->first_step = P->body_first = (uint32_t)P->s->nsteps;
    P->nhandles = 0;
    P->depth = P->next_group = 0;
    P->groups[0] = 0;
    P->control = false;
    if (!parse_step_list(P, false))
        return false;
    r->nsteps = (uint32_t)(P->s->nsteps - r->first_step);
    r->has_control = P->control;
    r->nhandles = (uint16_t)P->nhandles;
    return true;
}

/* colour := '#' HEX HEX HEX HEX HEX HEX */
static bool parse_color(parser *P, uint32_t *out)
{
    const tok *t = &P->t;
    if (t->kind != T_WORD || t->len != 7 || t->p[0] != '#')
        return expected(P, "a colour #rrggbb");
    uint32_t v = 0;
    for (int i = 1; i < 7; i++) {
        char c = t->p[i];
        int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
              : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (d < 0)
            return expected(P, "a colour #rrggbb");
        v = v * 16 + (uint32_t)d;
    }
    *out = v;
    return lex(P);
}

/* Counts the request instances of a statement against SCN_MAX_REQUESTS, blaming token at. */
static bool add_total(parser *P, uint64_t count, const tok *at)
{
    if (count > SCN_MAX_REQUESTS - P->total)
        return fail_at(P, at->line, at->col, "too many requests (limit is %u)", SCN_MAX_REQUESTS);
    P->total += count;
    return true;
}

/* request := 'request' NAME { 'color' '=' colour | 'at' '=' DURATION } ':' steps
 * task := 'task' NAME ['color' '=' colour] ':' steps   (r->is_task; tasks share the names)
 * r arrives with its arrival and count filled by `repeat` (or defaults). */
static bool parse_request(parser *P, scn_request *r)
{
    static const char *const keys[] = {"color", "at", NULL};
    static const char *const task_keys[] = {"color", NULL};
    const char *what = r->is_task ? "a task name" : "a request name";
    const char *keys_what = r->is_task ? "'color=' or ':'" : "'color=', 'at=' or ':'";
    scn *s = P->s;
    tok name;
    r->line = P->t.line;
    if (!check_name(P, what, &name))
        return false;
    int32_t prev = ns_find(&P->reqs, s, name.p, name.len);
    if (prev >= 0)
        return fail_at(P, name.line, name.col, "duplicate %s '%.*s' (first at line %d)",
                       s->reqs[prev].is_task ? "task" : "request", (int)name.len, name.p, s->reqs[prev].line);
    if (!parse_name(P, what, &name, &r->name))
        return false;
    uint32_t seen = 0;
    while (P->t.kind == T_WORD) {
        int k = word_index(P, r->is_task ? task_keys : keys);
        if (!once_key(P, &seen, k) || !parse_key(P, r->is_task ? task_keys : keys, keys_what, &k))
            return false;
        if (k == 0 ? !parse_color(P, &r->color) : !parse_dur(P, 0, &r->at))
            return false;
        r->has_color |= k == 0;
    }
    if (!accept(P, T_COLON, keys_what) || !parse_steps(P, r))
        return false;
    if (!SL_GROW(s->reqs, s->cap_reqs, s->nreqs + 1, SCN_MAX_REQUESTS) ||
        !ns_add(&P->reqs, s, r->name, (int32_t)s->nreqs))
        return fail_at(P, name.line, name.col, "out of memory");
    s->reqs[s->nreqs++] = *r;
    return true;
}

static scn_request new_request(void)
{
    return (scn_request){.name = -1, .arrival = SCN_ARRIVE_AT, .count = 1};
}

/* 'request' as a statement: one instance. */
static bool st_request(parser *P)
{
    scn_request r = new_request();
    return add_total(P, 1, &P->t) && parse_request(P, &r);
}

/* 'task' as a statement: a body that never arrives by itself. */
static bool st_task(parser *P)
{
    scn_request r = new_request();
    r.is_task = true;
    r.count = 0;
    return parse_request(P, &r);
}

/* pool := 'pool' NAME ('threads' | 'processes') '=' N */
static bool st_pool(parser *P)
{
    static const char *const keys[] = {"threads", "processes", NULL};
    scn *s = P->s;
    scn_pool pl = {-1, SCN_POOL_THREADS, 1, P->t.line};
    tok name;
    if (!check_name(P, "a pool name", &name))
        return false;
    int32_t prev = ns_find(&P->pools, s, name.p, name.len);
    if (prev >= 0)
        return fail_at(P, name.line, name.col, "duplicate pool '%.*s' (first at line %d)", (int)name.len, name.p,
                       s->pools[prev].line);
    if (s->npools >= SCN_MAX_POOLS)
        return fail_at(P, name.line, name.col, "too many pools (limit is %u)", SCN_MAX_POOLS);
    int k;
    uint64_t n;
    if (!parse_name(P, "a pool name", &name, &pl.name) || !parse_key(P, keys, "'threads=' or 'processes='", &k))
        return false;
    tok count = P->t;
    if (!parse_count(P, 1, SCN_MAX_WORKERS, "a number of workers", "workers", "workers", &n))
        return false;
    if (n > SCN_MAX_WORKERS - P->pool_workers)
        return fail_at(P, count.line, count.col, "too many workers in pools (limit is %u)", SCN_MAX_WORKERS);
    P->pool_workers += n;
    pl.kind = (uint8_t)(k == 0 ? SCN_POOL_THREADS : SCN_POOL_PROCESSES);
    pl.size = (uint32_t)n;
    if (!SL_GROW(s->pools, s->cap_pools, s->npools + 1, SCN_MAX_POOLS) ||
        !ns_add(&P->pools, s, pl.name, (int32_t)s->npools))
        return fail_at(P, name.line, name.col, "out of memory");
    s->pools[s->npools++] = pl;
    return true;
}

/* Declares a synchronization object: a new name among the semaphores, locks and queues. */
static bool sync_add(parser *P, scn_sync *sy, const tok *name)
{
    scn *s = P->s;
    if (!SL_GROW(s->syncs, s->cap_syncs, s->nsyncs + 1, SCN_MAX_SYNCS) ||
        !ns_add(&P->syncs, s, sy->name, (int32_t)s->nsyncs))
        return fail_at(P, name->line, name->col, "out of memory");
    s->syncs[s->nsyncs++] = *sy;
    return true;
}

/* The NAME of a semaphore, lock or queue statement: not yet used by another one. */
static bool sync_name(parser *P, scn_sync *sy, tok *name)
{
    scn *s = P->s;
    if (!check_name(P, "a name", name))
        return false;
    int32_t prev = ns_find(&P->syncs, s, name->p, name->len);
    if (prev >= 0)
        return fail_at(P, name->line, name->col, "duplicate name '%.*s' (the %s at line %d)", (int)name->len,
                       name->p, scn_sync_kind_name((scn_sync_kind)s->syncs[prev].kind), s->syncs[prev].line);
    if (s->nsyncs >= SCN_MAX_SYNCS)
        return fail_at(P, name->line, name->col, "too many semaphores, locks and queues (limit is %u)",
                       SCN_MAX_SYNCS);
    return parse_name(P, "a name", name, &sy->name);
}

/* semaphore := 'semaphore' NAME N   (N >= 1) */
static bool st_semaphore(parser *P)
{
    scn_sync sy = {-1, SCN_SYNC_SEMAPHORE, 1, P->t.line};
    tok name;
    uint64_t n;
    if (!sync_name(P, &sy, &name) ||
        !parse_count(P, 1, SCN_MAX_PERMITS, "a number of permits", "permits", "permits", &n))
        return false;
    sy.size = (uint32_t)n;
    return sync_add(P, &sy, &name);
}

/* lock := 'lock' NAME   (a semaphore of 1) */
static bool st_lock(parser *P)
{
    scn_sync sy = {-1, SCN_SYNC_LOCK, 1, P->t.line};
    tok name;
    return sync_name(P, &sy, &name) && sync_add(P, &sy, &name);
}

/* queue := 'queue' NAME ['size' '=' N]   (0 or absent: unbounded) */
static bool st_queue(parser *P)
{
    static const char *const keys[] = {"size", NULL};
    scn_sync sy = {-1, SCN_SYNC_QUEUE, 0, P->t.line};
    tok name;
    uint64_t n = 0;
    int k;
    if (!sync_name(P, &sy, &name))
        return false;
    if (!at_end(P) && (!parse_key(P, keys, "'size=' or end of line", &k) ||
                        !parse_count(P, 0, SCN_MAX_PERMITS, "a queue size", "queue size", "places", &n)))
        return false;
    sy.size = (uint32_t)n;
    return sync_add(P, &sy, &name);
}

/* repeat := 'repeat' N ['every' '=' DURATION | 'rate' '=' NUMBER '/s'] 'request' ... */
static bool st_repeat(parser *P)
{
    static const char *const keys[] = {"every", "rate", NULL};
    scn_request r = new_request();
    uint64_t n;
    tok count = P->t;
    if (!parse_count(P, 1, SCN_MAX_REQUESTS, "a repeat count", "repeat count", "requests", &n) ||
        !add_total(P, n, &count))
        return false;
    r.count = (uint32_t)n;
    r.repeated = true;
    if (!tok_is(P, "request") && P->t.kind == T_WORD) {
        int k;
        if (!parse_key(P, keys, "'every=', 'rate=' or 'request'", &k))
            return false;
        r.arrival = k == 0 ? SCN_ARRIVE_EVERY : SCN_ARRIVE_RATE;
        if (k == 0 ? !parse_dur(P, 1, &r.every)
                   : !parse_positive(P, "a rate N/s", "rate", "/s", SCN_MAX_RATE, &r.rate_per_s))
            return false;
    }
    if (!tok_is(P, "request"))
        return expected(P, r.arrival == SCN_ARRIVE_AT ? "'every=', 'rate=' or 'request'" : "'request'");
    return lex(P) && parse_request(P, &r);
}

/* times := 'at' '=' DURATION | 'from' '=' DURATION 'to' '=' DURATION   (from, to in any order) */
static bool parse_note_times(parser *P, const tok *host, scn_note *n)
{
    static const char *const keys[] = {"at", "from", "to", NULL};
    enum { AT = 1, FROM = 2, TO = 4 };
    uint32_t seen = 0;
    tok to_tok = P->t;
    while (P->t.kind == T_WORD) {
        int k = word_index(P, keys);
        if (!once_key(P, &seen, k) ||
            !parse_key(P, keys, seen & AT ? "a quoted text" : "'at=', 'from=', 'to=' or a quoted text", &k))
            return false;
        if (k == 2)
            to_tok = P->t;
        if (!parse_dur(P, 0, k == 2 ? &n->to : &n->from))
            return false;
        if ((seen & AT) && (seen & (FROM | TO)))
            return fail_at(P, host->line, host->col, "a note takes 'at=' or 'from=' and 'to=', not both");
    }
    if (seen == 0)
        return expected(P, "'at=' or 'from='");
    if (seen == AT) {
        n->to = n->from;
        return true;
    }
    if (seen != (FROM | TO))
        return expected(P, seen & FROM ? "'to='" : "'from='");
    return n->to >= n->from ||
           fail_at(P, to_tok.line, to_tok.col, "a note must end after it starts (to >= from)");
}

/* note := 'note' HOST times STRING */
static bool st_note(parser *P)
{
    scn *s = P->s;
    scn_note n = {-1, 0, 0, -1};
    tok host;
    if (s->nnotes >= SCN_MAX_NOTES)
        return fail_at(P, P->t.line, P->t.col, "too many notes (limit is %u)", SCN_MAX_NOTES);
    if (!check_name(P, "a host name", &host) || !lex(P) || !parse_note_times(P, &host, &n) ||
        !parse_string(P, "a quoted text", &n.text))
        return false;
    if (!SL_GROW(s->notes, s->cap_notes, s->nnotes + 1, SCN_MAX_NOTES))
        return fail_at(P, host.line, host.col, "out of memory");
    if (!add_pending(P, host, (uint32_t)s->nnotes, PEND_NOTE))
        return false;
    s->notes[s->nnotes++] = n;
    return true;
}

typedef bool (*stmt_fn)(parser *);

static const struct {
    const char *name;
    stmt_fn fn;
    int once;   /* ST_* index, or -1 if it may repeat */
} statements[] = {
    {"request", st_request, -1}, {"repeat", st_repeat, -1}, {"server", st_server, -1},
    {"note", st_note, -1}, {"task", st_task, -1}, {"pool", st_pool, -1}, {"semaphore", st_semaphore, -1},
    {"lock", st_lock, -1}, {"queue", st_queue, -1}, {"title", st_title, ST_TITLE},
    {"model", st_model, ST_MODEL},
    {"cores", st_cores, ST_CORES}, {"timeslice", st_timeslice, ST_TIMESLICE},
    {"switch", st_switch, ST_SWITCH}, {"spawn", st_spawn, ST_SPAWN}, {"memory", st_memory, ST_MEMORY},
    {"gil", st_gil, ST_GIL}, {"switchinterval", st_switchinterval, ST_SWITCHINTERVAL},
    {"workers", st_workers, ST_WORKERS}, {"seed", st_seed, ST_SEED}, {"client", st_client, ST_CLIENT},
    {"profile", st_profile, ST_PROFILE}, {"latency", st_latency, ST_LATENCY},
    {"limit", st_limit, ST_LIMIT},
    {"start", st_start, ST_START}, {"callcpu", st_callcpu, ST_CALLCPU}, {"handover", st_handover, ST_HANDOVER},
    {"lang", st_lang, ST_LANG},
};

/* statement := KEYWORD arguments, up to the end of the line */
static bool parse_statement(parser *P)
{
    char buf[160];
    if (P->t.kind != T_WORD)
        return expected(P, "a statement");
    for (size_t i = 0; i < sizeof statements / sizeof statements[0]; i++) {
        if (!tok_is(P, statements[i].name))
            continue;
        int once = statements[i].once;
        if (once >= 0 && P->first[once].line)
            return fail_at(P, P->t.line, P->t.col, "duplicate '%s' (first at %d:%d)", statements[i].name,
                           P->first[once].line, P->first[once].col);
        if (once >= 0)
            P->first[once] = P->t;
        return lex(P) && statements[i].fn(P) && end_stmt(P);
    }
    return fail_at(P, P->t.line, P->t.col, "unknown statement %s", tok_desc(P, &P->t, buf, sizeof buf));
}

/* ---------------------------------------------------------------- end of file */

static bool is_client(const parser *P, const tok *name)
{
    const char *c = scn_str(P->s, P->s->cfg.client);
    return strlen(c) == name->len && memcmp(c, name->p, name->len) == 0;
}

/* A task named by spawn, gather or offload: it must be a `task` statement. */
static bool resolve_task(parser *P, const pending *pd)
{
    const tok *n = &pd->name;
    int32_t r = ns_find(&P->reqs, P->s, n->p, n->len);
    if (r < 0)
        return fail_at(P, n->line, n->col, "unknown task '%.*s'", (int)n->len, n->p);
    if (!P->s->reqs[r].is_task)
        return fail_at(P, n->line, n->col, "'%.*s' is a request, not a task (write 'task %.*s : ...')",
                       (int)n->len, n->p, (int)n->len, n->p);
    if (pd->kind == PEND_GATHERED)
        P->s->gathered[pd->index] = r;
    else
        P->s->steps[pd->index].task = r;
    return true;
}

static bool resolve_pool(parser *P, const pending *pd)
{
    const tok *n = &pd->name;
    int32_t k = ns_find(&P->pools, P->s, n->p, n->len);
    if (k < 0)
        return fail_at(P, n->line, n->col, "unknown pool '%.*s'", (int)n->len, n->p);
    P->s->steps[pd->index].host = k;
    return true;
}

/* The semaphore, lock or queue of an acquire, release, put or get: one of the right kind. */
static bool resolve_sync(parser *P, const pending *pd)
{
    const tok *n = &pd->name;
    scn_step *st = &P->s->steps[pd->index];
    bool wants_queue = st->kind == SCN_STEP_PUT || st->kind == SCN_STEP_GET;
    static const char *const verbs[] = {"acquire", "release", "put", "get"};
    const char *verb = verbs[st->kind - SCN_STEP_ACQUIRE];
    int32_t k = ns_find(&P->syncs, P->s, n->p, n->len);
    if (k < 0)
        return fail_at(P, n->line, n->col, "unknown %s '%.*s' (declare it with '%s %.*s%s')",
                       wants_queue ? "queue" : "semaphore or lock", (int)n->len, n->p,
                       wants_queue ? "queue" : "lock", (int)n->len, n->p, wants_queue ? " size=N" : "");
    uint8_t kind = P->s->syncs[k].kind;
    if (wants_queue != (kind == SCN_SYNC_QUEUE))
        return fail_at(P, n->line, n->col, "'%.*s' is a %s: '%s' takes a %s", (int)n->len, n->p,
                       scn_sync_kind_name((scn_sync_kind)kind), verb,
                       wants_queue ? "queue" : "semaphore or a lock");
    st->host = k;
    return true;
}

/* Resolves call and note hosts, tasks and pools, now that every name is known. */
static bool resolve_hosts(parser *P)
{
    for (size_t i = 0; i < P->npend; i++) {
        const pending *pd = &P->pend[i];
        if (pd->kind == PEND_TASK || pd->kind == PEND_GATHERED) {
            if (!resolve_task(P, pd))
                return false;
            continue;
        }
        if (pd->kind == PEND_POOL) {
            if (!resolve_pool(P, pd))
                return false;
            continue;
        }
        if (pd->kind == PEND_SYNC) {
            if (!resolve_sync(P, pd))
                return false;
            continue;
        }
        bool is_note = pd->kind == PEND_NOTE;
        int32_t srv = ns_find(&P->servers, P->s, pd->name.p, pd->name.len);
        if (is_note && (srv >= 0 || is_client(P, &pd->name))) {
            P->s->notes[pd->index].host = srv;
            continue;
        }
        if (srv >= 0) {
            P->s->steps[pd->index].host = srv;
            continue;
        }
        if (!is_note && is_client(P, &pd->name))
            return fail_at(P, pd->name.line, pd->name.col, "cannot call the client '%.*s'",
                           (int)pd->name.len, pd->name.p);
        return fail_at(P, pd->name.line, pd->name.col, "unknown host '%.*s'", (int)pd->name.len, pd->name.p);
    }
    return true;
}

static bool finish(parser *P)
{
    scn *s = P->s;
    size_t arriving = 0;
    for (size_t i = 0; i < s->nreqs; i++)
        arriving += !s->reqs[i].is_task;
    if (arriving == 0)
        return fail_at(P, 1, 1, "expected at least one 'request'");
    if (!P->client.line) {
        if (P->client_clash.line)
            return fail_at(P, P->client_clash.line, P->client_clash.col,
                           "duplicate host 'client' (the default client name; add a 'client NAME' line)");
        if (!pool_add(P, "client", 6, false, &s->cfg.client))
            return false;
    }
    if (!resolve_hosts(P))
        return false;
    scn_apply_profile(&s->cfg);
    return true;
}

/* Everything a statement leaves unset: the profile fills the costs at the end. */
static void default_config(scn_config *c)
{
    memset(c, 0, sizeof *c);
    c->title = -1;
    c->model = SCN_SEQUENTIAL;
    c->profile = SCN_PROFILE_PYTHON;
    c->cores = 1;
    c->seed = 1;
    c->latency_scale = 1.0;
    c->client = -1;
}

/* file := { [statement] ['#' comment] EOL } EOF */
static bool parse_file(parser *P)
{
    if (P->len > SCN_MAX_TEXT)
        return fail_at(P, 1, 1, "file too large (limit is %u bytes)", SCN_MAX_TEXT);
    /* Some Windows editors start a UTF-8 file with one: say so, rather than "unknown statement". */
    if (P->len >= 3 && memcmp(P->src, "\xef\xbb\xbf", 3) == 0)
        return fail_at(P, 1, 1, "expected a statement, got a UTF-8 byte order mark "
                       "(save the file without BOM)");
    if (!check_line_length(P) || !lex(P))
        return false;
    while (P->t.kind != T_EOF) {
        if (P->t.kind != T_EOL && !parse_statement(P))
            return false;
        if (P->t.kind == T_EOL && !lex(P))
            return false;
    }
    return finish(P);
}

static void parser_free(parser *P)
{
    free(P->pend);
    ns_free(&P->servers);
    ns_free(&P->reqs);
    ns_free(&P->pools);
    ns_free(&P->syncs);
    free(P->handles);
}

bool scn_parse(const char *path, const char *text, size_t len, scn *out, sl_err *err)
{
    parser P = {.path = path, .src = text ? text : "", .len = text ? len : 0, .line = 1, .s = out, .err = err};
    memset(out, 0, sizeof *out);
    default_config(&out->cfg);
    bool ok = (out->path = sl_strndup(path, strlen(path))) != NULL;
    if (!ok)
        sl_fail(err, "%s: error: out of memory", path);
    ok = ok && parse_file(&P);
    parser_free(&P);
    if (!ok)
        scn_free(out);
    return ok;
}

/* ---------------------------------------------------------------- --set KEY=VALUE */

typedef enum {
    K_MODEL, K_CORES, K_TIMESLICE, K_SWITCH, K_SPAWN, K_MEMORY, K_BUDGET, K_GIL, K_SWITCHINTERVAL,
    K_WORKERS, K_SEED, K_PROFILE, K_SCALE, K_TITLE, K_REPEAT, K_LIMIT_EVENTS, K_LIMIT_MEMORY,
    K_START, K_CALLCPU, K_HANDOVER, K_MEMAT, K_GILSPAWN, K_CONNECT, K_MEMCONN
} set_kind;

static const struct {
    const char *key;
    set_kind kind;
    int sub;   /* the scn_unit_kind of switch/spawn/memory keys */
} set_keys[] = {
    {"model", K_MODEL, 0}, {"cores", K_CORES, 0}, {"timeslice", K_TIMESLICE, 0},
    {"switch.process", K_SWITCH, SCN_PROCESS}, {"switch.thread", K_SWITCH, SCN_THREAD},
    {"switch.coroutine", K_SWITCH, SCN_COROUTINE},
    {"spawn.process", K_SPAWN, SCN_PROCESS}, {"spawn.thread", K_SPAWN, SCN_THREAD},
    {"spawn.coroutine", K_SPAWN, SCN_COROUTINE},
    {"memory.process", K_MEMORY, SCN_PROCESS}, {"memory.thread", K_MEMORY, SCN_THREAD},
    {"memory.coroutine", K_MEMORY, SCN_COROUTINE}, {"memory.budget", K_BUDGET, 0},
    {"memory.connection", K_MEMCONN, 0},
    {"gil", K_GIL, 0}, {"switchinterval", K_SWITCHINTERVAL, 0}, {"workers", K_WORKERS, 0},
    {"seed", K_SEED, 0}, {"profile", K_PROFILE, 0}, {"latency.scale", K_SCALE, 0},
    {"title", K_TITLE, 0}, {"repeat", K_REPEAT, 0},
    {"limit.events", K_LIMIT_EVENTS, 0}, {"limit.memory", K_LIMIT_MEMORY, 0},
    {"start.process", K_START, SCN_PROCESS}, {"start.thread", K_START, SCN_THREAD},
    {"start.coroutine", K_START, SCN_COROUTINE}, {"callcpu.process", K_CALLCPU, SCN_PROCESS},
    {"callcpu.thread", K_CALLCPU, SCN_THREAD}, {"callcpu.coroutine", K_CALLCPU, SCN_COROUTINE},
    {"handover", K_HANDOVER, 0}, {"memory.at", K_MEMAT, 0}, {"gil.spawn", K_GILSPAWN, 0},
    {"connect.await", K_CONNECT, 0},
};

/* A title given bare on the command line (no quotes): the whole value, checked like a string. */
static bool set_bare_title(parser *P, int32_t *id)
{
    if (P->len > SCN_MAX_STRING)
        return fail_at(P, 1, 1, "string too long (limit is %u bytes)", SCN_MAX_STRING);
    if (!check_text(P, 0, P->len, "string"))
        return false;
    P->pos = P->len;
    return pool_add(P, P->src, P->len, false, id) && lex(P);
}

/* The first `repeat` statement, whose count a sweep replaces. */
static scn_request *first_repeat(scn *s)
{
    for (size_t i = 0; i < s->nreqs; i++)
        if (s->reqs[i].repeated)
            return &s->reqs[i];
    return NULL;
}

static bool set_repeat(parser *P)
{
    scn_request *r = first_repeat(P->s);
    uint64_t n;
    if (!r)
        return fail_at(P, 1, 1, "the scenario has no 'repeat' statement");
    P->total = scn_total_requests(P->s) - r->count;
    tok at = P->t;
    if (!parse_count(P, 1, SCN_MAX_REQUESTS, "a repeat count", "repeat count", "requests", &n) ||
        !add_total(P, n, &at) || !end_stmt(P))
        return false;
    r->count = (uint32_t)n;
    return true;
}

/* Parses VALUE for key i into c (a copy of the scenario's config). */
static bool set_value(parser *P, int i, scn_config *c)
{
    int sub = set_keys[i].sub;
    uint64_t seed;
    switch (set_keys[i].kind) {
    case K_MODEL: return parse_model(P, &c->model);
    case K_CORES: return parse_cores(P, SCN_MAX_CORES, &c->cores);
    case K_TIMESLICE: c->explicit_set |= SCN_SET_TIMESLICE; return parse_dur(P, 1, &c->timeslice);
    case K_SWITCH:
        c->explicit_set |= (uint32_t)SCN_SET_SWITCH_P << sub;
        return parse_dur(P, 0, &c->switch_cost[sub]);
    case K_SPAWN:
        c->explicit_set |= (uint32_t)SCN_SET_SPAWN_P << sub;
        return parse_dur(P, 0, &c->spawn_cost[sub]);
    case K_MEMORY:
        c->explicit_set |= (uint32_t)SCN_SET_MEM_P << sub;
        return parse_size(P, 0, &c->mem_unit[sub]);
    case K_BUDGET: c->explicit_set |= SCN_SET_BUDGET; return parse_size(P, 1, &c->mem_budget);
    case K_MEMCONN: c->explicit_set |= SCN_SET_MEM_CONN; return parse_size(P, 0, &c->mem_conn);
    case K_GIL: c->explicit_set |= SCN_SET_GIL; return parse_onoff(P, &c->gil);
    case K_SWITCHINTERVAL:
        c->explicit_set |= SCN_SET_SWITCHINTERVAL;
        return parse_dur(P, 1, &c->switchinterval);
    case K_WORKERS: return parse_workers(P, &c->workers);
    case K_SEED:
        if (!parse_count(P, 0, UINT64_MAX, "a seed (an unsigned integer)", "seed", "seed", &seed))
            return false;
        c->seed = seed;
        return true;
    case K_PROFILE: return parse_profile(P, c);
    case K_START:
        c->explicit_set |= (uint32_t)SCN_SET_START_P << sub;
        return parse_dur(P, 0, &c->start_cost[sub]);
    case K_CALLCPU:
        c->explicit_set |= (uint32_t)SCN_SET_CALLCPU_P << sub;
        return parse_dur(P, 0, &c->call_cpu[sub]);
    case K_HANDOVER: c->explicit_set |= SCN_SET_HANDOVER; return parse_dur(P, 0, &c->gil_handover);
    case K_MEMAT: {
        static const char *const at[] = {"creation", "arrival", NULL};
        int v = word_index(P, at);
        if (v < 0)
            return expected(P, "'creation' or 'arrival'");
        c->mem_at_arrival = v == 1;
        return lex(P);
    }
    case K_GILSPAWN: {
        bool on = true;
        if (!parse_onoff(P, &on))
            return false;
        c->gil_spawn_free = !on;
        return true;
    }
    case K_CONNECT: {
        bool on = true;
        if (!parse_onoff(P, &on))
            return false;
        c->connect_direct = !on;
        return true;
    }
    case K_SCALE: return parse_scale(P, &c->latency_scale);
    case K_TITLE:
        return P->t.kind == T_STR ? parse_string(P, "a quoted title", &c->title) : set_bare_title(P, &c->title);
    case K_REPEAT: return set_repeat(P);
    case K_LIMIT_EVENTS: return parse_limit_events(P, &c->limit_events);
    case K_LIMIT_MEMORY: return parse_limit_memory(P, &c->limit_memory);
    }
    return false;
}

/* `semaphore.NAME=N` (N >= 1) or `queue.NAME=N` (0: unbounded): the size of a declared one, so a
 * lecturer compares a crawler with 100 connections and with 10 000 without editing the file. */
static bool set_sync(parser *P, const char *kv, size_t klen, bool queue)
{
    scn *s = P->s;
    size_t skip = queue ? 6 : 10;
    for (size_t k = 0; k < s->nsyncs; k++) {
        const char *name = scn_str(s, s->syncs[k].name);
        if (strlen(name) != klen - skip || memcmp(name, kv + skip, klen - skip) != 0)
            continue;
        if ((s->syncs[k].kind == SCN_SYNC_QUEUE) != queue || s->syncs[k].kind == SCN_SYNC_LOCK)
            return fail_at(P, 1, 1, "'%s' is a %s, not a %s", name,
                           scn_sync_kind_name((scn_sync_kind)s->syncs[k].kind), queue ? "queue" : "semaphore");
        uint64_t n;
        if (!lex(P) || !parse_count(P, queue ? 0 : 1, SCN_MAX_PERMITS, queue ? "a queue size" : "a number of permits",
                                    queue ? "queue size" : "permits", queue ? "places" : "permits", &n) ||
            !end_stmt(P))
            return false;
        s->syncs[k].size = (uint32_t)n;
        return true;
    }
    return fail_at(P, 1, 1, "no %s named '%.*s'", queue ? "queue" : "semaphore", (int)(klen - skip), kv + skip);
}

bool scn_set(scn *s, const char *kv, sl_err *err)
{
    const char *eq = strchr(kv, '=');
    parser P = {.setkv = kv, .line = 1, .s = s, .err = err};
    if (!eq)
        return fail_at(&P, 1, 1, "expected KEY=VALUE");
    size_t klen = (size_t)(eq - kv);
    bool sem = klen > 10 && memcmp(kv, "semaphore.", 10) == 0, que = klen > 6 && memcmp(kv, "queue.", 6) == 0;
    if (sem || que) {
        P.src = eq + 1;
        P.len = strlen(P.src);
        return set_sync(&P, kv, klen, que);
    }
    int i = -1;
    for (size_t j = 0; j < sizeof set_keys / sizeof set_keys[0]; j++)
        if (strlen(set_keys[j].key) == klen && memcmp(set_keys[j].key, kv, klen) == 0)
            i = (int)j;
    if (i < 0) {
        char q[160];
        quote(q, sizeof q, kv, klen);
        return fail_at(&P, 1, 1, "unknown key %s (expected model, cores, timeslice, switch.KIND, spawn.KIND, "
                       "memory.KIND, memory.budget, gil, switchinterval, workers, seed, profile, "
                       "latency.scale, title, repeat, limit.events, limit.memory, semaphore.NAME or queue.NAME; KIND "
                       "is process, thread or coroutine)", q);
    }
    P.src = eq + 1;
    P.len = strlen(P.src);
    scn_config c = s->cfg;
    if (!lex(&P) || !set_value(&P, i, &c) || !end_stmt(&P))
        return false;
    if (set_keys[i].kind == K_REPEAT)
        return true;
    s->cfg = c;
    scn_apply_profile(&s->cfg);
    return true;
}
