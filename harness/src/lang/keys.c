/* keys.c - the key names of `send "KEYS"` and the bytes a serial terminal sends for them */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/util.h"
#include "lang/scenario.h"

/**
 * struct scn_key - one key name
 * @name:  as written between < and > (matched ignoring case)
 * @bytes: what a VT100/xterm terminal sends on the serial line
 */
struct scn_key {
	const char *name;
	const char *bytes;
};

/* SeaBIOS's sercon and OVMF's TerminalDxe both decode these sequences */
static const struct scn_key scn_keys[] = {
	{ "Enter", "\r" }, { "Tab", "\t" }, { "Esc", "\033" }, { "Space", " " },
	{ "Backspace", "\b" }, { "Up", "\033[A" }, { "Down", "\033[B" },
	{ "Right", "\033[C" }, { "Left", "\033[D" }, { "Home", "\033[H" },
	{ "End", "\033[F" }, { "Insert", "\033[2~" }, { "Delete", "\033[3~" },
	{ "PgUp", "\033[5~" }, { "PgDn", "\033[6~" },
	{ "F1", "\033OP" }, { "F2", "\033OQ" }, { "F3", "\033OR" }, { "F4", "\033OS" },
	{ "F5", "\033[15~" }, { "F6", "\033[17~" }, { "F7", "\033[18~" },
	{ "F8", "\033[19~" }, { "F9", "\033[20~" }, { "F10", "\033[21~" },
	{ "F11", "\033[23~" }, { "F12", "\033[24~" }, { "lt", "<" },
};

/**
 * scn_key_names() - every key name, for messages and the manual
 * @buf: out: "<Enter>, <Tab>, ..., <Ctrl-a>..<Ctrl-z>"
 * @len: size of @buf
 *
 * Return: @buf.
 */
const char *scn_key_names(char *buf, size_t len)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(scn_keys) && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "<%s>, ", scn_keys[i].name);
	if (n < len)
		snprintf(buf + n, len - n, "<Ctrl-a>..<Ctrl-z>");
	return buf;
}

/**
 * key_bytes() - the bytes of one key name
 * @name: the name, without < and >
 * @len:  its length
 * @ctl:  out: room for a control character
 *
 * Return: the bytes (NUL-terminated), or NULL for an unknown name.
 */
static const char *key_bytes(const char *name, size_t len, char ctl[2])
{
	size_t i;

	if (len == 6 && !strncasecmp(name, "Ctrl-", 5) && isalpha((unsigned char)name[5])) {
		ctl[0] = (char)(tolower((unsigned char)name[5]) - 'a' + 1);
		ctl[1] = '\0';
		return ctl;
	}
	for (i = 0; i < ARRAY_SIZE(scn_keys); i++)
		if (strlen(scn_keys[i].name) == len && !strncasecmp(scn_keys[i].name, name, len))
			return scn_keys[i].bytes;
	return NULL;
}

/**
 * scn_keys_decode() - turn "text<Down><Enter>" into the bytes to type
 * @keys: as written; '<' starts a key name (write <lt> for a '<')
 * @out:  out: the bytes (SCN_KEYS_MAX)
 * @n:    out: their number
 * @bad:  out: on error, what is wrong ("<Dwn>", "'<' without '>'")
 * @blen: size of @bad
 *
 * Return: 0, or -1 with @bad set.
 */
int scn_keys_decode(const char *keys, char *out, size_t *n, char *bad, size_t blen)
{
	const char *p = keys, *b;
	char ctl[2];

	for (*n = 0; *p; p++) {
		const char *end = *p == '<' ? strchr(p, '>') : NULL;
		size_t k;

		if (*p == '<' && !end) {
			snprintf(bad, blen, "'<' without '>' (write <lt> for a '<')");
			return -1;
		}
		b = end ? key_bytes(p + 1, (size_t)(end - p - 1), ctl) : p;
		if (!b) {
			snprintf(bad, blen, "unknown key <%.*s>", (int)(end - p - 1), p + 1);
			return -1;
		}
		k = end ? strlen(b) : 1;
		if (*n + k > SCN_KEYS_MAX) {
			snprintf(bad, blen, "more than %d bytes to type", SCN_KEYS_MAX);
			return -1;
		}
		memcpy(out + *n, b, k);
		*n += k;
		p = end ? end : p;
	}
	return 0;
}
