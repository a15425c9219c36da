# The in-guest test of lib/net/ (lwIP over netfront: a DHCP lease from
# dom0, ping answered, files read over TFTP); its scenario is
# tests/xen/scenarios/iptest.sh.
IMAGES += iptest
iptest_DIR := tests/xen/images/iptest
