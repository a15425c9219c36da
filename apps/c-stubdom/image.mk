# The example stub domain users copy (apps/c-stubdom): `make c-stubdom`
# builds $(BUILD)/c-stubdom.gz. It uses libxenstore's API (library xc).
IMAGES += c-stubdom
c-stubdom_SRCS := $(wildcard apps/c-stubdom/*.c)
c-stubdom_LIBS := xc

c-stubdom: $(BUILD)/c-stubdom.gz
	@echo "built $(BUILD)/c-stubdom.gz"

.PHONY: c-stubdom
