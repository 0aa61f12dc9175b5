/*
 * Release stage: the inventory list (see inventory-list.h).
 */
#include "lib/base/common.h"

#include "lib/base/csv.h"
#include "lib/release/inventory-list.h"
#include "lib/render/render.h"

int
lak_inventory_list_csv(const struct lak_release_doc *docs, size_t n,
    const struct lak_grounds *cat, struct lak_buf *out,
    struct lak_error *err)
{
	static const char *const head[] = { "Nr", "Document ID", "Datum",
	    "Omschrijving", "Beoordeling", "Weigeringsgronden", "Pagina's",
	    "Toelichting", "Vindplaats", "Gerelateerd ID" };
	char num[32], pages[32], grounds[400];

	for (size_t i = 0; i < LAK_ARRAY_SIZE(head); i++)
		lak_csv_field(out, head[i], i + 1 == LAK_ARRAY_SIZE(head));
	for (size_t i = 0; i < n; i++) {
		const struct lak_inv_row *r = docs[i].row;

		snprintf(num, sizeof(num), "%zu", docs[i].number);
		if (docs[i].processed)
			snprintf(pages, sizeof(pages), "%zu", docs[i].pages);
		else
			pages[0] = '\0';
		lak_release_doc_grounds(&docs[i], cat, grounds,
		    sizeof(grounds));
		lak_csv_field(out, num, false);
		lak_csv_field(out, r->id, false);
		lak_csv_field(out, r->date ? r->date : "", false);
		lak_csv_field(out, r->description ? r->description : "",
		    false);
		lak_csv_field(out, lak_judgement_str(r->judgement), false);
		lak_csv_field(out, grounds, false);
		lak_csv_field(out, pages, false);
		lak_csv_field(out, r->remarks ? r->remarks : "", false);
		lak_csv_field(out, r->vindplaats ? r->vindplaats : "", false);
		/* an e-mail's attachment: the e-mail's ID (its family) */
		lak_csv_field(out, r->related ? r->related : "", true);
	}
	return lak_buf_check(out, err);
}

int
lak_inventory_list_pdf(const struct lak_release_doc *docs, size_t n,
    const struct lak_grounds *cat, const char *title, const char *subtitle,
    long long date, struct lak_buf *out, struct lak_error *err)
{
	static const char *const head[] = { "Nr", "Document ID", "Datum",
	    "Omschrijving", "Beoordeling", "Weigerings-gronden", "Pagina's",
	    "Toelichting / vindplaats" };
	static const double widths[] = { 28, 62, 58, 230, 72, 80, 42, 190 };
	enum { NC = 8 };
	const char **cells = calloc(n * NC + 1, sizeof(*cells));
	char (*num)[32] = calloc(n + 1, sizeof(*num));
	char (*pages)[32] = calloc(n + 1, sizeof(*pages));
	char (*grounds)[200] = calloc(n + 1, sizeof(*grounds));
	int ret = -1;

	if (cells == NULL || num == NULL || pages == NULL || grounds == NULL) {
		lak_error_oom(err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		const struct lak_inv_row *r = docs[i].row;
		const char **c = cells + i * NC;

		snprintf(num[i], sizeof(num[i]), "%zu", docs[i].number);
		if (docs[i].processed)
			snprintf(pages[i], sizeof(pages[i]), "%zu",
			    docs[i].pages);
		lak_release_doc_grounds(&docs[i], cat, grounds[i],
		    sizeof(grounds[i]));
		c[0] = num[i];
		c[1] = r->id;
		c[2] = r->date;
		c[3] = r->description;
		c[4] = lak_judgement_str(r->judgement);
		c[5] = grounds[i];
		c[6] = pages[i];
		c[7] = r->vindplaats && *r->vindplaats ? r->vindplaats :
		    r->remarks;
	}
	ret = lak_render_table_pdf(title, subtitle, head, widths, NC, cells, n,
	    date, out, err);
out:
	free(cells);
	free(num);
	free(pages);
	free(grounds);
	return ret;
}
