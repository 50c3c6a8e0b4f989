/* iscsi_session.c - the normal sessions a target set has open: join, leave, the single-session rule
 *
 * A session is one connection here (MaxConnections=1).  It joins its set's
 * list when it enters full feature phase and leaves it when the connection
 * closes for any reason.  A target with the single-session option refuses a
 * new session (TSIH 0, another ISID) from an initiator name that already
 * has one on that target, as targets with a MaxSessions-style limit do; the
 * same ISID would be session reinstatement (RFC 7143 6.3.5), not refused.
 *
 * A session of such a target that ended without a logout (its connection
 * reset by the initiator's host) still counts: iPXE never logs out of the session it
 * booted from, and whether the OS's TCP resets that connection before it
 * logs in again depends on when libslirp retransmits to it, so a rule that
 * forgot reset sessions would refuse or admit the OS by chance.  The option
 * models a target that keeps a failed session until a timeout of its own.
 */
#include "services/iscsi/iscsi_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

/**
 * iscsi_session_join() - put a connection that entered full feature phase on its set's list
 * @conn: connection (a normal session; discovery sessions are not listed)
 */
void iscsi_session_join(struct iscsi_conn *conn)
{
	if (conn->listed || conn->discovery)
		return;
	conn->next_session = conn->set->sessions;
	conn->set->sessions = conn;
	conn->listed = 1;
}

/**
 * iscsi_session_leave() - take a connection off its set's list (no-op if not on it)
 * @conn: connection
 */
void iscsi_session_leave(struct iscsi_conn *conn)
{
	struct iscsi_conn **pp;

	if (!conn->listed)
		return;
	for (pp = &conn->set->sessions; *pp; pp = &(*pp)->next_session) {
		if (*pp == conn) {
			*pp = conn->next_session;
			break;
		}
	}
	conn->next_session = NULL;
	conn->listed = 0;
}

/**
 * iscsi_session_lost() - a listed session ends without a logout: keep it if its target is single-session
 * @conn: connection (still listed; iscsi_session_leave() follows)
 */
void iscsi_session_lost(struct iscsi_conn *conn)
{
	struct iscsi_gone *g;

	if (!conn->listed || !conn->target || !conn->target->single_session)
		return;
	g = &conn->set->gone[conn->set->ngone++ % ISCSI_GONE_MAX];
	g->target = conn->target;
	snprintf(g->initiator, sizeof(g->initiator), "%s", conn->initiator);
	memcpy(g->isid, conn->isid, sizeof(g->isid));
}

/**
 * iscsi_session_other() - another session of the same initiator on the same target, another ISID
 * @conn: a connection in login whose initiator, ISID and target are known
 *
 * Open sessions first, then those a single-session target kept
 * (iscsi_session_lost()).  iSCSI names compare without regard to case
 * (RFC 3722 normalizes them to lower case).
 *
 * Return: that session's ISID, or NULL.
 */
const uint8_t *iscsi_session_other(const struct iscsi_conn *conn)
{
	const struct iscsi_conn *s;
	const struct iscsi_gone *g;
	unsigned i, n = conn->set->ngone < ISCSI_GONE_MAX ? conn->set->ngone : ISCSI_GONE_MAX;

	for (s = conn->set->sessions; s; s = s->next_session) {
		if (s != conn && s->target == conn->target &&
		    !strcasecmp(s->initiator, conn->initiator) &&
		    memcmp(s->isid, conn->isid, sizeof(s->isid)))
			return s->isid;
	}
	for (i = 0; i < n; i++) {
		g = &conn->set->gone[i];
		if (g->target == conn->target && !strcasecmp(g->initiator, conn->initiator) &&
		    memcmp(g->isid, conn->isid, sizeof(g->isid)))
			return g->isid;
	}
	return NULL;
}
