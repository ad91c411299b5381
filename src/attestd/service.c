/* SPDX-License-Identifier: BSD-3-Clause */
/* The front's shared pieces: public material, keeper calls, time. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "attestd.h"
#include "files.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/encode.h"

#define PUBLIC_MAX ((size_t)32 * 1024)

int64_t
attestd_now(void)
{
	return (int64_t)time(NULL);
}

int64_t
attestd_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

enum ra_err
attestd_keeper(struct attestd *ad, uint32_t type, const struct ra_bytes *in,
    size_t n, uint8_t *out, size_t cap, size_t *out_len)
{
	char msg[KEEPER_MSG_MAX + 1];
	enum ra_err err;

	err = keeper_call(
	    ad->keeper, type, in, n, out, cap, out_len, msg, sizeof(msg));
	if (err != RA_OK && (err == RA_ERR_IO || type != K_UNWRAP)) {
		log_warnx("keeper request %u: %s%s%s", type, ra_errname(err),
		    msg[0] != '\0' ? ": " : "", msg);
	}
	return err;
}

char *
attestd_url_encode(const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	char *out = malloc(3 * len + 1), *o = out;
	size_t i;

	if (out == NULL) {
		return NULL;
	}
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (isalnum(c) || c == '-' || c == '.' || c == '_' ||
		    c == '~') {
			*o++ = (char)c;
		} else {
			*o++ = '%';
			*o++ = hex[c >> 4];
			*o++ = hex[c & 15];
		}
	}
	*o = '\0';
	return out;
}

static enum ra_err
load_token(struct attestd *ad, char *why, size_t cap)
{
	char path[PATH_MAX];
	uint8_t *buf;
	size_t len;
	enum ra_err err;

	if ((err = files_join(
	         path, sizeof(path), ad->cfg.state, "admin.token")) != RA_OK ||
	    (err = files_read(path, 256, true, &buf, &len, why, cap)) !=
	        RA_OK) {
		return err;
	}
	while (len > 0 && isspace(buf[len - 1])) {
		len--;
	}
	if (len < 16) {
		snprintf(why, cap, "%s: the token is too short", path);
		files_free(buf, len);
		return RA_ERR_FORMAT;
	}
	ra_sha256(&ad->admin_token_hash, buf, len);
	files_free(buf, len);
	return RA_OK;
}

/* a || b as a NUL-terminated string; NULL without memory. */
static char *
concat(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	char *both = malloc(a_len + b_len + 1);

	if (both == NULL) {
		return NULL;
	}
	memcpy(both, a, a_len);
	memcpy(both + a_len, b, b_len);
	both[a_len + b_len] = '\0';
	return both;
}

/* a || b, URL-encoded (an issuer chain header); NULL without memory. */
static char *
chain_header(const uint8_t *a, size_t a_len, const uint8_t *b, size_t b_len)
{
	char *both = concat(a, a_len, b, b_len), *h;

	if (both == NULL) {
		return NULL;
	}
	h = attestd_url_encode(both, a_len + b_len);
	free(both);
	return h;
}

/* The DCAP certificates (K_DCAP_PUBLIC) as the PCS headers carry them. */
static enum ra_err
load_dcap_public(struct attestd *ad, char *why, size_t cap)
{
	uint8_t *buf = malloc(PUBLIC_MAX);
	const uint8_t *pem[3];
	uint32_t n[3];
	struct ra_cur c;
	size_t len = 0, i;
	enum ra_err err;

	if (buf == NULL) {
		return RA_ERR_NOMEM;
	}
	if ((err = keeper_call(ad->keeper, K_DCAP_PUBLIC, NULL, 0, buf,
	         PUBLIC_MAX, &len, why, cap)) != RA_OK) {
		free(buf);
		return err;
	}
	c = ra_cur_init(buf, len);
	for (i = 0; i < 3; i++) {
		n[i] = ra_cur_u32be(&c);
		pem[i] = ra_cur_take(&c, n[i]);
	}
	if (ra_cur_finish(&c) != RA_OK) {
		snprintf(why, cap, "bad DCAP certificates from the keeper");
		free(buf);
		return RA_ERR_FORMAT;
	}
	/* root, Platform CA, TCB Signing: chains are issuer-last */
	ad->dcap_ca_chain = chain_header(pem[1], n[1], pem[0], n[0]);
	ad->dcap_signer_chain = chain_header(pem[2], n[2], pem[0], n[0]);
	ad->dcap_ca_pem = concat(pem[1], n[1], pem[0], n[0]);
	ad->dcap_signer_pem = concat(pem[2], n[2], pem[0], n[0]);
	/* the DCAP report endpoint verifies under the emulated root */
	err = ra_dcap_verify_new(&ad->dcap_vf, pem[0], n[0], 0);
	free(buf);
	if (err != RA_OK) {
		snprintf(why, cap, "the DCAP root does not load (%s)",
		    ra_errname(err));
		return err;
	}
	return ad->dcap_ca_chain != NULL && ad->dcap_signer_chain != NULL &&
	        ad->dcap_ca_pem != NULL && ad->dcap_signer_pem != NULL
	    ? RA_OK
	    : RA_ERR_NOMEM;
}

enum ra_err
attestd_load_public(struct attestd *ad, char *why, size_t cap)
{
	uint8_t *buf = malloc(PUBLIC_MAX);
	const uint8_t *pem, *mod, *xy;
	struct ra_cur c;
	size_t len = 0;
	uint32_t n;
	enum ra_err err;

	if (buf == NULL) {
		return RA_ERR_NOMEM;
	}
	if ((err = keeper_call(ad->keeper, K_PUBLIC, NULL, 0, buf, PUBLIC_MAX,
	         &len, why, cap)) != RA_OK) {
		free(buf);
		return err;
	}
	c = ra_cur_init(buf, len);
	n = ra_cur_u32be(&c);
	pem = ra_cur_take(&c, n);
	mod = ra_cur_take(&c, sizeof(ad->quote_modulus));
	xy = ra_cur_take(&c, 64);
	if (ra_cur_finish(&c) != RA_OK || pem == NULL) {
		snprintf(why, cap, "bad public material from the keeper");
		free(buf);
		return RA_ERR_FORMAT;
	}
	memcpy(ad->quote_modulus, mod, sizeof(ad->quote_modulus));
	memcpy(ad->epid_sign_pub, xy, 64);
	ad->cert_pem = malloc((size_t)n + 1);
	ad->cert_header = attestd_url_encode((const char *)pem, n);
	if (ad->cert_pem == NULL || ad->cert_header == NULL) {
		free(buf);
		attestd_free_public(ad);
		return RA_ERR_NOMEM;
	}
	memcpy(ad->cert_pem, pem, n);
	ad->cert_pem[n] = '\0';
	free(buf);
	if ((err = load_dcap_public(ad, why, cap)) != RA_OK ||
	    (err = load_token(ad, why, cap)) != RA_OK) {
		attestd_free_public(ad);
	}
	return err;
}

void
attestd_free_public(struct attestd *ad)
{
	free(ad->cert_pem);
	free(ad->cert_header);
	free(ad->dcap_ca_chain);
	free(ad->dcap_signer_chain);
	free(ad->dcap_ca_pem);
	free(ad->dcap_signer_pem);
	ra_dcap_verify_free(ad->dcap_vf);
	ad->dcap_ca_pem = NULL;
	ad->dcap_signer_pem = NULL;
	ad->dcap_vf = NULL;
	ad->cert_pem = NULL;
	ad->cert_header = NULL;
	ad->dcap_ca_chain = NULL;
	ad->dcap_signer_chain = NULL;
}

bool
admin_authorized(struct attestd *ad, const struct httpd_req *req)
{
	const char *a = httpd_req_header(req, "Authorization");
	struct ra_hash256 h;

	if (a == NULL || strncmp(a, "Bearer ", 7) != 0) {
		return false;
	}
	ra_sha256(&h, a + 7, strlen(a + 7));
	return ra_ct_eq(h.b, ad->admin_token_hash.b, sizeof(h.b));
}

void
attestd_send_json(struct httpd_resp *w, int status, json_t *o)
{
	char *s = o != NULL ? json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER)
	                    : NULL;

	json_decref(o);
	if (s == NULL || httpd_resp_body(w, s, strlen(s)) != RA_OK) {
		free(s);
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	free(s);
	httpd_resp_status(w, status);
}

json_t *
attestd_parse_body(const struct httpd_req *req, struct httpd_resp *w)
{
	json_error_t e;
	json_t *o;

	if (req->body_len == 0) {
		httpd_resp_error(
		    w, 400, "bad_request", "a JSON body is needed");
		return NULL;
	}
	o = json_loadb(
	    (const char *)req->body, req->body_len, JSON_REJECT_DUPLICATES, &e);
	if (o == NULL || !json_is_object(o)) {
		httpd_resp_error(w, 400, "bad_request",
		    "the body is not a JSON object%s%s", o == NULL ? ": " : "",
		    o == NULL ? e.text : "");
		json_decref(o);
		return NULL;
	}
	return o;
}

bool
attestd_hex_field(
    json_t *o, const char *key, uint8_t *out, size_t n, struct httpd_resp *w)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);

	if (s == NULL || strlen(s) != 2 * n ||
	    ra_hex_decode_exact(out, n, s, 2 * n) != RA_OK) {
		httpd_resp_error(w, 400, "bad_request",
		    "%s must be %zu hex digits", key, 2 * n);
		return false;
	}
	return true;
}

bool
attestd_b64_field(
    json_t *o, const char *key, uint8_t *out, size_t n, struct httpd_resp *w)
{
	json_t *v = json_object_get(o, key);
	const char *s = json_string_value(v);
	size_t got;

	if (s == NULL ||
	    ra_base64_decode(out, n, &got, s, strlen(s)) != RA_OK || got != n) {
		httpd_resp_error(w, 400, "bad_request",
		    "%s must be the base64 of %zu bytes", key, n);
		return false;
	}
	return true;
}

json_t *
attestd_b64_json(const uint8_t *p, size_t n)
{
	size_t cap = RA_BASE64_LEN(n) + 1;
	char *s = malloc(cap);
	json_t *j = NULL;

	if (s != NULL && ra_base64_encode(s, cap, p, n) == RA_OK) {
		j = json_string(s);
	}
	free(s);
	return j;
}

bool
attestd_parse_gid(const char *s, uint32_t *gid)
{
	uint8_t b[4];

	if (s == NULL || strlen(s) != 8 ||
	    ra_hex_decode_exact(b, 4, s, 8) != RA_OK) {
		return false;
	}
	*gid = (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	    (uint32_t)b[2] << 8 | b[3];
	return true;
}
