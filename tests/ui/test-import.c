/* test-import.c — CSV import with a preview, spreadsheet export (issue 5)
 *
 * Runs under Xvfb.  Opens a copy of the bundled sample, imports branch
 * lists and score sheets through the preview dialog — refused while a
 * row has an error, applied whole once it has none — and exports the
 * ranking as CSV and XLSX.  New Assessment shows the same preview of
 * its branch list and creates nothing while a row has an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-import"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-decimal.h"
#include "xp-export.h"
#include "xp-import-dialog.h"
#include "xp-new-dialog.h"
#include "xp-ui-test.h"

/* Writes @utf8 to DIR/NAME, converted to GB18030 when @gbk. */
static GFile *
write_csv (const char *dir,
           const char *name,
           const char *utf8,
           gboolean    gbk)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *data = NULL;
  gsize len = strlen (utf8);

  if (gbk)
    data = g_convert (utf8, -1, "GB18030", "UTF-8", NULL, &len, NULL);
  else
    data = g_strdup (utf8);
  g_assert_nonnull (data);
  g_assert_true (g_file_set_contents (path, data, len, NULL));
  return g_file_new_for_path (path);
}

static guint
n_branches (XpWindow *window)
{
  return g_list_model_get_n_items (xp_project_get_branches (xp_window_get_project (window)));
}

static void
test_import_branches (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpImportDialog *dialog;
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(GError) error = NULL;
  guint before = n_branches (window);

  g_assert_false (xp_window_get_dirty (window));

  /* GBK, as WPS saves it, with one row naming a 组建方式 the scheme
   * does not have: listed, and Import stays disabled. */
  bad = write_csv (tmpdir, "bad.csv",
                   "名称,企业,组建方式,党员数\r\n"
                   "新甲党支部,新甲公司,单独建,9\r\n"
                   "新乙党支部,新乙公司,独立建,15\r\n", TRUE);
  dialog = xp_import_dialog_open (window, XP_CSV_BRANCHES, bad, &error);
  g_assert_no_error (error);
  g_assert_nonnull (dialog);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  spin (300);
  g_test_message ("summary: %s", xp_import_dialog_get_summary (dialog));
  g_assert_nonnull (strstr (xp_import_dialog_get_summary (dialog), "GB18030"));
  g_assert_nonnull (strstr (xp_import_dialog_get_summary (dialog), "2 rows"));
  g_assert_nonnull (strstr (xp_import_dialog_get_summary (dialog), "1 error"));
  g_assert_cmpuint (xp_csv_preview_get_n_rows (xp_import_dialog_get_preview (dialog)), ==, 2);
  g_assert_nonnull (xp_csv_preview_get_row (xp_import_dialog_get_preview (dialog), 1)->error);
  g_assert_false (xp_import_dialog_can_import (dialog));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-import-errors.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL);
  spin (50);
  g_assert_cmpuint (n_branches (window), ==, before);   /* nothing imported */
  g_assert_false (xp_window_get_dirty (window));
  gtk_window_destroy (GTK_WINDOW (dialog));
  wait_for_null ((gpointer *) &dialog);

  /* The corrected file, tab-separated this time: imported whole. */
  good = write_csv (tmpdir, "good.csv",
                    "名称\t企业\t组建方式\t党员数\r\n"
                    "新甲党支部\t新甲公司\t单独建\t9\r\n"
                    "新乙党支部\t新乙公司\t联合建\t15\r\n", TRUE);
  dialog = xp_import_dialog_open (window, XP_CSV_BRANCHES, good, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  spin (300);
  g_assert_true (xp_import_dialog_can_import (dialog));
  g_assert_nonnull (strstr (xp_import_dialog_get_summary (dialog), "no errors"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-import-preview.png");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  wait_for_null ((gpointer *) &dialog);   /* it closes once imported */

  g_assert_cmpuint (n_branches (window), ==, before + 2);
  g_assert_true (xp_window_get_dirty (window));
  /* Ids follow the sample's b001…b032; the sidebar and ranking have them. */
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (xp_window_get_project (window), "b033")), ==, "新甲党支部");
  g_assert_cmpstr (xp_branch_get_category (xp_project_lookup_branch (xp_window_get_project (window), "b034")), ==, "joint");
  g_assert_true (xp_window_select_branch (window, "b034"));
  g_assert_nonnull (xp_ranking_lookup (xp_window_get_ranking (window), "b034"));

  close_window (window);
  g_unlink (path);
}

static void
test_import_scores (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpImportDialog *dialog;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  /* e1 left five items of b022 unscored; the sheet also changes e1's
   * 4 on b001 D1.1, which needs "replace". */
  g_assert_false (xp_project_sheet_is_complete (project, "b022", "e1"));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, XP_DEC (4));
  file = write_csv (tmpdir, "scores.csv",
                    "支部,考评人,指标,得分,备注\n"
                    "b022,王建国,D5.5,3,\n"
                    "b022,e1,D6.1,4,\n"
                    "b022,e1,D6.2,4,\n"
                    "b022,e1,D6.3,3,\n"
                    "b022,e1,D6.4,2.5,现场查看\n"
                    "b001,e1,D1.1,3.5,\n", FALSE);
  dialog = xp_import_dialog_open (window, XP_CSV_SCORES, file, &error);
  g_assert_no_error (error);
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  spin (300);
  g_assert_false (xp_import_dialog_can_import (dialog));
  g_assert_nonnull (strstr (xp_csv_preview_get_row (xp_import_dialog_get_preview (dialog), 5)->error, "already has the score 4"));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-import-scores.png");

  xp_import_dialog_set_replace (dialog, TRUE);
  spin (100);
  g_assert_true (xp_import_dialog_can_import (dialog));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.import", NULL));
  wait_for_null ((gpointer *) &dialog);

  g_assert_true (xp_project_sheet_is_complete (project, "b022", "e1"));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, XP_DEC (7) / 2);
  g_assert_cmpstr (xp_project_get_note (project, "b022", "e1", "D6.4"), ==, "现场查看");
  g_assert_true (xp_window_get_dirty (window));
  /* Imported scores are ordinary edits: undo takes back the last one. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, XP_DEC (4));

  close_window (window);
  g_unlink (path);
}

static void
test_export (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *csv_path = g_build_filename (tmpdir, "ranking.csv", NULL);
  g_autofree char *xlsx_path = g_build_filename (tmpdir, "ranking.xlsx", NULL);
  g_autoptr(GFile) csv = g_file_new_for_path (csv_path);
  g_autoptr(GFile) xlsx = g_file_new_for_path (xlsx_path);
  XpWindow *window = open_window (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;

  g_assert_true (xp_spreadsheet_export (window, csv, FALSE, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv_path, &data, &len, NULL));
  g_assert_true (g_str_has_prefix (data, "\xEF\xBB\xBF名次,"));
  lines = g_strsplit (data, "\r\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1 + 32 + 1);
  g_assert_true (g_str_has_prefix (lines[1], "1,1,b001,"));

  if (xp_export_has_xlsx ())
    {
      g_clear_pointer (&data, g_free);
      g_assert_true (xp_spreadsheet_export (window, xlsx, TRUE, &error));
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (xlsx_path, &data, &len, NULL));
      g_assert_true (len > 4 && memcmp (data, "PK\x03\x04", 4) == 0);
      g_unlink (xlsx_path);
    }
  /* Exporting leaves the assessment as it was. */
  g_assert_false (xp_window_get_dirty (window));

  close_window (window);
  g_unlink (csv_path);
  g_unlink (path);
}

/* The rows a preview view lists: "title\nsubtitle", errors apart. */
static void
collect_rows (GtkWidget *root,
              GPtrArray *errors,
              GPtrArray *rows)
{
  if (ADW_IS_ACTION_ROW (root))
    {
      char *text = g_strdup_printf ("%s\n%s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)),
                                    adw_action_row_get_subtitle (ADW_ACTION_ROW (root)));

      g_ptr_array_add (gtk_widget_has_css_class (root, "error") ? errors : rows, text);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    collect_rows (child, errors, rows);
}

static gboolean
activates (GtkWidget     *widget,
           gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static void
created_cb (XpNewDialog *dialog,
            XpProject   *project,
            gpointer     user_data)
{
  g_set_object ((XpProject **) user_data, project);
}

/* New Assessment with a branch list: every row is previewed before
 * anything is made, each bad row with its line and what to fix, and
 * Create stays disabled until the list has no bad row. */
static void
test_new_assessment_preview (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autoptr(GFile) bad = NULL;
  g_autoptr(GFile) good = NULL;
  g_autoptr(XpProject) created = NULL;
  g_autoptr(GPtrArray) errors = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (g_free);
  XpNewDialog *dialog = xp_new_dialog_new (NULL, NULL);
  XpCsvPreviewView *view = xp_new_dialog_get_preview_view (dialog);
  GtkWidget *create;
  XpBranch *branch;

  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  g_signal_connect (dialog, "created", G_CALLBACK (created_cb), &created);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 640, 760);   /* the screenshot shows the rows */
  gtk_window_present (GTK_WINDOW (dialog));
  create = find_widget (GTK_WIDGET (dialog), activates, "new.create");
  g_assert_nonnull (create);
  /* No list yet: nothing to preview, nothing in the way. */
  g_assert_false (gtk_widget_is_visible (GTK_WIDGET (view)));
  g_assert_true (xp_new_dialog_can_create (dialog));

  /* Line 3 names a 组建方式 the default scheme does not have, line 5
   * gives its members in words. */
  bad = write_csv (tmpdir, "new-bad.csv",
                   "名称,企业,组建方式,党员数\r\n"
                   "新甲党支部,新甲公司,单独建,9\r\n"
                   "新乙党支部,新乙公司,独立建,15\r\n"
                   "新丙党支部,新丙公司,联合建,7\r\n"
                   "新丁党支部,新丁公司,联合建,三人\r\n", FALSE);
  xp_new_dialog_set_branches_file (dialog, bad);
  spin (300);
  g_assert_true (gtk_widget_is_visible (GTK_WIDGET (view)));
  g_test_message ("summary: %s", xp_csv_preview_view_get_summary (view));
  g_assert_nonnull (strstr (xp_csv_preview_view_get_summary (view), "4 rows"));
  g_assert_nonnull (strstr (xp_csv_preview_view_get_summary (view), "2 errors"));
  collect_rows (GTK_WIDGET (view), errors, rows);
  for (guint i = 0; i < errors->len; i++)
    g_test_message ("error row: %s", (char *) errors->pdata[i]);
  g_assert_cmpuint (errors->len, ==, 2);
  g_assert_true (g_str_has_prefix (errors->pdata[0], "Line 3: 新乙党支部 | 新乙公司 | 独立建 | 15\nColumn “组建方式”: "));
  g_assert_true (g_str_has_prefix (errors->pdata[1], "Line 5: 新丁党支部 | 新丁公司 | 联合建 | 三人\nColumn “党员数”: "));
  /* The good rows are listed with the branch each becomes (ids follow
   * the rows, bad ones included). */
  g_assert_cmpuint (rows->len, ==, 2);
  g_assert_true (g_str_has_prefix (rows->pdata[0], "b001 · 新甲党支部\nLine 2"));
  g_assert_true (g_str_has_prefix (rows->pdata[1], "b003 · 新丙党支部\nLine 4"));
  g_assert_false (xp_new_dialog_can_create (dialog));
  g_assert_false (gtk_widget_get_sensitive (create));
  save_screenshot (GTK_WIDGET (dialog), "screenshot-new-dialog-preview.png");
  gtk_widget_activate_action (GTK_WIDGET (dialog), "new.create", NULL);
  spin (50);
  g_assert_null (created);
  g_assert_nonnull (dialog);

  /* A list without errors: Create makes the project with its branches. */
  good = write_csv (tmpdir, "new-good.csv",
                    "名称,企业,组建方式,党员数\r\n"
                    "新甲党支部,新甲公司,单独建,9\r\n"
                    "新乙党支部,新乙公司,挂靠建,15\r\n"
                    "新丙党支部,新丙公司,联合建,7\r\n", TRUE);
  xp_new_dialog_set_branches_file (dialog, good);
  spin (300);
  g_ptr_array_set_size (errors, 0);
  g_ptr_array_set_size (rows, 0);
  collect_rows (GTK_WIDGET (view), errors, rows);
  g_assert_cmpuint (errors->len, ==, 0);
  g_assert_cmpuint (rows->len, ==, 3);
  g_assert_nonnull (strstr (xp_csv_preview_view_get_summary (view), "no errors"));
  g_assert_true (xp_new_dialog_can_create (dialog));
  g_assert_true (gtk_widget_get_sensitive (create));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "new.create", NULL));
  wait_for_null ((gpointer *) &dialog);
  g_assert_null (dialog);
  g_assert_nonnull (created);
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (created)), ==, 3);
  branch = xp_project_lookup_branch (created, "b002");
  g_assert_nonnull (branch);
  g_assert_cmpstr (xp_branch_get_name (branch), ==, "新乙党支部");
  g_assert_cmpstr (xp_branch_get_enterprise (branch), ==, "新乙公司");
  g_assert_cmpstr (xp_branch_get_category (branch), ==, "affiliated");
  g_assert_cmpint (xp_branch_get_members (branch), ==, 15);
}

int
main (int argc, char **argv)
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/import/branches-preview-then-import", test_import_branches);
  g_test_add_func ("/import/scores-replace-and-undo", test_import_scores);
  g_test_add_func ("/import/export-csv-and-xlsx", test_export);
  g_test_add_func ("/import/new-assessment-preview", test_new_assessment_preview);

  return xp_ui_test_run ();
}
