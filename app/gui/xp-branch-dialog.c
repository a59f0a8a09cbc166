/* xp-branch-dialog.c — add a branch or edit its facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-branch-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-branch-dialog.h"

#define MAX_MEMBERS 1000000

struct _XpBranchDialog
{
  AdwWindow       parent_instance;

  AdwWindowTitle *title;
  GtkButton      *save_button;
  GtkLabel       *problem_label;
  AdwEntryRow    *name_row;
  AdwEntryRow    *enterprise_row;
  AdwComboRow    *category_row;
  AdwActionRow   *members_row;
  GtkSpinButton  *members_spin;
  AdwEntryRow    *secretary_row;
  AdwEntryRow    *founded_row;
  AdwComboRow    *previous_row;
  GHashTable     *veto_switches;  /* veto id → GtkSwitch */

  XpProject      *project;
  XpBranch       *branch;         /* NULL when adding */
  char           *problem;
  gboolean        members_unknown;
  gboolean        touched;
};

G_DEFINE_FINAL_TYPE (XpBranchDialog, xp_branch_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
row_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static XpCategory *
chosen_category (XpBranchDialog *self)
{
  GListModel *categories = xp_criteria_get_categories (xp_project_get_criteria (self->project));
  guint position = adw_combo_row_get_selected (self->category_row);
  g_autoptr(XpCategory) category = NULL;

  if (position == GTK_INVALID_LIST_POSITION)
    return NULL;
  category = g_list_model_get_item (categories, position);
  return category; /* still owned by the criteria */
}

static gboolean
founded_is_valid (const char *text)
{
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{4})(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$",
                                         0, 0, NULL);

  return g_regex_match (regex, text, 0, NULL);
}

/* Scores of @branch on items that do not apply to @category. */
static guint
count_orphaned_scores (XpBranchDialog *self,
                       const char     *category)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  GListModel *evaluators = xp_project_get_evaluators (self->project);
  guint count = 0;

  for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
    {
      XpItem *item = xp_criteria_get_item (criteria, i);

      if (xp_item_applies_to (item, category))
        continue;
      for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
        {
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);

          if (xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                    xp_evaluator_get_id (evaluator), xp_item_get_id (item)) != XP_DEC_NONE)
            count++;
        }
    }
  return count;
}

static void
set_row_error (GtkWidget *row,
               gboolean   error)
{
  if (error)
    gtk_widget_add_css_class (row, "error");
  else
    gtk_widget_remove_css_class (row, "error");
}

/* NULL when every field is fine; otherwise what to fix, with the
 * offending row marked. */
static char *
find_problem (XpBranchDialog *self)
{
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *founded = row_text (self->founded_row);
  const char *members = gtk_editable_get_text (GTK_EDITABLE (self->members_spin));
  XpCategory *category = chosen_category (self);
  char *problem = NULL;
  guint64 n;

  set_row_error (GTK_WIDGET (self->name_row), FALSE);
  set_row_error (GTK_WIDGET (self->founded_row), FALSE);
  set_row_error (GTK_WIDGET (self->members_row), FALSE);
  set_row_error (GTK_WIDGET (self->category_row), FALSE);

  if (*name == '\0')
    {
      set_row_error (GTK_WIDGET (self->name_row), TRUE);
      return g_strdup (_("Enter the name of the Party organisation."));
    }

  if (*members != '\0' &&
      !g_ascii_string_to_unsigned (members, 10, 0, MAX_MEMBERS, &n, NULL))
    {
      set_row_error (GTK_WIDGET (self->members_row), TRUE);
      return g_strdup_printf (_("Members must be a whole number from 0 to %d, or empty when unknown."), MAX_MEMBERS);
    }

  if (*founded != '\0' && !founded_is_valid (founded))
    {
      set_row_error (GTK_WIDGET (self->founded_row), TRUE);
      return g_strdup_printf (_("“%s” is not a date: write the year founded as YYYY or YYYY-MM, for example 2019-05."), founded);
    }

  if (category == NULL)
    {
      set_row_error (GTK_WIDGET (self->category_row), TRUE);
      return g_strdup (_("Choose how the organisation is formed."));
    }

  if (self->branch != NULL &&
      g_strcmp0 (xp_category_get_id (category), xp_branch_get_category (self->branch)) != 0)
    {
      guint orphans = count_orphaned_scores (self, xp_category_get_id (category));

      if (orphans > 0)
        {
          set_row_error (GTK_WIDGET (self->category_row), TRUE);
          problem = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%u score is on an item that does not apply to “%s”: clear it before changing the category.",
                                                  "%u scores are on items that do not apply to “%s”: clear them before changing the category.",
                                                  orphans),
                                     orphans, xp_text_get_for_user (xp_category_get_label (category)));
          return problem;
        }
    }
  return NULL;
}

static void
fields_changed_cb (XpBranchDialog *self)
{
  g_free (self->problem);
  self->problem = find_problem (self);
  gtk_label_set_text (self->problem_label, self->problem != NULL ? self->problem : "");
  /* A new, still empty form says nothing yet. */
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), self->problem != NULL && self->touched);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "branch.save", self->problem == NULL);
}

static void
field_edited_cb (XpBranchDialog *self)
{
  self->touched = TRUE;
  fields_changed_cb (self);
}

static void
members_changed_cb (XpBranchDialog *self)
{
  self->members_unknown = *gtk_editable_get_text (GTK_EDITABLE (self->members_spin)) == '\0';
  field_edited_cb (self);
}

static int
members_output_cb (GtkSpinButton  *spin,
                   XpBranchDialog *self)
{
  if (self->members_unknown)
    {
      gtk_editable_set_text (GTK_EDITABLE (spin), "");
      return TRUE;
    }
  return FALSE;
}

static int
members_input_cb (GtkSpinButton  *spin,
                  double         *new_value,
                  XpBranchDialog *self)
{
  /* Empty means unknown: keep the value, show nothing. */
  if (*gtk_editable_get_text (GTK_EDITABLE (spin)) == '\0')
    {
      *new_value = gtk_spin_button_get_value (spin);
      return TRUE;
    }
  return FALSE;
}

static char **
chosen_vetoes (XpBranchDialog *self)
{
  GListModel *vetoes = xp_criteria_get_vetoes (xp_project_get_criteria (self->project));
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (vetoes); i++)
    {
      g_autoptr(XpVeto) veto = g_list_model_get_item (vetoes, i);
      GtkSwitch *sw = g_hash_table_lookup (self->veto_switches, xp_veto_get_id (veto));

      if (sw != NULL && gtk_switch_get_active (sw))
        g_strv_builder_add (builder, xp_veto_get_id (veto));
    }
  return g_strv_builder_end (builder);
}

static XpBranch *
apply (XpBranchDialog  *self,
       GError         **error)
{
  g_autoptr(XpBranch) branch = NULL;
  g_autofree char *name = row_text (self->name_row);
  g_autofree char *enterprise = row_text (self->enterprise_row);
  g_autofree char *secretary = row_text (self->secretary_row);
  g_autofree char *founded = row_text (self->founded_row);
  g_auto(GStrv) vetoes = chosen_vetoes (self);
  const char *members_text = gtk_editable_get_text (GTK_EDITABLE (self->members_spin));
  guint previous = adw_combo_row_get_selected (self->previous_row);
  guint64 members = 0;
  gboolean adding = self->branch == NULL;

  fields_changed_cb (self);
  if (self->problem != NULL)
    {
      g_set_error_literal (error, XP_ERROR, XP_ERROR_INVALID, self->problem);
      return NULL;
    }
  /* A sealed assessment keeps its branches as they are. */
  if (!xp_project_check_editable (self->project, error))
    return NULL;

  if (adding)
    {
      g_autofree char *id = xp_branch_next_id (self->project);

      branch = xp_branch_new (id);
    }
  else
    branch = g_object_ref (self->branch);

  if (*members_text != '\0')
    g_ascii_string_to_unsigned (members_text, 10, 0, MAX_MEMBERS, &members, NULL);

  xp_branch_set_name (branch, name);
  xp_branch_set_enterprise (branch, enterprise);
  xp_branch_set_category (branch, xp_category_get_id (chosen_category (self)));
  xp_branch_set_members (branch, *members_text != '\0' ? (int) members : -1);
  xp_branch_set_secretary (branch, secretary);
  xp_branch_set_founded (branch, founded);
  xp_branch_set_previous_stars (branch, previous == 0 || previous == GTK_INVALID_LIST_POSITION ? -1 : (int) previous - 1);
  xp_branch_set_vetoes (branch, (const char * const *) vetoes);

  if (adding && !xp_project_add_branch (self->project, branch, error))
    return NULL;
  return branch;
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpBranchDialog *self = XP_BRANCH_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  XpBranch *branch = apply (self, &error);

  if (branch == NULL)
    {
      self->touched = TRUE;
      gtk_label_set_text (self->problem_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->problem_label), TRUE);
      return;
    }
  g_object_ref (self);
  g_signal_emit (self, signals[APPLIED], 0, branch);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  gtk_window_destroy (GTK_WINDOW (widget));
}

static AdwEntryRow *
add_entry_row (AdwPreferencesGroup *group,
               const char          *title)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_group_add (group, row);
  return ADW_ENTRY_ROW (row);
}

static char *
veto_effect (XpVeto *veto)
{
  int stars_max = xp_veto_get_stars_max (veto);
  XpGrade *grade = xp_veto_get_grade (veto);
  const char *grade_label = grade != NULL ? xp_text_get_for_user (xp_grade_get_label (grade)) : NULL;

  if (stars_max == 0 && grade_label != NULL)
    /* Translators: a veto (一票否决) that removes every star and sets a grade */
    return g_strdup_printf (_("Veto: no star, graded %s"), grade_label);
  if (stars_max == 0)
    return g_strdup (_("Veto: no star"));
  if (stars_max > 0 && grade_label != NULL)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cap: at most %d star, graded at most %s",
                                         "Cap: at most %d stars, graded at most %s", stars_max),
                            stars_max, grade_label);
  if (stars_max > 0)
    /* Translators: a cap (限星) */
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Cap: at most %d star",
                                         "Cap: at most %d stars", stars_max), stars_max);
  return g_strdup_printf (_("Graded at most %s"), grade_label != NULL ? grade_label : "");
}

static void
build_form (XpBranchDialog *self)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  GListModel *categories = xp_criteria_get_categories (criteria);
  GListModel *vetoes = xp_criteria_get_vetoes (criteria);
  g_autoptr(GtkStringList) category_names = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) star_names = gtk_string_list_new (NULL);
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *page = adw_preferences_page_new ();
  AdwPreferencesGroup *facts = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  AdwPreferencesGroup *veto_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  const XpStar *stars;
  guint n_stars;
  int top = 5;

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (self->branch != NULL ? _("Edit Branch") : _("Add Branch"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_show_start_title_buttons (ADW_HEADER_BAR (header), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "branch.cancel");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->save_button = GTK_BUTTON (gtk_button_new_with_mnemonic (self->branch != NULL ? _("_Save") : _("_Add")));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->save_button), "branch.save");
  gtk_widget_add_css_class (GTK_WIDGET (self->save_button), "suggested-action");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), GTK_WIDGET (self->save_button));
  gtk_box_append (GTK_BOX (content), header);

  self->problem_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->problem_label, TRUE);
  gtk_label_set_xalign (self->problem_label, 0);
  gtk_widget_set_margin_start (GTK_WIDGET (self->problem_label), 18);
  gtk_widget_set_margin_end (GTK_WIDGET (self->problem_label), 18);
  gtk_widget_set_margin_top (GTK_WIDGET (self->problem_label), 12);
  gtk_widget_add_css_class (GTK_WIDGET (self->problem_label), "error");
  gtk_widget_set_visible (GTK_WIDGET (self->problem_label), FALSE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->problem_label));

  adw_preferences_group_set_title (facts, _("Party Organisation"));
  self->name_row = add_entry_row (facts, _("Name of the Party organisation"));
  self->enterprise_row = add_entry_row (facts, _("Enterprise"));

  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(XpCategory) category = g_list_model_get_item (categories, i);

      gtk_string_list_append (category_names, xp_text_get_for_user (xp_category_get_label (category)));
    }
  self->category_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->category_row), _("Category"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->category_row), _("How the organisation is formed; decides which items apply"));
  adw_combo_row_set_model (self->category_row, G_LIST_MODEL (category_names));
  adw_preferences_group_add (facts, GTK_WIDGET (self->category_row));

  self->members_row = ADW_ACTION_ROW (adw_action_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->members_row), _("Members"));
  adw_action_row_set_subtitle (self->members_row, _("Party members; empty when unknown"));
  self->members_spin = GTK_SPIN_BUTTON (gtk_spin_button_new_with_range (0, MAX_MEMBERS, 1));
  gtk_spin_button_set_numeric (self->members_spin, TRUE);
  gtk_widget_set_valign (GTK_WIDGET (self->members_spin), GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (self->members_spin), 6);
  adw_action_row_add_suffix (self->members_row, GTK_WIDGET (self->members_spin));
  adw_action_row_set_activatable_widget (self->members_row, GTK_WIDGET (self->members_spin));
  adw_preferences_group_add (facts, GTK_WIDGET (self->members_row));

  self->secretary_row = add_entry_row (facts, _("Secretary"));
  self->founded_row = add_entry_row (facts, _("Founded (YYYY-MM)"));

  stars = xp_criteria_get_stars (criteria, &n_stars);
  if (n_stars > 0)
    top = MAX (stars[0].level, 1);
  gtk_string_list_append (star_names, _("Unknown"));
  gtk_string_list_append (star_names, _("No star"));
  for (int level = 1; level <= top; level++)
    {
      g_autofree char *label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d star", "%d stars", level), level);

      gtk_string_list_append (star_names, label);
    }
  self->previous_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->previous_row), _("Stars last time"));
  adw_combo_row_set_model (self->previous_row, G_LIST_MODEL (star_names));
  adw_preferences_group_add (facts, GTK_WIDGET (self->previous_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), facts);

  adw_preferences_group_set_title (veto_group, _("Vetoes and Caps"));
  adw_preferences_group_set_description (veto_group, _("Switch on what applies to this organisation this round."));
  for (guint i = 0; i < g_list_model_get_n_items (vetoes); i++)
    {
      g_autoptr(XpVeto) veto = g_list_model_get_item (vetoes, i);
      g_autofree char *effect = veto_effect (veto);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *sw = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), xp_text_get_for_user (xp_veto_get_label (veto)));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), effect);
      gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
      adw_preferences_group_add (veto_group, row);
      g_hash_table_insert (self->veto_switches, g_strdup (xp_veto_get_id (veto)), sw);
      if (self->branch != NULL)
        gtk_switch_set_active (GTK_SWITCH (sw), xp_branch_has_veto (self->branch, xp_veto_get_id (veto)));
    }
  if (g_list_model_get_n_items (vetoes) > 0)
    adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), veto_group);
  else
    g_object_unref (g_object_ref_sink (veto_group));

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (content), page);
  adw_window_set_content (ADW_WINDOW (self), content);

  /* Fill in the branch being edited. */
  self->members_unknown = TRUE;
  if (self->branch != NULL)
    {
      XpBranch *b = self->branch;
      int previous = xp_branch_get_previous_stars (b);

      gtk_editable_set_text (GTK_EDITABLE (self->name_row), xp_branch_get_name (b) ? xp_branch_get_name (b) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->enterprise_row), xp_branch_get_enterprise (b) ? xp_branch_get_enterprise (b) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->secretary_row), xp_branch_get_secretary (b) ? xp_branch_get_secretary (b) : "");
      gtk_editable_set_text (GTK_EDITABLE (self->founded_row), xp_branch_get_founded (b) ? xp_branch_get_founded (b) : "");
      for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
        {
          g_autoptr(XpCategory) category = g_list_model_get_item (categories, i);

          if (g_strcmp0 (xp_category_get_id (category), xp_branch_get_category (b)) == 0)
            adw_combo_row_set_selected (self->category_row, i);
        }
      if (xp_branch_get_members (b) >= 0)
        {
          self->members_unknown = FALSE;
          gtk_spin_button_set_value (self->members_spin, xp_branch_get_members (b));
        }
      if (previous >= 0 && previous <= top)
        adw_combo_row_set_selected (self->previous_row, previous + 1);
      else
        adw_combo_row_set_selected (self->previous_row, 0);
    }
  else
    adw_combo_row_set_selected (self->previous_row, 0);
  if (self->members_unknown)
    gtk_editable_set_text (GTK_EDITABLE (self->members_spin), "");

  g_signal_connect_object (self->members_spin, "output", G_CALLBACK (members_output_cb), self, 0);
  g_signal_connect_object (self->members_spin, "input", G_CALLBACK (members_input_cb), self, 0);
  g_signal_connect_object (self->members_spin, "changed", G_CALLBACK (members_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->name_row, "changed", G_CALLBACK (field_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->founded_row, "changed", G_CALLBACK (field_edited_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_row, "notify::selected", G_CALLBACK (field_edited_cb), self, G_CONNECT_SWAPPED);
  fields_changed_cb (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->name_row));
}

static void
xp_branch_dialog_dispose (GObject *object)
{
  XpBranchDialog *self = XP_BRANCH_DIALOG (object);

  g_clear_object (&self->project);
  g_clear_object (&self->branch);
  G_OBJECT_CLASS (xp_branch_dialog_parent_class)->dispose (object);
}

static void
xp_branch_dialog_finalize (GObject *object)
{
  XpBranchDialog *self = XP_BRANCH_DIALOG (object);

  g_clear_pointer (&self->veto_switches, g_hash_table_unref);
  g_free (self->problem);
  G_OBJECT_CLASS (xp_branch_dialog_parent_class)->finalize (object);
}

static void
xp_branch_dialog_class_init (XpBranchDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_branch_dialog_dispose;
  object_class->finalize = xp_branch_dialog_finalize;

  /**
   * XpBranchDialog::applied:
   * @branch: the branch just added or edited
   */
  signals[APPLIED] =
    g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XP_TYPE_BRANCH);

  gtk_widget_class_install_action (widget_class, "branch.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK, "branch.save", NULL);
  gtk_widget_class_install_action (widget_class, "branch.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "branch.cancel", NULL);
}

static void
xp_branch_dialog_init (XpBranchDialog *self)
{
  self->veto_switches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

GtkWidget *
xp_branch_dialog_new (GtkWindow *parent,
                      XpProject *project,
                      XpBranch  *branch)
{
  XpBranchDialog *self;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);
  g_return_val_if_fail (!branch || XP_IS_BRANCH (branch), NULL);

  self = g_object_new (XP_TYPE_BRANCH_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "destroy-with-parent", TRUE,
                       "default-width", 560,
                       "default-height", 700,
                       "title", branch != NULL ? _("Edit Branch") : _("Add Branch"),
                       NULL);
  self->project = g_object_ref (project);
  self->branch = branch != NULL ? g_object_ref (branch) : NULL;
  build_form (self);
  return GTK_WIDGET (self);
}

AdwEntryRow *
xp_branch_dialog_get_name_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->name_row;
}

AdwEntryRow *
xp_branch_dialog_get_enterprise_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->enterprise_row;
}

AdwComboRow *
xp_branch_dialog_get_category_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->category_row;
}

GtkSpinButton *
xp_branch_dialog_get_members_spin (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->members_spin;
}

AdwEntryRow *
xp_branch_dialog_get_secretary_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->secretary_row;
}

AdwEntryRow *
xp_branch_dialog_get_founded_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->founded_row;
}

AdwComboRow *
xp_branch_dialog_get_previous_row (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->previous_row;
}

GtkSwitch *
xp_branch_dialog_get_veto_switch (XpBranchDialog *self,
                                  const char     *veto_id)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return g_hash_table_lookup (self->veto_switches, veto_id);
}

const char *
xp_branch_dialog_get_problem (XpBranchDialog *self)
{
  g_return_val_if_fail (XP_IS_BRANCH_DIALOG (self), NULL);
  return self->problem;
}

char *
xp_branch_next_id (XpProject *project)
{
  GListModel *branches;
  guint64 highest = 0;
  char *id = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  branches = xp_project_get_branches (project);
  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);
      const char *bid = xp_branch_get_id (branch);
      guint64 n;

      if (bid[0] == 'b' && g_ascii_string_to_unsigned (bid + 1, 10, 0, G_MAXUINT32 - 1, &n, NULL))
        highest = MAX (highest, n);
    }
  do
    {
      g_free (id);
      id = g_strdup_printf ("b%03" G_GUINT64_FORMAT, ++highest);
    }
  while (xp_project_lookup_branch (project, id) != NULL);
  return id;
}

guint
xp_branch_count_scores (XpProject *project,
                        XpBranch  *branch)
{
  XpCriteria *criteria;
  GListModel *evaluators;
  guint count = 0;

  g_return_val_if_fail (XP_IS_PROJECT (project), 0);
  g_return_val_if_fail (XP_IS_BRANCH (branch), 0);

  criteria = xp_project_get_criteria (project);
  evaluators = xp_project_get_evaluators (project);
  for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);

      for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
        if (xp_project_get_score (project, xp_branch_get_id (branch), xp_evaluator_get_id (evaluator),
                                  xp_item_get_id (xp_criteria_get_item (criteria, i))) != XP_DEC_NONE)
          count++;
    }
  return count;
}
