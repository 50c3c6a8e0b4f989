/* fault.c - seeded, reproducible link faults on one direction of one segment port (semantics in fault.h)
 *
 * Frames that leave at once take no copy.  Frames that wait (delay, jitter,
 * reorder) are copied into a queue sorted by departure time; held frames
 * move, once due, to a FIFO they leave as soon as another frame has left,
 * or when their hold expires.  One loop timer is armed at the earliest of
 * those times.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/fault.h"
#include "net/packet.h"

/** FAULT_MAX_DELAY_NS - delay + jitter above this is refused (a minute) */
#define FAULT_MAX_DELAY_NS (60ULL * 1000000000ULL)

/**
 * struct fault_frame - a frame waiting to leave
 * @due:        when it may leave
 * @seq:        arrival order (ties on @due leave in arrival order)
 * @held:       reordered: it waits, once due, for another frame to overtake it
 * @hold_until: latest release of a held frame that is due
 * @len:        length of @data
 * @data:       the frame
 */
struct fault_frame {
	uint64_t due;
	uint64_t seq;
	int held;
	uint64_t hold_until;
	size_t len;
	uint8_t data[];
};

/**
 * struct pxl_fault - one direction of one port
 * @spec:      what to do
 * @loop:      event loop for the timer (NULL: frames wait until pxl_fault_flush())
 * @timer:     fires at the next departure or hold expiry
 * @out, @arg: where frames go
 * @rng:       PRNG state (splitmix64)
 * @seq:       frames offered so far
 * @q, @nq:    waiting for their departure time, sorted by (due, seq)
 * @held, @nheld: due and held back, oldest first
 * @scratch, @scratch_cap: buffer for a corrupted frame that leaves at once
 * @running:   frames are leaving (the output may re-enter the fault)
 * @st:        counters
 */
struct pxl_fault {
	struct pxl_fault_spec spec;
	struct pxl_loop *loop;
	struct pxl_timer *timer;
	pxl_fault_out_fn out;
	void *arg;
	uint64_t rng;
	uint64_t seq;
	struct fault_frame **q;
	size_t nq;
	struct fault_frame **held;
	size_t nheld;
	uint8_t *scratch;
	size_t scratch_cap;
	int running;
	struct pxl_fault_stats st;
};

/**
 * fault_rand() - next 64 random bits (splitmix64: small, fast, well mixed)
 * @state: PRNG state
 *
 * Return: the random value.
 */
static uint64_t fault_rand(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/**
 * pxl_fault_seed_mix() - derive an independent seed (one per port and direction)
 * @seed: the scenario's seed
 * @salt: what to tell streams apart by
 *
 * Return: the derived seed.
 */
uint64_t pxl_fault_seed_mix(uint64_t seed, uint64_t salt)
{
	uint64_t s = seed ^ (salt * 0xd1b54a32d192ed03ULL);

	return fault_rand(&s);
}

/** fault_hit() - Return: 1 with probability @ppm / 10^6 for the random @r */
static int fault_hit(uint64_t r, uint32_t ppm)
{
	return ppm && (r >> 11) % PXL_FAULT_PPM < ppm;
}

/** sat_add() - Return: @a + @b, saturating at UINT64_MAX */
static uint64_t sat_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/**
 * pxl_fault_spec_check() - refuse impossible settings with a message
 * @spec: settings
 * @err: out: what is wrong
 * @errlen: its size
 *
 * Return: 0 or -EINVAL.
 */
int pxl_fault_spec_check(const struct pxl_fault_spec *spec, char *err, size_t errlen)
{
	static const char *const names[] = { "loss", "dup", "reorder", "corrupt" };
	const uint32_t p[] = { spec->loss, spec->dup, spec->reorder, spec->corrupt };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(p); i++) {
		if (p[i] > PXL_FAULT_PPM) {
			snprintf(err, errlen, "fault %s %.4f%% is above 100%%", names[i], p[i] / 1e4);
			return -EINVAL;
		}
	}
	if (spec->loss == PXL_FAULT_PPM) {
		snprintf(err, errlen, "fault loss 100%% would cut the link: nothing could pass");
		return -EINVAL;
	}
	if (spec->delay > FAULT_MAX_DELAY_NS || spec->jitter > FAULT_MAX_DELAY_NS - spec->delay) {
		snprintf(err, errlen, "fault delay + jitter above %llu s",
			 (unsigned long long)(FAULT_MAX_DELAY_NS / 1000000000ULL));
		return -EINVAL;
	}
	return 0;
}

/** pxl_fault_spec_needs_loop() - Return: 1 if frames may wait (delay, jitter, reorder) */
int pxl_fault_spec_needs_loop(const struct pxl_fault_spec *spec)
{
	return spec->delay || spec->jitter || spec->reorder;
}

/**
 * pxl_fault_spec_format() - "loss 10% dup 2% reorder 5% seed 7" (zero settings left out)
 * @spec: settings
 * @buf: out
 * @len: its size
 *
 * Return: characters written (as snprintf, bounded by @len).
 */
int pxl_fault_spec_format(const struct pxl_fault_spec *spec, char *buf, size_t len)
{
	static const char *const names[] = { "loss", "dup", "reorder", "corrupt" };
	const uint32_t p[] = { spec->loss, spec->dup, spec->reorder, spec->corrupt };
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(p) && n < len; i++)
		if (p[i])
			n += (size_t)snprintf(buf + n, len - n, "%s %g%% ", names[i], p[i] / 1e4);
	if (spec->delay && n < len)
		n += (size_t)snprintf(buf + n, len - n, "delay %gms ", (double)spec->delay / 1e6);
	if (spec->jitter && n < len)
		n += (size_t)snprintf(buf + n, len - n, "jitter %gms ", (double)spec->jitter / 1e6);
	if (n < len)
		n += (size_t)snprintf(buf + n, len - n, "seed %llu", (unsigned long long)spec->seed);
	return (int)(n < len ? n : len - 1);
}

/** fault_timer_cb() - the earliest waiting frame may leave now */
static void fault_timer_cb(void *arg)
{
	pxl_fault_flush(arg, pxl_now_ns());
}

/**
 * pxl_fault_new() - a fault for one direction of one port
 * @spec: settings (copied; pxl_fault_spec_check() must accept them)
 * @loop: event loop for delays (NULL: waiting frames leave only through
 *        pxl_fault_flush(), which unit tests drive with their own clock)
 * @out:  where frames go
 * @arg:  its argument
 *
 * Return: the fault, or NULL (out of memory or bad settings).
 */
struct pxl_fault *pxl_fault_new(const struct pxl_fault_spec *spec, struct pxl_loop *loop,
				pxl_fault_out_fn out, void *arg)
{
	struct pxl_fault *f;
	char err[128];

	if (!spec || !out || pxl_fault_spec_check(spec, err, sizeof(err)))
		return NULL;
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->spec = *spec;
	f->loop = loop;
	f->out = out;
	f->arg = arg;
	f->rng = spec->seed;
	f->q = calloc(PXL_FAULT_MAX_QUEUE, sizeof(*f->q));
	f->held = calloc(PXL_FAULT_MAX_QUEUE, sizeof(*f->held));
	if (loop)
		f->timer = pxl_timer_new(loop, fault_timer_cb, f);
	if (!f->q || !f->held || (loop && !f->timer)) {
		pxl_fault_free(f);
		return NULL;
	}
	return f;
}

/**
 * fault_emit() - a frame leaves
 * @f: fault
 * @data: bytes
 * @len: length
 */
static void fault_emit(struct pxl_fault *f, const uint8_t *data, size_t len)
{
	f->st.delivered++;
	f->out(f->arg, data, len);
}

/**
 * fault_enqueue() - copy a frame into the departure queue
 * @f: fault
 * @data, @len: frame
 * @due: departure time
 * @held: reordered
 *
 * Return: 0, or -ENOBUFS (queue full or out of memory: the frame is dropped).
 */
static int fault_enqueue(struct pxl_fault *f, const uint8_t *data, size_t len, uint64_t due, int held)
{
	struct fault_frame *fr;
	size_t i;

	if (f->nq + f->nheld >= PXL_FAULT_MAX_QUEUE || !(fr = malloc(sizeof(*fr) + len))) {
		f->st.overflow++;
		return -ENOBUFS;
	}
	fr->due = due;
	fr->seq = f->seq;
	fr->held = held;
	fr->hold_until = 0;
	fr->len = len;
	memcpy(fr->data, data, len);
	for (i = f->nq; i > 0 && f->q[i - 1]->due > due; i--)
		f->q[i] = f->q[i - 1];
	f->q[i] = fr;
	f->nq++;
	f->st.delayed++;
	return 0;
}

/**
 * fault_release_held() - every held frame leaves (another frame just overtook them)
 * @f: fault
 * @expired_only: only those whose hold ran out by @now
 * @now: clock
 */
static void fault_release_held(struct pxl_fault *f, int expired_only, uint64_t now)
{
	while (f->nheld && (!expired_only || f->held[0]->hold_until <= now)) {
		struct fault_frame *fr = f->held[0];

		memmove(f->held, f->held + 1, --f->nheld * sizeof(*f->held));
		fault_emit(f, fr->data, fr->len);
		free(fr);
	}
}

/**
 * fault_rearm() - arm the timer at the next departure or hold expiry
 * @f: fault
 */
static void fault_rearm(struct pxl_fault *f)
{
	uint64_t next = UINT64_MAX;

	if (!f->timer)
		return;
	if (f->nq)
		next = f->q[0]->due;
	if (f->nheld && f->held[0]->hold_until < next)
		next = f->held[0]->hold_until;
	if (next == UINT64_MAX)
		pxl_timer_disarm(f->timer);
	else
		pxl_timer_arm(f->timer, next);
}

/**
 * pxl_fault_flush() - let every frame due by @now leave, in order
 * @f: fault
 * @now_ns: the clock (monotonic ns; UINT64_MAX: everything leaves)
 */
void pxl_fault_flush(struct pxl_fault *f, uint64_t now_ns)
{
	if (f->running)
		return;
	f->running = 1;
	while (f->nq && f->q[0]->due <= now_ns) {
		struct fault_frame *fr = f->q[0];

		memmove(f->q, f->q + 1, --f->nq * sizeof(*f->q));
		if (fr->held && f->nheld < PXL_FAULT_MAX_QUEUE) {
			fr->hold_until = sat_add(now_ns, PXL_FAULT_HOLD_NS);
			f->held[f->nheld++] = fr;
			continue;
		}
		fault_emit(f, fr->data, fr->len);
		free(fr);
		fault_release_held(f, 0, now_ns);
	}
	fault_release_held(f, now_ns != UINT64_MAX, now_ns);
	f->running = 0;
	fault_rearm(f);
}

/**
 * fault_corrupt() - copy a frame into the scratch buffer and flip one byte
 * @f: fault
 * @frame, @len: the frame
 * @r: random bits choosing the byte and the XOR value
 *
 * Return: the corrupted copy, or NULL (out of memory).
 */
static const uint8_t *fault_corrupt(struct pxl_fault *f, const uint8_t *frame, size_t len, uint64_t r)
{
	size_t lo = len > PXL_ETH_HLEN ? PXL_ETH_HLEN : 0;

	if (len > f->scratch_cap) {
		uint8_t *n = realloc(f->scratch, len);

		if (!n)
			return NULL;
		f->scratch = n;
		f->scratch_cap = len;
	}
	memcpy(f->scratch, frame, len);
	f->scratch[lo + (size_t)(r % (len - lo))] ^= (uint8_t)(1 + (r >> 40) % 255);
	return f->scratch;
}

/**
 * pxl_fault_input_at() - offer a frame, with the caller's clock
 * @f: fault
 * @frame: bytes (not kept after return)
 * @len: length
 * @now: monotonic ns (pxl_fault_input() passes pxl_now_ns(); unit tests
 *       without a loop pass their own clock and drive pxl_fault_flush())
 */
void pxl_fault_input_at(struct pxl_fault *f, const uint8_t *frame, size_t len, uint64_t now)
{
	const struct pxl_fault_spec *s = &f->spec;
	uint64_t r_loss = fault_rand(&f->rng), r_corrupt = fault_rand(&f->rng);
	uint64_t r_dup = fault_rand(&f->rng), r_reorder = fault_rand(&f->rng);
	uint64_t r_jitter = fault_rand(&f->rng), r_byte = fault_rand(&f->rng);
	uint64_t due = now + s->delay + (s->jitter ? r_jitter % s->jitter : 0);
	int copies = 1, held = fault_hit(r_reorder, s->reorder), i;

	f->seq++;
	f->st.frames++;
	if (fault_hit(r_loss, s->loss)) {
		f->st.lost++;
		return;
	}
	if (len && fault_hit(r_corrupt, s->corrupt)) {
		frame = fault_corrupt(f, frame, len, r_byte);
		if (!frame) {
			f->st.overflow++;
			return;
		}
		f->st.corrupted++;
	}
	if (fault_hit(r_dup, s->dup)) {
		copies = 2;
		f->st.duplicated++;
	}
	f->st.reordered += held;
	if (!held && due <= now && !f->nq && !f->nheld && !f->running) {
		for (i = 0; i < copies; i++)
			fault_emit(f, frame, len);
		return;
	}
	for (i = 0; i < copies; i++)
		if (fault_enqueue(f, frame, len, due, held))
			break;
	pxl_fault_flush(f, now);
}

/**
 * pxl_fault_input() - offer a frame: it leaves now, later, twice, damaged or never
 * @f: fault
 * @frame: bytes (copied if it has to wait)
 * @len: length
 */
void pxl_fault_input(struct pxl_fault *f, const uint8_t *frame, size_t len)
{
	pxl_fault_input_at(f, frame, len, pxl_now_ns());
}

/**
 * pxl_fault_reset() - drop every waiting frame (its port is going away)
 * @f: fault (may be NULL)
 */
void pxl_fault_reset(struct pxl_fault *f)
{
	size_t i;

	if (!f)
		return;
	for (i = 0; i < f->nq; i++)
		free(f->q[i]);
	for (i = 0; i < f->nheld; i++)
		free(f->held[i]);
	f->st.discarded += f->nq + f->nheld;
	f->nq = 0;
	f->nheld = 0;
	if (f->timer)
		pxl_timer_disarm(f->timer);
}

/** pxl_fault_queued() - Return: frames waiting to leave */
size_t pxl_fault_queued(const struct pxl_fault *f)
{
	return f->nq + f->nheld;
}

/** pxl_fault_get_stats() - copy the counters into @st */
void pxl_fault_get_stats(const struct pxl_fault *f, struct pxl_fault_stats *st)
{
	*st = f->st;
}

/** pxl_fault_spec() - Return: the settings of @f */
const struct pxl_fault_spec *pxl_fault_spec(const struct pxl_fault *f)
{
	return &f->spec;
}

/**
 * pxl_fault_free() - drop waiting frames and free the fault
 * @f: fault (may be NULL)
 */
void pxl_fault_free(struct pxl_fault *f)
{
	if (!f)
		return;
	if (f->q && f->held)
		pxl_fault_reset(f);
	pxl_timer_free(f->timer);
	free(f->q);
	free(f->held);
	free(f->scratch);
	free(f);
}
