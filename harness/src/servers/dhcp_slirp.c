/* dhcp_slirp.c - libslirp's own DHCP and TFTP servers as the `slirp` provider, and what its DHCP cannot express
 *
 * libslirp's servers run in-process, inside the LAN's router: the engine
 * turns them on when it starts libslirp (engine/setup.c), so this
 * provider has nothing to start or stop.  Its DHCP offers one fixed boot
 * file to every client and nothing else, so every conditional rule and
 * every action other than that file is "cannot express".  There is no
 * configuration to write.
 */
#include <stdio.h>
#include <string.h>

#include "servers/external_priv.h"

/**
 * slirp_translate() - list what libslirp's DHCP cannot express (no configuration)
 * @env: policy
 * @out: unused (nothing to configure)
 * @cannot: what cannot be expressed
 */
static void slirp_translate(const struct pxl_peer_env *env, struct pxl_buf *out, struct pxl_buf *cannot)
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

/**
 * slirp_cannot() - what libslirp's DHCP cannot express of a scenario's policy
 * @pv: provider
 * @sc: scenario
 * @role: SCN_ROLE_DHCP (libslirp's DHCPv6 is not one of its kinds)
 * @buf: out: "cannot express: ..." lines
 * @len: its size
 *
 * Return: the number of lines.
 */
static int slirp_cannot(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role, char *buf,
			size_t len)
{
	return pxl_peer_translate_cannot(slirp_translate, sc, buf, len);
}

/**
 * slirp_addr() - libslirp serves on the LAN's gateway address
 * @pv: provider
 * @sc: scenario
 * @role: role
 *
 * Return: the address, host order.
 */
static uint32_t slirp_addr(const struct pxl_provider *pv, const struct scenario *sc, enum scn_role role)
{
	struct pxl_peer_env env;

	pxl_peer_env_init(&env, sc, 0);
	return env.gateway;
}

/* no start or stop: libslirp runs for every run, and the engine configures its servers */
static const struct pxl_provider_ops slirp_ops = {
	.addr = slirp_addr,
	.cannot = slirp_cannot,
};

/** pxl_provider_slirp - libslirp's built-in DHCP and TFTP servers */
const struct pxl_provider pxl_provider_slirp = { &slirp_ops, { NULL } };
