/* SPDX-License-Identifier: BSD-3-Clause */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "sgxra/verify.h"
/* last */
#include "internal.h"

/*
 * TCB level selection and status merges, after Intel's QVL
 * (AttestationLibrary Verifiers/Checks/TcbLevelCheck.cpp, TdxModuleCheck.cpp,
 * TDRelaunchCheck.cpp, EnclaveReportVerifier.cpp); FORMATS.md §6.6, §6.7;
 * docs/dcap.md "TCB evaluation". Pure functions of parsed, verified
 * collateral: no signature is checked here.
 */

static void
set_field(char *field, const char *s)
{
	(void)snprintf(field, RA_ERR_FIELD_LEN, "%s", s);
}

/* ---- QE identity ------------------------------------------------------- */

/* ATTRIBUTES as the 16 REPORT bytes: FLAGS then XFRM, little-endian. */
static void
attr_bytes(uint8_t out[RA_ATTRIBUTES_LEN], const struct ra_attributes *a)
{
	size_t i;

	for (i = 0; i < 8; i++) {
		out[i] = (uint8_t)(a->flags >> (8 * i));
		out[8 + i] = (uint8_t)(a->xfrm >> (8 * i));
	}
}

void
ra_tcb_qe_check(struct ra_tcb_qe_result *r, const struct ra_qe_identity *qi,
    const struct ra_report_body *qe)
{
	uint8_t attr[RA_ATTRIBUTES_LEN];
	size_t i;

	memset(r, 0, sizeof(*r));
	r->level = -1;
	r->fail = RA_DCAP_FAIL_QE_IDENTITY_MISMATCH;
	/* 4.1.2.9.5: the identity's value is compared unmasked, as QVL does */
	if ((qe->misc_select & qi->miscselect_mask) != qi->miscselect) {
		set_field(r->field, "miscselect");
		return;
	}
	attr_bytes(attr, &qe->attributes);
	for (i = 0; i < RA_ATTRIBUTES_LEN; i++) {
		attr[i] &= qi->attributes_mask[i];
	}
	if (!ra_ct_eq(attr, qi->attributes, sizeof(attr))) {
		set_field(r->field, "attributes");
		return;
	}
	if (!ra_ct_eq(
	        qe->mr_signer.b, qi->mrsigner.b, sizeof(qi->mrsigner.b))) {
		set_field(r->field, "mrsigner");
		return;
	}
	if (qe->isv_prod_id != qi->isv_prod_id) {
		set_field(r->field, "isvprodid");
		return;
	}
	r->fail = RA_DCAP_FAIL_NONE;
	/* 4.1.2.9.9: document order, first isvsvn <= the QE's */
	for (i = 0; i < qi->n_levels; i++) {
		if (qi->levels[i].isv_svn <= qe->isv_svn) {
			r->level = (int)i;
			r->status = qi->levels[i].status;
			return;
		}
	}
}

/* ---- merges ------------------------------------------------------------- */

static bool
is_config_needed(enum ra_tcb_status s)
{
	return s == RA_TCB_CONFIGURATION_NEEDED ||
	    s == RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED ||
	    s == RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED ||
	    s == RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED;
}

/*
 * An out-of-date component (QE, TDX module) lowers an UpToDate or
 * SWHardeningNeeded platform to OutOfDate, and a ConfigurationNeeded one
 * to OutOfDateConfigurationNeeded (QVL convergeTcbStatusWith*).
 */
static enum ra_tcb_status
lower_to_out_of_date(enum ra_tcb_status s)
{
	switch (s) {
	case RA_TCB_UP_TO_DATE:
	case RA_TCB_SW_HARDENING_NEEDED:
		return RA_TCB_OUT_OF_DATE;
	case RA_TCB_CONFIGURATION_NEEDED:
	case RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED:
		return RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED;
	default:
		return s;
	}
}

/* QVL convergeTcbStatusWithQeTcbStatus; false: QE not supported. */
static bool
merge_qe(enum ra_tcb_status *s, const struct ra_tcb_qe_result *qe)
{
	if (qe == NULL) {
		return true;
	}
	if (qe->level < 0) {
		return false;
	}
	if (qe->status == RA_TCB_REVOKED) {
		*s = RA_TCB_REVOKED;
	} else if (qe->status != RA_TCB_UP_TO_DATE) {
		/* every other QE level status counts as OutOfDate */
		*s = lower_to_out_of_date(*s);
	}
	return true;
}

/* QVL convergeTcbStatusWithTdxModuleStatus. */
static enum ra_tcb_status
merge_module(enum ra_tcb_status s, enum ra_tcb_status module)
{
	if (module == RA_TCB_OUT_OF_DATE) {
		return lower_to_out_of_date(s);
	}
	return module == RA_TCB_REVOKED ? RA_TCB_REVOKED : s;
}

/* ---- level selection ---------------------------------------------------- */

static bool
sgx_meets(const struct ra_tcb_level *l, const struct ra_pck_ext *pck)
{
	size_t i;

	for (i = 0; i < RA_TCB_COMP_COUNT; i++) {
		if (pck->comp_svn[i] < l->sgx_svn[i]) {
			return false;
		}
	}
	return pck->pce_svn >= l->pce_svn;
}

/* QVL isTdxTcbHigherOrEqual: bytes 0, 1 skipped if the module is versioned. */
static bool
tdx_meets(const struct ra_tcb_level *l, const uint8_t *tee_tcb_svn)
{
	size_t i = tee_tcb_svn[1] > 0 ? 2 : 0;

	for (; i < RA_TCB_COMP_COUNT; i++) {
		if (tee_tcb_svn[i] < l->tdx_svn[i]) {
			return false;
		}
	}
	return true;
}

static void
match_levels(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_pck_ext *pck, const struct ra_td_report *td)
{
	size_t i;

	for (i = 0; i < ti->n_levels; i++) {
		if (!sgx_meets(&ti->levels[i], pck)) {
			continue;
		}
		if (r->sgx_level < 0) {
			r->sgx_level = (int)i;
		}
		if (td == NULL) {
			return;
		}
		if (tdx_meets(&ti->levels[i], td->tee_tcb_svn)) {
			r->tdx_level = (int)i;
			return;
		}
	}
}

/* "TDX_%02X", compared without case (QVL findTdxModuleIdentity). */
static int
find_module(const struct ra_tcb_info *ti, uint8_t version)
{
	char want[RA_TDX_MODULE_ID_LEN];
	size_t i;

	(void)snprintf(want, sizeof(want), "TDX_%02X", version);
	for (i = 0; i < ti->n_modules; i++) {
		if (strcasecmp(ti->modules[i].id, want) == 0) {
			return (int)i;
		}
	}
	return -1;
}

void
ra_tcb_check_tdx_module(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_td_report *td, uint16_t quote_version)
{
	const uint8_t *mrsigner = ti->tdx_mrsigner;
	const uint8_t *attr = ti->tdx_attributes;
	uint8_t version = td->tee_tcb_svn[1];

	r->fail = RA_DCAP_FAIL_NONE;
	r->module = -1;
	if (quote_version > 3 && version > 0) {
		if (ti->n_modules == 0) {
			r->fail = RA_DCAP_FAIL_TCB_INFO_MISMATCH;
			set_field(r->field, "tdxModuleIdentities");
			return;
		}
		if ((r->module = find_module(ti, version)) < 0) {
			r->fail = RA_DCAP_FAIL_TDX_MODULE_MISMATCH;
			set_field(r->field, "TDX module identity");
			return;
		}
		mrsigner = ti->modules[r->module].mrsigner;
		attr = ti->modules[r->module].attributes;
	}
	if (!ra_ct_eq(td->mr_signer_seam, mrsigner, RA_TDX_MRSIGNER_LEN)) {
		r->fail = RA_DCAP_FAIL_TDX_MODULE_MISMATCH;
		set_field(r->field, "MRSIGNERSEAM");
		return;
	}
	/* QVL: every SEAMATTRIBUTES byte zero and equal (no mask applied) */
	if (!ra_ct_is_zero(td->seam_attributes, RA_TDX_ATTRIBUTES_LEN) ||
	    !ra_ct_eq(td->seam_attributes, attr, RA_TDX_ATTRIBUTES_LEN)) {
		r->fail = RA_DCAP_FAIL_TDX_MODULE_MISMATCH;
		set_field(r->field, "SEAMATTRIBUTES");
	}
}

/*
 * QVL checkTdxModuleTcbStatus: false if not supported (no module level
 * the TD's module ISVSVN meets) or a mismatch (r->fail set).
 */
static bool
module_status(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_td_report *td, uint16_t quote_version)
{
	const struct ra_tdx_module_identity *m;
	uint8_t version = td->tee_tcb_svn[1];
	size_t i;

	r->module_status = RA_TCB_UP_TO_DATE;
	if (quote_version > 3 && version == 0) {
		return true;
	}
	if ((r->module = find_module(ti, version)) < 0) {
		r->fail = RA_DCAP_FAIL_TDX_MODULE_MISMATCH;
		set_field(r->field, "TDX module identity");
		return false;
	}
	m = &ti->modules[r->module];
	for (i = 0; i < m->n_levels; i++) {
		if (td->tee_tcb_svn[0] >= m->levels[i].isv_svn) {
			r->module_status = m->levels[i].status;
			return true;
		}
	}
	r->fail = RA_DCAP_FAIL_TCB_NOT_SUPPORTED;
	set_field(r->field, "TDX module TCB level");
	return false;
}

/* The relaunch test's comparison with the newest levels. */
static bool
relaunch_svn_ok(
    struct ra_tcb_result *r, const struct ra_tcb_info *ti, const uint8_t *svn2)
{
	const struct ra_tcb_level *latest = &ti->levels[0];
	int m;

	if (svn2[1] == 0) {
		return svn2[0] >= latest->tdx_svn[0] &&
		    svn2[2] >= latest->tdx_svn[2];
	}
	if ((m = find_module(ti, svn2[1])) < 0) {
		r->fail = RA_DCAP_FAIL_TDX_MODULE_MISMATCH;
		set_field(r->field, "TDX module identity (TEE_TCB_SVN2)");
		return false;
	}
	return svn2[0] >= ti->modules[m].levels[0].isv_svn &&
	    svn2[2] >= latest->tdx_svn[2];
}

/* QVL checkForRelaunch (TD 1.5 reports only). */
static enum ra_tcb_status
relaunch(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_td_report *td, enum ra_tcb_status sgx,
    enum ra_tcb_status tdx, const struct ra_tcb_qe_result *qe)
{
	bool qe_bad =
	    qe != NULL && (qe->level < 0 || qe->status != RA_TCB_UP_TO_DATE);
	bool sgx_ok = sgx == RA_TCB_UP_TO_DATE ||
	    sgx == RA_TCB_SW_HARDENING_NEEDED ||
	    sgx == RA_TCB_CONFIGURATION_NEEDED ||
	    sgx == RA_TCB_CONFIGURATION_AND_SW_HARDENING_NEEDED;
	bool tdx_old = tdx == RA_TCB_OUT_OF_DATE ||
	    tdx == RA_TCB_OUT_OF_DATE_CONFIGURATION_NEEDED;

	if (qe_bad || !sgx_ok || !tdx_old ||
	    r->module_status != RA_TCB_OUT_OF_DATE ||
	    !relaunch_svn_ok(r, ti, td->tee_tcb_svn2)) {
		return tdx;
	}
	return is_config_needed(sgx) || is_config_needed(tdx)
	    ? RA_TCB_TD_RELAUNCH_ADVISED_CONFIGURATION_NEEDED
	    : RA_TCB_TD_RELAUNCH_ADVISED;
}

/* The TDX path of checkTcbLevel, after the SGX level was found. */
static void
evaluate_tdx(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_td_report *td, uint16_t quote_version,
    const struct ra_tcb_qe_result *qe)
{
	enum ra_tcb_status sgx = ti->levels[r->sgx_level].status, tdx;

	if (r->tdx_level < 0) {
		r->fail = RA_DCAP_FAIL_TCB_NOT_SUPPORTED;
		set_field(r->field, "TDX TCB level");
		return;
	}
	if (!module_status(r, ti, td, quote_version)) {
		return;
	}
	tdx = merge_module(ti->levels[r->tdx_level].status, r->module_status);
	if (tdx != RA_TCB_REVOKED && td->is_v1_5) {
		tdx = relaunch(r, ti, td, sgx, tdx, qe);
		if (r->fail != RA_DCAP_FAIL_NONE) {
			return;
		}
	}
	if (tdx != RA_TCB_REVOKED && !merge_qe(&tdx, qe)) {
		r->fail = RA_DCAP_FAIL_TCB_NOT_SUPPORTED;
		set_field(r->field, "QE identity TCB level");
		return;
	}
	r->status = tdx;
}

void
ra_tcb_evaluate(struct ra_tcb_result *r, const struct ra_tcb_info *ti,
    const struct ra_pck_ext *pck, const struct ra_td_report *td,
    uint16_t quote_version, const struct ra_tcb_qe_result *qe)
{
	enum ra_tcb_status s;

	memset(r, 0, sizeof(*r));
	r->sgx_level = r->tdx_level = r->module = -1;
	match_levels(r, ti, pck, td);
	if (r->sgx_level < 0) {
		r->fail = RA_DCAP_FAIL_TCB_NOT_SUPPORTED;
		set_field(r->field, "SGX TCB level");
		return;
	}
	if (td != NULL) {
		evaluate_tdx(r, ti, td, quote_version, qe);
		return;
	}
	s = ti->levels[r->sgx_level].status;
	if (!merge_qe(&s, qe)) {
		r->fail = RA_DCAP_FAIL_TCB_NOT_SUPPORTED;
		set_field(r->field, "QE identity TCB level");
		return;
	}
	r->status = s;
}
