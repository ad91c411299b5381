/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra quote verify: a DCAP quote against its collateral, offline from
 * files or with the collateral fetched from a PCS/PCCS-compatible URL.
 * The verification is the library's (ra_dcap_verify_quote); this file
 * gathers the inputs and prints the verdict.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "collateral.h"
#include "sgxra.h"
#include "sgxra/verify.h"
#include "show.h"

/* Fetched collateral sets the command keeps in memory (one is used). */
#define CACHE_ENTRIES   8
#define DEFAULT_MAX_AGE 3600

static const char verify_usage[] =
    "usage: sgxra quote verify [options] QUOTE --collateral DIR|FILE|URL\n"
    "\n"
    "Verify a DCAP ECDSA quote (v3 SGX; v4 and v5, SGX and TDX) in the\n"
    "order of Intel's Quote Verification Library: the PCK certificate\n"
    "chain and its CRLs, the PCK certificate's SGX extensions, the TCB\n"
    "Info and QE Identity signatures, FMSPC and PCE-ID, the QE report\n"
    "signature and its binding to the attestation key, the QE identity,\n"
    "the quote signature, the TCB level and the merged status.\n"
    "\n"
    "QUOTE is a binary quote (or hex text with --hex); - reads stdin.\n"
    "\n"
    "  --collateral DIR    a directory in the PCS layout (tcb_info.json,\n"
    "                      tcb_info_issuer_chain.pem, qe_identity.json,\n"
    "                      qe_identity_issuer_chain.pem, root_ca_crl.der,\n"
    "                      pck_crl.der, pck_crl_issuer_chain.pem, and\n"
    "                      pck_chain.pem for quotes without a PCK chain),\n"
    "                      Intel QVL's sample file names, or a\n"
    "                      collateral.dcap-qvl.json file in it\n"
    "  --collateral FILE   Phala dcap-qvl collateral JSON\n"
    "  --collateral URL    a PCS or PCCS base URL (http:// or https://),\n"
    "                      e.g. https://api.trustedservices.intel.com;\n"
    "                      the v4 API paths are appended\n"
    "  --cache-dir DIR     keep fetched collateral in DIR and reuse it\n"
    "                      while younger than --max-age and unexpired\n"
    "  --max-age SECONDS   default 3600\n"
    "  --time T            verification time, Unix seconds,\n"
    "                      YYYY-MM-DDThh:mm:ssZ or now (default: now)\n"
    "  --root FILE         trust anchor, DER or PEM (default: the Intel\n"
    "                      SGX Root CA built in)\n"
    "  --no-crl            accept collateral without CRLs; revocation is\n"
    "                      then not checked, and the verdict says so\n"
    "  --allow-expired     exit 0 even if some collateral has expired\n"
    "  --json              print JSON instead of text\n"
    "  --hex               QUOTE holds hex text\n"
    "\n"
    "The verdict goes to stdout: the result, the TCB status (UpToDate,\n"
    "SWHardeningNeeded, ConfigurationNeeded, ConfigurationAndSW-\n"
    "HardeningNeeded, OutOfDate, OutOfDateConfigurationNeeded, Revoked,\n"
    "TDRelaunchAdvised...), the advisory IDs and dates, whether any\n"
    "collateral has expired (as Intel's QvE reports it), the report body\n"
    "or TD report; for a refusal, the check that failed, the item\n"
    "(certificate, CRL or document), the field, and the reason.\n"
    "\n"
    "Exit status: 0 if the quote verified with a status other than\n"
    "Revoked and unexpired collateral (or --allow-expired); 1 if it was\n"
    "refused, revoked, its collateral expired, or on error; 2 for usage\n"
    "errors. Policy on the status itself (is OutOfDate acceptable?) and\n"
    "on the report body (MRENCLAVE, MRSIGNER, attributes, report data) is\n"
    "the relying party's.\n";

struct verify_opts {
	const char *quote;
	const char *collateral;
	const char *cache_dir;
	const char *root;
	int64_t max_age;
	int64_t now;
	bool json;
	bool hex;
	bool allow_expired;
	unsigned int options;
};

/* Unix seconds, YYYY-MM-DDThh:mm:ssZ or "now"; false if none. */
static bool
parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	const char *end;
	char *e;
	long long v;

	if (strcmp(s, "now") == 0) {
		*out = (int64_t)time(NULL);
		return true;
	}
	v = strtoll(s, &e, 10);
	if (*s != '\0' && *e == '\0') {
		*out = (int64_t)v;
		return true;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (end == NULL || *end != '\0') {
		return false;
	}
	*out = (int64_t)timegm(&tm);
	return true;
}

static bool
parse_number(const char *s, int64_t *out)
{
	char *e;
	long long v = strtoll(s, &e, 10);

	if (*s == '\0' || *e != '\0' || v < 0) {
		return false;
	}
	*out = (int64_t)v;
	return true;
}

/* One option with a value at argv[*i]; false for a usage error. */
static bool
opt_value(struct verify_opts *o, int argc, char **argv, int *i)
{
	const char *a = argv[*i], *v = *i + 1 < argc ? argv[*i + 1] : NULL;

	if (v == NULL) {
		warnx("%s needs a value", a);
		return false;
	}
	(*i)++;
	if (is_opt(a, "--collateral")) {
		o->collateral = v;
	} else if (is_opt(a, "--cache-dir")) {
		o->cache_dir = v;
	} else if (is_opt(a, "--root")) {
		o->root = v;
	} else if (is_opt(a, "--time")) {
		if (!parse_time(v, &o->now)) {
			warnx("--time %s: not Unix seconds, "
			      "YYYY-MM-DDThh:mm:ssZ or now",
			    v);
			return false;
		}
	} else if (!parse_number(v, &o->max_age)) {
		warnx("--max-age %s: not a number of seconds", v);
		return false;
	}
	return true;
}

static bool
parse_opts(struct verify_opts *o, int argc, char **argv)
{
	static const char *const valued[] = { "--collateral", "--cache-dir",
		"--root", "--time", "--max-age" };
	int i;
	size_t k;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		bool has_value = false;

		for (k = 0; k < sizeof(valued) / sizeof(valued[0]); k++) {
			has_value = has_value || is_opt(a, valued[k]);
		}
		if (has_value) {
			if (!opt_value(o, argc, argv, &i)) {
				return false;
			}
		} else if (is_opt(a, "--json")) {
			o->json = true;
		} else if (is_opt(a, "--hex")) {
			o->hex = true;
		} else if (is_opt(a, "--no-crl")) {
			o->options |= RA_DCAP_OPT_NO_CRL;
		} else if (is_opt(a, "--allow-expired")) {
			o->allow_expired = true;
		} else if (a[0] == '-' && a[1] != '\0') {
			warnx("unknown option %s", a);
			return false;
		} else if (o->quote == NULL) {
			o->quote = a;
		} else {
			warnx("one QUOTE only");
			return false;
		}
	}
	if (o->quote == NULL || o->collateral == NULL) {
		warnx("QUOTE and --collateral are required");
		return false;
	}
	return true;
}

/* ---- the verdict -------------------------------------------------------- */

static const char *
tee_name(uint32_t tee)
{
	return tee == RA_DCAP_TEE_TDX ? "TDX" : "SGX";
}

static json_t *
show_failure(const struct ra_dcap_verdict *v)
{
	json_t *f = json_object();

	show_set(f, "check", json_string(ra_dcap_verify_fail_name(v->fail)));
	if (v->item != RA_DCAP_ITEM_NONE) {
		show_set(
		    f, "item", json_string(ra_dcap_verify_item_name(v->item)));
	}
	if (v->field[0] != '\0') {
		show_set(f, "field", json_string(v->field));
	}
	if (v->x509.subject[0] != '\0') {
		show_set(f, "certificate", json_string(v->x509.subject));
	}
	if (v->x509.reason[0] != '\0') {
		show_set(f, "x509_reason", json_string(v->x509.reason));
	}
	return f;
}

static json_t *
show_tcb(const struct ra_dcap_verdict *v)
{
	json_t *o = json_object(), *adv = json_array();
	size_t i;

	show_set(o, "status", json_string(ra_tcb_info_status_name(v->status)));
	show_set(o, "platform_status",
	    json_string(ra_tcb_info_status_name(v->platform_status)));
	show_set(o, "tcb_date", show_time(v->tcb_date));
	for (i = 0; i < v->n_advisories; i++) {
		json_array_append_new(adv, json_string(v->advisories[i]));
	}
	show_set(o, "advisory_ids", adv);
	show_set(
	    o, "qe_status", json_string(ra_tcb_info_status_name(v->qe_status)));
	show_set(o, "qe_tcb_date", show_time(v->qe_tcb_date));
	show_set(o, "tcb_evaluation_data_number", show_uint(v->tcb_eval_num));
	return o;
}

static json_t *
show_collateral(const struct ra_dcap_verdict *v)
{
	json_t *o = json_object();

	show_set(o, "expired", json_boolean(v->collateral_expired));
	if (v->collateral_expired) {
		show_set(o, "expired_item",
		    json_string(ra_dcap_verify_item_name(v->expired_item)));
		show_set(o, "expired_at", show_time(v->earliest_expiry));
	}
	show_set(o, "revocation_checked", json_boolean(v->revocation_checked));
	return o;
}

static json_t *
show_verdict(
    const struct ra_dcap_verdict *v, bool accepted, const struct verify_opts *o)
{
	json_t *root = json_object(), *q = json_object(), *p = json_object();

	show_set(
	    root, "result", json_string(accepted ? "accepted" : "refused"));
	show_set(root, "message", json_string(v->msg));
	show_set(root, "verification_time", show_time(o->now));
	if (v->fail != RA_DCAP_FAIL_NONE) {
		show_set(root, "failure", show_failure(v));
	} else {
		show_set(root, "tcb", show_tcb(v));
	}
	show_set(root, "collateral", show_collateral(v));
	show_set(q, "version", show_uint(v->version));
	show_set(q, "tee", json_string(tee_name(v->tee_type)));
	show_set(q, "certification_data_type", show_uint(v->cert_type));
	show_set(q, "trailing_bytes", show_uint(v->trailing_len));
	show_set(root, "quote", q);
	if (v->fail == RA_DCAP_FAIL_NONE || v->fmspc[0] != 0 ||
	    v->fmspc[1] != 0) {
		show_set(p, "fmspc", show_hex(v->fmspc, sizeof(v->fmspc)));
		show_set(p, "pce_id", show_hex(v->pce_id, sizeof(v->pce_id)));
		show_set(p, "sgx_type", show_uint(v->sgx_type));
		show_set(root, "platform", p);
	} else {
		json_decref(p);
	}
	if (v->has_body && v->body_type == RA_DCAP_BODY_SGX) {
		show_set(root, "report_body", show_report_body(&v->body.sgx));
	} else if (v->has_body) {
		show_set(root, "td_report", show_td_report(&v->body.td));
	}
	return root;
}

/* ---- inputs ---------------------------------------------------------------
 */

static struct ra_dcap_verifier *
make_verifier(const struct verify_opts *o)
{
	struct ra_dcap_verifier *vf = NULL;
	uint8_t *root = NULL;
	size_t len = 0;
	enum ra_err e;

	if (o->root != NULL) {
		root = read_input(o->root, TOOL_MAX_INPUT, &len);
	}
	e = ra_dcap_verify_new(&vf, root, len, o->options);
	free(root);
	if (e != RA_OK) {
		die_ra(e, "%s: not a self-signed root certificate (DER or PEM)",
		    o->root != NULL ? o->root : "built-in root");
	}
	return vf;
}

/* Collateral fetched for the quote's key, through the cache. */
static struct ra_dcap_coll *
fetch_for(struct ra_dcap_cache *cache, struct pcs_fetcher *f,
    const uint8_t *quote, size_t len, int64_t now)
{
	struct ra_dcap_coll_key key;
	struct ra_dcap_coll *ref = NULL;
	enum ra_err e = ra_dcap_cache_key(&key, quote, len);

	if (e != RA_OK) {
		die_ra(e,
		    "the quote names no PCK certificate to fetch collateral "
		    "for (certification data types 4 and 5 do); give "
		    "--collateral DIR with pck_chain.pem");
	}
	e = ra_dcap_cache_get(cache, &key, now, &ref);
	if (e != RA_OK) {
		errx(EXIT_FAIL, "%s: cannot fetch collateral: %s", f->base,
		    f->error[0] != '\0' ? f->error : ra_strerror(e));
	}
	return ref;
}

/* Print the verdict; true if accepted (the exit status). */
static bool
report(const struct ra_dcap_verdict *v, const struct verify_opts *o)
{
	bool accepted = ra_dcap_verify_accepts(
	    v, ~(1U << RA_TCB_REVOKED), o->allow_expired);

	show_emit(show_verdict(v, accepted, o), o->json);
	if (!accepted) {
		warnx("%s: refused: %s%s", o->quote, v->msg,
		    v->fail == RA_DCAP_FAIL_NONE && v->collateral_expired
		        ? " (collateral expired; --allow-expired accepts)"
		        : "");
	}
	return accepted;
}

int
cmd_quote_verify(int argc, char **argv)
{
	struct verify_opts o = { 0 };
	struct pcs_fetcher f = { 0 };
	struct tool_coll tc;
	struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *cache = NULL;
	struct ra_dcap_coll *ref = NULL;
	const struct ra_dcap_collateral *coll;
	struct ra_dcap_verdict *v;
	uint8_t *quote;
	size_t len;
	bool url, accepted;
	enum ra_err e;

	if (wants_help(argc, argv, verify_usage)) {
		return EXIT_OK;
	}
	o.now = (int64_t)time(NULL);
	o.max_age = DEFAULT_MAX_AGE;
	if (!parse_opts(&o, argc, argv)) {
		return usage(verify_usage);
	}
	quote = read_input(o.quote, TOOL_MAX_INPUT, &len);
	if (o.hex) {
		len = unhex_in_place(o.quote, quote, len);
	}
	vf = make_verifier(&o);
	url = pcs_is_url(o.collateral);
	f = (struct pcs_fetcher){ o.collateral, o.cache_dir, o.max_age, "" };
	e = ra_dcap_cache_new(
	    &cache, CACHE_ENTRIES, url ? pcs_fetch : NULL, &f, o.max_age);
	if (e != RA_OK) {
		die_ra(e, "cache");
	}
	memset(&tc, 0, sizeof(tc));
	if (url) {
		ref = fetch_for(cache, &f, quote, len, o.now);
		coll = ra_dcap_cache_coll_views(ref);
	} else {
		coll_load(&tc, o.collateral);
		coll = &tc.c;
	}
	v = xmalloc(sizeof(*v));
	if ((e = ra_dcap_verify_quote(v, vf, cache, quote, len, coll, o.now)) !=
	    RA_OK) {
		die_ra(e, "%s: no verdict", o.quote);
	}
	accepted = report(v, &o);
	ra_dcap_cache_coll_release(ref);
	coll_free(&tc);
	ra_dcap_cache_free(cache);
	ra_dcap_verify_free(vf);
	free(quote);
	free(v);
	return accepted ? EXIT_OK : EXIT_FAIL;
}
