// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: running mdevctl(8) and capturing what it says.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ctl_mdevctl.h"

const char *ctl_mdevctl_path(void)
{
	const char *p = getenv("VFIO_AP_CTL_MDEVCTL");

	return p && *p ? p : "mdevctl";
}

static int slurp(FILE *fp, char **buf)
{
	long len;
	size_t n;

	if (fflush(fp) || fseek(fp, 0, SEEK_END))
		return -errno;
	len = ftell(fp);
	if (len < 0)
		return -errno;
	rewind(fp);
	*buf = malloc((size_t)len + 1);
	if (!*buf)
		return -ENOMEM;
	n = fread(*buf, 1, (size_t)len, fp);
	(*buf)[n] = '\0';
	while (n > 0 && ((*buf)[n - 1] == '\n' || (*buf)[n - 1] == '\r'))
		(*buf)[--n] = '\0';
	return 0;
}

int ctl_mdevctl_run(const char *const *args, struct ctl_mdevctl_result *res)
{
	const char *prog = ctl_mdevctl_path();
	FILE *out = NULL, *err = NULL;
	const char **argv = NULL;
	int ret, status, execerr = 0;
	int pfd[2] = { -1, -1 };
	size_t n = 0, i;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	while (args[n])
		n++;
	argv = calloc(n + 2, sizeof(*argv));
	out = tmpfile();
	err = tmpfile();
	if (!argv || !out || !err) {
		ret = argv ? -errno : -ENOMEM;
		goto out;
	}
	argv[0] = prog;
	for (i = 0; i < n; i++)
		argv[i + 1] = args[i];
	/* the child reports a failed exec through a close-on-exec pipe */
	if (pipe2(pfd, O_CLOEXEC)) {
		ret = -errno;
		goto out;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		ret = -errno;
		goto out;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);

		if (devnull >= 0)
			dup2(devnull, STDIN_FILENO);
		dup2(fileno(out), STDOUT_FILENO);
		dup2(fileno(err), STDERR_FILENO);
		execvp(prog, (char *const *)argv);
		execerr = errno;
		if (write(pfd[1], &execerr, sizeof(execerr)) < 0)
			_exit(127);
		_exit(127);
	}
	close(pfd[1]);
	pfd[1] = -1;
	if (read(pfd[0], &execerr, sizeof(execerr)) != sizeof(execerr))
		execerr = 0;
	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			ret = -errno;
			goto out;
		}
	}
	if (execerr) {
		ret = -execerr;
		goto out;
	}
	res->status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
	ret = slurp(out, &res->out);
	if (!ret)
		ret = slurp(err, &res->err);
	if (ret)
		ctl_mdevctl_result_free(res);
out:
	if (pfd[0] >= 0)
		close(pfd[0]);
	if (pfd[1] >= 0)
		close(pfd[1]);
	if (out)
		fclose(out);
	if (err)
		fclose(err);
	free(argv);
	return ret;
}

void ctl_mdevctl_result_free(struct ctl_mdevctl_result *res)
{
	free(res->out);
	free(res->err);
	res->out = res->err = NULL;
}

int ctl_mdevctl_jsonfile(json_t *config, char *path, size_t len)
{
	const char *tmp = getenv("TMPDIR");
	int fd, ret = 0;
	char *text;

	snprintf(path, len, "%s/vfio-ap-ctl.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	text = json_dumps(config, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (!text) {
		ret = -ENOMEM;
	} else {
		size_t l = strlen(text), off = 0;

		while (off < l) {
			ssize_t w = write(fd, text + off, l - off);

			if (w < 0) {
				if (errno == EINTR)
					continue;
				ret = -errno;
				break;
			}
			off += (size_t)w;
		}
		if (!ret && write(fd, "\n", 1) != 1)
			ret = -EIO;
		free(text);
	}
	if (close(fd) && !ret)
		ret = -errno;
	if (ret)
		unlink(path);
	return ret;
}

bool ctl_mdevctl_can_modify_jsonfile(void)
{
	static const char *const v[] = { "modify", "--help", NULL };
	struct ctl_mdevctl_result r;
	bool yes;

	if (ctl_mdevctl_run(v, &r))
		return false;
	yes = !r.status && r.out && strstr(r.out, "--jsonfile");
	ctl_mdevctl_result_free(&r);
	return yes;
}

static void print_quoted(const char *s, FILE *fp)
{
	if (*s && !s[strcspn(s, " \t\n'\"\\$`*?[]{}()<>|&;#~")]) {
		fputs(s, fp);
		return;
	}
	fputc('\'', fp);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", fp);
		else
			fputc(*s, fp);
	}
	fputc('\'', fp);
}

void ctl_mdevctl_print_cmdline(const char *const *args, FILE *fp)
{
	fputs("mdevctl", fp);
	for (; *args; args++) {
		fputc(' ', fp);
		print_quoted(*args, fp);
	}
	fputc('\n', fp);
}
