/* test-scorepage.c — the score sheet reuses its rows from branch to branch
 *
 * Runs under Xvfb on a copy of the bundled sample, prepared with the core
 * so that three branches of different categories (standalone b023, joint
 * b024, affiliated b030) carry their own scores, notes and ticked
 * deductions on items only their category has (D1.4, D1.5, D1.6).
 * Stepping between them must show exactly each branch's data (the same as
 * a sheet built from scratch for it), hide the items that do not apply,
 * write nothing, and edits afterwards must go to the branch shown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-scorepage"

#include "config.h"

#include <string.h>
#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-window.h"
#include "xp-ui-test.h"

typedef struct
{
  guint n_scores;
  guint n_annotations;
} Writes;

static void
score_changed_cb (XpProject  *project,
                  XpBranch   *branch,
                  const char *evaluator,
                  const char *item_id,
                  Writes     *writes)
{
  writes->n_scores++;
}

static void
annotation_changed_cb (XpProject  *project,
                       const char *branch_id,
                       const char *evaluator,
                       const char *item_id,
                       Writes     *writes)
{
  writes->n_annotations++;
}

/* The sample with e1's data on b023, b024 and b030 set through the core. */
static char *
prepare_sample (const char *tmpdir)
{
  g_autofree char *path = copy_sample (tmpdir);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);

  /* b023, standalone: e1 has scored nothing there yet. */
  g_assert_true (xp_project_set_deduction_count (project, "b023", "e1", "D1.1", "#1", 1, &error));
  g_assert_true (xp_project_set_score (project, "b023", "e1", "D1.1", XP_DEC (2), &error));
  g_assert_true (xp_project_set_deduction_count (project, "b023", "e1", "D1.3", "#2", 2, &error));
  g_assert_true (xp_project_set_score (project, "b023", "e1", "D1.3", XP_DEC (1), &error));
  g_assert_true (xp_project_set_score (project, "b023", "e1", "D1.4", XP_DEC (5) / 2, &error));
  xp_project_set_note (project, "b023", "e1", "D1.4", "A: 会议记录缺两次");

  /* b024, joint. */
  g_assert_true (xp_project_set_deduction_count (project, "b024", "e1", "D1.5", "#2", 3, &error));
  g_assert_true (xp_project_set_score (project, "b024", "e1", "D1.5", XP_DEC (3) / 2, &error));
  xp_project_set_note (project, "b024", "e1", "D1.1", "B: 换届材料待补");

  /* b030, affiliated. */
  g_assert_true (xp_project_set_deduction_count (project, "b030", "e1", "D1.6", "#1", 1, &error));
  g_assert_true (xp_project_set_score (project, "b030", "e1", "D1.6", XP_DEC (2), &error));
  xp_project_set_note (project, "b030", "e1", "D1.6", "C: 联系记录不全");
  g_assert_no_error (error);

  g_assert_true (xp_project_save_to_file (project, path, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

/* The item's row on the sheet, shown or not (its title starts with the
 * item's id). */
static GtkWidget *
find_item_row (GtkWidget  *widget,
               const char *item_id)
{
  if (ADW_IS_ACTION_ROW (widget))
    {
      const char *title = adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget));
      g_autofree char *prefix = g_strconcat (item_id, "  ", NULL);

      return g_str_has_prefix (title, prefix) ? widget : NULL;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_item_row (child, item_id);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
focus_is_in (XpWindow  *window,
             GtkWidget *field)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (window));

  return field != NULL && focus != NULL && (focus == field || gtk_widget_is_ancestor (focus, field));
}

/* The page shows exactly @branch_id's data for e1: checked against the
 * project, and against a sheet built from scratch for the branch. */
static void
assert_sheet_shows (XpWindow   *window,
                    const char *branch_id)
{
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  XpCriteria *criteria = xp_project_get_criteria (project);
  XpBranch *branch = xp_project_lookup_branch (project, branch_id);
  const char *category = xp_branch_get_category (branch);
  GtkWidget *fresh_widget = xp_score_page_new ();
  XpScorePage *fresh = XP_SCORE_PAGE (fresh_widget);
  g_autofree char *progress = NULL;
  guint n_scored = 0, n_items = 0;
  XpDec d1_sum = 0;
  GtkWidget *d1_group;
  g_autoptr(XpDimension) d1 = NULL;
  char sum_buf[XP_DEC_BUF_SIZE], max_buf[XP_DEC_BUF_SIZE];
  g_autofree char *subtotal = NULL;

  g_object_ref_sink (fresh_widget);
  xp_score_page_set_project (fresh, project, xp_window_get_ranking (window));
  xp_score_page_set_evaluator (fresh, xp_window_get_evaluator (window));
  xp_score_page_set_branch (fresh, branch);

  g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (page)), ==, branch_id);

  for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
    {
      XpItem *item = xp_criteria_get_item (criteria, i);
      const char *id = xp_item_get_id (item);
      GtkWidget *field = xp_score_page_get_field (page, id);
      GtkWidget *row = find_item_row (GTK_WIDGET (page), id);
      XpDec stored = xp_project_get_score (project, branch_id, "e1", id);
      const char *note = xp_project_get_note (project, branch_id, "e1", id);

      /* Every item of the criteria has its row. */
      g_assert_nonnull (row);
      if (!xp_item_applies_to (item, category))
        {
          /* Not on this branch's sheet: hidden, and no field. */
          g_assert_false (gtk_widget_get_visible (row));
          g_assert_null (field);
          g_assert_null (xp_score_page_get_field (fresh, id));
          continue;
        }

      g_assert_true (gtk_widget_get_visible (row));
      g_assert_nonnull (field);
      g_assert_true (gtk_widget_is_ancestor (field, row));
      if (stored == XP_DEC_NONE)
        g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==, "");
      else
        {
          g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), !=, "");
          g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (field)), ==, xp_dec_to_double (stored));
        }
      g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (field)), ==,
                       gtk_editable_get_text (GTK_EDITABLE (xp_score_page_get_field (fresh, id))));
      g_assert_cmpint (xp_score_page_item_has_note_indicator (page, id), ==, note != NULL);
      g_assert_cmpint (xp_score_page_item_has_note_indicator (fresh, id), ==, note != NULL);
      if (note != NULL)
        g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), note));
      for (guint j = 0; j < xp_item_get_n_deductions (item); j++)
        {
          g_autofree char *key = xp_item_dup_deduction_key (item, j);
          guint count = xp_project_get_deduction_count (project, branch_id, "e1", id, key);

          g_assert_cmpint (xp_score_page_deduction_is_ticked (page, id, j), ==, count > 0);
          g_assert_cmpint (xp_score_page_deduction_is_ticked (fresh, id, j), ==, count > 0);
        }
      if (xp_item_get_kind (item) == XP_ITEM_DIMENSION && stored != XP_DEC_NONE &&
          g_strcmp0 (xp_dimension_get_id (xp_item_get_dimension (item)), "D1") == 0)
        d1_sum += stored;
    }

  /* The summary and D1's subtotal are the branch's. */
  xp_project_get_progress (project, branch_id, "e1", &n_scored, &n_items);
  progress = g_strdup_printf ("%u/%u items", n_scored, n_items);
  g_assert_cmpstr (xp_score_page_get_progress_text (page), ==, progress);
  g_assert_cmpstr (xp_score_page_get_total_text (page), ==, xp_score_page_get_total_text (fresh));
  g_assert_cmpstr (xp_score_page_get_stars_text (page), ==, xp_score_page_get_stars_text (fresh));
  d1 = g_list_model_get_item (xp_criteria_get_dimensions (criteria), 0);
  d1_group = gtk_widget_get_ancestor (xp_score_page_get_field (page, "D1.1"), ADW_TYPE_PREFERENCES_GROUP);
  subtotal = g_strdup_printf (" — %s / %s", xp_dec_to_buf (d1_sum, sum_buf),
                              xp_dec_to_buf (xp_dimension_get_max (d1, category), max_buf));
  g_assert_true (g_str_has_suffix (adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (d1_group)), subtotal));

  xp_score_page_set_project (fresh, NULL, NULL);
  g_object_unref (fresh_widget);
}

/* A menu button showing the icon named @data: the note's
 * (document-edit-symbolic) or the guidance's (dialog-information-symbolic). */
static gboolean
is_menu_button_with_icon (GtkWidget     *widget,
                          gconstpointer  data)
{
  return GTK_IS_MENU_BUTTON (widget) &&
         g_strcmp0 (gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)), data) == 0;
}

static gboolean
is_label (GtkWidget     *widget,
          gconstpointer  data)
{
  return GTK_IS_LABEL (widget);
}

static gboolean
is_text_view (GtkWidget     *widget,
              gconstpointer  data)
{
  return GTK_IS_TEXT_VIEW (widget);
}

/* A note's popover is made when it is first opened (not with the rows),
 * and then works like any: what is typed is kept when it closes.  The
 * guidance's popover too.  First
 * in this file: the process's first window can always place a popup. */
static void
test_note_popover_on_demand (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = prepare_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  GtkWidget *row, *button, *view;
  GtkPopover *popover;
  GtkTextBuffer *buffer;
  gint64 end;

  g_assert_true (xp_window_select_branch (window, "b023"));
  /* no note editor exists before one is asked for */
  g_assert_null (find_widget (GTK_WIDGET (page), is_text_view, NULL));
  row = gtk_widget_get_ancestor (xp_score_page_get_field (page, "D1.1"), ADW_TYPE_ACTION_ROW);
  button = find_widget (row, is_menu_button_with_icon, "document-edit-symbolic");
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));

  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.edit-note", NULL));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  end = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!gtk_widget_get_mapped (GTK_WIDGET (popover)) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (popover)));
  view = find_widget (GTK_WIDGET (popover), is_text_view, NULL);
  g_assert_nonnull (view);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_set_text (buffer, "台账齐全", -1);
  gtk_popover_popdown (popover);
  spin (100);
  g_assert_cmpstr (xp_project_get_note (project, "b023", "e1", "D1.1"), ==, "台账齐全");
  g_assert_true (xp_window_get_dirty (window));

  /* the next branch reuses it, showing that branch's own note */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.1"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "score.edit-note", NULL));
  g_assert_true (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)) == popover);
  spin (100);
  {
    g_autofree char *shown = NULL;
    GtkTextIter start, stop;

    gtk_text_buffer_get_bounds (buffer, &start, &stop);
    shown = gtk_text_buffer_get_text (buffer, &start, &stop, FALSE);
    g_assert_cmpstr (shown, ==, xp_project_get_note (project, "b024", "e1", "D1.1") ?: "");
    g_assert_cmpstr (shown, !=, "台账齐全");
  }
  gtk_popover_popdown (popover);
  spin (100);
  g_assert_cmpstr (xp_project_get_note (project, "b023", "e1", "D1.1"), ==, "台账齐全");

  /* so is the guidance's */
  button = find_widget (row, is_menu_button_with_icon, "dialog-information-symbolic");
  g_assert_nonnull (button);
  g_assert_null (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  {
    XpCriteria *criteria = xp_project_get_criteria (project);
    XpItem *item = NULL;
    GtkWidget *label = find_widget (GTK_WIDGET (popover), is_label, NULL);

    for (guint i = 0; i < xp_criteria_get_n_items (criteria) && item == NULL; i++)
      if (g_strcmp0 (xp_item_get_id (xp_criteria_get_item (criteria, i)), "D1.1") == 0)
        item = xp_criteria_get_item (criteria, i);
    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, xp_text_get_for_user (xp_item_get_guidance (item)));
  }
  gtk_popover_popdown (popover);
  spin (50);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  close_window (window);
  g_unlink (path);
  g_unlink (backup);
  g_rmdir (tmpdir);
}

static void
test_stepping_shows_each_branch (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = prepare_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  g_autofree char *digest = xp_project_compute_digest (project);
  g_autofree char *after = NULL;
  guint n_audit = xp_project_get_n_audit_entries (project);
  Writes writes = { 0, 0 };
  GtkWidget *d1_1;

  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e1");
  g_assert_false (xp_window_get_dirty (window));
  g_signal_connect (project, "score-changed", G_CALLBACK (score_changed_cb), &writes);
  g_signal_connect (project, "annotation-changed", G_CALLBACK (annotation_changed_cb), &writes);

  /* standalone → joint → affiliated → joint → standalone, by selecting
   * and by Page Down / Page Up's actions. */
  g_assert_true (xp_window_select_branch (window, "b023"));
  assert_sheet_shows (window, "b023");
  d1_1 = xp_score_page_get_field (page, "D1.1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  assert_sheet_shows (window, "b024");
  /* The same field serves every branch. */
  g_assert_true (xp_score_page_get_field (page, "D1.1") == d1_1);
  g_assert_true (xp_window_select_branch (window, "b030"));
  assert_sheet_shows (window, "b030");
  spin (100);
  save_screenshot (GTK_WIDGET (window), "screenshot-scorepage-affiliated.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-branch", NULL));
  assert_sheet_shows (window, "b029");
  g_assert_true (xp_window_select_branch (window, "b023"));
  assert_sheet_shows (window, "b023");

  /* With the focus in a score field, stepping puts it in the next
   * branch's first field, and still writes nothing. */
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.4"));
  g_assert_true (focus_is_in (window, xp_score_page_get_field (page, "D1.4")));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  assert_sheet_shows (window, "b024");
  g_assert_true (focus_is_in (window, xp_score_page_get_field (page, "D1.1")));
  spin (100);
  assert_sheet_shows (window, "b024");

  /* Tab / Shift+Tab skip the hidden items: D1.3 → D1.5 → D1.3 on a joint
   * branch (D1.4 is standalone-only). */
  gtk_widget_grab_focus (xp_score_page_get_field (page, "D1.3"));
  gtk_widget_activate_action (GTK_WIDGET (page), "score.next-item", NULL);
  g_assert_true (focus_is_in (window, xp_score_page_get_field (page, "D1.5")));
  gtk_widget_activate_action (GTK_WIDGET (page), "score.previous-item", NULL);
  g_assert_true (focus_is_in (window, xp_score_page_get_field (page, "D1.3")));

  /* Nothing was written: no score, note or deduction, no undo entry, no
   * audit entry, and the window has nothing to save. */
  g_assert_cmpuint (writes.n_scores, ==, 0);
  g_assert_cmpuint (writes.n_annotations, ==, 0);
  after = xp_project_compute_digest (project);
  g_assert_cmpstr (after, ==, digest);
  g_assert_cmpuint (xp_project_get_n_audit_entries (project), ==, n_audit);
  g_assert_false (xp_window_get_dirty (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_clear_pointer (&after, g_free);
  after = xp_project_compute_digest (project);
  g_assert_cmpstr (after, ==, digest);
  g_assert_false (xp_window_get_dirty (window));

  g_signal_handlers_disconnect_by_data (project, &writes);
  close_window (window);
  g_unlink (path);
  g_unlink (backup);
  g_rmdir (tmpdir);
}

static void
test_edits_go_to_the_branch_shown (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = prepare_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  XpDec a_d1_1, a_d1_2, a_d1_5;
  GtkWidget *field;

  /* Visit A (b023, standalone), then B (b024, joint). */
  g_assert_true (xp_window_select_branch (window, "b023"));
  a_d1_1 = xp_project_get_score (project, "b023", "e1", "D1.1");
  a_d1_2 = xp_project_get_score (project, "b023", "e1", "D1.2");
  a_d1_5 = xp_project_get_score (project, "b023", "e1", "D1.5");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  g_assert_cmpstr (xp_branch_get_id (xp_score_page_get_branch (page)), ==, "b024");
  g_assert_false (xp_window_get_dirty (window));

  /* A standalone-only item is not on B's sheet. */
  g_assert_null (xp_score_page_get_field (page, "D1.4"));

  /* A score, a deduction and a note on B go to B only. */
  g_assert_true (xp_score_page_enter_score (page, "D1.1", "1.5"));
  g_assert_cmpint (xp_project_get_score (project, "b024", "e1", "D1.1"), ==, XP_DEC (3) / 2);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.1"), ==, a_d1_1);
  g_assert_true (xp_window_get_dirty (window));

  /* D1.5 (max 3): "no joint meeting" −1 on top of 3 × −0.5 gives 0.5. */
  g_assert_true (xp_score_page_tick_deduction (page, "D1.5", 0, 1));
  g_assert_cmpuint (xp_project_get_deduction_count (project, "b024", "e1", "D1.5", "#1"), ==, 1);
  g_assert_cmpint (xp_project_get_score (project, "b024", "e1", "D1.5"), ==, XP_DEC (1) / 2);
  g_assert_cmpuint (xp_project_get_deduction_count (project, "b023", "e1", "D1.5", "#1"), ==, 0);
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.5"), ==, a_d1_5);

  g_assert_true (xp_score_page_enter_note (page, "D1.2", "B 的新备注"));
  g_assert_cmpstr (xp_project_get_note (project, "b024", "e1", "D1.2"), ==, "B 的新备注");
  g_assert_null (xp_project_get_note (project, "b023", "e1", "D1.2"));
  g_assert_true (xp_score_page_item_has_note_indicator (page, "D1.2"));

  /* Back on A, its own data shows again, untouched. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.previous-branch", NULL));
  assert_sheet_shows (window, "b023");
  g_assert_false (xp_score_page_item_has_note_indicator (page, "D1.2"));
  g_assert_false (xp_score_page_deduction_is_ticked (page, "D1.1", 1));

  /* Undo takes back B's last edit (the deduction's score), not anything
   * the stepping did. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b024", "e1", "D1.5"), ==, XP_DEC (3) / 2);
  g_assert_cmpint (xp_project_get_score (project, "b024", "e1", "D1.1"), ==, XP_DEC (3) / 2);
  assert_sheet_shows (window, "b023");

  /* A value typed on A but not entered when Page Down is pressed stays
   * A's (as leaving the field would); B's field shows B's value. */
  field = xp_score_page_get_field (page, "D1.2");
  gtk_widget_grab_focus (field);
  gtk_editable_set_text (GTK_EDITABLE (field), "2");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b023", "e1", "D1.2"), ==, XP_DEC (2));
  g_assert_cmpint (a_d1_2, !=, XP_DEC (2));
  assert_sheet_shows (window, "b024");
  g_assert_cmpint (xp_project_get_score (project, "b024", "e1", "D1.2"), !=, XP_DEC (2));

  close_window (window);
  g_unlink (path);
  g_unlink (backup);
  g_rmdir (tmpdir);
}

int
main (int    argc,
      char **argv)
{
  xp_ui_test_init (&argc, &argv);
  g_test_add_func ("/scorepage/note-popover-on-demand", test_note_popover_on_demand);
  g_test_add_func ("/scorepage/stepping-shows-each-branch", test_stepping_shows_each_branch);
  g_test_add_func ("/scorepage/edits-go-to-the-branch-shown", test_edits_go_to_the_branch_shown);
  return xp_ui_test_run ();
}
