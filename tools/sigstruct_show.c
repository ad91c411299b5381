/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra sigstruct show: decode a SIGSTRUCT and compute its MRSIGNER. */
#include <err.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/elf.h"
#include "sgxra/sdk.h"
#include "sgxra/sgx.h"
#include "show.h"

static const char sigstruct_usage[] =
    "usage: sgxra sigstruct show [--json] FILE\n"
    "\n"
    "Decode an enclave signature structure (SIGSTRUCT, 1808 bytes) and\n"
    "print every field, with MRSIGNER = SHA-256 of the modulus as stored;\n"
    "- reads stdin. FILE may also be an enclave signed with the Intel SGX\n"
    "SDK (an ELF shared object): its SIGSTRUCT is then taken from the\n"
    "metadata in its .note.sgxmeta section. The RSA signature is not\n"
    "checked here.\n"
    "\n"
    "  --json   print JSON instead of text\n";

/* The SIGSTRUCT inside the metadata of an SDK-signed enclave. */
static void
from_enclave(
    struct ra_sigstruct *ss, const char *path, const uint8_t *buf, size_t len)
{
	struct ra_sdk_meta meta;
	struct ra_elf elf;
	enum ra_err e;

	if ((e = ra_elf_parse(&elf, buf, len)) != RA_OK) {
		die_ra(e, "%s: malformed or unsupported ELF file", path);
	}
	if ((e = ra_sdk_meta_find(&meta, &elf)) != RA_OK) {
		die_ra(e,
		    "%s: no SGX SDK metadata (.note.sgxmeta) with a "
		    "SIGSTRUCT",
		    path);
	}
	*ss = meta.sigstruct;
}

static void
from_file(
    struct ra_sigstruct *ss, const char *path, const uint8_t *buf, size_t len)
{
	struct ra_cur c;
	enum ra_err e;

	if (len != RA_SIGSTRUCT_LEN) {
		errx(EXIT_FAIL, "%s: %zu bytes: a SIGSTRUCT is %d bytes", path,
		    len, RA_SIGSTRUCT_LEN);
	}
	c = ra_cur_init(buf, len);
	e = ra_sigstruct_parse(ss, &c);
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
}

int
cmd_sigstruct_show(int argc, char **argv)
{
	static const uint8_t elf_magic[4] = { 0x7f, 'E', 'L', 'F' };
	bool as_json = false, is_elf;
	const char *path = NULL;
	struct ra_sigstruct ss;
	json_t *o;
	uint8_t *buf;
	size_t len;
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
	buf = read_input(path, TOOL_MAX_ENCLAVE, &len);
	is_elf = len >= sizeof(elf_magic) &&
	    memcmp(buf, elf_magic, sizeof(elf_magic)) == 0;
	if (is_elf) {
		from_enclave(&ss, path, buf, len);
	} else {
		from_file(&ss, path, buf, len);
	}
	o = json_object();
	show_set(o, "kind",
	    json_string(
	        is_elf ? "SIGSTRUCT (from .note.sgxmeta)" : "SIGSTRUCT"));
	show_set(o, "sigstruct", show_sigstruct(&ss));
	show_emit(o, as_json);
	free(buf);
	return EXIT_OK;
}
