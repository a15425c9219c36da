/*
 * Start of day, as one ordered list: console, traps and callbacks, memory,
 * shared info, events, time, xenstore; then the program's main() in the
 * "main" thread while the boot context becomes the idle loop.
 */
#define LOG_TAG "kernel"
#include <stddef.h>
#include "kernel/start.h"

#include <stdlib.h>

#include "arch/x86_64/mm.h"
#include "arch/x86_64/traps.h"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/panic.h"
#include "kernel/sched.h"
#include "lib/cmdline.h"
#include "lib/string.h"
#include "xen/console.h"
#include "xen/events.h"
#include "xen/grant_table.h"
#include "xen/hypervisor.h"
#include "xen/time.h"
#include "xen/xenbus.h"

#define MAX_ARGS 64

/* newlib: run _init() and the .preinit_array and .init_array constructors,
 * and the .fini_array destructors and _fini() (sys/libc/init.c). */
void __libc_init_array(void);
void __libc_fini_array(void);

static char cmdline[MAX_GUEST_CMDLINE];
static char *argv[MAX_ARGS + 2];
static int argc;

static void main_thread(void *unused)
{
	/* Registered first, so the destructors run after the program's own
	 * atexit handlers, as a crt0 arranges it elsewhere. */
	if (atexit(__libc_fini_array) != 0)
		pr_warn("cannot register the destructors with atexit()");
	__libc_init_array();
	/* Returning from main is exit(): atexit handlers, destructors, a flush
	 * of stdio, then _exit(), i.e. kernel_exit(). */
	exit(main(argc, argv));
}

/* Kernel options ("loglevel=debug") are taken out; the rest is for main. */
static int split_arguments(start_info_t *si)
{
	int n, count = 1;

	memcpy(cmdline, si->cmd_line, sizeof(cmdline));
	cmdline[sizeof(cmdline) - 1] = '\0';
	argv[0] = "stubdom";
	n = cmdline_split(cmdline, argv + 1, MAX_ARGS);
	if (n < 0) {
		pr_warn("more than %d arguments on the command line; extra ones dropped", MAX_ARGS);
		n = MAX_ARGS;
	}
	for (int i = 1; i <= n; i++) {
		if (strncmp(argv[i], "loglevel=", 9) == 0) {
			const char *l = argv[i] + 9;
			log_threshold = strcmp(l, "debug") == 0	  ? LOG_DEBUG
					: strcmp(l, "warn") == 0  ? LOG_WARN
					: strcmp(l, "error") == 0 ? LOG_ERR
								  : LOG_INFO;
			continue;
		}
		argv[count++] = argv[i];
	}
	argv[count] = NULL;
	return count;
}

void kernel_start(start_info_t *si);
void kernel_start(start_info_t *si)
{
	unsigned long first_free;

	hypervisor_init(si);
	console_init(si);
	traps_init();
	argc = split_arguments(si);
	pr_debug("start_info at %p: %lu pages, page tables at 0x%lx (%lu frames)", (void *)si,
		 si->nr_pages, si->pt_base, si->nr_pt_frames);
	first_free = mm_setup(si);
	memory_init(first_free);
	if (hypervisor_map_shared_info() < 0)
		panic("cannot continue without shared info");
	events_init();
	console_input_init();
	time_init();
	if (gnttab_init() < 0)
		pr_err("no grant table: drivers cannot share memory");
	xenbus_init(si);
	console_announce();
	pr_info("stub domain kernel " KERNEL_VERSION " up: %lu KiB, %lu pages free",
		memory_total_pages() * 4, memory_free_pages());

	sched_start(main_thread, NULL);
}
