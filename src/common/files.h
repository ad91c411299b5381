/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_FILES_H
#define SGXRA_FILES_H

/*
 * Small, careful file helpers for the daemons' state directories. Every
 * function returns RA_OK or an error with a one-line reason in why (path
 * and cause), for the caller to log.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sgxra/err.h"

/* mkdir -p: missing parents 0755, the last component with mode. */
RA_MUST_CHECK enum ra_err files_mkdirs(
    const char *dir, mode_t mode, char *why, size_t cap);

/*
 * Create path with mode and write data[0..len), then fsync. Never
 * replaces a file (O_EXCL): RA_ERR_STATE if it exists.
 */
RA_MUST_CHECK enum ra_err files_write_new(const char *path, const void *data,
    size_t len, mode_t mode, char *why, size_t cap);

/*
 * Read a whole regular file (no symbolic link) of at most max bytes into
 * a new buffer with a NUL after the data (*out, *len; free with
 * files_free). With secret, a file readable or writable by group or
 * others is refused (RA_ERR_POLICY), and the buffer is wiped when freed.
 * RA_ERR_IO if absent or unreadable, RA_ERR_FORMAT if larger than max.
 */
RA_MUST_CHECK enum ra_err files_read(const char *path, size_t max, bool secret,
    uint8_t **out, size_t *len, char *why, size_t cap);
void files_free(uint8_t *p, size_t len);

/* path = dir "/" name; RA_ERR_SPACE if it does not fit. */
RA_MUST_CHECK enum ra_err files_join(
    char *path, size_t cap, const char *dir, const char *name);

#endif
