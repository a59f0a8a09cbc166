/* xp-csv-preview-view.c — what a CSV file will do, row by row
 *
 * The summary (encoding, separator, rows, errors) and a list: every row
 * with an error, with its line and what to fix, and the rows without
 * one (the first few hundred) with what they become.  The import dialog
 * and New Assessment's branch list show it before anything is changed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-csv-preview-view"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-csv-preview-view.h"
#include "xp-decimal.h"

/* Rows without an error shown at most; errors are always all shown. */
#define MAX_OK_ROWS 300

struct _XpCsvPreviewView
{
  GtkBox      parent_instance;

  GtkLabel   *summary;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (XpCsvPreviewView, xp_csv_preview_view, GTK_TYPE_BOX)

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
row_widget (XpCsvPreview *preview,
            XpProject    *project,
            guint         index)
{
  const XpCsvRow *row = xp_csv_preview_get_row (preview, index);
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

  if (xp_csv_preview_get_kind (preview) == XP_CSV_BRANCHES)
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

static char *
summary_text (XpCsvPreview *preview)
{
  guint n_rows = xp_csv_preview_get_n_rows (preview);
  guint n_errors = xp_csv_preview_get_n_errors (preview);
  const char *encoding = xp_csv_preview_get_encoding (preview);
  const char *sep;
  g_autofree char *rows = NULL;
  g_autofree char *errors = NULL;

  if (encoding == NULL)
    return g_strdup (_("The file could not be read as text."));

  sep = xp_csv_preview_get_separator (preview) == '\t' ? _("tab-separated")
        : xp_csv_preview_get_separator (preview) == ';' ? _("semicolon-separated")
        : _("comma-separated");
  rows = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u row", "%u rows", n_rows), n_rows);
  errors = n_errors == 0 ? g_strdup (_("no errors"))
                         : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u error — correct the file and open it again; nothing is imported while there are errors",
                                                         "%u errors — correct the file and open it again; nothing is imported while there are errors", n_errors),
                                            n_errors);
  /* Translators: encoding, separator, number of rows, number of errors */
  return g_strdup_printf (_("Read as %s, %s: %s, %s."), encoding, sep, rows, errors);
}

static void
xp_csv_preview_view_class_init (XpCsvPreviewViewClass *klass)
{
}

static void
xp_csv_preview_view_init (XpCsvPreviewView *self)
{
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->summary = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->summary, TRUE);
  gtk_label_set_xalign (self->summary, 0);
  gtk_label_set_selectable (self->summary, TRUE);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->summary));

  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (self), GTK_WIDGET (self->list));
}

GtkWidget *
xp_csv_preview_view_new (void)
{
  return g_object_new (XP_TYPE_CSV_PREVIEW_VIEW, NULL);
}

void
xp_csv_preview_view_show (XpCsvPreviewView *self,
                          XpCsvPreview     *preview,
                          XpProject        *project)
{
  g_autofree char *summary = NULL;
  const char *const *warnings;
  guint n_rows, n_ok_shown = 0;
  GtkWidget *child;

  g_return_if_fail (XP_IS_CSV_PREVIEW_VIEW (self));
  g_return_if_fail (!preview || XP_IS_CSV_PREVIEW (preview));
  g_return_if_fail (!preview || XP_IS_PROJECT (project));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  if (preview == NULL)
    {
      gtk_label_set_text (self->summary, "");
      return;
    }

  summary = summary_text (preview);
  gtk_label_set_text (self->summary, summary);

  if (xp_csv_preview_get_file_error (preview) != NULL)
    {
      g_autofree char *message = xp_csv_preview_format_error (preview, G_MAXUINT);

      gtk_list_box_append (self->list, make_row (_("The file cannot be imported"), message, "dialog-error-symbolic", TRUE));
    }
  warnings = xp_csv_preview_get_warnings (preview);
  for (guint i = 0; warnings[i]; i++)
    gtk_list_box_append (self->list, make_row (warnings[i], NULL, "dialog-information-symbolic", FALSE));
  n_rows = xp_csv_preview_get_n_rows (preview);
  for (guint i = 0; i < n_rows; i++)
    {
      if (xp_csv_preview_get_row (preview, i)->error == NULL && n_ok_shown++ >= MAX_OK_ROWS)
        continue;
      gtk_list_box_append (self->list, row_widget (preview, project, i));
    }
  if (n_ok_shown > MAX_OK_ROWS)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more row without errors",
                                                            "… and %u more rows without errors", n_ok_shown - MAX_OK_ROWS),
                                               n_ok_shown - MAX_OK_ROWS);

      gtk_list_box_append (self->list, make_row (more, NULL, "view-more-symbolic", FALSE));
    }
}

const char *
xp_csv_preview_view_get_summary (XpCsvPreviewView *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW_VIEW (self), NULL);
  return gtk_label_get_text (self->summary);
}

void
xp_csv_preview_view_set_summary (XpCsvPreviewView *self,
                                 const char       *text)
{
  g_return_if_fail (XP_IS_CSV_PREVIEW_VIEW (self));
  gtk_label_set_text (self->summary, text ? text : "");
}
