/* Allocation that never returns NULL: running out of host memory ends the
 * process with a message, as there is nothing sensible to continue with. */
#ifndef DUET_XALLOC_H
#define DUET_XALLOC_H

#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);

#endif
