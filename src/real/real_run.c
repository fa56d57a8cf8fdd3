/* real_run.c — one real run: checks the bounds, writes the plan and the embedded driver to a
 * private temporary directory, starts the servers, runs the client in its own process group with
 * a deadline, kills that group whatever happened, stops the servers and builds the trace. */
#define _GNU_SOURCE
#include "real_int.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "real_driver.h"
#include "rng.h"

const scn_step *real_step(const scn *s, uint32_t tmpl, uint32_t step)
{
    if (tmpl >= s->nreqs || step >= s->reqs[tmpl].nsteps)
        return NULL;
    return &s->steps[s->reqs[tmpl].first_step + step];
}

/* The same draw as sim_step_dur (src/core/sim.c): same keys, same latency scale. */
int64_t real_step_dur(const scn *s, uint32_t tmpl, uint32_t inst, uint32_t step, uint32_t which)
{
    const scn_step *st = real_step(s, tmpl, step);
    if (!st)
        return 0;
    const scn_dist *d = which == 0 ? &st->dur : &st->latency;
    int64_t l = d->a;
    if (d->kind != SCN_DIST_CONST)
        l = rng_sample(d, rng_key(s->cfg.seed, ((uint64_t)tmpl << 32) | inst, step, which));
    if (which != 0 && s->cfg.latency_scale != 1.0) {
        double x = (double)l * s->cfg.latency_scale;
        l = x >= (double)SCN_MAX_DURATION ? SCN_MAX_DURATION : (int64_t)(x + 0.5);
    }
    return l;
}

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- files in the run's directory ------------------------------------------------------------------ */

typedef struct {
    char dir[64], driver[96], plan[96], out[96];
} run_files;

static bool write_all(const char *path, const void *p, size_t n, sl_err *err)
{
    FILE *f = fopen(path, "w");
    bool ok = f && fwrite(p, 1, n, f) == n;
    if (f && fclose(f) != 0)
        ok = false;
    return ok || sl_fail(err, "schedlab: error: cannot write %s: %s", path, strerror(errno));
}

static bool write_plan(const scn *s, const trc *sim, const uint16_t *ports, const char *path, sl_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sl_fail(err, "schedlab: error: cannot write %s: %s", path, strerror(errno));
    fprintf(f, "{'model': '%s', 'cores': %u, 'ports': [", scn_model_name((scn_model)s->cfg.model), s->cfg.cores);
    for (size_t i = 0; i < s->nservers; i++)
        fprintf(f, "%s%u", i ? ", " : "", ports[i]);
    fputs("],\n 'reqs': [\n", f);
    for (size_t q = 0; q < sim->nreqs; q++) {
        const trc_req *r = &sim->reqs[q];
        fprintf(f, "  [%lld, [", (long long)r->arrival);
        for (uint32_t k = 0; k < s->reqs[r->tmpl].nsteps; k++) {
            const scn_step *st = real_step(s, r->tmpl, k);
            long long d = real_step_dur(s, r->tmpl, r->instance, k, 0), l1 = 0, l2 = 0;
            if (st->kind == SCN_STEP_CALL)
                l1 = real_step_dur(s, r->tmpl, r->instance, k, 1), l2 = real_step_dur(s, r->tmpl, r->instance, k, 2);
            fprintf(f, "%s[%d, %lld, %lld, %lld, %d]", k ? ", " : "", st->kind, d, l1, l2, st->host < 0 ? 0 : st->host);
        }
        fputs("]],\n", f);
    }
    fputs(" ]}\n", f);
    bool ok = !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    return ok || sl_fail(err, "schedlab: error: cannot write %s", path);
}

/* The plan for schedlab-cclient (src/real/cclient.c): plain numbers. */
static bool write_plan_c(const scn *s, const trc *sim, const uint16_t *ports, const char *path, sl_err *err)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return sl_fail(err, "schedlab: error: cannot write %s: %s", path, strerror(errno));
    fprintf(f, "model %s cores %u ports %zu", scn_model_name((scn_model)s->cfg.model), s->cfg.cores, s->nservers);
    for (size_t i = 0; i < s->nservers; i++)
        fprintf(f, " %u", ports[i]);
    fprintf(f, "\nreqs %zu\n", sim->nreqs);
    for (size_t q = 0; q < sim->nreqs; q++) {
        const trc_req *r = &sim->reqs[q];
        fprintf(f, "%lld %u", (long long)r->arrival, s->reqs[r->tmpl].nsteps);
        for (uint32_t k = 0; k < s->reqs[r->tmpl].nsteps; k++) {
            const scn_step *st = real_step(s, r->tmpl, k);
            long long d = real_step_dur(s, r->tmpl, r->instance, k, 0), l1 = 0, l2 = 0;
            if (st->kind == SCN_STEP_CALL)
                l1 = real_step_dur(s, r->tmpl, r->instance, k, 1), l2 = real_step_dur(s, r->tmpl, r->instance, k, 2);
            fprintf(f, " %d %lld %lld %lld %d", st->kind, d, l1, l2, st->host < 0 ? 0 : st->host);
        }
        fputc('\n', f);
    }
    bool ok = !ferror(f);
    if (fclose(f) != 0)
        ok = false;
    return ok || sl_fail(err, "schedlab: error: cannot write %s", path);
}

static bool make_files(run_files *F, sl_err *err)
{
    const char *tmp = getenv("TMPDIR");
    snprintf(F->dir, sizeof F->dir, "%s/schedlab-real-XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
    if (!mkdtemp(F->dir))
        return sl_fail(err, "schedlab: error: cannot make a temporary directory: %s", strerror(errno));
    snprintf(F->driver, sizeof F->driver, "%s/driver.py", F->dir);
    snprintf(F->plan, sizeof F->plan, "%s/plan.txt", F->dir);
    snprintf(F->out, sizeof F->out, "%s/out.txt", F->dir);
    return write_all(F->driver, real_driver_py, sizeof real_driver_py, err);
}

static void remove_files(const run_files *F, size_t nreq)
{
    char p[128];
    unlink(F->driver), unlink(F->plan), unlink(F->out);
    snprintf(p, sizeof p, "%s.tmp", F->out);
    unlink(p);
    for (size_t q = 0; q < nreq; q++) {   /* a killed processes run leaves its children's files */
        snprintf(p, sizeof p, "%s.%zu", F->out, q);
        unlink(p);
    }
    rmdir(F->dir);
}

/* ---- the client ------------------------------------------------------------------------------------- */

/* Starts python SCRIPT A B in a process group of its own (so every process it forks can be
 * killed at once). */
static pid_t start_client(char *const argv[], const sigset_t *mask, sl_err *err)
{
    pid_t pid = fork();
    if (pid < 0) {
        sl_fail(err, "schedlab: error: cannot fork: %s", strerror(errno));
        return -1;
    }
    if (pid == 0) {
        setpgid(0, 0);
        prctl(PR_SET_PDEATHSIG, SIGKILL);        /* schedlab killed: the client goes too */
        pthread_sigmask(SIG_SETMASK, mask, NULL);   /* the mask schedlab had before the run */
        int devnull = open("/dev/null", O_RDONLY);
        if (devnull >= 0)
            dup2(devnull, 0);
        execv(argv[0], argv);
        fprintf(stderr, "schedlab: error: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    setpgid(pid, pid);   /* both sides, whichever runs first */
    return pid;
}

/* Waits for the client until the deadline or a stop signal (blocked in schedlab during the run,
 * see real_block_signals); kills its whole group in any case (children it left behind included)
 * and reaps it. Returns its wait status, -1 when it had to be killed at the deadline, -2 when a
 * signal (Ctrl-C) stopped the run. */
static int wait_client(pid_t pid, int64_t deadline)
{
    int status = 0;
    bool done = false, stopped = false;
    sigset_t stop;
    real_stop_signals(&stop);
    while (!done && !stopped && mono_ns() < deadline) {
        stopped = sigtimedwait(&stop, NULL, &(struct timespec){0, 0}) > 0;
        pid_t r = waitpid(pid, &status, WNOHANG);
        if (r == pid)
            done = true;
        else if (r < 0 && errno != EINTR)
            break;
        else
            nanosleep(&(struct timespec){0, 2000000}, NULL);
    }
    kill(-pid, SIGKILL);
    if (!done)
        waitpid(pid, &status, 0);
    return stopped ? -2 : done ? status : -1;
}

void real_stop_signals(sigset_t *set)
{
    sigemptyset(set);
    sigaddset(set, SIGINT);
    sigaddset(set, SIGTERM);
    sigaddset(set, SIGHUP);
}

void real_block_signals(sigset_t *old)
{
    sigset_t stop;
    real_stop_signals(&stop);
    pthread_sigmask(SIG_BLOCK, &stop, old);
}

void real_restore_signals(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

/* Runs argv in its own process group until it ends, limit_ns passes or a stop signal comes. */
static bool real_exec(char *const argv[], const char *script, int64_t limit_ns, const sigset_t *mask, sl_err *err)
{
    pid_t pid = start_client(argv, mask, err);
    if (pid < 0)
        return false;
    int st = wait_client(pid, mono_ns() + limit_ns);
    if (st == -2)
        return sl_fail(err, "schedlab: error: interrupted: the client and everything it started were stopped");
    if (st < 0)
        return sl_fail(err, "schedlab: error: %s took more than %lld s: stopped", script,
                       (long long)(limit_ns / 1000000000));
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
        return sl_fail(err, "schedlab: error: the client program failed (%s %d)",
                       WIFEXITED(st) ? "exit status" : "signal", WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st));
    return true;
}

bool real_python(const char *python, const char *script, const char *a, const char *b, int64_t limit_ns,
                 const sigset_t *mask, sl_err *err)
{
    char *argv[] = {(char *)(python ? python : REAL_PYTHON), "-I", "-S", (char *)script, (char *)a, (char *)b, NULL};
    return real_exec(argv, script, limit_ns, mask, err);
}

/* The c profile's client: schedlab-cclient, built next to the schedlab binary. */
static bool cclient_path(char *out, size_t n, sl_err *err)
{
    char self[4096];
    ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    if (len <= 0)
        return sl_fail(err, "schedlab: error: cannot find my own binary: %s", strerror(errno));
    self[len] = '\0';
    char *slash = strrchr(self, '/');
    snprintf(out, n, "%.*s/schedlab-cclient", slash ? (int)(slash - self) : 1, slash ? self : ".");
    return access(out, X_OK) == 0 ||
           sl_fail(err, "schedlab: error: the c profile's client %s is missing (build the schedlab-cclient target)", out);
}

static bool run_cclient(const run_files *F, const sigset_t *mask, sl_err *err)
{
    char prog[4200];
    if (!cclient_path(prog, sizeof prog, err))
        return false;
    char *argv[] = {prog, (char *)F->plan, (char *)F->out, NULL};
    return real_exec(argv, "schedlab-cclient", REAL_DEADLINE_NS, mask, err);
}

bool real_read_file(const char *path, char **text, size_t *len, sl_err *err)
{
    FILE *f = fopen(path, "r");
    *text = NULL;
    *len = 0;
    if (!f)
        return sl_fail(err, "schedlab: error: the client wrote no records (%s)", strerror(errno));
    size_t cap = 0;
    bool ok = true;
    for (;;) {
        if (*len + 65536 > cap && !SL_GROW(*text, cap, *len + 65536, (size_t)1 << 32)) {
            ok = sl_fail(err, "schedlab: error: out of memory");
            break;
        }
        size_t n = fread(*text + *len, 1, cap - *len, f);
        *len += n;
        if (n == 0)
            break;
    }
    fclose(f);
    return ok;
}

/* ---- the bounds ------------------------------------------------------------------------------------ */

static bool check_bounds(const scn *s, const trc *sim, sl_err *err)
{
    if (s->cfg.profile == SCN_PROFILE_IDEAL)
        return sl_fail(err, "schedlab: error: profile ideal has no real client: real runs take the python or "
                       "the c profile (or a profile file over either)");
    for (size_t k = 0; k < s->nsteps; k++) {
        if (scn_step_is_control(s->steps[k].kind))
            return sl_fail(err, "schedlab: error: real runs take cpu, io, block and call steps only (not spawn, "
                           "await, gather, offload, repeat, acquire, release, put or get)");
        if (s->steps[k].timeout > 0)
            return sl_fail(err, "schedlab: error: real runs have no timeouts yet: drop 'timeout=' from the calls");
    }
    if (s->npools)
        return sl_fail(err, "schedlab: error: real runs have no pools yet: drop the 'pool' statements");
    if (s->cfg.workers && s->cfg.model != SCN_SEQUENTIAL)
        return sl_fail(err, "schedlab: error: real runs take one unit per request: drop 'workers %u'", s->cfg.workers);
    if (sim->nreqs > REAL_MAX_UNITS)
        return sl_fail(err, "schedlab: error: %zu requests is too many to run for real (limit is %u)", sim->nreqs,
                       REAL_MAX_UNITS);
    if (sim->end > REAL_MAX_NS)
        return sl_fail(err, "schedlab: error: the simulated run lasts %.1f s: too long to run for real (limit is "
                       "%lld s)", (double)sim->end / 1e9, (long long)(REAL_MAX_NS / 1000000000));
    return true;
}

static int64_t find_t0(const char *text, size_t len)
{
    for (size_t i = 0; i + 3 < len; i++)
        if ((i == 0 || text[i - 1] == '\n') && text[i] == 'T' && text[i + 1] == '0' && text[i + 2] == ' ')
            return strtoll(text + i + 3, NULL, 10);
    return -1;
}

bool real_run(const scn *s, const real_plan *plan, const real_opts *o, trc *t, sim_metrics *m, sl_err *err)
{
    const trc *sim = plan->sim;
    if (!check_bounds(s, sim, err))
        return false;
    uint16_t *ports = calloc(s->nservers ? s->nservers : 1, sizeof *ports);
    if (!ports)
        return sl_fail(err, "schedlab: error: out of memory");
    run_files F;
    memset(&F, 0, sizeof F);
    sigset_t mask;
    real_block_signals(&mask);   /* before the server thread exists, so it inherits the block */
    real_servers *rs = NULL;
    real_call *calls = NULL;
    size_t ncalls = 0, len = 0;
    char *text = NULL;
    int64_t t0 = 0;
    bool files = make_files(&F, err);
    bool c = s->cfg.profile == SCN_PROFILE_C;   /* plain C; otherwise CPython */
    bool ok = files && real_servers_start(s, &rs, ports, err) &&
              (c ? write_plan_c(s, sim, ports, F.plan, err) && run_cclient(&F, &mask, err)
                 : write_plan(s, sim, ports, F.plan, err) &&
                   real_python(o ? o->python : NULL, F.driver, F.plan, F.out, REAL_DEADLINE_NS, &mask, err));
    real_servers_stop(rs, &calls, &ncalls);
    ok = ok && real_read_file(F.out, &text, &len, err);
    if (ok && (t0 = find_t0(text, len)) < 0)
        ok = sl_fail(err, "schedlab: error: the client's records have no T0 line");
    ok = ok && real_build(s, sim, text, len, calls, ncalls, t0, t, m, err);
    if (files)
        remove_files(&F, sim->nreqs);
    free(text);
    free(calls);
    free(ports);
    real_restore_signals(&mask);
    return ok;
}
