/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra platform info: what a running sgxra-platformd reports.
 * sgxra platform provision: join the platform to an EPID group of the
 * attestation service (docs/platform.md "Provisioning and quoting").
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "collateral.h"
#include "http.h"
#include "sgxra.h"
#include "sgxra/ae.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/epid.h"
#include "sgxra/host.h"
#include "show.h"

#define GROUP_CERT_LEN 328

static const char platform_usage[] =
    "usage: sgxra platform info [--socket PATH] [--json]\n"
    "\n"
    "Ask the platform (sgxra-platformd) for its CPUSVN, the number of\n"
    "enclaves it runs, its quoting enclave's target and EPID group, and\n"
    "print the identities of its architectural enclaves (QE, PvE, PCE).\n"
    "\n"
    "  --socket PATH  the platform's socket (default:\n"
    "                 $XDG_RUNTIME_DIR/sgxra/platform.sock or\n"
    "                 /run/sgxra/platform.sock)\n"
    "  --json         print JSON instead of text\n";

static const char provision_usage[] =
    "usage: sgxra platform provision --attestd URL [--admin-token FILE]\n"
    "                                [--socket PATH] [--no-dcap]\n"
    "\n"
    "Join the platform (sgxra-platformd) to an EPID group of the\n"
    "attestation service (sgxra-attestd) at URL: the platform's\n"
    "provisioning enclave makes the join request, the service issues\n"
    "the membership credential, and the platform seals it in its state\n"
    "directory, so that its quoting enclave can quote. Prints\n"
    "\"provisioned: EPID group XXXXXXXX\". Provisioning again replaces\n"
    "the key (the newest open group is joined).\n"
    "\n"
    "Then, for DCAP (ECDSA) quotes, fetch the certificate of the\n"
    "platform's PCK key at its current TCB from the service's PCS API\n"
    "(GET /sgx/certification/v4/pckcert with the PPID encrypted to the\n"
    "service) and install it in the platform, which checks that it\n"
    "certifies its key; prints \"provisioned: DCAP PCK certificate ...\".\n"
    "\n"
    "  --attestd URL       the service (https://..., or http:// to a\n"
    "                      loopback address only)\n"
    "  --admin-token FILE  first enroll the platform's PPID and\n"
    "                      authentication key with the administrator's\n"
    "                      token (POST /admin/v1/platforms); an already\n"
    "                      enrolled platform is fine. Without it the\n"
    "                      platform must have been enrolled before.\n"
    "  --socket PATH       the platform's socket (default:\n"
    "                      $XDG_RUNTIME_DIR/sgxra/platform.sock or\n"
    "                      /run/sgxra/platform.sock)\n"
    "  --no-dcap           EPID only: no PCK certificate\n";

static json_t *
show_aes(void)
{
	json_t *o = json_object();
	struct ra_secs s;
	unsigned int ae;

	for (ae = 0; ae < RA_AE_COUNT; ae++) {
		json_t *a = json_object();

		if (ra_ae_secs(&s, (enum ra_ae)ae) != RA_OK) {
			errx(EXIT_FAIL,
			    "architectural enclave %s: EINIT failed",
			    ra_ae_name((enum ra_ae)ae));
		}
		show_set(a, "mr_enclave", show_hex(s.mr_enclave.b, 32));
		show_set(a, "mr_signer", show_hex(s.mr_signer.b, 32));
		show_set(a, "isv_prod_id", show_uint(s.isv_prod_id));
		show_set(a, "isv_svn", show_uint(s.isv_svn));
		show_set(a, "attributes", show_attributes(&s.attributes));
		show_set(o, ra_ae_name((enum ra_ae)ae), a);
	}
	return o;
}

int
cmd_platform_info(int argc, char **argv)
{
	char path[4096];
	const char *sock = NULL;
	bool as_json = false;
	struct ra_host *h = NULL;
	struct ra_ipc_platform info;
	struct ra_ipc_qe_target qe;
	json_t *o;
	enum ra_err e;
	int i;

	if (wants_help(argc, argv, platform_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else {
			return usage(platform_usage);
		}
	}
	sock = platform_socket(sock, path, sizeof(path));
	if ((e = ra_host_connect(&h, sock)) != RA_OK) {
		die_ra(e, "cannot reach the platform at %s", sock);
	}
	if ((e = ra_host_platform(h, &info)) != RA_OK ||
	    (e = ra_host_qe_target(h, &qe)) != RA_OK) {
		die_ra(e, "platform at %s", sock);
	}
	ra_host_close(h);
	o = json_object();
	show_set(o, "socket", json_string(sock));
	show_set(o, "cpu_svn", show_hex(info.cpu_svn, sizeof(info.cpu_svn)));
	show_set(o, "enclaves_running", show_uint(info.enclaves));
	show_set(o, "epid_provisioned", json_boolean((qe.flags & 1) != 0));
	show_set(o, "dcap_provisioned", json_boolean((info.flags & 2) != 0));
	show_set(o, "epid_group_id", show_flags(qe.gid, 8));
	show_set(o, "qe_target_mr_enclave", show_hex(qe.ti.mr_enclave.b, 32));
	show_set(o, "architectural_enclaves", show_aes());
	show_emit(o, as_json);
	return EXIT_OK;
}

/* --- provision -------------------------------------------------------- */

/* A base64 field of exactly len bytes, or exit naming it. */
static void
b64_field(
    uint8_t *out, size_t len, json_t *o, const char *name, const char *what)
{
	const char *s = json_string_value(json_object_get(o, name));
	size_t n = 0;

	if (s == NULL ||
	    ra_base64_decode(out, len, &n, s, strlen(s)) != RA_OK || n != len) {
		errx(EXIT_FAIL, "%s: \"%s\" is not %zu bytes of base64", what,
		    name, len);
	}
}

static json_t *
json_b64(const uint8_t *p, size_t len)
{
	char s[RA_BASE64_LEN(256) + 1];

	if (ra_base64_encode(s, sizeof(s), p, len) != RA_OK) {
		errx(EXIT_FAIL, "internal error: base64");
	}
	return json_string(s);
}

static json_t *
json_hex(const uint8_t *p, size_t len)
{
	char s[RA_HEX_LEN(32) + 1];

	if (ra_hex_encode(s, sizeof(s), p, len) != RA_OK) {
		errx(EXIT_FAIL, "internal error: hex");
	}
	return json_string(s);
}

static void
enroll(const char *base, const char *token, const struct ra_ipc_prov_id *id)
{
	json_t *req = json_object();
	struct http_reply r;

	json_object_set_new(req, "ppid", json_hex(id->ppid, sizeof(id->ppid)));
	json_object_set_new(
	    req, "authKey", json_hex(id->auth_key.b, sizeof(id->auth_key.b)));
	http_json(&r, "POST", base, "/admin/v1/platforms", token, NULL, req);
	json_decref(req); /* jansson frees the key's hex without wiping it */
	if (r.status != 201 && r.status != 409) {
		http_die(
		    "enrolling the platform (POST /admin/v1/platforms)", &r);
	}
	http_reply_free(&r);
}

/* join/start: into j, checking the group certificate. */
static void
join_start(const char *base, const struct ra_ipc_prov_id *id,
    struct ra_ipc_prov_join *j)
{
	static const char what[] = "POST /provisioning/v1/join/start";
	uint8_t cert[GROUP_CERT_LEN];
	struct ra_epid_file f;
	struct ra_ec256_pub signer;
	json_t *req = json_object(), *reply;
	struct http_reply r;
	const char *gid;
	char *end = NULL;
	unsigned long v;

	json_object_set_new(req, "ppid", json_hex(id->ppid, sizeof(id->ppid)));
	http_json(
	    &r, "POST", base, "/provisioning/v1/join/start", NULL, NULL, req);
	json_decref(req);
	reply = r.json;
	if (r.status == 404) {
		errx(EXIT_FAIL,
		    "%s: HTTP 404: this platform is not enrolled (give "
		    "--admin-token, or have the administrator enroll it)",
		    what);
	}
	if (r.status != 200) {
		http_die(what, &r);
	}
	gid = json_string_value(json_object_get(reply, "gid"));
	v = gid != NULL && strlen(gid) == 8 ? strtoul(gid, &end, 16) : 0;
	if (end == NULL || *end != '\0' || v == 0 || v > UINT32_MAX) {
		errx(EXIT_FAIL, "%s: \"gid\" is not 8 hex digits", what);
	}
	memset(j, 0, sizeof(*j));
	j->gid = (uint32_t)v;
	b64_field(j->nonce, sizeof(j->nonce), reply, "nonce", what);
	b64_field(
	    j->group_pub, sizeof(j->group_pub), reply, "groupPubKey", what);
	b64_field(cert, sizeof(cert), reply, "groupCert", what);
	b64_field(j->quote_key, sizeof(j->quote_key), reply,
	    "quoteEncryptionKey", what);
	b64_field(
	    j->sigrl_key, sizeof(j->sigrl_key), reply, "epidSigningKey", what);
	http_reply_free(&r);
	/* the group key must be the one the service's EPID key certifies */
	memcpy(signer.x, j->sigrl_key, 32);
	memcpy(signer.y, j->sigrl_key + 32, 32);
	if (ra_epid_file_parse(&f, cert, sizeof(cert)) != RA_OK ||
	    f.type != RA_EPID_FILE_GROUP_PUB ||
	    f.body.len != sizeof(j->group_pub) ||
	    memcmp(f.body.p, j->group_pub, sizeof(j->group_pub)) != 0 ||
	    ra_epid_file_verify(&f, &signer) != RA_OK) {
		errx(EXIT_FAIL,
		    "%s: the group certificate does not certify the group "
		    "key with the EPID signing key",
		    what);
	}
}

static void
join_finish(const char *base, const struct ra_ipc_prov_id *id,
    const struct ra_ipc_prov_join *j, const struct ra_ipc_prov_joined *jd,
    struct ra_ipc_prov_finish *fin)
{
	static const char what[] = "POST /provisioning/v1/join/finish";
	json_t *req = json_object();
	struct http_reply r;
	char gid[9];

	snprintf(gid, sizeof(gid), "%08x", j->gid);
	json_object_set_new(req, "ppid", json_hex(id->ppid, sizeof(id->ppid)));
	json_object_set_new(req, "gid", json_string(gid));
	json_object_set_new(req, "nonce", json_b64(j->nonce, sizeof(j->nonce)));
	json_object_set_new(req, "joinRequest",
	    json_b64(jd->join_request, sizeof(jd->join_request)));
	json_object_set_new(req, "mac", json_hex(jd->mac.b, sizeof(jd->mac.b)));
	http_json(
	    &r, "POST", base, "/provisioning/v1/join/finish", NULL, NULL, req);
	json_decref(req);
	if (r.status != 200) {
		http_die(what, &r);
	}
	b64_field(fin->credential, sizeof(fin->credential), r.json,
	    "credential", what);
	http_reply_free(&r);
}

/*
 * DCAP: the PCE's PCK certificate from the service's PCS API for what the
 * platform names (encrypted PPID, CPUSVN, PCESVN, PCE-ID), installed in
 * the platform, which checks that it certifies its key.
 */
static enum ra_err
provision_dcap(struct ra_host *h, const char *base)
{
	struct pcs_fetcher f;
	struct ra_ipc_dcap_id id;
	struct ra_ipc_error why;
	char *chain = NULL;
	size_t len = 0;
	enum ra_err e;

	if ((e = ra_host_dcap_id(h, &id, &why)) != RA_OK) {
		warnx("platform: DCAP_ID: %s: %s", ra_errname(e), why.msg);
		return e;
	}
	memset(&f, 0, sizeof(f));
	f.base = base;
	if (!pcs_fetch_pckcert(&f, id.enc_ppid, sizeof(id.enc_ppid), id.cpu_svn,
	        id.pce_svn, id.pce_id, &chain, &len)) {
		warnx("DCAP: no PCK certificate from the service: %s", f.error);
		return RA_ERR_IO;
	}
	e = ra_host_dcap_cert(h, (const uint8_t *)chain, len, &why);
	free(chain);
	if (e != RA_OK) {
		warnx("platform: DCAP_CERT: %s: %s", ra_errname(e), why.msg);
		return e;
	}
	printf("provisioned: DCAP PCK certificate for PCESVN %u\n",
	    (unsigned int)id.pce_svn);
	return RA_OK;
}

int
cmd_platform_provision(int argc, char **argv)
{
	char path[4096];
	const char *sock = NULL, *base = NULL, *token_file = NULL;
	char *token = NULL;
	struct ra_host *h = NULL;
	struct ra_ipc_prov_id id;
	struct ra_ipc_prov_join j;
	struct ra_ipc_prov_joined jd;
	struct ra_ipc_prov_finish fin;
	struct ra_ipc_error why;
	uint32_t gid = 0;
	enum ra_err e;
	bool no_dcap = false;
	int i;

	if (wants_help(argc, argv, provision_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (is_opt(argv[i], "--attestd") && i + 1 < argc) {
			base = argv[++i];
		} else if (is_opt(argv[i], "--admin-token") && i + 1 < argc) {
			token_file = argv[++i];
		} else if (is_opt(argv[i], "--no-dcap")) {
			no_dcap = true;
		} else {
			return usage(provision_usage);
		}
	}
	if (base == NULL) {
		return usage(provision_usage);
	}
	http_check_url("--attestd", base); /* refuse a bad URL first */
	if (token_file != NULL) {
		token = read_token(token_file);
	}
	sock = platform_socket(sock, path, sizeof(path));
	if ((e = ra_host_connect(&h, sock)) != RA_OK) {
		die_ra(e, "cannot reach the platform at %s", sock);
	}
	if ((e = ra_host_prov_id(h, &id, &why)) != RA_OK) {
		errx(EXIT_FAIL, "platform: PROV_ID: %s: %s", ra_errname(e),
		    why.msg);
	}
	if (token != NULL) {
		enroll(base, token, &id);
		ra_wipe(token, strlen(token));
		free(token);
	}
	join_start(base, &id, &j);
	if ((e = ra_host_prov_join(h, &jd, &j, &why)) != RA_OK) {
		errx(EXIT_FAIL, "platform: PROV_JOIN: %s: %s", ra_errname(e),
		    why.msg);
	}
	join_finish(base, &id, &j, &jd, &fin);
	RA_WIPE(id);
	e = ra_host_prov_finish(h, &gid, &fin, &why);
	RA_WIPE(fin);
	if (e != RA_OK) {
		errx(EXIT_FAIL, "platform: PROV_FINISH: %s: %s", ra_errname(e),
		    why.msg);
	}
	printf("provisioned: EPID group %08x\n", gid);
	e = no_dcap ? RA_OK : provision_dcap(h, base);
	ra_host_close(h);
	return e == RA_OK ? EXIT_OK : EXIT_FAIL;
}
