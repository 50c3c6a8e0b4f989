/* storm.h - `pxelab storm`: N synthetic clients against a scenario's servers on the run's own LAN */
#ifndef PXL_ENGINE_STORM_H
#define PXL_ENGINE_STORM_H

#include <stddef.h>
#include <stdint.h>

#include "engine/engine.h"
#include "storm/sclient.h"
#include "storm/storm_sum.h"
#include "engine/storm_wire.h"

/** PXL_STORM_MAX_CLIENTS - the most clients one storm takes */
#define PXL_STORM_MAX_CLIENTS 100000u

/**
 * struct pxl_storm_opts - the storm
 * @clients:   N
 * @spread_ns: arrivals uniformly random over this span (0: all at once)
 * @seed:      random stream (UUIDs, XIDs, ports, arrival times)
 * @timer_div: every firmware timer divided by this (1: the firmware's own)
 */
struct pxl_storm_opts {
	unsigned clients;
	uint64_t spread_ns;
	uint64_t seed;
	unsigned timer_div;
};

/**
 * struct pxl_storm_result - what a storm did
 * @run:       the run: rundir, run_id, error, duration, cpu_self, frames
 * @opts:      the storm asked for
 * @cl:        every client as it ended (copies; @cl[i].cfg is stale)
 * @n:         how many
 * @t0:        when the first client could power on (monotonic ns)
 * @sum:       per stage: completions, percentiles, retransmissions, first failure
 * @diag:      per stage, the first failure in full words ("" if none): the
 *             client, its words, and what the servers said (an exhausted pool)
 * @exhausted: per client, 1 if the DHCP server dropped it as pool-exhausted
 * @nexhausted: how many clients that was
 * @maxrss_kib: pxelab's peak resident memory (getrusage), KiB
 * @initiator: the address the clients' iSCSI connections come from (host order)
 * @tcp_peak:  the most iSCSI connections open at once
 * @no_tcp:    why the clients have no TCP stack ("" when they have one)
 * @servers_said: what the servers' watch noted ("tgt exited with signal 11 during the run ..."), or ""
 * @wire:      what the servers did on the wire (OFFERs, address probes, TCP resets)
 * @timed_out: the scenario's timeout ended the storm before its clients
 * @passed:    every client completed every simulated stage
 */
struct pxl_storm_result {
	struct pxl_run_result run;
	struct pxl_storm_opts opts;
	struct scl_client *cl;
	size_t n;
	uint64_t t0;
	struct pxl_storm_sum sum;
	char diag[SCL_STAGES][1024];
	uint8_t *exhausted;
	size_t nexhausted;
	long maxrss_kib;
	uint32_t initiator;
	unsigned tcp_peak;
	char no_tcp[512];
	char servers_said[512];
	struct pxl_storm_wire wire;
	int timed_out;
	int passed;
};

/* how a synthetic client walks stage 3, which puts nothing on the wire, for every report */
#define PXL_STORM_STAGE3_NOTE "stage 3 (iPXE runs) is iPXE's start as captured: it ends when iPXE's first " \
	"DISCOVER goes out, 2074 ms after the NBP's last TFTP ACK (timers divided by --timer-div)"

int pxl_engine_storm(const struct scenario *sc, const struct pxl_run_opts *opts,
		     const struct pxl_storm_opts *so, struct pxl_storm_result *res);
long pxl_storm_pool_size(const struct scenario *sc);
void pxl_storm_result_free(struct pxl_storm_result *res);

#endif /* PXL_ENGINE_STORM_H */
