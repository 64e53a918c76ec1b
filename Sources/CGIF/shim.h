#ifndef REELSHOP_CGIF_SHIM_H
#define REELSHOP_CGIF_SHIM_H

/* Debian's libgif-dev ships no pkg-config file: the header is on the default path and the
 * modulemap links "gif" itself. */
#include <gif_lib.h>

static inline int rs_gif_ok(void) { return GIF_OK; }
static inline int rs_gif_error(void) { return GIF_ERROR; }
static inline int rs_no_transparent_color(void) { return NO_TRANSPARENT_COLOR; }
static inline int rs_dispose_unspecified(void) { return DISPOSAL_UNSPECIFIED; }
static inline int rs_dispose_do_not(void) { return DISPOSE_DO_NOT; }
static inline int rs_dispose_background(void) { return DISPOSE_BACKGROUND; }
static inline int rs_dispose_previous(void) { return DISPOSE_PREVIOUS; }
static inline int rs_graphics_ext_func_code(void) { return GRAPHICS_EXT_FUNC_CODE; }

#endif
