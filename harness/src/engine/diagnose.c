/* diagnose.c - the wording of the judge's verdicts: failed stages, deadlines, xfail notes
 *
 * The judge (judge.c) decides; this file says it.  A failed stage's
 * diagnosis names the expectation and its line, then what was seen instead:
 * the closest observations of the same protocol, or, when that protocol
 * never crossed the wire, the last packet that did.  Protocol knowledge that
 * turns an event into an explanation (a second complete download of the same
 * file is a chainload loop) lives here too.  Scenarios check these texts
 * with `xfail`, and the baselines and tests grep them: change a word only
 * on purpose.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "engine/diagnose.h"
#include "engine/match.h"

/**
 * pxl_diag_within() - the `why` of a stage that missed its own deadline
 * @within: the stage's `within`, ns
 * @buf, @len: out: "within 20 s"
 */
void pxl_diag_within(uint64_t within, char *buf, size_t len)
{
	snprintf(buf, len, "within %.0f s", (double)within / 1e9);
}

/**
 * pxl_diag_timeout() - the `why` of a stage still open at the scenario's timeout
 * @timeout: the scenario's `timeout`, ns
 * @buf, @len: out: "scenario timeout 180 s"
 */
void pxl_diag_timeout(uint64_t timeout, char *buf, size_t len)
{
	snprintf(buf, len, "scenario timeout %.0f s", (double)timeout / 1e9);
}

/**
 * pxl_diag_dead_end() - the `why` of a stage ended by a dead-end console line
 * @de: the pattern the line met
 * @line: the line
 * @t: when, s since the run start
 * @buf, @len: out: "dead end nothing-to-boot at 4.2 s: the console printed \"...\" (iPXE got ...)"
 *
 * The pattern's name (or, for the scenario's own, its line) is in the
 * text, so `xfail` can tell a dead end from a missed deadline.
 */
void pxl_diag_dead_end(const struct scn_dead_end *de, const char *line, double t, char *buf, size_t len)
{
	if (de->name)
		snprintf(buf, len, "dead end %s at %.1f s: the console printed \"%.200s\" (%s)", de->name, t,
			 line, de->why);
	else
		snprintf(buf, len, "dead end (line %u) at %.1f s: the console printed \"%.200s\"", de->m.loc.line,
			 t, line);
}

/**
 * never_explain() - what a `never` line that happened usually means
 * @e: the line
 * @o: the observation that made it happen
 *
 * Return: a sentence to append (starting with " -- "), or "".
 */
static const char *never_explain(const struct scn_expect *e, const struct pxl_obs *o)
{
	if (!strcmp(o->proto, "tftp") && e->times > 1)
		return " -- the same file was downloaded again: a chainload loop";
	return "";
}

/**
 * pxl_diag_never() - the diagnosis of a `never` line that happened
 * @sc: scenario (for client names)
 * @st: the stage the line belongs to
 * @e: the line
 * @o: the observation that met it the last time needed
 * @buf, @len: out: "`never ...` (stage 2, line 24) happened: ..."
 */
void pxl_diag_never(const struct scenario *sc, const struct scn_stage *st, const struct scn_expect *e,
		    const struct pxl_obs *o, char *buf, size_t len)
{
	char line[512];

	scn_expect_format(sc, e, line, sizeof(line));
	snprintf(buf, len, "`%s` (stage %u, line %u) happened: %s%s", line, st->number, e->loc.line,
		 o->summary, never_explain(e, o));
}

/**
 * pxl_diag_unmet_head() - the first line of the diagnosis of a stage not met in time
 * @st: the stage
 * @why: "within 20 s", "scenario timeout 180 s", "QEMU exited (status 1)" ...
 * @buf, @len: out
 */
void pxl_diag_unmet_head(const struct scn_stage *st, const char *why, char *buf, size_t len)
{
	snprintf(buf, len, "stage %u \"%s\" not met (%s):", st->number, st->name, why);
}

/**
 * diag_append() - append formatted text to a bounded message
 * @buf, @len: message (NUL-terminated, cut at @len)
 * @fmt: printf format
 */
static void diag_append(char *buf, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void diag_append(char *buf, size_t len, const char *fmt, ...)
{
	size_t used = strlen(buf);
	va_list ap;

	if (used + 1 >= len)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + used, len - used, fmt, ap);
	va_end(ap);
}

/**
 * diag_never_tried() - append that a client sent no packet at all, and its console's last line
 * @sc: scenario (client names)
 * @mac: the client's MAC
 * @store, @n: every observation so far (none is a packet of this client)
 * @buf, @len: message being built
 *
 * A firmware that finds nothing to boot from the network stack it was
 * given (SeaBIOS skipping a NIC ROM whose PCI ID does not match: "No
 * bootable device.") never sends a frame; its console says why.
 */
static void diag_never_tried(const struct scenario *sc, const uint8_t *mac, const struct pxl_obs *store,
			     size_t n, char *buf, size_t len)
{
	const char *name = "the client", *text;
	size_t i;

	for (i = 0; i < sc->nclients; i++)
		if (!memcmp(sc->clients[i].mac, mac, 6))
			name = sc->clients[i].name;
	diag_append(buf, len, "; the firmware never tried the network: no packet from %s", name);
	for (i = n; i-- > 0;) {
		text = pxl_obs_field(&store[i], "text");
		if (strcmp(store[i].proto, "console") || (store[i].has_mac && memcmp(store[i].mac, mac, 6)) ||
		    !text || !text[strspn(text, " \t")])
			continue;
		diag_append(buf, len, "; its console's last line: \"%.120s\"", text);
		return;
	}
	diag_append(buf, len, "; its console printed nothing");
}

/**
 * mine() - whether an observation may be the judged client's
 * @o: observation
 * @mac: the client's MAC
 *
 * Return: 1 if it is, or is tied to no client.
 */
static int mine(const struct pxl_obs *o, const uint8_t *mac)
{
	return !o->has_mac || !memcmp(o->mac, mac, 6);
}

/**
 * diag_nearest() - append the observations closest to an unmet expectation
 * @sc: scenario (client names)
 * @e: expectation
 * @mac: the judged client's MAC
 * @store, @n: every observation so far
 * @buf, @len: message being built
 *
 * Up to three of the same protocol and verb, then up to two more of the
 * same protocol (a TFTP error explains a transfer that never completed),
 * latest first; with none at all, the client's last observation of any
 * protocol (a DHCP ACK with siaddr 0.0.0.0 explains a TFTP that never began);
 * only the judged client's (or the named client's) and untied observations:
 * with several clients, another's packets explain nothing;
 * with no packet from the client at all, that its firmware never tried the
 * network (diag_never_tried()).
 */
static void diag_nearest(const struct scenario *sc, const struct scn_expect *e, const uint8_t *mac,
			 const struct pxl_obs *store, size_t n, char *buf, size_t len)
{
	static const int quota[3] = { 0, 2, 3 };
	const uint8_t *whose = mac;
	int level, shown = 0, here;
	size_t i;

	/* another client's packets explain nothing about this one's stage */
	if (e->client >= 0 && (size_t)e->client < sc->nclients)
		whose = sc->clients[e->client].mac;
	for (level = 2; level >= 1; level--) {
		for (i = n, here = 0; i-- > 0 && here < quota[level];) {
			if (pxl_expect_near(e, &store[i]) != level || (whose && !mine(&store[i], whose)))
				continue;
			diag_append(buf, len, "%s\n      %s", shown ? "" : "; seen instead (latest first):",
				    store[i].summary);
			shown++;
			here++;
		}
	}
	if (shown)
		return;
	diag_append(buf, len, "; no %s traffic at all", pxl_expect_proto_name(e->proto));
	/* then the last thing that did cross the wire for this client */
	for (i = n; i-- > 0;) {
		if (!strcmp(store[i].proto, "console") || (store[i].has_mac && memcmp(store[i].mac, mac, 6)))
			continue;
		diag_append(buf, len, "; the last packet before: %s", store[i].summary);
		return;
	}
	if (e->proto != SCN_PROTO_CONSOLE)
		diag_never_tried(sc, mac, store, n, buf, len);
}

/**
 * struct login_fields - what a login observation says about its session
 * @in: initiator name
 * @tn: target name
 * @id: ISID
 * @st: status name
 */
struct login_fields {
	const char *in, *tn, *id, *st;
};

/**
 * login_fields() - read the session fields of an iSCSI login observation
 * @o: observation
 * @l: out: its fields
 *
 * Return: 1 if @o is a login with all four, else 0.
 */
static int login_fields(const struct pxl_obs *o, struct login_fields *l)
{
	if (strcmp(o->proto, "iscsi") || strcmp(o->verb, "login"))
		return 0;
	l->in = pxl_obs_field(o, "initiator");
	l->tn = pxl_obs_field(o, "target");
	l->id = pxl_obs_field(o, "isid");
	l->st = pxl_obs_field(o, "status");
	return l->in && l->tn && l->id && l->st;
}

/**
 * login_ok_other_isid() - the latest successful login of @initiator to @target under another ISID
 * @store, @n: observations before the refusal
 * @initiator, @target, @isid: the refused login's
 *
 * Return: that observation, or NULL.
 */
static const struct pxl_obs *login_ok_other_isid(const struct pxl_obs *store, size_t n,
						 const char *initiator, const char *target,
						 const char *isid)
{
	struct login_fields l;

	while (n-- > 0) {
		if (login_fields(&store[n], &l) && !strcasecmp(l.in, initiator) &&
		    !strcasecmp(l.tn, target) && strcmp(l.id, isid) && !strcmp(l.st, "success"))
			return &store[n];
	}
	return NULL;
}

/**
 * single_session_line() - the line of a builtin target with `single-session`
 * @sc: scenario
 * @target: target name
 *
 * Return: its line, or 0.
 */
static unsigned single_session_line(const struct scenario *sc, const char *target)
{
	size_t i;

	for (i = 0; i < sc->ntargets; i++)
		if (sc->targets[i].single_session && !strcasecmp(sc->targets[i].iqn, target))
			return sc->targets[i].loc.line;
	return 0;
}

/**
 * http_boot_offer_unmarked() - an HTTP Boot client was offered a boot without option 60
 * @mac: the judged client's MAC
 * @store, @n: every observation so far
 *
 * Return: 1 if a DISCOVER said vendor class HTTPClient and an OFFER to
 * the client lacked option 60.
 */
static int http_boot_offer_unmarked(const uint8_t *mac, const struct pxl_obs *store, size_t n)
{
	int http_client = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!mine(&store[i], mac) || strcmp(store[i].proto, "dhcp"))
			continue;
		if (!strcmp(store[i].verb, "discover") &&
		    !strncmp(pxl_obs_field(&store[i], "vendor-class") ?: "", "HTTPClient", 10))
			http_client = 1;
		if (http_client && !strcmp(store[i].verb, "offer") && !pxl_obs_field(&store[i], "option-60"))
			return 1;
	}
	return 0;
}

/**
 * diag_second_session() - explain an unmet login: the target refused a second session
 * @sc: scenario
 * @store, @n: every observation so far
 * @buf, @len: message being built
 *
 * A boot firmware (iPXE) never logs out of the session it booted from; the
 * OS then logs in again from the iBFT with the same initiator name and a new
 * ISID.  A target that allows one session per initiator refuses that.
 */
static void diag_second_session(const struct scenario *sc, const struct pxl_obs *store, size_t n,
				char *buf, size_t len)
{
	struct login_fields l;
	const struct pxl_obs *first;
	unsigned line;

	while (n-- > 0) {
		if (!login_fields(&store[n], &l) || !strcmp(l.st, "success"))
			continue;
		first = login_ok_other_isid(store, n, l.in, l.tn, l.id);
		if (!first)
			continue;
		diag_append(buf, len, "\n  the target refused a second session from %s (ISID %s: %s) while its "
			    "session ISID %s had not logged out: the OS could not log in again with the iBFT's initiator name",
			    l.in, l.id, l.st, pxl_obs_field(first, "isid"));
		line = single_session_line(sc, l.tn);
		if (line)
			diag_append(buf, len, " (single-session target, line %u)", line);
		return;
	}
}

/**
 * expects_field() - does an expectation have a condition on @field?
 * @e:     expectation
 * @field: field name
 *
 * Return: 1 or 0.
 */
static int expects_field(const struct scn_expect *e, const char *field)
{
	size_t i;

	for (i = 0; i < e->nm; i++)
		if (!strcmp(e->m[i].field, field) && e->m[i].op != SCN_OP_ABSENT)
			return 1;
	return 0;
}

/**
 * dhcp6_explain() - an unmet dhcp6 expectation: no DHCPv6 for want of an RA flag, or no option 59
 * @e: the expectation
 * @mac: the judged client's MAC
 * @store, @n: every observation so far
 *
 * iPXE asks DHCPv6 only after a router advertisement with the managed or
 * other flag (field notes 3a/3b); OVMF's PXEv6 solicits whatever the RA
 * says, so when @e asks for a user class (iPXE's SOLICIT), only SOLICITs
 * with one count: OVMF's before the chainload do not hide iPXE's silence.
 * OVMF's address-only exchange (Ip6Config) is left out: it rightly gets no
 * option 59.
 * Return: a sentence, or "".
 */
static const char *dhcp6_explain(const struct scn_expect *e, const uint8_t *mac, const struct pxl_obs *store,
				 size_t n)
{
	int ras = 0, flagged = 0, solicits = 0, no_url = 0;
	int uc = expects_field(e, "user-class");	/* about iPXE: OVMF's solicits (no user class) do not count */
	const struct pxl_obs *o;
	size_t i;

	for (i = 0; i < n; i++) {
		o = &store[i];
		if (!mine(o, mac))
			continue;
		ras += !strcmp(o->proto, "ra");
		flagged += !strcmp(o->proto, "ra") && (pxl_obs_field(o, "managed") || pxl_obs_field(o, "other"));
		if (strcmp(o->proto, "dhcp6") || !strcmp(pxl_obs_field(o, "exchange") ?: "", "address"))
			continue;
		solicits += !strcmp(o->verb, "solicit") && (!uc || pxl_obs_field(o, "user-class"));
		no_url += (!strcmp(o->verb, "advertise") || !strcmp(o->verb, "reply")) &&
			  !pxl_obs_field(o, "bootfile-url");
	}
	if (!solicits && ras && !flagged)
		return "\n  -- every router advertisement had neither the managed nor the other flag (M=0 O=0): "
		       "iPXE asks DHCPv6 only after one with M or O";
	if (!solicits && !ras)
		return "\n  -- no router advertisement was seen and the client sent no SOLICIT: iPXE asks "
		       "DHCPv6 only after an RA with the managed or other flag";
	if (no_url && expects_field(e, "bootfile-url"))
		return "\n  -- the server's ADVERTISE/REPLY had no option 59 (boot file URL): the client "
		       "has no boot file to fetch";
	return "";
}

/**
 * unmet_explain() - what the observations seen say about an unmet expectation
 * @e: the expectation
 * @mac: the judged client's MAC
 * @store, @n: every observation so far
 *
 * Return: a sentence to append (starting with " -- "), or "".
 */
static const char *unmet_explain(const struct scn_expect *e, const uint8_t *mac, const struct pxl_obs *store,
				 size_t n)
{
	size_t i;

	if (e->proto == SCN_PROTO_DHCP6)
		return dhcp6_explain(e, mac, store, n);
	if (e->proto == SCN_PROTO_HTTP && http_boot_offer_unmarked(mac, store, n))
		return "\n  -- OVMF ignores an HTTP Boot offer without option 60 HTTPClient (it sent DISCOVERs "
		       "again and never asked for the URL; its console blames the \"NBP file size\")";
	for (i = 0; e->proto == SCN_PROTO_HTTP && i < n; i++)
		if (!strcmp(store[i].proto, "http") && !strcmp(store[i].verb, "range") &&
		    !strcmp(pxl_obs_field(&store[i], "status") ?: "", "200") && mine(&store[i], mac))
			return "\n  -- the server ignored Range (200 with the whole file instead of 206): "
			       "iPXE's sanboot cannot read a disk so (\"Could not open SAN device: "
			       "Operation not supported\")";
	return "";
}

/**
 * pxl_diag_unmet_line() - append one unmet expectation and what was seen instead
 * @sc: scenario (for client names)
 * @e: the expectation
 * @count: observations that met it so far (below @e->times)
 * @mac: the judged client's MAC
 * @store, @n: every observation so far
 * @buf, @len: message being built (after pxl_diag_unmet_head())
 */
void pxl_diag_unmet_line(const struct scenario *sc, const struct scn_expect *e, unsigned count,
			 const uint8_t *mac, const struct pxl_obs *store, size_t n, char *buf, size_t len)
{
	char line[512];

	scn_expect_format(sc, e, line, sizeof(line));
	diag_append(buf, len, "\n  expected `%s` (line %u)", line, e->loc.line);
	if (e->times > 1)
		diag_append(buf, len, "; met %u of %u times", count, e->times);
	diag_nearest(sc, e, mac, store, n, buf, len);
	if (e->proto == SCN_PROTO_ISCSI && !strcmp(e->verb, "login"))
		diag_second_session(sc, store, n, buf, len);
	diag_append(buf, len, "%s", unmet_explain(e, mac, store, n));
}

/**
 * pxl_diag_xfail() - the note on a negative scenario's outcome for one client
 * @sc: scenario (its `xfail`)
 * @client: the client's name
 * @how: the judge's finding (pxl_judge_xfail())
 * @note, @len: out
 */
void pxl_diag_xfail(const struct scenario *sc, const char *client, enum pxl_xfail_how how,
		    char *note, size_t len)
{
	unsigned want = sc->xfail.stage;
	const char *text = sc->xfail.text ? sc->xfail.text : "";

	switch (how) {
	case PXL_XFAIL_MET:
		snprintf(note, len, "%s: failed at stage %u as expected (\"%s\")", client, want, text);
		break;
	case PXL_XFAIL_ALL_PASSED:
		snprintf(note, len, "%s: expected to fail at stage %u, but every stage passed", client, want);
		break;
	case PXL_XFAIL_LATER:
	case PXL_XFAIL_NOT_RUN:
		snprintf(note, len, "%s: expected to fail at stage %u, but it %s", client, want,
			 how == PXL_XFAIL_LATER ? "passed (a later stage failed)" : "never ran");
		break;
	case PXL_XFAIL_TEXT_MISSING:
		snprintf(note, len, "%s: stage %u failed, but the diagnosis lacks \"%s\"", client, want, text);
		break;
	}
}
