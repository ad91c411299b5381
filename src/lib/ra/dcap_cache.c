/* SPDX-License-Identifier: BSD-3-Clause */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ra/dcap_internal.h"
#include "sgxra/crypto.h"
/* last */
#include "internal.h"

/*
 * The DCAP caches (docs/dcap.md "Caching"): checked collateral and
 * verified PCK chains, found by a 64-bit fingerprint and confirmed by
 * comparing every byte, and fetched collateral by PCS key with a
 * max-age policy and single-flight refresh. One mutex guards the tables;
 * checked sets and fetched collateral are immutable and reference-counted,
 * so a verification uses them without the lock. Tables are fixed arrays
 * of max_entries slots, searched linearly on a 64-bit tag (a few hundred
 * slots cost well under a microsecond); the least recently used slot is
 * replaced when a table is full. Busy (fetching) slots are never replaced,
 * and slots never move, so a fetcher's slot pointer stays valid.
 */

struct ra_dcap_coll {
	atomic_int refs;
	struct ra_dcap_collateral views;
	size_t len;
	uint8_t bytes[]; /* every item, back to back */
};

struct slot_checked {
	uint64_t tag;
	uint64_t used;
	struct dcap_checked *chk; /* NULL: free */
};

struct slot_pck {
	uint64_t tag;
	uint64_t used;
	bool live;
	uint64_t serial; /* of the checked set */
	enum ra_dcap_cert_type type;
	uint8_t *cert_data; /* a copy: the exact bytes */
	size_t cert_len;
	struct dcap_pck pck;
};

struct slot_fetch {
	uint64_t used;
	bool live;
	bool busy;            /* a fetch is running */
	uint64_t generation;  /* bumped when a fetch ends */
	enum ra_err last_err; /* of the last fetch */
	struct ra_dcap_coll_key key;
	struct ra_dcap_coll *coll;
	int64_t fetched_at;
	int64_t expiry;
};

struct ra_dcap_cache {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	size_t max;
	uint64_t clock;
	struct slot_checked *chk;
	struct slot_pck *pck;
	struct slot_fetch *fetch;
	struct ra_dcap_cache_stats st;
	ra_dcap_fetch_fn fetcher;
	void *fetch_arg;
	int64_t max_age;
};

/* ---- owned collateral ---------------------------------------------------- */

static void
copy_item(struct ra_bytes *dst, struct ra_bytes src, uint8_t **p)
{
	if (src.p == NULL || src.len == 0) {
		*dst = (struct ra_bytes){ NULL, 0 };
		return;
	}
	memcpy(*p, src.p, src.len);
	*dst = (struct ra_bytes){ *p, src.len };
	*p += src.len;
}

enum ra_err
ra_dcap_cache_coll_new(
    struct ra_dcap_coll **out, const struct ra_dcap_collateral *s)
{
	const struct ra_bytes items[] = { s->pck_crl_issuer_chain,
		s->root_ca_crl, s->pck_crl, s->tcb_info_issuer_chain,
		s->tcb_info, s->qe_identity_issuer_chain, s->qe_identity,
		s->pck_chain };
	struct ra_dcap_coll *c;
	size_t total = 0, i;
	uint8_t *p;

	if (out == NULL || s == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	for (i = 0; i < sizeof(items) / sizeof(items[0]); i++) {
		if (items[i].len > SIZE_MAX / 2 - total) {
			return RA_ERR_ARG;
		}
		total += items[i].p != NULL ? items[i].len : 0;
	}
	if ((c = calloc(1, sizeof(*c) + total)) == NULL) {
		return RA_ERR_NOMEM;
	}
	atomic_init(&c->refs, 1);
	c->len = total;
	p = c->bytes;
	c->views = *s;
	copy_item(&c->views.pck_crl_issuer_chain, s->pck_crl_issuer_chain, &p);
	copy_item(&c->views.root_ca_crl, s->root_ca_crl, &p);
	copy_item(&c->views.pck_crl, s->pck_crl, &p);
	copy_item(
	    &c->views.tcb_info_issuer_chain, s->tcb_info_issuer_chain, &p);
	copy_item(&c->views.tcb_info, s->tcb_info, &p);
	copy_item(&c->views.qe_identity_issuer_chain,
	    s->qe_identity_issuer_chain, &p);
	copy_item(&c->views.qe_identity, s->qe_identity, &p);
	copy_item(&c->views.pck_chain, s->pck_chain, &p);
	*out = c;
	return RA_OK;
}

const struct ra_dcap_collateral *
ra_dcap_cache_coll_views(const struct ra_dcap_coll *c)
{
	return &c->views;
}

void
ra_dcap_cache_coll_hold(struct ra_dcap_coll *c)
{
	atomic_fetch_add(&c->refs, 1);
}

void
ra_dcap_cache_coll_release(struct ra_dcap_coll *c)
{
	if (c == NULL || atomic_fetch_sub(&c->refs, 1) != 1) {
		return;
	}
	ra_wipe(c->bytes, c->len);
	free(c);
}

/* ---- the cache object ---------------------------------------------------- */

enum ra_err
ra_dcap_cache_new(struct ra_dcap_cache **out, size_t max_entries,
    ra_dcap_fetch_fn fetch, void *fetch_arg, int64_t max_age)
{
	struct ra_dcap_cache *c;

	if (out == NULL || max_entries == 0 || max_entries > 1u << 20 ||
	    max_age < 0) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if ((c = calloc(1, sizeof(*c))) == NULL) {
		return RA_ERR_NOMEM;
	}
	c->chk = calloc(max_entries, sizeof(*c->chk));
	c->pck = calloc(max_entries, sizeof(*c->pck));
	c->fetch = calloc(max_entries, sizeof(*c->fetch));
	if (c->chk == NULL || c->pck == NULL || c->fetch == NULL ||
	    pthread_mutex_init(&c->mu, NULL) != 0) {
		free(c->chk);
		free(c->pck);
		free(c->fetch);
		free(c);
		return RA_ERR_NOMEM;
	}
	if (pthread_cond_init(&c->cv, NULL) != 0) {
		pthread_mutex_destroy(&c->mu);
		free(c->chk);
		free(c->pck);
		free(c->fetch);
		free(c);
		return RA_ERR_NOMEM;
	}
	c->max = max_entries;
	c->fetcher = fetch;
	c->fetch_arg = fetch_arg;
	c->max_age = max_age;
	*out = c;
	return RA_OK;
}

void
ra_dcap_cache_free(struct ra_dcap_cache *c)
{
	size_t i;

	if (c == NULL) {
		return;
	}
	for (i = 0; i < c->max; i++) {
		ra_dcap_cache_checked_release(c->chk[i].chk);
		ra_dcap_cache_coll_release(c->fetch[i].coll);
		free(c->pck[i].cert_data);
	}
	pthread_cond_destroy(&c->cv);
	pthread_mutex_destroy(&c->mu);
	free(c->chk);
	ra_wipe(c->pck, c->max * sizeof(*c->pck));
	free(c->pck);
	free(c->fetch);
	free(c);
}

void
ra_dcap_cache_stats(
    const struct ra_dcap_cache *c, struct ra_dcap_cache_stats *s)
{
	pthread_mutex_t *mu = (pthread_mutex_t *)(uintptr_t)&c->mu;

	pthread_mutex_lock(mu);
	*s = c->st;
	pthread_mutex_unlock(mu);
}

/* Replacement order: a free slot first, then the least recently used. */
static bool
better_victim(
    bool cand_free, uint64_t cand_used, bool cur_free, uint64_t cur_used)
{
	if (cur_free) {
		return false;
	}
	return cand_free || cand_used < cur_used;
}

/* ---- checked collateral ------------------------------------------------- */

void
ra_dcap_cache_checked_release(struct dcap_checked *k)
{
	if (k == NULL || atomic_fetch_sub(&k->refs, 1) != 1) {
		return;
	}
	ra_x509_crl_free(k->root_crl);
	ra_x509_crl_free(k->pck_crl);
	ra_dcap_cache_coll_release(k->copy);
	free(k);
}

static bool
is_checked(const struct dcap_checked *k, uint64_t fp,
    const struct ra_hash256 *anchor_id, unsigned int options,
    const struct ra_dcap_collateral *coll)
{
	return k != NULL && k->fp == fp && k->options == options &&
	    ra_ct_eq(k->anchor_id.b, anchor_id->b, sizeof(anchor_id->b)) &&
	    ra_dcap_check_same(&k->copy->views, coll);
}

struct dcap_checked *
ra_dcap_cache_find_checked(struct ra_dcap_cache *c, uint64_t fp,
    const struct ra_hash256 *anchor_id, unsigned int options,
    const struct ra_dcap_collateral *coll)
{
	struct dcap_checked *found = NULL;
	size_t i;

	pthread_mutex_lock(&c->mu);
	for (i = 0; i < c->max; i++) {
		struct slot_checked *s = &c->chk[i];

		if (s->tag == fp &&
		    is_checked(s->chk, fp, anchor_id, options, coll)) {
			s->used = ++c->clock;
			atomic_fetch_add(&s->chk->refs, 1);
			found = s->chk;
			break;
		}
	}
	if (found != NULL) {
		c->st.coll_hits++;
	} else {
		c->st.coll_misses++;
	}
	pthread_mutex_unlock(&c->mu);
	return found;
}

void
ra_dcap_cache_put_checked(struct ra_dcap_cache *c, struct dcap_checked *k,
    const struct ra_dcap_collateral *coll)
{
	struct slot_checked *victim = &c->chk[0];
	struct dcap_checked *old = NULL;
	size_t i;

	/* not yet shared: the copy can be made without the lock */
	if (k->copy == NULL &&
	    ra_dcap_cache_coll_new(&k->copy, coll) != RA_OK) {
		return; /* no memory: simply not cached */
	}
	pthread_mutex_lock(&c->mu);
	for (i = 0; i < c->max; i++) {
		struct slot_checked *s = &c->chk[i];

		if (s->tag == k->fp &&
		    is_checked(
		        s->chk, k->fp, &k->anchor_id, k->options, coll)) {
			pthread_mutex_unlock(&c->mu);
			return; /* another thread was first */
		}
		if (better_victim(s->chk == NULL, s->used, victim->chk == NULL,
		        victim->used)) {
			victim = s;
		}
	}
	old = victim->chk;
	atomic_fetch_add(&k->refs, 1);
	*victim = (struct slot_checked){ k->fp, ++c->clock, k };
	pthread_mutex_unlock(&c->mu);
	ra_dcap_cache_checked_release(old);
}

/* ---- verified PCK chains ------------------------------------------------ */

static uint64_t
pck_tag(uint64_t serial, enum ra_dcap_cert_type type, struct ra_bytes d)
{
	uint64_t h = serial * 0x9e3779b97f4a7c15ULL ^ (uint64_t)type;
	size_t i, edge = d.len < 32 ? d.len : 32;

	h ^= (uint64_t)d.len << 32;
	for (i = 0; i < edge; i++) {
		h = (h ^ d.p[d.len - edge + i]) * 0x100000001b3ULL;
	}
	return h;
}

static bool
is_pck(const struct slot_pck *s, uint64_t serial, enum ra_dcap_cert_type type,
    struct ra_bytes d)
{
	return s->live && s->serial == serial && s->type == type &&
	    s->cert_len == d.len && ra_ct_eq(s->cert_data, d.p, d.len);
}

bool
ra_dcap_cache_find_pck(struct ra_dcap_cache *c, uint64_t serial,
    enum ra_dcap_cert_type type, struct ra_bytes cert_data,
    struct dcap_pck *out)
{
	uint64_t tag = pck_tag(serial, type, cert_data);
	bool found = false;
	size_t i;

	pthread_mutex_lock(&c->mu);
	for (i = 0; i < c->max; i++) {
		struct slot_pck *s = &c->pck[i];

		if (s->tag == tag && is_pck(s, serial, type, cert_data)) {
			s->used = ++c->clock;
			*out = s->pck;
			found = true;
			break;
		}
	}
	if (found) {
		c->st.chain_hits++;
	} else {
		c->st.chain_misses++;
	}
	pthread_mutex_unlock(&c->mu);
	return found;
}

void
ra_dcap_cache_put_pck(struct ra_dcap_cache *c, uint64_t serial,
    enum ra_dcap_cert_type type, struct ra_bytes cert_data,
    const struct dcap_pck *pck)
{
	struct slot_pck *victim = &c->pck[0];
	uint64_t tag = pck_tag(serial, type, cert_data);
	uint8_t *copy = malloc(cert_data.len == 0 ? 1 : cert_data.len), *old;
	size_t i;

	if (copy == NULL) {
		return;
	}
	if (cert_data.len != 0) {
		memcpy(copy, cert_data.p, cert_data.len);
	}
	pthread_mutex_lock(&c->mu);
	for (i = 0; i < c->max; i++) {
		struct slot_pck *s = &c->pck[i];

		if (s->tag == tag && is_pck(s, serial, type, cert_data)) {
			victim = s;
			break;
		}
		if (better_victim(
		        !s->live, s->used, !victim->live, victim->used)) {
			victim = s;
		}
	}
	old = victim->cert_data;
	victim->live = true;
	victim->tag = tag;
	victim->serial = serial;
	victim->type = type;
	victim->cert_data = copy;
	victim->cert_len = cert_data.len;
	victim->pck = *pck;
	victim->used = ++c->clock;
	pthread_mutex_unlock(&c->mu);
	free(old);
}

/* ---- fetched collateral: max-age and single flight ------------------------
 */

static bool
same_key(const struct ra_dcap_coll_key *a, const struct ra_dcap_coll_key *b)
{
	return a->tee_type == b->tee_type && a->ca == b->ca &&
	    ra_ct_eq(a->fmspc, b->fmspc, sizeof(a->fmspc));
}

/* The slot for key, or a free / least recently used idle one (cleared). */
static struct slot_fetch *
fetch_slot(struct ra_dcap_cache *c, const struct ra_dcap_coll_key *key)
{
	struct slot_fetch *victim = NULL;
	size_t i;

	for (i = 0; i < c->max; i++) {
		struct slot_fetch *s = &c->fetch[i];

		if (s->live && same_key(&s->key, key)) {
			return s;
		}
		if (s->busy) {
			continue;
		}
		if (victim == NULL ||
		    better_victim(
		        !s->live, s->used, !victim->live, victim->used)) {
			victim = s;
		}
	}
	if (victim == NULL) {
		return NULL; /* every slot is fetching */
	}
	ra_dcap_cache_coll_release(victim->coll);
	memset(victim, 0, sizeof(*victim));
	victim->live = true;
	victim->key = *key;
	return victim;
}

static bool
is_fresh(const struct ra_dcap_cache *c, const struct slot_fetch *s, int64_t now)
{
	return s->coll != NULL && now >= s->fetched_at &&
	    now - s->fetched_at < c->max_age && now < s->expiry;
}

/* Run the fetch for s without the lock; publish the result with it. */
static enum ra_err
run_fetch(struct ra_dcap_cache *c, struct slot_fetch *s,
    const struct ra_dcap_coll_key *key, int64_t now, struct ra_dcap_coll **out)
{
	struct ra_dcap_coll *got = NULL;
	enum ra_err err;
	int64_t expiry;

	s->busy = true;
	c->st.fetches++;
	pthread_mutex_unlock(&c->mu);
	err = c->fetcher(c->fetch_arg, key, now, &got);
	expiry = err == RA_OK ? ra_dcap_cache_expiry(&got->views) : 0;
	pthread_mutex_lock(&c->mu);
	s->busy = false;
	s->generation++;
	s->last_err = err;
	if (err == RA_OK) {
		ra_dcap_cache_coll_release(s->coll);
		s->coll = got;
		s->fetched_at = now;
		s->expiry = expiry;
		ra_dcap_cache_coll_hold(got);
		*out = got;
	}
	pthread_cond_broadcast(&c->cv);
	return err;
}

enum ra_err
ra_dcap_cache_get(struct ra_dcap_cache *c, const struct ra_dcap_coll_key *key,
    int64_t now, struct ra_dcap_coll **out)
{
	struct slot_fetch *s;
	uint64_t gen;
	enum ra_err err;

	if (c == NULL || key == NULL || out == NULL) {
		return RA_ERR_ARG;
	}
	*out = NULL;
	if (c->fetcher == NULL) {
		return RA_ERR_STATE;
	}
	pthread_mutex_lock(&c->mu);
	for (;;) {
		if ((s = fetch_slot(c, key)) == NULL) {
			err = RA_ERR_NOMEM; /* every slot busy: too many keys */
			break;
		}
		s->used = ++c->clock;
		if (is_fresh(c, s, now)) {
			ra_dcap_cache_coll_hold(s->coll);
			*out = s->coll;
			err = RA_OK;
			break;
		}
		if (!s->busy) {
			err = run_fetch(c, s, key, now, out);
			break;
		}
		/* single flight: wait for the running fetch, take its result */
		c->st.fetch_waits++;
		gen = s->generation;
		while (s->busy && s->generation == gen) {
			pthread_cond_wait(&c->cv, &c->mu);
		}
		if (!s->live || !same_key(&s->key, key) ||
		    s->generation == gen) {
			continue; /* the slot was reused meanwhile: start over
			           */
		}
		if (s->last_err != RA_OK || s->coll == NULL) {
			err = s->last_err != RA_OK ? s->last_err : RA_ERR_STATE;
			break;
		}
		ra_dcap_cache_coll_hold(s->coll);
		*out = s->coll;
		err = RA_OK;
		break;
	}
	pthread_mutex_unlock(&c->mu);
	return err;
}

/* ---- helpers ------------------------------------------------------------- */

static void
min_crl(int64_t *m, struct ra_bytes b)
{
	struct ra_x509_crl *crl = NULL;
	int64_t tu, nu;

	if (b.p == NULL || b.len == 0) {
		return;
	}
	if ((b.p[0] == 0x30 ? ra_x509_crl_from_der(&crl, b.p, b.len)
	                    : ra_x509_crl_from_pem(
	                          &crl, (const char *)b.p, b.len)) == RA_OK &&
	    ra_x509_crl_validity(crl, &tu, &nu) == RA_OK && nu < *m) {
		*m = nu;
	}
	ra_x509_crl_free(crl);
}

static void
min_chain(int64_t *m, struct ra_bytes b)
{
	struct ra_x509_list *l = NULL;
	int64_t nb, na;
	size_t i;

	if (b.p == NULL || b.len == 0 ||
	    ra_x509_list_from_bytes(&l, b.p, b.len) != RA_OK) {
		return;
	}
	for (i = 0; i < ra_x509_list_len(l); i++) {
		if (ra_x509_validity(ra_x509_list_get(l, i), &nb, &na) ==
		        RA_OK &&
		    na < *m) {
			*m = na;
		}
	}
	ra_x509_list_free(l);
}

int64_t
ra_dcap_cache_expiry(const struct ra_dcap_collateral *coll)
{
	struct ra_tcb_info *ti = malloc(sizeof(*ti));
	struct ra_qe_identity *qi = malloc(sizeof(*qi));
	int64_t m = INT64_MAX;

	min_crl(&m, coll->root_ca_crl);
	min_crl(&m, coll->pck_crl);
	min_chain(&m, coll->pck_crl_issuer_chain);
	min_chain(&m, coll->tcb_info_issuer_chain);
	min_chain(&m, coll->qe_identity_issuer_chain);
	if (ti != NULL &&
	    ra_tcb_info_parse(ti, (const char *)coll->tcb_info.p,
	        coll->tcb_info.len) == RA_OK &&
	    ti->next_update < m) {
		m = ti->next_update;
	}
	if (qi != NULL &&
	    ra_qe_identity_parse(qi, (const char *)coll->qe_identity.p,
	        coll->qe_identity.len) == RA_OK &&
	    qi->next_update < m) {
		m = qi->next_update;
	}
	free(ti);
	free(qi);
	return m;
}

enum ra_err
ra_dcap_cache_key(
    struct ra_dcap_coll_key *key, const uint8_t *quote, size_t len)
{
	struct ra_dcap_quote *q = malloc(sizeof(*q));
	struct ra_x509_list *l = NULL;
	struct ra_pck_ext ext;
	struct ra_bytes v;
	char issuer[256];
	bool crit, found = false;
	size_t n = 0;
	enum ra_err err;

	if (key == NULL || q == NULL) {
		free(q);
		return q == NULL ? RA_ERR_NOMEM : RA_ERR_ARG;
	}
	memset(key, 0, sizeof(*key));
	if ((err = ra_dcap_quote_len(&n, quote, len)) != RA_OK ||
	    (err = ra_dcap_quote_parse(q, quote, n)) != RA_OK) {
		free(q);
		return err;
	}
	err = RA_ERR_VERSION;
	if (q->cert_type == RA_DCAP_CERT_PCK_CHAIN ||
	    q->cert_type == RA_DCAP_CERT_PCK_LEAF) {
		err = ra_x509_list_from_bytes(
		    &l, q->cert_data.p, q->cert_data.len);
	}
	if (err == RA_OK) {
		const struct ra_x509 *leaf = ra_x509_list_get(l, 0);

		if ((err = ra_x509_extension(
		         leaf, RA_SGX_EXT_OID, &v, &crit, &found)) == RA_OK &&
		    (err = found ? ra_pck_ext_parse(&ext, v.p, v.len)
		                 : RA_ERR_FORMAT) == RA_OK &&
		    (err = ra_x509_issuer(leaf, issuer, sizeof(issuer))) ==
		        RA_OK) {
			key->tee_type = q->tee_type;
			memcpy(key->fmspc, ext.fmspc, sizeof(key->fmspc));
			key->ca = strstr(issuer, "Platform CA") != NULL
			    ? RA_PCK_CA_PLATFORM
			    : RA_PCK_CA_PROCESSOR;
		}
	}
	ra_x509_list_free(l);
	free(q);
	return err;
}
