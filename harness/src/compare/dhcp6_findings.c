/* dhcp6_findings.c - the client's DHCPv6 exchanges and the router advertisements of a run, from the wire observer
 *
 * The capture reader (capture.c) hands every observation here; the wire
 * observer has already decoded DHCPv6 (wire/wire_dhcp6.c: the exchange
 * kind, option 59, option 16, rapid commit, the IA's lifetimes and status,
 * latencies) and router advertisements (wire/wire_ndp.c: M and O flags,
 * lifetime, prefix flags, source MAC), so nothing is parsed twice.  A
 * client message belongs to iPXE when its user class says iPXE, else to
 * the firmware's boot or address exchange; an answer to the exchange of
 * its transaction id.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare.h"
#include "wire/wire.h"

static const char *const ex_names[PXL_V6_EXCHANGES] = {
	"firmware DHCPv6 (boot)", "firmware DHCPv6 (address only)", "iPXE DHCPv6",
};

/**
 * pxl_cmp_v6_init() - empty findings (no latency measured)
 * @v: out
 */
void pxl_cmp_v6_init(struct pxl_cmp_v6 *v)
{
	int e;

	memset(v, 0, sizeof(*v));
	for (e = 0; e < PXL_V6_EXCHANGES; e++)
		v->ex[e].sa_ms = v->ex[e].rr_ms = -1;
}

/**
 * field() - an observation's field, "" when absent
 * @o: observation
 * @key: key
 *
 * Return: the value.
 */
static const char *field(const struct pxl_obs *o, const char *key)
{
	const char *s = pxl_obs_field(o, key);

	return s ? s : "";
}

/**
 * xid_ex() - the exchange of a transaction, noting it for a client message
 * @v: findings
 * @o: a dhcp6 observation
 *
 * Return: the exchange, or -1 for an answer to a transaction never seen.
 */
static int xid_ex(struct pxl_cmp_v6 *v, const struct pxl_obs *o)
{
	const char *xid = field(o, "xid");
	size_t i, n = v->nxid < PXL_CMP_XIDS6 ? v->nxid : PXL_CMP_XIDS6;
	int e;

	for (i = 0; i < n; i++)
		if (!strcmp(v->xid[i], xid))
			return v->xid_ex[i];
	if (o->dir != PXL_OBS_FROM_CLIENT)
		return -1;
	e = strstr(field(o, "user-class"), "iPXE") ? PXL_V6_IPXE :
	    !strcmp(field(o, "exchange"), "address") ? PXL_V6_ADDR : PXL_V6_FW;
	snprintf(v->xid[v->nxid % PXL_CMP_XIDS6], sizeof(v->xid[0]), "%s", xid);
	v->xid_ex[v->nxid++ % PXL_CMP_XIDS6] = e;
	return e;
}

/**
 * answer_fields() - what the server put into an ADVERTISE or REPLY
 * @x: exchange
 * @o: the answer
 */
static void answer_fields(struct pxl_cmp_v6_ex *x, const struct pxl_obs *o)
{
	const char *ent = pxl_obs_field(o, "enterprise");

	x->answered = 1;
	x->rapid |= pxl_obs_field(o, "rapid-commit") != NULL;
	snprintf(x->url, sizeof(x->url), "%s", field(o, "bootfile-url"));
	x->vendor[0] = '\0';
	if (ent)
		snprintf(x->vendor, sizeof(x->vendor), "enterprise %s \"%s\"", ent, field(o, "vendor-class"));
	snprintf(x->preferred, sizeof(x->preferred), "%s", field(o, "preferred-lifetime"));
	snprintf(x->valid, sizeof(x->valid), "%s", field(o, "valid-lifetime"));
	snprintf(x->status, sizeof(x->status), "%s", field(o, "status"));
	if (!strcmp(o->verb, "advertise"))
		snprintf(x->pref, sizeof(x->pref), "%s", field(o, "preference"));
}

/**
 * on_dhcp6() - one DHCPv6 message of the client or to it
 * @v: findings
 * @o: observation
 */
static void on_dhcp6(struct pxl_cmp_v6 *v, const struct pxl_obs *o)
{
	int e = xid_ex(v, o);
	struct pxl_cmp_v6_ex *x;
	const char *ms = pxl_obs_field(o, "latency-ms");

	if (e < 0)
		return;
	x = &v->ex[e];
	if (!strcmp(o->verb, "solicit") && !x->solicits++)
		x->t_solicit = o->t_ns;
	x->requests += !strcmp(o->verb, "request");
	x->releases += !strcmp(o->verb, "release");
	if (!strcmp(o->verb, "advertise") && !x->advertises++) {
		x->sa_ms = ms ? atof(ms) : -1;
		if (!x->replies)
			answer_fields(x, o);
	}
	if (!strcmp(o->verb, "reply") && !x->releases && !x->replies++) {
		x->t_reply = o->t_ns;
		x->rr_ms = ms ? atof(ms) : -1;
		answer_fields(x, o);
	}
}

/**
 * on_ra() - one router advertisement
 * @v: findings
 * @o: observation
 */
static void on_ra(struct pxl_cmp_v6 *v, const struct pxl_obs *o)
{
	const char *mac = field(o, "source-mac");
	size_t n = strlen(v->ra_macs);

	if (!v->ras++)
		snprintf(v->ra_first, sizeof(v->ra_first), "%s, router lifetime %s s, prefix %s autonomous %s, from %s",
			 field(o, "flags"), field(o, "router-lifetime"), field(o, "prefix"),
			 field(o, "prefix-autonomous"), mac[0] ? mac : "?");
	if (mac[0] && !strstr(v->ra_macs, mac) && n + strlen(mac) + 3 < sizeof(v->ra_macs))
		snprintf(v->ra_macs + n, sizeof(v->ra_macs) - n, "%s%s", n ? ", " : "", mac);
}

/**
 * pxl_cmp_v6_obs() - take one wire observation (the capture reader passes every one)
 * @v: findings
 * @o: observation: "dhcp6" ones of the client, "ra advert" of any router
 */
void pxl_cmp_v6_obs(struct pxl_cmp_v6 *v, const struct pxl_obs *o)
{
	if (!strcmp(o->proto, "dhcp6") && o->verb)
		on_dhcp6(v, o);
	else if (!strcmp(o->proto, "ra") && o->verb && !strcmp(o->verb, "advert"))
		on_ra(v, o);
}

/**
 * ex_findings() - one line: one exchange's messages and what the answer held
 * @x: exchange
 * @name: its name
 * @f: output
 * @indent: line prefix
 */
static void ex_findings(const struct pxl_cmp_v6_ex *x, const char *name, FILE *f, const char *indent)
{
	fprintf(f, "%s%s: %d SOLICIT, %d ADVERTISE, %d REQUEST, %d REPLY", indent, name, x->solicits,
		x->advertises, x->requests, x->replies);
	if (!x->answered) {
		fprintf(f, ": no answer seen\n");
		return;
	}
	fprintf(f, "; option 59 %s%s%s; option 16 %s; preference %s; rapid commit %s; lifetimes %s/%s s; "
		"status %s\n", x->url[0] ? "\"" : "absent", x->url, x->url[0] ? "\"" : "",
		x->vendor[0] ? x->vendor : "absent", x->pref[0] ? x->pref : "absent", x->rapid ? "yes" : "no",
		x->preferred[0] ? x->preferred : "-", x->valid[0] ? x->valid : "-", x->status[0] ? x->status : "absent");
}

/**
 * pxl_cmp_v6_findings() - the DHCPv6 findings of one run: the router advertisements, then each exchange seen
 * @v: findings
 * @f: output
 * @indent: line prefix
 */
void pxl_cmp_v6_findings(const struct pxl_cmp_v6 *v, FILE *f, const char *indent)
{
	int e;

	if (v->ras)
		fprintf(f, "%srouter advertisements: %u, the first %s; routers: %s\n", indent, v->ras, v->ra_first,
			v->ra_macs[0] ? v->ra_macs : "?");
	else
		fprintf(f, "%srouter advertisements: none seen\n", indent);
	for (e = 0; e < PXL_V6_EXCHANGES; e++)
		if (v->ex[e].solicits || v->ex[e].requests || v->ex[e].answered)
			ex_findings(&v->ex[e], ex_names[e], f, indent);
}
