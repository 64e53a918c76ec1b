#ifndef CMALLOC_H
#define CMALLOC_H

/// glibc's malloc tuning (mallopt, malloc.h), which Swift's Glibc module does not export. On a C
/// library other than glibc it does nothing and returns 0.

/// At most `count` malloc arenas (M_ARENA_MAX). Returns 1 on success.
int reelshop_malloc_limit_arenas(int count);

#endif
