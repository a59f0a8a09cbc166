/* test-digest.c — the canonical project digest (DESIGN.md, "Integrity")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-project.h"

static char *
sample_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "examples", "sample.xingping", NULL);
}

static XpProject *
load_sample (char **text_out)
{
  g_autofree char *path = sample_path ();
  g_autoptr(GError) error = NULL;
  XpProject *project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  if (text_out)
    g_assert_true (g_file_get_contents (path, text_out, NULL, NULL));
  return project;
}

static XpProject *
load_text (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  XpProject *project = xp_project_new_from_bytes (bytes, "edited.xingping", &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

static char *
replace_regex (const char *text,
               const char *pattern,
               const char *replacement)
{
  g_autoptr(GRegex) regex = g_regex_new (pattern, G_REGEX_MULTILINE, 0, NULL);

  g_assert_nonnull (regex);
  return g_regex_replace (regex, text, -1, 0, replacement, 0, NULL);
}

static void
test_shape (void)
{
  g_autoptr(XpProject) project = load_sample (NULL);
  g_autofree char *digest = xp_project_compute_digest (project);
  g_autofree char *again = xp_project_compute_digest (project);
  g_autofree char *text = xp_project_canonical_text (project);

  g_assert_cmpuint (strlen (digest), ==, 64);
  for (const char *p = digest; *p; p++)
    g_assert_true (g_ascii_isdigit (*p) || (*p >= 'a' && *p <= 'f'));
  g_assert_cmpstr (digest, ==, again);

  g_assert_true (g_str_has_prefix (text, "xingping-digest\t1\ncriteria\t"));
  g_assert_nonnull (strstr (text, "\nbranch\tb001\t"));
  g_assert_nonnull (strstr (text, "\nscore\tb001\te1\tD1.2\t4.5\n"));
  g_assert_nonnull (strstr (text, "\nevaluator\tself\t"));
  g_assert_true (g_str_has_suffix (text, "\n"));
  /* Branches before scores before evaluators. */
  g_assert_true (strstr (text, "\nbranch\t") < strstr (text, "\nscore\t"));
  g_assert_true (strstr (text, "\nscore\t") < strstr (text, "\nevaluator\t"));
}

static void
test_save_load_stable (void)
{
  g_autoptr(XpProject) project = load_sample (NULL);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-digest-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "p.xingping", NULL);
  backup = g_strconcat (path, "~", NULL);
  before = xp_project_compute_digest (project);
  g_assert_true (xp_project_save_to_file (project, path, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  after = xp_project_compute_digest (reloaded);
  g_assert_cmpstr (before, ==, after);

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (dir);
}

static void
test_one_score_changes_it (void)
{
  g_autoptr(XpProject) project = load_sample (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = xp_project_compute_digest (project);
  g_autofree char *changed = NULL;
  g_autofree char *restored = NULL;
  XpDec old = xp_project_get_score (project, "b003", "e1", "D1.1");

  g_assert_cmpint (old, !=, XP_DEC_NONE);
  g_assert_true (xp_project_set_score (project, "b003", "e1", "D1.1",
                                       old == 0 ? XP_DEC (1) : 0, &error));
  g_assert_no_error (error);
  changed = xp_project_compute_digest (project);
  g_assert_cmpstr (before, !=, changed);

  g_assert_true (xp_project_set_score (project, "b003", "e1", "D1.1", old, &error));
  g_assert_no_error (error);
  restored = xp_project_compute_digest (project);
  g_assert_cmpstr (before, ==, restored);

  /* Clearing a score changes it too. */
  g_assert_true (xp_project_set_score (project, "b003", "e1", "D1.1", XP_DEC_NONE, &error));
  g_assert_no_error (error);
  g_free (changed);
  changed = xp_project_compute_digest (project);
  g_assert_cmpstr (before, !=, changed);
}

static void
test_formatting_does_not_matter (void)
{
  g_autofree char *text = NULL;
  g_autoptr(XpProject) project = load_sample (&text);
  g_autofree char *before = xp_project_compute_digest (project);
  g_autofree char *step1 = NULL, *step2 = NULL, *step3 = NULL;
  g_autoptr(XpProject) edited = NULL;
  g_autofree char *after = NULL;

  /* 4.5 → 4.50 */
  step1 = replace_regex (text, "(\": [0-9]+)\\.5([,}])", "\\1.50\\2");
  g_assert_nonnull (strstr (step1, ".50,"));
  /* Swap two score keys, and "version" with "title" at the top level. */
  step2 = replace_regex (step1, "\"D1\\.1\": ([0-9.]+), \"D1\\.2\": ([0-9.]+)",
                         "\"D1.2\": \\2, \"D1.1\": \\1");
  step3 = replace_regex (step2, "^  \"version\": 1,\n  (\"title\": [^\n]*,)$",
                         "  \\1\n  \"version\": 1,");
  g_assert_true (strstr (step3, "\"title\"") < strstr (step3, "\"version\""));
  g_assert_cmpstr (step3, !=, text);

  edited = load_text (step3);
  after = xp_project_compute_digest (edited);
  g_assert_cmpstr (before, ==, after);
}

static void
test_tampered_text_changes_it (void)
{
  g_autofree char *text = NULL;
  g_autoptr(XpProject) project = load_sample (&text);
  g_autofree char *before = xp_project_compute_digest (project);
  g_autofree char *tampered = NULL;
  g_autoptr(XpProject) edited = NULL;
  g_autofree char *after = NULL;

  tampered = replace_regex (text, "(\"b003\": \\{\n *\"e1\": \\{\"D1\\.1\": )[0-9.]+", "\\g<1>0");
  g_assert_cmpstr (tampered, !=, text);
  edited = load_text (tampered);
  after = xp_project_compute_digest (edited);
  g_assert_cmpstr (before, !=, after);
}

static void
test_escaping (void)
{
  g_autoptr(XpProject) project = load_sample (NULL);
  XpBranch *branch = xp_project_lookup_branch (project, "b001");
  g_autofree char *before = xp_project_compute_digest (project);
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;

  /* A name with a TAB cannot shift the fields. */
  xp_branch_set_name (branch, "a\tb\\c\nd");
  text = xp_project_canonical_text (project);
  g_assert_nonnull (strstr (text, "\nbranch\tb001\ta\\tb\\\\c\\nd\t"));
  after = xp_project_compute_digest (project);
  g_assert_cmpstr (before, !=, after);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/digest/shape", test_shape);
  g_test_add_func ("/digest/save-load", test_save_load_stable);
  g_test_add_func ("/digest/one-score", test_one_score_changes_it);
  g_test_add_func ("/digest/formatting", test_formatting_does_not_matter);
  g_test_add_func ("/digest/tampered-text", test_tampered_text_changes_it);
  g_test_add_func ("/digest/escaping", test_escaping);

  return g_test_run ();
}
