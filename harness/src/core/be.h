/* be.h - big-endian load/store helpers for wire formats (iSCSI, SCSI, crafted frames) */
#ifndef PXL_BE_H
#define PXL_BE_H

#include <stdint.h>

/**
 * pxl_get_be() - load an unsigned big-endian number of @width bytes
 * @p:     first byte
 * @width: 1..8 bytes
 *
 * Return: the number in host order.
 */
static inline uint64_t pxl_get_be(const uint8_t *p, unsigned int width)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < width; i++)
		v = (v << 8) | p[i];
	return v;
}

/**
 * pxl_put_be() - store @v as an unsigned big-endian number of @width bytes
 * @p:     first byte
 * @width: 1..8 bytes
 * @v:     value (high bits beyond @width are dropped)
 */
static inline void pxl_put_be(uint8_t *p, unsigned int width, uint64_t v)
{
	unsigned int i;

	for (i = width; i > 0; i--) {
		p[i - 1] = (uint8_t)(v & 0xff);
		v >>= 8;
	}
}

/** pxl_get_be16() - load a big-endian 16-bit number from @p */
static inline uint16_t pxl_get_be16(const uint8_t *p)
{
	return (uint16_t)pxl_get_be(p, 2);
}

/** pxl_get_be32() - load a big-endian 32-bit number from @p */
static inline uint32_t pxl_get_be32(const uint8_t *p)
{
	return (uint32_t)pxl_get_be(p, 4);
}

/** pxl_put_be16() - store @v big-endian at @p */
static inline void pxl_put_be16(uint8_t *p, uint16_t v)
{
	pxl_put_be(p, 2, v);
}

/** pxl_put_be32() - store @v big-endian at @p */
static inline void pxl_put_be32(uint8_t *p, uint32_t v)
{
	pxl_put_be(p, 4, v);
}

/** pxl_put_be64() - store @v big-endian at @p */
static inline void pxl_put_be64(uint8_t *p, uint64_t v)
{
	pxl_put_be(p, 8, v);
}

#endif /* PXL_BE_H */
