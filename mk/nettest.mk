# The in-guest netfront test image (ARP to dom0's bridge over vif 0); its
# scenario is tests/xen/scenarios/nettest.sh.
IMAGES += nettest
nettest_DIR := tests/xen/images/nettest
