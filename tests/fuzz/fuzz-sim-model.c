// SPDX-License-Identifier: GPL-2.0-only
/*
 * libFuzzer harness for the AP host simulator's model (tests/sim): the input
 * is a sequence of stores "OP WHICH TEXT\0"; after each one the properties
 * of tests/sim/model-check.c must hold.
 */
#include <stdlib.h>
#include <string.h>

#include "model-check.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	struct sim s;
	size_t i = 0;

	mc_host_init(&s);
	while (i + 2 <= size) {
		unsigned int op = data[i], which = data[i + 1];
		const unsigned char *text = data + i + 2;
		size_t len = 0;
		char arg[4200];
		const char *bad;

		while (i + 2 + len < size && text[len] && len < sizeof(arg) - 1)
			len++;
		memcpy(arg, text, len);
		arg[len] = '\0';
		i += 3 + len;
		mc_run(&s, op, which, arg, &bad);
		if (bad)
			abort();
	}
	mc_host_free(&s);
	return 0;
}
