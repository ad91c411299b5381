/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-spd's sessions: one SP protocol engine (ra_sp_*) per attestation,
 * from msg0/msg1 to msg4, shared by the HTTP and sgx-ra-sample
 * transports. A session lives at most session-ttl seconds. After its
 * msg3 it stays, marked done, until it expires, so that a replayed msg3
 * is named as such; then it is forgotten and a msg3 for it is "unknown
 * or expired". The table has max-sessions slots; expired sessions are
 * swept when a new one needs a slot.
 *
 * Every decision is logged on one line: session, peer, step, verdict and
 * the reason.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "log.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "spd.h"

enum sess_state {
	SESS_WAIT_MSG3 = 0, /* msg2 sent */
	SESS_BUSY = 1,      /* msg3 being processed */
	SESS_DONE = 2,      /* msg4 sent: any further msg3 is a replay */
};

struct spd_session {
	uint8_t id[SPD_SESSION_ID_LEN];
	char id_hex[2 * SPD_SESSION_ID_LEN + 1];
	int64_t expires;
	enum sess_state state;
	uint32_t gid;
	struct ra_sp_session *sp;
	struct ra_sp_service ops;
	/* what the attestation service callbacks use */
	struct spd *d;
	struct ra_ias_conn conn;
	struct ra_ias_conn qvs_conn;     /* quote-type dcap */
	uint8_t *body;                   /* RA_AVR_BODY_MAX_LEN */
	struct ra_ias_report_resp *resp; /* ~17 KiB */
};

static int64_t
now_of(const struct spd *d)
{
	return d->now != NULL ? d->now() : (int64_t)time(NULL);
}

static void
result(struct spd_result *res, int status, const char *code, const char *prefix,
    const char *text)
{
	res->status = status;
	res->code = code;
	snprintf(res->reason, sizeof(res->reason), "%s%s", prefix, text);
}

/* --- the attestation service, for the engine ----------------------------- */

static enum ra_err
svc_get_sigrl(void *ctx, uint32_t gid, struct ra_buf *sigrl)
{
	struct spd_session *s = ctx;
	uint8_t *tmp = malloc(SPD_SIGRL_MAX);
	size_t n = 0;
	long http = 0;
	enum ra_err err;

	if (tmp == NULL) {
		return RA_ERR_NOMEM;
	}
	err = ra_ias_get_sigrl(&s->conn, tmp, SPD_SIGRL_MAX, &n, &http, gid);
	if (err != RA_OK) {
		log_warnx("session %s: GET sigrl/%08x: %s (HTTP %ld)",
		    s->id_hex, gid, ra_strerror(err), http);
	} else {
		ra_buf_put(sigrl, tmp, n);
		err = ra_buf_finish(sigrl);
	}
	free(tmp);
	return err;
}

static enum ra_err
post_report(struct spd_session *s, bool dcap, struct ra_sp_avr *avr,
    const uint8_t *quote, size_t quote_len, const char *nonce)
{
	enum ra_err err;

	if (s->body == NULL &&
	    (s->body = malloc(RA_AVR_BODY_MAX_LEN)) == NULL) {
		return RA_ERR_NOMEM;
	}
	if (s->resp == NULL &&
	    (s->resp = calloc(1, sizeof(*s->resp))) == NULL) {
		return RA_ERR_NOMEM;
	}
	log_info("session %s: quote %zu bytes, nonce %s -> the attestation "
	         "service",
	    s->id_hex, quote_len, nonce);
	err = dcap ? ra_qvs_post_report(&s->qvs_conn, s->resp, s->body,
	                 RA_AVR_BODY_MAX_LEN, quote, quote_len, nonce)
	           : ra_ias_post_report(&s->conn, s->resp, s->body,
	                 RA_AVR_BODY_MAX_LEN, quote, quote_len, nonce);
	if (err != RA_OK) {
		log_warnx("session %s: POST %sreport: %s (HTTP %ld, "
		          "Request-ID %s)",
		    s->id_hex, dcap ? "dcap " : "", ra_strerror(err),
		    s->resp->http_status,
		    s->resp->request_id[0] != '\0' ? s->resp->request_id : "-");
		return err;
	}
	avr->body = s->body;
	avr->body_len = s->resp->body_len;
	avr->sig = s->resp->signature;
	avr->sig_len = s->resp->signature_len;
	avr->certs = s->resp->certs;
	avr->certs_len = s->resp->certs_len;
	return RA_OK;
}

static enum ra_err
svc_post_report(void *ctx, struct ra_sp_avr *avr, const uint8_t *quote,
    size_t quote_len, const char *nonce)
{
	return post_report(ctx, false, avr, quote, quote_len, nonce);
}

/* quote-type dcap: POST {qvs-url}/report, a QVS report back */
static enum ra_err
svc_post_dcap_report(void *ctx, struct ra_sp_avr *avr, const uint8_t *quote,
    size_t quote_len, const char *nonce)
{
	return post_report(ctx, true, avr, quote, quote_len, nonce);
}

/* --- the table ----------------------------------------------------------- */

static void
session_free(struct spd_session *s)
{
	if (s == NULL) {
		return;
	}
	ra_sp_free(s->sp);
	free(s->body);
	free(s->resp);
	RA_WIPE(*s);
	free(s);
}

void
spd_sessions_free(struct spd *d)
{
	unsigned int i;

	if (d->sessions == NULL) {
		return;
	}
	for (i = 0; i < d->cfg.max_sessions; i++) {
		session_free(d->sessions[i]);
		d->sessions[i] = NULL;
	}
}

/* A free slot, sweeping expired sessions (not busy ones); -1 if full. */
static long
free_slot(struct spd *d, int64_t now)
{
	long found = -1;
	unsigned int i;

	for (i = 0; i < d->cfg.max_sessions; i++) {
		struct spd_session *s = d->sessions[i];

		if (s != NULL && s->state != SESS_BUSY && s->expires <= now) {
			session_free(s);
			d->sessions[i] = s = NULL;
		}
		if (s == NULL && found < 0) {
			found = (long)i;
		}
	}
	return found;
}

/* The live session named id_hex; NULL if unknown or expired. */
static struct spd_session *
find(struct spd *d, const char *id_hex, int64_t now)
{
	uint8_t id[SPD_SESSION_ID_LEN];
	struct spd_session *hit = NULL;
	unsigned int i;

	if (id_hex == NULL ||
	    ra_hex_decode_exact(id, sizeof(id), id_hex, strlen(id_hex)) !=
	        RA_OK) {
		return NULL;
	}
	for (i = 0; i < d->cfg.max_sessions; i++) {
		struct spd_session *s = d->sessions[i];

		if (s != NULL && ra_ct_eq(s->id, id, sizeof(id))) {
			hit = s;
		}
	}
	return hit != NULL && (hit->expires > now || hit->state == SESS_BUSY)
	    ? hit
	    : NULL;
}

/* --- msg0/msg1 -> msg2 ---------------------------------------------------- */

static struct spd_session *
session_new(struct spd *d)
{
	struct spd_session *s = calloc(1, sizeof(*s));

	if (s == NULL) {
		return NULL;
	}
	if (ra_random(s->id, sizeof(s->id)) != RA_OK ||
	    ra_hex_encode(s->id_hex, sizeof(s->id_hex), s->id, sizeof(s->id)) !=
	        RA_OK) {
		free(s);
		return NULL;
	}
	s->d = d;
	s->conn.base_url = d->cfg.ias_url;
	s->conn.api_key = d->ias_key;
	s->conn.ca_file = d->cfg.ias_ca[0] != '\0' ? d->cfg.ias_ca : NULL;
	s->conn.timeout_ms = (long)d->cfg.ias_timeout_s * 1000;
	s->ops.get_sigrl = svc_get_sigrl;
	s->ops.post_report = svc_post_report;
	s->ops.post_dcap_report = svc_post_dcap_report;
	s->qvs_conn = s->conn;
	s->qvs_conn.base_url = d->cfg.qvs_url;
	s->ops.ctx = s;
	if (ra_sp_new(&s->sp, &d->sp, &s->ops, NULL) != RA_OK) {
		free(s);
		return NULL;
	}
	return s;
}

/* The HTTP status of a refusal before any msg4 could be written. */
static void
refusal(struct spd_result *res, enum ra_err err, enum ra_sp_reason r)
{
	const char *why = ra_sp_reason_name(r);

	switch (r) {
	case RA_SP_REASON_SIGRL:
	case RA_SP_REASON_SERVICE:
		result(res, 502, "bad_gateway",
		    "the attestation service failed: ", why);
		return;
	case RA_SP_REASON_MAC:
		result(res, 403, "forbidden", "", why);
		return;
	case RA_SP_REASON_NONE:
		break;
	default:
		result(res, 400, "bad_request", "", why);
		return;
	}
	if (err == RA_ERR_NOMEM) {
		result(res, 503, "unavailable", "", "out of memory");
	} else {
		result(res, 400, "bad_request", "", ra_strerror(err));
	}
}

void
spd_msg01(struct spd *d, struct spd_result *res, struct ra_buf *msg2,
    char id[2 * SPD_SESSION_ID_LEN + 1], const uint8_t *msg01, size_t len,
    const char *peer)
{
	int64_t now = now_of(d);
	struct spd_session *s;
	struct ra_msg01 m;
	enum ra_err err;
	long slot;

	memset(res, 0, sizeof(*res));
	id[0] = '\0';
	if (ra_msg01_parse(&m, msg01, len) != RA_OK) {
		/* refused before a session exists: nothing to sweep */
		result(res, 400, "bad_request", "",
		    "msg0||msg1 must be exactly 72 bytes");
		log_info("msg01 from %s: refused: %s", peer, res->reason);
		return;
	}
	if ((s = session_new(d)) == NULL) {
		result(res, 503, "unavailable", "", "cannot start a session");
		return;
	}
	s->gid = m.msg1.gid;
	/* The engine calls the attestation service (the SigRL): not under
	 * the table lock. */
	err = ra_sp_proc_msg01(s->sp, msg2, msg01, len);
	if (err != RA_OK) {
		refusal(res, err, ra_sp_last_reason(s->sp));
		log_info("session %s: msg01 from %s (gid %08x): refused: %s",
		    s->id_hex, peer, s->gid, res->reason);
		session_free(s);
		return;
	}
	s->expires = now + (int64_t)d->cfg.session_ttl_s;
	s->state = SESS_WAIT_MSG3;
	pthread_mutex_lock(&d->lock);
	slot = free_slot(d, now);
	if (slot >= 0) {
		d->sessions[slot] = s;
		d->handshakes++;
	}
	pthread_mutex_unlock(&d->lock);
	if (slot < 0) {
		result(res, 503, "unavailable", "",
		    "too many sessions in progress; try again later");
		log_warnx("msg01 from %s: refused: %s", peer, res->reason);
		session_free(s);
		return;
	}
	memcpy(id, s->id_hex, sizeof(s->id_hex));
	res->status = 200;
	log_info("session %s: msg01 from %s (gid %08x): msg2 sent "
	         "(%zu bytes)",
	    id, peer, m.msg1.gid, msg2->len);
}

/* --- msg3 -> msg4 -------------------------------------------------------- */

void
spd_msg3(struct spd *d, struct spd_result *res, struct ra_buf *msg4,
    const char *id, const uint8_t *msg3, size_t len, const char *peer)
{
	int64_t now = now_of(d);
	enum ra_sp_reason reason = RA_SP_REASON_NONE;
	const struct ra_avr *avr;
	struct spd_session *s;
	enum sess_state was = SESS_WAIT_MSG3;
	char mr[65] = "-", sid[2 * SPD_SESSION_ID_LEN + 1] = "";
	enum ra_err err;

	memset(res, 0, sizeof(*res));
	pthread_mutex_lock(&d->lock);
	s = find(d, id, now);
	if (s != NULL) {
		was = s->state;
		memcpy(sid, s->id_hex, sizeof(sid));
		if (was == SESS_WAIT_MSG3) {
			s->state = SESS_BUSY;
		}
	}
	pthread_mutex_unlock(&d->lock);
	if (s == NULL) {
		result(res, 404, "not_found", "", "unknown or expired session");
		log_info("msg3 from %s for session %.32s: refused: %s", peer,
		    id != NULL ? id : "(none)", res->reason);
		return;
	}
	if (was != SESS_WAIT_MSG3) {
		result(res, 409, "conflict", "",
		    "msg3 already received for this session (replay)");
		log_warnx("session %s: msg3 from %s: refused: %s", sid, peer,
		    res->reason);
		return;
	}
	err = ra_sp_proc_msg3(s->sp, msg4, &reason, msg3, len, now);
	if (err != RA_OK) {
		refusal(res, err, ra_sp_last_reason(s->sp));
	} else {
		res->status = 200;
		res->trusted = reason == RA_SP_REASON_NONE;
		snprintf(res->reason, sizeof(res->reason), "%s",
		    res->trusted ? "trusted" : ra_sp_reason_name(reason));
	}
	avr = ra_sp_avr(s->sp);
	if (avr != NULL) {
		if (ra_hex_encode(mr, sizeof(mr),
		        avr->quote.report_body.mr_enclave.b, 32) != RA_OK) {
			mr[0] = '\0';
		}
	}
	if (avr != NULL && s->resp != NULL) {
		log_info("session %s: report %s received: %s, %zu bytes "
		         "(signature and chain verified)",
		    s->id_hex, avr->id, ra_avr_status_name(avr->status),
		    s->resp->body_len);
	}
	log_info("session %s: msg3 from %s: %s: %s (status %s, mrenclave "
	         "%s, report %s)",
	    s->id_hex, peer,
	    err != RA_OK ? "refused"
	                 : (res->trusted ? "TRUSTED" : "not trusted"),
	    res->reason, avr != NULL ? ra_avr_status_name(avr->status) : "-",
	    mr, avr != NULL ? avr->id : "-");
	pthread_mutex_lock(&d->lock);
	s->state = SESS_DONE;
	if (res->trusted) {
		d->trusted++;
	} else {
		d->refused++;
	}
	pthread_mutex_unlock(&d->lock);
}
