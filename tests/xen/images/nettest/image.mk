# Test image: netfront against Linux's netback over vif 0 (scenario nettest).
IMAGES += nettest
nettest_SRCS := $(wildcard tests/xen/images/nettest/*.c)
nettest_LIBS := 
