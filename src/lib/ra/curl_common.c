/* SPDX-License-Identifier: BSD-3-Clause */
/* The library's libcurl clients' shared checks and options. */
#include <string.h>
#include <strings.h>

#include "curl_common.h"

static bool
is_loopback(const char *host)
{
	return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "[::1]") == 0 ||
	    strcasecmp(host, "localhost") == 0;
}

enum ra_err
ra_curl_check_url(const char *url)
{
	CURLU *u = curl_url();
	char *scheme = NULL, *host = NULL, *extra = NULL;
	enum ra_err err = RA_ERR_ARG;

	if (u == NULL) {
		return RA_ERR_NOMEM;
	}
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK) {
		goto out;
	}
	if (curl_url_get(u, CURLUPART_USER, &extra, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_QUERY, &extra, 0) == CURLUE_OK ||
	    curl_url_get(u, CURLUPART_FRAGMENT, &extra, 0) == CURLUE_OK) {
		goto out;
	}
	if (strcmp(scheme, "https") == 0 ||
	    (strcmp(scheme, "http") == 0 && is_loopback(host))) {
		err = RA_OK;
	}
out:
	curl_free(extra);
	curl_free(host);
	curl_free(scheme);
	curl_url_cleanup(u);
	return err;
}

bool
ra_curl_set_common(CURL *c, const char *url, long timeout_ms,
    const char *ca_file, struct curl_slist *headers)
{
	bool https = strncasecmp(url, "https:", 6) == 0;

	return curl_easy_setopt(c, CURLOPT_URL, url) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR,
	        https ? "https" : "http") == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_PROXY, "") == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L) == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_SSLVERSION,
	        (long)CURL_SSLVERSION_TLSv1_2) == CURLE_OK &&
	    (ca_file == NULL ||
	        curl_easy_setopt(c, CURLOPT_CAINFO, ca_file) == CURLE_OK) &&
	    curl_easy_setopt(c, CURLOPT_USERAGENT, "sgxra") == CURLE_OK &&
	    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers) == CURLE_OK;
}

long
ra_curl_status(CURL *c)
{
	long status = 0;

	if (curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK) {
		return 0;
	}
	return status;
}
