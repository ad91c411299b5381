/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef RA_BANNED_H
#define RA_BANNED_H

/*
 * Functions that may not be called inside libsgxra (git's banned.h idea).
 * Included last by src/lib/internal.h, so a call fails to compile with an
 * error that names the function.
 */
#define RA_BANNED(f) sorry_##f##_is_banned_in_this_library

/* NOLINTBEGIN(readability-identifier-naming): lower case on purpose */
#undef memcmp /* secrets: ra_ct_eq(); one rule, no judgment calls */
#define memcmp(a, b, n) RA_BANNED(memcmp)
#undef strcpy
#define strcpy(d, s) RA_BANNED(strcpy)
#undef strcat
#define strcat(d, s) RA_BANNED(strcat)
#undef strncpy
#define strncpy(d, s, n) RA_BANNED(strncpy)
#undef strncat
#define strncat(d, s, n) RA_BANNED(strncat)
#undef sprintf
#define sprintf(...) RA_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) RA_BANNED(vsprintf)
#undef strtok
#define strtok(s, d) RA_BANNED(strtok)
#undef atoi
#define atoi(s) RA_BANNED(atoi)
#undef atol
#define atol(s) RA_BANNED(atol)
#undef rand
#define rand() RA_BANNED(rand)
#undef srand
#define srand(s) RA_BANNED(srand)
#undef gets
#define gets(s) RA_BANNED(gets)
/* NOLINTEND(readability-identifier-naming) */

#endif
