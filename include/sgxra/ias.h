/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_IAS_H
#define RA_IAS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/pib.h"
#include "sgxra/quote.h"
#include "sgxra/types.h"
#include "sgxra/x509.h"

/*
 * The client side of the Intel Attestation Service (IAS) API v4 (and the
 * v3/v5 reports it may meet): fetch a SigRL, submit a quote, and verify
 * the Attestation Verification Report (AVR) that comes back. FORMATS.md
 * §5; docs/ias-client.md.
 *
 * Verification order (ra_avr_verify): the inputs are decoded and
 * bounded; the certificate chain from the X-IASReport-Signing-Certificate
 * header is verified up to a caller-given anchor at a caller-given time;
 * the RSA-2048 PKCS#1 v1.5 SHA-256 signature of the X-IASReport-Signature
 * header is verified over the exact body bytes; only then is the body
 * parsed as JSON. Whether the report is acceptable to a service provider
 * (nonce, quote, freshness, status) is a separate, explicit step:
 * ra_avr_check().
 *
 * Layering: src/lib/wire/avr_json.c parses the body (ra_avr_json_parse)
 * and never verifies; src/lib/ra/avr.c verifies and decides; src/lib/ra/
 * ias_client.c speaks HTTP (libcurl).
 */

/* ---- the report ------------------------------------------------------- */

/* Bounds of an AVR body and of its fields (characters, without a NUL). */
#define RA_AVR_BODY_MAX_LEN        65536
#define RA_AVR_ID_MAX_LEN          64
#define RA_AVR_TIMESTAMP_MAX_LEN   26 /* "2020-05-11T09:21:15.454051" */
#define RA_AVR_FRAC_MAX_LEN        6  /* microseconds */
#define RA_AVR_STATUS_MAX_LEN      64
#define RA_AVR_PSE_STATUS_MAX_LEN  32
#define RA_AVR_NONCE_MAX_LEN       32
#define RA_AVR_URL_MAX_LEN         256
#define RA_AVR_ADVISORY_ID_MAX_LEN 32
/* Most advisory ids a report may list. */
#define RA_AVR_ADVISORY_MAX 64
/* epidPseudonym: B || K, two EPID G1 points (FORMATS.md §7.10). */
#define RA_AVR_PSEUDONYM_LEN 128
/* Largest revocationReason (RFC 5280 CRLReason aACompromise). */
#define RA_AVR_REVOCATION_REASON_MAX 10

/*
 * isvEnclaveQuoteStatus, FORMATS.md §5.6. A status string that is not
 * one of these but is well formed (1..64 of A-Z, 0-9 and _) parses as
 * RA_AVR_STATUS_UNKNOWN with the text kept in status_text: IAS has added
 * statuses before (SW_HARDENING_NEEDED in v4), and a new verdict is an
 * outcome for policy to refuse, not a malformed report. ra_avr_check()
 * never accepts RA_AVR_STATUS_UNKNOWN.
 */
enum ra_avr_status {
	RA_AVR_STATUS_UNKNOWN = 0,
	RA_AVR_STATUS_OK = 1,
	RA_AVR_STATUS_SIGNATURE_INVALID = 2,
	RA_AVR_STATUS_GROUP_REVOKED = 3,
	RA_AVR_STATUS_SIGNATURE_REVOKED = 4,
	RA_AVR_STATUS_KEY_REVOKED = 5,
	RA_AVR_STATUS_SIGRL_VERSION_MISMATCH = 6,
	RA_AVR_STATUS_GROUP_OUT_OF_DATE = 7,
	RA_AVR_STATUS_CONFIGURATION_NEEDED = 8,
	RA_AVR_STATUS_SW_HARDENING_NEEDED = 9,
	RA_AVR_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED = 10,
	/* The Quote Verification Service's isvQuoteStatus values (DCAP,
	 * struct ra_qvs_report) that IAS does not have. */
	RA_AVR_STATUS_TCB_OUT_OF_DATE = 11,
	RA_AVR_STATUS_TCB_OUT_OF_DATE_AND_CONFIGURATION_NEEDED = 12,
	RA_AVR_STATUS_REVOKED = 13,
	RA_AVR_STATUS_TD_RELAUNCH_ADVISED = 14,
	RA_AVR_STATUS_TD_RELAUNCH_ADVISED_AND_CONFIGURATION_NEEDED = 15,
};
/* The last known status. */
#define RA_AVR_STATUS_LAST \
	RA_AVR_STATUS_TD_RELAUNCH_ADVISED_AND_CONFIGURATION_NEEDED

/* A set of statuses for struct ra_avr_expect. */
#define RA_AVR_STATUS_BIT(s) (1U << (unsigned int)(s))

/*
 * A parsed AVR body (FORMATS.md §5.5). Plain data with no pointers: it
 * may be copied, and it does not refer to the body it came from. Text
 * fields are NUL-terminated printable ASCII (0x20..0x7e), exactly as
 * sent. An optional field that is absent has its has_ flag false and is
 * zero. Do not rely on the size of this type.
 */
struct ra_avr {
	char id[RA_AVR_ID_MAX_LEN + 1];
	/* "YYYY-MM-DDThh:mm:ss[.ffffff]", UTC without a zone, as sent */
	char timestamp[RA_AVR_TIMESTAMP_MAX_LEN + 1];
	int64_t time; /* its whole seconds as Unix time */
	/* its fractional digits as sent ("454051"), "" when there are none */
	char time_frac[RA_AVR_FRAC_MAX_LEN + 1];
	uint32_t version; /* API version of the report: 3, 4, 5 */
	enum ra_avr_status status;
	char status_text[RA_AVR_STATUS_MAX_LEN + 1];
	/* isvEnclaveQuoteBody, base64-decoded: exactly 432 bytes ... */
	uint8_t quote_body[RA_EPID_QUOTE_BODY_LEN];
	/* ... and parsed; quote.body and quote.signature are empty views */
	struct ra_epid_quote quote;
	bool has_revocation_reason; /* revocationReason (GROUP_REVOKED) */
	uint32_t revocation_reason; /* RFC 5280 CRLReason, 0..10 */
	bool has_pse_manifest_status;
	char pse_manifest_status[RA_AVR_PSE_STATUS_MAX_LEN + 1];
	bool has_pse_manifest_hash;
	struct ra_hash256 pse_manifest_hash;
	bool has_pib; /* platformInfoBlob: hex of the 105-byte TLV */
	struct ra_pib pib;
	bool has_nonce;
	char nonce[RA_AVR_NONCE_MAX_LEN + 1];
	bool has_epid_pseudonym; /* linkable quotes */
	uint8_t epid_pseudonym[RA_AVR_PSEUDONYM_LEN];
	bool has_advisory_url;
	char advisory_url[RA_AVR_URL_MAX_LEN + 1];
	bool has_advisory_ids; /* the member is present (it may be []) */
	size_t advisory_count;
	char advisory_ids[RA_AVR_ADVISORY_MAX][RA_AVR_ADVISORY_ID_MAX_LEN + 1];
	bool has_tcb_evaluation_data_number; /* API v5 */
	uint32_t tcb_evaluation_data_number;
};

/*
 * Verify an AVR as IAS sent it and parse it into *avr.
 *
 *   body, body_len       the exact bytes of the HTTP response body, at
 *                        most RA_AVR_BODY_MAX_LEN
 *   sig, sig_len         the X-IASReport-Signature header value: base64
 *                        (padded, no whitespace) of the signature
 *   certs, certs_len     the X-IASReport-Signing-Certificate header
 *                        value: the percent-encoded PEM of the signing
 *                        certificate, optionally followed by its CA (at
 *                        most RA_IAS_CERTS_HEADER_MAX_LEN characters)
 *   anchor               the pinned trust anchor (Intel's "Attestation
 *                        Report Signing CA"), self-signed
 *   now                  the verification time, Unix seconds
 *
 * Steps, in order: decode (the percent-encoding strictly, see
 * ra_pct_decode, then the PEM list; the base64 signature); verify the
 * chain to anchor at now with ra_x509_verify(), and require an RSA-2048
 * key in its first (leaf) certificate; verify the RSA PKCS#1 v1.5
 * SHA-256 signature over body[0..body_len); parse with
 * ra_avr_json_parse(). Nothing of the body is read before the signature
 * has verified.
 *
 * RA_OK: the chain and the signature verified and the body parsed;
 * *avr holds the report. Whether its verdict is acceptable is for the
 * caller (ra_avr_check()): a report whose status is GROUP_REVOKED is a
 * verified report.
 * RA_ERR_FORMAT: an input is malformed or too long (percent escapes,
 * PEM, base64, or, after a valid signature, the JSON body).
 * RA_ERR_VERSION: after a valid signature, the quote body or the
 * platform info blob has an unknown version or type.
 * RA_ERR_CERT: the chain does not verify, or its leaf key is not
 * RSA-2048; *detail (which may be NULL) names the certificate (depth 0
 * is the leaf) and the reason.
 * RA_ERR_AUTH: the signature does not verify (a signature that does not
 * decode to 256 bytes included).
 * RA_ERR_ARG (NULL pointers), RA_ERR_NOMEM, RA_ERR_CRYPTO.
 * On any failure *avr is zeroed. Pointers are borrowed for the call;
 * nothing here is secret and nothing is constant-time.
 */
RA_MUST_CHECK enum ra_err ra_avr_verify(struct ra_avr *avr,
    struct ra_x509_verify_detail *detail, const uint8_t *body, size_t body_len,
    const char *sig, size_t sig_len, const char *certs, size_t certs_len,
    const struct ra_x509 *anchor, int64_t now);

/*
 * Parse an AVR body WITHOUT verifying anything: for ra_avr_verify(),
 * which calls it only after the signature has verified, and for tests
 * and fuzzing. Never act on its result otherwise.
 *
 * The body must be one JSON object (jansson, strict: duplicate keys,
 * NUL characters and trailing bytes other than whitespace are refused)
 * of at most RA_AVR_BODY_MAX_LEN bytes. Required: id, timestamp,
 * version (an integer 1..1000), isvEnclaveQuoteStatus and
 * isvEnclaveQuoteBody. Every member listed in struct ra_avr must have its
 * JSON type (string, number or array of strings), its bound and its
 * encoding (base64 of exactly 432 and 128 bytes, hex of 32 and of the
 * 105-byte PIB TLV); any other member is ignored (a newer API may add
 * members). RA_ERR_FORMAT for any violation, RA_ERR_VERSION as for
 * ra_avr_verify(). On failure *avr is zeroed.
 */
RA_MUST_CHECK enum ra_err ra_avr_json_parse(
    struct ra_avr *avr, const uint8_t *body, size_t len);

/*
 * "2020-05-11T09:21:15.454051" (the fraction has 1..6 digits and is
 * optional; no zone: IAS writes UTC) to Unix seconds in *t and the
 * fraction's digits in frac (RA_AVR_FRAC_MAX_LEN + 1 bytes). Years 1970
 * to 9999; the date must exist. RA_ERR_FORMAT otherwise.
 */
RA_MUST_CHECK enum ra_err ra_avr_json_time(
    int64_t *t, char frac[RA_AVR_FRAC_MAX_LEN + 1], const char *s, size_t len);

/* "SW_HARDENING_NEEDED"; "UNKNOWN" for RA_AVR_STATUS_UNKNOWN or others. */
const char *ra_avr_status_name(enum ra_avr_status status);

/* ---- the service provider's policy ------------------------------------ */

/* Why ra_avr_check() refused a report. */
enum ra_avr_reason {
	RA_AVR_REASON_NONE = 0,
	RA_AVR_REASON_VERSION = 1, /* version is not the required one */
	RA_AVR_REASON_QUOTE = 2,   /* quote body is not the quote sent */
	RA_AVR_REASON_NONCE = 3,   /* nonce missing, unexpected or different */
	RA_AVR_REASON_STALE = 4,   /* timestamp older than max_age */
	RA_AVR_REASON_FUTURE = 5,  /* timestamp more than max_future ahead */
	RA_AVR_REASON_STATUS = 6,  /* status not in the accepted set */
};

/* The largest max_age / max_future ra_avr_check() takes (about 34 years). */
#define RA_AVR_MAX_WINDOW ((int64_t)1 << 30)

/*
 * What the service provider expects of a verified report. Pointers are
 * borrowed for the call.
 */
struct ra_avr_expect {
	uint32_t version; /* the report's version must equal it, e.g. 4 */
	/*
	 * The nonce sent with the quote (NUL-terminated), or NULL if none
	 * was sent: then the report must carry none either.
	 */
	const char *nonce;
	/* The quote submitted; its first 432 bytes must be the report's. */
	const uint8_t *quote;
	size_t quote_len;
	int64_t now;        /* the service provider's time, Unix seconds */
	int64_t max_age;    /* seconds the timestamp may lie before now */
	int64_t max_future; /* seconds it may lie after now (clock skew) */
	uint32_t accept;    /* RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK) | ... */
};

/*
 * Check a report that ra_avr_verify() returned against exp, in this
 * order: version, quote body (constant-time compare), nonce
 * (constant-time once the lengths agree), timestamp window (whole
 * seconds: now - max_age <= time <= now + max_future), status (in
 * exp->accept; RA_AVR_STATUS_UNKNOWN never is).
 *
 * RA_OK with *reason = RA_AVR_REASON_NONE, or RA_ERR_POLICY with *reason
 * naming the first check that failed. RA_ERR_ARG for NULL pointers, a
 * quote shorter than 432 bytes, now outside 0..253402300799 or a window
 * outside 0..RA_AVR_MAX_WINDOW.
 */
RA_MUST_CHECK enum ra_err ra_avr_check(const struct ra_avr *avr,
    enum ra_avr_reason *reason, const struct ra_avr_expect *exp);

/* "nonce mismatch", ...: a static string for logs. */
const char *ra_avr_reason_name(enum ra_avr_reason reason);

/* ---- the DCAP Quote Verification Service report ----------------------- */

/*
 * Intel's Quote Verification Service (QVS, intel/SGX-TDX-DCAP-
 * QuoteVerificationService src/handlers/verifyAttestationEvidence.js)
 * answers POST /attestation/sgx/dcap/v1/report {"isvQuote": base64,
 * "nonce"?} with a report signed like an AVR (the same two headers,
 * RSA-2048 PKCS#1 v1.5 SHA-256 over the exact body). sgxra-attestd
 * serves the same endpoint (docs/attestd.md "DCAP reports").
 */

/* isvQuoteBody: header [+ v5 body descriptor] + body, at most a v5 TD
 * 1.5 quote's 48 + 6 + 648 bytes. */
#define RA_QVS_QUOTE_BODY_MAX_LEN 702
#define RA_QVS_TYPE_MAX_LEN       32
#define RA_QVS_CONFIGURATION_MAX  8

/*
 * A parsed QVS report body. Plain data, no pointers; text fields are
 * NUL-terminated printable ASCII as sent. Do not rely on its size.
 */
struct ra_qvs_report {
	char id[RA_AVR_ID_MAX_LEN + 1];
	/* "YYYY-MM-DDThh:mm:ssZ" as sent, and as Unix seconds */
	char timestamp[RA_AVR_TIMESTAMP_MAX_LEN + 1];
	int64_t time;
	uint32_t version;                               /* 5 */
	char attestation_type[RA_QVS_TYPE_MAX_LEN + 1]; /* "ECDSA" */
	char tee_type[RA_QVS_TYPE_MAX_LEN + 1];         /* "SGX_STANDARD" */
	/* isvQuoteStatus: a known one, or RA_AVR_STATUS_UNKNOWN with the
	 * well-formed text kept (as for AVRs) */
	enum ra_avr_status status;
	char status_text[RA_AVR_STATUS_MAX_LEN + 1];
	/* isvQuoteBody, base64-decoded */
	uint8_t quote_body[RA_QVS_QUOTE_BODY_MAX_LEN];
	size_t quote_body_len;
	/* ... and its SGX report body when it is an SGX quote's (v3/v4
	 * header with TEE type 0 and 384 body bytes; v5 with body type 1) */
	bool has_sgx_body;
	struct ra_report_body sgx_body;
	uint32_t tcb_evaluation_data_number;
	char tcb_date[RA_AVR_TIMESTAMP_MAX_LEN + 1];
	int64_t tcb_time;
	bool has_nonce;
	char nonce[RA_AVR_NONCE_MAX_LEN + 1];
	bool has_advisory_url;
	char advisory_url[RA_AVR_URL_MAX_LEN + 1];
	bool has_advisory_ids;
	size_t advisory_count;
	char advisory_ids[RA_AVR_ADVISORY_MAX][RA_AVR_ADVISORY_ID_MAX_LEN + 1];
	size_t configuration_count; /* "configuration": ["SMT enabled", ...] */
	char configuration[RA_QVS_CONFIGURATION_MAX][RA_QVS_TYPE_MAX_LEN + 1];
};

/*
 * Parse a QVS report body WITHOUT verifying anything (for
 * ra_qvs_verify(), tests and fuzzing). One strict JSON object of at most
 * RA_AVR_BODY_MAX_LEN bytes (as ra_avr_json_parse). Required: id,
 * timestamp (…Z), version (1..1000), attestationType, teeType,
 * isvQuoteStatus, isvQuoteBody (base64 of 48 to RA_QVS_QUOTE_BODY_MAX_LEN
 * bytes), tcbEvaluationDataNumber, tcbDate; optional: nonce,
 * advisoryURL, advisoryIDs, configuration; tcbComponentsOutOfDate and
 * any other member are ignored. RA_ERR_FORMAT for any violation; on
 * failure *r is zeroed.
 */
RA_MUST_CHECK enum ra_err ra_qvs_json_parse(
    struct ra_qvs_report *r, const uint8_t *body, size_t len);

/*
 * Verify a QVS report as ra_avr_verify() verifies an AVR (the same code:
 * decode, chain to anchor at now with an RSA-2048 leaf, signature over
 * the exact body), then parse it with ra_qvs_json_parse(). Results and
 * ownership as ra_avr_verify(); on failure *r is zeroed.
 */
RA_MUST_CHECK enum ra_err ra_qvs_verify(struct ra_qvs_report *r,
    struct ra_x509_verify_detail *detail, const uint8_t *body, size_t body_len,
    const char *sig, size_t sig_len, const char *certs, size_t certs_len,
    const struct ra_x509 *anchor, int64_t now);

/*
 * ra_avr_check() for a QVS report: version, quote body (the report's
 * isvQuoteBody must be exactly the first quote_body_len bytes of
 * exp->quote, and at least header + SGX body, 432), nonce, timestamp
 * window, status. Same results as ra_avr_check().
 */
RA_MUST_CHECK enum ra_err ra_qvs_check(const struct ra_qvs_report *r,
    enum ra_avr_reason *reason, const struct ra_avr_expect *exp);

/* ---- the HTTP client (libcurl) ---------------------------------------- */

/* Bounds of what the client sends and accepts. */
#define RA_IAS_BASE_URL_MAX_LEN     512
#define RA_IAS_API_KEY_MAX_LEN      64
#define RA_IAS_QUOTE_MAX_LEN        ((size_t)4 << 20)
#define RA_IAS_SIG_HEADER_MAX_LEN   1024
#define RA_IAS_CERTS_HEADER_MAX_LEN 16384
#define RA_IAS_REQUEST_ID_MAX_LEN   128

/*
 * Where and how to reach IAS. Pointers are borrowed for each call.
 *
 *   base_url    "https://api.trustedservices.intel.com/sgx/dev/
 *               attestation/v4" (no query; a trailing '/' is ignored).
 *               https is required, except http to a loopback host
 *               (127.0.0.1, [::1] or localhost), for tests.
 *   api_key     the Ocp-Apim-Subscription-Key value (a secret): 1 to
 *               RA_IAS_API_KEY_MAX_LEN letters and digits.
 *   ca_file     PEM file of the CAs that may sign the server's
 *               certificate; NULL: libcurl's default CA store.
 *   timeout_ms  the whole request's time limit, 1 .. 600000.
 *
 * TLS 1.2 or later; the server's certificate and host name are always
 * verified. No proxy (proxy environment variables are ignored), no
 * redirects, no cookies.
 */
struct ra_ias_conn {
	const char *base_url;
	const char *api_key;
	const char *ca_file;
	long timeout_ms;
};

/*
 * Call once, before any other thread exists, before the first request
 * (it runs curl_global_init); ra_ias_global_cleanup() once at the end.
 * After that the request functions are thread-safe: each uses its own
 * handle, and the library keeps no other state. RA_ERR_CRYPTO if libcurl
 * cannot initialise. The library reads no environment variable, but
 * libcurl's initialisation does read SSLKEYLOGFILE (TLS key logging) and
 * OpenSSL its OPENSSL_CONF: control the environment of a process that
 * holds IAS credentials.
 */
RA_MUST_CHECK enum ra_err ra_ias_global_init(void);
void ra_ias_global_cleanup(void);

/*
 * GET {base_url}/sigrl/{gid as 8 lowercase hex digits}. gid is the EPID
 * group id as in struct ra_epid_quote (msg1's GID read as u32 LE).
 *
 * *http_status receives the HTTP status (0 if no response arrived). On
 * 200 the base64 body is decoded, as it arrives, into sigrl[0..cap) and
 * *sigrl_len receives its length: 0 means the group has no SigRL (an
 * empty body); otherwise the bytes are a SigRL for ra_sigrl_parse().
 *
 * RA_OK (200); RA_ERR_UNAUTHORIZED (401: the subscription key was
 * refused); RA_ERR_NOT_FOUND (404: IAS knows no such group);
 * RA_ERR_HTTP (any other status); RA_ERR_FORMAT (a 200 body that is not
 * strict base64); RA_ERR_SPACE (the SigRL exceeds cap: the transfer is
 * aborted); RA_ERR_IO (no response: connection, TLS, timeout);
 * RA_ERR_ARG (see struct ra_ias_conn); RA_ERR_NOMEM. On failure
 * *sigrl_len is 0.
 */
RA_MUST_CHECK enum ra_err ra_ias_get_sigrl(const struct ra_ias_conn *conn,
    uint8_t *sigrl, size_t cap, size_t *sigrl_len, long *http_status,
    uint32_t gid);

/*
 * What ra_ias_post_report() received, besides the body. The header
 * values are NUL-terminated, with surrounding whitespace removed; an
 * absent header is "". Do not rely on the size of this type (about 17
 * KiB: allocate it statically or on the heap in small-stack threads).
 */
struct ra_ias_report_resp {
	long http_status; /* 0 if no response arrived */
	size_t body_len;
	char signature[RA_IAS_SIG_HEADER_MAX_LEN + 1];
	size_t signature_len;
	char certs[RA_IAS_CERTS_HEADER_MAX_LEN + 1];
	size_t certs_len;
	char request_id[RA_IAS_REQUEST_ID_MAX_LEN + 1];
};

/*
 * POST {base_url}/report with Content-Type application/json and the
 * body {"isvEnclaveQuote":"<base64 of quote>","nonce":"<nonce>"} (no
 * nonce member if nonce is NULL). quote_len is 1..RA_IAS_QUOTE_MAX_LEN;
 * the nonce is 1..RA_AVR_NONCE_MAX_LEN printable ASCII characters.
 *
 * The response body goes, byte for byte, to body[0..body_cap) (give it
 * RA_AVR_BODY_MAX_LEN), its length to resp->body_len; the headers
 * X-IASReport-Signature, X-IASReport-Signing-Certificate and Request-ID
 * go to resp. Hand them to ra_avr_verify() unchanged.
 *
 * RA_OK (200 with both signature headers); RA_ERR_UNAUTHORIZED (401);
 * RA_ERR_NOT_FOUND (404); RA_ERR_HTTP (any other status; 400 means IAS
 * found the evidence malformed); RA_ERR_FORMAT (a 200 without the
 * signature headers, a repeated or oversized header); RA_ERR_SPACE (the
 * body exceeds body_cap: the transfer is aborted); RA_ERR_IO; RA_ERR_ARG;
 * RA_ERR_NOMEM. resp is filled as far as the response went, on failure
 * too (http_status, request_id help to report the error).
 */
RA_MUST_CHECK enum ra_err ra_ias_post_report(const struct ra_ias_conn *conn,
    struct ra_ias_report_resp *resp, uint8_t *body, size_t body_cap,
    const uint8_t *quote, size_t quote_len, const char *nonce);

/*
 * POST {base_url}/report to a Quote Verification Service (base_url
 * ".../attestation/sgx/dcap/v1"): as ra_ias_post_report(), with the
 * body {"isvQuote":"<base64>","nonce":"<nonce>"}. The answer is for
 * ra_qvs_verify().
 */
RA_MUST_CHECK enum ra_err ra_qvs_post_report(const struct ra_ias_conn *conn,
    struct ra_ias_report_resp *resp, uint8_t *body, size_t body_cap,
    const uint8_t *quote, size_t quote_len, const char *nonce);

#endif
