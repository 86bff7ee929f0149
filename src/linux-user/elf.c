/* Loading a guest ELF executable with libelf, and the initial stack the
 * Linux kernel builds for it (argc, argv, envp, auxv). */
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "linux-user/process.h"

#define PAGE_DOWN(a) ((a) & ~(uint64_t)(LU_PAGE - 1))
#define PAGE_UP(a) (((a) + LU_PAGE - 1) & ~(uint64_t)(LU_PAGE - 1))

/* Where a position-independent main program goes (the kernel's
 * ELF_ET_DYN_BASE) unless the target says (lu_target.pie_base): in a
 * 32-bit space low, where an ET_EXEC program would be, so that its brk
 * area above it is large and well clear of the mmap area, which grows up
 * from lu_process.mmap_base, where the interpreter goes. */
#define DYN_BASE 0x00400000u
/* The largest segment alignment honoured; larger ones are treated as this. */
#define MAX_ALIGN 0x01000000u

static int elf_error(const char *path, const char *what)
{
    fprintf(stderr, "duet: %s: %s\n", path, what);
    return -1;
}

/* One open ELF file and what loading it needs. */
struct elf_file {
    const char *path;
    int fd;
    Elf *e;
    GElf_Ehdr eh;
    const char *image;          /* the whole file */
    size_t image_size;
    GElf_Phdr *ph;
    size_t phnum;
};

/* What one loaded file gives the process. */
struct elf_loaded {
    lu_addr bias;               /* added to every p_vaddr (modulo 2^64) */
    lu_addr entry, phdr;        /* with the bias */
    lu_addr end;                /* page above the last segment: where brk starts */
};

/* The end of the guest's user address space. */
static uint64_t task_end(const struct lu_process *p)
{
    return p->target->task_size ? p->target->task_size : 1ull << 32;
}

static int seg_prot(const GElf_Phdr *ph)
{
    return ((ph->p_flags & PF_R) ? LU_PROT_R : 0) | ((ph->p_flags & PF_W) ? LU_PROT_W : 0) |
           ((ph->p_flags & PF_X) ? LU_PROT_X : 0);
}

static int check_segment(struct lu_process *p, const struct elf_file *f, const GElf_Phdr *ph, uint64_t vaddr)
{
    if (ph->p_filesz > ph->p_memsz || ph->p_offset > f->image_size ||
        ph->p_filesz > f->image_size - ph->p_offset)
        return elf_error(f->path, "truncated or corrupt program header (segment past the end of the file)");
    if ((ph->p_offset ^ ph->p_vaddr) & (LU_PAGE - 1))
        return elf_error(f->path, "segment file offset and address differ modulo the page size");
    if (vaddr >= task_end(p) || ph->p_memsz > task_end(p) - vaddr)
        return elf_error(f->path, "segment outside the guest's user address space");
    return 0;
}

/* Maps one PT_LOAD segment the way the kernel's mmap of the file would:
 * whole pages of the file from the page the segment starts in, then for
 * bss (memsz > filesz) the rest of the last file page zeroed and anonymous
 * zero pages up to memsz. */
static int load_segment(struct lu_process *p, const struct elf_file *f, const GElf_Phdr *ph, lu_addr bias)
{
    uint64_t vaddr = bias + ph->p_vaddr;
    if (check_segment(p, f, ph, vaddr) != 0)
        return -1;
    uint64_t start = PAGE_DOWN(vaddr), file_end = vaddr + ph->p_filesz;
    uint64_t end = PAGE_UP(vaddr + ph->p_memsz);
    if (end <= start)
        return 0;
    /* Writable while the contents go in, then the segment's own rights. */
    if (lu_map(p, start, end - start, LU_PROT_R | LU_PROT_W) != 0)
        return elf_error(f->path, "cannot map a segment");
    if (ph->p_filesz) {
        uint64_t off = ph->p_offset - (vaddr - start);
        uint64_t len = PAGE_UP(file_end) - start;
        if (len > f->image_size - off)
            len = f->image_size - off;
        memcpy(p->mem.base + start, f->image + off, len);
    }
    if (ph->p_memsz > ph->p_filesz)
        memset(p->mem.base + file_end, 0, PAGE_UP(file_end) - file_end);
    lu_protect(p, start, end - start, seg_prot(ph));
    return 0;
}

/* The page-aligned span [*lo, *hi) of the PT_LOAD segments and their
 * largest alignment; -1 when there is none. */
static int load_span(const struct lu_process *p, const struct elf_file *f, uint64_t *lo, uint64_t *hi,
                     uint32_t *align)
{
    *lo = UINT64_MAX;
    *hi = 0;
    *align = LU_PAGE;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (PAGE_DOWN(ph->p_vaddr) < *lo)
            *lo = PAGE_DOWN(ph->p_vaddr);
        if (PAGE_UP(ph->p_vaddr + ph->p_memsz) > *hi)
            *hi = PAGE_UP(ph->p_vaddr + ph->p_memsz);
        /* The kernel ignores alignments that are not powers of two. */
        if (ph->p_align > *align && ph->p_align <= MAX_ALIGN && !(ph->p_align & (ph->p_align - 1)))
            *align = (uint32_t)ph->p_align;
    }
    if (*hi == 0)
        return elf_error(f->path, "no loadable segment");
    if (*hi < *lo || *hi - *lo > task_end(p) || (f->eh.e_type != ET_DYN && *hi > task_end(p)))
        return elf_error(f->path, "segments outside the guest's user address space");
    return 0;
}

/* A free range of len bytes aligned to align, at or above hint; 0 if none. */
static lu_addr find_free_aligned(struct lu_process *p, lu_addr hint, lu_addr len, uint32_t align)
{
    uint64_t a = hint;
    for (;;) {
        a = (a + align - 1) & ~(uint64_t)(align - 1);
        if (a + len > task_end(p))
            return 0;
        lu_addr f = lu_find_free(p, a, len);
        if (!f || f % align == 0)
            return f;
        a = f;
    }
}

/* The load bias: none for ET_EXEC; for ET_DYN the main program goes at
 * the target's PIE base and the interpreter at the first free aligned
 * range of the mmap area, as the kernel does. */
static int choose_bias(struct lu_process *p, const struct elf_file *f, bool interp, lu_addr *bias)
{
    uint64_t lo, hi;
    uint32_t align;
    if (load_span(p, f, &lo, &hi, &align) != 0)
        return -1;
    *bias = 0;
    if (f->eh.e_type != ET_DYN)
        return 0;
    lu_addr pie = p->target->pie_base ? p->target->pie_base : DYN_BASE;
    lu_addr at = interp ? find_free_aligned(p, p->mmap_base, hi - lo, align) : (pie & ~(lu_addr)(align - 1));
    if (!at)
        return elf_error(f->path, "no free guest address range for the interpreter");
    *bias = at - lo;
    return 0;
}

/* Code and data symbols of the file's symbol table (or its dynamic one),
 * at their load addresses. Bit 0 of a function's address is the ISA mode
 * (Thumb, MIPS16), not part of it; ARM mapping symbols ($a, $t, $d) are
 * not names. */
static void read_symbols(const struct elf_file *f, lu_addr bias, struct symtab *t)
{
    for (int pass = 0; pass < 2; pass++) {
        Elf_Scn *scn = NULL;
        size_t before = t->n;
        while ((scn = elf_nextscn(f->e, scn)) != NULL) {
            GElf_Shdr sh;
            Elf_Data *d;
            if (!gelf_getshdr(scn, &sh) || sh.sh_type != (pass ? SHT_DYNSYM : SHT_SYMTAB) ||
                !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
                continue;
            for (size_t i = 0; i < sh.sh_size / sh.sh_entsize; i++) {
                GElf_Sym sym;
                const char *name;
                if (!gelf_getsym(d, (int)i, &sym) || sym.st_shndx == SHN_UNDEF)
                    continue;
                int type = GELF_ST_TYPE(sym.st_info);
                if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) ||
                    !(name = elf_strptr(f->e, sh.sh_link, sym.st_name)) || !name[0] || name[0] == '$')
                    continue;
                uint64_t addr = sym.st_value & (type == STT_FUNC ? ~1ull : ~0ull);
                symtab_add(t, bias + addr, sym.st_size, name);
            }
        }
        if (t->n > before)
            return;
    }
}

static int map_file(struct lu_process *p, const struct elf_file *f, bool interp, struct elf_loaded *l)
{
    if (choose_bias(p, f, interp, &l->bias) != 0)
        return -1;
    l->entry = l->bias + f->eh.e_entry;
    l->phdr = l->end = 0;
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type != PT_LOAD)
            continue;
        if (load_segment(p, f, ph, l->bias) != 0)
            return -1;
        lu_addr end = PAGE_UP(l->bias + ph->p_vaddr + ph->p_memsz);
        if (end > l->end)
            l->end = end;
        if (f->eh.e_phoff >= ph->p_offset && f->eh.e_phoff < ph->p_offset + ph->p_filesz)
            l->phdr = l->bias + ph->p_vaddr + (f->eh.e_phoff - ph->p_offset);
    }
    if (p->symbols)
        read_symbols(f, l->bias, p->symbols);
    return 0;
}

static int check_header(const char *path, Elf *e, GElf_Ehdr *eh, uint16_t *machine, bool *big_endian,
                        bool *elf64)
{
    if (elf_kind(e) != ELF_K_ELF || !gelf_getehdr(e, eh))
        return elf_error(path, "not an ELF file");
    int cls = gelf_getclass(e);
    if (cls != ELFCLASS32 && cls != ELFCLASS64)
        return elf_error(path, "unknown ELF class (neither 32- nor 64-bit)");
    *elf64 = cls == ELFCLASS64;
    if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
        return elf_error(path, "not an executable or shared object (ELF type is neither ET_EXEC nor ET_DYN)");
    *machine = eh->e_machine;
    if (big_endian)
        *big_endian = eh->e_ident[EI_DATA] == ELFDATA2MSB;
    return 0;
}

/* Opens path and checks its header; on success the caller ends e and closes fd. */
static int elf_open(const char *path, int *fd, Elf **e, GElf_Ehdr *eh, uint16_t *machine, bool *big_endian,
                    bool *elf64)
{
    *fd = open(path, O_RDONLY | O_CLOEXEC);
    if (*fd < 0) {
        fprintf(stderr, "duet: %s: %s\n", path, strerror(errno));
        return -1;
    }
    elf_version(EV_CURRENT);
    *e = elf_begin(*fd, ELF_C_READ, NULL);
    if (*e && check_header(path, *e, eh, machine, big_endian, elf64) == 0)
        return 0;
    if (!*e)
        elf_error(path, "not an ELF file");
    else
        elf_end(*e);
    close(*fd);
    return -1;
}

static void file_close(struct elf_file *f)
{
    free(f->ph);
    elf_end(f->e);
    close(f->fd);
}

/* Opens an ELF file for this guest and reads its program headers. */
static int file_open(struct lu_process *p, const char *path, struct elf_file *f, uint16_t *machine)
{
    memset(f, 0, sizeof(*f));
    f->path = path;
    bool big_endian, elf64;
    if (elf_open(path, &f->fd, &f->e, &f->eh, machine, &big_endian, &elf64) != 0)
        return -1;
    int ret = *machine == p->target->elf_machine ? 0 : elf_error(path, "wrong architecture for this guest");
    if (ret == 0 && big_endian != p->target->big_endian)
        ret = elf_error(path, "wrong byte order for this guest");
    if (ret == 0 && elf64 != (p->target->word_size == 8))
        ret = elf_error(path, elf64 ? "a 64-bit ELF file for a 32-bit guest" : "a 32-bit ELF file for a 64-bit guest");
    f->image = elf_rawfile(f->e, &f->image_size);
    if (ret == 0 && (!f->image || elf_getphdrnum(f->e, &f->phnum) != 0))
        ret = elf_error(path, "cannot read the program headers");
    if (ret == 0 && !(f->ph = calloc(f->phnum ? f->phnum : 1, sizeof(*f->ph))))
        ret = elf_error(path, "out of memory");
    for (size_t i = 0; ret == 0 && i < f->phnum; i++)
        if (!gelf_getphdr(f->e, (int)i, &f->ph[i]))
            ret = elf_error(path, "corrupt program header");
    if (ret != 0)
        file_close(f);
    return ret;
}

/* PT_INTERP's path into buf: 1 when there is one, 0 when not, -1 on error. */
static int interp_name(const struct elf_file *f, char *buf, size_t size)
{
    for (size_t i = 0; i < f->phnum; i++) {
        const GElf_Phdr *ph = &f->ph[i];
        if (ph->p_type != PT_INTERP)
            continue;
        if (ph->p_offset > f->image_size || ph->p_filesz > f->image_size - ph->p_offset ||
            ph->p_filesz < 2 || ph->p_filesz > size || f->image[ph->p_offset + ph->p_filesz - 1] != '\0')
            return elf_error(f->path, "corrupt PT_INTERP (interpreter path)");
        memcpy(buf, f->image + ph->p_offset, ph->p_filesz);
        return 1;
    }
    return 0;
}

/* PT_GNU_STACK's PF_X; without PT_GNU_STACK the stack is executable, as
 * the kernel makes it for ARM cores before ARMv6 (READ_IMPLIES_EXEC). */
static bool wants_exec_stack(const struct elf_file *f)
{
    for (size_t i = 0; i < f->phnum; i++)
        if (f->ph[i].p_type == PT_GNU_STACK)
            return (f->ph[i].p_flags & PF_X) != 0;
    return true;
}

/* The interpreter named by prog, looked up through the sysroot. */
static int load_interp(struct lu_process *p, const char *prog, const char *name, struct elf_loaded *l)
{
    char buf[4096];
    const char *host = lu_sysroot_path(p, name, buf, sizeof(buf));
    if (access(host, F_OK) != 0) {
        if (p->sysroot)
            fprintf(stderr, "duet: %s: interpreter %s not found (tried %s%s and %s)\n", prog, name,
                    p->sysroot, name, name);
        else
            fprintf(stderr, "duet: %s: interpreter %s not found (tried %s; -L DIR looks under the guest's "
                    "root DIR)\n", prog, name, name);
        return -1;
    }
    struct elf_file f;
    uint16_t machine;
    if (file_open(p, host, &f, &machine) != 0)
        return -1;
    char nested[8];
    int ret = interp_name(&f, nested, sizeof(nested)) == 0 ? 0 : elf_error(host, "an interpreter cannot have an interpreter");
    if (ret == 0)
        ret = map_file(p, &f, true, l);
    file_close(&f);
    return ret;
}

int lu_load_elf(struct lu_process *p, const char *path, uint16_t *machine)
{
    struct elf_file f;
    struct elf_loaded prog, interp = { 0 };
    char interp_path[4096];
    if (file_open(p, path, &f, machine) != 0)
        return -1;
    int has_interp = interp_name(&f, interp_path, sizeof(interp_path));
    int ret = has_interp < 0 ? -1 : map_file(p, &f, false, &prog);
    if (ret == 0 && has_interp)
        ret = load_interp(p, path, interp_path, &interp);
    if (ret == 0) {
        p->entry = prog.entry;
        p->phdr = prog.phdr;
        p->phnum = (uint32_t)f.phnum;
        p->phent = f.eh.e_phentsize;
        p->start = has_interp ? interp.entry : prog.entry;
        p->interp_base = has_interp ? interp.bias : 0;
        p->sh->brk_start = p->sh->brk = prog.end;
        p->exec_stack = wants_exec_stack(&f);
        p->exe_path = path;
    }
    file_close(&f);
    return ret;
}

/* Reads just the header's machine field and byte order, to pick the guest. */
int lu_elf_machine(const char *path, uint16_t *machine, bool *big_endian, bool *elf64)
{
    int fd;
    Elf *e;
    GElf_Ehdr eh;
    if (elf_open(path, &fd, &e, &eh, machine, big_endian, elf64) != 0)
        return -1;
    elf_end(e);
    close(fd);
    return 0;
}

/* Stack building: strings at the top, then the vectors below them, in
 * words of the guest's long. */
struct stack_builder {
    struct lu_process *p;
    lu_addr sp;
};

static lu_addr push_bytes(struct stack_builder *s, const void *data, size_t len)
{
    s->sp -= len;
    memcpy(s->p->mem.base + s->sp, data, len);
    return s->sp;
}

static void put_word(struct stack_builder *s, lu_addr *at, uint64_t v)
{
    const struct lu_target *t = s->p->target;
    uint8_t *dst = s->p->mem.base + *at;
    for (unsigned i = 0; i < t->word_size; i++)
        dst[t->big_endian ? t->word_size - 1 - i : i] = (uint8_t)(v >> (8 * i));
    *at += t->word_size;
}

static lu_addr push_string(struct stack_builder *s, const char *str)
{
    return push_bytes(s, str, strlen(str) + 1);
}

enum { AT_NULL_ = 0, AT_PHDR_ = 3, AT_PHENT_ = 4, AT_PHNUM_ = 5, AT_PAGESZ_ = 6, AT_BASE_ = 7,
       AT_FLAGS_ = 8, AT_ENTRY_ = 9, AT_UID_ = 11, AT_EUID_ = 12, AT_GID_ = 13, AT_EGID_ = 14,
       AT_PLATFORM_ = 15, AT_HWCAP_ = 16, AT_CLKTCK_ = 17, AT_SECURE_ = 23, AT_RANDOM_ = 25,
       AT_EXECFN_ = 31 };

/* What the program gets of the stack area besides its arguments: the
 * area holds those and this much more, as the kernel's stack would grow. */
#define STACK_SIZE (8u << 20)
/* fs/exec.c's bounds on the room for the strings: ARG_MAX at least,
 * three quarters of _STK_LIM at most. */
#define ARG_LIMIT_MIN (32u * 4096u)
#define ARG_LIMIT_MAX (6u << 20)
/* Entries of the auxiliary vector, at most (lu_setup_stack's, AT_NULL too). */
#define AUXV_MAX 32

/* A quarter of the stack limit, bounded; the guest's stack limit is the
 * host's (setrlimit keeps RLIMIT_STACK from the guest). */
static uint64_t args_limit(void)
{
    struct rlimit rl;
    uint64_t limit = ARG_LIMIT_MAX;
    if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur / 4 < limit)
        limit = rl.rlim_cur / 4;
    return limit > ARG_LIMIT_MIN ? limit : ARG_LIMIT_MIN;
}

int64_t lu_args_room(const struct lu_process *p, uint64_t pointers)
{
    uint64_t limit = args_limit(), pointer_bytes = pointers * p->target->word_size;
    return pointer_bytes < limit ? (int64_t)(limit - pointer_bytes) : -E2BIG;
}

/* The bytes of n strings with their NULs; *too_long when one is longer
 * than the kernel takes. */
static uint64_t strings_bytes(char **v, int n, bool *too_long)
{
    uint64_t total = 0;
    for (int i = 0; i < n; i++) {
        uint64_t len = strlen(v[i]) + 1;
        *too_long |= len > LU_ARG_STRLEN_MAX;
        total += len;
    }
    return total;
}

/* The bytes the strings and vectors of the initial stack take, or 0 (with
 * a message naming the program) when Linux would refuse them with E2BIG. */
static uint64_t stack_bytes(struct lu_process *p, int argc, char **argv, int envc, char **envp)
{
    bool too_long = false;
    uint64_t strings = strlen(p->exe_path) + 1 + strings_bytes(argv, argc, &too_long) +
                       strings_bytes(envp, envc, &too_long);
    uint64_t pointers = (uint64_t)(argc > 0 ? argc : 1) + (uint64_t)envc;
    int64_t room = lu_args_room(p, pointers);
    if (too_long || room < 0 || strings > (uint64_t)room) {
        fprintf(stderr, "duet: %s: argument list too long: %llu bytes of arguments and environment in %llu "
                "strings%s, more than Linux passes with this stack limit\n", p->exe_path,
                (unsigned long long)strings, (unsigned long long)pointers,
                too_long ? " (one of more than 128 KiB)" : "");
        return 0;
    }
    uint64_t words = 3 + (uint64_t)argc + (uint64_t)envc + 2 * AUXV_MAX;
    return strings + strlen(p->target->platform(p)) + 1 + 16 +
           words * p->target->word_size + 32;
}

/* argc, argv, envp and the auxiliary vector from sp up. */
static void put_vectors(struct stack_builder *s, int argc, const lu_addr *argv_at, int envc,
                        const lu_addr *envp_at, const uint64_t (*auxv)[2], unsigned nauxv)
{
    lu_addr at = s->sp;
    put_word(s, &at, (uint64_t)argc);
    for (int i = 0; i <= argc; i++)
        put_word(s, &at, i < argc ? argv_at[i] : 0);
    for (int i = 0; i <= envc; i++)
        put_word(s, &at, i < envc ? envp_at[i] : 0);
    for (unsigned i = 0; i < nauxv; i++) {
        put_word(s, &at, auxv[i][0]);
        put_word(s, &at, auxv[i][1]);
    }
}

int lu_setup_stack(struct lu_process *p, int argc, char **argv, char **envp)
{
    int envc = 0;
    while (envp[envc])
        envc++;
    uint64_t need = stack_bytes(p, argc, argv, envc, envp);
    if (!need)
        return -1;
    lu_addr top = p->target->task_size ? p->target->task_size : 0xff000000u, size = STACK_SIZE + PAGE_UP(need);
    int prot = LU_PROT_R | LU_PROT_W | (p->exec_stack ? LU_PROT_X : 0);
    if (lu_map(p, top - size, size, prot) != 0) {
        fprintf(stderr, "duet: %s: cannot map the guest stack\n", p->exe_path);
        return -1;
    }
    struct stack_builder s = { p, top };
    lu_addr *argv_at = calloc((size_t)argc + 1, sizeof(lu_addr));
    lu_addr *envp_at = calloc((size_t)envc + 1, sizeof(lu_addr));
    lu_addr execfn = push_string(&s, p->exe_path);
    for (int i = envc; i-- > 0;)
        envp_at[i] = push_string(&s, envp[i]);
    for (int i = argc; i-- > 0;)
        argv_at[i] = push_string(&s, argv[i]);
    lu_addr platform = push_string(&s, p->target->platform(p));
    uint8_t rnd[16];
    for (int i = 0; i < 16; i++)
        rnd[i] = (uint8_t)(random() >> 7);
    lu_addr random_at = push_bytes(&s, rnd, 16);

    const uint64_t auxv[][2] = {
        { AT_PHDR_, p->phdr }, { AT_PHENT_, p->phent }, { AT_PHNUM_, p->phnum },
        { AT_PAGESZ_, LU_PAGE }, { AT_BASE_, p->interp_base }, { AT_FLAGS_, 0 }, { AT_ENTRY_, p->entry },
        { AT_UID_, getuid() }, { AT_EUID_, geteuid() }, { AT_GID_, getgid() }, { AT_EGID_, getegid() },
        { AT_HWCAP_, p->target->hwcap(p) }, { AT_CLKTCK_, 100 }, { AT_SECURE_, 0 },
        { AT_RANDOM_, random_at }, { AT_PLATFORM_, platform }, { AT_EXECFN_, execfn },
        { AT_NULL_, 0 },
    };
    unsigned nauxv = sizeof(auxv) / sizeof(auxv[0]);
    _Static_assert(sizeof(auxv) / sizeof(auxv[0]) <= AUXV_MAX, "AUXV_MAX");
    uint64_t words = 1 + (uint64_t)argc + 1 + (uint64_t)envc + 1 + 2 * nauxv;
    s.sp = (s.sp - p->target->word_size * words) & ~(lu_addr)15;
    p->stack_top = s.sp;
    put_vectors(&s, argc, argv_at, envc, envp_at, auxv, nauxv);
    free(argv_at);
    free(envp_at);
    return 0;
}
