/* storm_sum.h - a storm's clients summed up per stage: completions, latency percentiles, retransmissions, first failure */
#ifndef PXL_STORM_SUM_H
#define PXL_STORM_SUM_H

#include <stddef.h>
#include <stdint.h>

#include "storm/sclient.h"

/**
 * struct pxl_storm_stage_sum - one stage over every client
 * @started, @passed, @failed: clients
 * @p50_ns, @p95_ns, @p99_ns, @max_ns: stage latency of the clients that
 *             passed (nearest rank; 0 when none passed)
 * @tries, @retx: requests sent, of which retransmissions
 * @first_fail: the client that failed this stage first (-1: none)
 * @first_why:  its diagnosis
 */
struct pxl_storm_stage_sum {
	unsigned started;
	unsigned passed;
	unsigned failed;
	uint64_t p50_ns;
	uint64_t p95_ns;
	uint64_t p99_ns;
	uint64_t max_ns;
	uint64_t tries;
	uint64_t retx;
	long first_fail;
	char first_why[SCL_WHY_MAX];
};

/**
 * struct pxl_storm_sum - a storm summed up
 * @clients:   N
 * @completed: clients that passed every stage
 * @stage:     per stage
 */
struct pxl_storm_sum {
	unsigned clients;
	unsigned completed;
	struct pxl_storm_stage_sum stage[SCL_STAGES];
};

int pxl_storm_sum(const struct scl_client *cl, size_t n, struct pxl_storm_sum *out);

#endif /* PXL_STORM_SUM_H */
