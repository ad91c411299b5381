/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One thread per application connection (at most MAX_CLIENTS): LOAD,
 * PLATFORM, QE_TARGET, GET_QUOTE, GET_QUOTE_DCAP and the provisioning
 * requests (EPID and DCAP). Every
 * request but GET_QUOTE (whose SigRL may be large) and DCAP_CERT (a
 * certificate chain) fits MAX_CLIENT_FRAME. A
 * frame that breaks the format, or that takes more than FRAME_TIMEOUT seconds
 * to arrive, ends the connection; the daemon goes on serving the others.
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"

extern struct platform platform;

static enum ra_err
do_load(int fd, const uint8_t *p, size_t len, int file_fd)
{
	struct ra_cur c = ra_cur_init(p, len);
	struct ra_ipc_loaded l;
	struct ra_ipc_error why;
	uint8_t out[RA_IPC_LOADED_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	uint32_t flags = ra_cur_u32le(&c);
	int ecall_fd = -1;
	enum ra_err err;

	if (ra_cur_finish(&c) != RA_OK || file_fd < 0 ||
	    (flags & ~(uint32_t)RA_IPC_LOAD_DEBUG) != 0) {
		return ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		    "LOAD: want u32 flags and the enclave file descriptor");
	}
	err = load_enclave(&platform, file_fd, flags, &l, &ecall_fd, &why);
	if (err != RA_OK) {
		log_warnx("load refused: %s", why.msg);
		return ra_chan_send_error(fd, err, why.sgx_error, why.msg);
	}
	ra_ipc_loaded_build(&b, &l);
	err = ra_chan_send(fd, RA_IPC_OK, &part, 1, ecall_fd);
	close(ecall_fd);
	return err;
}

static enum ra_err
do_platform(int fd)
{
	struct ra_ipc_platform info;
	uint8_t out[RA_IPC_PLATFORM_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	size_t i;

	memset(&info, 0, sizeof(info));
	memcpy(info.cpu_svn, platform.fuses.cpu_svn, sizeof(info.cpu_svn));
	pthread_rwlock_rdlock(&platform.epid_lock);
	info.flags = platform.epid_gid != 0 ? 1U : 0U;
	pthread_rwlock_unlock(&platform.epid_lock);
	pthread_mutex_lock(&platform.dcap_lock);
	info.flags |= platform.pck_chain != NULL ? 2U : 0U;
	pthread_mutex_unlock(&platform.dcap_lock);
	pthread_mutex_lock(&platform.lock);
	for (i = 0; i < MAX_ENCLAVES; i++) {
		info.enclaves += platform.enclaves[i] != NULL;
	}
	pthread_mutex_unlock(&platform.lock);
	ra_ipc_platform_build(&b, &info);
	return ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

static enum ra_err
do_qe_target(int fd)
{
	struct ra_ipc_qe_target q;
	uint8_t out[RA_IPC_QE_TARGET_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };

	memset(&q, 0, sizeof(q));
	ra_secs_targetinfo(&q.ti, &platform.ae[RA_AE_QE]);
	pthread_rwlock_rdlock(&platform.epid_lock);
	q.gid = platform.epid_gid;
	pthread_rwlock_unlock(&platform.epid_lock);
	q.flags = q.gid != 0 ? 1U : 0U;
	ra_ipc_qe_target_build(&b, &q);
	return ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

/* A refusal: the reason goes to the log and to the application. */
static enum ra_err
refuse(int fd, const char *what, const struct ra_ipc_error *why)
{
	log_warnx("%s refused: %s", what, why->msg);
	return ra_chan_send_error(
	    fd, (enum ra_err)why->err, why->sgx_error, why->msg);
}

static enum ra_err
do_get_quote(int fd, const uint8_t *p, size_t len)
{
	struct ra_ipc_get_quote req;
	struct ra_ipc_error why;
	uint8_t *out = NULL;
	size_t out_len = 0;
	struct ra_bytes part;
	enum ra_err err;

	err = ra_ipc_get_quote_parse(&req, p, len);
	if (err != RA_OK) {
		return ra_chan_send_error(fd, err, 0,
		    err == RA_ERR_VERSION
		        ? "GET_QUOTE: quote type must be 0 (unlinkable) or 1 "
		          "(linkable)"
		        : "GET_QUOTE: want REPORT, u16 type, SPID, nonce, u32 "
		          "SigRL length and the SigRL (at most 512 KiB)");
	}
	if (qe_quote(&platform, &out, &out_len, &req, &why) != RA_OK) {
		return refuse(fd, "GET_QUOTE", &why);
	}
	part = (struct ra_bytes){ out, out_len };
	err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
	free(out);
	return err;
}

static enum ra_err
do_prov_id(int fd)
{
	struct ra_ipc_prov_id id;
	struct ra_ipc_error why;
	uint8_t out[RA_IPC_PROV_ID_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	enum ra_err err;

	if (pve_prov_id(&platform, &id, &why) != RA_OK) {
		return refuse(fd, "PROV_ID", &why);
	}
	ra_ipc_prov_id_build(&b, &id);
	RA_WIPE(id);
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
	}
	RA_WIPE(out);
	return err;
}

static enum ra_err
do_prov_join(int fd, const uint8_t *p, size_t len)
{
	struct ra_ipc_prov_join in;
	struct ra_ipc_prov_joined j;
	struct ra_ipc_error why;
	uint8_t out[RA_IPC_PROV_JOINED_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	enum ra_err err;

	if (ra_ipc_prov_join_parse(&in, p, len) != RA_OK) {
		return ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		    "PROV_JOIN: want gid, nonce, group key, quote key and "
		    "SigRL key (616 bytes)");
	}
	if (pve_join(&platform, &j, &in, &why) != RA_OK) {
		return refuse(fd, "PROV_JOIN", &why);
	}
	ra_ipc_prov_joined_build(&b, &j);
	err = ra_buf_finish(&b);
	return err != RA_OK ? err : ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

static enum ra_err
do_prov_finish(int fd, const uint8_t *p, size_t len)
{
	struct ra_ipc_prov_finish in;
	struct ra_ipc_error why;
	uint8_t out[4];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	uint32_t gid = 0;
	enum ra_err err;

	if (ra_ipc_prov_finish_parse(&in, p, len) != RA_OK) {
		return ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		    "PROV_FINISH: want the 100-byte credential gid || A || x");
	}
	err = pve_finish(&platform, &gid, &in, &why);
	RA_WIPE(in);
	if (err != RA_OK) {
		return refuse(fd, "PROV_FINISH", &why);
	}
	ra_buf_u32le(&b, gid);
	err = ra_buf_finish(&b);
	return err != RA_OK ? err : ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

static enum ra_err
do_dcap_id(int fd)
{
	struct ra_ipc_dcap_id id;
	struct ra_ipc_error why;
	uint8_t out[RA_IPC_DCAP_ID_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	enum ra_err err;

	if (pce_dcap_id(&platform, &id, &why) != RA_OK) {
		return refuse(fd, "DCAP_ID", &why);
	}
	ra_ipc_dcap_id_build(&b, &id);
	err = ra_buf_finish(&b);
	return err != RA_OK ? err : ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

static enum ra_err
do_dcap_cert(int fd, const uint8_t *p, size_t len)
{
	struct ra_ipc_error why;

	if (pce_set_cert(&platform, p, len, &why) != RA_OK) {
		return refuse(fd, "DCAP_CERT", &why);
	}
	return ra_chan_send(fd, RA_IPC_OK, NULL, 0, -1);
}

static enum ra_err
do_get_quote_dcap(int fd, const uint8_t *p, size_t len)
{
	struct ra_ipc_get_quote_dcap req;
	struct ra_ipc_error why;
	uint8_t *out = NULL;
	size_t out_len = 0;
	struct ra_bytes part;
	enum ra_err err;

	if (ra_ipc_get_quote_dcap_parse(&req, p, len) != RA_OK) {
		return ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		    "GET_QUOTE_DCAP: want REPORT (432) and nonce (16)");
	}
	if (qe_quote_dcap(&platform, &out, &out_len, &req, &why) != RA_OK) {
		return refuse(fd, "GET_QUOTE_DCAP", &why);
	}
	part = (struct ra_bytes){ out, out_len };
	err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
	free(out);
	return err;
}

/* A request that takes no payload. */
static enum ra_err
empty(int fd, const struct ra_ipc_header *h, enum ra_err (*fn)(int),
    const char *what)
{
	char msg[64];

	if (h->len == 0) {
		return fn(fd);
	}
	snprintf(msg, sizeof(msg), "%s takes no payload", what);
	return ra_chan_send_error(fd, RA_ERR_FORMAT, 0, msg);
}

/* Drop the MEE's node cache (the attacker tests' tampered nodes). */
static enum ra_err
do_mee_flush(int fd)
{
	epc_flush();
	return ra_chan_send(fd, RA_IPC_OK, NULL, 0, -1);
}

/* The largest request of a type: a SigRL or a certificate chain. */
static size_t
frame_max(uint32_t type)
{
	switch (type) {
	case RA_IPC_GET_QUOTE:
		return MAX_QUOTE_FRAME;
	case RA_IPC_DCAP_CERT:
		return RA_IPC_PCK_CHAIN_MAX;
	default:
		return MAX_CLIENT_FRAME;
	}
}

/* One request; RA_ERR_IO or a format error ends the connection. */
static enum ra_err
serve_one(int fd, uint8_t *buf)
{
	struct ra_ipc_header h;
	struct pollfd pfd = { fd, POLLIN, 0 };
	int file_fd = -1;
	enum ra_err err;

	/* Idle between requests for up to IDLE_TIMEOUT; then a whole frame. */
	if (poll(&pfd, 1, IDLE_TIMEOUT * 1000) != 1) {
		return RA_ERR_IO;
	}
	err = ra_chan_recv(fd, &h, buf, MAX_QUOTE_FRAME, &file_fd);
	if (err == RA_OK && h.len > frame_max(h.type)) {
		err = RA_ERR_FORMAT;
	}
	if (err != RA_OK) {
		if (file_fd >= 0) {
			close(file_fd);
		}
		return err;
	}
	switch (h.type) {
	case RA_IPC_LOAD:
		err = do_load(fd, buf, h.len, file_fd);
		break;
	case RA_IPC_QE_TARGET:
		err = empty(fd, &h, do_qe_target, "QE_TARGET");
		break;
	case RA_IPC_PLATFORM:
		err = empty(fd, &h, do_platform, "PLATFORM");
		break;
	case RA_IPC_GET_QUOTE:
		err = do_get_quote(fd, buf, h.len);
		break;
	case RA_IPC_PROV_ID:
		err = empty(fd, &h, do_prov_id, "PROV_ID");
		break;
	case RA_IPC_PROV_JOIN:
		err = do_prov_join(fd, buf, h.len);
		break;
	case RA_IPC_PROV_FINISH:
		err = do_prov_finish(fd, buf, h.len);
		break;
	case RA_IPC_DCAP_ID:
		err = empty(fd, &h, do_dcap_id, "DCAP_ID");
		break;
	case RA_IPC_DCAP_CERT:
		err = do_dcap_cert(fd, buf, h.len);
		break;
	case RA_IPC_GET_QUOTE_DCAP:
		err = do_get_quote_dcap(fd, buf, h.len);
		break;
	case RA_IPC_MEE_STATS:
		err = empty(fd, &h, epc_stats, "MEE_STATS");
		break;
	case RA_IPC_EPC_PAGES:
		err = empty(fd, &h, epc_pages, "EPC_PAGES");
		break;
	case RA_IPC_MEE_FLUSH:
		err = empty(fd, &h, do_mee_flush, "MEE_FLUSH");
		break;
	default:
		err = ra_chan_send_error(
		    fd, RA_ERR_VERSION, 0, "unknown request type");
		break;
	}
	if (file_fd >= 0) {
		close(file_fd);
	}
	return err;
}

void *
client_thread(void *arg)
{
	int fd = (int)(intptr_t)arg;
	struct timeval tv = { FRAME_TIMEOUT, 0 };
	uint8_t *buf = malloc(MAX_QUOTE_FRAME);
	enum ra_err err = RA_ERR_NOMEM;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if (buf != NULL) {
		do {
			err = serve_one(fd, buf);
		} while (err == RA_OK);
		/* requests carry credentials and keys */
		ra_wipe(buf, MAX_QUOTE_FRAME);
		free(buf);
	}
	if (err != RA_ERR_IO) {
		log_warnx(
		    "client: %s: closing the connection", ra_strerror(err));
	}
	close(fd);
	pthread_mutex_lock(&platform.lock);
	platform.clients--;
	pthread_mutex_unlock(&platform.lock);
	return NULL;
}
