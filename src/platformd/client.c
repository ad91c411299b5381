/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One thread per application connection (at most MAX_CLIENTS): LOAD and
 * PLATFORM requests. A frame that breaks the format, or that takes more
 * than FRAME_TIMEOUT seconds to arrive, ends the connection; the daemon
 * goes on serving the others.
 */
#include <poll.h>
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
	q.gid = platform.epid_gid;
	q.flags = platform.epid_gid != 0 ? 1U : 0U;
	ra_ipc_qe_target_build(&b, &q);
	return ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

/* One request; RA_ERR_IO or a format error ends the connection. */
static enum ra_err
serve_one(int fd)
{
	uint8_t buf[MAX_CLIENT_FRAME];
	struct ra_ipc_header h;
	struct pollfd pfd = { fd, POLLIN, 0 };
	int file_fd = -1;
	enum ra_err err;

	/* Idle between requests for up to IDLE_TIMEOUT; then a whole frame. */
	if (poll(&pfd, 1, IDLE_TIMEOUT * 1000) != 1) {
		return RA_ERR_IO;
	}
	err = ra_chan_recv(fd, &h, buf, sizeof(buf), &file_fd);
	if (err != RA_OK) {
		return err;
	}
	switch (h.type) {
	case RA_IPC_LOAD:
		err = do_load(fd, buf, h.len, file_fd);
		break;
	case RA_IPC_QE_TARGET:
		err = h.len == 0 ? do_qe_target(fd)
		                 : ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		                       "QE_TARGET takes no payload");
		break;
	case RA_IPC_PLATFORM:
		err = h.len == 0 ? do_platform(fd)
		                 : ra_chan_send_error(fd, RA_ERR_FORMAT, 0,
		                       "PLATFORM takes no payload");
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
	enum ra_err err;

	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	do {
		err = serve_one(fd);
	} while (err == RA_OK);
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
