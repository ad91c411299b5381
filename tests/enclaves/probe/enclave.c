/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The probe enclave: ECALLs that try what an enclave must not be able to
 * do, for tests/integration/platform.sh.
 *   0 identity   output: REPORT body of a self report
 *   1 forge      write a malformed frame on the ENCLU channel (fd 3)
 *   2 open       open a file: outside the sandbox
 *   3 execmem    map executable memory: output "EPERM" if refused
 *   4 crash      abort()
 *   5 getkey     input: KEYREQUEST (512); output: u32 SDM error || key
 *   6 echo       OCALL 0 with the input, return its output
 *   7 report     input: TARGETINFO (512) || REPORTDATA (64); output: REPORT
 *   8 verify     input: a REPORT targeting this enclave; output: nothing
 *                (the status says whether its MAC verifies)
 *   9 epchog     ask the platform for every page of the ELRANGE on the
 *                EPC channel (fd 6) without giving any back: pins EPC
 *                pages past the resident limit
 *  10 segv       input: 0 = write through NULL, 1 = write to read-only
 *                (RELRO) enclave memory: both must crash (SIGSEGV)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sgxra/buf.h"
#include "sgxra/enclave.h"

static enum ra_err
identity(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_report_body me;
	struct ra_buf b = ra_buf_init(out, cap);
	enum ra_err err;

	(void)in;
	(void)in_len;
	if ((err = ra_enclave_identity(&me)) != RA_OK) {
		return err;
	}
	ra_report_body_build(&b, &me);
	*out_len = b.len;
	return ra_buf_finish(&b);
}

/*
 * The handlers share the ECALL signature, whether or not they write out.
 * NOLINTBEGIN(readability-non-const-parameter)
 */
static enum ra_err
forge(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	/* an EREPORT frame whose length is not TARGETINFO + REPORTDATA */
	static const uint8_t frame[] = { 16, 0, 0, 0, 3, 0, 0, 0, 'm', 'e',
		'!' };
	uint8_t reply[16];

	(void)in;
	(void)in_len;
	(void)out;
	(void)cap;
	*out_len = 0;
	if (write(3, frame, sizeof(frame)) != (ssize_t)sizeof(frame)) {
		return RA_ERR_IO;
	}
	/* the platform kills us; if it answered instead, say so */
	if (read(3, reply, sizeof(reply)) > 0) {
		return RA_OK;
	}
	return RA_ERR_IO;
}

static enum ra_err
open_file(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	int fd = open("/etc/hostname", O_RDONLY);

	(void)in;
	(void)in_len;
	(void)out;
	(void)cap;
	*out_len = 0;
	if (fd >= 0) {
		close(fd);
		return RA_OK; /* the sandbox let it through */
	}
	return RA_ERR_IO;
}

static enum ra_err
execmem(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	static const uint8_t eperm[5] = { 'E', 'P', 'E', 'R', 'M' };
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE | PROT_EXEC,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int e = errno;

	(void)in;
	(void)in_len;
	if (p != MAP_FAILED) {
		munmap(p, 4096);
		return RA_ERR_POLICY;
	}
	if (cap < sizeof(eperm) || e != EPERM) {
		return RA_ERR_STATE;
	}
	memcpy(out, eperm, sizeof(eperm));
	*out_len = sizeof(eperm);
	return RA_OK;
}

static enum ra_err
crash(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	(void)in;
	(void)in_len;
	(void)out;
	(void)cap;
	(void)out_len;
	abort();
}

static enum ra_err
getkey(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_keyrequest kr;
	struct ra_key128 key;
	enum ra_sgx_error why = RA_SGX_SUCCESS;
	enum ra_err err;

	if (ra_keyrequest_parse(&kr, &c) != RA_OK ||
	    ra_cur_finish(&c) != RA_OK || cap < 20) {
		return RA_ERR_FORMAT;
	}
	memset(&key, 0, sizeof(key));
	err = ra_enclave_getkey(&key, &why, &kr);
	if (err != RA_OK && err != RA_ERR_POLICY) {
		return err;
	}
	out[0] = (uint8_t)why;
	out[1] = (uint8_t)((unsigned int)why >> 8);
	out[2] = 0;
	out[3] = 0;
	memcpy(out + 4, key.b, 16);
	*out_len = 20;
	return RA_OK;
}

static enum ra_err
echo(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	return ra_enclave_ocall(0, in, in_len, out, cap, out_len);
}

static enum ra_err
report(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_targetinfo ti;
	uint8_t data[RA_REPORT_DATA_LEN];
	struct ra_report r;
	struct ra_buf b = ra_buf_init(out, cap);
	enum ra_err err;

	if (ra_targetinfo_parse(&ti, &c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	RA_CUR_COPY(&c, data);
	if (ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	if ((err = ra_enclave_report(&r, &ti, data)) != RA_OK) {
		return err;
	}
	ra_report_build(&b, &r);
	*out_len = b.len;
	return ra_buf_finish(&b);
}

static enum ra_err
verify(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_report r;

	(void)out;
	(void)cap;
	*out_len = 0;
	if (ra_report_parse(&r, &c) != RA_OK || ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	return ra_enclave_verify_report(&r);
}

static enum ra_err
epchog(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	uint8_t frame[12] = { 19, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0 };
	uint8_t reply[8 + 4096];
	size_t got;
	ssize_t r;

	(void)in;
	(void)in_len;
	(void)out;
	(void)cap;
	*out_len = 0;
	for (uint32_t p = 0; p < 64; p++) {
		frame[8] = (uint8_t)p;
		if (write(6, frame, sizeof(frame)) != (ssize_t)sizeof(frame)) {
			return RA_ERR_IO;
		}
		for (got = 0; got < sizeof(reply); got += (size_t)r) {
			r = read(6, reply + got, sizeof(reply) - got);
			if (r <= 0) {
				return RA_ERR_IO; /* the platform hung up */
			}
		}
	}
	return RA_OK; /* 64 pages pinned: the platform let it happen */
}

/* In .data.rel.ro: relocated, then read-only (PT_GNU_RELRO). */
static const char *const relro[] = { "probe" };

static enum ra_err
segv(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	volatile const char **p = (volatile const char **)(uintptr_t)relro;

	(void)out;
	(void)cap;
	*out_len = 0;
	if (in_len != 1) {
		return RA_ERR_FORMAT;
	}
	if (in[0] == 0) {
		p = NULL;
	}
	*p = "changed"; /* NOLINT(clang-analyzer-core.NullDereference) */
	return RA_OK;   /* the write went through */
}

/* NOLINTEND(readability-non-const-parameter) */

static const struct ra_ecall ecalls[] = {
	{ "identity", identity },
	{ "forge", forge },
	{ "open", open_file },
	{ "execmem", execmem },
	{ "crash", crash },
	{ "getkey", getkey },
	{ "echo", echo },
	{ "report", report },
	{ "verify", verify },
	{ "epchog", epchog },
	{ "segv", segv },
};

RA_ENCLAVE_ECALLS(ecalls);
