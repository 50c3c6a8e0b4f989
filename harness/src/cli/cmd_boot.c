/* cmd_boot.c - `pxelab boot`: boot one client against libslirp's DHCP/TFTP, wait for a console string */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "core/tempdir.h"
#include "net/slirp_port.h"
#include "qemu/qemu.h"

/**
 * struct boot_opts - what the command line asked for
 */
struct boot_opts {
	struct pxl_qemu_config client;
	const char *tftp_root;
	const char *bootfile;
	const char *expect;
	const char *pcap;
	unsigned timeout_s;
};

/** BOOT_FW - the firmware when --firmware is not given */
#define BOOT_FW PXL_FW_BIOS

/**
 * struct boot_run - state of one boot
 * @o: options
 * @loop, @seg, @slirp, @qemu: the pieces
 * @verdict: text of the outcome
 * @start: monotonic start time
 */
struct boot_run {
	struct boot_opts *o;
	struct pxl_loop *loop;
	struct pxl_segment *seg;
	struct pxl_slirp *slirp;
	struct pxl_qemu *qemu;
	char verdict[4096];
	uint64_t start;
};

/**
 * boot_modes() - the PXE modes that netboot a NIC under a firmware, joined
 * @nic: model
 * @fw:  firmware
 * @buf: out: "native,ipxe-rom", or "-" for none
 * @len: size of @buf (at least 2)
 *
 * Return: @buf.
 */
static const char *boot_modes(const struct pxl_nic *nic, enum pxl_fw fw, char *buf, size_t len)
{
	size_t m, used = 0;

	snprintf(buf, len, "-");
	for (m = 0; m < PXL_PXE_COUNT; m++)
		if (nic->boots[fw] & PXL_BOOTS(m) && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "",
						 pxl_pxe_modes[m].name);
	return buf;
}

/**
 * boot_usage() - print the usage, its value lists and the netboot table
 * @f: stream
 *
 * Every list comes from the machine tables (qemu/machines.c).
 */
static void boot_usage(FILE *f)
{
	char fw[64], nic[256], pxe[64], acc[64], modes[64], mem[64];
	size_t i, k;

	fprintf(f, "usage: pxelab boot --tftp-root DIR --bootfile NAME --expect TEXT [options]\n"
		"Boot one QEMU client against libslirp's built-in DHCP and TFTP and wait\n"
		"until TEXT appears on its serial console.\n"
		"  --firmware %-13s firmware (default %s)\n"
		"  --nic MODEL              %s\n"
		"                           (default %s for bios, %s for uefi)\n"
		"  --pxe %-18s where the PXE stack comes from (default: the\n"
		"                           NIC's first mode in the table below)\n"
		"  --accel %-16s accelerator (default %s)\n"
		"  --memory MB              guest memory (default per firmware: %s)\n"
		"  --timeout SECONDS        give up after this long (default 60)\n"
		"  --pcap PATH              write every frame of the LAN to PATH\n"
		"  --console-log PATH       write the console text to PATH\n"
		"exit status: 0 TEXT seen, 1 not seen (reason printed), 2 bad usage\n"
		"PXE modes that netboot each NIC:\n",
		pxl_machine_list(PXL_MACHINE_FW, "|", fw, sizeof(fw)), pxl_firmwares[BOOT_FW].name,
		pxl_machine_list(PXL_MACHINE_NIC, ", ", nic, sizeof(nic)),
		pxl_firmwares[PXL_FW_BIOS].boot_nic, pxl_firmwares[PXL_FW_UEFI].boot_nic,
		pxl_machine_list(PXL_MACHINE_PXE, "|", pxe, sizeof(pxe)),
		pxl_machine_list(PXL_MACHINE_ACCEL, "|", acc, sizeof(acc)),
		pxl_accels[PXL_ACCEL_TCG].name, pxl_fw_memory_list(mem, sizeof(mem)));
	for (i = 0; i < pxl_nnics; i++) {
		fprintf(f, "  %-12s", pxl_nics[i].name);
		for (k = 0; k < PXL_FW_COUNT; k++)
			fprintf(f, " %s: %-*s", pxl_firmwares[k].name, k + 1 < PXL_FW_COUNT ? 17 : 0,
				boot_modes(&pxl_nics[i], (enum pxl_fw)k, modes, sizeof(modes)));
		fputc('\n', f);
	}
}

/**
 * boot_machine() - resolve --firmware, --nic, --pxe and --accel, with defaults
 * @o:   options (client filled in here)
 * @arg: the values given, NULL where absent: firmware, nic, pxe, accel
 *
 * Defaults: BOOT_FW; the firmware's boot_nic; the PXE mode
 * pxl_netboot_mode() picks for the NIC (the firmware's default where it
 * netboots); tcg.
 * Return: 0 or PXL_EXIT_USAGE after printing why.
 */
static int boot_machine(struct boot_opts *o, const char *const arg[4])
{
	int fw = BOOT_FW, nic = 0, pxe, acc = PXL_ACCEL_TCG, rc = 0;

	if (arg[0])
		rc = pxl_cli_machine_opt("boot", "firmware", PXL_MACHINE_FW, arg[0], &fw);
	if (rc)
		return rc;
	rc = pxl_cli_machine_opt("boot", "nic", PXL_MACHINE_NIC, arg[1] ? arg[1] : pxl_firmwares[fw].boot_nic, &nic);
	pxe = rc ? -1 : pxl_netboot_mode((enum pxl_fw)fw, &pxl_nics[nic]);
	if (pxe < 0)
		pxe = (int)pxl_firmwares[fw].default_pxe;
	if (!rc && arg[2])
		rc = pxl_cli_machine_opt("boot", "pxe", PXL_MACHINE_PXE, arg[2], &pxe);
	if (!rc && arg[3])
		rc = pxl_cli_machine_opt("boot", "accel", PXL_MACHINE_ACCEL, arg[3], &acc);
	if (rc)
		return rc;
	o->client.fw = (enum pxl_fw)fw;
	o->client.nic = &pxl_nics[nic];
	o->client.pxe = (enum pxl_pxe)pxe;
	o->client.accel = (enum pxl_accel)acc;
	return 0;
}

/**
 * boot_parse() - parse the command line
 * @argc, @argv: arguments after "boot"
 * @o: out
 *
 * Return: 0, or PXL_EXIT_USAGE after printing why.
 */
static int boot_parse(int argc, char **argv, struct boot_opts *o)
{
	static const struct option lo[] = {
		{ "firmware", 1, NULL, 'f' }, { "nic", 1, NULL, 'n' }, { "pxe", 1, NULL, 'p' },
		{ "accel", 1, NULL, 'a' }, { "memory", 1, NULL, 'm' }, { "timeout", 1, NULL, 't' },
		{ "pcap", 1, NULL, 'c' }, { "console-log", 1, NULL, 'l' }, { "tftp-root", 1, NULL, 'r' },
		{ "bootfile", 1, NULL, 'b' }, { "expect", 1, NULL, 'e' }, { "help", 0, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *machine[4] = { NULL };
	int c;

	memset(o, 0, sizeof(*o));
	o->client.name = "pc1";
	o->timeout_s = 60;
	memcpy(o->client.mac, "\x52\x54\x00\x12\x34\x56", 6);
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", lo, NULL)) != -1) {
		switch (c) {
		case 'f': machine[0] = optarg; break;
		case 'n': machine[1] = optarg; break;
		case 'p': machine[2] = optarg; break;
		case 'a': machine[3] = optarg; break;
		case 'm': o->client.memory_mb = (unsigned)strtoul(optarg, NULL, 10); break;
		case 't': o->timeout_s = (unsigned)strtoul(optarg, NULL, 10); break;
		case 'c': o->pcap = optarg; break;
		case 'l': o->client.console_log = optarg; break;
		case 'r': o->tftp_root = optarg; break;
		case 'b': o->bootfile = optarg; break;
		case 'e': o->expect = optarg; break;
		case 'h': boot_usage(stdout); exit(0);
		default: boot_usage(stderr); return PXL_EXIT_USAGE;
		}
	}
	if (optind < argc || !o->tftp_root || !o->bootfile || !o->expect || !o->timeout_s) {
		fprintf(stderr, "pxelab boot: %s\n",
			optind < argc ? "unexpected argument" :
			"--tftp-root, --bootfile, --expect and a non-zero --timeout are required");
		boot_usage(stderr);
		return PXL_EXIT_USAGE;
	}
	return boot_machine(o, machine);
}

/**
 * boot_check_inputs() - fail before QEMU starts if a file is missing
 * @o: options
 *
 * Return: 0 or PXL_EXIT_USAGE after printing why.
 */
static int boot_check_inputs(const struct boot_opts *o)
{
	char path[4096], err[512];
	struct stat st;

	if (stat(o->tftp_root, &st) || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "pxelab boot: --tftp-root %s is not a folder\n", o->tftp_root);
		return PXL_EXIT_USAGE;
	}
	snprintf(path, sizeof(path), "%s/%s", o->tftp_root, o->bootfile);
	if (access(path, R_OK)) {
		fprintf(stderr, "pxelab boot: --bootfile %s is not readable in %s: %s\n",
			o->bootfile, o->tftp_root, strerror(errno));
		return PXL_EXIT_USAGE;
	}
	if (pxl_qemu_check(&o->client, err, sizeof(err))) {
		fprintf(stderr, "pxelab boot: %s\n", err);
		return PXL_EXIT_USAGE;
	}
	return 0;
}

/** boot_on_console() - stop with success once the expected text is on the console */
static void boot_on_console(void *arg, const char *text, size_t len)
{
	struct boot_run *r = arg;

	if (strstr(pxl_qemu_console(r->qemu, NULL), r->o->expect)) {
		snprintf(r->verdict, sizeof(r->verdict), "'%s' seen on the console after %.2f s",
			 r->o->expect, (double)(pxl_now_ns() - r->start) / 1e9);
		pxl_loop_stop(r->loop, PXL_EXIT_OK);
	}
}

/** boot_on_exit() - QEMU exited before the text appeared */
static void boot_on_exit(void *arg, int status)
{
	struct boot_run *r = arg;

	if (pxl_loop_stopped(r->loop))
		return;
	snprintf(r->verdict, sizeof(r->verdict),
		 "QEMU exited (%s %d) before '%s' appeared on the console; QEMU said:\n%s",
		 WIFEXITED(status) ? "status" : "signal",
		 WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status), r->o->expect,
		 pxl_qemu_stderr(r->qemu)[0] ? pxl_qemu_stderr(r->qemu) : "(nothing on stderr)");
	pxl_loop_stop(r->loop, PXL_EXIT_FAIL);
}

/** boot_on_timeout() - the deadline passed */
static void boot_on_timeout(void *arg)
{
	struct boot_run *r = arg;

	snprintf(r->verdict, sizeof(r->verdict), "timed out after %u s waiting for '%s' on the console",
		 r->o->timeout_s, r->o->expect);
	pxl_loop_stop(r->loop, PXL_EXIT_FAIL);
}

/**
 * boot_console_tail() - print the last lines of the console (where it is stuck)
 * @q: client
 * @lines: how many
 */
static void boot_console_tail(const struct pxl_qemu *q, int lines)
{
	size_t len;
	const char *con = pxl_qemu_console(q, &len);
	const char *p = con + len;

	while (p > con && lines > 0)
		if (*--p == '\n' && p + 1 < con + len)
			lines--;
	fprintf(stderr, "--- last console lines ---\n%s\n--------------------------\n",
		*p == '\n' ? p + 1 : p);
}

/**
 * boot_setup() - loop, segment, pcap, libslirp with its DHCP and TFTP on
 * @r: run
 *
 * Return: 0 or PXL_EXIT_FAIL after printing why.
 */
static int boot_setup(struct boot_run *r)
{
	struct pxl_slirp_config sc;
	int rc;

	r->loop = pxl_loop_new();
	r->seg = pxl_segment_new();
	if (!r->loop || !r->seg || pxl_loop_catch_signals(r->loop)) {
		fprintf(stderr, "pxelab boot: cannot set up the event loop\n");
		return PXL_EXIT_FAIL;
	}
	if (r->o->pcap && (rc = pxl_segment_open_pcap(r->seg, r->o->pcap, 0))) {
		fprintf(stderr, "pxelab boot: --pcap %s: %s\n", r->o->pcap, strerror(-rc));
		return PXL_EXIT_USAGE;
	}
	pxl_slirp_config_default(&sc);
	sc.builtin_dhcp = 1;
	sc.tftp_path = r->o->tftp_root;
	sc.bootfile = r->o->bootfile;
	r->slirp = pxl_slirp_new(r->loop, r->seg, &sc, &rc);
	if (!r->slirp) {
		fprintf(stderr, "pxelab boot: cannot start libslirp: %s\n", strerror(-rc));
		return PXL_EXIT_FAIL;
	}
	return 0;
}

/**
 * boot_go() - start QEMU and run the loop until a verdict
 * @r: run (set up)
 * @workdir: private folder for the client
 *
 * Return: exit status.
 */
static int boot_go(struct boot_run *r, const char *workdir)
{
	char err[1024];
	struct pxl_timer *t;
	int code;

	r->o->client.workdir = workdir;
	r->start = pxl_now_ns();
	r->qemu = pxl_qemu_start(r->loop, r->seg, &r->o->client, boot_on_console, boot_on_exit,
				 r, err, sizeof(err));
	if (!r->qemu) {
		fprintf(stderr, "pxelab boot: %s\n", err);
		return PXL_EXIT_FAIL;
	}
	t = pxl_timer_new(r->loop, boot_on_timeout, r);
	pxl_timer_arm(t, r->start + (uint64_t)r->o->timeout_s * 1000000000ULL);
	code = pxl_loop_run(r->loop);
	if (pxl_loop_signal(r->loop))
		snprintf(r->verdict, sizeof(r->verdict), "interrupted by signal %d", pxl_loop_signal(r->loop));
	pxl_timer_free(t);
	return code < 0 ? PXL_EXIT_FAIL : code;
}

/**
 * boot_teardown() - stop QEMU, flush the pcap, free everything
 * @r: run
 */
static void boot_teardown(struct boot_run *r)
{
	if (r->qemu)
		pxl_qemu_stop(r->qemu);
	pxl_qemu_free(r->qemu);
	pxl_slirp_free(r->slirp);
	pxl_segment_free(r->seg);
	pxl_loop_free(r->loop);
}

/**
 * pxl_cmd_boot() - `pxelab boot`
 * @argc, @argv: arguments after the command name
 *
 * Return: 0 when the text appeared, 1 when not (reason printed), 2 on bad
 * usage, 128+N when interrupted by signal N.
 */
int pxl_cmd_boot(int argc, char **argv)
{
	struct boot_opts o;
	struct boot_run r = { .o = &o };
	char workdir[512] = "";
	int code;

	code = boot_parse(argc, argv, &o);
	if (code || (code = boot_check_inputs(&o)))
		return code;
	if (pxl_tempdir_make(workdir, sizeof(workdir), "boot")) {
		fprintf(stderr, "pxelab boot: cannot create a temporary folder: %s\n", strerror(errno));
		return PXL_EXIT_FAIL;
	}
	code = boot_setup(&r);
	if (!code)
		code = boot_go(&r, workdir);
	if (code && r.qemu)
		boot_console_tail(r.qemu, 12);
	boot_teardown(&r);
	pxl_tempdir_remove(workdir);
	if (r.verdict[0])
		fprintf(code ? stderr : stdout, "pxelab boot: %s: %s\n", code ? "FAIL" : "PASS", r.verdict);
	return code;
}
