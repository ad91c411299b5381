/* SPDX-License-Identifier: BSD-3-Clause */
#include <string.h>

#include "test.h"
#include "wycheproof.h"

const char *
wp_str(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_string(v)) {
		fail_msg("vector has no string \"%s\"", key);
	}
	return json_string_value(v);
}

uint8_t *
wp_hex(const json_t *obj, const char *key, size_t *len)
{
	return test_unhex(wp_str(obj, key), len);
}

long
wp_int(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);

	if (!json_is_integer(v)) {
		fail_msg("vector has no integer \"%s\"", key);
	}
	return (long)json_integer_value(v);
}

bool
wp_has_flag(const struct wp_case *c, const char *flag)
{
	const json_t *flags = json_object_get(c->test, "flags");
	size_t i;

	for (i = 0; i < json_array_size(flags); i++) {
		const char *f = json_string_value(json_array_get(flags, i));

		if (f != NULL && strcmp(f, flag) == 0) {
			return true;
		}
	}
	return false;
}

static void
check_case(const struct wp_case *c, int got, const char *file)
{
	if (strcmp(c->result, "valid") == 0 && got != 1) {
		fail_msg("%s tcId %ld (%s): valid vector refused", file,
		    c->tc_id, c->comment);
	}
	if (strcmp(c->result, "invalid") == 0 && got != 0) {
		fail_msg("%s tcId %ld (%s): invalid vector accepted", file,
		    c->tc_id, c->comment);
	}
}

size_t
wp_run(const char *rel_path, wp_fn fn, void *arg)
{
	json_error_t jerr;
	json_t *doc = json_load_file(test_path(rel_path), 0, &jerr);
	const json_t *groups, *tests;
	size_t gi, ti, ran = 0;
	int got;

	if (doc == NULL) {
		fail_msg("%s: %s (line %d)", rel_path, jerr.text, jerr.line);
	}
	groups = json_object_get(doc, "testGroups");
	for (gi = 0; gi < json_array_size(groups); gi++) {
		const json_t *g = json_array_get(groups, gi);

		tests = json_object_get(g, "tests");
		for (ti = 0; ti < json_array_size(tests); ti++) {
			struct wp_case c;

			c.group = g;
			c.test = json_array_get(tests, ti);
			c.tc_id = wp_int(c.test, "tcId");
			c.comment = wp_str(c.test, "comment");
			c.result = wp_str(c.test, "result");
			got = fn(&c, arg);
			if (got < 0) {
				continue;
			}
			check_case(&c, got, rel_path);
			ran++;
		}
	}
	json_decref(doc);
	if (ran == 0) {
		fail_msg("%s: no test case applied", rel_path);
	}
	return ran;
}
