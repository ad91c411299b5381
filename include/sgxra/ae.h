/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_AE_H
#define RA_AE_H

#include <stdint.h>

#include "sgxra/arch.h"
#include "sgxra/err.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

/*
 * The emulated platform's architectural enclaves: the quoting enclave
 * (QE), the provisioning enclave (PvE) and the provisioning certification
 * enclave (PCE). They run inside sgxra-platformd, apart from application
 * enclaves, but have enclave identities like any other: an MRENCLAVE (the
 * transcript of a fixed one-page image naming the enclave and its
 * version), an MRSIGNER (the emulated manufacturer's RSA-3072 key, whose
 * private half was discarded after signing, as Intel keeps its own), and
 * the PROVISIONKEY attribute. Their SIGSTRUCTs are compiled in
 * (src/lib/sgx/ae_sigstructs.c, made by scripts/mkae.c) and pass EINIT
 * like any enclave's.
 */
enum ra_ae {
	RA_AE_QE = 0,
	RA_AE_PVE = 1,
	RA_AE_PCE = 2,
};

#define RA_AE_COUNT 3

/* "QE", "PvE", "PCE". */
const char *ra_ae_name(enum ra_ae ae);

/*
 * The MRENCLAVE of the architectural enclave ae: ECREATE(1, 64 KiB), one
 * measured read-only page holding "sgxra <name> v<svn>" and zeros, and
 * one TCS page.
 */
RA_MUST_CHECK enum ra_err ra_ae_measure(struct ra_hash256 *mr, enum ra_ae ae);

/* The SIGSTRUCT fields of ae before signing (scripts/mkae.c). */
RA_MUST_CHECK enum ra_err ra_ae_sigstruct_template(
    struct ra_sigstruct *ss, enum ra_ae ae);

/* The compiled-in signed SIGSTRUCT of ae (1808 bytes). */
const uint8_t *ra_ae_sigstruct(enum ra_ae ae);

/* EINIT of ae on this platform: its SECS, or why it was refused. */
RA_MUST_CHECK enum ra_err ra_ae_secs(struct ra_secs *secs, enum ra_ae ae);

#endif
