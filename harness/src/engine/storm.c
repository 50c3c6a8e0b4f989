/* storm.c - `pxelab storm`: N synthetic clients against a scenario's servers on the run's own LAN
 *
 * The LAN is the one `pxelab run` builds (pxl_eng_setup(): reports folder,
 * segment, pcap, wire observer, libslirp, the scenario's servers); where a
 * run starts one QEMU per scenario client, a storm adds one storm port
 * (storm/storm_port.c) with N synthetic clients and starts no QEMU.  The
 * clients time and judge their own stages; the engine's tick ends the
 * storm when every client is over, or at the scenario's timeout.  The
 * servers' events are watched for one thing the clients cannot see: the
 * DHCP server dropping a DISCOVER because its pool is used up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <malloc.h>

#include "core/addr.h"
#include "core/loop.h"
#include "net/segment.h"
#include "storm/storm_port.h"
#include "engine/engine_priv.h"
#include "engine/storm.h"
#include "engine/storm_wire.h"

/**
 * struct storm_ctx - the storm while it runs
 * @res:      its result (@res->exhausted filled as events come)
 * @deadline: the scenario's timeout after the last arrival (monotonic ns)
 * @ns:       the iSCSI initiators' namespace (@ns_up: started, stop it)
 * @tapped:   @res->wire watches the segment (remove it before the teardown)
 */
struct storm_ctx {
	struct pxl_storm_result *res;
	uint64_t deadline;
	struct pxl_storm_ns ns;
	int ns_up;
	int tapped;
};

/**
 * storm_on_event() - a server event: note the clients the DHCP server dropped as pool-exhausted
 * @e:  engine
 * @ev: the event
 */
static void storm_on_event(struct pxl_eng *e, const struct pxl_event *ev)
{
	struct storm_ctx *x = e->storm_ctx;
	unsigned idx;

	if (!ev->detail || strcmp(ev->kind, "drop") || strncmp(ev->detail, "pool-exhausted", 14) ||
	    !ev->has_mac || !scl_idx_of(ev->mac, &idx) || idx >= x->res->n || x->res->exhausted[idx])
		return;
	x->res->exhausted[idx] = 1;
	x->res->nexhausted++;
}

/**
 * pxl_eng_storm_over() - every synthetic client is over, or the storm's time is up
 * @e:   engine (e->storm set)
 * @now: monotonic ns
 *
 * Return: 1 if the storm must stop.
 */
int pxl_eng_storm_over(struct pxl_eng *e, uint64_t now)
{
	struct storm_ctx *x = e->storm_ctx;

	if (pxl_storm_port_finished(e->storm))
		return 1;
	if (now < x->deadline)
		return 0;
	x->res->timed_out = 1;
	return 1;
}

/**
 * pxl_storm_pool_size() - how many addresses the scenario's DHCP pool holds
 * @sc: scenario
 *
 * Return: the count, or -1 when the DHCP server hands out no pool addresses
 * (no pool line, ProxyDHCP, no DHCP server).
 */
long pxl_storm_pool_size(const struct scenario *sc)
{
	const struct scn_dhcp *d = &sc->dhcp;

	if (d->kind == SCN_SRV_NONE || d->proxy || !d->pool_start || d->pool_end < d->pool_start)
		return -1;
	return (long)(d->pool_end - d->pool_start) + 1;
}

/**
 * storm_list_exhausted() - "8, 9, 10 and 3 more" of the clients dropped as pool-exhausted
 * @res: result
 * @buf, @len: out
 */
static void storm_list_exhausted(const struct pxl_storm_result *res, char *buf, size_t len)
{
	size_t i, shown = 0, o = 0;

	buf[0] = '\0';
	for (i = 0; i < res->n && o + 24 < len; i++) {
		if (!res->exhausted[i])
			continue;
		if (shown == 16) {
			snprintf(buf + o, len - o, " and %zu more", res->nexhausted - shown);
			return;
		}
		o += (size_t)snprintf(buf + o, len - o, "%s%zu", shown ? ", " : "", i);
		shown++;
	}
}

/**
 * storm_diag_add() - append "; WORDS" to stage @s's diagnosis
 * @res: result
 * @s: stage
 * @words: what to add ("" adds nothing)
 */
static void storm_diag_add(struct pxl_storm_result *res, int s, const char *words)
{
	size_t o = strlen(res->diag[s]);

	if (words[0] && o < sizeof(res->diag[s]))
		snprintf(res->diag[s] + o, sizeof(res->diag[s]) - o, "%s%s", o ? "; " : "", words);
}

/**
 * storm_diag_wire() - what the servers did on the wire, after the first failures of stages 1, 2, 5 and 6
 * @sc:  scenario (the servers' names)
 * @res: result (first failures named)
 */
static void storm_diag_wire(const struct scenario *sc, struct pxl_storm_result *res)
{
	const char *target = sc->ntargets ? scn_server_name(sc->targets[0].kind) : "none";
	char words[768];
	int s;

	if (res->sum.stage[SCL_DHCP_PXE].first_fail >= 0 &&
	    pxl_storm_wire_dhcp_words(&res->wire, scn_server_name(sc->dhcp.kind), words, sizeof(words)))
		storm_diag_add(res, SCL_DHCP_PXE, words);
	for (s = SCL_DHCP_PXE; s <= SCL_TFTP_NBP; s++)
		if (res->sum.stage[s].first_fail >= 0 && pxl_storm_wire_udp_words(&res->wire, words, sizeof(words)))
			storm_diag_add(res, s, words);
	for (s = SCL_ISCSI_LOGIN; s <= SCL_ISCSI_BOOT; s++)
		if (res->sum.stage[s].first_fail >= 0 &&
		    pxl_storm_wire_iscsi_words(&res->wire, target, words, sizeof(words)))
			storm_diag_add(res, s, words);
}

/**
 * storm_diag_exhausted() - stage 1's words for the clients the DHCP server dropped as pool-exhausted
 * @sc:   scenario (the pool)
 * @res:  result
 * @list: the clients ("8, 9, 10 and 3 more")
 */
static void storm_diag_exhausted(const struct scenario *sc, struct pxl_storm_result *res, const char *list)
{
	char a[PXL_IP_STR], b[PXL_IP_STR];
	int s = SCL_DHCP_PXE;

	snprintf(res->diag[s] + strlen(res->diag[s]), sizeof(res->diag[s]) - strlen(res->diag[s]),
		 "%sthe DHCP pool %s - %s (%s:%u, %ld addresses) is exhausted: the server dropped the "
		 "DISCOVERs of %zu client%s as pool-exhausted: %s", res->diag[s][0] ? "; " : "",
		 pxl_ip_str(sc->dhcp.pool_start, a), pxl_ip_str(sc->dhcp.pool_end, b), sc->file,
		 sc->dhcp.loc.line, pxl_storm_pool_size(sc), res->nexhausted, res->nexhausted == 1 ? "" : "s",
		 list);
}

/**
 * storm_diag() - each stage's first failure in full words, with what the DHCP server said
 * @sc:  scenario
 * @res: result (sum made)
 */
static void storm_diag(const struct scenario *sc, struct pxl_storm_result *res)
{
	char mac[PXL_MAC_STR], list[512];
	int s;

	for (s = 0; s < SCL_STAGES; s++) {
		const struct pxl_storm_stage_sum *st = &res->sum.stage[s];

		if (st->first_fail < 0)
			continue;
		snprintf(res->diag[s], sizeof(res->diag[s]), "client %ld (%s): %s", st->first_fail,
			 pxl_mac_str(res->cl[st->first_fail].mac, mac), st->first_why);
	}
	if (res->nexhausted) {
		storm_list_exhausted(res, list, sizeof(list));
		storm_diag_exhausted(sc, res, list);
	}
	storm_diag_wire(sc, res);
}


/**
 * storm_collect() - copy the clients out of the port, sum them up, name the failures
 * @e:   engine
 * @res: result
 *
 * Return: 0, or -1 with res->run.error set.
 */
static int storm_collect(struct pxl_eng *e, struct pxl_storm_result *res)
{
	const struct scl_client *cl;
	size_t n = pxl_storm_port_clients(e->storm, &cl);

	res->t0 = pxl_storm_port_t0(e->storm);
	res->cl = malloc(n * sizeof(*cl));
	if (!res->cl || pxl_storm_sum(cl, n, &res->sum)) {
		snprintf(res->run.error, sizeof(res->run.error), "out of memory");
		return -1;
	}
	memcpy(res->cl, cl, n * sizeof(*cl));
	res->n = n;
	storm_diag(e->sc, res);
	res->passed = res->sum.completed == n && !res->timed_out;
	res->run.passed = res->passed;
	return 0;
}

/**
 * storm_start() - the storm port on the run's segment, and the tick that watches it
 * @e:  engine (set up)
 * @so: the storm
 * @x:  its context
 *
 * Return: 0, or -1 with e->res->error set.
 */
static int storm_start(struct pxl_eng *e, const struct pxl_storm_opts *so, struct storm_ctx *x)
{
	struct pxl_storm_config cfg = { .clients = so->clients, .spread_ns = so->spread_ns,
					.client = { .seed = so->seed, .timer_div = so->timer_div } };
	uint64_t timeout = e->sc->timeout ? e->sc->timeout : 300ULL * 1000000000ULL;

	x->ns_up = 1;
	if (pxl_storm_ns_start(e, &x->ns, x->res->no_tcp, sizeof(x->res->no_tcp)) == 0) {
		x->res->initiator = x->ns.addr;
		cfg.tcp_socket = pxl_storm_ns_socket;
		cfg.tcp_ctx = &x->ns;
		x->res->wire.initiator = x->ns.addr;
	}	/* else stages 1, 2, 4 still run; 5 fails for every client, res->no_tcp says why */
	if (pxl_segment_add_tap(e->seg, pxl_storm_wire_tap, &x->res->wire) == 0)
		x->tapped = 1;	/* else the diagnosis goes without the wire's words */
	e->storm = pxl_storm_port_new(e->loop, e->seg, &cfg, e->res->error, sizeof(e->res->error));
	if (!e->storm)
		return -1;
	x->res->wire.t0 = pxl_storm_port_t0(e->storm);
	x->deadline = pxl_storm_port_t0(e->storm) + so->spread_ns + timeout;
	pxl_timer_arm(e->tick, pxl_now_ns() + 100ULL * 1000000ULL);
	return 0;
}

/*
 * STORM_MMAP_THRESHOLD - allocations of at least this size get their own
 * mapping.  libslirp reserves two socket buffers of 128 KiB (TCP_SNDSPACE,
 * TCP_RCVSPACE, then rounded to the MSS by g_realloc) per TCP connection;
 * with glibc's dynamic threshold (raised past them by the first freed
 * mapping) they came from the heap, the realloc copied every page and the
 * freed heap stayed resident: 283 MiB at 1000 connections.  As mappings
 * only the pages libslirp writes are resident, realloc is mremap, and
 * close unmaps (docs/storm.md, "Memory").
 */
#define STORM_MMAP_THRESHOLD (128 * 1024)

/**
 * storm_malloc_tune() - give libslirp's socket buffers mappings of their own for this process
 *
 * A fixed threshold also stops glibc from raising it again; the process's
 * other large buffers (the TFTP and segment tables) are made once.
 */
static void storm_malloc_tune(void)
{
#ifdef M_MMAP_THRESHOLD
	mallopt(M_MMAP_THRESHOLD, STORM_MMAP_THRESHOLD);
#endif
}

/**
 * pxl_engine_storm() - run a storm of synthetic clients against a scenario's servers
 * @sc:  scenario (checked; its QEMU clients and stages are not used)
 * @opts: run options (reports folder, -v, no_capture)
 * @so:  the storm
 * @res: out (free with pxl_storm_result_free())
 *
 * Return: 0 every client completed every simulated stage, 1 some did not
 * (or the timeout came first), 2 the storm could not start (res->run.error),
 * 128+N interrupted.
 */
int pxl_engine_storm(const struct scenario *sc, const struct pxl_run_opts *opts,
		     const struct pxl_storm_opts *so, struct pxl_storm_result *res)
{
	struct pxl_eng e = { .sc = sc, .opts = opts, .res = &res->run };
	struct storm_ctx x = { .res = res };
	struct rusage ru;
	double self0, children0;

	memset(res, 0, sizeof(*res));
	res->opts = *so;
	res->run.sc = sc;
	res->exhausted = calloc(so->clients ? so->clients : 1, 1);
	res->n = so->clients;		/* for storm_on_event() until storm_collect() */
	e.on_event = storm_on_event;
	e.storm_ctx = &x;
	storm_malloc_tune();
	pxl_eng_cpu(&self0, &children0);
	e.t0 = pxl_now_ns();
	if (pxl_storm_wire_init(&res->wire, sc->dhcp.pool_start, sc->dhcp.pool_end, e.t0))
		pxl_storm_result_free(res);	/* then res->exhausted is NULL: out of memory */
	if (!res->exhausted)
		snprintf(res->run.error, sizeof(res->run.error), "out of memory");
	else if (pxl_eng_setup(&e) == 0 && storm_start(&e, so, &x) == 0)
		pxl_loop_run(e.loop);
	res->run.duration = pxl_now_ns() - e.t0;
	res->n = 0;
	res->wire.has_udp_drops = pxl_servers_udp_drops(e.servers, &res->wire.udp_drops) == 0;
	if (e.storm && !res->run.error[0])
		storm_collect(&e, res);
	if (e.storm)
		res->tcp_peak = pxl_storm_port_tcp_peak(e.storm);
	snprintf(res->servers_said, sizeof(res->servers_said), "%s", e.hint);	/* e.g. a server that exited */
	pxl_storm_port_free(e.storm);
	e.storm = NULL;
	if (x.ns_up)
		pxl_storm_ns_stop(&x.ns);
	if (x.tapped)
		pxl_segment_del_tap(e.seg, pxl_storm_wire_tap, &res->wire);
	pxl_eng_teardown(&e);
	pxl_eng_cpu(&res->run.cpu_self, &res->run.cpu_children);
	res->run.cpu_self -= self0;
	res->run.cpu_children -= children0;
	getrusage(RUSAGE_SELF, &ru);
	res->maxrss_kib = ru.ru_maxrss;
	if (res->run.error[0])
		return 2;
	if (res->run.interrupted)
		return 128 + res->run.interrupted;
	return res->passed ? 0 : 1;
}

/**
 * pxl_storm_result_free() - free what a storm result holds
 * @res: result
 */
void pxl_storm_result_free(struct pxl_storm_result *res)
{
	free(res->cl);
	free(res->exhausted);
	res->cl = NULL;
	res->exhausted = NULL;
	pxl_storm_wire_free(&res->wire);
}
