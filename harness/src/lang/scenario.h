/* scenario.h - the scenario language: model, parser, diagnostics, file checks
 *
 * A scenario file describes one boot story: the LAN, the servers and their
 * policy, the clients, and the stages with what must be seen on the wire and
 * the console (docs/scenario-language.md).  The parser turns a file into one
 * or more `struct scenario` (one per `matrix` combination), fully expanded
 * and validated; errors are collected in a `struct scn_diag` with
 * FILE:LINE:COL locations.
 *
 * Expectations are generic so an engine can evaluate them against decoded
 * wire observations that carry (protocol, verb, mac, key -> value fields):
 * each is a protocol, a canonical verb, an optional client and direction,
 * and a list of `struct scn_match` {field key, operator, value}.  Field keys
 * are the canonical names of the vocabulary tables (scn_proto_get()); DHCP
 * options are "option-N" (decimal N), TFTP options "option-NAME" (lower
 * case).  Observations should render a DHCP option's payload as text when
 * it is printable, otherwise as lower-case hex bytes joined by ':'.
 *
 * Conventions: addresses are IPv4 in host byte order; durations are
 * nanoseconds (0 means "none"); functions return 0 or a negative errno.
 */
#ifndef PXL_SCENARIO_H
#define PXL_SCENARIO_H

#include <regex.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "qemu/machines.h"

/** SCN_DIAG_MAX - messages kept by a struct scn_diag (more are counted) */
#define SCN_DIAG_MAX 20

/** SCN_NS_PER_SEC - nanoseconds in a second */
#define SCN_NS_PER_SEC 1000000000ULL

/** SCN_FIELD_MAX - longest canonical field key, with its NUL */
#define SCN_FIELD_MAX 48

/* ------------------------------------------------------------------ */
/* Diagnostics                                                         */

/** enum scn_sev - severity of a diagnostic */
enum scn_sev {
	SCN_SEV_ERROR,
	SCN_SEV_WARNING,
};

/**
 * struct scn_msg - one diagnostic
 * @sev:  error or warning
 * @file: file name as given to the parser (never NULL)
 * @line: 1-based line, 0 when the message is about the whole file
 * @col:  1-based column (bytes), 0 when not known
 * @text: the message, e.g. "expected a duration like 30s, found '30'"
 */
struct scn_msg {
	enum scn_sev sev;
	char *file;
	unsigned line;
	unsigned col;
	char *text;
};

/**
 * struct scn_diag - collected diagnostics (initialise with scn_diag_init())
 * @msg:      the first SCN_DIAG_MAX distinct messages
 * @n:        entries used in @msg
 * @errors:   errors reported (including ones not kept)
 * @warnings: warnings reported (including ones not kept)
 * @dropped:  messages not kept because @msg was full
 */
struct scn_diag {
	struct scn_msg msg[SCN_DIAG_MAX];
	size_t n;
	unsigned errors;
	unsigned warnings;
	unsigned dropped;
};

void scn_diag_init(struct scn_diag *d);
void scn_diag_free(struct scn_diag *d);
int scn_diag_add(struct scn_diag *d, enum scn_sev sev, const char *file,
		 unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int scn_diag_vadd(struct scn_diag *d, enum scn_sev sev, const char *file,
		  unsigned line, unsigned col, const char *fmt, va_list ap)
	__attribute__((format(printf, 6, 0)));
int scn_diag_full(const struct scn_diag *d);
int scn_msg_format(const struct scn_msg *m, char *buf, size_t len);
void scn_diag_print(const struct scn_diag *d, FILE *f);

/* ------------------------------------------------------------------ */
/* Variables                                                           */

/**
 * struct scn_var - one variable
 * @name:  name as used in ${name}
 * @value: its text
 * @used:  set by the parser when a ${name} referred to it
 */
struct scn_var {
	char *name;
	char *value;
	int used;
};

/**
 * struct scn_vars - a variable table (zero-initialise; free with scn_vars_free())
 * @v:   entries
 * @n:   entries used
 * @cap: entries allocated
 * @srv_addr: what `${dhcp.addr}`, `${tftp.addr}`, `${iscsi.addr}`, `${http.addr}` expand to,
 *            index enum scn_role ("" : "0.0.0.0"); only a preset's are read (the
 *            command line fills them: where each server runs, scn_server_addr_names[])
 */
struct scn_vars {
	struct scn_var *v;
	size_t n;
	size_t cap;
	char srv_addr[4][16];	/* [SCN_NADDR_ROLES], declared below */
};

int scn_vars_set(struct scn_vars *vars, const char *name, const char *value);
int scn_vars_set_arg(struct scn_vars *vars, const char *assignment);
const char *scn_vars_get(const struct scn_vars *vars, const char *name);
struct scn_var *scn_vars_find(const struct scn_vars *vars, const char *name);
void scn_vars_free(struct scn_vars *vars);

/* ------------------------------------------------------------------ */
/* Model                                                               */

/**
 * struct scn_loc - where something was written
 * @line: 1-based line
 * @col:  1-based column
 */
struct scn_loc {
	unsigned line;
	unsigned col;
};

/** enum scn_op - how a field is compared with a value */
enum scn_op {
	SCN_OP_EQ,       /* exact text (numbers: numeric equality) */
	SCN_OP_NE,       /* numbers: not equal */
	SCN_OP_LT,       /* numbers: less than */
	SCN_OP_LE,       /* numbers: at most */
	SCN_OP_GT,       /* numbers: more than */
	SCN_OP_GE,       /* numbers: at least */
	SCN_OP_REGEX,    /* POSIX extended regex search (@re) */
	SCN_OP_CONTAINS, /* substring (console lines) */
	SCN_OP_HAS,      /* list membership (ipxe-feature) */
	SCN_OP_PRESENT,  /* the field is present, any value ("with FIELD") */
	SCN_OP_ABSENT,   /* the field is absent ("without FIELD") */
};

/**
 * struct scn_match - one field condition of an expectation or DHCP rule
 * @field:  canonical key ("vendor-class", "option-66", "lba", "text", ...)
 * @op:     comparison
 * @value:  normalised value text; NULL for PRESENT/ABSENT
 * @num:    numeric value when @is_num
 * @is_num: the field is numeric (compare @num)
 * @re:     compiled regex for SCN_OP_REGEX (REG_EXTENDED | REG_NOSUB)
 * @client: for the rule condition "client NAME": index into clients, else -1
 * @loc:    where the field was written
 */
struct scn_match {
	char field[SCN_FIELD_MAX];
	enum scn_op op;
	char *value;
	uint64_t num;
	int is_num;
	regex_t *re;
	int client;
	struct scn_loc loc;
};

/** enum scn_proto - protocol of an expectation */
enum scn_proto {
	SCN_PROTO_DHCP,
	SCN_PROTO_TFTP,
	SCN_PROTO_ISCSI,
	SCN_PROTO_CONSOLE,
	SCN_PROTO_HTTP,
	SCN_PROTO_IBFT,
	SCN_PROTO_DHCP6,
	SCN_PROTO_RA,
	SCN_PROTO_COUNT,
};

/** enum scn_dir - which way a packet goes relative to the named client */
enum scn_dir {
	SCN_DIR_ANY,  /* no client named */
	SCN_DIR_FROM, /* sent by the client ("from CLIENT") */
	SCN_DIR_TO,   /* sent to the client ("to CLIENT") */
};

/**
 * struct scn_expect - one `expect` or `never` line
 * @proto:  protocol
 * @verb:   canonical verb (static string: "discover", "transfer", "line" ...)
 * @dir:    direction relative to @client
 * @client: index into scenario->clients, -1 for any client
 * @client_name: the client's name as written, NULL for any client
 * @client_loc: where @client_name is
 * @negate: `never`: the stage fails if this is observed @times times
 * @times:  occurrences needed (at least), default 1
 * @m:      field conditions (all must hold)
 * @nm:     number of @m
 * @loc:    where the line starts
 */
struct scn_expect {
	enum scn_proto proto;
	const char *verb;
	enum scn_dir dir;
	int client;
	char *client_name;
	struct scn_loc client_loc;
	int negate;
	unsigned times;
	struct scn_match *m;
	size_t nm;
	struct scn_loc loc;
};

/**
 * struct scn_stage - one stage: expectations and a deadline
 * @number: 1, 2, 3 ... in file order
 * @name:   its title
 * @within: deadline from the stage's start in ns, 0 = scenario timeout only
 * @ex:     expectations
 * @nex:    number of @ex
 * @loc:    where the stage line is
 */
struct scn_stage {
	unsigned number;
	char *name;
	uint64_t within;
	struct scn_expect *ex;
	size_t nex;
	struct scn_loc loc;
};

/*
 * A client's firmware, PXE mode, accelerator and NIC model are rows of the
 * machine tables (qemu/machines.h); these are the scenario's names for them.
 */
#define SCN_FW_UEFI      PXL_FW_UEFI
#define SCN_FW_BIOS      PXL_FW_BIOS
#define SCN_PXE_NATIVE   PXL_PXE_NATIVE   /* OVMF's own UEFI PXE stack, no option ROM */
#define SCN_PXE_IPXE_ROM PXL_PXE_IPXE_ROM /* QEMU's iPXE NIC ROM (pxe-*.rom / efi-*.rom) */
#define SCN_ACCEL_TCG    PXL_ACCEL_TCG
#define SCN_ACCEL_KVM    PXL_ACCEL_KVM

/**
 * struct scn_client - one QEMU client
 * @name:       its name
 * @fw:         firmware
 * @nic:        NIC name (@nic_model's: "virtio-net", "e1000", ...)
 * @nic_model:  NIC model: QEMU device, iPXE ROMs, what netboots it
 * @pxe:        PXE stack
 * @memory_mib: guest RAM in MiB
 * @mac:        MAC address (a default is assigned when not given)
 * @mac_given:  the file gave @mac
 * @accel:      accelerator
 * @http_boot: `netboot http`: OVMF starts with its UEFI HTTP Boot option
 * @pxe6_first: `netboot pxe6`: OVMF's PXEv4 option off, so PXE over IPv6 comes first
 * @uuid:       SMBIOS system UUID the file gave (QEMU -uuid), "" when not
 *              given: then scn_client_uuid() derives one
 * @loc:        where the client line is
 */
struct scn_client {
	char *name;
	enum pxl_fw fw;
	const char *nic;
	const struct pxl_nic *nic_model;
	enum pxl_pxe pxe;
	unsigned memory_mib;
	uint8_t mac[6];
	int mac_given;
	enum pxl_accel accel;
	int http_boot;
	int pxe6_first;
	char uuid[37];
	struct scn_loc loc;
};

/** enum scn_fault_dir - frames a fault applies to, seen from the client */
enum scn_fault_dir {
	SCN_FAULT_RX,   /* frames delivered to the client */
	SCN_FAULT_TX,   /* frames sent by the client */
	SCN_FAULT_BOTH,
};

/**
 * struct scn_fault - link faults on one client's port
 * @client:      index into clients
 * @client_name: the name as written
 * @client_loc:  where @client_name is
 * @dir:         which frames
 * @loss:        drop probability, parts per million
 * @dup:         duplicate probability, ppm
 * @reorder:     reorder probability, ppm
 * @corrupt:     corrupt (flip a byte) probability, ppm
 * @delay:       added delay, ns
 * @jitter:      random extra delay up to this, ns
 * @seed:        PRNG seed (deterministic runs)
 * @seed_given:  the file gave @seed
 * @loc:         where the fault line is
 */
struct scn_fault {
	int client;
	char *client_name;
	struct scn_loc client_loc;
	enum scn_fault_dir dir;
	uint32_t loss, dup, reorder, corrupt;
	uint64_t delay, jitter;
	uint64_t seed;
	int seed_given;
	struct scn_loc loc;
};

/** SCN_SEND_MAX - most 'on ... send' lines in one scenario (one bit each per client) */
#define SCN_SEND_MAX 64
/** SCN_KEYS_MAX - most bytes one 'send' types */
#define SCN_KEYS_MAX 256

/**
 * struct scn_send - an `on console ... send "KEYS"` line: keys typed on the
 *                   client's serial console the first time a line matches
 * @when:   the console condition (an expectation of protocol console;
 *          its client, if named, is the one the keys go to)
 * @keys:   the keys as written ("<Down><Enter>")
 * @bytes:  what is typed: text and the key names' escape sequences
 * @nbytes: length of @bytes
 * @loc:    where the line starts
 */
struct scn_send {
	struct scn_expect when;
	char *keys;
	char bytes[SCN_KEYS_MAX];
	size_t nbytes;
	struct scn_loc loc;
};

/**
 * struct scn_lan - the virtual LAN
 * @net:     network address
 * @prefix:  prefix length
 * @gateway: the gateway / server address (libslirp's host address)
 * @given:   the file had a `lan` line (else the defaults 10.0.2.0/24, .2)
 * @loc:     where the lan line is
 */
struct scn_lan {
	uint32_t net;
	unsigned prefix;
	uint32_t gateway;
	int given;
	struct scn_loc loc;
};

/** enum scn_ra - what pxelab's router advertisements say (`lan6 ... ra MODE`) */
enum scn_ra {
	SCN_RA_MANAGED = 0, /* M=1 O=1: addresses and options from DHCPv6 */
	SCN_RA_OTHER,       /* M=0 O=1: SLAAC, options from DHCPv6 */
	SCN_RA_SLAAC,       /* M=0 O=0: SLAAC only (iPXE then never asks DHCPv6) */
	SCN_RA_OFF,         /* no advertisements at all */
};

/**
 * struct scn_lan6 - the LAN's IPv6 prefix (`lan6 PREFIX/64 ...`)
 * @given:     the file has a lan6 line (else the LAN is IPv4 only)
 * @prefix:    the /64 prefix (host bits zero)
 * @only:      IPv6-only: no DHCPv4 service on the LAN
 * @ra:        enum scn_ra
 * @router_lifetime: RA router lifetime, ns (0: the advertisements say
 *             "not a default router")
 * @loc:       where the lan6 line is
 *
 * pxelab's IPv6 services answer at PREFIX plus the host part of the IPv4
 * gateway (fd00::2 for fd00::/64 and 10.0.2.2).
 */
struct scn_lan6 {
	int given;
	uint8_t prefix[16];
	int only;
	enum scn_ra ra;
	uint64_t router_lifetime;
	struct scn_loc loc;
};

/** enum scn_role - what a server does for the clients */
enum scn_role {
	SCN_ROLE_DHCP,
	SCN_ROLE_TFTP,
	SCN_ROLE_ISCSI,
	SCN_ROLE_HTTP,
	SCN_ROLE_DHCP6,
	SCN_NROLES,
};

/* the roles with a ${ROLE.addr} reference (IPv4 addresses): all but DHCPv6 */
#define SCN_NADDR_ROLES SCN_ROLE_DHCP6

/* where a server kind may be named: the roles column of lang/server_kinds.def */
#define SCN_IN(role)   (1u << (role))                /* a scenario's dhcp/tftp/iscsi line */
#define SCN_SWAP(role) (SCN_IN(role) << SCN_NROLES)  /* pxelab compare --dhcp/--tftp/--iscsi */
#define SCN_IN_DHCP    SCN_IN(SCN_ROLE_DHCP)
#define SCN_IN_TFTP    SCN_IN(SCN_ROLE_TFTP)
#define SCN_IN_ISCSI   SCN_IN(SCN_ROLE_ISCSI)
#define SCN_IN_HTTP    SCN_IN(SCN_ROLE_HTTP)
#define SCN_IN_DHCP6   SCN_IN(SCN_ROLE_DHCP6)
#define SCN_SWAP_DHCP  SCN_SWAP(SCN_ROLE_DHCP)
#define SCN_SWAP_TFTP  SCN_SWAP(SCN_ROLE_TFTP)
#define SCN_SWAP_ISCSI SCN_SWAP(SCN_ROLE_ISCSI)
#define SCN_SWAP_HTTP  SCN_SWAP(SCN_ROLE_HTTP)
#define SCN_SWAP_DHCP6 SCN_SWAP(SCN_ROLE_DHCP6)

extern const char *const scn_server_addr_names[SCN_NADDR_ROLES];	/* lang/expand.c: "tftp.addr" ... */

/** enum scn_server - which server answers: none, or one row of lang/server_kinds.def */
enum scn_server {
	SCN_SRV_NONE,
#define SERVER_KIND(id, name, provider, roles) SCN_SRV_##id,
#include "lang/server_kinds.def"
#undef SERVER_KIND
	SCN_SRV_COUNT
};

/**
 * struct scn_server_kind - one row of lang/server_kinds.def
 * @name:  what scenarios and the command line say ("none" for SCN_SRV_NONE)
 * @roles: where it may be named (SCN_IN_* and SCN_SWAP_* flags)
 */
struct scn_server_kind {
	const char *name;
	unsigned roles;
};

/**
 * struct scn_reserve - a fixed address for one MAC
 * @mac:  hardware address
 * @addr: address handed out
 * @loc:  where it was written
 */
struct scn_reserve {
	uint8_t mac[6];
	uint32_t addr;
	struct scn_loc loc;
};

/**
 * struct scn_action - what a DHCP rule puts into the reply
 * @key:   "file", "siaddr", "sname", "root-path", "option-N", "no-boot",
 *         "ignore"
 * @code:  DHCP option code for "option-N" (else 0)
 * @value: text value (NULL for no-boot/ignore); for siaddr the dotted quad
 * @addr:  for siaddr: the address
 * @loc:   where it was written
 */
struct scn_action {
	char key[SCN_FIELD_MAX];
	unsigned code;
	char *value;
	uint32_t addr;
	struct scn_loc loc;
};

/**
 * struct scn_rule - one `when` or `otherwise` line; the first match wins
 * @name:      label (`name NAME`), or "rule-N" (N = 1-based position)
 * @otherwise: the fallback rule (no conditions)
 * @cond:      conditions (all must hold); keys: user-class, vendor-class,
 *             arch, mac, client, ipxe-feature, nbp-count
 * @ncond:     number of @cond
 * @act:       actions
 * @nact:      number of @act
 * @loc:       where the line is
 */
struct scn_rule {
	char *name;
	int otherwise;
	struct scn_match *cond;
	size_t ncond;
	struct scn_action *act;
	size_t nact;
	struct scn_loc loc;
};

/**
 * struct scn_dhcp - the DHCP server and its policy
 * @kind:       server
 * @pool_start: first pool address (0 = none)
 * @pool_end:   last pool address
 * @lease:      lease time, ns
 * @res:        reservations
 * @nres:       number of @res
 * @no_pxedhcp: send iPXE option 175.176 = 1 (skip the ProxyDHCP wait)
 * @proxy:      ProxyDHCP mode: boot information only, no addresses
 * @rules:      rules in order
 * @nrules:     number of @rules
 * @loc:        where the dhcp line is
 */
struct scn_dhcp {
	enum scn_server kind;
	uint32_t pool_start, pool_end;
	uint64_t lease;
	struct scn_reserve *res;
	size_t nres;
	int no_pxedhcp;
	int proxy;
	struct scn_rule *rules;
	size_t nrules;
	struct scn_loc loc;
};

/**
 * struct scn_dhcp6 - the DHCPv6 server and its policy (`dhcp6 SERVER` block)
 * @pol:        kind, lease (preferred lifetime), rules and location, as
 *              the dhcp block holds them (reservations, proxy and
 *              no-pxedhcp stay unused: the parser refuses them here)
 * @pool_start: first pool address (all zero: none given)
 * @pool_end:   last pool address
 */
struct scn_dhcp6 {
	struct scn_dhcp pol;
	uint8_t pool_start[16];
	uint8_t pool_end[16];
};

/**
 * struct scn_serve - an extra file placed into the served root
 * @name: name clients ask for
 * @src:  host path it comes from
 * @loc:  where it was written
 */
struct scn_serve {
	char *name;
	char *src;
	struct scn_loc loc;
};

/**
 * struct scn_tftp - the TFTP server, and (same shape) the HTTP server
 * @kind:   server
 * @root:   directory served (NULL = only @serve files)
 * @serve:  extra files
 * @nserve: number of @serve
 * @loc:    where the tftp line is
 * @no_range: HTTP only (`no-range`): the server ignores Range and answers 200 with the whole file
 */
struct scn_tftp {
	enum scn_server kind;
	char *root;
	struct scn_serve *serve;
	size_t nserve;
	struct scn_loc loc;
	int no_range;
};

/** enum scn_image_mode - what happens to writes */
enum scn_image_mode {
	SCN_IMAGE_SNAPSHOT,   /* writes go to a private copy, discarded */
	SCN_IMAGE_READONLY,   /* writes fail */
	SCN_IMAGE_PERSISTENT, /* writes reach the file */
};

/**
 * struct scn_target - one iSCSI target (an `iscsi` line)
 * @kind:        server
 * @iqn:         target name
 * @lun:         LUN the image is served at
 * @image:       disk image path
 * @mode:        write policy
 * @addr:        portal address (0 = the engine's choice)
 * @port:        portal TCP port (3260)
 * @chap_user:   CHAP user name or NULL
 * @chap_secret: CHAP secret or NULL
 * @mutual_user: mutual CHAP user or NULL
 * @mutual_secret: mutual CHAP secret or NULL
 * @single_session: refuse a second session from an initiator name (builtin)
 * @loc:         where the iscsi line is
 * @chap_loc:    where the chap line is
 */
struct scn_target {
	enum scn_server kind;
	char *iqn;
	unsigned lun;
	char *image;
	enum scn_image_mode mode;
	uint32_t addr;
	uint16_t port;
	char *chap_user, *chap_secret;
	char *mutual_user, *mutual_secret;
	int single_session;
	struct scn_loc loc;
	struct scn_loc chap_loc;
};

/**
 * struct scn_dead_end - a console line that proves a client is stuck (lang/dead_ends.c)
 * @name: the built-in's name ("grub-prompt"), or NULL for the scenario's own
 * @why:  what the built-in means, or NULL
 * @m:    what is searched in each console line: text (SCN_OP_CONTAINS) or regex
 *        (SCN_OP_REGEX); @m.loc is where the scenario wrote it
 */
struct scn_dead_end {
	const char *name;
	const char *why;
	struct scn_match m;
};

/**
 * struct scn_dead_ends - when a run stops waiting for a stuck client
 * @v:        the patterns in force: the built-ins not turned off, then the
 *            scenario's own `dead-end` lines (filled by scn_finalize())
 * @n:        entries of @v
 * @off:      bit i: built-in i was turned off (`dead-end off NAME`)
 * @off_all:  `dead-end off all` was written
 * @idle:     a client that sends no frame and prints nothing for this long is
 *            stuck (ns); 0: never
 * @idle_loc: where `dead-end idle` was written (line 0: the default applies)
 */
struct scn_dead_ends {
	struct scn_dead_end *v;
	size_t n;
	uint32_t off;
	int off_all;
	uint64_t idle;
	struct scn_loc idle_loc;
};

/** SCN_IDLE_DEFAULT - `dead-end idle` unless the scenario says otherwise */
#define SCN_IDLE_DEFAULT (60ULL * 1000000000ULL)

/**
 * struct scn_dead_end_def - one built-in dead end (the table scn_dead_end_builtins[])
 * @name:  what `dead-end off NAME` says
 * @regex: POSIX extended regex searched in each console line
 * @why:   what it means, for the diagnosis and the docs
 */
struct scn_dead_end_def {
	const char *name;
	const char *regex;
	const char *why;
};

/**
 * struct scn_xfail - the stage a negative scenario must fail at
 * @stage: stage number (0 = not an xfail scenario)
 * @text:  the failure diagnosis must contain this
 * @loc:   where it was written
 */
struct scn_xfail {
	unsigned stage;
	char *text;
	struct scn_loc loc;
};

/**
 * struct scenario - one scenario instance
 * @name:        name, with a matrix suffix: "pxe-to-ipxe[nic=e1000]"
 * @base_name:   name as written after `scenario`
 * @instance:    the matrix assignment "nic=e1000,fw=uefi", "" if none
 * @file:        file it came from
 * @description: text or NULL
 * @timeout:     whole-scenario deadline, ns
 * @lan:         the LAN
 * @lan6:        its IPv6 prefix, if any
 * @dhcp:        DHCP server
 * @dhcp6:       DHCPv6 server
 * @tftp:        TFTP server
 * @http:        HTTP server (`http` line and its `serve` files)
 * @targets:     iSCSI targets
 * @ntargets:    number of @targets
 * @clients:     clients
 * @nclients:    number of @clients
 * @faults:      link faults
 * @nfaults:     number of @faults
 * @sends:       keys typed on a console match (`on console ... send`)
 * @nsends:      number of @sends
 * @stages:      stages in order (stages[i].number == i + 1)
 * @nstages:     number of @stages
 * @xfail:       expected failure
 * @dead_ends:   console patterns and idle time that end a stuck client's walk
 * @loc:         where the scenario line is
 */
struct scenario {
	char *name;
	char *base_name;
	char *instance;
	char *file;
	char *description;
	uint64_t timeout;
	struct scn_lan lan;
	struct scn_lan6 lan6;
	struct scn_dhcp dhcp;
	struct scn_dhcp6 dhcp6;
	struct scn_tftp tftp;
	struct scn_tftp http;
	struct scn_target *targets;
	size_t ntargets;
	struct scn_client *clients;
	size_t nclients;
	struct scn_fault *faults;
	size_t nfaults;
	struct scn_send *sends;
	size_t nsends;
	struct scn_stage *stages;
	size_t nstages;
	struct scn_xfail xfail;
	struct scn_dead_ends dead_ends;
	struct scn_loc loc;
};

extern const struct scn_dead_end_def scn_dead_end_builtins[];
extern const size_t scn_ndead_end_builtins;

const struct scn_dead_end *scn_dead_end_find(const struct scenario *s, const char *line);

/**
 * struct scn_list - the instances one file expands into
 * @s: scenarios
 * @n: number of @s
 */
struct scn_list {
	struct scenario **s;
	size_t n;
};

/* ------------------------------------------------------------------ */
/* Parsing                                                             */

void scn_lan6_addr(const struct scenario *s, uint8_t out[16]);
void scn_lan6_host(const struct scenario *s, uint32_t addr, uint8_t out[16]);

int scn_parse_file(const char *path, const struct scn_vars *preset,
		   struct scn_list *out, struct scn_diag *diag);
int scn_parse_buffer(const char *name, const char *buf, size_t len,
		     const struct scn_vars *preset, struct scn_list *out,
		     struct scn_diag *diag);

/**
 * struct scn_parse_opts - parse settings most callers leave alone
 * @pick:     NULL for every matrix instance, or whether to parse instance
 *            @k of @n (the others are not parsed: no scenario, no message)
 * @pick_arg: passed to @pick
 */
struct scn_parse_opts {
	int (*pick)(size_t k, size_t n, void *arg);
	void *pick_arg;
};

int scn_parse_buffer_opts(const char *name, const char *buf, size_t len,
			  const struct scn_vars *preset, const struct scn_parse_opts *opts,
			  struct scn_list *out, struct scn_diag *diag);
void scn_free(struct scenario *s);
void scn_list_free(struct scn_list *list);

/* client_uuid.c */
const char *scn_client_uuid(const struct scenario *s, const struct scn_client *c, char out[37]);

/* ------------------------------------------------------------------ */
/* Host files                                                          */

/**
 * struct scn_paths - where firmware lives (scn_paths_default(): Debian's,
 *                    from the machine tables; tests point them elsewhere)
 * @code:    per firmware (enum pxl_fw): its image
 * @vars:    per firmware: its variable store template, NULL if none
 * @rom_dir: QEMU's iPXE NIC ROMs (package ipxe-qemu)
 */
struct scn_paths {
	const char *code[PXL_FW_COUNT];
	const char *vars[PXL_FW_COUNT];
	const char *rom_dir;
};

/** SCN_BIOS_MIN_IMAGE - smallest disk iPXE's INT13 sanboot copes with */
#define SCN_BIOS_MIN_IMAGE (16ULL * 1024 * 1024)

void scn_paths_default(struct scn_paths *paths);
int scn_client_rom(const struct scn_paths *paths, const struct scn_client *c,
		   char *buf, size_t len);
int scn_check_files(const struct scenario *s, const struct scn_paths *paths,
		    struct scn_diag *diag);

/* relative host paths: the scenario's folder, its parent, the current folder, the data folder */
const char *scn_datadir(void);
int scn_resolve_path(const char *file, const char *path, char *buf, size_t len);
int scn_resolve_files(struct scenario *s);

/* ------------------------------------------------------------------ */
/* Output                                                              */

void scn_dump(const struct scenario *s, FILE *f);
void scn_reference_roff(FILE *f);
const char *scn_key_names(char *buf, size_t len);
int scn_keys_decode(const char *keys, char *out, size_t *n, char *bad, size_t blen);
int scn_expect_format(const struct scenario *s, const struct scn_expect *e,
		      char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Vocabulary (tables shared by the parser, the docs and engines)      */

/** enum scn_vkind - the shape of a field's value */
enum scn_vkind {
	SCN_V_TEXT,     /* "text" exact, ^regex, ~ "regex" */
	SCN_V_NUM,      /* number, optionally after < <= > >= = != */
	SCN_V_SECONDS,  /* like SCN_V_NUM, also accepts a duration (-> seconds) */
	SCN_V_WITHIN,   /* DURATION: the observation's duration-us is at most this (num: us) */
	SCN_V_RATE,     /* [OP] RATE: bytes per second, "1MB/s" (num: B/s) */
	SCN_V_IP,       /* dotted quad, or a regex */
	SCN_V_MAC,      /* 52:54:00:12:34:56 */
	SCN_V_FEATURE,  /* iPXE feature name: list membership */
	SCN_V_ENUM,     /* one of a fixed list of words */
	SCN_V_IQN,      /* iqn./eui./naa. name, or a regex */
	SCN_V_CLIENT,   /* a client name */
	SCN_V_DHCPOPT,  /* N VALUE: DHCP option N */
	SCN_V_TFTPOPT,  /* NAME[=VALUE]: TFTP option */
	SCN_V_CONTAINS, /* console: "substring" or ~ "regex" */
	SCN_V_FLAG,     /* no value */
};

/**
 * struct scn_field_def - one field keyword
 * @name:  keyword
 * @alias: another spelling or NULL
 * @kind:  value shape
 * @verbs: bit i set = valid with verb i of the protocol; 0 = all verbs
 * @enumv: NULL-terminated allowed words for SCN_V_ENUM
 * @args:  argument shape for docs and errors
 * @doc:   one line: what it matches on the wire
 */
struct scn_field_def {
	const char *name;
	const char *alias;
	enum scn_vkind kind;
	unsigned verbs;
	const char *const *enumv;
	const char *args;
	const char *doc;
};

/**
 * struct scn_verb_def - one verb of a protocol
 * @name: keyword (also the canonical verb)
 * @dirs: bit mask of allowed directions: 1 << SCN_DIR_FROM | 1 << SCN_DIR_TO
 * @pos:  field names taken positionally after the verb (required), or NULL
 * @args: argument shape for docs and errors
 * @doc:  one line: what it matches on the wire
 */
struct scn_verb_def {
	const char *name;
	unsigned dirs;
	const char *pos[2];
	const char *args;
	const char *doc;
};

/**
 * struct scn_proto_def - one protocol of the expectation vocabulary
 * @proto:   its enum
 * @name:    keyword
 * @verbs:   verbs (a single verb named after nothing when @implicit)
 * @nverbs:  number of @verbs
 * @fields:  fields
 * @nfields: number of @fields
 * @implicit: no verb keyword is written (console, ra); the fields a verb takes
 *            positionally are then its only ones (console), or, when it takes
 *            none, fields follow as for other protocols (ra)
 * @doc:     one line
 */
struct scn_proto_def {
	enum scn_proto proto;
	const char *name;
	const struct scn_verb_def *verbs;
	size_t nverbs;
	const struct scn_field_def *fields;
	size_t nfields;
	int implicit;
	const char *doc;
};

/**
 * struct scn_feature_def - an iPXE feature (DHCP option 175 encapsulated)
 * @name: keyword
 * @code: encapsulated option code
 */
struct scn_feature_def {
	const char *name;
	uint8_t code;
};

const struct scn_proto_def *scn_proto_get(enum scn_proto proto);
const struct scn_proto_def *scn_proto_lookup(const char *name);
const struct scn_feature_def *scn_feature_lookup(const char *name);
const struct scn_feature_def *scn_feature_by_code(uint8_t code);
const struct scn_feature_def *scn_feature_at(size_t i);
size_t scn_keywords(const char **out, size_t max);

/* server_kinds.c: the rows of lang/server_kinds.def */
extern const struct scn_server_kind scn_server_kinds[SCN_SRV_COUNT];
const char *scn_server_name(enum scn_server kind);
int scn_server_find(const char *name, unsigned roles, enum scn_server *kind);
size_t scn_server_words(unsigned roles, const char **words, enum scn_server *kinds, size_t max);
const char *scn_server_list(unsigned roles, const char *last, char *buf, size_t len);

#endif /* PXL_SCENARIO_H */
