/* Guest structures described by layout strings (sys.h): the same
 * description serves a 32-bit and a 64-bit guest, whose longs and
 * pointers, and so field offsets and padding, differ. Fields are written
 * in the guest's byte order. */
#include <string.h>

#include "linux-user/sys.h"

/* The largest structure described this way. */
#define LAYOUT_MAX 512

/* Calls fn for each field: its offset and size; returns the structure's
 * size with tail padding. */
static uint32_t walk(const struct lu_process *p, const char *layout,
                     void (*fn)(void *ctx, unsigned idx, uint32_t off, unsigned size), void *ctx)
{
    uint32_t off = 0, align_max = 1;
    unsigned idx = 0;
    while (*layout) {
        unsigned count = 0;
        while (*layout >= '0' && *layout <= '9')
            count = count * 10 + (unsigned)(*layout++ - '0');
        char c = *layout++;
        unsigned size = c == 'b' ? 1 : c == 'h' ? 2 : c == 'w' ? 4 : c == 'd' ? 8 : p->target->word_size;
        if (size > align_max)
            align_max = size;
        for (unsigned i = 0; i < (count ? count : 1); i++) {
            off = (off + size - 1) & ~(size - 1);
            if (fn)
                fn(ctx, idx, off, size);
            idx++;
            off += size;
        }
    }
    return (off + align_max - 1) & ~(align_max - 1);
}

uint32_t lu_struct_size(const struct lu_process *p, const char *layout)
{
    return walk(p, layout, NULL, NULL);
}

struct pack {
    const struct lu_process *p;
    uint8_t *buf;
    uint64_t *vals;
};

static void put_field(void *ctx, unsigned idx, uint32_t off, unsigned size)
{
    struct pack *k = ctx;
    bool be = k->p->target->big_endian;
    for (unsigned i = 0; i < size; i++)
        k->buf[off + (be ? size - 1 - i : i)] = (uint8_t)(k->vals[idx] >> (8 * i));
}

static void get_field(void *ctx, unsigned idx, uint32_t off, unsigned size)
{
    struct pack *k = ctx;
    bool be = k->p->target->big_endian;
    uint64_t v = 0;
    for (unsigned i = 0; i < size; i++)
        v |= (uint64_t)k->buf[off + (be ? size - 1 - i : i)] << (8 * i);
    k->vals[idx] = v;
}

uint32_t lu_struct_pack(const struct lu_process *p, void *buf, const char *layout, const uint64_t *vals)
{
    uint32_t size = lu_struct_size(p, layout);
    memset(buf, 0, size);
    struct pack k = { p, buf, (uint64_t *)vals };
    walk(p, layout, put_field, &k);
    return size;
}

void lu_struct_unpack(const struct lu_process *p, const void *buf, const char *layout, uint64_t *vals)
{
    struct pack k = { p, (uint8_t *)buf, vals };
    walk(p, layout, get_field, &k);
}

int64_t lu_struct_put(struct lu_process *p, lu_addr addr, const char *layout, const uint64_t *vals)
{
    uint8_t buf[LAYOUT_MAX];
    if (lu_struct_size(p, layout) > sizeof(buf))
        return -EINVAL;
    return lu_copy_to(p, addr, buf, lu_struct_pack(p, buf, layout, vals));
}

int64_t lu_struct_get(struct lu_process *p, lu_addr addr, const char *layout, uint64_t *vals)
{
    uint8_t buf[LAYOUT_MAX];
    uint32_t size = lu_struct_size(p, layout);
    if (size > sizeof(buf))
        return -EINVAL;
    if (lu_copy_from(p, buf, addr, size) != 0)
        return -EFAULT;
    lu_struct_unpack(p, buf, layout, vals);
    return 0;
}

int64_t lu_put_long(struct lu_process *p, lu_addr addr, uint64_t v)
{
    return lu_struct_put(p, addr, "l", &v);
}

int64_t lu_get_long(struct lu_process *p, lu_addr addr, uint64_t *v)
{
    return lu_struct_get(p, addr, "l", v);
}
