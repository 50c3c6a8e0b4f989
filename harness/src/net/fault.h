/* fault.h - seeded, reproducible link faults on one direction of one segment port
 *
 * A fault sits between a port and the switch (frames the port sends) or
 * between the switch and a port (frames delivered to it).  Every frame
 * offered to it draws the same five random numbers from a seeded PRNG, in
 * the same order, whatever faults are enabled: the k-th frame of a given
 * seed meets the same fate in every run, so a failure found with seed N
 * comes back with seed N (the frame sequence itself depends on the guest's
 * timing, so whole runs repeat closely, not bit for bit).
 *
 * Per frame, in this order:
 *  - loss:    the frame is dropped (nothing else happens to it);
 *  - corrupt: one byte after the Ethernet header is XORed with a random
 *             non-zero value (so IPv4/UDP/TCP checksums catch it, as a
 *             real bit error would be caught);
 *  - dup:     the frame is delivered twice;
 *  - delay:   it leaves @delay + a uniform random [0, @jitter) later (jitter
 *             alone reorders frames, as on a real link);
 *  - reorder: it is held back until the next frame has left, or at most
 *             PXL_FAULT_HOLD_NS when no next frame comes.
 * At most PXL_FAULT_MAX_QUEUE frames wait at a time; more are dropped and
 * counted as overflow.
 */
#ifndef PXL_FAULT_H
#define PXL_FAULT_H

#include <stddef.h>
#include <stdint.h>

struct pxl_loop;
struct pxl_fault;

/** PXL_FAULT_PPM - a probability of 1 in parts per million */
#define PXL_FAULT_PPM 1000000u
/** PXL_FAULT_HOLD_NS - longest a reordered frame waits for a frame to overtake it */
#define PXL_FAULT_HOLD_NS (50ULL * 1000000ULL)
/** PXL_FAULT_MAX_QUEUE - frames waiting (delayed or held) at most */
#define PXL_FAULT_MAX_QUEUE 4096

/**
 * struct pxl_fault_spec - what to do to frames
 * @loss, @dup, @reorder, @corrupt: probabilities in parts per million
 * @delay:  fixed added delay, ns
 * @jitter: random extra delay, uniform in [0, @jitter), ns
 * @seed:   PRNG seed
 */
struct pxl_fault_spec {
	uint32_t loss, dup, reorder, corrupt;
	uint64_t delay, jitter;
	uint64_t seed;
};

/**
 * struct pxl_fault_stats - what a fault did
 * @frames:     frames offered
 * @delivered:  frames that left (a duplicate counts twice)
 * @lost:       dropped by the loss probability
 * @duplicated: delivered twice
 * @reordered:  held back behind a later frame
 * @corrupted:  had a byte flipped
 * @delayed:    waited in the queue (delay, jitter or reorder)
 * @overflow:   dropped because PXL_FAULT_MAX_QUEUE frames were waiting
 * @discarded:  still waiting when the fault was reset or freed
 */
struct pxl_fault_stats {
	uint64_t frames;
	uint64_t delivered;
	uint64_t lost;
	uint64_t duplicated;
	uint64_t reordered;
	uint64_t corrupted;
	uint64_t delayed;
	uint64_t overflow;
	uint64_t discarded;
};

/** pxl_fault_out_fn - a frame leaves the fault (valid during the call only) */
typedef void (*pxl_fault_out_fn)(void *arg, const uint8_t *frame, size_t len);

int pxl_fault_spec_check(const struct pxl_fault_spec *spec, char *err, size_t errlen);
int pxl_fault_spec_needs_loop(const struct pxl_fault_spec *spec);
int pxl_fault_spec_format(const struct pxl_fault_spec *spec, char *buf, size_t len);
uint64_t pxl_fault_seed_mix(uint64_t seed, uint64_t salt);

struct pxl_fault *pxl_fault_new(const struct pxl_fault_spec *spec, struct pxl_loop *loop,
				pxl_fault_out_fn out, void *arg);
void pxl_fault_input(struct pxl_fault *f, const uint8_t *frame, size_t len);
void pxl_fault_input_at(struct pxl_fault *f, const uint8_t *frame, size_t len, uint64_t now);
void pxl_fault_flush(struct pxl_fault *f, uint64_t now_ns);
void pxl_fault_reset(struct pxl_fault *f);
size_t pxl_fault_queued(const struct pxl_fault *f);
void pxl_fault_get_stats(const struct pxl_fault *f, struct pxl_fault_stats *st);
const struct pxl_fault_spec *pxl_fault_spec(const struct pxl_fault *f);
void pxl_fault_free(struct pxl_fault *f);

#endif /* PXL_FAULT_H */
