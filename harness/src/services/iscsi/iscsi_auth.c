/* iscsi_auth.c - the login security stage: AuthMethod and CHAP-MD5, one-way and mutual */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

static const char *const auth_keys[] = { "AuthMethod", "CHAP_A", "CHAP_N", "CHAP_R",
					 "CHAP_I", "CHAP_C" };

/**
 * iscsi_auth_is_key() - whether a key belongs to the security stage
 * @kv: pair
 *
 * Return: 1 for AuthMethod and CHAP_* keys.
 */
int iscsi_auth_is_key(const struct iscsi_kv *kv)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(auth_keys); i++)
		if (iscsi_kv_key_is(kv, auth_keys[i]))
			return 1;
	return 0;
}

/**
 * auth_method() - choose CHAP (credentials configured) or None
 * @conn: connection
 * @am:   AuthMethod offered
 * @rsp:  response text
 * @why:  out: reason on failure
 *
 * Return: 0 or -EACCES.
 */
static int auth_method(struct iscsi_conn *conn, const struct iscsi_kv *am,
		       struct iscsi_keybuf *rsp, const char **why)
{
	int need = conn->target && conn->target->chap_user[0];

	if (need && iscsi_value_in_list(am, "CHAP")) {
		iscsi_keybuf_add(rsp, "AuthMethod", "CHAP");
		conn->login.auth = AUTH_WAIT_A;
		return 0;
	}
	if (!need && iscsi_value_in_list(am, "None")) {
		iscsi_keybuf_add(rsp, "AuthMethod", "None");
		conn->login.auth = AUTH_DONE;
		return 0;
	}
	iscsi_keybuf_add(rsp, "AuthMethod", "Reject");
	*why = need ? "target requires CHAP, initiator did not offer it"
		    : "initiator offered no AuthMethod this target accepts";
	return -EACCES;
}

/**
 * auth_challenge() - answer CHAP_A: identifier and a fresh challenge
 * @conn: connection
 * @a:    CHAP_A offered
 * @rsp:  response text
 * @why:  out: reason on failure
 *
 * Return: 0 or -EACCES (no MD5 in the list).
 */
static int auth_challenge(struct iscsi_conn *conn, const struct iscsi_kv *a,
			  struct iscsi_keybuf *rsp, const char **why)
{
	char hex[2 * CHAP_CHALLENGE_LEN + 3];

	if (!iscsi_value_in_list(a, "5")) {
		iscsi_keybuf_add(rsp, "CHAP_A", "Reject");
		*why = "CHAP_A without MD5 (5)";
		return -EACCES;
	}
	conn->set->rng(conn->set->rng_ctx, &conn->login.chap_id, 1);
	conn->set->rng(conn->set->rng_ctx, conn->login.challenge, CHAP_CHALLENGE_LEN);
	chap_encode_hex(conn->login.challenge, CHAP_CHALLENGE_LEN, hex, sizeof(hex));
	iscsi_keybuf_add(rsp, "CHAP_A", "5");
	iscsi_keybuf_add(rsp, "CHAP_I", "%u", conn->login.chap_id);
	iscsi_keybuf_add(rsp, "CHAP_C", "%s", hex);
	conn->login.auth = AUTH_WAIT_R;
	return 0;
}

/**
 * auth_mutual() - prove the target to the initiator (CHAP_I + CHAP_C from it)
 * @conn: connection
 * @i:    CHAP_I from the initiator (or NULL)
 * @c:    CHAP_C from the initiator (or NULL)
 * @rsp:  response text
 * @why:  out: reason on failure
 *
 * Return: 0 or -EACCES.
 */
static int auth_mutual(struct iscsi_conn *conn, const struct iscsi_kv *i, const struct iscsi_kv *c,
		       struct iscsi_keybuf *rsp, const char **why)
{
	const struct iscsi_target *t = conn->target;
	uint8_t chal[CHAP_BINARY_MAX], digest[MD5_DIGEST_LEN];
	char hex[2 * MD5_DIGEST_LEN + 3], num[8];
	size_t clen;
	unsigned long id;
	char *end;

	if (!i && !c) {
		*why = t->mutual_user[0] ? "target requires mutual CHAP" : NULL;
		return t->mutual_user[0] ? -EACCES : 0;
	}
	*why = "malformed mutual CHAP challenge";
	if (!i || !c || !t->mutual_user[0] || i->vlen == 0 || i->vlen >= sizeof(num)) {
		if (i && c && !t->mutual_user[0])
			*why = "mutual CHAP asked but no target credentials configured";
		return -EACCES;
	}
	memcpy(num, i->val, i->vlen);
	num[i->vlen] = '\0';
	id = strtoul(num, &end, 0);
	if (*end || id > 255 || chap_decode(c->val, c->vlen, chal, sizeof(chal), &clen) ||
	    clen == 0)
		return -EACCES;
	if (clen == CHAP_CHALLENGE_LEN && chap_equal(chal, conn->login.challenge, clen)) {
		*why = "initiator reflected the target's CHAP challenge";
		return -EACCES;
	}
	chap_response((uint8_t)id, t->mutual_secret, chal, clen, digest);
	chap_encode_hex(digest, sizeof(digest), hex, sizeof(hex));
	iscsi_keybuf_add(rsp, "CHAP_N", "%s", t->mutual_user);
	iscsi_keybuf_add(rsp, "CHAP_R", "%s", hex);
	return 0;
}

/**
 * auth_verify() - check CHAP_N/CHAP_R, then the mutual part
 * @conn: connection
 * @kv:   pairs of this PDU
 * @n:    count
 * @rsp:  response text
 * @why:  out: reason on failure
 *
 * Return: 0 or -EACCES.
 */
static int auth_verify(struct iscsi_conn *conn, const struct iscsi_kv *kv, size_t n,
		       struct iscsi_keybuf *rsp, const char **why)
{
	const struct iscsi_target *t = conn->target;
	const struct iscsi_kv *name = iscsi_kv_find(kv, n, "CHAP_N");
	const struct iscsi_kv *r = iscsi_kv_find(kv, n, "CHAP_R");
	uint8_t got[CHAP_BINARY_MAX], want[MD5_DIGEST_LEN];
	size_t glen;
	int err;

	*why = "CHAP_N/CHAP_R missing or malformed";
	if (!name || !r || chap_decode(r->val, r->vlen, got, sizeof(got), &glen) ||
	    glen != MD5_DIGEST_LEN)
		return -EACCES;
	chap_response(conn->login.chap_id, t->chap_secret, conn->login.challenge,
		      CHAP_CHALLENGE_LEN, want);
	if (name->vlen != strlen(t->chap_user) || memcmp(name->val, t->chap_user, name->vlen) ||
	    !chap_equal(got, want, MD5_DIGEST_LEN)) {
		*why = "CHAP response or user name wrong";
		return -EACCES;
	}
	err = auth_mutual(conn, iscsi_kv_find(kv, n, "CHAP_I"), iscsi_kv_find(kv, n, "CHAP_C"),
			  rsp, why);
	if (err)
		return err;
	conn->login.auth = AUTH_DONE;
	*why = NULL;
	return 0;
}

/**
 * iscsi_auth_keys() - run the security-stage keys of one Login Request
 * @conn: connection
 * @kv:   pairs
 * @n:    count
 * @rsp:  response text
 * @why:  out: reason on failure
 *
 * Return: 0, or -EACCES (authentication failure, status 02/01).
 */
int iscsi_auth_keys(struct iscsi_conn *conn, const struct iscsi_kv *kv, size_t n,
		    struct iscsi_keybuf *rsp, const char **why)
{
	const struct iscsi_kv *am = iscsi_kv_find(kv, n, "AuthMethod");
	const struct iscsi_kv *a = iscsi_kv_find(kv, n, "CHAP_A");
	int err;

	if (am && conn->login.auth == AUTH_START) {
		err = auth_method(conn, am, rsp, why);
		if (err)
			return err;
	}
	if (a && conn->login.auth == AUTH_WAIT_A)
		return auth_challenge(conn, a, rsp, why);
	if (conn->login.auth == AUTH_WAIT_R &&
	    (iscsi_kv_find(kv, n, "CHAP_N") || iscsi_kv_find(kv, n, "CHAP_R")))
		return auth_verify(conn, kv, n, rsp, why);
	return 0;
}
