/* bench-report.c — how long a big ranking report takes to lay out and
 * write as PDF, and what it costs in memory.
 *
 * Generates in memory (bench-rank's generator: 5 dimensions × 6 items,
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

#define N_DIMENSIONS 5
#define N_ITEMS_PER_DIMENSION 6
#define SEED 20260315

static char *
make_criteria_xml (void)
{
  GString *s = g_string_new (NULL);

  g_string_append (s,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<criteria xmlns=\"urn:xingping:criteria:1\" id=\"bench\" version=\"1\""
    " scale=\"100\" precision=\"2\">\n"
    "  <title>基准测试标准</title>\n"
    "  <categories>\n"
    "    <category id=\"standalone\"><label>单独建</label></category>\n"
    "    <category id=\"joint\"><label>联合建</label></category>\n"
    "  </categories>\n");
  for (int d = 1; d <= N_DIMENSIONS; d++)
    {
      g_string_append_printf (s, "  <dimension id=\"D%d\">\n    <label>维度%d</label>\n", d, d);
      for (int i = 1; i <= N_ITEMS_PER_DIMENSION; i++)
        g_string_append_printf (s,
          "    <item id=\"D%d.%d\" max=\"5\" step=\"0.5\"><label>指标%d.%d</label></item>\n",
          d, i, d, i);
      g_string_append (s, "  </dimension>\n");
    }
  g_string_append (s,
    "  <stars>\n"
    "    <star level=\"5\" min=\"90\"/>\n"
    "    <star level=\"4\" min=\"80\"/>\n"
    "    <star level=\"3\" min=\"70\"/>\n"
    "    <star level=\"2\" min=\"60\"/>\n"
    "    <star level=\"1\" min=\"0\"/>\n"
    "  </stars>\n"
    "  <grades>\n"
    "    <grade id=\"advanced\" min-stars=\"5\"><label>先进</label></grade>\n"
    "    <grade id=\"good\" min-stars=\"4\"><label>较好</label></grade>\n"
    "    <grade id=\"average\" min-stars=\"2\"><label>一般</label></grade>\n"
    "    <grade id=\"lagging\" min-stars=\"0\"><label>后进</label></grade>\n"
    "  </grades>\n"
    "  <aggregation method=\"mean\" min-evaluators=\"1\" tie-break=\"D5 D4\"/>\n"
    "  <quota level=\"5\" max-percent=\"10\" mode=\"warn\"/>\n"
    "</criteria>\n");
  return g_string_free (s, FALSE);
}

static XpProject *
make_project (XpCriteria *criteria, int n_branches, int n_evaluators)
{
  XpProject *project = xp_project_new (criteria);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GError) error = NULL;
  char item_ids[N_DIMENSIONS * N_ITEMS_PER_DIMENSION][16];
  char **eval_ids = g_new0 (char *, n_evaluators + 1);
  int n = 0;

  xp_project_set_title (project, "基准测试");
  for (int d = 1; d <= N_DIMENSIONS; d++)
    for (int i = 1; i <= N_ITEMS_PER_DIMENSION; i++)
      g_snprintf (item_ids[n++], sizeof item_ids[0], "D%d.%d", d, i);

  for (int e = 0; e < n_evaluators; e++)
    {
      g_autofree char *name = g_strdup_printf ("评委%d", e + 1);
      g_autoptr(XpEvaluator) ev = NULL;

      eval_ids[e] = g_strdup_printf ("e%d", e + 1);
      ev = xp_evaluator_new (eval_ids[e], name, XP_ROLE_GROUP);
      if (!xp_project_add_evaluator (project, ev, &error))
        g_error ("add evaluator: %s", error->message);
    }

  for (int b = 0; b < n_branches; b++)
    {
      g_autofree char *id = g_strdup_printf ("b%05d", b + 1);
      g_autofree char *name = g_strdup_printf (b % 7 == 0 ? "中共西安高新区第%d号智能装备制造股份有限公司第一联合党支部委员会" : "第%d号企业党支部", b + 1);
      g_autofree char *ent = g_strdup_printf ("第%d号科技有限公司", b + 1);
      g_autoptr(XpBranch) branch = xp_branch_new (id);
      /* a branch's level: most between 60 % and 95 % of the max */
      double quality = 0.55 + 0.4 * g_rand_double (rand);

      xp_branch_set_name (branch, name);
      xp_branch_set_enterprise (branch, ent);
      xp_branch_set_category (branch, b % 5 == 4 ? "joint" : "standalone");
      xp_branch_set_members (branch, 3 + g_rand_int_range (rand, 0, 60));
      if (!xp_project_add_branch (project, branch, &error))
        g_error ("add branch: %s", error->message);

      for (int e = 0; e < n_evaluators; e++)
        for (int i = 0; i < n; i++)
          {
            /* halves from 0 to 10, i.e. 0 to 5 points, around the quality */
            int halves = (int) (10.0 * quality + g_rand_double_range (rand, -2.5, 2.5) + 0.5);
            halves = CLAMP (halves, 0, 10);
            if (!xp_project_set_score (project, id, eval_ids[e], item_ids[i],
                                       (XpDec) halves * (XP_DEC (1) / 2), &error))
              g_error ("set score: %s", error->message);
          }
    }
  g_strfreev (eval_ids);
  return project;
}

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
  g_autoptr(XpProject) project = make_project (criteria, n_branches, n_evaluators);
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
  g_autofree char *xml = make_criteria_xml ();
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
  {
    gsize len = strlen (xml);
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&xml), len);

    criteria = xp_criteria_new_from_bytes (bytes, "bench criteria", &error);
  }
  if (criteria == NULL)
    g_error ("criteria: %s", error->message);
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
