/* qemu_args.c - build a QEMU command line from a client description
 *
 * Firmware, NIC model and ROM come from tables; every file the command line
 * needs is checked first, and a missing one names its Debian package.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "qemu/qemu_args.h"

#define OVMF_CODE "/usr/share/OVMF/OVMF_CODE.fd"
#define OVMF_VARS "/usr/share/OVMF/OVMF_VARS.fd"

/**
 * struct nic_model - a NIC the launcher knows
 * @name: scenario name
 * @device: QEMU -device name
 * @rom: stem of the iPXE ROM in /usr/lib/ipxe/qemu/{pxe,efi}-<rom>.rom
 * @native_uefi: OVMF has its own driver (native PXE possible)
 */
struct nic_model {
	const char *name;
	const char *device;
	const char *rom;
	int native_uefi;
};

static const struct nic_model nic_models[] = {
	{ "e1000", "e1000", "e1000", 0 },
	{ "e1000e", "e1000e", "e1000e", 0 },
	{ "virtio-net", "virtio-net-pci", "virtio", 1 },
	{ "rtl8139", "rtl8139", "rtl8139", 0 },
	{ "pcnet", "pcnet", "pcnet", 0 },
	{ "vmxnet3", "vmxnet3", "vmxnet3", 0 },
};

/** nic_find() - Return: the model named @name, or NULL */
static const struct nic_model *nic_find(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(nic_models); i++)
		if (name && !strcmp(nic_models[i].name, name))
			return &nic_models[i];
	return NULL;
}

/** pxl_qemu_nic_device() - Return: QEMU device for NIC @nic, or NULL */
const char *pxl_qemu_nic_device(const char *nic)
{
	const struct nic_model *m = nic_find(nic);

	return m ? m->device : NULL;
}

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
 * pxl_qemu_rom_path() - the option ROM a client's NIC gets
 * @cfg: client
 * @buf: storage
 * @len: its size
 *
 * Return: the path, "" for UEFI native PXE (no ROM), or NULL for an
 * unknown NIC.
 */
const char *pxl_qemu_rom_path(const struct pxl_qemu_config *cfg, char *buf, size_t len)
{
	const struct nic_model *m = nic_find(cfg->nic);
	int uefi = cfg->firmware && !strcmp(cfg->firmware, "uefi");

	if (!m)
		return NULL;
	if (uefi && cfg->pxe && !strcmp(cfg->pxe, "native"))
		return "";
	snprintf(buf, len, "/usr/lib/ipxe/qemu/%s-%s.rom", uefi ? "efi" : "pxe", m->rom);
	return buf;
}

/**
 * check_file() - fail with a message naming the package when @path is missing
 * @path: file
 * @what: what it is
 * @pkg: Debian package
 * @err, @errlen: message buffer
 *
 * Return: 0 or -ENOENT.
 */
static int check_file(const char *path, const char *what, const char *pkg, char *err, size_t errlen)
{
	if (access(path, R_OK) == 0)
		return 0;
	snprintf(err, errlen, "%s %s is missing: install the Debian package '%s' (make deps)",
		 what, path, pkg);
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
	const struct nic_model *m = nic_find(cfg->nic);
	char rom[256];
	const char *path;
	int uefi;

	if (!cfg->firmware || (strcmp(cfg->firmware, "bios") && strcmp(cfg->firmware, "uefi"))) {
		snprintf(err, errlen, "client %s: firmware '%s' is not bios or uefi", cfg->name,
			 cfg->firmware ? cfg->firmware : "");
		return -EINVAL;
	}
	if (!m) {
		snprintf(err, errlen, "client %s: unknown NIC '%s' (e1000, e1000e, virtio-net, rtl8139, pcnet, vmxnet3)",
			 cfg->name, cfg->nic ? cfg->nic : "");
		return -EINVAL;
	}
	uefi = !strcmp(cfg->firmware, "uefi");
	if (cfg->pxe && strcmp(cfg->pxe, "native") && strcmp(cfg->pxe, "ipxe-rom")) {
		snprintf(err, errlen, "client %s: pxe '%s' is not native or ipxe-rom", cfg->name, cfg->pxe);
		return -EINVAL;
	}
	if (uefi && cfg->pxe && !strcmp(cfg->pxe, "native") && !m->native_uefi) {
		snprintf(err, errlen, "client %s: OVMF has no driver of its own for %s; native PXE needs virtio-net (or use pxe ipxe-rom)",
			 cfg->name, cfg->nic);
		return -EINVAL;
	}
	if (!uefi && cfg->pxe && !strcmp(cfg->pxe, "native")) {
		snprintf(err, errlen, "client %s: SeaBIOS has no PXE of its own: its NIC ROMs are iPXE (use pxe ipxe-rom)",
			 cfg->name);
		return -EINVAL;
	}
	if (uefi && (check_file(OVMF_CODE, "UEFI firmware", "ovmf", err, errlen) ||
		     check_file(OVMF_VARS, "UEFI variable store", "ovmf", err, errlen)))
		return -ENOENT;
	path = pxl_qemu_rom_path(cfg, rom, sizeof(rom));
	if (path && *path && check_file(path, "NIC boot ROM", "ipxe-qemu", err, errlen))
		return -ENOENT;
	if (cfg->accel && strcmp(cfg->accel, "tcg") && strcmp(cfg->accel, "kvm")) {
		snprintf(err, errlen, "client %s: accel '%s' is not tcg or kvm", cfg->name, cfg->accel);
		return -EINVAL;
	}
	if (cfg->accel && !strcmp(cfg->accel, "kvm") && access("/dev/kvm", R_OK | W_OK)) {
		snprintf(err, errlen, "client %s: accel kvm asked for, but /dev/kvm is not usable: %s",
			 cfg->name, strerror(errno));
		return -ENOENT;
	}
	return 0;
}

/**
 * add_firmware_args() - firmware-specific arguments
 * @cfg: client
 * @a: vector
 *
 * BIOS: SeaBIOS's serial console via the binary etc/sercon-port file, so
 * iPXE's text reaches the serial log.  UEFI: OVMF code read-only and a
 * fresh copy of the variable store in the work folder.
 * Return: 0 or -errno.
 */
static int add_firmware_args(const struct pxl_qemu_config *cfg, struct pxl_argv *a)
{
	int rc = 0;

	if (!strcmp(cfg->firmware, "bios")) {
		rc |= pxl_argv_add(a, "-machine");
		rc |= pxl_argv_add(a, "pc");
		rc |= pxl_argv_add(a, "-fw_cfg");
		rc |= pxl_argv_add(a, "name=etc/sercon-port,file=%s/sercon.bin", cfg->workdir);
		return rc;
	}
	rc |= pxl_argv_add(a, "-machine");
	rc |= pxl_argv_add(a, "q35");
	rc |= pxl_argv_add(a, "-drive");
	rc |= pxl_argv_add(a, "if=pflash,format=raw,unit=0,readonly=on,file=%s", OVMF_CODE);
	rc |= pxl_argv_add(a, "-drive");
	rc |= pxl_argv_add(a, "if=pflash,format=raw,unit=1,file=%s/OVMF_VARS.fd", cfg->workdir);
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
	const uint8_t *m = cfg->mac;
	char rom[256];
	const char *rompath = pxl_qemu_rom_path(cfg, rom, sizeof(rom));
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
	rc |= pxl_argv_add(a, "%s", cfg->accel ? cfg->accel : "tcg");
	rc |= pxl_argv_add(a, "-m");
	rc |= pxl_argv_add(a, "%u", cfg->memory_mb ? cfg->memory_mb : 256);
	rc |= add_firmware_args(cfg, a);
	rc |= pxl_argv_add(a, "-netdev");
	rc |= pxl_argv_add(a, "socket,id=net0,fd=%d", net_fd);
	rc |= pxl_argv_add(a, "-device");
	rc |= pxl_argv_add(a, "%s,netdev=net0,mac=%02x:%02x:%02x:%02x:%02x:%02x,romfile=%s,bootindex=1",
			   pxl_qemu_nic_device(cfg->nic), m[0], m[1], m[2], m[3], m[4], m[5],
			   rompath ? rompath : "");
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
