/* SPDX-License-Identifier: BSD-3-Clause */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dcap_sets.h"
#include "test.h"

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

char **
test_dcap_set_names(size_t *n)
{
	char path[1024], **names;
	DIR *d = opendir(test_path(TEST_DCAP_DIR));
	struct dirent *e;
	size_t cap = 64;
	FILE *f;

	*n = 0;
	if (d == NULL) {
		return NULL;
	}
	names = calloc(cap, sizeof(*names));
	assert_non_null(names);
	while ((e = readdir(d)) != NULL && *n < cap) {
		if (e->d_name[0] == '.') {
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s/expected.json",
		    TEST_DCAP_DIR, e->d_name);
		if ((f = fopen(test_path(path), "rb")) == NULL) {
			continue;
		}
		fclose(f);
		names[(*n)++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, *n, sizeof(*names), cmp_names);
	return names;
}

/* A file of the set, or NULL if absent; kept for freeing. */
static uint8_t *
set_file(struct test_dcap_set *s, const char *file, size_t *len)
{
	char rel[1024];
	uint8_t *b;

	snprintf(rel, sizeof(rel), "%s/%s/%s", TEST_DCAP_DIR, s->name, file);
	b = test_read_file(test_path(rel), len);
	if (b != NULL) {
		assert_true(
		    s->n_owned < sizeof(s->owned) / sizeof(s->owned[0]));
		s->owned[s->n_owned++] = b;
	}
	return b;
}

/* The first of two file names that exists, as a view. */
static struct ra_bytes
either(struct test_dcap_set *s, const char *a, const char *b)
{
	size_t len = 0;
	uint8_t *p = set_file(s, a, &len);

	if (p == NULL && b != NULL) {
		p = set_file(s, b, &len);
	}
	return (struct ra_bytes){ p, p != NULL ? len : 0 };
}

static void
signed_doc(struct test_dcap_set *s, const char *a, const char *b,
    const char *key, struct ra_bytes *text, struct ra_ec256_sig *sig)
{
	struct ra_bytes doc = either(s, a, b);
	struct ra_signed_doc sd;

	assert_non_null(doc.p);
	assert_ra_ok(
	    ra_collateral_split(&sd, (const char *)doc.p, doc.len, key));
	*text = sd.body;
	*sig = sd.sig;
}

/* Intel's QVL samples keep the PCK certificate apart from its chain. */
static void
pck_chain(struct test_dcap_set *s)
{
	struct ra_bytes leaf = either(s, "pckCert.pem", NULL);
	struct ra_bytes rest = either(s, "pckSignChain.pem", NULL);
	uint8_t *j;

	if (leaf.p == NULL || rest.p == NULL) {
		return;
	}
	j = malloc(leaf.len + rest.len);
	assert_non_null(j);
	memcpy(j, leaf.p, leaf.len);
	memcpy(j + leaf.len, rest.p, rest.len);
	s->owned[s->n_owned++] = j;
	s->coll.pck_chain = (struct ra_bytes){ j, leaf.len + rest.len };
}

static void
load_collateral(struct test_dcap_set *s)
{
	struct ra_dcap_collateral *c = &s->coll;

	c->pck_crl_issuer_chain = either(s, "pck_crl_issuer_chain.pem", NULL);
	c->root_ca_crl = either(s, "root_ca_crl.der", "rootCaCrl.der");
	c->pck_crl = either(s, "pck_crl.der", "intermediateCaCrl.der");
	c->tcb_info_issuer_chain =
	    either(s, "tcb_info_issuer_chain.pem", "tcbSignChain.pem");
	c->qe_identity_issuer_chain =
	    either(s, "qe_identity_issuer_chain.pem", "tcbSignChain.pem");
	signed_doc(s, "tcb_info.json", "tcbInfo.json", "tcbInfo", &c->tcb_info,
	    &c->tcb_info_sig);
	signed_doc(s, "qe_identity.json", "qeIdentity.json", "enclaveIdentity",
	    &c->qe_identity, &c->qe_identity_sig);
	pck_chain(s);
}

static void
load_qvl(struct test_dcap_set *s)
{
	struct ra_bytes j = either(s, "collateral.dcap-qvl.json", NULL);
	uint8_t *arena;

	if (j.p == NULL) {
		return;
	}
	arena = malloc(j.len);
	assert_non_null(arena);
	s->owned[s->n_owned++] = arena;
	assert_ra_ok(ra_collateral_parse_qvl(
	    &s->qvl, arena, j.len, (const char *)j.p, j.len));
	s->has_qvl = true;
}

/* The anchor: "../../roots/x.der", or the set's "trustedRootCaCert.pem". */
static void
load_anchor(struct test_dcap_set *s)
{
	const char *a = test_dcap_str(s, "trust_anchor");
	char rel[1024];

	assert_non_null(a);
	if (strncmp(a, "trustedRootCaCert.pem", 21) == 0) {
		struct ra_bytes b = either(s, "trustedRootCaCert.pem", NULL);

		s->anchor = (uint8_t *)(uintptr_t)b.p;
		s->anchor_len = b.len;
		return;
	}
	assert_true(strncmp(a, "../../", 6) == 0);
	snprintf(rel, sizeof(rel), "tests/data/real/%s", a + 6);
	s->anchor = test_load(rel, &s->anchor_len);
	s->owned[s->n_owned++] = s->anchor;
}

static int64_t
pinned_time(const struct test_dcap_set *s)
{
	const json_t *t =
	    json_object_get(s->expected, "verification_time_unix");

	if (t == NULL) {
		t = json_object_get(
		    s->expected, "suggested_verification_time_unix");
	}
	assert_true(json_is_integer(t));
	return (int64_t)json_integer_value(t);
}

void
test_dcap_set_load(struct test_dcap_set *s, const char *name)
{
	json_error_t jerr;
	char rel[1024];
	struct ra_bytes q;

	memset(s, 0, sizeof(*s));
	snprintf(s->name, sizeof(s->name), "%s", name);
	snprintf(rel, sizeof(rel), "%s/%s/expected.json", TEST_DCAP_DIR, name);
	s->expected = json_load_file(test_path(rel), 0, &jerr);
	if (s->expected == NULL) {
		fail_msg("%s: %s", rel, jerr.text);
	}
	q = either(s, "quote.bin", "quote.dat");
	assert_non_null(q.p);
	s->quote = (uint8_t *)(uintptr_t)q.p;
	s->quote_len = q.len;
	s->time = pinned_time(s);
	s->no_crl = json_object_get(s->expected, "missing_collateral") != NULL;
	load_anchor(s);
	load_collateral(s);
	load_qvl(s);
}

void
test_dcap_set_free(struct test_dcap_set *s)
{
	size_t i;

	for (i = 0; i < s->n_owned; i++) {
		free(s->owned[i]);
	}
	json_decref(s->expected);
	memset(s, 0, sizeof(*s));
}

struct ra_dcap_verifier *
test_dcap_verifier(const struct test_dcap_set *s, unsigned int extra)
{
	struct ra_dcap_verifier *vf = NULL;

	assert_ra_ok(ra_dcap_verify_new(&vf, s->anchor, s->anchor_len,
	    (s->no_crl ? RA_DCAP_OPT_NO_CRL : 0) | extra));
	return vf;
}

const char *
test_dcap_str(const struct test_dcap_set *s, const char *path)
{
	char buf[256], *p, *dot;
	const json_t *o = s->expected;

	snprintf(buf, sizeof(buf), "%s", path);
	for (p = buf; (dot = strchr(p, '.')) != NULL; p = dot + 1) {
		*dot = '\0';
		o = json_object_get(o, p);
	}
	return json_string_value(json_object_get(o, p));
}
