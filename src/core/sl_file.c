/* sl_file.c — write to a temporary next to the target, rename into place on success. */
#include "sl_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Same-process writers to one folder get distinct names through O_EXCL retries, so no counter. */
enum { SL_FILE_TRIES = 100 };
#define TMP_PREFIX ".schedlab-"
#define TMP_SUFFIX ".tmp"

static bool fail_errno(sl_err *err, const char *path, const char *what, int e)
{
    return sl_fail(err, "%s: error: %s: %s", path, what, strerror(e));
}

static void file_release(sl_file *f)
{
    free(f->path);
    free(f->tmp);
    f->fp = NULL;
    f->path = f->tmp = NULL;
}

/* The length of path's folder part, '/' included (0: the current folder). */
static size_t dir_len(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? (size_t)(slash - path) + 1 : 0;
}

static const char *type_name(mode_t m)
{
    return S_ISDIR(m) ? "a directory" : S_ISLNK(m) ? "a symbolic link" : S_ISFIFO(m) ? "a FIFO"
         : S_ISCHR(m) ? "a character device" : S_ISBLK(m) ? "a block device" : S_ISSOCK(m) ? "a socket"
         : "not a regular file";
}

bool sl_file_output_ok(const char *path, const char *const *inputs, size_t n, sl_err *err)
{
    struct stat out, in;
    if (path[0] == '\0')
        return sl_fail(err, "schedlab: error: an empty output file name");
    if (lstat(path, &out) != 0)
        return errno == ENOENT || errno == ENOTDIR ? true : fail_errno(err, path, "cannot check the output", errno);
    if (!S_ISREG(out.st_mode))
        return sl_fail(err, "%s: error: refusing to replace %s with a file (write to a new name, or "
                       "-o - for standard output where the command allows it)", path, type_name(out.st_mode));
    for (size_t i = 0; i < n; i++)
        if (inputs[i] && stat(inputs[i], &in) == 0 && in.st_dev == out.st_dev && in.st_ino == out.st_ino)
            return sl_fail(err, "%s: error: refusing to write over '%s', an input of this command", path,
                           inputs[i]);
    return true;
}

/* Whether name is TMP_PREFIX PID '-' N TMP_SUFFIX; the PID then goes to *pid. */
static bool tmp_name(const char *name, long *pid)
{
    int end = 0;
    unsigned n;
    if (sscanf(name, TMP_PREFIX "%ld-%u" TMP_SUFFIX "%n", pid, &n, &end) != 2 || end == 0)
        return false;
    return name[end] == '\0' && *pid > 0;
}

size_t sl_file_sweep_stale(const char *dir)
{
    const char *d = dir && dir[0] ? dir : ".";
    DIR *dp = opendir(d);
    if (!dp)
        return 0;
    size_t removed = 0;
    char path[4096 + 256];
    for (struct dirent *e; (e = readdir(dp)) != NULL;) {
        long pid;
        struct stat st;
        if (!tmp_name(e->d_name, &pid) || pid == (long)getpid())
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;   /* running (or another user's): not ours to touch */
        if (snprintf(path, sizeof path, "%s/%s", d, e->d_name) >= (int)sizeof path)
            continue;
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == getuid() && unlink(path) == 0)
            removed++;
    }
    closedir(dp);
    return removed;
}

/* Opens a fresh temporary name with O_EXCL; returns the fd or -1 with errno set. */
static int file_create(sl_file *f, size_t dlen, size_t cap)
{
    int fd = -1;
    for (int i = 0; i < SL_FILE_TRIES && fd < 0; i++) {
        snprintf(f->tmp, cap, "%.*s" TMP_PREFIX "%ld-%d" TMP_SUFFIX, (int)dlen, f->path, (long)getpid(), i);
        fd = open(f->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd < 0 && errno != EEXIST)
            break;
    }
    return fd;
}

/* Removes stale temporaries from path's folder. */
static void sweep_folder_of(const char *path, size_t dlen)
{
    char dir[4096];
    if (dlen >= sizeof dir)
        return;
    memcpy(dir, path, dlen);
    dir[dlen] = '\0';
    sl_file_sweep_stale(dir);
}

bool sl_file_open(sl_file *f, const char *path, sl_err *err)
{
    memset(f, 0, sizeof *f);
    if (!sl_file_output_ok(path, NULL, 0, err))
        return false;
    size_t n = strlen(path), dlen = dir_len(path), cap = dlen + sizeof TMP_PREFIX + 48;
    f->path = sl_strndup(path, n);
    f->tmp = malloc(cap);
    if (!f->path || !f->tmp) {
        file_release(f);
        return sl_fail(err, "%s: error: out of memory", path);
    }
    sweep_folder_of(path, dlen);
    int fd = file_create(f, dlen, cap);
    if (fd < 0) {
        int e = errno;
        file_release(f);
        return fail_errno(err, path, "cannot create a file there", e);
    }
    f->fp = fdopen(fd, "wb");
    if (!f->fp) {
        int e = errno;
        close(fd);
        unlink(f->tmp);
        file_release(f);
        return fail_errno(err, path, "cannot open for writing", e);
    }
    return true;
}

bool sl_file_write(sl_file *f, const void *data, size_t len)
{
    if (f->err)
        return false;
    errno = 0;
    if (len && fwrite(data, 1, len, f->fp) != len)
        f->err = errno ? errno : EIO;
    return f->err == 0;
}

FILE *sl_file_stream(sl_file *f)
{
    return f->fp;
}

/* Pushes everything to the disk and closes; 0 on success, else an errno and what failed. */
static int file_finish(sl_file *f, const char **what)
{
    int e = f->err;
    *what = "write failed";
    if (!e && fflush(f->fp) != 0)
        e = errno ? errno : EIO;
    if (!e && ferror(f->fp))
        e = EIO;   /* a print through sl_file_stream failed earlier */
    if (!e && fsync(fileno(f->fp)) != 0) {
        e = errno;
        *what = "cannot sync to disk";
    }
    if (fclose(f->fp) != 0 && !e)
        e = errno ? errno : EIO;
    f->fp = NULL;
    if (!e && rename(f->tmp, f->path) != 0) {
        e = errno;
        *what = "cannot rename the temporary file into place";
    }
    return e;
}

bool sl_file_commit(sl_file *f, sl_err *err)
{
    const char *what;
    int e = file_finish(f, &what);
    if (e) {
        unlink(f->tmp);
        fail_errno(err, f->path, what, e);
    }
    file_release(f);
    return e == 0;
}

void sl_file_abort(sl_file *f)
{
    if (f->fp) {
        fclose(f->fp);
        unlink(f->tmp);
    }
    file_release(f);
}
