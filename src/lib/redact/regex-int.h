/*
 * Internal to the library: JIT compilation of the PCRE2 patterns of rules
 * and detectors, in one place. 'code' is a pcre2_code * (void *: no
 * dependency type in a header).
 *
 * LAKWERK_NO_JIT=1 in the environment turns it off (matching is then
 * interpreted, about 3x slower): valgrind cannot see into JIT-compiled
 * code and reports its reads as uninitialised (make check-valgrind).
 */
#ifndef LAK_REGEX_INT_H
#define LAK_REGEX_INT_H

void lak_regex_jit(void *code);

#endif
