/* uefi-marker.c - EFI application that prints the pxelab boot marker and powers off */

#include <efi.h>

#ifndef HAVE_USE_MS_ABI
#error "build with -DGNU_EFI_USE_MS_ABI: EFI services are called directly"
#endif

/** Marker the harness looks for, on a line of its own (OVMF mirrors ConOut to serial) */
#define PXL_MARKER L"\r\nPXELAB-BOOT-OK\r\n"

/** QEMU isa-debug-exit port: QEMU exits with status (value << 1) | 1 */
#define PXL_DEBUG_EXIT_PORT 0xf4

/** Value written to the debug-exit port: QEMU exit status 33 */
#define PXL_DEBUG_EXIT_CODE 0x10

/* gnu-efi's crt0 (_start) relocates the image, then calls efi_main with the
 * System V convention: efi_main is not EFIAPI, the firmware services are. */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab);

/**
 * pxl_outb() - write one byte to an I/O port
 * @port: I/O port number
 * @value: byte to write
 *
 * Writing to a port with no device behind it is harmless on a PC.
 */
static void pxl_outb(UINT16 port, UINT8 value)
{
	__asm__ volatile("outb %0, %1" : : "a"(value), "Nd"(port));
}

/**
 * efi_main() - print the marker, then leave QEMU one way or another
 * @image: handle of this image (unused)
 * @systab: EFI system table
 *
 * Prints PXL_MARKER through ConOut, pokes isa-debug-exit (QEMU exits with
 * status 33 when the device is present), then asks the firmware to power
 * off (QEMU exits with status 0).
 *
 * Return: EFI_INVALID_PARAMETER without a usable system table, otherwise
 * only if the shutdown request itself returned (EFI_DEVICE_ERROR).
 */
EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *systab)
{
	if (!systab || !systab->ConOut || !systab->RuntimeServices)
		return EFI_INVALID_PARAMETER;
	systab->ConOut->OutputString(systab->ConOut, PXL_MARKER);
	pxl_outb(PXL_DEBUG_EXIT_PORT, PXL_DEBUG_EXIT_CODE);
	systab->RuntimeServices->ResetSystem(EfiResetShutdown, EFI_SUCCESS,
					     0, NULL);
	return EFI_DEVICE_ERROR;
}
