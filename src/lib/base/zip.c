/*
 * A ZIP file in memory (see zip.h): local headers, raw deflate (zlib),
 * the central directory. No ZIP64: each part and the whole under 4 GB.
 */
#include "lib/base/common.h"

#include <time.h>
#include <zlib.h>
#include <minizip/unzip.h>

#include "lib/base/zip.h"

static void
le16(struct lak_buf *b, unsigned v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	lak_buf_add(b, x, 2);
}

static void
le32(struct lak_buf *b, unsigned long v)
{
	unsigned char x[4] = { (unsigned char)v, (unsigned char)(v >> 8),
	    (unsigned char)(v >> 16), (unsigned char)(v >> 24) };

	lak_buf_add(b, x, 4);
}

/* Raw deflate of 'data' into 'z'. */
static int
deflate_raw(const void *data, size_t len, struct lak_buf *z,
    struct lak_error *err)
{
	z_stream s;
	unsigned char chunk[16384];
	int rc;

	memset(&s, 0, sizeof(s));
	if (deflateInit2(&s, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return lak_error_oom(err);
	s.next_in = (Bytef *)(uintptr_t)data;
	s.avail_in = (uInt)len;
	do {
		s.next_out = chunk;
		s.avail_out = sizeof(chunk);
		rc = deflate(&s, Z_FINISH);
		lak_buf_add(z, chunk, sizeof(chunk) - s.avail_out);
	} while (rc == Z_OK);
	deflateEnd(&s);
	if (rc != Z_STREAM_END)
		return lak_error_set(err, LAK_EIO, "deflate failed (%d)", rc);
	return lak_buf_check(z, err);
}

int
lak_zip_memory(const struct lak_zip_part *parts, size_t n, long long date,
    struct lak_buf *out, struct lak_error *err)
{
	struct lak_buf cd, z;
	time_t t = (time_t)date;
	struct tm tm;
	unsigned dtime, ddate;
	int ret = -1;

	gmtime_r(&t, &tm);
	if (tm.tm_year < 80) {		/* DOS dates start in 1980 */
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = 80;
		tm.tm_mday = 1;
	}
	dtime = (unsigned)(tm.tm_hour << 11 | tm.tm_min << 5 | tm.tm_sec / 2);
	ddate = (unsigned)((tm.tm_year - 80) << 9 | (tm.tm_mon + 1) << 5 |
	    tm.tm_mday);
	lak_buf_init(&cd, 0);
	lak_buf_init(&z, 0);
	for (size_t i = 0; i < n; i++) {
		const struct lak_zip_part *p = &parts[i];
		unsigned long crc = crc32(0L, Z_NULL, 0);
		size_t off = out->len, nlen = strlen(p->name);
		const void *body = p->data;
		size_t blen = p->len;

		if (p->len > 0xfffffff0u || out->len > 0xfffffff0u) {
			lak_error_set(err, LAK_ELIMIT, "%s: too large for a "
			    "document", p->name);
			goto out;
		}
		crc = crc32(crc, p->data, (uInt)p->len);
		lak_buf_reset(&z);
		if (!p->store) {
			if (deflate_raw(p->data, p->len, &z, err) < 0)
				goto out;
			body = z.data;
			blen = z.len;
		}
		/* the local header */
		le32(out, 0x04034b50);
		le16(out, 20);			/* version needed */
		le16(out, 0x0800);		/* names in UTF-8 */
		le16(out, p->store ? 0 : 8);
		le16(out, dtime);
		le16(out, ddate);
		le32(out, crc);
		le32(out, (unsigned long)blen);
		le32(out, (unsigned long)p->len);
		le16(out, (unsigned)nlen);
		le16(out, 0);
		lak_buf_add(out, p->name, nlen);
		lak_buf_add(out, body, blen);
		/* its entry in the central directory */
		le32(&cd, 0x02014b50);
		le16(&cd, 0x0314);		/* made by: Unix, 2.0 */
		le16(&cd, 20);
		le16(&cd, 0x0800);
		le16(&cd, p->store ? 0 : 8);
		le16(&cd, dtime);
		le16(&cd, ddate);
		le32(&cd, crc);
		le32(&cd, (unsigned long)blen);
		le32(&cd, (unsigned long)p->len);
		le16(&cd, (unsigned)nlen);
		le16(&cd, 0);			/* extra */
		le16(&cd, 0);			/* comment */
		le16(&cd, 0);			/* disk */
		le16(&cd, 0);			/* internal attributes */
		le32(&cd, 0100644ul << 16);	/* rw-r--r-- */
		le32(&cd, (unsigned long)off);
		lak_buf_add(&cd, p->name, nlen);
	}
	{
		size_t cd_off = out->len;

		lak_buf_add(out, cd.data, cd.len);
		le32(out, 0x06054b50);
		le16(out, 0);
		le16(out, 0);
		le16(out, (unsigned)n);
		le16(out, (unsigned)n);
		le32(out, (unsigned long)cd.len);
		le32(out, (unsigned long)cd_off);
		le16(out, 0);
	}
	if (lak_buf_check(&cd, err) < 0 || lak_buf_check(out, err) < 0)
		goto out;
	ret = 0;
out:
	lak_buf_release(&cd);
	lak_buf_release(&z);
	return ret;
}

/* --- reading, from memory through minizip ---------------------------------- */

struct zmem {
	const unsigned char *d;
	ZPOS64_T len, pos;
};

static voidpf
zm_open(voidpf opaque, const void *name, int mode)
{
	(void)name;
	(void)mode;
	return opaque;
}

static uLong
zm_read(voidpf opaque, voidpf stream, void *buf, uLong n)
{
	struct zmem *m = stream;
	ZPOS64_T left = m->len - m->pos;

	(void)opaque;
	if (n > left)
		n = (uLong)left;
	memcpy(buf, m->d + m->pos, n);
	m->pos += n;
	return n;
}

static uLong
zm_write(voidpf opaque, voidpf stream, const void *buf, uLong n)
{
	(void)opaque;
	(void)stream;
	(void)buf;
	(void)n;
	return 0;
}

static ZPOS64_T
zm_tell(voidpf opaque, voidpf stream)
{
	(void)opaque;
	return ((struct zmem *)stream)->pos;
}

static long
zm_seek(voidpf opaque, voidpf stream, ZPOS64_T off, int origin)
{
	struct zmem *m = stream;
	ZPOS64_T base = origin == ZLIB_FILEFUNC_SEEK_CUR ? m->pos :
	    origin == ZLIB_FILEFUNC_SEEK_END ? m->len : 0;

	(void)opaque;
	if (base + off > m->len)
		return -1;
	m->pos = base + off;
	return 0;
}

static int
zm_close(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

static int
zm_error(voidpf opaque, voidpf stream)
{
	(void)opaque;
	(void)stream;
	return 0;
}

int
lak_unzip(const void *zip, size_t len, lak_unzip_want_fn want,
    lak_unzip_got_fn got, void *ctx, size_t cap, struct lak_error *err)
{
	struct zmem m = { zip, len, 0 };
	zlib_filefunc64_def ff = { zm_open, zm_read, zm_write, zm_tell,
	    zm_seek, zm_close, zm_error, &m };
	unzFile z = unzOpen2_64("memory", &ff);
	unsigned long n = 0;
	int rc, ret = 0;

	if (z == NULL)
		return lak_error_set(err, LAK_EFORMAT, "not a ZIP file (no "
		    "central directory)");
	for (rc = unzGoToFirstFile(z); rc == UNZ_OK && ret == 0;
	    rc = unzGoToNextFile(z)) {
		unz_file_info64 fi;
		char name[1024];
		struct lak_buf b;
		char chunk[65536];
		int r;

		if (++n > 100000) {
			ret = lak_error_set(err, LAK_ELIMIT, "more than 100000 "
			    "entries");
			break;
		}
		if (unzGetCurrentFileInfo64(z, &fi, name, sizeof(name), NULL,
		    0, NULL, 0) != UNZ_OK) {
			ret = lak_error_set(err, LAK_EFORMAT, "damaged ZIP "
			    "entry %lu", n);
			break;
		}
		if (!want(name, ctx))
			continue;
		if (unzOpenCurrentFile(z) != UNZ_OK) {
			ret = lak_error_set(err, LAK_EFORMAT, "%s: cannot be "
			    "read (encrypted or damaged)", name);
			break;
		}
		lak_buf_init(&b, cap);
		while ((r = unzReadCurrentFile(z, chunk, sizeof(chunk))) > 0)
			if (lak_buf_add(&b, chunk, (size_t)r) < 0)
				break;
		unzCloseCurrentFile(z);
		if (b.failed) {
			ret = b.failed == LAK_ELIMIT ? lak_error_set(err,
			    LAK_ELIMIT, "%s: larger than %zu bytes inflated",
			    name, cap) : lak_error_oom(err);
		} else if (r < 0) {
			ret = lak_error_set(err, LAK_EFORMAT, "%s: damaged "
			    "(minizip %d)", name, r);
		} else {
			ret = got(name, b.data ? b.data : "", b.len, ctx);
		}
		lak_buf_release(&b);
	}
	unzClose(z);
	return ret;
}
