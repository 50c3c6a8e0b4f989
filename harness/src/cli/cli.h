/* cli.h - the pxelab subcommands: one function per command */
#ifndef PXL_CLI_H
#define PXL_CLI_H

#include "qemu/machines.h"
#include "lang/scenario.h"

int pxl_cmd_boot(int argc, char **argv);
int pxl_cmd_serve(int argc, char **argv);
int pxl_cmd_run(int argc, char **argv);
int pxl_cmd_storm(int argc, char **argv);
int pxl_cmd_check(int argc, char **argv);
int pxl_cmd_serve_tftp(int argc, char **argv);
int pxl_cmd_serve_dhcp(int argc, char **argv);
int pxl_cmd_serve_dhcp6(int argc, char **argv);
int pxl_cmd_serve_iscsi(int argc, char **argv);
int pxl_cmd_serve_http(int argc, char **argv);
int pxl_cmd_compare(int argc, char **argv);
int pxl_cmd_gate(int argc, char **argv);
int pxl_cmd_junit_merge(int argc, char **argv);
struct pxl_loop;
struct scn_list;
struct scn_vars;
struct pxl_peer_opts;
int pxl_cli_load_one(const char *cmd, const char *file, struct scn_vars *vars, const struct pxl_peer_opts *peers,
		     enum scn_server iscsi, struct scn_list *list);
struct pxl_stream_service;
int pxl_cli_serve_stream(struct pxl_loop *loop, const char *cmd, const char *listen,
			 const struct pxl_stream_service *svc);
int pxl_cli_machine_opt(const char *cmd, const char *opt, enum pxl_machine_kind kind, const char *arg,
			int *out);
struct pxl_run_opts;
int pxl_cli_capture_opt(const char *cmd, const char *arg, struct pxl_run_opts *run);
int pxl_cli_parse_file(const char *path, struct scn_vars *vars, const struct pxl_peer_opts *peers,
		       enum scn_server iscsi, struct scn_list *out, struct scn_diag *d);

/* pxelab's version: `pxelab --version`; the Debian changelog and releases follow it */
#define PXL_VERSION "0.3.0"

/* exit statuses shared by every command */
#define PXL_EXIT_OK 0
#define PXL_EXIT_FAIL 1
#define PXL_EXIT_USAGE 2

#endif /* PXL_CLI_H */
