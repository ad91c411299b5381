/* SPDX-License-Identifier: BSD-3-Clause */
/* File helpers for state directories; see files.h. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "sgxra/ct.h"

enum ra_err
files_join(char *path, size_t cap, const char *dir, const char *name)
{
	int n = snprintf(path, cap, "%s/%s", dir, name);

	return n < 0 || (size_t)n >= cap ? RA_ERR_SPACE : RA_OK;
}

enum ra_err
files_mkdirs(const char *dir, mode_t mode, char *why, size_t cap)
{
	char path[PATH_MAX];
	char *p;

	if ((size_t)snprintf(path, sizeof(path), "%s", dir) >= sizeof(path)) {
		snprintf(why, cap, "path too long: %s", dir);
		return RA_ERR_ARG;
	}
	for (p = path + 1; *p != '\0'; p++) {
		if (*p != '/') {
			continue;
		}
		*p = '\0';
		if (mkdir(path, 0755) == -1 && errno != EEXIST) {
			snprintf(why, cap, "cannot create %s: %s", path,
			    strerror(errno));
			return RA_ERR_IO;
		}
		*p = '/';
	}
	if (mkdir(path, mode) == -1 && errno != EEXIST) {
		snprintf(
		    why, cap, "cannot create %s: %s", path, strerror(errno));
		return RA_ERR_IO;
	}
	return RA_OK;
}

enum ra_err
files_write_new(const char *path, const void *data, size_t len, mode_t mode,
    char *why, size_t cap)
{
	const uint8_t *p = data;
	size_t done = 0;
	ssize_t w;
	int fd = open(
	    path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);

	if (fd == -1) {
		snprintf(
		    why, cap, "cannot create %s: %s", path, strerror(errno));
		return errno == EEXIST ? RA_ERR_STATE : RA_ERR_IO;
	}
	while (done < len) {
		w = write(fd, p + done, len - done);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			snprintf(why, cap, "cannot write %s: %s", path,
			    strerror(errno));
			close(fd);
			(void)unlink(path);
			return RA_ERR_IO;
		}
		done += (size_t)w;
	}
	if (fsync(fd) != 0 || close(fd) != 0) {
		snprintf(
		    why, cap, "cannot write %s: %s", path, strerror(errno));
		(void)unlink(path);
		return RA_ERR_IO;
	}
	return RA_OK;
}

enum ra_err
files_read(const char *path, size_t max, bool secret, uint8_t **out,
    size_t *len, char *why, size_t cap)
{
	struct stat st;
	uint8_t *buf;
	size_t done = 0;
	ssize_t r;
	int fd;

	*out = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) == -1) {
		snprintf(why, cap, "cannot open %s: %s", path, strerror(errno));
		return RA_ERR_IO;
	}
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		snprintf(why, cap, "%s is not a regular file", path);
		close(fd);
		return RA_ERR_IO;
	}
	if (secret && (st.st_mode & 077) != 0) {
		snprintf(why, cap,
		    "%s is accessible to others (mode %03o): chmod 600 it",
		    path, (unsigned int)(st.st_mode & 0777));
		close(fd);
		return RA_ERR_POLICY;
	}
	if ((size_t)st.st_size > max) {
		snprintf(why, cap, "%s is too large (%lld bytes, at most %zu)",
		    path, (long long)st.st_size, max);
		close(fd);
		return RA_ERR_FORMAT;
	}
	if ((buf = malloc((size_t)st.st_size + 1)) == NULL) {
		close(fd);
		snprintf(why, cap, "out of memory reading %s", path);
		return RA_ERR_NOMEM;
	}
	while (done < (size_t)st.st_size) {
		r = read(fd, buf + done, (size_t)st.st_size - done);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			snprintf(why, cap, "cannot read %s", path);
			close(fd);
			files_free(buf, done);
			return RA_ERR_IO;
		}
		done += (size_t)r;
	}
	close(fd);
	buf[done] = '\0';
	*out = buf;
	*len = done;
	return RA_OK;
}

void
files_free(uint8_t *p, size_t len)
{
	if (p != NULL) {
		ra_wipe(p, len + 1);
		free(p);
	}
}
