# driver.py — the client program of `schedlab real` (profile python): runs a scenario's requests
# for real in the model's own terms and writes what happened, one record per line.
#
# Embedded in the schedlab binary (src/real/CMakeLists.txt) and run as
#   /usr/bin/python3 -I -S driver.py PLAN OUT
# PLAN is a Python literal written by schedlab (src/real/real_run.c):
#   {'model': 'threads', 'cores': 2, 'ports': [P0, ...], 'max_s': 60,
#    'reqs': [[arrival_ns, [[kind, dur_ns, lat1_ns, lat2_ns, server], ...]], ...]}
# kind: 0 cpu, 1 io, 2 block, 3 call (dur = the serve time). Requests are in arrival order.
# OUT gets, times in ns from T0 on the monotonic clock (CLOCK_MONOTONIC, the same in every process):
#   CAL ns_per_iter       the busy loop's calibration
#   T0 abs                t=0 on the monotonic clock (the servers' records are absolute)
#   U req c0 c1 first     the unit of req: its creator spent [c0, c1) creating it; it first ran at first
#   S req step t0 t1      a step, from its start to its end
#   G req step g0 g1      inside a cpu step: a stretch where the busy loop did not run (preempted, no GIL)
#   E req t               the request's end
#   RSS self_kib children_kib
# Everything here is bounded: a fixed plan, and schedlab kills the process group at its deadline.
import ast
import asyncio
import multiprocessing
import os
import resource
import socket
import sys
import threading
import time

now = time.perf_counter_ns          # CLOCK_MONOTONIC on Linux
CHUNK_NS = 20000                    # the busy loop looks at the clock about every 20 us
GAP_NS = 50000                      # a chunk late by more than this was not running


def spin(n):
    x = 0
    for i in range(n):
        x += i
    return x


class Work:
    """cpu D: a fixed amount of work calibrated once, so a preempted step takes longer."""

    def __init__(self):
        # Measured the way run() spends it: chunks of a few hundred iterations (a longer loop
        # would reach big integers and run slower per iteration than the steps do).
        self.ns_per_iter = min(self._time(1000, 20) for _ in range(5)) / 20000
        self.chunk = max(1, int(CHUNK_NS / self.ns_per_iter))
        self.ns_per_iter = min(self._time(self.chunk, 500) for _ in range(5)) / (500 * self.chunk)

    @staticmethod
    def _time(n, reps):
        t = now()
        for _ in range(reps):
            spin(n)
        return now() - t

    def run(self, d, req, step, out, t0):
        n = int(d / self.ns_per_iter + 0.5)
        prev = now()
        while n > 0:
            k = self.chunk if n > self.chunk else n
            spin(k)
            n -= k
            t = now()
            expect = k * self.ns_per_iter
            if t - prev > expect + GAP_NS:
                out.append('G %d %d %d %d' % (req, step, prev - t0, int(t - expect) - t0))
            prev = t


def call_blocking(port, req, step, lat1, serve, lat2):
    s = socket.create_connection(('127.0.0.1', port))
    try:
        s.sendall(b'%d %d %d %d %d\n' % (req, step, lat1, serve, lat2))
        buf = b''
        while not buf.endswith(b'\n'):
            part = s.recv(64)
            if not part:
                break
            buf += part
    finally:
        s.close()


def run_steps(P, W, req, out, t0):
    for step, (kind, d, lat1, lat2, srv) in enumerate(P['reqs'][req][1]):
        a = now()
        if kind == 0:
            W.run(d, req, step, out, t0)
        elif kind == 3:
            call_blocking(P['ports'][srv], req, step, lat1, d, lat2)
        else:
            time.sleep(d / 1e9)
        out.append('S %d %d %d %d' % (req, step, a - t0, now() - t0))
    out.append('E %d %d' % (req, now() - t0))


def warm_up(P):
    """One connection to each server before t=0: the first connection of a process loads the
    resolver and socket machinery (about 5 ms here), a one-time cost no request should carry."""
    for port in P['ports']:
        socket.create_connection(('127.0.0.1', port)).close()


def begin(out):
    """t=0, a little ahead so that the first arrival is not late; once everything is set up."""
    t0 = now() + 2000000
    out.append('T0 %d' % t0)
    wait_arrival(0, t0)
    return t0


def wait_arrival(arrival, t0):
    d = t0 + arrival - now()
    if d > 0:
        time.sleep(d / 1e9)


def run_sequential(P, W, out):
    t0 = begin(out)
    for req, (arrival, _) in enumerate(P['reqs']):
        wait_arrival(arrival, t0)
        t = now() - t0
        out.append('U %d %d %d %d' % (req, t, t, t))
        run_steps(P, W, req, out, t0)


def run_threads(P, W, out):
    units = []
    t0 = begin(out)
    for req, (arrival, _) in enumerate(P['reqs']):
        wait_arrival(arrival, t0)
        first = [0]

        def body(req=req, first=first):
            first[0] = now() - t0
            run_steps(P, W, req, out, t0)
        c0 = now()
        th = threading.Thread(target=body)
        th.start()
        units.append((req, c0 - t0, now() - t0, first, th))
    for req, c0, c1, first, th in units:
        th.join()
        out.append('U %d %d %d %d' % (req, c0, c1, first[0]))


def run_processes(P, W, out, path):
    ctx = multiprocessing.get_context('fork')
    t0 = begin(out)

    def body(req):
        mine = ['F %d %d' % (req, now() - t0)]
        run_steps(P, W, req, mine, t0)
        with open('%s.%d' % (path, req), 'w') as f:
            f.write('\n'.join(mine) + '\n')
    units = []
    for req, (arrival, _) in enumerate(P['reqs']):
        wait_arrival(arrival, t0)
        c0 = now()
        p = ctx.Process(target=body, args=(req,))
        p.start()
        units.append((req, c0 - t0, now() - t0, p))
    for req, c0, c1, p in units:
        p.join()
        name = '%s.%d' % (path, req)
        first = c1
        with open(name) as f:
            for line in f.read().split('\n'):
                if line.startswith('F '):
                    first = int(line.split()[2])
                elif line:
                    out.append(line)
        os.unlink(name)
        out.append('U %d %d %d %d' % (req, c0, c1, first))


def run_coroutines(P, W, out):
    t0 = 0
    async def call(port, req, step, lat1, serve, lat2):
        r, w = await asyncio.open_connection('127.0.0.1', port)
        w.write(b'%d %d %d %d %d\n' % (req, step, lat1, serve, lat2))
        await r.readline()
        w.close()

    async def coro(req, first):
        first[0] = now() - t0
        for step, (kind, d, lat1, lat2, srv) in enumerate(P['reqs'][req][1]):
            a = now()
            if kind == 0:
                W.run(d, req, step, out, t0)
            elif kind == 1:
                await asyncio.sleep(d / 1e9)
            elif kind == 2:
                time.sleep(d / 1e9)
            else:
                await call(P['ports'][srv], req, step, lat1, d, lat2)
            out.append('S %d %d %d %d' % (req, step, a - t0, now() - t0))
        out.append('E %d %d' % (req, now() - t0))

    async def main():
        nonlocal t0
        units = []
        for port in P['ports']:
            w = (await asyncio.open_connection('127.0.0.1', port))[1]
            w.close()
        t0 = begin(out)
        for req, (arrival, _) in enumerate(P['reqs']):
            d = t0 + arrival - now()
            if d > 0:
                await asyncio.sleep(d / 1e9)
            first = [0]
            c0 = now()
            task = asyncio.create_task(coro(req, first))
            units.append((req, c0 - t0, now() - t0, first, task))
        await asyncio.gather(*[u[4] for u in units])
        for req, c0, c1, first, _ in units:
            out.append('U %d %d %d %d' % (req, c0, c1, first[0]))
    asyncio.run(main())


def main():
    plan_path, out_path = sys.argv[1], sys.argv[2]
    with open(plan_path) as f:
        P = ast.literal_eval(f.read())
    ncpu = os.cpu_count() or 1
    os.sched_setaffinity(0, range(min(P['cores'], ncpu)))   # the scenario's cores, inherited by every unit
    W = Work()
    warm_up(P)
    out = ['CAL %.6f' % W.ns_per_iter]
    model = P['model']
    if model == 'sequential':
        run_sequential(P, W, out)
    elif model == 'threads':
        run_threads(P, W, out)
    elif model == 'processes':
        run_processes(P, W, out, out_path)
    else:
        run_coroutines(P, W, out)
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out.append('RSS %d %d' % (me, kids))
    tmp = out_path + '.tmp'
    with open(tmp, 'w') as f:
        f.write('\n'.join(out) + '\n')
    os.rename(tmp, out_path)


if __name__ == '__main__':
    main()
