/* test-scoring.c — evaluators, branches, filters and the score sheet (issue 3)
 *
 * Runs under Xvfb on a copy of the bundled sample: adds and renames an
 * evaluator through its dialog, adds, edits and removes a branch through
 * the branch dialog, filters the sidebar, moves between score fields with
 * Tab/Enter and keeps notes, saving and reloading with the core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scoring"

#include "config.h"

#include <locale.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-branch-dialog.h"
#include "xp-decimal.h"
#include "xp-evaluator-dialog.h"
#include "xp-window.h"
#include "xp-ui-test.h"

static XpBranchDialog *
find_branch_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (XP_IS_BRANCH_DIALOG (toplevel) && gtk_widget_get_visible (GTK_WIDGET (toplevel)))
        return XP_BRANCH_DIALOG (toplevel);
    }
  return NULL;
}

/* Ids of the rows the sidebar shows, space-separated. */
static char *
listed_ids (XpWindow *window)
{
  GListModel *model = xp_window_get_branch_list_model (window);
  GString *ids = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (model, i);

      if (ids->len > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, xp_branch_get_id (branch));
    }
  return g_string_free (ids, FALSE);
}

static void
test_add_and_rename_evaluator (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  AdwMessageDialog *dialog;
  XpEvaluatorDialog *evaluator_dialog;
  XpEvaluator *added;

  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_evaluators (project)), ==, 6);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-evaluator", NULL);
  spin (200);
  dialog = find_message_dialog ();
  g_assert_true (XP_IS_EVALUATOR_DIALOG (dialog));
  evaluator_dialog = XP_EVALUATOR_DIALOG (dialog);

  /* Empty: nothing to add yet. */
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  /* A name already used is refused, with a message naming it. */
  gtk_editable_set_text (GTK_EDITABLE (xp_evaluator_dialog_get_name_row (evaluator_dialog)), "李秀梅");
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_nonnull (strstr (xp_evaluator_dialog_get_problem (evaluator_dialog), "李秀梅"));
  /* The sample already has a self-assessment sheet: a second is refused. */
  gtk_editable_set_text (GTK_EDITABLE (xp_evaluator_dialog_get_name_row (evaluator_dialog)), "孙立新");
  adw_combo_row_set_selected (xp_evaluator_dialog_get_role_row (evaluator_dialog), 1);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_nonnull (strstr (xp_evaluator_dialog_get_problem (evaluator_dialog), "党组织自评"));
  adw_combo_row_set_selected (xp_evaluator_dialog_get_role_row (evaluator_dialog), 0);
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "add"));
  g_assert_null (xp_evaluator_dialog_get_problem (evaluator_dialog));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-evaluator-dialog.png");

  /* What the Add button does: answer, then close. */
  adw_message_dialog_response (dialog, "add");
  gtk_window_close (GTK_WINDOW (dialog));
  spin (200);
  g_assert_null (find_message_dialog ());

  /* The new group evaluator e6 now scores, with an empty sheet. */
  added = xp_project_lookup_evaluator (project, "e6");
  g_assert_nonnull (added);
  g_assert_cmpstr (xp_evaluator_get_name (added), ==, "孙立新");
  g_assert_cmpint (xp_evaluator_get_role (added), ==, XP_ROLE_GROUP);
  g_assert_true (xp_window_get_evaluator (window) == added);
  g_assert_true (xp_window_get_dirty (window));
  {
    g_autofree char *empty = g_strdup_printf (_("%u/%u items"), 0, 24);

    g_assert_cmpstr (xp_score_page_get_progress_text (xp_window_get_score_page (window)), ==, empty);
  }

  /* Rename it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.rename-evaluator", NULL);
  spin (200);
  dialog = find_message_dialog ();
  g_assert_true (XP_IS_EVALUATOR_DIALOG (dialog));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xp_evaluator_dialog_get_name_row (XP_EVALUATOR_DIALOG (dialog)))), ==, "孙立新");
  gtk_editable_set_text (GTK_EDITABLE (xp_evaluator_dialog_get_name_row (XP_EVALUATOR_DIALOG (dialog))), "  孙立新（组长） ");
  adw_message_dialog_response (dialog, "save");
  gtk_window_close (GTK_WINDOW (dialog));
  spin (200);
  g_assert_cmpstr (xp_evaluator_get_name (added), ==, "孙立新（组长）");

  /* Saved and reloaded: the evaluator is in the file. */
  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xp_evaluator_get_name (xp_project_lookup_evaluator (reloaded, "e6")), ==, "孙立新（组长）");
  close_window (window);

  /* Reopening the file picks whoever scored it last. */
  window = open_window (path);
  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e6");
  xp_window_set_evaluator (window, xp_project_lookup_evaluator (xp_window_get_project (window), "e3"));
  close_window (window);
  window = open_window (path);
  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e3");
  close_window (window);
}

static void
test_add_edit_remove_branch (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  XpBranchDialog *dialog;
  XpBranch *branch;
  AdwMessageDialog *confirm;
  guint n_before = g_list_model_get_n_items (xp_project_get_branches (project));

  /* Add: the dialog refuses to add until the name is given, and says why
   * a bad founding date is wrong. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-branch", NULL);
  spin (200);
  dialog = find_branch_dialog ();
  g_assert_nonnull (dialog);
  g_assert_nonnull (xp_branch_dialog_get_problem (dialog));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  g_assert_true (find_branch_dialog () == dialog);
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_before);

  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_name_row (dialog)), "西安云杉信息技术有限公司党支部");
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_enterprise_row (dialog)), "西安云杉信息技术有限公司");
  adw_combo_row_set_selected (xp_branch_dialog_get_category_row (dialog), 1); /* joint */
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_members_spin (dialog)), "9");
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_secretary_row (dialog)), "吴敏");
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_founded_row (dialog)), "2019-13");
  g_assert_nonnull (strstr (xp_branch_dialog_get_problem (dialog), "2019-13"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_before);
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_founded_row (dialog)), "2019-05");
  adw_combo_row_set_selected (xp_branch_dialog_get_previous_row (dialog), 4); /* 3 stars */
  gtk_switch_set_active (xp_branch_dialog_get_veto_switch (dialog, "C1"), TRUE);
  g_assert_null (xp_branch_dialog_get_problem (dialog));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-branch-dialog.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  spin (200);
  g_assert_null (find_branch_dialog ());

  /* b033 is added, selected and on the score page, with a sheet for the
   * joint category. */
  branch = xp_project_lookup_branch (project, "b033");
  g_assert_nonnull (branch);
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_before + 1);
  g_assert_cmpstr (xp_branch_get_name (branch), ==, "西安云杉信息技术有限公司党支部");
  g_assert_cmpstr (xp_branch_get_enterprise (branch), ==, "西安云杉信息技术有限公司");
  g_assert_cmpstr (xp_branch_get_category (branch), ==, "joint");
  g_assert_cmpint (xp_branch_get_members (branch), ==, 9);
  g_assert_cmpstr (xp_branch_get_secretary (branch), ==, "吴敏");
  g_assert_cmpstr (xp_branch_get_founded (branch), ==, "2019-05");
  g_assert_cmpint (xp_branch_get_previous_stars (branch), ==, 3);
  g_assert_true (xp_branch_has_veto (branch, "C1"));
  g_assert_true (xp_score_page_get_branch (page) == branch);
  g_assert_true (xp_window_get_dirty (window));

  /* Score an item on it, so removing it has something to say. */
  g_assert_true (xp_score_page_enter_score (page, "D1.1", "3"));

  /* Edit: the dialog shows the facts; change name and members, clear the
   * members (unknown) and the cap. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-branch", NULL);
  spin (200);
  dialog = find_branch_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xp_branch_dialog_get_name_row (dialog))), ==, "西安云杉信息技术有限公司党支部");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xp_branch_dialog_get_members_spin (dialog))), ==, "9");
  g_assert_true (gtk_switch_get_active (xp_branch_dialog_get_veto_switch (dialog, "C1")));
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_name_row (dialog)), "西安云杉信息党支部");
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_members_spin (dialog)), "");
  gtk_switch_set_active (xp_branch_dialog_get_veto_switch (dialog, "C1"), FALSE);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  spin (200);
  g_assert_null (find_branch_dialog ());
  g_assert_cmpstr (xp_branch_get_name (branch), ==, "西安云杉信息党支部");
  g_assert_cmpint (xp_branch_get_members (branch), ==, -1);
  g_assert_false (xp_branch_has_veto (branch, "C1"));
  g_assert_cmpstr (xp_branch_get_secretary (branch), ==, "吴敏");

  /* Saved and reloaded, the edited branch is there with its score. */
  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (reloaded, "b033")), ==, "西安云杉信息党支部");
  g_assert_cmpint (xp_project_get_score (reloaded, "b033", "e1", "D1.1"), ==, XP_DEC (3));
  g_clear_object (&reloaded);

  /* Changing b001 (standalone, fully scored) to joint would leave its
   * scores on D1.4, a standalone-only item, on items that no longer
   * apply: refused inline, nothing changes. */
  g_assert_true (xp_window_select_branch (window, "b001"));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.edit-branch", NULL);
  spin (200);
  dialog = find_branch_dialog ();
  g_assert_nonnull (dialog);
  adw_combo_row_set_selected (xp_branch_dialog_get_category_row (dialog), 1);
  g_assert_nonnull (xp_branch_dialog_get_problem (dialog));
  g_assert_nonnull (strstr (xp_branch_dialog_get_problem (dialog), "联合建"));
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  spin (100);
  g_assert_true (find_branch_dialog () == dialog);
  g_assert_cmpstr (xp_branch_get_category (xp_project_lookup_branch (project, "b001")), ==, "standalone");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.cancel", NULL);
  spin (100);
  g_assert_true (xp_window_select_branch (window, "b033"));

  /* Remove: the confirmation names the branch and its one score;
   * cancelling keeps it. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-branch", NULL);
  spin (200);
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), "西安云杉信息党支部"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), "1"));
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_close (GTK_WINDOW (confirm));
  spin (100);
  g_assert_nonnull (xp_project_lookup_branch (project, "b033"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-branch", NULL);
  spin (200);
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  adw_message_dialog_response (confirm, "remove");
  gtk_window_close (GTK_WINDOW (confirm));
  spin (200);
  g_assert_null (xp_project_lookup_branch (project, "b033"));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_before);
  g_assert_nonnull (xp_score_page_get_branch (page));
  g_assert_false (xp_score_page_get_branch (page) == branch);

  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_null (xp_project_lookup_branch (reloaded, "b033"));
  close_window (window);
}

static void
test_filters (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  GtkDropDown *category = xp_window_get_category_filter (window);
  GtkDropDown *status = xp_window_get_status_filter (window);
  GListModel *model = xp_window_get_branch_list_model (window);
  g_autofree char *ids = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 32);

  /* The sample's joint branches are b024–b029, its affiliated ones
   * b030–b032. */
  gtk_drop_down_set_selected (category, 2);
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b024 b025 b026 b027 b028 b029");
  g_clear_pointer (&ids, g_free);
  gtk_drop_down_set_selected (category, 3);
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b030 b031 b032");
  g_clear_pointer (&ids, g_free);

  /* For e1, b022 is half scored and b023 not started; the rest are done. */
  gtk_drop_down_set_selected (category, 0);
  gtk_drop_down_set_selected (status, 1);
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b023");
  g_clear_pointer (&ids, g_free);
  gtk_drop_down_set_selected (status, 2);
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b022");
  g_clear_pointer (&ids, g_free);
  gtk_drop_down_set_selected (status, 3);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 30);
  gtk_drop_down_set_selected (category, 1);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 21);

  /* Scoring b023's first item moves it from "not started" to "in
   * progress"; it stays listed while it is being scored. */
  gtk_drop_down_set_selected (category, 0);
  gtk_drop_down_set_selected (status, 1);
  g_assert_true (xp_window_select_branch (window, "b023"));
  gtk_drop_down_set_selected (status, 1);
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "2"));
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b023");
  g_clear_pointer (&ids, g_free);
  gtk_drop_down_set_selected (status, 2);
  ids = listed_ids (window);
  g_assert_cmpstr (ids, ==, "b022 b023");
  g_clear_pointer (&ids, g_free);
  save_screenshot (GTK_WIDGET (window), "screenshot-filters.png");

  /* The status follows the evaluator: for e2, b023 is not started. */
  gtk_drop_down_set_selected (status, 1);
  xp_window_set_evaluator (window, xp_project_lookup_evaluator (xp_window_get_project (window), "e2"));
  g_assert_true (g_list_model_get_n_items (model) >= 1);
  ids = listed_ids (window);
  g_assert_nonnull (strstr (ids, "b023"));
  close_window (window);
}

static void
test_tab_enter_moves_on (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  GtkWidget *focus;

  g_assert_true (xp_window_select_branch (window, "b023"));
  spin (100);

  /* Type into D1.1 and press Enter (score.next-item): the value is kept
   * and the focus moves to D1.2's field. */
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.1"));
  gtk_editable_set_text (GTK_EDITABLE (xp_score_page_get_field (page, "D1.1")), "3.5");
  gtk_widget_activate_action (GTK_WIDGET (page), "score.next-item", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (7) / 2);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_nonnull (focus);
  g_assert_true (focus == xp_score_page_get_field (page, "D1.2") ||
                 gtk_widget_is_ancestor (focus, xp_score_page_get_field (page, "D1.2")));

  /* A value above the maximum is refused: nothing stored, the focus stays. */
  gtk_editable_set_text (GTK_EDITABLE (xp_score_page_get_field (page, "D1.2")), "77");
  gtk_widget_activate_action (GTK_WIDGET (page), "score.next-item", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.2"), ==, XP_DEC_NONE);
  g_assert_nonnull (xp_score_page_get_last_error (page));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (focus == xp_score_page_get_field (page, "D1.2") ||
                 gtk_widget_is_ancestor (focus, xp_score_page_get_field (page, "D1.2")));

  /* Leaving a field some other way (a click elsewhere: the spin button's
   * own update) refuses an out-of-range value too, instead of clamping. */
  gtk_editable_set_text (GTK_EDITABLE (xp_score_page_get_field (page, "D1.1")), "9");
  gtk_spin_button_update (GTK_SPIN_BUTTON (xp_score_page_get_field (page, "D1.1")));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (7) / 2);
  g_assert_nonnull (strstr (xp_score_page_get_last_error (page), "D1.1"));

  /* Tab on an empty field moves on without scoring; Shift+Tab goes back. */
  gtk_editable_set_text (GTK_EDITABLE (xp_score_page_get_field (page, "D1.2")), "");
  gtk_widget_activate_action (GTK_WIDGET (page), "score.next-item", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.2"), ==, XP_DEC_NONE);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, xp_score_page_get_field (page, "D1.3")) ||
                 focus == xp_score_page_get_field (page, "D1.3"));
  gtk_widget_activate_action (GTK_WIDGET (page), "score.previous-item", NULL);
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (gtk_widget_is_ancestor (focus, xp_score_page_get_field (page, "D1.2")) ||
                 focus == xp_score_page_get_field (page, "D1.2"));
  close_window (window);
}

static void
test_notes (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (xp_window_select_branch (window, "b002"));
  g_assert_null (xp_project_get_note (project, "b002", "e1", "D2.1"));
  g_assert_false (xp_score_page_item_has_note_indicator (page, "D2.1"));

  g_assert_true (xp_score_page_enter_note (page, "D2.1", "培训台账缺 3 月记录 <待补>"));
  spin (100);
  g_assert_cmpstr (xp_project_get_note (project, "b002", "e1", "D2.1"), ==, "培训台账缺 3 月记录 <待补>");
  g_assert_true (xp_score_page_item_has_note_indicator (page, "D2.1"));
  g_assert_true (xp_window_get_dirty (window));
  save_screenshot (GTK_WIDGET (window), "screenshot-note.png");

  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (xp_project_get_note (reloaded, "b002", "e1", "D2.1"), ==, "培训台账缺 3 月记录 <待补>");
  close_window (window);

  /* Reopened, the note shows; clearing it removes it. */
  window = open_window (path);
  page = xp_window_get_score_page (window);
  g_assert_true (xp_window_select_branch (window, "b002"));
  g_assert_true (xp_score_page_item_has_note_indicator (page, "D2.1"));
  g_assert_true (xp_score_page_enter_note (page, "D2.1", "  "));
  g_assert_null (xp_project_get_note (xp_window_get_project (window), "b002", "e1", "D2.1"));
  g_assert_false (xp_score_page_item_has_note_indicator (page, "D2.1"));
  close_window (window);
}

static guint
count_scores_of (XpProject  *project,
                 const char *evaluator_id)
{
  XpCriteria *criteria = xp_project_get_criteria (project);
  GListModel *branches = xp_project_get_branches (project);
  guint n = 0;

  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);

      for (guint j = 0; j < xp_criteria_get_n_items (criteria); j++)
        if (xp_project_get_score (project, xp_branch_get_id (branch), evaluator_id,
                                  xp_item_get_id (xp_criteria_get_item (criteria, j))) != XP_DEC_NONE)
          n++;
    }
  return n;
}

static void
test_remove_evaluator (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *count = NULL;
  AdwMessageDialog *confirm;
  guint n_scores;

  xp_window_set_evaluator (window, xp_project_lookup_evaluator (project, "e2"));
  n_scores = count_scores_of (project, "e2");
  g_assert_cmpuint (n_scores, >, 0);
  count = g_strdup_printf ("%u", n_scores);

  /* The confirmation names the evaluator and the scores that go. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-evaluator", NULL);
  spin (200);
  confirm = find_message_dialog ();
  g_assert_nonnull (confirm);
  g_assert_nonnull (strstr (adw_message_dialog_get_heading (confirm), "李秀梅"));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (confirm), count));
  adw_message_dialog_response (confirm, "cancel");
  gtk_window_close (GTK_WINDOW (confirm));
  spin (100);
  g_assert_nonnull (xp_project_lookup_evaluator (project, "e2"));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.remove-evaluator", NULL);
  spin (200);
  confirm = find_message_dialog ();
  adw_message_dialog_response (confirm, "remove");
  gtk_window_close (GTK_WINDOW (confirm));
  spin (200);
  g_assert_null (xp_project_lookup_evaluator (project, "e2"));
  g_assert_cmpuint (count_scores_of (project, "e2"), ==, 0);
  /* Someone from the group scores now. */
  g_assert_nonnull (xp_window_get_evaluator (window));
  g_assert_cmpint (xp_evaluator_get_role (xp_window_get_evaluator (window)), ==, XP_ROLE_GROUP);
  g_assert_true (xp_window_get_dirty (window));

  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_null (xp_project_lookup_evaluator (reloaded, "e2"));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_evaluators (reloaded)), ==, 5);
  close_window (window);
}

static void
test_deductions (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GError) error = NULL;

  /* b023 has no scores from e1 yet. */
  g_assert_true (xp_window_select_branch (window, "b023"));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC_NONE);

  /* D1.1 (max 4): "no branch committee" −2 gives 2; adding "re-election
   * overdue" −3 would give −1, floored at 0. */
  g_assert_true (xp_score_page_tick_deduction (page, "D1.1", 0, 1));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (2));
  g_assert_true (xp_score_page_tick_deduction (page, "D1.1", 1, 1));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, 0);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (xp_score_page_get_field (page, "D1.1"))), ==, "0.0");
  g_assert_cmpuint (xp_project_get_deduction_count (project, "b023", "e1", "D1.1", "#1"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (project, "b023", "e1", "D1.1", "#2"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (project, "b023", "e1", "D1.1", "#3"), ==, 0);
  g_assert_true (xp_score_page_tick_deduction (page, "D1.1", 1, 0));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (2));
  g_assert_false (xp_score_page_deduction_is_ticked (page, "D1.1", 1));

  /* From the keyboard: Ctrl+3 in D1.1's field ticks its third deduction
   * (−1), Ctrl+3 again unticks it. */
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.1"));
  gtk_widget_activate_action (xp_score_page_get_field (page, "D1.1"), "score.toggle-deduction", "u", 2);
  g_assert_true (xp_score_page_deduction_is_ticked (page, "D1.1", 2));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (1));
  gtk_widget_activate_action (xp_score_page_get_field (page, "D1.1"), "score.toggle-deduction", "u", 2);
  g_assert_false (xp_score_page_deduction_is_ticked (page, "D1.1", 2));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, XP_DEC (2));

  /* D1.3 (max 3): −1 for each matter not discussed, twice, gives 1; the
   * count can change afterwards; "duties unclear" −1 on top gives 0. */
  g_assert_true (xp_score_page_tick_deduction (page, "D1.3", 1, 2));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (1));
  g_assert_true (xp_score_page_tick_deduction (page, "D1.3", 1, 1));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (2));
  g_assert_true (xp_score_page_tick_deduction (page, "D1.3", 0, 1));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (1));
  /* The sheet scrolls to the focused field: show D1.3's per-case count. */
  /* (A screenshot first: it waits until the sheet is laid out.) */
  save_screenshot (GTK_WIDGET (window), "screenshot-deductions-top.png");
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.3"));
  gtk_widget_activate_action (GTK_WIDGET (page), "score.next-item", NULL);
  g_assert_cmpfloat (gtk_adjustment_get_value (gtk_scrolled_window_get_vadjustment (
                       GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (xp_score_page_get_field (page, "D1.4"),
                                                                     GTK_TYPE_SCROLLED_WINDOW)))), >, 0);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (1));
  spin (100);
  save_screenshot (GTK_WIDGET (window), "screenshot-deductions.png");

  /* The score filled in is an ordinary, undoable edit... */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (2));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.redo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (1));

  /* ...and the number stays the truth: typing another keeps the ticks. */
  g_assert_true (xp_score_page_enter_score (page, "D1.3", "1.5"));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.3"), ==, XP_DEC (3) / 2);
  g_assert_true (xp_score_page_deduction_is_ticked (page, "D1.3", 0));
  g_assert_true (xp_score_page_deduction_is_ticked (page, "D1.3", 1));

  /* Saved and reloaded: scores and ticks. */
  g_assert_true (xp_window_save_to_file (window, file, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (reloaded, "b023", "e1", "D1.1"), ==, XP_DEC (2));
  g_assert_cmpint (xp_project_get_score (reloaded, "b023", "e1", "D1.3"), ==, XP_DEC (3) / 2);
  g_assert_cmpuint (xp_project_get_deduction_count (reloaded, "b023", "e1", "D1.1", "#1"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (reloaded, "b023", "e1", "D1.1", "#2"), ==, 0);
  g_assert_cmpuint (xp_project_get_deduction_count (reloaded, "b023", "e1", "D1.3", "#1"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (reloaded, "b023", "e1", "D1.3", "#2"), ==, 1);
  close_window (window);

  /* Reopened, the boxes show the ticks. */
  window = open_window (path);
  page = xp_window_get_score_page (window);
  g_assert_true (xp_window_select_branch (window, "b023"));
  g_assert_true (xp_score_page_deduction_is_ticked (page, "D1.1", 0));
  g_assert_false (xp_score_page_deduction_is_ticked (page, "D1.1", 1));
  g_assert_true (xp_score_page_deduction_is_ticked (page, "D1.3", 1));
  close_window (window);
}

static void
test_sealed_refuses_changes (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autoptr(GError) error = NULL;
  XpBranchDialog *dialog;
  guint n_branches = g_list_model_get_n_items (xp_project_get_branches (project));

  g_assert_true (xp_project_seal (project, &error));
  g_assert_no_error (error);

  /* Adding a branch to a sealed assessment is refused in the dialog,
   * which stays open and says why. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.add-branch", NULL);
  spin (200);
  dialog = find_branch_dialog ();
  g_assert_nonnull (dialog);
  gtk_editable_set_text (GTK_EDITABLE (xp_branch_dialog_get_name_row (dialog)), "某党支部");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.save", NULL);
  spin (100);
  g_assert_true (find_branch_dialog () == dialog);
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (project)), ==, n_branches);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "branch.cancel", NULL);
  spin (100);
  g_assert_null (find_branch_dialog ());

  /* A note is not kept, and the page says why. */
  g_assert_true (xp_window_select_branch (window, "b002"));
  xp_score_page_enter_note (page, "D2.1", "补充材料");
  g_assert_null (xp_project_get_note (project, "b002", "e1", "D2.1"));
  g_assert_nonnull (xp_score_page_get_last_error (page));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  /* Screenshots follow LANG; the catalogue is the build tree's. */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("XINGPING_LOCALEDIR") != NULL ? g_getenv ("XINGPING_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  xp_ui_test_init (&argc, &argv);
  /* Screenshots without half-finished transitions. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* gtk_test_init() keeps the C locale; follow LANG for the screenshots. */
  setlocale (LC_ALL, "");

  g_test_add_func ("/scoring/evaluator/add-rename-remember", test_add_and_rename_evaluator);
  g_test_add_func ("/scoring/branch/add-edit-remove", test_add_edit_remove_branch);
  g_test_add_func ("/scoring/sidebar/filters", test_filters);
  g_test_add_func ("/scoring/sheet/tab-enter", test_tab_enter_moves_on);
  g_test_add_func ("/scoring/sheet/notes", test_notes);
  g_test_add_func ("/scoring/evaluator/remove", test_remove_evaluator);
  g_test_add_func ("/scoring/sheet/deductions", test_deductions);
  g_test_add_func ("/scoring/sealed/refuses-changes", test_sealed_refuses_changes);

  return xp_ui_test_run ();
}
