// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench-noop: the exec floor of the callout benchmark. It does nothing but
 * is linked like the callout: the same link line, and a reference into
 * jansson (the one shared library the callout loads besides libc), so the
 * dynamic loading costs the same.
 */
#include <jansson.h>

int main(int argc, char *argv[])
{
	if (argc > 1000)	/* never: only keeps the reference */
		json_decref(json_object());
	return 0;
}
