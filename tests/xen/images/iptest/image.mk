# Test image: lwIP over netfront, a DHCP lease, files over TFTP (scenario iptest).
IMAGES += iptest
iptest_SRCS := $(wildcard tests/xen/images/iptest/*.c)
iptest_LIBS := net
