/* Loading a guest ELF executable with libelf, and the initial stack the
 * Linux kernel builds for it (argc, argv, envp, auxv). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/process.h"

#define PAGE_DOWN(a) ((a) & ~(LU_PAGE - 1))
#define PAGE_UP(a) (((a) + LU_PAGE - 1) & ~(LU_PAGE - 1))

static int elf_error(const char *path, const char *what)
{
    fprintf(stderr, "duet: %s: %s\n", path, what);
    return -1;
}

static int seg_prot(const GElf_Phdr *ph)
{
    return ((ph->p_flags & PF_R) ? LU_PROT_R : 0) | ((ph->p_flags & PF_W) ? LU_PROT_W : 0) |
           ((ph->p_flags & PF_X) ? LU_PROT_X : 0);
}

static int load_segment(struct lu_process *p, const char *path, const GElf_Phdr *ph,
                        const char *image, size_t image_size)
{
    uint64_t start = PAGE_DOWN(ph->p_vaddr), end = PAGE_UP(ph->p_vaddr + ph->p_memsz);
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > image_size || ph->p_filesz > image_size - ph->p_offset)
        return elf_error(path, "truncated or corrupt program header (segment past the end of the file)");
    if (end > (1ull << 32) || end <= start)
        return elf_error(path, "segment outside the 32-bit address space");
    /* Writable while the file contents go in, then the segment's own rights. */
    if (lu_map(p, (uint32_t)start, (uint32_t)(end - start), LU_PROT_R | LU_PROT_W) != 0)
        return elf_error(path, "cannot map a segment");
    memcpy(p->mem.base + ph->p_vaddr, image + ph->p_offset, ph->p_filesz);
    lu_protect(p, (uint32_t)start, (uint32_t)(end - start), seg_prot(ph));
    if (end > p->brk_start)
        p->brk_start = p->brk = (uint32_t)end;
    return 0;
}

static int load_segments(struct lu_process *p, const char *path, Elf *e, const GElf_Ehdr *eh)
{
    size_t image_size, n;
    const char *image = elf_rawfile(e, &image_size);
    if (!image || elf_getphdrnum(e, &n) != 0)
        return elf_error(path, "cannot read the program headers");
    p->phnum = (uint32_t)n;
    p->phent = eh->e_phentsize;
    for (size_t i = 0; i < n; i++) {
        GElf_Phdr ph;
        if (!gelf_getphdr(e, (int)i, &ph))
            return elf_error(path, "corrupt program header");
        if (ph.p_type == PT_INTERP)
            return elf_error(path, "dynamically linked programs are not supported yet (link with -static)");
        if (ph.p_type != PT_LOAD)
            continue;
        if (load_segment(p, path, &ph, image, image_size) != 0)
            return -1;
        if (eh->e_phoff >= ph.p_offset && eh->e_phoff < ph.p_offset + ph.p_filesz)
            p->phdr = (uint32_t)(ph.p_vaddr + (eh->e_phoff - ph.p_offset));
    }
    if (p->brk_start == 0)
        return elf_error(path, "no loadable segment");
    return 0;
}

static int check_header(const char *path, Elf *e, GElf_Ehdr *eh, uint16_t *machine)
{
    if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, eh))
        return elf_error(path, "not an ELF file");
    if (gelf_getclass(e) != ELFCLASS32)
        return elf_error(path, "64-bit ELF files are not supported yet");
    if (eh->e_type != ET_EXEC)
        return elf_error(path, "not an executable (ET_EXEC); position-independent executables are not supported yet");
    *machine = eh->e_machine;
    return 0;
}

/* Opens path and checks its header; on success the caller ends e and closes fd. */
static int elf_open(const char *path, int *fd, Elf **e, GElf_Ehdr *eh, uint16_t *machine)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0) {
        fprintf(stderr, "duet: %s: %s\n", path, strerror(errno));
        return -1;
    }
    elf_version(EV_CURRENT);
    *e = elf_begin(*fd, ELF_C_READ, NULL);
    if (*e && check_header(path, *e, eh, machine) == 0)
        return 0;
    if (!*e)
        elf_error(path, "not an ELF file");
    else
        elf_end(*e);
    close(*fd);
    return -1;
}

int lu_load_elf(struct lu_process *p, const char *path, uint16_t *machine)
{
    int fd;
    Elf *e;
    GElf_Ehdr eh;
    if (elf_open(path, &fd, &e, &eh, machine) != 0)
        return -1;
    int ret = *machine == p->target->elf_machine ? 0 : elf_error(path, "wrong architecture for this guest");
    if (ret == 0)
        ret = load_segments(p, path, e, &eh);
    p->entry = (uint32_t)eh.e_entry;
    p->exe_path = path;
    elf_end(e);
    close(fd);
    return ret;
}

/* Reads just the header's machine field, to pick the guest. */
int lu_elf_machine(const char *path, uint16_t *machine)
{
    int fd;
    Elf *e;
    GElf_Ehdr eh;
    if (elf_open(path, &fd, &e, &eh, machine) != 0)
        return -1;
    elf_end(e);
    close(fd);
    return 0;
}

/* Stack building: strings at the top, then the vectors below them. */
struct stack_builder {
    struct lu_process *p;
    uint32_t sp;
};

static uint32_t push_bytes(struct stack_builder *s, const void *data, uint32_t len)
{
    s->sp -= len;
    memcpy(s->p->mem.base + s->sp, data, len);
    return s->sp;
}

static void put_word(struct stack_builder *s, uint32_t *at, uint32_t v)
{
    memcpy(s->p->mem.base + *at, &v, 4);
    *at += 4;
}

enum { AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6, AT_BASE_ = 7,
       AT_FLAGS_ = 8, AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12, AT_GID_ = 13, AT_EGID_ = 14,
       AT_PLATFORM_ = 15, AT_HWCAP_ = 16, AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25,
       AT_EXECFN_ = 31 };

#define STACK_SIZE (8u << 20)

int lu_setup_stack(struct lu_process *p, int argc, char **argv, char **envp)
{
    uint32_t top = 0xff000000u, size = STACK_SIZE;
    if (lu_map(p, top - size, size, LU_PROT_R | LU_PROT_W) != 0) {
        fprintf(stderr, "duet: cannot map the guest stack\n");
        return -1;
    }
    struct stack_builder s = { p, top };
    int envc = 0;
    while (envp[envc])
        envc++;
    uint32_t *argv_at = calloc((size_t)argc + 1, 4), *envp_at = calloc((size_t)envc + 1, 4);
    uint32_t execfn = push_bytes(&s, p->exe_path, (uint32_t)strlen(p->exe_path) + 1);
    for (int i = envc; i-- > 0;)
        envp_at[i] = push_bytes(&s, envp[i], (uint32_t)strlen(envp[i]) + 1);
    for (int i = argc; i-- > 0;)
        argv_at[i] = push_bytes(&s, argv[i], (uint32_t)strlen(argv[i]) + 1);
    const char *plat = p->target->platform(p);
    uint32_t platform = push_bytes(&s, plat, (uint32_t)strlen(plat) + 1);
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(random() >> 7);
    uint32_t random_at = push_bytes(&s, rnd, 16);

    const uint32_t auxv[][2] = {
        { AT_PHDR_, p->phdr }, { AT_PHENT_, p->phent }, { AT_PHNUM_, p->phnum },
        { AT_PAGESZ_, LU_PAGE }, { AT_BASE_, 0 }, { AT_FLAGS_, 0 }, { AT_ENTRY_, p->entry },
        { AT_UID_, (uint32_t)getuid() }, { AT_EUID_, (uint32_t)geteuid() },
        { AT_GID_, (uint32_t)getgid() }, { AT_EGID_, (uint32_t)getegid() },
        { AT_HWCAP_, p->target->hwcap(p) }, { AT_CLKTCK_, 100 }, { AT_SECURE_, 0 },
        { AT_RANDOM_, random_at }, { AT_PLATFORM_, platform }, { AT_EXECFN_, execfn },
        { AT_NULL_, 0 },
    };
    uint32_t nauxv = sizeof(auxv) / sizeof(auxv[0]);
    uint32_t words = 1 + (uint32_t)argc + 1 + (uint32_t)envc + 1 + 2 * nauxv;
    s.sp = (s.sp - 4 * words) & ~15u;
    p->stack_top = s.sp;
    uint32_t at = s.sp;
    put_word(&s, &at, (uint32_t)argc);
    for (int i = 0; i <= argc; i++)
        put_word(&s, &at, i < argc ? argv_at[i] : 0);
    for (int i = 0; i <= envc; i++)
        put_word(&s, &at, i < envc ? envp_at[i] : 0);
    for (uint32_t i = 0; i < nauxv; i++) {
        put_word(&s, &at, auxv[i][0]);
        put_word(&s, &at, auxv[i][1]);
    }
    free(argv_at);
    free(envp_at);
    return 0;
}
