/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra sigstruct verify: check a SIGSTRUCT's signature (and measurement). */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/arch.h"
#include "sgxra/image.h"

static const char verify_usage[] =
    "usage: sgxra sigstruct verify FILE\n"
    "\n"
    "Check the RSA-3072 signature of a SIGSTRUCT as EINIT does (S^3 mod N\n"
    "against the PKCS#1 v1.5 SHA-256 encoding of the signed bytes, and the\n"
    "Q1/Q2 quotients), and print MRSIGNER. FILE is a SIGSTRUCT (1808\n"
    "bytes) or a signed sgxra enclave, whose ELF is then measured too and\n"
    "must match ENCLAVEHASH. Exit status 0 if everything holds, 1 if not.\n";

int
cmd_sigstruct_verify(int argc, char **argv)
{
	struct ra_sigstruct ss;
	struct ra_image img;
	struct ra_hash256 mrsigner, mr;
	struct ra_cur c;
	uint8_t *buf;
	size_t len;
	bool is_image = false;
	enum ra_err e;

	if (wants_help(argc, argv, verify_usage)) {
		return EXIT_OK;
	}
	if (argc != 2) {
		return usage(verify_usage);
	}
	buf = read_input(argv[1], (size_t)256 << 20, &len);
	if (ra_image_parse(&img, buf, len) == RA_OK) {
		ss = img.sigstruct;
		is_image = true;
	} else {
		c = ra_cur_init(buf, len);
		if (len != RA_SIGSTRUCT_LEN ||
		    ra_sigstruct_parse(&ss, &c) != RA_OK) {
			errx(EXIT_FAIL,
			    "%s: neither a SIGSTRUCT (1808 bytes) nor "
			    "a signed sgxra enclave",
			    argv[1]);
		}
	}
	ra_css_mrsigner(&mrsigner, &ss);
	printf("mr_signer    ");
	print_hex(stdout, mrsigner.b, 32);
	printf("\nenclave_hash ");
	print_hex(stdout, ss.enclave_hash.b, 32);
	printf("\n");
	if (ra_css_verify(&ss) != RA_OK) {
		errx(EXIT_FAIL,
		    "%s: the RSA signature or Q1/Q2 does not verify", argv[1]);
	}
	printf("signature    ok\n");
	if (is_image) {
		e = ra_image_measure(&mr, &img.layout, img.elf.p, img.elf.len);
		if (e != RA_OK) {
			die_ra(e, "%s: cannot measure the enclave", argv[1]);
		}
		if (memcmp(mr.b, ss.enclave_hash.b, 32) != 0) {
			errx(EXIT_FAIL,
			    "%s: MRENCLAVE mismatch: measured %02x%02x"
			    "%02x%02x..., signed %02x%02x%02x%02x...",
			    argv[1], mr.b[0], mr.b[1], mr.b[2], mr.b[3],
			    ss.enclave_hash.b[0], ss.enclave_hash.b[1],
			    ss.enclave_hash.b[2], ss.enclave_hash.b[3]);
		}
		printf("measurement  ok\n");
	}
	free(buf);
	return EXIT_OK;
}
