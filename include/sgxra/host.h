/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_HOST_H
#define RA_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/ipc.h"
#include "sgxra/types.h"

/*
 * The application (untrusted host) side: connect to sgxra-platformd,
 * load a signed enclave, call its ECALLs, answer its OCALLs. Objects are
 * allocated by ra_host_connect / ra_host_load and released by
 * ra_host_close / ra_host_destroy (which accept NULL). A loaded enclave
 * outlives the platform connection: it ends when destroyed or when its
 * process dies. One thread at a time per object.
 */
struct ra_host;
struct ra_host_enclave;

/*
 * The default socket path into out: $XDG_RUNTIME_DIR/sgxra/platform.sock
 * if XDG_RUNTIME_DIR is set, else /run/sgxra/platform.sock.
 */
RA_MUST_CHECK enum ra_err ra_host_default_socket(char *out, size_t cap);

/* Connect to the platform at socket_path. RA_ERR_IO if nobody listens. */
RA_MUST_CHECK enum ra_err ra_host_connect(
    struct ra_host **h, const char *socket_path);
void ra_host_close(struct ra_host *h);

/*
 * Load the signed enclave at path (flags: RA_IPC_LOAD_*). On a refusal
 * (RA_ERR_POLICY, RA_ERR_FORMAT, ...) why, if not NULL, holds the
 * platform's reason ("MRENCLAVE mismatch ...", the SDM error).
 */
RA_MUST_CHECK enum ra_err ra_host_load(struct ra_host *h,
    struct ra_host_enclave **e, const char *path, uint32_t flags,
    struct ra_ipc_error *why);

/* What the platform reported when it loaded e. */
const struct ra_ipc_loaded *ra_host_enclave_info(
    const struct ra_host_enclave *e);

/*
 * The application's OCALL handler: called for each OCALL the enclave
 * makes during an ECALL, with the OCALL's index and input; it writes at
 * most cap output bytes. A non-RA_OK status is passed back to the
 * enclave.
 */
struct ra_host_ocalls {
	enum ra_err (*handler)(void *ctx, uint32_t index, const uint8_t *in,
	    size_t in_len, uint8_t *out, size_t cap, size_t *out_len);
	void *ctx;
};

/*
 * Call ECALL number index with input in; its output goes to out (at
 * most cap bytes, *out_len set). ocalls may be NULL (every OCALL then
 * fails with RA_ERR_STATE in the enclave). Returns the ECALL's own status,
 * or RA_ERR_IO if the enclave process is gone, RA_ERR_SPACE if the output
 * did not fit.
 */
RA_MUST_CHECK enum ra_err ra_host_ecall(struct ra_host_enclave *e,
    uint32_t index, const void *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len, const struct ra_host_ocalls *ocalls);

/* Platform information (CPUSVN, enclaves running). */
RA_MUST_CHECK enum ra_err ra_host_platform(
    struct ra_host *h, struct ra_ipc_platform *info);

/* The quoting enclave's TARGETINFO and the platform's EPID group. */
RA_MUST_CHECK enum ra_err ra_host_qe_target(
    struct ra_host *h, struct ra_ipc_qe_target *qe);

/* End the enclave: its process exits when its channel closes. */
void ra_host_destroy(struct ra_host_enclave *e);

#endif
