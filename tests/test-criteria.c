/* test-criteria.c — loading criteria schemes, and refusing bad ones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The default scheme's numbers asserted below are read off
 * data/criteria/default.xml; the invalid fixtures and the line of their
 * defect come from tests/data/criteria/EXPECTED.txt.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "xp-criteria-private.h"
#include "xp-decimal.h"

/* ---------------------------------------------------------------- helpers */

static char *
default_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "criteria", "default.xml", NULL);
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "criteria", name, NULL);
}

static XpCriteria *
load_default (void)
{
  g_autofree char *path = default_path ();
  g_autoptr(GError) error = NULL;
  XpCriteria *criteria = xp_criteria_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (criteria);

  return criteria;
}

static char *
read_fixture (const char *name)
{
  g_autofree char *path = fixture_path (name);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);

  return contents;
}

static XpCriteria *
load_string (const char  *xml,
             const char  *name,
             GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (xml, strlen (xml));

  return xp_criteria_new_from_bytes (bytes, name, error);
}

/* The 1-based line where @needle starts in @text. */
static int
line_of (const char *text,
         const char *needle)
{
  const char *at = strstr (text, needle);
  int line = 1;

  g_assert_nonnull (at);
  for (const char *p = text; p < at; p++)
    line += (*p == '\n');

  return line;
}

/* minimal.xml with @from replaced by @to (once, and it must be there). */
static char *
minimal_with (const char *from,
              const char *to)
{
  g_autofree char *xml = read_fixture ("minimal.xml");
  GString *s = g_string_new (xml);

  g_assert_nonnull (strstr (xml, from));
  g_assert_cmpuint (g_string_replace (s, from, to, 1), ==, 1);

  return g_string_free (s, FALSE);
}

static void
assert_error (const GError *error,
              XpErrorCode   code,
              const char   *name,
              int           line,
              const char   *word)
{
  g_autofree char *prefix = g_strdup_printf ("%s:%d: ", name, line);

  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_error (error, XP_ERROR, (int) code);
  g_assert_true (g_str_has_prefix (error->message, prefix));
  /* "what is wrong — what to do" */
  g_assert_nonnull (strstr (error->message, " — "));
  if (word != NULL)
    g_assert_nonnull (strstr (error->message, word));
}

/* Edits minimal.xml and expects it refused at the line where @at (or
 * the replacement text) starts. */
static void
assert_rejects_edit_at (const char *from,
                        const char *to,
                        const char *at,
                        XpErrorCode code,
                        const char *word)
{
  g_autofree char *xml = minimal_with (from, to);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "edited.xml", &error);

  g_assert_null (criteria);
  assert_error (error, code, "edited.xml", line_of (xml, at != NULL ? at : to), word);
}

static void
assert_rejects_minimal_edit (const char *from,
                             const char *to,
                             XpErrorCode code,
                             const char *word)
{
  assert_rejects_edit_at (from, to, NULL, code, word);
}

static XpDec
dec (const char *text)
{
  XpDec value = XP_DEC_NONE;

  g_assert_true (xp_dec_parse (text, -1, &value));
  return value;
}

/* ------------------------------------------------------------- loading */

static void
test_load_default (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  GListModel *dimensions = xp_criteria_get_dimensions (criteria);
  g_autoptr(XpDimension) d1 = g_list_model_get_item (dimensions, 0);
  g_autoptr(XpDimension) d6 = g_list_model_get_item (dimensions, 5);
  XpItem *item;

  g_assert_cmpstr (xp_criteria_get_id (criteria), ==, "park-default");
  g_assert_cmpstr (xp_criteria_get_version (criteria), ==, "2026.1");
  g_assert_cmpint (xp_criteria_get_scale (criteria), ==, XP_DEC (100));
  g_assert_cmpuint (xp_criteria_get_precision (criteria), ==, 2);

  /* Six dimensions D1…D6, in file order. */
  g_assert_cmpuint (g_list_model_get_n_items (dimensions), ==, 6);
  g_assert_cmpstr (xp_dimension_get_id (d1), ==, "D1");
  g_assert_cmpuint (xp_dimension_get_index (d1), ==, 0);
  g_assert_cmpstr (xp_dimension_get_id (d6), ==, "D6");
  g_assert_cmpuint (xp_dimension_get_index (d6), ==, 5);
  g_assert_cmpuint (g_list_model_get_n_items (xp_dimension_get_items (d1)), ==, 6);

  /* Three categories. */
  g_assert_cmpuint (g_list_model_get_n_items (xp_criteria_get_categories (criteria)), ==, 3);

  /* 26 dimension items (6 + 4 + 4 + 3 + 5 + 4), 4 bonus and 4 penalty
   * items, in that order. */
  g_assert_cmpuint (xp_criteria_get_n_items (criteria), ==, 26 + 4 + 4);
  g_assert_cmpuint (xp_criteria_get_bonus_items (criteria)->len, ==, 4);
  g_assert_cmpuint (xp_criteria_get_penalty_items (criteria)->len, ==, 4);

  item = xp_criteria_get_item (criteria, 0);
  g_assert_cmpstr (xp_item_get_id (item), ==, "D1.1");
  g_assert_cmpint (xp_item_get_max (item), ==, XP_DEC (4));
  g_assert_cmpint (xp_item_get_step (item), ==, dec ("0.5"));
  g_assert_cmpuint (xp_item_get_n_deductions (item), ==, 3);
  g_assert_cmpint (xp_item_get_deduction (item, 0)->points, ==, XP_DEC (2));
  g_assert_cmpint (xp_item_get_deduction (item, 1)->points, ==, XP_DEC (3));
  g_assert_true (xp_item_get_dimension (item) == d1);
  g_assert_null (xp_item_get_categories (item));

  item = xp_criteria_lookup_item (criteria, "D4.1");
  g_assert_cmpint (xp_item_get_max (item), ==, XP_DEC (4));
  g_assert_cmpint (xp_item_get_step (item), ==, XP_DEC (1));

  item = xp_criteria_lookup_item (criteria, "D1.4");
  g_assert_cmpint (xp_item_get_max (item), ==, XP_DEC (3));
  g_assert_cmpstrv (xp_item_get_categories (item), ((const char *[]) { "standalone", NULL }));

  item = xp_criteria_lookup_item (criteria, "D5.2");
  g_assert_cmpint (xp_item_get_max (item), ==, XP_DEC (6));

  /* Every item's index is its position; bonus follows the dimensions. */
  for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
    g_assert_cmpuint (xp_item_get_index (xp_criteria_get_item (criteria, i)), ==, i);
  item = xp_criteria_get_item (criteria, 26);
  g_assert_cmpstr (xp_item_get_id (item), ==, "B1");
  g_assert_cmpint (xp_item_get_kind (item), ==, XP_ITEM_BONUS);
  g_assert_null (xp_item_get_dimension (item));
  item = xp_criteria_get_item (criteria, 33);
  g_assert_cmpstr (xp_item_get_id (item), ==, "P4");
  g_assert_cmpint (xp_item_get_kind (item), ==, XP_ITEM_PENALTY);
  g_assert_cmpint (xp_criteria_get_bonus_cap (criteria), ==, XP_DEC (10));
  g_assert_cmpint (xp_criteria_get_penalty_cap (criteria), ==, XP_DEC (10));

  g_assert_cmpint (xp_criteria_get_aggregation (criteria), ==, XP_AGGREGATION_MEAN);
  g_assert_cmpuint (xp_criteria_get_min_evaluators (criteria), ==, 1);
  g_assert_cmpint (xp_criteria_get_self_weight (criteria), ==, 0);
  g_assert_cmpuint (xp_criteria_get_tie_break (criteria)->len, ==, 2);
  g_assert_cmpstr (xp_dimension_get_id (g_ptr_array_index (xp_criteria_get_tie_break (criteria), 0)), ==, "D5");
  g_assert_cmpstr (xp_dimension_get_id (g_ptr_array_index (xp_criteria_get_tie_break (criteria), 1)), ==, "D6");
}

static void
test_load_ladder (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  const int levels[] = { 5, 4, 3, 2, 1 };
  const int mins[] = { 90, 80, 70, 60, 0 };
  const char *grade_ids[] = { "advanced", "good", "average", "lagging" };
  const int min_stars[] = { 5, 4, 2, 0 };
  GListModel *grades = xp_criteria_get_grades (criteria);
  const XpStar *stars;
  const XpQuota *quotas;
  guint n;
  XpVeto *veto;

  /* The 90/80/70/60 ladder, highest level first. */
  stars = xp_criteria_get_stars (criteria, &n);
  g_assert_cmpuint (n, ==, 5);
  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpint (stars[i].level, ==, levels[i]);
      g_assert_cmpint (stars[i].min, ==, XP_DEC (mins[i]));
    }

  /* 先进 / 较好 / 一般 / 后进 in file order. */
  g_assert_cmpuint (g_list_model_get_n_items (grades), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(XpGrade) grade = g_list_model_get_item (grades, i);

      g_assert_cmpstr (xp_grade_get_id (grade), ==, grade_ids[i]);
      g_assert_cmpint (xp_grade_get_min_stars (grade), ==, min_stars[i]);
      g_assert_cmpuint (xp_grade_get_index (grade), ==, i);
    }

  /* A veto (一票否决) sets no star and the grade 后进; a cap (限星) only
   * limits the stars. */
  veto = xp_criteria_lookup_veto (criteria, "V1");
  g_assert_cmpint (xp_veto_get_stars_max (veto), ==, 0);
  g_assert_true (xp_veto_get_grade (veto) == xp_criteria_lookup_grade (criteria, "lagging"));
  veto = xp_criteria_lookup_veto (criteria, "C1");
  g_assert_cmpint (xp_veto_get_stars_max (veto), ==, 2);
  g_assert_null (xp_veto_get_grade (veto));
  g_assert_cmpuint (g_list_model_get_n_items (xp_criteria_get_vetoes (criteria)), ==, 10);

  /* A warn-mode quota of 10 % on 五星. */
  quotas = xp_criteria_get_quotas (criteria, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpint (quotas[0].level, ==, 5);
  g_assert_cmpint (quotas[0].max_percent, ==, XP_DEC (10));
  g_assert_cmpint (quotas[0].mode, ==, XP_QUOTA_WARN);
}

static void
test_load_defaults (void)
{
  g_autofree char *path = fixture_path ("minimal.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (path, &error);
  const XpDeduction *deduction;
  XpItem *item;
  guint n;

  g_assert_no_error (error);

  /* minimal.xml leaves out everything that has a default. */
  g_assert_cmpint (xp_criteria_get_scale (criteria), ==, XP_DEC (100));
  g_assert_cmpuint (xp_criteria_get_precision (criteria), ==, 2);
  g_assert_cmpint (xp_criteria_get_aggregation (criteria), ==, XP_AGGREGATION_MEAN);
  g_assert_cmpuint (xp_criteria_get_trim (criteria), ==, 1);
  g_assert_cmpuint (xp_criteria_get_min_evaluators (criteria), ==, 1);
  g_assert_cmpint (xp_criteria_get_self_weight (criteria), ==, 0);
  g_assert_cmpuint (xp_criteria_get_tie_break (criteria)->len, ==, 0);
  g_assert_cmpint (xp_criteria_get_bonus_cap (criteria), ==, XP_DEC_NONE);
  g_assert_cmpint (xp_criteria_get_penalty_cap (criteria), ==, XP_DEC_NONE);
  g_assert_cmpuint (xp_criteria_get_bonus_items (criteria)->len, ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (xp_criteria_get_vetoes (criteria)), ==, 0);
  xp_criteria_get_quotas (criteria, &n);
  g_assert_cmpuint (n, ==, 0);

  item = xp_criteria_lookup_item (criteria, "D1.1");
  g_assert_cmpint (xp_item_get_step (item), ==, dec ("0.5"));
  g_assert_cmpuint (xp_item_get_n_deductions (item), ==, 2);
  deduction = xp_item_get_deduction (item, 0);
  g_assert_cmpint (deduction->points, ==, XP_DEC (4));
  g_assert_false (deduction->per_each);
  g_assert_cmpstr (xp_text_get (deduction->label, NULL), ==, "未配备党组织书记");
  g_assert_cmpstr (xp_text_get (deduction->label, "en"), ==, "No secretary");
  deduction = xp_item_get_deduction (item, 1);
  g_assert_true (deduction->per_each);
  g_assert_cmpstr (xp_text_get (deduction->label, NULL), ==, "每少一次书记年度培训");

  item = xp_criteria_lookup_item (criteria, "D1.2");
  g_assert_cmpint (xp_item_get_step (item), ==, XP_DEC (1));
}

static void
test_load_sha256 (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  g_autofree char *path = default_path ();
  g_autofree char *contents = NULL;
  g_autofree char *expected = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, NULL));
  expected = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);

  /* The digest of the exact bytes, which travel with the project. */
  g_assert_cmpstr (xp_criteria_get_sha256 (criteria), ==, expected);
  g_assert_cmpuint (strlen (expected), ==, 64);
  g_assert_cmpuint (g_bytes_get_size (xp_criteria_get_xml (criteria)), ==, length);
  g_assert_cmpmem (g_bytes_get_data (xp_criteria_get_xml (criteria), NULL), length, contents, length);
}

static void
test_category_max (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  g_autoptr(XpDimension) d1 = g_list_model_get_item (xp_criteria_get_dimensions (criteria), 0);

  /* Every category is scored out of 100: the shared items plus one
   * category-only item of 3 points in D1 each. */
  g_assert_cmpint (xp_criteria_get_category_max (criteria, "standalone"), ==, XP_DEC (100));
  g_assert_cmpint (xp_criteria_get_category_max (criteria, "joint"), ==, XP_DEC (100));
  g_assert_cmpint (xp_criteria_get_category_max (criteria, "affiliated"), ==, XP_DEC (100));

  /* D1: 4 + 5 + 3 shared, + 3 for the category's own item. */
  g_assert_cmpint (xp_dimension_get_max (d1, "standalone"), ==, XP_DEC (15));
  g_assert_cmpint (xp_dimension_get_max (d1, "joint"), ==, XP_DEC (15));

  g_assert_true (xp_item_applies_to (xp_criteria_lookup_item (criteria, "D1.4"), "standalone"));
  g_assert_false (xp_item_applies_to (xp_criteria_lookup_item (criteria, "D1.4"), "joint"));
  g_assert_false (xp_item_applies_to (xp_criteria_lookup_item (criteria, "D1.5"), "standalone"));
  g_assert_true (xp_item_applies_to (xp_criteria_lookup_item (criteria, "D1.1"), "affiliated"));
  /* Bonus items apply everywhere. */
  g_assert_true (xp_item_applies_to (xp_criteria_lookup_item (criteria, "B1"), "joint"));
}

static void
test_lookup (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();

  g_assert_cmpstr (xp_item_get_id (xp_criteria_lookup_item (criteria, "D2.3")), ==, "D2.3");
  g_assert_cmpstr (xp_category_get_id (xp_criteria_lookup_category (criteria, "joint")), ==, "joint");
  g_assert_cmpstr (xp_dimension_get_id (xp_criteria_lookup_dimension (criteria, "D3")), ==, "D3");
  g_assert_cmpstr (xp_veto_get_id (xp_criteria_lookup_veto (criteria, "V2")), ==, "V2");
  g_assert_cmpstr (xp_grade_get_id (xp_criteria_lookup_grade (criteria, "good")), ==, "good");

  /* An id of another kind is not found. */
  g_assert_null (xp_criteria_lookup_item (criteria, "D1"));
  g_assert_null (xp_criteria_lookup_dimension (criteria, "D1.1"));
  g_assert_null (xp_criteria_lookup_grade (criteria, "V1"));
  g_assert_null (xp_criteria_lookup_category (criteria, "advanced"));
  g_assert_null (xp_criteria_lookup_veto (criteria, "lagging"));
  /* Nor an unknown one. */
  g_assert_null (xp_criteria_lookup_item (criteria, "D9.9"));
  g_assert_null (xp_criteria_lookup_item (criteria, NULL));
}

static void
test_item_accepts (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  XpItem *half = xp_criteria_lookup_item (criteria, "D1.2");  /* max 5, step 0.5 */
  XpItem *whole = xp_criteria_lookup_item (criteria, "D4.1"); /* max 4, step 1 */

  g_assert_true (xp_item_accepts (half, 0));
  g_assert_true (xp_item_accepts (half, dec ("4.5")));
  g_assert_true (xp_item_accepts (half, XP_DEC (5)));
  g_assert_false (xp_item_accepts (half, dec ("4.25")));   /* off the step */
  g_assert_false (xp_item_accepts (half, dec ("5.5")));    /* over max */
  g_assert_false (xp_item_accepts (half, dec ("-0.5")));   /* negative */
  g_assert_false (xp_item_accepts (half, XP_DEC_NONE));

  g_assert_true (xp_item_accepts (whole, XP_DEC (3)));
  g_assert_false (xp_item_accepts (whole, dec ("3.5")));
  g_assert_false (xp_item_accepts (whole, XP_DEC (5)));
}

static void
test_aggregation_to_string (void)
{
  g_assert_cmpstr (xp_aggregation_to_string (XP_AGGREGATION_MEAN), ==, "mean");
  g_assert_cmpstr (xp_aggregation_to_string (XP_AGGREGATION_MEDIAN), ==, "median");
  g_assert_cmpstr (xp_aggregation_to_string (XP_AGGREGATION_TRIMMED_MEAN), ==, "trimmed-mean");
}

static void
test_load_aggregation (void)
{
  g_autofree char *xml = minimal_with ("</grades>",
                                       "</grades>\n"
                                       "  <aggregation method=\"trimmed-mean\" trim=\"2\" min-evaluators=\"3\"\n"
                                       "               self-weight=\"0.3\" tie-break=\"D1\"/>\n"
                                       "  <quota level=\"5\" max-percent=\"20\"/>\n"
                                       "  <quota level=\"4\" max-percent=\"40.5\" mode=\"warn\"/>");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "aggregation.xml", &error);
  const XpQuota *quotas;
  guint n;

  g_assert_no_error (error);
  g_assert_cmpint (xp_criteria_get_aggregation (criteria), ==, XP_AGGREGATION_TRIMMED_MEAN);
  g_assert_cmpuint (xp_criteria_get_trim (criteria), ==, 2);
  g_assert_cmpuint (xp_criteria_get_min_evaluators (criteria), ==, 3);
  g_assert_cmpint (xp_criteria_get_self_weight (criteria), ==, dec ("0.3"));
  g_assert_cmpuint (xp_criteria_get_tie_break (criteria)->len, ==, 1);

  /* Quotas in file order; mode defaults to enforce. */
  quotas = xp_criteria_get_quotas (criteria, &n);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpint (quotas[0].level, ==, 5);
  g_assert_cmpint (quotas[0].mode, ==, XP_QUOTA_ENFORCE);
  g_assert_cmpint (quotas[1].level, ==, 4);
  g_assert_cmpint (quotas[1].max_percent, ==, dec ("40.5"));
  g_assert_cmpint (quotas[1].mode, ==, XP_QUOTA_WARN);
}

/* ---------------------------------------------------------------- text */

static void
test_text_lookup (void)
{
  g_autoptr(XpText) text = xp_text_new ();

  g_assert_true (xp_text_is_empty (text));
  g_assert_null (xp_text_get (text, NULL));

  xp_text_set (text, "en", "Leadership");
  /* Only one language: whatever is asked, that one. */
  g_assert_cmpstr (xp_text_get (text, NULL), ==, "Leadership");
  g_assert_cmpstr (xp_text_get (text, "fr"), ==, "Leadership");

  xp_text_set (text, NULL, "班子建设");
  xp_text_set (text, "zh-TW", "班子建設");
  g_assert_false (xp_text_is_empty (text));
  g_assert_cmpstr (xp_text_get (text, NULL), ==, "班子建设");
  g_assert_cmpstr (xp_text_get (text, "en"), ==, "Leadership");
  g_assert_cmpstr (xp_text_get (text, "en_GB"), ==, "Leadership");      /* without territory */
  g_assert_cmpstr (xp_text_get (text, "en_US.UTF-8"), ==, "Leadership");
  g_assert_cmpstr (xp_text_get (text, "zh_TW"), ==, "班子建設");       /* "_" and "-" alike */
  g_assert_cmpstr (xp_text_get (text, "de"), ==, "班子建设");           /* the default */

  /* Setting a language again replaces it. */
  xp_text_set (text, "en", "Leadership team");
  g_assert_cmpstr (xp_text_get (text, "en"), ==, "Leadership team");
  xp_text_set (text, "", "班子");
  g_assert_cmpstr (xp_text_get (text, NULL), ==, "班子");
}

static void
test_labels_by_language (void)
{
  g_autoptr(XpCriteria) criteria = load_default ();
  g_autoptr(XpDimension) d1 = g_list_model_get_item (xp_criteria_get_dimensions (criteria), 0);
  const XpText *label = xp_dimension_get_label (d1);
  XpGrade *advanced = xp_criteria_lookup_grade (criteria, "advanced");

  /* Chinese is the text without xml:lang; English is marked. */
  g_assert_cmpstr (xp_text_get (label, NULL), ==, "班子建设");
  g_assert_cmpstr (xp_text_get (label, "en"), ==, "Leadership team");
  g_assert_cmpstr (xp_text_get (xp_grade_get_label (advanced), NULL), ==, "先进");
  g_assert_cmpstr (xp_text_get (xp_grade_get_label (advanced), "en"), ==, "Advanced");
  g_assert_true (g_str_has_prefix (xp_text_get (xp_criteria_get_title (criteria), NULL), "××区非公企业党组织"));

  /* The user's language picks the label. */
  g_setenv ("LANGUAGE", "en_GB:en", TRUE);
  g_setenv ("LC_ALL", "en_GB.UTF-8", TRUE);
  g_assert_cmpstr (xp_text_get_for_user (label), ==, "Leadership team");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  g_assert_cmpstr (xp_text_get_for_user (label), ==, "班子建设");

  /* A language the scheme does not have: the default, Chinese. */
  g_setenv ("LANGUAGE", "de_DE", TRUE);
  g_setenv ("LC_ALL", "de_DE.UTF-8", TRUE);
  g_assert_cmpstr (xp_text_get_for_user (label), ==, "班子建设");

  g_unsetenv ("LANGUAGE");
  g_unsetenv ("LC_ALL");
}

static void
test_text_whitespace (void)
{
  g_autofree char *xml = minimal_with ("<label>组织设置</label>",
                                       "<label>\n        组织设置\n        规范</label>\n"
                                       "      <label xml:lang=\"en\">Organisation\n        set up</label>");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "spaces.xml", &error);
  XpItem *item;

  g_assert_no_error (error);
  item = xp_criteria_lookup_item (criteria, "D1.2");
  /* Indentation is layout: a line break between Chinese characters is
   * nothing, between English words a space. */
  g_assert_cmpstr (xp_text_get (xp_item_get_label (item), NULL), ==, "组织设置规范");
  g_assert_cmpstr (xp_text_get (xp_item_get_label (item), "en"), ==, "Organisation set up");
}

/* ------------------------------------------------- invalid fixtures */

typedef struct {
  const char  *file;
  int          line;
  XpErrorCode  code;
  const char  *word;
} Fixture;

static void
test_fixture (gconstpointer data)
{
  const Fixture *fixture = data;
  g_autofree char *path = fixture_path (fixture->file);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (path, &error);

  g_assert_null (criteria);
  assert_error (error, fixture->code, path, fixture->line, fixture->word);
  g_assert_null (strstr (error->message, "root:"));
}

/* Every file EXPECTED.txt lists is refused at the line it gives. */
static void
test_expected_txt (void)
{
  g_autofree char *expected = read_fixture ("EXPECTED.txt");
  g_auto(GStrv) lines = g_strsplit (expected, "\n", -1);
  guint checked = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *path = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(XpCriteria) criteria = NULL;
      g_autofree char *prefix = NULL;
      gint64 line;

      g_strstrip (lines[i]);
      if (lines[i][0] == '\0' || lines[i][0] == '#')
        continue;

      fields = g_strsplit_set (lines[i], " \t", 3);
      g_assert_nonnull (fields[0]);
      g_assert_nonnull (fields[1]);
      g_assert_true (g_ascii_string_to_signed (fields[1], 10, 1, G_MAXINT, &line, NULL));

      path = fixture_path (fields[0]);
      criteria = xp_criteria_new_from_file (path, &error);
      g_assert_null (criteria);
      g_assert_nonnull (error);
      g_test_message ("%s", error->message);
      prefix = g_strdup_printf ("%s:%d: ", path, (int) line);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      g_assert_false (strstr (error->message, "root:") != NULL);
      checked++;
    }

  g_assert_cmpuint (checked, >, 0);
}

/* ------------------------------------------------------- security */

static const char xxe_file[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE criteria [\n"
  "  <!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n"
  "]>\n"
  "<criteria xmlns=\"urn:xingping:criteria:1\" id=\"x\" version=\"1\">\n"
  "  <title>&xxe;</title>\n"
  "</criteria>\n";

static const char xxe_network[] =
  "<?xml version=\"1.0\"?>\n"
  "<!-- a remote DTD -->\n"
  "<!DOCTYPE criteria SYSTEM\n"
  "  \"http://192.0.2.1/criteria.dtd\">\n"
  "<criteria xmlns=\"urn:xingping:criteria:1\" id=\"x\" version=\"1\"/>\n";

static const char billion_laughs[] =
  "<?xml version=\"1.0\"?>\n"
  "<!DOCTYPE criteria [\n"
  " <!ENTITY a \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\">\n"
  " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
  " <!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">\n"
  " <!ENTITY d \"&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;\">\n"
  " <!ENTITY e \"&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;\">\n"
  " <!ENTITY f \"&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;\">\n"
  " <!ENTITY g \"&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;\">\n"
  " <!ENTITY h \"&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;\">\n"
  "]>\n"
  "<criteria xmlns=\"urn:xingping:criteria:1\" id=\"x\" version=\"1\">\n"
  "  <title>&h;&h;&h;&h;&h;&h;&h;&h;</title>\n"
  "</criteria>\n";

static const char xinclude[] =
  "<?xml version=\"1.0\"?>\n"
  "<criteria xmlns=\"urn:xingping:criteria:1\" xmlns:xi=\"http://www.w3.org/2001/XInclude\"\n"
  "          id=\"x\" version=\"1\">\n"
  "  <title><xi:include href=\"/etc/passwd\" parse=\"text\"/></title>\n"
  "</criteria>\n";

static void
assert_refused_without_leak (const char *xml,
                             const char *name,
                             XpErrorCode code,
                             int         line,
                             const char *word)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  gint64 start = g_get_monotonic_time ();

  criteria = load_string (xml, name, &error);
  g_test_message ("refused in %" G_GINT64_FORMAT " µs", g_get_monotonic_time () - start);

  g_assert_null (criteria);
  assert_error (error, code, name, line, word);
  /* Nothing of /etc/passwd ("root:x:0:0:…") reaches the message. */
  g_assert_null (strstr (error->message, "root:"));
  g_assert_null (strstr (error->message, "/bin/"));
}

static void
test_security_xxe_file (void)
{
  assert_refused_without_leak (xxe_file, "xxe.xml", XP_ERROR_PARSE, 2, "DOCTYPE");
}

static void
test_security_xxe_network (void)
{
  /* The DOCTYPE starts at line 3 though its system id is on line 4. */
  assert_refused_without_leak (xxe_network, "remote.xml", XP_ERROR_PARSE, 3, "DOCTYPE");
}

static void
test_security_billion_laughs (void)
{
  /* 16⁷ × 8 × 58 bytes if expanded: refused at the DOCTYPE instead. */
  assert_refused_without_leak (billion_laughs, "laughs.xml", XP_ERROR_PARSE, 2, "DOCTYPE");
}

static void
test_security_xinclude (void)
{
  /* XInclude is never processed: the element is just not in the format. */
  assert_refused_without_leak (xinclude, "xinclude.xml", XP_ERROR_SCHEMA, 4, NULL);
}

static void
test_security_fixtures (void)
{
  const char *names[] = { "xxe-file.xml", "xxe-net.xml", "billion-laughs.xml" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *path = fixture_path (names[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(XpCriteria) criteria = NULL;

      criteria = xp_criteria_new_from_file (path, &error);
      g_assert_null (criteria);
      g_assert_error (error, XP_ERROR, XP_ERROR_PARSE);
      g_assert_nonnull (strstr (error->message, "DOCTYPE"));
      g_assert_null (strstr (error->message, "root:"));
    }
}

/* ---------------------------------------------------- input errors */

static void
test_error_directory (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "data", "criteria", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (dir, &error);

  g_assert_null (criteria);
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, dir));
  g_assert_nonnull (strstr (error->message, "folder"));
}

static void
test_error_missing_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file ("/nonexistent/criteria.xml", &error);

  g_assert_null (criteria);
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_assert_true (g_str_has_prefix (error->message, "/nonexistent/criteria.xml: "));
  g_assert_nonnull (strstr (error->message, g_strerror (ENOENT)));
}

static void
test_error_empty (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string ("", "empty.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_PARSE, "empty.xml", 1, "empty");
}

static void
test_error_invalid_utf8 (void)
{
  g_autofree char *xml = minimal_with ("<title>最小评分标准</title>", "<title>\xff\xfe bad</title>");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "latin1.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_PARSE, "latin1.xml", line_of (xml, "\xff"), "UTF-8");
}

static void
test_error_not_well_formed (void)
{
  assert_rejects_minimal_edit ("</dimension>", "</dimensio>", XP_ERROR_PARSE, "well-formed");
}

static void
test_error_too_large (void)
{
  gsize size = 16 * 1024 * 1024 + 1;
  g_autoptr(GBytes) bytes = g_bytes_new_take (g_malloc0 (size), size);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_bytes (bytes, "huge.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_INVALID, "huge.xml", 1, "MiB");
}

static void
test_error_wrong_namespace (void)
{
  assert_rejects_minimal_edit ("xmlns=\"urn:xingping:criteria:1\"", "xmlns=\"urn:example\"",
                               XP_ERROR_SCHEMA, "urn:xingping:criteria:1");
}

static void
test_error_schema_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autofree char *path = default_path ();

  xp_criteria_set_schema_path ("/nonexistent/criteria.rng");
  criteria = xp_criteria_new_from_file (path, &error);
  xp_criteria_set_schema_path (NULL);

  g_assert_null (criteria);
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/nonexistent/criteria.rng"));

  /* Back to the normal schema. */
  g_clear_error (&error);
  criteria = xp_criteria_new_from_file (path, &error);
  g_assert_no_error (error);
}

/* ---------------------------------------- schema and semantic errors */

static void
test_error_unknown_attribute (void)
{
  assert_rejects_minimal_edit ("<item id=\"D1.2\"", "<item colour=\"red\" id=\"D1.2\"",
                               XP_ERROR_SCHEMA, "colour");
}

static void
test_error_missing_label (void)
{
  assert_rejects_minimal_edit ("<label>组织设置</label>", "<guidance>只有说明</guidance>",
                               XP_ERROR_SCHEMA, "element");
}

static void
test_error_bad_decimal (void)
{
  assert_rejects_minimal_edit ("max=\"4\"", "max=\"four\"", XP_ERROR_SCHEMA, "four");
}

static void
test_error_duplicate_id (void)
{
  g_autofree char *xml = minimal_with ("id=\"D1.2\"", "id=\"D1.1\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "dup.xml", &error);
  g_autofree char *first = NULL;

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_INVALID, "dup.xml", line_of (xml, "id=\"D1.1\" max=\"4\""), "D1.1");
  /* It says where the id was first used. */
  first = g_strdup_printf ("line %d", line_of (xml, "id=\"D1.1\""));
  g_assert_nonnull (strstr (error->message, first));
}

static void
test_error_duplicate_id_across_kinds (void)
{
  /* A grade may not reuse a category's id either. */
  assert_rejects_minimal_edit ("<grade id=\"good\"", "<grade id=\"standalone\"",
                               XP_ERROR_INVALID, "standalone");
}

static void
test_error_unknown_category (void)
{
  assert_rejects_minimal_edit ("<item id=\"D1.2\"", "<item categories=\"joint\" id=\"D1.2\"",
                               XP_ERROR_INVALID, "joint");
}

static void
test_error_step_not_divisor (void)
{
  assert_rejects_minimal_edit ("max=\"4\" step=\"1\"", "max=\"4\" step=\"1.5\"",
                               XP_ERROR_INVALID, "step");
}

static void
test_error_deduction_over_max (void)
{
  assert_rejects_minimal_edit ("<deduction points=\"4\">", "<deduction points=\"7\">",
                               XP_ERROR_INVALID, "D1.1");
}

static void
test_error_duplicate_star_level (void)
{
  assert_rejects_minimal_edit ("<star level=\"3\" min=\"70\"/>", "<star level=\"4\" min=\"70\"/>",
                               XP_ERROR_INVALID, "level 4");
}

static void
test_error_star_order (void)
{
  /* Level 4 asking for more than level 5 could never be reached. */
  g_autofree char *xml = minimal_with ("<star level=\"4\" min=\"80\"/>", "<star level=\"4\" min=\"95\"/>");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = load_string (xml, "ladder.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_INVALID, "ladder.xml", line_of (xml, "<star level=\"5\""), "level 5");
}

static void
test_error_unknown_veto_grade (void)
{
  assert_rejects_minimal_edit ("<stars>",
                               "<vetoes><veto id=\"V1\" stars-max=\"0\" grade=\"bad\"><label>否决</label></veto></vetoes>\n  <stars>",
                               XP_ERROR_INVALID, "bad");
}

static void
test_error_veto_without_effect (void)
{
  assert_rejects_minimal_edit ("<stars>",
                               "<vetoes><veto id=\"V1\"><label>否决</label></veto></vetoes>\n  <stars>",
                               XP_ERROR_INVALID, "stars-max");
}

static void
test_error_tie_break_not_dimension (void)
{
  assert_rejects_edit_at ("</grades>", "</grades>\n  <aggregation tie-break=\"D1 D1.1\"/>", "<aggregation",
                               XP_ERROR_INVALID, "D1.1");
}

static void
test_error_min_evaluators_zero (void)
{
  assert_rejects_edit_at ("</grades>", "</grades>\n  <aggregation min-evaluators=\"0\"/>", "<aggregation",
                               XP_ERROR_SCHEMA, "min-evaluators");
}

static void
test_error_self_weight_one (void)
{
  assert_rejects_edit_at ("</grades>", "</grades>\n  <aggregation self-weight=\"1\"/>", "<aggregation",
                               XP_ERROR_SCHEMA, "self-weight");
}

static void
test_error_quota_unknown_level (void)
{
  g_autofree char *xml = minimal_with ("<star level=\"5\" min=\"90\"/>", "");
  GString *s = g_string_new (xml);
  g_autofree char *edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;

  g_string_replace (s, "</grades>", "</grades>\n  <quota level=\"5\" max-percent=\"20\"/>", 1);
  edited = g_string_free (s, FALSE);
  criteria = load_string (edited, "quota.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_INVALID, "quota.xml", line_of (edited, "<quota"), "level 5");
}

static void
test_error_category_without_items (void)
{
  g_autofree char *xml = minimal_with ("</categories>",
                                       "  <category id=\"joint\"><label>联合建</label></category>\n"
                                       "  </categories>");
  GString *s = g_string_new (xml);
  g_autofree char *edited = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;

  /* Both items only for standalone: joint branches could not be scored. */
  g_string_replace (s, "max=\"6\"", "max=\"6\" categories=\"standalone\"", 1);
  g_string_replace (s, "max=\"4\"", "max=\"4\" categories=\"standalone\"", 1);
  edited = g_string_free (s, FALSE);
  criteria = load_string (edited, "cover.xml", &error);

  g_assert_null (criteria);
  assert_error (error, XP_ERROR_INVALID, "cover.xml", line_of (edited, "<category id=\"joint\""), "joint");
}

static void
test_error_duplicate_language (void)
{
  assert_rejects_edit_at ("<label xml:lang=\"en\">Leadership</label>",
                          "<label xml:lang=\"en\">Leadership</label>\n    <label xml:lang=\"en\">Team</label>",
                          "<label xml:lang=\"en\">Team", XP_ERROR_INVALID, "en");
}

/* ------------------------------------------------------------ main */

int
main (int   argc,
      char *argv[])
{
  /* The invalid fixtures of tests/data/criteria, as EXPECTED.txt
   * describes them. */
  static const Fixture fixtures[] = {
    { "dup-id.xml", 14, XP_ERROR_INVALID, "D1.1" },
    { "bad-category-ref.xml", 14, XP_ERROR_INVALID, "nope" },
    { "dup-star-level.xml", 20, XP_ERROR_INVALID, "star level 2" },
    { "bad-tiebreak.xml", 26, XP_ERROR_INVALID, "tie-break" },
    { "bad-veto-grade.xml", 19, XP_ERROR_INVALID, "nope" },
    { "zero-max.xml", 14, XP_ERROR_SCHEMA, "max=\"0\"" },
    { "step-not-divide.xml", 14, XP_ERROR_INVALID, "step 2" },
    { "min-evaluators-zero.xml", 26, XP_ERROR_SCHEMA, "min-evaluators" },
    { "schema-error.xml", 15, XP_ERROR_SCHEMA, "weight" },
    { "not-wellformed.xml", 12, XP_ERROR_PARSE, "label" },
    { "xxe-file.xml", 3, XP_ERROR_PARSE, "DOCTYPE" },
    { "xxe-net.xml", 3, XP_ERROR_PARSE, "DOCTYPE" },
    { "billion-laughs.xml", 3, XP_ERROR_PARSE, "DOCTYPE" },
    { "category-without-items.xml", 7, XP_ERROR_INVALID, "joint" },
  };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/criteria/load/default", test_load_default);
  g_test_add_func ("/criteria/load/ladder-grades-vetoes", test_load_ladder);
  g_test_add_func ("/criteria/load/defaults", test_load_defaults);
  g_test_add_func ("/criteria/load/aggregation-and-quotas", test_load_aggregation);
  g_test_add_func ("/criteria/load/sha256", test_load_sha256);
  g_test_add_func ("/criteria/category-max", test_category_max);
  g_test_add_func ("/criteria/lookup", test_lookup);
  g_test_add_func ("/criteria/item/accepts", test_item_accepts);
  g_test_add_func ("/criteria/aggregation-to-string", test_aggregation_to_string);
  g_test_add_func ("/criteria/text/lookup", test_text_lookup);
  g_test_add_func ("/criteria/text/whitespace", test_text_whitespace);
  g_test_add_func ("/criteria/labels/by-language", test_labels_by_language);

  g_test_add_func ("/criteria/security/xxe-file", test_security_xxe_file);
  g_test_add_func ("/criteria/security/xxe-network", test_security_xxe_network);
  g_test_add_func ("/criteria/security/billion-laughs", test_security_billion_laughs);
  g_test_add_func ("/criteria/security/xinclude", test_security_xinclude);
  g_test_add_func ("/criteria/security/fixtures", test_security_fixtures);

  g_test_add_func ("/criteria/error/directory", test_error_directory);
  g_test_add_func ("/criteria/error/missing-file", test_error_missing_file);
  g_test_add_func ("/criteria/error/empty", test_error_empty);
  g_test_add_func ("/criteria/error/invalid-utf8", test_error_invalid_utf8);
  g_test_add_func ("/criteria/error/not-well-formed", test_error_not_well_formed);
  g_test_add_func ("/criteria/error/too-large", test_error_too_large);
  g_test_add_func ("/criteria/error/wrong-namespace", test_error_wrong_namespace);
  g_test_add_func ("/criteria/error/schema-missing", test_error_schema_missing);
  g_test_add_func ("/criteria/error/unknown-attribute", test_error_unknown_attribute);
  g_test_add_func ("/criteria/error/missing-label", test_error_missing_label);
  g_test_add_func ("/criteria/error/bad-decimal", test_error_bad_decimal);
  g_test_add_func ("/criteria/error/duplicate-id", test_error_duplicate_id);
  g_test_add_func ("/criteria/error/duplicate-id-across-kinds", test_error_duplicate_id_across_kinds);
  g_test_add_func ("/criteria/error/unknown-category", test_error_unknown_category);
  g_test_add_func ("/criteria/error/step-not-divisor", test_error_step_not_divisor);
  g_test_add_func ("/criteria/error/deduction-over-max", test_error_deduction_over_max);
  g_test_add_func ("/criteria/error/duplicate-star-level", test_error_duplicate_star_level);
  g_test_add_func ("/criteria/error/star-ladder-order", test_error_star_order);
  g_test_add_func ("/criteria/error/unknown-veto-grade", test_error_unknown_veto_grade);
  g_test_add_func ("/criteria/error/veto-without-effect", test_error_veto_without_effect);
  g_test_add_func ("/criteria/error/tie-break-not-dimension", test_error_tie_break_not_dimension);
  g_test_add_func ("/criteria/error/min-evaluators-zero", test_error_min_evaluators_zero);
  g_test_add_func ("/criteria/error/self-weight-one", test_error_self_weight_one);
  g_test_add_func ("/criteria/error/quota-unknown-level", test_error_quota_unknown_level);
  g_test_add_func ("/criteria/error/category-without-items", test_error_category_without_items);
  g_test_add_func ("/criteria/error/duplicate-language", test_error_duplicate_language);

  for (guint i = 0; i < G_N_ELEMENTS (fixtures); i++)
    {
      g_autofree char *name = NULL;

      name = g_strdup_printf ("/criteria/fixture/%.*s", (int) (strlen (fixtures[i].file) - 4), fixtures[i].file);
      g_test_add_data_func (name, &fixtures[i], test_fixture);
    }
  g_test_add_func ("/criteria/fixture/expected-txt", test_expected_txt);

  return g_test_run ();
}
