/*
 * The small runtime shared by the guest programs: the 16550 UART at 0x10000000, QEMU virt's test
 * finisher (sifive_test) at 0x100000, printing of strings and numbers, and the few memory routines
 * the compiler may call. Freestanding: no C library.
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdint.h>
#include <stddef.h>
#include <stdarg.h>

#define UART_BASE   0x10000000UL
#define UART_THR    0
#define UART_LSR    5
#define UART_LSR_THRE 0x20

#define FINISHER_BASE 0x100000UL
#define FINISHER_PASS 0x5555u
#define FINISHER_FAIL 0x3333u

/* MMIO accessors: volatile, one access of the named width each. */
static inline uint8_t  mmio_read8(uintptr_t a)  { return *(volatile uint8_t *)a; }
static inline uint16_t mmio_read16(uintptr_t a) { return *(volatile uint16_t *)a; }
static inline uint32_t mmio_read32(uintptr_t a) { return *(volatile uint32_t *)a; }
static inline uint64_t mmio_read64(uintptr_t a) { return *(volatile uint64_t *)a; }
static inline void mmio_write8(uintptr_t a, uint8_t v)   { *(volatile uint8_t *)a = v; }
static inline void mmio_write16(uintptr_t a, uint16_t v) { *(volatile uint16_t *)a = v; }
static inline void mmio_write32(uintptr_t a, uint32_t v) { *(volatile uint32_t *)a = v; }
static inline void mmio_write64(uintptr_t a, uint64_t v) { *(volatile uint64_t *)a = v; }

#define csr_read(csr) ({ uint64_t v__; __asm__ volatile ("csrr %0, " #csr : "=r"(v__)); v__; })
#define csr_write(csr, v) __asm__ volatile ("csrw " #csr ", %0" :: "r"((uint64_t)(v)))

/* Sends one byte: waits for THRE in LSR, then writes THR. */
void uart_putc(int c);
/* Sends a NUL-terminated string. */
void uart_puts(const char *s);
/* Prints v as exactly `digits` hex digits (1..16), lower case, no prefix. */
void put_hex(uint64_t v, int digits);
/* Prints v in decimal. */
void put_udec(uint64_t v);
void put_dec(int64_t v);
/*
 * A small printf: %s %c %d %u %x %% with optional 'l' (ignored: every integer argument is read as
 * 64 bits when 'l' is given, 32 bits otherwise), a '0' or '-' (left-justify) flag and a width. %p prints 16 hex digits.
 */
void gprintf(const char *fmt, ...);
void gvprintf(const char *fmt, va_list ap);
/* Ends the run through the test finisher: 0 = pass, else exit status `code` (1..0xffff). */
void guest_exit(int code) __attribute__((noreturn));
/* Called by the default trap handler: prints the trap. */
void guest_unexpected_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval);

void *memcpy(void *d, const void *s, size_t n);
void *memmove(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

#endif
