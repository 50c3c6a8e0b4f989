/* dhcp_policy.h - DHCP boot policy: ordered rules (first match wins) and per-client boot history
 *
 * A rule matches when all its conditions hold (none: always).  Conditions
 * look at the request (user class, vendor class prefix, client architecture,
 * iPXE features, MAC) and at the history: how many times this MAC has
 * already been acknowledged with a boot file.  A rule then says what to
 * boot: file, next server, root path, server name, extra options, iPXE's
 * no-pxedhcp, or no boot answer at all (an address only).
 *
 * Example, the classic chainload without an endless loop:
 *   rule "ipxe":    user-class "iPXE"                 -> root-path "iscsi:..."
 *   rule "uefi":    arch == 7                         -> file "snponly.efi"
 *   rule "first":   nbp-count < 1                     -> file "undionly.kpxe"
 */
#ifndef PXL_DHCP_POLICY_H
#define PXL_DHCP_POLICY_H

#include <stddef.h>
#include <stdint.h>

struct dhcp_msg;

#define DHCP_RULE_MAX_MATCH 8
#define DHCP_RULE_MAX_OPTS 8
#define DHCP_RULE_MAX_OMIT 8   /* options a rule leaves out */

/** enum dhcp_match_kind - what a rule condition looks at */
enum dhcp_match_kind {
	DHCP_MATCH_USER_CLASS,   /* @str equals one user class (option 77) */
	DHCP_MATCH_VENDOR,       /* option 60 starts with @str */
	DHCP_MATCH_ARCH,         /* option 93 (first entry) @cmp @num; absent: false */
	DHCP_MATCH_FEATURE,      /* iPXE feature @str (name) or @num (code) announced */
	DHCP_MATCH_MAC,          /* client hardware address equals @mac */
	DHCP_MATCH_NBP_COUNT,    /* times this MAC got file @str (NULL: any file) @cmp @num */
};

/** enum dhcp_cmp - comparison of a number with a rule's @num */
enum dhcp_cmp {
	DHCP_CMP_EQ,
	DHCP_CMP_NE,
	DHCP_CMP_LT,
	DHCP_CMP_LE,
	DHCP_CMP_GT,
	DHCP_CMP_GE,
};

/**
 * struct dhcp_match - one condition of a rule
 * @kind:   what it looks at
 * @negate: the condition holds when the test fails ("without user-class")
 * @str:    user class, vendor prefix, feature name or file name
 * @num:    architecture, feature code or count
 * @cmp:    comparison for DHCP_MATCH_ARCH and DHCP_MATCH_NBP_COUNT
 * @mac:    for DHCP_MATCH_MAC
 */
struct dhcp_match {
	enum dhcp_match_kind kind;
	int negate;
	const char *str;
	uint32_t num;
	enum dhcp_cmp cmp;
	uint8_t mac[6];
};

/**
 * struct dhcp_rule_opt - an option a rule adds (or replaces) in the reply
 * @code: option code (1..254 except 52, 53, 54)
 * @data: bytes (a string option: its characters, no NUL)
 * @len:  byte count (<= 1024)
 */
struct dhcp_rule_opt {
	uint8_t code;
	const uint8_t *data;
	size_t len;
};

/**
 * struct dhcp_rule - one boot policy rule
 * @name:        shown in events ("rule ipxe: ...")
 * @match:       conditions, all must hold
 * @n_match:     number of conditions (0: always matches)
 * @file:        boot file name (BOOTP 'file'), or NULL
 * @next_server: 'siaddr' for this answer; 0 = the config's next_server
 * @no_next_server: send siaddr 0.0.0.0 (no next server), whatever the config says
 * @root_path:   option 17, or NULL
 * @sname:       BOOTP 'sname', or NULL
 * @opts:        extra options, sent whether requested or not
 * @n_opts:      number of extra options
 * @no_pxedhcp:  send iPXE option 175.176 = 1 (skip the ProxyDHCP wait)
 * @no_boot:     answer with an address only: no file, next server, root
 *               path or PXE options (the client falls through)
 * @omit:        options left out of the reply, even those the server adds
 *               by itself (60 "HTTPClient" for an HTTP Boot client)
 * @n_omit:      number of @omit
 */
struct dhcp_rule {
	const char *name;
	struct dhcp_match match[DHCP_RULE_MAX_MATCH];
	size_t n_match;
	const char *file;
	uint32_t next_server;
	int no_next_server;
	const char *root_path;
	const char *sname;
	struct dhcp_rule_opt opts[DHCP_RULE_MAX_OPTS];
	size_t n_opts;
	int no_pxedhcp;
	int no_boot;
	uint8_t omit[DHCP_RULE_MAX_OMIT];
	size_t n_omit;
};

/* ---- rule builder helpers: each returns 0, or -ENOSPC when the rule is full ---- */

void dhcp_rule_init(struct dhcp_rule *r, const char *name);
int dhcp_rule_user_class(struct dhcp_rule *r, const char *uc);
int dhcp_rule_vendor(struct dhcp_rule *r, const char *prefix);
int dhcp_rule_arch(struct dhcp_rule *r, enum dhcp_cmp cmp, uint16_t arch);
int dhcp_rule_feature(struct dhcp_rule *r, const char *name);
int dhcp_rule_feature_code(struct dhcp_rule *r, uint8_t code);
int dhcp_rule_mac(struct dhcp_rule *r, const uint8_t mac[6]);
int dhcp_rule_nbp_count(struct dhcp_rule *r, const char *file, enum dhcp_cmp cmp, uint32_t n);
int dhcp_rule_negate_last(struct dhcp_rule *r);
int dhcp_rule_option(struct dhcp_rule *r, uint8_t code, const void *data, size_t len);
int dhcp_rule_option_str(struct dhcp_rule *r, uint8_t code, const char *s);
int dhcp_rule_omit(struct dhcp_rule *r, uint8_t code);

int dhcp_cmp_parse(const char *s, enum dhcp_cmp *cmp);

/**
 * struct dhcp_history - how many times each MAC was acknowledged with each file
 * @v:   entries { mac, file (owned), count }
 * @n:   entries used
 * @cap: entries allocated
 */
struct dhcp_history {
	struct dhcp_history_entry {
		uint8_t mac[6];
		char *file;
		uint32_t count;
	} *v;
	size_t n;
	size_t cap;
};

/* ---- boot history (dhcp_history.c) ---- */
void dhcp_history_init(struct dhcp_history *h);
void dhcp_history_fini(struct dhcp_history *h);

uint32_t dhcp_history_count(const struct dhcp_history *h, const uint8_t mac[6],
			    const char *file);

int dhcp_history_add(struct dhcp_history *h, const uint8_t mac[6], const char *file);

/**
 * struct dhcp_policy_req - what the boot policy sees of a request, DHCPv4 or DHCPv6
 * @msg:            the parsed request, passed to each accessor
 * @has_user_class: whether one user class (v4 option 77, v6 option 15) equals the name
 * @vendor_prefix:  whether the vendor class (v4 option 60, v6 option 16 data) starts so
 * @client_arch:    client architecture (v4 option 93, v6 option 61): 0, or -ENOENT
 * @ipxe_feature:   whether iPXE announced a feature (v4 option 175; v6: never)
 * @mac:            the client's MAC (v6: from a DUID-LL/LLT), if @has_mac
 * @has_mac:        whether @mac is known (else mac rules fail, nbp-count sees 0)
 */
struct dhcp_policy_req {
	const void *msg;
	int (*has_user_class)(const void *msg, const char *name);
	int (*vendor_prefix)(const void *msg, const char *prefix);
	int (*client_arch)(const void *msg, uint16_t *arch);
	int (*ipxe_feature)(const void *msg, uint8_t code);
	uint8_t mac[6];
	int has_mac;
};

const struct dhcp_rule *dhcp_policy_match_req(const struct dhcp_rule *rules, size_t n,
					      const struct dhcp_policy_req *rq,
					      const struct dhcp_history *h);

const struct dhcp_rule *dhcp_policy_match(const struct dhcp_rule *rules, size_t n,
					  const struct dhcp_msg *msg,
					  const struct dhcp_history *h);

int dhcp_rule_check(struct dhcp_rule *r);

#endif /* PXL_DHCP_POLICY_H */
