/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ra_host_attest: the application's part of remote attestation. It only
 * relays: the enclave makes and checks every message of its side (the
 * ECALLs of sgxra/attest.h), the platform's QE makes the quote, the SP
 * decides. Nothing here is trusted, and nothing here sees a key or the
 * secret.
 *
 * The SP is reached over its HTTP transport (sgxra-spd, docs/spd.md):
 * POST {sp_url}/ra/v1/msg01 and /ra/v1/msg3 with the session header.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "curl_common.h"
#include "sgxra/attest.h"
#include "sgxra/buf.h"
#include "sgxra/cursor.h"
#include "sgxra/host.h"
#include "sgxra/msg.h"

#define SESSION_HEADER "X-SGXRA-Session"
#define VERDICT_HEADER "X-SGXRA-Verdict"
/* The largest message the SP may answer (msg2 with a big SigRL). */
#define SP_REPLY_MAX ((size_t)4 << 20)
/* The largest quote the QE may return. */
#define QUOTE_MAX ((size_t)2 << 20)

/* --- the SP over HTTP ------------------------------------------------ */

struct sp_rx {
	uint8_t *body;
	size_t len, cap;
	bool overflow;
	char session[33];
	char verdict[256];
};

static size_t
sp_write(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sp_rx *rx = arg;
	size_t n = size * nmemb;

	if (n > rx->cap - rx->len) {
		rx->overflow = true;
		return 0;
	}
	memcpy(rx->body + rx->len, p, n);
	rx->len += n;
	return n;
}

/* Keep "Name: value" of the two headers we read, trimmed. */
static void
keep_header(char *out, size_t cap, const char *name, const char *p, size_t n)
{
	size_t k = strlen(name);

	if (n <= k + 1 || strncasecmp(p, name, k) != 0 || p[k] != ':') {
		return;
	}
	p += k + 1;
	n -= k + 1;
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 &&
	    (p[n - 1] == '\r' || p[n - 1] == '\n' || p[n - 1] == ' ')) {
		n--;
	}
	if (n < cap) {
		memcpy(out, p, n);
		out[n] = '\0';
	}
}

static size_t
sp_header(char *p, size_t size, size_t nmemb, void *arg)
{
	struct sp_rx *rx = arg;
	size_t n = size * nmemb;

	keep_header(rx->session, sizeof(rx->session), SESSION_HEADER, p, n);
	keep_header(rx->verdict, sizeof(rx->verdict), VERDICT_HEADER, p, n);
	return n;
}

/*
 * POST body to {sp_url}{path}. RA_OK with *http 200 and the answer in rx;
 * RA_ERR_POLICY for any other status (rx->verdict: the SP's message);
 * RA_ERR_IO when no answer came.
 */
static enum ra_err
sp_post(const struct ra_host_attest_opts *o, const char *path,
    const char *session, const uint8_t *body, size_t len, struct sp_rx *rx,
    long *http)
{
	char url[1024], hdr[96];
	struct curl_slist *headers = NULL, *l;
	CURL *c;
	CURLcode res;
	enum ra_err err = RA_ERR_NOMEM;

	*http = 0;
	if ((size_t)snprintf(url, sizeof(url), "%s%s", o->sp_url, path) >=
	    sizeof(url)) {
		return RA_ERR_ARG;
	}
	if ((c = curl_easy_init()) == NULL) {
		return RA_ERR_NOMEM;
	}
	l = curl_slist_append(
	    headers, "Content-Type: application/octet-stream");
	if (l != NULL) {
		headers = l;
		l = curl_slist_append(headers, "Expect:");
	}
	if (l != NULL && session != NULL) {
		headers = l;
		snprintf(hdr, sizeof(hdr), "%s: %s", SESSION_HEADER, session);
		l = curl_slist_append(headers, hdr);
	}
	if (l == NULL) {
		goto out;
	}
	headers = l;
	if (!ra_curl_set_common(c, url,
	        o->timeout_ms > 0 ? o->timeout_ms : 30000, o->ca_file,
	        headers) ||
	    curl_easy_setopt(c, CURLOPT_POST, 1L) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len) !=
	        CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sp_write) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_WRITEDATA, rx) != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, sp_header) !=
	        CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_HEADERDATA, rx) != CURLE_OK) {
		goto out;
	}
	res = curl_easy_perform(c);
	*http = ra_curl_status(c);
	if (rx->overflow) {
		snprintf(rx->verdict, sizeof(rx->verdict),
		    "the SP's answer is larger than %zu bytes", rx->cap);
		err = RA_ERR_SPACE;
	} else if (*http == 0 || (*http == 200 && res != CURLE_OK)) {
		snprintf(rx->verdict, sizeof(rx->verdict),
		    "no answer from the SP at %s: %s", o->sp_url,
		    curl_easy_strerror(res));
		err = RA_ERR_IO;
	} else if (*http != 200) {
		/* the SP's JSON error: keep its text for the caller */
		size_t n = rx->len < sizeof(rx->verdict) - 1
		    ? rx->len
		    : sizeof(rx->verdict) - 1;

		memcpy(rx->verdict, rx->body, n);
		rx->verdict[n] = '\0';
		err = RA_ERR_POLICY;
	} else {
		err = RA_OK;
	}
out:
	curl_slist_free_all(headers);
	curl_easy_cleanup(c);
	return err;
}

/* --- the flow -------------------------------------------------------- */

static void
trace(const struct ra_host_attest_opts *o, int step, const char *from,
    const char *to, const char *what, size_t bytes)
{
	struct ra_host_attest_step s = { step, from, to, what, bytes };

	if (o->trace != NULL) {
		o->trace(o->trace_ctx, &s);
	}
}

struct bufs {
	uint8_t *a; /* enclave input / SP reply */
	uint8_t *b; /* enclave output */
	uint8_t *quote;
	size_t cap;
};

static enum ra_err
ecall(struct ra_host_enclave *e, uint32_t index, const uint8_t *in,
    size_t in_len, uint8_t *out, size_t cap, size_t *out_len,
    struct ra_host_attest_result *r, const char *what)
{
	enum ra_err err =
	    ra_host_ecall(e, index, in, in_len, out, cap, out_len, NULL);

	if (err != RA_OK) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the enclave refused %s: %s", what, ra_strerror(err));
	}
	return err;
}

static enum ra_err
run(struct ra_host *h, struct ra_host_enclave *e,
    const struct ra_host_attest_opts *o, struct ra_host_attest_result *r,
    struct bufs *m)
{
	struct ra_ipc_qe_target qe;
	struct ra_ipc_error why;
	struct ra_report app, qe_report;
	struct ra_msg2 msg2;
	struct sp_rx rx;
	struct ra_buf qb;
	struct ra_cur cur;
	uint8_t gid[4], nonce[16];
	size_t n = 0, in_len;
	uint32_t base = o->ecall_base;
	enum ra_err err;

	/* 3. QE -> application: TARGETINFO and GID */
	if ((err = ra_host_qe_target(h, &qe)) != RA_OK) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the platform did not answer QE_TARGET: %s",
		    ra_strerror(err));
		return err;
	}
	if ((qe.flags & 1U) == 0) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the platform is not provisioned for EPID: run `sgxra "
		    "platform provision`");
		return RA_ERR_STATE;
	}
	trace(o, 3, "QE", "application", "TARGETINFO and EPID GID",
	    RA_TARGETINFO_LEN + 4);

	/* 1. msg0 || msg1 from the enclave to the SP, msg2 back */
	gid[0] = (uint8_t)qe.gid;
	gid[1] = (uint8_t)(qe.gid >> 8);
	gid[2] = (uint8_t)(qe.gid >> 16);
	gid[3] = (uint8_t)(qe.gid >> 24);
	memset(m->a, 0, 4); /* msg0: extended EPID GID 0 */
	if ((err = ecall(e, base, gid, 4, m->a + 4, RA_MSG1_LEN, &n, r,
	         "msg1")) != RA_OK) {
		return err;
	}
	trace(o, 1, "application", "SP", "msg0||msg1 (g_a, GID)", RA_MSG01_LEN);
	memset(&rx, 0, sizeof(rx));
	rx.body = m->b;
	rx.cap = m->cap;
	err = sp_post(
	    o, "/ra/v1/msg01", NULL, m->a, RA_MSG01_LEN, &rx, &r->http_status);
	memcpy(r->verdict, rx.verdict, sizeof(r->verdict));
	memcpy(r->session, rx.session, sizeof(r->session));
	if (err != RA_OK) {
		return err;
	}
	if (ra_msg2_parse(&msg2, rx.body, rx.len) != RA_OK) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the SP's msg2 is malformed (%zu bytes)", rx.len);
		return RA_ERR_FORMAT;
	}
	trace(o, 1, "SP", "application",
	    "msg2 (g_b, SPID, sign_gb_ga, MAC, SigRL)", rx.len);

	/* 2. the enclave checks msg2 and makes its REPORT for the QE */
	memcpy(m->a + RA_TARGETINFO_LEN, m->b, rx.len); /* TARGETINFO||msg2 */
	{
		struct ra_buf tb = ra_buf_init(m->a, RA_TARGETINFO_LEN);

		ra_targetinfo_build(&tb, &qe.ti);
		if (ra_buf_finish(&tb) != RA_OK) {
			return RA_ERR_SPACE;
		}
	}
	in_len = RA_TARGETINFO_LEN + rx.len;
	if ((err = ecall(e, base + 1, m->a, in_len, m->b, m->cap, &n, r,
	         "msg2")) != RA_OK) {
		return err;
	}
	cur = ra_cur_init(m->b, n);
	if (n != RA_REPORT_LEN + 16 || ra_report_parse(&app, &cur) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	memcpy(nonce, m->b + RA_REPORT_LEN, 16);
	trace(o, 2, "enclave", "application",
	    "REPORT for the QE (REPORTDATA = SHA-256(g_a||g_b||VK))",
	    RA_REPORT_LEN);

	/* 9, 10. the QE checks the REPORT (its report key) and quotes it */
	if (ra_msg2_parse(&msg2, m->a + RA_TARGETINFO_LEN, rx.len) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	trace(o, 9, "enclave", "QE", "REPORT (MAC'd with the QE's report key)",
	    RA_REPORT_LEN);
	qb = ra_buf_init(m->quote + RA_REPORT_LEN, QUOTE_MAX);
	/* msg2 quote_type 2 (sgxra's extension): the SP wants DCAP */
	err = msg2.quote_type == RA_QUOTE_DCAP
	    ? ra_host_get_quote_dcap(h, &qb, &qe_report, &app, nonce, &why)
	    : ra_host_get_quote(h, &qb, &qe_report, &app, msg2.quote_type,
	          msg2.spid, nonce, msg2.sig_rl.p, msg2.sig_rl.len, &why);
	if (err != RA_OK) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the quoting enclave refused: %.200s", why.msg);
		return err;
	}
	trace(o, 10, "QE", "application",
	    msg2.quote_type == RA_QUOTE_DCAP
	        ? "DCAP ECDSA quote (v3, PCK certificate chain) and the QE "
	          "REPORT"
	        : "EPID quote, encrypted for the attestation service, and "
	          "the QE REPORT",
	    qb.len);

	/* 4. msg3 from the enclave to the SP */
	{
		struct ra_buf rb = ra_buf_init(m->quote, RA_REPORT_LEN);

		ra_report_build(&rb, &qe_report);
		if (ra_buf_finish(&rb) != RA_OK) {
			return RA_ERR_SPACE;
		}
	}
	if ((err = ecall(e, base + 2, m->quote, RA_REPORT_LEN + qb.len, m->a,
	         m->cap, &n, r, "the QE's answer")) != RA_OK) {
		return err;
	}
	trace(o, 4, "application", "SP", "msg3 (MAC, g_a, quote)", n);
	memset(&rx, 0, sizeof(rx));
	rx.body = m->b;
	rx.cap = m->cap;
	err = sp_post(
	    o, "/ra/v1/msg3", r->session, m->a, n, &rx, &r->http_status);
	memcpy(r->verdict, rx.verdict, sizeof(r->verdict));
	if (err != RA_OK) {
		return err;
	}
	trace(o, 8, "SP", "application", "msg4 (verdict, MAC, secret)", rx.len);

	/* msg4 into the enclave */
	if ((err = ecall(e, base + 3, rx.body, rx.len, m->a, m->cap, &n, r,
	         "msg4")) != RA_OK) {
		return err;
	}
	cur = ra_cur_init(m->a, n);
	r->status = ra_cur_u32le(&cur);
	r->secret_len = ra_cur_u32le(&cur);
	RA_CUR_COPY(&cur, r->secret_hash.b);
	return ra_cur_finish(&cur) == RA_OK ? RA_OK : RA_ERR_FORMAT;
}

enum ra_err
ra_host_attest(struct ra_host *h, struct ra_host_enclave *e,
    const struct ra_host_attest_opts *o, struct ra_host_attest_result *r)
{
	struct bufs m;
	enum ra_err err;

	if (h == NULL || e == NULL || o == NULL || o->sp_url == NULL ||
	    r == NULL) {
		return RA_ERR_ARG;
	}
	memset(r, 0, sizeof(*r));
	if (ra_curl_check_url(o->sp_url) != RA_OK) {
		snprintf(r->verdict, sizeof(r->verdict),
		    "the SP's URL must be https, or http to a loopback host");
		return RA_ERR_ARG;
	}
	m.cap = SP_REPLY_MAX;
	m.a = malloc(m.cap + RA_TARGETINFO_LEN);
	m.b = malloc(m.cap);
	m.quote = malloc(RA_REPORT_LEN + QUOTE_MAX);
	if (m.a == NULL || m.b == NULL || m.quote == NULL) {
		err = RA_ERR_NOMEM;
	} else {
		err = run(h, e, o, r, &m);
	}
	free(m.a);
	free(m.b);
	free(m.quote);
	return err;
}
