/* explain.c - what a server put on the wire, and why a stage was slow, in words
 *
 * Findings: per DHCP exchange (firmware's, iPXE's), what the answer held:
 * option 60 PXEClient, iPXE's 175.176 no-pxedhcp, siaddr next to option
 * 66, the header file next to option 67, option 97 echoed, the broadcast
 * flag honoured, lease time, server identifier, NAKs.
 *
 * Explanations come from the timing of the same exchanges: a slow OFFER
 * (address probing), the firmware's offer collection, iPXE's ProxyDHCP
 * wait (the answer lacks PXEClient and 175.176), requests to port 4011, a
 * gap between iPXE's ACK and the iSCSI connection (IPv6 autoconfiguration
 * when no router advertises).  Only what was measured is said.
 */
#include <stdio.h>
#include <string.h>

#include "net/packet.h"
#include "compare/compare.h"

static const char *const phase_names[PXL_PHASES] = { "firmware", "iPXE" };

/**
 * gap_s() - seconds between two capture times, < 0 when either is missing
 * @a: earlier
 * @b: later
 *
 * Return: the gap.
 */
static double gap_s(uint64_t a, uint64_t b)
{
	return a && b && b >= a ? (double)(b - a) / 1e9 : -1;
}

/**
 * phase_findings() - one line: what the answer to one exchange held
 * @ph: exchange
 * @name: "firmware" / "iPXE"
 * @f: output
 * @indent: line prefix
 */
static void phase_findings(const struct pxl_cmp_phase *ph, const char *name, FILE *f, const char *indent)
{
	char sid[16], si[16];

	if (!ph->replied) {
		fprintf(f, "%s%s DHCP: no answer seen (%d DISCOVER, %d REQUEST)\n", indent, name, ph->discovers,
			ph->requests);
		return;
	}
	fprintf(f, "%s%s DHCP (server id %s): option 60 PXEClient %s; 175.176 no-pxedhcp %s; "
		"siaddr %s, option 66 %s%s%s; file field \"%s\", option 67 %s%s%s; option 97 %s; "
		"broadcast flag %s; lease %u s; NAKs %d\n",
		indent, name, ph->server_id ? pxl_ip_str(ph->server_id, sid) : "absent", ph->pxeclient ? "yes" : "no",
		ph->no_pxedhcp ? "yes" : "no", ph->siaddr ? pxl_ip_str(ph->siaddr, si) : "0.0.0.0",
		ph->opt66[0] ? "\"" : "absent", ph->opt66, ph->opt66[0] ? "\"" : "", ph->file,
		ph->opt67[0] ? "\"" : "absent", ph->opt67, ph->opt67[0] ? "\"" : "",
		!ph->uuid_sent ? "not sent" : ph->uuid_echoed ? "echoed" : "NOT echoed",
		!ph->bcast_flag ? "not set" : ph->bcast_reply ? "set, honoured" : "set, NOT honoured (unicast reply)",
		ph->lease, ph->naks);
}

/**
 * match_says_ipxe() - does a condition name iPXE (user class "iPXE", an iPXE feature)?
 * @m: conditions
 * @n: how many
 *
 * Return: 1 if one does.
 */
static int match_says_ipxe(const struct scn_match *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(m[i].field, "ipxe-feature") ||
		    (m[i].value && strcasestr(m[i].value, "iPXE") &&
		     (!strcmp(m[i].field, "user-class") || !strcmp(m[i].field, "text"))))
			return 1;
	return 0;
}

/**
 * pxl_cmp_chain_has_ipxe() - does the scenario's boot chain go through iPXE?
 * @sc: scenario
 *
 * Yes when a client boots QEMU's iPXE ROM, or a DHCP rule or an
 * expectation names iPXE (user class "iPXE", an iPXE feature, "iPXE" on
 * the console).  A pxelinux or GRUB chain says none of these.
 * Return: 1 or 0.
 */
int pxl_cmp_chain_has_ipxe(const struct scenario *sc)
{
	size_t i, k;

	for (i = 0; i < sc->nclients; i++)
		if (sc->clients[i].pxe == PXL_PXE_IPXE_ROM)
			return 1;
	for (i = 0; i < sc->dhcp.nrules; i++)
		if (match_says_ipxe(sc->dhcp.rules[i].cond, sc->dhcp.rules[i].ncond))
			return 1;
	for (i = 0; i < sc->nstages; i++)
		for (k = 0; k < sc->stages[i].nex; k++)
			if (match_says_ipxe(sc->stages[i].ex[k].m, sc->stages[i].ex[k].nm))
				return 1;
	return 0;
}

/**
 * pxl_cmp_findings() - the findings of one run, one line per DHCP exchange
 * @w: the run's capture analysis
 * @ipxe: the scenario's chain goes through iPXE (pxl_cmp_chain_has_ipxe())
 * @f: output
 * @indent: line prefix ("  " or "- ")
 *
 * A chain without iPXE gets no line about iPXE's exchange unless one
 * happened (a GRUB chain is not told "iPXE DHCP: no answer seen").
 */
void pxl_cmp_findings(const struct pxl_cmp_wire *w, int ipxe, FILE *f, const char *indent)
{
	const struct pxl_cmp_phase *ip = &w->ph[PXL_PHASE_IPXE];
	int p;

	for (p = 0; p < PXL_PHASES; p++) {
		if (p == PXL_PHASE_IPXE && !ipxe && !ip->replied && !ip->discovers && !ip->requests)
			continue;
		phase_findings(&w->ph[p], phase_names[p], f, indent);
	}
}

/**
 * explain_phase() - why one exchange took the time it took
 * @ph: exchange
 * @p: which one
 * @f: output
 * @indent: line prefix
 *
 * Return: lines written.
 */
static int explain_phase(const struct pxl_cmp_phase *ph, int p, FILE *f, const char *indent)
{
	double wait = gap_s(ph->t_offer, ph->t_request), proxy = gap_s(ph->t_proxy_first, ph->t_proxy_last);
	const char *who = phase_names[p];
	int n = 0;

	if (ph->discovers && !ph->offers && ++n)
		fprintf(f, "%s%s: %d DISCOVER(s), no OFFER: the server never answered this client\n", indent, who,
			ph->discovers);
	if (ph->do_ms > 1000 && ++n)
		fprintf(f, "%s%s: the server took %.1f s to OFFER (servers that ping or ARP-probe an address "
			"before offering it spend this)\n", indent, who, ph->do_ms / 1000);
	if (ph->early_discovers > 1 && ph->offers && ++n)
		fprintf(f, "%s%s: %d DISCOVERs before the first OFFER arrived\n", indent, who, ph->early_discovers);
	if (p == PXL_PHASE_FW && wait > 1.5 && ++n)
		fprintf(f, "%s%s: collected offers for %.1f s before its REQUEST (OVMF's PXE waits for more "
			"offers, ProxyDHCP ones included, whatever the server)\n", indent, who, wait);
	if (p == PXL_PHASE_IPXE && wait > 1.0 && ++n) {
		if (!ph->pxeclient && !ph->no_pxedhcp)
			fprintf(f, "%siPXE waited ~%.1f s for ProxyDHCP: the offer lacks option 60 PXEClient "
				"and iPXE option 175.176 (no-pxedhcp)\n", indent, wait);
		else
			fprintf(f, "%siPXE waited %.1f s between OFFER and REQUEST\n", indent, wait);
	}
	if (ph->proxy_requests && ++n)
		fprintf(f, "%s%s asked ProxyDHCP on port 4011 %d time(s) over %.1f s%s\n", indent, who,
			ph->proxy_requests, proxy < 0 ? 0 : proxy,
			ph->pxeclient && !ph->file[0] && !ph->opt67[0] ?
			": the answer carried option 60 PXEClient without a boot file" : "");
	if (ph->naks && ++n)
		fprintf(f, "%s%s: %d unexpected NAK(s)\n", indent, who, ph->naks);
	return n;
}

/**
 * pxl_cmp_explain() - explanations of one run's timing (nothing when nothing was slow)
 * @w: the run's capture analysis
 * @f: output
 * @indent: line prefix
 */
void pxl_cmp_explain(const struct pxl_cmp_wire *w, FILE *f, const char *indent)
{
	double g = gap_s(w->ph[PXL_PHASE_IPXE].t_ack, w->t_iscsi_syn);
	int p;

	const struct pxl_cmp_phase *fw = &w->ph[PXL_PHASE_FW], *ip = &w->ph[PXL_PHASE_IPXE];
	const char *nbp = fw->file[0] ? fw->file : fw->opt67;
	const char *again = ip->file[0] ? ip->file : ip->opt67;

	for (p = 0; p < PXL_PHASES; p++)
		explain_phase(&w->ph[p], p, f, indent);
	if (ip->replied && nbp[0] && !strcmp(nbp, again) && !ip->root_path[0])
		fprintf(f, "%siPXE was handed the firmware's boot file \"%s\" again, and no root path: "
			"a chainload loop\n", indent, again);
	if (g > 2.0)
		fprintf(f, "%siPXE waited %.1f s between its DHCP ACK and the iSCSI connection%s\n", indent, g,
			w->router_adverts ? "" : ": no IPv6 router advertisement was seen (iPXE's IPv6 "
			"autoconfiguration waits for one)");
}
