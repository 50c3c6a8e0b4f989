/* test_tftp_server.c - unit tests of the TFTP server: transfers, windows, timers, TIDs, options, uploads */
#include "testlib.h"
#include "test_tftp_fake.h"

#include <stdint.h>

#include "core/util.h"

/* the test tree, made once per test case in the parent process */
static char g_dir[64];
static char g_root[128];
static char g_up[128];
static int g_real_snponly;

#define SNPONLY_SIZE 173792
#define BIG_SIZE (65536ULL * 512 + 1000)

/**
 * pattern() - deterministic, non-repeating test bytes
 * @buf:  destination
 * @len:  how many
 * @seed: varies the pattern
 */
static void pattern(uint8_t *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761u + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		buf[i] = (uint8_t)(x >> 16);
	}
}

/**
 * root_path() - a path inside the served root
 * @name: name relative to the root
 *
 * Return: the path, in a static buffer.
 */
static const char *root_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", g_root, name);
	return path;
}

/**
 * make_snponly() - the 173792-byte NBP of the capture: the real one if installed
 */
static void make_snponly(void)
{
	static uint8_t buf[SNPONLY_SIZE];
	FILE *f = fopen("/usr/lib/ipxe/snponly.efi", "rb");

	g_real_snponly = f && fread(buf, 1, sizeof(buf), f) == sizeof(buf) && fgetc(f) == EOF;
	if (f)
		fclose(f);
	if (!g_real_snponly)
		pattern(buf, sizeof(buf), 7);
	write_file(root_path("snponly.efi"), buf, sizeof(buf));
}

/**
 * make_big() - a sparse file past 32 MiB with markers around the rollover
 */
static void make_big(void)
{
	static const uint64_t marks[] = { 0, 65534ULL * 512, 65535ULL * 512, 65536ULL * 512,
					   BIG_SIZE - 10 };
	int fd = open(root_path("big.bin"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	size_t i;

	ck_assert_int_ge(fd, 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)BIG_SIZE), 0);
	for (i = 0; i < ARRAY_SIZE(marks); i++) {
		uint8_t m[10];

		pattern(m, sizeof(m), (uint32_t)i + 100);
		ck_assert_int_eq(pwrite(fd, m, sizeof(m), (off_t)marks[i]), (ssize_t)sizeof(m));
	}
	close(fd);
}

/**
 * tree_setup() - unchecked fixture: the served root and the upload directory
 */
static void tree_setup(void)
{
	uint8_t buf[6000];

	snprintf(g_dir, sizeof(g_dir), "/tmp/pxl-tftp-srv-XXXXXX");
	ck_assert_ptr_nonnull(mkdtemp(g_dir));
	snprintf(g_root, sizeof(g_root), "%s/root", g_dir);
	snprintf(g_up, sizeof(g_up), "%s/upload", g_dir);
	ck_assert_int_eq(mkdir(g_root, 0755), 0);
	ck_assert_int_eq(mkdir(g_up, 0755), 0);
	pattern(buf, sizeof(buf), 1);
	write_file(root_path("small.txt"), buf, 1300);
	write_file(root_path("exact.bin"), buf, 1024);
	write_file(root_path("window.bin"), buf, 10 * 512 + 100);
	write_file(root_path("empty.bin"), buf, 0);
	make_snponly();
	make_big();
	snprintf((char *)buf, sizeof(buf), "%s/exists.bin", g_up);
	write_file((char *)buf, "keep me", 7);
}

/**
 * tree_teardown() - unchecked fixture: remove the tree
 */
static void tree_teardown(void)
{
	rm_tree(g_dir);
}

/**
 * cfg_init() - default configuration on the test tree
 * @cfg: configuration to fill
 */
static void cfg_init(struct tftp_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->root = g_root;
	cfg->upload_dir = g_up;
}

/**
 * assert_file_eq() - received bytes equal a file of the root
 * @name: file name in the root
 * @got:  bytes received
 * @len:  how many
 */
static void assert_file_eq(const char *name, const uint8_t *got, size_t len)
{
	size_t n;
	uint8_t *want = read_file(root_path(name), &n);

	ck_assert_uint_eq(len, n);
	ck_assert_msg(n == 0 || memcmp(got, want, n) == 0, "%s: content differs", name);
	free(want);
}

/**
 * assert_quiet() - no ports held, no timer, no transfer
 * @srv: the server
 * @net: the fake
 */
static void assert_quiet(struct tftp_server *srv, const struct fake_net *net)
{
	ck_assert_uint_eq(tftp_server_active(srv), 0);
	ck_assert_uint_eq(net->n_open, 0);
	ck_assert_uint_eq(net->opens, net->closes);
	ck_assert(tftp_server_next_deadline(srv) == PXL_NEVER);
}

START_TEST(test_plain_lockstep)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;
	const struct fake_pkt *p;
	uint8_t got[1300];
	size_t len = 0;
	uint16_t blk;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	ck_assert_str_eq(fake_ev(&net, "transfer-start")->detail, "blksize=512 windowsize=1");
	ck_assert_str_eq(fake_ev(&net, "transfer-start")->name, "small.txt");
	ck_assert_uint_eq(fake_ev(&net, "transfer-start")->addr, CLI_ADDR);
	for (blk = 1; blk <= 3; blk++) {
		ck_assert_uint_eq(net.n_pkts, blk); /* exactly one DATA per ACK */
		p = fake_last(&net, &pkt);
		ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
		ck_assert_uint_eq(pkt.block, blk);
		ck_assert_uint_eq(pkt.data_len, blk < 3 ? 512 : 276);
		ck_assert_uint_eq(p->src.port, 50000);
		ck_assert_uint_eq(p->src.addr, SRV_ADDR);
		ck_assert_uint_eq(p->dst.port, 2000);
		memcpy(got + len, pkt.data, pkt.data_len);
		len += pkt.data_len;
		fake_ack(srv, &net, 2000, 50000, blk);
	}
	ck_assert_uint_eq(net.n_pkts, 3);
	assert_file_eq("small.txt", got, len);
	ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, 1300);
	ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-complete")->detail,
				     "bytes=1300 blocks=3 retransmits=0 duration_ms="));
	ck_assert_uint_eq(tftp_server_stats(srv)->completed, 1);
	ck_assert_uint_eq(tftp_server_stats(srv)->bytes_sent, 1300);
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_exact_multiple_and_empty)
{
	static const struct {
		const char *name;
		size_t size;
		unsigned int blocks;
	} cases[] = { { "exact.bin", 1024, 3 }, { "empty.bin", 0, 1 } };
	size_t i;

	for (i = 0; i < 2; i++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;
		struct fake_client c;
		struct tftp_pkt pkt;

		fake_init(&net);
		cfg_init(&cfg);
		srv = fake_server(&net, &cfg);
		client_init(&c, 2000, 512, 1, 0);
		fake_req(srv, &net, TFTP_RRQ, 2000, cases[i].name, "octet", NULL);
		client_run(&c, srv, &net);
		ck_assert(c.done);
		ck_assert_uint_eq(net.n_pkts, cases[i].blocks);
		fake_last(&net, &pkt);
		ck_assert_uint_eq(pkt.data_len, 0); /* a final empty block ends it */
		assert_file_eq(cases[i].name, c.data, c.len);
		ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, cases[i].size);
		assert_quiet(srv, &net);
		free(c.data);
		tftp_server_free(srv);
		fake_fini(&net);
	}
}
END_TEST

/**
 * input_fixture() - deliver a captured packet from a client port
 * @srv:   the server
 * @net:   the fake
 * @rel:   fixture path under fixtures/
 * @cport: client port
 * @sport: server port
 */
static void input_fixture(struct tftp_server *srv, struct fake_net *net, const char *rel,
			  uint16_t cport, uint16_t sport)
{
	size_t n;
	uint8_t *buf = pxl_test_fixture(rel, &n);

	fake_input(srv, net, cport, sport, buf, n);
	free(buf);
}

/**
 * assert_oack() - the last packet is an OACK with exactly these options
 * @net:  the fake
 * @want: expected "OACK ..." summary
 */
static void assert_oack(const struct fake_net *net, const char *want)
{
	struct tftp_pkt pkt;
	char line[256];

	fake_last(net, &pkt);
	ck_assert_int_eq(tftp_pkt_summary(&pkt, line, sizeof(line)), 0);
	ck_assert_str_eq(line, want);
}

/**
 * assert_packet_eq_fixture() - a sent packet equals a captured one byte for byte
 * @p:   the sent datagram
 * @rel: fixture path under fixtures/
 */
static void assert_packet_eq_fixture(const struct fake_pkt *p, const char *rel)
{
	size_t n;
	uint8_t *want = pxl_test_fixture(rel, &n);

	ck_assert_uint_eq(p->len, n);
	ck_assert_mem_eq(p->data, want, n);
	free(want);
}

START_TEST(test_ovmf_capture_pattern)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct fake_client c;
	size_t first_data;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	/* frame 16: RRQ snponly.efi tsize=0 blksize=1468 windowsize=4, client port 1812 */
	input_fixture(srv, &net, "packets/tftp-ovmf-rrq-tsize.bin", 1812, TFTP_PORT);
	ck_assert_uint_eq(net.n_pkts, 1);
	assert_oack(&net, "OACK tsize=173792 blksize=1468 windowsize=4");
	ck_assert_uint_eq(net.pkts[0].src.port, 50000);
	ck_assert_str_eq(fake_ev(&net, "transfer-start")->detail,
			 "blksize=1468 windowsize=4 tsize=173792");
	/* frame 18: ERROR 8 "User aborted the transfer" to the TID */
	input_fixture(srv, &net, "packets/tftp-ovmf-error-abort.bin", 1812, 50000);
	ck_assert_uint_eq(net.n_pkts, 1);
	ck_assert_str_eq(fake_ev(&net, "transfer-abort")->detail,
			 "client aborted: User aborted the transfer (error 8)");
	ck_assert_uint_eq(fake_count_ev(&net, "error-sent"), 0);
	ck_assert_uint_eq(tftp_server_stats(srv)->aborted_client, 1);
	assert_quiet(srv, &net);
	/* frame 19: RRQ snponly.efi blksize=1468 windowsize=4, client port 1813 */
	input_fixture(srv, &net, "packets/tftp-ovmf-rrq-window.bin", 1813, TFTP_PORT);
	ck_assert_uint_eq(net.n_pkts, 2);
	assert_oack(&net, "OACK blksize=1468 windowsize=4");
	ck_assert_uint_eq(net.pkts[1].src.port, 50001);
	ck_assert_str_eq(fake_ev(&net, "transfer-start")->detail, "blksize=1468 windowsize=4");
	/* frame 21: ACK 0 -> a window of four DATA at once */
	input_fixture(srv, &net, "packets/tftp-ovmf-ack0.bin", 1813, 50001);
	ck_assert_uint_eq(net.n_pkts, 6);
	first_data = 2;
	client_init(&c, 1813, 1468, 4, first_data);
	c.tid = 50001;
	client_run(&c, srv, &net);
	ck_assert(c.done);
	assert_file_eq("snponly.efi", c.data, c.len);
	/* 118 full blocks and 568 bytes, each sent once */
	ck_assert_uint_eq(net.n_pkts - first_data, 119);
	ck_assert_uint_eq(net.pkts[first_data].len, 1472);
	if (g_real_snponly) { /* same bytes as dnsmasq put on the wire */
		assert_packet_eq_fixture(&net.pkts[first_data], "packets/tftp-dnsmasq-data1.bin");
		assert_packet_eq_fixture(&net.pkts[net.n_pkts - 1],
					 "packets/tftp-dnsmasq-data119-last.bin");
	}
	ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, SNPONLY_SIZE);
	ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-complete")->detail,
				     "bytes=173792 blocks=119 retransmits=0"));
	assert_quiet(srv, &net);
	free(c.data);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_blksize_cap)
{
	static const struct {
		uint16_t max;
		const char *asked;
		const char *oack;
	} cases[] = {
		{ 0, "9000", "OACK blksize=1468" },
		{ 0, "65535", "OACK blksize=1468" },
		{ 0, "512", "OACK blksize=512" },
		{ 0, "8", "OACK blksize=8" },
		{ 8968, "9000", "OACK blksize=8968" },
		{ 8968, "99999999999999999999999", "OACK blksize=8968" },
	};
	size_t i;

	ck_assert_uint_eq(tftp_blksize_for_mtu(1500), 1468);
	ck_assert_uint_eq(tftp_blksize_for_mtu(9000), 8968);
	ck_assert_uint_eq(tftp_blksize_for_mtu(20), 8);
	ck_assert_uint_eq(tftp_blksize_for_mtu(100000), 65464);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;
		struct tftp_pkt pkt;

		fake_init(&net);
		cfg_init(&cfg);
		cfg.max_blksize = cases[i].max;
		srv = fake_server(&net, &cfg);
		fake_req(srv, &net, TFTP_RRQ, 2000, "snponly.efi", "octet", "blksize",
			 cases[i].asked, NULL);
		assert_oack(&net, cases[i].oack);
		fake_ack(srv, &net, 2000, 50000, 0);
		fake_last(&net, &pkt);
		ck_assert_uint_eq(pkt.data_len, (size_t)atoi(cases[i].oack + 13));
		tftp_server_free(srv);
		ck_assert_uint_eq(net.n_open, 0);
		fake_fini(&net);
	}
}
END_TEST

/**
 * netascii_ref() - reference netascii encoding, independent of the server's
 * @in:  raw bytes
 * @len: how many
 * @out: room for 2 * @len bytes
 *
 * Return: encoded length.
 */
static size_t netascii_ref(const uint8_t *in, size_t len, uint8_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (in[i] == '\n') {
			out[n++] = '\r';
			out[n++] = '\n';
		} else if (in[i] == '\r') {
			out[n++] = '\r';
			out[n++] = '\0';
		} else {
			out[n++] = in[i];
		}
	}
	return n;
}

START_TEST(test_netascii)
{
	/* pairs land on block edges with blksize 8: "abcdefg\n" splits CR | LF */
	static const char text[] = "abcdefg\nhij\r\nklmnopq\rrs\n\n\n\r\rtuvwxyz\n";
	static const char *const sizes[] = { "8", "9", "512" };
	uint8_t want[2 * sizeof(text)];
	size_t wlen = netascii_ref((const uint8_t *)text, sizeof(text) - 1, want), i;

	write_file(root_path("text.txt"), text, sizeof(text) - 1);
	for (i = 0; i < 3; i++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;
		struct fake_client c;
		char oack[64];

		fake_init(&net);
		cfg_init(&cfg);
		srv = fake_server(&net, &cfg);
		client_init(&c, 2000, (unsigned int)atoi(sizes[i]), 1, 0);
		fake_req(srv, &net, TFTP_RRQ, 2000, "text.txt", "NetASCII", "blksize", sizes[i],
			 "tsize", "0", NULL);
		snprintf(oack, sizeof(oack), "OACK blksize=%s tsize=%zu", sizes[i], wlen);
		assert_oack(&net, oack);
		ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-start")->detail,
					     "mode=netascii"));
		client_run(&c, srv, &net);
		ck_assert(c.done);
		ck_assert_uint_eq(c.len, wlen);
		ck_assert_mem_eq(c.data, want, wlen);
		ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, wlen);
		assert_quiet(srv, &net);
		free(c.data);
		tftp_server_free(srv);
		fake_fini(&net);
	}
}
END_TEST

START_TEST(test_netascii_window_restart)
{
	static const char text[] = "0123456\n0123456\r0123456\n\r\n\r\n\r\n\rxyz\n";
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;
	uint8_t first3[8], want[2 * sizeof(text)];
	size_t wlen = netascii_ref((const uint8_t *)text, sizeof(text) - 1, want);
	struct fake_client c;

	write_file(root_path("text2.txt"), text, sizeof(text) - 1);
	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "text2.txt", "netascii", "blksize", "8",
		 "windowsize", "4", NULL);
	fake_ack(srv, &net, 2000, 50000, 0);
	ck_assert_uint_eq(net.n_pkts, 5); /* OACK + DATA 1..4 */
	fake_parse(&net, 3, &pkt);
	ck_assert_uint_eq(pkt.block, 3);
	memcpy(first3, pkt.data, 8);
	fake_ack(srv, &net, 2000, 50000, 2); /* lost 3 and 4: restart after 2 */
	ck_assert_uint_eq(net.n_pkts, 9);
	fake_parse(&net, 5, &pkt);
	ck_assert_uint_eq(pkt.block, 3);
	ck_assert_mem_eq(pkt.data, first3, 8);
	/* the rest, acked by a window-4 client that already has 1..2 */
	client_init(&c, 2000, 8, 4, 5);
	c.tid = 50000;
	c.next = 3;
	client_run(&c, srv, &net);
	ck_assert(c.done);
	ck_assert_uint_eq(16 + c.len, wlen);
	ck_assert_mem_eq(c.data, want + 16, c.len);
	assert_quiet(srv, &net);
	free(c.data);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

/**
 * tick_to() - advance the fake clock and run due timers
 * @srv: the server
 * @net: the fake
 * @t:   the new time
 */
static void tick_to(struct tftp_server *srv, struct fake_net *net, uint64_t t)
{
	net->now = t;
	tftp_server_tick(srv, t);
}

START_TEST(test_retransmit_backoff_giveup)
{
	/* seconds after T0 at which DATA 1 goes out: 1, 2, 4, 8, then capped at 8 */
	static const uint64_t at[] = { 0, 1, 3, 7, 15, 23 };
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	size_t i;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	for (i = 1; i < ARRAY_SIZE(at); i++) {
		uint64_t due = T0 + at[i] * PXL_NS_PER_SEC;

		ck_assert_uint_eq(tftp_server_next_deadline(srv), due);
		tick_to(srv, &net, due - 1);
		ck_assert_uint_eq(net.n_pkts, i);
		tick_to(srv, &net, due);
		ck_assert_uint_eq(net.n_pkts, i + 1);
		ck_assert_uint_eq(net.pkts[i].when, due);
		ck_assert_uint_eq(net.pkts[i].len, net.pkts[0].len);
		ck_assert_mem_eq(net.pkts[i].data, net.pkts[0].data, net.pkts[0].len);
	}
	ck_assert_uint_eq(tftp_server_next_deadline(srv), T0 + 31 * PXL_NS_PER_SEC);
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-abort"), 0);
	tick_to(srv, &net, T0 + 31 * PXL_NS_PER_SEC);
	ck_assert_uint_eq(net.n_pkts, 6); /* gave up without another packet */
	ck_assert_str_eq(fake_ev(&net, "transfer-abort")->detail, "timeout");
	ck_assert_uint_eq(tftp_server_stats(srv)->aborted_timeout, 1);
	ck_assert_uint_eq(tftp_server_stats(srv)->retransmits, 5);
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_final_ack_lost_says_so)
{
	/* blocks 1 and 2 acknowledged, 3 (the last) sent and never acknowledged:
	 * the abandonment says every block went out, unlike a stalled download */
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	fake_ack(srv, &net, 2000, 50000, 1);
	fake_ack(srv, &net, 2000, 50000, 2);
	while (tftp_server_active(srv))
		tick_to(srv, &net, tftp_server_next_deadline(srv));
	ck_assert_str_eq(fake_ev(&net, "transfer-abort")->detail,
			 "timeout: every block sent, acknowledged up to 2 of 3 (the final ACK may be what was lost)");
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-complete"), 0);
	ck_assert_uint_eq(tftp_server_stats(srv)->aborted_timeout, 1);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_timeout_option_and_backoff_reset)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", "timeout", "3", NULL);
	assert_oack(&net, "OACK timeout=3");
	ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-start")->detail, "timeout=3"));
	ck_assert_uint_eq(tftp_server_next_deadline(srv), T0 + 3 * PXL_NS_PER_SEC);
	tick_to(srv, &net, T0 + 3 * PXL_NS_PER_SEC);
	ck_assert_uint_eq(net.n_pkts, 2);
	assert_oack(&net, "OACK timeout=3");
	ck_assert_uint_eq(tftp_server_next_deadline(srv), T0 + 9 * PXL_NS_PER_SEC);
	net.now = T0 + 4 * PXL_NS_PER_SEC;
	fake_ack(srv, &net, 2000, 50000, 0);
	fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
	/* progress resets the backoff to the negotiated 3 s */
	ck_assert_uint_eq(tftp_server_next_deadline(srv), T0 + 7 * PXL_NS_PER_SEC);
	tftp_server_free(srv);
	ck_assert_uint_eq(net.n_open, 0);
	fake_fini(&net);
}
END_TEST

START_TEST(test_duplicate_acks_lockstep)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	/* DATA 1 is retransmitted after a timeout, and the client acks both copies */
	tick_to(srv, &net, T0 + PXL_NS_PER_SEC);
	ck_assert_uint_eq(net.n_pkts, 2);
	fake_ack(srv, &net, 2000, 50000, 1);
	ck_assert_uint_eq(net.n_pkts, 3);
	fake_ack(srv, &net, 2000, 50000, 1); /* Sorcerer's Apprentice: must not send DATA 2 again */
	fake_ack(srv, &net, 2000, 50000, 0);
	ck_assert_uint_eq(net.n_pkts, 3);
	fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.block, 2);
	ck_assert_uint_eq(tftp_server_stats(srv)->drops[TFTP_DROP_STALE_ACK], 2);
	fake_ack(srv, &net, 2000, 50000, 2);
	fake_ack(srv, &net, 2000, 50000, 3);
	ck_assert_uint_eq(net.n_pkts, 4);
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-complete"), 1);
	ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-complete")->detail, "retransmits=1"));
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

/**
 * assert_blocks() - sent packets [from, n_pkts) are DATA with these block numbers
 * @net:    the fake
 * @from:   first packet index
 * @blocks: expected block numbers
 * @n:      how many packets there must be
 */
static void assert_blocks(const struct fake_net *net, size_t from, const uint16_t *blocks,
			  size_t n)
{
	size_t i;

	ck_assert_uint_eq(net->n_pkts - from, n);
	for (i = 0; i < n; i++) {
		struct tftp_pkt pkt;

		fake_parse(net, from + i, &pkt);
		ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
		ck_assert_uint_eq(pkt.block, blocks[i]);
	}
}

START_TEST(test_window_slide_and_restart)
{
	static const uint16_t w1[] = { 1, 2, 3, 4 }, w2[] = { 5, 6, 7, 8 },
			      w3[] = { 7, 8, 9, 10 }, w4[] = { 11 };
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	size_t mark;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "window.bin", "octet", "windowsize", "4", NULL);
	assert_oack(&net, "OACK windowsize=4");
	mark = net.n_pkts;
	fake_ack(srv, &net, 2000, 50000, 0);
	assert_blocks(&net, mark, w1, 4);
	mark = net.n_pkts;
	fake_ack(srv, &net, 2000, 50000, 4); /* full window: slide */
	assert_blocks(&net, mark, w2, 4);
	mark = net.n_pkts;
	fake_ack(srv, &net, 2000, 50000, 4); /* duplicate: ignored */
	fake_ack(srv, &net, 2000, 50000, 2); /* older: ignored */
	fake_ack(srv, &net, 2000, 50000, 0); /* the OACK's ACK again: ignored */
	fake_ack(srv, &net, 2000, 50000, 99); /* never sent: ignored */
	ck_assert_uint_eq(net.n_pkts, mark);
	ck_assert_uint_eq(tftp_server_stats(srv)->drops[TFTP_DROP_STALE_ACK], 3);
	ck_assert_uint_eq(tftp_server_stats(srv)->drops[TFTP_DROP_FUTURE_ACK], 1);
	fake_ack(srv, &net, 2000, 50000, 6); /* RFC 7440: restart after the last block received */
	assert_blocks(&net, mark, w3, 4);
	mark = net.n_pkts;
	fake_ack(srv, &net, 2000, 50000, 10);
	assert_blocks(&net, mark, w4, 1);
	fake_ack(srv, &net, 2000, 50000, 11);
	ck_assert_ptr_nonnull(strstr(fake_ev(&net, "transfer-complete")->detail,
				     "bytes=5220 blocks=11 retransmits=2"));
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_window_timeout_resends_window)
{
	static const uint16_t w[] = { 1, 2, 3 };
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	size_t mark;

	fake_init(&net);
	cfg_init(&cfg);
	cfg.max_windowsize = 3;
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "window.bin", "octet", "windowsize", "16", NULL);
	assert_oack(&net, "OACK windowsize=3"); /* capped by configuration */
	fake_ack(srv, &net, 2000, 50000, 0);
	mark = net.n_pkts;
	tick_to(srv, &net, T0 + PXL_NS_PER_SEC);
	assert_blocks(&net, mark, w, 3);
	ck_assert_uint_eq(tftp_server_stats(srv)->retransmits, 3);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_stray_tid)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;
	const struct fake_pkt *p;
	uint8_t ack1[4], err[32];
	struct pxl_dgram other = { .src = { 0x0a000299u, 2000 }, .dst = { SRV_ADDR, 50000 },
				   .data = ack1, .len = 4 };
	int elen = tftp_build_error(err, sizeof(err), 0, "go away");

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	tftp_build_ack(ack1, sizeof(ack1), 1);
	fake_input(srv, &net, 3333, 50000, ack1, 4); /* right host, wrong port */
	p = fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.opcode, TFTP_ERROR);
	ck_assert_uint_eq(pkt.err_code, TFTP_EBADID);
	ck_assert_uint_eq(p->src.port, 50000);
	ck_assert_uint_eq(p->dst.port, 3333);
	ck_assert_int_eq(tftp_server_input(srv, &other, net.now), 0); /* wrong host, right port */
	p = fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.err_code, TFTP_EBADID);
	ck_assert_uint_eq(p->dst.addr, 0x0a000299u);
	ck_assert_uint_eq(net.n_pkts, 3);
	fake_input(srv, &net, 3333, 50000, err, (size_t)elen); /* a stray ERROR is not answered */
	ck_assert_uint_eq(net.n_pkts, 3);
	fake_ack(srv, &net, 2000, 40000, 1); /* a port with no transfer */
	ck_assert_uint_eq(net.n_pkts, 3);
	ck_assert_uint_eq(tftp_server_stats(srv)->drops[TFTP_DROP_STRAY_TID], 3);
	ck_assert_uint_eq(tftp_server_stats(srv)->drops[TFTP_DROP_NO_TRANSFER], 1);
	ck_assert_uint_eq(tftp_server_stats(srv)->errors_sent[TFTP_EBADID], 2);
	/* the transfer did not notice */
	ck_assert_uint_eq(tftp_server_active(srv), 1);
	fake_ack(srv, &net, 2000, 50000, 1);
	fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
	ck_assert_uint_eq(pkt.block, 2);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_block_rollover)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct fake_client c;
	struct tftp_pkt pkt;
	size_t n;
	uint8_t *want;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	client_init(&c, 2000, 512, 1, 0);
	fake_req(srv, &net, TFTP_RRQ, 2000, "big.bin", "octet", NULL);
	client_run(&c, srv, &net);
	ck_assert(c.done);
	ck_assert_uint_eq(net.n_pkts, 65538); /* 65536 full blocks, then 1000 bytes in 2 */
	fake_parse(&net, 65534, &pkt);
	ck_assert_uint_eq(pkt.block, 65535);
	fake_parse(&net, 65535, &pkt);
	ck_assert_uint_eq(pkt.block, 0); /* block 65536 rolls over to 0 */
	fake_parse(&net, 65536, &pkt);
	ck_assert_uint_eq(pkt.block, 1);
	ck_assert_uint_eq(pkt.data_len, 512);
	fake_parse(&net, 65537, &pkt);
	ck_assert_uint_eq(pkt.block, 2);
	ck_assert_uint_eq(pkt.data_len, 1000 - 512);
	want = read_file(root_path("big.bin"), &n);
	ck_assert_uint_eq(c.len, n);
	ck_assert(memcmp(c.data, want, n) == 0);
	ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, BIG_SIZE);
	ck_assert_uint_eq(tftp_server_stats(srv)->retransmits, 0);
	assert_quiet(srv, &net);
	free(want);
	free(c.data);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

/**
 * struct neg_case - an option value that must fail negotiation
 * @opt:  option name
 * @val:  its value
 * @code: expected TFTP error code
 */
struct neg_case {
	const char *opt;
	const char *val;
	uint16_t code;
};

static const struct neg_case neg_cases[] = {
	{ "blksize", "7", TFTP_EOPTNEG },   { "blksize", "0", TFTP_EOPTNEG },
	{ "blksize", "abc", TFTP_EOPTNEG }, { "blksize", "", TFTP_EOPTNEG },
	{ "blksize", "-1", TFTP_EOPTNEG },  { "blksize", " 512", TFTP_EOPTNEG },
	{ "timeout", "0", TFTP_EOPTNEG },   { "timeout", "256", TFTP_EOPTNEG },
	{ "windowsize", "0", TFTP_EOPTNEG }, { "tsize", "x", TFTP_EOPTNEG },
};

START_TEST(test_option_negotiation_errors)
{
	const struct neg_case *nc = &neg_cases[_i];
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	const struct fake_pkt *p;
	struct tftp_pkt pkt;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", nc->opt, nc->val, NULL);
	ck_assert_uint_eq(net.n_pkts, 1);
	expect_error(&net, nc->code);
	p = fake_last(&net, &pkt);
	ck_assert_uint_ne(p->src.port, TFTP_PORT); /* from a fresh TID, given back */
	ck_assert_uint_eq(fake_ev(&net, "error-sent")->value, nc->code);
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-start"), 0);
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_unknown_and_duplicate_options)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", "foo", "bar", "BlkSize", "1024",
		 "blksize", "2000", "multicast", "", NULL);
	assert_oack(&net, "OACK blksize=1024");
	fake_req(srv, &net, TFTP_RRQ, 2001, "small.txt", "octet", "foo", "bar", NULL);
	fake_last(&net, &pkt); /* nothing acknowledged: plain RFC 1350, DATA 1 at once */
	ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
	ck_assert_uint_eq(pkt.block, 1);
	ck_assert_uint_eq(pkt.data_len, 512);
	tftp_server_free(srv);
	ck_assert_uint_eq(net.n_open, 0);
	fake_fini(&net);
}
END_TEST

START_TEST(test_wrq_refused)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_WRQ, 2000, "new.bin", "octet", NULL);
	ck_assert_str_eq(expect_error(&net, TFTP_EBADOP), "uploads not allowed");
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

/**
 * fake_data() - the client sends a DATA block to a TID
 * @srv:   the server
 * @net:   the fake
 * @cport: client port
 * @tid:   server TID
 * @block: block number
 * @data:  payload
 * @len:   its length (at most 1024)
 */
static void fake_data(struct tftp_server *srv, struct fake_net *net, uint16_t cport,
		      uint16_t tid, uint16_t block, const void *data, size_t len)
{
	uint8_t buf[4 + 1024];
	int n = tftp_build_data(buf, sizeof(buf), block, data, len);

	ck_assert_int_gt(n, 0);
	fake_input(srv, net, cport, tid, buf, (size_t)n);
}

/**
 * expect_ack() - the last packet is an ACK of @block from @tid
 */
static void expect_ack(const struct fake_net *net, uint16_t tid, uint16_t block)
{
	struct tftp_pkt pkt;
	const struct fake_pkt *p = fake_last(net, &pkt);

	ck_assert_uint_eq(pkt.opcode, TFTP_ACK);
	ck_assert_uint_eq(pkt.block, block);
	ck_assert_uint_eq(p->src.port, tid);
}

/**
 * up_path() - a path in the upload directory
 * @name: file name
 *
 * Return: the path, in a static buffer.
 */
static const char *up_path(const char *name)
{
	static char path[256];

	snprintf(path, sizeof(path), "%s/%s", g_up, name);
	return path;
}

START_TEST(test_wrq_upload)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	uint8_t src[1300];
	uint8_t *got;
	size_t n, before;

	pattern(src, sizeof(src), 42);
	fake_init(&net);
	cfg_init(&cfg);
	cfg.allow_upload = 1;
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_WRQ, 2000, "up1.bin", "octet", "tsize", "1300", "blksize", "512",
		 "windowsize", "8", NULL);
	assert_oack(&net, "OACK tsize=1300 blksize=512"); /* no windowsize on uploads */
	ck_assert_str_eq(fake_ev(&net, "transfer-start")->detail,
			 "blksize=512 windowsize=1 tsize=1300 upload");
	fake_data(srv, &net, 2000, 50000, 1, src, 512);
	expect_ack(&net, 50000, 1);
	before = net.n_pkts;
	fake_data(srv, &net, 2000, 50000, 1, src, 512); /* our ACK was lost: ACK again */
	expect_ack(&net, 50000, 1);
	ck_assert_uint_eq(net.n_pkts, before + 1);
	fake_data(srv, &net, 2000, 50000, 3, src, 512); /* out of sequence: dropped */
	ck_assert_uint_eq(net.n_pkts, before + 1);
	fake_data(srv, &net, 2000, 50000, 2, src + 512, 512);
	expect_ack(&net, 50000, 2);
	fake_data(srv, &net, 2000, 50000, 3, src + 1024, 276);
	expect_ack(&net, 50000, 3);
	ck_assert_uint_eq(fake_ev(&net, "transfer-complete")->value, 1300);
	got = read_file(up_path("up1.bin"), &n);
	ck_assert_uint_eq(n, sizeof(src));
	ck_assert_mem_eq(got, src, n);
	free(got);
	/* dally: the last ACK is repeated if the last DATA is, then the port goes */
	fake_data(srv, &net, 2000, 50000, 3, src + 1024, 276);
	expect_ack(&net, 50000, 3);
	ck_assert_uint_eq(tftp_server_active(srv), 1);
	tick_to(srv, &net, tftp_server_next_deadline(srv));
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-abort"), 0);
	assert_quiet(srv, &net);
	ck_assert_uint_eq(tftp_server_stats(srv)->bytes_received, 1300);
	ck_assert_int_eq(access(up_path("up1.bin"), F_OK), 0);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_wrq_plain_netascii)
{
	static const char wire[] = "line1\r\nline2\r\0end\r\n";
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	uint8_t *got;
	size_t n;

	fake_init(&net);
	cfg_init(&cfg);
	cfg.allow_upload = 1;
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_WRQ, 2000, "sub-less.txt", "netascii", NULL);
	expect_ack(&net, 50000, 0); /* no options: ACK 0 */
	fake_data(srv, &net, 2000, 50000, 1, wire, sizeof(wire) - 1);
	expect_ack(&net, 50000, 1);
	got = read_file(up_path("sub-less.txt"), &n);
	ck_assert_uint_eq(n, 16);
	ck_assert_mem_eq(got, "line1\nline2\rend\n", 16);
	free(got);
	tftp_server_free(srv);
	ck_assert_uint_eq(net.n_open, 0);
	fake_fini(&net);
}
END_TEST

START_TEST(test_wrq_refusals)
{
	static const struct {
		const char *name;
		const char *tsize;
		uint16_t code;
	} cases[] = {
		{ "exists.bin", "0", TFTP_EEXISTS },   { "../root/x.bin", "0", TFTP_EACCESS },
		{ "/tmp/x.bin", "0", TFTP_ENOTFOUND }, { "nodir/x.bin", "0", TFTP_ENOTFOUND },
		{ "huge.bin", "67108865", TFTP_ENOSPACE },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;
		uint8_t *got;
		size_t n;

		fake_init(&net);
		cfg_init(&cfg);
		cfg.allow_upload = 1;
		srv = fake_server(&net, &cfg);
		fake_req(srv, &net, TFTP_WRQ, 2000, cases[i].name, "octet", "tsize", cases[i].tsize,
			 NULL);
		expect_error(&net, cases[i].code);
		assert_quiet(srv, &net);
		tftp_server_free(srv);
		fake_fini(&net);
		got = read_file(up_path("exists.bin"), &n); /* never overwritten */
		ck_assert_uint_eq(n, 7);
		ck_assert_mem_eq(got, "keep me", 7);
		free(got);
	}
	ck_assert_int_ne(access(up_path("huge.bin"), F_OK), 0); /* refused after create: removed */
}
END_TEST

START_TEST(test_wrq_aborts_remove_partial)
{
	uint8_t src[512] = { 1 };
	int round;

	for (round = 0; round < 2; round++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;

		fake_init(&net);
		cfg_init(&cfg);
		cfg.allow_upload = 1;
		cfg.max_upload_bytes = 1000;
		srv = fake_server(&net, &cfg);
		fake_req(srv, &net, TFTP_WRQ, 2000, "partial.bin", "octet", NULL);
		fake_data(srv, &net, 2000, 50000, 1, src, 512);
		ck_assert_int_eq(access(up_path("partial.bin"), F_OK), 0);
		if (round == 0) { /* over the limit: error 3 */
			fake_data(srv, &net, 2000, 50000, 2, src, 512);
			ck_assert_str_eq(expect_error(&net, TFTP_ENOSPACE), "upload too large");
		} else { /* the client goes silent */
			while (tftp_server_active(srv))
				tick_to(srv, &net, tftp_server_next_deadline(srv));
			ck_assert_str_eq(fake_ev(&net, "transfer-abort")->detail, "timeout");
		}
		ck_assert_int_ne(access(up_path("partial.bin"), F_OK), 0);
		assert_quiet(srv, &net);
		tftp_server_free(srv);
		fake_fini(&net);
	}
}
END_TEST

START_TEST(test_concurrent_transfers)
{
	static const char *const names[] = { "small.txt", "snponly.efi", "window.bin" };
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct fake_client c[3];
	int i, busy = 1;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	for (i = 0; i < 3; i++) {
		client_init(&c[i], (uint16_t)(3000 + i), 1468, 2, 0);
		fake_req(srv, &net, TFTP_RRQ, c[i].cport, names[i], "octet", "blksize", "1468",
			 "windowsize", "2", NULL);
	}
	ck_assert_uint_eq(tftp_server_active(srv), 3);
	while (busy) { /* each client answers in turn */
		busy = 0;
		for (i = 0; i < 3; i++) {
			size_t before = net.n_pkts;

			client_run(&c[i], srv, &net);
			busy |= net.n_pkts != before || c[i].seen < net.n_pkts;
		}
	}
	for (i = 0; i < 3; i++) {
		ck_assert(c[i].done);
		ck_assert_uint_eq(c[i].tid, 50000 + i);
		assert_file_eq(names[i], c[i].data, c[i].len);
		free(c[i].data);
	}
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-complete"), 3);
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

START_TEST(test_malformed_and_misplaced)
{
	static const uint8_t no_mode[] = "\x00\x01small.txt\0";
	static const uint8_t one[] = { 0x00 };
	static const uint8_t ack_on_69[] = { 0, 4, 0, 1 };
	static const uint8_t bad_op[] = { 0, 9, 1, 2 };
	static const uint8_t rrq[] = "\x00\x01small.txt\0octet\0";
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct tftp_pkt pkt;
	const struct tftp_stats *st;

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	st = tftp_server_stats(srv);
	fake_input(srv, &net, 2000, TFTP_PORT, no_mode, sizeof(no_mode) - 1);
	ck_assert_str_eq(expect_error(&net, TFTP_EUNDEF),
			 "malformed request: missing or unterminated mode");
	ck_assert_uint_eq(net.pkts[0].src.port, 50000);
	fake_input(srv, &net, 2000, TFTP_PORT, one, sizeof(one));
	fake_input(srv, &net, 2000, TFTP_PORT, ack_on_69, sizeof(ack_on_69));
	fake_input(srv, &net, 2000, TFTP_PORT, bad_op, sizeof(bad_op));
	ck_assert_uint_eq(net.n_pkts, 1); /* none of those is answered */
	ck_assert_uint_eq(st->malformed[TFTP_PERR_NO_MODE], 1);
	ck_assert_uint_eq(st->malformed[TFTP_PERR_SHORT], 1);
	ck_assert_uint_eq(st->malformed[TFTP_PERR_OPCODE], 1);
	ck_assert_uint_eq(st->drops[TFTP_DROP_MALFORMED], 2);
	ck_assert_uint_eq(st->drops[TFTP_DROP_UNEXPECTED], 1);
	ck_assert_str_eq(fake_ev(&net, "drop")->detail, "unknown opcode");
	/* garbage inside a transfer is dropped; the transfer goes on */
	fake_req(srv, &net, TFTP_RRQ, 2001, "small.txt", "octet", NULL);
	fake_input(srv, &net, 2001, 50001, one, sizeof(one));
	fake_input(srv, &net, 2001, 50001, rrq, sizeof(rrq) - 1); /* a request to a TID */
	ck_assert_uint_eq(net.n_pkts, 2);
	ck_assert_uint_eq(st->drops[TFTP_DROP_MALFORMED], 3);
	ck_assert_uint_eq(st->drops[TFTP_DROP_UNEXPECTED], 2);
	fake_ack(srv, &net, 2001, 50001, 1);
	fake_last(&net, &pkt);
	ck_assert_uint_eq(pkt.block, 2);
	/* the same request again from the same client port while it runs */
	fake_req(srv, &net, TFTP_RRQ, 2001, "small.txt", "octet", NULL);
	ck_assert_uint_eq(net.n_pkts, 3);
	ck_assert_uint_eq(st->drops[TFTP_DROP_DUP_REQUEST], 1);
	ck_assert_uint_eq(tftp_server_active(srv), 1);
	ck_assert_int_eq(tftp_server_input(srv, NULL, 0), -EINVAL);
	tftp_server_free(srv);
	ck_assert_uint_eq(net.n_open, 0);
	fake_fini(&net);
}
END_TEST

START_TEST(test_modes_and_not_found)
{
	static const struct {
		const char *name;
		const char *mode;
		int code; /* -1: served */
	} cases[] = {
		{ "small.txt", "mail", TFTP_EBADOP },   { "small.txt", "binary", TFTP_EBADOP },
		{ "small.txt", "OCTET", -1 },           { "nope.bin", "octet", TFTP_ENOTFOUND },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct fake_net net;
		struct tftp_config cfg;
		struct tftp_server *srv;
		struct tftp_pkt pkt;

		fake_init(&net);
		cfg_init(&cfg);
		srv = fake_server(&net, &cfg);
		fake_req(srv, &net, TFTP_RRQ, 2000, cases[i].name, cases[i].mode, NULL);
		if (cases[i].code >= 0) {
			expect_error(&net, (uint16_t)cases[i].code);
			assert_quiet(srv, &net);
		} else {
			fake_last(&net, &pkt);
			ck_assert_uint_eq(pkt.opcode, TFTP_DATA);
		}
		tftp_server_free(srv);
		fake_fini(&net);
	}
}
END_TEST

START_TEST(test_server_new_errors)
{
	struct pxl_udp_transport tp = { &fake_ops, NULL };
	struct pxl_event_sink sink = { NULL, NULL };
	struct tftp_config cfg;

	cfg_init(&cfg);
	cfg.root = "/nonexistent/pxelab-tftp";
	errno = 0;
	ck_assert_ptr_null(tftp_server_new(&cfg, tp, sink));
	ck_assert_int_eq(errno, ENOENT);
	cfg.root = root_path("small.txt");
	ck_assert_ptr_null(tftp_server_new(&cfg, tp, sink));
	ck_assert_int_eq(errno, ENOTDIR);
	cfg_init(&cfg);
	cfg.allow_upload = 1;
	cfg.upload_dir = NULL;
	ck_assert_ptr_null(tftp_server_new(&cfg, tp, sink));
	ck_assert_int_eq(errno, EINVAL);
	cfg_init(&cfg);
	tp.ops = NULL;
	ck_assert_ptr_null(tftp_server_new(&cfg, tp, sink));
	ck_assert_int_eq(errno, EINVAL);
}
END_TEST

START_TEST(test_busy_and_no_port)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	const struct fake_pkt *p;
	struct tftp_pkt pkt;

	fake_init(&net);
	cfg_init(&cfg);
	cfg.max_transfers = 1;
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	fake_req(srv, &net, TFTP_RRQ, 2001, "small.txt", "octet", NULL);
	ck_assert_str_eq(expect_error(&net, TFTP_EUNDEF), "server busy");
	ck_assert_uint_eq(tftp_server_active(srv), 1);
	ck_assert_uint_eq(net.n_open, 1);
	tftp_server_free(srv); /* frees the running transfer and its port, silently */
	ck_assert_uint_eq(net.n_open, 0);
	ck_assert_uint_eq(fake_count_ev(&net, "transfer-abort"), 0);
	fake_fini(&net);

	fake_init(&net);
	cfg_init(&cfg);
	srv = fake_server(&net, &cfg);
	net.fail_open = 1;
	fake_req(srv, &net, TFTP_RRQ, 2000, "small.txt", "octet", NULL);
	expect_error(&net, TFTP_EUNDEF);
	p = fake_last(&net, &pkt);
	ck_assert_uint_eq(p->src.port, TFTP_PORT); /* no port to spare: from the listen port */
	assert_quiet(srv, &net);
	tftp_server_free(srv);
	fake_fini(&net);
}
END_TEST

/**
 * rnd() - a small deterministic generator for the garbage test
 * @x: state
 *
 * Return: the next 32-bit value.
 */
static uint32_t rnd(uint32_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 17;
	*x ^= *x << 5;
	return *x;
}

START_TEST(test_garbage_never_hurts)
{
	struct fake_net net;
	struct tftp_config cfg;
	struct tftp_server *srv;
	struct fake_client c;
	uint32_t seed = 0x1234567u;
	uint8_t buf[700];
	int i;

	fake_init(&net);
	cfg_init(&cfg);
	cfg.allow_upload = 1;
	srv = fake_server(&net, &cfg);
	fake_req(srv, &net, TFTP_RRQ, 2000, "snponly.efi", "octet", "windowsize", "4", NULL);
	for (i = 0; i < 20000; i++) { /* random opcodes, lengths, bytes, ports and sources */
		size_t len = rnd(&seed) % sizeof(buf), k;
		uint16_t cport = (uint16_t)(1 + rnd(&seed) % 3000), sport;

		for (k = 0; k < len; k++)
			buf[k] = (uint8_t)rnd(&seed);
		if (len >= 2) {
			buf[0] = 0;
			buf[1] = (uint8_t)(rnd(&seed) % 8);
		}
		sport = (rnd(&seed) & 1) ? TFTP_PORT : (uint16_t)(50000 + rnd(&seed) % 4);
		fake_input(srv, &net, cport, sport, buf, len);
		if (!(i % 100))
			tick_to(srv, &net, net.now + 500 * PXL_NS_PER_MS);
	}
	while (tftp_server_active(srv)) /* whatever started times out */
		tick_to(srv, &net, tftp_server_next_deadline(srv));
	assert_quiet(srv, &net);
	ck_assert_uint_gt(tftp_server_stats(srv)->drops[TFTP_DROP_MALFORMED], 1000);
	/* and a real client is still served */
	client_init(&c, 2999, 512, 1, net.n_pkts);
	fake_req(srv, &net, TFTP_RRQ, 2999, "small.txt", "octet", NULL);
	client_run(&c, srv, &net);
	ck_assert(c.done);
	assert_file_eq("small.txt", c.data, c.len);
	free(c.data);
	tftp_server_free(srv);
	fake_fini(&net);
	rm_tree(g_up); /* random uploads may have landed there */
	ck_assert_int_eq(mkdir(g_up, 0755), 0);
	write_file(up_path("exists.bin"), "keep me", 7);
}
END_TEST

/**
 * tftp_server_suite() - the server's test suite
 *
 * Return: the suite.
 */
static Suite *tftp_server_suite(void)
{
	Suite *s = suite_create("tftp_server");
	TCase *tc = tcase_create("server");

	tcase_add_unchecked_fixture(tc, tree_setup, tree_teardown);
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_plain_lockstep);
	tcase_add_test(tc, test_exact_multiple_and_empty);
	tcase_add_test(tc, test_ovmf_capture_pattern);
	tcase_add_test(tc, test_blksize_cap);
	tcase_add_test(tc, test_netascii);
	tcase_add_test(tc, test_netascii_window_restart);
	tcase_add_test(tc, test_retransmit_backoff_giveup);
	tcase_add_test(tc, test_timeout_option_and_backoff_reset);
	tcase_add_test(tc, test_final_ack_lost_says_so);
	tcase_add_test(tc, test_duplicate_acks_lockstep);
	tcase_add_test(tc, test_window_slide_and_restart);
	tcase_add_test(tc, test_window_timeout_resends_window);
	tcase_add_test(tc, test_stray_tid);
	tcase_add_test(tc, test_block_rollover);
	tcase_add_loop_test(tc, test_option_negotiation_errors, 0,
			    ARRAY_SIZE(neg_cases));
	tcase_add_test(tc, test_unknown_and_duplicate_options);
	tcase_add_test(tc, test_wrq_refused);
	tcase_add_test(tc, test_wrq_upload);
	tcase_add_test(tc, test_wrq_plain_netascii);
	tcase_add_test(tc, test_wrq_refusals);
	tcase_add_test(tc, test_wrq_aborts_remove_partial);
	tcase_add_test(tc, test_concurrent_transfers);
	tcase_add_test(tc, test_malformed_and_misplaced);
	tcase_add_test(tc, test_modes_and_not_found);
	tcase_add_test(tc, test_server_new_errors);
	tcase_add_test(tc, test_busy_and_no_port);
	tcase_add_test(tc, test_garbage_never_hurts);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(tftp_server_suite)
