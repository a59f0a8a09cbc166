/* test-file-chooser.c — the file choosers the window's actions show
 *
 * Runs under Xvfb, where GtkFileChooserNative falls back to a
 * GtkFileChooserDialog: the tests find it among the toplevels, check what
 * it offers (title, filter, proposed name, modal over its window) and
 * answer it as a user would, then check what the answer did.  Closing the
 * window while its chooser is up closes the chooser too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-file-chooser"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-new-dialog.h"
#include "xp-ui-test.h"

static GtkWindow *
wait_for_chooser (void)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  GtkWindow *chooser;

  while ((chooser = find_file_chooser ()) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_nonnull (chooser);
  return chooser;
}

/* Whether the chooser's only filter is called @name and lets @yes
 * through but not @no. */
static void
assert_filter (GtkWindow  *chooser,
               const char *name,
               const char *yes,
               const char *no)
{
  g_autoptr(GListModel) filters = gtk_file_chooser_get_filters (GTK_FILE_CHOOSER (chooser));
  g_autoptr(GtkFileFilter) filter = NULL;
  g_autoptr(GFileInfo) yes_info = g_file_info_new ();
  g_autoptr(GFileInfo) no_info = g_file_info_new ();

  g_assert_cmpuint (g_list_model_get_n_items (filters), ==, 1);
  filter = g_list_model_get_item (filters, 0);
  g_assert_cmpstr (gtk_file_filter_get_name (filter), ==, name);
  g_file_info_set_display_name (yes_info, yes);
  g_file_info_set_display_name (no_info, no);
  g_assert_true (gtk_filter_match (GTK_FILTER (filter), yes_info));
  g_assert_false (gtk_filter_match (GTK_FILTER (filter), no_info));
}

static void
answer (GtkWindow *chooser,
        int        response)
{
  gint64 end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  gtk_dialog_response (GTK_DIALOG (chooser), response);
  while (find_file_chooser () != NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_null (find_file_chooser ());
  g_assert_null (find_message_dialog ());
}

/* Open…: cancelled, nothing changes; answered with a file, the window
 * opens it. */
static void
test_open (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *other_dir = g_build_filename (tmpdir, "other", NULL);
  g_autofree char *other = NULL;
  g_autoptr(GFile) other_file = NULL;
  XpWindow *window = open_window (path);
  GtkWindow *chooser;
  gint64 end;

  g_assert_cmpint (g_mkdir (other_dir, 0700), ==, 0);
  other = copy_sample (other_dir);
  other_file = g_file_new_for_path (other);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Open Assessment");
  g_assert_true (gtk_window_get_modal (chooser));
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (window));
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_OPEN);
  g_assert_false (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
  assert_filter (chooser, "Xingping assessments", "a.xingping", "a.csv");
  answer (chooser, GTK_RESPONSE_CANCEL);
  g_assert_cmpstr (g_file_peek_path (xp_window_get_file (window)), ==, path);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
  chooser = wait_for_chooser ();
  g_assert_true (gtk_file_chooser_set_file (GTK_FILE_CHOOSER (chooser), other_file, NULL));
  /* The file is selected once its folder is read. */
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_get_monotonic_time () < end)
    {
      g_autoptr(GFile) chosen = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (chosen != NULL && g_file_equal (chosen, other_file))
        break;
      g_main_context_iteration (NULL, FALSE);
    }
  answer (chooser, GTK_RESPONSE_ACCEPT);
  /* Opened in a thread. */
  end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (xp_window_is_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpstr (g_file_peek_path (xp_window_get_file (window)), ==, other);
  close_window (window);
}

/* The other choosers offer what their action needs; cancelled, they
 * change nothing. */
static void
test_offers (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  GtkWindow *chooser;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL);
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Save Assessment");
  g_assert_true (gtk_window_get_modal (chooser));
  g_assert_cmpint (gtk_file_chooser_get_action (GTK_FILE_CHOOSER (chooser)), ==, GTK_FILE_CHOOSER_ACTION_SAVE);
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (name, ==, "assessment.xingping");
  }
  assert_filter (chooser, "Xingping assessments", "a.xingping", "a.json");
  answer (chooser, GTK_RESPONSE_CANCEL);
  g_assert_cmpstr (g_file_peek_path (xp_window_get_file (window)), ==, path);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-work", NULL);
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Import Evaluator Work");
  g_assert_true (gtk_file_chooser_get_select_multiple (GTK_FILE_CHOOSER (chooser)));
  assert_filter (chooser, "Xingping assessments", "a.xingping", "a.csv");
  answer (chooser, GTK_RESPONSE_CANCEL);
  g_assert_null (find_message_dialog ());

  gtk_widget_activate_action (GTK_WIDGET (window), "win.import-branches", NULL);
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Import Branches from CSV");
  g_assert_true (gtk_window_get_modal (chooser));
  assert_filter (chooser, "CSV files (UTF-8 or GBK)", "a.txt", "a.xlsx");
  answer (chooser, GTK_RESPONSE_CANCEL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-csv", NULL);
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Export Ranking");
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (name, ==, "ranking.csv");
  }
  assert_filter (chooser, "CSV files", "a.csv", "a.xlsx");
  answer (chooser, GTK_RESPONSE_CANCEL);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-json", NULL);
  chooser = wait_for_chooser ();
  {
    g_autofree char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

    g_assert_cmpstr (name, ==, "ranking.json");
  }
  assert_filter (chooser, "JSON files", "a.json", "a.csv");
  answer (chooser, GTK_RESPONSE_CANCEL);
  g_assert_false (xp_window_get_dirty (window));
  close_window (window);
}

/* A window closed while its chooser is up takes the chooser with it;
 * nothing keeps the window alive. */
static void
test_owner_closes (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);

  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save-as", NULL);
  wait_for_chooser ();
  gtk_window_destroy (GTK_WINDOW (window));
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
  spin (100);
  g_assert_null (find_file_chooser ());
}

/* New Assessment's Choose… buttons: modal over the dialog, and the
 * dialog closed meanwhile takes its chooser along. */
static void
test_new_dialog (void)
{
  XpNewDialog *dialog = xp_new_dialog_new (NULL, NULL);
  GtkWidget *button;
  GtkWindow *chooser;

  gtk_window_present (GTK_WINDOW (dialog));
  spin (200);
  button = find_named (GTK_WIDGET (dialog), "choose-branches");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Choose a Branch List");
  g_assert_true (gtk_window_get_transient_for (chooser) == GTK_WINDOW (dialog));
  g_assert_true (gtk_window_get_modal (chooser));
  assert_filter (chooser, "Branch lists (CSV)", "a.csv", "a.xml");
  answer (chooser, GTK_RESPONSE_CANCEL);

  button = find_named (GTK_WIDGET (dialog), "choose-criteria");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  chooser = wait_for_chooser ();
  g_assert_cmpstr (gtk_window_get_title (chooser), ==, "Choose a Criteria Scheme");
  assert_filter (chooser, "Criteria schemes (XML)", "a.xml", "a.csv");

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);
  spin (100);
  g_assert_null (find_file_chooser ());
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);
  g_test_add_func ("/file-chooser/open", test_open);
  g_test_add_func ("/file-chooser/offers", test_offers);
  g_test_add_func ("/file-chooser/owner-closes", test_owner_closes);
  g_test_add_func ("/file-chooser/new-dialog", test_new_dialog);
  return xp_ui_test_run ();
}
