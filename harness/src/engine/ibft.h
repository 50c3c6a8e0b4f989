/* ibft.h - a guest's iBFT field, as its console reports it, against what the wire handed out */
#ifndef PXL_ENGINE_IBFT_H
#define PXL_ENGINE_IBFT_H

#include <stddef.h>
#include <stdint.h>

#include "wire/wire.h"

/** PXL_IBFT_PREFIX - how a guest prints one iBFT field: "pxelab-ibft: KEY=VALUE" */
#define PXL_IBFT_PREFIX "pxelab-ibft: "

int pxl_ibft_known(const char *key);
int pxl_ibft_obs(const char *line, const char *client, const uint8_t mac[6],
		 const struct pxl_obs *store, size_t n, uint64_t t_ns, struct pxl_obs *out);

#endif /* PXL_ENGINE_IBFT_H */
