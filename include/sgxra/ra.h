/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_RA_H
#define RA_RA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/ias.h"
#include "sgxra/msg.h"
#include "sgxra/random.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"
#include "sgxra/x509.h"

/*
 * The SGX remote-attestation key exchange (msg0..msg4, docs/protocol.md,
 * FORMATS.md §4) as two protocol engines, each a table of steps
 * (STYLE.md §3.9): the enclave side (what the Intel SDK's sgx_ra_*
 * trusted functions do, plus msg4) and the service-provider side.
 *
 * Neither engine touches the network, the clock or a global RNG. The
 * enclave side reaches the platform through struct ra_enclave_ops (in an
 * enclave: ra_enclave_report / ra_enclave_verify_report; in tests: an
 * in-process platform); the SP side reaches the attestation service
 * through struct ra_sp_service. Time and randomness are parameters.
 *
 * A call made out of protocol order is RA_ERR_STATE. Any failure other
 * than RA_ERR_ARG / RA_ERR_SPACE / RA_ERR_STATE ends the session: every
 * later call is RA_ERR_STATE, and the keys are wiped. A failed session
 * never releases a secret.
 */

/* ---- enclave side ----------------------------------------------------- */

/* What the enclave side needs from the platform. */
struct ra_enclave_ops {
	/* EREPORT for ti with report_data (ra_enclave_report). */
	enum ra_err (*report)(void *ctx, struct ra_report *out,
	    const struct ra_targetinfo *ti,
	    const uint8_t report_data[RA_REPORT_DATA_LEN]);
	/* Verify a REPORT targeting this enclave: RA_OK or RA_ERR_AUTH. */
	enum ra_err (*verify_report)(void *ctx, const struct ra_report *r);
	void *ctx;
};

struct ra_ctx;

/*
 * Start a session (sgx_ra_init): sp_pub is the service provider's
 * long-term ECDSA key, compiled into the enclave (so it is part of
 * MRENCLAVE). The ephemeral key pair a, g_a is drawn from rng (NULL: the
 * system source), which is kept for the session. ops and rng must
 * outlive the session. RA_ERR_KEY if sp_pub is not a P-256 point.
 */
RA_MUST_CHECK enum ra_err ra_init(struct ra_ctx **c,
    const struct ra_ec256_pub *sp_pub, const struct ra_enclave_ops *ops,
    const struct ra_rng *rng);

/* End the session and wipe it (NULL is accepted). */
void ra_close(struct ra_ctx *c);

/*
 * msg1 (68 bytes) for this session's g_a and the platform's EPID GID
 * (from the QE target, sgx_ra_get_msg1). Step: INIT -> MSG1_SENT.
 */
RA_MUST_CHECK enum ra_err ra_get_msg1(
    struct ra_ctx *c, struct ra_buf *out, uint32_t gid);

/*
 * Process msg2 (sgx_ra_proc_msg2_trusted). In order: parse; kdf_id = 1;
 * g_b on the curve; Gab = ECDH(a, g_b); KDK, SMK; verify the MAC of
 * bytes 0..147 under SMK; verify sign_gb_ga (ECDSA-SHA256 by sp_pub over
 * g_b || g_a as on the wire); derive SK, MK, VK; then the REPORT for the
 * quoting enclave qe_ti with REPORTDATA = SHA-256(g_a || g_b || VK) || 0^32,
 * and a fresh 16-byte quote nonce for the QE.
 *
 * On RA_OK: *report is the application REPORT for the QE, nonce the QE
 * nonce, *req (may be NULL) the views the host needs for get-quote: the
 * SPID, quote type and the SigRL, pointing into msg2 (valid while msg2
 * is). RA_ERR_AUTH: the MAC or sign_gb_ga does not verify (a changed g_b
 * or a different SP). Step: MSG1_SENT -> MSG2_DONE.
 */
struct ra_quote_req {
	uint8_t spid[RA_SPID_LEN];
	enum ra_quote_sign_type quote_type;
	struct ra_bytes sig_rl;
};

RA_MUST_CHECK enum ra_err ra_proc_msg2(struct ra_ctx *c,
    struct ra_report *report, uint8_t nonce[16], struct ra_quote_req *req,
    const uint8_t *msg2, size_t msg2_len, const struct ra_targetinfo *qe_ti);

/*
 * msg3 (sgx_ra_get_msg3_trusted) from the QE's answer: verify qe_report
 * (it must target this enclave: ops->verify_report), check that its
 * REPORTDATA is SHA-256(nonce || quote) || 0^32 and that the quote's
 * report body is the REPORT made in ra_proc_msg2 (the QE quoted us, this
 * session); then write msg3 = MAC_SMK || g_a || ps_sec_prop (zero) ||
 * quote. Step: MSG2_DONE -> MSG3_SENT.
 */
RA_MUST_CHECK enum ra_err ra_get_msg3(struct ra_ctx *c, struct ra_buf *out,
    const struct ra_report *qe_report, const uint8_t *quote, size_t quote_len);

/*
 * Process msg4: verify its MAC under MK (status and PIB are read only
 * after that), then, if N > 0, decrypt the secret with SK (AES-GCM, zero
 * IV) into secret[0..cap). *status is the SP's attestation status; *pib
 * (may be NULL) the platform info blob. A secret is released only when
 * the status is RA_ATT_TRUSTED or RA_ATT_TRUSTED_COMPLICATED; a secret
 * under any other status is RA_ERR_FORMAT. Step: MSG3_SENT -> DONE.
 */
RA_MUST_CHECK enum ra_err ra_proc_msg4(struct ra_ctx *c,
    enum ra_att_status *status, struct ra_pib *pib, uint8_t *secret, size_t cap,
    size_t *secret_len, const uint8_t *msg4, size_t msg4_len);

/* SK or MK of a session past msg2 (sgx_ra_get_keys). */
enum ra_key_type {
	RA_KEY_SK = 1,
	RA_KEY_MK = 2,
};
RA_MUST_CHECK enum ra_err ra_get_keys(
    struct ra_ctx *c, enum ra_key_type type, struct ra_key128 *key);

/* ---- service-provider side -------------------------------------------- */

/*
 * The attestation service as the SP engine sees it. get_sigrl writes the
 * group's SigRL (possibly empty) to sigrl; post_report submits quote with
 * nonce and returns what ra_avr_verify() needs (the engine verifies it).
 * Either returns an error to abort the session (RA_ERR_NOT_FOUND for an
 * unknown group, RA_ERR_IO for an unreachable service).
 */
struct ra_sp_avr {
	const uint8_t *body;
	size_t body_len;
	const char *sig;
	size_t sig_len;
	const char *certs;
	size_t certs_len;
};

struct ra_sp_service {
	enum ra_err (*get_sigrl)(void *ctx, uint32_t gid, struct ra_buf *sigrl);
	/* The answer stays valid until the next call or the session's end. */
	enum ra_err (*post_report)(void *ctx, struct ra_sp_avr *avr,
	    const uint8_t *quote, size_t quote_len, const char *nonce);
	/*
	 * DCAP (quote_type RA_QUOTE_DCAP): submit the quote to a Quote
	 * Verification Service (POST .../attestation/sgx/dcap/v1/report)
	 * and return its signed report, which the engine verifies with
	 * ra_qvs_verify(). May be NULL when the SP does not use DCAP.
	 */
	enum ra_err (*post_dcap_report)(void *ctx, struct ra_sp_avr *avr,
	    const uint8_t *quote, size_t quote_len, const char *nonce);
	void *ctx;
};

/*
 * The SP's enclave policy, applied to the verified quote body. Pointers
 * are borrowed for the life of every session that uses the config.
 */
struct ra_sp_policy {
	/* Accepted MRENCLAVE values; none listed: any (then the signer
	 * rule below must be set). */
	const struct ra_hash256 *mrenclave;
	size_t mrenclave_count;
	/* MRSIGNER + ISVPRODID + minimum ISVSVN, if has_signer. */
	bool has_signer;
	struct ra_hash256 mrsigner;
	uint16_t isv_prod_id;
	uint16_t min_isv_svn;
	bool allow_debug; /* default false: ATTRIBUTES.DEBUG is refused */
	/* AVR statuses accepted: RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK) | ...
	 * (OK always is, so 0 means OK only) */
	uint32_t accept;
	/* Statuses that still get the secret (subset of accept; OK always). */
	uint32_t provision;
};

/*
 * Who signs g_b || g_a when the SP's key lives in another process
 * (sgxra-spd's key-holding child): sign writes sign_gb_ga for the two
 * points, typically by asking the key's holder to run ra_sp_sign_gb_ga.
 */
struct ra_sp_signer {
	enum ra_err (*sign)(void *ctx, struct ra_ec256_sig *sig,
	    const struct ra_ec256_pub *g_b, const struct ra_ec256_pub *g_a);
	void *ctx;
};

struct ra_sp_config {
	struct ra_ec256_priv sp_priv;      /* signs g_b || g_a (secret) ... */
	const struct ra_sp_signer *signer; /* ... unless this is set */
	uint8_t spid[RA_SPID_LEN];
	/*
	 * RA_QUOTE_UNLINKABLE or _LINKABLE: EPID, as Intel's SP; RA_QUOTE_DCAP
	 * (msg2 quote_type 2, an sgxra extension): no SigRL is asked for,
	 * the enclave's platform sends a DCAP v3 quote, which goes to
	 * svc->post_dcap_report, whose report (version 5) is verified and
	 * checked as an AVR is; the policy and msg4 are the same.
	 */
	enum ra_quote_sign_type quote_type;
	const struct ra_x509 *avr_anchor; /* the attestation service's root */
	/* false: refuse an anchor that is not Intel's Attestation Report
	 * Signing CA (an emulated service) */
	bool allow_emulated;
	int64_t avr_max_age; /* seconds; e.g. 300 */
	struct ra_sp_policy policy;
	const uint8_t *secret; /* provisioned on success; may be empty */
	size_t secret_len;
};

struct ra_sp_session;

/* Why the SP side refused or how it decided: for logs and msg4. */
enum ra_sp_reason {
	RA_SP_REASON_NONE = 0,
	RA_SP_REASON_FORMAT,      /* malformed message */
	RA_SP_REASON_EGID,        /* msg0: extended GID not 0 */
	RA_SP_REASON_KEY,         /* g_a not on the curve */
	RA_SP_REASON_SIGRL,       /* the service refused the SigRL */
	RA_SP_REASON_GA,          /* msg3 g_a differs from msg1's */
	RA_SP_REASON_MAC,         /* msg3 MAC */
	RA_SP_REASON_QUOTE,       /* quote malformed, wrong GID, type, SPID */
	RA_SP_REASON_SERVICE,     /* the attestation service failed */
	RA_SP_REASON_AVR,         /* AVR chain or signature */
	RA_SP_REASON_ANCHOR,      /* emulated anchor refused */
	RA_SP_REASON_AVR_CHECK,   /* nonce, quote body, freshness */
	RA_SP_REASON_STATUS,      /* AVR status not accepted */
	RA_SP_REASON_REPORT_DATA, /* REPORTDATA not SHA-256(g_a||g_b||VK) */
	RA_SP_REASON_DEBUG,       /* debug enclave refused */
	RA_SP_REASON_MRENCLAVE,   /* MRENCLAVE not allowed */
	RA_SP_REASON_SIGNER,      /* MRSIGNER / ISVPRODID / ISVSVN */
};

const char *ra_sp_reason_name(enum ra_sp_reason r);

/*
 * sign_gb_ga of msg2: ECDSA-SHA256 by the SP's key over g_b || g_a in
 * their SGX (little-endian) encoding, nonce from rng (NULL: the system
 * source). RA_ERR_KEY if either point is not on P-256: the key's holder
 * signs key-exchange transcripts only.
 */
RA_MUST_CHECK enum ra_err ra_sp_sign_gb_ga(struct ra_ec256_sig *sig,
    const struct ra_ec256_priv *sp_priv, const struct ra_ec256_pub *g_b,
    const struct ra_ec256_pub *g_a, const struct ra_rng *rng);

/*
 * A new SP session for cfg (borrowed; must outlive the session), drawing
 * g_b and nonces from rng (NULL: the system source).
 */
RA_MUST_CHECK enum ra_err ra_sp_new(struct ra_sp_session **s,
    const struct ra_sp_config *cfg, const struct ra_sp_service *svc,
    const struct ra_rng *rng);
void ra_sp_free(struct ra_sp_session *s);

/*
 * msg0 || msg1 (72 bytes, sgx-ra-sample's form) -> msg2. In order:
 * parse; extended GID 0; g_a on the curve; SigRL for the GID from the
 * service (EPID only: a DCAP msg2 has none); g_b; Gab, KDK, SMK, SK, MK, VK;
 * sign_gb_ga; MAC. Step: START -> MSG2_SENT.
 */
RA_MUST_CHECK enum ra_err ra_sp_proc_msg01(struct ra_sp_session *s,
    struct ra_buf *msg2, const uint8_t *msg01, size_t len);

/*
 * msg3 -> msg4. In order: parse; g_a equals msg1's; MAC under SMK; quote
 * parses, its GID is msg1's, its sign type the configured one, its
 * basename starts with the SPID (DCAP: a v3 quote with an SGX body, with
 * its report, version 5, from the Quote Verification Service instead
 * of an AVR); submit with a fresh nonce; verify the
 * AVR (chain to the anchor at now, signature), refuse an emulated anchor
 * unless allowed, check it (version 4, nonce, quote body, max age; a
 * timestamp up to 60 seconds ahead of now is accepted as clock skew);
 * REPORTDATA = SHA-256(g_a || g_b || VK) || 0^32; debug; MRENCLAVE or
 * signer rule; status in accept. msg4 carries the verdict: RA_ATT_TRUSTED
 * (OK) or RA_ATT_TRUSTED_COMPLICATED (another accepted status) with the
 * secret, RA_ATT_NOT_TRUSTED otherwise, always MACed under MK once the
 * msg3 MAC has verified (a refusal before that writes no msg4 and
 * returns the error).
 *
 * RA_OK: msg4 written (look at *reason: RA_SP_REASON_NONE means trusted).
 * Step: MSG2_SENT -> DONE; a second msg3 is RA_ERR_STATE.
 */
RA_MUST_CHECK enum ra_err ra_sp_proc_msg3(struct ra_sp_session *s,
    struct ra_buf *msg4, enum ra_sp_reason *reason, const uint8_t *msg3,
    size_t len, int64_t now);

/*
 * After ra_sp_proc_msg3: the verified report (NULL before, and NULL if
 * the report did not verify). Valid until ra_sp_free. For DCAP the
 * fields the SP decides on (id, timestamp, version, status, nonce, the
 * quote's report body in quote.report_body) are those of the verified
 * QVS report, the whole of which ra_sp_qvs() returns (NULL for EPID).
 */
const struct ra_avr *ra_sp_avr(const struct ra_sp_session *s);
const struct ra_qvs_report *ra_sp_qvs(const struct ra_sp_session *s);
/* The reason the last failing step gave (RA_SP_REASON_NONE if none). */
enum ra_sp_reason ra_sp_last_reason(const struct ra_sp_session *s);

/*
 * True if anchor is Intel's "Intel SGX Attestation Report Signing CA"
 * certificate (compared by the SHA-256 of its DER): the only anchor
 * under which an AVR is Intel's. Any other anchor is an emulated (or
 * private) attestation service.
 */
bool ra_sp_anchor_is_intel(const struct ra_x509 *anchor);

#endif
