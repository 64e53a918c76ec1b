#include "CMalloc.h"

#if defined(__GLIBC__)
#include <malloc.h>

int reelshop_malloc_limit_arenas(int count) { return mallopt(M_ARENA_MAX, count); }

#else

int reelshop_malloc_limit_arenas(int count) {
    (void)count;
    return 0;
}

#endif
