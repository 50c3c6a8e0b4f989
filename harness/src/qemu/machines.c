/* machines.c - what a client machine can be: firmware, PXE stacks, accelerators, NIC models (one table each)
 *
 * Every reader takes its facts from here: the scenario parser (names,
 * defaults, which combinations netboot), `pxelab check` (the files each
 * firmware and ROM needs), `pxelab boot` (options and --help) and the QEMU
 * command line.  Adding a NIC model is one row of pxl_nics[].
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/util.h"
#include "qemu/machines.h"

/** pxl_firmwares - the firmware a client boots with */
const struct pxl_firmware pxl_firmwares[PXL_FW_COUNT] = {
	[PXL_FW_UEFI] = {
		.name = "uefi", .title = "OVMF", .pkg = "ovmf",
		.code = { "the UEFI firmware", "/usr/share/OVMF/OVMF_CODE.fd" },
		.vars = { "the UEFI variable store", "/usr/share/OVMF/OVMF_VARS.fd" },
		.machine = "q35", .pflash = 1,
		.default_pxe = PXL_PXE_NATIVE,
		.boot_nic = "virtio-net",
		/* Debian's GRUB (grubx64.efi, also behind shim) fails `linux`
		 * on an 8 MiB kernel with "out of memory" at 256 MiB under
		 * OVMF, works at 384 and 512 (field note linux-iscsi-root;
		 * measured again with vm-images linux-iscsi-grub.img, whose
		 * README has the table: scenario neg-grub-low-memory) */
		.memory_mib = 512,
	},
	[PXL_FW_BIOS] = {
		/* QEMU loads this image itself (/usr/share/qemu/bios-256k.bin
		 * links to it); it is named here so a missing one is reported */
		.name = "bios", .title = "SeaBIOS", .pkg = "seabios",
		.code = { "SeaBIOS", "/usr/share/seabios/bios-256k.bin" },
		.machine = "pc", .sercon = 1,
		.default_pxe = PXL_PXE_IPXE_ROM,
		.no_native = "SeaBIOS has no PXE stack; QEMU's BIOS NIC ROM is iPXE",
		.boot_nic = "e1000",
		/* SeaBIOS: syslinux, pxelinux, iPXE and Linux boot at 256 */
		.memory_mib = 256,
	},
};

/** pxl_pxe_modes - where a client's PXE stack comes from */
const struct pxl_pxe_mode pxl_pxe_modes[PXL_PXE_COUNT] = {
	[PXL_PXE_NATIVE] = { "native", "the firmware's own PXE stack (OVMF), no option ROM" },
	[PXL_PXE_IPXE_ROM] = { "ipxe-rom", "QEMU's iPXE NIC ROM" },
};

/** pxl_accels - QEMU accelerators */
const struct pxl_accelerator pxl_accels[PXL_ACCEL_COUNT] = {
	[PXL_ACCEL_TCG] = { "tcg", NULL },
	[PXL_ACCEL_KVM] = { "kvm", "/dev/kvm" },
};

#define UEFI PXL_FW_UEFI
#define BIOS PXL_FW_BIOS
#define NATIVE PXL_BOOTS(PXL_PXE_NATIVE)
#define IPXE_ROM PXL_BOOTS(PXL_PXE_IPXE_ROM)

/**
 * pxl_nics - the NIC models; the first is a scenario client's default
 *
 * ROMs are Debian's ipxe-qemu (each declares the PCI ID of its QEMU
 * device).  OVMF drives only virtio-net by itself; every model netboots
 * from its iPXE ROM under both firmwares (each combination booted with
 * `pxelab boot`).  pxe-virtio.rom declares the modern virtio ID 1af4:1041,
 * but on -machine pc virtio-net-pci is transitional (1af4:1000) and SeaBIOS
 * skips a ROM whose ID does not match: disable-legacy=on makes the device
 * modern-only.  (OVMF's iPXE driver binds either ID, so UEFI needs no flag.)
 */
const struct pxl_nic pxl_nics[] = {
	{ "virtio-net", "virtio-net-pci",
	  .rom = { [UEFI] = "efi-virtio.rom", [BIOS] = "pxe-virtio.rom" },
	  .boots = { [UEFI] = NATIVE | IPXE_ROM, [BIOS] = IPXE_ROM },
	  .flags = { [BIOS] = "disable-legacy=on" } },
	{ "e1000", "e1000",
	  .rom = { [UEFI] = "efi-e1000.rom", [BIOS] = "pxe-e1000.rom" },
	  .boots = { [UEFI] = IPXE_ROM, [BIOS] = IPXE_ROM } },
	{ "e1000e", "e1000e",
	  .rom = { [UEFI] = "efi-e1000e.rom", [BIOS] = "pxe-e1000e.rom" },
	  .boots = { [UEFI] = IPXE_ROM, [BIOS] = IPXE_ROM } },
	{ "rtl8139", "rtl8139",
	  .rom = { [UEFI] = "efi-rtl8139.rom", [BIOS] = "pxe-rtl8139.rom" },
	  .boots = { [UEFI] = IPXE_ROM, [BIOS] = IPXE_ROM } },
	{ "pcnet", "pcnet",
	  .rom = { [UEFI] = "efi-pcnet.rom", [BIOS] = "pxe-pcnet.rom" },
	  .boots = { [UEFI] = IPXE_ROM, [BIOS] = IPXE_ROM } },
	{ "vmxnet3", "vmxnet3",
	  .rom = { [UEFI] = "efi-vmxnet3.rom", [BIOS] = "pxe-vmxnet3.rom" },
	  .boots = { [UEFI] = IPXE_ROM, [BIOS] = IPXE_ROM } },
};
const size_t pxl_nnics = ARRAY_SIZE(pxl_nics);

_Static_assert(ARRAY_SIZE(pxl_nics) <= PXL_MACHINE_MAX_ROWS,
	       "raise PXL_MACHINE_MAX_ROWS");

/**
 * pxl_machine_name() - the name of row @i of a table
 * @kind: which table
 * @i:    row
 *
 * Return: the name, or NULL past the last row.
 */
const char *pxl_machine_name(enum pxl_machine_kind kind, size_t i)
{
	switch (kind) {
	case PXL_MACHINE_FW:
		return i < PXL_FW_COUNT ? pxl_firmwares[i].name : NULL;
	case PXL_MACHINE_PXE:
		return i < PXL_PXE_COUNT ? pxl_pxe_modes[i].name : NULL;
	case PXL_MACHINE_ACCEL:
		return i < PXL_ACCEL_COUNT ? pxl_accels[i].name : NULL;
	case PXL_MACHINE_NIC:
		return i < pxl_nnics ? pxl_nics[i].name : NULL;
	}
	return NULL;
}

/**
 * pxl_machine_find() - look a name up in a table
 * @kind: which table
 * @name: name (may be NULL)
 *
 * Return: the row (its enum value for firmware, PXE mode and accelerator),
 * or -1 if no row has that name.
 */
int pxl_machine_find(enum pxl_machine_kind kind, const char *name)
{
	const char *n;
	size_t i;

	for (i = 0; name && (n = pxl_machine_name(kind, i)); i++)
		if (!strcmp(n, name))
			return (int)i;
	return -1;
}

/**
 * pxl_machine_names() - a table's names as a NULL-terminated array
 * @kind: which table
 * @out:  array to fill
 * @max:  its capacity, the terminating NULL included
 *
 * Return: how many names were stored (without the NULL).
 */
size_t pxl_machine_names(enum pxl_machine_kind kind, const char **out, size_t max)
{
	size_t n = 0;

	if (!max)
		return 0;
	while (n + 1 < max && (out[n] = pxl_machine_name(kind, n)))
		n++;
	out[n] = NULL;
	return n;
}

/**
 * pxl_machine_list() - a table's names joined, for messages and help
 * @kind: which table
 * @sep:  separator (", ", "|")
 * @buf:  out: the list (cut short if it does not fit)
 * @len:  size of @buf (at least 1)
 *
 * Return: @buf.
 */
const char *pxl_machine_list(enum pxl_machine_kind kind, const char *sep, char *buf, size_t len)
{
	const char *n;
	size_t i, used = 0;
	int w;

	buf[0] = 0;
	for (i = 0; (n = pxl_machine_name(kind, i)) && used < len; i++) {
		w = snprintf(buf + used, len - used, "%s%s", i ? sep : "", n);
		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

/**
 * pxl_fw_memory_list() - each firmware's default memory, for help and the manual
 * @buf: out: "uefi 512, bios 256" (cut short if it does not fit)
 * @len: size of @buf (at least 1)
 *
 * Return: @buf.
 */
const char *pxl_fw_memory_list(char *buf, size_t len)
{
	size_t i, used = 0;
	int w;

	buf[0] = 0;
	for (i = 0; i < PXL_FW_COUNT && used < len; i++) {
		w = snprintf(buf + used, len - used, "%s%s %u", i ? ", " : "",
			     pxl_firmwares[i].name, pxl_firmwares[i].memory_mib);
		used += w > 0 ? (size_t)w : 0;
	}
	return buf;
}

/**
 * pxl_nic_find() - Return: the NIC model named @name, or NULL
 * @name: scenario / command-line name (may be NULL)
 */
const struct pxl_nic *pxl_nic_find(const char *name)
{
	int i = pxl_machine_find(PXL_MACHINE_NIC, name);

	return i < 0 ? NULL : &pxl_nics[i];
}

/**
 * pxl_netboot_mode() - a PXE mode that netboots @nic under @fw
 * @fw:  firmware
 * @nic: NIC model
 *
 * Return: the firmware's default mode if it works, else the first that
 * does, or -1 if none does.
 */
int pxl_netboot_mode(enum pxl_fw fw, const struct pxl_nic *nic)
{
	int m;

	if (nic->boots[fw] & PXL_BOOTS(pxl_firmwares[fw].default_pxe))
		return (int)pxl_firmwares[fw].default_pxe;
	for (m = 0; m < PXL_PXE_COUNT; m++)
		if (nic->boots[fw] & PXL_BOOTS(m))
			return m;
	return -1;
}

/**
 * pxl_netboot_refusal() - why a combination cannot netboot
 * @fw:  firmware
 * @nic: NIC model
 * @pxe: PXE mode
 * @buf: storage for the reason
 * @len: its size
 *
 * Return: NULL when @nic netboots under @fw with @pxe, else the reason
 * (no leading capital, no final stop: callers embed it).
 */
const char *pxl_netboot_refusal(enum pxl_fw fw, const struct pxl_nic *nic, enum pxl_pxe pxe,
				char *buf, size_t len)
{
	const struct pxl_firmware *f = &pxl_firmwares[fw];

	if (nic->boots[fw] & PXL_BOOTS(pxe))
		return NULL;
	if (pxe == PXL_PXE_NATIVE && f->no_native)
		snprintf(buf, len, "%s", f->no_native);
	else if (pxe == PXL_PXE_NATIVE)
		snprintf(buf, len, "%s has no driver of its own for %s", f->title, nic->name);
	else if (!nic->rom[fw])
		snprintf(buf, len, "%s has no %s iPXE ROM for %s", PXL_ROM_PKG, f->title, nic->name);
	else
		snprintf(buf, len, "%s does not run %s's iPXE ROM %s", f->title, nic->name,
			 nic->rom[fw]);
	return buf;
}

/**
 * pxl_nic_rom_path() - the option ROM a client's NIC gets
 * @fw:  firmware
 * @nic: NIC model
 * @pxe: PXE mode
 * @dir: ROM folder (NULL: PXL_ROM_DIR)
 * @buf: out: the path, "" when the client boots no ROM (native PXE)
 * @len: size of @buf
 *
 * Return: 0, -ENOENT if @nic has no ROM for @fw, or -ENAMETOOLONG.
 */
int pxl_nic_rom_path(enum pxl_fw fw, const struct pxl_nic *nic, enum pxl_pxe pxe,
		     const char *dir, char *buf, size_t len)
{
	int n;

	if (pxe == PXL_PXE_NATIVE)
		n = snprintf(buf, len, "%s", "");
	else if (!nic->rom[fw])
		return -ENOENT;
	else
		n = snprintf(buf, len, "%s/%s", dir ? dir : PXL_ROM_DIR, nic->rom[fw]);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}
