/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave side of remote attestation as ECALLs (sgxra/attest.h): the
 * protocol engine of sgxra/ra.h with the platform reached through
 * EREPORT and the report key. Linked only into enclaves that use it.
 */
#include <stdlib.h>
#include <string.h>

#include "sgxra/attest.h"
#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/enclave.h"
#include "sgxra/ra.h"

/* The largest secret an enclave accepts (the SP's limit too). */
#define SECRET_MAX ((size_t)64 * 1024)

static struct ra_ctx *session;
static uint8_t *secret;
static size_t secret_len;

static enum ra_err
op_report(void *ctx, struct ra_report *out, const struct ra_targetinfo *ti,
    const uint8_t rd[RA_REPORT_DATA_LEN])
{
	(void)ctx;
	return ra_enclave_report(out, ti, rd);
}

static enum ra_err
op_verify(void *ctx, const struct ra_report *r)
{
	(void)ctx;
	return ra_enclave_verify_report(r);
}

static const struct ra_enclave_ops ops = { op_report, op_verify, NULL };

void
ra_attest_clear(void)
{
	ra_close(session);
	session = NULL;
	if (secret != NULL) {
		ra_wipe(secret, SECRET_MAX);
		free(secret);
	}
	secret = NULL;
	secret_len = 0;
}

const uint8_t *
ra_attest_secret(size_t *len)
{
	*len = secret_len;
	return secret_len > 0 ? secret : NULL;
}

/* in: gid u32 LE; out: msg1. */
enum ra_err
ra_attest_ecall_msg1(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_buf b = ra_buf_init(out, cap);
	uint32_t gid = ra_cur_u32le(&c);
	enum ra_err err;

	if (ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	ra_attest_clear();
	if ((err = ra_init(&session, &ra_attest_sp_key, &ops, NULL)) != RA_OK ||
	    (err = ra_get_msg1(session, &b, gid)) != RA_OK) {
		ra_attest_clear();
		return err;
	}
	*out_len = b.len;
	return RA_OK;
}

/* in: QE TARGETINFO || msg2; out: REPORT for the QE || nonce. */
enum ra_err
ra_attest_ecall_msg2(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_buf b = ra_buf_init(out, cap);
	struct ra_targetinfo ti;
	struct ra_report report;
	uint8_t nonce[16];
	enum ra_err err;

	if (session == NULL) {
		return RA_ERR_STATE;
	}
	if (ra_targetinfo_parse(&ti, &c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	err = ra_proc_msg2(session, &report, nonce, NULL,
	    in + RA_TARGETINFO_LEN, in_len - RA_TARGETINFO_LEN, &ti);
	if (err != RA_OK) {
		return err;
	}
	ra_report_build(&b, &report);
	RA_BUF_PUT(&b, nonce);
	*out_len = b.len;
	return ra_buf_finish(&b);
}

/* in: QE REPORT || quote; out: msg3. */
enum ra_err
ra_attest_ecall_msg3(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_cur c = ra_cur_init(in, in_len);
	struct ra_buf b = ra_buf_init(out, cap);
	struct ra_report qe;
	enum ra_err err;

	if (session == NULL) {
		return RA_ERR_STATE;
	}
	if (ra_report_parse(&qe, &c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	err = ra_get_msg3(
	    session, &b, &qe, in + RA_REPORT_LEN, in_len - RA_REPORT_LEN);
	if (err != RA_OK) {
		return err;
	}
	*out_len = b.len;
	return RA_OK;
}

/* in: msg4; out: status || secret length || SHA-256(secret). */
enum ra_err
ra_attest_ecall_msg4(
    const uint8_t *in, size_t in_len, uint8_t *out, size_t cap, size_t *out_len)
{
	struct ra_buf b = ra_buf_init(out, cap);
	enum ra_att_status status;
	struct ra_hash256 h;
	size_t n = 0;
	enum ra_err err;

	if (session == NULL) {
		return RA_ERR_STATE;
	}
	if (secret == NULL && (secret = malloc(SECRET_MAX)) == NULL) {
		return RA_ERR_NOMEM;
	}
	err = ra_proc_msg4(
	    session, &status, NULL, secret, SECRET_MAX, &n, in, in_len);
	ra_close(session);
	session = NULL;
	if (err != RA_OK) {
		ra_attest_clear();
		return err;
	}
	secret_len = n;
	ra_sha256(&h, secret, n);
	ra_buf_u32le(&b, (uint32_t)status);
	ra_buf_u32le(&b, (uint32_t)n);
	RA_BUF_PUT(&b, h.b);
	*out_len = b.len;
	return ra_buf_finish(&b);
}
