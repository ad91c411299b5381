/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-spd's HTTP transport:
 *
 *   POST /ra/v1/msg01  body: msg0 || msg1 (72 bytes)
 *                      -> 200 msg2, header X-SGXRA-Session: <32 hex>
 *   POST /ra/v1/msg3   header X-SGXRA-Session, body: msg3
 *                      -> 200 msg4, header X-SGXRA-Verdict: trusted or
 *                         the reason it is not
 *
 * Messages travel as application/octet-stream, byte for byte as
 * docs/protocol.md lays them out. Refusals are JSON errors: 400 for a
 * malformed message, 403 when msg3's MAC does not verify, 404 for an
 * unknown or expired session, 409 for a replayed msg3, 502 when the
 * attestation service fails, 503 when the session table is full.
 */
#include <stdlib.h>
#include <string.h>

#include "spd.h"

#define SESSION_HEADER "X-SGXRA-Session"

static void
answer(struct httpd_resp *w, const struct spd_result *res,
    const struct ra_buf *msg)
{
	if (res->status != 200) {
		httpd_resp_error(w, res->status, res->code, "%s", res->reason);
		return;
	}
	if (httpd_resp_header(w, "Content-Type", "application/octet-stream") !=
	        RA_OK ||
	    httpd_resp_body(w, msg->p, msg->len) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
		return;
	}
	httpd_resp_status(w, 200);
}

static void
msg01(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct spd *d = ctx;
	struct spd_result res;
	char id[2 * SPD_SESSION_ID_LEN + 1];
	uint8_t *out = malloc(RA_MSG2_MIN_LEN + SPD_SIGRL_MAX);
	struct ra_buf b = ra_buf_init(out, RA_MSG2_MIN_LEN + SPD_SIGRL_MAX);

	if (out == NULL) {
		httpd_resp_error(w, 503, "unavailable", "out of memory");
		return;
	}
	spd_msg01(d, &res, &b, id, req->body, req->body_len, req->peer);
	if (res.status == 200 &&
	    httpd_resp_header(w, SESSION_HEADER, id) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
	} else {
		answer(w, &res, &b);
	}
	free(out);
}

static void
msg3(void *ctx, const struct httpd_req *req, struct httpd_resp *w)
{
	struct spd *d = ctx;
	struct spd_result res;
	size_t cap = RA_MSG4_MIN_LEN + SPD_SECRET_MAX;
	uint8_t *out = malloc(cap);
	struct ra_buf b = ra_buf_init(out, cap);

	if (out == NULL) {
		httpd_resp_error(w, 503, "unavailable", "out of memory");
		return;
	}
	spd_msg3(d, &res, &b, httpd_req_header(req, SESSION_HEADER), req->body,
	    req->body_len, req->peer);
	if (res.status == 200 &&
	    httpd_resp_header(w, "X-SGXRA-Verdict", res.reason) != RA_OK) {
		httpd_resp_error(w, 500, "internal_error", "out of memory");
	} else {
		answer(w, &res, &b);
	}
	free(out);
}

const struct httpd_route spd_routes[] = {
	{ "POST", "/ra/v1/msg01", msg01, RA_MSG01_LEN, "ra_msg01" },
	{ "POST", "/ra/v1/msg3", msg3, SPD_MSG3_MAX, "ra_msg3" },
};
const size_t spd_nroutes = sizeof(spd_routes) / sizeof(spd_routes[0]);
