/* cmd_compare.c - `pxelab compare`: one scenario against several DHCP servers, judged, timed and explained
 *
 * For each server named with --dhcp, the scenario is copied with its DHCP
 * kind replaced (peers/translate.c also moves next-server and root paths
 * when --tftp or --iscsi swap in real servers) and run --runs times by the
 * engine.  Each run's capture is read for latencies and findings
 * (peers/cmp_wire.c).  The result is a terminal table, and
 * reports/compare/<id>/compare.md and junit.xml (one testsuite per server);
 * every run keeps its own reports folder under the same directory.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/fsutil.h"
#include "compare/compare.h"
#include "engine/engine.h"
#include "report/report.h"
#include "lang/scenario.h"
#include "servers/external.h"
#include "servers/provider.h"

/**
 * struct cmp_opts - the command line of `pxelab compare`
 * @run:     engine options (reports is set per run)
 * @peers:   external-server choices (dhcp_conf is set per server)
 * @reports: reports folder
 * @dhcp:    the --dhcp list as given
 * @dhcp6:   the --dhcp6 list as given
 * @runs:    runs per server
 * @iscsi:   --iscsi: the target server builtin targets move to (SCN_SRV_NONE: they stay)
 * @tftp:    --tftp as given
 * @http:    the --http list as given (a copy), or NULL
 * @hk:      its servers (SCN_SRV_NONE alone without --http: the scenario's)
 * @nhk:     entries of @hk
 * @lists:   the scenario parsed for each of @hk (${http.addr} names that server)
 * @vars:    --set variables
 * @file:    the scenario file
 */
struct cmp_opts {
	struct pxl_run_opts run;
	struct pxl_peer_opts peers;
	const char *reports;
	char *dhcp;
	char *dhcp6;
	int runs;
	enum scn_server iscsi;
	const char *tftp;
	char *http;
	enum scn_server hk[PXL_CMP_MAX_SERVERS];
	size_t nhk;
	struct scn_list lists[PXL_CMP_MAX_SERVERS];
	struct scn_vars vars;
	const char *file;
};

/**
 * cmp_usage() - print the usage text; the server lists come from lang/server_kinds.def
 * @f: where
 */
static void cmp_usage(FILE *f)
{
	char dhcp[256], dhcp6[256], tftp[256], iscsi[256], http[256], accels[64];

	fprintf(f,
		"usage: pxelab compare --dhcp SERVER[,SERVER...] [--http SERVER[,SERVER...]] [options] SCENARIO.scn\n"
		"       pxelab compare --dhcp6 SERVER[,SERVER...] [options] SCENARIO.scn\n"
		"Run one scenario against several DHCP (and HTTP) servers and compare them stage by stage.\n"
		"  --dhcp LIST        %s (comma-separated);\n"
		"                     SERVER:PATH runs that server with your own configuration file\n"
		"                     (@NAME@ placeholders are filled in: see docs/compare.md)\n"
		"  --dhcp6 LIST       %s (comma-separated): DHCPv6 servers in place\n"
		"                     of the scenario's dhcp6 block's (not with --dhcp)\n"
		"  --http LIST        builtin, %s (comma-separated): each DHCP server runs\n"
		"                     with each; ${http.addr} follows it; without --dhcp the\n"
		"                     scenario's DHCP server; the findings say what differed\n"
		"  --runs N           runs per server, 1-10 (default 2; the table shows min..max)\n"
		"  --tftp SERVER      builtin (the scenario's, default), %s\n"
		"  --iscsi SERVER     builtin (the scenario's, default) or %s\n"
		"  --reports DIR      reports folder (default reports): results go to DIR/compare/<id>/\n"
		"  --accel %-10s override every client's accelerator\n"
		"  --set NAME=VALUE   set a scenario variable (repeatable)\n"
		"  --userns           run external servers in a user namespace even as root\n"
		"  -v, --verbose      print every observation; -q, --quiet: only the table\n"
		"External servers run unmodified in a private network namespace on a TAP\n"
		"(address x.x.x.5); the host network is never touched.\n"
		"exit status: 0 every server passed or said what it cannot express, 1 a server\n"
		"failed or could not run, 2 bad usage or scenario, 128+N interrupted by signal N\n",
		scn_server_list(SCN_SWAP_DHCP, ", ", dhcp, sizeof(dhcp)),
		scn_server_list(SCN_SWAP_DHCP6, ", ", dhcp6, sizeof(dhcp6)),
		scn_server_list(SCN_SWAP_HTTP, " or ", http, sizeof(http)),
		scn_server_list(SCN_SWAP_TFTP, " or ", tftp, sizeof(tftp)),
		scn_server_list(SCN_SWAP_ISCSI, " or ", iscsi, sizeof(iscsi)),
		pxl_machine_list(PXL_MACHINE_ACCEL, "|", accels, sizeof(accels)));
}

/**
 * cmp_swap() - a --tftp or --iscsi argument: "builtin" (or "scenario") keeps the scenario's server
 * @opt: "tftp" or "iscsi"
 * @arg: the argument
 * @role: SCN_SWAP_TFTP or SCN_SWAP_ISCSI
 * @kind: out: the server swapped in, SCN_SRV_NONE for the scenario's
 *
 * Return: 0, or PXL_EXIT_USAGE after saying what is expected.
 */
static int cmp_swap(const char *opt, const char *arg, unsigned role, enum scn_server *kind)
{
	char list[256];

	*kind = SCN_SRV_NONE;
	if (!strcmp(arg, "builtin") || !strcmp(arg, "scenario") || !scn_server_find(arg, role, kind))
		return 0;
	fprintf(stderr, "pxelab compare: --%s %s: expected builtin%s%s\n", opt, arg,
		role == SCN_SWAP_TFTP ? ", " : " or ", scn_server_list(role, " or ", list, sizeof(list)));
	return PXL_EXIT_USAGE;
}

/**
 * cmp_parse() - parse the command line
 * @argc, @argv: arguments after "compare"
 * @o: out
 *
 * Return: 0 or PXL_EXIT_USAGE.
 */
static int cmp_parse(int argc, char **argv, struct cmp_opts *o)
{
	static const struct option lo[] = {
		{ "dhcp", 1, NULL, 'd' }, { "runs", 1, NULL, 'n' }, { "tftp", 1, NULL, 't' },
		{ "iscsi", 1, NULL, 'i' }, { "reports", 1, NULL, 'r' }, { "accel", 1, NULL, 'a' },
		{ "set", 1, NULL, 's' }, { "userns", 0, NULL, 'u' }, { "verbose", 0, NULL, 'v' },
		{ "quiet", 0, NULL, 'q' }, { "help", 0, NULL, 'h' }, { "http", 1, NULL, 'H' },
		{ "dhcp6", 1, NULL, 'D' }, { NULL, 0, NULL, 0 }
	};
	char *end;
	int c;

	optind = 1;
	while ((c = getopt_long(argc, argv, "vqh", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->dhcp = optarg; break;
		case 'D': o->dhcp6 = optarg; break;
		case 'n':
			o->runs = (int)strtol(optarg, &end, 10);
			if (*end || o->runs < 1 || o->runs > PXL_CMP_MAX_RUNS) {
				fprintf(stderr, "pxelab compare: --runs %s: expected a number from 1 to %d\n", optarg,
					PXL_CMP_MAX_RUNS);
				return PXL_EXIT_USAGE;
			}
			break;
		case 't':
			o->tftp = optarg;
			if (cmp_swap("tftp", optarg, SCN_SWAP_TFTP, &o->peers.tftp))
				return PXL_EXIT_USAGE;
			break;
		case 'i':
			if (cmp_swap("iscsi", optarg, SCN_SWAP_ISCSI, &o->iscsi))
				return PXL_EXIT_USAGE;
			break;
		case 'H': o->http = optarg; break;
		case 'r': o->reports = optarg; break;
		case 'a': o->run.accel = optarg; break;
		case 'u': o->peers.userns = 1; break;
		case 'v': o->run.verbose = 1; break;
		case 'q': o->run.quiet = 1; break;
		case 's':
			if (scn_vars_set_arg(&o->vars, optarg)) {
				fprintf(stderr, "pxelab compare: --set %s: expected NAME=VALUE\n", optarg);
				return PXL_EXIT_USAGE;
			}
			break;
		case 'h': cmp_usage(stdout); exit(0);
		default: cmp_usage(stderr); return PXL_EXIT_USAGE;
		}
	}
	if (o->run.accel && pxl_cli_machine_opt("compare", "accel", PXL_MACHINE_ACCEL, o->run.accel, NULL))
		return PXL_EXIT_USAGE;
	if (o->dhcp && o->dhcp6) {
		fprintf(stderr, "pxelab compare: --dhcp and --dhcp6: compare DHCP or DHCPv6 servers, not both at once\n");
		return PXL_EXIT_USAGE;
	}
	if ((!o->dhcp && !o->dhcp6 && !o->http) || optind != argc - 1) {
		fprintf(stderr, "pxelab compare: %s\n", !o->dhcp && !o->dhcp6 && !o->http ?
			"--dhcp, --dhcp6 or --http is required" : "expected one scenario file");
		cmp_usage(stderr);
		return PXL_EXIT_USAGE;
	}
	o->file = argv[optind];
	return 0;
}

/**
 * http_kinds() - the --http list: the HTTP servers each DHCP server runs with
 * @o: options (@hk, @nhk set; SCN_SRV_NONE alone without --http)
 *
 * Return: 0 or PXL_EXIT_USAGE (an unknown server, too many).
 */
static int http_kinds(struct cmp_opts *o)
{
	char *save = NULL, *tok, list[256];

	o->nhk = 0;
	if (!o->http) {
		o->hk[o->nhk++] = SCN_SRV_NONE;
		return 0;
	}
	for (tok = strtok_r(o->http, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		enum scn_server *k = &o->hk[o->nhk];

		if (o->nhk == PXL_CMP_MAX_SERVERS) {
			fprintf(stderr, "pxelab compare: --http: at most %d servers\n", PXL_CMP_MAX_SERVERS);
			return PXL_EXIT_USAGE;
		}
		*k = SCN_SRV_BUILTIN;
		if (strcmp(tok, "builtin") && scn_server_find(tok, SCN_SWAP_HTTP, k)) {
			fprintf(stderr, "pxelab compare: --http %s: expected builtin, %s\n", tok,
				scn_server_list(SCN_SWAP_HTTP, " or ", list, sizeof(list)));
			return PXL_EXIT_USAGE;
		}
		o->nhk++;
	}
	return o->nhk ? 0 : PXL_EXIT_USAGE;
}

/**
 * add_entry() - one comparison entry: a DHCP server (maybe with the user's configuration) and an HTTP server
 * @o: options
 * @c: comparison
 * @tok: "SERVER" or "SERVER:PATH" (the ':' already cut: @conf)
 * @conf: the user's configuration, or NULL
 * @h: index into @o->hk
 *
 * Return: 0 or PXL_EXIT_USAGE (unknown server, unreadable configuration, too many).
 */
static int add_entry(struct cmp_opts *o, struct pxl_compare *c, const char *tok, const char *conf, size_t h)
{
	struct pxl_cmp_server *s = &c->srv[c->nsrv];
	const char *opt = c->v6 ? "dhcp6" : "dhcp";
	unsigned role = c->v6 ? SCN_SWAP_DHCP6 : SCN_SWAP_DHCP;
	char list[256];

	if (c->nsrv == PXL_CMP_MAX_SERVERS) {
		fprintf(stderr, "pxelab compare: at most %d servers (--dhcp times --http)\n", PXL_CMP_MAX_SERVERS);
		return PXL_EXIT_USAGE;
	}
	if (scn_server_find(tok, role, &s->kind)) {
		fprintf(stderr, "pxelab compare: --%s %s: unknown server (%s)\n", opt, tok,
			scn_server_list(role, ", ", list, sizeof(list)));
		return PXL_EXIT_USAGE;
	}
	if (conf && c->v6) {
		fprintf(stderr, "pxelab compare: --dhcp6 %s:%s: DHCPv6 servers take their policy from the scenario's "
			"dhcp6 block, not from a file\n", tok, conf);
		return PXL_EXIT_USAGE;
	}
	/* in-process servers (pxelab's, libslirp's) take no configuration file */
	if (conf && !pxl_provider_of(s->kind)->ops->netns) {
		fprintf(stderr, "pxelab compare: --dhcp %s:%s: %s takes its policy from the scenario, "
			"not from a file\n", tok, conf, tok);
		return PXL_EXIT_USAGE;
	}
	if (conf && access(conf, R_OK)) {
		fprintf(stderr, "pxelab compare: --dhcp %s:%s: cannot read it: %s\n", tok, conf, strerror(errno));
		return PXL_EXIT_USAGE;
	}
	/* "dnsmasq:home.conf": several configurations of one server stay apart; "+nginx": the HTTP server */
	snprintf(s->name, sizeof(s->name), "%s%s%s%s%s", tok, conf ? ":" : "",
		 conf ? (strrchr(conf, '/') ? strrchr(conf, '/') + 1 : conf) : "", o->http ? "+" : "",
		 o->http ? scn_server_name(o->hk[h]) : "");
	s->conf = conf;
	s->http = o->hk[h];
	s->sc = o->lists[h].s[0];
	c->nsrv++;
	return 0;
}

/**
 * add_servers() - the --dhcp or --dhcp6 list (default: the scenario's DHCP server) times the --http list
 * @o: options (the scenario loaded for each HTTP server)
 * @c: comparison
 *
 * Return: 0 or PXL_EXIT_USAGE.
 */
static int add_servers(struct cmp_opts *o, struct pxl_compare *c)
{
	char *save = NULL, *tok, *conf, own[32];
	size_t h;
	int rc = 0;

	c->v6 = o->dhcp6 != NULL;
	if (c->v6)
		o->dhcp = o->dhcp6;
	if (!o->dhcp) {
		snprintf(own, sizeof(own), "%s", scn_server_name(c->sc->dhcp.kind));
		o->dhcp = own;
	}
	for (tok = strtok_r(o->dhcp, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
		conf = strchr(tok, ':');
		if (conf)
			*conf++ = '\0';
		for (h = 0; h < o->nhk && !rc; h++)
			rc = add_entry(o, c, tok, conf, h);
	}
	o->dhcp = NULL;
	if (!rc && !c->nsrv) {
		fprintf(stderr, "pxelab compare: --dhcp: no server given\n");
		return PXL_EXIT_USAGE;
	}
	return rc;
}

/**
 * run_once() - one run of one server: engine, per-run reports, capture analysis
 * @o: options
 * @c: comparison
 * @s: server
 * @sc: the scenario copy for this server
 *
 * Return: the engine's exit status.
 */
static int run_once(struct cmp_opts *o, struct pxl_compare *c, struct pxl_cmp_server *s, const struct scenario *sc)
{
	struct pxl_cmp_run *r = &s->runs[s->nruns];
	const struct pxl_run_result *one[1];
	struct pxl_run_result res;
	char dir[600], path[1200], err[512];
	int code;

	snprintf(dir, sizeof(dir), "%s/%.*s-%zu", c->dir, (int)strcspn(s->name, ":"), s->name, s->nruns + 1);
	if (s->conf)
		snprintf(dir, sizeof(dir), "%s/%.*s-%s-%zu", c->dir, (int)strcspn(s->name, ":"), s->name,
			 s->name + strcspn(s->name, ":") + 1, s->nruns + 1);
	o->run.reports = dir;
	o->peers.dhcp_conf = s->conf;
	if (!o->run.quiet)
		printf("pxelab compare: %s run %zu/%d ...", s->name, s->nruns + 1, o->runs);
	fflush(stdout);
	code = pxl_engine_run(sc, &o->run, &res);
	one[0] = &res;
	if (res.rundir[0] && !res.error[0]) {
		snprintf(path, sizeof(path), "%s/junit.xml", res.rundir);
		pxl_report_junit(one, 1, path);
		snprintf(path, sizeof(path), "%s/metrics.json", res.rundir);
		pxl_report_metrics(&res, path);
	}
	pxl_cmp_run_take(r, &res, code);
	snprintf(path, sizeof(path), "%s/capture.pcap", res.rundir);
	if (res.rundir[0] && sc->nclients && pxl_cmp_wire_read(path, sc->clients[0].mac, &r->wire, err, sizeof(err)))
		fprintf(stderr, "\npxelab compare: %s\n", err);
	if (!o->run.quiet)
		printf(" %s in %.1f s%s%s\n", code == 0 ? "PASS" : code == 1 ? "FAIL" : code >= 128 ? "INTERRUPTED" : "ERROR",
		       (double)res.duration / 1e9, r->error[0] ? ": " : "", r->error);
	s->nruns++;
	pxl_run_result_free(&res);
	return code;
}

/**
 * run_server() - every run of one server
 * @o: options
 * @c: comparison
 * @s: server
 *
 * Return: 128+N when interrupted, else 0.
 */
static int run_server(struct cmp_opts *o, struct pxl_compare *c, struct pxl_cmp_server *s)
{
	struct pxl_peer_copy copy;
	int i, code = 0;

	o->peers.http = s->http;
	o->peers.dhcp6 = c->v6 ? s->kind : SCN_SRV_NONE;
	if (pxl_peer_copy_make(s->sc, c->v6 ? s->sc->dhcp.kind : s->kind, &o->peers, o->iscsi, &copy, s->skipped,
			       sizeof(s->skipped))) {
		printf("pxelab compare: %s: not run: %s\n", s->name, s->skipped);
		pxl_peer_copy_free(&copy);
		return 0;
	}
	o->peers.dhcp_conf = s->conf;
	if (!s->conf)
		pxl_servers_cannot(&copy.s, s->cannot, sizeof(s->cannot));
	if (pxl_servers_available(&copy.s, s->skipped, sizeof(s->skipped))) {
		printf("pxelab compare: %s: not run: %s\n", s->name, s->skipped);
		pxl_peer_copy_free(&copy);
		return 0;
	}
	for (i = 0; i < o->runs && code < 128; i++)
		code = run_once(o, c, s, &copy.s);
	pxl_peer_copy_free(&copy);
	return code >= 128 ? code : 0;
}

/**
 * compare_id() - a comparison id: UTC time and pid
 * @buf: out
 * @len: its size
 */
static void compare_id(char *buf, size_t len)
{
	time_t now = time(NULL);
	struct tm tm;

	gmtime_r(&now, &tm);
	snprintf(buf, len, "%04d%02d%02d-%02d%02d%02d-%d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday,
		 tm.tm_hour, tm.tm_min, tm.tm_sec, (int)getpid());
}

/**
 * compare_all() - run every server, then print and write the reports
 * @o: options
 * @c: comparison (servers and scenario set)
 *
 * Return: the command's exit status.
 */
static int compare_all(struct cmp_opts *o, struct pxl_compare *c)
{
	char path[700], v[600];
	size_t s;
	int code = 0, rc;

	compare_id(c->id, sizeof(c->id));
	snprintf(c->dir, sizeof(c->dir), "%s/compare/%s", o->reports, c->id);
	if ((rc = pxl_mkdir_p(c->dir))) {
		fprintf(stderr, "pxelab compare: cannot create %s: %s\n", c->dir, strerror(-rc));
		return PXL_EXIT_FAIL;
	}
	for (s = 0; s < c->nsrv && !c->interrupted; s++)
		if ((rc = run_server(o, c, &c->srv[s])) >= 128)
			c->interrupted = rc;
	pxl_cmp_table(c, stdout);
	snprintf(path, sizeof(path), "%s/compare.md", c->dir);
	if (pxl_cmp_markdown(c, path))
		fprintf(stderr, "pxelab compare: cannot write %s\n", path);
	snprintf(path, sizeof(path), "%s/junit.xml", c->dir);
	if (pxl_cmp_junit(c, path))
		fprintf(stderr, "pxelab compare: cannot write %s\n", path);
	printf("\nwrote %s/compare.md and %s/junit.xml\n", c->dir, c->dir);
	for (s = 0; s < c->nsrv; s++)
		code |= pxl_cmp_verdict(&c->srv[s], v, sizeof(v));
	return c->interrupted ? c->interrupted : code ? PXL_EXIT_FAIL : PXL_EXIT_OK;
}

/**
 * pxl_cmd_compare() - `pxelab compare`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0, 1, 2 or 128+N (see the usage text).
 */
int pxl_cmd_compare(int argc, char **argv)
{
	struct cmp_opts *o = calloc(1, sizeof(*o));
	struct pxl_compare *c = calloc(1, sizeof(*c));
	char *http = NULL;
	size_t h;
	int code = PXL_EXIT_FAIL;

	if (!c || !o)
		goto done;
	*o = (struct cmp_opts){ .reports = "reports", .runs = 2, .tftp = "scenario" };
	o->run.peers = &o->peers;
	code = cmp_parse(argc, argv, o);
	if (!code && o->http && !(http = strdup(o->http)))
		code = PXL_EXIT_FAIL;
	if (!code)
		code = http_kinds(o);
	for (h = 0; !code && h < o->nhk; h++) {
		o->peers.http = o->hk[h];
		code = pxl_cli_load_one("compare", o->file, &o->vars, &o->peers, o->iscsi, &o->lists[h]);
	}
	if (!code) {
		c->sc = o->lists[0].s[0];
		c->tftp = o->peers.tftp == SCN_SRV_NONE ? "the scenario's" : o->tftp;
		c->iscsi = o->iscsi == SCN_SRV_NONE ? "the scenario's" : scn_server_name(o->iscsi);
		c->http = http;
		code = add_servers(o, c);
	}
	if (!code)
		code = compare_all(o, c);
done:
	for (h = 0; o && h < PXL_CMP_MAX_SERVERS; h++)
		scn_list_free(&o->lists[h]);
	if (o)
		scn_vars_free(&o->vars);
	free(http);
	free(o);
	free(c);
	return code;
}
