/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_DCAP_H
#define RA_DCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/err.h"
#include "sgxra/quote.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * DCAP collateral, as bytes: the SGX extension of PCK certificates, Intel
 * PCS TCB Info (v2, v3; SGX and TDX) and Enclave Identity (v2) documents,
 * the PCS "signed document" envelope, and Phala dcap-qvl's collateral
 * JSON. Layouts: FORMATS.md §6.4 to §6.6, Intel QVL AttestationParsers
 * (the X509 and Json parsers), docs/dcap.md.
 *
 * Like every wire/ parser these check structure only: types, lengths,
 * required fields, known ids. They verify no signature and judge nothing
 * (FMSPC matches, TCB levels, dates against a clock): that is
 * sgxra/verify.h. The JSON documents are parsed with jansson; the bytes a
 * signature covers are always the exact input text, never a
 * re-serialisation.
 *
 * Errors: RA_ERR_FORMAT for malformed input (bad DER or JSON, a missing
 * or duplicated field, a wrong type or length, a value out of range, more
 * entries than the fixed capacities below); RA_ERR_VERSION for an unknown
 * version, id, status or OID; RA_ERR_NOMEM if jansson cannot allocate. On
 * failure the output holds unspecified values except err_field, which
 * names the offending field. Nothing here is constant-time: collateral
 * is public.
 */

/* ---- PCK certificate SGX extensions (FORMATS.md §6.4) ----------------- */

/* The extension's OID, for ra_x509_extension(). */
#define RA_SGX_EXT_OID              "1.2.840.113741.1.13.1"
#define RA_FMSPC_LEN                6
#define RA_PCE_ID_LEN               2
#define RA_TCB_COMP_COUNT           16
#define RA_PLATFORM_INSTANCE_ID_LEN 16
/* Room for a field name in err_field, with its NUL. */
#define RA_ERR_FIELD_LEN 48

enum ra_sgx_type {
	RA_SGX_TYPE_STANDARD = 0,
	RA_SGX_TYPE_SCALABLE = 1,
	RA_SGX_TYPE_SCALABLE_WITH_INTEGRITY = 2,
};

/*
 * The decoded extension. A PCK certificate issued by the Processor CA
 * has five entries (PPID, TCB, PCE-ID, FMSPC, SGX Type); one issued by
 * the Platform CA has seven (also PlatformInstanceID and Configuration):
 * is_platform tells which.
 */
struct ra_pck_ext {
	uint8_t ppid[RA_PPID_CLEAR_LEN];     /* .1 */
	uint8_t comp_svn[RA_TCB_COMP_COUNT]; /* .2.1 .. .2.16 */
	uint16_t pce_svn;                    /* .2.17 */
	uint8_t cpu_svn[RA_CPUSVN_LEN];      /* .2.18 */
	uint8_t pce_id[RA_PCE_ID_LEN];       /* .3, as in the DER */
	uint8_t fmspc[RA_FMSPC_LEN];         /* .4 */
	enum ra_sgx_type sgx_type;           /* .5 */
	bool is_platform;                    /* .6 and .7 present */
	uint8_t instance_id[RA_PLATFORM_INSTANCE_ID_LEN]; /* .6 */
	bool dynamic_platform;                            /* .7.1 */
	bool cached_keys;                                 /* .7.2 */
	bool smt_enabled;                                 /* .7.3 */
	char err_field[RA_ERR_FIELD_LEN]; /* on failure: "FMSPC" */
};

/*
 * Parse the extension value (the contents of extnValue, a DER SEQUENCE)
 * of exactly len bytes. Strict DER: definite minimal lengths, no
 * high tag numbers, minimal INTEGERs, BOOLEAN 00 or FF; every entry
 * is SEQUENCE { OID, value } with the type and size of the table; no
 * OID twice; all 18 TCB entries; nothing unknown (RA_ERR_VERSION for an
 * OID outside the table or an SGX Type above 2). Non-recursive: the
 * nesting depth is that of the format, three.
 */
RA_MUST_CHECK enum ra_err ra_pck_ext_parse(
    struct ra_pck_ext *e, const uint8_t *der, size_t len);

/*
 * Append the DER of e (five or seven entries, per is_platform), in the
 * order Intel's PCK certificates use. Tests build PCK-like certificates
 * with it. Returns ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_pck_ext_build(
    struct ra_buf *b, const struct ra_pck_ext *e);

/* ---- TCB status (FORMATS.md §6.5, QVL TcbStatus.h) ------------------- */

/*
 * The statuses of TCB Info levels, QE Identity levels, TDX module
 * levels, and the merged verdict (the last two only come from the
 * merge, never from a document).
 */
enum ra_tcb_status {
	RA_TCB_UP_TO_DATE = 0,
	RA_TCB_SW_HARDENING_NEEDED,
	RA_TCB_CONFIGURATION_NEEDED,
	RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED,
	RA_TCB_OUT_OF_DATE,
	RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED,
	RA_TCB_REVOKED,
	RA_TCB_TD_RELAUNCH_ADVISED,
	RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED,
};

/* The JSON spelling ("SWHardeningNeeded"); "?" for a value not above. */
const char *ra_tcb_info_status_name(enum ra_tcb_status s);

/* ---- TCB Info (FORMATS.md §6.5) --------------------------------------- */

#define RA_TCB_LEVELS_MAX        64
#define RA_ADVISORY_ID_LEN       32  /* with the NUL */
#define RA_ADVISORIES_MAX        256 /* distinct ids in one document */
#define RA_LEVEL_ADVISORIES_MAX  64
#define RA_TDX_MODULE_IDS_MAX    8
#define RA_TDX_MODULE_LEVELS_MAX 16
#define RA_TDX_MODULE_ID_LEN     16 /* "TDX_01" and its NUL fit */
#define RA_TDX_MRSIGNER_LEN      48
#define RA_TDX_ATTRIBUTES_LEN    8

/*
 * Advisory ids ("INTEL-SA-00615") of one level: indices into the
 * document's table of distinct ids (adv), in document order.
 */
struct ra_advisory_refs {
	uint16_t n;
	uint16_t idx[RA_LEVEL_ADVISORIES_MAX];
};

enum ra_tcb_info_id {
	RA_TCB_ID_SGX = 0,
	RA_TCB_ID_TDX = 1,
};

/*
 * One tcbLevels entry. SVNs are kept as the document states them, up to
 * 65535: QVL truncates them to 8 bits; here a level asking for more than
 * an 8-bit platform component can reach simply never matches.
 */
struct ra_tcb_level {
	uint16_t sgx_svn[RA_TCB_COMP_COUNT]; /* v2 sgxtcbcompNNsvn / v3 */
	uint16_t tdx_svn[RA_TCB_COMP_COUNT]; /* TDX only */
	uint16_t pce_svn;
	enum ra_tcb_status status;
	int64_t tcb_date; /* Unix seconds */
	struct ra_advisory_refs adv;
};

/* tdxModule and tdxModuleIdentities[]: TDX v3 only. */
struct ra_tdx_module_level {
	uint16_t isv_svn;
	enum ra_tcb_status status; /* UpToDate, OutOfDate or Revoked */
	int64_t tcb_date;
	struct ra_advisory_refs adv;
};

struct ra_tdx_module_identity {
	char id[RA_TDX_MODULE_ID_LEN]; /* "TDX_01", as written */
	uint8_t mrsigner[RA_TDX_MRSIGNER_LEN];
	uint8_t attributes[RA_TDX_ATTRIBUTES_LEN];
	uint8_t attributes_mask[RA_TDX_ATTRIBUTES_LEN];
	size_t n_levels;
	/* Sorted by isv_svn, highest first (QVL keeps a std::set). */
	struct ra_tdx_module_level levels[RA_TDX_MODULE_LEVELS_MAX];
};

/*
 * A TCB Info document. Large (about 20 KiB): allocate it, or keep it in a
 * cache; do not rely on its size or layout beyond the fields.
 */
struct ra_tcb_info {
	unsigned int version;   /* 2 or 3 */
	enum ra_tcb_info_id id; /* v2: SGX */
	int64_t issue_date;
	int64_t next_update;
	uint8_t fmspc[RA_FMSPC_LEN];
	uint8_t pce_id[RA_PCE_ID_LEN]; /* big-endian hex "0000" as bytes */
	uint32_t tcb_eval_num;
	bool has_tdx_module;
	uint8_t tdx_mrsigner[RA_TDX_MRSIGNER_LEN];
	uint8_t tdx_attributes[RA_TDX_ATTRIBUTES_LEN];
	uint8_t tdx_attributes_mask[RA_TDX_ATTRIBUTES_LEN];
	size_t n_modules;
	struct ra_tdx_module_identity modules[RA_TDX_MODULE_IDS_MAX];
	/*
	 * Sorted the way QVL's std::set<TcbLevel, greater> orders them:
	 * descending by the 16 SGX SVNs (lexicographic), then PCESVN, then
	 * (TDX) the 16 TDX SVNs. Two equal levels are RA_ERR_FORMAT.
	 */
	size_t n_levels;
	struct ra_tcb_level levels[RA_TCB_LEVELS_MAX];
	size_t n_adv;
	char adv[RA_ADVISORIES_MAX][RA_ADVISORY_ID_LEN];
	char err_field[RA_ERR_FIELD_LEN];
};

/*
 * Parse the tcbInfo object: text[0..len) is the exact signed JSON text
 * (the value of "tcbInfo" in a PCS response). Required as in QVL
 * (TcbInfo.cpp): version 2 or 3; id "SGX" or "TDX" (v3); issueDate,
 * nextUpdate (ISO 8601 "YYYY-MM-DDThh:mm:ssZ"); fmspc (12 hex); pceId (4
 * hex); tcbType 0 (else RA_ERR_VERSION); tcbEvaluationDataNumber;
 * tcbLevels, a non-empty array; TDX: tdxModule (mrsigner 96 hex,
 * attributes and attributesMask 16 hex) and optional
 * tdxModuleIdentities. Unknown members are ignored, as by QVL.
 */
RA_MUST_CHECK enum ra_err ra_tcb_info_parse(
    struct ra_tcb_info *ti, const char *text, size_t len);

/* ---- QE Identity, Enclave Identity v2 (FORMATS.md §6.6) --------------- */

#define RA_QE_LEVELS_MAX     32
#define RA_QE_ADVISORIES_MAX 64

enum ra_qe_id {
	RA_QE_ID_QE = 0,
	RA_QE_ID_QVE = 1,
	RA_QE_ID_TD_QE = 2,
};

struct ra_qe_level {
	uint16_t isv_svn;
	/* UpToDate, ConfigurationNeeded, OutOfDate,
	 * OutOfDateConfigurationNeeded or Revoked (QVL's set). */
	enum ra_tcb_status status;
	int64_t tcb_date;
	struct ra_advisory_refs adv;
};

struct ra_qe_identity {
	enum ra_qe_id id;
	unsigned int version; /* 2 */
	int64_t issue_date;
	int64_t next_update;
	uint32_t tcb_eval_num;
	/*
	 * miscselect and its mask: the 4 bytes of the hex text read as a
	 * little-endian u32, i.e. in the byte order of the REPORT field
	 * (Intel's sample data: "D182B18C" matches report bytes d1 82 b1 8c).
	 */
	uint32_t miscselect;
	uint32_t miscselect_mask;
	uint8_t attributes[RA_ATTRIBUTES_LEN]; /* REPORT byte order */
	uint8_t attributes_mask[RA_ATTRIBUTES_LEN];
	struct ra_hash256 mrsigner;
	uint16_t isv_prod_id;
	size_t n_levels;
	struct ra_qe_level levels[RA_QE_LEVELS_MAX]; /* document order */
	size_t n_adv;
	char adv[RA_QE_ADVISORIES_MAX][RA_ADVISORY_ID_LEN];
	char err_field[RA_ERR_FIELD_LEN];
};

/*
 * Parse the enclaveIdentity object (its exact signed text). Required as
 * in QVL (EnclaveIdentityV2.cpp): id QE, QVE or TD_QE; version 2 (else
 * RA_ERR_VERSION); issueDate; nextUpdate; tcbEvaluationDataNumber;
 * miscselect and miscselectMask (8 hex); attributes and attributesMask
 * (32 hex); mrsigner (64 hex); isvprodid (0..65535); tcbLevels, a
 * non-empty array of {tcb: {isvsvn}, tcbDate, tcbStatus[, advisoryIDs]}.
 */
RA_MUST_CHECK enum ra_err ra_qe_identity_parse(
    struct ra_qe_identity *qi, const char *text, size_t len);

/* ---- Signed PCS documents and collateral sets ------------------------- */

/*
 * A PCS response body {"<key>": <object>, "signature": "<128 hex>"}
 * split into the exact bytes of <object> (a view into the input) and the
 * signature (ECDSA P-256 r || s, big-endian).
 */
struct ra_signed_doc {
	struct ra_bytes body;
	struct ra_ec256_sig sig;
};

/*
 * Split doc[0..len), which must be one JSON object with exactly the
 * members key and "signature" (any order, whitespace allowed). The view
 * covers the raw text of the key's value from its first to its last
 * byte: what Intel signed. The whole document must be valid JSON
 * (jansson, duplicate keys refused); the value must be an object.
 */
RA_MUST_CHECK enum ra_err ra_collateral_split(
    struct ra_signed_doc *out, const char *doc, size_t len, const char *key);

/*
 * Everything a DCAP verification needs besides the quote, as views owned
 * by the caller. Empty views ({NULL, 0}) are absent items. Certificate
 * chains are PEM (or back-to-back DER); CRLs DER or PEM; tcb_info and
 * qe_identity the exact signed texts, with their signatures.
 *
 * pck_chain is only read for quotes whose certification data is not a
 * PCK chain (types 1 to 4): PCK leaf, then its CA (and optionally the
 * root), as PCS serves /pckcert with its issuer chain header.
 */
struct ra_dcap_collateral {
	struct ra_bytes pck_crl_issuer_chain;
	struct ra_bytes root_ca_crl;
	struct ra_bytes pck_crl;
	struct ra_bytes tcb_info_issuer_chain;
	struct ra_bytes tcb_info;
	struct ra_ec256_sig tcb_info_sig;
	struct ra_bytes qe_identity_issuer_chain;
	struct ra_bytes qe_identity;
	struct ra_ec256_sig qe_identity_sig;
	struct ra_bytes pck_chain;
};

/*
 * Parse Phala dcap-qvl's QuoteCollateralV3 JSON: an object with the
 * string members pck_crl_issuer_chain, root_ca_crl (hex DER), pck_crl (hex
 * DER), tcb_info_issuer_chain, tcb_info (the signed text), tcb_info_
 * signature (128 hex), qe_identity_issuer_chain, qe_identity and
 * qe_identity_signature; an optional pck_certificate_chain fills
 * pck_chain; other members are ignored. Decoded bytes are written to
 * arena[0..cap) and c's views point there: c is valid while arena is.
 * cap >= len always suffices (RA_ERR_SPACE otherwise).
 */
RA_MUST_CHECK enum ra_err ra_collateral_parse_qvl(struct ra_dcap_collateral *c,
    uint8_t *arena, size_t cap, const char *json, size_t len);

#endif
