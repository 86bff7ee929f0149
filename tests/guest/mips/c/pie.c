/* A position-independent n64 program is loaded where Linux puts one on a
 * 64-bit MIPS task: at ELF_ET_DYN_BASE, two thirds of the task size (1 TiB
 * with 40-bit segments), aligned to its segments, rather than low in the
 * space (qemu puts it at its mmap base, so this program checks itself).
 * Its brk area follows it; the auxiliary vector agrees. Prints "ok". */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

#define TASK_SIZE (1ull << 40)
#define DYN_BASE (TASK_SIZE / 3 * 2)

static int fail(const char *what, uintptr_t v)
{
    printf("FAIL: %s (%#llx)\n", what, (unsigned long long)v);
    return 1;
}

int main(void)
{
    uintptr_t code = (uintptr_t)main, entry = getauxval(AT_ENTRY), phdr = getauxval(AT_PHDR);
    uintptr_t base = (uintptr_t)(DYN_BASE & ~0xffffull);
    if (code < base || code >= base + (1u << 30))
        return fail("main is not just above two thirds of the task size", code);
    if (entry < base || entry >= base + (1u << 30) || phdr < base || phdr >= code)
        return fail("AT_ENTRY or AT_PHDR outside the program", entry);
    uintptr_t brk = (uintptr_t)sbrk(0);
    if (brk <= code || brk >= base + (1u << 30))
        return fail("the brk area does not follow the program", brk);
    char *p = sbrk(1 << 20);
    if (p == (void *)-1)
        return fail("sbrk cannot grow", brk);
    memset(p, 1, 1 << 20);
    char *m = malloc(64 << 20);
    if (!m)
        return fail("malloc of 64 MiB", 0);
    memset(m, 2, 64 << 20);
    printf("ok\n");
    return 0;
}
