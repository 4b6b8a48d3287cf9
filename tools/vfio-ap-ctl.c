// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: manage vfio_ap matrix devices and their live migration.
 *
 * main() handles the global options and dispatches on the first operand
 * through the table below; every subcommand parses its own options.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctl.h"
#include "ctl_out.h"

static const struct ctl_cmd *const commands[] = {
	&ctl_cmd_help,
	&ctl_cmd_list,
	&ctl_cmd_show,
	&ctl_cmd_host,
	&ctl_cmd_define,
	&ctl_cmd_modify,
	&ctl_cmd_assign,
	&ctl_cmd_unassign,
	&ctl_cmd_decode,
	&ctl_cmd_migration,
	&ctl_cmd_export,
	&ctl_cmd_check,
	&ctl_cmd_monitor,
};

#define N_COMMANDS (sizeof(commands) / sizeof(commands[0]))

void ctl_err(const struct ctl_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", ctx->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void print_usage(FILE *fp)
{
	size_t i;

	fprintf(fp,
		"Usage: vfio-ap-ctl [OPTIONS] COMMAND [ARGS...]\n"
		"\n"
		"Manage vfio_ap matrix devices (AP crypto pass-through for KVM guests)\n"
		"and check whether they can be live-migrated.\n"
		"\n"
		"Options:\n"
		"  -j, --json      JSON output (every command also takes -j)\n"
		"  -h, --help      print this help and exit\n"
		"  -v, --version   print the version and exit\n"
		"\n"
		"Commands:\n");
	for (i = 0; i < N_COMMANDS; i++)
		fprintf(fp, "  %-12s %s\n", commands[i]->name, commands[i]->summary);
	fprintf(fp, "\nRun 'vfio-ap-ctl COMMAND --help' for the options of one command.\n"
		    "A failed write to standard output is an error (exit 1).\n"
		    "See vfio-ap-ctl(8) for details and exit codes.\n");
}

static const struct ctl_cmd *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < N_COMMANDS; i++)
		if (!strcmp(commands[i]->name, name))
			return commands[i];
	return NULL;
}

static int help_run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	const struct ctl_cmd *cmd;
	char *sub_argv[3];

	if (argc < 2) {
		print_usage(stdout);
		return CTL_EXIT_OK;
	}
	if (argc > 2) {
		ctl_err(ctx, "help: too many arguments");
		return CTL_EXIT_USAGE;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		ctl_err(ctx, "help: unknown command '%s'", argv[1]);
		return CTL_EXIT_USAGE;
	}
	if (cmd == &ctl_cmd_help) {
		print_usage(stdout);
		return CTL_EXIT_OK;
	}
	sub_argv[0] = argv[1];
	sub_argv[1] = (char *)"--help";
	sub_argv[2] = NULL;
	optind = 0;
	return cmd->run(ctx, 2, sub_argv);
}

const struct ctl_cmd ctl_cmd_help = {
	.name = "help",
	.run = help_run,
	.summary = "show this help, or the help of one command",
};

static int run(struct ctl_ctx *ctx, int argc, char *argv[])
{
	static const struct option options[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	const struct ctl_cmd *cmd;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+jhv", options, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			print_usage(stdout);
			return CTL_EXIT_OK;
		case 'v':
			printf("vfio-ap-ctl (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			return CTL_EXIT_OK;
		default:
			if (optopt)
				ctl_err(ctx, "unknown option '-%c' (try --help)", optopt);
			else
				ctl_err(ctx, "unknown option '%s' (try --help)", argv[optind - 1]);
			return CTL_EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		ctl_err(ctx, "no command given (try --help)");
		return CTL_EXIT_USAGE;
	}
	cmd = find_command(argv[optind]);
	if (!cmd) {
		ctl_err(ctx, "unknown command '%s' (try --help)", argv[optind]);
		return CTL_EXIT_USAGE;
	}
	argc -= optind;
	argv += optind;
	/* each subcommand starts its own getopt scan at argv[1] */
	optind = 0;
	opterr = 0;
	return cmd->run(ctx, argc, argv);
}

int main(int argc, char *argv[])
{
	struct ctl_ctx ctx = { .prog = "vfio-ap-ctl" };

	/* every command, --help and --version included, ends here */
	return ctl_close_stdout(&ctx, run(&ctx, argc, argv));
}
