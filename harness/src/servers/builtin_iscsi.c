/* builtin_iscsi.c - pxelab's iSCSI target inside the LAN, configured from a scenario's `iscsi` lines
 *
 * Reach: libslirp's slirp_add_unix() connects each guest TCP connection to
 * the portal (default x.x.x.4:3260) to a unix socket pxelab listens on, so
 * every initiator connection is a real connection with open and close (an
 * initiator that reconnects and logs in again gets a fresh session).
 * guestfwd would give one stream per rule with no close: not chosen.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/packet.h"
#include "net/segment.h"
#include "net/syn_queue.h"
#include "net/stream_listen.h"
#include "servers/builtin_priv.h"
#include "services/iscsi/blockstore.h"
#include "services/iscsi/iscsi_target.h"
#include "services/iscsi/scsi_disk.h"

#define ISCSI_MAX_PORTALS 4

/**
 * struct pxl_builtin_iscsi - the target set and its portals
 * @set: targets and LUNs
 * @sink: where connections report events
 * @listeners: one unix listener per portal
 * @n: listeners used
 * @stopping: the run is over: connections still open are closed by pxelab
 * @seg: the segment @syn taps
 * @syn: SYNs to the portals: which client each accepted connection is
 */
struct pxl_builtin_iscsi {
	struct iscsi_target_set *set;
	struct pxl_event_sink sink;
	struct pxl_stream_listener *listeners[ISCSI_MAX_PORTALS];
	size_t n;
	int stopping;
	struct pxl_segment *seg;
	struct pxl_syn_queue syn;
};

/**
 * struct is_conn - one guest connection
 * @is:   the iSCSI part
 * @conn: the target's connection
 * @peer: the client that opened it (its SYN)
 * @has_peer: @peer is known
 */
struct is_conn {
	struct pxl_builtin_iscsi *is;
	struct iscsi_conn *conn;
	struct pxl_syn_peer peer;
	int has_peer;
};

/** is_tap() - every frame on the segment: queue SYNs to a portal */
static void is_tap(void *arg, uint64_t t_ns, int port, const uint8_t *frame, size_t len)
{
	struct pxl_builtin_iscsi *is = arg;

	pxl_syn_queue_frame(&is->syn, frame, len);
}

/**
 * is_emit() - a connection's event: add the client it came from, then to the run's sink
 * @ctx: struct is_conn
 * @now: time
 * @ev:  the target's event (no client)
 */
static void is_emit(void *ctx, uint64_t now, const struct pxl_event *ev)
{
	const struct is_conn *c = ctx;
	struct pxl_event e = *ev;

	if (c->has_peer && !e.has_mac) {
		memcpy(e.mac, c->peer.mac, 6);
		e.has_mac = 1;
		e.addr = c->peer.ip;
	}
	pxl_emit(&c->is->sink, now, &e);
}

/** is_open() - a guest connected: a new iSCSI connection, tied to the oldest SYN */
static void *is_open(void *arg, struct pxl_stream out, const char *peer)
{
	struct pxl_builtin_iscsi *is = arg;
	struct is_conn *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->is = is;
	c->has_peer = pxl_syn_queue_take(&is->syn, &c->peer);
	c->conn = iscsi_conn_new(is->set, out, (struct pxl_event_sink){ is_emit, c });
	if (!c->conn) {
		free(c);
		return NULL;
	}
	return c;
}

/** is_input() - bytes from the initiator */
static int is_input(void *obj, const void *buf, size_t len, uint64_t now)
{
	struct is_conn *c = obj;

	return iscsi_conn_input(c->conn, buf, len, now);
}

/**
 * is_closed() - the connection ended: the initiator closed it, or the run is over
 * @obj: struct is_conn
 */
static void is_closed(void *obj)
{
	struct is_conn *c = obj;

	if (c->is->stopping)
		iscsi_conn_abandoned(c->conn, pxl_now_ns());
	iscsi_conn_closed(c->conn);
	iscsi_conn_free(c->conn);
	free(c);
}

/**
 * pxl_builtin_portal() - the portal address of a builtin target (x.x.x.4 by default)
 * @sc: scenario
 * @t: the target, or NULL for the default
 *
 * Return: the address, host order.
 */
uint32_t pxl_builtin_portal(const struct scenario *sc, const struct scn_target *t)
{
	uint32_t gw = pxl_builtin_gateway(sc);
	unsigned prefix = sc->lan.given ? sc->lan.prefix : 24;
	uint32_t mask = prefix ? 0xffffffffu << (32 - prefix) : 0;

	return t && t->addr ? t->addr : (gw & mask) | 4;
}

/**
 * add_lun() - open a target's image and give it to the target set
 * @is: iSCSI part
 * @sc: scenario
 * @t: the `iscsi` line
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1.
 */
static int add_lun(struct pxl_builtin_iscsi *is, const struct scenario *sc, const struct scn_target *t,
		   char *err, size_t errlen)
{
	static const enum blockstore_mode modes[] = {
		[SCN_IMAGE_SNAPSHOT] = BLOCKSTORE_SNAPSHOT, [SCN_IMAGE_READONLY] = BLOCKSTORE_READONLY,
		[SCN_IMAGE_PERSISTENT] = BLOCKSTORE_PERSISTENT,
	};
	struct scsi_disk_cfg dcfg = { .id = 0x5058454c41420000ULL + t->lun + 16 * (uint64_t)(t - sc->targets) };
	struct iscsi_target *tgt = iscsi_target_find(is->set, t->iqn, strlen(t->iqn));
	struct blockstore *bs;
	struct scsi_disk *disk;
	int rc;

	if (!tgt)
		tgt = iscsi_target_add(is->set, t->iqn);
	rc = tgt ? blockstore_open(t->image, modes[t->mode], &bs) : -ENOMEM;
	if (rc) {
		return pxl_err(err, errlen, "%s:%u: cannot open iSCSI image %s: %s", sc->file, t->loc.line,
			 t->image, strerror(-rc));
	}
	disk = scsi_disk_new(bs, &dcfg);
	if (!disk || (rc = iscsi_target_add_lun(tgt, (uint16_t)t->lun, disk)) ||
	    (t->chap_user && (rc = iscsi_target_set_chap(tgt, t->chap_user, t->chap_secret))) ||
	    (t->mutual_user && (rc = iscsi_target_set_mutual_chap(tgt, t->mutual_user, t->mutual_secret)))) {
		return pxl_err(err, errlen, "%s:%u: target %s LUN %u: %s", sc->file, t->loc.line, t->iqn, t->lun,
			 disk ? strerror(-rc) : "cannot create the disk");
	}
	if (t->single_session)
		iscsi_target_set_single_session(tgt, 1);
	return 0;
}

/**
 * add_portal() - listen on a unix socket and have libslirp forward the portal to it
 * @env: the run
 * @is: iSCSI part
 * @addr, @port: the portal inside the LAN
 * @err, @errlen: message buffer
 *
 * Return: 0 or -1.
 */
static int add_portal(const struct pxl_server_env *env, struct pxl_builtin_iscsi *is, uint32_t addr,
		      uint16_t port, char *err, size_t errlen)
{
	struct pxl_stream_service svc = { is_open, is_input, is_closed, is, NULL };
	char path[PATH_MAX], ip[16];
	int rc;

	if (is->n >= ISCSI_MAX_PORTALS) {
		return pxl_err(err, errlen, "at most %d iSCSI portals", ISCSI_MAX_PORTALS);
	}
	pxl_syn_queue_watch(&is->syn, addr, port);
	snprintf(path, sizeof(path), "%s/iscsi-%u.sock", env->tmpdir, port);
	rc = pxl_stream_listen_unix(env->loop, path, &svc, &is->listeners[is->n]);
	if (!rc)
		is->n++;
	if (!rc)
		rc = pxl_slirp_add_unix(env->slirp, addr, port, path);
	if (rc) {
		return pxl_err(err, errlen, "cannot open the iSCSI portal %s:%u: %s", pxl_ip_str(addr, ip), port,
			 strerror(-rc));
	}
	return 0;
}

/**
 * tiny_disk_hint() - BIOS clients fail to sanboot images under 16 MiB: say so in failures
 * @env: the run
 * @t: an `iscsi` line
 */
static void tiny_disk_hint(const struct pxl_server_env *env, const struct scn_target *t)
{
	struct stat st;
	size_t i;

	if (stat(t->image, &st) || (uint64_t)st.st_size >= SCN_BIOS_MIN_IMAGE)
		return;
	for (i = 0; i < env->sc->nclients; i++) {
		if (env->sc->clients[i].fw != SCN_FW_BIOS)
			continue;
		snprintf(env->hint, env->hintlen,
			 "the iSCSI image %s is %lld KiB: iPXE's INT13 sanboot needs a disk of at least 16 MiB "
			 "with a partition table", t->image, (long long)st.st_size / 1024);
		return;
	}
}

/**
 * pxl_builtin_iscsi_start() - the scenario's builtin iSCSI targets, reachable in the LAN
 * @env: the run (libslirp running)
 * @out: out: the iSCSI part, set as soon as there is something to stop
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_builtin_iscsi_start(const struct pxl_server_env *env, struct pxl_builtin_iscsi **out)
{
	const struct scenario *sc = env->sc;
	char *err = env->error;
	size_t errlen = env->errlen;
	struct pxl_builtin_iscsi *is;
	uint32_t addrs[ISCSI_MAX_PORTALS];
	uint16_t ports[ISCSI_MAX_PORTALS];
	size_t i, p, np = 0;
	char portal[64], ip[16];

	*out = NULL;
	if (!sc->ntargets)
		return 0;
	is = calloc(1, sizeof(*is));
	if (!is) {
		return pxl_err(err, errlen, "out of memory");
	}
	*out = is;
	is->sink = env->events;
	if (env->seg && !pxl_segment_add_tap(env->seg, is_tap, is))
		is->seg = env->seg;
	snprintf(portal, sizeof(portal), "%s:%u,1", pxl_ip_str(pxl_builtin_portal(sc, &sc->targets[0]), ip),
		 sc->targets[0].port ? sc->targets[0].port : 3260);
	is->set = iscsi_target_set_new(portal);
	for (i = 0; is->set && i < sc->ntargets; i++) {
		const struct scn_target *t = &sc->targets[i];
		uint32_t a = pxl_builtin_portal(sc, t);
		uint16_t port = t->port ? t->port : 3260;

		if (t->kind != SCN_SRV_BUILTIN)
			continue;
		if (add_lun(is, sc, t, err, errlen))
			return -1;
		tiny_disk_hint(env, t);
		for (p = 0; p < np && (addrs[p] != a || ports[p] != port); p++)
			;
		if (p < np)
			continue;
		if (np == ISCSI_MAX_PORTALS || add_portal(env, is, a, port, err, errlen))
			return -1;
		addrs[np] = a;
		ports[np++] = port;
	}
	return is->set ? 0 : -1;
}

/**
 * pxl_builtin_iscsi_stop() - close the portals and free the targets (is may be NULL)
 * @is: iSCSI part
 */
void pxl_builtin_iscsi_stop(struct pxl_builtin_iscsi *is)
{
	size_t i;

	if (!is)
		return;
	is->stopping = 1;
	if (is->seg)
		pxl_segment_del_tap(is->seg, is_tap, is);
	for (i = 0; i < is->n; i++)
		pxl_stream_listener_free(is->listeners[i]);
	iscsi_target_set_free(is->set);
	free(is);
}
