/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <unistd.h>

#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"

#define MAX_PARTS 8

/* Write all iov bytes; the first sendmsg carries the descriptor. */
static enum ra_err
send_all(int fd, struct iovec *iov, size_t n, int pass_fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} cm;
	struct msghdr msg;
	struct cmsghdr *c;
	ssize_t w;

	while (n > 0) {
		memset(&msg, 0, sizeof(msg));
		msg.msg_iov = iov;
		msg.msg_iovlen = n;
		if (pass_fd >= 0) {
			memset(&cm, 0, sizeof(cm));
			msg.msg_control = cm.buf;
			msg.msg_controllen = sizeof(cm.buf);
			c = CMSG_FIRSTHDR(&msg);
			c->cmsg_level = SOL_SOCKET;
			c->cmsg_type = SCM_RIGHTS;
			c->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(c), &pass_fd, sizeof(int));
		}
		w = sendmsg(fd, &msg, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR) {
				continue;
			}
			return RA_ERR_IO;
		}
		pass_fd = -1;
		/* Skip what was written. */
		while (n > 0 && (size_t)w >= iov->iov_len) {
			w -= (ssize_t)iov->iov_len;
			iov++;
			n--;
		}
		if (n > 0) {
			iov->iov_base = (uint8_t *)iov->iov_base + w;
			iov->iov_len -= (size_t)w;
		}
	}
	return RA_OK;
}

enum ra_err
ra_chan_send(
    int fd, uint32_t type, const struct ra_bytes *parts, size_t n, int pass_fd)
{
	uint8_t hdr[RA_IPC_HEADER_LEN];
	struct ra_buf b = ra_buf_init(hdr, sizeof(hdr));
	struct iovec iov[MAX_PARTS + 1];
	size_t i, total = 0;

	if (n > MAX_PARTS || (parts == NULL && n != 0)) {
		return RA_ERR_ARG;
	}
	for (i = 0; i < n; i++) {
		if (parts[i].len > RA_IPC_MAX_LEN - total) {
			return RA_ERR_ARG;
		}
		total += parts[i].len;
		iov[i + 1].iov_base = (void *)(uintptr_t)parts[i].p;
		iov[i + 1].iov_len = parts[i].len;
	}
	ra_ipc_header_build(&b, type, (uint32_t)total);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	iov[0].iov_base = hdr;
	iov[0].iov_len = sizeof(hdr);
	return send_all(fd, iov, n + 1, pass_fd);
}

/* Keep the first descriptor of a control message, close the others. */
static void
take_fds(struct msghdr *msg, int *recv_fd)
{
	struct cmsghdr *c;
	size_t i, k;
	int fds[16];

	for (c = CMSG_FIRSTHDR(msg); c != NULL; c = CMSG_NXTHDR(msg, c)) {
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS) {
			continue;
		}
		k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		if (k > sizeof(fds) / sizeof(fds[0])) {
			k = sizeof(fds) / sizeof(fds[0]);
		}
		memcpy(fds, CMSG_DATA(c), k * sizeof(int));
		for (i = 0; i < k; i++) {
			if (recv_fd != NULL && *recv_fd < 0) {
				*recv_fd = fds[i];
			} else {
				close(fds[i]);
			}
		}
	}
}

/* Read exactly len bytes; descriptors may come with the first ones. */
static enum ra_err
recv_all(int fd, uint8_t *p, size_t len, int *recv_fd)
{
	union {
		char buf[CMSG_SPACE(sizeof(int) * 4)];
		struct cmsghdr align;
	} cm;
	struct msghdr msg;
	struct iovec iov;
	ssize_t r;

	while (len > 0) {
		memset(&msg, 0, sizeof(msg));
		iov.iov_base = p;
		iov.iov_len = len;
		msg.msg_iov = &iov;
		msg.msg_iovlen = 1;
		msg.msg_control = cm.buf;
		msg.msg_controllen = sizeof(cm.buf);
		r = recvmsg(fd, &msg, MSG_CMSG_CLOEXEC);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return RA_ERR_IO;
		}
		take_fds(&msg, recv_fd);
		p += r;
		len -= (size_t)r;
	}
	return RA_OK;
}

enum ra_err
ra_chan_recv(
    int fd, struct ra_ipc_header *h, uint8_t *buf, size_t cap, int *recv_fd)
{
	uint8_t hdr[RA_IPC_HEADER_LEN];
	enum ra_err err;

	if (h == NULL || (buf == NULL && cap != 0) || cap > RA_IPC_MAX_LEN) {
		return RA_ERR_ARG;
	}
	if (recv_fd != NULL) {
		*recv_fd = -1;
	}
	err = recv_all(fd, hdr, sizeof(hdr), recv_fd);
	if (err == RA_OK) {
		err = ra_ipc_header_parse(h, hdr, sizeof(hdr), cap);
	}
	if (err == RA_OK) {
		err = recv_all(fd, buf, h->len, recv_fd);
	}
	/* A failed frame keeps no descriptor. */
	if (err != RA_OK && recv_fd != NULL && *recv_fd >= 0) {
		close(*recv_fd);
		*recv_fd = -1;
	}
	return err;
}

enum ra_err
ra_chan_send_error(int fd, enum ra_err err, uint32_t sgx_error, const char *msg)
{
	struct ra_ipc_error e;
	uint8_t p[RA_IPC_MSG_MAX + 9];
	struct ra_buf b = ra_buf_init(p, sizeof(p));
	struct ra_bytes part;
	size_t n = msg == NULL ? 0 : strnlen(msg, RA_IPC_MSG_MAX);

	memset(&e, 0, sizeof(e));
	e.err = (uint32_t)err;
	e.sgx_error = sgx_error;
	if (n != 0) {
		memcpy(e.msg, msg, n);
	}
	ra_ipc_error_build(&b, &e);
	part.p = p;
	part.len = b.len;
	return ra_chan_send(fd, RA_IPC_ERROR, &part, 1, -1);
}
