/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_IPC_H
#define RA_IPC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * The platform's local channels, a wire format like any other
 * (docs/platform.md). Every message is one frame:
 *
 *   off size
 *     0    4 type, u32 LE
 *     4    4 len, u32 LE, at most RA_IPC_MAX_LEN
 *     8  len payload
 *
 * on a UNIX stream socket (application <-> sgxra-platformd) or socketpair
 * (platform <-> enclave: the ENCLU channel; application <-> enclave: the
 * ECALL channel). File descriptors travel alongside a frame as SCM_RIGHTS
 * (the enclave image to load; the ECALL channel handed to the
 * application). A frame that breaks the format ends the connection.
 */

#define RA_IPC_HEADER_LEN 8
/* Largest payload of any frame (ECALL buffers included). */
#define RA_IPC_MAX_LEN ((size_t)1 << 20)

enum ra_ipc_type {
	/* application -> platform */
	RA_IPC_LOAD = 1,        /* u32 flags; the enclave file as SCM_RIGHTS */
	RA_IPC_PLATFORM = 2,    /* empty: platform information */
	RA_IPC_QE_TARGET = 3,   /* empty: QE TARGETINFO and GID */
	RA_IPC_GET_QUOTE = 4,   /* struct ra_ipc_get_quote -> ra_ipc_quote */
	RA_IPC_PROV_ID = 5,     /* empty -> struct ra_ipc_prov_id */
	RA_IPC_PROV_JOIN = 6,   /* ra_ipc_prov_join -> ra_ipc_prov_join_reply */
	RA_IPC_PROV_FINISH = 7, /* credential (100) -> u32 gid */
	RA_IPC_DCAP_ID = 8,     /* empty -> struct ra_ipc_dcap_id */
	RA_IPC_DCAP_CERT = 9,   /* PCK certificate chain (PEM) -> empty */
	RA_IPC_GET_QUOTE_DCAP = 10, /* ra_ipc_get_quote_dcap -> ra_ipc_quote */
	RA_IPC_MEE_STATS = 11,      /* empty -> struct ra_ipc_mee_stats */
	RA_IPC_EPC_PAGES = 12,      /* empty -> the EPC page map */
	RA_IPC_MEE_FLUSH = 13, /* empty: drop the MEE's node cache -> empty */

	/* enclave -> platform (ENCLU channel) */
	RA_IPC_EREPORT = 16, /* TARGETINFO (512) || REPORTDATA (64) */
	RA_IPC_EGETKEY = 17, /* KEYREQUEST (512) */

	/* enclave process -> platform (EPC channel, descriptor 6) */
	RA_IPC_EPC_INIT = 18,  /* the ELRANGE (below) -> u32 resident max */
	RA_IPC_EPC_LOAD = 19,  /* u32 page -> the page (4096) */
	RA_IPC_EPC_STORE = 20, /* u32 page || the page (4096) -> empty */
	RA_IPC_EPC_DROP = 21,  /* u32 page -> no reply (ERROR on failure) */

	/* application <-> enclave (ECALL channel) */
	RA_IPC_ECALL = 32,  /* u32 index || input bytes */
	RA_IPC_OCALL = 33,  /* u32 index || input bytes (enclave -> app) */
	RA_IPC_RETURN = 34, /* u32 status || output bytes (either way) */

	/* replies */
	RA_IPC_OK = 64,    /* payload depends on the request */
	RA_IPC_ERROR = 65, /* struct ra_ipc_error */
};

/* LOAD flags. */
enum ra_ipc_load_flag {
	RA_IPC_LOAD_DEBUG = 0x1, /* launch with ATTRIBUTES.DEBUG */
};

struct ra_ipc_header {
	uint32_t type;
	uint32_t len;
};

/*
 * Parse the 8-byte frame header. RA_ERR_FORMAT if len exceeds max (which
 * must itself be at most RA_IPC_MAX_LEN) or the bytes are short.
 */
RA_MUST_CHECK enum ra_err ra_ipc_header_parse(
    struct ra_ipc_header *h, const uint8_t *buf, size_t len, size_t max);
void ra_ipc_header_build(struct ra_buf *b, uint32_t type, uint32_t len);

/*
 * ERROR payload: the library error, the SDM error when the architecture
 * refused (0 otherwise), and a message (UTF-8, no NUL, at most 255 bytes)
 * for logs and the user:
 *   0 u32 ra_err | 4 u32 sgx_error | 8 u8 n | 9 n bytes message
 */
#define RA_IPC_MSG_MAX 255

struct ra_ipc_error {
	uint32_t err;
	uint32_t sgx_error;
	char msg[RA_IPC_MSG_MAX + 1]; /* NUL-terminated after parse */
};

RA_MUST_CHECK enum ra_err ra_ipc_error_parse(
    struct ra_ipc_error *e, const uint8_t *buf, size_t len);
void ra_ipc_error_build(struct ra_buf *b, const struct ra_ipc_error *e);

/*
 * LOAD reply (OK), 152 bytes, with the ECALL channel as SCM_RIGHTS:
 *   0 u64 enclave id | 8 MRENCLAVE | 40 MRSIGNER | 72 ATTRIBUTES (16) |
 *   88 u32 MISCSELECT | 92 u16 ISVPRODID | 94 u16 ISVSVN | 96 u64 SIZE |
 *   104 u32 pid of the enclave process | 108 44 bytes zero
 */
#define RA_IPC_LOADED_LEN 152

struct ra_ipc_loaded {
	uint64_t enclave_id;
	struct ra_hash256 mr_enclave;
	struct ra_hash256 mr_signer;
	struct ra_attributes attributes;
	uint32_t misc_select;
	uint16_t isv_prod_id;
	uint16_t isv_svn;
	uint64_t size;
	uint32_t pid;
};

RA_MUST_CHECK enum ra_err ra_ipc_loaded_parse(
    struct ra_ipc_loaded *l, const uint8_t *buf, size_t len);
void ra_ipc_loaded_build(struct ra_buf *b, const struct ra_ipc_loaded *l);

/*
 * PLATFORM reply (OK), 64 bytes: 0 CPUSVN (16) | 16 u32 enclaves running |
 * 20 u32 flags (bit 0: provisioned for EPID; bit 1: has a PCK certificate
 * for DCAP) | 24 40 bytes zero.
 */
#define RA_IPC_PLATFORM_LEN 64

struct ra_ipc_platform {
	uint8_t cpu_svn[RA_CPUSVN_LEN];
	uint32_t enclaves;
	uint32_t flags;
};

RA_MUST_CHECK enum ra_err ra_ipc_platform_parse(
    struct ra_ipc_platform *p, const uint8_t *buf, size_t len);
void ra_ipc_platform_build(struct ra_buf *b, const struct ra_ipc_platform *p);

/*
 * QE_TARGET reply (OK), 520 bytes: 0 the quoting enclave's TARGETINFO
 * (512) | 512 u32 EPID GID (0 until provisioned) | 516 u32 flags (bit 0:
 * provisioned). An application makes its REPORT for the QE with it.
 */
#define RA_IPC_QE_TARGET_LEN 520

struct ra_ipc_qe_target {
	struct ra_targetinfo ti;
	uint32_t gid;
	uint32_t flags;
};

RA_MUST_CHECK enum ra_err ra_ipc_qe_target_parse(
    struct ra_ipc_qe_target *q, const uint8_t *buf, size_t len);
void ra_ipc_qe_target_build(struct ra_buf *b, const struct ra_ipc_qe_target *q);

/*
 * A u32 followed by bytes: ECALL / OCALL (index || input) and RETURN
 * (status || output). The bytes are a view into buf.
 */
struct ra_ipc_call {
	uint32_t word;
	struct ra_bytes data;
};

RA_MUST_CHECK enum ra_err ra_ipc_call_parse(
    struct ra_ipc_call *c, const uint8_t *buf, size_t len);
void ra_ipc_call_build(struct ra_buf *b, const struct ra_ipc_call *c);

/*
 * GET_QUOTE request: the application's REPORT targeting the quoting
 * enclave, what to quote with, and the group's SigRL (0 bytes: none):
 *
 *   0 REPORT (432) | 432 u16 quote type (0 unlinkable, 1 linkable) |
 *   434 SPID (16) | 450 nonce (16) | 466 u32 sigrl_len | 470 sigrl bytes
 *
 * The SigRL is the SGX-form file IAS serves (sgxra/sigrl.h), at most
 * RA_IPC_SIGRL_MAX bytes. RA_ERR_VERSION for an unknown quote type,
 * RA_ERR_FORMAT for truncation, trailing bytes or a SigRL above the
 * maximum. q->sigrl points into buf.
 */
#define RA_IPC_SPID_LEN        16
#define RA_IPC_QUOTE_NONCE_LEN 16
#define RA_IPC_GET_QUOTE_MIN_LEN \
	(RA_REPORT_LEN + 2 + RA_IPC_SPID_LEN + RA_IPC_QUOTE_NONCE_LEN + 4)
#define RA_IPC_SIGRL_MAX ((size_t)512 * 1024)

struct ra_ipc_get_quote {
	struct ra_report report;
	uint16_t quote_type; /* enum ra_quote_sign_type */
	uint8_t spid[RA_IPC_SPID_LEN];
	uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN];
	struct ra_bytes sigrl;
};

RA_MUST_CHECK enum ra_err ra_ipc_get_quote_parse(
    struct ra_ipc_get_quote *q, const uint8_t *buf, size_t len);
/* RA_ERR_ARG, nothing useful written, if the SigRL is above the maximum. */
RA_MUST_CHECK enum ra_err ra_ipc_get_quote_build(
    struct ra_buf *b, const struct ra_ipc_get_quote *q);

/*
 * GET_QUOTE reply (OK): the quoting enclave's REPORT for the application
 * enclave, with REPORTDATA = SHA-256(nonce || quote) || 32 zero bytes, and
 * the quote (sgxra/quote.h):
 *
 *   0 QE REPORT (432) | 432 u32 quote_len | 436 quote
 *
 * RA_ERR_FORMAT for truncation, trailing bytes or quote_len 0. r->quote
 * points into buf.
 */
#define RA_IPC_QUOTE_MIN_LEN (RA_REPORT_LEN + 4)

struct ra_ipc_quote {
	struct ra_report qe_report;
	struct ra_bytes quote;
};

RA_MUST_CHECK enum ra_err ra_ipc_quote_parse(
    struct ra_ipc_quote *r, const uint8_t *buf, size_t len);
void ra_ipc_quote_build(struct ra_buf *b, const struct ra_ipc_quote *r);

/*
 * Provisioning (docs/platform.md "Provisioning and quoting"). The
 * provisioning enclave (PvE) derives the platform's provisioning identity
 * from its PROVISION key: PROV_ID (empty) is answered with
 *
 *   0 PPID (16) | 16 authentication key (16)
 *
 * which the administrator enrolls with the attestation service.
 */
#define RA_IPC_PPID_LEN    16
#define RA_IPC_PROV_ID_LEN 32

struct ra_ipc_prov_id {
	uint8_t ppid[RA_IPC_PPID_LEN];
	struct ra_key128 auth_key; /* secret */
};

RA_MUST_CHECK enum ra_err ra_ipc_prov_id_parse(
    struct ra_ipc_prov_id *id, const uint8_t *buf, size_t len);
void ra_ipc_prov_id_build(struct ra_buf *b, const struct ra_ipc_prov_id *id);

/*
 * PROV_JOIN request: what the service's join/start returned, in binary
 * (616 bytes; the service's JSON fields in brackets):
 *
 *     0   4 u32 LE EPID group id ["gid", 8 hex digits]
 *     4  32 issuer nonce ["nonce"]
 *    36 260 group public key: gid (4, BE) || h1 || h2 || w ["groupPubKey"]
 *   296 256 quote-encryption RSA-2048 modulus, big-endian, e = 65537
 *           ["quoteEncryptionKey"]
 *   552  64 SigRL signing key, ECDSA P-256 x || y, big-endian
 *           ["epidSigningKey"]
 *
 * The values are checked by the PvE (the points, the group id against
 * the key's), not here.
 */
#define RA_IPC_JOIN_NONCE_LEN  32
#define RA_IPC_GROUP_PUB_LEN   260
#define RA_IPC_QUOTE_KEY_LEN   256
#define RA_IPC_SIGRL_KEY_LEN   64
#define RA_IPC_PROV_JOIN_LEN   616
#define RA_IPC_JOIN_REQ_LEN    128
#define RA_IPC_PROV_JOINED_LEN 144
#define RA_IPC_CREDENTIAL_LEN  100

struct ra_ipc_prov_join {
	uint32_t gid;
	uint8_t nonce[RA_IPC_JOIN_NONCE_LEN];
	uint8_t group_pub[RA_IPC_GROUP_PUB_LEN];
	uint8_t quote_key[RA_IPC_QUOTE_KEY_LEN];
	uint8_t sigrl_key[RA_IPC_SIGRL_KEY_LEN];
};

RA_MUST_CHECK enum ra_err ra_ipc_prov_join_parse(
    struct ra_ipc_prov_join *j, const uint8_t *buf, size_t len);
void ra_ipc_prov_join_build(struct ra_buf *b, const struct ra_ipc_prov_join *j);

/*
 * PROV_JOIN reply (OK), 144 bytes: 0 JoinRequest F || c || s (128) |
 * 128 mac (16) = AES-CMAC(auth key, "sgxra join" || PPID || gid (4, BE) ||
 * nonce || JoinRequest), what join/finish takes ["joinRequest", "mac"].
 */
struct ra_ipc_prov_joined {
	uint8_t join_request[RA_IPC_JOIN_REQ_LEN];
	struct ra_mac128 mac;
};

RA_MUST_CHECK enum ra_err ra_ipc_prov_joined_parse(
    struct ra_ipc_prov_joined *j, const uint8_t *buf, size_t len);
void ra_ipc_prov_joined_build(
    struct ra_buf *b, const struct ra_ipc_prov_joined *j);

/*
 * PROV_FINISH request: the membership credential as join/finish returns
 * it, gid (4, BE) || A (64) || x (32), 100 bytes (secret). The reply (OK)
 * is the u32 LE EPID group id the platform is now provisioned for.
 */
struct ra_ipc_prov_finish {
	uint8_t credential[RA_IPC_CREDENTIAL_LEN];
};

RA_MUST_CHECK enum ra_err ra_ipc_prov_finish_parse(
    struct ra_ipc_prov_finish *f, const uint8_t *buf, size_t len);
void ra_ipc_prov_finish_build(
    struct ra_buf *b, const struct ra_ipc_prov_finish *f);

/*
 * DCAP (docs/platform.md "DCAP quotes"). The provisioning certification
 * enclave (PCE) holds the platform's PCK key (sgxra/pck.h); the service
 * certifies it. DCAP_ID (empty) is answered with what a PCS pckcert
 * request names, 276 bytes:
 *
 *   0 encrypted PPID (256): RSA-OAEP of the PPID under the service's
 *     quote-encryption key (the platform has it once provisioned for
 *     EPID) | 256 CPUSVN (16) | 272 u16 PCESVN | 274 u16 PCE-ID
 *
 * DCAP_CERT hands the platform the PCK certificate chain the service
 * issued (PEM: the PCK certificate, then its issuers; 1 byte to
 * RA_IPC_PCK_CHAIN_MAX); the platform keeps it if its first certificate
 * certifies the PCE's key for the current TCB. GET_QUOTE_DCAP asks the
 * quoting enclave for an ECDSA quote (v3, certification data type 5) of
 * the application's REPORT targeting it:
 *
 *   0 REPORT (432) | 432 nonce (16)
 *
 * answered like GET_QUOTE (struct ra_ipc_quote), the QE's REPORT for
 * the application binding SHA-256(nonce || quote).
 */
#define RA_IPC_ENC_PPID_LEN       256
#define RA_IPC_DCAP_ID_LEN        276
#define RA_IPC_PCK_CHAIN_MAX      ((size_t)16 * 1024)
#define RA_IPC_GET_QUOTE_DCAP_LEN (RA_REPORT_LEN + RA_IPC_QUOTE_NONCE_LEN)

struct ra_ipc_dcap_id {
	uint8_t enc_ppid[RA_IPC_ENC_PPID_LEN];
	uint8_t cpu_svn[RA_CPUSVN_LEN];
	uint16_t pce_svn;
	uint16_t pce_id;
};

RA_MUST_CHECK enum ra_err ra_ipc_dcap_id_parse(
    struct ra_ipc_dcap_id *id, const uint8_t *buf, size_t len);
void ra_ipc_dcap_id_build(struct ra_buf *b, const struct ra_ipc_dcap_id *id);

struct ra_ipc_get_quote_dcap {
	struct ra_report report;
	uint8_t nonce[RA_IPC_QUOTE_NONCE_LEN];
};

RA_MUST_CHECK enum ra_err ra_ipc_get_quote_dcap_parse(
    struct ra_ipc_get_quote_dcap *q, const uint8_t *buf, size_t len);
void ra_ipc_get_quote_dcap_build(
    struct ra_buf *b, const struct ra_ipc_get_quote_dcap *q);

/*
 * EPC_INIT (enclave process -> platform), docs/mee.md "The platform's
 * EPC": its ELRANGE, 48 bytes little-endian: u64 base (the image's first
 * writable page) | u32 pages in all | u32 flags (enum ra_ipc_elrange_flag)
 * | then the heap and the stack, each u64 address | u32 first linear
 * page | u32 pages (0 if it is not enclave memory). Linear pages are the
 * image's from 0, then the heap's, then the stack's.
 */
#define RA_IPC_EPC_INIT_LEN 48

enum ra_ipc_elrange_flag {
	RA_IPC_ELRANGE_UFFD = 0x1,  /* userfaultfd pager (else SIGSEGV) */
	RA_IPC_ELRANGE_HEAP = 0x2,  /* the heap (malloc) is enclave memory */
	RA_IPC_ELRANGE_STACK = 0x4, /* ECALLs run on a stack in the ELRANGE */
};

/*
 * MEE_STATS reply (OK), docs/mee.md "The platform's EPC": 216 bytes, then
 * one 68-byte entry per running enclave; all little-endian.
 *
 *     0 u32 mode (1 client, 2 scalable) | 4 u32 flags (bit 0: locked)
 *     8 u64 EPC (protected data) bytes
 *    16 u32 EPC pages | 20 u32 VA pages | 24 u32 pages used by enclaves
 *    28 u32 free pages | 32 u32 pages evicted to STATE/swap
 *    36 u32 resident pages allowed per enclave process
 *    40 u64 data lines read | 48 u64 data lines written
 *    56 u64 metadata bytes read | 64 u64 metadata bytes written
 *    72 u64 walks | 80 5 x u64 walks by depth 0..4
 *   120 u64 node-cache hits | 128 u64 misses | 136 u64 EWB | 144 u64 ELDU
 *   152 u64 DRAM offset of the failed check | 160 u32 which (ra_mee_fail)
 *   164 u32 n, the enclaves that follow (at most RA_IPC_MEE_ENCLAVES_MAX)
 *   168 the DRAM layout: u64 tag, version, L0, L1, L2 offsets, u64 end
 *   216 n x { u64 enclave id | u64 ELRANGE base (its linear address) |
 *             u32 ELRANGE pages | u32 pages in the EPC | u32 evicted |
 *             u32 resident in its process | u32 flags (enum
 *             ra_ipc_elrange_flag) | heap: u64 address, u32 first
 *             linear page, u32 pages | stack: the same }
 */
#define RA_IPC_MEE_STATS_LEN    216
#define RA_IPC_MEE_ENCLAVE_LEN  68
#define RA_IPC_MEE_ENCLAVES_MAX 256
#define RA_IPC_MEE_LOCKED       0x1

struct ra_ipc_mee_enclave {
	uint64_t id;
	uint64_t base;
	uint32_t pages;
	uint32_t in_epc;
	uint32_t evicted;
	uint32_t resident;
	uint32_t flags;
	uint64_t heap, stack;
	uint32_t heap_lin, heap_pages, stack_lin, stack_pages;
};

struct ra_ipc_mee_stats {
	uint32_t mode;
	uint32_t flags;
	uint64_t epc_len;
	uint32_t pages, va_pages, used, free, evicted, resident_max;
	uint64_t lines_read, lines_written, meta_read, meta_written, walks;
	uint64_t walk_depth[5];
	uint64_t cache_hits, cache_misses, ewb, eldu;
	uint64_t fail_offset;
	uint32_t fail;
	uint32_t n;
	uint64_t tag_off, ver_off, l0_off, l1_off, l2_off, end;
	struct ra_ipc_mee_enclave enclaves[RA_IPC_MEE_ENCLAVES_MAX];
};

/* RA_ERR_FORMAT for a wrong length or n above the maximum. */
RA_MUST_CHECK enum ra_err ra_ipc_mee_stats_parse(
    struct ra_ipc_mee_stats *s, const uint8_t *buf, size_t len);
void ra_ipc_mee_stats_build(struct ra_buf *b, const struct ra_ipc_mee_stats *s);

/*
 * EPC_PAGES reply (OK): the attacker tests' map of the EPC, 8 + 24 n
 * bytes: 0 u32 n | 4 u32 zero | 8 n x { u32 index | u32 linear page
 * index in the enclave's ELRANGE | u64 enclave id | u32 flags | u32
 * zero }. index is the EPC page (data offset / 4096), or with
 * RA_IPC_EPC_EVICTED the STATE/swap record. VA pages carry enclave id 0.
 */
#define RA_IPC_EPC_PAGE_LEN  24
#define RA_IPC_EPC_PAGES_MAX 32768

enum ra_ipc_epc_flag {
	RA_IPC_EPC_RESIDENT = 0x1, /* mapped in the enclave process */
	RA_IPC_EPC_EVICTED = 0x2,  /* in STATE/swap (EWB) */
	RA_IPC_EPC_VA = 0x4,       /* a version-array page */
};

struct ra_ipc_epc_page {
	uint32_t index;
	uint32_t lin;
	uint64_t enclave_id;
	uint32_t flags;
};

/*
 * Parse into out[0..cap): *n entries. RA_ERR_FORMAT for a wrong length,
 * unknown flags or non-zero reserved bytes; RA_ERR_SPACE if n > cap.
 */
RA_MUST_CHECK enum ra_err ra_ipc_epc_pages_parse(struct ra_ipc_epc_page *out,
    size_t cap, size_t *n, const uint8_t *buf, size_t len);
void ra_ipc_epc_pages_build(
    struct ra_buf *b, const struct ra_ipc_epc_page *pages, size_t n);

#endif
