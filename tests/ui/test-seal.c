/* test-seal.c — sealing, reopening and the audit log in the window (issue 6)
 *
 * Runs under Xvfb.  Scores as two evaluators, reads the branch's audit
 * log, seals the assessment through win.seal's dialog, checks that the
 * scores are read-only and the banner says so, saves, and reopens with a
 * reason through win.reopen's dialog.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-seal"

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>
#include <adwaita.h>

#include "xp-audit-dialog.h"
#include "xp-decimal.h"
#include "xp-seal.h"
#include "xp-window.h"
#include "xp-ui-test.h"

/* As a click on the response's button: the response, then the dialog
 * closes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (100);
}

static void
test_seal_reopen (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpScorePage *page = xp_window_get_score_page (window);
  AdwMessageDialog *dialog;
  XpAuditDialog *audit;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  const char *banner;
  const XpAuditEntry *entry;
  guint n_before = xp_project_get_n_audit_entries (project);

  g_assert_cmpuint (n_before, ==, 0);   /* the sample is a version 1 file */
  g_assert_false (xp_project_is_sealed (project));
  g_assert_null (xp_seal_get_banner_text (window));

  /* The actor follows the evaluator chosen in the header. */
  g_assert_cmpstr (xp_evaluator_get_id (xp_window_get_evaluator (window)), ==, "e1");
  g_assert_cmpstr (xp_project_get_actor (project), ==, "王建国");
  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (page, "D1.2", "0"));
  xp_window_set_evaluator (window, xp_project_lookup_evaluator (project, "e2"));
  g_assert_cmpstr (xp_project_get_actor (project), ==, "李秀梅");
  g_assert_true (xp_score_page_enter_score (page, "D1.2", "3"));
  entry = xp_project_get_audit_entry (project, 0);
  g_assert_cmpstr (entry->by, ==, "王建国");
  g_assert_cmpint (entry->action, ==, XP_AUDIT_CHANGE);
  g_assert_cmpint (entry->old_value, ==, XP_DEC (9) / 2);
  g_assert_cmpint (entry->new_value, ==, 0);

  /* The branch's audit log, newest first. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.audit-log", NULL));
  spin (200);
  audit = xp_seal_get_audit_dialog (window);
  g_assert_nonnull (audit);
  g_assert_cmpuint (xp_audit_dialog_get_n_entries (audit), ==, 2);
  first = xp_audit_dialog_dup_entry_text (audit, 0);
  second = xp_audit_dialog_dup_entry_text (audit, 1);
  g_test_message ("%s\n%s", first, second);
  g_assert_nonnull (strstr (first, "D1.2, 李秀梅’s sheet: changed "));
  g_assert_nonnull (strstr (first, "→ 3"));
  g_assert_true (g_str_has_suffix (first, " · 李秀梅"));
  g_assert_nonnull (strstr (second, "D1.2, 王建国’s sheet: changed 4.5 → 0"));
  save_screenshot (GTK_WIDGET (audit), "screenshot-audit-log.png");
  gtk_window_destroy (GTK_WINDOW (audit));
  spin (50);

  /* Sealing asks first; cancelling changes nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.seal", NULL));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "cancel");
  g_assert_false (xp_project_is_sealed (project));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.seal", NULL));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "seal");
  g_assert_true (xp_project_is_sealed (project));
  banner = xp_seal_get_banner_text (window);
  g_assert_nonnull (banner);
  g_assert_true (g_str_has_prefix (banner, "Sealed as final by 李秀梅 on "));
  g_assert_true (xp_window_get_dirty (window));
  /* seal no longer, reopen now; nothing to undo across the seal */
  g_assert_null (find_message_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.seal", NULL);
  spin (100);
  g_assert_null (find_message_dialog ());
  gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e2", "D1.2"), ==, XP_DEC (3));

  /* Read-only: the fields are insensitive and a score cannot be entered. */
  g_assert_false (xp_score_page_enter_score (page, "D1.2", "4"));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e2", "D1.2"), ==, XP_DEC (3));
  spin (300);
  save_screenshot (GTK_WIDGET (window), "screenshot-sealed.png");

  /* Saved sealed. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) saved = xp_project_new_from_file (path, &error);
    const char *by;

    g_assert_no_error (error);
    g_assert_true (xp_project_is_sealed (saved));
    g_assert_true (xp_project_get_seal (saved, &by, NULL));
    g_assert_cmpstr (by, ==, "李秀梅");
    g_assert_cmpuint (xp_project_get_n_audit_entries (saved), ==, 3);
  }

  /* Reopening needs a reason. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.reopen", NULL));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "reopen"));
  gtk_editable_set_text (GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog)), "复核发现录入错误");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "reopen"));
  spin (300);
  save_screenshot (GTK_WIDGET (dialog), "screenshot-reopen.png");
  respond (dialog, "reopen");
  g_assert_false (xp_project_is_sealed (project));
  g_assert_null (xp_seal_get_banner_text (window));
  entry = xp_project_get_audit_entry (project, xp_project_get_n_audit_entries (project) - 1);
  g_assert_cmpint (entry->action, ==, XP_AUDIT_REOPEN);
  g_assert_cmpstr (entry->reason, ==, "复核发现录入错误");
  g_assert_cmpstr (entry->by, ==, "李秀梅");

  /* Scores can be entered again, and undo works from here on. */
  g_assert_true (xp_score_page_enter_score (page, "D1.2", "4"));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e2", "D1.2"), ==, XP_DEC (4));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  g_assert_cmpint (xp_project_get_score (project, "b001", "e2", "D1.2"), ==, XP_DEC (3));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  close_window (window);
  g_unlink (backup);
  g_unlink (path);
  g_rmdir (tmpdir);
}

static void
test_welcome_has_nothing_to_seal (void)
{
  XpWindow *window = xp_window_new (app);

  gtk_window_present (GTK_WINDOW (window));
  spin (100);
  /* disabled: activating them opens nothing */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.seal", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reopen", NULL);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.audit-log", NULL);
  spin (100);
  g_assert_null (find_message_dialog ());
  g_assert_null (xp_seal_get_audit_dialog (window));
  close_window (window);
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/seal/welcome-has-nothing-to-seal", test_welcome_has_nothing_to_seal);
  g_test_add_func ("/seal/seal-audit-reopen", test_seal_reopen);

  return xp_ui_test_run ();
}
