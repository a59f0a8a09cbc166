/* bench-report.c — how long a big ranking report takes to lay out and
 * write as PDF, and what it costs in memory.
 *
 * Generates in memory (bench-data.c: 5 dimensions × 6 items,
 * fixed seed; two categories, every seventh name long enough to wrap)
 * projects of 100 and N (1,000) branches × M evaluators, ranks them and
 * writes the 排名表 (or --kind) as PDF, timing the write.  For each size
 * it prints the pages, the wall and CPU seconds, the RSS before the
 * report, the peak RSS while writing it (sampled by a thread) and the
 * growth per page.  A 10-branch report goes first, to load the fonts.  The report keeps a
 * copy of the table's text (the data) and lays out one page at a time,
 * so the growth follows the rows, not the pages drawn.
 *
 *   bench-report [--branches N] [--evaluators N] [--kind KIND]
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "xp-report.h"
#include "bench-data.h"

/* two categories, every seventh name long enough to wrap */
static const BenchShape shape = { TRUE, TRUE };

static double
status_mb (const char *field)
{
  g_autofree char *status = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  p = strstr (status, field);
  if (p == NULL)
    return -1;
  return g_ascii_strtod (p + strlen (field), NULL) / 1024.0;
}

/* The peak RSS while writing: a thread samples VmRSS every 2 ms (VmHWM
 * cannot be reset in every container). */
typedef struct {
  gint   stop;
  double peak;
} Sampler;

static gpointer
sample_rss (gpointer data)
{
  Sampler *sampler = data;

  while (!g_atomic_int_get (&sampler->stop))
    {
      sampler->peak = MAX (sampler->peak, status_mb ("VmRSS:"));
      g_usleep (2000);
    }
  return NULL;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
measure (XpCriteria   *criteria,
         int           n_branches,
         int           n_evaluators,
         XpReportKind  kind,
         const char   *dir)
{
  g_autoptr(XpProject) project = bench_project_new (criteria, &shape, n_branches, n_evaluators);
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(XpReport) report = xp_report_new (ranking, kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_strdup_printf ("%s/report-%d.pdf", dir, n_branches);
  Sampler sampler = { 0, 0 };
  GThread *thread;
  double before, secs, cpu;
  gint64 start;
  GStatBuf st;
  guint pages;

  before = status_mb ("VmRSS:");
  sampler.peak = before;
  thread = g_thread_new ("rss", sample_rss, &sampler);
  start = g_get_monotonic_time ();
  cpu = cpu_seconds ();
  if (!xp_report_write_pdf (report, pdf, &error))
    g_error ("write: %s", error->message);
  cpu = cpu_seconds () - cpu;
  secs = (g_get_monotonic_time () - start) / 1e6;
  g_atomic_int_set (&sampler.stop, 1);
  g_thread_join (thread);
  pages = xp_report_get_n_pages (report);
  if (g_stat (pdf, &st) != 0)
    st.st_size = 0;
  printf ("%5d branches: %4u pages in %5.2f s (CPU %5.2f s, %4.1f ms/page), PDF %5.0f KiB; "
          "RSS %5.1f MiB before, peak %5.1f MiB while writing (+%4.1f MiB, %5.1f KiB/page)\n",
          n_branches, pages, secs, cpu, 1000 * cpu / pages, st.st_size / 1024.0,
          before, sampler.peak, sampler.peak - before, 1024 * (sampler.peak - before) / pages);
  fflush (stdout);
  g_unlink (pdf);
}

int
main (int argc, char **argv)
{
  int n_branches = 1000, n_evaluators = 7;
  g_autofree char *kind_text = NULL;
  XpReportKind kind = XP_REPORT_RANKING;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = g_option_context_new ("— time the printed reports");
  g_autoptr(XpCriteria) criteria = NULL;
  g_autofree char *dir = NULL;
  GOptionEntry entries[] = {
    { "branches", 'b', 0, G_OPTION_ARG_INT, &n_branches, "Number of branches (1000)", "N" },
    { "evaluators", 'e', 0, G_OPTION_ARG_INT, &n_evaluators, "Group evaluators (7)", "N" },
    { "kind", 'k', 0, G_OPTION_ARG_STRING, &kind_text, "ranking (default), stars, sheets or blank", "KIND" },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (kind_text != NULL && !xp_report_kind_from_string (kind_text, &kind))
    {
      g_printerr ("unknown --kind %s\n", kind_text);
      return 2;
    }
  if (n_branches < 1 || n_evaluators < 1)
    {
      g_printerr ("--branches and --evaluators must be at least 1\n");
      return 2;
    }
  criteria = bench_criteria_new (&shape);
  dir = g_dir_make_tmp ("bench-report-XXXXXX", &error);
  if (dir == NULL)
    g_error ("%s", error->message);

  printf ("bench-report: %s, %d evaluators, A4\n", kind_text ? kind_text : "ranking", n_evaluators);
  /* Fonts and fontconfig's caches load on the first report: not the
   * report's own cost, so a small one goes first. */
  measure (criteria, 10, n_evaluators, kind, dir);
  if (n_branches > 100)
    measure (criteria, 100, n_evaluators, kind, dir);
  measure (criteria, n_branches, n_evaluators, kind, dir);
  printf ("peak RSS of the whole run: %.1f MiB\n", status_mb ("VmHWM:"));
  g_rmdir (dir);
  return 0;
}
