/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_HOST_H
#define RA_HOST_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/ipc.h"
#include "sgxra/quote.h"
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

/*
 * Ask the platform's quoting enclave for a quote (GET_QUOTE). app_report
 * is the application enclave's REPORT targeting the QE (made with
 * ra_host_qe_target's TARGETINFO); type, spid (the service's SPID) and
 * nonce (16 bytes, chosen by the application) are what to quote with;
 * sigrl (sigrl_len bytes, at most RA_IPC_SIGRL_MAX; NULL and 0 when the
 * group's SigRL is empty) is the SGX-form SigRL the service serves for
 * the platform's group. On RA_OK the quote is appended to quote and
 * qe_report holds the QE's REPORT for the application enclave, whose
 * REPORTDATA is SHA-256(nonce || quote) || 32 zero bytes: the enclave
 * checks it with ra_enclave_verify_report and that hash. On a refusal
 * why (may be NULL) holds the platform's reason: RA_ERR_STATE when the
 * platform is not provisioned, RA_ERR_AUTH when the REPORT's MAC or the
 * SigRL's signature does not verify, RA_ERR_POLICY for a SigRL of
 * another group or one that revokes this platform. RA_ERR_SPACE if the
 * quote does not fit in quote (nothing appended).
 */
RA_MUST_CHECK enum ra_err ra_host_get_quote(struct ra_host *h,
    struct ra_buf *quote, struct ra_report *qe_report,
    const struct ra_report *app_report, enum ra_quote_sign_type type,
    const uint8_t spid[RA_IPC_SPID_LEN],
    const uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN], const uint8_t *sigrl,
    size_t sigrl_len, struct ra_ipc_error *why);

/*
 * Provisioning (docs/platform.md "Provisioning and quoting"), the three
 * steps `sgxra platform provision` runs between the platform and the
 * attestation service's /provisioning/v1 API:
 *
 * ra_host_prov_id: the platform's PPID and authentication key (secret:
 * wipe it), which the administrator enrolls.
 *
 * ra_host_prov_join: hand the PvE what join/start returned; it keeps
 * the member secret f and returns the JoinRequest and its MAC for
 * join/finish. A new join replaces one not finished.
 *
 * ra_host_prov_finish: hand the PvE the credential join/finish returned
 * (gid || A || x, secret); it checks that it is a member key of the group,
 * seals it in the platform's state and quotes with it from then on.
 * *gid is the EPID group the platform is now in. RA_ERR_STATE without a
 * PROV_JOIN before, RA_ERR_KEY for a credential that is not a key of the
 * group.
 *
 * why (may be NULL) holds the platform's reason on a refusal.
 */
RA_MUST_CHECK enum ra_err ra_host_prov_id(
    struct ra_host *h, struct ra_ipc_prov_id *id, struct ra_ipc_error *why);
RA_MUST_CHECK enum ra_err ra_host_prov_join(struct ra_host *h,
    struct ra_ipc_prov_joined *out, const struct ra_ipc_prov_join *in,
    struct ra_ipc_error *why);
RA_MUST_CHECK enum ra_err ra_host_prov_finish(struct ra_host *h, uint32_t *gid,
    const struct ra_ipc_prov_finish *in, struct ra_ipc_error *why);

/* End the enclave: its process exits when its channel closes. */
void ra_host_destroy(struct ra_host_enclave *e);

#endif
