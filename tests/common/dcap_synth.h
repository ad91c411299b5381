/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_TEST_DCAP_SYNTH_H
#define RA_TEST_DCAP_SYNTH_H

/*
 * A complete synthetic DCAP world for the cases real data cannot show
 * (a revoked PCK certificate, a wrong FMSPC, a QE identity that does not
 * match, a TCB Info signed by the wrong key ...): a test root and PKI
 * with Intel's role names ("Test SGX PCK Certificate" ...), a PCK-like
 * certificate carrying the SGX extension, CRLs, TCB Info and QE Identity
 * signed by a TCB signing key, and an ECDSA quote (v3 or v4, SGX) signed
 * through the attestation key and the PCK key. Default options give a
 * quote that verifies UpToDate at opts.now with the test root as anchor.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pki.h"
#include "sgxra/verify.h"

struct test_synth_opts {
	int64_t now;
	uint16_t quote_version;           /* 3 or 4 */
	enum ra_dcap_cert_type cert_type; /* 5 (default), 4, 1 or 3 */
	bool platform;                    /* issued by a Platform CA */
	uint8_t pck_comp[RA_TCB_COMP_COUNT];
	uint16_t pck_pce_svn;
	uint8_t pck_fmspc[RA_FMSPC_LEN];
	uint8_t tcb_fmspc[RA_FMSPC_LEN];
	const char *tcb_pce_id;  /* "0000" */
	const char *tcb_id;      /* "SGX" */
	const char *qe_id;       /* "QE" */
	uint16_t qe_isv_svn;     /* the QE report's ISVSVN */
	uint16_t qe_isv_prod_id; /* the QE report's ISVPRODID */
	uint32_t qe_misc_select; /* the QE report's MISCSELECT */
	uint8_t qe_mrsigner_xor; /* flips the QE report's MRSIGNER */
	bool revoke_pck, revoke_ca, revoke_signer;
	bool bare_crls;         /* CRLs without CRL Number / AKI */
	bool no_sgx_ext;        /* the PCK certificate lacks it */
	bool tcb_signed_by_pck; /* TCB Info chain = PCK chain */
	bool bad_report_data;   /* QE REPORTDATA binds nothing */
	bool att_key_off_curve; /* with a consistent binding */
};

struct test_synth {
	struct test_pki_cert root, ca, signer, leaf;
	uint8_t *quote;
	size_t quote_len;
	char *pck_chain;    /* PEM: leaf, CA, root */
	char *ca_chain;     /* PEM: CA, root */
	char *signer_chain; /* PEM: signer, root */
	char *leaf_pem;
	char *tcb_text;
	char *qe_text;
	uint8_t *root_crl;
	uint8_t *pck_crl;
	size_t root_crl_len, pck_crl_len;
	struct ra_dcap_collateral coll;
};

/* Defaults: v3, type 5, Processor CA, an UpToDate platform and QE. */
void test_synth_defaults(struct test_synth_opts *o, int64_t now);
void test_synth_make(struct test_synth *s, const struct test_synth_opts *o);
void test_synth_free(struct test_synth *s);

/* Verify s's quote with its root as anchor at opts.now (+ options). */
void test_synth_verify(struct ra_dcap_verdict *v, const struct test_synth *s,
    int64_t now, unsigned int options);

#endif
