/*
 * File helpers: capped reads of untrusted files and atomic writes
 * (temporary file in the target directory, fsync, rename), so that a failed
 * or interrupted run never leaves a half-written output behind.
 */
#ifndef LAK_FSUTIL_H
#define LAK_FSUTIL_H

#include <stddef.h>
#include <sys/types.h>

#include "lib/base/error.h"

/*
 * Read all of 'path' into a new NUL-terminated buffer (free() it). Files
 * larger than 'cap' bytes fail with LAK_ELIMIT; a directory, a missing file
 * or a read error fail with a message naming the reason (not the path: the
 * caller prefixes it).
 */
int lak_file_read(const char *path, size_t cap, char **out, size_t *len,
    struct lak_error *err);

/*
 * Write 'len' bytes to 'path' atomically: the bytes go to a temporary file
 * beside 'path' that is flushed to disk and renamed over 'path'. On failure
 * the temporary file is removed and 'path' is untouched. 'mode' is the new
 * file's permission bits (before umask).
 */
int lak_file_write_atomic(const char *path, const void *data, size_t len,
    unsigned int mode, struct lak_error *err);

/* lak_file_write_atomic() to "DIR/NAMESUFFIX", with the path in front of
 * an error. */
int lak_file_put(const char *dir, const char *name, const char *suffix,
    const void *data, size_t len, unsigned int mode, struct lak_error *err);

/* Make 'dir' and the folders above it that are missing. */
/* The first at most 'n' bytes of the regular file at 'path' into 'buf':
 * the count, or -1 when it cannot be read (or is no regular file). */
ssize_t lak_file_head(const char *path, void *buf, size_t n);

int lak_mkdir_p(const char *dir, struct lak_error *err);

/* Remove 'path' and, for a folder, all in it (symbolic links are removed,
 * not followed); a missing path is no error. */
int lak_remove_tree(const char *path, struct lak_error *err);

/* 'to' (which must not exist) as a hard link to 'from', or a copy where
 * hard links cannot be made. */
int lak_file_link(const char *from, const char *to, struct lak_error *err);

/* Folder 'tmp' in the place of 'final': the old 'final' is moved to 'old'
 * (any earlier 'old' removed first), 'tmp' renamed, then 'old' removed.
 * When 'tmp' cannot be renamed, the old 'final' is put back. */
int lak_dir_swap(const char *tmp, const char *final, const char *old,
    struct lak_error *err);

/* Flush a file written by others (e.g. a ZIP library) to disk. */
int lak_file_sync(const char *path, struct lak_error *err);

/* "DIR/NAMESUFFIX" as a new string (free() it); NULL when out of memory. */
char *lak_path_join(const char *dir, const char *name, const char *suffix);

/* The last component of 'path' (a pointer into it). */
const char *lak_path_basename(const char *path);
/* Whether 'name' ends in 'ext' (".eml"), case aside. */
bool lak_path_has_ext(const char *name, const char *ext);

#endif
