#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xalloc.h"

static void *xcheck(void *p)
{
    if (!p) {
        fputs("duet: out of host memory\n", stderr);
        abort();
    }
    return p;
}

void *xmalloc(size_t n) { return xcheck(malloc(n ? n : 1)); }
void *xcalloc(size_t n, size_t size) { return xcheck(calloc(n ? n : 1, size ? size : 1)); }
void *xrealloc(void *p, size_t n) { return xcheck(realloc(p, n ? n : 1)); }
char *xstrdup(const char *s) { return xcheck(strdup(s)); }
