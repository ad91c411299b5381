/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_COLLATERAL_H
#define SGXRA_COLLATERAL_H

/*
 * DCAP collateral for the sgxra tool: from files (tools/collateral.c) or
 * from a PCS/PCCS-compatible service (tools/pcs_fetch.c, libcurl). The
 * library's verifier only ever sees bytes; this is the I/O around it.
 */
#include <stdbool.h>
#include <stdint.h>

#include "sgxra/verify.h"

/* Collateral read from files: the views and the buffers they point into. */
struct tool_coll {
	struct ra_dcap_collateral c;
	uint8_t *owned[16];
	size_t n_owned;
	const char *source; /* what it was read from, for messages */
};

/*
 * Load collateral from path: a directory in the PCS layout
 * (pck_crl_issuer_chain.pem, root_ca_crl.der|.pem, pck_crl.der|.pem,
 * tcb_info_issuer_chain.pem, tcb_info.json, qe_identity_issuer_chain.pem,
 * qe_identity.json, optional pck_chain.pem), or with Intel QVL's sample
 * names (rootCaCrl.der, intermediateCaCrl.der, tcbSignChain.pem,
 * tcbInfo.json, qeIdentity.json, pckCert.pem + pckSignChain.pem), or
 * holding collateral.dcap-qvl.json; or a dcap-qvl JSON file. Absent files
 * are absent items (the verifier names what it misses). Exits with
 * EXIT_FAIL and a message naming the file on malformed input.
 */
void coll_load(struct tool_coll *tc, const char *path);
void coll_free(struct tool_coll *tc);

/* Fetching from a PCS/PCCS API (see tools/pcs_fetch.c). */
struct pcs_fetcher {
	const char *base;      /* "https://api.trustedservices.intel.com" */
	const char *cache_dir; /* NULL: no state store */
	int64_t max_age;       /* seconds */
	char error[256];       /* why the last fetch failed */
};

/*
 * A ra_dcap_fetch_fn: the collateral for key, from the cache directory
 * if it holds a set younger than max_age and unexpired at now, else from
 * the service (then written to the directory). arg is a struct
 * pcs_fetcher.
 */
enum ra_err pcs_fetch(void *arg, const struct ra_dcap_coll_key *key,
    int64_t now, struct ra_dcap_coll **out);

/*
 * The PCK certificate chain of a platform from {f->base}/sgx/
 * certification/v4/pckcert for what DCAP_ID named: the certificate (the
 * body) followed by its issuers (the SGX-PCK-Certificate-Issuer-Chain
 * header), PEM, malloc'd in *chain. false with f->error on failure.
 */
bool pcs_fetch_pckcert(struct pcs_fetcher *f, const uint8_t *enc_ppid,
    size_t enc_ppid_len, const uint8_t cpu_svn[16], uint16_t pce_svn,
    uint16_t pce_id, char **chain, size_t *chain_len);

/* True if s looks like an http:// or https:// URL. */
bool pcs_is_url(const char *s);

#endif
