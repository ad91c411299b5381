/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_ATTESTD_STORE_H
#define SGXRA_ATTESTD_STORE_H

/*
 * sgxra-attestd's storage: one schema, two backends, SQLite (embedded
 * default, WAL) and PostgreSQL (libpq, for several instances sharing
 * state). Every function is safe to call from several threads: a store
 * serialises access to its connection. Nothing here holds a private key:
 * keys live in the key-holding process; the store keeps what the service
 * must remember and share.
 *
 * All functions return RA_OK or an error: RA_ERR_ARG for bad arguments,
 * RA_ERR_IO for a database failure (the message is in store_last_error),
 * RA_ERR_STATE for a schema newer than this program knows, RA_ERR_POLICY
 * for a constraint (a duplicate id; a key, list entry or TCB level for a
 * tenant or group that does not exist). "Not found" is not an error:
 * lookups have a bool *found. Every string argument must end with a NUL
 * inside its array (RA_ERR_ARG otherwise). A value read back that is not
 * what the store writes (a hex column of the wrong length, a number out
 * of range) is RA_ERR_IO: the output is zeroed, never half filled.
 *
 * Callbacks run with the store locked: they must not call the store.
 * The schema, the SQL and the audit encoding: docs/attestd-store.md.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/types.h"

struct store;

/* The schema version this program writes (store_migrate brings a store
 * there, one versioned step at a time). */
#define STORE_SCHEMA_VERSION 2

/* The longest URL store_open accepts, with its NUL. */
#define STORE_URL_MAX 4096

/*
 * Open a store. url: "sqlite:/path/to/file.db" (created if absent, mode
 * 0600, WAL journal) or a libpq URI "postgresql://user@host:port/db?..."
 * ("postgres://" too; connect_timeout defaults to 10 s). Does not create
 * or migrate the schema: call store_migrate. *s is NULL on failure.
 * store_close accepts NULL; no other call may be running on the store.
 */
RA_MUST_CHECK enum ra_err store_open(struct store **s, const char *url);
void store_close(struct store *s);
/*
 * The message of this thread's last failed call on s ("" if its last
 * call succeeded or it made none); s NULL: of this thread's last failed
 * store_open. After store_audit_verify finds a broken row it says why.
 * Valid until this thread's next call on the store.
 */
const char *store_last_error(struct store *s);

/* Create the schema, or upgrade an older one; RA_ERR_STATE if newer. */
RA_MUST_CHECK enum ra_err store_migrate(struct store *s);
RA_MUST_CHECK enum ra_err store_schema_version(struct store *s, int *version);

/* --- tenants and subscription keys ---------------------------------------- */

#define STORE_ID_MAX 64 /* tenant ids: [A-Za-z0-9._-], 1..63 chars */

struct store_tenant {
	char id[STORE_ID_MAX];
	uint8_t spid[16];
	bool linkable; /* linkable quotes (else unlinkable) */
	int64_t created;
};

/* Insert, or update spid and linkable (created stays the first one's). */
RA_MUST_CHECK enum ra_err store_tenant_put(
    struct store *s, const struct store_tenant *t);
RA_MUST_CHECK enum ra_err store_tenant_get(
    struct store *s, const char *id, struct store_tenant *t, bool *found);
/* Each tenant, by id, to cb until it returns false. */
RA_MUST_CHECK enum ra_err store_tenant_list(struct store *s,
    bool (*cb)(void *ctx, const struct store_tenant *t), void *ctx);
/* Delete the tenant and its keys; deleting an absent tenant is RA_OK. */
RA_MUST_CHECK enum ra_err store_tenant_delete(struct store *s, const char *id);

/*
 * Subscription keys are stored as SHA-256 of the key: the database never
 * holds one. A key belongs to one tenant: adding a key already added (to
 * any tenant), or a key to a tenant that does not exist, is RA_ERR_POLICY.
 * Removing an absent key is RA_OK.
 */
RA_MUST_CHECK enum ra_err store_key_add(
    struct store *s, const char *tenant, const struct ra_hash256 *key_hash);
RA_MUST_CHECK enum ra_err store_key_remove(
    struct store *s, const struct ra_hash256 *key_hash);
RA_MUST_CHECK enum ra_err store_key_lookup(struct store *s,
    const struct ra_hash256 *key_hash, struct store_tenant *t, bool *found);

/* --- EPID groups and revocation ------------------------------------------- */

/* SGX GroupPubKey: gid (4) || h1 || h2 || w */
#define STORE_GROUP_PUB_LEN 260
/* The group certificate: the SGX-form signed file (header 4 ||
 * GroupPubKey || ECDSA r || s) the provisioning service hands out. */
#define STORE_GROUP_CERT_LEN 328
/* The issuer key, wrapped by the key-holding child: IV || gamma || tag. */
#define STORE_GROUP_WRAPPED_LEN 60

struct store_group {
	uint32_t gid;
	uint8_t pub[STORE_GROUP_PUB_LEN];
	uint8_t cert[STORE_GROUP_CERT_LEN];
	uint8_t wrapped_isk[STORE_GROUP_WRAPPED_LEN];
	bool revoked;
	int revocation_reason;  /* RFC 5280 CRLReason, when revoked */
	uint32_t sigrl_version; /* RLver of the current SigRL; 0: none yet */
	uint32_t privrl_version;
	int64_t created;
};

/*
 * Insert a group with every field, or update an existing group's public
 * key, certificate and wrapped issuer key (and nothing else: revocation goes
 * through store_group_revoke and the list versions through the *_add functions,
 * so a put can neither un-revoke a group nor move a version back).
 */
RA_MUST_CHECK enum ra_err store_group_put(
    struct store *s, const struct store_group *g);
RA_MUST_CHECK enum ra_err store_group_get(
    struct store *s, uint32_t gid, struct store_group *g, bool *found);
/* Every group, in gid order; stops early if cb returns false. */
RA_MUST_CHECK enum ra_err store_group_list(struct store *s,
    bool (*cb)(void *ctx, const struct store_group *g), void *ctx);
/* reason 0 .. 10; RA_ERR_POLICY if there is no such group. */
RA_MUST_CHECK enum ra_err store_group_revoke(
    struct store *s, uint32_t gid, int reason);

/*
 * Add a revoked member key (f, 32 bytes big-endian) to the group's PrivRL,
 * or a revoked signature (B || K, 128 bytes) to its SigRL; each bumps the
 * list's version by one in the same transaction. A duplicate entry is
 * RA_ERR_POLICY and changes nothing; so is an unknown group, or a list
 * whose version is already UINT32_MAX.
 */
RA_MUST_CHECK enum ra_err store_privrl_add(
    struct store *s, uint32_t gid, const uint8_t f[32], uint32_t *version);
RA_MUST_CHECK enum ra_err store_sigrl_add(
    struct store *s, uint32_t gid, const uint8_t bk[128], uint32_t *version);
/*
 * The entries in insertion order, and the version, read in one snapshot:
 * the callback receives each entry (32 or 128 bytes, valid during the
 * call) and returns false to stop. RA_ERR_POLICY for an unknown group.
 */
RA_MUST_CHECK enum ra_err store_privrl_list(struct store *s, uint32_t gid,
    uint32_t *version, bool (*cb)(void *ctx, const uint8_t *f), void *ctx);
RA_MUST_CHECK enum ra_err store_sigrl_list(struct store *s, uint32_t gid,
    uint32_t *version, bool (*cb)(void *ctx, const uint8_t *bk), void *ctx);

/* --- TCB levels, per group ------------------------------------------------ */

#define STORE_STATUS_MAX     48
#define STORE_ADVISORIES_MAX 512

/*
 * One TCB level of a group, ordered by ordinal (0 first = best): a quote
 * whose CPUSVN (every byte), QE SVN and PCE SVN are all at or above a
 * level gets that level's status; advisories is a comma-separated list
 * ("INTEL-SA-00334,INTEL-SA-00161").
 */
struct store_tcb_level {
	uint32_t gid;
	int ordinal;
	uint8_t cpu_svn[16];
	uint16_t qe_svn;
	uint16_t pce_svn;
	char status[STORE_STATUS_MAX]; /* OK, GROUP_OUT_OF_DATE, ... */
	char advisories[STORE_ADVISORIES_MAX];
};

#define STORE_TCB_LEVELS_MAX 64

/*
 * Replace all the levels of gid by levels[0..n), atomically. Each level's
 * gid must be gid, ordinals must increase (from 0 or more), status must
 * be printable and non-empty, advisories printable (RA_ERR_ARG), and n at
 * most STORE_TCB_LEVELS_MAX. RA_ERR_POLICY for an unknown group. List:
 * in ordinal order, in one snapshot; the callback returns false to stop.
 */
RA_MUST_CHECK enum ra_err store_tcb_set(struct store *s, uint32_t gid,
    const struct store_tcb_level *levels, size_t n);
RA_MUST_CHECK enum ra_err store_tcb_list(struct store *s, uint32_t gid,
    bool (*cb)(void *ctx, const struct store_tcb_level *l), void *ctx);

/* --- provisioned platforms ------------------------------------------------ */

/*
 * A platform enrolled by the manufacturer: its provisioning identity
 * (PPID, derived from its PROVISION key) and the key that authenticates
 * its provisioning requests (secret: the emulated manufacturer's copy,
 * as Intel's manufacturing database holds each CPU's fused key).
 */
struct store_platform {
	uint8_t ppid[16];
	uint8_t auth_key[16];
	uint32_t gid; /* the EPID group it joined; 0 before */
	int64_t enrolled;
	int64_t joined; /* time of the EPID join, 0 before */
};

/* Insert, or update auth_key, gid and joined (enrolled stays). */
RA_MUST_CHECK enum ra_err store_platform_put(
    struct store *s, const struct store_platform *p);
RA_MUST_CHECK enum ra_err store_platform_get(struct store *s,
    const uint8_t ppid[16], struct store_platform *p, bool *found);

/* --- DCAP: TCB levels, PCK certificates, signed documents (version 2) ----- */

/*
 * One TCB Info level of an FMSPC (FORMATS.md §6.5), ordinal 0 first: the
 * 16 SGX TCB component SVNs, the PCE SVN, the tcbStatus spelling
 * ("UpToDate" ...), the tcbDate (Unix seconds) and comma-separated
 * advisory ids.
 */
struct store_dcap_level {
	int ordinal;
	uint8_t comp_svn[16];
	uint16_t pce_svn;
	char status[STORE_STATUS_MAX];
	int64_t tcb_date;
	char advisories[STORE_ADVISORIES_MAX];
};

/*
 * Replace the levels of fmspc by levels[0..n) (ordinals increasing,
 * status printable and non-empty, advisories printable, n at most
 * STORE_TCB_LEVELS_MAX: RA_ERR_ARG), and bump the FMSPC's TCB evaluation
 * data number in the same transaction (*eval: the new one; 2 the first
 * time, number 1 being the service's default levels). List: the levels
 * in ordinal order and the number (0: never set), in one snapshot.
 */
RA_MUST_CHECK enum ra_err store_dcap_tcb_set(struct store *s,
    const uint8_t fmspc[6], const struct store_dcap_level *levels, size_t n,
    uint64_t *eval);
RA_MUST_CHECK enum ra_err store_dcap_tcb_list(struct store *s,
    const uint8_t fmspc[6], uint64_t *eval,
    bool (*cb)(void *ctx, const struct store_dcap_level *l), void *ctx);

#define STORE_PCK_DER_MAX 2048

/* A PCK certificate issued to a platform at one TCB (CPUSVN, PCESVN). */
struct store_pck {
	uint64_t serial; /* 1 .. INT64_MAX */
	uint8_t ppid[16];
	uint8_t cpu_svn[16];
	uint16_t pce_svn;
	int64_t issued;
	int64_t revoked_at; /* 0: not revoked */
	uint8_t der[STORE_PCK_DER_MAX];
	size_t der_len;
};

/*
 * Insert a certificate (revoked_at 0). RA_ERR_POLICY if the serial, or a
 * certificate for the same PPID, CPUSVN and PCESVN, exists already.
 */
RA_MUST_CHECK enum ra_err store_pck_put(
    struct store *s, const struct store_pck *c);
RA_MUST_CHECK enum ra_err store_pck_get(struct store *s, const uint8_t ppid[16],
    const uint8_t cpu_svn[16], uint16_t pce_svn, struct store_pck *c,
    bool *found);
/*
 * Revoke, at time now, the certificate with this serial (ppid NULL) or
 * every certificate of ppid (serial ignored); *n: how many were revoked
 * by this call (certificates already revoked are left as they are).
 */
RA_MUST_CHECK enum ra_err store_pck_revoke(struct store *s, uint64_t serial,
    const uint8_t *ppid, int64_t now, int64_t *n);
/* Every revoked certificate (serial, time), in serial order. */
RA_MUST_CHECK enum ra_err store_pck_revoked(struct store *s,
    bool (*cb)(void *ctx, uint64_t serial, int64_t when), void *ctx);

#define STORE_DOC_NAME_MAX 32
#define STORE_DOC_MAX      ((size_t)64 * 1024)

/*
 * A signed document the service caches for every instance (a CRL): its
 * number (the CRL Number), issue time, entry count and bytes.
 */
struct store_dcap_doc {
	uint64_t number;
	int64_t issued;
	int64_t count;
	uint8_t body[STORE_DOC_MAX];
	size_t len;
};

RA_MUST_CHECK enum ra_err store_dcap_doc_get(
    struct store *s, const char *name, struct store_dcap_doc *d, bool *found);
/*
 * Store d under name if its number is higher than the stored one's (or
 * none is stored): *stored false if another writer got there first.
 */
RA_MUST_CHECK enum ra_err store_dcap_doc_put(struct store *s, const char *name,
    const struct store_dcap_doc *d, bool *stored);

/* --- the audit log -------------------------------------------------------- */

#define STORE_REQUEST_ID_MAX 40
#define STORE_VERDICT_MAX    48

/*
 * One issued report. The log is append-only and chained: row_hash =
 * SHA-256 of (prev_hash, seq, request id, tenant, quote hash, verdict,
 * time, AVR hash) in a fixed encoding (docs/attestd-store.md), prev_hash
 * the previous row's row_hash (zero for the first). Appends from several
 * instances are serialised by the database. request_id and verdict are
 * printable ASCII, not empty; tenant is a tenant id or "" (a request
 * that no key authenticated).
 */
struct store_audit_row {
	int64_t seq; /* 1, 2, ... (set by append) */
	char request_id[STORE_REQUEST_ID_MAX];
	char tenant[STORE_ID_MAX];
	struct ra_hash256 quote_hash;
	char
	    verdict[STORE_VERDICT_MAX]; /* the quote status, or an HTTP error */
	int64_t time;
	struct ra_hash256 avr_hash;  /* zero when no report was issued */
	struct ra_hash256 prev_hash; /* set by append */
	struct ra_hash256 row_hash;  /* set by append */
};

/*
 * The row hash of r as append computes it (exposed for verification),
 * from r's prev_hash and seq; strings are read up to their NUL or the end
 * of their array. Does nothing if h or r is NULL.
 */
void store_audit_hash(struct ra_hash256 *h, const struct store_audit_row *r);
RA_MUST_CHECK enum ra_err store_audit_append(
    struct store *s, struct store_audit_row *r);
/*
 * Walk the whole log, in one snapshot: recompute every row's hash and
 * link. *rows gets the number of rows, *first_broken the seq of the first
 * row that does not verify (a changed field, a deleted or inserted row, a
 * broken link), or 0 if the chain is intact. Precisely: rows 1 ..
 * first_broken - 1 verify, and the row at position first_broken does not
 * (for a deleted row: its seq). A malformed row counts as broken, not as
 * RA_ERR_IO. Removing rows from the end cannot be seen from the log alone:
 * compare *rows and the last row hash with a copy kept elsewhere.
 */
RA_MUST_CHECK enum ra_err store_audit_verify(
    struct store *s, int64_t *rows, int64_t *first_broken);

#endif
