/* The shared runtime of the guest programs: see guest.h. */
#include "guest.h"

void uart_putc(int c)
{
    while ((mmio_read8(UART_BASE + UART_LSR) & UART_LSR_THRE) == 0) {
    }
    mmio_write8(UART_BASE + UART_THR, (uint8_t)c);
}

void uart_puts(const char *s)
{
    while (*s) {
        uart_putc(*s++);
    }
}

static const char HEX[] = "0123456789abcdef";

void put_hex(uint64_t v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        uart_putc(HEX[(v >> (i * 4)) & 0xf]);
    }
}

/* Prints buf[0..len) padded to width: on the left with pad, or on the right with spaces if pad is '-'. */
static void put_padded(const char *buf, int len, int width, char pad)
{
    if (pad != '-') {
        for (int i = len; i < width; i++) {
            uart_putc(pad);
        }
    }
    for (int i = 0; i < len; i++) {
        uart_putc(buf[i]);
    }
    if (pad == '-') {
        for (int i = len; i < width; i++) {
            uart_putc(' ');
        }
    }
}

static int fmt_udec(char *out, uint64_t v)
{
    char tmp[20];
    int n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    for (int i = 0; i < n; i++) {
        out[i] = tmp[n - 1 - i];
    }
    return n;
}

void put_udec(uint64_t v)
{
    char buf[20];
    put_padded(buf, fmt_udec(buf, v), 0, ' ');
}

void put_dec(int64_t v)
{
    if (v < 0) {
        uart_putc('-');
        put_udec(-(uint64_t)v);
    } else {
        put_udec((uint64_t)v);
    }
}

void gvprintf(const char *fmt, va_list ap)
{
    for (const char *p = fmt; *p; p++) {
        if (*p != '%') {
            uart_putc(*p);
            continue;
        }
        p++;
        char pad = ' ';
        int width = 0;
        int is_long = 0;
        if (*p == '-' || *p == '0') {
            pad = *p;
            p++;
        }
        while (*p >= '0' && *p <= '9') {
            width = width * 10 + (*p - '0');
            p++;
        }
        while (*p == 'l') {
            is_long = 1;
            p++;
        }
        char buf[24];
        int len = 0;
        switch (*p) {
        case 's': {
            const char *s = va_arg(ap, const char *);
            int n = 0;
            while (s[n]) {
                n++;
            }
            put_padded(s, n, width, pad == '-' ? '-' : ' ');
            break;
        }
        case 'c':
            buf[0] = (char)va_arg(ap, int);
            put_padded(buf, 1, width, pad);
            break;
        case 'd': {
            int64_t v = is_long ? va_arg(ap, int64_t) : va_arg(ap, int);
            uint64_t u = (uint64_t)v;
            if (v < 0) {
                buf[len++] = '-';
                u = -u;
            }
            len += fmt_udec(buf + len, u);
            put_padded(buf, len, width, pad);
            break;
        }
        case 'u': {
            uint64_t v = is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
            put_padded(buf, fmt_udec(buf, v), width, pad);
            break;
        }
        case 'x': {
            uint64_t v = is_long ? va_arg(ap, uint64_t) : va_arg(ap, unsigned int);
            char tmp[16];
            int n = 0;
            do {
                tmp[n++] = HEX[v & 0xf];
                v >>= 4;
            } while (v != 0);
            for (int i = 0; i < n; i++) {
                buf[i] = tmp[n - 1 - i];
            }
            put_padded(buf, n, width, pad);
            break;
        }
        case 'p':
            put_hex((uint64_t)va_arg(ap, void *), 16);
            break;
        case '%':
            uart_putc('%');
            break;
        case '\0':
            return;
        default:
            uart_putc('%');
            uart_putc(*p);
            break;
        }
    }
}

void gprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    gvprintf(fmt, ap);
    va_end(ap);
}

void guest_exit(int code)
{
#ifdef GUEST_PRINT_INSTRET
    /* Measurement builds only (build.sh MEASURE=1): the instruction count, not in the fixtures. */
    gprintf("[minstret %lu]\n", csr_read(minstret));
#endif
    uint32_t v = code == 0 ? FINISHER_PASS : (((uint32_t)code << 16) | FINISHER_FAIL);
    mmio_write32(FINISHER_BASE, v);
    for (;;) {
    }
}

void guest_unexpected_trap(uint64_t mcause, uint64_t mepc, uint64_t mtval)
{
    gprintf("unexpected trap: mcause=%lx mepc=%lx mtval=%lx\n", mcause, mepc, mtval);
}

void *memcpy(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if ((((uintptr_t)dp | (uintptr_t)sp | n) & 7) == 0) {
        uint64_t *d8 = d;
        const uint64_t *s8 = s;
        for (size_t i = 0; i < n / 8; i++) {
            d8[i] = s8[i];
        }
        return d;
    }
    for (size_t i = 0; i < n; i++) {
        dp[i] = sp[i];
    }
    return d;
}

void *memmove(void *d, const void *s, size_t n)
{
    uint8_t *dp = d;
    const uint8_t *sp = s;
    if (dp < sp) {
        for (size_t i = 0; i < n; i++) {
            dp[i] = sp[i];
        }
    } else {
        for (size_t i = n; i > 0; i--) {
            dp[i - 1] = sp[i - 1];
        }
    }
    return d;
}

void *memset(void *d, int c, size_t n)
{
    uint8_t *dp = d;
    for (size_t i = 0; i < n; i++) {
        dp[i] = (uint8_t)c;
    }
    return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const uint8_t *ap = a;
    const uint8_t *bp = b;
    for (size_t i = 0; i < n; i++) {
        if (ap[i] != bp[i]) {
            return ap[i] - bp[i];
        }
    }
    return 0;
}
