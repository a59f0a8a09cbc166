/* test-labels.c — the window's header bar and view switcher read cleanly
 *
 * Runs under Xvfb, in English (ui-labels) and in Chinese (ui-labels-zh_CN).
 * The labels of the header bar's buttons and of the view switcher show
 * no mnemonic marks: no underscore, and none of the "(S)" that GNOME's
 * Chinese menus add after a word — that belongs in menus, not on tabs and
 * plain buttons.  Each of them still has a keyboard shortcut, listed in
 * the shortcuts window.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-labels"

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <adwaita.h>

#include "xp-ui-test.h"

static gboolean
is_header_bar (GtkWidget     *widget,
               gconstpointer  data)
{
  return ADW_IS_HEADER_BAR (widget);
}

static gboolean
is_view_switcher (GtkWidget     *widget,
                  gconstpointer  data)
{
  return ADW_IS_VIEW_SWITCHER (widget);
}

/* The text of every label shown inside @root, as a user reads it. */
static void
collect_labels (GtkWidget *root,
                GPtrArray *texts)
{
  if (!gtk_widget_get_visible (root))
    return;
  if (GTK_IS_LABEL (root) && *gtk_label_get_text (GTK_LABEL (root)) != '\0')
    g_ptr_array_add (texts, (gpointer) gtk_label_get_text (GTK_LABEL (root)));
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_labels (child, texts);
}

static gboolean
has_mnemonic_mark (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("[(（][A-Z][)）]", 0, 0, NULL);

  return strchr (text, '_') != NULL || g_regex_match (regex, text, 0, NULL);
}

static gboolean
listed (GPtrArray  *texts,
        const char *text)
{
  for (guint i = 0; i < texts->len; i++)
    if (g_strcmp0 (texts->pdata[i], text) == 0)
      return TRUE;
  return FALSE;
}

/* The accelerators the shortcuts window lists, one string. */
static char *
listed_accelerators (void)
{
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/xingping/Xingping/gtk/help-overlay.ui");
  GObject *overlay = gtk_builder_get_object (builder, "help_overlay");
  GString *all = g_string_new (NULL);
  GtkWidget *widget = GTK_WIDGET (overlay);
  g_autoptr(GPtrArray) stack = g_ptr_array_new ();

  g_ptr_array_add (stack, widget);
  while (stack->len > 0)
    {
      GtkWidget *w = g_ptr_array_steal_index (stack, stack->len - 1);

      if (GTK_IS_SHORTCUTS_SHORTCUT (w))
        {
          g_autofree char *accel = NULL;

          g_object_get (w, "accelerator", &accel, NULL);
          g_string_append_printf (all, "%s ", accel);
        }
      for (GtkWidget *child = gtk_widget_get_first_child (w); child; child = gtk_widget_get_next_sibling (child))
        g_ptr_array_add (stack, child);
    }
  gtk_window_destroy (GTK_WINDOW (overlay));
  return g_string_free (all, FALSE);
}

static void
test_header_and_views (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *accels = listed_accelerators ();
  XpWindow *window = open_window (path);
  GtkWidget *header = find_widget (GTK_WIDGET (window), is_header_bar, NULL);
  GtkWidget *switcher = find_widget (GTK_WIDGET (window), is_view_switcher, NULL);
  g_autoptr(GPtrArray) texts = g_ptr_array_new ();

  g_assert_nonnull (header);
  g_assert_nonnull (switcher);
  g_assert_true (gtk_widget_is_ancestor (switcher, header));
  collect_labels (header, texts);
  for (guint i = 0; i < texts->len; i++)
    {
      g_test_message ("header label: %s", (const char *) texts->pdata[i]);
      g_assert_false (has_mnemonic_mark (texts->pdata[i]));
    }

  /* What each shows, in the language the test runs in, and the shortcut
   * that does the same. */
  g_assert_true (listed (texts, _("Open…")));
  g_assert_nonnull (strstr (accels, "<Control>o"));
  g_assert_true (listed (texts, _("Save")));
  g_assert_nonnull (strstr (accels, "<Control>s"));
  g_assert_true (listed (texts, _("Scoring")));
  g_assert_nonnull (strstr (accels, "<Alt>1"));
  g_assert_true (listed (texts, _("Results")));
  g_assert_nonnull (strstr (accels, "<Alt>2"));
  if (g_str_has_prefix (g_getenv ("LANGUAGE") ? g_getenv ("LANGUAGE") : "", "zh_CN"))
    {
      g_assert_true (listed (texts, "评分"));
      g_assert_true (listed (texts, "结果"));
      g_assert_true (listed (texts, "打开…"));
      g_assert_true (listed (texts, "保存"));
    }

  /* The view shortcuts do switch views. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "results"));
  g_assert_cmpstr (xp_window_get_view_name (window), ==, "results");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "scoring"));
  g_assert_cmpstr (xp_window_get_view_name (window), ==, "scoring");
  save_screenshot (GTK_WIDGET (window), "screenshot-labels.png");
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  xp_application_init_i18n ();
  xp_ui_test_init (&argc, &argv);
  g_test_add_func ("/labels/header-and-views", test_header_and_views);
  return xp_ui_test_run ();
}
