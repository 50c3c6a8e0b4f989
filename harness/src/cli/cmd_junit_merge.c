/* cmd_junit_merge.c - `pxelab junit-merge OUT IN...`: merge JUnit files (shards) into one valid file */
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "compare/gate.h"

static const char merge_usage[] =
	"usage: pxelab junit-merge OUT IN...\n"
	"Merge JUnit files (each <testsuites> or a single <testsuite>) into OUT: one\n"
	"<testsuites> holding every testsuite of the inputs, in order, with the totals\n"
	"(tests, failures, errors, time) summed.  OUT may be one of the inputs.\n"
	"exit status: 0 written, 2 bad input or usage\n";

/**
 * pxl_cmd_junit_merge() - `pxelab junit-merge`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0, or 2 for a missing or malformed input.
 */
int pxl_cmd_junit_merge(int argc, char **argv)
{
	char err[1024];

	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
		fputs(merge_usage, stdout);
		return PXL_EXIT_OK;
	}
	if (argc < 3) {
		fprintf(stderr, "pxelab junit-merge: expected OUT and at least one IN\n%s", merge_usage);
		return PXL_EXIT_USAGE;
	}
	if (gate_merge_junit((const char *const *)argv + 2, (size_t)argc - 2, argv[1], err, sizeof(err))) {
		fprintf(stderr, "pxelab junit-merge: %s\n", err);
		return PXL_EXIT_USAGE;
	}
	return PXL_EXIT_OK;
}
