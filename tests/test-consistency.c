/* test-consistency.c — evaluator agreement: ICC(2,k), Kendall's W,
 * offsets, flags and leave-one-evaluator-out.
 *
 * Where the expected values come from:
 *
 * - ICC: Shrout, P. E. & Fleiss, J. L. (1979). Intraclass correlations:
 *   uses in assessing rater reliability. Psychological Bulletin 86(2),
 *   420–428.  Table 2 gives 6 targets rated by 4 judges; Table 4 gives
 *   ICC(2,1) = .29 and ICC(2,4) = .62 for it.  To three decimals (worked
 *   out below from the table's mean squares): BMS = 11.2417,
 *   JMS = 32.4861, EMS = 1.0194, n = 6, k = 4:
 *     ICC(2,4) = (BMS − EMS) / (BMS + (JMS − EMS) / n)
 *              = 10.2222 / 16.4861 = 0.620
 *     ICC(2,1) = (BMS − EMS) / (BMS + (k−1) EMS + k (JMS − EMS) / n)
 *              = 10.2222 / 35.2778 = 0.290
 *
 * - Kendall's W without ties: ProofWiki, "Kendall's Coefficient of
 *   Concordance/Examples/Arbitrary Example 1": 4 judges rank 3
 *   competitors (X: 1 1 2 3, Y: 3 2 3 1, Z: 2 3 1 2); rank sums 7, 9, 8,
 *   S = 2, W = 12 S / (m² n (n² − 1)) = 24 / 384 = 1/16 = 0.0625.
 *
 * - Kendall's W with ties, by hand, on Shrout & Fleiss's Table 2 (each
 *   judge ranks the 6 targets, mid-ranks for ties):
 *     judge 1: 9 6 8 7 10 6 → 5 1.5 4 3 6 1.5   ties {6,6}: 2³−2 = 6
 *     judge 2: 2 1 4 1 5 2  → 3.5 1.5 5 1.5 6 3.5  {1,1},{2,2}: 12
 *     judge 3: 5 3 6 2 6 4  → 4 2 5.5 1 5.5 3   {6,6}: 6
 *     judge 4: 8 2 8 6 9 7  → 4.5 1 4.5 2 6 3   {8,8}: 6
 *   rank sums R = 17, 6, 19, 7.5, 23.5, 11 (mean 14),
 *   S = 9 + 64 + 25 + 42.25 + 90.25 + 9 = 239.5, ΣT = 30,
 *   W = 12 S / (m² (n³ − n) − m ΣT) = 2874 / (16 × 210 − 4 × 30)
 *     = 2874 / 3240 = 0.887.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>

#include "xp-consistency.h"
#include "xp-decimal.h"
#include "xp-json.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "xp-ranking-private.h"
#include "xp-report.h"

/* Shrout & Fleiss (1979), Table 2: rows targets, columns judges. */
static const double shrout_fleiss[6 * 4] = {
  9, 2, 5, 8,
  6, 1, 3, 2,
  8, 4, 6, 8,
  7, 1, 2, 6,
  10, 5, 6, 9,
  6, 2, 4, 7,
};

#define assert_3dp(value, expected) \
  g_assert_cmpfloat_with_epsilon (round ((value) * 1000) / 1000, (expected), 1e-9)

static XpProject *
load (const char *path)
{
  g_autoptr(GError) error = NULL;
  XpProject *project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  return project;
}

static XpProject *
load_shrout_fleiss (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "consistency-shrout-fleiss.xingping", NULL);

  return load (path);
}

static XpProject *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", "sample.xingping", NULL);

  return load (path);
}

static void
test_icc_shrout_fleiss (void)
{
  double icc_2k = NAN, icc_21 = NAN;

  g_assert_cmpint (xp_icc_2 (shrout_fleiss, 6, 4, &icc_2k, &icc_21), ==, XP_AGREEMENT_OK);
  assert_3dp (icc_2k, 0.620);
  assert_3dp (icc_21, 0.290);
}

static void
test_kendall_w_published (void)
{
  /* ProofWiki's example: rows competitors X, Y, Z; columns judges A–D. */
  static const double ranks[3 * 4] = {
    1, 1, 2, 3,
    3, 2, 3, 1,
    2, 3, 1, 2,
  };
  double w = NAN;

  g_assert_cmpint (xp_kendall_w (ranks, 3, 4, &w), ==, XP_AGREEMENT_OK);
  g_assert_cmpfloat_with_epsilon (w, 1.0 / 16, 1e-12);
}

static void
test_kendall_w_ties (void)
{
  double w = NAN;

  g_assert_cmpint (xp_kendall_w (shrout_fleiss, 6, 4, &w), ==, XP_AGREEMENT_OK);
  g_assert_cmpfloat_with_epsilon (w, 2874.0 / 3240.0, 1e-12);
  assert_3dp (w, 0.887);
}

static void
test_kendall_w_perfect (void)
{
  /* Three raters agreeing completely, on different scales. */
  static const double x[4 * 3] = {
    1, 10, 50,
    2, 20, 60,
    3, 30, 70,
    4, 40, 95,
  };
  double w = NAN;

  g_assert_cmpint (xp_kendall_w (x, 4, 3, &w), ==, XP_AGREEMENT_OK);
  g_assert_cmpfloat_with_epsilon (w, 1.0, 1e-12);
}

static void
test_undefined (void)
{
  static const double same[3 * 2] = { 7, 7, 7, 7, 7, 7 };
  double v = 12345;

  g_assert_cmpint (xp_icc_2 (shrout_fleiss, 6, 1, &v, NULL), ==, XP_AGREEMENT_FEW_EVALUATORS);
  g_assert_cmpint (xp_icc_2 (shrout_fleiss, 1, 4, &v, NULL), ==, XP_AGREEMENT_FEW_BRANCHES);
  g_assert_cmpint (xp_icc_2 (same, 3, 2, &v, NULL), ==, XP_AGREEMENT_NO_VARIANCE);
  g_assert_cmpint (xp_kendall_w (shrout_fleiss, 6, 1, &v), ==, XP_AGREEMENT_FEW_EVALUATORS);
  g_assert_cmpint (xp_kendall_w (shrout_fleiss, 1, 4, &v), ==, XP_AGREEMENT_FEW_BRANCHES);
  /* Every rater ties every target: W's denominator is 0. */
  g_assert_cmpint (xp_kendall_w (same, 3, 2, &v), ==, XP_AGREEMENT_NO_VARIANCE);
  /* Nothing was written on failure. */
  g_assert_cmpfloat (v, ==, 12345);
}

/* The same statistics through a project: one 10-point item per sheet, so
 * the sheet totals are Table 2.  Target t7 lacks judge 1 and judge j5
 * has no sheet at all: neither may enter the statistics. */
static void
test_project_shrout_fleiss (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC_NONE);
  const XpAgreement *icc = xp_consistency_get_icc (c);
  const XpAgreement *w = xp_consistency_get_kendall_w (c);
  g_autofree char *json = NULL;

  g_assert_cmpint (icc->status, ==, XP_AGREEMENT_OK);
  assert_3dp (icc->value, 0.620);
  g_assert_cmpuint (icc->n_branches, ==, 6);
  g_assert_cmpuint (icc->n_evaluators, ==, 4);
  g_assert_cmpint (w->status, ==, XP_AGREEMENT_OK);
  assert_3dp (w->value, 0.887);
  g_assert_cmpuint (w->n_branches, ==, 6);
  g_assert_cmpuint (w->n_evaluators, ==, 4);

  /* The ranked JSON carries them to three decimals. */
  json = xp_ranking_to_json (ranking, NULL);
  g_assert_nonnull (strstr (json, "\"icc\": { \"value\": 0.62, \"n_branches\": 6, \"n_evaluators\": 4, \"reason\": null }"));
  g_assert_nonnull (strstr (json, "\"kendall_w\": { \"value\": 0.887, \"n_branches\": 6, \"n_evaluators\": 4, \"reason\": null }"));
}

/* Judge 1's offsets against the mean of the other three, by hand:
 * t1 9 − 5 = 4, t2 6 − 2 = 4, t3 8 − 6 = 2, t4 7 − 3 = 4,
 * t5 10 − 20/3 = 10/3, t6 6 − 13/3 = 5/3; mean 19/6 = 3.167,
 * sample SD √(Σ(d − 19/6)² / 5) = √(5.7222 / 5) = 1.070. */
static void
test_offsets (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC_NONE);
  const XpEvaluatorStats *j1, *j2, *j5;

  g_assert_cmpuint (xp_consistency_get_n_evaluators (c), ==, 5);
  j1 = xp_consistency_get_evaluator (c, 0);
  g_assert_cmpstr (xp_evaluator_get_id (j1->evaluator), ==, "j1");
  g_assert_cmpuint (j1->n_sheets, ==, 6);
  g_assert_cmpuint (j1->n_compared, ==, 6);
  g_assert_cmpfloat_with_epsilon (j1->mean_offset, 19.0 / 6, 1e-9);
  assert_3dp (j1->sd_offset, 1.070);

  /* Judge 2 also scored t7 (5 against 5 and 5: offset 0). */
  j2 = xp_consistency_get_evaluator (c, 1);
  g_assert_cmpuint (j2->n_sheets, ==, 7);
  g_assert_cmpuint (j2->n_compared, ==, 7);

  j5 = xp_consistency_get_evaluator (c, 4);
  g_assert_cmpuint (j5->n_sheets, ==, 0);
  g_assert_cmpuint (j5->n_compared, ==, 0);
}

/* With a 3-point threshold (group medians: t1 6.5, t2 2.5, t3 7, t4 4,
 * t5 7.5, t6 5, t7 5), only judge 2 on t1 (2, 4.5 off) and judge 1 on t2
 * (6, 3.5 off) exceed it; t3's 4, t4's 7 and 1 and t6's 2 are exactly 3
 * off and are not flagged.  Items (max 10, flagged when the spread is
 * over 5): t1 (9 − 2 = 7) and t4 (7 − 1 = 6); t2, t5 and t6 spread
 * exactly 5 and are not. */
static void
test_flags (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC (3));
  static const struct { XpFlagKind kind; const char *branch, *who; XpDec value, reference; } expected[] = {
    { XP_FLAG_DEVIATION, "t1", "j2", XP_DEC (2), 6500000 },
    { XP_FLAG_DEVIATION, "t2", "j1", XP_DEC (6), 2500000 },
    { XP_FLAG_ITEM, "t1", "D1.1", XP_DEC (2), XP_DEC (9) },
    { XP_FLAG_ITEM, "t4", "D1.1", XP_DEC (1), XP_DEC (7) },
  };

  g_assert_cmpint (xp_consistency_get_deviation (c), ==, XP_DEC (3));
  g_assert_cmpuint (xp_consistency_get_n_flags (c), ==, G_N_ELEMENTS (expected));
  /* Deviation flags in listing order: t1 (rank 3) comes before t2. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const XpConsistencyFlag *f = xp_consistency_get_flag (c, i);

      g_assert_cmpint (f->kind, ==, expected[i].kind);
      g_assert_cmpstr (xp_branch_get_id (f->branch), ==, expected[i].branch);
      if (f->kind == XP_FLAG_DEVIATION)
        g_assert_cmpstr (xp_evaluator_get_id (f->evaluator), ==, expected[i].who);
      else
        g_assert_cmpstr (xp_item_get_id (f->item), ==, expected[i].who);
      g_assert_cmpint (f->value, ==, expected[i].value);
      g_assert_cmpint (f->reference, ==, expected[i].reference);
    }
  g_assert_cmpuint (xp_consistency_get_evaluator (c, 0)->n_flags, ==, 1);
  g_assert_cmpuint (xp_consistency_get_evaluator (c, 1)->n_flags, ==, 1);
  g_assert_cmpuint (xp_consistency_get_evaluator (c, 2)->n_flags, ==, 0);

  /* The default threshold is 10 % of the scale: 1 point here. */
  {
    g_autoptr(XpConsistency) d = xp_consistency_new (ranking, XP_DEC_NONE);

    g_assert_cmpint (xp_consistency_get_deviation (d), ==, XP_DEC (1));
  }
}

/* Leave-one-out against the plain way: a copy of the project with every
 * score of that evaluator cleared, ranked from scratch.  With
 * min-evaluators 1 and at least one other complete sheet on every
 * branch, that is the same question. */
static void
check_leave_one_out (XpProject *project)
{
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC_NONE);
  GListModel *evaluators = xp_project_get_evaluators (project);
  XpCriteria *criteria = xp_project_get_criteria (project);
  guint n_items = xp_criteria_get_n_items (criteria);
  guint n_sensitive = 0, n_flips_seen = 0, n_flips_total = 0;

  for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
    {
      g_autoptr(XpEvaluator) ev = g_list_model_get_item (evaluators, e);
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(XpProject) copy = NULL;
      g_autoptr(XpRanking) without = NULL;
      g_autoptr(GError) error = NULL;
      GListModel *branches;

      if (xp_evaluator_get_role (ev) != XP_ROLE_GROUP)
        continue;
      bytes = xp_project_to_bytes (project);
      copy = xp_project_new_from_bytes (bytes, "copy", &error);
      g_assert_no_error (error);
      branches = xp_project_get_branches (copy);
      for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);

          for (guint i = 0; i < n_items; i++)
            {
              const char *item = xp_item_get_id (xp_criteria_get_item (criteria, i));

              if (xp_project_get_score (copy, xp_branch_get_id (branch), xp_evaluator_get_id (ev), item) != XP_DEC_NONE)
                {
                  xp_project_set_score (copy, xp_branch_get_id (branch), xp_evaluator_get_id (ev), item,
                                        XP_DEC_NONE, &error);
                  g_assert_no_error (error);
                }
            }
        }
      without = xp_ranking_new (copy);

      for (guint b = 0; b < g_list_model_get_n_items (G_LIST_MODEL (ranking)); b++)
        {
          g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), b);
          const char *id = xp_branch_get_id (xp_branch_result_get_branch (r));
          XpBranchResult *o = xp_ranking_lookup (without, id);
          gboolean changed, listed = FALSE;
          guint n_flips;
          const XpFlip *flips = xp_consistency_get_flips (c, id, &n_flips);

          if (!xp_branch_result_is_complete (r))
            continue;
          g_assert_true (xp_branch_result_is_complete (o));
          changed = xp_branch_result_get_stars (o) != xp_branch_result_get_stars (r) ||
                    xp_branch_result_get_rank (o) != xp_branch_result_get_rank (r);
          for (guint f = 0; f < n_flips; f++)
            if (g_strcmp0 (xp_evaluator_get_id (flips[f].evaluator), xp_evaluator_get_id (ev)) == 0)
              {
                listed = TRUE;
                g_assert_cmpint (flips[f].stars, ==, xp_branch_result_get_stars (o));
                g_assert_cmpuint (flips[f].rank, ==, xp_branch_result_get_rank (o));
              }
          g_assert_cmpint (listed, ==, changed);
          n_flips_seen += changed;
        }
    }

  for (guint b = 0; b < g_list_model_get_n_items (G_LIST_MODEL (ranking)); b++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), b);
      const char *id = xp_branch_get_id (xp_branch_result_get_branch (r));
      guint n_flips;

      xp_consistency_get_flips (c, id, &n_flips);
      n_flips_total += n_flips;
      n_sensitive += xp_consistency_is_sensitive (c, id);
      g_assert_cmpint (xp_consistency_is_sensitive (c, id), ==, n_flips > 0);
    }
  g_assert_cmpuint (n_flips_total, ==, n_flips_seen);
  g_assert_cmpuint (xp_consistency_get_n_sensitive (c), ==, n_sensitive);
  /* The fixtures are chosen so that something does flip. */
  g_assert_cmpuint (n_sensitive, >, 0);
}

static void
test_leave_one_out_sample (void)
{
  g_autoptr(XpProject) project = load_sample ();

  check_leave_one_out (project);
}

/* By hand on Table 2 (mean of the group; stars 2 from 6 points, 3 from
 * 7): without judge 1, t1's score drops from 6 to 5 (2 stars → 1). */
static void
test_leave_one_out_shrout_fleiss (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC_NONE);
  guint n_flips;
  const XpFlip *flips = xp_consistency_get_flips (c, "t1", &n_flips);
  gboolean found = FALSE;

  g_assert_cmpint (xp_branch_result_get_stars (xp_ranking_lookup (ranking, "t1")), ==, 2);
  for (guint f = 0; f < n_flips; f++)
    if (g_str_equal (xp_evaluator_get_id (flips[f].evaluator), "j1"))
      {
        found = TRUE;
        g_assert_cmpint (flips[f].stars, ==, 1);
      }
  g_assert_true (found);
  /* j5 has no sheets: removing nobody changes nothing. */
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ranking)); i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), i);

      flips = xp_consistency_get_flips (c, xp_branch_get_id (xp_branch_result_get_branch (r)), &n_flips);
      for (guint f = 0; f < n_flips; f++)
        g_assert_cmpstr (xp_evaluator_get_id (flips[f].evaluator), !=, "j5");
    }

  check_leave_one_out (project);
}

/* A branch whose only group sheet is the left-out one keeps its result:
 * leaving out cannot make it unrated. */
static void
test_leave_one_out_single_sheet (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpRanking) without = NULL;
  g_autoptr(GError) error = NULL;
  XpBranchResult *r;

  /* t7 keeps only judge 2's sheet. */
  xp_project_set_score (project, "t7", "j3", "D1.1", XP_DEC_NONE, &error);
  g_assert_no_error (error);
  xp_project_set_score (project, "t7", "j4", "D1.1", XP_DEC_NONE, &error);
  g_assert_no_error (error);
  ranking = xp_ranking_new (project);
  g_assert_true (xp_branch_result_is_complete (xp_ranking_lookup (ranking, "t7")));
  without = _xp_ranking_new_leave_out (project, "j2");
  r = xp_ranking_lookup (without, "t7");
  g_assert_true (xp_branch_result_is_complete (r));
  g_assert_cmpint (xp_branch_result_get_score (r), ==, XP_DEC (5));
  /* Elsewhere judge 2 is left out: t1's mean of 9, 5, 8 is 22/3. */
  g_assert_cmpint (xp_branch_result_get_score (xp_ranking_lookup (without, "t1")), ==, 7330000);
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (xp_ranking_lookup (without, "t1")), ==, 3);
  g_assert_cmpuint (xp_ranking_get_n_complete (without), ==, xp_ranking_get_n_complete (ranking));
}

/* Fewer than two evaluators: null values with a reason, never NaN. */
static void
test_json_undefined (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autoptr(XpJsonDoc) doc = NULL;
  XpJsonNode *cons, *icc;
  GListModel *branches = xp_project_get_branches (project);

  /* Keep judge 1 only. */
  for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);

      for (guint j = 2; j <= 5; j++)
        {
          g_autofree char *ev = g_strdup_printf ("j%u", j);

          xp_project_set_score (project, xp_branch_get_id (branch), ev, "D1.1", XP_DEC_NONE, &error);
          g_assert_no_error (error);
        }
    }
  ranking = xp_ranking_new (project);
  json = xp_ranking_to_json (ranking, NULL);
  g_assert_null (strstr (json, "nan"));
  g_assert_null (strstr (json, "NaN"));
  g_assert_null (strstr (json, "inf"));

  doc = xp_json_parse (json, strlen (json), "ranked", &error);
  g_assert_no_error (error);
  cons = xp_json_object_get (xp_json_doc_get_root (doc), "consistency");
  g_assert_nonnull (cons);
  icc = xp_json_object_get (cons, "icc");
  g_assert_cmpint (xp_json_object_get (icc, "value")->type, ==, XP_JSON_NULL);
  g_assert_cmpstr (xp_json_object_get (icc, "reason")->text, ==, "too-few-evaluators");
  g_assert_cmpstr (xp_json_object_get (xp_json_object_get (cons, "kendall_w"), "reason")->text, ==,
                   "too-few-evaluators");
}

/* The ranked JSON keeps its fields and their order; "consistency" comes
 * right after "summary" and "sensitive" closes every branch entry. */
static void
test_json_layout (void)
{
  static const char *const top[] = { "format", "version", "title", "generated_at", "criteria",
                                     "digest", "method", "summary", "consistency", "branches" };
  static const char *const entry[] = { "rank", "category_rank", "id", "name", "enterprise", "category",
                                       "complete", "score", "stars", "grade", "grade_label", "vetoes",
                                       "quota_adjusted", "evaluators", "bonus", "penalty", "dimensions",
                                       "sensitive" };
  g_autoptr(XpProject) project = load_sample ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpConsistency) c = xp_consistency_new (ranking, XP_DEC_NONE);
  g_autofree char *json = xp_ranking_to_json (ranking, NULL);
  g_autoptr(XpJsonDoc) doc = NULL;
  g_autoptr(GError) error = NULL;
  XpJsonNode *root, *list;

  doc = xp_json_parse (json, strlen (json), "ranked", &error);
  g_assert_no_error (error);
  root = xp_json_doc_get_root (doc);
  g_assert_cmpuint (root->n, ==, G_N_ELEMENTS (top));
  for (guint i = 0; i < root->n; i++)
    g_assert_cmpstr (root->members[i].key, ==, top[i]);
  list = xp_json_object_get (root, "branches");
  g_assert_cmpuint (list->n, >, 0);
  for (guint b = 0; b < list->n; b++)
    {
      XpJsonNode *x = list->items[b];
      const char *id = xp_json_object_get (x, "id")->text;

      g_assert_cmpuint (x->n, ==, G_N_ELEMENTS (entry));
      for (guint i = 0; i < x->n; i++)
        g_assert_cmpstr (x->members[i].key, ==, entry[i]);
      g_assert_cmpint (xp_json_object_get (x, "sensitive")->type, ==,
                       xp_consistency_is_sensitive (c, id) ? XP_JSON_TRUE : XP_JSON_FALSE);
    }
}

/* The ranking report's statistics block carries the same values. */
static void
test_report_block (void)
{
  g_autoptr(XpProject) project = load_shrout_fleiss ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpReport) report = xp_report_new (ranking, XP_REPORT_RANKING);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL, *pdf = NULL, *text = NULL, *tool = g_find_program_in_path ("pdftotext");
  GString *flat;
  int status = 0;

  if (tool == NULL)
    {
      g_test_skip ("pdftotext (poppler-utils) not installed");
      return;
    }
  dir = g_dir_make_tmp ("xp-consistency-XXXXXX", &error);
  g_assert_no_error (error);
  pdf = g_build_filename (dir, "ranking.pdf", NULL);
  g_assert_true (xp_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  {
    const char *argv[] = { tool, "-enc", "UTF-8", pdf, "-", NULL };

    g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &text, NULL, &status, &error);
    g_assert_no_error (error);
    g_assert_true (g_spawn_check_wait_status (status, NULL));
  }
  g_unlink (pdf);
  g_rmdir (dir);

  /* Lines may wrap anywhere: compare without whitespace. */
  flat = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (flat, *p);
  g_assert_nonnull (strstr (flat->str, "ICC(2,k)=0.620（6个党组织，4名考评组成员）"));
  g_assert_nonnull (strstr (flat->str, "KendallW=0.887（6个党组织，4名考评组成员）"));
  g_string_free (flat, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/consistency/icc/shrout-fleiss-table-2", test_icc_shrout_fleiss);
  g_test_add_func ("/consistency/kendall-w/published-example", test_kendall_w_published);
  g_test_add_func ("/consistency/kendall-w/ties-by-hand", test_kendall_w_ties);
  g_test_add_func ("/consistency/kendall-w/perfect-agreement", test_kendall_w_perfect);
  g_test_add_func ("/consistency/undefined-cases", test_undefined);
  g_test_add_func ("/consistency/project/shrout-fleiss", test_project_shrout_fleiss);
  g_test_add_func ("/consistency/project/offsets", test_offsets);
  g_test_add_func ("/consistency/project/flags", test_flags);
  g_test_add_func ("/consistency/leave-one-out/sample", test_leave_one_out_sample);
  g_test_add_func ("/consistency/leave-one-out/shrout-fleiss", test_leave_one_out_shrout_fleiss);
  g_test_add_func ("/consistency/leave-one-out/single-sheet", test_leave_one_out_single_sheet);
  g_test_add_func ("/consistency/json/undefined-is-null", test_json_undefined);
  g_test_add_func ("/consistency/json/layout", test_json_layout);
  g_test_add_func ("/consistency/report/statistics-block", test_report_block);

  return g_test_run ();
}
