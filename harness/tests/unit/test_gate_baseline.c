/* test_gate_baseline.c - the gate's baseline files: reading, errors with file and line, rewriting */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/util.h"
#include "compare/gate.h"
#include "testlib.h"

/**
 * mkdir_tmp() - a fresh temp folder for one test
 * @dir, @len: out: its path
 */
static void mkdir_tmp(char *dir, size_t len)
{
	snprintf(dir, len, "%s/pxl-gate-XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
	ck_assert_ptr_nonnull(mkdtemp(dir));
}

/**
 * put_file() - write a baseline file
 * @dir: folder
 * @scenario: scenario name
 * @text: contents
 */
static void put_file(const char *dir, const char *scenario, const char *text)
{
	char path[1024];
	FILE *f;

	gate_baseline_file(dir, scenario, path, sizeof(path));
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
}

/**
 * get_file() - read a baseline file
 * @dir: folder
 * @scenario: scenario name
 * @buf, @len: out: its contents
 */
static void get_file(const char *dir, const char *scenario, char *buf, size_t len)
{
	char path[1024];
	size_t n;
	FILE *f;

	gate_baseline_file(dir, scenario, path, sizeof(path));
	f = fopen(path, "r");
	ck_assert_ptr_nonnull(f);
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	fclose(f);
}

/**
 * add_row() - one measured, passed row
 * @rows: list
 * @stage: stage number or GATE_TOTAL
 * @secs: seconds
 */
static void add_row(struct gate_rows *rows, unsigned stage, double secs)
{
	struct gate_row *r = gate_rows_add(rows);

	ck_assert_ptr_nonnull(r);
	snprintf(r->scenario, sizeof(r->scenario), "lossy");
	snprintf(r->client, sizeof(r->client), "pc1");
	snprintf(r->name, sizeof(r->name), stage ? "stage %u" : "total", stage);
	r->stage = stage;
	r->now = secs;
	r->base = -1;
	r->state = GATE_PASSED;
}

/**
 * cleanup() - remove a test folder and its one file
 * @dir: folder
 * @scenario: the file's scenario
 */
static void cleanup(const char *dir, const char *scenario)
{
	char path[1024];

	gate_baseline_file(dir, scenario, path, sizeof(path));
	unlink(path);
	rmdir(dir);
}

START_TEST(file_name_is_sanitised)
{
	char path[256];

	gate_baseline_file("b", "boot[nic=e1000]", path, sizeof(path));
	ck_assert_str_eq(path, "b/boot_nic=e1000_.baseline");
}
END_TEST

START_TEST(load_sets_baselines_and_tolerance)
{
	struct gate_rows rows = { 0 };
	struct gate_tol tol = { 0.5, 3 };
	char dir[256], err[512] = "";

	mkdir_tmp(dir, sizeof(dir));
	put_file(dir, "lossy", "# comment\npc1 1 7.5 firmware DHCP\npc1 total 9.25\ntolerance 1 20  # loose\n");
	ck_assert_int_eq(gate_baseline_load(dir, "lossy", &rows, &tol, err, sizeof(err)), 1);
	ck_assert_uint_eq(rows.n, 2);
	ck_assert_double_eq_tol(gate_rows_find(&rows, "lossy", "pc1", 1)->base, 7.5, 1e-9);
	ck_assert_str_eq(gate_rows_find(&rows, "lossy", "pc1", 1)->name, "firmware DHCP");
	ck_assert_double_eq_tol(gate_rows_find(&rows, "lossy", "pc1", GATE_TOTAL)->base, 9.25, 1e-9);
	ck_assert_double_eq_tol(tol.rel, 1, 1e-9);
	ck_assert_double_eq_tol(tol.abs, 20, 1e-9);
	ck_assert_int_eq(gate_baseline_load(dir, "absent", &rows, &tol, err, sizeof(err)), 0);
	gate_rows_free(&rows);
	cleanup(dir, "lossy");
}
END_TEST

/* each malformed line is refused with FILE:LINE */
static const char *const bad_lines[] = {
	"pc1 1 seven firmware DHCP\n",
	"pc1 0 1.0 stage zero\n",
	"pc1 x 1.0 not a number\n",
	"pc1 1 -2 negative\n",
	"tolerance 1\n",
	"tolerance 1 2 3\n",
	"tolerance -1 2\n",
};

START_TEST(load_names_file_and_line)
{
	struct gate_rows rows = { 0 };
	struct gate_tol tol = { 0.5, 3 };
	char dir[256], err[512] = "", text[256], want[300];

	mkdir_tmp(dir, sizeof(dir));
	snprintf(text, sizeof(text), "# header\npc1 2 0.1 ok\n%s", bad_lines[_i]);
	put_file(dir, "s", text);
	ck_assert_int_eq(gate_baseline_load(dir, "s", &rows, &tol, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "%s/s.baseline:3: ", dir);
	ck_assert_msg(!strncmp(err, want, strlen(want)), "line '%s': said '%s'", bad_lines[_i], err);
	gate_rows_free(&rows);
	cleanup(dir, "s");
}
END_TEST

START_TEST(rewrite_keeps_own_tolerance_and_its_reason)
{
	struct gate_rows rows = { 0 };
	char dir[256], text[4096];

	mkdir_tmp(dir, sizeof(dir));
	put_file(dir, "lossy", "# header\n# stage 1: slowest seen\npc1 1 12.0 firmware DHCP\n"
		 "# Loose on purpose:\n# timeouts decide.\ntolerance 1 20\n");
	add_row(&rows, 1, 7.25);
	add_row(&rows, GATE_TOTAL, 7.25);
	ck_assert_int_eq(gate_baseline_write(dir, "lossy", &rows, text, sizeof(text)), 0);
	get_file(dir, "lossy", text, sizeof(text));
	ck_assert_ptr_nonnull(strstr(text, "pc1 1 7.250 stage 1\npc1 total 7.250\n"
				 "# Loose on purpose:\n# timeouts decide.\ntolerance 1 20\n"));
	ck_assert_ptr_null(strstr(text, "12.0"));
	ck_assert_ptr_null(strstr(text, "slowest seen"));
	gate_rows_free(&rows);
	cleanup(dir, "lossy");
}
END_TEST

START_TEST(fresh_file_has_no_tolerance)
{
	struct gate_rows rows = { 0 };
	struct gate_tol tol = { 0.5, 3 };
	char dir[256], text[4096], err[512];

	mkdir_tmp(dir, sizeof(dir));
	put_file(dir, "lossy", "pc1 1 1.0 a\n# not above a tolerance line\npc1 total 1.0\n");
	add_row(&rows, 1, 2.5);
	add_row(&rows, 2, 0.5);
	add_row(&rows, GATE_TOTAL, 3.0);
	ck_assert_int_eq(gate_baseline_write(dir, "lossy", &rows, text, sizeof(text)), 0);
	get_file(dir, "lossy", text, sizeof(text));
	ck_assert_ptr_null(strstr(text, "tolerance"));
	ck_assert_ptr_null(strstr(text, "not above"));
	gate_rows_free(&rows);
	/* what was written reads back */
	ck_assert_int_eq(gate_baseline_load(dir, "lossy", &rows, &tol, err, sizeof(err)), 1);
	ck_assert_uint_eq(rows.n, 3);
	ck_assert_double_eq_tol(gate_rows_find(&rows, "lossy", "pc1", 2)->base, 0.5, 1e-9);
	gate_rows_free(&rows);
	cleanup(dir, "lossy");
}
END_TEST

/** gate_baseline_suite() - the suite */
static Suite *gate_baseline_suite(void)
{
	Suite *s = suite_create("gate_baseline");
	TCase *tc = tcase_create("files");

	tcase_add_test(tc, file_name_is_sanitised);
	tcase_add_test(tc, load_sets_baselines_and_tolerance);
	tcase_add_loop_test(tc, load_names_file_and_line, 0, (int)(ARRAY_SIZE(bad_lines)));
	tcase_add_test(tc, rewrite_keeps_own_tolerance_and_its_reason);
	tcase_add_test(tc, fresh_file_has_no_tolerance);
	suite_add_tcase(s, tc);
	return s;
}

PXL_TEST_MAIN(gate_baseline_suite)
