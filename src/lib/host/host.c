/* SPDX-License-Identifier: BSD-3-Clause */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"
#include "sgxra/host.h"

/* A reply to a control request fits in this. */
#define REPLY_MAX 1024

struct ra_host {
	int fd;
};

struct ra_host_enclave {
	int fd; /* the ECALL channel */
	struct ra_ipc_loaded info;
	struct ra_ipc_error why; /* the last ERROR the enclave sent */
	uint8_t *buf; /* RA_IPC_MAX_LEN, for frames from the enclave */
};

enum ra_err
ra_host_default_socket(char *out, size_t cap)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");
	int n;

	if (out == NULL) {
		return RA_ERR_ARG;
	}
	if (xdg != NULL && xdg[0] == '/') {
		n = snprintf(out, cap, "%s/sgxra/platform.sock", xdg);
	} else {
		n = snprintf(out, cap, "/run/sgxra/platform.sock");
	}
	return n < 0 || (size_t)n >= cap ? RA_ERR_SPACE : RA_OK;
}

enum ra_err
ra_host_connect(struct ra_host **h, const char *socket_path)
{
	struct sockaddr_un sa;
	size_t n;
	int fd;

	if (h == NULL || socket_path == NULL) {
		return RA_ERR_ARG;
	}
	*h = NULL;
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if ((n = strlen(socket_path)) >= sizeof(sa.sun_path)) {
		return RA_ERR_ARG;
	}
	memcpy(sa.sun_path, socket_path, n);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		return RA_ERR_IO;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return RA_ERR_IO;
	}
	if ((*h = calloc(1, sizeof(**h))) == NULL) {
		close(fd);
		return RA_ERR_NOMEM;
	}
	(*h)->fd = fd;
	return RA_OK;
}

void
ra_host_close(struct ra_host *h)
{
	if (h == NULL) {
		return;
	}
	close(h->fd);
	free(h);
}

/* A reply: OK with exactly want bytes, or ERROR (into why). */
static enum ra_err
reply(int fd, uint8_t *buf, size_t want, int *recv_fd, struct ra_ipc_error *why)
{
	struct ra_ipc_header h;
	struct ra_ipc_error e;
	uint8_t tmp[REPLY_MAX];
	enum ra_err err;

	if ((err = ra_chan_recv(fd, &h, tmp, sizeof(tmp), recv_fd)) != RA_OK) {
		return err;
	}
	if (h.type == RA_IPC_OK && h.len == want) {
		if (want != 0) {
			memcpy(buf, tmp, want);
		}
		return RA_OK;
	}
	if (recv_fd != NULL && *recv_fd >= 0) {
		close(*recv_fd);
		*recv_fd = -1;
	}
	if (h.type != RA_IPC_ERROR ||
	    ra_ipc_error_parse(&e, tmp, h.len) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (why != NULL) {
		*why = e;
	}
	return e.err == RA_OK ? RA_ERR_FORMAT : (enum ra_err)e.err;
}

enum ra_err
ra_host_load(struct ra_host *h, struct ra_host_enclave **e, const char *path,
    uint32_t flags, struct ra_ipc_error *why)
{
	uint8_t w[4], out[RA_IPC_LOADED_LEN];
	struct ra_bytes part = { w, sizeof(w) };
	int file_fd, ecall_fd = -1;
	enum ra_err err;

	if (h == NULL || e == NULL || path == NULL) {
		return RA_ERR_ARG;
	}
	*e = NULL;
	if (why != NULL) {
		memset(why, 0, sizeof(*why));
	}
	if ((file_fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		return RA_ERR_IO;
	}
	ra_enc32le(w, flags);
	err = ra_chan_send(h->fd, RA_IPC_LOAD, &part, 1, file_fd);
	close(file_fd);
	if (err == RA_OK) {
		err = reply(h->fd, out, sizeof(out), &ecall_fd, why);
	}
	if (err == RA_OK && ecall_fd < 0) {
		err = RA_ERR_FORMAT;
	}
	if (err == RA_OK && (*e = calloc(1, sizeof(**e))) == NULL) {
		err = RA_ERR_NOMEM;
	}
	if (err == RA_OK && ((*e)->buf = malloc(RA_IPC_MAX_LEN)) == NULL) {
		err = RA_ERR_NOMEM;
	}
	if (err == RA_OK) {
		err = ra_ipc_loaded_parse(&(*e)->info, out, sizeof(out));
	}
	if (err != RA_OK) {
		if (ecall_fd >= 0) {
			close(ecall_fd);
		}
		if (*e != NULL) {
			free((*e)->buf);
			free(*e);
			*e = NULL;
		}
		return err;
	}
	(*e)->fd = ecall_fd;
	return RA_OK;
}

const struct ra_ipc_loaded *
ra_host_enclave_info(const struct ra_host_enclave *e)
{
	return &e->info;
}

/* Run the application's handler for one OCALL and send its RETURN. */
static enum ra_err
answer_ocall(struct ra_host_enclave *e, const struct ra_ipc_call *call,
    const struct ra_host_ocalls *ocalls)
{
	uint8_t w[4];
	uint8_t *out = NULL;
	size_t n = 0;
	struct ra_bytes parts[2];
	enum ra_err status = RA_ERR_STATE, err;

	if (ocalls != NULL && ocalls->handler != NULL &&
	    (out = malloc(RA_IPC_MAX_LEN - 4)) != NULL) {
		status = ocalls->handler(ocalls->ctx, call->word, call->data.p,
		    call->data.len, out, RA_IPC_MAX_LEN - 4, &n);
	}
	if (status != RA_OK || n > RA_IPC_MAX_LEN - 4) {
		n = 0;
	}
	ra_enc32le(w, (uint32_t)status);
	parts[0] = (struct ra_bytes){ w, sizeof(w) };
	parts[1] = (struct ra_bytes){ out, n };
	err = ra_chan_send(e->fd, RA_IPC_RETURN, parts, 2, -1);
	free(out);
	return err;
}

/*
 * The enclave process ended the ECALL with an ERROR frame: the platform
 * refused its memory (an MEE integrity failure, a tampered swap page).
 * Keep the message for ra_host_enclave_error.
 */
static enum ra_err
enclave_error(struct ra_host_enclave *e, size_t len)
{
	if (ra_ipc_error_parse(&e->why, e->buf, len) != RA_OK ||
	    e->why.err == RA_OK) {
		memset(&e->why, 0, sizeof(e->why));
		return RA_ERR_FORMAT;
	}
	return (enum ra_err)e->why.err;
}

/* The next frame from the enclave: a RETURN or OCALL in *call. */
static enum ra_err
recv_call(struct ra_host_enclave *e, struct ra_ipc_header *h,
    struct ra_ipc_call *call)
{
	enum ra_err err = ra_chan_recv(e->fd, h, e->buf, RA_IPC_MAX_LEN, NULL);

	if (err == RA_OK && h->type == RA_IPC_ERROR) {
		return enclave_error(e, h->len);
	}
	if (err == RA_OK) {
		err = ra_ipc_call_parse(call, e->buf, h->len);
	}
	return err;
}

const char *
ra_host_enclave_error(const struct ra_host_enclave *e)
{
	return e->why.msg;
}

enum ra_err
ra_host_ecall(struct ra_host_enclave *e, uint32_t index, const void *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len,
    const struct ra_host_ocalls *ocalls)
{
	uint8_t w[4];
	struct ra_bytes parts[2];
	struct ra_ipc_header h;
	struct ra_ipc_call call;
	enum ra_err err;
	unsigned int rounds;

	if (e == NULL || out_len == NULL || (in == NULL && in_len != 0) ||
	    (out == NULL && cap != 0)) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	memset(&e->why, 0, sizeof(e->why));
	ra_enc32le(w, index);
	parts[0] = (struct ra_bytes){ w, sizeof(w) };
	parts[1] = (struct ra_bytes){ in, in_len };
	if ((err = ra_chan_send(e->fd, RA_IPC_ECALL, parts, 2, -1)) != RA_OK) {
		return err;
	}
	/* OCALLs until the RETURN; bounded so a looping enclave ends. */
	for (rounds = 0; rounds < 1000000; rounds++) {
		if ((err = recv_call(e, &h, &call)) != RA_OK) {
			return err;
		}
		if (h.type == RA_IPC_RETURN) {
			if (call.word != RA_OK) {
				return (enum ra_err)call.word;
			}
			if (call.data.len > cap) {
				return RA_ERR_SPACE;
			}
			if (call.data.len != 0) {
				memcpy(out, call.data.p, call.data.len);
			}
			*out_len = call.data.len;
			return RA_OK;
		}
		if (h.type != RA_IPC_OCALL) {
			return RA_ERR_FORMAT;
		}
		if ((err = answer_ocall(e, &call, ocalls)) != RA_OK) {
			return err;
		}
	}
	return RA_ERR_STATE;
}

static enum ra_err request(struct ra_host *h, uint32_t type,
    const struct ra_bytes *parts, size_t n, uint8_t *out, size_t want,
    struct ra_ipc_error *why);

/*
 * An empty request of type whose OK reply has a variable length: the
 * payload in a fresh RA_IPC_MAX_LEN buffer *out (the caller frees).
 */
static enum ra_err
request_var(struct ra_host *h, uint32_t type, uint8_t **out, size_t *len)
{
	struct ra_ipc_header hd;
	struct ra_ipc_error e;
	uint8_t *buf;
	enum ra_err err;

	*out = NULL;
	if ((buf = malloc(RA_IPC_MAX_LEN)) == NULL) {
		return RA_ERR_NOMEM;
	}
	err = ra_chan_send(h->fd, type, NULL, 0, -1);
	if (err == RA_OK) {
		err = ra_chan_recv(h->fd, &hd, buf, RA_IPC_MAX_LEN, NULL);
	}
	if (err == RA_OK && hd.type == RA_IPC_OK) {
		*out = buf;
		*len = hd.len;
		return RA_OK;
	}
	if (err == RA_OK) {
		err = hd.type == RA_IPC_ERROR &&
		        ra_ipc_error_parse(&e, buf, hd.len) == RA_OK &&
		        e.err != RA_OK
		    ? (enum ra_err)e.err
		    : RA_ERR_FORMAT;
	}
	free(buf);
	return err;
}

enum ra_err
ra_host_mee_stats(struct ra_host *h, struct ra_ipc_mee_stats *s)
{
	uint8_t *buf;
	size_t len = 0;
	enum ra_err err;

	if (h == NULL || s == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = request_var(h, RA_IPC_MEE_STATS, &buf, &len)) != RA_OK) {
		return err;
	}
	err = ra_ipc_mee_stats_parse(s, buf, len);
	free(buf);
	return err;
}

enum ra_err
ra_host_epc_pages(
    struct ra_host *h, struct ra_ipc_epc_page *out, size_t cap, size_t *n)
{
	uint8_t *buf;
	size_t len = 0;
	enum ra_err err;

	if (h == NULL || out == NULL || n == NULL) {
		return RA_ERR_ARG;
	}
	if ((err = request_var(h, RA_IPC_EPC_PAGES, &buf, &len)) != RA_OK) {
		return err;
	}
	err = ra_ipc_epc_pages_parse(out, cap, n, buf, len);
	free(buf);
	return err;
}

enum ra_err
ra_host_mee_flush(struct ra_host *h)
{
	if (h == NULL) {
		return RA_ERR_ARG;
	}
	return request(h, RA_IPC_MEE_FLUSH, NULL, 0, NULL, 0, NULL);
}

enum ra_err
ra_host_platform(struct ra_host *h, struct ra_ipc_platform *info)
{
	uint8_t out[RA_IPC_PLATFORM_LEN];
	enum ra_err err;

	if (h == NULL || info == NULL) {
		return RA_ERR_ARG;
	}
	err = ra_chan_send(h->fd, RA_IPC_PLATFORM, NULL, 0, -1);
	if (err == RA_OK) {
		err = reply(h->fd, out, sizeof(out), NULL, NULL);
	}
	if (err == RA_OK) {
		err = ra_ipc_platform_parse(info, out, sizeof(out));
	}
	return err;
}

enum ra_err
ra_host_qe_target(struct ra_host *h, struct ra_ipc_qe_target *qe)
{
	uint8_t out[RA_IPC_QE_TARGET_LEN];
	enum ra_err err;

	if (h == NULL || qe == NULL) {
		return RA_ERR_ARG;
	}
	err = ra_chan_send(h->fd, RA_IPC_QE_TARGET, NULL, 0, -1);
	if (err == RA_OK) {
		err = reply(h->fd, out, sizeof(out), NULL, NULL);
	}
	if (err == RA_OK) {
		err = ra_ipc_qe_target_parse(qe, out, sizeof(out));
	}
	return err;
}

/* Send one request (parts) and take its reply of exactly want bytes. */
static enum ra_err
request(struct ra_host *h, uint32_t type, const struct ra_bytes *parts,
    size_t n, uint8_t *out, size_t want, struct ra_ipc_error *why)
{
	enum ra_err err;

	if (why != NULL) {
		memset(why, 0, sizeof(*why));
	}
	err = ra_chan_send(h->fd, type, parts, n, -1);
	if (err == RA_OK) {
		err = reply(h->fd, out, want, NULL, why);
	}
	return err;
}

/*
 * Send a quote request of type (its payload built in buf[0..len), buf
 * RA_IPC_MAX_LEN bytes, reused for the reply) and take the QE's answer.
 */
static enum ra_err
quote_exchange(struct ra_host *h, uint32_t type, uint8_t *buf, size_t len,
    struct ra_buf *quote, struct ra_report *qe_report, struct ra_ipc_error *why)
{
	struct ra_bytes part = { buf, len };
	struct ra_ipc_quote r;
	struct ra_ipc_header hd;
	struct ra_ipc_error e;
	enum ra_err err;

	err = ra_chan_send(h->fd, type, &part, 1, -1);
	if (err == RA_OK) {
		err = ra_chan_recv(h->fd, &hd, buf, RA_IPC_MAX_LEN, NULL);
	}
	if (err == RA_OK && hd.type == RA_IPC_ERROR) {
		err = ra_ipc_error_parse(&e, buf, hd.len);
		if (err == RA_OK && why != NULL) {
			*why = e;
		}
		err = err != RA_OK || e.err == RA_OK ? RA_ERR_FORMAT
		                                     : (enum ra_err)e.err;
	} else if (err == RA_OK && hd.type != RA_IPC_OK) {
		err = RA_ERR_FORMAT;
	}
	if (err == RA_OK) {
		err = ra_ipc_quote_parse(&r, buf, hd.len);
	}
	if (err == RA_OK && r.quote.len > quote->cap - quote->len) {
		err = RA_ERR_SPACE;
	}
	if (err == RA_OK) {
		ra_buf_put(quote, r.quote.p, r.quote.len);
		*qe_report = r.qe_report;
	}
	return err;
}

enum ra_err
ra_host_get_quote(struct ra_host *h, struct ra_buf *quote,
    struct ra_report *qe_report, const struct ra_report *app_report,
    enum ra_quote_sign_type type, const uint8_t spid[RA_IPC_SPID_LEN],
    const uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN], const uint8_t *sigrl,
    size_t sigrl_len, struct ra_ipc_error *why)
{
	struct ra_ipc_get_quote q;
	struct ra_buf b;
	uint8_t *buf;
	enum ra_err err;

	if (h == NULL || quote == NULL || qe_report == NULL ||
	    app_report == NULL || spid == NULL || nonce == NULL ||
	    (sigrl == NULL && sigrl_len != 0) || sigrl_len > RA_IPC_SIGRL_MAX ||
	    (type != RA_QUOTE_UNLINKABLE && type != RA_QUOTE_LINKABLE)) {
		return RA_ERR_ARG;
	}
	if (why != NULL) {
		memset(why, 0, sizeof(*why));
	}
	memset(&q, 0, sizeof(q));
	q.report = *app_report;
	q.quote_type = (uint16_t)type;
	memcpy(q.spid, spid, sizeof(q.spid));
	memcpy(q.nonce, nonce, sizeof(q.nonce));
	q.sigrl = (struct ra_bytes){ sigrl, sigrl_len };
	/* the request and then the reply, both at most RA_IPC_MAX_LEN */
	if ((buf = malloc(RA_IPC_MAX_LEN)) == NULL) {
		return RA_ERR_NOMEM;
	}
	b = ra_buf_init(buf, RA_IPC_MAX_LEN);
	err = ra_ipc_get_quote_build(&b, &q);
	if (err == RA_OK) {
		err = quote_exchange(
		    h, RA_IPC_GET_QUOTE, buf, b.len, quote, qe_report, why);
	}
	free(buf);
	return err;
}

enum ra_err
ra_host_get_quote_dcap(struct ra_host *h, struct ra_buf *quote,
    struct ra_report *qe_report, const struct ra_report *app_report,
    const uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN], struct ra_ipc_error *why)
{
	struct ra_ipc_get_quote_dcap q;
	struct ra_buf b;
	uint8_t *buf;
	enum ra_err err;

	if (h == NULL || quote == NULL || qe_report == NULL ||
	    app_report == NULL || nonce == NULL) {
		return RA_ERR_ARG;
	}
	if (why != NULL) {
		memset(why, 0, sizeof(*why));
	}
	q.report = *app_report;
	memcpy(q.nonce, nonce, sizeof(q.nonce));
	if ((buf = malloc(RA_IPC_MAX_LEN)) == NULL) {
		return RA_ERR_NOMEM;
	}
	b = ra_buf_init(buf, RA_IPC_MAX_LEN);
	ra_ipc_get_quote_dcap_build(&b, &q);
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		err = quote_exchange(h, RA_IPC_GET_QUOTE_DCAP, buf, b.len,
		    quote, qe_report, why);
	}
	free(buf);
	return err;
}

enum ra_err
ra_host_dcap_id(
    struct ra_host *h, struct ra_ipc_dcap_id *id, struct ra_ipc_error *why)
{
	uint8_t out[RA_IPC_DCAP_ID_LEN];
	enum ra_err err;

	if (h == NULL || id == NULL) {
		return RA_ERR_ARG;
	}
	err = request(h, RA_IPC_DCAP_ID, NULL, 0, out, sizeof(out), why);
	return err != RA_OK ? err : ra_ipc_dcap_id_parse(id, out, sizeof(out));
}

enum ra_err
ra_host_dcap_cert(
    struct ra_host *h, const uint8_t *pem, size_t len, struct ra_ipc_error *why)
{
	struct ra_bytes part = { pem, len };
	uint8_t none[1];

	if (h == NULL || pem == NULL || len == 0 ||
	    len > RA_IPC_PCK_CHAIN_MAX) {
		return RA_ERR_ARG;
	}
	return request(h, RA_IPC_DCAP_CERT, &part, 1, none, 0, why);
}

enum ra_err
ra_host_prov_id(
    struct ra_host *h, struct ra_ipc_prov_id *id, struct ra_ipc_error *why)
{
	uint8_t out[RA_IPC_PROV_ID_LEN];
	enum ra_err err;

	if (h == NULL || id == NULL) {
		return RA_ERR_ARG;
	}
	err = request(h, RA_IPC_PROV_ID, NULL, 0, out, sizeof(out), why);
	if (err == RA_OK) {
		err = ra_ipc_prov_id_parse(id, out, sizeof(out));
	}
	ra_wipe(out, sizeof(out));
	return err;
}

enum ra_err
ra_host_prov_join(struct ra_host *h, struct ra_ipc_prov_joined *out,
    const struct ra_ipc_prov_join *in, struct ra_ipc_error *why)
{
	uint8_t req[RA_IPC_PROV_JOIN_LEN], rep[RA_IPC_PROV_JOINED_LEN];
	struct ra_buf b = ra_buf_init(req, sizeof(req));
	struct ra_bytes part = { req, sizeof(req) };
	enum ra_err err;

	if (h == NULL || out == NULL || in == NULL) {
		return RA_ERR_ARG;
	}
	ra_ipc_prov_join_build(&b, in);
	if (ra_buf_finish(&b) != RA_OK || b.len != sizeof(req)) {
		return RA_ERR_ARG;
	}
	err = request(h, RA_IPC_PROV_JOIN, &part, 1, rep, sizeof(rep), why);
	if (err == RA_OK) {
		err = ra_ipc_prov_joined_parse(out, rep, sizeof(rep));
	}
	return err;
}

enum ra_err
ra_host_prov_finish(struct ra_host *h, uint32_t *gid,
    const struct ra_ipc_prov_finish *in, struct ra_ipc_error *why)
{
	uint8_t req[RA_IPC_CREDENTIAL_LEN], rep[4];
	struct ra_buf b = ra_buf_init(req, sizeof(req));
	struct ra_bytes part = { req, sizeof(req) };
	enum ra_err err;

	if (h == NULL || gid == NULL || in == NULL) {
		return RA_ERR_ARG;
	}
	ra_ipc_prov_finish_build(&b, in);
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		err = request(
		    h, RA_IPC_PROV_FINISH, &part, 1, rep, sizeof(rep), why);
	}
	ra_wipe(req, sizeof(req));
	if (err == RA_OK) {
		*gid = ra_dec32le(rep);
	}
	return err;
}

void
ra_host_destroy(struct ra_host_enclave *e)
{
	if (e == NULL) {
		return;
	}
	close(e->fd);
	free(e->buf);
	free(e);
}
