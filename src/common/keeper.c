/* SPDX-License-Identifier: BSD-3-Clause */
/* The key-holding child and its channels; see keeper.h. */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "keeper.h"
#include "log.h"
#include "sandbox.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"
#include "sgxra/ipc.h"

#define KEEPER_MAX_CHAN  256
#define READY_TIMEOUT_MS 30000
#define STOP_WAIT_STEPS  100 /* x 10 ms */

struct chan {
	int fd;
	bool busy;
	uint8_t *buf; /* KEEPER_MAX_LEN, for replies */
};

struct keeper {
	pid_t pid;
	unsigned int nchan;
	struct chan *chans;
	pthread_mutex_t lock;
	pthread_cond_t free_cond;
	bool dead;
};

/* --- the child ----------------------------------------------------------- */

struct server {
	const struct keeper_ops *ops;
	int fd;
	/* every thread has started (and allocated) before the sandbox */
	pthread_barrier_t *started;
};

static void *
serve_chan(void *arg)
{
	struct server *s = arg;
	struct ra_ipc_header h;
	uint8_t *in = malloc(KEEPER_MAX_LEN), *out = malloc(KEEPER_MAX_LEN);
	char msg[KEEPER_MSG_MAX + 1];
	size_t out_len;
	enum ra_err err;

	if (in == NULL || out == NULL) {
		log_warnx("keeper: out of memory");
		_exit(1);
	}
	pthread_barrier_wait(s->started);
	while (ra_chan_recv(s->fd, &h, in, KEEPER_MAX_LEN, NULL) == RA_OK) {
		out_len = 0;
		msg[0] = '\0';
		err = s->ops->serve(s->ops->ctx, h.type, in, h.len, out,
		    KEEPER_MAX_LEN, &out_len, msg, sizeof(msg));
		ra_wipe(in, h.len);
		if (err == RA_OK && out_len <= KEEPER_MAX_LEN) {
			struct ra_bytes part = { out, out_len };

			err = ra_chan_send(s->fd, RA_IPC_OK, &part, 1, -1);
			ra_wipe(out, out_len);
			if (err != RA_OK) {
				break;
			}
		} else {
			msg[KEEPER_MSG_MAX] = '\0';
			if (err == RA_OK) {
				err = RA_ERR_SPACE;
			}
			(void)ra_chan_send_error(s->fd, err, 0, msg);
		}
	}
	free(in);
	free(out);
	close(s->fd);
	return NULL;
}

/* Close every descriptor above 2 except keep[0..n) (sorted ascending). */
static void
close_others(const int *keep, unsigned int n)
{
	unsigned int from = 3, i;

	for (i = 0; i < n; i++) {
		if ((unsigned int)keep[i] > from) {
			(void)close_range(from, (unsigned int)keep[i] - 1, 0);
		}
		from = (unsigned int)keep[i] + 1;
	}
	(void)close_range(from, ~0U, 0);
}

static int
cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;

	return (x > y) - (x < y);
}

static void __attribute__((noreturn)) child_main(
    const struct keeper_ops *ops, int *fds, unsigned int nchan, pid_t parent)
{
	struct server *servers;
	pthread_t *threads;
	pthread_barrier_t started;
	int *sorted;
	char why[KEEPER_MSG_MAX + 1] = "";
	unsigned int i;

	if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || getppid() != parent) {
		_exit(1);
	}
	(void)signal(SIGINT, SIG_IGN);
	(void)signal(SIGTERM, SIG_IGN);
	(void)signal(SIGHUP, SIG_IGN);
	(void)signal(SIGPIPE, SIG_IGN);
	(void)prctl(PR_SET_DUMPABLE, 0);
	log_setname(ops->name);
	sorted = calloc(nchan, sizeof(*sorted));
	servers = calloc(nchan, sizeof(*servers));
	threads = calloc(nchan, sizeof(*threads));
	if (sorted == NULL || servers == NULL || threads == NULL) {
		_exit(1);
	}
	memcpy(sorted, fds, nchan * sizeof(*sorted));
	qsort(sorted, nchan, sizeof(*sorted), cmp_int);
	close_others(sorted, nchan);
	free(sorted);

	if (!ops->init(ops->ctx, why, sizeof(why))) {
		why[KEEPER_MSG_MAX] = '\0';
		(void)ra_chan_send_error(fds[0], RA_ERR_IO, 0, why);
		_exit(1);
	}
	/*
	 * Start every thread before the sandbox: a new thread's first steps
	 * (rseq and robust-list registration, its malloc arena) are system
	 * calls the allow-list does not have.
	 */
	if (pthread_barrier_init(&started, NULL, nchan + 1) != 0) {
		_exit(1);
	}
	for (i = 0; i < nchan; i++) {
		servers[i].ops = ops;
		servers[i].fd = fds[i];
		servers[i].started = &started;
		if (pthread_create(
		        &threads[i], NULL, serve_chan, &servers[i]) != 0) {
			(void)ra_chan_send_error(fds[0], RA_ERR_IO, 0,
			    "cannot create the keeper's threads");
			_exit(1);
		}
	}
	pthread_barrier_wait(&started);
	if (!ops->no_sandbox && sandbox_apply(true, false) != 0) {
		(void)ra_chan_send_error(
		    fds[0], RA_ERR_IO, 0, "cannot apply the seccomp sandbox");
		_exit(1);
	}
	if (ra_chan_send(fds[0], RA_IPC_OK, NULL, 0, -1) != RA_OK) {
		_exit(1);
	}
	for (i = 0; i < nchan; i++) {
		pthread_join(threads[i], NULL);
	}
	_exit(0);
}

/* --- the parent ---------------------------------------------------------- */

/* Wait for the child's ready frame on chans[0]. */
static enum ra_err
wait_ready(struct keeper *k, char *why, size_t cap)
{
	struct pollfd pfd = { .fd = k->chans[0].fd, .events = POLLIN };
	struct ra_ipc_header h;
	struct ra_ipc_error e;
	int r;

	do {
		r = poll(&pfd, 1, READY_TIMEOUT_MS);
	} while (r < 0 && errno == EINTR);
	if (r <= 0) {
		snprintf(why, cap, "the key-holding process did not start");
		return RA_ERR_IO;
	}
	if (ra_chan_recv(k->chans[0].fd, &h, k->chans[0].buf, KEEPER_MAX_LEN,
	        NULL) != RA_OK) {
		snprintf(why, cap, "the key-holding process exited");
		return RA_ERR_IO;
	}
	if (h.type == RA_IPC_OK && h.len == 0) {
		return RA_OK;
	}
	if (h.type == RA_IPC_ERROR &&
	    ra_ipc_error_parse(&e, k->chans[0].buf, h.len) == RA_OK) {
		snprintf(why, cap, "%s", e.msg);
	} else {
		snprintf(why, cap, "the key-holding process sent a bad frame");
	}
	return RA_ERR_IO;
}

static void
free_keeper(struct keeper *k)
{
	unsigned int i;

	for (i = 0; i < k->nchan; i++) {
		if (k->chans[i].fd >= 0) {
			close(k->chans[i].fd);
		}
		free(k->chans[i].buf);
	}
	free(k->chans);
	pthread_mutex_destroy(&k->lock);
	pthread_cond_destroy(&k->free_cond);
	free(k);
}

/* Reap the child: wait up to a second, then kill it. */
static void
reap(pid_t pid)
{
	struct timespec ts = { 0, 10L * 1000 * 1000 };
	int i;

	for (i = 0; i < STOP_WAIT_STEPS; i++) {
		pid_t r = waitpid(pid, NULL, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR)) {
			return;
		}
		nanosleep(&ts, NULL);
	}
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR) {
	}
}

enum ra_err
keeper_start(struct keeper **out, const struct keeper_ops *ops,
    unsigned int nchan, char *why, size_t cap)
{
	struct keeper *k;
	int *child_fds, sv[2];
	unsigned int i;
	pid_t parent = getpid();
	enum ra_err err;

	if (out == NULL || ops == NULL || ops->init == NULL ||
	    ops->serve == NULL || nchan == 0 || nchan > KEEPER_MAX_CHAN ||
	    why == NULL || cap == 0) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	why[0] = '\0';
	k = calloc(1, sizeof(*k));
	child_fds = calloc(nchan, sizeof(*child_fds));
	if (k == NULL || child_fds == NULL ||
	    (k->chans = calloc(nchan, sizeof(*k->chans))) == NULL) {
		free(k);
		free(child_fds);
		return RA_ERR_NOMEM;
	}
	pthread_mutex_init(&k->lock, NULL);
	pthread_cond_init(&k->free_cond, NULL);
	k->nchan = nchan;
	for (i = 0; i < nchan; i++) {
		k->chans[i].fd = -1;
		child_fds[i] = -1;
	}
	err = RA_ERR_IO;
	for (i = 0; i < nchan; i++) {
		if ((k->chans[i].buf = malloc(KEEPER_MAX_LEN)) == NULL) {
			err = RA_ERR_NOMEM;
			goto fail;
		}
		if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) !=
		    0) {
			snprintf(why, cap, "socketpair: %s", strerror(errno));
			goto fail;
		}
		k->chans[i].fd = sv[0];
		child_fds[i] = sv[1];
	}
	k->pid = fork();
	if (k->pid < 0) {
		snprintf(why, cap, "fork: %s", strerror(errno));
		goto fail;
	}
	if (k->pid == 0) {
		for (i = 0; i < nchan; i++) {
			close(k->chans[i].fd);
		}
		child_main(ops, child_fds, nchan, parent);
	}
	for (i = 0; i < nchan; i++) {
		close(child_fds[i]);
		child_fds[i] = -1;
	}
	free(child_fds);
	if ((err = wait_ready(k, why, cap)) != RA_OK) {
		pid_t pid = k->pid;

		free_keeper(k);
		reap(pid);
		return err;
	}
	*out = k;
	return RA_OK;
fail:
	for (i = 0; i < nchan; i++) {
		if (child_fds[i] >= 0) {
			close(child_fds[i]);
		}
	}
	free(child_fds);
	free_keeper(k);
	return err;
}

static struct chan *
acquire(struct keeper *k)
{
	struct chan *c = NULL;
	unsigned int i;

	pthread_mutex_lock(&k->lock);
	while (!k->dead) {
		for (i = 0; i < k->nchan; i++) {
			if (!k->chans[i].busy) {
				c = &k->chans[i];
				c->busy = true;
				break;
			}
		}
		if (c != NULL) {
			break;
		}
		pthread_cond_wait(&k->free_cond, &k->lock);
	}
	pthread_mutex_unlock(&k->lock);
	return c;
}

static void
release(struct keeper *k, struct chan *c, bool broken)
{
	pthread_mutex_lock(&k->lock);
	c->busy = false;
	if (broken) {
		k->dead = true;
		pthread_cond_broadcast(&k->free_cond);
	} else {
		pthread_cond_signal(&k->free_cond);
	}
	pthread_mutex_unlock(&k->lock);
}

enum ra_err
keeper_call(struct keeper *k, uint32_t type, const struct ra_bytes *in,
    size_t n, uint8_t *out, size_t cap, size_t *out_len, char *msg,
    size_t msg_cap)
{
	struct ra_ipc_header h;
	struct ra_ipc_error e;
	struct chan *c;
	enum ra_err err;

	if (k == NULL || out_len == NULL || (out == NULL && cap != 0) ||
	    msg == NULL || msg_cap == 0) {
		return RA_ERR_ARG;
	}
	*out_len = 0;
	msg[0] = '\0';
	if ((c = acquire(k)) == NULL) {
		snprintf(msg, msg_cap, "the key-holding process is gone");
		return RA_ERR_IO;
	}
	if (ra_chan_send(c->fd, type, in, n, -1) != RA_OK ||
	    ra_chan_recv(c->fd, &h, c->buf, KEEPER_MAX_LEN, NULL) != RA_OK) {
		release(k, c, true);
		log_warnx("keeper: the key-holding process is gone");
		snprintf(msg, msg_cap, "the key-holding process is gone");
		return RA_ERR_IO;
	}
	if (h.type == RA_IPC_OK) {
		err = RA_ERR_SPACE;
		if (h.len <= cap) {
			if (h.len > 0) {
				memcpy(out, c->buf, h.len);
			}
			*out_len = h.len;
			err = RA_OK;
		}
	} else if (h.type == RA_IPC_ERROR &&
	    ra_ipc_error_parse(&e, c->buf, h.len) == RA_OK) {
		err = e.err >= RA_ERR_ARG ? (enum ra_err)e.err : RA_ERR_IO;
		snprintf(msg, msg_cap, "%s", e.msg);
	} else {
		err = RA_ERR_IO;
		snprintf(
		    msg, msg_cap, "bad reply from the key-holding process");
	}
	ra_wipe(c->buf, h.len);
	release(k, c, false);
	return err;
}

pid_t
keeper_pid(const struct keeper *k)
{
	return k->pid;
}

bool
keeper_dead(const struct keeper *k)
{
	return k->dead;
}

void
keeper_stop(struct keeper *k)
{
	pid_t pid;

	if (k == NULL) {
		return;
	}
	pid = k->pid;
	free_keeper(k);
	reap(pid);
}
