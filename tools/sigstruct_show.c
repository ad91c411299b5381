/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra sigstruct show: decode a SIGSTRUCT and compute its MRSIGNER. */
#include <err.h>

#include "sgxra.h"
#include "sgxra/sgx.h"
#include "show.h"

static const char sigstruct_usage[] =
    "usage: sgxra sigstruct show [--json] FILE\n"
    "\n"
    "Decode an enclave signature structure (SIGSTRUCT, 1808 bytes) and\n"
    "print every field, with MRSIGNER = SHA-256 of the modulus as stored;\n"
    "- reads stdin. The RSA signature is not checked here.\n"
    "\n"
    "  --json   print JSON instead of text\n";

int
cmd_sigstruct_show(int argc, char **argv)
{
	bool as_json = false;
	const char *path = NULL;
	struct ra_sigstruct ss;
	struct ra_cur c;
	json_t *o;
	uint8_t *buf;
	size_t len;
	enum ra_err e;
	int i;

	if (wants_help(argc, argv, sigstruct_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			warnx("unknown option %s", argv[i]);
			return usage(sigstruct_usage);
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage(sigstruct_usage);
		}
	}
	if (path == NULL) {
		return usage(sigstruct_usage);
	}
	buf = read_input(path, TOOL_MAX_INPUT, &len);
	if (len != RA_SIGSTRUCT_LEN) {
		errx(EXIT_FAIL, "%s: %zu bytes: a SIGSTRUCT is %d bytes", path,
		    len, RA_SIGSTRUCT_LEN);
	}
	c = ra_cur_init(buf, len);
	e = ra_sigstruct_parse(&ss, &c);
	if (e == RA_ERR_VERSION) {
		errx(EXIT_FAIL,
		    "%s: not a SIGSTRUCT: HEADER (offset 0), "
		    "HEADER2 (offset 24) or EXPONENT (offset 512) "
		    "is not the SDM constant",
		    path);
	}
	if (e != RA_OK || ra_cur_finish(&c) != RA_OK) {
		errx(EXIT_FAIL,
		    "%s: malformed SIGSTRUCT: a reserved field "
		    "(offsets 44, 910, 992, 1028) or TYPE bits 0..30 "
		    "(offset 12) are not zero",
		    path);
	}
	o = json_object();
	show_set(o, "kind", json_string("SIGSTRUCT"));
	show_set(o, "sigstruct", show_sigstruct(&ss));
	show_emit(o, as_json);
	free(buf);
	return EXIT_OK;
}
