/* xp-branch-row.c — a branch in the sidebar: name, category, progress, stars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-branch-row"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-branch-row.h"

struct _XpBranchRow
{
  GtkWidget  parent_instance;

  GtkLabel  *name_label;
  GtkLabel  *category_label;
  GtkLabel  *progress_label;
  GtkLabel  *stars_label;

  XpBranch  *branch;
  XpRanking *ranking;
  GObject   *state;
};

G_DEFINE_FINAL_TYPE (XpBranchRow, xp_branch_row, GTK_TYPE_WIDGET)

static void
xp_branch_row_dispose (GObject *object)
{
  XpBranchRow *self = XP_BRANCH_ROW (object);

  GtkWidget *child;

  xp_branch_row_unbind (self);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (xp_branch_row_parent_class)->dispose (object);
}

static void
xp_branch_row_class_init (XpBranchRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_branch_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-branch-row.ui");
  gtk_widget_class_bind_template_child (widget_class, XpBranchRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, XpBranchRow, category_label);
  gtk_widget_class_bind_template_child (widget_class, XpBranchRow, progress_label);
  gtk_widget_class_bind_template_child (widget_class, XpBranchRow, stars_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
xp_branch_row_init (XpBranchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
xp_branch_row_new (void)
{
  return g_object_new (XP_TYPE_BRANCH_ROW, NULL);
}

/* Name and category: they change when the branch is edited. */
static void
update_facts (XpBranchRow *self)
{
  XpCategory *category;

  gtk_label_set_text (self->name_label, xp_branch_get_name (self->branch));
  category = xp_criteria_lookup_category (xp_project_get_criteria (xp_ranking_get_project (self->ranking)),
                                          xp_branch_get_category (self->branch));
  gtk_label_set_text (self->category_label,
                      category != NULL ? xp_text_get_for_user (xp_category_get_label (category)) : "");
}

void
xp_branch_row_update (XpBranchRow *self)
{
  g_autoptr(XpEvaluator) evaluator = NULL;
  const char *evaluator_id = NULL;
  XpProject *project;
  XpBranchResult *result;
  guint n_scored = 0, n_items = 0;
  g_autofree char *progress = NULL;
  GString *stars;

  g_return_if_fail (XP_IS_BRANCH_ROW (self));

  if (self->branch == NULL || self->ranking == NULL)
    return;

  project = xp_ranking_get_project (self->ranking);
  /* A removed branch's row may hear of it before it is unbound. */
  if (xp_project_lookup_branch (project, xp_branch_get_id (self->branch)) != self->branch)
    return;
  update_facts (self);
  if (self->state != NULL)
    g_object_get (self->state, "evaluator", &evaluator, NULL);
  if (evaluator != NULL)
    evaluator_id = xp_evaluator_get_id (evaluator);
  if (evaluator_id != NULL)
    {
      xp_project_get_progress (project, xp_branch_get_id (self->branch), evaluator_id,
                               &n_scored, &n_items);
      /* Translators: items scored / items on the sheet */
      progress = g_strdup_printf (_("%u/%u"), n_scored, n_items);
    }
  gtk_label_set_text (self->progress_label, progress != NULL ? progress : "");

  stars = g_string_new (NULL);
  result = xp_ranking_lookup (self->ranking, xp_branch_get_id (self->branch));
  if (result != NULL && xp_branch_result_is_complete (result))
    {
      for (int i = 0; i < xp_branch_result_get_stars (result); i++)
        g_string_append (stars, "★");
      /* Translators: a complete branch rated zero stars (e.g. vetoed) */
      if (stars->len == 0)
        g_string_append (stars, _("no star"));
    }
  gtk_label_set_text (self->stars_label, stars->str);
  g_string_free (stars, TRUE);
}

void
xp_branch_row_bind (XpBranchRow *self,
                    XpBranch    *branch,
                    XpRanking   *ranking,
                    GObject     *state)
{
  g_return_if_fail (XP_IS_BRANCH_ROW (self));
  g_return_if_fail (XP_IS_BRANCH (branch));
  g_return_if_fail (XP_IS_RANKING (ranking));

  xp_branch_row_unbind (self);
  g_set_object (&self->branch, branch);
  g_set_object (&self->ranking, ranking);
  g_set_weak_pointer (&self->state, state);
  g_signal_connect_object (ranking, "items-changed", G_CALLBACK (xp_branch_row_update),
                           self, G_CONNECT_SWAPPED);
  if (state != NULL)
    g_signal_connect_object (state, "notify::evaluator", G_CALLBACK (xp_branch_row_update),
                             self, G_CONNECT_SWAPPED);

  g_signal_connect_object (branch, "notify", G_CALLBACK (xp_branch_row_update),
                           self, G_CONNECT_SWAPPED);
  xp_branch_row_update (self);
}

void
xp_branch_row_unbind (XpBranchRow *self)
{
  g_return_if_fail (XP_IS_BRANCH_ROW (self));

  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  if (self->branch != NULL)
    g_signal_handlers_disconnect_by_data (self->branch, self);
  if (self->state != NULL)
    g_signal_handlers_disconnect_by_data (self->state, self);
  g_clear_weak_pointer (&self->state);
  g_clear_object (&self->branch);
  g_clear_object (&self->ranking);
}
