/* xp-ui-test.c — what every UI test needs: an application, a window on a
 * copy of the sample, a main loop to spin, screenshots, dialogs to find.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-ui-test"

#include "config.h"

#include <glib/gstdio.h>

#include "xp-ui-test.h"

XpApplication *app;

static char *data_home;

void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

char *
copy_sample (const char *tmpdir)
{
  g_autofree char *src = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"),
                                           "data", "examples", "sample.xingping", NULL);
  char *dst = g_build_filename (tmpdir, "sample.xingping", NULL);
  g_autofree char *contents = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, NULL));
  g_assert_true (g_file_set_contents (dst, contents, len, NULL));
  return dst;
}

void
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int width = 0;
  int height = 0;

  /* A widget that changed paints nothing until its next frame: on a busy
   * machine that can take a while, so wait for one (at most 10 s). */
  while (node == NULL && g_get_monotonic_time () < end)
    {
      g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();

      spin (50);
      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* Score fields that show nothing: the items not scored yet. */
guint
count_empty_fields (GtkWidget *widget)
{
  guint n = 0;

  if (GTK_IS_SPIN_BUTTON (widget))
    return g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (widget)), "") == 0 ? 1 : 0;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_empty_fields (child);
  return n;
}

XpWindow *
open_window (const char *path)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  XpWindow *window = xp_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  g_assert_true (xp_window_open_file (window, file));
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  spin (300);
  return window;
}

void
close_window (XpWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin (50);
}

AdwMessageDialog *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return ADW_MESSAGE_DIALOG (toplevel);
    }
  return NULL;
}

GtkWindow *
find_file_chooser (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_FILE_CHOOSER (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return toplevel;
    }
  return NULL;
}

GtkWidget *
find_widget (GtkWidget     *root,
             XpWidgetMatch  match,
             gconstpointer  data)
{
  if (match (root, data))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, match, data);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
is_named (GtkWidget     *widget,
          gconstpointer  name)
{
  return g_strcmp0 (gtk_widget_get_name (widget), name) == 0;
}

GtkWidget *
find_named (GtkWidget  *root,
            const char *name)
{
  return find_widget (root, is_named, name);
}

gboolean
window_is_listed (GtkWindow *window)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (toplevel == window)
        return TRUE;
    }
  return FALSE;
}

/* Closing runs from an idle after the dialog answers: wait for it. */
void
wait_for_null (gpointer *pointer)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (*pointer != NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* A private XDG_DATA_HOME (autosave, recent files) and a registered,
 * non-unique application the tests open windows on. */
void
xp_ui_test_init (int    *argc,
                 char ***argv)
{
  data_home = g_dir_make_tmp ("xingping-data-XXXXXX", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (argc, argv, NULL);

  app = xp_application_new ();
  g_application_set_flags (G_APPLICATION (app),
                           G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          remove_tree (child);
        }
      g_dir_close (dir);
    }
  g_remove (path);
}

int
xp_ui_test_run (void)
{
  int ret = g_test_run ();

  g_clear_object (&app);
  remove_tree (data_home);
  g_clear_pointer (&data_home, g_free);
  return ret;
}
