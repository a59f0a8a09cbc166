/* fuzz-merge.c — libFuzzer target: merging a fuzzed project into a fixed
 * master (tests/fuzz/merge-seeds/master.xingping)
 *
 * For every input that loads as a project: plan the merge, resolve the
 * conflicts (keep mine or take theirs, chosen by the input's first
 * byte), apply to a fresh copy of the master, and check that the master
 * then holds exactly what the plan said and still saves to a file that
 * loads.  A refused file (other scheme) or a blocked merge (identity
 * conflict, unresolved conflict) must leave the master unchanged.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "xp-merge.h"
#include "xp-project.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static GBytes *
master_bytes (void)
{
  static GBytes *bytes;

  if (bytes == NULL)
    {
      g_autoptr(GError) error = NULL;
      char *contents = NULL;
      gsize length = 0;

      if (!g_file_get_contents (XP_FUZZ_MERGE_MASTER, &contents, &length, &error))
        g_error ("%s", error->message);
      bytes = g_bytes_new_take (contents, length);
    }
  return bytes;
}

static char *
saved_text (XpProject *project)
{
  g_autoptr(GBytes) bytes = xp_project_to_bytes (project);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, size);
  g_autoptr(XpProject) incoming = NULL;
  g_autoptr(XpProject) master = NULL;
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  gboolean take_theirs = size > 0 && (data[0] & 1);
  GPtrArray *changes;

  incoming = xp_project_new_from_bytes (bytes, "fuzz.xingping", &error);
  if (incoming == NULL)
    {
      g_assert_nonnull (error);
      return 0;
    }

  master = xp_project_new_from_bytes (master_bytes (), "master.xingping", &error);
  g_assert_no_error (error);
  before = saved_text (master);

  merge = xp_merge_new (master);
  if (!xp_merge_add_source (merge, incoming, "fuzz.xingping", NULL, &error))
    {
      g_autofree char *after = saved_text (master);

      g_assert_nonnull (error);
      g_assert_cmpstr (after, ==, before);
      return 0;
    }
  xp_merge_resolve_all (merge, take_theirs);

  if (!xp_merge_apply (merge, &error))
    {
      g_autofree char *after = saved_text (master);

      g_assert_nonnull (error);
      g_assert_true (xp_merge_get_identity_conflicts (merge)->len > 0 ||
                     xp_merge_count_unresolved (merge) > 0);
      g_assert_cmpstr (after, ==, before);
      return 0;
    }

  /* The master holds what the plan said. */
  changes = xp_merge_get_changes (merge);
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);
      const char *note = NULL;
      XpDec value = xp_merge_change_get_result (change, &note);

      g_assert_cmpint (xp_project_get_score (master, change->branch_id, change->evaluator_id, change->item_id), ==, value);
      g_assert_cmpstr (xp_project_get_note (master, change->branch_id, change->evaluator_id, change->item_id), ==, note);
      /* A score is never removed by a merge. */
      g_assert_true (change->mine.value == XP_DEC_NONE || value != XP_DEC_NONE);
    }

  /* What merged saves to something that loads, and merging the same
   * file again adds nothing. */
  {
    g_autoptr(GBytes) saved = xp_project_to_bytes (master);
    g_autoptr(XpProject) again = xp_project_new_from_bytes (saved, "merged", &error);
    g_autoptr(XpMerge) second = NULL;
    XpMergeSummary summary;

    g_assert_no_error (error);
    second = xp_merge_new (again);
    g_assert_true (xp_merge_add_source (second, incoming, "fuzz.xingping", NULL, &error));
    xp_merge_get_summary (second, &summary);
    g_assert_cmpuint (summary.scores_added, ==, 0);
    g_assert_cmpuint (summary.branches_added, ==, 0);
    g_assert_cmpuint (summary.evaluators_added, ==, 0);
  }
  return 0;
}
