/*
 * <xendevicemodel.h> for stub domains: each call is one dm_op hypercall
 * on the target domain with the operation's structure (plus an array
 * buffer for the calls that take one).
 */
#define LOG_TAG "xendevicemodel"
#include "arch/x86_64/hypercall.h"
#include "kernel/log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <xendevicemodel.h>

struct xendevicemodel_handle {
	int unused;
};

static int dm_op(domid_t domid, struct xen_dm_op *op, void *extra, size_t extra_size)
{
	struct xen_dm_op_buf bufs[2];
	unsigned n = 1;
	long rc;

	set_xen_guest_handle(bufs[0].h, op);
	bufs[0].size = sizeof(*op);
	if (extra) {
		set_xen_guest_handle(bufs[1].h, extra);
		bufs[1].size = extra_size;
		n = 2;
	}
	rc = hyp_dm_op(domid, n, bufs);
	if (rc < 0) {
		errno = (int)-rc;
		return -1;
	}
	return 0;
}

xendevicemodel_handle *xendevicemodel_open(struct xentoollog_logger *logger,
					   unsigned int open_flags)
{
	return calloc(1, sizeof(struct xendevicemodel_handle));
}

int xendevicemodel_close(xendevicemodel_handle *dmod)
{
	free(dmod);
	return 0;
}

int xendevicemodel_create_ioreq_server(xendevicemodel_handle *dmod, domid_t domid,
				       int handle_bufioreq, ioservid_t *id)
{
	struct xen_dm_op op = { .op = XEN_DMOP_create_ioreq_server };

	op.u.create_ioreq_server.handle_bufioreq = (uint8_t)handle_bufioreq;
	if (dm_op(domid, &op, NULL, 0) < 0)
		return -1;
	*id = op.u.create_ioreq_server.id;
	return 0;
}

int xendevicemodel_get_ioreq_server_info(xendevicemodel_handle *dmod, domid_t domid, ioservid_t id,
					 xen_pfn_t *ioreq_gfn, xen_pfn_t *bufioreq_gfn,
					 evtchn_port_t *bufioreq_port)
{
	struct xen_dm_op op = { .op = XEN_DMOP_get_ioreq_server_info };

	op.u.get_ioreq_server_info.id = id;
	if (!ioreq_gfn && !bufioreq_gfn)
		op.u.get_ioreq_server_info.flags = XEN_DMOP_no_gfns;
	if (dm_op(domid, &op, NULL, 0) < 0)
		return -1;
	if (ioreq_gfn)
		*ioreq_gfn = op.u.get_ioreq_server_info.ioreq_gfn;
	if (bufioreq_gfn)
		*bufioreq_gfn = op.u.get_ioreq_server_info.bufioreq_gfn;
	if (bufioreq_port)
		*bufioreq_port = op.u.get_ioreq_server_info.bufioreq_port;
	return 0;
}

static int io_range(domid_t domid, uint32_t cmd, ioservid_t id, uint32_t type, uint64_t start,
		    uint64_t end)
{
	struct xen_dm_op op = { .op = cmd };

	op.u.map_io_range_to_ioreq_server.id = id;
	op.u.map_io_range_to_ioreq_server.type = type;
	op.u.map_io_range_to_ioreq_server.start = start;
	op.u.map_io_range_to_ioreq_server.end = end;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_map_io_range_to_ioreq_server(xendevicemodel_handle *dmod, domid_t domid,
						ioservid_t id, int is_mmio, uint64_t start,
						uint64_t end)
{
	return io_range(domid, XEN_DMOP_map_io_range_to_ioreq_server, id,
			is_mmio ? XEN_DMOP_IO_RANGE_MEMORY : XEN_DMOP_IO_RANGE_PORT, start, end);
}

int xendevicemodel_unmap_io_range_from_ioreq_server(xendevicemodel_handle *dmod, domid_t domid,
						    ioservid_t id, int is_mmio, uint64_t start,
						    uint64_t end)
{
	return io_range(domid, XEN_DMOP_unmap_io_range_from_ioreq_server, id,
			is_mmio ? XEN_DMOP_IO_RANGE_MEMORY : XEN_DMOP_IO_RANGE_PORT, start, end);
}

int xendevicemodel_map_pcidev_to_ioreq_server(xendevicemodel_handle *dmod, domid_t domid,
					      ioservid_t id, uint16_t segment, uint8_t bus,
					      uint8_t device, uint8_t function)
{
	uint64_t sbdf = XEN_DMOP_PCI_SBDF(segment, bus, device, function);

	return io_range(domid, XEN_DMOP_map_io_range_to_ioreq_server, id, XEN_DMOP_IO_RANGE_PCI,
			sbdf, sbdf);
}

int xendevicemodel_unmap_pcidev_from_ioreq_server(xendevicemodel_handle *dmod, domid_t domid,
						  ioservid_t id, uint16_t segment, uint8_t bus,
						  uint8_t device, uint8_t function)
{
	uint64_t sbdf = XEN_DMOP_PCI_SBDF(segment, bus, device, function);

	return io_range(domid, XEN_DMOP_unmap_io_range_from_ioreq_server, id, XEN_DMOP_IO_RANGE_PCI,
			sbdf, sbdf);
}

int xendevicemodel_destroy_ioreq_server(xendevicemodel_handle *dmod, domid_t domid, ioservid_t id)
{
	struct xen_dm_op op = { .op = XEN_DMOP_destroy_ioreq_server };

	op.u.destroy_ioreq_server.id = id;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_set_ioreq_server_state(xendevicemodel_handle *dmod, domid_t domid, ioservid_t id,
					  int enabled)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_ioreq_server_state };

	op.u.set_ioreq_server_state.id = id;
	op.u.set_ioreq_server_state.enabled = !!enabled;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_set_pci_intx_level(xendevicemodel_handle *dmod, domid_t domid, uint16_t segment,
				      uint8_t bus, uint8_t device, uint8_t intx, unsigned int level)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_pci_intx_level };

	op.u.set_pci_intx_level.domain = segment;
	op.u.set_pci_intx_level.bus = bus;
	op.u.set_pci_intx_level.device = device;
	op.u.set_pci_intx_level.intx = intx;
	op.u.set_pci_intx_level.level = (uint8_t)level;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_set_isa_irq_level(xendevicemodel_handle *dmod, domid_t domid, uint8_t irq,
				     unsigned int level)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_isa_irq_level };

	op.u.set_isa_irq_level.isa_irq = irq;
	op.u.set_isa_irq_level.level = (uint8_t)level;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_set_irq_level(xendevicemodel_handle *dmod, domid_t domid, unsigned int irq,
				 unsigned int level)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_irq_level };

	op.u.set_irq_level.irq = irq;
	op.u.set_irq_level.level = (uint8_t)level;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_set_pci_link_route(xendevicemodel_handle *dmod, domid_t domid, uint8_t link,
				      uint8_t irq)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_pci_link_route };

	op.u.set_pci_link_route.link = link;
	op.u.set_pci_link_route.isa_irq = irq;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_inject_msi(xendevicemodel_handle *dmod, domid_t domid, uint64_t msi_addr,
			      uint32_t msi_data)
{
	struct xen_dm_op op = { .op = XEN_DMOP_inject_msi };

	op.u.inject_msi.addr = msi_addr;
	op.u.inject_msi.data = msi_data;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_track_dirty_vram(xendevicemodel_handle *dmod, domid_t domid, uint64_t first_pfn,
				    uint32_t nr, unsigned long *dirty_bitmap)
{
	struct xen_dm_op op = { .op = XEN_DMOP_track_dirty_vram };

	op.u.track_dirty_vram.first_pfn = first_pfn;
	op.u.track_dirty_vram.nr = nr;
	return dm_op(domid, &op, dirty_bitmap, ((size_t)nr + 63) / 64 * 8);
}

int xendevicemodel_modified_memory_bulk(xendevicemodel_handle *dmod, domid_t domid,
					struct xen_dm_op_modified_memory_extent *extents,
					uint32_t nr)
{
	struct xen_dm_op op = { .op = XEN_DMOP_modified_memory };

	op.u.modified_memory.nr_extents = nr;
	return dm_op(domid, &op, extents, nr * sizeof(*extents));
}

int xendevicemodel_modified_memory(xendevicemodel_handle *dmod, domid_t domid, uint64_t first_pfn,
				   uint32_t nr)
{
	struct xen_dm_op_modified_memory_extent extent = { .nr = nr, .first_pfn = first_pfn };

	return xendevicemodel_modified_memory_bulk(dmod, domid, &extent, 1);
}

int xendevicemodel_set_mem_type(xendevicemodel_handle *dmod, domid_t domid, hvmmem_type_t mem_type,
				uint64_t first_pfn, uint32_t nr)
{
	struct xen_dm_op op = { .op = XEN_DMOP_set_mem_type };

	op.u.set_mem_type.mem_type = (uint16_t)mem_type;
	op.u.set_mem_type.first_pfn = first_pfn;
	op.u.set_mem_type.nr = nr;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_inject_event(xendevicemodel_handle *dmod, domid_t domid, int vcpu,
				uint8_t vector, uint8_t type, uint32_t error_code, uint8_t insn_len,
				uint64_t extra)
{
	struct xen_dm_op op = { .op = XEN_DMOP_inject_event };

	op.u.inject_event.vcpuid = (uint32_t)vcpu;
	op.u.inject_event.vector = vector;
	op.u.inject_event.type = type;
	op.u.inject_event.error_code = error_code;
	op.u.inject_event.insn_len = insn_len;
	op.u.inject_event.cr2 = extra;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_shutdown(xendevicemodel_handle *dmod, domid_t domid, unsigned int reason)
{
	struct xen_dm_op op = { .op = XEN_DMOP_remote_shutdown };

	op.u.remote_shutdown.reason = reason;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_relocate_memory(xendevicemodel_handle *dmod, domid_t domid, uint32_t size,
				   uint64_t src_gfn, uint64_t dst_gfn)
{
	struct xen_dm_op op = { .op = XEN_DMOP_relocate_memory };

	op.u.relocate_memory.size = size;
	op.u.relocate_memory.src_gfn = src_gfn;
	op.u.relocate_memory.dst_gfn = dst_gfn;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_pin_memory_cacheattr(xendevicemodel_handle *dmod, domid_t domid, uint64_t start,
					uint64_t end, uint32_t type)
{
	struct xen_dm_op op = { .op = XEN_DMOP_pin_memory_cacheattr };

	op.u.pin_memory_cacheattr.start = start;
	op.u.pin_memory_cacheattr.end = end;
	op.u.pin_memory_cacheattr.type = type;
	return dm_op(domid, &op, NULL, 0);
}

int xendevicemodel_nr_vcpus(xendevicemodel_handle *dmod, domid_t domid, unsigned int *vcpus)
{
	struct xen_dm_op op = { .op = XEN_DMOP_nr_vcpus };

	if (dm_op(domid, &op, NULL, 0) < 0)
		return -1;
	*vcpus = op.u.nr_vcpus.vcpus;
	return 0;
}

int xendevicemodel_restrict(xendevicemodel_handle *dmod, domid_t domid)
{
	return 0; /* a stub domain's privilege is already limited to its target */
}
