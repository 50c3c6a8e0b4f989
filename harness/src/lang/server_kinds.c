/* server_kinds.c - the server kinds of lang/server_kinds.def: names, and the words each role accepts
 *
 * Every list of server names a user sees (the parser's "expected a DHCP
 * server (...)", `pxelab compare --help`, its --dhcp/--tftp/--iscsi errors)
 * and every name lookup is made here from the one table, in row order.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lang/parse.h"
#include "lang/scenario.h"

/** scn_server_kinds - every kind, index = enum scn_server */
const struct scn_server_kind scn_server_kinds[SCN_SRV_COUNT] = {
	[SCN_SRV_NONE] = { "none", 0 },
#define SERVER_KIND(id, name, provider, roles) [SCN_SRV_##id] = { name, roles },
#include "lang/server_kinds.def"
#undef SERVER_KIND
};

/** scn_server_name() - Return: the name of a kind ("none" for SCN_SRV_NONE, "?" if out of range) */
const char *scn_server_name(enum scn_server kind)
{
	return (unsigned)kind < SCN_SRV_COUNT ? scn_server_kinds[kind].name : "?";
}

/**
 * scn_server_find() - a kind by name, among those that may be named in @roles
 * @name: "dnsmasq"
 * @roles: SCN_IN_* / SCN_SWAP_* flags; a kind with any of them matches
 * @kind: out
 *
 * Return: 0, or -EINVAL when no such kind may be named there.
 */
int scn_server_find(const char *name, unsigned roles, enum scn_server *kind)
{
	size_t i;

	for (i = SCN_SRV_NONE + 1; i < SCN_SRV_COUNT; i++) {
		if ((scn_server_kinds[i].roles & roles) && !strcmp(scn_server_kinds[i].name, name)) {
			*kind = (enum scn_server)i;
			return 0;
		}
	}
	return -EINVAL;
}

/**
 * scn_server_words() - the names that may be written in @roles, NULL-terminated, in row order
 * @roles: SCN_IN_* / SCN_SWAP_* flags; a kind with any of them is listed
 * @words: out: names, then NULL (room for @max entries, the NULL included)
 * @kinds: out: the kind of each name (may be NULL)
 * @max: capacity of @words and @kinds (SCN_SRV_COUNT always suffices)
 *
 * Return: the number of names.
 */
size_t scn_server_words(unsigned roles, const char **words, enum scn_server *kinds, size_t max)
{
	size_t i, n = 0;

	for (i = SCN_SRV_NONE + 1; i < SCN_SRV_COUNT && n + 1 < max; i++) {
		if (!(scn_server_kinds[i].roles & roles))
			continue;
		if (kinds)
			kinds[n] = (enum scn_server)i;
		words[n++] = scn_server_kinds[i].name;
	}
	if (max)
		words[n] = NULL;
	return n;
}

/**
 * scn_server_list() - the names that may be written in @roles, for messages: "a, b, c"
 * @roles: SCN_IN_* / SCN_SWAP_* flags
 * @last: separator before the last name (", " or " or ")
 * @buf: out
 * @len: its size
 *
 * Return: @buf.
 */
const char *scn_server_list(unsigned roles, const char *last, char *buf, size_t len)
{
	const char *words[SCN_SRV_COUNT];
	size_t i, n = scn_server_words(roles, words, NULL, SCN_SRV_COUNT), used = 0;

	if (len)
		buf[0] = '\0';
	for (i = 0; i < n && used < len; i++) {
		int k = snprintf(buf + used, len - used, "%s%s", i == 0 ? "" : i + 1 == n ? last : ", ", words[i]);

		if (k < 0)
			break;
		used += (size_t)k;
	}
	return buf;
}

/**
 * scn_take_server() - take the server kind of a dhcp, tftp or iscsi line
 * @p: parser
 * @what: "a DHCP server": the error lists the kinds after it
 * @role: SCN_IN_DHCP, SCN_IN_TFTP or SCN_IN_ISCSI
 * @kind: out (left alone on an error)
 *
 * Return: 0 or a negative errno.
 */
int scn_take_server(struct scn_parser *p, const char *what, unsigned role, enum scn_server *kind)
{
	const char *words[SCN_SRV_COUNT];
	enum scn_server kinds[SCN_SRV_COUNT];
	char list[256], expected[320];
	int i, rc;

	scn_server_words(role, words, kinds, SCN_SRV_COUNT);
	snprintf(expected, sizeof(expected), "%s (%s)", what, scn_server_list(role, ", ", list, sizeof(list)));
	rc = scn_take_choice(p, expected, words, &i);
	if (!rc)
		*kind = kinds[i];
	return rc;
}
