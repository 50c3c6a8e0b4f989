/* fuzz_ibft.c - fuzz target: a guest's "pxelab-ibft: KEY=VALUE" line against the wire (engine/ibft.c)
 *
 * Input: records (fuzz.h); selector 0: a console line; 1: the root path of
 * a DHCP ACK to the client; 2: its subnet-mask field; 3: its router field;
 * 4: the initiator name of a successful iSCSI login.  Each console record
 * is judged against the ACKs and logins of the records before it.
 * Contracts checked: an observation is made only from a line holding the
 * prefix and a '='; it is proto "ibft", the client's, with fields value
 * and agrees ("yes" only with a wire value equal to the value), and a
 * NUL-terminated summary.
 */
#include <string.h>

#include "fuzz.h"
#include "engine/engine_priv.h"
#include "engine/ibft.h"

#define FUZZ_IBFT_STORE 16

static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

/**
 * rec_text() - a record as a NUL-terminated string (cut at its first NUL)
 * @r: record
 * @buf, @len: out
 *
 * Return: @buf.
 */
static const char *rec_text(const struct fuzz_rec *r, char *buf, size_t len)
{
	size_t n = r->len < len - 1 ? r->len : len - 1;

	memcpy(buf, r->data, n);
	buf[n] = '\0';
	return buf;
}

/**
 * check_obs() - the contract on one observation
 * @line: the line it came from
 * @o: the observation
 */
static void check_obs(const char *line, const struct pxl_obs *o)
{
	const char *val = pxl_obs_field(o, "value"), *wire = pxl_obs_field(o, "wire");
	const char *agrees = pxl_obs_field(o, "agrees");

	FUZZ_ASSERT(strstr(line, PXL_IBFT_PREFIX) && strchr(line, '='), "observation from '%.60s'", line);
	FUZZ_ASSERT(!strcmp(o->proto, "ibft") && o->has_mac && !memcmp(o->mac, mac, 6), "shape");
	FUZZ_ASSERT(pxl_ibft_known(o->verb), "verb %s", o->verb);
	FUZZ_ASSERT(val && agrees, "fields");
	FUZZ_ASSERT(!strcmp(agrees, "yes") == (wire && !strcmp(wire, val)), "agrees=%s", agrees);
	FUZZ_ASSERT(memchr(o->summary, 0, sizeof(o->summary)) != NULL, "summary not terminated");
	fuzz_touch_str(o->summary);
}

/**
 * LLVMFuzzerTestOneInput() - one input: its ACKs, logins and console lines
 * @data: input
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pxl_obs store[FUZZ_IBFT_STORE], o;
	struct fuzz_cursor cur = { data, size };
	struct fuzz_rec r;
	char text[512];
	size_t n = 0;

	while (fuzz_next_rec(&cur, &r)) {
		struct pxl_obs *s = n ? &store[n - 1] : NULL;

		rec_text(&r, text, sizeof(text));
		if (r.sel == 0) {
			if (pxl_ibft_obs(text, "pc1", mac, store, n, 0, &o))
				check_obs(text, &o);
		} else if ((r.sel == 1 || r.sel == 4) && n < FUZZ_IBFT_STORE) {
			s = &store[n++];
			memset(s, 0, sizeof(*s));
			s->proto = r.sel == 1 ? "dhcp" : "iscsi";
			s->verb = r.sel == 1 ? "ack" : "login";
			memcpy(s->mac, mac, 6);
			s->has_mac = 1;
			pxl_eng_obs_add_field(s, r.sel == 1 ? "root-path" : "initiator", text);
			pxl_eng_obs_add_field(s, r.sel == 1 ? "yiaddr" : "status", r.sel == 1 ? "10.0.2.100" : "success");
		} else if ((r.sel == 2 || r.sel == 3) && s) {
			pxl_eng_obs_add_field(s, r.sel == 2 ? "option-1" : "option-3", text);
		}
	}
	return 0;
}
