/* faults.h - a run's link faults, malformed and injected frames, dropped connections and fixture checks
 *
 * Filled by engine_robust.c at the end of a run (struct pxl_run_result
 * carries one), written by report_robust.c into metrics.json, JUnit
 * properties and the terminal summary.
 */
#ifndef PXL_ROBUST_H
#define PXL_ROBUST_H

#include <stdio.h>

#include "core/sha256.h"
#include "net/inject_port.h"
#include "net/segment.h"
#include "net/syn_watch.h"

#define PXL_ROBUST_MAX_FAULTS 16
#define PXL_ROBUST_MAX_IMAGES 8

/**
 * struct pxl_robust_image - a served disk image that must come out unchanged
 * @path:   the image
 * @before: sha256 before the run ("" if it could not be read)
 * @after:  sha256 after the run
 */
struct pxl_robust_image {
	char path[512];
	char before[PXL_SHA256_HEX];
	char after[PXL_SHA256_HEX];
};

/**
 * struct pxl_robust - what a run did to its link and what hostile traffic it saw
 * @faults, @nfaults: link faults and what they did
 * @seg:       the segment's counters (malformed frames by reason)
 * @injected:  a hostile guest ran (--inject)
 * @inject_source: what it injected
 * @inject:    what it sent and got back
 * @conns, @nconns: TCP connection attempts and their answers
 * @synack_repeats: libslirp's SYN-ACKs resent for retransmitted SYNs (net/synack_repeat.h)
 * @images, @nimages: fixture images checked by sha256
 */
struct pxl_robust {
	struct pxl_seg_fault_info faults[PXL_ROBUST_MAX_FAULTS];
	size_t nfaults;
	struct pxl_segment_stats seg;
	int injected;
	char inject_source[256];
	struct pxl_inject_stats inject;
	struct pxl_syn_dest conns[PXL_SYN_WATCH_MAX];
	size_t nconns;
	uint64_t synack_repeats;
	struct pxl_robust_image images[PXL_ROBUST_MAX_IMAGES];
	size_t nimages;
};

/** pxl_prop_fn - receives one (name, value) report property */
typedef void (*pxl_prop_fn)(void *ctx, const char *name, const char *value);

struct pxl_wire_stats;

void pxl_report_robust_props(const struct pxl_robust *r, const struct pxl_wire_stats *w,
			     pxl_prop_fn add, void *ctx);
void pxl_report_robust_json(const struct pxl_robust *r, const struct pxl_wire_stats *w, FILE *f);
void pxl_report_robust_summary(const struct pxl_robust *r, FILE *f);

#endif /* PXL_ROBUST_H */
