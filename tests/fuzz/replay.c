/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Corpus replay without libFuzzer: feed every file named on the command
 * line (or every file of the directories named) to the target, once. Built
 * for each target under the normal variants, so `make V=asan check` runs
 * the checked-in corpus under ASan and UBSan.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "test.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
run_file(const char *path, unsigned long *count)
{
	size_t len;
	uint8_t *buf = test_read_file(path, &len);
	uint8_t *exact;

	if (buf == NULL) {
		fprintf(stderr, "replay: cannot read %s\n", path);
		return 1;
	}
	/* An exact-size copy, so ASan catches a read one past the end. */
	exact = malloc(len == 0 ? 1 : len);
	if (exact == NULL) {
		free(buf);
		return 1;
	}
	memcpy(exact, buf, len);
	free(buf);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	(*count)++;
	return 0;
}

static int
run_path(const char *path, unsigned long *count)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	char sub[4096];
	int rc = 0;

	if (stat(path, &st) != 0) {
		fprintf(stderr, "replay: %s: no such file\n", path);
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		return run_file(path, count);
	}
	if ((d = opendir(path)) == NULL) {
		return 1;
	}
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.') {
			continue;
		}
		if ((size_t)snprintf(sub, sizeof(sub), "%s/%s", path,
		        e->d_name) >= sizeof(sub)) {
			rc = 1;
			continue;
		}
		rc |= run_file(sub, count);
	}
	closedir(d);
	return rc;
}

int
main(int argc, char **argv)
{
	unsigned long count = 0;
	int i, rc = 0;

	for (i = 1; i < argc; i++) {
		rc |= run_path(argv[i], &count);
	}
	printf("replay: %lu inputs\n", count);
	return rc != 0 || count == 0;
}
