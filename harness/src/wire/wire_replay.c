/* wire_replay.c - feed a pcap file through the wire observer */

#include <errno.h>
#include <stdlib.h>

#include "net/pcap_read.h"
#include "wire/wire.h"

long pxl_wire_replay_pcap(struct pxl_wire *w, const char *path, int port, uint64_t *last_ns)
{
	struct pxl_pcap_reader r;
	struct pxl_pcap_rec rec;
	uint8_t *buf = NULL;
	size_t len;
	long n = 0;
	int rc;

	if (!w || !path)
		return -EINVAL;
	rc = pxl_pcap_load(path, &buf, &len);
	if (rc < 0)
		return rc;
	rc = pxl_pcap_open_mem(&r, buf, len);
	if (rc < 0)
		goto out;
	rc = -ENOTSUP;
	if (r.linktype != PXL_PCAP_LINKTYPE_ETHERNET)
		goto out;
	while ((rc = pxl_pcap_next(&r, &rec)) == 1) {
		pxl_wire_frame(w, rec.t_ns, port, rec.data, rec.caplen);
		if (last_ns)
			*last_ns = rec.t_ns;
		n++;
	}
out:
	free(buf);
	return rc < 0 ? rc : n;
}
