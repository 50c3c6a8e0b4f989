/* serve_stream.c - run a byte-stream service (`serve iscsi`, `serve http`) on a host TCP or unix socket */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/loop.h"
#include "net/stream_listen.h"

/**
 * pxl_cli_serve_stream() - listen on --listen, say where, run the loop until a signal
 * @loop:   event loop (signals caught)
 * @cmd:    service name for messages ("iscsi")
 * @listen: "A.B.C.D:PORT" (PORT 0 picks a free one) or "unix:PATH"
 * @svc:    the service's connection callbacks
 *
 * Prints "listening on ADDR:PORT" with the port actually bound, which the
 * integration tests and users read when they asked for port 0.
 *
 * Return: PXL_EXIT_OK after SIGINT/SIGTERM, PXL_EXIT_FAIL if it cannot listen.
 */
int pxl_cli_serve_stream(struct pxl_loop *loop, const char *cmd, const char *listen,
			 const struct pxl_stream_service *svc)
{
	struct pxl_stream_listener *l = NULL;
	uint16_t port = 0;
	int err;

	if (!strncmp(listen, "unix:", 5))
		err = pxl_stream_listen_unix(loop, listen + 5, svc, &l);
	else
		err = pxl_stream_listen_tcp(loop, listen, svc, &l, &port);
	if (err) {
		fprintf(stderr, "pxelab serve %s: --listen %s: %s\n", cmd, listen,
			err == -EINVAL ? "expected A.B.C.D:PORT or unix:PATH" : strerror(-err));
		return PXL_EXIT_FAIL;
	}
	if (port)
		printf("listening on %.*s:%u\n", (int)(strrchr(listen, ':') - listen), listen, port);
	else
		printf("listening on %s\n", listen);
	fflush(stdout);
	pxl_loop_run(loop);
	pxl_stream_listener_free(l);
	return PXL_EXIT_OK;
}
