/* test-window.c — drive the real window through its actions (issue 3)
 *
 * Runs under Xvfb.  Opens a copy of the bundled sample, scores branches as
 * evaluator e1 through the score page's fields, checks what the summary
 * shows, saves with win.save and reloads the file with the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-window"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-application.h"
#include "xp-decimal.h"
#include "xp-window.h"
#include "xp-ui-test.h"

static void
test_welcome_page (void)
{
  XpWindow *window = xp_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  spin (300);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  /* Without a project, saving and stepping do nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  save_screenshot (GTK_WIDGET (window), "screenshot-welcome.png");
  close_window (window);
}

static void
test_score_and_save (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stars_before = NULL;
  g_autofree char *total_before = NULL;
  const char *d_items[] = { "D1.1", "D1.2", "D1.3", "D1.4", "D2.1", "D2.2", "D2.3", "D2.4",
                            "D3.1", "D3.2", "D3.3", "D3.4", "D4.1", "D4.2", "D4.3",
                            "D5.1", "D5.2", "D5.3", "D5.4", "D5.5", "D6.1", "D6.2", "D6.3", "D6.4" };

  /* The first group evaluator scores by default. */
  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e1");

  /* b001 is complete for everyone: 99 points, five stars, rank 1. */
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (page)), ==, "b001");
  g_assert_cmpstr (xp_score_page_get_progress_text (page), ==, "24/24 items");
  stars_before = g_strdup (xp_score_page_get_stars_text (page));
  total_before = g_strdup (xp_score_page_get_total_text (page));
  g_assert_true (g_str_has_prefix (stars_before, "★★★★★ "));

  /* An off-step value (the step is 0.5) is refused with a message and
   * changes nothing; so is one above the maximum. */
  g_assert_false (xp_score_page_enter_score (page, "D1.2", "2.3"));
  g_assert_nonnull (xp_score_page_get_last_error (page));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, XP_DEC (9) / 2);
  g_assert_false (xp_score_page_enter_score (page, "D1.2", "99"));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, XP_DEC (9) / 2);
  g_assert_cmpstr (xp_score_page_get_total_text (page), ==, total_before);

  /* e1 gives 0 on every dimension item: the mean of five group sheets
   * loses about a fifth of e1's 95 points, so b001 falls below 90 and
   * loses its fifth star. */
  for (guint i = 0; i < G_N_ELEMENTS (d_items); i++)
    g_assert_true (xp_score_page_enter_score (page, d_items[i], "0"));
  g_assert_cmpstr (xp_score_page_get_total_text (page), !=, total_before);
  g_assert_cmpstr (xp_score_page_get_stars_text (page), !=, stars_before);
  g_assert_false (g_str_has_prefix (xp_score_page_get_stars_text (page), "★★★★★ "));
  g_assert_cmpint (xp_branch_result_get_stars (xp_ranking_lookup (xp_window_get_ranking (window), "b001")), <, 5);

  /* b022: e1 has scored 19 of 24 items; fill in the rest. */
  g_assert_true (xp_window_select_branch (window, "b022"));
  g_assert_cmpstr (xp_score_page_get_progress_text (page), ==, "19/24 items");
  /* The five unscored dimension items (D5.5, D6.1–D6.4) show an empty
   * field, not a misleading 0; so do the bonus and penalty items e1 left
   * empty on b022, hence "at least". */
  g_assert_cmpuint (count_empty_fields (GTK_WIDGET (page)), >=, 5);
  spin (200);
  save_screenshot (GTK_WIDGET (window), "screenshot-incomplete.png");
  for (guint i = 0; i < G_N_ELEMENTS (d_items); i++)
    if (xp_project_get_score (project, "b022", "e1", d_items[i]) == XP_DEC_NONE)
      g_assert_true (xp_score_page_enter_score (page, d_items[i], "3"));
  g_assert_cmpstr (xp_score_page_get_progress_text (page), ==, "24/24 items");

  /* Page Down's action moves to the next branch in the list. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (page)), !=, "b022");

  g_assert_true (xp_window_select_branch (window, "b001"));
  spin (300);
  save_screenshot (GTK_WIDGET (window), "screenshot-scoring.png");

  /* win.save writes the window's file atomically, keeping a backup. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_true (g_file_test (backup, G_FILE_TEST_EXISTS));
  close_window (window);

  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (d_items); i++)
    g_assert_cmpint (xp_project_get_score (reloaded, "b001", "e1", d_items[i]), ==, 0);
  g_assert_cmpint (xp_project_get_score (reloaded, "b001", "e2", "D1.1"), ==, XP_DEC (7) / 2);
  g_assert_true (xp_project_sheet_is_complete (reloaded, "b022", "e1"));

  g_unlink (path);
  g_unlink (backup);
  g_rmdir (tmpdir);
}

static void
test_results_view (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *json_path = g_build_filename (tmpdir, "ranking.json", NULL);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autoptr(GFile) json_file = g_file_new_for_path (json_path);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpResultsPage *results = xp_window_get_results_page (window);
  GtkColumnView *column_view = xp_results_page_get_column_view (results);
  GListModel *model;
  g_autoptr(XpBranchResult) first = NULL;
  g_autoptr(XpBranchResult) last = NULL;
  AdwMessageDialog *dialog;
  g_autoptr(XpProject) reloaded = NULL;
  guint n, n_quotas = 0;

  g_assert_cmpstr (xp_window_get_view_name (window), ==, "scoring");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "results"));
  g_assert_cmpstr (xp_window_get_view_name (window), ==, "results");

  /* One row per branch, in listing order: rank 1 first. */
  model = G_LIST_MODEL (gtk_column_view_get_model (column_view));
  n = g_list_model_get_n_items (model);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (xp_project_get_branches (project)));
  first = g_list_model_get_item (model, 0);
  g_assert_cmpuint (xp_branch_result_get_rank (first), ==, 1);
  /* Ten columns of results and the "sensitive" marker (issue 5). */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_columns (column_view))), ==, 11);
  /* The quota warning shows exactly when a quota is exceeded. */
  {
    const XpQuotaResult *quotas = xp_ranking_get_quotas (xp_window_get_ranking (window), &n_quotas);
    gboolean exceeded = FALSE;

    for (guint i = 0; i < n_quotas; i++)
      exceeded |= quotas[i].exceeded;
    g_assert_cmpint (exceeded, ==, xp_results_page_get_quota_text (results) != NULL);
  }
  spin (300);
  save_screenshot (GTK_WIDGET (window), "screenshot-results.png");

  /* The ranked JSON the export action writes. */
  g_assert_true (xp_window_export_json (window, json_file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (json_path, &json, NULL, NULL));
  g_assert_true (g_str_has_prefix (json, "{"));

  /* Activating a row (Enter / double-click) opens that branch for scoring. */
  last = g_list_model_get_item (model, n - 1);
  xp_results_page_activate_row (results, n - 1);
  g_assert_cmpstr (xp_window_get_view_name (window), ==, "scoring");
  g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (xp_window_get_score_page (window))), ==,
                   xp_branch_get_id (xp_branch_result_get_branch (last)));

  /* A dirty close asks first; Cancel keeps the window and its changes. */
  g_assert_false (xp_window_get_dirty (window));
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "0"));
  g_assert_true (xp_window_get_dirty (window));
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (adw_message_dialog_has_response (dialog, "discard"));
  g_assert_true (adw_message_dialog_has_response (dialog, "save"));
  adw_message_dialog_response (dialog, "cancel");
  spin (100);
  g_assert_true (window_is_listed (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
  g_assert_true (xp_window_get_dirty (window));

  /* Save writes the file, then closes. */
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (dialog, "save");
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
  g_assert_null (find_message_dialog ());
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (reloaded, "b001", "e1", "D1.1"), ==, 0);
  g_clear_object (&reloaded);

  /* Discard closes without writing. */
  window = open_window (path);
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "4"));
  gtk_window_close (GTK_WINDOW (window));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  adw_message_dialog_response (dialog, "discard");
  wait_for_null ((gpointer *) &window);
  g_assert_null (window);
  g_assert_null (find_message_dialog ());
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (reloaded, "b001", "e1", "D1.1"), ==, 0);
  g_unlink (backup);

  g_unlink (json_path);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static void
test_undo_redo (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autofree char *total_before = NULL;
  g_autofree char *total_after = NULL;
  XpDec before;

  g_assert_true (xp_window_select_branch (window, "b001"));
  before = xp_project_get_score (project, "b001", "e1", "D1.2");
  total_before = g_strdup (xp_score_page_get_total_text (page));
  /* Nothing to undo yet: the action is disabled and changes nothing. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, before);

  g_assert_true (xp_score_page_enter_score (page, "D1.2", "0"));
  total_after = g_strdup (xp_score_page_get_total_text (page));
  g_assert_cmpstr (total_after, !=, total_before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, before);
  g_assert_cmpstr (xp_score_page_get_total_text (page), ==, total_before);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, before);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, 0);
  g_assert_cmpstr (xp_score_page_get_total_text (page), ==, total_after);

  /* A note is no undo step (undo reads each edit's old value from its
   * audit entry; a note writes none), and a cleared score comes back. */
  xp_project_set_note (project, "b001", "e1", "D1.3", "材料齐全");
  g_assert_true (xp_project_set_score (project, "b001", "e1", "D1.4", XP_DEC_NONE, NULL));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.4"), !=, XP_DEC_NONE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, before);
  g_assert_cmpstr (xp_project_get_note (project, "b001", "e1", "D1.3"), ==, "材料齐全");

  close_window (window);
  g_unlink (path);
  g_rmdir (tmpdir);
}

/* Autosave, a kill, and recovery on the next start (XDG_DATA_HOME is a
 * temporary directory, set in main()). */
static void
test_autosave_recover (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  g_auto(GStrv) autosaves = NULL;
  g_auto(GStrv) left = NULL;
  g_autofree char *recovered_path = NULL;
  AdwMessageDialog *dialog;
  XpProject *project;

  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 0);
  g_clear_pointer (&autosaves, g_strfreev);

  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.2", "0"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.autosave-now", NULL));
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 1);

  /* A kill: the window goes away without asking or saving. */
  close_window (window);
  g_clear_pointer (&autosaves, g_strfreev);
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 1);

  /* The next start offers the autosave back. */
  g_application_activate (G_APPLICATION (app));
  spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  window = XP_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  g_assert_nonnull (window);
  adw_message_dialog_response (dialog, "recover");
  spin (100);
  project = xp_window_get_project (window);
  g_assert_nonnull (project);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, 0);
  g_assert_true (xp_window_get_dirty (window));
  g_assert_nonnull (xp_window_get_file (window));
  recovered_path = g_file_get_path (xp_window_get_file (window));
  g_assert_cmpstr (recovered_path, ==, path);

  /* Saving removes the autosave. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_false (xp_window_get_dirty (window));
  left = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (left), ==, 0);
  close_window (window);

  g_unlink (backup);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/window/welcome-page", test_welcome_page);
  g_test_add_func ("/window/score-branches-and-save", test_score_and_save);
  g_test_add_func ("/window/results-and-dirty-close", test_results_view);
  g_test_add_func ("/window/undo-redo", test_undo_redo);
  g_test_add_func ("/window/autosave-and-recover", test_autosave_recover);

  return xp_ui_test_run ();
}
