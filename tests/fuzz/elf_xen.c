/*
 * libFuzzer harness: arbitrary bytes as a PV kernel image: the ELF parser
 * and, when the bytes carry a bzImage header, the payload finder, whose
 * payload is then parsed as an ELF too. What a successful parse hands out
 * must be inside the image and the load range.
 */
#include "lib/loader/elf_xen.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct elf_xen_info info;

static void parse(const uint8_t *img, size_t len)
{
	if (elf_xen_parse(img, len, &info) != 0) {
		if (strnlen(info.err, sizeof(info.err)) == 0)
			__builtin_trap(); /* every refusal says why */
		return;
	}
	if (info.nsegs < 1 || info.nsegs > ELF_XEN_MAX_SEGMENTS ||
	    info.virt_kend - info.virt_kstart > ELF_XEN_MAX_SPAN ||
	    info.virt_entry < info.virt_kstart || info.virt_entry >= info.virt_kend)
		__builtin_trap();
	for (int i = 0; i < info.nsegs; i++) {
		const struct elf_xen_segment *s = &info.segs[i];
		if (s->offset > len || s->filesz > len - s->offset || s->filesz > s->memsz ||
		    s->dest < info.virt_kstart || s->memsz > info.virt_kend - s->dest)
			__builtin_trap();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t off, len;

	parse(data, size);
	if (bzimage_payload(data, size, &off, &len) == 0) {
		if (off > size || len > size - off)
			__builtin_trap();
		parse(data + off, len);
	}
	return 0;
}
