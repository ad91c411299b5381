/* SPDX-License-Identifier: BSD-3-Clause */
/* Platform channel frames and payloads; layouts in sgxra/ipc.h. */
#include <string.h>

#include "internal.h"
#include "sgxra/ipc.h"

enum ra_err
ra_ipc_header_parse(
    struct ra_ipc_header *h, const uint8_t *buf, size_t len, size_t max)
{
	struct ra_cur c = ra_cur_init(buf, len);

	h->type = ra_cur_u32le(&c); /* 0 */
	h->len = ra_cur_u32le(&c);  /* 4 */
	if (max > RA_IPC_MAX_LEN || h->len > max) {
		return RA_ERR_FORMAT;
	}
	return ra_cur_finish(&c);
}

void
ra_ipc_header_build(struct ra_buf *b, uint32_t type, uint32_t len)
{
	ra_buf_u32le(b, type);
	ra_buf_u32le(b, len);
}

enum ra_err
ra_ipc_error_parse(struct ra_ipc_error *e, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint8_t n;
	size_t i;

	e->err = ra_cur_u32le(&c);       /* 0 */
	e->sgx_error = ra_cur_u32le(&c); /* 4 */
	n = ra_cur_u8(&c);               /* 8 */
	ra_cur_copy(&c, e->msg, n);      /* 9 */
	e->msg[ra_cur_ok(&c) ? n : 0] = '\0';
	/* The message is shown to people: printable ASCII only. */
	for (i = 0; i < n && ra_cur_ok(&c); i++) {
		if (e->msg[i] < 0x20 || e->msg[i] > 0x7e) {
			ra_cur_fail(&c);
		}
	}
	return ra_cur_finish(&c);
}

void
ra_ipc_error_build(struct ra_buf *b, const struct ra_ipc_error *e)
{
	size_t n = strnlen(e->msg, RA_IPC_MSG_MAX);

	ra_buf_u32le(b, e->err);
	ra_buf_u32le(b, e->sgx_error);
	ra_buf_u8(b, (uint8_t)n);
	ra_buf_put(b, e->msg, n);
}

enum ra_err
ra_ipc_loaded_parse(struct ra_ipc_loaded *l, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err;

	l->enclave_id = ra_cur_u64le(&c);              /*   0 */
	RA_CUR_COPY(&c, l->mr_enclave.b);              /*   8 */
	RA_CUR_COPY(&c, l->mr_signer.b);               /*  40 */
	err = ra_attributes_parse(&l->attributes, &c); /*  72 */
	l->misc_select = ra_cur_u32le(&c);             /*  88 */
	l->isv_prod_id = ra_cur_u16le(&c);             /*  92 */
	l->isv_svn = ra_cur_u16le(&c);                 /*  94 */
	l->size = ra_cur_u64le(&c);                    /*  96 */
	l->pid = ra_cur_u32le(&c);                     /* 104 */
	ra_cur_zero(&c, 44);                           /* 108 */
	return err != RA_OK ? err : ra_cur_finish(&c);
}

void
ra_ipc_loaded_build(struct ra_buf *b, const struct ra_ipc_loaded *l)
{
	ra_buf_u64le(b, l->enclave_id);
	RA_BUF_PUT(b, l->mr_enclave.b);
	RA_BUF_PUT(b, l->mr_signer.b);
	ra_attributes_build(b, &l->attributes);
	ra_buf_u32le(b, l->misc_select);
	ra_buf_u16le(b, l->isv_prod_id);
	ra_buf_u16le(b, l->isv_svn);
	ra_buf_u64le(b, l->size);
	ra_buf_u32le(b, l->pid);
	ra_buf_zero(b, 44);
}

enum ra_err
ra_ipc_platform_parse(struct ra_ipc_platform *p, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	RA_CUR_COPY(&c, p->cpu_svn);    /*  0 */
	p->enclaves = ra_cur_u32le(&c); /* 16 */
	p->flags = ra_cur_u32le(&c);    /* 20 */
	ra_cur_zero(&c, 40);            /* 24 */
	return ra_cur_finish(&c);
}

void
ra_ipc_platform_build(struct ra_buf *b, const struct ra_ipc_platform *p)
{
	RA_BUF_PUT(b, p->cpu_svn);
	ra_buf_u32le(b, p->enclaves);
	ra_buf_u32le(b, p->flags);
	ra_buf_zero(b, 40);
}

enum ra_err
ra_ipc_call_parse(struct ra_ipc_call *c, const uint8_t *buf, size_t len)
{
	struct ra_cur cur = ra_cur_init(buf, len);

	c->word = ra_cur_u32le(&cur); /* 0 */
	c->data = ra_cur_rest(&cur);  /* 4 */
	return ra_cur_finish(&cur);
}

void
ra_ipc_call_build(struct ra_buf *b, const struct ra_ipc_call *c)
{
	ra_buf_u32le(b, c->word);
	ra_buf_put(b, c->data.p, c->data.len);
}

enum ra_err
ra_ipc_qe_target_parse(
    struct ra_ipc_qe_target *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err;

	err = ra_targetinfo_parse(&q->ti, &c); /*   0 */
	q->gid = ra_cur_u32le(&c);             /* 512 */
	q->flags = ra_cur_u32le(&c);           /* 516 */
	return err != RA_OK ? err : ra_cur_finish(&c);
}

void
ra_ipc_qe_target_build(struct ra_buf *b, const struct ra_ipc_qe_target *q)
{
	ra_targetinfo_build(b, &q->ti);
	ra_buf_u32le(b, q->gid);
	ra_buf_u32le(b, q->flags);
}
