/* test_judge.c - the stage judge, table-driven: scenario text and observations in, verdicts and diagnoses out
 *
 * One row per variant, each named: the stages of a small scenario (parsed
 * with the real parser), the observations of a run in arrival order (built
 * with the wire observer's own record builders, console lines as the
 * engine makes them), and what the judge must conclude: each stage's
 * verdict, when it ended, a substring of the diagnosis and, for an xfail
 * scenario, the outcome and its note.  run_row() drives the judge as the
 * engine does: a deadline tick every 100 ms, each observation stored then
 * fed (console pieces fed without being stored), the run's end expiring
 * whatever is still open.  No QEMU.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "engine/judge.h"
#include "lang/scenario.h"
#include "net/transport.h"
#include "testlib.h"
#include "wire/wire_priv.h"

#define T0 (1000 * PXL_NS_PER_SEC) /* the run start: not 0, so times are taken relative to it */
#define TICK_MS 100                /* the engine's deadline tick */
#define MAX_EV 12
#define MAX_OBS 64
#define PC2_MAC "52:54:00:00:00:02"

/* the clients' MACs: pc1's is the parser's default, pc2's is PC2_MAC */
static const uint8_t pc1_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
static const uint8_t pc2_mac[6] = { 0x52, 0x54, 0x00, 0x00, 0x00, 0x02 };

/**
 * struct ev - one observation of a row
 * @ms:   when it was made, ms after the run start
 * @what: "PROTO VERB [KEY=VALUE...]" (a wire observation of pc1; "mac=pc2"
 *        makes it pc2's), "console TEXT" (a complete console line of pc1,
 *        kept) or "piece TEXT" (the line pc1 is still writing: shown, not kept)
 */
struct ev {
	unsigned ms;
	const char *what;
};

/**
 * struct judge_case - one row
 * @name:    what it shows
 * @timeout: the scenario's timeout ("60s" when NULL)
 * @stages:  the stage lines (and `xfail`) after the scenario, lan and clients
 * @ev:      the observations, in arrival order (up to the first with no @what)
 * @end_ms:  the run ends here (ticks until then; what is open is expired "run ended")
 * @verdict: per stage: P pass, F fail, S skipped, . pending
 * @ends:    per stage, when it ended in ms ("100 250"), or NULL not to check
 * @diag:    a substring of the failed stage's diagnosis, or NULL (none failed)
 * @absent:  a substring the diagnosis must not have, or NULL
 * @xfail:   pxl_judge_xfail()'s answer for an xfail scenario (-1: not one)
 * @note:    a substring of its note
 */
struct judge_case {
	const char *name;
	const char *timeout;
	const char *stages;
	struct ev ev[MAX_EV];
	unsigned end_ms;
	const char *verdict;
	const char *ends;
	const char *diag;
	const char *absent;
	int xfail;
	const char *note;
};

/* four stages of a UEFI chainload, with the loop guard of scenarios/pxe-to-ipxe.scn */
#define CHAINLOAD                                                     \
	"stage 1 \"firmware DHCP\"\n"                                 \
	"  expect dhcp ack to pc1 file \"undionly.kpxe\"\n"           \
	"stage 2 \"TFTP download of the NBP\"\n"                      \
	"  expect tftp transfer \"undionly.kpxe\" complete\n"         \
	"  never tftp transfer \"undionly.kpxe\" complete times 2\n"  \
	"stage 3 \"iPXE runs\"\n"                                     \
	"  expect console \"PXE->EB\"\n"                              \
	"stage 4 \"iPXE DHCP\"\n"                                     \
	"  expect dhcp ack to pc1 root-path ^iscsi:\n"

/* its observations: one download, then (in a loop) iPXE is given the NBP again */
#define CHAINLOAD_EV                                                   \
	{ 100, "dhcp ack file=undionly.kpxe" },                        \
	{ 400, "tftp transfer file=undionly.kpxe status=complete" },   \
	{ 500, "console iPXE 1.21.1 -- PXE->EB: !PXE at 9B43:0070" },  \
	{ 700, "dhcp ack file=undionly.kpxe" },                        \
	{ 900, "tftp transfer file=undionly.kpxe status=complete" }

#define TWO_LOGIN_STAGES                                    \
	"stage 1 \"first login\"\n"                         \
	"  expect iscsi login status success\n"             \
	"stage 2 \"second login\"\n"                        \
	"  expect iscsi login status success\n"

#define TWO_CONSOLE_STAGES              \
	"stage 1 \"iPXE starts\"\n"     \
	"  expect console \"iPXE\"\n"   \
	"stage 2 \"iPXE again\"\n"      \
	"  expect console \"iPXE\"\n"

#define DHCP_THEN_TFTP                                        \
	"stage 1 \"DHCP\"\n"                                  \
	"  expect dhcp ack to pc1 file \"snponly.efi\"\n"     \
	"stage 2 \"TFTP\"\n"                                  \
	"  expect tftp transfer \"snponly.efi\" complete\n"

static const struct judge_case cases[] = {
	/* ---- stage order and boundaries ---- */
	{ .name = "order: stages are met one after the other",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi" }, { 200, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 1000, .verdict = "PP", .ends = "100 200", .xfail = -1 },
	{ .name = "order: an observation made before its stage started does not count",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "tftp transfer file=snponly.efi status=complete" }, { 200, "dhcp ack file=snponly.efi" } },
	  .end_ms = 1000, .verdict = "PF", .ends = "200 1000",
	  .diag = "stage 2 \"TFTP\" not met (run ended):\n  expected `expect tftp transfer \"snponly.efi\" complete` "
		  "(line 8); seen instead (latest first):\n      TFTP transfer file=snponly.efi status=complete",
	  .xfail = -1 },
	{ .name = "http: a GET, a HEAD and a Range GET meet their own verbs only",
	  .stages = "stage 1 \"HTTP\"\n  expect http get \"/boot.ipxe\" status 200\n"
		    "  expect http head \"/disk.img\"\n  expect http range \"/disk.img\" status 206\n",
	  .ev = { { 100, "http range path=/boot.ipxe range=bytes=0-1 status=206" },
		  { 150, "http get path=/disk.img status=200" },
		  { 200, "http get path=/boot.ipxe status=200" }, { 300, "http head path=/disk.img status=200" },
		  { 400, "http range path=/disk.img range=bytes=0-511 status=206" } },
	  .end_ms = 1000, .verdict = "P", .ends = "400", .xfail = -1 },
	{ .name = "http: a 404 on the script is named in the diagnosis",
	  .stages = "stage 1 \"HTTP\"\n  expect http get \"/boot.ipxe\" status 200\n",
	  .ev = { { 100, "http get path=/boot.ipxe status=404" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "expected `expect http get \"/boot.ipxe\" status 200` (line 6); seen instead (latest first):\n"
		  "      HTTP get path=/boot.ipxe status=404",
	  .xfail = -1 },
	{ .name = "http: a 200 to a Range request is explained (a server that ignores Range)",
	  .stages = "stage 1 \"HTTP\"\n  expect http range \"/disk.img\" status 206\n",
	  .ev = { { 100, "http range path=/disk.img range=bytes=0-511 status=200" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "-- the server ignored Range (200 with the whole file instead of 206)", .xfail = -1 },
	{ .name = "http: an HTTP Boot offer without option 60 is explained",
	  .stages = "stage 1 \"HTTP Boot\"\n  expect http head \"/uefi-marker.efi\"\n",
	  .ev = { { 100, "dhcp discover vendor-class=HTTPClient:Arch:00016:UNDI:003000" },
		  { 110, "dhcp offer file=http://10.0.2.4/uefi-marker.efi" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "-- OVMF ignores an HTTP Boot offer without option 60 HTTPClient", .xfail = -1 },
	/* OVMF's two DHCPv6 clients (wire/wire_dhcp6.c, engine/match.c side_exchange()) */
	{ .name = "dhcp6: OVMF's address-only exchange neither meets nor breaks an expectation",
	  .stages = "stage 1 \"DHCPv6\"\n  expect dhcp6 reply to pc1\n  never dhcp6 reply to pc1 without bootfile-url\n",
	  .ev = { { 100, "dhcp6 solicit exchange=address" },
		  { 150, "dhcp6 reply exchange=address address=fd00::1b5" },
		  { 200, "dhcp6 solicit exchange=boot vendor-class=PXEClient:Arch:00007:UNDI:003000" },
		  { 300, "dhcp6 reply exchange=boot bootfile-url=tftp://[fd00::5]/snponly.efi" } },
	  .end_ms = 1000, .verdict = "P", .ends = "300", .xfail = -1 },
	{ .name = "dhcp6: only the address exchange answered: not met, and it is not offered as the candidate",
	  .stages = "stage 1 \"DHCPv6\"\n  expect dhcp6 reply to pc1 bootfile-url ^tftp://\n",
	  .ev = { { 100, "dhcp6 reply exchange=address address=fd00::1b5" },
		  { 200, "dhcp6 reply exchange=boot" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "seen instead (latest first):\n      DHCP6 reply exchange=boot", .absent = "fd00::1b5", .xfail = -1 },
	{ .name = "dhcp6: `exchange address` judges the address exchange",
	  .stages = "stage 1 \"Ip6Config\"\n  expect dhcp6 reply to pc1 exchange address\n",
	  .ev = { { 100, "dhcp6 reply exchange=boot" }, { 150, "dhcp6 reply exchange=address address=fd00::1b5" } },
	  .end_ms = 1000, .verdict = "P", .ends = "150", .xfail = -1 },
	{ .name = "dhcp6: only RAs without M or O, no SOLICIT: the flags are named",
	  .stages = "stage 1 \"iPXE DHCPv6\"\n  expect dhcp6 solicit from pc1 user-class iPXE\n",
	  .ev = { { 100, "ra advert prefix=fec0::/64 mac=none" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "-- every router advertisement had neither the managed nor the other flag (M=0 O=0)", .xfail = -1 },
	{ .name = "dhcp6: OVMF solicited, then iPXE heard only RAs without M or O: the flags are named",
	  .stages = "stage 1 \"iPXE DHCPv6\"\n  expect dhcp6 solicit from pc1 user-class iPXE\n",
	  .ev = { { 100, "ra advert prefix=fd00::/64 mac=none" },
		  { 200, "dhcp6 solicit exchange=boot vendor-class=PXEClient:Arch:00007:UNDI:003000" },
		  { 300, "dhcp6 reply exchange=boot bootfile-url=tftp://[fd00::2]/snponly.efi" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "-- every router advertisement had neither the managed nor the other flag (M=0 O=0)", .xfail = -1 },
	{ .name = "dhcp6: a boot reply without option 59 is named; the address exchange's is not blamed",
	  .stages = "stage 1 \"DHCPv6\"\n  expect dhcp6 reply to pc1 bootfile-url ^tftp://\n",
	  .ev = { { 50, "ra advert managed=yes mac=none" }, { 100, "dhcp6 solicit exchange=boot" },
		  { 200, "dhcp6 reply exchange=boot address=fd00::13d" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "-- the server's ADVERTISE/REPLY had no option 59 (boot file URL)", .xfail = -1 },
	{ .name = "dhcp6: Ip6Config's reply without option 59 explains nothing",
	  .stages = "stage 1 \"DHCPv6\"\n  expect dhcp6 reply to pc1 bootfile-url ^tftp://\n",
	  .ev = { { 50, "ra advert managed=yes mac=none" }, { 100, "dhcp6 solicit exchange=boot" },
		  { 200, "dhcp6 reply exchange=address address=fd00::1b5" } },
	  .end_ms = 1000, .verdict = "F", .absent = "option 59", .xfail = -1 },
	{ .name = "ra: the managed flag, and a multicast RA is every client's",
	  .stages = "stage 1 \"RA\"\n  expect ra managed prefix \"fd00::/64\"\n",
	  .ev = { { 100, "ra advert other=yes prefix=fd00::/64" },
		  { 200, "ra advert managed=yes other=yes prefix=fd00::/64 mac=none" } },
	  .end_ms = 1000, .verdict = "P", .ends = "200", .xfail = -1 },
	{ .name = "boundary: made at the instant the previous stage ended, arriving after it: counts",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 300, "dhcp ack file=snponly.efi" }, { 300, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 1000, .verdict = "PP", .ends = "300 300", .xfail = -1 },
	{ .name = "boundary: made at that instant but arriving before the stage ended: does not count",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 300, "tftp transfer file=snponly.efi status=complete" }, { 300, "dhcp ack file=snponly.efi" } },
	  .end_ms = 1000, .verdict = "PF", .diag = "stage 2 \"TFTP\" not met", .xfail = -1 },
	{ .name = "boundary: a stage ends at its latest expectation, the next starts there",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp discover from pc1\n  expect dhcp ack to pc1\n"
		    "stage 2 \"TFTP\"\n  expect tftp transfer \"snponly.efi\" complete\n  within 1s\n",
	  .ev = { { 100, "dhcp ack" }, { 400, "dhcp discover" },
		  { 1399, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 3000, .verdict = "PP", .ends = "400 1399", .xfail = -1 },
	{ .name = "boundary: another client's packets do not meet pc1's stages",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi mac=pc2" } },
	  .end_ms = 500, .verdict = "FS", .diag = "stage 1 \"DHCP\" not met (run ended)", .xfail = -1 },
	{ .name = "boundary: a stage of only `never` lines is met as it starts",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp ack to pc1\n"
		    "stage 2 \"no TFTP errors from now on\"\n  never tftp error\n"
		    "stage 3 \"iPXE\"\n  expect console \"iPXE\"\n",
	  .ev = { { 100, "dhcp ack" }, { 300, "console iPXE 1.21.1" } },
	  .end_ms = 1000, .verdict = "PPP", .ends = "100 100 300", .xfail = -1 },
	{ .name = "boundary: ... and its `never` lines stay active while later stages run",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp ack to pc1\n"
		    "stage 2 \"no TFTP errors from now on\"\n  never tftp error\n"
		    "stage 3 \"iPXE\"\n  expect console \"iPXE\"\n",
	  .ev = { { 100, "dhcp ack" }, { 200, "tftp error code=1 message=not-found" }, { 300, "console iPXE" } },
	  .end_ms = 1000, .verdict = "PPF",
	  .diag = "`never tftp error` (stage 2, line 8) happened: TFTP error code=1 message=not-found",
	  .absent = "chainload", .xfail = -1 },
	{ .name = "boundary: a `never` line counts only from its stage's start",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp ack to pc1\n"
		    "stage 2 \"TFTP\"\n  expect tftp transfer \"snponly.efi\" complete\n  never tftp error\n",
	  .ev = { { 50, "tftp error code=1 message=not-found" }, { 100, "dhcp ack" },
		  { 200, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 1000, .verdict = "PP", .xfail = -1 },

	/* ---- within and the scenario timeout ---- */
	{ .name = "within: met just inside the deadline",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp ack to pc1\n  within 1s\n",
	  .ev = { { 999, "dhcp ack" } }, .end_ms = 3000, .verdict = "P", .ends = "999", .xfail = -1 },
	{ .name = "within: missed at the deadline itself (the observation fails the stage, no tick needed)",
	  .stages = "stage 1 \"DHCP\"\n  expect dhcp ack to pc1\n  within 1s\n",
	  .ev = { { 1000, "dhcp ack" } }, .end_ms = 3000, .verdict = "F", .ends = "1000",
	  .diag = "stage 1 \"DHCP\" not met (within 1 s):\n  expected `expect dhcp ack to pc1` (line 6)",
	  .xfail = -1 },
	{ .name = "within: counted from the stage's start, not the run's",
	  .stages = DHCP_THEN_TFTP "  within 1s\n",
	  .ev = { { 500, "dhcp ack file=snponly.efi" }, { 1499, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 3000, .verdict = "PP", .xfail = -1 },
	{ .name = "within: missed just outside, counted from the stage's start",
	  .stages = DHCP_THEN_TFTP "  within 1s\n",
	  .ev = { { 500, "dhcp ack file=snponly.efi" }, { 1501, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 3000, .verdict = "PF", .ends = "500 1500", .diag = "stage 2 \"TFTP\" not met (within 1 s)",
	  .xfail = -1 },
	{ .name = "timeout: nothing arrives, the tick fails the stage at the scenario's timeout",
	  .timeout = "2s", .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi" } },
	  .end_ms = 5000, .verdict = "PF", .ends = "100 2000",
	  .diag = "stage 2 \"TFTP\" not met (scenario timeout 2 s):\n  expected `expect tftp transfer \"snponly.efi\" "
		  "complete` (line 8); no tftp traffic at all; the last packet before: DHCP ack file=snponly.efi",
	  .xfail = -1 },
	{ .name = "timeout: an observation after it does not meet the stage",
	  .timeout = "2s", .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi" }, { 2000, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 5000, .verdict = "PF", .diag = "(scenario timeout 2 s)", .xfail = -1 },

	/* ---- never ... times N ---- */
	{ .name = "never times 2: the first download is fine",
	  .stages = CHAINLOAD,
	  .ev = { { 100, "dhcp ack file=undionly.kpxe" },
		  { 400, "tftp transfer file=undionly.kpxe status=complete" },
		  { 500, "console iPXE 1.21.1 -- PXE->EB: !PXE at 9B43:0070" },
		  { 700, "dhcp ack root-path=iscsi:10.0.2.4::3260:0:iqn.2026-11.org.pxelab:boot" } },
	  .end_ms = 1000, .verdict = "PPPP", .xfail = -1 },
	{ .name = "never times 2: the second one fails the stage running then, as a chainload loop",
	  .stages = CHAINLOAD, .ev = { CHAINLOAD_EV }, .end_ms = 1000, .verdict = "PPPF", .ends = "100 400 500 900",
	  .diag = "`never tftp transfer \"undionly.kpxe\" complete times 2` (stage 2, line 9) happened: "
		  "TFTP transfer file=undionly.kpxe status=complete -- the same file was downloaded again: "
		  "a chainload loop",
	  .xfail = -1 },
	{ .name = "never times 3: twice is fine",
	  .stages = "stage 1 \"login\"\n  expect iscsi login status success\n  never iscsi login times 3\n"
		    "stage 2 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 100, "iscsi login status=success" }, { 200, "iscsi login status=success" },
		  { 300, "console BOOT-OK" } },
	  .end_ms = 1000, .verdict = "PP", .xfail = -1 },
	{ .name = "never times 3: the third time fails, with no TFTP explanation",
	  .stages = "stage 1 \"login\"\n  expect iscsi login status success\n  never iscsi login times 3\n"
		    "stage 2 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 100, "iscsi login status=success" }, { 200, "iscsi login status=success" },
		  { 250, "iscsi login status=success" }, { 300, "console BOOT-OK" } },
	  .end_ms = 1000, .verdict = "PF",
	  .diag = "`never iscsi login times 3` (stage 1, line 7) happened: ISCSI login status=success",
	  .absent = "chainload", .xfail = -1 },

	/* ---- xfail ---- */
	{ .name = "xfail: failed at the declared stage with the declared text: the scenario passes",
	  .stages = CHAINLOAD "xfail stage 4 \"chainload loop\"\n", .ev = { CHAINLOAD_EV },
	  .end_ms = 1000, .verdict = "PPPF", .diag = "a chainload loop",
	  .xfail = 1, .note = "pc1: failed at stage 4 as expected (\"chainload loop\")" },
	{ .name = "xfail: the text is matched in any case",
	  .stages = CHAINLOAD "xfail stage 4 \"CHAINLOAD LOOP\"\n", .ev = { CHAINLOAD_EV },
	  .end_ms = 1000, .verdict = "PPPF", .xfail = 1, .note = "failed at stage 4 as expected" },
	{ .name = "xfail: failed at another stage than declared",
	  .stages = CHAINLOAD "xfail stage 3 \"chainload loop\"\n", .ev = { CHAINLOAD_EV },
	  .end_ms = 1000, .verdict = "PPPF",
	  .xfail = 0, .note = "pc1: expected to fail at stage 3, but it passed (a later stage failed)" },
	{ .name = "xfail: failed before the declared stage",
	  .stages = CHAINLOAD "xfail stage 4 \"chainload loop\"\n",
	  .ev = { { 100, "dhcp ack file=undionly.kpxe" } },
	  .end_ms = 1000, .verdict = "PFSS",
	  .xfail = 0, .note = "pc1: expected to fail at stage 4, but it never ran" },
	{ .name = "xfail: failed at the declared stage with another text",
	  .stages = CHAINLOAD "xfail stage 4 \"file not found\"\n", .ev = { CHAINLOAD_EV },
	  .end_ms = 1000, .verdict = "PPPF",
	  .xfail = 0, .note = "pc1: stage 4 failed, but the diagnosis lacks \"file not found\"" },
	{ .name = "xfail: every stage passed",
	  .stages = DHCP_THEN_TFTP "xfail stage 2 \"not found\"\n",
	  .ev = { { 100, "dhcp ack file=snponly.efi" }, { 200, "tftp transfer file=snponly.efi status=complete" } },
	  .end_ms = 1000, .verdict = "PP",
	  .xfail = 0, .note = "pc1: expected to fail at stage 2, but every stage passed" },

	/* ---- the nearest observations of a failure ---- */
	{ .name = "nearest: the same protocol and verb first, then the same protocol, latest first",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi" }, { 200, "tftp request file=snponly.efi" },
		  { 300, "tftp error code=1 message=not-found" },
		  { 310, "tftp transfer file=snponly.efi status=aborted" },
		  { 400, "tftp transfer file=snponly.efi status=incomplete" } },
	  .end_ms = 1000, .verdict = "PF",
	  .diag = "; seen instead (latest first):\n"
		  "      TFTP transfer file=snponly.efi status=incomplete\n"
		  "      TFTP transfer file=snponly.efi status=aborted\n"
		  "      TFTP error code=1 message=not-found\n"
		  "      TFTP request file=snponly.efi",
	  .xfail = -1 },
	{ .name = "nearest: another client's packets of that protocol are not listed as seen instead",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi" }, { 200, "tftp request file=snponly.efi" },
		  { 300, "tftp transfer file=other.efi status=complete mac=pc2" } },
	  .end_ms = 1000, .verdict = "PF",
	  .diag = "; seen instead (latest first):\n      TFTP request file=snponly.efi",
	  .absent = "other.efi", .xfail = -1 },
	{ .name = "nearest: no packet of that protocol: the client's last packet, not another's nor the console",
	  .stages = DHCP_THEN_TFTP,
	  .ev = { { 100, "dhcp ack file=snponly.efi siaddr=0.0.0.0" }, { 200, "dhcp ack file=other mac=pc2" },
		  { 300, "console PXE-E32: TFTP open timeout" } },
	  .end_ms = 1000, .verdict = "PF",
	  .diag = "; no tftp traffic at all; the last packet before: DHCP ack file=snponly.efi siaddr=0.0.0.0",
	  .xfail = -1 },
	{ .name = "nearest: no packet from the client at all: the firmware never tried the network, its console's last line",
	  .stages = "stage 1 \"firmware DHCP\"\n  expect dhcp discover from pc1\n",
	  .ev = { { 100, "tftp request file=x mac=pc2" }, { 200, "console Booting from Hard Disk..." },
		  { 300, "console Booting from Floppy..." }, { 400, "console   " } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "; no dhcp traffic at all; the firmware never tried the network: no packet from pc1; "
		  "its console's last line: \"Booting from Floppy...\"",
	  .xfail = -1 },
	{ .name = "nearest: no packet and no console line: says so",
	  .stages = "stage 1 \"firmware DHCP\"\n  expect dhcp discover from pc1\n",
	  .end_ms = 1000, .verdict = "F",
	  .diag = "the firmware never tried the network: no packet from pc1; its console printed nothing",
	  .xfail = -1 },
	{ .name = "nearest: an unmet `times` says how far it got",
	  .stages = "stage 1 \"two logins\"\n  expect iscsi login status success times 2\n",
	  .ev = { { 100, "iscsi login status=success" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "expected `expect iscsi login status success times 2` (line 6); met 1 of 2 times; "
		  "seen instead (latest first):\n      ISCSI login status=success",
	  .xfail = -1 },

	/* ---- per-file timing: `within` and `throughput` on a transfer ---- */
	{ .name = "timing: a transfer within its bound and above its floor meets the line",
	  .stages = "stage 1 \"kernel\"\n  expect tftp transfer \"linux\" complete within 5s throughput >= 1MB/s\n",
	  .ev = { { 300, "tftp transfer file=linux status=complete duration-us=4999999 throughput=1000000" } },
	  .end_ms = 1000, .verdict = "P", .ends = "300", .xfail = -1 },
	{ .name = "timing: a transfer slower than `within` does not meet it, and is shown",
	  .stages = "stage 1 \"kernel\"\n  expect tftp transfer \"linux\" complete within 5s\n",
	  .ev = { { 300, "tftp transfer file=linux status=complete duration-us=5000001 throughput=9000000" } },
	  .end_ms = 1000, .verdict = "F",
	  .diag = "expected `expect tftp transfer \"linux\" complete within 5s` (line 6); seen instead (latest first):\n"
		  "      TFTP transfer file=linux status=complete duration-us=5000001",
	  .xfail = -1 },
	{ .name = "timing: a transfer under the throughput floor does not meet it",
	  .stages = "stage 1 \"initrd\"\n  expect tftp transfer \"initrd\" complete throughput >= 2MiB/s\n",
	  .ev = { { 300, "tftp transfer file=initrd status=complete duration-us=100 throughput=2097151" },
		  { 400, "tftp transfer file=initrd status=complete duration-us=100 throughput=2097152" } },
	  .end_ms = 1000, .verdict = "P", .ends = "400", .xfail = -1 },

	/* ---- dead ends: the stage fails at once, not at its deadline ---- */
	{ .name = "dead end: a built-in console line fails the stage when it is printed",
	  .stages = "stage 1 \"boot\"\n  expect console \"BOOT-OK\"\n  within 50s\n",
	  .ev = { { 100, "console iPXE 1.21.1" }, { 300, "console Nothing to boot: No such file (http://ipxe.org/2d03e13b)" } },
	  .end_ms = 1000, .verdict = "F", .ends = "300",
	  .diag = "stage 1 \"boot\" not met (dead end nothing-to-boot at 0.3 s: the console printed \"Nothing to boot: "
		  "No such file (http://ipxe.org/2d03e13b)\" (iPXE got neither a boot file nor a root path)):\n"
		  "  expected `expect console \"BOOT-OK\"` (line 6)",
	  .xfail = -1 },
	{ .name = "dead end: a prompt still being written (no newline) is one",
	  .stages = "stage 1 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 200, "console error: file `/grub/grub.cfg' not found." }, { 250, "piece grub> " } },
	  .end_ms = 1000, .verdict = "F", .ends = "250", .diag = "(dead end grub-prompt at 0.2 s", .xfail = -1 },
	{ .name = "dead end: a line that an `expect` line meets is not one",
	  .stages = "stage 1 \"panic\"\n  expect console \"Kernel panic\"\n"
		    "stage 2 \"after\"\n  expect dhcp ack to pc1\n",
	  .ev = { { 200, "console Kernel panic - not syncing: VFS" }, { 300, "dhcp ack" } },
	  .end_ms = 1000, .verdict = "PP", .ends = "200 300", .xfail = -1 },
	{ .name = "dead end: `dead-end off NAME` turns a built-in off",
	  .stages = "dead-end off nothing-to-boot\nstage 1 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 300, "console Nothing to boot: No such file" } },
	  .end_ms = 1000, .verdict = "F", .ends = "1000", .diag = "(run ended)", .absent = "dead end", .xfail = -1 },
	{ .name = "dead end: `dead-end off all` turns every built-in off",
	  .stages = "dead-end off all\nstage 1 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 300, "console Kernel panic - not syncing" }, { 400, "piece grub> " } },
	  .end_ms = 1000, .verdict = "F", .ends = "1000", .absent = "dead end", .xfail = -1 },
	{ .name = "dead end: the scenario's own, by text and by regex, named by its line",
	  .stages = "dead-end \"Oops\"\ndead-end ~ \"^panic [0-9]+$\"\n"
		    "stage 1 \"boot\"\n  expect console \"BOOT-OK\"\n",
	  .ev = { { 100, "console panic 12 later" }, { 300, "console panic 12" } },
	  .end_ms = 1000, .verdict = "F", .ends = "300",
	  .diag = "(dead end (line 6) at 0.3 s: the console printed \"panic 12\"):", .xfail = -1 },
	{ .name = "dead end: an xfail scenario can require one",
	  .stages = "stage 1 \"boot\"\n  expect console \"BOOT-OK\"\n  within 50s\n"
		    "xfail stage 1 \"dead end nothing-to-boot\"\n",
	  .ev = { { 300, "console Nothing to boot: No such file" } },
	  .end_ms = 1000, .verdict = "F", .ends = "300", .xfail = 1, .note = "failed at stage 1 as expected" },

	/* ---- one observation, two stages ---- */
	{ .name = "rule: the observation that met stage 1 is not offered to stage 2",
	  .stages = TWO_LOGIN_STAGES, .ev = { { 100, "iscsi login status=success" } },
	  .end_ms = 1000, .verdict = "PF", .ends = "100 1000", .diag = "stage 2 \"second login\" not met",
	  .xfail = -1 },
	{ .name = "diagnosis: a second session refused names the initiator, both ISIDs and the single-session line",
	  .stages = "iscsi builtin target iqn.2026-11.t:d image d.img single-session\n" TWO_LOGIN_STAGES,
	  .ev = { { 100, "iscsi login initiator=iqn.i:pc1 target=iqn.2026-11.t:d isid=40002723e88b status=success" },
		  { 200, "iscsi login initiator=iqn.i:pc1 target=iqn.2026-11.t:d isid=00023d000001 status=too-many-connections" } },
	  .end_ms = 1000, .verdict = "PF", .ends = "100 1000",
	  .diag = "\n  the target refused a second session from iqn.i:pc1 (ISID 00023d000001: too-many-connections) "
		  "while its session ISID 40002723e88b had not logged out: the OS could not log in again with the iBFT's "
		  "initiator name (single-session target, line 5)",
	  .xfail = -1 },
	{ .name = "diagnosis: a refusal after another initiator's session, or under the same ISID, is no second session",
	  .stages = TWO_LOGIN_STAGES,
	  .ev = { { 100, "iscsi login initiator=iqn.i:pc1 target=iqn.t:d isid=40002723e88b status=success" },
		  { 200, "iscsi login initiator=iqn.i:pc2 target=iqn.t:d isid=00023d000001 status=too-many-connections" },
		  { 300, "iscsi login initiator=iqn.i:pc1 target=iqn.t:d isid=40002723e88b status=not-found" } },
	  .end_ms = 1000, .verdict = "PF", .ends = "100 1000", .absent = "second session", .xfail = -1 },
	{ .name = "rule: a second login meets stage 2",
	  .stages = TWO_LOGIN_STAGES,
	  .ev = { { 100, "iscsi login status=success" }, { 200, "iscsi login status=success" } },
	  .end_ms = 1000, .verdict = "PP", .ends = "100 200", .xfail = -1 },
	{ .name = "rule: `times 2` asks for a second occurrence within one stage",
	  .stages = "stage 1 \"two logins\"\n  expect iscsi login status success times 2\n",
	  .ev = { { 100, "iscsi login status=success" }, { 200, "iscsi login status=success" } },
	  .end_ms = 1000, .verdict = "P", .ends = "200", .xfail = -1 },
	{ .name = "rule: a console line shown in pieces meets stage 1 only",
	  .stages = TWO_CONSOLE_STAGES,
	  .ev = { { 100, "piece iPXE 1.2" }, { 110, "piece iPXE 1.21.1" }, { 120, "console iPXE 1.21.1 ok" } },
	  .end_ms = 1000, .verdict = "PF", .ends = "100 1000", .xfail = -1 },
	{ .name = "rule: the next console line meets stage 2",
	  .stages = TWO_CONSOLE_STAGES,
	  .ev = { { 100, "piece iPXE 1.2" }, { 120, "console iPXE 1.21.1 ok" }, { 200, "piece iP" },
		  { 210, "console iPXE again" } },
	  .end_ms = 1000, .verdict = "PP", .ends = "100 210", .xfail = -1 },
	{ .name = "rule: a line counts once towards `times`, however many pieces it is shown in",
	  .stages = "stage 1 \"two boots\"\n  expect console \"boot\" times 2\n",
	  .ev = { { 100, "piece boot" }, { 110, "piece boot from" }, { 120, "console boot from SAN" } },
	  .end_ms = 1000, .verdict = "F", .diag = "met 1 of 2 times", .xfail = -1 },
	{ .name = "rule: two complete lines with the same text are two occurrences",
	  .stages = "stage 1 \"two boots\"\n  expect console \"boot\" times 2\n",
	  .ev = { { 100, "console boot" }, { 200, "console boot" } },
	  .end_ms = 1000, .verdict = "P", .ends = "200", .xfail = -1 },
	{ .name = "rule: one observation may meet two expectations of the same stage",
	  .stages = "stage 1 \"iPXE\"\n  expect console \"iPXE\"\n  expect console \"initialising\"\n",
	  .ev = { { 100, "console iPXE initialising devices" } },
	  .end_ms = 1000, .verdict = "P", .ends = "100", .xfail = -1 },
};

/**
 * struct run - a row being run
 * @wire:      observer whose record builders make the observations
 * @j:         judge of pc1
 * @store, @n: the observations kept, as the engine keeps them
 * @keep:      the observation being emitted is kept (not a console piece)
 * @tick:      the next deadline tick, ms
 */
struct run {
	struct pxl_wire *wire;
	struct pxl_judge *j;
	struct pxl_obs *store;
	size_t n;
	int keep;
	unsigned tick;
};

/**
 * on_obs() - the observer's callback: keep the observation, then show it to the judge (the engine's order)
 * @arg: struct run
 * @o:   the observation
 */
static void on_obs(void *arg, const struct pxl_obs *o)
{
	struct run *r = arg;

	if (r->keep) {
		ck_assert_uint_lt(r->n, MAX_OBS);
		r->store[r->n++] = *o;
	}
	pxl_judge_feed(r->j, r->store, r->n, o);
}

/**
 * obs_dir() - the protocol and verb of a row's observation, as static strings, and its direction
 * @proto, @verb: in: as written; out: the table's strings
 *
 * Return: the direction (the one the wire observer gives that verb).
 */
static enum pxl_obs_dir obs_dir(const char **proto, const char **verb)
{
	static const struct { const char *proto, *verb; enum pxl_obs_dir dir; } table[] = {
		{ "dhcp", "discover", PXL_OBS_FROM_CLIENT }, { "dhcp", "ack", PXL_OBS_TO_CLIENT },
		{ "dhcp", "offer", PXL_OBS_TO_CLIENT },
		{ "tftp", "request", PXL_OBS_FROM_CLIENT }, { "tftp", "transfer", PXL_OBS_TO_CLIENT },
		{ "tftp", "error", PXL_OBS_TO_CLIENT }, { "iscsi", "login", PXL_OBS_FROM_CLIENT },
		{ "console", "line", PXL_OBS_DIR_NONE }, { "http", "get", PXL_OBS_TO_CLIENT },
		{ "http", "head", PXL_OBS_TO_CLIENT }, { "http", "range", PXL_OBS_TO_CLIENT },
		{ "dhcp6", "solicit", PXL_OBS_FROM_CLIENT }, { "dhcp6", "reply", PXL_OBS_TO_CLIENT },
		{ "ra", "advert", PXL_OBS_TO_CLIENT },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(table); i++) {
		if (!strcmp(table[i].proto, *proto) && !strcmp(table[i].verb, *verb)) {
			*proto = table[i].proto;
			*verb = table[i].verb;
			return table[i].dir;
		}
	}
	ck_abort_msg("no row observation '%s %s'", *proto, *verb);
	return PXL_OBS_DIR_NONE;
}

/**
 * add_fields() - the KEY=VALUE words of a row observation: fields, and its summary
 * @o:    observation being built
 * @save: strtok_r() state, at the first KEY=VALUE
 * @sum, @len: in/out: the summary, "PROTO verb" so far
 *
 * Return: the client's MAC (pc1's, pc2's for "mac=pc2", NULL for "mac=none").
 */
static const uint8_t *add_fields(struct pxl_obs *o, char **save, char *sum, size_t len)
{
	const uint8_t *mac = pc1_mac;
	char *kv, *eq;

	while ((kv = strtok_r(NULL, " ", save)) && (eq = strchr(kv, '='))) {
		*eq = '\0';
		if (!strcmp(kv, "mac") && !strcmp(eq + 1, "pc2")) {
			mac = pc2_mac;
			continue;
		}
		if (!strcmp(kv, "mac") && !strcmp(eq + 1, "none")) {	/* multicast: no client's */
			mac = NULL;
			continue;
		}
		wire_obs_add(o, kv, eq + 1);
		snprintf(sum + strlen(sum), len - strlen(sum), " %s=%s", kv, eq + 1);
	}
	return mac;
}

/**
 * emit() - build one row observation with the observer's builders and emit it
 * @r:  run
 * @ev: the observation
 *
 * A console line is made as the engine makes it: proto "console", verb
 * "line", field "text", pc1's MAC, summary "console pc1: TEXT".
 */
static void emit(struct run *r, const struct ev *ev)
{
	const struct wire_pkt p = { .t = T0 + ev->ms * PXL_NS_PER_MS, .port = -1 };
	char buf[256], sum[PXL_OBS_SUMMARY], *save = NULL;
	const char *proto = strtok_r(strcpy(buf, ev->what), " ", &save), *verb;
	int console = !strcmp(proto, "console") || !strcmp(proto, "piece");
	const uint8_t *mac;
	enum pxl_obs_dir dir;
	struct pxl_obs *o;
	size_t i;

	r->keep = strcmp(proto, "piece") != 0;
	verb = console ? "line" : strtok_r(NULL, " ", &save);
	proto = console ? "console" : proto;
	dir = obs_dir(&proto, &verb);
	o = wire_obs_begin(r->wire, &p, proto, verb, dir);
	if (console) {
		wire_obs_add(o, "text", save);
		snprintf(sum, sizeof(sum), "console pc1: %s", save);
		mac = pc1_mac;
	} else {
		for (i = 0; proto[i] && i + 1 < sizeof(sum); i++)	/* "DHCP", "TFTP", "DHCP6" ... */
			sum[i] = (char)toupper((unsigned char)proto[i]);
		snprintf(sum + i, sizeof(sum) - i, " %s", verb);
		mac = add_fields(o, &save, sum, sizeof(sum));
	}
	wire_obs_client(r->wire, o, 0, mac);
	wire_obs_summary(o, "%s", sum);
	wire_obs_emit(r->wire, o);
}

/**
 * tick_until() - the engine's deadline ticks before a time
 * @r:  run
 * @ms: ticks up to, not including, this time
 */
static void tick_until(struct run *r, unsigned ms)
{
	for (; r->tick < ms; r->tick += TICK_MS)
		pxl_judge_tick(r->j, r->store, r->n, T0 + r->tick * PXL_NS_PER_MS);
}

/**
 * parse_row() - the row's scenario, parsed with the real parser
 * @c:    row
 * @list: out: its one instance
 */
static void parse_row(const struct judge_case *c, struct scn_list *list)
{
	char text[4096], msg[512] = "";
	struct scn_diag d;
	int rc;

	snprintf(text, sizeof(text),
		 "scenario t\n  timeout %s\nclient pc1 firmware uefi nic virtio-net pxe native\n"
		 "client pc2 firmware uefi nic virtio-net pxe native mac " PC2_MAC "\n%s",
		 c->timeout ? c->timeout : "60s", c->stages);
	scn_diag_init(&d);
	rc = scn_parse_buffer("judge.scn", text, strlen(text), NULL, list, &d);
	if (d.n)
		scn_msg_format(&d.msg[0], msg, sizeof(msg));
	ck_assert_msg(rc == 0 && list->n == 1, "%s: scenario does not parse: %s\n%s", c->name, msg, text);
	scn_diag_free(&d);
}

/**
 * check_verdicts() - each stage's verdict and end, and the diagnosis
 * @c:   row
 * @sc:  its scenario
 * @res: the judge's results
 */
static void check_verdicts(const struct judge_case *c, const struct scenario *sc,
			   const struct pxl_stage_result *res)
{
	static const char letter[] = { [PXL_STAGE_PENDING] = '.', [PXL_STAGE_PASS] = 'P',
				       [PXL_STAGE_FAIL] = 'F', [PXL_STAGE_SKIPPED] = 'S' };
	const char *ends = c->ends, *msg = NULL;
	char got[16] = "";
	size_t s;

	for (s = 0; s < sc->nstages && s < sizeof(got) - 1; s++) {
		got[s] = letter[res[s].state];
		if (res[s].state == PXL_STAGE_FAIL)
			msg = res[s].message;
		if (ends) {
			char *next;
			unsigned long want = strtoul(ends, &next, 10);

			ck_assert_msg(res[s].end == want * PXL_NS_PER_MS, "%s: stage %zu ended at %.3f ms, not %lu",
				      c->name, s + 1, (double)res[s].end / 1e6, want);
			ends = next;
		}
	}
	ck_assert_msg(!strcmp(got, c->verdict), "%s: verdicts %s, expected %s (diagnosis: %s)", c->name, got,
		      c->verdict, msg ? msg : "none");
	ck_assert_msg(!c->diag || strstr(msg, c->diag), "%s: the diagnosis lacks\n%s\nit is\n%s", c->name,
		      c->diag, msg);
	ck_assert_msg(!c->absent || !strstr(msg, c->absent), "%s: the diagnosis has \"%s\":\n%s", c->name,
		      c->absent, msg);
}

/**
 * run_row() - one row: parse, drive the judge as the engine does, check what it concluded
 * @_i: row index (Check's loop variable)
 */
START_TEST(run_row)
{
	const struct judge_case *c = &cases[_i];
	struct run r = { .tick = TICK_MS };
	struct pxl_stage_result *res;
	struct scn_list list;
	const struct scenario *sc;
	char note[512] = "";
	size_t i;
	int passed;

	parse_row(c, &list);
	sc = list.s[0];
	r.store = calloc(MAX_OBS, sizeof(*r.store));
	r.wire = pxl_wire_new(NULL, on_obs, &r);
	r.j = pxl_judge_new(sc, 0, T0);
	ck_assert(r.store && r.wire && r.j);
	for (i = 0; i < MAX_EV && c->ev[i].what; i++) {
		tick_until(&r, c->ev[i].ms);
		emit(&r, &c->ev[i]);
	}
	tick_until(&r, c->end_ms + 1);
	pxl_judge_expire(r.j, r.store, r.n, T0 + c->end_ms * PXL_NS_PER_MS, "run ended");
	passed = pxl_judge_passed(r.j);
	res = pxl_judge_take_results(r.j);
	check_verdicts(c, sc, res);
	ck_assert_msg((c->xfail >= 0) == (sc->xfail.stage != 0), "%s: xfail row without `xfail`", c->name);
	if (c->xfail >= 0) {
		ck_assert_int_eq(pxl_judge_xfail(sc, "pc1", passed, res, note, sizeof(note)), c->xfail);
		ck_assert_msg(strstr(note, c->note), "%s: xfail note \"%s\" lacks \"%s\"", c->name, note, c->note);
	}
	for (i = 0; i < sc->nstages; i++) {
		free(res[i].message);
		free(res[i].marks);
	}
	free(res);
	pxl_judge_free(r.j);
	pxl_wire_free(r.wire);
	free(r.store);
	scn_list_free(&list);
}
END_TEST

/**
 * idle_case() - pxl_judge_idle() on a one-stage scenario with the given dead-end lines
 * @lines: `dead-end` lines ("" for none)
 * @silent_ms: how long the client has been silent
 * @share: QEMU clients per CPU
 * @diag: a substring of the diagnosis, or NULL: the stage must still be open
 */
static void idle_case(const char *lines, unsigned silent_ms, unsigned share, const char *diag)
{
	struct judge_case c = { .name = lines, .stages = NULL };
	struct pxl_stage_result *res;
	struct scn_list list;
	char stages[512];
	struct pxl_judge *j;
	int failed;

	snprintf(stages, sizeof(stages), "%sstage 1 \"boot\"\n  expect console \"BOOT-OK\"\n", lines);
	c.stages = stages;
	c.timeout = "5m";
	parse_row(&c, &list);
	j = pxl_judge_new(list.s[0], 0, T0);
	ck_assert(j);
	failed = pxl_judge_idle(j, NULL, 0, T0 + 2 * PXL_NS_PER_SEC + silent_ms * PXL_NS_PER_MS,
				T0 + 2 * PXL_NS_PER_SEC, "pc1", share);
	ck_assert_int_eq(failed, diag != NULL);
	res = pxl_judge_take_results(j);
	ck_assert_msg(!diag || (res[0].message && strstr(res[0].message, diag)), "%s: diagnosis %s lacks %s",
		      lines, res[0].message, diag);
	free(res[0].message);
	free(res[0].marks);
	free(res);
	pxl_judge_free(j);
	scn_list_free(&list);
}

/* a client silent for the idle time is stuck: default 60 s, `dead-end idle` changes it, `off` disables it;
 * with more QEMU clients than CPUs the time is multiplied by clients per CPU */
START_TEST(idle)
{
	idle_case("", 59999, 1, NULL);
	idle_case("", 60000, 1, "(dead end idle at 62.0 s: no frame and no console output from pc1 for 60 s):");
	idle_case("dead-end idle 5s\n", 4999, 1, NULL);
	idle_case("dead-end idle 5s\n", 5000, 1, "no frame and no console output from pc1 for 5 s");
	idle_case("dead-end idle off\n", 3600000, 1, NULL);
	idle_case("dead-end idle off\n", 3600000, 4, NULL);
	/* 8 QEMU clients on 2 CPUs: 4 per CPU, the idle time 4x */
	idle_case("", 239999, 4, NULL);
	idle_case("", 240000, 4, "no frame and no console output from pc1 for 240 s (dead-end idle 60 s x 4 clients per CPU)");
	idle_case("", 60000, 0, "no frame and no console output from pc1 for 60 s):");
}
END_TEST

/** judge_suite() - Return: the suite, one test per row */
static Suite *judge_suite(void)
{
	Suite *s = suite_create("judge");
	TCase *tc = tcase_create("rows");

	tcase_add_loop_test(tc, run_row, 0, (int)(ARRAY_SIZE(cases)));
	tcase_add_test(tc, idle);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(judge_suite)
