/*
 * Grey from RGB pixels (see grey.h).
 */
#include "lib/base/common.h"

#include "lib/base/grey.h"

void
lak_grey_row(const unsigned char *rgb, size_t n, unsigned char *out)
{
	const uint32_t *row = (const uint32_t *)(const void *)rgb;

	for (size_t x = 0; x < n; x++) {
		uint32_t p = row[x];

		out[x] = (unsigned char)((((p >> 16) & 0xFF) * 77 +
		    ((p >> 8) & 0xFF) * 150 + (p & 0xFF) * 29) >> 8);
	}
}

unsigned char *
lak_grey_image(const unsigned char *rgb, int w, int h, int stride)
{
	unsigned char *g = malloc((size_t)w * (size_t)h + 1);

	if (g == NULL)
		return NULL;
	for (int y = 0; y < h; y++)
		lak_grey_row(rgb + (size_t)y * (size_t)stride, (size_t)w,
		    g + (size_t)y * (size_t)w);
	return g;
}
