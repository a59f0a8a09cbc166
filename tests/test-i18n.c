/* test-i18n.c — the core's messages reach the GUI translated
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The GUI shows the core's GError messages as they are (toasts, dialogs),
 * so with the catalogue bound and LANGUAGE=zh_CN they must be Chinese and
 * still name the file, line, branch, evaluator and item.  Runs against the
 * build tree's catalogue ($XINGPING_LOCALEDIR); LC_ALL=C.UTF-8 is enough
 * for gettext, no zh_CN locale needs to be generated.
 */
#include "config.h"

#include <locale.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "xp-criteria-private.h"
#include "xp-decimal.h"
#include "xp-json.h"
#include "xp-project.h"

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "criteria", name, NULL);
}

/* A criteria error as the New Assessment dialog shows it. */
static void
test_criteria_error (void)
{
  g_autofree char *path = fixture_path ("dup-id.xml");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (path, &error);

  g_assert_null (criteria);
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "dup-id.xml:14:"));
  g_assert_nonnull (strstr (error->message, "编号“D1.1”已被第 11 行的 <item> 使用"));
  g_assert_null (strstr (error->message, "ids must be unique"));
}

/* A file that is not a criteria file at all. */
static void
test_criteria_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file ("/nonexistent/c.xml", &error);

  g_assert_null (criteria);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "/nonexistent/c.xml："));
  g_assert_nonnull (strstr (error->message, "无法读取评分标准文件"));
}

/* Words the core puts into other messages are translated too. */
static void
test_json_type_names (void)
{
  g_assert_cmpstr (xp_json_type_name (XP_JSON_ARRAY), ==, "数组");
  g_assert_cmpstr (xp_json_type_name (XP_JSON_STRING), ==, "字符串");
  /* the JSON literal stays as it is */
  g_assert_cmpstr (xp_json_type_name (XP_JSON_NULL), ==, "null");
}

/* A broken project file as the Open dialog reports it. */
static void
test_project_parse_error (void)
{
  static const char json[] = "{\"format\": \"xingping-project\",\n \"version\": [1,]\n}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, sizeof json - 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = xp_project_new_from_bytes (bytes, "broken.xingping", &error);

  g_assert_null (project);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "broken.xingping:2:"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_null (strstr (error->message, "unexpected character"));
}

/* The score page's toast when a score is out of range. */
static void
test_score_out_of_range (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "project-v2-small.xingping", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  /* the fixture is sealed: changing it is refused, in Chinese */
  g_assert_false (xp_project_set_score (project, "b1", "e1", "D1.2", -XP_DEC_UNIT, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "定稿；请先重新开放"));
  g_clear_error (&error);
  g_assert_true (xp_project_reopen (project, "i18n test", &error));
  g_assert_no_error (error);

  g_assert_false (xp_project_set_score (project, "b1", "e1", "D1.2", -XP_DEC_UNIT, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (error->message, ==,
                   "党组织 b1，考评人员 e1，评分项 D1.2：得分 -1 超出 0…5 的范围——请输入 0 至 5 之间的分数");
}

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("XINGPING_LOCALEDIR");

  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);
  if (localedir == NULL || setlocale (LC_ALL, "") == NULL)
    {
      g_print ("1..0 # SKIP needs XINGPING_LOCALEDIR and the C.UTF-8 locale\n");
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  bindtextdomain (GETTEXT_PACKAGE, localedir);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_add_func ("/i18n/criteria-error", test_criteria_error);
  g_test_add_func ("/i18n/criteria-missing", test_criteria_missing);
  g_test_add_func ("/i18n/json-type-names", test_json_type_names);
  g_test_add_func ("/i18n/project-parse-error", test_project_parse_error);
  g_test_add_func ("/i18n/score-out-of-range", test_score_out_of_range);

  return g_test_run ();
}
