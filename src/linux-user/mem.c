/* The guest address space of a user-mode process: a 4 GiB reservation and
 * the guest's view of each page's protection. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "linux-user/process.h"
#include "util/guest_mem.h"
#include "util/xalloc.h"

int lu_mem_init(struct lu_process *p)
{
    if (guest_mem_reserve(&p->mem, 1ull << 32) != 0)
        return -1;
    p->page_prot = xcalloc(LU_PAGES, 1);
    p->mmap_base = 0x40000000u;
    return 0;
}

void lu_mem_fini(struct lu_process *p)
{
    guest_mem_release(&p->mem);
    free(p->page_prot);
    p->page_prot = NULL;
}

/* Guest reads need host read access; instruction fetch reads through it too. */
static int host_prot(int prot)
{
    if (prot & LU_PROT_W)
        return PROT_READ | PROT_WRITE;
    return (prot & (LU_PROT_R | LU_PROT_X)) ? PROT_READ : PROT_NONE;
}

static bool range_ok(uint32_t addr, uint32_t len)
{
    return (addr % LU_PAGE) == 0 && (len % LU_PAGE) == 0 && (uint64_t)addr + len <= (1ull << 32);
}

/* Records the guest's view of the pages; code translated from them is
 * stale once their mapping or rights change. */
static void set_prot(struct lu_process *p, uint32_t addr, uint32_t len, uint8_t v)
{
    memset(p->page_prot + addr / LU_PAGE, v, len / LU_PAGE);
    lu_invalidate(p, addr, len);
}

int lu_map(struct lu_process *p, uint32_t addr, uint32_t len, int prot)
{
    if (!range_ok(addr, len) || guest_mem_map(&p->mem, addr, len, host_prot(prot)) != 0)
        return -1;
    set_prot(p, addr, len, (uint8_t)(prot | LU_MAPPED));
    return 0;
}

int lu_unmap(struct lu_process *p, uint32_t addr, uint32_t len)
{
    if (!range_ok(addr, len) || guest_mem_protect(&p->mem, addr, len, PROT_NONE) != 0)
        return -1;
    /* Give the memory back while keeping the reservation. */
    madvise(p->mem.base + addr, len, MADV_DONTNEED);
    set_prot(p, addr, len, 0);
    return 0;
}

int lu_protect(struct lu_process *p, uint32_t addr, uint32_t len, int prot)
{
    if (!range_ok(addr, len))
        return -1;
    for (uint32_t a = addr; a - addr < len; a += LU_PAGE)
        if (!(p->page_prot[a / LU_PAGE] & LU_MAPPED))
            return -1;
    if (guest_mem_protect(&p->mem, addr, len, host_prot(prot)) != 0)
        return -1;
    set_prot(p, addr, len, (uint8_t)(prot | LU_MAPPED));
    return 0;
}

uint32_t lu_find_free(struct lu_process *p, uint32_t hint, uint32_t len)
{
    uint32_t pages = len / LU_PAGE, run = 0;
    uint64_t end = p->target->task_size ? p->target->task_size / LU_PAGE : LU_PAGES;
    for (uint64_t pg = hint / LU_PAGE; pg < end; pg++) {
        run = (p->page_prot[pg] & LU_MAPPED) ? 0 : run + 1;
        if (run == pages)
            return (uint32_t)((pg + 1 - pages) * LU_PAGE);
    }
    return 0;
}

void *lu_ptr(struct lu_process *p, uint32_t addr, uint32_t len, int prot)
{
    if (len == 0)
        return p->mem.base + addr;
    if ((uint64_t)addr + len > (1ull << 32))
        return NULL;
    for (uint64_t pg = addr / LU_PAGE; pg <= ((uint64_t)addr + len - 1) / LU_PAGE; pg++)
        if ((p->page_prot[pg] & (prot | LU_MAPPED)) != (prot | LU_MAPPED))
            return NULL;
    return p->mem.base + addr;
}

int lu_strcpy_from(struct lu_process *p, char *dst, uint32_t addr, size_t max)
{
    for (size_t i = 0; i < max; i++) {
        const char *c = lu_ptr(p, addr + (uint32_t)i, 1, LU_PROT_R);
        if (!c)
            return -1;
        dst[i] = *c;
        if (!*c)
            return 0;
    }
    return -1;
}

bool lu_fetch(void *opaque, uint64_t pc, unsigned size, uint32_t *insn)
{
    struct lu_process *p = opaque;
    const uint8_t *src = lu_ptr(p, (uint32_t)pc, size, LU_PROT_X);
    if (!src || pc + size > (1ull << 32))
        return false;
    *insn = 0;
    memcpy(insn, src, size);  /* little-endian code (BE8 would swap here) */
    return true;
}

int lu_poke(struct lu_process *p, uint32_t addr, const void *data, uint32_t len)
{
    uint32_t start = addr & ~(LU_PAGE - 1);
    uint32_t span = ((addr + len + LU_PAGE - 1) & ~(LU_PAGE - 1)) - start;
    if (!lu_ptr(p, addr, len, 0) || guest_mem_protect(&p->mem, start, span, PROT_READ | PROT_WRITE) != 0)
        return -1;
    memcpy(p->mem.base + addr, data, len);
    return guest_mem_protect(&p->mem, start, span, host_prot(p->page_prot[start / LU_PAGE]));
}
