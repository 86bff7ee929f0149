/* Reserving and mapping a guest address space in host memory. */
#ifndef DUET_GUEST_MEM_H
#define DUET_GUEST_MEM_H

#include "dbt.h"

/* Bytes of PROT_NONE kept after the guest space, so that an access that
 * starts inside it and runs past its end faults instead of leaving it. */
#define GUEST_MEM_GUARD (64u * 1024)

/* Reserves size bytes (plus the guard), all inaccessible. Returns 0 or -1. */
int guest_mem_reserve(struct guest_mem *m, uint64_t size);
void guest_mem_release(struct guest_mem *m);
/* Makes [addr, addr+len) accessible with prot (PROT_*), zero-filled.
 * Page-aligned; returns 0 or -1 when outside the space. */
int guest_mem_map(struct guest_mem *m, uint64_t addr, uint64_t len, int prot);
int guest_mem_protect(struct guest_mem *m, uint64_t addr, uint64_t len, int prot);

#endif
