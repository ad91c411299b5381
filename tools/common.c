/* SPDX-License-Identifier: BSD-3-Clause */
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/host.h"

void *
xmalloc(size_t n)
{
	void *p = malloc(n == 0 ? 1 : n);

	if (p == NULL) {
		err(EXIT_FAIL, "malloc");
	}
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n == 0 ? 1 : n, size == 0 ? 1 : size);

	if (p == NULL) {
		err(EXIT_FAIL, "calloc");
	}
	return p;
}

uint8_t *
read_input(const char *path, size_t max, size_t *len)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	const char *name = f == stdin ? "<stdin>" : path;
	uint8_t *buf;
	size_t n = 0, r;

	if (f == NULL) {
		err(EXIT_FAIL, "%s", path);
	}
	buf = xmalloc(max + 2);
	while ((r = fread(buf + n, 1, max + 1 - n, f)) > 0) {
		n += r;
		if (n > max) {
			errx(EXIT_FAIL, "%s: larger than %zu bytes", name, max);
		}
	}
	if (ferror(f)) {
		err(EXIT_FAIL, "%s: read", name);
	}
	if (f != stdin) {
		fclose(f);
	}
	buf[n] = '\0';
	*len = n;
	return buf;
}

void
print_hex(FILE *f, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		fprintf(f, "%02x", p[i]);
	}
}

bool
is_opt(const char *arg, const char *name)
{
	return strcmp(arg, name) == 0;
}

int
usage(const char *text)
{
	fputs(text, stderr);
	return EXIT_USAGE;
}

bool
wants_help(int argc, char **argv, const char *text)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			fputs(text, stdout);
			return true;
		}
	}
	return false;
}

void
die_ra(enum ra_err e, const char *fmt, ...)
{
	va_list ap;
	char msg[512];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	errx(EXIT_FAIL, "%s: %s", msg, ra_strerror(e));
}

/* Hex text (whitespace ignored) to bytes, in place; exits on bad input. */
size_t
unhex_in_place(const char *name, uint8_t *buf, size_t len)
{
	size_t i, o = 0;
	int hi = -1, v;

	for (i = 0; i < len; i++) {
		uint8_t ch = buf[i];

		if (ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t') {
			continue;
		}
		v = ch >= '0' && ch <= '9'   ? ch - '0'
		    : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10
		    : ch >= 'A' && ch <= 'F' ? ch - 'A' + 10
		                             : -1;
		if (v < 0) {
			errx(EXIT_FAIL, "%s: not hex at offset %zu", name, i);
		}
		if (hi < 0) {
			hi = v;
		} else {
			buf[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		errx(EXIT_FAIL, "%s: odd number of hex digits", name);
	}
	return o;
}

const char *
platform_socket(const char *sock, char *buf, size_t cap)
{
	if (sock != NULL) {
		return sock;
	}
	if (ra_host_default_socket(buf, cap) != RA_OK) {
		errx(EXIT_FAIL, "no default socket path");
	}
	return buf;
}
