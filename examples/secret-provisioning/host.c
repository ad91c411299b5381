/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The secret-provisioning example application:
 *
 *   sp-host --socket SOCK --sp URL ENCLAVE attest BLOB_FILE
 *       attest the enclave to the SP at URL (sgxra-spd), printing each
 *       step of the flow; if the SP trusts it, the enclave seals the
 *       provisioned secret and the blob is written to BLOB_FILE
 *   sp-host --socket SOCK ENCLAVE prove BLOB_FILE CHALLENGE
 *       later, after any restart and without attesting again: the
 *       enclave unseals the secret and answers the challenge with
 *       AES-CMAC(K, CHALLENGE), K = SHA-256("sgxra prove" || secret)[0..16)
 *   sp-host --socket SOCK ENCLAVE identity
 *
 * Exit status: 0 trusted / proved, 1 refused or failed, 2 usage.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra/host.h"
#include "sgxra/msg.h"
#include "sgxra/sgx.h"

enum {
	ECALL_RA = 0, /* ra_msg1 .. ra_msg4 */
	ECALL_SEAL = 4,
	ECALL_PROVE = 5,
	ECALL_IDENTITY = 6,
};

#define USAGE                                                                \
	"usage: sp-host --socket SOCK [--sp URL] ENCLAVE attest BLOB_FILE\n" \
	"       sp-host --socket SOCK ENCLAVE prove BLOB_FILE CHALLENGE\n"   \
	"       sp-host --socket SOCK ENCLAVE identity"

static void
hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%02x", p[i]);
	}
}

static void
show_step(void *ctx, const struct ra_host_attest_step *s)
{
	(void)ctx;
	printf("  [step %2d] %-11s -> %-11s %s (%zu bytes)\n", s->step, s->from,
	    s->to, s->what, s->bytes);
	fflush(stdout);
}

static int
attest(struct ra_host *h, struct ra_host_enclave *e, const char *sp,
    const char *blob_file)
{
	static uint8_t blob[1 << 17];
	struct ra_host_attest_opts o = { 0 };
	struct ra_host_attest_result r;
	size_t n = 0;
	enum ra_err rc;
	FILE *f;

	o.sp_url = sp;
	o.ecall_base = ECALL_RA;
	o.trace = show_step;
	rc = ra_host_attest(h, e, &o, &r);
	if (rc != RA_OK) {
		printf(
		    "attestation failed: %s: %s\n", ra_strerror(rc), r.verdict);
		return 1;
	}
	printf("  SP session %s: %s (%s)\n", r.session,
	    ra_att_status_name(r.status), r.verdict);
	if (r.status != RA_ATT_TRUSTED &&
	    r.status != RA_ATT_TRUSTED_COMPLICATED) {
		return 1;
	}
	printf("  secret provisioned into the enclave: %u bytes, SHA-256 ",
	    r.secret_len);
	hex(r.secret_hash.b, sizeof(r.secret_hash.b));
	printf(" (as the enclave computed it)\n");
	if (r.secret_len == 0) {
		return 0;
	}
	rc =
	    ra_host_ecall(e, ECALL_SEAL, NULL, 0, blob, sizeof(blob), &n, NULL);
	if (rc != RA_OK) {
		printf("seal: %s\n", ra_strerror(rc));
		return 1;
	}
	if ((f = fopen(blob_file, "wb")) == NULL ||
	    fwrite(blob, 1, n, f) != n || fclose(f) != 0) {
		err(1, "%s", blob_file);
	}
	printf("  the enclave sealed it: %s (%zu bytes)\n", blob_file, n);
	return 0;
}

static int
prove(struct ra_host_enclave *e, const char *blob_file, const char *challenge)
{
	static uint8_t in[(1 << 17) + 4 + 256];
	uint8_t out[16];
	size_t n = 0, ch = strlen(challenge), m = 0;
	enum ra_err rc;
	FILE *f;

	if (ch == 0 || ch > 256) {
		errx(2, "the challenge is 1 to 256 characters");
	}
	if ((f = fopen(blob_file, "rb")) == NULL) {
		err(1, "%s", blob_file);
	}
	n = fread(in + 4, 1, sizeof(in) - 4 - 256, f);
	fclose(f);
	in[0] = (uint8_t)n;
	in[1] = (uint8_t)(n >> 8);
	in[2] = (uint8_t)(n >> 16);
	in[3] = (uint8_t)(n >> 24);
	for (m = 0; m < ch; m++) {
		in[4 + n + m] = (uint8_t)challenge[m];
	}
	m = 0;
	rc = ra_host_ecall(
	    e, ECALL_PROVE, in, 4 + n + ch, out, sizeof(out), &m, NULL);
	if (rc != RA_OK || m != sizeof(out)) {
		printf("prove: %s\n", ra_strerror(rc));
		return 1;
	}
	hex(out, sizeof(out));
	printf("\n");
	return 0;
}

static int
identity(struct ra_host_enclave *e)
{
	uint8_t buf[RA_REPORT_BODY_LEN];
	size_t n = 0;
	enum ra_err err = ra_host_ecall(
	    e, ECALL_IDENTITY, NULL, 0, buf, sizeof(buf), &n, NULL);

	if (err != RA_OK || n != RA_REPORT_BODY_LEN) {
		errx(1, "identity: %s", ra_strerror(err));
	}
	printf("mr_enclave ");
	hex(buf + 64, 32);
	printf("\nmr_signer  ");
	hex(buf + 128, 32);
	printf("\n");
	return 0;
}

int
main(int argc, char **argv)
{
	struct ra_host *h = NULL;
	struct ra_host_enclave *e = NULL;
	struct ra_ipc_error why;
	const char *sp = NULL;
	enum ra_err err;
	int i = 3, rc = 2;

	if (argc < 5 || strcmp(argv[1], "--socket") != 0) {
		errx(2, USAGE);
	}
	if (strcmp(argv[3], "--sp") == 0 && argc > 5) {
		sp = argv[4];
		i = 5;
	}
	if ((err = ra_host_connect(&h, argv[2])) != RA_OK) {
		errx(1, "cannot reach the platform at %s: %s", argv[2],
		    ra_strerror(err));
	}
	if ((err = ra_host_load(h, &e, argv[i], 0, &why)) != RA_OK) {
		errx(1, "load %s: %s%s%s", argv[i], ra_strerror(err),
		    why.msg[0] != '\0' ? ": " : "", why.msg);
	}
	argc -= i + 1;
	argv += i + 1;
	if (argc == 2 && strcmp(argv[0], "attest") == 0 && sp != NULL) {
		rc = attest(h, e, sp, argv[1]);
	} else if (argc == 3 && strcmp(argv[0], "prove") == 0) {
		rc = prove(e, argv[1], argv[2]);
	} else if (argc == 1 && strcmp(argv[0], "identity") == 0) {
		rc = identity(e);
	} else {
		warnx(USAGE);
	}
	ra_host_destroy(e);
	ra_host_close(h);
	return rc;
}
