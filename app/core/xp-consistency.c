/* xp-consistency.c — how far the evaluation group agrees
 *
 * Sheet totals, medians and thresholds are compared exactly (XpRat); the
 * statistics (offsets, ICC, W) are computed in doubles from the exact
 * totals and reported to three decimals.  Leave-one-out reuses the
 * ranking itself (_xp_ranking_new_leave_out) so that stars and ranks
 * follow the scheme's own rules, quotas included.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-consistency"

#include "config.h"

#include <math.h>
#include <string.h>

#include "xp-consistency.h"
#include "xp-criteria-private.h"
#include "xp-decimal.h"
#include "xp-project-private.h"
#include "xp-ranking-private.h"

struct _XpConsistency {
  GObject     parent_instance;
  XpRanking  *ranking;
  XpDec       deviation;
  GArray     *evaluators;   /* XpEvaluatorStats (evaluator ref owned) */
  GArray     *flags;        /* XpConsistencyFlag (branch, evaluator refs owned) */
  GHashTable *flips;        /* branch id → GArray of XpFlip */
  XpAgreement icc;
  XpAgreement kendall_w;
};

G_DEFINE_FINAL_TYPE (XpConsistency, xp_consistency, G_TYPE_OBJECT)

/* ------------------------------------------------------------ helpers */

static double
rat_to_double (XpRat value)
{
  return (double) value.num / (double) value.den;
}

static int
rat_cmp_p (gconstpointer a,
           gconstpointer b)
{
  return xp_rat_cmp (*(const XpRat *) a, *(const XpRat *) b);
}

/* Median of @values[n] (sorted in place); the mean of the middle two
 * when n is even. */
static XpRat
rat_median (XpRat *values,
            guint  n)
{
  g_assert (n > 0);
  qsort (values, n, sizeof (XpRat), rat_cmp_p);
  if (n % 2 == 1)
    return values[n / 2];
  return xp_rat_div (xp_rat_add (values[n / 2 - 1], values[n / 2]), xp_rat_from_int (2));
}

static XpRat
rat_abs (XpRat value)
{
  XpRat zero = xp_rat_from_int (0);

  return xp_rat_cmp (value, zero) < 0 ? xp_rat_sub (zero, value) : value;
}

/* ------------------------------------------------------- the statistics */

const char *
xp_agreement_status_to_string (XpAgreementStatus status)
{
  switch (status)
    {
    case XP_AGREEMENT_OK: return "ok";
    case XP_AGREEMENT_FEW_EVALUATORS: return "too-few-evaluators";
    case XP_AGREEMENT_FEW_BRANCHES: return "too-few-branches";
    case XP_AGREEMENT_NO_VARIANCE: return "zero-variance";
    default: g_assert_not_reached ();
    }
}

XpAgreementStatus
xp_icc_2 (const double *x,
          guint         n,
          guint         k,
          double       *icc_2k,
          double       *icc_21)
{
  double grand = 0, ssr = 0, ssc = 0, sst = 0, sumsq = 0;
  double msr, msc, mse, denom_k, denom_1;

  if (k < 2)
    return XP_AGREEMENT_FEW_EVALUATORS;
  if (n < 2)
    return XP_AGREEMENT_FEW_BRANCHES;
  g_return_val_if_fail (x != NULL, XP_AGREEMENT_FEW_BRANCHES);

  for (guint i = 0; i < n * k; i++)
    {
      grand += x[i];
      sumsq += x[i] * x[i];
    }
  grand /= (double) n * k;

  for (guint i = 0; i < n; i++)
    {
      double m = 0;

      for (guint j = 0; j < k; j++)
        m += x[i * k + j];
      m /= k;
      ssr += (m - grand) * (m - grand);
    }
  ssr *= k;
  for (guint j = 0; j < k; j++)
    {
      double m = 0;

      for (guint i = 0; i < n; i++)
        m += x[i * k + j];
      m /= n;
      ssc += (m - grand) * (m - grand);
    }
  ssc *= n;
  for (guint i = 0; i < n * k; i++)
    sst += (x[i] - grand) * (x[i] - grand);

  /* Every value equal (up to rounding in the sums): nothing to agree on. */
  if (sst <= 1e-12 * (1.0 + sumsq))
    return XP_AGREEMENT_NO_VARIANCE;

  msr = ssr / (n - 1);
  msc = ssc / (k - 1);
  mse = MAX (sst - ssr - ssc, 0.0) / ((double) (n - 1) * (k - 1));

  /* Shrout & Fleiss (1979), case 2; McGraw & Wong (1996), ICC(A,k). */
  denom_k = msr + (msc - mse) / n;
  denom_1 = msr + (k - 1) * mse + k * (msc - mse) / n;
  if (denom_k <= 1e-12 * (1.0 + msr + msc + mse) || denom_1 <= 1e-12 * (1.0 + msr + msc + mse))
    return XP_AGREEMENT_NO_VARIANCE;
  if (icc_2k)
    *icc_2k = (msr - mse) / denom_k;
  if (icc_21)
    *icc_21 = (msr - mse) / denom_1;
  return XP_AGREEMENT_OK;
}

/* W from mid-ranks @r[i * m + j] and the tie sums Σ(t³ − t) of all raters. */
static XpAgreementStatus
kendall_w_from_ranks (const double *r,
                      guint         n,
                      guint         m,
                      double        ties,
                      double       *w)
{
  double mean = m * (n + 1) / 2.0, s = 0, denom;

  for (guint i = 0; i < n; i++)
    {
      double sum = 0;

      for (guint j = 0; j < m; j++)
        sum += r[i * m + j];
      s += (sum - mean) * (sum - mean);
    }
  denom = (double) m * m * ((double) n * n * n - n) - (double) m * ties;
  if (denom <= 0.5)   /* integers: every rater tied every target */
    return XP_AGREEMENT_NO_VARIANCE;
  if (w)
    *w = 12.0 * s / denom;
  return XP_AGREEMENT_OK;
}

typedef int (*CompareFunc) (gconstpointer a, gconstpointer b);

typedef struct {
  const guint8 *base;
  gsize         stride;
  CompareFunc   cmp;
} RankCtx;

static int
rank_cmp (gconstpointer a,
          gconstpointer b,
          gpointer      data)
{
  RankCtx *ctx = data;

  return ctx->cmp (ctx->base + *(const guint *) a * ctx->stride,
                   ctx->base + *(const guint *) b * ctx->stride);
}

/* Mid-ranks (1 = lowest) of rater @j's column into @r; returns Σ(t³ − t). */
static double
rank_column (const void *values,
             gsize       size,
             CompareFunc cmp,
             guint       n,
             guint       m,
             guint       j,
             double     *r)
{
  g_autofree guint *idx = g_new (guint, n);
  RankCtx ctx = { (const guint8 *) values + j * size, size * m, cmp };
  double ties = 0;

  for (guint i = 0; i < n; i++)
    idx[i] = i;
  g_qsort_with_data (idx, n, sizeof (guint), rank_cmp, &ctx);
  for (guint a = 0; a < n;)
    {
      guint b = a;
      double t;

      while (b + 1 < n && rank_cmp (&idx[a], &idx[b + 1], &ctx) == 0)
        b++;
      for (guint c = a; c <= b; c++)
        r[idx[c] * m + j] = (a + b) / 2.0 + 1;
      t = b - a + 1;
      ties += t * t * t - t;
      a = b + 1;
    }
  return ties;
}

static int
double_cmp (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static XpAgreementStatus
kendall_w_generic (const void *values,
                   gsize       size,
                   CompareFunc cmp,
                   guint       n,
                   guint       m,
                   double     *w)
{
  g_autofree double *r = NULL;
  double ties = 0;

  if (m < 2)
    return XP_AGREEMENT_FEW_EVALUATORS;
  if (n < 2)
    return XP_AGREEMENT_FEW_BRANCHES;

  r = g_new (double, (gsize) n * m);
  for (guint j = 0; j < m; j++)
    ties += rank_column (values, size, cmp, n, m, j, r);
  return kendall_w_from_ranks (r, n, m, ties, w);
}

XpAgreementStatus
xp_kendall_w (const double *x,
              guint         n,
              guint         m,
              double       *w)
{
  g_return_val_if_fail (x != NULL || n * m == 0, XP_AGREEMENT_FEW_BRANCHES);
  return kendall_w_generic (x, sizeof (double), double_cmp, n, m, w);
}

/* ------------------------------------------------------------ building */

typedef struct {
  XpEvaluator *evaluator;
  GArray      *offsets;   /* double */
} Accum;

static void
compute_agreement (XpConsistency *self,
                   GPtrArray     *group)
{
  GListModel *model = G_LIST_MODEL (self->ranking);
  guint n_results = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) taking_part = g_ptr_array_new ();
  g_autoptr(GArray) exact = g_array_new (FALSE, FALSE, sizeof (XpRat));
  g_autofree double *x = NULL;
  guint n = 0, k;

  /* Evaluators without a single complete sheet take no part. */
  for (guint e = 0; e < group->len; e++)
    {
      XpEvaluator *ev = g_ptr_array_index (group, e);

      for (guint i = 0; i < n_results; i++)
        {
          g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
          XpRat t;

          if (_xp_branch_result_get_sheet_exact (r, xp_evaluator_get_id (ev), &t))
            {
              g_ptr_array_add (taking_part, ev);
              break;
            }
        }
    }
  k = taking_part->len;

  for (guint i = 0; i < n_results && k > 0; i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
      guint have = 0;

      for (guint e = 0; e < k; e++)
        {
          XpRat t;

          if (!_xp_branch_result_get_sheet_exact (r, xp_evaluator_get_id (g_ptr_array_index (taking_part, e)), &t))
            break;
          g_array_append_val (exact, t);
          have++;
        }
      if (have < k)
        g_array_set_size (exact, n * k);
      else
        n++;
    }

  self->icc.n_branches = self->kendall_w.n_branches = n;
  self->icc.n_evaluators = self->kendall_w.n_evaluators = k;

  x = g_new (double, MAX ((gsize) n * k, 1));
  for (guint i = 0; i < n * k; i++)
    x[i] = rat_to_double (g_array_index (exact, XpRat, i));
  self->icc.status = xp_icc_2 (x, n, k, &self->icc.value, NULL);
  /* Ranks from the exact totals, so equal totals always tie. */
  self->kendall_w.status = kendall_w_generic (exact->data, sizeof (XpRat), rat_cmp_p,
                                              n, k, &self->kendall_w.value);
}

static void
compute_offsets_and_flags (XpConsistency *self,
                           GPtrArray     *group,
                           XpEvaluator   *self_evaluator)
{
  XpProject *project = xp_ranking_get_project (self->ranking);
  XpCriteria *criteria = xp_project_get_criteria (project);
  GListModel *model = G_LIST_MODEL (self->ranking);
  guint n_results = g_list_model_get_n_items (model);
  guint n_acc = group->len + (self_evaluator ? 1 : 0);
  g_autofree Accum *acc = g_new0 (Accum, n_acc);
  g_autofree XpRat *totals = g_new (XpRat, MAX (group->len, 1));
  g_autofree XpRat *sorted = g_new (XpRat, MAX (group->len, 1));
  g_autofree guint *who = g_new (guint, MAX (group->len, 1));
  g_autoptr(GArray) item_flags = g_array_new (FALSE, TRUE, sizeof (XpConsistencyFlag));
  XpRat deviation = xp_rat_from_dec (self->deviation);

  for (guint e = 0; e < n_acc; e++)
    {
      acc[e].evaluator = e < group->len ? g_ptr_array_index (group, e) : self_evaluator;
      acc[e].offsets = g_array_new (FALSE, FALSE, sizeof (double));
    }

  for (guint i = 0; i < n_results; i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
      XpBranch *branch = xp_branch_result_get_branch (r);
      const char *category = xp_branch_get_category (branch);
      XpRat sum = xp_rat_from_int (0), self_total;
      guint n = 0;

      for (guint e = 0; e < group->len; e++)
        if (_xp_branch_result_get_sheet_exact (r, xp_evaluator_get_id (g_ptr_array_index (group, e)), &totals[n]))
          {
            sum = xp_rat_add (sum, totals[n]);
            who[n++] = e;
          }

      for (guint a = 0; a < n; a++)
        {
          Accum *ac = &acc[who[a]];
          double offset;

          if (n < 2)
            continue;
          /* T − mean of the others = (n T − Σ) / (n − 1) */
          offset = rat_to_double (xp_rat_div (xp_rat_sub (xp_rat_mul (xp_rat_from_int (n), totals[a]), sum),
                                              xp_rat_from_int (n - 1)));
          g_array_append_val (ac->offsets, offset);
        }

      if (self_evaluator != NULL && n > 0 &&
          _xp_branch_result_get_sheet_exact (r, xp_evaluator_get_id (self_evaluator), &self_total))
        {
          double offset = rat_to_double (xp_rat_sub (self_total, xp_rat_div (sum, xp_rat_from_int (n))));

          g_array_append_val (acc[group->len].offsets, offset);
        }

      /* Totals far from the group median. */
      if (n >= 2)
        {
          XpRat median;

          memcpy (sorted, totals, n * sizeof (XpRat));
          median = rat_median (sorted, n);
          for (guint a = 0; a < n; a++)
            if (xp_rat_cmp (rat_abs (xp_rat_sub (totals[a], median)), deviation) > 0)
              {
                XpConsistencyFlag flag = { XP_FLAG_DEVIATION, g_object_ref (branch),
                                           g_object_ref (acc[who[a]].evaluator), NULL,
                                           xp_rat_round (totals[a], criteria->precision),
                                           xp_rat_round (median, criteria->precision) };

                g_array_append_val (self->flags, flag);
              }
        }

      /* Items whose group scores spread over more than half the max. */
      for (guint it = 0; it < criteria->items->len; it++)
        {
          XpItem *item = g_ptr_array_index (criteria->items, it);
          XpDec lo = XP_DEC_NONE, hi = XP_DEC_NONE;
          guint scored = 0;

          if (item->kind == XP_ITEM_DIMENSION && !xp_item_applies_to (item, category))
            continue;
          for (guint e = 0; e < group->len; e++)
            {
              XpSheet *sheet = _xp_branch_get_sheet (branch, xp_evaluator_get_id (g_ptr_array_index (group, e)));
              XpDec v;

              if (sheet == NULL || (v = sheet->values[it]) == XP_DEC_NONE)
                continue;
              lo = scored ? MIN (lo, v) : v;
              hi = scored ? MAX (hi, v) : v;
              scored++;
            }
          if (scored >= 2 && 2 * (hi - lo) > item->max)
            {
              XpConsistencyFlag flag = { XP_FLAG_ITEM, g_object_ref (branch), NULL, item, lo, hi };

              g_array_append_val (item_flags, flag);
            }
        }
    }

  g_array_append_vals (self->flags, item_flags->data, item_flags->len);

  for (guint e = 0; e < n_acc; e++)
    {
      XpEvaluatorStats st = { 0 };
      GArray *off = acc[e].offsets;
      const char *id = xp_evaluator_get_id (acc[e].evaluator);

      st.evaluator = g_object_ref (acc[e].evaluator);
      for (guint i = 0; i < n_results; i++)
        {
          g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
          XpRat t;

          st.n_sheets += _xp_branch_result_get_sheet_exact (r, id, &t);
        }
      st.n_compared = off->len;
      for (guint i = 0; i < off->len; i++)
        st.mean_offset += g_array_index (off, double, i);
      if (off->len > 0)
        st.mean_offset /= off->len;
      for (guint i = 0; i < off->len; i++)
        {
          double d = g_array_index (off, double, i) - st.mean_offset;

          st.sd_offset += d * d;
        }
      st.sd_offset = off->len > 1 ? sqrt (st.sd_offset / (off->len - 1)) : 0;
      for (guint f = 0; f < self->flags->len; f++)
        st.n_flags += g_array_index (self->flags, XpConsistencyFlag, f).evaluator == acc[e].evaluator;
      g_array_append_val (self->evaluators, st);
      g_array_unref (off);
    }
}

static void
compute_flips (XpConsistency *self,
               GPtrArray     *group)
{
  XpProject *project = xp_ranking_get_project (self->ranking);
  GListModel *model = G_LIST_MODEL (self->ranking);
  guint n_results = g_list_model_get_n_items (model);

  for (guint e = 0; e < group->len; e++)
    {
      XpEvaluator *ev = g_ptr_array_index (group, e);
      const XpEvaluatorStats *st = NULL;
      g_autoptr(XpRanking) without = NULL;

      for (guint s = 0; s < self->evaluators->len; s++)
        if (g_array_index (self->evaluators, XpEvaluatorStats, s).evaluator == ev)
          st = &g_array_index (self->evaluators, XpEvaluatorStats, s);
      if (st == NULL || st->n_sheets == 0)
        continue;   /* nothing of theirs counts */

      without = _xp_ranking_new_leave_out (project, xp_evaluator_get_id (ev));
      for (guint i = 0; i < n_results; i++)
        {
          g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
          const char *id = xp_branch_get_id (xp_branch_result_get_branch (r));
          XpBranchResult *o;
          XpFlip flip;
          GArray *flips;

          if (!xp_branch_result_is_complete (r))
            continue;
          o = xp_ranking_lookup (without, id);
          g_assert (o != NULL && xp_branch_result_is_complete (o));
          if (xp_branch_result_get_stars (o) == xp_branch_result_get_stars (r) &&
              xp_branch_result_get_rank (o) == xp_branch_result_get_rank (r))
            continue;

          flip.evaluator = ev;
          flip.stars = xp_branch_result_get_stars (o);
          flip.rank = xp_branch_result_get_rank (o);
          flips = g_hash_table_lookup (self->flips, id);
          if (flips == NULL)
            {
              flips = g_array_new (FALSE, FALSE, sizeof (XpFlip));
              g_hash_table_insert (self->flips, g_strdup (id), flips);
            }
          g_array_append_val (flips, flip);
        }
    }
}

/* ---------------------------------------------------------- the object */

static void
xp_consistency_finalize (GObject *object)
{
  XpConsistency *self = XP_CONSISTENCY (object);

  for (guint i = 0; i < self->evaluators->len; i++)
    g_object_unref (g_array_index (self->evaluators, XpEvaluatorStats, i).evaluator);
  g_array_unref (self->evaluators);
  for (guint i = 0; i < self->flags->len; i++)
    {
      XpConsistencyFlag *flag = &g_array_index (self->flags, XpConsistencyFlag, i);

      g_object_unref (flag->branch);
      g_clear_object (&flag->evaluator);
    }
  g_array_unref (self->flags);
  g_hash_table_unref (self->flips);
  g_clear_object (&self->ranking);

  G_OBJECT_CLASS (xp_consistency_parent_class)->finalize (object);
}

static void
xp_consistency_class_init (XpConsistencyClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_consistency_finalize;
}

static void
xp_consistency_init (XpConsistency *self)
{
  self->evaluators = g_array_new (FALSE, TRUE, sizeof (XpEvaluatorStats));
  self->flags = g_array_new (FALSE, TRUE, sizeof (XpConsistencyFlag));
  self->flips = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_array_unref);
}

XpConsistency *
xp_consistency_new (XpRanking *ranking,
                    XpDec      deviation)
{
  XpConsistency *self;
  XpProject *project;
  GListModel *evaluators;
  g_autoptr(GPtrArray) group = g_ptr_array_new_with_free_func (g_object_unref);
  XpEvaluator *self_evaluator = NULL;

  g_return_val_if_fail (XP_IS_RANKING (ranking), NULL);
  g_return_val_if_fail (deviation == XP_DEC_NONE || deviation >= 0, NULL);

  project = xp_ranking_get_project (ranking);
  evaluators = xp_project_get_evaluators (project);

  self = g_object_new (XP_TYPE_CONSISTENCY, NULL);
  self->ranking = g_object_ref (ranking);
  /* Default: 10 % of the scale, in points. */
  self->deviation = deviation != XP_DEC_NONE ? deviation
                                             : xp_criteria_get_scale (xp_project_get_criteria (project)) / 10;

  for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
    {
      g_autoptr(XpEvaluator) ev = g_list_model_get_item (evaluators, e);

      if (xp_evaluator_get_role (ev) == XP_ROLE_GROUP)
        g_ptr_array_add (group, g_object_ref (ev));
      else
        self_evaluator = ev;   /* owned by the project */
    }

  compute_offsets_and_flags (self, group, self_evaluator);
  compute_agreement (self, group);
  compute_flips (self, group);
  return self;
}

XpRanking *xp_consistency_get_ranking (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL); return self->ranking; }
XpDec xp_consistency_get_deviation (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), XP_DEC_NONE); return self->deviation; }
guint xp_consistency_get_n_evaluators (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), 0); return self->evaluators->len; }
const XpAgreement *xp_consistency_get_icc (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL); return &self->icc; }
const XpAgreement *xp_consistency_get_kendall_w (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL); return &self->kendall_w; }
guint xp_consistency_get_n_flags (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), 0); return self->flags->len; }
guint xp_consistency_get_n_sensitive (XpConsistency *self) { g_return_val_if_fail (XP_IS_CONSISTENCY (self), 0); return g_hash_table_size (self->flips); }

const XpEvaluatorStats *
xp_consistency_get_evaluator (XpConsistency *self,
                              guint          index)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL);
  g_return_val_if_fail (index < self->evaluators->len, NULL);
  return &g_array_index (self->evaluators, XpEvaluatorStats, index);
}

const XpConsistencyFlag *
xp_consistency_get_flag (XpConsistency *self,
                         guint          index)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL);
  g_return_val_if_fail (index < self->flags->len, NULL);
  return &g_array_index (self->flags, XpConsistencyFlag, index);
}

const XpFlip *
xp_consistency_get_flips (XpConsistency *self,
                          const char    *branch_id,
                          guint         *n_flips)
{
  GArray *flips;

  g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL);
  flips = g_hash_table_lookup (self->flips, branch_id);
  if (n_flips)
    *n_flips = flips ? flips->len : 0;
  return flips ? (const XpFlip *) flips->data : NULL;
}

gboolean
xp_consistency_is_sensitive (XpConsistency *self,
                             const char    *branch_id)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY (self), FALSE);
  return g_hash_table_contains (self->flips, branch_id);
}

/* --------------------------------------------------------------- JSON */

static void
write_3 (XpJsonWriter *w,
         double        value)
{
  XpDec d;

  if (!isfinite (value) || !xp_dec_from_double (round (value * 1000) / 1000, &d))
    {
      xp_json_writer_null (w);
      return;
    }
  xp_json_writer_dec (w, d);
}

static void
write_agreement (XpJsonWriter      *w,
                 const XpAgreement *a)
{
  xp_json_writer_begin_object (w, TRUE);
  xp_json_writer_key (w, "value");
  if (a->status == XP_AGREEMENT_OK)
    write_3 (w, a->value);
  else
    xp_json_writer_null (w);
  xp_json_writer_key (w, "n_branches");
  xp_json_writer_int (w, a->n_branches);
  xp_json_writer_key (w, "n_evaluators");
  xp_json_writer_int (w, a->n_evaluators);
  xp_json_writer_key (w, "reason");
  xp_json_writer_string (w, a->status == XP_AGREEMENT_OK ? NULL : xp_agreement_status_to_string (a->status));
  xp_json_writer_end_object (w);
}

void
xp_consistency_write_json (XpConsistency *self,
                           XpJsonWriter  *w)
{
  GListModel *model;

  g_return_if_fail (XP_IS_CONSISTENCY (self));

  model = G_LIST_MODEL (self->ranking);
  xp_json_writer_begin_object (w, FALSE);
  xp_json_writer_key (w, "basis");
  xp_json_writer_string (w, "ICC(2,k) and Kendall's W use the branches every group evaluator "
                            "with a complete sheet scored completely");
  xp_json_writer_key (w, "deviation");
  xp_json_writer_dec (w, self->deviation);

  xp_json_writer_key (w, "evaluators");
  xp_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < self->evaluators->len; i++)
    {
      XpEvaluatorStats *st = &g_array_index (self->evaluators, XpEvaluatorStats, i);

      xp_json_writer_begin_object (w, TRUE);
      xp_json_writer_key (w, "id");
      xp_json_writer_string (w, xp_evaluator_get_id (st->evaluator));
      xp_json_writer_key (w, "name");
      xp_json_writer_string (w, xp_evaluator_get_name (st->evaluator));
      xp_json_writer_key (w, "role");
      xp_json_writer_string (w, xp_role_to_string (xp_evaluator_get_role (st->evaluator)));
      xp_json_writer_key (w, "sheets");
      xp_json_writer_int (w, st->n_sheets);
      xp_json_writer_key (w, "compared");
      xp_json_writer_int (w, st->n_compared);
      xp_json_writer_key (w, "mean_offset");
      if (st->n_compared > 0)
        write_3 (w, st->mean_offset);
      else
        xp_json_writer_null (w);
      xp_json_writer_key (w, "sd_offset");
      if (st->n_compared > 1)
        write_3 (w, st->sd_offset);
      else
        xp_json_writer_null (w);
      xp_json_writer_key (w, "flags");
      xp_json_writer_int (w, st->n_flags);
      xp_json_writer_end_object (w);
    }
  xp_json_writer_end_array (w);

  xp_json_writer_key (w, "icc");
  write_agreement (w, &self->icc);
  xp_json_writer_key (w, "kendall_w");
  write_agreement (w, &self->kendall_w);

  xp_json_writer_key (w, "flags");
  xp_json_writer_begin_array (w, FALSE);
  for (guint f = 0; f < self->flags->len; f++)
    {
      XpConsistencyFlag *flag = &g_array_index (self->flags, XpConsistencyFlag, f);

      xp_json_writer_begin_object (w, TRUE);
      xp_json_writer_key (w, "kind");
      xp_json_writer_string (w, flag->kind == XP_FLAG_DEVIATION ? "deviation" : "item");
      xp_json_writer_key (w, "branch");
      xp_json_writer_string (w, xp_branch_get_id (flag->branch));
      if (flag->kind == XP_FLAG_DEVIATION)
        {
          xp_json_writer_key (w, "evaluator");
          xp_json_writer_string (w, xp_evaluator_get_id (flag->evaluator));
          xp_json_writer_key (w, "total");
          xp_json_writer_dec (w, flag->value);
          xp_json_writer_key (w, "median");
          xp_json_writer_dec (w, flag->reference);
        }
      else
        {
          xp_json_writer_key (w, "item");
          xp_json_writer_string (w, xp_item_get_id (flag->item));
          xp_json_writer_key (w, "max");
          xp_json_writer_dec (w, xp_item_get_max (flag->item));
          xp_json_writer_key (w, "low");
          xp_json_writer_dec (w, flag->value);
          xp_json_writer_key (w, "high");
          xp_json_writer_dec (w, flag->reference);
        }
      xp_json_writer_end_object (w);
    }
  xp_json_writer_end_array (w);

  /* In listing order. */
  xp_json_writer_key (w, "sensitive");
  xp_json_writer_begin_array (w, FALSE);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (model, i);
      const char *id = xp_branch_get_id (xp_branch_result_get_branch (r));
      guint n_flips;
      const XpFlip *flips = xp_consistency_get_flips (self, id, &n_flips);

      if (flips == NULL)
        continue;
      xp_json_writer_begin_object (w, TRUE);
      xp_json_writer_key (w, "branch");
      xp_json_writer_string (w, id);
      xp_json_writer_key (w, "without");
      xp_json_writer_begin_array (w, TRUE);
      for (guint f = 0; f < n_flips; f++)
        {
          xp_json_writer_begin_object (w, TRUE);
          xp_json_writer_key (w, "evaluator");
          xp_json_writer_string (w, xp_evaluator_get_id (flips[f].evaluator));
          xp_json_writer_key (w, "stars");
          xp_json_writer_int (w, flips[f].stars);
          xp_json_writer_key (w, "rank");
          xp_json_writer_int (w, flips[f].rank);
          xp_json_writer_end_object (w);
        }
      xp_json_writer_end_array (w);
      xp_json_writer_end_object (w);
    }
  xp_json_writer_end_array (w);
  xp_json_writer_end_object (w);
}

char *
xp_consistency_ranking_to_json (XpConsistency *self,
                                GDateTime     *generated_at)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY (self), NULL);
  return _xp_ranking_to_json_with (self->ranking, generated_at, self);
}
