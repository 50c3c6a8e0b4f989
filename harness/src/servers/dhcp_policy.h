/* dhcp_policy.h - a scenario's dhcp block as pxelab's DHCP server takes it (the run's and `pxelab serve dhcp --scenario`) */
#ifndef PXL_SERVERS_DHCP_POLICY_H
#define PXL_SERVERS_DHCP_POLICY_H

#include <stddef.h>

#include "lang/scenario.h"
#include "services/dhcp/dhcp_server.h"

/**
 * struct pxl_dhcp_policy - a struct dhcp_config and the arrays it points into
 * @cfg:   the configuration (rules, reservations point into @rules, @res)
 * @rules: the `when`/`otherwise` lines as DHCP rules (owned)
 * @res:   the `reserve` lines (owned)
 */
struct pxl_dhcp_policy {
	struct dhcp_config cfg;
	struct dhcp_rule *rules;
	struct dhcp_reservation *res;
};

int pxl_dhcp_rules_make(const struct scenario *sc, const struct scn_dhcp *pol, struct dhcp_rule **out,
			char *err, size_t errlen);
int pxl_dhcp_policy_make(const struct scenario *sc, struct pxl_dhcp_policy *p, char *err, size_t errlen);
void pxl_dhcp_policy_free(struct pxl_dhcp_policy *p);

#endif /* PXL_SERVERS_DHCP_POLICY_H */
