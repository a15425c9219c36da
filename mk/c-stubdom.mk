# The example stub domain users copy (apps/c-stubdom): `make c-stubdom`
# builds $(BUILD)/c-stubdom.gz.
IMAGES += c-stubdom
c-stubdom_DIR := apps/c-stubdom

c-stubdom: $(BUILD)/c-stubdom.gz
	@echo "built $(BUILD)/c-stubdom.gz"

.PHONY: c-stubdom
