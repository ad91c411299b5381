/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_TESTS_ATTESTD_HARNESS_H
#define SGXRA_TESTS_ATTESTD_HARNESS_H

/*
 * sgxra-attestd in this process, for tests/unit/attestd_* and
 * bench/attestd: the key-holding child (a real fork), a fresh state
 * directory and SQLite store, the HTTP front on 127.0.0.1 and a port the
 * kernel picks. Helpers play the administrator (libcurl), an emulated
 * platform (EPID join through the provisioning API, quotes from
 * ra_epid_quote_sign) and the service provider (the library's IAS client
 * and ra_avr_verify against the service's EMULATED root). Functions that
 * return bool print what went wrong to stderr and return false.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "../../src/attestd/attestd.h"
#include "sgxra/epid.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"

struct harness {
	char dir[64];
	char state[96];
	struct attestd ad;
	struct httpd *h;
	struct httpd_route *routes;
	char base[64];
	char token[64];
	struct ra_x509 *anchor;
	struct ra_rsa_key *quote_key;
	struct ra_ec256_pub sigrl_signer;
};

/* A platform that joined a group. */
struct harness_member {
	uint32_t gid;
	struct ra_epid_member m;
	struct ra_epid_member_key key;
	struct ra_epid_group_pub pub;
};

/* Start a service with threads HTTP workers and keeper channels; NULL
 * (after a message) on failure. */
struct harness *harness_start(unsigned int threads);
void harness_stop(struct harness *s);

/*
 * method path [body] with the administration token, or with key as the
 * subscription key when key is not NULL. *out (if out is not NULL) gets
 * the reply's JSON, NULL if it is not JSON. Returns the HTTP status, or
 * -1 if no response arrived.
 */
long harness_call(struct harness *s, const char *method, const char *path,
    const char *body, const char *key, json_t **out);

/* A tenant with one subscription key (written to key, 33 bytes). */
bool harness_tenant(struct harness *s, const char *id, const char *spid,
    bool linkable, char *key);
/* Create EPID group gid. */
bool harness_group(struct harness *s, uint32_t gid);
/*
 * Enroll a new platform and join the newest group as its provisioning
 * enclave would; on the way, check the refusals of an unenrolled platform
 * (404), a second enrollment (409) and a wrong MAC (401).
 */
bool harness_join(struct harness *s, struct harness_member *mb);

/*
 * The group's SigRL as the service serves it, its signature checked with
 * the service's EPID signing key: *present false for an empty 200; *rl
 * views into buf.
 */
bool harness_sigrl(struct harness *s, const char *key, uint32_t gid,
    uint8_t *buf, size_t cap, struct ra_epid_sigrl *rl, bool *present);

/*
 * A v2 quote of mb for spid (32 hex digits), made with rl (NULL: none);
 * every byte of its CPUSVN is cpusvn; QE SVN 11, PCE SVN 10. malloc'd;
 * NULL on failure.
 */
uint8_t *harness_quote(struct harness *s, const struct harness_member *mb,
    const char *spid, bool linkable, const struct ra_epid_sigrl *rl,
    uint8_t cpusvn, size_t *len);

/*
 * POST the quote to /attestation/v4/report; on 200 verify the report
 * (chain to the emulated root now, signature, fields; ra_avr_check of
 * the version, quote, nonce and time) into *avr. Returns the HTTP
 * status, 0 if a 200 report does not verify, -1 without a response.
 */
long harness_report(struct harness *s, const char *key, const uint8_t *q,
    size_t qlen, const char *nonce, struct ra_avr *avr);

#endif
