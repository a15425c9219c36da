# The dom0 helpers the test bed's scenarios use (built for the host, linked
# against Debian's Xen libraries, copied into the test bed's dom0 by
# tests/xen/run).
DOM0_TOOLS := gnt-read disk-pattern console-io qmp-client
DOM0_TOOL_BINS := $(foreach t,$(DOM0_TOOLS),$(BUILD)/dom0-tools/$(t))

$(BUILD)/dom0-tools/gnt-read: tests/xen/tools/gnt-read.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -D_DEFAULT_SOURCE -o $@ $< -lxengnttab

$(BUILD)/dom0-tools/disk-pattern: tests/xen/tools/disk-pattern.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -D_DEFAULT_SOURCE -o $@ $<

$(BUILD)/dom0-tools/console-io: tests/xen/tools/console-io.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -D_DEFAULT_SOURCE -o $@ $<

$(BUILD)/dom0-tools/qmp-client: tests/xen/tools/qmp-client.c
	@mkdir -p $(dir $@)
	@echo "  HOSTCC  $@"
	$(Q)$(HOSTCC) -std=c11 -O2 $(WARN) -D_GNU_SOURCE -o $@ $<

all: $(DOM0_TOOL_BINS)
