/* client_uuid.c - a client's SMBIOS UUID: the one the file gives, or one derived from the scenario and client names
 *
 * Without a `uuid`, QEMU's is all zero for every client, so every iPXE
 * client had the initiator name iqn.2010-04.org.ipxe:00000000-... and sent
 * the same DHCP option 97.  The derived UUID is the first 16 bytes of
 * SHA-256("pxelab client uuid", scenario name, client name) with the RFC
 * 9562 version 8 (custom) and variant bits: the same in every run of one
 * scenario instance, different for each client and each matrix instance.
 */
#include <stdio.h>
#include <string.h>

#include "core/sha256.h"
#include "lang/scenario.h"

/**
 * scn_client_uuid() - the SMBIOS UUID a client runs with
 * @s:   scenario (its name, the instance's for a matrix)
 * @c:   one of its clients
 * @out: out: lower-case "xxxxxxxx-xxxx-8xxx-yxxx-xxxxxxxxxxxx"
 *
 * Return: @out.
 */
const char *scn_client_uuid(const struct scenario *s, const struct scn_client *c, char out[37])
{
	static const char tag[] = "pxelab client uuid";
	struct pxl_sha256 h;
	uint8_t d[PXL_SHA256_LEN];

	if (c->uuid[0]) {
		memcpy(out, c->uuid, 37);
		return out;
	}
	pxl_sha256_init(&h);
	pxl_sha256_update(&h, tag, sizeof(tag));
	pxl_sha256_update(&h, s->name ? s->name : "", strlen(s->name ? s->name : "") + 1);
	pxl_sha256_update(&h, c->name ? c->name : "", strlen(c->name ? c->name : "") + 1);
	pxl_sha256_final(&h, d);
	d[6] = (uint8_t)((d[6] & 0x0f) | 0x80);
	d[8] = (uint8_t)((d[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
		 d[13], d[14], d[15]);
	return out;
}
