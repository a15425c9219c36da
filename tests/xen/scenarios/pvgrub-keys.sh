# pvgrub-keys: PV-GRUB's menu on console 0 takes keys typed into the
# guest's console from dom0 (the pty xenconsoled gives it, as `xl console`
# uses it). Guest pvgrub-count is left alone: its countdown boots the
# default. pvgrub-keys: a down arrow and Enter boot entry 1. pvgrub-edit: a
# bad command at the grub> prompt is reported, Esc goes back, and the kernel
# line edited in the entry editor is what boots. pvgrub-cmd: an entry typed
# at the command line boots as entry -1. pvgrub-lock: the menu's password
# locks 'e' (a wrong one is refused) until 'p' takes it, and stays given
# when the menu comes back after a boot that failed; an entry's own
# password is asked before it boots; neither is echoed.
# pvgrub-guard: an entry's password is asked before it is edited, a wrong
# one keeps an entry with an MD5 password locked, and the failed default
# falls back past the entry with a password to the next one.
# pvgrub-off and pvgrub-reboot: xl shutdown and xl reboot end PV-GRUB at
# its menu (the domain shuts down; on_reboot is "preserve" here); before
# that, xl save of pvgrub-off fails (PV-GRUB cannot suspend) and leaves its
# menu working, and pvgrub-reboot's menu, under an MD5 password, refuses a
# wrong one and takes the right one.
# budget: 540
menu_guest() { # NAME MENU: a PV-GRUB guest on its own copy of the disk
	cp /testbed/data/pvgrub-keys/disk.img "/tmp/$1.img" || fail "cannot copy the disk for $1"
	create_guest "$1" <<CFG
kernel = "$PVGRUB"
memory = 64
disk = [ 'format=raw,vdev=xvda,access=ro,target=/tmp/$1.img' ]
extra = "(hd0,0)/boot/grub/$2"
CFG
}
# give_password NAME KEYS PASSWORD PROMPT THEN: KEYS make NAME's menu ask
# for a password, typed a second later with Enter; the prompt (PROMPT, a
# regular expression for its text before ": ") shows a star for each of
# its characters, and a line matching THEN follows.
give_password() {
	gp_pw=$3
	type_keys "$1" "$2"
	sleep 1
	type_keys "$1" "$gp_pw\r"
	expect_line "$1" "^$4: \*{${#gp_pw}}\$" 20 >/dev/null
	expect_line "$1" "$5" 20 >/dev/null
}
kernel='/boot/hello\.elf root=/dev/xvda1 ro'

step "countdown alone (runs while the other guests are typed at)"
menu_guest pvgrub-count countdown.lst

step "down arrow and Enter"
menu_guest pvgrub-keys menu.lst
expect_line pvgrub-keys "^ > 0: Debian GNU/Linux$" 60 >/dev/null
expect_line pvgrub-keys "^Booting 'Debian GNU/Linux' in [0-9]+ s$" 10 >/dev/null
type_keys pvgrub-keys '\033[B'
expect_line pvgrub-keys "^ > 1: Debian GNU/Linux \(recovery mode\)$" 20 >/dev/null
type_keys pvgrub-keys '\r'
expect_line pvgrub-keys "^Booting 'Debian GNU/Linux \(recovery mode\)'$" 20 >/dev/null
expect_line pvgrub-keys "^I pvgrub: boot entry 1: kernel $kernel single console=hvc0$" 10 >/dev/null
expect_line pvgrub-keys "^I pvgrub: boot entry 1: initrd /boot/initrd\.img-6\.1\.0-56-amd64$" 5 >/dev/null
expect_line pvgrub-keys "^hello: argument 3: single$" 30 >/dev/null
expect_shutdown pvgrub-keys poweroff 20

step "the countdown guest booted its default"
expect_line pvgrub-count "^ > 1: Debian GNU/Linux \(recovery mode\)$" 5 >/dev/null
expect_line pvgrub-count "^Booting 'Debian GNU/Linux \(recovery mode\)' in 2 s$" 5 >/dev/null
expect_line pvgrub-count "^Booting 'Debian GNU/Linux \(recovery mode\)' in 1 s$" 5 >/dev/null
expect_line pvgrub-count "^I pvgrub: boot entry 1: kernel $kernel single console=hvc0$" 10 >/dev/null
expect_line pvgrub-count "^hello: argument 3: single$" 30 >/dev/null
expect_shutdown pvgrub-count poweroff 20

step "command-line error, Esc, then the entry editor"
menu_guest pvgrub-edit menu.lst
expect_line pvgrub-edit "^ > 0: Debian GNU/Linux$" 60 >/dev/null
type_keys pvgrub-edit 'c'
expect_line pvgrub-edit "^grub> " 20 >/dev/null
type_keys pvgrub-edit 'frob\r'
expect_line pvgrub-edit "^Error: unknown command 'frob' ignored$" 20 >/dev/null
type_keys pvgrub-edit '\033'
sleep 1
type_keys pvgrub-edit 'e'
expect_line pvgrub-edit "^Editing entry 0 'Debian GNU/Linux': " 20 >/dev/null
type_keys pvgrub-edit '\033[B'
expect_line pvgrub-edit "^ > kernel $kernel console=hvc0$" 20 >/dev/null
type_keys pvgrub-edit 'e quiet\r'
expect_line pvgrub-edit "^ > kernel $kernel console=hvc0 quiet$" 20 >/dev/null
type_keys pvgrub-edit 'b'
expect_line pvgrub-edit "^Booting 'Debian GNU/Linux' \(edited\)$" 20 >/dev/null
expect_line pvgrub-edit "^I pvgrub: boot entry 0: kernel $kernel console=hvc0 quiet$" 10 >/dev/null
expect_line pvgrub-edit "^hello: argument 4: quiet$" 30 >/dev/null
expect_shutdown pvgrub-edit poweroff 20

step "an entry typed at the command line"
menu_guest pvgrub-cmd menu.lst
expect_line pvgrub-cmd "^ > 0: Debian GNU/Linux$" 60 >/dev/null
type_keys pvgrub-cmd 'c'
expect_line pvgrub-cmd "^grub> " 20 >/dev/null
type_keys pvgrub-cmd 'kernel (hd0,0)/boot/hello.elf a=b\r'
sleep 1
type_keys pvgrub-cmd 'boot\r'
expect_line pvgrub-cmd "^Booting the command-line entry$" 20 >/dev/null
expect_line pvgrub-cmd "^I pvgrub: boot entry -1: kernel \(hd0,0\)/boot/hello.elf a=b$" 10 >/dev/null
expect_line pvgrub-cmd "^hello: argument 1: a=b$" 30 >/dev/null
expect_shutdown pvgrub-cmd poweroff 20

step "passwords: the menu's locks 'e', the default entry's own is asked before it boots"
menu_guest pvgrub-lock locked.lst
expect_line pvgrub-lock "^PV-GRUB menu: up/down or a number selects, Enter boots, 'p' unlocks 'e' and 'c'$" 60 >/dev/null
type_keys pvgrub-lock 'enope\r'
expect_line pvgrub-lock "^Password: \*\*\*\*$" 20 >/dev/null
expect_line pvgrub-lock "^Error: wrong password$" 20 >/dev/null
type_keys pvgrub-lock 'ps3cret\r'
expect_line pvgrub-lock "^Unlocked: 'e' edits, 'c' gives a command line$" 20 >/dev/null
type_keys pvgrub-lock '2'
sleep 1
type_keys pvgrub-lock '\r'
expect_line pvgrub-lock "^I pvgrub: nothing was booted; back to the menu$" 30 >/dev/null
# The menu is back with its default selected, still unlocked.
type_keys pvgrub-lock 'e'
expect_line pvgrub-lock "^Editing entry 1 'Guarded': " 20 >/dev/null
[ "$(guest_log pvgrub-lock | grep -c '^Password: ')" = 2 ] ||
	fail "the menu came back locked after a failed boot: its password was asked again"
type_keys pvgrub-lock '\033'
sleep 1
give_password pvgrub-lock '\r' letmein "Password for 'Guarded'" "^Booting 'Guarded'$"
expect_line pvgrub-lock "^hello: argument 3: guarded$" 30 >/dev/null
expect_shutdown pvgrub-lock poweroff 20
if guest_log pvgrub-lock | grep -q -e s3cret -e letmein; then
	fail "a typed password reached the console"
fi
step "an entry's password before editing it, a wrong MD5 password refused, fallback passes a guarded entry"
menu_guest pvgrub-guard guarded.lst
expect_line pvgrub-guard "^ > 0: Broken$" 60 >/dev/null
type_keys pvgrub-guard '1'
expect_line pvgrub-guard "^ > 1: Guarded$" 20 >/dev/null
give_password pvgrub-guard e letmein "Password for 'Guarded'" "^Editing entry 1 'Guarded': "
type_keys pvgrub-guard '\033'
sleep 1
type_keys pvgrub-guard '3'
expect_line pvgrub-guard "^ > 3: Hashed$" 20 >/dev/null
give_password pvgrub-guard '\r' hash "Password for 'Hashed'" "^Error: wrong password$"
sleep 1
type_keys pvgrub-guard '0'
sleep 1
type_keys pvgrub-guard '\r'
expect_line pvgrub-guard "^E pvgrub: file not found: \(hd0,0\)/boot/missing\.elf$" 30 >/dev/null
expect_line pvgrub-guard "^I pvgrub: not falling back to entry 1: it has a password$" 10 >/dev/null
expect_line pvgrub-guard "^I pvgrub: falling back to entry 2$" 10 >/dev/null
expect_line pvgrub-guard "^hello: argument 3: plain$" 30 >/dev/null
expect_shutdown pvgrub-guard poweroff 20
if guest_log pvgrub-guard | grep -q -e letmein -e hashed; then
	fail "a typed password reached the console, or the MD5-locked entry booted"
fi

step "xl shutdown and xl reboot reach PV-GRUB while its menu waits"
menu_guest pvgrub-off menu.lst
menu_guest pvgrub-reboot hashed.lst
expect_line pvgrub-off "^ > 0: Debian GNU/Linux$" 60 >/dev/null
expect_line pvgrub-reboot "^ > 0: Debian GNU/Linux$" 60 >/dev/null
step "an MD5 password for the menu: a wrong one refused, the right one unlocks"
give_password pvgrub-reboot p md5pas Password "^Error: wrong password$"
give_password pvgrub-reboot p md5pass Password "^Unlocked: 'e' edits, 'c' gives a command line$"
if guest_log pvgrub-reboot | grep -q md5pas; then
	fail "a typed MD5 password reached the console"
fi
# PV-GRUB cannot be saved: xl save fails, and the menu goes on.
if xl_run /tmp/pvgrub-off-save.log save pvgrub-off /tmp/pvgrub-off.img; then
	fail "xl save of a domain in PV-GRUB succeeded"
fi
step "xl save failed as it should: $(grep -i 'error' /tmp/pvgrub-off-save.log | head -n 6 | tr '\n' '|')"
rm -f /tmp/pvgrub-off.img
xl_run /tmp/pvgrub-off.log shutdown pvgrub-off || fail "xl shutdown failed: $(tail -n 3 /tmp/pvgrub-off.log | tr '\n' ' ')"
xl_run /tmp/pvgrub-reboot.log reboot pvgrub-reboot || fail "xl reboot failed: $(tail -n 3 /tmp/pvgrub-reboot.log | tr '\n' ' ')"
expect_line pvgrub-off "^I shutdown: the toolstack asks for poweroff$" 20 >/dev/null
expect_line pvgrub-reboot "^I shutdown: the toolstack asks for reboot$" 20 >/dev/null
expect_shutdown pvgrub-off poweroff 20
expect_shutdown pvgrub-reboot poweroff 20
pass "keys typed into console 0 from dom0 drive the menu: down + Enter boots entry 1, an edited kernel line and a command-line entry boot (each kernel prints the command line it got), a bad command is reported; passwords lock editing and an entry and are not echoed, the menu's stays given after a failed boot, MD5 ones refuse a wrong password (an entry's) and take the right one (the menu's), fallback passes an entry with a password; xl save fails and leaves the menu working; xl shutdown and xl reboot reach the waiting menu; left alone, the countdown boots the default"
