/* engine.h - run one scenario: build the LAN, boot the clients, judge the stages */
#ifndef PXL_ENGINE_H
#define PXL_ENGINE_H

#include <stddef.h>
#include <stdint.h>

#include "engine/faults.h"
#include "lang/scenario.h"
#include "wire/wire.h"

struct pxl_peer_opts;

/** enum pxl_stage_state - verdict of one stage for one client */
enum pxl_stage_state {
	PXL_STAGE_PENDING,
	PXL_STAGE_PASS,
	PXL_STAGE_FAIL,
	PXL_STAGE_SKIPPED, /* an earlier stage failed */
};

/**
 * struct pxl_stage_result - one stage of one client
 * @state:    verdict
 * @start:    when the stage began (previous stage's end, or boot), ns since run start
 * @end:      when its last expectation was met (or it failed), ns since run start
 * @first:    first relevant observation (the earliest one that met an expectation)
 * @message:  failure diagnosis (malloc'ed) or NULL
 * @marks:    summaries of the observations that met each expectation (malloc'ed, '\n'-joined)
 */
struct pxl_stage_result {
	enum pxl_stage_state state;
	uint64_t start;
	uint64_t end;
	uint64_t first;
	char *message;
	char *marks;
};

/**
 * struct pxl_metric - one named figure
 * @name:  "dhcp1.discover-offer-ms", "tftp.snponly.efi.bytes", ... (malloc'ed:
 *         a TFTP file name may be long, and a cut name is a wrong name)
 * @value: the figure
 * @unit:  "ms", "bytes", "B/s", "s"
 */
struct pxl_metric {
	char *name;
	double value;
	const char *unit;
};

#define PXL_MAX_METRICS 64

/** PXL_MAX_SEEN - observations kept per client for the HTML report (more are counted) */
#define PXL_MAX_SEEN 2000

/** enum pxl_seen_kind - where a kept observation came from */
enum pxl_seen_kind {
	PXL_SEEN_WIRE,    /* a decoded DHCP/TFTP/iSCSI observation */
	PXL_SEEN_CONSOLE, /* one console line */
};

/**
 * struct pxl_seen - one observation of one client, kept for reports (timeline, packet tables)
 * @t:     when, ns since run start
 * @stage: index of the stage whose window holds it, -1 when no judged stage does
 * @kind:  wire or console
 * @label: key mark for the timeline ("DISCOVER", "ACK", "TFTP start", "TFTP end",
 *         "login", "first READ", the console text a stage waited for), or ""
 * @text:  the decoded observation ("dhcp ack mac=... file=snponly.efi ...") or the
 *         console line (malloc'ed)
 */
struct pxl_seen {
	uint64_t t;
	int stage;
	enum pxl_seen_kind kind;
	char label[32];
	char *text;
};

/**
 * struct pxl_client_result - what happened to one client
 * @name:      client name
 * @stages:    one per scenario stage
 * @passed:    every stage passed
 * @console:   console text (malloc'ed)
 * @metrics:   figures measured for this client
 * @nmetrics:  entries used
 * @screenshot: path of the failure screenshot, or ""
 * @qemu_status: how QEMU ended ("exited 33", "stopped by pxelab", ...)
 * @events:    this client's observations in time order (malloc'ed), for reports
 * @nevents:   entries in @events
 * @events_dropped: observations not kept (past PXL_MAX_SEEN)
 */
struct pxl_client_result {
	char name[64];
	struct pxl_stage_result *stages;
	int passed;
	char *console;
	struct pxl_metric metrics[PXL_MAX_METRICS];
	int nmetrics;
	char screenshot[512];
	char qemu_status[64];
	struct pxl_seen *events;
	size_t nevents;
	size_t events_dropped;
};

/**
 * struct pxl_run_result - the outcome of one scenario run
 * @sc:          the scenario
 * @rundir:      reports/<scenario>/<run-id>
 * @run_id:      the run id
 * @clients:     one per scenario client
 * @nclients:    entries
 * @passed:      the run passed (for an xfail scenario: it failed as declared)
 * @xfail_note:  how the declared failure was (or was not) met, or ""
 * @error:       set when the run could not even start (message), else ""
 * @duration:    wall time of the run, ns
 * @cpu_self, @cpu_children: CPU seconds of pxelab and of QEMU
 * @wire:        wire statistics
 * @frames:      frames that crossed the segment
 * @malformed:   malformed frames the segment saw
 * @interrupted: the signal that interrupted the run, or 0
 * @robust:      link faults, malformed and injected frames, TCP attempts,
 *               fixture checks (scenario/robust.h)
 */
struct pxl_run_result {
	const struct scenario *sc;
	char rundir[512];
	char run_id[64];
	struct pxl_client_result *clients;
	size_t nclients;
	int passed;
	char xfail_note[512];
	char error[2048];
	uint64_t duration;
	double cpu_self;
	double cpu_children;
	struct pxl_wire_stats wire;
	uint64_t frames;
	uint64_t malformed;
	int interrupted;
	struct pxl_robust robust;
};

/**
 * struct pxl_run_watch - follows a run as it happens (the terminal progress)
 * @obs:   every observation (wire or console line); @t in ns since the run start
 * @stage: a client's stage passed or failed (@client, @stage are indexes)
 * @tick:  every engine tick (100 ms), for redrawing
 * @arg:   first argument of each
 *
 * Called from the engine's loop, never concurrently.  Any may be NULL.
 */
struct pxl_run_watch {
	void (*obs)(void *arg, const struct pxl_obs *o, uint64_t t);
	void (*stage)(void *arg, size_t client, size_t stage, enum pxl_stage_state state, uint64_t t);
	void (*tick)(void *arg, uint64_t t);
	void *arg;
};

/**
 * struct pxl_run_opts - how to run
 * @reports:  reports folder (default "reports")
 * @accel:    override every client's accelerator ("tcg"/"kvm") or NULL
 * @keep:     keep the run's temporary folder (TFTP root copy, overlays)
 * @verbose:  print each observation as it is made
 * @quiet:    print only the summary
 * @inject:   a hostile guest on the LAN: "hostile" or a pcap file, or NULL
 * @peers:    choices about external servers (peers/peers.h), or NULL
 * @watch:    progress callbacks, or NULL (then -v prints observations itself)
 * @no_capture: write no capture.pcap (a storm's would hold every client's NBP)
 * @capture_snap: bytes of each frame capture.pcap keeps (0: whole frames;
 *                `--capture headers:SNAP`)
 */
struct pxl_run_opts {
	const char *reports;
	const char *accel;
	int keep;
	int verbose;
	int quiet;
	const char *inject;
	const struct pxl_peer_opts *peers;
	const struct pxl_run_watch *watch;
	int no_capture;
	uint32_t capture_snap;
};

int pxl_engine_run(const struct scenario *sc, const struct pxl_run_opts *opts,
		   struct pxl_run_result *res);
void pxl_run_result_free(struct pxl_run_result *res);

#endif /* PXL_ENGINE_H */
