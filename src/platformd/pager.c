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
#include <link.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <ucontext.h>
#include <unistd.h>

#include "platformd.h"
#include "sgxra/ct.h"

#define PAGE     RA_MEE_PAGE_LEN
#define FD_ECALL 4

enum page_state {
	P_SKIP = 0x1,     /* shares a page with text: not enclave memory */
	P_WRITABLE = 0x2, /* its final protection allows writes */
	P_PRESENT = 0x4,  /* mapped here */
	P_DIRTY = 0x8,    /* mapped writable: goes back when evicted */
};

static struct {
	int fd;
	uintptr_t base;
	uint32_t npages;
	uint32_t resident_max;
	uint8_t *state; /* npages */
	uint32_t *ring; /* the resident pages, oldest at head */
	uint32_t head, nres;
	uintptr_t relro_lo, relro_hi;
	uintptr_t lo, hi;
	uint8_t reply[RA_IPC_HEADER_LEN + 9 + RA_IPC_MSG_MAX];
} pg = { .fd = -1 };

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

static void *
page_addr(uint32_t p)
{
	return (void *)(pg.base + (uintptr_t)p * PAGE);
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

	for (p = 0; p < pg.npages; p++) {
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

/* EPC_INIT: our ELRANGE; the reply says how many pages may stay mapped. */
static int
init_channel(char *why, size_t cap)
{
	uint8_t f[RA_IPC_HEADER_LEN + 12];
	uint8_t r[4];

	put32(f, RA_IPC_EPC_INIT);
	put32(f + 4, 12);
	put32(f + 8, (uint32_t)pg.base);
	put32(f + 12, (uint32_t)((uint64_t)pg.base >> 32));
	put32(f + 16, pg.npages);
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

int
pager_start(void *h, int fd, char *why, size_t cap)
{
	struct link_map *lm = NULL;
	struct seg_query q = { 0, false };
	struct sigaction sa;
	uint32_t p;

	if (dlinfo(h, RTLD_DI_LINKMAP, &lm) != 0 || lm == NULL) {
		return fail(why, cap, "dlinfo");
	}
	q.l_addr = lm->l_addr;
	pg.fd = fd;
	if (dl_iterate_phdr(scan_segments, &q) == 0 || !q.found ||
	    pg.lo >= pg.hi) {
		return fail(why, cap, "no writable segment in the image");
	}
	pg.base = pg.lo;
	pg.npages = (uint32_t)((pg.hi - pg.lo) / PAGE);
	pg.state = calloc(pg.npages, 1);
	if (pg.npages > EPC_MAX_ENCLAVE_PAGES || pg.state == NULL) {
		return fail(why, cap, "ELRANGE too large");
	}
	(void)dl_iterate_phdr(classify_cb, &q);
	if (init_channel(why, cap) != 0) {
		return -1;
	}
	if ((pg.ring = calloc(pg.resident_max, sizeof(*pg.ring))) == NULL) {
		return fail(why, cap, "out of memory");
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = on_fault;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGSEGV, &sa, NULL) != 0) {
		return fail(why, cap, "sigaction");
	}
	/* Relocations are applied: the pages go to the EPC as they are. */
	for (p = 0; p < pg.npages; p++) {
		if ((pg.state[p] & P_SKIP) != 0) {
			continue;
		}
		request(RA_IPC_EPC_STORE, p, page_addr(p), NULL, 0);
		if (unmap_page(p) != 0) {
			return fail(why, cap, "cannot unmap enclave memory");
		}
	}
	return 0;
}
