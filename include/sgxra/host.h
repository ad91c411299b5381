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
 * Why the enclave ended the last ECALL with an error of its own, or ""
 * if it did not: when the platform refuses the enclave's memory (an MEE
 * integrity failure: "MEE integrity failure at DRAM offset 0x...", or a
 * tampered evicted page), the enclave process sends that message and
 * exits, and ra_host_ecall returns the platform's error (RA_ERR_LOCKED,
 * RA_ERR_AUTH). Valid while e is.
 */
const char *ra_host_enclave_error(const struct ra_host_enclave *e);

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
 * DCAP (docs/platform.md "DCAP quotes"). ra_host_get_quote_dcap: as
 * ra_host_get_quote, an ECDSA quote (v3, the PCK certificate chain as
 * certification data) instead; RA_ERR_STATE while the platform has no PCK
 * certificate. ra_host_dcap_id: what a PCS pckcert request names (the
 * encrypted PPID, CPUSVN, PCESVN, PCE-ID); RA_ERR_STATE before EPID
 * provisioning (the PPID is encrypted to the service's key it brings).
 * ra_host_dcap_cert: install the PCK certificate chain (PEM) the service
 * issued; RA_ERR_KEY if it certifies another key than the platform's
 * PCK key at its current TCB.
 */
RA_MUST_CHECK enum ra_err ra_host_get_quote_dcap(struct ra_host *h,
    struct ra_buf *quote, struct ra_report *qe_report,
    const struct ra_report *app_report,
    const uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN], struct ra_ipc_error *why);
RA_MUST_CHECK enum ra_err ra_host_dcap_id(
    struct ra_host *h, struct ra_ipc_dcap_id *id, struct ra_ipc_error *why);
RA_MUST_CHECK enum ra_err ra_host_dcap_cert(struct ra_host *h,
    const uint8_t *pem, size_t len, struct ra_ipc_error *why);

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

/*
 * Remote attestation of enclave e to a service provider (sgxra-spd's
 * HTTP transport), driving every step: QE target and GID from the
 * platform (seed diagram step 3), msg0||msg1 from the enclave to the SP
 * and msg2 back (1), the enclave's REPORT for the QE (2), the quote from
 * the QE (9, 10), msg3 to the SP (4), which consults the attestation
 * service (5-7) and answers msg4 (8), processed by the enclave. The
 * enclave must carry RA_ATTEST_ECALLS (sgxra/attest.h) at ecall_base.
 */
struct ra_host_attest_step {
	int step;         /* the seed diagram's step number, 1..10 */
	const char *from; /* "enclave", "application", "QE", "SP" */
	const char *to;
	const char *what; /* "msg0||msg1", "REPORT (target QE)", ... */
	size_t bytes;
};

struct ra_host_attest_opts {
	const char *sp_url;  /* "http://127.0.0.1:8450" (https, or http to a
	                        loopback host) */
	const char *ca_file; /* CAs for the SP's TLS; NULL: the system's */
	long timeout_ms;     /* per SP request; 0: 30000 */
	uint32_t ecall_base; /* index of the enclave's RA_ATTEST_ECALLS */
	/*
	 * Called at each step (may be NULL), for logs and the demo: as
	 * soon as the step's message is ready to go (or has arrived, for
	 * an answer), so the time between two calls is the time the
	 * later message took to make.
	 */
	void (*trace)(void *ctx, const struct ra_host_attest_step *s);
	void *trace_ctx;
};

struct ra_host_attest_result {
	uint32_t status;               /* enum ra_att_status from msg4 */
	uint32_t secret_len;           /* bytes provisioned into the enclave */
	struct ra_hash256 secret_hash; /* SHA-256 of them, as the enclave
	                                  computed it */
	char session[33];              /* the SP's session id */
	char verdict[256];             /* the SP's verdict or refusal message */
	long http_status;              /* of the SP's last answer */
};

/*
 * RA_OK: the exchange completed and the enclave verified msg4; r->status
 * tells whether the SP trusts it (RA_ATT_TRUSTED and a secret, or not).
 * RA_ERR_POLICY: the SP refused before msg4 (r->verdict, r->http_status);
 * RA_ERR_STATE: the platform is not provisioned (r->verdict says so);
 * RA_ERR_AUTH: the enclave refused msg2 (not our SP, or changed on the
 * way) or msg4; RA_ERR_IO: the SP or the platform is unreachable.
 */
RA_MUST_CHECK enum ra_err ra_host_attest(struct ra_host *h,
    struct ra_host_enclave *e, const struct ra_host_attest_opts *o,
    struct ra_host_attest_result *r);

/*
 * The platform's EPC and memory encryption engine (MEE_STATS), its page
 * map (EPC_PAGES: at most cap entries into out, *n of them; RA_ERR_SPACE
 * if more), and MEE_FLUSH, which drops the engine's node cache so that
 * tree nodes are read from DRAM again (docs/mee.md).
 */
RA_MUST_CHECK enum ra_err ra_host_mee_stats(
    struct ra_host *h, struct ra_ipc_mee_stats *s);
RA_MUST_CHECK enum ra_err ra_host_epc_pages(
    struct ra_host *h, struct ra_ipc_epc_page *out, size_t cap, size_t *n);
RA_MUST_CHECK enum ra_err ra_host_mee_flush(struct ra_host *h);

/* End the enclave: its process exits when its channel closes. */
void ra_host_destroy(struct ra_host_enclave *e);

#endif
