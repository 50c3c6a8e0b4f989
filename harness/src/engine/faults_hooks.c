/* faults_hooks.c - the engine's hooks for link faults, the hostile guest, connection watch and fixture checks
 *
 * Before the run clock starts: check the scenario's fault lines and hash
 * every disk image that must not change.  Once the clients run: put the
 * faults on their ports, watch TCP connection attempts, plug in the hostile
 * guest (--inject).  At teardown, before the segment goes: collect what
 * each did into the run result, and hash the images again.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/inject_port.h"
#include "net/syn_watch.h"
#include "engine/engine_priv.h"
#include "engine/faults_hooks.h"
#include "net/pcap_read.h"

/** INJ_HOST - the hostile guest's host number on the LAN (x.x.x.66) */
#define INJ_HOST 66

/**
 * struct pxl_eng_robust - what the hooks keep during a run
 * @inj: the hostile guest, or NULL
 * @syn: the TCP connection watch
 */
struct pxl_eng_robust {
	struct pxl_inject *inj;
	struct pxl_syn_watch *syn;
};

/**
 * fault_spec() - the settings of one direction of a fault line
 * @f: the line
 * @dir: PXL_SEG_RX or PXL_SEG_TX
 * @spec: out
 */
static void fault_spec(const struct scn_fault *f, int dir, struct pxl_fault_spec *spec)
{
	spec->loss = f->loss;
	spec->dup = f->dup;
	spec->reorder = f->reorder;
	spec->corrupt = f->corrupt;
	spec->delay = f->delay;
	spec->jitter = f->jitter;
	spec->seed = pxl_fault_seed_mix(f->seed, (uint64_t)(f->client + 1) * 2 + (uint64_t)dir);
}

/** fault_dirs() - Return: bit PXL_SEG_RX and/or PXL_SEG_TX set for a fault line */
static unsigned fault_dirs(const struct scn_fault *f)
{
	return f->dir == SCN_FAULT_RX ? 1u << PXL_SEG_RX : f->dir == SCN_FAULT_TX ? 1u << PXL_SEG_TX :
	       (1u << PXL_SEG_RX) | (1u << PXL_SEG_TX);
}

/**
 * check_faults() - refuse fault lines the fault module cannot honour
 * @e: engine
 *
 * Return: 0, or -1 with res->error naming the line.
 */
static int check_faults(struct pxl_eng *e)
{
	const struct scenario *sc = e->sc;
	struct pxl_fault_spec spec;
	char err[256];
	size_t i;

	for (i = 0; i < sc->nfaults; i++) {
		const struct scn_fault *f = &sc->faults[i];

		fault_spec(f, PXL_SEG_RX, &spec);
		if (f->client < 0 || (size_t)f->client >= sc->nclients) {
			snprintf(e->res->error, sizeof(e->res->error), "%s:%u: fault for unknown client '%s'",
				 sc->file, f->loc.line, f->client_name ? f->client_name : "?");
			return -1;
		}
		if (pxl_fault_spec_check(&spec, err, sizeof(err))) {
			snprintf(e->res->error, sizeof(e->res->error), "%s:%u: %s", sc->file, f->loc.line, err);
			return -1;
		}
	}
	return 0;
}

/**
 * hash_images() - sha256 of every image the run must leave unchanged (snapshot, read-only)
 * @e: engine
 */
static void hash_images(struct pxl_eng *e)
{
	struct pxl_robust *r = &e->res->robust;
	size_t i;

	for (i = 0; i < e->sc->ntargets && r->nimages < PXL_ROBUST_MAX_IMAGES; i++) {
		const struct scn_target *t = &e->sc->targets[i];
		struct pxl_robust_image *im = &r->images[r->nimages];

		if (t->mode == SCN_IMAGE_PERSISTENT || !t->image || access(t->image, R_OK))
			continue;
		snprintf(im->path, sizeof(im->path), "%s", t->image);
		if (pxl_sha256_file(t->image, im->before))
			im->before[0] = '\0';
		r->nimages++;
	}
}

/**
 * check_inject() - an --inject capture must be readable before any QEMU starts
 * @e: engine
 *
 * Return: 0, or -1 with res->error set.
 */
static int check_inject(struct pxl_eng *e)
{
	const char *src = e->opts->inject;
	struct pxl_pcap_reader rd;
	uint8_t *buf = NULL;
	size_t len = 0;
	int rc;

	if (!src || !strcmp(src, "hostile"))
		return 0;
	rc = pxl_pcap_load(src, &buf, &len);
	if (!rc)
		rc = pxl_pcap_open_mem(&rd, buf, len);
	free(buf);
	if (!rc)
		return 0;
	snprintf(e->res->error, sizeof(e->res->error),
		 "--inject %s: expected 'hostile' or a readable pcap file: %s", src,
		 rc == -EINVAL ? "not a pcap file" : strerror(-rc));
	return -1;
}

/**
 * pxl_eng_robust_prepare() - before the run clock starts: check faults, hash images
 * @e: engine (res zeroed)
 *
 * Return: 0, or -1 with res->error set.
 */
int pxl_eng_robust_prepare(struct pxl_eng *e)
{
	e->robust = calloc(1, sizeof(*e->robust));
	if (!e->robust) {
		snprintf(e->res->error, sizeof(e->res->error), "out of memory");
		return -1;
	}
	if (check_faults(e) < 0 || check_inject(e) < 0)
		return -1;
	hash_images(e);
	return 0;
}

/**
 * apply_faults() - put each fault line on its client's port
 * @e: engine (clients started)
 *
 * Return: 0, or -1 with res->error set.
 */
static int apply_faults(struct pxl_eng *e)
{
	const struct scenario *sc = e->sc;
	struct pxl_fault_spec spec;
	size_t i;
	int dir, rc;

	pxl_segment_set_loop(e->seg, e->loop);
	for (i = 0; i < sc->nfaults; i++) {
		const struct scn_fault *f = &sc->faults[i];
		int port = pxl_qemu_port(e->cl[f->client].qemu);

		for (dir = PXL_SEG_RX; dir <= PXL_SEG_TX; dir++) {
			if (!(fault_dirs(f) & (1u << dir)))
				continue;
			fault_spec(f, dir, &spec);
			rc = pxl_segment_set_fault(e->seg, port, dir, &spec);
			if (rc) {
				snprintf(e->res->error, sizeof(e->res->error), "%s:%u: cannot set the fault on %s: %s",
					 sc->file, f->loc.line, f->client_name, strerror(-rc));
				return -1;
			}
		}
	}
	return 0;
}

/** syn_tap() - every frame passes the TCP connection watch */
static void syn_tap(void *arg, uint64_t t, int port, const uint8_t *frame, size_t len)
{
	pxl_syn_watch_frame(arg, t, frame, len);
}

/**
 * inject_tftp_file() - a file the hostile guest asks the TFTP server for
 * @e: engine
 *
 * Return: the first `serve` name (an NBP: many blocks, so the wrong ACKs
 * meet a live transfer), else NULL ("boot.ipxe").
 */
static const char *inject_tftp_file(const struct pxl_eng *e)
{
	return e->sc->tftp.nserve ? e->sc->tftp.serve[0].name : NULL;
}

/**
 * start_inject() - plug the hostile guest in (--inject)
 * @e: engine
 *
 * Return: 0, or -1 with res->error set.
 */
static int start_inject(struct pxl_eng *e)
{
	const struct scenario *sc = e->sc;
	uint32_t gw = sc->lan.given ? sc->lan.gateway : 0x0a000202;
	unsigned prefix = sc->lan.given ? sc->lan.prefix : 24;
	uint32_t mask = prefix ? 0xffffffffu << (32 - prefix) : 0;
	struct pxl_inject_config cfg;

	if (!e->opts->inject)
		return 0;
	pxl_inject_config_default(&cfg);
	cfg.source = e->opts->inject;
	cfg.ip = (gw & mask) | INJ_HOST;
	cfg.srv_ip = gw;
	cfg.portal_ip = 0;
	if (sc->ntargets && sc->targets[0].kind == SCN_SRV_BUILTIN) {
		cfg.portal_ip = sc->targets[0].addr ? sc->targets[0].addr : (gw & mask) | 4;
		cfg.portal_port = sc->targets[0].port ? sc->targets[0].port : 3260;
	}
	cfg.tftp_file = inject_tftp_file(e);
	e->robust->inj = pxl_inject_new(e->loop, e->seg, &cfg, e->res->error, sizeof(e->res->error));
	if (!e->robust->inj)
		return -1;
	e->res->robust.injected = 1;
	snprintf(e->res->robust.inject_source, sizeof(e->res->robust.inject_source), "%s", cfg.source);
	return 0;
}

/**
 * pxl_eng_robust_start() - once the clients run: faults, connection watch, hostile guest
 * @e: engine
 *
 * Return: 0, or -1 with res->error set.
 */
int pxl_eng_robust_start(struct pxl_eng *e)
{
	if (!e->robust || apply_faults(e) < 0)
		return -1;
	e->robust->syn = pxl_syn_watch_new();
	if (!e->robust->syn || pxl_segment_add_tap(e->seg, syn_tap, e->robust->syn)) {
		snprintf(e->res->error, sizeof(e->res->error), "cannot watch TCP connections on the segment");
		return -1;
	}
	return start_inject(e);
}

/**
 * check_images() - hash the images again; a change is a run error
 * @e: engine
 */
static void check_images(struct pxl_eng *e)
{
	struct pxl_robust *r = &e->res->robust;
	size_t i;

	for (i = 0; i < r->nimages; i++) {
		struct pxl_robust_image *im = &r->images[i];

		if (pxl_sha256_file(im->path, im->after))
			snprintf(im->after, sizeof(im->after), "unreadable");
		if (!strcmp(im->before, im->after) || e->res->error[0])
			continue;
		snprintf(e->res->error, sizeof(e->res->error),
			 "fixture image %s changed during the run (sha256 %.16s... -> %.16s...): "
			 "a snapshot or read-only image must come out byte-identical", im->path,
			 im->before[0] ? im->before : "unreadable", im->after);
	}
}

/**
 * user_seeds() - report the seed the scenario gave, not the one derived per port and direction
 * @e: engine
 */
static void user_seeds(struct pxl_eng *e)
{
	struct pxl_robust *r = &e->res->robust;
	size_t i, k;

	for (i = 0; i < r->nfaults; i++)
		for (k = 0; k < e->sc->nfaults; k++)
			if (e->sc->faults[k].client_name && !strcmp(e->sc->faults[k].client_name, r->faults[i].port))
				r->faults[i].spec.seed = e->sc->faults[k].seed;
}

/**
 * pxl_eng_robust_collect() - at teardown, before the segment goes: keep what happened
 * @e: engine (clients stopped)
 */
void pxl_eng_robust_collect(struct pxl_eng *e)
{
	struct pxl_robust *r = &e->res->robust;

	if (e->seg) {
		r->nfaults = pxl_segment_faults(e->seg, r->faults, PXL_ROBUST_MAX_FAULTS);
		user_seeds(e);
		pxl_segment_get_stats(e->seg, &r->seg);
	}
	if (e->robust && e->robust->inj) {
		pxl_inject_get_stats(e->robust->inj, &r->inject);
		pxl_inject_free(e->robust->inj);
		if (e->seg)
			pxl_segment_get_stats(e->seg, &r->seg);
	}
	if (e->robust && e->robust->syn) {
		r->nconns = pxl_syn_watch_results(e->robust->syn, r->conns, PXL_SYN_WATCH_MAX);
		pxl_syn_watch_free(e->robust->syn);
	}
	free(e->robust);
	e->robust = NULL;
	check_images(e);
}
