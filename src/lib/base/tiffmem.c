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
