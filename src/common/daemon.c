/* SPDX-License-Identifier: BSD-3-Clause */
/* The daemons' shared start and stop steps (daemon.h). */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "daemon.h"
#include "files.h"
#include "httpd.h"
#include "log.h"

bool
daemon_write_port(const char *path, uint16_t port)
{
	char text[16];
	char why[256];
	int n = snprintf(text, sizeof(text), "%u\n", (unsigned int)port);

	if (path[0] == '\0') {
		return true;
	}
	(void)unlink(path);
	if (files_write_new(path, text, (size_t)n, 0644, why, sizeof(why)) !=
	    RA_OK) {
		log_warnx("%s", why);
		return false;
	}
	return true;
}

bool
daemon_drop_privileges(const char *user)
{
	struct passwd *pw;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		log_warn("prctl");
		return false;
	}
	if (user[0] == '\0') {
		return true;
	}
	if (geteuid() != 0) {
		log_warnx("--user needs root");
		return false;
	}
	if ((pw = getpwnam(user)) == NULL) {
		log_warnx("unknown user %s", user);
		return false;
	}
	if (setgroups(1, &pw->pw_gid) != 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
		log_warn("cannot become %s", user);
		return false;
	}
	return true;
}

char *
daemon_read_pem(const char *path, bool secret)
{
	char why[256];
	uint8_t *p = NULL;
	size_t n = 0;
	char *s;

	if (files_read(path, (size_t)1 << 20, secret, &p, &n, why,
	        sizeof(why)) != RA_OK) {
		log_warnx("%s", why);
		return NULL;
	}
	if ((s = malloc(n + 1)) != NULL) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	files_free(p, n);
	return s;
}

bool
daemon_block_signals(sigset_t *stop)
{
	sigemptyset(stop);
	sigaddset(stop, SIGTERM);
	sigaddset(stop, SIGINT);
	sigaddset(stop, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, stop, NULL) != 0) {
		log_warnx("cannot block signals");
		return false;
	}
	signal(SIGPIPE, SIG_IGN);
	return true;
}

void
daemon_wait_and_drain(
    struct httpd *const *servers, int n, const sigset_t *stop, int drain_ms)
{
	bool slow = false;
	int sig = 0;
	int i;

	while (sigwait(stop, &sig) != 0 || sig == SIGHUP) {
	}
	log_info("signal %d: finishing the requests in flight", sig);
	for (i = 0; i < n; i++) {
		if (servers[i] != NULL &&
		    !httpd_drain(servers[i], (unsigned int)drain_ms)) {
			slow = true;
		}
	}
	if (slow) {
		log_warnx("requests still running after %d ms: closing them",
		    drain_ms);
	}
}
