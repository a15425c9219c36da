# Headers the stub domain C library adds to newlib's (sys/libc/include).
KERNEL_CFLAGS += -isystem sys/libc/include
