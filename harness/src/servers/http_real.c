/* http_real.c - nginx and lighttpd as the HTTP server, in the private namespace
 *
 * A scenario's `http nginx|lighttpd` line, `pxelab run --http` and
 * `pxelab compare --http` start them unmodified on TCP 80 at the
 * namespace address (x.x.x.5), serving the run's HTTP root (the scenario's
 * `root` and `serve` files, the same copy pxelab's own server gets).
 * ${http.addr} in the scenario names that address.  Their configurations
 * come from fixtures/peers/nginx.conf.in and lighttpd.conf.in.
 */
#include "servers/external_priv.h"

/**
 * nginx_command() - nginx in the foreground with the run's configuration, prefix and logs in its folder
 * @l: launch (configuration written)
 *
 * Return: 0.
 */
static int nginx_command(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "-p");
	pxl_launch_arg(l, "%s", l->dir);
	pxl_launch_arg(l, "-e");
	pxl_launch_arg(l, "stderr");
	pxl_launch_arg(l, "-c");
	pxl_launch_arg(l, "%s", l->conf);
	return 0;
}

/**
 * lighttpd_command() - lighttpd in the foreground with the run's configuration
 * @l: launch (configuration written)
 *
 * Return: 0.
 */
static int lighttpd_command(struct pxl_peer_launch *l)
{
	pxl_launch_arg(l, "-D");
	pxl_launch_arg(l, "-f");
	pxl_launch_arg(l, "%s", l->conf);
	return 0;
}

static const struct pxl_peer_server nginx = {
	.name = "nginx", .program = "nginx", .package = "nginx-light", .tmpl = "nginx.conf.in",
	.command = nginx_command, .ready_tcp = 1, .ready_port = 80,
};

static const struct pxl_peer_server lighttpd = {
	.name = "lighttpd", .program = "lighttpd", .package = "lighttpd", .tmpl = "lighttpd.conf.in",
	.command = lighttpd_command, .ready_tcp = 1, .ready_port = 80,
};

/** pxl_provider_nginx - nginx in the private namespace */
const struct pxl_provider pxl_provider_nginx = { &pxl_peer_ops, { [SCN_ROLE_HTTP] = &nginx } };

/** pxl_provider_lighttpd - lighttpd in the private namespace */
const struct pxl_provider pxl_provider_lighttpd = { &pxl_peer_ops, { [SCN_ROLE_HTTP] = &lighttpd } };
