/* apps/ioemu/dm_args_trad: libxl's dmargs for a traditional-flavour stub
 * domain, and refusals. */
#include "apps/ioemu/dm_args_trad.h"
#include "lib/errno.h"
#include "tests/unit/check.h"

#include <string.h>

/* libxl 4.17's dmargs for a guest with VNC, a serial port and a nic
 * (../shared/PROTOCOL.md's example, with 2 of 4 vCPUs online). */
static const char typical[] =
	" -d 1 -domain-name hvm1 -vnc 127.0.0.1:0 -vncunused -serial pty -videoram 4 -boot cda"
	" -acpi -vcpus 4 -vcpu_avail 0x03"
	" -net nic,vlan=0,macaddr=00:16:3e:00:00:01,model=rtl8139"
	" -net tap,vlan=0,ifname=vif1.0-emu,bridge=xenbr0,script=no,downscript=no";

TEST(dm_args_trad_typical)
{
	struct ioemu_config cfg;
	char err[160];

	CHECK_INT(dm_args_trad_parse(&cfg, typical, err, sizeof(err)), 0);
	CHECK_STR(err, "");
	CHECK_INT(cfg.domid, 1);
	CHECK_STR(cfg.name, "hvm1");
	CHECK(cfg.platform_device);
	CHECK_INT(cfg.ram_mb, 0);
	CHECK_INT(cfg.vcpus, 2);
	CHECK_INT(cfg.max_vcpus, 4);
	CHECK_STR(cfg.boot_order, "cda");
	CHECK_INT(cfg.n_serial, 1);
	CHECK_INT(cfg.serial_console[0], 3);
	CHECK_INT(cfg.vga, IOEMU_VGA_CIRRUS);
	CHECK_INT(cfg.vgamem_mb, 4);
	CHECK(cfg.acpi);
	CHECK_INT(cfg.n_nics, 1);
	CHECK_INT(cfg.nics[0].id, 0);
	CHECK_INT(cfg.nics[0].model, IOEMU_NIC_RTL8139);
	CHECK_INT(cfg.nics[0].mac[5], 1);
	CHECK(cfg.nics[0].has_netdev);
	CHECK(!cfg.net_none);
	CHECK(!cfg.incoming);
	for (int i = 0; i < IOEMU_IDE_SLOTS; i++)
		CHECK_INT(cfg.ide[i].media, IOEMU_MEDIA_NONE);
}

/* vnc = 0, no devices, after xl restore: one vCPU, -std-vga, e1000 absent. */
TEST(dm_args_trad_minimal_restore)
{
	struct ioemu_config cfg;
	char err[160];

	CHECK_INT(dm_args_trad_parse(&cfg,
				     " -d 12 -domain-name hvm2 -nographic -videoram 8 -std-vga"
				     " -boot c -vcpu_avail 0x01 -net none"
				     " -loadvm /var/lib/xen/qemu-resume.12",
				     err, sizeof(err)),
		  0);
	CHECK_INT(cfg.domid, 12);
	CHECK_INT(cfg.vcpus, 1);
	CHECK_INT(cfg.max_vcpus, 1);
	CHECK_INT(cfg.vga, IOEMU_VGA_STD);
	CHECK_INT(cfg.vgamem_mb, 8);
	CHECK_STR(cfg.boot_order, "c");
	CHECK(!cfg.acpi);
	CHECK(cfg.net_none);
	CHECK(cfg.incoming);
	CHECK_INT(cfg.n_serial, 0);
	/* Without -vcpu_avail every vCPU is online; -M xenfv is taken. */
	CHECK_INT(dm_args_trad_parse(&cfg, "-d 3 -vcpus 3 -M xenfv -vga none", err, sizeof(err)),
		  0);
	CHECK_INT(cfg.vcpus, 3);
	CHECK_INT(cfg.vga, IOEMU_VGA_NONE);
	CHECK_STR(cfg.boot_order, "cad");
}

TEST(dm_args_trad_two_nics_and_serials)
{
	struct ioemu_config cfg;
	char err[160];

	CHECK_INT(dm_args_trad_parse(&cfg,
				     "-d 5 -serial pty -serial file:/tmp/com2"
				     " -net nic,vlan=1,macaddr=00:16:3e:00:00:02,model=e1000"
				     " -net nic,vlan=0,macaddr=00:16:3e:00:00:01,model=rtl8139"
				     " -net tap,vlan=0,ifname=a -net tap,vlan=1,ifname=b",
				     err, sizeof(err)),
		  0);
	CHECK_INT(cfg.n_serial, 2);
	CHECK_INT(cfg.serial_console[1], 4);
	CHECK_INT(cfg.n_nics, 2);
	CHECK_INT(cfg.nics[0].model, IOEMU_NIC_E1000);
	CHECK_INT(cfg.nics[0].id, 1);
	CHECK(cfg.nics[0].has_netdev && cfg.nics[1].has_netdev);
}

static const struct {
	const char *dmargs;
	const char *err;
} refusals[] = {
	{ "-usb -d 1", "dmargs word 01: -usb: not given by this device model" },
	{ "-soundhw sb16 -d 1", "dmargs word 01: -soundhw: not given by this device model" },
	{ "-gfx_passthru -d 1", "dmargs word 01: -gfx_passthru: not given by this device model" },
	{ "-localtime -d 1",
	  "dmargs word 01: -localtime: this option is not understood by this device model" },
	{ "stray -d 1", "dmargs word 01: 'stray' is not an option" },
	{ "-d 0", "dmargs word 02: -d '0' is not a guest's domain id" },
	{ "-d 1 -M pc", "dmargs word 04: -M pc: only xenfv is emulated" },
	{ "-d 1 -boot cc",
	  "dmargs word 04: -boot 'cc': device 'c' is not a, c, d or n, or comes twice" },
	{ "-d 1 -boot cdan", "dmargs word 04: -boot 'cdan': from one to 3 devices" },
	{ "-d 1 -videoram 0", "dmargs word 04: -videoram '0' is not a size in MiB from 1 to 256" },
	{ "-d 1 -vga std",
	  "dmargs word 04: -vga std: only none is understood (-std-vga asks for VGA)" },
	{ "-d 1 -vcpus 0", "dmargs word 04: -vcpus '0' is not a count from 1 to 128" },
	{ "-d 1 -vcpu_avail 3", "dmargs word 04: -vcpu_avail '3' is not a hexadecimal bitmap" },
	{ "-d 1 -vcpu_avail 0x0", "dmargs word 04: -vcpu_avail '0x0': no vCPU online" },
	{ "-d 1 -vcpu_avail 0x1g",
	  "dmargs word 04: -vcpu_avail '0x1g' is not a hexadecimal bitmap" },
	{ "-d 1 -vcpu_avail 0x100000000000000000000000000000000",
	  "dmargs word 04: -vcpu_avail '0x100000000000000000000000000000000' names a vCPU beyond "
	  "127" },
	{ "-d 1 -vcpus 2 -vcpu_avail 0x4", "dmargs word 06: -vcpu_avail names vCPU 2 of 2" },
	{ "-d 1 -net nic,vlan=0,macaddr=00:16:3e:00:00:01",
	  "dmargs word 04: -net nic vlan 0 has no -net tap" },
	{ "-d 1 -net nic,vlan=0,macaddr=01:16:3e:00:00:01 -net tap,vlan=0",
	  "dmargs word 04: -net nic: macaddr is a multicast address" },
	{ "-d 1 -net nic,vlan=0,macaddr=00:16:3e:00:00:01,model=ne2k_pci",
	  "dmargs word 04: -net nic: 'model=ne2k_pci' is not understood (vlan=, macaddr= and "
	  "model=rtl8139|e1000 are)" },
	{ "-d 1 -net nic,vlan=0", "dmargs word 04: -net nic: vlan= and macaddr= are needed" },
	{ "-d 1 -net tap,vlan=3",
	  "dmargs word 04: -net tap: vlan 3 belongs to no earlier -net nic" },
	{ "-d 1 -net user", "dmargs word 04: -net 'user': only nic, tap and none are understood" },
	{ "-d 1 -net nic,,vlan=0",
	  "dmargs word 04: -net 'nic,,vlan=0': escaped commas are not understood" },
	{ "-d 1 -net none -net nic,vlan=0,macaddr=00:16:3e:00:00:01 -net tap,vlan=0",
	  "dmargs word 08: -net none with nics" },
	{ "-d 1 -serial pty -serial pty -serial pty -serial pty -serial pty",
	  "dmargs word 12: -serial: more than 4 serial ports" },
	{ "-d 1 -domain-name", "dmargs word 03: -domain-name has no value" },
	{ "-domain-name x", "dmargs word 02: no -d" },
	{ "", "dmargs word 00: no -d" },
};

TEST(dm_args_trad_refusals)
{
	for (size_t r = 0; r < sizeof(refusals) / sizeof(refusals[0]); r++) {
		struct ioemu_config cfg;
		char err[200];

		CHECK_INT(dm_args_trad_parse(&cfg, refusals[r].dmargs, err, sizeof(err)), -EINVAL);
		CHECK_STR(err, refusals[r].err);
	}
}

TEST(dm_args_trad_limits)
{
	static char s[DM_ARGS_TRAD_MAX_LEN + 8];
	struct ioemu_config cfg;
	char err[80], tiny[8];

	memset(s, ' ', sizeof(s) - 1);
	s[sizeof(s) - 1] = '\0';
	CHECK_INT(dm_args_trad_parse(&cfg, s, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "dmargs word 00: dmargs of 4103 bytes, longer than 4095");
	for (int i = 0; i < DM_ARGS_TRAD_MAX_WORDS + 1; i++)
		memcpy(s + i * 3, "-x ", 3);
	s[(DM_ARGS_TRAD_MAX_WORDS + 1) * 3] = '\0';
	CHECK_INT(dm_args_trad_parse(&cfg, s, err, sizeof(err)), -EINVAL);
	CHECK_STR(err, "dmargs word 00: more than 96 words");
	CHECK_INT(dm_args_trad_parse(&cfg, "-d 0", tiny, sizeof(tiny)), -EINVAL);
	CHECK_STR(tiny, "dmargs ");
	CHECK_INT(dm_args_trad_parse(&cfg, "-d 0", NULL, 0), -EINVAL);
	CHECK_INT(dm_args_trad_parse(
			  &cfg,
			  "-d 1 -domain-name "
			  "a123456789012345678901234567890123456789012345678901234567890123",
			  err, sizeof(err)),
		  -EINVAL);
	CHECK_STR(
		err,
		"dmargs word 04: -domain-name: 'a12345678901234567890123456789012345678901234567");
}
