/* Integer arithmetic, 64-bit math, division, strings, formatting, sorting
 * and the heap: output compared with qemu-arm's. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_int(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static unsigned fib(unsigned n)
{
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

static const char *classify(int v)
{
    switch (v % 7) {
    case 0: return "zero";
    case 1: return "one";
    case 2: return "two";
    case 3: return "three";
    case 4: return "four";
    case 5: return "five";
    default: return "other";
    }
}

int main(int argc, char **argv)
{
    volatile int32_t a = -123456789, b = 97;
    volatile uint32_t ua = 0xfedcba98u, ub = 13;
    volatile int64_t c = -0x123456789abcdefLL, d = 1000003;
    volatile uint64_t uc = 0xfedcba9876543210ULL;

    printf("argc %d argv0 %s\n", argc, argv[0] ? "set" : "null");
    printf("div %d %d %u %u\n", a / b, a % b, ua / ub, ua % ub);
    printf("div64 %lld %lld %llu\n", (long long)(c / d), (long long)(c % d),
           (unsigned long long)(uc / 12345));
    printf("mul %d %lld %llu\n", a * b, (long long)c * 3, (unsigned long long)(uc * uc));
    printf("shift %d %u %lld %llu\n", a >> 3, ua >> 5, (long long)(c >> 17),
           (unsigned long long)(uc << 9));
    printf("fmt [%8.3f] [%-6s] [%06x] [%+d] [%e]\n", 3.14159, "ab", 0xbeef, 42, 12345.678);
    printf("fib %u\n", fib(20));

    int v[64];
    for (int i = 0; i < 64; i++)
        v[i] = (i * 7919 + 13) % 101 - 50;
    qsort(v, 64, sizeof(v[0]), cmp_int);
    long sum = 0;
    for (int i = 0; i < 64; i++)
        sum = sum * 3 + v[i];
    printf("sorted %d %d %d sum %ld\n", v[0], v[31], v[63], sum);

    char s[128];
    strcpy(s, "The quick brown fox");
    strcat(s, " jumps over the lazy dog");
    char *w = strstr(s, "fox");
    printf("str %zu %s %d %s\n", strlen(s), w, strncmp(s, "The", 3), strchr(s, 'z'));

    size_t total = 0;
    for (int i = 1; i <= 50; i++) {
        char *p = malloc((size_t)i * 37);
        memset(p, i, (size_t)i * 37);
        total += (unsigned char)p[i * 37 - 1];
        p = realloc(p, (size_t)i * 91);
        total += (unsigned char)p[0];
        free(p);
    }
    printf("heap %zu\n", total);
    for (int i = 0; i < 10; i++)
        printf("%s%s", classify(i * 11), i == 9 ? "\n" : " ");
    return 7;
}
