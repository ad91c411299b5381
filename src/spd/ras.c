/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgx-ra-sample's transport (FORMATS.md §4.6, its msgio.cpp): on a TCP
 * connection, each message is one line of lowercase hex terminated by
 * "\n". The client sends msg0||msg1 (one line), reads msg2, sends msg3,
 * reads msg4 in sgx-ra-sample's form: status (4) || PIB payload (101),
 * which is not authenticated, so this transport provisions no secret (the
 * verdict is the whole answer, as in the sample). Use the HTTP transport
 * for secrets.
 *
 * One thread per connection, at most RAS_MAX_CONN at once; each line must
 * arrive within RAS_TIMEOUT seconds; a connection that breaks the
 * protocol is closed (the sample has no error message).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "sgxra/encode.h"
#include "spd.h"

#define RAS_MAX_CONN 64
#define RAS_TIMEOUT  30
/* The longest line: msg3 in hex, "\r\n". */
#define RAS_LINE_MAX (2 * SPD_MSG3_MAX + 2)

struct ras {
	struct spd *d;
	int fd;
	int stop[2]; /* a byte on stop[1] ends the accept loop */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t idle;
	unsigned int conns;
};

struct conn {
	struct ras *r;
	int fd;
	char peer[64];
	uint8_t rbuf[4096];
	size_t rlen, rpos;
};

/* One line, without its "\n" (and "\r"), into line[0..*len). */
static bool
read_line(struct conn *c, char *line, size_t cap, size_t *len)
{
	struct timespec t0, t;
	size_t n = 0;
	ssize_t k;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		if (c->rpos == c->rlen) {
			/* the whole line within RAS_TIMEOUT, not each read */
			clock_gettime(CLOCK_MONOTONIC, &t);
			if (t.tv_sec - t0.tv_sec >= RAS_TIMEOUT) {
				return false;
			}
			k = read(c->fd, c->rbuf, sizeof(c->rbuf));
			if (k <= 0) {
				return false;
			}
			c->rlen = (size_t)k;
			c->rpos = 0;
		}
		while (c->rpos < c->rlen) {
			char ch = (char)c->rbuf[c->rpos++];

			if (ch == '\n') {
				if (n > 0 && line[n - 1] == '\r') {
					n--;
				}
				*len = n;
				return true;
			}
			if (n == cap) {
				return false;
			}
			line[n++] = ch;
		}
	}
}

static bool
write_all(int fd, const char *p, size_t n)
{
	ssize_t k;

	while (n > 0) {
		k = write(fd, p, n);
		if (k < 0 && errno == EINTR) {
			continue;
		}
		if (k <= 0) {
			return false;
		}
		p += k;
		n -= (size_t)k;
	}
	return true;
}

/* Send bytes as one hex line. */
static bool
send_hex(int fd, const uint8_t *p, size_t n)
{
	char *hex = malloc(2 * n + 2);
	bool ok;

	if (hex == NULL || ra_hex_encode(hex, 2 * n + 2, p, n) != RA_OK) {
		free(hex);
		return false;
	}
	hex[2 * n] = '\n';
	ok = write_all(fd, hex, 2 * n + 1);
	free(hex);
	return ok;
}

/* Read one hex line into bytes (at most cap). */
static bool
recv_hex(struct conn *c, char *line, uint8_t *out, size_t cap, size_t *n)
{
	size_t len = 0;

	return read_line(c, line, 2 * cap, &len) &&
	    ra_hex_decode(out, cap, n, line, len) == RA_OK;
}

static void
serve(struct conn *c)
{
	struct spd *d = c->r->d;
	size_t msg2_cap = RA_MSG2_MIN_LEN + SPD_SIGRL_MAX;
	size_t msg4_cap = RA_MSG4_MIN_LEN + SPD_SECRET_MAX;
	char *line = malloc(RAS_LINE_MAX);
	uint8_t *in = malloc(SPD_MSG3_MAX);
	uint8_t *out = malloc(msg2_cap > msg4_cap ? msg2_cap : msg4_cap);
	char id[2 * SPD_SESSION_ID_LEN + 1];
	uint8_t ras4[RA_MSG4_RAS_LEN];
	struct ra_buf b;
	struct spd_result res;
	struct ra_msg4 m4;
	struct ra_msg4_ras r4;
	size_t n = 0;

	if (line == NULL || in == NULL || out == NULL) {
		goto out;
	}
	/* msg0 || msg1 -> msg2 */
	if (!recv_hex(c, line, in, RA_MSG01_LEN + 1, &n)) {
		log_info("ra-sample %s: no msg0||msg1 line", c->peer);
		goto out;
	}
	b = ra_buf_init(out, msg2_cap);
	spd_msg01(d, &res, &b, id, in, n, c->peer);
	if (res.status != 200 || !send_hex(c->fd, b.p, b.len)) {
		goto out;
	}
	/* msg3 -> msg4 (sgx-ra-sample's form) */
	if (!recv_hex(c, line, in, SPD_MSG3_MAX, &n)) {
		log_info("ra-sample %s: session %s: no msg3 line", c->peer, id);
		goto out;
	}
	b = ra_buf_init(out, msg4_cap);
	spd_msg3(d, &res, &b, id, in, n, c->peer);
	if (res.status != 200 || ra_msg4_parse(&m4, b.p, b.len) != RA_OK) {
		goto out;
	}
	r4.status = m4.status;
	r4.pib = m4.pib;
	b = ra_buf_init(ras4, sizeof(ras4));
	ra_msg4_ras_build(&b, &r4);
	if (ra_buf_finish(&b) == RA_OK) {
		(void)send_hex(c->fd, ras4, sizeof(ras4));
	}
out:
	free(line);
	free(in);
	if (out != NULL) {
		/* msg4 held the secret's ciphertext only; wipe anyway */
		memset(out, 0, msg2_cap > msg4_cap ? msg2_cap : msg4_cap);
	}
	free(out);
}

static void *
conn_thread(void *arg)
{
	struct conn *c = arg;
	struct ras *r = c->r;

	serve(c);
	close(c->fd);
	free(c);
	pthread_mutex_lock(&r->lock);
	r->conns--;
	pthread_cond_broadcast(&r->idle);
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static void
peer_name(char *out, size_t cap, const struct sockaddr_storage *ss)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (ss->ss_family == AF_INET) {
		const struct sockaddr_in *a = (const void *)ss;

		(void)inet_ntop(AF_INET, &a->sin_addr, host, sizeof(host));
		snprintf(out, cap, "%s:%u", host, (unsigned)ntohs(a->sin_port));
	} else if (ss->ss_family == AF_INET6) {
		const struct sockaddr_in6 *a = (const void *)ss;

		(void)inet_ntop(AF_INET6, &a->sin6_addr, host, sizeof(host));
		snprintf(
		    out, cap, "[%s]:%u", host, (unsigned)ntohs(a->sin6_port));
	} else {
		snprintf(out, cap, "?");
	}
}

static void
accept_one(struct ras *r)
{
	struct sockaddr_storage ss = { 0 };
	socklen_t sl = sizeof(ss);
	struct timeval tv = { RAS_TIMEOUT, 0 };
	struct conn *c;
	pthread_attr_t attr;
	pthread_t t;
	int fd = accept(r->fd, (struct sockaddr *)&ss, &sl);

	if (fd < 0) {
		return;
	}
	pthread_mutex_lock(&r->lock);
	if (r->conns == RAS_MAX_CONN) {
		pthread_mutex_unlock(&r->lock);
		log_warnx("ra-sample: %d connections open: refusing one",
		    RAS_MAX_CONN);
		close(fd);
		return;
	}
	r->conns++;
	pthread_mutex_unlock(&r->lock);
	(void)setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	(void)setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		goto fail;
	}
	c->r = r;
	c->fd = fd;
	peer_name(c->peer, sizeof(c->peer), &ss);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	if (pthread_create(&t, &attr, conn_thread, c) != 0) {
		pthread_attr_destroy(&attr);
		free(c);
		goto fail;
	}
	pthread_attr_destroy(&attr);
	return;
fail:
	close(fd);
	pthread_mutex_lock(&r->lock);
	r->conns--;
	pthread_mutex_unlock(&r->lock);
}

static void *
accept_thread(void *arg)
{
	struct ras *r = arg;
	struct pollfd p[2] = { { r->fd, POLLIN, 0 },
		{ r->stop[0], POLLIN, 0 } };

	for (;;) {
		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			log_warn("ra-sample: poll");
			break;
		}
		if (p[1].revents != 0) {
			break;
		}
		if (p[0].revents != 0) {
			accept_one(r);
		}
	}
	return NULL;
}

enum ra_err
ras_start(
    struct ras **out, struct spd *d, const char *listen_on, uint16_t *port)
{
	struct sockaddr_storage ss;
	socklen_t sl = sizeof(ss);
	struct ras *r;
	bool v6 = false;
	int one = 1;

	*out = NULL;
	if (httpd_parse_listen(&ss, &v6, listen_on) != RA_OK) {
		return RA_ERR_ARG;
	}
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		return RA_ERR_NOMEM;
	}
	r->d = d;
	r->stop[0] = r->stop[1] = -1;
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->idle, NULL);
	r->fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (r->fd < 0 ||
	    setsockopt(r->fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) !=
	        0 ||
	    bind(r->fd, (struct sockaddr *)&ss,
	        v6 ? sizeof(struct sockaddr_in6)
	           : sizeof(struct sockaddr_in)) != 0 ||
	    listen(r->fd, 64) != 0 ||
	    getsockname(r->fd, (struct sockaddr *)&ss, &sl) != 0 ||
	    pipe2(r->stop, O_CLOEXEC) != 0) {
		log_warn("ra-sample: cannot listen on %s", listen_on);
		ras_stop(r);
		return RA_ERR_IO;
	}
	*port = ntohs(v6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
	                 : ((struct sockaddr_in *)&ss)->sin_port);
	if (pthread_create(&r->thread, NULL, accept_thread, r) != 0) {
		r->thread = 0;
		ras_stop(r);
		return RA_ERR_NOMEM;
	}
	*out = r;
	return RA_OK;
}

void
ras_stop(struct ras *r)
{
	struct timespec until;

	if (r == NULL) {
		return;
	}
	if (r->thread != 0) {
		if (write(r->stop[1], "x", 1) != 1) {
			log_warn("ra-sample: cannot stop the accept loop");
		}
		pthread_join(r->thread, NULL);
	}
	if (r->fd >= 0) {
		close(r->fd);
	}
	/* Connections finish on their own (each line has a deadline). */
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 2 * RAS_TIMEOUT + 5;
	pthread_mutex_lock(&r->lock);
	while (r->conns > 0 &&
	    pthread_cond_timedwait(&r->idle, &r->lock, &until) == 0) {
	}
	pthread_mutex_unlock(&r->lock);
	if (r->conns > 0) {
		/* still busy: leak rather than free under their feet */
		log_warnx(
		    "ra-sample: %u connections still open at stop", r->conns);
		return;
	}
	if (r->stop[0] >= 0) {
		close(r->stop[0]);
		close(r->stop[1]);
	}
	pthread_cond_destroy(&r->idle);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
