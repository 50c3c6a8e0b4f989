/* test_scenario_fuzz.c - random and mutated scenario text: never crash, always round-trip */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/scenario.h"
#include "testlib.h"

/* a good scenario touching every part of the language: the mutation seed */
static const char seed_text[] =
	"# seed\n"
	"scenario pxe-to-ipxe\n"
	"  description \"UEFI PXE firmware chainloads iPXE; iPXE boots an iSCSI disk\"\n"
	"  timeout 180s\n"
	"set iqn iqn.2026-11.org.pxelab:boot\n"
	"matrix nic virtio-net e1000\n"
	"lan 10.0.2.0/24 gateway 10.0.2.2\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  lease 1h\n"
	"  reserve 52:54:00:12:34:56 10.0.2.50\n"
	"  no-pxedhcp\n"
	"  when user-class \"iPXE\"   root-path \"iscsi:10.0.2.4:::0:${iqn}\"\n"
	"  when arch 7 nbp-count < 1  file \"snponly.efi\" next-server 10.0.2.2\n"
	"  when vendor-class ^PXEClient  file \"undionly.kpxe\"\n"
	"  when mac 52:54:00:12:34:56 ipxe-feature iscsi  option 66 \"10.0.2.2\" name my-rule\n"
	"  otherwise                next-server 10.0.2.2  file \"snponly.efi\"\n"
	"tftp builtin root fixtures/tftp\n"
	"  serve snponly.efi /usr/lib/ipxe/snponly.efi\n"
	"iscsi builtin target ${iqn} lun 0 image vm-images/out/uefi-marker.img snapshot\n"
	"  chap user secretsecret1 mutual u2 secretsecret2\n"
	"client pc1 firmware uefi nic virtio-net pxe native memory 256 mac 52:54:00:12:34:56\n"
	"client pc2 firmware bios nic ${nic} pxe ipxe-rom\n"
	"fault pc1 rx loss 10% dup 2% reorder 5% delay 5ms jitter 2ms corrupt 0% seed 42\n"
	"stage 1 \"firmware DHCP\"\n"
	"  expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class\n"
	"  expect dhcp ack to pc1 file \"snponly.efi\" lease-time >= 60\n"
	"  within 30s\n"
	"stage 2 \"TFTP download of the NBP\"\n"
	"  expect tftp request \"snponly.efi\" from pc1 option tsize option blksize=1468\n"
	"  expect tftp transfer \"snponly.efi\" complete\n"
	"  never tftp transfer \"snponly.efi\" complete times 2\n"
	"  never tftp error to pc1 code 1\n"
	"  within 20s\n"
	"stage 3 \"iPXE runs\"\n"
	"  expect console \"iPXE\"\n"
	"  expect console ~ \"iPXE [0-9.]+\" from pc1\n"
	"stage 4 \"iPXE DHCP\"\n"
	"  expect dhcp discover from pc1 user-class \"iPXE\" ipxe-feature iscsi option 175 ~ \"^..\"\n"
	"  expect dhcp ack to pc1 root-path ^iscsi: with option 17\n"
	"stage 5 \"iSCSI login\"\n"
	"  expect iscsi login target ${iqn} status success\n"
	"  expect iscsi command opcode read-capacity-10\n"
	"stage 6 \"boot\"\n"
	"  expect iscsi read lba 0 blocks >= 1\n"
	"  expect console \"PXELAB-BOOT-OK\"\n"
	"  within 60s\n"
	"xfail stage 2 \"file not found\"\n";

/* rounds per loop and loops; raise them for a longer local campaign:
 * cc -DSCN_FUZZ_LOOPS=200 ... test_scenario_fuzz.c */
#ifndef SCN_FUZZ_ROUNDS
#define SCN_FUZZ_ROUNDS 1500
#endif
#ifndef SCN_FUZZ_LOOPS
#define SCN_FUZZ_LOOPS 4
#endif

static const char *const splices[] = {
	"${", "}", "\"", "\\", "#", "\n", " ", "${iqn}", "${nic}", "$$",
	"99999999999999999999999999", "^(", "~", "\t", "-", "<", ">=", "=",
	"0x", "%", "ms", "/", ":", "..", "\r\n", "[", "a{99}", "\\1",
	"stage 7 \"x\"\n", "client pc3\n", "matrix m 1 2 3\n", "set v w\n",
};

/**
 * rnd() - xorshift64* step (deterministic: same inputs every run)
 * @s: state
 *
 * Return: 64 random bits.
 */
static uint64_t rnd(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return *s * 2685821657736338717ULL;
}

/**
 * insert() - insert bytes into a buffer
 * @buf: buffer (at least @len + @n + 1 bytes)
 * @len: in/out: length
 * @at:  position
 * @s:   bytes
 * @n:   how many
 */
static void insert(char *buf, size_t *len, size_t at, const char *s, size_t n)
{
	memmove(buf + at + n, buf + at, *len - at);
	memcpy(buf + at, s, n);
	*len += n;
}

/**
 * mutate() - apply one random change to the text
 * @buf: buffer with room for 4 KiB more
 * @len: in/out: length
 * @s:   PRNG state
 * @kw:  every keyword of the language
 * @nkw: number of @kw
 */
static void mutate(char *buf, size_t *len, uint64_t *s, const char **kw,
		   size_t nkw)
{
	size_t at = *len ? rnd(s) % *len : 0, n;
	const char *w;
	char tmp[80];

	switch (rnd(s) % 7) {
	case 0:
		if (*len)
			buf[at] = (char)(rnd(s) & 0xff);
		break;
	case 1:
		n = rnd(s) % 16;
		n = at + n > *len ? *len - at : n;
		memmove(buf + at, buf + at + n, *len - at - n);
		*len -= n;
		break;
	case 2:
		w = kw[rnd(s) % nkw];
		snprintf(tmp, sizeof(tmp), "%s ", w);
		insert(buf, len, at, tmp, strlen(tmp));
		break;
	case 3:
		w = splices[rnd(s) % (ARRAY_SIZE(splices))];
		insert(buf, len, at, w, strlen(w));
		break;
	case 4:
		*len = at;
		break;
	case 5:
		n = rnd(s) % 1024;
		memset(tmp, 'a', sizeof(tmp));
		while (n >= sizeof(tmp)) {
			insert(buf, len, at, tmp, sizeof(tmp));
			n -= sizeof(tmp);
		}
		break;
	default:
		/* swap a word for a keyword */
		while (at < *len && buf[at] != ' ')
			at++;
		w = kw[rnd(s) % nkw];
		insert(buf, len, at < *len ? at + 1 : at, w, strlen(w));
	}
}

/**
 * dump_tail() - scn_dump() without its first (comment) line
 * @sc: scenario
 *
 * Return: malloc'ed text.
 */
static char *dump_tail(const struct scenario *sc)
{
	char *buf = NULL, *nl;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	scn_dump(sc, f);
	fclose(f);
	nl = strchr(buf, '\n');
	memmove(buf, nl + 1, strlen(nl + 1) + 1);
	return buf;
}

/**
 * round_trip() - a parsed instance dumps, parses back and dumps the same
 * @sc:  scenario
 * @src: the input, for the failure message
 */
static void round_trip(const struct scenario *sc, const char *src)
{
	char *one = dump_tail(sc), *two;
	struct scn_list list;
	struct scn_diag d;
	char m[512] = "";
	int rc;

	scn_diag_init(&d);
	rc = scn_parse_buffer("dump", one, strlen(one), NULL, &list, &d);
	if (d.errors)
		scn_msg_format(&d.msg[0], m, sizeof(m));
	ck_assert_msg(rc == 0 && list.n == 1, "dump does not parse back: %s\n--input\n%s\n--dump\n%s",
		      m, src, one);
	two = dump_tail(list.s[0]);
	ck_assert_msg(!strcmp(one, two), "dump changed on re-parse:\n%s\n--\n%s", one, two);
	free(two);
	free(one);
	scn_list_free(&list);
	scn_diag_free(&d);
}

/**
 * run_one() - parse one input and check the contract
 * @buf: input (any bytes)
 * @len: its length
 */
static void run_one(const char *buf, size_t len)
{
	struct scn_list list;
	struct scn_diag d;
	char *copy;
	size_t i;
	int rc;

	scn_diag_init(&d);
	rc = scn_parse_buffer("fuzz", buf, len, NULL, &list, &d);
	ck_assert_msg(rc == 0 || rc == -EINVAL, "rc %d", rc);
	if (rc) {
		ck_assert_uint_ge(d.errors, 1);
		ck_assert_uint_eq(list.n, 0);
		ck_assert_uint_ge(d.n, 1);
	} else {
		ck_assert_uint_eq(d.errors, 0);
		ck_assert_uint_ge(list.n, 1);
		copy = strndup(buf, len);
		for (i = 0; i < list.n; i++)
			round_trip(list.s[i], copy);
		free(copy);
	}
	scn_list_free(&list);
	scn_diag_free(&d);
}

START_TEST(test_mutated)
{
	const char *kw[512];
	size_t nkw = scn_keywords(kw, 512), len;
	char *buf = malloc(1 << 20);
	uint64_t s = 0x9e3779b97f4a7c15ULL + (uint64_t)_i;
	int iter, m;

	ck_assert_ptr_nonnull(buf);
	for (iter = 0; iter < SCN_FUZZ_ROUNDS; iter++) {
		len = sizeof(seed_text) - 1;
		memcpy(buf, seed_text, len);
		for (m = 1 + (int)(rnd(&s) % 4); m > 0; m--)
			if (len < (1 << 20) - 8192)
				mutate(buf, &len, &s, kw, nkw);
		run_one(buf, len);
	}
	free(buf);
}
END_TEST

START_TEST(test_random_bytes)
{
	static const char alphabet[] = "abcdefgxyz0123456789 \n\t\"\\$#{}^~-.:/%<>=";
	char buf[600];
	uint64_t s = 0x2545f4914f6cdd1dULL + (uint64_t)_i;
	size_t len, k;
	int iter;

	for (iter = 0; iter < SCN_FUZZ_ROUNDS; iter++) {
		len = rnd(&s) % sizeof(buf);
		for (k = 0; k < len; k++)
			buf[k] = (rnd(&s) & 3) ? alphabet[rnd(&s) % (sizeof(alphabet) - 1)] :
				 (char)(rnd(&s) & 0xff);
		run_one(buf, len);
	}
}
END_TEST

START_TEST(test_extremes)
{
	size_t big = (4u << 20) + 1, k;
	char *buf = malloc(big + 1);
	struct scn_list list;
	struct scn_diag d;

	ck_assert_ptr_nonnull(buf);
	/* over the size limit */
	memset(buf, '\n', big);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("big", buf, big, NULL, &list, &d), -EFBIG);
	ck_assert_uint_eq(d.errors, 1);
	scn_diag_free(&d);
	/* one 1 MiB line, one 1 MiB string, one 1 MiB number */
	memset(buf, 'a', 1 << 20);
	run_one(buf, 1 << 20);
	buf[0] = '"';
	run_one(buf, 1 << 20);
	memcpy(buf, "scenario t\nclient c memory ", 27);
	memset(buf + 27, '9', (1 << 20) - 27);
	run_one(buf, 1 << 20);
	/* a huge number of short lines and words */
	for (k = 0; k + 2 <= (2u << 20); k += 2)
		memcpy(buf + k, k % 512 ? "a " : "a\n", 2);
	run_one(buf, 2u << 20);
	/* deep nesting in a regex, many matrix values, many variables */
	run_one("scenario t\nclient c\nstage 1 \"s\"\n expect console ~ "
		"\"((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))\"\n",
		strlen("scenario t\nclient c\nstage 1 \"s\"\n expect console ~ "
		       "\"((((((((((((((((((((((((((((((((((((((((a))))))))))))))))))))))))))))))))))))))))\"\n"));
	for (k = 0; k < 300; k++)
		snprintf(buf + k * 15, 16, "set v%07zu x\n", k);
	run_one(buf, 300 * 15);
	free(buf);
}
END_TEST

START_TEST(test_seed_is_good)
{
	struct scn_list list;
	struct scn_diag d;

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("seed", seed_text, sizeof(seed_text) - 1, NULL,
					  &list, &d), 0);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_uint_eq(d.errors, 0);
	round_trip(list.s[0], seed_text);
	round_trip(list.s[1], seed_text);
	scn_list_free(&list);
	scn_diag_free(&d);
}
END_TEST

/**
 * fuzz_suite() - the suite
 *
 * Return: it.
 */
static Suite *fuzz_suite(void)
{
	Suite *s = suite_create("scenario_fuzz");
	TCase *tc = tcase_create("fuzz");

	tcase_set_timeout(tc, 300);
	tcase_add_test(tc, test_seed_is_good);
	tcase_add_loop_test(tc, test_mutated, 0, SCN_FUZZ_LOOPS);
	tcase_add_loop_test(tc, test_random_bytes, 0, SCN_FUZZ_LOOPS / 2 + 1);
	tcase_add_test(tc, test_extremes);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(fuzz_suite)
