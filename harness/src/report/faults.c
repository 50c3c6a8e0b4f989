/* faults.c - link faults, malformed and injected frames, TCP attempts and fixture checks in the reports
 *
 * The same facts three ways: a "robustness" object in metrics.json,
 * JUnit properties ("fault.pc1.rx", "malformed.segment.<reason>",
 * "injected.<kind>", "tcp.<addr:port>", "fixture.<path>"), and a few lines
 * under the terminal summary.  Nothing is written for a run without
 * faults, injection or malformed frames, except the TCP attempts and the
 * fixture checks, which every run has.
 */
#include <stdio.h>
#include <string.h>

#include "core/json.h"
#include "core/util.h"
#include "engine/faults.h"
#include "wire/wire.h"

static const char *const dir_names[] = { "rx", "tx" };

/**
 * conn_text() - "10.0.2.2:8080"
 * @d: destination
 * @buf: out (32 bytes)
 *
 * Return: @buf.
 */
static const char *conn_text(const struct pxl_syn_dest *d, char *buf)
{
	char ip[16];

	snprintf(buf, 32, "%s:%u", pxl_ip_str(d->addr, ip), d->port);
	return buf;
}

/**
 * json_faults() - "faults": one object per port and direction
 * @r: facts
 * @f: stream
 */
static void json_faults(const struct pxl_robust *r, FILE *f)
{
	char spec[160];
	size_t i;

	fputs("    \"faults\": [", f);
	for (i = 0; i < r->nfaults; i++) {
		const struct pxl_seg_fault_info *fi = &r->faults[i];
		const struct pxl_fault_stats *s = &fi->st;

		pxl_fault_spec_format(&fi->spec, spec, sizeof(spec));
		fprintf(f, "%s\n      {\"port\": ", i ? "," : "");
		pxl_json_str(f, fi->port);
		fprintf(f, ", \"dir\": \"%s\", \"spec\": ", dir_names[fi->dir & 1]);
		pxl_json_str(f, spec);
		fprintf(f, ", \"frames\": %llu, \"delivered\": %llu, \"lost\": %llu, \"duplicated\": %llu, "
			"\"reordered\": %llu, \"corrupted\": %llu, \"delayed\": %llu, \"overflow\": %llu, "
			"\"discarded\": %llu}",
			(unsigned long long)s->frames, (unsigned long long)s->delivered,
			(unsigned long long)s->lost, (unsigned long long)s->duplicated,
			(unsigned long long)s->reordered, (unsigned long long)s->corrupted,
			(unsigned long long)s->delayed, (unsigned long long)s->overflow,
			(unsigned long long)s->discarded);
	}
	fputs(r->nfaults ? "\n    ],\n" : "],\n", f);
}

/**
 * json_malformed() - "malformed": the segment's and the wire observer's reasons
 * @r: facts
 * @w: wire statistics
 * @f: stream
 */
static void json_malformed(const struct pxl_robust *r, const struct pxl_wire_stats *w, FILE *f)
{
	size_t i;
	int k;

	fprintf(f, "    \"malformed\": {\"segment\": {\"total\": %llu, \"reasons\": {",
		(unsigned long long)r->seg.malformed);
	for (k = 0; k < r->seg.nreasons && k < 16; k++) {
		fputs(k ? ", " : "", f);
		pxl_json_str(f, r->seg.reasons[k]);
		fprintf(f, ": %llu", (unsigned long long)r->seg.counts[k]);
	}
	fprintf(f, "}},\n      \"wire\": {\"total\": %llu, \"dropped\": %llu, \"reasons\": {",
		(unsigned long long)w->malformed, (unsigned long long)w->dropped);
	for (i = 0; i < w->n_reasons && i < PXL_WIRE_MAX_REASONS; i++) {
		fputs(i ? ", " : "", f);
		pxl_json_str(f, w->reasons[i].why);
		fprintf(f, ": %llu", (unsigned long long)w->reasons[i].count);
	}
	fputs("}}},\n", f);
}

/**
 * json_inject() - "injected": what the hostile guest sent and got back
 * @r: facts
 * @f: stream
 */
static void json_inject(const struct pxl_robust *r, FILE *f)
{
	const struct pxl_inject_stats *s = &r->inject;
	size_t i;

	if (!r->injected)
		return;
	fputs("    \"injected\": {\"source\": ", f);
	pxl_json_str(f, r->inject_source);
	fprintf(f, ", \"frames\": %llu, \"hostile\": %llu, \"received\": %llu, \"tftp_answers\": %llu, "
		"\"tftp_errors\": %llu, \"iscsi_connections\": %llu, \"iscsi_bytes_back\": %llu, "
		"\"iscsi_closed\": %llu,\n      \"kinds\": {",
		(unsigned long long)s->frames, (unsigned long long)s->hostile,
		(unsigned long long)s->received, (unsigned long long)s->tftp_answers,
		(unsigned long long)s->tftp_errors, (unsigned long long)s->iscsi_conns,
		(unsigned long long)s->iscsi_bytes, (unsigned long long)s->iscsi_closed);
	for (i = 0; i < s->nkinds; i++) {
		fputs(i ? ", " : "", f);
		pxl_json_str(f, s->kinds[i].name);
		fprintf(f, ": %llu", (unsigned long long)s->kinds[i].count);
	}
	fputs("}},\n", f);
}

/**
 * json_conns_images() - "tcp_connections" and "fixtures"
 * @r: facts
 * @f: stream
 */
static void json_conns_images(const struct pxl_robust *r, FILE *f)
{
	char dst[32];
	size_t i;

	fputs("    \"tcp_connections\": [", f);
	for (i = 0; i < r->nconns; i++) {
		const struct pxl_syn_dest *d = &r->conns[i];

		fprintf(f, "%s\n      {\"dst\": \"%s\", \"syns\": %u, \"synacks\": %u, \"rsts\": %u, "
			"\"verdict\": \"%s\"}", i ? "," : "", conn_text(d, dst), d->syns, d->synacks, d->rsts,
			pxl_syn_dest_verdict(d));
	}
	fprintf(f, "%s],\n    \"synack_repeats\": %llu,\n    \"fixtures\": [", r->nconns ? "\n    " : "",
		(unsigned long long)r->synack_repeats);
	for (i = 0; i < r->nimages; i++) {
		const struct pxl_robust_image *im = &r->images[i];

		fprintf(f, "%s\n      {\"path\": ", i ? "," : "");
		pxl_json_str(f, im->path);
		fprintf(f, ", \"sha256_before\": \"%s\", \"sha256_after\": \"%s\", \"unchanged\": %s}",
			im->before, im->after, strcmp(im->before, im->after) ? "false" : "true");
	}
	fputs(r->nimages ? "\n    ]\n" : "]\n", f);
}

/**
 * pxl_report_robust_json() - the "robustness" member of metrics.json (with a trailing comma)
 * @r: facts
 * @w: the wire observer's statistics
 * @f: stream
 */
void pxl_report_robust_json(const struct pxl_robust *r, const struct pxl_wire_stats *w, FILE *f)
{
	fputs("  \"robustness\": {\n", f);
	json_faults(r, f);
	json_malformed(r, w, f);
	json_inject(r, f);
	json_conns_images(r, f);
	fputs("  },\n", f);
}

/**
 * prop_faults() - fault.<port>.<dir> = settings; fault.<port>.<dir>.<counter> = n
 * @r: facts
 * @add, @ctx: property sink
 */
static void prop_faults(const struct pxl_robust *r, pxl_prop_fn add, void *ctx)
{
	char name[128], val[160];
	size_t i, k;

	for (i = 0; i < r->nfaults; i++) {
		const struct pxl_seg_fault_info *fi = &r->faults[i];
		const struct { const char *n; uint64_t v; } c[] = {
			{ "frames", fi->st.frames }, { "lost", fi->st.lost },
			{ "duplicated", fi->st.duplicated }, { "reordered", fi->st.reordered },
			{ "corrupted", fi->st.corrupted }, { "delayed", fi->st.delayed },
		};

		snprintf(name, sizeof(name), "fault.%s.%s", fi->port, dir_names[fi->dir & 1]);
		pxl_fault_spec_format(&fi->spec, val, sizeof(val));
		add(ctx, name, val);
		for (k = 0; k < ARRAY_SIZE(c); k++) {
			snprintf(name, sizeof(name), "fault.%s.%s.%s", fi->port, dir_names[fi->dir & 1], c[k].n);
			snprintf(val, sizeof(val), "%llu", (unsigned long long)c[k].v);
			add(ctx, name, val);
		}
	}
}

/**
 * pxl_report_robust_props() - the facts as (name, value) properties
 * @r: facts
 * @w: the wire observer's statistics
 * @add, @ctx: property sink
 */
void pxl_report_robust_props(const struct pxl_robust *r, const struct pxl_wire_stats *w,
			     pxl_prop_fn add, void *ctx)
{
	char name[160], val[160];
	size_t i;
	int k;

	prop_faults(r, add, ctx);
	for (k = 0; k < r->seg.nreasons && k < 16; k++) {
		snprintf(name, sizeof(name), "malformed.segment.%s", r->seg.reasons[k]);
		snprintf(val, sizeof(val), "%llu", (unsigned long long)r->seg.counts[k]);
		add(ctx, name, val);
	}
	for (i = 0; i < w->n_reasons && i < PXL_WIRE_MAX_REASONS; i++) {
		snprintf(name, sizeof(name), "malformed.wire.%s", w->reasons[i].why);
		snprintf(val, sizeof(val), "%llu", (unsigned long long)w->reasons[i].count);
		add(ctx, name, val);
	}
	if (r->injected) {
		snprintf(val, sizeof(val), "%s: %llu frames, %llu %s", r->inject_source,
			 (unsigned long long)r->inject.frames, (unsigned long long)r->inject.hostile,
			 strcmp(r->inject_source, "hostile") ? "replayed" : "crafted to be wrong");
		add(ctx, "injected", val);
	}
	for (i = 0; r->injected && i < r->inject.nkinds; i++) {
		snprintf(name, sizeof(name), "injected.%s", r->inject.kinds[i].name);
		snprintf(val, sizeof(val), "%llu", (unsigned long long)r->inject.kinds[i].count);
		add(ctx, name, val);
	}
	for (i = 0; i < r->nconns; i++) {
		char dst[32];

		snprintf(name, sizeof(name), "tcp.%s", conn_text(&r->conns[i], dst));
		snprintf(val, sizeof(val), "%s: %u SYN, %u SYN-ACK, %u RST", pxl_syn_dest_verdict(&r->conns[i]),
			 r->conns[i].syns, r->conns[i].synacks, r->conns[i].rsts);
		add(ctx, name, val);
	}
	snprintf(val, sizeof(val), "%llu", (unsigned long long)r->synack_repeats);
	add(ctx, "tcp.synack_repeats", val);
	for (i = 0; i < r->nimages; i++) {
		snprintf(name, sizeof(name), "fixture.%s", r->images[i].path);
		snprintf(val, sizeof(val), "sha256 %s %s", r->images[i].after,
			 strcmp(r->images[i].before, r->images[i].after) ? "CHANGED" : "unchanged");
		add(ctx, name, val);
	}
}

/**
 * pxl_report_robust_summary() - faults, hostile traffic and dropped connections under the summary
 * @r: facts
 * @f: stream
 */
void pxl_report_robust_summary(const struct pxl_robust *r, FILE *f)
{
	char spec[160], dst[32];
	size_t i;

	for (i = 0; i < r->nfaults; i++) {
		const struct pxl_fault_stats *s = &r->faults[i].st;

		pxl_fault_spec_format(&r->faults[i].spec, spec, sizeof(spec));
		fprintf(f, "  fault %s %s (%s): %llu frames, %llu lost, %llu duplicated, %llu reordered, "
			"%llu corrupted\n", r->faults[i].port, dir_names[r->faults[i].dir & 1], spec,
			(unsigned long long)s->frames, (unsigned long long)s->lost,
			(unsigned long long)s->duplicated, (unsigned long long)s->reordered,
			(unsigned long long)s->corrupted);
	}
	if (r->injected)
		fprintf(f, "  injected (%s): %llu frames, %llu %s\n", r->inject_source,
			(unsigned long long)r->inject.frames, (unsigned long long)r->inject.hostile,
			strcmp(r->inject_source, "hostile") ? "replayed from the capture" : "crafted to be wrong");
	for (i = 0; i < r->nconns; i++)
		if (!r->conns[i].synacks)
			fprintf(f, "  tcp %s: %u SYN %s (%s): no connection was made\n",
				conn_text(&r->conns[i], dst), r->conns[i].syns, pxl_syn_dest_verdict(&r->conns[i]),
				r->conns[i].rsts ? "RST back" : "no answer");
	if (r->synack_repeats)
		fprintf(f, "  tcp: %llu retransmitted SYN%s answered with the server's SYN-ACK again "
			"(as Linux does; libslirp alone waits for its own timer)\n",
			(unsigned long long)r->synack_repeats, r->synack_repeats == 1 ? "" : "s");
}
