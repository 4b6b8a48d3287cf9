// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-exec: time whole program runs (spawn + run + exit), several
 * programs in turns, so that machine noise hits all of them alike.
 *
 *   bench-exec REPS CASEFILE
 *
 * Each line of CASEFILE is one case: NAME, a file for stdin ("-" for
 * /dev/null), files to remove after each run, separated by commas ("-" for
 * none; e.g. a lock that the program leaves for a later call), then the
 * program and its arguments, separated by tabs. Every case runs REPS times, in rounds
 * (case 1, case 2, ..., case 1, ...); a run that does not exit 0 stops the
 * bench. Prints one line per case: NAME MIN_US MEDIAN_US.
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CASES 32

extern char **environ;
#define MAX_ARGS 32

struct bcase {
	char *name, *in, *rm;
	char *argv[MAX_ARGS + 1];
	double *us;
	double ratio;	/* median of us[round] / the first case's us[round] */
};

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * One run, spawned as mdevctl spawns its callouts (Rust's Command:
 * posix_spawn, with stdin and stdout redirected).
 */
static int run_once(const struct bcase *c, double *us)
{
	posix_spawn_file_actions_t fa;
	double t0;
	pid_t pid;
	int st, rc;

	if (posix_spawn_file_actions_init(&fa))
		return -ENOMEM;
	posix_spawn_file_actions_addopen(&fa, 0, strcmp(c->in, "-") ? c->in : "/dev/null",
					 O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	t0 = now_us();
	rc = posix_spawn(&pid, c->argv[0], &fa, NULL, c->argv, environ);
	if (!rc && waitpid(pid, &st, 0) < 0)
		rc = errno;
	*us = now_us() - t0;
	posix_spawn_file_actions_destroy(&fa);
	if (rc)
		return -rc;
	if (strcmp(c->rm, "-")) {
		char list[1024], *save = NULL, *f;

		snprintf(list, sizeof(list), "%s", c->rm);
		for (f = strtok_r(list, ",", &save); f; f = strtok_r(NULL, ",", &save))
			unlink(f);
	}
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -EINVAL;
}

static int parse_case(char *line, struct bcase *c)
{
	char *save = NULL, *tok;
	int n = 0;

	line[strcspn(line, "\n")] = '\0';
	c->name = strtok_r(line, "\t", &save);
	c->in = strtok_r(NULL, "\t", &save);
	c->rm = strtok_r(NULL, "\t", &save);
	while ((tok = strtok_r(NULL, "\t", &save)) && n < MAX_ARGS)
		c->argv[n++] = tok;
	c->argv[n] = NULL;
	return c->name && c->in && c->rm && n ? 0 : -EINVAL;
}

int main(int argc, char *argv[])
{
	static char lines[MAX_CASES][4096];
	struct bcase cases[MAX_CASES];
	int reps, n = 0, i, r;
	double *ratio;
	FILE *f;

	if (argc != 3 || (reps = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: bench-exec REPS CASEFILE\n");
		return 2;
	}
	f = fopen(argv[2], "re");
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	while (n < MAX_CASES && fgets(lines[n], sizeof(lines[n]), f)) {
		if (lines[n][0] == '#' || lines[n][0] == '\n')
			continue;
		memset(&cases[n], 0, sizeof(cases[n]));
		if (parse_case(lines[n], &cases[n])) {
			fprintf(stderr, "bench-exec: bad case line %d\n", n + 1);
			return 2;
		}
		cases[n].us = calloc((size_t)reps, sizeof(double));
		if (!cases[n].us)
			return 1;
		n++;
	}
	fclose(f);
	for (r = 0; r < reps; r++) {
		for (i = 0; i < n; i++) {
			if (run_once(&cases[i], &cases[i].us[r])) {
				fprintf(stderr, "bench-exec: %s: %s failed\n", cases[i].name,
					cases[i].argv[0]);
				return 1;
			}
		}
	}
	ratio = calloc((size_t)reps, sizeof(double));
	if (!ratio)
		return 1;
	/* the paired ratios first: they need the times in round order */
	for (i = 0; i < n; i++) {
		for (r = 0; r < reps; r++)
			ratio[r] = cases[i].us[r] / cases[0].us[r];
		qsort(ratio, (size_t)reps, sizeof(double), cmp_double);
		cases[i].ratio = ratio[reps / 2];
	}
	for (i = 0; i < n; i++) {
		qsort(cases[i].us, (size_t)reps, sizeof(double), cmp_double);
		printf("%s %.1f %.1f %.3f\n", cases[i].name, cases[i].us[0], cases[i].us[reps / 2],
		       cases[i].ratio);
		free(cases[i].us);
	}
	free(ratio);
	return 0;
}
