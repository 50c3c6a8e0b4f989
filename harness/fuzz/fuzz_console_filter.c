/* fuzz_console_filter.c - fuzz target: the serial console filter (escape sequences, charsets, backspace)
 *
 * Input: records (fuzz.h), each a chunk of console bytes as QEMU's stdout
 * would deliver it; the filter's state carries from chunk to chunk.
 * Contracts checked: a chunk's text is never longer than the chunk; it
 * holds no ESC, no control byte but '\n' and '\t', no NUL; and the whole
 * input fed byte by byte gives the same text as fed in records whenever no
 * backspace is in it (a backspace erases only within its chunk).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "qemu/console_filter.h"

/**
 * check_text() - the contract on one chunk's output
 * @in_len: the chunk's length
 * @out: its text
 * @n: the text's length
 */
static void check_text(size_t in_len, const char *out, size_t n)
{
	size_t i;

	FUZZ_ASSERT(n <= in_len, "%zu bytes of text from a %zu-byte chunk", n, in_len);
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)out[i];

		FUZZ_ASSERT(c >= 0x20 || c == '\n' || c == '\t', "control byte 0x%02x at %zu of the text", c, i);
	}
}

/**
 * LLVMFuzzerTestOneInput() - one input: its records through one filter, then its bytes one by one
 * @data: input
 * @size: its length
 *
 * Return: 0.
 */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pxl_console_filter f = { 0 }, g = { 0 };
	struct fuzz_cursor cur = { data, size };
	char *all = malloc(size + 1), *one = malloc(size + 1), *out = malloc(size + 1);
	size_t na = 0, no = 0, i;
	struct fuzz_rec r;
	int bs = memchr(data, '\b', size) != NULL;

	if (!all || !one || !out)
		goto done;
	while (fuzz_next_rec(&cur, &r)) {
		size_t n = pxl_console_filter(&f, (const char *)r.data, r.len, out);

		check_text(r.len, out, n);
		memcpy(all + na, out, n);
		na += n;
	}
	cur = (struct fuzz_cursor){ data, size };
	while (fuzz_next_rec(&cur, &r))
		for (i = 0; i < r.len; i++)
			no += pxl_console_filter(&g, (const char *)r.data + i, 1, one + no);
	FUZZ_ASSERT(bs || (na == no && !memcmp(all, one, na)), "records and single bytes differ (%zu, %zu bytes)",
		    na, no);
done:
	free(all);
	free(one);
	free(out);
	return 0;
}
