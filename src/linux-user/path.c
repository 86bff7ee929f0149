/* Guest paths on the host: the one place where a path the guest names
 * becomes the host file it means. With -L SYSROOT (or QEMU_LD_PREFIX) an
 * absolute path is looked up under SYSROOT first and falls back to the
 * host's own when nothing is there, as qemu-user does, so a foreign C
 * library and the host's /tmp and /proc both stay reachable. The guest's
 * /proc/self/exe is the guest program, not duet. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "linux-user/sys.h"

bool lu_is_self_exe(const char *name)
{
    char mine[32];
    snprintf(mine, sizeof(mine), "/proc/%d/exe", (int)getpid());
    return strcmp(name, "/proc/self/exe") == 0 || strcmp(name, mine) == 0;
}

/* access(F_OK), which follows symbolic links, is qemu's test too: the
 * guest then sees the same files under both. */
const char *lu_sysroot_path(const struct lu_process *p, const char *path, char *buf, size_t size)
{
    if (!p->sysroot || !p->sysroot[0] || path[0] != '/')
        return path;
    int n = snprintf(buf, size, "%s%s", p->sysroot, path);
    if (n < 0 || (size_t)n >= size || access(buf, F_OK) != 0)
        return path;
    return buf;
}

void lu_path_map(struct lu_process *p, char *buf)
{
    char tmp[LU_PATH_MAX];
    if (lu_is_self_exe(buf)) {
        /* Absolute, so it still names the program after a chdir. */
        char *real = realpath(p->exe_path, NULL);
        snprintf(buf, LU_PATH_MAX, "%s", real ? real : p->exe_path);
        free(real);
        return;
    }
    if (lu_sysroot_path(p, buf, tmp, sizeof(tmp)) == tmp)
        memcpy(buf, tmp, strlen(tmp) + 1);
}

int64_t lu_path(struct lu_process *p, char *buf, lu_addr addr)
{
    int64_t r = lu_path_raw(p, buf, addr);
    if (r == 0)
        lu_path_map(p, buf);
    return r;
}
