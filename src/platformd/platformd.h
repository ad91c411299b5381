/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef SGXRA_PLATFORMD_H
#define SGXRA_PLATFORMD_H

/*
 * sgxra-platformd: the emulated SGX platform (CPU + AESM). It holds the
 * platform's fused secrets, loads and measures enclaves, checks their
 * SIGSTRUCT (EINIT), runs each in its own isolated process, and answers
 * their EREPORT / EGETKEY for their measured identity only.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "sgxra/ae.h"
#include "sgxra/arch.h"
#include "sgxra/ipc.h"

/* Bounds, checked before anything is allocated. */
#define MAX_ENCLAVES 256
#define MAX_CLIENTS  64
#define MAX_IMAGE    ((uint64_t)256 * 1024 * 1024)
/* A control frame from an application (LOAD, PLATFORM, ...). */
#define MAX_CLIENT_FRAME 4096
/* Seconds a client or enclave may take to send a whole frame. */
#define FRAME_TIMEOUT 30
/* Seconds an application connection may stay idle between requests. */
#define IDLE_TIMEOUT 600
/* Seconds an enclave process may take to start. */
#define BOOT_TIMEOUT 20

struct enclave {
	uint64_t id;
	pid_t pid;
	int enclu_fd; /* our end of the ENCLU channel */
	struct ra_secs secs;
	pthread_t thread;
	bool alive;
};

struct platform {
	struct ra_sgx_fuses fuses;
	struct ra_secs ae[RA_AE_COUNT]; /* QE, PvE, PCE after EINIT */
	uint32_t epid_gid;              /* 0 until provisioned */
	bool allow_debug;
	bool verbose;
	const char *state_dir;
	pthread_mutex_t lock;
	struct enclave *enclaves[MAX_ENCLAVES];
	uint64_t next_id;
	unsigned int clients;
};

/* state.c: the fused secrets in STATE/fuses (mode 0600). */
void state_init(const char *dir, const uint8_t cpu_svn[RA_CPUSVN_LEN]);
void state_load(struct ra_sgx_fuses *f, const char *dir);

/* load.c: LOAD from an application. */
enum ra_err load_enclave(struct platform *p, int file_fd, uint32_t flags,
    struct ra_ipc_loaded *out, int *ecall_fd, struct ra_ipc_error *why);
void enclave_reap(struct platform *p, pid_t pid, int status);
void enclaves_kill(struct platform *p);

/* client.c, enclu.c: connection threads. */
void *client_thread(void *arg);
void *enclu_thread(void *arg);

/* runner.c: the enclave process (sgxra-platformd -x enclave). */
int runner_main(bool verbose);

#endif
