/* qemu.h - launch a QEMU client on the segment, capture its console, reap it */
#ifndef PXL_QEMU_H
#define PXL_QEMU_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/loop.h"
#include "net/segment.h"
#include "qemu/machines.h"

/**
 * struct pxl_qemu_config - one client machine
 * @name:       client name ("pc1"), also its segment port name
 * @fw:         firmware (SeaBIOS or OVMF; qemu/machines.h)
 * @nic:        NIC model, a row of pxl_nics[]
 * @pxe:        PXE mode (native: the firmware's own, romfile= empty)
 * @accel:      accelerator
 * @memory_mb:  guest memory in MiB, 0: the firmware's (pxl_firmwares[].memory_mib)
 * @mac:        NIC MAC address
 * @workdir:    existing private folder for the QMP socket, VARS copy, ...
 * @console_log: file the console text is written to (or NULL)
 * @binary:     QEMU binary (default qemu-system-x86_64)
 * @extra_disk: optional local raw disk image attached read-only (snapshot)
 * @http_boot:  OVMF: no PXEv4/PXEv6 boot options (fw_cfg), so UEFI HTTP Boot comes first
 * @pxe6_first: OVMF: no PXEv4 boot option (fw_cfg), so PXE over IPv6 comes first
 * @uuid:       SMBIOS system UUID (-uuid), NULL or "" for QEMU's default
 */
struct pxl_qemu_config {
	const char *name;
	enum pxl_fw fw;
	const struct pxl_nic *nic;
	enum pxl_pxe pxe;
	enum pxl_accel accel;
	unsigned memory_mb;
	uint8_t mac[6];
	const char *workdir;
	const char *console_log;
	const char *binary;
	const char *extra_disk;
	int http_boot;
	int pxe6_first;
	const char *uuid;
};

struct pxl_qemu;

/** pxl_console_fn - new console text arrived (escape sequences removed) */
typedef void (*pxl_console_fn)(void *arg, const char *text, size_t len);
/** pxl_qemu_exit_fn - the QEMU process exited with waitpid() @status */
typedef void (*pxl_qemu_exit_fn)(void *arg, int status);

int pxl_qemu_check(const struct pxl_qemu_config *cfg, char *err, size_t errlen);
struct pxl_qemu *pxl_qemu_start(struct pxl_loop *loop, struct pxl_segment *seg,
				const struct pxl_qemu_config *cfg, pxl_console_fn on_console,
				pxl_qemu_exit_fn on_exit, void *arg, char *err, size_t errlen);
pid_t pxl_qemu_pid(const struct pxl_qemu *q);
int pxl_qemu_port(const struct pxl_qemu *q);
int pxl_qemu_send(struct pxl_qemu *q, const char *bytes, size_t len);
const char *pxl_qemu_console(const struct pxl_qemu *q, size_t *len);
const char *pxl_qemu_stderr(const struct pxl_qemu *q);
int pxl_qemu_exited(const struct pxl_qemu *q, int *status);
int pxl_qemu_screendump(struct pxl_qemu *q, const char *png_path);
void pxl_qemu_stop(struct pxl_qemu *q);
void pxl_qemu_free(struct pxl_qemu *q);

#endif /* PXL_QEMU_H */
