/* Memory system calls beyond mmap: madvise, mremap and msync, on the
 * guest's page table (struct lu_process.page_prot). Every guest mapping is
 * private host memory (file mappings are copies), which decides what each
 * can mean here. */
#include <string.h>
#include <sys/mman.h>

#include "linux-user/sys.h"

static lu_addr page_up(lu_addr len)
{
    return len > UINT64_MAX - LU_PAGE ? 0 : (len + LU_PAGE - 1) & ~(lu_addr)(LU_PAGE - 1);
}

/* Whether every page of [addr, addr+len) is mapped; with same_prot, all
 * with the first one's protection, which goes to *prot. */
static bool range_mapped(struct lu_process *p, lu_addr addr, lu_addr len, bool same_prot, int *prot)
{
    if (addr > p->mem.size || len > p->mem.size - addr)
        return false;
    uint8_t first = lu_page_prot(p, addr);
    for (lu_addr a = addr; a < addr + len; a += LU_PAGE) {
        uint8_t v = lu_page_prot(p, a);
        if (!(v & LU_MAPPED) || (same_prot && v != first))
            return false;
    }
    if (prot)
        *prot = first & (LU_PROT_R | LU_PROT_W | LU_PROT_X);
    return true;
}

/* Advice numbers (the generic ones, ARM's): those a guest may see ignored. */
static bool advice_is_hint(uint32_t advice)
{
    switch (advice) {
    case 0: case 1: case 2: case 3:     /* NORMAL, RANDOM, SEQUENTIAL, WILLNEED */
    case 8:                             /* FREE: contents may stay until written */
    case 10: case 11: case 12: case 13: /* DONTFORK, DOFORK, (UN)MERGEABLE */
    case 14: case 15: case 16: case 17: /* (NO)HUGEPAGE, DONTDUMP, DODUMP */
    case 18: case 19: case 20: case 21: /* WIPEONFORK, KEEPONFORK, COLD, PAGEOUT */
    case 22: case 23: case 25:          /* POPULATE_READ/WRITE, COLLAPSE */
        return true;
    default:
        return false;
    }
}

enum { G_MADV_DONTNEED = 4 };

/* MADV_DONTNEED must leave the pages reading as zero, which malloc relies
 * on; for a private file mapping the kernel would re-read the file, here
 * the copy reads as zero (nothing seen so far does that). */
int64_t lu_sys_madvise(struct lu_process *p, const uint64_t *a)
{
    lu_addr addr = lu_ad(a, 0), len = page_up(lu_ulong(p, a[1]));
    uint32_t advice = lu_u32(a, 2);
    if ((addr & (LU_PAGE - 1)) || (len == 0 && lu_ulong(p, a[1]) != 0))
        return -EINVAL;
    if (advice != G_MADV_DONTNEED && !advice_is_hint(advice))
        return -EINVAL;
    if (len == 0)
        return 0;
    if (!range_mapped(p, addr, len, false, NULL))
        return -ENOMEM;
    if (advice == G_MADV_DONTNEED) {
        madvise(p->mem.base + addr, len, MADV_DONTNEED);
        lu_invalidate(p, addr, len);
    }
    return 0;
}

enum { G_MREMAP_MAYMOVE = 1, G_MREMAP_FIXED = 2 };

/* Moves [old, old+old_len) with protection prot to a new place of new_len
 * bytes; the old pages may be unreadable to the host, so they are made
 * readable for the copy. */
static int64_t mremap_move(struct lu_process *p, lu_addr old, lu_addr old_len, lu_addr new_len, int prot)
{
    lu_addr dst = lu_find_free(p, p->mmap_base, new_len);
    if (!dst || lu_map(p, dst, new_len, LU_PROT_R | LU_PROT_W) != 0)
        return -ENOMEM;
    lu_protect(p, old, old_len, LU_PROT_R);
    memcpy(p->mem.base + dst, p->mem.base + old, old_len);
    lu_unmap(p, old, old_len);
    lu_protect(p, dst, new_len, prot);
    return dst;
}

/* mremap(old, old_len, new_len, flags, new_addr): shrinking, growing in
 * place and moving (MREMAP_MAYMOVE). MREMAP_FIXED and MREMAP_DONTUNMAP are
 * not done yet and fail with -ENOMEM, which callers such as realloc
 * handle by copying themselves. */
int64_t lu_sys_mremap(struct lu_process *p, const uint64_t *a)
{
    lu_addr old = lu_ad(a, 0);
    uint32_t flags = lu_u32(a, 3);
    lu_addr old_len = page_up(lu_ulong(p, a[1])), new_len = page_up(lu_ulong(p, a[2]));
    int prot;
    if ((old & (LU_PAGE - 1)) || new_len == 0 || old_len == 0)
        return -EINVAL;
    if (flags & ~(uint32_t)G_MREMAP_MAYMOVE)
        return (flags & G_MREMAP_FIXED) && (flags & G_MREMAP_MAYMOVE) ? -ENOMEM : -EINVAL;
    if (!range_mapped(p, old, old_len, true, &prot))
        return -EFAULT;
    if (new_len <= old_len) {
        if (new_len < old_len)
            lu_unmap(p, old + new_len, old_len - new_len);
        return old;
    }
    lu_addr end = old + old_len, grow = new_len - old_len;
    if (grow <= p->mem.size - end && lu_find_free(p, end, grow) == end && lu_map(p, end, grow, prot) == 0)
        return old;
    if (!(flags & G_MREMAP_MAYMOVE))
        return -ENOMEM;
    return mremap_move(p, old, old_len, new_len, prot);
}

enum { G_MS_ASYNC = 1, G_MS_INVALIDATE = 2, G_MS_SYNC = 4 };

/* msync: there is no shared file mapping to write back yet. */
int64_t lu_sys_msync(struct lu_process *p, const uint64_t *a)
{
    lu_addr addr = lu_ad(a, 0), len = page_up(lu_ulong(p, a[1]));
    uint32_t flags = lu_u32(a, 2);
    if ((addr & (LU_PAGE - 1)) || (flags & ~(uint32_t)(G_MS_ASYNC | G_MS_INVALIDATE | G_MS_SYNC)) ||
        ((flags & G_MS_ASYNC) && (flags & G_MS_SYNC)))
        return -EINVAL;
    return range_mapped(p, addr, len, false, NULL) ? 0 : -ENOMEM;
}
