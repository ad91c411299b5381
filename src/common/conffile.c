/* SPDX-License-Identifier: BSD-3-Clause */
/* The daemons' configuration file reader (conffile.h). */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conffile.h"
#include "files.h"

#define CONFFILE_MAX ((size_t)64 * 1024)

/* Trim spaces at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s != '\0' && isspace((unsigned char)*s)) {
		s++;
	}
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1])) {
		*--e = '\0';
	}
	return s;
}

enum ra_err
conffile_read(
    const char *path, conffile_set set, void *ctx, char *why, size_t cap)
{
	uint8_t *buf;
	size_t len, lineno = 0;
	char *line, *next, *key, *val, inner[256];
	enum ra_err err;

	if ((err = files_read(
	         path, CONFFILE_MAX, false, &buf, &len, why, cap)) != RA_OK) {
		return err;
	}
	if (memchr(buf, '\0', len) != NULL) {
		snprintf(why, cap, "%s: not a text file", path);
		files_free(buf, len);
		return RA_ERR_FORMAT;
	}
	for (line = (char *)buf; line != NULL; line = next) {
		lineno++;
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
		}
		if ((val = strchr(line, '#')) != NULL) {
			*val = '\0';
		}
		key = trim(line);
		if (*key == '\0') {
			continue;
		}
		val = key + strcspn(key, " \t=");
		if (*val != '\0') {
			*val++ = '\0';
			val = trim(val + strspn(val, " \t="));
		}
		inner[0] = '\0';
		err = set(ctx, key, val, inner, sizeof(inner));
		if (err != RA_OK) {
			snprintf(why, cap, "%s:%zu: %s", path, lineno, inner);
			files_free(buf, len);
			return err;
		}
	}
	files_free(buf, len);
	return RA_OK;
}

bool
conffile_str(char *dst, size_t cap, const char *v)
{
	return (size_t)snprintf(dst, cap, "%s", v) < cap;
}

bool
conffile_uint(
    unsigned int *dst, const char *v, unsigned long lo, unsigned long hi)
{
	char *end;
	unsigned long n;

	if (*v < '0' || *v > '9') {
		return false;
	}
	errno = 0;
	n = strtoul(v, &end, 10);
	if (errno != 0 || *end != '\0' || n < lo || n > hi) {
		return false;
	}
	*dst = (unsigned int)n;
	return true;
}
