/* console_filter.c - serial console bytes to plain text: escape sequences removed, line drawing kept readable
 *
 * Firmware and installers write to the serial port for a terminal: CSI
 * sequences (colours, cursor moves), charset designations (ESC ( 0 selects
 * DEC line drawing, ESC ( B ASCII back), OSC/DCS strings, backspaces.  A
 * log and the judge want the text: every sequence goes, whole (a half-
 * stripped ESC ( 0 left "0lqqq...uB" in the log), backspace erases the
 * character before it in the same chunk, and line-drawing letters become
 * '+', '-', '|' so a text UI's boxes still read as boxes.
 */
#include "qemu/console_filter.h"

/* states of the escape-sequence parser */
enum {
	CF_TEXT,      /* plain text */
	CF_ESC,       /* after ESC */
	CF_CSI,       /* ESC [ ... until a final byte 0x40-0x7e */
	CF_DESIGNATE_G0, /* ESC (: G0's charset byte follows */
	CF_DESIGNATE_G1, /* ESC ): G1's */
	CF_INTER,     /* ESC + other intermediate bytes 0x20-0x2f, until a final byte */
	CF_STRING,    /* ESC ] / P / _ / ^ ... until BEL or ESC \ */
	CF_STRING_ESC, /* ESC inside a string: '\' ends it */
};

/**
 * line_drawing() - a DEC special graphics letter as ASCII
 * @c: the byte received while the set is selected
 *
 * Return: '+' for corners and tees, '-' and '|' for lines, @c otherwise.
 */
static char line_drawing(unsigned char c)
{
	if (c >= 'j' && c <= 'n')
		return '+';
	if (c >= 't' && c <= 'w')
		return '+';
	if (c == 'q')
		return '-';
	if (c == 'x')
		return '|';
	return (char)c;
}

/**
 * after_esc() - the byte after ESC: which sequence starts
 * @f: filter
 * @c: the byte
 */
static void after_esc(struct pxl_console_filter *f, unsigned char c)
{
	if (c == '[')
		f->state = CF_CSI;
	else if (c == '(' || c == ')')
		f->state = c == '(' ? CF_DESIGNATE_G0 : CF_DESIGNATE_G1;
	else if (c == ']' || c == 'P' || c == '_' || c == '^')
		f->state = CF_STRING;
	else if (c >= 0x20 && c <= 0x2f)
		f->state = CF_INTER;
	else
		f->state = CF_TEXT;	/* a two-byte sequence: ESC 7, ESC c ... */
}

/**
 * in_sequence() - one byte inside an escape sequence
 * @f: filter (not in CF_TEXT)
 * @c: the byte
 */
static void in_sequence(struct pxl_console_filter *f, unsigned char c)
{
	switch (f->state) {
	case CF_ESC:
		after_esc(f, c);
		return;
	case CF_CSI:
		f->state = c >= 0x40 && c <= 0x7e ? CF_TEXT : CF_CSI;
		return;
	case CF_DESIGNATE_G0:
	case CF_DESIGNATE_G1:
		*(f->state == CF_DESIGNATE_G0 ? &f->g0 : &f->g1) = c == '0';
		f->state = CF_TEXT;
		return;
	case CF_INTER:
		f->state = c >= 0x30 && c <= 0x7e ? CF_TEXT : CF_INTER;
		return;
	case CF_STRING:
		f->state = c == 0x07 ? CF_TEXT : c == 0x1b ? CF_STRING_ESC : CF_STRING;
		return;
	default:	/* CF_STRING_ESC */
		f->state = c == '\\' ? CF_TEXT : CF_STRING;
	}
}

/**
 * pxl_console_filter() - plain text of a chunk of console bytes
 * @f: filter (keeps the state across chunks)
 * @in: raw bytes
 * @n: count
 * @out: storage of at least @n bytes
 *
 * Return: bytes written to @out.
 */
size_t pxl_console_filter(struct pxl_console_filter *f, const char *in, size_t n, char *out)
{
	size_t i, o = 0;

	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)in[i];

		if (f->state != CF_TEXT) {
			in_sequence(f, c);
		} else if (c == 0x1b) {
			f->state = CF_ESC;
		} else if (c == 0x0e || c == 0x0f) {
			f->shift = c == 0x0e;	/* SO: G1, SI: G0 */
		} else if (c == '\b') {
			if (o && out[o - 1] != '\n')
				o--;
		} else if (c == '\n' || c == '\t' || c >= 0x20) {
			int graphics = f->shift ? f->g1 : f->g0;

			out[o++] = graphics && c >= 0x60 && c <= 0x7e ? line_drawing(c) : (char)c;
		}
	}
	return o;
}
