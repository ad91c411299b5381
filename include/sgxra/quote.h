/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_QUOTE_H
#define RA_QUOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * Quotes: the EPID quote v1/v2 (sgx_quote_t) with its encrypted
 * signature blob, the DCAP ECDSA quotes v3, v4 and v5 with their TD
 * report bodies and PPID certification data. Layouts: Intel SGX SDK
 * common/inc/sgx_quote.h and internal/se_quote_internal.h; DCAP
 * QuoteGeneration/quote_wrapper/common/inc/sgx_quote_{3,4,5}.h; QVL
 * QuoteStructures.h; FORMATS.md §3 and §6; docs/formats.md.
 *
 * These parsers check the structure only: lengths, versions and type
 * ids. They verify no signature and judge no policy (the QE vendor id,
 * the debug bit, TCB levels): that is the ra/ layer's work. Parsed
 * structs hold views (struct ra_bytes) into the caller's buffer: they are
 * valid while that buffer is, and the parsers never copy or free it.
 * Nothing here is constant-time; quotes carry no secrets.
 *
 * Errors: RA_ERR_FORMAT for a truncation, trailing bytes, or a length
 * field that disagrees with the bytes; RA_ERR_VERSION for an unknown
 * version, key type, TEE type, body type or certification data type. On
 * failure the output struct holds unspecified values.
 */

/* ---- EPID quote (sgx_quote_t), FORMATS.md §3.1 ---------------------- */

#define RA_BASENAME_LEN 32
/* version .. report body: what the EPID signature covers (IAS's
 * isvEnclaveQuoteBody). */
#define RA_EPID_QUOTE_BODY_LEN 432
/* The body plus signature_len: a quote with an empty signature. */
#define RA_EPID_QUOTE_MIN_LEN 436

/*
 * An EPID quote's sign type (0, 1). msg2's quote_type field takes the
 * same values plus RA_QUOTE_DCAP, an sgxra extension (docs/
 * remote-attestation.md "DCAP"): the service provider asks for a DCAP
 * ECDSA quote. No EPID quote has sign type 2 (ra_epid_quote_parse
 * refuses it).
 */
enum ra_quote_sign_type {
	RA_QUOTE_UNLINKABLE = 0,
	RA_QUOTE_LINKABLE = 1,
	RA_QUOTE_DCAP = 2,
};

struct ra_epid_quote {
	uint16_t version;                  /*   0: 1 or 2 */
	enum ra_quote_sign_type sign_type; /*   2: u16 */
	/*
	 * 4: the 4 epid_group_id bytes read as a little-endian u32. The QE
	 * stores the big-endian EPID GID byte-reversed, so this is the GID
	 * itself: printf("%08x", gid) is IAS's /sigrl/{gid} path.
	 */
	uint32_t gid;
	uint16_t qe_svn;                   /*   8 */
	uint16_t pce_svn;                  /*  10 */
	uint32_t xeid;                     /*  12 */
	uint8_t basename[RA_BASENAME_LEN]; /*  16 */
	struct ra_report_body report_body; /*  48 */
	/* 432: signature_len u32, then the signature blob (436): */
	struct ra_bytes signature;
	/* Bytes 0..431 of the input (parse only; build ignores it). */
	struct ra_bytes body;
};

/*
 * Parse an EPID quote of exactly len bytes: 436 + signature_len. Version
 * must be 1 or 2 and sign_type 0 or 1, else RA_ERR_VERSION (an unknown
 * type id, in this library's error scheme). The signature is a view; see
 * ra_epid_quote_sig_parse() for its contents.
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_parse(
    struct ra_epid_quote *q, const uint8_t *buf, size_t len);

/*
 * Parse a quote body alone: exactly RA_EPID_QUOTE_BODY_LEN (432) bytes,
 * the part the EPID signature covers and that IAS returns in an
 * attestation report (isvEnclaveQuoteBody). Same checks as
 * ra_epid_quote_parse() for the fields; q->signature is empty and q->body
 * is a view of buf. RA_ERR_FORMAT if len is not 432.
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_body_parse(
    struct ra_epid_quote *q, const uint8_t *buf, size_t len);

/*
 * Append the quote: the fields, signature_len = q->signature.len and the
 * signature bytes (q->body is ignored). RA_ERR_ARG if the signature is
 * longer than UINT32_MAX bytes (nothing is written); otherwise the result
 * of ra_buf_finish(b), RA_ERR_SPACE if b overflowed now or before.
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_build(
    struct ra_buf *b, const struct ra_epid_quote *q);

/* ---- EPID signature blob, encrypted for IAS, FORMATS.md §3.2 --------- */

#define RA_EPID_SIG_WRAPPED_KEY_LEN 256
#define RA_EPID_SIG_IV_LEN          12
/* Everything but the ciphertext: 256 + 32 + 12 + 4 + 16. */
#define RA_EPID_SIG_OVERHEAD_LEN 320

/*
 * The signature blob of an EPID quote (se_encrypted_sign_t), parsed from
 * the signature view of struct ra_epid_quote.
 */
struct ra_epid_quote_sig {
	/* 0: RSA-OAEP-2048 of the AES-128 key, big-endian as RSA writes it */
	uint8_t wrapped_key[RA_EPID_SIG_WRAPPED_KEY_LEN];
	struct ra_hash256 key_hash;     /* 256: SHA-256 of the AES key */
	uint8_t iv[RA_EPID_SIG_IV_LEN]; /* 288 */
	/* 300: payload_size u32 LE; 304: AES-128-GCM ciphertext: */
	struct ra_bytes ciphertext;
	struct ra_mac128 tag; /* 304 + payload_size: GCM tag */
};

/*
 * Parse a signature blob of exactly len bytes: 320 + payload_size.
 * RA_ERR_FORMAT if payload_size disagrees with len. The ciphertext is a
 * view into buf.
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_sig_parse(
    struct ra_epid_quote_sig *s, const uint8_t *buf, size_t len);

/*
 * Append the blob. RA_ERR_ARG if the ciphertext is longer than
 * UINT32_MAX bytes (nothing is written); otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_sig_build(
    struct ra_buf *b, const struct ra_epid_quote_sig *s);

/* ---- DCAP ECDSA quotes v3, v4, v5, FORMATS.md §6.1 and §6.2 ---------- */

#define RA_DCAP_HEADER_LEN    48
#define RA_QE_VENDOR_ID_LEN   16
#define RA_DCAP_USER_DATA_LEN 20
#define RA_TD_REPORT10_LEN    584
#define RA_TD_REPORT15_LEN    648
#define RA_TEE_TCB_SVN_LEN    16
#define RA_TD_MEASUREMENT_LEN 48
#define RA_TD_ATTRIBUTES_LEN  8
#define RA_TD_RTMR_COUNT      4
/* The smallest v3 quote QVL accepts (empty auth and certification data). */
#define RA_DCAP_QUOTE_V3_MIN_LEN 1020

/* The Intel QE3 / TD-QE vendor id, an initializer for uint8_t[16]. */
#define RA_DCAP_INTEL_QE_VENDOR_ID                                          \
	{                                                                   \
		0x93, 0x9a, 0x72, 0x33, 0xf7, 0x9c, 0x4c, 0xa9, 0x94, 0x0a, \
		    0x0d, 0xb3, 0x95, 0x7f, 0x06, 0x07                      \
	}

/* Header att_key_type: the only one defined for v3..v5. */
enum ra_dcap_att_key_type {
	RA_DCAP_ATT_KEY_ECDSA_P256 = 2,
};

/* Header tee_type (v4+; v3 has it zero, as att_key_data_0). */
enum ra_dcap_tee_type {
	RA_DCAP_TEE_SGX = 0x00000000,
	RA_DCAP_TEE_TDX = 0x00000081,
};

/*
 * The kind of body. The values are the v5 body descriptor's type; v3 and
 * v4 imply SGX (tee_type 0) or TD 1.0 (tee_type 0x81).
 */
enum ra_dcap_body_type {
	RA_DCAP_BODY_SGX = 1,  /* SGX REPORT body, 384 bytes */
	RA_DCAP_BODY_TD10 = 2, /* TD report 1.0, 584 bytes */
	RA_DCAP_BODY_TD15 = 3, /* TD report 1.5, 648 bytes */
};

/* Certification data types (sgx_quote_3.h, QVL). */
enum ra_dcap_cert_type {
	RA_DCAP_CERT_PPID_CLEAR = 1,   /* PPID || CPUSVN || PCESVN || PCEID */
	RA_DCAP_CERT_PPID_RSA2048 = 2, /* RSA-2048-OAEP PPID || ... */
	RA_DCAP_CERT_PPID_RSA3072 = 3, /* RSA-3072-OAEP PPID || ... */
	RA_DCAP_CERT_PCK_LEAF = 4,     /* PCK leaf certificate */
	RA_DCAP_CERT_PCK_CHAIN = 5,    /* PEM: PCK leaf, CA, root */
	RA_DCAP_CERT_QE_REPORT = 6,    /* v4/v5 wrapper, see below */
};

/*
 * TD report body (sgx_report2_body_t), little-endian, FORMATS.md §6.2.
 * 1.0 is 584 bytes; 1.5 (v5 body type 3) appends TEE_TCB_SVN2 and
 * MRSERVICETD for 648. Attribute words are kept as raw bytes, the way
 * TCB info and QE identity masks are compared. Nothing is reserved.
 */
struct ra_td_report {
	bool is_v1_5; /* 648 bytes with the two 1.5 fields, else 584 */
	uint8_t tee_tcb_svn[RA_TEE_TCB_SVN_LEN];               /*   0 */
	uint8_t mr_seam[RA_TD_MEASUREMENT_LEN];                /*  16 */
	uint8_t mr_signer_seam[RA_TD_MEASUREMENT_LEN];         /*  64 */
	uint8_t seam_attributes[RA_TD_ATTRIBUTES_LEN];         /* 112 */
	uint8_t td_attributes[RA_TD_ATTRIBUTES_LEN];           /* 120 */
	uint8_t xfam[RA_TD_ATTRIBUTES_LEN];                    /* 128 */
	uint8_t mr_td[RA_TD_MEASUREMENT_LEN];                  /* 136 */
	uint8_t mr_config_id[RA_TD_MEASUREMENT_LEN];           /* 184 */
	uint8_t mr_owner[RA_TD_MEASUREMENT_LEN];               /* 232 */
	uint8_t mr_owner_config[RA_TD_MEASUREMENT_LEN];        /* 280 */
	uint8_t rtmr[RA_TD_RTMR_COUNT][RA_TD_MEASUREMENT_LEN]; /* 328 */
	uint8_t report_data[RA_REPORT_DATA_LEN];               /* 520 */
	uint8_t tee_tcb_svn2[RA_TEE_TCB_SVN_LEN];              /* 584, 1.5 */
	uint8_t mr_service_td[RA_TD_MEASUREMENT_LEN];          /* 600, 1.5 */
};

/*
 * Parse a TD report body: 648 bytes if is_v1_5, else 584. Fails only on
 * truncation (RA_ERR_FORMAT). Sets td->is_v1_5; the 1.5 fields are zero
 * in a 1.0 body.
 */
RA_MUST_CHECK enum ra_err ra_td_report_parse(
    struct ra_td_report *td, struct ra_cur *c, bool is_v1_5);

/* Append 584 or 648 bytes, according to td->is_v1_5. */
void ra_td_report_build(struct ra_buf *b, const struct ra_td_report *td);

/*
 * A DCAP quote, any of v3, v4 and v5, in one struct.
 *
 *   v3:  header (48) | SGX body (384) | sig_data_len | sig_data
 *   v4:  header (48) | SGX body or TD 1.0 body | sig_data_len | sig_data
 *   v5:  header (48) | body type u16 | body size u32 | body |
 *        sig_data_len | sig_data
 *
 *   sig_data v3:    quote_sig (64) | att_key (64) | QE report certification
 *   sig_data v4/5:  quote_sig (64) | att_key (64) | type 6 u16 | size u32 |
 *                   QE report certification
 *   QE report certification: QE report body (384) | QE report sig (64) |
 *                   auth size u16 | auth data | cert type u16 (1..5) |
 *                   cert size u32 | cert data
 *
 * Trailing bytes after sig_data: Intel's quote generation library returns
 * buffers of exactly the quote's size, but four real TDX v4 quotes in
 * tests/data/real/dcap arrive in fixed-size buffers padded with zeros:
 * automata-dcap-rs-tdx-v4 (8000 bytes, 3065 of them padding), and
 * phala-tdx-v4, phala-extra/tdx-quote-from-tappd.hex and oasis-core-extra/
 * quote_v4_tdx_ecdsa_p256_trailing.bin (5006 bytes, the size of a v5 TD
 * 1.5 quote, 70 of them padding). Decision: all-zero padding is accepted
 * and its length recorded in padding_len, so that build reproduces the
 * input exactly; padding is outside every signature and carries nothing.
 * Any non-zero trailing byte is RA_ERR_FORMAT. The one such quote in our
 * data, go-tdx-guest-tdx-v4/quote.bin, ends with the 39 bytes
 * "\nextra bytes(only for testing purpose)\n" that go-tdx-guest appended
 * on purpose; a caller that wants to accept it must cut it off first,
 * with ra_dcap_quote_len().
 */
struct ra_dcap_quote {
	/* header, 48 bytes */
	uint16_t version;                          /*  0: 3, 4 or 5 */
	uint16_t att_key_type;                     /*  2: 2 */
	uint32_t tee_type;                         /*  4: 0 or 0x81 */
	uint16_t qe_svn;                           /*  8 (v4+: reserved) */
	uint16_t pce_svn;                          /* 10 (v4+: reserved) */
	uint8_t qe_vendor_id[RA_QE_VENDOR_ID_LEN]; /* 12 */
	uint8_t user_data[RA_DCAP_USER_DATA_LEN];  /* 28 */

	/* body: v3/v4 from tee_type, v5 from its descriptor */
	enum ra_dcap_body_type body_type;
	union {
		struct ra_report_body sgx; /* RA_DCAP_BODY_SGX */
		struct ra_td_report td;    /* RA_DCAP_BODY_TD10, _TD15 */
	} body;

	/* Header through end of body: what quote_sig signs (parse only). */
	struct ra_bytes signed_data;

	/* signature data */
	struct ra_ec256_sig quote_sig; /* big-endian r || s */
	struct ra_ec256_pub att_key;   /* big-endian x || y */
	struct ra_report_body qe_report;
	/* The QE report's 384 bytes as received, which qe_report_sig signs
	 * (parse only). */
	struct ra_bytes qe_report_raw;
	struct ra_ec256_sig qe_report_sig;
	struct ra_bytes qe_auth_data;
	/*
	 * The certification data type (1..5: for v4/v5, the inner one under
	 * type 6) and its bytes. Type 5 is PEM text, kept verbatim: a
	 * trailing NUL is common and is part of the view.
	 */
	enum ra_dcap_cert_type cert_type;
	struct ra_bytes cert_data;

	/* Zero bytes after sig_data, kept so build reproduces the input. */
	size_t padding_len;
};

/*
 * Parse a DCAP quote that fills buf[0..len) exactly, except for all-zero
 * padding (see above). RA_ERR_VERSION for a version outside 3..5, an
 * att_key_type other than 2, a tee_type other than 0 or 0x81 (v3: only
 * 0), a v5 body type outside 1..3 or not matching tee_type (SGX body
 * with TDX, TD body with SGX), an outer certification type other than 6
 * (v4/v5) or an inner/v3 certification type outside 1..5. RA_ERR_FORMAT
 * for a v5 body size that is not the size of its type, for a length that
 * disagrees with the bytes, or for non-zero trailing bytes. The vendor
 * id is not checked: that is verification policy.
 */
RA_MUST_CHECK enum ra_err ra_dcap_quote_parse(
    struct ra_dcap_quote *q, const uint8_t *buf, size_t len);

/*
 * Append a quote laid out for q->version from the fields (signed_data and
 * qe_report_raw are ignored; the lengths are computed from the views),
 * then q->padding_len zero bytes. RA_ERR_ARG, with nothing written, if
 * the version, tee_type and body_type do not go together, if the auth
 * data exceeds UINT16_MAX bytes, or if a length does not fit its u32
 * field. Otherwise the result of ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_dcap_quote_build(
    struct ra_buf *b, const struct ra_dcap_quote *q);

/*
 * The length that the quote at the start of buf declares for itself
 * (header, body descriptor, body, 4 and sig_data_len), read from the
 * header and the length fields only. RA_ERR_VERSION for an unknown
 * version, tee_type or v5 body type; RA_ERR_FORMAT if buf is shorter
 * than the declared length. A caller that deliberately tolerates
 * arbitrary trailing bytes parses buf[0..*quote_len).
 */
RA_MUST_CHECK enum ra_err ra_dcap_quote_len(
    size_t *quote_len, const uint8_t *buf, size_t len);

/* ---- PPID certification data, types 1, 2 and 3, FORMATS.md §6.1 ------ */

#define RA_PPID_CLEAR_LEN   16
#define RA_PPID_RSA2048_LEN 256
#define RA_PPID_RSA3072_LEN 384

/*
 * Types 1..3: PPID (16 clear, 256 or 384 RSA-OAEP encrypted) || CPUSVN
 * (16) || PCE SVN (u16 LE) || PCE ID (u16 LE). Intel's QVL sample quote
 * (intel-qvl-sampledata-sgx) carries a 34-byte type 1 without the PCE
 * ID, a legacy form also accepted: has_pce_id is false and pce_id 0.
 */
struct ra_dcap_ppid {
	enum ra_dcap_cert_type type;
	struct ra_bytes ppid; /* view into the certification data */
	uint8_t cpu_svn[RA_CPUSVN_LEN];
	uint16_t pce_svn;
	uint16_t pce_id;
	bool has_pce_id;
};

/*
 * Parse the certification data of type (1, 2 or 3), exactly len bytes.
 * RA_ERR_VERSION for any other type (4 and 5 are certificates, not PPID
 * data); RA_ERR_FORMAT if len is not the length of the type (type 1:
 * 36, or 34 in the legacy form).
 */
RA_MUST_CHECK enum ra_err ra_dcap_quote_ppid_parse(struct ra_dcap_ppid *p,
    enum ra_dcap_cert_type type, const uint8_t *buf, size_t len);

/*
 * Append the PPID certification data (the legacy 34-byte form when
 * has_pce_id is false). RA_ERR_ARG, nothing written, if p->ppid.len is
 * not the PPID length of p->type or p->type is not 1..3 (or the legacy
 * form is asked of type 2 or 3). Otherwise ra_buf_finish(b).
 */
RA_MUST_CHECK enum ra_err ra_dcap_quote_ppid_build(
    struct ra_buf *b, const struct ra_dcap_ppid *p);

#endif
