/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra-spd's configuration: defaults, file, command line. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "conffile.h"
#include "sgxra/encode.h"
#include "spd.h"

void
spd_config_defaults(struct spd_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->listen, sizeof(c->listen), "%s", SPD_DEFAULT_LISTEN);
	c->accept = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	c->provision = RA_AVR_STATUS_BIT(RA_AVR_STATUS_OK);
	c->session_ttl_s = 120;
	c->max_sessions = 1024;
	c->avr_max_age_s = 300;
	c->ias_timeout_s = 30;
}

static bool
set_str(char *dst, size_t cap, const char *v)
{
	return v[0] != '\0' && conffile_str(dst, cap, v);
}

static bool
set_bool(bool *dst, const char *v)
{
	if (strcmp(v, "true") == 0 || strcmp(v, "yes") == 0 ||
	    strcmp(v, "1") == 0) {
		*dst = true;
	} else if (strcmp(v, "false") == 0 || strcmp(v, "no") == 0 ||
	    strcmp(v, "0") == 0) {
		*dst = false;
	} else {
		return false;
	}
	return true;
}

/* Status names, comma-separated: "OK,CONFIGURATION_NEEDED". */
static bool
set_statuses(uint32_t *dst, const char *v)
{
	char name[RA_AVR_STATUS_MAX_LEN + 1];
	uint32_t bits = 0;
	size_t n;
	int s;

	while (*v != '\0') {
		n = strcspn(v, ", ");
		if (n == 0 || n >= sizeof(name)) {
			return false;
		}
		memcpy(name, v, n);
		name[n] = '\0';
		for (s = RA_AVR_STATUS_OK; s <= RA_AVR_STATUS_LAST; s++) {
			if (strcmp(name,
			        ra_avr_status_name((enum ra_avr_status)s)) ==
			    0) {
				break;
			}
		}
		if (s > RA_AVR_STATUS_LAST) {
			return false;
		}
		bits |= RA_AVR_STATUS_BIT(s);
		v += n;
		v += strspn(v, ", ");
	}
	*dst = bits;
	return bits != 0;
}

static bool
set_hash(struct ra_hash256 *h, const char *v)
{
	return ra_hex_decode_exact(h->b, sizeof(h->b), v, strlen(v)) == RA_OK;
}

/* Text options: the name and where the value goes. */
struct str_opt {
	const char *name;
	size_t off, cap;
};

#define STR_OPT(n, f)                                   \
	{                                               \
		n, offsetof(struct spd_config, f),      \
		    sizeof(((struct spd_config *)0)->f) \
	}

static const struct str_opt str_opts[] = {
	STR_OPT("listen", listen),
	STR_OPT("ras-listen", ras_listen),
	STR_OPT("port-file", port_file),
	STR_OPT("ras-port-file", ras_port_file),
	STR_OPT("tls-cert", tls_cert),
	STR_OPT("tls-key", tls_key),
	STR_OPT("user", user),
	STR_OPT("sp-key", sp_key),
	STR_OPT("ias-url", ias_url),
	STR_OPT("qvs-url", qvs_url),
	STR_OPT("ias-key-file", ias_key_file),
	STR_OPT("ias-root", ias_root),
	STR_OPT("ias-ca", ias_ca),
	STR_OPT("secret-file", secret_file),
};

/* Numeric options: the name, the field and the bounds. */
struct uint_opt {
	const char *name;
	size_t off;
	unsigned long lo, hi;
};

#define UINT_OPT(n, f, lo, hi)                            \
	{                                                 \
		n, offsetof(struct spd_config, f), lo, hi \
	}

static const struct uint_opt uint_opts[] = {
	UINT_OPT("isv-prod-id", isv_prod_id, 0, 65535),
	UINT_OPT("min-isv-svn", min_isv_svn, 0, 65535),
	UINT_OPT("session-ttl", session_ttl_s, 1, 86400),
	UINT_OPT("max-sessions", max_sessions, 1, 1UL << 20),
	UINT_OPT("avr-max-age", avr_max_age_s, 1, 86400UL * 365),
	UINT_OPT("ias-timeout", ias_timeout_s, 1, 600),
	UINT_OPT("threads", threads, 0, 256),
};

/* Boolean options. */
struct bool_opt {
	const char *name;
	size_t off;
};

static const struct bool_opt bool_opts[] = {
	{ "linkable", offsetof(struct spd_config, linkable) },
	{ "allow-emulated", offsetof(struct spd_config, allow_emulated) },
	{ "allow-debug", offsetof(struct spd_config, allow_debug) },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The options that are not plain fields. RA_ERR_NOT_FOUND if key is
 * none of them. */
static enum ra_err
set_special(struct spd_config *c, const char *key, const char *v, bool *ok,
    char *why, size_t cap)
{
	if (strcmp(key, "spid") == 0) {
		*ok = c->has_spid = ra_hex_decode_exact(c->spid,
		                        sizeof(c->spid), v, strlen(v)) == RA_OK;
	} else if (strcmp(key, "mrenclave") == 0) {
		if (c->mrenclave_count == SPD_MAX_MRENCLAVE) {
			snprintf(why, cap, "more than %d mrenclave values",
			    SPD_MAX_MRENCLAVE);
			return RA_ERR_FORMAT;
		}
		*ok = set_hash(&c->mrenclave[c->mrenclave_count], v);
		c->mrenclave_count += *ok ? 1 : 0;
	} else if (strcmp(key, "mrsigner") == 0) {
		*ok = c->has_signer = set_hash(&c->mrsigner, v);
	} else if (strcmp(key, "quote-type") == 0) {
		*ok = strcmp(v, "epid") == 0 || strcmp(v, "dcap") == 0;
		c->dcap = strcmp(v, "dcap") == 0;
	} else if (strcmp(key, "accept") == 0) {
		*ok = set_statuses(&c->accept, v);
	} else if (strcmp(key, "provision") == 0) {
		*ok = set_statuses(&c->provision, v);
	} else {
		return RA_ERR_NOT_FOUND;
	}
	return RA_OK;
}

enum ra_err
spd_config_set(struct spd_config *c, const char *key_in, const char *v,
    char *why, size_t cap)
{
	char key[64];
	size_t i;
	bool ok = false;
	enum ra_err err;

	/* allow_emulated and allow-emulated are the same option */
	if ((size_t)snprintf(key, sizeof(key), "%s", key_in) >= sizeof(key)) {
		snprintf(why, cap, "unknown option \"%.64s\"", key_in);
		return RA_ERR_FORMAT;
	}
	for (i = 0; key[i] != '\0'; i++) {
		if (key[i] == '_') {
			key[i] = '-';
		}
	}
	err = set_special(c, key, v, &ok, why, cap);
	if (err == RA_ERR_FORMAT) {
		return err;
	}
	for (i = 0; err == RA_ERR_NOT_FOUND && i < NELEM(str_opts); i++) {
		if (strcmp(key, str_opts[i].name) == 0) {
			ok = set_str(
			    (char *)c + str_opts[i].off, str_opts[i].cap, v);
			err = RA_OK;
		}
	}
	for (i = 0; err == RA_ERR_NOT_FOUND && i < NELEM(uint_opts); i++) {
		if (strcmp(key, uint_opts[i].name) == 0) {
			ok = conffile_uint(
			    (unsigned int *)((char *)c + uint_opts[i].off), v,
			    uint_opts[i].lo, uint_opts[i].hi);
			err = RA_OK;
		}
	}
	for (i = 0; err == RA_ERR_NOT_FOUND && i < NELEM(bool_opts); i++) {
		if (strcmp(key, bool_opts[i].name) == 0) {
			ok =
			    set_bool((bool *)((char *)c + bool_opts[i].off), v);
			err = RA_OK;
		}
	}
	if (err != RA_OK) {
		snprintf(why, cap, "unknown option \"%s\"", key_in);
		return RA_ERR_FORMAT;
	}
	if (!ok) {
		snprintf(why, cap, "bad value for %s: \"%.200s\"", key_in, v);
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static enum ra_err
set_one(void *ctx, const char *key, const char *v, char *why, size_t cap)
{
	return spd_config_set(ctx, key, v, why, cap);
}

enum ra_err
spd_config_file(struct spd_config *c, const char *path, char *why, size_t cap)
{
	return conffile_read(path, set_one, c, why, cap);
}

enum ra_err
spd_config_check(const struct spd_config *c, char *why, size_t cap)
{
	const char *missing = NULL;

	if (c->sp_key[0] == '\0') {
		missing = "sp-key (the service provider's P-256 key, PEM)";
	} else if (!c->has_spid) {
		missing = "spid (32 hex digits)";
	} else if (c->ias_url[0] == '\0') {
		missing = "ias-url (the attestation service's base URL)";
	} else if (c->ias_key_file[0] == '\0') {
		missing = "ias-key-file (the subscription key's file)";
	} else if (c->dcap && c->qvs_url[0] == '\0') {
		missing = "qvs-url (quote-type dcap: the Quote Verification "
		          "Service's base URL)";
	} else if (c->ias_root[0] == '\0') {
		missing = "ias-root (the report-signing root to pin, PEM)";
	} else if (c->mrenclave_count == 0 && !c->has_signer) {
		missing = "an enclave policy: mrenclave, or mrsigner with "
		          "isv-prod-id and min-isv-svn";
	}
	if (missing != NULL) {
		snprintf(why, cap, "missing %s", missing);
		return RA_ERR_ARG;
	}
	if ((c->tls_cert[0] == '\0') != (c->tls_key[0] == '\0')) {
		snprintf(why, cap, "tls-cert and tls-key go together");
		return RA_ERR_ARG;
	}
	if ((c->provision & ~c->accept) != 0) {
		snprintf(why, cap, "provision names a status accept does not");
		return RA_ERR_ARG;
	}
	return RA_OK;
}
