/* xp-audit-dialog.c — the audit log of one branch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-audit-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-audit-dialog.h"
#include "xp-decimal.h"

struct _XpAuditDialog
{
  AdwWindow   parent_instance;

  GtkListBox *list;
  GPtrArray  *rows;   /* AdwActionRow, newest first (unowned) */
};

G_DEFINE_FINAL_TYPE (XpAuditDialog, xp_audit_dialog, ADW_TYPE_WINDOW)

static char *
local_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  return dt != NULL ? g_date_time_format (dt, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static char *
describe (XpProject          *project,
          const XpAuditEntry *entry)
{
  char old_buf[XP_DEC_BUF_SIZE], new_buf[XP_DEC_BUF_SIZE];
  XpEvaluator *evaluator;
  const char *evaluator_name;

  switch (entry->action)
    {
    case XP_AUDIT_SEAL:
      return g_strdup (_("Sealed as final"));
    case XP_AUDIT_REOPEN:
      /* Translators: %s is the reason given */
      return g_strdup_printf (_("Reopened: %s"), entry->reason);
    default:
      break;
    }

  evaluator = xp_project_lookup_evaluator (project, entry->evaluator_id);
  evaluator_name = evaluator != NULL ? xp_evaluator_get_name (evaluator) : entry->evaluator_id;
  switch (entry->action)
    {
    case XP_AUDIT_SET:
      /* Translators: item id, evaluator name, the new score */
      return g_strdup_printf (_("%s, %s’s sheet: scored %s"), entry->item_id, evaluator_name,
                              xp_dec_to_buf (entry->new_value, new_buf));
    case XP_AUDIT_CHANGE:
      /* Translators: item id, evaluator name, old score → new score */
      return g_strdup_printf (_("%s, %s’s sheet: changed %s → %s"), entry->item_id, evaluator_name,
                              xp_dec_to_buf (entry->old_value, old_buf),
                              xp_dec_to_buf (entry->new_value, new_buf));
    case XP_AUDIT_CLEAR:
      /* Translators: item id, evaluator name, the removed score */
      return g_strdup_printf (_("%s, %s’s sheet: cleared (was %s)"), entry->item_id, evaluator_name,
                              xp_dec_to_buf (entry->old_value, old_buf));
    case XP_AUDIT_SEAL:
    case XP_AUDIT_REOPEN:
    default:
      g_assert_not_reached ();
    }
}

static void
xp_audit_dialog_finalize (GObject *object)
{
  XpAuditDialog *self = XP_AUDIT_DIALOG (object);

  g_ptr_array_unref (self->rows);

  G_OBJECT_CLASS (xp_audit_dialog_parent_class)->finalize (object);
}

static void
xp_audit_dialog_class_init (XpAuditDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = xp_audit_dialog_finalize;
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xp_audit_dialog_init (XpAuditDialog *self)
{
  self->rows = g_ptr_array_new ();
}

XpAuditDialog *
xp_audit_dialog_new (GtkWindow  *parent,
                     XpProject  *project,
                     const char *branch_id)
{
  g_autoptr(GPtrArray) entries = NULL;
  XpAuditDialog *self;
  GtkWidget *box, *header, *scroller, *clamp, *content;
  XpBranch *branch;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  self = g_object_new (XP_TYPE_AUDIT_DIALOG,
                       "modal", TRUE,
                       "transient-for", parent,
                       "default-width", 720,
                       "default-height", 560,
                       "title", _("Audit Log"),
                       NULL);

  branch = branch_id != NULL ? xp_project_lookup_branch (project, branch_id) : NULL;
  if (branch != NULL)
    subtitle = g_strdup (xp_branch_get_name (branch));
  else if (branch_id != NULL)
    subtitle = g_strdup (branch_id);
  else
    subtitle = g_strdup (_("All branches"));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Audit Log"), subtitle));
  gtk_box_append (GTK_BOX (box), header);

  entries = xp_project_list_audit (project, branch_id);
  if (entries->len == 0)
    {
      content = adw_status_page_new ();
      adw_status_page_set_icon_name (ADW_STATUS_PAGE (content), "document-open-recent-symbolic");
      adw_status_page_set_title (ADW_STATUS_PAGE (content), _("No Changes Recorded"));
      adw_status_page_set_description (ADW_STATUS_PAGE (content),
                                       _("Every score set, changed or cleared from now on is listed here with who did it and when."));
      gtk_widget_set_vexpand (content, TRUE);
      gtk_box_append (GTK_BOX (box), content);
    }
  else
    {
      self->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
      gtk_widget_add_css_class (GTK_WIDGET (self->list), "boxed-list");
      gtk_widget_set_valign (GTK_WIDGET (self->list), GTK_ALIGN_START);
      gtk_widget_set_margin_top (GTK_WIDGET (self->list), 18);
      gtk_widget_set_margin_bottom (GTK_WIDGET (self->list), 18);
      gtk_widget_set_margin_start (GTK_WIDGET (self->list), 12);
      gtk_widget_set_margin_end (GTK_WIDGET (self->list), 12);

      /* newest first: a reviewer asks "what happened last" */
      for (guint i = entries->len; i > 0; i--)
        {
          const XpAuditEntry *entry = g_ptr_array_index (entries, i - 1);
          g_autofree char *title = describe (project, entry);
          g_autofree char *when = local_time (entry->at);
          g_autofree char *row_subtitle = NULL;
          GtkWidget *row = adw_action_row_new ();

          /* Translators: time · person */
          row_subtitle = g_strdup_printf (_("%s · %s"), when, entry->by);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), row_subtitle);
          if (entry->action == XP_AUDIT_SEAL || entry->action == XP_AUDIT_REOPEN)
            adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                       gtk_image_new_from_icon_name (entry->action == XP_AUDIT_SEAL
                                                                     ? "changes-prevent-symbolic"
                                                                     : "changes-allow-symbolic"));
          gtk_list_box_append (self->list, row);
          g_ptr_array_add (self->rows, row);
        }

      clamp = adw_clamp_new ();
      adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 760);
      adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->list));
      scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
      gtk_widget_set_vexpand (scroller, TRUE);
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
      gtk_box_append (GTK_BOX (box), scroller);
    }

  adw_window_set_content (ADW_WINDOW (self), box);
  return self;
}

guint
xp_audit_dialog_get_n_entries (XpAuditDialog *self)
{
  g_return_val_if_fail (XP_IS_AUDIT_DIALOG (self), 0);
  return self->rows->len;
}

char *
xp_audit_dialog_dup_entry_text (XpAuditDialog *self,
                                guint          index)
{
  GtkWidget *row;

  g_return_val_if_fail (XP_IS_AUDIT_DIALOG (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  row = g_ptr_array_index (self->rows, index);
  return g_strdup_printf ("%s — %s", adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                          adw_action_row_get_subtitle (ADW_ACTION_ROW (row)));
}
