/*
 * hello: the smallest stub domain. Prints a banner, the Xen version it runs
 * on, its memory size and domain id, then exits 0 (the domain powers off).
 */
#define LOG_TAG "hello"
#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/start.h"
#include "lib/errno.h"
#include "xen/hypervisor.h"
#include "xen/xenbus.h"

int main(int argc, char **argv)
{
	char version[64];
	int domid, rc;

	printk("hello: stub domain kernel " KERNEL_VERSION "\n");
	rc = xen_version_string(version, sizeof(version));
	if (rc < 0) {
		pr_err("cannot read the Xen version: %d", rc);
		return 1;
	}
	printk("hello: Xen version %s\n", version);
	printk("hello: memory %lu KiB (%lu pages, %lu free)\n", memory_total_pages() * 4,
	       memory_total_pages(), memory_free_pages());
	domid = xenbus_domid();
	if (domid < 0) {
		pr_err("cannot read my domain id from xenstore: %s", errno_name(domid));
		return 1;
	}
	printk("hello: domid %d\n", domid);
	for (int i = 1; i < argc; i++)
		printk("hello: argument %d: %s\n", i, argv[i]);
	printk("hello: done\n");
	return 0;
}
