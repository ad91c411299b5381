/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The seed corpus of the wire/ fuzz targets, written by
 * tests/fuzz/gen-corpus from FORMATS.md offsets (not by our builders) or
 * copied from tests/data/real: every seed must parse, with the result
 * stated here. This ties the parsers to the spec's offsets a second time
 * and keeps the corpus from silently turning into rejected inputs.
 */
#include <string.h>

#include "sgxra/cursor.h"
#include "sgxra/dcap.h"
#include "sgxra/ias.h"
#include "sgxra/msg.h"
#include "sgxra/pib.h"
#include "sgxra/quote.h"
#include "sgxra/sgx.h"
#include "sgxra/sigrl.h"
#include "test.h"

#define FIXED_PARSER(name, type, fn)                            \
	static enum ra_err name(const uint8_t *buf, size_t len) \
	{                                                       \
		type x;                                         \
		struct ra_cur c = ra_cur_init(buf, len);        \
		enum ra_err err = fn(&x, &c);                   \
		return err != RA_OK ? err : ra_cur_finish(&c);  \
	}

#define WHOLE_PARSER(name, type, fn)                            \
	static enum ra_err name(const uint8_t *buf, size_t len) \
	{                                                       \
		type x;                                         \
		return fn(&x, buf, len);                        \
	}

FIXED_PARSER(parse_report, struct ra_report, ra_report_parse)
FIXED_PARSER(parse_targetinfo, struct ra_targetinfo, ra_targetinfo_parse)
FIXED_PARSER(parse_keyrequest, struct ra_keyrequest, ra_keyrequest_parse)
FIXED_PARSER(parse_secinfo, struct ra_secinfo, ra_secinfo_parse)
FIXED_PARSER(parse_sigstruct, struct ra_sigstruct, ra_sigstruct_parse)
FIXED_PARSER(parse_pib, struct ra_pib, ra_pib_parse)
WHOLE_PARSER(parse_epid, struct ra_epid_quote, ra_epid_quote_parse)
WHOLE_PARSER(parse_epid_sig, struct ra_epid_quote_sig, ra_epid_quote_sig_parse)
WHOLE_PARSER(parse_dcap, struct ra_dcap_quote, ra_dcap_quote_parse)
WHOLE_PARSER(parse_msg0, struct ra_msg0, ra_msg0_parse)
WHOLE_PARSER(parse_msg1, struct ra_msg1, ra_msg1_parse)
WHOLE_PARSER(parse_msg01, struct ra_msg01, ra_msg01_parse)
WHOLE_PARSER(parse_msg2, struct ra_msg2, ra_msg2_parse)
WHOLE_PARSER(parse_msg3, struct ra_msg3, ra_msg3_parse)
WHOLE_PARSER(parse_msg4, struct ra_msg4, ra_msg4_parse)
WHOLE_PARSER(parse_msg4_ras, struct ra_msg4_ras, ra_msg4_ras_parse)
WHOLE_PARSER(parse_sigrl, struct ra_sigrl, ra_sigrl_parse)
WHOLE_PARSER(parse_pib_tlv, struct ra_pib, ra_pib_tlv_parse)
WHOLE_PARSER(parse_pck_ext, struct ra_pck_ext, ra_pck_ext_parse)

/* The JSON documents are large: keep them off the stack. */
static enum ra_err
parse_tcb_info(const uint8_t *buf, size_t len)
{
	static struct ra_tcb_info ti;

	return ra_tcb_info_parse(&ti, (const char *)buf, len);
}

static enum ra_err
parse_qe_identity(const uint8_t *buf, size_t len)
{
	static struct ra_qe_identity qi;

	return ra_qe_identity_parse(&qi, (const char *)buf, len);
}
WHOLE_PARSER(parse_avr, struct ra_avr, ra_avr_json_parse)

#define C "tests/fuzz/corpus/"

static const struct {
	const char *path;
	test_parse_fn parse;
	enum ra_err want;
} seeds[] = {
	{ C "report/synthetic", parse_report, RA_OK },
	{ C "report/zero", parse_report, RA_OK },
	{ C "targetinfo/synthetic", parse_targetinfo, RA_OK },
	{ C "targetinfo/zero", parse_targetinfo, RA_OK },
	{ C "keyrequest/seal", parse_keyrequest, RA_OK },
	{ C "keyrequest/report", parse_keyrequest, RA_OK },
	{ C "secinfo/rx", parse_secinfo, RA_OK },
	{ C "secinfo/rw", parse_secinfo, RA_OK },
	{ C "secinfo/tcs", parse_secinfo, RA_OK },
	{ C "sigstruct/fortanix-sig1", parse_sigstruct, RA_OK },
	{ C "sigstruct/fortanix-test-enclave", parse_sigstruct, RA_OK },
	{ C "sigstruct/intel-pce", parse_sigstruct, RA_OK },
	{ C "epid_quote/sbellem-sgx-iot", parse_epid, RA_OK },
	{ C "epid_quote/signature-blob", parse_epid_sig, RA_OK },
	{ C "dcap_quote/sgx-v3", parse_dcap, RA_OK },
	{ C "dcap_quote/sgx-v3-ppid", parse_dcap, RA_OK },
	{ C "dcap_quote/sgx-v3-legacy-ppid", parse_dcap, RA_OK },
	{ C "dcap_quote/tdx-v4", parse_dcap, RA_OK },
	{ C "dcap_quote/tdx-v4-padded", parse_dcap, RA_OK },
	{ C "dcap_quote/tdx-v5", parse_dcap, RA_OK },
	{ C "dcap_quote/tdx-v4-test-trailer", parse_dcap, RA_ERR_FORMAT },
	{ C "msg01/msg0", parse_msg0, RA_OK },
	{ C "msg01/msg1", parse_msg1, RA_OK },
	{ C "msg01/msg01", parse_msg01, RA_OK },
	{ C "msg2/no-sigrl", parse_msg2, RA_OK },
	{ C "msg2/sigrl-0", parse_msg2, RA_OK },
	{ C "msg2/sigrl-2", parse_msg2, RA_OK },
	{ C "msg3/epid", parse_msg3, RA_OK },
	{ C "msg4/trusted", parse_msg4, RA_OK },
	{ C "msg4/not-trusted", parse_msg4, RA_OK },
	{ C "msg4/ras", parse_msg4_ras, RA_OK },
	{ C "sigrl/n2-0", parse_sigrl, RA_OK },
	{ C "sigrl/n2-1", parse_sigrl, RA_OK },
	{ C "sigrl/n2-3", parse_sigrl, RA_OK },
	{ C "pib/tlv", parse_pib_tlv, RA_OK },
	{ C "pib/payload", parse_pib, RA_OK },
	{ C "pck_ext/processor", parse_pck_ext, RA_OK },
	{ C "pck_ext/platform", parse_pck_ext, RA_OK },
	{ C "tcb_info/sgx-v2", parse_tcb_info, RA_OK },
	{ C "tcb_info/sgx-v3", parse_tcb_info, RA_OK },
	{ C "tcb_info/tdx-v3", parse_tcb_info, RA_OK },
	{ C "qe_identity/qe", parse_qe_identity, RA_OK },
	{ C "qe_identity/td-qe", parse_qe_identity, RA_OK },
	{ C "avr_json/secretnetwork-tls_ra_cert_v3", parse_avr, RA_OK },
	{ C "avr_json/secretnetwork-attestation_cert_hw_invalid_test",
	    parse_avr, RA_OK },
	{ C "avr_json/secretnetwork-attestation_cert_hw_v2", parse_avr, RA_OK },
	{ C "avr_json/secretnetwork-attestation_cert_out_of_date", parse_avr,
	    RA_OK },
	{ C "avr_json/secretnetwork-attestation_cert_sw_config_needed",
	    parse_avr, RA_OK },
	{ C "avr_json/oasis-core-avr_v4", parse_avr, RA_OK },
	{ C "avr_json/oasis-core-avr_v5", parse_avr, RA_OK },
	{ C "avr_json/unknown-status", parse_avr, RA_OK },
	{ C "avr_json/duplicate-key", parse_avr, RA_ERR_FORMAT },
};

static void
seeds_parse(void **state)
{
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof(seeds) / sizeof(seeds[0]); i++) {
		uint8_t *buf = test_load(seeds[i].path, &len);
		enum ra_err err = seeds[i].parse(buf, len);

		free(buf);
		if (err != seeds[i].want) {
			fail_msg("%s: got %s, want %s", seeds[i].path,
			    ra_errname(err), ra_errname(seeds[i].want));
		}
	}
}

/* The sigrl seeds inside msg2 parse as SigRLs too. */
static void
msg2_sigrl_seed(void **state)
{
	size_t len;
	uint8_t *buf = test_load(C "msg2/sigrl-2", &len);
	struct ra_msg2 m;
	struct ra_sigrl rl;

	(void)state;
	assert_ra_ok(ra_msg2_parse(&m, buf, len));
	assert_ra_ok(ra_sigrl_parse(&rl, m.sig_rl.p, m.sig_rl.len));
	assert_int_equal(rl.n2, 2);
	assert_int_equal(rl.gid, 0xb5b);
	free(buf);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(seeds_parse),
	cmocka_unit_test(msg2_sigrl_seed),
};

TEST_MAIN(tests)
