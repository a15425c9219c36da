/*
 * libFuzzer harness: the 82540EM card under a hostile guest: register
 * reads and writes of any size at any offset of its memory BAR and of its
 * I/O window, guest memory (64 KiB; anything above faults) filled with any
 * descriptors, contexts and buffers, bus mastering on and off, resets,
 * frames arriving of any length and content, and a link that takes
 * frames (at most 64 between two steps, then it is full), is full
 * (-EAGAIN) or fails. After each step: every frame the link got is
 * 14-1518 bytes and was counted once as sent; the frame being gathered
 * fits its buffer and a frame waiting has segments left; the interrupt
 * line the PCI function shows is (ICR & IMS) != 0; a frame the card kept
 * (-ENOBUFS) was not taken: RDH and the counts did not move. ASan catches
 * any access outside the card's buffers or the guest memory.
 */
#include "apps/ioemu/e1000.h"

#include "lib/errno.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { RAM = 65536, IO = 0xc000, MMIO = 0xf0000000u, DEVFN = 0x18, SENDS_PER_STEP = 64 };

static uint8_t ram[RAM];
static int send_rc;
static unsigned sends_left;
static uint64_t taken;

static int ram_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	(void)ctx;
	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(buf, ram + gpa, len);
	return 0;
}

static int ram_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	(void)ctx;
	if (gpa > RAM || len > RAM - gpa)
		return -EFAULT;
	memcpy(ram + gpa, buf, len);
	return 0;
}

static int link_send(void *ctx, const uint8_t *frame, size_t len)
{
	(void)ctx;
	if (len < NIC_MIN_FRAME || len > NIC_MAX_FRAME)
		__builtin_trap();
	volatile uint8_t sink = frame[0] ^ frame[len - 1];
	(void)sink;
	if (send_rc)
		return send_rc;
	if (sends_left == 0)
		return -EAGAIN;
	sends_left--;
	taken++;
	return 0;
}

static const struct guest_memory mem = { ram_read, ram_write, NULL };
static const struct nic_link link = { NULL, link_send, NULL, NULL, NULL };
static const struct platform_ops ops = { 0 };

static void check(const struct e1000 *nic)
{
	uint32_t icr = nic->regs[0xc0 / 4], ims = nic->regs[0xd0 / 4];

	if (nic->tx_len > sizeof(nic->tx_frame) || (nic->tx_waiting && nic->tx_in_frame) ||
	    nic->stats.tx_frames != taken || nic->pci.intx_level != ((icr & ims) != 0) ||
	    nic->tx_busy)
		__builtin_trap();
}

static struct ioreq_req access(uint8_t how, unsigned reg, bool read, uint32_t value)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	bool io = how & 4;
	unsigned size = sizes[how & 3];
	struct ioreq_req r = { .type = io ? IOREQ_TYPE_PIO : IOREQ_TYPE_COPY,
			       .read = read,
			       .size = io ? (size > 4 ? 4 : size) : size,
			       .count = 1,
			       .addr = io ? IO + (reg & (E1000_IO_BYTES - 1))
					  : MMIO + (reg | (how & 8 ? 0x10000u : 0)),
			       .data = value | (uint64_t)value << 32 };
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct e1000 nic;
	static uint8_t frame[2048];
	static const uint8_t mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
	struct io_bus io;
	struct pci_bus bus;
	size_t i = 0;

	memset(ram, 0, sizeof(ram));
	send_rc = 0;
	taken = 0;
	io_bus_init(&io, &mem);
	pci_bus_init(&bus, &io, &ops);
	if (e1000_init(&nic, mac, &mem, &ops, &link) < 0 || pci_bus_add(&bus, &nic.pci, DEVFN) < 0)
		__builtin_trap();
	pci_config_write(&bus, DEVFN, 0x10, 4, MMIO);
	pci_config_write(&bus, DEVFN, 0x14, 4, IO);
	pci_config_write(&bus, DEVFN, 4, 2,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	while (i < size) {
		uint8_t op = data[i++];

		sends_left = SENDS_PER_STEP;
		switch (op >> 5) {
		case 0: /* a register write: how, register (16 bits), value */
		case 1:
			if (i + 7 > size)
				return 0;
			{
				uint32_t v = (uint32_t)data[i + 3] | (uint32_t)data[i + 4] << 8 |
					     (uint32_t)data[i + 5] << 16 |
					     (uint32_t)data[i + 6] << 24;
				struct ioreq_req r =
					access(data[i], (unsigned)(data[i + 1] | data[i + 2] << 8),
					       false, v);
				uint64_t result = 0;

				io_bus_dispatch(&io, &r, &result);
				i += 7;
			}
			break;
		case 2: /* a register read */
			if (i + 3 > size)
				return 0;
			{
				struct ioreq_req r =
					access(data[i], (unsigned)(data[i + 1] | data[i + 2] << 8),
					       true, 0);
				uint64_t result = 0;

				io_bus_dispatch(&io, &r, &result);
				i += 3;
			}
			break;
		case 3: /* guest memory: 16-bit address, 16-bit length, bytes */
			if (i + 4 > size)
				return 0;
			{
				size_t at = (size_t)data[i] | (size_t)data[i + 1] << 8;
				size_t len = (size_t)data[i + 2] | (size_t)data[i + 3] << 8;

				i += 4;
				if (len > size - i)
					len = size - i;
				if (len > RAM - at)
					len = RAM - at;
				memcpy(ram + at, data + i, len);
				i += len;
			}
			break;
		case 4: /* a frame arrives: 16-bit length, its bytes (zeros past the input) */
			if (i + 2 > size)
				return 0;
			{
				size_t len = ((size_t)data[i] | (size_t)data[i + 1] << 8) %
					     sizeof(frame);
				size_t have = size - i - 2 < len ? size - i - 2 : len;
				uint32_t rdh = nic.regs[0x2810 / 4];
				uint64_t frames = nic.stats.rx_frames,
					 dropped = nic.stats.rx_dropped;
				int rc;

				i += 2;
				memset(frame, 0, len);
				memcpy(frame, data + i, have);
				i += have;
				rc = e1000_receive(&nic, frame, len);
				if (rc != 0 && rc != -ENOBUFS && rc != -EMSGSIZE)
					__builtin_trap();
				if (rc == -EMSGSIZE && len >= NIC_MIN_FRAME && len <= NIC_MAX_FRAME)
					__builtin_trap();
				if (rc == -ENOBUFS &&
				    (nic.regs[0x2810 / 4] != rdh || nic.stats.rx_frames != frames ||
				     nic.stats.rx_dropped != dropped))
					__builtin_trap();
			}
			break;
		case 5: /* the link's answer from now on */
			send_rc = op & 1 ? -EAGAIN : op & 2 ? -EIO : 0;
			break;
		case 6:
			if (op & 1)
				e1000_reset(&nic);
			else
				e1000_tx_resume(&nic);
			break;
		default: /* the PCI command register */
			pci_config_write(&bus, DEVFN, 4, 2, op & 0x1f);
			break;
		}
		check(&nic);
	}
	return 0;
}
