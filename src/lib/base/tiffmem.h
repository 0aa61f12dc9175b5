/*
 * libtiff on memory: a TIFF read from bytes (the TIFF * is returned as
 * void *, so that no libtiff type reaches a header; libtiff prints
 * nothing); and the CCITT Group 4 coding of a bilevel image, the
 * compression a PDF's /CCITTFaxDecode filter takes (/K -1; our own coder,
 * g4.c).
 */
#ifndef LAK_TIFFMEM_H
#define LAK_TIFFMEM_H

#include <stddef.h>

#include "lib/base/buf.h"
#include "lib/base/error.h"

/* A TIFF on 'len' bytes at 'data' (borrowed) for reading; NULL when
 * libtiff cannot open it. Close it with lak_tiff_close(). */
void *lak_tiff_read_memory(const void *data, size_t len);
void lak_tiff_close(void *tif);

/*
 * The G4 code of a 'w' x 'h' bilevel image, rows of 'stride' bytes, bits
 * most significant first, 0 = black and 1 = white (PDF DeviceGray 1-bit):
 * appended to 'out'. A PDF decodes it with /CCITTFaxDecode << /K -1
 * /Columns w /Rows h /BlackIs1 false >>.
 */
int lak_g4_encode(const unsigned char *px, int w, int h, size_t stride,
    struct lak_buf *out, struct lak_error *err);

#endif
