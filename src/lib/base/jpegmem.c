/*
 * JPEG coding into memory (see jpegmem.h).
 */
#include "lib/base/common.h"

#include <setjmp.h>
#include <stdio.h>

#include <jpeglib.h>

#include "lib/base/jpegmem.h"

struct jerr {
	struct jpeg_error_mgr pub;
	jmp_buf jb;
};

static void
jfail(j_common_ptr ci)
{
	struct jerr *e = (struct jerr *)(void *)ci->err;

	longjmp(e->jb, 1);
}

static void
jquiet(j_common_ptr ci, int level)
{
	(void)ci;
	(void)level;
}

int
lak_jpeg_encode_grey(const unsigned char *px, int w, int h, size_t stride,
    int quality, struct lak_buf *out, struct lak_error *err)
{
	struct jpeg_compress_struct ci;
	struct jerr je;
	unsigned char *mem = NULL;
	unsigned long size = 0;

	if (w <= 0 || h <= 0)
		return lak_error_set(err, LAK_EINVAL, "JPEG: an empty image");
	memset(&ci, 0, sizeof(ci));
	ci.err = jpeg_std_error(&je.pub);
	je.pub.error_exit = jfail;
	je.pub.emit_message = jquiet;
	if (setjmp(je.jb)) {
		jpeg_destroy_compress(&ci);
		free(mem);
		return lak_error_set(err, LAK_EIO, "JPEG: the image cannot be "
		    "coded");
	}
	jpeg_create_compress(&ci);
	jpeg_mem_dest(&ci, &mem, &size);
	ci.image_width = (JDIMENSION)w;
	ci.image_height = (JDIMENSION)h;
	ci.input_components = 1;
	ci.in_color_space = JCS_GRAYSCALE;
	jpeg_set_defaults(&ci);
	jpeg_set_quality(&ci, quality, TRUE);
	/* no JFIF density or comment of ours to leak anything: defaults */
	jpeg_start_compress(&ci, TRUE);
	while (ci.next_scanline < ci.image_height) {
		JSAMPROW r = (JSAMPROW)(uintptr_t)(px + (size_t)ci.next_scanline *
		    stride);

		jpeg_write_scanlines(&ci, &r, 1);
	}
	jpeg_finish_compress(&ci);
	jpeg_destroy_compress(&ci);
	lak_buf_add(out, mem, size);
	free(mem);
	return lak_buf_check(out, err);
}
