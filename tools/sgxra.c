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
		snprintf(name, sizeof(name), "%s%s%s",
		    s->group ? s->group : "", s->group ? " " : "", s->name);
		fprintf(f, "  %-22s %s\n", name, s->summary);
	}
}

int
cmd_help(int argc, char **argv)
{
	size_t i;

	if (argc > 1) {
		for (i = 0; i < NSUB; i++) {
			const char *g = subcommands[i].group;

			if ((g != NULL && strcmp(g, argv[1]) == 0) ||
			    (g == NULL && strcmp(subcommands[i].name, argv[1]) ==
				    0)) {
				break;
			}
		}
		if (i == NSUB) {
			warnx("no command \"%s\"; see sgxra help", argv[1]);
			return EXIT_USAGE;
		}
		/* "sgxra help quote show" == "sgxra quote show --help" */
		if (argc > 2 || subcommands[i].group == NULL) {
			char *hargv[3];

			for (i = 0; i < NSUB; i++) {
				const struct subcommand *s = &subcommands[i];
				const char *n = argc > 2 ? argv[2] : argv[1];
				const char *g = argc > 2 ? argv[1] : NULL;

				if (strcmp(s->name, n) == 0 &&
				    ((g == NULL && s->group == NULL) ||
					(g != NULL && s->group != NULL &&
					    strcmp(g, s->group) == 0))) {
					hargv[0] = argv[argc - 1];
					hargv[1] = (char *)(uintptr_t)"--help";
					hargv[2] = NULL;
					return s->run(2, hargv);
				}
			}
			warnx("no command \"%s %s\"; see sgxra help", argv[1],
			    argc > 2 ? argv[2] : "");
			return EXIT_USAGE;
		}
		printf("sgxra %s commands:\n", argv[1]);
		list(stdout, argv[1]);
		return EXIT_OK;
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
	size_t i;

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
	for (i = 0; i < NSUB; i++) {
		const struct subcommand *s = &subcommands[i];

		if (s->group == NULL && strcmp(s->name, argv[1]) == 0) {
			return s->run(argc - 1, argv + 1);
		}
		if (s->group != NULL && strcmp(s->group, argv[1]) == 0 &&
		    argc > 2 && strcmp(s->name, argv[2]) == 0) {
			return s->run(argc - 2, argv + 2);
		}
	}
	for (i = 0; i < NSUB; i++) {
		if (subcommands[i].group != NULL &&
		    strcmp(subcommands[i].group, argv[1]) == 0) {
			if (argc > 2) {
				warnx("no command \"%s %s\"", argv[1], argv[2]);
			}
			fprintf(stderr, "usage: sgxra %s <command>\n\n",
			    argv[1]);
			list(stderr, argv[1]);
			return EXIT_USAGE;
		}
	}
	warnx("no command \"%s\"; see sgxra help", argv[1]);
	return EXIT_USAGE;
}
