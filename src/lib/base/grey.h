/*
 * 8-bit grey from the 32-bit pixels a page is rendered to (cairo's RGB24:
 * 0x00RRGGBB in native byte order), weighted as the eye weights red,
 * green and blue (77, 150 and 29 of 256).
 */
#ifndef LAK_GREY_H
#define LAK_GREY_H

#include <stddef.h>

/* 'n' pixels of 'rgb' (4 bytes each) as grey into 'out' ('out' may be
 * 'rgb' itself: each grey byte is written after its pixel is read). */
void lak_grey_row(const unsigned char *rgb, size_t n, unsigned char *out);

/* A 'w' x 'h' image with 'stride' bytes a row as a new grey buffer, 'w'
 * bytes a row; NULL when out of memory. */
unsigned char *lak_grey_image(const unsigned char *rgb, int w, int h,
    int stride);

/* A 'sw' x 'sh' grey image shrunk to 'dw' x 'dh' (at most its size), each
 * target pixel the mean of the source pixels under it (a box filter, as
 * a renderer shrinks pictures): a new buffer, NULL when out of memory. */
unsigned char *lak_grey_shrink(const unsigned char *src, int sw, int sh,
    int dw, int dh);

#endif
