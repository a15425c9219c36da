/*
 * libFuzzer harness: bytes as a traditional-flavour stub domain's dmargs
 * string. Whatever comes, the parser accepts or refuses with a message
 * naming a word, and an accepted configuration is within its bounds: a
 * guest's domain id, vCPUs online no more than there are, nics each with
 * their tap and a unicast MAC, serial ports on consoles 3 on, a boot order
 * the BIOS takes, no drives (those come from the stub's PV disks).
 */
#include "apps/ioemu/dm_args_trad.h"
#include "lib/errno.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[DM_ARGS_TRAD_MAX_LEN + 64];
	struct ioemu_config cfg;
	char err[256], desc[1024];
	int rc;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	rc = dm_args_trad_parse(&cfg, buf, err, sizeof(err));
	if (rc != 0) {
		if (rc != -EINVAL || strncmp(err, "dmargs word ", 12) != 0)
			__builtin_trap();
		return 0;
	}
	if (err[0] || cfg.domid == 0 || cfg.domid > 0x7fef || cfg.ram_mb != 0 || cfg.vcpus == 0 ||
	    cfg.vcpus > cfg.max_vcpus || cfg.max_vcpus > IOEMU_MAX_VCPUS ||
	    cfg.n_nics > IOEMU_MAX_NICS || cfg.n_serial > IOEMU_MAX_SERIAL ||
	    !memchr(cfg.boot_order, '\0', sizeof(cfg.boot_order)) || !cfg.boot_order[0] ||
	    !memchr(cfg.name, '\0', sizeof(cfg.name)) ||
	    !memchr(cfg.keymap, '\0', sizeof(cfg.keymap)) || (cfg.net_none && cfg.n_nics) ||
	    !cfg.platform_device || cfg.vgamem_mb == 0 || cfg.vgamem_mb > 256)
		__builtin_trap();
	for (int i = 0; i < IOEMU_IDE_SLOTS; i++)
		if (cfg.ide[i].media != IOEMU_MEDIA_NONE)
			__builtin_trap();
	for (unsigned i = 0; i < cfg.n_nics; i++) {
		if (!cfg.nics[i].has_netdev || (cfg.nics[i].mac[0] & 1))
			__builtin_trap();
		for (unsigned j = 0; j < i; j++)
			if (cfg.nics[j].id == cfg.nics[i].id)
				__builtin_trap();
	}
	for (unsigned i = 0; i < cfg.n_serial; i++)
		if (cfg.serial_console[i] != 3 + i)
			__builtin_trap();
	for (size_t i = 0; cfg.boot_order[i]; i++)
		if (!strchr("acdn", cfg.boot_order[i]))
			__builtin_trap();
	dm_argv_describe(&cfg, desc, sizeof(desc));
	if (!memchr(desc, '\0', sizeof(desc)))
		__builtin_trap();
	return 0;
}
