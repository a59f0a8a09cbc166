/* xp-new-dialog.c — New Assessment: pick the criteria (the installed
 * default scheme first, or another XML file), a title, optionally a branch
 * CSV, and the evaluators to start with.  Errors name the file and line.
 * A branch CSV is previewed row by row against the chosen scheme, as
 * Import Branches does, and Create waits until no row has an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-new-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-application.h"
#include "xp-criteria.h"
#include "xp-csv.h"
#include "xp-csv-preview-view.h"
#include "xp-file-chooser.h"
#include "xp-new-dialog.h"

struct _XpNewDialog
{
  AdwWindow             parent_instance;

  GtkWidget            *error_label;
  GtkWidget            *default_check;
  GtkWidget            *default_row;
  GtkWidget            *other_check;
  GtkWidget            *other_row;
  GtkWidget            *title_row;
  GtkWidget            *branches_row;
  GtkWidget            *clear_branches_button;
  GtkWidget            *evaluators_row;
  GtkWidget            *self_switch;
  XpCsvPreviewView     *preview_view;

  GFile                *default_file;
  GFile                *other_file;
  GFile                *branches_file;
  XpCsvPreview         *preview;      /* of branches_file, or NULL */
  char                 *error_text;
};

G_DEFINE_FINAL_TYPE (XpNewDialog, xp_new_dialog, ADW_TYPE_WINDOW)

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error_text (XpNewDialog *self,
                const char  *text)
{
  g_free (self->error_text);
  self->error_text = g_strdup (text);
  gtk_label_set_text (GTK_LABEL (self->error_label), text ? text : "");
  gtk_widget_set_visible (self->error_label, text != NULL);
}

static void
update_rows (XpNewDialog *self)
{
  if (self->other_file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->other_file);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->other_row), name);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->other_row), _("No file chosen"));

  if (self->branches_file != NULL)
    {
      g_autofree char *name = g_file_get_parse_name (self->branches_file);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->branches_row), name);
    }
  else
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->branches_row),
                                 _("None: add branches later"));
  gtk_widget_set_visible (self->clear_branches_button, self->branches_file != NULL);
}

/* Reads the branch list against a project of the chosen scheme and shows
 * every row; Create is enabled only while no row has an error.  Without
 * a readable list or scheme there is nothing to preview: Create then
 * says what is wrong. */
static void
refresh_preview (XpNewDialog *self)
{
  GFile *criteria_file = xp_new_dialog_get_criteria_file (self);
  g_autofree char *criteria_path = criteria_file ? g_file_get_path (criteria_file) : NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_clear_object (&self->preview);
  if (self->branches_file != NULL && criteria_path != NULL &&
      (criteria = xp_criteria_new_from_file (criteria_path, NULL)) != NULL &&
      g_file_load_contents (self->branches_file, NULL, &contents, &len, NULL, NULL))
    {
      g_autofree char *name = g_file_get_basename (self->branches_file);

      project = xp_project_new (criteria);
      self->preview = xp_csv_preview_new (project, XP_CSV_BRANCHES, contents, len, name, XP_CSV_FLAGS_NONE);
    }
  xp_csv_preview_view_show (self->preview_view, self->preview, project);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_view), self->preview != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "new.create", xp_new_dialog_can_create (self));
}

static void
file_chosen_cb (gpointer  owner,
                GFile    *file,
                gpointer  user_data)
{
  XpNewDialog *self = XP_NEW_DIALOG (owner);
  gboolean branches = GPOINTER_TO_INT (user_data);

  if (file == NULL)
    return;
  if (branches)
    xp_new_dialog_set_branches_file (self, file);
  else
    xp_new_dialog_set_criteria_file (self, file);
}

static void
choose_file (XpNewDialog *self,
             gboolean     branches)
{
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .title = branches ? _("Choose a Branch List") : _("Choose a Criteria Scheme"),
    .accept_label = _("_Choose"),
    .filters = { branches ? (XpFileFilter) { .name = _("Branch lists (CSV)"), .patterns = { "*.csv", "*.CSV" } }
                          : (XpFileFilter) { .name = _("Criteria schemes (XML)"), .patterns = { "*.xml", "*.XML" } } },
  };

  /* The chooser is modal: no second one can be asked for meanwhile. */
  xp_file_chooser_show (&chooser, GTK_WINDOW (self), self, file_chosen_cb, GINT_TO_POINTER (branches));
}

static void
choose_criteria_cb (XpNewDialog *self)
{
  choose_file (self, FALSE);
}

static void
choose_branches_cb (XpNewDialog *self)
{
  choose_file (self, TRUE);
}

static void
clear_branches_cb (XpNewDialog *self)
{
  xp_new_dialog_set_branches_file (self, NULL);
}

static void
other_toggled_cb (XpNewDialog    *self,
                  GtkCheckButton *check)
{
  /* Picking "another file" without one yet asks for it. */
  if (gtk_check_button_get_active (check) && self->other_file == NULL)
    choose_file (self, FALSE);
  refresh_preview (self);
}

static void
create_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  xp_new_dialog_create (XP_NEW_DIALOG (widget));
}

static GtkWidget *
suffix_button (const char *label,
               const char *tooltip)
{
  GtkWidget *button = gtk_button_new_with_label (label);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  if (tooltip != NULL)
    gtk_widget_set_tooltip_text (button, tooltip);
  return button;
}

static void
xp_new_dialog_dispose (GObject *object)
{
  XpNewDialog *self = XP_NEW_DIALOG (object);

  g_clear_object (&self->default_file);
  g_clear_object (&self->other_file);
  g_clear_object (&self->branches_file);
  g_clear_object (&self->preview);
  G_OBJECT_CLASS (xp_new_dialog_parent_class)->dispose (object);
}

static void
xp_new_dialog_finalize (GObject *object)
{
  XpNewDialog *self = XP_NEW_DIALOG (object);

  g_free (self->error_text);
  G_OBJECT_CLASS (xp_new_dialog_parent_class)->finalize (object);
}

static void
xp_new_dialog_class_init (XpNewDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_new_dialog_dispose;
  object_class->finalize = xp_new_dialog_finalize;

  /**
   * XpNewDialog::created:
   * @project: the new, unsaved #XpProject
   */
  signals[CREATED] =
    g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XP_TYPE_PROJECT);

  gtk_widget_class_install_action (widget_class, "new.create", NULL, create_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xp_new_dialog_init (XpNewDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_label (_("Cancel"));
  GtkWidget *create = gtk_button_new_with_label (_("Create"));
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 24);
  GtkWidget *criteria_group = adw_preferences_group_new ();
  GtkWidget *title_group = adw_preferences_group_new ();
  GtkWidget *branches_group = adw_preferences_group_new ();
  GtkWidget *evaluators_group = adw_preferences_group_new ();
  GtkWidget *self_row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *default_path = xp_application_find_data_file ("criteria/default.xml");

  gtk_window_set_title (GTK_WINDOW (self), _("New Assessment"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 660);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), create);
  gtk_widget_add_css_class (create, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (create), "new.create");
  gtk_window_set_default_widget (GTK_WINDOW (self), create);
  gtk_box_append (GTK_BOX (box), header);

  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_margin_top (content, 18);
  gtk_widget_set_margin_bottom (content, 18);
  gtk_widget_set_margin_start (content, 12);
  gtk_widget_set_margin_end (content, 12);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 560);
  adw_clamp_set_child (ADW_CLAMP (clamp), content);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);

  /* The error, in words that say what to fix. */
  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (self->error_label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "new-dialog-error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_box_append (GTK_BOX (content), self->error_label);

  /* Criteria. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (criteria_group), _("Criteria"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (criteria_group),
                                         _("The scheme the branches are scored against"));
  self->default_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->default_row), _("Default criteria scheme"));
  self->default_check = gtk_check_button_new ();
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->default_row), self->default_check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->default_row), self->default_check);
  if (default_path != NULL)
    {
      g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (default_path, NULL);

      self->default_file = g_file_new_for_path (default_path);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->default_row),
                                   criteria != NULL ? xp_text_get_for_user (xp_criteria_get_title (criteria)) : default_path);
    }
  else
    {
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->default_row), _("Not installed: choose a criteria file"));
      gtk_widget_set_sensitive (self->default_row, FALSE);
    }
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (criteria_group), self->default_row);

  self->other_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->other_row), _("Another criteria file"));
  self->other_check = gtk_check_button_new ();
  gtk_check_button_set_group (GTK_CHECK_BUTTON (self->other_check), GTK_CHECK_BUTTON (self->default_check));
  adw_action_row_add_prefix (ADW_ACTION_ROW (self->other_row), self->other_check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->other_row), self->other_check);
  button = suffix_button (_("Choose…"), _("Choose a criteria XML file"));
  gtk_widget_set_name (button, "choose-criteria");
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose_criteria_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->other_row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (criteria_group), self->other_row);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->default_file != NULL ? self->default_check : self->other_check), TRUE);
  g_signal_connect_object (self->other_check, "toggled", G_CALLBACK (other_toggled_cb), self, G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (content), criteria_group);

  /* Title. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (title_group), _("Assessment"));
  self->title_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->title_row), _("Title (empty: the scheme’s title)"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (title_group), self->title_row);
  gtk_box_append (GTK_BOX (content), title_group);

  /* Branches. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (branches_group), _("Branches"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (branches_group),
                                         _("Optional: a CSV file with the header row id,name,enterprise,category,members"));
  self->branches_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->branches_row), _("Branch list"));
  self->clear_branches_button = gtk_button_new_from_icon_name ("edit-clear-symbolic");
  gtk_widget_set_valign (self->clear_branches_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->clear_branches_button, _("Start without a branch list"));
  gtk_widget_add_css_class (self->clear_branches_button, "flat");
  g_signal_connect_object (self->clear_branches_button, "clicked", G_CALLBACK (clear_branches_cb),
                           self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->branches_row), self->clear_branches_button);
  button = suffix_button (_("Choose…"), _("Choose a branch list (CSV)"));
  gtk_widget_set_name (button, "choose-branches");
  g_signal_connect_object (button, "clicked", G_CALLBACK (choose_branches_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->branches_row), button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (branches_group), self->branches_row);
  /* Right under the list it previews, as Import Branches shows it. */
  self->preview_view = XP_CSV_PREVIEW_VIEW (xp_csv_preview_view_new ());
  gtk_widget_set_margin_top (GTK_WIDGET (self->preview_view), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->preview_view), FALSE);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (branches_group), GTK_WIDGET (self->preview_view));
  gtk_box_append (GTK_BOX (content), branches_group);

  /* Evaluators. */
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (evaluators_group), _("Evaluation Group"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (evaluators_group),
                                         _("More can be added later"));
  self->evaluators_row = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->evaluators_row),
                                 _("Evaluation group members, separated by commas"));
  gtk_editable_set_text (GTK_EDITABLE (self->evaluators_row), _("Evaluator 1"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (evaluators_group), self->evaluators_row);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self_row), _("Self-assessment sheet"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self_row), _("Each branch also scores itself"));
  self->self_switch = gtk_switch_new ();
  gtk_widget_set_valign (self->self_switch, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self_row), self->self_switch);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self_row), self->self_switch);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (evaluators_group), self_row);
  gtk_box_append (GTK_BOX (content), evaluators_group);

  adw_window_set_content (ADW_WINDOW (self), box);
  update_rows (self);
}

XpNewDialog *
xp_new_dialog_new (GtkWindow *parent,
                   GSettings *settings)
{
  XpNewDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (!settings || G_IS_SETTINGS (settings), NULL);

  self = g_object_new (XP_TYPE_NEW_DIALOG, "transient-for", parent, NULL);
  if (settings != NULL)
    {
      g_autofree char *name = g_settings_get_string (settings, "default-evaluator-name");

      if (*g_strstrip (name) != '\0')
        gtk_editable_set_text (GTK_EDITABLE (self->evaluators_row), name);
    }
  return self;
}

void
xp_new_dialog_set_criteria_file (XpNewDialog *self,
                                 GFile       *file)
{
  g_return_if_fail (XP_IS_NEW_DIALOG (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  if (file != NULL)
    g_set_object (&self->other_file, file);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (file != NULL ? self->other_check : self->default_check), TRUE);
  set_error_text (self, NULL);
  update_rows (self);
  refresh_preview (self);
}

GFile *
xp_new_dialog_get_criteria_file (XpNewDialog *self)
{
  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), NULL);

  if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->other_check)))
    return self->other_file;
  return self->default_file;
}

void
xp_new_dialog_set_branches_file (XpNewDialog *self,
                                 GFile       *file)
{
  g_return_if_fail (XP_IS_NEW_DIALOG (self));
  g_return_if_fail (!file || G_IS_FILE (file));

  g_set_object (&self->branches_file, file);
  set_error_text (self, NULL);
  update_rows (self);
  refresh_preview (self);
}

gboolean
xp_new_dialog_can_create (XpNewDialog *self)
{
  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), FALSE);
  return self->preview == NULL || xp_csv_preview_get_n_errors (self->preview) == 0;
}

XpCsvPreviewView *
xp_new_dialog_get_preview_view (XpNewDialog *self)
{
  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), NULL);
  return self->preview_view;
}

void
xp_new_dialog_set_assessment_title (XpNewDialog *self,
                                    const char  *title)
{
  g_return_if_fail (XP_IS_NEW_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
}

void
xp_new_dialog_set_evaluator_names (XpNewDialog *self,
                                   const char  *names)
{
  g_return_if_fail (XP_IS_NEW_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->evaluators_row), names ? names : "");
}

void
xp_new_dialog_set_self_evaluator (XpNewDialog *self,
                                  gboolean     with_self)
{
  g_return_if_fail (XP_IS_NEW_DIALOG (self));
  gtk_switch_set_active (GTK_SWITCH (self->self_switch), with_self);
}

/* Names separated by ASCII or Chinese commas (or 、), blanks dropped. */
static char **
split_names (const char *text)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(GString) normalized = g_string_new (text);

  g_string_replace (normalized, "，", ",", 0);
  g_string_replace (normalized, "、", ",", 0);
  g_string_replace (normalized, "；", ",", 0);
  g_string_replace (normalized, ";", ",", 0);
  {
    g_auto(GStrv) parts = g_strsplit (normalized->str, ",", -1);

    for (guint i = 0; parts[i] != NULL; i++)
      if (*g_strstrip (parts[i]) != '\0')
        g_strv_builder_add (builder, parts[i]);
  }
  return g_strv_builder_end (builder);
}

XpProject *
xp_new_dialog_build_project (XpNewDialog *self,
                             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autofree char *criteria_path = NULL;
  g_autofree char *title = NULL;
  g_autofree char *shown = NULL;
  g_auto(GStrv) names = NULL;
  const char *lead = NULL;
  GFile *criteria_file;

  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), NULL);

  criteria_file = xp_new_dialog_get_criteria_file (self);
  names = split_names (gtk_editable_get_text (GTK_EDITABLE (self->evaluators_row)));
  if (criteria_file == NULL)
    g_set_error (&local_error, XP_ERROR, XP_ERROR_USAGE,
                 _("Choose a criteria file: the default scheme is not installed"));
  else if ((criteria_path = g_file_get_path (criteria_file)) == NULL)
    g_set_error (&local_error, XP_ERROR, XP_ERROR_IO, _("Only local files can be opened"));
  else if (names[0] == NULL)
    g_set_error (&local_error, XP_ERROR, XP_ERROR_USAGE,
                 _("Name at least one member of the evaluation group"));
  else
    {
      criteria = xp_criteria_new_from_file (criteria_path, &local_error);
      /* Translators: the core's message (file:line: what to fix) follows */
      lead = _("This criteria file cannot be used:");
    }

  if (criteria != NULL)
    {
      lead = NULL;
      project = xp_project_new (criteria);
      title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row)));
      g_strstrip (title);
      xp_project_set_title (project, *title != '\0' ? title : xp_text_get_for_user (xp_criteria_get_title (criteria)));

      if (self->branches_file != NULL)
        {
          g_autofree char *path = g_file_get_path (self->branches_file);
          g_autofree char *data = NULL;
          gsize len = 0;

          if (path == NULL)
            g_set_error (&local_error, XP_ERROR, XP_ERROR_IO, _("Only local files can be opened"));
          else if (!g_file_get_contents (path, &data, &len, &local_error) ||
                   !xp_csv_import_branches (project, data, len, path, &local_error))
            /* Translators: the core's message (file, row, branch: what to fix) follows */
            lead = _("This branch list cannot be imported:");
          if (local_error != NULL)
            g_clear_object (&project);
        }

      for (guint i = 0; project != NULL && names[i] != NULL; i++)
        {
          g_autofree char *id = g_strdup_printf ("e%u", i + 1);
          g_autoptr(XpEvaluator) evaluator = xp_evaluator_new (id, names[i], XP_ROLE_GROUP);

          if (!xp_project_add_evaluator (project, evaluator, &local_error))
            g_clear_object (&project);
        }
      if (project != NULL && gtk_switch_get_active (GTK_SWITCH (self->self_switch)))
        {
          g_autoptr(XpEvaluator) evaluator = xp_evaluator_new ("self", _("Self-assessment"), XP_ROLE_SELF);

          if (!xp_project_add_evaluator (project, evaluator, &local_error))
            g_clear_object (&project);
        }
    }

  if (project == NULL)
    {
      g_assert (local_error != NULL);
      shown = lead != NULL ? g_strdup_printf ("%s\n%s", lead, local_error->message) : g_strdup (local_error->message);
      set_error_text (self, shown);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  set_error_text (self, NULL);
  return g_steal_pointer (&project);
}

gboolean
xp_new_dialog_create (XpNewDialog *self)
{
  g_autoptr(XpProject) project = NULL;

  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), FALSE);

  project = xp_new_dialog_build_project (self, NULL);
  if (project == NULL)
    return FALSE;
  g_object_ref (self);
  g_signal_emit (self, signals[CREATED], 0, project);
  gtk_window_close (GTK_WINDOW (self));
  g_object_unref (self);
  return TRUE;
}

const char *
xp_new_dialog_get_error_text (XpNewDialog *self)
{
  g_return_val_if_fail (XP_IS_NEW_DIALOG (self), NULL);
  return self->error_text;
}
