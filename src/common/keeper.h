/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_KEEPER_H
#define SGXRA_KEEPER_H

/*
 * A key-holding child process (privilege separation, after OpenSMTPD's
 * "ca" process). A daemon starts it before it opens any network socket:
 * the child loads the private keys, closes every descriptor but its
 * channels, becomes undumpable, confines itself with the seccomp
 * allow-list (sandbox.h) and answers requests; the network-facing parent
 * never holds a private key. It asks the child to sign or decrypt over
 * one of nchan socketpairs (frames of sgxra/ipc.h: the request type is
 * the frame type; replies are RA_IPC_OK with the output, or RA_IPC_ERROR
 * with the error and a message). Each channel is served by its own
 * thread in the child, so nchan calls run in parallel.
 *
 * The child dies with the parent (PR_SET_PDEATHSIG) and exits when its
 * channels close; it ignores SIGINT and SIGTERM so that requests in
 * flight finish during the parent's graceful stop.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "sgxra/err.h"
#include "sgxra/types.h"

struct keeper;

/* Largest request and reply payload. */
#define KEEPER_MAX_LEN ((size_t)64 * 1024)
#define KEEPER_MSG_MAX 255

struct keeper_ops {
	/* Log name of the child ("attestd keeper"). */
	const char *name;
	/*
	 * In the child, before the sandbox: load keys. Return false with a
	 * reason to make keeper_start fail with that reason.
	 */
	bool (*init)(void *ctx, char *why, size_t cap);
	/*
	 * In the child, from nchan threads at once: answer one request.
	 * Return RA_OK with out[0..*out_len), or an error with a message
	 * (msg, NUL-terminated, at most KEEPER_MSG_MAX bytes).
	 */
	enum ra_err (*serve)(void *ctx, uint32_t type, const uint8_t *in,
	    size_t in_len, uint8_t *out, size_t cap, size_t *out_len, char *msg,
	    size_t msg_cap);
	void *ctx;
	/* Skip the seccomp sandbox (tests under valgrind only). */
	bool no_sandbox;
};

/*
 * Fork the child and wait for it to finish init. RA_ERR_IO if it could
 * not be started or its init failed (why gets the reason), RA_ERR_ARG
 * for nchan 0 or above 256.
 */
RA_MUST_CHECK enum ra_err keeper_start(struct keeper **k,
    const struct keeper_ops *ops, unsigned int nchan, char *why, size_t cap);

/*
 * One request (thread-safe; blocks while all channels are busy). The
 * request payload is the concatenation of in[0..n). On RA_OK the reply is
 * in out[0..*out_len). Otherwise the child's error (msg set), or RA_ERR_IO
 * if the child is gone (every later call fails the same way).
 */
RA_MUST_CHECK enum ra_err keeper_call(struct keeper *k, uint32_t type,
    const struct ra_bytes *in, size_t n, uint8_t *out, size_t cap,
    size_t *out_len, char *msg, size_t msg_cap);

/* The child's process id. */
pid_t keeper_pid(const struct keeper *k);
/* True once a call found the child gone. */
bool keeper_dead(const struct keeper *k);

/*
 * Close the channels and reap the child (waiting up to a second for it to
 * exit, then SIGKILL). Frees k; no call may be in progress.
 */
void keeper_stop(struct keeper *k);

#endif
