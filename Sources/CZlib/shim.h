#ifndef REELSHOP_CZLIB_SHIM_H
#define REELSHOP_CZLIB_SHIM_H

/* zlib for the kitty graphics protocol's `o=z` payloads (RFC 1950 streams). Only the one-shot
 * compress2/uncompress calls are used; they report errors through return values. */
#include <zlib.h>

static inline int rs_z_ok(void) { return Z_OK; }
static inline int rs_z_best_speed(void) { return Z_BEST_SPEED; }
static inline int rs_z_default_compression(void) { return Z_DEFAULT_COMPRESSION; }

#endif
