/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_MEE_H
#define RA_MEE_H

/*
 * The memory encryption engine (MEE) of the emulated platform, after
 * Gueron's SGX MEE: it keeps protected memory in an untrusted "DRAM" byte
 * region supplied by the caller (for example an mmap of a file that any
 * host process may read and write: the physical attacker's view), and
 * guarantees that a read returns exactly the data last written to that
 * address, or nothing.
 *
 * Two modes (docs/mee.md gives the layout and the cryptography):
 *
 *   RA_MEE_CLIENT    AES-128-CTR per 64-byte line, seeded by address and a
 *                    56-bit version; 56-bit Carter-Wegman MACs; an 8-ary
 *                    counter tree with embedded MACs whose root counters
 *                    stay inside the engine. Confidentiality, integrity
 *                    and freshness.
 *   RA_MEE_SCALABLE  AES-128-XTS per line with an address tweak and a
 *                    56-bit per-line MAC, no versions and no tree (as on
 *                    Ice Lake / Sapphire Rapids servers): a replayed old
 *                    line with its old MAC is accepted, by design.
 *
 * Addresses are byte offsets into the protected data area, a multiple of
 * RA_MEE_LINE_LEN below ra_mee_data_len(). The engine derives every key
 * from the caller's randomness at ra_mee_new() and ra_mee_reset(), keeps
 * them only in its own heap allocation, and wipes them on free.
 *
 * Integrity failure is drop-and-lock: the failing read returns RA_ERR_AUTH
 * with its output wiped, and every later call returns RA_ERR_LOCKED until
 * ra_mee_reset(). The stats record the DRAM offset and kind of the failed
 * check so that the platform can report it. A counter that would pass
 * 2^56 - 1 also locks the engine (RA_ERR_LOCKED, nothing written): keys
 * must change before any (address, version) pair could repeat.
 *
 * Not thread-safe: one engine, one thread at a time (hold a mutex).
 */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "sgxra/err.h"
#include "sgxra/random.h"
#include "sgxra/sgx.h"
#include "sgxra/types.h"

#define RA_MEE_LINE_LEN      64
#define RA_MEE_PAGE_LEN      4096
#define RA_MEE_ROOT_SPAN_LEN ((size_t)256 * 1024) /* data under one root */
#define RA_MEE_MAX_ROOTS     1024 /* client mode: 256 MiB of data at most */
#define RA_MEE_CTR_MAX       ((UINT64_C(1) << 56) - 1)
/* The physical address of DRAM offset 0, used in nonces and tweaks. */
#define RA_MEE_BASE UINT64_C(0x80000000)

enum ra_mee_mode {
	RA_MEE_CLIENT = 1,
	RA_MEE_SCALABLE = 2,
};

/* Which check locked the engine. */
enum ra_mee_fail {
	RA_MEE_FAIL_NONE = 0,
	RA_MEE_FAIL_DATA = 1, /* a data line's MAC (PD_Tag) */
	RA_MEE_FAIL_VER = 2,  /* a version line's embedded MAC */
	RA_MEE_FAIL_L0 = 3,   /* tree node levels L0..L2 */
	RA_MEE_FAIL_L1 = 4,
	RA_MEE_FAIL_L2 = 5,
	RA_MEE_FAIL_OVERFLOW = 6, /* a counter reached RA_MEE_CTR_MAX */
};

/* Offsets of the areas inside the DRAM region (docs/mee.md). */
struct ra_mee_layout {
	size_t data_len; /* protected data bytes */
	size_t tag_off;  /* PD_Tag lines: 8 data MACs per line */
	size_t ver_off;  /* client: VER lines (0 in scalable mode) */
	size_t l0_off;
	size_t l1_off;
	size_t l2_off;
	size_t end; /* bytes of DRAM used */
};

struct ra_mee_stats {
	uint64_t lines_read; /* data lines delivered */
	uint64_t lines_written;
	uint64_t meta_bytes_read; /* MAC, version and node lines fetched */
	uint64_t meta_bytes_written;
	uint64_t walks;         /* version-line lookups (one per 8 lines) */
	uint64_t walk_depth[5]; /* walks by number of nodes fetched, 0..4 */
	uint64_t cache_hits;    /* node cache */
	uint64_t cache_misses;
	uint64_t fail_offset;  /* DRAM offset of the line that failed */
	enum ra_mee_fail fail; /* RA_MEE_FAIL_NONE unless locked */
};

struct ra_mee;

/*
 * The DRAM bytes needed for data_len bytes of protected data in mode, or
 * 0 if data_len is not allowed (client: a non-zero multiple of
 * RA_MEE_ROOT_SPAN_LEN, at most RA_MEE_MAX_ROOTS of them; scalable: a
 * non-zero multiple of RA_MEE_PAGE_LEN).
 */
size_t ra_mee_dram_len(enum ra_mee_mode mode, size_t data_len);

/*
 * Create an engine over dram[0..dram_len), using as much data as fits
 * (ra_mee_data_len tells), and initialise the region: fresh keys from rng
 * (NULL: the system source), root counters zero, every data line the
 * encryption of zeros. dram and rng (and rng's context) are borrowed: they
 * must outlive the engine. RA_ERR_ARG if the region is too small (less
 * than ra_mee_dram_len(mode, smallest data)); RA_ERR_RNG, RA_ERR_NOMEM,
 * RA_ERR_CRYPTO.
 */
RA_MUST_CHECK enum ra_err ra_mee_new(struct ra_mee **out, enum ra_mee_mode mode,
    uint8_t *dram, size_t dram_len, const struct ra_rng *rng);

/* Wipe the keys and the root, free the engine. NULL is allowed. */
void ra_mee_free(struct ra_mee *m);

/*
 * The platform reset: new keys, root counters zero, cache and stats
 * cleared, lock released, and the DRAM region initialised again (its old
 * contents are lost, as on hardware).
 */
RA_MUST_CHECK enum ra_err ra_mee_reset(struct ra_mee *m);

enum ra_mee_mode ra_mee_mode(const struct ra_mee *m);
size_t ra_mee_data_len(const struct ra_mee *m);
void ra_mee_layout(const struct ra_mee *m, struct ra_mee_layout *out);

/*
 * Read len bytes (a multiple of RA_MEE_LINE_LEN) at data offset addr into
 * out. RA_OK; RA_ERR_ARG for a misaligned or out-of-range request (the
 * engine stays usable); RA_ERR_AUTH if a check failed (out wiped, engine
 * locked); RA_ERR_LOCKED if it was locked before. Constant time in the
 * keys and data except for the outcome of each MAC check.
 */
RA_MUST_CHECK enum ra_err ra_mee_read(
    struct ra_mee *m, uint8_t *out, size_t len, uint64_t addr);

/*
 * Write len bytes (a multiple of RA_MEE_LINE_LEN) from in at addr. The
 * path is verified first (RA_ERR_AUTH and lock as for a read). Lines of one
 * 4 KiB page are written as one batch: each line's version increases by
 * one, each tree counter above them once per batch. RA_ERR_LOCKED if a
 * counter would overflow (nothing of that batch written). A request
 * spanning several pages that fails leaves the pages before the failing
 * one written.
 */
RA_MUST_CHECK enum ra_err ra_mee_write(
    struct ra_mee *m, uint64_t addr, const uint8_t *in, size_t len);

/* One line; one 4 KiB page at page index `page`. Same contract. */
RA_MUST_CHECK enum ra_err ra_mee_read_line(
    struct ra_mee *m, uint8_t out[RA_MEE_LINE_LEN], uint64_t addr);
RA_MUST_CHECK enum ra_err ra_mee_write_line(
    struct ra_mee *m, uint64_t addr, const uint8_t in[RA_MEE_LINE_LEN]);
RA_MUST_CHECK enum ra_err ra_mee_read_page(
    struct ra_mee *m, uint8_t out[RA_MEE_PAGE_LEN], uint64_t page);
RA_MUST_CHECK enum ra_err ra_mee_write_page(
    struct ra_mee *m, uint64_t page, const uint8_t in[RA_MEE_PAGE_LEN]);

/*
 * Drop every cached node (the cache is write-through: nothing is lost). A
 * node cached before DRAM was tampered with is still trusted until it is
 * dropped, as on hardware.
 */
void ra_mee_cache_flush(struct ra_mee *m);

bool ra_mee_is_locked(const struct ra_mee *m);
void ra_mee_stats(const struct ra_mee *m, struct ra_mee_stats *out);
/* Zero the counters of the stats (not the failure record). */
void ra_mee_stats_clear(struct ra_mee *m);

/*
 * For tests of the overflow rule only: set one counter of the path of
 * the line at addr (level 0 = its version, 1..3 = L0..L2 counters above
 * it, 4 = its root counter) to value, bump the counters above it as a
 * write would, and re-tag the path so that the region stays consistent.
 * Counters only move forward: RA_ERR_ARG for a value below the current
 * one, a counter above at its maximum, or scalable mode.
 */
RA_MUST_CHECK enum ra_err ra_mee_test_set_counter(
    struct ra_mee *m, uint64_t addr, unsigned int level, uint64_t value);

/* --- EPC paging: EWB / ELDU ----------------------------------------------- */

/*
 * EWB: evict the EPC page at data offset page_addr (4 KiB aligned) to
 * ordinary memory. The page is read through the engine, encrypted and
 * authenticated with the per-boot paging key under a fresh 64-bit
 * version, and its MAC binds the contents, enclave id, linear address and
 * SECINFO. The version goes into the 8-byte version-array slot at data
 * offset va_slot (8-byte aligned, outside the page), itself written
 * through the engine, so the freshness of the evicted page rests on the
 * MEE's. out_page receives the ciphertext, pcmd the 128-byte PCMD.
 * RA_ERR_STATE if the slot is not empty (zero); engine errors as for
 * ra_mee_read/ra_mee_write.
 */
RA_MUST_CHECK enum ra_err ra_mee_ewb(struct ra_mee *m,
    uint8_t out_page[RA_MEE_PAGE_LEN], uint8_t pcmd[RA_PCMD_LEN],
    uint64_t page_addr, const struct ra_secinfo *si, uint64_t enclave_id,
    uint64_t linaddr, uint64_t va_slot);

/*
 * ELDU: reload an evicted page into the EPC page at page_addr. The PCMD is
 * parsed (RA_ERR_FORMAT/RA_ERR_VERSION), the version is taken from the
 * slot at va_slot, and the page is decrypted and checked against the MAC
 * with the given enclave id and linear address. On success the plaintext
 * is written through the engine, the slot is cleared (a blob loads once),
 * and *si receives the page's SECINFO. RA_ERR_AUTH for a tampered, stale
 * (older version), replayed or misdirected blob, a PCMD whose ENCLAVEID
 * is not enclave_id, or an empty slot: nothing
 * is written and the engine stays usable (this is not a DRAM integrity
 * failure).
 */
RA_MUST_CHECK enum ra_err ra_mee_eldu(struct ra_mee *m, struct ra_secinfo *si,
    uint64_t page_addr, const uint8_t in_page[RA_MEE_PAGE_LEN],
    const uint8_t pcmd[RA_PCMD_LEN], uint64_t enclave_id, uint64_t linaddr,
    uint64_t va_slot);

#endif
