/*
 * memkern: a memory-heavy kernel over a few MiB of RAM, the workload of the hart benchmark. Fills
 * FILL_BYTES with a 64-bit LCG, copies them, makes a strided read-modify-write pass that touches the
 * pages out of order, then sorts SORT_BYTES of 32-bit keys twice (LSD radix sort and heap sort),
 * checks that both sorts agree and are ordered, and prints a checksum after every step. The sizes are
 * compile-time constants; with the defaults a run is about a hundred million instructions (see the
 * fixtures README for the measured count).
 */
#include "guest.h"

#ifndef FILL_BYTES
#define FILL_BYTES (4UL << 20) /* 4 MiB */
#endif
#ifndef SORT_BYTES
#define SORT_BYTES (1UL << 20) /* 1 MiB of 32-bit keys */
#endif
#define STRIDE 4104UL /* a page and a doubleword: every step lands on another page */

#define FILL_WORDS (FILL_BYTES / 8)
#define SORT_KEYS (SORT_BYTES / 4)

extern char __heap_start[];

static uint64_t checksum64(const uint64_t *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15UL;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3UL;
        h ^= h >> 29;
    }
    return h;
}

static uint64_t checksum32(const uint32_t *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15UL;
    for (size_t i = 0; i < n; i++) {
        h = (h ^ p[i]) * 0x100000001b3UL;
        h ^= h >> 29;
    }
    return h;
}

static void radix_sort(uint32_t *keys, uint32_t *tmp, size_t n)
{
    static size_t count[256];
    for (int shift = 0; shift < 32; shift += 8) {
        for (int b = 0; b < 256; b++) {
            count[b] = 0;
        }
        for (size_t i = 0; i < n; i++) {
            count[(keys[i] >> shift) & 0xff]++;
        }
        size_t pos = 0;
        for (int b = 0; b < 256; b++) {
            size_t c = count[b];
            count[b] = pos;
            pos += c;
        }
        for (size_t i = 0; i < n; i++) {
            uint32_t k = keys[i];
            tmp[count[(k >> shift) & 0xff]++] = k;
        }
        uint32_t *t = keys;
        keys = tmp;
        tmp = t;
    }
    /* Four passes: the sorted keys are back in the original array. */
}

static void sift_down(uint32_t *a, size_t root, size_t end)
{
    uint32_t v = a[root];
    for (;;) {
        size_t child = 2 * root + 1;
        if (child >= end) {
            break;
        }
        if (child + 1 < end && a[child + 1] > a[child]) {
            child++;
        }
        if (a[child] <= v) {
            break;
        }
        a[root] = a[child];
        root = child;
    }
    a[root] = v;
}

static void heap_sort(uint32_t *a, size_t n)
{
    for (size_t i = n / 2; i > 0; i--) {
        sift_down(a, i - 1, n);
    }
    for (size_t end = n - 1; end > 0; end--) {
        uint32_t t = a[0];
        a[0] = a[end];
        a[end] = t;
        sift_down(a, 0, end);
    }
}

int main(void)
{
    uint64_t *fill = (uint64_t *)__heap_start;
    uint64_t *copy = fill + FILL_WORDS;
    uint32_t *radix = (uint32_t *)(copy + FILL_WORDS);
    uint32_t *heap = radix + SORT_KEYS;
    uint32_t *tmp = heap + SORT_KEYS;

    gprintf("memkern: fill %lu KiB, sort %lu KiB at %p\n", FILL_BYTES >> 10, SORT_BYTES >> 10, fill);

    uint64_t x = 0x0123456789abcdefUL;
    for (size_t i = 0; i < FILL_WORDS; i++) {
        x = x * 6364136223846793005UL + 1442695040888963407UL;
        fill[i] = x;
    }
    gprintf("fill      %016lx\n", checksum64(fill, FILL_WORDS));

    memcpy(copy, fill, FILL_BYTES);
    gprintf("memcpy    %016lx\n", checksum64(copy, FILL_WORDS));

    /* Strided read-modify-write over the copy's bytes, wrapping around, out of page order. */
    uint8_t *bytes = (uint8_t *)copy;
    size_t at = 0;
    for (size_t i = 0; i < FILL_BYTES / 64; i++) {
        bytes[at] = (uint8_t)(bytes[at] * 3 + (uint8_t)i);
        at += STRIDE;
        if (at >= FILL_BYTES) {
            at -= FILL_BYTES;
        }
    }
    gprintf("strided   %016lx\n", checksum64(copy, FILL_WORDS));
    gprintf("copy differs from fill after the strided pass: %s\n", memcmp(copy, fill, FILL_BYTES) != 0 ? "yes" : "no");

    memcpy(radix, bytes + 12345 * 8, SORT_BYTES);
    memcpy(heap, radix, SORT_BYTES);
    gprintf("keys      %016lx\n", checksum32(radix, SORT_KEYS));

    radix_sort(radix, tmp, SORT_KEYS);
    gprintf("radix     %016lx\n", checksum32(radix, SORT_KEYS));
    heap_sort(heap, SORT_KEYS);
    gprintf("heap      %016lx\n", checksum32(heap, SORT_KEYS));

    size_t unordered = 0;
    for (size_t i = 1; i < SORT_KEYS; i++) {
        unordered += radix[i - 1] > radix[i];
    }
    int same = memcmp(radix, heap, SORT_BYTES) == 0;
    gprintf("sorted: %s, radix = heap: %s, min %08x median %08x max %08x\n", unordered == 0 ? "yes" : "no",
            same ? "yes" : "no", radix[0], radix[SORT_KEYS / 2], radix[SORT_KEYS - 1]);
    return unordered == 0 && same ? 0 : 1;
}
