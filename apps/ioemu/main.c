/*
 * ioemu-stubdom: the device model of one HVM guest, in a PV stub domain
 * that the real toolstack starts (qemu-xen flavour: libxl writes the
 * device model's arguments under /vm/<uuid>/image/dm-argv). Start-up: the
 * guest's domain id from our `target` key, its arguments parsed (an
 * argument this device model does not understand stops it, named on
 * console 0), the ioreq server created for the guest, QMP served on a
 * vchan for libxl, then `running` written where libxl waits for it. Then
 * the one loop serves the guest's I/O requests, its disks' answers, its
 * network cards' vifs and QMP.
 */
#define LOG_TAG "ioemu"
#include "apps/ioemu/dm_argv.h"
#include "apps/ioemu/guest_ram.h"
#include "apps/ioemu/ide_xen.h"
#include "apps/ioemu/ioreq_server.h"
#include "apps/ioemu/machine.h"
#include "apps/ioemu/mapcache.h"
#include "apps/ioemu/nic_xen.h"
#include "apps/ioemu/platform_xen.h"
#include "apps/ioemu/qmp_vchan.h"
#include "apps/ioemu/stub_disks.h"
#include "apps/ioemu/vga_text.h"
#include "apps/ioemu/vga_xen.h"

#include "kernel/log.h"
#include "kernel/memory.h"
#include "kernel/poll.h"
#include "xen/time.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

enum { MAX_ARGS = 256 };

struct ioemu {
	struct xs_handle *xs;
	unsigned self, guest;
	struct ioemu_config cfg;
	struct ioreq_server srv;
	struct guest_ram ram;
	struct mapcache mc;
	struct platform_xen px;
	struct machine machine;
	struct ide_xen ide_xen;
	struct vga_xen vga;
	unsigned long refused;
	struct stub_disks disks;
	struct nic_xen nics;
	struct poll_set ps;
	struct poll_source ioreq_src, disk_src, serial_src, watchdog_src;
	unsigned long missed_events;
	unsigned long watchdog_ticks;
	struct qmp_vchan *qmp;
	bool running; /* QMP's cont/stop */
};

static int read_uint(struct xs_handle *xs, const char *path, unsigned *out)
{
	unsigned len;
	char *v = xs_read(xs, XBT_NULL, path, &len), *end;
	unsigned long n;

	if (!v) {
		pr_err("cannot read %s: %s", path, strerror(errno));
		return -errno;
	}
	n = strtoul(v, &end, 10);
	if (end == v || *end || n > 0x7fef) {
		pr_err("%s is '%s', not a domain id", path, v);
		free(v);
		return -EINVAL;
	}
	free(v);
	*out = (unsigned)n;
	return 0;
}

static int by_number(const void *a, const void *b)
{
	unsigned long x = strtoul(*(char *const *)a, NULL, 10);
	unsigned long y = strtoul(*(char *const *)b, NULL, 10);

	return x < y ? -1 : x > y;
}

/* The guest's dm-argv, parsed into dm->cfg. */
static int read_arguments(struct ioemu *dm)
{
	char path[128], *vm, **keys, *argv[MAX_ARGS], err[256], desc[512];
	unsigned len, n = 0;
	int rc = -EINVAL;

	snprintf(path, sizeof(path), "/local/domain/%u/vm", dm->guest);
	vm = xs_read(dm->xs, XBT_NULL, path, &len);
	if (!vm) {
		pr_err("cannot read %s: %s", path, strerror(errno));
		return -ENOENT;
	}
	snprintf(path, sizeof(path), "%s/image/dm-argv", vm);
	free(vm);
	keys = xs_directory(dm->xs, XBT_NULL, path, &n);
	if (!keys) {
		pr_err("no arguments at %s (%s): is the guest's device_model_version qemu-xen?",
		       path, strerror(errno));
		return -ENOENT;
	}
	if (n > MAX_ARGS) {
		pr_err("%u arguments at %s, more than %d", n, path, MAX_ARGS);
		free(keys);
		return -E2BIG;
	}
	qsort(keys, n, sizeof(*keys), by_number);
	for (unsigned i = 0; i < n; i++) {
		char key[192];

		snprintf(key, sizeof(key), "%s/%s", path, keys[i]);
		argv[i] = xs_read(dm->xs, XBT_NULL, key, &len);
		if (!argv[i]) {
			pr_err("cannot read %s: %s", key, strerror(errno));
			n = i;
			goto out;
		}
	}
	rc = dm_argv_parse(&dm->cfg, (const char *const *)argv, (int)n, err, sizeof(err));
	if (rc < 0) {
		pr_err("refusing to start: %s", err);
		goto out;
	}
	if (dm->cfg.domid != dm->guest) {
		pr_err("refusing to start: -xen-domid %u is not our target %u", dm->cfg.domid,
		       dm->guest);
		rc = -EINVAL;
		goto out;
	}
	dm_argv_describe(&dm->cfg, desc, sizeof(desc));
	pr_info("%s", desc);
out:
	for (unsigned i = 0; i < n; i++)
		free(argv[i]);
	free(keys);
	return rc;
}

static void dispatch(const struct ioreq_req *req, uint64_t *data, void *arg)
{
	struct ioemu *dm = arg;

	switch (req->type) {
	case IOREQ_TYPE_PIO:
	case IOREQ_TYPE_COPY:
	case IOREQ_TYPE_PCI_CONFIG:
		if (machine_dispatch(&dm->machine, req, data) < 0 &&
		    (++dm->refused <= 16 || dm->refused % 1024 == 0))
			pr_warn("refused %s %s at %#llx, %u x %u bytes (%lu refused)",
				req->type == IOREQ_TYPE_PIO    ? "port"
				: req->type == IOREQ_TYPE_COPY ? "memory"
							       : "PCI configuration",
				req->read ? "read" : "write", (unsigned long long)req->addr,
				req->count, req->size, dm->refused);
		break;
	case IOREQ_TYPE_INVALIDATE:
		mapcache_invalidate(&dm->mc);
		break;
	case IOREQ_TYPE_TIMEOFFSET:
		pr_info("guest's RTC offset now %lld s", (long long)req->data);
		break;
	default:
		pr_debug("request type %u at %#llx not handled", req->type,
			 (unsigned long long)req->addr);
		break;
	}
}

static void serve(struct poll_source *src, void *arg)
{
	struct ioemu *dm = arg;

	(void)src;
	ioreq_server_serve(&dm->srv);
}

/* Every IOREQ_WATCHDOG_MS, whether a request waits that no event said
 * was there: served, and logged (the first few), rather than leaving the
 * guest's vCPU waiting for ever on a lost notification. Xen's buffered
 * writes are served this way too if their event is late (QEMU polls the
 * buffered ring on a timer as well). Once a second, the platform
 * device's budget of the guest drivers' log lines is refilled. */
enum { IOREQ_WATCHDOG_MS = 50, WATCHDOG_TICKS_A_SECOND = 1000 / IOREQ_WATCHDOG_MS };

static void watchdog(struct poll_source *src, void *arg)
{
	struct ioemu *dm = arg;

	/* (Not when the event is in and its handler about to run.) */
	if (!dm->ioreq_src.ready && ioreq_server_waiting(&dm->srv)) {
		if (++dm->missed_events <= 16 || dm->missed_events % 1024 == 0)
			pr_warn("a request waited with no event (%lu so far)", dm->missed_events);
		ioreq_server_serve(&dm->srv);
	}
	nic_xen_tick(&dm->nics);
	if (dm->machine.has_xen_platform && ++dm->watchdog_ticks % WATCHDOG_TICKS_A_SECOND == 0)
		xen_platform_log_refill(&dm->machine.xen_platform);
	poll_timer_set(src, time_now_ns() + IOREQ_WATCHDOG_MS * 1000000ull);
}

static void disks_answered(struct poll_source *src, void *arg)
{
	struct ioemu *dm = arg;

	(void)src;
	stub_disks_poll(&dm->disks);
}

/* QMP: libxl's cont after start-up and around save; the vCPUs themselves
 * are paused and unpaused by libxl. */
static int qmp_stop(void *ctx)
{
	struct ioemu *dm = ctx;

	dm->running = false;
	pr_info("QMP: stop");
	return 0;
}

static int qmp_cont(void *ctx)
{
	struct ioemu *dm = ctx;

	dm->running = true;
	pr_info("QMP: cont");
	return 0;
}

static bool qmp_running(void *ctx)
{
	return ((struct ioemu *)ctx)->running;
}

static unsigned qmp_vcpus(void *ctx)
{
	return ((struct ioemu *)ctx)->cfg.max_vcpus;
}

static int qmp_screen_text(void *ctx, struct vga_text *text)
{
	struct ioemu *dm = ctx;

	if (!dm->machine.has_vga || !dm->machine.vga.attached)
		return -ENODEV;
	return vga_text_screen(&dm->machine.vga.vga, text);
}

static const struct qmp_ops qmp_ops = { qmp_stop, qmp_cont, qmp_running, qmp_vcpus,
					qmp_screen_text };
/* What the greeting says: libxl wants at least 2.11 for a stub domain. */
static const struct qmp_version qmp_version = { 8, 0, 0, "ioemu-stubdom" };

static void serial_event(struct poll_source *src, void *arg)
{
	struct ioemu *dm = arg;

	(void)src;
	platform_xen_serial_poll(&dm->px);
}

static int set_state(struct ioemu *dm, const char *state)
{
	char path[96];

	snprintf(path, sizeof(path), "/local/domain/%u/device-model/%u/state", dm->self, dm->guest);
	if (!xs_write(dm->xs, XBT_NULL, path, state, strlen(state))) {
		pr_err("cannot write %s: %s", path, strerror(errno));
		return -errno;
	}
	return 0;
}

int main(void)
{
	static struct ioemu dm;
	/* Two page-aligned 128 KiB channel buffers: not on a stack. */
	static struct ide ide;
	char path[96];
	unsigned vcpus;
	uint64_t started_ns = time_now_ns();

	dm.xs = xs_open(0);
	if (!dm.xs) {
		pr_err("no xenstore: %s", strerror(errno));
		return 1;
	}
	if (read_uint(dm.xs, "domid", &dm.self) < 0 || read_uint(dm.xs, "target", &dm.guest) < 0)
		return 1;
	pr_info("stub domain %u, device model of domain %u", dm.self, dm.guest);
	if (read_arguments(&dm) < 0)
		return 1;
	if (guest_ram_open(&dm.ram, dm.guest) < 0)
		return 1;
	/* Below 4 GiB anything may be RAM; above it, what was relocated. */
	mapcache_init(&dm.mc, &dm.ram.ops, (UINT64_C(1) << 20) + (uint64_t)dm.cfg.ram_mb * 256);
	poll_init(&dm.ps);
	poll_add(&dm.ps, &dm.ioreq_src, "ioreq", serve, &dm);
	poll_add(&dm.ps, &dm.disk_src, "disks", disks_answered, &dm);
	if (stub_disks_open(&dm.disks, &dm.cfg, &dm.disk_src) < 0)
		return 1;
	if (nic_xen_open(&dm.nics, &dm.cfg, &dm.ps) < 0)
		return 1;
	vcpus = dm.cfg.max_vcpus;
	if (ioreq_server_open(&dm.srv, (domid_t)dm.guest, vcpus, &dm.ioreq_src, dispatch, &dm) < 0)
		return 1;
	poll_add(&dm.ps, &dm.serial_src, "serial", serial_event, &dm);
	poll_add(&dm.ps, &dm.watchdog_src, "ioreq watchdog", watchdog, &dm);
	poll_timer_set(&dm.watchdog_src, time_now_ns() + IOREQ_WATCHDOG_MS * 1000000ull);
	if (platform_xen_open(&dm.px, &dm.srv, &dm.cfg, &dm.serial_src) < 0)
		return 1;
	if (machine_init(&dm.machine, &dm.cfg, &dm.mc.mem, &dm.px.ops, &dm.px.listener) < 0) {
		pr_err("refusing to start: the machine could not be built");
		return 1;
	}
	if (dm.machine.has_vga) {
		if (vga_xen_open(&dm.vga, &dm.srv, &dm.cfg, machine_device_memory_base(&dm.cfg)) <
			    0 ||
		    machine_attach_vga(&dm.machine, dm.vga.vram, dm.vga.rom, dm.vga.rom_bytes) <
			    0) {
			pr_err("refusing to start: the VGA has no memory");
			return 1;
		}
		dm.px.vga = &dm.vga;
	}
	ide_xen_init(&dm.ide_xen, &ide, &dm.disks, &dm.px.ops);
	ide_init(&ide, &dm.ide_xen.ops, &dm.mc.mem);
	ide_xen_log_refusals(&dm.ide_xen);
	for (int s = 0; s < IOEMU_IDE_SLOTS; s++) {
		enum ioemu_media media = dm.cfg.ide[s].media;

		if (media != IOEMU_MEDIA_NONE &&
		    ide_attach(&ide, s,
			       media == IOEMU_MEDIA_DISK ? IDE_MEDIA_DISK : IDE_MEDIA_CDROM,
			       dm.cfg.ide[s].readonly) < 0) {
			pr_err("refusing to start: ide%d.%d cannot be attached", s / 2, s % 2);
			return 1;
		}
	}
	if (machine_attach_ide(&dm.machine, &ide) < 0)
		return 1;
	if (nic_xen_attach(&dm.nics, &dm.machine) < 0)
		return 1;
	if (platform_xen_attach(&dm.px, &dm.machine) < 0)
		return 1;
	if (qmp_vchan_path(path, sizeof(path), dm.self, dm.guest) < 0 ||
	    qmp_vchan_open(&dm.qmp, &dm.ps, 0, path, &qmp_ops, &dm, &qmp_version) < 0)
		return 1;
	if (set_state(&dm, "running") < 0)
		return 1;
	pr_info("running: %lu of %lu KiB in use, %llu ms after main() began",
		(memory_total_pages() - memory_free_pages()) * 4, memory_total_pages() * 4,
		(unsigned long long)((time_now_ns() - started_ns) / 1000000u));
	for (;;)
		poll_wait(&dm.ps, 0);
}
