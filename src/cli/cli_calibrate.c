/* cli_calibrate.c — `schedlab calibrate`: measures this machine's costs as real runs pay them
 * (src/real/real_calibrate.c), prints them next to the built-in python profile's, and writes a
 * profile file a scenario can name (`profile ./my.profile`). */
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "real.h"

static const char cal_help[] =
    "usage: schedlab calibrate [-o FILE.profile]\n"
    "\n"
    "Measures, in under a minute, what this machine charges a CPython program (/usr/bin/python3)\n"
    "for what the model counts: creating a process (multiprocessing, fork: the parent's part and\n"
    "the child's start-up and exit), a thread, an asyncio task; a switch between processes,\n"
    "threads and tasks; the client CPU of one call to a loopback server per model; the GIL's\n"
    "hand-over between cores; the memory of a process, a thread, a task. Prints each next to the\n"
    "built-in python profile's value.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  writes the measured profile (KEY=VALUE lines over base=python), for\n"
    "                     'profile ./FILE' in a scenario or --set profile=./FILE\n"
    "  -h, --help         prints this help\n"
    "\n"
    "exit status: 0 success, 1 the measurement failed, 2 bad input.\n";

typedef struct {
    const char *key, *what;
    int64_t (*get)(const scn_costs *c, int k);
    int kind;
    bool bytes;
} cal_row;

static int64_t g_spawn(const scn_costs *c, int k) { return c->spawn[k]; }
static int64_t g_start(const scn_costs *c, int k) { return c->start[k]; }
static int64_t g_sw(const scn_costs *c, int k) { return c->sw[k]; }
static int64_t g_call(const scn_costs *c, int k) { return c->callcpu[k]; }
static int64_t g_mem(const scn_costs *c, int k) { return c->mem[k]; }
static int64_t g_hand(const scn_costs *c, int k) { (void)k; return c->handover; }

static const cal_row rows[] = {
    {"spawn.process", "multiprocessing start(), in the parent", g_spawn, SCN_PROCESS, false},
    {"start.process", "the child's start-up and exit (start+join - start)", g_start, SCN_PROCESS, false},
    {"spawn.thread", "Thread.start(), in the creator", g_spawn, SCN_THREAD, false},
    {"start.thread", "the new thread's part (start+join - start)", g_start, SCN_THREAD, false},
    {"spawn.coroutine", "asyncio.create_task, in the loop", g_spawn, SCN_COROUTINE, false},
    {"start.coroutine", "a new task's first step on the loop", g_start, SCN_COROUTINE, false},
    {"switch.process", "pipe ping-pong between two processes, one way", g_sw, SCN_PROCESS, false},
    {"switch.thread", "pipe ping-pong between two threads, one way", g_sw, SCN_THREAD, false},
    {"switch.coroutine", "asyncio: await sleep(0), per resumption", g_sw, SCN_COROUTINE, false},
    {"callcpu.process", "one blocking call's CPU (sequential, a process)", g_call, SCN_PROCESS, false},
    {"callcpu.thread", "one blocking call's CPU in a thread", g_call, SCN_THREAD, false},
    {"callcpu.coroutine", "one asyncio call's CPU on the loop", g_call, SCN_COROUTINE, false},
    {"handover", "GIL idle per forced switch, 2 threads on 2 cores", g_hand, 0, false},
    {"memory.process", "private memory of a forked child", g_mem, SCN_PROCESS, true},
    {"memory.thread", "resident memory per idle thread", g_mem, SCN_THREAD, true},
    {"memory.coroutine", "resident memory per pending task", g_mem, SCN_COROUTINE, true},
};
#define NROWS (sizeof rows / sizeof rows[0])

static void fmt(const cal_row *r, int64_t v, char *b, size_t n)
{
    if (r->bytes)
        sl_fmt_size(v, b, n);
    else
        sl_fmt_dur(v, b, n);
}

static void print_table(const real_calibration *c, FILE *f)
{
    const scn_costs *builtin = scn_builtin_costs(SCN_PROFILE_PYTHON);
    char a[32], b[32];
    fprintf(f, "CPython %lld.%lld.%lld on this machine (%ld cores online)\n\n", (long long)(c->python_version / 10000),
            (long long)(c->python_version / 100 % 100), (long long)(c->python_version % 100), sysconf(_SC_NPROCESSORS_ONLN));
    fprintf(f, "%-18s %12s %12s  %s\n", "cost", "measured", "built-in", "how");
    for (size_t i = 0; i < NROWS; i++) {
        fmt(&rows[i], rows[i].get(&c->costs, rows[i].kind), a, sizeof a);
        fmt(&rows[i], rows[i].get(builtin, rows[i].kind), b, sizeof b);
        fprintf(f, "%-18s %12s %12s  %s\n", rows[i].key, a, b, rows[i].what);
    }
    fprintf(f, "\n2 CPU-bound threads took %.3f x the time of 1 thread doing the same work\n",
            (double)c->two_threads_permille / 1000);
}

static bool write_profile(const real_calibration *c, const char *path, sl_err *err)
{
    char tmp[4096], host[256] = "this machine", when[64] = "";
    time_t now = time(NULL);
    struct tm tm;
    gethostname(host, sizeof host - 1);
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    if (!f)
        return sl_fail(err, "schedlab: error: cannot write %s: %s", tmp, strerror(errno));
    fprintf(f, "# schedlab profile, measured by `schedlab calibrate` on %s, %s, CPython %lld.%lld.%lld\n"
            "# use it with `profile ./FILE` in a scenario or `--set profile=./FILE`\nbase=python\n",
            host, when, (long long)(c->python_version / 10000), (long long)(c->python_version / 100 % 100),
            (long long)(c->python_version % 100));
    for (size_t i = 0; i < NROWS; i++)
        fprintf(f, "%s=%lld%s\n", rows[i].key, (long long)rows[i].get(&c->costs, rows[i].kind), rows[i].bytes ? "B" : "ns");
    bool ok = !ferror(f);
    ok = fclose(f) == 0 && ok;
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        return sl_fail(err, "schedlab: error: cannot write %s", path);
    }
    return true;
}

int cli_calibrate(int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        int r = cli_opt(argc, argv, &i, "calibrate", "--output", &out);
        if (r == 0)
            r = cli_opt(argc, argv, &i, "calibrate", "-o", &out);
        if (r < 0)
            return CLI_BAD_INPUT;
        if (r > 0)
            continue;
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return fputs(cal_help, stdout) < 0 ? CLI_INTERNAL : CLI_OK;
        return cli_usage_error("calibrate", "unknown option '%s'", argv[i]);
    }
    real_calibration c;
    sl_err err = {0};
    if (!real_calibrate(NULL, &c, &err) || (out && !write_profile(&c, out, &err))) {
        fprintf(stderr, "%s\n", err.msg);
        return CLI_INTERNAL;
    }
    print_table(&c, stdout);
    if (out) {   /* a path as `profile` reads it: absolute or from ".", not "./" before a "/" */
        bool rel = out[0] != '/' && strncmp(out, "./", 2) != 0 && strncmp(out, "../", 3) != 0;
        printf("\nwrote %s (use: profile %s%s)\n", out, rel ? "./" : "", out);
    }
    return CLI_OK;
}
