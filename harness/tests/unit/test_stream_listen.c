/* test_stream_listen.c - unit tests of the host-socket stream transport: gathered writes, queueing, loop slots */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "core/loop.h"
#include "net/stream_listen.h"
#include "testlib.h"

#define BIG (4u << 20) /* more than a unix socket takes at once: the rest is queued */

/**
 * struct rig - a listener, one client socket on the same loop, what it read
 * @loop:   loop
 * @cli:    client end
 * @big:    the large piece the service sends
 * @got:    bytes the client read
 * @len:    their count
 * @want:   count that ends the test
 * @writes: the service's writev calls
 * @out:    the accepted connection's transport
 */
struct rig {
	struct pxl_loop *loop;
	struct pxl_stream out;
	int cli;
	uint8_t *big;
	uint8_t *got;
	size_t len, want;
	int writes;
};

/** svc_open() - the service object is the rig */
static void *svc_open(void *arg, struct pxl_stream out, const char *peer)
{
	struct rig *r = arg;

	r->out = out;
	return r;
}

/** svc_input() - answer any input with "head", the big piece, "tail" in one writev, then "more" */
static int svc_input(void *obj, const void *buf, size_t len, uint64_t now)
{
	struct rig *r = obj;
	struct pxl_stream *out = &r->out;
	struct iovec iov[3] = { { "head", 4 }, { r->big, BIG }, { "tail", 4 } };

	ck_assert_uint_eq(len, 1);
	ck_assert_ptr_nonnull(out->ops->writev);
	ck_assert_int_eq(out->ops->writev(out->ctx, iov, 3), 0);
	ck_assert_uint_gt(out->ops->queued(out->ctx), 0);
	ck_assert_int_eq(out->ops->write(out->ctx, "more", 4), 0);
	r->writes++;
	return 0;
}

/** svc_closed() - nothing to free */
static void svc_closed(void *obj)
{
}

/** cli_ready() - the client reads what arrived; the loop stops once all of it is in */
static void cli_ready(void *arg, int fd, short revents)
{
	struct rig *r = arg;
	ssize_t n = read(fd, r->got + r->len, r->want - r->len);

	if (n > 0)
		r->len += (size_t)n;
	if (n == 0 || r->len == r->want)
		pxl_loop_stop(r->loop, 0);
}

/* Pieces given to writev arrive whole and in order, with a write after them,
 * although the socket takes only part at once (the rest is queued and sent
 * as the peer reads). */
START_TEST(test_writev_gathers_and_queues)
{
	struct pxl_stream_service svc = { svc_open, svc_input, svc_closed, NULL, NULL };
	struct pxl_stream_listener *l;
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	struct rig r = { 0 };
	size_t i;

	snprintf(sa.sun_path, sizeof(sa.sun_path), "/tmp/pxl-sl-%d", (int)getpid());
	r.loop = pxl_loop_new();
	r.big = malloc(BIG);
	r.want = 4 + BIG + 4 + 4;
	r.got = malloc(r.want);
	for (i = 0; i < BIG; i++)
		r.big[i] = (uint8_t)(i * 7 + i / 4096);
	svc.arg = &r;
	ck_assert_int_eq(pxl_stream_listen_unix(r.loop, sa.sun_path, &svc, &l), 0);
	r.cli = socket(AF_UNIX, SOCK_STREAM, 0);
	ck_assert_int_eq(connect(r.cli, (struct sockaddr *)&sa, sizeof(sa)), 0);
	ck_assert_int_eq(write(r.cli, "g", 1), 1);
	fcntl(r.cli, F_SETFL, O_NONBLOCK);
	ck_assert_int_eq(pxl_loop_add_fd(r.loop, r.cli, POLLIN, cli_ready, &r), 0);
	ck_assert_int_eq(pxl_loop_run(r.loop), 0);
	ck_assert_uint_eq(r.len, r.want);
	ck_assert_int_eq(r.writes, 1);
	ck_assert_mem_eq(r.got, "head", 4);
	ck_assert_int_eq(memcmp(r.got + 4, r.big, BIG), 0);
	ck_assert_mem_eq(r.got + 4 + BIG, "tailmore", 8);
	pxl_loop_del_fd(r.loop, r.cli);
	close(r.cli);
	pxl_stream_listener_free(l);
	pxl_loop_free(r.loop);
	free(r.big);
	free(r.got);
}
END_TEST

/** note_ready() - count a ready callback of a pipe */
static void note_ready(void *arg, int fd, short revents)
{
	char c;

	ck_assert_int_eq(read(fd, &c, 1), 1);
	(*(int *)arg)++;
}

/** stop_soon() - a timer that ends the loop turn */
static void stop_soon(void *arg)
{
	pxl_loop_stop(arg, 0);
}

/* The loop scans only the slots below the highest in use: slots freed at the
 * top and in the middle are reused, and a late fd is still polled. */
START_TEST(test_loop_slots_reused)
{
	struct pxl_loop *loop = pxl_loop_new();
	struct pxl_timer *t = pxl_timer_new(loop, stop_soon, loop);
	int p[8][2], hits[8] = { 0 }, i;

	for (i = 0; i < 8; i++) {
		ck_assert_int_eq(pipe(p[i]), 0);
		ck_assert_int_eq(pxl_loop_add_fd(loop, p[i][0], POLLIN, note_ready, &hits[i]), 0);
	}
	pxl_loop_del_fd(loop, p[7][0]);
	pxl_loop_del_fd(loop, p[6][0]);
	pxl_loop_del_fd(loop, p[2][0]);
	ck_assert_int_eq(pxl_loop_add_fd(loop, p[6][0], POLLIN, note_ready, &hits[6]), 0);
	ck_assert_int_eq(pxl_loop_add_fd(loop, p[7][0], POLLIN, note_ready, &hits[7]), 0);
	ck_assert_int_eq(pxl_loop_add_fd(loop, p[7][0], POLLIN, note_ready, &hits[7]), -EEXIST);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(write(p[i][1], "x", 1), 1);
	pxl_timer_arm(t, pxl_now_ns() + 20000000);
	ck_assert_int_eq(pxl_loop_run(loop), 0);
	for (i = 0; i < 8; i++)
		ck_assert_int_eq(hits[i], i == 2 ? 0 : 1);
	pxl_timer_free(t);
	pxl_loop_free(loop);
	for (i = 0; i < 8; i++) {
		close(p[i][0]);
		close(p[i][1]);
	}
}
END_TEST

/** stream_listen_suite() - the suite */
static Suite *stream_listen_suite(void)
{
	Suite *s = suite_create("stream_listen");
	TCase *tc = tcase_create("stream_listen");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_writev_gathers_and_queues);
	tcase_add_test(tc, test_loop_slots_reused);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(stream_listen_suite)
