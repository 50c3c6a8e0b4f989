/* machine_opt.c - a command-line value looked up in a machine table (qemu/machines.c), one message for every command */
#include <stdio.h>

#include "cli/cli.h"
#include "qemu/machines.h"

/**
 * pxl_cli_machine_opt() - an option's value, looked up in a machine table
 * @cmd:  command name for the message ("boot", "run")
 * @opt:  option name ("accel")
 * @kind: which table
 * @arg:  the value given
 * @out:  out: the row (may be NULL when only checking)
 *
 * Return: 0, or PXL_EXIT_USAGE after printing the accepted values.
 */
int pxl_cli_machine_opt(const char *cmd, const char *opt, enum pxl_machine_kind kind, const char *arg,
			int *out)
{
	char list[256];
	int row = pxl_machine_find(kind, arg);

	if (out)
		*out = row;
	if (row >= 0)
		return 0;
	fprintf(stderr, "pxelab %s: --%s %s: expected one of %s\n", cmd, opt, arg,
		pxl_machine_list(kind, ", ", list, sizeof(list)));
	return PXL_EXIT_USAGE;
}
