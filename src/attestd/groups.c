/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EPID groups for the verification pipeline: a cache of what is costly to
 * rebuild per request (the verifier's decoded public key and checks, the
 * revocation lists, the signed SigRL), keyed by gid and checked against
 * the store on every use: an entry is reused only while the group's
 * public key, revocation state and list versions are what the store says
 * now, so an instance never serves stale revocation data that another
 * instance has updated.
 */
#include <stdlib.h>
#include <string.h>

#include "attestd.h"
#include "kproto.h"
#include "log.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"

#define GROUPS_MAX_ENTRIES 64
#define LEVELS_MAX         64

struct entry {
	struct store_group g;
	unsigned int refs; /* the cache's reference counts as one */
	struct ra_epid_verifier verifier;
	uint8_t *privrl_f; /* n1 * 32 */
	uint32_t n1;
	uint8_t *sigrl_bk; /* n2 * 128 */
	uint32_t n2;
	uint8_t *sigrl_file; /* signed SGX SigRL */
	size_t sigrl_file_len;
	struct entry *next;
};

struct group_cache {
	pthread_mutex_t lock;
	struct entry *head;
	unsigned int n;
};

enum ra_err
groups_new(struct group_cache **gc)
{
	if ((*gc = calloc(1, sizeof(**gc))) == NULL) {
		return RA_ERR_NOMEM;
	}
	pthread_mutex_init(&(*gc)->lock, NULL);
	return RA_OK;
}

static void
entry_free(struct entry *e)
{
	free(e->privrl_f);
	free(e->sigrl_bk);
	free(e->sigrl_file);
	free(e);
}

void
groups_free(struct group_cache *gc)
{
	struct entry *e, *next;

	if (gc == NULL) {
		return;
	}
	for (e = gc->head; e != NULL; e = next) {
		next = e->next;
		entry_free(e);
	}
	pthread_mutex_destroy(&gc->lock);
	free(gc);
}

/* The entry is current iff it shows what the store shows now. */
static bool
same_group(const struct store_group *a, const struct store_group *b)
{
	return a->gid == b->gid && a->revoked == b->revoked &&
	    a->revocation_reason == b->revocation_reason &&
	    a->sigrl_version == b->sigrl_version &&
	    a->privrl_version == b->privrl_version &&
	    memcmp(a->pub, b->pub, sizeof(a->pub)) == 0;
}

struct list_acc {
	uint8_t *p;
	size_t len, cap, entry_len;
	bool nomem;
};

static bool
acc_add(void *ctx, const uint8_t *entry)
{
	struct list_acc *a = ctx;

	if (a->len + a->entry_len > a->cap) {
		size_t cap = a->cap == 0 ? 16 * a->entry_len : 2 * a->cap;
		uint8_t *p = realloc(a->p, cap);

		if (p == NULL) {
			a->nomem = true;
			return false;
		}
		a->p = p;
		a->cap = cap;
	}
	memcpy(a->p + a->len, entry, a->entry_len);
	a->len += a->entry_len;
	return true;
}

/* The signed SGX SigRL of the entry's list (version > 0). */
static enum ra_err
sign_sigrl(struct attestd *ad, struct entry *e, uint32_t version)
{
	size_t body = 16 + (size_t)e->n2 * 128, sig_len;
	struct ra_bytes in;
	struct ra_buf b;
	enum ra_err err;

	if ((e->sigrl_file = malloc(body + 64)) == NULL) {
		return RA_ERR_NOMEM;
	}
	b = ra_buf_init(e->sigrl_file, body);
	ra_buf_u16be(&b, 0x0002);
	ra_buf_u16be(&b, 0x000e);
	ra_buf_u32be(&b, e->g.gid);
	ra_buf_u32be(&b, version);
	ra_buf_u32be(&b, e->n2);
	ra_buf_put(&b, e->sigrl_bk, (size_t)e->n2 * 128);
	if ((err = ra_buf_finish(&b)) != RA_OK) {
		return err;
	}
	in.p = e->sigrl_file;
	in.len = body;
	if ((err = attestd_keeper(ad, K_SIGN_SIGRL, &in, 1,
	         e->sigrl_file + body, 64, &sig_len)) != RA_OK) {
		return err;
	}
	e->sigrl_file_len = body + sig_len;
	return sig_len == 64 ? RA_OK : RA_ERR_IO;
}

/* A new entry for g (as just read from the store). */
static enum ra_err
build_entry(struct attestd *ad, const struct store_group *g, struct entry **out)
{
	struct ra_epid_group_pub pub;
	struct list_acc priv = { .entry_len = 32 }, sig = { .entry_len = 128 };
	uint32_t pv = 0, sv = 0;
	struct entry *e;
	enum ra_err err;

	*out = NULL;
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		return RA_ERR_NOMEM;
	}
	e->g = *g;
	if ((err = ra_epid_group_pub_parse(
	         &pub, g->pub, sizeof(g->pub), RA_EPID_GID_SGX)) != RA_OK ||
	    (err = ra_epid_verifier_init(&e->verifier, &pub)) != RA_OK) {
		log_warnx("group %08x: the stored public key is unusable (%s)",
		    g->gid, ra_errname(err));
		entry_free(e);
		return RA_ERR_IO;
	}
	if ((err = store_privrl_list(ad->store, g->gid, &pv, acc_add, &priv)) !=
	        RA_OK ||
	    (err = store_sigrl_list(ad->store, g->gid, &sv, acc_add, &sig)) !=
	        RA_OK) {
		free(priv.p);
		free(sig.p);
		entry_free(e);
		return err;
	}
	if (priv.nomem || sig.nomem) {
		free(priv.p);
		free(sig.p);
		entry_free(e);
		return RA_ERR_NOMEM;
	}
	e->privrl_f = priv.p;
	e->n1 = (uint32_t)(priv.len / 32);
	e->sigrl_bk = sig.p;
	e->n2 = (uint32_t)(sig.len / 128);
	/* The versions read with the lists win over the group row's. */
	e->g.privrl_version = pv;
	e->g.sigrl_version = sv;
	if (sv != 0 && (err = sign_sigrl(ad, e, sv)) != RA_OK) {
		entry_free(e);
		return err;
	}
	*out = e;
	return RA_OK;
}

static void
unref(struct group_cache *gc, struct entry *e)
{
	bool last;

	pthread_mutex_lock(&gc->lock);
	last = --e->refs == 0;
	pthread_mutex_unlock(&gc->lock);
	if (last) {
		entry_free(e);
	}
}

/* Put e in the cache in place of any entry for its gid (one ref held). */
static void
install(struct group_cache *gc, struct entry *e)
{
	struct entry **pp, *old = NULL, *victim = NULL;

	pthread_mutex_lock(&gc->lock);
	for (pp = &gc->head; *pp != NULL; pp = &(*pp)->next) {
		if ((*pp)->g.gid == e->g.gid) {
			old = *pp;
			*pp = old->next;
			gc->n--;
			break;
		}
	}
	if (gc->n >= GROUPS_MAX_ENTRIES && gc->head != NULL) {
		/* drop the last (least recently installed) */
		for (pp = &gc->head; (*pp)->next != NULL; pp = &(*pp)->next) {
		}
		victim = *pp;
		*pp = NULL;
		gc->n--;
	}
	e->refs = 2; /* the cache's and the caller's */
	e->next = gc->head;
	gc->head = e;
	gc->n++;
	if (old != NULL && --old->refs != 0) {
		old = NULL;
	}
	if (victim != NULL && --victim->refs != 0) {
		victim = NULL;
	}
	pthread_mutex_unlock(&gc->lock);
	if (old != NULL) {
		entry_free(old);
	}
	if (victim != NULL) {
		entry_free(victim);
	}
}

static bool
level_add(void *ctx, const struct store_tcb_level *l)
{
	struct group_view *v = ctx;

	if (v->nlevels >= LEVELS_MAX) {
		return false;
	}
	v->levels[v->nlevels++] = *l;
	return true;
}

enum ra_err
groups_get(struct attestd *ad, uint32_t gid, struct group_view *v, bool *found)
{
	struct group_cache *gc = ad->groups;
	struct store_group g;
	struct entry *e;
	enum ra_err err;

	memset(v, 0, sizeof(*v));
	*found = false;
	if ((err = store_group_get(ad->store, gid, &g, found)) != RA_OK ||
	    !*found) {
		return err;
	}
	pthread_mutex_lock(&gc->lock);
	for (e = gc->head; e != NULL; e = e->next) {
		if (same_group(&e->g, &g)) {
			e->refs++;
			break;
		}
	}
	pthread_mutex_unlock(&gc->lock);
	if (e == NULL) {
		if ((err = build_entry(ad, &g, &e)) != RA_OK) {
			return err;
		}
		install(gc, e);
	}
	if ((v->levels = calloc(LEVELS_MAX, sizeof(*v->levels))) == NULL) {
		unref(gc, e);
		return RA_ERR_NOMEM;
	}
	if ((err = store_tcb_list(ad->store, gid, level_add, v)) != RA_OK) {
		free(v->levels);
		v->levels = NULL;
		unref(gc, e);
		return err;
	}
	v->g = e->g;
	v->g.revoked = g.revoked;
	v->g.revocation_reason = g.revocation_reason;
	v->verifier = &e->verifier;
	memset(&v->privrl.gid, 0, sizeof(v->privrl.gid));
	v->privrl.gid.width = RA_EPID_GID_SGX;
	v->privrl.gid.b[0] = (uint8_t)(gid >> 24);
	v->privrl.gid.b[1] = (uint8_t)(gid >> 16);
	v->privrl.gid.b[2] = (uint8_t)(gid >> 8);
	v->privrl.gid.b[3] = (uint8_t)gid;
	v->privrl.version = e->g.privrl_version;
	v->privrl.n1 = e->n1;
	v->privrl.f.p = e->privrl_f;
	v->privrl.f.len = (size_t)e->n1 * 32;
	v->sigrl.gid = v->privrl.gid;
	v->sigrl.version = e->g.sigrl_version;
	v->sigrl.n2 = e->n2;
	v->sigrl.bk.p = e->sigrl_bk;
	v->sigrl.bk.len = (size_t)e->n2 * 128;
	v->sigrl_file = e->sigrl_file;
	v->sigrl_file_len = e->sigrl_file_len;
	v->entry = e;
	return RA_OK;
}

void
groups_release(struct attestd *ad, struct group_view *v)
{
	if (v->entry != NULL) {
		unref(ad->groups, v->entry);
	}
	free(v->levels);
	memset(v, 0, sizeof(*v));
}

enum ra_err
groups_create(
    struct attestd *ad, uint32_t gid, int64_t now, char *why, size_t cap)
{
	uint8_t in[4] = { (uint8_t)(gid >> 24), (uint8_t)(gid >> 16),
		(uint8_t)(gid >> 8), (uint8_t)gid };
	uint8_t out[KPROTO_GROUP_PUB_LEN + KPROTO_GROUP_CERT_LEN +
	    KPROTO_WRAPPED_LEN];
	struct ra_bytes part = { in, sizeof(in) };
	struct store_group g;
	size_t len;
	bool found;
	enum ra_err err;

	if (gid == 0) {
		snprintf(why, cap, "group id 0 is reserved");
		return RA_ERR_ARG;
	}
	if ((err = store_group_get(ad->store, gid, &g, &found)) != RA_OK) {
		snprintf(why, cap, "store: %s", store_last_error(ad->store));
		return err;
	}
	if (found) {
		snprintf(why, cap, "group %08x exists", gid);
		return RA_ERR_POLICY;
	}
	if ((err = attestd_keeper(
	         ad, K_GROUP_NEW, &part, 1, out, sizeof(out), &len)) != RA_OK ||
	    len != sizeof(out)) {
		snprintf(why, cap,
		    "the key-holding process could not make the "
		    "group's keys");
		return err != RA_OK ? err : RA_ERR_IO;
	}
	memset(&g, 0, sizeof(g));
	g.gid = gid;
	memcpy(g.pub, out, KPROTO_GROUP_PUB_LEN);
	memcpy(g.cert, out + KPROTO_GROUP_PUB_LEN, KPROTO_GROUP_CERT_LEN);
	memcpy(g.wrapped_isk,
	    out + KPROTO_GROUP_PUB_LEN + KPROTO_GROUP_CERT_LEN,
	    KPROTO_WRAPPED_LEN);
	g.created = now;
	if ((err = store_group_put(ad->store, &g)) != RA_OK) {
		snprintf(why, cap, "store: %s", store_last_error(ad->store));
		return err;
	}
	return RA_OK;
}
