/* test-print.c — Print… and Export PDF… (issue 4)
 *
 * Runs under Xvfb.  GtkPrintOperation is run to a PDF with
 * GTK_PRINT_OPERATION_ACTION_EXPORT, through the same ::begin-print and
 * ::draw-page handlers the print dialog uses, and the PDF is compared
 * page by page with the one the core writes for the CLI.  The threaded
 * export and the report chooser (win.print, win.export-pdf) are driven
 * too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-print"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <adwaita.h>

#include "xp-print.h"
#include "xp-report.h"
#include "xp-ui-test.h"

static char *config_home;

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");

  if (a == NULL || b == NULL)
    {
      g_test_skip ("pdftotext/pdfinfo (poppler-utils) not installed");
      return FALSE;
    }
  return TRUE;
}

static guint
pdf_pages (const char *pdf)
{
  g_autofree char *info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

/* The text of each page, whitespace removed. */
static GStrv
pdf_page_texts (const char *pdf)
{
  g_autofree char *text = run ((const char *[]) { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL });
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
  GStrvBuilder *builder = g_strv_builder_new ();
  GStrv result;

  for (guint p = 0; pages[p] != NULL; p++)
    {
      g_autofree char *flat = squeeze (pages[p]);

      if (*flat != '\0')
        g_strv_builder_add (builder, flat);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

static void
assert_same_pdf_text (const char *a,
                      const char *b)
{
  g_auto(GStrv) pa = pdf_page_texts (a);
  g_auto(GStrv) pb = pdf_page_texts (b);

  g_assert_cmpuint (pdf_pages (a), ==, pdf_pages (b));
  g_assert_cmpuint (g_strv_length (pa), ==, g_strv_length (pb));
  for (guint p = 0; pa[p] != NULL; p++)
    g_assert_cmpstr (pa[p], ==, pb[p]);
}

/* The print operation's PDF has the pages the CLI's PDF has. */
static void
test_print_operation_matches_cli (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  XpWindow *window;
  XpRanking *ranking;
  struct { XpReportKind kind; gboolean group; const char *branch; } cases[] = {
    { XP_REPORT_RANKING, FALSE, NULL },
    { XP_REPORT_RANKING, TRUE, NULL },
    { XP_REPORT_STARS, FALSE, NULL },
    { XP_REPORT_SHEETS, FALSE, "b001" },
    { XP_REPORT_BLANK, FALSE, NULL },
    { XP_REPORT_AUDIT, FALSE, NULL },
  };

  if (!have_poppler ())
    return;
  window = open_window (path);
  ranking = xp_window_get_ranking (window);
  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(XpReport) printed = xp_print_make_report (ranking, cases[c].kind, cases[c].group, cases[c].branch);
      g_autoptr(XpReport) cli = xp_report_new (ranking, cases[c].kind);
      g_autofree char *printed_pdf = g_strdup_printf ("%s/printed-%u.pdf", tmpdir, c);
      g_autofree char *cli_pdf = g_strdup_printf ("%s/cli-%u.pdf", tmpdir, c);
      g_autoptr(GError) error = NULL;
      g_autofree char *flat = NULL;
      g_auto(GStrv) texts = NULL;

      g_assert_cmpint (xp_print_run (GTK_WINDOW (window), printed, printed_pdf, &error), ==,
                       GTK_PRINT_OPERATION_RESULT_APPLY);
      g_assert_no_error (error);
      g_assert_true (g_file_test (printed_pdf, G_FILE_TEST_EXISTS));

      xp_report_set_group_by_category (cli, cases[c].group);
      xp_report_set_branch (cli, cases[c].branch);
      g_assert_true (xp_report_write_pdf (cli, cli_pdf, &error));
      g_assert_no_error (error);

      assert_same_pdf_text (printed_pdf, cli_pdf);
      texts = pdf_page_texts (printed_pdf);
      for (guint p = 0; texts[p] != NULL; p++)
        {
          g_autofree char *footer = g_strdup_printf ("第%u页共%u页", p + 1, g_strv_length (texts));

          g_assert_nonnull (strstr (texts[p], footer));
        }
      flat = g_strjoinv ("", texts);
      if (cases[c].kind == XP_REPORT_RANKING)
        g_assert_nonnull (strstr (flat, "党组织星级创评排名表"));
      if (cases[c].kind == XP_REPORT_SHEETS)
        g_assert_nonnull (strstr (flat, "党组织书记签名"));
      g_test_message ("kind %d: %u pages", cases[c].kind, pdf_pages (printed_pdf));
      g_unlink (printed_pdf);
      g_unlink (cli_pdf);
    }
  close_window (window);
}

typedef struct {
  gboolean done;
  GError  *error;
} ExportWait;

static void
export_wait_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportWait *wait = user_data;

  xp_print_export_pdf_finish (result, &wait->error);
  wait->done = TRUE;
}

/* Export PDF… writes in a worker thread: the main loop keeps running
 * (the progress bar moves) and the PDF equals the CLI's.  (That the
 * worker reads only a snapshot is tested in test-report.) */
static void
test_export_in_thread (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *pdf = g_build_filename (tmpdir, "sheets.pdf", NULL);
  g_autofree char *cli_pdf = g_build_filename (tmpdir, "cli.pdf", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  XpWindow *window;
  g_autoptr(XpReport) report = NULL;
  g_autoptr(XpReport) cli = NULL;
  GtkWidget *bar = gtk_progress_bar_new ();
  ExportWait wait = { FALSE, NULL };
  guint iterations = 0;

  g_object_ref_sink (bar);
  if (!have_poppler ())
    return;
  window = open_window (path);
  report = xp_print_make_report (xp_window_get_ranking (window), XP_REPORT_SHEETS, FALSE, "b001");
  xp_print_export_pdf_async (report, file, GTK_PROGRESS_BAR (bar), NULL, export_wait_cb, &wait);
  while (!wait.done)
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_no_error (wait.error);
  g_assert_cmpuint (iterations, >, 1);
  g_assert_cmpfloat (gtk_progress_bar_get_fraction (GTK_PROGRESS_BAR (bar)), ==, 1.0);
  {
    g_autofree char *last = g_strdup_printf ("%u", xp_report_get_n_pages (report));

    g_assert_nonnull (strstr (gtk_progress_bar_get_text (GTK_PROGRESS_BAR (bar)), last));
  }

  cli = xp_report_new (xp_window_get_ranking (window), XP_REPORT_SHEETS);
  xp_report_set_branch (cli, "b001");
  {
    g_autoptr(GError) error = NULL;

    g_assert_true (xp_report_write_pdf (cli, cli_pdf, &error));
    g_assert_no_error (error);
  }
  assert_same_pdf_text (pdf, cli_pdf);
  g_object_unref (bar);
  g_unlink (pdf);
  g_unlink (cli_pdf);
  close_window (window);
}

static gboolean
report_choice_kept (const char *ini)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();

  return g_key_file_load_from_file (keyfile, ini, G_KEY_FILE_NONE, NULL) &&
         g_key_file_has_group (keyfile, "Report");
}

/* Ctrl+P's chooser: which controls apply follows the kind; the choice is
 * remembered for next time. */
static void
test_chooser (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *ini = g_build_filename (config_home, "xingping", "print.ini", NULL);
  XpWindow *window = open_window (path);
  AdwMessageDialog *dialog;
  GtkDropDown *kind;
  GtkWidget *group, *branch;
  GtkWindow *files;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL);
  spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  kind = GTK_DROP_DOWN (find_named (GTK_WIDGET (dialog), "report-kind"));
  group = find_named (GTK_WIDGET (dialog), "report-group");
  branch = find_named (GTK_WIDGET (dialog), "report-branch");
  g_assert_nonnull (kind);
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, XP_REPORT_RANKING);
  g_assert_true (gtk_widget_get_sensitive (group));
  g_assert_false (gtk_widget_get_sensitive (branch));
  /* every branch is offered, after "All branches" */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (branch))), ==,
                    1 + g_list_model_get_n_items (xp_project_get_branches (xp_window_get_project (window))));
  gtk_drop_down_set_selected (kind, XP_REPORT_SHEETS);
  g_assert_false (gtk_widget_get_sensitive (group));
  g_assert_true (gtk_widget_get_sensitive (branch));
  spin (500);
  save_screenshot (GTK_WIDGET (dialog), "screenshot-print-chooser.png");
  gtk_window_close (GTK_WINDOW (dialog));  /* answers "cancel" */
  spin (100);
  g_assert_null (find_message_dialog ());
  g_assert_false (report_choice_kept (ini));  /* cancelled: nothing kept */

  /* Export PDF…: choose the star list, go on to the file chooser, cancel
   * it; the chooser opens on the star list next time. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.export-pdf", NULL);
  spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  kind = GTK_DROP_DOWN (find_named (GTK_WIDGET (dialog), "report-kind"));
  gtk_drop_down_set_selected (kind, XP_REPORT_STARS);
  /* as a click on Export…: the answer, and the dialog goes */
  adw_message_dialog_response (dialog, "export");
  gtk_window_destroy (GTK_WINDOW (dialog));
  spin (500);
  files = find_file_chooser ();
  g_assert_nonnull (files);
  gtk_dialog_response (GTK_DIALOG (files), GTK_RESPONSE_CANCEL);
  spin (200);
  g_assert_true (report_choice_kept (ini));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.print", NULL);
  spin (200);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  kind = GTK_DROP_DOWN (find_named (GTK_WIDGET (dialog), "report-kind"));
  g_assert_cmpuint (gtk_drop_down_get_selected (kind), ==, XP_REPORT_STARS);
  gtk_window_close (GTK_WINDOW (dialog));  /* answers "cancel" */
  spin (100);
  close_window (window);
}

/* The page setup kept from the last print (here US Letter) is the paper
 * the report is laid out on; the orientation follows the report. */
static void
test_remembered_paper (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *dir = g_build_filename (config_home, "xingping", NULL);
  g_autofree char *ini = g_build_filename (dir, "print.ini", NULL);
  g_autofree char *pdf = g_build_filename (tmpdir, "letter.pdf", NULL);
  g_autofree char *saved = NULL;
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GtkPageSetup) letter = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) paper = gtk_paper_size_new (GTK_PAPER_NAME_LETTER);
  g_autoptr(XpReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *info = NULL;
  XpWindow *window;

  if (!have_poppler ())
    return;
  if (g_file_get_contents (ini, &saved, NULL, NULL))
    g_key_file_load_from_data (keyfile, saved, -1, G_KEY_FILE_NONE, NULL);
  gtk_page_setup_set_paper_size (letter, paper);
  gtk_page_setup_to_key_file (letter, keyfile, "Page Setup");
  g_key_file_set_string (keyfile, "Print Settings", "reverse", "true");
  g_mkdir_with_parents (dir, 0700);
  g_assert_true (g_key_file_save_to_file (keyfile, ini, NULL));

  window = open_window (path);
  report = xp_print_make_report (xp_window_get_ranking (window), XP_REPORT_RANKING, FALSE, NULL);
  g_assert_cmpint (xp_print_run (GTK_WINDOW (window), report, pdf, &error), ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_assert_no_error (error);
  info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  /* Letter, landscape for the ranking */
  g_assert_nonnull (strstr (info, "792 x 612 pts"));
  {
    double w, h;

    xp_report_get_page_size (report, &w, &h);
    g_assert_cmpfloat (fabs (w - 792), <, 0.5);
    g_assert_cmpfloat (fabs (h - 612), <, 0.5);
  }
  /* After a print that went through, the paper and the print settings
   * are kept for the next one. */
  {
    g_autoptr(GKeyFile) kept = g_key_file_new ();
    g_autoptr(GtkPageSetup) setup = NULL;
    g_autofree char *reverse = NULL;

    g_assert_true (g_key_file_load_from_file (kept, ini, G_KEY_FILE_NONE, NULL));
    reverse = g_key_file_get_string (kept, "Print Settings", "reverse", NULL);
    g_assert_cmpstr (reverse, ==, "true");
    setup = gtk_page_setup_new_from_key_file (kept, "Page Setup", NULL);
    g_assert_nonnull (setup);
    g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)), ==, GTK_PAPER_NAME_LETTER);
    /* the choice of report made in the chooser is still there */
    g_assert_true (g_key_file_has_key (kept, "Report", "kind", NULL));
  }
  /* put the saved settings back */
  if (saved != NULL)
    g_assert_true (g_file_set_contents (ini, saved, -1, NULL));
  else
    g_unlink (ini);
  g_unlink (pdf);
  close_window (window);
}

int
main (int argc, char **argv)
{
  int ret;

  /* 2026-11-29, as in test-report; and private print settings. */
  g_setenv ("SOURCE_DATE_EPOCH", "1795939200", TRUE);
  config_home = g_dir_make_tmp ("xingping-config-XXXXXX", NULL);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/print/operation-matches-cli", test_print_operation_matches_cli);
  g_test_add_func ("/print/export-in-thread", test_export_in_thread);
  g_test_add_func ("/print/chooser", test_chooser);
  g_test_add_func ("/print/remembered-paper", test_remembered_paper);

  ret = xp_ui_test_run ();
  {
    g_autofree char *ini = g_build_filename (config_home, "xingping", "print.ini", NULL);
    g_autofree char *dir = g_build_filename (config_home, "xingping", NULL);

    g_unlink (ini);
    g_rmdir (dir);
    g_rmdir (config_home);
  }
  g_free (config_home);
  return ret;
}
