/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_SGX_H
#define RA_SGX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/types.h"

/*
 * SGX architectural structures: ATTRIBUTES, REPORT body and REPORT,
 * TARGETINFO, KEYREQUEST, SECINFO and SIGSTRUCT. All integers are
 * little-endian on the wire. Layouts: Intel SGX SDK common/inc/
 * sgx_attributes.h, sgx_report.h, sgx_key.h, internal/arch.h, and the
 * Intel SDM Vol. 3D SGX chapters; FORMATS.md §1 and §2.3; docs/formats.md.
 *
 * Parsers are composable: each takes the decoded struct first and a
 * cursor, consumes exactly its fixed length through a sub-cursor and
 * returns RA_OK, RA_ERR_FORMAT (truncated, or a reserved field that must
 * be zero is not) or RA_ERR_VERSION (a constant header or an id the
 * format does not define). The bytes are consumed even when their
 * content is refused, so the caller must stop at the first error rather
 * than read on; on failure the struct holds unspecified values. A
 * truncation also fails the caller's cursor. Builders append exactly the
 * fixed length to a struct ra_buf; the caller checks ra_buf_finish().
 * Nothing here is constant-time: these structures carry no secrets.
 */

/* Lengths in bytes. */
#define RA_CPUSVN_LEN          16
#define RA_ATTRIBUTES_LEN      16
#define RA_ISV_EXT_PROD_ID_LEN 16
#define RA_ISV_FAMILY_ID_LEN   16
#define RA_CONFIG_ID_LEN       64
#define RA_REPORT_DATA_LEN     64
#define RA_KEY_ID_LEN          32
#define RA_REPORT_BODY_LEN     384
#define RA_REPORT_LEN          432
#define RA_TARGETINFO_LEN      512
#define RA_KEYREQUEST_LEN      512
#define RA_SECINFO_LEN         64
#define RA_SIGSTRUCT_LEN       1808
/* Bytes 0..127 || 900..1027 of a SIGSTRUCT: what the RSA key signs. */
#define RA_SIGSTRUCT_SIGNED_LEN 256
/* An RSA-3072 modulus, signature, Q1 or Q2 in a SIGSTRUCT. */
#define RA_RSA3072_LEN 384

/*
 * ATTRIBUTES (16 bytes): FLAGS u64 LE at 0, XFRM u64 LE at 8. Every bit
 * of both words is kept: the REPORT MAC and the quote signatures cover
 * them, and policy (not this layer) decides which bits matter.
 */
struct ra_attributes {
	uint64_t flags;
	uint64_t xfrm;
};

/* ATTRIBUTES.FLAGS bits (SDM; SDK sgx_attributes.h). */
enum ra_attr_flag {
	RA_ATTR_INIT = 0x1,
	RA_ATTR_DEBUG = 0x2,
	RA_ATTR_MODE64BIT = 0x4,
	RA_ATTR_PROVISIONKEY = 0x10,
	RA_ATTR_EINITTOKENKEY = 0x20,
	RA_ATTR_CET = 0x40,
	RA_ATTR_KSS = 0x80,
	RA_ATTR_AEXNOTIFY = 0x400,
};

/* MISCSELECT bits (SDM). */
enum ra_misc_flag {
	RA_MISC_EXINFO = 0x1,
	RA_MISC_CPINFO = 0x2,
};

/* Parse 16 bytes of ATTRIBUTES. RA_ERR_FORMAT if truncated. */
RA_MUST_CHECK enum ra_err ra_attributes_parse(
    struct ra_attributes *a, struct ra_cur *c);

/* Append 16 bytes of ATTRIBUTES. */
void ra_attributes_build(struct ra_buf *b, const struct ra_attributes *a);

/*
 * REPORT body (sgx_report_body_t, 384 bytes). The reserved areas are kept
 * verbatim: they are produced by the CPU, covered by the REPORT MAC and
 * by every quote signature, and a newer CPU may define them (the SDM
 * already names byte 20 CET_ATTRIBUTES). Keeping them makes
 * parse -> build byte-exact for every input.
 */
struct ra_report_body {
	uint8_t cpu_svn[RA_CPUSVN_LEN];                  /*   0 */
	uint32_t misc_select;                            /*  16 */
	uint8_t reserved1[12];                           /*  20 */
	uint8_t isv_ext_prod_id[RA_ISV_EXT_PROD_ID_LEN]; /*  32 */
	struct ra_attributes attributes;                 /*  48 */
	struct ra_hash256 mr_enclave;                    /*  64 */
	uint8_t reserved2[32];                           /*  96 */
	struct ra_hash256 mr_signer;                     /* 128 */
	uint8_t reserved3[32];                           /* 160 */
	uint8_t config_id[RA_CONFIG_ID_LEN];             /* 192 */
	uint16_t isv_prod_id;                            /* 256 */
	uint16_t isv_svn;                                /* 258 */
	uint16_t config_svn;                             /* 260 */
	uint8_t reserved4[42];                           /* 262 */
	uint8_t isv_family_id[RA_ISV_FAMILY_ID_LEN];     /* 304 */
	uint8_t report_data[RA_REPORT_DATA_LEN];         /* 320 */
};

/*
 * Parse the 384-byte REPORT body. Never fails on content, only on
 * truncation (RA_ERR_FORMAT).
 */
RA_MUST_CHECK enum ra_err ra_report_body_parse(
    struct ra_report_body *rb, struct ra_cur *c);

/*
 * Append the 384 body bytes. These are exactly the bytes that EREPORT
 * MACs and that a quote embeds, so this is also how to obtain the MAC
 * input from a decoded body.
 */
void ra_report_body_build(struct ra_buf *b, const struct ra_report_body *rb);

/*
 * REPORT (sgx_report_t, 432 bytes): body, KEYID (32) at 384, MAC (16) at
 * 416 = AES-128-CMAC over bytes 0..383 with the target's report key.
 */
struct ra_report {
	struct ra_report_body body;
	uint8_t key_id[RA_KEY_ID_LEN];
	struct ra_mac128 mac;
};

/* Parse 432 bytes of REPORT. RA_ERR_FORMAT if truncated. */
RA_MUST_CHECK enum ra_err ra_report_parse(
    struct ra_report *r, struct ra_cur *c);

/* Append 432 bytes of REPORT. */
void ra_report_build(struct ra_buf *b, const struct ra_report *r);

/*
 * TARGETINFO (sgx_target_info_t, 512 bytes). Byte 48 is CET_ATTRIBUTES
 * (SDM); the SDK calls bytes 48..49 reserved1. All reserved bytes (49,
 * 56..63, 128..511) must be zero: the SDM makes EREPORT fault otherwise.
 */
struct ra_targetinfo {
	struct ra_hash256 mr_enclave;        /*  0 MEASUREMENT */
	struct ra_attributes attributes;     /* 32 */
	uint8_t cet_attributes;              /* 48 */
	uint16_t config_svn;                 /* 50 */
	uint32_t misc_select;                /* 52 */
	uint8_t config_id[RA_CONFIG_ID_LEN]; /* 64 */
};

/*
 * Parse 512 bytes of TARGETINFO. RA_ERR_FORMAT if truncated or if a
 * reserved byte is not zero.
 */
RA_MUST_CHECK enum ra_err ra_targetinfo_parse(
    struct ra_targetinfo *ti, struct ra_cur *c);

/* Append 512 bytes of TARGETINFO; reserved bytes are written as zero. */
void ra_targetinfo_build(struct ra_buf *b, const struct ra_targetinfo *ti);

/* KEYREQUEST.KEYNAME values (SDM EGETKEY; SDK sgx_key.h). */
enum ra_keyname {
	RA_KEYNAME_EINITTOKEN = 0,
	RA_KEYNAME_PROVISION = 1,
	RA_KEYNAME_PROVISION_SEAL = 2,
	RA_KEYNAME_REPORT = 3,
	RA_KEYNAME_SEAL = 4,
};

/* KEYREQUEST.KEYPOLICY bits; bits 6..15 are reserved and must be zero. */
enum ra_keypolicy {
	RA_KEYPOLICY_MRENCLAVE = 0x0001,
	RA_KEYPOLICY_MRSIGNER = 0x0002,
	RA_KEYPOLICY_NOISVPRODID = 0x0004,
	RA_KEYPOLICY_CONFIGID = 0x0008,
	RA_KEYPOLICY_ISVFAMILYID = 0x0010,
	RA_KEYPOLICY_ISVEXTPRODID = 0x0020,
};

/* Every KEYPOLICY bit the SDM defines. */
#define RA_KEYPOLICY_ALL 0x003f

/*
 * KEYREQUEST (sgx_key_request_t, 512 bytes). Byte 6 is
 * CET_ATTRIBUTES_MASK (SDM; the SDK calls bytes 6..7 reserved1). Byte 7
 * and bytes 78..511 are reserved and must be zero (EGETKEY faults
 * otherwise).
 */
struct ra_keyrequest {
	enum ra_keyname key_name;            /*  0, u16 */
	uint16_t key_policy;                 /*  2 */
	uint16_t isv_svn;                    /*  4 */
	uint8_t cet_attributes_mask;         /*  6 */
	uint8_t cpu_svn[RA_CPUSVN_LEN];      /*  8 */
	struct ra_attributes attribute_mask; /* 24 */
	uint8_t key_id[RA_KEY_ID_LEN];       /* 40 */
	uint32_t misc_mask;                  /* 72 */
	uint16_t config_svn;                 /* 76 */
};

/*
 * Parse 512 bytes of KEYREQUEST. RA_ERR_VERSION for a KEYNAME outside
 * enum ra_keyname; RA_ERR_FORMAT if truncated, if a reserved KEYPOLICY
 * bit is set or if a reserved byte is not zero.
 */
RA_MUST_CHECK enum ra_err ra_keyrequest_parse(
    struct ra_keyrequest *kr, struct ra_cur *c);

/* Append 512 bytes of KEYREQUEST; reserved bytes are written as zero. */
void ra_keyrequest_build(struct ra_buf *b, const struct ra_keyrequest *kr);

/* SECINFO.FLAGS permission and state bits (SDM). */
enum ra_secinfo_flag {
	RA_SECINFO_R = 0x01,
	RA_SECINFO_W = 0x02,
	RA_SECINFO_X = 0x04,
	RA_SECINFO_PENDING = 0x08,
	RA_SECINFO_MODIFIED = 0x10,
	RA_SECINFO_PR = 0x20,
};

/* SECINFO.FLAGS bits 8..15: the EPC page type (SDM). */
enum ra_page_type {
	RA_PT_SECS = 0,
	RA_PT_TCS = 1,
	RA_PT_REG = 2,
	RA_PT_VA = 3,
	RA_PT_TRIM = 4,
	RA_PT_SS_FIRST = 5,
	RA_PT_SS_REST = 6,
};

#define RA_SECINFO_PT_SHIFT 8
/* Every FLAGS bit the SDM defines: permissions, states and page type. */
#define RA_SECINFO_FLAGS_ALL 0xff3fULL

/*
 * SECINFO (64 bytes): FLAGS u64 LE at 0, then 56 reserved bytes that must
 * be zero. Only the permission bits (R, W, X, PENDING, MODIFIED, PR) and
 * the page type go in flags; the page type is stored in its own field.
 */
struct ra_secinfo {
	uint8_t perms;               /* FLAGS bits 0..7 */
	enum ra_page_type page_type; /* FLAGS bits 8..15 */
};

/*
 * Parse 64 bytes of SECINFO. RA_ERR_VERSION for a page type outside
 * enum ra_page_type; RA_ERR_FORMAT if truncated or if a reserved FLAGS
 * bit (6, 7, 16..63) or reserved byte is set.
 */
RA_MUST_CHECK enum ra_err ra_secinfo_parse(
    struct ra_secinfo *si, struct ra_cur *c);

/* Append 64 bytes of SECINFO; reserved bytes are written as zero. */
void ra_secinfo_build(struct ra_buf *b, const struct ra_secinfo *si);

/* SIGSTRUCT.TYPE bit 31: signed with a debug (pre-production) key. */
#define RA_SIGSTRUCT_TYPE_DEBUG 0x80000000U
/* SIGSTRUCT.VENDOR for Intel-signed enclaves. */
#define RA_SIGSTRUCT_VENDOR_INTEL 0x00008086U
/* The only RSA public exponent EINIT accepts. */
#define RA_SIGSTRUCT_EXPONENT 3U

/*
 * SIGSTRUCT (enclave_css_t, 1808 bytes). HEADER (0), HEADER2 (24) and
 * EXPONENT (512) are constants and are not stored: the parser checks them
 * and the builder writes them. The RSA values (modulus, signature, Q1,
 * Q2) stay exactly as stored, 384-byte little-endian integers, because
 * MRSIGNER is SHA-256 of the stored modulus bytes. Bytes 908 and 909 are
 * CET_ATTRIBUTES and CET_ATTRIBUTES_MASK (SDM). The reserved areas (44..
 * 127, 910..911, 992..1007, 1028..1039) and TYPE bits 0..30 must be zero.
 */
struct ra_sigstruct {
	uint32_t type;                                   /*   12 */
	uint32_t vendor;                                 /*   16 */
	uint32_t date;                                   /*   20 BCD yyyymmdd */
	uint32_t sw_defined;                             /*   40 */
	uint8_t modulus_le[RA_RSA3072_LEN];              /*  128 */
	uint8_t signature_le[RA_RSA3072_LEN];            /*  516 */
	uint32_t misc_select;                            /*  900 */
	uint32_t misc_mask;                              /*  904 */
	uint8_t cet_attributes;                          /*  908 */
	uint8_t cet_attributes_mask;                     /*  909 */
	uint8_t isv_family_id[RA_ISV_FAMILY_ID_LEN];     /*  912 */
	struct ra_attributes attributes;                 /*  928 */
	struct ra_attributes attribute_mask;             /*  944 */
	struct ra_hash256 enclave_hash;                  /*  960 */
	uint8_t isv_ext_prod_id[RA_ISV_EXT_PROD_ID_LEN]; /* 1008 */
	uint16_t isv_prod_id;                            /* 1024 */
	uint16_t isv_svn;                                /* 1026 */
	uint8_t q1_le[RA_RSA3072_LEN];                   /* 1040 */
	uint8_t q2_le[RA_RSA3072_LEN];                   /* 1424 */
};

/*
 * Parse 1808 bytes of SIGSTRUCT. RA_ERR_VERSION if HEADER or HEADER2 is
 * not the constant of the SDM, or if EXPONENT is not 3 (the only
 * signature algorithm EINIT knows); RA_ERR_FORMAT if truncated, or if a
 * reserved byte or TYPE bit is set. Nothing is verified: the RSA
 * signature, Q1 and Q2 are the sgx/ layer's business.
 */
RA_MUST_CHECK enum ra_err ra_sigstruct_parse(
    struct ra_sigstruct *ss, struct ra_cur *c);

/* Append 1808 bytes of SIGSTRUCT, constants and zero reserved bytes. */
void ra_sigstruct_build(struct ra_buf *b, const struct ra_sigstruct *ss);

/*
 * Append the 256 bytes the SIGSTRUCT RSA signature covers: bytes 0..127
 * followed by bytes 900..1027 of what ra_sigstruct_build() writes.
 */
void ra_sigstruct_build_signed(struct ra_buf *b, const struct ra_sigstruct *ss);

/* --- PCMD (EPC paging) --------------------------------------------------- */

#define RA_PCMD_LEN    128
#define RA_VA_SLOT_LEN 8

/*
 * PCMD (paging crypto metadata, 128 bytes, SDM): SECINFO at 0, ENCLAVEID
 * u64 at 64, 40 reserved zero bytes at 72, the AES-GCM tag at 112.
 */
struct ra_pcmd {
	struct ra_secinfo secinfo;
	uint64_t enclave_id;
	struct ra_mac128 mac;
};

/*
 * Parse 128 bytes of PCMD. RA_ERR_FORMAT if truncated or a reserved byte
 * or bit is set; RA_ERR_VERSION for an unknown page type.
 */
RA_MUST_CHECK enum ra_err ra_pcmd_parse(struct ra_pcmd *p, struct ra_cur *c);
void ra_pcmd_build(struct ra_buf *b, const struct ra_pcmd *p);

#endif
