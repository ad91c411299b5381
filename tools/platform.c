/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra platform info: what a running sgxra-platformd reports. */
#include <err.h>
#include <string.h>

#include "sgxra.h"
#include "sgxra/ae.h"
#include "sgxra/host.h"
#include "show.h"

static const char platform_usage[] =
    "usage: sgxra platform info [--socket PATH] [--json]\n"
    "\n"
    "Ask the platform (sgxra-platformd) for its CPUSVN, the number of\n"
    "enclaves it runs, its quoting enclave's target and EPID group, and\n"
    "print the identities of its architectural enclaves (QE, PvE, PCE).\n"
    "\n"
    "  --socket PATH  the platform's socket (default:\n"
    "                 $XDG_RUNTIME_DIR/sgxra/platform.sock or\n"
    "                 /run/sgxra/platform.sock)\n"
    "  --json         print JSON instead of text\n";

static json_t *
show_aes(void)
{
	json_t *o = json_object();
	struct ra_secs s;
	unsigned int ae;

	for (ae = 0; ae < RA_AE_COUNT; ae++) {
		json_t *a = json_object();

		if (ra_ae_secs(&s, (enum ra_ae)ae) != RA_OK) {
			errx(EXIT_FAIL,
			    "architectural enclave %s: EINIT failed",
			    ra_ae_name((enum ra_ae)ae));
		}
		show_set(a, "mr_enclave", show_hex(s.mr_enclave.b, 32));
		show_set(a, "mr_signer", show_hex(s.mr_signer.b, 32));
		show_set(a, "isv_prod_id", show_uint(s.isv_prod_id));
		show_set(a, "isv_svn", show_uint(s.isv_svn));
		show_set(a, "attributes", show_attributes(&s.attributes));
		show_set(o, ra_ae_name((enum ra_ae)ae), a);
	}
	return o;
}

int
cmd_platform_info(int argc, char **argv)
{
	char path[4096];
	const char *sock = NULL;
	bool as_json = false;
	struct ra_host *h = NULL;
	struct ra_ipc_platform info;
	struct ra_ipc_qe_target qe;
	json_t *o;
	enum ra_err e;
	int i;

	if (wants_help(argc, argv, platform_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else {
			return usage(platform_usage);
		}
	}
	if (sock == NULL) {
		if (ra_host_default_socket(path, sizeof(path)) != RA_OK) {
			errx(EXIT_FAIL, "no default socket path");
		}
		sock = path;
	}
	if ((e = ra_host_connect(&h, sock)) != RA_OK) {
		die_ra(e, "cannot reach the platform at %s", sock);
	}
	if ((e = ra_host_platform(h, &info)) != RA_OK ||
	    (e = ra_host_qe_target(h, &qe)) != RA_OK) {
		die_ra(e, "platform at %s", sock);
	}
	ra_host_close(h);
	o = json_object();
	show_set(o, "socket", json_string(sock));
	show_set(o, "cpu_svn", show_hex(info.cpu_svn, sizeof(info.cpu_svn)));
	show_set(o, "enclaves_running", show_uint(info.enclaves));
	show_set(o, "epid_provisioned", json_boolean((qe.flags & 1) != 0));
	show_set(o, "epid_group_id", show_flags(qe.gid, 8));
	show_set(o, "qe_target_mr_enclave", show_hex(qe.ti.mr_enclave.b, 32));
	show_set(o, "architectural_enclaves", show_aes());
	show_emit(o, as_json);
	return EXIT_OK;
}
