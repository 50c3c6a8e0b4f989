/* iscsi_text.c - bounds-checked parser of iSCSI key=value text (login, text PDUs) */
#include "services/iscsi/iscsi_pdu.h"

#include <errno.h>
#include <string.h>

/**
 * utf8_seq_len() - length of the UTF-8 sequence a lead byte starts
 * @c: lead byte
 *
 * Return: 1..4, or 0 for a byte that cannot start a sequence.
 */
static size_t utf8_seq_len(uint8_t c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return 2;
	if (c >= 0xe0 && c <= 0xef)
		return 3;
	if (c >= 0xf0 && c <= 0xf4)
		return 4;
	return 0;
}

/**
 * utf8_seq_ok() - check one multi-byte sequence (continuations, overlong, range)
 * @s: sequence start
 * @n: sequence length from utf8_seq_len()
 *
 * Return: 1 if well-formed.
 */
static int utf8_seq_ok(const uint8_t *s, size_t n)
{
	size_t i;

	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	if (n == 3 && s[0] == 0xe0 && s[1] < 0xa0)
		return 0; /* overlong */
	if (n == 3 && s[0] == 0xed && s[1] >= 0xa0)
		return 0; /* UTF-16 surrogate */
	if (n == 4 && s[0] == 0xf0 && s[1] < 0x90)
		return 0; /* overlong */
	if (n == 4 && s[0] == 0xf4 && s[1] >= 0x90)
		return 0; /* above U+10FFFF */
	return 1;
}

/**
 * iscsi_utf8_valid() - whether bytes are well-formed UTF-8 without NULs
 * @s:   bytes
 * @len: byte count
 *
 * Return: 1 if valid, 0 otherwise.
 */
int iscsi_utf8_valid(const uint8_t *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t n = utf8_seq_len(s[i]);

		if (n == 0 || s[i] == 0 || n > len - i || !utf8_seq_ok(s + i, n))
			return 0;
		i += n;
	}
	return 1;
}

/**
 * key_char_ok() - whether a byte may appear in a key name (RFC 7143 6.1)
 * @c: byte
 *
 * Return: 1 for letters, digits and . - + @ _
 */
static int key_char_ok(uint8_t c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '.' || c == '-' || c == '+' || c == '@' || c == '_';
}

/**
 * text_pair_parse() - split one "key=value" string
 * @s:   string (no NUL inside)
 * @len: its length (> 0)
 * @kv:  out: the pair
 *
 * Return: 0 or a negative errno naming the defect (see iscsi_text_strerror()).
 */
static int text_pair_parse(const uint8_t *s, size_t len, struct iscsi_kv *kv)
{
	const uint8_t *eq = memchr(s, '=', len);
	size_t i;

	if (!eq)
		return -EINVAL;
	kv->key = (const char *)s;
	kv->klen = (size_t)(eq - s);
	kv->val = (const char *)eq + 1;
	kv->vlen = len - kv->klen - 1;
	if (kv->klen == 0)
		return -EBADMSG;
	if (kv->klen > ISCSI_KEY_MAX)
		return -ENAMETOOLONG;
	if (kv->vlen > ISCSI_VALUE_MAX)
		return -EOVERFLOW;
	for (i = 0; i < kv->klen; i++)
		if (!key_char_ok(s[i]))
			return -EBADMSG;
	if (!iscsi_utf8_valid((const uint8_t *)kv->val, kv->vlen))
		return -EILSEQ;
	return 0;
}

/**
 * iscsi_text_parse() - split a text/login data segment into key=value pairs
 * @data:  data segment (pairs separated by NUL; the last may lack its NUL)
 * @len:   DataSegmentLength
 * @kv:    out: pairs, pointing into @data
 * @max:   room in @kv
 * @count: out: pairs found
 *
 * Empty strings (runs of NULs) are skipped.
 *
 * Return: 0; -EINVAL (no '='), -EBADMSG (empty or invalid key name),
 * -ENAMETOOLONG (key > 63 bytes), -EOVERFLOW (value too long), -EILSEQ
 * (value not UTF-8), -E2BIG (more than @max pairs).
 */
int iscsi_text_parse(const uint8_t *data, size_t len, struct iscsi_kv *kv, size_t max,
		     size_t *count)
{
	size_t pos = 0;
	int err;

	*count = 0;
	while (pos < len) {
		const uint8_t *s = data + pos;
		const uint8_t *nul = memchr(s, 0, len - pos);
		size_t slen = nul ? (size_t)(nul - s) : len - pos;

		pos += slen + 1;
		if (slen == 0)
			continue;
		if (*count >= max)
			return -E2BIG;
		err = text_pair_parse(s, slen, &kv[*count]);
		if (err)
			return err;
		(*count)++;
	}
	return 0;
}

/**
 * iscsi_text_strerror() - the reason behind an iscsi_text_parse() error
 * @err: negative errno it returned
 *
 * Return: a static string.
 */
const char *iscsi_text_strerror(int err)
{
	switch (err) {
	case 0:
		return "ok";
	case -EINVAL:
		return "text key without '='";
	case -EBADMSG:
		return "empty or invalid text key name";
	case -ENAMETOOLONG:
		return "text key longer than 63 bytes";
	case -EOVERFLOW:
		return "text value too long";
	case -EILSEQ:
		return "text value not UTF-8";
	case -E2BIG:
		return "too many text keys";
	default:
		return "malformed text";
	}
}

/**
 * iscsi_kv_key_is() - whether a pair's key equals @key
 * @kv:  pair
 * @key: NUL-terminated key name
 *
 * Return: 1 if equal (case-sensitive, as RFC 7143 keys are).
 */
int iscsi_kv_key_is(const struct iscsi_kv *kv, const char *key)
{
	return strlen(key) == kv->klen && memcmp(kv->key, key, kv->klen) == 0;
}

/**
 * iscsi_kv_find() - first pair with a given key
 * @kv:  pairs
 * @n:   pair count
 * @key: NUL-terminated key name
 *
 * Return: the pair or NULL.
 */
const struct iscsi_kv *iscsi_kv_find(const struct iscsi_kv *kv, size_t n, const char *key)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (iscsi_kv_key_is(&kv[i], key))
			return &kv[i];
	return NULL;
}
