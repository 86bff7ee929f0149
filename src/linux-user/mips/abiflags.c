/* Which MIPS program this is: n64 (an ELF64 file), or o32 with the FP
 * mode its .MIPS.abiflags (PT_MIPS_ABIFLAGS) ask of the kernel; n32 and
 * the other ABIs are refused. */
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <unistd.h>

#include "linux-user/mips/target.h"

/* e_flags fields (elf.h has the names, not all C libraries the values). */
enum { FLAG_FP64 = 0x200, FLAG_ABI2 = 0x20, FLAG_ABI = 0xf000, FLAG_ABI_O32 = 0x1000 };
enum { SEGMENT_ABIFLAGS = 0x70000003 };
/* fp_abi of struct mips_elf_abiflags_v0 (byte 7): FP64A, FP64, OLD_64. */
enum { FP_ABI_OLD_64 = 4, FP_ABI_64 = 6, FP_ABI_64A = 7 };

static int abi_error(const char *path, const char *what)
{
    fprintf(stderr, "duet: %s: %s\n", path, what);
    return -1;
}

/* The kernel's choice for an R2 CPU: FR=1 for the 64-bit FP ABIs, FR=0
 * for the others (FPXX runs in either; the kernel takes FR=0). */
static int fr_from_elf(const char *path, Elf *e, bool *fr)
{
    GElf_Ehdr eh;
    size_t n, size;
    if (!gelf_getehdr(e, &eh) || elf_getphdrnum(e, &n) != 0)
        return abi_error(path, "corrupt ELF header");
    if (eh.e_flags & FLAG_ABI2)
        return abi_error(path, "n32 programs are not supported (only o32 and n64)");
    if (gelf_getclass(e) == ELFCLASS64) {
        /* The n64 ABI has 32 64-bit FP registers: the kernel sets FR=1. */
        *fr = true;
        return (eh.e_flags & FLAG_ABI) ? abi_error(path, "not an n64 program (a MIPS ABI other than n64)") : 0;
    }
    if ((eh.e_flags & FLAG_ABI) && (eh.e_flags & FLAG_ABI) != FLAG_ABI_O32)
        return abi_error(path, "not an o32 program (EABI and other MIPS ABIs are not supported)");
    *fr = (eh.e_flags & FLAG_FP64) != 0;
    const char *image = elf_rawfile(e, &size);
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph))
            return abi_error(path, "corrupt program header");
        if (ph.p_type != SEGMENT_ABIFLAGS)
            continue;
        if (!image || ph.p_filesz < 24 || ph.p_offset > size || size - ph.p_offset < 24)
            return abi_error(path, "corrupt .MIPS.abiflags");
        unsigned fp_abi = (unsigned char)image[ph.p_offset + 7];
        *fr = fp_abi == FP_ABI_64 || fp_abi == FP_ABI_64A || fp_abi == FP_ABI_OLD_64;
    }
    return 0;
}

int lu_mips_fr_mode(const char *path, bool *fr)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return abi_error(path, "cannot open");
    elf_version(EV_CURRENT);
    Elf *e = elf_begin(fd, ELF_C_READ, NULL);
    int r = e ? fr_from_elf(path, e, fr) : abi_error(path, "not an ELF file");
    if (e)
        elf_end(e);
    close(fd);
    return r;
}
