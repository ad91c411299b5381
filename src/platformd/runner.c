/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The enclave process (sgxra-platformd -x enclave), started by load.c
 * with descriptor 3 = ENCLU channel, 4 = ECALL channel, 5 = the sealed
 * image, 6 = EPC channel (pager.c). Before it reads anything it makes itself
 * undumpable (no ptrace, no /proc/PID/mem, no core by the same user) and gives
 * up privilege gains; it loads exactly the measured bytes, boots the enclave's
 * runtime, applies the system-call sandbox, tells the platform it is ready, and
 * serves ECALLs.
 */
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <ucontext.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sandbox.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"

#define FD_ENCLU 3
#define FD_ECALL 4
#define FD_IMAGE 5
#define FD_EPC   6

static int
refuse(const char *what, const char *detail)
{
	char msg[RA_IPC_MSG_MAX + 1];

	snprintf(msg, sizeof(msg), "%s: %s", what, detail);
	log_warnx("%s", msg);
	(void)ra_chan_send_error(FD_ENCLU, RA_ERR_IO, 0, msg);
	return 1;
}

/* The ECALL loop on the stack in the ELRANGE (run_on_stack). */
static struct {
	int (*run)(void);
	int status;
	ucontext_t caller, loop;
} on_stack;

static void
stack_entry(void)
{
	on_stack.status = on_stack.run();
}

/*
 * Run the runtime's ECALL loop on the stack [stack, stack + len): its
 * frames, the locals of every ECALL, are enclave memory. The loop's
 * status; -1 if the context cannot be made.
 */
static int
run_on_stack(int (*run)(void), void *stack, size_t len)
{
	on_stack.run = run;
	on_stack.status = -1;
	if (getcontext(&on_stack.loop) != 0) {
		return -1;
	}
	on_stack.loop.uc_stack.ss_sp = stack;
	on_stack.loop.uc_stack.ss_size = len;
	on_stack.loop.uc_link = &on_stack.caller;
	makecontext(&on_stack.loop, stack_entry, 0);
	if (swapcontext(&on_stack.caller, &on_stack.loop) != 0) {
		return -1;
	}
	return on_stack.status;
}

/* The ELRANGE: the options the platform passed, then the pager. */
static int
start_pager(void *h, struct pager_info *info, const char *heap,
    const char *pager, char *why, size_t cap)
{
	struct pager_options o;
	char *end;
	unsigned long long v = strtoull(heap, &end, 10);

	memset(&o, 0, sizeof(o));
	if (*end != '\0' || v > ENCLAVE_HEAP_MAX || v % 4096 != 0 ||
	    (strcmp(pager, "auto") != 0 && strcmp(pager, "sigsegv") != 0)) {
		snprintf(why, cap, "bad options");
		return -1;
	}
	o.allow_uffd = strcmp(pager, "auto") == 0;
#if !defined(SANITIZER_BUILD)
	o.heap_len = (size_t)v;
	o.stack_len = ENCLAVE_STACK_LEN;
#endif
	if (pager_start(h, FD_EPC, info, &o, why, cap) != 0) {
		return -1;
	}
	if (info->heap != NULL &&
	    malloc_heap_on(info->heap, info->heap_len) != 0) {
		snprintf(why, cap, "cannot set up the heap");
		return -1;
	}
	return 0;
}

int
runner_main(bool verbose, const char *heap, const char *pager)
{
	int (*boot)(int, int);
	int (*run)(void);
	struct pager_info info;
	char why[160];
	void *h;

	log_init("sgxra-enclave", verbose);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0 ||
	    prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		return refuse("prctl", "cannot protect the process");
	}
	/* The sealed memfd: the very bytes the platform measured. */
	h = dlopen("/proc/self/fd/5", RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		return refuse("dlopen", dlerror());
	}
	close(FD_IMAGE);
	*(void **)&boot = dlsym(h, "ra_trts_boot");
	*(void **)&run = dlsym(h, "ra_trts_run");
	if (boot == NULL || run == NULL) {
		return refuse(
		    "enclave", "no sgxra trusted runtime in the image");
	}
	/*
	 * Its writable memory, its heap and its stack into the EPC, before
	 * any enclave code runs: from here on malloc is enclave memory.
	 */
	if (start_pager(h, &info, heap, pager, why, sizeof(why)) != 0) {
		return refuse("EPC", why);
	}
	if (boot(FD_ENCLU, FD_ECALL) != 0) {
		return refuse("enclave", "the runtime did not boot");
	}
	/* every thread: the pager's too, which needs its userfaultfd */
	if (sandbox_apply(true, info.uffd) != 0) {
		return refuse("seccomp", "cannot apply the sandbox");
	}
	if (ra_chan_send(FD_ENCLU, RA_IPC_OK, NULL, 0, -1) != RA_OK) {
		_exit(1);
	}
	/*
	 * _exit: nothing is left to flush, and exit handlers (a sanitizer's
	 * leak check among them) would make calls the sandbox forbids.
	 */
	if (info.stack != NULL) {
		_exit(run_on_stack(run, info.stack, info.stack_len));
	}
	_exit(run());
}
