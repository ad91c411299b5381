/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * attack PID: what a process of the same user can do to another: attach
 * with ptrace, open /proc/PID/mem, read /proc/PID/maps. Prints one line
 * per attempt; exits 0 if every attempt was refused, 1 if any succeeded.
 * tests/integration/platform.sh runs it against an enclave process (all
 * refused) and against an ordinary process of the same user (the
 * control: allowed), so a refusal is the enclave's doing.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	pid_t pid;
	char path[64], b[64];
	int fd, got = 0;

	if (argc != 2 || (pid = (pid_t)strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: attack PID\n");
		return 2;
	}
	if (ptrace(PTRACE_ATTACH, pid, NULL, NULL) == 0) {
		printf("ptrace attach: ALLOWED\n");
		waitpid(pid, NULL, __WALL);
		ptrace(PTRACE_DETACH, pid, NULL, NULL);
		got = 1;
	} else {
		printf("ptrace attach: refused (%s)\n", strerror(errno));
	}
	snprintf(path, sizeof(path), "/proc/%d/mem", (int)pid);
	if ((fd = open(path, O_RDONLY)) >= 0) {
		printf("open %s: ALLOWED\n", path);
		close(fd);
		got = 1;
	} else {
		printf("open %s: refused (%s)\n", path, strerror(errno));
	}
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	if ((fd = open(path, O_RDONLY)) >= 0 && read(fd, b, sizeof(b)) > 0) {
		printf("read %s: ALLOWED\n", path);
		got = 1;
	} else {
		printf("read %s: refused (%s)\n", path, strerror(errno));
	}
	if (fd >= 0) {
		close(fd);
	}
	return got;
}
