/* SPDX-License-Identifier: BSD-3-Clause */
#include <err.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "sgxra.h"
#include "sgxra/crypto.h"
#include "sgxra/ct.h"
#include "sgxra/x509.h"
#include "show.h"

void
show_set(json_t *obj, const char *key, json_t *value)
{
	if (value == NULL || json_object_set_new(obj, key, value) != 0) {
		errx(EXIT_FAIL, "out of memory building the output");
	}
}

json_t *
show_hex(const void *p, size_t len)
{
	char *s = xmalloc(len * 2 + 1);
	json_t *j;
	size_t i;

	for (i = 0; i < len; i++) {
		snprintf(s + 2 * i, 3, "%02x", ((const uint8_t *)p)[i]);
	}
	s[2 * len] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

json_t *
show_uint(uint64_t v)
{
	return json_integer((json_int_t)v);
}

json_t *
show_flags(uint64_t v, int digits)
{
	char s[32];

	snprintf(s, sizeof(s), "0x%0*" PRIx64, digits, v);
	return json_string(s);
}

struct flag_name {
	uint64_t bit;
	const char *name;
};

static const struct flag_name attr_names[] = {
	{ RA_ATTR_INIT, "INIT" },
	{ RA_ATTR_DEBUG, "DEBUG" },
	{ RA_ATTR_MODE64BIT, "MODE64BIT" },
	{ RA_ATTR_PROVISIONKEY, "PROVISIONKEY" },
	{ RA_ATTR_EINITTOKENKEY, "EINITTOKENKEY" },
	{ RA_ATTR_CET, "CET" },
	{ RA_ATTR_KSS, "KSS" },
	{ RA_ATTR_AEXNOTIFY, "AEXNOTIFY" },
};

json_t *
show_attributes(const struct ra_attributes *a)
{
	json_t *o = json_object(), *names = json_array();
	size_t i;

	show_set(o, "flags", show_flags(a->flags, 16));
	for (i = 0; i < sizeof(attr_names) / sizeof(attr_names[0]); i++) {
		if ((a->flags & attr_names[i].bit) != 0) {
			json_array_append_new(
			    names, json_string(attr_names[i].name));
		}
	}
	show_set(o, "flag_names", names);
	show_set(o, "xfrm", show_flags(a->xfrm, 16));
	return o;
}

json_t *
show_report_body(const struct ra_report_body *rb)
{
	json_t *o = json_object();

	show_set(o, "cpu_svn", show_hex(rb->cpu_svn, sizeof(rb->cpu_svn)));
	show_set(o, "misc_select", show_flags(rb->misc_select, 8));
	show_set(o, "isv_ext_prod_id",
	    show_hex(rb->isv_ext_prod_id, sizeof(rb->isv_ext_prod_id)));
	show_set(o, "attributes", show_attributes(&rb->attributes));
	show_set(o, "mr_enclave", show_hex(rb->mr_enclave.b, 32));
	show_set(o, "mr_signer", show_hex(rb->mr_signer.b, 32));
	show_set(
	    o, "config_id", show_hex(rb->config_id, sizeof(rb->config_id)));
	show_set(o, "isv_prod_id", show_uint(rb->isv_prod_id));
	show_set(o, "isv_svn", show_uint(rb->isv_svn));
	show_set(o, "config_svn", show_uint(rb->config_svn));
	show_set(o, "isv_family_id",
	    show_hex(rb->isv_family_id, sizeof(rb->isv_family_id)));
	show_set(o, "report_data",
	    show_hex(rb->report_data, sizeof(rb->report_data)));
	/* Reserved areas appear only when something is in them. */
	if (!ra_ct_is_zero(rb->reserved1, sizeof(rb->reserved1)) ||
	    !ra_ct_is_zero(rb->reserved2, sizeof(rb->reserved2)) ||
	    !ra_ct_is_zero(rb->reserved3, sizeof(rb->reserved3)) ||
	    !ra_ct_is_zero(rb->reserved4, sizeof(rb->reserved4))) {
		show_set(o, "reserved_nonzero", json_true());
		show_set(o, "reserved1", show_hex(rb->reserved1, 12));
		show_set(o, "reserved2", show_hex(rb->reserved2, 32));
		show_set(o, "reserved3", show_hex(rb->reserved3, 32));
		show_set(o, "reserved4", show_hex(rb->reserved4, 42));
	}
	return o;
}

json_t *
show_td_report(const struct ra_td_report *td)
{
	json_t *o = json_object(), *rtmr = json_array();
	size_t i;

	show_set(o, "tee_tcb_svn", show_hex(td->tee_tcb_svn, 16));
	show_set(o, "mr_seam", show_hex(td->mr_seam, 48));
	show_set(o, "mr_signer_seam", show_hex(td->mr_signer_seam, 48));
	show_set(o, "seam_attributes", show_hex(td->seam_attributes, 8));
	show_set(o, "td_attributes", show_hex(td->td_attributes, 8));
	show_set(o, "xfam", show_hex(td->xfam, 8));
	show_set(o, "mr_td", show_hex(td->mr_td, 48));
	show_set(o, "mr_config_id", show_hex(td->mr_config_id, 48));
	show_set(o, "mr_owner", show_hex(td->mr_owner, 48));
	show_set(o, "mr_owner_config", show_hex(td->mr_owner_config, 48));
	for (i = 0; i < RA_TD_RTMR_COUNT; i++) {
		json_array_append_new(rtmr, show_hex(td->rtmr[i], 48));
	}
	show_set(o, "rtmr", rtmr);
	show_set(o, "report_data", show_hex(td->report_data, 64));
	if (td->is_v1_5) {
		show_set(o, "tee_tcb_svn2", show_hex(td->tee_tcb_svn2, 16));
		show_set(o, "mr_service_td", show_hex(td->mr_service_td, 48));
	}
	return o;
}

json_t *
show_sigstruct(const struct ra_sigstruct *ss)
{
	json_t *o = json_object();
	struct ra_hash256 mrsigner;
	char date[16];

	ra_sha256(&mrsigner, ss->modulus_le, sizeof(ss->modulus_le));
	snprintf(date, sizeof(date), "%04x-%02x-%02x", ss->date >> 16,
	    (ss->date >> 8) & 0xff, ss->date & 0xff);
	show_set(o, "type", show_flags(ss->type, 8));
	show_set(o, "debug_signed",
	    json_boolean((ss->type & RA_SIGSTRUCT_TYPE_DEBUG) != 0));
	show_set(o, "vendor", show_flags(ss->vendor, 8));
	show_set(o, "date", json_string(date));
	show_set(o, "sw_defined", show_flags(ss->sw_defined, 8));
	show_set(o, "modulus_le", show_hex(ss->modulus_le, 384));
	show_set(o, "exponent", show_uint(RA_SIGSTRUCT_EXPONENT));
	show_set(o, "signature_le", show_hex(ss->signature_le, 384));
	show_set(o, "misc_select", show_flags(ss->misc_select, 8));
	show_set(o, "misc_mask", show_flags(ss->misc_mask, 8));
	show_set(o, "cet_attributes", show_flags(ss->cet_attributes, 2));
	show_set(
	    o, "cet_attributes_mask", show_flags(ss->cet_attributes_mask, 2));
	show_set(o, "isv_family_id", show_hex(ss->isv_family_id, 16));
	show_set(o, "attributes", show_attributes(&ss->attributes));
	show_set(o, "attribute_mask", show_attributes(&ss->attribute_mask));
	show_set(o, "enclave_hash", show_hex(ss->enclave_hash.b, 32));
	show_set(o, "isv_ext_prod_id", show_hex(ss->isv_ext_prod_id, 16));
	show_set(o, "isv_prod_id", show_uint(ss->isv_prod_id));
	show_set(o, "isv_svn", show_uint(ss->isv_svn));
	show_set(o, "q1_le", show_hex(ss->q1_le, 384));
	show_set(o, "q2_le", show_hex(ss->q2_le, 384));
	show_set(o, "mr_signer", show_hex(mrsigner.b, 32));
	return o;
}

json_t *
show_time(int64_t t)
{
	char s[32];
	time_t tt = (time_t)t;
	struct tm tm;

	if (gmtime_r(&tt, &tm) == NULL) {
		return json_integer((json_int_t)t);
	}
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

static json_t *
show_cert(const struct ra_x509 *c)
{
	json_t *o = json_object();
	char buf[512];
	int64_t nb, na;
	struct ra_ec256_pub pub;
	bool found, crit;
	struct ra_bytes ext;

	if (ra_x509_subject(c, buf, sizeof(buf)) == RA_OK) {
		show_set(o, "subject", json_string(buf));
	}
	if (ra_x509_issuer(c, buf, sizeof(buf)) == RA_OK) {
		show_set(o, "issuer", json_string(buf));
	}
	if (ra_x509_serial(c, buf, sizeof(buf)) == RA_OK) {
		show_set(o, "serial", json_string(buf));
	}
	if (ra_x509_validity(c, &nb, &na) == RA_OK) {
		show_set(o, "not_before", show_time(nb));
		show_set(o, "not_after", show_time(na));
	}
	show_set(o, "key",
	    json_string(
	        ra_x509_pub_ec256(c, &pub) == RA_OK ? "P-256" : "other"));
	if (ra_x509_extension(
	        c, "1.2.840.113741.1.13.1", &ext, &crit, &found) == RA_OK &&
	    found) {
		show_set(o, "sgx_extension_len", show_uint(ext.len));
	}
	return o;
}

json_t *
show_certs(const uint8_t *p, size_t len)
{
	struct ra_x509_list *l = NULL;
	enum ra_err e = ra_x509_list_from_bytes(&l, p, len);
	json_t *a;
	size_t i;

	if (e != RA_OK) {
		json_t *o = json_object();

		show_set(o, "error", json_string(ra_strerror(e)));
		return o;
	}
	a = json_array();
	for (i = 0; i < ra_x509_list_len(l); i++) {
		json_array_append_new(a, show_cert(ra_x509_list_get(l, i)));
	}
	ra_x509_list_free(l);
	return a;
}

/* Deepest nesting the text renderer follows (our trees have 5 levels). */
#define TEXT_MAX_DEPTH 16

static void
text_scalar(const json_t *v, int indent, const char *key)
{
	char *s;
	size_t i;

	if (json_is_string(v)) {
		printf("%*s%-24s %s\n", indent, "", key, json_string_value(v));
		return;
	}
	if (json_is_array(v)) {
		printf("%*s%-24s", indent, "", key);
		for (i = 0; i < json_array_size(v); i++) {
			const json_t *e = json_array_get(v, i);

			printf(" %s",
			    json_is_string(e) ? json_string_value(e) : "?");
		}
		printf("\n");
		return;
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	printf("%*s%-24s %s\n", indent, "", key, s != NULL ? s : "?");
	free(s);
}

/*
 * One open container of the walk: an object (iter) or an array of
 * objects (index), rendered as key[0]:, key[1]: ...
 */
struct text_frame {
	const json_t *c;
	void *iter;
	size_t index;
	const char *key;
	int indent;
};

static bool
is_object_array(const json_t *v)
{
	return json_is_array(v) && json_array_size(v) > 0 &&
	    json_is_object(json_array_get(v, 0));
}

/* The next child of frame f, or NULL when it is exhausted. */
static const json_t *
text_next(struct text_frame *f, const char **key, char *idx, size_t cap)
{
	const json_t *v;

	if (json_is_object(f->c)) {
		if (f->iter == NULL) {
			return NULL;
		}
		*key = json_object_iter_key(f->iter);
		v = json_object_iter_value(f->iter);
		f->iter =
		    json_object_iter_next((json_t *)(uintptr_t)f->c, f->iter);
		return v;
	}
	if (f->index >= json_array_size(f->c)) {
		return NULL;
	}
	snprintf(idx, cap, "%s[%zu]", f->key, f->index);
	*key = idx;
	return json_array_get(f->c, f->index++);
}

static struct text_frame
text_frame(const json_t *c, const char *key, int indent)
{
	struct text_frame f;

	f.c = c;
	f.iter =
	    json_is_object(c) ? json_object_iter((json_t *)(uintptr_t)c) : NULL;
	f.index = 0;
	f.key = key;
	f.indent = indent;
	return f;
}

/* Render an object tree as indented text, without recursion. */
static void
text_object(const json_t *root)
{
	struct text_frame st[TEXT_MAX_DEPTH];
	char idx[TEXT_MAX_DEPTH][64];
	const json_t *v;
	const char *key = "";
	size_t top = 0;

	st[0] = text_frame(root, "", 0);
	for (;;) {
		struct text_frame *f = &st[top];

		v = text_next(f, &key, idx[top], sizeof(idx[top]));
		if (v == NULL) {
			if (top == 0) {
				return;
			}
			top--;
			continue;
		}
		if ((json_is_object(v) || is_object_array(v)) &&
		    top + 1 < TEXT_MAX_DEPTH) {
			int indent = f->indent;

			if (json_is_object(v)) {
				printf("%*s%s:\n", indent, "", key);
				indent += 2;
			}
			top++;
			st[top] = text_frame(v, key, indent);
			continue;
		}
		text_scalar(v, f->indent, key);
	}
}

void
show_emit(json_t *root, bool as_json)
{
	if (as_json) {
		char *s =
		    json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);

		if (s == NULL) {
			errx(EXIT_FAIL, "out of memory printing JSON");
		}
		printf("%s\n", s);
		free(s);
	} else {
		text_object(root);
	}
	json_decref(root);
}
