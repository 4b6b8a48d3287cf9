/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vfio-ap-ctl monitor: one AP bus or matrix device uevent as one line of
 * text or JSON.
 */
#ifndef VFIO_AP_TOOLS_MONITOR_EVENT_H
#define VFIO_AP_TOOLS_MONITOR_EVENT_H

#include <stddef.h>
#include <time.h>

struct udev_device;

/* The monitored subsystems: the AP bus (cards, queues, the bus), mdevs, the matrix device. */
extern const char *const monitor_subsystems[];

/*
 * Format @dev (received from a monitor at @when) into @buf as one line
 * ending in '\n': text, or a JSON object with @json. Returns the length,
 * or -ENOSPC / -ENOMEM.
 */
int monitor_event_format(struct udev_device *dev, const struct timespec *when, int json, char *buf,
			 size_t len);

#endif /* VFIO_AP_TOOLS_MONITOR_EVENT_H */
