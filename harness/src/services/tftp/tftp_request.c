/* tftp_request.c - the TFTP server's answer to RRQ/WRQ: checks, file lookup, negotiation, new transfer */
#include "services/tftp/tftp_xfer.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/util.h"

/**
 * struct tftp_req - a request being answered
 * @srv:  the server
 * @dg:   the datagram that carried it
 * @pkt:  its parse
 * @now:  current time
 * @show: printable file name for events and messages
 */
struct tftp_req {
	struct tftp_server *srv;
	const struct pxl_dgram *dg;
	const struct tftp_pkt *pkt;
	uint64_t now;
	char show[TFTP_NAME_SHOW];
};

/**
 * refuse() - answer a request with an ERROR from a fresh TID
 * @r:    the request
 * @code: TFTP error code
 * @msg:  message
 *
 * RFC 1350 has the server answer each request from a new port, errors
 * included; if the transport has no port to give, the listen port is used.
 */
static void refuse(struct tftp_req *r, uint16_t code, const char *msg)
{
	struct tftp_server *srv = r->srv;
	const struct pxl_dgram *dg = r->dg;
	struct pxl_ep local = { srv->cfg.server_addr ? srv->cfg.server_addr : dg->dst.addr, 0 };
	const uint8_t *mac = dg->has_mac ? dg->mac : NULL;
	int own = srv->tp.ops->open_port(srv->tp.ctx, local.addr, &local.port) == 0;

	if (!own)
		local = dg->dst;
	tftp_send_error(srv, r->now, local, dg->src, mac, code, msg, r->show[0] ? r->show : NULL);
	if (own)
		srv->tp.ops->close_port(srv->tp.ctx, local.addr, local.port);
}

/**
 * refuse_malformed() - answer a request that did not parse
 * @r: the request
 *
 * A NUL inside the file name is a refusal of the name (error 2); any other
 * defect is error 0 naming it.
 */
static void refuse_malformed(struct tftp_req *r)
{
	char msg[96];

	tftp_count_malformed(r->srv, r->pkt->perr);
	if (r->pkt->perr == TFTP_PERR_NUL_IN_NAME) {
		refuse(r, TFTP_EACCESS, "NUL inside file name");
		return;
	}
	snprintf(msg, sizeof(msg), "malformed request: %s", tftp_perr_str(r->pkt->perr));
	refuse(r, TFTP_EUNDEF, msg);
}

/**
 * is_duplicate() - whether this client endpoint already runs a transfer of this name
 * @r: the request
 *
 * A client repeats its request when our first answer was lost; the running
 * transfer's own retransmission answers it.
 *
 * Return: 1 if so.
 */
static int is_duplicate(const struct tftp_req *r)
{
	const struct tftp_server *srv = r->srv;
	const struct tftp_xfer *x;

	for (x = srv->by_peer ? srv->by_peer[r->dg->src.port] : NULL; x; x = x->peer_next) {
		if (x->peer.addr == r->dg->src.addr &&
		    x->is_write == (r->pkt->opcode == TFTP_WRQ) && !strcmp(x->name, r->show))
			return 1;
	}
	return 0;
}

/**
 * struct mode_desc - a transfer mode and what we do with it
 * @name:      mode name (matched case-insensitively)
 * @netascii:  convert line ends
 * @supported: served (else error 4)
 */
struct mode_desc {
	const char *name;
	int netascii;
	int supported;
};

static const struct mode_desc modes[] = {
	{ "octet", 0, 1 },
	{ "netascii", 1, 1 },
	{ "mail", 0, 0 },
};

/**
 * check_mode() - accept octet and netascii, refuse the rest with error 4
 * @r:        the request
 * @netascii: out: netascii mode
 *
 * Return: 0, or -EPROTO after refusing.
 */
static int check_mode(struct tftp_req *r, int *netascii)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(modes); i++) {
		if (strcasecmp(modes[i].name, r->pkt->mode))
			continue;
		if (!modes[i].supported)
			break;
		*netascii = modes[i].netascii;
		return 0;
	}
	refuse(r, TFTP_EBADOP, i < ARRAY_SIZE(modes) ? "mail mode not supported"
								    : "unknown transfer mode");
	return -EPROTO;
}

/**
 * open_file() - find the file of a request under the path policy
 * @r:        the request
 * @file:     out: the open file
 *
 * Return: 0, or a negative errno after refusing.
 */
static int open_file(struct tftp_req *r, struct pxl_root_file *file)
{
	struct tftp_server *srv = r->srv;
	int rc;

	if (r->pkt->opcode == TFTP_WRQ && !srv->cfg.allow_upload) {
		refuse(r, TFTP_EBADOP, "uploads not allowed");
		return -EPERM;
	}
	if (r->pkt->opcode == TFTP_WRQ)
		rc = pxl_root_create(srv->upload_fd, r->pkt->filename, file);
	else
		rc = pxl_root_open(srv->root_fd, r->pkt->filename, file);
	if (rc) {
		uint16_t code = tftp_path_errcode(rc);

		refuse(r, code, code == TFTP_ENOTFOUND ? "File not found" : file->why);
	}
	return rc;
}

/**
 * wire_size() - the size a file will have on the wire
 * @fd:       the file
 * @netascii: netascii mode
 * @size:     out: the size
 *
 * Return: 0 or -errno.
 */
static int wire_size(int fd, int netascii, uint64_t *size)
{
	struct stat st;

	if (netascii)
		return tftp_file_netascii_size(fd, size);
	if (fstat(fd, &st))
		return -errno;
	*size = (uint64_t)st.st_size;
	return 0;
}

/**
 * negotiate() - agree on options, or refuse
 * @r:        the request
 * @file:     the open file
 * @netascii: netascii mode
 * @nego:     out: the agreement
 *
 * Return: 0, or a negative errno after refusing.
 */
static int negotiate(struct tftp_req *r, const struct pxl_root_file *file, int netascii,
		     struct tftp_nego *nego)
{
	struct tftp_server *srv = r->srv;
	struct tftp_nego_in in = {
		.max_blksize = srv->cfg.max_blksize,
		.max_windowsize = srv->cfg.max_windowsize,
		.is_write = r->pkt->opcode == TFTP_WRQ,
		.max_upload = srv->cfg.max_upload_bytes,
	};
	int rc = 0;

	if (!in.is_write)
		rc = wire_size(file->fd, netascii, &in.size);
	if (rc) {
		refuse(r, TFTP_EUNDEF, "cannot read file");
		return rc;
	}
	rc = tftp_negotiate(r->pkt, &in, nego);
	if (rc)
		refuse(r, nego->err_code, nego->why);
	return rc;
}

/**
 * discard_file() - close a file a refused request opened (and remove an upload)
 * @r:    the request
 * @file: the file
 */
static void discard_file(const struct tftp_req *r, struct pxl_root_file *file)
{
	if (r->pkt->opcode == TFTP_WRQ && file->dir_fd >= 0)
		unlinkat(file->dir_fd, file->leaf, 0);
	pxl_root_close(file);
}

/**
 * tftp_request_input() - answer an RRQ or WRQ that reached the listen port
 * @srv:      the server
 * @dg:       the datagram
 * @pkt:      its parse (possibly failed)
 * @parse_rc: tftp_pkt_parse()'s result
 * @now:      current time
 */
void tftp_request_input(struct tftp_server *srv, const struct pxl_dgram *dg,
			const struct tftp_pkt *pkt, int parse_rc, uint64_t now)
{
	struct tftp_req r = { .srv = srv, .dg = dg, .pkt = pkt, .now = now };
	struct pxl_root_file file = { .fd = -1, .dir_fd = -1 };
	struct tftp_nego nego;
	struct tftp_xfer *x;
	int netascii = 0, err = 0;

	srv->stats.requests++;
	if (parse_rc) {
		refuse_malformed(&r);
		return;
	}
	tftp_printable(r.show, sizeof(r.show), pkt->filename);
	if (is_duplicate(&r)) {
		tftp_drop(srv, now, dg, TFTP_DROP_DUP_REQUEST, NULL);
		return;
	}
	if (check_mode(&r, &netascii) || open_file(&r, &file))
		return;
	if (negotiate(&r, &file, netascii, &nego))
		goto discard;
	x = tftp_xfer_new(srv, dg, pkt, &nego, &file, netascii, now, &err);
	if (!x) {
		refuse(&r, TFTP_EUNDEF, err == -EBUSY ? "server busy" : "out of resources");
		goto discard;
	}
	x->ops->begin(x, now);
	return;
discard:
	discard_file(&r, &file);
}
