/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The probe enclave's application, for tests/integration/platform.sh:
 *
 *   probe-host --socket SOCK [--debug] ENCLAVE COMMAND [ARG]
 *
 * COMMAND: identity, hold SECONDS, forge, open, execmem, crash,
 * getkey seal|provision|svn, echo TEXT. Prints one line "result: ..." and
 * exits 0 when the call completed (whatever its status), 1 when the
 * enclave could not be reached or loaded.
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgxra/buf.h"
#include "sgxra/host.h"
#include "sgxra/sgx.h"

enum {
	E_IDENTITY,
	E_FORGE,
	E_OPEN,
	E_EXECMEM,
	E_CRASH,
	E_GETKEY,
	E_ECHO,
	E_REPORT
};

static uint8_t buf[65536];

static void
hex(const char *label, const uint8_t *p, size_t n)
{
	printf("%s ", label);
	for (size_t i = 0; i < n; i++) {
		printf("%02x", p[i]);
	}
	printf("\n");
}

/* OCALL 0: upper-case the input. */
static enum ra_err
ocall(void *ctx, uint32_t index, const uint8_t *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len)
{
	(void)ctx;
	if (index != 0 || in_len > cap) {
		return RA_ERR_ARG;
	}
	for (size_t i = 0; i < in_len; i++) {
		out[i] = (uint8_t)toupper(in[i]);
	}
	*out_len = in_len;
	return RA_OK;
}

static int
call(struct ra_host_enclave *e, uint32_t idx, const void *in, size_t n)
{
	struct ra_host_ocalls oc = { ocall, NULL };
	size_t out = 0;
	enum ra_err err =
	    ra_host_ecall(e, idx, in, n, buf, sizeof(buf), &out, &oc);

	printf("result: %s", ra_errname(err));
	if (err == RA_OK && out > 0 && out < 64) {
		printf(" %.*s", (int)out, (const char *)buf);
	}
	printf("\n");
	return 0;
}

static int
getkey(struct ra_host_enclave *e, const char *what)
{
	struct ra_keyrequest kr;
	uint8_t req[RA_KEYREQUEST_LEN];
	struct ra_buf b = ra_buf_init(req, sizeof(req));
	size_t out = 0;
	enum ra_err err;

	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_SEAL;
	kr.key_policy = RA_KEYPOLICY_MRENCLAVE;
	if (strcmp(what, "provision") == 0) {
		kr.key_name = RA_KEYNAME_PROVISION;
	} else if (strcmp(what, "svn") == 0) {
		kr.isv_svn = 4; /* the probe is signed with ISVSVN 3 */
	}
	ra_keyrequest_build(&b, &kr);
	err = ra_host_ecall(
	    e, E_GETKEY, req, sizeof(req), buf, sizeof(buf), &out, NULL);
	if (err != RA_OK || out != 20) {
		printf("result: %s\n", ra_errname(err));
		return 0;
	}
	printf("result: sgx %u\n", (unsigned int)(buf[0] | buf[1] << 8));
	hex("key", buf + 4, 16);
	return 0;
}

static int
run(struct ra_host_enclave *e, const char *cmd, const char *arg)
{
	const struct ra_ipc_loaded *info = ra_host_enclave_info(e);
	size_t n = 0;

	if (strcmp(cmd, "identity") == 0) {
		if (ra_host_ecall(e, E_IDENTITY, NULL, 0, buf, sizeof(buf), &n,
		        NULL) != RA_OK ||
		    n != RA_REPORT_BODY_LEN) {
			errx(1, "identity ECALL failed");
		}
		hex("mr_enclave", buf + 64, 32);
		hex("mr_signer", buf + 128, 32);
		printf("attributes %02x\n", buf[48]);
		printf("pid %u\n", info->pid);
		return 0;
	}
	if (strcmp(cmd, "hold") == 0 && arg != NULL) {
		unsigned int s = (unsigned int)strtoul(arg, NULL, 10);

		printf("pid %u\n", info->pid);
		fflush(stdout);
		sleep(s > 60 ? 60 : s);
		return 0;
	}
	if (strcmp(cmd, "getkey") == 0 && arg != NULL) {
		return getkey(e, arg);
	}
	if (strcmp(cmd, "echo") == 0 && arg != NULL) {
		return call(e, E_ECHO, arg, strlen(arg));
	}
	if (strcmp(cmd, "forge") == 0) {
		return call(e, E_FORGE, NULL, 0);
	}
	if (strcmp(cmd, "open") == 0) {
		return call(e, E_OPEN, NULL, 0);
	}
	if (strcmp(cmd, "execmem") == 0) {
		return call(e, E_EXECMEM, NULL, 0);
	}
	if (strcmp(cmd, "crash") == 0) {
		return call(e, E_CRASH, NULL, 0);
	}
	errx(2, "unknown command %s", cmd);
}

int
main(int argc, char **argv)
{
	struct ra_host *h = NULL;
	struct ra_host_enclave *e = NULL;
	struct ra_ipc_error why;
	uint32_t flags = 0;
	int i = 1, rc;
	enum ra_err err;

	if (argc > 2 && strcmp(argv[i], "--socket") == 0) {
		i = 3;
	}
	if (i < argc && strcmp(argv[i], "--debug") == 0) {
		flags |= RA_IPC_LOAD_DEBUG;
		i++;
	}
	if (argc - i < 2 || i < 3) {
		errx(2,
		    "usage: probe-host --socket SOCK [--debug] ENCLAVE "
		    "COMMAND [ARG]");
	}
	if ((err = ra_host_connect(&h, argv[2])) != RA_OK) {
		errx(1, "connect: %s", ra_strerror(err));
	}
	if ((err = ra_host_load(h, &e, argv[i], flags, &why)) != RA_OK) {
		printf("load refused: %s: %s\n", ra_errname(err), why.msg);
		ra_host_close(h);
		return 1;
	}
	rc = run(e, argv[i + 1], i + 2 < argc ? argv[i + 2] : NULL);
	ra_host_destroy(e);
	ra_host_close(h);
	return rc;
}
