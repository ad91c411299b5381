/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "sgxra/encode.h"
#include "wire/json.h"
/* last: internal.h bans functions the headers above may declare */
#include "internal.h"

/*
 * Collateral envelopes: the PCS signed-document body {"tcbInfo": {...},
 * "signature": "hex"} (and "enclaveIdentity"), FORMATS.md §6.5 and §6.6;
 * and Phala dcap-qvl's QuoteCollateralV3 JSON (dcap-qvl src/lib.rs,
 * tests/data/real/PROVENANCE.md). A signature covers the exact text of
 * the inner object, so the split returns that text as a view, never a
 * re-serialisation.
 */

static enum ra_err
hex_sig(struct ra_ec256_sig *sig, const json_t *v)
{
	uint8_t raw[2 * RA_EC256_LEN];

	if (!json_is_string(v) ||
	    ra_hex_decode_exact(raw, sizeof(raw), json_string_value(v),
	        json_string_length(v)) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	memcpy(sig->r, raw, RA_EC256_LEN);
	memcpy(sig->s, raw + RA_EC256_LEN, RA_EC256_LEN);
	return RA_OK;
}

enum ra_err
ra_collateral_split(
    struct ra_signed_doc *out, const char *doc, size_t len, const char *key)
{
	json_t *root;
	enum ra_err err;

	if (out == NULL || key == NULL) {
		return RA_ERR_ARG;
	}
	memset(out, 0, sizeof(*out));
	if ((err = ra_json_load(&root, doc, len)) != RA_OK) {
		return err;
	}
	err = RA_ERR_FORMAT;
	if (json_object_size(root) == 2 &&
	    json_is_object(json_object_get(root, key)) &&
	    hex_sig(&out->sig, json_object_get(root, "signature")) == RA_OK) {
		err = ra_json_raw_member(&out->body, doc, len, key);
	}
	json_decref(root);
	return err;
}

/* Copy a string member's bytes into the arena and point v at them. */
static enum ra_err
put_string(struct ra_bytes *v, struct ra_buf *arena, const json_t *s)
{
	size_t n = json_string_length(s);
	uint8_t *p;

	if (!json_is_string(s) || n == 0) {
		return RA_ERR_FORMAT;
	}
	if ((p = ra_buf_reserve(arena, n)) == NULL) {
		return RA_ERR_SPACE;
	}
	memcpy(p, json_string_value(s), n);
	v->p = p;
	v->len = n;
	return RA_OK;
}

/* Decode a hex string member (a DER CRL) into the arena. */
static enum ra_err
put_hex(struct ra_bytes *v, struct ra_buf *arena, const json_t *s)
{
	size_t n = json_string_length(s), got = 0;
	uint8_t *p;

	if (!json_is_string(s) || n == 0 || n % 2 != 0) {
		return RA_ERR_FORMAT;
	}
	if ((p = ra_buf_reserve(arena, n / 2)) == NULL) {
		return RA_ERR_SPACE;
	}
	if (ra_hex_decode(p, n / 2, &got, json_string_value(s), n) != RA_OK ||
	    got != n / 2) {
		return RA_ERR_FORMAT;
	}
	v->p = p;
	v->len = got;
	return RA_OK;
}

static enum ra_err
parse_qvl(struct ra_dcap_collateral *c, struct ra_buf *a, const json_t *o)
{
	const json_t *pcc = json_object_get(o, "pck_certificate_chain");
	enum ra_err err;

	if ((err = put_string(&c->pck_crl_issuer_chain, a,
	         json_object_get(o, "pck_crl_issuer_chain"))) != RA_OK ||
	    (err = put_hex(&c->root_ca_crl, a,
	         json_object_get(o, "root_ca_crl"))) != RA_OK ||
	    (err = put_hex(&c->pck_crl, a, json_object_get(o, "pck_crl"))) !=
	        RA_OK ||
	    (err = put_string(&c->tcb_info_issuer_chain, a,
	         json_object_get(o, "tcb_info_issuer_chain"))) != RA_OK ||
	    (err = put_string(
	         &c->tcb_info, a, json_object_get(o, "tcb_info"))) != RA_OK ||
	    (err = hex_sig(&c->tcb_info_sig,
	         json_object_get(o, "tcb_info_signature"))) != RA_OK ||
	    (err = put_string(&c->qe_identity_issuer_chain, a,
	         json_object_get(o, "qe_identity_issuer_chain"))) != RA_OK ||
	    (err = put_string(&c->qe_identity, a,
	         json_object_get(o, "qe_identity"))) != RA_OK ||
	    (err = hex_sig(&c->qe_identity_sig,
	         json_object_get(o, "qe_identity_signature"))) != RA_OK) {
		return err;
	}
	if (pcc != NULL && !json_is_null(pcc)) {
		return put_string(&c->pck_chain, a, pcc);
	}
	return RA_OK;
}

enum ra_err
ra_collateral_parse_qvl(struct ra_dcap_collateral *c, uint8_t *arena,
    size_t cap, const char *json, size_t len)
{
	struct ra_buf a = ra_buf_init(arena, cap);
	json_t *root;
	enum ra_err err;

	if (c == NULL || (arena == NULL && cap != 0)) {
		return RA_ERR_ARG;
	}
	memset(c, 0, sizeof(*c));
	if ((err = ra_json_load(&root, json, len)) != RA_OK) {
		return err;
	}
	err = parse_qvl(c, &a, root);
	json_decref(root);
	if (err != RA_OK) {
		memset(c, 0, sizeof(*c));
	}
	return err;
}
