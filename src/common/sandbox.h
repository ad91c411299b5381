/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_SANDBOX_H
#define SGXRA_SANDBOX_H

#include <stdbool.h>

/*
 * Confine the calling process to computing over the descriptors it holds
 * (seccomp allow-list; see sandbox.c for the list). With all_threads, the
 * filter applies to every thread of the process at once (threads created
 * before the call included); otherwise to the calling thread and the
 * threads it creates later. With uffd (an enclave process whose pager
 * thread serves a userfaultfd), ioctl UFFDIO_COPY is allowed and
 * rt_sigaction(SIGSEGV) is not. 0 on success, -1 with errno.
 */
int sandbox_apply(bool all_threads, bool uffd);

#endif
