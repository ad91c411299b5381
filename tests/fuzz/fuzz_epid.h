/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef FUZZ_EPID_H
#define FUZZ_EPID_H

/*
 * Shared by the EPID fuzz targets: abort with a message when a property
 * fails (libFuzzer and the replay both report an abort as a crash), and
 * the group-id width from a selector bit.
 */
#include <stdio.h>
#include <stdlib.h>

#include "sgxra/epid.h"

#define FUZZ_ASSERT(cond)                                               \
	do {                                                            \
		if (!(cond)) {                                          \
			fprintf(stderr, "%s:%d: property failed: %s\n", \
			    __FILE__, __LINE__, #cond);                 \
			abort();                                        \
		}                                                       \
	} while (0)

static inline enum ra_epid_gid_width
fuzz_width(unsigned sel)
{
	return (sel & 1) != 0 ? RA_EPID_GID_SGX : RA_EPID_GID_SDK;
}

#endif
