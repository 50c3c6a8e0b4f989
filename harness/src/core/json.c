/* json.c - writing JSON text: string escaping shared by the report writers */
#include "core/json.h"

/**
 * pxl_json_str() - write @s as a JSON string (quotes, backslashes, control
 *                  and non-ASCII bytes escaped; a NULL @s is written as "")
 * @f: stream
 * @s: text
 */
void pxl_json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}
