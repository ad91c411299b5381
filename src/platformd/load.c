/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Loading an enclave: the image is read once into a sealed memfd, so the
 * bytes measured are the bytes that run; the measurement and SIGSTRUCT go
 * through EINIT; the enclave process is this program re-executed in its
 * enclave role (its heap size and pager in argv), with exactly four
 * descriptors: the ENCLU channel (3), the ECALL channel (4), the image (5)
 * and the EPC channel (6), which epc.c serves on a thread of its own; and
 * a handle on /dev/userfaultfd (7) if the platform holds one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"
#include "sgxra/image.h"

static void why_set(struct ra_ipc_error *why, enum ra_err err,
    enum ra_sgx_error sgx, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
why_set(struct ra_ipc_error *why, enum ra_err err, enum ra_sgx_error sgx,
    const char *fmt, ...)
{
	va_list ap;

	memset(why, 0, sizeof(*why));
	why->err = (uint32_t)err;
	why->sgx_error = (uint32_t)sgx;
	va_start(ap, fmt);
	vsnprintf(why->msg, sizeof(why->msg), fmt, ap);
	va_end(ap);
}

/* Copy the application's file into a sealed memfd; -1 on failure. */
static int
copy_image(int file_fd, size_t *len, struct ra_ipc_error *why)
{
	struct stat st;
	uint8_t buf[65536];
	off_t off = 0;
	ssize_t r;
	int mfd;

	if (fstat(file_fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		why_set(
		    why, RA_ERR_ARG, 0, "the enclave is not a regular file");
		return -1;
	}
	if (st.st_size <= 0 || (uint64_t)st.st_size > MAX_IMAGE) {
		why_set(why, RA_ERR_FORMAT, 0,
		    "enclave file of %lld bytes "
		    "(at most %llu)",
		    (long long)st.st_size, (unsigned long long)MAX_IMAGE);
		return -1;
	}
	mfd = memfd_create("sgxra-enclave", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	if (mfd == -1) {
		why_set(why, RA_ERR_IO, 0, "memfd_create: %s", strerror(errno));
		return -1;
	}
	/* Read what the file holds now; later changes do not matter. */
	while ((r = pread(file_fd, buf, sizeof(buf), off)) > 0) {
		if (write(mfd, buf, (size_t)r) != r) {
			break;
		}
		off += r;
		if ((uint64_t)off > MAX_IMAGE) {
			break;
		}
	}
	if (r != 0 || off <= 0 || (uint64_t)off > MAX_IMAGE ||
	    fcntl(mfd, F_ADD_SEALS,
	        F_SEAL_WRITE | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) !=
	        0) {
		why_set(why, RA_ERR_IO, 0, "cannot copy the enclave image");
		close(mfd);
		return -1;
	}
	*len = (size_t)off;
	return mfd;
}

/* Measure and EINIT the image; the SECS on success. */
static enum ra_err
check_image(struct platform *p, const uint8_t *img_bytes, size_t len,
    uint32_t flags, struct ra_secs *secs, struct ra_ipc_error *why)
{
	struct ra_image img;
	struct ra_einit_request req;
	struct ra_hash256 mr;
	enum ra_sgx_error sgx;
	enum ra_err err;

	if ((err = ra_image_parse(&img, img_bytes, len)) != RA_OK) {
		why_set(why, err, 0, "not a signed sgxra enclave (%s)",
		    ra_strerror(err));
		return err;
	}
	err = ra_image_measure(&mr, &img.layout, img.elf.p, img.elf.len);
	if (err != RA_OK) {
		why_set(why, err, 0, "cannot measure the enclave (%s)",
		    ra_strerror(err));
		return err;
	}
	memset(&req, 0, sizeof(req));
	req.mr_enclave = mr;
	req.size = img.layout.enclave_size;
	req.ssa_frame_size = img.layout.ssa_frame_size;
	req.attributes = img.sigstruct.attributes;
	req.misc_select = img.sigstruct.misc_select;
	if ((flags & RA_IPC_LOAD_DEBUG) != 0) {
		req.attributes.flags |= RA_ATTR_DEBUG;
	}
	req.allow_debug = p->allow_debug;
	req.allow_provision = false; /* only the platform's own enclaves */
	err = ra_einit(secs, &sgx, &img.sigstruct, &req);
	if (err == RA_OK) {
		return RA_OK;
	}
	if (sgx == RA_SGX_INVALID_MEASUREMENT) {
		why_set(why, err, sgx,
		    "MRENCLAVE mismatch: the image measures "
		    "differently from what its SIGSTRUCT signs (%s)",
		    ra_sgx_strerror(sgx));
	} else {
		why_set(why, err, sgx, "EINIT refused the enclave: %s%s",
		    ra_sgx_strerror(sgx),
		    (req.attributes.flags & RA_ATTR_DEBUG) != 0 &&
		            sgx == RA_SGX_INVALID_ATTRIBUTE
		        ? " (debug launch not allowed?)"
		        : "");
	}
	return err;
}

/* Wait for the enclave process's first frame: OK once it is sandboxed. */
static enum ra_err
await_boot(int fd, struct ra_ipc_error *why)
{
	struct pollfd pfd = { fd, POLLIN, 0 };
	struct ra_ipc_header h;
	uint8_t buf[RA_IPC_MSG_MAX + 16];
	struct ra_ipc_error e;

	if (poll(&pfd, 1, BOOT_TIMEOUT * 1000) != 1 ||
	    ra_chan_recv(fd, &h, buf, sizeof(buf), NULL) != RA_OK) {
		why_set(why, RA_ERR_IO, 0, "the enclave process did not start");
		return RA_ERR_IO;
	}
	if (h.type == RA_IPC_OK && h.len == 0) {
		return RA_OK;
	}
	if (h.type == RA_IPC_ERROR &&
	    ra_ipc_error_parse(&e, buf, h.len) == RA_OK) {
		why_set(why, (enum ra_err)e.err, 0, "enclave start: %s", e.msg);
		return RA_ERR_IO;
	}
	why_set(why, RA_ERR_IO, 0, "the enclave process sent garbage");
	return RA_ERR_IO;
}

/* Fork and re-exec ourselves as the enclave process. */
static pid_t
spawn(const struct platform *p, int enclu, int ecall, int image, int epc)
{
	int src[5] = { enclu, ecall, image, epc, p->uffd_dev };
	int n = p->uffd_dev >= 0 ? 5 : 4;
	char *argv[6];
	char heap[32];
	pid_t pid;

	snprintf(heap, sizeof(heap), "%zu", p->enclave_heap);
	if ((pid = fork()) != 0) {
		return pid;
	}
	/*
	 * child: descriptors 3 to 6 (7) and nothing else; each first moved
	 * above 7, so that no dup2 overwrites a descriptor still to move
	 */
	for (int i = 0; i < n; i++) {
		if ((src[i] = fcntl(src[i], F_DUPFD, 8)) < 0) {
			_exit(127);
		}
	}
	for (int i = 0; i < n; i++) {
		if (dup2(src[i], 3 + i) != 3 + i) {
			_exit(127);
		}
	}
	closefrom(3 + n);
	argv[0] = (char *)(uintptr_t) "sgxra-platformd";
	argv[1] = (char *)(uintptr_t) "-x";
	argv[2] = (char *)(uintptr_t)(p->verbose ? "enclave-v" : "enclave");
	argv[3] = heap;
	argv[4] = (char *)(uintptr_t)(p->force_sigsegv ? "sigsegv" : "auto");
	argv[5] = NULL;
	execv("/proc/self/exe", argv);
	_exit(127);
}

/* The EPC channel's thread (epc.c); false if it cannot start. */
static bool
serve_epc(const struct enclave *e, int fd)
{
	struct epc_peer *peer = malloc(sizeof(*peer));
	pthread_t t;

	if (peer == NULL) {
		return false;
	}
	peer->fd = fd;
	peer->id = e->id;
	peer->pid = e->pid;
	if (pthread_create(&t, NULL, epc_thread, peer) != 0) {
		free(peer);
		return false;
	}
	pthread_detach(t);
	return true;
}

static enum ra_err
start(struct platform *p, struct enclave *e, int mfd, int *ecall_fd,
    struct ra_ipc_error *why)
{
	int enclu[2], ecall[2], epc[2];
	enum ra_err err;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, enclu) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, ecall) != 0 ||
	    socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, epc) != 0) {
		why_set(why, RA_ERR_IO, 0, "socketpair: %s", strerror(errno));
		return RA_ERR_IO;
	}
	e->pid = spawn(p, enclu[1], ecall[1], mfd, epc[1]);
	close(enclu[1]);
	close(ecall[1]);
	close(epc[1]);
	if (e->pid < 0) {
		close(enclu[0]);
		close(ecall[0]);
		close(epc[0]);
		why_set(why, RA_ERR_IO, 0, "fork: %s", strerror(errno));
		return RA_ERR_IO;
	}
	if (!serve_epc(e, epc[0])) {
		kill(e->pid, SIGKILL);
		close(epc[0]);
		close(enclu[0]);
		close(ecall[0]);
		why_set(why, RA_ERR_NOMEM, 0, "cannot start a thread");
		return RA_ERR_NOMEM;
	}
	e->enclu_fd = enclu[0];
	if ((err = await_boot(e->enclu_fd, why)) != RA_OK) {
		kill(e->pid, SIGKILL);
		close(enclu[0]);
		close(ecall[0]);
		return err;
	}
	*ecall_fd = ecall[0];
	return RA_OK;
}

/* Put e in the table; false if it is full. */
static bool
register_enclave(struct platform *p, struct enclave *e)
{
	size_t i;
	bool ok = false;

	pthread_mutex_lock(&p->lock);
	for (i = 0; i < MAX_ENCLAVES && !ok; i++) {
		if (p->enclaves[i] == NULL) {
			e->id = ++p->next_id;
			p->enclaves[i] = e;
			ok = true;
		}
	}
	pthread_mutex_unlock(&p->lock);
	return ok;
}

enum ra_err
load_enclave(struct platform *p, int file_fd, uint32_t flags,
    struct ra_ipc_loaded *out, int *ecall_fd, struct ra_ipc_error *why)
{
	struct enclave *e;
	size_t len = 0;
	uint8_t *bytes;
	char locked[RA_IPC_MSG_MAX + 1];
	enum ra_err err;
	int mfd;

	if (epc_locked(locked, sizeof(locked))) {
		why_set(why, RA_ERR_LOCKED, 0, "%s", locked);
		return RA_ERR_LOCKED;
	}
	if ((mfd = copy_image(file_fd, &len, why)) < 0) {
		return RA_ERR_IO;
	}
	bytes = mmap(NULL, len, PROT_READ, MAP_PRIVATE, mfd, 0);
	if (bytes == MAP_FAILED) {
		close(mfd);
		why_set(why, RA_ERR_IO, 0, "mmap: %s", strerror(errno));
		return RA_ERR_IO;
	}
	if ((e = calloc(1, sizeof(*e))) == NULL) {
		munmap(bytes, len);
		close(mfd);
		why_set(why, RA_ERR_NOMEM, 0, "out of memory");
		return RA_ERR_NOMEM;
	}
	err = check_image(p, bytes, len, flags, &e->secs, why);
	munmap(bytes, len);
	if (err == RA_OK && !register_enclave(p, e)) {
		why_set(why, RA_ERR_POLICY, 0, "too many enclaves (%d)",
		    MAX_ENCLAVES);
		err = RA_ERR_POLICY;
	}
	if (err == RA_OK) {
		err = start(p, e, mfd, ecall_fd, why);
	}
	close(mfd);
	if (err != RA_OK) {
		pthread_mutex_lock(&p->lock);
		for (size_t i = 0; i < MAX_ENCLAVES; i++) {
			if (p->enclaves[i] == e) {
				p->enclaves[i] = NULL;
			}
		}
		pthread_mutex_unlock(&p->lock);
		free(e);
		return err;
	}
	e->alive = true;
	memset(out, 0, sizeof(*out));
	out->enclave_id = e->id;
	out->mr_enclave = e->secs.mr_enclave;
	out->mr_signer = e->secs.mr_signer;
	out->attributes = e->secs.attributes;
	out->misc_select = e->secs.misc_select;
	out->isv_prod_id = e->secs.isv_prod_id;
	out->isv_svn = e->secs.isv_svn;
	out->size = e->secs.size;
	out->pid = (uint32_t)e->pid;
	if (pthread_create(&e->thread, NULL, enclu_thread, e) != 0) {
		kill(e->pid, SIGKILL);
		close(*ecall_fd);
		why_set(why, RA_ERR_NOMEM, 0, "cannot start a thread");
		return RA_ERR_NOMEM;
	}
	pthread_detach(e->thread);
	log_info("enclave %llu loaded: pid %d, MRENCLAVE %02x%02x%02x%02x..., "
	         "ISVPRODID %u ISVSVN %u%s",
	    (unsigned long long)e->id, (int)e->pid, e->secs.mr_enclave.b[0],
	    e->secs.mr_enclave.b[1], e->secs.mr_enclave.b[2],
	    e->secs.mr_enclave.b[3], e->secs.isv_prod_id, e->secs.isv_svn,
	    (e->secs.attributes.flags & RA_ATTR_DEBUG) != 0 ? " (debug)" : "");
	return RA_OK;
}
