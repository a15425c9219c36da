# `make install`: what dom0 needs, into Xen's own directories (Debian's
# layout: /usr/lib/xen-<version>/boot for images the toolstack loads), and
# the example xl configurations into the documentation directory.
# DESTDIR stages an installation; XEN_LIBDIR picks another Xen.
XEN_LIBDIR ?= $(or $(lastword $(sort $(wildcard /usr/lib/xen-4.*))),/usr/lib/xen-4.17)
DOCDIR ?= /usr/share/doc/xen-stubdom
INSTALL_IMAGES := pv-grub-x86_64

install: $(patsubst %,$(BUILD)/%.gz,$(INSTALL_IMAGES))
	install -d $(DESTDIR)$(XEN_LIBDIR)/boot $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 $^ $(DESTDIR)$(XEN_LIBDIR)/boot/
	install -m 0644 examples/xl/*.cfg $(DESTDIR)$(DOCDIR)/examples/

# Stages an installation and checks that every file is where Xen's
# toolstack and the examples expect it (part of `make test`).
install-check:
	rm -rf $(BUILD)/install-check
	$(MAKE) --no-print-directory install DESTDIR=$(abspath $(BUILD))/install-check \
		XEN_LIBDIR=/usr/lib/xen-4.17 >/dev/null
	@for f in $(patsubst %,/usr/lib/xen-4.17/boot/%.gz,$(INSTALL_IMAGES)); do \
		gzip -t $(BUILD)/install-check$$f || { echo "install-check: $$f missing or damaged"; exit 1; }; \
	done
	@for cfg in examples/xl/*.cfg; do \
		k=$$(sed -n 's/^kernel *= *"\(.*\)"/\1/p' $$cfg); \
		[ -z "$$k" ] || [ -f $(BUILD)/install-check$$k ] || \
			{ echo "install-check: $$cfg names $$k, which make install does not provide"; exit 1; }; \
	done
	@echo "install-check: ok"

.PHONY: install install-check
