/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Collateral from files for `sgxra quote verify --collateral DIR|FILE`:
 * the PCS layout, Intel QVL's sample names, or Phala dcap-qvl's JSON.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "collateral.h"
#include "sgxra.h"

static uint8_t *
keep(struct tool_coll *tc, uint8_t *p)
{
	if (tc->n_owned == sizeof(tc->owned) / sizeof(tc->owned[0])) {
		errx(EXIT_FAIL, "too many collateral files");
	}
	tc->owned[tc->n_owned++] = p;
	return p;
}

/* dir/name if it exists, as a view; {NULL, 0} if it does not. */
static struct ra_bytes
file_in(struct tool_coll *tc, const char *dir, const char *name)
{
	char path[4096];
	struct stat st;
	size_t len;
	uint8_t *p;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (stat(path, &st) != 0) {
		return (struct ra_bytes){ NULL, 0 };
	}
	p = keep(tc, read_input(path, TOOL_MAX_INPUT, &len));
	return (struct ra_bytes){ p, len };
}

/* The first of the names that exists in dir. */
static struct ra_bytes
first_of(struct tool_coll *tc, const char *dir, const char *const *names)
{
	struct ra_bytes b = { NULL, 0 };

	for (; *names != NULL && b.p == NULL; names++) {
		b = file_in(tc, dir, *names);
	}
	return b;
}

static void
signed_doc(struct tool_coll *tc, const char *dir, const char *const *names,
    const char *key, struct ra_bytes *text, struct ra_ec256_sig *sig)
{
	struct ra_bytes doc = first_of(tc, dir, names);
	struct ra_signed_doc sd;
	enum ra_err e;

	if (doc.p == NULL) {
		return; /* absent: the verifier names it */
	}
	e = ra_collateral_split(&sd, (const char *)doc.p, doc.len, key);
	if (e != RA_OK) {
		die_ra(e,
		    "%s/%s: not a PCS document {\"%s\": {...}, "
		    "\"signature\": \"<128 hex>\"}",
		    dir, names[0], key);
	}
	*text = sd.body;
	*sig = sd.sig;
}

/* pckCert.pem followed by pckSignChain.pem (Intel's sample names). */
static struct ra_bytes
sample_pck_chain(struct tool_coll *tc, const char *dir)
{
	struct ra_bytes leaf = file_in(tc, dir, "pckCert.pem");
	struct ra_bytes rest = file_in(tc, dir, "pckSignChain.pem");
	uint8_t *j;

	if (leaf.p == NULL || rest.p == NULL) {
		return (struct ra_bytes){ NULL, 0 };
	}
	j = keep(tc, xmalloc(leaf.len + rest.len));
	memcpy(j, leaf.p, leaf.len);
	memcpy(j + leaf.len, rest.p, rest.len);
	return (struct ra_bytes){ j, leaf.len + rest.len };
}

static void
load_qvl(struct tool_coll *tc, const char *path)
{
	size_t len;
	uint8_t *json = keep(tc, read_input(path, TOOL_MAX_INPUT, &len));
	uint8_t *arena = keep(tc, xmalloc(len + 1));
	enum ra_err e;

	e = ra_collateral_parse_qvl(
	    &tc->c, arena, len, (const char *)json, len);
	if (e != RA_OK) {
		die_ra(e, "%s: not dcap-qvl collateral JSON", path);
	}
}

static void
load_dir(struct tool_coll *tc, const char *dir)
{
	static const char *const root_crl[] = { "root_ca_crl.der",
		"root_ca_crl.pem", "rootCaCrl.der", "rootCaCrl.pem", NULL };
	static const char *const pck_crl[] = { "pck_crl.der", "pck_crl.pem",
		"intermediateCaCrl.der", "intermediateCaCrl.pem", NULL };
	static const char *const tcb_chain[] = { "tcb_info_issuer_chain.pem",
		"tcbSignChain.pem", NULL };
	static const char *const qe_chain[] = { "qe_identity_issuer_chain.pem",
		"tcbSignChain.pem", NULL };
	static const char *const crl_chain[] = { "pck_crl_issuer_chain.pem",
		NULL };
	static const char *const tcb[] = { "tcb_info.json", "tcbInfo.json",
		NULL };
	static const char *const qe[] = { "qe_identity.json", "qeIdentity.json",
		NULL };
	static const char *const chain[] = { "pck_chain.pem", NULL };
	struct ra_dcap_collateral *c = &tc->c;

	c->pck_crl_issuer_chain = first_of(tc, dir, crl_chain);
	c->root_ca_crl = first_of(tc, dir, root_crl);
	c->pck_crl = first_of(tc, dir, pck_crl);
	c->tcb_info_issuer_chain = first_of(tc, dir, tcb_chain);
	c->qe_identity_issuer_chain = first_of(tc, dir, qe_chain);
	signed_doc(tc, dir, tcb, "tcbInfo", &c->tcb_info, &c->tcb_info_sig);
	signed_doc(tc, dir, qe, "enclaveIdentity", &c->qe_identity,
	    &c->qe_identity_sig);
	c->pck_chain = first_of(tc, dir, chain);
	if (c->pck_chain.p == NULL) {
		c->pck_chain = sample_pck_chain(tc, dir);
	}
}

void
coll_load(struct tool_coll *tc, const char *path)
{
	char qvl[4096];
	struct stat st;

	memset(tc, 0, sizeof(*tc));
	tc->source = path;
	if (stat(path, &st) != 0) {
		err(EXIT_FAIL, "%s", path);
	}
	if (!S_ISDIR(st.st_mode)) {
		load_qvl(tc, path);
		return;
	}
	load_dir(tc, path);
	snprintf(qvl, sizeof(qvl), "%s/collateral.dcap-qvl.json", path);
	/* a directory with only the all-in-one file */
	if (tc->c.tcb_info.p == NULL && stat(qvl, &st) == 0) {
		load_qvl(tc, qvl);
	}
}

void
coll_free(struct tool_coll *tc)
{
	size_t i;

	for (i = 0; i < tc->n_owned; i++) {
		free(tc->owned[i]);
	}
	memset(tc, 0, sizeof(*tc));
}
