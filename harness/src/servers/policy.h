/* policy.h - a scenario's DHCP policy as external servers see it: conditions, actions, what cannot be expressed */
#ifndef PXL_POLICY_H
#define PXL_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "servers/template.h"
#include "lang/scenario.h"

/** enum pxl_cond_kind - a rule condition external servers may understand */
enum pxl_cond_kind {
	PXL_COND_USER_CLASS,    /* option 77 equals @text */
	PXL_COND_VENDOR_EQ,     /* option 60 equals @text */
	PXL_COND_VENDOR_PREFIX, /* option 60 starts with @text */
	PXL_COND_ARCH,          /* option 93 equals @arch */
	PXL_COND_MAC,           /* chaddr equals @mac */
};

/**
 * struct pxl_cond - one condition, decoded
 * @kind: what it tests
 * @text: the text (user class, vendor class or prefix); points into the scenario
 * @textlen: its length (a prefix drops the leading '^')
 * @arch: architecture for PXL_COND_ARCH
 * @mac: hardware address for PXL_COND_MAC
 */
struct pxl_cond {
	enum pxl_cond_kind kind;
	const char *text;
	size_t textlen;
	uint16_t arch;
	uint8_t mac[6];
};

/**
 * struct pxl_peer_env - what a server's configuration is made from
 * @sc:         the scenario (addresses already translated for the swapped parts)
 * @server:     the namespace interface's address (the server's own)
 * @net, @mask: the LAN
 * @prefix:     its prefix length
 * @gateway:    the LAN's gateway (libslirp; the clients' router)
 * @pool_start, @pool_end: addresses to hand out
 * @lease:      lease time in seconds
 * @next_server: siaddr for a rule with a file but no next-server (the TFTP server)
 * @server6:    the namespace interface's IPv6 address (all zero without a lan6 line)
 * @tftp6:      where a DHCPv6 boot file URL names the TFTP server (pxelab's IPv6
 *              address; @server6 when a real TFTP server is swapped in)
 */
struct pxl_peer_env {
	const struct scenario *sc;
	uint32_t server;
	uint32_t net, mask;
	unsigned prefix;
	uint32_t gateway;
	uint32_t pool_start, pool_end;
	unsigned lease;
	uint32_t next_server;
	uint8_t server6[16];
	uint8_t tftp6[16];
};

/**
 * pxl_dhcp_translate_fn - a policy in a server's own syntax
 * @env: the policy and addresses
 * @rules: receives the configuration fragment for @RULES@
 * @cannot: receives one line per rule or condition it cannot express
 *          ("cannot express: rule ipxe-sanboot (...): udhcpd has no conditional answers")
 */
typedef void (*pxl_dhcp_translate_fn)(const struct pxl_peer_env *env, struct pxl_buf *rules,
				      struct pxl_buf *cannot);

void pxl_peer_env_init(struct pxl_peer_env *env, const struct scenario *sc, uint32_t server);
int pxl_cond_get(const struct scenario *sc, const struct scn_match *m, struct pxl_cond *c);
void pxl_rule_describe(const struct scn_rule *r, char *buf, size_t len);
void pxl_cannot(struct pxl_buf *cannot, const struct scn_rule *r, const char *why, ...)
	__attribute__((format(printf, 3, 4)));
const struct scn_action *pxl_rule_action(const struct scn_rule *r, const char *key);
const struct scn_rule *pxl_policy_fallback(const struct scn_dhcp *d);
void pxl_hex(const char *s, size_t len, char *out, size_t outlen);
void pxl_boot_url6(const struct pxl_peer_env *env, const char *file, char *buf, size_t len);
int pxl_plain_text(const char *s);

#endif /* PXL_POLICY_H */
