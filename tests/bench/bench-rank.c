/* bench-rank.c — how long a big assessment takes from file to ranked JSON.
 *
 * Generates, in memory (bench-data.c), a criteria scheme of 5 dimensions
 * × 6 items (max 5, step 0.5, one category) and a project of N branches ×
 * M group evaluators with every item scored (pseudo-random, fixed seed:
 * the same project every run), saves it to a temporary file, then times
 * each phase separately:
 *
 *   load   xp_project_new_from_file  (parse + validate, criteria included)
 *   rank   xp_ranking_new            (rules 1–10)
 *   consistency  xp_consistency_new (statistics and leave-one-out,
 *          part of every ranked JSON)
 *   json   xp_consistency_ranking_to_json (the ranked JSON)
 *   (snapshot) xp_project_snapshot (what the window's consistency panel
 *          copies on the main thread before computing in a worker)
 *   (edit)  one xp_project_set_score with the ranking following it: the
 *          branch recomputed, the list re-sorted and re-ranked, the
 *          changed span reported (mean of 100 edits)
 *
 * and prints the file size, the times in ms and the peak RSS (VmHWM): of
 * the whole run, of generating and saving, and of loading alone (Linux:
 * the peak is reset through /proc/self/clear_refs after the save).
 * Target (issue 2): load + rank + json well under 1 s for 5,000 × 7 × 30
 * on a 2-core machine.
 *
 *   bench-rank [--branches N] [--evaluators N] [--keep]
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "xp-consistency.h"
#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "bench-data.h"

static const BenchShape shape = { FALSE, FALSE };   /* one category, short names */

static double
peak_rss_mb (void)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, "VmHWM:");
  if (p == NULL)
    return -1;
  return g_ascii_strtod (p + 6, NULL) / 1024.0;
}

/* Starts a new VmHWM from the current RSS (Linux 4.0+); FALSE if not. */
static gboolean
reset_peak_rss (void)
{
  FILE *f;
  gboolean ok;

#ifdef __GLIBC__
  malloc_trim (0);   /* what the generated project freed goes back */
#endif
  f = fopen ("/proc/self/clear_refs", "w");
  if (f == NULL)
    return FALSE;
  ok = fputs ("5", f) >= 0;
  return fclose (f) == 0 && ok;
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int argc, char **argv)
{
  int n_branches = 5000, n_evaluators = 7;
  gboolean keep = FALSE;
  GOptionEntry entries[] = {
    { "branches", 'b', 0, G_OPTION_ARG_INT, &n_branches, "Number of branches (5000)", "N" },
    { "evaluators", 'e', 0, G_OPTION_ARG_INT, &n_evaluators, "Group evaluators (7)", "N" },
    { "keep", 'k', 0, G_OPTION_ARG_NONE, &keep, "Keep the generated project file", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new ("— time loading, ranking and exporting a large project");
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) generated = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpConsistency) consistency = NULL;
  g_autoptr(GDateTime) when = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  GStatBuf st;
  gint64 t0, t_total;
  double t_gen, t_save, t_load, t_rank, t_consistency, t_json, t_snapshot, t_edit;
  double rss_save, rss_load = -1, rss_rest;
  gboolean peak_reset;

  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("bench-rank: %s\n", error->message);
      return 2;
    }
  if (n_branches < 1 || n_evaluators < 1)
    {
      g_printerr ("bench-rank: --branches and --evaluators must be at least 1\n");
      return 2;
    }

  t0 = g_get_monotonic_time ();
  criteria = bench_criteria_new (&shape);
  generated = bench_project_new (criteria, &shape, n_branches, n_evaluators);
  t_gen = ms_since (t0);

  dir = g_dir_make_tmp ("xingping-bench-XXXXXX", &error);
  if (dir == NULL)
    g_error ("temp dir: %s", error->message);
  path = g_build_filename (dir, "bench.xingping", NULL);
  t0 = g_get_monotonic_time ();
  if (!xp_project_save_to_file (generated, path, &error))
    g_error ("save: %s", error->message);
  t_save = ms_since (t0);
  g_clear_object (&generated);
  g_clear_object (&criteria);
  rss_save = peak_rss_mb ();
  peak_reset = reset_peak_rss ();

  t_total = g_get_monotonic_time ();
  t0 = t_total;
  project = xp_project_new_from_file (path, &error);
  if (project == NULL)
    g_error ("load: %s", error->message);
  t_load = ms_since (t0);
  if (peak_reset)
    rss_load = peak_rss_mb ();

  t0 = g_get_monotonic_time ();
  ranking = xp_ranking_new (project);
  t_rank = ms_since (t0);

  when = g_date_time_new_utc (2026, 1, 1, 0, 0, 0);
  t0 = g_get_monotonic_time ();
  consistency = xp_consistency_new (ranking, XP_DEC_NONE);
  t_consistency = ms_since (t0);

  t0 = g_get_monotonic_time ();
  json = xp_consistency_ranking_to_json (consistency, when);
  t_json = ms_since (t0);

  t0 = g_get_monotonic_time ();
  {
    g_autoptr(XpProject) snapshot = xp_project_snapshot (project);

    t_snapshot = ms_since (t0);
  }

  t0 = g_get_monotonic_time ();
  for (int i = 0; i < 100; i++)
    {
      g_autofree char *branch = g_strdup_printf ("b%05d", 1 + (i * 997) % n_branches);

      if (!xp_project_set_score (project, branch, "e1", "D1.1", i % 2 ? XP_DEC (5) : 0, &error))
        g_error ("set score: %s", error->message);
    }
  t_edit = ms_since (t0) / 100;

  if (g_stat (path, &st) != 0)
    st.st_size = 0;

  g_print ("bench-rank: %d branches x %d evaluators x %d items (%d scores)\n",
           n_branches, n_evaluators, BENCH_N_DIMENSIONS * BENCH_N_ITEMS_PER_DIMENSION,
           n_branches * n_evaluators * BENCH_N_DIMENSIONS * BENCH_N_ITEMS_PER_DIMENSION);
  g_print ("  project file     %10.1f MB\n", st.st_size / (1024.0 * 1024.0));
  g_print ("  ranked JSON      %10.1f MB\n", strlen (json) / (1024.0 * 1024.0));
  g_print ("  complete         %10u branches\n", xp_ranking_get_n_complete (ranking));
  g_print ("  (generate        %10.1f ms)\n", t_gen);
  g_print ("  (save            %10.1f ms)\n", t_save);
  g_print ("  load             %10.1f ms\n", t_load);
  g_print ("  rank             %10.1f ms\n", t_rank);
  g_print ("  consistency      %10.1f ms\n", t_consistency);
  g_print ("  json             %10.1f ms\n", t_json);
  g_print ("  total            %10.1f ms  (load + rank + consistency + json)\n",
           t_load + t_rank + t_consistency + t_json);
  g_print ("  (snapshot        %10.1f ms)\n", t_snapshot);
  g_print ("  (edit + re-rank  %10.2f ms)\n", t_edit);
  rss_rest = peak_rss_mb ();
  g_print ("  peak RSS         %10.1f MB\n", MAX (rss_save, rss_rest));
  g_print ("  (generate + save %10.1f MB)\n", rss_save);
  if (peak_reset)
    g_print ("  (load            %10.1f MB)\n", rss_load);

  if (keep)
    g_print ("  kept             %s\n", path);
  else
    {
      g_autofree char *backup = g_strconcat (path, "~", NULL);
      g_unlink (backup);
      g_unlink (path);
      g_rmdir (dir);
    }
  return 0;
}
