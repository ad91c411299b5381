/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave heap (src/platformd/heap.c) against a model: random
 * allocations, aligned allocations and frees, every live block's content
 * checked against what was written (overlaps and metadata damage show
 * there), alignment, usable size, exhaustion and full coalescing; then
 * the malloc family of malloc.c with the heap on (release builds: a
 * sanitizer build keeps libc's malloc and says so).
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../../src/platformd/platformd.h"
#include "test.h"

#define PAGE   ((size_t)4096)
#define HEAP   ((size_t)8 * 1024 * 1024)
#define SLOTS  512
#define ROUNDS 40000

struct block {
	uint8_t *p;
	size_t n;
	uint8_t fill;
};

static uint64_t rng = 0x9e3779b97f4a7c15;

static uint64_t
next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint8_t *
region(size_t len)
{
	void *m = mmap(NULL, len, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	assert_true(m != MAP_FAILED);
	return m;
}

/* A size: mostly small, some pages, a few large. */
static size_t
some_size(void)
{
	uint64_t r = next() % 100;

	if (r < 70) {
		return (size_t)(next() % 2049);
	}
	if (r < 95) {
		return (size_t)(next() % (8 * PAGE));
	}
	return (size_t)(next() % (96 * PAGE));
}

static void
check_block(const struct block *b)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->p[i] != (uint8_t)(b->fill + i)) {
			fail_msg("block %p byte %zu changed", (void *)b->p, i);
		}
	}
}

static void
put(struct block *b, uint8_t *p, size_t n, const uint8_t *base)
{
	assert_non_null(p);
	assert_true(p >= base && p + n <= base + HEAP);
	assert_true(heap_owns(p));
	assert_true(heap_usable(p) >= n);
	assert_int_equal((uintptr_t)p % 16, 0);
	b->p = p;
	b->n = n;
	b->fill = (uint8_t)next();
	for (size_t i = 0; i < n; i++) {
		p[i] = (uint8_t)(b->fill + i);
	}
}

static void
heap_model(void **state)
{
	static struct block live[SLOTS];
	uint8_t *base = region(HEAP);
	size_t nulls = 0;

	(void)state;
	assert_int_equal(heap_setup(base, HEAP), 0);
	for (unsigned int r = 0; r < ROUNDS; r++) {
		struct block *b = &live[next() % SLOTS];

		if (b->p != NULL) {
			check_block(b);
			heap_free(b->p);
			b->p = NULL;
			continue;
		}
		if (next() % 4 == 0) {
			size_t align = (size_t)1 << (next() % 17);
			size_t n = some_size();
			uint8_t *p = heap_memalign(align, n);

			if (p == NULL) {
				nulls++;
				continue;
			}
			assert_int_equal((uintptr_t)p % align, 0);
			put(b, p, n, base);
		} else {
			size_t n = some_size();
			uint8_t *p = heap_alloc(n);

			if (p == NULL) {
				nulls++;
				continue;
			}
			put(b, p, n, base);
		}
	}
	for (size_t i = 0; i < SLOTS; i++) {
		if (live[i].p != NULL) {
			check_block(&live[i]);
			heap_free(live[i].p);
			live[i].p = NULL;
		}
	}
	/* everything merged back: one run of nearly the whole heap */
	uint8_t *all = heap_alloc(HEAP - 64 * PAGE);

	assert_non_null(all);
	heap_free(all);
	(void)nulls;
	munmap(base, HEAP);
}

static void
heap_exhaustion(void **state)
{
	uint8_t *base = region(HEAP);
	void *big[64];
	size_t n = 0;
	void *small;

	(void)state;
	assert_int_equal(heap_setup(base, HEAP), 0);
	assert_null(heap_alloc(HEAP + 1));
	assert_null(heap_alloc(SIZE_MAX));
	assert_null(heap_memalign((size_t)1 << 40, 16 * PAGE));
	while (n < 64 && (big[n] = heap_alloc((size_t)256 * 1024)) != NULL) {
		n++;
	}
	assert_true(n > 20 && n < 32);
	/* the small classes still find room in what is left, or fail */
	small = heap_alloc(100);
	if (small != NULL) {
		assert_int_equal(heap_usable(small), 128);
		heap_free(small);
	}
	for (size_t i = 0; i < n; i++) {
		heap_free(big[i]);
	}
	assert_non_null(big[0] = heap_alloc(n * 256 * 1024));
	heap_free(big[0]);
	munmap(base, HEAP);
}

static void
heap_classes(void **state)
{
	uint8_t *base = region(HEAP);
	uint8_t *a, *b;

	(void)state;
	assert_int_equal(heap_setup(base, HEAP), 0);
	assert_int_equal(heap_usable(a = heap_alloc(0)), 16);
	heap_free(a);
	assert_int_equal(heap_usable(a = heap_alloc(17)), 32);
	heap_free(a);
	assert_int_equal(heap_usable(a = heap_alloc(2048)), 2048);
	heap_free(a);
	assert_int_equal(heap_usable(a = heap_alloc(2049)), PAGE);
	heap_free(a);
	/* the last block of a page given back, the page reused */
	a = heap_alloc(1000);
	b = heap_alloc(1000);
	assert_int_equal((uintptr_t)a / PAGE, (uintptr_t)b / PAGE);
	heap_free(a);
	heap_free(b);
	assert_ptr_equal(heap_alloc(3000), a);
	a = heap_memalign(8192, 100);
	assert_int_equal((uintptr_t)a % 8192, 0);
	assert_true(heap_usable(a) >= 100);
	a = heap_memalign(64, 48);
	assert_int_equal((uintptr_t)a % 64, 0);
	assert_int_equal(heap_usable(a), 64);
	assert_int_not_equal(heap_setup(base + 1, HEAP), 0);
	assert_int_not_equal(heap_setup(base, 4 * PAGE), 0);
	munmap(base, HEAP);
}

/* malloc.c: libc before, the heap after; libc's blocks still go back. */
static void
malloc_interposed(void **state)
{
	uint8_t *base = region(HEAP);
	char *before = malloc(100);

	(void)state;
	assert_non_null(before);
	assert_false(heap_owns(before));
	memcpy(before, "libc", 5);
#if defined(SANITIZER_BUILD)
	assert_int_equal(malloc_heap_on(base, HEAP), -1);
	free(before);
	munmap(base, HEAP);
	return;
#else
	volatile size_t huge;
	void *al = NULL;
	char *p, *q;

	assert_int_equal(malloc_heap_on(base, HEAP), 0);
	p = malloc(10);
	assert_true(heap_owns(p));
	memcpy(p, "heap", 5);
	q = realloc(p, 100000);
	assert_true(heap_owns(q));
	assert_string_equal(q, "heap");
	assert_true(malloc_usable_size(q) >= 100000);
	assert_true(malloc_usable_size(before) >= 100);
	before = realloc(before, 200);
	assert_false(heap_owns(before));
	assert_string_equal(before, "libc");
	free(before);
	free(q);
	p = calloc(1000, 10);
	assert_true(heap_owns(p));
	for (size_t i = 0; i < 10000; i++) {
		assert_int_equal(p[i], 0);
	}
	free(p);
	errno = 0;
	huge = SIZE_MAX / 2; /* not a constant: the compiler would refuse */
	assert_null(calloc(huge, 4));
	assert_int_equal(errno, ENOMEM);
	errno = 0;
	assert_null(malloc(HEAP * 2));
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(posix_memalign(&al, 3, 10), EINVAL);
	assert_int_equal(posix_memalign(&al, 4096, 10), 0);
	assert_true(heap_owns(al) && (uintptr_t)al % 4096 == 0);
	free(al);
	al = aligned_alloc(256, 256);
	assert_true(heap_owns(al) && (uintptr_t)al % 256 == 0);
	free(al);
	al = valloc(1);
	assert_true(heap_owns(al) && (uintptr_t)al % 4096 == 0);
	free(al);
	al = pvalloc(1);
	assert_int_equal(malloc_usable_size(al), 4096);
	free(al);
	/* stays on: later tests would see libc's blocks freed to it, fine */
#endif
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(heap_model),
		cmocka_unit_test(heap_exhaustion),
		cmocka_unit_test(heap_classes),
		cmocka_unit_test(malloc_interposed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
