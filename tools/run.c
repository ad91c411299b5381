/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra run: the application of the seed diagram as a command. It loads a
 * signed enclave on the platform, optionally attests it to a service
 * provider (sgxra-spd) with ra_host_attest(), printing each step as it
 * happens, and optionally calls one ECALL of the attested enclave
 * before the enclave ends with the command (e.g. to seal what the SP
 * provisioned).
 */
#include <err.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "sgxra.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/encode.h"
#include "sgxra/host.h"
#include "sgxra/ipc.h"
#include "sgxra/msg.h"
#include "sgxra/random.h"
#include "sgxra/sgx.h"
#include "show.h"

/* Largest ECALL input read from --input, and output accepted. */
#define RUN_MAX_ECALL_IO ((size_t)RA_IPC_MAX_LEN)

static const char run_usage[] =
    "usage: sgxra run ENCLAVE [--socket PATH] [--debug]\n"
    "                 [--sp URL [--ecall-base N] [--ca-file FILE]\n"
    "                  [--timeout SECONDS]]\n"
    "                 [--ecall N [--input FILE] [--output FILE]]\n"
    "                 [--dcap-quote FILE --report-ecall N\n"
    "                  [--report-data HEX]] [--json]\n"
    "\n"
    "Load the signed enclave ENCLAVE (made by `sgxra sign`) on the\n"
    "platform (sgxra-platformd) and print what the platform measured:\n"
    "enclave id, MRENCLAVE, MRSIGNER, ISVPRODID, ISVSVN, attributes.\n"
    "\n"
    "With --sp, remotely attest the enclave to the service provider at\n"
    "URL (sgxra-spd's HTTP transport, docs/spd.md), relaying every\n"
    "message of docs/remote-attestation.md: the QE's target and EPID\n"
    "group from the platform, msg0||msg1 to the SP and msg2 back, the\n"
    "enclave's REPORT to the quoting enclave and the quote back, msg3 to\n"
    "the SP (which asks the attestation service) and msg4 back into the\n"
    "enclave. Each step is printed as it happens, then the SP's verdict\n"
    "and, if it provisioned a secret, its length and SHA-256 as the\n"
    "enclave computed them (the secret itself never leaves the enclave).\n"
    "The enclave must carry the four attestation ECALLs RA_ATTEST_ECALLS\n"
    "(sgxra/attest.h) starting at index --ecall-base.\n"
    "\n"
    "With --ecall, call ECALL N of the enclave afterwards (only if the\n"
    "attestation, when asked for, was trusted): its input is the bytes of\n"
    "--input FILE (none without it; - for standard input), its output is\n"
    "written to --output FILE, or printed in hex. The enclave ends when\n"
    "the command does, so this is how an attested enclave seals what it\n"
    "received.\n"
    "\n"
    "  --socket PATH      the platform's socket (default:\n"
    "                     $XDG_RUNTIME_DIR/sgxra/platform.sock or\n"
    "                     /run/sgxra/platform.sock)\n"
    "  --debug            launch the enclave in debug mode\n"
    "                     (ATTRIBUTES.DEBUG; an SP refuses it by default)\n"
    "  --sp URL           the SP: https://..., or http:// to a loopback\n"
    "                     address\n"
    "  --ecall-base N     index of the enclave's first attestation ECALL\n"
    "                     (default 0)\n"
    "  --ca-file FILE     CA certificates for the SP's TLS (default: the\n"
    "                     system's)\n"
    "  --timeout SECONDS  per request to the SP (default 30)\n"
    "  --ecall N          the ECALL to call after loading (and attesting)\n"
    "  --input FILE       its input\n"
    "  --output FILE      where its output goes (default: hex on stdout)\n"
    "  --dcap-quote FILE  get an ECDSA (DCAP) quote of the enclave from\n"
    "                     the platform's quoting enclave and write it to\n"
    "                     FILE (verify it with `sgxra quote verify`): ECALL\n"
    "                     --report-ecall N takes the QE's TARGETINFO (512)\n"
    "                     || REPORTDATA (64) and returns the enclave's\n"
    "                     REPORT (432)\n"
    "  --report-data HEX  its REPORTDATA, at most 64 bytes, zero-padded\n"
    "                     (default: zeros)\n"
    "  --json             print one JSON object at the end instead of text\n"
    "\n"
    "Exit status: 0 when the enclave loaded, the SP (if asked) answered\n"
    "Trusted or Trusted_ItsComplicated and the ECALL (if asked) succeeded;\n"
    "1 when the platform or the SP refused, the enclave rejected a\n"
    "message, or the ECALL failed; 2 for a bad command line.\n";

struct run_opts {
	const char *enclave, *socket, *sp, *ca_file, *input, *output;
	const char *dcap_quote, *report_data;
	uint32_t ecall_base, ecall, report_ecall;
	long timeout_s;
	bool debug, has_ecall, has_report_ecall, json;
};

/* What the command found, for the text lines and the JSON summary. */
struct run_out {
	bool json;
	json_t *steps;         /* array: one object per step */
	struct timespec start; /* of the attestation */
	struct timespec last;  /* of the previous step */
};

/* Milliseconds from a to b. */
static double
ms_between(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 +
	    (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/* A decimal number in [0, max], or exit with EXIT_USAGE naming opt. */
static unsigned long
number(const char *opt, const char *s, unsigned long max)
{
	char *end = NULL;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9') {
		errx(EXIT_USAGE, "%s %s: want a decimal number", opt, s);
	}
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v > max) {
		errx(EXIT_USAGE, "%s %s: want a number from 0 to %lu", opt, s,
		    max);
	}
	return v;
}

/* Options taking a string value: table-driven, like the daemons'. */
struct str_opt {
	const char *name;
	size_t off;
};

static const struct str_opt str_opts[] = {
	{ "--socket", offsetof(struct run_opts, socket) },
	{ "--sp", offsetof(struct run_opts, sp) },
	{ "--ca-file", offsetof(struct run_opts, ca_file) },
	{ "--input", offsetof(struct run_opts, input) },
	{ "--output", offsetof(struct run_opts, output) },
	{ "--dcap-quote", offsetof(struct run_opts, dcap_quote) },
	{ "--report-data", offsetof(struct run_opts, report_data) },
};

static bool
take_str(struct run_opts *o, const char *arg, const char *val)
{
	size_t i;

	for (i = 0; i < sizeof(str_opts) / sizeof(str_opts[0]); i++) {
		if (strcmp(arg, str_opts[i].name) == 0) {
			*(const char **)((char *)o + str_opts[i].off) = val;
			return true;
		}
	}
	return false;
}

/* argv[*i] with a value; false if it is none of ours. */
static bool
take_valued(struct run_opts *o, int argc, char **argv, int *i)
{
	const char *arg = argv[*i], *val;

	if (*i + 1 >= argc) {
		return false;
	}
	val = argv[*i + 1];
	if (take_str(o, arg, val)) {
		;
	} else if (is_opt(arg, "--ecall-base")) {
		o->ecall_base = (uint32_t)number(arg, val, UINT32_MAX - 3);
	} else if (is_opt(arg, "--ecall")) {
		o->ecall = (uint32_t)number(arg, val, UINT32_MAX);
		o->has_ecall = true;
	} else if (is_opt(arg, "--report-ecall")) {
		o->report_ecall = (uint32_t)number(arg, val, UINT32_MAX);
		o->has_report_ecall = true;
	} else if (is_opt(arg, "--timeout")) {
		o->timeout_s = (long)number(arg, val, 3600);
		if (o->timeout_s == 0) {
			errx(EXIT_USAGE, "--timeout: at least 1 second");
		}
	} else {
		return false;
	}
	*i += 1;
	return true;
}

static int
parse(struct run_opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--debug")) {
			o->debug = true;
		} else if (is_opt(argv[i], "--json")) {
			o->json = true;
		} else if (take_valued(o, argc, argv, &i)) {
			continue;
		} else if (argv[i][0] != '-' && o->enclave == NULL) {
			o->enclave = argv[i];
		} else {
			break;
		}
	}
	if (i < argc) {
		warnx("%s: unknown option, missing value or extra argument",
		    argv[i]);
	}
	if (i < argc || o->enclave == NULL) {
		(void)usage(run_usage);
		return EXIT_USAGE;
	}
	if (o->sp == NULL &&
	    (o->ca_file != NULL || o->timeout_s != 0 || o->ecall_base != 0)) {
		errx(EXIT_USAGE,
		    "--ecall-base, --ca-file and --timeout go with --sp");
	}
	if (!o->has_ecall && (o->input != NULL || o->output != NULL)) {
		errx(EXIT_USAGE, "--input and --output go with --ecall");
	}
	if ((o->dcap_quote != NULL) != o->has_report_ecall ||
	    (o->report_data != NULL && o->dcap_quote == NULL)) {
		errx(EXIT_USAGE,
		    "--dcap-quote and --report-ecall go together (with "
		    "--report-data optional)");
	}
	return EXIT_OK;
}

static void
print_identity(const struct ra_ipc_loaded *l, const char *path, json_t *o)
{
	show_set(o, "enclave", json_string(path));
	show_set(o, "enclave_id", show_flags(l->enclave_id, 16));
	show_set(o, "mr_enclave", show_hex(l->mr_enclave.b, 32));
	show_set(o, "mr_signer", show_hex(l->mr_signer.b, 32));
	show_set(o, "isv_prod_id", show_uint(l->isv_prod_id));
	show_set(o, "isv_svn", show_uint(l->isv_svn));
	show_set(o, "attributes", show_attributes(&l->attributes));
	show_set(o, "misc_select", show_flags(l->misc_select, 8));
	show_set(o, "size", show_uint(l->size));
	show_set(o, "pid", show_uint(l->pid));
}

static void
trace_step(void *ctx, const struct ra_host_attest_step *s)
{
	struct run_out *out = ctx;
	struct timespec now;
	double ms;
	json_t *j;

	/* A step's time: from the previous step to its message being ready. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	ms = ms_between(&out->last, &now);
	out->last = now;
	if (!out->json) {
		printf("  [step %2d] %-11s -> %-11s %s (%zu bytes, %.2f ms)\n",
		    s->step, s->from, s->to, s->what, s->bytes, ms);
		fflush(stdout);
		return;
	}
	j = json_object();
	show_set(j, "step", show_uint((uint64_t)s->step));
	show_set(j, "from", json_string(s->from));
	show_set(j, "to", json_string(s->to));
	show_set(j, "what", json_string(s->what));
	show_set(j, "bytes", show_uint(s->bytes));
	show_set(j, "ms", json_real(ms));
	if (json_array_append_new(out->steps, j) != 0) {
		errx(EXIT_FAIL, "out of memory");
	}
}

static bool
trusted(uint32_t status)
{
	return status == RA_ATT_TRUSTED || status == RA_ATT_TRUSTED_COMPLICATED;
}

/* Attest e to the SP; the outcome goes into a. */
static int
attest(struct ra_host *h, struct ra_host_enclave *e, const struct run_opts *o,
    struct run_out *out, json_t *a)
{
	struct ra_host_attest_opts ao = { 0 };
	struct ra_host_attest_result r;
	struct timespec now;
	enum ra_err rc;

	ao.sp_url = o->sp;
	ao.ca_file = o->ca_file;
	ao.timeout_ms = o->timeout_s * 1000;
	ao.ecall_base = o->ecall_base;
	ao.trace = trace_step;
	ao.trace_ctx = out;
	if (!out->json) {
		printf("attesting to %s\n", o->sp);
	}
	clock_gettime(CLOCK_MONOTONIC, &out->start);
	out->last = out->start;
	rc = ra_host_attest(h, e, &ao, &r);
	clock_gettime(CLOCK_MONOTONIC, &now);
	show_set(a, "sp", json_string(o->sp));
	show_set(a, "ms", json_real(ms_between(&out->start, &now)));
	if (out->json) {
		show_set(a, "steps", json_incref(out->steps));
	}
	if (rc != RA_OK) {
		show_set(a, "error", json_string(ra_errname(rc)));
		show_set(a, "reason", json_string(r.verdict));
		if (r.http_status != 0) {
			show_set(a, "http_status",
			    show_uint((uint64_t)r.http_status));
		}
		warnx("attestation failed: %s: %s", ra_strerror(rc), r.verdict);
		return EXIT_FAIL;
	}
	show_set(a, "session", json_string(r.session));
	show_set(a, "status", json_string(ra_att_status_name(r.status)));
	show_set(a, "verdict", json_string(r.verdict));
	show_set(a, "secret_len", show_uint(r.secret_len));
	if (r.secret_len != 0) {
		show_set(a, "secret_sha256",
		    show_hex(r.secret_hash.b, sizeof(r.secret_hash.b)));
	}
	if (!trusted(r.status)) {
		warnx("the SP does not trust the enclave: %s (%s)",
		    ra_att_status_name(r.status), r.verdict);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

static int
write_output(const char *path, const uint8_t *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL) {
		warn("%s", path);
		return EXIT_FAIL;
	}
	if (fwrite(p, 1, n, f) != n) {
		warn("%s", path);
		fclose(f);
		return EXIT_FAIL;
	}
	if (fclose(f) != 0) {
		warn("%s", path);
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* Call the ECALL of --ecall; its outcome goes into c. */
static int
ecall(struct ra_host_enclave *e, const struct run_opts *o, json_t *c)
{
	uint8_t *in = NULL, *res = xmalloc(RUN_MAX_ECALL_IO);
	size_t in_len = 0, n = 0;
	enum ra_err rc;
	int ret = EXIT_OK;

	if (o->input != NULL) {
		in = read_input(o->input, RUN_MAX_ECALL_IO, &in_len);
	}
	rc = ra_host_ecall(
	    e, o->ecall, in, in_len, res, RUN_MAX_ECALL_IO, &n, NULL);
	show_set(c, "index", show_uint(o->ecall));
	show_set(c, "input_len", show_uint(in_len));
	if (rc != RA_OK) {
		const char *why = ra_host_enclave_error(e);

		show_set(c, "error", json_string(ra_errname(rc)));
		if (*why != '\0') {
			show_set(c, "enclave_error", json_string(why));
		}
		warnx("ECALL %u: %s%s%s", o->ecall, ra_strerror(rc),
		    *why != '\0' ? ": " : "", why);
		ret = EXIT_FAIL;
	} else if (o->output != NULL) {
		ret = write_output(o->output, res, n);
		show_set(c, "output", json_string(o->output));
		show_set(c, "output_len", show_uint(n));
	} else {
		show_set(c, "output", show_hex(res, n));
	}
	free(in);
	free(res);
	return ret;
}

static struct ra_host_enclave *
load(struct ra_host *h, const struct run_opts *o)
{
	struct ra_host_enclave *e = NULL;
	struct ra_ipc_error why;
	enum ra_err rc;

	memset(&why, 0, sizeof(why));
	if (access(o->enclave, R_OK) != 0) {
		err(EXIT_FAIL, "%s", o->enclave);
	}
	rc = ra_host_load(
	    h, &e, o->enclave, o->debug ? RA_IPC_LOAD_DEBUG : 0, &why);
	if (rc != RA_OK) {
		errx(EXIT_FAIL, "load %s: %s%s%s", o->enclave, ra_strerror(rc),
		    why.msg[0] != '\0' ? ": " : "", why.msg);
	}
	return e;
}

/*
 * A DCAP quote of e: its REPORT for the QE through --report-ecall, then
 * the QE's quote, whose binding to the nonce (the QE's REPORTDATA) is
 * checked here too (its MAC only the enclave can check).
 */
static int
dcap_quote(struct ra_host *h, struct ra_host_enclave *e,
    const struct run_opts *o, json_t *c)
{
	uint8_t in[RA_TARGETINFO_LEN + RA_REPORT_DATA_LEN];
	uint8_t rep[RA_REPORT_LEN], nonce[RA_IPC_QUOTE_NONCE_LEN];
	struct ra_ipc_qe_target qe;
	struct ra_report app, qe_report;
	struct ra_ipc_error why;
	struct ra_sha256_ctx sc;
	struct ra_hash256 d;
	struct ra_buf b, q;
	struct ra_cur cur;
	size_t n = 0;
	enum ra_err rc;
	int ret;

	memset(in, 0, sizeof(in));
	if (o->report_data != NULL &&
	    (ra_hex_decode(in + RA_TARGETINFO_LEN, RA_REPORT_DATA_LEN, &n,
	         o->report_data, strlen(o->report_data)) != RA_OK ||
	        n == 0)) {
		errx(EXIT_USAGE, "--report-data: 1 to 64 bytes in hex");
	}
	if ((rc = ra_host_qe_target(h, &qe)) != RA_OK) {
		die_ra(rc, "the platform's QE target");
	}
	b = ra_buf_init(in, RA_TARGETINFO_LEN);
	ra_targetinfo_build(&b, &qe.ti);
	rc = ra_host_ecall(
	    e, o->report_ecall, in, sizeof(in), rep, sizeof(rep), &n, NULL);
	cur = ra_cur_init(rep, n);
	if (rc != RA_OK || n != RA_REPORT_LEN ||
	    ra_report_parse(&app, &cur) != RA_OK ||
	    ra_cur_finish(&cur) != RA_OK) {
		warnx("ECALL %u did not return a REPORT: %s", o->report_ecall,
		    rc != RA_OK ? ra_strerror(rc) : "wrong length");
		return EXIT_FAIL;
	}
	if (ra_random(nonce, sizeof(nonce)) != RA_OK) {
		errx(EXIT_FAIL, "no randomness");
	}
	q = ra_buf_init(xmalloc(RA_IPC_MAX_LEN), RA_IPC_MAX_LEN);
	rc = ra_host_get_quote_dcap(h, &q, &qe_report, &app, nonce, &why);
	if (rc != RA_OK) {
		warnx("the quoting enclave refused: %s: %s", ra_errname(rc),
		    why.msg);
		free(q.p);
		show_set(c, "error", json_string(why.msg));
		return EXIT_FAIL;
	}
	ra_sha256_init(&sc);
	ra_sha256_update(&sc, nonce, sizeof(nonce));
	ra_sha256_update(&sc, q.p, q.len);
	ra_sha256_final(&sc, &d);
	if (!ra_ct_eq(d.b, qe_report.body.report_data, sizeof(d.b))) {
		warnx("the QE's REPORT does not bind this quote and nonce");
		free(q.p);
		return EXIT_FAIL;
	}
	ret = write_output(o->dcap_quote, q.p, q.len);
	show_set(c, "file", json_string(o->dcap_quote));
	show_set(c, "bytes", show_uint(q.len));
	show_set(c, "qe_report_binds_nonce", json_true());
	free(q.p);
	return ret;
}

/* Text mode prints each part as soon as it is known; JSON mode one object. */
static void
emit_part(
    const struct run_opts *o, json_t *summary, const char *key, json_t *part)
{
	json_t *wrap;

	if (o->json) {
		show_set(summary, key, part);
		return;
	}
	wrap = json_object();
	show_set(wrap, key, part);
	show_emit(wrap, false);
}

int
cmd_run(int argc, char **argv)
{
	struct run_opts o = { 0 };
	struct run_out out = { 0 };
	struct ra_host *h = NULL;
	struct ra_host_enclave *e;
	char path[256];
	json_t *summary;
	enum ra_err rc;
	int ret;

	if (wants_help(argc, argv, run_usage)) {
		return EXIT_OK;
	}
	if ((ret = parse(&o, argc, argv)) != EXIT_OK) {
		return ret;
	}
	o.socket = platform_socket(o.socket, path, sizeof(path));
	if ((rc = ra_host_connect(&h, o.socket)) != RA_OK) {
		die_ra(rc, "cannot reach the platform at %s", o.socket);
	}
	e = load(h, &o);
	out.json = o.json;
	if ((out.steps = json_array()) == NULL ||
	    (summary = json_object()) == NULL) {
		errx(EXIT_FAIL, "out of memory");
	}
	print_identity(ra_host_enclave_info(e), o.enclave, summary);
	if (!o.json) {
		/* The identity first, so a reader sees what is attested. */
		show_emit(summary, false);
		summary = NULL;
	}
	if (o.sp != NULL) {
		json_t *a = json_object();

		ret = attest(h, e, &o, &out, a);
		emit_part(&o, summary, "attestation", a);
	}
	if (ret == EXIT_OK && o.dcap_quote != NULL) {
		json_t *c = json_object();

		ret = dcap_quote(h, e, &o, c);
		emit_part(&o, summary, "dcap_quote", c);
	}
	if (ret == EXIT_OK && o.has_ecall) {
		json_t *c = json_object();

		ret = ecall(e, &o, c);
		emit_part(&o, summary, "ecall", c);
	}
	ra_host_destroy(e);
	ra_host_close(h);
	json_decref(out.steps);
	if (o.json) {
		show_emit(summary, true);
	}
	return ret;
}
