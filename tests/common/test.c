/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "test.h"

/* Refuse to read test inputs above this size: no test needs more. */
#define TEST_MAX_FILE ((size_t)64 * 1024 * 1024)

int
test_main(int argc, char **argv, const char *name,
    const struct CMUnitTest *tests, size_t count)
{
	const char *base = strrchr(name, '/');

	base = base == NULL ? name : base + 1;
	if (argc > 1) {
		cmocka_set_test_filter(argv[1]);
	}
	return _cmocka_run_group_tests(base, tests, count, NULL, NULL);
}

uint8_t *
test_read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n = 0, r;

	*len = 0;
	if (f == NULL) {
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			uint8_t *nb;

			if (cap >= TEST_MAX_FILE) {
				break;
			}
			cap = cap == 0 ? 4096 : cap * 2;
			nb = realloc(buf, cap);
			if (nb == NULL) {
				break;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, cap - n, f);
		n += r;
		if (r == 0) {
			break;
		}
	}
	fclose(f);
	if (buf == NULL) {
		buf = malloc(1);
	}
	*len = n;
	return buf;
}

const char *
test_path(const char *rel)
{
	static char path[4096];
	const char *top = getenv("SGXRA_TOP");
	int n;

	if (top == NULL || *top == '\0') {
		top = ".";
	}
	n = snprintf(path, sizeof(path), "%s/%s", top, rel);
	if (n < 0 || (size_t)n >= sizeof(path)) {
		fail_msg("path too long: %s", rel);
	}
	return path;
}

uint8_t *
test_load(const char *rel, size_t *len)
{
	uint8_t *b = test_read_file(test_path(rel), len);

	if (b == NULL) {
		fail_msg("cannot read test data %s", rel);
	}
	return b;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if (c >= 'a' && c <= 'f') {
		return c - 'a' + 10;
	}
	if (c >= 'A' && c <= 'F') {
		return c - 'A' + 10;
	}
	return -1;
}

uint8_t *
test_unhex(const char *hex, size_t *len)
{
	size_t n = strlen(hex), o = 0;
	uint8_t *out = malloc(n / 2 + 1);
	int hi = -1, v;

	assert_non_null(out);
	for (; *hex != '\0'; hex++) {
		if (*hex == ' ' || *hex == '\n' || *hex == '\t') {
			continue;
		}
		v = hexval((unsigned char)*hex);
		if (v < 0) {
			fail_msg("bad hex character '%c'", *hex);
		}
		if (hi < 0) {
			hi = v;
		} else {
			out[o++] = (uint8_t)(hi << 4 | v);
			hi = -1;
		}
	}
	if (hi >= 0) {
		fail_msg("odd number of hex digits");
	}
	*len = o;
	return out;
}

void
test_unhex_into(uint8_t *out, size_t n, const char *hex)
{
	size_t len;
	uint8_t *b = test_unhex(hex, &len);

	if (len != n) {
		fail_msg("hex vector has %zu bytes, want %zu", len, n);
	}
	memcpy(out, b, n);
	free(b);
}

static void
print_hex(const char *label, const uint8_t *p, size_t n)
{
	size_t i;

	fprintf(stderr, "%s: ", label);
	for (i = 0; i < n; i++) {
		fprintf(stderr, "%02x", p[i]);
	}
	fprintf(stderr, "\n");
}

void
test_assert_bytes(const void *got, const void *want, size_t n, const char *what)
{
	if (n != 0 && memcmp(got, want, n) != 0) {
		print_hex("got ", got, n);
		print_hex("want", want, n);
		fail_msg("%s differs", what);
	}
}

void
test_truncations(test_parse_fn parse, const uint8_t *buf, size_t len)
{
	uint8_t *copy = malloc(len + 1);
	size_t n;
	enum ra_err err;

	assert_non_null(copy);
	memcpy(copy, buf, len);
	assert_ra_ok(parse(copy, len));
	for (n = 0; n < len; n++) {
		/* A fresh allocation of exactly n bytes, so ASan sees reads
		 * past n. */
		uint8_t *t = malloc(n == 0 ? 1 : n);

		assert_non_null(t);
		memcpy(t, buf, n);
		err = parse(n == 0 ? NULL : t, n);
		free(t);
		if (err != RA_ERR_FORMAT) {
			fail_msg("prefix of %zu/%zu bytes: got %s, want "
			         "RA_ERR_FORMAT",
			    n, len, ra_errname(err));
		}
	}
	copy[len] = 0;
	err = parse(copy, len + 1);
	free(copy);
	if (err != RA_ERR_FORMAT) {
		fail_msg("one trailing byte: got %s, want RA_ERR_FORMAT",
		    ra_errname(err));
	}
}

void
test_bitflips(test_parse_fn check, const uint8_t *buf, size_t len, size_t from,
    size_t to, enum ra_err want)
{
	uint8_t *copy = malloc(len);
	size_t i;
	int bit;
	enum ra_err err;

	assert_non_null(copy);
	assert_true(from <= to && to <= len);
	memcpy(copy, buf, len);
	assert_ra_ok(check(copy, len));
	for (i = from; i < to; i++) {
		for (bit = 0; bit < 8; bit++) {
			copy[i] ^= (uint8_t)(1U << bit);
			err = check(copy, len);
			copy[i] ^= (uint8_t)(1U << bit);
			if (err != want) {
				fail_msg("bit %d of byte %zu: got %s, want %s",
				    bit, i, ra_errname(err), ra_errname(want));
			}
		}
	}
	free(copy);
}

void
test_length_field(
    test_parse_fn parse, const uint8_t *buf, size_t len, size_t off)
{
	uint8_t *copy = malloc(len);
	uint32_t v, vals[4];
	size_t i;
	enum ra_err err;

	assert_non_null(copy);
	assert_true(off + 4 <= len);
	memcpy(copy, buf, len);
	v = (uint32_t)buf[off] | (uint32_t)buf[off + 1] << 8 |
	    (uint32_t)buf[off + 2] << 16 | (uint32_t)buf[off + 3] << 24;
	vals[0] = 0;
	vals[1] = v - 1;
	vals[2] = v + 1;
	vals[3] = UINT32_MAX;
	for (i = 0; i < 4; i++) {
		if (vals[i] == v) {
			continue;
		}
		copy[off] = (uint8_t)vals[i];
		copy[off + 1] = (uint8_t)(vals[i] >> 8);
		copy[off + 2] = (uint8_t)(vals[i] >> 16);
		copy[off + 3] = (uint8_t)(vals[i] >> 24);
		err = parse(copy, len);
		if (err == RA_OK) {
			fail_msg("length field at %zu set to %u: accepted", off,
			    vals[i]);
		}
	}
	free(copy);
}

char **
test_vector_lines(const char *rel, size_t *n)
{
	size_t len, i, start = 0, count = 0;
	uint8_t *buf = test_load(rel, &len);
	char **lines = calloc(len + 1, sizeof(*lines));

	assert_non_null(lines);
	for (i = 0; i <= len; i++) {
		if (i < len && buf[i] != '\n') {
			continue;
		}
		if (i > start && buf[start] != '#') {
			size_t l = i - start;
			char *s = malloc(l + 1);

			assert_non_null(s);
			memcpy(s, buf + start, l);
			s[l] = '\0';
			while (l > 0 && (s[l - 1] == ' ' || s[l - 1] == '\r')) {
				s[--l] = '\0';
			}
			lines[count++] = s;
		}
		start = i + 1;
	}
	free(buf);
	*n = count;
	return lines;
}

void
test_free_lines(char **lines, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(lines[i]);
	}
	free(lines);
}
