/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_ATTESTD_H
#define SGXRA_ATTESTD_H

/*
 * sgxra-attestd: the emulated Intel Attestation Service (IAS API v3/v4/v5
 * for EPID quotes), the emulated manufacturer's provisioning backend (EPID
 * join), and their administration. See docs/attestd.md.
 *
 * Processes: the HTTP front (this code, with httpd.h) and the
 * key-holding child (keeper.h, keys.c, protocol kproto.h). The front
 * parses everything that comes from the network and holds no private
 * key; state lives in the store (store.h), so several instances can share
 * one PostgreSQL database and one key directory.
 */
#include <limits.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <jansson.h>

#include "httpd.h"
#include "keeper.h"
#include "sgxra/crypto.h"
#include "sgxra/epid.h"
#include "sgxra/err.h"
#include "sgxra/random.h"
#include "sgxra/types.h"
#include "sgxra/verify.h"
#include "store.h"

/* --- configuration (config.c) -------------------------------------------- */

#define ATTESTD_DEFAULT_STATE  "/var/lib/sgxra/attestd"
#define ATTESTD_DEFAULT_LISTEN "127.0.0.1:8081"
#define ATTESTD_BODY_MAX       ((size_t)256 * 1024)
#define ATTESTD_ADVISORY_URL   "https://security-center.intel.com"

struct attestd_config {
	char state[PATH_MAX];
	char db[PATH_MAX + 16]; /* store URL; "" = sqlite:<state>/attestd.db */
	char listen[128];
	char admin_listen[128]; /* "" = admin routes on listen */
	char tls_cert[PATH_MAX];
	char tls_key[PATH_MAX];
	char user[64];
	char port_file[PATH_MAX];
	char admin_port_file[PATH_MAX];
	unsigned int threads;
	unsigned int idle_timeout_s;
	unsigned int request_timeout_s;
	unsigned int conn_limit;
	unsigned int per_ip_limit;
	size_t body_max;
	bool foreground;
	bool verbose;
	bool no_sandbox;
};

/* Defaults, then the file (if any), then the command line. */
void config_defaults(struct attestd_config *c);
/*
 * Read "key value" lines (the long option names without "--"; '#'
 * comments; blank lines). RA_ERR_FORMAT with why naming the line for an
 * unknown key or a bad value.
 */
RA_MUST_CHECK enum ra_err config_file(
    struct attestd_config *c, const char *path, char *why, size_t cap);
/* Set one option by name (shared by the file and the command line). */
RA_MUST_CHECK enum ra_err config_set(struct attestd_config *c, const char *key,
    const char *value, char *why, size_t cap);

/* --- keys (keys.c) ------------------------------------------------------- */

/*
 * --init: create the state directory, the keys and the administration
 * token (written to <state>/admin.token and returned in token, 33 bytes
 * with the NUL). RA_ERR_STATE if the state is already initialised.
 */
RA_MUST_CHECK enum ra_err keys_create(const char *state, int64_t now,
    char *token, size_t token_cap, char *why, size_t cap);
/* The key-holding child's operations for the keys of state. */
RA_MUST_CHECK enum ra_err keys_keeper_ops(
    struct keeper_ops *ops, const char *state, bool no_sandbox);

/* keys.c helpers, shared with dcap_keys.c: a file in dir, a random serial. */
RA_MUST_CHECK enum ra_err keys_write_in(const char *dir, const char *name,
    const void *data, size_t len, mode_t mode, char *why, size_t cap);
RA_MUST_CHECK enum ra_err keys_read_in(const char *dir, const char *name,
    bool secret, uint8_t **out, size_t *len, char *why, size_t cap);
/* A positive 63-bit serial (0 if the kernel gives no randomness). */
uint64_t keys_random_serial(void);
/* ECDSA-P256/SHA-256 of data by key, as r || s (64 bytes) into out. */
RA_MUST_CHECK enum ra_err keys_sign_ecdsa(const struct ra_ec256_priv *key,
    const uint8_t *data, size_t len, uint8_t *out, size_t cap, size_t *out_len);

/* --- the emulated DCAP PKI (dcap_keys.c) --------------------------------- */

#define DCAP_ROOT_CN   "sgxra EMULATED SGX Root CA \xe2\x80\x94 not Intel"
#define DCAP_CA_CN     "sgxra EMULATED SGX PCK Platform CA"
#define DCAP_SIGNER_CN "sgxra EMULATED SGX TCB Signing"
#define DCAP_PCK_CN    "sgxra EMULATED SGX PCK Certificate"

/* The child's DCAP keys: root, Platform CA, TCB Signing (in that order). */
struct dcap_keys {
	struct ra_ec256_priv priv[3];
	uint8_t der[3][4096];
	size_t der_len[3];
	char *pem[3]; /* public/ certificates */
	size_t pem_len[3];
};

/* Create the DCAP PKI in the keys and public directories. */
RA_MUST_CHECK enum ra_err dcap_keys_create(
    const char *keys, const char *pub, int64_t now, char *why, size_t cap);
/* Load it, creating it first if the state predates it; false with why. */
bool dcap_keys_load(struct dcap_keys *d, const char *keys, const char *pub,
    int64_t now, char *why, size_t cap);
void dcap_keys_free(struct dcap_keys *d);
/* K_DCAP_PUBLIC, K_DCAP_SIGN, K_PCK_ISSUE, K_DCAP_CRL (kproto.h). */
RA_MUST_CHECK enum ra_err dcap_keys_serve(const struct dcap_keys *d,
    uint32_t type, const uint8_t *in, size_t in_len, uint8_t *out, size_t cap,
    size_t *out_len, char *msg, size_t msg_cap);

/* --- the service --------------------------------------------------------- */

/* Report statuses (FORMATS.md §5.6), in the order of the metrics. */
enum ias_status {
	IAS_OK = 0,
	IAS_SIGNATURE_INVALID,
	IAS_GROUP_REVOKED,
	IAS_SIGNATURE_REVOKED,
	IAS_KEY_REVOKED,
	IAS_SIGRL_VERSION_MISMATCH,
	IAS_GROUP_OUT_OF_DATE,
	IAS_CONFIGURATION_NEEDED,
	IAS_SW_HARDENING_NEEDED,
	IAS_CONFIGURATION_AND_SW_HARDENING_NEEDED,
	IAS_STATUS_COUNT
};
const char *ias_status_name(enum ias_status s);
/* The status named s, or -1. */
int ias_status_from_name(const char *s);

struct group_cache;

struct attestd {
	struct attestd_config cfg;
	struct store *store;
	struct keeper *keeper;
	struct group_cache *groups;
	/* From the keeper at start: public material. */
	char *cert_header; /* X-IASReport-Signing-Certificate value */
	char *cert_pem;    /* the chain, PEM (leaf, root) */
	uint8_t quote_modulus[256];
	uint8_t epid_sign_pub[64]; /* EPID signing key x || y */
	/* The DCAP issuer chain headers, URL-encoded PEM (pcs.c). */
	char *dcap_ca_chain;     /* Platform CA, root */
	char *dcap_signer_chain; /* TCB Signing, root */
	/* The same chains as PEM, and the DCAP verifier anchored at the
	 * emulated root (qvs.c). */
	char *dcap_ca_pem;
	char *dcap_signer_pem;
	struct ra_dcap_verifier *dcap_vf;
	/* SHA-256 of the administration token. */
	struct ra_hash256 admin_token_hash;
	/* Counters for GET /metrics. */
	pthread_mutex_t lock;
	uint64_t reports_by_status[IAS_STATUS_COUNT];
	uint64_t joins;
};

/*
 * Load what the front needs from the keeper (certificates, public keys)
 * and the administration token's hash. RA_ERR_IO with why on failure.
 */
RA_MUST_CHECK enum ra_err attestd_load_public(
    struct attestd *ad, char *why, size_t cap);
void attestd_free_public(struct attestd *ad);

/* A keeper call with a fixed-size reply; logs failures. */
RA_MUST_CHECK enum ra_err attestd_keeper(struct attestd *ad, uint32_t type,
    const struct ra_bytes *in, size_t n, uint8_t *out, size_t cap,
    size_t *out_len);

/* --- EPID groups (groups.c) ---------------------------------------------- */

/*
 * A group as the verification pipeline needs it, read from the store and
 * cached per gid while its public key and list versions are unchanged:
 * the verifier (pairings precomputed), the PrivRL and SigRL in the EPID
 * library's forms, the signed SigRL served on GET sigrl, and TCB levels.
 */
struct group_view {
	struct store_group g;
	const struct ra_epid_verifier *verifier;
	struct ra_epid_privrl privrl; /* views into the cache entry */
	struct ra_epid_sigrl sigrl;
	const uint8_t *sigrl_file; /* signed SGX SigRL; NULL when version 0 */
	size_t sigrl_file_len;
	struct store_tcb_level *levels;
	size_t nlevels;
	void *entry; /* the cache entry this view holds */
};

RA_MUST_CHECK enum ra_err groups_new(struct group_cache **gc);
void groups_free(struct group_cache *gc);
/*
 * The current view of gid (found false if the store has no such group).
 * The view stays valid until groups_release, even if the group changes.
 */
RA_MUST_CHECK enum ra_err groups_get(
    struct attestd *ad, uint32_t gid, struct group_view *v, bool *found);
void groups_release(struct attestd *ad, struct group_view *v);

/*
 * Create a group: the keeper makes its issuer key, the store keeps its
 * public key, certificate and wrapped issuer key. RA_ERR_POLICY if gid
 * exists.
 */
RA_MUST_CHECK enum ra_err groups_create(
    struct attestd *ad, uint32_t gid, int64_t now, char *why, size_t cap);

/* --- the IAS API (ias.c) ------------------------------------------------- */

/* What the report pipeline concluded about one quote. */
struct ias_verdict {
	enum ias_status status;
	int revocation_reason; /* GROUP_REVOKED only */
	bool linkable;
	uint8_t pseudonym[128]; /* B || K, linkable quotes */
	bool pib;               /* platformInfoBlob present */
	uint8_t pib_tlv[105];
	char advisories[STORE_ADVISORIES_MAX]; /* comma-separated */
	uint32_t tcb_eval_number;
};

/*
 * The verification pipeline (FORMATS.md §5.6, docs/attestd.md): quote
 * bytes to a verdict, for the tenant. RA_OK with *v filled, or an error
 * for a request IAS refuses with 400 (why names the problem: quote
 * format, wrong SPID or quote type, undecryptable signature blob, unknown
 * group) or 500 (the store or the keeper failed: RA_ERR_IO).
 */
RA_MUST_CHECK enum ra_err ias_verify_quote(struct attestd *ad,
    const struct store_tenant *t, const uint8_t *quote, size_t len,
    struct ias_verdict *v, char *why, size_t cap);

/*
 * The AVR body, byte for byte as IAS writes it (field order of real
 * reports; FORMATS.md §5.5): returns a malloc'd NUL-terminated string.
 * now_us: the report time (Unix microseconds); id: 16 random bytes shown
 * as a decimal number; version 3, 4 or 5.
 */
char *ias_avr_body(const struct ias_verdict *v, const uint8_t *quote_body432,
    const char *nonce, int version, int64_t now_us, const uint8_t id[16]);

/*
 * The body of POST .../report, the Attestation Evidence Payload:
 * {"isvEnclaveQuote": base64, "nonce"?: string of at most 32 characters}
 * (duplicate keys refused; "pseManifest" refused, the platform services
 * enclave is not emulated). On RA_OK, r->quote (malloc'd, quote_len
 * bytes) is the decoded quote and r->nonce (NULL if absent) points into
 * r->root; the caller releases them with ias_report_req_free. Otherwise
 * RA_ERR_FORMAT with why naming the problem (a 400), or RA_ERR_NOMEM,
 * and r holds nothing.
 */
struct ias_report_req {
	json_t *root;
	const char *nonce;
	uint8_t *quote;
	size_t quote_len;
};
RA_MUST_CHECK enum ra_err ias_report_req_parse(struct ias_report_req *r,
    const uint8_t *body, size_t len, char *why, size_t cap);
/* The same for POST /attestation/sgx/dcap/v1/report: {"isvQuote",
 * "nonce"?} (qvs.c). */
RA_MUST_CHECK enum ra_err qvs_report_req_parse(struct ias_report_req *r,
    const uint8_t *body, size_t len, char *why, size_t cap);
void ias_report_req_free(struct ias_report_req *r);

/*
 * Shared by the IAS and the DCAP report endpoints (ias.c):
 * ias_authenticate: the tenant of the request's subscription key, or
 * false after a 401 (500) response. ias_audit: append the audit row
 * (verdict is the status or "HTTP_4xx"; body the report, or NULL);
 * false if it could not be written. ias_sign_report: have the child sign
 * body (RSA-2048 PKCS#1 v1.5 SHA-256) and set it as the response body
 * with X-IASReport-Signature and X-IASReport-Signing-Certificate; the
 * caller sets the status.
 */
bool ias_authenticate(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, struct store_tenant *t);
bool ias_audit(struct attestd *ad, const struct httpd_req *req,
    const char *tenant, const uint8_t *quote, size_t quote_len,
    const char *verdict, const char *body);
bool ias_sign_report(
    struct attestd *ad, struct httpd_resp *w, const char *body);
/*
 * The steps around a report, the same for both endpoints:
 * ias_report_begin authenticates and parses the payload (dcap: the QVS
 * one) into *r, or answers 401 / 400 / 500 with its audit row and
 * returns false. ias_report_refuse answers a quote the pipeline refused:
 * 500 for RA_ERR_IO / RA_ERR_NOMEM, else 400, with the audit row.
 * ias_report_send writes the audit row for status and body (NULL: the
 * report could not be made, a 500), signs, and sets body and headers;
 * false after a 500. The caller then sets 200.
 */
bool ias_report_begin(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, bool dcap, struct store_tenant *t,
    struct ias_report_req *r);
void ias_report_refuse(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, const char *tenant, const struct ias_report_req *r,
    enum ra_err err, const char *why);
bool ias_report_send(struct attestd *ad, const struct httpd_req *req,
    struct httpd_resp *w, const char *tenant, const struct ias_report_req *r,
    const char *status, const char *body);
/* A report id: 16 bytes as a big-endian number in decimal (IAS, QVS). */
void ias_report_id(char out[40], const uint8_t id[16]);

/* --- the DCAP Quote Verification Service endpoint (qvs.c) ----------------- */

/* POST /attestation/sgx/dcap/v1/report */
void qvs_report_handler(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);

/*
 * What verifying a DCAP quote against this service's own collateral
 * concluded: the QVS isvQuoteStatus (a TCB status, or the failure's
 * name), and the facts the report carries. RA_OK, or RA_ERR_FORMAT /
 * RA_ERR_VERSION (a 400: the quote does not parse or is no DCAP quote),
 * RA_ERR_IO (a 500: the collateral could not be made or verified), with
 * why.
 */
struct qvs_verdict {
	const char *status; /* "OK", "TCB_OUT_OF_DATE", "SIGNATURE_INVALID" */
	size_t body_len;    /* of isvQuoteBody: the signed header and body */
	uint64_t tcb_eval;
	int64_t tcb_date; /* QVS: the TCB Info's issueDate */
	bool completed;   /* the verifier reached a TCB status */
	const char *tee_type;
	struct ra_dcap_verdict v;
};
RA_MUST_CHECK enum ra_err qvs_verify_quote(struct attestd *ad,
    const uint8_t *quote, size_t len, int64_t now, struct qvs_verdict *out,
    char *why, size_t cap);
/* The report body, compact JSON in QVS's member order; malloc'd. */
char *qvs_report_body(const struct qvs_verdict *v, const uint8_t *quote,
    const char *nonce, int64_t now, const uint8_t id[16]);

/*
 * B || K of the EPID signature in quote (of group gid), for the SigRL.
 * RA_ERR_FORMAT / RA_ERR_POLICY / RA_ERR_AUTH (400) or RA_ERR_IO (500),
 * with why.
 */
RA_MUST_CHECK enum ra_err ias_quote_pseudonym(struct attestd *ad, uint32_t gid,
    const uint8_t *quote, size_t len, uint8_t bk[128], char *why, size_t cap);
/* True iff B and K (bk = B || K) are points of G1. */
bool ias_pseudonym_valid(const uint8_t bk[128]);

extern const struct httpd_route ias_routes[];
extern const size_t ias_nroutes;

/* --- provisioning (prov.c) and administration (admin.c) ------------------ */

extern const struct httpd_route prov_routes[];
extern const size_t prov_nroutes;
extern const struct httpd_route admin_routes[];
extern const size_t admin_nroutes;

/* True iff the request carries "Authorization: Bearer <admin token>". */
bool admin_authorized(struct attestd *ad, const struct httpd_req *req);
/* An administration handler's first step: false after a 401. */
bool admin_require(
    struct attestd *ad, const struct httpd_req *req, struct httpd_resp *w);

/* --- the PCS API and its administration (pcs.c) -------------------------- */

extern const struct httpd_route pcs_routes[];
extern const size_t pcs_nroutes;

/* PUT/GET /admin/v1/dcap/tcb, POST /admin/v1/dcap/pck/revoke. */
void pcs_admin_tcb_put(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);
void pcs_admin_tcb_get(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);
void pcs_admin_revoke(
    void *ctx, const struct httpd_req *req, struct httpd_resp *w);

/*
 * The collateral this service serves under /sgx/certification/v4, made
 * in process at now for the DCAP endpoint: the TCB Info and QE Identity
 * texts with their TCB Signing signatures, the Root CA and PCK CRLs,
 * and the PEM issuer chains; coll holds views of them (valid until
 * pcs_collateral_free). RA_ERR_IO and friends if the store or the child
 * fails.
 */
struct pcs_collateral {
	struct ra_dcap_collateral coll;
	char *tcb_info, *qe_identity;
	struct store_dcap_doc *root_crl, *pck_crl;
	int64_t issue_date; /* the TCB Info's issueDate */
	uint64_t eval;      /* its tcbEvaluationDataNumber */
};
RA_MUST_CHECK enum ra_err pcs_collateral_get(
    struct attestd *ad, struct pcs_collateral *c, int64_t now);
void pcs_collateral_free(struct pcs_collateral *c);

/* The parameters of GET pckcert, checked. */
struct pcs_pck_query {
	uint8_t encrypted_ppid[256]; /* RSA-OAEP under the quote key */
	uint8_t cpu_svn[16];
	uint16_t pce_svn; /* from 2 bytes little-endian hex */
	uint16_t pce_id;  /* likewise */
};

/*
 * Check and decode the four query values (any may be NULL: absent).
 * encrypted_ppid: 512 hex digits; cpusvn: 32; pcesvn, pceid: 4 (two
 * little-endian bytes, as Intel's PCS). False with why (400).
 */
bool pcs_pck_query_parse(struct pcs_pck_query *q, const char *encrypted_ppid,
    const char *cpusvn, const char *pcesvn, const char *pceid, char *why,
    size_t cap);

/* Percent-encode everything but RFC 3986's unreserved characters;
 * malloc'd, NULL without memory. */
char *attestd_url_encode(const char *s, size_t len);

/* JSON helpers for handlers (service.c). */
/* Send o (its reference is taken) as the body with status. */
void attestd_send_json(struct httpd_resp *w, int status, json_t *o);
/* The request body as a JSON object, or NULL after a 400 response. */
json_t *attestd_parse_body(const struct httpd_req *req, struct httpd_resp *w);
/* A field of exactly n bytes in hex / base64, or false after a 400. */
bool attestd_hex_field(
    json_t *o, const char *key, uint8_t *out, size_t n, struct httpd_resp *w);
bool attestd_b64_field(
    json_t *o, const char *key, uint8_t *out, size_t n, struct httpd_resp *w);
json_t *attestd_b64_json(const uint8_t *p, size_t n);
/* 8 hex digits to a group id. */
bool attestd_parse_gid(const char *s, uint32_t *gid);

/* Current time in Unix seconds / microseconds (the service's clock). */
int64_t attestd_now(void);
int64_t attestd_now_us(void);

#endif
