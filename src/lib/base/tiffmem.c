/*
 * libtiff on memory (see tiffmem.h).
 */
#include "lib/base/common.h"

#include <stdio.h>

#include <tiffio.h>

#include "lib/base/tiffmem.h"

/* A TIFF's bytes being read: libtiff's client I/O over memory. */
struct tmem {
	const unsigned char *d;
	toff_t len, pos;
};

static tsize_t
t_read(thandle_t h, tdata_t buf, tsize_t n)
{
	struct tmem *m = (struct tmem *)h;
	toff_t left = m->pos < m->len ? m->len - m->pos : 0;

	if (n < 0)
		return -1;
	if ((toff_t)n > left)
		n = (tsize_t)left;
	if (n > 0)
		memcpy(buf, m->d + m->pos, (size_t)n);
	m->pos += (toff_t)n;
	return n;
}

static tsize_t
t_write(thandle_t h, tdata_t buf, tsize_t n)
{
	(void)h;
	(void)buf;
	(void)n;
	return -1;		/* read only */
}

static toff_t
t_seek(thandle_t h, toff_t off, int whence)
{
	struct tmem *m = (struct tmem *)h;
	toff_t base = whence == SEEK_CUR ? m->pos : whence == SEEK_END ?
	    m->len : 0;

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
	return ((struct tmem *)h)->len;
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

void *
lak_tiff_read_memory(const void *data, size_t len)
{
	struct tmem *m = calloc(1, sizeof(*m));
	TIFF *t;

	if (m == NULL)
		return NULL;
	m->d = data;
	m->len = len;
	TIFFSetErrorHandler(NULL);
	TIFFSetWarningHandler(NULL);
	t = TIFFClientOpen("memory", "rm", (thandle_t)m, t_read, t_write,
	    t_seek, t_close, t_size, t_map, t_unmap);
	if (t == NULL)
		free(m);	/* (libtiff closes nothing it did not open) */
	return t;
}

void
lak_tiff_close(void *tif)
{
	if (tif != NULL)
		TIFFClose(tif);
}
