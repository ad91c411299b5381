/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DCAP verifier on mutations of a real quote (tests/data/real/dcap/
 * phala-sgx-v3, its collateral, its pinned time; verified through a cache,
 * as a service would). Property: the verifier never accepts a quote whose
 * signed content differs from the real one: an accept is only allowed if
 * the header and body, the attestation key, the QE report and the QE
 * authentication data are byte for byte the original's (what is left,
 * padding, trailing bytes and the PEM text around the certificates,
 * carries nothing); and a verdict always comes with a message.
 */
#include <stdio.h>

#include "fuzz.h"
#include "sgxra/verify.h"
#include "test.h"

#define SET "tests/data/real/dcap/phala-sgx-v3/"

static struct {
	bool ready;
	struct ra_dcap_verifier *vf;
	struct ra_dcap_cache *cache;
	struct ra_dcap_collateral coll;
	struct ra_dcap_quote q;
	uint8_t *quote;
	int64_t now;
} g;

static struct ra_bytes
file(const char *name)
{
	size_t len = 0;
	uint8_t *p = test_read_file(test_path(name), &len);

	fuzz_assert(p != NULL);
	return (struct ra_bytes){ p, len };
}

static void
doc(const char *name, const char *key, struct ra_bytes *text,
    struct ra_ec256_sig *sig)
{
	struct ra_bytes d = file(name);
	struct ra_signed_doc sd;

	fuzz_assert(
	    ra_collateral_split(&sd, (const char *)d.p, d.len, key) == RA_OK);
	*text = sd.body;
	*sig = sd.sig;
}

static void
setup(void)
{
	struct ra_bytes q = file(SET "quote.bin");

	g.coll.pck_crl_issuer_chain = file(SET "pck_crl_issuer_chain.pem");
	g.coll.root_ca_crl = file(SET "root_ca_crl.der");
	g.coll.pck_crl = file(SET "pck_crl.der");
	g.coll.tcb_info_issuer_chain = file(SET "tcb_info_issuer_chain.pem");
	g.coll.qe_identity_issuer_chain =
	    file(SET "qe_identity_issuer_chain.pem");
	doc(SET "tcb_info.json", "tcbInfo", &g.coll.tcb_info,
	    &g.coll.tcb_info_sig);
	doc(SET "qe_identity.json", "enclaveIdentity", &g.coll.qe_identity,
	    &g.coll.qe_identity_sig);
	fuzz_assert(ra_dcap_verify_new(&g.vf, NULL, 0, 0) == RA_OK);
	fuzz_assert(ra_dcap_cache_new(&g.cache, 64, NULL, NULL, 0) == RA_OK);
	g.quote = (uint8_t *)(uintptr_t)q.p;
	fuzz_assert(ra_dcap_quote_parse(&g.q, q.p, q.len) == RA_OK);
	g.now = 1752919277; /* expected.json verification_time_unix */
	g.ready = true;
}

static bool
same(struct ra_bytes a, struct ra_bytes b)
{
	return a.len == b.len && memcmp(a.p, b.p, a.len) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_dcap_verdict v;
	struct ra_dcap_quote *q;
	size_t n = 0;

	if (!g.ready) {
		setup();
	}
	fuzz_assert(ra_dcap_verify_quote(&v, g.vf, g.cache, data, size, &g.coll,
	                g.now) == RA_OK);
	fuzz_assert(v.msg[0] != '\0');
	if (v.fail != RA_DCAP_FAIL_NONE) {
		return 0;
	}
	q = malloc(sizeof(*q));
	fuzz_assert(q != NULL);
	fuzz_assert(ra_dcap_quote_len(&n, data, size) == RA_OK);
	fuzz_assert(ra_dcap_quote_parse(q, data, n) == RA_OK);
	fuzz_assert(same(q->signed_data, g.q.signed_data));
	fuzz_assert(same(q->qe_report_raw, g.q.qe_report_raw));
	fuzz_assert(same(q->qe_auth_data, g.q.qe_auth_data));
	fuzz_assert(memcmp(&q->att_key, &g.q.att_key, sizeof(q->att_key)) == 0);
	free(q);
	return 0;
}
