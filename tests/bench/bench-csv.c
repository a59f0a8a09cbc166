/* bench-csv.c — how long spreadsheets take: CSV import and export at size.
 *
 * With the default criteria: a GB18030 branch list of N branches (Chinese
 * headers and labels), then a score sheet of N branches × 2 evaluators ×
 * 17 items, both read (preview) and applied; the score import with a
 * ranking attached whose handlers are held back as the GUI does, then one
 * xp_ranking_update; then the ranking written as CSV and XLSX.  Prints
 * each phase in ms and the peak RSS (VmHWM).
 *
 *   bench-csv [--branches N]
 */

#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "xp-csv.h"
#include "xp-export.h"
#include "xp-ranking.h"

static gint64 t0;

static void
lap (const char *what)
{
  gint64 now = g_get_monotonic_time ();

  g_print ("  %-40s %8.1f ms\n", what, (now - t0) / 1000.0);
  t0 = now;
}

static void
print_peak_rss (void)
{
  g_autofree char *status = NULL;

  if (g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    {
      const char *p = strstr (status, "VmHWM:");

      if (p != NULL)
        g_print ("  peak RSS: %.*s\n", (int) strcspn (p + 6, "\n"), p + 6);
    }
}

int
main (int argc, char **argv)
{
  static const char *const cats[] = { "单独建", "联合建", "挂靠建" };
  static const char *const items[] = { "D1.1", "D1.2", "D1.3", "D2.1", "D2.2", "D2.3", "D2.4", "D3.1", "D3.2",
                                       "D3.3", "D3.4", "D4.2", "D4.3", "D5.1", "D5.2", "D5.3", "D5.4" };
  int n_branches = 5000;
  GOptionEntry entries[] = {
    { "branches", 0, 0, G_OPTION_ARG_INT, &n_branches, "Number of branches", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *criteria_path = NULL;
  g_autofree char *gbk = NULL;
  g_autofree char *dir = NULL, *csv_path = NULL, *xlsx_path = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(GString) list = g_string_new ("名称,企业,组建方式,党员数,成立时间,上年星级\r\n");
  g_autoptr(GString) scores = g_string_new ("支部,考评人,指标,得分\n");
  g_autoptr(XpEvaluator) e1 = xp_evaluator_new ("e1", "王建国", XP_ROLE_GROUP);
  g_autoptr(XpEvaluator) e2 = xp_evaluator_new ("e2", "李秀梅", XP_ROLE_GROUP);
  gsize gbk_len;
  guint changed;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  criteria_path = g_build_filename (g_getenv ("XINGPING_DATADIR") ? g_getenv ("XINGPING_DATADIR") : "data",
                                    "criteria", "default.xml", NULL);
  criteria = xp_criteria_new_from_file (criteria_path, &error);
  g_assert_no_error (error);
  project = xp_project_new (criteria);
  g_assert_true (xp_project_add_evaluator (project, e1, NULL));
  g_assert_true (xp_project_add_evaluator (project, e2, NULL));

  for (int i = 0; i < n_branches; i++)
    g_string_append_printf (list, "第%d党支部,企业%d有限公司,%s,%d,2019年%d月,%d星\r\n",
                            i + 1, i + 1, cats[i % 3], i % 90 + 3, i % 12 + 1, i % 6);
  gbk = g_convert (list->str, list->len, "GB18030", "UTF-8", NULL, &gbk_len, NULL);
  for (int b = 1; b <= n_branches; b++)
    for (int e = 1; e <= 2; e++)
      for (guint i = 0; i < G_N_ELEMENTS (items); i++)
        g_string_append_printf (scores, "b%03d,e%d,%s,%d\n", b, e, items[i], (b + e + (int) i) % 3 + 1);

  g_print ("bench-csv: %d branches (%zu bytes GB18030), %u score rows (%zu bytes)\n",
           n_branches, gbk_len, (guint) (n_branches * 2 * G_N_ELEMENTS (items)), scores->len);
  t0 = g_get_monotonic_time ();
  preview = xp_csv_preview_new (project, XP_CSV_BRANCHES, gbk, gbk_len, "list.csv", 0);
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 0);
  lap ("branch list: read (preview)");
  g_assert_true (xp_csv_preview_apply (preview, project, &changed, &error));
  lap ("branch list: apply");

  ranking = xp_ranking_new (project);
  t0 = g_get_monotonic_time ();
  g_clear_object (&preview);
  preview = xp_csv_preview_new (project, XP_CSV_SCORES, scores->str, scores->len, "scores.csv", 0);
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 0);
  lap ("scores: read (preview, checks on a copy)");
  g_signal_handlers_block_matched (project, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  g_assert_true (xp_csv_preview_apply (preview, project, &changed, &error));
  g_signal_handlers_unblock_matched (project, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, ranking);
  lap ("scores: apply");
  xp_ranking_update (ranking);
  lap ("ranking: update once");

  dir = g_dir_make_tmp ("xp-bench-csv-XXXXXX", NULL);
  csv_path = g_build_filename (dir, "ranking.csv", NULL);
  xlsx_path = g_build_filename (dir, "ranking.xlsx", NULL);
  g_assert_true (xp_export_write_csv (ranking, csv_path, &error));
  lap ("export: CSV");
  if (xp_export_has_xlsx ())
    {
      g_assert_true (xp_export_write_xlsx (ranking, xlsx_path, &error));
      lap ("export: XLSX (2 sheets)");
    }
  g_unlink (csv_path);
  g_unlink (xlsx_path);
  g_rmdir (dir);
  print_peak_rss ();
  return 0;
}
