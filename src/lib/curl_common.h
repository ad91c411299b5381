/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_CURL_COMMON_H
#define RA_CURL_COMMON_H

/*
 * What the library's HTTP clients (the IAS client, the service-provider
 * client of ra_host_attest) share over libcurl. Internal.
 */
#include <stdbool.h>

#include <curl/curl.h>

#include "sgxra/err.h"

/*
 * https, or http to a loopback host (127.0.0.1, [::1], localhost); no
 * credentials, query or fragment. RA_ERR_ARG otherwise.
 */
RA_MUST_CHECK enum ra_err ra_curl_check_url(const char *url);

/*
 * The options every request shares: url, its scheme only, no proxy from
 * the environment, no redirects, no signals, the time limit, TLS 1.2 or
 * later with peer and host verification (ca_file, if not NULL, holds the
 * CAs), the headers.
 */
bool ra_curl_set_common(CURL *c, const char *url, long timeout_ms,
    const char *ca_file, struct curl_slist *headers);

/* The HTTP status so far; 0 before the status line. */
long ra_curl_status(CURL *c);

#endif
