/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra-attestd's configuration: defaults, file, command line. */
#include <stdio.h>
#include <string.h>

#include "attestd.h"
#include "conffile.h"
#include "files.h"

void
config_defaults(struct attestd_config *c)
{
	memset(c, 0, sizeof(*c));
	snprintf(c->state, sizeof(c->state), "%s", ATTESTD_DEFAULT_STATE);
	snprintf(c->listen, sizeof(c->listen), "%s", ATTESTD_DEFAULT_LISTEN);
	c->idle_timeout_s = 30;
	c->request_timeout_s = 60;
	c->conn_limit = 1024;
	c->body_max = ATTESTD_BODY_MAX;
}

enum ra_err
config_set(struct attestd_config *c, const char *key, const char *v, char *why,
    size_t cap)
{
	unsigned int n;
	bool ok;

	if (strcmp(key, "state") == 0) {
		ok =
		    conffile_str(c->state, sizeof(c->state), v) && v[0] != '\0';
	} else if (strcmp(key, "db") == 0) {
		ok = conffile_str(c->db, sizeof(c->db), v);
	} else if (strcmp(key, "listen") == 0) {
		ok = conffile_str(c->listen, sizeof(c->listen), v) &&
		    v[0] != '\0';
	} else if (strcmp(key, "admin-listen") == 0) {
		ok = conffile_str(c->admin_listen, sizeof(c->admin_listen), v);
	} else if (strcmp(key, "tls-cert") == 0) {
		ok = conffile_str(c->tls_cert, sizeof(c->tls_cert), v);
	} else if (strcmp(key, "tls-key") == 0) {
		ok = conffile_str(c->tls_key, sizeof(c->tls_key), v);
	} else if (strcmp(key, "user") == 0) {
		ok = conffile_str(c->user, sizeof(c->user), v);
	} else if (strcmp(key, "port-file") == 0) {
		ok = conffile_str(c->port_file, sizeof(c->port_file), v);
	} else if (strcmp(key, "admin-port-file") == 0) {
		ok = conffile_str(
		    c->admin_port_file, sizeof(c->admin_port_file), v);
	} else if (strcmp(key, "threads") == 0) {
		ok = conffile_uint(&c->threads, v, 0, 256);
	} else if (strcmp(key, "idle-timeout") == 0) {
		ok = conffile_uint(&c->idle_timeout_s, v, 1, 3600);
	} else if (strcmp(key, "request-timeout") == 0) {
		ok = conffile_uint(&c->request_timeout_s, v, 1, 3600);
	} else if (strcmp(key, "max-connections") == 0) {
		ok = conffile_uint(&c->conn_limit, v, 1, 65536);
	} else if (strcmp(key, "max-connections-per-ip") == 0) {
		ok = conffile_uint(&c->per_ip_limit, v, 0, 65536);
	} else if (strcmp(key, "max-body") == 0) {
		n = 0;
		ok = conffile_uint(&n, v, 4096, 64UL * 1024 * 1024);
		if (ok) {
			c->body_max = n;
		}
	} else {
		snprintf(why, cap, "unknown option \"%s\"", key);
		return RA_ERR_FORMAT;
	}
	if (!ok) {
		snprintf(why, cap, "bad value for %s: \"%s\"", key, v);
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static enum ra_err
set_one(void *ctx, const char *key, const char *v, char *why, size_t cap)
{
	return config_set(ctx, key, v, why, cap);
}

enum ra_err
config_file(struct attestd_config *c, const char *path, char *why, size_t cap)
{
	return conffile_read(path, set_one, c, why, cap);
}
