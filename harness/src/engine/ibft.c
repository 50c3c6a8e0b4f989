/* ibft.c - a guest's iBFT field, as its console reports it, against what the wire handed out
 *
 * A guest image prints each field of the iSCSI Boot Firmware Table it read
 * as "pxelab-ibft: KEY=VALUE" (vm-images/linux-iscsi: /sbin/init).  Each
 * such line becomes an observation "ibft KEY" carrying the guest's value,
 * the value the wire says iPXE must have put there (the DHCP ACK that gave
 * the client its root path, its first iSCSI login, its MAC), where that
 * came from, and whether the two agree; `expect ibft KEY` is met only by
 * one that agrees.  The console line and the DHCP fields are untrusted:
 * every read is bounded (fuzz target fuzz_ibft).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/addr.h"
#include "core/util.h"
#include "engine/engine_priv.h"
#include "engine/ibft.h"

/**
 * struct ibft_wire - what the wire says about one client
 * @mac:   the client's MAC
 * @ack:   the latest DHCP ACK to it with a root path, or NULL
 * @login: its first successful iSCSI login, or NULL
 * @rp:    the root path's fields: server, protocol, port, LUN, target
 *         ("" where the root path leaves one empty)
 */
struct ibft_wire {
	const uint8_t *mac;
	const struct pxl_obs *ack;
	const struct pxl_obs *login;
	char rp[5][224];
};

/**
 * struct ibft_key - one iBFT field and where its expected value comes from
 * @key:  the KEY the guest prints (an `expect ibft` verb, lang/vocab.c)
 * @from: where the expected value comes from, for summaries
 * @get:  the expected value, NULL when the wire has none
 */
struct ibft_key {
	const char *key;
	const char *from;
	const char *(*get)(const struct ibft_wire *w, char *buf, size_t len);
};

/** rp_field() - root-path field @i, or NULL when empty; Return: as said */
static const char *rp_field(const struct ibft_wire *w, int i)
{
	return w->ack && w->rp[i][0] ? w->rp[i] : NULL;
}

/** get_initiator() - Return: the initiator name of the first login, or NULL */
static const char *get_initiator(const struct ibft_wire *w, char *buf, size_t len)
{
	return w->login ? pxl_obs_field(w->login, "initiator") : NULL;
}

/** get_target() - Return: the root path's target name, or NULL */
static const char *get_target(const struct ibft_wire *w, char *buf, size_t len)
{
	return rp_field(w, 4);
}

/** get_target_ip() - Return: the root path's server, or NULL */
static const char *get_target_ip(const struct ibft_wire *w, char *buf, size_t len)
{
	return rp_field(w, 0);
}

/** get_port() - Return: the root path's port, 3260 when it leaves it empty */
static const char *get_port(const struct ibft_wire *w, char *buf, size_t len)
{
	return w->ack ? (rp_field(w, 2) ? rp_field(w, 2) : "3260") : NULL;
}

/**
 * get_lun() - the root path's LUN as Linux prints the iBFT's 8 LUN bytes
 * @w: wire; @buf, @len: out
 *
 * The root path's LUN is hexadecimal (RFC 4173); iPXE stores it in SAM
 * single-level form (byte 0: bits 8-13, byte 1: bits 0-7) and the kernel
 * prints each byte with %x, so LUN 0 is "00000000" and LUN 1 "01000000".
 * Return: the text, or NULL (no root path, or a LUN beyond 0x3fff).
 */
static const char *get_lun(const struct ibft_wire *w, char *buf, size_t len)
{
	const char *v = w->ack ? (rp_field(w, 3) ? rp_field(w, 3) : "0") : NULL;
	char *end;
	unsigned long lun;

	if (!v)
		return NULL;
	lun = strtoul(v, &end, 16);
	if (*end || lun > 0x3fff)
		return NULL;
	snprintf(buf, len, "%lx%lx000000", lun >> 8, lun & 0xff);
	return buf;
}

/** get_mac() - Return: the client's MAC */
static const char *get_mac(const struct ibft_wire *w, char *buf, size_t len)
{
	return len >= PXL_MAC_STR ? pxl_mac_str(w->mac, buf) : NULL;
}

/** get_yiaddr() - Return: the address the ACK gave, or NULL */
static const char *get_yiaddr(const struct ibft_wire *w, char *buf, size_t len)
{
	return w->ack ? pxl_obs_field(w->ack, "yiaddr") : NULL;
}

/** get_server_id() - Return: the ACK's server identifier, or NULL */
static const char *get_server_id(const struct ibft_wire *w, char *buf, size_t len)
{
	return w->ack ? pxl_obs_field(w->ack, "server-id") : NULL;
}

/**
 * opt_ip() - an IPv4 option of the ACK as the observer wrote it ("0a:00:02:02")
 * @w: wire; @code: option; @ip: out: the address in host order
 *
 * Return: 0, or -1 when absent or not 4 bytes.
 */
static int opt_ip(const struct ibft_wire *w, int code, uint32_t *ip)
{
	char key[16];
	const char *v;
	unsigned b[4];
	int n = 0;

	snprintf(key, sizeof(key), "option-%d", code);
	v = w->ack ? pxl_obs_field(w->ack, key) : NULL;
	if (!v || strlen(v) != 11 || sscanf(v, "%2x:%2x:%2x:%2x%n", &b[0], &b[1], &b[2], &b[3], &n) != 4 ||
	    n != 11)
		return -1;
	*ip = b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3];
	return 0;
}

/** get_gateway() - Return: the ACK's first router (option 3), or NULL */
static const char *get_gateway(const struct ibft_wire *w, char *buf, size_t len)
{
	uint32_t ip;

	return !opt_ip(w, 3, &ip) && len >= PXL_IP_STR ? pxl_ip_str(ip, buf) : NULL;
}

/** get_prefix() - Return: the prefix length of the ACK's subnet mask (option 1), or NULL */
static const char *get_prefix(const struct ibft_wire *w, char *buf, size_t len)
{
	uint32_t m;
	int bits = 0;

	if (opt_ip(w, 1, &m))
		return NULL;
	while (bits < 32 && (m << bits & 0x80000000u))
		bits++;
	snprintf(buf, len, "%d", bits);
	return buf;
}

/** ibft_keys - the fields compared, in the order the guest prints them */
static const struct ibft_key ibft_keys[] = {
	{ "initiator", "the initiator name of the client's first iSCSI login", get_initiator },
	{ "target", "the target of the DHCP root path", get_target },
	{ "target-ip", "the server of the DHCP root path", get_target_ip },
	{ "target-port", "the port of the DHCP root path (empty: 3260)", get_port },
	{ "lun", "the LUN of the DHCP root path, as Linux prints it", get_lun },
	{ "nic-mac", "the client's MAC", get_mac },
	{ "nic-ip", "the DHCP ACK's yiaddr", get_yiaddr },
	{ "nic-prefix", "the DHCP ACK's subnet mask (option 1)", get_prefix },
	{ "nic-gateway", "the DHCP ACK's router (option 3)", get_gateway },
	{ "nic-dhcp", "the DHCP ACK's server identifier (option 54)", get_server_id },
};

/**
 * pxl_ibft_known() - is @key an iBFT field the judge compares?
 * @key: "nic-ip" ...
 *
 * Return: 1 if it is.
 */
int pxl_ibft_known(const char *key)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(ibft_keys); i++)
		if (!strcmp(ibft_keys[i].key, key))
			return 1;
	return 0;
}

/**
 * split_root_path() - "iscsi:SERVER:PROTO:PORT:LUN:TARGET" into @w->rp
 * @w: wire (its @ack set)
 *
 * Return: 0, or -1 when the ACK's root path is no iSCSI one or too long.
 */
static int split_root_path(struct ibft_wire *w)
{
	const char *p = pxl_obs_field(w->ack, "root-path");
	size_t k, n;

	if (!p || strncmp(p, "iscsi:", 6))
		return -1;
	p += 6;
	for (k = 0; k < 5; k++) {
		n = k < 4 ? strcspn(p, ":") : strlen(p);
		if ((k < 4 && !p[n]) || n >= sizeof(w->rp[k]))
			return -1;
		memcpy(w->rp[k], p, n);
		w->rp[k][n] = '\0';
		p += n + (k < 4);
	}
	return 0;
}

/**
 * find_wire() - the client's root-path ACK and first login in @store
 * @w: out (its @mac set)
 * @store, @n: observations so far
 */
static void find_wire(struct ibft_wire *w, const struct pxl_obs *store, size_t n)
{
	const char *st;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pxl_obs *o = &store[i];

		if (!o->has_mac || memcmp(o->mac, w->mac, 6))
			continue;
		if (!strcmp(o->proto, "dhcp") && !strcmp(o->verb, "ack") && pxl_obs_field(o, "root-path")) {
			w->ack = o;
		} else if (!w->login && !strcmp(o->proto, "iscsi") && !strcmp(o->verb, "login") &&
			   (st = pxl_obs_field(o, "status")) && !strcmp(st, "success")) {
			w->login = o;
		}
	}
	if (w->ack && split_root_path(w))
		w->ack = NULL;
}

/**
 * pxl_ibft_obs() - the observation of one "pxelab-ibft: KEY=VALUE" console line
 * @line:   the console line
 * @client: the client's name (summary)
 * @mac:    its MAC
 * @store, @n: the run's observations so far (the wire side)
 * @t_ns:   when the line came
 * @out:    out: proto "ibft", verb KEY; fields value, wire and from (when
 *          the wire has a value), agrees (yes/no)
 *
 * Return: 1 if @line reports a field this file compares, else 0.
 */
int pxl_ibft_obs(const char *line, const char *client, const uint8_t mac[6],
		 const struct pxl_obs *store, size_t n, uint64_t t_ns, struct pxl_obs *out)
{
	const char *p = strstr(line, PXL_IBFT_PREFIX), *val, *want;
	struct ibft_wire w = { .mac = mac };
	char key[32], buf[64];
	size_t i, kl;

	if (!p)
		return 0;
	p += strlen(PXL_IBFT_PREFIX);
	kl = strcspn(p, "=");
	if (!p[kl] || kl >= sizeof(key))
		return 0;
	memcpy(key, p, kl);
	key[kl] = '\0';
	val = p + kl + 1;
	for (i = 0; i < ARRAY_SIZE(ibft_keys) && strcmp(ibft_keys[i].key, key); i++)
		;
	if (i == ARRAY_SIZE(ibft_keys))
		return 0;
	find_wire(&w, store, n);
	want = ibft_keys[i].get(&w, buf, sizeof(buf));
	memset(out, 0, offsetof(struct pxl_obs, text));
	out->t_ns = t_ns;
	out->port = -1;
	out->proto = "ibft";
	out->verb = ibft_keys[i].key;
	out->dir = PXL_OBS_FROM_CLIENT;
	memcpy(out->mac, mac, 6);
	out->has_mac = 1;
	pxl_eng_obs_add_field(out, "value", val);
	if (want) {
		pxl_eng_obs_add_field(out, "wire", want);
		pxl_eng_obs_add_field(out, "from", ibft_keys[i].from);
	}
	pxl_eng_obs_add_field(out, "agrees", want && !strcmp(want, val) ? "yes" : "no");
	if (want)
		snprintf(out->summary, sizeof(out->summary), "iBFT %s of %s: guest %.80s %s wire %.80s (%s)",
			 key, client, val, strcmp(want, val) ? "!=" : "==", want, ibft_keys[i].from);
	else
		snprintf(out->summary, sizeof(out->summary), "iBFT %s of %s: guest %.80s, nothing on the wire "
			 "to compare (%s: no DHCP ACK with an iscsi: root path, or no login, yet)",
			 key, client, val, ibft_keys[i].from);
	return 1;
}
