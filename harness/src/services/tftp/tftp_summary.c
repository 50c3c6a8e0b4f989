/* tftp_summary.c - one-line summaries of TFTP packets and printable copies of untrusted text */
#include "services/tftp/tftp_pkt.h"

#include <errno.h>
#include <stdio.h>

#include "core/strbuf.h"

/**
 * sb_clean() - append untrusted text with non-printable bytes shown as '?'
 * @sb: the string
 * @s:  the text
 */
static void sb_clean(struct pxl_buf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		char shown = (c >= 0x20 && c < 0x7f) ? (char)c : '?';

		pxl_buf_add(sb, &shown, 1);
	}
}

/**
 * sb_opts() - append " name=value" for each option
 * @sb:  the string
 * @pkt: parsed packet
 */
static void sb_opts(struct pxl_buf *sb, const struct tftp_pkt *pkt)
{
	unsigned int i;

	for (i = 0; i < pkt->n_opts; i++) {
		pxl_buf_printf(sb, " ");
		sb_clean(sb, pkt->opts[i].name);
		pxl_buf_printf(sb, "=");
		sb_clean(sb, pkt->opts[i].value);
	}
}

/**
 * tftp_pkt_summary() - one line describing a parsed packet
 * @pkt: a packet tftp_pkt_parse() accepted
 * @out: where the line goes (always NUL-terminated if @cap > 0)
 * @cap: its size
 *
 * Formats: "RRQ snponly.efi octet tsize=0 blksize=1468 windowsize=4" (options
 * in wire order), "WRQ f octet", "DATA 1 len=1468", "ACK 1",
 * "ERROR 8 User aborted the transfer", "OACK blksize=1468 tsize=173792".
 * Untrusted text is shown with non-printable bytes as '?'.
 *
 * Return: 0, -EINVAL, or -ENOSPC if the line was truncated.
 */
int tftp_pkt_summary(const struct tftp_pkt *pkt, char *out, size_t cap)
{
	struct pxl_buf sb;

	if (!pkt || !out || !cap)
		return -EINVAL;
	pxl_buf_init_fixed(&sb, out, cap);
	pxl_buf_printf(&sb, "%s", tftp_opcode_name(pkt->opcode));
	switch (pkt->opcode) {
	case TFTP_RRQ:
	case TFTP_WRQ:
		pxl_buf_printf(&sb, " ");
		sb_clean(&sb, pkt->filename ? pkt->filename : "");
		pxl_buf_printf(&sb, " ");
		sb_clean(&sb, pkt->mode ? pkt->mode : "");
		sb_opts(&sb, pkt);
		break;
	case TFTP_DATA:
		pxl_buf_printf(&sb, " %u len=%zu", pkt->block, pkt->data_len);
		break;
	case TFTP_ACK:
		pxl_buf_printf(&sb, " %u", pkt->block);
		break;
	case TFTP_ERROR:
		pxl_buf_printf(&sb, " %u %s", pkt->err_code, pkt->err_msg);
		break;
	case TFTP_OACK:
		sb_opts(&sb, pkt);
		break;
	}
	return pxl_buf_error(&sb);
}

/**
 * tftp_printable() - copy untrusted text for logs: printable ASCII only
 * @out: destination (always NUL-terminated if @cap > 0)
 * @cap: its size; longer text is truncated
 * @in:  the text (NULL: empty)
 *
 * Bytes outside 0x20..0x7e become '?'.
 */
void tftp_printable(char *out, size_t cap, const char *in)
{
	size_t n = 0;

	if (!out || !cap)
		return;
	for (; in && *in && n + 1 < cap; in++) {
		unsigned char c = (unsigned char)*in;

		out[n++] = (c >= 0x20 && c < 0x7f) ? (char)c : '?';
	}
	out[n] = '\0';
}
