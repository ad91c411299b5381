/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra epid: EPID 2.0 group keys, join, signatures, verification and
 * revocation, on files in the Intel EPID SDK's formats (example/data:
 * cacert.bin, pubkey.bin, privrl.bin, sigrl.bin, grprl.bin signed by the
 * issuing CA; mprivkey.dat, iprivkey.dat, signatures raw), so that the
 * SDK's tools and ours read each other's files. The logic is libsgxra's
 * (sgxra/epid.h); this file reads, writes and reports.
 */
#include <err.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgxra.h"
#include "sgxra/ct.h"
#include "sgxra/encode.h"
#include "sgxra/epid.h"
#include "sgxra/random.h"

/* The largest signature we write: a SigRL of 10000 entries. */
#define EPID_MAX_SIG \
	((size_t)RA_EPID_SIG_MIN_LEN + (size_t)10000 * RA_EPID_NR_PROOF_LEN)
#define EPID_MAX_FILE  ((size_t)4 * 1024 * 1024)
#define EPID_MAX_INPUT ((size_t)16 * 1024 * 1024) /* messages, keys */

/* The options of every epid subcommand (each takes a subset). */
struct opts {
	const char *pubkey, *mprivkey, *iprivkey, *msg, *bsn, *bsn_text;
	const char *sig, *sigrl, *privrl, *grprl, *verifierrl, *cacert;
	const char *cakey, *out, *gid, *list, *joinreq, *credential;
	bool sgx;
	enum ra_epid_gid_width
	    width; /* learnt from the group key; 0: not yet */
	int nargs;
	const char *args[2];
};

/* "--name value" options; flags; up to two positional arguments. */
static bool
parse_opts(struct opts *o, int argc, char **argv)
{
	static const struct {
		const char *name;
		size_t off;
	} v[] = {
#define OPT(n, f) { n, offsetof(struct opts, f) }
		OPT("--pubkey", pubkey),
		OPT("--mprivkey", mprivkey),
		OPT("--iprivkey", iprivkey),
		OPT("--msg", msg),
		OPT("--bsn", bsn),
		OPT("--bsn-text", bsn_text),
		OPT("--sig", sig),
		OPT("--sigrl", sigrl),
		OPT("--privrl", privrl),
		OPT("--grprl", grprl),
		OPT("--verifierrl", verifierrl),
		OPT("--cacert", cacert),
		OPT("--ca-key", cakey),
		OPT("-o", out),
		OPT("--gid", gid),
		OPT("--list", list),
		OPT("--joinreq", joinreq),
		OPT("--credential", credential),
#undef OPT
	};
	int i;
	size_t j;

	memset(o, 0, sizeof(*o));
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--sgx")) {
			o->sgx = true;
			continue;
		}
		for (j = 0; j < sizeof(v) / sizeof(v[0]); j++) {
			if (is_opt(argv[i], v[j].name)) {
				break;
			}
		}
		if (j < sizeof(v) / sizeof(v[0])) {
			if (i + 1 >= argc) {
				return false;
			}
			*(const char **)(void *)((char *)o + v[j].off) =
			    argv[++i];
		} else if (argv[i][0] == '-' || o->nargs == 2) {
			return false;
		} else {
			o->args[o->nargs++] = argv[i];
		}
	}
	return true;
}

/* Write a file; secrets get mode 0600. "-" is standard output. */
static void
write_out(const char *path, const uint8_t *b, size_t len, bool secret)
{
	int fd;
	size_t off = 0;
	ssize_t n;

	if (strcmp(path, "-") == 0) {
		fd = STDOUT_FILENO;
	} else {
		fd = open(
		    path, O_WRONLY | O_CREAT | O_TRUNC, secret ? 0600 : 0644);
		if (fd == -1) {
			err(EXIT_FAIL, "%s", path);
		}
	}
	while (off < len) {
		n = write(fd, b + off, len - off);
		if (n <= 0) {
			err(EXIT_FAIL, "%s: write", path);
		}
		off += (size_t)n;
	}
	if (fd != STDOUT_FILENO && close(fd) != 0) {
		err(EXIT_FAIL, "%s: close", path);
	}
}

/* An input and, for a signed file, its parsed header. */
struct input {
	uint8_t *buf;
	size_t len;
	struct ra_bytes body;
	bool is_file;
	enum ra_epid_file_form form;
};

/*
 * Read an input that may be a signed SDK/SGX file of the given type or
 * the raw structure. With a CA certificate the file's signature must
 * verify; a raw input then is refused, since nothing authenticates it.
 */
static void
read_signed(struct input *in, const char *path, enum ra_epid_file_type type,
    const struct ra_epid_ca_cert *ca)
{
	struct ra_epid_file f;
	enum ra_err e;

	memset(in, 0, sizeof(*in));
	in->buf = read_input(path, EPID_MAX_FILE, &in->len);
	in->body = (struct ra_bytes){ in->buf, in->len };
	if (ra_epid_file_parse(&f, in->buf, in->len) == RA_OK &&
	    f.type == type) {
		in->is_file = true;
		in->form = f.form;
		in->body = f.body;
		if (ca != NULL &&
		    (e = ra_epid_file_verify(&f, &ca->pub)) != RA_OK) {
			die_ra(e, "%s: issuing CA signature", path);
		}
	} else if (ca != NULL) {
		errx(EXIT_FAIL,
		    "%s: not a signed EPID file of the expected type", path);
	}
}

static void
load_cacert(struct ra_epid_ca_cert *ca, const char *path)
{
	size_t len;
	uint8_t *b = read_input(path, EPID_MAX_FILE, &len);
	enum ra_err e = ra_epid_ca_cert_parse(ca, b, len);

	if (e != RA_OK) {
		die_ra(e, "%s", path);
	}
	free(b);
}

/*
 * The group-id width of an input: --sgx or an SGX-form file says 4, the
 * group key read earlier says its own; otherwise the SDK's 16.
 */
static enum ra_epid_gid_width
width_of(const struct opts *o, const struct input *in)
{
	if (o->sgx || (in->is_file && in->form == RA_EPID_FORM_SGX)) {
		return RA_EPID_GID_SGX;
	}
	return o->width != 0 ? o->width : RA_EPID_GID_SDK;
}

/*
 * A list whose entries are larger than 12 bytes tells its width by its
 * length: header 12 (SGX) or 24 (SDK) bytes, then whole entries.
 */
static enum ra_epid_gid_width
width_by_len(const struct opts *o, const struct input *in, size_t entry)
{
	size_t n = in->body.len;

	if (!o->sgx && o->width == 0 && n >= 12 && (n - 12) % entry == 0) {
		return RA_EPID_GID_SGX;
	}
	return width_of(o, in);
}

static void
load_pub(struct ra_epid_group_pub *pub, struct opts *o,
    const struct ra_epid_ca_cert *ca)
{
	struct input in;
	enum ra_epid_gid_width w;
	enum ra_err e;

	read_signed(&in, o->pubkey, RA_EPID_FILE_GROUP_PUB, ca);
	/* a raw key says its width by its length: 4 + 256 or 16 + 256 */
	w = in.body.len == RA_EPID_GID_SGX + 256 ? RA_EPID_GID_SGX
	                                         : width_of(o, &in);
	e = ra_epid_group_pub_parse(pub, in.body.p, in.body.len, w);
	if (e != RA_OK) {
		die_ra(e, "%s", o->pubkey);
	}
	o->width = pub->gid.width;
	free(in.buf);
}

static void
load_member_key(
    struct ra_epid_member_key *key, const char *path, enum ra_epid_gid_width w)
{
	size_t len;
	uint8_t *b = read_input(path, EPID_MAX_FILE, &len);
	enum ra_err e = ra_epid_member_key_parse(key, b, len, w);

	ra_wipe(b, len);
	free(b);
	if (e != RA_OK) {
		die_ra(e, "%s", path);
	}
}

/* The message and basename: whole files, or the basename as text. */
static uint8_t *
load_bsn(const struct opts *o, size_t *len)
{
	if (o->bsn != NULL && o->bsn_text != NULL) {
		errx(EXIT_USAGE, "--bsn and --bsn-text exclude each other");
	}
	if (o->bsn != NULL) {
		return read_input(o->bsn, EPID_MAX_FILE, len);
	}
	if (o->bsn_text != NULL) {
		*len = strlen(o->bsn_text);
		return (uint8_t *)strdup(o->bsn_text);
	}
	*len = 0;
	return NULL;
}

static void
load_sigrl(struct ra_epid_sigrl *rl, struct input *in, const struct opts *o,
    const struct ra_epid_ca_cert *ca)
{
	enum ra_err e;

	read_signed(in, o->sigrl, RA_EPID_FILE_SIGRL, ca);
	e = ra_epid_sigrl_parse(rl, in->body.p, in->body.len,
	    width_by_len(o, in, RA_EPID_SIGRL_ENTRY_LEN));
	if (e != RA_OK) {
		die_ra(e, "%s", o->sigrl);
	}
}

/* --- sign ---------------------------------------------------------------- */

static const char sign_usage[] =
    "usage: sgxra epid sign --pubkey FILE --mprivkey FILE --msg FILE\n"
    "                       [--bsn FILE | --bsn-text TEXT] [--sigrl FILE]\n"
    "                       [--cacert FILE] [--sgx] -o FILE\n"
    "\n"
    "Make an EPID 2.0 signature of the message (the whole file) with a\n"
    "member private key (mprivkey.dat: gid || A || x || f). With a\n"
    "basename the signature is linkable: every signature of this member\n"
    "with the same basename has the same K. Without one, a random basename\n"
    "is drawn and signatures are unlinkable.\n"
    "\n"
    "  --pubkey FILE      the group public key: pubkey.bin as the SDK ships\n"
    "                     it (signed by the issuing CA) or the raw key\n"
    "  --mprivkey FILE    the member private key (kept secret, never on\n"
    "                     the command line)\n"
    "  --msg FILE         the message; - reads standard input\n"
    "  --bsn FILE         the basename, read from a file\n"
    "  --bsn-text TEXT    the basename, given as text (it is public)\n"
    "  --sigrl FILE       a signature revocation list (SDK or SGX form):\n"
    "                     one non-revoked proof is made per entry\n"
    "  --cacert FILE      check the signed inputs against cacert.bin\n"
    "  --sgx              4-byte group ids (SGX) instead of 16 (EPID SDK)\n"
    "  -o FILE            where to write the signature (- for stdout)\n"
    "\n"
    "The signature is BasicSignature || RLver || n2 || n2 NrProofs, as the\n"
    "SDK writes it. Exit status: 0 signed; 1 on error, or if the member is\n"
    "revoked by the SigRL (the signature is written, and any verifier\n"
    "reports it revoked); 2 usage.\n";

int
cmd_epid_sign(int argc, char **argv)
{
	struct opts o;
	struct ra_epid_ca_cert ca;
	struct ra_epid_group_pub pub;
	struct ra_epid_member_key key;
	struct ra_epid_sigrl rl;
	struct ra_epid_sign_args a = { 0 };
	struct input rli = { 0 };
	static struct ra_epid_member m;
	uint8_t *msg, *bsn, *sig;
	size_t msg_len, bsn_len, sig_len;
	bool revoked;
	enum ra_err e;

	if (wants_help(argc, argv, sign_usage)) {
		return EXIT_OK;
	}
	if (!parse_opts(&o, argc, argv) || o.nargs != 0 || o.pubkey == NULL ||
	    o.mprivkey == NULL || o.msg == NULL || o.out == NULL) {
		return usage(sign_usage);
	}
	if (o.cacert != NULL) {
		load_cacert(&ca, o.cacert);
	}
	load_pub(&pub, &o, o.cacert != NULL ? &ca : NULL);
	load_member_key(&key, o.mprivkey, pub.gid.width);
	if ((e = ra_epid_member_init(&m, &pub, &key)) != RA_OK) {
		die_ra(e, "%s", o.mprivkey);
	}
	RA_WIPE(key);
	msg = read_input(o.msg, EPID_MAX_INPUT, &msg_len);
	bsn = load_bsn(&o, &bsn_len);
	if (o.sigrl != NULL) {
		load_sigrl(&rl, &rli, &o, o.cacert != NULL ? &ca : NULL);
		a.sigrl = &rl;
	}
	a.msg = msg;
	a.msg_len = msg_len;
	a.bsn = bsn;
	a.bsn_len = bsn_len;
	sig = xmalloc(EPID_MAX_SIG);
	e = ra_epid_sign(&m, sig, EPID_MAX_SIG, &sig_len, &revoked, &a, NULL);
	RA_WIPE(m);
	if (e != RA_OK) {
		die_ra(e, "sign");
	}
	write_out(o.out, sig, sig_len, false);
	if (revoked) {
		warnx("this member is revoked by %s", o.sigrl);
	}
	free(sig);
	free(msg);
	free(bsn);
	free(rli.buf);
	return revoked ? EXIT_FAIL : EXIT_OK;
}

/* --- verify -------------------------------------------------------------- */

static const char verify_usage[] =
    "usage: sgxra epid verify --pubkey FILE --sig FILE --msg FILE\n"
    "                         [--bsn FILE | --bsn-text TEXT]\n"
    "                         [--sigrl FILE] [--privrl FILE] [--grprl FILE]\n"
    "                         [--verifierrl FILE] [--cacert FILE] [--sgx]\n"
    "\n"
    "Verify an EPID 2.0 signature as Intel's EPID SDK does (EpidVerify):\n"
    "the basic signature, then the group revocation list, the private-key\n"
    "revocation list, the non-revoked proofs against the signature\n"
    "revocation list, and the verifier's own blacklist. Prints one of\n"
    "valid, invalid, revoked in GroupRL, revoked in PrivRL, revoked in\n"
    "SigRL, revoked in VerifierRL.\n"
    "\n"
    "  --pubkey FILE      the group public key (pubkey.bin or raw)\n"
    "  --sig FILE         the signature\n"
    "  --msg FILE         the signed message; - reads standard input\n"
    "  --bsn FILE         require this basename (from a file)\n"
    "  --bsn-text TEXT    require this basename (as text); without either,\n"
    "                     any basename is accepted\n"
    "  --sigrl, --privrl, --grprl FILE\n"
    "                     revocation lists, SDK files signed by the issuing\n"
    "                     CA or raw (the SigRL may be in SGX form)\n"
    "  --verifierrl FILE  a verifier blacklist (raw, as verifierrl.dat);\n"
    "                     needs the basename it was made for\n"
    "  --cacert FILE      require the key and lists to be signed by this\n"
    "                     issuing CA (cacert.bin); raw inputs are refused\n"
    "  --sgx              4-byte group ids (SGX) instead of 16\n"
    "\n"
    "Exit status: 0 valid; 1 not valid (the verdict is printed) or error;\n"
    "2 usage.\n";

/* The optional lists; their buffers stay alive in the inputs. */
struct lists {
	struct input sig, priv, grp, ver;
	struct ra_epid_sigrl sigrl;
	struct ra_epid_privrl privrl;
	struct ra_epid_grouprl grouprl;
	struct ra_epid_verifierrl verifierrl;
};

static void
load_lists(struct lists *l, struct ra_epid_verify_args *a, const struct opts *o,
    const struct ra_epid_ca_cert *ca)
{
	enum ra_err e = RA_OK;

	memset(l, 0, sizeof(*l));
	if (o->sigrl != NULL) {
		load_sigrl(&l->sigrl, &l->sig, o, ca);
		a->sigrl = &l->sigrl;
	}
	if (o->privrl != NULL) {
		read_signed(&l->priv, o->privrl, RA_EPID_FILE_PRIVRL, ca);
		e = ra_epid_privrl_parse(&l->privrl, l->priv.body.p,
		    l->priv.body.len,
		    width_by_len(o, &l->priv, RA_EPID_FP_LEN));
		a->privrl = &l->privrl;
	}
	if (e == RA_OK && o->grprl != NULL) {
		read_signed(&l->grp, o->grprl, RA_EPID_FILE_GROUPRL, ca);
		e = ra_epid_grouprl_parse(&l->grouprl, l->grp.body.p,
		    l->grp.body.len, width_of(o, &l->grp));
		a->grouprl = &l->grouprl;
	}
	if (e == RA_OK && o->verifierrl != NULL) {
		/* the verifier's own list: raw, never signed */
		l->ver.buf =
		    read_input(o->verifierrl, EPID_MAX_FILE, &l->ver.len);
		e = ra_epid_verifierrl_parse(&l->verifierrl, l->ver.buf,
		    l->ver.len, width_of(o, &l->ver));
		a->verifierrl = &l->verifierrl;
	}
	if (e != RA_OK) {
		die_ra(e, "revocation list");
	}
}

int
cmd_epid_verify(int argc, char **argv)
{
	struct opts o;
	struct ra_epid_ca_cert ca;
	struct ra_epid_group_pub pub;
	struct ra_epid_sig sig;
	struct ra_epid_verify_args a = { 0 };
	static struct ra_epid_verifier v;
	struct lists l;
	enum ra_epid_verdict verdict;
	uint8_t *msg, *bsn, *sb;
	size_t msg_len, bsn_len, sl;
	enum ra_err e;

	if (wants_help(argc, argv, verify_usage)) {
		return EXIT_OK;
	}
	if (!parse_opts(&o, argc, argv) || o.nargs != 0 || o.pubkey == NULL ||
	    o.sig == NULL || o.msg == NULL) {
		return usage(verify_usage);
	}
	if (o.cacert != NULL) {
		load_cacert(&ca, o.cacert);
	}
	load_pub(&pub, &o, o.cacert != NULL ? &ca : NULL);
	if ((e = ra_epid_verifier_init(&v, &pub)) != RA_OK) {
		die_ra(e, "%s", o.pubkey);
	}
	sb = read_input(o.sig, EPID_MAX_SIG, &sl);
	if ((e = ra_epid_sig_parse(&sig, sb, sl)) != RA_OK) {
		die_ra(e, "%s", o.sig);
	}
	msg = read_input(o.msg, EPID_MAX_INPUT, &msg_len);
	bsn = load_bsn(&o, &bsn_len);
	load_lists(&l, &a, &o, o.cacert != NULL ? &ca : NULL);
	a.msg = msg;
	a.msg_len = msg_len;
	a.bsn = bsn != NULL ? bsn : NULL;
	a.bsn_len = bsn_len;
	if (bsn == NULL && o.bsn_text != NULL) {
		a.bsn = ""; /* an empty basename is a basename */
	}
	if ((e = ra_epid_verify(&v, &verdict, &sig, &a)) != RA_OK) {
		die_ra(e, "verify");
	}
	printf("%s\n", ra_epid_verdict_name(verdict));
	free(sb);
	free(msg);
	free(bsn);
	free(l.sig.buf);
	free(l.priv.buf);
	free(l.grp.buf);
	free(l.ver.buf);
	return verdict == RA_EPID_VALID ? EXIT_OK : EXIT_FAIL;
}

/* --- keygen -------------------------------------------------------------- */

static const char keygen_usage[] =
    "usage: sgxra epid keygen --gid HEX [--ca-key FILE] -o DIR\n"
    "\n"
    "Create an EPID 2.0 group, as an issuer, in DIR (which must exist), in\n"
    "the files and formats of the EPID SDK's example data:\n"
    "\n"
    "  iprivkey.dat   the issuer key gid || gamma (secret, mode 0600)\n"
    "  pubkey.bin     the group public key gid || h1 || h2 || w, signed by\n"
    "                 the issuing CA\n"
    "  privrl.bin, sigrl.bin, grprl.bin\n"
    "                 empty revocation lists (RLver 0), signed by the CA\n"
    "  cacert.bin     the issuing CA's self-signed certificate\n"
    "  cakey.pem      the CA's P-256 key, when --ca-key is not given\n"
    "                 (secret, mode 0600)\n"
    "\n"
    "  --gid HEX      the group id: 8 hex digits for an SGX group (4 bytes),\n"
    "                 32 for an EPID SDK group (16 bytes); the low nibble of\n"
    "                 byte 1 selects the hash: 0 SHA-256, 1 SHA-384,\n"
    "                 2 SHA-512, 3 SHA-512/256\n"
    "  --ca-key FILE  sign with this P-256 key (PEM) instead of a new one\n"
    "  -o DIR         the output directory\n"
    "\n"
    "A 4-byte group gets its SigRL in the SGX form (header 00 02 00 0E).\n"
    "Exit status: 0 done, 1 error, 2 usage.\n";

static void
load_ca_key(struct ra_ec256_priv *key, const char *path)
{
	size_t len;
	uint8_t *b = read_input(path, EPID_MAX_INPUT, &len);
	enum ra_err e = ra_ec256_priv_from_pem(key, NULL, (char *)b, len);

	ra_wipe(b, len);
	free(b);
	if (e != RA_OK) {
		die_ra(e, "%s", path);
	}
}

static void
dir_path(char *out, size_t cap, const char *dir, const char *name)
{
	if ((size_t)snprintf(out, cap, "%s/%s", dir, name) >= cap) {
		errx(EXIT_FAIL, "%s: path too long", dir);
	}
}

/* Sign body as an SDK (or SGX) file of the given type and write it. */
static void
write_signed(const char *path, enum ra_epid_file_form form,
    enum ra_epid_file_type type, const uint8_t *body, size_t len,
    const struct ra_ec256_priv *key)
{
	size_t cap = len + RA_EPID_FILE_HEADER_LEN + RA_EPID_FILE_SIG_LEN;
	uint8_t *b = xmalloc(cap);
	struct ra_buf out = ra_buf_init(b, cap);
	enum ra_err e =
	    ra_epid_file_sign(&out, form, type, body, len, key, NULL);

	if (e != RA_OK) {
		die_ra(e, "%s", path);
	}
	write_out(path, b, out.len, false);
	free(b);
}

/* The empty lists of a new group. */
static void
write_empty_lists(const char *dir, const struct ra_epid_gid *gid,
    const struct ra_ec256_priv *key)
{
	struct ra_epid_privrl priv = { *gid, 0, 0, { NULL, 0 } };
	struct ra_epid_sigrl sig = { *gid, 0, 0, { NULL, 0 } };
	struct ra_epid_grouprl grp = { gid->width, 0, 0, { NULL, 0 } };
	uint8_t b[64];
	char path[4096];
	struct ra_buf out;
	enum ra_epid_file_form sgx_form =
	    gid->width == RA_EPID_GID_SGX ? RA_EPID_FORM_SGX : RA_EPID_FORM_SDK;

	out = ra_buf_init(b, sizeof(b));
	if (ra_epid_privrl_build(&out, &priv) != RA_OK) {
		errx(EXIT_FAIL, "privrl");
	}
	dir_path(path, sizeof(path), dir, "privrl.bin");
	write_signed(
	    path, RA_EPID_FORM_SDK, RA_EPID_FILE_PRIVRL, b, out.len, key);
	out = ra_buf_init(b, sizeof(b));
	if (ra_epid_sigrl_build(&out, &sig) != RA_OK) {
		errx(EXIT_FAIL, "sigrl");
	}
	dir_path(path, sizeof(path), dir, "sigrl.bin");
	write_signed(path, sgx_form, RA_EPID_FILE_SIGRL, b, out.len, key);
	out = ra_buf_init(b, sizeof(b));
	if (ra_epid_grouprl_build(&out, &grp) != RA_OK) {
		errx(EXIT_FAIL, "grprl");
	}
	dir_path(path, sizeof(path), dir, "grprl.bin");
	write_signed(
	    path, RA_EPID_FORM_SDK, RA_EPID_FILE_GROUPRL, b, out.len, key);
}

/* The CA: --ca-key, or a new key written to DIR/cakey.pem. */
static void
ca_setup(struct ra_ec256_priv *key, const struct opts *o)
{
	struct ra_epid_ca_cert cert;
	struct ra_ec256_pub pub;
	char path[4096], pem[512];
	uint8_t b[RA_EPID_CA_CERT_LEN];
	struct ra_buf out = ra_buf_init(b, sizeof(b));
	size_t pem_len;
	enum ra_err e;

	if (o->cakey != NULL) {
		load_ca_key(key, o->cakey);
	} else {
		if ((e = ra_ec256_keygen(key, &pub, NULL)) != RA_OK ||
		    (e = ra_ec256_priv_to_pem(
		         pem, sizeof(pem), &pem_len, key)) != RA_OK) {
			die_ra(e, "CA key");
		}
		dir_path(path, sizeof(path), o->out, "cakey.pem");
		write_out(path, (const uint8_t *)pem, pem_len, true);
		ra_wipe(pem, sizeof(pem));
	}
	if ((e = ra_epid_ca_cert_make(&cert, key, NULL)) != RA_OK ||
	    (e = ra_epid_ca_cert_build(&out, &cert)) != RA_OK) {
		die_ra(e, "cacert");
	}
	dir_path(path, sizeof(path), o->out, "cacert.bin");
	write_out(path, b, out.len, false);
}

static void
parse_gid(struct ra_epid_gid *gid, const char *hex)
{
	size_t n = strlen(hex);

	memset(gid, 0, sizeof(*gid));
	if (n != (size_t)2 * RA_EPID_GID_SGX &&
	    n != (size_t)2 * RA_EPID_GID_SDK) {
		errx(EXIT_USAGE, "--gid: 8 or 32 hex digits");
	}
	gid->width = n == (size_t)2 * RA_EPID_GID_SGX ? RA_EPID_GID_SGX
	                                              : RA_EPID_GID_SDK;
	if (ra_hex_decode_exact(gid->b, n / 2, hex, n) != RA_OK) {
		errx(EXIT_USAGE, "--gid: not hex");
	}
}

int
cmd_epid_keygen(int argc, char **argv)
{
	struct opts o;
	struct ra_epid_gid gid;
	struct ra_epid_issuer_key isk;
	struct ra_epid_group_pub pub;
	struct ra_ec256_priv cakey;
	uint8_t b[512];
	struct ra_buf out;
	char path[4096];
	enum ra_err e;

	if (wants_help(argc, argv, keygen_usage)) {
		return EXIT_OK;
	}
	if (!parse_opts(&o, argc, argv) || o.nargs != 0 || o.gid == NULL ||
	    o.out == NULL) {
		return usage(keygen_usage);
	}
	parse_gid(&gid, o.gid);
	ca_setup(&cakey, &o);
	if ((e = ra_epid_issuer_keygen(&isk, &pub, &gid, NULL)) != RA_OK) {
		die_ra(e, "keygen");
	}
	out = ra_buf_init(b, sizeof(b));
	if ((e = ra_epid_issuer_key_build(&out, &isk)) != RA_OK) {
		die_ra(e, "iprivkey");
	}
	dir_path(path, sizeof(path), o.out, "iprivkey.dat");
	write_out(path, b, out.len, true);
	ra_wipe(b, sizeof(b));
	RA_WIPE(isk);
	out = ra_buf_init(b, sizeof(b));
	if ((e = ra_epid_group_pub_build(&out, &pub)) != RA_OK) {
		die_ra(e, "pubkey");
	}
	dir_path(path, sizeof(path), o.out, "pubkey.bin");
	write_signed(
	    path, RA_EPID_FORM_SDK, RA_EPID_FILE_GROUP_PUB, b, out.len, &cakey);
	write_empty_lists(o.out, &gid, &cakey);
	RA_WIPE(cakey);
	return EXIT_OK;
}

/* --- join ---------------------------------------------------------------- */

static const char join_usage[] =
    "usage: sgxra epid join --pubkey FILE --iprivkey FILE [--cacert FILE]\n"
    "                       [--joinreq FILE] [--credential FILE] -o FILE\n"
    "\n"
    "Join a new member to a group, playing both sides of the EPID join\n"
    "protocol: the issuer draws a 32-byte nonce; the member draws its\n"
    "secret f and proves knowledge of it (JoinRequest F || c || s, with\n"
    "F = h1^f); the issuer checks the proof and issues the membership\n"
    "credential (A, x) with A = (g1 F)^(1/(x + gamma)). The member private\n"
    "key gid || A || x || f is written to FILE (mode 0600), in the format\n"
    "of the SDK's mprivkey.dat.\n"
    "\n"
    "  --pubkey FILE      the group public key (pubkey.bin or raw)\n"
    "  --iprivkey FILE    the issuer key (iprivkey.dat, secret)\n"
    "  --cacert FILE      check pubkey.bin against the issuing CA\n"
    "  --joinreq FILE     also write the JoinRequest (128 bytes)\n"
    "  --credential FILE  also write the MembershipCredential gid || A || x\n"
    "  -o FILE            the member private key\n"
    "\n"
    "Exit status: 0 joined, 1 error, 2 usage.\n";

static void
load_issuer_key(
    struct ra_epid_issuer_key *isk, const char *path, enum ra_epid_gid_width w)
{
	size_t len;
	uint8_t *b = read_input(path, EPID_MAX_INPUT, &len);
	enum ra_err e = ra_epid_issuer_key_parse(isk, b, len, w);

	ra_wipe(b, len);
	free(b);
	if (e != RA_OK) {
		die_ra(e, "%s", path);
	}
}

/* Write the request and the credential if asked. */
static void
write_join_parts(const struct opts *o, const struct ra_epid_join_request *req,
    const struct ra_epid_credential *cred)
{
	uint8_t b[256];
	struct ra_buf out = ra_buf_init(b, sizeof(b));

	if (o->joinreq != NULL) {
		if (ra_epid_join_request_build(&out, req) != RA_OK) {
			errx(EXIT_FAIL, "joinreq");
		}
		write_out(o->joinreq, b, out.len, false);
	}
	out = ra_buf_init(b, sizeof(b));
	if (o->credential != NULL) {
		if (ra_epid_credential_build(&out, cred) != RA_OK) {
			errx(EXIT_FAIL, "credential");
		}
		write_out(o->credential, b, out.len, true);
	}
	ra_wipe(b, sizeof(b));
}

int
cmd_epid_join(int argc, char **argv)
{
	struct opts o;
	struct ra_epid_ca_cert ca;
	struct ra_epid_group_pub pub;
	struct ra_epid_issuer_key isk;
	struct ra_epid_nonce ni;
	struct ra_epid_join_request req;
	struct ra_epid_credential cred;
	struct ra_epid_member_key key;
	uint8_t b[256];
	struct ra_buf out = ra_buf_init(b, sizeof(b));
	enum ra_err e;

	if (wants_help(argc, argv, join_usage)) {
		return EXIT_OK;
	}
	if (!parse_opts(&o, argc, argv) || o.nargs != 0 || o.pubkey == NULL ||
	    o.iprivkey == NULL || o.out == NULL) {
		return usage(join_usage);
	}
	if (o.cacert != NULL) {
		load_cacert(&ca, o.cacert);
	}
	load_pub(&pub, &o, o.cacert != NULL ? &ca : NULL);
	load_issuer_key(&isk, o.iprivkey, pub.gid.width);
	if ((e = ra_random(ni.b, sizeof(ni.b))) != RA_OK ||
	    (e = ra_epid_join_request_make(
	         &req, &key.f, NULL, &pub, &ni, NULL)) != RA_OK ||
	    (e = ra_epid_credential_issue(
	         &cred, &isk, &pub, &ni, &req, NULL)) != RA_OK) {
		die_ra(e, "join");
	}
	RA_WIPE(isk);
	key.gid = cred.gid;
	key.a = cred.a;
	key.x = cred.x;
	if ((e = ra_epid_member_key_build(&out, &key)) != RA_OK) {
		die_ra(e, "member key");
	}
	write_out(o.out, b, out.len, true);
	write_join_parts(&o, &req, &cred);
	RA_WIPE(key);
	RA_WIPE(cred);
	ra_wipe(b, sizeof(b));
	return EXIT_OK;
}

/* --- revoke -------------------------------------------------------------- */

static const char revoke_usage[] =
    "usage: sgxra epid revoke key   --list PRIVRL --mprivkey FILE\n"
    "                               --ca-key FILE [--cacert FILE] -o FILE\n"
    "       sgxra epid revoke sig   --list SIGRL --sig FILE\n"
    "                               --ca-key FILE [--cacert FILE] -o FILE\n"
    "       sgxra epid revoke group --list GRPRL --pubkey FILE\n"
    "                               --ca-key FILE [--cacert FILE] -o FILE\n"
    "\n"
    "Add an entry to a revocation list and write the new list, with RLver\n"
    "one higher, signed by the issuing CA:\n"
    "\n"
    "  key    revoke a member's private key: its f joins the PrivRL, and\n"
    "         every signature of that member is then revoked in PrivRL\n"
    "  sig    revoke the member that made a signature without knowing its\n"
    "         key: the signature's (B, K) joins the SigRL; the member can\n"
    "         no longer prove it is not that signer\n"
    "  group  revoke a whole group: its gid joins the GroupRL\n"
    "\n"
    "  --list FILE     the current list (signed SDK file, or the SGX SigRL\n"
    "                  form, which is kept)\n"
    "  --mprivkey, --sig, --pubkey FILE\n"
    "                  what to revoke\n"
    "  --ca-key FILE   the issuing CA's P-256 key (PEM, secret)\n"
    "  --cacert FILE   check the current list against cacert.bin first\n"
    "  --sgx           4-byte group ids\n"
    "  -o FILE         the new list\n"
    "\n"
    "Exit status: 0 done, 1 error, 2 usage.\n";

/* Build the new list body; returns the file type. */
static enum ra_epid_file_type
revoke_body(struct ra_buf *out, struct opts *o, const char *what,
    const struct input *in)
{
	enum ra_epid_gid_width w = width_by_len(o, in,
	    strcmp(what, "key") == 0 ? RA_EPID_FP_LEN
	                             : RA_EPID_SIGRL_ENTRY_LEN);
	enum ra_err e;

	if (strcmp(what, "key") == 0 && o->mprivkey != NULL) {
		struct ra_epid_privrl rl;
		struct ra_epid_member_key key;

		if ((e = ra_epid_privrl_parse(
		         &rl, in->body.p, in->body.len, w)) == RA_OK) {
			load_member_key(&key, o->mprivkey, w);
			e = ra_epid_privrl_add(out, &rl, &key.f);
			RA_WIPE(key);
		}
		if (e != RA_OK) {
			die_ra(e, "revoke key");
		}
		return RA_EPID_FILE_PRIVRL;
	}
	if (strcmp(what, "sig") == 0 && o->sig != NULL) {
		struct ra_epid_sigrl rl;
		struct ra_epid_sig sig;
		size_t len;
		uint8_t *sb = read_input(o->sig, EPID_MAX_SIG, &len);

		if ((e = ra_epid_sigrl_parse(
		         &rl, in->body.p, in->body.len, w)) != RA_OK ||
		    (e = ra_epid_sig_parse(&sig, sb, len)) != RA_OK ||
		    (e = ra_epid_sigrl_add(out, &rl, &sig.sigma0)) != RA_OK) {
			die_ra(e, "revoke sig");
		}
		free(sb);
		return RA_EPID_FILE_SIGRL;
	}
	return RA_EPID_FILE_GROUPRL;
}

static void
revoke_group(struct ra_buf *out, struct opts *o, const struct input *in)
{
	struct ra_epid_grouprl rl;
	struct ra_epid_group_pub pub;
	enum ra_err e;

	load_pub(&pub, o, NULL);
	if ((e = ra_epid_grouprl_parse(
	         &rl, in->body.p, in->body.len, pub.gid.width)) != RA_OK ||
	    (e = ra_epid_grouprl_add(out, &rl, &pub.gid)) != RA_OK) {
		die_ra(e, "revoke group");
	}
}

int
cmd_epid_revoke(int argc, char **argv)
{
	struct opts o;
	struct ra_epid_ca_cert ca;
	struct ra_ec256_priv key;
	struct input in;
	enum ra_epid_file_type type;
	uint8_t *b;
	struct ra_buf out;
	const char *what;

	if (wants_help(argc, argv, revoke_usage)) {
		return EXIT_OK;
	}
	if (!parse_opts(&o, argc, argv) || o.nargs != 1 || o.list == NULL ||
	    o.cakey == NULL || o.out == NULL) {
		return usage(revoke_usage);
	}
	what = o.args[0];
	type = strcmp(what, "key") == 0  ? RA_EPID_FILE_PRIVRL
	    : strcmp(what, "sig") == 0   ? RA_EPID_FILE_SIGRL
	    : strcmp(what, "group") == 0 ? RA_EPID_FILE_GROUPRL
	                                 : (enum ra_epid_file_type)0;
	if (type == 0 || (type == RA_EPID_FILE_PRIVRL && o.mprivkey == NULL) ||
	    (type == RA_EPID_FILE_SIGRL && o.sig == NULL) ||
	    (type == RA_EPID_FILE_GROUPRL && o.pubkey == NULL)) {
		return usage(revoke_usage);
	}
	if (o.cacert != NULL) {
		load_cacert(&ca, o.cacert);
	}
	read_signed(&in, o.list, type, o.cacert != NULL ? &ca : NULL);
	b = xmalloc(in.len + 256);
	out = ra_buf_init(b, in.len + 256);
	if (type == RA_EPID_FILE_GROUPRL) {
		revoke_group(&out, &o, &in);
	} else {
		(void)revoke_body(&out, &o, what, &in);
	}
	load_ca_key(&key, o.cakey);
	write_signed(o.out, in.is_file ? in.form : RA_EPID_FORM_SDK, type, b,
	    out.len, &key);
	RA_WIPE(key);
	free(b);
	free(in.buf);
	return EXIT_OK;
}
