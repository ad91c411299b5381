/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPC test enclave's pattern (tests/enclaves/epc): word i (8 bytes,
 * LE) = splitmix64(seed + i), for tests/integration/mee_platform.sh.
 *
 *   mee_pattern emit SEED LEN           the pattern, to stdout
 *   mee_pattern search SEED LEN FILE... look for every 16-byte window of
 *                                       the pattern (at every byte offset)
 *                                       in the files
 *
 * search prints "found N windows" and the first hit, and exits 1 when it
 * found any, 0 when none.
 */
#include <err.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define WIN 16

static uint64_t
splitmix64(uint64_t x)
{
	x += UINT64_C(0x9e3779b97f4a7c15);
	x = (x ^ (x >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	x = (x ^ (x >> 27)) * UINT64_C(0x94d049bb133111eb);
	return x ^ (x >> 31);
}

static uint8_t *
pattern(uint64_t seed, size_t len)
{
	uint8_t *p = malloc(len + 8);

	if (p == NULL) {
		err(2, "malloc");
	}
	for (size_t i = 0; i * 8 < len; i++) {
		uint64_t w = splitmix64(seed + i);

		for (int k = 0; k < 8; k++) {
			p[8 * i + (size_t)k] = (uint8_t)(w >> (8 * k));
		}
	}
	return p;
}

static uint64_t
load64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

/* Open addressing over the windows' first 8 bytes; positions + 1. */
struct table {
	uint32_t *slot;
	size_t mask;
};

static size_t
hash(uint64_t k, size_t mask)
{
	return (size_t)((k * UINT64_C(0x9e3779b97f4a7c15)) >> 20) & mask;
}

static void
build(struct table *t, const uint8_t *pat, size_t nwin)
{
	size_t cap = 1;

	while (cap < 2 * nwin) {
		cap <<= 1;
	}
	t->mask = cap - 1;
	if ((t->slot = calloc(cap, sizeof(*t->slot))) == NULL) {
		err(2, "calloc");
	}
	for (size_t i = 0; i < nwin; i++) {
		size_t h = hash(load64(pat + i), t->mask);

		while (t->slot[h] != 0) {
			h = (h + 1) & t->mask;
		}
		t->slot[h] = (uint32_t)(i + 1);
	}
}

/* True if the 16 bytes at p are a window of the pattern. */
static bool
lookup(const struct table *t, const uint8_t *pat, const uint8_t *p)
{
	uint64_t k = load64(p);
	size_t h = hash(k, t->mask);

	while (t->slot[h] != 0) {
		const uint8_t *w = pat + (t->slot[h] - 1);

		if (load64(w) == k && memcmp(w, p, WIN) == 0) {
			return true;
		}
		h = (h + 1) & t->mask;
	}
	return false;
}

static size_t
search_file(const struct table *t, const uint8_t *pat, const char *path)
{
	struct stat st;
	uint8_t *m;
	size_t found = 0;
	int fd = open(path, O_RDONLY);

	if (fd == -1 || fstat(fd, &st) != 0) {
		err(2, "%s", path);
	}
	if (st.st_size < WIN) {
		close(fd);
		return 0;
	}
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (m == MAP_FAILED) {
		err(2, "mmap %s", path);
	}
	for (size_t o = 0; o + WIN <= (size_t)st.st_size; o++) {
		if (lookup(t, pat, m + o)) {
			if (found == 0) {
				printf("first hit: %s offset 0x%zx\n", path, o);
			}
			found++;
		}
	}
	munmap(m, (size_t)st.st_size);
	return found;
}

int
main(int argc, char **argv)
{
	struct table t;
	uint64_t seed;
	size_t len, found = 0;
	uint8_t *pat;

	if (argc < 4) {
		errx(2,
		    "usage: mee_pattern emit SEED LEN | search SEED LEN "
		    "FILE...");
	}
	seed = strtoull(argv[2], NULL, 0);
	len = (size_t)strtoull(argv[3], NULL, 0);
	if (len < WIN || len > ((size_t)1 << 30)) {
		errx(2, "LEN from %d to 1G", WIN);
	}
	pat = pattern(seed, len);
	if (strcmp(argv[1], "emit") == 0) {
		found = fwrite(pat, 1, len, stdout);
		free(pat);
		return found == len ? 0 : 2;
	}
	build(&t, pat, len - WIN + 1);
	for (int i = 4; i < argc; i++) {
		found += search_file(&t, pat, argv[i]);
	}
	printf("found %zu windows\n", found);
	free(t.slot);
	free(pat);
	return found == 0 ? 0 : 1;
}
