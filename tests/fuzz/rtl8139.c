/*
 * libFuzzer harness: the RTL8139C+ card under a hostile guest: register
 * reads and writes of any size through its I/O and memory BARs, guest
 * memory (64 KiB; anything above faults) filled with any descriptors and
 * buffers, bus mastering on and off, frames arriving of any length and
 * content, and a link that takes frames, is full (-EAGAIN) or fails.
 * After each step: every frame (or large-send segment) the link got is
 * 14-1518 bytes; the C+
 * ring indices stay inside a ring; the C-mode slots waiting are slots;
 * the interrupt line the PCI function
 * shows is (ISR & IMR) != 0; a frame the card kept (-ENOBUFS) is only
 * refused that way, never taken twice. ASan catches any access outside
 * the card's buffers or the guest memory.
 */
#include "apps/ioemu/rtl8139.h"

#include "lib/errno.h"

#include <stdint.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { RAM = 65536, IO = 0xc000, MMIO = 0xf0000000u, DEVFN = 0x18 };

static uint8_t ram[RAM];
static int send_rc;

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
	return send_rc;
}

static const struct guest_memory mem = { ram_read, ram_write, NULL };
static const struct nic_link link = { NULL, link_send, NULL, NULL, NULL };
static const struct platform_ops ops = { 0 };

static void check(const struct rtl8139 *nic)
{
	uint16_t isr = (uint16_t)(nic->regs[0x3e] | nic->regs[0x3f] << 8);
	uint16_t imr = (uint16_t)(nic->regs[0x3c] | nic->regs[0x3d] << 8);

	if (nic->cp_tx_index >= RTL8139_CP_RING || nic->cp_rx_index >= RTL8139_CP_RING ||
	    nic->tx_waiting > 0xf || nic->tx_next >= RTL8139_TX_SLOTS ||
	    nic->frame_len > NIC_TSO_MAX_FRAME || nic->pci.intx_level != ((isr & imr) != 0))
		__builtin_trap();
}

static struct ioreq_req access(uint8_t how, unsigned reg, bool read, uint32_t value)
{
	static const unsigned sizes[4] = { 1, 2, 4, 8 };
	bool memory = how & 4;
	unsigned size = sizes[how & 3];
	struct ioreq_req r = { .type = memory ? IOREQ_TYPE_COPY : IOREQ_TYPE_PIO,
			       .read = read,
			       .size = memory ? size : (size > 4 ? 4 : size),
			       .count = 1,
			       .addr = (memory ? MMIO : IO) + reg,
			       .data = value | (uint64_t)value << 32 };
	return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct rtl8139 nic;
	static uint8_t frame[2048];
	static const uint8_t mac[6] = { 0x00, 0x16, 0x3e, 0x00, 0x00, 0x01 };
	struct io_bus io;
	struct pci_bus bus;
	size_t i = 0;

	memset(ram, 0, sizeof(ram));
	send_rc = 0;
	io_bus_init(&io, &mem);
	pci_bus_init(&bus, &io, &ops);
	if (rtl8139_init(&nic, mac, &mem, &ops, &link) < 0 ||
	    pci_bus_add(&bus, &nic.pci, DEVFN) < 0)
		__builtin_trap();
	pci_config_write(&bus, DEVFN, 0x10, 4, IO);
	pci_config_write(&bus, DEVFN, 0x14, 4, MMIO);
	pci_config_write(&bus, DEVFN, 4, 2,
			 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	while (i < size) {
		uint8_t op = data[i++];

		switch (op >> 5) {
		case 0: /* a register write: how, register, value */
		case 1:
			if (i + 6 > size)
				return 0;
			{
				uint32_t v = (uint32_t)data[i + 2] | (uint32_t)data[i + 3] << 8 |
					     (uint32_t)data[i + 4] << 16 |
					     (uint32_t)data[i + 5] << 24;
				struct ioreq_req r = access(data[i], data[i + 1], false, v);
				uint64_t result = 0;

				io_bus_dispatch(&io, &r, &result);
				i += 6;
			}
			break;
		case 2: /* a register read */
			if (i + 2 > size)
				return 0;
			{
				struct ioreq_req r = access(data[i], data[i + 1], true, 0);
				uint64_t result = 0;

				io_bus_dispatch(&io, &r, &result);
				i += 2;
			}
			break;
		case 3: /* guest memory: 16-bit address, length, bytes */
			if (i + 3 > size)
				return 0;
			{
				size_t at = (size_t)data[i] | (size_t)data[i + 1] << 8;
				size_t len = data[i + 2];

				i += 3;
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
				int rc;

				i += 2;
				memset(frame, 0, len);
				memcpy(frame, data + i, have);
				i += have;
				rc = rtl8139_receive(&nic, frame, len);
				if (rc != 0 && rc != -ENOBUFS && rc != -EMSGSIZE)
					__builtin_trap();
				if (rc == -EMSGSIZE && len >= NIC_MIN_FRAME && len <= NIC_MAX_FRAME)
					__builtin_trap();
			}
			break;
		case 5: /* the link's answer from now on */
			send_rc = op & 1 ? -EAGAIN : op & 2 ? -EIO : 0;
			break;
		case 6:
			rtl8139_tx_resume(&nic);
			break;
		default: /* the PCI command register */
			pci_config_write(&bus, DEVFN, 4, 2, op & 0x1f);
			break;
		}
		check(&nic);
	}
	return 0;
}
