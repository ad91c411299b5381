/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_EPID_KEYS_H
#define RA_EPID_KEYS_H

/*
 * Helpers shared by the EPID formats and algorithms: group ids on the
 * wire, decoding serialized elements into the math types, and the fixed
 * parameters that every EPID hash starts with.
 */
#include "epid/fp.h"
#include "epid/g1.h"
#include "epid/g2.h"
#include "sgxra/cursor.h"
#include "sgxra/epid.h"

/* p, g1 and g2 of FORMATS.md §7.1, serialized as the hashes take them. */
extern const uint8_t ra_epid_p_bytes[RA_EPID_FP_LEN];
extern const uint8_t ra_epid_g1_bytes[RA_EPID_G1_LEN];
extern const uint8_t ra_epid_g2_bytes[RA_EPID_G2_LEN];

/* Read or write a group id of the given width. */
void ra_epid_gid_read(
    struct ra_epid_gid *gid, struct ra_cur *c, enum ra_epid_gid_width width);
void ra_epid_gid_write(struct ra_buf *b, const struct ra_epid_gid *gid);

/* True iff width is one of the two widths. */
bool ra_epid_gid_width_ok(enum ra_epid_gid_width width);

/*
 * Read a serialized element and check it: the cursor fails (so the parse
 * ends in RA_ERR_FORMAT) on truncation, and *bad is set if the element is
 * not valid (so the parse ends in RA_ERR_KEY).
 */
void ra_epid_g1_read(struct ra_epid_g1 *e, struct ra_cur *c, bool *bad);
void ra_epid_g2_read(struct ra_epid_g2 *e, struct ra_cur *c, bool *bad);
void ra_epid_fp_read(struct ra_epid_fp *e, struct ra_cur *c, bool *bad);

/* Decoders for checked elements (false if the element is invalid). */
bool ra_epid_g1_decode(struct ra_g1 *r, const struct ra_epid_g1 *e);
bool ra_epid_g2_decode(struct ra_g2 *r, const struct ra_epid_g2 *e);
bool ra_epid_fp_decode(struct ra_fp *r, const struct ra_epid_fp *e);
void ra_epid_g1_encode(struct ra_epid_g1 *e, const struct ra_g1 *a);
void ra_epid_fp_encode(struct ra_epid_fp *e, const struct ra_fp *a);

/* The end of every parse: format errors first, then invalid elements. */
enum ra_err ra_epid_parse_end(const struct ra_cur *c, bool bad);

#endif
