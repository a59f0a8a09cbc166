/* xp-import-dialog.c — CSV import with a preview, spreadsheet export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-csv-preview-view.h"
#include "xp-export.h"
#include "xp-file-chooser.h"
#include "xp-import-dialog.h"

struct _XpImportDialog
{
  AdwWindow       parent_instance;

  XpWindow       *window;     /* weak */
  XpCsvKind       kind;
  GBytes         *data;
  char           *name;
  XpCsvPreview   *preview;
  gboolean        replace;

  AdwWindowTitle   *title;
  GtkCheckButton   *replace_check;
  XpCsvPreviewView *view;
};

G_DEFINE_FINAL_TYPE (XpImportDialog, xp_import_dialog, ADW_TYPE_WINDOW)

static void
refresh (XpImportDialog *self)
{
  XpProject *project = xp_window_get_project (self->window);
  gsize len;
  const char *data = g_bytes_get_data (self->data, &len);

  g_clear_object (&self->preview);
  self->preview = xp_csv_preview_new (project, self->kind, data, len, self->name,
                                      self->replace ? XP_CSV_REPLACE_SCORES : XP_CSV_FLAGS_NONE);
  xp_csv_preview_view_show (self->view, self->preview, project);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", xp_import_dialog_can_import (self));
}

static void
replace_toggled_cb (XpImportDialog *self,
                    GtkCheckButton *check)
{
  xp_import_dialog_set_replace (self, gtk_check_button_get_active (check));
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  XpImportDialog *self = XP_IMPORT_DIALOG (widget);
  XpProject *project;
  XpRanking *ranking;
  g_autoptr(GError) error = NULL;
  gboolean ok;
  g_autofree char *message = NULL;
  guint changed = 0;

  if (self->window == NULL || !xp_import_dialog_can_import (self))
    return;
  project = xp_window_get_project (self->window);
  ranking = xp_window_get_ranking (self->window);
  /* The ranking re-ranks on every change; hold it back and recompute
   * once (xp_ranking_update), or thousands of rows take minutes. */
  g_signal_handlers_block_matched (project, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  g_signal_handlers_block_matched (xp_project_get_branches (project), G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  ok = xp_csv_preview_apply (self->preview, project, &changed, &error);
  g_signal_handlers_unblock_matched (xp_project_get_branches (project), G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  g_signal_handlers_unblock_matched (project, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  xp_ranking_update (ranking);
  if (!ok)
    {
      /* The project changed since the preview was read: read again. */
      refresh (self);
      xp_csv_preview_view_set_summary (self->view, error->message);
      return;
    }
  if (self->kind == XP_CSV_BRANCHES)
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u branch imported", "%u branches imported", changed), changed);
  else
    message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u score imported", "%u scores imported", changed), changed);
  xp_window_project_changed (self->window, self->kind == XP_CSV_BRANCHES);
  xp_window_show_toast (self->window, message);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
xp_import_dialog_dispose (GObject *object)
{
  XpImportDialog *self = XP_IMPORT_DIALOG (object);

  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->preview);

  G_OBJECT_CLASS (xp_import_dialog_parent_class)->dispose (object);
}

static void
xp_import_dialog_finalize (GObject *object)
{
  XpImportDialog *self = XP_IMPORT_DIALOG (object);

  g_clear_pointer (&self->data, g_bytes_unref);
  g_free (self->name);

  G_OBJECT_CLASS (xp_import_dialog_parent_class)->finalize (object);
}

static void
xp_import_dialog_class_init (XpImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_import_dialog_dispose;
  object_class->finalize = xp_import_dialog_finalize;

  gtk_widget_class_install_action (widget_class, "import.import", NULL, import_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xp_import_dialog_init (XpImportDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *import = gtk_button_new_with_mnemonic (_("_Import"));
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 560);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new ("", NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (import), "import.import");
  gtk_widget_add_css_class (import, "suggested-action");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), import);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_margin_top (content, 12);
  gtk_widget_set_margin_bottom (content, 12);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  self->replace_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Replace existing scores")));
  gtk_widget_set_visible (GTK_WIDGET (self->replace_check), FALSE);
  g_signal_connect_object (self->replace_check, "toggled", G_CALLBACK (replace_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->replace_check));
  self->view = XP_CSV_PREVIEW_VIEW (xp_csv_preview_view_new ());
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->view));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (box), scrolled);

  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.import", FALSE);
}

/* ---- public API ---- */

XpImportDialog *
xp_import_dialog_open (XpWindow   *window,
                       XpCsvKind   kind,
                       GFile      *file,
                       GError    **error)
{
  XpImportDialog *self;
  g_autofree char *contents = NULL;
  gsize len;

  g_return_val_if_fail (XP_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (xp_window_get_project (window) == NULL)
    return NULL;
  if (!g_file_load_contents (file, NULL, &contents, &len, NULL, error))
    return NULL;

  self = g_object_new (XP_TYPE_IMPORT_DIALOG, "transient-for", window, NULL);
  g_set_weak_pointer (&self->window, window);
  self->kind = kind;
  self->data = g_bytes_new_take (g_steal_pointer (&contents), len);
  self->name = g_file_get_basename (file);
  adw_window_title_set_title (self->title, kind == XP_CSV_BRANCHES ? _("Import Branches") : _("Import Scores"));
  adw_window_title_set_subtitle (self->title, self->name);
  gtk_widget_set_visible (GTK_WIDGET (self->replace_check), kind == XP_CSV_SCORES);
  refresh (self);
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

XpCsvPreview *
xp_import_dialog_get_preview (XpImportDialog *self)
{
  g_return_val_if_fail (XP_IS_IMPORT_DIALOG (self), NULL);
  return self->preview;
}

gboolean
xp_import_dialog_can_import (XpImportDialog *self)
{
  g_return_val_if_fail (XP_IS_IMPORT_DIALOG (self), FALSE);
  return self->preview != NULL && self->window != NULL &&
         xp_csv_preview_get_n_errors (self->preview) == 0 && xp_csv_preview_get_n_rows (self->preview) > 0;
}

const char *
xp_import_dialog_get_summary (XpImportDialog *self)
{
  g_return_val_if_fail (XP_IS_IMPORT_DIALOG (self), NULL);
  return xp_csv_preview_view_get_summary (self->view);
}

void
xp_import_dialog_set_replace (XpImportDialog *self,
                              gboolean        replace)
{
  g_return_if_fail (XP_IS_IMPORT_DIALOG (self));

  replace = !!replace;
  if (self->replace == replace)
    return;
  self->replace = replace;
  if (gtk_check_button_get_active (self->replace_check) != replace)
    gtk_check_button_set_active (self->replace_check, replace);
  if (self->window != NULL)
    refresh (self);
}

static void
import_chosen_cb (gpointer  owner,
                  GFile    *file,
                  gpointer  user_data)
{
  XpWindow *window = XP_WINDOW (owner);
  XpCsvKind kind = GPOINTER_TO_INT (user_data);
  g_autoptr(GError) error = NULL;

  if (file != NULL && xp_import_dialog_open (window, kind, file, &error) == NULL && error != NULL)
    xp_window_show_toast (window, error->message);
}

void
xp_import_dialog_choose (XpWindow  *window,
                         XpCsvKind  kind)
{
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .title = kind == XP_CSV_BRANCHES ? _("Import Branches from CSV") : _("Import Scores from CSV"),
    .accept_label = _("_Open"),
    .filters = { { .name = _("CSV files (UTF-8 or GBK)"), .patterns = { "*.csv", "*.CSV", "*.tsv", "*.txt" } } },
  };

  g_return_if_fail (XP_IS_WINDOW (window));

  if (xp_window_get_project (window) == NULL)
    return;
  xp_file_chooser_show (&chooser, GTK_WINDOW (window), window, import_chosen_cb, GINT_TO_POINTER (kind));
}

gboolean
xp_spreadsheet_export (XpWindow  *window,
                       GFile     *file,
                       gboolean   xlsx,
                       GError   **error)
{
  g_autofree char *path = NULL;
  XpRanking *ranking;

  g_return_val_if_fail (XP_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  ranking = xp_window_get_ranking (window);
  if (ranking == NULL)
    return TRUE;
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Only local files can be written"));
      return FALSE;
    }
  return xlsx ? xp_export_write_xlsx (ranking, path, error) : xp_export_write_csv (ranking, path, error);
}

static void
export_chosen_cb (gpointer  owner,
                  GFile    *file,
                  gpointer  user_data)
{
  XpWindow *window = XP_WINDOW (owner);

  if (file != NULL)
    {
      g_autoptr(GError) error = NULL;
      gboolean xlsx = GPOINTER_TO_INT (user_data);

      if (!xp_spreadsheet_export (window, file, xlsx, &error))
        {
          GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Could Not Export the Ranking"), error->message);

          adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
          gtk_window_present (GTK_WINDOW (dialog));
        }
      else
        xp_window_show_toast (window, _("Ranking exported"));
    }
}

void
xp_spreadsheet_export_choose (XpWindow *window,
                              gboolean  xlsx)
{
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_SAVE,
    .title = _("Export Ranking"),
    .accept_label = _("_Export"),
    .filters = { { .name = xlsx ? _("Excel workbooks (XLSX)") : _("CSV files"),
                   .patterns = { xlsx ? "*.xlsx" : "*.csv" } } },
    /* Translators: default file names; keep the extensions */
    .current_name = xlsx ? _("ranking.xlsx") : _("ranking.csv"),
  };

  g_return_if_fail (XP_IS_WINDOW (window));

  if (xp_window_get_ranking (window) == NULL)
    return;
  if (xlsx && !xp_export_has_xlsx ())
    {
      xp_window_show_toast (window, _("This build cannot write XLSX — export CSV instead"));
      return;
    }
  xp_file_chooser_show (&chooser, GTK_WINDOW (window), window, export_chosen_cb, GINT_TO_POINTER (xlsx));
}
