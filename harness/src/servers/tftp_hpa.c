/* tftp_hpa.c - tftpd-hpa (in.tftpd) as the TFTP server, in the private namespace
 *
 * `pxelab compare --tftp tftpd-hpa` puts it beside the scenario's own TFTP
 * server; translate.c points the policy's next-server at it.  It serves
 * the run's TFTP root, chrooted there.
 */
#include "net/packet.h"
#include "servers/external_priv.h"

/**
 * tftpd_hpa_command() - in.tftpd listening on the namespace address, chrooted to the run's TFTP root
 * @l: launch
 *
 * Return: 0.
 */
static int tftpd_hpa_command(struct pxl_peer_launch *l)
{
	char a[16];

	pxl_launch_arg(l, "-L");
	pxl_launch_arg(l, "-u");
	pxl_launch_arg(l, "root");
	pxl_launch_arg(l, "-a");
	pxl_launch_arg(l, "%s:69", pxl_ip_str(l->env.server, a));
	pxl_launch_arg(l, "-s");
	pxl_launch_arg(l, "%s", l->p->tftp_root);
	return 0;
}

static const struct pxl_peer_server tftpd_hpa = {
	.name = "tftpd-hpa", .program = "in.tftpd", .package = "tftpd-hpa", .command = tftpd_hpa_command,
	.ready_port = 69,
};

/** pxl_provider_tftpd_hpa - tftpd-hpa in the private namespace */
const struct pxl_provider pxl_provider_tftpd_hpa = { &pxl_peer_ops, { [SCN_ROLE_TFTP] = &tftpd_hpa } };
