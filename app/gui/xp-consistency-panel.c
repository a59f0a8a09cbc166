/* xp-consistency-panel.c — the evaluators' agreement under the ranking
 *
 * A one-line summary (ICC(2,k), Kendall's W, how many branches are
 * sensitive and flagged) with a Details toggle that reveals the
 * per-evaluator offsets and the flags.  Leave-one-out ranks the project
 * once per evaluator (most of a second at 5,000 branches), so the panel
 * computes in a worker thread on a snapshot of the project
 * (xp_project_snapshot ()), after a burst of edits has settled and only
 * while it is shown; the window never waits for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-consistency-panel"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "xp-consistency-panel.h"
#include "xp-decimal.h"

#define UPDATE_DELAY_MS 300
#define MAX_FLAG_ROWS   100

struct _XpConsistencyPanel
{
  GtkWidget      parent_instance;

  GtkLabel      *icc_label;
  GtkLabel      *w_label;
  GtkLabel      *summary_label;
  GtkSpinner    *spinner;
  GtkLabel      *basis_label;
  GtkGrid       *evaluator_grid;
  GtkBox        *flag_box;

  XpRanking     *ranking;
  XpConsistency *consistency;
  guint          update_id;
  gboolean       stale;         /* changed while unmapped */
  /* The worker: one computation at a time; an edit meanwhile asks for
   * another one when it is done.  The generation changes with the
   * ranking, so a late result for another project is dropped. */
  GCancellable  *cancellable;
  gboolean       in_flight;
  gboolean       again;
  guint          generation;
  guint          n_evaluator_rows;
  GPtrArray     *flag_labels;   /* GtkLabel, unowned (children of flag_box) */
};

G_DEFINE_FINAL_TYPE (XpConsistencyPanel, xp_consistency_panel, GTK_TYPE_WIDGET)

enum {
  UPDATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define N_GRID_COLUMNS 6

static double
round3 (double value)
{
  return round (value * 1000) / 1000;
}

static char *
agreement_text (const char        *name,
                const XpAgreement *a)
{
  switch (a->status)
    {
    case XP_AGREEMENT_OK:
      /* Translators: "ICC(2,k) 0.994 (30 branches)"; the statistic's name, its value, the branches it rests on */
      return g_strdup_printf (ngettext ("%s %.3f (%u branch)", "%s %.3f (%u branches)", a->n_branches),
                              name, round3 (a->value), a->n_branches);
    case XP_AGREEMENT_FEW_EVALUATORS:
      /* Translators: %s is ICC(2,k) or Kendall's W */
      return g_strdup_printf (_("%s: needs 2 evaluators"), name);
    case XP_AGREEMENT_FEW_BRANCHES:
      /* Translators: %s is ICC(2,k) or Kendall's W */
      return g_strdup_printf (_("%s: needs 2 branches scored by every evaluator"), name);
    case XP_AGREEMENT_NO_VARIANCE:
    default:
      /* Translators: %s is ICC(2,k) or Kendall's W; every score was the same */
      return g_strdup_printf (_("%s: no differences to compare"), name);
    }
}

static char *
stars_glyphs (int stars)
{
  GString *text;

  if (stars <= 0)
    /* Translators: a complete branch rated zero stars */
    return g_strdup (_("no star"));
  text = g_string_new (NULL);
  for (int i = 0; i < stars; i++)
    g_string_append (text, "★");
  return g_string_free (text, FALSE);
}

static GtkWidget *
grid_label (const char *text,
            float       xalign,
            gboolean    heading)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), xalign);
  if (heading)
    gtk_widget_add_css_class (label, "heading");
  else
    gtk_widget_add_css_class (label, "numeric");
  return label;
}

static void
clear_details (XpConsistencyPanel *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->evaluator_grid))) != NULL)
    gtk_grid_remove (self->evaluator_grid, child);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->flag_box))) != NULL)
    gtk_box_remove (self->flag_box, child);
  g_ptr_array_set_size (self->flag_labels, 0);
  self->n_evaluator_rows = 0;
}

static void
add_flag_row (XpConsistencyPanel *self,
              char               *text)   /* taken */
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_box_append (self->flag_box, label);
  g_ptr_array_add (self->flag_labels, label);
  g_free (text);
}

static void
show_consistency (XpConsistencyPanel *self)
{
  XpConsistency *c = self->consistency;
  static const char *const headers[N_GRID_COLUMNS] = {
    N_("Evaluator"), N_("Role"), N_("Sheets"), N_("Mean Offset"), N_("SD"), N_("Flags"),
  };
  g_autofree char *icc = NULL, *w = NULL, *summary = NULL, *basis = NULL;
  char buf[XP_DEC_BUF_SIZE], buf2[XP_DEC_BUF_SIZE];
  guint n_flags;

  clear_details (self);
  if (c == NULL)
    {
      gtk_label_set_text (self->icc_label, "");
      gtk_label_set_text (self->w_label, "");
      gtk_label_set_text (self->summary_label, "");
      gtk_label_set_text (self->basis_label, "");
      return;
    }

  icc = agreement_text ("ICC(2,k)", xp_consistency_get_icc (c));
  w = agreement_text (_("Kendall’s W"), xp_consistency_get_kendall_w (c));
  n_flags = xp_consistency_get_n_flags (c);
  {
    guint n_sensitive = xp_consistency_get_n_sensitive (c);
    /* Translators: branches whose stars or rank one evaluator decides */
    g_autofree char *a = g_strdup_printf (ngettext ("%u sensitive branch", "%u sensitive branches", n_sensitive), n_sensitive);
    g_autofree char *b = g_strdup_printf (ngettext ("%u flag", "%u flags", n_flags), n_flags);

    summary = g_strdup_printf ("%s · %s", a, b);
  }
  gtk_label_set_text (self->icc_label, icc);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->icc_label),
                               _("Intraclass correlation of the sheet totals: two-way random effects, absolute agreement, average of the evaluators (Shrout & Fleiss ICC(2,k))"));
  gtk_label_set_text (self->w_label, w);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->w_label),
                               _("Kendall’s coefficient of concordance of the evaluators’ rankings of the branches, corrected for ties"));
  gtk_label_set_text (self->summary_label, summary);

  basis = g_strdup_printf (_("ICC(2,k) and Kendall’s W use only the %u branches that every group evaluator with a complete sheet has scored completely (%u evaluators). "
                             "Offset: an evaluator’s sheet total minus the other group evaluators’ mean on the same branch. "
                             "Flags: totals more than %s points from the group median, and items whose scores spread over more than half the item’s maximum."),
                           xp_consistency_get_icc (c)->n_branches, xp_consistency_get_icc (c)->n_evaluators,
                           xp_dec_to_buf (xp_consistency_get_deviation (c), buf));
  gtk_label_set_text (self->basis_label, basis);

  for (guint col = 0; col < N_GRID_COLUMNS; col++)
    gtk_grid_attach (self->evaluator_grid, grid_label (_(headers[col]), col == 0 || col == 1 ? 0 : 1, TRUE), col, 0, 1, 1);
  for (guint i = 0; i < xp_consistency_get_n_evaluators (c); i++)
    {
      const XpEvaluatorStats *st = xp_consistency_get_evaluator (c, i);
      g_autofree char *sheets = g_strdup_printf ("%u", st->n_sheets);
      g_autofree char *mean = st->n_compared > 0 ? g_strdup_printf ("%+.3f", round3 (st->mean_offset)) : g_strdup (_("—"));
      g_autofree char *sd = st->n_compared > 1 ? g_strdup_printf ("%.3f", round3 (st->sd_offset)) : g_strdup (_("—"));
      g_autofree char *flags = g_strdup_printf ("%u", st->n_flags);
      const char *role = xp_evaluator_get_role (st->evaluator) == XP_ROLE_SELF ? _("Self-assessment") : _("Group");

      gtk_grid_attach (self->evaluator_grid, grid_label (xp_evaluator_get_name (st->evaluator), 0, FALSE), 0, i + 1, 1, 1);
      gtk_grid_attach (self->evaluator_grid, grid_label (role, 0, FALSE), 1, i + 1, 1, 1);
      gtk_grid_attach (self->evaluator_grid, grid_label (sheets, 1, FALSE), 2, i + 1, 1, 1);
      gtk_grid_attach (self->evaluator_grid, grid_label (mean, 1, FALSE), 3, i + 1, 1, 1);
      gtk_grid_attach (self->evaluator_grid, grid_label (sd, 1, FALSE), 4, i + 1, 1, 1);
      gtk_grid_attach (self->evaluator_grid, grid_label (flags, 1, FALSE), 5, i + 1, 1, 1);
      self->n_evaluator_rows++;
    }

  if (n_flags == 0)
    add_flag_row (self, g_strdup (_("No flags.")));
  for (guint i = 0; i < MIN (n_flags, MAX_FLAG_ROWS); i++)
    {
      const XpConsistencyFlag *f = xp_consistency_get_flag (c, i);
      const char *branch = xp_branch_get_name (f->branch) ? xp_branch_get_name (f->branch) : xp_branch_get_id (f->branch);

      if (f->kind == XP_FLAG_DEVIATION)
        /* Translators: branch, evaluator, their sheet total, the group's median total */
        add_flag_row (self, g_strdup_printf (_("%s — %s: total %s, group median %s"), branch,
                                             xp_evaluator_get_name (f->evaluator),
                                             xp_dec_to_buf (f->value, buf), xp_dec_to_buf (f->reference, buf2)));
      else
        {
          g_autofree char *max = xp_dec_format (xp_item_get_max (f->item));

          /* Translators: branch, item id, the lowest and highest score given, the item's maximum */
          add_flag_row (self, g_strdup_printf (_("%s — item %s scored from %s to %s (maximum %s)"), branch,
                                               xp_item_get_id (f->item), xp_dec_to_buf (f->value, buf),
                                               xp_dec_to_buf (f->reference, buf2), max));
        }
    }
  if (n_flags > MAX_FLAG_ROWS)
    add_flag_row (self, g_strdup_printf (ngettext ("… and %u more flag", "… and %u more flags", n_flags - MAX_FLAG_ROWS),
                                         n_flags - MAX_FLAG_ROWS));
}

static void launch_update (XpConsistencyPanel *self);

static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  XpProject *snapshot = task_data;
  g_autoptr(XpRanking) ranking = xp_ranking_new (snapshot);

  g_task_return_pointer (task, xp_consistency_new (ranking, XP_DEC_NONE), g_object_unref);
}

static void
update_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  XpConsistencyPanel *self = XP_CONSISTENCY_PANEL (source);
  guint generation = GPOINTER_TO_UINT (user_data);
  g_autoptr(XpConsistency) consistency = g_task_propagate_pointer (G_TASK (result), NULL);

  self->in_flight = FALSE;
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    return;   /* disposed */
  if (generation == self->generation)
    {
      g_set_object (&self->consistency, consistency);
      show_consistency (self);
      g_signal_emit (self, signals[UPDATED], 0);
    }
  if (self->again || generation != self->generation)
    launch_update (self);
  else
    gtk_spinner_stop (self->spinner);
}

static void
launch_update (XpConsistencyPanel *self)
{
  g_autoptr(GTask) task = NULL;

  self->again = FALSE;
  if (self->ranking == NULL)
    {
      gtk_spinner_stop (self->spinner);
      return;
    }
  self->in_flight = TRUE;
  gtk_spinner_start (self->spinner);
  task = g_task_new (self, NULL, update_done_cb, GUINT_TO_POINTER (self->generation));
  g_task_set_source_tag (task, launch_update);
  g_task_set_task_data (task, xp_project_snapshot (xp_ranking_get_project (self->ranking)), g_object_unref);
  g_task_run_in_thread (task, compute_thread);
}

static void
update_now (XpConsistencyPanel *self)
{
  g_clear_handle_id (&self->update_id, g_source_remove);
  self->stale = FALSE;
  if (self->in_flight)
    self->again = TRUE;
  else
    launch_update (self);
}

static gboolean
update_timeout_cb (gpointer data)
{
  XpConsistencyPanel *self = data;

  self->update_id = 0;
  update_now (self);
  return G_SOURCE_REMOVE;
}

static void
ranking_items_changed_cb (XpConsistencyPanel *self,
                          guint               position,
                          guint               removed,
                          guint               added,
                          GListModel         *model)
{
  /* Out of sight (the scoring view), wait until shown: scoring stays
   * quick and nothing is laid out for nobody. */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->stale = TRUE;
  else if (self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_DELAY_MS, update_timeout_cb, self);
}

static void
xp_consistency_panel_map (GtkWidget *widget)
{
  XpConsistencyPanel *self = XP_CONSISTENCY_PANEL (widget);

  GTK_WIDGET_CLASS (xp_consistency_panel_parent_class)->map (widget);
  if (self->stale && self->update_id == 0)
    self->update_id = g_timeout_add (0, update_timeout_cb, self);
}

static void
xp_consistency_panel_dispose (GObject *object)
{
  XpConsistencyPanel *self = XP_CONSISTENCY_PANEL (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_clear_object (&self->ranking);
  g_clear_object (&self->consistency);
  gtk_widget_dispose_template (GTK_WIDGET (self), XP_TYPE_CONSISTENCY_PANEL);
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != NULL;
       child = gtk_widget_get_first_child (GTK_WIDGET (self)))
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (xp_consistency_panel_parent_class)->dispose (object);
}

static void
xp_consistency_panel_finalize (GObject *object)
{
  XpConsistencyPanel *self = XP_CONSISTENCY_PANEL (object);

  g_ptr_array_unref (self->flag_labels);
  G_OBJECT_CLASS (xp_consistency_panel_parent_class)->finalize (object);
}

static void
xp_consistency_panel_class_init (XpConsistencyPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_consistency_panel_dispose;
  object_class->finalize = xp_consistency_panel_finalize;
  widget_class->map = xp_consistency_panel_map;

  /**
   * XpConsistencyPanel::updated:
   *
   * The statistics were recomputed (the sensitive markers follow it).
   */
  signals[UPDATED] =
    g_signal_new ("updated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-consistency-panel.ui");
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, icc_label);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, w_label);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, summary_label);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, spinner);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, basis_label);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, evaluator_grid);
  gtk_widget_class_bind_template_child (widget_class, XpConsistencyPanel, flag_box);
}

static void
xp_consistency_panel_init (XpConsistencyPanel *self)
{
  self->flag_labels = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
xp_consistency_panel_new (void)
{
  return g_object_new (XP_TYPE_CONSISTENCY_PANEL, NULL);
}

void
xp_consistency_panel_set_ranking (XpConsistencyPanel *self,
                                  XpRanking          *ranking)
{
  g_return_if_fail (XP_IS_CONSISTENCY_PANEL (self));
  g_return_if_fail (!ranking || XP_IS_RANKING (ranking));

  if (self->ranking == ranking)
    return;
  if (self->ranking != NULL)
    g_signal_handlers_disconnect_by_data (self->ranking, self);
  g_set_object (&self->ranking, ranking);
  self->generation++;
  g_clear_object (&self->consistency);
  show_consistency (self);
  if (ranking != NULL)
    g_signal_connect_object (ranking, "items-changed", G_CALLBACK (ranking_items_changed_cb),
                             self, G_CONNECT_SWAPPED);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    update_now (self);
  else
    self->stale = ranking != NULL;
}

XpConsistency *
xp_consistency_panel_get_consistency (XpConsistencyPanel *self)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);
  return self->consistency;
}

gboolean
xp_consistency_panel_is_updating (XpConsistencyPanel *self)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), FALSE);
  return self->in_flight || self->update_id != 0 || self->stale;
}

const char *
xp_consistency_panel_get_icc_text (XpConsistencyPanel *self)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);
  return gtk_label_get_text (self->icc_label);
}

const char *
xp_consistency_panel_get_kendall_w_text (XpConsistencyPanel *self)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);
  return gtk_label_get_text (self->w_label);
}

char *
xp_consistency_panel_dup_evaluator_row (XpConsistencyPanel *self,
                                        guint               index)
{
  GString *row;

  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);

  if (index >= self->n_evaluator_rows)
    return NULL;
  row = g_string_new (NULL);
  for (guint col = 0; col < N_GRID_COLUMNS; col++)
    {
      GtkWidget *label = gtk_grid_get_child_at (self->evaluator_grid, col, index + 1);

      if (col > 0)
        g_string_append_c (row, '\t');
      g_string_append (row, gtk_label_get_text (GTK_LABEL (label)));
    }
  return g_string_free (row, FALSE);
}

guint
xp_consistency_panel_get_n_flag_rows (XpConsistencyPanel *self)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), 0);
  return self->flag_labels->len;
}

const char *
xp_consistency_panel_get_flag_text (XpConsistencyPanel *self,
                                    guint               index)
{
  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);
  g_return_val_if_fail (index < self->flag_labels->len, NULL);
  return gtk_label_get_text (g_ptr_array_index (self->flag_labels, index));
}

char *
xp_consistency_panel_dup_flip_text (XpConsistencyPanel *self,
                                    const char         *branch_id)
{
  XpBranchResult *result;
  const XpFlip *flips;
  guint n_flips;
  GString *text;
  g_autofree char *stars = NULL;

  g_return_val_if_fail (XP_IS_CONSISTENCY_PANEL (self), NULL);

  if (self->consistency == NULL || self->ranking == NULL)
    return NULL;
  flips = xp_consistency_get_flips (self->consistency, branch_id, &n_flips);
  result = xp_ranking_lookup (self->ranking, branch_id);
  if (flips == NULL || result == NULL)
    return NULL;

  stars = stars_glyphs (xp_branch_result_get_stars (result));
  text = g_string_new (_("Leaving out one evaluator changes the stars or rank:"));
  for (guint f = 0; f < n_flips; f++)
    {
      g_autofree char *other = stars_glyphs (flips[f].stars);

      g_string_append_c (text, '\n');
      /* Translators: an evaluator's name; the rank now and without them; the stars now and without them */
      g_string_append_printf (text, _("without %s: rank %u → %u, %s → %s"),
                              xp_evaluator_get_name (flips[f].evaluator),
                              xp_branch_result_get_rank (result), flips[f].rank, stars, other);
    }
  return g_string_free (text, FALSE);
}
