/*
 * JSON strings for data that a page embeds in a script element.
 */
#ifndef LAK_JSON_H
#define LAK_JSON_H

#include <stddef.h>

#include "lib/base/buf.h"

/* 'len' bytes of 's' as a JSON string, safe inside an HTML script element
 * (no '<', '>' or '&'); bytes that are not UTF-8 become U+FFFD. */
void lak_json_string(struct lak_buf *out, const char *s, size_t len);

#endif
