/*
 * The hostile guest's boot code (ioemu-hostile; see hostile.c for the
 * attack itself). One image, linked by hostile.ld to run from 0x7c00:
 * sector 0 is the MBR SeaBIOS loads and runs, the sectors after it are
 * stage 2, which the MBR loads to 0x7e00 with INT 13h AH=42h. The byte at
 * MBR offset 509 chooses what the guest is (the .host script sets it):
 *   'H' hostile: the BIOS's E820 map is kept for hostile.c, A20 is asked
 *       for, and the CPU goes to 32-bit protected mode with flat segments
 *       and calls hostile_main() with interrupts off;
 *   'B' heartbeat, the well-behaved second guest: in real mode, through
 *       the BIOS, about once a second (18 timer ticks, waiting in hlt with
 *       interrupts on) it reads a sector of its disk (LBA 256 + n mod 8,
 *       through SeaBIOS's IDE driver: the emulated controller of its own
 *       stub), checks its pattern (byte i of LBA l is (i + l) & 0xff xor
 *       0xa5) and prints "HEARTBEAT n ok" (or "HEARTBEAT n read error" /
 *       "HEARTBEAT n mismatch") on port 0xe9.
 * Also here: the 32-bit entry, the exception and interrupt stubs the IDT
 * of hostile.c points at.
 */
	.set	STACK16, 0x7c00
	.set	STACK32, 0x90000
	.set	HB_BUFFER_SEG, 0x1000	/* heartbeat's sector at 0x10000 */
	.set	PATTERN_LBA, 256
	.set	E820_MAX, 32
	.set	SMAP, 0x534d4150

	.section .mbr, "ax"
	.code16
	.globl	_start
_start:
	cli
	cld
	xor	%ax, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %ss
	mov	$STACK16, %sp
	ljmp	$0, $1f
1:	sti
	mov	%dl, boot_drive
	mov	$load_dap, %si
	mov	$0x42, %ah
	int	$0x13
	jc	1f
	jmp	stage2
1:	mov	$msg_load, %si
	call	puts16
2:	hlt
	jmp	2b

/* The NUL-terminated string at DS:SI to port 0xe9. */
	.globl	puts16
puts16:
	lodsb
	test	%al, %al
	jz	1f
	out	%al, $0xe9
	jmp	puts16
1:	ret

	.balign	4
load_dap:
	.byte	16, 0
	.word	stage2_sectors		/* hostile.ld */
	.word	0x7e00, 0
	.long	1, 0
	.globl	boot_drive
boot_drive:
	.byte	0
msg_load:
	.asciz	"HOSTILE FAIL the MBR cannot load stage 2\n"
	.org	509
	.globl	boot_mode
boot_mode:
	.byte	'H'
	.byte	0x55, 0xaa

	.section .text16, "ax"
	.code16
stage2:
	cmpb	$'B', boot_mode
	je	heartbeat
	call	read_e820
	mov	$0x2401, %ax		/* A20 on (Xen has no gate; QEMU has) */
	int	$0x15
	cli
	lgdt	gdt_desc
	mov	%cr0, %eax
	or	$1, %eax
	mov	%eax, %cr0
	ljmp	$0x08, $pm32

/* The BIOS's memory map into e820_map (24-byte entries), e820_count. */
read_e820:
	xor	%ebx, %ebx
	mov	$e820_map, %di
1:	mov	$0xe820, %eax
	mov	$SMAP, %edx
	mov	$24, %ecx
	movl	$1, 20(%di)
	int	$0x15
	jc	2f
	cmp	$SMAP, %eax
	jne	2f
	add	$24, %di
	incw	e820_count
	cmpw	$E820_MAX, e820_count
	jae	2f
	test	%ebx, %ebx
	jnz	1b
2:	ret

/* ---- heartbeat mode ---- */
heartbeat:
	sti
	mov	$msg_hb_start, %si
	call	puts16
hb_next:
	mov	0x46c, %eax		/* the BIOS's timer ticks (18.2 Hz) */
	add	$18, %eax
	mov	%eax, hb_due
hb_wait:
	hlt
	mov	0x46c, %eax
	sub	hb_due, %eax
	js	hb_wait
	mov	hb_count, %ax
	and	$7, %ax
	add	$PATTERN_LBA, %ax
	mov	%ax, hb_lba
	mov	$hb_dap, %si
	mov	boot_drive, %dl
	mov	$0x42, %ah
	int	$0x13
	jc	hb_error
	/* byte i of LBA l: (i + l) & 0xff xor 0xa5 */
	push	%ds
	mov	hb_lba, %dx
	mov	$HB_BUFFER_SEG, %ax
	mov	%ax, %ds
	xor	%si, %si
1:	mov	%si, %ax
	add	%dl, %al
	xor	$0xa5, %al
	cmp	(%si), %al
	jne	2f
	inc	%si
	cmp	$512, %si
	jb	1b
	pop	%ds
	mov	$msg_ok, %bx
	jmp	hb_report
2:	pop	%ds
	mov	$msg_mismatch, %bx
	jmp	hb_report
hb_error:
	mov	$msg_read_error, %bx
hb_report:
	mov	$msg_hb, %si
	call	puts16
	mov	hb_count, %ax
	call	putdec16
	mov	%bx, %si
	call	puts16
	incw	hb_count
	jmp	hb_next

/* %ax in decimal to port 0xe9. */
putdec16:
	push	%bx
	xor	%cx, %cx
	mov	$10, %bx
1:	xor	%dx, %dx
	div	%bx
	push	%dx
	inc	%cx
	test	%ax, %ax
	jnz	1b
2:	pop	%ax
	add	$'0', %al
	out	%al, $0xe9
	loop	2b
	pop	%bx
	ret

/* ---- 32-bit entry ---- */
	.code32
pm32:
	mov	$0x10, %ax
	mov	%ax, %ds
	mov	%ax, %es
	mov	%ax, %fs
	mov	%ax, %gs
	mov	%ax, %ss
	mov	$STACK32, %esp
	cld
	mov	$__bss_start, %edi
	mov	$__bss_end, %ecx
	sub	%edi, %ecx
	xor	%eax, %eax
	rep stosb
	call	hostile_main
1:	cli
	hlt
	jmp	1b

/* Exceptions 0-31: stub i at fault_stubs + 16 * i pushes i; the frame
 * hostile.c's fault_report() gets is: vector, [error code], eip, cs,
 * eflags. It reports and halts with interrupts off: Xen then takes the
 * vCPU down and, as it was the only one, powers the guest off. */
	.balign	16
	.globl	fault_stubs
fault_stubs:
	.set	vector, 0
	.rept	32
	.balign	16
	pushl	$vector
	jmp	fault_common
	.set	vector, vector + 1
	.endr
fault_common:
	push	%esp
	call	fault_report
1:	cli
	hlt
	jmp	1b

/* Any other vector: an end of interrupt to both PICs, and back. */
	.globl	irq_stub
irq_stub:
	push	%eax
	mov	$0x20, %al
	out	%al, $0xa0
	out	%al, $0x20
	pop	%eax
	iret

	.section .data
	.balign	8
gdt:
	.quad	0
	.quad	0x00cf9a000000ffff	/* 0x08: code, flat 4 GiB, 32-bit */
	.quad	0x00cf92000000ffff	/* 0x10: data, flat 4 GiB */
gdt_desc:
	.word	gdt_desc - gdt - 1
	.long	gdt
	.balign	4
	.globl	e820_map, e820_count
e820_count:
	.word	0, 0
e820_map:
	.fill	E820_MAX * 24, 1, 0
hb_due:
	.long	0
hb_count:
	.word	0
hb_dap:
	.byte	16, 0
	.word	1
	.word	0, HB_BUFFER_SEG
hb_lba:
	.long	0, 0
msg_hb_start:
	.asciz	"HEARTBEAT start\n"
msg_hb:
	.asciz	"HEARTBEAT "
msg_ok:
	.asciz	" ok\n"
msg_mismatch:
	.asciz	" mismatch\n"
msg_read_error:
	.asciz	" read error\n"

	.section .note.GNU-stack, "", @progbits
