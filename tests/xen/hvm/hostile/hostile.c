/*
 * The hostile guest of ioemu-hostile: a program in an HVM guest that
 * attacks its own device model, the ioemu stub domain, through everything
 * the stub emulates. boot.S runs it in 32-bit protected mode, flat
 * segments, interrupts off, in the guest's low memory; it reports on port
 * 0xe9 (Xen's log shows each line as "(dN) HOSTILE ..."), one line per
 * phase ("HOSTILE <phase> done: <figures>") and "HOSTILE done" at the end,
 * then idles (hlt with interrupts on and every interrupt source it knows
 * of silenced: hlt with interrupts off is Xen's sign to power the guest
 * off). A line "HOSTILE FAIL ..." is a result the program itself found
 * wrong; "HOSTILE FAULT ..." an exception it took.
 *
 * Phases, in this order:
 *   time   the TSC calibrated against the RTC's seconds (for the figures).
 *   pci    before anything is damaged: every function on bus 0 through
 *          0xcf8/0xcfc, its configuration space kept and its BARs sized
 *          (decoding off meanwhile, everything put back).
 *   ports  garbage to every I/O port 0-0xffff: a write and a read of each
 *          size (1, 2, 4) at each port, values from a xorshift PRNG with a
 *          fixed seed; then rep outs/ins of each size with large counts on
 *          a few ports the stub claims (and one nobody does), buffers in
 *          RAM, straddling the top of the guest's memory, beyond it and
 *          just below 4 GiB. Left out, because their proper effect ends the guest or
 *          takes away what a later phase needs: writes to 0xcf9 (reset
 *          control), 0x92 (fast reset), 0x60 and 0x64 (the i8042's reset
 *          pulse and output port), PM1a_CNT (S5, at the PM base the PIIX4
 *          PM function names), 0xcfc-0xcff (configuration data: phase
 *          pci-config's), the Xen platform device's unplug registers (the
 *          disk phase dma needs would go), and any access to 0xe9 (these
 *          lines). The bus master's start bit is kept clear in the garbage:
 *          a DMA started on a random table could write over this program
 *          (its own memory, not the stub's fault), phase dma starts it.
 *   mmio   garbage writes and reads over every MMIO range the stub may
 *          claim: the legacy VGA window 0xa0000-0xbffff and each memory
 *          BAR found (the ROM BAR enabled for it): strided, at random
 *          offsets, and string moves between them, RAM and beyond RAM.
 *   pci-config  random writes (each size, aligned and not) to every
 *          register of every function, a write to each absent function
 *          and to other buses, and to 0xcfc with the mechanism off; then
 *          every BAR moved to random places with decoding on (four rounds,
 *          each read where it went: the framebuffer's moves take the video
 *          RAM along); then, after 10 s of quiet, the IDE bus master, the
 *          PM block and the platform device's ports put over other
 *          devices' (the stub must refuse to decode them and, floods or
 *          not, say so in its log). A memory BAR keeps bit 31 set: the
 *          video RAM must not land on this program.
 *   dma    the configuration found in phase pci put back (decoding off,
 *          every register, decoding on); the IDE bus master (BAR4) then
 *          runs READ DMA and WRITE DMA on the disk with PRD tables outside
 *          the guest's memory, tables in RAM whose entries point outside
 *          it (0x3000000-0xefffffff), entries that run from RAM out of it
 *          (one from below the top of memory past it), a table without an
 *          end and one that ends early. Each must end with
 *          the error bits; a pattern written by DMA first (a control) must
 *          read back unchanged at the end: no WRITE DMA from outside memory
 *          reached the disk.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Fixed buffers in the guest's RAM (the image and its data end below
 * 0x20000, the stack is 0x80000-0x90000). */
enum {
	DMA_DATA = 0x20000,	/* 64 KiB: the pattern and what is read back */
	PRD_TABLES = 0x30000,	/* 64 KiB: room for 8192 entries */
	RANDOM_BYTES = 0x40000, /* 64 KiB of PRNG output */
	SINK = 0x50000,		/* 64 KiB: where rep ins/movs put RAM data */
	BUFFER_BYTES = 0x10000,
};

/* Addresses outside any 32 MiB guest's memory (neither RAM nor video RAM,
 * below 4 GiB as 32-bit PRD entries are). */
enum {
	OUTSIDE_LOW = 0x3000000,
	OUTSIDE_MID = 0x7ffff000,
	OUTSIDE_HIGH = 0xeffff000,
	OUTSIDE_TOP = 0xfffff000,
};

/* The disk: the pattern phase dma writes and checks (LBA 256-263; the
 * image itself is in LBA 0-63). */
enum { PATTERN_LBA = 256, PATTERN_SECTORS = 8, SECTOR = 512 };

enum {
	IDE_DATA = 0x1f0,
	IDE_ERROR = 0x1f1,
	IDE_COUNT = 0x1f2,
	IDE_LBA0 = 0x1f3,
	IDE_LBA1 = 0x1f4,
	IDE_LBA2 = 0x1f5,
	IDE_DEVICE = 0x1f6,
	IDE_COMMAND = 0x1f7,
	IDE_CONTROL = 0x3f6,
	ATA_BSY = 0x80,
	ATA_DRQ = 0x08,
	ATA_ERR = 0x01,
	READ_DMA = 0xc8,
	WRITE_DMA = 0xca,
	BM_START = 0x01,
	BM_TO_MEMORY = 0x08,
	BM_ACTIVE = 0x01,
	BM_ERROR = 0x02,
	BM_INTERRUPT = 0x04,
	BM_DRIVE0_DMA = 0x20,
};

struct e820_entry {
	uint64_t base, length;
	uint32_t type, attributes;
} __attribute__((packed));

/* boot.S */
extern struct e820_entry e820_map[];
extern uint16_t e820_count;
extern const char fault_stubs[], irq_stub[];
void hostile_main(void);
void fault_report(const uint32_t *frame);

/* ---- the compiler's own needs ---- */

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

void *memset(void *d, int c, size_t n)
{
	void *p = d;

	__asm__ __volatile__("rep stosb" : "+D"(p), "+c"(n) : "a"(c) : "memory");
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	void *p = d;

	__asm__ __volatile__("rep movsb" : "+D"(p), "+S"(s), "+c"(n) : : "memory");
	return d;
}

/* ---- ports, memory, time ---- */

static inline void outb(uint16_t port, uint8_t v)
{
	__asm__ __volatile__("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outw(uint16_t port, uint16_t v)
{
	__asm__ __volatile__("outw %0, %1" : : "a"(v), "Nd"(port));
}

static inline void outl(uint16_t port, uint32_t v)
{
	__asm__ __volatile__("outl %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
	uint8_t v;

	__asm__ __volatile__("inb %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint16_t inw(uint16_t port)
{
	uint16_t v;

	__asm__ __volatile__("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static inline uint32_t inl(uint16_t port)
{
	uint32_t v;

	__asm__ __volatile__("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void port_out(unsigned size, uint16_t port, uint32_t v)
{
	if (size == 1)
		outb(port, (uint8_t)v);
	else if (size == 2)
		outw(port, (uint16_t)v);
	else
		outl(port, v);
}

static uint32_t port_in(unsigned size, uint16_t port)
{
	if (size == 1)
		return inb(port);
	if (size == 2)
		return inw(port);
	return inl(port);
}

/* rep outs of count items of size bytes from src (going down when down). */
static void rep_outs(unsigned size, uint16_t port, uint32_t src, uint32_t count, bool down)
{
	uint32_t d = down;

	if (size == 1)
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep outsb; cld"
				     : "+S"(src), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
	else if (size == 2)
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep outsw; cld"
				     : "+S"(src), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
	else
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep outsl; cld"
				     : "+S"(src), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
}

/* rep ins of count items of size bytes to dst (going down when down). */
static void rep_ins(unsigned size, uint16_t port, uint32_t dst, uint32_t count, bool down)
{
	uint32_t d = down;

	if (size == 1)
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep insb; cld"
				     : "+D"(dst), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
	else if (size == 2)
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep insw; cld"
				     : "+D"(dst), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
	else
		__asm__ __volatile__("test %2, %2; jz 1f; std; 1: rep insl; cld"
				     : "+D"(dst), "+c"(count)
				     : "r"(d), "d"(port)
				     : "memory", "cc");
}

static void mmio_write(uint32_t addr, unsigned size, uint32_t v)
{
	if (size == 1)
		*(volatile uint8_t *)addr = (uint8_t)v;
	else if (size == 2)
		*(volatile uint16_t *)addr = (uint16_t)v;
	else
		*(volatile uint32_t *)addr = v;
}

static uint32_t mmio_read(uint32_t addr, unsigned size)
{
	if (size == 1)
		return *(volatile uint8_t *)addr;
	if (size == 2)
		return *(volatile uint16_t *)addr;
	return *(volatile uint32_t *)addr;
}

/* rep movsl of count dwords from src to dst. */
static void rep_movs(uint32_t dst, uint32_t src, uint32_t count)
{
	__asm__ __volatile__("rep movsl" : "+D"(dst), "+S"(src), "+c"(count) : : "memory");
}

/* rep stosl of count copies of v at dst. */
static void rep_stos(uint32_t dst, uint32_t v, uint32_t count)
{
	__asm__ __volatile__("rep stosl" : "+D"(dst), "+c"(count) : "a"(v) : "memory");
}

static inline uint64_t rdtsc(void)
{
	uint64_t v;

	__asm__ __volatile__("rdtsc" : "=A"(v));
	return v;
}

/* n / d without libgcc: two 64-by-32 divisions. */
static uint64_t div64(uint64_t n, uint32_t d)
{
	uint32_t hi = (uint32_t)(n >> 32), lo = (uint32_t)n, qhi = hi / d, r = hi % d, qlo;

	__asm__("divl %2" : "=a"(qlo), "+d"(r) : "rm"(d), "0"(lo));
	return (uint64_t)qhi << 32 | qlo;
}

static uint32_t tsc_khz;

static uint32_t ms_since(uint64_t t0)
{
	return tsc_khz ? (uint32_t)div64(rdtsc() - t0, tsc_khz) : 0;
}

static uint32_t rng = 0x2545f491u;

static uint32_t rnd(void)
{
	uint32_t x = rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return rng = x;
}

/* ---- output ---- */

static void put_char(char c)
{
	outb(0xe9, (uint8_t)c);
}

static void put_str(const char *s)
{
	while (*s)
		put_char(*s++);
}

static void put_uint(uint32_t v, unsigned base)
{
	char digits[12];
	unsigned n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (n)
		put_char(digits[--n]);
}

/* %u, %x (no prefix), %s, %c. */
static void vprint(const char *fmt, va_list ap)
{
	for (; *fmt; fmt++) {
		if (*fmt != '%' || !fmt[1]) {
			put_char(*fmt);
			continue;
		}
		switch (*++fmt) {
		case 'u':
			put_uint(va_arg(ap, uint32_t), 10);
			break;
		case 'x':
			put_uint(va_arg(ap, uint32_t), 16);
			break;
		case 's':
			put_str(va_arg(ap, const char *));
			break;
		case 'c':
			put_char((char)va_arg(ap, int));
			break;
		default:
			put_char(*fmt);
			break;
		}
	}
}

/* One line: "HOSTILE " and the text. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;

	put_str("HOSTILE ");
	va_start(ap, fmt);
	vprint(fmt, ap);
	va_end(ap);
	put_char('\n');
}

static unsigned failures;

#define FAIL(...)                         \
	do {                              \
		failures++;               \
		say("FAIL " __VA_ARGS__); \
	} while (0)

/* ---- exceptions and interrupts ---- */

struct idt_entry {
	uint16_t offset_low, selector;
	uint8_t zero, type;
	uint16_t offset_high;
} __attribute__((packed));

static struct idt_entry idt[256];

static void idt_init(void)
{
	struct {
		uint16_t limit;
		uint32_t base;
	} __attribute__((packed)) desc = { sizeof(idt) - 1, (uint32_t)idt };

	for (unsigned i = 0; i < 256; i++) {
		uint32_t at = i < 32 ? (uint32_t)fault_stubs + 16 * i : (uint32_t)irq_stub;

		idt[i] = (struct idt_entry){ (uint16_t)at, 0x08, 0, 0x8e, (uint16_t)(at >> 16) };
	}
	__asm__ __volatile__("lidt %0" : : "m"(desc));
}

void fault_report(const uint32_t *frame)
{
	/* error code (if any), eip, cs, eflags */
	say("FAULT %u: %x %x %x %x", frame[0], frame[1], frame[2], frame[3], frame[4]);
}

/* ---- phase time ---- */

static uint8_t rtc_seconds(void)
{
	outb(0x70, 0x00);
	return inb(0x71);
}

/* TSC ticks in one second of the RTC (bounded: 2^36 ticks without a
 * change of second, no figures). */
static void phase_time(void)
{
	uint64_t start = rdtsc(), t0, t1;
	uint8_t s = rtc_seconds();

	while (rtc_seconds() == s && rdtsc() - start < (1ull << 36))
		;
	t0 = rdtsc();
	s = rtc_seconds();
	while (rtc_seconds() == s && rdtsc() - start < (1ull << 36))
		;
	t1 = rdtsc();
	if (rdtsc() - start < (1ull << 36))
		tsc_khz = (uint32_t)div64(t1 - t0, 1000);
	say("time done: TSC %u kHz", tsc_khz);
}

/* ---- phase pci ---- */

enum { MAX_FUNCTIONS = 16, ROM_SLOT = 6 };

struct bar {
	bool used, io, enabled;
	uint8_t reg;
	uint32_t addr, size;
};

struct function {
	uint16_t bdf;
	uint16_t vendor, device;
	struct bar bar[7];
	uint32_t config[64];
};

static struct function functions[MAX_FUNCTIONS];
static unsigned n_functions;
static uint16_t bus_master;	     /* the IDE function's BAR4, 0: none */
static uint16_t platform_ports;	     /* the Xen platform device's BAR0 */
static uint16_t pm_control = 0xb004; /* PM1a_CNT */

static uint32_t cfg_address(unsigned bdf, unsigned reg)
{
	return 0x80000000u | (uint32_t)bdf << 8 | (reg & 0xfc);
}

static uint32_t cfg_read(unsigned bdf, unsigned reg, unsigned size)
{
	outl(0xcf8, cfg_address(bdf, reg));
	return port_in(size, (uint16_t)(0xcfc + (reg & 3)));
}

static void cfg_write(unsigned bdf, unsigned reg, unsigned size, uint32_t v)
{
	outl(0xcf8, cfg_address(bdf, reg));
	port_out(size, (uint16_t)(0xcfc + (reg & 3)), v);
}

/* A BAR's mask: all ones written, read back, the value put back. */
static uint32_t bar_mask(unsigned bdf, unsigned reg, uint32_t ones)
{
	uint32_t old = cfg_read(bdf, reg, 4), mask;

	cfg_write(bdf, reg, 4, ones);
	mask = cfg_read(bdf, reg, 4);
	cfg_write(bdf, reg, 4, old);
	return mask;
}

static void size_bars(struct function *f)
{
	uint32_t command = cfg_read(f->bdf, 4, 2);

	cfg_write(f->bdf, 4, 2, command & ~3u);
	for (unsigned i = 0; i < 6; i++) {
		unsigned reg = 0x10 + 4 * i;
		uint32_t value = f->config[reg / 4], mask = bar_mask(f->bdf, reg, 0xffffffff);
		struct bar *b = &f->bar[i];

		if (!mask)
			continue;
		b->used = true;
		b->reg = (uint8_t)reg;
		b->enabled = true;
		if (value & 1) {
			b->io = true;
			b->addr = value & ~3u;
			b->size = (~(mask & ~3u) + 1) & 0xffff;
		} else {
			b->addr = value & ~0xfu;
			b->size = ~(mask & ~0xfu) + 1;
			if (((value >> 1) & 3) == 2)
				i++; /* 64-bit: the next register is its high half */
		}
	}
	{
		uint32_t value = f->config[0x30 / 4], mask = bar_mask(f->bdf, 0x30, 0xfffff800);
		struct bar *b = &f->bar[ROM_SLOT];

		if (mask & 0xfffff800) {
			b->used = true;
			b->reg = 0x30;
			b->addr = value & 0xfffff800;
			b->size = ~(mask & 0xfffff800) + 1;
			b->enabled = value & 1;
		}
	}
	cfg_write(f->bdf, 4, 2, command);
}

static void phase_pci(void)
{
	unsigned io_bars = 0, mem_bars = 0, roms = 0;

	for (unsigned devfn = 0; devfn < 256; devfn++) {
		uint32_t id = cfg_read(devfn, 0, 4);
		struct function *f;

		if ((id & 0xffff) == 0xffff || (id & 0xffff) == 0) {
			if ((devfn & 7) == 0)
				devfn |= 7;
			continue;
		}
		if (n_functions == MAX_FUNCTIONS) {
			FAIL("pci: over %u functions", MAX_FUNCTIONS);
			break;
		}
		f = &functions[n_functions++];
		f->bdf = (uint16_t)devfn;
		f->vendor = (uint16_t)id;
		f->device = (uint16_t)(id >> 16);
		for (unsigned r = 0; r < 64; r++)
			f->config[r] = cfg_read(devfn, r * 4, 4);
		if (((f->config[3] >> 16) & 0x7f) == 0)
			size_bars(f);
		say("pci %x.%x %x:%x", devfn >> 3, devfn & 7, f->vendor, f->device);
		for (unsigned i = 0; i < 7; i++) {
			const struct bar *b = &f->bar[i];

			if (!b->used)
				continue;
			if (i == ROM_SLOT)
				roms++;
			else if (b->io)
				io_bars++;
			else
				mem_bars++;
			say("pci %x.%x %s %u: 0x%x/0x%x", devfn >> 3, devfn & 7,
			    i == ROM_SLOT ? "rom"
			    : b->io	  ? "io"
					  : "mem",
			    i, b->addr, b->size);
		}
		if (f->vendor == 0x8086 && f->device == 0x7010 && f->bar[4].used && f->bar[4].io)
			bus_master = (uint16_t)f->bar[4].addr;
		if (f->vendor == 0x5853 && f->device == 0x0001 && f->bar[0].used && f->bar[0].io)
			platform_ports = (uint16_t)f->bar[0].addr;
		if (f->vendor == 0x8086 && f->device == 0x7113 && (f->config[0x80 / 4] & 1))
			pm_control = (uint16_t)((f->config[0x40 / 4] & 0xffc0) + 4);
		if ((devfn & 7) == 0 && !(f->config[3] & 0x800000))
			devfn |= 7; /* not multi-function */
	}
	if (!bus_master)
		FAIL("pci: no IDE bus-master BAR");
	say("pci: bus master 0x%x, PM1a_CNT 0x%x", bus_master, pm_control);
	say("pci done: %u functions, %u I/O BARs, %u memory BARs, %u ROMs", n_functions, io_bars,
	    mem_bars, roms);
}

/* ---- phase ports ---- */

struct exclusion {
	uint32_t first, last;
	uint8_t sizes; /* 1, 2, 4: the access sizes left out */
	bool writes_only;
};

static struct exclusion exclusions[16];
static unsigned n_exclusions;

static void exclude(uint32_t first, uint32_t last, uint8_t sizes, bool writes_only)
{
	exclusions[n_exclusions++] = (struct exclusion){ first, last, sizes, writes_only };
}

static bool excluded(uint32_t port, unsigned size, bool write)
{
	for (unsigned i = 0; i < n_exclusions; i++) {
		const struct exclusion *e = &exclusions[i];

		if ((e->sizes & size) && (write || !e->writes_only) && port <= e->last &&
		    e->first <= port + size - 1)
			return true;
	}
	return false;
}

/* The bus master's start bits kept clear in garbage written at port. */
static uint32_t tame(uint32_t port, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size && bus_master; i++)
		if (port + i == bus_master || port + i == bus_master + 8u)
			v &= ~((uint32_t)BM_START << (8 * i));
	return v;
}

static void fill_random(uint32_t at, uint32_t bytes)
{
	for (uint32_t i = 0; i < bytes; i += 4)
		*(volatile uint32_t *)(at + i) = rnd();
}

static uint32_t top_of_ram, e820_top;

/* Where the guest's memory from 1 MiB ends: the BIOS's map from 1 MiB on,
 * RAM and reserved ranges while they follow each other (the firmware
 * keeps the top of RAM for itself as reserved); and e820_top, the end of
 * the highest range the map calls RAM. */
static void find_top_of_ram(void)
{
	uint64_t end = 0x100000;
	bool grew = true;

	while (grew) {
		grew = false;
		for (unsigned i = 0; i < e820_count; i++) {
			const struct e820_entry *e = &e820_map[i];

			if ((e->type == 1 || e->type == 2) && e->base <= end &&
			    e->base + e->length > end && e->base + e->length < 0xf0000000ull) {
				end = e->base + e->length;
				grew = true;
			}
		}
	}
	top_of_ram = (uint32_t)end;
	for (unsigned i = 0; i < e820_count; i++) {
		const struct e820_entry *e = &e820_map[i];

		if (e->type == 1 && e->base + e->length <= 0x100000000ull &&
		    e->base + e->length > e820_top)
			e820_top = (uint32_t)(e->base + e->length);
	}
}

static void phase_ports(void)
{
	static const uint16_t rep_ports[] = { IDE_DATA, 0x170, 0x3f8, 0x3c9, 0x3c5, 0x12, 0x80 };
	struct {
		uint32_t at, bytes;
	} buffers[] = {
		{ RANDOM_BYTES, BUFFER_BYTES }, /* RAM, 64 KiB */
		{ 0, 0x200 },			/* straddling the top of RAM (set below) */
		{ OUTSIDE_LOW, 0x100 },		/* beyond RAM */
		{ 0xfffffe00, 0x100 },		/* just below 4 GiB */
	};
	uint32_t writes = 0, reads = 0, skipped = 0, rep_ops = 0, rep_bytes = 0;
	uint64_t t0 = rdtsc();

	buffers[1].at = top_of_ram - 0x100;
	exclude(0xe9, 0xe9, 7, false);
	exclude(0x60, 0x60, 7, true);
	exclude(0x64, 0x64, 7, true);
	exclude(0x92, 0x92, 7, true);
	exclude(0xcf9, 0xcf9, 7, true);
	exclude(0xcfc, 0xcff, 7, true);
	exclude(pm_control, pm_control + 1u, 7, true);
	exclude(0x10, 0x10, 2, true); /* the platform device's unplug */
	if (platform_ports) {
		exclude(platform_ports + 4u, platform_ports + 4u, 7, true);
		exclude(platform_ports + 8u, platform_ports + 8u, 7, true);
	}
	for (uint32_t port = 0; port <= 0xffff; port++) {
		if (port && !(port & 0x3fff))
			say("ports: at 0x%x after %u ms", port, ms_since(t0));
		for (unsigned size = 1; size <= 4; size <<= 1) {
			if (excluded(port, size, true)) {
				skipped++;
			} else {
				port_out(size, (uint16_t)port, tame(port, size, rnd()));
				writes++;
			}
			if (excluded(port, size, false)) {
				skipped++;
			} else {
				(void)port_in(size, (uint16_t)port);
				reads++;
			}
		}
	}
	say("ports: single accesses in %u ms", ms_since(t0));
	fill_random(RANDOM_BYTES, BUFFER_BYTES);
	for (unsigned p = 0; p < sizeof(rep_ports) / sizeof(rep_ports[0]); p++)
		for (unsigned b = 0; b < sizeof(buffers) / sizeof(buffers[0]); b++)
			for (unsigned size = 1; size <= 4; size <<= 1) {
				uint32_t at = buffers[b].at, count = buffers[b].bytes / size;

				rep_outs(size, rep_ports[p], at, count, false);
				/* ins into RAM goes to the sink, not over the source */
				rep_ins(size, rep_ports[p], at == RANDOM_BYTES ? SINK : at, count,
					false);
				rep_ops += 2;
				rep_bytes += 2 * count * size;
			}
	/* and going down, from the top of RAM out of it */
	rep_outs(2, IDE_DATA, top_of_ram + 0xfe, 0x100, true);
	rep_ins(4, 0x3f8, top_of_ram + 0xfc, 0x80, true);
	rep_ops += 2;
	rep_bytes += 0x400;
	say("ports: %u rep outs/ins moved %u bytes", rep_ops, rep_bytes);
	say("ports done: %u writes, %u reads, %u left out; %u ms", writes, reads, skipped,
	    ms_since(t0));
}

/* ---- phase mmio ---- */

struct range {
	uint32_t base, size;
};

static void attack_range(const struct range *r, uint32_t *writes, uint32_t *reads,
			 uint32_t *strings)
{
	uint32_t stride = r->size / 512, n;

	if (stride < 16)
		stride = 16;
	for (uint32_t off = 0; off < r->size; off += stride) {
		unsigned size = 1u << (rnd() % 3);
		uint32_t at = r->base + (off & ~(size - 1));

		mmio_write(at, size, rnd());
		(void)mmio_read(r->base + ((off + rnd() % stride) & ~3u), 4);
		(*writes)++;
		(*reads)++;
	}
	for (unsigned i = 0; i < 128; i++) {
		unsigned size = 1u << (rnd() % 3);
		uint32_t at = r->base + ((rnd() % r->size) & ~(size - 1));

		mmio_write(at, size, rnd());
		(void)mmio_read(r->base + ((rnd() % r->size) & ~(size - 1)), size);
		(*writes)++;
		(*reads)++;
	}
	n = r->size < 4096 ? r->size / 4 : 1024;
	rep_movs(r->base, RANDOM_BYTES, n);	      /* RAM to the range */
	rep_movs(SINK, r->base, n);		      /* the range to RAM */
	rep_stos(r->base, rnd(), n);		      /* one value, repeated */
	rep_movs(OUTSIDE_LOW, r->base, 64);	      /* the range to beyond RAM */
	rep_movs(r->base, OUTSIDE_LOW, 64);	      /* beyond RAM to the range */
	rep_movs(r->base + r->size / 2, r->base, 64); /* within the range */
	rep_movs(top_of_ram - 0x80, r->base, 64);     /* the range out of the top of RAM */
	*strings += 7;
}

static void phase_mmio(void)
{
	struct range ranges[16];
	unsigned n = 0;
	uint32_t writes = 0, reads = 0, strings = 0;
	uint64_t t0 = rdtsc();

	ranges[n++] = (struct range){ 0xa0000, 0x20000 };
	for (unsigned i = 0; i < n_functions; i++) {
		struct function *f = &functions[i];

		for (unsigned b = 0; b < 7 && n < 16; b++) {
			const struct bar *bar = &f->bar[b];

			if (!bar->used || bar->io || !bar->addr || !bar->size)
				continue;
			if (b == ROM_SLOT) /* decoded for this phase */
				cfg_write(f->bdf, 0x30, 4, bar->addr | 1);
			ranges[n++] = (struct range){ bar->addr, bar->size };
		}
	}
	for (unsigned i = 0; i < n; i++) {
		uint64_t t = rdtsc();

		attack_range(&ranges[i], &writes, &reads, &strings);
		say("mmio 0x%x/0x%x: %u ms", ranges[i].base, ranges[i].size, ms_since(t));
	}
	for (unsigned i = 0; i < n_functions; i++)
		if (functions[i].bar[ROM_SLOT].used)
			cfg_write(functions[i].bdf, 0x30, 4, functions[i].config[0x30 / 4]);
	say("mmio done: %u ranges, %u writes, %u reads, %u strings; %u ms", n, writes, reads,
	    strings, ms_since(t0));
}

/* ---- phase pci-config ---- */

/* Bit 31 kept set in a memory BAR's address (top byte, bit 7). */
static uint32_t keep_high(const struct function *f, unsigned reg, unsigned size, uint32_t v)
{
	for (unsigned i = 0; i < size; i++) {
		unsigned r = reg + i;

		for (unsigned b = 0; b < 7; b++) {
			const struct bar *bar = &f->bar[b];

			if (bar->used && !bar->io && r == bar->reg + 3u)
				v |= 0x80u << (8 * i);
		}
	}
	return v;
}

static bool present(unsigned devfn)
{
	for (unsigned i = 0; i < n_functions; i++)
		if (functions[i].bdf == devfn)
			return true;
	return false;
}

static void phase_pci_config(void)
{
	uint32_t writes = 0, absent = 0, other = 0, moves = 0, conflicts = 0;
	uint64_t t0 = rdtsc();

	for (unsigned i = 0; i < n_functions; i++) {
		const struct function *f = &functions[i];

		for (unsigned reg = 0; reg < 256; reg += 4, writes++) {
			cfg_write(f->bdf, reg, 4, keep_high(f, reg, 4, rnd()));
			(void)cfg_read(f->bdf, rnd() & 0xff, 1u << (rnd() % 3));
		}
		for (unsigned reg = 0; reg < 256; reg++, writes++)
			cfg_write(f->bdf, reg, 1, keep_high(f, reg, 1, rnd()));
		for (unsigned reg = 0; reg < 256; reg += 2, writes++)
			cfg_write(f->bdf, reg, 2, keep_high(f, reg, 2, rnd()));
		for (unsigned k = 0; k < 64; k++, writes++) {
			/* any size at any byte of the data window: not aligned */
			unsigned size = 1u << (rnd() % 3), reg = rnd() & 0xff;

			cfg_write(f->bdf, reg, size, keep_high(f, reg, size, rnd()));
		}
	}
	for (unsigned devfn = 0; devfn < 256; devfn++)
		if (!present(devfn)) {
			cfg_write(devfn, rnd() & 0xfc, 4, rnd());
			(void)cfg_read(devfn, rnd() & 0xfc, 4);
			absent++;
		}
	for (unsigned k = 0; k < 32; k++, other++) {
		unsigned bdf = (1 + rnd() % 255) << 8 | (rnd() & 0xff);

		cfg_write(bdf, rnd() & 0xfc, 4, rnd());
	}
	for (unsigned k = 0; k < 32; k++, other++) {
		/* the configuration mechanism off: plain port writes at 0xcfc */
		outl(0xcf8, rnd() & 0x7fffffff);
		port_out(1u << (rnd() % 3), 0xcfc, rnd());
	}
	/* Every BAR moved, decoding on, a few times (the framebuffer's move
	 * takes the video RAM with it), and read where it went. */
	for (unsigned round = 0; round < 4; round++)
		for (unsigned i = 0; i < n_functions; i++) {
			const struct function *f = &functions[i];

			for (unsigned b = 0; b < 7; b++) {
				const struct bar *bar = &f->bar[b];
				uint32_t at;

				if (!bar->used)
					continue;
				cfg_write(f->bdf, bar->reg, 4,
					  rnd() | (bar->io	   ? 0
						   : b == ROM_SLOT ? 0x80000001u
								   : 0x80000000u));
				cfg_write(f->bdf, 4, 2, (rnd() & 0x0400) | 0x03);
				at = cfg_read(f->bdf, bar->reg, 4);
				if (bar->io)
					(void)port_in(1, (uint16_t)(at & ~3u));
				else
					(void)mmio_read(at & ~0x7ffu, 4);
				moves++;
			}
		}
	/* A quiet spell of 10 s: the stub logs its device models' messages
	 * at a rate (a burst, then one a second), and the floods of phase
	 * ports spent the burst; what it refuses after a pause must be logged
	 * again. */
	for (uint64_t t = rdtsc(); tsc_khz && ms_since(t) < 10000;)
		__asm__ __volatile__("pause");
	/* Ports put over other devices' ports: the stub must not decode them
	 * (the IDE bus master and the PM block over the IDE command block,
	 * the platform device's BAR0 over 0x300-0x3ff: VGA, IDE, COM1). */
	for (unsigned i = 0; i < n_functions; i++) {
		const struct function *f = &functions[i];

		if (f->vendor == 0x8086 && f->device == 0x7010) {
			cfg_write(f->bdf, 0x20, 4, 0x1f0 | 1);
			cfg_write(f->bdf, 4, 2, 0x05);
			conflicts++;
		} else if (f->vendor == 0x5853 && f->device == 0x0001) {
			cfg_write(f->bdf, 0x10, 4, 0x300 | 1);
			cfg_write(f->bdf, 4, 2, 0x03);
			conflicts++;
		} else if (f->vendor == 0x8086 && f->device == 0x7113) {
			cfg_write(f->bdf, 0x40, 4, 0x1c0 | 1);
			cfg_write(f->bdf, 0x80, 1, 1);
			conflicts++;
		}
	}
	for (unsigned i = 0; i < n_functions; i++)
		say("pci-config: %x.%x left with command %x, BAR0 %x", functions[i].bdf >> 3,
		    functions[i].bdf & 7, cfg_read(functions[i].bdf, 4, 2),
		    cfg_read(functions[i].bdf, 0x10, 4));
	say("pci-config: %u BAR moves with decoding on, %u over others", moves, conflicts);
	say("pci-config: %u to absent functions, %u to other buses or 0xcfc", absent, other);
	say("pci-config done: %u writes to %u functions; %u ms", writes, n_functions, ms_since(t0));
}

/* ---- phase dma ---- */

/* Every function's configuration as phase pci found it: decoding off
 * first, so nothing the garbage placed can stand in the way. */
static void restore_config(void)
{
	for (unsigned i = 0; i < n_functions; i++)
		cfg_write(functions[i].bdf, 4, 2, 0);
	for (unsigned i = 0; i < n_functions; i++)
		if (functions[i].vendor == 0x8086 && functions[i].device == 0x7113)
			cfg_write(functions[i].bdf, 0x80, 1, 0); /* the PM block off */
	for (unsigned i = 0; i < n_functions; i++)
		for (unsigned reg = 8; reg < 256; reg += 4)
			cfg_write(functions[i].bdf, reg, 4, functions[i].config[reg / 4]);
	for (unsigned i = 0; i < n_functions; i++) {
		uint32_t command = functions[i].config[1] & 0xffff;

		/* The IDE function decodes its ports and masters the bus. */
		if (functions[i].vendor == 0x8086 && functions[i].device == 0x7010)
			command |= 0x05;
		cfg_write(functions[i].bdf, 4, 2, command);
	}
	for (unsigned i = 0; i < n_functions; i++)
		for (unsigned b = 0; b < 7; b++) {
			const struct bar *bar = &functions[i].bar[b];
			uint32_t mask = bar->io ? ~3u : b == ROM_SLOT ? 0xfffff800 : ~0xfu;

			if (bar->used &&
			    (cfg_read(functions[i].bdf, bar->reg, 4) & mask) != bar->addr)
				FAIL("dma: BAR 0x%x of %x.%x is not 0x%x", bar->reg,
				     functions[i].bdf >> 3, functions[i].bdf & 7, bar->addr);
		}
}

static bool ide_wait_ready(void)
{
	for (unsigned i = 0; i < 200000; i++)
		if (!(inb(IDE_CONTROL) & ATA_BSY))
			return true;
	return false;
}

struct dma_outcome {
	uint8_t bm, ata, error;
	bool timed_out;
};

static struct dma_outcome dma_run(uint8_t command, uint32_t lba, unsigned sectors, uint32_t prd)
{
	struct dma_outcome o = { 0, 0, 0, false };
	uint64_t t0;
	unsigned i;

	outb(IDE_CONTROL, 0x06); /* SRST, nIEN: the channel reset */
	(void)inb(IDE_CONTROL);
	outb(IDE_CONTROL, 0x02);
	outb(bus_master, 0);
	outb(bus_master + 2, BM_ERROR | BM_INTERRUPT | BM_DRIVE0_DMA);
	outl(bus_master + 4, prd);
	outb(IDE_DEVICE, (uint8_t)(0xe0 | ((lba >> 24) & 0x0f)));
	if (!ide_wait_ready()) {
		o.timed_out = true;
		return o;
	}
	outb(IDE_ERROR, 0);
	outb(IDE_COUNT, (uint8_t)sectors);
	outb(IDE_LBA0, (uint8_t)lba);
	outb(IDE_LBA1, (uint8_t)(lba >> 8));
	outb(IDE_LBA2, (uint8_t)(lba >> 16));
	outb(IDE_COMMAND, command);
	outb(bus_master, (uint8_t)(BM_START | (command == READ_DMA ? BM_TO_MEMORY : 0)));
	/* At most 10 s (or 50000 polls without a clock). */
	t0 = rdtsc();
	for (i = 0; tsc_khz ? ms_since(t0) < 10000 : i < 50000; i++)
		if (!(inb(bus_master + 2) & BM_ACTIVE))
			break;
	o.timed_out = (inb(bus_master + 2) & BM_ACTIVE) != 0;
	o.bm = inb(bus_master + 2);
	o.ata = inb(IDE_COMMAND);
	o.error = inb(IDE_ERROR);
	outb(bus_master, 0);
	outb(bus_master + 2, BM_ERROR | BM_INTERRUPT | BM_DRIVE0_DMA);
	return o;
}

static void prd_entry(uint32_t table, unsigned index, uint32_t addr, uint32_t bytes, bool last)
{
	volatile uint32_t *e = (volatile uint32_t *)(table + 8 * index);

	e[0] = addr;
	e[1] = (bytes & 0xfffe) | (last ? 0x80000000u : 0);
}

static uint8_t pattern_byte(uint32_t lba, uint32_t i)
{
	return (uint8_t)((lba * 37 + i * 11 + (i >> 9)) ^ 0x5c);
}

static unsigned dma_attempts, dma_refused, dma_controls;

/* One DMA: what it is, and whether it must be refused. */
static struct dma_outcome dma_try(const char *what, uint8_t command, unsigned sectors, uint32_t prd,
				  bool refuse)
{
	struct dma_outcome o = dma_run(command, PATTERN_LBA, sectors, prd);
	bool refused = (o.bm & BM_ERROR) || (o.ata & ATA_ERR);
	const char *verdict = o.timed_out ? "TIMEOUT" : refused ? "refused" : "done";

	dma_attempts++;
	say("dma %u %s %u %s: %x/%x/%x %s", dma_attempts, command == READ_DMA ? "READ" : "WRITE",
	    sectors, what, o.bm, o.ata, o.error, verdict);
	if (o.timed_out || refused != refuse)
		FAIL("dma %u: %s, not %s", dma_attempts, verdict, refuse ? "refused" : "done");
	else if (refused)
		dma_refused++;
	else
		dma_controls++;
	return o;
}

static bool pattern_at(uint32_t at, unsigned sectors)
{
	for (uint32_t i = 0; i < sectors * SECTOR; i++)
		if (*(volatile uint8_t *)(at + i) != pattern_byte(PATTERN_LBA, i))
			return false;
	return true;
}

static void phase_dma(void)
{
	uint32_t table = PRD_TABLES, readback = DMA_DATA + 0x4000;
	uint64_t t0 = rdtsc();
	bool unchanged;

	restore_config();
	if (!bus_master)
		return;
	/* The pattern, written by DMA from RAM: the control. */
	for (uint32_t i = 0; i < PATTERN_SECTORS * SECTOR; i++)
		*(volatile uint8_t *)(DMA_DATA + i) = pattern_byte(PATTERN_LBA, i);
	prd_entry(table, 0, DMA_DATA, PATTERN_SECTORS * SECTOR, true);
	dma_try("from RAM (pattern)", WRITE_DMA, PATTERN_SECTORS, table, false);
	memset((void *)readback, 0, PATTERN_SECTORS * SECTOR);
	prd_entry(table, 0, readback, PATTERN_SECTORS * SECTOR, true);
	dma_try("to RAM", READ_DMA, PATTERN_SECTORS, table, false);
	if (!pattern_at(readback, PATTERN_SECTORS))
		FAIL("dma: the pattern did not read back");

	dma_try("PRDs at 0xfffff000", READ_DMA, 1, OUTSIDE_TOP, true);
	dma_try("PRDs at 0x7ffff000", READ_DMA, 1, OUTSIDE_MID, true);
	dma_try("PRDs at 0x3000000", WRITE_DMA, 1, OUTSIDE_LOW, true);
	dma_try("PRDs at 0xeffff000", WRITE_DMA, 8, OUTSIDE_HIGH, true);
	prd_entry(table, 0, OUTSIDE_LOW, 8 * SECTOR, true);
	dma_try("to 0x3000000", READ_DMA, 8, table, true);
	prd_entry(table, 0, OUTSIDE_HIGH, SECTOR, true);
	dma_try("to 0xeffff000", READ_DMA, 1, table, true);
	prd_entry(table, 0, OUTSIDE_MID, 8 * SECTOR, true);
	dma_try("from 0x7ffff000", WRITE_DMA, 8, table, true);
	prd_entry(table, 0, 0xe0000000, 4 * SECTOR, false);
	prd_entry(table, 1, OUTSIDE_LOW, 4 * SECTOR, true);
	dma_try("from 0xe0000000+0x3000000", WRITE_DMA, 8, table, true);
	prd_entry(table, 0, readback, SECTOR, false);
	prd_entry(table, 1, OUTSIDE_LOW, SECTOR, true);
	dma_try("to RAM+0x3000000", READ_DMA, 2, table, true);
	prd_entry(table, 0, top_of_ram - SECTOR / 2, SECTOR, true);
	dma_try("to the top of memory and on", READ_DMA, 1, table, true);
	prd_entry(table, 0, 0x10000000, 0, false); /* 0: 64 KiB */
	prd_entry(table, 1, 0x20000000, 0, true);
	dma_try("to 0x10000000+0x20000000", READ_DMA, 256, table, true);
	for (unsigned i = 0; i < 8192; i++)
		prd_entry(table, i, DMA_DATA + 0x8000, 2, false);
	dma_try("8192 PRDs, no end", READ_DMA, 64, table, true);
	prd_entry(table, 0, DMA_DATA + 0x8000, SECTOR, true);
	dma_try("PRDs end early", READ_DMA, 8, table, true);
	/* No WRITE DMA from outside memory reached the disk. */
	memset((void *)readback, 0, PATTERN_SECTORS * SECTOR);
	prd_entry(table, 0, readback, PATTERN_SECTORS * SECTOR, true);
	dma_try("to RAM (check)", READ_DMA, PATTERN_SECTORS, table, false);
	unchanged = pattern_at(readback, PATTERN_SECTORS);
	if (!unchanged)
		FAIL("dma: a refused WRITE DMA changed the disk");
	say("dma: %u refused as they must be, %u controls done", dma_refused, dma_controls);
	say("dma done: %u attempts, the disk %s; %u ms", dma_attempts,
	    unchanged ? "unchanged" : "CHANGED", ms_since(t0));
}

/* ---- the end ---- */

/* Every interrupt source this program knows of silenced, then hlt with
 * interrupts on (an interrupt that still comes is ended by irq_stub). */
static void idle(void)
{
	uint8_t b;

	outb(0x20, 0x11); /* both PICs initialized: vectors 0x20 and 0x28 */
	outb(0x21, 0x20);
	outb(0x21, 0x04);
	outb(0x21, 0x01);
	outb(0xa0, 0x11);
	outb(0xa1, 0x28);
	outb(0xa1, 0x02);
	outb(0xa1, 0x01);
	outb(0x21, 0xff); /* and all masked */
	outb(0xa1, 0xff);
	outb(0x43, 0x30); /* PIT channel 0: one count down, no more */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	outb(0x70, 0x0b); /* RTC: no periodic, alarm or update interrupts */
	b = inb(0x71);
	outb(0x70, 0x0b);
	outb(0x71, b & 0x8f);
	outb(0x70, 0x0c);
	(void)inb(0x71);
	for (;;)
		__asm__ __volatile__("sti; hlt; cli");
}

void hostile_main(void)
{
	uint64_t t0;

	idt_init();
	find_top_of_ram();
	say("start: %u E820 entries, RAM to 0x%x, memory to 0x%x", e820_count, e820_top,
	    top_of_ram);
	if (top_of_ram < 0x100000 || top_of_ram > OUTSIDE_LOW)
		FAIL("start: memory to 0x%x: not a 32 MiB guest", top_of_ram);
	phase_time();
	t0 = rdtsc();
	phase_pci();
	phase_ports();
	phase_mmio();
	phase_pci_config();
	phase_dma();
	say("done: %u failures, %u ms", failures, ms_since(t0));
	idle();
}
