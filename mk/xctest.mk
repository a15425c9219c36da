# In-guest test of the libxc subset and libxs (tests/xen/images/xctest).
IMAGES += xctest
xctest_DIR := tests/xen/images/xctest
