// SPDX-License-Identifier: GPL-2.0-only
/*
 * udev-enum SUBSYSTEM...: list the devices libudev enumerates for each
 * SUBSYSTEM as "SUBSYSTEM SYSNAME DRIVER" lines (DRIVER "-" when unbound).
 * Used to check that libudev accepts the simulated /sys.
 */
#include <libudev.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	struct udev *udev = udev_new();
	int rc = 0;

	if (!udev) {
		fprintf(stderr, "udev-enum: udev_new failed\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		struct udev_enumerate *e = udev_enumerate_new(udev);
		struct udev_list_entry *l;

		if (!e || udev_enumerate_add_match_subsystem(e, argv[i]) < 0 ||
		    udev_enumerate_scan_devices(e) < 0) {
			fprintf(stderr, "udev-enum: cannot enumerate %s\n", argv[i]);
			rc = 1;
			udev_enumerate_unref(e);
			continue;
		}
		udev_list_entry_foreach(l, udev_enumerate_get_list_entry(e)) {
			struct udev_device *d =
				udev_device_new_from_syspath(udev, udev_list_entry_get_name(l));
			const char *drv;

			if (!d) {
				fprintf(stderr, "udev-enum: no device at %s\n",
					udev_list_entry_get_name(l));
				rc = 1;
				continue;
			}
			drv = udev_device_get_driver(d);
			printf("%s %s %s\n", udev_device_get_subsystem(d) ?: "-",
			       udev_device_get_sysname(d), drv ? drv : "-");
			udev_device_unref(d);
		}
		udev_enumerate_unref(e);
	}
	udev_unref(udev);
	return rc;
}
