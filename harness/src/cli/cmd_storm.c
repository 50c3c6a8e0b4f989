/* cmd_storm.c - `pxelab storm`: a boot storm of synthetic clients against one scenario's servers */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/storm_servers.h"
#include "engine/storm.h"
#include "lang/scenario.h"
#include "report/report.h"
#include "servers/external.h"
#include "servers/provider.h"

/**
 * struct storm_cli - the command line
 * @run:   engine options (reports folder, capture)
 * @storm: the storm
 * @vars:  --set variables
 * @file:  the scenario file
 * @allow_exhaustion: run even when the DHCP pool is smaller than the storm
 * @sets, @nsets: --servers: the server sets to run the storm against (0: the scenario's)
 */
struct storm_cli {
	struct pxl_run_opts run;
	struct pxl_storm_opts storm;
	struct scn_vars vars;
	const char *file;
	int allow_exhaustion;
	struct pxl_storm_set sets[PXL_STORM_MAX_SETS];
	size_t nsets;
};

static const char storm_usage[] =
	"usage: pxelab storm FILE.scn --clients N [options]\n"
	"Boot storm: N synthetic clients power on against the scenario's DHCP, TFTP and\n"
	"iSCSI servers, through the same LAN (segment, libslirp, services) QEMU clients\n"
	"use; the scenario's own clients (QEMU) and stages are not used.  Each client\n"
	"walks, with its firmware's packets and timers: stage 1 firmware DHCP (OVMF PXE),\n"
	"stage 2 TFTP of the NBP (OVMF), stage 3 iPXE starts (silent on the wire, its\n"
	"captured start delay, 2074 ms), stage 4 iPXE DHCP, stage 5 iSCSI login to the\n"
	"root path's target and stage 6 TEST UNIT READY, READ CAPACITY and the boot\n"
	"sectors' READs (iPXE's PDUs, over the kernel's TCP from a private network\n"
	"namespace on the LAN).\n"
	"  --clients N         clients in the storm (1 to 100000; at most the DHCP pool)\n"
	"  --arrival WHEN      all: every client powers on at once (default);\n"
	"                      spread:SECONDS: uniformly at random over SECONDS\n"
	"  --seed S            random stream of UUIDs, XIDs, ports and arrivals (default 1)\n"
	"  --reports DIR       reports folder (default reports)\n"
	"  --set NAME=VALUE    set a scenario variable (repeatable)\n"
	"  --capture MODE      capture.pcap: off (default: a full one holds every client's\n"
	"                      NBP), full, headers (first 128 bytes of each frame) or\n"
	"                      headers:SNAP (first SNAP bytes, 64 to 262144)\n"
	"  --servers SETS      run the storm once per server set and print them side by\n"
	"                      side; SETS: comma-separated DHCP[+TFTP][+ISCSI], e.g.\n"
	"                      builtin,dnsmasq+tgt,kea+tftpd-hpa+tgt (builtin: the\n"
	"                      scenario's own; a DHCP server that serves TFTP, dnsmasq,\n"
	"                      serves it too unless another is named; external servers\n"
	"                      run in a private network namespace, as compare runs them)\n"
	"  --allow-exhaustion  run even with more clients than the DHCP pool has addresses\n"
	"                      (the rest then fail stage 1 after the firmware's retries)\n"
	"  --timer-div D       divide every firmware timer by D (tests only: the timing on\n"
	"                      the wire is then no longer the firmware's)\n"
	"Prints per stage: clients passed, latency p50/p95/p99/max, requests and\n"
	"retransmissions, the first failure with its diagnosis; pxelab's CPU time and\n"
	"peak RSS.  Writes reports/<scenario>/<run-id>/: junit.xml (one testcase per\n"
	"stage), metrics.json, clients.csv, index.html (latency and completion plots),\n"
	"events.log, and capture.pcap unless --capture off.\n"
	"exit status: 0 every client completed, 1 a client failed a stage, 2 bad scenario\n"
	"or usage, 128+N signal\n";

/**
 * parse_count() - a whole number from @lo to @hi
 * @opt, @arg: the option and its text (for the message)
 * @lo, @hi: bounds
 * @out: out
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
static int parse_count(const char *opt, const char *arg, unsigned long long lo, unsigned long long hi,
		       unsigned long long *out)
{
	char *end;

	*out = strtoull(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end || *out < lo || *out > hi) {
		fprintf(stderr, "pxelab storm: --%s %s: expected a whole number from %llu to %llu\n", opt, arg, lo, hi);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * parse_arrival() - "all" or "spread:SECONDS"
 * @arg: the text
 * @o:   out: o->storm.spread_ns
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
static int parse_arrival(const char *arg, struct storm_cli *o)
{
	char *end;
	double s;

	if (!strcmp(arg, "all")) {
		o->storm.spread_ns = 0;
		return 0;
	}
	s = strncmp(arg, "spread:", 7) ? -1 : strtod(arg + 7, &end);
	if (s <= 0 || s > 3600 || *end) {
		fprintf(stderr, "pxelab storm: --arrival %s: expected 'all' or 'spread:SECONDS' with 0 < SECONDS "
			"<= 3600, e.g. spread:10\n", arg);
		return PXL_EXIT_USAGE;
	}
	o->storm.spread_ns = (uint64_t)(s * 1e9);
	return 0;
}

/**
 * storm_opt() - one option
 * @c:   getopt's code
 * @arg: its argument
 * @o:   out
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
static int storm_opt(int c, const char *arg, struct storm_cli *o)
{
	unsigned long long v;

	switch (c) {
	case 'n':
		if (parse_count("clients", arg, 1, PXL_STORM_MAX_CLIENTS, &v))
			return PXL_EXIT_USAGE;
		o->storm.clients = (unsigned)v;
		return 0;
	case 'a': return parse_arrival(arg, o);
	case 'S': return parse_count("seed", arg, 0, UINT64_MAX, &v) ? PXL_EXIT_USAGE : (o->storm.seed = v, 0);
	case 'd':
		if (parse_count("timer-div", arg, 1, 1000, &v))
			return PXL_EXIT_USAGE;
		o->storm.timer_div = (unsigned)v;
		return 0;
	case 'r': o->run.reports = arg; return 0;
	case 'x': o->allow_exhaustion = 1; return 0;
	case 'v': return pxl_storm_sets_parse(arg, o->sets, &o->nsets);
	case 'c': return pxl_cli_capture_opt("storm", arg, &o->run);
	case 's':
		if (!scn_vars_set_arg(&o->vars, arg))
			return 0;
		fprintf(stderr, "pxelab storm: --set %s: expected NAME=VALUE\n", arg);
		return PXL_EXIT_USAGE;
	case 'h': fputs(storm_usage, stdout); exit(0);
	default: fputs(storm_usage, stderr); return PXL_EXIT_USAGE;
	}
}

/**
 * storm_parse() - the command line
 * @argc, @argv: arguments after "storm"
 * @o: out
 *
 * Return: 0 or PXL_EXIT_USAGE.
 */
static int storm_parse(int argc, char **argv, struct storm_cli *o)
{
	static const struct option lo[] = {
		{ "clients", 1, NULL, 'n' }, { "arrival", 1, NULL, 'a' }, { "seed", 1, NULL, 'S' },
		{ "reports", 1, NULL, 'r' }, { "set", 1, NULL, 's' }, { "capture", 1, NULL, 'c' },
		{ "allow-exhaustion", 0, NULL, 'x' }, { "timer-div", 1, NULL, 'd' }, { "servers", 1, NULL, 'v' },
		{ "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1)
		if (storm_opt(c, optarg, o))
			return PXL_EXIT_USAGE;
	if (argc - optind != 1) {
		fprintf(stderr, "pxelab storm: %s\n", argc - optind ? "give one scenario file" : "no scenario file given");
		fputs(storm_usage, stderr);
		return PXL_EXIT_USAGE;
	}
	o->file = argv[optind];
	if (!o->storm.clients) {
		fputs("pxelab storm: --clients N is required (1 to 100000)\n", stderr);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/**
 * storm_fits() - the scenario can take the storm: a DHCP server, a pool large enough
 * @sc: scenario
 * @o:  options
 *
 * Return: 0, or PXL_EXIT_USAGE after the message.
 */
static int storm_fits(const struct scenario *sc, const struct storm_cli *o)
{
	long pool = pxl_storm_pool_size(sc);

	if (sc->dhcp.kind == SCN_SRV_NONE) {
		fprintf(stderr, "pxelab storm: %s: the scenario has no DHCP server: nothing answers the clients\n",
			sc->file);
		return PXL_EXIT_USAGE;
	}
	if (pool < 0 || o->storm.clients <= pool || o->allow_exhaustion)
		return 0;
	fprintf(stderr, "pxelab storm: --clients %u: the DHCP pool at %s:%u holds %ld addresses: clients %ld to %u "
		"would get none and fail stage 1 after the firmware's 60 s of retries; give --clients %ld or fewer, "
		"a larger pool, or --allow-exhaustion to run it anyway\n", o->storm.clients, sc->file,
		sc->dhcp.loc.line, pool, pool, o->storm.clients - 1, pool);
	return PXL_EXIT_USAGE;
}

/**
 * storm_report() - a storm's table and files, or why it did not run
 * @res: the storm
 */
static void storm_report(struct pxl_storm_result *res)
{
	if (res->run.error[0])
		fprintf(stderr, "pxelab storm: %s\n", res->run.error);
	else
		pxl_report_storm_summary(res, stdout);
	if (pxl_report_storm_files(res, stderr) == 0 && res->run.rundir[0] && !res->run.error[0])
		printf("reports: %s\n", res->run.rundir);
	fflush(stdout);
}

/**
 * storm_set() - the storm against one server set: the scenario loaded with the set swapped in, run
 * @o:   options
 * @set: the servers
 * @res: out (pxl_storm_result_free() it when this returned below 2 or 128+)
 *
 * Return: the storm's exit status, or PXL_EXIT_USAGE (not run, said why).
 */
static int storm_set(struct storm_cli *o, const struct pxl_storm_set *set, struct pxl_storm_result *res)
{
	struct pxl_peer_opts peers = { .tftp = set->tftp, .http = SCN_SRV_NONE };
	struct pxl_peer_copy copy;
	struct scn_list list = { 0 };
	char why[512];
	int code;

	memset(&copy, 0, sizeof(copy));
	printf("\n== servers %s ==\n", set->name);
	fflush(stdout);
	code = pxl_cli_load_one("storm", o->file, &o->vars, &peers, set->iscsi, &list);
	if (!code)
		code = storm_fits(list.s[0], o);
	if (!code && (pxl_peer_copy_make(list.s[0], set->dhcp, &peers, set->iscsi, &copy, why, sizeof(why)) ||
		      pxl_servers_available(&copy.s, why, sizeof(why)))) {
		fprintf(stderr, "pxelab storm: servers %s: not run: %s\n", set->name, why);
		code = PXL_EXIT_USAGE;
	}
	if (!code) {
		o->run.peers = &peers;
		code = pxl_engine_storm(&copy.s, &o->run, &o->storm, res);
		storm_report(res);
		o->run.peers = NULL;
	}
	pxl_peer_copy_free(&copy);
	scn_list_free(&list);
	return code;
}

/**
 * storm_sets() - `--servers`: the storm once per set, then every set side by side
 * @o: options
 *
 * Return: 0 every set's clients completed, 1 some did not, 2 a set could not run, 128+N a signal.
 */
static int storm_sets(struct storm_cli *o)
{
	struct pxl_storm_result res[PXL_STORM_MAX_SETS];
	const struct pxl_storm_result *ran[PXL_STORM_MAX_SETS];
	const char *names[PXL_STORM_MAX_SETS];
	int code = 0, rc;
	size_t i, n;

	for (n = 0; n < o->nsets && code < 128; n++) {
		rc = storm_set(o, &o->sets[n], &res[n]);
		ran[n] = rc == PXL_EXIT_USAGE ? NULL : &res[n];
		names[n] = o->sets[n].name;
		code = rc > code ? rc : code;
	}
	pxl_report_storm_side(ran, names, n, stdout);
	for (i = 0; i < n; i++)
		if (ran[i])
			pxl_storm_result_free(&res[i]);
	return code;
}

/**
 * pxl_cmd_storm() - `pxelab storm`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 every client completed, 1 a stage failed, 2 bad input, 128+N on a signal.
 */
int pxl_cmd_storm(int argc, char **argv)
{
	struct storm_cli o = { .run = { .reports = "reports", .no_capture = 1 },
			       .storm = { .seed = 1, .timer_div = 1 } };
	struct pxl_storm_result res;
	struct scn_list list = { 0 };
	const struct scenario *sc;
	int code;

	if ((code = storm_parse(argc, argv, &o)))
		goto done;
	if (o.nsets) {
		code = storm_sets(&o);
		goto done;
	}
	if ((code = pxl_cli_load_one("storm", o.file, &o.vars, NULL, SCN_SRV_NONE, &list))) {
		fputs("pxelab storm: not running: fix the errors above\n", stderr);
		goto done;
	}
	sc = list.s[0];
	if ((code = storm_fits(sc, &o)))
		goto done;
	fflush(stdout);
	code = pxl_engine_storm(sc, &o.run, &o.storm, &res);
	storm_report(&res);
	pxl_storm_result_free(&res);
done:
	scn_list_free(&list);
	scn_vars_free(&o.vars);
	return code;
}
