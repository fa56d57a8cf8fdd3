/* sl_file.h — the one way schedlab writes a file (pictures, exports, sweeps, the window's shots):
 * bytes go to a temporary next to the target and are renamed into place only once written,
 * flushed and synced, so a failure leaves neither a partial file nor a stray temporary.
 *
 * Temporaries are named `.schedlab-PID-N.tmp` (PID the writer's process id, N a small counter) in
 * the target's folder: short whatever the target's name (a 255-byte name still fits), and
 * recognisable, so that each new write first removes the ones a killed schedlab left behind in
 * that folder (a process id that no longer runs, a regular file of the same user). */
#ifndef SL_FILE_H
#define SL_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "sl_util.h"

typedef struct {
    FILE *fp;         /* private: the temporary, open for writing */
    char *path;       /* private: the final name */
    char *tmp;        /* private: the temporary name, same folder */
    int err;          /* read-only: errno of the first failed write, 0 if none */
} sl_file;

/* Checks that path may be written (sl_file_output_ok with no inputs), removes the folder's stale
 * temporaries, and creates a fresh one (mode 0666 minus umask, like fopen). On failure returns
 * false with `path: error: ...` in err and nothing created. */
bool sl_file_open(sl_file *f, const char *path, sl_err *err);

/* Appends len bytes; false (and f->err set) when the write fails. Later writes are skipped once
 * one failed, and sl_file_commit reports the first failure. */
bool sl_file_write(sl_file *f, const void *data, size_t len);

/* The temporary's stream, for writers that print (fprintf, fputs): their errors are caught by
 * sl_file_commit through ferror. */
FILE *sl_file_stream(sl_file *f);

/* Flushes, syncs, closes and renames the temporary over path. On failure (any earlier write
 * error included) removes the temporary and returns false with a message. Always releases f. */
bool sl_file_commit(sl_file *f, sl_err *err);

/* Drops the temporary without touching path. Safe on a zeroed or already released sl_file. */
void sl_file_abort(sl_file *f);

/* Whether path may be replaced by an output: absent, or a regular file that is none of the
 * inputs[0..n) (same device and inode: a hard link or another spelling counts as the same file).
 * A directory, a symbolic link, a FIFO, a device or a socket is refused, as is an input: false
 * with `path: error: ...` in err. NULL inputs are skipped. */
bool sl_file_output_ok(const char *path, const char *const *inputs, size_t n, sl_err *err);

/* Removes from folder dir ("" or NULL: the current one) the temporaries of schedlab processes that
 * no longer run; returns how many. */
size_t sl_file_sweep_stale(const char *dir);

#endif
