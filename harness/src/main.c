/* main.c - the pxelab command: dispatch to a subcommand from a table */
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "cli/cli.h"
#include "lang/scenario.h"

/**
 * struct pxl_command - one subcommand
 * @name: what the user types
 * @run: its entry point, given the arguments after the name
 * @help: one line for `pxelab help`
 */
struct pxl_command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *help;
};

static const struct pxl_command commands[] = {
	{ "run", pxl_cmd_run, "run scenario files: boot, judge every stage, write JUnit/pcap/metrics" },
	{ "check", pxl_cmd_check, "parse scenario files, check the files they need, print them normalised" },
	{ "boot", pxl_cmd_boot, "boot one client against libslirp's DHCP/TFTP and wait for a console string" },
	{ "serve", pxl_cmd_serve, "run a service on a host socket: serve dhcp|tftp|iscsi ..." },
	{ "storm", pxl_cmd_storm, "boot storm: N synthetic clients against a scenario's servers, per-stage latency" },
	{ "compare", pxl_cmd_compare, "run one scenario against several DHCP servers (dnsmasq, Kea, ...) and compare" },
	{ "gate", pxl_cmd_gate, "judge JUnit results against timing baselines (CI regression gate)" },
	{ "junit-merge", pxl_cmd_junit_merge, "merge JUnit files (shards) into one valid file" },
};

/**
 * usage() - list the subcommands
 * @f: stream
 */
static void usage(FILE *f)
{
	size_t i;

	fputs("usage: pxelab COMMAND [ARGS...]\n\ncommands:\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-8s %s\n", commands[i].name, commands[i].help);
	fputs("  version  print pxelab's version (also --version)\n", f);
	fputs("\n`pxelab COMMAND --help` describes each.\n", f);
}

/**
 * hidden() - commands not listed in the usage, for the build: `pxelab help --roff scenario`
 * @argc, @argv: process arguments
 *
 * `help --roff scenario` prints the scenario language's tables as roff
 * (dist/gen-man builds pxelab-scenario(5) from it).
 * Return: 1 if @argv was a hidden command (it ran), 0 if not.
 */
static int hidden(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "help") && !strcmp(argv[2], "--roff") && !strcmp(argv[3], "scenario")) {
		scn_reference_roff(stdout);
		return 1;
	}
	return 0;
}

/**
 * main() - find the subcommand and run it
 * @argc, @argv: process arguments
 *
 * Return: the subcommand's exit status; 2 for an unknown command.
 */
int main(int argc, char **argv)
{
	size_t i;

	if (argc >= 2 && (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version"))) {
		printf("pxelab %s\n", PXL_VERSION);
		return PXL_EXIT_OK;
	}
	if (hidden(argc, argv))
		return PXL_EXIT_OK;
	if (argc < 2 || !strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? PXL_EXIT_USAGE : PXL_EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].run(argc - 1, argv + 1);
	fprintf(stderr, "pxelab: unknown command '%s'\n", argv[1]);
	usage(stderr);
	return PXL_EXIT_USAGE;
}
