/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The EPC test enclave's application, for tests/integration/
 * mee_platform.sh:
 *
 *   epc-host --socket SOCK ENCLAVE
 *
 * loads the enclave (debug launch), prints "ready" (or "load refused:
 * ERR: reason" and exits 1), then reads commands from stdin, one a line,
 * and answers each with one line: "ok [value]" or "error ERR: message"
 * (the message the enclave process sent, e.g. the platform's MEE
 * integrity report). Commands: fill SEED | check SEED FIRST COUNT |
 * write PAGE BYTE | touch FIRST COUNT | addr | hfill SEED | hcheck SEED
 * FIRST COUNT | stack SEED | rand N | quit.
 */
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sgxra/host.h"

enum {
	E_FILL,
	E_CHECK,
	E_WRITE,
	E_TOUCH,
	E_ADDR,
	E_HFILL,
	E_HCHECK,
	E_STACK,
	E_RAND
};

static void
put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static void
put64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++) {
		p[i] = (uint8_t)(v >> (8 * i));
	}
}

static uint64_t
get_le(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0) {
		v = v << 8 | p[n];
	}
	return v;
}

/* One ECALL; prints its line. */
static void
call(struct ra_host_enclave *e, uint32_t idx, const uint8_t *in, size_t n)
{
	uint8_t out[16];
	size_t got = 0;
	enum ra_err err =
	    ra_host_ecall(e, idx, in, n, out, sizeof(out), &got, NULL);

	if (err != RA_OK) {
		printf("error %s: %s\n", ra_errname(err),
		    ra_host_enclave_error(e));
	} else if (got == 0) {
		printf("ok\n");
	} else {
		printf("ok %llu\n", (unsigned long long)get_le(out, got));
	}
	fflush(stdout);
}

/* "CMD [N [N [N]]]": the numbers into v; their count + 1, or 0. */
static int
split(const char *line, char *cmd, size_t cap, unsigned long long v[3])
{
	char copy[256], *save = NULL, *tok, *end;
	int n = 0;

	snprintf(copy, sizeof(copy), "%s", line);
	tok = strtok_r(copy, " \t\n", &save);
	if (tok == NULL) {
		return 0;
	}
	snprintf(cmd, cap, "%s", tok);
	while ((tok = strtok_r(NULL, " \t\n", &save)) != NULL && n < 3) {
		v[n] = strtoull(tok, &end, 0);
		if (*end != '\0') {
			return 0;
		}
		n++;
	}
	return tok == NULL ? n + 1 : 0;
}

static int
command(struct ra_host_enclave *e, const char *line)
{
	unsigned long long v[3] = { 0, 0, 0 };
	unsigned long long a, b, c;
	char cmd[16];
	uint8_t in[16];
	int n = split(line, cmd, sizeof(cmd), v);

	a = v[0];
	b = v[1];
	c = v[2];
	if (n >= 1 && strcmp(cmd, "quit") == 0) {
		return 1;
	}
	if (n == 2 && strcmp(cmd, "fill") == 0) {
		put64(in, a);
		call(e, E_FILL, in, 8);
	} else if (n == 4 && strcmp(cmd, "check") == 0) {
		put64(in, a);
		put32(in + 8, (uint32_t)b);
		put32(in + 12, (uint32_t)c);
		call(e, E_CHECK, in, 16);
	} else if (n == 3 && strcmp(cmd, "write") == 0) {
		put32(in, (uint32_t)a);
		in[4] = (uint8_t)b;
		call(e, E_WRITE, in, 5);
	} else if (n == 3 && strcmp(cmd, "touch") == 0) {
		put32(in, (uint32_t)a);
		put32(in + 4, (uint32_t)b);
		call(e, E_TOUCH, in, 8);
	} else if (n == 1 && strcmp(cmd, "addr") == 0) {
		call(e, E_ADDR, NULL, 0);
	} else if (n == 2 && strcmp(cmd, "hfill") == 0) {
		put64(in, a);
		call(e, E_HFILL, in, 8);
	} else if (n == 4 && strcmp(cmd, "hcheck") == 0) {
		put64(in, a);
		put32(in + 8, (uint32_t)b);
		put32(in + 12, (uint32_t)c);
		call(e, E_HCHECK, in, 16);
	} else if (n == 2 && strcmp(cmd, "stack") == 0) {
		put64(in, a);
		call(e, E_STACK, in, 8);
	} else if (n == 2 && strcmp(cmd, "rand") == 0) {
		put32(in, (uint32_t)a);
		call(e, E_RAND, in, 4);
	} else {
		printf("error usage: %s", line);
		fflush(stdout);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct ra_host *h = NULL;
	struct ra_host_enclave *e = NULL;
	struct ra_ipc_error why;
	char line[256];
	unsigned int i;
	enum ra_err err;

	if (argc != 4 || strcmp(argv[1], "--socket") != 0) {
		errx(2, "usage: epc-host --socket SOCK ENCLAVE");
	}
	if ((err = ra_host_connect(&h, argv[2])) != RA_OK) {
		errx(1, "connect: %s", ra_strerror(err));
	}
	err = ra_host_load(h, &e, argv[3], RA_IPC_LOAD_DEBUG, &why);
	if (err != RA_OK) {
		printf("load refused: %s: %s\n", ra_errname(err), why.msg);
		ra_host_close(h);
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	/* bounded: a test sends a few hundred commands at most */
	for (i = 0; i < 100000 && fgets(line, sizeof(line), stdin) != NULL;
	     i++) {
		if (command(e, line) != 0) {
			break;
		}
	}
	ra_host_destroy(e);
	ra_host_close(h);
	return 0;
}
