/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/avr: IAS attestation report verification (oasis-core's real v4
 * report: percent-decoding, PEM, the chain to Intel's root, RSA-2048 over
 * the body, JSON) against the same run's bare RSA-2048 PKCS#1 v1.5
 * verify of the body with the same key; and the JSON parse alone against
 * jansson's load of the same body.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "bench.h"
#include "sgxra/crypto.h"
#include "sgxra/encode.h"
#include "sgxra/ias.h"
#include "sgxra/x509.h"
#include "test.h"

#define SET  "tests/data/real/ias/oasis-core/"
#define ROOT "tests/data/real/roots/ias_attestation_report_signing_ca.pem"
#define WHEN 1589188935

struct avr_arg {
	uint8_t *body;
	size_t body_len;
	char *sig, *certs;
	size_t sig_len, certs_len;
	uint8_t raw_sig[256];
	struct ra_x509 *root;
	struct ra_rsa_key *key;
};

static char *
load(const char *rel, size_t *len)
{
	uint8_t *b = test_read_file(test_path(rel), len);
	char *t;

	if (b == NULL || (t = realloc(b, *len + 1)) == NULL) {
		fprintf(stderr, "bench/avr: cannot read %s\n", rel);
		exit(1);
	}
	t[*len] = '\0';
	while (*len > 0 && t[*len - 1] == '\n') {
		t[--*len] = '\0';
	}
	return t;
}

static void
avr_verify(void *arg)
{
	struct avr_arg *a = arg;
	struct ra_avr avr;

	if (ra_avr_verify(&avr, NULL, a->body, a->body_len, a->sig, a->sig_len,
	        a->certs, a->certs_len, a->root, WHEN) != RA_OK) {
		abort();
	}
	bench_use(&avr, sizeof(avr));
}

static void
rsa_verify(void *arg)
{
	struct avr_arg *a = arg;
	struct ra_hash256 h;

	ra_sha256(&h, a->body, a->body_len);
	if (ra_rsa_verify_sha256(a->key, &h, a->raw_sig, 256) != RA_OK) {
		abort();
	}
}

static void
avr_parse(void *arg)
{
	struct avr_arg *a = arg;
	struct ra_avr avr;

	if (ra_avr_json_parse(&avr, a->body, a->body_len) != RA_OK) {
		abort();
	}
	bench_use(&avr, sizeof(avr));
}

static void
jansson_load(void *arg)
{
	struct avr_arg *a = arg;
	json_error_t e;
	json_t *j = json_loadb((const char *)a->body, a->body_len, 0, &e);

	if (j == NULL) {
		abort();
	}
	json_decref(j);
}

static void
setup(struct avr_arg *a)
{
	size_t n, rl;
	char *root = load(ROOT, &rl);
	char *leaf = load(SET "avr_v4/avr_signing_cert.pem", &n);
	struct ra_x509 *cert = NULL;

	a->body = (uint8_t *)load(SET "avr_v4/avr_body.json", &a->body_len);
	a->sig = load(SET "avr_v4/avr_signature.b64", &a->sig_len);
	a->certs = load(SET "avr_certificates_urlencoded.pem", &a->certs_len);
	if (ra_x509_from_pem(&a->root, root, rl) != RA_OK ||
	    ra_x509_from_pem(&cert, leaf, n) != RA_OK ||
	    ra_x509_pub_rsa(cert, &a->key) != RA_OK ||
	    ra_base64_decode(a->raw_sig, sizeof(a->raw_sig), &n, a->sig,
	        a->sig_len) != RA_OK) {
		fprintf(stderr, "bench/avr: bad test data\n");
		exit(1);
	}
	ra_x509_free(cert);
	free(root);
	free(leaf);
}

int
main(void)
{
	struct avr_arg a;
	double o, f;
	bool ok = true;

	memset(&a, 0, sizeof(a));
	setup(&a);
	f = bench_rate(rsa_verify, &a, 5, 200, 20);
	o = bench_rate(avr_verify, &a, 5, 300, 20);
	/* the chain (an RSA-3072 signature, two certificates to decode)
	 * and the JSON cost several RSA-2048 verifies: no target */
	ok &= bench_report("avr", "verify-v4-1065B", o, "op/s",
	    "rsa2048-verify", f, "op/s", o / f, 0, 0);
	f = bench_rate(jansson_load, &a, 5, 200, 100);
	o = bench_rate(avr_parse, &a, 5, 200, 100);
	ok &= bench_report("avr", "json-parse-v4", o, "op/s", "jansson-load", f,
	    "op/s", o / f, 0, 0);
	ra_rsa_key_free(a.key);
	ra_x509_free(a.root);
	free(a.body);
	free(a.sig);
	free(a.certs);
	return ok ? 0 : 1;
}
