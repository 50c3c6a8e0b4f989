/* load_one.c - the one scenario instance a command takes (compare, storm): parsed, its files checked */
#include <stdio.h>

#include "cli/cli.h"
#include "lang/scenario.h"

/**
 * pxl_cli_load_one() - parse @file and check what it needs; exactly one instance
 * @cmd:  the command, for messages ("compare", "storm")
 * @file: the scenario file
 * @vars: --set variables (its server addresses are filled, see pxl_cli_parse_file())
 * @peers: --tftp and --http (SCN_SRV_NONE: the scenario's), or NULL
 * @iscsi: the iSCSI target of --iscsi, SCN_SRV_NONE for the scenario's
 * @list: out: its instances (free with scn_list_free() in every case)
 *
 * Return: 0, or PXL_EXIT_USAGE after printing the diagnostics.
 */
int pxl_cli_load_one(const char *cmd, const char *file, struct scn_vars *vars, const struct pxl_peer_opts *peers,
		     enum scn_server iscsi, struct scn_list *list)
{
	struct scn_paths paths;
	struct scn_diag d;
	int bad;

	scn_diag_init(&d);
	scn_paths_default(&paths);
	bad = pxl_cli_parse_file(file, vars, peers, iscsi, list, &d) != 0;
	if (!bad && list->n != 1) {
		fprintf(stderr, "pxelab %s: %s expands to %zu scenarios (a matrix): %s takes one\n", cmd, file,
			list->n, cmd);
		bad = 1;
	}
	if (!bad)
		scn_check_files(list->s[0], &paths, &d);
	scn_diag_print(&d, stderr);
	bad |= d.errors > 0;
	scn_diag_free(&d);
	return bad ? PXL_EXIT_USAGE : 0;
}
