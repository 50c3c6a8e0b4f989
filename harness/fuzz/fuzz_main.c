/* fuzz_main.c - replay driver: runs a fuzz target over files and folders, without libFuzzer
 *
 * Linked instead of libFuzzer's main, it lets any compiler build a target
 * (gcc + ASan/UBSan, or plain for valgrind) to replay seed corpora and the
 * regression inputs of fixtures/fuzz-regressions/.  Usage:
 *   fuzz-replay-<target> FILE|DIR...
 * Prints one line per input with -v; exits 0 when every input ran (a crash
 * aborts the process, which is the failure), 2 on a usage or read error.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (1u << 20)

/**
 * replay_file() - run the target on one file
 * @path:    file
 * @verbose: print its name first
 *
 * Return: 0, or -errno when it cannot be read (reported).
 */
static int replay_file(const char *path, int verbose)
{
	uint8_t *buf = malloc(REPLAY_MAX_INPUT);
	FILE *f = fopen(path, "rb");
	size_t n;
	int err;

	if (!buf || !f) {
		err = errno ? errno : ENOMEM;
		fprintf(stderr, "fuzz-replay: cannot read %s: %s\n", path, strerror(err));
		free(buf);
		if (f)
			fclose(f);
		return -err;
	}
	n = fread(buf, 1, REPLAY_MAX_INPUT, f);
	fclose(f);
	if (verbose)
		fprintf(stderr, "fuzz-replay: %s (%zu bytes)\n", path, n);
	LLVMFuzzerTestOneInput(buf, n);
	free(buf);
	return 0;
}

/**
 * name_cmp() - qsort comparison of two file names
 * @a: first (char **)
 * @b: second (char **)
 *
 * Return: strcmp() order.
 */
static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/**
 * replay_dir() - run the target on every regular file of a folder, in name order
 * @path:    folder
 * @verbose: print names
 * @count:   in/out: inputs run
 *
 * Return: 0 or -errno (reported).
 */
static int replay_dir(const char *path, int verbose, unsigned long *count)
{
	DIR *d = opendir(path);
	struct dirent *de;
	char **names = NULL, full[4096];
	size_t n = 0, i;
	int rc = 0;

	if (!d) {
		fprintf(stderr, "fuzz-replay: cannot open folder %s: %s\n", path, strerror(errno));
		return -errno;
	}
	while ((de = readdir(d))) {
		char **grown;

		if (de->d_name[0] == '.')
			continue;
		grown = realloc(names, (n + 1) * sizeof(*names));
		if (!grown || !(grown[n] = strdup(de->d_name))) {
			names = grown ? grown : names;
			rc = -ENOMEM;
			break;
		}
		names = grown;
		n++;
	}
	closedir(d);
	if (names)
		qsort(names, n, sizeof(*names), name_cmp);
	for (i = 0; i < n && !rc; i++) {
		struct stat st;

		snprintf(full, sizeof(full), "%s/%s", path, names[i]);
		if (stat(full, &st) || !S_ISREG(st.st_mode))
			continue;
		rc = replay_file(full, verbose);
		(*count)++;
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}

/**
 * main() - replay every FILE or DIR argument through the target
 * @argc: argument count
 * @argv: "-v" then files and folders
 *
 * Return: 0, or 2 on a usage or read error.
 */
int main(int argc, char **argv)
{
	unsigned long count = 0;
	int i = 1, verbose = 0, rc = 0;

	if (i < argc && !strcmp(argv[i], "-v")) {
		verbose = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: %s [-v] FILE|DIR...\n", argv[0]);
		return 2;
	}
	for (; i < argc && !rc; i++) {
		struct stat st;

		if (stat(argv[i], &st)) {
			fprintf(stderr, "fuzz-replay: %s: %s\n", argv[i], strerror(errno));
			return 2;
		}
		if (S_ISDIR(st.st_mode)) {
			rc = replay_dir(argv[i], verbose, &count);
		} else {
			rc = replay_file(argv[i], verbose);
			count++;
		}
	}
	printf("fuzz-replay: %lu inputs ran\n", count);
	return rc ? 2 : 0;
}
