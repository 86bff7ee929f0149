/* A dynamically linked program run with -L (the guest's root): the
 * interpreter's start (auxiliary vector, PIE load), calls into the shared
 * C library through the PLT, dlopen and dlsym of libm, the loaded objects,
 * paths looked up under the sysroot, /proc/self/exe, and private file
 * mappings like the ones ld.so makes. Prints only facts that hold on every
 * run (no addresses, no host paths). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <link.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static int by_value(const void *a, const void *b)
{
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* libc through the PLT, with a callback back into the program. */
static void plt_calls(void)
{
    int v[] = { 42, -7, 19, 0, 1000, -300, 5 };
    qsort(v, sizeof(v) / sizeof(v[0]), sizeof(v[0]), by_value);
    for (unsigned i = 0; i < sizeof(v) / sizeof(v[0]); i++)
        printf("%d ", v[i]);
    char *s = strdup("shared library");
    printf("\nstrdup %s %zu strtol %ld\n", s, strlen(s), strtol("-0x7f", NULL, 16));
    free(s);
}

typedef double (*unary)(double);
typedef double (*binary)(double, double);

static void libm(void)
{
    void *h = dlopen("libm.so.6", RTLD_NOW);
    printf("dlopen libm %s\n", h ? "ok" : "failed");
    if (!h)
        return;
    unary s = (unary)dlsym(h, "sin"), c = (unary)dlsym(h, "cos"), q = (unary)dlsym(h, "sqrt");
    binary pw = (binary)dlsym(h, "pow");
    if (s && c && q && pw)
        printf("sin %.9f cos %.9f sqrt %.9f pow %.3f\n", s(0.5), c(1.25), q(2.0), pw(1.5, 10.0));
    printf("missing symbol %s\n", dlsym(h, "no_such_function") ? "found" : "not found");
    printf("dlclose %d\n", dlclose(h));
    printf("dlopen missing %s\n", dlopen("libno-such-library.so", RTLD_NOW) ? "found" : "not found");
}

static int count_object(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    int *n = data;
    const char *base = strrchr(info->dlpi_name, '/');
    if (*n == 0)
        printf("main program: biased %d, phdr is AT_PHDR %d\n", info->dlpi_addr != 0,
               (unsigned long)info->dlpi_phdr == getauxval(AT_PHDR));
    else
        printf("object %s\n", base ? base + 1 : info->dlpi_name);
    ++*n;
    return 0;
}

static void objects(void)
{
    int n = 0;
    dl_iterate_phdr(count_object, &n);
    printf("%d objects; AT_BASE set %d, AT_PHNUM %lu, AT_PHENT %lu, AT_ENTRY in program %d\n", n,
           getauxval(AT_BASE) != 0, getauxval(AT_PHNUM), getauxval(AT_PHENT),
           getauxval(AT_ENTRY) > (unsigned long)getauxval(AT_PHDR));
}

/* /lib/... exists only under the sysroot; /proc only on the host. */
static void paths(const char *argv0)
{
    /* Not stat: qemu-arm's statx, which glibc's stat uses, skips -L. */
    struct stat st;
    int fd = open("/lib/ld-linux.so.3", O_RDONLY);
    printf("open /lib/ld-linux.so.3 %d, an ELF file of some size %d\n", fd >= 0,
           fd >= 0 && fstat(fd, &st) == 0 && st.st_size > 4096);
    close(fd);
    printf("access /lib/libc.so.6 %d\n", access("/lib/libc.so.6", R_OK));
    printf("stat /proc/self %d\n", stat("/proc/self", &st));
    char buf[4096];
    ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
    buf[n > 0 ? n : 0] = '\0';
    const char *mine = strrchr(argv0, '/'), *seen = strrchr(buf, '/');
    printf("readlink /proc/self/exe: absolute %d, names this program %d\n", buf[0] == '/',
           mine && seen && strcmp(mine, seen) == 0);
}

/* ld.so's way: reserve the whole span, then map pieces of the file over it. */
static void file_maps(void)
{
    int fd = open("/proc/self/exe", O_RDONLY);
    unsigned char head[52];
    if (fd < 0 || pread(fd, head, sizeof(head), 0) != (ssize_t)sizeof(head)) {
        printf("open /proc/self/exe failed\n");
        return;
    }
    Elf32_Ehdr *eh = (Elf32_Ehdr *)head;
    printf("/proc/self/exe: ELF %d, machine %u, type %u\n", memcmp(head, ELFMAG, SELFMAG) == 0,
           eh->e_machine, eh->e_type);
    errno = 0;
    void *bad = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE, fd, 100);
    printf("mmap unaligned offset %s %s\n", bad == MAP_FAILED ? "failed" : "mapped", strerror(errno));
    unsigned char *span = mmap(NULL, 3 * 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unsigned char *mid = mmap(span + 4096, 4096, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd, 0);
    printf("fixed over reservation %d, same bytes %d\n", mid == span + 4096,
           mid != MAP_FAILED && memcmp(mid, head, sizeof(head)) == 0);
    printf("mprotect rw %d\n", mprotect(mid, 4096, PROT_READ | PROT_WRITE));
    mid[0] = 'X';
    printf("private copy written %c, file unchanged %d\n", mid[0],
           pread(fd, head, 1, 0) == 1 && head[0] == 0x7f);
    printf("mprotect ro %d\n", mprotect(mid, 4096, PROT_READ));
    printf("munmap %d\n", munmap(span, 3 * 4096));
    close(fd);
}

int main(int argc, char **argv)
{
    (void)argc;
    plt_calls();
    libm();
    objects();
    paths(argv[0]);
    file_maps();
    return 3;
}
