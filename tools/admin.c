/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra admin: a client of sgxra-attestd's administration API
 * (docs/attestd.md "Administration"). Each command is one request, named
 * by a row of the table below: its method, its path (with {} for each
 * argument, percent-encoded) and the options that make its JSON body.
 * The reply is printed as the service sent it (indented unless --raw);
 * an HTTP error exits 1 with the status and the service's reason.
 */
#include <err.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "sgxra.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"

#define MAX_ARGS      2
#define MAX_PATH      1024
#define MAX_BODY_OPTS 3
#define MAX_QUOTE     ((size_t)64 * 1024)
#define MAX_JSON_FILE ((size_t)1024 * 1024)

enum opt_kind {
	OPT_TEXT,      /* "--spid HEX": a string field */
	OPT_INT,       /* "--reason N": an integer field */
	OPT_TRUE,      /* "--linkable": the field is true */
	OPT_FALSE,     /* "--unlinkable": the field is false */
	OPT_FILE_B64,  /* "--quote FILE": the file's bytes in base64 */
	OPT_FILE_TEXT, /* "--auth-key-file FILE": the file's one line */
	OPT_FILE_JSON, /* "--levels FILE": the file's JSON */
};

enum opt_need {
	NEED_NO,  /* optional */
	NEED_YES, /* required */
	NEED_ONE, /* exactly one of the command's NEED_ONE options */
};

struct body_opt {
	const char *name;  /* "--spid" */
	const char *field; /* "spid" */
	enum opt_kind kind;
	enum opt_need need;
};

struct admin_cmd {
	const char *noun, *verb;
	const char *method;
	const char *path; /* {} per argument */
	int nargs;
	long ok_status; /* the status of success */
	/* after a success: extra checks on the reply; returns the exit code */
	int (*check)(const struct http_reply *r);
	struct body_opt opts[MAX_BODY_OPTS];
	const char *synopsis; /* after "sgxra admin NOUN VERB" */
	const char *text;     /* what it does, its arguments and options */
};

static int audit_check(const struct http_reply *r);

/* clang-format off */
static const struct admin_cmd cmds[] = {
	{ "tenant", "list", "GET", "/admin/v1/tenants", 0, 200, NULL, { { 0 } },
	    "",
	    "List the tenants (id, SPID, linkable, creation time), by id.\n" },
	{ "tenant", "show", "GET", "/admin/v1/tenants/{}", 1, 200, NULL,
	    { { 0 } }, "ID",
	    "Show tenant ID. An unknown tenant is HTTP 404.\n" },
	{ "tenant", "set", "PUT", "/admin/v1/tenants/{}", 1, 200, NULL,
	    { { "--spid", "spid", OPT_TEXT, NEED_YES },
	      { "--linkable", "linkable", OPT_TRUE, NEED_NO },
	      { "--unlinkable", "linkable", OPT_FALSE, NEED_NO } },
	    "ID --spid HEX [--linkable | --unlinkable]",
	    "Create tenant ID, or change its SPID and quote type (its\n"
	    "creation time stays). ID is 1 to 63 characters of\n"
	    "[A-Za-z0-9._-].\n\n"
	    "  --spid HEX      the service provider ID, 32 hex digits\n"
	    "  --linkable      the tenant's quotes are linkable\n"
	    "  --unlinkable    the tenant's quotes are unlinkable (default)\n" },
	{ "tenant", "delete", "DELETE", "/admin/v1/tenants/{}", 1, 200, NULL,
	    { { 0 } }, "ID",
	    "Delete tenant ID and its subscription keys. Deleting an absent\n"
	    "tenant succeeds.\n" },
	{ "key", "add", "POST", "/admin/v1/tenants/{}/keys", 1, 201, NULL,
	    { { 0 } }, "TENANT",
	    "Create a subscription key (Ocp-Apim-Subscription-Key) for\n"
	    "TENANT. The reply carries the key (\"subscriptionKey\") and its\n"
	    "id (\"keyId\", its SHA-256): the key is shown this once, the\n"
	    "service keeps only its hash.\n" },
	{ "key", "revoke", "DELETE", "/admin/v1/keys/{}", 1, 200, NULL,
	    { { 0 } }, "KEYID",
	    "Revoke the subscription key whose id (64 hex digits, from\n"
	    "\"key add\") is KEYID. Revoking an absent key succeeds.\n" },
	{ "group", "list", "GET", "/admin/v1/groups", 0, 200, NULL, { { 0 } },
	    "",
	    "List the EPID groups: id, revocation, list versions, group\n"
	    "public key and certificate (base64).\n" },
	{ "group", "show", "GET", "/admin/v1/groups/{}", 1, 200, NULL,
	    { { 0 } }, "GID",
	    "Show EPID group GID (8 hex digits). An unknown group is\n"
	    "HTTP 404.\n" },
	{ "group", "create", "POST", "/admin/v1/groups", 0, 201, NULL,
	    { { "--gid", "gid", OPT_TEXT, NEED_NO } }, "[--gid GID]",
	    "Create an EPID group: a new issuing key, its group public key\n"
	    "and certificate, empty revocation lists.\n\n"
	    "  --gid GID       the group id, 8 hex digits (default: one more\n"
	    "                  than the largest); an existing id is HTTP 409\n" },
	{ "revoke", "group", "POST", "/admin/v1/groups/{}/revoke", 1, 200,
	    NULL, { { "--reason", "reason", OPT_INT, NEED_NO } },
	    "GID [--reason N]",
	    "Revoke EPID group GID: its quotes get GROUP_REVOKED.\n\n"
	    "  --reason N      an RFC 5280 CRLReason, 0-6 or 8-10 (default 0,\n"
	    "                  unspecified); AVRs carry it as\n"
	    "                  revocationReason\n" },
	{ "revoke", "member", "POST", "/admin/v1/groups/{}/privrl", 1, 200,
	    NULL, { { "--f", "f", OPT_TEXT, NEED_YES } }, "GID --f HEX",
	    "Revoke a member key of EPID group GID by its private key f (the\n"
	    "PrivRL): its quotes get KEY_REVOKED. The list's version goes up\n"
	    "by one; a key already listed is HTTP 409.\n\n"
	    "  --f HEX         the member's f, 64 hex digits (big-endian)\n" },
	{ "revoke", "signature", "POST", "/admin/v1/groups/{}/sigrl", 1, 200,
	    NULL,
	    { { "--pseudonym", "pseudonym", OPT_TEXT, NEED_ONE },
	      { "--quote", "quote", OPT_FILE_B64, NEED_ONE } },
	    "GID (--pseudonym B64 | --quote FILE)",
	    "Revoke a signature of EPID group GID (the SigRL): quotes of the\n"
	    "same member and basename get SIGNATURE_REVOKED, and quotes made\n"
	    "with an older SigRL get SIGRL_VERSION_MISMATCH. The SigRL\n"
	    "version goes up by one.\n\n"
	    "  --pseudonym B64 the signature's B || K (128 bytes, base64)\n"
	    "  --quote FILE    or a quote (raw bytes) whose B || K to revoke;\n"
	    "                  the service opens its encrypted signature\n" },
	{ "tcb", "show", "GET", "/admin/v1/groups/{}/tcb", 1, 200, NULL,
	    { { 0 } }, "GID",
	    "Show the TCB levels of EPID group GID, best first.\n" },
	{ "tcb", "set", "PUT", "/admin/v1/groups/{}/tcb", 1, 200, NULL,
	    { { "--levels", "levels", OPT_FILE_JSON, NEED_YES } },
	    "GID --levels FILE",
	    "Replace the TCB levels (and their advisories) of EPID group\n"
	    "GID, given best first. A platform's (CPUSVN, QE SVN, PCE SVN)\n"
	    "gets the status of the first level it reaches; below every\n"
	    "level it is GROUP_OUT_OF_DATE; with no levels, OK.\n\n"
	    "  --levels FILE   a JSON array of levels, or an object with one\n"
	    "                  (\"-\": standard input). A level is\n"
	    "                  {\"cpuSvn\": 32 hex, \"qeSvn\": N, \"pceSvn\": N,\n"
	    "                   \"status\": \"OK\" | \"CONFIGURATION_NEEDED\" |\n"
	    "                   \"SW_HARDENING_NEEDED\" | ...,\n"
	    "                   \"advisoryIDs\": [\"INTEL-SA-00334\", ...]}\n" },
	{ "platform", "enroll", "POST", "/admin/v1/platforms", 0, 201, NULL,
	    { { "--ppid", "ppid", OPT_TEXT, NEED_YES },
	      { "--auth-key-file", "authKey", OPT_FILE_TEXT, NEED_YES } },
	    "--ppid HEX --auth-key-file FILE",
	    "Enroll a platform for provisioning (sgxra platform provision\n"
	    "does this itself when given the token). An enrolled platform is\n"
	    "HTTP 409.\n\n"
	    "  --ppid HEX             the platform's PPID, 32 hex digits\n"
	    "  --auth-key-file FILE   its provisioning authentication key,\n"
	    "                         32 hex digits on one line\n" },
	{ "platform", "show", "GET", "/admin/v1/platforms/{}", 1, 200, NULL,
	    { { 0 } }, "PPID",
	    "Show the enrolled platform PPID (32 hex digits): its group and\n"
	    "when it was enrolled and joined. Unknown: HTTP 404.\n" },
	{ "revoke", "pck", "POST", "/admin/v1/dcap/pck/revoke", 0, 200, NULL,
	    { { "--serial", "serial", OPT_TEXT, NEED_ONE },
	      { "--ppid", "ppid", OPT_TEXT, NEED_ONE } },
	    "(--serial HEX | --ppid HEX)",
	    "Revoke DCAP PCK certificates: they are listed in the next PCK\n"
	    "CRL (GET /sgx/certification/v4/pckcrl), so their quotes are\n"
	    "refused. Nothing left to revoke: HTTP 404.\n\n"
	    "  --serial HEX    one certificate, by its serial number in hex\n"
	    "                  (as openssl x509 -serial prints it)\n"
	    "  --ppid HEX      every certificate issued so far to the\n"
	    "                  platform PPID (32 hex digits)\n" },
	{ "dcap-tcb", "show", "GET", "/admin/v1/dcap/tcb", 0, 200, NULL,
	    { { 0 } }, "",
	    "Show the DCAP TCB Info levels of the emulated FMSPC, best first,\n"
	    "and the TCB evaluation data number.\n" },
	{ "dcap-tcb", "set", "PUT", "/admin/v1/dcap/tcb", 0, 200, NULL,
	    { { "--levels", "levels", OPT_FILE_JSON, NEED_YES } },
	    "--levels FILE",
	    "Replace the DCAP TCB Info levels of the emulated FMSPC, given\n"
	    "best first; the TCB evaluation data number goes up by one. A\n"
	    "platform's PCK certificate gets the status of the first level\n"
	    "all of whose components and PCESVN it reaches.\n\n"
	    "  --levels FILE   a JSON array of 1 to 64 levels, or an object\n"
	    "                  with one (\"-\": standard input). A level is\n"
	    "                  {\"sgxtcbcomponents\": [16 x 0..255],\n"
	    "                   \"pcesvn\": N, \"tcbStatus\": \"UpToDate\" |\n"
	    "                   \"OutOfDate\" | ... | \"Revoked\",\n"
	    "                   \"tcbDate\"?: \"YYYY-MM-DDThh:mm:ssZ\",\n"
	    "                   \"advisoryIDs\"?: [\"INTEL-SA-00615\", ...]}\n" },
	{ "audit", "verify", "GET", "/admin/v1/audit/verify", 0, 200,
	    audit_check, { { 0 } }, "",
	    "Walk the audit log's hash chain (each row carries the SHA-256 of\n"
	    "the one before). Prints the service's answer; if the chain is\n"
	    "broken, also names the first broken row on standard error and\n"
	    "exits 1.\n" },
};
/* clang-format on */

#define NCMDS (sizeof(cmds) / sizeof(cmds[0]))

static const char common_text[] =
    "\nOptions of every admin command:\n"
    "  --attestd URL       the service's (administration) address:\n"
    "                      https://..., or http:// to a loopback address;\n"
    "                      default $SGXRA_ATTESTD\n"
    "  --admin-token FILE  the administration token (the service's\n"
    "                      state/admin.token); default $SGXRA_ADMIN_TOKEN\n"
    "  --cacert FILE       CA certificates (PEM) for an https service\n"
    "  --raw               print the reply as received, not indented\n"
    "\nOutput: the service's JSON reply on standard output. Exit status:\n"
    "0 success; 1 the service refused (the HTTP status and its reason are\n"
    "printed), could not be reached, or (audit verify) the chain is\n"
    "broken; 2 usage error.\n";

struct admin_run {
	const struct admin_cmd *cmd;
	const char *args[MAX_ARGS];
	int nargs;
	const char *url, *token_file, *ca_file;
	bool raw;
	json_t *body; /* NULL: no body */
};

/* --- usage ---------------------------------------------------------------
 */

static void
print_synopsis(FILE *f, const struct admin_cmd *c)
{
	fprintf(f, "  sgxra admin %s %s%s%s\n", c->noun, c->verb,
	    c->synopsis[0] != '\0' ? " " : "", c->synopsis);
}

/* Usage of every verb of noun (exit status: code). */
static int
noun_usage(FILE *f, const char *noun, int code)
{
	size_t i;

	fprintf(f, "usage:\n");
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].noun, noun) == 0) {
			print_synopsis(f, &cmds[i]);
		}
	}
	fprintf(f,
	    "        [--attestd URL] [--admin-token FILE] [--cacert FILE] "
	    "[--raw]\n\nsgxra help admin %s VERB, or sgxra admin %s VERB "
	    "--help, explains one.\n",
	    noun, noun);
	fputs(common_text, f);
	return code;
}

static int
cmd_usage(FILE *f, const struct admin_cmd *c, int code)
{
	fprintf(f, "usage:\n");
	print_synopsis(f, c);
	fprintf(f,
	    "        [--attestd URL] [--admin-token FILE] [--cacert FILE] "
	    "[--raw]\n\n%s %s%s\n\n%s",
	    c->method, c->path, c->opts[0].name != NULL ? " (JSON body)" : "",
	    c->text);
	fputs(common_text, f);
	return code;
}

/* --- the request's body --------------------------------------------------
 */

static json_t *
file_b64(const char *path)
{
	size_t len = 0;
	uint8_t *p = read_input(path, MAX_QUOTE, &len);
	char *s = xmalloc(RA_BASE64_LEN(MAX_QUOTE) + 1);
	json_t *j;

	if (len == 0) {
		errx(EXIT_FAIL, "%s: empty", path);
	}
	if (ra_base64_encode(s, RA_BASE64_LEN(MAX_QUOTE) + 1, p, len) !=
	    RA_OK) {
		errx(EXIT_FAIL, "%s: cannot encode", path);
	}
	j = json_string(s);
	free(s);
	free(p);
	return j;
}

static json_t *
file_text(const char *path)
{
	char *t = read_line_file(path, "a key in hex");
	json_t *j = json_string(t);

	ra_wipe(t, strlen(t));
	free(t);
	return j;
}

static json_t *
file_json(const char *path, const char *field)
{
	size_t len = 0;
	uint8_t *p = read_input(path, MAX_JSON_FILE, &len);
	json_error_t e;
	json_t *j = json_loadb((const char *)p, len, 0, &e), *inner;

	free(p);
	if (j == NULL) {
		errx(EXIT_FAIL, "%s:%d: %s", path, e.line, e.text);
	}
	/* {"levels": [...]} or the array alone */
	if (json_is_object(j) && (inner = json_object_get(j, field)) != NULL) {
		json_incref(inner);
		json_decref(j);
		return inner;
	}
	return j;
}

static json_t *
int_value(const struct body_opt *o, const char *s)
{
	char *end = NULL;
	long long v = strtoll(s, &end, 10);

	if (s[0] == '\0' || end == NULL || *end != '\0') {
		errx(EXIT_USAGE, "%s %s: not a number", o->name, s);
	}
	return json_integer((json_int_t)v);
}

/* The JSON value of option o with argument arg (NULL for flags). */
static json_t *
opt_value(const struct body_opt *o, const char *arg)
{
	switch (o->kind) {
	case OPT_TEXT:
		return json_string(arg);
	case OPT_INT:
		return int_value(o, arg);
	case OPT_TRUE:
		return json_true();
	case OPT_FALSE:
		return json_false();
	case OPT_FILE_B64:
		return file_b64(arg);
	case OPT_FILE_TEXT:
		return file_text(arg);
	case OPT_FILE_JSON:
		return file_json(arg, o->field);
	default:
		errx(EXIT_FAIL, "internal error: option kind");
	}
}

static bool
takes_arg(const struct body_opt *o)
{
	return o->kind != OPT_TRUE && o->kind != OPT_FALSE;
}

/* The body option named arg, or NULL. */
static const struct body_opt *
find_opt(const struct admin_cmd *c, const char *arg)
{
	size_t i;

	for (i = 0; i < MAX_BODY_OPTS && c->opts[i].name != NULL; i++) {
		if (strcmp(c->opts[i].name, arg) == 0) {
			return &c->opts[i];
		}
	}
	return NULL;
}

/* Every required option given, exactly one of a NEED_ONE set, and no
 * field twice (--linkable with --unlinkable). */
static bool
body_complete(const struct admin_cmd *c, const json_t *body, int nset)
{
	size_t i;
	int ones = 0, one_given = 0;

	for (i = 0; i < MAX_BODY_OPTS && c->opts[i].name != NULL; i++) {
		const struct body_opt *o = &c->opts[i];
		bool given = json_object_get(body, o->field) != NULL;

		if (o->need == NEED_YES && !given) {
			warnx("%s is required", o->name);
			return false;
		}
		if (o->need == NEED_ONE) {
			ones++;
			one_given += given ? 1 : 0;
		}
	}
	if (ones > 0 && one_given != 1) {
		warnx("give exactly one of the alternatives");
		return false;
	}
	if ((int)json_object_size(body) != nset) {
		warnx("an option given twice, or contradictory options");
		return false;
	}
	return true;
}

/* --- the command line ----------------------------------------------------
 */

/* One option or argument at argv[*i]; false on a usage error. */
static bool
parse_one(struct admin_run *r, int argc, char **argv, int *i, int *nset)
{
	const char *a = argv[*i];
	const char **common[] = { &r->url, &r->token_file, &r->ca_file };
	static const char *const common_names[] = { "--attestd",
		"--admin-token", "--cacert" };
	const struct body_opt *o;
	size_t k;

	for (k = 0; k < sizeof(common_names) / sizeof(common_names[0]); k++) {
		if (!is_opt(a, common_names[k])) {
			continue;
		}
		if (*i + 1 >= argc) {
			warnx("%s needs an argument", a);
			return false;
		}
		*common[k] = argv[++*i];
		return true;
	}
	if (is_opt(a, "--raw")) {
		r->raw = true;
		return true;
	}
	if ((o = find_opt(r->cmd, a)) != NULL) {
		if (takes_arg(o) && *i + 1 >= argc) {
			warnx("%s needs an argument", a);
			return false;
		}
		(void)json_object_set_new(r->body, o->field,
		    opt_value(o, takes_arg(o) ? argv[++*i] : NULL));
		++*nset;
		return true;
	}
	if (a[0] == '-' && a[1] != '\0') {
		warnx("unknown option %s", a);
		return false;
	}
	if (r->nargs >= r->cmd->nargs) {
		warnx("unexpected argument \"%s\"", a);
		return false;
	}
	r->args[r->nargs++] = a;
	return true;
}

static bool
parse(struct admin_run *r, int argc, char **argv)
{
	int i, nset = 0;

	r->body = r->cmd->opts[0].name != NULL ? json_object() : NULL;
	for (i = 2; i < argc; i++) {
		if (!parse_one(r, argc, argv, &i, &nset)) {
			return false;
		}
	}
	if (r->nargs != r->cmd->nargs) {
		warnx("%d argument%s expected", r->cmd->nargs,
		    r->cmd->nargs == 1 ? "" : "s");
		return false;
	}
	if (r->body != NULL && !body_complete(r->cmd, r->body, nset)) {
		return false;
	}
	if (r->url == NULL && (r->url = getenv("SGXRA_ATTESTD")) == NULL) {
		warnx("no service: give --attestd URL or set SGXRA_ATTESTD");
		return false;
	}
	if (r->token_file == NULL &&
	    (r->token_file = getenv("SGXRA_ADMIN_TOKEN")) == NULL) {
		warnx("no token: give --admin-token FILE or set "
		      "SGXRA_ADMIN_TOKEN");
		return false;
	}
	return true;
}

/* Append s to the path, percent-encoding all but [A-Za-z0-9._~-]. */
static void
put_segment(char *path, size_t *n, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		bool plain = (ch >= 'a' && ch <= 'z') ||
		    (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		    ch == '.' || ch == '_' || ch == '~' || ch == '-';

		if (*n + 4 >= MAX_PATH) {
			errx(EXIT_USAGE, "argument too long");
		}
		if (plain) {
			path[(*n)++] = (char)ch;
		} else {
			path[(*n)++] = '%';
			path[(*n)++] = hex[ch >> 4];
			path[(*n)++] = hex[ch & 15];
		}
	}
	path[*n] = '\0';
}

/* The command's path with its arguments in place of the {}s. */
static void
build_path(char *path, const struct admin_run *r)
{
	const char *t = r->cmd->path;
	size_t n = 0;
	int arg = 0;

	while (*t != '\0') {
		if (t[0] == '{' && t[1] == '}' && arg < r->nargs) {
			put_segment(path, &n, r->args[arg++]);
			t += 2;
			continue;
		}
		if (n + 2 >= MAX_PATH) {
			errx(EXIT_USAGE, "path too long");
		}
		path[n++] = *t++;
		path[n] = '\0';
	}
}

/* --- the request -----------------------------------------------------------
 */

static void
print_reply(const struct http_reply *r, bool raw)
{
	char *s;

	if (raw || r->json == NULL) {
		fwrite(r->body, 1, r->len, stdout);
		if (r->len > 0 && r->body[r->len - 1] != '\n') {
			putchar('\n');
		}
		return;
	}
	s = json_dumps(r->json, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (s == NULL) {
		errx(EXIT_FAIL, "out of memory");
	}
	puts(s);
	free(s);
}

static int
audit_check(const struct http_reply *r)
{
	json_t *intact = json_object_get(r->json, "intact");
	json_int_t rows = json_integer_value(json_object_get(r->json, "rows"));
	json_int_t broken =
	    json_integer_value(json_object_get(r->json, "firstBroken"));
	const char *detail =
	    json_string_value(json_object_get(r->json, "detail"));

	if (!json_is_boolean(intact)) {
		warnx("audit verify: the reply has no \"intact\"");
		return EXIT_FAIL;
	}
	if (json_is_true(intact)) {
		return EXIT_OK;
	}
	warnx("audit chain broken: first broken row %lld (of %lld)%s%s",
	    (long long)broken, (long long)rows,
	    detail != NULL && detail[0] != '\0' ? ": " : "",
	    detail != NULL ? detail : "");
	return EXIT_FAIL;
}

static int
run(struct admin_run *a)
{
	char path[MAX_PATH], what[MAX_PATH + 16];
	struct http_reply r;
	char *token;
	int code = EXIT_OK;

	http_check_url("--attestd", a->url);
	build_path(path, a);
	token = read_token(a->token_file);
	http_json(&r, a->cmd->method, a->url, path, token, a->ca_file, a->body);
	ra_wipe(token, strlen(token));
	free(token);
	json_decref(a->body);
	snprintf(what, sizeof(what), "%s %s", a->cmd->method, path);
	if (r.status != a->cmd->ok_status) {
		http_die(what, &r);
	}
	if (r.json == NULL) {
		errx(EXIT_FAIL, "%s: HTTP %ld, but the reply is not JSON", what,
		    r.status);
	}
	print_reply(&r, a->raw);
	if (a->cmd->check != NULL) {
		code = a->cmd->check(&r);
	}
	http_reply_free(&r);
	return code;
}

static const struct admin_cmd *
find_cmd(const char *noun, const char *verb)
{
	size_t i;

	for (i = 0; i < NCMDS; i++) {
		if (strcmp(cmds[i].noun, noun) == 0 &&
		    strcmp(cmds[i].verb, verb) == 0) {
			return &cmds[i];
		}
	}
	return NULL;
}

/* sgxra admin NOUN VERB ...: argv[0] is NOUN. */
int
cmd_admin(int argc, char **argv)
{
	struct admin_run a;
	int i;

	memset(&a, 0, sizeof(a));
	if (argc < 2 || argv[1][0] == '-') {
		bool help = argc >= 2 &&
		    (is_opt(argv[1], "--help") || is_opt(argv[1], "-h"));

		return noun_usage(help ? stdout : stderr, argv[0],
		    help ? EXIT_OK : EXIT_USAGE);
	}
	if ((a.cmd = find_cmd(argv[0], argv[1])) == NULL) {
		warnx("no command \"admin %s %s\"", argv[0], argv[1]);
		return noun_usage(stderr, argv[0], EXIT_USAGE);
	}
	for (i = 2; i < argc; i++) {
		if (is_opt(argv[i], "--help") || is_opt(argv[i], "-h")) {
			return cmd_usage(stdout, a.cmd, EXIT_OK);
		}
	}
	if (!parse(&a, argc, argv)) {
		json_decref(a.body);
		return cmd_usage(stderr, a.cmd, EXIT_USAGE);
	}
	return run(&a);
}
