/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform's formats: IPC frames and payloads, the sgxra enclave
 * metadata block, and the measurement of a real enclave built by this
 * tree (the sealing example): signing and loading agree, every byte of a
 * loaded page matters, refusals for W+X and bad layouts.
 */
#include <stdio.h>
#include <string.h>

#include "sgxra/buf.h"
#include "sgxra/elf.h"
#include "sgxra/image.h"
#include "sgxra/ipc.h"
#include "sgxra/measure.h"
#include "sgxra/quote.h"
#include "test.h"

static enum ra_err
p_error(const uint8_t *b, size_t n)
{
	struct ra_ipc_error e;

	return ra_ipc_error_parse(&e, b, n);
}

static enum ra_err
p_loaded(const uint8_t *b, size_t n)
{
	struct ra_ipc_loaded l;

	return ra_ipc_loaded_parse(&l, b, n);
}

static enum ra_err
p_platform(const uint8_t *b, size_t n)
{
	struct ra_ipc_platform p;

	return ra_ipc_platform_parse(&p, b, n);
}

static void
ipc_round_trips(void **state)
{
	uint8_t buf[512];
	struct ra_buf b;
	struct ra_ipc_error e, e2;
	struct ra_ipc_loaded l, l2;
	struct ra_ipc_platform p, p2;
	struct ra_ipc_header h;

	(void)state;
	memset(&e, 0, sizeof(e));
	e.err = RA_ERR_POLICY;
	e.sgx_error = 64;
	strcpy(e.msg, "SGX_INVALID_ISVSVN");
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_error_build(&b, &e);
	assert_ra_ok(ra_buf_finish(&b));
	assert_ra_ok(ra_ipc_error_parse(&e2, buf, b.len));
	assert_int_equal(e2.err, e.err);
	assert_string_equal(e2.msg, e.msg);
	test_truncations(p_error, buf, b.len);
	buf[9] = 0x07; /* a control character in the message */
	assert_ra_err(ra_ipc_error_parse(&e2, buf, b.len), RA_ERR_FORMAT);

	memset(&l, 0x5a, sizeof(l));
	l.pid = 1234;
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_loaded_build(&b, &l);
	assert_int_equal(b.len, RA_IPC_LOADED_LEN);
	assert_ra_ok(ra_ipc_loaded_parse(&l2, buf, b.len));
	assert_memory_equal(&l2.mr_enclave, &l.mr_enclave, 32);
	assert_int_equal(l2.pid, 1234);
	test_truncations(p_loaded, buf, b.len);
	buf[120] = 1; /* reserved */
	assert_ra_err(ra_ipc_loaded_parse(&l2, buf, b.len), RA_ERR_FORMAT);

	memset(&p, 0, sizeof(p));
	p.enclaves = 3;
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_platform_build(&b, &p);
	assert_ra_ok(ra_ipc_platform_parse(&p2, buf, b.len));
	assert_int_equal(p2.enclaves, 3);
	test_truncations(p_platform, buf, b.len);

	/* headers: the announced length is checked against the cap */
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_header_build(&b, RA_IPC_LOAD, 100);
	assert_ra_ok(ra_ipc_header_parse(&h, buf, 8, 100));
	assert_ra_err(ra_ipc_header_parse(&h, buf, 8, 99), RA_ERR_FORMAT);
	assert_ra_err(ra_ipc_header_parse(&h, buf, 7, 100), RA_ERR_FORMAT);
	assert_ra_err(
	    ra_ipc_header_parse(&h, buf, 8, RA_IPC_MAX_LEN + 1), RA_ERR_FORMAT);
}

static enum ra_err
p_mee_stats(const uint8_t *b, size_t n)
{
	static struct ra_ipc_mee_stats s;

	return ra_ipc_mee_stats_parse(&s, b, n);
}

static enum ra_err
p_epc_pages(const uint8_t *b, size_t n)
{
	struct ra_ipc_epc_page p[4];
	size_t k;

	return ra_ipc_epc_pages_parse(p, 4, &k, b, n);
}

/*
 * MEE_STATS: round trip with two enclaves; every truncation and one
 * extra byte refused; every single bit flip either changes a field that
 * rebuilds to exactly the flipped bytes, or (the count) is refused.
 */
static void
ipc_mee_stats(void **state)
{
	static struct ra_ipc_mee_stats s, s2;
	uint8_t buf[RA_IPC_MEE_STATS_LEN + 2 * RA_IPC_MEE_ENCLAVE_LEN + 1];
	uint8_t out[sizeof(buf)];
	size_t len = sizeof(buf) - 1;
	struct ra_buf b;

	(void)state;
	memset(&s, 0, sizeof(s));
	s.mode = 1;
	s.flags = RA_IPC_MEE_LOCKED;
	s.epc_len = 8u << 20;
	s.pages = 2048;
	s.walk_depth[4] = 99;
	s.fail_offset = 0x1234;
	s.fail = 3;
	s.end = 0xa24800;
	s.n = 2;
	s.enclaves[1].id = 7;
	s.enclaves[1].base = 0x7f0000001000;
	s.enclaves[1].resident = 16;
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_mee_stats_build(&b, &s);
	assert_ra_ok(ra_buf_finish(&b));
	assert_int_equal(b.len, len);
	assert_ra_ok(ra_ipc_mee_stats_parse(&s2, buf, len));
	assert_int_equal(s2.n, 2);
	assert_int_equal(s2.enclaves[1].base, s.enclaves[1].base);
	assert_int_equal(s2.walk_depth[4], 99);
	assert_int_equal(s2.fail_offset, 0x1234);
	test_truncations(p_mee_stats, buf, len);
	assert_ra_err(ra_ipc_mee_stats_parse(&s2, buf, len + 1), RA_ERR_FORMAT);
	for (size_t bit = 0; bit < len * 8; bit++) {
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
		if (bit / 8 >= 164 && bit / 8 < 168) {
			assert_ra_err(ra_ipc_mee_stats_parse(&s2, buf, len),
			    RA_ERR_FORMAT);
		} else {
			assert_ra_ok(ra_ipc_mee_stats_parse(&s2, buf, len));
			b = ra_buf_init(out, sizeof(out));
			ra_ipc_mee_stats_build(&b, &s2);
			assert_int_equal(b.len, len);
			assert_memory_equal(out, buf, len);
		}
		buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
	}
	/* a count above the maximum, whatever follows */
	buf[164] = 0x01;
	buf[165] = 0x01;
	assert_ra_err(ra_ipc_mee_stats_parse(&s2, buf, len), RA_ERR_FORMAT);
}

/* EPC_PAGES: the same properties; reserved bytes and flags checked. */
static void
ipc_epc_pages(void **state)
{
	struct ra_ipc_epc_page p[3], q[3];
	uint8_t buf[8 + 3 * RA_IPC_EPC_PAGE_LEN], out[sizeof(buf)];
	struct ra_buf b;
	size_t n = 0;

	(void)state;
	memset(p, 0, sizeof(p));
	p[0] = (struct ra_ipc_epc_page){ 5, 17, 2, RA_IPC_EPC_RESIDENT };
	p[1] = (struct ra_ipc_epc_page){ 2047, 0, 0, RA_IPC_EPC_VA };
	p[2] = (struct ra_ipc_epc_page){ 3, 100, 2, RA_IPC_EPC_EVICTED };
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_epc_pages_build(&b, p, 3);
	assert_ra_ok(ra_buf_finish(&b));
	assert_ra_ok(ra_ipc_epc_pages_parse(q, 3, &n, buf, sizeof(buf)));
	assert_int_equal(n, 3);
	assert_int_equal(q[2].lin, 100);
	assert_int_equal(q[1].flags, RA_IPC_EPC_VA);
	assert_ra_err(
	    ra_ipc_epc_pages_parse(q, 2, &n, buf, sizeof(buf)), RA_ERR_SPACE);
	test_truncations(p_epc_pages, buf, sizeof(buf));
	for (size_t bit = 0; bit < sizeof(buf) * 8; bit++) {
		size_t at = bit / 8, in = (at - 8) % RA_IPC_EPC_PAGE_LEN;
		bool must_fail = at < 8 || in >= 20 ||
		    (in == 16 && (bit % 8) >= 3) || (in > 16 && in < 20);
		enum ra_err err;

		buf[at] ^= (uint8_t)(1u << (bit % 8));
		err = ra_ipc_epc_pages_parse(q, 3, &n, buf, sizeof(buf));
		if (must_fail) {
			assert_ra_err(err, RA_ERR_FORMAT);
		} else {
			assert_ra_ok(err);
			b = ra_buf_init(out, sizeof(out));
			ra_ipc_epc_pages_build(&b, q, n);
			assert_memory_equal(out, buf, sizeof(buf));
		}
		buf[at] ^= (uint8_t)(1u << (bit % 8));
	}
}

static enum ra_err
p_get_quote(const uint8_t *b, size_t n)
{
	struct ra_ipc_get_quote q;

	return ra_ipc_get_quote_parse(&q, b, n);
}

static enum ra_err
p_quote(const uint8_t *b, size_t n)
{
	struct ra_ipc_quote q;

	return ra_ipc_quote_parse(&q, b, n);
}

static enum ra_err
p_prov_id(const uint8_t *b, size_t n)
{
	struct ra_ipc_prov_id id;

	return ra_ipc_prov_id_parse(&id, b, n);
}

static enum ra_err
p_dcap_id(const uint8_t *b, size_t n)
{
	struct ra_ipc_dcap_id id;

	return ra_ipc_dcap_id_parse(&id, b, n);
}

static enum ra_err
p_get_quote_dcap(const uint8_t *b, size_t n)
{
	struct ra_ipc_get_quote_dcap q;

	return ra_ipc_get_quote_dcap_parse(&q, b, n);
}

static enum ra_err
p_prov_join(const uint8_t *b, size_t n)
{
	struct ra_ipc_prov_join j;

	return ra_ipc_prov_join_parse(&j, b, n);
}

static enum ra_err
p_prov_joined(const uint8_t *b, size_t n)
{
	struct ra_ipc_prov_joined j;

	return ra_ipc_prov_joined_parse(&j, b, n);
}

static enum ra_err
p_prov_finish(const uint8_t *b, size_t n)
{
	struct ra_ipc_prov_finish f;

	return ra_ipc_prov_finish_parse(&f, b, n);
}

/* Rebuild a parsed frame; the bytes must come back unchanged. */
typedef size_t (*rebuild_fn)(
    uint8_t *out, size_t cap, const uint8_t *b, size_t n);

static size_t
rb_get_quote(uint8_t *out, size_t cap, const uint8_t *b, size_t n)
{
	struct ra_ipc_get_quote q;
	struct ra_buf w = ra_buf_init(out, cap);

	assert_ra_ok(ra_ipc_get_quote_parse(&q, b, n));
	assert_ra_ok(ra_ipc_get_quote_build(&w, &q));
	return w.len;
}

static size_t
rb_quote(uint8_t *out, size_t cap, const uint8_t *b, size_t n)
{
	struct ra_ipc_quote q;
	struct ra_buf w = ra_buf_init(out, cap);

	assert_ra_ok(ra_ipc_quote_parse(&q, b, n));
	ra_ipc_quote_build(&w, &q);
	assert_ra_ok(ra_buf_finish(&w));
	return w.len;
}

static size_t
rb_prov_join(uint8_t *out, size_t cap, const uint8_t *b, size_t n)
{
	struct ra_ipc_prov_join j;
	struct ra_buf w = ra_buf_init(out, cap);

	assert_ra_ok(ra_ipc_prov_join_parse(&j, b, n));
	ra_ipc_prov_join_build(&w, &j);
	assert_ra_ok(ra_buf_finish(&w));
	return w.len;
}

/*
 * Flip every bit of buf[from..to) in turn: the frame still parses (these
 * are data bytes) and rebuilds to exactly the flipped bytes, so no bit
 * is dropped or normalised on the way through.
 */
static void
flips_kept(rebuild_fn rb, uint8_t *buf, size_t len, size_t from, size_t to)
{
	static uint8_t out[2048];
	size_t i;
	unsigned int bit;

	for (i = from; i < to; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (uint8_t)(1U << bit);
			assert_int_equal(rb(out, sizeof(out), buf, len), len);
			assert_memory_equal(out, buf, len);
			buf[i] ^= (uint8_t)(1U << bit);
		}
	}
}

static void
ipc_quote_frames(void **state)
{
	static uint8_t buf[RA_IPC_GET_QUOTE_MIN_LEN + RA_IPC_SIGRL_MAX + 1];
	uint8_t sigrl[80];
	struct ra_ipc_get_quote q, q2;
	struct ra_ipc_quote r, r2;
	struct ra_buf b;
	size_t len, i;
	unsigned int bit;

	(void)state;
	memset(&q, 0, sizeof(q));
	memset(&q.report, 0x33, sizeof(q.report));
	q.quote_type = RA_QUOTE_LINKABLE;
	memset(q.spid, 0x44, sizeof(q.spid));
	memset(q.nonce, 0x55, sizeof(q.nonce));
	memset(sigrl, 0x66, sizeof(sigrl));
	q.sigrl = (struct ra_bytes){ sigrl, sizeof(sigrl) };
	b = ra_buf_init(buf, sizeof(buf));
	assert_ra_ok(ra_ipc_get_quote_build(&b, &q));
	len = b.len;
	assert_int_equal(len, RA_IPC_GET_QUOTE_MIN_LEN + sizeof(sigrl));
	assert_ra_ok(ra_ipc_get_quote_parse(&q2, buf, len));
	assert_int_equal(q2.quote_type, RA_QUOTE_LINKABLE);
	assert_memory_equal(q2.spid, q.spid, sizeof(q.spid));
	assert_memory_equal(q2.nonce, q.nonce, sizeof(q.nonce));
	assert_int_equal(q2.sigrl.len, sizeof(sigrl));
	assert_ptr_equal(q2.sigrl.p, buf + RA_IPC_GET_QUOTE_MIN_LEN);
	test_truncations(p_get_quote, buf, len);
	test_length_field(p_get_quote, buf, len, RA_IPC_GET_QUOTE_MIN_LEN - 4);
	/* REPORT, SPID, nonce and SigRL bytes are carried bit for bit */
	flips_kept(rb_get_quote, buf, len, 0, RA_REPORT_LEN);
	flips_kept(rb_get_quote, buf, len, RA_REPORT_LEN + 2,
	    RA_IPC_GET_QUOTE_MIN_LEN - 4);
	flips_kept(rb_get_quote, buf, len, RA_IPC_GET_QUOTE_MIN_LEN, len);
	/* the quote type: only 0 and 1 exist */
	for (i = RA_REPORT_LEN; i < RA_REPORT_LEN + 2; i++) {
		for (bit = 0; bit < 8; bit++) {
			buf[i] ^= (uint8_t)(1U << bit);
			assert_ra_err(p_get_quote(buf, len),
			    i == RA_REPORT_LEN && bit == 0 ? RA_OK
			                                   : RA_ERR_VERSION);
			buf[i] ^= (uint8_t)(1U << bit);
		}
	}
	/* no SigRL at all, and the largest one */
	q.sigrl = (struct ra_bytes){ NULL, 0 };
	b = ra_buf_init(buf, sizeof(buf));
	assert_ra_ok(ra_ipc_get_quote_build(&b, &q));
	assert_ra_ok(ra_ipc_get_quote_parse(&q2, buf, b.len));
	assert_int_equal(q2.sigrl.len, 0);
	test_truncations(p_get_quote, buf, b.len);
	q.sigrl = (struct ra_bytes){ buf + 4096, RA_IPC_SIGRL_MAX };
	b = ra_buf_init(buf, 4096);
	assert_ra_err(ra_ipc_get_quote_build(&b, &q), RA_ERR_SPACE);
	memset(buf, 0, sizeof(buf));
	b = ra_buf_init(buf, RA_IPC_GET_QUOTE_MIN_LEN);
	q.sigrl = (struct ra_bytes){ NULL, 0 };
	assert_ra_ok(ra_ipc_get_quote_build(&b, &q));
	buf[RA_IPC_GET_QUOTE_MIN_LEN - 4] = 0x00; /* 512 KiB: allowed */
	buf[RA_IPC_GET_QUOTE_MIN_LEN - 3] = 0x00;
	buf[RA_IPC_GET_QUOTE_MIN_LEN - 2] = 0x08;
	assert_ra_ok(
	    p_get_quote(buf, RA_IPC_GET_QUOTE_MIN_LEN + RA_IPC_SIGRL_MAX));
	buf[RA_IPC_GET_QUOTE_MIN_LEN - 4] = 0x01; /* one byte more: refused */
	assert_ra_err(p_get_quote(buf, sizeof(buf)), RA_ERR_FORMAT);
	q.sigrl = (struct ra_bytes){ buf, RA_IPC_SIGRL_MAX + 1 };
	b = ra_buf_init(buf, sizeof(buf));
	assert_ra_err(ra_ipc_get_quote_build(&b, &q), RA_ERR_ARG);

	/* the reply: QE REPORT, u32 length, the quote (never empty) */
	memset(&r, 0, sizeof(r));
	memset(&r.qe_report, 0x77, sizeof(r.qe_report));
	r.quote = (struct ra_bytes){ sigrl, 50 };
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_quote_build(&b, &r);
	assert_ra_ok(ra_buf_finish(&b));
	len = b.len;
	assert_int_equal(len, RA_IPC_QUOTE_MIN_LEN + 50);
	assert_ra_ok(ra_ipc_quote_parse(&r2, buf, len));
	assert_int_equal(r2.quote.len, 50);
	test_truncations(p_quote, buf, len);
	test_length_field(p_quote, buf, len, RA_REPORT_LEN);
	flips_kept(rb_quote, buf, len, 0, RA_REPORT_LEN);
	flips_kept(rb_quote, buf, len, RA_IPC_QUOTE_MIN_LEN, len);
	assert_ra_err(p_quote(buf, RA_IPC_QUOTE_MIN_LEN), RA_ERR_FORMAT);
}

static void
ipc_prov_frames(void **state)
{
	uint8_t buf[1024];
	struct ra_ipc_prov_id id, id2;
	struct ra_ipc_prov_join j, j2;
	struct ra_ipc_prov_joined jd, jd2;
	struct ra_ipc_prov_finish f, f2;
	struct ra_buf b;

	(void)state;
	memset(&id, 0x11, sizeof(id));
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_prov_id_build(&b, &id);
	assert_int_equal(b.len, RA_IPC_PROV_ID_LEN);
	assert_ra_ok(ra_ipc_prov_id_parse(&id2, buf, b.len));
	assert_memory_equal(&id2, &id, sizeof(id));
	test_truncations(p_prov_id, buf, b.len);

	memset(&j, 0x22, sizeof(j));
	j.gid = 0x00000c0d;
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_prov_join_build(&b, &j);
	assert_int_equal(b.len, RA_IPC_PROV_JOIN_LEN);
	assert_ra_ok(ra_ipc_prov_join_parse(&j2, buf, b.len));
	assert_int_equal(j2.gid, 0x00000c0d);
	assert_int_equal(buf[0], 0x0d); /* little-endian */
	assert_memory_equal(j2.group_pub, j.group_pub, sizeof(j.group_pub));
	assert_memory_equal(j2.sigrl_key, j.sigrl_key, sizeof(j.sigrl_key));
	test_truncations(p_prov_join, buf, b.len);
	flips_kept(rb_prov_join, buf, b.len, 0, b.len);

	memset(&jd, 0x33, sizeof(jd));
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_prov_joined_build(&b, &jd);
	assert_int_equal(b.len, RA_IPC_PROV_JOINED_LEN);
	assert_ra_ok(ra_ipc_prov_joined_parse(&jd2, buf, b.len));
	assert_memory_equal(&jd2, &jd, sizeof(jd));
	test_truncations(p_prov_joined, buf, b.len);

	memset(&f, 0x44, sizeof(f));
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_prov_finish_build(&b, &f);
	assert_int_equal(b.len, RA_IPC_CREDENTIAL_LEN);
	assert_ra_ok(ra_ipc_prov_finish_parse(&f2, buf, b.len));
	assert_memory_equal(&f2, &f, sizeof(f));
	test_truncations(p_prov_finish, buf, b.len);
}

static void
ipc_dcap_frames(void **state)
{
	uint8_t buf[1024];
	struct ra_ipc_dcap_id id, id2;
	struct ra_ipc_get_quote_dcap q, q2;
	struct ra_buf b;

	(void)state;
	memset(&id, 0x5c, sizeof(id));
	id.pce_svn = 0x0b0a;
	id.pce_id = 0;
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_dcap_id_build(&b, &id);
	assert_int_equal(b.len, RA_IPC_DCAP_ID_LEN);
	assert_int_equal(buf[272], 0x0a); /* PCESVN little-endian */
	assert_int_equal(buf[273], 0x0b);
	assert_ra_ok(ra_ipc_dcap_id_parse(&id2, buf, b.len));
	assert_memory_equal(id2.enc_ppid, id.enc_ppid, sizeof(id.enc_ppid));
	assert_memory_equal(id2.cpu_svn, id.cpu_svn, sizeof(id.cpu_svn));
	assert_int_equal(id2.pce_svn, 0x0b0a);
	assert_int_equal(id2.pce_id, 0);
	test_truncations(p_dcap_id, buf, b.len);
	assert_ra_err(p_dcap_id(buf, b.len + 1), RA_ERR_FORMAT);

	memset(&q, 0, sizeof(q));
	memset(q.report.body.mr_enclave.b, 0xee, 32);
	memset(q.nonce, 0x6e, sizeof(q.nonce));
	b = ra_buf_init(buf, sizeof(buf));
	ra_ipc_get_quote_dcap_build(&b, &q);
	assert_int_equal(b.len, RA_IPC_GET_QUOTE_DCAP_LEN);
	assert_ra_ok(ra_ipc_get_quote_dcap_parse(&q2, buf, b.len));
	assert_memory_equal(q2.nonce, q.nonce, sizeof(q.nonce));
	assert_memory_equal(
	    q2.report.body.mr_enclave.b, q.report.body.mr_enclave.b, 32);
	test_truncations(p_get_quote_dcap, buf, b.len);
	assert_ra_err(p_get_quote_dcap(buf, b.len + 1), RA_ERR_FORMAT);
}

/* The example enclave, as built and signed by make. */
static uint8_t *
load_example(const char *name, size_t *len)
{
	char rel[256];
	const char *build = getenv("SGXRA_BUILD");

	snprintf(rel, sizeof(rel), "%s/examples/seal/%s",
	    build != NULL ? build : "build/release", name);
	return test_load(rel, len);
}

static enum ra_err
p_image(const uint8_t *b, size_t n)
{
	struct ra_image img;

	return ra_image_parse(&img, b, n);
}

static void
image_measure(void **state)
{
	size_t len, elen;
	uint8_t *file = load_example("enclave.signed.so", &len);
	uint8_t *elf = load_example("enclave.so", &elen);
	struct ra_image img;
	struct ra_image_layout l;
	struct ra_hash256 mr, mr2;
	uint8_t meta[RA_IMAGE_META_LEN];
	struct ra_buf b = ra_buf_init(meta, sizeof(meta));

	(void)state;
	assert_ra_ok(ra_image_parse(&img, file, len));
	/* the signed file is the unsigned ELF plus the block */
	assert_int_equal(img.elf.len, elen);
	assert_memory_equal(img.elf.p, elf, elen);
	l = img.layout;
	assert_ra_ok(ra_image_measure(&mr, &l, img.elf.p, img.elf.len));
	test_assert_bytes(
	    mr.b, img.sigstruct.enclave_hash.b, 32, "MRENCLAVE = ENCLAVEHASH");
	/* the block re-encodes byte for byte */
	ra_image_meta_build(&b, &img);
	assert_ra_ok(ra_buf_finish(&b));
	test_assert_bytes(
	    meta, file + len - sizeof(meta), sizeof(meta), "metadata block");
	/* an unsigned ELF has no block */
	assert_ra_err(ra_image_parse(&img, elf, elen), RA_ERR_FORMAT);
	/* every layout value shapes the measurement */
	l = img.layout;
	l.heap_size += RA_PAGE_LEN;
	assert_ra_ok(ra_image_measure(&mr2, &l, elf, elen));
	assert_memory_not_equal(mr.b, mr2.b, 32);
	l = img.layout;
	l.tcs_count++;
	l.enclave_size = 0;
	assert_ra_ok(ra_image_measure(&mr2, &l, elf, elen));
	assert_memory_not_equal(mr.b, mr2.b, 32);
	/* a bad layout */
	l = img.layout;
	l.stack_size = 100;
	assert_ra_err(ra_image_measure(&mr2, &l, elf, elen), RA_ERR_FORMAT);
	l = img.layout;
	l.enclave_size =
	    (uint64_t)RA_PAGE_LEN * 4; /* too small for the image */
	assert_ra_err(ra_image_measure(&mr2, &l, elf, elen), RA_ERR_FORMAT);
	free(file);
	free(elf);
}

/* Flip bytes of each PT_LOAD segment: MRENCLAVE changes every time. */
static void
image_every_segment_measured(void **state)
{
	size_t len, i;
	uint8_t *file = load_example("enclave.signed.so", &len);
	struct ra_image img;
	struct ra_elf elf;
	struct ra_elf_phdr ph;
	struct ra_image_layout l;
	struct ra_hash256 mr;
	uint8_t *copy;

	(void)state;
	assert_ra_ok(ra_image_parse(&img, file, len));
	copy = malloc(img.elf.len);
	assert_non_null(copy);
	assert_ra_ok(ra_elf_parse(&elf, img.elf.p, img.elf.len));
	for (i = 0; i < elf.phnum; i++) {
		uint64_t off, step;

		assert_ra_ok(ra_elf_phdr(&elf, &ph, i));
		if (ph.type != RA_ELF_PT_LOAD || ph.filesz == 0) {
			continue;
		}
		step = ph.filesz / 7 + 1;
		for (off = 0; off < ph.filesz; off += step) {
			memcpy(copy, img.elf.p, img.elf.len);
			copy[ph.offset + off] ^= 0x01;
			l = img.layout;
			/* refused (ELF headers) or measured differently */
			if (ra_image_measure(&mr, &l, copy, img.elf.len) ==
			    RA_OK) {
				assert_memory_not_equal(
				    mr.b, img.sigstruct.enclave_hash.b, 32);
			}
		}
	}
	/* a writable and executable segment is refused */
	for (i = 0; i < elf.phnum; i++) {
		assert_ra_ok(ra_elf_phdr(&elf, &ph, i));
		if (ph.type == RA_ELF_PT_LOAD &&
		    (ph.flags & RA_ELF_PF_W) != 0) {
			break;
		}
	}
	assert_true(i < elf.phnum);
	memcpy(copy, img.elf.p, img.elf.len);
	/* p_flags of program header i: e_phoff + i * 56 + 4 */
	{
		uint64_t phoff = 0;

		memcpy(&phoff, copy + 32, 8);
		copy[phoff + i * 56 + 4] |= RA_ELF_PF_X;
	}
	l = img.layout;
	assert_ra_err(
	    ra_image_measure(&mr, &l, copy, img.elf.len), RA_ERR_POLICY);
	free(copy);
	free(file);
}

static void
image_truncations(void **state)
{
	size_t len;
	uint8_t *file = load_example("enclave.signed.so", &len);
	const uint8_t *meta = file + len - RA_IMAGE_META_LEN;
	uint8_t *c = malloc(len);
	size_t n;

	(void)state;
	/* every truncation of the file cuts into the block */
	for (n = len - RA_IMAGE_META_LEN; n < len; n += 37) {
		assert_ra_err(p_image(file, n), RA_ERR_FORMAT);
	}
	assert_ra_err(p_image(file, RA_IMAGE_META_LEN - 1), RA_ERR_FORMAT);
	/* reserved bytes, version, image length */
	memcpy(c, file, len);
	c[len - RA_IMAGE_META_LEN + 60] = 1;
	assert_ra_err(p_image(c, len), RA_ERR_FORMAT);
	memcpy(c, file, len);
	c[len - RA_IMAGE_META_LEN + 8] = 2;
	assert_ra_err(p_image(c, len), RA_ERR_VERSION);
	memcpy(c, file, len);
	c[len - RA_IMAGE_META_LEN + 48] ^= 1;
	assert_ra_err(p_image(c, len), RA_ERR_FORMAT);
	(void)meta;
	free(c);
	free(file);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(ipc_round_trips),
	cmocka_unit_test(ipc_mee_stats),
	cmocka_unit_test(ipc_epc_pages),
	cmocka_unit_test(ipc_quote_frames),
	cmocka_unit_test(ipc_prov_frames),
	cmocka_unit_test(ipc_dcap_frames),
	cmocka_unit_test(image_measure),
	cmocka_unit_test(image_every_segment_measured),
	cmocka_unit_test(image_truncations),
};

TEST_MAIN(tests)
