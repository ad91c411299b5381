/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-spd's subscription key, pinned root and secret, read once at
 * start (the SP's private key is the keeper's: keeper.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "files.h"
#include "sgxra/ct.h"
#include "spd.h"

/* The subscription key: one line of letters and digits. */
static enum ra_err
load_ias_key(struct spd *d, char *why, size_t cap)
{
	uint8_t *p = NULL;
	size_t n = 0, i;
	enum ra_err err;

	if ((err = files_read(
	         d->cfg.ias_key_file, 1024, true, &p, &n, why, cap)) != RA_OK) {
		return err;
	}
	while (n > 0 && (p[n - 1] == '\n' || p[n - 1] == '\r')) {
		n--;
	}
	err = n > 0 && n <= RA_IAS_API_KEY_MAX_LEN ? RA_OK : RA_ERR_FORMAT;
	for (i = 0; i < n && err == RA_OK; i++) {
		if (!((p[i] >= '0' && p[i] <= '9') ||
		        (p[i] >= 'a' && p[i] <= 'z') ||
		        (p[i] >= 'A' && p[i] <= 'Z'))) {
			err = RA_ERR_FORMAT;
		}
	}
	if (err == RA_OK) {
		memcpy(d->ias_key, p, n);
		d->ias_key[n] = '\0';
	} else {
		snprintf(why, cap,
		    "%s: a subscription key is 1 to %d letters and digits",
		    d->cfg.ias_key_file, RA_IAS_API_KEY_MAX_LEN);
	}
	files_free(p, n);
	return err;
}

static enum ra_err
load_anchor(struct spd *d, char *why, size_t cap)
{
	uint8_t *p = NULL;
	size_t n = 0;
	enum ra_err err;

	if ((err = files_read(
	         d->cfg.ias_root, 1 << 20, false, &p, &n, why, cap)) != RA_OK) {
		return err;
	}
	err = ra_x509_from_pem(&d->anchor, (const char *)p, n);
	if (err != RA_OK) {
		snprintf(
		    why, cap, "%s: not one PEM certificate", d->cfg.ias_root);
	} else if (!ra_sp_anchor_is_intel(d->anchor) &&
	    !d->cfg.allow_emulated) {
		/* Refused here too, so that a misconfiguration shows at
		 * start and not at the first attestation. */
		snprintf(why, cap,
		    "%s is not Intel's Attestation Report Signing CA: an "
		    "emulated attestation service is refused unless "
		    "allow-emulated = true",
		    d->cfg.ias_root);
		err = RA_ERR_POLICY;
	}
	files_free(p, n);
	return err;
}

static enum ra_err
load_secret(struct spd *d, char *why, size_t cap)
{
	uint8_t *p = NULL;
	size_t n = 0;
	enum ra_err err;

	if (d->cfg.secret_file[0] == '\0') {
		return RA_OK;
	}
	if ((err = files_read(d->cfg.secret_file, SPD_SECRET_MAX, true, &p, &n,
	         why, cap)) != RA_OK) {
		return err;
	}
	if (n > 0 && (d->secret = malloc(n)) == NULL) {
		files_free(p, n);
		snprintf(why, cap, "out of memory");
		return RA_ERR_NOMEM;
	}
	if (n > 0) {
		memcpy(d->secret, p, n);
	}
	d->secret_len = n;
	files_free(p, n);
	return RA_OK;
}

enum ra_err
spd_load(struct spd *d, char *why, size_t cap)
{
	struct ra_sp_config *sp = &d->sp;
	struct ra_sp_policy *pol = &sp->policy;
	enum ra_err err;

	if ((err = load_ias_key(d, why, cap)) != RA_OK ||
	    (err = load_anchor(d, why, cap)) != RA_OK ||
	    (err = load_secret(d, why, cap)) != RA_OK) {
		return err;
	}
	memcpy(sp->spid, d->cfg.spid, sizeof(sp->spid));
	sp->quote_type = d->cfg.dcap ? RA_QUOTE_DCAP
	    : d->cfg.linkable        ? RA_QUOTE_LINKABLE
	                             : RA_QUOTE_UNLINKABLE;
	sp->avr_anchor = d->anchor;
	sp->allow_emulated = d->cfg.allow_emulated;
	sp->avr_max_age = (int64_t)d->cfg.avr_max_age_s;
	sp->secret = d->secret;
	sp->secret_len = d->secret_len;
	pol->mrenclave = d->cfg.mrenclave;
	pol->mrenclave_count = d->cfg.mrenclave_count;
	pol->has_signer = d->cfg.has_signer;
	pol->mrsigner = d->cfg.mrsigner;
	pol->isv_prod_id = (uint16_t)d->cfg.isv_prod_id;
	pol->min_isv_svn = (uint16_t)d->cfg.min_isv_svn;
	pol->allow_debug = d->cfg.allow_debug;
	pol->accept = d->cfg.accept;
	pol->provision = d->cfg.provision;
	return RA_OK;
}

void
spd_unload(struct spd *d)
{
	ra_x509_free(d->anchor);
	d->anchor = NULL;
	if (d->secret != NULL) {
		ra_wipe(d->secret, d->secret_len);
		free(d->secret);
	}
	d->secret = NULL;
	ra_wipe(&d->sp, sizeof(d->sp));
	ra_wipe(d->ias_key, sizeof(d->ias_key));
}
