/*
 * Internal to the library: opening a PDF with poppler, shared by ingest
 * and the PDF output stage. The result is a PopplerDocument * (as void *,
 * so that no poppler type reaches a header); g_object_unref() it.
 */
#ifndef LAK_INGEST_INT_H
#define LAK_INGEST_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/base/error.h"

void *lak_pdf_open(const void *data, size_t len, const char *password,
    struct lak_error *err);

#endif
