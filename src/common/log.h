/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_LOG_H
#define SGXRA_LOG_H

/*
 * Daemon logging, after OpenBSD's log.h: one line per event on stderr
 * (foreground, -d) with a timestamp and the program name. fatal() appends
 * strerror(errno) and exits; fatalx() does not append it. Messages begin
 * with __func__ where a reader needs to find the place.
 */
#include <stdarg.h>
#include <stdbool.h>

#define LOG_ATTR(a, b) __attribute__((format(printf, a, b)))

void log_init(const char *progname, bool verbose);
void log_setname(const char *name); /* e.g. "enclave 3" in a child */
void log_warn(const char *fmt, ...) LOG_ATTR(1, 2); /* with errno */
void log_warnx(const char *fmt, ...) LOG_ATTR(1, 2);
void log_info(const char *fmt, ...) LOG_ATTR(1, 2);
void log_debug(const char *fmt, ...) LOG_ATTR(1, 2); /* only verbose */
void fatal(const char *fmt, ...) LOG_ATTR(1, 2) __attribute__((noreturn));
void fatalx(const char *fmt, ...) LOG_ATTR(1, 2) __attribute__((noreturn));

#endif
