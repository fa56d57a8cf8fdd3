/* cclient.c — the client program of `schedlab real` for the c profile: runs a scenario's requests
 * in plain C in the model's own terms (a loop; fork per request; a pthread per request; coroutines
 * as state machines on one epoll/timerfd loop) and writes the records driver.py writes (T0, U, S,
 * G, E, RSS lines; see assets/real/driver.py). Run by schedlab as  schedlab-cclient PLAN OUT.
 * PLAN (written by real_run.c): "model M cores C ports N P... reqs R" then one line per request:
 * "ARRIVAL NSTEPS" followed by NSTEPS groups "KIND DUR LAT1 LAT2 SERVER". Every loop is bounded by
 * the plan; schedlab kills the process group at its deadline. */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { K_CPU, K_IO, K_BLOCK, K_CALL };
enum { M_SEQ, M_PROC, M_THREAD, M_CORO };

#define CHUNK_NS 20000   /* the busy loop looks at the clock about every 20 us */
#define GAP_NS 50000     /* a chunk late by more than this was not running */

typedef struct { int kind; int64_t d, l1, l2; int srv; } cstep;
typedef struct { int64_t arrival; uint32_t first, n; } creq;
typedef struct { char *p; size_t len, cap; } rbuf;   /* one request's records, as text */

typedef struct {
    int model, cores, nports, *ports;
    creq *reqs;
    cstep *steps;
    uint32_t nreqs;
    int64_t t0;
    double ns_per_iter;
    uint64_t chunk;
    rbuf *rec;           /* per request */
    const char *out;
} client;

static int64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static void die(const char *what)
{
    fprintf(stderr, "schedlab-cclient: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void append(rbuf *b, const char *p, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        while (cap < b->len + n)
            cap *= 2;
        char *q = realloc(b->p, cap);
        if (!q)
            die("out of memory");
        b->p = q, b->cap = cap;
    }
    memcpy(b->p + b->len, p, n);
    b->len += n;
}

static void rec(rbuf *b, const char *fmt, ...)
{
    char line[160];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof line - 1)
        return;
    line[n++] = '\n';
    append(b, line, (size_t)n);
}

/* ---- the plan ------------------------------------------------------------------------------ */

static bool read_plan(client *c, const char *path)
{
    FILE *f = fopen(path, "r");
    char model[32];
    if (!f)
        return false;
    if (fscanf(f, "model %31s cores %d ports %d", model, &c->cores, &c->nports) != 3 || c->nports < 0 ||
        c->nports > 4096)
        return fclose(f), false;
    c->model = strcmp(model, "processes") == 0 ? M_PROC : strcmp(model, "threads") == 0 ? M_THREAD
               : strcmp(model, "coroutines") == 0 ? M_CORO : M_SEQ;
    c->ports = calloc((size_t)c->nports + 1, sizeof *c->ports);
    for (int i = 0; c->ports && i < c->nports; i++)
        if (fscanf(f, "%d", &c->ports[i]) != 1)
            return fclose(f), false;
    size_t cap = 0, nsteps = 0;
    if (!c->ports || fscanf(f, " reqs %u", &c->nreqs) != 1 || c->nreqs > 20000)
        return fclose(f), false;
    c->reqs = calloc(c->nreqs + 1, sizeof *c->reqs);
    c->rec = calloc(c->nreqs + 1, sizeof *c->rec);
    for (uint32_t r = 0; c->reqs && c->rec && r < c->nreqs; r++) {
        long long arr;
        unsigned n;
        if (fscanf(f, "%lld %u", &arr, &n) != 2 || n > 65535)
            return fclose(f), false;
        c->reqs[r] = (creq){arr, (uint32_t)nsteps, n};
        for (unsigned k = 0; k < n; k++, nsteps++) {
            if (nsteps == cap) {
                cap = cap ? cap * 2 : 1024;
                cstep *p = realloc(c->steps, cap * sizeof *p);
                if (!p)
                    return fclose(f), false;
                c->steps = p;
            }
            long long d, l1, l2;
            cstep *s = &c->steps[nsteps];
            if (fscanf(f, "%d %lld %lld %lld %d", &s->kind, &d, &l1, &l2, &s->srv) != 5 || s->srv < 0 ||
                (s->kind == K_CALL && s->srv >= c->nports))
                return fclose(f), false;
            s->d = d, s->l1 = l1, s->l2 = l2;
        }
    }
    fclose(f);
    return c->reqs && c->rec;
}

/* ---- work, sleeps, calls ---------------------------------------------------------------------- */

static uint64_t spin(uint64_t n)
{
    volatile uint64_t x = 0;
    for (uint64_t i = 0; i < n; i++)
        x += i;
    return x;
}

/* The busy loop's speed, timed the way cpu() spends it: chunks of a fixed size, best of 5. */
static void calibrate(client *c)
{
    int64_t best = INT64_MAX;
    for (int t = 0; t < 5; t++) {
        int64_t a = now_ns();
        for (int k = 0; k < 100; k++)
            spin(10000);
        int64_t d = now_ns() - a;
        best = d < best ? d : best;
    }
    c->ns_per_iter = (double)best / 1e6;
    c->chunk = (uint64_t)(CHUNK_NS / c->ns_per_iter) + 1;
}

/* cpu D: fixed work; a chunk that took much longer than it should saw the unit off its core. */
static void cpu(const client *c, rbuf *b, uint32_t r, uint32_t step, int64_t d)
{
    uint64_t n = (uint64_t)((double)d / c->ns_per_iter + 0.5);
    int64_t prev = now_ns();
    while (n > 0) {
        uint64_t k = n < c->chunk ? n : c->chunk;
        spin(k);
        n -= k;
        int64_t t = now_ns(), expect = (int64_t)((double)k * c->ns_per_iter);
        if (t - prev > expect + GAP_NS)
            rec(b, "G %u %u %lld %lld", r, step, (long long)(prev - c->t0), (long long)(t - expect - c->t0));
        prev = t;
    }
}

static void sleep_ns(int64_t d)
{
    struct timespec ts = {d / 1000000000, d % 1000000000};
    while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
        ;
}

static void sleep_until(int64_t t)
{
    struct timespec ts = {t / 1000000000, t % 1000000000};
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

static int connect_to(int port, bool nonblock)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | (nonblock ? SOCK_NONBLOCK : 0), 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0)
        die("socket");
    if (connect(fd, (struct sockaddr *)&a, sizeof a) < 0 && errno != EINPROGRESS)
        die("connect");
    return fd;
}

static int call_line(char *buf, size_t n, uint32_t r, uint32_t step, const cstep *s)
{
    return snprintf(buf, n, "%u %u %lld %lld %lld\n", r, step, (long long)s->l1, (long long)s->d, (long long)s->l2);
}

static void call_blocking(const client *c, uint32_t r, uint32_t step, const cstep *s)
{
    char line[128], reply[16];
    int fd = connect_to(c->ports[s->srv], false), n = call_line(line, sizeof line, r, step, s);
    if (write(fd, line, (size_t)n) != n)
        die("send");
    while (read(fd, reply, sizeof reply) > 0 && !memchr(reply, '\n', sizeof reply))
        ;
    close(fd);
}

/* The steps of request r, one after the other (sequential, a process, a thread). */
static void run_steps(const client *c, uint32_t r)
{
    rbuf *b = &c->rec[r];
    for (uint32_t k = 0; k < c->reqs[r].n; k++) {
        const cstep *s = &c->steps[c->reqs[r].first + k];
        int64_t a = now_ns();
        if (s->kind == K_CPU)
            cpu(c, b, r, k, s->d);
        else if (s->kind == K_CALL)
            call_blocking(c, r, k, s);
        else
            sleep_ns(s->d);
        rec(b, "S %u %u %lld %lld", r, k, (long long)(a - c->t0), (long long)(now_ns() - c->t0));
    }
    rec(b, "E %u %lld", r, (long long)(now_ns() - c->t0));
}

/* ---- the models ------------------------------------------------------------------------------- */

static void run_sequential(client *c)
{
    for (uint32_t r = 0; r < c->nreqs; r++) {
        sleep_until(c->t0 + c->reqs[r].arrival);
        long long t = now_ns() - c->t0;
        rec(&c->rec[r], "U %u %lld %lld %lld", r, t, t, t);
        run_steps(c, r);
    }
}

/* fork per request: the child's records travel through a pipe, read once it has exited. */
static void run_processes(client *c)
{
    int *fds = calloc(c->nreqs + 1, sizeof *fds);
    pid_t *pids = calloc(c->nreqs + 1, sizeof *pids);
    if (!fds || !pids)
        die("out of memory");
    for (uint32_t r = 0; r < c->nreqs; r++) {
        int p[2];
        sleep_until(c->t0 + c->reqs[r].arrival);
        if (pipe(p) < 0)
            die("pipe");
        int64_t c0 = now_ns();
        pid_t pid = fork();
        if (pid < 0)
            die("fork");
        if (pid == 0) {
            close(p[0]);
            rec(&c->rec[r], "F %u %lld", r, (long long)(now_ns() - c->t0));
            run_steps(c, r);
            for (size_t off = 0; off < c->rec[r].len;) {
                ssize_t w = write(p[1], c->rec[r].p + off, c->rec[r].len - off);
                if (w <= 0)
                    _exit(1);
                off += (size_t)w;
            }
            _exit(0);
        }
        close(p[1]);
        fds[r] = p[0], pids[r] = pid;
        rec(&c->rec[r], "P %u %lld %lld", r, (long long)(c0 - c->t0), (long long)(now_ns() - c->t0));
    }
    for (uint32_t r = 0; r < c->nreqs; r++) {   /* read each child's records (it may block until it ends) */
        char buf[4096];
        ssize_t n;
        while ((n = read(fds[r], buf, sizeof buf)) > 0)
            append(&c->rec[r], buf, (size_t)n);
        close(fds[r]);
        waitpid(pids[r], NULL, 0);
    }
    free(fds), free(pids);
}

typedef struct { client *c; uint32_t r; int64_t first; } thr_arg;

static void *thread_body(void *p)
{
    thr_arg *a = p;
    a->first = now_ns() - a->c->t0;
    run_steps(a->c, a->r);
    return NULL;
}

static void run_threads(client *c)
{
    pthread_t *th = calloc(c->nreqs + 1, sizeof *th);
    thr_arg *args = calloc(c->nreqs + 1, sizeof *args);
    int64_t *c0 = calloc(c->nreqs + 1, sizeof *c0), *c1 = calloc(c->nreqs + 1, sizeof *c1);
    pthread_attr_t at;
    if (!th || !args || !c0 || !c1)
        die("out of memory");
    pthread_attr_init(&at);
    pthread_attr_setstacksize(&at, 256 * 1024);
    for (uint32_t r = 0; r < c->nreqs; r++) {
        sleep_until(c->t0 + c->reqs[r].arrival);
        args[r] = (thr_arg){c, r, 0};
        c0[r] = now_ns() - c->t0;
        if (pthread_create(&th[r], &at, thread_body, &args[r]) != 0)
            die("pthread_create");
        c1[r] = now_ns() - c->t0;
    }
    for (uint32_t r = 0; r < c->nreqs; r++) {
        pthread_join(th[r], NULL);
        rec(&c->rec[r], "U %u %lld %lld %lld", r, (long long)c0[r], (long long)c1[r], (long long)args[r].first);
    }
    pthread_attr_destroy(&at);
    free(th), free(args), free(c0), free(c1);
}

/* ---- coroutines: one epoll loop, each request a state machine ----------------------------------- */

enum { CO_NEW, CO_READY, CO_SLEEP, CO_CONNECT, CO_REPLY, CO_DONE };

typedef struct {
    uint8_t st;
    bool resumed;            /* its await is over: the step ends when it runs again (as in asyncio) */
    uint32_t step;
    int fd;
    int64_t step_t0, wake;
    int64_t c0, c1, first;
} coro;

typedef struct {
    client *c;
    coro *co;
    uint32_t *ready, rhead, rlen;   /* a FIFO ring of nreqs */
    int ep, tfd;
    uint32_t next_arrival, done;
} loop;

static void ready_push(loop *L, uint32_t r)
{
    L->co[r].st = CO_READY;
    L->ready[(L->rhead + L->rlen++) % L->c->nreqs] = r;
}

static void step_done(loop *L, uint32_t r)
{
    coro *k = &L->co[r];
    rec(&L->c->rec[r], "S %u %u %lld %lld", r, k->step, (long long)(k->step_t0 - L->c->t0),
        (long long)(now_ns() - L->c->t0));
    k->step++;
}

/* Runs coroutine r until its next await (a sleep, a connect, a reply) or its end. */
static void co_run(loop *L, uint32_t r)
{
    client *c = L->c;
    coro *k = &L->co[r];
    if (k->st == CO_NEW)
        k->first = now_ns() - c->t0;
    if (k->resumed) {
        k->resumed = false;
        step_done(L, r);
    }
    for (;;) {
        if (k->step >= c->reqs[r].n) {
            rec(&c->rec[r], "E %u %lld", r, (long long)(now_ns() - c->t0));
            k->st = CO_DONE;
            L->done++;
            return;
        }
        const cstep *s = &c->steps[c->reqs[r].first + k->step];
        if (k->fd >= 0 && s->kind == K_CALL) {   /* connected: write, then await the reply */
            char line[128];
            int n = call_line(line, sizeof line, r, k->step, s);
            if (write(k->fd, line, (size_t)n) != n)
                die("send");
            struct epoll_event ev = {.events = EPOLLIN, .data.u32 = r};
            epoll_ctl(L->ep, EPOLL_CTL_MOD, k->fd, &ev);
            k->st = CO_REPLY;
            return;
        }
        k->step_t0 = now_ns();
        if (s->kind == K_CPU || s->kind == K_BLOCK) {   /* both hold the loop */
            if (s->kind == K_CPU)
                cpu(c, &c->rec[r], r, k->step, s->d);
            else
                sleep_ns(s->d);
            step_done(L, r);
            continue;
        }
        if (s->kind == K_IO) {
            k->wake = k->step_t0 + s->d;
            k->st = CO_SLEEP;
            return;
        }
        k->fd = connect_to(c->ports[s->srv], true);   /* the connect is an await */
        struct epoll_event ev = {.events = EPOLLOUT, .data.u32 = r};
        epoll_ctl(L->ep, EPOLL_CTL_ADD, k->fd, &ev);
        k->st = CO_CONNECT;
        return;
    }
}

static void co_event(loop *L, uint32_t r)
{
    coro *k = &L->co[r];
    if (k->st == CO_CONNECT) {
        ready_push(L, r);
        return;
    }
    char buf[64];
    ssize_t n = read(k->fd, buf, sizeof buf);
    if (n < 0 && errno == EAGAIN)
        return;
    epoll_ctl(L->ep, EPOLL_CTL_DEL, k->fd, NULL);
    close(k->fd);
    k->fd = -1;
    k->resumed = true;
    ready_push(L, r);
}

/* The earliest pending time: the next arrival or a sleeping coroutine's wake-up; INT64_MAX none. */
static int64_t next_timer(loop *L)
{
    int64_t t = L->next_arrival < L->c->nreqs ? L->c->t0 + L->c->reqs[L->next_arrival].arrival : INT64_MAX;
    for (uint32_t r = 0; r < L->c->nreqs; r++)
        if (L->co[r].st == CO_SLEEP && L->co[r].wake < t)
            t = L->co[r].wake;
    return t;
}

static void fire_timers(loop *L)
{
    int64_t t = now_ns();
    client *c = L->c;
    while (L->next_arrival < c->nreqs && c->t0 + c->reqs[L->next_arrival].arrival <= t) {
        uint32_t r = L->next_arrival++;
        L->co[r].c0 = now_ns() - c->t0;   /* the task is created when its request arrives */
        L->co[r].c1 = now_ns() - c->t0;
        L->ready[(L->rhead + L->rlen++) % c->nreqs] = r;
    }
    for (uint32_t r = 0; r < c->nreqs; r++)
        if (L->co[r].st == CO_SLEEP && L->co[r].wake <= t) {
            L->co[r].resumed = true;
            ready_push(L, r);
        }
}

/* Polls the sockets and the timers (block: until something happens), then fires what is due. */
static void wait_events(loop *L, bool block)
{
    int64_t t = next_timer(L);
    struct itimerspec it = {0};
    if (t != INT64_MAX) {
        it.it_value.tv_sec = t / 1000000000;
        it.it_value.tv_nsec = t % 1000000000 ? t % 1000000000 : 1;
    }
    timerfd_settime(L->tfd, TFD_TIMER_ABSTIME, &it, NULL);
    struct epoll_event evs[64];
    int n = epoll_wait(L->ep, evs, 64, block ? -1 : 0);
    for (int i = 0; i < n; i++) {
        if (evs[i].data.u32 == UINT32_MAX) {
            uint64_t x;
            if (read(L->tfd, &x, sizeof x) < 0 && errno != EAGAIN)
                die("timerfd");
        } else {
            co_event(L, evs[i].data.u32);
        }
    }
    fire_timers(L);
}

static void run_coroutines(client *c)
{
    loop L = {.c = c};
    L.co = calloc(c->nreqs + 1, sizeof *L.co);
    L.ready = calloc(c->nreqs + 1, sizeof *L.ready);
    L.ep = epoll_create1(EPOLL_CLOEXEC);
    L.tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
    if (!L.co || !L.ready || L.ep < 0 || L.tfd < 0)
        die("setting up the loop");
    for (uint32_t r = 0; r < c->nreqs; r++)
        L.co[r].fd = -1;
    struct epoll_event ev = {.events = EPOLLIN, .data.u32 = UINT32_MAX};
    epoll_ctl(L.ep, EPOLL_CTL_ADD, L.tfd, &ev);
    fire_timers(&L);
    while (L.done < c->nreqs) {   /* as asyncio: poll, then run what was ready at that moment */
        wait_events(&L, L.rlen == 0);
        for (uint32_t batch = L.rlen; batch > 0; batch--) {
            uint32_t r = L.ready[L.rhead];
            L.rhead = (L.rhead + 1) % c->nreqs, L.rlen--;
            co_run(&L, r);
        }
    }
    for (uint32_t r = 0; r < c->nreqs; r++)
        rec(&c->rec[r], "U %u %lld %lld %lld", r, (long long)L.co[r].c0, (long long)L.co[r].c1,
            (long long)L.co[r].first);
    close(L.ep), close(L.tfd);
    free(L.co), free(L.ready);
}

/* ---- main -------------------------------------------------------------------------------------- */

static void write_out(const client *c, const char *extra)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp", c->out);
    FILE *f = fopen(tmp, "w");
    if (!f)
        die("cannot write the records");
    fputs(extra, f);
    for (uint32_t r = 0; r < c->nreqs; r++)
        fwrite(c->rec[r].p ? c->rec[r].p : "", 1, c->rec[r].len, f);
    struct rusage me, kids;
    getrusage(RUSAGE_SELF, &me);
    getrusage(RUSAGE_CHILDREN, &kids);
    fprintf(f, "RSS %ld %ld\n", me.ru_maxrss, kids.ru_maxrss);
    if (fclose(f) != 0 || rename(tmp, c->out) != 0)
        die("cannot write the records");
}

static void client_free(client *c)
{
    for (uint32_t r = 0; c->rec && r < c->nreqs; r++)
        free(c->rec[r].p);
    free(c->rec), free(c->reqs), free(c->steps), free(c->ports);
}

int main(int argc, char **argv)
{
    client c = {0};
    if (argc != 3 || !read_plan(&c, argv[1])) {
        fprintf(stderr, "usage: schedlab-cclient PLAN OUT (a plan written by schedlab real)\n");
        client_free(&c);
        return 2;
    }
    c.out = argv[2];
    cpu_set_t set;
    CPU_ZERO(&set);
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    for (int i = 0; i < c.cores && i < ncpu && i < CPU_SETSIZE; i++)
        CPU_SET(i, &set);
    sched_setaffinity(0, sizeof set, &set);   /* the scenario's cores, inherited by every unit */
    calibrate(&c);
    for (int i = 0; i < c.nports; i++)   /* a first connection to each server before t=0 */
        close(connect_to(c.ports[i], false));
    c.t0 = now_ns() + 2000000;
    char head[96];
    snprintf(head, sizeof head, "CAL %.6f\nT0 %lld\n", c.ns_per_iter, (long long)c.t0);
    sleep_until(c.t0);
    if (c.model == M_SEQ)
        run_sequential(&c);
    else if (c.model == M_PROC)
        run_processes(&c);
    else if (c.model == M_THREAD)
        run_threads(&c);
    else
        run_coroutines(&c);
    write_out(&c, head);
    client_free(&c);
    return 0;
}
