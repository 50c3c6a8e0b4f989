/* cmd_serve.c - `pxelab serve SERVICE`: run one service on a host socket */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "cli/cli.h"

/**
 * struct serve_entry - a servable service
 * @name: service name
 * @run: its entry point (argv[0] is the service name)
 * @help: one line for `pxelab serve --help`
 */
struct serve_entry {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct serve_entry serve_table[] = {
	{ "dhcp", pxl_cmd_serve_dhcp, "pxelab's DHCP server (and ProxyDHCP) on a host UDP socket" },
	{ "dhcp6", pxl_cmd_serve_dhcp6, "pxelab's DHCPv6 server on a host UDP/IPv6 socket" },
	{ "tftp", pxl_cmd_serve_tftp, "pxelab's TFTP server on a host UDP socket" },
	{ "iscsi", pxl_cmd_serve_iscsi, "pxelab's iSCSI target on a host TCP or unix socket" },
	{ "http", pxl_cmd_serve_http, "pxelab's HTTP file server on a host TCP or unix socket" },
};

/**
 * serve_usage() - list the services
 * @f: stream
 */
static void serve_usage(FILE *f)
{
	size_t i;

	fputs("usage: pxelab serve SERVICE [--help | OPTIONS]\n\nservices:\n", f);
	for (i = 0; i < ARRAY_SIZE(serve_table); i++)
		fprintf(f, "  %-6s %s\n", serve_table[i].name, serve_table[i].help);
	fputs("\n`pxelab serve SERVICE --help` gives each service's options.\n", f);
}

/**
 * pxl_cmd_serve() - `pxelab serve dhcp|tftp|iscsi|http ...`
 * @argc, @argv: arguments after "serve" (argv[0] is "serve")
 *
 * Return: the service's exit status, 2 for an unknown service.
 */
int pxl_cmd_serve(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		serve_usage(stderr);
		return PXL_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		serve_usage(stdout);
		return PXL_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(serve_table); i++)
		if (!strcmp(argv[1], serve_table[i].name))
			return serve_table[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pxelab serve: unknown service '%s'\n", argv[1]);
	serve_usage(stderr);
	return PXL_EXIT_USAGE;
}
