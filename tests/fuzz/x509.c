/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Certificate lists as DCAP quotes carry them (PEM text or back-to-back
 * DER) and single DER certificates and CRLs. Properties: a parsed list
 * has 1..RA_X509_LIST_MAX certificates, each of which re-parses from its
 * own DER to an equal certificate; nothing is accepted from empty input.
 */
#include "sgxra/x509.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ra_x509_list *l = NULL;
	struct ra_x509 *c = NULL;
	struct ra_x509_crl *crl = NULL;
	size_t i;

	if (ra_x509_list_from_bytes(&l, data, size) == RA_OK) {
		fuzz_assert(size > 0);
		fuzz_assert(ra_x509_list_len(l) >= 1 &&
		    ra_x509_list_len(l) <= RA_X509_LIST_MAX);
		for (i = 0; i < ra_x509_list_len(l); i++) {
			struct ra_bytes d = ra_x509_der(ra_x509_list_get(l, i));
			struct ra_x509 *again = NULL;

			fuzz_assert(
			    ra_x509_from_der(&again, d.p, d.len) == RA_OK);
			fuzz_assert(
			    ra_x509_equal(again, ra_x509_list_get(l, i)));
			ra_x509_free(again);
		}
		ra_x509_list_free(l);
	} else {
		fuzz_assert(l == NULL);
	}
	if (ra_x509_from_der(&c, data, size) == RA_OK) {
		struct ra_bytes d = ra_x509_der(c);

		/* exact DER: the input is the certificate's encoding */
		fuzz_assert(d.len == size && memcmp(d.p, data, size) == 0);
		ra_x509_free(c);
	}
	if (ra_x509_crl_from_der(&crl, data, size) == RA_OK) {
		ra_x509_crl_free(crl);
	}
	return 0;
}
