/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra report show: decode an SGX REPORT (432 bytes) or REPORT body. */
#include <err.h>

#include "sgxra.h"
#include "sgxra/sgx.h"
#include "show.h"

static const char report_usage[] =
    "usage: sgxra report show [--json] FILE\n"
    "\n"
    "Decode an SGX REPORT (sgx_report_t, 432 bytes: body, KEYID, MAC) or a\n"
    "bare REPORT body (384 bytes, as inside a quote) and print every\n"
    "field; - reads stdin. The MAC is not checked: only the target\n"
    "enclave's report key can check it.\n"
    "\n"
    "  --json   print JSON instead of text\n";

int
cmd_report_show(int argc, char **argv)
{
	bool as_json = false;
	const char *path = NULL;
	struct ra_report r;
	struct ra_cur c;
	json_t *o;
	uint8_t *buf;
	size_t len;
	int i;

	if (wants_help(argc, argv, report_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			warnx("unknown option %s", argv[i]);
			return usage(report_usage);
		} else if (path == NULL) {
			path = argv[i];
		} else {
			return usage(report_usage);
		}
	}
	if (path == NULL) {
		return usage(report_usage);
	}
	buf = read_input(path, TOOL_MAX_INPUT, &len);
	if (len != RA_REPORT_LEN && len != RA_REPORT_BODY_LEN) {
		errx(EXIT_FAIL,
		    "%s: %zu bytes: a REPORT is %d bytes and a "
		    "REPORT body %d",
		    path, len, RA_REPORT_LEN, RA_REPORT_BODY_LEN);
	}
	c = ra_cur_init(buf, len);
	o = json_object();
	if (len == RA_REPORT_LEN) {
		if (ra_report_parse(&r, &c) != RA_OK ||
		    ra_cur_finish(&c) != RA_OK) {
			errx(EXIT_FAIL, "%s: malformed REPORT", path);
		}
		show_set(o, "kind", json_string("REPORT"));
		show_set(o, "body", show_report_body(&r.body));
		show_set(o, "key_id", show_hex(r.key_id, sizeof(r.key_id)));
		show_set(o, "mac", show_hex(r.mac.b, sizeof(r.mac.b)));
	} else {
		if (ra_report_body_parse(&r.body, &c) != RA_OK ||
		    ra_cur_finish(&c) != RA_OK) {
			errx(EXIT_FAIL, "%s: malformed REPORT body", path);
		}
		show_set(o, "kind", json_string("REPORT body"));
		show_set(o, "body", show_report_body(&r.body));
	}
	show_emit(o, as_json);
	free(buf);
	return EXIT_OK;
}
