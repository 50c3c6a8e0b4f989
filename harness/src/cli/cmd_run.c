/* cmd_run.c - `pxelab run` and `pxelab check`: parse scenarios, check their files, run them, report */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "scenario/engine.h"
#include "scenario/scenario.h"

/**
 * struct run_opts - the command line of `pxelab run`
 * @run: engine options
 * @junit: extra JUnit file covering every run, or NULL
 * @vars: --set variables
 * @files: scenario files
 * @nfiles: how many
 */
struct run_opts {
	struct pxl_run_opts run;
	const char *junit;
	struct scn_vars vars;
	char **files;
	int nfiles;
};

static const char run_usage[] =
	"usage: pxelab run FILE.scn... [options]\n"
	"Run scenarios: boot their clients, judge every stage, write reports.\n"
	"  --junit PATH        also write one JUnit file covering every run\n"
	"  --accel tcg|kvm     override every client's accelerator (default: the scenario's, tcg)\n"
	"  --set NAME=VALUE    set a scenario variable (repeatable)\n"
	"  --reports DIR       reports folder (default reports)\n"
	"  --keep              keep each run's temporary folder\n"
	"  -v, --verbose       print every observation and service event\n"
	"  -q, --quiet         print only the summary lines\n"
	"Each run writes reports/<scenario>/<run-id>/: junit.xml, metrics.json,\n"
	"capture.pcap, console.log, events.log, screenshot on failure.\n"
	"exit status: 0 all passed, 1 a stage failed, 2 bad scenario or usage, 128+N signal\n";

/**
 * run_parse() - parse the command line
 * @argc, @argv: arguments after "run"
 * @o: out
 *
 * Return: 0 or PXL_EXIT_USAGE.
 */
static int run_parse(int argc, char **argv, struct run_opts *o)
{
	static const struct option lo[] = {
		{ "junit", 1, NULL, 'J' }, { "accel", 1, NULL, 'a' }, { "set", 1, NULL, 's' },
		{ "reports", 1, NULL, 'r' }, { "keep", 0, NULL, 'k' }, { "verbose", 0, NULL, 'v' },
		{ "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' }, { NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vqhj:", lo, NULL)) != -1) {
		switch (c) {
		case 'J': o->junit = optarg; break;
		case 'a': o->run.accel = optarg; break;
		case 'r': o->run.reports = optarg; break;
		case 'k': o->run.keep = 1; break;
		case 'v': o->run.verbose = 1; break;
		case 'q': o->run.quiet = 1; break;
		case 'j': break; /* accepted; runs are sequential in this version */
		case 's':
			if (scn_vars_set_arg(&o->vars, optarg)) {
				fprintf(stderr, "pxelab run: --set %s: expected NAME=VALUE\n", optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 'h': fputs(run_usage, stdout); exit(0);
		default: fputs(run_usage, stderr); return PXL_EXIT_USAGE;
		}
	}
	if (o->run.accel && strcmp(o->run.accel, "tcg") && strcmp(o->run.accel, "kvm")) {
		fprintf(stderr, "pxelab run: --accel %s: expected tcg or kvm\n", o->run.accel);
		return PXL_EXIT_USAGE;
	}
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (!o->nfiles) {
		fprintf(stderr, "pxelab run: no scenario file given\n%s", run_usage);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * check_instance() - check the files one scenario instance needs
 * @sc: scenario
 * @paths: firmware locations
 *
 * A negative scenario (`xfail`) exists to show a failure at run time, so
 * what the check finds there is printed as a note and does not stop it.
 * Return: 1 if the instance must not run.
 */
static int check_instance(const struct scenario *sc, const struct scn_paths *paths)
{
	struct scn_diag d;
	int bad;

	scn_diag_init(&d);
	scn_check_files(sc, paths, &d);
	bad = d.errors > 0 && !sc->xfail.stage;
	if (d.errors && sc->xfail.stage)
		fprintf(stderr, "%s: note: expected-failure scenario (xfail stage %u): running despite:\n",
			sc->name, sc->xfail.stage);
	scn_diag_print(&d, stderr);
	scn_diag_free(&d);
	return bad;
}

/**
 * load_all() - parse every file and check every instance's files, before any QEMU starts
 * @o: options
 * @lists: out: one list per file (nfiles entries)
 *
 * Return: 0, or PXL_EXIT_USAGE after printing every diagnostic.
 */
static int load_all(struct run_opts *o, struct scn_list *lists)
{
	struct scn_paths paths;
	int i, bad = 0;
	size_t k;

	scn_paths_default(&paths);
	for (i = 0; i < o->nfiles; i++) {
		struct scn_diag d;

		scn_diag_init(&d);
		if (scn_parse_file(o->files[i], &o->vars, &lists[i], &d) == 0)
			for (k = 0; k < lists[i].n; k++)
				bad |= check_instance(lists[i].s[k], &paths);
		scn_diag_print(&d, stderr);
		bad |= d.errors > 0;
		scn_diag_free(&d);
	}
	if (bad)
		fprintf(stderr, "pxelab run: not running anything: fix the errors above\n");
	return bad ? PXL_EXIT_USAGE : 0;
}

/**
 * run_one() - run one scenario instance and write its reports
 * @o: options
 * @sc: scenario
 * @res: out: result
 *
 * Return: the engine's exit status.
 */
static int run_one(const struct run_opts *o, const struct scenario *sc, struct pxl_run_result *res)
{
	const struct pxl_run_result *one[1] = { res };
	char path[1024];
	int code;

	if (!o->run.quiet)
		printf("pxelab: running %s (%zu client%s, %zu stages)\n", sc->name, sc->nclients,
		       sc->nclients == 1 ? "" : "s", sc->nstages);
	fflush(stdout);
	code = pxl_engine_run(sc, &o->run, res);
	if (res->rundir[0] && !res->error[0]) {
		snprintf(path, sizeof(path), "%s/junit.xml", res->rundir);
		if (pxl_report_junit(one, 1, path))
			fprintf(stderr, "pxelab run: cannot write %s\n", path);
		snprintf(path, sizeof(path), "%s/metrics.json", res->rundir);
		if (pxl_report_metrics(res, path))
			fprintf(stderr, "pxelab run: cannot write %s\n", path);
	}
	pxl_report_summary(res, stdout);
	fflush(stdout);
	return code;
}

/**
 * run_all() - run every instance in order; stop early on a signal
 * @o: options
 * @lists: parsed scenarios
 * @all: out: results (capacity: total instances)
 * @nall: out: results filled
 *
 * Return: worst exit status.
 */
static int run_all(const struct run_opts *o, struct scn_list *lists, struct pxl_run_result *all, size_t *nall)
{
	int i, worst = 0;
	size_t k;

	for (i = 0; i < o->nfiles; i++) {
		for (k = 0; k < lists[i].n; k++) {
			int code = run_one(o, lists[i].s[k], &all[*nall]);

			(*nall)++;
			if (code > worst)
				worst = code;
			if (code >= 128)
				return code;
		}
	}
	return worst;
}

/**
 * pxl_cmd_run() - `pxelab run`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 all passed, 1 a stage failed, 2 bad input, 128+N on a signal.
 */
int pxl_cmd_run(int argc, char **argv)
{
	struct run_opts o = { .run = { .reports = "reports" } };
	struct scn_list *lists;
	struct pxl_run_result *all = NULL;
	const struct pxl_run_result **ptrs = NULL;
	size_t total = 0, nall = 0, k;
	int code, i;

	if ((code = run_parse(argc, argv, &o)))
		return code;
	lists = calloc((size_t)o.nfiles, sizeof(*lists));
	if (!lists)
		return PXL_EXIT_FAIL;
	code = load_all(&o, lists);
	for (i = 0; i < o.nfiles; i++)
		total += lists[i].n;
	if (!code) {
		all = calloc(total + 1, sizeof(*all));
		ptrs = calloc(total + 1, sizeof(*ptrs));
		code = all && ptrs ? run_all(&o, lists, all, &nall) : PXL_EXIT_FAIL;
	}
	for (k = 0; k < nall; k++)
		ptrs[k] = &all[k];
	if (o.junit && nall && pxl_report_junit(ptrs, nall, o.junit)) {
		fprintf(stderr, "pxelab run: cannot write --junit %s\n", o.junit);
		code = code ? code : PXL_EXIT_FAIL;
	}
	for (k = 0; k < nall; k++)
		pxl_run_result_free(&all[k]);
	for (i = 0; i < o.nfiles; i++)
		scn_list_free(&lists[i]);
	free(all);
	free(ptrs);
	free(lists);
	scn_vars_free(&o.vars);
	return code;
}

/**
 * pxl_cmd_check() - `pxelab check FILE...`: parse, check files, print the normalised scenario
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 when every file is valid, 2 otherwise.
 */
int pxl_cmd_check(int argc, char **argv)
{
	struct run_opts o = { .run = { .reports = "reports" } };
	struct scn_list *lists;
	int code, i;
	size_t k;

	if ((code = run_parse(argc, argv, &o)))
		return code;
	lists = calloc((size_t)o.nfiles, sizeof(*lists));
	if (!lists)
		return PXL_EXIT_FAIL;
	code = load_all(&o, lists);
	for (i = 0; i < o.nfiles; i++) {
		for (k = 0; !code && k < lists[i].n; k++)
			scn_dump(lists[i].s[k], stdout);
		scn_list_free(&lists[i]);
	}
	free(lists);
	scn_vars_free(&o.vars);
	return code;
}
