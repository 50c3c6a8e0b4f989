/* qemu_args.h - build a QEMU command line from a client description */
#ifndef PXL_QEMU_ARGS_H
#define PXL_QEMU_ARGS_H

#include <stddef.h>

#include "qemu/qemu.h"

#define PXL_QEMU_MAX_ARGS 64

/**
 * struct pxl_argv - an argument vector that owns its strings
 * @argv: NULL-terminated vector
 * @argc: entries used
 */
struct pxl_argv {
	char *argv[PXL_QEMU_MAX_ARGS + 1];
	int argc;
};

int pxl_argv_add(struct pxl_argv *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pxl_argv_free(struct pxl_argv *a);
int pxl_qemu_build_args(const struct pxl_qemu_config *cfg, int net_fd, struct pxl_argv *a,
			char *err, size_t errlen);
const char *pxl_qemu_rom_path(const struct pxl_qemu_config *cfg, char *buf, size_t len);
const char *pxl_qemu_vars_name(const struct pxl_firmware *fw);

#endif /* PXL_QEMU_ARGS_H */
