/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The trusted runtime: ECALL dispatch, OCALLs, and the ENCLU calls
 * (EREPORT, EGETKEY) an enclave makes to the platform. Linked into every
 * enclave as libsgxra_trts.a, so it is part of the measured image.
 */
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"
#include "sgxra/enclave.h"

static int enclu_fd = -1;
static int ecall_fd = -1;
static uint8_t *in_buf;  /* frames from the application */
static uint8_t *out_buf; /* an ECALL's output */

/*
 * Defined in trts_crypto.c, which an enclave links only if it seals or
 * verifies reports: an enclave that uses no cryptography carries none.
 */
extern int ra_trts_crypto_init(void) __attribute__((weak));

int
ra_trts_boot(int enclu, int ecall)
{
	uint8_t r[16];

	enclu_fd = enclu;
	ecall_fd = ecall;
	in_buf = malloc(RA_IPC_MAX_LEN);
	out_buf = malloc(RA_ENCLAVE_MAX_IO);
	if (in_buf == NULL || out_buf == NULL) {
		return 1;
	}
	if (ra_random(r, sizeof(r)) != RA_OK) {
		return 1;
	}
	/* The crypto library reads its configuration now, not in the sandbox.
	 */
	if (ra_trts_crypto_init != NULL && ra_trts_crypto_init() != 0) {
		return 1;
	}
	return 0;
}

/* One request on the ENCLU channel; the reply's payload into out. */
static enum ra_err
enclu_call(uint32_t type, const struct ra_bytes *parts, size_t n, uint8_t *out,
    size_t want, enum ra_sgx_error *why)
{
	uint8_t reply[RA_IPC_MSG_MAX + 16 + RA_REPORT_LEN];
	struct ra_ipc_header h;
	struct ra_ipc_error e;
	enum ra_err err;

	if (enclu_fd < 0) {
		return RA_ERR_STATE;
	}
	if (why != NULL) {
		*why = RA_SGX_SUCCESS;
	}
	err = ra_chan_send(enclu_fd, type, parts, n, -1);
	if (err == RA_OK) {
		err = ra_chan_recv(enclu_fd, &h, reply, sizeof(reply), NULL);
	}
	if (err != RA_OK) {
		return err;
	}
	if (h.type == RA_IPC_OK && h.len == want) {
		memcpy(out, reply, want);
		RA_WIPE(reply);
		return RA_OK;
	}
	if (h.type != RA_IPC_ERROR ||
	    ra_ipc_error_parse(&e, reply, h.len) != RA_OK) {
		return RA_ERR_IO;
	}
	if (why != NULL) {
		*why = (enum ra_sgx_error)e.sgx_error;
	}
	return e.err == RA_OK ? RA_ERR_IO : (enum ra_err)e.err;
}

enum ra_err
ra_enclave_report(struct ra_report *report, const struct ra_targetinfo *ti,
    const uint8_t report_data[RA_REPORT_DATA_LEN])
{
	struct ra_targetinfo none;
	uint8_t req[RA_TARGETINFO_LEN], raw[RA_REPORT_LEN];
	uint8_t data[RA_REPORT_DATA_LEN];
	struct ra_buf b = ra_buf_init(req, sizeof(req));
	struct ra_bytes parts[2];
	struct ra_cur c;
	enum ra_err err;

	if (report == NULL || report_data == NULL) {
		return RA_ERR_ARG;
	}
	if (ti == NULL) {
		memset(&none, 0, sizeof(none));
		ti = &none;
	}
	ra_targetinfo_build(&b, ti);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	/* a stack copy: report_data may be unmapped enclave memory */
	memcpy(data, report_data, sizeof(data));
	parts[0] = (struct ra_bytes){ req, sizeof(req) };
	parts[1] = (struct ra_bytes){ data, sizeof(data) };
	err = enclu_call(RA_IPC_EREPORT, parts, 2, raw, sizeof(raw), NULL);
	if (err != RA_OK) {
		return err;
	}
	c = ra_cur_init(raw, sizeof(raw));
	err = ra_report_parse(report, &c);
	return err != RA_OK ? err : ra_cur_finish(&c);
}

enum ra_err
ra_enclave_identity(struct ra_report_body *body)
{
	static const uint8_t zero[RA_REPORT_DATA_LEN];
	struct ra_report r;
	enum ra_err err;

	if (body == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = ra_enclave_report(&r, NULL, zero)) == RA_OK) {
		*body = r.body;
	}
	return err;
}

enum ra_err
ra_enclave_self_target(struct ra_targetinfo *ti)
{
	struct ra_report_body me;
	enum ra_err err;

	if (ti == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = ra_enclave_identity(&me)) != RA_OK) {
		return err;
	}
	memset(ti, 0, sizeof(*ti));
	ti->mr_enclave = me.mr_enclave;
	ti->attributes = me.attributes;
	ti->config_svn = me.config_svn;
	ti->misc_select = me.misc_select;
	memcpy(ti->config_id, me.config_id, sizeof(ti->config_id));
	return RA_OK;
}

enum ra_err
ra_enclave_getkey(struct ra_key128 *key, enum ra_sgx_error *why,
    const struct ra_keyrequest *kr)
{
	uint8_t req[RA_KEYREQUEST_LEN];
	struct ra_buf b = ra_buf_init(req, sizeof(req));
	struct ra_bytes part;

	if (key == NULL || kr == NULL) {
		return RA_ERR_ARG;
	}
	ra_keyrequest_build(&b, kr);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	part = (struct ra_bytes){ req, sizeof(req) };
	return enclu_call(
	    RA_IPC_EGETKEY, &part, 1, key->b, sizeof(key->b), why);
}

/* Send one RETURN (status || bytes) on the ECALL channel. */
static enum ra_err
send_return(uint32_t status, const uint8_t *p, size_t n)
{
	uint8_t w[4];
	struct ra_bytes parts[2];

	ra_enc32le(w, status);
	parts[0] = (struct ra_bytes){ w, sizeof(w) };
	parts[1] = (struct ra_bytes){ p, n };
	return ra_chan_send(ecall_fd, RA_IPC_RETURN, parts, 2, -1);
}

enum ra_err
ra_enclave_ocall(uint32_t index, const void *in, size_t in_len, uint8_t *out,
    size_t cap, size_t *out_len)
{
	uint8_t w[4];
	struct ra_bytes parts[2];
	struct ra_ipc_header h;
	struct ra_ipc_call ret;
	enum ra_err err;

	if (ecall_fd < 0) {
		return RA_ERR_STATE;
	}
	if ((in == NULL && in_len != 0) || in_len > RA_ENCLAVE_MAX_IO ||
	    out_len == NULL || (out == NULL && cap != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	/*
	 * Send from the heap: in may be enclave memory the platform's pager
	 * has not mapped, and the kernel cannot fault it in (sendmsg would
	 * fail with EFAULT). The reply reuses in_buf after the send.
	 */
	if (in_len != 0) {
		memmove(in_buf, in, in_len);
	}
	ra_enc32le(w, index);
	parts[0] = (struct ra_bytes){ w, sizeof(w) };
	parts[1] = (struct ra_bytes){ in_buf, in_len };
	err = ra_chan_send(ecall_fd, RA_IPC_OCALL, parts, 2, -1);
	if (err == RA_OK) {
		err = ra_chan_recv(ecall_fd, &h, in_buf, RA_IPC_MAX_LEN, NULL);
	}
	if (err != RA_OK) {
		return err;
	}
	if (h.type != RA_IPC_RETURN ||
	    ra_ipc_call_parse(&ret, in_buf, h.len) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (ret.word != RA_OK) {
		return RA_ERR_POLICY;
	}
	if (ret.data.len > cap) {
		return RA_ERR_SPACE;
	}
	if (ret.data.len != 0) {
		memcpy(out, ret.data.p, ret.data.len);
	}
	*out_len = ret.data.len;
	return RA_OK;
}

/* Run ECALL index on input in; the status goes back to the caller. */
static enum ra_err
dispatch(uint32_t index, const struct ra_bytes *in)
{
	const struct ra_ecall_table *t = &ra_enclave_ecalls;
	size_t n = 0;
	enum ra_err status;

	if (index >= t->count || t->calls[index].fn == NULL) {
		return send_return(RA_ERR_ARG, NULL, 0);
	}
	/*
	 * The input is copied out of the frame buffer first: an OCALL made
	 * by the ECALL reuses that buffer for its reply.
	 */
	status =
	    t->calls[index].fn(in->p, in->len, out_buf, RA_ENCLAVE_MAX_IO, &n);
	if (status != RA_OK || n > RA_ENCLAVE_MAX_IO) {
		n = 0;
	}
	return send_return((uint32_t)status, out_buf, n);
}

int
ra_trts_run(void)
{
	struct ra_ipc_header h;
	struct ra_ipc_call call;
	uint8_t *copy;
	enum ra_err err;

	if (ecall_fd < 0 || in_buf == NULL) {
		return 1;
	}
	copy = malloc(RA_IPC_MAX_LEN);
	if (copy == NULL) {
		return 1;
	}
	for (;;) {
		err = ra_chan_recv(ecall_fd, &h, in_buf, RA_IPC_MAX_LEN, NULL);
		if (err == RA_ERR_IO) {
			free(copy);
			return 0; /* the application closed the channel */
		}
		if (err != RA_OK || h.type != RA_IPC_ECALL ||
		    ra_ipc_call_parse(&call, in_buf, h.len) != RA_OK ||
		    call.data.len > RA_ENCLAVE_MAX_IO) {
			break;
		}
		memcpy(copy, call.data.p, call.data.len);
		call.data.p = copy;
		if (dispatch(call.word, &call.data) != RA_OK) {
			break;
		}
	}
	free(copy);
	return 1;
}
