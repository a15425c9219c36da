# Test image: newlib and zlib as a program uses them (scenario libc).
IMAGES += libc
libc_SRCS := $(wildcard tests/xen/images/libc/*.c)
libc_LIBS := 
