/* builtin_http.c - pxelab's HTTP server inside the LAN, from a scenario's `http builtin` line
 *
 * Reach: as the iSCSI target's (builtin_iscsi.c), libslirp's
 * slirp_add_unix() connects each guest TCP connection to x.x.x.4:80 (the
 * service address the iSCSI portal uses by default) to a unix socket
 * pxelab listens on: a real connection with open and close per client
 * connection, which HTTP keep-alive and iPXE's second (sanboot) connection
 * need.  The root is the run's HTTP root (engine: the scenario's root plus
 * its `serve` files, copied).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/loop.h"
#include "core/util.h"
#include "net/packet.h"
#include "net/stream_listen.h"
#include "servers/builtin_priv.h"
#include "services/http/http_server.h"

/**
 * struct pxl_builtin_http - the server and its listener
 * @srv:      the HTTP server
 * @sink:     where connections report events
 * @listener: the unix socket libslirp forwards TCP 80 to
 */
struct pxl_builtin_http {
	struct http_server *srv;
	struct pxl_event_sink sink;
	struct pxl_stream_listener *listener;
};

/** bh_open() - a guest connected: a new HTTP connection */
static void *bh_open(void *arg, struct pxl_stream out, const char *peer)
{
	struct pxl_builtin_http *h = arg;

	return http_conn_new(h->srv, out, h->sink, pxl_now_ns());
}

/** bh_input() - bytes from the client */
static int bh_input(void *obj, const void *buf, size_t len, uint64_t now)
{
	return http_conn_input(obj, buf, len, now);
}

/** bh_drained() - the output drained: more of the body */
static void bh_drained(void *obj, uint64_t now)
{
	http_conn_drained(obj, now);
}

/** bh_closed() - the connection ended */
static void bh_closed(void *obj)
{
	http_conn_free(obj);
}

/**
 * pxl_builtin_http_start() - the scenario's builtin HTTP server, on TCP 80 at x.x.x.4
 * @env: the run (libslirp running, the HTTP root prepared)
 * @out: out: the HTTP part, set as soon as there is something to stop
 *
 * Return: 0, or -1 with env->error set.
 */
int pxl_builtin_http_start(const struct pxl_server_env *env, struct pxl_builtin_http **out)
{
	struct pxl_stream_service svc = { bh_open, bh_input, bh_closed, NULL, bh_drained };
	struct http_config cfg = { .root = env->http_root, .no_range = env->sc->http.no_range };
	struct pxl_builtin_http *h;
	uint32_t addr = pxl_builtin_portal(env->sc, NULL);
	char path[PATH_MAX], ip[16];
	int rc;

	*out = NULL;
	if (!env->http_root || !env->http_root[0])
		return pxl_err(env->error, env->errlen, "no HTTP root was prepared");
	h = calloc(1, sizeof(*h));
	if (!h)
		return pxl_err(env->error, env->errlen, "out of memory");
	*out = h;
	h->sink = env->events;
	h->srv = http_server_new(&cfg, &rc);
	if (!h->srv)
		return pxl_err(env->error, env->errlen, "cannot serve %s over HTTP: %s", env->http_root,
			       strerror(-rc));
	svc.arg = h;
	snprintf(path, sizeof(path), "%s/http-%u.sock", env->tmpdir, HTTP_PORT);
	rc = pxl_stream_listen_unix(env->loop, path, &svc, &h->listener);
	if (!rc)
		rc = pxl_slirp_add_unix(env->slirp, addr, HTTP_PORT, path);
	if (rc)
		return pxl_err(env->error, env->errlen, "cannot open the HTTP server at %s:%u: %s",
			       pxl_ip_str(addr, ip), HTTP_PORT, strerror(-rc));
	return 0;
}

/**
 * pxl_builtin_http_stop() - close the listener and its connections, then the server (h may be NULL)
 * @h: HTTP part
 */
void pxl_builtin_http_stop(struct pxl_builtin_http *h)
{
	if (!h)
		return;
	pxl_stream_listener_free(h->listener);
	http_server_free(h->srv);
	free(h);
}
