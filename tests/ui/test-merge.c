/* test-merge.c — Import evaluator work: preview, resolve, apply (issue 5)
 *
 * Runs under Xvfb.  Opens a copy of the sample, imports two evaluators'
 * files (one adds an evaluator with scores and a note, the other changes
 * a score the project already has: one conflict), checks that nothing
 * changes before Apply, resolves the conflict, applies and checks the
 * values in the window's project.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-merge"

#include "config.h"

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-merge-dialog.h"
#include "xp-window.h"
#include "xp-ui-test.h"

typedef struct {
  char  *tmpdir;
  char  *master;
  GFile *files[2];
  XpDec  mine;    /* b001/e4/D1.1 in the sample */
  XpDec  theirs;  /* … in the second file */
} Fixture;

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) in1 = NULL;
  g_autoptr(XpProject) in2 = NULL;
  g_autoptr(XpEvaluator) e9 = xp_evaluator_new ("e9", "孙丽", XP_ROLE_GROUP);
  g_autofree char *path1 = NULL, *path2 = NULL;

  f->tmpdir = g_dir_make_tmp ("xingping-ui-merge-XXXXXX", NULL);
  f->master = copy_sample (f->tmpdir);

  /* in1: a new evaluator scored two items of b002 and wrote a note. */
  in1 = xp_project_new_from_file (f->master, &error);
  g_assert_no_error (error);
  g_assert_true (xp_project_add_evaluator (in1, e9, &error));
  g_assert_true (xp_project_set_score (in1, "b002", "e9", "D1.1", XP_DEC (3), &error));
  g_assert_true (xp_project_set_score (in1, "b002", "e9", "D1.2", XP_DEC (4), &error));
  g_assert_no_error (error);
  xp_project_set_note (in1, "b002", "e9", "D1.1", "换届材料不全");
  path1 = g_build_filename (f->tmpdir, "in1-孙丽.xingping", NULL);
  g_assert_true (xp_project_save_to_file (in1, path1, &error));

  /* in2: e4 changed a score the project already has. */
  in2 = xp_project_new_from_file (f->master, &error);
  g_assert_no_error (error);
  f->mine = xp_project_get_score (in2, "b001", "e4", "D1.1");
  f->theirs = f->mine >= XP_DEC (1) ? f->mine - XP_DEC (1) : f->mine + XP_DEC (1);
  xp_project_set_actor (in2, "刘晓燕");
  g_assert_true (xp_project_set_score (in2, "b001", "e4", "D1.1", f->theirs, &error));
  xp_project_set_note (in2, "b001", "e4", "D1.1", "复核：换届逾期");
  path2 = g_build_filename (f->tmpdir, "in2-刘晓燕.xingping", NULL);
  g_assert_true (xp_project_save_to_file (in2, path2, &error));
  g_assert_no_error (error);

  f->files[0] = g_file_new_for_path (path1);
  f->files[1] = g_file_new_for_path (path2);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->files[0]);
  g_clear_object (&f->files[1]);
  g_free (f->master);
  g_free (f->tmpdir);
}

static XpMergeDialog *
find_merge_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (XP_IS_MERGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return XP_MERGE_DIALOG (window);
    }
  return NULL;
}

/* The harness's save_screenshot () wants a window that has drawn a
 * frame of its own; a dialog's content is drawn through its window. */
static void
save_dialog_screenshot (XpMergeDialog *dialog,
                        const char    *name)
{
  GtkWidget *content = adw_window_get_content (ADW_WINDOW (dialog));
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (content);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (content);
  int height = gtk_widget_get_height (content);

  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_test_message ("screenshot %s: nothing drawn yet", name);
      return;
    }
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (dialog)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR"), name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

static GtkDropDown *
find_dropdown (GtkWidget *widget)
{
  if (GTK_IS_DROP_DOWN (widget))
    return GTK_DROP_DOWN (widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *found = find_dropdown (child);

      if (found)
        return found;
    }
  return NULL;
}

static void
test_import_resolve_apply (void)
{
  Fixture f = { 0 };
  XpWindow *window;
  XpProject *project;
  XpMergeDialog *dialog;
  XpMerge *merge;
  XpMergeChange *change;
  g_autofree char *before = NULL, *after_cancel = NULL;
  GListModel *evaluators;
  gint64 t0;

  fixture_set_up (&f);
  window = open_window (f.master);
  project = xp_window_get_project (window);
  before = xp_project_compute_digest (project);
  g_assert_false (xp_window_get_dirty (window));

  /* Cancelling the preview changes nothing. */
  g_assert_nonnull (xp_window_import_work (window, f.files, 2));
  spin (200);
  dialog = find_merge_dialog ();
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  gtk_widget_activate_action (GTK_WIDGET (dialog), "window.close", NULL);
  spin (200);
  g_assert_null (find_merge_dialog ());
  /* Closed means freed, with the files it loaded. */
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);
  after_cancel = xp_project_compute_digest (project);
  g_assert_cmpstr (after_cancel, ==, before);
  g_assert_null (xp_project_lookup_evaluator (project, "e9"));
  g_assert_false (xp_window_get_dirty (window));

  /* Import again: one conflict, with both values. */
  g_assert_nonnull (xp_window_import_work (window, f.files, 2));
  spin (300);
  dialog = find_merge_dialog ();
  g_assert_nonnull (dialog);
  merge = xp_merge_dialog_get_merge (dialog);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_CONFLICT), ==, 1);
  change = xp_merge_lookup_change (merge, "b001", "e4", "D1.1");
  g_assert_nonnull (change);
  g_assert_cmpint (change->mine.value, ==, f.mine);
  /* Both files hold the score; only the second differs from mine. */
  g_assert_cmpuint (change->theirs->len, ==, 2);
  g_assert_cmpint (((XpMergeSide *) change->theirs->pdata[0])->value, ==, f.mine);
  g_assert_cmpint (((XpMergeSide *) change->theirs->pdata[1])->value, ==, f.theirs);
  g_assert_cmpuint (((XpMergeSide *) change->theirs->pdata[1])->source, ==, 2);
  g_assert_cmpstr (((XpMergeSide *) change->theirs->pdata[1])->by, ==, "刘晓燕");
  g_assert_cmpuint (xp_merge_change_get_theirs (change), ==, 2);
  g_assert_cmpuint (xp_merge_get_added_evaluators (merge)->len, ==, 1);
  g_assert_false (xp_merge_dialog_can_apply (dialog));
  for (guint i = 0; i < 50 && !gtk_widget_get_mapped (GTK_WIDGET (dialog)); i++)
    spin (100);
  spin (500);
  g_test_message ("dialog mapped %d, %d×%d", gtk_widget_get_mapped (GTK_WIDGET (dialog)),
                  gtk_widget_get_width (GTK_WIDGET (dialog)), gtk_widget_get_height (GTK_WIDGET (dialog)));
  save_dialog_screenshot (dialog, "screenshot-merge-preview.png");

  /* Apply is refused while the conflict is open: nothing changes. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  spin (100);
  g_assert_true (find_merge_dialog () == dialog);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e4", "D1.1"), ==, f.mine);
  g_assert_null (xp_project_lookup_evaluator (project, "e9"));

  /* Keep all mine, then change that one conflict to theirs. */
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.keep-all-mine", NULL);
  g_assert_cmpint (change->resolution, ==, XP_MERGE_MINE);
  g_assert_true (xp_merge_dialog_can_apply (dialog));
  g_assert_true (xp_merge_dialog_resolve (dialog, "b001", "e4", "D1.1", 2));
  g_assert_cmpint (change->resolution, ==, 2);
  {
    /* The row's choice shows it: the only file that differs. */
    GtkDropDown *dropdown = find_dropdown (GTK_WIDGET (dialog));
    GtkStringObject *choice = GTK_STRING_OBJECT (gtk_drop_down_get_selected_item (dropdown));

    g_assert_cmpstr (gtk_string_object_get_string (choice), ==, "Take theirs");
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (dropdown)), ==, 3);
    /* Choosing in the row resolves the conflict. */
    gtk_drop_down_set_selected (dropdown, 1);
    g_assert_cmpint (change->resolution, ==, XP_MERGE_MINE);
    gtk_drop_down_set_selected (dropdown, 2);
    g_assert_cmpint (change->resolution, ==, 2);
  }
  g_assert_cmpint (xp_project_get_score (project, "b001", "e4", "D1.1"), ==, f.mine);
  save_dialog_screenshot (dialog, "screenshot-merge-resolved.png");
  spin (500);

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  g_test_message ("Apply took %.1f ms", (g_get_monotonic_time () - t0) / 1000.0);
  spin (300);
  g_assert_null (find_merge_dialog ());
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);

  /* The window's project has the merged values, and is unsaved. */
  project = xp_window_get_project (window);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e4", "D1.1"), ==, f.theirs);
  g_assert_cmpstr (xp_project_get_note (project, "b001", "e4", "D1.1"), ==, "复核：换届逾期");
  g_assert_nonnull (xp_project_lookup_evaluator (project, "e9"));
  g_assert_cmpint (xp_project_get_score (project, "b002", "e9", "D1.1"), ==, XP_DEC (3));
  g_assert_cmpint (xp_project_get_score (project, "b002", "e9", "D1.2"), ==, XP_DEC (4));
  g_assert_cmpstr (xp_project_get_note (project, "b002", "e9", "D1.1"), ==, "换届材料不全");
  g_assert_true (xp_window_get_dirty (window));
  /* The new evaluator can be chosen in the window. */
  evaluators = xp_project_get_evaluators (project);
  g_assert_cmpuint (g_list_model_get_n_items (evaluators), ==, 7);
  spin (500);
  save_screenshot (GTK_WIDGET (window), "screenshot-merge-applied.png");

  /* Saving writes the merged values; the files imported are untouched. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (f.master);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) reloaded = NULL;

    g_assert_true (xp_window_save_to_file (window, file, &error));
    g_assert_no_error (error);
    reloaded = xp_project_new_from_file (f.master, &error);
    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (reloaded, "b001", "e4", "D1.1"), ==, f.theirs);
    g_assert_cmpint (xp_project_get_score (reloaded, "b002", "e9", "D1.2"), ==, XP_DEC (4));
  }

  /* Undo: first the edit made after the import, then the whole import
   * in one step. */
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *after_undo = NULL;

    g_assert_true (xp_project_set_score (project, "b003", "e1", "D1.1", XP_DEC (1), &error));
    g_assert_no_error (error);
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_true (xp_window_get_project (window) == project);
    g_assert_cmpint (xp_project_get_score (project, "b003", "e1", "D1.1"), !=, XP_DEC (1));
    g_assert_cmpint (xp_project_get_score (project, "b001", "e4", "D1.1"), ==, f.theirs);

    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    project = xp_window_get_project (window);
    g_assert_cmpint (xp_project_get_score (project, "b001", "e4", "D1.1"), ==, f.mine);
    g_assert_null (xp_project_lookup_evaluator (project, "e9"));
    g_assert_null (xp_project_get_note (project, "b002", "e9", "D1.1"));
    after_undo = xp_project_compute_digest (project);
    g_assert_cmpstr (after_undo, ==, before);
    /* The file on disk has the merge: the window says unsaved. */
    g_assert_true (xp_window_get_dirty (window));
    /* Nothing more to undo. */
    gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
    g_assert_cmpint (xp_project_get_score (xp_window_get_project (window), "b001", "e4", "D1.1"), ==, f.mine);
  }

  close_window (window);
  fixture_tear_down (&f);
}

/* A file from another scheme is refused with a message; nothing opens. */
static void
test_other_scheme_refused (void)
{
  Fixture f = { 0 };
  XpWindow *window;
  g_autofree char *criteria = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), "tests", "data",
                                                "criteria", "minimal.xml", NULL);
  g_autofree char *other_path = NULL;
  g_autoptr(XpCriteria) minimal = NULL;
  g_autoptr(XpProject) other = NULL;
  g_autoptr(GFile) other_file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  AdwMessageDialog *message;
  GFile *files[2];

  fixture_set_up (&f);
  window = open_window (f.master);
  before = xp_project_compute_digest (xp_window_get_project (window));

  minimal = xp_criteria_new_from_file (criteria, &error);
  g_assert_no_error (error);
  other = xp_project_new (minimal);
  other_path = g_build_filename (f.tmpdir, "other.xingping", NULL);
  g_assert_true (xp_project_save_to_file (other, other_path, &error));
  other_file = g_file_new_for_path (other_path);
  files[0] = f.files[0];
  files[1] = other_file;

  g_assert_null (xp_window_import_work (window, files, 2));
  spin (200);
  g_assert_null (find_merge_dialog ());
  message = find_message_dialog ();
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "merge only files made from this master"));
  gtk_window_destroy (GTK_WINDOW (message));
  after = xp_project_compute_digest (xp_window_get_project (window));
  g_assert_cmpstr (after, ==, before);
  g_assert_false (xp_window_get_dirty (window));

  /* A sealed assessment takes no merge: said before any preview. */
  g_assert_true (xp_project_seal (xp_window_get_project (window), &error));
  g_assert_no_error (error);
  g_assert_null (xp_window_import_work (window, f.files, 2));
  spin (200);
  g_assert_null (find_merge_dialog ());
  message = find_message_dialog ();
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (message), "sealed"));
  gtk_window_destroy (GTK_WINDOW (message));
  g_assert_true (xp_project_reopen (xp_window_get_project (window), "test", &error));

  close_window (window);
  fixture_tear_down (&f);
}

/* Copies (or clears, @from NULL) one evaluator's scores on every branch. */
static void
copy_sheets (XpProject  *to,
             XpProject  *from,
             const char *evaluator_id)
{
  GListModel *branches = xp_project_get_branches (to);
  XpCriteria *criteria = xp_project_get_criteria (to);

  for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);
      const char *branch_id = xp_branch_get_id (branch);

      for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
        {
          const char *item_id = xp_item_get_id (xp_criteria_get_item (criteria, i));
          XpDec value = from ? xp_project_get_score (from, branch_id, evaluator_id, item_id) : XP_DEC_NONE;

          if (xp_item_applies_to (xp_criteria_get_item (criteria, i), xp_branch_get_category (branch)))
            g_assert_true (xp_project_set_score (to, branch_id, evaluator_id, item_id, value, NULL));
          xp_project_set_note (to, branch_id, evaluator_id, item_id,
                               from ? xp_project_get_note (from, branch_id, evaluator_id, item_id) : NULL);
        }
    }
}

/* Three evaluators' files imported at once give the one-file project. */
static void
test_three_evaluators (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-merge-XXXXXX", NULL);
  g_autofree char *sample_path = copy_sample (tmpdir);
  g_autofree char *master_path = g_build_filename (tmpdir, "master.xingping", NULL);
  g_autoptr(XpProject) sample = NULL;
  g_autoptr(XpProject) master = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *want = NULL, *got = NULL;
  const char *offline[] = { "e1", "e2", "e3" };
  GFile *files[3];
  XpWindow *window;
  XpMergeDialog *dialog;
  XpMergeSummary summary;
  gint64 t0;

  sample = xp_project_new_from_file (sample_path, &error);
  g_assert_no_error (error);
  master = xp_project_new_from_file (sample_path, &error);
  for (guint k = 0; k < 3; k++)
    copy_sheets (master, NULL, offline[k]);
  g_assert_true (xp_project_save_to_file (master, master_path, &error));
  for (guint k = 0; k < 3; k++)
    {
      g_autofree char *name = g_strdup_printf ("%s.xingping", offline[k]);
      g_autofree char *path = g_build_filename (tmpdir, name, NULL);
      g_autoptr(XpProject) file = xp_project_new_from_file (master_path, &error);

      g_assert_no_error (error);
      copy_sheets (file, sample, offline[k]);
      g_assert_true (xp_project_save_to_file (file, path, &error));
      files[k] = g_file_new_for_path (path);
    }

  window = open_window (master_path);
  g_assert_nonnull (xp_window_import_work (window, files, 3));
  spin (200);
  dialog = find_merge_dialog ();
  g_assert_nonnull (dialog);
  xp_merge_get_summary (xp_merge_dialog_get_merge (dialog), &summary);
  g_assert_cmpuint (summary.scores_added, >, 1000);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_true (xp_merge_dialog_can_apply (dialog));

  t0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (dialog), "merge.apply", NULL);
  g_test_message ("Applying %u scores in the window took %.0f ms", summary.scores_added,
                  (g_get_monotonic_time () - t0) / 1000.0);
  spin (200);

  want = xp_project_compute_digest (sample);
  got = xp_project_compute_digest (xp_window_get_project (window));
  g_assert_cmpstr (got, ==, want);
  {
    g_autoptr(XpRanking) ranking = xp_ranking_new (sample);

    g_assert_cmpuint (xp_ranking_get_n_complete (xp_window_get_ranking (window)), ==,
                      xp_ranking_get_n_complete (ranking));
  }

  close_window (window);
  for (guint k = 0; k < 3; k++)
    g_object_unref (files[k]);
}

int
main (int argc, char **argv)
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/merge/import-resolve-apply", test_import_resolve_apply);
  g_test_add_func ("/merge/other-scheme-refused", test_other_scheme_refused);
  g_test_add_func ("/merge/three-evaluators", test_three_evaluators);

  return xp_ui_test_run ();
}
