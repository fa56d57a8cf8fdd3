# calibrate.py — measures this machine's costs the way the real runs of `schedlab real` pay them
# (CPython, the python profile). Embedded in schedlab (src/real/CMakeLists.txt) and run by
# `schedlab calibrate` as  /usr/bin/python3 -I -S calibrate.py PORT OUT
# PORT: a schedlab loopback server that answers a call "req step 0 0 0" at once.
# OUT gets one line per cost: KEY VALUE (ns, or bytes for memory.*), medians of repeated trials.
# Bounded: a fixed number of trials of each, a few seconds in all.
import asyncio
import multiprocessing
import os
import socket
import statistics
import sys
import threading
import time

now = time.perf_counter_ns
R = {}


def median(xs):
    return int(statistics.median(xs))


def noop():
    pass


def process_costs():
    """multiprocessing (fork): the parent's part (start()) and the child's (start-up and exit)."""
    ctx = multiprocessing.get_context('fork')
    parent, total = [], []
    for _ in range(12):
        p = ctx.Process(target=noop)
        t0 = now()
        p.start()
        t1 = now()
        p.join()
        t2 = now()
        parent.append(t1 - t0)
        total.append(t2 - t0)
    R['spawn.process'] = median(parent)
    R['start.process'] = max(0, median(total) - median(parent))


def thread_costs():
    parent, total = [], []
    for _ in range(200):
        th = threading.Thread(target=noop)
        t0 = now()
        th.start()
        t1 = now()
        th.join()
        t2 = now()
        parent.append(t1 - t0)
        total.append(t2 - t0)
    R['spawn.thread'] = median(parent)
    R['start.thread'] = max(0, median(total) - median(parent))


def task_costs():
    async def nothing():
        pass

    async def main():
        made, done = [], []
        for _ in range(5):
            t0 = now()
            ts = [asyncio.create_task(nothing()) for _ in range(5000)]
            t1 = now()
            await asyncio.gather(*ts)
            t2 = now()
            made.append((t1 - t0) / 5000)
            done.append((t2 - t1) / 5000)
        R['spawn.coroutine'] = median(made)
        R['start.coroutine'] = median(done)
    asyncio.run(main())


def pingpong(n):
    """A byte sent back and forth over two pipes n times: returns ns per one-way hand-over."""
    a_r, a_w = os.pipe()
    b_r, b_w = os.pipe()
    return a_r, a_w, b_r, b_w


def switch_costs():
    n = 2000
    a_r, a_w, b_r, b_w = pingpong(n)
    pid = os.fork()
    if pid == 0:
        for _ in range(n):
            os.read(a_r, 1)
            os.write(b_w, b'x')
        os._exit(0)
    t0 = now()
    for _ in range(n):
        os.write(a_w, b'x')
        os.read(b_r, 1)
    R['switch.process'] = (now() - t0) // (2 * n)
    os.waitpid(pid, 0)
    for fd in (a_r, a_w, b_r, b_w):
        os.close(fd)
    a_r, a_w, b_r, b_w = pingpong(n)

    def echo():
        for _ in range(n):
            os.read(a_r, 1)
            os.write(b_w, b'x')
    th = threading.Thread(target=echo)
    th.start()
    t0 = now()
    for _ in range(n):
        os.write(a_w, b'x')
        os.read(b_r, 1)
    R['switch.thread'] = (now() - t0) // (2 * n)
    th.join()
    for fd in (a_r, a_w, b_r, b_w):
        os.close(fd)

    async def spinner(m):
        for _ in range(m):
            await asyncio.sleep(0)

    async def main():
        t0 = now()
        await asyncio.gather(*[spinner(200) for _ in range(50)])
        R['switch.coroutine'] = (now() - t0) // (200 * 50)
    asyncio.run(main())


def call_once(port):
    s = socket.create_connection(('127.0.0.1', port))
    s.sendall(b'0 0 0 0 0\n')
    buf = b''
    while not buf.endswith(b'\n'):
        part = s.recv(64)
        if not part:
            break
        buf += part
    s.close()


def call_costs(port):
    """The client's CPU for one call (thread CPU time), per model."""
    n = 300
    for _ in range(20):
        call_once(port)
    t0 = time.thread_time_ns()
    for _ in range(n):
        call_once(port)
    R['callcpu.process'] = (time.thread_time_ns() - t0) // n
    res = []

    def worker():
        t = time.thread_time_ns()
        for _ in range(n):
            call_once(port)
        res.append((time.thread_time_ns() - t) // n)
    th = threading.Thread(target=worker)
    th.start()
    th.join()
    R['callcpu.thread'] = res[0]

    async def acall():
        r, w = await asyncio.open_connection('127.0.0.1', port)
        w.write(b'0 0 0 0 0\n')
        await r.readline()
        w.close()

    async def main():
        for _ in range(3):
            await asyncio.gather(*[acall() for _ in range(20)])
        t = time.thread_time_ns()
        for _ in range(6):
            await asyncio.gather(*[acall() for _ in range(50)])
        R['callcpu.coroutine'] = (time.thread_time_ns() - t) // 300
    asyncio.run(main())


def spin(n):
    x = 0
    for i in range(n):
        x += i
    return x


def burn(reps):
    for _ in range(reps):
        spin(700)


def gil_handover():
    """Two CPU-bound threads on two cores against one thread doing the same work: the extra time
    per forced switch (one every switchinterval) is the lock left idle while it changes hands."""
    reps = 4000
    os.sched_setaffinity(0, range(min(2, os.cpu_count() or 1)))
    one, two = [], []
    for _ in range(3):
        t0 = now()
        burn(2 * reps)
        one.append(now() - t0)
        ths = [threading.Thread(target=burn, args=(reps,)) for _ in range(2)]
        t0 = now()
        for th in ths:
            th.start()
        for th in ths:
            th.join()
        two.append(now() - t0)
    t1, t2 = min(one), min(two)
    switches = max(1, t2 / (sys.getswitchinterval() * 1e9))
    R['gil.handover'] = max(0, int((t2 - t1) / switches))
    R['work.2threads_over_1'] = int(1000 * t2 / t1)   # per mille, for the report


def rss():
    with open('/proc/self/statm') as f:
        return int(f.read().split()[1]) * os.sysconf('SC_PAGE_SIZE')


def memory_costs():
    stop = threading.Event()
    base = rss()
    ths = [threading.Thread(target=stop.wait) for _ in range(200)]
    for th in ths:
        th.start()
    R['memory.thread'] = max(0, (rss() - base) // 200)
    stop.set()
    for th in ths:
        th.join()

    async def pending(ev):
        await ev.wait()

    async def main():
        ev = asyncio.Event()
        b = rss()
        ts = [asyncio.create_task(pending(ev)) for _ in range(20000)]
        await asyncio.sleep(0)
        R['memory.coroutine'] = max(0, (rss() - b) // 20000)
        ev.set()
        await asyncio.gather(*ts)
    asyncio.run(main())
    # a forked child: the memory it owns alone once it has run a little (private pages)
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:
        spin(100000)
        os.write(w, b'x')
        time.sleep(0.5)
        os._exit(0)
    os.read(r, 1)
    priv = 0
    with open('/proc/%d/smaps_rollup' % pid) as f:
        for line in f:
            if line.startswith(('Private_Clean:', 'Private_Dirty:')):
                priv += int(line.split()[1]) * 1024
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    R['memory.process'] = priv


def main():
    port, out = int(sys.argv[1]), sys.argv[2]
    for name, f in (('processes', process_costs), ('threads', thread_costs), ('tasks', task_costs),
                    ('switches', switch_costs), ('calls', lambda: call_costs(port)),
                    ('memory', memory_costs), ('gil', gil_handover)):
        t = now()
        f()
        sys.stderr.write('calibrate: %-9s %.2f s\n' % (name, (now() - t) / 1e9))
    R['python'] = sys.version_info[0] * 10000 + sys.version_info[1] * 100 + sys.version_info[2]
    with open(out + '.tmp', 'w') as f:
        for k, v in R.items():
            f.write('%s %d\n' % (k, v))
    os.rename(out + '.tmp', out)


if __name__ == '__main__':
    main()
