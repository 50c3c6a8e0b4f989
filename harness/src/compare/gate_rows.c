/* gate_rows.c - the gate's table of stage timings: add, find, per-client totals, verdict names */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compare/gate.h"
#include "core/util.h"

/**
 * gate_rows_add() - a new zeroed row at the end
 * @rows: list
 *
 * Return: the row, or NULL when out of memory.
 */
struct gate_row *gate_rows_add(struct gate_rows *rows)
{
	if (PXL_VEC_GROW(rows->r, rows->cap, rows->n + 1))
		return NULL;
	memset(&rows->r[rows->n], 0, sizeof(rows->r[0]));
	rows->r[rows->n].base = -1;
	return &rows->r[rows->n++];
}

/** gate_rows_free() - free a row list */
void gate_rows_free(struct gate_rows *rows)
{
	free(rows->r);
	memset(rows, 0, sizeof(*rows));
}

/**
 * gate_rows_find() - the row of one stage of one client
 * @rows: list
 * @scenario, @client, @stage: key
 *
 * Return: the row or NULL.
 */
struct gate_row *gate_rows_find(struct gate_rows *rows, const char *scenario, const char *client, unsigned stage)
{
	size_t i;

	for (i = 0; i < rows->n; i++)
		if (rows->r[i].stage == stage && !strcmp(rows->r[i].scenario, scenario) &&
		    !strcmp(rows->r[i].client, client))
			return &rows->r[i];
	return NULL;
}

/**
 * gate_add_totals() - one total row per client: the sum of its passed stages
 *                     (a failed stage makes the total failed)
 * @rows: list
 */
void gate_add_totals(struct gate_rows *rows)
{
	size_t i, n = rows->n;

	for (i = 0; i < n; i++) {
		struct gate_row *r = &rows->r[i], *t;

		if (r->stage == GATE_TOTAL)
			continue;
		t = gate_rows_find(rows, r->scenario, r->client, GATE_TOTAL);
		if (!t) {
			char scenario[sizeof(r->scenario)], client[sizeof(r->client)];

			memcpy(scenario, r->scenario, sizeof(scenario));
			memcpy(client, r->client, sizeof(client));
			t = gate_rows_add(rows);
			if (!t)
				return;
			r = &rows->r[i];
			memcpy(t->scenario, scenario, sizeof(scenario));
			memcpy(t->client, client, sizeof(client));
			snprintf(t->name, sizeof(t->name), "total");
		}
		if (r->state == GATE_PASSED)
			t->now += r->now;
		if (r->state == GATE_FAILED)
			t->state = GATE_FAILED;
	}
}

/**
 * gate_verdict_name() - Return: the word printed for a verdict
 * @v: verdict
 */
const char *gate_verdict_name(enum gate_verdict v)
{
	static const char *const names[] = { "ok", "new (no baseline)", "REGRESSED", "FAILED", "MISSING" };

	return names[v];
}
