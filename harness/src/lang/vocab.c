/* vocab.c - the expectation vocabulary: protocols, verbs, fields, iPXE features */
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

#define FROM (1u << SCN_DIR_FROM)
#define TO   (1u << SCN_DIR_TO)
#define VB(i) (1u << (i))

/* ---- DHCP ---- */

static const struct scn_verb_def dhcp_verbs[] = {
	{ "discover", FROM, { NULL }, "", "DHCPDISCOVER sent by a client" },
	{ "offer", TO, { NULL }, "", "DHCPOFFER sent to a client" },
	{ "request", FROM, { NULL }, "", "DHCPREQUEST sent by a client" },
	{ "ack", TO, { NULL }, "", "DHCPACK sent to a client" },
	{ "nak", TO, { NULL }, "", "DHCPNAK sent to a client" },
	{ "decline", FROM, { NULL }, "", "DHCPDECLINE sent by a client" },
	{ "release", FROM, { NULL }, "", "DHCPRELEASE sent by a client" },
	{ "inform", FROM, { NULL }, "", "DHCPINFORM sent by a client" },
};

static const struct scn_field_def dhcp_fields[] = {
	{ "vendor-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 60, vendor class (\"PXEClient:Arch:00007:UNDI:003000\")" },
	{ "user-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 77, user class (iPXE sends \"iPXE\")" },
	{ "arch", NULL, SCN_V_NUM, 0, NULL, "[OP] N",
	  "option 93, client architecture (0 BIOS, 6 EFI IA32, 7 EFI BC, 9 EFI x64)" },
	{ "ipxe-feature", NULL, SCN_V_FEATURE, 0, NULL, "NAME",
	  "option 175 (iPXE) lists this feature (iscsi, http, ...)" },
	{ "file", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "boot file name: BOOTP 'file' field, else option 67" },
	{ "sname", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "server host name: BOOTP 'sname' field, else option 66" },
	{ "siaddr", "next-server", SCN_V_IP, 0, NULL, "IP",
	  "BOOTP next-server address (siaddr)" },
	{ "yiaddr", NULL, SCN_V_IP, 0, NULL, "IP",
	  "address given to the client (yiaddr)" },
	{ "root-path", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 17, root path (\"iscsi:10.0.2.4::::iqn...\")" },
	{ "server-id", NULL, SCN_V_IP, 0, NULL, "IP",
	  "option 54, server identifier" },
	{ "lease-time", NULL, SCN_V_SECONDS, 0, NULL, "[OP] SECONDS|DURATION",
	  "option 51, lease time in seconds" },
	{ "option", NULL, SCN_V_DHCPOPT, 0, NULL, "N VALUE",
	  "option N (1-254): printable payload as text, else hex bytes aa:bb" },
};

/* ---- TFTP ---- */

static const char *const tftp_status[] = { "complete", "aborted", NULL };

static const struct scn_verb_def tftp_verbs[] = {
	{ "request", FROM, { "file" }, "FILE",
	  "read request (RRQ) for FILE sent by a client" },
	{ "transfer", TO, { "file", "status" }, "FILE complete|aborted",
	  "a download of FILE ended: last block acknowledged, or an error/timeout" },
	{ "error", FROM | TO, { NULL }, "",
	  "an ERROR packet (from: sent by the client, to: sent to it)" },
};

static const struct scn_field_def tftp_fields[] = {
	{ "file", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "file name of the request or transfer" },
	{ "status", NULL, SCN_V_ENUM, VB(1), tftp_status, "complete|aborted",
	  "how a transfer ended" },
	{ "bytes", NULL, SCN_V_NUM, VB(1), NULL, "[OP] N",
	  "bytes sent in the transfer" },
	{ "within", NULL, SCN_V_WITHIN, VB(1), NULL, "DURATION",
	  "the transfer took at most DURATION, from the request to the last acknowledgement" },
	{ "throughput", NULL, SCN_V_RATE, VB(1), NULL, "[OP] RATE",
	  "bytes per second of the transfer: 1000000B/s, 500kB/s, 1MB/s (powers of 1000), 1MiB/s (of 1024)" },
	{ "option", NULL, SCN_V_TFTPOPT, VB(0), NULL, "NAME[=VALUE]",
	  "RFC 2347 option in the request (tsize, blksize, windowsize ...)" },
	{ "code", NULL, SCN_V_NUM, VB(2), NULL, "[OP] N",
	  "error code (0-8) of an ERROR packet" },
	{ "message", NULL, SCN_V_TEXT, VB(2), NULL, "VALUE",
	  "error message of an ERROR packet" },
};

/* ---- iSCSI ---- */

static const char *const iscsi_status[] = {
	"success", "target-moved-temporarily", "target-moved-permanently",
	"initiator-error", "authentication-failure", "authorization-failure",
	"not-found", "target-removed", "unsupported-version",
	"too-many-connections", "missing-parameter", "cant-include-in-session",
	"session-type-not-supported", "session-does-not-exist",
	"invalid-during-login", "target-error", "service-unavailable",
	"out-of-resources", NULL
};

static const char *const scsi_opcodes[] = {
	"test-unit-ready", "request-sense", "inquiry", "mode-sense-6",
	"start-stop-unit", "read-capacity-10", "read-10", "write-10",
	"synchronize-cache-10", "mode-sense-10", "read-16", "write-16",
	"read-capacity-16", "report-luns", NULL
};

static const struct scn_verb_def iscsi_verbs[] = {
	{ "login", FROM, { NULL }, "", "a login (final response) of an initiator" },
	{ "read", FROM, { NULL }, "", "a SCSI READ (10 or 16) command" },
	{ "write", FROM, { NULL }, "", "a SCSI WRITE (10 or 16) command" },
	{ "command", FROM, { NULL }, "", "any SCSI command" },
	{ "logout", FROM, { NULL }, "", "a logout request" },
};

static const struct scn_field_def iscsi_fields[] = {
	{ "target", NULL, SCN_V_IQN, 0, NULL, "IQN",
	  "target name of the session" },
	{ "status", NULL, SCN_V_ENUM, VB(0), iscsi_status, "NAME",
	  "login status (RFC 7143 status class/detail, by name)" },
	{ "initiator", NULL, SCN_V_IQN, VB(0), NULL, "IQN",
	  "initiator name of the login (iPXE's: option 203, else iqn.2010-04.org.ipxe:UUID)" },
	{ "lba", NULL, SCN_V_NUM, VB(1) | VB(2), NULL, "[OP] N",
	  "first logical block of the read or write" },
	{ "blocks", NULL, SCN_V_NUM, VB(1) | VB(2), NULL, "[OP] N",
	  "number of blocks read or written" },
	{ "opcode", NULL, SCN_V_ENUM, VB(3), scsi_opcodes, "NAME",
	  "SCSI operation (read-capacity-10, test-unit-ready ...)" },
	{ "lun", NULL, SCN_V_NUM, VB(1) | VB(2) | VB(3), NULL, "[OP] N",
	  "logical unit addressed" },
};

/* ---- HTTP ---- */

static const struct scn_verb_def http_verbs[] = {
	{ "get", TO, { "path" }, "PATH",
	  "a GET of PATH without a Range field, answered (the request target as sent: \"/boot.ipxe\")" },
	{ "head", TO, { "path" }, "PATH", "a HEAD of PATH, answered (iPXE and OVMF ask the size so)" },
	{ "range", TO, { "path" }, "PATH",
	  "a GET of PATH with a Range field, answered (iPXE's sanboot reads so)" },
};

static const struct scn_field_def http_fields[] = {
	{ "path", NULL, SCN_V_TEXT, 0, NULL, "VALUE", "request target as sent" },
	{ "status", NULL, SCN_V_NUM, 0, NULL, "[OP] N", "status code of the response (200, 206, 404 ...)" },
	{ "range", NULL, SCN_V_TEXT, VB(2), NULL, "VALUE", "the request's Range field (\"bytes=0-511\")" },
	{ "content-length", NULL, SCN_V_NUM, 0, NULL, "[OP] N", "the response's Content-Length" },
	{ "bytes", NULL, SCN_V_NUM, 0, NULL, "[OP] N", "body bytes delivered (HEAD: 0)" },
	{ "within", NULL, SCN_V_WITHIN, 0, NULL, "DURATION",
	  "the exchange took at most DURATION, from the request's first byte to the body's last" },
	{ "throughput", NULL, SCN_V_RATE, 0, NULL, "[OP] RATE",
	  "bytes per second of the body: 1MB/s, 500kB/s, 1MiB/s" },
};

/* ---- DHCPv6 ---- */

static const char *const dhcp6_exchanges[] = { "boot", "address", NULL };
static const char *const dhcp6_status[] = {
	"success", "unspec-fail", "no-addrs-avail", "no-binding", "not-on-link", "use-multicast", NULL
};

static const struct scn_verb_def dhcp6_verbs[] = {
	{ "solicit", FROM, { NULL }, "", "SOLICIT sent by a client" },
	{ "advertise", TO, { NULL }, "", "ADVERTISE sent to a client" },
	{ "request", FROM, { NULL }, "", "REQUEST sent by a client" },
	{ "reply", TO, { NULL }, "", "REPLY sent to a client" },
	{ "renew", FROM, { NULL }, "", "RENEW sent by a client" },
	{ "rebind", FROM, { NULL }, "", "REBIND sent by a client" },
	{ "confirm", FROM, { NULL }, "", "CONFIRM sent by a client" },
	{ "release", FROM, { NULL }, "", "RELEASE sent by a client" },
	{ "decline", FROM, { NULL }, "", "DECLINE sent by a client" },
	{ "information-request", FROM, { NULL }, "", "INFORMATION-REQUEST sent by a client" },
};

static const struct scn_field_def dhcp6_fields[] = {
	{ "vendor-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 16, vendor class data (\"PXEClient:Arch:00007:UNDI:003000\"; items joined by ',')" },
	{ "user-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 15, user classes joined by ',' (iPXE sends \"iPXE\")" },
	{ "arch", NULL, SCN_V_NUM, 0, NULL, "[OP] N",
	  "option 61, client architecture (7 EFI x64 PXE, 16 EFI x64 HTTP)" },
	{ "bootfile-url", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 59, boot file URL (\"tftp://[fd00::5]/snponly.efi\")" },
	{ "address", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "the first IA_NA's first address (\"fd00::100\")" },
	{ "status", NULL, SCN_V_ENUM, 0, dhcp6_status, "NAME",
	  "option 13 status code, of the message or else of its first IA_NA" },
	{ "exchange", NULL, SCN_V_ENUM, 0, dhcp6_exchanges, "boot|address",
	  "boot: the client asked for option 59; address: OVMF's address-only exchange "
	  "(left out unless named)" },
	{ "client-duid", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 1, client DUID as hex bytes aa:bb:..." },
	{ "server-duid", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "option 2, server DUID as hex bytes aa:bb:..." },
	{ "rapid-commit", NULL, SCN_V_FLAG, 0, NULL, "", "option 14, rapid commit, is present" },
};

/* ---- router advertisements ---- */

static const struct scn_verb_def ra_verbs[] = {
	{ "advert", TO, { NULL }, "[FIELD ...]", "an ICMPv6 router advertisement (sent to all nodes, or to the client)" },
};

static const struct scn_field_def ra_fields[] = {
	{ "managed", NULL, SCN_V_FLAG, 0, NULL, "", "the M flag is set: addresses by DHCPv6" },
	{ "other", NULL, SCN_V_FLAG, 0, NULL, "", "the O flag is set: other configuration by DHCPv6" },
	{ "prefix", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "the first prefix information option, as \"fd00::/64\"" },
	{ "router-lifetime", NULL, SCN_V_NUM, 0, NULL, "[OP] SECONDS",
	  "router lifetime (0: not a default router)" },
};

/* ---- console ---- */

static const struct scn_verb_def console_verbs[] = {
	{ "line", FROM, { "text" }, "\"TEXT\" | ~ \"REGEX\"",
	  "a line the client printed on its serial console" },
};

static const struct scn_field_def console_fields[] = {
	{ "text", NULL, SCN_V_CONTAINS, 0, NULL, "\"TEXT\" | ~ \"REGEX\"",
	  "the line contains TEXT, or matches REGEX" },
};

/* ---- iBFT: "pxelab-ibft: KEY=VALUE" console lines, each against the wire (engine/ibft.c) ---- */

static const struct scn_verb_def ibft_verbs[] = {
	{ "initiator", FROM, { NULL }, "", "initiator name = the client's first iSCSI login's" },
	{ "target", FROM, { NULL }, "", "target name = the DHCP root path's" },
	{ "target-ip", FROM, { NULL }, "", "target address = the DHCP root path's server" },
	{ "target-port", FROM, { NULL }, "", "target port = the DHCP root path's (empty: 3260)" },
	{ "lun", FROM, { NULL }, "", "LUN = the DHCP root path's, as Linux prints it (LUN 1: 01000000)" },
	{ "nic-mac", FROM, { NULL }, "", "NIC MAC = the client's" },
	{ "nic-ip", FROM, { NULL }, "", "NIC address = the DHCP ACK's yiaddr" },
	{ "nic-prefix", FROM, { NULL }, "", "NIC prefix length = the DHCP ACK's subnet mask (option 1)" },
	{ "nic-gateway", FROM, { NULL }, "", "NIC gateway = the DHCP ACK's router (option 3)" },
	{ "nic-dhcp", FROM, { NULL }, "", "NIC's DHCP server = the DHCP ACK's server identifier (option 54)" },
};

static const struct scn_field_def ibft_fields[] = {
	{ "value", NULL, SCN_V_TEXT, 0, NULL, "VALUE", "the guest's value is VALUE too" },
};

static const struct scn_proto_def protos[SCN_PROTO_COUNT] = {
	{ SCN_PROTO_DHCP, "dhcp", dhcp_verbs, ARRAY_SIZE(dhcp_verbs), dhcp_fields,
	  ARRAY_SIZE(dhcp_fields), 0, "DHCP/BOOTP messages on UDP 67/68 and 4011" },
	{ SCN_PROTO_TFTP, "tftp", tftp_verbs, ARRAY_SIZE(tftp_verbs), tftp_fields,
	  ARRAY_SIZE(tftp_fields), 0, "TFTP requests, transfers and errors" },
	{ SCN_PROTO_ISCSI, "iscsi", iscsi_verbs, ARRAY_SIZE(iscsi_verbs), iscsi_fields,
	  ARRAY_SIZE(iscsi_fields), 0, "iSCSI logins and SCSI commands" },
	{ SCN_PROTO_CONSOLE, "console", console_verbs, ARRAY_SIZE(console_verbs),
	  console_fields, ARRAY_SIZE(console_fields), 1, "serial console lines" },
	{ SCN_PROTO_HTTP, "http", http_verbs, ARRAY_SIZE(http_verbs), http_fields,
	  ARRAY_SIZE(http_fields), 0, "HTTP requests on TCP 80 with their responses" },
	{ SCN_PROTO_IBFT, "ibft", ibft_verbs, ARRAY_SIZE(ibft_verbs), ibft_fields,
	  ARRAY_SIZE(ibft_fields), 0,
	  "a field of the iBFT the guest read (its console line \"pxelab-ibft: KEY=VALUE\"), equal to what the wire handed out" },
	{ SCN_PROTO_DHCP6, "dhcp6", dhcp6_verbs, ARRAY_SIZE(dhcp6_verbs), dhcp6_fields,
	  ARRAY_SIZE(dhcp6_fields), 0, "DHCPv6 messages on UDP 546/547" },
	{ SCN_PROTO_RA, "ra", ra_verbs, ARRAY_SIZE(ra_verbs), ra_fields,
	  ARRAY_SIZE(ra_fields), 1, "ICMPv6 router advertisements" },
};

/* ---- DHCP rules ---- */

const struct scn_field_def scn_rule_conds[] = {
	{ "user-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "the request's option 77 user class" },
	{ "vendor-class", NULL, SCN_V_TEXT, 0, NULL, "VALUE",
	  "the request's option 60 vendor class" },
	{ "arch", NULL, SCN_V_NUM, 0, NULL, "[OP] N",
	  "the request's option 93 architecture" },
	{ "mac", NULL, SCN_V_MAC, 0, NULL, "MAC", "the client's hardware address" },
	{ "client", NULL, SCN_V_CLIENT, 0, NULL, "NAME",
	  "the request comes from this scenario client" },
	{ "ipxe-feature", NULL, SCN_V_FEATURE, 0, NULL, "NAME",
	  "the request's option 175 lists this iPXE feature" },
	{ "nbp-count", NULL, SCN_V_NUM, 0, NULL, "[OP] N",
	  "boot files already handed to this client (dhcp builtin only)" },
};
const size_t scn_nrule_conds = ARRAY_SIZE(scn_rule_conds);

const struct scn_field_def scn_rule_acts[] = {
	{ "file", NULL, SCN_V_TEXT, 0, NULL, "NAME", "boot file name (BOOTP file)" },
	{ "next-server", "siaddr", SCN_V_IP, 0, NULL, "IP",
	  "TFTP server address (BOOTP siaddr)" },
	{ "sname", NULL, SCN_V_TEXT, 0, NULL, "NAME", "server host name (BOOTP sname)" },
	{ "root-path", NULL, SCN_V_TEXT, 0, NULL, "PATH", "option 17 root path" },
	{ "option", NULL, SCN_V_DHCPOPT, 0, NULL, "N VALUE",
	  "any option N (1-254) with a text value" },
	{ "no-option", NULL, SCN_V_NUM, 0, NULL, "N",
	  "leave option N out, even one pxelab adds by itself (no-option 60: no HTTPClient; dhcp builtin only)" },
	{ "no-boot", NULL, SCN_V_FLAG, 0, NULL, "",
	  "answer with an address but no boot information" },
	{ "ignore", NULL, SCN_V_FLAG, 0, NULL, "", "do not answer at all" },
	{ "name", NULL, SCN_V_FLAG, 0, NULL, "NAME",
	  "label the rule (reports, events)" },
};
const size_t scn_nrule_acts = ARRAY_SIZE(scn_rule_acts);

/** scn_qualifiers - expectation words that are not fields */
const char *const scn_qualifiers[] = {
	"from", "to", "times", "with", "without", NULL
};

/* ---- iPXE features (option 175 encapsulated codes), in code order (scn_feature_at()) ---- */

static const struct scn_feature_def features[] = {
	{ "pxeext", 0x10 }, { "iscsi", 0x11 }, { "aoe", 0x12 },
	{ "http", 0x13 }, { "https", 0x14 }, { "tftp", 0x15 },
	{ "ftp", 0x16 }, { "dns", 0x17 }, { "bzimage", 0x18 },
	{ "multiboot", 0x19 }, { "slam", 0x1a }, { "srp", 0x1b },
	{ "nbi", 0x20 }, { "pxe", 0x21 }, { "elf", 0x22 },
	{ "comboot", 0x23 }, { "efi", 0x24 }, { "fcoe", 0x25 },
	{ "vlan", 0x26 }, { "menu", 0x27 }, { "sdi", 0x28 },
	{ "nfs", 0x29 },
};

/**
 * scn_proto_get() - a protocol's vocabulary
 * @proto: protocol
 *
 * Return: its table entry, or NULL if out of range.
 */
const struct scn_proto_def *scn_proto_get(enum scn_proto proto)
{
	return (unsigned)proto < SCN_PROTO_COUNT ? &protos[proto] : NULL;
}

/**
 * scn_proto_lookup() - a protocol's vocabulary by keyword
 * @name: "dhcp", "dhcp6", "ra", "tftp", "iscsi", "http", "console" or "ibft"
 *
 * Return: its table entry, or NULL.
 */
const struct scn_proto_def *scn_proto_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < SCN_PROTO_COUNT; i++)
		if (!strcmp(protos[i].name, name))
			return &protos[i];
	return NULL;
}

/**
 * scn_feature_lookup() - an iPXE feature by name
 * @name: "iscsi", "http" ...
 *
 * Return: the entry, or NULL.
 */
const struct scn_feature_def *scn_feature_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (!strcmp(features[i].name, name))
			return &features[i];
	return NULL;
}

/**
 * scn_feature_by_code() - an iPXE feature by its option 175 code
 * @code: encapsulated option code
 *
 * Return: the entry, or NULL.
 */
const struct scn_feature_def *scn_feature_by_code(uint8_t code)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(features); i++)
		if (features[i].code == code)
			return &features[i];
	return NULL;
}

/**
 * scn_feature_at() - the iPXE features in turn, by code
 * @i: index, from 0
 *
 * Return: the entry, or NULL past the last.
 */
const struct scn_feature_def *scn_feature_at(size_t i)
{
	return i < ARRAY_SIZE(features) ? &features[i] : NULL;
}

/**
 * scn_field_find() - a field of a table by name or alias
 * @tab:  table
 * @n:    entries
 * @name: keyword
 *
 * Return: the entry, or NULL.
 */
const struct scn_field_def *scn_field_find(const struct scn_field_def *tab,
					   size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(tab[i].name, name) ||
		    (tab[i].alias && !strcmp(tab[i].alias, name)))
			return &tab[i];
	return NULL;
}

/**
 * add_kw() - add a keyword to a list unless already there
 * @out: list
 * @n:   entries used
 * @max: capacity
 * @kw:  keyword (NULL ignored)
 */
static void add_kw(const char **out, size_t *n, size_t max, const char *kw)
{
	size_t i;

	if (!kw)
		return;
	for (i = 0; i < *n && i < max; i++)
		if (!strcmp(out[i], kw))
			return;
	if (*n < max)
		out[*n] = kw;
	(*n)++;
}

/**
 * add_opts() - add the keywords of an option table
 * @out: list
 * @n:   entries used
 * @max: capacity
 * @tab: table
 * @cnt: entries of @tab
 */
static void add_opts(const char **out, size_t *n, size_t max,
		     const struct scn_opt *tab, size_t cnt)
{
	size_t i;

	for (i = 0; i < cnt; i++)
		add_kw(out, n, max, tab[i].name);
}

/**
 * add_fields() - add the keywords (and aliases) of a field table
 * @out: list
 * @n:   entries used
 * @max: capacity
 * @tab: table
 * @cnt: entries of @tab
 */
static void add_fields(const char **out, size_t *n, size_t max,
		       const struct scn_field_def *tab, size_t cnt)
{
	size_t i, j;

	for (i = 0; i < cnt; i++) {
		add_kw(out, n, max, tab[i].name);
		add_kw(out, n, max, tab[i].alias);
		for (j = 0; tab[i].enumv && tab[i].enumv[j]; j++)
			add_kw(out, n, max, tab[i].enumv[j]);
	}
}

/**
 * add_list() - add the words of a NULL-terminated list
 * @out:  list being built
 * @n:    entries used
 * @max:  capacity
 * @words: words
 */
static void add_list(const char **out, size_t *n, size_t max,
		     const char *const *words)
{
	size_t i;

	for (i = 0; words[i]; i++)
		add_kw(out, n, max, words[i]);
}

/**
 * scn_keywords() - every keyword of the language (for docs and tests)
 * @out: array to fill (may be NULL when @max is 0)
 * @max: its capacity
 *
 * Return: how many keywords there are (may exceed @max).
 */
size_t scn_keywords(const char **out, size_t max)
{
	static const enum pxl_machine_kind machines[] = {
		PXL_MACHINE_FW, PXL_MACHINE_NIC, PXL_MACHINE_PXE, PXL_MACHINE_ACCEL,
	};
	const char *machine[PXL_MACHINE_MAX_ROWS + 1];
	const char *kinds[SCN_SRV_COUNT];
	size_t n = 0, i, j;

	for (i = 0; i < scn_nstmts; i++)
		add_kw(out, &n, max, scn_stmts[i].name);
	add_opts(out, &n, max, scn_client_opts, scn_nclient_opts);
	add_opts(out, &n, max, scn_iscsi_opts, scn_niscsi_opts);
	add_opts(out, &n, max, scn_fault_opts, scn_nfault_opts);
	add_opts(out, &n, max, scn_tftp_opts, scn_ntftp_opts);
	add_opts(out, &n, max, scn_http_opts, scn_nhttp_opts);
	add_opts(out, &n, max, scn_lan_opts, scn_nlan_opts);
	add_opts(out, &n, max, scn_lan6_opts, scn_nlan6_opts);
	add_fields(out, &n, max, scn_rule_conds, scn_nrule_conds);
	add_fields(out, &n, max, scn_rule_acts, scn_nrule_acts);
	for (i = 0; scn_qualifiers[i]; i++)
		add_kw(out, &n, max, scn_qualifiers[i]);
	for (i = 0; i < SCN_PROTO_COUNT; i++) {
		add_kw(out, &n, max, protos[i].name);
		for (j = 0; j < protos[i].nverbs && !protos[i].implicit; j++)
			add_kw(out, &n, max, protos[i].verbs[j].name);
		add_fields(out, &n, max, protos[i].fields, protos[i].nfields);
	}
	for (i = 0; i < ARRAY_SIZE(features); i++)
		add_kw(out, &n, max, features[i].name);
	scn_server_words(SCN_IN_DHCP | SCN_IN_DHCP6 | SCN_IN_TFTP | SCN_IN_ISCSI, kinds, NULL, SCN_SRV_COUNT);
	add_list(out, &n, max, kinds); /* "none" is not written, nor kinds only `compare` takes */
	for (i = 0; i < ARRAY_SIZE(machines); i++) {
		pxl_machine_names(machines[i], machine, PXL_MACHINE_MAX_ROWS + 1);
		add_list(out, &n, max, machine);
	}
	add_list(out, &n, max, scn_fault_dirs);
	add_kw(out, &n, max, "mutual");
	add_kw(out, &n, max, "send");
	return n;
}
