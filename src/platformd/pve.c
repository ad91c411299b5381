/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The provisioning enclave (PvE): the platform's provisioning identity,
 * the member's half of the EPID join, and the sealed EPID blob the
 * quoting enclave quotes with (docs/platform.md "Provisioning and
 * quoting").
 *
 * Identity. EGETKEY(PROVISION) for the PvE's SECS (MRSIGNER, ISVPRODID,
 * ISVSVN and the platform's CPUSVN; the root provisioning key) gives k;
 * PPID = AES-CMAC(k, "sgxra PPID") and the authentication key =
 * AES-CMAC(k, "sgxra provisioning auth"). Both survive owner changes and
 * restarts, as a PPID must.
 *
 * The blob, STATE/epid.sealed (mode 0600, replaced atomically), is a
 * sealed-data blob in the SDK's layout (sgxra/seal.h). Its KEYREQUEST
 * asks for the PvE's PROVISION_SEAL key (policy MRSIGNER) with a random
 * KEYID; PROVISION_SEAL does not bind the KEYID, so the blob key is
 * AES-CMAC(PROVISION_SEAL key, "sgxra EPID blob" || KEYID): a new key
 * for every blob, as the SDK's zero GCM IV requires. The AAD is
 * "sgxra EPID blob v1"; the text (716 bytes, little-endian):
 *
 *   off size
 *     0    4 version, 1
 *     4    4 EPID group id
 *     8  260 group public key: gid (BE) || h1 || h2 || w
 *   268   64 A      |
 *   332   32 x      | the member key (secret)
 *   364   32 f      |
 *   396  256 quote-encryption RSA-2048 modulus (BE, e = 65537)
 *   652   64 SigRL signing key, P-256 x || y (BE)
 */
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "files.h"
#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/random.h"
#include "sgxra/seal.h"

#define BLOB_NAME     "epid.sealed"
#define BLOB_TEXT_LEN 716
#define BLOB_VERSION  1
#define BLOB_MAX      4096
/* The SDK's seal masks (see src/trts/trts_crypto.c). */
#define PVE_FLAGS_MASK                                                      \
	(~(0xFFFFFFFFFFFFC0ULL | RA_ATTR_MODE64BIT | RA_ATTR_PROVISIONKEY | \
	    RA_ATTR_EINITTOKENKEY))
#define PVE_MISC_MASK (~0x0FFFFFFFU)
#define QUOTE_KEY_E   65537

static const char ppid_label[] = "sgxra PPID";
static const char auth_label[] = "sgxra provisioning auth";
static const char blob_label[] = "sgxra EPID blob";
static const char blob_aad[] = "sgxra EPID blob v1";
static const char join_label[] = "sgxra join";

enum ra_err
prov_why(struct ra_ipc_error *why, enum ra_err err, const char *fmt, ...)
{
	va_list ap;

	memset(why, 0, sizeof(*why));
	why->err = (uint32_t)err;
	va_start(ap, fmt);
	(void)vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
	va_end(ap);
	return err;
}

static uint32_t
gid_of(const struct ra_epid_gid *g)
{
	return (uint32_t)g->b[0] << 24 | (uint32_t)g->b[1] << 16 |
	    (uint32_t)g->b[2] << 8 | g->b[3];
}

/* A KEYREQUEST of the PvE for name (the SDK's masks, this CPUSVN). */
static void
pve_keyrequest(
    struct ra_keyrequest *kr, const struct platform *p, enum ra_keyname name)
{
	const struct ra_secs *pve = &p->ae[RA_AE_PVE];

	memset(kr, 0, sizeof(*kr));
	kr->key_name = name;
	kr->key_policy =
	    name == RA_KEYNAME_PROVISION_SEAL ? RA_KEYPOLICY_MRSIGNER : 0;
	kr->isv_svn = pve->isv_svn;
	memcpy(kr->cpu_svn, p->fuses.cpu_svn, sizeof(kr->cpu_svn));
	kr->attribute_mask.flags = PVE_FLAGS_MASK;
	kr->misc_mask = PVE_MISC_MASK;
}

static enum ra_err
pve_getkey(struct ra_key128 *key, const struct platform *p,
    const struct ra_keyrequest *kr, struct ra_ipc_error *why)
{
	enum ra_sgx_error sgx = RA_SGX_SUCCESS;
	enum ra_err err;

	err = ra_egetkey(key, &sgx, &p->fuses, &p->ae[RA_AE_PVE], kr);
	if (err != RA_OK) {
		prov_why(
		    why, err, "PvE EGETKEY refused: %s", ra_sgx_strerror(sgx));
		why->sgx_error = (uint32_t)sgx;
	}
	return err;
}

enum ra_err
pve_prov_id(
    struct platform *p, struct ra_ipc_prov_id *id, struct ra_ipc_error *why)
{
	struct ra_keyrequest kr;
	struct ra_key128 k;
	struct ra_mac128 ppid, auth;
	enum ra_err err;

	pve_keyrequest(&kr, p, RA_KEYNAME_PROVISION);
	if ((err = pve_getkey(&k, p, &kr, why)) != RA_OK) {
		return err;
	}
	err = ra_cmac(&ppid, &k, ppid_label, sizeof(ppid_label) - 1);
	if (err == RA_OK) {
		err = ra_cmac(&auth, &k, auth_label, sizeof(auth_label) - 1);
	}
	RA_WIPE(k);
	if (err != RA_OK) {
		RA_WIPE(auth);
		return prov_why(why, err, "cannot derive the PPID");
	}
	memcpy(id->ppid, ppid.b, sizeof(id->ppid));
	memcpy(id->auth_key.b, auth.b, sizeof(id->auth_key.b));
	RA_WIPE(auth);
	return RA_OK;
}

/* The checks every key of a join or a blob passes. */
static enum ra_err
check_keys(struct ra_rsa_key **quote_key, struct ra_ec256_pub *sigrl_key,
    const uint8_t qk[RA_IPC_QUOTE_KEY_LEN],
    const uint8_t sk[RA_IPC_SIGRL_KEY_LEN], struct ra_ipc_error *why)
{
	struct ra_rsa_key *k = NULL;
	enum ra_err err;

	err =
	    ra_rsa_key_from_modulus(&k, qk, RA_IPC_QUOTE_KEY_LEN, QUOTE_KEY_E);
	if (err != RA_OK || ra_rsa_key_len(k) != RA_IPC_QUOTE_KEY_LEN) {
		ra_rsa_key_free(k);
		return prov_why(why, RA_ERR_KEY,
		    "the quote-encryption key is not an RSA-2048 modulus");
	}
	memcpy(sigrl_key->x, sk, sizeof(sigrl_key->x));
	memcpy(sigrl_key->y, sk + 32, sizeof(sigrl_key->y));
	if (ra_ec256_pub_check(sigrl_key) != RA_OK) {
		ra_rsa_key_free(k);
		return prov_why(why, RA_ERR_KEY,
		    "the SigRL signing key is not a P-256 point");
	}
	if (quote_key != NULL) {
		*quote_key = k;
	} else {
		ra_rsa_key_free(k);
	}
	return RA_OK;
}

enum ra_err
pve_join(struct platform *p, struct ra_ipc_prov_joined *out,
    const struct ra_ipc_prov_join *in, struct ra_ipc_error *why)
{
	struct pending_join pj;
	struct ra_ipc_prov_id id;
	struct ra_epid_join_request jr;
	uint8_t macin[sizeof(join_label) - 1 + RA_IPC_PPID_LEN + 4 +
	    RA_IPC_JOIN_NONCE_LEN + RA_IPC_JOIN_REQ_LEN];
	struct ra_buf b;
	enum ra_err err;

	memset(&pj, 0, sizeof(pj));
	if (in->gid == 0) {
		return prov_why(
		    why, RA_ERR_FORMAT, "EPID group id 0 is reserved");
	}
	err = ra_epid_group_pub_parse(
	    &pj.pub, in->group_pub, sizeof(in->group_pub), RA_EPID_GID_SGX);
	if (err != RA_OK) {
		return prov_why(why, err,
		    "the group public key is not valid (%s)", ra_errname(err));
	}
	if (gid_of(&pj.pub.gid) != in->gid) {
		return prov_why(why, RA_ERR_FORMAT,
		    "EPID group %08x does not match the group key's %08x",
		    in->gid, gid_of(&pj.pub.gid));
	}
	if ((err = check_keys(NULL, &pj.sigrl_key, in->quote_key, in->sigrl_key,
	         why)) != RA_OK) {
		return err;
	}
	if ((err = pve_prov_id(p, &id, why)) != RA_OK) {
		return err;
	}
	pj.gid = in->gid;
	memcpy(pj.nonce.b, in->nonce, sizeof(pj.nonce.b));
	memcpy(pj.quote_key, in->quote_key, sizeof(pj.quote_key));
	err = ra_epid_join_request_make(
	    &jr, &pj.f, NULL, &pj.pub, &pj.nonce, NULL);
	b = ra_buf_init(out->join_request, sizeof(out->join_request));
	if (err == RA_OK) {
		err = ra_epid_join_request_build(&b, &jr);
	}
	if (err != RA_OK || b.len != RA_IPC_JOIN_REQ_LEN) {
		RA_WIPE(pj);
		RA_WIPE(id);
		return prov_why(why, err != RA_OK ? err : RA_ERR_ARG,
		    "cannot make the join request (%s)", ra_errname(err));
	}
	/* mac as the service checks it (docs/attestd.md "Provisioning") */
	b = ra_buf_init(macin, sizeof(macin));
	ra_buf_put(&b, join_label, sizeof(join_label) - 1);
	RA_BUF_PUT(&b, id.ppid);
	ra_buf_u32be(&b, in->gid);
	RA_BUF_PUT(&b, in->nonce);
	RA_BUF_PUT(&b, out->join_request);
	err = ra_buf_finish(&b);
	if (err == RA_OK) {
		err = ra_cmac(&out->mac, &id.auth_key, macin, sizeof(macin));
	}
	RA_WIPE(id);
	if (err != RA_OK) {
		RA_WIPE(pj);
		return prov_why(why, err, "cannot MAC the join request");
	}
	pj.active = true;
	pthread_mutex_lock(&p->lock);
	p->join = pj; /* a new join replaces an unfinished one */
	pthread_mutex_unlock(&p->lock);
	RA_WIPE(pj);
	log_info("PvE: join request made for EPID group %08x", in->gid);
	return RA_OK;
}

/* The blob text of a member key and the keys that go with it. */
static void
text_build(uint8_t text[BLOB_TEXT_LEN], const struct pending_join *pj,
    const struct ra_epid_member_key *mk)
{
	struct ra_buf b = ra_buf_init(text, BLOB_TEXT_LEN);
	uint8_t pub[RA_IPC_GROUP_PUB_LEN];
	struct ra_buf pb = ra_buf_init(pub, sizeof(pub));
	enum ra_err err = ra_epid_group_pub_build(&pb, &pj->pub);

	ra_buf_u32le(&b, BLOB_VERSION);
	ra_buf_u32le(&b, pj->gid);
	RA_BUF_PUT(&b, pub);
	RA_BUF_PUT(&b, mk->a.b);
	RA_BUF_PUT(&b, mk->x.b);
	RA_BUF_PUT(&b, mk->f.b);
	RA_BUF_PUT(&b, pj->quote_key);
	RA_BUF_PUT(&b, pj->sigrl_key.x);
	RA_BUF_PUT(&b, pj->sigrl_key.y);
	if (err != RA_OK || pb.len != sizeof(pub) ||
	    ra_buf_finish(&b) != RA_OK || b.len != BLOB_TEXT_LEN) {
		fatalx("%s: internal error encoding the EPID blob", __func__);
	}
}

/* The PvE's blob key for the KEYREQUEST kr (see the top of this file). */
static enum ra_err
blob_key(struct ra_key128 *key, const struct platform *p,
    const struct ra_keyrequest *kr, struct ra_ipc_error *why)
{
	uint8_t in[sizeof(blob_label) - 1 + RA_KEY_ID_LEN];
	struct ra_key128 k;
	struct ra_mac128 m;
	enum ra_err err;

	if ((err = pve_getkey(&k, p, kr, why)) != RA_OK) {
		return err;
	}
	memcpy(in, blob_label, sizeof(blob_label) - 1);
	memcpy(in + sizeof(blob_label) - 1, kr->key_id, RA_KEY_ID_LEN);
	err = ra_cmac(&m, &k, in, sizeof(in));
	RA_WIPE(k);
	memcpy(key->b, m.b, sizeof(key->b));
	RA_WIPE(m);
	return err == RA_OK ? RA_OK
	                    : prov_why(why, err, "cannot derive the blob key");
}

enum ra_err
platform_state_write(const struct platform *p, const char *name,
    const void *data, size_t len, mode_t mode, struct ra_ipc_error *why)
{
	char path[PATH_MAX], tmp[PATH_MAX], msg[256], tmpname[64];
	enum ra_err err;
	int dfd;

	if ((size_t)snprintf(tmpname, sizeof(tmpname), "%s.new", name) >=
	        sizeof(tmpname) ||
	    files_join(path, sizeof(path), p->state_dir, name) != RA_OK ||
	    files_join(tmp, sizeof(tmp), p->state_dir, tmpname) != RA_OK) {
		return prov_why(
		    why, RA_ERR_IO, "state directory path too long");
	}
	(void)unlink(tmp); /* left by a crash mid-write */
	err = files_write_new(tmp, data, len, mode, msg, sizeof(msg));
	if (err != RA_OK) {
		return prov_why(
		    why, RA_ERR_IO, "cannot write %s: %s", name, msg);
	}
	if (rename(tmp, path) != 0) {
		err = prov_why(why, RA_ERR_IO, "cannot rename %s to %s: %s",
		    tmp, path, strerror(errno));
		(void)unlink(tmp);
		return err;
	}
	if ((dfd = open(p->state_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >=
	    0) {
		(void)fsync(dfd);
		close(dfd);
	}
	return RA_OK;
}

/* What a blob's text decodes to, before the QE takes it. Secret. */
struct epid_keys {
	struct ra_epid_member m;
	struct ra_rsa_key *quote_key;
	struct ra_ec256_pub sigrl_key;
	uint32_t gid;
};

static void
keys_free(struct epid_keys *k)
{
	if (k != NULL) {
		ra_rsa_key_free(k->quote_key);
		ra_wipe(k, sizeof(*k));
		free(k);
	}
}

/*
 * Decode and check text: RA_ERR_KEY (and why) if anything in it is not
 * what a provisioned platform holds, the member key above all (it must
 * be a key of the group: ra_epid_member_init).
 */
static enum ra_err
keys_decode(struct epid_keys **out, const uint8_t text[BLOB_TEXT_LEN],
    struct ra_ipc_error *why)
{
	struct ra_cur c = ra_cur_init(text, BLOB_TEXT_LEN);
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key mk;
	struct epid_keys *k;
	const uint8_t *pubb, *qkb, *skb;
	uint32_t version, gid;
	enum ra_err err;

	*out = NULL;
	version = ra_cur_u32le(&c);                   /*   0 */
	gid = ra_cur_u32le(&c);                       /*   4 */
	pubb = ra_cur_take(&c, RA_IPC_GROUP_PUB_LEN); /*   8 */
	RA_CUR_COPY(&c, mk.a.b);                      /* 268 */
	RA_CUR_COPY(&c, mk.x.b);                      /* 332 */
	RA_CUR_COPY(&c, mk.f.b);                      /* 364 */
	qkb = ra_cur_take(&c, RA_IPC_QUOTE_KEY_LEN);  /* 396 */
	skb = ra_cur_take(&c, RA_IPC_SIGRL_KEY_LEN);  /* 652 */
	if (ra_cur_finish(&c) != RA_OK || version != BLOB_VERSION) {
		RA_WIPE(mk);
		return prov_why(why, RA_ERR_VERSION,
		    "EPID blob of an unknown version %u", version);
	}
	err = ra_epid_group_pub_parse(
	    &pub, pubb, RA_IPC_GROUP_PUB_LEN, RA_EPID_GID_SGX);
	if (err != RA_OK || gid_of(&pub.gid) != gid) {
		RA_WIPE(mk);
		return prov_why(why, RA_ERR_KEY,
		    "the group key is not valid for EPID group %08x", gid);
	}
	if ((k = calloc(1, sizeof(*k))) == NULL) {
		RA_WIPE(mk);
		return prov_why(why, RA_ERR_NOMEM, "out of memory");
	}
	k->gid = gid;
	err = check_keys(&k->quote_key, &k->sigrl_key, qkb, skb, why);
	if (err != RA_OK) {
		RA_WIPE(mk);
		keys_free(k);
		return err;
	}
	mk.gid = pub.gid;
	err = ra_epid_member_init(&k->m, &pub, &mk);
	RA_WIPE(mk);
	if (err != RA_OK) {
		keys_free(k);
		return prov_why(why, RA_ERR_KEY,
		    "the credential is not a member key of EPID group %08x "
		    "(%s)",
		    gid, ra_errname(err));
	}
	*out = k;
	return RA_OK;
}

/* Make k the QE's; k is consumed. */
static void
keys_install(struct platform *p, struct epid_keys *k)
{
	struct ra_rsa_key *old;

	assert(k != NULL);
	pthread_rwlock_wrlock(&p->epid_lock);
	p->epid_member = k->m;
	old = p->quote_key;
	p->quote_key = k->quote_key;
	p->sigrl_key = k->sigrl_key;
	p->epid_gid = k->gid;
	pthread_rwlock_unlock(&p->epid_lock);
	k->quote_key = old;
	keys_free(k);
}

enum ra_err
pve_finish(struct platform *p, uint32_t *gid,
    const struct ra_ipc_prov_finish *in, struct ra_ipc_error *why)
{
	static uint8_t
	    blob[RA_SEALED_HEADER_LEN + BLOB_TEXT_LEN + sizeof(blob_aad) - 1];
	static pthread_mutex_t blob_lock = PTHREAD_MUTEX_INITIALIZER;
	struct pending_join pj;
	struct ra_epid_credential cred;
	struct ra_epid_member_key mk;
	struct ra_keyrequest kr;
	struct ra_key128 key;
	struct epid_keys *k = NULL;
	uint8_t text[BLOB_TEXT_LEN];
	size_t len = 0;
	enum ra_err err;

	pthread_mutex_lock(&p->lock);
	pj = p->join;
	pthread_mutex_unlock(&p->lock);
	if (!pj.active) {
		RA_WIPE(pj);
		return prov_why(why, RA_ERR_STATE,
		    "no EPID join in progress: PROV_JOIN first");
	}
	err = ra_epid_credential_parse(
	    &cred, in->credential, sizeof(in->credential), RA_EPID_GID_SGX);
	if (err != RA_OK) {
		RA_WIPE(pj);
		return prov_why(why, err, "the credential is malformed (%s)",
		    ra_errname(err));
	}
	if (gid_of(&cred.gid) != pj.gid) {
		err = prov_why(why, RA_ERR_POLICY,
		    "the credential is for EPID group %08x, the join was for "
		    "%08x",
		    gid_of(&cred.gid), pj.gid);
		RA_WIPE(pj);
		RA_WIPE(cred);
		return err;
	}
	mk.gid = cred.gid;
	mk.a = cred.a;
	mk.x = cred.x;
	mk.f = pj.f;
	RA_WIPE(cred);
	text_build(text, &pj, &mk);
	RA_WIPE(mk);
	/* the credential must be a key of the group before anything else */
	if ((err = keys_decode(&k, text, why)) != RA_OK) {
		RA_WIPE(pj);
		RA_WIPE(text);
		return err;
	}
	pve_keyrequest(&kr, p, RA_KEYNAME_PROVISION_SEAL);
	if ((err = ra_random(kr.key_id, sizeof(kr.key_id))) != RA_OK) {
		RA_WIPE(pj);
		RA_WIPE(text);
		keys_free(k);
		return prov_why(why, err, "no randomness for the blob's KEYID");
	}
	pthread_mutex_lock(&blob_lock);
	err = blob_key(&key, p, &kr, why);
	if (err == RA_OK) {
		err = ra_seal(blob, sizeof(blob), &len, &key, &kr, text,
		    sizeof(text), blob_aad, sizeof(blob_aad) - 1);
		if (err != RA_OK) {
			prov_why(why, err, "cannot seal the EPID blob");
		}
	}
	RA_WIPE(key);
	RA_WIPE(text);
	if (err == RA_OK) {
		err = platform_state_write(p, BLOB_NAME, blob, len, 0600, why);
	}
	/* in memory only once it is on disk: a restart keeps what we have */
	if (err == RA_OK) {
		keys_install(p, k);
		k = NULL;
	}
	ra_wipe(blob, sizeof(blob));
	pthread_mutex_unlock(&blob_lock);
	keys_free(k);
	if (err == RA_OK) {
		pthread_mutex_lock(&p->lock);
		if (p->join.active && p->join.gid == pj.gid &&
		    ra_ct_eq(p->join.nonce.b, pj.nonce.b, sizeof(pj.nonce.b))) {
			RA_WIPE(p->join);
		}
		pthread_mutex_unlock(&p->lock);
		*gid = pj.gid;
		log_info("PvE: provisioned for EPID group %08x", pj.gid);
	}
	RA_WIPE(pj);
	return err;
}

void
pve_load(struct platform *p)
{
	char path[PATH_MAX], msg[256];
	struct ra_ipc_error why;
	struct ra_sealed s;
	struct ra_key128 key;
	struct epid_keys *k = NULL;
	uint8_t text[BLOB_TEXT_LEN];
	uint8_t *blob = NULL;
	size_t len = 0;
	enum ra_err err;

	if (files_join(path, sizeof(path), p->state_dir, BLOB_NAME) != RA_OK) {
		fatalx("state directory path too long: %s", p->state_dir);
	}
	if (access(path, F_OK) != 0 && errno == ENOENT) {
		log_info("not provisioned for EPID (no %s)", path);
		return;
	}
	err = files_read(path, BLOB_MAX, true, &blob, &len, msg, sizeof(msg));
	if (err != RA_OK) {
		log_warnx(
		    "cannot read the EPID blob: %s: not provisioned", msg);
		return;
	}
	err = ra_sealed_parse(&s, blob, len);
	if (err == RA_OK &&
	    (s.key_request.key_name != RA_KEYNAME_PROVISION_SEAL ||
	        s.key_request.key_policy != RA_KEYPOLICY_MRSIGNER ||
	        s.ciphertext.len != BLOB_TEXT_LEN ||
	        s.aad.len != sizeof(blob_aad) - 1 ||
	        memcmp(s.aad.p, blob_aad, s.aad.len) != 0)) {
		err = RA_ERR_FORMAT;
	}
	if (err != RA_OK) {
		log_warnx("%s is not an EPID blob (%s): not provisioned; run "
		          "`sgxra platform provision` again",
		    path, ra_errname(err));
		files_free(blob, len);
		return;
	}
	err = blob_key(&key, p, &s.key_request, &why);
	if (err == RA_OK) {
		if ((err = ra_unseal(text, sizeof(text), &key, &s)) != RA_OK) {
			prov_why(&why, err,
			    "it does not unseal on this platform (%s)",
			    ra_errname(err));
		}
	}
	RA_WIPE(key);
	files_free(blob, len);
	if (err == RA_OK) {
		err = keys_decode(&k, text, &why);
	}
	RA_WIPE(text);
	if (err != RA_OK) {
		log_warnx("%s: %s: not provisioned; run `sgxra platform "
		          "provision` again",
		    path, why.msg);
		return;
	}
	keys_install(p, k);
	log_info("provisioned for EPID group %08x (%s)", p->epid_gid, path);
}
