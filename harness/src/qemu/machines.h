/* machines.h - what a client machine can be: firmware, PXE stacks, accelerators, NIC models (one table each) */
#ifndef PXL_MACHINES_H
#define PXL_MACHINES_H

#include <stddef.h>

/** enum pxl_fw - client firmware; indexes pxl_firmwares[] */
enum pxl_fw {
	PXL_FW_UEFI,
	PXL_FW_BIOS,
	PXL_FW_COUNT
};

/** enum pxl_pxe - where the client's PXE stack comes from; indexes pxl_pxe_modes[] */
enum pxl_pxe {
	PXL_PXE_NATIVE,   /* the firmware's own PXE stack, no option ROM */
	PXL_PXE_IPXE_ROM, /* QEMU's iPXE NIC ROM (pxe-*.rom / efi-*.rom) */
	PXL_PXE_COUNT
};

/** enum pxl_accel - QEMU accelerator; indexes pxl_accels[] */
enum pxl_accel {
	PXL_ACCEL_TCG,
	PXL_ACCEL_KVM,
	PXL_ACCEL_COUNT
};

/** enum pxl_machine_kind - which table a name lookup reads */
enum pxl_machine_kind {
	PXL_MACHINE_FW,
	PXL_MACHINE_PXE,
	PXL_MACHINE_ACCEL,
	PXL_MACHINE_NIC,
};

/** PXL_MACHINE_MAX_ROWS - most rows any one table has (bounds name arrays) */
#define PXL_MACHINE_MAX_ROWS 16

/** PXL_BOOTS() - bit of a pxl_nic.boots entry: PXE mode @pxe netboots */
#define PXL_BOOTS(pxe) (1u << (pxe))

/** PXL_ROM_DIR / PXL_ROM_PKG - where QEMU's iPXE NIC ROMs are, and their package */
#define PXL_ROM_DIR "/usr/lib/ipxe/qemu"
#define PXL_ROM_PKG "ipxe-qemu"

/**
 * struct pxl_fw_file - a file a firmware needs
 * @what: how messages name it ("the UEFI firmware"), NULL: no such file
 * @path: where Debian installs it
 */
struct pxl_fw_file {
	const char *what;
	const char *path;
};

/**
 * struct pxl_firmware - one firmware
 * @name:        scenario and command-line name
 * @title:       the implementation, in messages ("OVMF")
 * @pkg:         Debian package of @code and @vars
 * @code:        firmware image
 * @vars:        variable store template (each client boots a fresh copy)
 * @machine:     QEMU -machine type
 * @pflash:      @code and the copy of @vars go on pflash (else QEMU loads
 *               @code itself as its default BIOS)
 * @sercon:      SeaBIOS: mirror the screen to the serial port
 * @default_pxe: PXE mode when none is asked for
 * @no_native:   why the firmware has no PXE stack of its own, NULL if it has
 * @boot_nic:    NIC `pxelab boot` gives it when --nic is not given
 * @memory_mib:  guest RAM in MiB when a client or `pxelab boot` names none:
 *               enough for Debian's loaders under this firmware
 */
struct pxl_firmware {
	const char *name;
	const char *title;
	const char *pkg;
	struct pxl_fw_file code;
	struct pxl_fw_file vars;
	const char *machine;
	unsigned pflash : 1;
	unsigned sercon : 1;
	enum pxl_pxe default_pxe;
	const char *no_native;
	const char *boot_nic;
	unsigned memory_mib;
};

/**
 * struct pxl_pxe_mode - one source of a PXE stack
 * @name: scenario and command-line name
 * @doc:  what it is, for help texts
 */
struct pxl_pxe_mode {
	const char *name;
	const char *doc;
};

/**
 * struct pxl_accelerator - one QEMU accelerator
 * @name:   scenario, command-line and QEMU -accel name
 * @device: device node it needs read-write, or NULL
 */
struct pxl_accelerator {
	const char *name;
	const char *device;
};

/**
 * struct pxl_nic - one NIC model
 * @name:   scenario and command-line name
 * @device: QEMU -device model
 * @rom:    per firmware: file name of its iPXE ROM in PXL_ROM_DIR, or NULL
 * @boots:  per firmware: the PXE modes that netboot it (PXL_BOOTS() bits)
 * @flags:  per firmware: extra -device properties it needs, or NULL
 */
struct pxl_nic {
	const char *name;
	const char *device;
	const char *rom[PXL_FW_COUNT];
	unsigned boots[PXL_FW_COUNT];
	const char *flags[PXL_FW_COUNT];
};

extern const struct pxl_firmware pxl_firmwares[PXL_FW_COUNT];
extern const struct pxl_pxe_mode pxl_pxe_modes[PXL_PXE_COUNT];
extern const struct pxl_accelerator pxl_accels[PXL_ACCEL_COUNT];
extern const struct pxl_nic pxl_nics[];
extern const size_t pxl_nnics;

const char *pxl_machine_name(enum pxl_machine_kind kind, size_t i);
int pxl_machine_find(enum pxl_machine_kind kind, const char *name);
size_t pxl_machine_names(enum pxl_machine_kind kind, const char **out, size_t max);
const char *pxl_machine_list(enum pxl_machine_kind kind, const char *sep, char *buf, size_t len);
const char *pxl_fw_memory_list(char *buf, size_t len);
const struct pxl_nic *pxl_nic_find(const char *name);
int pxl_netboot_mode(enum pxl_fw fw, const struct pxl_nic *nic);
const char *pxl_netboot_refusal(enum pxl_fw fw, const struct pxl_nic *nic, enum pxl_pxe pxe,
				char *buf, size_t len);
int pxl_nic_rom_path(enum pxl_fw fw, const struct pxl_nic *nic, enum pxl_pxe pxe,
		     const char *dir, char *buf, size_t len);

#endif /* PXL_MACHINES_H */
