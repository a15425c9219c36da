/*
 * libFuzzer harness: NUL-separated words as a stub domain's dm-argv. Whatever
 * comes, the parser accepts or refuses with a message, and an accepted
 * configuration is within its bounds: IDE media known, CD-ROMs read-only,
 * disks named by a PV disk letter, nics each with their -netdev, vCPU
 * counts and the boot order as the BIOS can take them.
 */
#include "apps/ioemu/dm_argv.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_WORDS = 64 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char buf[8192];
	const char *argv[MAX_WORDS];
	struct ioemu_config cfg;
	char err[256], desc[1024];
	int argc = 0, rc;

	if (size >= sizeof(buf))
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (size_t i = 0; i <= size && argc < MAX_WORDS;) {
		argv[argc++] = &buf[i];
		i += strlen(&buf[i]) + 1;
	}
	rc = dm_argv_parse(&cfg, argv, argc, err, sizeof(err));
	if (rc != 0) {
		if (strncmp(err, "dm-argv ", 8) != 0)
			__builtin_trap();
		return 0;
	}
	if (err[0] || cfg.domid == 0 || cfg.ram_mb == 0 || cfg.vcpus == 0 ||
	    cfg.vcpus > cfg.max_vcpus || cfg.max_vcpus > IOEMU_MAX_VCPUS ||
	    cfg.n_nics > IOEMU_MAX_NICS || cfg.n_serial > IOEMU_MAX_SERIAL ||
	    !memchr(cfg.boot_order, '\0', sizeof(cfg.boot_order)) || !cfg.boot_order[0] ||
	    !memchr(cfg.name, '\0', sizeof(cfg.name)) || (cfg.net_none && cfg.n_nics))
		__builtin_trap();
	for (int i = 0; i < IOEMU_IDE_SLOTS; i++) {
		const struct ioemu_drive *d = &cfg.ide[i];
		if (d->media == IOEMU_MEDIA_CDROM && !d->readonly)
			__builtin_trap();
		if (d->media == IOEMU_MEDIA_DISK && (d->vdev < 'a' || d->vdev > 'z'))
			__builtin_trap();
		if (d->media > IOEMU_MEDIA_CDROM)
			__builtin_trap();
	}
	for (unsigned i = 0; i < cfg.n_nics; i++)
		if (!cfg.nics[i].has_netdev || (cfg.nics[i].mac[0] & 1))
			__builtin_trap();
	for (unsigned i = 0; i < cfg.n_serial; i++)
		if (cfg.serial_console[i] < 3)
			__builtin_trap();
	dm_argv_describe(&cfg, desc, sizeof(desc));
	if (!memchr(desc, '\0', sizeof(desc)))
		__builtin_trap();
	return 0;
}
