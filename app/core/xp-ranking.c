/* xp-ranking.c — rules 1–10 of DESIGN.md: totals, stars, grades, ranks
 *
 * Every total is an exact rational (XpRat) until rule 5 rounds the final
 * score once; all later steps use that rounded value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-ranking"

#include "config.h"

#include <string.h>

#include "xp-criteria-private.h"
#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-json.h"
#include "xp-project-private.h"
#include "xp-ranking.h"
#include "xp-ranking-private.h"

/* ====================================================== XpBranchResult */

struct _XpBranchResult {
  GObject     parent_instance;
  XpBranch   *branch;
  gboolean    complete;
  guint       n_evaluators;
  XpDec       score;
  XpDec       group_total;
  XpDec       self_total;
  XpDec       bonus;
  XpDec       penalty;
  XpDec      *dimensions;      /* per dimension index */
  GHashTable *sheet_totals;    /* evaluator id → SheetTotal* */
  int         stars_from_score;/* rule 6+7 */
  int         stars_before_quota;
  int         stars;
  XpGrade    *grade;
  guint       rank;
  guint       category_rank;
  gboolean    quota_adjusted;
};

/* A sheet's rule-1 total: rounded for display, exact for statistics. */
typedef struct {
  XpDec rounded;
  XpRat exact;
} SheetTotal;

G_DEFINE_FINAL_TYPE (XpBranchResult, xp_branch_result, G_TYPE_OBJECT)

static void
xp_branch_result_finalize (GObject *object)
{
  XpBranchResult *self = XP_BRANCH_RESULT (object);

  g_clear_object (&self->branch);
  g_free (self->dimensions);
  g_hash_table_unref (self->sheet_totals);

  G_OBJECT_CLASS (xp_branch_result_parent_class)->finalize (object);
}

static void
xp_branch_result_class_init (XpBranchResultClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_branch_result_finalize;
}

static void
xp_branch_result_init (XpBranchResult *self)
{
  self->sheet_totals = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

XpBranch *xp_branch_result_get_branch (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), NULL); return self->branch; }
gboolean xp_branch_result_is_complete (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), FALSE); return self->complete; }
guint xp_branch_result_get_n_evaluators (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), 0); return self->n_evaluators; }
XpDec xp_branch_result_get_score (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE); return self->score; }
int xp_branch_result_get_stars (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), -1); return self->complete ? self->stars : -1; }
int xp_branch_result_get_stars_before_quota (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), -1); return self->complete ? self->stars_before_quota : -1; }
XpGrade *xp_branch_result_get_grade (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), NULL); return self->grade; }
guint xp_branch_result_get_rank (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), 0); return self->rank; }
guint xp_branch_result_get_category_rank (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), 0); return self->category_rank; }
gboolean xp_branch_result_get_quota_adjusted (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), FALSE); return self->quota_adjusted; }
XpDec xp_branch_result_get_bonus (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE); return self->bonus; }
XpDec xp_branch_result_get_penalty (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE); return self->penalty; }
XpDec xp_branch_result_get_self_total (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE); return self->self_total; }
XpDec xp_branch_result_get_group_total (XpBranchResult *self) { g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE); return self->group_total; }

XpDec
xp_branch_result_get_dimension_score (XpBranchResult *self,
                                      guint           dimension_index)
{
  g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE);
  if (self->dimensions == NULL)
    return XP_DEC_NONE;
  return self->dimensions[dimension_index];
}

XpDec
xp_branch_result_get_sheet_total (XpBranchResult *self,
                                  const char     *evaluator_id)
{
  SheetTotal *v;

  g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), XP_DEC_NONE);
  v = g_hash_table_lookup (self->sheet_totals, evaluator_id);
  return v ? v->rounded : XP_DEC_NONE;
}

gboolean
_xp_branch_result_get_sheet_exact (XpBranchResult *self,
                                   const char     *evaluator_id,
                                   XpRat          *total)
{
  SheetTotal *v;

  g_return_val_if_fail (XP_IS_BRANCH_RESULT (self), FALSE);
  v = g_hash_table_lookup (self->sheet_totals, evaluator_id);
  if (v == NULL)
    return FALSE;
  *total = v->exact;
  return TRUE;
}

/* =========================================================== XpRanking */

struct _XpRanking {
  GObject     parent_instance;
  XpProject  *project;
  GHashTable *results;      /* branch id → XpBranchResult (owned) */
  GPtrArray  *order;        /* XpBranchResult in listing order (owned refs) */
  GArray     *quotas;       /* XpQuotaResult */
  char       *leave_out;    /* group evaluator left out (consistency), or NULL */
  guint       n_complete;
  guint       star_counts[11];
};

static void xp_ranking_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (XpRanking, xp_ranking, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, xp_ranking_list_model_init))

/* ---- rule 3: combining ---- */

static int
rat_cmp_p (gconstpointer a,
           gconstpointer b)
{
  return xp_rat_cmp (*(const XpRat *) a, *(const XpRat *) b);
}

static XpRat
combine (XpCriteria *criteria,
         XpRat      *values,
         guint       n)
{
  XpRat sum = xp_rat_from_int (0);
  guint from = 0, to = n;

  g_assert (n > 0);

  if (criteria->aggregation != XP_AGGREGATION_MEAN)
    qsort (values, n, sizeof (XpRat), rat_cmp_p);

  switch (criteria->aggregation)
    {
    case XP_AGGREGATION_MEDIAN:
      if (n % 2 == 1)
        return values[n / 2];
      return xp_rat_div (xp_rat_add (values[n / 2 - 1], values[n / 2]), xp_rat_from_int (2));

    case XP_AGGREGATION_TRIMMED_MEAN:
      if (n > 2 * criteria->trim)
        {
          from = criteria->trim;
          to = n - criteria->trim;
        }
      break;

    case XP_AGGREGATION_MEAN:
    default:
      break;
    }

  for (guint i = from; i < to; i++)
    sum = xp_rat_add (sum, values[i]);
  return xp_rat_div (sum, xp_rat_from_int (to - from));
}

/* Rule 4: weighs an already combined group value with the self value. */
static XpRat
weigh_self (XpCriteria  *criteria,
            XpRat        combined,
            const XpRat *self_value)
{
  XpRat w, one_minus;

  if (criteria->self_weight == 0)
    return combined;

  g_assert (self_value != NULL);
  w = xp_rat_from_dec (criteria->self_weight);
  one_minus = xp_rat_sub (xp_rat_from_int (1), w);
  return xp_rat_add (xp_rat_mul (w, *self_value), xp_rat_mul (one_minus, combined));
}

/* Rules 3–5 on one quantity: @group[n] combined, then weighted with the
 * self value, then rounded. */
static XpDec
combine_and_round (XpCriteria  *criteria,
                   XpRat       *group,
                   guint        n,
                   const XpRat *self_value)
{
  XpRat combined = combine (criteria, group, n);

  return xp_rat_round (weigh_self (criteria, combined, self_value), criteria->precision);
}

XpDec
xp_ranking_combine (XpCriteria  *criteria,
                    const XpDec *values,
                    guint        n,
                    XpDec        self_value)
{
  g_autofree XpRat *group = NULL;
  XpRat self_rat, combined;

  g_return_val_if_fail (XP_IS_CRITERIA (criteria), XP_DEC_NONE);

  if (n == 0)
    return XP_DEC_NONE;

  group = g_new (XpRat, n);
  for (guint i = 0; i < n; i++)
    group[i] = xp_rat_from_dec (values[i]);
  combined = combine (criteria, group, n);
  if (self_value == XP_DEC_NONE)
    return xp_rat_round (combined, criteria->precision);

  self_rat = xp_rat_from_dec (self_value);
  return xp_rat_round (weigh_self (criteria, combined, &self_rat), criteria->precision);
}

/* The per-sheet quantities of rule 1 and of the tie-break dimensions. */
typedef struct {
  XpRat  total;       /* rule 1 */
  XpRat  bonus;       /* after cap */
  XpRat  penalty;     /* after cap */
  XpRat *dimensions;  /* plain sums, per dimension index */
} SheetValues;

static void
sheet_values (XpCriteria  *criteria,
              XpSheet     *sheet,
              const char  *category,
              XpDec        category_max,
              SheetValues *out)
{
  XpDec sum = 0, bonus = 0, penalty = 0;
  guint n_dims = g_list_model_get_n_items (G_LIST_MODEL (criteria->dimensions));
  XpDec dims[n_dims > 0 ? n_dims : 1];
  XpDec bonus_cap = criteria->bonus_cap != XP_DEC_NONE ? criteria->bonus_cap : 0;
  XpDec penalty_cap = criteria->penalty_cap != XP_DEC_NONE ? criteria->penalty_cap : 0;
  XpRat total;

  memset (dims, 0, sizeof dims);

  for (guint i = 0; i < criteria->items->len; i++)
    {
      XpItem *item = g_ptr_array_index (criteria->items, i);
      XpDec v = sheet->values[i];

      if (v == XP_DEC_NONE)
        continue;
      switch (item->kind)
        {
        case XP_ITEM_DIMENSION:
          if (!xp_item_applies_to (item, category))
            continue;
          sum += v;
          dims[item->dimension->index] += v;
          break;
        case XP_ITEM_BONUS:
          bonus += v;
          break;
        case XP_ITEM_PENALTY:
          penalty += v;
          break;
        }
    }

  out->bonus = xp_rat_from_dec (MIN (bonus, bonus_cap));
  out->penalty = xp_rat_from_dec (MIN (penalty, penalty_cap));

  total = xp_rat_div (xp_rat_mul (xp_rat_from_dec (criteria->scale), xp_rat_from_dec (sum)),
                      xp_rat_from_dec (category_max));
  total = xp_rat_sub (xp_rat_add (total, out->bonus), out->penalty);
  total = xp_rat_max (total, xp_rat_from_int (0));
  total = xp_rat_min (total, xp_rat_from_dec (criteria->scale + bonus_cap));
  out->total = total;

  for (guint d = 0; d < n_dims; d++)
    out->dimensions[d] = xp_rat_from_dec (dims[d]);
}

static int
stars_for_score (XpCriteria *criteria,
                 XpDec       score)
{
  for (guint i = 0; i < criteria->stars->len; i++)
    {
      XpStar *star = &g_array_index (criteria->stars, XpStar, i);

      if (star->min <= score)
        return star->level;
    }
  return 0;
}

static XpBranchResult *
compute_branch (XpRanking *self,
                XpBranch  *branch)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  GListModel *evaluators = xp_project_get_evaluators (self->project);
  guint n_evaluators = g_list_model_get_n_items (evaluators);
  guint n_dims = g_list_model_get_n_items (G_LIST_MODEL (criteria->dimensions));
  const char *category = xp_branch_get_category (branch);
  XpDec category_max = xp_criteria_get_category_max (criteria, category);
  XpBranchResult *result = g_object_new (XP_TYPE_BRANCH_RESULT, NULL);
  g_autofree XpRat *totals = g_new (XpRat, n_evaluators + 1);
  g_autofree XpRat *bonuses = g_new (XpRat, n_evaluators + 1);
  g_autofree XpRat *penalties = g_new (XpRat, n_evaluators + 1);
  g_autofree XpRat *dims = g_new (XpRat, (n_evaluators + 1) * MAX (n_dims, 1));
  g_autofree XpRat *scratch = g_new (XpRat, n_evaluators + 1);
  SheetValues self_values = { 0 };
  g_autofree XpRat *self_dims = g_new (XpRat, MAX (n_dims, 1));
  gboolean have_self = FALSE;
  guint n = 0, n_full, left_out = G_MAXUINT;

  result->branch = g_object_ref (branch);
  result->score = result->group_total = result->self_total = XP_DEC_NONE;
  result->bonus = result->penalty = XP_DEC_NONE;
  self_values.dimensions = self_dims;

  for (guint e = 0; e < n_evaluators; e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);
      const char *id = xp_evaluator_get_id (evaluator);
      XpSheet *sheet = _xp_branch_get_sheet (branch, id);
      guint scored, total;
      SheetValues v;
      SheetTotal *rounded;

      if (sheet == NULL)
        continue;
      _xp_sheet_progress (sheet, criteria, category, &scored, &total);
      if (scored != total)
        continue;

      if (xp_evaluator_get_role (evaluator) == XP_ROLE_SELF)
        {
          sheet_values (criteria, sheet, category, category_max, &self_values);
          have_self = TRUE;
          rounded = g_new (SheetTotal, 1);
          rounded->exact = self_values.total;
          rounded->rounded = xp_rat_round (self_values.total, criteria->precision);
          result->self_total = rounded->rounded;
          g_hash_table_insert (result->sheet_totals, g_strdup (id), rounded);
          continue;
        }

      v.dimensions = dims + n * MAX (n_dims, 1);
      sheet_values (criteria, sheet, category, category_max, &v);
      totals[n] = v.total;
      bonuses[n] = v.bonus;
      penalties[n] = v.penalty;
      rounded = g_new (SheetTotal, 1);
      rounded->exact = v.total;
      rounded->rounded = xp_rat_round (v.total, criteria->precision);
      g_hash_table_insert (result->sheet_totals, g_strdup (id), rounded);
      if (self->leave_out != NULL && strcmp (id, self->leave_out) == 0)
        left_out = n;
      n++;
    }

  /* Leave-one-out (consistency): the branch stays complete exactly when
   * it is with every evaluator; the left-out sheet is dropped from the
   * combination unless it is the only one (then nothing changes). */
  n_full = n;
  if (left_out != G_MAXUINT && n > 1)
    {
      memmove (totals + left_out, totals + left_out + 1, (n - left_out - 1) * sizeof (XpRat));
      memmove (bonuses + left_out, bonuses + left_out + 1, (n - left_out - 1) * sizeof (XpRat));
      memmove (penalties + left_out, penalties + left_out + 1, (n - left_out - 1) * sizeof (XpRat));
      memmove (dims + left_out * MAX (n_dims, 1), dims + (left_out + 1) * MAX (n_dims, 1),
               (n - left_out - 1) * MAX (n_dims, 1) * sizeof (XpRat));
      n--;
    }

  result->n_evaluators = n;
  result->complete = n_full >= criteria->min_evaluators && n > 0 &&
                     (criteria->self_weight == 0 || have_self);
  if (!result->complete)
    return result;

  /* The group's total is shown on its own too: combine it once. */
  {
    XpRat combined = combine (criteria, totals, n);

    result->group_total = xp_rat_round (combined, criteria->precision);
    result->score = xp_rat_round (weigh_self (criteria, combined, have_self ? &self_values.total : NULL),
                                  criteria->precision);
  }
  result->bonus = combine_and_round (criteria, bonuses, n, have_self ? &self_values.bonus : NULL);
  result->penalty = combine_and_round (criteria, penalties, n, have_self ? &self_values.penalty : NULL);

  result->dimensions = g_new (XpDec, MAX (n_dims, 1));
  for (guint d = 0; d < n_dims; d++)
    {
      for (guint i = 0; i < n; i++)
        scratch[i] = dims[i * MAX (n_dims, 1) + d];
      result->dimensions[d] = combine_and_round (criteria, scratch, n,
                                                 have_self ? &self_values.dimensions[d] : NULL);
    }

  /* Rules 6 and 7. */
  result->stars_from_score = stars_for_score (criteria, result->score);
  for (guint i = 0; xp_branch_get_vetoes (branch)[i]; i++)
    {
      XpVeto *veto = xp_criteria_lookup_veto (criteria, xp_branch_get_vetoes (branch)[i]);

      if (veto != NULL && veto->stars_max >= 0)
        result->stars_from_score = MIN (result->stars_from_score, veto->stars_max);
    }

  return result;
}

/* Rule 10's order: score, tie-break dimensions, then id. */
static int
compare_scores (XpRanking      *self,
                XpBranchResult *a,
                XpBranchResult *b)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);

  if (a->score != b->score)
    return a->score > b->score ? -1 : 1;
  for (guint i = 0; i < criteria->tie_break->len; i++)
    {
      XpDimension *d = g_ptr_array_index (criteria->tie_break, i);
      XpDec da = a->dimensions[d->index], db = b->dimensions[d->index];

      if (da != db)
        return da > db ? -1 : 1;
    }
  return 0;
}

static int
compare_listing (gconstpointer pa,
                 gconstpointer pb,
                 gpointer      user_data)
{
  XpBranchResult *a = *(XpBranchResult **) pa;
  XpBranchResult *b = *(XpBranchResult **) pb;
  int c;

  if (a->complete != b->complete)
    return a->complete ? -1 : 1;
  if (a->complete && (c = compare_scores (user_data, a, b)) != 0)
    return c;
  return strcmp (xp_branch_get_id (a->branch), xp_branch_get_id (b->branch));
}

static void
assign_ranks (XpRanking *self)
{
  /* category → last complete result seen, and how many were seen */
  g_autoptr(GHashTable) last = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->order->len; i++)
    {
      XpBranchResult *r = g_ptr_array_index (self->order, i);
      const char *category = xp_branch_get_category (r->branch);
      XpBranchResult *prev;
      guint count;

      r->rank = r->category_rank = 0;
      if (!r->complete)
        continue;

      prev = i > 0 ? g_ptr_array_index (self->order, i - 1) : NULL;
      r->rank = prev != NULL && compare_scores (self, prev, r) == 0 ? prev->rank : i + 1;

      prev = g_hash_table_lookup (last, category);
      count = GPOINTER_TO_UINT (g_hash_table_lookup (seen, category));
      r->category_rank = prev != NULL && compare_scores (self, prev, r) == 0 ? prev->category_rank : count + 1;
      g_hash_table_insert (last, (gpointer) category, r);
      g_hash_table_insert (seen, (gpointer) category, GUINT_TO_POINTER (count + 1));
    }
}

static int
compare_quota_int (gconstpointer a,
                   gconstpointer b)
{
  return ((const XpQuota *) b)->level - ((const XpQuota *) a)->level;
}

/* Rule 8, then rule 9. */
static void
apply_quotas_and_grades (XpRanking *self)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  g_autoptr(GArray) quotas = g_array_copy (criteria->quotas);
  guint n_grades = g_list_model_get_n_items (G_LIST_MODEL (criteria->grades));

  g_array_sort (quotas, compare_quota_int);
  g_array_set_size (self->quotas, 0);

  self->n_complete = 0;
  for (guint i = 0; i < self->order->len; i++)
    {
      XpBranchResult *r = g_ptr_array_index (self->order, i);

      r->quota_adjusted = FALSE;
      r->stars = r->stars_before_quota = r->stars_from_score;
      if (r->complete)
        self->n_complete++;
    }

  for (guint q = 0; q < quotas->len; q++)
    {
      XpQuota *quota = &g_array_index (quotas, XpQuota, q);
      XpQuotaResult qr = { quota->level, quota->mode, quota->max_percent, 0, 0, FALSE };
      g_autoptr(GPtrArray) at_level = g_ptr_array_new ();
      guint keep;

      /* floor (N × max-percent / 100), exactly. */
      qr.allowed = (guint) (((__int128) self->n_complete * quota->max_percent) / (100 * XP_DEC_UNIT));

      for (guint i = 0; i < self->order->len; i++)
        {
          XpBranchResult *r = g_ptr_array_index (self->order, i);

          if (r->complete && r->stars == quota->level)
            g_ptr_array_add (at_level, r);
        }
      qr.count = at_level->len;
      qr.exceeded = qr.count > qr.allowed;
      g_array_append_val (self->quotas, qr);

      if (quota->mode != XP_QUOTA_ENFORCE || !qr.exceeded)
        continue;

      keep = qr.allowed;
      if (keep > 0)
        {
          XpBranchResult *last = g_ptr_array_index (at_level, keep - 1);
          XpBranchResult *next = g_ptr_array_index (at_level, keep);

          if (last->rank == next->rank)
            while (keep > 0 && ((XpBranchResult *) g_ptr_array_index (at_level, keep - 1))->rank == last->rank)
              keep--;
        }
      for (guint i = keep; i < at_level->len; i++)
        {
          XpBranchResult *r = g_ptr_array_index (at_level, i);

          r->stars = quota->level - 1;
          r->quota_adjusted = TRUE;
        }
    }

  memset (self->star_counts, 0, sizeof self->star_counts);
  for (guint i = 0; i < self->order->len; i++)
    {
      XpBranchResult *r = g_ptr_array_index (self->order, i);
      const char * const *vetoes = xp_branch_get_vetoes (r->branch);

      r->grade = NULL;
      if (!r->complete)
        continue;
      if (r->stars >= 0 && r->stars <= 10)
        self->star_counts[r->stars]++;

      for (guint g = 0; g < n_grades; g++)
        {
          XpGrade *grade = g_list_model_get_item (G_LIST_MODEL (criteria->grades), g);

          g_object_unref (grade); /* owned by the criteria */
          if (grade->min_stars <= r->stars)
            {
              r->grade = grade;
              break;
            }
        }
      for (guint v = 0; vetoes[v]; v++)
        {
          XpVeto *veto = xp_criteria_lookup_veto (criteria, vetoes[v]);

          if (veto != NULL && veto->grade != NULL &&
              (r->grade == NULL || veto->grade->index > r->grade->index))
            r->grade = veto->grade;
        }
    }
}

/* What a listing shows of a result that is not recomputed: its place
 * and what the places decide. */
typedef struct {
  XpBranchResult *result;
  guint           rank;
  guint           category_rank;
  int             stars;
  XpGrade        *grade;
  gboolean        quota_adjusted;
} Shown;

static inline void
shown_take (Shown          *shown,
            XpBranchResult *r)
{
  shown->result = r;
  shown->rank = r->rank;
  shown->category_rank = r->category_rank;
  shown->stars = r->stars;
  shown->grade = r->grade;
  shown->quota_adjusted = r->quota_adjusted;
}

static inline gboolean
shown_equal (const Shown *a,
             const Shown *b)
{
  return a->result == b->result && a->rank == b->rank &&
         a->category_rank == b->category_rank && a->stars == b->stars &&
         a->grade == b->grade && a->quota_adjusted == b->quota_adjusted;
}

static Shown *
shown_now (XpRanking *self)
{
  Shown *shown = g_new (Shown, MAX (self->order->len, 1));

  for (guint i = 0; i < self->order->len; i++)
    shown_take (&shown[i], g_ptr_array_index (self->order, i));
  return shown;
}

/* Re-ranks and re-grades the new order, then reports only the span of
 * positions whose result or shown values changed: an edit that moves a
 * branch from place 40 to place 12 is 29 changed rows, not the whole
 * list, so views over the ranking (filtered, sorted) stay quick.  The
 * results in @before must still be alive (pointer identity). */
static void
finish_order (XpRanking   *self,
              const Shown *before,
              guint        old_n)
{
  g_autofree Shown *after = NULL;
  guint n = self->order->len;
  guint first = 0, tail = 0;

  assign_ranks (self);
  apply_quotas_and_grades (self);

  after = shown_now (self);
  while (first < old_n && first < n && shown_equal (&before[first], &after[first]))
    first++;
  while (tail < old_n - first && tail < n - first &&
         shown_equal (&before[old_n - 1 - tail], &after[n - 1 - tail]))
    tail++;
  if (first == old_n && first == n)
    return;   /* nothing a listing shows has changed */
  g_list_model_items_changed (G_LIST_MODEL (self), first, old_n - first - tail, n - first - tail);
}

/* Everything from the project's branch list: results missing from the
 * cache are computed, the rest kept. */
static void
rebuild_order (XpRanking *self)
{
  GListModel *branches = xp_project_get_branches (self->project);
  guint n = g_list_model_get_n_items (branches);
  guint old_n = self->order->len;
  g_autofree Shown *before = shown_now (self);
  g_autoptr(GPtrArray) old_order = g_steal_pointer (&self->order);

  self->order = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);
      XpBranchResult *r = g_hash_table_lookup (self->results, xp_branch_get_id (branch));

      if (r == NULL || r->branch != branch)
        {
          r = compute_branch (self, branch);
          g_hash_table_replace (self->results, g_strdup (xp_branch_get_id (branch)), r);
        }
      g_ptr_array_add (self->order, g_object_ref (r));
    }

  g_ptr_array_sort_with_data (self->order, compare_listing, self);
  finish_order (self, before, old_n);
}

/* One branch's scores or facts changed: recompute it alone and move it
 * to its new place (a binary search, not a sort of the whole list). */
static void
invalidate_branch (XpRanking *self,
                   XpBranch  *branch)
{
  const char *id = xp_branch_get_id (branch);
  g_autoptr(XpBranchResult) old = g_hash_table_lookup (self->results, id);
  g_autofree Shown *before = NULL;
  XpBranchResult *r;
  guint position, lo = 0, hi;

  if (old == NULL || old->branch != branch ||
      !g_ptr_array_find (self->order, old, &position))
    {
      old = NULL;
      g_hash_table_remove (self->results, id);
      rebuild_order (self);
      return;
    }

  g_object_ref (old);   /* alive until compared (pointer identity) */
  before = shown_now (self);
  r = compute_branch (self, branch);
  g_hash_table_replace (self->results, g_strdup (id), r);
  g_ptr_array_remove_index (self->order, position);
  hi = self->order->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_listing (&g_ptr_array_index (self->order, mid), &r, self) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  g_ptr_array_insert (self->order, lo, g_object_ref (r));
  finish_order (self, before, self->order->len);
}

static void
score_changed_cb (XpProject  *project,
                  XpBranch   *branch,
                  const char *evaluator_id,
                  const char *item_id,
                  XpRanking  *self)
{
  invalidate_branch (self, branch);
}

static void
branch_changed_cb (XpProject *project,
                   XpBranch  *branch,
                   XpRanking *self)
{
  invalidate_branch (self, branch);
}

static void
list_changed_cb (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 XpRanking  *self)
{
  xp_ranking_update (self);
}

static GType
xp_ranking_get_item_type (GListModel *model)
{
  return XP_TYPE_BRANCH_RESULT;
}

static guint
xp_ranking_get_n_items (GListModel *model)
{
  return XP_RANKING (model)->order->len;
}

static gpointer
xp_ranking_get_item (GListModel *model,
                     guint       position)
{
  XpRanking *self = XP_RANKING (model);

  if (position >= self->order->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->order, position));
}

static void
xp_ranking_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = xp_ranking_get_item_type;
  iface->get_n_items = xp_ranking_get_n_items;
  iface->get_item = xp_ranking_get_item;
}

static void
xp_ranking_dispose (GObject *object)
{
  XpRanking *self = XP_RANKING (object);

  g_clear_object (&self->project);
  g_clear_pointer (&self->results, g_hash_table_unref);
  g_clear_pointer (&self->order, g_ptr_array_unref);
  g_clear_pointer (&self->quotas, g_array_unref);
  g_clear_pointer (&self->leave_out, g_free);

  G_OBJECT_CLASS (xp_ranking_parent_class)->dispose (object);
}

static void
xp_ranking_class_init (XpRankingClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = xp_ranking_dispose;
}

static void
xp_ranking_init (XpRanking *self)
{
  self->results = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  self->order = g_ptr_array_new_with_free_func (g_object_unref);
  self->quotas = g_array_new (FALSE, TRUE, sizeof (XpQuotaResult));
}

XpRanking *
xp_ranking_new (XpProject *project)
{
  XpRanking *self;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  self = g_object_new (XP_TYPE_RANKING, NULL);
  self->project = g_object_ref (project);
  g_signal_connect_object (project, "score-changed", G_CALLBACK (score_changed_cb), self, 0);
  g_signal_connect_object (project, "branch-changed", G_CALLBACK (branch_changed_cb), self, 0);
  g_signal_connect_object (xp_project_get_branches (project), "items-changed",
                           G_CALLBACK (list_changed_cb), self, 0);
  g_signal_connect_object (xp_project_get_evaluators (project), "items-changed",
                           G_CALLBACK (list_changed_cb), self, 0);
  rebuild_order (self);
  return self;
}

XpRanking *
_xp_ranking_new_leave_out (XpProject  *project,
                           const char *evaluator_id)
{
  XpRanking *self;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);
  g_return_val_if_fail (evaluator_id != NULL, NULL);

  /* A snapshot: it does not follow the project. */
  self = g_object_new (XP_TYPE_RANKING, NULL);
  self->project = g_object_ref (project);
  self->leave_out = g_strdup (evaluator_id);
  rebuild_order (self);
  return self;
}

XpProject *
xp_ranking_get_project (XpRanking *self)
{
  g_return_val_if_fail (XP_IS_RANKING (self), NULL);
  return self->project;
}

void
xp_ranking_update (XpRanking *self)
{
  g_return_if_fail (XP_IS_RANKING (self));

  g_hash_table_remove_all (self->results);
  rebuild_order (self);
}

XpBranchResult *
xp_ranking_lookup (XpRanking  *self,
                   const char *branch_id)
{
  g_return_val_if_fail (XP_IS_RANKING (self), NULL);
  return g_hash_table_lookup (self->results, branch_id);
}

guint
xp_ranking_get_n_complete (XpRanking *self)
{
  g_return_val_if_fail (XP_IS_RANKING (self), 0);
  return self->n_complete;
}

guint
xp_ranking_get_star_count (XpRanking *self,
                           int        stars)
{
  g_return_val_if_fail (XP_IS_RANKING (self), 0);
  g_return_val_if_fail (stars >= 0 && stars <= 10, 0);
  return self->star_counts[stars];
}

const XpQuotaResult *
xp_ranking_get_quotas (XpRanking *self,
                       guint     *n_quotas)
{
  g_return_val_if_fail (XP_IS_RANKING (self), NULL);
  *n_quotas = self->quotas->len;
  return (const XpQuotaResult *) self->quotas->data;
}

char *
xp_ranking_to_json (XpRanking *self,
                    GDateTime *generated_at)
{
  g_autoptr(XpConsistency) consistency = NULL;

  g_return_val_if_fail (XP_IS_RANKING (self), NULL);

  consistency = xp_consistency_new (self, XP_DEC_NONE);
  return _xp_ranking_to_json_with (self, generated_at, consistency);
}

char *
_xp_ranking_to_json_with (XpRanking     *self,
                          GDateTime     *generated_at,
                          XpConsistency *consistency)
{
  XpCriteria *criteria;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *stamp = NULL;
  GString *out;
  XpJsonWriter w;
  guint n_dims;
  int top_level = 0;

  g_return_val_if_fail (XP_IS_RANKING (self), NULL);
  g_return_val_if_fail (XP_IS_CONSISTENCY (consistency), NULL);
  g_return_val_if_fail (xp_consistency_get_ranking (consistency) == self, NULL);

  criteria = xp_project_get_criteria (self->project);
  n_dims = g_list_model_get_n_items (G_LIST_MODEL (criteria->dimensions));
  if (generated_at == NULL)
    generated_at = now = g_date_time_new_now_utc ();
  {
    g_autoptr(GDateTime) utc = g_date_time_to_utc (generated_at);
    stamp = g_date_time_format (utc, "%Y-%m-%dT%H:%M:%SZ");
  }

  out = g_string_new (NULL);
  xp_json_writer_init (&w, out);
  xp_json_writer_begin_object (&w, FALSE);
  xp_json_writer_key (&w, "format");
  xp_json_writer_string (&w, "xingping-ranking");
  xp_json_writer_key (&w, "version");
  xp_json_writer_int (&w, 1);
  xp_json_writer_key (&w, "title");
  xp_json_writer_string (&w, xp_project_get_title (self->project));
  xp_json_writer_key (&w, "generated_at");
  xp_json_writer_string (&w, stamp);

  xp_json_writer_key (&w, "criteria");
  xp_json_writer_begin_object (&w, TRUE);
  xp_json_writer_key (&w, "id");
  xp_json_writer_string (&w, criteria->id);
  xp_json_writer_key (&w, "version");
  xp_json_writer_string (&w, criteria->version);
  xp_json_writer_key (&w, "sha256");
  xp_json_writer_string (&w, criteria->sha256);
  xp_json_writer_end_object (&w);

  {
    g_autofree char *digest = xp_project_compute_digest (self->project);

    xp_json_writer_key (&w, "digest");
    xp_json_writer_string (&w, digest);
  }

  xp_json_writer_key (&w, "method");
  xp_json_writer_begin_object (&w, TRUE);
  xp_json_writer_key (&w, "aggregation");
  xp_json_writer_string (&w, xp_aggregation_to_string (criteria->aggregation));
  xp_json_writer_key (&w, "trim");
  xp_json_writer_int (&w, criteria->trim);
  xp_json_writer_key (&w, "min_evaluators");
  xp_json_writer_int (&w, criteria->min_evaluators);
  xp_json_writer_key (&w, "self_weight");
  xp_json_writer_dec (&w, criteria->self_weight);
  xp_json_writer_end_object (&w);

  xp_json_writer_key (&w, "summary");
  xp_json_writer_begin_object (&w, FALSE);
  xp_json_writer_key (&w, "branches");
  xp_json_writer_int (&w, self->order->len);
  xp_json_writer_key (&w, "complete");
  xp_json_writer_int (&w, self->n_complete);
  xp_json_writer_key (&w, "stars");
  xp_json_writer_begin_object (&w, TRUE);
  for (guint i = 0; i < criteria->stars->len; i++)
    top_level = MAX (top_level, g_array_index (criteria->stars, XpStar, i).level);
  for (int s = top_level; s >= 0; s--)
    {
      char key[8];

      g_snprintf (key, sizeof key, "%d", s);
      xp_json_writer_key (&w, key);
      xp_json_writer_int (&w, self->star_counts[s]);
    }
  xp_json_writer_end_object (&w);
  xp_json_writer_key (&w, "quotas");
  xp_json_writer_begin_array (&w, FALSE);
  for (guint q = 0; q < self->quotas->len; q++)
    {
      XpQuotaResult *qr = &g_array_index (self->quotas, XpQuotaResult, q);

      xp_json_writer_begin_object (&w, TRUE);
      xp_json_writer_key (&w, "level");
      xp_json_writer_int (&w, qr->level);
      xp_json_writer_key (&w, "mode");
      xp_json_writer_string (&w, qr->mode == XP_QUOTA_WARN ? "warn" : "enforce");
      xp_json_writer_key (&w, "max_percent");
      xp_json_writer_dec (&w, qr->max_percent);
      xp_json_writer_key (&w, "allowed");
      xp_json_writer_int (&w, qr->allowed);
      xp_json_writer_key (&w, "count");
      xp_json_writer_int (&w, qr->count);
      xp_json_writer_key (&w, "exceeded");
      xp_json_writer_bool (&w, qr->exceeded);
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_end_array (&w);
  xp_json_writer_end_object (&w);

  xp_json_writer_key (&w, "consistency");
  xp_consistency_write_json (consistency, &w);

  xp_json_writer_key (&w, "branches");
  xp_json_writer_begin_array (&w, FALSE);
  for (guint i = 0; i < self->order->len; i++)
    {
      XpBranchResult *r = g_ptr_array_index (self->order, i);
      XpBranch *b = r->branch;
      const char * const *vetoes = xp_branch_get_vetoes (b);
      const char *category = xp_branch_get_category (b);

      xp_json_writer_begin_object (&w, FALSE);
      xp_json_writer_key (&w, "rank");
      if (r->complete)
        xp_json_writer_int (&w, r->rank);
      else
        xp_json_writer_null (&w);
      xp_json_writer_key (&w, "category_rank");
      if (r->complete)
        xp_json_writer_int (&w, r->category_rank);
      else
        xp_json_writer_null (&w);
      xp_json_writer_key (&w, "id");
      xp_json_writer_string (&w, xp_branch_get_id (b));
      xp_json_writer_key (&w, "name");
      xp_json_writer_string (&w, xp_branch_get_name (b));
      xp_json_writer_key (&w, "enterprise");
      xp_json_writer_string (&w, xp_branch_get_enterprise (b));
      xp_json_writer_key (&w, "category");
      xp_json_writer_string (&w, category);
      xp_json_writer_key (&w, "complete");
      xp_json_writer_bool (&w, r->complete);
      xp_json_writer_key (&w, "score");
      xp_json_writer_dec (&w, r->score);
      xp_json_writer_key (&w, "stars");
      if (r->complete)
        xp_json_writer_int (&w, r->stars);
      else
        xp_json_writer_null (&w);
      xp_json_writer_key (&w, "grade");
      xp_json_writer_string (&w, r->grade ? r->grade->id : NULL);
      xp_json_writer_key (&w, "grade_label");
      xp_json_writer_string (&w, r->grade ? xp_text_get (r->grade->label, NULL) : NULL);
      xp_json_writer_key (&w, "vetoes");
      xp_json_writer_begin_array (&w, TRUE);
      for (guint v = 0; vetoes[v]; v++)
        xp_json_writer_string (&w, vetoes[v]);
      xp_json_writer_end_array (&w);
      xp_json_writer_key (&w, "quota_adjusted");
      xp_json_writer_bool (&w, r->quota_adjusted);
      xp_json_writer_key (&w, "evaluators");
      xp_json_writer_int (&w, r->n_evaluators);
      xp_json_writer_key (&w, "bonus");
      xp_json_writer_dec (&w, r->bonus);
      xp_json_writer_key (&w, "penalty");
      xp_json_writer_dec (&w, r->penalty);
      xp_json_writer_key (&w, "dimensions");
      xp_json_writer_begin_array (&w, FALSE);
      for (guint d = 0; d < n_dims; d++)
        {
          g_autoptr(XpDimension) dim = g_list_model_get_item (G_LIST_MODEL (criteria->dimensions), d);

          xp_json_writer_begin_object (&w, TRUE);
          xp_json_writer_key (&w, "id");
          xp_json_writer_string (&w, dim->id);
          xp_json_writer_key (&w, "score");
          xp_json_writer_dec (&w, r->dimensions ? r->dimensions[d] : XP_DEC_NONE);
          xp_json_writer_key (&w, "max");
          xp_json_writer_dec (&w, xp_dimension_get_max (dim, category));
          xp_json_writer_end_object (&w);
        }
      xp_json_writer_end_array (&w);
      xp_json_writer_key (&w, "sensitive");
      xp_json_writer_bool (&w, xp_consistency_is_sensitive (consistency, xp_branch_get_id (b)));
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_end_array (&w);
  xp_json_writer_end_object (&w);

  return g_string_free (out, FALSE);
}
