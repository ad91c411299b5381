/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra avr verify: verify an IAS Attestation Verification Report as a
 * service provider receives it (body, X-IASReport-Signature,
 * X-IASReport-Signing-Certificate) with ra_avr_verify(), and print what
 * it says. The root and the time are explicit: nothing is read from the
 * system trust store or the clock unless "--time now" asks for it.
 */
#include <err.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "sgxra.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"
#include "show.h"

static const char avr_usage[] =
    "usage: sgxra avr verify --body FILE --signature FILE|STRING\n"
    "           --certs FILE --root FILE --time SECONDS|now [--dcap]\n"
    "           [--json]\n"
    "\n"
    "Verify an IAS attestation verification report: the certificate chain\n"
    "up to the root at the given time, then the RSA signature over the\n"
    "exact bytes of the body, then the body's fields. Print the fields.\n"
    "\n"
    "  --dcap             the report is a DCAP Quote Verification Service\n"
    "                     report (POST /attestation/sgx/dcap/v1/report),\n"
    "                     signed the same way\n"
    "  --body FILE        the response body, byte for byte\n"
    "  --signature X      the X-IASReport-Signature value (base64): a file\n"
    "                     holding it, or the value itself if no such file\n"
    "  --certs FILE       the X-IASReport-Signing-Certificate value as IAS\n"
    "                     sends it (percent-encoded PEM), or plain PEM\n"
    "  --root FILE        the trust anchor (PEM or DER), e.g. Intel's\n"
    "                     Attestation Report Signing CA; required\n"
    "  --time T           the verification time: Unix seconds, or \"now\";\n"
    "                     required\n"
    "  --json             print JSON instead of text\n"
    "\n"
    "A trailing newline of the signature and certificate files is ignored.\n"
    "Exit status 0 if the report verifies, 1 with one line on stderr\n"
    "naming what failed (chain: which certificate and why; signature;\n"
    "format: which input), 2 for a usage error.\n";

/* Largest certificate or root file read. */
#define MAX_CERTS_FILE ((size_t)64 * 1024)

struct avr_args {
	const char *body, *sig, *certs, *root, *time;
	bool as_json;
	bool dcap;
};

static char *
strip_newlines(uint8_t *buf, size_t *len)
{
	while (*len > 0 && (buf[*len - 1] == '\n' || buf[*len - 1] == '\r')) {
		buf[--*len] = '\0';
	}
	return (char *)buf;
}

/* --signature: a file's contents if such a file exists, else the text. */
static char *
signature_value(const char *arg, size_t *len)
{
	struct stat st;
	char *v;

	if (stat(arg, &st) == 0 && S_ISREG(st.st_mode)) {
		return strip_newlines(
		    read_input(arg, RA_IAS_SIG_HEADER_MAX_LEN + 2, len), len);
	}
	*len = strlen(arg);
	v = xmalloc(*len + 1);
	memcpy(v, arg, *len + 1);
	return v;
}

/* --certs: the header value; plain PEM is percent-encoded here. */
static char *
certs_value(const char *path, size_t *len)
{
	uint8_t *buf = read_input(path, MAX_CERTS_FILE, len);
	char *enc;

	/* "-----BEGIN " with a space: PEM; IAS writes "-----BEGIN%20" */
	if (*len < 11 || memcmp(buf, "-----BEGIN ", 11) != 0) {
		return strip_newlines(buf, len);
	}
	enc = xmalloc(RA_PCT_MAX_LEN(*len) + 1);
	if (ra_pct_encode(enc, RA_PCT_MAX_LEN(*len) + 1, len, buf, *len) !=
	    RA_OK) {
		errx(EXIT_FAIL, "%s: cannot percent-encode", path);
	}
	free(buf);
	return enc;
}

static struct ra_x509 *
root_cert(const char *path)
{
	size_t len;
	uint8_t *buf = read_input(path, MAX_CERTS_FILE, &len);
	struct ra_x509 *c = NULL;
	enum ra_err e = len > 0 && buf[0] == 0x30
	    ? ra_x509_from_der(&c, buf, len)
	    : ra_x509_from_pem(&c, (const char *)buf, len);

	if (e != RA_OK) {
		die_ra(e, "%s: not one certificate (PEM or DER)", path);
	}
	free(buf);
	return c;
}

static int64_t
time_value(const char *arg)
{
	char *end = NULL;
	long long t;

	if (strcmp(arg, "now") == 0) {
		return (int64_t)time(NULL);
	}
	errno = 0;
	t = strtoll(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || t < 0 ||
	    arg[0] == '+') {
		errx(EXIT_USAGE, "--time %s: Unix seconds or \"now\"", arg);
	}
	return (int64_t)t;
}

/* The option that takes the value, or NULL if arg is none of them. */
static const char **
value_slot(struct avr_args *a, const char *arg)
{
	const struct {
		const char *name;
		const char **slot;
	} opts[] = {
		{ "--body", &a->body },
		{ "--signature", &a->sig },
		{ "--certs", &a->certs },
		{ "--root", &a->root },
		{ "--time", &a->time },
	};
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		if (is_opt(arg, opts[i].name)) {
			return opts[i].slot;
		}
	}
	return NULL;
}

/* False on a usage error: an unknown, repeated or missing option. */
static bool
parse_args(struct avr_args *a, int argc, char **argv)
{
	const char **slot;
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--json") || is_opt(argv[i], "--dcap")) {
			*(is_opt(argv[i], "--json") ? &a->as_json : &a->dcap) =
			    true;
			continue;
		}
		slot = value_slot(a, argv[i]);
		if (slot == NULL || *slot != NULL || i + 1 >= argc) {
			return false;
		}
		*slot = argv[++i];
	}
	return a->body != NULL && a->sig != NULL && a->certs != NULL &&
	    a->root != NULL && a->time != NULL;
}

/*
 * RA_ERR_FORMAT does not say which input was malformed: find out with the
 * same decoders, in the order ra_avr_verify() applies them.
 */
static void
format_failure(const char *sig, size_t sig_len, const char *certs,
    size_t certs_len, enum ra_err e)
{
	uint8_t *tmp = xmalloc(certs_len + sig_len + 1);
	struct ra_x509_list *l = NULL;
	size_t n;

	if (sig_len > RA_IAS_SIG_HEADER_MAX_LEN ||
	    ra_base64_decode(tmp, sig_len + 1, &n, sig, sig_len) != RA_OK) {
		errx(EXIT_FAIL, "format: signature: not strict base64");
	}
	if (certs_len > RA_IAS_CERTS_HEADER_MAX_LEN ||
	    ra_pct_decode(tmp, certs_len, &n, certs, certs_len) != RA_OK) {
		errx(EXIT_FAIL,
		    "format: certificates: malformed "
		    "percent-encoding or too long");
	}
	if (ra_x509_list_from_pem(&l, (const char *)tmp, n) != RA_OK) {
		errx(EXIT_FAIL,
		    "format: certificates: not a list of PEM "
		    "certificates");
	}
	ra_x509_list_free(l);
	errx(EXIT_FAIL,
	    "format: body: signed, but not a valid report (%s): "
	    "JSON, a member's type, bound or encoding",
	    ra_errname(e));
}

static void
chain_failure(const struct ra_x509_verify_detail *d)
{
	if (d->depth < 0) {
		errx(EXIT_FAIL, "chain: %s%s%s", d->reason,
		    d->subject[0] != '\0' ? ": " : "", d->subject);
	}
	errx(EXIT_FAIL, "chain: certificate %d%s (%s): %s", d->depth,
	    d->depth == 0 ? ", the signing certificate" : "", d->subject,
	    d->reason);
}

static json_t *
show_pib(const struct ra_pib *p)
{
	json_t *o = json_object();

	show_set(o, "epid_group_flags", show_flags(p->epid_group_flags, 2));
	show_set(
	    o, "tcb_evaluation_flags", show_flags(p->tcb_evaluation_flags, 4));
	show_set(
	    o, "pse_evaluation_flags", show_flags(p->pse_evaluation_flags, 4));
	show_set(o, "latest_psvn", show_hex(p->latest_psvn, 18));
	show_set(o, "latest_pse_isvsvn", show_hex(p->latest_pse_isvsvn, 2));
	show_set(o, "latest_psda_svn", show_hex(p->latest_psda_svn, 4));
	show_set(o, "xeid", show_hex(p->xeid, 4));
	show_set(o, "gid", show_hex(p->gid, 4));
	return o;
}

static json_t *
show_quote_body(const struct ra_epid_quote *q)
{
	json_t *o = json_object();
	char gid[16];

	snprintf(gid, sizeof(gid), "%08x", q->gid);
	show_set(o, "version", show_uint(q->version));
	show_set(o, "sign_type",
	    json_string(
	        q->sign_type == RA_QUOTE_LINKABLE ? "linkable" : "unlinkable"));
	show_set(o, "epid_group_id", json_string(gid));
	show_set(o, "qe_svn", show_uint(q->qe_svn));
	show_set(o, "pce_svn", show_uint(q->pce_svn));
	show_set(o, "xeid", show_uint(q->xeid));
	show_set(o, "basename", show_hex(q->basename, sizeof(q->basename)));
	show_set(o, "report_body", show_report_body(&q->report_body));
	return o;
}

static void
show_optional(json_t *o, const struct ra_avr *a)
{
	json_t *ids = json_array();
	size_t i;

	if (a->has_revocation_reason) {
		show_set(
		    o, "revocationReason", show_uint(a->revocation_reason));
	}
	if (a->has_pse_manifest_status) {
		show_set(o, "pseManifestStatus",
		    json_string(a->pse_manifest_status));
	}
	if (a->has_pse_manifest_hash) {
		show_set(o, "pseManifestHash",
		    show_hex(a->pse_manifest_hash.b, RA_HASH256_LEN));
	}
	if (a->has_nonce) {
		show_set(o, "nonce", json_string(a->nonce));
	}
	if (a->has_epid_pseudonym) {
		show_set(o, "epidPseudonym",
		    show_hex(a->epid_pseudonym, RA_AVR_PSEUDONYM_LEN));
	}
	if (a->has_advisory_url) {
		show_set(o, "advisoryURL", json_string(a->advisory_url));
	}
	for (i = 0; i < a->advisory_count; i++) {
		json_array_append_new(ids, json_string(a->advisory_ids[i]));
	}
	show_set(o, "advisoryIDs", ids);
	if (a->has_tcb_evaluation_data_number) {
		show_set(o, "tcbEvaluationDataNumber",
		    show_uint(a->tcb_evaluation_data_number));
	}
	if (a->has_pib) {
		show_set(o, "platformInfoBlob", show_pib(&a->pib));
	}
}

static json_t *
show_avr(const struct ra_avr *a, int64_t now)
{
	json_t *o = json_object();

	show_set(o, "verified", json_string("chain and signature"));
	show_set(o, "verification_time", json_integer((json_int_t)now));
	show_set(o, "id", json_string(a->id));
	show_set(o, "timestamp", json_string(a->timestamp));
	show_set(o, "timestamp_unix", json_integer((json_int_t)a->time));
	show_set(o, "version", show_uint(a->version));
	show_set(o, "isvEnclaveQuoteStatus", json_string(a->status_text));
	show_optional(o, a);
	show_set(o, "isvEnclaveQuoteBody", show_quote_body(&a->quote));
	return o;
}

static json_t *
show_qvs(const struct ra_qvs_report *r, int64_t now)
{
	json_t *o = json_object(), *ids = json_array(), *conf = json_array();
	size_t i;

	show_set(o, "verified", json_string("chain and signature"));
	show_set(o, "verification_time", json_integer((json_int_t)now));
	show_set(o, "id", json_string(r->id));
	show_set(o, "timestamp", json_string(r->timestamp));
	show_set(o, "timestamp_unix", json_integer((json_int_t)r->time));
	show_set(o, "version", show_uint(r->version));
	show_set(o, "attestationType", json_string(r->attestation_type));
	show_set(o, "teeType", json_string(r->tee_type));
	show_set(o, "isvQuoteStatus", json_string(r->status_text));
	show_set(o, "tcbEvaluationDataNumber",
	    show_uint(r->tcb_evaluation_data_number));
	show_set(o, "tcbDate", json_string(r->tcb_date));
	if (r->has_nonce) {
		show_set(o, "nonce", json_string(r->nonce));
	}
	if (r->has_advisory_url) {
		show_set(o, "advisoryURL", json_string(r->advisory_url));
	}
	for (i = 0; i < r->advisory_count; i++) {
		json_array_append_new(ids, json_string(r->advisory_ids[i]));
	}
	show_set(o, "advisoryIDs", ids);
	for (i = 0; i < r->configuration_count; i++) {
		json_array_append_new(conf, json_string(r->configuration[i]));
	}
	show_set(o, "configuration", conf);
	show_set(o, "isvQuoteBody", show_hex(r->quote_body, r->quote_body_len));
	if (r->has_sgx_body) {
		show_set(o, "report_body", show_report_body(&r->sgx_body));
	}
	return o;
}

/* Exit with the reason of a failed verification. */
static void
verify_failure(enum ra_err e, const struct ra_x509_verify_detail *d,
    const char *sig, size_t sig_len, const char *certs, size_t certs_len)
{
	if (e == RA_ERR_CERT) {
		chain_failure(d);
	} else if (e == RA_ERR_AUTH) {
		errx(EXIT_FAIL,
		    "signature: does not verify over the body "
		    "with the signing certificate's key");
	} else if (e == RA_ERR_FORMAT || e == RA_ERR_VERSION) {
		format_failure(sig, sig_len, certs, certs_len, e);
	} else if (e != RA_OK) {
		die_ra(e, "avr verify");
	}
}

int
cmd_avr_verify(int argc, char **argv)
{
	struct avr_args a;
	struct ra_avr avr;
	struct ra_x509_verify_detail d;
	struct ra_x509 *root;
	uint8_t *body;
	char *sig, *certs;
	size_t body_len, sig_len, certs_len;
	int64_t now;
	enum ra_err e;

	if (wants_help(argc, argv, avr_usage)) {
		return EXIT_OK;
	}
	if (!parse_args(&a, argc, argv)) {
		return usage(avr_usage);
	}
	now = time_value(a.time);
	body = read_input(a.body, RA_AVR_BODY_MAX_LEN, &body_len);
	sig = signature_value(a.sig, &sig_len);
	certs = certs_value(a.certs, &certs_len);
	root = root_cert(a.root);
	if (a.dcap) {
		struct ra_qvs_report *r = xmalloc(sizeof(*r));

		e = ra_qvs_verify(r, &d, body, body_len, sig, sig_len, certs,
		    certs_len, root, now);
		verify_failure(e, &d, sig, sig_len, certs, certs_len);
		show_emit(show_qvs(r, now), a.as_json);
		free(r);
	} else {
		e = ra_avr_verify(&avr, &d, body, body_len, sig, sig_len, certs,
		    certs_len, root, now);
		verify_failure(e, &d, sig, sig_len, certs, certs_len);
		show_emit(show_avr(&avr, now), a.as_json);
	}
	ra_x509_free(root);
	free(certs);
	free(sig);
	free(body);
	return EXIT_OK;
}
