/* test-lock.c — two windows on one project, and a save that fails
 *
 * Runs under Xvfb.  The second window to open a project is asked (open
 * read-only / open anyway / cancel) and never silently overwrites the
 * first one's work; a failed save (full disk) keeps the work dirty, in
 * memory and in the autosave, and the file on disk unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "xp-lock.h"
#include "xp-lock-dialog.h"
#include "xp-ui-test.h"

static XpWindow *
new_window (void)
{
  XpWindow *window = xp_window_new (app);

  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static char *
read_file (const char *path)
{
  char *contents = NULL;

  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  return contents;
}

static void
assert_file_is (const char *path,
                const char *expected)
{
  g_autofree char *contents = read_file (path);

  g_assert_cmpstr (contents, ==, expected);
}

/* Answers like a click does: the response, then the dialog goes. */
static void
respond (AdwMessageDialog *dialog,
         const char       *response)
{
  adw_message_dialog_response (dialog, response);
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (100);
}

/* Opens @path in a new window, which must ask; returns the dialog. */
static AdwMessageDialog *
open_and_get_asked (const char  *path,
                    XpWindow   **window_out)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  XpWindow *window = new_window ();
  AdwMessageDialog *dialog;

  g_assert_false (xp_window_open_file (window, file));
  spin (100);
  g_assert_cmpstr (xp_window_get_page_name (window), ==, "welcome");
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_true (adw_message_dialog_has_response (dialog, "read-only"));
  g_assert_true (adw_message_dialog_has_response (dialog, "anyway"));
  g_assert_true (adw_message_dialog_has_response (dialog, "cancel"));
  *window_out = window;
  return dialog;
}

static void
test_second_window (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *lock_path = xp_lock_path_for (path);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  g_autofree char *original = read_file (path);
  g_autofree char *first_lock = NULL;
  g_autofree char *pid_line = g_strdup_printf ("pid=%d\n", (int) getpid ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_auto(GStrv) autosaves = NULL;
  XpWindow *first, *second;
  AdwMessageDialog *dialog;
  const char *body;

  /* The first window takes the lock. */
  first = open_window (path);
  first_lock = read_file (lock_path);
  g_assert_true (g_str_has_prefix (first_lock, pid_line));
  g_assert_false (xp_lock_dialog_is_read_only (first));

  /* The second is asked, and names who has it and since when. */
  dialog = open_and_get_asked (path, &second);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "“sample.xingping” is open elsewhere"));
  g_assert_nonnull (strstr (body, g_get_host_name ()));
  g_assert_nonnull (strstr (body, g_get_user_name ()));
  spin (200);

  /* Cancel: nothing opens. */
  respond (dialog, "cancel");
  g_assert_null (find_message_dialog ());
  g_assert_cmpstr (xp_window_get_page_name (second), ==, "welcome");
  g_assert_null (xp_window_get_project (second));

  /* Open read-only: it shows, and saving it is refused with a reason. */
  g_assert_false (xp_window_open_file (second, file));
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  respond (dialog, "read-only");
  g_assert_cmpstr (xp_window_get_page_name (second), ==, "project");
  g_assert_true (xp_lock_dialog_is_read_only (second));
  g_assert_true (xp_window_select_branch (second, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (second), "D1.1", "0"));
  g_assert_true (xp_window_get_dirty (second));
  g_assert_false (xp_window_save_to_file (second, file, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "“sample.xingping” is open elsewhere"));
  g_clear_error (&error);
  /* nothing written, nothing lost */
  g_assert_true (xp_window_get_dirty (second));
  assert_file_is (path, original);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 1);
  g_clear_pointer (&autosaves, g_strfreev);
  /* the first window's lock is untouched */
  assert_file_is (lock_path, first_lock);

  /* Once the first window has closed, the second may save. */
  close_window (first);
  g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  g_assert_true (xp_window_save_to_file (second, file, &error));
  g_assert_no_error (error);
  g_assert_false (xp_window_get_dirty (second));
  g_assert_false (xp_lock_dialog_is_read_only (second));
  g_assert_true (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 0);
  g_clear_pointer (&autosaves, g_strfreev);

  /* Open anyway: the third window takes the lock over; the second
   * closing then leaves the third's lock alone. */
  {
    XpWindow *third;
    g_autofree char *third_lock = NULL;

    dialog = open_and_get_asked (path, &third);
    respond (dialog, "anyway");
    spin (100);
    g_assert_cmpstr (xp_window_get_page_name (third), ==, "project");
    g_assert_false (xp_lock_dialog_is_read_only (third));
    third_lock = read_file (lock_path);
    close_window (second);
    assert_file_is (lock_path, third_lock);
    close_window (third);
    g_assert_false (g_file_test (lock_path, G_FILE_TEST_EXISTS));
  }

  g_unlink (backup);
  g_unlink (path);
  g_rmdir (tmpdir);
}

/* A full disk: the save fails with a dialog that names the file and the
 * reason; the window stays dirty and the work goes to the autosave. */
static void
test_failed_save (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *original = read_file (path);
  g_auto(GStrv) autosaves = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) autosaved = NULL;
  XpWindow *window = open_window (path);
  AdwMessageDialog *dialog;
  const char *body;

  g_assert_true (xp_window_select_branch (window, "b001"));
  g_assert_true (xp_score_page_enter_score (xp_window_get_score_page (window), "D1.1", "0"));
  g_assert_true (xp_window_get_dirty (window));

  g_setenv ("XINGPING_SAVE_FAIL_ERRNO", "ENOSPC", TRUE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_unsetenv ("XINGPING_SAVE_FAIL_ERRNO");
  spin (100);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, path));
  g_assert_nonnull (strstr (body, "No space left on device"));
  g_assert_nonnull (strstr (body, "unchanged"));
  respond (dialog, adw_message_dialog_get_close_response (dialog));

  g_assert_true (xp_window_get_dirty (window));
  g_assert_cmpint (xp_project_get_score (xp_window_get_project (window), "b001", "e1", "D1.1"), ==, 0);
  assert_file_is (path, original);
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 1);
  autosaved = xp_project_new_from_file (autosaves[0], &error);
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (autosaved, "b001", "e1", "D1.1"), ==, 0);

  /* Room again: the same window saves. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.save", NULL));
  g_assert_false (xp_window_get_dirty (window));
  g_clear_pointer (&autosaves, g_strfreev);
  autosaves = xp_window_list_autosaves ();
  g_assert_cmpuint (g_strv_length (autosaves), ==, 0);
  close_window (window);

  {
    g_autofree char *backup = g_strconcat (path, "~", NULL);

    g_unlink (backup);
  }
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/lock/second-window-is-asked", test_second_window);
  g_test_add_func ("/lock/failed-save-keeps-the-work", test_failed_save);

  return xp_ui_test_run ();
}
