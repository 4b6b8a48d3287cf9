// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl: helpers the subcommands share.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>

#include "ctl_util.h"

int ctl_bad_option(const struct ctl_ctx *ctx, const char *cmd, int c, int argc, char *argv[])
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	char name[64] = { '-', (char)optopt, '\0' };

	/* a long option is named as given, without any "=value" */
	if (!strncmp(arg, "--", 2) && arg[2])
		snprintf(name, sizeof(name), "%.*s", (int)strcspn(arg, "="), arg);
	if (c == ':')
		ctl_err(ctx, "%s: option '%s' needs an argument", cmd, name);
	else
		ctl_err(ctx, "%s: unknown option '%s' (try '%s --help')", cmd, name, cmd);
	return CTL_EXIT_USAGE;
}

int ctl_json_opts(struct ctl_ctx *ctx, const char *cmd, const char *usage, int argc, char *argv[],
		  bool *help)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	*help = false;
	while ((c = getopt_long(argc, argv, ":jh", opts, NULL)) != -1) {
		switch (c) {
		case 'j':
			ctx->json = true;
			break;
		case 'h':
			fputs(usage, stdout);
			*help = true;
			return CTL_EXIT_OK;
		default:
			return ctl_bad_option(ctx, cmd, c, argc, argv);
		}
	}
	return 0;
}

int ctl_usage_err(const struct ctl_ctx *ctx, const char *cmd, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ctl_err(ctx, "%s: %s", cmd, msg);
	return CTL_EXIT_USAGE;
}

int ctl_uuid_parse(const char *s, char out[CTL_UUID_LEN])
{
	size_t i;

	if (strlen(s) != 36)
		return -EINVAL;
	for (i = 0; i < 36; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -EINVAL;
		} else if (!isxdigit((unsigned char)s[i])) {
			return -EINVAL;
		}
		out[i] = (char)tolower((unsigned char)s[i]);
	}
	out[36] = '\0';
	return 0;
}

int ctl_uuid_generate(char out[CTL_UUID_LEN])
{
	unsigned char b[16];
	ssize_t n;

	n = getrandom(b, sizeof(b), 0);
	if (n != (ssize_t)sizeof(b))
		return n < 0 ? -errno : -EIO;
	b[6] = (b[6] & 0x0f) | 0x40;
	b[8] = (b[8] & 0x3f) | 0x80;
	snprintf(out, CTL_UUID_LEN,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0],
		 b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13],
		 b[14], b[15]);
	return 0;
}

int ctl_idlist_opt(const struct ctl_ctx *ctx, const char *cmd, const char *opt, const char *val,
		   unsigned int max_id, struct ap_mask *m)
{
	const char *why = NULL;
	struct ap_mask add;

	if (ap_idlist_parse(val, max_id, &add, &why))
		return ctl_usage_err(ctx, cmd, "invalid --%s '%s': %s", opt, val,
				     why ? why : "not an ID list");
	ap_mask_or(m, m, &add);
	return 0;
}

int ctl_errno_exit(int err)
{
	switch (err) {
	case 0:
		return CTL_EXIT_OK;
	case -ENOENT:
	case -ENODEV:
	case -ENXIO:
		return CTL_EXIT_NOT_FOUND;
	case -EADDRINUSE:
	case -EADDRNOTAVAIL:
	case -EEXIST:
	case -EBUSY:
		return CTL_EXIT_CONFLICT;
	case -EINVAL:
	case -EBADMSG:
	case -EPROTO:
	case -EPROTONOSUPPORT:
		return CTL_EXIT_INVALID;
	default:
		return CTL_EXIT_FAILURE;
	}
}
