/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_WIRE_H
#define RA_WIRE_H

/*
 * Private helpers of src/lib/wire/, included after internal.h.
 */
#include "sgxra/err.h"

/*
 * The first error of a sequence of parse steps. A composed parser reads
 * its fields straight down, like the spec's table, and keeps the first
 * failure: a truncation also fails the cursor, but a content error of a
 * sub-parser (an unknown id, a non-zero reserved byte) would otherwise be
 * lost.
 */
static inline enum ra_err
first_err(enum ra_err first, enum ra_err next)
{
	return first != RA_OK ? first : next;
}

#endif
