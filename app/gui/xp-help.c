/* xp-help.c — the user guide (F1)
 *
 * The guide is one self-contained HTML page per language, installed where
 * Yelp looks for help:xingping (DATADIR/help/LANG/xingping/xingping.html).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-help"

#include "config.h"

#include "xp-help.h"

static char *
find_in (const char *help_dir)
{
  const char * const *languages = g_get_language_names ();

  for (guint i = 0; languages[i] != NULL; i++)
    {
      char *path = g_build_filename (help_dir, languages[i], "xingping", "xingping.html", NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);

      /* The source tree has no xingping/ level: help/LANG/xingping.html. */
      path = g_build_filename (help_dir, languages[i], "xingping.html", NULL);
      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return path;
      g_free (path);
    }
  return NULL;
}

char *
xp_help_find_page (void)
{
  const char *override = g_getenv ("XINGPING_HELPDIR");
  const char * const *data_dirs = g_get_system_data_dirs ();
  g_autofree char *installed = g_build_filename (DATADIR, "help", NULL);
  char *page;

  if (override != NULL && *override != '\0')
    return find_in (override);
  if ((page = find_in (installed)) != NULL)
    return page;
  for (guint i = 0; data_dirs[i] != NULL; i++)
    {
      g_autofree char *dir = g_build_filename (data_dirs[i], "help", NULL);

      if ((page = find_in (dir)) != NULL)
        return page;
    }
  return NULL;
}

static gboolean
yelp_can_show (void)
{
  g_autofree char *yelp = NULL;

  if (g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return FALSE;
  if (g_getenv ("XINGPING_HELPDIR") != NULL)
    return FALSE;
  yelp = g_find_program_in_path ("yelp");
  return yelp != NULL;
}

void
xp_help_show (GtkWindow *parent)
{
  g_autofree char *page = NULL;
  g_autofree char *uri = NULL;

  if (yelp_can_show ())
    {
      gtk_show_uri (parent, "help:xingping", GDK_CURRENT_TIME);
      return;
    }

  page = xp_help_find_page ();
  if (page == NULL)
    {
      g_warning ("The user guide is not installed");
      return;
    }
  uri = g_filename_to_uri (page, NULL, NULL);
  gtk_show_uri (parent, uri, GDK_CURRENT_TIME);
}
