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
 *
 * quote SPID linkable|unlinkable OUT [SIGRL|-] [flip]: the enclave's
 * REPORT for the platform's quoting enclave (flip: with one MAC bit
 * flipped), then GET_QUOTE with a random nonce and the SigRL file (- or
 * absent: none). Writes the quote to OUT, checks the QE's REPORT in the
 * enclave and its REPORTDATA, and prints "quote: N bytes, QE report
 * verified" (exit 0) or "quote refused: ERR: reason" (exit 1).
 */
#include <ctype.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/host.h"
#include "sgxra/random.h"
#include "sgxra/sgx.h"

enum {
	E_IDENTITY,
	E_FORGE,
	E_OPEN,
	E_EXECMEM,
	E_CRASH,
	E_GETKEY,
	E_ECHO,
	E_REPORT,
	E_VERIFY,
	E_EPCHOG,
	E_SEGV
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

static uint8_t *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *p = malloc(RA_IPC_SIGRL_MAX + 1);

	if (f == NULL || p == NULL) {
		err(1, "%s", path);
	}
	*len = fread(p, 1, RA_IPC_SIGRL_MAX + 1, f);
	fclose(f);
	return p;
}

static int
quote(struct ra_host *h, struct ra_host_enclave *e, int argc, char **argv)
{
	struct ra_ipc_qe_target qe;
	struct ra_ipc_error why;
	struct ra_report app, qe_rep;
	struct ra_cur c;
	struct ra_hash256 d;
	struct ra_sha256_ctx sh;
	uint8_t in[RA_TARGETINFO_LEN + RA_REPORT_DATA_LEN];
	uint8_t rep[RA_REPORT_LEN], spid[16], nonce[16], want[64];
	struct ra_buf b = ra_buf_init(in, sizeof(in));
	struct ra_buf q;
	uint8_t *sigrl = NULL, *qbuf = malloc(RA_IPC_MAX_LEN);
	size_t n = 0, sigrl_len = 0;
	enum ra_err st;
	FILE *f;

	if (argc < 3 || argv[0] == NULL || qbuf == NULL ||
	    ra_hex_decode_exact(spid, 16, argv[0], strlen(argv[0])) != RA_OK) {
		errx(2, "quote SPID linkable|unlinkable OUT [SIGRL|-] [flip]");
	}
	if (argc > 3 && strcmp(argv[3], "-") != 0) {
		sigrl = slurp(argv[3], &sigrl_len);
	}
	if ((st = ra_host_qe_target(h, &qe)) != RA_OK) {
		errx(1, "QE_TARGET: %s", ra_errname(st));
	}
	ra_targetinfo_build(&b, &qe.ti);
	ra_buf_zero(&b, RA_REPORT_DATA_LEN);
	if (ra_buf_finish(&b) != RA_OK ||
	    ra_host_ecall(e, E_REPORT, in, sizeof(in), rep, sizeof(rep), &n,
	        NULL) != RA_OK ||
	    n != sizeof(rep)) {
		errx(1, "the enclave made no REPORT for the QE");
	}
	c = ra_cur_init(rep, sizeof(rep));
	if (ra_report_parse(&app, &c) != RA_OK ||
	    ra_random(nonce, sizeof(nonce)) != RA_OK) {
		errx(1, "bad REPORT");
	}
	if (argc > 4 && strcmp(argv[4], "flip") == 0) {
		app.mac.b[0] ^= 1;
	}
	q = ra_buf_init(qbuf, RA_IPC_MAX_LEN);
	st = ra_host_get_quote(h, &q, &qe_rep, &app,
	    strcmp(argv[1], "linkable") == 0 ? RA_QUOTE_LINKABLE
	                                     : RA_QUOTE_UNLINKABLE,
	    spid, nonce, sigrl, sigrl_len, &why);
	free(sigrl);
	if (st != RA_OK) {
		printf("quote refused: %s: %s\n", ra_errname(st), why.msg);
		free(qbuf);
		return 1;
	}
	/* REPORTDATA = SHA-256(nonce || quote) || 32 zero bytes */
	ra_sha256_init(&sh);
	ra_sha256_update(&sh, nonce, sizeof(nonce));
	ra_sha256_update(&sh, qbuf, q.len);
	ra_sha256_final(&sh, &d);
	memset(want, 0, sizeof(want));
	memcpy(want, d.b, sizeof(d.b));
	b = ra_buf_init(rep, sizeof(rep));
	ra_report_build(&b, &qe_rep);
	if (!ra_ct_eq(want, qe_rep.body.report_data, sizeof(want)) ||
	    ra_buf_finish(&b) != RA_OK ||
	    (st = ra_host_ecall(
	         e, E_VERIFY, rep, sizeof(rep), NULL, 0, &n, NULL)) != RA_OK) {
		printf("quote: the QE's REPORT does not verify (%s)\n",
		    ra_errname(st));
		free(qbuf);
		return 1;
	}
	if ((f = fopen(argv[2], "wb")) == NULL ||
	    fwrite(qbuf, 1, q.len, f) != q.len || fclose(f) != 0) {
		err(1, "%s", argv[2]);
	}
	printf("quote: %zu bytes, QE report verified\n", q.len);
	free(qbuf);
	return 0;
}

static int
run(struct ra_host *h, struct ra_host_enclave *e, int argc, char **argv)
{
	const char *cmd = argv[0], *arg = argc > 1 ? argv[1] : NULL;

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
	if (strcmp(cmd, "epchog") == 0) {
		return call(e, E_EPCHOG, NULL, 0);
	}
	if (strcmp(cmd, "segv") == 0 && arg != NULL) {
		uint8_t which = strcmp(arg, "relro") == 0 ? 1 : 0;

		return call(e, E_SEGV, &which, 1);
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
	if (strcmp(cmd, "quote") == 0) {
		return quote(h, e, argc - 1, argv + 1);
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
	rc = run(h, e, argc - i - 1, argv + i + 1);
	ra_host_destroy(e);
	ra_host_close(h);
	return rc;
}
