/*
 * CCITT Group 4 (ITU-T T.6) coding of a bilevel image (see tiffmem.h).
 *
 * Our own coder rather than libtiff's: on the bench corpus libtiff's
 * (TIFFWriteScanline into a memory TIFF) took 28 % of a whole redaction
 * run, as it looks at every pixel. This one finds a row's changing
 * elements a byte (on runs, eight bytes) at a time and codes from those
 * lists; the codes are the tables of T.4 (modified Huffman runs) and T.6
 * (the two-dimensional modes). test-pdf decodes its output with poppler
 * and libtiff, pixel for pixel.
 */
#include "lib/base/common.h"

#include "lib/base/tiffmem.h"

struct code {
	uint16_t bits;
	uint8_t len;
};

/* T.4 table 2: terminating codes, run lengths 0 to 63 */
static const struct code white_term[64] = {
	{ 0x35, 8 }, { 0x07, 6 }, { 0x07, 4 }, { 0x08, 4 }, { 0x0B, 4 },
	{ 0x0C, 4 }, { 0x0E, 4 }, { 0x0F, 4 }, { 0x13, 5 }, { 0x14, 5 },
	{ 0x07, 5 }, { 0x08, 5 }, { 0x08, 6 }, { 0x03, 6 }, { 0x34, 6 },
	{ 0x35, 6 }, { 0x2A, 6 }, { 0x2B, 6 }, { 0x27, 7 }, { 0x0C, 7 },
	{ 0x08, 7 }, { 0x17, 7 }, { 0x03, 7 }, { 0x04, 7 }, { 0x28, 7 },
	{ 0x2B, 7 }, { 0x13, 7 }, { 0x24, 7 }, { 0x18, 7 }, { 0x02, 8 },
	{ 0x03, 8 }, { 0x1A, 8 }, { 0x1B, 8 }, { 0x12, 8 }, { 0x13, 8 },
	{ 0x14, 8 }, { 0x15, 8 }, { 0x16, 8 }, { 0x17, 8 }, { 0x28, 8 },
	{ 0x29, 8 }, { 0x2A, 8 }, { 0x2B, 8 }, { 0x2C, 8 }, { 0x2D, 8 },
	{ 0x04, 8 }, { 0x05, 8 }, { 0x0A, 8 }, { 0x0B, 8 }, { 0x52, 8 },
	{ 0x53, 8 }, { 0x54, 8 }, { 0x55, 8 }, { 0x24, 8 }, { 0x25, 8 },
	{ 0x58, 8 }, { 0x59, 8 }, { 0x5A, 8 }, { 0x5B, 8 }, { 0x4A, 8 },
	{ 0x4B, 8 }, { 0x32, 8 }, { 0x33, 8 }, { 0x34, 8 },
};

static const struct code black_term[64] = {
	{ 0x37, 10 }, { 0x02, 3 }, { 0x03, 2 }, { 0x02, 2 }, { 0x03, 3 },
	{ 0x03, 4 }, { 0x02, 4 }, { 0x03, 5 }, { 0x05, 6 }, { 0x04, 6 },
	{ 0x04, 7 }, { 0x05, 7 }, { 0x07, 7 }, { 0x04, 8 }, { 0x07, 8 },
	{ 0x18, 9 }, { 0x17, 10 }, { 0x18, 10 }, { 0x08, 10 }, { 0x67, 11 },
	{ 0x68, 11 }, { 0x6C, 11 }, { 0x37, 11 }, { 0x28, 11 }, { 0x17, 11 },
	{ 0x18, 11 }, { 0xCA, 12 }, { 0xCB, 12 }, { 0xCC, 12 }, { 0xCD, 12 },
	{ 0x68, 12 }, { 0x69, 12 }, { 0x6A, 12 }, { 0x6B, 12 }, { 0xD2, 12 },
	{ 0xD3, 12 }, { 0xD4, 12 }, { 0xD5, 12 }, { 0xD6, 12 }, { 0xD7, 12 },
	{ 0x6C, 12 }, { 0x6D, 12 }, { 0xDA, 12 }, { 0xDB, 12 }, { 0x54, 12 },
	{ 0x55, 12 }, { 0x56, 12 }, { 0x57, 12 }, { 0x64, 12 }, { 0x65, 12 },
	{ 0x52, 12 }, { 0x53, 12 }, { 0x24, 12 }, { 0x37, 12 }, { 0x38, 12 },
	{ 0x27, 12 }, { 0x28, 12 }, { 0x58, 12 }, { 0x59, 12 }, { 0x2B, 12 },
	{ 0x2C, 12 }, { 0x5A, 12 }, { 0x66, 12 }, { 0x67, 12 },
};

/* T.4 table 3: make-up codes, 64 to 1728 in steps of 64 (index n / 64 - 1) */
static const struct code white_makeup[27] = {
	{ 0x1B, 5 }, { 0x12, 5 }, { 0x17, 6 }, { 0x37, 7 }, { 0x36, 8 },
	{ 0x37, 8 }, { 0x64, 8 }, { 0x65, 8 }, { 0x68, 8 }, { 0x67, 8 },
	{ 0xCC, 9 }, { 0xCD, 9 }, { 0xD2, 9 }, { 0xD3, 9 }, { 0xD4, 9 },
	{ 0xD5, 9 }, { 0xD6, 9 }, { 0xD7, 9 }, { 0xD8, 9 }, { 0xD9, 9 },
	{ 0xDA, 9 }, { 0xDB, 9 }, { 0x98, 9 }, { 0x99, 9 }, { 0x9A, 9 },
	{ 0x18, 6 }, { 0x9B, 9 },
};

static const struct code black_makeup[27] = {
	{ 0x0F, 10 }, { 0xC8, 12 }, { 0xC9, 12 }, { 0x5B, 12 }, { 0x33, 12 },
	{ 0x34, 12 }, { 0x35, 12 }, { 0x6C, 13 }, { 0x6D, 13 }, { 0x4A, 13 },
	{ 0x4B, 13 }, { 0x4C, 13 }, { 0x4D, 13 }, { 0x72, 13 }, { 0x73, 13 },
	{ 0x74, 13 }, { 0x75, 13 }, { 0x76, 13 }, { 0x77, 13 }, { 0x52, 13 },
	{ 0x53, 13 }, { 0x54, 13 }, { 0x55, 13 }, { 0x5A, 13 }, { 0x5B, 13 },
	{ 0x64, 13 }, { 0x65, 13 },
};

/* extended make-up codes, both colours: 1792 to 2560 */
static const struct code ext_makeup[13] = {
	{ 0x08, 11 }, { 0x0C, 11 }, { 0x0D, 11 }, { 0x12, 12 }, { 0x13, 12 },
	{ 0x14, 12 }, { 0x15, 12 }, { 0x16, 12 }, { 0x17, 12 }, { 0x1C, 12 },
	{ 0x1D, 12 }, { 0x1E, 12 }, { 0x1F, 12 },
};

/* T.6 table 1: pass, horizontal, and vertical a1 - b1 = -3 ... 3 */
static const struct code pass_code = { 0x1, 4 };
static const struct code horiz_code = { 0x1, 3 };
static const struct code vert_code[7] = {
	{ 0x02, 7 }, { 0x02, 6 }, { 0x02, 3 }, { 0x01, 1 }, { 0x03, 3 },
	{ 0x03, 6 }, { 0x03, 7 },
};

struct bits {
	struct lak_buf *out;
	uint64_t acc;		/* pending bits, the first in the high end */
	unsigned int n;		/* how many */
	unsigned char buf[4096];	/* whole bytes not yet in 'out' */
	size_t nbuf;
};

static void
put(struct bits *b, struct code c)
{
	b->acc = b->acc << c.len | c.bits;
	b->n += c.len;
	while (b->n >= 8) {
		b->n -= 8;
		b->buf[b->nbuf++] = (unsigned char)(b->acc >> b->n);
		if (b->nbuf == sizeof(b->buf)) {
			lak_buf_add(b->out, b->buf, b->nbuf);
			b->nbuf = 0;
		}
	}
}

static void
put_run(struct bits *b, int run, bool black)
{
	const struct code *term = black ? black_term : white_term;
	const struct code *makeup = black ? black_makeup : white_makeup;

	while (run >= 2560 + 64) {
		put(b, ext_makeup[12]);
		run -= 2560;
	}
	if (run >= 1792) {
		put(b, ext_makeup[run / 64 - 28]);
		run %= 64;
	} else if (run >= 64) {
		put(b, makeup[run / 64 - 1]);
		run %= 64;
	}
	put(b, term[run]);
}

/* 64 pixels from byte 'i' of a row of 'n' bytes, the first in the
 * high bit; zeros past the end. */
static inline uint64_t
load64(const unsigned char *row, size_t i, size_t n)
{
	uint64_t v = 0;

	if (i + 8 <= n) {
		memcpy(&v, row + i, 8);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		v = __builtin_bswap64(v);
#endif
		return v;
	}
	for (size_t k = 0; k < 8; k++)
		v = v << 8 | (i + k < n ? row[i + k] : 0);
	return v;
}

/*
 * The changing elements of a row: the positions where a pixel differs
 * from the one before it (an imaginary white pixel before the first), in
 * order, then 'w' twice (the ends T.6 codes against). Bits: 1 white.
 * Each step finds the next pixel of the other colour among 64 at once.
 */
static void
changes(const unsigned char *row, int w, int *pos)
{
	size_t n = 0, nbytes = (size_t)(w + 7) / 8;
	bool black = false;
	int x = 0;

	while (x < w) {
		size_t byte = (size_t)x >> 3;
		uint64_t v = load64(row, byte, nbytes);
		int nx;

		/* a 1 for every pixel of the other colour */
		if (!black)
			v = ~v;
		v &= UINT64_MAX >> (x & 7);
		if (v == 0) {
			x = (int)(byte + 8) << 3;
			continue;
		}
		nx = (int)(byte << 3) + __builtin_clzll(v);
		if (nx >= w)
			break;
		pos[n++] = nx;
		black = !black;
		x = nx;
	}
	pos[n] = w;
	pos[n + 1] = w;
}

int
lak_g4_encode(const unsigned char *px, int w, int h, size_t stride,
    struct lak_buf *out, struct lak_error *err)
{
	int *refs = NULL, *cur = NULL;
	struct bits *b = calloc(1, sizeof(*b));

	if (w <= 0 || h <= 0)
		return lak_error_set(err, LAK_EINVAL, "G4: an empty image");
	refs = malloc(((size_t)w + 2) * sizeof(*refs));
	cur = malloc(((size_t)w + 2) * sizeof(*cur));
	if (refs == NULL || cur == NULL || b == NULL) {
		free(refs);
		free(cur);
		free(b);
		return lak_error_oom(err);
	}
	b->out = out;
	/* the line above the first: all white */
	refs[0] = refs[1] = w;
	for (int y = 0; y < h; y++) {
		size_t ia = 0, ib = 0;	/* next a1 in cur; first of refs right
					 * of a0 */
		int a0 = -1;
		bool black = false;	/* the colour of a0 */

		changes(px + (size_t)y * stride, w, cur);
		for (;;) {
			int a1, b1, b2;
			size_t jb;

			/* b1: the first change in refs right of a0 of the
			 * other colour than a0 (even indices turn black); ib
			 * stays on the first right of a0, as one of a0's
			 * colour skipped now is b1 once a0 changes colour */
			while (refs[ib] <= a0 && refs[ib] < w)
				ib++;
			jb = ib;
			if (((jb & 1) != 0) != black && refs[jb] < w)
				jb++;
			b1 = refs[jb];
			b2 = b1 < w ? refs[jb + 1] : w;
			a1 = cur[ia];
			if (b2 < a1) {
				put(b, pass_code);
				a0 = b2;
				continue;
			}
			if (a1 - b1 >= -3 && a1 - b1 <= 3) {
				put(b, vert_code[a1 - b1 + 3]);
				a0 = a1;
				black = !black;
				if (a0 >= w)
					break;
				ia++;
				continue;
			}
			{
				int a2 = cur[ia + 1], start = a0 < 0 ? 0 : a0;

				put(b, horiz_code);
				put_run(b, a1 - start, black);
				put_run(b, a2 - a1, !black);
				a0 = a2;
				if (a0 >= w)
					break;
				ia += 2;
			}
		}
		{
			int *t = refs;

			refs = cur;
			cur = t;
		}
	}
	/* EOFB, then the last byte filled */
	put(b, (struct code){ 0x001, 12 });
	put(b, (struct code){ 0x001, 12 });
	if (b->n > 0)
		put(b, (struct code){ 0, (uint8_t)(8 - b->n) });
	lak_buf_add(out, b->buf, b->nbuf);
	free(b);
	free(refs);
	free(cur);
	return lak_buf_check(out, err);
}
