/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EINIT of the emulated CPU (SDM EINIT; FORMATS.md §2.5): the SIGSTRUCT
 * must verify, name the measured enclave and allow the attributes asked
 * for; launch policy (debug, provisioning) is the loader's to give.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/arch.h"

/* (a & mask) == (b & mask) for both attribute words. */
static bool
attr_match(const struct ra_attributes *a, const struct ra_attributes *b,
    const struct ra_attributes *mask)
{
	return (a->flags & mask->flags) == (b->flags & mask->flags) &&
	    (a->xfrm & mask->xfrm) == (b->xfrm & mask->xfrm);
}

/* The launch checks of EINIT; RA_SGX_SUCCESS if the enclave may start. */
static enum ra_sgx_error
einit_checks(const struct ra_sigstruct *ss, const struct ra_einit_request *req)
{
	uint64_t f = req->attributes.flags;

	if (ra_css_verify(ss) != RA_OK) {
		return RA_SGX_INVALID_SIGNATURE;
	}
	if (!ra_ct_eq(ss->enclave_hash.b, req->mr_enclave.b, 32)) {
		return RA_SGX_INVALID_MEASUREMENT;
	}
	if (!attr_match(
	        &req->attributes, &ss->attributes, &ss->attribute_mask) ||
	    (req->misc_select & ss->misc_mask) !=
	        (ss->misc_select & ss->misc_mask)) {
		return RA_SGX_INVALID_ATTRIBUTE;
	}
	/* INIT is EINIT's to set; no launch enclaves in this platform. */
	if ((f & (RA_ATTR_INIT | RA_ATTR_EINITTOKENKEY)) != 0 ||
	    ((f & RA_ATTR_DEBUG) != 0 && !req->allow_debug) ||
	    ((f & RA_ATTR_PROVISIONKEY) != 0 && !req->allow_provision)) {
		return RA_SGX_INVALID_ATTRIBUTE;
	}
	/* CONFIGID and CONFIGSVN exist only for KSS enclaves. */
	if ((f & RA_ATTR_KSS) == 0 &&
	    (req->config_svn != 0 ||
	        !ra_ct_is_zero(req->config_id, sizeof(req->config_id)))) {
		return RA_SGX_INVALID_ATTRIBUTE;
	}
	return RA_SGX_SUCCESS;
}

enum ra_err
ra_einit(struct ra_secs *secs, enum ra_sgx_error *why,
    const struct ra_sigstruct *ss, const struct ra_einit_request *req)
{
	if (secs == NULL || why == NULL || ss == NULL || req == NULL) {
		return RA_ERR_ARG;
	}
	if ((*why = einit_checks(ss, req)) != RA_SGX_SUCCESS) {
		return RA_ERR_POLICY;
	}
	memset(secs, 0, sizeof(*secs));
	secs->size = req->size;
	secs->ssa_frame_size = req->ssa_frame_size;
	secs->misc_select = req->misc_select;
	secs->attributes = req->attributes;
	secs->attributes.flags |= RA_ATTR_INIT;
	secs->mr_enclave = req->mr_enclave;
	ra_css_mrsigner(&secs->mr_signer, ss);
	memcpy(secs->config_id, req->config_id, sizeof(secs->config_id));
	secs->config_svn = req->config_svn;
	secs->isv_prod_id = ss->isv_prod_id;
	secs->isv_svn = ss->isv_svn;
	if ((req->attributes.flags & RA_ATTR_KSS) != 0) {
		memcpy(secs->isv_ext_prod_id, ss->isv_ext_prod_id,
		    sizeof(secs->isv_ext_prod_id));
		memcpy(secs->isv_family_id, ss->isv_family_id,
		    sizeof(secs->isv_family_id));
	}
	return RA_OK;
}
