/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_DAEMON_H
#define SGXRA_DAEMON_H

/*
 * What every sgxra network daemon does the same way around its HTTP
 * front: write the bound port for tests, drop privileges once listening,
 * read PEM files, wait for a stop signal and drain. Failures are logged
 * (log.h) and returned as false / NULL.
 */
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

struct httpd;

/* Write "PORT\n" to path (mode 0644, replacing it); "" writes nothing. */
bool daemon_write_port(const char *path, uint16_t port);

/*
 * No new privileges from now on; as root with user set, become user (its
 * primary group only). user "" keeps the identity.
 */
bool daemon_drop_privileges(const char *user);

/* A PEM file (at most 1 MiB) as a NUL-terminated string (free()). With
 * secret, a file others may read is refused. */
char *daemon_read_pem(const char *path, bool secret);

/*
 * Block SIGTERM, SIGINT and SIGHUP in this thread (threads made later
 * inherit it) into *stop, and ignore SIGPIPE. False if it cannot.
 */
bool daemon_block_signals(sigset_t *stop);

/*
 * Wait for SIGTERM or SIGINT (SIGHUP is ignored: nothing to reload), then
 * let the requests in flight on each server (NULLs skipped) finish for
 * up to drain_ms.
 */
void daemon_wait_and_drain(
    struct httpd *const *servers, int n, const sigset_t *stop, int drain_ms);

#endif
