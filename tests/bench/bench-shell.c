/* bench-shell.c — does the window stay responsive on a big assessment?
 *
 * Not a test: a timing program (run under a display; `meson test
 * --benchmark` wraps it in Xvfb).  It generates a project of N branches ×
 * M group evaluators × 30 items, every item scored (fixed seed), saves it,
 * and then in a real 1366×768 window:
 *
 *   open   xp_window_load_file(): time until the spinner page is drawn,
 *          the longest the main loop went without running (a frozen
 *          window) while the file loads in its thread, and the time to
 *          the first frame drawn with the project (time to first paint);
 *   edit   xp_project_set_score() on one branch: time until the ranking
 *          (the results table's model) has emitted items-changed, until
 *          the results table's filtered and sorted model has, and until
 *          the next frame is drawn — with the results table showing,
 *          sorted by score;
 *   step   win.next-branch: time until the score page shows the next
 *          branch;
 *   frame  a redraw of the results view with nothing changed: the
 *          renderer's floor (GSK_RENDERER=cairo draws on the main thread;
 *          the default GL renderer under Xvfb draws in software).
 *
 *   bench-shell [--branches N] [--evaluators N] [--edits N]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <time.h>

#include "xp-application.h"
#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-window.h"
#include "bench-data.h"

#define N_DIMENSIONS BENCH_N_DIMENSIONS
#define N_ITEMS BENCH_N_ITEMS_PER_DIMENSION

static char *
make_project_file (int n_branches,
                   int n_evaluators)
{
  static const BenchShape shape = { TRUE, FALSE };   /* two categories */
  g_autoptr(XpCriteria) criteria = bench_criteria_new (&shape);
  g_autoptr(XpProject) project = bench_project_new (criteria, &shape, n_branches, n_evaluators);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xingping-bench-shell-XXXXXX", NULL);
  char *path = g_build_filename (dir, "bench.xingping", NULL);

  if (!xp_project_save_to_file (project, path, &error))
    g_error ("save: %s", error->message);
  return path;
}

/* ---- main-loop watch: the longest gap between two 5 ms ticks ------- */

static gint64 last_tick, longest_gap;

static gboolean
tick_cb (gpointer data)
{
  gint64 now = g_get_monotonic_time ();

  if (last_tick != 0 && now - last_tick > longest_gap)
    longest_gap = now - last_tick;
  last_tick = now;
  return G_SOURCE_CONTINUE;
}

/* ---- frames ------------------------------------------------------------ */

static gint64 painted_at, painted_cpu;
static gint64 thread_cpu_usec (void);

static void
after_paint_cb (GdkFrameClock *clock,
                gpointer       data)
{
  if (painted_at == 0)
    {
      painted_at = g_get_monotonic_time ();
      painted_cpu = thread_cpu_usec ();
    }
}

static GtkWidget *painted_widget;

/* Until the next frame is drawn (one is asked for: an edit that moves
 * nothing visible would otherwise draw none). */
static void
wait_paint (void)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  painted_at = 0;
  if (painted_widget != NULL)
    gtk_widget_queue_draw (painted_widget);
  while (painted_at == 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gint64     *when)
{
  if (*when == 0)
    *when = g_get_monotonic_time ();
}

/* CPU time of the calling (main) thread: what a frame costs, however
 * loaded the machine is. */
static gint64
thread_cpu_usec (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static double
ms (gint64 usec)
{
  return usec / 1000.0;
}

int
main (int argc, char **argv)
{
  int n_branches = 5000, n_evaluators = 7, n_edits = 20;
  GOptionEntry entries[] = {
    { "branches", 'b', 0, G_OPTION_ARG_INT, &n_branches, "Number of branches (5000)", "N" },
    { "evaluators", 'e', 0, G_OPTION_ARG_INT, &n_evaluators, "Group evaluators (7)", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT, &n_edits, "Score edits to time (20)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time opening and editing a big assessment in the window");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpApplication) app = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  XpWindow *window;
  XpProject *project;
  XpResultsPage *results;
  GdkFrameClock *clock;
  gint64 t0, t_spinner, t_loaded, t_paint;
  gint64 sum_rank = 0, max_rank = 0, sum_shown = 0, max_shown = 0, sum_paint = 0, max_paint = 0;
  gint64 shown_changed_at = 0, ranking_changed_at = 0;
  gint64 sum_cpu = 0, max_cpu = 0, cpu_show = 0, sum_frame_cpu = 0, max_frame_cpu = 0;
  guint tick_id;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("bench-shell: %s\n", error->message);
      return 2;
    }
  if (n_branches < 2 || n_evaluators < 1 || n_edits < 1)
    {
      g_printerr ("bench-shell: need at least 2 branches, 1 evaluator and 1 edit\n");
      return 2;
    }

  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  path = make_project_file (n_branches, n_evaluators);
  file = g_file_new_for_path (path);

  gtk_init ();
  app = xp_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("register: %s", error->message);
  window = xp_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  painted_widget = GTK_WIDGET (window);
  wait_paint ();
  clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint_cb), NULL);
  wait_paint ();

  /* Open. */
  tick_id = g_timeout_add (5, tick_cb, NULL);
  last_tick = 0;
  longest_gap = 0;
  t0 = g_get_monotonic_time ();
  xp_window_load_file (window, file);
  wait_paint ();
  t_spinner = painted_at;
  while (xp_window_is_loading (window))
    g_main_context_iteration (NULL, TRUE);
  t_loaded = g_get_monotonic_time ();
  cpu_show = thread_cpu_usec ();
  wait_paint ();
  t_paint = painted_at;
  cpu_show = thread_cpu_usec () - cpu_show;
  g_source_remove (tick_id);
  project = xp_window_get_project (window);
  if (project == NULL)
    g_error ("the project did not open");

  g_print ("bench-shell: %d branches x %d evaluators x %d items, %dx%d window\n",
           n_branches, n_evaluators, N_DIMENSIONS * N_ITEMS,
           gtk_widget_get_width (GTK_WIDGET (window)), gtk_widget_get_height (GTK_WIDGET (window)));
  g_print ("  open: spinner page drawn   %8.1f ms\n", ms (t_spinner - t0));
  g_print ("  open: loaded (thread)      %8.1f ms\n", ms (t_loaded - t0));
  g_print ("  open: first paint          %8.1f ms  (time to first paint of the project)\n", ms (t_paint - t0));
  g_print ("  open: showing it, main-thread CPU %5.1f ms  (set_project and the first frame)\n", ms (cpu_show));
  g_print ("  open: longest main-loop stall %5.1f ms  (while loading; set_project included)\n", ms (longest_gap));

  /* Step between branches. */
  {
    gint64 start, worst = 0, sum = 0, cpu_sum = 0;

    xp_window_select_branch (window, "b00001");
    wait_paint ();
    for (int i = 0; i < 10; i++)
      {
        gint64 cpu = thread_cpu_usec ();

        start = g_get_monotonic_time ();
        gtk_widget_activate_action (GTK_WIDGET (window), "win.next-branch", NULL);
        wait_paint ();
        cpu_sum += thread_cpu_usec () - cpu;
        sum += painted_at - start;
        worst = MAX (worst, painted_at - start);
      }
    g_print ("  step: next branch to paint %8.1f ms mean, %.1f ms worst, %.1f ms main-thread CPU\n",
             ms (sum / 10), ms (worst), ms (cpu_sum / 10));
  }

  /* Edits on the scoring view (the results table hidden). */
  {
    gint64 sum = 0, worst = 0;

    for (int i = 0; i < n_edits; i++)
      {
        char item[16];
        g_autofree char *branch = g_strdup_printf ("b%05d", 1 + (i * 991) % n_branches);
        gint64 cpu = thread_cpu_usec ();

        g_snprintf (item, sizeof item, "D%d.%d", 1 + i % N_DIMENSIONS, 1 + i % N_ITEMS);
        if (!xp_project_set_score (project, branch, "e1", item, i % 2 ? XP_DEC (5) : 0, &error))
          g_error ("set score: %s", error->message);
        cpu = thread_cpu_usec () - cpu;
        sum += cpu;
        worst = MAX (worst, cpu);
        wait_paint ();
      }
    g_print ("  edit: set_score CPU, scoring view %5.2f ms mean, %.2f ms worst  (results table hidden)\n",
             ms (sum / n_edits), ms (worst));
  }

  /* Edits, with the results table showing and sorted by score. */
  results = xp_window_get_results_page (window);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "results");
  xp_results_page_sort_by (results, "score", GTK_SORT_DESCENDING);
  wait_paint ();
  /* The floor: a frame of the same view with nothing changed (under Xvfb
   * the default GL renderer draws in software, on other threads). */
  {
    gint64 sum = 0, start;

    for (int i = 0; i < 10; i++)
      {
        start = g_get_monotonic_time ();
        wait_paint ();
        sum += painted_at - start;
      }
    g_print ("  frame: redrawn, nothing changed %6.2f ms mean  (the renderer's floor for the edits below)\n",
             ms (sum / 10));
  }
  g_signal_connect (xp_window_get_ranking (window), "items-changed", G_CALLBACK (items_changed_cb), &ranking_changed_at);
  g_signal_connect (xp_results_page_get_shown (results), "items-changed", G_CALLBACK (items_changed_cb), &shown_changed_at);
  for (int i = 0; i < n_edits; i++)
    {
      char item[16];
      g_autofree char *branch = g_strdup_printf ("b%05d", 1 + (i * 997) % n_branches);
      gint64 start, frame_cpu;

      g_snprintf (item, sizeof item, "D%d.%d", 1 + i % N_DIMENSIONS, 1 + i % N_ITEMS);
      ranking_changed_at = shown_changed_at = 0;
      start = g_get_monotonic_time ();
      frame_cpu = thread_cpu_usec ();
      {
        gint64 cpu = thread_cpu_usec ();

        /* 0 or 5: far enough to move the branch in the ranking. */
        if (!xp_project_set_score (project, branch, "e1", item, i % 2 ? XP_DEC (5) : 0, &error))
          g_error ("set score: %s", error->message);
        cpu = thread_cpu_usec () - cpu;
        sum_cpu += cpu;
        max_cpu = MAX (max_cpu, cpu);
      }
      wait_paint ();
      frame_cpu = painted_cpu - frame_cpu;
      sum_frame_cpu += frame_cpu;
      max_frame_cpu = MAX (max_frame_cpu, frame_cpu);
      if (ranking_changed_at == 0)
        ranking_changed_at = start;   /* nothing moved */
      if (shown_changed_at == 0)
        shown_changed_at = ranking_changed_at;
      sum_rank += ranking_changed_at - start;
      max_rank = MAX (max_rank, ranking_changed_at - start);
      sum_shown += shown_changed_at - start;
      max_shown = MAX (max_shown, shown_changed_at - start);
      sum_paint += painted_at - start;
      max_paint = MAX (max_paint, painted_at - start);
    }
  g_print ("  edit: set_score -> ranking model  %6.2f ms mean, %.2f ms worst\n", ms (sum_rank / n_edits), ms (max_rank));
  g_print ("  edit: set_score -> sorted table   %6.2f ms mean, %.2f ms worst\n", ms (sum_shown / n_edits), ms (max_shown));
  g_print ("  edit: set_score CPU, results view %5.2f ms mean, %.2f ms worst  (ranking + filter + sort, no waiting)\n",
           ms (sum_cpu / n_edits), ms (max_cpu));
  g_print ("  edit: set_score -> next frame     %6.2f ms mean, %.2f ms worst  (one frame: 16.7 ms)\n",
           ms (sum_paint / n_edits), ms (max_paint));
  g_print ("  edit: main-thread CPU to that frame %5.2f ms mean, %.2f ms worst  (edit, layout and paint)\n",
           ms (sum_frame_cpu / n_edits), ms (max_frame_cpu));

  {
    g_autofree char *dir = g_path_get_dirname (path);
    g_autofree char *backup = g_strconcat (path, "~", NULL);

    gtk_window_destroy (GTK_WINDOW (window));
    g_unlink (backup);
    g_unlink (path);
    g_rmdir (dir);
  }
  return 0;
}
