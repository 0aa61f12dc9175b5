/* Unit tests: the normalisation stage (view text, offset map, structure). */
#include "config.h"

#include "unit.h"

#include "lib/ingest/ingest.h"
#include "lib/ingest/normalise.h"
#include "lib/model/doc.h"

struct fx {
	struct lak_doc *doc;
	struct lak_view *view;
};

static void
load(struct fx *f, const char *text, unsigned int flags)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;

	f->doc = NULL;
	f->view = NULL;
	if (lak_ingest_bytes("t.txt", text, strlen(text), &opts, &f->doc,
	    &err) < 0 || lak_normalise(f->doc, flags, &f->view, &err) < 0)
		fail_msg("%s", err.msg);
}

static void
load_file(struct fx *f, const char *rel)
{
	struct lak_ingest_opts opts = LAK_INGEST_OPTS_INIT;
	struct lak_error err = LAK_ERROR_INIT;

	f->doc = NULL;
	f->view = NULL;
	if (lak_ingest_file(unit_data(rel), &opts, &f->doc, &err) < 0 ||
	    lak_normalise(f->doc, 0, &f->view, &err) < 0)
		fail_msg("%s: %s", rel, err.msg);
}

static void
unload(struct fx *f)
{
	lak_view_free(f->view);
	lak_doc_free(f->doc);
}

static const char *
field(const struct lak_view *v, const char *name)
{
	for (size_t i = 0; i < v->nfields; i++)
		if (strcmp(v->fields[i].name, name) == 0)
			return v->fields[i].value;
	return NULL;
}

static void
normalise_ligature_splits_box(void **state)
{
	struct fx f;
	size_t i0;
	struct lak_box b[3], src;
	uint32_t page;

	(void)state;
	load(&f, "o\xEF\xAC\x83" "cieel\n", 0);	/* o + U+FB03 ffi */
	assert_string_equal(f.view->text, "officieel");
	src = f.doc->pages[0].chars[1].box;
	i0 = lak_view_char_at(f.view, 1);
	assert_int_equal(i0, 1);
	for (int k = 0; k < 3; k++) {
		assert_int_equal(lak_view_char_box(f.view, f.doc, i0 + k, &page,
		    &b[k]), 0);
		assert_int_equal(page, 0);
		assert_true(b[k].x1 - b[k].x0 > 0.01f);
	}
	/* three parts side by side, together the ligature's box */
	assert_true(b[0].x0 == src.x0);
	assert_true(b[0].x1 == b[1].x0 && b[1].x1 == b[2].x0);
	assert_true(b[2].x1 > src.x1 - 0.01f && b[2].x1 < src.x1 + 0.01f);
	assert_int_equal(f.view->map[i0].src, f.view->map[i0 + 2].src);
	unload(&f);
}

static void
normalise_spaces_dashes_soft_hyphens(void **state)
{
	struct fx f;

	(void)state;
	/* NBSP, en dash, soft hyphen, thin space, zero-width space, tabs */
	load(&f, "a\xC2\xA0" "b \xE2\x80\x93 c zach\xC2\xADte\xE2\x80\x89"
	    "d\xE2\x80\x8B" "e\t\tf\n", 0);
	assert_string_equal(f.view->text, "a b - c zachte de f");
	unload(&f);
}

static void
normalise_paragraphs_and_pages(void **state)
{
	struct fx f;

	(void)state;
	load(&f, "een lange regel die doorloopt en nog verder gaat tot hier\n"
	    "twee lange regel die doorloopt en nog verder gaat tot daar\n\n"
	    "drie\n\fvier\n", 0);
	assert_string_equal(f.view->text, "een lange regel die doorloopt en "
	    "nog verder gaat tot hier twee lange regel die doorloopt en nog "
	    "verder gaat tot daar\n\ndrie\fvier");
	assert_int_equal(f.view->npages, 2);
	assert_int_equal(f.view->nparas, 3);
	assert_int_equal(f.view->page_view[1], strlen(f.view->text) - 4);
	/* the inserted space between the joined lines maps to the source
	 * line end, the paragraph break to nothing */
	{
		size_t sp = lak_view_char_at(f.view, 57);
		size_t nl = lak_view_char_at(f.view, strlen(
		    f.view->text) - 10);

		assert_int_equal(f.view->text[57], ' ');
		assert_int_equal(f.doc->pages[0].chars[f.view->map[sp].src].cp,
		    '\n');
		assert_int_equal(f.view->text[f.view->off[nl]], '\n');
		assert_int_equal(f.view->map[nl].src, LAK_SRC_NONE);
	}
	unload(&f);
}

static const char hyph_text[] =
    "Wij willen het beleid graag onder-\n"
    "steunen, zoals mevrouw Bakker-\n"
    "Smit vroeg. Ook de be-\n"
    "leidsmakers en de Kamer-\n"
    "Leden moeten dit doen.\n"
    "Wij ondersteunen Bakker-Smit.\n";

static void
normalise_hyphens_by_lexicon_and_guess(void **state)
{
	struct fx f;
	size_t i, seen = 0;

	(void)state;
	load(&f, hyph_text, 0);
	assert_contains(f.view->text, "graag ondersteunen, zoals");
	assert_contains(f.view->text, "mevrouw Bakker-Smit vroeg");
	assert_contains(f.view->text, "de beleidsmakers");	/* guessed */
	assert_contains(f.view->text, "de Kamer-Leden");	/* capital */
	assert_true(f.view->nambiguous >= 1);
	for (i = 0; i < f.view->nhyph; i++) {
		const struct lak_hyph *h = &f.view->hyph[i];

		if (h->how == LAK_HYPH_LEXICON_JOIN) {
			assert_true(h->joined);
			seen |= 1;
		} else if (h->how == LAK_HYPH_LEXICON_KEEP) {
			assert_false(h->joined);
			seen |= 2;
		} else if (h->how == LAK_HYPH_GUESS_JOIN) {
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
	unload(&f);

	/* The alternate view takes the other reading of guesses only. */
	load(&f, hyph_text, LAK_NORM_ALTERNATE);
	assert_contains(f.view->text, "de be-leidsmakers");
	assert_contains(f.view->text, "graag ondersteunen, zoals");
	assert_contains(f.view->text, "mevrouw Bakker-Smit vroeg");
	unload(&f);
}

static void
normalise_running_headers(void **state)
{
	struct fx f;
	size_t running = 0;

	(void)state;
	load(&f, "Ministerie van Water\n\nTekst op pagina een.\n\nPagina 1 "
	    "van 3\n\fMinisterie van Water\n\nAndere tekst hier.\n\nPagina 2 "
	    "van 3\n\fMinisterie van Water\n\nNog meer tekst.\n\nPagina 3 van "
	    "3\n", 0);
	for (size_t i = 0; i < f.view->nlines; i++)
		if (f.view->lines[i].flags & LAK_LINE_RUNNING)
			running++;
	assert_int_equal(running, 6);
	for (size_t i = 0; i < f.view->nparas; i++) {
		const struct lak_para *p = &f.view->paras[i];
		const char *t = f.view->text + f.view->off[p->vstart];

		assert_int_equal(p->kind == LAK_PARA_RUNNING,
		    strncmp(t, "Ministerie", 10) == 0 ||
		    strncmp(t, "Pagina", 6) == 0);
	}
	unload(&f);
}

static void
normalise_letter_fields(void **state)
{
	struct fx f;

	(void)state;
	load_file(&f, "ingest/letter.txt");
	assert_string_equal(field(f.view, "datum"), "4 april 2026");
	assert_string_equal(field(f.view, "betreft"),
	    "Ondersteunen van het beleid en Bakker-Smit");
	assert_string_equal(f.view->kind, "kamerbrief");
	assert_contains(f.view->kind_evidence, "voorzitter");
	unload(&f);
}

static void
normalise_email_kind_and_fields(void **state)
{
	struct fx f;

	(void)state;
	load(&f, "Van: Jan Jansen <jan@example.nl>\nVerzonden: 3 maart 2026\n"
	    "Aan: Piet <piet@example.nl>\nOnderwerp: Overleg\n\nBeste Piet,"
	    "\n\nTot morgen.\n", 0);
	assert_string_equal(f.view->kind, "e-mail");
	assert_string_equal(field(f.view, "van"), "Jan Jansen "
	    "<jan@example.nl>");
	assert_string_equal(field(f.view, "onderwerp"), "Overleg");
	assert_null(field(f.view, "datum"));
	unload(&f);

	load(&f, "Een gewoon verhaal zonder kenmerken.\n", 0);
	assert_string_equal(f.view->kind, "other");
	assert_int_equal(f.view->nfields, 0);
	unload(&f);
}

static void
normalise_pdf_decision(void **state)
{
	struct fx f;

	(void)state;
	load_file(&f, "ingest/woo_besluit_landsadvocaat_stikstof.pdf");
	assert_string_equal(f.view->kind, "besluit");
	assert_string_equal(field(f.view, "datum"), "9 december 2025");
	assert_string_equal(field(f.view, "ons-kenmerk"),
	    "IENW/BSK-2025/293508");
	assert_contains(field(f.view, "betreft"), "Besluit op Woo-verzoek");
	assert_contains(f.view->text, "woo-verzoeken-artikel4.1@minienw.nl");
	assert_int_equal(f.view->npages, 8);
	/* every mapped view character leads back to a real source char */
	for (size_t i = 0; i < f.view->nchars; i++) {
		struct lak_box b;
		uint32_t page;

		if (f.view->map[i].src == LAK_SRC_NONE)
			continue;
		assert_int_equal(lak_view_char_box(f.view, f.doc, i, &page,
		    &b), 0);
		assert_true(page < 8);
		assert_true(b.x1 >= b.x0 && b.y1 >= b.y0);
	}
	unload(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(normalise_ligature_splits_box),
		cmocka_unit_test(normalise_spaces_dashes_soft_hyphens),
		cmocka_unit_test(normalise_paragraphs_and_pages),
		cmocka_unit_test(normalise_hyphens_by_lexicon_and_guess),
		cmocka_unit_test(normalise_running_headers),
		cmocka_unit_test(normalise_letter_fields),
		cmocka_unit_test(normalise_email_kind_and_fields),
		cmocka_unit_test(normalise_pdf_decision),
	};

	return cmocka_run_group_tests_name("normalise", tests, NULL, NULL);
}
