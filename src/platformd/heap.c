/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave's heap allocator (docs/mee.md "The heap"): one range of
 * pages inside the ELRANGE, so every block malloc returns in an enclave
 * process is enclave memory. Its metadata, one entry per page, sits at
 * the start of the range (enclave memory too). Pages form runs: free
 * runs, runs of one large block, and single pages carved into blocks of
 * one size class. A run's first and last entries carry its length, so
 * a freed run merges with both neighbours in constant time. Small blocks
 * are 16-byte aligned (every class is a multiple of 16 and divides into
 * page-aligned pages); a free block holds the index of the next free
 * block of its page. Pages materialise on first touch: the metadata of
 * an unused page is never written.
 *
 * Simplicity first: first-fit over the runs, one list of pages with free
 * blocks per class, a page with no block in use goes back at once.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "platformd.h"

#define PAGE      ((size_t)4096)
#define SMALL_MAX 2048
#define NONE      UINT32_MAX
#define NCLASS    (sizeof(class_len) / sizeof(class_len[0]))

static const uint16_t class_len[] = { 16, 32, 48, 64, 96, 128, 192, 256, 384,
	512, 768, 1024, 2048 };

enum kind {
	K_NONE = 0, /* inside a run */
	K_META,     /* the metadata's run */
	K_FREE,     /* a free run's first page */
	K_FREE_END, /* a free run's last page (runs of two pages or more) */
	K_LARGE,    /* a large block's first page */
	K_LARGE_END,
	K_SMALL, /* a page of small blocks of class cls */
};

struct pinfo {
	uint8_t kind;
	uint8_t cls;
	uint16_t nfree;      /* small: free blocks */
	uint16_t head;       /* small: first freed block + 1, 0 if none */
	uint16_t fresh;      /* small: blocks [fresh, count) were never used */
	uint32_t run;        /* first and last pages of a run: its pages */
	uint32_t next, prev; /* small: pages of the class with a free block */
};

static struct {
	uint8_t *base;
	size_t len;
	uint32_t npages, meta;
	struct pinfo *pi;
	uint32_t avail[NCLASS];
} hp;

static uint8_t *
addr(uint32_t p)
{
	return hp.base + (size_t)p * PAGE;
}

static void __attribute__((noreturn)) corrupt(void)
{
	abort(); /* a pointer the heap never returned, or a double free */
}

static void
set_run(uint32_t p, uint32_t n, enum kind k)
{
	hp.pi[p].kind = (uint8_t)k;
	hp.pi[p].run = n;
	if (n > 1) {
		hp.pi[p + n - 1].kind =
		    (uint8_t)(k == K_FREE ? K_FREE_END : K_LARGE_END);
		hp.pi[p + n - 1].run = n;
	}
}

static void
clear_run(uint32_t p)
{
	uint32_t n = hp.pi[p].run;

	hp.pi[p].kind = K_NONE;
	if (n > 1) {
		hp.pi[p + n - 1].kind = K_NONE;
	}
}

int
heap_setup(void *base, size_t len)
{
	size_t n = len / PAGE;

	if (base == NULL || ((uintptr_t)base % PAGE) != 0 || len % PAGE != 0 ||
	    n < 16 || n > UINT32_MAX / 2) {
		return -1;
	}
	hp.base = base;
	hp.len = len;
	hp.npages = (uint32_t)n;
	hp.pi = base;
	hp.meta = (uint32_t)((n * sizeof(struct pinfo) + PAGE - 1) / PAGE);
	for (size_t c = 0; c < NCLASS; c++) {
		hp.avail[c] = NONE;
	}
	set_run(0, hp.meta, K_META);
	set_run(hp.meta, hp.npages - hp.meta, K_FREE);
	return 0;
}

bool
heap_owns(const void *p)
{
	uintptr_t a = (uintptr_t)p, b = (uintptr_t)hp.base;

	return hp.base != NULL && a >= b && a - b < hp.len;
}

/*
 * A run of n pages whose first page is aligned to align pages (a power
 * of two), first fit; NONE if there is none.
 */
static uint32_t
run_alloc(uint32_t n, uint32_t align)
{
	uint32_t p = hp.meta;

	while (p < hp.npages) {
		uint32_t len = hp.pi[p].run;
		uint32_t at = p, rest;

		if (hp.pi[p].kind == K_FREE) {
			uintptr_t a = (uintptr_t)addr(p);
			uintptr_t m = (uintptr_t)align * PAGE - 1;

			at = p + (uint32_t)((((a + m) & ~m) - a) / PAGE);
		}
		if (hp.pi[p].kind != K_FREE || at - p > len ||
		    n > len - (at - p)) {
			p += len;
			continue;
		}
		clear_run(p);
		rest = len - (at - p) - n;
		if (at > p) {
			set_run(p, at - p, K_FREE);
		}
		set_run(at, n, K_LARGE);
		if (rest > 0) {
			set_run(at + n, rest, K_FREE);
		}
		return at;
	}
	return NONE;
}

/* Free the run at p, merging it with free neighbours. */
static void
run_free(uint32_t p)
{
	uint32_t n = hp.pi[p].run, q;

	clear_run(p);
	q = p + n;
	if (q < hp.npages && hp.pi[q].kind == K_FREE) {
		n += hp.pi[q].run;
		clear_run(q);
	}
	if (p > hp.meta &&
	    (hp.pi[p - 1].kind == K_FREE || hp.pi[p - 1].kind == K_FREE_END)) {
		q = p - hp.pi[p - 1].run;
		n += hp.pi[q].run;
		clear_run(q);
		p = q;
	}
	set_run(p, n, K_FREE);
}

static void
avail_push(uint32_t p)
{
	uint32_t c = hp.pi[p].cls;

	hp.pi[p].prev = NONE;
	hp.pi[p].next = hp.avail[c];
	if (hp.avail[c] != NONE) {
		hp.pi[hp.avail[c]].prev = p;
	}
	hp.avail[c] = p;
}

static void
avail_unlink(uint32_t p)
{
	const struct pinfo *i = &hp.pi[p];

	if (i->prev != NONE) {
		hp.pi[i->prev].next = i->next;
	} else {
		hp.avail[i->cls] = i->next;
	}
	if (i->next != NONE) {
		hp.pi[i->next].prev = i->prev;
	}
}

static void *
small_alloc(uint32_t c)
{
	uint32_t p = hp.avail[c];
	struct pinfo *i;
	uint8_t *b;
	uint16_t slot;

	if (p == NONE) {
		if ((p = run_alloc(1, 1)) == NONE) {
			return NULL;
		}
		i = &hp.pi[p];
		i->kind = K_SMALL;
		i->cls = (uint8_t)c;
		i->nfree = (uint16_t)(PAGE / class_len[c]);
		i->head = 0;
		i->fresh = 0;
		avail_push(p);
	}
	i = &hp.pi[p];
	if (i->head != 0) {
		slot = (uint16_t)(i->head - 1);
		b = addr(p) + (size_t)slot * class_len[c];
		memcpy(&i->head, b, sizeof(i->head));
	} else {
		slot = i->fresh++;
		b = addr(p) + (size_t)slot * class_len[c];
	}
	if (--i->nfree == 0) {
		avail_unlink(p);
	}
	return b;
}

static uint32_t
class_of(size_t n)
{
	uint32_t c = 0;

	while (class_len[c] < n) {
		c++;
	}
	return c;
}

void *
heap_alloc(size_t n)
{
	uint32_t p;

	if (n <= SMALL_MAX) {
		return small_alloc(class_of(n));
	}
	if (n > hp.len) {
		return NULL;
	}
	p = run_alloc((uint32_t)((n + PAGE - 1) / PAGE), 1);
	return p == NONE ? NULL : addr(p);
}

void *
heap_memalign(size_t align, size_t n)
{
	size_t want = n > align ? n : align;
	uint32_t p, c;

	if (align <= 16) {
		return heap_alloc(n);
	}
	if (want <= SMALL_MAX) {
		/* a power-of-two class: its blocks are aligned to their size */
		c = class_of(want);
		while ((class_len[c] & (class_len[c] - 1)) != 0) {
			c++;
		}
		return small_alloc(c);
	}
	if (n > hp.len || align / PAGE > hp.npages) {
		return NULL;
	}
	p = run_alloc((uint32_t)((n + PAGE - 1) / PAGE),
	    align > PAGE ? (uint32_t)(align / PAGE) : 1);
	return p == NONE ? NULL : addr(p);
}

/* The page of block b, checked: a block start the heap gave out. */
static uint32_t
block_page(const void *b)
{
	size_t off;
	uint32_t p;

	if (!heap_owns(b)) {
		corrupt();
	}
	off = (size_t)((const uint8_t *)b - hp.base);
	p = (uint32_t)(off / PAGE);
	off %= PAGE;
	if (p < hp.meta || (hp.pi[p].kind == K_LARGE && off != 0) ||
	    (hp.pi[p].kind == K_SMALL && off % class_len[hp.pi[p].cls] != 0) ||
	    (hp.pi[p].kind != K_LARGE && hp.pi[p].kind != K_SMALL)) {
		corrupt();
	}
	return p;
}

void
heap_free(void *b)
{
	uint32_t p = block_page(b);
	struct pinfo *i = &hp.pi[p];
	size_t count;

	if (i->kind == K_LARGE) {
		run_free(p);
		return;
	}
	count = PAGE / class_len[i->cls];
	if (i->nfree >= count) {
		corrupt();
	}
	memcpy(b, &i->head, sizeof(i->head));
	i->head = (uint16_t)(((uint8_t *)b - addr(p)) / class_len[i->cls] + 1);
	if (i->nfree++ == 0) {
		avail_push(p);
	}
	if (i->nfree == count) {
		avail_unlink(p);
		i->run = 1;
		run_free(p);
	}
}

size_t
heap_usable(const void *b)
{
	uint32_t p = block_page(b);

	return hp.pi[p].kind == K_LARGE ? (size_t)hp.pi[p].run * PAGE
	                                : class_len[hp.pi[p].cls];
}
