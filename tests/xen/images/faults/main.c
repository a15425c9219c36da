/*
 * Test image for the fault scenarios: does one forbidden thing, named by its
 * first argument, so the test bed can check how the kernel reports it.
 *   null        read through a NULL pointer (page 0 is unmapped)
 *   write-text  write into the kernel's own code (text is read-only)
 *   exec-data   jump into a data buffer (data is not executable)
 *   exit N      call exit(N)
 *   hang        block forever without a word (a deadlocked kernel, for the harness)
 */
#define LOG_TAG "faults"
#include <stddef.h>
#include "kernel/log.h"
#include "kernel/panic.h"
#include "kernel/start.h"
#include "lib/string.h"
#include "xen/time.h"

static unsigned char data_code[16] = { 0xc3 }; /* ret */

static int to_int(const char *s)
{
	int v = 0;

	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

int main(int argc, char **argv)
{
	const char *what = argc > 1 ? argv[1] : "";

	if (strcmp(what, "null") == 0) {
		volatile int *p = NULL;
		printk("faults: reading address 0x%016lx\n", (unsigned long)p);
		return *p;
	}
	if (strcmp(what, "write-text") == 0) {
		volatile unsigned char *code = (volatile unsigned char *)(void *)main;
		printk("faults: writing to text at 0x%016lx\n", (unsigned long)code);
		*code = 0xc3;
		return 0;
	}
	if (strcmp(what, "exec-data") == 0) {
		void (*fn)(void) = (void (*)(void))(void *)data_code;
		printk("faults: executing data at 0x%016lx\n", (unsigned long)data_code);
		fn();
		return 0;
	}
	if (strcmp(what, "hang") == 0) {
		for (;;)
			time_sleep_ns(3600ull * 1000000000ull);
	}
	if (strcmp(what, "exit") == 0 && argc > 2) {
		printk("faults: exit(%d)\n", to_int(argv[2]));
		exit(to_int(argv[2]));
	}
	pr_err("unknown request '%s' (null, write-text, exec-data, exit N, hang)", what);
	return 2;
}
