/* iscsi_target_set.c - the targets a portal serves: names, LUNs, CHAP credentials */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

/**
 * default_rng() - random bytes from the kernel (falls back to a clock mix)
 * @ctx: unused
 * @buf: out
 * @len: bytes
 */
static void default_rng(void *ctx, uint8_t *buf, size_t len)
{
	size_t i;

	if (getrandom(buf, len, GRND_NONBLOCK) == (ssize_t)len)
		return;
	for (i = 0; i < len; i++)
		buf[i] = (uint8_t)(((uintptr_t)buf >> (i % 8)) ^ (i * 131u));
}

/**
 * iscsi_target_set_new() - an empty set of targets
 * @portal: "address:port" announced in SendTargets (NULL: "127.0.0.1:3260")
 *
 * Return: the set or NULL.
 */
struct iscsi_target_set *iscsi_target_set_new(const char *portal)
{
	struct iscsi_target_set *set = calloc(1, sizeof(*set));

	if (!set)
		return NULL;
	snprintf(set->portal, sizeof(set->portal), "%s", portal ? portal : "127.0.0.1:3260");
	set->tpgt = 1;
	set->rng = default_rng;
	return set;
}

/**
 * iscsi_target_set_rng() - replace the random source (tests use a fixed one)
 * @set: set
 * @rng: generator
 * @ctx: its context
 */
void iscsi_target_set_rng(struct iscsi_target_set *set, iscsi_rng_fn rng, void *ctx)
{
	set->rng = rng ? rng : default_rng;
	set->rng_ctx = ctx;
}

/**
 * iscsi_target_find() - a target by name
 * @set: set
 * @iqn: name bytes
 * @len: name length
 *
 * Return: the target or NULL.
 */
struct iscsi_target *iscsi_target_find(const struct iscsi_target_set *set, const char *iqn,
				       size_t len)
{
	size_t i;

	for (i = 0; i < set->ntargets; i++)
		if (strlen(set->targets[i]->iqn) == len &&
		    strncasecmp(set->targets[i]->iqn, iqn, len) == 0)
			return set->targets[i];
	return NULL;
}

/**
 * iscsi_target_add() - add a target
 * @set: set
 * @iqn: target name (1..223 bytes, unique)
 *
 * Return: the target, or NULL with errno (EINVAL, EEXIST, ENOSPC, ENOMEM).
 */
struct iscsi_target *iscsi_target_add(struct iscsi_target_set *set, const char *iqn)
{
	struct iscsi_target *t;

	if (!iqn || !*iqn || strlen(iqn) >= ISCSI_NAME_MAX) {
		errno = EINVAL;
		return NULL;
	}
	if (iscsi_target_find(set, iqn, strlen(iqn))) {
		errno = EEXIST;
		return NULL;
	}
	if (set->ntargets >= ISCSI_MAX_TARGETS) {
		errno = ENOSPC;
		return NULL;
	}
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	snprintf(t->iqn, sizeof(t->iqn), "%s", iqn);
	set->targets[set->ntargets++] = t;
	return t;
}

/**
 * iscsi_target_add_lun() - give a target a logical unit
 * @t:    target
 * @lun:  LUN number (< 16384)
 * @disk: disk; the set owns it from now on (freed on failure too)
 *
 * Return: 0, -EINVAL, -EEXIST (LUN taken) or -ENOSPC.
 */
int iscsi_target_add_lun(struct iscsi_target *t, uint16_t lun, struct scsi_disk *disk)
{
	size_t i;
	int err = 0;

	if (!disk || lun >= 16384)
		err = -EINVAL;
	for (i = 0; !err && i < t->nluns; i++)
		if (t->luns[i].lun == lun)
			err = -EEXIST;
	if (!err && t->nluns >= ISCSI_MAX_LUNS)
		err = -ENOSPC;
	if (err) {
		scsi_disk_free(disk);
		return err;
	}
	t->luns[t->nluns].lun = lun;
	t->luns[t->nluns].disk = disk;
	t->nluns++;
	return 0;
}

/**
 * set_cred() - store a user/secret pair
 * @user:   destination user buffer
 * @secret: destination secret buffer
 * @u:      user name
 * @s:      secret
 *
 * Return: 0 or -EINVAL (empty or too long).
 */
static int set_cred(char *user, char *secret, const char *u, const char *s)
{
	if (!u || !s || !*u || !*s || strlen(u) >= ISCSI_SECRET_MAX ||
	    strlen(s) >= ISCSI_SECRET_MAX)
		return -EINVAL;
	snprintf(user, ISCSI_SECRET_MAX, "%s", u);
	snprintf(secret, ISCSI_SECRET_MAX, "%s", s);
	return 0;
}

/**
 * iscsi_target_set_chap() - require one-way CHAP for a target
 * @t:      target
 * @user:   name the initiator must give (CHAP_N)
 * @secret: shared secret
 *
 * Return: 0 or -EINVAL.
 */
int iscsi_target_set_chap(struct iscsi_target *t, const char *user, const char *secret)
{
	return set_cred(t->chap_user, t->chap_secret, user, secret);
}

/**
 * iscsi_target_set_mutual_chap() - require mutual CHAP (the target proves itself too)
 * @t:      target
 * @user:   name the target gives
 * @secret: secret the target answers with
 *
 * Return: 0 or -EINVAL.
 */
int iscsi_target_set_mutual_chap(struct iscsi_target *t, const char *user, const char *secret)
{
	return set_cred(t->mutual_user, t->mutual_secret, user, secret);
}

/**
 * iscsi_target_set_single_session() - allow one session per initiator name on a target
 * @t:  target
 * @on: 1: a new session from an initiator that has one is refused (0x0206)
 */
void iscsi_target_set_single_session(struct iscsi_target *t, int on)
{
	t->single_session = on != 0;
}

/** iscsi_target_count() - number of targets in @set */
size_t iscsi_target_count(const struct iscsi_target_set *set)
{
	return set->ntargets;
}

/**
 * iscsi_target_set_free() - free the set, its targets and their disks
 * @set: set (may be NULL)
 */
void iscsi_target_set_free(struct iscsi_target_set *set)
{
	size_t i, j;

	if (!set)
		return;
	for (i = 0; i < set->ntargets; i++) {
		for (j = 0; j < set->targets[i]->nluns; j++)
			scsi_disk_free(set->targets[i]->luns[j].disk);
		free(set->targets[i]);
	}
	free(set);
}
