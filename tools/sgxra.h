/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_TOOL_H
#define SGXRA_TOOL_H

/*
 * The sgxra command: one binary, a table of subcommands (tools/sgxra.c),
 * one file per subcommand. Subcommands print results on stdout and
 * diagnostics with err(3)/warnx(3) on stderr, and exit with EXIT_OK,
 * EXIT_FAIL or EXIT_USAGE.
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sgxra/err.h"

enum exit_code {
	EXIT_OK = 0,    /* done; for a verification: it passed */
	EXIT_FAIL = 1,  /* bad input, refused evidence, I/O error */
	EXIT_USAGE = 2, /* bad command line */
};

/* Largest input file a subcommand reads (quotes, keys, collateral). */
#define TOOL_MAX_INPUT ((size_t)16 * 1024 * 1024)
/* Largest enclave file (SGXS stream, signed shared object) read. */
#define TOOL_MAX_ENCLAVE ((size_t)256 * 1024 * 1024)

struct subcommand {
	const char *group; /* "quote"; NULL for a top-level command */
	const char *name;  /* "show" */
	int (*run)(int argc, char **argv);
	const char *summary; /* one line for `sgxra help` */
};

/* Subcommands: argv[0] is the subcommand name, options follow. */
int cmd_help(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_quote_show(int argc, char **argv);
int cmd_quote_verify(int argc, char **argv);
int cmd_report_show(int argc, char **argv);
int cmd_sigstruct_show(int argc, char **argv);
int cmd_sign(int argc, char **argv);
int cmd_sigstruct_verify(int argc, char **argv);
int cmd_platform_info(int argc, char **argv);
int cmd_platform_provision(int argc, char **argv);
int cmd_platform_stats(int argc, char **argv);
int cmd_platform_mee_flush(int argc, char **argv);
int cmd_platform_dram_dump(int argc, char **argv);
int cmd_keygen(int argc, char **argv);
int cmd_measure(int argc, char **argv);
int cmd_epid_sign(int argc, char **argv);
int cmd_epid_verify(int argc, char **argv);
int cmd_epid_keygen(int argc, char **argv);
int cmd_epid_join(int argc, char **argv);
int cmd_epid_revoke(int argc, char **argv);
int cmd_avr_verify(int argc, char **argv);
int cmd_run(int argc, char **argv);
/* sgxra admin NOUN VERB: argv[0] is NOUN (tools/admin.c). */
int cmd_admin(int argc, char **argv);

/*
 * Read a whole file, or standard input for "-", refusing anything above
 * max bytes. Exits with EXIT_FAIL and a message naming the file on error.
 * The buffer is malloc'd, NUL-terminated (not counted in *len).
 */
uint8_t *read_input(const char *path, size_t max, size_t *len);

/*
 * The platform's socket: sock if not NULL, else the default path
 * (ra_host_default_socket) written into buf. Exits if there is none.
 */
const char *platform_socket(const char *sock, char *buf, size_t cap);

/* malloc that exits on failure (tools only, never the library). */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);

/*
 * Hex text (whitespace ignored) to bytes, in place; returns the byte
 * count. Exits with EXIT_FAIL naming the file on a non-hex character.
 */
size_t unhex_in_place(const char *name, uint8_t *buf, size_t len);

/* Print bytes as lowercase hex (no newline). */
void print_hex(FILE *f, const uint8_t *p, size_t n);

/*
 * Parse "--flag" style options common to all subcommands: returns true
 * and sets *json if argv[i] is --json. A tiny helper, not a framework.
 */
bool is_opt(const char *arg, const char *name);

/* Print a usage text to stderr and return EXIT_USAGE. */
int usage(const char *text);

/*
 * If the arguments ask for help (-h or --help anywhere), print text on
 * stdout and return true: the subcommand then returns EXIT_OK.
 */
bool wants_help(int argc, char **argv, const char *text);

/* Exit with EXIT_FAIL and "what: error text" for a library error. */
void die_ra(enum ra_err e, const char *fmt, ...)
    __attribute__((format(printf, 2, 3), noreturn));

#endif
