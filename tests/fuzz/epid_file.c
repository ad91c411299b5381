/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz the signed-file parsers (the SDK's issuer-material files, the SGX
 * SigRL, cacert.bin). Properties: a parsed file rebuilds the exact input
 * and its body is inside it; a parsed certificate rebuilds the input; the
 * body parses (or fails cleanly) as the structure its type names.
 */
#include <string.h>

#include "fuzz_epid.h"
#include "sgxra/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t out[1 << 17];

static void
body(const struct ra_epid_file *f)
{
	enum ra_epid_gid_width w =
	    f->form == RA_EPID_FORM_SGX ? RA_EPID_GID_SGX : RA_EPID_GID_SDK;
	struct ra_epid_group_pub pub;
	struct ra_epid_sigrl srl;
	struct ra_epid_privrl prl;
	struct ra_epid_grouprl grl;
	enum ra_err e = RA_OK;

	switch (f->type) {
	case RA_EPID_FILE_GROUP_PUB:
		e = ra_epid_group_pub_parse(&pub, f->body.p, f->body.len, w);
		FUZZ_ASSERT(
		    e == RA_OK || e == RA_ERR_FORMAT || e == RA_ERR_KEY);
		break;
	case RA_EPID_FILE_SIGRL:
		e = ra_epid_sigrl_parse(&srl, f->body.p, f->body.len, w);
		break;
	case RA_EPID_FILE_PRIVRL:
		e = ra_epid_privrl_parse(&prl, f->body.p, f->body.len, w);
		break;
	case RA_EPID_FILE_GROUPRL:
		e = ra_epid_grouprl_parse(&grl, f->body.p, f->body.len, w);
		break;
	default:
		break;
	}
	FUZZ_ASSERT(e == RA_OK || e == RA_ERR_FORMAT || e == RA_ERR_KEY);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_epid_file f;
	struct ra_epid_ca_cert cert;
	struct ra_buf ob = ra_buf_init(out, sizeof(out));

	if (size > sizeof(out)) {
		return 0;
	}
	if (ra_epid_file_parse(&f, data, size) == RA_OK) {
		FUZZ_ASSERT(f.body.len + 68 == size);
		FUZZ_ASSERT(f.signed_part.len == size - 64);
		FUZZ_ASSERT(ra_epid_file_build(&ob, &f) == RA_OK);
		FUZZ_ASSERT(ob.len == size && memcmp(out, data, size) == 0);
		body(&f);
	}
	ob = ra_buf_init(out, sizeof(out));
	if (ra_epid_ca_cert_parse(&cert, data, size) == RA_OK) {
		FUZZ_ASSERT(size == RA_EPID_CA_CERT_LEN);
		FUZZ_ASSERT(ra_epid_ca_cert_build(&ob, &cert) == RA_OK);
		FUZZ_ASSERT(ob.len == size && memcmp(out, data, size) == 0);
	}
	return 0;
}
