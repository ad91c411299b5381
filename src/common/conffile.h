/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_CONFFILE_H
#define SGXRA_CONFFILE_H

/*
 * The daemons' configuration files: one option per line, "name value" or
 * "name = value", '#' starts a comment, blank lines are skipped. The
 * names are the long command-line options'. At most 64 KiB of text.
 */
#include <stdbool.h>
#include <stddef.h>

#include "sgxra/err.h"

/* Called for each option; fills why (cap bytes) when it refuses. */
typedef enum ra_err (*conffile_set)(
    void *ctx, const char *key, const char *value, char *why, size_t cap);

/*
 * Read path and call set for each option in order. The first refusal
 * stops: why is "path:line: <set's reason>". RA_ERR_IO if unreadable,
 * RA_ERR_FORMAT for a file that is not text or too large.
 */
RA_MUST_CHECK enum ra_err conffile_read(
    const char *path, conffile_set set, void *ctx, char *why, size_t cap);

/* Copy v into dst[0..cap): false if it does not fit. */
bool conffile_str(char *dst, size_t cap, const char *v);

/* A decimal number in lo..hi (digits only): false otherwise. */
bool conffile_uint(
    unsigned int *dst, const char *v, unsigned long lo, unsigned long hi);

#endif
