/* storm_text.c - a storm's terminal table: completions, per-stage latency, retransmissions, first failures, cost */
#include <stdio.h>

#include "core/addr.h"
#include "core/util.h"
#include "report/report.h"
#include "report/storm_priv.h"

/*
 * pxl_storm_stages - the six stages of a UEFI chainload to an iSCSI disk
 * (issue 17), and the synthetic clients' stage for each they walk.
 */
const struct pxl_storm_stage_row pxl_storm_stages[6] = {
	{ 1, "firmware DHCP", SCL_DHCP_PXE },
	{ 2, "TFTP download of the NBP", SCL_TFTP_NBP },
	{ 3, "iPXE runs", SCL_IPXE_START },
	{ 4, "iPXE DHCP", SCL_DHCP_IPXE },
	{ 5, "iSCSI login", SCL_ISCSI_LOGIN },
	{ 6, "boot from the iSCSI disk", SCL_ISCSI_BOOT },
};

/**
 * pxl_storm_failed_clients() - "  client 8 02:53:00:00:00:08: WHY" per client that failed a stage
 * @r:   storm
 * @scl: the stage
 * @f:   stream
 * @max: list at most this many (then "... and K more")
 */
void pxl_storm_failed_clients(const struct pxl_storm_result *r, int scl, FILE *f, size_t max)
{
	char mac[PXL_MAC_STR];
	size_t i, shown = 0, left = 0;

	for (i = 0; i < r->n; i++) {
		const struct scl_stage_rec *s = &r->cl[i].rec[scl];

		if (s->ok || !s->end_ns)
			continue;
		if (shown == max) {
			left++;
			continue;
		}
		fprintf(f, "client %u %s: %s\n", r->cl[i].idx, pxl_mac_str(r->cl[i].mac, mac), s->why);
		shown++;
	}
	if (left)
		fprintf(f, "... and %zu more\n", left);
}

/** ms() - ns as milliseconds */
static double ms(uint64_t ns)
{
	return (double)ns / 1e6;
}

/**
 * stage_line() - one row of the table
 * @r:   storm
 * @row: the stage
 * @f:   stream
 */
static void stage_line(const struct pxl_storm_result *r, const struct pxl_storm_stage_row *row, FILE *f)
{
	const struct pxl_storm_stage_sum *s;

	if (row->scl < 0) {
		fprintf(f, "  %u %-26s not simulated\n", row->num, row->title);
		return;
	}
	s = &r->sum.stage[row->scl];
	fprintf(f, "  %u %-26s %6u/%-6u %9.1f %9.1f %9.1f %9.1f %7llu %5llu\n", row->num, row->title, s->passed,
		s->started, ms(s->p50_ns), ms(s->p95_ns), ms(s->p99_ns), ms(s->max_ns),
		(unsigned long long)s->tries, (unsigned long long)s->retx);
}

/**
 * pxl_report_storm_summary() - the storm's table on a terminal
 * @r: storm (collected)
 * @f: stream
 */
void pxl_report_storm_summary(const struct pxl_storm_result *r, FILE *f)
{
	size_t i;

	fprintf(f, "storm %s: %u client%s, %s, seed %llu\n", r->run.sc->name, r->opts.clients,
		r->opts.clients == 1 ? "" : "s", r->opts.spread_ns ? "arrivals spread" : "all at once",
		(unsigned long long)r->opts.seed);
	if (r->opts.spread_ns)
		fprintf(f, "  arrivals uniformly over %.1f s\n", (double)r->opts.spread_ns / 1e9);
	if (r->opts.timer_div > 1)
		fprintf(f, "  firmware timers divided by %u (not the firmware's own timing)\n", r->opts.timer_div);
	fprintf(f, "  %-28s %13s %9s %9s %9s %9s %7s %5s\n", "stage", "passed/began", "p50 ms", "p95 ms",
		"p99 ms", "max ms", "tries", "retx");
	for (i = 0; i < 6; i++)
		stage_line(r, &pxl_storm_stages[i], f);
	for (i = 0; i < 6; i++)
		if (pxl_storm_stages[i].scl >= 0 && r->diag[pxl_storm_stages[i].scl][0])
			fprintf(f, "  stage %u first failure: %s\n", pxl_storm_stages[i].num,
				r->diag[pxl_storm_stages[i].scl]);
	fprintf(f, "  note: %s\n", PXL_STORM_STAGE3_NOTE);
	if (r->timed_out)
		fprintf(f, "  the scenario's timeout ended the storm before every client was over\n");
	if (r->servers_said[0])
		fprintf(f, "  servers: %s\n", r->servers_said);
	if (r->no_tcp[0])
		fprintf(f, "  iSCSI: no TCP stack for the clients: %s\n", r->no_tcp);
	if (r->initiator)
		fprintf(f, "  iSCSI: TCP from %s (the namespace kernel's stack, one address for every client), "
			"at most %u connections at once\n", pxl_ip_str(r->initiator, (char[PXL_IP_STR]){ 0 }), r->tcp_peak);
	fprintf(f, "  completed %u/%u clients (stages 1 to 6) in %.2f s; pxelab CPU %.2f s, peak RSS %.1f MiB, "
		"%llu frames\n", r->sum.completed, r->opts.clients, (double)r->run.duration / 1e9, r->run.cpu_self,
		(double)r->maxrss_kib / 1024, (unsigned long long)r->run.frames);
	fprintf(f, "%s\n", r->passed ? "STORM PASSED" : "STORM FAILED");
}

/**
 * side_row() - one stage across the server sets: passed, p50/p99 ms
 * @r:   results (NULL: that set did not run)
 * @n:   how many
 * @row: the stage
 * @f:   stream
 */
static void side_row(const struct pxl_storm_result *const *r, size_t n, const struct pxl_storm_stage_row *row, FILE *f)
{
	char cell[64];
	size_t i;

	fprintf(f, "  %u %-26s", row->num, row->title);
	for (i = 0; i < n; i++) {
		const struct pxl_storm_stage_sum *s;

		if (!r[i] || row->scl < 0) {
			fprintf(f, " %-24s", !r[i] ? "-" : "not simulated");
			continue;
		}
		s = &r[i]->sum.stage[row->scl];
		snprintf(cell, sizeof(cell), "%u %.0f/%.0f", s->passed, ms(s->p50_ns), ms(s->p99_ns));
		fprintf(f, " %-24s", cell);
	}
	fputc('\n', f);
}

/**
 * side_cost() - one figure across the server sets
 * @r:     results (NULL: did not run)
 * @n:     how many
 * @label: row title
 * @fig:   which: 0 completed, 1 wall s, 2 pxelab CPU s, 3 servers' CPU s, 4 peak RSS MiB
 * @f:     stream
 */
static void side_cost(const struct pxl_storm_result *const *r, size_t n, const char *label, int fig, FILE *f)
{
	char cell[64];
	size_t i;

	fprintf(f, "  %-28s", label);
	for (i = 0; i < n; i++) {
		if (!r[i])
			snprintf(cell, sizeof(cell), "-");
		else if (fig == 0)
			snprintf(cell, sizeof(cell), "%u/%u", r[i]->sum.completed, r[i]->opts.clients);
		else
			snprintf(cell, sizeof(cell), "%.2f", fig == 1 ? (double)r[i]->run.duration / 1e9 :
				 fig == 2 ? r[i]->run.cpu_self : fig == 3 ? r[i]->run.cpu_children :
				 (double)r[i]->maxrss_kib / 1024);
		fprintf(f, " %-24s", cell);
	}
	fputc('\n', f);
}

/**
 * pxl_report_storm_side() - the same storm against several server sets, one table side by side
 * @r:     results, one per set (NULL where a set did not run)
 * @names: the sets ("builtin", "dnsmasq+tgt" ...)
 * @n:     how many
 * @f:     stream
 */
void pxl_report_storm_side(const struct pxl_storm_result *const *r, const char *const *names, size_t n, FILE *f)
{
	static const char *const cost[] = { "completed", "wall s", "pxelab CPU s", "servers' CPU s (children)",
					    "pxelab peak RSS MiB (so far)" };
	size_t i;

	fprintf(f, "\nside by side: passed, p50/p99 ms per stage\n  %-28s", "stage");
	for (i = 0; i < n; i++)
		fprintf(f, " %-24s", names[i]);
	fputc('\n', f);
	for (i = 0; i < 6; i++)
		side_row(r, n, &pxl_storm_stages[i], f);
	for (i = 0; i < ARRAY_SIZE(cost); i++)
		side_cost(r, n, cost[i], (int)i, f);
}
