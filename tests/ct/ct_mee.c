/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Constant-time harness (make ct) for the MEE's MAC arithmetic: the
 * GF(2^64) multiply and the universal hash, portable and PCLMULQDQ paths,
 * with the hash key and the message marked secret. `ct_mee control`
 * branches on key bytes, which memcheck must report.
 */
#include <stdio.h>
#include <string.h>

#include <valgrind/memcheck.h>

#include "sgxra/crypto.h"

#define SECRET(x, n) VALGRIND_MAKE_MEM_UNDEFINED((x), (n))
#define PUBLIC(x, n) VALGRIND_MAKE_MEM_DEFINED((x), (n))

int
main(int argc, char **argv)
{
	uint8_t key[64];
	uint8_t msg[64];
	uint64_t a = 0x0123456789abcdefULL;
	uint64_t b = 0xfedcba9876543210ULL;
	uint64_t u1;
	uint64_t u2;
	uint64_t p;
	size_t i;

	for (i = 0; i < sizeof(key); i++) {
		key[i] = (uint8_t)(i * 7 + 1);
		msg[i] = (uint8_t)(i * 13 + 5);
	}
	SECRET(key, sizeof(key));
	SECRET(msg, sizeof(msg));
	SECRET(&a, sizeof(a));
	SECRET(&b, sizeof(b));
	if (argc > 1 && strcmp(argv[1], "control") == 0) {
		/* A secret-dependent branch: an early-exit scan of the key. */
		for (i = 0; i < sizeof(key); i++) {
			if (key[i] == 0) {
				return 1;
			}
		}
		return 0;
	}
	p = ra_gf64_mul(a, b);
	u1 = ra_uhash64_ref(key, msg);
	u2 = ra_uhash64(key, msg);
	/* The results are public here only to check them. */
	PUBLIC(&p, sizeof(p));
	PUBLIC(&u1, sizeof(u1));
	PUBLIC(&u2, sizeof(u2));
	if (p != 0x48827ab55d976fa0ULL || u1 != u2) {
		fprintf(stderr, "ct_mee: wrong results\n");
		return 1;
	}
	return 0;
}
