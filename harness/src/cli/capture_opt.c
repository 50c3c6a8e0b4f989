/* capture_opt.c - `--capture full|headers[:SNAP]|off`, one parser and one message for `run` and `storm` */
#include <stdio.h>

#include "cli/cli.h"
#include "engine/engine.h"
#include "net/pcap_write.h"

/**
 * pxl_cli_capture_opt() - the --capture argument into a run's options
 * @cmd: command name for the message ("run", "storm")
 * @arg: the value given
 * @run: out: no_capture and capture_snap
 *
 * `full` keeps whole frames, `headers` the first 128 bytes of each (Ethernet,
 * IP, UDP/TCP and the protocol's header), `headers:SNAP` the first SNAP
 * bytes (64 to 262144), `off` writes no capture.pcap.
 * Return: 0, or PXL_EXIT_USAGE after saying what is expected.
 */
int pxl_cli_capture_opt(const char *cmd, const char *arg, struct pxl_run_opts *run)
{
	uint32_t snap;

	if (pxl_pcap_parse_mode(arg, &snap)) {
		fprintf(stderr, "pxelab %s: --capture %s: expected full, off, headers or headers:SNAP (SNAP %u to %u bytes)\n",
			cmd, arg, PXL_PCAP_SNAP_MIN, PXL_PCAP_SNAP_FULL);
		return PXL_EXIT_USAGE;
	}
	run->no_capture = snap == 0;
	run->capture_snap = snap == PXL_PCAP_SNAP_FULL ? 0 : snap;
	return 0;
}
