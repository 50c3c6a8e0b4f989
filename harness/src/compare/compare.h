/* compare.h - `pxelab compare`: one scenario against several DHCP servers, judged, timed and explained */
#ifndef PXL_COMPARE_H
#define PXL_COMPARE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "servers/external.h"
#include "engine/engine.h"

#define PXL_CMP_MAX_SERVERS 8
#define PXL_CMP_MAX_RUNS 10
#define PXL_CMP_MAX_STAGES 16

/** enum pxl_cmp_phase_id - whose DHCP exchange */
enum pxl_cmp_phase_id {
	PXL_PHASE_FW,   /* the firmware's PXE stack (no user class iPXE) */
	PXL_PHASE_IPXE, /* iPXE (user class iPXE or option 175) */
	PXL_PHASES,
};

/**
 * struct pxl_cmp_phase - one client's DHCP exchange as seen on the wire
 * @discovers, @offers, @requests, @acks, @naks: messages seen
 * @proxy_requests: requests to port 4011 (ProxyDHCP)
 * @early_discovers: DISCOVERs sent before the first OFFER arrived
 * @t_discover, @t_offer, @t_request, @t_ack: first of each (capture ns), 0 = none
 * @t_proxy_first, @t_proxy_last: first and last port-4011 request
 * @do_ms:   DISCOVER -> OFFER of the first offer (same xid), < 0 when not seen
 * @ra_ms:   REQUEST -> ACK of the first ACK, < 0 when not seen
 * @replied: the fields below come from a reply (the first ACK, else the first OFFER)
 * @pxeclient: the reply carried option 60 "PXEClient"
 * @no_pxedhcp: it carried iPXE option 175.176 = 1
 * @siaddr:  its siaddr
 * @opt66, @file, @opt67, @root_path: option 66, header file, option 67, option 17 ("" when absent)
 * @uuid_sent, @uuid_echoed: option 97 in the request / in the reply
 * @bcast_flag: the client's request had the broadcast flag
 * @bcast_reply: the reply went to 255.255.255.255
 * @lease:   option 51, 0 when absent
 * @server_id: option 54
 */
struct pxl_cmp_phase {
	int discovers, offers, requests, acks, naks, proxy_requests, early_discovers;
	uint64_t t_discover, t_offer, t_request, t_ack;
	uint64_t t_proxy_first, t_proxy_last;
	double do_ms, ra_ms;
	int replied;
	int pxeclient, no_pxedhcp;
	uint32_t siaddr;
	char opt66[64], file[130], opt67[130], root_path[256];
	int uuid_sent, uuid_echoed;
	int bcast_flag, bcast_reply;
	uint32_t lease, server_id;
};

/**
 * struct pxl_cmp_http_answer - the first answer of one kind (HEAD, GET, Range GET) on the wire
 * @seen:   one was observed
 * @path:   the request target
 * @range:  the request's Range field ("" for HEAD and GET)
 * @status: the response status, 0 when none came
 * @clen, @crange, @ctype: Content-Length, Content-Range, Content-Type ("" when absent)
 */
struct pxl_cmp_http_answer {
	int seen;
	char path[96];
	char range[48];
	unsigned status;
	char clen[24], crange[64], ctype[64];
};

/** enum pxl_cmp_http_kind - which answer */
enum pxl_cmp_http_kind {
	PXL_HTTP_HEAD,
	PXL_HTTP_GET,
	PXL_HTTP_RANGE,
	PXL_HTTP_KINDS,
};

/**
 * struct pxl_cmp_http - the client's HTTP traffic as seen on the wire (the wire observer's decoding)
 * @conns:        connections opened (SYN)
 * @closed_server, @closed_client: connections closed (FIN or RST) first by each side
 * @requests:     requests answered or not
 * @incomplete:   requests never fully answered
 * @max_status:   the highest response status
 * @server:       the first response's Server field ("" when absent)
 * @conn:         the first Connection field a response carried ("" when none did)
 * @headers:      the first response's field names, in order
 * @ans:          the first HEAD, GET and Range GET
 * @t_first, @t_last: the first request's first byte, the last response's last byte (capture ns)
 */
struct pxl_cmp_http {
	unsigned conns, closed_server, closed_client;
	unsigned requests, incomplete, max_status;
	char server[64];
	char conn[32];
	char headers[256];
	struct pxl_cmp_http_answer ans[PXL_HTTP_KINDS];
	uint64_t t_first, t_last;
};

/** enum pxl_cmp_v6_id - whose DHCPv6 exchange */
enum pxl_cmp_v6_id {
	PXL_V6_FW,   /* the firmware's PXE boot exchange (it asks for option 59) */
	PXL_V6_ADDR, /* the firmware's address-only exchange (OVMF's Ip6Config) */
	PXL_V6_IPXE, /* iPXE (user class iPXE) */
	PXL_V6_EXCHANGES,
};

/**
 * struct pxl_cmp_v6_ex - one client's DHCPv6 exchange as seen on the wire (the wire observer's decoding)
 * @solicits, @advertises, @requests, @replies, @releases: messages seen
 * @sa_ms:    SOLICIT -> ADVERTISE of the first ADVERTISE, < 0 when not seen
 * @rr_ms:    REQUEST -> REPLY (SOLICIT -> REPLY with rapid commit) of the first REPLY, < 0 when not seen
 * @t_solicit, @t_reply: first SOLICIT, first REPLY (capture ns), 0 = none
 * @answered: the fields below come from an answer (the first REPLY, else the first ADVERTISE)
 * @rapid:    the REPLY carried rapid commit
 * @url:      option 59 ("" when absent)
 * @vendor:   option 16 in the answer, as "enterprise N: text" ("" when absent)
 * @preferred, @valid: the IA address's lifetimes
 * @status:   the IA's status ("" when none)
 * @pref:     option 7, the server preference ("" when absent; 255 lets a client take the
 *            ADVERTISE at once, else it collects advertisements for a while)
 */
struct pxl_cmp_v6_ex {
	int solicits, advertises, requests, replies, releases;
	double sa_ms, rr_ms;
	uint64_t t_solicit, t_reply;
	int answered, rapid;
	char url[160];
	char vendor[128];
	char preferred[16], valid[16];
	char status[32];
	char pref[8];
};

#define PXL_CMP_XIDS6 16

/**
 * struct pxl_cmp_v6 - the client's DHCPv6 and the router advertisements of one run
 * @ex:       each exchange
 * @xid:      recent client transactions ("0x123456") and their exchange
 * @xid_ex:   that exchange
 * @nxid:     entries written (ring)
 * @ras:      router advertisements seen
 * @ra_first: the first one: "M=1 O=1, router lifetime 1800 s, prefix autonomous no, from MAC"
 * @ra_macs:  routers that advertised (MACs, comma-separated)
 */
struct pxl_cmp_v6 {
	struct pxl_cmp_v6_ex ex[PXL_V6_EXCHANGES];
	char xid[PXL_CMP_XIDS6][12];
	int xid_ex[PXL_CMP_XIDS6];
	size_t nxid;
	unsigned ras;
	char ra_first[160];
	char ra_macs[128];
};

/**
 * struct pxl_cmp_wire - what one run's capture says about the first client
 * @ph:          the firmware's and iPXE's DHCP exchanges
 * @t_iscsi_syn: first TCP SYN from the client to port 3260, 0 = none
 * @router_adverts: IPv6 router advertisements seen
 * @frames:      frames read
 * @http:        its HTTP traffic
 * @v6:          its DHCPv6 exchanges and the router advertisements
 */
struct pxl_cmp_wire {
	struct pxl_cmp_phase ph[PXL_PHASES];
	struct pxl_cmp_http http;
	struct pxl_cmp_v6 v6;
	uint64_t t_iscsi_syn;
	unsigned router_adverts;
	unsigned long frames;
};

/**
 * struct pxl_cmp_run - one run of one server
 * @code:     pxl_engine_run()'s exit status
 * @error:    why the run could not start, or ""
 * @nstages:  stages
 * @state:    each stage's verdict
 * @stage_s:  each stage's duration, s
 * @fail_stage: first failed stage (1-based), 0 = none
 * @fail_msg: its diagnosis
 * @boot_s:   time to the last stage's end (the boot marker), < 0 when not reached
 * @wire:     the capture's DHCP exchanges and findings
 * @rundir:   its reports folder
 */
struct pxl_cmp_run {
	int code;
	char error[512];
	size_t nstages;
	int state[PXL_CMP_MAX_STAGES];
	double stage_s[PXL_CMP_MAX_STAGES];
	unsigned fail_stage;
	char fail_msg[1024];
	double boot_s;
	struct pxl_cmp_wire wire;
	char rundir[512];
};

/**
 * struct pxl_cmp_server - one server of the comparison
 * @name:    as given ("dnsmasq", "kea" ...)
 * @conf:    the user's own configuration, or NULL
 * @kind:    the scenario dhcp kind
 * @http:    the HTTP server of its runs (`--http`), SCN_SRV_NONE for the scenario's
 * @sc:      the scenario as parsed for it (${http.addr} names its HTTP server)
 * @cannot:  "cannot express: ..." lines ("" when the policy translates fully)
 * @skipped: why it did not run ("" when it ran)
 * @runs:    its runs
 * @nruns:   entries used
 */
struct pxl_cmp_server {
	char name[96];
	const char *conf;
	enum scn_server kind;
	enum scn_server http;
	const struct scenario *sc;
	char cannot[2048];
	char skipped[512];
	struct pxl_cmp_run runs[PXL_CMP_MAX_RUNS];
	size_t nruns;
};

/**
 * struct pxl_compare - a whole comparison
 * @sc:       the scenario
 * @v6:       the servers compared are DHCPv6 servers (--dhcp6)
 * @id:       its id (folder name under reports/compare)
 * @dir:      reports/compare/<id>
 * @tftp:     TFTP server used ("scenario", "tftpd-hpa", "dnsmasq")
 * @iscsi:    iSCSI target used ("scenario", "tgt")
 * @http:     the --http list as given, or NULL
 * @srv:      servers in order
 * @nsrv:     entries used
 * @interrupted: a signal stopped the comparison
 */
struct pxl_compare {
	const struct scenario *sc;
	int v6;
	char id[64];
	char dir[512];
	const char *tftp;
	const char *iscsi;
	const char *http;
	struct pxl_cmp_server srv[PXL_CMP_MAX_SERVERS];
	size_t nsrv;
	int interrupted;
};

/* cmp_wire.c */
int pxl_cmp_wire_read(const char *pcap, const uint8_t mac[6], struct pxl_cmp_wire *w, char *err, size_t len);

/* cmp_run.c */
void pxl_cmp_run_take(struct pxl_cmp_run *r, const struct pxl_run_result *res, int code);
int pxl_cmp_verdict(const struct pxl_cmp_server *s, char *buf, size_t len);

/* cmp_explain.c */
int pxl_cmp_chain_has_ipxe(const struct scenario *sc);
void pxl_cmp_findings(const struct pxl_cmp_wire *w, int ipxe, FILE *f, const char *indent);
void pxl_cmp_explain(const struct pxl_cmp_wire *w, FILE *f, const char *indent);

/* http_findings.c */
void pxl_cmp_http_obs(struct pxl_cmp_http *h, const struct pxl_obs *o);
void pxl_cmp_http_findings(const struct pxl_cmp_http *h, FILE *f, const char *indent);

/* dhcp6_findings.c */
void pxl_cmp_v6_init(struct pxl_cmp_v6 *v);
void pxl_cmp_v6_obs(struct pxl_cmp_v6 *v, const struct pxl_obs *o);
void pxl_cmp_v6_findings(const struct pxl_cmp_v6 *v, FILE *f, const char *indent);
void pxl_cmp_http_diff(const struct pxl_compare *c, FILE *f, int md);

/* cmp_report.c */
void pxl_cmp_table(const struct pxl_compare *c, FILE *f);
int pxl_cmp_markdown(const struct pxl_compare *c, const char *path);

/* cmp_junit.c */
int pxl_cmp_junit(const struct pxl_compare *c, const char *path);

#endif /* PXL_COMPARE_H */
