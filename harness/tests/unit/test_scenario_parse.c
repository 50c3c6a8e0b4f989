/* test_scenario_parse.c - good scenario snippets -> model fields; matrix; variables; dump */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/util.h"
#include "lang/parse.h"
#include "lang/scenario.h"
#include "testlib.h"

/* every snippet is wrapped: two lines before it, a stage after it */
static const char head[] = "scenario t\nclient pc1\n";
static const char suffix[] = "\nstage 1 \"s\"\n  expect console \"x\"\n";

/**
 * parse_text() - parse a buffer, failing the test on any error
 * @text:   scenario text
 * @preset: variables or NULL
 * @list:   out: instances
 */
static void parse_text(const char *text, const struct scn_vars *preset,
		       struct scn_list *list)
{
	struct scn_diag d;
	char msg[512] = "";
	int rc;

	scn_diag_init(&d);
	rc = scn_parse_buffer("t.scn", text, strlen(text), preset, list, &d);
	if (d.errors)
		scn_msg_format(&d.msg[0], msg, sizeof(msg));
	ck_assert_msg(rc == 0, "parse failed (%d): %s\n--\n%s", rc, msg, text);
	ck_assert_uint_eq(d.errors, 0);
	scn_diag_free(&d);
}

/**
 * wrap() - a snippet inside the standard prefix and suffix
 * @body: snippet
 *
 * Return: malloc'ed text.
 */
static char *wrap(const char *body)
{
	char *t;

	ck_assert_int_ge(asprintf(&t, "%s%s%s",
				  strncmp(body, "scenario ", 9) ? head : "", body,
				  strstr(body, "stage ") ? "\n" : suffix), 0);
	return t;
}

static const char *const op_names[] = {
	"=", "!=", "<", "<=", ">", ">=", "REGEX", "CONTAINS", "HAS", "PRESENT",
	"ABSENT",
};

/**
 * put_matches() - render matches as " | field OP value" ...
 * @out: buffer
 * @len: its size
 * @m:   matches
 * @n:   count
 */
static void put_matches(char *out, size_t len, const struct scn_match *m,
			size_t n)
{
	size_t i, used = strlen(out);

	for (i = 0; i < n && used < len; i++) {
		used += (size_t)snprintf(out + used, len - used, " | %s %s%s%s%s",
					 m[i].field, op_names[m[i].op],
					 m[i].value ? " " : "",
					 m[i].value ? m[i].value : "",
					 m[i].re ? " (re)" : "");
	}
}

/**
 * r_client() - "clientN": a client's fields
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_client(const struct scenario *s, unsigned a, char *out, size_t len)
{
	const struct scn_client *c = &s->clients[a];
	char x[18];

	pxl_mac_str(c->mac, x);
	snprintf(out, len, "%s fw=%d nic=%s dev=%s rom=%s pxe=%d mem=%u mac=%s given=%d accel=%d%s%s",
		 c->name, c->fw, c->nic, c->nic_model->device, c->nic_model->rom[c->fw], c->pxe,
		 c->memory_mib, x, c->mac_given, c->accel, c->uuid[0] ? " uuid=" : "", c->uuid);
}

/**
 * r_rule() - "ruleN": a DHCP rule's name, conditions and actions
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_rule(const struct scenario *s, unsigned a, char *out, size_t len)
{
	const struct scn_rule *r = &s->dhcp.rules[a];
	size_t i, used;

	snprintf(out, len, "%s otherwise=%d", r->name, r->otherwise);
	put_matches(out, len, r->cond, r->ncond);
	for (i = 0; i < r->nact; i++) {
		used = strlen(out);
		snprintf(out + used, len - used, " > %s%s%s", r->act[i].key,
			 r->act[i].value ? "=" : "", r->act[i].value ? r->act[i].value : "");
	}
}

/**
 * r_target() - "targetN": an iSCSI target
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_target(const struct scenario *s, unsigned a, char *out, size_t len)
{
	const struct scn_target *t = &s->targets[a];
	char y[16];

	pxl_ip_str(t->addr, y);
	snprintf(out, len, "kind=%s %s lun=%u %s mode=%d addr=%s port=%u chap=%s/%s mutual=%s/%s",
		 scn_server_name(t->kind), t->iqn, t->lun, t->image, t->mode, y, t->port,
		 t->chap_user ? t->chap_user : "-", t->chap_secret ? t->chap_secret : "-",
		 t->mutual_user ? t->mutual_user : "-",
		 t->mutual_secret ? t->mutual_secret : "-");
	if (t->single_session)
		snprintf(out + strlen(out), len - strlen(out), " single-session");
}

/**
 * r_fault() - "faultN": a fault line
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_fault(const struct scenario *s, unsigned a, char *out, size_t len)
{
	const struct scn_fault *f = &s->faults[a];

	snprintf(out, len, "client=%d dir=%d loss=%u dup=%u reorder=%u corrupt=%u delay=%lluus jitter=%lluus seed=%llu",
		 f->client, f->dir, f->loss, f->dup, f->reorder, f->corrupt,
		 (unsigned long long)(f->delay / 1000), (unsigned long long)(f->jitter / 1000),
		 (unsigned long long)f->seed);
}

/**
 * r_send() - "sendN": an `on console ... send` line (condition, client, bytes typed)
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_send(const struct scenario *s, unsigned a, char *out, size_t len)
{
	const struct scn_send *sd = &s->sends[a];
	size_t i, n;

	n = (size_t)snprintf(out, len, "client=%d keys=%s bytes=", sd->when.client, sd->keys);
	for (i = 0; i < sd->nbytes && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%02x", (unsigned char)sd->bytes[i]);
	put_matches(out, len, sd->when.m, sd->when.nm);
}

/**
 * r_stage() - "stageN": a stage's number, name, deadline, size
 * @s: scenario
 * @a: index
 * @out: buffer
 * @len: its size
 */
static void r_stage(const struct scenario *s, unsigned a, char *out, size_t len)
{
	snprintf(out, len, "%u \"%s\" within=%llums nex=%zu", s->stages[a].number,
		 s->stages[a].name, (unsigned long long)(s->stages[a].within / 1000000),
		 s->stages[a].nex);
}

/**
 * r_dhcp() - "dhcp": the DHCP section's scalars
 * @s: scenario
 * @a: unused
 * @out: buffer
 * @len: its size
 */
static void r_dhcp(const struct scenario *s, unsigned a, char *out, size_t len)
{
	char y[16], z[16];

	pxl_ip_str(s->dhcp.pool_start, y);
	pxl_ip_str(s->dhcp.pool_end, z);
	snprintf(out, len, "kind=%s pool=%s-%s lease=%llus res=%zu nopxe=%d proxy=%d rules=%zu",
		 scn_server_name(s->dhcp.kind), y, z, (unsigned long long)(s->dhcp.lease / SCN_NS_PER_SEC),
		 s->dhcp.nres, s->dhcp.no_pxedhcp, s->dhcp.proxy, s->dhcp.nrules);
}

/**
 * r_lan() - "lan": network, gateway
 * @s: scenario
 * @a: unused
 * @out: buffer
 * @len: its size
 */
static void r_lan(const struct scenario *s, unsigned a, char *out, size_t len)
{
	char y[16], z[16];

	pxl_ip_str(s->lan.net, y);
	pxl_ip_str(s->lan.gateway, z);
	snprintf(out, len, "%s/%u gw=%s given=%d", y, s->lan.prefix, z, s->lan.given);
}

/**
 * r_lan6() - "lan6": prefix, only, RA mode and router lifetime; the dhcp6
 *            block's server, pool, lease and rule count
 * @s: scenario
 * @a: unused
 * @out: buffer
 * @len: its size
 */
static void r_lan6(const struct scenario *s, unsigned a, char *out, size_t len)
{
	char p[PXL_IP6_STR], lo[PXL_IP6_STR], hi[PXL_IP6_STR];

	snprintf(out, len, "given=%d %s only=%d ra=%s life=%llus dhcp6=%s pool=%s-%s lease=%llus rules=%zu",
		 s->lan6.given, pxl_ip6_str(s->lan6.prefix, p), s->lan6.only, scn_ra_modes[s->lan6.ra],
		 (unsigned long long)(s->lan6.router_lifetime / SCN_NS_PER_SEC),
		 scn_server_name(s->dhcp6.pol.kind), pxl_ip6_str(s->dhcp6.pool_start, lo),
		 pxl_ip6_str(s->dhcp6.pool_end, hi),
		 (unsigned long long)(s->dhcp6.pol.lease / SCN_NS_PER_SEC), s->dhcp6.pol.nrules);
}

/** r_rule6() - "rule6N": a dhcp6 rule, as r_rule() renders a dhcp one */
static void r_rule6(const struct scenario *s, unsigned a, char *out, size_t len)
{
	struct scenario v6 = *s;

	v6.dhcp = s->dhcp6.pol;
	r_rule(&v6, a, out, len);
}

/**
 * r_served() - a tftp or http line: server, root, first served file
 * @t: the line
 * @out: buffer
 * @len: its size
 */
static void r_served(const struct scn_tftp *t, char *out, size_t len)
{

	snprintf(out, len, "kind=%s root=%s serve=%zu%s%s%s%s", scn_server_name(t->kind),
		 t->root ? t->root : "-", t->nserve, t->nserve ? " " : "",
		 t->nserve ? t->serve[0].name : "", t->nserve ? "<-" : "",
		 t->nserve ? t->serve[0].src : "");
}

/** r_tftp() - "tftp": the tftp line (r_served()) */
static void r_tftp(const struct scenario *s, unsigned a, char *out, size_t len)
{
	r_served(&s->tftp, out, len);
}

/** r_http() - "http": the http line (r_served()), and " no-range" when set */
static void r_http(const struct scenario *s, unsigned a, char *out, size_t len)
{
	r_served(&s->http, out, len);
	if (s->http.no_range)
		snprintf(out + strlen(out), len - strlen(out), " no-range");
}

/**
 * r_xfail() - "xfail": stage and text
 * @s: scenario
 * @a: unused
 * @out: buffer
 * @len: its size
 */
static void r_xfail(const struct scenario *s, unsigned a, char *out, size_t len)
{
	snprintf(out, len, "%u \"%s\"", s->xfail.stage, s->xfail.text ? s->xfail.text : "");
}

/**
 * r_top() - "top": names, description, timeout
 * @s: scenario
 * @a: unused
 * @out: buffer
 * @len: its size
 */
static void r_top(const struct scenario *s, unsigned a, char *out, size_t len)
{
	snprintf(out, len, "%s base=%s inst=%s desc=%s timeout=%llus", s->name,
		 s->base_name, s->instance, s->description ? s->description : "-",
		 (unsigned long long)(s->timeout / SCN_NS_PER_SEC));
}

/** renderers - key prefix -> renderer (an index follows the prefix) */
static const struct {
	const char *prefix;
	void (*fn)(const struct scenario *s, unsigned a, char *out, size_t len);
} renderers[] = {
	{ "client", r_client }, { "rule6", r_rule6 }, { "rule", r_rule }, { "target", r_target },
	{ "lan6", r_lan6 },
	{ "fault", r_fault }, { "send", r_send }, { "stage", r_stage }, { "dhcp", r_dhcp },
	{ "lan", r_lan }, { "tftp", r_tftp }, { "http", r_http }, { "xfail", r_xfail }, { "top", r_top },
};

/**
 * render() - a model part as text, independent of dump.c
 * @s:   scenario
 * @key: "client0", "expect0.1" (stage 0, expectation 1), "rule0", "dhcp",
 *       "lan", "tftp", "target0", "fault0", "stage0", "xfail", "top"
 * @out: buffer
 * @len: its size
 */
static void render(const struct scenario *s, const char *key, char *out,
		   size_t len)
{
	unsigned a = 0, b = 0;
	size_t i, n;

	out[0] = 0;
	if (sscanf(key, "expect%u.%u", &a, &b) == 2) {
		const struct scn_expect *e = &s->stages[a].ex[b];

		snprintf(out, len, "proto=%d verb=%s dir=%d client=%d neg=%d times=%u",
			 e->proto, e->verb, e->dir, e->client, e->negate, e->times);
		put_matches(out, len, e->m, e->nm);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(renderers); i++) {
		n = strlen(renderers[i].prefix);
		if (!strncmp(key, renderers[i].prefix, n)) {
			renderers[i].fn(s, (unsigned)strtoul(key + n, NULL, 10), out, len);
			return;
		}
	}
	ck_abort_msg("unknown render key %s", key);
}

/** struct good - a snippet and what one part of the model must read */
struct good {
	const char *body;
	const char *key;
	const char *want;
};

static const struct good goods[] = {
	/* defaults */
	{ "", "top", "t base=t inst= desc=- timeout=300s" },
	{ "", "lan", "10.0.2.0/24 gw=10.0.2.2 given=0" },
	{ "", "client0", "pc1 fw=0 nic=virtio-net dev=virtio-net-pci rom=efi-virtio.rom pxe=0 mem=512 mac=52:54:00:12:34:56 given=0 accel=0" },
	{ "", "dhcp", "kind=none pool=0.0.0.0-0.0.0.0 lease=3600s res=0 nopxe=0 proxy=0 rules=0" },
	/* scenario block */
	{ "scenario t\n  description \"a \\\"quoted\\\" \\\\ text\"\n  timeout 2m\nclient pc1", "top",
	  "t base=t inst= desc=a \"quoted\" \\ text timeout=120s" },
	/* lan */
	{ "lan 192.168.7.0/24", "lan", "192.168.7.0/24 gw=192.168.7.2 given=1" },
	{ "lan 10.9.0.0/16 gateway 10.9.3.1", "lan", "10.9.0.0/16 gw=10.9.3.1 given=1" },
	/* lan6 and dhcp6 */
	{ "", "lan6", "given=0 :: only=0 ra=managed life=0s dhcp6=none pool=::-:: lease=3600s rules=0" },
	{ "lan6 fd00::/64", "lan6", "given=1 fd00:: only=0 ra=managed life=1800s dhcp6=none pool=::-:: lease=3600s rules=0" },
	{ "lan6 fd00:1:2:3::/64 only ra other router-lifetime 0s", "lan6",
	  "given=1 fd00:1:2:3:: only=1 ra=other life=0s dhcp6=none pool=::-:: lease=3600s rules=0" },
	{ "lan6 fd00::/64 ra slaac\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  lease 10m\n  otherwise file x", "lan6",
	  "given=1 fd00:: only=0 ra=slaac life=1800s dhcp6=builtin pool=fd00::100-fd00::1ff lease=600s rules=1" },
	{ "lan6 fd00::/64\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  when user-class \"iPXE\" vendor-class ^PXEClient file \"boot.ipxe\"\n  otherwise no-boot",
	  "rule60", "rule-1 otherwise=0 | user-class = iPXE | vendor-class REGEX ^PXEClient (re) > file=boot.ipxe" },
	{ "lan6 fd00::/64\ndhcp builtin\n  pool 10.0.2.9 - 10.0.2.9\n  when user-class \"iPXE\" file a name ipxe\ndhcp6 builtin\n  pool fd00::100 - fd00::1ff\n  when user-class \"iPXE\" file \"tftp://[fd00::2]/b\" name ipxe",
	  "rule60", "ipxe otherwise=0 | user-class = iPXE > file=tftp://[fd00::2]/b" },
	/* clients */
	{ "client pc2 firmware bios nic e1000", "client1",
	  "pc2 fw=1 nic=e1000 dev=e1000 rom=pxe-e1000.rom pxe=1 mem=256 mac=52:54:00:12:34:57 given=0 accel=0" },
	{ "client pc2 nic rtl8139 pxe ipxe-rom memory 512 mac 02:00:00:AA:bb:01 accel kvm",
	  "client1", "pc2 fw=0 nic=rtl8139 dev=rtl8139 rom=efi-rtl8139.rom pxe=1 mem=512 mac=02:00:00:aa:bb:01 given=1 accel=1" },
	/* no pxe: OVMF's own PXE drives only virtio-net, so pcnet gets its iPXE ROM */
	{ "client pc2 nic pcnet", "client1",
	  "pc2 fw=0 nic=pcnet dev=pcnet rom=efi-pcnet.rom pxe=1 mem=512 mac=52:54:00:12:34:57 given=0 accel=0" },
	{ "client pc2 nic e1000e mac 52:54:00:12:34:56\nclient pc3", "client0",
	  "pc1 fw=0 nic=virtio-net dev=virtio-net-pci rom=efi-virtio.rom pxe=0 mem=512 mac=52:54:00:12:34:57 given=0 accel=0" },
	{ "client pc2 nic e1000e mac 52:54:00:12:34:56\nclient pc3", "client2",
	  "pc3 fw=0 nic=virtio-net dev=virtio-net-pci rom=efi-virtio.rom pxe=0 mem=512 mac=52:54:00:12:34:58 given=0 accel=0" },
	{ "client pc2 firmware bios nic e1000 uuid 50584C41-4e45-5442-4f4f-540000000001", "client1",
	  "pc2 fw=1 nic=e1000 dev=e1000 rom=pxe-e1000.rom pxe=1 mem=256 mac=52:54:00:12:34:57 given=0 accel=0 uuid=50584c41-4e45-5442-4f4f-540000000001" },
	/* dhcp block */
	{ "dhcp builtin\n  pool 10.0.2.100 - 10.0.2.199\n  lease 30m\n  reserve 52:54:00:12:34:56 10.0.2.50\n  no-pxedhcp",
	  "dhcp", "kind=builtin pool=10.0.2.100-10.0.2.199 lease=1800s res=1 nopxe=1 proxy=0 rules=0" },
	{ "dhcp dnsmasq\n  pool 10.0.2.20-10.0.2.30", "dhcp",
	  "kind=dnsmasq pool=10.0.2.20-10.0.2.30 lease=3600s res=0 nopxe=0 proxy=0 rules=0" },
	{ "dhcp kea\n  proxy\n  otherwise file \"x\"", "dhcp",
	  "kind=kea pool=0.0.0.0-0.0.0.0 lease=3600s res=0 nopxe=0 proxy=1 rules=1" },
	{ "dhcp slirp\n  otherwise file undionly.kpxe", "rule0",
	  "rule-1 otherwise=1 > file=undionly.kpxe" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when user-class \"iPXE\" root-path \"iscsi:10.0.2.4::::iqn.2026-11.org.x:y\"",
	  "rule0", "rule-1 otherwise=0 | user-class = iPXE > root-path=iscsi:10.0.2.4::::iqn.2026-11.org.x:y" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when arch 7 nbp-count < 1 file \"snponly.efi\" next-server 10.0.2.2",
	  "rule0", "rule-1 otherwise=0 | arch = 7 | nbp-count < 1 > file=snponly.efi > siaddr=10.0.2.2" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when vendor-class \"HTTPClient\" file \"http://a/b.efi\" no-option 60",
	  "rule0", "rule-1 otherwise=0 | vendor-class = HTTPClient > file=http://a/b.efi > no-option" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when vendor-class ^PXEClient file \"undionly.kpxe\"",
	  "rule0", "rule-1 otherwise=0 | vendor-class REGEX ^PXEClient (re) > file=undionly.kpxe" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when mac 52:54:00:12:34:56 ipxe-feature iscsi option 66 \"10.0.2.2\" name my-rule",
	  "rule0", "my-rule otherwise=0 | mac = 52:54:00:12:34:56 | ipxe-feature HAS iscsi > option-66=10.0.2.2" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when client pc1 siaddr 10.0.2.3 sname boot\n otherwise no-boot",
	  "rule1", "rule-2 otherwise=1 > no-boot" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when client pc1 siaddr 10.0.2.3 sname boot\n otherwise no-boot",
	  "rule0", "rule-1 otherwise=0 | client = pc1 > siaddr=10.0.2.3 > sname=boot" },
	{ "dhcp builtin\n pool 10.0.2.9 - 10.0.2.9\n when arch >= 6 ignore name rule-2\n when arch 0 file a",
	  "rule1", "rule-2-2 otherwise=0 | arch = 0 > file=a" },
	/* tftp and iscsi */
	{ "tftp builtin root fixtures/tftp\n  serve snponly.efi /usr/lib/ipxe/snponly.efi",
	  "tftp", "kind=builtin root=fixtures/tftp serve=1 snponly.efi<-/usr/lib/ipxe/snponly.efi" },
	{ "tftp slirp root \"dir with space\"", "tftp", "kind=slirp root=dir with space serve=0" },
	{ "http builtin root fixtures/tftp\n  serve disk.img vm-images/out/bios-marker.img",
	  "http", "kind=builtin root=fixtures/tftp serve=1 disk.img<-vm-images/out/bios-marker.img" },
	{ "http builtin no-range root h", "http", "kind=builtin root=h serve=0 no-range" },
	{ "tftp builtin root t\n  serve a.efi /x/a.efi\nhttp builtin root h\n  serve b.img /x/b.img",
	  "http", "kind=builtin root=h serve=1 b.img<-/x/b.img" },
	{ "iscsi builtin target iqn.2026-11.org.pxelab:boot image d.img", "target0",
	  "kind=builtin iqn.2026-11.org.pxelab:boot lun=0 d.img mode=0 addr=0.0.0.0 port=3260 chap=-/- mutual=-/-" },
	{ "iscsi tgt target iqn.2026-11.org.pxelab:boot image d.img readonly address 10.0.2.4 port 3261\n  chap user secret12345678 mutual tuser tsecret123456",
	  "target0", "kind=tgt iqn.2026-11.org.pxelab:boot lun=1 d.img mode=1 addr=10.0.2.4 port=3261 chap=user/secret12345678 mutual=tuser/tsecret123456" },
	{ "iscsi builtin target iqn.2026-11.org.pxelab:boot single-session image d.img", "target0",
	  "kind=builtin iqn.2026-11.org.pxelab:boot lun=0 d.img mode=0 addr=0.0.0.0 port=3260 chap=-/- mutual=-/- single-session" },
	{ "iscsi builtin image d.img lun 3 persistent target eui.02004567A425678D", "target0",
	  "kind=builtin eui.02004567A425678D lun=3 d.img mode=2 addr=0.0.0.0 port=3260 chap=-/- mutual=-/-" },
	/* faults */
	{ "fault pc1 rx loss 10% dup 2% reorder 5% delay 5ms jitter 2ms corrupt 0.5% seed 42",
	  "fault0", "client=0 dir=0 loss=100000 dup=20000 reorder=50000 corrupt=5000 delay=5000us jitter=2000us seed=42" },
	{ "on console \"Boot menu\" send \"<Down><Enter>\"", "send0",
	  "client=-1 keys=<Down><Enter> bytes=1b5b420d | text CONTAINS Boot menu" },
	{ "on console ~ \"^grub> ?$\" from pc1 send \"ls<lt>x<tab><F1><F12><ctrl-X><Esc>\"", "send0",
	  "client=0 keys=ls<lt>x<tab><F1><F12><ctrl-X><Esc> bytes=6c733c78091b4f501b5b32347e181b | text REGEX ^grub> ?$ (re)" },
	{ "fault pc1 both delay 1s", "fault0",
	  "client=0 dir=2 loss=0 dup=0 reorder=0 corrupt=0 delay=1000000us jitter=0us seed=1" },
	/* stages and expectations */
	{ "stage 1 \"firmware DHCP\"\n  expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class\n  within 30s",
	  "expect0.0", "proto=0 verb=discover dir=1 client=0 neg=0 times=1 | vendor-class REGEX ^PXEClient:Arch:00007 (re) | user-class ABSENT" },
	{ "stage 1 \"a\"\n  expect dhcp ack to pc1 file \"snponly.efi\" next-server 10.0.2.2 lease-time 1h",
	  "expect0.0", "proto=0 verb=ack dir=2 client=0 neg=0 times=1 | file = snponly.efi | siaddr = 10.0.2.2 | lease-time = 3600" },
	{ "stage 1 \"a\"\n  expect dhcp offer to pc1 option 60 \"PXEClient\" with root-path without option 43 arch != 0",
	  "expect0.0", "proto=0 verb=offer dir=2 client=0 neg=0 times=1 | option-60 = PXEClient | root-path PRESENT | option-43 ABSENT | arch != 0" },
	{ "stage 1 \"a\"\n  expect dhcp discover from pc1 user-class \"iPXE\" ipxe-feature iscsi",
	  "expect0.0", "proto=0 verb=discover dir=1 client=0 neg=0 times=1 | user-class = iPXE | ipxe-feature HAS iscsi" },
	{ "stage 1 \"a\"\n  expect dhcp ack to pc1 root-path ~ \"^iscsi:[0-9.]+:\" yiaddr ^10\\.0\\.2\\.",
	  "expect0.0", "proto=0 verb=ack dir=2 client=0 neg=0 times=1 | root-path REGEX ^iscsi:[0-9.]+: (re) | yiaddr REGEX ^10\\.0\\.2\\. (re)" },
	{ "stage 1 \"a\"\n  expect tftp request \"snponly.efi\" from pc1 option tsize option blksize=1468",
	  "expect0.0", "proto=1 verb=request dir=1 client=0 neg=0 times=1 | file = snponly.efi | option-tsize PRESENT | option-blksize = 1468" },
	{ "stage 1 \"a\"\n  expect tftp transfer \"snponly.efi\" complete\n  never tftp transfer \"snponly.efi\" complete times 2",
	  "expect0.1", "proto=1 verb=transfer dir=0 client=-1 neg=1 times=2 | file = snponly.efi | status = complete" },
	{ "stage 1 \"a\"\n  expect tftp error from pc1 code 8 message ~ \"abort\"",
	  "expect0.0", "proto=1 verb=error dir=1 client=0 neg=0 times=1 | code = 8 | message REGEX abort (re)" },
	{ "stage 1 \"a\"\n  expect iscsi login target iqn.2026-11.org.pxelab:boot status success",
	  "expect0.0", "proto=2 verb=login dir=0 client=-1 neg=0 times=1 | target = iqn.2026-11.org.pxelab:boot | status = success" },
	{ "stage 1 \"a\"\n  expect iscsi read lba 0 blocks >= 1 from pc1",
	  "expect0.0", "proto=2 verb=read dir=1 client=0 neg=0 times=1 | lba = 0 | blocks >= 1" },
	{ "stage 1 \"a\"\n  never iscsi command opcode report-luns",
	  "expect0.0", "proto=2 verb=command dir=0 client=-1 neg=1 times=1 | opcode = report-luns" },
	{ "stage 1 \"a\"\n  expect console \"iPXE\"\n  expect console ~ \"iPXE [0-9.]+\" from pc1 times 2",
	  "expect0.1", "proto=3 verb=line dir=1 client=0 neg=0 times=2 | text REGEX iPXE [0-9.]+ (re)" },
	{ "stage 1 \"a\"\n  expect http get \"/boot.ipxe\" status 200 to pc1",
	  "expect0.0", "proto=4 verb=get dir=2 client=0 neg=0 times=1 | path = /boot.ipxe | status = 200" },
	{ "stage 1 \"a\"\n  expect http range \"/disk.img\" range \"bytes=0-511\" status 206 bytes >= 512 within 1s",
	  "expect0.0", "proto=4 verb=range dir=0 client=-1 neg=0 times=1 | path = /disk.img | range = bytes=0-511 | status = 206 | bytes >= 512 | within = 1s" },
	{ "stage 1 \"a\"\n  never http head \"/disk.img\" status != 200",
	  "expect0.0", "proto=4 verb=head dir=0 client=-1 neg=1 times=1 | path = /disk.img | status != 200" },
	{ "stage 1 \"a\"\n  expect console \"iPXE\"", "expect0.0",
	  "proto=3 verb=line dir=0 client=-1 neg=0 times=1 | text CONTAINS iPXE" },
	{ "stage 1 \"one\"\n  expect console x\n  within 500ms\nstage 2 \"two\"\n  expect console y",
	  "stage0", "1 \"one\" within=500ms nex=1" },
	{ "stage 1 \"one\"\n  expect console x\nstage 2 \"two\"\n  expect console y\nxfail stage 2 \"file not found\"",
	  "xfail", "2 \"file not found\"" },
	/* variables: set, later use, $$ */
	{ "set iqn iqn.2026-11.org.pxelab:boot\niscsi builtin target ${iqn} image \"${iqn}.img\"",
	  "target0", "kind=builtin iqn.2026-11.org.pxelab:boot lun=0 iqn.2026-11.org.pxelab:boot.img mode=0 addr=0.0.0.0 port=3260 chap=-/- mutual=-/-" },
	{ "set d data\nstage 1 \"cost $$5 ${d}\"\n  expect console \"a$b\"", "stage0",
	  "1 \"cost $5 data\" within=0ms nex=1" },
	{ "set pre pc\nclient ${pre}2\nstage 1 \"a\"\n  expect console x from ${pre}2", "expect0.0",
	  "proto=3 verb=line dir=1 client=1 neg=0 times=1 | text CONTAINS x" },
	{ "# just a comment\n\t\n   # indented comment\r\n", "top",
	  "t base=t inst= desc=- timeout=300s" },
};

START_TEST(test_good_snippets)
{
	const struct good *g = &goods[_i];
	struct scn_list list;
	char *text = wrap(g->body), got[1024];

	parse_text(text, NULL, &list);
	ck_assert_uint_eq(list.n, 1);
	render(list.s[0], g->key, got, sizeof(got));
	ck_assert_msg(!strcmp(got, g->want), "snippet:\n%s\nkey %s\n got: %s\nwant: %s",
		      g->body, g->key, got, g->want);
	scn_list_free(&list);
	free(text);
}
END_TEST

static const char sketch[] =
	"# the example from the task\n"
	"scenario pxe-to-ipxe\n"
	"  description \"UEFI PXE firmware chainloads iPXE over TFTP; iPXE boots an iSCSI disk\"\n"
	"  timeout 180s\n"
	"set iqn iqn.2026-11.org.pxelab:boot\n"
	"matrix nic virtio-net e1000\n"
	"matrix fw uefi bios\n"
	"lan 10.0.2.0/24 gateway 10.0.2.2\n"
	"dhcp builtin\n"
	"  pool 10.0.2.100 - 10.0.2.199\n"
	"  when user-class \"iPXE\"   root-path \"iscsi:10.0.2.4:::0:${iqn}\"\n"
	"  otherwise                next-server 10.0.2.2  file \"snponly.efi\"\n"
	"tftp builtin root fixtures/tftp\n"
	"  serve snponly.efi /usr/lib/ipxe/snponly.efi\n"
	"iscsi builtin target ${iqn} lun 0 image vm-images/out/uefi-marker.img snapshot\n"
	"client pc1 firmware ${fw} nic ${nic}\n"
	"stage 1 \"firmware DHCP\"\n"
	"  expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class\n"
	"  within 30s\n";

START_TEST(test_matrix_expansion)
{
	static const char *const names[] = {
		"pxe-to-ipxe[nic=virtio-net,fw=uefi]", "pxe-to-ipxe[nic=virtio-net,fw=bios]",
		"pxe-to-ipxe[nic=e1000,fw=uefi]", "pxe-to-ipxe[nic=e1000,fw=bios]",
	};
	struct scn_list list;
	size_t i;

	parse_text(sketch, NULL, &list);
	ck_assert_uint_eq(list.n, 4);
	for (i = 0; i < 4; i++) {
		ck_assert_str_eq(list.s[i]->name, names[i]);
		ck_assert_str_eq(list.s[i]->base_name, "pxe-to-ipxe");
		ck_assert_str_eq(list.s[i]->clients[0].nic, i < 2 ? "virtio-net" : "e1000");
		ck_assert_int_eq(list.s[i]->clients[0].fw, i % 2 ? SCN_FW_BIOS : SCN_FW_UEFI);
		/* OVMF's own PXE drives only virtio-net: e1000 gets its iPXE ROM */
		ck_assert_int_eq(list.s[i]->clients[0].pxe, i ? SCN_PXE_IPXE_ROM : SCN_PXE_NATIVE);
		ck_assert_str_eq(list.s[i]->targets[0].iqn, "iqn.2026-11.org.pxelab:boot");
	}
	scn_list_free(&list);
}
END_TEST

/**
 * pick_first() - struct scn_parse_opts pick: instance 0 only
 * @k:   instance
 * @n:   instances
 * @arg: unused
 *
 * Return: 1 for the first.
 */
static int pick_first(size_t k, size_t n, void *arg)
{
	(void)n;
	(void)arg;
	return k == 0;
}

/**
 * pick_odd() - struct scn_parse_opts pick: instances 1, 3, 5 ...
 * @k:   instance
 * @n:   instances
 * @arg: counts the calls (int *)
 *
 * Return: 1 for odd @k.
 */
static int pick_odd(size_t k, size_t n, void *arg)
{
	ck_assert_uint_eq(n, 4);
	++*(int *)arg;
	return (int)(k & 1);
}

START_TEST(test_matrix_pick)
{
	static const char bad[] = "scenario t\nmatrix fw uefi efi\nclient pc1 firmware ${fw}\n"
				  "stage 1 \"s\"\n expect console x\n";
	int calls = 0;
	struct scn_parse_opts o = { pick_odd, &calls };
	struct scn_list list;
	struct scn_diag d;

	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer_opts("t.scn", sketch, strlen(sketch), NULL, &o, &list, &d), 0);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_str_eq(list.s[0]->name, "pxe-to-ipxe[nic=virtio-net,fw=bios]");
	ck_assert_str_eq(list.s[1]->name, "pxe-to-ipxe[nic=e1000,fw=bios]");
	ck_assert_int_ge(calls, 4);
	scn_list_free(&list);
	/* an instance not picked is not parsed: its mistake goes unreported */
	o.pick = NULL;
	ck_assert_int_eq(scn_parse_buffer_opts("t.scn", bad, strlen(bad), NULL, &o, &list, &d), -EINVAL);
	ck_assert_uint_eq(d.errors, 1);
	scn_diag_free(&d);
	scn_diag_init(&d);
	o.pick = pick_first;
	ck_assert_int_eq(scn_parse_buffer_opts("t.scn", bad, strlen(bad), NULL, &o, &list, &d), 0);
	ck_assert_uint_eq(list.n, 1);
	ck_assert_uint_eq(d.errors, 0);
	scn_list_free(&list);
	scn_diag_free(&d);
}
END_TEST

START_TEST(test_matrix_pinned_by_preset)
{
	struct scn_vars v = { 0 };
	struct scn_list list;

	ck_assert_int_eq(scn_vars_set_arg(&v, "nic=e1000"), 0);
	parse_text(sketch, &v, &list);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_str_eq(list.s[0]->name, "pxe-to-ipxe[nic=e1000,fw=uefi]");
	ck_assert_str_eq(list.s[1]->clients[0].nic, "e1000");
	scn_list_free(&list);
	/* a preset value outside the listed ones is allowed: it pins the run */
	ck_assert_int_eq(scn_vars_set_arg(&v, "nic=rtl8139"), 0);
	ck_assert_int_eq(scn_vars_set_arg(&v, "fw=uefi"), 0);
	parse_text(sketch, &v, &list);
	ck_assert_uint_eq(list.n, 1);
	ck_assert_str_eq(list.s[0]->name, "pxe-to-ipxe[nic=rtl8139,fw=uefi]");
	scn_list_free(&list);
	scn_vars_free(&v);
}
END_TEST

START_TEST(test_preset_overrides_set)
{
	struct scn_vars v = { 0 };
	struct scn_list list;
	struct scn_diag d;

	ck_assert_int_eq(scn_vars_set_arg(&v, "iqn=iqn.2000-01.com.example:other"), 0);
	ck_assert_int_eq(scn_vars_set_arg(&v, "unused=1"), 0);
	scn_diag_init(&d);
	ck_assert_int_eq(scn_parse_buffer("t.scn", sketch, strlen(sketch), &v,
					  &list, &d), 0);
	ck_assert_uint_eq(list.n, 4);
	ck_assert_str_eq(list.s[3]->targets[0].iqn, "iqn.2000-01.com.example:other");
	ck_assert_str_eq(list.s[3]->dhcp.rules[0].act[0].value,
			 "iscsi:10.0.2.4:::0:iqn.2000-01.com.example:other");
	ck_assert_uint_eq(d.warnings, 1);
	ck_assert_str_eq(d.msg[0].text, "variable 'unused' given on the command line is never used");
	scn_list_free(&list);
	scn_diag_free(&d);
	scn_vars_free(&v);
}
END_TEST

START_TEST(test_vars_api)
{
	struct scn_vars v = { 0 };

	ck_assert_int_eq(scn_vars_set_arg(&v, "a=1=2"), 0);
	ck_assert_str_eq(scn_vars_get(&v, "a"), "1=2");
	ck_assert_int_eq(scn_vars_set_arg(&v, "a="), 0);
	ck_assert_str_eq(scn_vars_get(&v, "a"), "");
	ck_assert_int_eq(scn_vars_set_arg(&v, "noequals"), -EINVAL);
	ck_assert_int_eq(scn_vars_set_arg(&v, "=x"), -EINVAL);
	ck_assert_int_eq(scn_vars_set_arg(&v, "bad name=x"), -EINVAL);
	ck_assert_int_eq(scn_vars_set(&v, "$x", "y"), -EINVAL);
	ck_assert_ptr_null(scn_vars_get(&v, "b"));
	ck_assert_uint_eq(v.n, 1);
	scn_vars_free(&v);
}
END_TEST

/**
 * dump_str() - scn_dump() into a string, without its first (comment) line
 * @s: scenario
 *
 * Return: malloc'ed text.
 */
static char *dump_str(const struct scenario *s)
{
	char *buf = NULL, *nl;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	ck_assert_ptr_nonnull(f);
	scn_dump(s, f);
	fclose(f);
	nl = strchr(buf, '\n');
	ck_assert_ptr_nonnull(nl);
	memmove(buf, nl + 1, strlen(nl + 1) + 1);
	return buf;
}

START_TEST(test_dump_round_trip)
{
	static const char extra[] =
		"dhcp builtin\n pool 10.0.2.9 - 10.0.2.20\n reserve 52:54:00:00:00:09 10.0.2.30\n"
		" when arch >= 6 vendor-class \"a \\\"b\\\" $$c\" option 66 \"x\\\\y\" name r1\n"
		" otherwise no-boot option 3 \"10.0.2.2\"\n"
		"tftp builtin root \"a dir\"\n serve \"x y\" \"/p q\"\n"
		"iscsi tgt target iqn.2026-11.a:b image x.img lun 2 persistent\n chap u secretsecret1\n"
		"fault pc1 tx loss 0.25% jitter 3ms\n"
		"on console ~ \"^a\\\\.b\" from pc1 send \"x<lt><Down>\\\"\"\n"
		"stage 1 \"s $$1\"\n expect tftp request ^snp option tsize option x=$$y from pc1\n"
		" never dhcp nak to pc1 times 3 without option 60\n"
		" expect console ~ \"^a\\\\.b\" from pc1\n within 2m\n"
		"xfail stage 1 \"why\"\n";
	char *text = wrap(extra), *one, *two;
	struct scn_list a, b;

	parse_text(text, NULL, &a);
	one = dump_str(a.s[0]);
	parse_text(one, NULL, &b);
	two = dump_str(b.s[0]);
	ck_assert_str_eq(one, two);
	ck_assert_str_eq(b.s[0]->dhcp.rules[0].cond[1].value, "a \"b\" $c");
	ck_assert_str_eq(b.s[0]->dhcp.rules[0].act[0].value, "x\\y");
	ck_assert_str_eq(b.s[0]->stages[0].ex[0].m[2].field, "option-x");
	ck_assert_str_eq(b.s[0]->stages[0].ex[0].m[2].value, "$y");
	ck_assert_ptr_nonnull(strstr(one, "  when arch >= 6 vendor-class \"a \\\"b\\\" $$c\" option 66 \"x\\\\y\" name r1\n"));
	ck_assert_ptr_nonnull(strstr(one, "fault pc1 tx loss 0.25% jitter 3ms seed 1\n"));
	ck_assert_ptr_nonnull(strstr(one, "on console ~ \"^a\\\\.b\" from pc1 send \"x<lt><Down>\\\"\"\n"));
	ck_assert_uint_eq(b.s[0]->sends[0].nbytes, 6);
	free(one);
	free(two);
	scn_list_free(&a);
	scn_list_free(&b);
	free(text);
	/* the sketch's instances too (each parses back under its base name) */
	parse_text(sketch, NULL, &a);
	one = dump_str(a.s[2]);
	parse_text(one, NULL, &b);
	two = dump_str(b.s[0]);
	ck_assert_str_eq(one, two);
	ck_assert_str_eq(b.s[0]->name, "pxe-to-ipxe");
	free(one);
	free(two);
	scn_list_free(&a);
	scn_list_free(&b);
}
END_TEST

/* dead ends: the built-ins in force unless turned off, then the scenario's own; the dump keeps only what was written */
START_TEST(test_dead_ends)
{
	static const char body[] = "dead-end off grub-prompt\ndead-end off pxe-error\ndead-end idle 20s\n"
				   "dead-end \"Oops\"\ndead-end ~ \"^a\\\\.b$$\"\n";
	char *text = wrap(body), *one, *two;
	const struct scenario *sc;
	struct scn_list a, b;
	size_t i;

	parse_text(text, NULL, &a);
	sc = a.s[0];
	ck_assert_uint_eq(sc->dead_ends.n, scn_ndead_end_builtins - 2 + 2);
	ck_assert_uint_eq(sc->dead_ends.idle, 20ULL * SCN_NS_PER_SEC);
	for (i = 0; i < sc->dead_ends.n; i++)
		ck_assert(!sc->dead_ends.v[i].name || (strcmp(sc->dead_ends.v[i].name, "grub-prompt") &&
						       strcmp(sc->dead_ends.v[i].name, "pxe-error")));
	ck_assert_ptr_null(scn_dead_end_find(sc, "grub> "));
	ck_assert_str_eq(scn_dead_end_find(sc, "Kernel panic - not syncing")->name, "kernel-panic");
	ck_assert_ptr_null(scn_dead_end_find(sc, "an Oops")->name);
	ck_assert_uint_eq(scn_dead_end_find(sc, "a.b")->m.loc.line, 7);
	ck_assert_ptr_null(scn_dead_end_find(sc, "axb"));
	one = dump_str(sc);
	ck_assert_ptr_nonnull(strstr(one, "dead-end off grub-prompt\ndead-end off pxe-error\ndead-end idle 20s\n"
					  "dead-end \"Oops\"\ndead-end ~ \"^a\\\\.b$$\"\n"));
	parse_text(one, NULL, &b);
	two = dump_str(b.s[0]);
	ck_assert_str_eq(one, two);
	free(one);
	free(two);
	scn_list_free(&a);
	scn_list_free(&b);
	free(text);
	/* no dead-end line: every built-in, the default idle time, nothing dumped */
	text = wrap("");
	parse_text(text, NULL, &a);
	ck_assert_uint_eq(a.s[0]->dead_ends.n, scn_ndead_end_builtins);
	ck_assert_uint_eq(a.s[0]->dead_ends.idle, SCN_IDLE_DEFAULT);
	ck_assert_str_eq(scn_dead_end_find(a.s[0], "  grub> ")->name, "grub-prompt");
	ck_assert_str_eq(scn_dead_end_find(a.s[0], "  PXE-E23: Client received TFTP error")->name, "pxe-error");
	one = dump_str(a.s[0]);
	ck_assert_ptr_null(strstr(one, "dead-end"));
	free(one);
	scn_list_free(&a);
	free(text);
}
END_TEST

START_TEST(test_expect_format)
{
	static const char body[] = "stage 1 \"s\"\n"
		"  expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class\n";
	char *text = wrap(body), buf[256], small[12];
	struct scn_list list;

	parse_text(text, NULL, &list);
	ck_assert_int_eq(scn_expect_format(list.s[0], &list.s[0]->stages[0].ex[0],
					   buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "expect dhcp discover from pc1 vendor-class ^PXEClient:Arch:00007 without user-class");
	ck_assert_int_eq(scn_expect_format(list.s[0], &list.s[0]->stages[0].ex[0],
					   small, sizeof(small)), 0);
	ck_assert_str_eq(small, "expect dhcp");
	scn_list_free(&list);
	free(text);
	/* values as written, not re-escaped for the file syntax (issue 13) */
	text = wrap("stage 1 \"s\"\n  expect tftp request ~ \"pxelinux\\.0$$\" option x=$$y\n"
		    "  expect console \"say \\\"hi\\\" \\\\ $$HOME\"\n");
	parse_text(text, NULL, &list);
	ck_assert_int_eq(scn_expect_format(list.s[0], &list.s[0]->stages[0].ex[0], buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "expect tftp request ~ \"pxelinux\\.0$\" option x=$y");
	ck_assert_int_eq(scn_expect_format(list.s[0], &list.s[0]->stages[0].ex[1], buf, sizeof(buf)), 0);
	ck_assert_str_eq(buf, "expect console \"say \"hi\" \\ $HOME\"");
	scn_list_free(&list);
	free(text);
}
END_TEST

START_TEST(test_values)
{
	uint64_t v, ns;
	uint32_t ip, net, ppm;
	unsigned prefix;
	uint8_t mac[6];
	char buf[32];

	ck_assert_int_eq(scn_parse_u64("0x1F", 100, &v), 0);
	ck_assert_uint_eq(v, 31);
	ck_assert_int_eq(scn_parse_u64("99999999999999999999999", UINT64_MAX, &v), -ERANGE);
	ck_assert_int_eq(scn_parse_u64("12a", 100, &v), -EINVAL);
	ck_assert_int_eq(scn_parse_u64("", 100, &v), -EINVAL);
	ck_assert_int_eq(pxl_ip_parse("10.0.2.255", &ip), 0);
	ck_assert_uint_eq(ip, 0x0a0002ff);
	ck_assert_int_eq(pxl_ip_parse("10.0.2.256", &ip), -EINVAL);
	ck_assert_int_eq(pxl_ip_parse("10.0.2", &ip), -EINVAL);
	ck_assert_int_eq(pxl_ip_parse("10.0.2.1.", &ip), -EINVAL);
	ck_assert_int_eq(pxl_ip_parse("1000.0.2.1", &ip), -EINVAL);
	ck_assert_int_eq(scn_parse_mac("52-54-00-12-34-56", mac), 0);
	ck_assert_int_eq(scn_parse_mac("52:54-00:12:34:56", mac), -EINVAL);
	ck_assert_int_eq(scn_parse_mac("01:00:5e:00:00:01", mac), -EDOM);
	ck_assert_int_eq(scn_parse_mac("52:54:00:12:34", mac), -EINVAL);
	ck_assert_int_eq(scn_parse_cidr("10.0.2.0/24", &net, &prefix), 0);
	ck_assert_int_eq(scn_parse_cidr("10.0.2.7/24", &net, &prefix), -EDOM);
	ck_assert_uint_eq(net, 0x0a000200);
	ck_assert_int_eq(scn_parse_cidr("10.0.2.0/31", &net, &prefix), -ERANGE);
	ck_assert_int_eq(scn_parse_cidr("10.0.2.0/", &net, &prefix), -EINVAL);
	ck_assert_int_eq(scn_parse_duration("500ms", &ns), 0);
	ck_assert_uint_eq(ns, 500000000ULL);
	ck_assert_int_eq(scn_parse_duration("2m", &ns), 0);
	ck_assert_uint_eq(ns, 120 * SCN_NS_PER_SEC);
	ck_assert_int_eq(scn_parse_duration("169h", &ns), -ERANGE);
	ck_assert_int_eq(scn_parse_duration("99999999999999999999999999s", &ns), -ERANGE);
	ck_assert_int_eq(scn_parse_duration("1.5s", &ns), -EINVAL);
	ck_assert_int_eq(scn_parse_duration("30", &ns), -EINVAL);
	ck_assert_int_eq(scn_parse_percent("0.5%", &ppm), 0);
	ck_assert_uint_eq(ppm, 5000);
	ck_assert_int_eq(scn_parse_percent("100.0001%", &ppm), -ERANGE);
	ck_assert_int_eq(scn_parse_percent("5", &ppm), -EINVAL);
	ck_assert_int_eq(scn_check_iqn("iqn.2026-11.org.pxelab:boot"), 0);
	ck_assert_int_eq(scn_check_iqn("iqn.2026-13.org.pxelab:boot"), -EINVAL);
	ck_assert_int_eq(scn_check_iqn("iqn.2026-11.Org"), -EINVAL);
	ck_assert_int_eq(scn_check_iqn("naa.0123456789abcdef"), 0);
	ck_assert_int_eq(scn_check_iqn("eui.0123"), -EINVAL);
	scn_fmt_duration(90 * SCN_NS_PER_SEC, buf, sizeof(buf));
	ck_assert_str_eq(buf, "90s");
	scn_fmt_duration(7200 * SCN_NS_PER_SEC, buf, sizeof(buf));
	ck_assert_str_eq(buf, "2h");
	scn_fmt_percent(250, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0.025%");
	/* pxl_ip_str() writes digits by hand: every width of a part, both ends */
	pxl_ip_str(0, buf);
	ck_assert_str_eq(buf, "0.0.0.0");
	pxl_ip_str(0xffffffffu, buf);
	ck_assert_str_eq(buf, "255.255.255.255");
	pxl_ip_str(0x0a006409u, buf);
	ck_assert_str_eq(buf, "10.0.100.9");
	pxl_ip_str(0xc0a8630au, buf);
	ck_assert_str_eq(buf, "192.168.99.10");
}
END_TEST

START_TEST(test_suggest)
{
	struct scn_suggest sg;

	ck_assert_uint_eq(scn_edit_distance("firmwrae", "firmware"), 1);
	ck_assert_uint_eq(scn_edit_distance("Client", "client"), 0);
	scn_suggest_init(&sg, "nci");
	scn_suggest_add(&sg, "nic");
	scn_suggest_add(&sg, "mac");
	ck_assert_str_eq(scn_suggest_best(&sg), "nic");
	scn_suggest_init(&sg, "zzzzzz");
	scn_suggest_add(&sg, "client");
	ck_assert_ptr_null(scn_suggest_best(&sg));
}
END_TEST

START_TEST(test_docs_cover_keywords)
{
	const char *kw[512];
	size_t n = scn_keywords(kw, 512), len, i;
	char *doc = (char *)pxl_test_fixture("../docs/scenario-language.md", &len);
	char *z = realloc(doc, len + 1);

	ck_assert_uint_lt(n, 512);
	ck_assert_uint_gt(n, 100);
	ck_assert_ptr_nonnull(z);
	z[len] = 0;
	for (i = 0; i < n; i++) {
		char needle[80];

		snprintf(needle, sizeof(needle), "`%s", kw[i]);
		ck_assert_msg(strstr(z, needle) != NULL,
			      "docs/scenario-language.md never shows keyword '%s' in `code`",
			      kw[i]);
	}
	free(z);
}
END_TEST

START_TEST(test_vocabulary)
{
	const struct scn_proto_def *pd = scn_proto_lookup("dhcp");

	ck_assert_ptr_nonnull(pd);
	ck_assert_ptr_eq(scn_proto_get(SCN_PROTO_TFTP), scn_proto_lookup("tftp"));
	ck_assert_ptr_null(scn_proto_get(SCN_PROTO_COUNT));
	ck_assert_uint_eq(scn_feature_lookup("iscsi")->code, 0x11);
	ck_assert_str_eq(scn_feature_by_code(0x13)->name, "http");
	ck_assert_ptr_null(scn_feature_lookup("nope"));
	ck_assert_str_eq(scn_field_find(pd->fields, pd->nfields, "next-server")->name,
			 "siaddr");
}
END_TEST

/* clients without `uuid` get one derived from the scenario and client names */
START_TEST(test_client_uuid)
{
	static const char text[] =
		"scenario client-identity\n"
		"client pc1 firmware bios nic e1000\n"
		"client pc2 firmware bios nic e1000\n"
		"client pc3 firmware bios nic e1000 uuid 50584C41-4e45-5442-4f4f-540000000001\n"
		"stage 1 \"s\"\n  expect console \"x\"\n";
	char a[37], b[37], c[37], again[37];
	struct scn_list list;
	struct scenario *sc;

	parse_text(text, NULL, &list);
	sc = list.s[0];
	scn_client_uuid(sc, &sc->clients[0], a);
	scn_client_uuid(sc, &sc->clients[1], b);
	scn_client_uuid(sc, &sc->clients[2], c);
	/* the values scenarios/client-identity.scn asserts on the wire */
	ck_assert_str_eq(a, "95c272f4-4344-816b-a78b-f8c92eeaa278");
	ck_assert_str_eq(b, "045bef5d-c0c5-8516-b100-fbe12c8d00c2");
	ck_assert_str_eq(c, "50584c41-4e45-5442-4f4f-540000000001");
	ck_assert_str_eq(scn_client_uuid(sc, &sc->clients[0], again), a);
	/* another scenario (or matrix instance) name: another UUID */
	free(sc->name);
	sc->name = strdup("client-identity[x=1]");
	ck_assert_str_ne(scn_client_uuid(sc, &sc->clients[0], again), a);
	ck_assert_int_eq(again[14], '8');
	ck_assert_ptr_nonnull(strchr("89ab", again[19]));
	scn_list_free(&list);
}
END_TEST

/**
 * parse_suite() - the suite
 *
 * Return: it.
 */
static Suite *parse_suite(void)
{
	Suite *s = suite_create("scenario_parse");
	TCase *tc = tcase_create("parse");

	tcase_add_loop_test(tc, test_good_snippets, 0,
			    (int)(ARRAY_SIZE(goods)));
	tcase_add_test(tc, test_matrix_expansion);
	tcase_add_test(tc, test_matrix_pick);
	tcase_add_test(tc, test_matrix_pinned_by_preset);
	tcase_add_test(tc, test_preset_overrides_set);
	tcase_add_test(tc, test_vars_api);
	tcase_add_test(tc, test_dump_round_trip);
	tcase_add_test(tc, test_dead_ends);
	tcase_add_test(tc, test_expect_format);
	tcase_add_test(tc, test_values);
	tcase_add_test(tc, test_suggest);
	tcase_add_test(tc, test_docs_cover_keywords);
	tcase_add_test(tc, test_vocabulary);
	tcase_add_test(tc, test_client_uuid);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(parse_suite)
