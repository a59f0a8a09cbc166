/* fuzz-csv.c — libFuzzer target: the branch-list CSV importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "xp-csv.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static XpCriteria *criteria;

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(XpProject) project = NULL;
  g_autoptr(GError) error = NULL;
  guint before;

  if (criteria == NULL)
    {
      criteria = xp_criteria_new_from_file (XP_SOURCE_DATADIR "/criteria/default.xml", &error);
      g_assert_no_error (error);
    }

  project = xp_project_new (criteria);
  if (!xp_csv_import_branches (project, (const char *) data, size, "fuzz.csv", &error))
    {
      /* All or nothing: a refused file adds no branch. */
      before = g_list_model_get_n_items (xp_project_get_branches (project));
      g_assert_cmpuint (before, ==, 0);
    }
  return 0;
}
