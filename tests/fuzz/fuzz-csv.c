/* fuzz-csv.c — libFuzzer target: the branch-list CSV importer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

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

  /* The same bytes as a score sheet, against a project with branches
   * and evaluators (ids and names to match), with every error message
   * formatted. */
  {
    g_autoptr(XpProject) scored = xp_project_new (criteria);
    g_autoptr(XpEvaluator) e1 = xp_evaluator_new ("e1", "王建国", XP_ROLE_GROUP);
    g_autoptr(XpCsvPreview) preview = NULL;
    g_autofree char *errors = NULL;
    const char *list = "id,name,category\nb001,甲,standalone\nb002,乙,joint\n";

    g_assert_true (xp_project_add_evaluator (scored, e1, NULL));
    g_assert_true (xp_csv_import_branches (scored, list, strlen (list), "list.csv", NULL));
    preview = xp_csv_preview_new (scored, XP_CSV_SCORES, (const char *) data, size, "fuzz.csv", XP_CSV_REPLACE_SCORES);
    errors = xp_csv_preview_format_errors (preview);
    g_assert_true ((errors == NULL) == (xp_csv_preview_get_n_errors (preview) == 0));
    xp_csv_preview_apply (preview, scored, NULL, NULL);
  }
  return 0;
}
