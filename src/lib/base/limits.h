/*
 * The caps on what lakwerk reads into memory, by kind of file, in one
 * place. A file over its cap fails with LAK_ELIMIT (lak_file_read()).
 */
#ifndef LAK_LIMITS_H
#define LAK_LIMITS_H

#include <stddef.h>

/* A small text a person writes: request.txt, a grounds catalogue, a
 * template, a result's stats. */
#define LAK_MAX_TEXT_FILE ((size_t)1 << 20)
/* A record lakwerk writes about a failure (ID.error). */
#define LAK_MAX_NOTE_FILE ((size_t)1 << 16)
/* A style sheet or script of the review report. */
#define LAK_MAX_ASSET_FILE ((size_t)1 << 22)
/* A plan CSV (a reviewed one may hold every document of a request) and a
 * document's review data. */
#define LAK_MAX_PLAN_FILE ((size_t)1 << 30)
/* A document to read (ingest's default cap) or to verify. */
#define LAK_MAX_DOCUMENT_FILE ((size_t)1 << 30)
/* A file of a release as it goes into the archive. */
#define LAK_MAX_ARCHIVE_ENTRY ((size_t)1 << 32)
/* A file lakwerk wrote itself and reads back: a released PDF, a file of
 * the release going into the archive. */
#define LAK_MAX_OUTPUT_FILE ((size_t)1 << 34)

#endif
