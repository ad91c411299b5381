/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EGETKEY, EREPORT and EINIT of the emulated CPU (SDM EGETKEY, EREPORT,
 * EINIT; FORMATS.md §1.4, §1.5, §2.5).
 *
 * Key derivation. Hardware runs AES-CMAC over a derivation string with a
 * key derived from its fuses; the string's layout is not public, so ours
 * is documented here and in docs/platform.md. It holds every input the
 * SDM lists for the key name, and zeros where an input does not apply:
 *
 *   off size
 *     0    2 KEYNAME
 *     2    2 KEYPOLICY (SEAL, PROVISION_SEAL; else 0)
 *     4    2 ISVSVN (the request's; REPORT: 0)
 *     6    2 CONFIGSVN (REPORT: the target's; SEAL/PROVISION_SEAL with
 *            the CONFIGID policy: the request's; else 0)
 *     8   16 CPUSVN (REPORT: the platform's; else the request's)
 *    24   16 ATTRIBUTES (REPORT: all of them; else & (mask | INIT | DEBUG))
 *    40   16 ATTRIBUTEMASK (REPORT: 0)
 *    56    4 MISCSELECT (REPORT: all; else & MISCMASK)
 *    60    4 ~MISCMASK (REPORT: 0)
 *    64   32 MRENCLAVE (REPORT; SEAL with the MRENCLAVE policy)
 *    96   32 MRSIGNER (SEAL with MRSIGNER; PROVISION, PROVISION_SEAL,
 *            EINITTOKEN)
 *   128    2 ISVPRODID (not for REPORT, nor with NOISVPRODID)
 *   130    1 CET_ATTRIBUTES_MASK (the request's; REPORT: 0). This
 *            platform has no CET, so the masked CET attributes are 0.
 *   131    1 zero
 *   132   64 CONFIGID (REPORT; SEAL/PROVISION_SEAL with CONFIGID)
 *   196   16 ISVFAMILYID (with the ISVFAMILYID policy)
 *   212   16 ISVEXTPRODID (with the ISVEXTPRODID policy)
 *   228   32 KEYID (REPORT, SEAL, EINITTOKEN)
 *   260   16 OWNEREPOCH (REPORT, SEAL, EINITTOKEN)
 *   276   16 "sgxra EGETKEY v1" (domain separation)
 *
 * Root keys: PROVISION uses the root provisioning key (it must identify
 * the platform to the manufacturer whoever owns it: no OWNEREPOCH); all
 * others the root seal key.
 */
#include <string.h>

#include "internal.h"
#include "sgxra/arch.h"
#include "sgxra/buf.h"

#define DERIVATION_LEN 292

static const uint8_t label[16] = { 's', 'g', 'x', 'r', 'a', ' ', 'E', 'G', 'E',
	'T', 'K', 'E', 'Y', ' ', 'v', '1' };

/* The KEYPOLICY bits that need ATTRIBUTES.KSS. */
#define KSS_POLICIES                                        \
	(RA_KEYPOLICY_NOISVPRODID | RA_KEYPOLICY_CONFIGID | \
	    RA_KEYPOLICY_ISVFAMILYID | RA_KEYPOLICY_ISVEXTPRODID)

const char *
ra_sgx_strerror(enum ra_sgx_error e)
{
	switch (e) {
	case RA_SGX_SUCCESS:
		return "SGX_SUCCESS";
	case RA_SGX_INVALID_SIG_STRUCT:
		return "SGX_INVALID_SIG_STRUCT";
	case RA_SGX_INVALID_ATTRIBUTE:
		return "SGX_INVALID_ATTRIBUTE";
	case RA_SGX_INVALID_MEASUREMENT:
		return "SGX_INVALID_MEASUREMENT";
	case RA_SGX_INVALID_SIGNATURE:
		return "SGX_INVALID_SIGNATURE";
	case RA_SGX_INVALID_CPUSVN:
		return "SGX_INVALID_CPUSVN";
	case RA_SGX_INVALID_ISVSVN:
		return "SGX_INVALID_ISVSVN";
	case RA_SGX_INVALID_KEYNAME:
		return "SGX_INVALID_KEYNAME";
	default:
		return "SGX_UNKNOWN";
	}
}

/* Everything a derivation string holds, before serialisation. */
struct derivation {
	uint16_t key_name, key_policy, isv_svn, config_svn;
	uint8_t cpu_svn[RA_CPUSVN_LEN];
	struct ra_attributes attributes, attribute_mask;
	uint32_t misc_select, misc_mask_inv;
	struct ra_hash256 mr_enclave, mr_signer;
	uint16_t isv_prod_id;
	uint8_t cet_mask;
	uint8_t config_id[RA_CONFIG_ID_LEN];
	uint8_t isv_family_id[RA_ISV_FAMILY_ID_LEN];
	uint8_t isv_ext_prod_id[RA_ISV_EXT_PROD_ID_LEN];
	uint8_t key_id[RA_KEY_ID_LEN];
	uint8_t owner_epoch[RA_OWNER_EPOCH_LEN];
};

static enum ra_err
derive(struct ra_key128 *key, const struct ra_key128 *root,
    const struct derivation *d)
{
	uint8_t s[DERIVATION_LEN];
	struct ra_buf b = ra_buf_init(s, sizeof(s));
	struct ra_mac128 mac;
	enum ra_err err;

	ra_buf_u16le(&b, d->key_name);               /*   0 */
	ra_buf_u16le(&b, d->key_policy);             /*   2 */
	ra_buf_u16le(&b, d->isv_svn);                /*   4 */
	ra_buf_u16le(&b, d->config_svn);             /*   6 */
	RA_BUF_PUT(&b, d->cpu_svn);                  /*   8 */
	ra_attributes_build(&b, &d->attributes);     /*  24 */
	ra_attributes_build(&b, &d->attribute_mask); /*  40 */
	ra_buf_u32le(&b, d->misc_select);            /*  56 */
	ra_buf_u32le(&b, d->misc_mask_inv);          /*  60 */
	RA_BUF_PUT(&b, d->mr_enclave.b);             /*  64 */
	RA_BUF_PUT(&b, d->mr_signer.b);              /*  96 */
	ra_buf_u16le(&b, d->isv_prod_id);            /* 128 */
	ra_buf_u8(&b, d->cet_mask);                  /* 130 */
	ra_buf_zero(&b, 1);                          /* 131 */
	RA_BUF_PUT(&b, d->config_id);                /* 132 */
	RA_BUF_PUT(&b, d->isv_family_id);            /* 196 */
	RA_BUF_PUT(&b, d->isv_ext_prod_id);          /* 212 */
	RA_BUF_PUT(&b, d->key_id);                   /* 228 */
	RA_BUF_PUT(&b, d->owner_epoch);              /* 260 */
	RA_BUF_PUT(&b, label);                       /* 276 */
	err = ra_buf_finish(&b);
	if (err == RA_OK && b.len != sizeof(s)) {
		err = RA_ERR_ARG;
	}
	if (err == RA_OK) {
		err = ra_cmac(&mac, root, s, sizeof(s));
		memcpy(key->b, mac.b, sizeof(key->b));
	}
	RA_WIPE(s);
	RA_WIPE(mac);
	return err;
}

/* The report key of an enclave identified by these values. */
static enum ra_err
report_key(struct ra_key128 *key, const struct ra_sgx_fuses *f,
    const struct ra_hash256 *mr_enclave, const struct ra_attributes *attr,
    uint32_t misc, const uint8_t config_id[RA_CONFIG_ID_LEN],
    uint16_t config_svn, const uint8_t key_id[RA_KEY_ID_LEN])
{
	struct derivation d;
	enum ra_err err;

	memset(&d, 0, sizeof(d));
	d.key_name = RA_KEYNAME_REPORT;
	d.config_svn = config_svn;
	memcpy(d.cpu_svn, f->cpu_svn, sizeof(d.cpu_svn));
	d.attributes = *attr;
	d.misc_select = misc;
	d.mr_enclave = *mr_enclave;
	memcpy(d.config_id, config_id, sizeof(d.config_id));
	memcpy(d.key_id, key_id, sizeof(d.key_id));
	memcpy(d.owner_epoch, f->owner_epoch, sizeof(d.owner_epoch));
	err = derive(key, &f->root_seal, &d);
	RA_WIPE(d);
	return err;
}

/* CPUSVN a <= b in every byte (an older or equal TCB). */
static bool
cpusvn_le(const uint8_t a[RA_CPUSVN_LEN], const uint8_t b[RA_CPUSVN_LEN])
{
	size_t i;

	for (i = 0; i < RA_CPUSVN_LEN; i++) {
		if (a[i] > b[i]) {
			return false;
		}
	}
	return true;
}

/* The SDM's checks for a non-REPORT key; RA_SGX_SUCCESS if none fails. */
static enum ra_sgx_error
check_request(const struct ra_sgx_fuses *f, const struct ra_secs *secs,
    const struct ra_keyrequest *kr)
{
	uint64_t flags = secs->attributes.flags;

	switch (kr->key_name) {
	case RA_KEYNAME_PROVISION:
	case RA_KEYNAME_PROVISION_SEAL:
		if ((flags & RA_ATTR_PROVISIONKEY) == 0) {
			return RA_SGX_INVALID_ATTRIBUTE;
		}
		break;
	case RA_KEYNAME_EINITTOKEN:
		if ((flags & RA_ATTR_EINITTOKENKEY) == 0) {
			return RA_SGX_INVALID_ATTRIBUTE;
		}
		break;
	case RA_KEYNAME_SEAL:
		break;
	default:
		return RA_SGX_INVALID_KEYNAME;
	}
	if ((kr->key_policy & KSS_POLICIES) != 0 &&
	    (flags & RA_ATTR_KSS) == 0) {
		return RA_SGX_INVALID_ATTRIBUTE;
	}
	if (kr->isv_svn > secs->isv_svn || kr->config_svn > secs->config_svn) {
		return RA_SGX_INVALID_ISVSVN;
	}
	if (!cpusvn_le(kr->cpu_svn, f->cpu_svn)) {
		return RA_SGX_INVALID_CPUSVN;
	}
	return RA_SGX_SUCCESS;
}

/* The identity inputs of SEAL and PROVISION_SEAL, chosen by KEYPOLICY. */
static void
policy_inputs(struct derivation *d, const struct ra_secs *secs,
    const struct ra_keyrequest *kr)
{
	uint16_t p = kr->key_policy;

	d->key_policy = p;
	if ((p & RA_KEYPOLICY_MRENCLAVE) != 0) {
		d->mr_enclave = secs->mr_enclave;
	}
	if ((p & RA_KEYPOLICY_MRSIGNER) != 0) {
		d->mr_signer = secs->mr_signer;
	}
	if ((p & RA_KEYPOLICY_NOISVPRODID) == 0) {
		d->isv_prod_id = secs->isv_prod_id;
	}
	if ((p & RA_KEYPOLICY_CONFIGID) != 0) {
		memcpy(d->config_id, secs->config_id, sizeof(d->config_id));
		d->config_svn = kr->config_svn;
	}
	if ((p & RA_KEYPOLICY_ISVFAMILYID) != 0) {
		memcpy(d->isv_family_id, secs->isv_family_id,
		    sizeof(d->isv_family_id));
	}
	if ((p & RA_KEYPOLICY_ISVEXTPRODID) != 0) {
		memcpy(d->isv_ext_prod_id, secs->isv_ext_prod_id,
		    sizeof(d->isv_ext_prod_id));
	}
}

/* Inputs of SEAL, PROVISION, PROVISION_SEAL and EINITTOKEN. */
static void
masked_inputs(struct derivation *d, const struct ra_sgx_fuses *f,
    const struct ra_secs *secs, const struct ra_keyrequest *kr)
{
	/* INIT and DEBUG always bind (SDM EGETKEY). */
	uint64_t fmask =
	    kr->attribute_mask.flags | RA_ATTR_INIT | RA_ATTR_DEBUG;

	d->key_name = (uint16_t)kr->key_name;
	d->isv_svn = kr->isv_svn;
	memcpy(d->cpu_svn, kr->cpu_svn, sizeof(d->cpu_svn));
	d->attributes.flags = secs->attributes.flags & fmask;
	d->attributes.xfrm = secs->attributes.xfrm & kr->attribute_mask.xfrm;
	d->attribute_mask = kr->attribute_mask;
	d->misc_select = secs->misc_select & kr->misc_mask;
	d->misc_mask_inv = ~kr->misc_mask;
	d->cet_mask = kr->cet_attributes_mask;
	switch (kr->key_name) {
	case RA_KEYNAME_SEAL:
		policy_inputs(d, secs, kr);
		memcpy(d->key_id, kr->key_id, sizeof(d->key_id));
		memcpy(d->owner_epoch, f->owner_epoch, sizeof(d->owner_epoch));
		return;
	case RA_KEYNAME_PROVISION_SEAL:
		policy_inputs(d, secs, kr);
		/* The manufacturer's key: MRSIGNER always, no owner epoch. */
		d->mr_signer = secs->mr_signer;
		return;
	case RA_KEYNAME_PROVISION:
		d->mr_signer = secs->mr_signer;
		d->isv_prod_id = secs->isv_prod_id;
		return;
	default: /* EINITTOKEN */
		d->mr_signer = secs->mr_signer;
		d->isv_prod_id = secs->isv_prod_id;
		memcpy(d->key_id, kr->key_id, sizeof(d->key_id));
		memcpy(d->owner_epoch, f->owner_epoch, sizeof(d->owner_epoch));
		return;
	}
}

enum ra_err
ra_egetkey(struct ra_key128 *key, enum ra_sgx_error *why,
    const struct ra_sgx_fuses *fuses, const struct ra_secs *secs,
    const struct ra_keyrequest *kr)
{
	struct derivation d;
	enum ra_err err;

	if (key == NULL || why == NULL || fuses == NULL || secs == NULL ||
	    kr == NULL) {
		return RA_ERR_ARG;
	}
	*why = RA_SGX_SUCCESS;
	if (kr->key_name == RA_KEYNAME_REPORT) {
		/* Only KEYID comes from the request (SDM EGETKEY). */
		return report_key(key, fuses, &secs->mr_enclave,
		    &secs->attributes, secs->misc_select, secs->config_id,
		    secs->config_svn, kr->key_id);
	}
	if ((*why = check_request(fuses, secs, kr)) != RA_SGX_SUCCESS) {
		return RA_ERR_POLICY;
	}
	memset(&d, 0, sizeof(d));
	masked_inputs(&d, fuses, secs, kr);
	err = derive(key,
	    kr->key_name == RA_KEYNAME_PROVISION ? &fuses->root_provision
	                                         : &fuses->root_seal,
	    &d);
	RA_WIPE(d);
	return err;
}

void
ra_secs_report_body(struct ra_report_body *rb, const struct ra_sgx_fuses *f,
    const struct ra_secs *secs)
{
	memset(rb, 0, sizeof(*rb));
	memcpy(rb->cpu_svn, f->cpu_svn, sizeof(rb->cpu_svn));
	rb->misc_select = secs->misc_select;
	memcpy(rb->isv_ext_prod_id, secs->isv_ext_prod_id,
	    sizeof(rb->isv_ext_prod_id));
	rb->attributes = secs->attributes;
	rb->mr_enclave = secs->mr_enclave;
	rb->mr_signer = secs->mr_signer;
	memcpy(rb->config_id, secs->config_id, sizeof(rb->config_id));
	rb->isv_prod_id = secs->isv_prod_id;
	rb->isv_svn = secs->isv_svn;
	rb->config_svn = secs->config_svn;
	memcpy(
	    rb->isv_family_id, secs->isv_family_id, sizeof(rb->isv_family_id));
}

void
ra_secs_targetinfo(struct ra_targetinfo *ti, const struct ra_secs *secs)
{
	memset(ti, 0, sizeof(*ti));
	ti->mr_enclave = secs->mr_enclave;
	ti->attributes = secs->attributes;
	ti->config_svn = secs->config_svn;
	ti->misc_select = secs->misc_select;
	memcpy(ti->config_id, secs->config_id, sizeof(ti->config_id));
}

/* AES-CMAC of the 384 body bytes with key. */
static enum ra_err
body_mac(struct ra_mac128 *mac, const struct ra_key128 *key,
    const struct ra_report_body *rb)
{
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf b = ra_buf_init(body, sizeof(body));

	ra_report_body_build(&b, rb);
	if (ra_buf_finish(&b) != RA_OK || b.len != sizeof(body)) {
		return RA_ERR_ARG;
	}
	return ra_cmac(mac, key, body, sizeof(body));
}

enum ra_err
ra_ereport(struct ra_report *report, const struct ra_sgx_fuses *fuses,
    const struct ra_secs *secs, const struct ra_targetinfo *ti,
    const uint8_t report_data[RA_REPORT_DATA_LEN])
{
	struct ra_key128 key;
	enum ra_err err;

	if (report == NULL || fuses == NULL || secs == NULL || ti == NULL ||
	    report_data == NULL) {
		return RA_ERR_ARG;
	}
	ra_secs_report_body(&report->body, fuses, secs);
	memcpy(report->body.report_data, report_data, RA_REPORT_DATA_LEN);
	memcpy(report->key_id, fuses->report_key_id, sizeof(report->key_id));
	/* The target's report key, as it would get it from EGETKEY. */
	err = report_key(&key, fuses, &ti->mr_enclave, &ti->attributes,
	    ti->misc_select, ti->config_id, ti->config_svn, report->key_id);
	if (err == RA_OK) {
		err = body_mac(&report->mac, &key, &report->body);
	}
	RA_WIPE(key);
	return err;
}

enum ra_err
ra_ereport_verify(const struct ra_sgx_fuses *fuses,
    const struct ra_secs *target, const struct ra_report *report)
{
	struct ra_key128 key;
	struct ra_mac128 mac;
	enum ra_err err;

	if (fuses == NULL || target == NULL || report == NULL) {
		return RA_ERR_ARG;
	}
	/* sgx_verify_report: EGETKEY(REPORT, KEYID of the report). */
	err = report_key(&key, fuses, &target->mr_enclave, &target->attributes,
	    target->misc_select, target->config_id, target->config_svn,
	    report->key_id);
	if (err == RA_OK) {
		err = body_mac(&mac, &key, &report->body);
	}
	if (err == RA_OK && !ra_ct_eq(mac.b, report->mac.b, sizeof(mac.b))) {
		err = RA_ERR_AUTH;
	}
	RA_WIPE(key);
	RA_WIPE(mac);
	return err;
}
