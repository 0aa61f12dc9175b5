/*
 * libtiff on memory (see tiffmem.h).
 */
#include "lib/base/common.h"

#include <stdio.h>

#include <tiffio.h>

#include "lib/base/tiffmem.h"

struct tmem {
	const unsigned char *d;	/* reading */
	struct lak_buf *w;	/* writing */
	toff_t len, pos;
};

static tsize_t
t_read(thandle_t h, tdata_t buf, tsize_t n)
{
	struct tmem *m = (struct tmem *)h;
	const unsigned char *d = m->w ? (const unsigned char *)m->w->data :
	    m->d;
	toff_t len = m->w ? m->w->len : m->len;
	toff_t left = m->pos < len ? len - m->pos : 0;

	if (n < 0)
		return -1;
	if ((toff_t)n > left)
		n = (tsize_t)left;
	if (n > 0)
		memcpy(buf, d + m->pos, (size_t)n);
	m->pos += (toff_t)n;
	return n;
}

static tsize_t
t_write(thandle_t h, tdata_t buf, tsize_t n)
{
	struct tmem *m = (struct tmem *)h;
	size_t end;

	if (m->w == NULL || n < 0)
		return -1;
	end = (size_t)m->pos + (size_t)n;
	if (end > m->w->len) {
		/* grow with zeros to the end of the write */
		size_t grow = end - m->w->len;

		while (grow > 0) {
			static const char zeros[4096];
			size_t k = LAK_MIN(grow, sizeof(zeros));

			if (lak_buf_add(m->w, zeros, k) < 0)
				return -1;
			grow -= k;
		}
	}
	memcpy(m->w->data + m->pos, buf, (size_t)n);
	m->pos += (toff_t)n;
	return n;
}

static toff_t
t_seek(thandle_t h, toff_t off, int whence)
{
	struct tmem *m = (struct tmem *)h;
	toff_t len = m->w ? m->w->len : m->len;
	toff_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ?
	    len : 0;

	m->pos = base + off;
	return m->pos;
}

static int
t_close(thandle_t h)
{
	free(h);
	return 0;
}

static toff_t
t_size(thandle_t h)
{
	struct tmem *m = (struct tmem *)h;

	return m->w ? m->w->len : m->len;
}

static int
t_map(thandle_t h, tdata_t *base, toff_t *size)
{
	(void)h;
	(void)base;
	(void)size;
	return 0;
}

static void
t_unmap(thandle_t h, tdata_t base, toff_t size)
{
	(void)h;
	(void)base;
	(void)size;
}

static TIFF *
open_mem(const unsigned char *d, size_t len, struct lak_buf *w,
    const char *mode)
{
	struct tmem *m = calloc(1, sizeof(*m));
	TIFF *t;

	if (m == NULL)
		return NULL;
	m->d = d;
	m->len = len;
	m->w = w;
	TIFFSetErrorHandler(NULL);
	TIFFSetWarningHandler(NULL);
	t = TIFFClientOpen("memory", mode, (thandle_t)m, t_read, t_write,
	    t_seek, t_close, t_size, t_map, t_unmap);
	if (t == NULL)
		free(m);	/* (libtiff closes nothing it did not open) */
	return t;
}

void *
lak_tiff_read_memory(const void *data, size_t len)
{
	return open_mem(data, len, NULL, "rm");
}

void
lak_tiff_close(void *tif)
{
	if (tif != NULL)
		TIFFClose(tif);
}

int
lak_g4_encode(const unsigned char *px, int w, int h, size_t stride,
    struct lak_buf *out, struct lak_error *err)
{
	struct lak_buf tiff;
	size_t rowbytes = (size_t)(w + 7) / 8;
	unsigned char *row = malloc(rowbytes + 1);
	TIFF *t;
	int ret = -1;

	lak_buf_init(&tiff, 0);
	if (row == NULL)
		return lak_error_oom(err);
	if ((t = open_mem(NULL, 0, &tiff, "w")) == NULL) {
		free(row);
		return lak_error_oom(err);
	}
	TIFFSetField(t, TIFFTAG_IMAGEWIDTH, (uint32_t)w);
	TIFFSetField(t, TIFFTAG_IMAGELENGTH, (uint32_t)h);
	TIFFSetField(t, TIFFTAG_BITSPERSAMPLE, 1);
	TIFFSetField(t, TIFFTAG_SAMPLESPERPIXEL, 1);
	TIFFSetField(t, TIFFTAG_COMPRESSION, COMPRESSION_CCITTFAX4);
	/* the fax convention: 0 white, 1 black; our rows are the other way
	 * round, and go in inverted */
	TIFFSetField(t, TIFFTAG_PHOTOMETRIC, PHOTOMETRIC_MINISWHITE);
	TIFFSetField(t, TIFFTAG_FILLORDER, FILLORDER_MSB2LSB);
	TIFFSetField(t, TIFFTAG_ROWSPERSTRIP, (uint32_t)h);
	for (int y = 0; y < h; y++) {
		const unsigned char *in = px + (size_t)y * stride;

		for (size_t i = 0; i < rowbytes; i++)
			row[i] = (unsigned char)~in[i];
		if (TIFFWriteScanline(t, row, (uint32_t)y, 0) < 0) {
			TIFFClose(t);
			lak_error_set(err, LAK_EIO, "G4: row %d cannot be coded",
			    y);
			goto out;
		}
	}
	/* the strip is written and the directory still current: the G4
	 * code is the strip's bytes in the buffer (no second parse) */
	{
		uint64_t *offs = NULL, *counts = NULL, off, count;

		if (!TIFFFlushData(t) || lak_buf_check(&tiff, err) < 0 ||
		    !TIFFGetField(t, TIFFTAG_STRIPOFFSETS, &offs) ||
		    !TIFFGetField(t, TIFFTAG_STRIPBYTECOUNTS, &counts) ||
		    offs == NULL || counts == NULL ||
		    TIFFNumberOfStrips(t) != 1) {
			TIFFClose(t);
			if (err->code == LAK_OK)
				lak_error_set(err, LAK_EIO, "G4: the image "
				    "cannot be coded");
			goto out;
		}
		off = offs[0];
		count = counts[0];
		TIFFClose(t);
		if (off > tiff.len || count > tiff.len - off) {
			lak_error_set(err, LAK_EIO, "G4: the strip is not where "
			    "libtiff says");
			goto out;
		}
		if (lak_buf_add(out, tiff.data + off, (size_t)count) < 0 ||
		    lak_buf_check(out, err) < 0)
			goto out;
	}
	ret = 0;
out:
	free(row);
	lak_buf_release(&tiff);
	return ret;
}
