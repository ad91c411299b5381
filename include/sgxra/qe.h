/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_QE_H
#define SGXRA_QE_H

/*
 * The quoting enclave's EPID quote (FORMATS.md §3.1, §3.2 and §7): the
 * quote body signed with the platform's EPID member key, the signature
 * encrypted for the attestation service. Used by the emulated quoting
 * enclave and by tests that play a platform.
 */
#include <stdbool.h>

#include "sgxra/buf.h"
#include "sgxra/crypto.h"
#include "sgxra/epid.h"
#include "sgxra/err.h"
#include "sgxra/quote.h"
#include "sgxra/random.h"

/*
 * Append the quote to out: q's fields (version 2 is what IAS takes;
 * q->signature and q->body are ignored) and, as the signature, the EPID
 * signature over the 432-byte body with basename q->basename, made with
 * sigrl (NULL: RLver = n2 = 0), encrypted with a fresh AES-128-GCM key
 * that is wrapped with RSA-OAEP under ias_key (2048-bit). All randomness
 * from rng (NULL: the system). *revoked (may be NULL) is set if the
 * SigRL names this member: the quote is still written, and the service
 * will say SIGNATURE_REVOKED (the SDK's quoting enclave refuses instead;
 * callers that play it do the same). Errors: those of ra_epid_sign,
 * RA_ERR_KEY if ias_key is not a 2048-bit RSA key, RA_ERR_SPACE if out
 * overflows.
 */
RA_MUST_CHECK enum ra_err ra_epid_quote_sign(struct ra_buf *out,
    const struct ra_epid_quote *q, const struct ra_epid_member *m,
    const struct ra_epid_sigrl *sigrl, const struct ra_rsa_key *ias_key,
    const struct ra_rng *rng, bool *revoked);

#endif
