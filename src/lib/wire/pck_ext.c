/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "sgxra/dcap.h"

/*
 * The SGX extension of PCK certificates (OID 1.2.840.113741.1.13.1),
 * FORMATS.md §6.4; Intel QVL AttestationParsers X509/PckCertificate.cpp,
 * PlatformPckCertificate.cpp, Tcb.cpp, Configuration.cpp. A DER reader for
 * exactly these structures, on the cursor: strict (definite minimal
 * lengths, minimal INTEGERs, DER BOOLEANs), non-recursive (the nesting is
 * the format's: extension > entry > TCB or Configuration > entry).
 *
 *   SEQUENCE {
 *     SEQUENCE { OID .1  PPID,     OCTET STRING (16) }
 *     SEQUENCE { OID .2  TCB,      SEQUENCE { 18 x SEQUENCE {
 *                   OID .2.1 .. .2.16  INTEGER 0..255 (COMPnn_SVN),
 *                   OID .2.17          INTEGER 0..65535 (PCESVN),
 *                   OID .2.18          OCTET STRING (16) (CPUSVN) } } }
 *     SEQUENCE { OID .3  PCE-ID,   OCTET STRING (2) }
 *     SEQUENCE { OID .4  FMSPC,    OCTET STRING (6) }
 *     SEQUENCE { OID .5  SGX Type, ENUMERATED 0..2 }
 *     Platform CA only:
 *     SEQUENCE { OID .6  PlatformInstanceID, OCTET STRING (16) }
 *     SEQUENCE { OID .7  Configuration, SEQUENCE { SEQUENCE {
 *                   OID .7.1 dynamicPlatform | .7.2 cachedKeys |
 *                   .7.3 SMTEnabled, BOOLEAN } x 3 } }
 *   }
 */

enum der_tag {
	DER_BOOLEAN = 0x01,
	DER_INTEGER = 0x02,
	DER_OCTETS = 0x04,
	DER_OID = 0x06,
	DER_ENUMERATED = 0x0a,
	DER_SEQUENCE = 0x30,
};

/* 1.2.840.113741.1.13.1 in DER: 2a 86 48 86 f8 4d 01 0d 01. */
static const uint8_t sgx_oid[] = { 0x2a, 0x86, 0x48, 0x86, 0xf8, 0x4d, 0x01,
	0x0d, 0x01 };
#define SGX_OID_LEN sizeof(sgx_oid)

/* Top-level entries (.1 .. .7) as bits of a "seen" set. */
enum top_arc {
	ARC_PPID = 1,
	ARC_TCB = 2,
	ARC_PCE_ID = 3,
	ARC_FMSPC = 4,
	ARC_SGX_TYPE = 5,
	ARC_INSTANCE_ID = 6,
	ARC_CONFIGURATION = 7,
};

#define TCB_ENTRIES       18
#define CONFIG_ENTRIES    3
#define PROCESSOR_ENTRIES 5
#define PLATFORM_ENTRIES  7

static void
set_field(struct ra_pck_ext *e, const char *name)
{
	(void)snprintf(e->err_field, sizeof(e->err_field), "%s", name);
}

/* A definite length in its minimal form; at most 65535. */
static size_t
der_len(struct ra_cur *c)
{
	uint8_t b = ra_cur_u8(c);
	size_t n;

	if (b < 0x80) {
		return b;
	}
	if (b == 0x81) {
		n = ra_cur_u8(c);
		if (n < 0x80) {
			ra_cur_fail(c);
		}
		return n;
	}
	if (b == 0x82) {
		n = ra_cur_u16be(c);
		if (n < 0x100) {
			ra_cur_fail(c);
		}
		return n;
	}
	ra_cur_fail(c);
	return 0;
}

/* One TLV whose tag must be tag: a cursor over exactly its value. */
static struct ra_cur
der_tlv(struct ra_cur *c, uint8_t tag)
{
	uint8_t t = ra_cur_u8(c);
	size_t n = der_len(c);

	if (t != tag) {
		ra_cur_fail(c);
	}
	return ra_cur_sub(c, n);
}

/*
 * A non-negative INTEGER (or ENUMERATED) no larger than max, consumed
 * exactly: minimal encoding, at most three content bytes.
 */
static uint32_t
der_uint(struct ra_cur *c, uint8_t tag, uint32_t max)
{
	struct ra_cur v = der_tlv(c, tag);
	size_t n = ra_cur_left(&v), i;
	const uint8_t *p = ra_cur_take(&v, n);
	uint32_t x = 0;

	/* empty, too long, negative, or a leading zero not needed */
	if (p == NULL || n == 0 || n > 3 || (p[0] & 0x80) != 0 ||
	    (p[0] == 0 && n > 1 && (p[1] & 0x80) == 0)) {
		ra_cur_fail(c);
		return 0;
	}
	for (i = 0; i < n; i++) {
		x = x << 8 | p[i];
	}
	if (x > max) {
		ra_cur_fail(c);
		return 0;
	}
	return x;
}

/* An OCTET STRING of exactly n bytes into dst. */
static void
der_octets(struct ra_cur *c, void *dst, size_t n)
{
	struct ra_cur v = der_tlv(c, DER_OCTETS);

	ra_cur_copy(&v, dst, n);
	if (ra_cur_finish(&v) != RA_OK) {
		ra_cur_fail(c);
	}
}

static bool
der_bool(struct ra_cur *c)
{
	struct ra_cur v = der_tlv(c, DER_BOOLEAN);
	uint8_t b = ra_cur_u8(&v);

	if (ra_cur_finish(&v) != RA_OK || (b != 0x00 && b != 0xff)) {
		ra_cur_fail(c);
	}
	return b == 0xff;
}

/*
 * The OID of an entry: the SGX arc, then `depth` more arcs (each one
 * byte, 1..max). Returns the last arc, or 0 (RA_ERR_VERSION territory)
 * for an OID outside the table; a malformed OID fails the cursor.
 */
static unsigned int
entry_oid(struct ra_cur *c, const uint8_t *prefix, size_t prefix_len,
    unsigned int max)
{
	struct ra_cur o = der_tlv(c, DER_OID);
	size_t n = ra_cur_left(&o);
	const uint8_t *p = ra_cur_take(&o, n);
	unsigned int arc;

	if (p == NULL || n != prefix_len + 1 ||
	    !ra_ct_eq(p, prefix, prefix_len)) {
		return 0;
	}
	arc = p[prefix_len];
	return arc >= 1 && arc <= max ? arc : 0;
}

/* One entry of the TCB SEQUENCE. */
static enum ra_err
tcb_entry(struct ra_pck_ext *e, struct ra_cur *c, uint32_t *seen)
{
	uint8_t prefix[SGX_OID_LEN + 1];
	struct ra_cur ent = der_tlv(c, DER_SEQUENCE);
	unsigned int arc;
	char name[RA_ERR_FIELD_LEN];

	memcpy(prefix, sgx_oid, SGX_OID_LEN);
	prefix[SGX_OID_LEN] = ARC_TCB;
	arc = entry_oid(&ent, prefix, sizeof(prefix), TCB_ENTRIES);
	if (!ra_cur_ok(&ent)) {
		return RA_ERR_FORMAT;
	}
	if (arc == 0) {
		set_field(e, "TCB: unknown OID");
		return RA_ERR_VERSION;
	}
	if ((*seen & (1U << arc)) != 0) {
		set_field(e, "TCB: duplicate entry");
		return RA_ERR_FORMAT;
	}
	*seen |= 1U << arc;
	if (arc <= RA_TCB_COMP_COUNT) {
		(void)snprintf(name, sizeof(name), "TCB.COMP%02u_SVN", arc);
		set_field(e, name);
		e->comp_svn[arc - 1] =
		    (uint8_t)der_uint(&ent, DER_INTEGER, 255);
	} else if (arc == RA_TCB_COMP_COUNT + 1) {
		set_field(e, "TCB.PCESVN");
		e->pce_svn = (uint16_t)der_uint(&ent, DER_INTEGER, 0xffff);
	} else {
		set_field(e, "TCB.CPUSVN");
		der_octets(&ent, e->cpu_svn, sizeof(e->cpu_svn));
	}
	return ra_cur_finish(&ent);
}

static enum ra_err
parse_tcb(struct ra_pck_ext *e, struct ra_cur *c)
{
	struct ra_cur seq = der_tlv(c, DER_SEQUENCE);
	uint32_t seen = 0;
	size_t n = 0;
	enum ra_err err;

	set_field(e, "TCB");
	while (ra_cur_left(&seq) > 0 && ra_cur_ok(&seq)) {
		if (++n > TCB_ENTRIES) {
			set_field(e, "TCB: more than 18 entries");
			return RA_ERR_FORMAT;
		}
		if ((err = tcb_entry(e, &seq, &seen)) != RA_OK) {
			return err;
		}
	}
	if (ra_cur_finish(&seq) != RA_OK || n != TCB_ENTRIES) {
		set_field(e, "TCB: not 18 entries");
		return RA_ERR_FORMAT;
	}
	return RA_OK;
}

static enum ra_err
parse_config(struct ra_pck_ext *e, struct ra_cur *c)
{
	uint8_t prefix[SGX_OID_LEN + 1];
	struct ra_cur seq = der_tlv(c, DER_SEQUENCE), ent;
	uint32_t seen = 0;
	unsigned int arc;
	bool v;

	memcpy(prefix, sgx_oid, SGX_OID_LEN);
	prefix[SGX_OID_LEN] = ARC_CONFIGURATION;
	set_field(e, "Configuration");
	while (ra_cur_left(&seq) > 0 && ra_cur_ok(&seq)) {
		ent = der_tlv(&seq, DER_SEQUENCE);
		arc = entry_oid(&ent, prefix, sizeof(prefix), CONFIG_ENTRIES);
		if (ra_cur_ok(&ent) && arc == 0) {
			set_field(e, "Configuration: unknown OID");
			return RA_ERR_VERSION;
		}
		if ((seen & (1U << arc)) != 0) {
			return RA_ERR_FORMAT;
		}
		seen |= 1U << arc;
		v = der_bool(&ent);
		e->dynamic_platform = arc == 1 ? v : e->dynamic_platform;
		e->cached_keys = arc == 2 ? v : e->cached_keys;
		e->smt_enabled = arc == 3 ? v : e->smt_enabled;
		if (ra_cur_finish(&ent) != RA_OK) {
			return RA_ERR_FORMAT;
		}
	}
	/* QVL requires all three. */
	return ra_cur_finish(&seq) == RA_OK && seen == 0xe ? RA_OK
	                                                   : RA_ERR_FORMAT;
}

static const char *const arc_names[] = { "", "PPID", "TCB", "PCE-ID", "FMSPC",
	"SGX Type", "PlatformInstanceID", "Configuration" };

/* The value of top-level entry arc, from the entry's cursor. */
static enum ra_err
parse_value(struct ra_pck_ext *e, struct ra_cur *ent, unsigned int arc)
{
	set_field(e, arc_names[arc]);
	switch (arc) {
	case ARC_PPID:
		der_octets(ent, e->ppid, sizeof(e->ppid));
		return RA_OK;
	case ARC_TCB:
		return parse_tcb(e, ent);
	case ARC_PCE_ID:
		der_octets(ent, e->pce_id, sizeof(e->pce_id));
		return RA_OK;
	case ARC_FMSPC:
		der_octets(ent, e->fmspc, sizeof(e->fmspc));
		return RA_OK;
	case ARC_SGX_TYPE:
		e->sgx_type =
		    (enum ra_sgx_type)der_uint(ent, DER_ENUMERATED, 0xffff);
		return e->sgx_type <= RA_SGX_TYPE_SCALABLE_WITH_INTEGRITY
		    ? RA_OK
		    : RA_ERR_VERSION;
	case ARC_INSTANCE_ID:
		der_octets(ent, e->instance_id, sizeof(e->instance_id));
		return RA_OK;
	case ARC_CONFIGURATION:
		return parse_config(e, ent);
	default:
		set_field(e, "unknown OID");
		return RA_ERR_VERSION;
	}
}

/* One SEQUENCE { OID, value } of the extension. */
static enum ra_err
top_entry(struct ra_pck_ext *e, struct ra_cur *c, uint32_t *seen)
{
	struct ra_cur ent = der_tlv(c, DER_SEQUENCE);
	unsigned int arc =
	    entry_oid(&ent, sgx_oid, SGX_OID_LEN, ARC_CONFIGURATION);
	enum ra_err err;

	if (!ra_cur_ok(&ent)) {
		set_field(e, "entry");
		return RA_ERR_FORMAT;
	}
	if ((*seen & (1U << arc)) != 0) {
		set_field(e, arc == 0 ? "unknown OID" : arc_names[arc]);
		return arc == 0 ? RA_ERR_VERSION : RA_ERR_FORMAT;
	}
	*seen |= 1U << arc;
	if ((err = parse_value(e, &ent, arc)) != RA_OK) {
		return err;
	}
	return ra_cur_finish(&ent);
}

enum ra_err
ra_pck_ext_parse(struct ra_pck_ext *e, const uint8_t *der, size_t len)
{
	struct ra_cur c = ra_cur_init(der, len), seq;
	uint32_t seen = 0;
	size_t n = 0;
	enum ra_err err = RA_OK;

	if (e == NULL) {
		return RA_ERR_ARG;
	}
	memset(e, 0, sizeof(*e));
	seq = der_tlv(&c, DER_SEQUENCE);
	while (err == RA_OK && ra_cur_left(&seq) > 0 && ra_cur_ok(&seq)) {
		err = ++n > PLATFORM_ENTRIES ? RA_ERR_FORMAT
		                             : top_entry(e, &seq, &seen);
	}
	if (err != RA_OK) {
		return err;
	}
	if (ra_cur_finish(&seq) != RA_OK || ra_cur_finish(&c) != RA_OK) {
		set_field(e, "extension");
		return RA_ERR_FORMAT;
	}
	/* bits 1..5: a Processor CA certificate; 1..7: a Platform CA one */
	if (!((n == PROCESSOR_ENTRIES && seen == 0x3e) ||
	        (n == PLATFORM_ENTRIES && seen == 0xfe))) {
		set_field(e, "required entries");
		return RA_ERR_FORMAT;
	}
	e->is_platform = n == PLATFORM_ENTRIES;
	e->err_field[0] = '\0';
	return RA_OK;
}

/* ---- build ------------------------------------------------------------ */

/* Largest piece built here: the TCB SEQUENCE is about 330 bytes. */
#define PIECE_LEN 512

static void
put_tlv(struct ra_buf *b, uint8_t tag, const uint8_t *v, size_t n)
{
	ra_buf_u8(b, tag);
	if (n < 0x80) {
		ra_buf_u8(b, (uint8_t)n);
	} else if (n < 0x100) {
		ra_buf_u8(b, 0x81);
		ra_buf_u8(b, (uint8_t)n);
	} else {
		ra_buf_u8(b, 0x82);
		ra_buf_u16be(b, (uint16_t)n);
	}
	ra_buf_put(b, v, n);
}

/* A minimal non-negative INTEGER (or ENUMERATED). */
static void
put_uint(struct ra_buf *b, uint8_t tag, uint32_t x)
{
	uint8_t v[4];
	size_t n = 0;

	if (x >= 0x8000) {
		v[n++] = (uint8_t)(x >> 16);
	}
	if (x >= 0x80) {
		v[n++] = (uint8_t)(x >> 8);
	}
	v[n++] = (uint8_t)x;
	put_tlv(b, tag, v, n);
}

/* SEQUENCE { OID sgx_oid . arcs, value } with value already encoded. */
static void
put_entry(struct ra_buf *b, const uint8_t *arcs, size_t narcs,
    const uint8_t *value, size_t vlen)
{
	uint8_t tmp[PIECE_LEN + 32], oid[SGX_OID_LEN + 2];
	struct ra_buf e = ra_buf_init(tmp, sizeof(tmp));

	memcpy(oid, sgx_oid, SGX_OID_LEN);
	memcpy(oid + SGX_OID_LEN, arcs, narcs);
	put_tlv(&e, DER_OID, oid, SGX_OID_LEN + narcs);
	ra_buf_put(&e, value, vlen);
	if (ra_buf_finish(&e) != RA_OK) {
		b->overflow = true;
		return;
	}
	put_tlv(b, DER_SEQUENCE, tmp, e.len);
}

/* SEQUENCE { OID .arc, OCTET STRING p[0..n) }. */
static void
put_octets_entry(struct ra_buf *b, uint8_t arc, const uint8_t *p, size_t n)
{
	uint8_t tmp[64];
	struct ra_buf v = ra_buf_init(tmp, sizeof(tmp));

	put_tlv(&v, DER_OCTETS, p, n);
	put_entry(b, &arc, 1, tmp, v.len);
}

static void
put_tcb(struct ra_buf *b, const struct ra_pck_ext *e)
{
	uint8_t seq[PIECE_LEN], wrapped[PIECE_LEN + 4], val[32];
	uint8_t arcs[2] = { ARC_TCB, 0 };
	struct ra_buf s = ra_buf_init(seq, sizeof(seq));
	struct ra_buf w = ra_buf_init(wrapped, sizeof(wrapped)), v;
	unsigned int i;

	for (i = 1; i <= TCB_ENTRIES; i++) {
		v = ra_buf_init(val, sizeof(val));
		if (i <= RA_TCB_COMP_COUNT) {
			put_uint(&v, DER_INTEGER, e->comp_svn[i - 1]);
		} else if (i == RA_TCB_COMP_COUNT + 1) {
			put_uint(&v, DER_INTEGER, e->pce_svn);
		} else {
			put_tlv(&v, DER_OCTETS, e->cpu_svn, sizeof(e->cpu_svn));
		}
		arcs[1] = (uint8_t)i;
		put_entry(&s, arcs, 2, val, v.len);
	}
	if (ra_buf_finish(&s) != RA_OK) {
		b->overflow = true;
		return;
	}
	put_tlv(&w, DER_SEQUENCE, seq, s.len);
	put_entry(b, arcs, 1, wrapped, w.len);
}

static void
put_config(struct ra_buf *b, const struct ra_pck_ext *e)
{
	const bool flags[CONFIG_ENTRIES] = { e->dynamic_platform,
		e->cached_keys, e->smt_enabled };
	uint8_t seq[128], wrapped[136], val[3],
	    arcs[2] = { ARC_CONFIGURATION, 0 };
	struct ra_buf s = ra_buf_init(seq, sizeof(seq));
	struct ra_buf w = ra_buf_init(wrapped, sizeof(wrapped));
	unsigned int i;

	for (i = 0; i < CONFIG_ENTRIES; i++) {
		val[0] = DER_BOOLEAN;
		val[1] = 1;
		val[2] = flags[i] ? 0xff : 0x00;
		arcs[1] = (uint8_t)(i + 1);
		put_entry(&s, arcs, 2, val, sizeof(val));
	}
	if (ra_buf_finish(&s) != RA_OK) {
		b->overflow = true;
		return;
	}
	put_tlv(&w, DER_SEQUENCE, seq, s.len);
	put_entry(b, arcs, 1, wrapped, w.len);
}

enum ra_err
ra_pck_ext_build(struct ra_buf *b, const struct ra_pck_ext *e)
{
	uint8_t body[2 * PIECE_LEN], val[8], arc = ARC_SGX_TYPE;
	struct ra_buf s = ra_buf_init(body, sizeof(body));
	struct ra_buf v = ra_buf_init(val, sizeof(val));

	put_octets_entry(&s, ARC_PPID, e->ppid, sizeof(e->ppid));
	put_tcb(&s, e);
	put_octets_entry(&s, ARC_PCE_ID, e->pce_id, sizeof(e->pce_id));
	put_octets_entry(&s, ARC_FMSPC, e->fmspc, sizeof(e->fmspc));
	put_uint(&v, DER_ENUMERATED, (uint32_t)e->sgx_type);
	put_entry(&s, &arc, 1, val, v.len);
	if (e->is_platform) {
		put_octets_entry(&s, ARC_INSTANCE_ID, e->instance_id,
		    sizeof(e->instance_id));
		put_config(&s, e);
	}
	if (ra_buf_finish(&s) != RA_OK) {
		b->overflow = true;
		return ra_buf_finish(b);
	}
	put_tlv(b, DER_SEQUENCE, body, s.len);
	return ra_buf_finish(b);
}
