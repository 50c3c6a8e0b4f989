/* storm_sum.c - a storm's clients summed up per stage: completions, latency percentiles, retransmissions, first failure */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "storm/storm_sum.h"

/**
 * cmp_u64() - qsort order of latencies
 * @a, @b: uint64_t
 *
 * Return: <0, 0, >0.
 */
static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

/**
 * rank() - nearest-rank percentile of sorted values
 * @v: sorted, @n > 0
 * @n: count
 * @pct: 1..100
 *
 * Return: the value at rank ceil(@pct / 100 * @n).
 */
static uint64_t rank(const uint64_t *v, size_t n, unsigned pct)
{
	size_t r = (n * pct + 99) / 100;

	return v[r ? r - 1 : 0];
}

/**
 * sum_stage() - one stage over every client
 * @cl, @n: clients
 * @s:      stage
 * @lat:    scratch of @n entries
 * @out:    out
 */
static void sum_stage(const struct scl_client *cl, size_t n, enum scl_stage s, uint64_t *lat,
		      struct pxl_storm_stage_sum *out)
{
	uint64_t first_end = UINT64_MAX;
	size_t i, k = 0;

	memset(out, 0, sizeof(*out));
	out->first_fail = -1;
	for (i = 0; i < n; i++) {
		const struct scl_stage_rec *r = &cl[i].rec[s];

		if (!r->start_ns)
			continue;
		out->started++;
		out->tries += r->tries;
		out->retx += r->retx;
		if (r->ok) {
			out->passed++;
			lat[k++] = r->end_ns - r->start_ns;
		} else if (r->end_ns) {
			out->failed++;
			if (r->end_ns < first_end) {
				first_end = r->end_ns;
				out->first_fail = (long)cl[i].idx;
				snprintf(out->first_why, sizeof(out->first_why), "%s", r->why);
			}
		}
	}
	if (!k)
		return;
	qsort(lat, k, sizeof(*lat), cmp_u64);
	out->p50_ns = rank(lat, k, 50);
	out->p95_ns = rank(lat, k, 95);
	out->p99_ns = rank(lat, k, 99);
	out->max_ns = lat[k - 1];
}

/**
 * pxl_storm_sum() - sum a storm's clients up, stage by stage
 * @cl:  clients
 * @n:   how many
 * @out: out
 *
 * Return: 0, or -ENOMEM.
 */
int pxl_storm_sum(const struct scl_client *cl, size_t n, struct pxl_storm_sum *out)
{
	uint64_t *lat = calloc(n ? n : 1, sizeof(*lat));
	size_t i;
	int s;

	memset(out, 0, sizeof(*out));
	if (!lat)
		return -ENOMEM;
	out->clients = (unsigned)n;
	for (i = 0; i < n; i++)
		out->completed += cl[i].state == SCL_DONE;
	for (s = 0; s < SCL_STAGES; s++)
		sum_stage(cl, n, (enum scl_stage)s, lat, &out->stage[s]);
	free(lat);
	return 0;
}
