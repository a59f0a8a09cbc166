/* xp-results-page.c — the ranking as a table, with quota warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-results-page"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-consistency-panel.h"
#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-results-page.h"

typedef enum {
  COLUMN_RANK,
  COLUMN_CATEGORY_RANK,
  COLUMN_NAME,
  COLUMN_ENTERPRISE,
  COLUMN_CATEGORY,
  COLUMN_SCORE,
  COLUMN_STARS,
  COLUMN_GRADE,
  COLUMN_VETOES,
  COLUMN_EVALUATORS,
  N_COLUMNS
} Column;

struct _XpResultsPage
{
  GtkWidget      parent_instance;

  GtkRevealer   *quota_revealer;
  GtkLabel      *quota_label;
  GtkColumnView *column_view;
  XpConsistencyPanel *consistency_panel;

  XpRanking     *ranking;
  char          *quota_text;
};

G_DEFINE_FINAL_TYPE (XpResultsPage, xp_results_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_RANKING,
  N_PROPS
};

enum {
  BRANCH_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static char *
format_rank (guint rank)
{
  /* Translators: the rank of a branch that is not fully scored yet */
  return rank == 0 ? g_strdup (_("—")) : g_strdup_printf ("%u", rank);
}

static char *
format_vetoes (XpResultsPage *self,
               XpBranch      *branch,
               XpBranchResult *result)
{
  XpCriteria *criteria = xp_project_get_criteria (xp_ranking_get_project (self->ranking));
  const char * const *vetoes = xp_branch_get_vetoes (branch);
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; vetoes[i] != NULL; i++)
    {
      XpVeto *veto = xp_criteria_lookup_veto (criteria, vetoes[i]);

      if (text->len > 0)
        /* Translators: separates veto labels in the results table */
        g_string_append (text, _("; "));
      g_string_append (text, veto != NULL ? xp_text_get_for_user (xp_veto_get_label (veto)) : vetoes[i]);
    }
  if (xp_branch_result_get_quota_adjusted (result))
    {
      if (text->len > 0)
        g_string_append (text, _("; "));
      g_string_append (text, _("lowered by the star quota"));
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static char *
cell_text (XpResultsPage  *self,
           Column          column,
           XpBranchResult *result)
{
  XpBranch *branch = xp_branch_result_get_branch (result);
  XpCriteria *criteria = xp_project_get_criteria (xp_ranking_get_project (self->ranking));
  gboolean complete = xp_branch_result_is_complete (result);

  switch (column)
    {
    case COLUMN_RANK:
      return format_rank (xp_branch_result_get_rank (result));
    case COLUMN_CATEGORY_RANK:
      return format_rank (complete ? xp_branch_result_get_category_rank (result) : 0);
    case COLUMN_NAME:
      return g_strdup (xp_branch_get_name (branch) ? xp_branch_get_name (branch) : xp_branch_get_id (branch));
    case COLUMN_ENTERPRISE:
      return g_strdup (xp_branch_get_enterprise (branch) ? xp_branch_get_enterprise (branch) : "");
    case COLUMN_CATEGORY:
      {
        XpCategory *category = xp_criteria_lookup_category (criteria, xp_branch_get_category (branch));

        return g_strdup (category != NULL ? xp_text_get_for_user (xp_category_get_label (category)) : "");
      }
    case COLUMN_SCORE:
      {
        char buf[XP_DEC_BUF_SIZE];
        XpDec score = xp_branch_result_get_score (result);

        return score == XP_DEC_NONE ? g_strdup (_("—")) : g_strdup (xp_dec_to_buf (score, buf));
      }
    case COLUMN_STARS:
      {
        int stars = xp_branch_result_get_stars (result);
        GString *text;

        if (stars < 0)
          return g_strdup (_("not rated yet"));
        if (stars == 0)
          /* Translators: a complete branch rated zero stars (e.g. vetoed) */
          return g_strdup (_("no star"));
        text = g_string_new (NULL);
        for (int i = 0; i < stars; i++)
          g_string_append (text, "★");
        return g_string_free (text, FALSE);
      }
    case COLUMN_GRADE:
      {
        XpGrade *grade = complete ? xp_branch_result_get_grade (result) : NULL;

        return g_strdup (grade != NULL ? xp_text_get_for_user (xp_grade_get_label (grade)) : "");
      }
    case COLUMN_VETOES:
      return format_vetoes (self, branch, result);
    case COLUMN_EVALUATORS:
      return g_strdup_printf ("%u", xp_branch_result_get_n_evaluators (result));
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

static void
update_quotas (XpResultsPage *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  const XpQuotaResult *quotas;
  guint n_quotas = 0;

  g_clear_pointer (&self->quota_text, g_free);
  quotas = self->ranking != NULL ? xp_ranking_get_quotas (self->ranking, &n_quotas) : NULL;
  for (guint i = 0; i < n_quotas; i++)
    {
      if (!quotas[i].exceeded)
        continue;
      if (text->len > 0)
        g_string_append_c (text, '\n');
      if (quotas[i].mode == XP_QUOTA_ENFORCE)
        /* Translators: %d is a star level; the counts are branches */
        g_string_append_printf (text, _("%d-star quota exceeded: %u branches qualify, %u allowed; the lowest were moved down a star."),
                                quotas[i].level, quotas[i].count, quotas[i].allowed);
      else
        /* Translators: %d is a star level; the counts are branches */
        g_string_append_printf (text, _("%d-star quota exceeded: %u branches qualify, %u allowed."),
                                quotas[i].level, quotas[i].count, quotas[i].allowed);
    }
  if (text->len > 0)
    self->quota_text = g_string_free (g_steal_pointer (&text), FALSE);
  gtk_label_set_text (self->quota_label, self->quota_text ? self->quota_text : "");
  gtk_revealer_set_reveal_child (self->quota_revealer, self->quota_text != NULL);
}

static void
ranking_items_changed_cb (XpResultsPage *self,
                          guint          position,
                          guint          removed,
                          guint          added,
                          GListModel    *model)
{
  update_quotas (self);
}

static void
setup_cell_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               XpResultsPage            *self)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "xp-column"));
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label),
                        column == COLUMN_NAME || column == COLUMN_ENTERPRISE ||
                        column == COLUMN_VETOES || column == COLUMN_CATEGORY ||
                        column == COLUMN_GRADE || column == COLUMN_STARS ? 0.0 : 1.0);
  if (column == COLUMN_VETOES)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
    }
  if (column == COLUMN_STARS)
    gtk_widget_add_css_class (label, "results-stars");
  gtk_list_item_set_child (item, label);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              XpResultsPage            *self)
{
  Column column = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (factory), "xp-column"));
  XpBranchResult *result = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = cell_text (self, column, result);

  gtk_label_set_text (GTK_LABEL (label), text);
  if (xp_branch_result_is_complete (result))
    gtk_widget_remove_css_class (label, "dim-label");
  else
    gtk_widget_add_css_class (label, "dim-label");
}

static void
activate_cb (XpResultsPage *self,
             guint          position,
             GtkColumnView *column_view)
{
  xp_results_page_activate_row (self, position);
}

static void
add_column (XpResultsPage *self,
            Column         column,
            const char    *title,
            gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_object_set_data (G_OBJECT (factory), "xp-column", GUINT_TO_POINTER (column));
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_cell_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_cell_cb), self, 0);
  view_column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_expand (view_column, expand);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

/* ---- the "sensitive" marker column (leave-one-evaluator-out) ---- */

static void
sensitive_cell_refresh (GtkWidget     *image,
                        XpResultsPage *self)
{
  const char *branch_id = g_object_get_data (G_OBJECT (image), "xp-branch-id");
  g_autofree char *tooltip = branch_id ? xp_consistency_panel_dup_flip_text (self->consistency_panel, branch_id) : NULL;

  gtk_widget_set_visible (image, tooltip != NULL);
  gtk_widget_set_tooltip_text (image, tooltip);
}

static void
sensitive_updated_cb (GtkWidget *image)
{
  sensitive_cell_refresh (image, g_object_get_data (G_OBJECT (image), "xp-results-page"));
}

static void
setup_sensitive_cb (GtkSignalListItemFactory *factory,
                    GtkListItem              *item,
                    XpResultsPage            *self)
{
  GtkWidget *image = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

  gtk_widget_add_css_class (image, "sensitive-marker");
  g_object_set_data (G_OBJECT (image), "xp-results-page", self);
  gtk_list_item_set_child (item, image);
}

static void
bind_sensitive_cb (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   XpResultsPage            *self)
{
  XpBranchResult *result = gtk_list_item_get_item (item);
  GtkWidget *image = gtk_list_item_get_child (item);
  gulong handler;

  g_object_set_data_full (G_OBJECT (image), "xp-branch-id",
                          g_strdup (xp_branch_get_id (xp_branch_result_get_branch (result))), g_free);
  handler = g_signal_connect_object (self->consistency_panel, "updated",
                                     G_CALLBACK (sensitive_updated_cb), image, G_CONNECT_SWAPPED);
  g_object_set_data (G_OBJECT (image), "xp-handler", GSIZE_TO_POINTER (handler));
  sensitive_cell_refresh (image, self);
}

static void
unbind_sensitive_cb (GtkSignalListItemFactory *factory,
                     GtkListItem              *item,
                     XpResultsPage            *self)
{
  GtkWidget *image = gtk_list_item_get_child (item);
  gulong handler = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (image), "xp-handler"));

  if (handler != 0)
    g_signal_handler_disconnect (self->consistency_panel, handler);
  g_object_set_data (G_OBJECT (image), "xp-handler", NULL);
  g_object_set_data (G_OBJECT (image), "xp-branch-id", NULL);
}

static void
add_sensitive_column (XpResultsPage *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkColumnViewColumn) view_column = NULL;

  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_sensitive_cb), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_sensitive_cb), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_sensitive_cb), self, 0);
  /* Translators: column header; marks branches whose stars or rank depend on one evaluator */
  view_column = gtk_column_view_column_new (_("Sensitive"), factory);
  gtk_column_view_column_set_resizable (view_column, TRUE);
  gtk_column_view_append_column (self->column_view, view_column);
}

static void
xp_results_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  XpResultsPage *self = XP_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_RANKING:
      g_value_set_object (value, self->ranking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_results_page_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  XpResultsPage *self = XP_RESULTS_PAGE (object);

  switch (prop_id)
    {
    case PROP_RANKING:
      xp_results_page_set_ranking (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_results_page_dispose (GObject *object)
{
  XpResultsPage *self = XP_RESULTS_PAGE (object);

  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_clear_object (&self->ranking);
  gtk_widget_dispose_template (GTK_WIDGET (self), XP_TYPE_RESULTS_PAGE);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (xp_results_page_parent_class)->dispose (object);
}

static void
xp_results_page_finalize (GObject *object)
{
  XpResultsPage *self = XP_RESULTS_PAGE (object);

  g_free (self->quota_text);
  G_OBJECT_CLASS (xp_results_page_parent_class)->finalize (object);
}

static void
xp_results_page_class_init (XpResultsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_results_page_dispose;
  object_class->finalize = xp_results_page_finalize;
  object_class->get_property = xp_results_page_get_property;
  object_class->set_property = xp_results_page_set_property;

  properties[PROP_RANKING] =
    g_param_spec_object ("ranking", NULL, NULL, XP_TYPE_RANKING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * XpResultsPage::branch-activated:
   * @branch: the #XpBranch of the activated row
   */
  signals[BRANCH_ACTIVATED] =
    g_signal_new ("branch-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, XP_TYPE_BRANCH);

  g_type_ensure (XP_TYPE_CONSISTENCY_PANEL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-results-page.ui");
  gtk_widget_class_bind_template_child (widget_class, XpResultsPage, quota_revealer);
  gtk_widget_class_bind_template_child (widget_class, XpResultsPage, quota_label);
  gtk_widget_class_bind_template_child (widget_class, XpResultsPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, XpResultsPage, consistency_panel);
}

static void
xp_results_page_init (XpResultsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  add_column (self, COLUMN_RANK, _("Rank"), FALSE);
  add_column (self, COLUMN_CATEGORY_RANK, _("In Category"), FALSE);
  add_column (self, COLUMN_NAME, _("Branch"), TRUE);
  add_column (self, COLUMN_ENTERPRISE, _("Enterprise"), TRUE);
  add_column (self, COLUMN_CATEGORY, _("Category"), FALSE);
  add_column (self, COLUMN_SCORE, _("Score"), FALSE);
  add_column (self, COLUMN_STARS, _("Stars"), FALSE);
  add_column (self, COLUMN_GRADE, _("Grade"), FALSE);
  add_column (self, COLUMN_VETOES, _("Vetoes and Caps"), FALSE);
  add_column (self, COLUMN_EVALUATORS, _("Evaluators"), FALSE);
  add_sensitive_column (self);

  g_signal_connect_object (self->column_view, "activate", G_CALLBACK (activate_cb),
                           self, G_CONNECT_SWAPPED);
}

GtkWidget *
xp_results_page_new (void)
{
  return g_object_new (XP_TYPE_RESULTS_PAGE, NULL);
}

XpRanking *
xp_results_page_get_ranking (XpResultsPage *self)
{
  g_return_val_if_fail (XP_IS_RESULTS_PAGE (self), NULL);
  return self->ranking;
}

void
xp_results_page_set_ranking (XpResultsPage *self,
                             XpRanking     *ranking)
{
  g_autoptr(GtkSingleSelection) selection = NULL;

  g_return_if_fail (XP_IS_RESULTS_PAGE (self));
  g_return_if_fail (!ranking || XP_IS_RANKING (ranking));

  if (self->ranking == ranking)
    return;

  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_set_object (&self->ranking, ranking);
  xp_consistency_panel_set_ranking (self->consistency_panel, ranking);
  if (ranking != NULL)
    {
      g_signal_connect_object (ranking, "items-changed", G_CALLBACK (ranking_items_changed_cb),
                               self, G_CONNECT_SWAPPED);
      selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (ranking)));
      gtk_single_selection_set_autoselect (selection, FALSE);
      gtk_single_selection_set_can_unselect (selection, TRUE);
      gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
    }
  gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (selection));
  update_quotas (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RANKING]);
}

GtkColumnView *
xp_results_page_get_column_view (XpResultsPage *self)
{
  g_return_val_if_fail (XP_IS_RESULTS_PAGE (self), NULL);
  return self->column_view;
}

XpConsistencyPanel *
xp_results_page_get_consistency_panel (XpResultsPage *self)
{
  g_return_val_if_fail (XP_IS_RESULTS_PAGE (self), NULL);
  return self->consistency_panel;
}

const char *
xp_results_page_get_quota_text (XpResultsPage *self)
{
  g_return_val_if_fail (XP_IS_RESULTS_PAGE (self), NULL);
  return self->quota_text;
}

void
xp_results_page_activate_row (XpResultsPage *self,
                              guint          position)
{
  g_autoptr(XpBranchResult) result = NULL;

  g_return_if_fail (XP_IS_RESULTS_PAGE (self));

  if (self->ranking == NULL)
    return;
  result = g_list_model_get_item (G_LIST_MODEL (self->ranking), position);
  if (result != NULL)
    g_signal_emit (self, signals[BRANCH_ACTIVATED], 0, xp_branch_result_get_branch (result));
}
