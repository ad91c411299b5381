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

enum ra_err
ra_ipc_get_quote_parse(
    struct ra_ipc_get_quote *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t n;
	enum ra_err err;

	err = ra_report_parse(&q->report, &c); /*   0 */
	q->quote_type = ra_cur_u16le(&c);      /* 432 */
	RA_CUR_COPY(&c, q->spid);              /* 434 */
	RA_CUR_COPY(&c, q->nonce);             /* 450 */
	n = ra_cur_u32le(&c);                  /* 466 */
	if (n > RA_IPC_SIGRL_MAX) {
		ra_cur_fail(&c);
	}
	q->sigrl = ra_cur_bytes(&c, ra_cur_ok(&c) ? n : 0); /* 470 */
	if (err != RA_OK || (err = ra_cur_finish(&c)) != RA_OK) {
		return err;
	}
	/* enum ra_quote_sign_type: 0 unlinkable, 1 linkable */
	return q->quote_type > 1 ? RA_ERR_VERSION : RA_OK;
}

enum ra_err
ra_ipc_get_quote_build(struct ra_buf *b, const struct ra_ipc_get_quote *q)
{
	if (q->sigrl.len > RA_IPC_SIGRL_MAX ||
	    (q->sigrl.p == NULL && q->sigrl.len != 0)) {
		return RA_ERR_ARG;
	}
	ra_report_build(b, &q->report);
	ra_buf_u16le(b, q->quote_type);
	RA_BUF_PUT(b, q->spid);
	RA_BUF_PUT(b, q->nonce);
	ra_buf_u32le(b, (uint32_t)q->sigrl.len);
	ra_buf_put(b, q->sigrl.p, q->sigrl.len);
	return ra_buf_finish(b);
}

enum ra_err
ra_ipc_quote_parse(struct ra_ipc_quote *r, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t n;
	enum ra_err err;

	err = ra_report_parse(&r->qe_report, &c); /*   0 */
	n = ra_cur_u32le(&c);                     /* 432 */
	if (n == 0) {
		ra_cur_fail(&c);
	}
	r->quote = ra_cur_bytes(&c, ra_cur_ok(&c) ? n : 0); /* 436 */
	return err != RA_OK ? err : ra_cur_finish(&c);
}

void
ra_ipc_quote_build(struct ra_buf *b, const struct ra_ipc_quote *r)
{
	ra_report_build(b, &r->qe_report);
	ra_buf_u32le(b, (uint32_t)r->quote.len);
	ra_buf_put(b, r->quote.p, r->quote.len);
}

enum ra_err
ra_ipc_prov_id_parse(struct ra_ipc_prov_id *id, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	RA_CUR_COPY(&c, id->ppid);       /*  0 */
	RA_CUR_COPY(&c, id->auth_key.b); /* 16 */
	return ra_cur_finish(&c);
}

void
ra_ipc_prov_id_build(struct ra_buf *b, const struct ra_ipc_prov_id *id)
{
	RA_BUF_PUT(b, id->ppid);
	RA_BUF_PUT(b, id->auth_key.b);
}

enum ra_err
ra_ipc_prov_join_parse(
    struct ra_ipc_prov_join *j, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	j->gid = ra_cur_u32le(&c);     /*   0 */
	RA_CUR_COPY(&c, j->nonce);     /*   4 */
	RA_CUR_COPY(&c, j->group_pub); /*  36 */
	RA_CUR_COPY(&c, j->quote_key); /* 296 */
	RA_CUR_COPY(&c, j->sigrl_key); /* 552 */
	return ra_cur_finish(&c);
}

void
ra_ipc_prov_join_build(struct ra_buf *b, const struct ra_ipc_prov_join *j)
{
	ra_buf_u32le(b, j->gid);
	RA_BUF_PUT(b, j->nonce);
	RA_BUF_PUT(b, j->group_pub);
	RA_BUF_PUT(b, j->quote_key);
	RA_BUF_PUT(b, j->sigrl_key);
}

enum ra_err
ra_ipc_prov_joined_parse(
    struct ra_ipc_prov_joined *j, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	RA_CUR_COPY(&c, j->join_request); /*   0 */
	RA_CUR_COPY(&c, j->mac.b);        /* 128 */
	return ra_cur_finish(&c);
}

void
ra_ipc_prov_joined_build(struct ra_buf *b, const struct ra_ipc_prov_joined *j)
{
	RA_BUF_PUT(b, j->join_request);
	RA_BUF_PUT(b, j->mac.b);
}

enum ra_err
ra_ipc_prov_finish_parse(
    struct ra_ipc_prov_finish *f, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	RA_CUR_COPY(&c, f->credential); /* 0: gid || A || x */
	return ra_cur_finish(&c);
}

void
ra_ipc_prov_finish_build(struct ra_buf *b, const struct ra_ipc_prov_finish *f)
{
	RA_BUF_PUT(b, f->credential);
}

enum ra_err
ra_ipc_dcap_id_parse(struct ra_ipc_dcap_id *id, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);

	RA_CUR_COPY(&c, id->enc_ppid);  /*   0 */
	RA_CUR_COPY(&c, id->cpu_svn);   /* 256 */
	id->pce_svn = ra_cur_u16le(&c); /* 272 */
	id->pce_id = ra_cur_u16le(&c);  /* 274 */
	return ra_cur_finish(&c);
}

void
ra_ipc_dcap_id_build(struct ra_buf *b, const struct ra_ipc_dcap_id *id)
{
	RA_BUF_PUT(b, id->enc_ppid);
	RA_BUF_PUT(b, id->cpu_svn);
	ra_buf_u16le(b, id->pce_svn);
	ra_buf_u16le(b, id->pce_id);
}

enum ra_err
ra_ipc_get_quote_dcap_parse(
    struct ra_ipc_get_quote_dcap *q, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	enum ra_err err;

	err = ra_report_parse(&q->report, &c); /*   0 */
	RA_CUR_COPY(&c, q->nonce);             /* 432 */
	return err != RA_OK ? err : ra_cur_finish(&c);
}

void
ra_ipc_get_quote_dcap_build(
    struct ra_buf *b, const struct ra_ipc_get_quote_dcap *q)
{
	ra_report_build(b, &q->report);
	RA_BUF_PUT(b, q->nonce);
}

enum ra_err
ra_ipc_mee_stats_parse(
    struct ra_ipc_mee_stats *s, const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	size_t i;

	memset(s, 0, sizeof(*s));
	s->mode = ra_cur_u32le(&c);          /*   0 */
	s->flags = ra_cur_u32le(&c);         /*   4 */
	s->epc_len = ra_cur_u64le(&c);       /*   8 */
	s->pages = ra_cur_u32le(&c);         /*  16 */
	s->va_pages = ra_cur_u32le(&c);      /*  20 */
	s->used = ra_cur_u32le(&c);          /*  24 */
	s->free = ra_cur_u32le(&c);          /*  28 */
	s->evicted = ra_cur_u32le(&c);       /*  32 */
	s->resident_max = ra_cur_u32le(&c);  /*  36 */
	s->lines_read = ra_cur_u64le(&c);    /*  40 */
	s->lines_written = ra_cur_u64le(&c); /*  48 */
	s->meta_read = ra_cur_u64le(&c);     /*  56 */
	s->meta_written = ra_cur_u64le(&c);  /*  64 */
	s->walks = ra_cur_u64le(&c);         /*  72 */
	for (i = 0; i < 5; i++) {
		s->walk_depth[i] = ra_cur_u64le(&c); /* 80 + 8i */
	}
	s->cache_hits = ra_cur_u64le(&c);   /* 120 */
	s->cache_misses = ra_cur_u64le(&c); /* 128 */
	s->ewb = ra_cur_u64le(&c);          /* 136 */
	s->eldu = ra_cur_u64le(&c);         /* 144 */
	s->fail_offset = ra_cur_u64le(&c);  /* 152 */
	s->fail = ra_cur_u32le(&c);         /* 160 */
	s->n = ra_cur_u32le(&c);            /* 164 */
	s->tag_off = ra_cur_u64le(&c);      /* 168 */
	s->ver_off = ra_cur_u64le(&c);      /* 176 */
	s->l0_off = ra_cur_u64le(&c);       /* 184 */
	s->l1_off = ra_cur_u64le(&c);       /* 192 */
	s->l2_off = ra_cur_u64le(&c);       /* 200 */
	s->end = ra_cur_u64le(&c);          /* 208 */
	if (s->n > RA_IPC_MEE_ENCLAVES_MAX) {
		return RA_ERR_FORMAT;
	}
	for (i = 0; i < s->n && ra_cur_ok(&c); i++) {
		struct ra_ipc_mee_enclave *e = &s->enclaves[i];

		e->id = ra_cur_u64le(&c);          /*  0 */
		e->base = ra_cur_u64le(&c);        /*  8 */
		e->pages = ra_cur_u32le(&c);       /* 16 */
		e->in_epc = ra_cur_u32le(&c);      /* 20 */
		e->evicted = ra_cur_u32le(&c);     /* 24 */
		e->resident = ra_cur_u32le(&c);    /* 28 */
		e->flags = ra_cur_u32le(&c);       /* 32 */
		e->heap = ra_cur_u64le(&c);        /* 36 */
		e->heap_lin = ra_cur_u32le(&c);    /* 44 */
		e->heap_pages = ra_cur_u32le(&c);  /* 48 */
		e->stack = ra_cur_u64le(&c);       /* 52 */
		e->stack_lin = ra_cur_u32le(&c);   /* 60 */
		e->stack_pages = ra_cur_u32le(&c); /* 64 */
	}
	return ra_cur_finish(&c);
}

void
ra_ipc_mee_stats_build(struct ra_buf *b, const struct ra_ipc_mee_stats *s)
{
	size_t i;
	uint32_t n =
	    s->n > RA_IPC_MEE_ENCLAVES_MAX ? RA_IPC_MEE_ENCLAVES_MAX : s->n;

	ra_buf_u32le(b, s->mode);
	ra_buf_u32le(b, s->flags);
	ra_buf_u64le(b, s->epc_len);
	ra_buf_u32le(b, s->pages);
	ra_buf_u32le(b, s->va_pages);
	ra_buf_u32le(b, s->used);
	ra_buf_u32le(b, s->free);
	ra_buf_u32le(b, s->evicted);
	ra_buf_u32le(b, s->resident_max);
	ra_buf_u64le(b, s->lines_read);
	ra_buf_u64le(b, s->lines_written);
	ra_buf_u64le(b, s->meta_read);
	ra_buf_u64le(b, s->meta_written);
	ra_buf_u64le(b, s->walks);
	for (i = 0; i < 5; i++) {
		ra_buf_u64le(b, s->walk_depth[i]);
	}
	ra_buf_u64le(b, s->cache_hits);
	ra_buf_u64le(b, s->cache_misses);
	ra_buf_u64le(b, s->ewb);
	ra_buf_u64le(b, s->eldu);
	ra_buf_u64le(b, s->fail_offset);
	ra_buf_u32le(b, s->fail);
	ra_buf_u32le(b, n);
	ra_buf_u64le(b, s->tag_off);
	ra_buf_u64le(b, s->ver_off);
	ra_buf_u64le(b, s->l0_off);
	ra_buf_u64le(b, s->l1_off);
	ra_buf_u64le(b, s->l2_off);
	ra_buf_u64le(b, s->end);
	for (i = 0; i < n; i++) {
		ra_buf_u64le(b, s->enclaves[i].id);
		ra_buf_u64le(b, s->enclaves[i].base);
		ra_buf_u32le(b, s->enclaves[i].pages);
		ra_buf_u32le(b, s->enclaves[i].in_epc);
		ra_buf_u32le(b, s->enclaves[i].evicted);
		ra_buf_u32le(b, s->enclaves[i].resident);
		ra_buf_u32le(b, s->enclaves[i].flags);
		ra_buf_u64le(b, s->enclaves[i].heap);
		ra_buf_u32le(b, s->enclaves[i].heap_lin);
		ra_buf_u32le(b, s->enclaves[i].heap_pages);
		ra_buf_u64le(b, s->enclaves[i].stack);
		ra_buf_u32le(b, s->enclaves[i].stack_lin);
		ra_buf_u32le(b, s->enclaves[i].stack_pages);
	}
}

#define EPC_FLAGS_ALL (RA_IPC_EPC_RESIDENT | RA_IPC_EPC_EVICTED | RA_IPC_EPC_VA)

enum ra_err
ra_ipc_epc_pages_parse(struct ra_ipc_epc_page *out, size_t cap, size_t *n,
    const uint8_t *buf, size_t len)
{
	struct ra_cur c = ra_cur_init(buf, len);
	uint32_t count = ra_cur_u32le(&c); /* 0 */
	size_t i;

	*n = 0;
	ra_cur_zero(&c, 4); /* 4 */
	if (!ra_cur_ok(&c) || count > RA_IPC_EPC_PAGES_MAX ||
	    c.len != (size_t)count * RA_IPC_EPC_PAGE_LEN) {
		return RA_ERR_FORMAT;
	}
	if (count > cap) {
		return RA_ERR_SPACE;
	}
	for (i = 0; i < count && ra_cur_ok(&c); i++) {
		out[i].index = ra_cur_u32le(&c);      /*  0 */
		out[i].lin = ra_cur_u32le(&c);        /*  4 */
		out[i].enclave_id = ra_cur_u64le(&c); /*  8 */
		out[i].flags = ra_cur_u32le(&c);      /* 16 */
		ra_cur_zero(&c, 4);                   /* 20 */
		if ((out[i].flags & ~(uint32_t)EPC_FLAGS_ALL) != 0) {
			return RA_ERR_FORMAT;
		}
	}
	if (ra_cur_finish(&c) != RA_OK) {
		return RA_ERR_FORMAT;
	}
	*n = count;
	return RA_OK;
}

void
ra_ipc_epc_pages_build(
    struct ra_buf *b, const struct ra_ipc_epc_page *pages, size_t n)
{
	size_t i;

	ra_buf_u32le(b, (uint32_t)n);
	ra_buf_zero(b, 4);
	for (i = 0; i < n; i++) {
		ra_buf_u32le(b, pages[i].index);
		ra_buf_u32le(b, pages[i].lin);
		ra_buf_u64le(b, pages[i].enclave_id);
		ra_buf_u32le(b, pages[i].flags);
		ra_buf_zero(b, 4);
	}
}
