/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The parts of the trusted runtime that need cryptography: REPORT
 * verification and sealing. In its own file so that an enclave which
 * uses neither links no crypto library at all (see ra_trts_boot).
 */
#include <string.h>

#include "internal.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/enclave.h"
#include "sgxra/seal.h"

int ra_trts_crypto_init(void);

/*
 * Initialise the crypto library before the sandbox: it reads its
 * configuration and fetches its algorithms on first use.
 */
int
ra_trts_crypto_init(void)
{
	struct ra_hash256 h;
	struct ra_key128 k = { { 0 } };
	struct ra_mac128 m;

	ra_sha256(&h, "boot", 4);
	return ra_cmac(&m, &k, h.b, sizeof(h.b)) == RA_OK ? 0 : 1;
}

enum ra_err
ra_enclave_verify_report(const struct ra_report *report)
{
	struct ra_keyrequest kr;
	struct ra_key128 key;
	struct ra_mac128 mac;
	uint8_t body[RA_REPORT_BODY_LEN];
	struct ra_buf b = ra_buf_init(body, sizeof(body));
	enum ra_err err;

	if (report == NULL) {
		return RA_ERR_ARG;
	}
	/* sgx_verify_report: EGETKEY(REPORT, the report's KEYID), CMAC. */
	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_REPORT;
	memcpy(kr.key_id, report->key_id, sizeof(kr.key_id));
	ra_report_body_build(&b, &report->body);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	err = ra_enclave_getkey(&key, NULL, &kr);
	if (err == RA_OK) {
		err = ra_cmac_verify(&report->mac, &key, body, sizeof(body));
	}
	RA_WIPE(key);
	RA_WIPE(mac);
	return err;
}

/*
 * The SDK's default masks (common/inc/internal/tseal_migration_attr.h):
 * attribute flags without the bits of no security consequence (reserved
 * 6..55, MODE64BIT, PROVISIONKEY, EINITTOKENKEY), MISCSELECT bits 28..31.
 */
#define SEAL_FLAGS_MASK                                                     \
	(~(0xFFFFFFFFFFFFC0ULL | RA_ATTR_MODE64BIT | RA_ATTR_PROVISIONKEY | \
	    RA_ATTR_EINITTOKENKEY))
#define SEAL_MISC_MASK (~0x0FFFFFFFU)

enum ra_err
ra_enclave_seal(uint8_t *out, size_t cap, size_t *out_len,
    enum ra_seal_policy policy, const void *text, size_t text_len,
    const void *aad, size_t aad_len)
{
	struct ra_report_body me;
	struct ra_keyrequest kr;
	struct ra_key128 key;
	enum ra_err err;

	if (policy != RA_SEAL_MRENCLAVE && policy != RA_SEAL_MRSIGNER) {
		return RA_ERR_ARG;
	}
	if ((err = ra_enclave_identity(&me)) != RA_OK) {
		return err;
	}
	memset(&kr, 0, sizeof(kr));
	kr.key_name = RA_KEYNAME_SEAL;
	kr.key_policy = policy == RA_SEAL_MRENCLAVE ? RA_KEYPOLICY_MRENCLAVE
	                                            : RA_KEYPOLICY_MRSIGNER;
	kr.isv_svn = me.isv_svn;
	kr.config_svn = me.config_svn;
	memcpy(kr.cpu_svn, me.cpu_svn, sizeof(kr.cpu_svn));
	kr.attribute_mask.flags = SEAL_FLAGS_MASK;
	kr.attribute_mask.xfrm = 0;
	kr.misc_mask = SEAL_MISC_MASK;
	/* A fresh KEYID per blob: the key, and so the zero IV, never repeat. */
	if ((err = ra_random(kr.key_id, sizeof(kr.key_id))) != RA_OK) {
		return err;
	}
	err = ra_enclave_getkey(&key, NULL, &kr);
	if (err == RA_OK) {
		err = ra_seal(
		    out, cap, out_len, &key, &kr, text, text_len, aad, aad_len);
	}
	RA_WIPE(key);
	return err;
}

enum ra_err
ra_enclave_unseal(uint8_t *text, size_t cap, size_t *text_len,
    struct ra_bytes *aad, const uint8_t *blob, size_t blob_len)
{
	struct ra_sealed s;
	struct ra_key128 key;
	enum ra_err err;

	if (text == NULL || text_len == NULL || blob == NULL) {
		return RA_ERR_ARG;
	}
	*text_len = 0;
	if ((err = ra_sealed_parse(&s, blob, blob_len)) != RA_OK) {
		return err;
	}
	if (s.key_request.key_name != RA_KEYNAME_SEAL) {
		return RA_ERR_FORMAT;
	}
	err = ra_enclave_getkey(&key, NULL, &s.key_request);
	if (err == RA_OK) {
		err = ra_unseal(text, cap, &key, &s);
	}
	RA_WIPE(key);
	if (err == RA_OK) {
		*text_len = s.ciphertext.len;
		if (aad != NULL) {
			*aad = s.aad;
		}
	}
	return err;
}
