/* xp-import-dialog.c — CSV import with a preview, spreadsheet export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-decimal.h"
#include "xp-export.h"
#include "xp-file-chooser.h"
#include "xp-import-dialog.h"

/* Rows without an error shown at most; errors are always all shown. */
#define MAX_OK_ROWS 300

struct _XpImportDialog
{
  AdwWindow       parent_instance;

  XpWindow       *window;     /* weak */
  XpCsvKind       kind;
  GBytes         *data;
  char           *name;
  XpCsvPreview   *preview;
  gboolean        replace;

  AdwWindowTitle *title;
  GtkLabel       *summary;
  GtkCheckButton *replace_check;
  GtkListBox     *list;
};

G_DEFINE_FINAL_TYPE (XpImportDialog, xp_import_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
make_row (const char *title,
          const char *subtitle,
          const char *icon_name,
          gboolean    is_error)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (icon_name);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
  if (is_error)
    {
      gtk_widget_add_css_class (icon, "error");
      gtk_widget_add_css_class (row, "error");
    }
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static char *
category_label (XpCriteria *criteria,
                const char *id)
{
  XpCategory *cat = id ? xp_criteria_lookup_category (criteria, id) : NULL;

  return g_strdup (cat ? xp_text_get_for_user (xp_category_get_label (cat)) : (id ? id : ""));
}

static GtkWidget *
row_widget (XpImportDialog *self,
            guint           index)
{
  XpProject *project = xp_window_get_project (self->window);
  const XpCsvRow *row = xp_csv_preview_get_row (self->preview, index);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);

  if (row->error != NULL)
    {
      g_autoptr(GString) cells = g_string_new (NULL);
      guint n = g_strv_length (row->fields);

      /* The row as read, without the empty cells at its end. */
      while (n > 0 && *row->fields[n - 1] == '\0')
        n--;
      for (guint i = 0; i < n; i++)
        g_string_append_printf (cells, "%s%s", i ? " | " : "", row->fields[i]);

      title = g_strdup_printf (_("Line %u: %s"), row->line, cells->str);
      if (row->column != NULL && *row->column != '\0')
        g_string_printf (subtitle, _("Column “%s”: %s"), row->column, row->error);
      else
        g_string_assign (subtitle, row->error);
      return make_row (title, subtitle->str, "dialog-error-symbolic", TRUE);
    }

  if (self->kind == XP_CSV_BRANCHES)
    {
      XpBranch *branch = row->branch;
      g_autofree char *category = category_label (xp_project_get_criteria (project), xp_branch_get_category (branch));

      title = g_strdup_printf ("%s · %s", xp_branch_get_id (branch), xp_branch_get_name (branch));
      g_string_printf (subtitle, _("Line %u"), row->line);
      if (xp_branch_get_enterprise (branch) != NULL)
        g_string_append_printf (subtitle, " · %s", xp_branch_get_enterprise (branch));
      g_string_append_printf (subtitle, " · %s", category);
      if (xp_branch_get_members (branch) >= 0)
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, g_dngettext (GETTEXT_PACKAGE, "%d member", "%d members", xp_branch_get_members (branch)),
                                  xp_branch_get_members (branch));
        }
    }
  else
    {
      XpEvaluator *evaluator = xp_project_lookup_evaluator (project, row->evaluator_id);
      XpBranch *branch = xp_project_lookup_branch (project, row->branch_id);
      char buf[XP_DEC_BUF_SIZE], old[XP_DEC_BUF_SIZE];

      title = g_strdup_printf ("%s · %s · %s = %s", xp_branch_get_name (branch), xp_evaluator_get_name (evaluator),
                               row->item_id, xp_dec_to_buf (row->score, buf));
      g_string_printf (subtitle, _("Line %u"), row->line);
      if (row->previous == row->score)
        g_string_append_printf (subtitle, " · %s", _("unchanged"));
      else if (row->previous != XP_DEC_NONE)
        {
          g_string_append (subtitle, " · ");
          g_string_append_printf (subtitle, _("replaces %s"), xp_dec_to_buf (row->previous, old));
        }
      if (row->note != NULL)
        g_string_append_printf (subtitle, " · %s", row->note);
    }
  return make_row (title, subtitle->str, "object-select-symbolic", FALSE);
}

static void
refresh (XpImportDialog *self)
{
  XpProject *project = xp_window_get_project (self->window);
  const char *const *warnings;
  const char *encoding;
  guint n_rows, n_errors, n_ok_shown = 0;
  gsize len;
  const char *data = g_bytes_get_data (self->data, &len);
  g_autofree char *summary = NULL;
  GtkWidget *child;

  g_clear_object (&self->preview);
  self->preview = xp_csv_preview_new (project, self->kind, data, len, self->name,
                                      self->replace ? XP_CSV_REPLACE_SCORES : XP_CSV_FLAGS_NONE);
  n_rows = xp_csv_preview_get_n_rows (self->preview);
  n_errors = xp_csv_preview_get_n_errors (self->preview);
  encoding = xp_csv_preview_get_encoding (self->preview);

  if (encoding == NULL)
    summary = g_strdup (_("The file could not be read as text."));
  else
    {
      const char *sep = xp_csv_preview_get_separator (self->preview) == '\t' ? _("tab-separated")
                        : xp_csv_preview_get_separator (self->preview) == ';' ? _("semicolon-separated")
                        : _("comma-separated");
      g_autofree char *rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
      g_autofree char *errors = n_errors == 0 ? g_strdup (_("no errors"))
                                              : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error — correct the file and open it again; nothing is imported while there are errors",
                                                                              "%u errors — correct the file and open it again; nothing is imported while there are errors", n_errors),
                                                                 n_errors);

      /* Translators: encoding, separator, number of rows, number of errors */
      summary = g_strdup_printf (_("Read as %s, %s: %s, %s."), encoding, sep, rows, errors);
    }
  gtk_label_set_text (self->summary, summary);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);

  if (xp_csv_preview_get_file_error (self->preview) != NULL)
    {
      g_autofree char *message = xp_csv_preview_format_error (self->preview, G_MAXUINT);

      gtk_list_box_append (self->list, make_row (_("The file cannot be imported"), message, "dialog-error-symbolic", TRUE));
    }
  warnings = xp_csv_preview_get_warnings (self->preview);
  for (guint i = 0; warnings[i]; i++)
    gtk_list_box_append (self->list, make_row (warnings[i], NULL, "dialog-information-symbolic", FALSE));
  for (guint i = 0; i < n_rows; i++)
    {
      if (xp_csv_preview_get_row (self->preview, i)->error == NULL && n_ok_shown++ >= MAX_OK_ROWS)
        continue;
      gtk_list_box_append (self->list, row_widget (self, i));
    }
  if (n_ok_shown > MAX_OK_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more row without errors",
                                                            "… and %u more rows without errors", n_ok_shown - MAX_OK_ROWS),
                                               n_ok_shown - MAX_OK_ROWS);

      gtk_list_box_append (self->list, make_row (more, NULL, "view-more-symbolic", FALSE));
    }

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
      gtk_label_set_text (self->summary, error->message);
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
  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  gtk_label_set_selectable (self->summary, TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->summary));
  self->replace_check = GTK_CHECK_BUTTON (gtk_check_button_new_with_mnemonic (_("_Replace existing scores")));
  gtk_widget_set_visible (GTK_WIDGET (self->replace_check), FALSE);
  g_signal_connect_object (self->replace_check, "toggled", G_CALLBACK (replace_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->replace_check));
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->list));
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
  return gtk_label_get_text (self->summary);
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
