/* cmd_run.c - `pxelab run` and `pxelab check`: parse scenarios, check their files, run them, report */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "compare/gate.h"
#include "cli/progress.h"
#include "cli/run_jobs.h"
#include "engine/engine.h"
#include "servers/external.h"
#include "servers/provider.h"
#include "report/html.h"
#include "report/report.h"
#include "lang/scenario.h"

/**
 * struct run_opts - the command line of `pxelab run`
 * @run: engine options
 * @junit: extra JUnit file covering every run, or NULL
 * @vars: --set variables
 * @files: scenario files
 * @nfiles: how many
 * @shard: this shard (1-based), 0 for no sharding
 * @nshards: number of shards
 * @list: print the selected instances instead of running them
 * @jobs: instances run at the same time (-j), 1: in this process
 * @usage: the --help text (run's or check's)
 * @peers: --tftp, --http: the TFTP and HTTP servers that replace each scenario's
 */
struct run_opts {
	struct pxl_run_opts run;
	struct pxl_peer_opts peers;
	const char *junit;
	struct scn_vars vars;
	char **files;
	int nfiles;
	unsigned shard;
	unsigned nshards;
	int list;
	unsigned jobs;
	const char *usage;
};

static const char run_usage[] =
	"usage: pxelab run FILE.scn... [options]\n"
	"Run scenarios: boot their clients, judge every stage, write reports.\n"
	"  --junit PATH        also write one JUnit file covering every run\n"
	"  --accel %-11s override every client's accelerator (default: the scenario's, tcg)\n"
"  --set NAME=VALUE    set a scenario variable (repeatable)\n"
	"  --tftp SERVER       replace each scenario's TFTP server: %s (real\n"
	"                      servers run in a private namespace at x.x.x.5)\n"
	"  --http SERVER       replace each scenario's HTTP server: %s\n"
	"                      (${http.addr} in the scenario follows it)\n"
	"  --reports DIR       reports folder (default reports)\n"
	"  --keep              keep each run's temporary folder\n"
	"  --capture MODE      capture.pcap: full (default), headers (first 128 bytes of each\n"
	"                      frame: for big transfers), headers:SNAP (first SNAP bytes,\n"
	"                      64 to 262144) or off\n"
	"  --inject SOURCE     a hostile guest on the LAN while each scenario runs: 'hostile'\n"
	"                      (crafted malformed frames) or a pcap file (its frames, as is)\n"
	"  --shard K/N         run only slice K of N of the scenario instances (sorted by\n"
	"                      name, every N-th from the K-th): shards together run each once\n"
	"  --list              print the instances that would run (after --shard) and exit\n"
	"  -j N                run N instances at a time, each in its own process (default 1);\n"
	"                      their tables print as each ends; timings are noisier (shared CPU)\n"
	"  -v, --verbose       print every observation (decoded packets) and service event\n"
	"  -q, --quiet         no progress, only the summary tables\n"
	"Progress: a live line on a terminal; plain timestamped lines when stdout is not\n"
	"a terminal or CI=true.\n"
	"Each run writes reports/<scenario>/<run-id>/: junit.xml, metrics.json, index.html,\n"
	"capture.pcap, console.log, events.log, screenshot on failure.\n"
	"exit status: 0 all passed, 1 a stage failed, 2 bad scenario or usage, 128+N signal\n";

/* check shares run's parser: run's options are accepted, --set, --tftp and --http matter */
static const char check_usage[] =
	"usage: pxelab check FILE.scn... [options]\n"
	"Parse scenarios, check every host file they name (firmware, NIC ROMs, TFTP root,\n"
	"served files, disk images) and print each instance normalised; nothing runs.\n"
	"  --set NAME=VALUE    set a scenario variable (repeatable)\n"
	"  --tftp, --http SERVER  print each instance as `run --tftp/--http SERVER` runs it\n"
	"The other options of `pxelab run` are accepted and ignored.\n"
	"exit status: 0 every file is valid, 2 a file has errors or bad usage\n";

/**
 * print_usage() - a --help text; run's names the accelerators of the machine table
 * @f:     stream
 * @usage: run_usage or check_usage (check's has no conversion: the list is unused)
 */
static void print_usage(FILE *f, const char *usage)
{
	char accels[64], tftp[128], http[128];

	snprintf(tftp, sizeof(tftp), "builtin, ");
	scn_server_list(SCN_SWAP_TFTP, " or ", tftp + strlen(tftp), sizeof(tftp) - strlen(tftp));
	snprintf(http, sizeof(http), "builtin, ");
	scn_server_list(SCN_SWAP_HTTP, " or ", http + strlen(http), sizeof(http) - strlen(http));
	fprintf(f, usage, pxl_machine_list(PXL_MACHINE_ACCEL, "|", accels, sizeof(accels)), tftp, http);
}

/**
 * run_swap_opt() - a --tftp or --http argument: builtin or a kind that can be swapped in there
 * @opt: "tftp" or "http"
 * @arg: the argument
 * @swap: SCN_SWAP_TFTP or SCN_SWAP_HTTP
 * @kind: out
 *
 * Return: 0, or PXL_EXIT_USAGE after saying what is expected.
 */
static int run_swap_opt(const char *opt, const char *arg, unsigned swap, enum scn_server *kind)
{
	char list[128];

	*kind = SCN_SRV_BUILTIN;
	if (!strcmp(arg, "builtin") || !scn_server_find(arg, swap, kind))
		return 0;
	fprintf(stderr, "pxelab run: --%s %s: expected builtin, %s\n", opt, arg,
		scn_server_list(swap, " or ", list, sizeof(list)));
	return PXL_EXIT_USAGE;
}

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
		{ "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' }, { "shard", 1, NULL, 'S' },
		{ "list", 0, NULL, 'L' }, { "inject", 1, NULL, 'I' }, { "tftp", 1, NULL, 'T' },
		{ "http", 1, NULL, 'H' }, { "capture", 1, NULL, 'c' }, { NULL, 0, NULL, 0 }
	};
	int off = 0;
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
		case 'j':
			if (sscanf(optarg, "%u%n", &o->jobs, &off) != 1 || optarg[off] || !o->jobs || o->jobs > 64) {
				fprintf(stderr, "pxelab run: -j %s: expected a number of jobs from 1 to 64\n", optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 'L': o->list = 1; break;
		case 'c':
			if (pxl_cli_capture_opt("run", optarg, &o->run))
				return PXL_EXIT_USAGE;
			break;
		case 'I': o->run.inject = optarg; break;
		case 'T':
			if (run_swap_opt("tftp", optarg, SCN_SWAP_TFTP, &o->peers.tftp))
				return PXL_EXIT_USAGE;
			break;
		case 'H':
			if (run_swap_opt("http", optarg, SCN_SWAP_HTTP, &o->peers.http))
				return PXL_EXIT_USAGE;
			break;
		case 'S':
			if (sscanf(optarg, "%u/%u%n", &o->shard, &o->nshards, &off) != 2 || optarg[off] || !o->shard ||
			    o->shard > o->nshards) {
				fprintf(stderr, "pxelab run: --shard %s: expected K/N with 1 <= K <= N, e.g. 2/4\n", optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 's':
			if (scn_vars_set_arg(&o->vars, optarg)) {
				fprintf(stderr, "pxelab run: --set %s: expected NAME=VALUE\n", optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 'h': print_usage(stdout, o->usage); exit(0);
		default: print_usage(stderr, o->usage); return PXL_EXIT_USAGE;
		}
	}
	if (o->run.accel && pxl_cli_machine_opt("run", "accel", PXL_MACHINE_ACCEL, o->run.accel, NULL))
		return PXL_EXIT_USAGE;
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (!o->nfiles) {
		fputs("pxelab run: no scenario file given\n", stderr);
		print_usage(stderr, o->usage);
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
		if (pxl_cli_parse_file(o->files[i], &o->vars, &o->peers, SCN_SRV_NONE, &lists[i], &d) == 0)
			for (k = 0; k < lists[i].n; k++)
				bad |= check_instance(lists[i].s[k], &paths);
		scn_diag_print(&d, stderr);
		bad |= d.errors > 0;
		scn_diag_free(&d);
	}
	if (bad)
		fprintf(stderr, "%s\n", o->usage == check_usage ? "pxelab check: fix the errors above" :
			"pxelab run: not running anything: fix the errors above");
	return bad ? PXL_EXIT_USAGE : 0;
}

/**
 * run_one() - run one scenario instance, with progress, and write its reports
 * @o: options
 * @sc: scenario
 * @index, @total: its position among the runs (1-based), for the progress
 * @res: out: result (about @sc)
 *
 * The engine runs the scenario with its TFTP server as --tftp or the scenario
 * chose (pxl_peer_copy_make(), the code `pxelab compare` swaps servers with).
 * Return: the engine's exit status, or PXL_EXIT_USAGE when a server cannot run here.
 */
static int run_one(const struct run_opts *o, const struct scenario *sc, size_t index, size_t total,
		   struct pxl_run_result *res)
{
	struct pxl_run_opts ro = o->run;
	struct pxl_progress *prog;
	struct pxl_peer_copy copy;
	int code = PXL_EXIT_USAGE;

	fflush(stdout);
	memset(res, 0, sizeof(*res));
	res->sc = sc;
	ro.peers = &o->peers;
	if (pxl_peer_copy_make(sc, sc->dhcp.kind, &o->peers, SCN_SRV_NONE, &copy, res->error, sizeof(res->error)) ||
	    pxl_servers_available(&copy.s, res->error, sizeof(res->error))) {
		fprintf(stderr, "pxelab run: %s: %s\n", sc->name, res->error);
		goto done;
	}
	prog = pxl_progress_begin(pxl_progress_mode_pick(o->run.quiet, stdout), &copy.s, o->run.verbose, index, total);
	ro.watch = pxl_progress_watch(prog);
	code = pxl_engine_run(&copy.s, &ro, res);
	pxl_progress_end(prog, res);
	pxl_report_run_files(res, stderr);
	pxl_report_summary(res, stdout);
	fflush(stdout);
done:
	pxl_peer_copy_free(&copy);
	res->sc = sc;	/* the copy is gone; what outlives the run names the scenario */
	return code;
}

/**
 * by_name() - qsort order of instances: by name, then by position (stable)
 */
static int by_name(const void *a, const void *b)
{
	const struct scenario *const *x = a, *const *y = b;
	int c = strcmp((*x)->name, (*y)->name);

	return c ? c : (x < y ? -1 : x > y);
}

/**
 * select_instances() - every instance of every file, in order, less those of other shards
 * @o: options
 * @lists: parsed files
 * @out: out: selected instances (capacity: all instances)
 *
 * Shard K of N takes every N-th instance of the list sorted by name,
 * starting at the K-th: a deterministic slice whatever the file order,
 * and the N shards together take each instance exactly once.
 * Return: how many were selected, or -1 when out of memory.
 */
static long select_instances(const struct run_opts *o, const struct scn_list *lists, const struct scenario **out)
{
	const struct scenario **sorted;
	size_t n = 0, k, j, sel = 0;
	int i;

	for (i = 0; i < o->nfiles; i++)
		for (k = 0; k < lists[i].n; k++)
			out[n++] = lists[i].s[k];
	if (!o->nshards)
		return (long)n;
	sorted = malloc((n + 1) * sizeof(*sorted));
	if (!sorted)
		return -1;
	memcpy(sorted, out, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), by_name);
	for (k = 0; k < n; k++) {
		for (j = 0; j < n && sorted[j] != out[k]; j++)
			;
		if (j % o->nshards == o->shard - 1)
			out[sel++] = out[k];
	}
	free(sorted);
	return (long)sel;
}

/**
 * run_all() - run the selected instances in order; stop early on a signal
 * @o: options
 * @sel: instances
 * @nsel: how many
 * @all: out: results (capacity: @nsel)
 * @nall: out: results filled
 *
 * Return: worst exit status.
 */
static int run_all(const struct run_opts *o, const struct scenario **sel, size_t nsel, struct pxl_run_result *all,
		   size_t *nall)
{
	int worst = 0;
	size_t k;

	for (k = 0; k < nsel; k++) {
		int code = run_one(o, sel[k], k + 1, nsel, &all[*nall]);

		(*nall)++;
		if (code > worst)
			worst = code;
		if (code >= 128)
			return code;
	}
	return worst;
}

/**
 * struct job_ctx - what a forked job needs
 * @o: options
 * @sel: instances
 * @n: how many
 */
struct job_ctx {
	const struct run_opts *o;
	const struct scenario **sel;
	size_t n;
};

/**
 * job_one() - in a forked child: run one instance and write its reports
 * @arg: struct job_ctx
 * @i: instance index
 * @rundir, @len: out: its reports folder
 *
 * Return: its exit status.
 */
static int job_one(void *arg, size_t i, char *rundir, size_t len)
{
	struct job_ctx *c = arg;
	struct pxl_run_result res;
	int code = run_one(c->o, c->sel[i], i + 1, c->n, &res);

	snprintf(rundir, len, "%s", res.error[0] ? "" : res.rundir);
	pxl_run_result_free(&res);
	return code;
}

/**
 * run_parallel() - run the instances in forked children, -j at a time; merge their JUnit for --junit
 * @o: options
 * @sel: instances
 * @nsel: how many
 *
 * Return: worst exit status (128+N when interrupted).
 */
static int run_parallel(const struct run_opts *o, const struct scenario **sel, size_t nsel)
{
	struct job_ctx ctx = { o, sel, nsel };
	char (*dirs)[512] = calloc(nsel, sizeof(*dirs));
	const char **names = calloc(nsel, sizeof(*names));
	char **junits = calloc(nsel, sizeof(*junits));
	int *codes = calloc(nsel, sizeof(*codes)), worst, rc;
	char err[1024];
	size_t k, nj = 0;

	if (!dirs || !names || !junits || !codes) {
		worst = PXL_EXIT_FAIL;
		goto out;
	}
	for (k = 0; k < nsel; k++)
		names[k] = sel[k]->name;
	worst = pxl_jobs_run(nsel, o->jobs, job_one, &ctx, names, dirs, codes, stdout);
	for (k = 0; k < nsel; k++) {
		if (codes[k] > worst && worst < 128)
			worst = codes[k];
		if (dirs[k][0] && (junits[nj] = malloc(strlen(dirs[k]) + 16)))
			sprintf(junits[nj++], "%s/junit.xml", dirs[k]);
	}
	rc = o->junit && nj ? gate_merge_junit((const char *const *)junits, nj, o->junit, err, sizeof(err)) : 0;
	if (rc) {
		fprintf(stderr, "pxelab run: --junit %s: %s\n", o->junit, err);
		worst = worst ? worst : PXL_EXIT_FAIL;
	}
	for (k = 0; k < nj; k++)
		free(junits[k]);
out:
	free(dirs);
	free(names);
	free(junits);
	free(codes);
	return worst;
}

/**
 * run_selected() - list or run the selected instances; write the --junit file
 * @o: options
 * @sel: instances
 * @nsel: how many
 *
 * Return: exit status.
 */
static int run_selected(const struct run_opts *o, const struct scenario **sel, size_t nsel)
{
	struct pxl_run_result *all = calloc(nsel + 1, sizeof(*all));
	const struct pxl_run_result **ptrs = calloc(nsel + 1, sizeof(*ptrs));
	size_t nall = 0, k;
	int code;

	if (o->list) {
		for (k = 0; k < nsel; k++)
			printf("%s\n", sel[k]->name);
		free(all);
		free(ptrs);
		return 0;
	}
	if (o->nshards && !o->run.quiet)
		printf("pxelab: shard %u/%u: %zu scenario instance%s\n", o->shard, o->nshards, nsel,
		       nsel == 1 ? "" : "s");
	if (o->jobs > 1 && nsel > 1) {
		free(all);
		free(ptrs);
		return run_parallel(o, sel, nsel);
	}
	code = all && ptrs ? run_all(o, sel, nsel, all, &nall) : PXL_EXIT_FAIL;
	for (k = 0; k < nall; k++)
		ptrs[k] = &all[k];
	if (o->junit && ptrs && pxl_report_junit(ptrs, nall, o->junit)) {
		fprintf(stderr, "pxelab run: cannot write --junit %s\n", o->junit);
		code = code ? code : PXL_EXIT_FAIL;
	}
	for (k = 0; k < nall; k++)
		pxl_run_result_free(&all[k]);
	free(all);
	free(ptrs);
	return code;
}

/**
 * pxl_cmd_run() - `pxelab run`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 all passed, 1 a stage failed, 2 bad input, 128+N on a signal.
 */
int pxl_cmd_run(int argc, char **argv)
{
	struct run_opts o = { .run = { .reports = "reports" }, .usage = run_usage };
	const struct scenario **sel = NULL;
	struct scn_list *lists;
	size_t total = 0;
	long nsel;
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
		sel = calloc(total + 1, sizeof(*sel));
		nsel = sel ? select_instances(&o, lists, sel) : -1;
		code = nsel < 0 ? PXL_EXIT_FAIL : run_selected(&o, sel, (size_t)nsel);
	}
	for (i = 0; i < o.nfiles; i++)
		scn_list_free(&lists[i]);
	free(sel);
	free(lists);
	scn_vars_free(&o.vars);
	return code;
}

/**
 * check_dump() - print one instance normalised, as `run` would run it
 * @o: options (--tftp and --http put their servers in place of the scenario's)
 * @sc: the instance
 *
 * Return: 0, or PXL_EXIT_USAGE when the swap cannot be made (no tftp or http line).
 */
static int check_dump(const struct run_opts *o, const struct scenario *sc)
{
	struct pxl_peer_copy copy;
	char why[256];
	int code = 0;

	if (pxl_peer_copy_make(sc, sc->dhcp.kind, &o->peers, SCN_SRV_NONE, &copy, why, sizeof(why))) {
		fprintf(stderr, "pxelab check: %s\n", why);
		code = PXL_EXIT_USAGE;
	} else {
		scn_dump(&copy.s, stdout);
	}
	pxl_peer_copy_free(&copy);
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
	struct run_opts o = { .run = { .reports = "reports" }, .usage = check_usage };
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
			code = check_dump(&o, lists[i].s[k]);
		scn_list_free(&lists[i]);
	}
	free(lists);
	scn_vars_free(&o.vars);
	return code;
}
