/* storm_servers.c - `pxelab storm --servers`: the server sets a storm runs against, parsed from "builtin,dnsmasq+tgt,kea+tftpd-hpa+tgt" */
#include <stdio.h>
#include <string.h>

#include "cli/storm_servers.h"

/**
 * set_part() - one name after the first of a set: a TFTP server or an iSCSI target
 * @set: the set so far
 * @tok: the name
 *
 * Return: 0, or -1 if @tok is neither.
 */
static int set_part(struct pxl_storm_set *set, const char *tok)
{
	enum scn_server k;

	if (!strcmp(tok, "builtin"))
		return 0;
	if (!scn_server_find(tok, SCN_SWAP_TFTP, &k)) {
		set->tftp = k;
		return 0;
	}
	if (!scn_server_find(tok, SCN_SWAP_ISCSI, &k)) {
		set->iscsi = k;
		return 0;
	}
	return -1;
}

/**
 * set_parse() - "DHCP[+TFTP][+ISCSI]": a DHCP server that also serves TFTP (dnsmasq) takes TFTP too
 * @text: one set (modified)
 * @set:  out
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
static int set_parse(char *text, struct pxl_storm_set *set)
{
	char *save = NULL, *tok = strtok_r(text, "+", &save), list[256];
	enum scn_server k;

	set->tftp = set->iscsi = SCN_SRV_NONE;
	if (!tok || scn_server_find(tok, SCN_SWAP_DHCP, &set->dhcp)) {
		fprintf(stderr, "pxelab storm: --servers %s: first a DHCP server (%s)\n", text,
			scn_server_list(SCN_SWAP_DHCP, " or ", list, sizeof(list)));
		return PXL_EXIT_USAGE;
	}
	if (set->dhcp != SCN_SRV_BUILTIN && !scn_server_find(tok, SCN_SWAP_TFTP, &k))
		set->tftp = k;
	while ((tok = strtok_r(NULL, "+", &save)))
		if (set_part(set, tok)) {
			fprintf(stderr, "pxelab storm: --servers: '%s' is no TFTP server (%s) and no iSCSI target (%s)\n",
				tok, scn_server_list(SCN_SWAP_TFTP, " or ", list, sizeof(list)),
				scn_server_list(SCN_SWAP_ISCSI, " or ", list + 128, sizeof(list) - 128));
			return PXL_EXIT_USAGE;
		}
	return 0;
}

/**
 * pxl_storm_sets_parse() - the --servers list
 * @arg:  "builtin,dnsmasq+tgt,kea+tftpd-hpa+tgt"
 * @sets: out
 * @n:    out: how many
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
int pxl_storm_sets_parse(const char *arg, struct pxl_storm_set sets[PXL_STORM_MAX_SETS], size_t *n)
{
	char buf[512], *save = NULL, *tok;

	*n = 0;
	if (strlen(arg) >= sizeof(buf)) {
		fprintf(stderr, "pxelab storm: --servers: too long\n");
		return PXL_EXIT_USAGE;
	}
	snprintf(buf, sizeof(buf), "%s", arg);
	for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (*n == PXL_STORM_MAX_SETS) {
			fprintf(stderr, "pxelab storm: --servers: at most %d sets\n", PXL_STORM_MAX_SETS);
			return PXL_EXIT_USAGE;
		}
		snprintf(sets[*n].name, sizeof(sets[*n].name), "%s", tok);
		if (set_parse(tok, &sets[*n]))
			return PXL_EXIT_USAGE;
		(*n)++;
	}
	if (!*n) {
		fprintf(stderr, "pxelab storm: --servers: no server set given\n");
		return PXL_EXIT_USAGE;
	}
	return 0;
}
