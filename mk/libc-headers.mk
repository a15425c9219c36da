# Headers the stub domain C library adds to newlib's (lib/libc/include).
KERNEL_CFLAGS += -isystem lib/libc/include
