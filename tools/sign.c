/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra sign: measure an enclave ELF laid out by its configuration, make
 * and sign its SIGSTRUCT, and append the metadata block (sgxra/image.h).
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "sgxra.h"
#include "sgxra/arch.h"
#include "sgxra/buf.h"
#include "sgxra/image.h"

static const char sign_usage[] =
    "usage: sgxra sign --key KEY.pem --config ENCLAVE.conf [--out FILE]\n"
    "                  [--date YYYYMMDD] ENCLAVE.so\n"
    "\n"
    "Sign an sgxra enclave: measure the ELF with the layout of the\n"
    "configuration (MRENCLAVE), fill a SIGSTRUCT (RSA-3072, e = 3) from the\n"
    "configuration, sign it with KEY.pem and write the signed enclave: the\n"
    "ELF followed by the layout and the SIGSTRUCT. An already signed\n"
    "input is signed again from its ELF.\n"
    "\n"
    "  --key KEY.pem       RSA-3072 private key with exponent 3 (make one "
    "with\n"
    "                      sgxra keygen --type enclave)\n"
    "  --config FILE       the enclave configuration (see below)\n"
    "  --out FILE          output (default: ENCLAVE.signed.so next to the\n"
    "                      input); refuses to overwrite the input\n"
    "  --date YYYYMMDD     SIGSTRUCT date (default: the configuration's, or\n"
    "                      today, UTC)\n"
    "\n"
    "Configuration: one `key = value` per line, # starts a comment.\n"
    "  isv_prod_id = N        product id (0..65535), default 0\n"
    "  isv_svn = N            security version (0..65535), default 0\n"
    "  heap_size = SIZE       heap, a multiple of 4K (suffix K or M), 1M\n"
    "  stack_size = SIZE      stack per thread, 64K\n"
    "  tcs_count = N          threads (1..64), 1\n"
    "  ssa_frame_size = N     SSA frame pages (1..4), 1\n"
    "  debug = yes|no         may be launched in debug mode, yes\n"
    "  misc_select = N        MISCSELECT, 0; misc_mask = N, 0xffffffff\n"
    "  date = YYYYMMDD        SIGSTRUCT date\n"
    "\n"
    "Prints MRENCLAVE and MRSIGNER.\n";

/* The platform loads at most this much (sgxra-platformd MAX_IMAGE). */
#define MAX_ENCLAVE_FILE ((size_t)256 * 1024 * 1024)

struct conf {
	struct ra_image_layout layout;
	uint16_t isv_prod_id, isv_svn;
	bool debug;
	uint32_t misc_select, misc_mask;
	uint32_t date; /* BCD yyyymmdd, 0 if unset */
};

static bool
parse_num(const char *v, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long n;
	uint64_t mult = 1;

	errno = 0;
	n = strtoull(v, &end, 0);
	if (errno != 0 || end == v) {
		return false;
	}
	if (*end == 'K' || *end == 'k') {
		mult = 1024;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		mult = (uint64_t)1024 * 1024;
		end++;
	}
	if (n > UINT64_MAX / mult) {
		return false;
	}
	n *= mult;
	if (*end != '\0' || n > max) {
		return false;
	}
	*out = n;
	return true;
}

/* "20261122" -> 0x20261122, checked as a date. */
static bool
parse_date(const char *v, uint32_t *bcd)
{
	unsigned int y, m, d;
	size_t i;

	if (strlen(v) != 8) {
		return false;
	}
	for (i = 0; i < 8; i++) {
		if (v[i] < '0' || v[i] > '9') {
			return false;
		}
	}
	y = (unsigned int)strtoul(v, NULL, 10) / 10000;
	m = (unsigned int)(v[4] - '0') * 10 + (unsigned int)(v[5] - '0');
	d = (unsigned int)(v[6] - '0') * 10 + (unsigned int)(v[7] - '0');
	if (y < 1 || m < 1 || m > 12 || d < 1 || d > 31) {
		return false;
	}
	*bcd = (uint32_t)strtoul(v, NULL, 16);
	return true;
}

static bool
parse_bool(const char *v, bool *out)
{
	if (strcmp(v, "yes") == 0 || strcmp(v, "true") == 0) {
		*out = true;
		return true;
	}
	if (strcmp(v, "no") == 0 || strcmp(v, "false") == 0) {
		*out = false;
		return true;
	}
	return false;
}

/* One "key = value"; false if the key is unknown or the value bad. */
static bool
conf_set(struct conf *c, const char *k, const char *v)
{
	uint64_t n;

	if (strcmp(k, "isv_prod_id") == 0 && parse_num(v, 0xffff, &n)) {
		c->isv_prod_id = (uint16_t)n;
	} else if (strcmp(k, "isv_svn") == 0 && parse_num(v, 0xffff, &n)) {
		c->isv_svn = (uint16_t)n;
	} else if (strcmp(k, "heap_size") == 0 &&
	    parse_num(v, RA_IMAGE_MAX_SIZE, &n)) {
		c->layout.heap_size = n;
	} else if (strcmp(k, "stack_size") == 0 &&
	    parse_num(v, RA_IMAGE_MAX_SIZE, &n)) {
		c->layout.stack_size = n;
	} else if (strcmp(k, "tcs_count") == 0 &&
	    parse_num(v, RA_IMAGE_MAX_TCS, &n)) {
		c->layout.tcs_count = (uint32_t)n;
	} else if (strcmp(k, "ssa_frame_size") == 0 && parse_num(v, 4, &n)) {
		c->layout.ssa_frame_size = (uint32_t)n;
	} else if (strcmp(k, "debug") == 0) {
		return parse_bool(v, &c->debug);
	} else if (strcmp(k, "misc_select") == 0 &&
	    parse_num(v, UINT32_MAX, &n)) {
		c->misc_select = (uint32_t)n;
	} else if (strcmp(k, "misc_mask") == 0 &&
	    parse_num(v, UINT32_MAX, &n)) {
		c->misc_mask = (uint32_t)n;
	} else if (strcmp(k, "date") == 0) {
		return parse_date(v, &c->date);
	} else {
		return false;
	}
	return true;
}

/* Trim spaces at both ends, in place. */
static char *
trim(char *s)
{
	char *e;

	while (*s == ' ' || *s == '\t') {
		s++;
	}
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r')) {
		*--e = '\0';
	}
	return s;
}

static void
read_conf(struct conf *c, const char *path)
{
	size_t len;
	char *text = (char *)read_input(path, 65536, &len);
	char *line, *next, *eq, *hash;
	unsigned int lineno = 0;

	memset(c, 0, sizeof(*c));
	c->layout.heap_size = (uint64_t)1024 * 1024;
	c->layout.stack_size = (uint64_t)64 * 1024;
	c->layout.tcs_count = 1;
	c->layout.ssa_frame_size = 1;
	c->debug = true;
	c->misc_mask = UINT32_MAX;
	for (line = text; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL) {
			*next++ = '\0';
		}
		lineno++;
		if ((hash = strchr(line, '#')) != NULL) {
			*hash = '\0';
		}
		line = trim(line);
		if (*line == '\0') {
			continue;
		}
		if ((eq = strchr(line, '=')) == NULL) {
			errx(
			    EXIT_FAIL, "%s:%u: want key = value", path, lineno);
		}
		*eq = '\0';
		if (!conf_set(c, trim(line), trim(eq + 1))) {
			errx(EXIT_FAIL, "%s:%u: unknown key or bad value: %s",
			    path, lineno, trim(line));
		}
	}
	free(text);
}

static uint32_t
today_bcd(void)
{
	char s[16];
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(s, sizeof(s), "%Y%m%d", &tm);
	return (uint32_t)strtoul(s, NULL, 16);
}

/* The SIGSTRUCT fields from the configuration (FORMATS.md §2.3). */
static void
fill_sigstruct(
    struct ra_sigstruct *ss, const struct conf *c, const struct ra_hash256 *mr)
{
	/* the SDK's "non-check" bits 48..55 are not enforced */
	const uint64_t nocheck = 0x00FF000000000000ULL;

	memset(ss, 0, sizeof(*ss));
	ss->date = c->date != 0 ? c->date : today_bcd();
	ss->misc_select = c->misc_select;
	ss->misc_mask = c->misc_mask;
	ss->attributes.flags = RA_ATTR_MODE64BIT;
	ss->attributes.xfrm = 0x3;
	/* DEBUG stays the launcher's choice unless debug = no */
	ss->attribute_mask.flags =
	    ~(nocheck | (c->debug ? (uint64_t)RA_ATTR_DEBUG : 0));
	ss->attribute_mask.xfrm = 0x3;
	ss->enclave_hash = *mr;
	ss->isv_prod_id = c->isv_prod_id;
	ss->isv_svn = c->isv_svn;
}

static void
write_out(const char *path, const uint8_t *elf, size_t elf_len,
    const uint8_t *meta, size_t meta_len)
{
	char tmp[4096];
	int fd;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp)) {
		errx(EXIT_FAIL, "%s: path too long", path);
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0755);
	if (fd == -1) {
		err(EXIT_FAIL, "%s", tmp);
	}
	if (write(fd, elf, elf_len) != (ssize_t)elf_len ||
	    write(fd, meta, meta_len) != (ssize_t)meta_len || fsync(fd) != 0 ||
	    close(fd) != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		err(EXIT_FAIL, "%s: write", path);
	}
}

struct sign_args {
	const char *key, *config, *out, *date, *in;
};

static int
sign_args(int argc, char **argv, struct sign_args *a)
{
	int i;

	memset(a, 0, sizeof(*a));
	for (i = 1; i < argc; i++) {
		const char **slot = is_opt(argv[i], "--key") ? &a->key
		    : is_opt(argv[i], "--config")            ? &a->config
		    : is_opt(argv[i], "--out")               ? &a->out
		    : is_opt(argv[i], "--date")              ? &a->date
		                                             : NULL;

		if (slot != NULL && i + 1 < argc) {
			*slot = argv[++i];
		} else if (argv[i][0] != '-' && a->in == NULL) {
			a->in = argv[i];
		} else {
			warnx("unexpected argument %s", argv[i]);
			return -1;
		}
	}
	return a->key != NULL && a->config != NULL && a->in != NULL ? 0 : -1;
}

int
cmd_sign(int argc, char **argv)
{
	struct sign_args a;
	struct conf c;
	struct ra_image img;
	struct ra_rsa_key *key = NULL;
	struct ra_hash256 mr, mrsigner;
	uint8_t meta[RA_IMAGE_META_LEN];
	struct ra_buf b = ra_buf_init(meta, sizeof(meta));
	char outbuf[4096];
	uint8_t *in, *pem;
	size_t in_len, pem_len, elf_len;
	enum ra_err e;

	if (wants_help(argc, argv, sign_usage)) {
		return EXIT_OK;
	}
	if (sign_args(argc, argv, &a) != 0) {
		return usage(sign_usage);
	}
	read_conf(&c, a.config);
	if (a.date != NULL && !parse_date(a.date, &c.date)) {
		errx(EXIT_USAGE, "--date wants YYYYMMDD");
	}
	in = read_input(a.in, MAX_ENCLAVE_FILE, &in_len);
	elf_len =
	    ra_image_parse(&img, in, in_len) == RA_OK ? img.elf.len : in_len;
	e = ra_image_measure(&mr, &c.layout, in, elf_len);
	if (e != RA_OK) {
		die_ra(e,
		    "%s: cannot measure (a 64-bit position-independent "
		    "ELF without W+X segments or text relocations?)",
		    a.in);
	}
	pem = read_input(a.key, 65536, &pem_len);
	if ((e = ra_rsa_key_from_pem(&key, (char *)pem, pem_len)) != RA_OK) {
		die_ra(e, "%s: not an RSA private key", a.key);
	}
	memset(&img, 0, sizeof(img));
	img.layout = c.layout;
	fill_sigstruct(&img.sigstruct, &c, &mr);
	if ((e = ra_css_sign(&img.sigstruct, key)) != RA_OK) {
		die_ra(e, "%s: cannot sign (RSA-3072 with exponent 3 needed)",
		    a.key);
	}
	img.elf.p = in;
	img.elf.len = elf_len;
	ra_image_meta_build(&b, &img);
	if (ra_buf_finish(&b) != RA_OK || b.len != sizeof(meta)) {
		errx(EXIT_FAIL, "internal error: metadata block");
	}
	if (a.out == NULL) {
		size_t n = strlen(a.in);

		snprintf(outbuf, sizeof(outbuf), "%.*s.signed.so",
		    (int)(n > 3 && strcmp(a.in + n - 3, ".so") == 0 ? n - 3
		                                                    : n),
		    a.in);
		a.out = outbuf;
	}
	if (strcmp(a.out, a.in) == 0) {
		errx(EXIT_USAGE, "--out must differ from the input");
	}
	write_out(a.out, in, elf_len, meta, sizeof(meta));
	ra_css_mrsigner(&mrsigner, &img.sigstruct);
	printf("signed %s\nmr_enclave  ", a.out);
	print_hex(stdout, mr.b, 32);
	printf("\nmr_signer   ");
	print_hex(stdout, mrsigner.b, 32);
	printf("\nenclave_size 0x%" PRIx64 "\n", c.layout.enclave_size);
	ra_rsa_key_free(key);
	free(pem);
	free(in);
	return EXIT_OK;
}
