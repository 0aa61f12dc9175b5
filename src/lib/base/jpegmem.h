/*
 * JPEG coding of a grey image into memory (libjpeg), for the release's
 * photo pages (a /DCTDecode image). libjpeg's errors come back as
 * errors, never an exit; it prints nothing.
 */
#ifndef LAK_JPEGMEM_H
#define LAK_JPEGMEM_H

#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

/* The JPEG of a 'w' x 'h' 8-bit grey image (rows of 'stride' bytes) at
 * 'quality' (1-100), appended to 'out'. */
int lak_jpeg_encode_grey(const unsigned char *px, int w, int h,
    size_t stride, int quality, struct lak_buf *out, struct lak_error *err);

#endif
