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
	RA_IPC_LOAD = 1,      /* u32 flags; the enclave file as SCM_RIGHTS */
	RA_IPC_PLATFORM = 2,  /* empty: platform information */
	RA_IPC_QE_TARGET = 3, /* empty: QE TARGETINFO and GID */
	RA_IPC_GET_QUOTE = 4, /* quote request (issue 6) */

	/* enclave -> platform (ENCLU channel) */
	RA_IPC_EREPORT = 16, /* TARGETINFO (512) || REPORTDATA (64) */
	RA_IPC_EGETKEY = 17, /* KEYREQUEST (512) */

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
 * 20 u32 flags (bit 0: provisioned for EPID) | 24 40 bytes zero.
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

#endif
