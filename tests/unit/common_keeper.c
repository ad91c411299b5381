/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The key-holding child: requests and replies, errors with messages,
 * concurrency over several channels, a failing init, a child that dies
 * (calls fail with RA_ERR_IO, never hang), the sandbox (a forbidden
 * system call kills the child), and a clean stop.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <valgrind/valgrind.h>

#include "keeper.h"
#include "log.h"
#include "test.h"

enum {
	T_ECHO = 1,
	T_FAIL = 2,
	T_DIE = 3,
	T_OPEN = 4,
	T_DUMPABLE = 5,
	T_BIG = 6,
	T_SLOW = 7,
};

struct ctx {
	bool fail_init;
	int secret;   /* set by init, in the child only */
	int dumpable; /* PR_GET_DUMPABLE seen by init */
};

static bool
init_ok(void *arg, char *why, size_t cap)
{
	struct ctx *c = arg;

	if (c->fail_init) {
		snprintf(why, cap, "no keys here");
		return false;
	}
	c->secret = 42;
	c->dumpable = prctl(PR_GET_DUMPABLE);
	return true;
}

static enum ra_err
serve(void *arg, uint32_t type, const uint8_t *in, size_t in_len,
    uint8_t *out, size_t cap, size_t *out_len, char *msg, size_t msg_cap)
{
	struct ctx *c = arg;
	struct timespec ts = { 0, 200L * 1000 * 1000 };
	int fd;

	switch (type) {
	case T_ECHO:
		if (in_len + 1 > cap) {
			return RA_ERR_SPACE;
		}
		memcpy(out, in, in_len);
		out[in_len] = (uint8_t)c->secret;
		*out_len = in_len + 1;
		return RA_OK;
	case T_FAIL:
		snprintf(msg, msg_cap, "refused: %zu bytes", in_len);
		return RA_ERR_AUTH;
	case T_DIE:
		_exit(3);
	case T_OPEN:
		/* the sandbox kills the child here */
		fd = open("/etc/hostname", O_RDONLY);
		*out_len = 0;
		return fd >= 0 ? RA_OK : RA_ERR_IO;
	case T_DUMPABLE:
		out[0] = (uint8_t)c->dumpable;
		*out_len = 1;
		return RA_OK;
	case T_BIG:
		memset(out, 0xab, cap);
		*out_len = cap;
		return RA_OK;
	case T_SLOW:
		nanosleep(&ts, NULL);
		*out_len = 0;
		return RA_OK;
	default:
		return RA_ERR_VERSION;
	}
}

static struct keeper *
start(struct ctx *c, unsigned int nchan, bool sandbox)
{
	struct keeper_ops ops = { .name = "test keeper",
		.init = init_ok,
		.serve = serve,
		.ctx = c,
		/* valgrind's own system calls are outside any allow-list */
		.no_sandbox = !sandbox || RUNNING_ON_VALGRIND };
	struct keeper *k = NULL;
	char why[256];

	assert_ra_ok(keeper_start(&k, &ops, nchan, why, sizeof(why)));
	return k;
}

static void
requests(void **state)
{
	struct ctx c = { 0 };
	struct keeper *k = start(&c, 2, true);
	struct ra_bytes parts[2] = { { (const uint8_t *)"ab", 2 },
		{ (const uint8_t *)"cd", 2 } };
	uint8_t out[16];
	char msg[KEEPER_MSG_MAX + 1];
	size_t n;

	(void)state;
	assert_true(keeper_pid(k) > 0 && keeper_pid(k) != getpid());
	assert_ra_ok(keeper_call(k, T_ECHO, parts, 2, out, sizeof(out), &n,
	    msg, sizeof(msg)));
	assert_int_equal(n, 5);
	assert_memory_equal(out, "abcd", 4);
	assert_int_equal(out[4], 42); /* init ran in the child */
	assert_int_equal(c.secret, 0); /* ... and not here */
	/* an empty request */
	assert_ra_ok(keeper_call(k, T_ECHO, NULL, 0, out, sizeof(out), &n, msg,
	    sizeof(msg)));
	assert_int_equal(n, 1);
	/* errors carry the child's code and message */
	assert_int_equal(keeper_call(k, T_FAIL, parts, 1, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_AUTH);
	assert_string_equal(msg, "refused: 2 bytes");
	assert_int_equal(keeper_call(k, 99, NULL, 0, out, sizeof(out), &n, msg,
			     sizeof(msg)),
	    RA_ERR_VERSION);
	/* a reply larger than the caller's buffer */
	assert_int_equal(keeper_call(k, T_BIG, NULL, 0, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_SPACE);
	/* the channel is still in step after that */
	assert_ra_ok(keeper_call(k, T_ECHO, parts, 1, out, sizeof(out), &n,
	    msg, sizeof(msg)));
	assert_int_equal(n, 3);
	/* undumpable: no ptrace or core dump of the keys */
	assert_ra_ok(keeper_call(k, T_DUMPABLE, NULL, 0, out, sizeof(out), &n,
	    msg, sizeof(msg)));
	assert_int_equal(out[0], 0);
	assert_false(keeper_dead(k));
	assert_int_equal(keeper_call(NULL, T_ECHO, NULL, 0, out, sizeof(out),
			     &n, msg, sizeof(msg)),
	    RA_ERR_ARG);
	keeper_stop(k);
}

struct par {
	struct keeper *k;
	int ok;
};

static void *
slow_caller(void *arg)
{
	struct par *p = arg;
	char msg[KEEPER_MSG_MAX + 1];
	size_t n;

	p->ok = keeper_call(p->k, T_SLOW, NULL, 0, NULL, 0, &n, msg,
		    sizeof(msg)) == RA_OK;
	return NULL;
}

/* Four 200 ms requests over four channels take about 200 ms, not 800. */
static void
parallel(void **state)
{
	struct ctx c = { 0 };
	struct keeper *k = start(&c, 4, true);
	struct par p[6];
	pthread_t t[6];
	struct timespec a, b;
	double ms;
	int i;

	(void)state;
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (i = 0; i < 4; i++) {
		p[i].k = k;
		assert_int_equal(pthread_create(&t[i], NULL, slow_caller, &p[i]),
		    0);
	}
	for (i = 0; i < 4; i++) {
		pthread_join(t[i], NULL);
		assert_true(p[i].ok);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ms = (double)(b.tv_sec - a.tv_sec) * 1e3 +
	    (double)(b.tv_nsec - a.tv_nsec) / 1e6;
	assert_true(ms < 700);
	/* more callers than channels: they wait their turn */
	for (i = 0; i < 6; i++) {
		p[i].k = k;
		assert_int_equal(pthread_create(&t[i], NULL, slow_caller, &p[i]),
		    0);
	}
	for (i = 0; i < 6; i++) {
		pthread_join(t[i], NULL);
		assert_true(p[i].ok);
	}
	keeper_stop(k);
}

static void
init_failure(void **state)
{
	struct ctx c = { .fail_init = true };
	struct keeper_ops ops = {
		.name = "test keeper", .init = init_ok, .serve = serve, .ctx = &c
	};
	struct keeper *k = NULL;
	char why[256];

	(void)state;
	assert_int_equal(keeper_start(&k, &ops, 1, why, sizeof(why)),
	    RA_ERR_IO);
	assert_null(k);
	assert_string_equal(why, "no keys here");
	assert_int_equal(keeper_start(&k, &ops, 0, why, sizeof(why)),
	    RA_ERR_ARG);
	assert_int_equal(keeper_start(&k, &ops, 257, why, sizeof(why)),
	    RA_ERR_ARG);
	ops.serve = NULL;
	assert_int_equal(keeper_start(&k, &ops, 1, why, sizeof(why)),
	    RA_ERR_ARG);
}

static void
dead_child(void **state)
{
	struct ctx c = { 0 };
	struct keeper *k = start(&c, 2, true);
	uint8_t out[8];
	char msg[KEEPER_MSG_MAX + 1];
	size_t n;

	(void)state;
	assert_int_equal(keeper_call(k, T_DIE, NULL, 0, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_IO);
	assert_true(keeper_dead(k));
	/* every later call fails at once, on any channel */
	assert_int_equal(keeper_call(k, T_ECHO, NULL, 0, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_IO);
	assert_int_equal(keeper_call(k, T_ECHO, NULL, 0, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_IO);
	keeper_stop(k);
}

/* Opening a file after init is outside the sandbox: the child dies. */
static void
sandbox(void **state)
{
	struct ctx c = { 0 };
	struct keeper *k;
	uint8_t out[8];
	char msg[KEEPER_MSG_MAX + 1];
	size_t n;
	int st = 0;
	pid_t pid;

	(void)state;
	if (RUNNING_ON_VALGRIND) {
		skip();
	}
	k = start(&c, 1, false);
	assert_ra_ok(keeper_call(k, T_OPEN, NULL, 0, out, sizeof(out), &n, msg,
	    sizeof(msg)));
	keeper_stop(k);
	/* with the sandbox: SIGSYS */
	k = start(&c, 1, true);
	pid = keeper_pid(k);
	assert_int_equal(keeper_call(k, T_OPEN, NULL, 0, out, sizeof(out), &n,
			     msg, sizeof(msg)),
	    RA_ERR_IO);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGSYS);
	keeper_stop(k);
}

/* The child outlives neither its channels nor a stop. */
static void
stop(void **state)
{
	struct ctx c = { 0 };
	struct keeper *k = start(&c, 3, true);
	pid_t pid = keeper_pid(k);

	(void)state;
	keeper_stop(k);
	assert_int_equal(kill(pid, 0), -1);
	assert_int_equal(errno, ESRCH);
	keeper_stop(NULL);
}

static const struct CMUnitTest tests[] = {
	cmocka_unit_test(requests),
	cmocka_unit_test(parallel),
	cmocka_unit_test(init_failure),
	cmocka_unit_test(dead_child),
	cmocka_unit_test(sandbox),
	cmocka_unit_test(stop),
};

TEST_MAIN(tests)
