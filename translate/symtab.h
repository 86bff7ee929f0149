/* Guest symbols for logs: names of code addresses, from the guest's ELF
 * files, so -d in_asm can say where a block is. */
#ifndef DUET_SYMTAB_H
#define DUET_SYMTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sym {
    uint64_t addr, size;    /* size 0: up to the next symbol */
    char *name;
};

struct symtab {
    struct sym *v;
    size_t n, cap;
    bool sorted;
};

void symtab_init(struct symtab *t);
void symtab_fini(struct symtab *t);
void symtab_add(struct symtab *t, uint64_t addr, uint64_t size, const char *name);
/* "name" or "name+0x1c" for the symbol containing addr into buf; false,
 * with buf empty, when there is none. */
bool symtab_describe(struct symtab *t, uint64_t addr, char *buf, size_t len);

#endif
