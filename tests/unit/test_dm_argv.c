/* apps/ioemu/dm_argv: libxl's arguments for a stub domain, and refusals. */
#include "apps/ioemu/dm_argv.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* What libxl 4.17 wrote for an HVM guest with one disk, a CD-ROM, a nic
 * and a serial port (xl create on the test bed). */
static const char *const typical[] = {
	"-xen-domid",
	"7",
	"-no-shutdown",
	"-nodefaults",
	"-no-user-config",
	"-name",
	"hvm1",
	"-display",
	"none",
	"-serial",
	"/dev/hvc3",
	"-device",
	"cirrus-vga,vgamem_mb=8",
	"-boot",
	"order=cda",
	"-smp",
	"2,maxcpus=4",
	"-device",
	"rtl8139,id=nic0,netdev=net0,mac=00:16:3e:12:34:56",
	"-netdev",
	"type=tap,id=net0,ifname=vif7.0-emu,br=xenbr0,script=no,downscript=no",
	"-machine",
	"xenfv,suppress-vmdesc=on",
	"-m",
	"120",
	"-drive",
	"file=/dev/xvda,if=ide,index=0,media=disk,format=host_device,cache=writeback",
	"-drive",
	"if=none,readonly=on,id=ide-5632,file=/dev/xvdc,format=host_device",
	"-device",
	"ide-cd,id=ide-5632,drive=ide-5632,bus=ide.1,unit=0"
};

TEST(dm_argv_typical)
{
	struct ioemu_config cfg;
	char err[160], desc[512];

	CHECK_INT(dm_argv_parse(&cfg, typical, ARGC(typical), err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_INT(cfg.domid, 7);
	CHECK_STR(cfg.name, "hvm1");
	CHECK(cfg.platform_device);
	CHECK_INT(cfg.ram_mb, 120);
	CHECK_INT(cfg.vcpus, 2);
	CHECK_INT(cfg.max_vcpus, 4);
	CHECK_STR(cfg.boot_order, "cda");
	CHECK_INT(cfg.n_serial, 1);
	CHECK_INT(cfg.serial_console[0], 3);
	CHECK_INT(cfg.vga, IOEMU_VGA_CIRRUS);
	CHECK_INT(cfg.vgamem_mb, 8);
	CHECK_INT(cfg.ide[0].media, IOEMU_MEDIA_DISK);
	CHECK_INT(cfg.ide[0].vdev, 'a');
	CHECK(!cfg.ide[0].readonly);
	CHECK_INT(cfg.ide[1].media, IOEMU_MEDIA_NONE);
	CHECK_INT(cfg.ide[2].media, IOEMU_MEDIA_CDROM);
	CHECK_INT(cfg.ide[2].vdev, 'c');
	CHECK(cfg.ide[2].readonly);
	CHECK_INT(cfg.n_nics, 1);
	CHECK_INT(cfg.nics[0].model, IOEMU_NIC_RTL8139);
	CHECK_INT(cfg.nics[0].mac[0], 0x00);
	CHECK_INT(cfg.nics[0].mac[5], 0x56);
	CHECK(cfg.acpi);
	CHECK(!cfg.incoming);
	CHECK(!cfg.net_none);
	dm_argv_describe(&cfg, desc, sizeof(desc));
	CHECK_STR(desc, "guest 7 'hvm1': machine xenfv, 120 MiB, 2/4 vCPU, boot cda, cirrus-vga "
			"8 MiB, ide0.0 disk xvda, ide1.0 cdrom xvdc, nic0 rtl8139 "
			"00:16:3e:12:34:56, COM1 on console 3, ACPI");
}

TEST(dm_argv_minimal_pc_restore)
{
	static const char *const argv[] = {
		"-xen-domid",
		"3",
		"-net",
		"none",
		"-machine",
		"pc,accel=xen,suppress-vmdesc=on,max-ram-below-4g=3221225472",
		"-m",
		"16",
		"-no-acpi",
		"-incoming",
		"$STUBDOM_RESTORE_INCOMING_ARG",
		"-nographic",
		"-xen-domid-restrict",
		"-chroot",
		"/run/x",
		"-runas",
		"user",
		"-device",
		"VGA,vgamem_mb=16",
		"-drive",
		"if=none,readonly=on,id=ide-768",
		"-device",
		"ide-cd,id=ide-768,drive=ide-768,bus=ide.0,unit=1"
	};
	struct ioemu_config cfg;
	char err[160];

	CHECK_INT(dm_argv_parse(&cfg, argv, ARGC(argv), err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK(!cfg.platform_device);
	CHECK(cfg.ram_below_4g == 3221225472u);
	CHECK(!cfg.acpi);
	CHECK(cfg.incoming);
	CHECK(cfg.net_none);
	CHECK_INT(cfg.vga, IOEMU_VGA_STD);
	CHECK_INT(cfg.ide[1].media, IOEMU_MEDIA_CDROM);
	CHECK_INT(cfg.ide[1].vdev, 0);
	CHECK_INT(cfg.vcpus, 1);
	CHECK_STR(cfg.boot_order, "cd");
}

struct refusal {
	const char *argv[8];
	int argc;
	const char *err;
};

/* Each with the minimum around it; err is the message's exact text. */
static const struct refusal refusals[] = {
	{ { "-usb" }, 1, "dm-argv 001: -usb: this option is not understood by this device model" },
	{ { "-device", "usb-tablet" },
	  2,
	  "dm-argv 002: -device usb-tablet: this device is not emulated by this device model" },
	{ { "-device", "e1000,id=nic0,netdev=net1,mac=00:16:3e:00:00:01" },
	  2,
	  "dm-argv 002: -device e1000: id=nicN, netdev=netN (the same N) and mac= are needed" },
	{ { "-device", "rtl8139,id=nic0,netdev=net0,mac=01:16:3e:00:00:01", "-netdev",
	    "type=tap,id=net0" },
	  2,
	  "dm-argv 002: -device rtl8139: mac is a multicast address" },
	{ { "-device", "rtl8139,id=nic0,netdev=net0,mac=00:16:3e:00:00:01" },
	  2,
	  "dm-argv 008: nic0 has no -netdev" },
	{ { "-serial", "pty" },
	  2,
	  "dm-argv 002: -serial 'pty': only a console of this stub domain from /dev/hvc3 on is "
	  "understood" },
	{ { "-boot", "order=cdan" },
	  2,
	  "dm-argv 002: -boot 'order=cdan': from one to 3 devices (the BIOS's CMOS holds no "
	  "more)" },
	{ { "-boot", "order=cc" },
	  2,
	  "dm-argv 002: -boot 'order=cc': device 'c' is not a, c, d or n, or comes twice" },
	{ { "-drive", "file=/dev/xvda,if=scsi,index=0" },
	  2,
	  "dm-argv 002: -drive 'file=/dev/xvda,if=scsi,index=0': if=scsi is not emulated (IDE "
	  "only)" },
	{ { "-drive", "file=/etc/passwd,if=ide,index=0,media=disk" },
	  2,
	  "dm-argv 002: -drive: 'file=/etc/passwd' is not understood" },
	{ { "-drive", "if=none,readonly=on,id=ide-1" },
	  2,
	  "dm-argv 008: -drive ide-1 has no -device ide-cd" },
	{ { "-machine", "xenfv,igd-passthru=on" },
	  2,
	  "dm-argv 002: -machine: property 'igd-passthru' is not supported" },
	{ { "-machine", "pc" },
	  2,
	  "dm-argv 002: -machine 'pc': pc without accel=xen is not a Xen guest" },
	{ { "-smp", "0" }, 2, "dm-argv 002: -smp '0': no vCPU count from 1 to 128 first" },
	{ { "-m", "0" }, 2, "dm-argv 002: -m '0' is not a size in MiB from 1 to 1048576" },
	{ { "-xen-domid", "0" }, 2, "dm-argv 002: -xen-domid '0' is not a guest's domain id" },
	{ { "-display", "sdl" },
	  2,
	  "dm-argv 002: -display sdl: the stub shows the guest's screen on its PV framebuffer "
	  "only" },
	{ { "-device", "VGA,vgamem_mb=8", "-device", "cirrus-vga,vgamem_mb=8" },
	  4,
	  "dm-argv 004: -device cirrus-vga: a second display adapter" },
	{ { "-device", "ide-cd,id=ide-1,drive=ide-1,bus=ide.0,unit=0" },
	  2,
	  "dm-argv 002: -device ide-cd: drive ide-1 was not given by an earlier -drive" },
	{ { "-drive", "file=/dev/xvda,if=ide,index=0,media=disk,,x" },
	  2,
	  "dm-argv 002: 'file=/dev/xvda,if=ide,index=0,media=disk,,x': escaped commas are not "
	  "understood" },
	{ { "-net", "nic" }, 2, "dm-argv 002: -net nic: only -net none is understood" },
	{ { "stray" }, 1, "dm-argv 001: 'stray' is not an option" },
};

TEST(dm_argv_refusals)
{
	for (size_t r = 0; r < sizeof(refusals) / sizeof(refusals[0]); r++) {
		const char *argv[16] = { "-xen-domid", "1", "-machine", "xenfv", "-m", "8" };
		struct ioemu_config cfg;
		char err[200];
		int argc = 6;

		/* The refused options first, so their numbers are as listed
		 * (argument 8 names the end of an 8-argument line). */
		for (int i = 0; i < refusals[r].argc; i++)
			argv[i] = refusals[r].argv[i];
		argc = refusals[r].argc;
		argv[argc++] = "-xen-domid";
		argv[argc++] = "1";
		argv[argc++] = "-machine";
		argv[argc++] = "xenfv";
		argv[argc++] = "-m";
		argv[argc++] = "8";
		CHECK_INT(dm_argv_parse(&cfg, argv, argc, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, refusals[r].err);
	}
}

TEST(dm_argv_required_and_small_buffers)
{
	static const char *const no_machine[] = { "-xen-domid", "1", "-m", "8" };
	static const char *const no_domid[] = { "-machine", "xenfv", "-m", "8" };
	static const char *const no_value[] = { "-xen-domid", "1", "-machine", "xenfv", "-m" };
	struct ioemu_config cfg;
	char err[64], tiny[8];

	CHECK_INT(dm_argv_parse(&cfg, no_machine, 4, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "dm-argv 004: no -machine");
	CHECK_INT(dm_argv_parse(&cfg, no_domid, 4, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "dm-argv 004: no -xen-domid");
	CHECK_INT(dm_argv_parse(&cfg, no_value, 5, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "dm-argv 005: -m has no value");
	CHECK_INT(dm_argv_parse(&cfg, no_domid, 4, tiny, sizeof(tiny)), -EINVAL);
	CHECK_STR(tiny, "dm-argv");
	CHECK_INT(dm_argv_parse(&cfg, no_domid, 4, NULL, 0), -EINVAL);
}
