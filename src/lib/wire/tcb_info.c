/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "wire/json.h"
/* last: internal.h bans functions the headers above may declare */
#include "internal.h"

/*
 * TCB Info v2 and v3 (SGX and TDX): FORMATS.md §6.5; Intel QVL
 * AttestationParsers Json/TcbInfo.cpp, TcbLevel.cpp, TcbComponent.cpp,
 * TdxModule.cpp, TdxModuleIdentity.cpp, TdxModuleTcbLevel.cpp. The input
 * is the exact signed text of the "tcbInfo" object; the caller has
 * verified its signature (sgxra/verify.h) before asking for its meaning.
 */

#define BIT(s) (1U << (s))
/* The seven statuses a TCB Info level may state. */
#define LEVEL_STATUSES                                              \
	(BIT(RA_TCB_UP_TO_DATE) | BIT(RA_TCB_SW_HARDENING_NEEDED) | \
	    BIT(RA_TCB_CONFIGURATION_NEEDED) |                      \
	    BIT(RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED) |     \
	    BIT(RA_TCB_OUT_OF_DATE) |                               \
	    BIT(RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED) |          \
	    BIT(RA_TCB_REVOKED))
/* A TDX module level: QVL's VALID_MODULE_TCB_STATUSES. */
#define MODULE_STATUSES \
	(BIT(RA_TCB_UP_TO_DATE) | BIT(RA_TCB_OUT_OF_DATE) | BIT(RA_TCB_REVOKED))
#define SVN_MAX 0xffff

const char *
ra_tcb_info_status_name(enum ra_tcb_status s)
{
	switch (s) {
	case RA_TCB_UP_TO_DATE:
		return "UpToDate";
	case RA_TCB_SW_HARDENING_NEEDED:
		return "SWHardeningNeeded";
	case RA_TCB_CONFIGURATION_NEEDED:
		return "ConfigurationNeeded";
	case RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED:
		return "ConfigurationAndSWHardeningNeeded";
	case RA_TCB_OUT_OF_DATE:
		return "OutOfDate";
	case RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED:
		return "OutOfDateConfigurationNeeded";
	case RA_TCB_REVOKED:
		return "Revoked";
	case RA_TCB_TD_RELAUNCH_ADVISED:
		return "TDRelaunchAdvised";
	case RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED:
		return "TDRelaunchAdvisedConfigurationNeeded";
	default:
		return "?";
	}
}

/* v2: "sgxtcbcomp01svn" .. "sgxtcbcomp16svn" and "pcesvn". */
static enum ra_err
level_tcb_v2(struct ra_tcb_level *l, const json_t *tcb, char *ef)
{
	char key[24];
	uint64_t v;
	unsigned int i;

	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		(void)snprintf(key, sizeof(key), "sgxtcbcomp%02usvn", i + 1);
		if (ra_json_uint(tcb, key, SVN_MAX, &v, ef) != RA_OK) {
			return RA_ERR_FORMAT;
		}
		l->sgx_svn[i] = (uint16_t)v;
	}
	return RA_OK;
}

/* v3: an array of exactly 16 {"svn": n[, "category", "type"]}. */
static enum ra_err
components(uint16_t *svn, const json_t *tcb, const char *key, char *ef)
{
	const json_t *arr = json_object_get(tcb, key), *c;
	uint64_t v;
	size_t i;

	if (!json_is_array(arr) || json_array_size(arr) != RA_TCB_COMP_COUNT) {
		ra_json_field(ef, "%s", key);
		return RA_ERR_FORMAT;
	}
	json_array_foreach(arr, i, c)
	{
		if (!json_is_object(c) ||
		    ra_json_uint(c, "svn", SVN_MAX, &v, ef) != RA_OK) {
			ra_json_field(ef, "%s[%zu].svn", key, i);
			return RA_ERR_FORMAT;
		}
		svn[i] = (uint16_t)v;
	}
	return RA_OK;
}

static enum ra_err
parse_level(struct ra_tcb_info *ti, struct ra_tcb_level *l, const json_t *o)
{
	const json_t *tcb = json_object_get(o, "tcb");
	char *ef = ti->err_field;
	uint64_t v;
	enum ra_err err;

	if (!json_is_object(o) || !json_is_object(tcb)) {
		ra_json_field(ef, "tcb");
		return RA_ERR_FORMAT;
	}
	if ((err = ra_json_date(o, "tcbDate", &l->tcb_date, ef)) != RA_OK ||
	    (err = ra_json_status(
	         o, "tcbStatus", LEVEL_STATUSES, &l->status, ef)) != RA_OK ||
	    (err = ra_json_advisories(o, ti->adv, &ti->n_adv, RA_ADVISORIES_MAX,
	         &l->adv, ef)) != RA_OK ||
	    (err = ra_json_uint(tcb, "pcesvn", SVN_MAX, &v, ef)) != RA_OK) {
		return err;
	}
	l->pce_svn = (uint16_t)v;
	if (ti->version == 2) {
		return level_tcb_v2(l, tcb, ef);
	}
	if ((err = components(l->sgx_svn, tcb, "sgxtcbcomponents", ef)) !=
	    RA_OK) {
		return err;
	}
	return ti->id == RA_TCB_ID_TDX
	    ? components(l->tdx_svn, tcb, "tdxtcbcomponents", ef)
	    : RA_OK;
}

/* Lexicographic comparison of two SVN vectors: <0, 0, >0. */
static int
svn_cmp(const uint16_t *a, const uint16_t *b)
{
	size_t i;

	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		if (a[i] != b[i]) {
			return a[i] < b[i] ? -1 : 1;
		}
	}
	return 0;
}

/* QVL's TcbLevel::operator>, as a three-way comparison. */
static int
level_cmp(const struct ra_tcb_info *ti, const struct ra_tcb_level *a,
    const struct ra_tcb_level *b)
{
	int c = svn_cmp(a->sgx_svn, b->sgx_svn);

	if (c != 0) {
		return c;
	}
	if (ti->version == 3 && ti->id == RA_TCB_ID_TDX &&
	    a->pce_svn == b->pce_svn) {
		return svn_cmp(a->tdx_svn, b->tdx_svn);
	}
	return a->pce_svn == b->pce_svn ? 0
	                                : (a->pce_svn < b->pce_svn ? -1 : 1);
}

/* Insertion sort, best level first; equal levels are refused as by QVL. */
static enum ra_err
sort_levels(struct ra_tcb_info *ti)
{
	struct ra_tcb_level tmp;
	size_t i, j;
	int c = 1;

	for (i = 1; i < ti->n_levels; i++) {
		tmp = ti->levels[i];
		for (j = i; j > 0; j--) {
			c = level_cmp(ti, &ti->levels[j - 1], &tmp);
			if (c >= 0) {
				break;
			}
			ti->levels[j] = ti->levels[j - 1];
		}
		ti->levels[j] = tmp;
		if (j > 0 && c == 0) {
			ra_json_field(
			    ti->err_field, "tcbLevels: duplicate level");
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

static enum ra_err
parse_levels(struct ra_tcb_info *ti, const json_t *root)
{
	const json_t *arr = json_object_get(root, "tcbLevels"), *o;
	size_t i;
	enum ra_err err;

	if (!json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > RA_TCB_LEVELS_MAX) {
		ra_json_field(ti->err_field, "tcbLevels");
		return RA_ERR_FORMAT;
	}
	json_array_foreach(arr, i, o)
	{
		if ((err = parse_level(ti, &ti->levels[i], o)) != RA_OK) {
			return err;
		}
		ti->n_levels = i + 1;
	}
	return sort_levels(ti);
}

/* {"mrsigner": 96 hex, "attributes": 16 hex, "attributesMask": 16 hex} */
static enum ra_err
module_fields(
    const json_t *o, uint8_t *mrsigner, uint8_t *attr, uint8_t *mask, char *ef)
{
	if (!json_is_object(o)) {
		ra_json_field(ef, "tdxModule");
		return RA_ERR_FORMAT;
	}
	if (ra_json_hex(o, "mrsigner", mrsigner, RA_TDX_MRSIGNER_LEN, ef) !=
	        RA_OK ||
	    ra_json_hex(o, "attributes", attr, RA_TDX_ATTRIBUTES_LEN, ef) !=
	        RA_OK ||
	    ra_json_hex(o, "attributesMask", mask, RA_TDX_ATTRIBUTES_LEN, ef) !=
	        RA_OK) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static enum ra_err
module_level(
    struct ra_tcb_info *ti, struct ra_tdx_module_level *l, const json_t *o)
{
	const json_t *tcb = json_object_get(o, "tcb");
	char *ef = ti->err_field;
	uint64_t v;
	enum ra_err err;

	if (!json_is_object(o) || !json_is_object(tcb)) {
		ra_json_field(ef, "tdxModuleIdentities: tcb");
		return RA_ERR_FORMAT;
	}
	if ((err = ra_json_uint(tcb, "isvsvn", SVN_MAX, &v, ef)) != RA_OK ||
	    (err = ra_json_date(o, "tcbDate", &l->tcb_date, ef)) != RA_OK ||
	    (err = ra_json_status(
	         o, "tcbStatus", MODULE_STATUSES, &l->status, ef)) != RA_OK) {
		return err;
	}
	l->isv_svn = (uint16_t)v;
	return ra_json_advisories(
	    o, ti->adv, &ti->n_adv, RA_ADVISORIES_MAX, &l->adv, ef);
}

/* Levels by isv_svn, highest first (QVL: std::set, greater); no ties. */
static enum ra_err
sort_module_levels(struct ra_tdx_module_identity *m, char *ef)
{
	struct ra_tdx_module_level tmp;
	size_t i, j;

	for (i = 1; i < m->n_levels; i++) {
		tmp = m->levels[i];
		for (j = i; j > 0 && m->levels[j - 1].isv_svn < tmp.isv_svn;
		     j--) {
			m->levels[j] = m->levels[j - 1];
		}
		m->levels[j] = tmp;
		if (j > 0 && m->levels[j - 1].isv_svn == tmp.isv_svn) {
			ra_json_field(
			    ef, "tdxModuleIdentities: duplicate level");
			return RA_ERR_FORMAT;
		}
	}
	return RA_OK;
}

static enum ra_err
parse_module(
    struct ra_tcb_info *ti, struct ra_tdx_module_identity *m, const json_t *o)
{
	const json_t *id = json_object_get(o, "id");
	const json_t *arr = json_object_get(o, "tcbLevels"), *lo;
	size_t i;
	enum ra_err err;

	if (!json_is_string(id) || json_string_length(id) == 0 ||
	    json_string_length(id) >= sizeof(m->id) ||
	    strlen(json_string_value(id)) != json_string_length(id) ||
	    !json_is_array(arr) || json_array_size(arr) == 0 ||
	    json_array_size(arr) > RA_TDX_MODULE_LEVELS_MAX) {
		ra_json_field(ti->err_field, "tdxModuleIdentities");
		return RA_ERR_FORMAT;
	}
	memcpy(m->id, json_string_value(id), json_string_length(id));
	if ((err = module_fields(o, m->mrsigner, m->attributes,
	         m->attributes_mask, ti->err_field)) != RA_OK) {
		return err;
	}
	json_array_foreach(arr, i, lo)
	{
		if ((err = module_level(ti, &m->levels[i], lo)) != RA_OK) {
			return err;
		}
		m->n_levels = i + 1;
	}
	return sort_module_levels(m, ti->err_field);
}

/* v3 only: TDX must have tdxModule; SGX must have neither member. */
static enum ra_err
parse_tdx(struct ra_tcb_info *ti, const json_t *root)
{
	const json_t *mod = json_object_get(root, "tdxModule");
	const json_t *ids = json_object_get(root, "tdxModuleIdentities"), *o;
	size_t i;
	enum ra_err err;

	if (ti->id == RA_TCB_ID_SGX) {
		if (mod != NULL || ids != NULL) {
			ra_json_field(ti->err_field, "tdxModule (in SGX)");
			return RA_ERR_FORMAT;
		}
		return RA_OK;
	}
	if ((err = module_fields(mod, ti->tdx_mrsigner, ti->tdx_attributes,
	         ti->tdx_attributes_mask, ti->err_field)) != RA_OK) {
		return err;
	}
	ti->has_tdx_module = true;
	if (ids == NULL) {
		return RA_OK;
	}
	if (!json_is_array(ids) || json_array_size(ids) == 0 ||
	    json_array_size(ids) > RA_TDX_MODULE_IDS_MAX) {
		ra_json_field(ti->err_field, "tdxModuleIdentities");
		return RA_ERR_FORMAT;
	}
	json_array_foreach(ids, i, o)
	{
		if ((err = parse_module(ti, &ti->modules[i], o)) != RA_OK) {
			return err;
		}
		ti->n_modules = i + 1;
	}
	return RA_OK;
}

/* version, id, tcbType: the fields that select how to read the rest. */
static enum ra_err
parse_kind(struct ra_tcb_info *ti, const json_t *root)
{
	const json_t *id = json_object_get(root, "id");
	uint64_t v;

	if (ra_json_uint(root, "version", UINT32_MAX, &v, ti->err_field) !=
	    RA_OK) {
		return RA_ERR_FORMAT;
	}
	if (v != 2 && v != 3) {
		ra_json_field(ti->err_field, "version");
		return RA_ERR_VERSION;
	}
	ti->version = (unsigned int)v;
	ti->id = RA_TCB_ID_SGX;
	if (ti->version == 3) {
		if (!json_is_string(id)) {
			ra_json_field(ti->err_field, "id");
			return RA_ERR_FORMAT;
		}
		if (!ra_json_str_is(id, "SGX") && !ra_json_str_is(id, "TDX")) {
			ra_json_field(ti->err_field, "id");
			return RA_ERR_VERSION;
		}
		ti->id =
		    ra_json_str_is(id, "TDX") ? RA_TCB_ID_TDX : RA_TCB_ID_SGX;
	}
	/* tcbType 0 is the only one defined (QVL 4.1.2.7.4) */
	if (!json_is_integer(json_object_get(root, "tcbType"))) {
		ra_json_field(ti->err_field, "tcbType");
		return RA_ERR_FORMAT;
	}
	if (json_integer_value(json_object_get(root, "tcbType")) != 0) {
		ra_json_field(ti->err_field, "tcbType");
		return RA_ERR_VERSION;
	}
	return RA_OK;
}

static enum ra_err
parse_root(struct ra_tcb_info *ti, const json_t *root)
{
	char *ef = ti->err_field;
	uint64_t v;
	enum ra_err err;

	if ((err = parse_kind(ti, root)) != RA_OK) {
		return err;
	}
	if ((err = ra_json_date(root, "issueDate", &ti->issue_date, ef)) !=
	        RA_OK ||
	    (err = ra_json_date(root, "nextUpdate", &ti->next_update, ef)) !=
	        RA_OK ||
	    (err = ra_json_hex(root, "fmspc", ti->fmspc, RA_FMSPC_LEN, ef)) !=
	        RA_OK ||
	    (err = ra_json_hex(root, "pceId", ti->pce_id, RA_PCE_ID_LEN, ef)) !=
	        RA_OK ||
	    (err = ra_json_uint(root, "tcbEvaluationDataNumber", UINT32_MAX, &v,
	         ef)) != RA_OK) {
		return err;
	}
	ti->tcb_eval_num = (uint32_t)v;
	if (ti->version == 3 && (err = parse_tdx(ti, root)) != RA_OK) {
		return err;
	}
	return parse_levels(ti, root);
}

enum ra_err
ra_tcb_info_parse(struct ra_tcb_info *ti, const char *text, size_t len)
{
	json_t *root;
	enum ra_err err;

	if (ti == NULL) {
		return RA_ERR_ARG;
	}
	memset(ti, 0, sizeof(*ti));
	if ((err = ra_json_load(&root, text, len)) != RA_OK) {
		ra_json_field(ti->err_field, "JSON");
		return err;
	}
	err = parse_root(ti, root);
	json_decref(root);
	if (err == RA_OK) {
		ti->err_field[0] = '\0';
	}
	return err;
}
