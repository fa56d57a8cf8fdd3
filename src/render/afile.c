/* afile.c — write to a temporary next to the target, rename into place on success. */
#include "afile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Same-process writers to one path get distinct names through O_EXCL retries, so no counter. */
enum { AFILE_TRIES = 100 };

static bool fail_errno(sl_err *err, const char *path, const char *what, int e)
{
    return sl_fail(err, "%s: error: %s: %s", path, what, strerror(e));
}

static void afile_release(afile *f)
{
    free(f->path);
    free(f->tmp);
    f->fp = NULL;
    f->path = f->tmp = NULL;
}

/* Opens a fresh temporary name with O_EXCL; returns the fd or -1 with errno set. */
static int afile_create(afile *f, size_t cap)
{
    int fd = -1;
    for (int i = 0; i < AFILE_TRIES && fd < 0; i++) {
        snprintf(f->tmp, cap, "%s.tmp%ld-%d", f->path, (long)getpid(), i);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

bool afile_open(afile *f, const char *path, sl_err *err)
{
    memset(f, 0, sizeof *f);
    size_t n = strlen(path), cap = n + 32;
    f->path = sl_strndup(path, n);
    f->tmp = malloc(cap);
    if (!f->path || !f->tmp) {
        afile_release(f);
        return sl_fail(err, "%s: error: out of memory", path);
    }
    int fd = afile_create(f, cap);
    if (fd < 0) {
        int e = errno;
        afile_release(f);
        return fail_errno(err, path, "cannot create a file there", e);
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(f->tmp);
        afile_release(f);
        return fail_errno(err, path, "cannot open for writing", e);
    }
    return true;
}

bool afile_write(afile *f, const void *data, size_t len)
{
    if (f->err)
        return false;
    errno = 0;
    if (len && fwrite(data, 1, len, f->fp) != len)
        f->err = errno ? errno : EIO;
    return f->err == 0;
}

/* Pushes everything to the disk and closes; 0 on success, else an errno and what failed. */
static int afile_finish(afile *f, const char **what)
{
    int e = f->err;
    *what = "write failed";
    if (!e && fflush(f->fp) != 0)
        e = errno;
    if (!e && fsync(fileno(f->fp)) != 0) {
        e = errno;
        *what = "cannot sync to disk";
    }
    if (fclose(f->fp) != 0 && !e)
        e = errno;
    f->fp = NULL;
    if (!e && rename(f->tmp, f->path) != 0) {
        e = errno;
        *what = "cannot rename the temporary file into place";
    }
    return e;
}

bool afile_commit(afile *f, sl_err *err)
{
    const char *what;
    int e = afile_finish(f, &what);
    if (e) {
        unlink(f->tmp);
        fail_errno(err, f->path, what, e);
    }
    afile_release(f);
    return e == 0;
}

void afile_abort(afile *f)
{
    if (f->fp) {
        fclose(f->fp);
        unlink(f->tmp);
    }
    afile_release(f);
}
