/* String processing on generated text: tokenising into words, counting
 * them in a chained hash table, and a hand-written substring search
 * checked against the C library's strstr. Size: 8 KiB texts processed. */
#include "common.h"

#define DEFAULT_SIZE 4096
#define EXPECTED 0x44860c1e10bd63ddULL

enum { TEXT = 8192, BUCKETS = 1024, MAX_WORDS = TEXT / 2 };

struct entry {
    const char *word;
    uint32_t len, count;
    struct entry *next;
};

struct table {
    struct entry *bucket[BUCKETS];
    struct entry pool[MAX_WORDS];
    uint32_t used;
};

static void gen_text(char *p, size_t n, uint32_t *seed)
{
    static const char syll[][4] = { "ka", "lo", "mi", "ne", "ru", "ta", "shi", "po", "an", "el" };
    static const char punct[] = " ,.;:!?\n";
    size_t i = 0;
    while (i + 12 < n) {
        uint32_t r = bench_rand(seed), parts = 1 + r % 3;
        size_t start = i;
        for (uint32_t s = 0; s < parts; s++)
            for (const char *q = syll[(r >> (4 + 4 * s)) % 10]; *q; q++)
                p[i++] = *q;
        if ((r >> 20) % 7 == 0)
            p[start] = (char)(p[start] - 'a' + 'A');
        p[i++] = punct[(r >> 24) % 8];
        if ((r >> 27) == 0)
            p[i++] = ' ';
    }
    p[i] = '\0';
}

static uint32_t hash_word(const char *w, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (uint8_t)(w[i] | 0x20)) * 16777619u;  /* case-insensitive */
    return h;
}

static int same_word(const char *a, const char *b, uint32_t len)
{
    for (uint32_t i = 0; i < len; i++)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return 0;
    return 1;
}

static void count_word(struct table *t, const char *w, uint32_t len)
{
    struct entry **at = &t->bucket[hash_word(w, len) % BUCKETS];
    for (struct entry *e = *at; e; e = e->next)
        if (e->len == len && same_word(e->word, w, len)) {
            e->count++;
            return;
        }
    struct entry *e = &t->pool[t->used++];
    *e = (struct entry){ w, len, 1, *at };
    *at = e;
}

static int is_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static uint32_t tokenise(struct table *t, const char *s)
{
    uint32_t words = 0;
    memset(t->bucket, 0, sizeof(t->bucket));
    t->used = 0;
    while (*s) {
        while (*s && !is_letter(*s))
            s++;
        const char *w = s;
        while (is_letter(*s))
            s++;
        if (s > w) {
            count_word(t, w, (uint32_t)(s - w));
            words++;
        }
    }
    return words;
}

static const char *find(const char *hay, const char *needle)
{
    for (; *hay; hay++) {
        const char *h = hay, *n = needle;
        while (*n && *h == *n)
            h++, n++;
        if (!*n)
            return hay;
    }
    return *needle ? NULL : hay;
}

static uint32_t count_matches(const char *text, const char *pat, int use_libc)
{
    uint32_t n = 0;
    for (const char *p = text; (p = use_libc ? strstr(p, pat) : find(p, pat)); p++)
        n++;
    return n;
}

int main(int argc, char **argv)
{
    static const char *const patterns[] = { "kalo", "shi.", "ne,", "Ruta", "poan ", "mimi" };
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE), seed = 0x6c078965;
    char *text = bench_alloc(TEXT + 1);
    struct table *t = bench_alloc(sizeof(*t));
    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t r = 0; r < size; r++) {
        gen_text(text, TEXT, &seed);
        uint32_t words = tokenise(t, text), counted = 0, best = 0;
        for (uint32_t i = 0; i < t->used; i++) {
            counted += t->pool[i].count;
            best = t->pool[i].count > best ? t->pool[i].count : best;
        }
        bench_check("strings", counted == words, "word counts");
        sum = bench_mix(bench_mix(bench_mix(sum, words), t->used), best);
        for (uint32_t p = 0; p < sizeof(patterns) / sizeof(patterns[0]); p++) {
            uint32_t n = count_matches(text, patterns[p], 0);
            if (r % 16 == 0)
                bench_check("strings", n == count_matches(text, patterns[p], 1), "search vs strstr");
            sum = bench_mix(sum, n);
        }
    }
    free(text); free(t);
    return bench_done("strings", size, DEFAULT_SIZE, sum, EXPECTED);
}
