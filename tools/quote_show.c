/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra quote show: decode an EPID quote (v1/v2) or a DCAP quote (v3, v4,
 * v5; SGX or TDX), every field, with the certification data's certificate
 * chain summarised. Decoding only: nothing here verifies a signature.
 */
#include <err.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/buf.h"
#include "sgxra/quote.h"
#include "show.h"

static const char quote_usage[] =
    "usage: sgxra quote show [--json] [--hex] FILE\n"
    "\n"
    "Decode a quote and print every field. FILE is a binary quote, or\n"
    "with --hex a file of hex digits (whitespace ignored); - reads stdin.\n"
    "The kind is taken from the version field: 1 or 2 is an EPID quote\n"
    "(sgx_quote_t), 3, 4 or 5 a DCAP ECDSA quote (SGX or TDX).\n"
    "\n"
    "  --json   print JSON instead of text\n"
    "  --hex    the file holds hex text\n"
    "\n"
    "Nothing is verified: use `sgxra quote verify` for that. On a malformed\n"
    "quote, one line on stderr says what is wrong and where, and the exit\n"
    "status is 1.\n";

static json_t *
show_epid_sig(const struct ra_bytes *sig)
{
	struct ra_epid_quote_sig s;
	json_t *o = json_object();
	enum ra_err e = ra_epid_quote_sig_parse(&s, sig->p, sig->len);

	show_set(o, "length", show_uint(sig->len));
	if (e != RA_OK) {
		show_set(o, "error", json_string(ra_strerror(e)));
		show_set(o, "bytes", show_hex(sig->p, sig->len));
		return o;
	}
	show_set(o, "wrapped_key", show_hex(s.wrapped_key, 256));
	show_set(o, "key_hash", show_hex(s.key_hash.b, 32));
	show_set(o, "iv", show_hex(s.iv, sizeof(s.iv)));
	show_set(o, "payload_size", show_uint(s.ciphertext.len));
	show_set(o, "ciphertext", show_hex(s.ciphertext.p, s.ciphertext.len));
	show_set(o, "tag", show_hex(s.tag.b, 16));
	/* 352-byte basic signature + RLver + n2 + 160 per non-revoked proof */
	if (s.ciphertext.len >= 360 && (s.ciphertext.len - 360) % 160 == 0) {
		show_set(o, "sigrl_entries",
		    show_uint((s.ciphertext.len - 360) / 160));
	}
	return o;
}

static json_t *
show_epid(const struct ra_epid_quote *q, size_t len)
{
	json_t *o = json_object();
	char gid[16];

	snprintf(gid, sizeof(gid), "%08x", q->gid);
	show_set(o, "kind", json_string("EPID quote (sgx_quote_t)"));
	show_set(o, "length", show_uint(len));
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
	show_set(o, "signature", show_epid_sig(&q->signature));
	return o;
}

static const char *
cert_type_name(enum ra_dcap_cert_type t)
{
	switch (t) {
	case RA_DCAP_CERT_PPID_CLEAR:
		return "PPID in the clear";
	case RA_DCAP_CERT_PPID_RSA2048:
		return "PPID encrypted with RSA-2048-OAEP";
	case RA_DCAP_CERT_PPID_RSA3072:
		return "PPID encrypted with RSA-3072-OAEP";
	case RA_DCAP_CERT_PCK_LEAF:
		return "PCK leaf certificate";
	case RA_DCAP_CERT_PCK_CHAIN:
		return "PCK certificate chain";
	case RA_DCAP_CERT_QE_REPORT:
		return "QE report certification data";
	default:
		return "unknown";
	}
}

static json_t *
show_cert_data(const struct ra_dcap_quote *q)
{
	json_t *o = json_object();
	struct ra_dcap_ppid pp;

	show_set(o, "type", show_uint(q->cert_type));
	show_set(o, "type_name", json_string(cert_type_name(q->cert_type)));
	show_set(o, "length", show_uint(q->cert_data.len));
	if (q->cert_type == RA_DCAP_CERT_PCK_CHAIN ||
	    q->cert_type == RA_DCAP_CERT_PCK_LEAF) {
		show_set(o, "certificates",
		    show_certs(q->cert_data.p, q->cert_data.len));
		return o;
	}
	if (ra_dcap_quote_ppid_parse(
	        &pp, q->cert_type, q->cert_data.p, q->cert_data.len) != RA_OK) {
		show_set(
		    o, "bytes", show_hex(q->cert_data.p, q->cert_data.len));
		return o;
	}
	show_set(o, "ppid", show_hex(pp.ppid.p, pp.ppid.len));
	show_set(o, "cpu_svn", show_hex(pp.cpu_svn, sizeof(pp.cpu_svn)));
	show_set(o, "pce_svn", show_uint(pp.pce_svn));
	if (pp.has_pce_id) {
		show_set(o, "pce_id", show_flags(pp.pce_id, 4));
	}
	return o;
}

static json_t *
show_sig_data(const struct ra_dcap_quote *q)
{
	json_t *o = json_object(), *sig = json_object(), *key = json_object();

	show_set(sig, "r", show_hex(q->quote_sig.r, 32));
	show_set(sig, "s", show_hex(q->quote_sig.s, 32));
	show_set(o, "quote_signature", sig);
	show_set(key, "x", show_hex(q->att_key.x, 32));
	show_set(key, "y", show_hex(q->att_key.y, 32));
	show_set(o, "attestation_key", key);
	show_set(o, "qe_report", show_report_body(&q->qe_report));
	sig = json_object();
	show_set(sig, "r", show_hex(q->qe_report_sig.r, 32));
	show_set(sig, "s", show_hex(q->qe_report_sig.s, 32));
	show_set(o, "qe_report_signature", sig);
	show_set(o, "qe_auth_data",
	    show_hex(q->qe_auth_data.p, q->qe_auth_data.len));
	show_set(o, "certification_data", show_cert_data(q));
	return o;
}

static json_t *
show_dcap(const struct ra_dcap_quote *q, size_t len)
{
	static const uint8_t intel[] = RA_DCAP_INTEL_QE_VENDOR_ID;
	json_t *o = json_object(), *h = json_object();
	const char *tee = q->tee_type == RA_DCAP_TEE_TDX ? "TDX" : "SGX";
	char kind[64];

	snprintf(
	    kind, sizeof(kind), "DCAP ECDSA quote v%u (%s)", q->version, tee);
	show_set(o, "kind", json_string(kind));
	show_set(o, "length", show_uint(len));
	show_set(h, "version", show_uint(q->version));
	show_set(h, "att_key_type", json_string("2 (ECDSA-256-with-P-256)"));
	show_set(h, "tee_type", show_flags(q->tee_type, 8));
	show_set(h, "qe_svn", show_uint(q->qe_svn));
	show_set(h, "pce_svn", show_uint(q->pce_svn));
	show_set(h, "qe_vendor_id", show_hex(q->qe_vendor_id, 16));
	show_set(h, "qe_vendor",
	    json_string(
	        memcmp(q->qe_vendor_id, intel, 16) == 0 ? "Intel" : "unknown"));
	show_set(h, "user_data", show_hex(q->user_data, 20));
	show_set(o, "header", h);
	if (q->body_type == RA_DCAP_BODY_SGX) {
		show_set(o, "report_body", show_report_body(&q->body.sgx));
	} else {
		show_set(o, "td_report", show_td_report(&q->body.td));
	}
	show_set(o, "signature_data", show_sig_data(q));
	if (q->padding_len != 0) {
		show_set(o, "zero_padding", show_uint(q->padding_len));
	}
	return o;
}

static uint32_t
le32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

/* Which id of a DCAP quote is unknown, and where; then exit. */
static void
version_fail(const char *name, const uint8_t *buf, size_t len)
{
	unsigned int version = (unsigned int)(buf[0] | buf[1] << 8);
	unsigned int akt = (unsigned int)(buf[2] | buf[3] << 8);
	uint32_t tee = le32(buf + 4);

	if (akt != RA_DCAP_ATT_KEY_ECDSA_P256) {
		errx(EXIT_FAIL,
		    "%s: att_key_type %u at offset 2: only 2 "
		    "(ECDSA-256-with-P-256) is defined",
		    name, akt);
	}
	if (tee != RA_DCAP_TEE_SGX && tee != RA_DCAP_TEE_TDX) {
		errx(EXIT_FAIL,
		    "%s: tee_type 0x%08x at offset 4: only 0 (SGX) "
		    "and 0x81 (TDX) are defined",
		    name, tee);
	}
	if (version == 3 && tee == RA_DCAP_TEE_TDX) {
		errx(EXIT_FAIL,
		    "%s: tee_type TDX (offset 4) in a v3 quote: "
		    "TDX quotes are v4 or v5",
		    name);
	}
	if (version == 5 && len >= 50) {
		unsigned int bt = (unsigned int)(buf[48] | buf[49] << 8);

		if (bt < 1 || bt > 3 ||
		    (bt == RA_DCAP_BODY_SGX) != (tee == RA_DCAP_TEE_SGX)) {
			errx(EXIT_FAIL,
			    "%s: body type %u at offset 48 does "
			    "not fit tee_type 0x%08x",
			    name, bt, tee);
		}
	}
	errx(EXIT_FAIL,
	    "%s: unknown certification data type: v3 quotes "
	    "carry types 1..5, v4/v5 quotes type 6 wrapping 1..5",
	    name);
}

/* Say what is wrong with a DCAP quote, and where, then exit. */
static void
dcap_fail(const char *name, const uint8_t *buf, size_t len, enum ra_err e)
{
	size_t want = 0;
	enum ra_err le = ra_dcap_quote_len(&want, buf, len);

	if (len < RA_DCAP_HEADER_LEN) {
		errx(EXIT_FAIL,
		    "%s: truncated: %zu bytes, a DCAP quote header "
		    "alone is %d",
		    name, len, RA_DCAP_HEADER_LEN);
	}
	if (le == RA_OK && want < len) {
		errx(EXIT_FAIL,
		    "%s: %zu trailing bytes at offset %zu after "
		    "the %zu bytes the quote declares",
		    name, len - want, want, want);
	}
	if (le == RA_ERR_FORMAT) {
		errx(EXIT_FAIL,
		    "%s: truncated: the length fields point past "
		    "the end of the file (%zu bytes)",
		    name, len);
	}
	if (e == RA_ERR_VERSION) {
		version_fail(name, buf, len);
	}
	errx(EXIT_FAIL,
	    "%s: malformed DCAP quote v%u (%zu bytes): a length "
	    "field disagrees with the data inside the %zu bytes "
	    "it declares",
	    name, (unsigned)(buf[0] | buf[1] << 8), len, want);
}

static void
epid_fail(const char *name, const uint8_t *buf, size_t len, enum ra_err e)
{
	uint32_t sl;

	if (len < RA_EPID_QUOTE_MIN_LEN) {
		errx(EXIT_FAIL,
		    "%s: truncated: %zu bytes, an EPID quote needs "
		    "at least %d (offset %zu is past the end)",
		    name, len, RA_EPID_QUOTE_MIN_LEN, len);
	}
	sl = (uint32_t)buf[432] | (uint32_t)buf[433] << 8 |
	    (uint32_t)buf[434] << 16 | (uint32_t)buf[435] << 24;
	if (e == RA_ERR_FORMAT && (uint64_t)sl + 436 != len) {
		errx(EXIT_FAIL,
		    "%s: signature_len (offset 432) is %u: the "
		    "quote would be %llu bytes, the file has %zu",
		    name, sl, (unsigned long long)sl + 436, len);
	}
	errx(EXIT_FAIL,
	    "%s: bad EPID quote: %s (sign_type at offset 2 is "
	    "%u)",
	    name, ra_strerror(e), (unsigned)(buf[2] | buf[3] << 8));
}

/*
 * A DCAP quote file. Bytes after what the quote declares are not part of
 * it (go-tdx-guest appends some on purpose to its test quote): show
 * decodes the quote, lists them, and warns; a verifier refuses such a
 * file.
 */
static void
show_dcap_file(const char *path, const uint8_t *buf, size_t len, bool as_json)
{
	struct ra_dcap_quote *q = xmalloc(sizeof(*q));
	enum ra_err e = ra_dcap_quote_parse(q, buf, len);
	size_t want = 0;
	json_t *o;

	if (e == RA_ERR_FORMAT && ra_dcap_quote_len(&want, buf, len) == RA_OK &&
	    want < len && ra_dcap_quote_parse(q, buf, want) == RA_OK) {
		warnx("%s: %zu bytes at offset %zu are not part of the quote "
		      "(shown as trailing_bytes)",
		    path, len - want, want);
		o = show_dcap(q, want);
		show_set(o, "trailing_bytes", show_hex(buf + want, len - want));
		show_emit(o, as_json);
		free(q);
		return;
	}
	if (e != RA_OK) {
		dcap_fail(path, buf, len, e);
	}
	show_emit(show_dcap(q, len), as_json);
	free(q);
}

int
cmd_quote_show(int argc, char **argv)
{
	bool as_json = false, hex = false;
	const char *path = NULL;
	uint8_t *buf;
	size_t len;
	uint16_t version;
	int i;

	if (wants_help(argc, argv, quote_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else if (is_opt(argv[i], "--hex")) {
			hex = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			warnx("unknown option %s", argv[i]);
			return usage(quote_usage);
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage(quote_usage);
		}
	}
	if (path == NULL) {
		return usage(quote_usage);
	}
	buf = read_input(path, TOOL_MAX_INPUT, &len);
	if (hex) {
		len = unhex_in_place(path, buf, len);
	}
	if (len < 2) {
		errx(EXIT_FAIL, "%s: %zu bytes: not a quote", path, len);
	}
	version = (uint16_t)(buf[0] | buf[1] << 8);
	if (version == 1 || version == 2) {
		struct ra_epid_quote q;
		enum ra_err e = ra_epid_quote_parse(&q, buf, len);

		if (e != RA_OK) {
			epid_fail(path, buf, len, e);
		}
		show_emit(show_epid(&q, len), as_json);
	} else if (version >= 3 && version <= 5) {
		show_dcap_file(path, buf, len, as_json);
	} else {
		errx(EXIT_FAIL,
		    "%s: unknown quote version %u at offset 0 "
		    "(EPID quotes are 1 or 2, DCAP quotes 3, 4 or 5)",
		    path, version);
	}
	free(buf);
	return EXIT_OK;
}
