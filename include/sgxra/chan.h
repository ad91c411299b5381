/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CHAN_H
#define RA_CHAN_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/ipc.h"
#include "sgxra/types.h"

/*
 * Blocking frame I/O on a stream socket or socketpair (frames: sgxra/
 * ipc.h). Interrupted system calls are retried. RA_ERR_IO means the
 * channel is gone (closed by the peer, or an error): close it.
 */

/*
 * Send one frame whose payload is the concatenation of parts[0..n), with
 * pass_fd (if >= 0) as SCM_RIGHTS. RA_ERR_ARG if the payload is larger
 * than RA_IPC_MAX_LEN.
 */
RA_MUST_CHECK enum ra_err ra_chan_send(
    int fd, uint32_t type, const struct ra_bytes *parts, size_t n, int pass_fd);

/*
 * Receive one frame into buf (capacity cap <= RA_IPC_MAX_LEN): *h gets
 * the header, buf the h->len payload bytes. With recv_fd not NULL, a file
 * descriptor sent with the frame is stored there (-1 if none); without
 * it, any received descriptor is closed; on failure none is kept (the
 * caller owns *recv_fd only after RA_OK). RA_ERR_FORMAT if the header
 * announces more than cap bytes (the payload is not consumed: close the
 * channel), RA_ERR_IO at end of file or on error.
 */
RA_MUST_CHECK enum ra_err ra_chan_recv(
    int fd, struct ra_ipc_header *h, uint8_t *buf, size_t cap, int *recv_fd);

/* Send an ERROR frame (best effort: the result can be ignored). */
enum ra_err ra_chan_send_error(
    int fd, enum ra_err err, uint32_t sgx_error, const char *msg);

#endif
