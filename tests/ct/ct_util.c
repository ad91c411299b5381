/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Constant-time harness (make ct): run under valgrind memcheck with the
 * secret inputs marked undefined. Memcheck then reports every branch and
 * every memory index that depends on them ("Conditional jump or move
 * depends on uninitialised value(s)"). The functions below must produce
 * no report; `ct_util control` runs an early-exit comparison that must be
 * reported, which proves the harness can see a leak.
 */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "sgxra/ct.h"
#include "sgxra/encode.h"

#define SECRET(x, n) VALGRIND_MAKE_MEM_UNDEFINED((x), (n))
#define PUBLIC(x, n) VALGRIND_MAKE_MEM_DEFINED((x), (n))

/* The negative control: what the project bans. */
static int
leaky_eq(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (a[i] != b[i]) {
			return 0;
		}
	}
	return 1;
}

int
main(int argc, char **argv)
{
	unsigned char a[67], b[67], bin[67];
	char txt[200];
	size_t n;
	bool r;
	int rc = 0;

	memset(a, 0x3c, sizeof(a));
	memset(b, 0x3c, sizeof(b));
	SECRET(a, sizeof(a));
	SECRET(b, sizeof(b));
	if (argc > 1 && strcmp(argv[1], "control") == 0) {
		r = leaky_eq(a, b, sizeof(a)) == 1;
		PUBLIC(&r, sizeof(r));
		return r ? 0 : 1;
	}
	/* The results are public by design: unmark them before use. */
	r = ra_ct_eq(a, b, sizeof(a));
	PUBLIC(&r, sizeof(r));
	rc |= !r;
	r = ra_ct_is_zero(a, sizeof(a));
	PUBLIC(&r, sizeof(r));
	rc |= r;
	if (ra_hex_encode(txt, sizeof(txt), a, sizeof(a)) != RA_OK ||
	    ra_hex_decode(bin, sizeof(bin), &n, txt, 2 * sizeof(a)) != RA_OK) {
		rc |= 1;
	}
	if (ra_base64_encode(txt, sizeof(txt), a, sizeof(a)) != RA_OK) {
		rc |= 1;
	}
	PUBLIC(txt, sizeof(txt));
	n = strlen(txt);
	SECRET(txt, n);
	if (ra_base64_decode(bin, sizeof(bin), &n, txt, n) != RA_OK) {
		rc |= 1;
	}
	ra_wipe(a, sizeof(a));
	printf("ct_util: %s\n", rc == 0 ? "ok" : "wrong results");
	return rc;
}
