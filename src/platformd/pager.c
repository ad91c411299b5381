/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave process's pager (docs/mee.md "The platform's EPC"): the
 * enclave image's writable segments (.data, .got, .bss and the RELRO
 * data, PT_GNU_RELRO read-only) are enclave memory. After dlopen has
 * applied the relocations, every such page goes to the platform, which
 * writes it into the EPC through the memory encryption engine, and is
 * unmapped here (its contents dropped, PROT_NONE). A touch then faults; the
 * SIGSEGV handler asks the platform for the page over the EPC channel
 * and maps it, readable, or writable at once for a write fault. At most
 * `resident` pages stay mapped; the oldest goes back first (written
 * through the engine if it was written, dropped if not).
 *
 * The handler runs in the middle of enclave code, so it uses only system
 * calls and memory of this file (async-signal-safe), and the EPC channel
 * is its own descriptor: a fault can never interleave with an ENCLU or
 * ECALL frame. Page contents move with raw system calls (syscall(2)):
 * a whole page spans the image's globals and a sanitizer's redzones
 * between them, which its read/write interceptors would report. It
 * lives in the platform's binary, which is never paged. The sandbox
 * allows what it needs: read, write(v), mmap and mprotect without
 * PROT_EXEC, rt_sigaction(SIGSEGV), rt_sigreturn.
 *
 * Limits: text and read-only data stay in the sealed image's mapping
 * (the sandbox forbids making pages executable after boot); the stack
 * and the libc / libcrypto heap are outside the ELRANGE; the kernel
 * cannot fault pages in, so a system call given a buffer inside the
 * ELRANGE that is not mapped fails with EFAULT (the trusted runtime's
 * I/O buffers are heap memory for that reason).
 */
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <linux/userfaultfd.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "platformd.h"
#include "sgxra/ct.h"

#define PAGE        RA_MEE_PAGE_LEN
#define FD_ECALL    4
#define FD_UFFD_DEV 7

enum page_state {
	P_SKIP = 0x1,     /* shares a page with text: not enclave memory */
	P_WRITABLE = 0x2, /* its final protection allows writes */
	P_PRESENT = 0x4,  /* mapped here */
	P_DIRTY = 0x8,    /* mapped writable: goes back when evicted */
};

/* A part of the ELRANGE: npages linear pages from lin, at addr. */
struct region {
	uintptr_t addr;
	uint32_t lin;
	uint32_t npages;
};

enum {
	R_IMAGE,
	R_HEAP,
	R_STACK,
	R_COUNT
};

static struct {
	int fd;
	uintptr_t base;
	uint32_t npages; /* the whole ELRANGE: image, heap, stack */
	uint32_t resident_max;
	uint8_t *state; /* npages */
	uint32_t *ring; /* the resident pages, oldest at head */
	uint32_t head, nres;
	uintptr_t relro_lo, relro_hi;
	uintptr_t lo, hi;
	struct region r[R_COUNT];
	/* userfaultfd: the descriptor, the copies taken at load (per ring
	 * slot, to tell a written page from a clean one), a load buffer */
	int uffd;
	uint8_t *copies;
	uint8_t reply[RA_IPC_HEADER_LEN + 9 + RA_IPC_MSG_MAX];
	uint8_t load[PAGE] __attribute__((aligned(PAGE)));
} pg = { .fd = -1, .uffd = -1 };

/* Write or read exactly n bytes (EINTR retried, boundedly). */
static int
io_all(bool is_write, void *p, size_t n)
{
	uint8_t *b = p;
	unsigned int tries = 0;
	ssize_t r;

	while (n > 0 && tries < 1000) {
		r = syscall(is_write ? SYS_write : SYS_read, pg.fd, b, n);
		if (r < 0 && errno == EINTR) {
			tries++;
			continue;
		}
		if (r <= 0) {
			return -1;
		}
		b += r;
		n -= (size_t)r;
	}
	return n == 0 ? 0 : -1;
}

static uint32_t
get32(const uint8_t *b)
{
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	    (uint32_t)b[3] << 24;
}

static void
put32(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)v;
	b[1] = (uint8_t)(v >> 8);
	b[2] = (uint8_t)(v >> 16);
	b[3] = (uint8_t)(v >> 24);
}

/*
 * The platform refused our memory (an integrity failure, a tampered
 * swap page) or went away: tell the application on the ECALL channel
 * with the platform's message, and end with EXIT_EPC.
 */
static void __attribute__((noreturn))
die(uint32_t err, const uint8_t *msg, size_t n)
{
	static const char gone[] = "EPC channel to the platform lost";
	uint8_t f[RA_IPC_HEADER_LEN + 9 + RA_IPC_MSG_MAX];
	size_t len;

	if (msg == NULL) {
		msg = (const uint8_t *)gone;
		n = sizeof(gone) - 1;
	}
	n = n > RA_IPC_MSG_MAX ? RA_IPC_MSG_MAX : n;
	len = 9 + n;
	put32(f, RA_IPC_ERROR);
	put32(f + 4, (uint32_t)len);
	put32(f + 8, err);
	put32(f + 12, 0);
	f[16] = (uint8_t)n;
	memcpy(f + 17, msg, n);
	(void)syscall(SYS_write, FD_ECALL, f, RA_IPC_HEADER_LEN + len);
	_exit(EXIT_EPC);
}

/*
 * One request: type, page, and for STORE the page's bytes (from the
 * mapping). The reply's payload, want bytes, goes to dst.
 */
static void
request(uint32_t type, uint32_t page, const void *bytes, void *dst, size_t want)
{
	uint8_t h[RA_IPC_HEADER_LEN + 4];
	struct iovec iov[2] = { { h, sizeof(h) },
		{ (void *)(uintptr_t)bytes, bytes != NULL ? PAGE : 0 } };
	size_t len;
	ssize_t w;

	put32(h, type);
	put32(h + 4, (uint32_t)(4 + iov[1].iov_len));
	put32(h + 8, page);
	w = syscall(SYS_writev, pg.fd, iov, bytes != NULL ? 2 : 1);
	if (w < 0 || (size_t)w != sizeof(h) + iov[1].iov_len) {
		die(RA_ERR_IO, NULL, 0);
	}
	if (type == RA_IPC_EPC_DROP) {
		return; /* no reply: an error comes as the next one */
	}
	if (io_all(false, pg.reply, RA_IPC_HEADER_LEN) != 0) {
		die(RA_ERR_IO, NULL, 0);
	}
	len = get32(pg.reply + 4);
	if (get32(pg.reply) == RA_IPC_OK && len == want) {
		if (want != 0 && io_all(false, dst, want) != 0) {
			die(RA_ERR_IO, NULL, 0);
		}
		return;
	}
	if (get32(pg.reply) != RA_IPC_ERROR || len < 9 ||
	    len > sizeof(pg.reply) - RA_IPC_HEADER_LEN ||
	    io_all(false, pg.reply + RA_IPC_HEADER_LEN, len) != 0 ||
	    pg.reply[16] > len - 9) {
		die(RA_ERR_IO, NULL, 0);
	}
	die(get32(pg.reply + 8), pg.reply + 17, pg.reply[16]);
}

/* Linear page p's address (the regions cover [0, npages) in order). */
static void *
page_addr(uint32_t p)
{
	const struct region *r = &pg.r[R_IMAGE];

	for (int i = R_COUNT - 1; i > R_IMAGE; i--) {
		if (pg.r[i].npages != 0 && p >= pg.r[i].lin) {
			r = &pg.r[i];
			break;
		}
	}
	return (void *)(r->addr + (uintptr_t)(p - r->lin) * PAGE);
}

/* The linear page at address a; false if a is outside the ELRANGE. */
static bool
page_of(uint32_t *p, uintptr_t a)
{
	for (int i = 0; i < R_COUNT; i++) {
		const struct region *r = &pg.r[i];

		if (r->npages != 0 && a >= r->addr &&
		    a - r->addr < (uintptr_t)r->npages * PAGE) {
			*p = r->lin + (uint32_t)((a - r->addr) / PAGE);
			return true;
		}
	}
	return false;
}

/*
 * Drop a page's contents and access: a fresh anonymous PROT_NONE page
 * over it (MAP_FIXED), which is MADV_DONTNEED and mprotect(PROT_NONE)
 * in one system call and one TLB flush (the flushes dominated a fault).
 */
static int
unmap_page(uint32_t p)
{
	void *a = mmap(page_addr(p), PAGE, PROT_NONE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

	return a == page_addr(p) ? 0 : -1;
}

/* Give back the oldest resident page. */
static void
evict_oldest(void)
{
	uint32_t p = pg.ring[pg.head];

	pg.head = (pg.head + 1) % pg.resident_max;
	pg.nres--;
	if ((pg.state[p] & P_DIRTY) != 0) {
		request(RA_IPC_EPC_STORE, p, page_addr(p), NULL, 0);
	} else {
		request(RA_IPC_EPC_DROP, p, NULL, NULL, 0);
	}
	if (unmap_page(p) != 0) {
		die(RA_ERR_IO, NULL, 0);
	}
	pg.state[p] &= (uint8_t) ~(P_PRESENT | P_DIRTY);
}

static void
page_in(uint32_t p, bool is_write)
{
	bool rw = is_write && (pg.state[p] & P_WRITABLE) != 0;

	if (pg.nres == pg.resident_max) {
		evict_oldest();
	}
	if (mprotect(page_addr(p), PAGE, PROT_READ | PROT_WRITE) != 0) {
		die(RA_ERR_IO, NULL, 0);
	}
	request(RA_IPC_EPC_LOAD, p, NULL, page_addr(p), PAGE);
	if (!rw && mprotect(page_addr(p), PAGE, PROT_READ) != 0) {
		die(RA_ERR_IO, NULL, 0);
	}
	pg.state[p] |= (uint8_t)(P_PRESENT | (rw ? P_DIRTY : 0));
	pg.ring[(pg.head + pg.nres) % pg.resident_max] = p;
	pg.nres++;
}

/* Not ours to serve: the default action (a crash, as before) on return. */
static void
pass_on(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	(void)sigaction(SIGSEGV, &sa, NULL);
}

static void
on_fault(int sig, siginfo_t *si, void *ctx)
{
	const ucontext_t *uc = ctx;
	uintptr_t a = (uintptr_t)si->si_addr;
	/* x86-64 page-fault error code, bit 1: the access was a write */
	bool is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
	int saved = errno;
	uint32_t p;

	(void)sig;
	if (a < pg.base || a - pg.base >= (uintptr_t)pg.npages * PAGE) {
		pass_on();
		return;
	}
	p = (uint32_t)((a - pg.base) / PAGE);
	if ((pg.state[p] & (P_SKIP | P_PRESENT)) == 0) {
		page_in(p, is_write);
	} else if (is_write &&
	    (pg.state[p] & (P_SKIP | P_WRITABLE | P_DIRTY)) == P_WRITABLE &&
	    mprotect(page_addr(p), PAGE, PROT_READ | PROT_WRITE) == 0) {
		pg.state[p] |= P_DIRTY;
	} else {
		pass_on(); /* not enclave memory, or read-only data: crash */
	}
	errno = saved;
}

struct seg_query {
	uintptr_t l_addr;
	bool found;
};

/* The image's writable PT_LOADs, RELRO, and the pages text shares. */
static int
scan_segments(struct dl_phdr_info *info, size_t size, void *arg)
{
	struct seg_query *q = arg;
	uint16_t i;

	(void)size;
	if (info->dlpi_addr != q->l_addr || q->found) {
		return 0;
	}
	q->found = true;
	pg.lo = UINTPTR_MAX;
	for (i = 0; i < info->dlpi_phnum; i++) {
		const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
		uintptr_t s = info->dlpi_addr + ph->p_vaddr;
		uintptr_t e = s + ph->p_memsz;

		if (ph->p_type == PT_LOAD && (ph->p_flags & PF_W) != 0) {
			pg.lo = s < pg.lo ? s & ~(uintptr_t)(PAGE - 1) : pg.lo;
			e = (e + PAGE - 1) & ~(uintptr_t)(PAGE - 1);
			pg.hi = e > pg.hi ? e : pg.hi;
		} else if (ph->p_type == PT_GNU_RELRO) {
			/* ld.so protects it rounded down at the end */
			pg.relro_lo = s & ~(uintptr_t)(PAGE - 1);
			pg.relro_hi = e & ~(uintptr_t)(PAGE - 1);
		}
	}
	return 1;
}

/* Mark the pages text shares and the pages RELRO makes read-only. */
static void
classify(struct dl_phdr_info *info)
{
	uint32_t p;
	uint16_t i;

	for (p = 0; p < pg.r[R_IMAGE].npages; p++) {
		uintptr_t a = pg.base + (uintptr_t)p * PAGE;

		bool in_w = false, in_other = false;

		for (i = 0; i < info->dlpi_phnum; i++) {
			const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
			uintptr_t s = info->dlpi_addr + ph->p_vaddr;

			if (ph->p_type == PT_LOAD && s < a + PAGE &&
			    a < s + ph->p_memsz) {
				in_w |= (ph->p_flags & PF_W) != 0;
				in_other |= (ph->p_flags & PF_W) == 0;
			}
		}
		pg.state[p] = P_WRITABLE;
		if (a >= pg.relro_lo && a + PAGE <= pg.relro_hi) {
			pg.state[p] = 0;
		}
		if (!in_w || in_other) {
			pg.state[p] = P_SKIP;
		}
	}
}

static int
classify_cb(struct dl_phdr_info *info, size_t size, void *arg)
{
	const struct seg_query *q = arg;

	(void)size;
	if (info->dlpi_addr == q->l_addr) {
		classify(info);
		return 1;
	}
	return 0;
}

static int
fail(char *why, size_t cap, const char *msg)
{
	snprintf(why, cap, "%s", msg);
	return -1;
}

/*
 * The userfaultfd pager (docs/mee.md "Two pagers"). Whether a resident
 * page was written is found at eviction by comparing it with the copy
 * taken when it was loaded: no write-protect tracking. The comparison
 * reads the enclave page directly, uninstrumented: a page of the image
 * spans a sanitizer's redzones.
 */
__attribute__((no_sanitize_address)) static bool
page_changed(const volatile uint64_t *live, const uint64_t *copy)
{
	uint64_t d = 0;

	for (size_t i = 0; i < PAGE / 8; i++) {
		d |= live[i] ^ copy[i];
	}
	return d != 0;
}

/*
 * Give back the oldest resident page. Safe without write tracking: an
 * enclave is single-threaded, and while this thread serves a fault the
 * faulting thread (the only other one) is blocked in that fault, so no
 * write can land between the comparison, the STORE and MADV_DONTNEED.
 */
static void
uffd_evict_oldest(void)
{
	uint32_t slot = pg.head, p = pg.ring[slot];
	uint8_t *copy = pg.copies + (size_t)slot * PAGE;

	pg.head = (pg.head + 1) % pg.resident_max;
	pg.nres--;
	if (page_changed(page_addr(p), (const uint64_t *)(void *)copy)) {
		request(RA_IPC_EPC_STORE, p, page_addr(p), NULL, 0);
	} else {
		request(RA_IPC_EPC_DROP, p, NULL, NULL, 0);
	}
	if (madvise(page_addr(p), PAGE, MADV_DONTNEED) != 0) {
		die(RA_ERR_IO, NULL, 0);
	}
	ra_wipe(copy, PAGE);
	pg.state[p] &= (uint8_t) ~(P_PRESENT | P_DIRTY);
}

/* A missing page p: from the platform, copied in (waking the thread). */
static void
uffd_page_in(uint32_t p)
{
	struct uffdio_copy c;
	uint32_t slot;

	if ((pg.state[p] & (P_SKIP | P_PRESENT)) != 0) {
		die(RA_ERR_IO, NULL, 0); /* not ours, or already mapped */
	}
	if (pg.nres == pg.resident_max) {
		uffd_evict_oldest();
	}
	slot = (pg.head + pg.nres) % pg.resident_max;
	request(RA_IPC_EPC_LOAD, p, NULL, pg.load, PAGE);
	memcpy(pg.copies + (size_t)slot * PAGE, pg.load, PAGE);
	memset(&c, 0, sizeof(c));
	c.dst = (uint64_t)(uintptr_t)page_addr(p);
	c.src = (uint64_t)(uintptr_t)pg.load;
	c.len = PAGE;
	if (ioctl(pg.uffd, UFFDIO_COPY, &c) != 0 || c.copy != PAGE) {
		die(RA_ERR_IO, NULL, 0);
	}
	ra_wipe(pg.load, PAGE);
	pg.state[p] |= P_PRESENT;
	pg.ring[slot] = p;
	pg.nres++;
}

/*
 * The pager thread: serves every missing-page fault in the ELRANGE, the
 * enclave thread's and the kernel's (a system call given a buffer there).
 * It touches no ELRANGE page but the one it evicts, which is mapped, and
 * calls no malloc: system calls, and memory of this file.
 */
static void *
uffd_thread(void *arg)
{
	struct uffd_msg m;
	unsigned int errs = 0;
	ssize_t r;
	uint32_t p;

	(void)arg;
	for (;;) {
		r = read(pg.uffd, &m, sizeof(m));
		if (r < 0 && errno == EINTR && errs++ < 1000) {
			continue;
		}
		if (r != (ssize_t)sizeof(m)) {
			die(RA_ERR_IO, NULL, 0);
		}
		if (m.event != UFFD_EVENT_PAGEFAULT ||
		    !page_of(&p, (uintptr_t)m.arg.pagefault.address)) {
			die(RA_ERR_IO, NULL, 0);
		}
		uffd_page_in(p);
	}
	return NULL;
}

/*
 * A userfaultfd that serves kernel faults too (no UFFD_USER_MODE_ONLY):
 * userfaultfd(2) (root, or vm.unprivileged_userfaultfd=1), else from the
 * platform's handle on /dev/userfaultfd (descriptor 7), else from
 * /dev/userfaultfd if we may open it; -1 if none works.
 */
static int
uffd_open(void)
{
	struct uffdio_api api;
	int fd, dev;

	fd = (int)syscall(SYS_userfaultfd, O_CLOEXEC);
	if (fd < 0) {
		fd = ioctl(FD_UFFD_DEV, USERFAULTFD_IOC_NEW, O_CLOEXEC);
	}
	if (fd < 0) {
		dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
		if (dev < 0) {
			return -1;
		}
		fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC);
		close(dev);
		if (fd < 0) {
			return -1;
		}
	}
	memset(&api, 0, sizeof(api));
	api.api = UFFD_API;
	if (ioctl(fd, UFFDIO_API, &api) != 0 ||
	    (api.ioctls & (UINT64_C(1) << _UFFDIO_REGISTER)) == 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Register npages pages at a for missing-page faults. */
static int
uffd_register(uintptr_t a, size_t npages)
{
	struct uffdio_register reg;

	memset(&reg, 0, sizeof(reg));
	reg.range.start = a;
	reg.range.len = npages * PAGE;
	reg.mode = UFFDIO_REGISTER_MODE_MISSING;
	if (ioctl(pg.uffd, UFFDIO_REGISTER, &reg) != 0 ||
	    (reg.ioctls & (UINT64_C(1) << _UFFDIO_COPY)) == 0) {
		return -1;
	}
	return 0;
}

/*
 * The image's pages after the STORE: fresh anonymous memory with their
 * final protection (RELRO read-only), registered by runs of pages alike.
 */
static int
uffd_take_image(void)
{
	uint32_t p = 0, q;

	while (p < pg.r[R_IMAGE].npages) {
		int prot;
		void *a;

		if ((pg.state[p] & P_SKIP) != 0) {
			p++;
			continue;
		}
		for (q = p;
		     q < pg.r[R_IMAGE].npages && pg.state[q] == pg.state[p];
		     q++) {
		}
		prot = (pg.state[p] & P_WRITABLE) != 0 ? PROT_READ | PROT_WRITE
		                                       : PROT_READ;
		a = mmap(page_addr(p), (size_t)(q - p) * PAGE, prot,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		if (a != page_addr(p) || uffd_register((uintptr_t)a, q - p)) {
			return -1;
		}
		p = q;
	}
	return 0;
}

/*
 * The heap and the stack: one reservation, [guard | stack | guard |
 * heap], the guards PROT_NONE and not enclave memory (a stack overflow
 * crashes instead of writing into the heap).
 */
static int
uffd_reserve(const struct pager_options *o)
{
	size_t hp = o->heap_len / PAGE, sp = o->stack_len / PAGE;
	size_t len = (1 + sp + 1 + hp) * PAGE;
	uint8_t *m;

	if (hp + sp == 0) {
		return 0;
	}
	m = mmap(NULL, len, PROT_NONE,
	    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (m == MAP_FAILED) {
		return -1;
	}
	pg.r[R_STACK] = (struct region){ (uintptr_t)m + PAGE, 0, (uint32_t)sp };
	pg.r[R_HEAP] =
	    (struct region){ (uintptr_t)m + (2 + sp) * PAGE, 0, (uint32_t)hp };
	pg.r[R_HEAP].lin = pg.r[R_IMAGE].npages;
	pg.r[R_STACK].lin = pg.r[R_HEAP].lin + (uint32_t)hp;
	for (int i = R_HEAP; i <= R_STACK; i++) {
		const struct region *r = &pg.r[i];

		if (r->npages != 0 &&
		    (mprotect((void *)r->addr, (size_t)r->npages * PAGE,
		         PROT_READ | PROT_WRITE) != 0 ||
		        uffd_register(r->addr, r->npages) != 0)) {
			return -1;
		}
	}
	return 0;
}

/* EPC_INIT: our ELRANGE; the reply says how many pages may stay mapped. */
static int
init_channel(uint32_t flags, char *why, size_t cap)
{
	uint8_t f[RA_IPC_HEADER_LEN + RA_IPC_EPC_INIT_LEN];
	uint8_t *b = f + RA_IPC_HEADER_LEN;
	uint8_t r[4];

	put32(f, RA_IPC_EPC_INIT);
	put32(f + 4, RA_IPC_EPC_INIT_LEN);
	put32(b, (uint32_t)pg.base);
	put32(b + 4, (uint32_t)((uint64_t)pg.base >> 32));
	put32(b + 8, pg.npages);
	put32(b + 12, flags);
	for (int i = R_HEAP; i <= R_STACK; i++) {
		uint8_t *e = b + 16 + (size_t)(i - R_HEAP) * 16;

		put32(e, (uint32_t)pg.r[i].addr);
		put32(e + 4, (uint32_t)((uint64_t)pg.r[i].addr >> 32));
		put32(e + 8, pg.r[i].lin);
		put32(e + 12, pg.r[i].npages);
	}
	if (io_all(true, f, sizeof(f)) != 0 ||
	    io_all(false, pg.reply, RA_IPC_HEADER_LEN) != 0) {
		return fail(why, cap, "EPC channel lost");
	}
	if (get32(pg.reply) != RA_IPC_OK || get32(pg.reply + 4) != 4 ||
	    io_all(false, r, sizeof(r)) != 0) {
		return fail(why, cap, "the platform refused enclave memory");
	}
	pg.resident_max = get32(r);
	if (pg.resident_max < 2 || pg.resident_max > EPC_MAX_RESIDENT) {
		return fail(why, cap, "bad resident-page limit");
	}
	return 0;
}

/* The image's writable pages, classified; the ELRANGE starts there. */
static int
find_image(void *h, char *why, size_t cap)
{
	struct link_map *lm = NULL;
	struct seg_query q = { 0, false };

	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || lm == NULL) {
		return fail(why, cap, "dlinfo");
	}
	q.l_addr = lm->l_addr;
	if (dl_iterate_phdr(scan_segments, &q) == 0 || !q.found ||
	    pg.lo >= pg.hi) {
		return fail(why, cap, "no writable segment in the image");
	}
	pg.base = pg.lo;
	pg.r[R_IMAGE] =
	    (struct region){ pg.lo, 0, (uint32_t)((pg.hi - pg.lo) / PAGE) };
	pg.npages = pg.r[R_IMAGE].npages;
	if (pg.npages > EPC_MAX_ENCLAVE_PAGES) {
		return fail(why, cap, "ELRANGE too large");
	}
	return 0;
}

/* The SIGSEGV pager's fault handler, for the image's pages only. */
static int
segv_install(char *why, size_t cap)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0) {
		return fail(why, cap, "sigaction");
	}
	return 0;
}

/* The pager thread, every signal blocked. */
static int
uffd_start_thread(char *why, size_t cap)
{
	sigset_t all, old;
	pthread_t t;
	int err;

	pg.copies = mmap(NULL, (size_t)pg.resident_max * PAGE,
	    PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (pg.copies == MAP_FAILED) {
		return fail(why, cap, "out of memory");
	}
	(void)madvise(pg.copies, (size_t)pg.resident_max * PAGE, MADV_DONTDUMP);
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&t, NULL, uffd_thread, NULL);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		return fail(why, cap, "cannot start the pager thread");
	}
	pthread_detach(t);
	return 0;
}

/*
 * Relocations are applied: the image's pages go to the EPC as they are
 * (the SIGSEGV pager drops them now, the userfaultfd pager later).
 */
static int
store_image(char *why, size_t cap)
{
	for (uint32_t p = 0; p < pg.r[R_IMAGE].npages; p++) {
		if ((pg.state[p] & P_SKIP) != 0) {
			continue;
		}
		request(RA_IPC_EPC_STORE, p, page_addr(p), NULL, 0);
		if (pg.uffd < 0 && unmap_page(p) != 0) {
			return fail(why, cap, "cannot unmap enclave memory");
		}
	}
	return 0;
}

int
pager_start(void *h, int fd, struct pager_info *out,
    const struct pager_options *o, char *why, size_t cap)
{
	struct seg_query q = { 0, false };
	struct link_map *lm = NULL;
	uint32_t flags = 0, p;

	memset(out, 0, sizeof(*out));
	pg.fd = fd;
	if (find_image(h, why, cap) != 0) {
		return -1;
	}
	(void)dlinfo(h, RTLD_DI_LINKMAP, &lm);
	q.l_addr = lm->l_addr;
	pg.uffd = o->allow_uffd ? uffd_open() : -1;
	(void)close(FD_UFFD_DEV); /* if the platform gave one: done with it */
	if (pg.uffd >= 0) {
		flags |= RA_IPC_ELRANGE_UFFD;
		if (uffd_reserve(o) != 0) {
			return fail(
			    why, cap, "cannot reserve the heap and stack");
		}
		flags |= pg.r[R_HEAP].npages != 0 ? RA_IPC_ELRANGE_HEAP : 0;
		flags |= pg.r[R_STACK].npages != 0 ? RA_IPC_ELRANGE_STACK : 0;
		pg.npages += pg.r[R_HEAP].npages + pg.r[R_STACK].npages;
	}
	pg.state = calloc(pg.npages, 1);
	if (pg.npages > EPC_MAX_ENCLAVE_PAGES || pg.state == NULL) {
		return fail(why, cap, "ELRANGE too large");
	}
	(void)dl_iterate_phdr(classify_cb, &q);
	for (p = pg.r[R_IMAGE].npages; p < pg.npages; p++) {
		pg.state[p] = P_WRITABLE;
	}
	if (init_channel(flags, why, cap) != 0) {
		return -1;
	}
	if ((pg.ring = calloc(pg.resident_max, sizeof(*pg.ring))) == NULL) {
		return fail(why, cap, "out of memory");
	}
	if (pg.uffd < 0 && segv_install(why, cap) != 0) {
		return -1;
	}
	if (pg.uffd >= 0) {
		pass_on(); /* a fault is a crash, even under a sanitizer's
		              handler */
	}
	if (store_image(why, cap) != 0) {
		return -1;
	}
	if (pg.uffd >= 0 &&
	    (uffd_take_image() != 0 || uffd_start_thread(why, cap) != 0)) {
		return fail(why, cap, "userfaultfd: cannot take the ELRANGE");
	}
	out->uffd = pg.uffd >= 0;
	out->heap = (void *)pg.r[R_HEAP].addr;
	out->heap_len = (size_t)pg.r[R_HEAP].npages * PAGE;
	out->stack = (void *)pg.r[R_STACK].addr;
	out->stack_len = (size_t)pg.r[R_STACK].npages * PAGE;
	return 0;
}
