/* Pointer chasing: a singly linked list and a binary search tree whose
 * nodes sit in a shuffled order in memory, walked and searched repeatedly.
 * Size: rounds of one list walk plus 4096 tree searches. Checked against
 * sums known in closed form. */
#include "common.h"

#define DEFAULT_SIZE 1750
#define EXPECTED 0xbe5232f741f692b5ULL

enum { NODES = 16384, SEARCHES = 4096 };

struct lnode {
    struct lnode *next;
    uint32_t value;
};

struct tnode {
    struct tnode *left, *right;
    uint32_t key;
};

static void shuffle(uint32_t *perm, uint32_t n, uint32_t *seed)
{
    for (uint32_t i = 0; i < n; i++)
        perm[i] = i;
    for (uint32_t i = n - 1; i > 0; i--) {
        uint32_t j = bench_rand(seed) % (i + 1), t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
}

/* The k-th list element lives at slot perm[k]. */
static struct lnode *build_list(struct lnode *pool, const uint32_t *perm, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        pool[perm[k]].value = k;
        pool[perm[k]].next = k + 1 < n ? &pool[perm[k + 1]] : NULL;
    }
    return &pool[perm[0]];
}

/* Keys 0, 2, 4, ... inserted in a random order, each node at a random slot. */
static struct tnode *build_tree(struct tnode *pool, const uint32_t *perm, uint32_t n, uint32_t *seed)
{
    uint32_t *order = bench_alloc(n * sizeof(*order));
    struct tnode *root = NULL;
    shuffle(order, n, seed);
    for (uint32_t k = 0; k < n; k++) {
        struct tnode *t = &pool[perm[k]], **at = &root;
        t->key = 2 * order[k];
        t->left = t->right = NULL;
        while (*at)
            at = t->key < (*at)->key ? &(*at)->left : &(*at)->right;
        *at = t;
    }
    free(order);
    return root;
}

static uint32_t tree_depth_of(const struct tnode *t, uint32_t key, int *found)
{
    uint32_t depth = 0;
    while (t && t->key != key) {
        t = key < t->key ? t->left : t->right;
        depth++;
    }
    *found = t != NULL;
    return depth;
}

int main(int argc, char **argv)
{
    uint32_t size = bench_size(argc, argv, DEFAULT_SIZE), seed = 0x51ed2701;
    uint32_t *perm = bench_alloc(NODES * sizeof(*perm));
    struct lnode *lpool = bench_alloc(NODES * sizeof(*lpool));
    struct tnode *tpool = bench_alloc(NODES * sizeof(*tpool));
    shuffle(perm, NODES, &seed);
    struct lnode *list = build_list(lpool, perm, NODES);
    shuffle(perm, NODES, &seed);
    struct tnode *root = build_tree(tpool, perm, NODES, &seed);

    uint64_t sum = BENCH_HASH_INIT;
    for (uint32_t r = 0; r < size; r++) {
        uint32_t total = 0, count = 0, found_count = 0, depth = 0;
        for (const struct lnode *p = list; p; p = p->next, count++)
            total += p->value;
        bench_check("ptrchase", count == NODES && total == (uint32_t)NODES * (NODES - 1) / 2,
                    "list sum");
        for (uint32_t s = 0; s < SEARCHES; s++) {
            int found;
            uint32_t key = (r * SEARCHES + s) * 7919u % (2 * NODES);
            depth += tree_depth_of(root, key, &found);
            found_count += (uint32_t)found;
            bench_check("ptrchase", found == !(key & 1), "tree search");
        }
        sum = bench_mix(sum, depth);
        sum = bench_mix(sum, found_count);
    }
    free(perm); free(lpool); free(tpool);
    return bench_done("ptrchase", size, DEFAULT_SIZE, sum, EXPECTED);
}
