/* bench-data.c — the benchmarks' generated assessment
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "bench-data.h"
#include "xp-decimal.h"

#define SEED 20260315

XpCriteria *
bench_criteria_new (const BenchShape *shape)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  XpCriteria *criteria;

  g_string_append (s,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<criteria xmlns=\"urn:xingping:criteria:1\" id=\"bench\" version=\"1\""
    " scale=\"100\" precision=\"2\">\n"
    "  <title>基准测试标准</title>\n"
    "  <categories>\n"
    "    <category id=\"standalone\"><label>单独建</label></category>\n");
  if (shape->two_categories)
    g_string_append (s, "    <category id=\"joint\"><label>联合建</label></category>\n");
  g_string_append (s, "  </categories>\n");
  for (int d = 1; d <= BENCH_N_DIMENSIONS; d++)
    {
      g_string_append_printf (s, "  <dimension id=\"D%d\">\n    <label>维度%d</label>\n", d, d);
      for (int i = 1; i <= BENCH_N_ITEMS_PER_DIMENSION; i++)
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
  bytes = g_bytes_new_take (s->str, s->len);
  g_string_free (s, FALSE);
  criteria = xp_criteria_new_from_bytes (bytes, "bench criteria", &error);
  if (criteria == NULL)
    g_error ("bench criteria: %s", error->message);
  return criteria;
}

XpProject *
bench_project_new (XpCriteria       *criteria,
                   const BenchShape *shape,
                   int               n_branches,
                   int               n_evaluators)
{
  XpProject *project = xp_project_new (criteria);
  g_autoptr(GRand) rand = g_rand_new_with_seed (SEED);
  g_autoptr(GError) error = NULL;
  char item_ids[BENCH_N_DIMENSIONS * BENCH_N_ITEMS_PER_DIMENSION][16];
  g_auto(GStrv) eval_ids = g_new0 (char *, n_evaluators + 1);
  int n = 0;

  xp_project_set_title (project, "基准测试");
  for (int d = 1; d <= BENCH_N_DIMENSIONS; d++)
    for (int i = 1; i <= BENCH_N_ITEMS_PER_DIMENSION; i++)
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
      g_autofree char *name = g_strdup_printf (shape->long_names && b % 7 == 0
                                               ? "中共西安高新区第%d号智能装备制造股份有限公司第一联合党支部委员会"
                                               : "第%d号企业党支部", b + 1);
      g_autofree char *ent = g_strdup_printf ("第%d号科技有限公司", b + 1);
      g_autoptr(XpBranch) branch = xp_branch_new (id);
      /* a branch's level: most between 60 % and 95 % of the max */
      double quality = 0.55 + 0.4 * g_rand_double (rand);

      xp_branch_set_name (branch, name);
      xp_branch_set_enterprise (branch, ent);
      xp_branch_set_category (branch, shape->two_categories && b % 5 == 4 ? "joint" : "standalone");
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
  return project;
}
