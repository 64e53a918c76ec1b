#ifndef REELSHOP_CPNG_SHIM_H
#define REELSHOP_CPNG_SHIM_H

/* libpng reports errors through setjmp/longjmp, which Swift cannot use, so ShopMedia only calls
 * the "simplified API" (png_image_*), which reports errors through return values. */
#include <png.h>

/* Function-like and composite macros are not imported into Swift: wrap the ones we need. */
static inline png_uint_32 rs_png_image_version(void) { return PNG_IMAGE_VERSION; }
static inline png_uint_32 rs_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 rs_png_format_gray(void) { return PNG_FORMAT_GRAY; }
static inline png_uint_32 rs_png_format_rgb(void) { return PNG_FORMAT_RGB; }

#endif
