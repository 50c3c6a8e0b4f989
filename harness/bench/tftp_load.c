/* tftp_load.c - make bench's TFTP load: N concurrent windowed reads of one file, every byte checked
 *
 * usage: tftp-load --port PORT --file NAME --local PATH [--host 127.0.0.1]
 *                  [--clients 64] [--rounds 10] [--blksize 1468] [--windowsize 4]
 *
 * Each of --clients slots fetches NAME --rounds times, one transfer after
 * the other, each from a fresh UDP source port (as firmware does: a port is
 * not used again for ~40,000 transfers), asking for blksize and windowsize
 * (RFC 2348, RFC 7440).  A server that answers without windowsize gets a
 * lock-step transfer (an ACK per block), one that answers without an OACK a
 * plain RFC 1350 one (512-byte blocks).  Every DATA payload is compared
 * with PATH at its offset, and a transfer is complete only when it ended
 * with exactly PATH's size: a server that sends wrong bytes, or too few,
 * fails the run.  One process, one epoll loop, no threads; datagrams are
 * taken up to 16 at a time (recvmmsg) so the client costs less than the
 * servers it loads.  Packets are parsed by pxelab's bounds-checked TFTP
 * codec (services/tftp/tftp_pkt.c, fuzz target `tftp`); this file only
 * reads the parsed fields.
 *
 * A datagram from the server's address but another port than the
 * transfer's (a server that forked a second process for a repeated RRQ) is
 * answered with ERROR 5, so that second transfer ends.
 *
 * Prints one line: transfers=N bytes=B seconds=S MBps=X tps=Y retrans=R
 * retrans_rrq=Q ooo=O strays=E oack_windowsize=W blksize=K windowsize=V
 * failed=F; exit 0 when every transfer completed with the right bytes, 1
 * otherwise (the first failure on stderr), 2 on a usage error.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/util.h"
#include "services/tftp/tftp_pkt.h"

#define TL_BATCH     16      /* datagrams per recvmmsg */
#define TL_PKT_MAX   65536   /* room for any datagram */
#define TL_RTO_MS    1000    /* retransmission timeout, doubled at each resend (as iPXE backs off) */
#define TL_TRIES     6       /* sends of one packet before the transfer fails */
#define TL_PORT_LO   20000   /* source ports handed out, round robin */
#define TL_PORT_HI   60000

/**
 * struct tl_opts - the command line
 * @host: server address (IPv4 text)  @port: server port
 * @name: file name asked for         @local: the same file, to compare with
 * @clients: concurrent transfers     @rounds: transfers per client, one after the other
 * @blksize: blksize asked for        @windowsize: windowsize asked for
 */
struct tl_opts {
	const char *host;
	unsigned int port;
	const char *name;
	const char *local;
	unsigned int clients;
	unsigned int rounds;
	unsigned int blksize;
	unsigned int windowsize;
};

/**
 * struct tl_xfer - one client slot and its current transfer
 * @fd:       socket of the current transfer (-1: none)
 * @tid:      server's transfer port (0: not known yet)
 * @next:     next DATA block expected
 * @nak:      @next when a gap was last answered with an ACK (once per gap)
 * @blksize:  agreed block size
 * @window:   agreed window
 * @in_win:   blocks taken since the last ACK
 * @got:      bytes received and checked
 * @deadline: when to retransmit (ms, monotonic)
 * @tries:    sends of the current packet
 * @left:     transfers still to start after this one
 */
struct tl_xfer {
	int fd;
	uint16_t tid;
	uint16_t next;
	uint16_t nak;
	unsigned int blksize;
	unsigned int window;
	unsigned int in_win;
	size_t got;
	uint64_t deadline;
	unsigned int tries;
	unsigned int left;
};

/**
 * struct tl_run - the whole load
 * @o: options           @file: PATH's bytes     @size: its size
 * @ep: epoll            @srv: server address    @x: the slots
 * @port: next source port to try                @running: slots with a transfer
 * @done, @bytes, @retrans, @retrans_rrq, @ooo, @strays, @oack_win, @failed: counters (retrans_rrq: the
 *     requests among the retransmissions; ooo: DATA not the block expected; strays:
 *     datagrams from a second transfer port, answered with ERROR 5)
 * @agreed_blk, @agreed_win: blksize and window of the last transfer that started
 * @why: the first failure     @bufs, @iov, @msgs, @from: recvmmsg's storage
 */
struct tl_run {
	struct tl_opts o;
	uint8_t *file;
	size_t size;
	int ep;
	struct sockaddr_in srv;
	struct tl_xfer *x;
	unsigned int port;
	unsigned int running;
	uint64_t done, bytes, retrans, retrans_rrq, ooo, strays, oack_win, failed;
	unsigned int agreed_blk, agreed_win;
	char why[200];
	uint8_t (*bufs)[TL_PKT_MAX];
	struct iovec iov[TL_BATCH];
	struct mmsghdr msgs[TL_BATCH];
	struct sockaddr_in from[TL_BATCH];
};

/**
 * now_ms() - the monotonic clock
 *
 * Return: milliseconds.
 */
static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/**
 * fail() - keep the first failure's words and count it
 * @r:   the run
 * @fmt: printf message
 *
 * Return: -1.
 */
static int fail(struct tl_run *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct tl_run *r, const char *fmt, ...)
{
	va_list ap;

	r->failed++;
	if (!r->why[0]) {
		va_start(ap, fmt);
		vsnprintf(r->why, sizeof(r->why), fmt, ap);
		va_end(ap);
	}
	return -1;
}

/**
 * send_to() - send one datagram of a slot's transfer
 * @r:    the run
 * @t:    the slot
 * @port: destination port (the server's listening port or its transfer port)
 * @buf:  bytes
 * @len:  their length
 *
 * Return: 0, or -1 (counted as a failure).
 */
static int send_to(struct tl_run *r, struct tl_xfer *t, uint16_t port, const uint8_t *buf, int len)
{
	struct sockaddr_in to = r->srv;

	to.sin_port = htons(port);
	if (len < 0 || sendto(t->fd, buf, (size_t)len, 0, (struct sockaddr *)&to, sizeof(to)) != len)
		return fail(r, "sendto: %s", len < 0 ? "packet too big" : strerror(errno));
	return 0;
}

/**
 * send_rrq() - (re)send the read request with blksize and windowsize
 * @r: the run
 * @t: the slot
 *
 * Return: 0, or -1.
 */
static int send_rrq(struct tl_run *r, struct tl_xfer *t)
{
	char blk[16], win[16];
	struct tftp_opt opts[2] = { { "blksize", blk }, { "windowsize", win } };
	uint8_t pkt[600];

	snprintf(blk, sizeof(blk), "%u", r->o.blksize);
	snprintf(win, sizeof(win), "%u", r->o.windowsize);
	return send_to(r, t, (uint16_t)r->o.port, pkt,
		       tftp_build_request(pkt, sizeof(pkt), TFTP_RRQ, r->o.name, "octet", opts, 2));
}

/**
 * send_ack() - acknowledge a block to the server's transfer port
 * @r:     the run
 * @t:     the slot
 * @block: block number
 *
 * Return: 0, or -1.
 */
static int send_ack(struct tl_run *r, struct tl_xfer *t, uint16_t block)
{
	uint8_t pkt[TFTP_HDR_LEN];

	t->in_win = 0;
	return send_to(r, t, t->tid, pkt, tftp_build_ack(pkt, sizeof(pkt), block));
}

/**
 * open_socket() - a UDP socket on the next free source port of the round robin
 * @r: the run
 *
 * Return: the socket, or -1.
 */
static int open_socket(struct tl_run *r)
{
	struct sockaddr_in me = { .sin_family = AF_INET };
	unsigned int i;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return -1;
	for (i = 0; i < TL_PORT_HI - TL_PORT_LO; i++) {
		me.sin_port = htons((uint16_t)r->port);
		r->port = r->port + 1 >= TL_PORT_HI ? TL_PORT_LO : r->port + 1;
		if (!bind(fd, (struct sockaddr *)&me, sizeof(me)))
			return fd;
		if (errno != EADDRINUSE)
			break;
	}
	close(fd);
	return -1;
}

/**
 * start() - begin a slot's next transfer
 * @r:   the run
 * @t:   the slot
 * @idx: its index (the epoll cookie)
 *
 * A request that could not be sent is counted as a failure and resent by
 * the timer; a slot without a socket ends (it is not running).
 *
 * Return: 0, or -1.
 */
static int start(struct tl_run *r, struct tl_xfer *t, unsigned int idx)
{
	struct epoll_event ev = { .events = EPOLLIN, .data.u32 = idx };

	t->fd = open_socket(r);
	if (t->fd < 0)
		return fail(r, "no UDP source port: %s", strerror(errno));
	if (epoll_ctl(r->ep, EPOLL_CTL_ADD, t->fd, &ev)) {
		close(t->fd);
		t->fd = -1;
		return fail(r, "epoll_ctl: %s", strerror(errno));
	}
	t->tid = 0;
	t->next = 1;
	t->nak = 0;
	t->blksize = 512;
	t->window = 1;
	t->in_win = 0;
	t->got = 0;
	t->tries = 1;
	t->deadline = now_ms() + TL_RTO_MS;
	r->running++;
	return send_rrq(r, t);
}

/**
 * finish() - end a slot's transfer (ok or not) and start its next one
 * @r:   the run
 * @t:   the slot
 * @idx: its index
 *
 * Return: nothing.
 */
static void finish(struct tl_run *r, struct tl_xfer *t, unsigned int idx)
{
	close(t->fd);   /* leaves the epoll set with it */
	t->fd = -1;
	r->running--;
	if (t->left) {
		t->left--;
		start(r, t, idx);
	}
}

/**
 * take_oack() - the server's OACK: the block size and window it agreed to
 * @r: the run
 * @t: the slot
 * @p: the parsed OACK
 *
 * Return: 0, or -1 (a value we did not ask for: the transfer fails).
 */
static int take_oack(struct tl_run *r, struct tl_xfer *t, const struct tftp_pkt *p)
{
	const char *blk = tftp_opt_get(p, "blksize"), *win = tftp_opt_get(p, "windowsize");
	unsigned long b = blk ? strtoul(blk, NULL, 10) : 512, w = win ? strtoul(win, NULL, 10) : 1;

	if (t->next != 1 || t->got)
		return 0;   /* a repeated OACK: our ACK 0 was lost, send it again below */
	if (b < 8 || b > r->o.blksize || w < 1 || w > r->o.windowsize)
		return fail(r, "OACK blksize %s windowsize %s: not what was asked",
			    blk ? blk : "-", win ? win : "-");
	t->blksize = (unsigned int)b;
	t->window = (unsigned int)w;
	r->oack_win += win != NULL;
	r->agreed_blk = t->blksize;
	r->agreed_win = t->window;
	return 0;
}

/**
 * take_block() - the block expected: check its bytes against the file, ACK when due
 * @r: the run
 * @t: the slot
 * @p: the parsed DATA
 *
 * Return: 1 when the transfer is complete, 0 to go on, -1 on a failure.
 */
static int take_block(struct tl_run *r, struct tl_xfer *t, const struct tftp_pkt *p)
{
	if (p->data_len > t->blksize || p->data_len > r->size - t->got)
		return fail(r, "block %u: %zu bytes at offset %zu of a %zu-byte file",
			    p->block, p->data_len, t->got, r->size);
	if (memcmp(r->file + t->got, p->data, p->data_len))
		return fail(r, "block %u: bytes differ from the file at offset %zu", p->block, t->got);
	t->got += p->data_len;
	t->next++;
	t->tries = 1;
	t->deadline = now_ms() + TL_RTO_MS;
	if (p->data_len < t->blksize) {
		if (send_ack(r, t, p->block))
			return -1;
		if (t->got != r->size)
			return fail(r, "transfer ended after %zu of %zu bytes", t->got, r->size);
		r->done++;
		r->bytes += t->got;
		return 1;
	}
	if (++t->in_win >= t->window)
		return send_ack(r, t, p->block);
	return 0;
}

/**
 * stray() - the server answered from a second transfer port (it served a repeated RRQ
 *           too): ERROR 5 to that port ends the second transfer (RFC 1350 section 4)
 * @r:    the run
 * @t:    the slot
 * @port: the second port
 *
 * Return: 0 (the transfer goes on with its first port).
 */
static int stray(struct tl_run *r, struct tl_xfer *t, uint16_t port)
{
	uint8_t pkt[64];

	r->strays++;
	send_to(r, t, port, pkt, tftp_build_error(pkt, sizeof(pkt), TFTP_EBADID, "unknown transfer ID"));
	return 0;
}

/**
 * take() - one datagram for a slot's transfer
 * @r:    the run
 * @t:    the slot
 * @buf:  the datagram
 * @len:  its length
 * @from: who sent it
 *
 * Return: 1 when the transfer is complete, 0 to go on, -1 when it failed.
 */
static int take(struct tl_run *r, struct tl_xfer *t, const uint8_t *buf, size_t len,
		const struct sockaddr_in *from)
{
	struct tftp_pkt p;

	if (from->sin_addr.s_addr != r->srv.sin_addr.s_addr)
		return 0;   /* a stranger */
	if (t->tid && ntohs(from->sin_port) != t->tid)
		return stray(r, t, ntohs(from->sin_port));
	if (tftp_pkt_parse(buf, len, &p))
		return fail(r, "unparsable packet from the server: %s", tftp_perr_str(p.perr));
	t->tid = ntohs(from->sin_port);
	if (p.opcode == TFTP_ERROR)
		return fail(r, "server ERROR %u \"%s\"", p.err_code, p.err_msg);
	if (p.opcode == TFTP_OACK)
		return take_oack(r, t, &p) ? -1 : send_ack(r, t, 0);
	if (p.opcode != TFTP_DATA)
		return fail(r, "server sent %s", tftp_opcode_name(p.opcode));
	if (p.block == t->next)
		return take_block(r, t, &p);
	r->ooo++;
	if ((uint16_t)(p.block - t->next) >= 0x8000 || t->nak == t->next)
		return 0;   /* a repeat, or a gap already answered: the timer covers a lost ACK */
	t->nak = t->next;   /* a gap: say once where we are (RFC 7440) */
	return send_ack(r, t, (uint16_t)(t->next - 1));
}

/**
 * drain() - take every datagram waiting on a slot's socket
 * @r:   the run
 * @idx: the slot
 *
 * Return: nothing (a transfer that ends or fails is finished here).
 */
static void drain(struct tl_run *r, unsigned int idx)
{
	struct tl_xfer *t = &r->x[idx];
	int n, i, rc = 0;

	while (t->fd >= 0 && !rc) {
		for (i = 0; i < TL_BATCH; i++)
			r->msgs[i].msg_hdr.msg_namelen = sizeof(r->from[i]);
		n = recvmmsg(t->fd, r->msgs, TL_BATCH, MSG_DONTWAIT, NULL);
		if (n <= 0)
			return;
		for (i = 0; i < n && !rc; i++)
			rc = take(r, t, r->bufs[i], r->msgs[i].msg_len, &r->from[i]);
		if (rc)
			finish(r, t, idx);
	}
}

/**
 * tick() - retransmit for every slot whose timer ran out; fail those out of tries
 *          (6 sends: the last one 32 s after the first)
 * @r: the run
 *
 * Return: ms until the next deadline (at most TL_RTO_MS: a transfer started
 * in this tick has a full one).
 */
static int tick(struct tl_run *r)
{
	uint64_t now = now_ms(), next = now + TL_RTO_MS;
	unsigned int i;

	for (i = 0; i < r->o.clients; i++) {
		struct tl_xfer *t = &r->x[i];

		if (t->fd < 0)
			continue;
		if (t->deadline <= now) {
			if (++t->tries > TL_TRIES) {
				fail(r, "transfer timed out at block %u (%zu bytes)", t->next, t->got);
				finish(r, t, i);
				continue;
			}
			r->retrans++;
			r->retrans_rrq += !t->tid;
			t->deadline = now + ((uint64_t)TL_RTO_MS << (t->tries - 1));   /* 2, 4, 8, 16, 32 s */
			if (t->tid ? send_ack(r, t, (uint16_t)(t->next - 1)) : send_rrq(r, t))
				finish(r, t, i);
		}
		if (t->fd >= 0 && t->deadline < next)
			next = t->deadline;
	}
	return (int)(next - now);
}

/**
 * load_file() - read the file the server serves, to compare with
 * @r: the run (fills @file and @size)
 *
 * Return: 0, or -1 with the reason on stderr.
 */
static int load_file(struct tl_run *r)
{
	struct stat st;
	ssize_t n = -1;
	int fd = open(r->o.local, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0 && (r->file = malloc((size_t)st.st_size))) {
		r->size = (size_t)st.st_size;
		n = pread(fd, r->file, r->size, 0);
	}
	if (fd >= 0)
		close(fd);
	if (n < 0 || (size_t)n != r->size) {
		fprintf(stderr, "tftp-load: %s: cannot read it whole (or it is empty)\n", r->o.local);
		return -1;
	}
	return 0;
}

/**
 * setup() - the file, the slots, recvmmsg's buffers, epoll and the server address
 * @r: the run, options filled in
 *
 * Return: 0, or -1 with the reason on stderr.
 */
static int setup(struct tl_run *r)
{
	unsigned int i;

	r->srv.sin_family = AF_INET;
	if (inet_pton(AF_INET, r->o.host, &r->srv.sin_addr) != 1) {
		fprintf(stderr, "tftp-load: --host %s: not an IPv4 address\n", r->o.host);
		return -1;
	}
	if (load_file(r))
		return -1;
	r->x = calloc(r->o.clients, sizeof(*r->x));
	r->bufs = malloc(sizeof(*r->bufs) * TL_BATCH);
	r->ep = epoll_create1(EPOLL_CLOEXEC);
	if (!r->x || !r->bufs || r->ep < 0) {
		fprintf(stderr, "tftp-load: out of memory or epoll: %s\n", strerror(errno));
		return -1;
	}
	for (i = 0; i < TL_BATCH; i++) {
		r->iov[i] = (struct iovec){ r->bufs[i], TL_PKT_MAX };
		r->msgs[i].msg_hdr = (struct msghdr){ .msg_name = &r->from[i], .msg_iov = &r->iov[i],
						      .msg_iovlen = 1 };
	}
	r->port = TL_PORT_LO + (unsigned int)(getpid() * 7919u) % (TL_PORT_HI - TL_PORT_LO);
	return 0;
}

/**
 * run_load() - start every slot, then serve the loop until all are done
 * @r: the run, set up
 *
 * Return: the seconds from the first request to the last completion.
 */
static double run_load(struct tl_run *r)
{
	struct epoll_event evs[64];
	struct timespec t0, t1;
	unsigned int i;
	int n, wait = 0;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < r->o.clients; i++) {
		r->x[i].fd = -1;
		r->x[i].left = r->o.rounds - 1;
		start(r, &r->x[i], i);
	}
	while (r->running) {
		n = epoll_wait(r->ep, evs, (int)ARRAY_SIZE(evs), wait);
		for (i = 0; i < (unsigned int)(n > 0 ? n : 0); i++)
			drain(r, evs[i].data.u32);
		wait = tick(r);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/**
 * parse_args() - the command line into @o
 * @argc: argument count
 * @argv: arguments
 * @o:    options (defaults in place)
 *
 * Return: 0, or -1 with the usage on stderr.
 */
static int parse_args(int argc, char **argv, struct tl_opts *o)
{
	static const struct option lo[] = {
		{ "host", 1, NULL, 'h' }, { "port", 1, NULL, 'p' }, { "file", 1, NULL, 'f' },
		{ "local", 1, NULL, 'l' }, { "clients", 1, NULL, 'c' }, { "rounds", 1, NULL, 'r' },
		{ "blksize", 1, NULL, 'b' }, { "windowsize", 1, NULL, 'w' }, { NULL, 0, NULL, 0 }
	};
	int c;

	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		unsigned long v = optarg ? strtoul(optarg, NULL, 10) : 0;

		switch (c) {
		case 'h': o->host = optarg; break;
		case 'p': o->port = (unsigned int)v; break;
		case 'f': o->name = optarg; break;
		case 'l': o->local = optarg; break;
		case 'c': o->clients = (unsigned int)v; break;
		case 'r': o->rounds = (unsigned int)v; break;
		case 'b': o->blksize = (unsigned int)v; break;
		case 'w': o->windowsize = (unsigned int)v; break;
		default: goto usage;
		}
	}
	if (optind == argc && o->port && o->port < 65536 && o->name && o->local && o->clients &&
	    o->clients <= 4096 && o->rounds && o->blksize >= 8 && o->blksize <= 65464 &&
	    o->windowsize && o->windowsize < 65536 && strlen(o->name) < 400)
		return 0;
usage:
	fprintf(stderr, "usage: tftp-load --port PORT --file NAME --local PATH [--host 127.0.0.1]\n"
		"                 [--clients 1..4096] [--rounds N] [--blksize 8..65464] [--windowsize N]\n");
	return -1;
}

/**
 * main() - run the load and print its one-line result
 * @argc: argument count
 * @argv: arguments
 *
 * Return: 0 when every transfer completed with the right bytes, 1 otherwise, 2 on a usage error.
 */
int main(int argc, char **argv)
{
	struct tl_run r = { .o = { "127.0.0.1", 0, NULL, NULL, 64, 10, 1468, 4 } };
	double s;

	if (parse_args(argc, argv, &r.o) || setup(&r))
		return 2;
	s = run_load(&r);
	printf("transfers=%llu bytes=%llu seconds=%.4f MBps=%.2f tps=%.1f retrans=%llu retrans_rrq=%llu ooo=%llu strays=%llu "
	       "oack_windowsize=%llu blksize=%u windowsize=%u failed=%llu\n",
	       (unsigned long long)r.done, (unsigned long long)r.bytes, s, (double)r.bytes / s / 1e6,
	       (double)r.done / s, (unsigned long long)r.retrans, (unsigned long long)r.retrans_rrq,
	       (unsigned long long)r.ooo, (unsigned long long)r.strays,
	       (unsigned long long)r.oack_win, r.agreed_blk, r.agreed_win, (unsigned long long)r.failed);
	if (r.failed)
		fprintf(stderr, "tftp-load: %llu transfer(s) failed; first: %s\n",
			(unsigned long long)r.failed, r.why);
	return r.failed ? 1 : 0;
}
