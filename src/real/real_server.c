/* real_server.c — the loopback servers of a real run: one listening socket per scenario server,
 * all served by one thread (epoll + one timerfd on CLOCK_MONOTONIC, so a wait ends to the
 * microsecond, not the millisecond of epoll's own timeout). A call is a line
 * "req step lat1 serve lat2\n": the server waits lat1 (the way there), takes its lowest free core
 * (FIFO when all are busy), holds it for serve (a sleep: the server is another host and must not
 * eat the client's CPU), waits lat2 (the way back) and writes "ok\n". */
#define _GNU_SOURCE
#include "real.h"

#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#define SRV_MAX_CONNS 200000u
#define SRV_MAX_CORES 65536u   /* cores of one server that a real run can use */

enum { C_READ, C_GOING, C_QUEUED, C_SERVING, C_BACK, C_DONE };

typedef struct {
    int fd;
    uint8_t state;
    char buf[128];
    size_t len;
    int64_t lat1, serve, lat2;
    real_call call;
    int32_t qnext;           /* next in its server's FIFO */
} srv_conn;

typedef struct {
    int64_t t;
    uint32_t conn;
} srv_timer;

typedef struct {
    int lfd;
    uint32_t cores;
    uint8_t *busy;           /* per core */
    int32_t qhead, qtail;    /* calls waiting for a core */
} srv_host;

struct real_servers {
    srv_host *hosts;
    size_t nhosts;
    srv_conn *conns;
    size_t nconns, cap_conns;
    srv_timer *heap;
    size_t nheap, cap_heap;
    real_call *calls;
    size_t ncalls, cap_calls;
    int ep, tfd, stopfd;
    pthread_t th;
    bool running, failed;
};

static int64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* ---- timers: a binary min-heap on t, the timerfd armed at its top ------------------------------ */

static void arm(real_servers *rs)
{
    struct itimerspec it = {0};
    if (rs->nheap) {
        int64_t t = rs->heap[0].t;
        it.it_value.tv_sec = t / 1000000000;
        it.it_value.tv_nsec = t % 1000000000;
        if (it.it_value.tv_sec == 0 && it.it_value.tv_nsec == 0)
            it.it_value.tv_nsec = 1;   /* zero would disarm */
    }
    timerfd_settime(rs->tfd, TFD_TIMER_ABSTIME, &it, NULL);
}

static bool timer_add(real_servers *rs, int64_t t, uint32_t conn)
{
    if (!SL_GROW(rs->heap, rs->cap_heap, rs->nheap + 1, SRV_MAX_CONNS))
        return false;
    size_t i = rs->nheap++;
    while (i > 0 && rs->heap[(i - 1) / 2].t > t) {
        rs->heap[i] = rs->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    rs->heap[i] = (srv_timer){t, conn};
    return true;
}

static srv_timer timer_pop(real_servers *rs)
{
    srv_timer top = rs->heap[0], last = rs->heap[--rs->nheap];
    size_t i = 0;
    for (size_t c; (c = 2 * i + 1) < rs->nheap; i = c) {
        if (c + 1 < rs->nheap && rs->heap[c + 1].t < rs->heap[c].t)
            c++;
        if (rs->heap[c].t >= last.t)
            break;
        rs->heap[i] = rs->heap[c];
    }
    if (rs->nheap)
        rs->heap[i] = last;
    return top;
}

/* ---- a call's life ---------------------------------------------------------------------------- */

static void conn_close(real_servers *rs, srv_conn *c)
{
    if (c->fd >= 0) {
        epoll_ctl(rs->ep, EPOLL_CTL_DEL, c->fd, NULL);
        close(c->fd);
    }
    c->fd = -1;
    c->state = C_DONE;
}

static void serve_start(real_servers *rs, uint32_t id, uint32_t core, int64_t now)
{
    srv_conn *c = &rs->conns[id];
    rs->hosts[c->call.srv].busy[core] = 1;
    c->call.core = core;
    c->call.start = now;
    c->state = C_SERVING;
    if (!timer_add(rs, now + c->serve, id))
        rs->failed = true;
}

static void arrived(real_servers *rs, uint32_t id, int64_t now)
{
    srv_conn *c = &rs->conns[id];
    srv_host *h = &rs->hosts[c->call.srv];
    for (uint32_t k = 0; k < h->cores; k++)
        if (!h->busy[k])
            return serve_start(rs, id, k, now);
    c->state = C_QUEUED;
    c->call.queued = true;
    c->qnext = -1;
    if (h->qtail >= 0)
        rs->conns[h->qtail].qnext = (int32_t)id;
    else
        h->qhead = (int32_t)id;
    h->qtail = (int32_t)id;
}

static void served(real_servers *rs, uint32_t id, int64_t now)
{
    srv_conn *c = &rs->conns[id];
    srv_host *h = &rs->hosts[c->call.srv];
    c->call.end = now;
    h->busy[c->call.core] = 0;
    c->state = C_BACK;
    if (!timer_add(rs, now + c->lat2, id))
        rs->failed = true;
    if (h->qhead >= 0) {
        uint32_t next = (uint32_t)h->qhead;
        h->qhead = rs->conns[next].qnext;
        if (h->qhead < 0)
            h->qtail = -1;
        serve_start(rs, next, c->call.core, now);
    }
}

static void reply(real_servers *rs, uint32_t id, int64_t now)
{
    srv_conn *c = &rs->conns[id];
    c->call.reply = now;
    if (c->fd >= 0 && write(c->fd, "ok\n", 3) != 3)
        c->call.reply = -1;
    if (SL_GROW(rs->calls, rs->cap_calls, rs->ncalls + 1, SRV_MAX_CONNS))
        rs->calls[rs->ncalls++] = c->call;
    conn_close(rs, c);
}

static void on_timer(real_servers *rs)
{
    uint64_t n;
    if (read(rs->tfd, &n, sizeof n) < 0 && errno != EAGAIN)
        return;
    int64_t now = mono_ns();
    while (rs->nheap && rs->heap[0].t <= now) {
        srv_timer tm = timer_pop(rs);
        uint8_t st = rs->conns[tm.conn].state;
        if (st == C_GOING)
            arrived(rs, tm.conn, now);
        else if (st == C_SERVING)
            served(rs, tm.conn, now);
        else if (st == C_BACK)
            reply(rs, tm.conn, now);
        now = mono_ns();
    }
}

/* Parses "req step lat1 serve lat2"; false on anything else. */
static bool parse_call(srv_conn *c)
{
    long long req, step, l1, sv, l2;
    c->buf[c->len < sizeof c->buf ? c->len : sizeof c->buf - 1] = '\0';
    if (sscanf(c->buf, "%lld %lld %lld %lld %lld", &req, &step, &l1, &sv, &l2) != 5 || req < 0 ||
        req > INT32_MAX || step < 0 || step > UINT16_MAX || l1 < 0 || sv < 0 || l2 < 0)
        return false;
    c->call.req = (int32_t)req;
    c->call.step = (uint16_t)step;
    c->lat1 = l1, c->serve = sv, c->lat2 = l2;
    return true;
}

static void on_read(real_servers *rs, uint32_t id)
{
    srv_conn *c = &rs->conns[id];
    ssize_t n = read(c->fd, c->buf + c->len, sizeof c->buf - 1 - c->len);
    if (n <= 0) {
        if (n < 0 && errno == EAGAIN)
            return;
        if (c->state == C_READ)
            conn_close(rs, c);   /* a client that went away before its request */
        else
            epoll_ctl(rs->ep, EPOLL_CTL_DEL, c->fd, NULL);   /* half-closed: the reply still goes */
        return;
    }
    if (c->state != C_READ)
        return;
    c->len += (size_t)n;
    if (!memchr(c->buf, '\n', c->len)) {
        if (c->len >= sizeof c->buf - 1)
            conn_close(rs, c);
        return;
    }
    if (!parse_call(c))
        return conn_close(rs, c);
    c->call.recv = mono_ns();
    c->state = C_GOING;
    if (!timer_add(rs, c->call.recv + c->lat1, id))
        rs->failed = true;
}

static void on_accept(real_servers *rs, uint32_t srv)
{
    for (;;) {
        int fd = accept4(rs->hosts[srv].lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return;
        if (!SL_GROW(rs->conns, rs->cap_conns, rs->nconns + 1, SRV_MAX_CONNS)) {
            close(fd);
            rs->failed = true;
            return;
        }
        uint32_t id = (uint32_t)rs->nconns++;
        srv_conn *c = &rs->conns[id];
        memset(c, 0, sizeof *c);
        c->fd = fd;
        c->call.srv = srv;
        c->qnext = -1;
        struct epoll_event ev = {.events = EPOLLIN, .data.u64 = (uint64_t)id + rs->nhosts + 2};
        epoll_ctl(rs->ep, EPOLL_CTL_ADD, fd, &ev);
    }
}

/* epoll data: 0 the stop fd, 1 the timer, 2 .. 2+nhosts the listeners, then conns. */
static void *loop(void *arg)
{
    real_servers *rs = arg;
    struct epoll_event evs[64];
    for (;;) {
        int n = epoll_wait(rs->ep, evs, 64, -1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            break;
        for (int k = 0; k < n; k++) {
            uint64_t d = evs[k].data.u64;
            if (d == 0)
                return NULL;
            if (d == 1)
                on_timer(rs);
            else if (d < rs->nhosts + 2)
                on_accept(rs, (uint32_t)(d - 2));
            else
                on_read(rs, (uint32_t)(d - rs->nhosts - 2));
        }
        arm(rs);
    }
    return NULL;
}

static bool listen_on(real_servers *rs, size_t i, uint16_t *port, sl_err *err)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    rs->hosts[i].lfd = fd;
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof a;
    if (fd < 0 || bind(fd, (struct sockaddr *)&a, sizeof a) < 0 || listen(fd, 4096) < 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) < 0)
        return sl_fail(err, "schedlab: error: cannot open a server socket on 127.0.0.1: %s", strerror(errno));
    *port = ntohs(a.sin_port);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = i + 2};
    return epoll_ctl(rs->ep, EPOLL_CTL_ADD, fd, &ev) == 0 ||
           sl_fail(err, "schedlab: error: epoll: %s", strerror(errno));
}

static bool setup(real_servers *rs, const scn *s, uint16_t *ports, sl_err *err)
{
    rs->ep = epoll_create1(EPOLL_CLOEXEC);
    rs->tfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
    rs->stopfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (rs->ep < 0 || rs->tfd < 0 || rs->stopfd < 0)
        return sl_fail(err, "schedlab: error: cannot start the servers: %s", strerror(errno));
    struct epoll_event e0 = {.events = EPOLLIN, .data.u64 = 0}, e1 = {.events = EPOLLIN, .data.u64 = 1};
    epoll_ctl(rs->ep, EPOLL_CTL_ADD, rs->stopfd, &e0);
    epoll_ctl(rs->ep, EPOLL_CTL_ADD, rs->tfd, &e1);
    rs->nhosts = s->nservers;
    rs->hosts = calloc(s->nservers ? s->nservers : 1, sizeof *rs->hosts);
    if (!rs->hosts)
        return sl_fail(err, "schedlab: error: out of memory");
    for (size_t i = 0; i < s->nservers; i++)
        rs->hosts[i].lfd = -1;
    for (size_t i = 0; i < s->nservers; i++) {
        srv_host *h = &rs->hosts[i];
        h->cores = s->servers[i].cores < SRV_MAX_CORES ? s->servers[i].cores : SRV_MAX_CORES;
        h->qhead = h->qtail = -1;
        h->busy = calloc(h->cores, 1);
        if (!h->busy)
            return sl_fail(err, "schedlab: error: out of memory");
        if (!listen_on(rs, i, &ports[i], err))
            return false;
    }
    return true;
}

static void teardown(real_servers *rs)
{
    for (size_t i = 0; i < rs->nconns; i++)
        if (rs->conns[i].fd >= 0)
            close(rs->conns[i].fd);
    for (size_t i = 0; rs->hosts && i < rs->nhosts; i++) {
        if (rs->hosts[i].lfd >= 0)
            close(rs->hosts[i].lfd);
        free(rs->hosts[i].busy);
    }
    if (rs->ep >= 0)
        close(rs->ep);
    if (rs->tfd >= 0)
        close(rs->tfd);
    if (rs->stopfd >= 0)
        close(rs->stopfd);
    free(rs->hosts);
    free(rs->conns);
    free(rs->heap);
    free(rs);
}

bool real_servers_start(const scn *s, real_servers **out, uint16_t *ports, sl_err *err)
{
    real_servers *rs = calloc(1, sizeof *rs);
    *out = NULL;
    if (!rs)
        return sl_fail(err, "schedlab: error: out of memory");
    rs->ep = rs->tfd = rs->stopfd = -1;
    if (!setup(rs, s, ports, err)) {
        free(rs->calls);
        teardown(rs);
        return false;
    }
    if (pthread_create(&rs->th, NULL, loop, rs) != 0) {
        free(rs->calls);
        teardown(rs);
        return sl_fail(err, "schedlab: error: cannot start the server thread");
    }
    rs->running = true;
    *out = rs;
    return true;
}

void real_servers_stop(real_servers *rs, real_call **calls, size_t *ncalls)
{
    *calls = NULL;
    *ncalls = 0;
    if (!rs)
        return;
    if (rs->running) {
        uint64_t one = 1;
        if (write(rs->stopfd, &one, sizeof one) != sizeof one)
            pthread_cancel(rs->th);
        pthread_join(rs->th, NULL);
    }
    *calls = rs->calls;
    *ncalls = rs->ncalls;
    teardown(rs);
}
