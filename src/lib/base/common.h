/*
 * First include of every liblakwerk .c file: configuration, the standard
 * headers every module uses, and a few small macros.
 */
#ifndef LAK_COMMON_H
#define LAK_COMMON_H

#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LAK_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define LAK_MIN(a, b) ((a) < (b) ? (a) : (b))
#define LAK_MAX(a, b) ((a) > (b) ? (a) : (b))

#endif
