/* ui_browse.c — the presenter's PageDown / PageUp: the .scn file that follows or precedes the
 * current one in its folder, in byte order of the names (the course's files are numbered so). One
 * pass over the folder keeps the best candidate: no list of names, no limit on the folder. */
#include "ui_int.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SCHEDLAB_SOURCE_DIR
#define SCHEDLAB_SOURCE_DIR "."
#endif

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool is_file(const char *folder, const char *name)
{
    char p[4096];
    struct stat st;
    int n = snprintf(p, sizeof p, "%s/%s", folder, name);
    return n > 0 && (size_t)n < sizeof p && stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

static bool is_scn(const char *name)
{
    size_t n = strlen(name);
    return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".scn") == 0;
}

/* The folder of current (its part before the last '/', "." without one), or for the built-in
 * scenario the source tree's scenarios/ (the program runs from its build folder), else ./scenarios. */
static void folder_of(const char *current, char *folder, size_t fn, const char **base)
{
    const char *slash = current ? strrchr(current, '/') : NULL;
    if (!current) {
        const char *src = SCHEDLAB_SOURCE_DIR "/scenarios";
        snprintf(folder, fn, "%s", is_dir(src) ? src : "scenarios");
        *base = NULL;
    } else if (!slash) {
        snprintf(folder, fn, ".");
        *base = current;
    } else {
        snprintf(folder, fn, "%.*s", slash == current ? 1 : (int)(slash - current), current);
        *base = slash + 1;
    }
}

/* Whether name beats best as the neighbour of base in direction dir (base NULL: the first or the
 * last of all). */
static bool better(const char *name, const char *best, const char *base, int dir)
{
    if (base && (dir > 0 ? strcmp(name, base) <= 0 : strcmp(name, base) >= 0))
        return false;
    return !best[0] || (dir > 0 ? strcmp(name, best) < 0 : strcmp(name, best) > 0);
}

int ui_browse(const char *current, int dir, char *out, size_t n, char *folder, size_t fn, sl_err *err)
{
    const char *base;
    char best[256] = "";
    folder_of(current, folder, fn, &base);
    DIR *d = opendir(folder);
    if (!d)
        return sl_fail(err, "%s: error: cannot read the folder: %s", folder, strerror(errno)), -1;
    for (struct dirent *e; (e = readdir(d));)
        if (is_scn(e->d_name) && strlen(e->d_name) < sizeof best && better(e->d_name, best, base, dir) &&
            is_file(folder, e->d_name))
            snprintf(best, sizeof best, "%s", e->d_name);
    closedir(d);
    if (!best[0]) {
        char cwd[4096];   /* the message names the folder: "." says nothing on a projector */
        if (strcmp(folder, ".") == 0 && getcwd(cwd, sizeof cwd))
            snprintf(folder, fn, "%s", cwd);
        return 0;
    }
    if (current && !strchr(current, '/'))
        snprintf(out, n, "%s", best);
    else
        snprintf(out, n, "%s/%s", folder, best);
    return 1;
}
