# Test image: faults the kernel must report (scenarios crash, wx, nx, exit-status).
IMAGES += faults
faults_SRCS := $(wildcard tests/xen/images/faults/*.c)
faults_LIBS := 
