/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "wire/json.h"
/* last: internal.h bans functions the headers above may declare */
#include "internal.h"

/*
 * Enclave Identity v2 (the QE, QVE and TD_QE identities): FORMATS.md
 * §6.6; Intel QVL AttestationLibrary Verifiers/EnclaveIdentityV2.cpp. The
 * input is the exact signed text of the "enclaveIdentity" object.
 *
 * miscselect, attributes and their masks are hex of the REPORT bytes in
 * REPORT order: QVL reads the four miscselect bytes big-endian and then
 * swaps them (EnclaveReportVerifier::vectorToUint32), which is the
 * little-endian value of the bytes, as the REPORT stores MISCSELECT.
 * (FORMATS.md §6.6 calls the text "the big-endian rendering of the
 * value": Intel's sample data, "D182B18C" against report bytes d1 82 b1
 * 8c, says otherwise; docs/dcap.md lists the correction.)
 */

#define BIT(s) (1U << (s))
/* QVL's parseStringToTcbStatus: the five statuses an identity may state. */
#define QE_STATUSES                                                  \
	(BIT(RA_TCB_UP_TO_DATE) | BIT(RA_TCB_CONFIGURATION_NEEDED) | \
	    BIT(RA_TCB_OUT_OF_DATE) |                                \
	    BIT(RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED) |           \
	    BIT(RA_TCB_REVOKED))

static enum ra_err
parse_id(struct ra_qe_identity *qi, const json_t *root)
{
	const json_t *id = json_object_get(root, "id");
	uint64_t v;

	if (!json_is_string(id)) {
		ra_json_field(qi->err_field, "id");
		return RA_ERR_FORMAT;
	}
	if (ra_json_str_is(id, "QE")) {
		qi->id = RA_QE_ID_QE;
	} else if (ra_json_str_is(id, "QVE")) {
		qi->id = RA_QE_ID_QVE;
	} else if (ra_json_str_is(id, "TD_QE")) {
		qi->id = RA_QE_ID_TD_QE;
	} else {
		ra_json_field(qi->err_field, "id");
		return RA_ERR_VERSION;
	}
	if (ra_json_uint(root, "version", UINT32_MAX, &v, qi->err_field) !=
	    RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (v != 2) {
		ra_json_field(qi->err_field, "version");
		return RA_ERR_VERSION;
	}
	qi->version = 2;
	return RA_OK;
}

static enum ra_err
parse_level(struct ra_qe_identity *qi, struct ra_qe_level *l, const json_t *o)
{
	const json_t *tcb = json_object_get(o, "tcb");
	char *ef = qi->err_field;
	uint64_t v;
	enum ra_err err;

	if (!json_is_object(o) || !json_is_object(tcb)) {
		ra_json_field(ef, "tcbLevels: tcb");
		return RA_ERR_FORMAT;
	}
	if ((err = ra_json_uint(tcb, "isvsvn", 0xffff, &v, ef)) != RA_OK ||
	    (err = ra_json_date(o, "tcbDate", &l->tcb_date, ef)) != RA_OK ||
	    (err = ra_json_status(
	         o, "tcbStatus", QE_STATUSES, &l->status, ef)) != RA_OK) {
		return err;
	}
	l->isv_svn = (uint16_t)v;
	return ra_json_advisories(
	    o, qi->adv, &qi->n_adv, RA_QE_ADVISORIES_MAX, &l->adv, ef);
}

static enum ra_err
parse_levels(struct ra_qe_identity *qi, const json_t *root)
{
	const json_t *arr = json_object_get(root, "tcbLevels"), *o;
	size_t i;
	enum ra_err err;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > RA_QE_LEVELS_MAX) {
		ra_json_field(qi->err_field, "tcbLevels");
		return RA_ERR_FORMAT;
	}
	json_array_foreach(arr, i, o)
	{
		if ((err = parse_level(qi, &qi->levels[i], o)) != RA_OK) {
			return err;
		}
		qi->n_levels = i + 1;
	}
	return RA_OK;
}

/* The masks and values, in REPORT byte order (see the comment above). */
static enum ra_err
parse_masks(struct ra_qe_identity *qi, const json_t *root)
{
	char *ef = qi->err_field;
	uint8_t ms[4], mm[4];

	if (ra_json_hex(root, "miscselect", ms, sizeof(ms), ef) != RA_OK ||
	    ra_json_hex(root, "miscselectMask", mm, sizeof(mm), ef) != RA_OK ||
	    ra_json_hex(root, "attributes", qi->attributes,
	        sizeof(qi->attributes), ef) != RA_OK ||
	    ra_json_hex(root, "attributesMask", qi->attributes_mask,
	        sizeof(qi->attributes_mask), ef) != RA_OK ||
	    ra_json_hex(root, "mrsigner", qi->mrsigner.b,
	        sizeof(qi->mrsigner.b), ef) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	qi->miscselect = ra_dec32le(ms);
	qi->miscselect_mask = ra_dec32le(mm);
	return RA_OK;
}

static enum ra_err
parse_root(struct ra_qe_identity *qi, const json_t *root)
{
	char *ef = qi->err_field;
	uint64_t v;
	enum ra_err err;

	if ((err = parse_id(qi, root)) != RA_OK) {
		return err;
	}
	if ((err = ra_json_date(root, "issueDate", &qi->issue_date, ef)) !=
	        RA_OK ||
	    (err = ra_json_date(root, "nextUpdate", &qi->next_update, ef)) !=
	        RA_OK ||
	    (err = ra_json_uint(root, "tcbEvaluationDataNumber", UINT32_MAX, &v,
	         ef)) != RA_OK) {
		return err;
	}
	qi->tcb_eval_num = (uint32_t)v;
	if ((err = parse_masks(qi, root)) != RA_OK ||
	    (err = ra_json_uint(root, "isvprodid", 0xffff, &v, ef)) != RA_OK) {
		return err;
	}
	qi->isv_prod_id = (uint16_t)v;
	return parse_levels(qi, root);
}

enum ra_err
ra_qe_identity_parse(struct ra_qe_identity *qi, const char *text, size_t len)
{
	json_t *root;
	enum ra_err err;

	if (qi == NULL) {
		return RA_ERR_ARG;
	}
	memset(qi, 0, sizeof(*qi));
	if ((err = ra_json_load(&root, text, len)) != RA_OK) {
		ra_json_field(qi->err_field, "JSON");
		return err;
	}
	err = parse_root(qi, root);
	json_decref(root);
	if (err == RA_OK) {
		qi->err_field[0] = '\0';
	}
	return err;
}
