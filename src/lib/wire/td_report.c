/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "internal.h"
#include "sgxra/quote.h"

/*
 * TD report body (sgx_report2_body_t / sgx_report2_body_v1_5_t): 584 or
 * 648 bytes; DCAP sgx_quote_4.h and sgx_quote_5.h, FORMATS.md §6.2.
 * Integers are little-endian but every field is kept as bytes. Nothing is
 * reserved.
 *
 *   off size field              off size field
 *     0   16 TEE_TCB_SVN        232   48 MROWNER
 *    16   48 MRSEAM             280   48 MROWNERCONFIG
 *    64   48 MRSIGNERSEAM       328  192 RTMR0..3
 *   112    8 SEAMATTRIBUTES     520   64 REPORTDATA
 *   120    8 TDATTRIBUTES       --- 584: end of TD report 1.0 ---
 *   128    8 XFAM               584   16 TEE_TCB_SVN2 (1.5)
 *   136   48 MRTD               600   48 MRSERVICETD (1.5)
 *   184   48 MRCONFIGID         --- 648: end of TD report 1.5 ---
 */
enum ra_err
ra_td_report_parse(struct ra_td_report *td, struct ra_cur *c, bool is_v1_5)
{
	struct ra_cur s =
	    ra_cur_sub(c, is_v1_5 ? RA_TD_REPORT15_LEN : RA_TD_REPORT10_LEN);
	size_t i;

	td->is_v1_5 = is_v1_5;
	RA_CUR_COPY(&s, td->tee_tcb_svn);     /*   0 */
	RA_CUR_COPY(&s, td->mr_seam);         /*  16 */
	RA_CUR_COPY(&s, td->mr_signer_seam);  /*  64 */
	RA_CUR_COPY(&s, td->seam_attributes); /* 112 */
	RA_CUR_COPY(&s, td->td_attributes);   /* 120 */
	RA_CUR_COPY(&s, td->xfam);            /* 128 */
	RA_CUR_COPY(&s, td->mr_td);           /* 136 */
	RA_CUR_COPY(&s, td->mr_config_id);    /* 184 */
	RA_CUR_COPY(&s, td->mr_owner);        /* 232 */
	RA_CUR_COPY(&s, td->mr_owner_config); /* 280 */
	for (i = 0; i < RA_TD_RTMR_COUNT; i++) {
		RA_CUR_COPY(&s, td->rtmr[i]); /* 328 + 48 i */
	}
	RA_CUR_COPY(&s, td->report_data); /* 520 */
	if (is_v1_5) {
		RA_CUR_COPY(&s, td->tee_tcb_svn2);  /* 584 */
		RA_CUR_COPY(&s, td->mr_service_td); /* 600 */
	} else {
		memset(td->tee_tcb_svn2, 0, sizeof(td->tee_tcb_svn2));
		memset(td->mr_service_td, 0, sizeof(td->mr_service_td));
	}
	return ra_cur_finish(&s);
}

void
ra_td_report_build(struct ra_buf *b, const struct ra_td_report *td)
{
	size_t i;

	RA_BUF_PUT(b, td->tee_tcb_svn);
	RA_BUF_PUT(b, td->mr_seam);
	RA_BUF_PUT(b, td->mr_signer_seam);
	RA_BUF_PUT(b, td->seam_attributes);
	RA_BUF_PUT(b, td->td_attributes);
	RA_BUF_PUT(b, td->xfam);
	RA_BUF_PUT(b, td->mr_td);
	RA_BUF_PUT(b, td->mr_config_id);
	RA_BUF_PUT(b, td->mr_owner);
	RA_BUF_PUT(b, td->mr_owner_config);
	for (i = 0; i < RA_TD_RTMR_COUNT; i++) {
		RA_BUF_PUT(b, td->rtmr[i]);
	}
	RA_BUF_PUT(b, td->report_data);
	if (td->is_v1_5) {
		RA_BUF_PUT(b, td->tee_tcb_svn2);
		RA_BUF_PUT(b, td->mr_service_td);
	}
}
