/* apps/ioemu/platform_ops: ranges checked before Xen is asked, missing
 * entries and failures logged. */
#include "apps/ioemu/platform_ops.h"
#include "lib/errno.h"
#include "tests/unit/check.h"
#include "tests/unit/platform_recorder.h"

TEST(platform_ops_ranges)
{
	static struct platform_recorder rec;
	struct platform_ops ops;

	platform_recorder_init(&rec, &ops);
	CHECK_INT(platform_set_isa_irq(&ops, 15, true), 0);
	CHECK(rec.isa_irq[15]);
	CHECK_INT(platform_set_isa_irq(&ops, 16, true), -EINVAL);
	CHECK_INT(rec.isa_irq_calls, 1);
	CHECK(strstr(rec.log, "ISA IRQ 16 high not carried out: EINVAL") != NULL);
	CHECK_INT(platform_set_pci_intx(&ops, 31, 3, true), 0);
	CHECK(rec.intx[31][3]);
	CHECK_INT(platform_set_pci_intx(&ops, 32, 0, true), -EINVAL);
	CHECK_INT(platform_set_pci_intx(&ops, 1, 4, true), -EINVAL);
	CHECK_INT(rec.intx_calls, 1);
	CHECK_INT(platform_set_link_route(&ops, 3, 15), 0);
	CHECK_INT(platform_set_link_route(&ops, 4, 5), -EINVAL);
	CHECK_INT(platform_set_link_route(&ops, 0, 16), -EINVAL);
	CHECK_INT(rec.link_route_calls, 1);
}

TEST(platform_ops_missing_and_failing_entries)
{
	static struct platform_recorder rec;
	struct platform_ops ops, none = { 0 };

	platform_recorder_init(&rec, &ops);
	rec.fail_with = -EPERM;
	CHECK_INT(platform_shutdown(&ops, PLATFORM_POWEROFF), -EPERM);
	CHECK_INT(rec.poweroffs, 1);
	CHECK(strstr(rec.log, "power off not carried out: EPERM") != NULL);
	CHECK_INT(platform_unplug(&ops, 3), -EPERM);
	CHECK_INT(rec.unplug_mask, 3);
	/* A table with nothing: refused, and no log to write to. */
	CHECK_INT(platform_shutdown(&none, PLATFORM_REBOOT), -ENOSYS);
	CHECK_INT(platform_set_rom_area_readonly(&none, true), -ENOSYS);
	platform_serial_out(&none, 0, (const uint8_t *)"x", 1);
	platform_guest_log(&none, "x");
	/* Only a log: the guest's lines go there. */
	none.log = ops.log;
	none.ctx = &rec;
	platform_guest_log(&none, "from the guest");
	CHECK_STR(rec.log, "guest: from the guest");
	CHECK_INT(platform_set_isa_irq(&none, 1, true), -ENOSYS);
	CHECK(strstr(rec.log, "ISA IRQ 1 high not carried out: ENOSYS") != NULL);
}
