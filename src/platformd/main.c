/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra-platformd: the emulated SGX platform. See platformd.h and
 * docs/platform.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"

struct platform platform;

static const char usage_text[] =
    "usage: sgxra-platformd --init --state DIR [--cpusvn HEX]\n"
    "       sgxra-platformd [-dv] --state DIR [--socket PATH] [--user USER]\n"
    "                       [--allow-debug] [--epc-size SIZE]\n"
    "                       [--mee client|scalable] [--epc-resident PAGES]\n"
    "                       [--enclave-heap SIZE] [--epc-pager auto|sigsegv]\n"
    "\n"
    "The emulated SGX platform: it keeps the platform's fused secrets in\n"
    "DIR, loads enclaves (measurement, SIGSTRUCT and EINIT checks), runs\n"
    "each in an isolated process, and answers their EREPORT and EGETKEY.\n"
    "\n"
    "  --init           create a new platform in DIR (refuses if one is\n"
    "                   there): random root keys and owner epoch, mode 0600\n"
    "  --cpusvn HEX     with --init: the platform's CPUSVN (32 hex digits;\n"
    "                   default 0101...01)\n"
    "  --state DIR      the platform's state directory\n"
    "  --socket PATH    where applications connect (default:\n"
    "                   $XDG_RUNTIME_DIR/sgxra/platform.sock, or\n"
    "                   /run/sgxra/platform.sock)\n"
    "  --user USER      as root: run as USER once the socket is bound\n"
    "  --allow-debug    let applications launch enclaves in debug mode\n"
    "  --epc-size SIZE  protected memory (EPC) in DIR/dram, through the\n"
    "                   memory encryption engine (default 32M; K and M\n"
    "                   suffixes; client mode: a multiple of 256K; at\n"
    "                   most 128M)\n"
    "  --mee MODE       client (counter tree: integrity and freshness,\n"
    "                   the default) or scalable (no freshness)\n"
    "  --epc-resident PAGES\n"
    "                   pages of its memory an enclave process keeps\n"
    "                   mapped (default 256 = 1 MiB; 8..4096)\n"
    "  --enclave-heap SIZE\n"
    "                   each enclave's heap, enclave memory in the EPC\n"
    "                   (default 16M, 1M..128M; pages exist once touched)\n"
    "  --epc-pager auto|sigsegv\n"
    "                   auto (default): userfaultfd if the kernel allows\n"
    "                   it (heap, stack and image in the EPC), else the\n"
    "                   SIGSEGV pager (the image only); sigsegv: always\n"
    "                   the latter\n"
    "  -d               stay in the foreground, log to stderr\n"
    "  -v               log debug messages too\n"
    "\n"
    "SIGTERM or SIGINT stop the platform and every enclave it runs.\n";

struct options {
	const char *state;
	const char *socket;
	const char *user;
	const char *cpusvn;
	struct epc_options epc;
	bool init;
	bool foreground;
};

/* SIZE with an optional K or M suffix; 0 if malformed or too large. */
static size_t
parse_size(const char *s)
{
	char *end;
	unsigned long long v;
	size_t unit = 1;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno != 0) {
		return 0;
	}
	if (*end == 'K' || *end == 'k') {
		unit = 1024;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		unit = (size_t)1024 * 1024;
		end++;
	}
	if (*end != '\0' || v > EPC_MAX_SIZE / unit) {
		return 0;
	}
	return (size_t)v * unit;
}

static int
parse_epc_opt(struct options *o, int ch, const char *arg)
{
	size_t v;

	switch (ch) {
	case 'E':
		o->epc.size = parse_size(arg);
		return o->epc.size == 0 ? -1 : 0;
	case 'M':
		if (strcmp(arg, "client") == 0) {
			o->epc.mode = RA_MEE_CLIENT;
		} else if (strcmp(arg, "scalable") == 0) {
			o->epc.mode = RA_MEE_SCALABLE;
		} else {
			return -1;
		}
		return 0;
	case 'H':
		v = parse_size(arg);
		if (v < ENCLAVE_HEAP_MIN || v > ENCLAVE_HEAP_MAX ||
		    v % RA_MEE_PAGE_LEN != 0) {
			return -1;
		}
		platform.enclave_heap = v;
		return 0;
	case 'P':
		if (strcmp(arg, "auto") != 0 && strcmp(arg, "sigsegv") != 0) {
			return -1;
		}
		platform.force_sigsegv = strcmp(arg, "sigsegv") == 0;
		return 0;
	default:
		v = parse_size(arg);
		if (v < EPC_MIN_RESIDENT || v > EPC_MAX_RESIDENT) {
			return -1;
		}
		o->epc.resident = (unsigned int)v;
		return 0;
	}
}

static void
default_socket(char *out, size_t cap)
{
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (xdg != NULL && *xdg == '/') {
		snprintf(out, cap, "%s/sgxra/platform.sock", xdg);
	} else {
		snprintf(out, cap, "/run/sgxra/platform.sock");
	}
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "init", no_argument, NULL, 'I' },
		{ "cpusvn", required_argument, NULL, 'C' },
		{ "state", required_argument, NULL, 'S' },
		{ "socket", required_argument, NULL, 'k' },
		{ "user", required_argument, NULL, 'u' },
		{ "allow-debug", no_argument, NULL, 'D' },
		{ "epc-size", required_argument, NULL, 'E' },
		{ "mee", required_argument, NULL, 'M' },
		{ "epc-resident", required_argument, NULL, 'R' },
		{ "enclave-heap", required_argument, NULL, 'H' },
		{ "epc-pager", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	memset(o, 0, sizeof(*o));
	o->epc.size = EPC_DEFAULT_SIZE;
	o->epc.mode = RA_MEE_CLIENT;
	o->epc.resident = EPC_DEFAULT_RESIDENT;
	platform.enclave_heap = ENCLAVE_HEAP_DEFAULT;
	platform.uffd_dev = -1;
	while ((ch = getopt_long(argc, argv, "dvh", longopts, NULL)) != -1) {
		switch (ch) {
		case 'I':
			o->init = true;
			break;
		case 'C':
			o->cpusvn = optarg;
			break;
		case 'S':
			o->state = optarg;
			break;
		case 'k':
			o->socket = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		case 'D':
			platform.allow_debug = true;
			break;
		case 'E':
		case 'M':
		case 'R':
		case 'H':
		case 'P':
			if (parse_epc_opt(o, ch, optarg) != 0) {
				return -1;
			}
			break;
		case 'd':
			o->foreground = true;
			break;
		case 'v':
			platform.verbose = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		default:
			return -1;
		}
	}
	if (optind != argc || o->state == NULL ||
	    (o->cpusvn != NULL && !o->init)) {
		return -1;
	}
	return 0;
}

static int
do_init(const struct options *o)
{
	uint8_t svn[RA_CPUSVN_LEN];

	memset(svn, 1, sizeof(svn));
	if (o->cpusvn != NULL &&
	    ra_hex_decode_exact(
	        svn, sizeof(svn), o->cpusvn, strlen(o->cpusvn)) != RA_OK) {
		fprintf(stderr,
		    "sgxra-platformd: --cpusvn wants 32 hex "
		    "digits\n");
		return 2;
	}
	state_init(o->state, svn);
	printf("sgxra-platformd: new platform in %s\n", o->state);
	return 0;
}

/* Bind the application socket; refuse if another platform listens. */
static int
bind_socket(const char *path)
{
	struct sockaddr_un sa;
	char dir[PATH_MAX];
	char *slash;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fatalx("socket path too long: %s", path);
	}
	memcpy(sa.sun_path, path, strlen(path));
	snprintf(dir, sizeof(dir), "%s", path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		(void)mkdir(dir, 0755);
	}
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1) {
		fatal("socket");
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == 0) {
		fatalx("another platform is listening on %s", path);
	}
	(void)unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0 ||
	    chmod(path, 0666) != 0 || listen(fd, 16) != 0) {
		fatal("cannot listen on %s", path);
	}
	return fd;
}

static void
drop_privileges(const char *user, const char *sock)
{
	struct passwd *pw;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
		fatal("prctl");
	}
	if (user == NULL) {
		return;
	}
	if (geteuid() != 0) {
		fatalx("--user needs root");
	}
	if ((pw = getpwnam(user)) == NULL) {
		fatalx("unknown user %s", user);
	}
	if (chown(sock, pw->pw_uid, pw->pw_gid) != 0 ||
	    setgroups(1, &pw->pw_gid) != 0 ||
	    setresgid(pw->pw_gid, pw->pw_gid, pw->pw_gid) != 0 ||
	    setresuid(pw->pw_uid, pw->pw_uid, pw->pw_uid) != 0) {
		fatal("cannot become %s", user);
	}
}

static void
accept_one(int lfd)
{
	pthread_t t;
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
	bool full;

	if (fd == -1) {
		if (errno != EINTR && errno != EAGAIN) {
			log_warn("accept");
		}
		return;
	}
	pthread_mutex_lock(&platform.lock);
	full = platform.clients >= MAX_CLIENTS;
	if (!full) {
		platform.clients++;
	}
	pthread_mutex_unlock(&platform.lock);
	if (full) {
		log_warnx("too many clients (%d): refusing one", MAX_CLIENTS);
		close(fd);
		return;
	}
	if (pthread_create(&t, NULL, client_thread, (void *)(intptr_t)fd) !=
	    0) {
		log_warnx("cannot start a client thread");
		close(fd);
		pthread_mutex_lock(&platform.lock);
		platform.clients--;
		pthread_mutex_unlock(&platform.lock);
		return;
	}
	pthread_detach(t);
}

/* Returns false when the platform must stop. */
static bool
on_signal(int sfd)
{
	struct signalfd_siginfo si;
	pid_t pid;
	int status;

	if (read(sfd, &si, sizeof(si)) != (ssize_t)sizeof(si)) {
		return true;
	}
	if (si.ssi_signo != SIGCHLD) {
		log_info("signal %u: stopping", si.ssi_signo);
		return false;
	}
	while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
		enclave_reap(&platform, pid, status);
	}
	return true;
}

static void
serve(int lfd, int sfd)
{
	struct pollfd pfd[2] = { { lfd, POLLIN, 0 }, { sfd, POLLIN, 0 } };

	for (;;) {
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR) {
				continue;
			}
			fatal("poll");
		}
		if ((pfd[1].revents & POLLIN) != 0 && !on_signal(sfd)) {
			return;
		}
		if ((pfd[0].revents & POLLIN) != 0) {
			accept_one(lfd);
		}
	}
}

/* EINIT of the architectural enclaves: the platform cannot work without. */
static void
start_aes(void)
{
	unsigned int ae;

	for (ae = 0; ae < RA_AE_COUNT; ae++) {
		if (ra_ae_secs(&platform.ae[ae], (enum ra_ae)ae) != RA_OK) {
			fatalx("architectural enclave %s refused by EINIT",
			    ra_ae_name((enum ra_ae)ae));
		}
	}
}

static int
start_daemon(const struct options *o)
{
	char sockpath[PATH_MAX];
	sigset_t set;
	int lfd, sfd;

	if (o->socket != NULL) {
		snprintf(sockpath, sizeof(sockpath), "%s", o->socket);
	} else {
		default_socket(sockpath, sizeof(sockpath));
	}
	state_load(&platform.fuses, o->state);
	epc_start(o->state, &o->epc);
	start_aes();
	platform.state_dir = o->state;
	pthread_mutex_init(&platform.lock, NULL);
	pthread_rwlock_init(&platform.epid_lock, NULL);
	pthread_mutex_init(&platform.dcap_lock, NULL);
	pve_load(&platform);
	pce_load(&platform);
	lfd = bind_socket(sockpath);
	/*
	 * A handle on /dev/userfaultfd, opened with the privilege we start
	 * with: enclave processes (descriptor 7) make their userfaultfd from
	 * it, one that serves kernel faults too, even as --user (docs/mee.md
	 * "Two pagers"). -1 if there is none: they try on their own.
	 */
	platform.uffd_dev = platform.force_sigsegv
	    ? -1
	    : open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	drop_privileges(o->user, sockpath);
	if (!o->foreground && daemon(1, 1) != 0) {
		fatal("daemon");
	}
	/* Signals go to the main loop only, through a signalfd. */
	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	if (pthread_sigmask(SIG_BLOCK, &set, NULL) != 0 ||
	    (sfd = signalfd(-1, &set, SFD_CLOEXEC)) == -1) {
		fatal("signalfd");
	}
	signal(SIGPIPE, SIG_IGN);
	log_info("platform ready on %s (state %s)", sockpath, o->state);
	serve(lfd, sfd);
	enclaves_kill(&platform);
	close(lfd);
	(void)unlink(sockpath);
	RA_WIPE(platform.fuses);
	pthread_rwlock_wrlock(&platform.epid_lock);
	RA_WIPE(platform.epid_member);
	ra_rsa_key_free(platform.quote_key);
	platform.quote_key = NULL;
	pthread_rwlock_unlock(&platform.epid_lock);
	dcap_free(&platform);
	epc_stop();
	pthread_mutex_lock(&platform.lock);
	RA_WIPE(platform.join);
	pthread_mutex_unlock(&platform.lock);
	log_info("stopped");
	return 0;
}

int
main(int argc, char **argv)
{
	struct options o;

	if (argc == 5 && strcmp(argv[1], "-x") == 0 &&
	    strncmp(argv[2], "enclave", 7) == 0) {
		return runner_main(
		    strcmp(argv[2], "enclave-v") == 0, argv[3], argv[4]);
	}
	if (parse_args(argc, argv, &o) != 0) {
		fputs(usage_text, stderr);
		return 2;
	}
	log_init("sgxra-platformd", platform.verbose);
	if (o.init) {
		return do_init(&o);
	}
	return start_daemon(&o);
}
