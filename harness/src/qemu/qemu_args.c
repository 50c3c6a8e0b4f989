/* qemu_args.c - build a QEMU command line from a client description
 *
 * Firmware, NIC model, ROM and accelerator come from the machine tables
 * (qemu/machines.c); every file the command line needs is checked first,
 * and a missing one names its Debian package.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "qemu/qemu_args.h"

/**
 * pxl_argv_add() - append a formatted argument
 * @a: vector
 * @fmt: printf format
 *
 * Return: 0, -E2BIG or -ENOMEM.
 */
int pxl_argv_add(struct pxl_argv *a, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n;

	if (a->argc >= PXL_QEMU_MAX_ARGS)
		return -E2BIG;
	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -ENOMEM;
	a->argv[a->argc++] = s;
	a->argv[a->argc] = NULL;
	return 0;
}

/** pxl_argv_free() - free every argument of @a */
void pxl_argv_free(struct pxl_argv *a)
{
	int i;

	for (i = 0; i < a->argc; i++)
		free(a->argv[i]);
	a->argc = 0;
	a->argv[0] = NULL;
}

/**
 * pxl_qemu_vars_name() - file name of a client's copy of the variable store
 * @fw: firmware (with a variable store)
 *
 * Return: the template's base name ("OVMF_VARS.fd"), kept in the work folder.
 */
const char *pxl_qemu_vars_name(const struct pxl_firmware *fw)
{
	const char *slash = strrchr(fw->vars.path, '/');

	return slash ? slash + 1 : fw->vars.path;
}

/**
 * pxl_qemu_rom_path() - the option ROM a client's NIC gets
 * @cfg: client
 * @buf: storage
 * @len: its size
 *
 * Return: the path, "" for native PXE (no ROM), or NULL if the NIC has no
 * ROM for the firmware.
 */
const char *pxl_qemu_rom_path(const struct pxl_qemu_config *cfg, char *buf, size_t len)
{
	return pxl_nic_rom_path(cfg->fw, cfg->nic, cfg->pxe, NULL, buf, len) ? NULL : buf;
}

/**
 * check_file() - fail with a message naming the package when a file is missing
 * @cfg:  client
 * @what: what the file is ("the UEFI firmware"), NULL: nothing to check
 * @path: the file
 * @pkg:  Debian package that provides it
 * @err, @errlen: message buffer
 *
 * Return: 0 or -ENOENT.
 */
static int check_file(const struct pxl_qemu_config *cfg, const char *what, const char *path,
		      const char *pkg, char *err, size_t errlen)
{
	if (!what || access(path, R_OK) == 0)
		return 0;
	snprintf(err, errlen, "client %s needs %s %s: %s; install the Debian package '%s' (make deps)",
		 cfg->name, what, path, strerror(errno), pkg);
	return -ENOENT;
}

/**
 * check_netboot() - refuse a firmware, NIC and PXE mode that cannot netboot
 * @cfg: client (enum values in range, NIC set)
 * @err, @errlen: message buffer
 *
 * Return: 0 or -EINVAL with the reason and the mode that would work.
 */
static int check_netboot(const struct pxl_qemu_config *cfg, char *err, size_t errlen)
{
	char why[160];
	int alt;

	if (!pxl_netboot_refusal(cfg->fw, cfg->nic, cfg->pxe, why, sizeof(why)))
		return 0;
	alt = pxl_netboot_mode(cfg->fw, cfg->nic);
	snprintf(err, errlen, "client %s: nic %s cannot netboot under %s with pxe %s (%s); %s%s%s",
		 cfg->name, cfg->nic->name, pxl_firmwares[cfg->fw].name,
		 pxl_pxe_modes[cfg->pxe].name, why, alt < 0 ? "no PXE mode can" : "pxe ",
		 alt < 0 ? "" : pxl_pxe_modes[alt].name, alt < 0 ? "" : " can");
	return -EINVAL;
}

/**
 * check_accel() - the accelerator's device node must be usable
 * @cfg: client
 * @err, @errlen: message buffer
 *
 * Return: 0 or -ENOENT.
 */
static int check_accel(const struct pxl_qemu_config *cfg, char *err, size_t errlen)
{
	const char *dev = pxl_accels[cfg->accel].device;

	if (!dev || access(dev, R_OK | W_OK) == 0)
		return 0;
	snprintf(err, errlen, "client %s: accel %s asked for, but %s is not usable: %s",
		 cfg->name, pxl_accels[cfg->accel].name, dev, strerror(errno));
	return -ENOENT;
}

/**
 * pxl_qemu_check() - validate a client description and the files it needs
 * @cfg: client
 * @err, @errlen: message buffer
 *
 * Return: 0 or -EINVAL/-ENOENT with a message.
 */
int pxl_qemu_check(const struct pxl_qemu_config *cfg, char *err, size_t errlen)
{
	const struct pxl_firmware *fw;
	char rom[256], what[64];
	int rc;

	if ((unsigned)cfg->fw >= PXL_FW_COUNT || (unsigned)cfg->pxe >= PXL_PXE_COUNT ||
	    (unsigned)cfg->accel >= PXL_ACCEL_COUNT || !cfg->nic) {
		snprintf(err, errlen, "client %s: no firmware, PXE mode, accelerator or NIC model of that number",
			 cfg->name);
		return -EINVAL;
	}
	fw = &pxl_firmwares[cfg->fw];
	rc = check_netboot(cfg, err, errlen);
	if (!rc)
		rc = check_file(cfg, fw->code.what, fw->code.path, fw->pkg, err, errlen);
	if (!rc)
		rc = check_file(cfg, fw->vars.what, fw->vars.path, fw->pkg, err, errlen);
	snprintf(what, sizeof(what), "the %s NIC ROM", cfg->nic->name);
	if (!rc && pxl_qemu_rom_path(cfg, rom, sizeof(rom)) && rom[0])
		rc = check_file(cfg, what, rom, PXL_ROM_PKG, err, errlen);
	return rc ? rc : check_accel(cfg, err, errlen);
}

/**
 * add_firmware_args() - firmware-specific arguments
 * @cfg: client
 * @a: vector
 *
 * SeaBIOS (sercon): its serial console via the binary etc/sercon-port file,
 * so iPXE's text reaches the serial log.  OVMF (pflash): code read-only and
 * a fresh copy of the variable store in the work folder.
 * Return: 0 or -errno.
 */
static int add_firmware_args(const struct pxl_qemu_config *cfg, struct pxl_argv *a)
{
	const struct pxl_firmware *fw = &pxl_firmwares[cfg->fw];
	int rc = 0;

	rc |= pxl_argv_add(a, "-machine");
	rc |= pxl_argv_add(a, "%s", fw->machine);
	if (fw->sercon) {
		rc |= pxl_argv_add(a, "-fw_cfg");
		rc |= pxl_argv_add(a, "name=etc/sercon-port,file=%s/sercon.bin", cfg->workdir);
	}
	if (fw->pflash && cfg->pxe6_first && !cfg->http_boot) {
		/* PXEv4 first costs ~69 s on an IPv6-only LAN (field notes section 3a) */
		rc |= pxl_argv_add(a, "-fw_cfg");
		rc |= pxl_argv_add(a, "name=opt/org.tianocore/IPv4PXESupport,string=n");
	}
	if (fw->pflash && cfg->http_boot) {
		/* OVMF's PXEv4 and PXEv6 options come before HTTPv4 on the same
		 * device path and cost ~70 s each (field notes section 2) */
		rc |= pxl_argv_add(a, "-fw_cfg");
		rc |= pxl_argv_add(a, "name=opt/org.tianocore/IPv4PXESupport,string=n");
		rc |= pxl_argv_add(a, "-fw_cfg");
		rc |= pxl_argv_add(a, "name=opt/org.tianocore/IPv6PXESupport,string=n");
	}
	if (fw->pflash) {
		rc |= pxl_argv_add(a, "-drive");
		rc |= pxl_argv_add(a, "if=pflash,format=raw,unit=0,readonly=on,file=%s", fw->code.path);
		rc |= pxl_argv_add(a, "-drive");
		rc |= pxl_argv_add(a, "if=pflash,format=raw,unit=1,file=%s/%s", cfg->workdir,
				   pxl_qemu_vars_name(fw));
	}
	return rc;
}

/**
 * add_nic_args() - the NIC: its device, flags, MAC and ROM, on the socket netdev
 * @cfg: client
 * @net_fd: the QEMU end of the NIC's socketpair, as numbered in the child
 * @a: vector
 *
 * Return: 0 or -errno.
 */
static int add_nic_args(const struct pxl_qemu_config *cfg, int net_fd, struct pxl_argv *a)
{
	const uint8_t *m = cfg->mac;
	const char *flags = cfg->nic->flags[cfg->fw];
	char rom[256];
	const char *rompath = pxl_qemu_rom_path(cfg, rom, sizeof(rom));
	int rc = 0;

	rc |= pxl_argv_add(a, "-netdev");
	rc |= pxl_argv_add(a, "socket,id=net0,fd=%d", net_fd);
	rc |= pxl_argv_add(a, "-device");
	rc |= pxl_argv_add(a, "%s,%s%snetdev=net0,mac=%02x:%02x:%02x:%02x:%02x:%02x,romfile=%s,bootindex=1",
			   cfg->nic->device, flags ? flags : "", flags ? "," : "",
			   m[0], m[1], m[2], m[3], m[4], m[5], rompath ? rompath : "");
	return rc;
}

/**
 * pxl_qemu_build_args() - the full command line
 * @cfg: client (checked with pxl_qemu_check())
 * @net_fd: the QEMU end of the NIC's socketpair, as numbered in the child
 * @a: out: vector (free with pxl_argv_free())
 * @err, @errlen: message buffer
 *
 * Return: 0 or -errno.
 */
int pxl_qemu_build_args(const struct pxl_qemu_config *cfg, int net_fd, struct pxl_argv *a,
			char *err, size_t errlen)
{
	int rc = 0;

	memset(a, 0, sizeof(*a));
	rc |= pxl_argv_add(a, "%s", cfg->binary ? cfg->binary : "qemu-system-x86_64");
	rc |= pxl_argv_add(a, "-nodefaults");
	rc |= pxl_argv_add(a, "-no-user-config");
	rc |= pxl_argv_add(a, "-display");
	rc |= pxl_argv_add(a, "none");
	rc |= pxl_argv_add(a, "-vga");
	rc |= pxl_argv_add(a, "std");
	rc |= pxl_argv_add(a, "-accel");
	rc |= pxl_argv_add(a, "%s", pxl_accels[cfg->accel].name);
	rc |= pxl_argv_add(a, "-m");
	rc |= pxl_argv_add(a, "%u", cfg->memory_mb ? cfg->memory_mb : pxl_firmwares[cfg->fw].memory_mib);
	rc |= add_firmware_args(cfg, a);
	if (cfg->uuid && cfg->uuid[0]) {
		rc |= pxl_argv_add(a, "-uuid");
		rc |= pxl_argv_add(a, "%s", cfg->uuid);
	}
	rc |= add_nic_args(cfg, net_fd, a);
	rc |= pxl_argv_add(a, "-chardev");
	rc |= pxl_argv_add(a, "stdio,id=con0,signal=off");
	rc |= pxl_argv_add(a, "-serial");
	rc |= pxl_argv_add(a, "chardev:con0");
	rc |= pxl_argv_add(a, "-qmp");
	rc |= pxl_argv_add(a, "unix:%s/qmp.sock,server=on,wait=off", cfg->workdir);
	rc |= pxl_argv_add(a, "-device");
	rc |= pxl_argv_add(a, "isa-debug-exit,iobase=0xf4,iosize=0x04");
	if (cfg->extra_disk) {
		rc |= pxl_argv_add(a, "-drive");
		rc |= pxl_argv_add(a, "file=%s,format=raw,if=ide,snapshot=on", cfg->extra_disk);
	}
	if (rc) {
		snprintf(err, errlen, "client %s: command line too long", cfg->name);
		pxl_argv_free(a);
		return -E2BIG;
	}
	return 0;
}
