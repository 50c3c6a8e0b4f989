; bios-marker.asm - BIOS boot sector that prints the pxelab boot marker and exits QEMU
;
; Loaded by the BIOS (or by iPXE's INT13 sanboot) at 0000:7c00 with DL = boot
; drive.  It relies on nothing but real mode, COM1, INT 10h and the BIOS tick:
;
;   1. prints CR LF "PXELAB-BOOT-OK" CR LF on COM1 (0x3f8, 115200 8N1, LSR
;      polling); the leading CR LF puts the marker on a line of its own even
;      when the firmware left a line unfinished
;   2. prints the same through INT 10h teletype (VGA, or SeaBIOS's serial
;      console when it is on: the serial log then holds the marker twice,
;      one whole line after the other, never interleaved), then waits two
;      timer ticks so the BIOS console can flush
;   3. writes 0x10 to port 0xf4: QEMU with -device isa-debug-exit,iobase=0xf4
;      exits with status (0x10 << 1) | 1 = 33
;   4. halts forever with interrupts off if QEMU did not exit
;
; The assembled sector is 512 bytes: code and data in the first 440 bytes
; (the Makefile copies only those over an MBR, so the disk signature and the
; partition table survive), zeroes up to byte 510, then the 0x55 0xAA
; signature (used as is by the partition-less tiny image).
;
; Build: nasm -f bin -o bios-marker.bin bios-marker.asm

bits 16
org 0x7c00

COM1            equ 0x3f8       ; UART base: THR/DLL (+0), IER/DLM (+1),
UART_IER        equ COM1 + 1    ; FCR (+2), LCR (+3), MCR (+4), LSR (+5)
UART_FCR        equ COM1 + 2
UART_LCR        equ COM1 + 3
UART_MCR        equ COM1 + 4
UART_LSR        equ COM1 + 5
LSR_THRE        equ 0x20        ; transmit holding register empty
UART_SPINS      equ 0xffff      ; LSR polls before writing anyway (no UART)
BDA_SEG         equ 0x0040      ; BIOS data area
BDA_TICKS       equ 0x006c      ; timer ticks since midnight (low word)
DRAIN_TICKS     equ 2           ; 2 tick edges: at least one whole tick
DEBUG_EXIT_PORT equ 0xf4
DEBUG_EXIT_CODE equ 0x10        ; QEMU exit status (0x10 << 1) | 1 = 33

start:
        cli
        xor     ax, ax
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     sp, 0x7c00      ; stack grows down below the boot sector
        sti
        cld
        jmp     0x0000:.flat    ; some BIOSes jump to 07c0:0000: make CS = 0
.flat:
        call    uart_init
        mov     si, marker
        call    print_serial
        mov     si, marker
        call    print_int10
        call    drain_console
        mov     al, DEBUG_EXIT_CODE
        out     DEBUG_EXIT_PORT, al
.halt:
        cli
        hlt
        jmp     .halt

; uart_init - program COM1 for 115200 baud, 8N1, FIFO on, no interrupts
; clobbers: AX, DX
uart_init:
        mov     dx, UART_IER
        xor     al, al
        out     dx, al          ; no UART interrupts
        mov     dx, UART_LCR
        mov     al, 0x80
        out     dx, al          ; DLAB = 1: divisor latch
        mov     dx, COM1
        mov     al, 1
        out     dx, al          ; DLL = 1: 115200 baud
        inc     dx
        xor     al, al
        out     dx, al          ; DLM = 0
        mov     dx, UART_LCR
        mov     al, 0x03
        out     dx, al          ; DLAB = 0, 8 data bits, no parity, 1 stop
        mov     dx, UART_FCR
        mov     al, 0x07
        out     dx, al          ; FIFO on, both FIFOs cleared
        mov     dx, UART_MCR
        mov     al, 0x03
        out     dx, al          ; DTR, RTS
        ret

; print_serial - write a NUL-terminated string to COM1
; in: DS:SI = string; clobbers: AX, CX, DX, SI
print_serial:
        lodsb
        test    al, al
        jz      .done
        mov     ah, al
        mov     cx, UART_SPINS
        mov     dx, UART_LSR
.wait:
        in      al, dx
        test    al, LSR_THRE
        jnz     .send
        loop    .wait           ; bounded: never hang on a missing UART
.send:
        mov     dx, COM1
        mov     al, ah
        out     dx, al
        jmp     print_serial
.done:
        ret

; drain_console - let the BIOS flush its console: wait for DRAIN_TICKS timer
; ticks (18.2 Hz BDA counter).  SeaBIOS's serial console holds the last
; teletype character back until its next timer event; without this wait the
; INT 10h copy of the marker would lose its tail when QEMU exits.
; clobbers: AX, CX, DS (restored to 0)
drain_console:
        mov     ax, BDA_SEG
        mov     ds, ax
        mov     cx, DRAIN_TICKS
        sti
.tick:
        mov     ax, [BDA_TICKS]
.wait:
        hlt                     ; the timer interrupt wakes us up
        cmp     ax, [BDA_TICKS]
        je      .wait
        loop    .tick
        xor     ax, ax
        mov     ds, ax
        ret

; print_int10 - write a NUL-terminated string through INT 10h AH=0Eh
; in: DS:SI = string; clobbers: AX, BX, SI (and whatever the BIOS may)
print_int10:
        lodsb
        test    al, al
        jz      .done
        push    si
        mov     ah, 0x0e        ; teletype output
        mov     bx, 0x0007      ; page 0, light grey
        int     0x10
        pop     si
        jmp     print_int10
.done:
        ret

marker: db 13, 10, "PXELAB-BOOT-OK", 13, 10, 0

%if ($ - $$) > 440
%error "boot code exceeds 440 bytes: it would overwrite the MBR disk signature and partition table"
%endif
        times 510 - ($ - $$) db 0
        dw 0xaa55
