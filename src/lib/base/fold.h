/*
 * Case and diacritics folding, and word tokens, as the matcher sees text:
 * "Bakker-Smit" and "BAKKER-SMÎT" fold alike and give the tokens "bakker"
 * and "smit".
 */
#ifndef LAK_FOLD_H
#define LAK_FOLD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LAK_UTF8_BAD UINT32_MAX

/*
 * The code point at *p (reading at most end - *p bytes) and *p moved past
 * it; an invalid or cut-off sequence gives LAK_UTF8_BAD and moves *p one
 * byte, so a loop over untrusted text always ends.
 */
uint32_t lak_utf8_next(const char **p, const char *end);

/* Lower case without diacritics: 'É' -> 'e', 'ĳ' stays one letter. */
uint32_t lak_fold_cp(uint32_t cp);

/* Whether a folded code point belongs to a word token. */
bool lak_fold_is_word(uint32_t cp);

/*
 * The folded tokens of UTF-8 text 's' (len bytes), each appended to 'out'
 * (a NUL-terminated UTF-8 string per token, one after the other); returns
 * the number of tokens, or -1 when out of memory. Used for terms.
 */
struct lak_buf;
long lak_fold_tokens(const char *s, size_t len, struct lak_buf *out);

#endif
