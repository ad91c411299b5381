/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's fused secrets, kept in STATE/fuses (mode 0600, 112
 * bytes, little-endian):
 *
 *   off size
 *     0    8 magic "SGXRAFUS"
 *     8    4 version, 1
 *    12    4 zero
 *    16   16 root seal key
 *    32   16 root provisioning key
 *    48   16 owner epoch
 *    64   16 CPUSVN
 *    80   32 SHA-256 of bytes 0..79 (detects a damaged file)
 *
 * They are made once, by --init, and never again: a missing, unreadable
 * or damaged file stops the daemon with a message, because new secrets
 * would silently lose every sealed secret and the platform's identity.
 * CR_REPORT_KEYID is not kept: it is drawn at every start (SDM: reset).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/ct.h"
#include "sgxra/cursor.h"
#include "sgxra/random.h"

#define FUSES_LEN 112
static const uint8_t magic[8] = { 'S', 'G', 'X', 'R', 'A', 'F', 'U', 'S' };

static void
fuses_path(char *out, size_t cap, const char *dir)
{
	if ((size_t)snprintf(out, cap, "%s/fuses", dir) >= cap) {
		fatalx("state directory path too long: %s", dir);
	}
}

static void
encode(uint8_t out[FUSES_LEN], const struct ra_sgx_fuses *f)
{
	struct ra_buf b = ra_buf_init(out, FUSES_LEN);
	struct ra_hash256 h;

	RA_BUF_PUT(&b, magic);
	ra_buf_u32le(&b, 1);
	ra_buf_zero(&b, 4);
	RA_BUF_PUT(&b, f->root_seal.b);
	RA_BUF_PUT(&b, f->root_provision.b);
	RA_BUF_PUT(&b, f->owner_epoch);
	RA_BUF_PUT(&b, f->cpu_svn);
	ra_sha256(&h, out, 80);
	RA_BUF_PUT(&b, h.b);
	if (ra_buf_finish(&b) != RA_OK || b.len != FUSES_LEN) {
		fatalx("%s: internal error encoding the fuses", __func__);
	}
}

/* mkdir -p, the last component with mode 0700. */
static void
make_dirs(const char *dir)
{
	char path[PATH_MAX];
	char *p;

	if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path)) {
		fatalx("state directory path too long: %s", dir);
	}
	for (p = path + 1; *p != '\0'; p++) {
		if (*p == '/') {
			*p = '\0';
			if (mkdir(path, 0755) == -1 && errno != EEXIST) {
				fatal("%s: cannot create %s", __func__, path);
			}
			*p = '/';
		}
	}
	if (mkdir(path, 0700) == -1 && errno != EEXIST) {
		fatal("%s: cannot create %s", __func__, path);
	}
}

void
state_init(const char *dir, const uint8_t cpu_svn[RA_CPUSVN_LEN])
{
	struct ra_sgx_fuses f;
	uint8_t buf[FUSES_LEN];
	char path[PATH_MAX];
	int fd;

	make_dirs(dir);
	fuses_path(path, sizeof(path), dir);
	memset(&f, 0, sizeof(f));
	if (ra_random(f.root_seal.b, 16) != RA_OK ||
	    ra_random(f.root_provision.b, 16) != RA_OK ||
	    ra_random(f.owner_epoch, 16) != RA_OK) {
		fatalx("%s: no randomness from the kernel", __func__);
	}
	memcpy(f.cpu_svn, cpu_svn, sizeof(f.cpu_svn));
	encode(buf, &f);
	/* O_EXCL: an existing platform is never overwritten. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		fatal("%s: cannot create %s (a platform exists there?)",
		    __func__, path);
	}
	if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf) ||
	    fsync(fd) != 0 || close(fd) != 0) {
		fatal("%s: cannot write %s", __func__, path);
	}
	RA_WIPE(f);
	RA_WIPE(buf);
}

void
state_load(struct ra_sgx_fuses *f, const char *dir)
{
	uint8_t buf[FUSES_LEN + 1];
	char path[PATH_MAX];
	struct ra_cur c;
	struct ra_hash256 h;
	struct stat st;
	ssize_t n;
	int fd;

	fuses_path(path, sizeof(path), dir);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		fatal("no platform in %s (run sgxra-platformd --init --state "
		      "%s): %s",
		    dir, dir, path);
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		fatalx("%s is not a regular file", path);
	}
	if ((st.st_mode & 077) != 0) {
		fatalx("%s is readable by others (mode %03o): chmod 600 it",
		    path, (unsigned int)(st.st_mode & 0777));
	}
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != FUSES_LEN) {
		fatalx("%s is damaged: %zd bytes, want %d", path, n, FUSES_LEN);
	}
	ra_sha256(&h, buf, 80);
	c = ra_cur_init(buf, FUSES_LEN);
	if (!ra_ct_eq(ra_cur_take(&c, 8), magic, 8) || ra_cur_u32le(&c) != 1) {
		fatalx("%s is not an sgxra platform (magic or version)", path);
	}
	ra_cur_zero(&c, 4);
	RA_CUR_COPY(&c, f->root_seal.b);
	RA_CUR_COPY(&c, f->root_provision.b);
	RA_CUR_COPY(&c, f->owner_epoch);
	RA_CUR_COPY(&c, f->cpu_svn);
	if (!ra_ct_eq(ra_cur_take(&c, 32), h.b, 32) ||
	    ra_cur_finish(&c) != RA_OK) {
		fatalx("%s is damaged (checksum): refusing to start rather "
		       "than make new keys",
		    path);
	}
	RA_WIPE(buf);
	if (ra_random(f->report_key_id, sizeof(f->report_key_id)) != RA_OK) {
		fatalx("%s: no randomness from the kernel", __func__);
	}
}
