/*
 * <sys/uio.h> for Xen's libxenvchan (mk/libvchan.mk): it includes the
 * header but uses nothing of it in the unikernel (no ioctl devices, no
 * user-space page constants, no vectored I/O). Empty on purpose; only the
 * vchan library's sources see this directory.
 */
