/* fuzz.h - shared helpers of pxelab's libFuzzer targets: records, checksums, temp folders, sinks
 *
 * Every target in harness/fuzz/ is a libFuzzer entry point
 * (LLVMFuzzerTestOneInput) built with clang -fsanitize=fuzzer,address,undefined
 * (mk/fuzz.mk), or linked with fuzz_main.c into a plain program that replays
 * files (any compiler, valgrind).  Targets that take several datagrams or
 * frames split their input into records: a 2-byte big-endian header whose
 * top 4 bits are a selector (port, direction, time step: the target's
 * choice) and whose low 12 bits are the record length; 0xfff means "the
 * rest of the input", and a length past the end is cut to what is left.
 * `harness/fuzz/make-seeds` writes seeds in that format.
 *
 * A target's state that must outlive one input (a temp folder, a parsed
 * scenario) lives in one static context set up on the first input and
 * never changed by an input, so that every input runs from the same state.
 */
#ifndef PXL_FUZZ_H
#define PXL_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "net/transport.h"

/** FUZZ_REC_REST - record length meaning "everything that is left" */
#define FUZZ_REC_REST 0xfffu

/**
 * struct fuzz_rec - one record of a multi-record input
 * @sel:  selector (0..15), meaning chosen by the target
 * @data: record bytes (inside the input)
 * @len:  record length
 */
struct fuzz_rec {
	unsigned int sel;
	const uint8_t *data;
	size_t len;
};

/**
 * struct fuzz_cursor - where the next record starts
 * @p: next byte
 * @n: bytes left
 */
struct fuzz_cursor {
	const uint8_t *p;
	size_t n;
};

int fuzz_next_rec(struct fuzz_cursor *c, struct fuzz_rec *r);

uint64_t fuzz_rng(uint64_t *state);

void fuzz_fix_checksums(uint8_t *frame, size_t len);

const char *fuzz_tmpdir(const char *tag);
int fuzz_write_file(const char *dir, const char *name, const void *data, size_t len);

void fuzz_touch_event(void *ctx, uint64_t now, const struct pxl_event *ev);
void fuzz_touch_str(const char *s);

/** fuzz_sink() - an event sink that reads every string of every event (for ASan) */
static inline struct pxl_event_sink fuzz_sink(void)
{
	return (struct pxl_event_sink){ fuzz_touch_event, NULL };
}

/**
 * FUZZ_ASSERT() - a broken contract: print it and abort (libFuzzer keeps the input)
 * @cond: what must hold
 * @...:  printf message
 */
#define FUZZ_ASSERT(cond, ...) \
	do { \
		if (!(cond)) \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif /* PXL_FUZZ_H */
