/* test-help.c — F1 opens the user guide in the user's language (issue 7)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-help"

#include "config.h"

#include "xp-help.h"
#include "xp-ui-test.h"

static void
test_help_action (void)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.help");

  g_assert_true (g_action_map_lookup_action (G_ACTION_MAP (app), "help") != NULL);
  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "F1");
}

static void
check_page_for (const char *language,
                const char *expected_dir)
{
  g_autofree char *page = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *dir_name = NULL;

  g_setenv ("LANGUAGE", language, TRUE);
  page = xp_help_find_page ();
  g_assert_nonnull (page);
  g_assert_true (g_str_has_suffix (page, "xingping.html"));
  dir = g_path_get_dirname (page);
  dir_name = g_path_get_basename (dir);
  g_assert_cmpstr (dir_name, ==, expected_dir);
}

static void
test_help_language (void)
{
  g_autofree char *help_dir = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), "help", NULL);

  g_setenv ("XINGPING_HELPDIR", help_dir, TRUE);
  check_page_for ("zh_CN", "zh_CN");
  check_page_for ("zh_CN:en", "zh_CN");
  check_page_for ("en_GB", "C");
  check_page_for ("fr", "C");
  g_unsetenv ("LANGUAGE");

  /* A tree without the guide: nothing to show, not a wrong page. */
  g_setenv ("XINGPING_HELPDIR", g_getenv ("G_TEST_BUILDDIR"), TRUE);
  g_assert_null (xp_help_find_page ());
  g_unsetenv ("XINGPING_HELPDIR");
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/help/action-and-accel", test_help_action);
  g_test_add_func ("/help/page-per-language", test_help_language);

  return xp_ui_test_run ();
}
