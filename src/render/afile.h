/* afile.h — atomic file output for the export back ends: bytes go to a temporary file in the
 * destination's folder and are renamed into place only once flushed and synced, so a failed export
 * (unwritable folder, full disk) leaves neither a partial file nor a stray temporary behind. */
#ifndef AFILE_H
#define AFILE_H

#include <stdbool.h>
#include <stdio.h>

#include "sl_util.h"

typedef struct {
    FILE *fp;         /* private: the temporary, open for writing */
    char *path;       /* private: the final name */
    char *tmp;        /* private: the temporary name, same folder */
    int err;          /* read-only: errno of the first failed write, 0 if none */
} afile;

/* Creates `path.tmp<pid>-<n>` next to path (mode 0666 minus umask, like fopen). On failure
 * returns false with `path: error: ...` in err and nothing created. */
bool afile_open(afile *f, const char *path, sl_err *err);

/* Appends len bytes; false (and f->err set) when the write fails. Later writes are skipped once
 * one failed, and afile_commit reports the first failure. */
bool afile_write(afile *f, const void *data, size_t len);

/* Flushes, syncs, closes and renames the temporary over path. On failure (any earlier write
 * error included) removes the temporary and returns false with a message. Always releases f. */
bool afile_commit(afile *f, sl_err *err);

/* Drops the temporary without touching path. Safe on a zeroed or already released afile. */
void afile_abort(afile *f);

#endif
