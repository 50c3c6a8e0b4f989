/* wire_dhcp6.c - DHCPv6 observations, decoded with the DHCPv6 service's own parser (services/dhcp6/dhcp6_msg.c)
 *
 * OVMF runs two DHCPv6 clients on one NIC (field notes, section 3a): Ip6Config,
 * which reacts to the RA's managed flag and asks only for an address (its
 * option request option lists 23), and PxeBc, which asks for the boot file
 * URL (59).  Both use the NIC's MAC, so the MAC cannot tell them apart.
 * Every dhcp6 observation therefore carries "exchange": "boot" when the
 * client's message of that transaction asked for option 59, "address" when
 * it asked for options without 59; a server message takes the kind of the
 * client message with the same transaction id (or, for a message with no
 * option request such as a RELEASE, of the client's earlier transaction on
 * the same IAID).  The judge (engine/match.c) leaves "address" exchanges out
 * of every dhcp6 expectation that does not name an exchange.
 */

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "services/dhcp6/dhcp6_msg.h"
#include "core/be.h"
#include "wire/wire_priv.h"

/**
 * wire_dhcp6_match() - is a datagram DHCPv6 (to a server's 547, or from it to a client's 546)?
 * @u: the datagram (IPv6)
 *
 * Return: 1 or 0.
 */
int wire_dhcp6_match(const struct wire_udp *u)
{
	return u->dport == DHCP6_SERVER_PORT ||
	       (u->sport == DHCP6_SERVER_PORT && u->dport == DHCP6_CLIENT_PORT);
}

/**
 * from_client() - is a message type one a client sends?
 * @type: message type
 *
 * Return: 1 or 0 (ADVERTISE, REPLY, RECONFIGURE).
 */
static int from_client(uint8_t type)
{
	return type != DHCP6_ADVERTISE && type != DHCP6_REPLY && type != DHCP6_RECONFIGURE;
}

/**
 * opaque_join() - the items of a list of { 16-bit length, bytes }, printable, joined by ','
 * @p:    the list
 * @len:  its length
 * @out:  output
 * @size: its size
 *
 * Return: @out ("" for an empty list; a truncated item ends it).
 */
static const char *opaque_join(const uint8_t *p, size_t len, char *out, size_t size)
{
	char item[WIRE_NAME_MAX];
	size_t off = 0, n, used = 0;
	int r;

	out[0] = '\0';
	while (len - off >= 2 && used + 1 < size) {
		n = pxl_get_be16(p + off);
		off += 2;
		if (n > len - off)
			break;
		wire_printable(item, sizeof(item), p + off, n);
		r = snprintf(out + used, size - used, "%s%s", used ? "," : "", item);
		if (r < 0 || (size_t)r >= size - used)
			break;	/* cut: the items that fitted stay */
		used += (size_t)r;
		off += n;
	}
	return out;
}

/**
 * xid6_find() - the transaction a message belongs to
 * @w:    observer
 * @xid:  its transaction id
 * @mac:  the client's MAC, or NULL
 * @iaid: the IAID of its first IA_NA, or NULL: then only @xid is looked up
 *
 * Return: the entry with @xid (and the client's MAC, when known), else the
 * latest one of the client on the same IAID, else NULL.
 */
static struct wire_xid6 *xid6_find(struct pxl_wire *w, uint32_t xid, const uint8_t *mac,
				   const uint32_t *iaid)
{
	struct wire_xid6 *e, *best = NULL;
	size_t i;

	for (i = 0; i < WIRE_XID6_MAX; i++) {
		e = &w->xid6[i];
		if (e->used && e->xid == xid && (!mac || !memcmp(e->mac, mac, 6)))
			return e;
	}
	for (i = 0; mac && iaid && i < WIRE_XID6_MAX; i++) {
		e = &w->xid6[i];
		if (e->used && e->has_iaid && e->iaid == *iaid && !memcmp(e->mac, mac, 6) &&
		    (!best || e->seen > best->seen))
			best = e;
	}
	return best;
}

/**
 * xid6_note() - remember a client message's transaction (the oldest entry makes room)
 * @w:    observer
 * @m:    the message
 * @mac:  the client's MAC
 * @ia:   its first IA_NA, or NULL
 * @boot: its exchange kind (1 boot, 0 address)
 * @t:    time
 */
static void xid6_note(struct pxl_wire *w, const struct dhcp6_msg *m, const uint8_t *mac,
		      const struct dhcp6_ia *ia, int boot, uint64_t t)
{
	struct wire_xid6 *e = xid6_find(w, m->xid, mac, NULL), *victim = &w->xid6[0];
	size_t i;

	for (i = 0; !e && i < WIRE_XID6_MAX; i++)
		if (!w->xid6[i].used || (victim->used && w->xid6[i].seen < victim->seen))
			victim = &w->xid6[i];
	if (!e) {
		e = victim;
		memset(e, 0, sizeof(*e));
		e->used = 1;
		e->xid = m->xid;
		memcpy(e->mac, mac, 6);
	}
	e->boot = boot;
	e->has_iaid = ia != NULL;
	e->iaid = ia ? ia->iaid : 0;
	e->seen = t;
	if (m->type == DHCP6_SOLICIT) {
		e->t_solicit = t;
		e->has_solicit = 1;
	} else {
		e->t_request = t;
		e->has_request = 1;
	}
}

/**
 * exchange_kind() - which of the client's exchanges a message is part of
 * @w:   observer
 * @m:   message
 * @mac: the client's MAC, or NULL
 * @ia:  its first IA_NA, or NULL
 * @x:   out: the transaction found, or NULL
 *
 * Return: 1 boot, 0 address, -1 unknown.
 */
static int exchange_kind(struct pxl_wire *w, const struct dhcp6_msg *m, const uint8_t *mac,
			 const struct dhcp6_ia *ia, struct wire_xid6 **x)
{
	size_t len;

	*x = xid6_find(w, m->xid, mac, NULL);
	if (from_client(m->type) && dhcp6_msg_opt(m, DHCP6_OPT_ORO, &len))
		return dhcp6_msg_oro_has(m, DHCP6_OPT_BOOTFILE_URL);
	if (!*x && ia)
		*x = xid6_find(w, m->xid, mac, &ia->iaid);
	if (*x)
		return (*x)->boot;
	return dhcp6_msg_opt(m, DHCP6_OPT_BOOTFILE_URL, &len) ? 1 : -1;
}

/**
 * client_mac() - the client a message is about: the sender of a client message, the
 *                unicast destination of a server one, else its transaction's, else its DUID's
 * @w:   observer
 * @m:   message
 * @u:   the datagram
 * @mac: out: the address
 *
 * Return: 1 if known, 0 if not.
 */
static int client_mac(struct pxl_wire *w, const struct dhcp6_msg *m, const struct wire_udp *u,
		      uint8_t mac[6])
{
	const uint8_t *l2 = from_client(m->type) ? u->src_mac : u->dst_mac;
	const struct wire_xid6 *x;
	const uint8_t *duid;
	size_t len = 0;

	if (!(l2[0] & 1)) {
		memcpy(mac, l2, 6);
		return 1;
	}
	x = xid6_find(w, m->xid, NULL, NULL);
	if (x) {
		memcpy(mac, x->mac, 6);
		return 1;
	}
	duid = dhcp6_msg_opt(m, DHCP6_OPT_CLIENTID, &len);
	return duid && dhcp6_duid_mac(duid, len, mac) == 0;
}

/**
 * status_name() - a status code's name, as the scenario language writes it
 * @code: status code
 *
 * Return: a static string ("status-N" codes beyond 5 are "other").
 */
static const char *status_name(unsigned int code)
{
	static const char *const names[] = {
		[DHCP6_ST_SUCCESS] = "success", [DHCP6_ST_UNSPEC_FAIL] = "unspec-fail",
		[DHCP6_ST_NO_ADDRS_AVAIL] = "no-addrs-avail", [DHCP6_ST_NO_BINDING] = "no-binding",
		[DHCP6_ST_NOT_ON_LINK] = "not-on-link", [DHCP6_ST_USE_MULTICAST] = "use-multicast",
	};

	return code < sizeof(names) / sizeof(names[0]) ? names[code] : "other";
}

/**
 * add_status() - "status" and "status-message" of a STATUS option in an area
 * @o:    observation
 * @area: options area (the message's, or an IA's)
 * @len:  its length
 *
 * Return: 1 if one was found.
 */
static int add_status(struct pxl_obs *o, const uint8_t *area, size_t len)
{
	char text[WIRE_VALUE_MAX + 1];
	struct dhcp6_opt opt;
	size_t off = 0;

	while (dhcp6_opt_next(area, len, &off, &opt) > 0) {
		if (opt.code != DHCP6_OPT_STATUS || opt.len < 2)
			continue;
		wire_obs_add(o, "status", status_name(pxl_get_be16(opt.data)));
		wire_printable(text, sizeof(text), opt.data + 2, opt.len - 2);
		wire_obs_add(o, "status-message", text);
		return 1;
	}
	return 0;
}

/**
 * add_ia() - the first IA_NA: iaid, t1, t2, address and its lifetimes, its status
 * @o:  observation
 * @ia: the IA
 */
static void add_ia(struct pxl_obs *o, const struct dhcp6_ia *ia)
{
	char a[INET6_ADDRSTRLEN];
	struct dhcp6_iaaddr addr;

	wire_obs_addf(o, "iaid", "0x%08x", ia->iaid);
	wire_obs_addf(o, "t1", "%u", ia->t1);
	wire_obs_addf(o, "t2", "%u", ia->t2);
	if (dhcp6_ia_addr(ia, 0, &addr) == 0) {
		wire_obs_add(o, "address", inet_ntop(AF_INET6, addr.addr, a, sizeof(a)) ? a : "?");
		wire_obs_addf(o, "preferred-lifetime", "%u", addr.preferred);
		wire_obs_addf(o, "valid-lifetime", "%u", addr.valid);
	}
}

/**
 * add_boot_opts() - the options a netboot is about: 16, 15, 61, 62, 59, 60, 6
 * @o: observation
 * @m: message
 */
static void add_boot_opts(struct pxl_obs *o, const struct dhcp6_msg *m)
{
	char val[WIRE_VALUE_MAX + 1];
	const uint8_t *d;
	uint8_t nii[3];
	uint16_t arch;
	size_t len = 0, i, n = 0;

	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_VENDOR_CLASS, &len)) && len >= 4) {
		wire_obs_addf(o, "enterprise", "%u", pxl_get_be32(d));
		wire_obs_add(o, "vendor-class", opaque_join(d + 4, len - 4, val, sizeof(val)));
	}
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_USER_CLASS, &len)))
		wire_obs_add(o, "user-class", opaque_join(d, len, val, sizeof(val)));
	if (dhcp6_msg_client_arch(m, &arch) == 0)
		wire_obs_addf(o, "arch", "%u", arch);
	if (dhcp6_msg_nii(m, nii) == 0)
		wire_obs_hex(o, "nii", nii, sizeof(nii));
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_BOOTFILE_URL, &len))) {
		wire_printable(val, sizeof(val), d, len);
		wire_obs_add(o, "bootfile-url", val);
	}
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_BOOTFILE_PARAM, &len)))
		wire_obs_add(o, "bootfile-param", opaque_join(d, len, val, sizeof(val)));
	val[0] = '\0';
	for (d = dhcp6_msg_opt(m, DHCP6_OPT_ORO, &len), i = 0; d && i + 2 <= len && n < 900; i += 2)
		n += (size_t)snprintf(val + n, sizeof(val) - n, "%s%u", i ? "," : "", pxl_get_be16(d + i));
	if (d)
		wire_obs_add(o, "oro", val);
}

/**
 * add_ids() - DUIDs, rapid commit, preference, elapsed time, top-level status
 * @o: observation
 * @m: message
 */
static void add_ids(struct pxl_obs *o, const struct dhcp6_msg *m)
{
	const uint8_t *d;
	size_t len = 0;

	wire_obs_addf(o, "xid", "0x%06x", m->xid);
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_CLIENTID, &len)))
		wire_obs_hex(o, "client-duid", d, len);
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_SERVERID, &len)))
		wire_obs_hex(o, "server-duid", d, len);
	if (dhcp6_msg_opt(m, DHCP6_OPT_RAPID_COMMIT, &len))
		wire_obs_add(o, "rapid-commit", "yes");
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_PREFERENCE, &len)) && len >= 1)
		wire_obs_addf(o, "preference", "%u", d[0]);
	if ((d = dhcp6_msg_opt(m, DHCP6_OPT_ELAPSED, &len)) && len >= 2)
		wire_obs_addf(o, "elapsed-ms", "%u", pxl_get_be16(d) * 10u);
	add_status(o, m->opts, m->opts_len);
}

/**
 * add_latency() - "latency-ms": ADVERTISE from its SOLICIT, REPLY from the client message it answers
 * @o: observation
 * @m: message
 * @x: its transaction, or NULL
 * @t: time of the message
 */
static void add_latency(struct pxl_obs *o, const struct dhcp6_msg *m, const struct wire_xid6 *x,
			uint64_t t)
{
	char ms[32];

	if (!x || x->xid != m->xid)
		return;
	if (m->type == DHCP6_ADVERTISE && x->has_solicit)
		wire_ms(ms, sizeof(ms), x->t_solicit, t);
	else if (m->type == DHCP6_REPLY && (x->has_request || x->has_solicit))
		wire_ms(ms, sizeof(ms), x->has_request ? x->t_request : x->t_solicit, t);
	else
		return;
	wire_obs_add(o, "latency-ms", ms);
}

/**
 * dhcp6_fields() - every field of a DHCPv6 observation, its client and its summary
 * @w: observer
 * @o: observation
 * @m: message
 * @p: the frame
 */
static void dhcp6_fields(struct pxl_wire *w, struct pxl_obs *o, const struct dhcp6_msg *m,
			 const struct wire_pkt *p)
{
	struct dhcp6_ia ia;
	struct wire_xid6 *x;
	int has_ia = dhcp6_msg_ias(m, &ia, 1) == 1, kind;

	o->has_mac = client_mac(w, m, p->u, o->mac);
	kind = exchange_kind(w, m, o->has_mac ? o->mac : NULL, has_ia ? &ia : NULL, &x);
	if (kind >= 0)
		wire_obs_add(o, "exchange", kind ? "boot" : "address");
	add_ids(o, m);
	if (has_ia) {
		add_ia(o, &ia);
		if (!pxl_obs_field(o, "status"))
			add_status(o, ia.opts, ia.opts_len);
	}
	add_boot_opts(o, m);
	add_latency(o, m, x, p->t);
	wire_obs_endpoints_udp(o, p->u);
	if (from_client(m->type) && o->has_mac && kind >= 0)
		xid6_note(w, m, o->mac, has_ia ? &ia : NULL, kind, p->t);
	wire_obs_summary(o, "DHCPv6 %s xid 0x%06x%s%s%s%s%s", dhcp6_type_name(m->type), m->xid,
			 kind < 0 ? "" : kind ? " (boot exchange)" : " (address exchange)",
			 pxl_obs_field(o, "address") ? " address " : "",
			 pxl_obs_field(o, "address") ?: "",
			 pxl_obs_field(o, "bootfile-url") ? " bootfile-url " : "",
			 pxl_obs_field(o, "bootfile-url") ?: "");
}

/**
 * wire_dhcp6_input() - observe one DHCPv6 datagram
 * @w: observer
 * @p: the frame (@p->u: UDP/IPv6 to 547, or from 547 to 546)
 */
void wire_dhcp6_input(struct pxl_wire *w, const struct wire_pkt *p)
{
	struct dhcp6_msg m;
	struct pxl_obs *o;
	char why[PXL_WIRE_REASON_LEN];
	int err = dhcp6_msg_parse(&m, p->u->payload, p->u->len);

	if (err) {
		snprintf(why, sizeof(why), "dhcp6: %s", dhcp6_perr_name(err));
		wire_drop(w, why, err != DHCP6_PERR_RELAY);
		return;
	}
	o = wire_obs_begin(w, p, "dhcp6", dhcp6_type_name(m.type),
			   from_client(m.type) ? PXL_OBS_FROM_CLIENT : PXL_OBS_TO_CLIENT);
	dhcp6_fields(w, o, &m, p);
	wire_obs_emit(w, o);
}
