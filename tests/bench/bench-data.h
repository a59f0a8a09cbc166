/* bench-data.h — the benchmarks' generated assessment
 *
 * A criteria scheme of 5 dimensions × 6 items (max 5, step 0.5, scale
 * 100, stars at 90/80/70/60, a warned 10 % five-star quota) and a project
 * of N branches × M group evaluators with every item scored around a
 * per-branch level, from a fixed seed: the same project every run.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-criteria.h"
#include "xp-project.h"

G_BEGIN_DECLS

#define BENCH_N_DIMENSIONS          5
#define BENCH_N_ITEMS_PER_DIMENSION 6

typedef struct {
  /* every fifth branch 联合建 ("joint"), the rest 单独建 */
  gboolean two_categories;
  /* every seventh branch named long enough to wrap in a table */
  gboolean long_names;
} BenchShape;

XpCriteria *bench_criteria_new  (const BenchShape *shape);
XpProject  *bench_project_new   (XpCriteria       *criteria,
                                 const BenchShape *shape,
                                 int               n_branches,
                                 int               n_evaluators);

G_END_DECLS
