/* xp-score-page.c — one branch's score sheet for one evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-score-page"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-decimal.h"
#include "xp-score-page.h"

typedef struct
{
  XpScorePage   *page;      /* unowned */
  XpItem        *item;      /* unowned: the criteria outlives the page's rows */
  GtkSpinButton *spin;
  gulong         value_changed_id;
  gboolean       unscored;
} ItemRow;

typedef struct
{
  XpDimension          *dimension; /* NULL for bonus / penalty */
  XpItemKind            kind;
  AdwPreferencesGroup  *group;
} Group;

struct _XpScorePage
{
  AdwBin               parent_instance;

  AdwToastOverlay     *toast_overlay;
  GtkScrolledWindow   *scroller;
  AdwPreferencesGroup *summary_group;
  GtkLabel            *total_label;
  GtkLabel            *progress_label;
  GtkLabel            *stars_label;
  GtkBox              *groups_box;

  XpProject           *project;
  XpRanking           *ranking;
  XpBranch            *branch;
  XpEvaluator         *evaluator;

  GPtrArray           *rows;    /* ItemRow* */
  GPtrArray           *groups;  /* Group* */
  char                *last_error;
};

G_DEFINE_FINAL_TYPE (XpScorePage, xp_score_page, ADW_TYPE_BIN)

static void xp_score_page_refresh (XpScorePage *self);

static const char *
evaluator_id (XpScorePage *self)
{
  return self->evaluator != NULL ? xp_evaluator_get_id (self->evaluator) : NULL;
}

static guint
digits_for_step (XpDec step)
{
  guint digits = 0;

  while (step % XP_DEC_UNIT != 0 && digits < 6)
    {
      step *= 10;
      digits++;
    }
  return digits;
}

static char *
format_stars (int stars)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < stars; i++)
    g_string_append (s, "★");
  return g_string_free (s, FALSE);
}

static void
show_error (XpScorePage *self,
            const char  *message)
{
  AdwToast *toast;

  g_free (self->last_error);
  self->last_error = g_strdup (message);
  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static gboolean
commit_value (XpScorePage *self,
              ItemRow     *row,
              double       number)
{
  g_autoptr(GError) error = NULL;
  XpDec value;

  g_assert (XP_IS_SCORE_PAGE (self));

  if (self->project == NULL || self->branch == NULL || self->evaluator == NULL)
    return FALSE;

  if (!xp_dec_from_double (number, &value) ||
      !xp_project_set_score (self->project,
                             xp_branch_get_id (self->branch),
                             evaluator_id (self),
                             xp_item_get_id (row->item),
                             value, &error))
    {
      char max_buf[XP_DEC_BUF_SIZE], step_buf[XP_DEC_BUF_SIZE];
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a valid score for %s: enter a value from 0 to %s in steps of %s"),
                                 gtk_editable_get_text (GTK_EDITABLE (row->spin)),
                                 xp_item_get_id (row->item),
                                 xp_dec_to_buf (xp_item_get_max (row->item), max_buf),
                                 xp_dec_to_buf (xp_item_get_step (row->item), step_buf));
      if (error != NULL)
        g_debug ("%s", error->message);
      show_error (self, message);
      /* Put the stored value back: nothing changed. */
      xp_score_page_refresh (self);
      return FALSE;
    }

  return TRUE;
}

static int
spin_output_cb (GtkSpinButton *spin,
                ItemRow       *row)
{
  if (row->unscored)
    {
      gtk_editable_set_text (GTK_EDITABLE (spin), "");
      return TRUE;
    }
  return FALSE;
}

static void
spin_value_changed_cb (GtkSpinButton *spin,
                       ItemRow       *row)
{
  commit_value (row->page, row, gtk_spin_button_get_value (spin));
}

static void
spin_activate_cb (GtkText *text,
                  ItemRow *row)
{
  /* An unscored item whose typed value equals the adjustment's (0) gets
   * no ::value-changed; commit it here. */
  if (row->unscored && g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row->spin)), "") != 0)
    commit_value (row->page, row, gtk_spin_button_get_value (row->spin));
}

static void
clear_groups (XpScorePage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->groups_box))) != NULL)
    gtk_box_remove (self->groups_box, child);
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->groups, 0);
}

static void
add_item_row (XpScorePage         *self,
              AdwPreferencesGroup *group,
              XpItem              *item)
{
  ItemRow *row = g_new0 (ItemRow, 1);
  GtkWidget *action_row;
  GtkWidget *spin;
  GtkWidget *delegate;
  const XpText *guidance;
  char max_buf[XP_DEC_BUF_SIZE];
  g_autofree char *subtitle = NULL;
  g_autofree char *title = NULL;
  XpDec step = xp_item_get_step (item);

  row->page = self;
  row->item = item;

  title = g_strdup_printf ("%s  %s", xp_item_get_id (item),
                           xp_text_get_for_user (xp_item_get_label (item)));
  subtitle = g_strdup_printf (_("max %s"), xp_dec_to_buf (xp_item_get_max (item), max_buf));

  action_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (action_row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (action_row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (action_row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (action_row), 3);

  guidance = xp_item_get_guidance (item);
  if (guidance != NULL && !xp_text_is_empty (guidance))
    {
      GtkWidget *button = gtk_menu_button_new ();
      GtkWidget *popover = gtk_popover_new ();
      GtkWidget *label = gtk_label_new (xp_text_get_for_user (guidance));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_widget_set_margin_start (label, 6);
      gtk_widget_set_margin_end (label, 6);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_popover_set_child (GTK_POPOVER (popover), label);
      gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
      gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "dialog-information-symbolic");
      gtk_widget_set_tooltip_text (button, _("How to score this item"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (button, "flat");
      adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), button);
    }

  spin = gtk_spin_button_new_with_range (0, xp_dec_to_double (xp_item_get_max (item)),
                                         xp_dec_to_double (step));
  gtk_spin_button_set_digits (GTK_SPIN_BUTTON (spin), digits_for_step (step));
  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_editable_set_width_chars (GTK_EDITABLE (spin), 4);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (action_row), spin);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (action_row), spin);
  row->spin = GTK_SPIN_BUTTON (spin);

  row->unscored = TRUE;
  g_signal_connect (spin, "output", G_CALLBACK (spin_output_cb), row);
  row->value_changed_id =
    g_signal_connect (spin, "value-changed", G_CALLBACK (spin_value_changed_cb), row);
  delegate = GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (spin)));
  if (GTK_IS_TEXT (delegate))
    g_signal_connect (delegate, "activate", G_CALLBACK (spin_activate_cb), row);

  adw_preferences_group_add (group, action_row);
  g_ptr_array_add (self->rows, row);
}

static AdwPreferencesGroup *
add_group (XpScorePage *self,
           XpDimension *dimension,
           XpItemKind   kind)
{
  Group *group = g_new0 (Group, 1);

  group->dimension = dimension;
  group->kind = kind;
  group->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  gtk_box_append (self->groups_box, GTK_WIDGET (group->group));
  g_ptr_array_add (self->groups, group);
  return group->group;
}

static void
build_sheet (XpScorePage *self)
{
  XpCriteria *criteria;
  GListModel *dimensions;
  const char *category;
  GPtrArray *extra;

  clear_groups (self);

  if (self->project == NULL || self->branch == NULL)
    return;

  criteria = xp_project_get_criteria (self->project);
  category = xp_branch_get_category (self->branch);
  dimensions = xp_criteria_get_dimensions (criteria);

  for (guint i = 0; i < g_list_model_get_n_items (dimensions); i++)
    {
      g_autoptr(XpDimension) dimension = g_list_model_get_item (dimensions, i);
      GListModel *items = xp_dimension_get_items (dimension);
      AdwPreferencesGroup *group = add_group (self, dimension, XP_ITEM_DIMENSION);

      for (guint j = 0; j < g_list_model_get_n_items (items); j++)
        {
          g_autoptr(XpItem) item = g_list_model_get_item (items, j);

          if (xp_item_applies_to (item, category))
            add_item_row (self, group, item);
        }
    }

  extra = xp_criteria_get_bonus_items (criteria);
  if (extra != NULL && extra->len > 0)
    {
      AdwPreferencesGroup *group = add_group (self, NULL, XP_ITEM_BONUS);

      for (guint i = 0; i < extra->len; i++)
        if (xp_item_applies_to (extra->pdata[i], category))
          add_item_row (self, group, extra->pdata[i]);
    }

  extra = xp_criteria_get_penalty_items (criteria);
  if (extra != NULL && extra->len > 0)
    {
      AdwPreferencesGroup *group = add_group (self, NULL, XP_ITEM_PENALTY);

      for (guint i = 0; i < extra->len; i++)
        if (xp_item_applies_to (extra->pdata[i], category))
          add_item_row (self, group, extra->pdata[i]);
    }
}

static XpDec
sum_items (XpScorePage *self,
           Group       *group)
{
  XpDec sum = 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec value;

      if (xp_item_get_kind (row->item) != group->kind ||
          xp_item_get_dimension (row->item) != group->dimension)
        continue;
      value = xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                    evaluator_id (self), xp_item_get_id (row->item));
      if (value != XP_DEC_NONE)
        sum += value;
    }
  return sum;
}

static void
refresh_summary (XpScorePage *self)
{
  XpCriteria *criteria = xp_project_get_criteria (self->project);
  const char *branch_id = xp_branch_get_id (self->branch);
  const char *category = xp_branch_get_category (self->branch);
  XpBranchResult *result = self->ranking != NULL ? xp_ranking_lookup (self->ranking, branch_id) : NULL;
  char buf1[XP_DEC_BUF_SIZE], buf2[XP_DEC_BUF_SIZE];
  g_autofree char *text = NULL;
  guint n_scored = 0, n_items = 0;
  XpDec dimension_sum = 0;
  XpDec sheet_total = XP_DEC_NONE;
  const char *enterprise = xp_branch_get_enterprise (self->branch);
  XpCategory *cat = xp_criteria_lookup_category (criteria, category);
  g_autofree char *description = NULL;

  adw_preferences_group_set_title (self->summary_group, xp_branch_get_name (self->branch));
  description = g_strdup_printf ("%s%s%s",
                                 enterprise != NULL ? enterprise : "",
                                 enterprise != NULL && cat != NULL ? " · " : "",
                                 cat != NULL ? xp_text_get_for_user (xp_category_get_label (cat)) : "");
  adw_preferences_group_set_description (self->summary_group, description);

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = g_ptr_array_index (self->groups, i);

      if (group->kind == XP_ITEM_DIMENSION)
        dimension_sum += sum_items (self, group);
    }

  if (self->evaluator == NULL)
    {
      gtk_label_set_text (self->total_label, "—");
      gtk_label_set_text (self->progress_label, "—");
    }
  else
    {
      xp_project_get_progress (self->project, branch_id, evaluator_id (self), &n_scored, &n_items);
      if (result != NULL)
        sheet_total = xp_branch_result_get_sheet_total (result, evaluator_id (self));
      if (sheet_total != XP_DEC_NONE)
        {
          char buf3[XP_DEC_BUF_SIZE];

          /* Translators: the sheet total (with bonus and penalties), then
           * the plain sum of the dimension items and their maximum */
          text = g_strdup_printf (_("%s points (items %s / %s)"), xp_dec_to_buf (sheet_total, buf1),
                                  xp_dec_to_buf (dimension_sum, buf3),
                                  xp_dec_to_buf (xp_criteria_get_category_max (criteria, category), buf2));
        }
      else
        text = g_strdup_printf (_("%s / %s so far"), xp_dec_to_buf (dimension_sum, buf1),
                                xp_dec_to_buf (xp_criteria_get_category_max (criteria, category), buf2));
      gtk_label_set_text (self->total_label, text);
      g_clear_pointer (&text, g_free);

      text = g_strdup_printf (_("%u/%u items"), n_scored, n_items);
      gtk_label_set_text (self->progress_label, text);
      g_clear_pointer (&text, g_free);
    }

  if (result != NULL && xp_branch_result_is_complete (result))
    {
      g_autofree char *stars = format_stars (xp_branch_result_get_stars (result));
      XpGrade *grade = xp_branch_result_get_grade (result);
      char score_buf[XP_DEC_BUF_SIZE];

      text = g_strdup_printf (_("%s  %s · %s points · rank %u"),
                              stars,
                              grade != NULL ? xp_text_get_for_user (xp_grade_get_label (grade)) : "",
                              xp_dec_to_buf (xp_branch_result_get_score (result), score_buf),
                              xp_branch_result_get_rank (result));
    }
  else
    text = g_strdup (_("Not rated yet: some sheets are incomplete"));
  gtk_label_set_text (self->stars_label, text);
  if (result != NULL && xp_branch_result_is_complete (result))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->stars_label), "summary-stars");
      gtk_widget_remove_css_class (GTK_WIDGET (self->stars_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->stars_label), "summary-stars");
      gtk_widget_add_css_class (GTK_WIDGET (self->stars_label), "dim-label");
    }
}

static void
xp_score_page_refresh (XpScorePage *self)
{
  XpCriteria *criteria;
  const char *category;

  if (self->project == NULL || self->branch == NULL)
    return;

  criteria = xp_project_get_criteria (self->project);
  category = xp_branch_get_category (self->branch);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec value = XP_DEC_NONE;

      if (self->evaluator != NULL)
        value = xp_project_get_score (self->project, xp_branch_get_id (self->branch),
                                      evaluator_id (self), xp_item_get_id (row->item));
      row->unscored = value == XP_DEC_NONE;
      g_signal_handler_block (row->spin, row->value_changed_id);
      gtk_spin_button_set_value (row->spin, row->unscored ? 0 : xp_dec_to_double (value));
      g_signal_handler_unblock (row->spin, row->value_changed_id);
      gtk_widget_set_sensitive (GTK_WIDGET (row->spin), self->evaluator != NULL);
    }

  for (guint i = 0; i < self->groups->len; i++)
    {
      Group *group = g_ptr_array_index (self->groups, i);
      char sum_buf[XP_DEC_BUF_SIZE], max_buf[XP_DEC_BUF_SIZE];
      g_autofree char *title = NULL;
      XpDec sum = sum_items (self, group);

      if (group->kind == XP_ITEM_DIMENSION)
        title = g_strdup_printf (_("%s — %s / %s"),
                                 xp_text_get_for_user (xp_dimension_get_label (group->dimension)),
                                 xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_dimension_get_max (group->dimension, category), max_buf));
      else if (group->kind == XP_ITEM_BONUS)
        title = g_strdup_printf (_("Bonus — %s (cap %s)"), xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_criteria_get_bonus_cap (criteria), max_buf));
      else
        title = g_strdup_printf (_("Penalties — %s (cap %s)"), xp_dec_to_buf (sum, sum_buf),
                                 xp_dec_to_buf (xp_criteria_get_penalty_cap (criteria), max_buf));
      adw_preferences_group_set_title (group->group, title);
    }

  refresh_summary (self);
}

static void
score_changed_cb (XpScorePage *self,
                  XpBranch    *branch,
                  const char  *evaluator,
                  const char  *item_id,
                  XpProject   *project)
{
  if (branch == self->branch)
    xp_score_page_refresh (self);
}

static void
ranking_items_changed_cb (XpScorePage *self,
                          guint        position,
                          guint        removed,
                          guint        added,
                          GListModel  *model)
{
  if (self->branch != NULL)
    refresh_summary (self);
}

static void
xp_score_page_dispose (GObject *object)
{
  XpScorePage *self = XP_SCORE_PAGE (object);

  g_clear_object (&self->branch);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->ranking);
  g_clear_object (&self->project);
  G_OBJECT_CLASS (xp_score_page_parent_class)->dispose (object);
}

static void
xp_score_page_finalize (GObject *object)
{
  XpScorePage *self = XP_SCORE_PAGE (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_free (self->last_error);
  G_OBJECT_CLASS (xp_score_page_parent_class)->finalize (object);
}

static void
xp_score_page_class_init (XpScorePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_score_page_dispose;
  object_class->finalize = xp_score_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-score-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, summary_group);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, total_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, progress_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, stars_label);
  gtk_widget_class_bind_template_child (widget_class, XpScorePage, groups_box);
}

static void
xp_score_page_init (XpScorePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_free);
  self->groups = g_ptr_array_new_with_free_func (g_free);
}

GtkWidget *
xp_score_page_new (void)
{
  return g_object_new (XP_TYPE_SCORE_PAGE, NULL);
}

void
xp_score_page_set_project (XpScorePage *self,
                           XpProject   *project,
                           XpRanking   *ranking)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!project || XP_IS_PROJECT (project));
  g_return_if_fail (!ranking || XP_IS_RANKING (ranking));

  clear_groups (self);
  g_clear_object (&self->branch);
  g_clear_object (&self->evaluator);
  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_set_object (&self->project, project);
  g_set_object (&self->ranking, ranking);
  if (project != NULL)
    g_signal_connect_object (project, "score-changed", G_CALLBACK (score_changed_cb),
                             self, G_CONNECT_SWAPPED);
  if (ranking != NULL)
    g_signal_connect_object (ranking, "items-changed", G_CALLBACK (ranking_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
}

void
xp_score_page_set_branch (XpScorePage *self,
                          XpBranch    *branch)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!branch || XP_IS_BRANCH (branch));

  if (!g_set_object (&self->branch, branch))
    return;
  build_sheet (self);
  xp_score_page_refresh (self);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
}

XpBranch *
xp_score_page_get_branch (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);

  return self->branch;
}

void
xp_score_page_set_evaluator (XpScorePage *self,
                             XpEvaluator *evaluator)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));
  g_return_if_fail (!evaluator || XP_IS_EVALUATOR (evaluator));

  if (g_set_object (&self->evaluator, evaluator))
    xp_score_page_refresh (self);
}

gboolean
xp_score_page_enter_score (XpScorePage *self,
                           const char  *item_id,
                           const char  *text)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), FALSE);
  g_return_val_if_fail (item_id != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  for (guint i = 0; i < self->rows->len; i++)
    {
      ItemRow *row = g_ptr_array_index (self->rows, i);
      XpDec before, after;
      XpDec typed;
      const char *branch_id;

      if (g_strcmp0 (xp_item_get_id (row->item), item_id) != 0)
        continue;

      if (self->evaluator == NULL)
        return FALSE;
      branch_id = xp_branch_get_id (self->branch);
      before = xp_project_get_score (self->project, branch_id, evaluator_id (self), item_id);
      g_clear_pointer (&self->last_error, g_free);

      /* The spin button clamps to its range; a typed value outside it is
       * refused here, as the field's input would be. */
      if (!xp_dec_parse (text, -1, &typed) || typed < 0 || typed > xp_item_get_max (row->item))
        {
          gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
          commit_value (self, row, -1.0);
          return FALSE;
        }

      gtk_editable_set_text (GTK_EDITABLE (row->spin), text);
      gtk_spin_button_update (row->spin);
      if (self->last_error == NULL && row->unscored)
        commit_value (self, row, gtk_spin_button_get_value (row->spin));
      after = xp_project_get_score (self->project, branch_id, evaluator_id (self), item_id);
      return self->last_error == NULL && (after == typed || before == typed);
    }

  g_critical ("No item “%s” on this sheet", item_id);
  return FALSE;
}

const char *
xp_score_page_get_total_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->total_label);
}

const char *
xp_score_page_get_progress_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->progress_label);
}

const char *
xp_score_page_get_stars_text (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return gtk_label_get_text (self->stars_label);
}

const char *
xp_score_page_get_last_error (XpScorePage *self)
{
  g_return_val_if_fail (XP_IS_SCORE_PAGE (self), NULL);
  return self->last_error;
}

void
xp_score_page_set_sealed (XpScorePage *self,
                          gboolean     sealed)
{
  g_return_if_fail (XP_IS_SCORE_PAGE (self));

  gtk_widget_set_sensitive (GTK_WIDGET (self->groups_box), !sealed);
}
