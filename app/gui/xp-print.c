/* xp-print.c — Print… and Export PDF… for the printed reports
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-print"

#include "config.h"

#include <adwaita.h>
#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "xp-file-chooser.h"
#include "xp-print.h"
#include "xp-project.h"

#define GROUP_REPORT "Report"
#define GROUP_SETTINGS "Print Settings"
#define GROUP_PAGE_SETUP "Page Setup"

/* ---- remembered settings ---- */

static char *
config_path (void)
{
  return g_build_filename (g_get_user_config_dir (), "xingping", "print.ini", NULL);
}

static GKeyFile *
load_config (void)
{
  GKeyFile *keyfile = g_key_file_new ();
  g_autofree char *path = config_path ();

  /* Missing or unreadable: the defaults. */
  g_key_file_load_from_file (keyfile, path, G_KEY_FILE_NONE, NULL);
  return keyfile;
}

static void
save_config (GKeyFile *keyfile)
{
  g_autofree char *path = config_path ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autoptr(GError) error = NULL;

  if (g_mkdir_with_parents (dir, 0700) != 0 ||
      !g_key_file_save_to_file (keyfile, path, &error))
    g_message ("Could not keep the print settings in %s: %s", path,
               error ? error->message : g_strerror (errno));
}

static GtkPrintSettings *
load_print_settings (void)
{
  g_autoptr(GKeyFile) keyfile = load_config ();
  GtkPrintSettings *settings = gtk_print_settings_new_from_key_file (keyfile, GROUP_SETTINGS, NULL);

  return settings ? settings : gtk_print_settings_new ();
}

/* The remembered paper (A4 the first time), portrait, or landscape for
 * the wide ranking table.  The print dialog may change both. */
static GtkPageSetup *
load_page_setup (XpReportKind kind)
{
  g_autoptr(GKeyFile) keyfile = load_config ();
  GtkPageSetup *setup = gtk_page_setup_new_from_key_file (keyfile, GROUP_PAGE_SETUP, NULL);

  if (setup == NULL)
    {
      g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

      setup = gtk_page_setup_new ();
      gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
    }
  gtk_page_setup_set_orientation (setup, kind == XP_REPORT_RANKING ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                                                   : GTK_PAGE_ORIENTATION_PORTRAIT);
  return setup;
}

static void
remember_print (GtkPrintSettings *settings,
                GtkPageSetup     *setup)
{
  g_autoptr(GKeyFile) keyfile = load_config ();

  if (settings != NULL)
    {
      g_key_file_remove_group (keyfile, GROUP_SETTINGS, NULL);
      gtk_print_settings_to_key_file (settings, keyfile, GROUP_SETTINGS);
    }
  if (setup != NULL)
    {
      g_key_file_remove_group (keyfile, GROUP_PAGE_SETUP, NULL);
      gtk_page_setup_to_key_file (setup, keyfile, GROUP_PAGE_SETUP);
    }
  save_config (keyfile);
}

static void
remember_choice (XpReportKind kind,
                 gboolean     group_by_category)
{
  g_autoptr(GKeyFile) keyfile = load_config ();

  g_key_file_set_integer (keyfile, GROUP_REPORT, "kind", kind);
  g_key_file_set_boolean (keyfile, GROUP_REPORT, "group-by-category", group_by_category);
  save_config (keyfile);
}

static void
show_error (GtkWindow  *parent,
            const char *heading,
            const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (parent, heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the report ---- */

XpReport *
xp_print_make_report (XpRanking    *ranking,
                      XpReportKind  kind,
                      gboolean      group_by_category,
                      const char   *branch_id)
{
  XpReport *report;

  g_return_val_if_fail (XP_IS_RANKING (ranking), NULL);

  report = xp_report_new (ranking, kind);
  xp_report_set_group_by_category (report, kind == XP_REPORT_RANKING && group_by_category);
  if (kind == XP_REPORT_SHEETS || kind == XP_REPORT_BLANK || kind == XP_REPORT_AUDIT)
    xp_report_set_branch (report, branch_id);
  return report;
}

/* ---- printing ---- */

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                XpReport          *report)
{
  double width = gtk_print_context_get_width (context);
  double height = gtk_print_context_get_height (context);

  /* Whatever paper and orientation the dialog chose, in points. */
  if (width > 300 && height > 300)
    xp_report_set_page_size (report, width, height);
  /* Kept, so that the paper chosen in the dialog is remembered. */
  g_object_set_data_full (G_OBJECT (operation), "xp-page-setup",
                          gtk_page_setup_copy (gtk_print_context_get_page_setup (context)), g_object_unref);
  xp_report_paginate_begin (report);
}

/* Called again and again from the main loop until it returns TRUE: a
 * few hundred rows at a time, so the window (and GTK's progress dialog)
 * stays responsive while hundreds of sheets are laid out. */
static gboolean
paginate_cb (GtkPrintOperation *operation,
             GtkPrintContext   *context,
             XpReport          *report)
{
  if (!xp_report_paginate_step (report, 300))
    return FALSE;
  gtk_print_operation_set_n_pages (operation, xp_report_get_n_pages (report));
  return TRUE;
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              XpReport          *report)
{
  xp_report_draw_page (report, gtk_print_context_get_cairo_context (context), (guint) page);
}

static void
done_cb (GtkPrintOperation       *operation,
         GtkPrintOperationResult  result,
         GtkWindow               *parent)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    remember_print (gtk_print_operation_get_print_settings (operation),
                    g_object_get_data (G_OBJECT (operation), "xp-page-setup"));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;

      gtk_print_operation_get_error (operation, &error);
      show_error (parent, _("Could Not Print"), error ? error->message : _("The printing system failed."));
    }
  /* The reference xp_print_run () took for the asynchronous run. */
  g_object_unref (operation);
}

GtkPrintOperationResult
xp_print_run (GtkWindow   *parent,
              XpReport    *report,
              const char  *export_filename,
              GError     **error)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPrintSettings) settings = load_print_settings ();
  g_autoptr(GtkPageSetup) setup = load_page_setup (xp_report_get_kind (report));
  GtkPrintOperationResult result;

  g_return_val_if_fail (XP_IS_REPORT (report), GTK_PRINT_OPERATION_RESULT_ERROR);

  gtk_print_operation_set_print_settings (operation, settings);
  gtk_print_operation_set_default_page_setup (operation, setup);
  /* The report draws its own margins from the paper's corner, as in the
   * PDF; the layout is in points. */
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_show_progress (operation, TRUE);
  gtk_print_operation_set_job_name (operation, _("Xingping report"));
  g_signal_connect_object (operation, "begin-print", G_CALLBACK (begin_print_cb), report, 0);
  g_signal_connect_object (operation, "paginate", G_CALLBACK (paginate_cb), report, 0);
  g_signal_connect_object (operation, "draw-page", G_CALLBACK (draw_page_cb), report, 0);
  /* The operation lives until it is done, asynchronous or not. */
  g_object_set_data_full (G_OBJECT (operation), "xp-report", g_object_ref (report), g_object_unref);

  /* ::done (emitted however the run ends) remembers the settings, reports
   * an error and drops this reference. */
  g_signal_connect (operation, "done", G_CALLBACK (done_cb), parent);
  g_object_ref (operation);

  if (export_filename != NULL)
    {
      gtk_print_operation_set_export_filename (operation, export_filename);
      return gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_EXPORT, parent, error);
    }

  gtk_print_operation_set_allow_async (operation, TRUE);
  result = gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent, error);
  return result;
}

/* ---- PDF export in a worker thread ---- */

typedef struct {
  XpReport *report;
  char     *path;
  GWeakRef  bar;
} ExportData;

static void
export_data_free (gpointer data)
{
  ExportData *export = data;

  g_object_unref (export->report);
  g_free (export->path);
  g_weak_ref_clear (&export->bar);
  g_free (export);
}

typedef struct {
  GTask    *task;
  double    fraction;
  guint     page, n_pages;
} Progress;

static void
progress_free (gpointer data)
{
  Progress *progress = data;

  g_object_unref (progress->task);
  g_free (progress);
}

static gboolean
progress_idle_cb (gpointer data)
{
  Progress *progress = data;
  ExportData *export = g_task_get_task_data (progress->task);
  g_autoptr(GtkProgressBar) bar = g_weak_ref_get (&export->bar);

  if (bar != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), progress->page, progress->n_pages);

      gtk_progress_bar_set_fraction (bar, progress->fraction);
      gtk_progress_bar_set_text (bar, text);
    }
  return G_SOURCE_REMOVE;
}

/* In the worker thread: tell the main loop, about a hundred times at most. */
static void
export_progress_cb (guint    page,
                    guint    n_pages,
                    gpointer user_data)
{
  GTask *task = user_data;
  Progress *progress;
  guint step = MAX (n_pages / 100, 1);

  if (page % step != 0 && page != n_pages)
    return;
  progress = g_new0 (Progress, 1);
  progress->task = g_object_ref (task);
  progress->fraction = (double) page / n_pages;
  progress->page = page;
  progress->n_pages = n_pages;
  g_main_context_invoke_full (g_task_get_context (task), G_PRIORITY_DEFAULT, progress_idle_cb,
                              progress, progress_free);
}

static void
export_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ExportData *export = task_data;
  GError *error = NULL;

  if (xp_report_write_pdf_full (export->report, export->path, export_progress_cb, task, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
xp_print_export_pdf_async (XpReport           *report,
                           GFile              *file,
                           GtkProgressBar     *progress_bar,
                           GCancellable       *cancellable,
                           GAsyncReadyCallback callback,
                           gpointer            user_data)
{
  g_autoptr(GTask) task = NULL;
  ExportData *export;

  g_return_if_fail (XP_IS_REPORT (report));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, xp_print_export_pdf_async);
  export = g_new0 (ExportData, 1);
  export->path = g_file_get_path (file);
  if (export->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      export_data_free (export);
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Could not write %s: choose a folder on this computer"), uri);
      return;
    }
  /* The copy of the data is taken here, in the thread that owns the
   * project; the worker only lays out and draws it. */
  xp_report_snapshot (report);
  export->report = g_object_ref (report);
  g_weak_ref_init (&export->bar, progress_bar);
  g_task_set_task_data (task, export, export_data_free);
  g_task_run_in_thread (task, export_thread);
}

gboolean
xp_print_export_pdf_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- the report chooser ---- */

typedef struct {
  GtkWindow   *parent;
  XpRanking   *ranking;
  gboolean     export;
  GtkDropDown *kind;
  GtkCheckButton *group;
  GtkDropDown *branch;
  GPtrArray   *branch_ids;   /* index 0: NULL (all / none) */
  XpReport    *report;
  GtkWindow   *progress_dialog;
  GCancellable *cancellable;
} Chooser;

static void
chooser_free (Chooser *chooser)
{
  g_clear_object (&chooser->parent);
  g_clear_object (&chooser->ranking);
  g_ptr_array_unref (chooser->branch_ids);
  g_clear_object (&chooser->report);
  g_clear_object (&chooser->cancellable);
  g_free (chooser);
}

static void
kind_changed_cb (GtkDropDown *kind,
                 GParamSpec  *pspec,
                 Chooser     *chooser)
{
  XpReportKind selected = gtk_drop_down_get_selected (kind);
  GtkStringList *list = GTK_STRING_LIST (gtk_drop_down_get_model (chooser->branch));

  gtk_widget_set_sensitive (GTK_WIDGET (chooser->group), selected == XP_REPORT_RANKING);
  gtk_widget_set_sensitive (GTK_WIDGET (chooser->branch),
                            selected == XP_REPORT_SHEETS || selected == XP_REPORT_BLANK ||
                            selected == XP_REPORT_AUDIT);
  gtk_string_list_splice (list, 0, 1,
                          (const char *[]) { selected == XP_REPORT_BLANK ? _("None (empty sheet)")
                                                                         : _("All branches"), NULL });
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Chooser *chooser = user_data;
  g_autoptr(GError) error = NULL;

  if (chooser->progress_dialog != NULL)
    gtk_window_destroy (chooser->progress_dialog);
  if (!xp_print_export_pdf_finish (result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show_error (chooser->parent, _("Could Not Export the PDF"), error->message);
  chooser_free (chooser);
}

static void
progress_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Chooser          *chooser)
{
  chooser->progress_dialog = NULL;
  g_cancellable_cancel (chooser->cancellable);
}

static void
pdf_chosen_cb (gpointer  owner,
               GFile    *file,
               gpointer  user_data)
{
  Chooser *chooser = user_data;
  g_autofree char *name = NULL;
  GtkWidget *dialog, *bar;

  if (file == NULL)
    {
      chooser_free (chooser);
      return;
    }
  name = g_file_get_parse_name (file);
  bar = gtk_progress_bar_new ();
  gtk_progress_bar_set_show_text (GTK_PROGRESS_BAR (bar), TRUE);
  gtk_progress_bar_set_text (GTK_PROGRESS_BAR (bar), _("Laying out the pages…"));
  dialog = adw_message_dialog_new (chooser->parent, _("Exporting PDF…"), name);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), bar);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  g_signal_connect (dialog, "response", G_CALLBACK (progress_response_cb), chooser);
  chooser->progress_dialog = GTK_WINDOW (dialog);
  chooser->cancellable = g_cancellable_new ();
  gtk_window_present (GTK_WINDOW (dialog));
  xp_print_export_pdf_async (chooser->report, file, GTK_PROGRESS_BAR (bar), chooser->cancellable,
                             export_done_cb, chooser);
}

static const char *
pdf_name (XpReportKind kind)
{
  switch (kind)
    {
    case XP_REPORT_RANKING: return _("ranking.pdf");
    case XP_REPORT_STARS: return _("star-list.pdf");
    case XP_REPORT_SHEETS: return _("score-sheets.pdf");
    case XP_REPORT_AUDIT: return _("change-log.pdf");
    case XP_REPORT_BLANK:
    default: return _("blank-score-sheet.pdf");
    }
}

static void
chooser_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     Chooser          *chooser)
{
  XpReportKind kind = gtk_drop_down_get_selected (chooser->kind);
  gboolean group = gtk_check_button_get_active (chooser->group);
  guint b = gtk_drop_down_get_selected (chooser->branch);
  const char *branch_id = b < chooser->branch_ids->len ? chooser->branch_ids->pdata[b] : NULL;

  if (g_strcmp0 (response, "print") != 0 && g_strcmp0 (response, "export") != 0)
    {
      chooser_free (chooser);
      return;
    }
  remember_choice (kind, group);
  chooser->report = xp_print_make_report (chooser->ranking, kind, group, branch_id);
  if (!chooser->export)
    {
      /* Errors are reported by the operation's ::done. */
      xp_print_run (chooser->parent, chooser->report, NULL, NULL);
      chooser_free (chooser);
      return;
    }
  {
    XpFileChooser files = {
      .action = GTK_FILE_CHOOSER_ACTION_SAVE,
      .title = _("Export PDF"),
      .accept_label = _("_Export"),
      .filters = { { .name = _("PDF documents"), .patterns = { "*.pdf" }, .mime_type = "application/pdf" } },
      .current_name = pdf_name (kind),
    };

    /* No owner: the callback always runs, and frees the chooser state. */
    xp_file_chooser_show (&files, chooser->parent, NULL, pdf_chosen_cb, chooser);
  }
}

static GtkWidget *
grid_label (const char *text,
            GtkWidget  *mnemonic_widget)
{
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), mnemonic_widget);
  return label;
}

static void
show_chooser (GtkWindow *parent,
              XpRanking *ranking,
              gboolean   export)
{
  static const char *kinds[] = {
    N_("Ranking sheet (排名表)"),
    N_("Star list (星级名单)"),
    N_("Score sheets (评分表)"),
    N_("Blank score sheet"),
    N_("Change log (评分变更记录)"),
  };
  g_autoptr(GKeyFile) keyfile = load_config ();
  Chooser *chooser = g_new0 (Chooser, 1);
  GListModel *branches = xp_project_get_branches (xp_ranking_get_project (ranking));
  g_autoptr(GtkStringList) kind_list = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) branch_list = gtk_string_list_new (NULL);
  GtkWidget *dialog, *grid;
  int kind;

  chooser->parent = parent ? g_object_ref (parent) : NULL;
  chooser->ranking = g_object_ref (ranking);
  chooser->export = export;
  chooser->branch_ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_list, _(kinds[i]));
  gtk_string_list_append (branch_list, _("All branches"));
  g_ptr_array_add (chooser->branch_ids, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);

      gtk_string_list_append (branch_list, xp_branch_get_name (branch));
      g_ptr_array_add (chooser->branch_ids, g_strdup (xp_branch_get_id (branch)));
    }

  chooser->kind = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (kind_list)), NULL));
  gtk_widget_set_name (GTK_WIDGET (chooser->kind), "report-kind");
  chooser->group = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Group by category")));
  gtk_widget_set_name (GTK_WIDGET (chooser->group), "report-group");
  chooser->branch = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (branch_list)), NULL));
  gtk_drop_down_set_enable_search (chooser->branch, TRUE);
  gtk_widget_set_name (GTK_WIDGET (chooser->branch), "report-branch");
  gtk_widget_set_hexpand (GTK_WIDGET (chooser->branch), TRUE);

  grid = gtk_grid_new ();
  gtk_grid_set_row_spacing (GTK_GRID (grid), 8);
  gtk_grid_set_column_spacing (GTK_GRID (grid), 12);
  gtk_grid_attach (GTK_GRID (grid), grid_label (_("_Report"), GTK_WIDGET (chooser->kind)), 0, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (chooser->kind), 1, 0, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (chooser->group), 1, 1, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), grid_label (_("_Branch"), GTK_WIDGET (chooser->branch)), 0, 2, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), GTK_WIDGET (chooser->branch), 1, 2, 1, 1);

  g_signal_connect (chooser->kind, "notify::selected", G_CALLBACK (kind_changed_cb), chooser);
  kind = g_key_file_get_integer (keyfile, GROUP_REPORT, "kind", NULL);
  gtk_drop_down_set_selected (chooser->kind, kind >= 0 && kind <= XP_REPORT_AUDIT ? (guint) kind : 0);
  gtk_check_button_set_active (chooser->group, g_key_file_get_boolean (keyfile, GROUP_REPORT, "group-by-category", NULL));
  kind_changed_cb (chooser->kind, NULL, chooser);

  dialog = adw_message_dialog_new (parent, export ? _("Export PDF") : _("Print"),
                                   _("Choose the report. The sheets of a single branch, or a blank sheet "
                                     "pre-filled with its facts, can be chosen below."));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), grid);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    export ? "export" : "print", export ? _("_Export…") : _("_Print…"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), export ? "export" : "print",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), export ? "export" : "print");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect (dialog, "response", G_CALLBACK (chooser_response_cb), chooser);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
xp_print_show_print_dialog (GtkWindow *parent,
                            XpRanking *ranking)
{
  g_return_if_fail (XP_IS_RANKING (ranking));
  show_chooser (parent, ranking, FALSE);
}

void
xp_print_show_export_dialog (GtkWindow *parent,
                             XpRanking *ranking)
{
  g_return_if_fail (XP_IS_RANKING (ranking));
  show_chooser (parent, ranking, TRUE);
}
