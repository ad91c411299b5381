/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The ENCLU channel: one thread per enclave answers its EREPORT and
 * EGETKEY with the SECS this platform built for it at EINIT. The frames
 * carry no identity, so an enclave can obtain reports and keys for its
 * own measured identity only. A malformed frame means a broken or
 * hostile enclave process: it is killed, the daemon goes on.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"

/* The largest ENCLU request: TARGETINFO and REPORTDATA. */
#define MAX_ENCLU_FRAME (RA_TARGETINFO_LEN + RA_REPORT_DATA_LEN)

extern struct platform platform;

static enum ra_err
do_ereport(const struct enclave *e, const uint8_t *p, size_t len)
{
	struct ra_cur c = ra_cur_init(p, len);
	struct ra_targetinfo ti;
	struct ra_report r;
	uint8_t data[RA_REPORT_DATA_LEN], out[RA_REPORT_LEN];
	struct ra_buf b = ra_buf_init(out, sizeof(out));
	struct ra_bytes part = { out, sizeof(out) };
	enum ra_err err;

	err = ra_targetinfo_parse(&ti, &c);
	RA_CUR_COPY(&c, data);
	if (err != RA_OK || ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	err = ra_ereport(&r, &platform.fuses, &e->secs, &ti, data);
	if (err != RA_OK) {
		return ra_chan_send_error(e->enclu_fd, err, 0, "EREPORT");
	}
	ra_report_build(&b, &r);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	return ra_chan_send(e->enclu_fd, RA_IPC_OK, &part, 1, -1);
}

static enum ra_err
do_egetkey(const struct enclave *e, const uint8_t *p, size_t len)
{
	struct ra_cur c = ra_cur_init(p, len);
	struct ra_keyrequest kr;
	struct ra_key128 key;
	struct ra_bytes part = { key.b, sizeof(key.b) };
	enum ra_sgx_error why;
	enum ra_err err;

	err = ra_keyrequest_parse(&kr, &c);
	if (err == RA_ERR_VERSION) {
		/* an unknown KEYNAME: the SDM's error, not a broken frame */
		return ra_chan_send_error(e->enclu_fd, RA_ERR_POLICY,
		    RA_SGX_INVALID_KEYNAME, "EGETKEY: SGX_INVALID_KEYNAME");
	}
	if (err != RA_OK || ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	err = ra_egetkey(&key, &why, &platform.fuses, &e->secs, &kr);
	if (err == RA_ERR_POLICY) {
		log_debug("enclave %llu: EGETKEY refused: %s",
		    (unsigned long long)e->id, ra_sgx_strerror(why));
		return ra_chan_send_error(
		    e->enclu_fd, err, why, ra_sgx_strerror(why));
	}
	if (err != RA_OK) {
		return ra_chan_send_error(e->enclu_fd, err, 0, "EGETKEY");
	}
	err = ra_chan_send(e->enclu_fd, RA_IPC_OK, &part, 1, -1);
	RA_WIPE(key);
	return err;
}

/*
 * Enclaves whose channel closed before their process was reaped: the
 * reaper still names them by id. A small ring; old entries are dropped.
 */
#define GONE_MAX 64
static struct {
	pid_t pid;
	uint64_t id;
} gone[GONE_MAX];
static size_t gone_next;

/* Remove e from the table and free it (its process is ending). */
static void
forget(struct enclave *e)
{
	size_t i;

	pthread_mutex_lock(&platform.lock);
	gone[gone_next % GONE_MAX].pid = e->pid;
	gone[gone_next % GONE_MAX].id = e->id;
	gone_next++;
	for (i = 0; i < MAX_ENCLAVES; i++) {
		if (platform.enclaves[i] == e) {
			platform.enclaves[i] = NULL;
		}
	}
	pthread_mutex_unlock(&platform.lock);
	close(e->enclu_fd);
	RA_WIPE(e->secs);
	free(e);
}

void *
enclu_thread(void *arg)
{
	struct enclave *e = arg;
	uint8_t buf[MAX_ENCLU_FRAME];
	struct ra_ipc_header h;
	enum ra_err err;

	for (;;) {
		err = ra_chan_recv(e->enclu_fd, &h, buf, sizeof(buf), NULL);
		if (err == RA_ERR_IO) {
			break; /* the enclave process ended */
		}
		if (err == RA_OK && h.type == RA_IPC_EREPORT) {
			err = do_ereport(e, buf, h.len);
		} else if (err == RA_OK && h.type == RA_IPC_EGETKEY) {
			err = do_egetkey(e, buf, h.len);
		} else if (err == RA_OK) {
			err = RA_ERR_VERSION;
		}
		if (err == RA_ERR_IO) {
			break;
		}
		if (err != RA_OK) {
			log_warnx(
			    "enclave %llu (pid %d): malformed ENCLU frame "
			    "(%s): terminating it",
			    (unsigned long long)e->id, (int)e->pid,
			    ra_errname(err));
			kill(e->pid, SIGKILL);
			break;
		}
	}
	RA_WIPE(buf);
	forget(e);
	return NULL;
}

void
enclave_reap(struct platform *p, pid_t pid, int status)
{
	size_t i;
	unsigned long long id = 0;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < MAX_ENCLAVES; i++) {
		if (p->enclaves[i] != NULL && p->enclaves[i]->pid == pid) {
			id = (unsigned long long)p->enclaves[i]->id;
			p->enclaves[i]->alive = false;
		}
	}
	for (i = 0; i < GONE_MAX && id == 0; i++) {
		if (gone[i].pid == pid) {
			id = (unsigned long long)gone[i].id;
			gone[i].pid = 0;
		}
	}
	pthread_mutex_unlock(&p->lock);
	if (WIFSIGNALED(status)) {
		log_warnx("enclave %llu (pid %d) killed by signal %d%s", id,
		    (int)pid, WTERMSIG(status),
		    WTERMSIG(status) == SIGSYS ? " (a system call outside "
		                                 "its sandbox)"
		                               : "");
	} else {
		log_info("enclave %llu (pid %d) exited with status %d%s", id,
		    (int)pid, WEXITSTATUS(status),
		    WEXITSTATUS(status) == EXIT_EPC
		        ? " (the EPC refused its memory)"
		        : "");
	}
}

void
enclaves_kill(struct platform *p)
{
	size_t i;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < MAX_ENCLAVES; i++) {
		if (p->enclaves[i] != NULL && p->enclaves[i]->pid > 0) {
			kill(p->enclaves[i]->pid, SIGKILL);
		}
	}
	pthread_mutex_unlock(&p->lock);
}
