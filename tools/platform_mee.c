/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sgxra platform stats: the platform's EPC and memory encryption engine.
 * sgxra platform mee-flush: drop the engine's node cache.
 * sgxra platform dram-dump: STATE/dram as the physical attacker sees it.
 * (docs/mee.md "The platform's EPC".)
 */
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sgxra.h"
#include "sgxra/host.h"
#include "sgxra/mee.h"
#include "show.h"

static const char stats_usage[] =
    "usage: sgxra platform stats [--socket PATH] [--json] [--pages]\n"
    "\n"
    "Print the platform's EPC (size, pages used, free, evicted to swap),\n"
    "its memory encryption engine's figures (mode, data lines read and\n"
    "written, metadata bytes, tree walks by depth, node-cache hits and\n"
    "misses, EWB and ELDU counts), whether an integrity failure locked\n"
    "it (and the failing DRAM offset), the DRAM layout and each enclave's\n"
    "pages.\n"
    "\n"
    "  --socket PATH  the platform's socket (default:\n"
    "                 $XDG_RUNTIME_DIR/sgxra/platform.sock or\n"
    "                 /run/sgxra/platform.sock)\n"
    "  --json         print JSON instead of text\n"
    "  --pages        also the page map: for each EPC page in use, the\n"
    "                 enclave, the page's index in its ELRANGE and whether\n"
    "                 its process holds it; evicted pages with their\n"
    "                 STATE/swap record\n";

static const char flush_usage[] =
    "usage: sgxra platform mee-flush [--socket PATH]\n"
    "\n"
    "Drop the memory encryption engine's node cache, so that the next\n"
    "read walks the counter tree from DRAM again (a tree node changed in\n"
    "DRAM while it was cached stays trusted until then, as on hardware).\n";

static const char dump_usage[] =
    "usage: sgxra platform dram-dump [--state DIR] [--area AREA]\n"
    "                                [--offset O] [--length L]\n"
    "\n"
    "Print DIR/dram, the platform's protected memory as the physical\n"
    "attacker sees it, in hex, 64-byte lines with their DRAM offsets.\n"
    "The layout comes from DIR/dram.layout, which the platform writes at\n"
    "start.\n"
    "\n"
    "  --state DIR  the platform's state directory (default .)\n"
    "  --area AREA  data, tag, ver, l0, l1, l2 or all (default)\n"
    "  --offset O   start O bytes into each area (default 0)\n"
    "  --length L   at most L bytes of each area (default 256)\n";

static const char *const fail_names[] = { "none", "data", "ver", "l0", "l1",
	"l2", "overflow" };

static json_t *
stats_json(const struct ra_ipc_mee_stats *s)
{
	json_t *o = json_object(), *d = json_array(), *es = json_array();
	uint32_t i;

	show_set(o, "mode",
	    json_string(s->mode == RA_MEE_CLIENT ? "client" : "scalable"));
	show_set(
	    o, "locked", json_boolean((s->flags & RA_IPC_MEE_LOCKED) != 0));
	show_set(o, "fail_offset", show_uint(s->fail_offset));
	show_set(
	    o, "fail", json_string(s->fail < 7 ? fail_names[s->fail] : "?"));
	show_set(o, "epc_bytes", show_uint(s->epc_len));
	show_set(o, "epc_pages", show_uint(s->pages));
	show_set(o, "va_pages", show_uint(s->va_pages));
	show_set(o, "used_pages", show_uint(s->used));
	show_set(o, "free_pages", show_uint(s->free));
	show_set(o, "evicted_pages", show_uint(s->evicted));
	show_set(o, "resident_max", show_uint(s->resident_max));
	show_set(o, "lines_read", show_uint(s->lines_read));
	show_set(o, "lines_written", show_uint(s->lines_written));
	show_set(o, "meta_bytes_read", show_uint(s->meta_read));
	show_set(o, "meta_bytes_written", show_uint(s->meta_written));
	show_set(o, "walks", show_uint(s->walks));
	for (i = 0; i < 5; i++) {
		json_array_append_new(d, show_uint(s->walk_depth[i]));
	}
	show_set(o, "walk_depth", d);
	show_set(o, "cache_hits", show_uint(s->cache_hits));
	show_set(o, "cache_misses", show_uint(s->cache_misses));
	show_set(o, "ewb", show_uint(s->ewb));
	show_set(o, "eldu", show_uint(s->eldu));
	show_set(o, "layout_tag", show_uint(s->tag_off));
	show_set(o, "layout_ver", show_uint(s->ver_off));
	show_set(o, "layout_l0", show_uint(s->l0_off));
	show_set(o, "layout_l1", show_uint(s->l1_off));
	show_set(o, "layout_l2", show_uint(s->l2_off));
	show_set(o, "layout_end", show_uint(s->end));
	for (i = 0; i < s->n; i++) {
		json_t *e = json_object();

		show_set(e, "id", show_uint(s->enclaves[i].id));
		show_set(e, "base", show_uint(s->enclaves[i].base));
		show_set(e, "pages", show_uint(s->enclaves[i].pages));
		show_set(e, "in_epc", show_uint(s->enclaves[i].in_epc));
		show_set(e, "evicted", show_uint(s->enclaves[i].evicted));
		show_set(e, "resident", show_uint(s->enclaves[i].resident));
		show_set(e, "pager",
		    json_string(
		        (s->enclaves[i].flags & RA_IPC_ELRANGE_UFFD) != 0
		            ? "userfaultfd"
		            : "sigsegv"));
		show_set(e, "heap_in_epc",
		    json_boolean(
		        (s->enclaves[i].flags & RA_IPC_ELRANGE_HEAP) != 0));
		show_set(e, "stack_in_epc",
		    json_boolean(
		        (s->enclaves[i].flags & RA_IPC_ELRANGE_STACK) != 0));
		show_set(e, "heap", show_uint(s->enclaves[i].heap));
		show_set(e, "heap_lin", show_uint(s->enclaves[i].heap_lin));
		show_set(e, "heap_pages", show_uint(s->enclaves[i].heap_pages));
		show_set(e, "stack", show_uint(s->enclaves[i].stack));
		show_set(e, "stack_lin", show_uint(s->enclaves[i].stack_lin));
		show_set(
		    e, "stack_pages", show_uint(s->enclaves[i].stack_pages));
		json_array_append_new(es, e);
	}
	show_set(o, "enclaves", es);
	return o;
}

static json_t *
pages_json(const struct ra_ipc_epc_page *p, size_t n)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; i < n; i++) {
		json_t *e = json_object();
		const char *kind = (p[i].flags & RA_IPC_EPC_VA) != 0 ? "va"
		    : (p[i].flags & RA_IPC_EPC_EVICTED) != 0         ? "evicted"
		    : (p[i].flags & RA_IPC_EPC_RESIDENT) != 0 ? "resident"
		                                              : "epc";

		show_set(e,
		    (p[i].flags & RA_IPC_EPC_EVICTED) != 0 ? "swap"
		                                           : "epc_page",
		    show_uint(p[i].index));
		show_set(e, "enclave", show_uint(p[i].enclave_id));
		show_set(e, "lin", show_uint(p[i].lin));
		show_set(e, "state", json_string(kind));
		json_array_append_new(a, e);
	}
	return a;
}

/* One enclave's line, and its heap's and stack's if in the ELRANGE. */
static void
enclave_text(const struct ra_ipc_mee_enclave *e)
{
	printf("enclave %llu base 0x%llx pages %u in_epc %u evicted %u "
	       "resident %u pager %s heap %s stack %s\n",
	    (unsigned long long)e->id, (unsigned long long)e->base, e->pages,
	    e->in_epc, e->evicted, e->resident,
	    (e->flags & RA_IPC_ELRANGE_UFFD) != 0 ? "userfaultfd" : "sigsegv",
	    (e->flags & RA_IPC_ELRANGE_HEAP) != 0 ? "epc" : "outside",
	    (e->flags & RA_IPC_ELRANGE_STACK) != 0 ? "epc" : "outside");
	if (e->heap_pages != 0) {
		printf("enclave %llu heap 0x%llx lin %u pages %u\n",
		    (unsigned long long)e->id, (unsigned long long)e->heap,
		    e->heap_lin, e->heap_pages);
	}
	if (e->stack_pages != 0) {
		printf("enclave %llu stack 0x%llx lin %u pages %u\n",
		    (unsigned long long)e->id, (unsigned long long)e->stack,
		    e->stack_lin, e->stack_pages);
	}
}

/* The text form: one "key value" per line, pages as a table. */
static void
stats_text(const struct ra_ipc_mee_stats *s, const struct ra_ipc_epc_page *p,
    size_t n, bool with_pages)
{
	uint32_t i;

	printf("mode %s\nlocked %s\n",
	    s->mode == RA_MEE_CLIENT ? "client" : "scalable",
	    (s->flags & RA_IPC_MEE_LOCKED) != 0 ? "yes" : "no");
	if ((s->flags & RA_IPC_MEE_LOCKED) != 0) {
		printf("fail %s at DRAM offset 0x%llx\n",
		    s->fail < 7 ? fail_names[s->fail] : "?",
		    (unsigned long long)s->fail_offset);
	}
	printf("epc_bytes %llu\nepc_pages %u\nva_pages %u\nused_pages %u\n"
	       "free_pages %u\nevicted_pages %u\nresident_max %u\n",
	    (unsigned long long)s->epc_len, s->pages, s->va_pages, s->used,
	    s->free, s->evicted, s->resident_max);
	printf("lines_read %llu\nlines_written %llu\nmeta_bytes_read %llu\n"
	       "meta_bytes_written %llu\nwalks %llu\nwalk_depth",
	    (unsigned long long)s->lines_read,
	    (unsigned long long)s->lines_written,
	    (unsigned long long)s->meta_read,
	    (unsigned long long)s->meta_written, (unsigned long long)s->walks);
	for (i = 0; i < 5; i++) {
		printf(" %llu", (unsigned long long)s->walk_depth[i]);
	}
	printf("\ncache_hits %llu\ncache_misses %llu\newb %llu\neldu %llu\n",
	    (unsigned long long)s->cache_hits,
	    (unsigned long long)s->cache_misses, (unsigned long long)s->ewb,
	    (unsigned long long)s->eldu);
	printf("layout tag 0x%llx ver 0x%llx l0 0x%llx l1 0x%llx l2 0x%llx "
	       "end 0x%llx\n",
	    (unsigned long long)s->tag_off, (unsigned long long)s->ver_off,
	    (unsigned long long)s->l0_off, (unsigned long long)s->l1_off,
	    (unsigned long long)s->l2_off, (unsigned long long)s->end);
	for (i = 0; i < s->n; i++) {
		enclave_text(&s->enclaves[i]);
	}
	for (size_t k = 0; with_pages && k < n; k++) {
		printf("page %s %u enclave %llu lin %u%s\n",
		    (p[k].flags & RA_IPC_EPC_EVICTED) != 0 ? "swap" : "epc",
		    p[k].index, (unsigned long long)p[k].enclave_id, p[k].lin,
		    (p[k].flags & RA_IPC_EPC_VA) != 0             ? " va"
		        : (p[k].flags & RA_IPC_EPC_RESIDENT) != 0 ? " resident"
		                                                  : "");
	}
}

int
cmd_platform_stats(int argc, char **argv)
{
	char path[4096];
	const char *sock = NULL;
	bool as_json = false, with_pages = false;
	struct ra_host *h = NULL;
	struct ra_ipc_mee_stats *s;
	struct ra_ipc_epc_page *p;
	size_t n = 0;
	json_t *o;
	enum ra_err e;
	int i;

	if (wants_help(argc, argv, stats_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else if (is_opt(argv[i], "--json")) {
			as_json = true;
		} else if (is_opt(argv[i], "--pages")) {
			with_pages = true;
		} else {
			(void)usage(stats_usage);
			return EXIT_USAGE;
		}
	}
	s = calloc(1, sizeof(*s));
	p = calloc(RA_IPC_EPC_PAGES_MAX, sizeof(*p));
	if (s == NULL || p == NULL) {
		err(EXIT_FAIL, "calloc");
	}
	sock = platform_socket(sock, path, sizeof(path));
	if ((e = ra_host_connect(&h, sock)) != RA_OK) {
		die_ra(e, "cannot reach the platform at %s", sock);
	}
	if ((e = ra_host_mee_stats(h, s)) != RA_OK ||
	    (with_pages &&
	        (e = ra_host_epc_pages(h, p, RA_IPC_EPC_PAGES_MAX, &n)) !=
	            RA_OK)) {
		die_ra(e, "platform at %s", sock);
	}
	ra_host_close(h);
	if (as_json) {
		o = stats_json(s);
		if (with_pages) {
			show_set(o, "pages", pages_json(p, n));
		}
		show_emit(o, true);
	} else {
		stats_text(s, p, n, with_pages);
	}
	free(s);
	free(p);
	return EXIT_OK;
}

int
cmd_platform_mee_flush(int argc, char **argv)
{
	char path[4096];
	const char *sock = NULL;
	struct ra_host *h = NULL;
	enum ra_err e;
	int i;

	if (wants_help(argc, argv, flush_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--socket") && i + 1 < argc) {
			sock = argv[++i];
		} else {
			(void)usage(flush_usage);
			return EXIT_USAGE;
		}
	}
	sock = platform_socket(sock, path, sizeof(path));
	if ((e = ra_host_connect(&h, sock)) != RA_OK) {
		die_ra(e, "cannot reach the platform at %s", sock);
	}
	if ((e = ra_host_mee_flush(h)) != RA_OK) {
		die_ra(e, "platform at %s", sock);
	}
	ra_host_close(h);
	return EXIT_OK;
}

/* --- dram-dump --------------------------------------------------------- */

struct area {
	char name[8];
	unsigned long long off, len;
};

/* DIR/dram.layout: "NAME OFFSET LENGTH" lines (and mode, end). */
static size_t
read_layout(const char *dir, struct area *a, size_t cap)
{
	char path[4096], line[128];
	FILE *f;
	size_t n = 0;

	snprintf(path, sizeof(path), "%s/dram.layout", dir);
	if ((f = fopen(path, "r")) == NULL) {
		err(EXIT_FAIL, "%s", path);
	}
	while (n < cap && fgets(line, sizeof(line), f) != NULL) {
		char *save = NULL, *name = strtok_r(line, " \n", &save);
		char *off = strtok_r(NULL, " \n", &save);
		char *len = strtok_r(NULL, " \n", &save);
		char *e1 = NULL, *e2 = NULL;

		if (name == NULL || off == NULL || len == NULL ||
		    strlen(name) >= sizeof(a[n].name)) {
			continue; /* "mode client", "end N" */
		}
		a[n].off = strtoull(off, &e1, 10);
		a[n].len = strtoull(len, &e2, 10);
		if (*e1 == '\0' && *e2 == '\0') {
			snprintf(a[n].name, sizeof(a[n].name), "%s", name);
			n++;
		}
	}
	fclose(f);
	if (n == 0) {
		errx(EXIT_FAIL, "%s: no layout", path);
	}
	return n;
}

static unsigned long long
number(const char *s)
{
	char *end;
	unsigned long long v = strtoull(s, &end, 0);

	if (end == s || *end != '\0') {
		errx(EXIT_USAGE, "not a number: %s", s);
	}
	return v;
}

static void
dump_area(int fd, const struct area *a, unsigned long long off,
    unsigned long long len)
{
	uint8_t line[64];
	unsigned long long at, end;

	if (off >= a->len) {
		return;
	}
	end = a->len - off < len ? a->len : off + len;
	printf("== %s at 0x%llx, 0x%llx bytes\n", a->name, a->off, a->len);
	for (at = off; at < end; at += sizeof(line)) {
		size_t want =
		    end - at < sizeof(line) ? (size_t)(end - at) : sizeof(line);

		if (pread(fd, line, want, (off_t)(a->off + at)) !=
		    (ssize_t)want) {
			err(EXIT_FAIL, "dram at 0x%llx", a->off + at);
		}
		printf("%012llx ", a->off + at);
		for (size_t k = 0; k < want; k++) {
			printf("%02x", line[k]);
		}
		printf("\n");
	}
}

int
cmd_platform_dram_dump(int argc, char **argv)
{
	const char *dir = ".", *want = "all";
	unsigned long long off = 0, len = 256;
	struct area a[8];
	char path[4096];
	size_t n, k;
	int i, fd;

	if (wants_help(argc, argv, dump_usage)) {
		return EXIT_OK;
	}
	for (i = 1; i < argc; i++) {
		if (is_opt(argv[i], "--state") && i + 1 < argc) {
			dir = argv[++i];
		} else if (is_opt(argv[i], "--area") && i + 1 < argc) {
			want = argv[++i];
		} else if (is_opt(argv[i], "--offset") && i + 1 < argc) {
			off = number(argv[++i]);
		} else if (is_opt(argv[i], "--length") && i + 1 < argc) {
			len = number(argv[++i]);
		} else {
			(void)usage(dump_usage);
			return EXIT_USAGE;
		}
	}
	n = read_layout(dir, a, 8);
	snprintf(path, sizeof(path), "%s/dram", dir);
	if ((fd = open(path, O_RDONLY)) == -1) {
		err(EXIT_FAIL, "%s", path);
	}
	for (k = 0, i = 0; k < n; k++) {
		if (a[k].len != 0 &&
		    (strcmp(want, "all") == 0 ||
		        strcmp(want, a[k].name) == 0)) {
			dump_area(fd, &a[k], off, len);
			i++;
		}
	}
	close(fd);
	if (i == 0) {
		errx(EXIT_USAGE, "no area %s in %s/dram.layout", want, dir);
	}
	return EXIT_OK;
}
