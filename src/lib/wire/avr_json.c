/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Attestation Verification Report body (IAS API v3..v5), parsed with
 * jansson into struct ra_avr. FORMATS.md §5.5 (fields), §5.6 (statuses),
 * §3.1 (the quote body) and §3.4 (the platform info blob). This file
 * parses and never verifies: ra_avr_verify() (src/lib/ra/avr.c) calls it
 * only on a body whose signature has verified.
 */
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "internal.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "wire/json.h"
#include "wire/wire.h"

/* Indexed by enum ra_avr_status. */
static const char *const status_names[] = {
	[RA_AVR_STATUS_UNKNOWN] = "UNKNOWN",
	[RA_AVR_STATUS_OK] = "OK",
	[RA_AVR_STATUS_SIGNATURE_INVALID] = "SIGNATURE_INVALID",
	[RA_AVR_STATUS_GROUP_REVOKED] = "GROUP_REVOKED",
	[RA_AVR_STATUS_SIGNATURE_REVOKED] = "SIGNATURE_REVOKED",
	[RA_AVR_STATUS_KEY_REVOKED] = "KEY_REVOKED",
	[RA_AVR_STATUS_SIGRL_VERSION_MISMATCH] = "SIGRL_VERSION_MISMATCH",
	[RA_AVR_STATUS_GROUP_OUT_OF_DATE] = "GROUP_OUT_OF_DATE",
	[RA_AVR_STATUS_CONFIGURATION_NEEDED] = "CONFIGURATION_NEEDED",
	[RA_AVR_STATUS_SW_HARDENING_NEEDED] = "SW_HARDENING_NEEDED",
	[RA_AVR_STATUS_CONFIGURATION_AND_SW_HARDENING_NEEDED] =
	    "CONFIGURATION_AND_SW_HARDENING_NEEDED",
	/* QVS's (verifyAttestationEvidence.js getIsvQuoteStatus) */
	[RA_AVR_STATUS_TCB_OUT_OF_DATE] = "TCB_OUT_OF_DATE",
	[RA_AVR_STATUS_TCB_OUT_OF_DATE_AND_CONFIGURATION_NEEDED] =
	    "TCB_OUT_OF_DATE_AND_CONFIGURATION_NEEDED",
	[RA_AVR_STATUS_REVOKED] = "REVOKED",
	[RA_AVR_STATUS_TD_RELAUNCH_ADVISED] = "TD_RELAUNCH_ADVISED",
	[RA_AVR_STATUS_TD_RELAUNCH_ADVISED_AND_CONFIGURATION_NEEDED] =
	    "TD_RELAUNCH_ADVISED_AND_CONFIGURATION_NEEDED",
};

#define NSTATUS (sizeof(status_names) / sizeof(status_names[0]))

const char *
ra_avr_status_name(enum ra_avr_status status)
{
	size_t i = (size_t)status;

	return i < NSTATUS ? status_names[i] : status_names[0];
}

/* --- typed members ------------------------------------------------------ */

/* True iff s[0..n) are equal to the NUL-terminated lit. */
static bool
text_is(const char *s, size_t n, const char *lit)
{
	return n == strlen(lit) && ra_ct_eq(s, lit, n);
}

/*
 * A string of 1 .. cap-1 printable ASCII characters (0x20..0x7e) into
 * out[0..cap) with a NUL.
 */
static enum ra_err
get_text(char *out, size_t cap, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = json_string_length(v), i;

	if (s == NULL || n == 0 || n >= cap) {
		return RA_ERR_FORMAT;
	}
	for (i = 0; i < n; i++) {
		if (s[i] < 0x20 || s[i] > 0x7e) {
			return RA_ERR_FORMAT;
		}
	}
	memcpy(out, s, n);
	out[n] = '\0';
	return RA_OK;
}

/* A string of strict base64 that decodes to exactly n bytes. */
static enum ra_err
get_base64(uint8_t *out, size_t n, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), got = 0;

	if (s == NULL || len != RA_BASE64_LEN(n) ||
	    ra_base64_decode(out, n, &got, s, len) != RA_OK || got != n) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* A string of exactly 2 * n hex digits (either case). */
static enum ra_err
get_hex(uint8_t *out, size_t n, const json_t *v)
{
	const char *s = json_string_value(v);

	if (s == NULL ||
	    ra_hex_decode_exact(out, n, s, json_string_length(v)) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

/* A JSON integer (not a real) in [lo, hi]. */
static enum ra_err
get_uint(uint32_t *out, const json_t *v, uint32_t lo, uint32_t hi)
{
	json_int_t i;

	if (!json_is_integer(v)) {
		return RA_ERR_FORMAT;
	}
	i = json_integer_value(v);
	if (i < (json_int_t)lo || i > (json_int_t)hi) {
		return RA_ERR_FORMAT;
	}
	*out = (uint32_t)i;
	return RA_OK;
}

/* --- the members of struct ra_avr ---------------------------------------- */

static enum ra_err
parse_id(struct ra_avr *avr, const json_t *v)
{
	return get_text(avr->id, sizeof(avr->id), v);
}

static enum ra_err
parse_timestamp(struct ra_avr *avr, const json_t *v)
{
	enum ra_err err = get_text(avr->timestamp, sizeof(avr->timestamp), v);

	if (err != RA_OK) {
		return err;
	}
	return ra_avr_json_time(
	    &avr->time, avr->time_frac, avr->timestamp, json_string_length(v));
}

/* Versions 3..5 exist; the bound only keeps the number sane. */
static enum ra_err
parse_version(struct ra_avr *avr, const json_t *v)
{
	return get_uint(&avr->version, v, 1, 1000);
}

/*
 * A known status, or a well-formed unknown one (ias.h explains why),
 * into *status and text[0..RA_AVR_STATUS_MAX_LEN].
 */
static enum ra_err
get_status(enum ra_avr_status *status, char text[RA_AVR_STATUS_MAX_LEN + 1],
    const json_t *v)
{
	size_t i, n = json_string_length(v);
	char c;
	enum ra_err err = get_text(text, RA_AVR_STATUS_MAX_LEN + 1, v);

	if (err != RA_OK) {
		return err;
	}
	for (i = 1; i < NSTATUS; i++) {
		if (text_is(text, n, status_names[i])) {
			*status = (enum ra_avr_status)i;
			return RA_OK;
		}
	}
	for (i = 0; i < n; i++) {
		c = text[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		        c == '_')) {
			return RA_ERR_FORMAT;
		}
	}
	*status = RA_AVR_STATUS_UNKNOWN;
	return RA_OK;
}

static enum ra_err
parse_status(struct ra_avr *avr, const json_t *v)
{
	return get_status(&avr->status, avr->status_text, v);
}

/*
 * Exactly the 432-byte quote body, parsed. The parsed struct keeps no
 * view: struct ra_avr holds no pointers, into itself or the body.
 */
static enum ra_err
parse_quote_body(struct ra_avr *avr, const json_t *v)
{
	enum ra_err err =
	    get_base64(avr->quote_body, sizeof(avr->quote_body), v);

	if (err != RA_OK) {
		return err;
	}
	err = ra_epid_quote_body_parse(
	    &avr->quote, avr->quote_body, sizeof(avr->quote_body));
	avr->quote.body.p = NULL;
	avr->quote.body.len = 0;
	return err;
}

static enum ra_err
parse_revocation(struct ra_avr *avr, const json_t *v)
{
	avr->has_revocation_reason = true;
	return get_uint(
	    &avr->revocation_reason, v, 0, RA_AVR_REVOCATION_REASON_MAX);
}

static enum ra_err
parse_pse_status(struct ra_avr *avr, const json_t *v)
{
	avr->has_pse_manifest_status = true;
	return get_text(
	    avr->pse_manifest_status, sizeof(avr->pse_manifest_status), v);
}

static enum ra_err
parse_pse_hash(struct ra_avr *avr, const json_t *v)
{
	avr->has_pse_manifest_hash = true;
	return get_hex(
	    avr->pse_manifest_hash.b, sizeof(avr->pse_manifest_hash.b), v);
}

/* Hex of the 105-byte TLV (15 02 00 65 || payload), FORMATS.md §3.4. */
static enum ra_err
parse_pib(struct ra_avr *avr, const json_t *v)
{
	uint8_t tlv[RA_PIB_TLV_LEN];
	enum ra_err err = get_hex(tlv, sizeof(tlv), v);

	avr->has_pib = true;
	if (err != RA_OK) {
		return err;
	}
	return ra_pib_tlv_parse(&avr->pib, tlv, sizeof(tlv));
}

static enum ra_err
parse_nonce(struct ra_avr *avr, const json_t *v)
{
	avr->has_nonce = true;
	return get_text(avr->nonce, sizeof(avr->nonce), v);
}

static enum ra_err
parse_pseudonym(struct ra_avr *avr, const json_t *v)
{
	avr->has_epid_pseudonym = true;
	return get_base64(avr->epid_pseudonym, sizeof(avr->epid_pseudonym), v);
}

static enum ra_err
parse_advisory_url(struct ra_avr *avr, const json_t *v)
{
	avr->has_advisory_url = true;
	return get_text(avr->advisory_url, sizeof(avr->advisory_url), v);
}

/* An array of at most max strings, each of 1 .. cap-1 characters. */
static enum ra_err
get_text_array(
    char *out, size_t cap, size_t max, size_t *count, const json_t *v)
{
	size_t i, n = json_array_size(v);
	enum ra_err err;

	if (!json_is_array(v) || n > max) {
		return RA_ERR_FORMAT;
	}
	for (i = 0; i < n; i++) {
		err = get_text(out + i * cap, cap, json_array_get(v, i));
		if (err != RA_OK) {
			return err;
		}
	}
	*count = n;
	return RA_OK;
}

static enum ra_err
parse_advisory_ids(struct ra_avr *avr, const json_t *v)
{
	avr->has_advisory_ids = true;
	return get_text_array(avr->advisory_ids[0],
	    sizeof(avr->advisory_ids[0]), RA_AVR_ADVISORY_MAX,
	    &avr->advisory_count, v);
}

static enum ra_err
parse_tcb_eval(struct ra_avr *avr, const json_t *v)
{
	avr->has_tcb_evaluation_data_number = true;
	return get_uint(&avr->tcb_evaluation_data_number, v, 0, UINT32_MAX);
}

struct member {
	const char *name;
	bool required;
	enum ra_err (*parse)(struct ra_avr *avr, const json_t *v);
};

/* FORMATS.md §5.5, in that order. Other members are ignored. */
static const struct member members[] = {
	{ "id", true, parse_id },
	{ "timestamp", true, parse_timestamp },
	{ "version", true, parse_version },
	{ "isvEnclaveQuoteStatus", true, parse_status },
	{ "isvEnclaveQuoteBody", true, parse_quote_body },
	{ "revocationReason", false, parse_revocation },
	{ "pseManifestStatus", false, parse_pse_status },
	{ "pseManifestHash", false, parse_pse_hash },
	{ "platformInfoBlob", false, parse_pib },
	{ "nonce", false, parse_nonce },
	{ "epidPseudonym", false, parse_pseudonym },
	{ "advisoryURL", false, parse_advisory_url },
	{ "advisoryIDs", false, parse_advisory_ids },
	{ "tcbEvaluationDataNumber", false, parse_tcb_eval },
};

static enum ra_err
parse_members(struct ra_avr *avr, const json_t *root)
{
	size_t i;
	const json_t *v;
	enum ra_err err;

	for (i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		v = json_object_get(root, members[i].name);
		if (v == NULL) {
			if (members[i].required) {
				return RA_ERR_FORMAT;
			}
			continue;
		}
		if ((err = members[i].parse(avr, v)) != RA_OK) {
			return err;
		}
	}
	return RA_OK;
}

enum ra_err
ra_avr_json_parse(struct ra_avr *avr, const uint8_t *body, size_t len)
{
	json_t *root = NULL;
	enum ra_err err;

	if (avr == NULL || (body == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	memset(avr, 0, sizeof(*avr));
	if (body == NULL || len > RA_AVR_BODY_MAX_LEN) {
		return RA_ERR_FORMAT;
	}
	/*
	 * One JSON object (wire/json.c, shared with the DCAP documents):
	 * duplicate keys, \u0000 and trailing bytes other than whitespace
	 * are refused.
	 */
	err = ra_json_load(&root, (const char *)body, len);
	if (err == RA_OK) {
		err = parse_members(avr, root);
	}
	json_decref(root);
	if (err != RA_OK) {
		memset(avr, 0, sizeof(*avr));
	}
	return err;
}

/* --- the QVS report (ias.h "DCAP Quote Verification Service") ------------ */

/* QVS times: "YYYY-MM-DDThh:mm:ssZ" (moment's format plus 'Z'). */
static enum ra_err
get_qvs_time(
    char text[RA_AVR_TIMESTAMP_MAX_LEN + 1], int64_t *t, const json_t *v)
{
	char frac[RA_AVR_FRAC_MAX_LEN + 1];
	size_t n = json_string_length(v);
	enum ra_err err = get_text(text, RA_AVR_TIMESTAMP_MAX_LEN + 1, v);

	if (err != RA_OK) {
		return err;
	}
	if (n != 20 || text[19] != 'Z') {
		return RA_ERR_FORMAT;
	}
	return ra_avr_json_time(t, frac, text, 19);
}

static enum ra_err
qvs_id(struct ra_qvs_report *r, const json_t *v)
{
	return get_text(r->id, sizeof(r->id), v);
}

static enum ra_err
qvs_timestamp(struct ra_qvs_report *r, const json_t *v)
{
	return get_qvs_time(r->timestamp, &r->time, v);
}

static enum ra_err
qvs_version(struct ra_qvs_report *r, const json_t *v)
{
	return get_uint(&r->version, v, 1, 1000);
}

static enum ra_err
qvs_attestation_type(struct ra_qvs_report *r, const json_t *v)
{
	return get_text(r->attestation_type, sizeof(r->attestation_type), v);
}

static enum ra_err
qvs_tee_type(struct ra_qvs_report *r, const json_t *v)
{
	return get_text(r->tee_type, sizeof(r->tee_type), v);
}

static enum ra_err
qvs_status(struct ra_qvs_report *r, const json_t *v)
{
	return get_status(&r->status, r->status_text, v);
}

/*
 * The SGX report body inside isvQuoteBody (FORMATS.md §6.1, §6.2): a v3
 * or v4 header (48 bytes, TEE type 0 at offset 4) then the 384-byte
 * body; or a v5 header, the body descriptor (type 1, size 384) and the
 * body. Anything else (TDX) has no SGX body.
 */
static void
qvs_sgx_body(struct ra_qvs_report *r)
{
	struct ra_cur c = ra_cur_init(r->quote_body, r->quote_body_len);
	uint16_t version = ra_cur_u16le(&c);
	uint32_t tee;

	ra_cur_skip(&c, 2);
	tee = ra_cur_u32le(&c);
	ra_cur_skip(&c, RA_DCAP_HEADER_LEN - 8);
	if (version == 5 &&
	    (ra_cur_u16le(&c) != 1 || ra_cur_u32le(&c) != RA_REPORT_BODY_LEN)) {
		return;
	}
	if (version < 3 || version > 5 || tee != 0 ||
	    ra_report_body_parse(&r->sgx_body, &c) != RA_OK ||
	    ra_cur_finish(&c) != RA_OK) {
		memset(&r->sgx_body, 0, sizeof(r->sgx_body));
		return;
	}
	r->has_sgx_body = true;
}

static enum ra_err
qvs_quote_body(struct ra_qvs_report *r, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);

	if (s == NULL ||
	    len > RA_BASE64_LEN((size_t)RA_QVS_QUOTE_BODY_MAX_LEN) ||
	    ra_base64_decode(r->quote_body, sizeof(r->quote_body),
	        &r->quote_body_len, s, len) != RA_OK ||
	    r->quote_body_len < RA_DCAP_HEADER_LEN) {
		return RA_ERR_FORMAT;
	}
	qvs_sgx_body(r);
	return RA_OK;
}

static enum ra_err
qvs_tcb_eval(struct ra_qvs_report *r, const json_t *v)
{
	return get_uint(&r->tcb_evaluation_data_number, v, 0, UINT32_MAX);
}

static enum ra_err
qvs_tcb_date(struct ra_qvs_report *r, const json_t *v)
{
	return get_qvs_time(r->tcb_date, &r->tcb_time, v);
}

static enum ra_err
qvs_nonce(struct ra_qvs_report *r, const json_t *v)
{
	r->has_nonce = true;
	return get_text(r->nonce, sizeof(r->nonce), v);
}

static enum ra_err
qvs_advisory_url(struct ra_qvs_report *r, const json_t *v)
{
	r->has_advisory_url = true;
	return get_text(r->advisory_url, sizeof(r->advisory_url), v);
}

static enum ra_err
qvs_advisory_ids(struct ra_qvs_report *r, const json_t *v)
{
	r->has_advisory_ids = true;
	return get_text_array(r->advisory_ids[0], sizeof(r->advisory_ids[0]),
	    RA_AVR_ADVISORY_MAX, &r->advisory_count, v);
}

static enum ra_err
qvs_configuration(struct ra_qvs_report *r, const json_t *v)
{
	return get_text_array(r->configuration[0], sizeof(r->configuration[0]),
	    RA_QVS_CONFIGURATION_MAX, &r->configuration_count, v);
}

struct qvs_member {
	const char *name;
	bool required;
	enum ra_err (*parse)(struct ra_qvs_report *r, const json_t *v);
};

/*
 * In the order QVS's verifyAttestationEvidence.js builds the report.
 * tcbComponentsOutOfDate and other members are ignored.
 */
static const struct qvs_member qvs_members[] = {
	{ "id", true, qvs_id },
	{ "timestamp", true, qvs_timestamp },
	{ "version", true, qvs_version },
	{ "attestationType", true, qvs_attestation_type },
	{ "teeType", true, qvs_tee_type },
	{ "isvQuoteStatus", true, qvs_status },
	{ "isvQuoteBody", true, qvs_quote_body },
	{ "tcbEvaluationDataNumber", true, qvs_tcb_eval },
	{ "tcbDate", true, qvs_tcb_date },
	{ "nonce", false, qvs_nonce },
	{ "advisoryURL", false, qvs_advisory_url },
	{ "advisoryIDs", false, qvs_advisory_ids },
	{ "configuration", false, qvs_configuration },
};

enum ra_err
ra_qvs_json_parse(struct ra_qvs_report *r, const uint8_t *body, size_t len)
{
	json_t *root = NULL;
	const json_t *v;
	enum ra_err err;
	size_t i;

	if (r == NULL || (body == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	memset(r, 0, sizeof(*r));
	if (body == NULL || len > RA_AVR_BODY_MAX_LEN) {
		return RA_ERR_FORMAT;
	}
	err = ra_json_load(&root, (const char *)body, len);
	for (i = 0;
	     err == RA_OK && i < sizeof(qvs_members) / sizeof(*qvs_members);
	     i++) {
		v = json_object_get(root, qvs_members[i].name);
		if (v == NULL) {
			err = qvs_members[i].required ? RA_ERR_FORMAT : RA_OK;
			continue;
		}
		err = qvs_members[i].parse(r, v);
	}
	json_decref(root);
	if (err != RA_OK) {
		memset(r, 0, sizeof(*r));
	}
	return err;
}

/* --- timestamps ---------------------------------------------------------- */

/* n decimal digits at s as a number; false if one is not a digit. */
static bool
get_digits(uint32_t *v, const char *s, size_t n)
{
	size_t i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9') {
			return false;
		}
		*v = *v * 10 + (uint32_t)(s[i] - '0');
	}
	return true;
}

static uint32_t
days_in_month(uint32_t y, uint32_t m)
{
	static const uint8_t days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return days[m - 1] + (m == 2 && leap ? 1U : 0U);
}

/* Days from 1970-01-01 to y-m-d (H. Hinnant's days_from_civil), y >= 1. */
static int64_t
days_from_civil(uint32_t y, uint32_t m, uint32_t d)
{
	int64_t yy = (int64_t)y - (m <= 2 ? 1 : 0);
	int64_t era = yy / 400;
	int64_t yoe = yy - era * 400;
	int64_t mp = m > 2 ? (int64_t)m - 3 : (int64_t)m + 9;
	int64_t doy = (153 * mp + 2) / 5 + (int64_t)d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - 719468;
}

/* The optional ".f{1,6}" after the seconds, into frac with a NUL. */
static enum ra_err
get_frac(char frac[RA_AVR_FRAC_MAX_LEN + 1], const char *s, size_t len)
{
	uint32_t unused;

	frac[0] = '\0';
	if (len == 0) {
		return RA_OK;
	}
	if (s[0] != '.' || len < 2 || len > RA_AVR_FRAC_MAX_LEN + 1 ||
	    !get_digits(&unused, s + 1, len - 1)) {
		return RA_ERR_FORMAT;
	}
	memcpy(frac, s + 1, len - 1);
	frac[len - 1] = '\0';
	return RA_OK;
}

/*
 * "YYYY-MM-DDThh:mm:ss" (19 characters) then the optional fraction.
 *   0 YYYY  4 '-'  5 MM  7 '-'  8 DD  10 'T'  11 hh  13 ':'  14 mm
 *  16 ':'  17 ss  19 ['.' f{1,6}]
 */
enum ra_err
ra_avr_json_time(
    int64_t *t, char frac[RA_AVR_FRAC_MAX_LEN + 1], const char *s, size_t len)
{
	uint32_t y, mo, d, h, mi, sec;
	bool ok;

	if (t == NULL || frac == NULL || (s == NULL && len != 0)) {
		return RA_ERR_ARG;
	}
	*t = 0;
	frac[0] = '\0';
	if (len < 19 || s[4] != '-' || s[7] != '-' || s[10] != 'T' ||
	    s[13] != ':' || s[16] != ':') {
		return RA_ERR_FORMAT;
	}
	ok = get_digits(&y, s, 4) && get_digits(&mo, s + 5, 2) &&
	    get_digits(&d, s + 8, 2) && get_digits(&h, s + 11, 2) &&
	    get_digits(&mi, s + 14, 2) && get_digits(&sec, s + 17, 2);
	if (!ok || y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 59) {
		return RA_ERR_FORMAT;
	}
	if (get_frac(frac, s + 19, len - 19) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	*t = days_from_civil(y, mo, d) * 86400 + (int64_t)h * 3600 +
	    (int64_t)mi * 60 + (int64_t)sec;
	return RA_OK;
}
