/* xp-decimal.h — exact decimals and rationals for scoring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-types.h"

G_BEGIN_DECLS

/* Parses "4.5", "-0.25", "100", "1e1" is refused.  At most six decimal
 * places; the magnitude must stay below 10^12.  Returns FALSE on anything
 * else, leaving *out untouched. */
gboolean xp_dec_parse       (const char *text,
                             gssize      len,
                             XpDec      *out);
/* Shortest exact text: 4.5, 3, 0.25, -1.125.  Caller frees. */
char    *xp_dec_format      (XpDec       value);
/* Into a caller buffer of at least XP_DEC_BUF_SIZE bytes. */
#define XP_DEC_BUF_SIZE 32
const char *xp_dec_to_buf   (XpDec       value,
                             char       *buf);
double   xp_dec_to_double   (XpDec       value);
/* Nearest XpDec; FALSE when value is not finite or out of range. */
gboolean xp_dec_from_double (double      value,
                             XpDec      *out);

/* An exact rational used while combining scores: num/den, den > 0. */
typedef struct {
  __int128 num;
  __int128 den;
} XpRat;

XpRat    xp_rat_from_dec    (XpDec       value);
XpRat    xp_rat_from_int    (gint64      value);
XpRat    xp_rat_add         (XpRat       a,
                             XpRat       b);
XpRat    xp_rat_sub         (XpRat       a,
                             XpRat       b);
XpRat    xp_rat_mul         (XpRat       a,
                             XpRat       b);
XpRat    xp_rat_div         (XpRat       a,
                             XpRat       b);
int      xp_rat_cmp         (XpRat       a,
                             XpRat       b);
XpRat    xp_rat_min         (XpRat       a,
                             XpRat       b);
XpRat    xp_rat_max         (XpRat       a,
                             XpRat       b);
/* Rounds half away from zero to @precision (0..6) decimal places. */
XpDec    xp_rat_round       (XpRat       value,
                             guint       precision);

G_END_DECLS
