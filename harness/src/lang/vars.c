/* vars.c - scenario variables: a small name -> value table */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/util.h"
#include "lang/parse.h"

/**
 * scn_vars_find() - look a variable up
 * @vars: table
 * @name: name
 *
 * Return: the entry, or NULL.
 */
struct scn_var *scn_vars_find(const struct scn_vars *vars, const char *name)
{
	size_t i;

	for (i = 0; i < vars->n; i++)
		if (!strcmp(vars->v[i].name, name))
			return &vars->v[i];
	return NULL;
}

/**
 * scn_vars_get() - a variable's value
 * @vars: table
 * @name: name
 *
 * Return: the value, or NULL if not set.
 */
const char *scn_vars_get(const struct scn_vars *vars, const char *name)
{
	const struct scn_var *v = scn_vars_find(vars, name);

	return v ? v->value : NULL;
}

/**
 * scn_vars_set() - set (or replace) a variable
 * @vars:  table
 * @name:  name (letters, digits, '.', '_', '-')
 * @value: value (copied)
 *
 * Return: 0, -EINVAL for a bad name, -ENOMEM.
 */
int scn_vars_set(struct scn_vars *vars, const char *name, const char *value)
{
	struct scn_var *v;
	char *val;

	if (!name || !value || scn_check_name(name))
		return -EINVAL;
	val = strdup(value);
	if (!val)
		return -ENOMEM;
	v = scn_vars_find(vars, name);
	if (v) {
		free(v->value);
		v->value = val;
		return 0;
	}
	if (PXL_VEC_GROW(vars->v, vars->cap, vars->n + 1))
		goto nomem;
	v = &vars->v[vars->n];
	v->name = strdup(name);
	if (!v->name)
		goto nomem;
	v->value = val;
	v->used = 0;
	vars->n++;
	return 0;
nomem:
	free(val);
	return -ENOMEM;
}

/**
 * scn_vars_set_arg() - set a variable from a "name=value" argument (--set)
 * @vars:       table
 * @assignment: "nic=e1000"
 *
 * Return: 0, -EINVAL if there is no '=' or the name is bad, -ENOMEM.
 */
int scn_vars_set_arg(struct scn_vars *vars, const char *assignment)
{
	const char *eq = assignment ? strchr(assignment, '=') : NULL;
	char name[SCN_MAX_NAME + 1];
	size_t n;

	if (!eq)
		return -EINVAL;
	n = (size_t)(eq - assignment);
	if (!n || n > SCN_MAX_NAME)
		return -EINVAL;
	memcpy(name, assignment, n);
	name[n] = 0;
	return scn_vars_set(vars, name, eq + 1);
}

/**
 * scn_vars_free() - release a table and empty it
 * @vars: table (may be NULL)
 */
void scn_vars_free(struct scn_vars *vars)
{
	size_t i;

	if (!vars)
		return;
	for (i = 0; i < vars->n; i++) {
		free(vars->v[i].name);
		free(vars->v[i].value);
	}
	free(vars->v);
	memset(vars, 0, sizeof(*vars));
}
