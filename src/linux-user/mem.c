/* The guest address space of a user-mode process: a host reservation (4
 * GiB for a 32-bit guest, the task size for a 64-bit one) and the guest's
 * view of each page's protection, in a two-level table whose chunks exist
 * only where something was ever mapped. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/process.h"
#include "util/guest_mem.h"
#include "util/xalloc.h"

/* The end of the user address space. */
static uint64_t task_end(const struct lu_process *p)
{
    return p->target->task_size ? p->target->task_size : 1ull << 32;
}

/* A 32-bit guest gets all of 4 GiB, so none of its addresses leaves the
 * reservation; a 64-bit one its task size, the JIT and the interpreter
 * checking every address against it. */
static uint64_t space_size(const struct lu_target *t)
{
    return t->word_size == 8 ? t->task_size : 1ull << 32;
}

static size_t chunk_count(const struct lu_process *p)
{
    return (size_t)((p->mem.size + LU_CHUNK_BYTES - 1) / LU_CHUNK_BYTES);
}

int lu_mem_init(struct lu_process *p)
{
    if (guest_mem_reserve(&p->mem, space_size(p->target)) != 0)
        return -1;
    p->page_prot = xcalloc(chunk_count(p), sizeof(*p->page_prot));
    p->mmap_base = p->target->mmap_base;
    return 0;
}

void lu_mem_fini(struct lu_process *p)
{
    for (size_t i = 0; p->page_prot && i < chunk_count(p); i++)
        free(p->page_prot[i]);
    free(p->page_prot);
    p->page_prot = NULL;
    guest_mem_release(&p->mem);
}

uint8_t lu_page_prot(const struct lu_process *p, lu_addr addr)
{
    if (addr >= p->mem.size)
        return 0;
    /* Other threads read without the lock: a chunk appears whole or not at all. */
    const uint8_t *c = __atomic_load_n(&p->page_prot[addr / LU_CHUNK_BYTES], __ATOMIC_ACQUIRE);
    return c ? c[(addr % LU_CHUNK_BYTES) / LU_PAGE] : 0;
}

/* Guest reads need host read access; instruction fetch reads through it too. */
static int host_prot(int prot)
{
    if (prot & LU_PROT_W)
        return PROT_READ | PROT_WRITE;
    return (prot & (LU_PROT_R | LU_PROT_X)) ? PROT_READ : PROT_NONE;
}

static bool range_ok(const struct lu_process *p, lu_addr addr, lu_addr len)
{
    return (addr % LU_PAGE) == 0 && (len % LU_PAGE) == 0 && addr <= p->mem.size && len <= p->mem.size - addr;
}

/* Records the guest's view of the pages; code translated from them is
 * stale once their mapping or rights change. */
static void set_prot(struct lu_process *p, lu_addr addr, lu_addr len, uint8_t v)
{
    for (lu_addr a = addr; a < addr + len;) {
        uint8_t **slot = &p->page_prot[a / LU_CHUNK_BYTES];
        lu_addr chunk_end = (a / LU_CHUNK_BYTES + 1) * LU_CHUNK_BYTES;
        lu_addr end = chunk_end < addr + len ? chunk_end : addr + len;
        if (!*slot && v)
            __atomic_store_n(slot, xcalloc(LU_CHUNK_PAGES, 1), __ATOMIC_RELEASE);
        if (*slot)
            memset(*slot + (a % LU_CHUNK_BYTES) / LU_PAGE, v, (end - a) / LU_PAGE);
        a = end;
    }
    lu_invalidate(p, addr, len);
}

int lu_map(struct lu_process *p, lu_addr addr, lu_addr len, int prot)
{
    if (!range_ok(p, addr, len) || guest_mem_map(&p->mem, addr, len, host_prot(prot)) != 0)
        return -1;
    set_prot(p, addr, len, (uint8_t)(prot | LU_MAPPED));
    return 0;
}

int lu_unmap(struct lu_process *p, lu_addr addr, lu_addr len)
{
    if (!range_ok(p, addr, len) || guest_mem_protect(&p->mem, addr, len, PROT_NONE) != 0)
        return -1;
    /* Give the memory back while keeping the reservation. */
    madvise(p->mem.base + addr, len, MADV_DONTNEED);
    set_prot(p, addr, len, 0);
    return 0;
}

int lu_protect(struct lu_process *p, lu_addr addr, lu_addr len, int prot)
{
    if (!range_ok(p, addr, len))
        return -1;
    for (lu_addr a = addr; a - addr < len; a += LU_PAGE)
        if (!(lu_page_prot(p, a) & LU_MAPPED))
            return -1;
    if (guest_mem_protect(&p->mem, addr, len, host_prot(prot)) != 0)
        return -1;
    set_prot(p, addr, len, (uint8_t)(prot | LU_MAPPED));
    return 0;
}

lu_addr lu_find_free(struct lu_process *p, lu_addr hint, lu_addr len)
{
    uint64_t pages = len / LU_PAGE, run = 0;
    uint64_t end = task_end(p) / LU_PAGE;
    for (uint64_t pg = hint / LU_PAGE; pg < end;) {
        const uint8_t *c = p->page_prot[pg / LU_CHUNK_PAGES];
        if (!c) {
            /* A chunk never mapped is free throughout. */
            uint64_t next = (pg / LU_CHUNK_PAGES + 1) * LU_CHUNK_PAGES;
            next = next < end ? next : end;
            if (run + (next - pg) >= pages)
                return (pg - run) * LU_PAGE;
            run += next - pg;
            pg = next;
            continue;
        }
        run = (c[pg % LU_CHUNK_PAGES] & LU_MAPPED) ? 0 : run + 1;
        pg++;
        if (run == pages)
            return (pg - pages) * LU_PAGE;
    }
    return 0;
}

void *lu_ptr(struct lu_process *p, lu_addr addr, lu_addr len, int prot)
{
    if (addr > p->mem.size || len > p->mem.size - addr)
        return NULL;
    if (len == 0)
        return p->mem.base + addr;
    for (lu_addr a = addr & ~(lu_addr)(LU_PAGE - 1); a < addr + len; a += LU_PAGE)
        if ((lu_page_prot(p, a) & (prot | LU_MAPPED)) != (prot | LU_MAPPED))
            return NULL;
    return p->mem.base + addr;
}

int lu_strcpy_from(struct lu_process *p, char *dst, lu_addr addr, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        const char *c = lu_ptr(p, addr + i, 1, LU_PROT_R);
        if (!c)
            return -1;
        dst[i] = *c;
        if (!*c)
            return 0;
    }
    return -1;
}

int64_t lu_strnlen(struct lu_process *p, lu_addr addr, uint64_t max)
{
    uint64_t n = 0;
    while (n < max) {
        lu_addr at = addr + n;
        uint64_t chunk = LU_PAGE - (at & (LU_PAGE - 1));
        if (chunk > max - n)
            chunk = max - n;
        const char *s = lu_ptr(p, at, chunk, LU_PROT_R);
        if (!s)
            return -1;
        const char *nul = memchr(s, 0, chunk);
        if (nul)
            return (int64_t)(n + (uint64_t)(nul - s));
        n += chunk;
    }
    return (int64_t)max;
}

bool lu_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn)
{
    struct lu_process *p = opaque;
    const uint8_t *src = lu_ptr(p, pc, size, LU_PROT_X);
    if (!src)
        return false;
    /* Little-endian code (BE8 would swap here). The sizes the frontends
     * fetch are spelled out so the copies compile to single loads. */
    if (size == 4) {
        memcpy(insn, src, 4);
    } else if (size == 2) {
        uint16_t h;
        memcpy(&h, src, 2);
        *insn = h;
    } else {
        *insn = 0;
        memcpy(insn, src, size);
    }
    return true;
}

int lu_poke(struct lu_process *p, lu_addr addr, const void *data, lu_addr len)
{
    lu_addr start = addr & ~(lu_addr)(LU_PAGE - 1);
    lu_addr span = ((addr + len + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1)) - start;
    if (!lu_ptr(p, addr, len, 0) || guest_mem_protect(&p->mem, start, span, PROT_READ | PROT_WRITE) != 0)
        return -1;
    memcpy(p->mem.base + addr, data, len);
    return guest_mem_protect(&p->mem, start, span, host_prot(lu_page_prot(p, start)));
}
