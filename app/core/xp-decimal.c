/* xp-decimal.c — exact decimals and rationals for scoring
 *
 * Scores, maxima and thresholds are decimals with few places; totals are
 * ratios of them.  Doing the arithmetic on exact rationals and rounding
 * once, at the end, is what makes 0.3 × 96 + 0.7 × 89.5 = 91.45 round to
 * 91.5 as a person computing by hand would (rule 5 of DESIGN.md).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-decimal"

#include "config.h"

#include <math.h>
#include <string.h>

#include "xp-decimal.h"

#define XP_DEC_MAX_UNITS G_GINT64_CONSTANT (1000000000000) /* 10^12 */

gboolean
xp_dec_parse (const char *text,
              gssize      len,
              XpDec      *out)
{
  const char *p, *end;
  gboolean negative = FALSE;
  gint64 units = 0, frac = 0;
  guint n_int = 0, n_frac = 0;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  p = text;
  end = len < 0 ? text + strlen (text) : text + len;

  if (p < end && *p == '-')
    {
      negative = TRUE;
      p++;
    }
  else if (p < end && *p == '+')
    p++;

  for (; p < end && g_ascii_isdigit (*p); p++)
    {
      units = units * 10 + (*p - '0');
      if (++n_int > 13 || units >= XP_DEC_MAX_UNITS)
        return FALSE;
    }

  if (p < end && *p == '.')
    {
      p++;
      for (; p < end && g_ascii_isdigit (*p); p++)
        {
          /* Trailing zeros beyond six places are harmless ("4.5000000"). */
          if (n_frac >= 6)
            {
              if (*p != '0')
                return FALSE;
              continue;
            }
          frac = frac * 10 + (*p - '0');
          n_frac++;
        }
      if (n_frac == 0)
        return FALSE;
    }

  if (p != end || n_int == 0)
    return FALSE;

  for (guint i = n_frac; i < 6; i++)
    frac *= 10;

  *out = (units * XP_DEC_UNIT + frac) * (negative ? -1 : 1);
  return TRUE;
}

const char *
xp_dec_to_buf (XpDec  value,
               char  *buf)
{
  guint64 magnitude;
  guint64 units, frac;
  char *p;

  g_return_val_if_fail (buf != NULL, NULL);

  magnitude = value < 0 ? (guint64) (-(value + 1)) + 1 : (guint64) value;
  units = magnitude / XP_DEC_UNIT;
  frac = magnitude % XP_DEC_UNIT;

  p = buf + g_snprintf (buf, XP_DEC_BUF_SIZE, "%s%" G_GUINT64_FORMAT,
                        value < 0 ? "-" : "", units);
  if (frac != 0)
    {
      int digits = 6;

      while (frac % 10 == 0)
        {
          frac /= 10;
          digits--;
        }
      g_snprintf (p, XP_DEC_BUF_SIZE - (p - buf), ".%0*" G_GUINT64_FORMAT,
                  digits, frac);
    }

  return buf;
}

char *
xp_dec_format (XpDec value)
{
  char buf[XP_DEC_BUF_SIZE];

  return g_strdup (xp_dec_to_buf (value, buf));
}

double
xp_dec_to_double (XpDec value)
{
  return (double) value / (double) XP_DEC_UNIT;
}

gboolean
xp_dec_from_double (double  value,
                    XpDec  *out)
{
  double scaled;

  g_return_val_if_fail (out != NULL, FALSE);

  if (!isfinite (value))
    return FALSE;

  scaled = round (value * (double) XP_DEC_UNIT);
  if (fabs (scaled) >= (double) XP_DEC_MAX_UNITS * (double) XP_DEC_UNIT)
    return FALSE;

  *out = (XpDec) scaled;
  return TRUE;
}

/* ---- rationals ---- */

static __int128
abs128 (__int128 v)
{
  return v < 0 ? -v : v;
}

static __int128
gcd128 (__int128 a,
        __int128 b)
{
  a = abs128 (a);
  b = abs128 (b);
  while (b != 0)
    {
      __int128 t = a % b;
      a = b;
      b = t;
    }
  return a;
}

static XpRat
rat_normalize (__int128 num,
               __int128 den)
{
  __int128 g;

  g_assert (den != 0);

  if (den < 0)
    {
      num = -num;
      den = -den;
    }

  g = gcd128 (num, den);
  if (g > 1)
    {
      num /= g;
      den /= g;
    }

  return (XpRat) { num, den };
}

XpRat
xp_rat_from_dec (XpDec value)
{
  return rat_normalize (value, XP_DEC_UNIT);
}

XpRat
xp_rat_from_int (gint64 value)
{
  return (XpRat) { value, 1 };
}

XpRat
xp_rat_add (XpRat a,
            XpRat b)
{
  __int128 g = gcd128 (a.den, b.den);
  __int128 bd = b.den / g;

  return rat_normalize (a.num * bd + b.num * (a.den / g), a.den * bd);
}

XpRat
xp_rat_sub (XpRat a,
            XpRat b)
{
  b.num = -b.num;
  return xp_rat_add (a, b);
}

XpRat
xp_rat_mul (XpRat a,
            XpRat b)
{
  __int128 g1 = gcd128 (a.num, b.den);
  __int128 g2 = gcd128 (b.num, a.den);

  if (g1 == 0)
    g1 = 1;
  if (g2 == 0)
    g2 = 1;

  return rat_normalize ((a.num / g1) * (b.num / g2), (a.den / g2) * (b.den / g1));
}

XpRat
xp_rat_div (XpRat a,
            XpRat b)
{
  g_return_val_if_fail (b.num != 0, a);

  return xp_rat_mul (a, rat_normalize (b.den, b.num));
}

int
xp_rat_cmp (XpRat a,
            XpRat b)
{
  /* Both denominators are positive and the values stay far below 2^63 in
   * magnitude, so cross-multiplying cannot overflow 128 bits. */
  __int128 l = a.num * b.den;
  __int128 r = b.num * a.den;

  return l < r ? -1 : l > r ? 1 : 0;
}

XpRat
xp_rat_min (XpRat a,
            XpRat b)
{
  return xp_rat_cmp (a, b) <= 0 ? a : b;
}

XpRat
xp_rat_max (XpRat a,
            XpRat b)
{
  return xp_rat_cmp (a, b) >= 0 ? a : b;
}

XpDec
xp_rat_round (XpRat value,
              guint precision)
{
  __int128 scale = 1, num, q, r;
  gboolean negative;

  g_return_val_if_fail (precision <= 6, 0);

  for (guint i = 0; i < precision; i++)
    scale *= 10;

  negative = value.num < 0;
  num = abs128 (value.num) * scale;
  q = num / value.den;
  r = num % value.den;
  if (2 * r >= value.den)
    q++;

  for (guint i = precision; i < 6; i++)
    q *= 10;

  return (XpDec) (negative ? -q : q);
}
