/* SPDX-License-Identifier: BSD-3-Clause */
/* sgxra keygen: make a private key file (mode 0600). */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgxra.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"

static const char keygen_usage[] =
    "usage: sgxra keygen --type enclave|ec256 [--force] OUT.pem\n"
    "\n"
    "Write a new private key as PKCS#8 PEM to OUT.pem, mode 0600, and its\n"
    "public key to stdout.\n"
    "\n"
    "  --type enclave   RSA-3072 with exponent 3: an enclave signing key\n"
    "                   (sgxra sign --key)\n"
    "  --type ec256     ECDSA P-256: a service provider's long-term key\n"
    "  --force          replace OUT.pem if it exists\n";

static void
write_key(const char *path, const char *pem, size_t len, bool force)
{
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL);
	int fd = open(path, flags, 0600);

	if (fd == -1) {
		err(EXIT_FAIL, "%s%s", path, force ? "" : " (exists? --force)");
	}
	if (fchmod(fd, 0600) != 0 || write(fd, pem, len) != (ssize_t)len ||
	    close(fd) != 0) {
		err(EXIT_FAIL, "%s: write", path);
	}
}

static int
gen_enclave(const char *out, bool force)
{
	struct ra_rsa_key *key = NULL;
	static char pem[8192];
	size_t len;
	enum ra_err e;

	if ((e = ra_rsa_key_generate(&key, 3072, 3)) != RA_OK ||
	    (e = ra_rsa_key_to_pem(key, true, pem, sizeof(pem), &len)) !=
	        RA_OK) {
		die_ra(e, "RSA-3072 key generation");
	}
	write_key(out, pem, len, force);
	ra_wipe(pem, sizeof(pem));
	if ((e = ra_rsa_key_to_pem(key, false, pem, sizeof(pem), &len)) !=
	    RA_OK) {
		die_ra(e, "writing the public key");
	}
	fputs(pem, stdout);
	ra_rsa_key_free(key);
	return EXIT_OK;
}

static int
gen_ec256(const char *out, bool force)
{
	struct ra_ec256_priv priv;
	struct ra_ec256_pub pub;
	char pem[1024];
	size_t len;
	enum ra_err e;

	if ((e = ra_ec256_keygen(&priv, &pub, NULL)) != RA_OK ||
	    (e = ra_ec256_priv_to_pem(pem, sizeof(pem), &len, &priv)) !=
	        RA_OK) {
		die_ra(e, "P-256 key generation");
	}
	write_key(out, pem, len, force);
	RA_WIPE(priv);
	RA_WIPE(pem);
	if (ra_ec256_pub_to_pem(pem, sizeof(pem), &len, &pub) == RA_OK) {
		fputs(pem, stdout);
	}
	return EXIT_OK;
}

int
cmd_keygen(int argc, char **argv)
{
	const char *type = NULL, *out = NULL;
	bool force = false;
	int i;

	if (wants_help(argc, argv, keygen_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--type") && i + 1 < argc) {
			type = argv[++i];
		} else if (is_opt(argv[i], "--force")) {
			force = true;
		} else if (argv[i][0] != '-' && out == NULL) {
			out = argv[i];
		} else {
			return usage(keygen_usage);
		}
	}
	if (type == NULL || out == NULL) {
		return usage(keygen_usage);
	}
	if (strcmp(type, "enclave") == 0) {
		return gen_enclave(out, force);
	}
	if (strcmp(type, "ec256") == 0) {
		return gen_ec256(out, force);
	}
	warnx("unknown key type %s", type);
	return usage(keygen_usage);
}
