/* test-rules.c — the ranking rules 1–10 of DESIGN.md, with worked values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each scheme is built inline; each expected value is worked by hand in
 * the comment beside its assert.
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-project.h"
#include "xp-ranking.h"

/* ---------------------------------------------------------------- helpers */

#define CATEGORIES \
  "<categories>" \
  "<category id='standalone'><label>单独建</label></category>" \
  "<category id='joint'><label>联合建</label></category>" \
  "</categories>"

/* Two dimensions: D1.1 (max 60) + D2.1 (max 40) = 100, so with scale 100
 * a sheet's total is simply D1.1 + D2.1. */
#define SIMPLE_DIMS \
  "<dimension id='D1'><label>d1</label>" \
  "<item id='D1.1' max='60'><label>i</label></item></dimension>" \
  "<dimension id='D2'><label>d2</label>" \
  "<item id='D2.1' max='40'><label>i</label></item></dimension>"

#define LADDER \
  "<stars><star level='5' min='90'/><star level='4' min='80'/>" \
  "<star level='3' min='70'/><star level='2' min='60'/>" \
  "<star level='1' min='0'/></stars>"

#define GRADES \
  "<grades><grade id='advanced' min-stars='5'><label>先进</label></grade>" \
  "<grade id='good' min-stars='4'><label>较好</label></grade>" \
  "<grade id='average' min-stars='3'><label>一般</label></grade>" \
  "<grade id='lagging' min-stars='0'><label>后进</label></grade></grades>"

static XpCriteria *
criteria_new (const char *attrs,
              const char *body)
{
  g_autofree char *xml = g_strdup_printf (
      "<?xml version='1.0' encoding='UTF-8'?>\n"
      "<criteria xmlns='urn:xingping:criteria:1' id='t' version='1' %s>"
      "<title>测试</title>" CATEGORIES "%s</criteria>\n",
      attrs, body);
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));
  g_autoptr(GError) error = NULL;
  XpCriteria *criteria = xp_criteria_new_from_bytes (bytes, "inline.xml", &error);

  g_assert_no_error (error);
  g_assert_nonnull (criteria);
  return criteria;
}

static XpDec
dec (const char *text)
{
  XpDec v = 0;

  g_assert_true (xp_dec_parse (text, -1, &v));
  return v;
}

static XpProject *
project_new (XpCriteria *criteria,
             const char *group_ids,   /* space separated */
             gboolean    with_self)
{
  XpProject *project = xp_project_new (criteria);
  g_auto(GStrv) ids = g_strsplit (group_ids, " ", -1);

  for (guint i = 0; ids[i]; i++)
    {
      g_autoptr(XpEvaluator) e = xp_evaluator_new (ids[i], ids[i], XP_ROLE_GROUP);
      g_autoptr(GError) error = NULL;

      g_assert_true (xp_project_add_evaluator (project, e, &error));
      g_assert_no_error (error);
    }
  if (with_self)
    {
      g_autoptr(XpEvaluator) e = xp_evaluator_new ("self", "自评", XP_ROLE_SELF);
      g_autoptr(GError) error = NULL;

      g_assert_true (xp_project_add_evaluator (project, e, &error));
      g_assert_no_error (error);
    }
  return project;
}

static void
add_branch (XpProject  *project,
            const char *id,
            const char *category,
            const char *vetoes)    /* space separated or NULL */
{
  g_autoptr(XpBranch) b = xp_branch_new (id);
  g_autoptr(GError) error = NULL;

  xp_branch_set_name (b, id);
  xp_branch_set_enterprise (b, "企业");
  xp_branch_set_category (b, category);
  if (vetoes)
    {
      g_auto(GStrv) v = g_strsplit (vetoes, " ", -1);

      xp_branch_set_vetoes (b, (const char * const *) v);
    }
  g_assert_true (xp_project_add_branch (project, b, &error));
  g_assert_no_error (error);
}

static void
score (XpProject  *project,
       const char *branch,
       const char *evaluator,
       const char *item,
       const char *value)
{
  g_autoptr(GError) error = NULL;

  gboolean ok = xp_project_set_score (project, branch, evaluator, item, dec (value), &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

/* A simple-scheme sheet: total = d1 + d2. */
static void
sheet (XpProject  *project,
       const char *branch,
       const char *evaluator,
       const char *d1,
       const char *d2)
{
  score (project, branch, evaluator, "D1.1", d1);
  score (project, branch, evaluator, "D2.1", d2);
}

static XpBranchResult *
result (XpRanking  *ranking,
        const char *id)
{
  XpBranchResult *r = xp_ranking_lookup (ranking, id);

  g_assert_nonnull (r);
  return r;
}

static void
assert_dec (XpDec       value,
            const char *expected)
{
  g_autofree char *text = value == XP_DEC_NONE ? g_strdup ("none") : xp_dec_format (value);

  g_assert_cmpstr (text, ==, expected);
}

#define assert_score(ranking, id, expected) \
  assert_dec (xp_branch_result_get_score (result (ranking, id)), expected)
#define assert_stars(ranking, id, expected) \
  g_assert_cmpint (xp_branch_result_get_stars (result (ranking, id)), ==, expected)
#define assert_rank(ranking, id, expected) \
  g_assert_cmpuint (xp_branch_result_get_rank (result (ranking, id)), ==, expected)

static const char *
grade_of (XpRanking  *ranking,
          const char *id)
{
  XpGrade *g = xp_branch_result_get_grade (result (ranking, id));

  return g ? xp_grade_get_id (g) : NULL;
}

/* Listing order as a space-separated string of ids. */
static char *
listing (XpRanking *ranking)
{
  GString *s = g_string_new (NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ranking));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), i);

      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, xp_branch_get_id (xp_branch_result_get_branch (r)));
    }
  return g_string_free (s, FALSE);
}

static JsonNode *
ranking_json (XpRanking *ranking,
              char     **text_out)
{
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 24, 8, 0, 0);
  g_autofree char *text = xp_ranking_to_json (ranking, when);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  if (text_out)
    *text_out = g_strdup (text);
  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
json_branch (JsonNode   *root,
             const char *id)
{
  JsonArray *branches = json_object_get_array_member (json_node_get_object (root), "branches");

  for (guint i = 0; i < json_array_get_length (branches); i++)
    {
      JsonObject *b = json_array_get_object_element (branches, i);

      if (g_strcmp0 (json_object_get_string_member (b, "id"), id) == 0)
        return b;
    }
  g_assert_not_reached ();
}

/* ----------------------------------------------------------------- rule 1 */

/* D1.1 max 10 (all), D1.2 max 10 (joint only), D2.1 max 20 (all):
 * standalone's denominator is 30, joint's is 40.  Bonus cap 3, penalty
 * cap 4. */
#define RULE1_BODY \
  "<dimension id='D1'><label>d1</label>" \
  "<item id='D1.1' max='10'><label>i</label></item>" \
  "<item id='D1.2' max='10' categories='joint'><label>i</label></item></dimension>" \
  "<dimension id='D2'><label>d2</label>" \
  "<item id='D2.1' max='20'><label>i</label></item></dimension>" \
  "<bonus cap='3'><item id='B1' max='2'><label>b</label></item>" \
  "<item id='B2' max='2'><label>b</label></item></bonus>" \
  "<penalty cap='4'><item id='P1' max='5'><label>p</label></item>" \
  "<item id='P2' max='5'><label>p</label></item></penalty>" \
  LADDER GRADES

static void
test_rule1_sheet_total (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", RULE1_BODY);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(GError) error = NULL;

  add_branch (p, "b1", "standalone", NULL);
  add_branch (p, "b2", "joint", NULL);
  add_branch (p, "b3", "standalone", NULL);
  add_branch (p, "b4", "standalone", NULL);
  add_branch (p, "b5", "standalone", NULL);
  add_branch (p, "b6", "standalone", NULL);
  add_branch (p, "b7", "standalone", NULL);

  score (p, "b1", "e1", "D1.1", "8");
  score (p, "b1", "e1", "D2.1", "16");
  /* D1.2 is joint-only: it cannot be scored for a standalone branch. */
  g_assert_false (xp_project_set_score (p, "b1", "e1", "D1.2", dec ("5"), &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  score (p, "b2", "e1", "D1.1", "8");
  score (p, "b2", "e1", "D1.2", "5");
  score (p, "b2", "e1", "D2.1", "16");

  score (p, "b3", "e1", "D1.1", "8");
  score (p, "b3", "e1", "D2.1", "16");
  score (p, "b3", "e1", "B1", "2");
  score (p, "b3", "e1", "B2", "2");

  score (p, "b4", "e1", "D1.1", "8");
  score (p, "b4", "e1", "D2.1", "16");
  score (p, "b4", "e1", "P1", "5");
  score (p, "b4", "e1", "P2", "1");

  score (p, "b5", "e1", "D1.1", "0");
  score (p, "b5", "e1", "D2.1", "1");
  score (p, "b5", "e1", "P1", "5");

  score (p, "b6", "e1", "D1.1", "10");
  score (p, "b6", "e1", "D2.1", "20");
  score (p, "b6", "e1", "B1", "2");
  score (p, "b6", "e1", "B2", "1.5");

  score (p, "b7", "e1", "D1.1", "7");
  score (p, "b7", "e1", "D2.1", "0");

  r = xp_ranking_new (p);

  /* standalone: 100 × (8 + 16) / 30 = 80; bonus unscored counts 0, and
   * the sheet is complete without it. */
  g_assert_true (xp_branch_result_is_complete (result (r, "b1")));
  assert_score (r, "b1", "80");
  assert_dec (xp_branch_result_get_bonus (result (r, "b1")), "0");
  /* joint: the joint-only item joins the denominator:
   * 100 × (8 + 5 + 16) / 40 = 72.5 (not 100 × 29 / 30 = 96.67). */
  assert_score (r, "b2", "72.5");
  /* bonus 2 + 2 = 4, capped at 3: 80 + 3 = 83 */
  assert_score (r, "b3", "83");
  assert_dec (xp_branch_result_get_bonus (result (r, "b3")), "3");
  /* penalty 5 + 1 = 6, capped at 4: 80 − 4 = 76 */
  assert_score (r, "b4", "76");
  assert_dec (xp_branch_result_get_penalty (result (r, "b4")), "4");
  /* 100 × 1 / 30 = 3.33… − 4 = −0.67 → clamped to 0 */
  assert_score (r, "b5", "0");
  /* 100 × 30 / 30 = 100 + min(3, 3.5) = 103 = scale + bonus cap, kept
   * above the scale */
  assert_score (r, "b6", "103");
  /* 100 × 7 / 30 = 23.333… → 23.33 at precision 2 */
  assert_score (r, "b7", "23.33");
  assert_dec (xp_branch_result_get_sheet_total (result (r, "b7"), "e1"), "23.33");

  /* JSON dimension maxima follow the category: D1 is 10 for standalone,
   * 10 + 10 = 20 for joint; D1's score is the plain sum 8 + 5 = 13 */
  {
    g_autoptr(JsonNode) root = ranking_json (r, NULL);
    JsonArray *d1 = json_object_get_array_member (json_branch (root, "b1"), "dimensions");
    JsonArray *d2 = json_object_get_array_member (json_branch (root, "b2"), "dimensions");

    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (d1, 0), "max"), ==, 10);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (d2, 0), "max"), ==, 20);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (d2, 0), "score"), ==, 13);
    g_assert_cmpfloat (json_object_get_double_member (json_array_get_object_element (d2, 1), "max"), ==, 20);
    g_assert_cmpfloat (json_object_get_double_member (json_branch (root, "b4"), "penalty"), ==, 4);
  }
}

/* ----------------------------------------------------------------- rule 2 */

static void
test_rule2_group (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("",
      SIMPLE_DIMS LADDER GRADES "<aggregation method='mean' min-evaluators='2'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3", TRUE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  XpBranchResult *a;

  add_branch (p, "bA", "standalone", NULL);
  add_branch (p, "bB", "standalone", NULL);
  add_branch (p, "bC", "standalone", NULL);

  sheet (p, "bA", "e1", "50", "30");
  score (p, "bA", "e2", "D1.1", "50");        /* incomplete: D2.1 missing */

  sheet (p, "bB", "e1", "50", "30");           /* 80 */
  sheet (p, "bB", "e2", "55", "35");           /* 90 */
  score (p, "bB", "e3", "D1.1", "0");          /* incomplete, ignored */
  sheet (p, "bB", "self", "5", "5");           /* self, not in G */

  sheet (p, "bC", "e1", "50", "30");
  sheet (p, "bC", "self", "60", "40");

  r = xp_ranking_new (p);

  /* bA: G = {e1} (e2's sheet lacks D2.1): 1 < 2 → incomplete */
  a = result (r, "bA");
  g_assert_false (xp_branch_result_is_complete (a));
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (a), ==, 1);
  assert_dec (xp_branch_result_get_score (a), "none");
  g_assert_cmpint (xp_branch_result_get_stars (a), ==, -1);
  g_assert_null (xp_branch_result_get_grade (a));
  g_assert_cmpuint (xp_branch_result_get_rank (a), ==, 0);

  /* bB: G = {e1, e2}: (80 + 90) / 2 = 85; e3's partial sheet and the
   * self sheet (10) don't count */
  g_assert_true (xp_branch_result_is_complete (result (r, "bB")));
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (result (r, "bB")), ==, 2);
  assert_score (r, "bB", "85");

  /* bC: e1 + self: the self evaluator is not in G → |G| = 1 → incomplete */
  g_assert_false (xp_branch_result_is_complete (result (r, "bC")));
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (result (r, "bC")), ==, 1);
  g_assert_cmpuint (xp_ranking_get_n_complete (r), ==, 1);

  /* JSON: incomplete → null rank, score, stars, grade; evaluators = |G| */
  root = ranking_json (r, NULL);
  {
    JsonObject *o = json_branch (root, "bA");

    g_assert_true (json_object_get_null_member (o, "rank"));
    g_assert_true (json_object_get_null_member (o, "category_rank"));
    g_assert_true (json_object_get_null_member (o, "score"));
    g_assert_true (json_object_get_null_member (o, "stars"));
    g_assert_true (json_object_get_null_member (o, "grade"));
    g_assert_false (json_object_get_boolean_member (o, "complete"));
    g_assert_cmpint (json_object_get_int_member (json_branch (root, "bB"), "evaluators"), ==, 2);
  }
}

/* ----------------------------------------------------------------- rule 3 */

static void
test_rule3_mean (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3", FALSE);
  g_autoptr(XpRanking) r = NULL;

  add_branch (p, "b1", "standalone", NULL);
  add_branch (p, "b2", "standalone", NULL);
  sheet (p, "b1", "e1", "50", "30");   /* 80 */
  sheet (p, "b1", "e2", "55", "35");   /* 90 */
  sheet (p, "b1", "e3", "50", "35");   /* 85 */
  sheet (p, "b2", "e1", "50", "30");   /* 80 */
  sheet (p, "b2", "e2", "50", "35");   /* 85 */
  sheet (p, "b2", "e3", "50", "36");   /* 86 */
  r = xp_ranking_new (p);

  /* 3 evaluators: 80, 90, 85 → mean 85 */
  assert_score (r, "b1", "85");
  /* 80, 85, 86 → 251 / 3 = 83.666… → 83.67 */
  assert_score (r, "b2", "83.67");
}

static void
test_rule3_median (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("",
      SIMPLE_DIMS LADDER GRADES "<aggregation method='median'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3 e4", FALSE);
  g_autoptr(XpRanking) r = NULL;

  add_branch (p, "odd", "standalone", NULL);
  add_branch (p, "even", "standalone", NULL);
  sheet (p, "odd", "e1", "40", "30");   /* 70 */
  sheet (p, "odd", "e2", "55", "35");   /* 90 */
  sheet (p, "odd", "e3", "40", "40");   /* 80 */
  sheet (p, "even", "e1", "40", "30");  /* 70 */
  sheet (p, "even", "e2", "55", "40");  /* 95 */
  sheet (p, "even", "e3", "40", "40");  /* 80 */
  sheet (p, "even", "e4", "30", "30");  /* 60 */
  r = xp_ranking_new (p);

  /* odd: 70, 90, 80 → sorted 70, 80, 90 → median 80 (mean would be 80 too,
   * but the unsorted middle is 90) */
  assert_score (r, "odd", "80");
  /* even: 60, 70, 80, 95 → (70 + 80) / 2 = 75 (mean would be 76.25) */
  assert_score (r, "even", "75");
}

static void
test_rule3_trimmed (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("",
      SIMPLE_DIMS LADDER GRADES "<aggregation method='trimmed-mean' trim='1'/>");
  g_autoptr(XpCriteria) c2 = criteria_new ("",
      SIMPLE_DIMS LADDER GRADES "<aggregation method='trimmed-mean' trim='2'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3 e4 e5", FALSE);
  g_autoptr(XpProject) p2 = project_new (c2, "e1 e2 e3 e4 e5", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(XpRanking) r2 = NULL;

  add_branch (p, "five", "standalone", NULL);
  add_branch (p, "three", "standalone", NULL);
  add_branch (p, "two", "standalone", NULL);
  sheet (p, "five", "e1", "30", "20");   /* 50 */
  sheet (p, "five", "e2", "40", "30");   /* 70 */
  sheet (p, "five", "e3", "60", "40");   /* 100 */
  sheet (p, "five", "e4", "50", "30");   /* 80 */
  sheet (p, "five", "e5", "50", "40");   /* 90 */
  sheet (p, "three", "e1", "30", "30");  /* 60 */
  sheet (p, "three", "e2", "60", "40");  /* 100 */
  sheet (p, "three", "e3", "40", "30");  /* 70 */
  sheet (p, "two", "e1", "30", "30");    /* 60 */
  sheet (p, "two", "e2", "50", "40");    /* 90 */
  r = xp_ranking_new (p);

  /* |G| = 5 > 2: 50, 70, 80, 90, 100 → drop 50 and 100 → (70+80+90)/3 = 80
   * (mean would be 78) */
  assert_score (r, "five", "80");
  /* |G| = 3 > 2: 60, 70, 100 → 70 (mean 76.67) */
  assert_score (r, "three", "70");
  /* |G| = 2 ≤ 2: plain mean (60 + 90) / 2 = 75 */
  assert_score (r, "two", "75");

  add_branch (p2, "four", "standalone", NULL);
  add_branch (p2, "five", "standalone", NULL);
  sheet (p2, "four", "e1", "30", "30");  /* 60 */
  sheet (p2, "four", "e2", "40", "30");  /* 70 */
  sheet (p2, "four", "e3", "40", "40");  /* 80 */
  sheet (p2, "four", "e4", "60", "40");  /* 100 */
  sheet (p2, "five", "e1", "30", "20");  /* 50 */
  sheet (p2, "five", "e2", "40", "30");  /* 70 */
  sheet (p2, "five", "e3", "60", "40");  /* 100 */
  sheet (p2, "five", "e4", "45", "40");  /* 85 */
  sheet (p2, "five", "e5", "50", "40");  /* 90 */
  r2 = xp_ranking_new (p2);
  /* trim 2, |G| = 4 ≤ 4: plain mean (60+70+80+100)/4 = 77.5 */
  assert_score (r2, "four", "77.5");
  /* trim 2, |G| = 5 > 4: 50 70 85 90 100 → only 85 remains */
  assert_score (r2, "five", "85");
}

/* ----------------------------------------------------------------- rule 4 */

static void
test_rule4_self_weight (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("precision='1'",
      SIMPLE_DIMS LADDER GRADES "<aggregation self-weight='0.3'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2", TRUE);
  g_autoptr(XpRanking) r = NULL;

  add_branch (p, "b1", "standalone", NULL);
  add_branch (p, "nos", "standalone", NULL);
  add_branch (p, "part", "standalone", NULL);

  sheet (p, "b1", "e1", "50", "39");     /* 89 */
  sheet (p, "b1", "e2", "55", "35");     /* 90 */
  sheet (p, "b1", "self", "58", "38");   /* 96 */

  sheet (p, "nos", "e1", "50", "39");
  sheet (p, "nos", "e2", "55", "35");

  sheet (p, "part", "e1", "50", "39");
  sheet (p, "part", "e2", "55", "35");
  score (p, "part", "self", "D1.1", "58");  /* self sheet incomplete */

  r = xp_ranking_new (p);

  /* group mean (89 + 90) / 2 = 89.5; 0.3 × 96 + 0.7 × 89.5 = 28.8 + 62.65
   * = 91.45 exactly → 91.5 at precision 1 (binary floating point gives
   * 91.4499… → 91.4) */
  assert_score (r, "b1", "91.5");
  assert_dec (xp_branch_result_get_group_total (result (r, "b1")), "89.5");
  assert_dec (xp_branch_result_get_self_total (result (r, "b1")), "96");
  assert_stars (r, "b1", 5);   /* 91.5 ≥ 90 */
  /* no self sheet → incomplete */
  g_assert_false (xp_branch_result_is_complete (result (r, "nos")));
  g_assert_false (xp_branch_result_is_complete (result (r, "part")));
}

static void
test_rule4_self_weight_parts (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("",
      SIMPLE_DIMS "<bonus cap='5'><item id='B1' max='4'><label>b</label></item></bonus>"
      LADDER GRADES "<aggregation method='median' self-weight='0.5'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3", TRUE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(XpEvaluator) second_self = xp_evaluator_new ("self2", "x", XP_ROLE_SELF);
  g_autoptr(GError) error = NULL;

  /* at most one self evaluator */
  g_assert_false (xp_project_add_evaluator (p, second_self, &error));
  g_assert_nonnull (error);

  add_branch (p, "b", "standalone", NULL);
  sheet (p, "b", "e1", "40", "30");   /* 70, bonus 0 */
  sheet (p, "b", "e2", "50", "30");   /* 80, bonus 2 → 82 */
  score (p, "b", "e2", "B1", "2");
  sheet (p, "b", "e3", "54", "36");   /* 90, bonus 4 → 94 */
  score (p, "b", "e3", "B1", "4");
  sheet (p, "b", "self", "60", "40"); /* 100, bonus 3 → 103 */
  score (p, "b", "self", "B1", "3");
  r = xp_ranking_new (p);

  /* totals 70, 82, 94 → median 82; 0.5 × 103 + 0.5 × 82 = 92.5 */
  assert_score (r, "b", "92.5");
  /* bonus: median of 0, 2, 4 = 2; 0.5 × 3 + 0.5 × 2 = 2.5 */
  assert_dec (xp_branch_result_get_bonus (result (r, "b")), "2.5");
  /* D1: median of 40, 50, 54 = 50; 0.5 × 60 + 0.5 × 50 = 55 */
  assert_dec (xp_branch_result_get_dimension_score (result (r, "b"), 0), "55");
  /* self is not counted in |G| */
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (result (r, "b")), ==, 3);

  root = ranking_json (r, NULL);
  {
    JsonObject *method = json_object_get_object_member (json_node_get_object (root), "method");

    g_assert_cmpfloat (json_object_get_double_member (method, "self_weight"), ==, 0.5);
    g_assert_cmpstr (json_object_get_string_member (method, "aggregation"), ==, "median");
    g_assert_cmpfloat (json_object_get_double_member (json_branch (root, "b"), "bonus"), ==, 2.5);
  }
}

/* ----------------------------------------------------------------- rule 5 */

static void
test_rule5_rounding_real (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("precision='0'",
      "<dimension id='D1'><label>d</label>"
      "<item id='D1.1' max='30'><label>i</label></item></dimension>"
      LADDER GRADES);
  g_autoptr(XpCriteria) c100 = criteria_new ("precision='0'",
      "<dimension id='D1'><label>d</label>"
      "<item id='D1.1' max='100'><label>i</label></item></dimension>"
      LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3", FALSE);
  g_autoptr(XpProject) p100 = project_new (c100, "e1 e2", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(XpRanking) r100 = NULL;

  add_branch (p, "only", "standalone", NULL);
  score (p, "only", "e1", "D1.1", "1");    /* 10/3 = 3.333… */
  score (p, "only", "e2", "D1.1", "1");    /* 3.333… */
  score (p, "only", "e3", "D1.1", "4");    /* 40/3 = 13.333… */
  r = xp_ranking_new (p);
  /* exact: (10/3 + 10/3 + 40/3) / 3 = 20/3 = 6.667 → 7.
   * Rounding the sheets first: (3 + 3 + 13) / 3 = 6.333 → 6. */
  assert_score (r, "only", "7");
  /* the sheet totals shown are rounded for display only */
  assert_dec (xp_branch_result_get_sheet_total (result (r, "only"), "e1"), "3");

  add_branch (p100, "half", "standalone", NULL);
  add_branch (p100, "half2", "standalone", NULL);
  score (p100, "half", "e1", "D1.1", "80");
  score (p100, "half", "e2", "D1.1", "81");
  score (p100, "half2", "e1", "D1.1", "81");
  score (p100, "half2", "e2", "D1.1", "82.5");
  r100 = xp_ranking_new (p100);
  /* (80 + 81) / 2 = 80.5 → 81, half away from zero (banker's: 80) */
  assert_score (r100, "half", "81");
  /* (81 + 82.5) / 2 = 81.75 → 82 */
  assert_score (r100, "half2", "82");

  /* xp_rat_round itself: −2.5 → −3, 2.45 at 1 place → 2.5, 1/3 → 0.33 */
  assert_dec (xp_rat_round (xp_rat_from_dec (dec ("-2.5")), 0), "-3");
  assert_dec (xp_rat_round (xp_rat_from_dec (dec ("2.45")), 1), "2.5");
  assert_dec (xp_rat_round (xp_rat_from_dec (dec ("2.449999")), 1), "2.4");
  assert_dec (xp_rat_round (xp_rat_div (xp_rat_from_int (1), xp_rat_from_int (3)), 2), "0.33");
  assert_dec (xp_rat_round (xp_rat_div (xp_rat_from_int (-2), xp_rat_from_int (3)), 2), "-0.67");
}

/* ----------------------------------------------------------------- rule 6 */

static void
test_rule6_stars (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES);
  /* scale 10, one item of max 20: total = 10 × s / 20 = s / 2; the ladder's
   * minima are in points of the scale (9/8/7/6) and no level for < 6. */
  g_autoptr(XpCriteria) c10 = criteria_new ("scale='10'",
      "<dimension id='D1'><label>d</label>"
      "<item id='D1.1' max='20'><label>i</label></item></dimension>"
      "<stars><star level='5' min='9'/><star level='4' min='8'/>"
      "<star level='3' min='7'/><star level='2' min='6'/></stars>" GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpProject) p10 = project_new (c10, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(XpRanking) r10 = NULL;

  add_branch (p, "b90", "standalone", NULL);
  add_branch (p, "b89", "standalone", NULL);
  add_branch (p, "b60", "standalone", NULL);
  add_branch (p, "b0", "standalone", NULL);
  sheet (p, "b90", "e1", "50", "40");
  sheet (p, "b89", "e1", "49.5", "40");
  sheet (p, "b60", "e1", "30", "30");
  sheet (p, "b0", "e1", "0", "0");
  r = xp_ranking_new (p);
  assert_stars (r, "b90", 5);   /* 90 ≥ min 90 */
  assert_stars (r, "b89", 4);   /* 89.5 < 90, ≥ 80 */
  assert_stars (r, "b60", 2);   /* 60 ≥ 60 */
  assert_stars (r, "b0", 1);    /* 0 ≥ min 0 of level 1 */

  add_branch (p10, "s18", "standalone", NULL);
  add_branch (p10, "s17", "standalone", NULL);
  add_branch (p10, "s10", "standalone", NULL);
  score (p10, "s18", "e1", "D1.1", "18");
  score (p10, "s17", "e1", "D1.1", "17");
  score (p10, "s10", "e1", "D1.1", "10");
  r10 = xp_ranking_new (p10);
  assert_score (r10, "s18", "9");     /* 10 × 18 / 20 = 9 */
  assert_stars (r10, "s18", 5);       /* 9 ≥ 9 */
  assert_score (r10, "s17", "8.5");
  assert_stars (r10, "s17", 4);       /* 8.5: ≥ 8, < 9 */
  assert_score (r10, "s10", "5");
  assert_stars (r10, "s10", 0);       /* 5 < 6: no level matches → 0 */
  g_assert_cmpstr (grade_of (r10, "s10"), ==, "lagging");
  g_assert_cmpuint (xp_ranking_get_star_count (r10, 0), ==, 1);
}

/* ----------------------------------------------------------------- rule 7 */

#define VETOES \
  "<vetoes><veto id='V1' stars-max='2'><label>v</label></veto>" \
  "<veto id='V2' stars-max='0' grade='lagging'><label>v</label></veto>" \
  "<veto id='V3' stars-max='3'><label>v</label></veto>" \
  "<veto id='G1' grade='good'><label>v</label></veto>" \
  "<veto id='G2' grade='average'><label>v</label></veto></vetoes>"

static void
test_rule7_vetoes (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS VETOES LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;

  add_branch (p, "cap2", "standalone", "V1");
  add_branch (p, "cap23", "standalone", "V3 V1");
  add_branch (p, "low", "standalone", "V3");
  add_branch (p, "zero", "standalone", "V2");
  sheet (p, "cap2", "e1", "55", "40");    /* 95 */
  sheet (p, "cap23", "e1", "55", "40");   /* 95 */
  sheet (p, "low", "e1", "25", "40");     /* 65 */
  sheet (p, "zero", "e1", "55", "40");    /* 95 */
  r = xp_ranking_new (p);

  assert_stars (r, "cap2", 2);     /* 95 → 5, capped at 2 */
  assert_stars (r, "cap23", 2);    /* min(5, 3, 2) = 2 */
  assert_stars (r, "low", 2);      /* 65 → 2; cap 3 never raises */
  assert_stars (r, "zero", 0);     /* cap 0 */
  g_assert_cmpstr (grade_of (r, "zero"), ==, "lagging");
  g_assert_cmpstr (grade_of (r, "cap2"), ==, "lagging");   /* 2 stars → lagging */
  /* the score itself is untouched */
  assert_score (r, "cap2", "95");

  /* a veto recorded after ranking applies at once; removing it restores */
  {
    const char *v2[] = { "V2", NULL };
    const char *none[] = { NULL };

    xp_branch_set_vetoes (xp_project_lookup_branch (p, "cap2"), v2);
    assert_stars (r, "cap2", 0);
    g_assert_cmpstr (grade_of (r, "cap2"), ==, "lagging");
    xp_branch_set_vetoes (xp_project_lookup_branch (p, "cap2"), none);
    assert_stars (r, "cap2", 5);
    g_assert_cmpstr (grade_of (r, "cap2"), ==, "advanced");
  }
}

/* ----------------------------------------------------------------- rule 8 */

static void
quota_project (XpProject *p)
{
  static const char *rows[][3] = {
    /* id, D1.1, D2.1 */
    { "b01", "58", "40" },   /* 98 */
    { "b02", "55", "40" },   /* 95 */
    { "b03", "55", "40" },   /* 95 */
    { "b04", "53", "40" },   /* 93 */
    { "b05", "45", "40" },   /* 85 */
    { "b06", "35", "40" },   /* 75 */
    { "b07", "32", "40" },   /* 72 */
    { "b08", "25", "40" },   /* 65 */
    { "b09", "10", "40" },   /* 50 */
    { "b10", "0", "40" },    /* 40 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      add_branch (p, rows[i][0], "standalone", NULL);
      sheet (p, rows[i][0], "e1", rows[i][1], rows[i][2]);
    }
  add_branch (p, "b11", "standalone", NULL);   /* incomplete */
  score (p, "b11", "e1", "D1.1", "60");
}

static void
test_rule8_enforce (void)
{
  /* The level-4 quota is listed first: quotas run highest level first. */
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES
      "<quota level='4' max-percent='20'/>"
      "<quota level='5' max-percent='29' mode='enforce'/>");
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  const XpQuotaResult *q;
  guint n_q = 0;

  quota_project (p);
  r = xp_ranking_new (p);

  /* N = 10 complete (b11 incomplete).
   * Level 5: allowed = floor(10 × 29 / 100) = floor(2.9) = 2 (11 would give
   * 3).  At 5: b01 (98, rank 1), b02 (95, rank 2), b03 (95, rank 2),
   * b04 (93, rank 4): count 4 > 2.  Position 2 is b02, rank 2, shared with
   * b03 → every rank-2 branch is demoted: only b01 keeps 5; b02, b03, b04 → 4.
   * Level 4: allowed = floor(10 × 20 / 100) = 2.  At 4 now: b02, b03, b04
   * (demoted) and b05 (85): count 4 > 2.  Position 2 is b03 (rank 2), next
   * b04 (rank 4): no tie → b02, b03 keep 4; b04 (again) and b05 → 3. */
  g_assert_cmpuint (xp_ranking_get_n_complete (r), ==, 10);
  assert_rank (r, "b02", 2);
  assert_rank (r, "b03", 2);
  assert_rank (r, "b04", 4);
  assert_stars (r, "b01", 5);
  assert_stars (r, "b02", 4);
  assert_stars (r, "b03", 4);
  assert_stars (r, "b04", 3);
  assert_stars (r, "b05", 3);
  assert_stars (r, "b06", 3);   /* 75 */
  assert_stars (r, "b08", 2);   /* 65 */
  assert_stars (r, "b10", 1);   /* 40 */
  g_assert_cmpint (xp_branch_result_get_stars_before_quota (result (r, "b04")), ==, 5);
  g_assert_false (xp_branch_result_get_quota_adjusted (result (r, "b01")));
  g_assert_true (xp_branch_result_get_quota_adjusted (result (r, "b02")));
  g_assert_true (xp_branch_result_get_quota_adjusted (result (r, "b04")));
  g_assert_true (xp_branch_result_get_quota_adjusted (result (r, "b05")));
  g_assert_false (xp_branch_result_get_quota_adjusted (result (r, "b06")));
  g_assert_cmpstr (grade_of (r, "b02"), ==, "good");      /* 4 stars */
  g_assert_cmpstr (grade_of (r, "b04"), ==, "average");   /* 3 stars */

  q = xp_ranking_get_quotas (r, &n_q);
  g_assert_cmpuint (n_q, ==, 2);
  g_assert_cmpint (q[0].level, ==, 5);
  g_assert_cmpuint (q[0].allowed, ==, 2);
  g_assert_cmpuint (q[0].count, ==, 4);
  g_assert_true (q[0].exceeded);
  g_assert_cmpint (q[1].level, ==, 4);
  g_assert_cmpuint (q[1].allowed, ==, 2);
  g_assert_cmpuint (q[1].count, ==, 4);  /* b02 b03 b04 (demoted) + b05 */
  g_assert_true (q[1].exceeded);

  /* star counts after quotas: 5:1 4:2 3:4 (b04 b05 b06 b07) 2:1 1:2 */
  g_assert_cmpuint (xp_ranking_get_star_count (r, 5), ==, 1);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 4), ==, 2);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 3), ==, 4);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 2), ==, 1);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 1), ==, 2);

  root = ranking_json (r, NULL);
  {
    JsonObject *summary = json_object_get_object_member (json_node_get_object (root), "summary");
    JsonArray *quotas = json_object_get_array_member (summary, "quotas");
    JsonObject *q0 = json_array_get_object_element (quotas, 0);
    JsonObject *stars = json_object_get_object_member (summary, "stars");

    g_assert_cmpint (json_object_get_int_member (summary, "branches"), ==, 11);
    g_assert_cmpint (json_object_get_int_member (summary, "complete"), ==, 10);
    g_assert_cmpint (json_object_get_int_member (stars, "5"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (stars, "3"), ==, 4);
    g_assert_cmpint (json_object_get_int_member (stars, "0"), ==, 0);
    g_assert_cmpuint (json_array_get_length (quotas), ==, 2);
    g_assert_cmpint (json_object_get_int_member (q0, "level"), ==, 5);
    g_assert_cmpstr (json_object_get_string_member (q0, "mode"), ==, "enforce");
    g_assert_cmpfloat (json_object_get_double_member (q0, "max_percent"), ==, 29);
    g_assert_cmpint (json_object_get_int_member (q0, "allowed"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (q0, "count"), ==, 4);
    g_assert_true (json_object_get_boolean_member (q0, "exceeded"));
    g_assert_true (json_object_get_boolean_member (json_branch (root, "b03"), "quota_adjusted"));
    g_assert_false (json_object_get_boolean_member (json_branch (root, "b01"), "quota_adjusted"));
    g_assert_cmpint (json_object_get_int_member (json_branch (root, "b04"), "stars"), ==, 3);
  }
}

static void
test_rule8_warn (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES
      "<quota level='5' max-percent='29' mode='warn'/>");
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  const XpQuotaResult *q;
  guint n_q = 0;

  quota_project (p);
  r = xp_ranking_new (p);

  /* warn: the 4 five-star branches keep 5; the excess is only reported */
  assert_stars (r, "b02", 5);
  assert_stars (r, "b04", 5);
  g_assert_false (xp_branch_result_get_quota_adjusted (result (r, "b04")));
  q = xp_ranking_get_quotas (r, &n_q);
  g_assert_cmpuint (n_q, ==, 1);
  g_assert_cmpint (q[0].mode, ==, XP_QUOTA_WARN);
  g_assert_cmpuint (q[0].allowed, ==, 2);   /* floor(2.9) */
  g_assert_cmpuint (q[0].count, ==, 4);
  g_assert_true (q[0].exceeded);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 5), ==, 4);
}

static void
test_rule8_not_exceeded (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES
      "<quota level='5' max-percent='40'/>");
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  const XpQuotaResult *q;
  guint n_q = 0;

  quota_project (p);
  r = xp_ranking_new (p);
  /* allowed = floor(10 × 40 / 100) = 4 = count → nobody demoted */
  q = xp_ranking_get_quotas (r, &n_q);
  g_assert_cmpuint (q[0].allowed, ==, 4);
  g_assert_false (q[0].exceeded);
  assert_stars (r, "b04", 5);
}

static void
test_rule8_allowed_zero (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES
      "<quota level='5' max-percent='5'/>");
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  const XpQuotaResult *q;
  guint n_q = 0;

  quota_project (p);
  r = xp_ranking_new (p);
  /* allowed = floor(10 × 5 / 100) = floor(0.5) = 0: all four five-star
   * branches (b01–b04) drop to 4 */
  q = xp_ranking_get_quotas (r, &n_q);
  g_assert_cmpuint (q[0].allowed, ==, 0);
  g_assert_cmpuint (q[0].count, ==, 4);
  assert_stars (r, "b01", 4);
  assert_stars (r, "b04", 4);
  g_assert_true (xp_branch_result_get_quota_adjusted (result (r, "b01")));
  g_assert_cmpuint (xp_ranking_get_star_count (r, 5), ==, 0);
  g_assert_cmpuint (xp_ranking_get_star_count (r, 4), ==, 5);   /* + b05 */
}

/* ----------------------------------------------------------------- rule 9 */

static void
test_rule9_grades (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS VETOES LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(JsonNode) root = NULL;

  add_branch (p, "top", "standalone", NULL);
  add_branch (p, "ceil", "standalone", "G1");
  add_branch (p, "noraise", "standalone", "G1");
  add_branch (p, "two", "standalone", "G1 G2");
  add_branch (p, "two_rev", "standalone", "G2 G1");
  add_branch (p, "four", "standalone", NULL);
  add_branch (p, "low", "standalone", NULL);
  sheet (p, "top", "e1", "55", "40");       /* 95 → 5 */
  sheet (p, "ceil", "e1", "55", "40");      /* 95 → 5 */
  sheet (p, "noraise", "e1", "35", "40");   /* 75 → 3 */
  sheet (p, "two", "e1", "55", "40");
  sheet (p, "two_rev", "e1", "55", "40");
  sheet (p, "four", "e1", "45", "40");      /* 85 → 4 */
  sheet (p, "low", "e1", "25", "40");       /* 65 → 2 */
  r = xp_ranking_new (p);

  g_assert_cmpstr (grade_of (r, "top"), ==, "advanced");   /* 5 ≥ 5 */
  g_assert_cmpstr (grade_of (r, "four"), ==, "good");      /* 4 ≥ 4 */
  g_assert_cmpstr (grade_of (r, "low"), ==, "lagging");    /* 2 < 3 → min-stars 0 */
  /* 5 stars would be advanced; G1's good stands later → good */
  g_assert_cmpstr (grade_of (r, "ceil"), ==, "good");
  assert_stars (r, "ceil", 5);    /* a grade-only veto leaves stars alone */
  /* 3 stars → average; G1's good is earlier → never raises: average */
  g_assert_cmpstr (grade_of (r, "noraise"), ==, "average");
  /* G1 good + G2 average: the latest in <grades> (average) wins, in
   * whatever order the branch lists them */
  g_assert_cmpstr (grade_of (r, "two"), ==, "average");
  g_assert_cmpstr (grade_of (r, "two_rev"), ==, "average");

  root = ranking_json (r, NULL);
  g_assert_cmpstr (json_object_get_string_member (json_branch (root, "ceil"), "grade"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (json_branch (root, "ceil"), "grade_label"), ==, "较好");
  {
    JsonArray *v = json_object_get_array_member (json_branch (root, "two"), "vetoes");

    g_assert_cmpuint (json_array_get_length (v), ==, 2);
    g_assert_cmpstr (json_array_get_string_element (v, 0), ==, "G1");
  }
}

/* ---------------------------------------------------------------- rule 10 */

static void
test_rule10_competition (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autofree char *order = NULL;
  g_autoptr(JsonNode) root = NULL;

  /* added out of id order on purpose */
  add_branch (p, "z-inc", "joint", NULL);
  add_branch (p, "d", "standalone", NULL);
  add_branch (p, "c", "joint", NULL);
  add_branch (p, "b", "standalone", NULL);
  add_branch (p, "a", "joint", NULL);
  add_branch (p, "a-inc", "standalone", NULL);
  add_branch (p, "e", "joint", NULL);
  sheet (p, "a", "e1", "50", "40");   /* 90 */
  sheet (p, "c", "e1", "50", "35");   /* 85, same D1/D2 as b */
  sheet (p, "b", "e1", "50", "35");   /* 85 */
  sheet (p, "d", "e1", "50", "30");   /* 80 */
  sheet (p, "e", "e1", "40", "30");   /* 70 */
  score (p, "a-inc", "e1", "D1.1", "60");
  r = xp_ranking_new (p);

  /* 90, 85, 85, 80, 70 → ranks 1, 2, 2, 4, 5; the tie listed by id (b, c);
   * then the incomplete ones by id with rank 0 (null) */
  order = listing (r);
  g_assert_cmpstr (order, ==, "a b c d e a-inc z-inc");
  assert_rank (r, "a", 1);
  assert_rank (r, "b", 2);
  assert_rank (r, "c", 2);
  assert_rank (r, "d", 4);
  assert_rank (r, "e", 5);
  assert_rank (r, "a-inc", 0);
  /* category ranks: joint a 90 (1), c 85 (2), e 70 (3);
   * standalone b 85 (1), d 80 (2) */
  g_assert_cmpuint (xp_branch_result_get_category_rank (result (r, "a")), ==, 1);
  g_assert_cmpuint (xp_branch_result_get_category_rank (result (r, "c")), ==, 2);
  g_assert_cmpuint (xp_branch_result_get_category_rank (result (r, "e")), ==, 3);
  g_assert_cmpuint (xp_branch_result_get_category_rank (result (r, "b")), ==, 1);
  g_assert_cmpuint (xp_branch_result_get_category_rank (result (r, "d")), ==, 2);

  root = ranking_json (r, NULL);
  {
    JsonArray *branches = json_object_get_array_member (json_node_get_object (root), "branches");
    JsonObject *last = json_array_get_object_element (branches, 6);

    g_assert_cmpstr (json_object_get_string_member (last, "id"), ==, "z-inc");
    g_assert_true (json_object_get_null_member (last, "rank"));
    g_assert_cmpint (json_object_get_int_member (json_branch (root, "c"), "rank"), ==, 2);
    g_assert_cmpint (json_object_get_int_member (json_branch (root, "c"), "category_rank"), ==, 2);
  }
}

static void
test_rule10_tie_break (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES
      "<aggregation method='trimmed-mean' trim='1' tie-break='D2 D1'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2 e3", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autofree char *order = NULL;

  add_branch (p, "a", "standalone", NULL);
  add_branch (p, "b", "standalone", NULL);
  add_branch (p, "x", "standalone", NULL);
  add_branch (p, "y", "standalone", NULL);
  /* a: totals 85, 85, 85 → 85; D2 sums 30, 30, 30 → 30 */
  sheet (p, "a", "e1", "55", "30");
  sheet (p, "a", "e2", "55", "30");
  sheet (p, "a", "e3", "55", "30");
  /* b: totals 85, 85, 85 → 85; D2 sums 40, 25, 35 → trimmed on the sums
   * themselves: drop 40 and 25 → 35 > 30: b before a */
  sheet (p, "b", "e1", "45", "40");
  sheet (p, "b", "e2", "60", "25");
  sheet (p, "b", "e3", "50", "35");
  /* x and y: identical in every respect → same rank, listed by id */
  sheet (p, "y", "e1", "50", "30");
  sheet (p, "y", "e2", "50", "30");
  sheet (p, "y", "e3", "50", "30");
  sheet (p, "x", "e1", "50", "30");
  sheet (p, "x", "e2", "50", "30");
  sheet (p, "x", "e3", "50", "30");
  r = xp_ranking_new (p);

  order = listing (r);
  g_assert_cmpstr (order, ==, "b a x y");
  assert_dec (xp_branch_result_get_dimension_score (result (r, "b"), 1), "35");
  assert_dec (xp_branch_result_get_dimension_score (result (r, "b"), 0), "50");
  assert_rank (r, "b", 1);
  assert_rank (r, "a", 2);   /* tie-break decides: not 1, 1 */
  assert_rank (r, "x", 3);
  assert_rank (r, "y", 3);   /* exact tie: same rank */
}

/* ------------------------------------------------------------ ranked JSON */

static void
test_json_numbers_and_keys (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("",
      "<dimension id='D1'><label>d1</label>"
      "<item id='D1.1' max='60' step='0.01'><label>i</label></item></dimension>"
      "<dimension id='D2'><label>d2</label>"
      "<item id='D2.1' max='40' step='0.01'><label>i</label></item></dimension>"
      "<bonus cap='5'><item id='B1' max='3' step='0.05'><label>b</label></item></bonus>"
      LADDER GRADES
      "<aggregation method='mean' min-evaluators='1'/>"
      "<quota level='5' max-percent='10' mode='warn'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  JsonObject *o, *b;
  static const char *top_keys[] = { "format", "version", "title", "generated_at",
                                    "criteria", "digest", "method", "summary", "branches" };
  static const char *branch_keys[] = { "rank", "category_rank", "id", "name",
                                       "enterprise", "category", "complete", "score",
                                       "stars", "grade", "grade_label", "vetoes",
                                       "quota_adjusted", "evaluators", "bonus",
                                       "penalty", "dimensions" };

  xp_project_set_title (p, "标题");
  add_branch (p, "b1", "standalone", NULL);
  /* e1: 50.83 + 37 = 87.83; e2: 50.83 + 37 = 87.83 → 87.83 (0.83 is not
   * a binary fraction: written as 87.83, never 87.829999…) */
  sheet (p, "b1", "e1", "50.83", "37");
  sheet (p, "b1", "e2", "50.83", "37");
  score (p, "b1", "e1", "B1", "0.1");
  score (p, "b1", "e2", "B1", "0.2");
  r = xp_ranking_new (p);
  /* 87.83 + mean bonus (0.1 + 0.2) / 2 = 0.15 → 87.98 */
  assert_score (r, "b1", "87.98");

  root = ranking_json (r, &text);
  g_assert_null (strstr (text, "87.979"));
  g_assert_null (strstr (text, "9999"));
  g_assert_nonnull (strstr (text, "87.98"));
  g_assert_nonnull (strstr (text, "50.83"));
  g_assert_nonnull (strstr (text, "0.15"));

  o = json_node_get_object (root);
  for (guint i = 0; i < G_N_ELEMENTS (top_keys); i++)
    g_assert_true (json_object_has_member (o, top_keys[i]));
  g_assert_cmpstr (json_object_get_string_member (o, "format"), ==, "xingping-ranking");
  g_assert_cmpint (json_object_get_int_member (o, "version"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (o, "title"), ==, "标题");
  g_assert_cmpstr (json_object_get_string_member (o, "generated_at"), ==, "2026-11-24T08:00:00Z");
  {
    JsonObject *crit = json_object_get_object_member (o, "criteria");
    JsonObject *method = json_object_get_object_member (o, "method");

    g_assert_cmpstr (json_object_get_string_member (crit, "id"), ==, "t");
    g_assert_cmpstr (json_object_get_string_member (crit, "version"), ==, "1");
    g_assert_cmpstr (json_object_get_string_member (crit, "sha256"), ==, xp_criteria_get_sha256 (c));
    g_assert_cmpstr (json_object_get_string_member (method, "aggregation"), ==, "mean");
    g_assert_cmpint (json_object_get_int_member (method, "trim"), ==, 1);
    g_assert_cmpint (json_object_get_int_member (method, "min_evaluators"), ==, 1);
    g_assert_cmpfloat (json_object_get_double_member (method, "self_weight"), ==, 0);
  }
  {
    g_autofree char *digest = xp_project_compute_digest (p);
    g_autoptr(GList) members = json_object_get_members (o);

    g_assert_cmpstr (json_object_get_string_member (o, "digest"), ==, digest);
    g_assert_cmpuint (strlen (digest), ==, 64);
    /* "digest" comes right after "criteria". */
    for (GList *l = members; l; l = l->next)
      if (g_strcmp0 (l->data, "criteria") == 0)
        {
          g_assert_nonnull (l->next);
          g_assert_cmpstr (l->next->data, ==, "digest");
        }
  }

  b = json_branch (root, "b1");
  for (guint i = 0; i < G_N_ELEMENTS (branch_keys); i++)
    g_assert_true (json_object_has_member (b, branch_keys[i]));
  g_assert_cmpfloat (json_object_get_double_member (b, "score"), ==, 87.98);
  g_assert_cmpfloat (json_object_get_double_member (b, "bonus"), ==, 0.15);
  g_assert_cmpfloat (json_object_get_double_member (b, "penalty"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (b, "stars"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (b, "grade"), ==, "good");
  g_assert_cmpstr (json_object_get_string_member (b, "enterprise"), ==, "企业");
  g_assert_cmpstr (json_object_get_string_member (b, "category"), ==, "standalone");
  g_assert_cmpint (json_object_get_int_member (b, "evaluators"), ==, 2);
  {
    JsonArray *dims = json_object_get_array_member (b, "dimensions");
    JsonObject *d1 = json_array_get_object_element (dims, 0);

    g_assert_cmpuint (json_array_get_length (dims), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (d1, "id"), ==, "D1");
    g_assert_cmpfloat (json_object_get_double_member (d1, "score"), ==, 50.83);
    g_assert_cmpfloat (json_object_get_double_member (d1, "max"), ==, 60);
  }
}

static void
count_cb (guint *n)
{
  (*n)++;
}

/* A score change re-ranks. */
static void
test_live_update (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS LADDER GRADES);
  g_autoptr(XpProject) p = project_new (c, "e1", FALSE);
  g_autoptr(XpRanking) r = NULL;

  add_branch (p, "a", "standalone", NULL);
  add_branch (p, "b", "standalone", NULL);
  sheet (p, "a", "e1", "50", "40");   /* 90 */
  sheet (p, "b", "e1", "50", "30");   /* 80 */
  r = xp_ranking_new (p);
  assert_rank (r, "b", 2);
  score (p, "b", "e1", "D1.1", "60"); /* b: 60 + 30 = 90, ties with a */
  assert_score (r, "b", "90");
  assert_rank (r, "a", 1);
  assert_rank (r, "b", 1);
  score (p, "b", "e1", "D2.1", "40"); /* b: 100 */
  assert_score (r, "b", "100");
  assert_rank (r, "b", 1);
  assert_rank (r, "a", 2);
  g_assert_true (xp_project_set_score (p, "b", "e1", "D2.1", XP_DEC_NONE, NULL));
  g_assert_false (xp_branch_result_is_complete (result (r, "b")));
  assert_rank (r, "a", 1);

  /* one score change: one ::items-changed */
  {
    guint n_changed = 0;
    gulong id = g_signal_connect_swapped (r, "items-changed", G_CALLBACK (count_cb), &n_changed);

    score (p, "b", "e1", "D2.1", "10");   /* b: 70 */
    g_assert_cmpuint (n_changed, ==, 1);
    assert_score (r, "b", "70");
    assert_rank (r, "b", 2);
    g_signal_handler_disconnect (r, id);
  }

  /* a branch added or removed later is ranked */
  add_branch (p, "c", "standalone", NULL);
  sheet (p, "c", "e1", "60", "40");   /* 100 */
  assert_rank (r, "c", 1);
  assert_rank (r, "a", 2);
  g_assert_true (xp_project_remove_branch (p, "c"));
  g_assert_null (xp_ranking_lookup (r, "c"));
  assert_rank (r, "a", 1);
}

/* A view's copy of the ranking, kept only from ::items-changed, with
 * what each row showed when it was (re)bound. */
typedef struct {
  XpBranchResult *result;
  guint           rank;
  guint           category_rank;
  int             stars;
  XpGrade        *grade;
  gboolean        quota_adjusted;
} Row;

typedef struct {
  GArray *rows;
  guint   n_emissions;
  guint   last_added;
} Mirror;

static void
mirror_changed_cb (GListModel *model,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  mirror->n_emissions++;
  mirror->last_added = added;
  g_array_remove_range (mirror->rows, position, removed);
  for (guint i = 0; i < added; i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (model, position + i);
      Row row = { r, xp_branch_result_get_rank (r), xp_branch_result_get_category_rank (r),
                  xp_branch_result_get_stars (r), xp_branch_result_get_grade (r),
                  xp_branch_result_get_quota_adjusted (r) };

      g_array_insert_val (mirror->rows, position + i, row);
    }
}

/* Every row the mirror was told about is the model's row, still showing
 * the values it was bound with. */
static void
assert_mirror (XpRanking *ranking,
               Mirror    *mirror)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ranking));

  g_assert_cmpuint (mirror->rows->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), i);
      Row *row = &g_array_index (mirror->rows, Row, i);

      g_assert_true (row->result == r);
      g_assert_cmpuint (row->rank, ==, xp_branch_result_get_rank (r));
      g_assert_cmpuint (row->category_rank, ==, xp_branch_result_get_category_rank (r));
      g_assert_cmpint (row->stars, ==, xp_branch_result_get_stars (r));
      g_assert_true (row->grade == xp_branch_result_get_grade (r));
      g_assert_cmpint (row->quota_adjusted, ==, xp_branch_result_get_quota_adjusted (r));
    }
}

/* An edit reports only the rows it changed, and a view that follows the
 * reports never shows a stale rank, star, grade or quota mark: random
 * edits on 60 branches in two categories, with vetoes and an enforced
 * quota that moves the 5-star boundary as branches complete. */
static void
test_live_update_span (void)
{
  g_autoptr(XpCriteria) c = criteria_new ("", SIMPLE_DIMS VETOES LADDER GRADES
      "<quota level='5' max-percent='10' mode='enforce'/>");
  g_autoptr(XpProject) p = project_new (c, "e1 e2", FALSE);
  g_autoptr(XpRanking) r = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261124);
  Mirror mirror = { g_array_new (FALSE, FALSE, sizeof (Row)), 0, 0 };
  gulong id;

  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *bid = g_strdup_printf ("b%02u", i);

      add_branch (p, bid, i % 3 ? "standalone" : "joint", i % 11 == 0 ? "V1" : i % 13 == 0 ? "G1" : NULL);
      if (i % 7 != 0)   /* some start incomplete */
        {
          g_autofree char *d1 = g_strdup_printf ("%u", 20 + (i * 17) % 41);
          g_autofree char *d2 = g_strdup_printf ("%u", 10 + (i * 7) % 31);

          sheet (p, bid, "e1", d1, d2);
          sheet (p, bid, "e2", d2, d2);
        }
    }
  r = xp_ranking_new (p);
  mirror_changed_cb (G_LIST_MODEL (r), 0, 0, g_list_model_get_n_items (G_LIST_MODEL (r)), &mirror);
  id = g_signal_connect (r, "items-changed", G_CALLBACK (mirror_changed_cb), &mirror);

  for (guint k = 0; k < 400; k++)
    {
      g_autofree char *bid = g_strdup_printf ("b%02d", g_rand_int_range (rand, 0, 60));
      const char *evaluator = g_rand_boolean (rand) ? "e1" : "e2";
      const char *item = g_rand_boolean (rand) ? "D1.1" : "D2.1";
      int max = strcmp (item, "D1.1") == 0 ? 60 : 40;
      XpDec value = g_rand_int_range (rand, 0, 20) == 0 ? XP_DEC_NONE
                    : XP_DEC (g_rand_int_range (rand, 0, max + 1));

      g_assert_true (xp_project_set_score (p, bid, evaluator, item, value, NULL));
      assert_mirror (r, &mirror);
      /* the branch moved to where a ranking made from scratch puts it */
      {
        g_autoptr(XpRanking) fresh = xp_ranking_new (p);

        for (guint i = 0; i < 60; i++)
          {
            g_autoptr(XpBranchResult) a = g_list_model_get_item (G_LIST_MODEL (r), i);
            g_autoptr(XpBranchResult) b = g_list_model_get_item (G_LIST_MODEL (fresh), i);

            g_assert_cmpstr (xp_branch_get_id (xp_branch_result_get_branch (a)), ==,
                             xp_branch_get_id (xp_branch_result_get_branch (b)));
            g_assert_cmpuint (xp_branch_result_get_rank (a), ==, xp_branch_result_get_rank (b));
            g_assert_cmpint (xp_branch_result_get_stars (a), ==, xp_branch_result_get_stars (b));
            g_assert_true (xp_branch_result_get_grade (a) == xp_branch_result_get_grade (b));
          }
      }
    }

  /* One branch moving from last of the complete ones to first: the rows
   * from its new place to its old one, no more. */
  {
    g_autoptr(XpCriteria) c2 = criteria_new ("", SIMPLE_DIMS LADDER GRADES);
    g_autoptr(XpProject) p2 = project_new (c2, "e1", FALSE);
    g_autoptr(XpRanking) r2 = NULL;
    Mirror m2 = { g_array_new (FALSE, FALSE, sizeof (Row)), 0, 0 };

    for (guint i = 0; i < 20; i++)
      {
        g_autofree char *bid = g_strdup_printf ("c%02u", i);
        g_autofree char *d1 = g_strdup_printf ("%u", 59 - i * 2);   /* 99, 97, ... distinct */

        add_branch (p2, bid, "standalone", NULL);
        sheet (p2, bid, "e1", d1, "40");
      }
    r2 = xp_ranking_new (p2);
    mirror_changed_cb (G_LIST_MODEL (r2), 0, 0, 20, &m2);
    g_signal_connect (r2, "items-changed", G_CALLBACK (mirror_changed_cb), &m2);
    m2.n_emissions = 0;

    score (p2, "c10", "e1", "D1.1", "60");   /* 100: from place 11 to place 1 */
    g_assert_cmpuint (m2.n_emissions, ==, 1);
    g_assert_cmpuint (m2.last_added, ==, 11);
    assert_mirror (r2, &m2);
    score (p2, "c19", "e1", "D2.1", "39");   /* 60 - 1: stays last */
    g_assert_cmpuint (m2.n_emissions, ==, 2);
    g_assert_cmpuint (m2.last_added, ==, 1);
    assert_mirror (r2, &m2);
    /* c04 (91) drops to 89, tying with c05 (89) behind it: c04 keeps
     * its place, and c05, unmoved, now shares its rank. */
    score (p2, "c04", "e1", "D1.1", "49");
    g_assert_cmpuint (xp_branch_result_get_rank (result (r2, "c05")), ==,
                      xp_branch_result_get_rank (result (r2, "c04")));
    assert_mirror (r2, &m2);
    g_signal_handlers_disconnect_by_data (r2, &m2);
    g_array_unref (m2.rows);
  }

  /* A branch completing at the bottom raises the 5-star quota from 1 to
   * 2 (25 % of 7, then of 8): the second branch, at the top, gets its
   * fifth star back. */
  {
    static const char *rows[][2] = {
      { "q1", "59" }, { "q2", "58" }, { "q3", "57" }, { "q4", "56" },
      { "l1", "40" }, { "l2", "39" }, { "l3", "38" },
    };
    g_autoptr(XpCriteria) c3 = criteria_new ("", SIMPLE_DIMS LADDER GRADES
        "<quota level='5' max-percent='25' mode='enforce'/>");
    g_autoptr(XpProject) p3 = project_new (c3, "e1", FALSE);
    g_autoptr(XpRanking) r3 = NULL;
    Mirror m3 = { g_array_new (FALSE, FALSE, sizeof (Row)), 0, 0 };

    for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
      {
        add_branch (p3, rows[i][0], "standalone", NULL);
        sheet (p3, rows[i][0], "e1", rows[i][1], "40");
      }
    add_branch (p3, "z", "standalone", NULL);
    score (p3, "z", "e1", "D1.1", "10");
    r3 = xp_ranking_new (p3);
    mirror_changed_cb (G_LIST_MODEL (r3), 0, 0, 8, &m3);
    g_signal_connect (r3, "items-changed", G_CALLBACK (mirror_changed_cb), &m3);
    assert_stars (r3, "q2", 4);
    score (p3, "z", "e1", "D2.1", "40");   /* 50: complete, still last */
    assert_stars (r3, "q2", 5);
    assert_mirror (r3, &m3);
    g_signal_handlers_disconnect_by_data (r3, &m3);
    g_array_unref (m3.rows);
  }

  g_signal_handler_disconnect (r, id);
  g_array_unref (mirror.rows);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rules/1/sheet-total", test_rule1_sheet_total);
  g_test_add_func ("/rules/2/group", test_rule2_group);
  g_test_add_func ("/rules/3/mean", test_rule3_mean);
  g_test_add_func ("/rules/3/median", test_rule3_median);
  g_test_add_func ("/rules/3/trimmed-mean", test_rule3_trimmed);
  g_test_add_func ("/rules/4/self-weight", test_rule4_self_weight);
  g_test_add_func ("/rules/4/self-weight-parts", test_rule4_self_weight_parts);
  g_test_add_func ("/rules/5/rounding", test_rule5_rounding_real);
  g_test_add_func ("/rules/6/stars", test_rule6_stars);
  g_test_add_func ("/rules/7/vetoes", test_rule7_vetoes);
  g_test_add_func ("/rules/8/enforce", test_rule8_enforce);
  g_test_add_func ("/rules/8/warn", test_rule8_warn);
  g_test_add_func ("/rules/8/not-exceeded", test_rule8_not_exceeded);
  g_test_add_func ("/rules/8/allowed-zero", test_rule8_allowed_zero);
  g_test_add_func ("/rules/9/grades", test_rule9_grades);
  g_test_add_func ("/rules/10/competition", test_rule10_competition);
  g_test_add_func ("/rules/10/tie-break", test_rule10_tie_break);
  g_test_add_func ("/rules/json", test_json_numbers_and_keys);
  g_test_add_func ("/rules/live-update", test_live_update);
  g_test_add_func ("/rules/live-update-span", test_live_update_span);

  return g_test_run ();
}
