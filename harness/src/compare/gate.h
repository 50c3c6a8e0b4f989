/* gate.h - the regression gate: stage timings from JUnit files against committed baselines */
#ifndef PXL_GATE_H
#define PXL_GATE_H

#include <stddef.h>
#include <stdio.h>

/** enum gate_state - what the JUnit says about one stage */
enum gate_state {
	GATE_PASSED,  /* passed (or failed as a negative scenario declares) */
	GATE_FAILED,  /* <failure> or <error> */
	GATE_NOTRUN,  /* <skipped> */
};

/** enum gate_verdict - the gate's judgement of one row */
enum gate_verdict {
	GATE_OK,
	GATE_NEW,        /* no baseline: passes, reported */
	GATE_REGRESSED,  /* slower than the tolerance allows */
	GATE_FAIL,       /* the stage failed */
	GATE_MISSING,    /* the baseline has it, the run did not reach it */
};

/** GATE_TOTAL - stage number of a client's total row */
#define GATE_TOTAL 0

/**
 * struct gate_row - one stage (or total) of one client of one scenario
 * @scenario: scenario instance name
 * @client:   client name
 * @stage:    stage number, or GATE_TOTAL
 * @name:     stage title ("firmware DHCP"; "total" for totals)
 * @state:    the run's verdict
 * @now:      seconds measured (a total: the sum of the passed stages)
 * @base:     baseline seconds, < 0 when none
 * @limit:    the most @now may be
 * @verdict:  the gate's verdict
 */
struct gate_row {
	char scenario[160];
	char client[64];
	unsigned stage;
	char name[160];
	enum gate_state state;
	double now;
	double base;
	double limit;
	enum gate_verdict verdict;
};

/**
 * struct gate_rows - a growing list of rows
 * @r: rows
 * @n: used
 * @cap: allocated
 */
struct gate_rows {
	struct gate_row *r;
	size_t n;
	size_t cap;
};

/**
 * struct gate_tol - how much slower than the baseline a stage may be: base * (1 + rel) + abs
 * @rel: relative part (0.5 = 50 %)
 * @abs: absolute part, seconds
 */
struct gate_tol {
	double rel;
	double abs;
};

struct gate_row *gate_rows_add(struct gate_rows *rows);
void gate_rows_free(struct gate_rows *rows);
struct gate_row *gate_rows_find(struct gate_rows *rows, const char *scenario, const char *client, unsigned stage);

int gate_read_junit(const char *path, struct gate_rows *rows, char *err, size_t errlen);
void gate_add_totals(struct gate_rows *rows);

void gate_baseline_file(const char *dir, const char *scenario, char *out, size_t len);
int gate_baseline_load(const char *dir, const char *scenario, struct gate_rows *rows, struct gate_tol *tol,
		       char *err, size_t errlen);
int gate_baseline_write(const char *dir, const char *scenario, const struct gate_rows *rows,
			char *err, size_t errlen);

const char *gate_verdict_name(enum gate_verdict v);
void gate_print_table(const struct gate_rows *rows, FILE *f);
int gate_write_junit(const char *const *inputs, size_t n, const struct gate_rows *rows, const char *table,
		     const char *out, char *err, size_t errlen);
int gate_merge_junit(const char *const *inputs, size_t n, const char *out, char *err, size_t errlen);

#endif /* PXL_GATE_H */
