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

unsigned char *
lak_grey_shrink(const unsigned char *src, int sw, int sh, int dw, int dh)
{
	unsigned char *d = malloc((size_t)dw * (size_t)dh + 1);
	uint32_t *sum = calloc((size_t)dw + 1, sizeof(*sum));
	int *x0 = malloc(sizeof(*x0) * ((size_t)dw + 1));
	int sy = 0;

	if (d == NULL || sum == NULL || x0 == NULL || sw <= 0 || sh <= 0) {
		free(d);
		d = NULL;
		goto out;
	}
	/* the source columns of each target column: [x0[x], x0[x + 1]) */
	for (int x = 0; x <= dw; x++)
		x0[x] = (int)LAK_MIN((long long)x * sw / dw, (long long)sw);
	for (int y = 0; y < dh; y++) {
		int y1 = (int)LAK_MIN((long long)(y + 1) * sh / dh,
		    (long long)sh);
		int rows = 0;

		memset(sum, 0, sizeof(*sum) * (size_t)dw);
		for (; sy < y1 || (rows == 0 && sy < sh); sy++, rows++) {
			const unsigned char *r = src + (size_t)sy * (size_t)sw;

			for (int x = 0; x < dw; x++) {
				int a = x0[x], b = LAK_MAX(x0[x + 1], a + 1);

				for (int k = a; k < b && k < sw; k++)
					sum[x] += r[k];
			}
		}
		for (int x = 0; x < dw; x++) {
			int cols = LAK_MAX(x0[x + 1], x0[x] + 1) - x0[x];
			uint32_t n = (uint32_t)(cols * LAK_MAX(rows, 1));

			d[(size_t)y * (size_t)dw + (size_t)x] = rows == 0 ?
			    255 : (unsigned char)((sum[x] + n / 2) / n);
		}
	}
out:
	free(sum);
	free(x0);
	return d;
}
