/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_H
#define RA_EPID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/random.h"
#include "sgxra/types.h"

/*
 * Intel EPID 2.0 group signatures (FORMATS.md §7, docs/epid.md): the
 * member (sign, non-revoked proofs), the verifier (with group, private-key,
 * signature and verifier revocation lists), the issuer (group keys, join,
 * credentials, revocation), and the byte formats of Intel's EPID SDK and
 * of SGX, with both group-id widths (16 bytes in the SDK, 4 in SGX).
 *
 * Conventions.
 * - Every structure here holds serialized values: big-endian bytes, as on
 *   the wire. Parsers check them; the math types stay inside the library.
 * - Parsers take a whole buffer and fail with RA_ERR_FORMAT on truncation,
 *   trailing bytes or a count that does not match the length, and with
 *   RA_ERR_KEY when an element is not in its group: a coordinate >= q, a
 *   point off the curve or (G2) outside the order-p subgroup, a scalar
 *   >= p. Views (struct ra_bytes) in parsed structures point into the
 *   caller's buffer and are valid while it is.
 * - Revocation-list entries are the exception: a list is parsed for its
 *   structure only. An entry that is not a valid element can never be
 *   shown not to match, so the verifier treats it as matching ("fail
 *   closed"), exactly as Intel's SDK does (its test
 *   VerifyRejectsSigUsingCorruptedPrivRlEntry expects it).
 * - Builders write into a struct ra_buf (sgxra/buf.h) and return
 *   RA_ERR_SPACE if it is too small.
 * - Secrets (issuer gamma, member f and x and A, the member context) are
 *   the caller's to wipe, with RA_WIPE. Functions wipe their own copies.
 * - Randomness comes from rng (NULL: the system source). With a
 *   deterministic rng (ra_drbg) every output is reproducible.
 * - Constant time: everything computed from a secret (signing, non-revoked
 *   proofs, join, issuing) runs in time independent of it; the few
 *   data-dependent loops (rejection sampling of random scalars, G1.hash
 *   of a basename) depend on public or discarded values only.
 *   Verification handles public values and makes no such promise.
 */

#define RA_EPID_FP_LEN          32
#define RA_EPID_G1_LEN          64
#define RA_EPID_G2_LEN          128
#define RA_EPID_GID_MAX_LEN     16
#define RA_EPID_NONCE_LEN       32
#define RA_EPID_BASIC_SIG_LEN   352
#define RA_EPID_NR_PROOF_LEN    160
#define RA_EPID_SIG_MIN_LEN     360 /* basic signature, RLver, n2 */
#define RA_EPID_SIGRL_ENTRY_LEN 128
#define RA_EPID_JOIN_REQ_LEN    128
#define RA_EPID_CA_CERT_LEN     324
#define RA_EPID_FILE_HEADER_LEN 4
#define RA_EPID_FILE_SIG_LEN    64

/* --- group ids and hash algorithms -------------------------------------- */

/* The two group-id widths: SGX's 32-bit GID and the SDK's 128-bit one. */
enum ra_epid_gid_width {
	RA_EPID_GID_SGX = 4,
	RA_EPID_GID_SDK = 16,
};

/* A group id: width bytes, big-endian; the bytes past width are zero. */
struct ra_epid_gid {
	enum ra_epid_gid_width width;
	uint8_t b[RA_EPID_GID_MAX_LEN];
};

/*
 * The hash algorithm a group id selects (the SDK's EpidParseHashAlg): the
 * high nibble of byte 0 is a schema version that must be 0, and the low
 * nibble of byte 1 names SHA-256 (0), SHA-384 (1), SHA-512 (2) or
 * SHA-512/256 (3). RA_ERR_VERSION for another schema or algorithm (the
 * SHA-3 values 4-6 included). SGX group ids are small numbers, so they
 * select SHA-256.
 */
RA_MUST_CHECK enum ra_err ra_epid_gid_hash_alg(
    enum ra_hash_alg *alg, const struct ra_epid_gid *gid);

/* True iff a and b have the same width and bytes. */
bool ra_epid_gid_eq(const struct ra_epid_gid *a, const struct ra_epid_gid *b);

/* --- serialized elements ------------------------------------------------ */

/* An integer modulo the group order p (FpElemStr), big-endian. */
struct ra_epid_fp {
	uint8_t b[RA_EPID_FP_LEN];
};

/* A G1 point x || y (G1ElemStr). */
struct ra_epid_g1 {
	uint8_t b[RA_EPID_G1_LEN];
};

/*
 * True iff p is a point of G1 other than the identity: both coordinates
 * below q and on the curve (G1 has prime order, so that is membership).
 * For revocation list entries, which the parsers do not validate.
 */
bool ra_epid_g1_valid(const struct ra_epid_g1 *p);

/* A G2 point x0 || x1 || y0 || y1 (G2ElemStr). */
struct ra_epid_g2 {
	uint8_t b[RA_EPID_G2_LEN];
};

/* --- keys (FORMATS.md §7.3) ---------------------------------------------- */

/* GroupPubKey: gid || h1 || h2 || w (16 + 256 or 4 + 256 bytes). */
struct ra_epid_group_pub {
	struct ra_epid_gid gid;
	struct ra_epid_g1 h1, h2;
	struct ra_epid_g2 w;
};

/* IPrivKey: gid || gamma. Secret. */
struct ra_epid_issuer_key {
	struct ra_epid_gid gid;
	struct ra_epid_fp gamma;
};

/* PrivKey: gid || A || x || f (mprivkey.dat). Secret. */
struct ra_epid_member_key {
	struct ra_epid_gid gid;
	struct ra_epid_g1 a;
	struct ra_epid_fp x, f;
};

/* MembershipCredential: gid || A || x. Secret (it is half the key). */
struct ra_epid_credential {
	struct ra_epid_gid gid;
	struct ra_epid_g1 a;
	struct ra_epid_fp x;
};

/* IssuerNonce: 32 bytes chosen by the issuer for one join. */
struct ra_epid_nonce {
	uint8_t b[RA_EPID_NONCE_LEN];
};

/* JoinRequest (NoneSplitJoinRequest): F || c || s, 128 bytes. */
struct ra_epid_join_request {
	struct ra_epid_g1 big_f;
	struct ra_epid_fp c, s;
};

/*
 * Parse and build each key format, with the given group-id width. Points
 * and scalars are checked as described at the top (RA_ERR_KEY).
 */
RA_MUST_CHECK enum ra_err ra_epid_group_pub_parse(struct ra_epid_group_pub *pub,
    const uint8_t *buf, size_t len, enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_group_pub_build(
    struct ra_buf *out, const struct ra_epid_group_pub *pub);
RA_MUST_CHECK enum ra_err ra_epid_issuer_key_parse(
    struct ra_epid_issuer_key *key, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_issuer_key_build(
    struct ra_buf *out, const struct ra_epid_issuer_key *key);
RA_MUST_CHECK enum ra_err ra_epid_member_key_parse(
    struct ra_epid_member_key *key, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_member_key_build(
    struct ra_buf *out, const struct ra_epid_member_key *key);
RA_MUST_CHECK enum ra_err ra_epid_credential_parse(
    struct ra_epid_credential *cred, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_credential_build(
    struct ra_buf *out, const struct ra_epid_credential *cred);
RA_MUST_CHECK enum ra_err ra_epid_join_request_parse(
    struct ra_epid_join_request *req, const uint8_t *buf, size_t len);
RA_MUST_CHECK enum ra_err ra_epid_join_request_build(
    struct ra_buf *out, const struct ra_epid_join_request *req);

/* --- signatures (FORMATS.md §7.6-7.8) ------------------------------------ */

/* BasicSignature: B || K || T || c || sx || sf || sa || sb, 352 bytes. */
struct ra_epid_basic_sig {
	struct ra_epid_g1 b, k, t;
	struct ra_epid_fp c, sx, sf, sa, sb;
};

/* NrProof: T || c || smu || snu, 160 bytes. */
struct ra_epid_nr_proof {
	struct ra_epid_g1 t;
	struct ra_epid_fp c, smu, snu;
};

/*
 * EpidSignature: sigma0 || RLver || n2 || n2 NrProofs (RLver and n2
 * big-endian). The proofs are a view of n2 * 160 bytes; they are checked
 * by the verifier against a SigRL, and ignored without one (as the SDK
 * does).
 */
struct ra_epid_sig {
	struct ra_epid_basic_sig sigma0;
	uint32_t rl_ver;
	uint32_t n2;
	struct ra_bytes proofs;
};

/* The length of a signature with n2 proofs (360 + 160 n2). */
size_t ra_epid_sig_len(uint32_t n2);

/*
 * Parse a signature. sigma0 is checked in full (RA_ERR_KEY: a point not
 * on the curve, a scalar >= p); the length must be exactly
 * ra_epid_sig_len(n2) (RA_ERR_FORMAT). sig->proofs points into buf.
 */
RA_MUST_CHECK enum ra_err ra_epid_sig_parse(
    struct ra_epid_sig *sig, const uint8_t *buf, size_t len);

/*
 * Write a parsed signature back: sigma0 || RLver || n2 || the proofs view
 * (which must hold n2 proofs, else RA_ERR_ARG). build(parse(b)) == b.
 */
RA_MUST_CHECK enum ra_err ra_epid_sig_build(
    struct ra_buf *out, const struct ra_epid_sig *sig);

/* Copy out proof i < n2 (no check: the verifier does that). */
void ra_epid_sig_proof(
    struct ra_epid_nr_proof *proof, const struct ra_epid_sig *sig, uint32_t i);

/*
 * Linkability (FORMATS.md §7.10): true iff both signatures carry the same
 * B and K, i.e. the same member signed with the same basename.
 */
bool ra_epid_sig_linked(
    const struct ra_epid_sig *a, const struct ra_epid_sig *b);

/* --- revocation lists (FORMATS.md §7.9) ---------------------------------- */

/* PrivRl: gid || RLver || n1 || n1 f (32 bytes each). */
struct ra_epid_privrl {
	struct ra_epid_gid gid;
	uint32_t version;
	uint32_t n1;
	struct ra_bytes f; /* n1 * 32 bytes */
};

/* SigRl: gid || RLver || n2 || n2 (B || K) (128 bytes each). */
struct ra_epid_sigrl {
	struct ra_epid_gid gid;
	uint32_t version;
	uint32_t n2;
	struct ra_bytes bk; /* n2 * 128 bytes */
};

/* GroupRl: RLver || n3 || n3 gid (width bytes each). */
struct ra_epid_grouprl {
	enum ra_epid_gid_width width;
	uint32_t version;
	uint32_t n3;
	struct ra_bytes gids; /* n3 * width bytes */
};

/* VerifierRl: gid || B || RLver || n4 || n4 K (64 bytes each). */
struct ra_epid_verifierrl {
	struct ra_epid_gid gid;
	struct ra_epid_g1 b;
	uint32_t version;
	uint32_t n4;
	struct ra_bytes k; /* n4 * 64 bytes */
};

/*
 * Parse a list with the given group-id width: RA_ERR_FORMAT unless the
 * length is exactly header + count * entry (the count is checked before
 * any multiplication can overflow). Entries are not validated (see the
 * top of this file). The views point into buf.
 */
RA_MUST_CHECK enum ra_err ra_epid_privrl_parse(struct ra_epid_privrl *rl,
    const uint8_t *buf, size_t len, enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_sigrl_parse(struct ra_epid_sigrl *rl,
    const uint8_t *buf, size_t len, enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_grouprl_parse(struct ra_epid_grouprl *rl,
    const uint8_t *buf, size_t len, enum ra_epid_gid_width width);
RA_MUST_CHECK enum ra_err ra_epid_verifierrl_parse(
    struct ra_epid_verifierrl *rl, const uint8_t *buf, size_t len,
    enum ra_epid_gid_width width);

/*
 * Build a list from its parsed form: RA_ERR_ARG if a view's length does
 * not match its count. build(parse(b)) == b. Here and in the _add
 * functions, out may not overlap the buffer the list's view points into.
 */
RA_MUST_CHECK enum ra_err ra_epid_privrl_build(
    struct ra_buf *out, const struct ra_epid_privrl *rl);
RA_MUST_CHECK enum ra_err ra_epid_sigrl_build(
    struct ra_buf *out, const struct ra_epid_sigrl *rl);
RA_MUST_CHECK enum ra_err ra_epid_grouprl_build(
    struct ra_buf *out, const struct ra_epid_grouprl *rl);
RA_MUST_CHECK enum ra_err ra_epid_verifierrl_build(
    struct ra_buf *out, const struct ra_epid_verifierrl *rl);

/*
 * Revocation: write rl with one more entry and its version plus one. A
 * new list is a struct with count 0 and an empty view. RA_ERR_ARG for a
 * count or version that would overflow, or a group id of the wrong width.
 */
RA_MUST_CHECK enum ra_err ra_epid_privrl_add(struct ra_buf *out,
    const struct ra_epid_privrl *rl, const struct ra_epid_fp *f);
RA_MUST_CHECK enum ra_err ra_epid_sigrl_add(struct ra_buf *out,
    const struct ra_epid_sigrl *rl, const struct ra_epid_basic_sig *sig);
RA_MUST_CHECK enum ra_err ra_epid_grouprl_add(struct ra_buf *out,
    const struct ra_epid_grouprl *rl, const struct ra_epid_gid *gid);
RA_MUST_CHECK enum ra_err ra_epid_verifierrl_add(struct ra_buf *out,
    const struct ra_epid_verifierrl *rl, const struct ra_epid_g1 *k);

/* Entry i (< count) of a parsed list, copied out. */
void ra_epid_privrl_entry(
    struct ra_epid_fp *f, const struct ra_epid_privrl *rl, uint32_t i);
void ra_epid_sigrl_entry(struct ra_epid_g1 *b, struct ra_epid_g1 *k,
    const struct ra_epid_sigrl *rl, uint32_t i);
void ra_epid_grouprl_entry(
    struct ra_epid_gid *gid, const struct ra_epid_grouprl *rl, uint32_t i);
void ra_epid_verifierrl_entry(
    struct ra_epid_g1 *k, const struct ra_epid_verifierrl *rl, uint32_t i);

/* --- the verifier (FORMATS.md §7.8) -------------------------------------- */

/*
 * A verifier for one group: its hash algorithm and the group public key,
 * decoded once (the G2 subgroup check of w included). Verification
 * evaluates the SDK's e12^sf e22^sb e2w^sa eg12^c as a product of two
 * pairings instead of precomputing those four values (docs/epid.md).
 * Plain data with no pointers; it may be copied. Do not rely on the size
 * or contents of this type.
 */
struct ra_epid_verifier {
	uint64_t opaque[512];
};

/*
 * Set up a verifier for pub. RA_ERR_VERSION if the group id names no
 * supported hash algorithm, RA_ERR_KEY if a point of pub is invalid (as
 * ra_epid_group_pub_parse would have said).
 */
RA_MUST_CHECK enum ra_err ra_epid_verifier_init(
    struct ra_epid_verifier *v, const struct ra_epid_group_pub *pub);

/*
 * The verifier's result codes, numbered as the SDK's EpidStatus values
 * kEpidSigValid .. kEpidSigRevokedInVerifierRl.
 */
enum ra_epid_verdict {
	RA_EPID_VALID = 0,
	RA_EPID_INVALID = 1,
	RA_EPID_REVOKED_GROUP = 2,
	RA_EPID_REVOKED_PRIV = 3,
	RA_EPID_REVOKED_SIG = 4,
	RA_EPID_REVOKED_VERIFIER = 5,
};

/* A short name for a verdict ("valid", "revoked in SigRL", ...). */
const char *ra_epid_verdict_name(enum ra_epid_verdict verdict);

/*
 * What a signature is verified against. msg may be NULL when msg_len is
 * 0. bsn NULL: any basename is accepted (a random-base signature); bsn
 * non-NULL (bsn_len may be 0): B must equal G1.hash(bsn). A NULL list is
 * not checked.
 */
struct ra_epid_verify_args {
	const void *msg;
	size_t msg_len;
	const void *bsn;
	size_t bsn_len;
	const struct ra_epid_grouprl *grouprl;
	const struct ra_epid_privrl *privrl;
	const struct ra_epid_sigrl *sigrl;
	const struct ra_epid_verifierrl *verifierrl;
};

/*
 * Verify sig (Intel EPID 2.0 specification §4.1.2 as the SDK implements
 * it, FORMATS.md §7.8) and set *verdict. The steps and their order:
 * the basic signature (INVALID), then GroupRL (REVOKED_GROUP), PrivRL
 * (REVOKED_PRIV), SigRL (REVOKED_SIG: every non-revoked proof must
 * verify), VerifierRL (REVOKED_VERIFIER). An outcome is not an error: the
 * function returns RA_OK with the verdict. Errors mean that no verdict
 * could be reached, as the SDK's verifier errors do:
 *   RA_ERR_ARG      a list is for another group (group-id mismatch), or
 *                   a VerifierRL is given without a basename or for
 *                   another basename;
 *   RA_ERR_VERSION  the SigRL's RLver differs from the signature's
 *                   (IAS: SIGRL_VERSION_MISMATCH);
 *   RA_ERR_FORMAT   the signature's n2 differs from the SigRL's.
 * On error *verdict is INVALID. Variable time (public inputs only).
 */
RA_MUST_CHECK enum ra_err ra_epid_verify(const struct ra_epid_verifier *v,
    enum ra_epid_verdict *verdict, const struct ra_epid_sig *sig,
    const struct ra_epid_verify_args *args);

/* --- the member (FORMATS.md §7.6, 7.7) ----------------------------------- */

/*
 * A member: its key, its group's public key and the pairings e12, e22,
 * e2w and ea2 = e(A, g2). Secret: wipe it with RA_WIPE when done. Plain
 * data; do not rely on the size or contents of this type.
 */
struct ra_epid_member {
	uint64_t opaque[512];
};

/*
 * Set up a member. RA_ERR_ARG if the key's group id is not pub's,
 * RA_ERR_VERSION if the group id names no supported hash, RA_ERR_KEY if
 * the key does not belong to the group: e(A, w g2^x) must equal
 * e(g1 h1^f, g2). Constant time in the key. On failure m is wiped.
 */
RA_MUST_CHECK enum ra_err ra_epid_member_init(struct ra_epid_member *m,
    const struct ra_epid_group_pub *pub, const struct ra_epid_member_key *key);

/*
 * What to sign. msg may be NULL when msg_len is 0. bsn NULL: a random
 * basename (B = G1.hash of 32 random bytes, unlinkable); otherwise B =
 * G1.hash(bsn), bsn_len may be 0. sigrl NULL: RLver = n2 = 0 and no
 * proofs; otherwise one non-revoked proof per entry, with the list's
 * RLver and n2. The SGX quoting enclave signs the 432-byte quote body with
 * the 32-byte quote basename (FORMATS.md §3.1).
 */
struct ra_epid_sign_args {
	const void *msg;
	size_t msg_len;
	const void *bsn;
	size_t bsn_len;
	const struct ra_epid_sigrl *sigrl;
};

/*
 * Sign into sig[0..cap) and set *sig_len = ra_epid_sig_len(n2). If an
 * entry of the SigRL is this member's own (B', K') - the member is
 * revoked - its proof cannot be made: it is written with T = the identity
 * (64 zero bytes, the SDK's encoding), a verifier reports REVOKED_SIG, and
 * *revoked is set. The SGX quoting enclave refuses to quote then.
 * RA_ERR_SPACE if cap is too small, RA_ERR_ARG if the SigRL is for another
 * group, RA_ERR_KEY if a SigRL entry is not a valid point, RA_ERR_RNG if
 * the random source fails. On error sig is wiped. Constant time in the
 * key and all randomness.
 */
RA_MUST_CHECK enum ra_err ra_epid_sign(const struct ra_epid_member *m,
    uint8_t *sig, size_t cap, size_t *sig_len, bool *revoked,
    const struct ra_epid_sign_args *args, const struct ra_rng *rng);

/* --- the issuer and join ------------------------------------------------ */

/*
 * Create a group: gamma random, h1 and h2 random points, w = g2^gamma.
 * The group id (either width) is the caller's; RA_ERR_VERSION if it names
 * no supported hash algorithm. isk is secret.
 */
RA_MUST_CHECK enum ra_err ra_epid_issuer_keygen(struct ra_epid_issuer_key *isk,
    struct ra_epid_group_pub *pub, const struct ra_epid_gid *gid,
    const struct ra_rng *rng);

/*
 * The member's half of join (the SDK's EpidCreateJoinRequest): f random
 * (written to *f, secret, unless f_in is given: then f = *f_in), F = h1^f,
 * and a proof of knowledge of f bound to the issuer's nonce:
 * c = Fp.hash(p || g1 || g2 || h1 || h2 || w || F || h1^r || NI),
 * s = r + c f.
 */
RA_MUST_CHECK enum ra_err ra_epid_join_request_make(
    struct ra_epid_join_request *req, struct ra_epid_fp *f,
    const struct ra_epid_fp *f_in, const struct ra_epid_group_pub *pub,
    const struct ra_epid_nonce *ni, const struct ra_rng *rng);

/*
 * The issuer's check of a join request: F valid (RA_ERR_KEY) and the proof
 * verifies, i.e. c = Fp.hash(... || F || h1^s F^-c || NI) (RA_ERR_AUTH).
 */
RA_MUST_CHECK enum ra_err ra_epid_join_request_verify(
    const struct ra_epid_group_pub *pub, const struct ra_epid_nonce *ni,
    const struct ra_epid_join_request *req);

/*
 * Issue a membership credential for a verified join request: x random,
 * A = (g1 F)^(1 / (x + gamma)). Verifies the request first (errors as
 * ra_epid_join_request_verify); RA_ERR_ARG if isk and pub are for
 * different groups. Constant time in gamma.
 */
RA_MUST_CHECK enum ra_err ra_epid_credential_issue(
    struct ra_epid_credential *cred, const struct ra_epid_issuer_key *isk,
    const struct ra_epid_group_pub *pub, const struct ra_epid_nonce *ni,
    const struct ra_epid_join_request *req, const struct ra_rng *rng);

/* --- files: the SDK's issuer-material format and SGX's SigRL ------------ */

/*
 * The two header forms. The EPID SDK writes epid_version 2 as bytes
 * 02 00 followed by the file type; SGX (the SigRL that IAS serves and the
 * quoting enclave checks, FORMATS.md §5.7) writes 00 02. The rest is the
 * same: header || body || ECDSA-P256 r || s over SHA-256(header || body).
 */
enum ra_epid_file_form {
	RA_EPID_FORM_SDK = 0,
	RA_EPID_FORM_SGX = 1,
};

/* File types (the header's second u16, big-endian). */
enum ra_epid_file_type {
	RA_EPID_FILE_PRIVRL_REQ = 0x0003,
	RA_EPID_FILE_SIGRL_REQ = 0x000b,
	RA_EPID_FILE_GROUP_PUB = 0x000c,
	RA_EPID_FILE_PRIVRL = 0x000d,
	RA_EPID_FILE_SIGRL = 0x000e,
	RA_EPID_FILE_GROUPRL = 0x000f,
	RA_EPID_FILE_CA_CERT = 0x0011,
	RA_EPID_FILE_GROUPRL_REQ = 0x0013,
};

/* A parsed file; body and signed point into the caller's buffer. */
struct ra_epid_file {
	enum ra_epid_file_form form;
	enum ra_epid_file_type type;
	struct ra_bytes body;        /* between header and signature */
	struct ra_bytes signed_part; /* header || body */
	struct ra_ec256_sig sig;
};

/*
 * Split a file: RA_ERR_FORMAT if shorter than header and signature,
 * RA_ERR_VERSION for an unknown version or type. Nothing is verified.
 */
RA_MUST_CHECK enum ra_err ra_epid_file_parse(
    struct ra_epid_file *f, const uint8_t *buf, size_t len);
/* Write a parsed file back (header, body, its signature as parsed). */
RA_MUST_CHECK enum ra_err ra_epid_file_build(
    struct ra_buf *out, const struct ra_epid_file *f);
/* RA_OK if the file's signature verifies under signer, else RA_ERR_AUTH. */
RA_MUST_CHECK enum ra_err ra_epid_file_verify(
    const struct ra_epid_file *f, const struct ra_ec256_pub *signer);
/* Write header || body || a fresh signature by key. */
RA_MUST_CHECK enum ra_err ra_epid_file_sign(struct ra_buf *out,
    enum ra_epid_file_form form, enum ra_epid_file_type type,
    const uint8_t *body, size_t body_len, const struct ra_ec256_priv *key,
    const struct ra_rng *rng);

/*
 * cacert.bin (324 bytes, SDK form only): header || public key || the
 * secp256r1 parameters p, a, b, Gx, Gy, n || signature. The parameters
 * must be exactly P-256's (RA_ERR_KEY otherwise, as for a public key not
 * on the curve). The SDK's sample certificate is self-signed; its
 * authenticity is the caller's business (the SDK says the same).
 */
struct ra_epid_ca_cert {
	struct ra_ec256_pub pub;
	struct ra_ec256_sig sig;
};
RA_MUST_CHECK enum ra_err ra_epid_ca_cert_parse(
    struct ra_epid_ca_cert *cert, const uint8_t *buf, size_t len);
RA_MUST_CHECK enum ra_err ra_epid_ca_cert_build(
    struct ra_buf *out, const struct ra_epid_ca_cert *cert);
/* A self-signed certificate for key (what the SDK's sample CA is). */
RA_MUST_CHECK enum ra_err ra_epid_ca_cert_make(struct ra_epid_ca_cert *cert,
    const struct ra_ec256_priv *key, const struct ra_rng *rng);
/* RA_OK if cert's own signature verifies under its key, else RA_ERR_AUTH. */
RA_MUST_CHECK enum ra_err ra_epid_ca_cert_verify_self(
    const struct ra_epid_ca_cert *cert);

#endif
