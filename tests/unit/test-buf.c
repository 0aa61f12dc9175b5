/* Unit tests: struct lak_buf and struct lak_error. */
#include "config.h"

#include "unit.h"

#include <zlib.h>

#include "lib/base/buf.h"
#include "lib/base/date.h"
#include "lib/base/digest.h"
#include "lib/base/grey.h"
#include "lib/base/pdfstream.h"
#include "lib/base/spawn.h"
#include "lib/base/zip.h"
#include "lib/base/error.h"

static void
buf_appends_and_terminates(void **state)
{
	struct lak_buf b;

	(void)state;
	lak_buf_init(&b, 0);
	assert_non_null(b.data);
	assert_string_equal(b.data, "");
	assert_int_equal(lak_buf_adds(&b, "ab"), 0);
	assert_int_equal(lak_buf_addc(&b, 'c'), 0);
	assert_int_equal(lak_buf_addf(&b, "-%d-%s", 42, "x"), 0);
	assert_int_equal(lak_buf_add_utf8(&b, 0x20AC), 0);
	assert_string_equal(b.data, "abc-42-x\xE2\x82\xAC");
	assert_int_equal(b.len, 11);
	lak_buf_release(&b);
}

static void
buf_grows_past_initial_size(void **state)
{
	struct lak_buf b;
	size_t i;

	(void)state;
	lak_buf_init(&b, 0);
	for (i = 0; i < 10000; i++)
		assert_int_equal(lak_buf_addf(&b, "%05zu", i), 0);
	assert_int_equal(b.len, 50000);
	assert_memory_equal(b.data + 49995, "09999", 5);
	lak_buf_release(&b);
}

static void
buf_cap_fails_and_sticks(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf b;

	(void)state;
	lak_buf_init(&b, 8);
	assert_int_equal(lak_buf_adds(&b, "12345678"), 0);
	assert_int_equal(lak_buf_addc(&b, '9'), -1);
	/* contents unchanged, and later appends fail too */
	assert_string_equal(b.data, "12345678");
	assert_int_equal(lak_buf_adds(&b, ""), -1);
	assert_int_equal(lak_buf_check(&b, &err), -1);
	assert_int_equal(err.code, LAK_ELIMIT);
	lak_buf_reset(&b);
	assert_int_equal(lak_buf_check(&b, NULL), 0);
	assert_int_equal(b.len, 0);
	lak_buf_release(&b);
}

static void
buf_take_hands_over_and_resets(void **state)
{
	struct lak_buf b;
	size_t len = 0;
	char *s;

	(void)state;
	lak_buf_init(&b, 0);
	lak_buf_adds(&b, "hallo");
	s = lak_buf_take(&b, &len);
	assert_string_equal(s, "hallo");
	assert_int_equal(len, 5);
	assert_int_equal(b.len, 0);
	assert_string_equal(b.data, "");
	free(s);
	s = lak_buf_take(&b, &len);	/* empty: still a string */
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	lak_buf_release(&b);
}

static void
array_grow_doubles_and_refuses_overflow(void **state)
{
	int *a = NULL;
	size_t alloc = 0, i;
	void *big = NULL;
	size_t big_alloc = 0;

	(void)state;
	for (i = 0; i < 1000; i++) {
		assert_int_equal(lak_array_grow((void **)&a, &alloc, i,
		    sizeof(*a)), 0);
		assert_true(alloc > i);
		a[i] = (int)i;
	}
	assert_int_equal(a[999], 999);
	free(a);
	/* an element size that would overflow fails and allocates nothing */
	assert_int_equal(lak_array_grow(&big, &big_alloc, 0, SIZE_MAX / 2), -1);
	assert_null(big);
	assert_int_equal(big_alloc, 0);
}

static void
error_first_wins_and_prefix(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;

	(void)state;
	assert_int_equal(lak_error_set(&err, LAK_EFORMAT, "bad %s", "thing"),
	    -1);
	lak_error_set(&err, LAK_ENOMEM, "later");
	assert_int_equal(err.code, LAK_EFORMAT);
	lak_error_prefix(&err, "page %d: ", 3);
	assert_string_equal(err.msg, "page 3: bad thing");
	assert_string_equal(lak_status_str(LAK_ELIMIT), "limit exceeded");
	lak_error_clear(&err);
	assert_int_equal(err.code, LAK_OK);
	assert_int_equal(lak_error_set(NULL, LAK_EIO, "x"), -1);
}

static void
error_prefix_truncates_safely(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char big[2 * LAK_ERROR_MSG_MAX];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	lak_error_set(&err, LAK_EIO, "%s", big);
	lak_error_prefix(&err, "%s", big);
	assert_int_equal(strlen(err.msg), LAK_ERROR_MSG_MAX - 1);
}

/* The digests against published vectors: FIPS 180-2's "abc", the empty
 * input, and RFC 4231's HMAC-SHA256 test cases 1 and 2. */
static void
digest_known_vectors(void **state)
{
	char hex[LAK_SHA256_HEX_LEN + 1];
	unsigned char key1[20];

	(void)state;
	lak_sha256_hex("abc", 3, hex);
	assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	lak_sha256_hex(NULL, 0, hex);
	assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	memset(key1, 0x0b, sizeof(key1));
	lak_hmac_sha256_hex(key1, sizeof(key1), "Hi There", 8, hex);
	assert_string_equal(hex, "b0344c61d8db38535ca8afceaf0bf12b"
	    "881dc200c9833da726e9376c2e32cff7");
	lak_hmac_sha256_hex("Jefe", 4, "what do ya want for nothing?", 28,
	    hex);
	assert_string_equal(hex, "5bdcc146bf60754e6a042426089575c7"
	    "5a003f089d2739839dec58b964ec3843");
}

/* Several errors of one file: each a line, the first first, at most
 * LAK_ERROR_MAX_LIST shown, all counted; out of memory stays alone. */
static void
error_list_keeps_lines_and_counts(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	char want[64];

	(void)state;
	for (int i = 1; i <= 25; i++)
		assert_int_equal(lak_error_add(&err, LAK_EFORMAT, "f:%d:1: bad",
		    i), -1);
	assert_int_equal(err.code, LAK_EFORMAT);
	assert_int_equal(err.n, 25);
	assert_true(strncmp(err.msg, "f:1:1: bad\nf:2:1: bad\n", 22) == 0);
	snprintf(want, sizeof(want), "\nf:%d:1: bad", LAK_ERROR_MAX_LIST);
	assert_non_null(strstr(err.msg, want));
	snprintf(want, sizeof(want), "f:%d:1:", LAK_ERROR_MAX_LIST + 1);
	assert_null(strstr(err.msg, want));
	lak_error_clear(&err);
	assert_int_equal(err.n, 0);
	lak_error_oom(&err);
	lak_error_add(&err, LAK_EFORMAT, "later");
	assert_string_equal(err.msg, "out of memory");
}

/* A ZIP in memory: the parts in the order given, the first stored as is
 * right after its header (an ODF mimetype), the central directory
 * counting them, and the same bytes twice. */
static void
zip_memory_in_order(void **state)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf a, b;
	static const char text[] = "hello hello hello hello hello";
	const struct lak_zip_part parts[] = {
		{ "mimetype", "application/x-test", 18, true },
		{ "b/content.xml", text, sizeof(text) - 1, false },
		{ "a.txt", "", 0, false },
	};
	const unsigned char *z;

	(void)state;
	lak_buf_init(&a, 0);
	lak_buf_init(&b, 0);
	assert_int_equal(lak_zip_memory(parts, 3, 1767225600, &a, &err), 0);
	assert_int_equal(lak_zip_memory(parts, 3, 1767225600, &b, &err), 0);
	assert_int_equal(a.len, b.len);
	assert_memory_equal(a.data, b.data, a.len);
	z = (const unsigned char *)a.data;
	assert_memory_equal(z, "PK\3\4", 4);
	assert_int_equal(z[8], 0);			/* stored */
	assert_memory_equal(z + 30, "mimetypeapplication/x-test", 26);
	/* the end record: 3 entries */
	assert_memory_equal(z + a.len - 22, "PK\5\6", 4);
	assert_int_equal(z[a.len - 22 + 10], 3);
	assert_non_null(memmem(a.data, a.len, "b/content.xml", 13));
	lak_buf_release(&a);
	lak_buf_release(&b);
}

/* One date reader and one calendar for sources, inventories, the
 * date-of-birth detector and the decision's terms. */
static void
date_scan_and_calendar(void **state)
{
	static const struct {
		const char *s;
		int y, m, d;
		const char *rest;
	} ok[] = {
		{ "2026-03-12", 2026, 3, 12, "" },
		{ " 12-3-2026 x", 2026, 3, 12, " x" },
		{ "12/3/2026 1:34 PM", 2026, 3, 12, " 1:34 PM" },
		{ "1.12.1999", 1999, 12, 1, "" },
		{ "12 Maart\n2026", 2026, 3, 12, "" },
	};
	static const char *const bad[] = { "", "12 maartje 2026", "2026/03/12",
	    "12-3-26", "123-1-2026", "maart 2026" };
	const char *end;
	int y, m, d;

	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(lak_date_scan(ok[i].s, &y, &m, &d, &end), 0);
		assert_int_equal(y, ok[i].y);
		assert_int_equal(m, ok[i].m);
		assert_int_equal(d, ok[i].d);
		assert_string_equal(end, ok[i].rest);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (lak_date_scan(bad[i], &y, &m, &d, &end) == 0)
			fail_msg("'%s' read as a date", bad[i]);
	assert_true(lak_date_valid(2024, 2, 29));
	assert_false(lak_date_valid(2026, 2, 29));
	assert_false(lak_date_valid(1900, 2, 29));
	assert_true(lak_date_valid(2000, 2, 29));
	assert_false(lak_date_valid(2026, 13, 1));
	assert_false(lak_date_valid(2026, 4, 31));
	assert_int_equal(lak_date_days(1970, 1, 1), 0);
	assert_int_equal(lak_date_days(2020, 3, 25), 43915 - 25569);
	for (long k = -800000; k < 400000; k += 997) {
		lak_date_from_days(k, &y, &m, &d);
		assert_int_equal(lak_date_days(y, m, d), k);
	}
}

static int
count_stream(const struct lak_pdf_stream *s, void *ctx)
{
	unsigned int *n = ctx;

	n[0]++;
	n[1] += s->damaged;
	n[2] += s->image;
	n[3] += memmem(s->data, s->len, "/ActualText", 11) != NULL;
	return 0;
}

/* Streams are found by scanning, Flate ones inflated (a name inside a
 * compressed stream is found), images never searched, damage said. */
static void
pdf_streams_inflate_and_skip_images(void **state)
{
	const char *hidden = "/Span << /ActualText (x) >> BDC EMC";
	unsigned char z[256];
	uLongf zlen = sizeof(z);
	struct lak_buf b;
	unsigned int n[4] = { 0, 0, 0, 0 };

	(void)state;
	assert_int_equal(compress(z, &zlen, (const Bytef *)hidden,
	    strlen(hidden)), Z_OK);
	lak_buf_init(&b, 0);
	lak_buf_adds(&b, "%PDF-1.7\n4 0 obj\n<< /Filter /FlateDecode >>\n"
	    "stream\n");
	lak_buf_add(&b, z, zlen);
	lak_buf_adds(&b, "\nendstream\nendobj\n5 0 obj\n<< /Subtype /Image "
	    "/Filter /FlateDecode >>\nstream\n");
	lak_buf_add(&b, z, zlen);
	lak_buf_adds(&b, "\nendstream\nendobj\n6 0 obj\n<< /Filter "
	    "/FlateDecode >>\nstream\nnot flate\nendstream\nendobj\n");
	assert_false(memmem(b.data, b.len, "ActualText", 10) != NULL);
	assert_int_equal(lak_pdf_streams(b.data, b.len, 1 << 20, count_stream,
	    n), 0);
	assert_int_equal(n[0], 3);	/* streams */
	assert_int_equal(n[1], 1);	/* the one that does not inflate */
	assert_int_equal(n[2], 1);	/* the image */
	/* found inflated in the first; the image's bytes are not inflated */
	assert_int_equal(n[3], 1);
	lak_buf_release(&b);
}

/* The box filter: each target pixel the rounded mean of its source box,
 * uneven sizes included (every source pixel counted once). */
static void
grey_shrink_means_boxes(void **state)
{
	const unsigned char a[16] = {
		0, 0, 255, 255,
		0, 0, 255, 255,
		10, 20, 100, 100,
		30, 40, 100, 101,
	};
	const unsigned char b[15] = {
		0, 0, 0, 255, 255,
		0, 0, 0, 255, 255,
		0, 0, 0, 255, 255,
	};
	unsigned char *d;

	(void)state;
	d = lak_grey_shrink(a, 4, 4, 2, 2);
	assert_non_null(d);
	assert_int_equal(d[0], 0);
	assert_int_equal(d[1], 255);
	assert_int_equal(d[2], 25);
	assert_int_equal(d[3], 100);	/* 100.25 */
	free(d);
	d = lak_grey_shrink(b, 5, 3, 2, 1);
	assert_non_null(d);
	assert_int_equal(d[0], 0);	/* columns 0-1 */
	assert_int_equal(d[1], 170);	/* columns 2-4: 0, 255, 255 */
	free(d);
	d = lak_grey_shrink(a, 4, 4, 4, 4);
	assert_non_null(d);
	assert_memory_equal(d, a, 16);
	free(d);
}

static bool
want_all(const char *name, void *ctx)
{
	(void)name;
	(void)ctx;
	return true;
}

static bool
want_b(const char *name, void *ctx)
{
	(void)ctx;
	return strcmp(name, "b.xml") == 0;
}

static int
got_b(const char *name, const char *data, size_t len, void *ctx)
{
	struct lak_buf *b = ctx;

	(void)name;
	return lak_buf_add(b, data, len);
}

/* A zip read back from memory: only the wanted entry inflated; an entry
 * over the cap is a zip bomb; garbage is not a zip. */
static void
unzip_reads_wanted_entries(void **state)
{
	char big[100000];
	const struct lak_zip_part parts[] = {
		{ "a.txt", "eerste", 6, true },
		{ "b.xml", "<b>tweede</b>", 13, false },
		{ "c.bin", big, sizeof(big), false },
	};
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_buf z, got;

	(void)state;
	memset(big, 'x', sizeof(big));
	lak_buf_init(&z, 0);
	lak_buf_init(&got, 0);
	assert_int_equal(lak_zip_memory(parts, 3, 0, &z, &err), 0);
	assert_int_equal(lak_unzip(z.data, z.len, want_b, got_b, &got, 1000,
	    &err), 0);
	assert_string_equal(got.data, "<b>tweede</b>");
	/* the 100 kB entry inflated under a 1 kB cap */
	lak_buf_reset(&got);
	assert_int_equal(lak_unzip(z.data, z.len, want_all, got_b, &got, 1000,
	    &err), -1);
	assert_int_equal(err.code, LAK_ELIMIT);
	lak_error_clear(&err);
	assert_int_equal(lak_unzip("not a zip", 9, want_all, got_b, &got,
	    1000, &err), -1);
	assert_int_equal(err.code, LAK_EFORMAT);
	lak_error_clear(&err);
	lak_buf_release(&z);
	lak_buf_release(&got);
}

/* A program's status; one that runs past its time is stopped; one that
 * is not there is named. */
static void
spawn_status_timeout_missing(void **state)
{
	const char *t[] = { "sh", "-c", "exit 3", NULL };
	const char *s[] = { "sh", "-c", "sleep 30", NULL };
	const char *m[] = { "lakwerk-no-such-program", NULL };
	struct lak_spawn_opts o = { NULL, NULL, 1, true };
	struct lak_error err = LAK_ERROR_INIT;
	int status = 0;

	(void)state;
	assert_int_equal(lak_spawn(t, &o, &status, NULL, &err), 0);
	assert_int_equal(status, 3);
	assert_int_equal(lak_spawn(s, &o, &status, NULL, &err), -1);
	assert_int_equal(err.code, LAK_ELIMIT);
	lak_error_clear(&err);
	assert_int_equal(lak_spawn(m, &o, &status, NULL, &err), -1);
	assert_int_equal(err.code, LAK_ENOENT);
	lak_error_clear(&err);
	assert_true(lak_spawn_found("sh"));
}

/* Occurrences, not overlapping; none of an empty needle. */
static void
mem_count_counts(void **state)
{
	(void)state;
	assert_int_equal(lak_mem_count("aXbXXc", 6, "X"), 3);
	assert_int_equal(lak_mem_count("aaaa", 4, "aa"), 2);
	assert_int_equal(lak_mem_count("a\0ba", 4, "a"), 2);	/* past a NUL */
	assert_int_equal(lak_mem_count("abc", 3, ""), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(buf_appends_and_terminates),
		cmocka_unit_test(buf_grows_past_initial_size),
		cmocka_unit_test(buf_cap_fails_and_sticks),
		cmocka_unit_test(buf_take_hands_over_and_resets),
		cmocka_unit_test(array_grow_doubles_and_refuses_overflow),
		cmocka_unit_test(error_first_wins_and_prefix),
		cmocka_unit_test(error_prefix_truncates_safely),
		cmocka_unit_test(digest_known_vectors),
		cmocka_unit_test(error_list_keeps_lines_and_counts),
		cmocka_unit_test(zip_memory_in_order),
		cmocka_unit_test(date_scan_and_calendar),
		cmocka_unit_test(pdf_streams_inflate_and_skip_images),
		cmocka_unit_test(grey_shrink_means_boxes),
		cmocka_unit_test(mem_count_counts),
		cmocka_unit_test(unzip_reads_wanted_entries),
		cmocka_unit_test(spawn_status_timeout_missing),
	};

	return cmocka_run_group_tests_name("buf", tests, NULL, NULL);
}
