/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_SPD_H
#define SGXRA_SPD_H

/*
 * sgxra-spd: the relying party (service provider) of SGX remote
 * attestation. It answers msg0/msg1 with msg2 and msg3 with msg4 over
 * HTTP (POST /ra/v1/msg01, /ra/v1/msg3) and over sgx-ra-sample's
 * transport (hex lines over TCP), asks the attestation service (IAS API
 * v4: sgxra-attestd or any IAS) for SigRLs and reports, verifies them
 * against a pinned root, applies its enclave policy, and provisions its
 * secret into enclaves it trusts. docs/spd.md.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "httpd.h"
#include "keeper.h"
#include "sgxra/ias.h"
#include "sgxra/ra.h"

#define SPD_DEFAULT_LISTEN "127.0.0.1:8450"
#define SPD_MAX_MRENCLAVE  64
#define SPD_SECRET_MAX     ((size_t)64 * 1024)
/* Largest msg3 accepted: 336 + a quote with a SigRL of ~10000 entries. */
#define SPD_MSG3_MAX ((size_t)2 << 20)
/* Largest SigRL passed on in msg2. */
#define SPD_SIGRL_MAX      ((size_t)2 << 20)
#define SPD_SESSION_ID_LEN 16

struct spd_config {
	char listen[256];
	char ras_listen[256]; /* "" : no sgx-ra-sample transport */
	char port_file[1024];
	char ras_port_file[1024];
	char tls_cert[1024], tls_key[1024];
	char user[64];
	char sp_key[1024]; /* PEM, P-256 */
	char ias_url[RA_IAS_BASE_URL_MAX_LEN + 1];
	/* quote-type dcap: the Quote Verification Service's base URL */
	char qvs_url[RA_IAS_BASE_URL_MAX_LEN + 1];
	bool dcap; /* quote-type: false epid, true dcap (msg2 quote_type 2) */
	char ias_key_file[1024]; /* subscription key (secret file) */
	char ias_root[1024];     /* PEM: the report-signing root to pin */
	char ias_ca[1024];       /* PEM: CAs for the service's TLS */
	char secret_file[1024];
	uint8_t spid[RA_SPID_LEN];
	bool has_spid;
	bool linkable;
	bool allow_emulated;
	bool allow_debug;
	struct ra_hash256 mrenclave[SPD_MAX_MRENCLAVE];
	size_t mrenclave_count;
	bool has_signer;
	struct ra_hash256 mrsigner;
	unsigned int isv_prod_id, min_isv_svn;
	uint32_t accept;    /* AVR status bits; default OK */
	uint32_t provision; /* statuses that get the secret; default OK */
	unsigned int session_ttl_s;
	unsigned int max_sessions;
	unsigned int avr_max_age_s;
	unsigned int ias_timeout_s;
	unsigned int threads;
	bool foreground, verbose;
	bool no_sandbox; /* the keeper without seccomp (valgrind runs) */
};

/* config.c */
void spd_config_defaults(struct spd_config *c);
RA_MUST_CHECK enum ra_err spd_config_set(struct spd_config *c, const char *key,
    const char *v, char *why, size_t cap);
RA_MUST_CHECK enum ra_err spd_config_file(
    struct spd_config *c, const char *path, char *why, size_t cap);
/* What must be set before starting; why names the first missing one. */
RA_MUST_CHECK enum ra_err spd_config_check(
    const struct spd_config *c, char *why, size_t cap);

struct spd_session;

struct spd {
	struct spd_config cfg;
	struct ra_sp_config sp; /* policy, secret: loaded at start */
	struct keeper *keeper;  /* holds the SP's private key */
	struct ra_sp_signer signer;
	struct ra_x509 *anchor;
	char ias_key[RA_IAS_API_KEY_MAX_LEN + 1];
	uint8_t *secret;
	size_t secret_len;
	pthread_mutex_t lock;
	struct spd_session **sessions; /* max_sessions slots */
	/* counters for /metrics */
	uint64_t handshakes, trusted, refused;
	/* The clock, a parameter for tests; NULL: time(NULL). */
	int64_t (*now)(void);
};

/*
 * keeper.c: the key-holding child. spd_keeper_start forks it (before any
 * network socket; it reads cfg.sp_key, why says what is wrong with it);
 * spd_keeper_signer makes d->sp sign through it; spd_keeper_public asks
 * for the public key.
 */
RA_MUST_CHECK enum ra_err spd_keeper_start(
    struct spd *d, char *why, size_t cap);
void spd_keeper_signer(struct spd *d);
RA_MUST_CHECK enum ra_err spd_keeper_public(
    struct spd *d, struct ra_ec256_pub *pub);

/* state.c: subscription key, secret, anchor; wipe and free. */
RA_MUST_CHECK enum ra_err spd_load(struct spd *d, char *why, size_t cap);
void spd_unload(struct spd *d);

/*
 * sessions.c: the two steps, shared by both transports. Each returns the
 * HTTP status to answer with (200 and the message in out; otherwise an
 * error code and reason for the body and the log).
 */
struct spd_result {
	int status;
	const char *code; /* "bad_request", "not_found", ... */
	char reason[256];
	bool trusted; /* msg3: the enclave is trusted and got the secret */
};

void spd_msg01(struct spd *d, struct spd_result *res, struct ra_buf *msg2,
    char id[2 * SPD_SESSION_ID_LEN + 1], const uint8_t *msg01, size_t len,
    const char *peer);
void spd_msg3(struct spd *d, struct spd_result *res, struct ra_buf *msg4,
    const char *id, const uint8_t *msg3, size_t len, const char *peer);
/* Drop every session (at stop). */
void spd_sessions_free(struct spd *d);

/* http.c: the HTTP routes. */
extern const struct httpd_route spd_routes[];
extern const size_t spd_nroutes;

/* ras.c: sgx-ra-sample's transport on its own listening socket. */
struct ras;
RA_MUST_CHECK enum ra_err ras_start(
    struct ras **r, struct spd *d, const char *listen, uint16_t *port);
void ras_stop(struct ras *r);

#endif
