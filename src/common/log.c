/* SPDX-License-Identifier: BSD-3-Clause */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "log.h"

static char name[64] = "sgxra";
static bool verbose_on;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void
log_init(const char *progname, bool verbose)
{
	snprintf(name, sizeof(name), "%s", progname);
	verbose_on = verbose;
}

void
log_setname(const char *n)
{
	snprintf(name, sizeof(name), "%s", n);
}

static void vlog(const char *level, const char *fmt, va_list ap, int errnum)
    LOG_ATTR(2, 0);

static void
vlog(const char *level, const char *fmt, va_list ap, int errnum)
{
	char msg[1024], ts[32];
	struct timespec now;
	struct tm tm;

	vsnprintf(msg, sizeof(msg), fmt, ap);
	clock_gettime(CLOCK_REALTIME, &now);
	gmtime_r(&now.tv_sec, &tm);
	strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%S", &tm);
	pthread_mutex_lock(&lock);
	if (errnum != 0) {
		fprintf(stderr, "%s.%03ldZ %s[%d] %s: %s: %s\n", ts,
		    now.tv_nsec / 1000000, name, (int)getpid(), level, msg,
		    strerror(errnum));
	} else {
		fprintf(stderr, "%s.%03ldZ %s[%d] %s: %s\n", ts,
		    now.tv_nsec / 1000000, name, (int)getpid(), level, msg);
	}
	fflush(stderr);
	pthread_mutex_unlock(&lock);
}

void
log_warn(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog("warning", fmt, ap, e);
	va_end(ap);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("warning", fmt, ap, 0);
	va_end(ap);
}

void
log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("info", fmt, ap, 0);
	va_end(ap);
}

void
log_debug(const char *fmt, ...)
{
	va_list ap;

	if (!verbose_on) {
		return;
	}
	va_start(ap, fmt);
	vlog("debug", fmt, ap, 0);
	va_end(ap);
}

void
fatal(const char *fmt, ...)
{
	int e = errno;
	va_list ap;

	va_start(ap, fmt);
	vlog("fatal", fmt, ap, e);
	va_end(ap);
	exit(1);
}

void
fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vlog("fatal", fmt, ap, 0);
	va_end(ap);
	exit(1);
}
