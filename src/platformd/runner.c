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
#include <string.h>
#include <sys/prctl.h>
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

int
runner_main(bool verbose)
{
	int (*boot)(int, int);
	int (*run)(void);
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
	/* Its writable memory into the EPC, before any enclave code runs. */
	if (pager_start(h, FD_EPC, why, sizeof(why)) != 0) {
		return refuse("EPC", why);
	}
	*(void **)&boot = dlsym(h, "ra_trts_boot");
	*(void **)&run = dlsym(h, "ra_trts_run");
	if (boot == NULL || run == NULL) {
		return refuse(
		    "enclave", "no sgxra trusted runtime in the image");
	}
	if (boot(FD_ENCLU, FD_ECALL) != 0) {
		return refuse("enclave", "the runtime did not boot");
	}
	if (sandbox_apply(false) != 0) {
		return refuse("seccomp", "cannot apply the sandbox");
	}
	if (ra_chan_send(FD_ENCLU, RA_IPC_OK, NULL, 0, -1) != RA_OK) {
		_exit(1);
	}
	/*
	 * _exit: nothing is left to flush, and exit handlers (a sanitizer's
	 * leak check among them) would make calls the sandbox forbids.
	 */
	_exit(run());
}
