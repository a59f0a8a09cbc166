/* xp-evaluator-dialog.c — add an evaluator or rename one; who scores, per project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-evaluator-dialog"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "xp-evaluator-dialog.h"

struct _XpEvaluatorDialog
{
  AdwMessageDialog  parent_instance;

  AdwEntryRow      *name_row;
  AdwComboRow      *role_row;
  GtkLabel         *problem_label;

  XpProject        *project;
  XpEvaluator      *evaluator;  /* NULL when adding */
  char             *problem;
};

G_DEFINE_FINAL_TYPE (XpEvaluatorDialog, xp_evaluator_dialog, ADW_TYPE_MESSAGE_DIALOG)

static const char *
response_id (XpEvaluatorDialog *self)
{
  return self->evaluator != NULL ? "save" : "add";
}

static char *
stripped_name (XpEvaluatorDialog *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->name_row))));
}

static XpRole
chosen_role (XpEvaluatorDialog *self)
{
  if (self->evaluator != NULL)
    return xp_evaluator_get_role (self->evaluator);
  return adw_combo_row_get_selected (self->role_row) == 1 ? XP_ROLE_SELF : XP_ROLE_GROUP;
}

/* NULL when the fields are fine. */
static char *
find_problem (XpEvaluatorDialog *self)
{
  g_autofree char *name = stripped_name (self);
  GListModel *evaluators = xp_project_get_evaluators (self->project);
  XpEvaluator *existing_self = xp_project_get_self_evaluator (self->project);

  if (*name == '\0')
    return g_strdup (_("Enter the evaluator’s name."));

  for (guint i = 0; i < g_list_model_get_n_items (evaluators); i++)
    {
      g_autoptr(XpEvaluator) other = g_list_model_get_item (evaluators, i);

      if (other != self->evaluator && g_strcmp0 (xp_evaluator_get_name (other), name) == 0)
        return g_strdup_printf (_("“%s” is already an evaluator of this assessment: use another name."), name);
    }

  if (self->evaluator == NULL && chosen_role (self) == XP_ROLE_SELF && existing_self != NULL)
    return g_strdup_printf (_("The assessment already has a self-assessment sheet (“%s”): only one is allowed. Choose “Evaluation group”."),
                            xp_evaluator_get_name (existing_self));
  return NULL;
}

static void
fields_changed_cb (XpEvaluatorDialog *self)
{
  g_free (self->problem);
  self->problem = find_problem (self);

  gtk_label_set_text (self->problem_label, self->problem != NULL ? self->problem : "");
  /* An empty name is obvious; say nothing until something is typed. */
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label),
                          self->problem != NULL &&
                          *gtk_editable_get_text (GTK_EDITABLE (self->name_row)) != '\0');
  if (self->problem != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->name_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->name_row), "error");
  if (adw_message_dialog_has_response (ADW_MESSAGE_DIALOG (self), response_id (self)))
    adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), response_id (self),
                                             self->problem == NULL);
}

static void
entry_activated_cb (XpEvaluatorDialog *self)
{
  if (self->problem == NULL)
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), response_id (self));
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
xp_evaluator_dialog_dispose (GObject *object)
{
  XpEvaluatorDialog *self = XP_EVALUATOR_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_object (&self->evaluator);
  G_OBJECT_CLASS (xp_evaluator_dialog_parent_class)->dispose (object);
}

static void
xp_evaluator_dialog_finalize (GObject *object)
{
  XpEvaluatorDialog *self = XP_EVALUATOR_DIALOG (object);

  g_free (self->problem);
  G_OBJECT_CLASS (xp_evaluator_dialog_parent_class)->finalize (object);
}

static void
xp_evaluator_dialog_class_init (XpEvaluatorDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = xp_evaluator_dialog_dispose;
  object_class->finalize = xp_evaluator_dialog_finalize;
}

static void
xp_evaluator_dialog_init (XpEvaluatorDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *list = gtk_list_box_new ();
  GtkStringList *roles;

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");

  self->name_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->name_row), _("Name"));
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->name_row));

  roles = gtk_string_list_new (NULL);
  gtk_string_list_append (roles, _("Evaluation group"));
  gtk_string_list_append (roles, _("Self-assessment"));
  self->role_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->role_row), _("Role"));
  adw_combo_row_set_model (self->role_row, G_LIST_MODEL (roles));
  g_object_unref (roles);
  gtk_list_box_append (GTK_LIST_BOX (list), GTK_WIDGET (self->role_row));

  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);

  gtk_box_append (GTK_BOX (box), list);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->problem_label));
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (fields_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "entry-activated", G_CALLBACK (entry_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->role_row, "notify::selected", G_CALLBACK (fields_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
xp_evaluator_dialog_new (GtkWindow   *parent,
                         XpProject   *project,
                         XpEvaluator *evaluator)
{
  XpEvaluatorDialog *self;
  gboolean adding = evaluator == NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);
  g_return_val_if_fail (!evaluator || XP_IS_EVALUATOR (evaluator), NULL);

  self = g_object_new (XP_TYPE_EVALUATOR_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", adding ? _("Add Evaluator") : _("Rename Evaluator"),
                       "body", adding ? _("Each evaluator fills in a score sheet for every branch. The group’s sheets are combined; a self-assessment sheet counts only if the criteria give it a weight.")
                                      : _("The evaluator’s scores and notes stay as they are."),
                       NULL);
  self->project = g_object_ref (project);
  if (evaluator != NULL)
    {
      self->evaluator = g_object_ref (evaluator);
      gtk_editable_set_text (GTK_EDITABLE (self->name_row), xp_evaluator_get_name (evaluator));
      adw_combo_row_set_selected (self->role_row, xp_evaluator_get_role (evaluator) == XP_ROLE_SELF ? 1 : 0);
      /* The role decides how the sheets combine: it is fixed once added. */
      gtk_widget_set_sensitive (GTK_WIDGET (self->role_row), FALSE);
    }

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    response_id (self), adding ? _("_Add") : _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), response_id (self),
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), response_id (self));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
  fields_changed_cb (self);
  return GTK_WIDGET (self);
}

AdwEntryRow *
xp_evaluator_dialog_get_name_row (XpEvaluatorDialog *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR_DIALOG (self), NULL);
  return self->name_row;
}

AdwComboRow *
xp_evaluator_dialog_get_role_row (XpEvaluatorDialog *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR_DIALOG (self), NULL);
  return self->role_row;
}

const char *
xp_evaluator_dialog_get_problem (XpEvaluatorDialog *self)
{
  g_return_val_if_fail (XP_IS_EVALUATOR_DIALOG (self), NULL);
  return self->problem;
}

XpEvaluator *
xp_evaluator_dialog_apply (XpEvaluatorDialog  *self,
                           GError            **error)
{
  g_autofree char *name = NULL;
  g_autofree char *id = NULL;
  g_autoptr(XpEvaluator) evaluator = NULL;
  XpRole role;

  g_return_val_if_fail (XP_IS_EVALUATOR_DIALOG (self), NULL);

  fields_changed_cb (self);
  if (self->problem != NULL)
    {
      g_set_error_literal (error, XP_ERROR, XP_ERROR_INVALID, self->problem);
      return NULL;
    }

  if (!xp_project_check_editable (self->project, error))
    return NULL;
  name = stripped_name (self);
  if (self->evaluator != NULL)
    {
      xp_evaluator_set_name (self->evaluator, name);
      return self->evaluator;
    }

  role = chosen_role (self);
  if (role == XP_ROLE_SELF && xp_project_lookup_evaluator (self->project, "self") == NULL)
    id = g_strdup ("self");
  else
    id = xp_evaluator_next_id (self->project);
  evaluator = xp_evaluator_new (id, name, role);
  if (!xp_project_add_evaluator (self->project, evaluator, error))
    return NULL;
  return evaluator;
}

char *
xp_evaluator_next_id (XpProject *project)
{
  GListModel *evaluators;
  guint64 highest = 0;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  evaluators = xp_project_get_evaluators (project);
  for (guint i = 0; i < g_list_model_get_n_items (evaluators); i++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, i);
      const char *id = xp_evaluator_get_id (evaluator);
      guint64 n;

      if (id[0] == 'e' && g_ascii_string_to_unsigned (id + 1, 10, 1, G_MAXUINT32, &n, NULL))
        highest = MAX (highest, n);
    }
  return g_strdup_printf ("e%" G_GUINT64_FORMAT, highest + 1);
}

guint
xp_evaluator_count_scores (XpProject  *project,
                           const char *evaluator_id)
{
  XpCriteria *criteria;
  GListModel *branches;
  guint n_items, count = 0;

  g_return_val_if_fail (XP_IS_PROJECT (project), 0);
  g_return_val_if_fail (evaluator_id != NULL, 0);

  criteria = xp_project_get_criteria (project);
  n_items = xp_criteria_get_n_items (criteria);
  branches = xp_project_get_branches (project);
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);

      for (guint j = 0; j < n_items; j++)
        if (xp_project_get_score (project, xp_branch_get_id (branch), evaluator_id,
                                  xp_item_get_id (xp_criteria_get_item (criteria, j))) != XP_DEC_NONE)
          count++;
    }
  return count;
}

static char *
state_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "xingping", "state.ini", NULL);
}

static char *
state_key (const char *path)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, path, -1);
}

char *
xp_evaluator_state_lookup (const char *path)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autofree char *file = state_path ();
  g_autofree char *key = NULL;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_key_file_load_from_file (keyfile, file, G_KEY_FILE_NONE, NULL))
    return NULL;
  key = state_key (path);
  return g_key_file_get_string (keyfile, "evaluator", key, NULL);
}

void
xp_evaluator_state_remember (const char *path,
                             const char *evaluator_id)
{
  g_autoptr(GKeyFile) keyfile = g_key_file_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *file = state_path ();
  g_autofree char *dir = NULL;
  g_autofree char *key = NULL;
  g_autofree char *old = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (evaluator_id != NULL);

  g_key_file_load_from_file (keyfile, file, G_KEY_FILE_KEEP_COMMENTS, NULL);
  key = state_key (path);
  old = g_key_file_get_string (keyfile, "evaluator", key, NULL);
  if (g_strcmp0 (old, evaluator_id) == 0)
    return;
  g_key_file_set_string (keyfile, "evaluator", key, evaluator_id);

  dir = g_path_get_dirname (file);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_warning ("Could not create %s: %s", dir, g_strerror (errno));
  else if (!g_key_file_save_to_file (keyfile, file, &error))
    g_warning ("Could not remember the evaluator: %s", error->message);
}
