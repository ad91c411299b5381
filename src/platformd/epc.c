/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's EPC (docs/mee.md "The platform's EPC"): protected memory
 * in STATE/dram, a file any host process can read and write (the physical
 * attacker's view), kept through one memory encryption engine with fresh
 * keys at every start. Enclave processes page their writable memory in
 * and out over their EPC channel (descriptor 6, served here by one thread
 * per enclave); when the EPC is full, pages that no enclave process holds
 * go out to STATE/swap with EWB and come back with ELDU, their versions
 * in version-array slots inside the EPC.
 *
 * One mutex guards the engine, the page table and every enclave's page
 * map. An integrity failure locks the engine (drop-and-lock): the enclave
 * that hit it is told the DRAM offset, and the platform refuses enclave
 * memory until it restarts.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "platformd.h"
#include "sgxra/buf.h"
#include "sgxra/chan.h"
#include "sgxra/ct.h"
#include "sgxra/mee.h"

#define PAGE RA_MEE_PAGE_LEN
/* A STATE/swap record: the EWB ciphertext, then its PCMD. */
#define SWAP_REC_LEN (PAGE + RA_PCMD_LEN)
#define VA_SLOTS     (PAGE / 8)
/* The largest EPC-channel request: STORE. */
#define MAX_EPC_FRAME (4 + PAGE)

/* A map entry: what backs one linear page of an enclave's ELRANGE. */
#define MAP_NONE    UINT64_C(0)
#define MAP_EPC     (UINT64_C(1) << 62) /* low bits: the EPC page */
#define MAP_EVICTED (UINT64_C(2) << 62) /* low bits: the swap slot */
#define MAP_KIND    (UINT64_C(3) << 62)

enum frame_kind {
	FRAME_FREE = 0,
	FRAME_VA = 1,
	FRAME_ENCLAVE = 2,
};

/* The heap or the stack of an ELRANGE (EPC_INIT). */
struct part {
	uint64_t addr;
	uint32_t lin, npages;
};

struct space {
	uint64_t id;
	uint64_t base;
	uint32_t npages;
	uint32_t resident;
	uint32_t flags; /* enum ra_ipc_elrange_flag */
	struct part heap, stack;
	uint64_t *map; /* npages entries */
	struct space *next;
};

struct frame {
	struct space *owner;
	uint32_t lin;
	uint8_t kind;
	bool pinned; /* mapped in its enclave process */
};

static struct {
	pthread_mutex_t lock;
	enum ra_mee_mode mode;
	struct ra_mee *mee;
	uint8_t *dram;
	size_t dram_len;
	uint32_t npages; /* EPC pages */
	uint32_t nva;    /* VA pages, the last ones */
	uint32_t resident_max;
	struct frame *frames;
	uint8_t *slot_used; /* nva * VA_SLOTS */
	uint32_t hand;      /* the eviction clock */
	int swap_fd;
	uint64_t ewb, eldu;
	struct space *spaces;
	char fail_msg[RA_IPC_MSG_MAX + 1];
} epc = { .lock = PTHREAD_MUTEX_INITIALIZER, .swap_fd = -1 };

static const char *
fail_name(enum ra_mee_fail f)
{
	switch (f) {
	case RA_MEE_FAIL_DATA:
		return "data MAC";
	case RA_MEE_FAIL_VER:
		return "version line";
	case RA_MEE_FAIL_L0:
		return "L0 node";
	case RA_MEE_FAIL_L1:
		return "L1 node";
	case RA_MEE_FAIL_L2:
		return "L2 node";
	case RA_MEE_FAIL_OVERFLOW:
		return "counter overflow";
	default:
		return "none";
	}
}

static int
open_state(const char *dir, const char *name, size_t len)
{
	char path[4096];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(
	    path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd == -1 || fchmod(fd, 0600) != 0 ||
	    ftruncate(fd, (off_t)len) != 0) {
		fatal("%s: %s", __func__, path);
	}
	return fd;
}

/* STATE/dram.layout: what sgxra platform dram-dump needs, as text. */
static void
write_layout(const char *dir)
{
	struct ra_mee_layout l;
	char text[512];
	int fd, n;

	ra_mee_layout(epc.mee, &l);
	n = snprintf(text, sizeof(text),
	    "mode %s\ndata 0 %zu\ntag %zu %zu\nver %zu %zu\nl0 %zu %zu\n"
	    "l1 %zu %zu\nl2 %zu %zu\nend %zu\n",
	    epc.mode == RA_MEE_CLIENT ? "client" : "scalable", l.data_len,
	    l.tag_off, l.data_len / 8, l.ver_off,
	    epc.mode == RA_MEE_CLIENT ? l.data_len / 8 : 0, l.l0_off,
	    l.l1_off - l.l0_off, l.l1_off, l.l2_off - l.l1_off, l.l2_off,
	    l.end - l.l2_off, l.end);
	fd = open_state(dir, "dram.layout", 0);
	if (n < 0 || (size_t)n >= sizeof(text) ||
	    write(fd, text, (size_t)n) != n) {
		fatal("%s", __func__);
	}
	close(fd);
}

void
epc_start(const char *dir, const struct epc_options *o)
{
	enum ra_err err;
	int fd;

	epc.mode = o->mode;
	epc.resident_max = o->resident;
	epc.dram_len = ra_mee_dram_len(o->mode, o->size);
	if (epc.dram_len == 0) {
		fatalx("%s: --epc-size %zu is not allowed in %s mode", __func__,
		    o->size,
		    o->mode == RA_MEE_CLIENT ? "client (a multiple of 256K)"
		                             : "scalable (a multiple of 4K)");
	}
	fd = open_state(dir, "dram", epc.dram_len);
	epc.dram =
	    mmap(NULL, epc.dram_len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (epc.dram == MAP_FAILED) {
		fatal("%s: mmap", __func__);
	}
	/* Fresh keys at every start, from getrandom; never written. */
	if ((err = ra_mee_new(
	         &epc.mee, o->mode, epc.dram, epc.dram_len, NULL)) != RA_OK) {
		fatalx("%s: the memory encryption engine: %s", __func__,
		    ra_strerror(err));
	}
	epc.npages = (uint32_t)(o->size / PAGE);
	epc.nva = 1 + epc.npages / 512;
	epc.frames = calloc(epc.npages, sizeof(*epc.frames));
	epc.slot_used = calloc((size_t)epc.nva * VA_SLOTS, 1);
	if (epc.frames == NULL || epc.slot_used == NULL ||
	    epc.nva * 2 > epc.npages) {
		fatalx("%s: EPC of %u pages too small or out of memory",
		    __func__, epc.npages);
	}
	for (uint32_t i = epc.npages - epc.nva; i < epc.npages; i++) {
		epc.frames[i].kind = FRAME_VA;
	}
	epc.swap_fd = open_state(dir, "swap", 0);
	write_layout(dir);
	log_info("EPC: %zu bytes in %s/dram (%zu with metadata), %s MEE, "
	         "%u VA pages, %u resident pages per enclave",
	    o->size, dir, epc.dram_len,
	    o->mode == RA_MEE_CLIENT ? "client" : "scalable", epc.nva,
	    epc.resident_max);
}

void
epc_stop(void)
{
	pthread_mutex_lock(&epc.lock);
	ra_mee_free(epc.mee);
	epc.mee = NULL;
	if (epc.dram != NULL && epc.dram != MAP_FAILED) {
		munmap(epc.dram, epc.dram_len);
	}
	epc.dram = NULL;
	pthread_mutex_unlock(&epc.lock);
}

bool
epc_locked(char *why, size_t cap)
{
	bool locked;

	pthread_mutex_lock(&epc.lock);
	locked = epc.mee == NULL || ra_mee_is_locked(epc.mee);
	if (locked) {
		snprintf(why, cap, "%s",
		    epc.fail_msg[0] != '\0' ? epc.fail_msg : "EPC unavailable");
	}
	pthread_mutex_unlock(&epc.lock);
	return locked;
}

/*
 * An engine error: RA_ERR_AUTH/RA_ERR_LOCKED are integrity failures (the
 * engine is locked from now on). The message names the DRAM offset.
 */
static enum ra_err
engine_failed(enum ra_err err, char *why, size_t cap)
{
	struct ra_mee_stats st;

	if (err != RA_ERR_AUTH && err != RA_ERR_LOCKED) {
		snprintf(why, cap, "memory engine: %s", ra_strerror(err));
		return err;
	}
	ra_mee_stats(epc.mee, &st);
	if (epc.fail_msg[0] == '\0') {
		snprintf(epc.fail_msg, sizeof(epc.fail_msg),
		    "MEE integrity failure at DRAM offset 0x%llx (%s): the "
		    "EPC is locked until the platform restarts",
		    (unsigned long long)st.fail_offset, fail_name(st.fail));
		log_warnx("%s", epc.fail_msg);
	}
	snprintf(why, cap, "%s", epc.fail_msg);
	return RA_ERR_LOCKED;
}

static uint64_t
slot_addr(uint32_t slot)
{
	uint32_t va = epc.npages - epc.nva + slot / VA_SLOTS;

	return (uint64_t)va * PAGE + (uint64_t)(slot % VA_SLOTS) * 8;
}

/* EWB one page no enclave process holds; false if every page is pinned. */
static enum ra_err
evict_one(char *why, size_t cap)
{
	uint8_t blob[PAGE], pcmd[RA_PCMD_LEN];
	struct ra_secinfo si = { RA_SECINFO_R | RA_SECINFO_W, RA_PT_REG };
	uint32_t i, f = 0, slot;
	struct frame *fr = NULL;
	enum ra_err err;

	for (i = 0; i < epc.npages && fr == NULL; i++) {
		f = (epc.hand + i) % epc.npages;
		if (epc.frames[f].kind == FRAME_ENCLAVE &&
		    !epc.frames[f].pinned) {
			fr = &epc.frames[f];
		}
	}
	if (fr == NULL) {
		snprintf(
		    why, cap, "EPC full: every page is held by an enclave");
		return RA_ERR_NOMEM;
	}
	epc.hand = (f + 1) % epc.npages;
	for (slot = 0; slot < epc.nva * VA_SLOTS && epc.slot_used[slot];
	     slot++) {
	}
	if (slot == epc.nva * VA_SLOTS) {
		snprintf(why, cap, "EPC full: no free version-array slot");
		return RA_ERR_NOMEM;
	}
	err = ra_mee_ewb(epc.mee, blob, pcmd, (uint64_t)f * PAGE, &si,
	    fr->owner->id, (uint64_t)fr->lin * PAGE, slot_addr(slot));
	if (err != RA_OK) {
		return engine_failed(err, why, cap);
	}
	if (pwrite(epc.swap_fd, blob, PAGE, (off_t)slot * SWAP_REC_LEN) !=
	        PAGE ||
	    pwrite(epc.swap_fd, pcmd, RA_PCMD_LEN,
	        (off_t)slot * SWAP_REC_LEN + PAGE) != RA_PCMD_LEN) {
		snprintf(why, cap, "STATE/swap: %s", strerror(errno));
		return RA_ERR_IO;
	}
	epc.slot_used[slot] = 1;
	epc.ewb++;
	fr->owner->map[fr->lin] = MAP_EVICTED | slot;
	memset(fr, 0, sizeof(*fr));
	return RA_OK;
}

static uint32_t
find_free(void)
{
	uint32_t f;

	for (f = 0; f < epc.npages; f++) {
		if (epc.frames[f].kind == FRAME_FREE) {
			break;
		}
	}
	return f;
}

/* A free EPC page for s's page lin (evicting another if needed). */
static enum ra_err
alloc_frame(uint32_t *out, struct space *s, uint32_t lin, char *why, size_t cap)
{
	uint32_t f = find_free();
	enum ra_err err;

	if (f == epc.npages) {
		if ((err = evict_one(why, cap)) != RA_OK) {
			return err;
		}
		f = find_free();
	}
	epc.frames[f].kind = FRAME_ENCLAVE;
	epc.frames[f].owner = s;
	epc.frames[f].lin = lin;
	epc.frames[f].pinned = false;
	*out = f;
	return RA_OK;
}

static void
free_frame(uint32_t f)
{
	memset(&epc.frames[f], 0, sizeof(epc.frames[f]));
}

/* ELDU s's evicted page lin into EPC page f. */
static enum ra_err
reload(struct space *s, uint32_t lin, uint32_t f, char *why, size_t cap)
{
	uint8_t blob[PAGE], pcmd[RA_PCMD_LEN];
	uint32_t slot = (uint32_t)(s->map[lin] & ~MAP_KIND);
	struct ra_secinfo si;
	enum ra_err err;

	if (pread(epc.swap_fd, blob, PAGE, (off_t)slot * SWAP_REC_LEN) !=
	        PAGE ||
	    pread(epc.swap_fd, pcmd, RA_PCMD_LEN,
	        (off_t)slot * SWAP_REC_LEN + PAGE) != RA_PCMD_LEN) {
		snprintf(why, cap, "STATE/swap record %u unreadable", slot);
		return RA_ERR_IO;
	}
	err = ra_mee_eldu(epc.mee, &si, (uint64_t)f * PAGE, blob, pcmd, s->id,
	    (uint64_t)lin * PAGE, slot_addr(slot));
	RA_WIPE(blob);
	if (err == RA_ERR_AUTH || err == RA_ERR_FORMAT ||
	    err == RA_ERR_VERSION) {
		if (ra_mee_is_locked(epc.mee)) {
			return engine_failed(err, why, cap);
		}
		snprintf(why, cap,
		    "ELDU refused evicted page %u of enclave %llu (STATE/swap "
		    "record %u stale or tampered with)",
		    lin, (unsigned long long)s->id, slot);
		log_warnx("%s", why);
		return RA_ERR_AUTH;
	}
	if (err != RA_OK) {
		return engine_failed(err, why, cap);
	}
	epc.slot_used[slot] = 0;
	epc.eldu++;
	return RA_OK;
}

/*
 * Make s's page lin present in the EPC: a first touch gets a zeroed page
 * (EAUG; not when the caller overwrites it at once), an evicted page
 * comes back with ELDU. *f is the EPC page.
 */
static enum ra_err
ensure(uint32_t *f, struct space *s, uint32_t lin, bool overwrite, char *why,
    size_t cap)
{
	static const uint8_t zero[PAGE];
	uint64_t m = s->map[lin];
	enum ra_err err;

	if ((m & MAP_KIND) == MAP_EPC) {
		*f = (uint32_t)(m & ~MAP_KIND);
		return RA_OK;
	}
	if ((err = alloc_frame(f, s, lin, why, cap)) != RA_OK) {
		return err;
	}
	if ((m & MAP_KIND) == MAP_EVICTED) {
		err = reload(s, lin, *f, why, cap);
	} else if (!overwrite) {
		err = ra_mee_write_page(epc.mee, *f, zero);
		if (err != RA_OK) {
			err = engine_failed(err, why, cap);
		}
	}
	if (err != RA_OK) {
		free_frame(*f);
		return err;
	}
	s->map[lin] = MAP_EPC | *f;
	return RA_OK;
}

static void
space_free(struct space *s)
{
	struct space **pp;
	uint32_t i;

	for (i = 0; i < s->npages; i++) {
		if ((s->map[i] & MAP_KIND) == MAP_EPC) {
			free_frame((uint32_t)(s->map[i] & ~MAP_KIND));
		} else if ((s->map[i] & MAP_KIND) == MAP_EVICTED) {
			uint32_t slot = (uint32_t)(s->map[i] & ~MAP_KIND);

			/* the version goes: the swap record can never load */
			epc.slot_used[slot] = 0;
			if (epc.mee != NULL && !ra_mee_is_locked(epc.mee)) {
				uint8_t z[RA_MEE_LINE_LEN];
				uint64_t a = slot_addr(slot) & ~(uint64_t)63;

				if (ra_mee_read_line(epc.mee, z, a) == RA_OK) {
					memset(
					    z + (slot_addr(slot) & 63), 0, 8);
					/* a failure locks: nothing to add */
					if (ra_mee_write_line(epc.mee, a, z) !=
					    RA_OK) {
						log_warnx("%s: VA slot %u",
						    __func__, slot);
					}
				}
			}
		}
	}
	for (pp = &epc.spaces; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == s) {
			*pp = s->next;
			break;
		}
	}
	free(s->map);
	free(s);
}

static enum ra_err
reply_error(int fd, enum ra_err err, const char *why)
{
	(void)ra_chan_send_error(fd, err, 0, why);
	return err;
}

/* A part inside [0, n) pages, empty exactly when its flag is clear. */
static bool
part_ok(const struct part *pt, uint32_t n, bool is_on)
{
	return pt->lin <= n && pt->npages <= n - pt->lin &&
	    (pt->npages != 0) == is_on && (pt->addr % PAGE) == 0;
}

static enum ra_err
do_init(int fd, struct space **sp, const struct epc_peer *peer,
    const uint8_t *p, size_t len)
{
	struct ra_cur c = ra_cur_init(p, len);
	struct space t;
	uint8_t w[4];
	struct ra_buf b = ra_buf_init(w, sizeof(w));
	struct ra_bytes part = { w, sizeof(w) };
	struct space *s;
	char why[RA_IPC_MSG_MAX + 1];

	memset(&t, 0, sizeof(t));
	t.base = ra_cur_u64le(&c);
	t.npages = ra_cur_u32le(&c);
	t.flags = ra_cur_u32le(&c);
	t.heap.addr = ra_cur_u64le(&c);
	t.heap.lin = ra_cur_u32le(&c);
	t.heap.npages = ra_cur_u32le(&c);
	t.stack.addr = ra_cur_u64le(&c);
	t.stack.lin = ra_cur_u32le(&c);
	t.stack.npages = ra_cur_u32le(&c);
	if (ra_cur_finish(&c) != RA_OK || *sp != NULL || t.npages == 0 ||
	    t.npages > EPC_MAX_ENCLAVE_PAGES || (t.base % PAGE) != 0 ||
	    (t.flags &
	        ~(uint32_t)(RA_IPC_ELRANGE_UFFD | RA_IPC_ELRANGE_HEAP |
	            RA_IPC_ELRANGE_STACK)) != 0 ||
	    !part_ok(&t.heap, t.npages, (t.flags & RA_IPC_ELRANGE_HEAP) != 0) ||
	    !part_ok(
	        &t.stack, t.npages, (t.flags & RA_IPC_ELRANGE_STACK) != 0)) {
		return RA_ERR_FORMAT;
	}
	if (epc_locked(why, sizeof(why))) {
		return reply_error(fd, RA_ERR_LOCKED, why);
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->map = calloc(t.npages, sizeof(*s->map))) == NULL) {
		free(s);
		return reply_error(fd, RA_ERR_NOMEM, "out of memory");
	}
	t.id = peer->id;
	t.map = s->map;
	*s = t;
	if ((t.flags & RA_IPC_ELRANGE_UFFD) == 0) {
		log_warnx("enclave %llu (pid %d): no userfaultfd (root or "
		          "vm.unprivileged_userfaultfd=1 needed): the SIGSEGV "
		          "pager runs, its heap and stack are outside the EPC",
		    (unsigned long long)peer->id, (int)peer->pid);
	}
	pthread_mutex_lock(&epc.lock);
	s->next = epc.spaces;
	epc.spaces = s;
	pthread_mutex_unlock(&epc.lock);
	*sp = s;
	ra_buf_u32le(&b, epc.resident_max);
	if (ra_buf_finish(&b) != RA_OK) {
		return RA_ERR_ARG;
	}
	return ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
}

/* LOAD, STORE, DROP of page lin, under the lock. */
static enum ra_err
page_op(struct space *s, uint32_t type, uint32_t lin, const uint8_t *in,
    uint8_t out[PAGE], char *why, size_t cap)
{
	uint32_t f = 0;
	enum ra_err err;

	if (epc.mee == NULL) {
		snprintf(why, cap, "the platform is stopping");
		return RA_ERR_IO;
	}
	if (ra_mee_is_locked(epc.mee)) {
		return engine_failed(RA_ERR_LOCKED, why, cap);
	}
	if (type == RA_IPC_EPC_DROP) {
		if ((s->map[lin] & MAP_KIND) == MAP_EPC &&
		    epc.frames[s->map[lin] & ~MAP_KIND].pinned) {
			epc.frames[s->map[lin] & ~MAP_KIND].pinned = false;
			s->resident--;
		}
		return RA_OK;
	}
	if (type == RA_IPC_EPC_LOAD && s->resident >= epc.resident_max &&
	    !((s->map[lin] & MAP_KIND) == MAP_EPC &&
	        epc.frames[s->map[lin] & ~MAP_KIND].pinned)) {
		/* pinned pages are the process's to bound: it did not */
		snprintf(
		    why, cap, "more than %u pages resident", epc.resident_max);
		return RA_ERR_FORMAT;
	}
	err = ensure(&f, s, lin, type == RA_IPC_EPC_STORE, why, cap);
	if (err != RA_OK) {
		return err;
	}
	if (type == RA_IPC_EPC_STORE) {
		err = ra_mee_write_page(epc.mee, f, in);
		if (epc.frames[f].pinned) {
			epc.frames[f].pinned = false;
			s->resident--;
		}
	} else {
		err = ra_mee_read_page(epc.mee, out, f);
		if (err == RA_OK && !epc.frames[f].pinned) {
			epc.frames[f].pinned = true;
			s->resident++;
		}
	}
	return err == RA_OK ? RA_OK : engine_failed(err, why, cap);
}

/* One EPC-channel request; RA_ERR_IO or a format error ends the channel. */
static enum ra_err
serve_one(int fd, struct space **sp, const struct epc_peer *peer, uint8_t *buf,
    uint8_t *page)
{
	struct ra_ipc_header h;
	struct ra_bytes part = { page, PAGE };
	struct ra_cur c;
	uint32_t lin;
	char why[RA_IPC_MSG_MAX + 1];
	enum ra_err err;

	if ((err = ra_chan_recv(fd, &h, buf, MAX_EPC_FRAME, NULL)) != RA_OK) {
		return err;
	}
	if (h.type == RA_IPC_EPC_INIT) {
		return do_init(fd, sp, peer, buf, h.len);
	}
	c = ra_cur_init(buf, h.len);
	lin = ra_cur_u32le(&c);
	if (h.type == RA_IPC_EPC_STORE) {
		ra_cur_skip(&c, PAGE);
	}
	if (*sp == NULL || ra_cur_finish(&c) != RA_OK || lin >= (*sp)->npages ||
	    (h.type != RA_IPC_EPC_LOAD && h.type != RA_IPC_EPC_STORE &&
	        h.type != RA_IPC_EPC_DROP)) {
		return RA_ERR_FORMAT;
	}
	pthread_mutex_lock(&epc.lock);
	err = page_op(*sp, h.type, lin, buf + 4, page, why, sizeof(why));
	pthread_mutex_unlock(&epc.lock);
	if (err == RA_ERR_FORMAT) {
		log_warnx("enclave %llu (pid %d): %s",
		    (unsigned long long)peer->id, (int)peer->pid, why);
		return err;
	}
	if (err != RA_OK) {
		log_warnx("enclave %llu (pid %d): %s",
		    (unsigned long long)peer->id, (int)peer->pid, why);
		return reply_error(fd, err, why);
	}
	if (h.type == RA_IPC_EPC_LOAD) {
		err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
		ra_wipe(page, PAGE);
		return err;
	}
	/* DROP has no reply (one round trip less per fault) */
	return h.type == RA_IPC_EPC_DROP
	    ? RA_OK
	    : ra_chan_send(fd, RA_IPC_OK, NULL, 0, -1);
}

void *
epc_thread(void *arg)
{
	struct epc_peer *peer = arg;
	struct space *s = NULL;
	uint8_t *buf = malloc(MAX_EPC_FRAME), *page = malloc(PAGE);
	enum ra_err err = RA_ERR_NOMEM;

	while (buf != NULL && page != NULL &&
	    (err = serve_one(peer->fd, &s, peer, buf, page)) == RA_OK) {
	}
	/*
	 * A refused page (integrity failure, bad swap record, full EPC)
	 * was answered with an ERROR: the enclave process reports it to its
	 * application and exits, and closing the channel ends it if it
	 * tries again. A malformed frame means a broken process: kill it.
	 */
	if (err != RA_ERR_IO && err != RA_ERR_AUTH && err != RA_ERR_LOCKED &&
	    err != RA_ERR_NOMEM) {
		log_warnx("enclave %llu (pid %d): malformed EPC frame (%s): "
		          "terminating it",
		    (unsigned long long)peer->id, (int)peer->pid,
		    ra_errname(err));
		kill(peer->pid, SIGKILL);
	}
	if (buf != NULL) {
		ra_wipe(buf, MAX_EPC_FRAME);
	}
	free(buf);
	free(page);
	pthread_mutex_lock(&epc.lock);
	if (s != NULL) {
		space_free(s);
	}
	pthread_mutex_unlock(&epc.lock);
	close(peer->fd);
	free(peer);
	return NULL;
}

void
epc_flush(void)
{
	pthread_mutex_lock(&epc.lock);
	if (epc.mee != NULL) {
		ra_mee_cache_flush(epc.mee);
	}
	pthread_mutex_unlock(&epc.lock);
}

static void
fill_stats(struct ra_ipc_mee_stats *o)
{
	struct ra_mee_stats st;
	struct ra_mee_layout l;
	struct space *s;
	uint32_t i;

	ra_mee_stats(epc.mee, &st);
	ra_mee_layout(epc.mee, &l);
	o->mode = (uint32_t)epc.mode;
	o->flags = ra_mee_is_locked(epc.mee) ? RA_IPC_MEE_LOCKED : 0;
	o->epc_len = l.data_len;
	o->pages = epc.npages;
	o->va_pages = epc.nva;
	o->resident_max = epc.resident_max;
	for (i = 0; i < epc.npages; i++) {
		o->used += epc.frames[i].kind == FRAME_ENCLAVE;
		o->free += epc.frames[i].kind == FRAME_FREE;
	}
	for (i = 0; i < epc.nva * VA_SLOTS; i++) {
		o->evicted += epc.slot_used[i];
	}
	o->lines_read = st.lines_read;
	o->lines_written = st.lines_written;
	o->meta_read = st.meta_bytes_read;
	o->meta_written = st.meta_bytes_written;
	o->walks = st.walks;
	memcpy(o->walk_depth, st.walk_depth, sizeof(o->walk_depth));
	o->cache_hits = st.cache_hits;
	o->cache_misses = st.cache_misses;
	o->ewb = epc.ewb;
	o->eldu = epc.eldu;
	o->fail_offset = st.fail_offset;
	o->fail = (uint32_t)st.fail;
	o->tag_off = l.tag_off;
	o->ver_off = l.ver_off;
	o->l0_off = l.l0_off;
	o->l1_off = l.l1_off;
	o->l2_off = l.l2_off;
	o->end = l.end;
	for (s = epc.spaces; s != NULL && o->n < RA_IPC_MEE_ENCLAVES_MAX;
	     s = s->next) {
		struct ra_ipc_mee_enclave *e = &o->enclaves[o->n++];

		e->id = s->id;
		e->base = s->base;
		e->pages = s->npages;
		e->resident = s->resident;
		e->flags = s->flags;
		e->heap = s->heap.addr;
		e->heap_lin = s->heap.lin;
		e->heap_pages = s->heap.npages;
		e->stack = s->stack.addr;
		e->stack_lin = s->stack.lin;
		e->stack_pages = s->stack.npages;
		for (i = 0; i < s->npages; i++) {
			e->in_epc += (s->map[i] & MAP_KIND) == MAP_EPC;
			e->evicted += (s->map[i] & MAP_KIND) == MAP_EVICTED;
		}
	}
}

enum ra_err
epc_stats(int fd)
{
	struct ra_ipc_mee_stats *o = calloc(1, sizeof(*o));
	uint8_t *out = malloc(RA_IPC_MEE_STATS_LEN +
	    (size_t)RA_IPC_MEE_ENCLAVES_MAX * RA_IPC_MEE_ENCLAVE_LEN);
	struct ra_buf b;
	struct ra_bytes part;
	enum ra_err err = RA_ERR_NOMEM;

	if (o != NULL && out != NULL) {
		b = ra_buf_init(out,
		    RA_IPC_MEE_STATS_LEN +
		        (size_t)RA_IPC_MEE_ENCLAVES_MAX *
		            RA_IPC_MEE_ENCLAVE_LEN);
		pthread_mutex_lock(&epc.lock);
		if (epc.mee != NULL) {
			fill_stats(o);
		}
		pthread_mutex_unlock(&epc.lock);
		ra_ipc_mee_stats_build(&b, o);
		part = (struct ra_bytes){ out, b.len };
		err = ra_buf_finish(&b);
		if (err == RA_OK) {
			err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
		}
	}
	free(o);
	free(out);
	return err == RA_ERR_NOMEM
	    ? ra_chan_send_error(fd, err, 0, "out of memory")
	    : err;
}

/* The page map into p (capacity RA_IPC_EPC_PAGES_MAX); the count. */
static size_t
fill_pages(struct ra_ipc_epc_page *p)
{
	struct space *s;
	size_t n = 0;
	uint32_t i;

	for (i = 0; i < epc.npages && n < RA_IPC_EPC_PAGES_MAX; i++) {
		const struct frame *fr = &epc.frames[i];

		if (fr->kind == FRAME_FREE) {
			continue;
		}
		p[n].index = i;
		p[n].lin = fr->lin;
		p[n].enclave_id = fr->kind == FRAME_VA ? 0 : fr->owner->id;
		p[n].flags = fr->kind == FRAME_VA ? RA_IPC_EPC_VA
		    : fr->pinned                  ? RA_IPC_EPC_RESIDENT
		                                  : 0;
		n++;
	}
	for (s = epc.spaces; s != NULL; s = s->next) {
		for (i = 0; i < s->npages && n < RA_IPC_EPC_PAGES_MAX; i++) {
			if ((s->map[i] & MAP_KIND) != MAP_EVICTED) {
				continue;
			}
			p[n].index = (uint32_t)(s->map[i] & ~MAP_KIND);
			p[n].lin = i;
			p[n].enclave_id = s->id;
			p[n].flags = RA_IPC_EPC_EVICTED;
			n++;
		}
	}
	return n;
}

enum ra_err
epc_pages(int fd)
{
	size_t cap = 8 + (size_t)RA_IPC_EPC_PAGES_MAX * RA_IPC_EPC_PAGE_LEN;
	struct ra_ipc_epc_page *p = calloc(RA_IPC_EPC_PAGES_MAX, sizeof(*p));
	uint8_t *out = malloc(cap);
	struct ra_buf b;
	struct ra_bytes part;
	enum ra_err err = RA_ERR_NOMEM;
	size_t n;

	if (p != NULL && out != NULL) {
		b = ra_buf_init(out, cap);
		pthread_mutex_lock(&epc.lock);
		n = fill_pages(p);
		pthread_mutex_unlock(&epc.lock);
		ra_ipc_epc_pages_build(&b, p, n);
		part = (struct ra_bytes){ out, b.len };
		if ((err = ra_buf_finish(&b)) == RA_OK) {
			err = ra_chan_send(fd, RA_IPC_OK, &part, 1, -1);
		}
	}
	free(p);
	free(out);
	return err == RA_ERR_NOMEM
	    ? ra_chan_send_error(fd, err, 0, "out of memory")
	    : err;
}
