/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The system-call allow-list of sandboxed processes (seccomp, classic BPF;
 * the counterpart of pledge("stdio")): enclave processes and the daemons'
 * key-holding children. Such a process computes, talks over the channels
 * it already has, allocates memory and draws random numbers; anything
 * else (opening files, sockets, exec, ptrace, new threads, ...) kills the
 * process with SIGSYS. New executable memory is refused too: mmap and
 * mprotect with PROT_EXEC fail with EPERM, so code that was not loaded
 * before cannot run. rt_sigaction is allowed for SIGSEGV only: the
 * enclave's SIGSEGV pager (src/platformd/pager.c) hands a fault it does
 * not serve back to the default action. An enclave process with the
 * userfaultfd pager instead gets ioctl(UFFDIO_COPY) (the request number
 * checked; its pager thread reads faults with read) and no rt_sigaction.
 *
 * Sanitizer builds (V=asan) also allow the few harmless calls the
 * sanitizer runtime makes on its own (signal stacks, limits); files,
 * executable memory and processes stay forbidden there too.
 */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <linux/userfaultfd.h>

#include "sandbox.h"

#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

#define ALLOW(nr)                                        \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 1), \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* mmap / mprotect: allowed unless arg 2 (prot) has PROT_EXEC. */
#define ALLOW_NOEXEC(nr)                                           \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (nr), 0, 4),           \
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,                     \
	        offsetof(struct seccomp_data, args[2])),           \
	    BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, PROT_EXEC, 0, 1), \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM),  \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW)

/* rt_sigaction: allowed for arg 0 (the signal) == SIGSEGV only. */
#define ALLOW_SIGSEGV_ACTION                                         \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_rt_sigaction, 0, 4), \
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,                       \
	        offsetof(struct seccomp_data, args[0])),             \
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SIGSEGV, 0, 1),      \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),            \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)

/* ioctl: allowed for arg 1 (the request) == UFFDIO_COPY only. */
#define ALLOW_UFFDIO_COPY                                           \
	BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 4),       \
	    BPF_STMT(BPF_LD | BPF_W | BPF_ABS,                      \
	        offsetof(struct seccomp_data, args[1])),            \
	    BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, UFFDIO_COPY, 0, 1), \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW),           \
	    BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)

#define DENY BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS)

int
sandbox_apply(bool all_threads, bool uffd)
{
#if defined(SANITIZER_BUILD)
	const struct sock_filter segv[] = { DENY }; /* allowed above */
#else
	const struct sock_filter segv[] = { ALLOW_SIGSEGV_ACTION, DENY };
#endif
	const struct sock_filter copy[] = { ALLOW_UFFDIO_COPY, DENY };
	const struct sock_filter head[] = {
		/* only x86-64 system calls */
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		/* x32 system calls share the architecture: refuse them */
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		ALLOW(SYS_read),
		ALLOW(SYS_write),
		ALLOW(SYS_readv),
		ALLOW(SYS_writev),
		ALLOW(SYS_sendmsg),
		ALLOW(SYS_recvmsg),
		ALLOW(SYS_close),
		ALLOW(SYS_brk),
		ALLOW(SYS_munmap),
		ALLOW(SYS_mremap),
		ALLOW(SYS_madvise),
		ALLOW(SYS_futex),
		ALLOW(SYS_getrandom),
		ALLOW(SYS_clock_gettime),
		ALLOW(SYS_clock_nanosleep),
		ALLOW(SYS_nanosleep),
		ALLOW(SYS_getpid),
		ALLOW(SYS_gettid),
		ALLOW(SYS_sched_yield),
		ALLOW(SYS_rt_sigreturn),
		ALLOW(SYS_rt_sigprocmask),
		ALLOW(SYS_newfstatat),
		ALLOW(SYS_fstat),
		ALLOW(SYS_exit),
		ALLOW(SYS_exit_group),
		ALLOW(SYS_tgkill), /* abort() */
#if defined(SANITIZER_BUILD)
		ALLOW(SYS_sigaltstack),
		ALLOW(SYS_rt_sigaction),
		ALLOW(SYS_prctl),
		ALLOW(SYS_getrlimit),
		ALLOW(SYS_prlimit64),
#endif
		ALLOW_NOEXEC(SYS_mmap),
		ALLOW_NOEXEC(SYS_mprotect),
	};
	/* the common list, then what this process needs beyond it */
	struct sock_filter filter[sizeof(head) / sizeof(head[0]) + 8];
	const struct sock_filter *tail = uffd ? copy : segv;
	size_t tail_len = uffd ? sizeof(copy) : sizeof(segv);
	struct sock_fprog prog = { 0, filter };

	memcpy(filter, head, sizeof(head));
	memcpy(filter + sizeof(head) / sizeof(head[0]), tail, tail_len);
	prog.len =
	    (unsigned short)((sizeof(head) + tail_len) / sizeof(filter[0]));

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		return -1;
	}
	if (all_threads) {
		/* every thread of the process, atomically (or none) */
		return syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER,
		           SECCOMP_FILTER_FLAG_TSYNC, &prog) == 0
		    ? 0
		    : -1;
	}
	return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) == 0
	    ? 0
	    : -1;
}
