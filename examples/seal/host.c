/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The sealing example application:
 *
 *   seal-host --socket SOCK ENCLAVE seal BLOB_FILE SECRET
 *   seal-host --socket SOCK ENCLAVE unseal BLOB_FILE
 *   seal-host --socket SOCK ENCLAVE identity
 *
 * It loads the signed enclave through sgxra-platformd and calls its
 * ECALLs; the sealed blob is kept in an ordinary file, so the secret
 * survives restarts of the application and of the platform.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra/host.h"
#include "sgxra/sgx.h"

enum {
	ECALL_SEAL = 0,
	ECALL_UNSEAL = 1,
	ECALL_IDENTITY = 2
};

static void
hex(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		printf("%02x", p[i]);
	}
	printf("\n");
}

static int
run(struct ra_host_enclave *e, int argc, char **argv)
{
	static uint8_t buf[65536];
	size_t n = 0;
	FILE *f;
	enum ra_err status;

	if (argc == 3 && strcmp(argv[0], "seal") == 0) {
		status = ra_host_ecall(e, ECALL_SEAL, argv[2], strlen(argv[2]),
		    buf, sizeof(buf), &n, NULL);
		if (status != RA_OK) {
			errx(1, "seal: %s", ra_strerror(status));
		}
		if ((f = fopen(argv[1], "wb")) == NULL ||
		    fwrite(buf, 1, n, f) != n || fclose(f) != 0) {
			err(1, "%s", argv[1]);
		}
		printf("sealed %zu bytes into %s (%zu bytes)\n",
		    strlen(argv[2]), argv[1], n);
		return 0;
	}
	if (argc == 2 && strcmp(argv[0], "unseal") == 0) {
		if ((f = fopen(argv[1], "rb")) == NULL) {
			err(1, "%s", argv[1]);
		}
		n = fread(buf, 1, sizeof(buf), f);
		fclose(f);
		status = ra_host_ecall(
		    e, ECALL_UNSEAL, buf, n, buf, sizeof(buf), &n, NULL);
		if (status != RA_OK) {
			errx(1, "unseal: %s", ra_strerror(status));
		}
		printf("%.*s\n", (int)n, (const char *)buf);
		return 0;
	}
	if (argc == 1 && strcmp(argv[0], "identity") == 0) {
		status = ra_host_ecall(
		    e, ECALL_IDENTITY, NULL, 0, buf, sizeof(buf), &n, NULL);
		if (status != RA_OK || n != RA_REPORT_BODY_LEN) {
			errx(1, "identity: %s", ra_strerror(status));
		}
		printf("mr_enclave ");
		hex(buf + 64, 32);
		printf("mr_signer  ");
		hex(buf + 128, 32);
		return 0;
	}
	errx(2,
	    "usage: seal-host --socket SOCK ENCLAVE "
	    "seal FILE SECRET | unseal FILE | identity");
}

int
main(int argc, char **argv)
{
	struct ra_host *h = NULL;
	struct ra_host_enclave *e = NULL;
	struct ra_ipc_error why;
	enum ra_err err;
	int rc;

	if (argc < 5 || strcmp(argv[1], "--socket") != 0) {
		errx(2,
		    "usage: seal-host --socket SOCK ENCLAVE "
		    "seal FILE SECRET | unseal FILE | identity");
	}
	if ((err = ra_host_connect(&h, argv[2])) != RA_OK) {
		errx(1, "cannot reach the platform at %s: %s", argv[2],
		    ra_strerror(err));
	}
	if ((err = ra_host_load(h, &e, argv[3], 0, &why)) != RA_OK) {
		errx(1, "load %s: %s%s%s", argv[3], ra_strerror(err),
		    why.msg[0] != '\0' ? ": " : "", why.msg);
	}
	rc = run(e, argc - 4, argv + 4);
	ra_host_destroy(e);
	ra_host_close(h);
	return rc;
}
