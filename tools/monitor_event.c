// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-ap-ctl monitor: what one uevent says, in the words of host.
 *
 * Text:  TIME  ACTION  OBJECT  DETAILS
 *   2026-12-01T14:55:01.123+0000  change  card 03  offline
 *   2026-12-01T14:55:01.124+0000  bind  queue 07.0004  driver vfio_ap
 *   2026-12-01T14:55:01.125+0000  change  bus  apmask 0x1eff...
 *   2026-12-01T14:55:02.000+0000  add  mdev 11111111-...  type vfio_ap-passthrough
 * JSON: {"time", "seqnum", "action", "object", "id", "subsystem", "devtype",
 *        "devpath", "driver", "state", "properties"} on one line.
 */
#include <errno.h>
#include <libudev.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>

#include "host_view.h"
#include "monitor_event.h"

const char *const monitor_subsystems[] = { "ap", "mdev", "matrix", NULL };

/* Properties every event has, or that the object and state already say. */
static bool boilerplate(const char *k)
{
	static const char *const keys[] = { "ACTION", "DEVPATH",  "SUBSYSTEM",
					    "SEQNUM", "DEVTYPE",  "USEC_INITIALIZED",
					    "DRIVER", "MODALIAS", NULL };

	for (size_t i = 0; keys[i]; i++)
		if (!strcmp(k, keys[i]))
			return true;
	return false;
}

struct obj {
	const char *kind; /* card, queue, bus, mdev, matrix, device */
	char id[40]; /* "03", "03.0005", the uuid, "" */
};

static void classify(struct udev_device *dev, struct obj *o)
{
	const char *sub = udev_device_get_subsystem(dev), *dt = udev_device_get_devtype(dev);
	const char *name = udev_device_get_sysname(dev), *path = udev_device_get_devpath(dev);

	o->id[0] = '\0';
	o->kind = "device";
	if (!sub || !name)
		return;
	if (!strcmp(sub, "ap")) {
		if ((dt && !strcmp(dt, "ap_card")) ||
		    (!strncmp(name, "card", 4) && strlen(name) == 6)) {
			o->kind = "card";
			snprintf(o->id, sizeof(o->id), "%s", name + 4);
		} else if ((dt && !strcmp(dt, "ap_queue")) || strchr(name, '.')) {
			o->kind = "queue";
			snprintf(o->id, sizeof(o->id), "%s", name);
		} else if (path && !strcmp(path, "/devices/ap")) {
			o->kind = "bus";
		}
	} else if (!strcmp(sub, "mdev")) {
		o->kind = "mdev";
		snprintf(o->id, sizeof(o->id), "%s", name);
	} else if (!strcmp(sub, "matrix")) {
		o->kind = "matrix";
	}
}

/* What a "change" means for the admin: "online", "offline", "deconfig", "config", or NULL. */
static const char *state_of(struct udev_device *dev)
{
	const char *v = udev_device_get_property_value(dev, "CONFIG");

	if (v)
		return !strcmp(v, "0") ? "deconfig" : "config";
	v = udev_device_get_property_value(dev, "ONLINE");
	if (v)
		return !strcmp(v, "0") ? "offline" : "online";
	return NULL;
}

/* A property value on one line: the kernel ends APMASK= and AQMASK= with a newline. */
static void one_line(const char *v, char *out, size_t len)
{
	size_t n;

	snprintf(out, len, "%s", v ? v : "");
	n = strlen(out);
	while (n && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	for (char *p = out; (p = strchr(p, '\n'));)
		*p = ' ';
}

static void timestamp(const struct timespec *when, char *out, size_t len)
{
	char base[32], zone[8];
	struct tm tm;

	localtime_r(&when->tv_sec, &tm);
	strftime(base, sizeof(base), "%Y-%m-%dT%H:%M:%S", &tm);
	strftime(zone, sizeof(zone), "%z", &tm);
	snprintf(out, len, "%.19s.%03ld%.5s", base, when->tv_nsec / 1000000 % 1000, zone);
}

static int format_text(struct udev_device *dev, const struct obj *o, const char *ts, char *buf,
		       size_t len)
{
	const char *action = udev_device_get_action(dev), *state = state_of(dev);
	const char *drv = udev_device_get_property_value(dev, "DRIVER");
	struct udev_list_entry *l;
	char v[200];
	size_t pos = 0;
	int rc;

	rc = ap_buf_printf(buf, len, &pos, "%s  %s  %s%s%s", ts, action ? action : "-", o->kind,
		 o->id[0] ? " " : "", o->id);
	if (!rc && o->kind[0] == 'd')
		rc = ap_buf_printf(buf, len, &pos, " %s", udev_device_get_devpath(dev));
	if (!rc && state)
		rc = ap_buf_printf(buf, len, &pos, "  %s", state);
	if (!rc && drv && action && (!strcmp(action, "bind") || !strcmp(action, "add")))
		rc = ap_buf_printf(buf, len, &pos, "  driver %s", drv);
	udev_list_entry_foreach(l, udev_device_get_properties_list_entry(dev)) {
		const char *k = udev_list_entry_get_name(l);

		/* the state is said already; the raw type and mode only matter on add */
		if (rc || boilerplate(k) || !strcmp(k, "CONFIG") || !strcmp(k, "ONLINE") ||
		    !strcmp(k, "DEV_TYPE") ||
		    (!strcmp(k, "MODE") && (!action || strcmp(action, "add"))))
			continue;
		one_line(udev_list_entry_get_value(l), v, sizeof(v));
		if (!strcmp(k, "MODE")) {
			const char *m =
				!strcmp(v, "cca")   ? host_mode_name(HOST_MODE_CCA, false) :
				!strcmp(v, "ep11")  ? host_mode_name(HOST_MODE_EP11, false) :
				!strcmp(v, "accel") ? host_mode_name(HOST_MODE_ACCEL, false) :
						      v;
			rc = ap_buf_printf(buf, len, &pos, "  %s", m);
		} else if (!strcmp(k, "APMASK") || !strcmp(k, "AQMASK")) {
			rc = ap_buf_printf(buf, len, &pos, "  %s %s", k[1] == 'P' ? "apmask" : "aqmask", v);
		} else if (!strcmp(k, "BINDINGS")) {
			rc = ap_buf_printf(buf, len, &pos, "  bindings %s", v);
		} else if (!strcmp(k, "COMPLETECOUNT")) {
			rc = ap_buf_printf(buf, len, &pos, " (%s)", v);
		} else if (!strcmp(k, "MDEV_STATE")) {
			rc = ap_buf_printf(buf, len, &pos, "  %s", v);
		} else {
			rc = ap_buf_printf(buf, len, &pos, "  %s=%s", k, v);
		}
	}
	if (!rc && action && !strcmp(action, "add") && !strcmp(o->kind, "card")) {
		/* the card's type, read through libudev while the device exists */
		const char *type = udev_device_get_sysattr_value(dev, "type");

		if (type)
			rc = ap_buf_printf(buf, len, &pos, "  %s", type);
	}
	if (!rc)
		rc = ap_buf_printf(buf, len, &pos, "\n");
	return rc ? rc : (int)pos;
}

static json_t *str_or_null(const char *s)
{
	return s && *s ? json_string(s) : json_null();
}

static int format_json(struct udev_device *dev, const struct obj *o, const char *ts, char *buf,
		       size_t len)
{
	json_t *props = json_object(), *ev;
	struct udev_list_entry *l;
	char v[200], *text;
	size_t n;
	int rc;

	if (!props)
		return -ENOMEM;
	udev_list_entry_foreach(l, udev_device_get_properties_list_entry(dev)) {
		const char *k = udev_list_entry_get_name(l);

		if (boilerplate(k))
			continue;
		one_line(udev_list_entry_get_value(l), v, sizeof(v));
		if (json_object_set_new(props, k, json_string(v))) {
			json_decref(props);
			return -ENOMEM;
		}
	}
	ev = json_pack("{s:s, s:I, s:o, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "time", ts,
		       "seqnum", (json_int_t)udev_device_get_seqnum(dev), "action",
		       str_or_null(udev_device_get_action(dev)), "object", o->kind, "id",
		       str_or_null(o->id), "subsystem", str_or_null(udev_device_get_subsystem(dev)),
		       "devtype", str_or_null(udev_device_get_devtype(dev)), "devpath",
		       str_or_null(udev_device_get_devpath(dev)), "driver",
		       str_or_null(udev_device_get_property_value(dev, "DRIVER")), "state",
		       str_or_null(state_of(dev)), "properties", props);
	if (!ev)
		return -ENOMEM;
	text = json_dumps(ev, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(ev);
	if (!text)
		return -ENOMEM;
	n = strlen(text);
	rc = n + 2 > len ? -ENOSPC : 0;
	if (!rc) {
		memcpy(buf, text, n);
		buf[n++] = '\n';
		buf[n] = '\0';
	}
	free(text);
	return rc ? rc : (int)n;
}

int monitor_event_format(struct udev_device *dev, const struct timespec *when, int json, char *buf,
			 size_t len)
{
	char ts[48];
	struct obj o;

	classify(dev, &o);
	timestamp(when, ts, sizeof(ts));
	return json ? format_json(dev, &o, ts, buf, len) : format_text(dev, &o, ts, buf, len);
}
