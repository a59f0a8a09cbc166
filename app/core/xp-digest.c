/* xp-digest.c — the canonical digest of a project's data
 *
 * See xp-digest.h for the exact serialisation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-digest"

#include "config.h"

#include <string.h>

#include "xp-decimal.h"
#include "xp-digest.h"

static void
append_field (GString    *out,
              const char *text)
{
  g_string_append_c (out, '\t');
  if (text == NULL)
    return;
  for (const char *p = text; *p; p++)
    switch (*p)
      {
      case '\\': g_string_append (out, "\\\\"); break;
      case '\t': g_string_append (out, "\\t"); break;
      case '\n': g_string_append (out, "\\n"); break;
      case '\r': g_string_append (out, "\\r"); break;
      default:   g_string_append_c (out, *p); break;
      }
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static int
compare_branches (gconstpointer a,
                  gconstpointer b)
{
  return strcmp (xp_branch_get_id (*(XpBranch * const *) a),
                 xp_branch_get_id (*(XpBranch * const *) b));
}

static int
compare_evaluators (gconstpointer a,
                    gconstpointer b)
{
  return strcmp (xp_evaluator_get_id (*(XpEvaluator * const *) a),
                 xp_evaluator_get_id (*(XpEvaluator * const *) b));
}

static GPtrArray *
sorted_items (GListModel       *model,
              GCompareFunc      compare)
{
  GPtrArray *array = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (model, i));
  g_ptr_array_sort (array, compare);
  return array;
}

char *
xp_project_canonical_text (XpProject *project)
{
  XpCriteria *criteria;
  g_autoptr(GPtrArray) branches = NULL;
  g_autoptr(GPtrArray) evaluators = NULL;
  g_autoptr(GPtrArray) scores = NULL;
  GString *out;
  guint n_items;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  criteria = xp_project_get_criteria (project);
  branches = sorted_items (xp_project_get_branches (project), compare_branches);
  evaluators = sorted_items (xp_project_get_evaluators (project), compare_evaluators);
  scores = g_ptr_array_new_with_free_func (g_free);
  n_items = xp_criteria_get_n_items (criteria);

  out = g_string_new ("xingping-digest");
  g_string_append_printf (out, "\t%d\n", XP_DIGEST_VERSION);
  g_string_append (out, "criteria");
  append_field (out, xp_criteria_get_sha256 (criteria));
  g_string_append_c (out, '\n');

  for (guint b = 0; b < branches->len; b++)
    {
      XpBranch *branch = g_ptr_array_index (branches, b);
      const char *id = xp_branch_get_id (branch);
      const char * const *vetoes = xp_branch_get_vetoes (branch);
      g_autoptr(GPtrArray) sorted = g_ptr_array_new ();
      int members = xp_branch_get_members (branch);

      g_string_append (out, "branch");
      append_field (out, id);
      append_field (out, xp_branch_get_name (branch));
      append_field (out, xp_branch_get_enterprise (branch));
      append_field (out, xp_branch_get_category (branch));
      g_string_append_c (out, '\t');
      if (members >= 0)
        g_string_append_printf (out, "%d", members);
      g_string_append_c (out, '\n');

      for (guint v = 0; vetoes[v]; v++)
        g_ptr_array_add (sorted, (gpointer) vetoes[v]);
      g_ptr_array_sort (sorted, compare_strings);
      for (guint v = 0; v < sorted->len; v++)
        {
          g_string_append (out, "veto");
          append_field (out, id);
          append_field (out, g_ptr_array_index (sorted, v));
          g_string_append_c (out, '\n');
        }

      for (guint e = 0; e < evaluators->len; e++)
        {
          const char *evaluator_id = xp_evaluator_get_id (g_ptr_array_index (evaluators, e));

          for (guint i = 0; i < n_items; i++)
            {
              const char *item_id = xp_item_get_id (xp_criteria_get_item (criteria, i));
              XpDec value = xp_project_get_score (project, id, evaluator_id, item_id);
              char buf[XP_DEC_BUF_SIZE];
              GString *line;

              if (value == XP_DEC_NONE)
                continue;
              line = g_string_new ("score");
              append_field (line, id);
              append_field (line, evaluator_id);
              append_field (line, item_id);
              append_field (line, xp_dec_to_buf (value, buf));
              g_ptr_array_add (scores, g_string_free (line, FALSE));
            }
        }
    }

  g_ptr_array_sort (scores, compare_strings);
  for (guint s = 0; s < scores->len; s++)
    {
      g_string_append (out, g_ptr_array_index (scores, s));
      g_string_append_c (out, '\n');
    }

  for (guint e = 0; e < evaluators->len; e++)
    {
      XpEvaluator *evaluator = g_ptr_array_index (evaluators, e);

      g_string_append (out, "evaluator");
      append_field (out, xp_evaluator_get_id (evaluator));
      append_field (out, xp_evaluator_get_name (evaluator));
      append_field (out, xp_role_to_string (xp_evaluator_get_role (evaluator)));
      g_string_append_c (out, '\n');
    }

  return g_string_free (out, FALSE);
}

char *
xp_project_compute_digest (XpProject *project)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  text = xp_project_canonical_text (project);
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
}
