/* cmd_serve.c - `pxelab serve SERVICE`: run one service on a host socket */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "cli/cli.h"

/**
 * struct serve_entry - a servable service
 * @name: service name
 * @run: its entry point (argv[0] is the service name)
 */
struct serve_entry {
	const char *name;
	int (*run)(int argc, char **argv);
};

static const struct serve_entry serve_table[] = {
	{ "dhcp", pxl_cmd_serve_dhcp },
	{ "tftp", pxl_cmd_serve_tftp },
	{ "iscsi", pxl_cmd_serve_iscsi },
};

/**
 * pxl_cmd_serve() - `pxelab serve dhcp|tftp|iscsi ...`
 * @argc, @argv: arguments after "serve" (argv[0] is "serve")
 *
 * Return: the service's exit status, 2 for an unknown service.
 */
int pxl_cmd_serve(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		fputs("usage: pxelab serve dhcp|tftp|iscsi [--help | OPTIONS]\n", stderr);
		return PXL_EXIT_USAGE;
	}
	for (i = 0; i < ARRAY_SIZE(serve_table); i++)
		if (!strcmp(argv[1], serve_table[i].name))
			return serve_table[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pxelab serve: unknown service '%s' (dhcp, tftp, iscsi)\n", argv[1]);
	return PXL_EXIT_USAGE;
}
