// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap: the mdevctl callout for vfio_ap-passthrough mdevs.
 *
 * mdevctl runs it as
 *   vfio-ap -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT
 * with the device's JSON config on stdin (pre, post, live) or the
 * capabilities offer (get capabilities). See vfio-ap-callout(8).
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "ap_host.h"
#include "ap_lock.h"
#include "callout.h"
#include "mdev_config.h"

#define CO_INPUT_MAX (4u << 20)

static const char *const my_actions[] = {
	"define", "modify", "start", "stop", "undefine", "attributes", "capabilities",
};
static const char *const my_events[] = { "pre", "post", "get", "live" };

void co_msg(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fprintf(f, "Usage: vfio-ap -t TYPE -e EVENT -a ACTION -s STATE -u UUID -p PARENT\n"
		   "       vfio-ap --help | --version\n"
		   "The mdevctl callout for vfio_ap-passthrough mdevs; mdevctl runs it.\n"
		   "Exit status: 0 ok, 1 error, 2 not a vfio_ap-passthrough mdev, 3 usage,\n"
		   "4 refused (one line per problem on stderr), 5 malformed JSON on stdin.\n"
		   "See vfio-ap-callout(8).\n");
}

/* Read all of stdin. Returns CO_OK, CO_INVALID (too large) or CO_ERROR. */
static int read_input(struct callout *co)
{
	size_t cap = 4096, len = 0;
	char *buf = malloc(cap), *nb;
	ssize_t n;

	if (!buf)
		return CO_ERROR;
	for (;;) {
		if (len + 1 == cap) {
			if (cap > CO_INPUT_MAX) {
				free(buf);
				co_msg("input on stdin is larger than %u bytes", CO_INPUT_MAX);
				return CO_INVALID;
			}
			nb = realloc(buf, cap * 2);
			if (!nb) {
				free(buf);
				return CO_ERROR;
			}
			buf = nb;
			cap *= 2;
		}
		n = read(STDIN_FILENO, buf + len, cap - 1 - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			/* no stdin at all (closed): treat as empty */
			if (errno == EBADF)
				break;
			co_msg("cannot read stdin: %s", strerror(errno));
			free(buf);
			return CO_ERROR;
		}
		if (!n)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	co->input = buf;
	co->input_len = len;
	return CO_OK;
}

int co_lock(const struct callout *co, bool *taken)
{
	pid_t holder = 0;
	int rc;

	*taken = false;
	rc = ap_lock_acquire(AP_LOCK_PATH, co->owner, co->lock_timeout_ms, &holder);
	if (rc == AP_LOCK_TAKEN) {
		*taken = true;
		return CO_OK;
	}
	if (rc == AP_LOCK_ALREADY)
		return CO_OK;
	if (rc == -ETIMEDOUT) {
		if (holder)
			co_msg("timed out after %u s waiting for the AP configuration lock %s (held by PID %d)",
			       co->lock_timeout_ms / 1000, AP_LOCK_PATH, (int)holder);
		else
			co_msg("timed out after %u s waiting for the AP configuration lock %s",
			       co->lock_timeout_ms / 1000, AP_LOCK_PATH);
	} else {
		co_msg("cannot take the AP configuration lock %s: %s", AP_LOCK_PATH,
		       strerror(-rc));
	}
	return CO_ERROR;
}

void co_unlock(const struct callout *co)
{
	ap_lock_release(AP_LOCK_PATH, co->owner, NULL);
}

/* The intersection of ours with what mdevctl provides, in our order. */
static json_t *intersect(json_t *provided, const char *const *ours, size_t n)
{
	json_t *out = json_array(), *v;
	size_t i, j;

	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		json_array_foreach(provided, j, v) {
			if (json_is_string(v) && !strcmp(json_string_value(v), ours[i])) {
				json_array_append_new(out, json_string(ours[i]));
				break;
			}
		}
	}
	return out;
}

static int do_capabilities(struct callout *co)
{
	json_t *root, *prov, *ver, *acts, *evs, *ans;
	json_error_t jerr;
	char *text;
	size_t i;
	int rc = CO_INVALID;

	root = json_loadb(co->input, co->input_len, 0, &jerr);
	if (!root) {
		co_msg("capabilities: stdin is not valid JSON: %s", jerr.text);
		return CO_INVALID;
	}
	prov = json_object_get(root, "provides");
	ver = json_object_get(prov, "version");
	acts = json_object_get(prov, "actions");
	evs = json_object_get(prov, "events");
	if (!json_is_object(prov)) {
		co_msg("capabilities: stdin has no \"provides\" object");
		goto out;
	}
	if (!json_is_integer(ver) || json_integer_value(ver) < 1) {
		co_msg("capabilities: \"provides\" has no positive integer \"version\"");
		goto out;
	}
	if (!json_is_array(acts) || !json_is_array(evs)) {
		co_msg("capabilities: \"provides\" needs \"actions\" and \"events\" arrays");
		goto out;
	}
	json_array_foreach(acts, i, ver)
		if (!json_is_string(ver))
			break;
	if (i < json_array_size(acts)) {
		co_msg("capabilities: \"actions\" must be strings");
		goto out;
	}
	json_array_foreach(evs, i, ver)
		if (!json_is_string(ver))
			break;
	if (i < json_array_size(evs)) {
		co_msg("capabilities: \"events\" must be strings");
		goto out;
	}
	ans = json_pack("{s{s:i,s:o,s:o}}", "supports", "version", 2, "actions",
			intersect(acts, my_actions, sizeof(my_actions) / sizeof(my_actions[0])),
			"events", intersect(evs, my_events, sizeof(my_events) / sizeof(my_events[0])));
	text = ans ? json_dumps(ans, JSON_COMPACT | JSON_PRESERVE_ORDER) : NULL;
	json_decref(ans);
	if (!text) {
		co_msg("out of memory");
		rc = CO_ERROR;
		goto out;
	}
	printf("%s\n", text);
	free(text);
	rc = CO_OK;
out:
	json_decref(root);
	return rc;
}

static int do_get_attributes(struct callout *co)
{
	struct ap_mdev m;
	char *text;
	int rc;

	rc = ap_mdev_read(co->uuid, &m);
	if (rc == -ENOENT) {
		co_msg("mdev %s is not active: no attributes to read", co->uuid);
		return CO_ERROR;
	}
	if (rc) {
		co_msg("cannot read the matrix of mdev %s: %s", co->uuid, strerror(-rc));
		return CO_ERROR;
	}
	text = mdev_attrs_build(&m.matrix);
	if (!text) {
		co_msg("out of memory");
		return CO_ERROR;
	}
	printf("%s\n", text);
	free(text);
	return CO_OK;
}

static int set_opt(const char **slot, const char *val, char opt)
{
	if (*slot) {
		co_msg("vfio-ap: option -%c given twice", opt);
		return -1;
	}
	*slot = val;
	return 0;
}

static int parse_args(struct callout *co, int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *uuid = NULL;
	int c, bad = 0;
	size_t i;

	opterr = 0;
	while ((c = getopt_long(argc, argv, "+t:e:a:s:u:p:", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			bad |= set_opt(&co->type, optarg, 't');
			break;
		case 'e':
			bad |= set_opt(&co->event, optarg, 'e');
			break;
		case 'a':
			bad |= set_opt(&co->action, optarg, 'a');
			break;
		case 's':
			bad |= set_opt(&co->state, optarg, 's');
			break;
		case 'u':
			bad |= set_opt(&uuid, optarg, 'u');
			break;
		case 'p':
			bad |= set_opt(&co->parent, optarg, 'p');
			break;
		case 'h':
			usage(stdout);
			exit(CO_OK);
		case 'V':
			printf("vfio-ap (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
			exit(CO_OK);
		default:
			if (optopt && strchr("teasup", optopt))
				co_msg("vfio-ap: option -%c needs a value", optopt);
			else
				co_msg("vfio-ap: unknown option '%s'", argv[optind - 1]);
			return CO_USAGE;
		}
	}
	if (bad)
		return CO_USAGE;
	if (optind < argc) {
		co_msg("vfio-ap: unexpected argument '%s'", argv[optind]);
		return CO_USAGE;
	}
	if (!co->type || !co->event || !co->action || !uuid || !co->parent) {
		co_msg("vfio-ap: missing option: -t, -e, -a, -u and -p are required");
		return CO_USAGE;
	}
	if (!mdev_uuid_valid(uuid)) {
		co_msg("vfio-ap: invalid UUID '%s'", uuid);
		return CO_USAGE;
	}
	for (i = 0; i <= MDEV_UUID_LEN; i++)
		co->uuid[i] = (char)(uuid[i] >= 'A' && uuid[i] <= 'F' ? uuid[i] - 'A' + 'a' :
									 uuid[i]);
	return CO_OK;
}

static unsigned int lock_timeout_ms(void)
{
	const char *s = getenv(CO_LOCK_TIMEOUT_ENV);
	unsigned long v;
	char *end;

	if (!s || !*s)
		return CO_LOCK_TIMEOUT_DEFAULT * 1000;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > 3600) {
		co_msg("%s=\"%s\" is not a number of seconds (0-3600); using %d", CO_LOCK_TIMEOUT_ENV,
		       s, CO_LOCK_TIMEOUT_DEFAULT);
		return CO_LOCK_TIMEOUT_DEFAULT * 1000;
	}
	return (unsigned int)v * 1000;
}

int main(int argc, char *argv[])
{
	struct callout co;
	int rc;

	memset(&co, 0, sizeof(co));
	rc = parse_args(&co, argc, argv);
	if (rc)
		return rc;
	co.owner = getppid();

	/*
	 * Read stdin first (except for "get attributes", which has none), so
	 * that mdevctl never writes into a closed pipe.
	 */
	if (strcmp(co.event, "get") || strcmp(co.action, "attributes")) {
		rc = read_input(&co);
		if (rc)
			return rc;
	}
	if (strcmp(co.type, VFIO_AP_MDEV_TYPE)) {
		rc = CO_NOT_MINE;
		goto out;
	}
	if (strcmp(co.parent, VFIO_AP_PARENT)) {
		co_msg("vfio-ap: the parent of a %s mdev is \"%s\", not \"%s\"", VFIO_AP_MDEV_TYPE,
		       VFIO_AP_PARENT, co.parent);
		rc = CO_USAGE;
		goto out;
	}
	co.lock_timeout_ms = lock_timeout_ms();

	if (!strcmp(co.event, "get") && !strcmp(co.action, "capabilities"))
		rc = do_capabilities(&co);
	else if (!strcmp(co.event, "get") && !strcmp(co.action, "attributes"))
		rc = do_get_attributes(&co);
	else if (!strcmp(co.event, "pre"))
		rc = co_pre(&co);
	else if (!strcmp(co.event, "post"))
		co_unlock(&co);	/* whatever the state; pre took it for mdevctl */
	else if (!strcmp(co.event, "live") && !strcmp(co.action, "modify"))
		rc = co_live(&co);
	/* anything else (notify, events of a newer mdevctl): nothing to do */
out:
	free(co.input);
	return rc;
}
