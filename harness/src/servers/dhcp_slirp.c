/* dhcp_slirp.c - what libslirp's built-in DHCP cannot express of a scenario's policy
 *
 * libslirp's DHCP runs in-process (engine_setup.c turns it on for `dhcp
 * slirp`); it offers one fixed boot file to every client and nothing else,
 * so every conditional rule and every action other than that file is
 * "cannot express".  There is no configuration to write.
 */
#include <stdio.h>
#include <string.h>

#include "servers/external_priv.h"

/**
 * pxl_dhcp_slirp() - list what libslirp's DHCP cannot express (no configuration)
 * @env: policy
 * @out: unused (nothing to configure)
 * @cannot: what cannot be expressed
 */
void pxl_dhcp_slirp(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
{
	const struct scn_dhcp *d = &env->sc->dhcp;
	const char *file = NULL;
	size_t i, k;

	for (i = 0; i < d->nrules && !file; i++)
		for (k = 0; k < d->rules[i].nact && !file; k++)
			if (!strcmp(d->rules[i].act[k].key, "file"))
				file = d->rules[i].act[k].value;
	for (i = 0; i < d->nrules; i++) {
		const struct scn_rule *r = &d->rules[i];

		if (r->ncond)
			pxl_cannot(cannot, r, "libslirp's DHCP has no conditional answers: it offers \"%s\" to every client",
				   file ? file : "no boot file");
		else
			for (k = 0; k < r->nact; k++)
				if (strcmp(r->act[k].key, "file") && strcmp(r->act[k].key, "siaddr"))
					pxl_cannot(cannot, r, "libslirp's DHCP sends only a boot file name, not %s",
						   r->act[k].key);
	}
}
