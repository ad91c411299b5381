/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ENCLAVE_H
#define RA_ENCLAVE_H

#include <stddef.h>
#include <stdint.h>

#include "sgxra/arch.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * The in-enclave API of sgxra's trusted runtime (src/trts, linked into
 * every enclave). An enclave is a shared object that defines its ECALL
 * table with RA_ENCLAVE_ECALLS(); sgxra-platformd measures it, checks its
 * SIGSTRUCT, and runs it in an isolated process whose only links are the
 * ENCLU channel to the platform (ra_enclave_report, ra_enclave_getkey:
 * the platform answers for this enclave's measured identity, never
 * another's) and the ECALL channel to the application.
 *
 * Functions return RA_ERR_STATE when called outside an enclave (before
 * the runtime started), RA_ERR_IO if a channel is gone.
 */

/*
 * An ECALL: a function from the application's input bytes to output
 * bytes (at most cap, *out_len set). Its return value travels back to the
 * application as the call's status.
 */
struct ra_ecall {
	const char *name;
	enum ra_err (*fn)(const uint8_t *in, size_t in_len, uint8_t *out,
	    size_t cap, size_t *out_len);
};

struct ra_ecall_table {
	const struct ra_ecall *calls;
	size_t count;
};

/* Defined once per enclave, with RA_ENCLAVE_ECALLS(array). */
extern const struct ra_ecall_table ra_enclave_ecalls;

#define RA_ENCLAVE_ECALLS(array)                                   \
	const struct ra_ecall_table ra_enclave_ecalls = { (array), \
		sizeof(array) / sizeof((array)[0]) }

/* Largest input or output of one ECALL or OCALL, in bytes. */
#define RA_ENCLAVE_MAX_IO ((size_t)1 << 19)

/*
 * EREPORT: a REPORT of this enclave for the target ti (NULL: a report to
 * nobody, for reading one's own identity, as sgx_self_report does) with
 * report_data (64 bytes).
 */
RA_MUST_CHECK enum ra_err ra_enclave_report(struct ra_report *report,
    const struct ra_targetinfo *ti,
    const uint8_t report_data[RA_REPORT_DATA_LEN]);

/* This enclave's identity: the body of a self report. */
RA_MUST_CHECK enum ra_err ra_enclave_identity(struct ra_report_body *body);

/* The TARGETINFO for REPORTs meant for this enclave (sgx_self_target). */
RA_MUST_CHECK enum ra_err ra_enclave_self_target(struct ra_targetinfo *ti);

/*
 * Verify a REPORT that targets this enclave (sgx_verify_report): its MAC
 * under this enclave's report key. RA_OK or RA_ERR_AUTH.
 */
RA_MUST_CHECK enum ra_err ra_enclave_verify_report(
    const struct ra_report *report);

/*
 * EGETKEY: the key kr names, for this enclave. The platform refuses what
 * the SDM refuses (RA_ERR_POLICY with *why set, why may be NULL).
 */
RA_MUST_CHECK enum ra_err ra_enclave_getkey(struct ra_key128 *key,
    enum ra_sgx_error *why, const struct ra_keyrequest *kr);

/* Seal policies of ra_enclave_seal. */
enum ra_seal_policy {
	RA_SEAL_MRENCLAVE = 1, /* only this exact enclave unseals */
	RA_SEAL_MRSIGNER = 2,  /* any enclave of this signer and product, same
	                          or newer ISVSVN */
};

/*
 * Seal text with the SDK's defaults (sgx_seal_data_ex: random KEYID, this
 * enclave's ISVSVN and CPUSVN, the SDK's attribute and MISCSELECT masks)
 * into out, binding aad (may be empty). Output in the SDK's sealed-data
 * layout (sgxra/seal.h), ra_seal_len(text_len, aad_len) bytes.
 */
RA_MUST_CHECK enum ra_err ra_enclave_seal(uint8_t *out, size_t cap,
    size_t *out_len, enum ra_seal_policy policy, const void *text,
    size_t text_len, const void *aad, size_t aad_len);

/*
 * Unseal a blob made by ra_enclave_seal (or the SDK): text receives the
 * plaintext, *aad a view of the additional MAC text inside blob (may be
 * NULL). RA_ERR_AUTH if the blob was changed or is not for this enclave,
 * RA_ERR_POLICY if the platform refuses its key (an SVN above ours).
 */
RA_MUST_CHECK enum ra_err ra_enclave_unseal(uint8_t *text, size_t cap,
    size_t *text_len, struct ra_bytes *aad, const uint8_t *blob,
    size_t blob_len);

/*
 * OCALL: ask the application to run its OCALL number index with input
 * in, and wait for its output. RA_ERR_POLICY if the application answered
 * with an error status.
 */
RA_MUST_CHECK enum ra_err ra_enclave_ocall(uint32_t index, const void *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len);

/*
 * The runtime's entry points, called by the enclave process of
 * sgxra-platformd, not by enclave code: boot before the sandbox is
 * applied (keeps the two channel descriptors, initialises the crypto
 * library), run after (serves ECALLs until the application closes the
 * channel; returns 0 then, non-zero on a channel error).
 */
int ra_trts_boot(int enclu_fd, int ecall_fd);
int ra_trts_run(void);

#endif
