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
#include "sgxra/crypto.h"
#include "sgxra/epid.h"
#include "sgxra/ipc.h"
#include "sgxra/mee.h"

/* Bounds, checked before anything is allocated. */
#define MAX_ENCLAVES 256
#define MAX_CLIENTS  64
#define MAX_IMAGE    ((uint64_t)256 * 1024 * 1024)
/* A control frame from an application (LOAD, PLATFORM, PROV_*, ...). */
#define MAX_CLIENT_FRAME 4096
/* GET_QUOTE, the one larger request: its SigRL may take 512 KiB. */
#define MAX_QUOTE_FRAME (RA_IPC_GET_QUOTE_MIN_LEN + RA_IPC_SIGRL_MAX)
/* Seconds a client or enclave may take to send a whole frame. */
#define FRAME_TIMEOUT 30
/* Seconds an application connection may stay idle between requests. */
#define IDLE_TIMEOUT 600
/* Seconds an enclave process may take to start. */
#define BOOT_TIMEOUT 20
/* The EPC (epc.c): at most 128 MiB, an ELRANGE of at most 256 MiB. */
#define EPC_DEFAULT_SIZE      ((size_t)32 * 1024 * 1024)
#define EPC_MAX_SIZE          ((size_t)128 * 1024 * 1024)
#define EPC_DEFAULT_RESIDENT  256
#define EPC_MIN_RESIDENT      8
#define EPC_MAX_RESIDENT      4096
#define EPC_MAX_ENCLAVE_PAGES 65536
/* The enclave's heap (--enclave-heap) and its ECALL stack, in the ELRANGE. */
#define ENCLAVE_HEAP_DEFAULT ((size_t)16 * 1024 * 1024)
#define ENCLAVE_HEAP_MIN     ((size_t)1024 * 1024)
#define ENCLAVE_HEAP_MAX     ((size_t)128 * 1024 * 1024)
#define ENCLAVE_STACK_LEN    ((size_t)256 * 1024)
/* The enclave process's exit status when its EPC memory was refused. */
#define EXIT_EPC 86

struct enclave {
	uint64_t id;
	pid_t pid;
	int enclu_fd; /* our end of the ENCLU channel */
	struct ra_secs secs;
	pthread_t thread;
	bool alive;
};

/*
 * A join the PvE started (PROV_JOIN) and that PROV_FINISH completes: the
 * member secret f never leaves the platform. Secret; one at a time.
 */
struct pending_join {
	bool active;
	uint32_t gid;
	struct ra_epid_nonce nonce;
	struct ra_epid_fp f;
	struct ra_epid_group_pub pub;
	uint8_t quote_key[RA_IPC_QUOTE_KEY_LEN];
	struct ra_ec256_pub sigrl_key;
};

struct platform {
	struct ra_sgx_fuses fuses;
	struct ra_secs ae[RA_AE_COUNT]; /* QE, PvE, PCE after EINIT */
	/*
	 * What the QE quotes with, from STATE/epid.sealed; under epid_lock
	 * (readers quote, PROV_FINISH replaces). epid_gid 0: not provisioned.
	 */
	pthread_rwlock_t epid_lock;
	uint32_t epid_gid;
	struct ra_epid_member epid_member; /* secret */
	struct ra_rsa_key *quote_key;      /* the service's, public */
	struct ra_ec256_pub sigrl_key;     /* verifies SigRLs */
	struct pending_join join;          /* under lock */
	/*
	 * DCAP (dcap.c), under dcap_lock: the PCK certificate chain (PEM,
	 * NULL until provisioned) and the QE's attestation key with its
	 * certification by the PCE (secret; made at the first quote).
	 */
	pthread_mutex_t dcap_lock;
	uint8_t *pck_chain;
	size_t pck_chain_len;
	struct {
		bool ready;
		struct ra_ec256_priv priv;
		struct ra_ec256_pub pub;
		uint8_t auth[32]; /* the QE's authentication data */
		struct ra_report_body qe_report;
		struct ra_ec256_sig qe_report_sig;
	} att;
	bool allow_debug;
	bool verbose;
	/* --enclave-heap, and --epc-pager sigsegv (no userfaultfd) */
	size_t enclave_heap;
	bool force_sigsegv;
	int uffd_dev; /* /dev/userfaultfd, or -1 */
	const char *state_dir;
	pthread_mutex_t lock;
	struct enclave *enclaves[MAX_ENCLAVES];
	uint64_t next_id;
	unsigned int clients;
};

/* epc.c: the EPC in STATE/dram through the memory encryption engine. */
struct epc_options {
	size_t size;
	enum ra_mee_mode mode;
	unsigned int resident;
};

/* What the EPC thread of one enclave serves (owned by the thread). */
struct epc_peer {
	int fd; /* our end of the EPC channel */
	uint64_t id;
	pid_t pid;
};

void epc_start(const char *dir, const struct epc_options *o);
void epc_stop(void);
/* True (and why) once an integrity failure locked the engine. */
bool epc_locked(char *why, size_t cap);
void *epc_thread(void *arg);
void epc_flush(void);
/* Answer MEE_STATS / EPC_PAGES on fd. */
enum ra_err epc_stats(int fd);
enum ra_err epc_pages(int fd);

/* state.c: the fused secrets in STATE/fuses (mode 0600). */
void state_init(const char *dir, const uint8_t cpu_svn[RA_CPUSVN_LEN]);
void state_load(struct ra_sgx_fuses *f, const char *dir);

/* load.c: LOAD from an application. */
enum ra_err load_enclave(struct platform *p, int file_fd, uint32_t flags,
    struct ra_ipc_loaded *out, int *ecall_fd, struct ra_ipc_error *why);
void enclave_reap(struct platform *p, pid_t pid, int status);
void enclaves_kill(struct platform *p);

/* pve.c: the provisioning enclave; its sealed EPID blob in STATE. */
void pve_load(struct platform *p);
enum ra_err pve_prov_id(
    struct platform *p, struct ra_ipc_prov_id *id, struct ra_ipc_error *why);
enum ra_err pve_join(struct platform *p, struct ra_ipc_prov_joined *out,
    const struct ra_ipc_prov_join *in, struct ra_ipc_error *why);
enum ra_err pve_finish(struct platform *p, uint32_t *gid,
    const struct ra_ipc_prov_finish *in, struct ra_ipc_error *why);

/*
 * qe.c: the quoting enclave. On RA_OK *out (malloc'd, the caller frees)
 * holds the GET_QUOTE reply payload.
 */
enum ra_err qe_quote(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_ipc_get_quote *req, struct ra_ipc_error *why);

/*
 * The QE's answer to a quote request: its REPORT for the application
 * enclave app with REPORTDATA = SHA-256(nonce || quote) || 0, and the
 * quote, as a GET_QUOTE reply payload in *out (malloc'd).
 */
enum ra_err qe_reply(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_report_body *app, const uint8_t nonce[16],
    const uint8_t *quote, size_t quote_len, struct ra_ipc_error *why);

/* dcap.c: the PCE and the QE's ECDSA quotes. */
void pce_load(struct platform *p);
enum ra_err pce_dcap_id(
    struct platform *p, struct ra_ipc_dcap_id *out, struct ra_ipc_error *why);
enum ra_err pce_set_cert(struct platform *p, const uint8_t *pem, size_t len,
    struct ra_ipc_error *why);
enum ra_err qe_quote_dcap(struct platform *p, uint8_t **out, size_t *out_len,
    const struct ra_ipc_get_quote_dcap *req, struct ra_ipc_error *why);
void dcap_free(struct platform *p);

/* Write STATE/name atomically (new file, fsync, rename). */
enum ra_err platform_state_write(const struct platform *p, const char *name,
    const void *data, size_t len, mode_t mode, struct ra_ipc_error *why);

/* Fill why (error code and message) and return err. */
enum ra_err prov_why(struct ra_ipc_error *why, enum ra_err err, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* client.c, enclu.c: connection threads. */
void *client_thread(void *arg);
void *enclu_thread(void *arg);

/*
 * runner.c: the enclave process (sgxra-platformd -x enclave[-v] HEAP
 * PAGER): HEAP the heap's bytes, PAGER "auto" or "sigsegv".
 */
int runner_main(bool verbose, const char *heap, const char *pager);

/* Sanitizer builds own malloc and the stack: the heap stays outside. */
#if defined(__SANITIZE_ADDRESS__)
#define SANITIZER_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SANITIZER_BUILD 1
#endif
#endif

/*
 * pager.c, in the enclave process: the ELRANGE through the platform's
 * EPC over descriptor fd. With userfaultfd (and allow_uffd), the image's
 * writable segments, a heap of heap_len bytes and a stack of stack_len
 * bytes (0: none), served by a pager thread; without, the image's
 * writable segments only, served by a SIGSEGV handler. pager_start finds
 * the image's segments in h (dlopen handle), hands every page to the
 * platform and drops it; out says what is enclave memory. -1 (why) on
 * failure.
 */
struct pager_options {
	bool allow_uffd;
	size_t heap_len, stack_len; /* multiples of the page */
};

struct pager_info {
	bool uffd;
	void *heap, *stack; /* NULL if not in the ELRANGE */
	size_t heap_len, stack_len;
};

int pager_start(void *h, int fd, struct pager_info *out,
    const struct pager_options *o, char *why, size_t cap);

/*
 * heap.c: the enclave's allocator over one range of pages [base, base +
 * len) (len a multiple of the page, at least 64 KiB): size classes of 16
 * to 2048 bytes carved from pages, page runs above; its metadata at the
 * start of the range. Not thread-safe (malloc.c locks). heap_alloc and
 * heap_memalign return NULL on exhaustion; heap_free and heap_usable
 * abort on a pointer the heap did not return.
 */
int heap_setup(void *base, size_t len);
bool heap_owns(const void *p);
void *heap_alloc(size_t n);
void *heap_memalign(size_t align, size_t n);
void heap_free(void *b);
size_t heap_usable(const void *b);

/*
 * malloc.c: the malloc family of the executable (glibc's interposition).
 * Until malloc_heap_on, and always in the daemon and in sanitizer builds,
 * libc's; after, new blocks come from heap.c over [base, base + len),
 * and blocks libc gave before still go back to libc. 0, or -1 (heap.c
 * refused the range, or a sanitizer build).
 */
int malloc_heap_on(void *base, size_t len);

#endif
