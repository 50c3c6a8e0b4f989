/* model.c - scenario model memory: growing arrays, freeing scenarios */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "lang/parse.h"

/**
 * scn_push() - append one zeroed element to a malloc'ed array
 * @arrp:  address of the array pointer (void **, typed loosely)
 * @n:     element count, incremented on success
 * @elsz:  element size
 *
 * The array grows in powers of two, so the capacity follows from @n.
 *
 * Return: the new element, or NULL on allocation failure.
 */
void *scn_push(void *arrp, size_t *n, size_t elsz)
{
	void **arr = arrp;
	size_t cap = 4;
	char *p;

	while (cap < *n + 1)
		cap *= 2;
	/* grow at 0 (to 4), then when full at 4, 8, 16 ... (1-3 fit the first 4) */
	if (*n == 0 || (*n >= 4 && (*n & (*n - 1)) == 0)) {
		p = realloc(*arr, cap * elsz);
		if (!p)
			return NULL;
		*arr = p;
	}
	p = (char *)*arr + *n * elsz;
	memset(p, 0, elsz);
	(*n)++;
	return p;
}

/**
 * scn_push_checked() - scn_push() with a count limit and reported errors
 * @p:    parser
 * @arrp: address of the array pointer
 * @n:    element count
 * @elsz: element size
 * @what: plural noun for the limit message ("clients")
 * @out:  out: the new element
 *
 * Return: 0, -E2BIG (limit reached, reported) or -ENOMEM.
 */
int scn_push_checked(struct scn_parser *p, void *arrp, size_t *n,
		     size_t elsz, const char *what, void **out)
{
	if (*n >= SCN_MAX_ITEMS) {
		scn_err(p, p->n ? &p->tok[0] : NULL,
			"expected at most %d %s, found more", SCN_MAX_ITEMS,
			what);
		return -E2BIG;
	}
	*out = scn_push(arrp, n, elsz);
	return *out ? 0 : -ENOMEM;
}

/**
 * scn_match_clear() - release what a match owns
 * @m: the match
 */
void scn_match_clear(struct scn_match *m)
{
	free(m->value);
	m->value = NULL;
	if (m->re) {
		regfree(m->re);
		free(m->re);
		m->re = NULL;
	}
}

/**
 * free_matches() - release an array of matches
 * @m: array
 * @n: count
 */
static void free_matches(struct scn_match *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		scn_match_clear(&m[i]);
	free(m);
}

/**
 * free_dhcp() - release the DHCP part of a scenario
 * @d: DHCP section
 */
static void free_dhcp(struct scn_dhcp *d)
{
	size_t i, j;

	for (i = 0; i < d->nrules; i++) {
		struct scn_rule *r = &d->rules[i];

		free(r->name);
		free_matches(r->cond, r->ncond);
		for (j = 0; j < r->nact; j++)
			free(r->act[j].value);
		free(r->act);
	}
	free(d->rules);
	free(d->res);
}

/**
 * free_servers() - release TFTP and iSCSI parts of a scenario
 * @s: scenario
 */
static void free_servers(struct scenario *s)
{
	size_t i;

	free(s->tftp.root);
	for (i = 0; i < s->tftp.nserve; i++) {
		free(s->tftp.serve[i].name);
		free(s->tftp.serve[i].src);
	}
	free(s->tftp.serve);
	free(s->http.root);
	for (i = 0; i < s->http.nserve; i++) {
		free(s->http.serve[i].name);
		free(s->http.serve[i].src);
	}
	free(s->http.serve);
	for (i = 0; i < s->ntargets; i++) {
		struct scn_target *t = &s->targets[i];

		free(t->iqn);
		free(t->image);
		free(t->chap_user);
		free(t->chap_secret);
		free(t->mutual_user);
		free(t->mutual_secret);
	}
	free(s->targets);
}

/**
 * free_stages() - release the stages of a scenario
 * @s: scenario
 */
static void free_stages(struct scenario *s)
{
	size_t i, j;

	for (i = 0; i < s->nstages; i++) {
		struct scn_stage *st = &s->stages[i];

		for (j = 0; j < st->nex; j++) {
			free_matches(st->ex[j].m, st->ex[j].nm);
			free(st->ex[j].client_name);
		}
		free(st->ex);
		free(st->name);
	}
	free(s->stages);
}

/**
 * scn_free() - release a scenario and everything it owns
 * @s: the scenario (may be NULL)
 */
void scn_free(struct scenario *s)
{
	size_t i;

	if (!s)
		return;
	free(s->name);
	free(s->base_name);
	free(s->instance);
	free(s->file);
	free(s->description);
	free_dhcp(&s->dhcp);
	free_dhcp(&s->dhcp6.pol);
	free_servers(s);
	for (i = 0; i < s->nclients; i++)
		free(s->clients[i].name);
	free(s->clients);
	for (i = 0; i < s->nfaults; i++)
		free(s->faults[i].client_name);
	free(s->faults);
	for (i = 0; i < s->nsends; i++) {
		free_matches(s->sends[i].when.m, s->sends[i].when.nm);
		free(s->sends[i].when.client_name);
		free(s->sends[i].keys);
	}
	free(s->sends);
	free_stages(s);
	free(s->xfail.text);
	for (i = 0; i < s->dead_ends.n; i++)
		scn_match_clear(&s->dead_ends.v[i].m);
	free(s->dead_ends.v);
	free(s);
}

/**
 * scn_list_free() - release every scenario of a list and empty it
 * @list: the list (may be NULL)
 */
void scn_list_free(struct scn_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->n; i++)
		scn_free(list->s[i]);
	free(list->s);
	list->s = NULL;
	list->n = 0;
}
