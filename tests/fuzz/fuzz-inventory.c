/* Fuzz target: inventory lists, as CSV and (when the bytes start like a
 * ZIP) as an .xlsx workbook. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "lib/release/inventory.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lak_error err = LAK_ERROR_INIT;
	struct lak_inventory *inv = NULL;

	if (lak_inventory_read((const char *)data, size, "fuzz.csv",
	    fuzz_grounds(), &inv, &err) == 0)
		lak_inventory_free(inv);
	if (size >= 4 && memcmp(data, "PK\003\004", 4) == 0) {
		char path[64];
		FILE *f;

		snprintf(path, sizeof(path), "/tmp/lak-fuzz-%ld.xlsx",
		    (long)getpid());
		if ((f = fopen(path, "wb")) == NULL)
			return 0;
		fwrite(data, 1, size, f);
		fclose(f);
		err.code = LAK_OK;
		inv = NULL;
		if (lak_inventory_load(path, fuzz_grounds(), &inv, &err) == 0)
			lak_inventory_free(inv);
		unlink(path);
	}
	return 0;
}
