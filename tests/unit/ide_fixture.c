/* The IDE model's test bed (see ide_fixture.h). */
#include "tests/unit/ide_fixture.h"

#include "lib/errno.h"

#include <stdlib.h>
#include <string.h>

static const uint16_t command_ports[2] = { 0x1f0, 0x170 };

static struct ide_fixture *of(void *ctx)
{
	return ctx;
}

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct ide_fixture *fx = of(ctx);

	if (gpa > FX_RAM_BYTES || len > FX_RAM_BYTES - gpa)
		return -EFAULT;
	memcpy(buf, &fx->ram[gpa], len);
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	struct ide_fixture *fx = of(ctx);

	if (gpa > FX_RAM_BYTES || len > FX_RAM_BYTES - gpa)
		return -EFAULT;
	memcpy(&fx->ram[gpa], buf, len);
	return 0;
}

static int queue(struct ide_fixture *fx, struct fx_request r)
{
	if (fx->submit_result < 0)
		return fx->submit_result;
	if (fx->n_pending == FX_MAX_REQUESTS)
		abort(); /* the model keeps one request per channel in flight */
	fx->pending[fx->n_pending++] = r;
	return 0;
}

static int submit(void *ctx, int drive, uint64_t sector, uint32_t count, void *buf, bool write,
		  void *cookie)
{
	struct ide_fixture *fx = of(ctx);

	fx->submits++;
	if (drive < 0 || drive >= IDE_DRIVES || !count || sector > fx->disk_sectors[drive] ||
	    count > fx->disk_sectors[drive] - sector ||
	    (uint64_t)count * IDE_SECTOR_SIZE > IDE_BUFFER_BYTES)
		fx->out_of_range = true;
	return queue(fx, (struct fx_request){ drive, sector, count, buf, write, false, cookie });
}

static int flush(void *ctx, int drive, void *cookie)
{
	struct ide_fixture *fx = of(ctx);

	fx->flushes++;
	return queue(fx, (struct fx_request){ drive, 0, 0, NULL, false, true, cookie });
}

static uint64_t sectors(void *ctx, int drive)
{
	struct ide_fixture *fx = of(ctx);

	return drive >= 0 && drive < IDE_DRIVES ? fx->disk_sectors[drive] : 0;
}

static void set_irq(void *ctx, int irq, int level)
{
	struct ide_fixture *fx = of(ctx);

	if (irq >= 0 && irq < 16) {
		fx->irq[irq] = level;
		fx->irq_changes++;
	}
}

struct ide_fixture *fx_new(void)
{
	struct ide_fixture *fx = aligned_alloc(4096, (sizeof(*fx) + 4095) & ~(size_t)4095);

	if (!fx)
		abort();
	memset(fx, 0, sizeof(*fx));
	fx->ops = (struct ide_backend_ops){ submit, flush, sectors, set_irq, fx };
	fx->mem = (struct guest_memory){ ram_read, ram_write, fx };
	io_bus_init(&fx->bus, &fx->mem);
	ide_init(&fx->ide, &fx->ops, &fx->mem);
	if (ide_add_legacy_regions(&fx->ide, &fx->bus) < 0)
		abort();
	ide_bus_master_region(&fx->ide)->base = FX_BM_BASE;
	if (io_bus_add(&fx->bus, ide_bus_master_region(&fx->ide)) < 0)
		abort();
	return fx;
}

void fx_free(struct ide_fixture *fx)
{
	for (int i = 0; i < IDE_DRIVES; i++)
		free(fx->disk[i]);
	free(fx);
}

uint8_t fx_pattern(uint64_t sector, unsigned i)
{
	return (uint8_t)(sector * 7 + i / 2 + (i & 1) * 0x80);
}

void fx_attach(struct ide_fixture *fx, int drive, enum ide_media media, uint64_t n)
{
	/* larger disks are not kept: reads give the pattern, writes vanish */
	if (n && n <= FX_STORED_SECTORS) {
		fx->disk[drive] = malloc(n * IDE_SECTOR_SIZE);
		if (!fx->disk[drive])
			abort();
		for (uint64_t s = 0; s < n; s++)
			for (unsigned i = 0; i < IDE_SECTOR_SIZE; i++)
				fx->disk[drive][s * IDE_SECTOR_SIZE + i] = fx_pattern(s, i);
	}
	fx->disk_sectors[drive] = n;
	if (ide_attach(&fx->ide, drive, media, false) < 0)
		abort();
}

int fx_complete(struct ide_fixture *fx, unsigned index, int rc)
{
	struct fx_request r;

	if (index >= fx->n_pending)
		abort();
	r = fx->pending[index];
	memmove(&fx->pending[index], &fx->pending[index + 1],
		(fx->n_pending - index - 1) * sizeof(fx->pending[0]));
	fx->n_pending--;
	if (!rc && !r.flush && !fx->out_of_range) {
		size_t len = (size_t)r.count * IDE_SECTOR_SIZE;

		if (!fx->disk[r.drive]) {
			for (size_t i = 0; !r.write && i < len; i++)
				((uint8_t *)r.buf)[i] = fx_pattern(r.sector + i / IDE_SECTOR_SIZE,
								   i % IDE_SECTOR_SIZE);
		} else if (r.write) {
			memcpy(fx->disk[r.drive] + r.sector * IDE_SECTOR_SIZE, r.buf, len);
		} else {
			memcpy(r.buf, fx->disk[r.drive] + r.sector * IDE_SECTOR_SIZE, len);
		}
	}
	return ide_complete(&fx->ide, r.cookie, rc);
}

unsigned fx_complete_all(struct ide_fixture *fx)
{
	unsigned n = 0;

	while (fx->n_pending) {
		fx_complete(fx, 0, 0);
		n++;
	}
	return n;
}

static uint64_t access(struct ide_fixture *fx, uint16_t port, unsigned size, bool read,
		       uint64_t value)
{
	struct ioreq_req r = { .type = IOREQ_TYPE_PIO,
			       .read = read,
			       .size = size,
			       .count = 1,
			       .addr = port,
			       .data = value };
	uint64_t data = 0;

	if (io_bus_dispatch(&fx->bus, &r, &data) < 0)
		abort();
	return data;
}

uint32_t fx_in(struct ide_fixture *fx, uint16_t port, unsigned size)
{
	return (uint32_t)access(fx, port, size, true, 0);
}

void fx_out(struct ide_fixture *fx, uint16_t port, unsigned size, uint32_t value)
{
	access(fx, port, size, false, value);
}

static int rep(struct ide_fixture *fx, uint16_t port, uint64_t gpa, uint32_t words, bool read)
{
	while (words) {
		uint32_t n = words > IO_BUS_MAX_PTR_BYTES / 2 ? IO_BUS_MAX_PTR_BYTES / 2 : words;
		struct ioreq_req r = { .type = IOREQ_TYPE_PIO,
				       .read = read,
				       .data_is_ptr = true,
				       .size = 2,
				       .count = n,
				       .addr = port,
				       .data = gpa };
		uint64_t data = 0;
		int rc = io_bus_dispatch(&fx->bus, &r, &data);

		if (rc < 0)
			return rc;
		gpa += n * 2;
		words -= n;
	}
	return 0;
}

int fx_insw(struct ide_fixture *fx, uint16_t port, uint64_t gpa, uint32_t words)
{
	return rep(fx, port, gpa, words, true);
}

int fx_outsw(struct ide_fixture *fx, uint16_t port, uint64_t gpa, uint32_t words)
{
	return rep(fx, port, gpa, words, false);
}

uint16_t fx_base(int channel)
{
	return command_ports[channel & 1];
}

void fx_select(struct ide_fixture *fx, int channel, unsigned unit)
{
	fx_out(fx, fx_base(channel) + 6, 1, 0xe0 | (unit ? 0x10 : 0));
}

void fx_command_lba28(struct ide_fixture *fx, int channel, uint8_t command, uint32_t lba,
		      uint8_t count)
{
	uint16_t b = fx_base(channel);
	uint8_t unit = (uint8_t)(fx_in(fx, b + 6, 1) & 0x10);

	fx_out(fx, b + 2, 1, count);
	fx_out(fx, b + 3, 1, lba & 0xff);
	fx_out(fx, b + 4, 1, (lba >> 8) & 0xff);
	fx_out(fx, b + 5, 1, (lba >> 16) & 0xff);
	fx_out(fx, b + 6, 1, 0xe0 | unit | ((lba >> 24) & 0x0f));
	fx_out(fx, b + 7, 1, command);
}

void fx_command_lba48(struct ide_fixture *fx, int channel, uint8_t command, uint64_t lba,
		      uint16_t count)
{
	uint16_t b = fx_base(channel);
	uint8_t unit = (uint8_t)(fx_in(fx, b + 6, 1) & 0x10);

	fx_out(fx, b + 2, 1, count >> 8);
	fx_out(fx, b + 3, 1, (lba >> 24) & 0xff);
	fx_out(fx, b + 4, 1, (lba >> 32) & 0xff);
	fx_out(fx, b + 5, 1, (lba >> 40) & 0xff);
	fx_out(fx, b + 2, 1, count & 0xff);
	fx_out(fx, b + 3, 1, lba & 0xff);
	fx_out(fx, b + 4, 1, (lba >> 8) & 0xff);
	fx_out(fx, b + 5, 1, (lba >> 16) & 0xff);
	fx_out(fx, b + 6, 1, 0x40 | unit);
	fx_out(fx, b + 7, 1, command);
}

uint8_t fx_status(struct ide_fixture *fx, int channel)
{
	return (uint8_t)fx_in(fx, fx_base(channel) + 7, 1);
}
