# Test image: the libxc subset and libxenstore as programs call them (scenario xctest).
IMAGES += xctest
xctest_SRCS := $(wildcard tests/xen/images/xctest/*.c)
xctest_LIBS := xc
