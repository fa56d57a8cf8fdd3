/* real_calibrate.c — `schedlab calibrate`'s measurements: the embedded assets/real/calibrate.py run
 * against a loopback server that answers at once, within 60 s, its KEY VALUE lines read back. */
#define _GNU_SOURCE
#include "real_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "real_calibrate_py.h"

#define CAL_LIMIT_NS (INT64_C(60) * 1000000000)

/* Where each key of the script's output goes. */
static int64_t *slot(real_calibration *c, const char *key)
{
    static const char *const kinds[] = {"process", "thread", "coroutine"};
    char k[48];
    for (int i = 0; i < SCN_UNIT_KIND_COUNT; i++) {
        struct { const char *pre; int64_t *v; } t[] = {
            {"spawn.", &c->costs.spawn[i]}, {"start.", &c->costs.start[i]}, {"switch.", &c->costs.sw[i]},
            {"callcpu.", &c->costs.callcpu[i]}, {"memory.", &c->costs.mem[i]},
        };
        for (size_t j = 0; j < sizeof t / sizeof t[0]; j++) {
            snprintf(k, sizeof k, "%s%s", t[j].pre, kinds[i]);
            if (strcmp(key, k) == 0)
                return t[j].v;
        }
    }
    if (strcmp(key, "gil.handover") == 0)
        return &c->costs.handover;
    if (strcmp(key, "python") == 0)
        return &c->python_version;
    if (strcmp(key, "work.2threads_over_1") == 0)
        return &c->two_threads_permille;
    return NULL;
}

static bool parse(real_calibration *c, char *text, sl_err *err)
{
    int found = 0;
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        char key[48];
        long long v;
        int64_t *p;
        if (sscanf(line, "%47s %lld", key, &v) == 2 && (p = slot(c, key))) {
            *p = v < 0 ? 0 : v;
            found++;
        }
    }
    return found >= 17 || sl_fail(err, "schedlab: error: the calibration gave %d of its 17 values", found);
}

bool real_calibrate(const char *python, real_calibration *out, sl_err *err)
{
    static const char text[] = "server echo cores=100000\nrequest r : call echo latency=0ns serve=0ns\n";
    memset(out, 0, sizeof *out);
    out->costs = *scn_builtin_costs(SCN_PROFILE_PYTHON);
    scn s;
    if (!scn_parse("<calibrate>", text, strlen(text), &s, err))
        return false;
    char dir[64], script[96], res[96], port[16], *data = NULL;
    const char *tmp = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/schedlab-cal-XXXXXX", tmp && strlen(tmp) < 30 ? tmp : "/tmp");
    real_servers *rs = NULL;
    uint16_t p = 0;
    sigset_t mask;
    real_block_signals(&mask);
    size_t len = 0;
    bool made = mkdtemp(dir) != NULL;
    bool ok = made || sl_fail(err, "schedlab: error: cannot make a temporary directory: %s", strerror(errno));
    snprintf(script, sizeof script, "%s/calibrate.py", dir);
    snprintf(res, sizeof res, "%s/out.txt", dir);
    FILE *f = ok ? fopen(script, "w") : NULL;
    ok = ok && f && fwrite(real_calibrate_py, 1, sizeof real_calibrate_py, f) == sizeof real_calibrate_py;
    if (f)
        ok = fclose(f) == 0 && ok;
    ok = ok && real_servers_start(&s, &rs, &p, err);
    snprintf(port, sizeof port, "%u", p);
    ok = ok && real_python(python, script, port, res, CAL_LIMIT_NS, &mask, err) && real_read_file(res, &data, &len, err) &&
         parse(out, data, err);
    real_call *calls;
    size_t ncalls;
    real_servers_stop(rs, &calls, &ncalls);
    free(calls);
    free(data);
    if (made) {
        char t2[128];
        snprintf(t2, sizeof t2, "%s.tmp", res);
        unlink(script), unlink(res), unlink(t2), rmdir(dir);
    }
    scn_free(&s);
    real_restore_signals(&mask);
    return ok;
}
