# Test image: the QMP monitor on a vchan, served to dom0's
# vchan-socket-proxy (scenario qmp).
IMAGES += qmptest
qmptest_SRCS := $(wildcard tests/xen/images/qmptest/*.c) apps/ioemu/qmp.c \
	apps/ioemu/qmp_stream.c apps/ioemu/qmp_vchan.c
qmptest_LIBS := json vchan xc
