/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra: the command-line tool. main() only looks up the subcommand table.
 */
#include <err.h>
#include <stdio.h>
#include <string.h>

#include "sgxra.h"

#define SGXRA_VERSION "0.1.0"

static const struct subcommand subcommands[] = {
	{ NULL, "help", cmd_help, "list the commands, or explain one" },
	{ NULL, "version", cmd_version, "print the version" },
	{ "epid", "keygen", cmd_epid_keygen,
	    "create an EPID group (issuer key, group key, empty lists)" },
	{ "epid", "join", cmd_epid_join,
	    "join a member to an EPID group (JoinRequest, credential)" },
	{ "epid", "sign", cmd_epid_sign, "make an EPID signature" },
	{ "epid", "verify", cmd_epid_verify,
	    "verify an EPID signature against a group and its lists" },
	{ "epid", "revoke", cmd_epid_revoke,
	    "revoke a key, a signature or a group (new signed list)" },
	{ NULL, "measure", cmd_measure,
	    "compute MRENCLAVE of an SGXS stream or an SDK-signed enclave" },
	{ "quote", "show", cmd_quote_show,
	    "decode an EPID or DCAP (v3/v4/v5, SGX/TDX) quote" },
	{ "quote", "verify", cmd_quote_verify,
	    "verify a DCAP quote against its collateral (files or PCS URL)" },
	{ "report", "show", cmd_report_show, "decode an SGX REPORT" },
	{ "sigstruct", "show", cmd_sigstruct_show,
	    "decode a SIGSTRUCT and compute MRSIGNER" },
	{ "sigstruct", "verify", cmd_sigstruct_verify,
	    "check a SIGSTRUCT's signature (and a signed enclave's hash)" },
	{ NULL, "sign", cmd_sign, "measure and sign an sgxra enclave" },
	{ "platform", "info", cmd_platform_info,
	    "ask a running sgxra-platformd what it is" },
	{ "platform", "provision", cmd_platform_provision,
	    "join the platform to an EPID group of sgxra-attestd" },
	{ "platform", "stats", cmd_platform_stats,
	    "the platform's EPC and memory encryption engine" },
	{ "platform", "mee-flush", cmd_platform_mee_flush,
	    "drop the memory encryption engine's node cache" },
	{ "platform", "dram-dump", cmd_platform_dram_dump,
	    "print STATE/dram (the attacker's view) by area" },
	{ NULL, "run", cmd_run,
	    "load an enclave, attest it to an SP (sgxra-spd), call an ECALL" },
	{ NULL, "keygen", cmd_keygen, "make an enclave or P-256 key" },
	{ "avr", "verify", cmd_avr_verify,
	    "verify an IAS attestation report: chain, signature, fields" },
	{ "admin", "tenant", cmd_admin,
	    "sgxra-attestd tenants: list, show, set, delete" },
	{ "admin", "key", cmd_admin,
	    "a tenant's subscription keys: add, revoke" },
	{ "admin", "group", cmd_admin, "EPID groups: list, show, create" },
	{ "admin", "revoke", cmd_admin,
	    "revoke an EPID group, a member key, a signature or a DCAP PCK "
	    "certificate" },
	{ "admin", "tcb", cmd_admin,
	    "a group's TCB levels and advisories: show, set" },
	{ "admin", "dcap-tcb", cmd_admin,
	    "the DCAP TCB Info levels of the emulated PCS: show, set" },
	{ "admin", "platform", cmd_admin,
	    "platforms for provisioning: enroll, show" },
	{ "admin", "audit", cmd_admin, "verify the audit log's hash chain" },
};

#define NSUB (sizeof(subcommands) / sizeof(subcommands[0]))

static void
list(FILE *f, const char *group)
{
	size_t i;
	char name[64];

	for (i = 0; i < NSUB; i++) {
		const struct subcommand *s = &subcommands[i];

		if (group != NULL &&
		    (s->group == NULL || strcmp(s->group, group) != 0)) {
			continue;
		}
		snprintf(name, sizeof(name), "%s%s%s", s->group ? s->group : "",
		    s->group ? " " : "", s->name);
		fprintf(f, "  %-22s %s\n", name, s->summary);
	}
}

/* The entry for "group name" (group NULL: a top-level command). */
static const struct subcommand *
find(const char *group, const char *name)
{
	size_t i;

	for (i = 0; i < NSUB; i++) {
		const struct subcommand *s = &subcommands[i];
		bool same_group = group == NULL
		    ? s->group == NULL
		    : s->group != NULL && strcmp(s->group, group) == 0;

		if (same_group && strcmp(s->name, name) == 0) {
			return s;
		}
	}
	return NULL;
}

static bool
is_group(const char *group)
{
	size_t i;

	for (i = 0; i < NSUB; i++) {
		if (subcommands[i].group != NULL &&
		    strcmp(subcommands[i].group, group) == 0) {
			return true;
		}
	}
	return false;
}

/* "sgxra help quote show" runs "sgxra quote show --help". */
static int
help_for(const struct subcommand *s)
{
	char *hargv[3];

	hargv[0] = (char *)(uintptr_t)s->name;
	hargv[1] = (char *)(uintptr_t) "--help";
	hargv[2] = NULL;
	return s->run(2, hargv);
}

int
cmd_help(int argc, char **argv)
{
	const struct subcommand *s;

	if (argc == 2 && is_group(argv[1])) {
		printf("sgxra %s commands:\n", argv[1]);
		list(stdout, argv[1]);
		return EXIT_OK;
	}
	if (argc == 2 || argc == 3) {
		s = argc == 2 ? find(NULL, argv[1]) : find(argv[1], argv[2]);
		if (s == NULL) {
			warnx("no command \"%s%s%s\"; see sgxra help", argv[1],
			    argc == 3 ? " " : "", argc == 3 ? argv[2] : "");
			return EXIT_USAGE;
		}
		return help_for(s);
	}
	if (argc > 3) {
		return usage("usage: sgxra help [<command> [<subcommand>]]\n");
	}
	printf("usage: sgxra <command> [<args>]\n\n"
	       "Intel SGX remote attestation: inspect, sign, quote and "
	       "verify.\n\ncommands:\n");
	list(stdout, NULL);
	printf("\nsgxra help <command> shows the options of one command; "
	       "every command\nalso takes --help. Exit status: 0 success, 1 "
	       "failure or refused\nevidence, 2 usage error.\n");
	return EXIT_OK;
}

int
cmd_version(int argc, char **argv)
{
	static const char text[] = "usage: sgxra version\n\n"
	                           "Print the version of sgxra.\n";

	if (wants_help(argc, argv, text)) {
		return EXIT_OK;
	}
	if (argc > 1) {
		return usage(text);
	}
	printf("sgxra %s\n", SGXRA_VERSION);
	return EXIT_OK;
}

int
main(int argc, char **argv)
{
	const struct subcommand *s;

	if (argc < 2) {
		(void)cmd_help(1, argv);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		return cmd_help(1, argv);
	}
	if (strcmp(argv[1], "--version") == 0) {
		return cmd_version(1, argv);
	}
	if ((s = find(NULL, argv[1])) != NULL) {
		return s->run(argc - 1, argv + 1);
	}
	if (!is_group(argv[1])) {
		warnx("no command \"%s\"; see sgxra help", argv[1]);
		return EXIT_USAGE;
	}
	if (argc > 2 && (s = find(argv[1], argv[2])) != NULL) {
		return s->run(argc - 2, argv + 2);
	}
	if (argc == 3 &&
	    (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
		printf("usage: sgxra %s <command> [<args>]\n\n", argv[1]);
		list(stdout, argv[1]);
		return EXIT_OK;
	}
	if (argc > 2) {
		warnx("no command \"%s %s\"", argv[1], argv[2]);
	}
	fprintf(stderr, "usage: sgxra %s <command> [<args>]\n\n", argv[1]);
	list(stderr, argv[1]);
	return EXIT_USAGE;
}
