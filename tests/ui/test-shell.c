/* test-shell.c — the application shell (issue 3): the welcome page and
 * its recent files, New Assessment, opening by drag and drop, the
 * preferences and the autosave timer, the shortcuts window, and the
 * results table's filters and sorting.
 *
 * Runs under Xvfb.  Screenshots land in the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-shell"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-application.h"
#include "xp-decimal.h"
#include "xp-new-dialog.h"
#include "xp-preferences.h"
#include "xp-window.h"
#include "xp-ui-test.h"

/* Screenshots of the zh_CN run (tests/ui/meson.build) get a prefix. */
static void
shot (GtkWidget  *widget,
      const char *name)
{
  const char *language = g_getenv ("LANGUAGE");
  g_autofree char *full = g_strdup_printf ("%s%s", language != NULL && g_str_has_prefix (language, "zh") ? "zh_CN-" : "", name);

  save_screenshot (widget, full);
}

static XpWindow *
new_window (void)
{
  XpWindow *window = xp_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  return window;
}

/* Loads run in a thread: iterate until the window has finished. */
static void
wait_loaded (XpWindow *window)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (xp_window_is_loading (window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (xp_window_is_loading (window));
  spin (100);
}

static GSettings *
settings (void)
{
  GSettings *s = xp_application_get_settings (app);

  g_assert_nonnull (s);
  return s;
}

static char *
source_path (const char *relative)
{
  return g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), relative, NULL);
}

static void
test_welcome_recent (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *missing = g_build_filename (tmpdir, "gone.xingping", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) missing_file = g_file_new_for_path (missing);
  g_autofree char *uri = g_file_get_uri (file);
  g_autofree char *missing_uri = g_file_get_uri (missing_file);
  const char *start[] = { NULL, NULL };
  XpWindow *window;
  XpWelcomePage *welcome;
  g_auto(GStrv) recent = NULL;

  /* A file that has since gone is listed, dimmed, and cannot be opened. */
  start[0] = missing_uri;
  g_settings_set_strv (settings (), "recent-files", start);

  window = new_window ();
  welcome = xp_window_get_welcome_page (window);
  g_assert_cmpuint (xp_welcome_page_get_n_recent (welcome), ==, 1);
  g_assert_false (xp_welcome_page_recent_exists (welcome, 0));
  xp_welcome_page_activate_recent (welcome, 0);
  spin (100);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  g_assert_false (xp_window_is_loading (window));

  /* Opening a file (in a thread) puts it first in the list. */
  xp_window_load_file (window, file);
  g_assert_true (xp_window_is_loading (window));
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "loading");
  wait_loaded (window);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_true (g_file_equal (xp_window_get_file (window), file));
  recent = g_settings_get_strv (settings (), "recent-files");
  g_assert_cmpstr (recent[0], ==, uri);
  g_assert_cmpstr (recent[1], ==, missing_uri);
  close_window (window);

  /* A new window's welcome page lists it, newest first; a click opens it. */
  window = new_window ();
  welcome = xp_window_get_welcome_page (window);
  g_assert_cmpuint (xp_welcome_page_get_n_recent (welcome), ==, 2);
  g_assert_cmpstr (xp_welcome_page_get_recent_uri (welcome, 0), ==, uri);
  g_assert_true (xp_welcome_page_recent_exists (welcome, 0));
  g_assert_false (xp_welcome_page_recent_exists (welcome, 1));
  spin (200);
  shot (GTK_WIDGET (window), "screenshot-welcome-recent.png");
  xp_welcome_page_activate_recent (welcome, 0);
  wait_loaded (window);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_true (g_file_equal (xp_window_get_file (window), file));
  close_window (window);

  /* No more than ten are kept. */
  window = new_window ();
  for (int i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("%s/%02d.xingping", tmpdir, i);
      g_autoptr(GFile) copy = g_file_new_for_path (name);

      g_assert_true (g_file_copy (file, copy, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));
      xp_window_load_file (window, copy);
      wait_loaded (window);
      g_assert_true (g_file_equal (xp_window_get_file (window), copy));
      g_unlink (name);
    }
  close_window (window);
  g_clear_pointer (&recent, g_strfreev);
  recent = g_settings_get_strv (settings (), "recent-files");
  g_assert_cmpuint (g_strv_length (recent), ==, 10);
  g_assert_true (g_str_has_suffix (recent[0], "/11.xingping"));

  g_settings_reset (settings (), "recent-files");
  g_unlink (path);
  g_rmdir (tmpdir);
}

/* The bundled sample opens as an untitled copy: Save asks where. */
static void
test_open_sample (void)
{
  XpWindow *window = new_window ();
  g_autofree char *sample = source_path ("data/examples/sample.xingping");
  g_autoptr(XpProject) expected = xp_project_new_from_file (sample, NULL);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-sample", NULL));
  wait_loaded (window);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_null (xp_window_get_file (window));
  g_assert_false (xp_window_get_dirty (window));
  g_assert_cmpstr (xp_project_get_title (xp_window_get_project (window)), ==, xp_project_get_title (expected));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (xp_window_get_project (window))), ==,
                    g_list_model_get_n_items (xp_project_get_branches (expected)));
  close_window (window);
}

/* A big file opens behind a progress bar that moves while the window
 * keeps running: the sample's 30 branches copied to 3,000. */
static void
test_open_progress (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *sample = copy_sample (tmpdir);
  g_autofree char *big = g_build_filename (tmpdir, "big.xingping", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (big);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = xp_project_new_from_file (sample, &error);
  g_autoptr(GArray) fractions = g_array_new (FALSE, FALSE, sizeof (double));
  GListModel *branches;
  GListModel *evaluators;
  XpCriteria *criteria;
  XpWindow *window;
  guint n_sample, iterations = 0;
  gint64 end;

  g_assert_no_error (error);
  criteria = xp_project_get_criteria (project);
  branches = xp_project_get_branches (project);
  evaluators = xp_project_get_evaluators (project);
  n_sample = g_list_model_get_n_items (branches);
  for (guint k = 0; k < 3000 - n_sample; k++)
    {
      g_autoptr(XpBranch) model = g_list_model_get_item (branches, k % n_sample);
      g_autofree char *id = g_strdup_printf ("x%04u", k);
      g_autoptr(XpBranch) copy = xp_branch_new (id);

      xp_branch_set_name (copy, xp_branch_get_name (model));
      xp_branch_set_category (copy, xp_branch_get_category (model));
      g_assert_true (xp_project_add_branch (project, copy, &error));
      for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
        {
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);

          for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
            {
              XpItem *item = xp_criteria_get_item (criteria, i);
              XpDec v = xp_project_get_score (project, xp_branch_get_id (model), xp_evaluator_get_id (evaluator),
                                              xp_item_get_id (item));

              if (v != XP_DEC_NONE)
                g_assert_true (xp_project_set_score (project, id, xp_evaluator_get_id (evaluator),
                                                     xp_item_get_id (item), v, &error));
            }
        }
    }
  g_assert_true (xp_project_save_to_file (project, big, &error));
  g_assert_no_error (error);

  window = new_window ();
  xp_window_load_file (window, file);
  end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (xp_window_is_loading (window) && g_get_monotonic_time () < end)
    {
      double f = xp_window_get_load_fraction (window);

      if (fractions->len == 0 || f != g_array_index (fractions, double, fractions->len - 1))
        g_array_append_val (fractions, f);
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_false (xp_window_is_loading (window));
  /* the bar rose through at least two values short of full while the
   * main loop ran (it stays responsive), and the file opened */
  {
    guint between = 0;

    for (guint i = 0; i < fractions->len; i++)
      {
        double f = g_array_index (fractions, double, i);

        if (i > 0)
          g_assert_cmpfloat (f, >=, g_array_index (fractions, double, i - 1));
        between += f > 0 && f < 1;
      }
    g_assert_cmpuint (between, >=, 2);
  }
  g_assert_cmpuint (iterations, >, 10);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (xp_window_get_project (window))), ==, 3000);
  close_window (window);
  g_unlink (big);
  g_unlink (sample);
  {
    g_autofree char *backup = g_strconcat (big, "~", NULL);

    g_unlink (backup);
  }
  g_rmdir (tmpdir);
}

static void
test_open_failure (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmpdir, "broken.xingping", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  XpWindow *window = new_window ();
  AdwMessageDialog *dialog;

  g_assert_true (g_file_set_contents (path, "{ not json", -1, NULL));
  xp_window_load_file (window, file);
  wait_loaded (window);
  /* Back on the welcome page, with a dialog naming the file. */
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  g_assert_null (xp_window_get_project (window));
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (dialog), "broken.xingping"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  close_window (window);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static guint
count_csv_rows (const char *path)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  lines = g_strsplit (contents, "\n", -1);
  for (guint i = 1; lines[i] != NULL; i++)   /* skip the header */
    if (*g_strstrip (lines[i]) != '\0')
      n++;
  return n;
}

static void
created_cb (XpNewDialog *dialog,
            XpProject   *project,
            gpointer     user_data)
{
  g_set_object ((XpProject **) user_data, project);
}

static XpNewDialog *
find_new_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (XP_IS_NEW_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return XP_NEW_DIALOG (toplevel);
    }
  return NULL;
}

static void
test_new_assessment (void)
{
  g_autofree char *csv = source_path ("tests/data/branches.csv");
  g_autofree char *bad_csv = source_path ("tests/data/branches-bad-category.csv");
  g_autofree char *bad_xml = source_path ("tests/data/criteria/dup-id.xml");
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  g_autoptr(GFile) bad_csv_file = g_file_new_for_path (bad_csv);
  g_autoptr(GFile) bad_xml_file = g_file_new_for_path (bad_xml);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) created = NULL;
  XpWindow *window = new_window ();
  XpNewDialog *dialog;
  XpProject *project;
  GListModel *evaluators;
  g_autofree char *default_path = NULL;
  guint n_rows = count_csv_rows (csv);

  g_settings_set_string (settings (), "default-evaluator-name", "王建国");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.new", NULL));
  spin (200);
  dialog = find_new_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);

  /* The installed default scheme is offered first. */
  g_assert_nonnull (xp_new_dialog_get_criteria_file (dialog));
  default_path = g_file_get_path (xp_new_dialog_get_criteria_file (dialog));
  g_assert_true (g_str_has_suffix (default_path, "criteria/default.xml"));

  /* A branch list naming an unknown category is refused: the message
   * names the file and the row, and nothing is created. */
  xp_new_dialog_set_branches_file (dialog, bad_csv_file);
  g_assert_false (xp_new_dialog_create (dialog));
  g_assert_nonnull (xp_new_dialog_get_error_text (dialog));
  g_assert_nonnull (strstr (xp_new_dialog_get_error_text (dialog), "branches-bad-category.csv"));
  /* "FILE:3: column …" (line 3; the colon after it is full-width in Chinese). */
  g_assert_nonnull (strstr (xp_new_dialog_get_error_text (dialog), "branches-bad-category.csv:3"));
  g_assert_null (created);
  g_assert_null (xp_window_get_project (window));

  /* So is an invalid criteria file, with its line. */
  xp_new_dialog_set_branches_file (dialog, NULL);
  xp_new_dialog_set_criteria_file (dialog, bad_xml_file);
  g_assert_null (xp_new_dialog_build_project (dialog, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  /* A translated lead-in, then the core's message with file and line. */
  g_assert_true (g_str_has_suffix (xp_new_dialog_get_error_text (dialog), error->message));
  g_assert_cmpstr (xp_new_dialog_get_error_text (dialog), !=, error->message);
  g_clear_error (&error);
  g_assert_nonnull (strstr (xp_new_dialog_get_error_text (dialog), "dup-id.xml:14"));
  spin (100);
  shot (GTK_WIDGET (dialog), "screenshot-new-dialog-error.png");

  /* And an evaluation group with nobody in it. */
  xp_new_dialog_set_criteria_file (dialog, NULL);
  xp_new_dialog_set_evaluator_names (dialog, " ，, ");
  g_assert_false (xp_new_dialog_create (dialog));
  g_assert_nonnull (xp_new_dialog_get_error_text (dialog));

  /* The default scheme, the sample branch list, two group evaluators and a
   * self-assessment sheet. */
  xp_new_dialog_set_branches_file (dialog, csv_file);
  xp_new_dialog_set_assessment_title (dialog, "2027年度测试考评");
  xp_new_dialog_set_evaluator_names (dialog, "王建国，李秀梅");
  xp_new_dialog_set_self_evaluator (dialog, TRUE);
  g_assert_null (xp_new_dialog_get_error_text (dialog));
  spin (100);
  shot (GTK_WIDGET (dialog), "screenshot-new-dialog.png");
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_assert_true (xp_new_dialog_create (dialog));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);

  project = xp_window_get_project (window);
  g_assert_nonnull (project);
  g_assert_true (project == created);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_cmpstr (xp_project_get_title (project), ==, "2027年度测试考评");
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_rows);
  g_assert_nonnull (xp_project_lookup_branch (project, "b001"));
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (project, "b002")), ==, "联合党支部, 二");
  evaluators = xp_project_get_evaluators (project);
  g_assert_cmpuint (g_list_model_get_n_items (evaluators), ==, 3);
  g_assert_cmpstr (xp_evaluator_get_name (xp_project_lookup_evaluator (project, "e1")), ==, "王建国");
  g_assert_cmpstr (xp_evaluator_get_name (xp_project_lookup_evaluator (project, "e2")), ==, "李秀梅");
  g_assert_nonnull (xp_project_get_self_evaluator (project));
  /* Untitled and unsaved: closing would ask, Save asks for a path. */
  g_assert_null (xp_window_get_file (window));
  g_assert_true (xp_window_get_dirty (window));
  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e1");

  /* The preference names the first evaluator of the next one. */
  dialog = xp_new_dialog_new (GTK_WINDOW (window), settings ());
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  {
    g_autoptr(XpProject) other = xp_new_dialog_build_project (dialog, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (xp_evaluator_get_name (xp_project_lookup_evaluator (other, "e1")), ==, "王建国");
    g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (other)), ==, 0);
  }
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_assert_null (dialog);
  g_settings_reset (settings (), "default-evaluator-name");

  /* Discard what was made, and close. */
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (find_message_dialog (), "discard");
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
}

static GtkDropTarget *
find_drop_target (GtkWidget *widget)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_DROP_TARGET (controller))
        return GTK_DROP_TARGET (controller);
    }
  return NULL;
}

static gboolean
drop_files (XpWindow *window,
            GFile    *file)
{
  GtkDropTarget *target = find_drop_target (GTK_WIDGET (window));
  GValue value = G_VALUE_INIT;
  GSList *list = g_slist_prepend (NULL, file);
  gboolean accepted = FALSE;

  g_assert_nonnull (target);
  g_value_init (&value, GDK_TYPE_FILE_LIST);
  g_value_set_boxed (&value, list);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  g_slist_free (list);
  return accepted;
}

static void
test_drop_opens (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *other = g_build_filename (tmpdir, "other.xingping", NULL);
  g_autofree char *csv = source_path ("tests/data/branches.csv");
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) other_file = g_file_new_for_path (other);
  g_autoptr(GFile) csv_file = g_file_new_for_path (csv);
  XpWindow *window = new_window ();
  AdwMessageDialog *dialog;

  g_assert_true (g_file_copy (file, other_file, G_FILE_COPY_NONE, NULL, NULL, NULL, NULL));

  /* Anything but an assessment is refused. */
  g_assert_false (drop_files (window, csv_file));
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");

  /* A .xingping file opens. */
  g_assert_true (drop_files (window, file));
  wait_loaded (window);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "project");
  g_assert_true (g_file_equal (xp_window_get_file (window), file));

  /* With unsaved scores, dropping another asks first; Cancel keeps all. */
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "0"));
  g_assert_true (xp_window_get_dirty (window));
  g_assert_true (drop_files (window, other_file));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  spin (100);
  g_assert_false (xp_window_is_loading (window));
  g_assert_true (g_file_equal (xp_window_get_file (window), file));
  g_assert_true (xp_window_get_dirty (window));
  g_assert_true (window_is_listed (GTK_WINDOW (window)));

  /* Save writes the scores, then the dropped file opens in the window. */
  g_assert_true (drop_files (window, other_file));
  spin (100);
  adw_message_dialog_response (find_message_dialog (), "save");
  wait_loaded (window);
  g_assert_true (window_is_listed (GTK_WINDOW (window)));
  g_assert_true (g_file_equal (xp_window_get_file (window), other_file));
  g_assert_false (xp_window_get_dirty (window));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) saved = xp_project_new_from_file (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (saved, "b001", "e1", "D1.1"), ==, 0);
  }

  /* Discard drops the scores and opens the file. */
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "1"));
  g_assert_true (drop_files (window, file));
  spin (100);
  adw_message_dialog_response (find_message_dialog (), "discard");
  wait_loaded (window);
  g_assert_true (g_file_equal (xp_window_get_file (window), file));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) untouched = xp_project_new_from_file (other, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (untouched, "b001", "e1", "D1.1"), !=, XP_DEC (1));
  }
  close_window (window);

  g_settings_reset (settings (), "recent-files");
  {
    g_autofree char *backup = g_strconcat (path, "~", NULL);

    g_unlink (backup);
  }
  g_unlink (other);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static void
test_preferences_autosave (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  GtkWidget *preferences = xp_preferences_window_new (settings ());
  GtkSpinButton *spin_button = xp_preferences_window_get_autosave_spin (preferences);
  const char *autosave;
  gint64 end;

  g_assert_cmpuint (xp_window_get_autosave_interval (window), ==, 30);
  gtk_window_set_transient_for (GTK_WINDOW (preferences), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (preferences));
  spin (500);
  g_test_message ("preferences %dx%d", gtk_widget_get_width (preferences), gtk_widget_get_height (preferences));
  shot (GTK_WIDGET (preferences), "screenshot-preferences.png");

  /* The spin button writes the setting; the window re-arms its timer. */
  g_assert_cmpfloat (gtk_spin_button_get_value (spin_button), ==, 30);
  gtk_spin_button_set_value (spin_button, 5);
  g_assert_cmpuint (g_settings_get_uint (settings (), "autosave-interval"), ==, 5);
  g_assert_cmpuint (xp_window_get_autosave_interval (window), ==, 5);
  gtk_editable_set_text (xp_preferences_window_get_evaluator_entry (preferences), "刘晓燕");
  g_assert_cmpstr (g_settings_get_string (settings (), "default-evaluator-name"), ==, "刘晓燕");
  gtk_window_destroy (GTK_WINDOW (preferences));

  /* An edit is autosaved within the new interval (not the old 30 s). */
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "0"));
  g_assert_null (xp_window_get_autosave_path (window));
  end = g_get_monotonic_time () + 12 * G_USEC_PER_SEC;
  while (xp_window_get_autosave_path (window) == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  autosave = xp_window_get_autosave_path (window);
  g_assert_nonnull (autosave);
  g_assert_true (g_file_test (autosave, G_FILE_TEST_IS_REGULAR));

  /* Out-of-range values are clamped by the schema's range. */
  g_settings_set_uint (settings (), "autosave-interval", 60);
  g_assert_cmpuint (xp_window_get_autosave_interval (window), ==, 60);

  g_settings_reset (settings (), "autosave-interval");
  g_settings_reset (settings (), "default-evaluator-name");
  g_assert_cmpuint (xp_window_get_autosave_interval (window), ==, 30);

  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (find_message_dialog (), "discard");
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static void
test_shortcuts_window (void)
{
  XpWindow *window = new_window ();
  GListModel *toplevels = gtk_window_get_toplevels ();
  GtkWindow *overlay = NULL;

  /* GtkApplication found ui/gtk/help-overlay.ui in the resources. */
  g_assert_nonnull (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (window)));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-help-overlay", NULL));
  spin (200);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (GTK_IS_SHORTCUTS_WINDOW (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        overlay = toplevel;
    }
  g_assert_nonnull (overlay);
  shot (GTK_WIDGET (overlay), "screenshot-shortcuts.png");
  gtk_window_close (overlay);

  /* The application's own actions have their shortcuts. */
  {
    g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
    g_auto(GStrv) prefs = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.preferences");

    g_assert_cmpstr (quit[0], ==, "<Control>q");
    g_assert_cmpstr (prefs[0], ==, "<Control>comma");
  }
  close_window (window);
}

static guint
count_matching (XpRanking  *ranking,
                const char *category,
                const char *grade)
{
  GListModel *model = G_LIST_MODEL (ranking);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);
      XpBranch *branch = xp_branch_result_get_branch (result);
      XpGrade *actual = xp_branch_result_get_grade (result);

      if (category != NULL && g_strcmp0 (xp_branch_get_category (branch), category) != 0)
        continue;
      if (g_strcmp0 (grade, "incomplete") == 0)
        {
          if (xp_branch_result_is_complete (result))
            continue;
        }
      else if (grade != NULL &&
               (!xp_branch_result_is_complete (result) || actual == NULL ||
                g_strcmp0 (xp_grade_get_id (actual), grade) != 0))
        continue;
      n++;
    }
  return n;
}

static void
assert_shown_match (GListModel *shown,
                    const char *category,
                    const char *grade)
{
  for (guint i = 0; i < g_list_model_get_n_items (shown); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (shown, i);

      if (category != NULL)
        g_assert_cmpstr (xp_branch_get_category (xp_branch_result_get_branch (result)), ==, category);
      if (g_strcmp0 (grade, "incomplete") == 0)
        g_assert_false (xp_branch_result_is_complete (result));
      else if (grade != NULL)
        g_assert_cmpstr (xp_grade_get_id (xp_branch_result_get_grade (result)), ==, grade);
    }
}

static void
test_results_filters_sorting (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-shell-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpRanking *ranking = xp_window_get_ranking (window);
  XpResultsPage *results = xp_window_get_results_page (window);
  GListModel *shown = xp_results_page_get_shown (results);
  const char *categories[] = { NULL, "standalone", "joint", "affiliated" };
  const char *grades[] = { NULL, "advanced", "good", "average", "lagging", "incomplete" };
  guint total = g_list_model_get_n_items (G_LIST_MODEL (ranking));
  guint n_nonempty = 0;

  g_assert_true (xp_window_select_branch (window, "b002"));
  spin (200);
  shot (GTK_WIDGET (window), "screenshot-scoring.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "results"));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, total);
  spin (200);
  shot (GTK_WIDGET (window), "screenshot-results.png");

  /* Every combination of category and grade shows exactly the branches
   * the ranking gives that category and grade. */
  for (guint c = 0; c < G_N_ELEMENTS (categories); c++)
    for (guint g = 0; g < G_N_ELEMENTS (grades); g++)
      {
        guint expected = count_matching (ranking, categories[c], grades[g]);

        g_assert_true (xp_results_page_set_category_filter (results, categories[c]));
        g_assert_true (xp_results_page_set_grade_filter (results, grades[g]));
        g_assert_cmpuint (g_list_model_get_n_items (shown), ==, expected);
        assert_shown_match (shown, categories[c], grades[g]);
        if (c > 0 && g > 0 && expected > 0)
          n_nonempty++;
      }
  /* The sample has more than one non-empty combination to tell apart. */
  g_assert_cmpuint (n_nonempty, >=, 3);
  g_assert_false (xp_results_page_set_category_filter (results, "nowhere"));

  /* The filters follow score edits: a branch scored down changes grade. */
  g_assert_true (xp_results_page_set_category_filter (results, "standalone"));
  g_assert_true (xp_results_page_set_grade_filter (results, "advanced"));
  spin (200);
  shot (GTK_WIDGET (window), "screenshot-results-filtered.png");
  g_assert_true (xp_results_page_set_category_filter (results, NULL));
  g_assert_true (xp_results_page_set_grade_filter (results, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, total);

  /* Sorting by score, highest first: scores never rise down the table,
   * branches without a score last. */
  g_assert_true (xp_results_page_sort_by (results, "score", GTK_SORT_DESCENDING));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, total);
  for (guint i = 1; i < total; i++)
    {
      g_autoptr(XpBranchResult) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(XpBranchResult) b = g_list_model_get_item (shown, i);
      XpDec sa = xp_branch_result_get_score (a);
      XpDec sb = xp_branch_result_get_score (b);

      g_assert_true (sb == XP_DEC_NONE || (sa != XP_DEC_NONE && sa >= sb));
    }
  /* Lowest first. */
  g_assert_true (xp_results_page_sort_by (results, "score", GTK_SORT_ASCENDING));
  {
    g_autoptr(XpBranchResult) first = g_list_model_get_item (shown, 0);
    g_autoptr(XpBranchResult) last = g_list_model_get_item (shown, total - 1);
    XpDec lowest = XP_DEC_NONE;

    for (guint i = 0; i < total; i++)
      {
        g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), i);
        XpDec s = xp_branch_result_get_score (r);

        if (s != XP_DEC_NONE && (lowest == XP_DEC_NONE || s < lowest))
          lowest = s;
      }
    g_assert_true (xp_branch_result_get_score (first) == XP_DEC_NONE ||
                   xp_branch_result_get_score (first) == lowest);
    g_assert_cmpuint (xp_branch_result_get_score (last), !=, XP_DEC_NONE);

    /* Double-click on a sorted row opens that row's branch. */
    xp_results_page_activate_row (results, total - 1);
    g_assert_cmpstr (xp_window_get_view_name (window), ==, "scoring");
    g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (xp_window_get_score_page (window))), ==,
                     xp_branch_get_id (xp_branch_result_get_branch (last)));
  }

  /* By name: in collation order. */
  g_assert_true (xp_results_page_sort_by (results, "name", GTK_SORT_ASCENDING));
  for (guint i = 1; i < total; i++)
    {
      g_autoptr(XpBranchResult) a = g_list_model_get_item (shown, i - 1);
      g_autoptr(XpBranchResult) b = g_list_model_get_item (shown, i);

      g_assert_cmpint (g_utf8_collate (xp_branch_get_name (xp_branch_result_get_branch (a)),
                                       xp_branch_get_name (xp_branch_result_get_branch (b))), <=, 0);
    }
  g_assert_false (xp_results_page_sort_by (results, "no-such-column", GTK_SORT_ASCENDING));

  /* Back to the ranking's own order. */
  g_assert_true (xp_results_page_sort_by (results, NULL, GTK_SORT_ASCENDING));
  for (guint i = 0; i < total; i++)
    {
      g_autoptr(XpBranchResult) a = g_list_model_get_item (shown, i);
      g_autoptr(XpBranchResult) b = g_list_model_get_item (G_LIST_MODEL (ranking), i);

      g_assert_true (a == b);
    }

  close_window (window);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  xp_application_init_i18n ();
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/shell/welcome-recent", test_welcome_recent);
  g_test_add_func ("/shell/open-sample", test_open_sample);
  g_test_add_func ("/shell/open-progress", test_open_progress);
  g_test_add_func ("/shell/open-failure", test_open_failure);
  g_test_add_func ("/shell/new-assessment", test_new_assessment);
  g_test_add_func ("/shell/drop-opens", test_drop_opens);
  g_test_add_func ("/shell/preferences-autosave", test_preferences_autosave);
  g_test_add_func ("/shell/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/shell/results-filters-sorting", test_results_filters_sorting);

  return xp_ui_test_run ();
}
