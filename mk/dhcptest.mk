# The in-guest test of lib/net/ (lwIP over netfront: a DHCP lease from
# dom0, ping answered); its scenario is tests/xen/scenarios/dhcp.sh.
IMAGES += dhcptest
dhcptest_DIR := tests/xen/images/dhcptest
