/* test_scenario_errors.c - bad scenario snippets -> exact FILE:LINE:COL messages */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/scenario.h"
#include "testlib.h"

/* snippets go after these two lines (so they start on line 3) */
static const char head[] = "scenario t\nclient pc1\n";
static const char tail[] = "\nstage 1 \"s\"\n  expect console \"x\"\n";

/**
 * struct bad - a snippet and the first error it must produce
 * @body:   text after `head` (or the whole file if it starts with '!')
 * @want:   first message, formatted "t.scn:LINE:COL: text"; "<nics>" stands
 *          for the NIC models of the machine table (test_machines checks it)
 * @errors: how many errors in all (0: don't check)
 */
struct bad {
	const char *body;
	const char *want;
	unsigned errors;
};

static const struct bad bads[] = {
	/* lan6 and dhcp6, netboot pxe6 */
	{ "client pc2 firmware bios netboot pxe6",
	  "t.scn:3:34: expected 'pxe': 'netboot pxe6' is OVMF's own PXE over IPv6 (firmware uefi, pxe native), found 'pxe6'", 1 },
	{ "client pc2 netboot ipv6", "t.scn:3:20: expected pxe, http or pxe6, found 'ipv6'", 1 },
	{ "lan6 fd00::5/64", "t.scn:3:6: expected a network prefix, found host bits in 'fd00::5/64'; did you mean 'fd00::/64'?", 1 },
	{ "lan6 fd00::/48", "t.scn:3:6: expected a /64 prefix (SLAAC and pxelab's pool need 64 host bits), found 'fd00::/48'", 1 },
	{ "lan6 10.0.2.0/24", "t.scn:3:6: expected an IPv6 prefix like fd00::/64, found '10.0.2.0/24'", 1 },
	{ "lan6 fd00::/64 ra sometimes", "t.scn:3:19: expected an RA mode (managed, other, slaac, off), found 'sometimes'", 1 },
	{ "lan6 fd00::/64 router-lifetime 3h", "t.scn:3:32: expected a router lifetime of at most 9000s (RFC 4861), found '3h'", 1 },
	{ "lan6 fd00::/64 only\ndhcp builtin\n  pool 10.0.2.9 - 10.0.2.9",
	  "t.scn:4:1: the LAN is IPv6-only ('lan6 ... only' on line 3): remove the dhcp block or 'only'", 1 },
	{ "dhcp6 builtin\n  pool fd00::100 - fd00::1ff", "t.scn:3:1: dhcp6 needs a 'lan6 PREFIX/64' line (the LAN's IPv6 prefix)", 1 },
	{ "dhcp6 udhcpd", "t.scn:3:7: expected a DHCPv6 server (builtin, dnsmasq, kea), found 'udhcpd'", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin", "t.scn:4:1: expected a 'pool' line in this dhcp6 block, found none", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd01::100 - fd01::1ff", "t.scn:4:1: the dhcp6 pool is outside the lan6 prefix (line 3)", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::1 - fd00::1ff", "t.scn:4:1: the dhcp6 pool includes pxelab's own IPv6 address", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - fd00::1:0:1ff",
	  "t.scn:5:20: expected a last address at or after the first, differing only in its last 32 bits, found 'fd00::1:0:1ff'", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::200 - fd00::100",
	  "t.scn:5:20: expected a last address at or after the first, differing only in its last 32 bits, found 'fd00::100'", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - 10.0.2.9",
	  "t.scn:5:20: expected the last pool address (an IPv6 address like fd00::100), found '10.0.2.9'", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  when ipxe-feature iscsi file x",
	  "t.scn:6:8: 'ipxe-feature' has no DHCPv6 meaning (a dhcp6 rule may use user-class, vendor-class, arch, mac, client, nbp-count; file, no-boot, ignore, name)", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  otherwise next-server 10.0.2.2",
	  "t.scn:6:13: 'next-server' has no DHCPv6 meaning (a dhcp6 rule may use user-class, vendor-class, arch, mac, client, nbp-count; file, no-boot, ignore, name)", 1 },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  reserve 52:54:00:12:34:56 10.0.2.9",
	  "t.scn:6:3: 'reserve' belongs in a dhcp block (after a 'dhcp' line)", 1 },
	/* keywords and suggestions */
	{ "clinet pc2", "t.scn:3:1: expected a keyword, found 'clinet'; did you mean 'client'?", 1 },
	{ "client pc2 firmwre uefi", "t.scn:3:12: expected a client option, found 'firmwre'; did you mean 'firmware'?", 1 },
	{ "client pc2 firmware efi", "t.scn:3:21: expected a firmware (uefi, bios), found 'efi'; did you mean 'uefi'?", 1 },
	{ "client pc2 nic virtio", "t.scn:3:16: expected a NIC (<nics>), found 'virtio'", 1 },
	{ "client pc2 nic e100", "t.scn:3:16: expected a NIC (<nics>), found 'e100'; did you mean 'e1000'?", 1 },
	{ "\"client\" pc2", "t.scn:3:1: expected a keyword, found \"client\"", 1 },
	{ "pool 10.0.2.1 - 10.0.2.5", "t.scn:3:1: 'pool' belongs in a dhcp block (after a 'dhcp' line)", 1 },
	{ "  timeout 30s", "t.scn:3:3: 'timeout' belongs in a scenario block (after a 'scenario' line)", 1 },
	{ "lan 10.0.2.0/24\nlan 10.0.3.0/24", "t.scn:4:1: duplicate 'lan' (first on line 3)", 1 },
	{ "client pc2 nic e1000 nic e1000e", "t.scn:3:22: duplicate 'nic' (first at column 12)", 1 },
	{ "client pc2 bogus", "t.scn:3:12: expected a client option, found 'bogus'", 1 },
	/* on console ... send: key names, the protocol, the client */
	{ "on console \"menu\" send \"<Dwn><Enter>\"",
	  "t.scn:3:24: unknown key <Dwn> in \"<Dwn><Enter>\"; valid key names: <Enter>, <Tab>, <Esc>, <Space>, <Backspace>, <Up>, <Down>, <Right>, <Left>, <Home>, <End>, <Insert>, <Delete>, <PgUp>, <PgDn>, <F1>, <F2>, <F3>, <F4>, <F5>, <F6>, <F7>, <F8>, <F9>, <F10>, <F11>, <F12>, <lt>, <Ctrl-a>..<Ctrl-z>", 1 },
	{ "on console x send \"a<b\"", "t.scn:3:19: '<' without '>' (write <lt> for a '<') in \"a<b\"; valid key names: <Enter>, <Tab>, <Esc>, <Space>, <Backspace>, <Up>, <Down>, <Right>, <Left>, <Home>, <End>, <Insert>, <Delete>, <PgUp>, <PgDn>, <F1>, <F2>, <F3>, <F4>, <F5>, <F6>, <F7>, <F8>, <F9>, <F10>, <F11>, <F12>, <lt>, <Ctrl-a>..<Ctrl-z>", 1 },
	{ "on console x send \"\"", "t.scn:3:19: expected keys to send, found an empty string", 1 },
	{ "on dhcp x send y", "t.scn:3:4: expected 'console' (keys are sent on console text), found 'dhcp'", 1 },
	{ "on console x", "t.scn:3:13: expected 'send \"KEYS\"', found end of line", 1 },
	{ "on console x from pc9 send y", "t.scn:3:19: undefined client 'pc9'; did you mean 'pc1'?", 1 },
	{ "on console x send y z", "t.scn:3:21: expected end of line, found 'z'", 1 },
	{ "client pc2 uuid 50584c41-4e45-5442-4f4f-54000000000", "t.scn:3:17: expected a UUID like 01234567-89ab-cdef-0123-456789abcdef, found '50584c41-4e45-5442-4f4f-54000000000'", 1 },
	{ "client pc2 uuid 50584c41x4e45-5442-4f4f-540000000001", "t.scn:3:17: expected a UUID like 01234567-89ab-cdef-0123-456789abcdef, found '50584c41x4e45-5442-4f4f-540000000001'", 1 },
	/* names and duplicates */
	{ "client pc1", "t.scn:3:8: duplicate client 'pc1' (first on line 2)", 1 },
	{ "client pc/2", "t.scn:3:8: expected a client name (letters, digits, '.', '_', '-'; at most 64), found 'pc/2'", 1 },
	{ "client pc2 mac 52:54:00:00:00:01\nclient pc3 mac 52:54:00:00:00:01",
	  "t.scn:4:16: duplicate MAC address '52:54:00:00:00:01' (client 'pc2' on line 3)", 1 },
	/* values: MAC, IP, CIDR, durations, numbers, percents */
	{ "client pc2 mac 52:54:00:12:34", "t.scn:3:16: expected a MAC address like 52:54:00:12:34:56, found '52:54:00:12:34'", 1 },
	{ "client pc2 mac 01:00:5e:00:00:01", "t.scn:3:16: expected a unicast MAC address, found '01:00:5e:00:00:01' (multicast or all zero)", 1 },
	{ "lan 10.0.2.0/24 gateway 10.0.2.300", "t.scn:3:25: expected the gateway address (an IPv4 address like 10.0.2.2), found '10.0.2.300'", 1 },
	{ "lan 10.0.2.0/24 gateway 10.0.3.1", "t.scn:3:25: expected a gateway inside 10.0.2.0/24, found '10.0.3.1'", 1 },
	{ "lan 10.0.2.5/24", "t.scn:3:5: expected a network address, found '10.0.2.5/24'; did you mean '10.0.2.0/24'?", 1 },
	{ "lan 10.0.2.0/31", "t.scn:3:5: expected a prefix length of 1-30, found '10.0.2.0/31'", 1 },
	{ "lan 10.0.2.0", "t.scn:3:5: expected a network like 10.0.2.0/24, found '10.0.2.0'", 1 },
	{ "stage 1 \"s\"\n  expect console x\n  within 30", "t.scn:5:10: expected a deadline like 30s, 500ms, 2m or 1h, found '30'", 1 },
	{ "stage 1 \"s\"\n  expect console x\n  within 1.5s", "t.scn:5:10: expected a deadline like 30s, 500ms, 2m or 1h, found '1.5s'", 1 },
	{ "stage 1 \"s\"\n  expect console x\n  within 0s", "t.scn:5:10: expected a deadline like 30s, 500ms, 2m or 1h, found '0s'", 1 },
	{ "stage 1 \"s\"\n  expect console x\n  within 200h", "t.scn:5:10: expected a deadline of at most a week (168h), found '200h'", 1 },
	{ "client pc2 memory 99999999999999999999999999999999999999999999",
	  "t.scn:3:19: expected a memory size in MiB (32-65536), found '9999999999999999999999999999999999999...'", 1 },
	{ "fault pc1 rx loss 101%", "t.scn:3:19: expected a probability like 10% or 0.5% (0-100%), found '101%'", 1 },
	{ "fault pc1 sideways loss 1%", "t.scn:3:11: expected a direction (rx, tx, both), found 'sideways'", 1 },
	{ "fault pc1 rx", "t.scn:3:13: expected a fault parameter (loss, dup, reorder, corrupt, delay, jitter, seed), found end of line", 1 },
	/* stages */
	{ "stage 2 \"s\"\n  expect console x", "t.scn:3:7: expected stage 1 (stages are numbered 1, 2, 3 ... in order), found '2'", 2 },
	{ "stage 1 \"a\"\n  expect console x\nstage 1 \"b\"\n  expect console y",
	  "t.scn:5:7: expected stage 2 (stages are numbered 1, 2, 3 ... in order), found '1'", 1 },
	{ "stage 1 \"a\"", "t.scn:3:1: expected 'expect' or 'never' lines in stage 1, found none", 1 },
	{ "stage 1 \"a\"\n  expect console x\n  within 1s\n  within 2s", "t.scn:6:3: duplicate 'within' in this block (first on line 5)", 1 },
	{ "stage 1 \"a\"\n  expect console x\nxfail stage 4 \"oops\"", "t.scn:5:1: xfail names stage 4, but the scenario has 1 stage", 1 },
	/* variables */
	{ "client ${pc}", "t.scn:3:8: undefined variable 'pc'", 1 },
	{ "set nic e1000\nclient pc2 nic ${nc}", "t.scn:4:16: undefined variable 'nc'; did you mean 'nic'?", 1 },
	{ "client ${nope.addr}", "t.scn:3:8: unknown server address '${nope.addr}': expected ${dhcp.addr}, ${tftp.addr}, ${iscsi.addr} or ${http.addr}", 1 },
	{ "client pc2 nic ${nic}\nset nic e1000", "t.scn:3:16: variable 'nic' is used before its 'set' on line 4", 1 },
	{ "set a 1\nset a 2", "t.scn:4:5: duplicate variable 'a' (first set on line 3)", 1 },
	{ "matrix a 1 2\nset a 3", "t.scn:4:5: 'a' is already a matrix variable (line 3)", 1 },
	{ "client ${pc", "t.scn:3:8: expected '}' to close '${', found end of the word", 1 },
	{ "client ${p c}", "t.scn:3:8: expected '}' to close '${', found end of the word", 1 },
	{ "client pc${}", "t.scn:3:10: expected a variable name inside '${...}', found '${}'", 1 },
	{ "set\n", "t.scn:3:4: expected a variable name, found end of line", 1 },
	{ "matrix nic e1000 e1000", "t.scn:3:18: duplicate matrix value 'e1000'", 1 },
	{ "matrix nic", "t.scn:3:11: expected a value after 'matrix nic', found end of line", 1 },
	{ "set x y\nmatrix nic ${x}", "t.scn:4:12: expected a literal matrix value, found a ${...} reference", 1 },
	{ "matrix n 1 2\nmatrix n 3", "t.scn:4:8: duplicate matrix variable 'n' (first on line 3)", 1 },
	{ "matrix n 1 2\nclient pc2 nic ${n}", "t.scn:4:16: expected a NIC (<nics>), found '1' (with n=1)", 2 },
	/* expectations */
	{ "stage 1 \"s\"\n  expect dhcp discover from pc2", "t.scn:4:29: undefined client 'pc2'; did you mean 'pc1'?", 1 },
	{ "stage 1 \"s\"\n  expect dhcp discover from zz", "t.scn:4:29: undefined client 'zz'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp discover to pc1", "t.scn:4:24: expected 'from' for dhcp discover (sent by the client), found 'to'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp ack from pc1", "t.scn:4:19: expected 'to' for dhcp ack (sent to the client), found 'from'", 1 },
	{ "stage 1 \"s\"\n  expect dchp discover", "t.scn:4:10: expected a protocol (dhcp, dhcp6, ra, tftp, iscsi, http, console), found 'dchp'; did you mean 'dhcp'?", 1 },
	{ "stage 1 \"s\"\n  expect dhcpv6 solicit", "t.scn:4:10: expected a protocol (dhcp, dhcp6, ra, tftp, iscsi, http, console), found 'dhcpv6'; did you mean 'dhcp6'?", 1 },
	{ "stage 1 \"s\"\n  expect dhcp6 solicit to pc1", "t.scn:4:24: expected 'from' for dhcp6 solicit (sent by the client), found 'to'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp6 reply to pc1 exchange pxe", "t.scn:4:38: expected a exchange (boot|address), found 'pxe'", 1 },
	{ "stage 1 \"s\"\n  expect ra managd", "t.scn:4:13: expected a ra field, 'from', 'to', 'times', 'with' or 'without', found 'managd'; did you mean 'managed'?", 1 },
	{ "stage 1 \"s\"\n  expect ra from pc1", "t.scn:4:13: expected 'to' for ra (sent to the client), found 'from'", 1 },
	{ "dhcp builtin\n  pool 10.0.2.9 - 10.0.2.9\n  otherwise file \"x\" no-option 53",
	  "t.scn:5:32: expected an option code other than 53 and 54 (every reply has them), found 53", 1 },
	{ "dhcp dnsmasq\n  pool 10.0.2.9 - 10.0.2.9\n  otherwise file \"x\" no-option 60",
	  "t.scn:5:22: 'no-option' needs dhcp builtin (dnsmasq adds options of its own)", 1 },
	{ "stage 1 \"s\"\n  expect http post \"/x\"", "t.scn:4:15: expected a http verb (get, head, range), found 'post'", 1 },
	{ "stage 1 \"s\"\n  expect http head \"/x\" range \"bytes=0-1\"",
	  "t.scn:4:25: 'range' does not apply to http head (only to: range)", 1 },
	{ "stage 1 \"s\"\n  expect http get \"/x\" from pc1", "t.scn:4:24: expected 'to' for http get (sent to the client), found 'from'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp dicover", "t.scn:4:15: expected a dhcp verb (discover, offer, request, ack, nak, decline, release, inform), found 'dicover'; did you mean 'discover'?", 1 },
	{ "stage 1 \"s\"\n  expect dhcp ack to pc1 vendr-class x",
	  "t.scn:4:26: expected a dhcp field, 'from', 'to', 'times', 'with' or 'without', found 'vendr-class'; did you mean 'vendor-class'?", 1 },
	{ "stage 1 \"s\"\n  expect iscsi login lba 0", "t.scn:4:22: 'lba' does not apply to iscsi login (only to: read, write)", 1 },
	{ "stage 1 \"s\"\n  expect iscsi login status sucess", "t.scn:4:29: expected a status (NAME), found 'sucess'; did you mean 'success'?", 1 },
	{ "stage 1 \"s\"\n  expect iscsi login target iqn.2026-13.org.x:y", "t.scn:4:29: expected an iSCSI name like iqn.2026-11.org.pxelab:boot, found 'iqn.2026-13.org.x:y'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp discover ipxe-feature iscsy", "t.scn:4:37: expected an iPXE feature (iscsi, http, https, dns, ...), found 'iscsy'; did you mean 'iscsi'?", 1 },
	{ "stage 1 \"s\"\n  expect dhcp discover arch seven", "t.scn:4:29: expected a number (optionally after < <= > >= = !=), found 'seven'", 1 },
	{ "stage 1 \"s\"\n  expect dhcp ack to pc1 option 300 x", "t.scn:4:33: expected a DHCP option code (1-254), found '300'", 1 },
	{ "stage 1 \"s\"\n  expect tftp request", "t.scn:4:22: expected a value (\"text\", ^regex or ~ \"regex\"), found end of line", 1 },
	{ "stage 1 \"s\"\n  expect tftp transfer x finished", "t.scn:4:26: expected a status (complete|aborted), found 'finished'", 1 },
	{ "stage 1 \"s\"\n  expect tftp request x option blksize=", "t.scn:4:32: expected a TFTP option NAME or NAME=VALUE, found 'blksize='", 1 },
	{ "stage 1 \"s\"\n  expect console x times 0", "t.scn:4:26: expected a count (1-1000000), found '0'", 1 },
	{ "stage 1 \"s\"\n  expect console x times 2 times 3", "t.scn:4:28: duplicate 'times'", 1 },
	{ "stage 1 \"s\"\n  expect console x to pc1", "t.scn:4:20: expected 'from' for console (sent by the client), found 'to'", 1 },
	{ "stage 1 \"s\"\n  expect console x without text", "t.scn:4:20: expected 'from', 'times' or end of line, found 'without'", 1 },
	{ "stage 1 \"s\"\n  expect console ~ \"[a-\"", "t.scn:4:20: expected a valid regex, found \"[a-\" (Unmatched [, [^, [:, [., or [=)", 1 },
	{ "stage 1 \"s\"\n  expect console ~ \"a{100}\"", "t.scn:4:20: expected a simpler regex (bounds of at most 64), found \"a{100}\"", 1 },
	{ "stage 1 \"s\"\n  expect console ~ \"(a)\\1\"", "t.scn:4:20: expected a simpler regex (no back-references), found \"(a)\\1\"", 1 },
	/* glibc copies x out for x+: 16 '+' make 131071 atoms (36 ran pxelab check past 24 GB) */
	{ "stage 1 \"s\"\n  expect console ~ \"a++++++++++++++++\"", "t.scn:4:20: expected a simpler regex (at most 65536 atoms with its repetitions copied out), found \"a++++++++++++++++\"", 1 },
	{ "stage 1 \"s\"\n  expect console ~ \"((((((((((((((((x+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)+)\"", "t.scn:4:20: expected a simpler regex (at most 65536 atoms with its repetitions copied out), found \"((((((((((((((((x+)+)+)+)+)+)+)+)+)+)...\"", 1 },
	{ "stage 1 \"s\"\n  expect console ~", "t.scn:4:19: expected a regex after '~', found end of line", 1 },
	{ "stage 1 \"s\"\n  expect dhcp ack with bogus", "t.scn:4:24: expected a dhcp field after 'with', found 'bogus'", 1 },
	{ "stage 1 \"s\"\n  expect tftp request x without option tsize=5", "t.scn:4:40: expected a TFTP option NAME without '=VALUE' after 'without', found 'tsize=5'", 1 },
	/* lexical */
	{ "client pc2 \"unterminated", "t.scn:3:12: expected a closing '\"' for this string, found end of line", 1 },
	{ "client pc2\x01", "t.scn:3:11: expected printable text, found byte 0x01", 1 },
	{ "client pc2 \"nic\x7f\"", "t.scn:3:16: expected printable text, found byte 0x7f", 1 },
	/* dhcp policy */
	{ "dhcp builtin", "t.scn:3:1: expected a 'pool' line (or 'proxy') in this dhcp block, found none", 1 },
	{ "dhcp builtin\n  pool 10.0.3.1 - 10.0.3.9", "t.scn:3:1: pool address 10.0.3.1 is outside the LAN 10.0.2.0/24", 2 },
	{ "dhcp builtin\n  pool 10.0.2.1 - 10.0.2.9", "t.scn:3:1: the pool includes the gateway's address", 1 },
	{ "dhcp builtin\n  pool 10.0.2.9 - 10.0.2.1", "t.scn:4:19: expected a last address at or after 10.0.2.9, found '10.0.2.1'", 1 },
	{ "dhcp builtin\n  proxy\n  pool 10.0.2.10 - 10.0.2.20", "t.scn:3:1: 'proxy' hands out no addresses: remove 'pool' and 'reserve'", 1 },
	{ "dhcp biltin", "t.scn:3:6: expected a DHCP server (builtin, slirp, dnsmasq, kea, isc-dhcpd, udhcpd), found 'biltin'; did you mean 'builtin'?", 1 },
	{ "dhcp proxy\n  when arch 7 nbp-count 0 file a", "t.scn:3:6: expected a DHCP server (builtin, slirp, dnsmasq, kea, isc-dhcpd, udhcpd), found 'proxy'", 1 },
	{ "tftp bultin root x", "t.scn:3:6: expected a TFTP server (builtin, slirp, tftpd-hpa, dnsmasq), found 'bultin'; did you mean 'builtin'?", 1 },
	{ "dhcp builtin\n  proxy\n  otherwise file a\n  when arch 7 file b", "t.scn:6:3: 'when' after 'otherwise' (line 5) can never match", 1 },
	{ "dhcp builtin\n  proxy\n  when arch 7 file a arch 8", "t.scn:5:22: expected an action, found 'arch' (conditions come before actions)", 1 },
	{ "dhcp builtin\n  proxy\n  when user-clas iPXE file a", "t.scn:5:8: expected a condition or an action, found 'user-clas'; did you mean 'user-class'?", 1 },
	{ "dhcp builtin\n  proxy\n  when file a", "t.scn:5:8: expected a condition (user-class, vendor-class, arch, mac, client, ipxe-feature, nbp-count), found 'file'", 1 },
	{ "dhcp builtin\n  proxy\n  when arch 7", "t.scn:5:14: expected an action (file, next-server, sname, root-path, option, no-boot, ignore), found end of line", 1 },
	{ "dhcp builtin\n  proxy\n  otherwise ignore file a", "t.scn:5:20: 'file' and 'ignore' contradict each other in one rule", 1 },
	{ "dhcp builtin\n  proxy\n  otherwise file a file b", "t.scn:5:20: duplicate 'file' in this rule", 1 },
	{ "dhcp builtin\n  proxy\n  when client pc9 file a", "t.scn:5:8: undefined client 'pc9'; did you mean 'pc1'?", 1 },
	{ "dhcp dnsmasq\n  proxy\n  when nbp-count < 1 file a", "t.scn:5:8: 'nbp-count' needs dhcp builtin (dnsmasq cannot count boot files)", 1 },
	{ "dhcp slirp\n  when arch 7 file a", "t.scn:4:3: dhcp slirp supports only 'otherwise file NAME' (libslirp hands out one fixed boot file)", 1 },
	{ "dhcp builtin\n  proxy\n  when arch 7 file a name x\n  when arch 6 file b name x", "t.scn:6:27: duplicate rule name 'x' (first on line 5)", 1 },
	{ "dhcp builtin\n  pool 10.0.2.10 - 10.0.2.20\n  reserve 52:54:00:00:00:01 10.0.2.30\n  reserve 52:54:00:00:00:01 10.0.2.31",
	  "t.scn:6:11: duplicate reservation for '52:54:00:00:00:01' (first on line 5)", 1 },
	{ "dhcp builtin\n  pool 10.0.2.10 - 10.0.2.20\n  lease 1h\n  lease 2h", "t.scn:6:3: duplicate 'lease' in this block (first on line 5)", 1 },
	{ "dhcp builtin\n  pool 10.0.2.10 - 10.0.2.20\ndhcp kea", "t.scn:5:1: duplicate 'dhcp' (first on line 3)", 1 },
	/* clients, servers */
	{ "client pc2 firmware bios netboot http", "t.scn:3:34: expected 'pxe': 'netboot http' is OVMF's own HTTP Boot (firmware uefi, pxe native), found 'http'", 1 },
	{ "client pc2 netboot http firmware bios", "t.scn:3:20: expected 'pxe': 'netboot http' is OVMF's own HTTP Boot (firmware uefi, pxe native), found 'http'", 1 },
	{ "client pc2 nic e1000 pxe ipxe-rom netboot http", "t.scn:3:43: expected 'pxe': 'netboot http' is OVMF's own HTTP Boot (firmware uefi, pxe native), found 'http'", 1 },
	{ "client pc2 nic e1000 netboot http", "t.scn:3:16: nic e1000 cannot do 'netboot http': it needs pxe native, and OVMF has no driver of its own for e1000", 1 },
	{ "client pc2 netboot https", "t.scn:3:20: expected pxe, http or pxe6, found 'https'; did you mean 'http'?", 1 },
	{ "client pc2 firmware bios pxe native", "t.scn:3:30: expected 'ipxe-rom' for a bios client, found 'native' (SeaBIOS has no PXE stack; QEMU's BIOS NIC ROM is iPXE)", 1 },
	{ "client pc2 nic pcnet pxe native", "t.scn:3:26: expected 'ipxe-rom' for a uefi client with nic pcnet, found 'native' (OVMF has no driver of its own for pcnet)", 1 },
	{ "client pc2 pxe native nic vmxnet3 firmware uefi", "t.scn:3:16: expected 'ipxe-rom' for a uefi client with nic vmxnet3, found 'native' (OVMF has no driver of its own for vmxnet3)", 1 },
	{ "tftp builtin", "t.scn:3:1: expected 'root DIR' or 'serve' lines for tftp builtin, found none", 1 },
	{ "tftp builtin root x\n  serve ../etc/passwd /etc/passwd", "t.scn:4:9: expected a served name (no '..' component), found '../etc/passwd'", 1 },
	{ "tftp builtin root x\n  serve a /x\n  serve a /y", "t.scn:5:9: duplicate served name 'a' (first on line 4)", 1 },
	{ "iscsi builtin target iqn.2026-11.org.x:y", "t.scn:3:41: expected 'image PATH', found end of line", 1 },
	{ "iscsi builtin image a.img", "t.scn:3:26: expected 'target IQN', found end of line", 1 },
	{ "iscsi builtin target IQN.2026-11.org.x:y image a", "t.scn:3:22: expected an iSCSI name like iqn.2026-11.org.pxelab:boot, found 'IQN.2026-11.org.x:y'", 1 },
	{ "iscsi tgt target iqn.2026-11.org.x:y lun 0 image a", "t.scn:3:42: expected a LUN of 1 or more for tgt, found 0 (tgt puts its controller at LUN 0)", 1 },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a readonly snapshot", "t.scn:3:59: 'snapshot' contradicts 'readonly'", 1 },
	{ "iscsi tgt target iqn.2026-11.org.x:y lun 1 single-session image a", "t.scn:3:44: expected 'single-session' only with the builtin target, found 'tgt'", 1 },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a single-session single-session", "t.scn:3:65: duplicate 'single-session' (first at column 50)", 1 },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a\niscsi builtin target iqn.2026-11.org.x:y image b",
	  "t.scn:4:22: duplicate target 'iqn.2026-11.org.x:y' (first on line 3)", 1 },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a\niscsi tgt target iqn.2026-11.org.x:z image b",
	  "t.scn:4:1: expected every iscsi line to use one server, found 'tgt' here and 'builtin' on line 3", 1 },
	{ "  chap a b", "t.scn:3:3: 'chap' belongs in a iscsi block (after a 'iscsi' line)", 1 },
	{ "fault pc9 rx loss 1%", "t.scn:3:7: undefined client 'pc9'; did you mean 'pc1'?", 1 },
	{ "fault pc1 rx loss 1%\nfault pc1 both delay 1s", "t.scn:4:1: duplicate faults for client 'pc1' both (first on line 3)", 1 },
	{ "xfail stage two \"x\"", "t.scn:3:13: expected a stage number (1-128), found 'two'", 1 },
	/* per-file timing */
	{ "stage 1 \"s\"\n  expect tftp transfer x complete throughput >= 1Mb/s", "t.scn:4:49: expected a rate like 1MB/s, 500kB/s, 2MiB/s or 1000000B/s, found '1Mb/s'", 1 },
	{ "stage 1 \"s\"\n  expect tftp transfer x complete throughput 99999999999999999999GB/s", "t.scn:4:46: expected a rate like 1MB/s, 500kB/s, 2MiB/s or 1000000B/s that fits 64 bits, found '99999999999999999999GB/s'", 1 },
	{ "stage 1 \"s\"\n  expect tftp transfer x complete within soon", "t.scn:4:42: expected a duration like 30s, 500ms, 2m or 1h, found 'soon'", 1 },
	{ "stage 1 \"s\"\n  expect tftp request x within 5s", "t.scn:4:25: 'within' does not apply to tftp request (only to: transfer)", 1 },
	/* dead ends */
	{ "dead-end off gurb-prompt", "t.scn:3:14: expected a built-in dead end or 'all', found 'gurb-prompt'; did you mean 'grub-prompt'?", 1 },
	{ "dead-end off kernel-panic\ndead-end off kernel-panic", "t.scn:4:14: dead end 'kernel-panic' is already off", 1 },
	{ "dead-end idle 5s\ndead-end idle off", "t.scn:4:1: duplicate 'dead-end idle' (first on line 3)", 1 },
	{ "dead-end idle soon", "t.scn:3:15: expected an idle time (or 'off') like 30s, 500ms, 2m or 1h, found 'soon'", 1 },
	{ "dead-end", "t.scn:3:9: expected \"TEXT\", ~ \"REGEX\", 'off NAME' or 'idle DURATION', found end of line", 1 },
	{ "dead-end ~ \"a(\"", "t.scn:3:12: expected a valid regex, found \"a(\" (Unmatched ( or \\()", 1 },
	{ "dead-end \"x\" extra", "t.scn:3:14: expected end of line, found 'extra'", 1 },
	/* whole files ('!' = no head or tail) */
	{ "!", "t.scn:1:1: expected 'scenario NAME', found end of file", 3 },
	{ "!# only a comment\n", "t.scn:2:1: expected 'scenario NAME', found end of file", 3 },
	{ "!scenario t\n", "t.scn:2:1: expected at least one 'client' line, found end of file", 2 },
	{ "!client pc1\nscenario t\nstage 1 \"s\"\n expect console x", "t.scn:1:1: expected 'scenario NAME' first, found 'client'", 1 },
	{ "!scenario a b\nclient pc1\nstage 1 \"s\"\n expect console x", "t.scn:1:12: expected end of line, found 'b'", 1 },
};

/**
 * first_error() - the first error (not warning) kept
 * @d: diagnostics
 *
 * Return: the message (the test fails if there is none).
 */
static const struct scn_msg *first_error(const struct scn_diag *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->msg[i].sev == SCN_SEV_ERROR)
			return &d->msg[i];
	ck_abort_msg("no error kept");
	return NULL;
}

/**
 * run_bad() - parse a bad snippet
 * @b:    the row
 * @d:    out: diagnostics
 *
 * Return: what scn_parse_buffer() returned.
 */
static int run_bad(const struct bad *b, struct scn_diag *d)
{
	struct scn_list list;
	char *text;
	int rc;

	if (b->body[0] == '!')
		text = strdup(b->body + 1);
	else
		ck_assert_int_ge(asprintf(&text, "%s%s%s", head, b->body,
					  strstr(b->body, "stage 1 ") ? "\n" : tail), 0);
	ck_assert_ptr_nonnull(text);
	scn_diag_init(d);
	rc = scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, d);
	ck_assert_uint_eq(list.n, 0);
	ck_assert_ptr_null(list.s);
	free(text);
	return rc;
}

/**
 * want_text() - an expected message with "<nics>" replaced by the NIC list
 * @want: expected message
 * @buf:  out: the text
 * @len:  size of @buf
 *
 * Return: @buf.
 */
static const char *want_text(const char *want, char *buf, size_t len)
{
	const char *at = strstr(want, "<nics>");
	char nics[256];

	if (!at)
		snprintf(buf, len, "%s", want);
	else
		snprintf(buf, len, "%.*s%s%s", (int)(at - want), want,
			 pxl_machine_list(PXL_MACHINE_NIC, ", ", nics, sizeof(nics)), at + 6);
	return buf;
}

START_TEST(test_bad_snippets)
{
	const struct bad *b = &bads[_i];
	struct scn_diag d;
	char got[512], want[512];

	ck_assert_int_eq(run_bad(b, &d), -EINVAL);
	ck_assert_uint_ge(d.errors, 1);
	scn_msg_format(first_error(&d), got, sizeof(got));
	want_text(b->want, want, sizeof(want));
	ck_assert_msg(!strcmp(got, want), "snippet:\n%s\n got: %s\nwant: %s",
		      b->body, got, want);
	ck_assert_msg(!b->errors || d.errors == b->errors,
		      "snippet:\n%s\n%u errors, want %u", b->body, d.errors, b->errors);
	scn_diag_free(&d);
}
END_TEST

START_TEST(test_nul_byte)
{
	static const char text[] = "scenario t\nclient pc1\0\nstage 1 \"s\"\n expect console x\n";
	struct scn_list list;
	struct scn_diag d;
	char got[256];

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer(NULL, text, sizeof(text) - 1, NULL, &list, &d),
			 -EINVAL);
	scn_msg_format(&d.msg[0], got, sizeof(got));
	ck_assert_str_eq(got, "<buffer>:2:11: expected printable text, found byte 0x00");
	scn_diag_free(&d);
}
END_TEST

START_TEST(test_many_errors_collected)
{
	char *text = NULL, *p;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	struct scn_list list;
	struct scn_diag d;
	int i;

	fputs("scenario t\nclient pc1\n", f);
	for (i = 0; i < 30; i++)
		fprintf(f, "client c%d nic bogus%d\n", i, i);
	fputs("stage 1 \"s\"\n expect console x\n", f);
	fclose(f);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("m.scn", text, len, NULL, &list, &d), -EINVAL);
	ck_assert_uint_eq(d.n, SCN_DIAG_MAX);
	ck_assert_uint_eq(d.errors, SCN_DIAG_MAX);
	for (i = 0; i < SCN_DIAG_MAX; i++) {
		ck_assert_uint_eq(d.msg[i].line, (unsigned)i + 3);
		ck_assert_uint_eq(d.msg[i].col, i < 10 ? 15 : 16);
	}
	free(text);
	f = open_memstream(&text, &len);
	scn_diag_print(&d, f);
	fclose(f);
	p = strstr(text, "m.scn:22:16: expected a NIC");
	ck_assert_ptr_nonnull(p);
	ck_assert_ptr_nonnull(strstr(text, "20 errors, 0 warnings\n"));
	free(text);
	scn_diag_free(&d);
}
END_TEST

/**
 * parse_counts() - parse text that must fail; its error and warning counts
 * @text: scenario text
 * @d:    out: the diagnostics (free them)
 */
static void parse_counts(const char *text, struct scn_diag *d)
{
	struct scn_list list;

	scn_diag_init(d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, d), -EINVAL);
	ck_assert_uint_eq(list.n, 0);
}

/*
 * A matrix is parsed once per instance, but the parser stops early when no
 * later instance can change the result, or replays the counts later ones
 * would add.  These pin down what parsing every instance reports (the
 * counts were taken from the build before the shortcuts).
 */
START_TEST(test_matrix_errors)
{
	char *text = NULL, got[256];
	struct scn_diag d;
	size_t len = 0;
	FILE *f;
	int i;

	/* 16 instances, dimensions never used: the mistake is reported once */
	parse_counts("scenario t\n timeout 5x\nmatrix a 1 2 3 4\nmatrix b 1 2 3 4\nclient pc1\n"
		     "stage 1 \"s\"\n expect console x\n", &d);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_uint_eq(d.warnings, 2);
	scn_diag_free(&d);
	/* the instance matters: each bad value is reported, named by its instance */
	parse_counts("scenario t\n timeout 5x\nmatrix fw uefi efi bogus\nclient pc1 firmware ${fw}\n"
		     "stage 1 \"s\"\n expect console x\n", &d);
	ck_assert_uint_eq(d.errors, 3);
	scn_msg_format(&d.msg[2], got, sizeof(got));
	ck_assert_str_eq(got, "t.scn:4:21: expected a firmware (uefi, bios), found 'bogus' (with fw=bogus)");
	scn_diag_free(&d);
	/* a full collection: messages it could not keep are counted again by each instance */
	f = open_memstream(&text, &len);
	fputs("scenario t\n timeout 5x\nmatrix m 1 2 3\n", f);
	for (i = 0; i < 22; i++)
		fprintf(f, "set v%d 1\n", i);
	fputs("client pc1\nstage 1 \"s\"\n expect console x\n", f);
	fclose(f);
	parse_counts(text, &d);
	ck_assert_uint_eq(d.n, SCN_DIAG_MAX);
	ck_assert_uint_eq(d.errors, 1);
	ck_assert_uint_eq(d.warnings, 23 + 2 * 4);
	scn_diag_free(&d);
	free(text);
	/* full of warnings, then 3 errors per instance are counted: the 7th stops at 20, mid-instance */
	f = open_memstream(&text, &len);
	fputs("scenario t\nmatrix m 1 2 3 4 5 6 7 8 9 10\nclient pc1\n", f);
	for (i = 1; i <= 21; i++)
		fprintf(f, "iscsi builtin target iqn.2026-11.org.x:t%d image a\n  chap user short\n", i);
	fputs(" timeout 5x\nclient pc2 nic bogus\nclient pc3 nic bogus2\nstage 1 \"s\"\n expect console x\n", f);
	fclose(f);
	parse_counts(text, &d);
	ck_assert_uint_eq(d.errors, SCN_DIAG_MAX);
	ck_assert_uint_eq(d.warnings, 33);
	ck_assert_uint_eq(d.dropped, 20 + 33 - SCN_DIAG_MAX);
	scn_diag_free(&d);
	free(text);
}
END_TEST

/** struct warn - a snippet that parses, with one expected warning */
struct warn {
	const char *body;
	const char *want;
};

static const struct warn warns[] = {
	{ "set unused 1", "t.scn:3:1: warning: variable 'unused' is set but never used" },
	{ "matrix m 1 2", "t.scn:3:1: warning: variable 'm' is a matrix dimension but never used" },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a\n  chap user short",
	  "t.scn:4:13: warning: CHAP secret shorter than 12 bytes: RFC 7143 targets may refuse it" },
	{ "iscsi builtin target iqn.2026-11.org.x:y image a\ndhcp builtin\n  pool 10.0.2.10 - 10.0.2.20\n"
	  "  otherwise root-path \"iscsi:10.0.2.4::::iqn.2026-11.org.x:z\"",
	  "t.scn:6:13: warning: root-path names target 'iqn.2026-11.org.x:z', which no 'iscsi' line defines" },
	{ "iscsi tgt target iqn.2026-11.org.x:y image a\ndhcp builtin\n  pool 10.0.2.10 - 10.0.2.20\n"
	  "  otherwise root-path \"iscsi:10.0.2.4:::0:iqn.2026-11.org.x:y\"",
	  "t.scn:6:13: warning: root-path asks for LUN 0, but target 'iqn.2026-11.org.x:y' serves LUN 1" },
	{ "!scenario t\n timeout 10s\nclient pc1\nstage 1 \"s\"\n expect console x\n within 11s",
	  "t.scn:1:1: warning: stage deadlines add up to 11s, more than the scenario's timeout 10s" },
};

START_TEST(test_warnings)
{
	const struct warn *w = &warns[_i];
	struct scn_list list;
	struct scn_diag d;
	char got[512], *text;

	if (w->body[0] == '!')
		text = strdup(w->body + 1);
	else
		ck_assert_int_ge(asprintf(&text, "%s%s%s", head, w->body, tail), 0);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), NULL, &list, &d), 0);
	ck_assert_uint_eq(list.n, w->body[0] == 'm' ? 2 : 1);
	ck_assert_uint_eq(d.errors, 0);
	ck_assert_uint_eq(d.warnings, 1);
	scn_msg_format(&d.msg[0], got, sizeof(got));
	ck_assert_msg(!strcmp(got, w->want), "\n got: %s\nwant: %s", got, w->want);
	scn_list_free(&list);
	scn_diag_free(&d);
	free(text);
}
END_TEST

START_TEST(test_preset_errors)
{
	static const char text[] = "scenario t\nclient pc1 nic ${nic}\nstage 1 \"s\"\n expect console x\n";
	struct scn_vars v = { 0 };
	struct scn_list list;
	struct scn_diag d;
	char got[256], want[256];

	ck_assert_int_eq(scn_vars_set_arg(&v, "nic=e1001"), 0);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), &v, &list, &d), -EINVAL);
	scn_msg_format(&d.msg[0], got, sizeof(got));
	ck_assert_str_eq(got, want_text("t.scn:2:16: expected a NIC (<nics>), found 'e1001'; did you mean 'e1000'?",
					want, sizeof(want)));
	scn_diag_free(&d);
	ck_assert_int_eq(scn_vars_set_arg(&v, "nic=a\tb"), 0);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", text, strlen(text), &v, &list, &d), -EINVAL);
	scn_msg_format(&d.msg[0], got, sizeof(got));
	ck_assert_str_eq(got, "t.scn:2:16: expected printable text in variable 'nic', found byte 0x09");
	scn_diag_free(&d);
	scn_vars_free(&v);
}
END_TEST

START_TEST(test_read_errors)
{
	struct scn_list list;
	struct scn_diag d;
	char got[256];

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_file("/nonexistent/x.scn", NULL, &list, &d), -ENOENT);
	scn_msg_format(&d.msg[0], got, sizeof(got));
	ck_assert_str_eq(got, "/nonexistent/x.scn: cannot read: No such file or directory");
	scn_diag_free(&d);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_file("fixtures", NULL, &list, &d), -EISDIR);
	ck_assert_uint_eq(list.n, 0);
	scn_diag_free(&d);
}
END_TEST

/**
 * expected_lines() - the "# expect: L:C: text" lines of a fixture
 * @text: file contents (may hold NUL bytes)
 * @tlen: its length
 * @path: its path, prefixed to each line
 * @out:  out: expected messages, one per line (malloc'ed)
 *
 * Return: number of expected messages.
 */
static unsigned expected_lines(const char *text, size_t tlen, const char *path,
			       char **out)
{
	const char *p = text, *end = text + tlen, *e;
	size_t len = 0;
	unsigned n = 0;
	FILE *f = open_memstream(out, &len);

	while ((p = memmem(p, (size_t)(end - p), "# expect: ", 10))) {
		p += 10;
		e = memchr(p, '\n', (size_t)(end - p));
		e = e ? e : end;
		fprintf(f, "%s:%.*s\n", path, (int)(e - p), p);
		n++;
	}
	fclose(f);
	return n;
}

START_TEST(test_bad_fixtures)
{
	DIR *dir = opendir("fixtures/scenarios-bad");
	struct dirent *de;
	unsigned files = 0;

	ck_assert_ptr_nonnull(dir);
	while ((de = readdir(dir))) {
		char path[512], rel[300], line[512], *want, *got = NULL;
		struct scn_list list;
		struct scn_diag d;
		size_t len, glen = 0, i;
		uint8_t *text;
		unsigned n;
		FILE *f;

		if (!strstr(de->d_name, ".scn"))
			continue;
		snprintf(rel, sizeof(rel), "scenarios-bad/%s", de->d_name);
		snprintf(path, sizeof(path), "fixtures/%s", rel);
		text = pxl_test_fixture(rel, &len);
		n = expected_lines((char *)text, len, path, &want);
		ck_assert_msg(n > 0, "%s has no '# expect:' line", path);
		scn_diag_init(&d);
		ck_assert_int_eq(scn_parse_file(path, NULL, &list, &d), -EINVAL);
		f = open_memstream(&got, &glen);
		for (i = 0; i < d.n; i++) {
			scn_msg_format(&d.msg[i], line, sizeof(line));
			fprintf(f, "%s\n", line);
		}
		fclose(f);
		ck_assert_msg(!strcmp(got, want), "%s:\n got:\n%s\nwant:\n%s", path, got, want);
		free(got);
		free(want);
		free(text);
		scn_diag_free(&d);
		files++;
	}
	closedir(dir);
	ck_assert_uint_ge(files, 4);
}
END_TEST

/**
 * errors_suite() - the suite
 *
 * Return: it.
 */
static Suite *errors_suite(void)
{
	Suite *s = suite_create("scenario_errors");
	TCase *tc = tcase_create("errors");

	tcase_add_loop_test(tc, test_bad_snippets, 0,
			    (int)(ARRAY_SIZE(bads)));
	tcase_add_loop_test(tc, test_warnings, 0,
			    (int)(ARRAY_SIZE(warns)));
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_many_errors_collected);
	tcase_add_test(tc, test_matrix_errors);
	tcase_add_test(tc, test_preset_errors);
	tcase_add_test(tc, test_read_errors);
	tcase_add_test(tc, test_bad_fixtures);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(errors_suite)
