# Test image: one line per kernel service, from inside a stub domain (scenario selftest).
IMAGES += selftest
selftest_SRCS := $(wildcard tests/xen/images/selftest/*.c)
selftest_LIBS := 
