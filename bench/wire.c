/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * bench/wire: parsing cost of real quotes. The floor is SHA-256 over the
 * same bytes in the same run (any verifier hashes them at least once);
 * the target is that parsing costs no more than that hash (ratio >= 1:
 * parses per second at least hashes per second).
 */
#include <stdio.h>
#include <stdlib.h>

#include "bench.h"
#include "sgxra/crypto.h"
#include "sgxra/quote.h"
#include "test.h"

struct input {
	uint8_t *buf;
	size_t len;
};

static void
parse_dcap(void *arg)
{
	struct input *in = arg;
	struct ra_dcap_quote q;

	if (ra_dcap_quote_parse(&q, in->buf, in->len) != RA_OK) {
		abort();
	}
	bench_use(&q.att_key, sizeof(q.att_key));
}

static void
parse_epid(void *arg)
{
	struct input *in = arg;
	struct ra_epid_quote q;
	struct ra_epid_quote_sig s;

	if (ra_epid_quote_parse(&q, in->buf, in->len) != RA_OK ||
	    ra_epid_quote_sig_parse(&s, q.signature.p, q.signature.len) !=
	        RA_OK) {
		abort();
	}
	bench_use(&s.tag, sizeof(s.tag));
}

static void
hash(void *arg)
{
	struct input *in = arg;
	struct ra_hash256 h;

	ra_sha256(&h, in->buf, in->len);
	bench_use(&h, sizeof(h));
}

static bool
one(const char *name, const char *path, void (*fn)(void *))
{
	struct input in;
	double p, h;
	bool ok;

	in.buf = test_read_file(test_path(path), &in.len);
	if (in.buf == NULL) {
		fprintf(stderr, "bench/wire: cannot read %s\n", path);
		return false;
	}
	p = bench_rate(fn, &in, 7, 100, 1000);
	h = bench_rate(hash, &in, 7, 100, 1000);
	ok = bench_report("wire", name, p, "parse/s", "sha256-same-bytes", h,
	    "hash/s", p / h, 1.0, 0);
	free(in.buf);
	return ok;
}

int
main(void)
{
	bool ok = true;

	ok &= one("dcap-v3-sgx-4600B",
	    "tests/data/real/dcap/phala-sgx-v3/quote.bin", parse_dcap);
	ok &= one("dcap-v4-tdx-8000B",
	    "tests/data/real/dcap/automata-dcap-rs-tdx-v4/quote.bin",
	    parse_dcap);
	ok &= one("epid-v2-1116B",
	    "tests/data/real/epid-quotes/sbellem-sgx-iot/epid_quote.bin",
	    parse_epid);
	return ok ? 0 : 1;
}
