/* parse_client.c - "client" and "fault" lines: QEMU clients and their link faults */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/** nics - NIC names, QEMU device models and iPXE ROM stems */
static const struct {
	const char *name;
	const char *device;
	const char *rom;
} nics[] = {
	{ "virtio-net", "virtio-net-pci", "virtio" },
	{ "e1000", "e1000", "e1000" },
	{ "e1000e", "e1000e", "e1000e" },
	{ "rtl8139", "rtl8139", "rtl8139" },
};

/** scn_nic_names - NIC keywords, NULL-terminated (same order as nics) */
const char *const scn_nic_names[] = {
	"virtio-net", "e1000", "e1000e", "rtl8139", NULL
};
const char *const scn_firmwares[] = { "uefi", "bios", NULL };
const char *const scn_pxe_modes[] = { "native", "ipxe-rom", NULL };
const char *const scn_accels[] = { "tcg", "kvm", NULL };
const char *const scn_fault_dirs[] = { "rx", "tx", "both", NULL };

/**
 * struct client_ctx - a client being parsed
 * @c:       the client
 * @pxe_loc: where its `pxe` value is (line 0: not given)
 */
struct client_ctx {
	struct scn_client *c;
	struct scn_loc pxe_loc;
};

/**
 * opt_firmware() - client option "firmware bios|uefi"
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_firmware(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	int i, rc = scn_take_choice(p, "a firmware (uefi, bios)", scn_firmwares, &i);

	if (!rc)
		cx->c->fw = i ? SCN_FW_BIOS : SCN_FW_UEFI;
	return rc;
}

/**
 * opt_nic() - client option "nic virtio-net|e1000|e1000e|rtl8139"
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_nic(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	int i, rc = scn_take_choice(p, "a NIC (virtio-net, e1000, e1000e, rtl8139)",
				    scn_nic_names, &i);

	if (rc)
		return rc;
	cx->c->nic = nics[i].name;
	cx->c->nic_device = nics[i].device;
	cx->c->nic_rom = nics[i].rom;
	return 0;
}

/**
 * opt_pxe() - client option "pxe native|ipxe-rom"
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_pxe(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	struct scn_loc loc = scn_tok_loc(p, scn_peek(p));
	int i, rc = scn_take_choice(p, "a PXE stack (native, ipxe-rom)",
				    scn_pxe_modes, &i);

	if (rc)
		return rc;
	cx->c->pxe = i ? SCN_PXE_IPXE_ROM : SCN_PXE_NATIVE;
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
 * opt_accel() - client option "accel tcg|kvm"
 * @p:   parser
 * @obj: struct client_ctx
 *
 * Return: 0 or -EINVAL.
 */
static int opt_accel(struct scn_parser *p, void *obj)
{
	struct client_ctx *cx = obj;
	int i, rc = scn_take_choice(p, "an accelerator (tcg, kvm)", scn_accels, &i);

	if (!rc)
		cx->c->accel = i ? SCN_ACCEL_KVM : SCN_ACCEL_TCG;
	return rc;
}

/** scn_client_opts - options of the client line */
const struct scn_opt scn_client_opts[] = {
	{ "firmware", opt_firmware, "uefi|bios", "OVMF (default) or SeaBIOS" },
	{ "nic", opt_nic, "virtio-net|e1000|e1000e|rtl8139",
	  "NIC model (default virtio-net)" },
	{ "pxe", opt_pxe, "native|ipxe-rom",
	  "OVMF's own PXE (uefi default) or QEMU's iPXE ROM (bios: always)" },
	{ "memory", opt_memory, "MIB", "guest RAM in MiB (default 256)" },
	{ "mac", opt_mac, "MAC", "MAC address (default 52:54:00:12:34:56 + index)" },
	{ "accel", opt_accel, "tcg|kvm", "QEMU accelerator (default tcg)" },
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
	c->fw = SCN_FW_UEFI;
	c->nic = nics[0].name;
	c->nic_device = nics[0].device;
	c->nic_rom = nics[0].rom;
	c->memory_mib = 256;
	c->loc = scn_tok_loc(p, &p->tok[0]);
	*out = c;
	return 0;
}

/**
 * scn_stmt_client() - "client NAME [OPTION VALUE...]"
 * @p: parser
 *
 * A BIOS client always boots QEMU's iPXE NIC ROM (SeaBIOS has no PXE
 * stack); `pxe native` is refused for it.
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
		cx.c->pxe = cx.c->fw == SCN_FW_BIOS ? SCN_PXE_IPXE_ROM :
			    SCN_PXE_NATIVE;
	if (cx.c->fw == SCN_FW_BIOS && cx.c->pxe == SCN_PXE_NATIVE)
		return scn_err_at(p, cx.pxe_loc,
				  "expected 'ipxe-rom' for a bios client, found 'native' (SeaBIOS has no PXE stack; QEMU's BIOS NIC ROM is iPXE)");
	return 0;
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
