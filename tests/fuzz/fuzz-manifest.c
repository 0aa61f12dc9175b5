/* Fuzz target: the release manifest as lakwerk verify reads it
 * (lak_verify_release on a folder whose manifest.xml is the input): XML
 * parsing, XSD validation against schemas/lakwerk-manifest-1.xsd, and the
 * walk over the files and documents it lists. The folder holds one small
 * file, so the checksum and missing/extra-file paths are reached too. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "lib/base/fsutil.h"
#include "lib/pdf/verify.h"
#include "lib/release/package.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char dir[64], manifest[96];
	static struct lak_schema *ms, *ds;
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_findings f = { 0 };
	struct lak_release_check o;

	if (ms == NULL) {
		char xsd[4096], cat[4096], file[128];
		const char *src = getenv("LAKWERK_DATADIR") ?
		    getenv("LAKWERK_DATADIR") : LAK_SRCDIR;

		snprintf(xsd, sizeof(xsd), "%s/schemas/diwoo/diwoo-metadata.xsd",
		    src);
		snprintf(cat, sizeof(cat), "%s/schemas/diwoo/catalog.xml", src);
		if (lak_schema_load(xsd, cat, &ds, &err) < 0) {
			fprintf(stderr, "fuzz: %s\n", err.msg);
			abort();
		}
		snprintf(xsd, sizeof(xsd), "%s/schemas/lakwerk-manifest-1.xsd",
		    src);
		if (lak_schema_load(xsd, NULL, &ms, &err) < 0) {
			fprintf(stderr, "fuzz: %s\n", err.msg);
			abort();
		}
		snprintf(dir, sizeof(dir), "/tmp/lak-fuzz-manifest-XXXXXX");
		if (mkdtemp(dir) == NULL)
			abort();
		snprintf(manifest, sizeof(manifest), "%s/manifest.xml", dir);
		snprintf(file, sizeof(file), "%s/inventarislijst.csv", dir);
		if (lak_file_write_atomic(file, "a;b\r\n", 5, 0644, &err) < 0)
			abort();
	}
	if (lak_file_write_atomic(manifest, data, size, 0644, &err) < 0)
		abort();
	memset(&o, 0, sizeof(o));
	o.manifest_schema = ms;
	o.diwoo_schema = ds;
	o.pdf.cat = fuzz_grounds();
	lak_verify_release(dir, &o, &f, &err);
	lak_findings_release(&f);
	return 0;
}
