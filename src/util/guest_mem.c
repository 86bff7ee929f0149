#include <sys/mman.h>
#include <unistd.h>

#include "guest_mem.h"

int guest_mem_reserve(struct guest_mem *m, uint64_t size)
{
    void *p = mmap(NULL, size + GUEST_MEM_GUARD, PROT_NONE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED)
        return -1;
    m->base = p;
    m->size = size;
    return 0;
}

void guest_mem_release(struct guest_mem *m)
{
    if (m->base)
        munmap(m->base, m->size + GUEST_MEM_GUARD);
    m->base = NULL;
    m->size = 0;
}

static int guest_mem_range_ok(const struct guest_mem *m, uint64_t addr, uint64_t len)
{
    uint64_t page = (uint64_t)sysconf(_SC_PAGESIZE);
    return (addr % page) == 0 && addr <= m->size && len <= m->size - addr;
}

int guest_mem_map(struct guest_mem *m, uint64_t addr, uint64_t len, int prot)
{
    if (!guest_mem_range_ok(m, addr, len))
        return -1;
    void *p = mmap(m->base + addr, len, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    return p == MAP_FAILED ? -1 : 0;
}

int guest_mem_protect(struct guest_mem *m, uint64_t addr, uint64_t len, int prot)
{
    if (!guest_mem_range_ok(m, addr, len))
        return -1;
    return mprotect(m->base + addr, len, prot);
}
