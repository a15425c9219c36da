# `make install`: what dom0 needs, into the installed Xen's own directories
# (Debian's layout: /usr/lib/xen-X.Y/boot for images the toolstack loads;
# scripts/xen-libdir finds X.Y: the running hypervisor's, else the newest
# installed), and the example xl configurations into the documentation
# directory, naming the images where they were installed. DESTDIR stages an
# installation; XEN_LIBDIR=/usr/lib/xen-X.Y picks another Xen.
XEN_LIBDIR ?= $(shell scripts/xen-libdir)
DOCDIR ?= /usr/share/doc/xen-stubdom
INSTALL_IMAGES := pv-grub-x86_64 ioemu-stubdom
# Installed beside the images as they are.
INSTALL_FILES := $(BUILD)/ioemu-stubdom-rootfs
# The Xen directories the examples' paths are rewritten from: any Debian's.
XEN_LIBDIR_PATTERN := /usr/lib/xen-[0-9][0-9.]*/

install: $(patsubst %,$(BUILD)/%.gz,$(INSTALL_IMAGES)) $(INSTALL_FILES)
	@test -n "$(XEN_LIBDIR)" || { echo "install: no Xen directory (see above; or give XEN_LIBDIR=/usr/lib/xen-X.Y)"; exit 1; }
	install -d $(DESTDIR)$(XEN_LIBDIR)/boot $(DESTDIR)$(DOCDIR)/examples
	install -m 0644 $^ $(DESTDIR)$(XEN_LIBDIR)/boot/
	for cfg in examples/xl/*.cfg; do \
		sed 's|$(XEN_LIBDIR_PATTERN)|$(XEN_LIBDIR)/|g' $$cfg >$(DESTDIR)$(DOCDIR)/examples/$${cfg##*/} && \
		chmod 0644 $(DESTDIR)$(DOCDIR)/examples/$${cfg##*/} || exit 1; \
	done

# Stages an installation for each Xen the test bed runs (Debian 12's 4.17,
# Debian 13's 4.20) and checks that every file is where that Xen's
# toolstack and the installed examples expect it (part of `make test`).
INSTALL_CHECK_XEN := 4.17 4.20
install-check:
	@for v in $(INSTALL_CHECK_XEN); do \
		dest=$(abspath $(BUILD))/install-check/xen-$$v; rm -rf $$dest; \
		$(MAKE) --no-print-directory install DESTDIR=$$dest XEN_LIBDIR=/usr/lib/xen-$$v >/dev/null || exit 1; \
		for f in $(patsubst %,/usr/lib/xen-$$v/boot/%.gz,$(INSTALL_IMAGES)); do \
			gzip -t $$dest$$f || { echo "install-check: Xen $$v: $$f missing or damaged"; exit 1; }; \
		done; \
		for cfg in $$dest$(DOCDIR)/examples/*.cfg; do \
			for k in $$(sed -n 's/^\(kernel\|stubdomain_kernel\|stubdomain_ramdisk\) *= *"\(.*\)"/\2/p' $$cfg); do \
				[ -f $$dest$$k ] || \
					{ echo "install-check: Xen $$v: installed $${cfg##*/} names $$k, which make install does not provide"; exit 1; }; \
			done; \
		done; \
	done
	@echo "install-check: ok (Xen $(INSTALL_CHECK_XEN))"

.PHONY: install install-check
