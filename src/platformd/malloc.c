/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The malloc family of sgxra-platformd, replacing libc's for every
 * library in the process (glibc's documented interposition: the
 * executable defines malloc, free, calloc, realloc, aligned_alloc,
 * memalign, posix_memalign, valloc, pvalloc, malloc_usable_size). The
 * daemon and the enclave process are the same executable: until the
 * enclave's runner turns the heap on (malloc_heap_on), and always in the
 * daemon, every call goes to libc (__libc_malloc and friends). After, new
 * blocks come from heap.c over the heap range in the ELRANGE (docs/mee.md
 * "The heap"), under one mutex; a block libc gave before (dlopen's, the
 * pager's tables) still goes back to libc, by its address.
 *
 * Sanitizer builds define none of this: ASan owns malloc there, and the
 * heap stays outside the ELRANGE (the platform's statistics say so).
 */
#include <dlfcn.h>
#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "platformd.h"

#define PAGE ((size_t)4096)

#if !defined(SANITIZER_BUILD)

/*
 * glibc's names, its parameter names included (the declarations in
 * <stdlib.h> and <malloc.h> must agree with these definitions).
 * NOLINTBEGIN(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)
 */
extern void *__libc_malloc(size_t n);
extern void __libc_free(void *p);
extern void *__libc_calloc(size_t n, size_t size);
extern void *__libc_realloc(void *p, size_t n);
extern void *__libc_memalign(size_t align, size_t n);

static bool heap_is_on;
static pthread_mutex_t heap_lock = PTHREAD_MUTEX_INITIALIZER;

int
malloc_heap_on(void *base, size_t len)
{
	if (heap_setup(base, len) != 0) {
		return -1;
	}
	__atomic_store_n(&heap_is_on, true, __ATOMIC_RELEASE);
	return 0;
}

static bool
is_on(void)
{
	return __atomic_load_n(&heap_is_on, __ATOMIC_ACQUIRE);
}

static void *
nomem(void *p)
{
	if (p == NULL) {
		errno = ENOMEM;
	}
	return p;
}

static void *
ours_memalign(size_t align, size_t n)
{
	void *p;

	pthread_mutex_lock(&heap_lock);
	p = heap_memalign(align, n);
	pthread_mutex_unlock(&heap_lock);
	return nomem(p);
}

void *
malloc(size_t __size)
{
	void *p;

	if (!is_on()) {
		return __libc_malloc(__size);
	}
	pthread_mutex_lock(&heap_lock);
	p = heap_alloc(__size);
	pthread_mutex_unlock(&heap_lock);
	return nomem(p);
}

void
free(void *__ptr)
{
	if (__ptr == NULL) {
		return;
	}
	if (!heap_owns(__ptr)) {
		__libc_free(__ptr);
		return;
	}
	pthread_mutex_lock(&heap_lock);
	heap_free(__ptr);
	pthread_mutex_unlock(&heap_lock);
}

void *
calloc(size_t __nmemb, size_t __size)
{
	size_t len;
	void *p;

	if (!is_on()) {
		return __libc_calloc(__nmemb, __size);
	}
	if (__builtin_mul_overflow(__nmemb, __size, &len)) {
		errno = ENOMEM;
		return NULL;
	}
	if ((p = malloc(len)) != NULL) {
		memset(p, 0, len);
	}
	return p;
}

void *
realloc(void *__ptr, size_t __size)
{
	size_t old;
	void *q;

	if (__ptr == NULL) {
		return malloc(__size);
	}
	if (!heap_owns(__ptr)) {
		return __libc_realloc(__ptr, __size);
	}
	if (__size == 0) {
		free(__ptr);
		return NULL;
	}
	pthread_mutex_lock(&heap_lock);
	old = heap_usable(__ptr);
	if (__size <= old) {
		pthread_mutex_unlock(&heap_lock);
		return __ptr;
	}
	q = heap_alloc(__size);
	if (q != NULL) {
		memcpy(q, __ptr, old);
		heap_free(__ptr);
	}
	pthread_mutex_unlock(&heap_lock);
	return nomem(q);
}

void *
reallocarray(void *__ptr, size_t __nmemb, size_t __size)
{
	size_t len;

	if (__builtin_mul_overflow(__nmemb, __size, &len)) {
		errno = ENOMEM;
		return NULL;
	}
	return realloc(__ptr, len);
}

void *
memalign(size_t __alignment, size_t __size)
{
	if ((__alignment & (__alignment - 1)) != 0) {
		errno = EINVAL;
		return NULL;
	}
	if (!is_on()) {
		return __libc_memalign(__alignment, __size);
	}
	return ours_memalign(__alignment, __size);
}

void *
aligned_alloc(size_t __alignment, size_t __size)
{
	return memalign(__alignment, __size);
}

int
posix_memalign(void **__memptr, size_t __alignment, size_t __size)
{
	void *p;
	int saved = errno;

	if (__alignment < sizeof(void *) ||
	    (__alignment & (__alignment - 1)) != 0) {
		return EINVAL;
	}
	p = memalign(__alignment, __size);
	if (p == NULL) {
		errno = saved;
		return ENOMEM;
	}
	*__memptr = p;
	return 0;
}

void *
valloc(size_t __size)
{
	return memalign(PAGE, __size);
}

void *
pvalloc(size_t __size)
{
	if (__size > SIZE_MAX - PAGE) {
		errno = ENOMEM;
		return NULL;
	}
	return memalign(PAGE, (__size + PAGE - 1) & ~(PAGE - 1));
}

size_t
malloc_usable_size(void *__ptr)
{
	static size_t (*libc_usable)(void *);
	size_t (*f)(void *);
	size_t n;

	if (__ptr == NULL) {
		return 0;
	}
	if (heap_owns(__ptr)) {
		pthread_mutex_lock(&heap_lock);
		n = heap_usable(__ptr);
		pthread_mutex_unlock(&heap_lock);
		return n;
	}
	f = __atomic_load_n(&libc_usable, __ATOMIC_ACQUIRE);
	if (f == NULL) {
		*(void **)&f = dlsym(RTLD_NEXT, "malloc_usable_size");
		if (f == NULL) {
			abort();
		}
		__atomic_store_n(&libc_usable, f, __ATOMIC_RELEASE);
	}
	return f(__ptr);
}

/* NOLINTEND(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp,readability-identifier-naming)
 */

#else

int
malloc_heap_on(void *base, size_t len)
{
	(void)base;
	(void)len;
	return -1;
}

#endif
