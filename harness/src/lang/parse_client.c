/* parse_client.c - "client" and "fault" lines: QEMU clients and their link faults */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** scn_fault_dirs - fault directions, NULL-terminated */
const char *const scn_fault_dirs[] = { "rx", "tx", "both", NULL };

/**
 * struct client_ctx - a client being parsed
 * @c:       the client
 * @pxe_loc: where its `pxe` value is (line 0: not given)
 * @nic_loc: where its `nic` value is (line 0: not given)
 * @netboot_loc: where its `netboot` value is (line 0: not given)
 */
struct client_ctx {
	struct scn_client *c;
	struct scn_loc pxe_loc;
	struct scn_loc nic_loc;
	struct scn_loc netboot_loc;
};

/**
 * take_machine() - take a name from one of the machine tables
 * @p:    parser
 * @what: what is expected ("a NIC"); the table's names are appended
 * @kind: which table (qemu/machines.h)
 * @idx:  out: the row
 *
 * Return: 0 or -EINVAL (reported, with the nearest name).
 */
static int take_machine(struct scn_parser *p, const char *what,
			enum pxl_machine_kind kind, int *idx)
{
	const char *names[PXL_MACHINE_MAX_ROWS + 1];
	char list[256], desc[320];

	pxl_machine_names(kind, names, PXL_MACHINE_MAX_ROWS + 1);
	snprintf(desc, sizeof(desc), "%s (%s)", what,
		 pxl_machine_list(kind, ", ", list, sizeof(list)));
	return scn_take_choice(p, desc, names, idx);
}

/**
 * opt_firmware() - client option "firmware NAME" (pxl_firmwares[])
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_firmware(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	int i, rc = take_machine(p, "a firmware", PXL_MACHINE_FW, &i);

	if (!rc)
		cx->c->fw = (enum pxl_fw)i;
	return rc;
}

/**
 * set_nic() - give a client a NIC model
 * @c: client
 * @m: model
 */
static void set_nic(struct scn_client *c, const struct pxl_nic *m)
{
	c->nic_model = m;
	c->nic = m->name;
}

/**
 * opt_nic() - client option "nic MODEL" (pxl_nics[])
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_nic(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	struct scn_loc loc = scn_tok_loc(p, scn_peek(p));
	int i, rc = take_machine(p, "a NIC", PXL_MACHINE_NIC, &i);

	if (rc)
		return rc;
	set_nic(cx->c, &pxl_nics[i]);
	cx->nic_loc = loc;
	return 0;
}

/**
 * opt_pxe() - client option "pxe MODE" (pxl_pxe_modes[])
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_pxe(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	struct scn_loc loc = scn_tok_loc(p, scn_peek(p));
	int i, rc = take_machine(p, "a PXE stack", PXL_MACHINE_PXE, &i);

	if (rc)
		return rc;
	cx->c->pxe = (enum pxl_pxe)i;
	cx->pxe_loc = loc;
	return 0;
}

/**
 * opt_memory() - client option "memory MIB"
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_memory(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	uint64_t mib;
	int rc = scn_take_num(p, "a memory size in MiB", 32, 65536, &mib);

	if (!rc)
		cx->c->memory_mib = (unsigned)mib;
	return rc;
}

/**
 * opt_uuid() - client option "uuid UUID": the SMBIOS system UUID
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_uuid(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	const struct scn_tok *t = scn_peek(p);
	char found[64];
	size_t i;

	if (!t)
		return scn_expected(p, "a UUID like 01234567-89ab-cdef-0123-456789abcdef");
	for (i = 0; i < 36; i++)
		if (!t->text[i] || ((i == 8 || i == 13 || i == 18 || i == 23) ?
				    t->text[i] != '-' : !isxdigit((unsigned char)t->text[i])))
			break;
	if (i < 36 || t->text[36])
		return scn_err(p, t, "expected a UUID like 01234567-89ab-cdef-0123-456789abcdef, found %s",
			       scn_tok_desc(t, found, sizeof(found)));
	scn_take(p);
	for (i = 0; i < 36; i++)
		cx->c->uuid[i] = (char)tolower((unsigned char)t->text[i]);
	cx->c->uuid[36] = '\0';
	return 0;
}

/**
 * opt_mac() - client option "mac MAC"; two clients may not share one
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_mac(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	const struct scn_tok *t = scn_peek(p);
	size_t i;
	int rc = scn_take_mac(p, cx->c->mac);

	if (rc)
		return rc;
	for (i = 0; i < p->s->nclients; i++) {
		const struct scn_client *o = &p->s->clients[i];

		if (o != cx->c && o->mac_given && !memcmp(o->mac, cx->c->mac, 6))
			return scn_err(p, t, "duplicate MAC address '%s' (client '%s' on line %u)",
				       t->text, o->name, o->loc.line);
	}
	cx->c->mac_given = 1;
	return 0;
}

/**
 * opt_accel() - client option "accel NAME" (pxl_accels[])
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_accel(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	int i, rc = take_machine(p, "an accelerator", PXL_MACHINE_ACCEL, &i);

	if (!rc)
		cx->c->accel = (enum pxl_accel)i;
	return rc;
}

/**
 * opt_netboot() - client option "netboot pxe|http|pxe6": which network boot OVMF tries first
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_netboot(struct scn_parser *p, void *obj)
{
	static const char *const words[] = { "pxe", "http", "pxe6", NULL };
	struct client_ctx *cx = obj;
	struct scn_loc loc = scn_tok_loc(p, scn_peek(p));
	int i, rc = scn_take_choice(p, "pxe, http or pxe6", words, &i);

	if (rc)
		return rc;
	cx->c->http_boot = i == 1;
	cx->c->pxe6_first = i == 2;
	cx->netboot_loc = loc;
	return 0;
}

/** scn_client_opts - options of the client line (values: qemu/machines.c) */
const struct scn_opt scn_client_opts[] = {
	{ "firmware", opt_firmware, "FIRMWARE", "OVMF (uefi, default) or SeaBIOS (bios)" },
	{ "nic", opt_nic, "MODEL", "NIC model (default: the first of the table)" },
	{ "pxe", opt_pxe, "MODE",
	  "OVMF's own PXE (uefi default, virtio-net only) or QEMU's iPXE ROM (bios: always)" },
	{ "memory", opt_memory, "MIB",
	  "guest RAM in MiB (default: the firmware's, see Machines; Debian's GRUB under uefi runs out at 256)" },
	{ "mac", opt_mac, "MAC", "MAC address (default 52:54:00:12:34:56 + index)" },
	{ "accel", opt_accel, "ACCEL", "QEMU accelerator (default tcg)" },
	{ "netboot", opt_netboot, "pxe|http|pxe6",
	  "http: OVMF boots by UEFI HTTP Boot first: its PXEv4 and PXEv6 boot options, ~70 s each "
	  "before HTTPv4, are turned off through QEMU fw_cfg opt/org.tianocore/IPv4PXESupport and "
	  "IPv6PXESupport; pxe6: by PXE over IPv6 first (IPv4PXESupport off) "
	  "(firmware uefi, pxe native only; default pxe)" },
	{ "uuid", opt_uuid, "UUID", "SMBIOS system UUID, sent in DHCP option 97 (default: QEMU's, all zero)" },
};
const size_t scn_nclient_opts = ARRAY_SIZE(scn_client_opts);

/**
 * new_client() - append a client with defaults, refusing duplicate names
 * @p:    parser
 * @name: name token
 * @out:  out: the client
 *
 * Return: 0 or a negative errno.
 */
static int new_client(struct scn_parser *p, const struct scn_tok *name,
		      struct scn_client **out)
{
	struct scenario *s = p->s;
	struct scn_client *c;
	size_t i;
	int rc;

	for (i = 0; i < s->nclients; i++)
		if (!strcmp(s->clients[i].name, name->text))
			return scn_err(p, name, "duplicate client '%s' (first on line %u)",
				       name->text, s->clients[i].loc.line);
	rc = scn_push_checked(p, &s->clients, &s->nclients, sizeof(*c),
			      "clients", (void **)&c);
	if (rc)
		return rc;
	c->name = strdup(name->text);
	if (!c->name)
		return -ENOMEM;
	c->fw = PXL_FW_UEFI;
	set_nic(c, &pxl_nics[0]);
	c->loc = scn_tok_loc(p, &p->tok[0]);
	*out = c;
	return 0;
}

/**
 * check_ovmf_boot() - refuse `netboot http|pxe6` where OVMF's own stack cannot run
 * @p:  parser
 * @cx: the client, all options taken, `netboot http` or `netboot pxe6` given
 *
 * HTTP Boot and PXE over IPv6 are OVMF's (firmware uefi, pxe native): a
 * NIC native mode cannot drive is refused here, not when the client starts
 * as for plain PXE, since no other PXE mode can stand in for them.
 *
 * Return: 0 or -EINVAL.
 */
static int check_ovmf_boot(struct scn_parser *p, const struct client_ctx *cx)
{
	const struct scn_client *c = cx->c;
	const char *word = c->http_boot ? "http" : "pxe6";
	enum pxl_pxe pxe = c->pxe;
	char why[160];

	/* no `pxe` written: the default (the ROM for a NIC OVMF cannot drive)
	 * is not the user's choice, so the NIC is what to blame */
	if (c->fw == PXL_FW_UEFI && !cx->pxe_loc.line)
		pxe = PXL_PXE_NATIVE;
	if (c->fw != PXL_FW_UEFI || pxe != PXL_PXE_NATIVE)
		return scn_err_at(p, cx->netboot_loc, "expected 'pxe': 'netboot %s' is OVMF's own "
				  "%s (firmware uefi, pxe native), found '%s'", word,
				  c->http_boot ? "HTTP Boot" : "PXE over IPv6", word);
	if (!pxl_netboot_refusal(c->fw, c->nic_model, pxe, why, sizeof(why)))
		return 0;
	return scn_err_at(p, cx->nic_loc.line ? cx->nic_loc : c->loc,
			  "nic %s cannot do 'netboot %s': it needs pxe native, and %s", c->nic, word, why);
}

/**
 * check_netboot() - refuse a firmware, NIC and PXE mode that cannot netboot
 * @p:  parser
 * @cx: the client, all options taken (a `pxe` left out already defaulted)
 *
 * The reason is the machine table's (pxl_netboot_refusal()), the same
 * pxl_qemu_check() gives when a client starts, so `pxelab check` refuses
 * what a run would: a NIC no PXE mode netboots under the firmware (blamed
 * at the NIC) and a written `pxe` value that cannot work (blamed at the
 * value, naming the mode that can).
 *
 * Return: 0 or -EINVAL.
 */
static int check_netboot(struct scn_parser *p, const struct client_ctx *cx)
{
	const struct scn_client *c = cx->c;
	const struct pxl_firmware *fw = &pxl_firmwares[c->fw];
	int fw_wide = c->pxe == PXL_PXE_NATIVE && fw->no_native;
	char why[160];
	int m;

	if (c->http_boot || c->pxe6_first)
		return check_ovmf_boot(p, cx);
	if (!pxl_netboot_refusal(c->fw, c->nic_model, c->pxe, why, sizeof(why)))
		return 0;
	m = pxl_netboot_mode(c->fw, c->nic_model);
	if (m < 0 || !cx->pxe_loc.line)
		return scn_err_at(p, cx->nic_loc.line ? cx->nic_loc : c->loc,
				  "nic %s cannot netboot under %s (%s)", c->nic, fw->name, why);
	return scn_err_at(p, cx->pxe_loc, "expected '%s' for a %s client%s%s, found '%s' (%s)",
			  pxl_pxe_modes[m].name, fw->name, fw_wide ? "" : " with nic ",
			  fw_wide ? "" : c->nic, pxl_pxe_modes[c->pxe].name, why);
}

/**
 * default_pxe() - the PXE mode of a client that names none
 * @c: client, its firmware and NIC taken
 *
 * The firmware's default when it netboots the NIC (uefi: OVMF's own PXE
 * for virtio-net), else the first mode that does (uefi with e1000: the
 * iPXE ROM); `pxelab check` prints the mode chosen.
 *
 * Return: the mode (the firmware's default when none netboots: refused
 * by check_netboot()).
 */
static enum pxl_pxe default_pxe(const struct scn_client *c)
{
	int m = pxl_netboot_mode(c->fw, c->nic_model);

	return m < 0 ? pxl_firmwares[c->fw].default_pxe : (enum pxl_pxe)m;
}

/**
 * scn_stmt_client() - "client NAME [OPTION VALUE...]"
 * @p: parser
 *
 * Without `pxe`, a client gets default_pxe(); without `memory`, its
 * firmware's (pxl_firmwares[].memory_mib).  A combination the machine
 * table says cannot netboot is refused (a BIOS client always boots QEMU's
 * iPXE NIC ROM: SeaBIOS has no PXE stack).
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_client(struct scn_parser *p)
{
	struct client_ctx cx = { 0 };
	const struct scn_tok *name;
	int rc;

	rc = scn_take_name(p, "a client name", &name);
	if (!rc)
		rc = new_client(p, name, &cx.c);
	if (!rc)
		rc = scn_take_opts(p, scn_client_opts, scn_nclient_opts,
				   "a client option", &cx);
	if (rc) {
		p->lost_client |= !cx.c;
		return rc;
	}
	if (!cx.pxe_loc.line)
		cx.c->pxe = default_pxe(cx.c);
	if (!cx.c->memory_mib)
		cx.c->memory_mib = pxl_firmwares[cx.c->fw].memory_mib;
	return check_netboot(p, &cx);
}

/**
 * fault_percent() - store a fault probability for the option just taken
 * @p:   parser
 * @obj: struct scn_fault
 *
 * Return: 0 or -EINVAL.
 */
static int fault_percent(struct scn_parser *p, void *obj)
{
	struct scn_fault *f = obj;
	const char *kw = p->tok[p->pos - 1].text;
	uint32_t *dst = !strcmp(kw, "loss") ? &f->loss :
			!strcmp(kw, "dup") ? &f->dup :
			!strcmp(kw, "reorder") ? &f->reorder : &f->corrupt;

	return scn_take_percent(p, "a probability", dst);
}

/**
 * fault_time() - store a fault delay or jitter for the option just taken
 * @p:   parser
 * @obj: struct scn_fault
 *
 * Return: 0 or -EINVAL.
 */
static int fault_time(struct scn_parser *p, void *obj)
{
	struct scn_fault *f = obj;
	const char *kw = p->tok[p->pos - 1].text;

	return scn_take_duration(p, "a delay", !strcmp(kw, "delay") ?
				 &f->delay : &f->jitter);
}

/**
 * fault_seed() - fault option "seed N"
 * @p:   parser
 * @obj: struct scn_fault
 *
 * Return: 0 or -EINVAL.
 */
static int fault_seed(struct scn_parser *p, void *obj)
{
	struct scn_fault *f = obj;
	int rc = scn_take_num(p, "a seed", 0, UINT64_MAX, &f->seed);

	if (!rc)
		f->seed_given = 1;
	return rc;
}

/** scn_fault_opts - parameters of the fault line */
const struct scn_opt scn_fault_opts[] = {
	{ "loss", fault_percent, "PERCENT", "drop this share of frames" },
	{ "dup", fault_percent, "PERCENT", "deliver this share of frames twice" },
	{ "reorder", fault_percent, "PERCENT",
	  "hold this share of frames back behind the next one" },
	{ "corrupt", fault_percent, "PERCENT", "flip a byte in this share of frames" },
	{ "delay", fault_time, "DURATION", "delay every frame" },
	{ "jitter", fault_time, "DURATION", "add a random delay up to this" },
	{ "seed", fault_seed, "N", "random seed, for repeatable runs (default 1)" },
};
const size_t scn_nfault_opts = ARRAY_SIZE(scn_fault_opts);

/**
 * scn_stmt_fault() - "fault CLIENT rx|tx|both PARAM VALUE..."
 * @p: parser
 *
 * The client is resolved after the last line (it may be defined later).
 *
 * Return: 0 or a negative errno.
 */
int scn_stmt_fault(struct scn_parser *p)
{
	struct scenario *s = p->s;
	const struct scn_tok *name;
	struct scn_fault *f;
	int dir, rc;

	rc = scn_take_name(p, "a client name", &name);
	if (!rc)
		rc = scn_take_choice(p, "a direction (rx, tx, both)",
				     scn_fault_dirs, &dir);
	if (!rc && !scn_peek(p))
		rc = scn_expected(p, "a fault parameter (loss, dup, reorder, corrupt, delay, jitter, seed)");
	if (!rc)
		rc = scn_push_checked(p, &s->faults, &s->nfaults, sizeof(*f),
				      "fault lines", (void **)&f);
	if (rc)
		return rc;
	f->loc = scn_tok_loc(p, &p->tok[0]);
	f->client = -1;
	f->dir = (enum scn_fault_dir)dir;
	f->seed = 1;
	f->client_loc = scn_tok_loc(p, name);
	f->client_name = strdup(name->text);
	if (!f->client_name)
		return -ENOMEM;
	return scn_take_opts(p, scn_fault_opts, scn_nfault_opts,
			     "a fault parameter", f);
}
