/* iscsi_params.c - operational key negotiation (RFC 7143 13): one table row per key */
#include "services/iscsi/iscsi_int.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"

/** enum key_kind - the negotiation rule of a key */
enum key_kind {
	KEY_DIGEST,    /* list: we only do None */
	KEY_BOOL_OR,   /* result = offered OR ours */
	KEY_BOOL_AND,  /* result = offered AND ours */
	KEY_MIN,       /* numeric, result = min */
	KEY_MAX,       /* numeric, result = max */
	KEY_DECLARE,   /* declarative: store theirs, declare ours */
	KEY_MARKER,    /* RFC 3720 markers: always No */
	KEY_MARKINT,   /* RFC 3720 marker intervals: Irrelevant */
	KEY_INFO,      /* declarative, nothing to answer (aliases) */
};

/**
 * struct key_rule - one operational key
 * @name:   key
 * @kind:   rule
 * @member: offsetof() the uint32_t/int in struct iscsi_params (bool keys are int)
 * @ours:   our value (bools: 1 = Yes)
 * @lo, @hi: valid range of numbers
 */
struct key_rule {
	const char *name;
	enum key_kind kind;
	size_t member;
	uint32_t ours;
	uint32_t lo, hi;
};

#define P(m) offsetof(struct iscsi_params, m)

static const struct key_rule key_rules[] = {
	{ "HeaderDigest", KEY_DIGEST, 0, 0, 0, 0 },
	{ "DataDigest", KEY_DIGEST, 0, 0, 0, 0 },
	{ "MaxConnections", KEY_MIN, P(max_connections), 1, 1, 65535 },
	{ "InitialR2T", KEY_BOOL_OR, P(initial_r2t), 0, 0, 1 },
	{ "ImmediateData", KEY_BOOL_AND, P(immediate_data), 1, 0, 1 },
	{ "MaxRecvDataSegmentLength", KEY_DECLARE, P(initiator_mrdsl), ISCSI_TARGET_MRDSL, 512,
	  16777215 },
	{ "MaxBurstLength", KEY_MIN, P(max_burst), 1048576, 512, 16777215 },
	{ "FirstBurstLength", KEY_MIN, P(first_burst), 262144, 512, 16777215 },
	{ "DefaultTime2Wait", KEY_MAX, P(time2wait), 2, 0, 3600 },
	{ "DefaultTime2Retain", KEY_MIN, P(time2retain), 0, 0, 3600 },
	{ "MaxOutstandingR2T", KEY_MIN, P(max_r2t), 1, 1, 65535 },
	{ "DataPDUInOrder", KEY_BOOL_OR, P(pdu_in_order), 1, 0, 1 },
	{ "DataSequenceInOrder", KEY_BOOL_OR, P(seq_in_order), 1, 0, 1 },
	{ "ErrorRecoveryLevel", KEY_MIN, P(erl), 0, 0, 2 },
	{ "IFMarker", KEY_MARKER, 0, 0, 0, 0 },
	{ "OFMarker", KEY_MARKER, 0, 0, 0, 0 },
	{ "IFMarkInt", KEY_MARKINT, 0, 0, 0, 0 },
	{ "OFMarkInt", KEY_MARKINT, 0, 0, 0, 0 },
	{ "InitiatorAlias", KEY_INFO, 0, 0, 0, 0 },
	{ "TargetAlias", KEY_INFO, 0, 0, 0, 0 },
};

/**
 * iscsi_params_defaults() - RFC 7143 defaults, in force until negotiated
 * @p: parameters
 */
void iscsi_params_defaults(struct iscsi_params *p)
{
	*p = (struct iscsi_params){
		.max_connections = 1,
		.initial_r2t = 1,
		.immediate_data = 1,
		.initiator_mrdsl = 8192,
		.max_burst = 262144,
		.first_burst = 65536,
		.time2wait = 2,
		.time2retain = 20,
		.max_r2t = 1,
		.pdu_in_order = 1,
		.seq_in_order = 1,
		.erl = 0,
	};
}

/**
 * parse_number() - a decimal or 0x-hex number of a key value
 * @kv:  pair
 * @out: out: value
 *
 * Return: 0 or -EINVAL.
 */
static int parse_number(const struct iscsi_kv *kv, uint32_t *out)
{
	char tmp[16];
	char *end;
	unsigned long v;

	if (kv->vlen == 0 || kv->vlen >= sizeof(tmp) || kv->val[0] == '-' || kv->val[0] == '+')
		return -EINVAL;
	memcpy(tmp, kv->val, kv->vlen);
	tmp[kv->vlen] = '\0';
	errno = 0;
	v = strtoul(tmp, &end, 0);
	if (errno || *end || v > 0xffffffffUL)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

/**
 * parse_bool() - "Yes" or "No"
 * @kv:  pair
 * @out: out: 1 or 0
 *
 * Return: 0 or -EINVAL.
 */
static int parse_bool(const struct iscsi_kv *kv, int *out)
{
	if (kv->vlen == 3 && memcmp(kv->val, "Yes", 3) == 0)
		*out = 1;
	else if (kv->vlen == 2 && memcmp(kv->val, "No", 2) == 0)
		*out = 0;
	else
		return -EINVAL;
	return 0;
}

/**
 * negotiate_bool() - a Yes/No key under OR or AND
 * @r:   rule
 * @p:   parameters
 * @kv:  offered pair
 * @rsp: response text
 */
static void negotiate_bool(const struct key_rule *r, struct iscsi_params *p,
			   const struct iscsi_kv *kv, struct iscsi_keybuf *rsp)
{
	int *m = (int *)(void *)((uint8_t *)p + r->member), v;

	if (parse_bool(kv, &v)) {
		iscsi_keybuf_add(rsp, r->name, "Reject");
		return;
	}
	*m = r->kind == KEY_BOOL_OR ? (v || r->ours) : (v && r->ours);
	iscsi_keybuf_add(rsp, r->name, "%s", *m ? "Yes" : "No");
}

/**
 * negotiate_number() - a numeric key under min, max or declaration
 * @r:   rule
 * @p:   parameters
 * @kv:  offered pair
 * @rsp: response text
 */
static void negotiate_number(const struct key_rule *r, struct iscsi_params *p,
			     const struct iscsi_kv *kv, struct iscsi_keybuf *rsp)
{
	uint32_t *m = (uint32_t *)(void *)((uint8_t *)p + r->member), v;

	if (parse_number(kv, &v) || v < r->lo || v > r->hi) {
		iscsi_keybuf_add(rsp, r->name, "Reject");
		return;
	}
	if (r->kind == KEY_DECLARE) {
		*m = v;
		iscsi_keybuf_add(rsp, r->name, "%u", r->ours);
		return;
	}
	*m = r->kind == KEY_MIN ? (v < r->ours ? v : r->ours) : (v > r->ours ? v : r->ours);
	iscsi_keybuf_add(rsp, r->name, "%u", *m);
}

/**
 * negotiate_rule() - apply one rule to an offered pair
 * @r:   rule
 * @p:   parameters
 * @kv:  offered pair
 * @rsp: response text
 */
static void negotiate_rule(const struct key_rule *r, struct iscsi_params *p,
			   const struct iscsi_kv *kv, struct iscsi_keybuf *rsp)
{
	switch (r->kind) {
	case KEY_DIGEST:
		iscsi_keybuf_add(rsp, r->name, "%s",
				 iscsi_value_in_list(kv, "None") ? "None" : "Reject");
		break;
	case KEY_BOOL_OR:
	case KEY_BOOL_AND:
		negotiate_bool(r, p, kv, rsp);
		break;
	case KEY_MARKER:
		iscsi_keybuf_add(rsp, r->name, "No");
		break;
	case KEY_MARKINT:
		iscsi_keybuf_add(rsp, r->name, "Irrelevant");
		break;
	case KEY_INFO:
		break;
	default:
		negotiate_number(r, p, kv, rsp);
		break;
	}
}

/**
 * iscsi_params_negotiate() - answer one operational key
 * @p:   parameters being negotiated
 * @kv:  the initiator's pair
 * @rsp: response text
 *
 * Return: 0 if the key is an operational key (answered, possibly "Reject"),
 * -ENOENT if unknown (the caller answers NotUnderstood).
 */
int iscsi_params_negotiate(struct iscsi_params *p, const struct iscsi_kv *kv,
			   struct iscsi_keybuf *rsp)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(key_rules); i++)
		if (iscsi_kv_key_is(kv, key_rules[i].name)) {
			negotiate_rule(&key_rules[i], p, kv, rsp);
			return 0;
		}
	return -ENOENT;
}

/**
 * iscsi_params_finish() - cross-key constraints once negotiation ends
 * @p: parameters
 *
 * FirstBurstLength may not exceed MaxBurstLength (RFC 7143 13.14).
 */
void iscsi_params_finish(struct iscsi_params *p)
{
	if (p->first_burst > p->max_burst)
		p->first_burst = p->max_burst;
}
