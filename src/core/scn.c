/* scn.c — the scenario's life outside the parser: cost profiles, names of enums, the string pool,
 * deep copy, release and file loading. The language itself lives in scn_parse.c. */
#include "scn.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char scn_default_text[] =
    "# Deux requêtes, deux serveurs (course w8-s1, figures 2, 5 and 7)\n"
    "title \"Deux requêtes, deux serveurs\"\n"
    "model threads\n"
    "cores 1\n"
    "client robot\n"
    "server www.foo.com\n"
    "server www.bar.com\n"
    "request foo color=#b46ae0 : cpu 3ms \"traitement\" ; call www.foo.com latency=4ms serve=3ms"
    " \"traitement\" ; cpu 3ms \"traitement\"\n"
    "request bar color=#e8605a : cpu 3ms \"traitement\" ; call www.bar.com latency=4ms serve=3ms"
    " \"traitement\" ; cpu 3ms \"traitement\"\n";

/* Costs of each built-in profile. Where each number comes from is written in docs/language.md
 * (measured on a 2-vCPU Linux 6.x VM with CPython 3.11 — `schedlab calibrate` — or estimated). */
#define US SL_NS_PER_US
#define MS SL_NS_PER_MS
#define KIB INT64_C(1024)
/* python's memory per process, thread and task, which `ideal` keeps. */
#define PYTHON_MEM {1536 * KIB, 13 * KIB, 840}

static const scn_costs scn_profiles[SCN_PROFILE_COUNT] = {
    [SCN_PROFILE_PYTHON] = {
        /* The medians of five `schedlab calibrate` runs (docs/language.md, "Rules measured by
         * real runs"); the switches are the older measurement, inside calibrate's spread. */
        .spawn = {400 * US, 27 * US, 1600},
        .start = {2700 * US, 1600, 1300},
        .sw = {2500, 2 * US, 1800},
        .callcpu = {19 * US, 22 * US, 82 * US},
        .mem = PYTHON_MEM,
        .mem_conn = 4 * KIB,                /* an open connection: 3.1 KiB measured (docs/language.md) */
        .handover = 200 * US,
        .gil = true,
    },
    [SCN_PROFILE_C] = {
        .spawn = {200 * US, 40 * US, 1 * US},
        .sw = {2500, 2 * US, 350},
        .mem = {120 * KIB, 35 * KIB, 16 * KIB},
        .gil = false,
    },
    [SCN_PROFILE_IDEAL] = {
        .mem = PYTHON_MEM,
        .gil = true,
    },
};

const scn_costs *scn_builtin_costs(scn_profile p)
{
    return &scn_profiles[(unsigned)p < SCN_PROFILE_COUNT ? p : 0];
}

/* Shared by both profiles. */
#define SCN_DEFAULT_BUDGET         (INT64_C(1) << 30)
#define SCN_DEFAULT_TIMESLICE      (4 * MS)
#define SCN_DEFAULT_SWITCHINTERVAL (5 * MS)

static const char *const scn_model_names[SCN_MODEL_COUNT] = {
    "sequential", "processes", "threads", "coroutines",
};

static const char *const scn_profile_names[SCN_PROFILE_COUNT] = {"python", "c", "ideal"};

const char *scn_model_name(scn_model m)
{
    return (unsigned)m < SCN_MODEL_COUNT ? scn_model_names[m] : "?";
}

bool scn_model_from_name(const char *name, scn_model *out)
{
    for (int m = 0; m < SCN_MODEL_COUNT; m++) {
        if (strcmp(name, scn_model_names[m]) == 0) {
            *out = (scn_model)m;
            return true;
        }
    }
    return false;
}

const char *scn_profile_name(scn_profile p)
{
    return (unsigned)p < SCN_PROFILE_COUNT ? scn_profile_names[p] : "?";
}

const char *scn_str(const scn *s, int32_t id)
{
    if (id < 0 || !s->strings || (size_t)id >= s->strings_len)
        return "";
    return s->strings + id;
}

uint64_t scn_total_requests(const scn *s)
{
    uint64_t n = 0;
    for (size_t i = 0; i < s->nreqs; i++)
        n += s->reqs[i].count;
    return n;
}

/* Writes v into *field unless the explicit bit is set. */
static void fill(int64_t *field, int64_t v, uint32_t explicit_set, uint32_t bit)
{
    if (!(explicit_set & bit))
        *field = v;
}

void scn_apply_profile(scn_config *cfg)
{
    const scn_costs *p = cfg->has_custom ? &cfg->custom : scn_builtin_costs((scn_profile)cfg->profile);
    uint32_t ex = cfg->explicit_set;
    for (int k = 0; k < SCN_UNIT_KIND_COUNT; k++) {
        fill(&cfg->switch_cost[k], p->sw[k], ex, (uint32_t)SCN_SET_SWITCH_P << k);
        fill(&cfg->spawn_cost[k], p->spawn[k], ex, (uint32_t)SCN_SET_SPAWN_P << k);
        fill(&cfg->start_cost[k], p->start[k], ex, (uint32_t)SCN_SET_START_P << k);
        fill(&cfg->call_cpu[k], p->callcpu[k], ex, (uint32_t)SCN_SET_CALLCPU_P << k);
        fill(&cfg->mem_unit[k], p->mem[k], ex, (uint32_t)SCN_SET_MEM_P << k);
    }
    fill(&cfg->gil_handover, p->handover, ex, SCN_SET_HANDOVER);
    fill(&cfg->mem_conn, p->mem_conn, ex, SCN_SET_MEM_CONN);
    fill(&cfg->mem_budget, SCN_DEFAULT_BUDGET, ex, SCN_SET_BUDGET);
    fill(&cfg->timeslice, SCN_DEFAULT_TIMESLICE, ex, SCN_SET_TIMESLICE);
    fill(&cfg->switchinterval, SCN_DEFAULT_SWITCHINTERVAL, ex, SCN_SET_SWITCHINTERVAL);
    if (!(ex & SCN_SET_GIL))
        cfg->gil = p->gil;
}

/* A malloc'd copy of n elements of size el at src (NULL when n is 0); false on failure. */
static bool dup_array(void **dst, const void *src, size_t n, size_t el)
{
    *dst = NULL;
    if (n == 0)
        return true;
    *dst = malloc(n * el);
    if (!*dst)
        return false;
    memcpy(*dst, src, n * el);
    return true;
}

bool scn_copy(scn *dst, const scn *src, sl_err *err)
{
    memset(dst, 0, sizeof *dst);
    dst->cfg = src->cfg;
    if (src->path && !(dst->path = sl_strndup(src->path, strlen(src->path))))
        goto fail;
    if (!dup_array((void **)&dst->servers, src->servers, src->nservers, sizeof *src->servers) ||
        !dup_array((void **)&dst->reqs, src->reqs, src->nreqs, sizeof *src->reqs) ||
        !dup_array((void **)&dst->steps, src->steps, src->nsteps, sizeof *src->steps) ||
        !dup_array((void **)&dst->notes, src->notes, src->nnotes, sizeof *src->notes) ||
        !dup_array((void **)&dst->pools, src->pools, src->npools, sizeof *src->pools) ||
        !dup_array((void **)&dst->gathered, src->gathered, src->ngathered, sizeof *src->gathered) ||
        !dup_array((void **)&dst->syncs, src->syncs, src->nsyncs, sizeof *src->syncs) ||
        !dup_array((void **)&dst->strings, src->strings, src->strings_len, 1))
        goto fail;
    dst->nservers = dst->cap_servers = src->nservers;
    dst->nreqs = dst->cap_reqs = src->nreqs;
    dst->nsteps = dst->cap_steps = src->nsteps;
    dst->nnotes = dst->cap_notes = src->nnotes;
    dst->npools = dst->cap_pools = src->npools;
    dst->ngathered = dst->cap_gathered = src->ngathered;
    dst->nsyncs = dst->cap_syncs = src->nsyncs;
    dst->strings_len = dst->cap_strings = src->strings_len;
    return true;
fail:
    scn_free(dst);
    return sl_fail(err, "%s: error: out of memory copying the scenario", src->path ? src->path : "scenario");
}

void scn_free(scn *s)
{
    free(s->path);
    free(s->servers);
    free(s->reqs);
    free(s->steps);
    free(s->notes);
    free(s->pools);
    free(s->gathered);
    free(s->syncs);
    free(s->strings);
    memset(s, 0, sizeof *s);
}

/* Reads f to its end, at most `most` bytes (one more tells a text of exactly `most` bytes from a
 * longer one: errno EFBIG). A chunk holding a NUL byte ends the reading: no scenario has one, and
 * the parser reports its place, so /dev/zero or /dev/urandom answer at once instead of after a
 * gigabyte. */
static bool read_all(FILE *f, size_t most, char **out, size_t *outlen)
{
    size_t len = 0, cap = 0;
    char *buf = NULL;
    for (;;) {
        if (len == cap) {
            if (cap == most + 1) {
                errno = EFBIG;
                goto fail;
            }
            size_t ncap = cap ? (cap > (most + 1) / 2 ? most + 1 : cap * 2) : 65536;
            ncap = ncap > most + 1 ? most + 1 : ncap;
            char *p = realloc(buf, ncap);
            if (!p) {
                errno = ENOMEM;
                goto fail;
            }
            buf = p;
            cap = ncap;
        }
        size_t n = fread(buf + len, 1, cap - len, f);
        len += n;
        if (n == 0 || memchr(buf + len - n, '\0', n))
            break;
    }
    if (ferror(f))
        goto fail;
    *out = buf;
    *outlen = len;
    return true;
fail:
    free(buf);
    return false;
}

/* Reads and parses an open stream named `name` in messages. A regular file's size is checked
 * before anything is read (a sparse file of 1 GiB + 1 byte is refused at once); anything else
 * (standard input, a FIFO, a device) is cut at SCN_MAX_STREAM. */
static bool load_stream(FILE *f, const char *name, scn *out, sl_err *err)
{
    struct stat st;
    bool regular = fstat(fileno(f), &st) == 0 && S_ISREG(st.st_mode);
    if (regular && st.st_size > (off_t)SCN_MAX_TEXT)
        return sl_fail(err, "%s: error: cannot read: file too large (limit is %u bytes)", name, SCN_MAX_TEXT);
    char *text = NULL;
    size_t len = 0;
    errno = 0;
    if (!read_all(f, regular ? SCN_MAX_TEXT : SCN_MAX_STREAM, &text, &len)) {
        int e = errno ? errno : EIO;
        if (e == EFBIG && regular)
            return sl_fail(err, "%s: error: cannot read: file too large (limit is %u bytes)", name, SCN_MAX_TEXT);
        if (e == EFBIG)
            return sl_fail(err, "%s: error: cannot read: input larger than %u MiB (the limit of standard input "
                           "and other streams)", name, SCN_MAX_STREAM >> 20);
        return sl_fail(err, "%s: error: cannot read: %s", name, strerror(e));
    }
    bool ok = scn_parse(name, text, len, out, err);
    free(text);
    return ok;
}

bool scn_load(const char *path, scn *out, sl_err *err)
{
    memset(out, 0, sizeof *out);
    errno = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return sl_fail(err, "%s: error: cannot read: %s", path, strerror(errno ? errno : EIO));
    bool ok = load_stream(f, path, out, err);
    fclose(f);
    return ok;
}

/* ---- profile files ------------------------------------------------------------------------------ */

#define SCN_MAX_PROFILE_FILE 65536

/* The file's text, from path or, relative, from rel_to's directory; NULL when neither opens. */
static char *read_profile(const char *path, const char *rel_to, char *used, size_t cap)
{
    FILE *f = fopen(path, "r");
    snprintf(used, cap, "%s", path);
    const char *slash = rel_to ? strrchr(rel_to, '/') : NULL;
    if (!f && path[0] != '/' && slash) {
        snprintf(used, cap, "%.*s/%s", (int)(slash - rel_to), rel_to, path);
        f = fopen(used, "r");
    }
    if (!f)
        return NULL;
    char *buf = malloc(SCN_MAX_PROFILE_FILE + 1);
    size_t n = buf ? fread(buf, 1, SCN_MAX_PROFILE_FILE + 1, f) : 0;
    fclose(f);
    if (buf && n > SCN_MAX_PROFILE_FILE)
        n = 0;   /* too large: read as empty, reported by the caller */
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* Applies one `KEY=VALUE` line to the scratch scenario; the message names the file and line. */
static bool profile_line(scn *tmp, const char *line, const char *path, int ln, sl_err *err)
{
    static const char *const cost_keys[] = {"switch.", "spawn.", "start.", "callcpu.", "memory.process",
                                            "memory.thread", "memory.coroutine", "memory.connection",
                                            "handover=", "gil=", NULL};
    bool ok = false;
    for (int k = 0; cost_keys[k] && !ok; k++)
        ok = strncmp(line, cost_keys[k], strlen(cost_keys[k])) == 0;
    if (!ok)
        return sl_fail(err, "in the profile %s, line %d: expected a cost KEY=VALUE (switch.KIND, spawn.KIND, "
                       "start.KIND, callcpu.KIND, memory.KIND, memory.connection, handover, gil) or base=python|c|ideal, got '%.40s'",
                       path, ln, line);
    sl_err e = {0};
    if (scn_set(tmp, line, &e))
        return true;
    const char *msg = strstr(e.msg, "error: ");
    return sl_fail(err, "in the profile %s, line %d: %s", path, ln, msg ? msg + 7 : e.msg);
}

static void costs_of(const scn_config *c, scn_costs *out)
{
    for (int k = 0; k < SCN_UNIT_KIND_COUNT; k++) {
        out->spawn[k] = c->spawn_cost[k];
        out->start[k] = c->start_cost[k];
        out->sw[k] = c->switch_cost[k];
        out->callcpu[k] = c->call_cpu[k];
        out->mem[k] = c->mem_unit[k];
    }
    out->mem_conn = c->mem_conn;
    out->handover = c->gil_handover;
    out->gil = c->gil;
}

bool scn_load_profile(const char *path, const char *rel_to, scn_config *cfg, sl_err *err)
{
    char used[4096];
    char *text = read_profile(path, rel_to, used, sizeof used);
    if (!text)
        return sl_fail(err, "cannot read the profile '%s': %s", path, strerror(errno));
    scn tmp;
    memset(&tmp, 0, sizeof tmp);
    tmp.cfg.profile = SCN_PROFILE_PYTHON;
    scn_apply_profile(&tmp.cfg);
    bool ok = true;
    int ln = 0;
    for (char *line = text, *next; ok && line && *line; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        ln++;
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        if (strncmp(line, "base=", 5) == 0) {   /* the built-in profile behind what the file lists */
            int p = 0;
            while (p < SCN_PROFILE_COUNT && strcmp(line + 5, scn_profile_names[p]) != 0)
                p++;
            if (p == SCN_PROFILE_COUNT)
                ok = sl_fail(err, "in the profile %s, line %d: expected base=python, base=c or base=ideal, got '%.40s'",
                             used, ln, line);
            tmp.cfg.profile = (uint8_t)p;
            tmp.cfg.explicit_set = 0;
            scn_apply_profile(&tmp.cfg);
            continue;
        }
        ok = profile_line(&tmp, line, used, ln, err);
    }
    free(text);
    if (!ok)
        return false;
    costs_of(&tmp.cfg, &cfg->custom);
    cfg->profile = tmp.cfg.profile;
    cfg->has_custom = true;
    return true;
}

bool scn_read(FILE *f, const char *name, scn *out, sl_err *err)
{
    memset(out, 0, sizeof *out);
    return load_stream(f, name, out, err);
}

const char *scn_sync_kind_name(scn_sync_kind k)
{
    static const char *const names[] = {"semaphore", "lock", "queue"};
    return (unsigned)k < 3 ? names[k] : "?";
}
