/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_ARCH_H
#define RA_ARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/crypto.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * The emulated SGX architecture: what the CPU does at EINIT, EGETKEY and
 * EREPORT, as pure functions of the platform's fused secrets and an
 * enclave's SECS. sgxra-platformd holds the secrets and calls these; the
 * functions hold no state and never see an enclave's memory.
 *
 * Real hardware derives keys from fuses no emulator can reproduce; the
 * scheme below keeps every input the SDM lists (FORMATS.md §1.4) and is
 * documented in docs/platform.md. Results that the SDM reports as
 * instruction errors (SGX_INVALID_ISVSVN, ...) are returned as RA_ERR_POLICY
 * with the SDM code in an out-parameter: the request was well formed, the
 * architecture refuses it.
 */

/* The SDM's error codes for EINIT, EGETKEY and EREPORT. */
enum ra_sgx_error {
	RA_SGX_SUCCESS = 0,
	RA_SGX_INVALID_SIG_STRUCT = 1,
	RA_SGX_INVALID_ATTRIBUTE = 2,
	RA_SGX_INVALID_MEASUREMENT = 4,
	RA_SGX_INVALID_SIGNATURE = 8,
	RA_SGX_INVALID_CPUSVN = 32,
	RA_SGX_INVALID_ISVSVN = 64,
	RA_SGX_INVALID_KEYNAME = 256,
};

/* The SDM name of e ("SGX_INVALID_ISVSVN"); "SGX_UNKNOWN" otherwise. */
const char *ra_sgx_strerror(enum ra_sgx_error e);

#define RA_OWNER_EPOCH_LEN 16

/*
 * A platform's fused secrets and configuration (secret: keep in a file of
 * mode 0600, wipe copies). CR_REPORT_KEYID is drawn again at every
 * platform start (SDM: at processor reset).
 */
struct ra_sgx_fuses {
	struct ra_key128
	    root_seal; /* REPORT, SEAL, EINITTOKEN, PROVISION_SEAL */
	struct ra_key128 root_provision; /* PROVISION */
	uint8_t owner_epoch[RA_OWNER_EPOCH_LEN];
	uint8_t cpu_svn[RA_CPUSVN_LEN]; /* the platform's current CPUSVN */
	uint8_t report_key_id[RA_KEY_ID_LEN];
};

/*
 * The identity part of an enclave's SECS (SDM "SGX Enclave Control
 * Structure"): everything EREPORT reports and EGETKEY binds.
 */
struct ra_secs {
	uint64_t size;
	uint32_t ssa_frame_size;
	uint32_t misc_select;
	struct ra_attributes attributes; /* INIT set by EINIT */
	struct ra_hash256 mr_enclave;
	struct ra_hash256 mr_signer;
	uint8_t config_id[RA_CONFIG_ID_LEN];
	uint16_t isv_prod_id;
	uint16_t isv_svn;
	uint16_t config_svn;
	uint8_t isv_ext_prod_id[RA_ISV_EXT_PROD_ID_LEN];
	uint8_t isv_family_id[RA_ISV_FAMILY_ID_LEN];
};

/* --- SIGSTRUCT (enclave_css_t): sign and verify ------------------------ */

/* MRSIGNER = SHA-256 of the 384 modulus bytes exactly as stored (LE). */
void ra_css_mrsigner(
    struct ra_hash256 *mrsigner, const struct ra_sigstruct *ss);

/*
 * Sign ss in place with key (RSA-3072, e = 3, private): write modulus_le,
 * the PKCS#1 v1.5 SHA-256 signature over the 256 signed bytes (FORMATS.md
 * §2.4) byte-reversed into signature_le, and Q1/Q2. RA_ERR_KEY for any
 * other key size or exponent.
 */
RA_MUST_CHECK enum ra_err ra_css_sign(
    struct ra_sigstruct *ss, const struct ra_rsa_key *key);

/*
 * Verify the RSA signature of ss (S^3 mod N against the PKCS#1 v1.5
 * encoding of SHA-256 of the signed region) and, as the CPU does, that Q1
 * and Q2 are the quotients of S^2 and S*R1 by N. RA_OK or RA_ERR_AUTH.
 */
RA_MUST_CHECK enum ra_err ra_css_verify(const struct ra_sigstruct *ss);

/* --- EINIT -------------------------------------------------------------- */

/*
 * EINIT as the emulated CPU performs it: verify the SIGSTRUCT signature
 * (RA_SGX_INVALID_SIGNATURE), check ENCLAVEHASH against the measured
 * mrenclave (RA_SGX_INVALID_MEASUREMENT), check the requested attributes
 * and MISCSELECT against the SIGSTRUCT under its masks
 * (RA_SGX_INVALID_ATTRIBUTE), then fill secs: measurement, MRSIGNER,
 * ISVPRODID, ISVSVN, KSS identities, ATTRIBUTES with INIT set.
 *
 * attributes/misc_select are what the loader asks for (normally the
 * SIGSTRUCT's, with DEBUG as the launch asked). Launch policy is the
 * caller's (allow_debug, allow_provision): a DEBUG or PROVISIONKEY enclave
 * the caller does not allow is RA_SGX_INVALID_ATTRIBUTE, as a launch
 * enclave would refuse its token. RA_OK, or RA_ERR_POLICY with *why set.
 */
struct ra_einit_request {
	struct ra_hash256 mr_enclave; /* measured by the loader */
	uint64_t size;
	uint32_t ssa_frame_size;
	struct ra_attributes attributes;
	uint32_t misc_select;
	uint8_t config_id[RA_CONFIG_ID_LEN];
	uint16_t config_svn;
	bool allow_debug;
	bool allow_provision;
};

RA_MUST_CHECK enum ra_err ra_einit(struct ra_secs *secs, enum ra_sgx_error *why,
    const struct ra_sigstruct *ss, const struct ra_einit_request *req);

/* --- EGETKEY and EREPORT ------------------------------------------------ */

/*
 * EGETKEY for the enclave described by secs: the 128-bit key kr names,
 * derived with AES-CMAC from the platform's root keys and the inputs of
 * FORMATS.md §1.4. Refusals (RA_ERR_POLICY, *why set): an unknown KEYNAME
 * (RA_SGX_INVALID_KEYNAME), PROVISION / PROVISION_SEAL without the
 * PROVISIONKEY attribute or EINITTOKEN without EINITTOKENKEY
 * (RA_SGX_INVALID_ATTRIBUTE), an ISVSVN or CONFIGSVN above the enclave's
 * (RA_SGX_INVALID_ISVSVN), a CPUSVN not below or equal to the platform's
 * in every byte (RA_SGX_INVALID_CPUSVN), KSS policies without the KSS
 * attribute (RA_SGX_INVALID_ATTRIBUTE). The key is secret: wipe it.
 */
RA_MUST_CHECK enum ra_err ra_egetkey(struct ra_key128 *key,
    enum ra_sgx_error *why, const struct ra_sgx_fuses *fuses,
    const struct ra_secs *secs, const struct ra_keyrequest *kr);

/*
 * EREPORT by the enclave `secs` for the target described by ti: the body
 * from secs and the platform's CPUSVN, report_data as given, KEYID =
 * CR_REPORT_KEYID, MAC = AES-CMAC over the body with the target's report
 * key (what the target gets from EGETKEY(REPORT) with that KEYID).
 */
RA_MUST_CHECK enum ra_err ra_ereport(struct ra_report *report,
    const struct ra_sgx_fuses *fuses, const struct ra_secs *secs,
    const struct ra_targetinfo *ti,
    const uint8_t report_data[RA_REPORT_DATA_LEN]);

/*
 * Verify a REPORT as its target does (SDK sgx_verify_report): derive the
 * report key of `target` with the REPORT's KEYID and compare MACs in
 * constant time. RA_OK or RA_ERR_AUTH.
 */
RA_MUST_CHECK enum ra_err ra_ereport_verify(const struct ra_sgx_fuses *fuses,
    const struct ra_secs *target, const struct ra_report *report);

/* The TARGETINFO that makes EREPORT target secs (sgx_self_target). */
void ra_secs_targetinfo(struct ra_targetinfo *ti, const struct ra_secs *secs);

/* The REPORT body EREPORT would write for secs (report_data zero). */
void ra_secs_report_body(struct ra_report_body *rb,
    const struct ra_sgx_fuses *fuses, const struct ra_secs *secs);

#endif
