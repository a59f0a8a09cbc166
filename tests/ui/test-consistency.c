/* test-consistency.c — the results page's consistency section (issue 5)
 *
 * Runs under Xvfb.  Opens a copy of the bundled sample, shows the
 * results and checks that the consistency section shows what the core
 * computes: ICC(2,k) and Kendall's W with their branch counts, one row
 * per evaluator, the flags, and a "sensitive" marker with a tooltip
 * naming the evaluators on exactly the sensitive branches.  Then lowers
 * one evaluator's sheet and checks that a flag appears.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "test-consistency"

#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <string.h>
#include <adwaita.h>

#include "xp-consistency.h"
#include "xp-consistency-panel.h"
#include "xp-decimal.h"
#include "xp-results-page.h"
#include "xp-ui-test.h"

static void
collect_markers (GtkWidget *widget,
                 GPtrArray *out)
{
  if (GTK_IS_IMAGE (widget) && gtk_widget_has_css_class (widget, "sensitive-marker"))
    g_ptr_array_add (out, widget);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_markers (child, out);
}

static GtkWidget *
find_toggle (GtkWidget *widget)
{
  if (GTK_IS_TOGGLE_BUTTON (widget))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_toggle (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static char *
three (double value)
{
  return g_strdup_printf ("%.3f", round (value * 1000) / 1000);
}

/* The panel computes in a thread: wait for it to settle (at most 30 s). */
static void
wait_settled (XpConsistencyPanel *panel)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (xp_consistency_panel_is_updating (panel) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (xp_consistency_panel_is_updating (panel));
  g_assert_nonnull (xp_consistency_panel_get_consistency (panel));
}

static void
check_matches_core (XpConsistencyPanel *panel,
                    XpConsistency      *core)
{
  const XpAgreement *icc = xp_consistency_get_icc (core);
  const XpAgreement *w = xp_consistency_get_kendall_w (core);
  g_autofree char *icc_value = three (icc->value);
  g_autofree char *w_value = three (w->value);
  g_autofree char *icc_n = g_strdup_printf ("(%u branches)", icc->n_branches);
  g_autofree char *w_n = g_strdup_printf ("(%u branches)", w->n_branches);

  g_assert_cmpint (icc->status, ==, XP_AGREEMENT_OK);
  g_assert_cmpint (w->status, ==, XP_AGREEMENT_OK);
  g_assert_true (g_str_has_prefix (xp_consistency_panel_get_icc_text (panel), "ICC(2,k) "));
  g_assert_nonnull (strstr (xp_consistency_panel_get_icc_text (panel), icc_value));
  g_assert_nonnull (strstr (xp_consistency_panel_get_icc_text (panel), icc_n));
  g_assert_nonnull (strstr (xp_consistency_panel_get_kendall_w_text (panel), w_value));
  g_assert_nonnull (strstr (xp_consistency_panel_get_kendall_w_text (panel), w_n));

  for (guint i = 0; i < xp_consistency_get_n_evaluators (core); i++)
    {
      const XpEvaluatorStats *st = xp_consistency_get_evaluator (core, i);
      g_autofree char *row = xp_consistency_panel_dup_evaluator_row (panel, i);
      g_autofree char *mean = g_strdup_printf ("%+.3f", round (st->mean_offset * 1000) / 1000);
      g_autofree char *sd = three (st->sd_offset);
      g_autofree char *expected = g_strdup_printf ("%s\t%s\t%u\t%s\t%s\t%u", xp_evaluator_get_name (st->evaluator),
                                                   xp_evaluator_get_role (st->evaluator) == XP_ROLE_SELF ? "Self-assessment" : "Group",
                                                   st->n_sheets, mean, sd, st->n_flags);

      g_assert_cmpuint (st->n_compared, >, 1);
      g_assert_cmpstr (row, ==, expected);
    }
  g_assert_null (xp_consistency_panel_dup_evaluator_row (panel, xp_consistency_get_n_evaluators (core)));

  if (xp_consistency_get_n_flags (core) == 0)
    {
      g_assert_cmpuint (xp_consistency_panel_get_n_flag_rows (panel), ==, 1);
      g_assert_cmpstr (xp_consistency_panel_get_flag_text (panel, 0), ==, "No flags.");
    }
  else
    g_assert_cmpuint (xp_consistency_panel_get_n_flag_rows (panel), ==, MIN (xp_consistency_get_n_flags (core), 100));
}

static void
test_section_shows_core_values (void)
{
  g_autofree char *tmpdir = g_dir_make_tmp ("xingping-ui-XXXXXX", NULL);
  g_autofree char *path = copy_sample (tmpdir);
  g_autofree char *backup = g_strconcat (path, "~", NULL);
  XpWindow *window = open_window (path);
  XpProject *project = xp_window_get_project (window);
  XpResultsPage *results = xp_window_get_results_page (window);
  XpConsistencyPanel *panel = xp_results_page_get_consistency_panel (results);
  XpRanking *ranking = xp_window_get_ranking (window);
  g_autoptr(XpConsistency) core = NULL;
  g_autoptr(GPtrArray) markers = g_ptr_array_new ();
  guint n_visible = 0;
  g_autoptr(GError) error = NULL;
  static const char *const items[] = { "D1.1", "D1.2", "D1.3", "D1.4", "D2.1", "D2.2", "D2.3", "D2.4" };

  /* Nothing is computed for a panel nobody sees. */
  g_assert_null (xp_consistency_panel_get_consistency (panel));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "results"));
  wait_settled (panel);

  core = xp_consistency_new (ranking, XP_DEC_NONE);
  check_matches_core (panel, core);
  /* The sample's five evaluators agree closely. */
  g_assert_cmpfloat (xp_consistency_get_icc (core)->value, >, 0.9);
  g_assert_cmpuint (xp_consistency_get_n_sensitive (core), >, 0);

  /* A marker on every sensitive branch on screen, none elsewhere; the
   * tooltip names each evaluator who flips it. */
  collect_markers (GTK_WIDGET (xp_results_page_get_column_view (results)), markers);
  g_assert_cmpuint (markers->len, >, 0);
  for (guint i = 0; i < markers->len; i++)
    {
      GtkWidget *marker = g_ptr_array_index (markers, i);
      const char *id = g_object_get_data (G_OBJECT (marker), "xp-branch-id");
      const char *tooltip;
      const XpFlip *flips;
      guint n_flips;

      if (id == NULL)
        continue;   /* a recycled, unbound cell */
      flips = xp_consistency_get_flips (core, id, &n_flips);
      g_assert_cmpint (gtk_widget_get_visible (marker), ==, flips != NULL);
      if (flips == NULL)
        continue;
      n_visible++;
      tooltip = gtk_widget_get_tooltip_text (marker);
      g_assert_nonnull (tooltip);
      for (guint f = 0; f < n_flips; f++)
        g_assert_nonnull (strstr (tooltip, xp_evaluator_get_name (flips[f].evaluator)));
    }
  g_assert_cmpuint (n_visible, >, 0);

  {
    GtkWidget *toggle = find_toggle (GTK_WIDGET (panel));

    g_assert_nonnull (toggle);
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (toggle), TRUE);
    spin (400);
    save_screenshot (GTK_WIDGET (window), "screenshot-consistency.png");
  }

  /* e2 drops to 0 on eight items of b001: its total falls far below the
   * group median, and the section follows after its short delay. */
  for (guint i = 0; i < G_N_ELEMENTS (items); i++)
    {
      xp_project_set_score (project, "b001", "e2", items[i], 0, &error);
      g_assert_no_error (error);
    }
  /* The window did not wait for the statistics: they are due, then
   * arrive from the worker. */
  g_assert_true (xp_consistency_panel_is_updating (panel));
  wait_settled (panel);
  g_clear_object (&core);
  core = xp_consistency_new (ranking, XP_DEC_NONE);
  g_assert_cmpuint (xp_consistency_get_n_flags (core), >, 0);
  check_matches_core (panel, core);
  {
    gboolean found = FALSE;

    for (guint i = 0; i < xp_consistency_panel_get_n_flag_rows (panel); i++)
      {
        const char *text = xp_consistency_panel_get_flag_text (panel, i);

        found |= strstr (text, "李秀梅: total") != NULL && strstr (text, "group median") != NULL;
      }
    g_assert_true (found);
  }
  save_screenshot (GTK_WIDGET (window), "screenshot-consistency-flag.png");

  close_window (window);
  g_unlink (backup);
  g_unlink (path);
  g_rmdir (tmpdir);
}

int
main (int   argc,
      char *argv[])
{
  xp_ui_test_init (&argc, &argv);

  g_test_add_func ("/consistency/section-shows-core-values", test_section_shows_core_values);

  return xp_ui_test_run ();
}
