/* dhcp6_handlers.h - DHCPv6 server: one request being served, and a handler per client message type */
#ifndef PXL_DHCP6_HANDLERS_H
#define PXL_DHCP6_HANDLERS_H

#include "services/dhcp6/dhcp6_internal.h"

/**
 * struct dhcp6_req - a request being served
 * @srv:     server
 * @m:       the parsed request
 * @now:     clock
 * @b:       the reply being built
 * @cid:     client id (DUID), or NULL
 * @cid_len: its length
 * @pol:     what the boot policy sees of the request
 * @kind:    event kind of the reply ("advertise", "reply" ...)
 * @rule:    name of the matched rule, or NULL
 * @url:     boot file URL sent ("" if none)
 * @addrs:   addresses handed out or confirmed, for the event
 */
struct dhcp6_req {
	struct dhcp6_server *srv;
	const struct dhcp6_msg *m;
	uint64_t now;
	struct dhcp6_build *b;
	const uint8_t *cid;
	size_t cid_len;
	struct dhcp_policy_req pol;
	const char *kind;
	const char *rule;
	char url[1100];
	char addrs[200];
};

void dhcp6_req_init(struct dhcp6_req *rq, struct dhcp6_server *srv, const struct dhcp6_msg *m,
		    uint64_t now, struct dhcp6_build *b, const uint8_t *ll);
void dhcp6_req_emit(const struct dhcp6_req *rq);

int dhcp6_on_solicit(struct dhcp6_req *rq);
int dhcp6_on_request(struct dhcp6_req *rq);
int dhcp6_on_confirm(struct dhcp6_req *rq);
int dhcp6_on_renew(struct dhcp6_req *rq);
int dhcp6_on_release(struct dhcp6_req *rq);
int dhcp6_on_decline(struct dhcp6_req *rq);
int dhcp6_on_inform(struct dhcp6_req *rq);

#endif /* PXL_DHCP6_HANDLERS_H */
