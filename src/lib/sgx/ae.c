/* SPDX-License-Identifier: BSD-3-Clause */
/* Architectural enclave identities; see sgxra/ae.h. */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sgxra/ae.h"
#include "sgxra/measure.h"

/* ISVSVN of each architectural enclave of this release. */
static const struct {
	const char *name;
	uint16_t prod_id;
	uint16_t svn;
} aes[RA_AE_COUNT] = {
	{ "QE", 1, 1 },
	{ "PvE", 2, 1 },
	{ "PCE", 3, 1 },
};

#define AE_SIZE ((uint64_t)64 * 1024)

const char *
ra_ae_name(enum ra_ae ae)
{
	return (unsigned int)ae < RA_AE_COUNT ? aes[ae].name : "?";
}

enum ra_err
ra_ae_measure(struct ra_hash256 *mr, enum ra_ae ae)
{
	static const uint8_t zero[RA_PAGE_LEN];
	uint8_t page[RA_PAGE_LEN];
	struct ra_secinfo ro = { RA_SECINFO_R, RA_PT_REG };
	struct ra_secinfo tcs = { 0, RA_PT_TCS };
	struct ra_measure m;

	if (mr == NULL || (unsigned int)ae >= RA_AE_COUNT) {
		return RA_ERR_ARG;
	}
	memset(page, 0, sizeof(page));
	snprintf((char *)page, sizeof(page), "sgxra %s v%u", aes[ae].name,
	    (unsigned int)aes[ae].svn);
	ra_measure_ecreate(&m, 1, AE_SIZE);
	ra_measure_page(&m, 0, &ro, page, true);
	ra_measure_page(&m, RA_PAGE_LEN, &tcs, zero, true);
	return ra_measure_final(&m, mr);
}

enum ra_err
ra_ae_sigstruct_template(struct ra_sigstruct *ss, enum ra_ae ae)
{
	enum ra_err err;

	if (ss == NULL || (unsigned int)ae >= RA_AE_COUNT) {
		return RA_ERR_ARG;
	}
	memset(ss, 0, sizeof(*ss));
	ss->date = 0x20261122;
	ss->misc_mask = UINT32_MAX;
	ss->attributes.flags = RA_ATTR_MODE64BIT | RA_ATTR_PROVISIONKEY;
	ss->attributes.xfrm = 0x3;
	/* production: DEBUG is enforced to be clear */
	ss->attribute_mask.flags = ~0x00FF000000000000ULL;
	ss->attribute_mask.xfrm = 0x3;
	ss->isv_prod_id = aes[ae].prod_id;
	ss->isv_svn = aes[ae].svn;
	err = ra_ae_measure(&ss->enclave_hash, ae);
	return err;
}

enum ra_err
ra_ae_secs(struct ra_secs *secs, enum ra_ae ae)
{
	struct ra_sigstruct ss;
	struct ra_einit_request req;
	struct ra_cur c;
	enum ra_sgx_error why;
	enum ra_err err;

	if (secs == NULL || (unsigned int)ae >= RA_AE_COUNT) {
		return RA_ERR_ARG;
	}
	c = ra_cur_init(ra_ae_sigstruct(ae), RA_SIGSTRUCT_LEN);
	if ((err = ra_sigstruct_parse(&ss, &c)) != RA_OK ||
	    (err = ra_cur_finish(&c)) != RA_OK) {
		return err;
	}
	memset(&req, 0, sizeof(req));
	if ((err = ra_ae_measure(&req.mr_enclave, ae)) != RA_OK) {
		return err;
	}
	req.size = AE_SIZE;
	req.ssa_frame_size = 1;
	req.attributes = ss.attributes;
	req.misc_select = ss.misc_select;
	req.allow_provision = true;
	return ra_einit(secs, &why, &ss, &req);
}
