/* test-merge.c — merging evaluators' files into the master (issue 5,
 * "Merge")
 *
 * The fixture is the bundled sample: six evaluators' complete sheets for
 * 32 branches, with notes.  The "master" is the sample with the sheets of
 * e1, e2 and e3 emptied; each evaluator's file is the master with that
 * evaluator's sheets entered again, as if they had scored their copy on
 * their own laptop.  Merging the three must give back the sample.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-merge.h"
#include "xp-project.h"
#include "xp-ranking.h"

static const char *evaluators_offline[] = { "e1", "e2", "e3" };

static XpProject *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples",
                                                 "sample.xingping", NULL);
  g_autoptr(GError) error = NULL;
  XpProject *project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (project);
  return project;
}

/* A separate copy, as an evaluator gets it: saved and loaded again. */
static XpProject *
copy_project (XpProject *project)
{
  g_autoptr(GBytes) bytes = xp_project_to_bytes (project);
  g_autoptr(GError) error = NULL;
  XpProject *copy = xp_project_new_from_bytes (bytes, "copy.xingping", &error);

  g_assert_no_error (error);
  return copy;
}

/* Ticks at (branch, evaluator, item) the deductions @from has there
 * (NULL: none). */
static void
set_deductions (XpProject  *project,
                const char *branch_id,
                const char *evaluator_id,
                const char *item_id,
                XpProject  *from)
{
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (project), item_id);

  if (!xp_item_applies_to (item, xp_branch_get_category (xp_project_lookup_branch (project, branch_id))))
    return;
  for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
    {
      g_autofree char *key = xp_item_dup_deduction_key (item, d);
      guint count = from ? xp_project_get_deduction_count (from, branch_id, evaluator_id, item_id, key) : 0;
      g_autoptr(GError) error = NULL;

      if (count != xp_project_get_deduction_count (project, branch_id, evaluator_id, item_id, key))
        {
          g_assert_true (xp_project_set_deduction_count (project, branch_id, evaluator_id, item_id, key, count, &error));
          g_assert_no_error (error);
        }
    }
}

/* Every note and ticked deduction, one line each: what the digest leaves out. */
static char *
annotations_text (XpProject *project)
{
  GString *text = g_string_new (NULL);
  GListModel *branches = xp_project_get_branches (project);
  GListModel *evaluators = xp_project_get_evaluators (project);
  XpCriteria *criteria = xp_project_get_criteria (project);

  for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);
      const char *branch_id = xp_branch_get_id (branch);

      for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
        {
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);
          const char *evaluator_id = xp_evaluator_get_id (evaluator);

          for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
            {
              XpItem *item = xp_criteria_get_item (criteria, i);
              const char *item_id = xp_item_get_id (item);
              const char *note = xp_project_get_note (project, branch_id, evaluator_id, item_id);

              if (note)
                g_string_append_printf (text, "note %s %s %s %s\n", branch_id, evaluator_id, item_id, note);
              if (!xp_item_applies_to (item, xp_branch_get_category (branch)))
                continue;
              for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
                {
                  g_autofree char *key = xp_item_dup_deduction_key (item, d);
                  guint count = xp_project_get_deduction_count (project, branch_id, evaluator_id, item_id, key);

                  if (count)
                    g_string_append_printf (text, "deduction %s %s %s %s %u\n", branch_id, evaluator_id, item_id, key, count);
                }
            }
        }
    }
  return g_string_free (text, FALSE);
}

static void
for_each_item (XpProject  *project,
               const char *evaluator_id,
               void      (*func) (XpProject *, const char *, const char *, const char *, gpointer),
               gpointer    data)
{
  GListModel *branches = xp_project_get_branches (project);
  XpCriteria *criteria = xp_project_get_criteria (project);

  for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);

      for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
        func (project, xp_branch_get_id (branch), evaluator_id,
              xp_item_get_id (xp_criteria_get_item (criteria, i)), data);
    }
}

static void
clear_one (XpProject  *project,
           const char *branch_id,
           const char *evaluator_id,
           const char *item_id,
           gpointer    data)
{
  g_autoptr(GError) error = NULL;

  if (xp_project_get_score (project, branch_id, evaluator_id, item_id) != XP_DEC_NONE)
    {
      g_assert_true (xp_project_set_score (project, branch_id, evaluator_id, item_id, XP_DEC_NONE, &error));
      g_assert_no_error (error);
    }
  xp_project_set_note (project, branch_id, evaluator_id, item_id, NULL);
  set_deductions (project, branch_id, evaluator_id, item_id, NULL);
}

static void
copy_one (XpProject  *project,
          const char *branch_id,
          const char *evaluator_id,
          const char *item_id,
          gpointer    data)
{
  XpProject *from = data;
  XpDec value = xp_project_get_score (from, branch_id, evaluator_id, item_id);
  g_autoptr(GError) error = NULL;

  if (value != XP_DEC_NONE)
    {
      g_assert_true (xp_project_set_score (project, branch_id, evaluator_id, item_id, value, &error));
      g_assert_no_error (error);
    }
  xp_project_set_note (project, branch_id, evaluator_id, item_id,
                       xp_project_get_note (from, branch_id, evaluator_id, item_id));
  set_deductions (project, branch_id, evaluator_id, item_id, from);
}

static guint n_counted;

static void
count_one (XpProject  *project,
           const char *branch_id,
           const char *evaluator_id,
           const char *item_id,
           gpointer    data)
{
  gboolean notes = GPOINTER_TO_INT (data);

  if (notes)
    n_counted += xp_project_get_note (project, branch_id, evaluator_id, item_id) != NULL;
  else
    n_counted += xp_project_get_score (project, branch_id, evaluator_id, item_id) != XP_DEC_NONE;
}

/* The sample without e1–e3's sheets. */
static XpProject *
make_master (XpProject *sample)
{
  XpProject *master = copy_project (sample);

  for (guint k = 0; k < G_N_ELEMENTS (evaluators_offline); k++)
    for_each_item (master, evaluators_offline[k], clear_one, NULL);
  return master;
}

/* The master with one evaluator's sheets entered from the sample. */
static XpProject *
make_evaluator_file (XpProject  *master,
                     XpProject  *sample,
                     const char *evaluator_id)
{
  XpProject *file = copy_project (master);

  /* Entered on the evaluator's own laptop, by them, on their day. */
  xp_project_set_actor (file, xp_evaluator_get_name (xp_project_lookup_evaluator (file, evaluator_id)));
  xp_project_set_now (file, 1795507200 + 86400 * (gint64) (evaluator_id[1] - '0'));
  for_each_item (file, evaluator_id, copy_one, sample);
  return file;
}

static char *
ranked_json (XpProject *project)
{
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 24, 8, 0, 0);

  return xp_ranking_to_json (ranking, when);
}

static char *
project_text (XpProject *project)
{
  g_autoptr(GBytes) bytes = xp_project_to_bytes (project);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static XpMerge *
plan (XpProject  *master,
      XpProject **incoming,
      guint       n)
{
  XpMerge *merge = xp_merge_new (master);

  for (guint k = 0; k < n; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strdup_printf ("in%u.xingping", k + 1);
      guint source = 0;

      g_assert_true (xp_merge_add_source (merge, incoming[k], name, &source, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (source, ==, k + 1);
    }
  return merge;
}

static void
set_score (XpProject  *project,
           const char *branch_id,
           const char *evaluator_id,
           const char *item_id,
           XpDec       value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (xp_project_set_score (project, branch_id, evaluator_id, item_id, value, &error));
  g_assert_no_error (error);
}

/* A score of b001/e4/D1.1 that differs from the sample's but is valid. */
static XpDec
other_value (XpProject  *project,
             const char *branch_id,
             const char *evaluator_id,
             const char *item_id)
{
  XpDec value = xp_project_get_score (project, branch_id, evaluator_id, item_id);
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (project), item_id);

  g_assert_cmpint (value, !=, XP_DEC_NONE);
  return value >= xp_item_get_step (item) ? value - xp_item_get_step (item) : value + xp_item_get_step (item);
}

/* ---------------------------------------------------------------- tests */

/* The sample with a few deductions ticked by the offline evaluators. */
static XpProject *
load_reference (void)
{
  XpProject *sample = load_sample ();
  g_autoptr(GError) error = NULL;

  g_assert_true (xp_project_set_deduction_count (sample, "b001", "e1", "D1.2", "#2", 1, &error));
  g_assert_true (xp_project_set_deduction_count (sample, "b002", "e2", "D1.3", "#2", 2, &error));
  g_assert_true (xp_project_set_deduction_count (sample, "b002", "e2", "D1.3", "#1", 1, &error));
  g_assert_no_error (error);
  return sample;
}

static void
test_three_evaluators (void)
{
  g_autoptr(XpProject) sample = load_reference ();
  g_autoptr(XpProject) master = make_master (sample);
  XpProject *files[3];
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *want_text = NULL, *got_text = NULL;
  g_autofree char *want_digest = NULL, *got_digest = NULL;
  g_autofree char *want_json = NULL, *got_json = NULL;
  g_autofree char *want_bytes = NULL, *got_bytes = NULL;
  g_autofree char *master_digest = xp_project_compute_digest (master);
  guint n_scores = 0, n_notes = 0;
  XpMergeSummary summary;

  for (guint k = 0; k < 3; k++)
    {
      files[k] = make_evaluator_file (master, sample, evaluators_offline[k]);
      n_counted = 0;
      for_each_item (sample, evaluators_offline[k], count_one, GINT_TO_POINTER (FALSE));
      n_scores += n_counted;
      n_counted = 0;
      for_each_item (sample, evaluators_offline[k], count_one, GINT_TO_POINTER (TRUE));
      n_notes += n_counted;
    }
  /* The fixture is what the test says it is: real work to merge, notes too. */
  g_assert_cmpuint (n_scores, >, 1000);
  g_assert_cmpuint (n_notes, >, 0);
  {
    g_autofree char *sample_digest = xp_project_compute_digest (sample);

    g_assert_cmpstr (master_digest, !=, sample_digest);
  }

  merge = plan (master, files, 3);

  /* Planning changes nothing. */
  {
    g_autofree char *planned_digest = xp_project_compute_digest (master);

    g_assert_cmpstr (planned_digest, ==, master_digest);
  }

  xp_merge_get_summary (merge, &summary);
  g_assert_cmpuint (summary.scores_added, ==, n_scores);
  g_assert_cmpuint (summary.notes_added, ==, n_notes);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpuint (summary.branches_added, ==, 0);
  g_assert_cmpuint (summary.evaluators_added, ==, 0);
  g_assert_cmpuint (summary.warnings, ==, 0);
  g_assert_cmpuint (xp_merge_get_identity_conflicts (merge)->len, ==, 0);

  g_assert_true (xp_merge_apply (merge, &error));
  g_assert_no_error (error);

  want_text = xp_project_canonical_text (sample);
  got_text = xp_project_canonical_text (master);
  g_assert_cmpstr (got_text, ==, want_text);
  want_digest = xp_project_compute_digest (sample);
  got_digest = xp_project_compute_digest (master);
  g_assert_cmpstr (got_digest, ==, want_digest);
  want_json = ranked_json (sample);
  got_json = ranked_json (master);
  g_assert_cmpstr (got_json, ==, want_json);
  /* Notes and deductions are not in the digest. */
  want_bytes = annotations_text (sample);
  got_bytes = annotations_text (master);
  g_assert_cmpstr (got_bytes, ==, want_bytes);
  g_assert_nonnull (strstr (got_bytes, "deduction b002 e2 D1.3 #2 2\n"));
  g_assert_nonnull (strstr (got_bytes, "note b013 e1 D3.1 "));
  g_assert_cmpuint (summary.deductions_added, ==, 2);

  /* Each merged score keeps who entered it and when, on their laptop;
   * the master's audit log records the merge (one entry per score). */
  for (guint k = 0; k < 3; k++)
    {
      const char *by = NULL, *want_by = NULL;
      gint64 at = 0, want_at = 0;

      g_assert_true (xp_project_get_score_meta (files[k], "b001", evaluators_offline[k], "D1.1", &want_by, &want_at));
      g_assert_true (xp_project_get_score_meta (master, "b001", evaluators_offline[k], "D1.1", &by, &at));
      g_assert_cmpstr (by, ==, xp_evaluator_get_name (xp_project_lookup_evaluator (master, evaluators_offline[k])));
      g_assert_cmpstr (by, ==, want_by);
      g_assert_cmpint (at, ==, want_at);
      g_assert_cmpint (at, ==, 1795507200 + 86400 * (k + 1));
    }
  {
    GPtrArray *audit = xp_project_list_audit (master, NULL);
    guint n_set = 0;

    for (guint i = 0; i < audit->len; i++)
      n_set += ((const XpAuditEntry *) g_ptr_array_index (audit, i))->action == XP_AUDIT_SET;
    g_assert_cmpuint (n_set, ==, n_scores);
    g_ptr_array_unref (audit);
  }

  for (guint k = 0; k < 3; k++)
    g_object_unref (files[k]);
}

/* The order of the incoming files does not change the result. */
static void
test_order_does_not_matter (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master_a = make_master (sample);
  g_autoptr(XpProject) master_b = copy_project (master_a);
  XpProject *files[3], *reversed[3];
  g_autoptr(XpMerge) a = NULL, b = NULL;
  g_autofree char *text_a = NULL, *text_b = NULL;

  for (guint k = 0; k < 3; k++)
    files[k] = make_evaluator_file (master_a, sample, evaluators_offline[k]);
  for (guint k = 0; k < 3; k++)
    reversed[k] = files[2 - k];
  a = plan (master_a, files, 3);
  b = plan (master_b, reversed, 3);
  g_assert_true (xp_merge_apply (a, NULL));
  g_assert_true (xp_merge_apply (b, NULL));
  text_a = project_text (master_a);
  text_b = project_text (master_b);
  g_assert_cmpstr (text_a, ==, text_b);
  for (guint k = 0; k < 3; k++)
    g_object_unref (files[k]);
}

static gboolean
file_equals (const char *path,
             const char *contents,
             gsize       length)
{
  g_autofree char *now = NULL;
  gsize now_length = 0;

  g_assert_true (g_file_get_contents (path, &now, &now_length, NULL));
  return now_length == length && memcmp (now, contents, length) == 0;
}

/* A conflicting score is reported with both values, notes and sources,
 * and the merge refuses to apply: master and incoming keep their values,
 * in memory and on disk. */
static void
test_conflict_refused (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (sample);
  g_autoptr(XpProject) master = NULL;
  g_autoptr(XpProject) incoming = NULL;
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-merge-XXXXXX", NULL);
  g_autofree char *master_path = g_build_filename (dir, "master.xingping", NULL);
  g_autofree char *in_path = g_build_filename (dir, "in1.xingping", NULL);
  g_autofree char *master_bytes = NULL, *in_bytes = NULL;
  gsize master_len, in_len;
  XpDec mine = xp_project_get_score (sample, "b001", "e4", "D1.1");
  XpDec their = other_value (sample, "b001", "e4", "D1.1");
  g_autofree char *before = NULL, *after = NULL;
  XpMergeChange *change;
  const XpMergeSide *side;

  set_score (theirs, "b001", "e4", "D1.1", their);
  xp_project_set_note (theirs, "b001", "e4", "D1.1", "重新核对台账");
  g_assert_true (xp_project_save_to_file (sample, master_path, &error));
  g_assert_true (xp_project_save_to_file (theirs, in_path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (master_path, &master_bytes, &master_len, NULL));
  g_assert_true (g_file_get_contents (in_path, &in_bytes, &in_len, NULL));

  master = xp_project_new_from_file (master_path, &error);
  g_assert_no_error (error);
  incoming = xp_project_new_from_file (in_path, &error);
  g_assert_no_error (error);
  before = project_text (master);

  merge = plan (master, &incoming, 1);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_CONFLICT), ==, 1);
  g_assert_cmpuint (xp_merge_count_unresolved (merge), ==, 1);
  /* Everything else in the copy is the master's own data. */
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_ADDED), ==, 0);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_IDENTICAL), >, 1000);

  change = xp_merge_lookup_change (merge, "b001", "e4", "D1.1");
  g_assert_nonnull (change);
  g_assert_cmpint (change->kind, ==, XP_MERGE_CONFLICT);
  g_assert_cmpint (change->mine.value, ==, mine);
  g_assert_cmpuint (change->mine.source, ==, 0);
  g_assert_cmpstr (change->mine.note, ==, xp_project_get_note (sample, "b001", "e4", "D1.1"));
  g_assert_cmpuint (change->theirs->len, ==, 1);
  side = g_ptr_array_index (change->theirs, 0);
  g_assert_cmpuint (side->source, ==, 1);
  g_assert_cmpint (side->value, ==, their);
  g_assert_cmpstr (side->note, ==, "重新核对台账");
  g_assert_cmpstr (xp_merge_get_source_name (merge, side->source), ==, "in1.xingping");
  g_assert_cmpuint (xp_merge_change_get_theirs (change), ==, 1);

  g_assert_false (xp_merge_apply (merge, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_CONFLICT);
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpint (xp_project_get_score (master, "b001", "e4", "D1.1"), ==, mine);
  g_assert_cmpint (xp_project_get_score (incoming, "b001", "e4", "D1.1"), ==, their);
  g_assert_true (file_equals (master_path, master_bytes, master_len));
  g_assert_true (file_equals (in_path, in_bytes, in_len));

  g_unlink (master_path);
  g_unlink (in_path);
  g_rmdir (dir);
}

static void
resolve_and_check (gboolean take_theirs,
                   gboolean for_all)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  XpDec mine_a = xp_project_get_score (master, "b001", "e4", "D1.1");
  XpDec their_a = other_value (master, "b001", "e4", "D1.1");
  XpDec mine_b = xp_project_get_score (master, "b002", "e5", "D2.1");
  XpDec their_b = other_value (master, "b002", "e5", "D2.1");
  const char *mine_note = xp_project_get_note (master, "b001", "e4", "D1.1");
  XpMergeSummary summary;

  set_score (theirs, "b001", "e4", "D1.1", their_a);
  xp_project_set_note (theirs, "b001", "e4", "D1.1", "复核后调整");
  set_score (theirs, "b002", "e5", "D2.1", their_b);
  merge = plan (master, &theirs, 1);
  g_assert_cmpuint (xp_merge_count_unresolved (merge), ==, 2);

  if (for_all)
    g_assert_cmpuint (xp_merge_resolve_all (merge, take_theirs), ==, 0);
  else
    {
      /* One at a time: the first, then the other. */
      g_assert_true (xp_merge_resolve (merge, xp_merge_lookup_change (merge, "b001", "e4", "D1.1"),
                                       take_theirs ? 1 : XP_MERGE_MINE, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (xp_merge_count_unresolved (merge), ==, 1);
      g_assert_false (xp_merge_apply (merge, &error));
      g_assert_error (error, XP_ERROR, XP_ERROR_CONFLICT);
      g_clear_error (&error);
      g_assert_cmpint (xp_project_get_score (master, "b001", "e4", "D1.1"), ==, mine_a);
      g_assert_true (xp_merge_resolve (merge, xp_merge_lookup_change (merge, "b002", "e5", "D2.1"),
                                       take_theirs ? 1 : XP_MERGE_MINE, &error));
      g_assert_no_error (error);
    }
  xp_merge_get_summary (merge, &summary);
  g_assert_cmpuint (summary.conflicts, ==, 2);
  g_assert_cmpuint (summary.kept_mine, ==, take_theirs ? 0 : 2);
  g_assert_cmpuint (summary.took_theirs, ==, take_theirs ? 2 : 0);

  g_assert_true (xp_merge_apply (merge, &error));
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (master, "b001", "e4", "D1.1"), ==, take_theirs ? their_a : mine_a);
  g_assert_cmpint (xp_project_get_score (master, "b002", "e5", "D2.1"), ==, take_theirs ? their_b : mine_b);
  if (take_theirs)
    g_assert_cmpstr (xp_project_get_note (master, "b001", "e4", "D1.1"), ==, "复核后调整");
  else
    g_assert_cmpstr (xp_project_get_note (master, "b001", "e4", "D1.1"), ==, mine_note);
}

static void
test_keep_mine_each (void)
{
  resolve_and_check (FALSE, FALSE);
}

static void
test_take_theirs_each (void)
{
  resolve_and_check (TRUE, FALSE);
}

static void
test_keep_mine_all (void)
{
  resolve_and_check (FALSE, TRUE);
}

static void
test_take_theirs_all (void)
{
  resolve_and_check (TRUE, TRUE);
}

/* Two incoming files disagree where the master has nothing: a conflict
 * too; "take theirs" cannot choose, a file must be named. */
static void
test_conflict_between_incoming (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  XpProject *files[2];
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  XpMergeChange *change;
  XpDec one = XP_DEC (3), two = XP_DEC (2);

  files[0] = copy_project (master);
  files[1] = copy_project (master);
  set_score (files[0], "b003", "e1", "D1.1", one);
  set_score (files[1], "b003", "e1", "D1.1", two);
  /* The same value from both is no conflict: it is added once. */
  set_score (files[0], "b003", "e1", "D1.2", XP_DEC (1));
  set_score (files[1], "b003", "e1", "D1.2", XP_DEC (1));
  merge = plan (master, files, 2);

  g_assert_cmpint (xp_merge_lookup_change (merge, "b003", "e1", "D1.2")->kind, ==, XP_MERGE_ADDED);
  change = xp_merge_lookup_change (merge, "b003", "e1", "D1.1");
  g_assert_cmpint (change->kind, ==, XP_MERGE_CONFLICT);
  g_assert_cmpint (change->mine.value, ==, XP_DEC_NONE);
  g_assert_cmpuint (change->theirs->len, ==, 2);
  g_assert_cmpint (((XpMergeSide *) change->theirs->pdata[0])->value, ==, one);
  g_assert_cmpint (((XpMergeSide *) change->theirs->pdata[1])->value, ==, two);
  g_assert_cmpuint (xp_merge_change_get_theirs (change), ==, 0);

  g_assert_cmpuint (xp_merge_resolve_all (merge, TRUE), ==, 1);
  g_assert_false (xp_merge_apply (merge, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (xp_project_get_score (master, "b003", "e1", "D1.2"), ==, XP_DEC_NONE);

  /* Naming a file that has nothing there is refused. */
  g_assert_false (xp_merge_resolve (merge, change, 3, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_USAGE);
  g_clear_error (&error);

  g_assert_true (xp_merge_resolve (merge, change, 2, &error));
  g_assert_no_error (error);
  g_assert_true (xp_merge_apply (merge, &error));
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (master, "b003", "e1", "D1.1"), ==, two);
  g_assert_cmpint (xp_project_get_score (master, "b003", "e1", "D1.2"), ==, XP_DEC (1));

  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* A note that differs is a conflict even when the scores agree. */
static void
test_note_conflict (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  XpMergeChange *change;

  xp_project_set_note (master, "b002", "e2", "D1.1", "书记未参加培训");
  xp_project_set_note (theirs, "b002", "e2", "D1.1", "书记已补训");
  merge = plan (master, &theirs, 1);
  change = xp_merge_lookup_change (merge, "b002", "e2", "D1.1");
  g_assert_cmpint (change->kind, ==, XP_MERGE_CONFLICT);
  g_assert_cmpint (change->mine.value, ==, ((XpMergeSide *) change->theirs->pdata[0])->value);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_CONFLICT), ==, 1);
  g_assert_cmpuint (xp_merge_resolve_all (merge, TRUE), ==, 0);
  g_assert_true (xp_merge_apply (merge, NULL));
  g_assert_cmpstr (xp_project_get_note (master, "b002", "e2", "D1.1"), ==, "书记已补训");
}

/* A score the incoming file lacks is not a deletion. */
static void
test_missing_is_not_deletion (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  XpDec mine = xp_project_get_score (master, "b004", "e3", "D1.1");
  g_autofree char *before = project_text (master);
  g_autofree char *after = NULL;

  set_score (theirs, "b004", "e3", "D1.1", XP_DEC_NONE);
  merge = plan (master, &theirs, 1);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_CONFLICT), ==, 0);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_ADDED), ==, 0);
  g_assert_true (xp_merge_apply (merge, NULL));
  g_assert_cmpint (xp_project_get_score (master, "b004", "e3", "D1.1"), ==, mine);
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
}

/* A file made from another scheme is refused; the master is untouched. */
static void
test_other_scheme_refused (void)
{
  g_autofree char *criteria_path = g_test_build_filename (G_TEST_DIST, "data", "criteria", "minimal.xml", NULL);
  g_autoptr(XpCriteria) minimal = NULL;
  g_autoptr(XpProject) other = NULL;
  g_autoptr(XpProject) master = NULL;
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-merge-XXXXXX", NULL);
  g_autofree char *master_path = g_build_filename (dir, "master.xingping", NULL);
  g_autofree char *bytes = NULL;
  g_autofree char *before = NULL, *after = NULL;
  g_autoptr(XpProject) sample = load_sample ();
  gsize len;
  guint source = 99;

  g_assert_true (xp_project_save_to_file (sample, master_path, &error));
  g_assert_true (g_file_get_contents (master_path, &bytes, &len, NULL));
  master = xp_project_new_from_file (master_path, &error);
  g_assert_no_error (error);
  before = project_text (master);

  minimal = xp_criteria_new_from_file (criteria_path, &error);
  g_assert_no_error (error);
  other = xp_project_new (minimal);
  xp_project_set_title (other, xp_project_get_title (master));
  {
    g_autoptr(XpBranch) branch = xp_branch_new ("b001");
    g_autoptr(XpEvaluator) e1 = xp_evaluator_new ("e1", "王建国", XP_ROLE_GROUP);

    xp_branch_set_category (branch, "standalone");
    g_assert_true (xp_project_add_branch (other, branch, NULL));
    g_assert_true (xp_project_add_evaluator (other, e1, NULL));
    set_score (other, "b001", "e1", "D1.1", XP_DEC (5));
  }

  merge = xp_merge_new (master);
  g_assert_false (xp_merge_add_source (merge, other, "in2.xingping", &source, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_MISMATCH);
  g_test_message ("%s", error->message);
  /* The message names the file, both schemes and what to do. */
  g_assert_nonnull (strstr (error->message, "in2.xingping"));
  g_assert_nonnull (strstr (error->message, "minimal"));
  g_assert_nonnull (strstr (error->message, xp_criteria_get_id (xp_project_get_criteria (master))));
  g_assert_nonnull (strstr (error->message, "merge only files made from this master"));
  g_assert_cmpuint (source, ==, 99);
  g_assert_cmpuint (xp_merge_get_n_sources (merge), ==, 0);
  g_assert_cmpuint (xp_merge_get_changes (merge)->len, ==, 0);

  /* Applying what is left changes nothing. */
  g_assert_true (xp_merge_apply (merge, NULL));
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
  g_assert_true (file_equals (master_path, bytes, len));

  g_unlink (master_path);
  g_rmdir (dir);
}

static void
test_title_warns (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  g_autofree char *title = g_strdup (xp_project_get_title (master));

  xp_project_set_title (theirs, "张三的副本");
  set_score (theirs, "b001", "e4", "D1.1", other_value (master, "b001", "e4", "D1.1"));
  merge = plan (master, &theirs, 1);
  g_assert_cmpuint (xp_merge_get_warnings (merge)->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (xp_merge_get_warnings (merge), 0), "张三的副本"));
  xp_merge_resolve_all (merge, TRUE);
  g_assert_true (xp_merge_apply (merge, NULL));
  g_assert_cmpstr (xp_project_get_title (master), ==, title);
}

/* Branches and evaluators only an incoming file has are added by id,
 * with their facts and scores; two files adding the same one add it once. */
static void
test_added_branch_and_evaluator (void)
{
  g_autoptr(XpProject) master = load_sample ();
  XpProject *files[2];
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  const char * const vetoes[] = { "V2", NULL };
  guint n_branches = g_list_model_get_n_items (xp_project_get_branches (master));
  XpBranch *added;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(XpBranch) branch = xp_branch_new ("b900");
      g_autoptr(XpEvaluator) e9 = xp_evaluator_new ("e9", "孙丽", XP_ROLE_GROUP);

      files[k] = copy_project (master);
      xp_branch_set_name (branch, "新建党支部");
      xp_branch_set_enterprise (branch, "某某科技有限公司");
      xp_branch_set_category (branch, "standalone");
      xp_branch_set_members (branch, 5);
      xp_branch_set_vetoes (branch, vetoes);
      g_assert_true (xp_project_add_branch (files[k], branch, &error));
      g_assert_true (xp_project_add_evaluator (files[k], e9, &error));
      g_assert_no_error (error);
      set_score (files[k], "b900", "e9", "D1.1", XP_DEC (4));
      set_score (files[k], "b001", "e9", "D1.1", XP_DEC (3));
    }
  set_score (files[1], "b900", "e1", "D1.2", XP_DEC (2));

  merge = plan (master, files, 2);
  g_assert_cmpuint (xp_merge_get_added_branches (merge)->len, ==, 1);
  g_assert_cmpuint (xp_merge_get_added_evaluators (merge)->len, ==, 1);
  g_assert_cmpuint (xp_merge_get_identity_conflicts (merge)->len, ==, 0);
  g_assert_cmpuint (xp_merge_get_warnings (merge)->len, ==, 0);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_ADDED), ==, 3);
  g_assert_true (xp_merge_apply (merge, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (master)), ==, n_branches + 1);
  added = xp_project_lookup_branch (master, "b900");
  g_assert_nonnull (added);
  g_assert_true (added != g_ptr_array_index (xp_merge_get_added_branches (merge), 0));
  g_assert_cmpstr (xp_branch_get_name (added), ==, "新建党支部");
  g_assert_cmpstr (xp_branch_get_enterprise (added), ==, "某某科技有限公司");
  g_assert_cmpint (xp_branch_get_members (added), ==, 5);
  g_assert_true (xp_branch_has_veto (added, "V2"));
  g_assert_cmpstr (xp_evaluator_get_name (xp_project_lookup_evaluator (master, "e9")), ==, "孙丽");
  g_assert_cmpint (xp_project_get_score (master, "b900", "e9", "D1.1"), ==, XP_DEC (4));
  g_assert_cmpint (xp_project_get_score (master, "b001", "e9", "D1.1"), ==, XP_DEC (3));
  g_assert_cmpint (xp_project_get_score (master, "b900", "e1", "D1.2"), ==, XP_DEC (2));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* An id that names another branch or evaluator blocks the merge. */
static void
test_identity_conflicts (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = project_text (master);
  g_autofree char *after = NULL;
  GPtrArray *identities;
  XpMergeIdentity *identity;
  gboolean saw_branch = FALSE, saw_category = FALSE, saw_evaluator = FALSE, saw_self = FALSE;

  xp_branch_set_name (xp_project_lookup_branch (theirs, "b002"), "另一家企业党支部");
  xp_branch_set_category (xp_project_lookup_branch (theirs, "b003"),
                          g_strcmp0 (xp_branch_get_category (xp_project_lookup_branch (theirs, "b003")), "joint") == 0
                          ? "standalone" : "joint");
  xp_evaluator_set_name (xp_project_lookup_evaluator (theirs, "e2"), "张冒名");
  {
    g_autoptr(XpBranch) branch = xp_branch_new ("b901");

    xp_branch_set_category (branch, "standalone");
    g_assert_true (xp_project_add_branch (theirs, branch, NULL));
  }
  set_score (theirs, "b002", "e4", "D1.1", other_value (master, "b002", "e4", "D1.1"));

  merge = plan (master, &theirs, 1);
  identities = xp_merge_get_identity_conflicts (merge);
  g_assert_cmpuint (identities->len, ==, 3);
  for (guint i = 0; i < identities->len; i++)
    {
      identity = g_ptr_array_index (identities, i);
      if (identity->kind == XP_MERGE_IDENTITY_BRANCH && g_str_equal (identity->id, "b002"))
        {
          g_assert_cmpstr (identity->field, ==, "name");
          g_assert_cmpstr (identity->theirs, ==, "另一家企业党支部");
          g_assert_cmpstr (identity->mine, ==, xp_branch_get_name (xp_project_lookup_branch (master, "b002")));
          g_assert_cmpuint (identity->mine_source, ==, 0);
          g_assert_cmpuint (identity->their_source, ==, 1);
          saw_branch = TRUE;
        }
      else if (identity->kind == XP_MERGE_IDENTITY_BRANCH && g_str_equal (identity->id, "b003"))
        {
          g_assert_cmpstr (identity->field, ==, "category");
          saw_category = TRUE;
        }
      else if (identity->kind == XP_MERGE_IDENTITY_EVALUATOR)
        {
          g_assert_cmpstr (identity->id, ==, "e2");
          g_assert_cmpstr (identity->field, ==, "name");
          g_assert_cmpstr (identity->theirs, ==, "张冒名");
          saw_evaluator = TRUE;
        }
    }
  g_assert_true (saw_branch && saw_category && saw_evaluator);
  /* A renamed branch's scores are not planned onto the master's branch. */
  g_assert_null (xp_merge_lookup_change (merge, "b002", "e4", "D1.1"));

  g_assert_false (xp_merge_apply (merge, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_CONFLICT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, "b002"));
  g_assert_nonnull (strstr (error->message, "b003"));
  g_assert_nonnull (strstr (error->message, "张冒名"));
  g_clear_error (&error);
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
  g_assert_null (xp_project_lookup_branch (master, "b901"));

  /* A second self-assessment evaluator, from a file whose own is new. */
  {
    g_autoptr(XpProject) lone = copy_project (master);
    g_autoptr(XpMerge) merge2 = NULL;
    g_autoptr(GBytes) bytes = NULL;
    g_autofree char *text = project_text (master);
    g_autofree char *renamed = NULL;
    g_autoptr(GRegex) regex = g_regex_new ("\"self\"(?=\\s*[,:])", 0, 0, NULL);

    /* The same file with the self evaluator under another id (the
     * id and the sheets' keys, not the role). */
    renamed = g_regex_replace_literal (regex, text, -1, 0, "\"self-b\"", 0, NULL);
    bytes = g_bytes_new (renamed, strlen (renamed));
    g_clear_object (&lone);
    lone = xp_project_new_from_bytes (bytes, "self-b.xingping", &error);
    g_assert_no_error (error);
    merge2 = plan (master, &lone, 1);
    for (guint i = 0; i < xp_merge_get_identity_conflicts (merge2)->len; i++)
      {
        identity = g_ptr_array_index (xp_merge_get_identity_conflicts (merge2), i);
        saw_self |= identity->kind == XP_MERGE_IDENTITY_EVALUATOR && g_str_equal (identity->id, "self-b");
      }
    g_assert_true (saw_self);
    g_assert_cmpuint (xp_merge_get_added_evaluators (merge2)->len, ==, 0);
    g_assert_false (xp_merge_apply (merge2, NULL));
  }
}

/* Two incoming files give one new branch id two meanings. */
static void
test_identity_between_incoming (void)
{
  g_autoptr(XpProject) master = load_sample ();
  XpProject *files[2];
  g_autoptr(XpMerge) merge = NULL;
  XpMergeIdentity *identity;

  for (guint k = 0; k < 2; k++)
    {
      g_autoptr(XpBranch) branch = xp_branch_new ("b900");

      files[k] = copy_project (master);
      xp_branch_set_name (branch, k == 0 ? "甲公司党支部" : "乙公司党支部");
      xp_branch_set_category (branch, "standalone");
      g_assert_true (xp_project_add_branch (files[k], branch, NULL));
    }
  merge = plan (master, files, 2);
  g_assert_cmpuint (xp_merge_get_identity_conflicts (merge)->len, ==, 1);
  identity = g_ptr_array_index (xp_merge_get_identity_conflicts (merge), 0);
  g_assert_cmpuint (identity->mine_source, ==, 1);
  g_assert_cmpuint (identity->their_source, ==, 2);
  g_assert_cmpstr (identity->mine, ==, "甲公司党支部");
  g_assert_cmpstr (identity->theirs, ==, "乙公司党支部");
  g_assert_false (xp_merge_apply (merge, NULL));
  g_assert_null (xp_project_lookup_branch (master, "b900"));
  g_object_unref (files[0]);
  g_object_unref (files[1]);
}

/* Branch facts other than identity: the master's stay, with a warning. */
static void
test_branch_facts_warn (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = copy_project (master);
  g_autoptr(XpMerge) merge = NULL;
  const char * const vetoes[] = { "V1", NULL };
  XpBranch *branch = xp_project_lookup_branch (theirs, "b005");
  int members = xp_branch_get_members (xp_project_lookup_branch (master, "b005"));

  xp_branch_set_vetoes (branch, vetoes);
  xp_branch_set_members (branch, members + 1);
  merge = plan (master, &theirs, 1);
  g_assert_cmpuint (xp_merge_get_warnings (merge)->len, ==, 2);
  g_assert_true (xp_merge_apply (merge, NULL));
  g_assert_false (xp_branch_has_veto (xp_project_lookup_branch (master, "b005"), "V1"));
  g_assert_cmpint (xp_branch_get_members (xp_project_lookup_branch (master, "b005")), ==, members);
}

/* Merging the same file twice changes nothing the second time. */
static void
test_idempotent (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  g_autoptr(XpProject) file = make_evaluator_file (master, sample, "e2");
  g_autoptr(XpMerge) first = NULL, second = NULL;
  g_autofree char *once = NULL, *twice = NULL;
  XpMergeSummary summary;

  xp_project_set_note (file, "b010", "e2", "D1.1", "补充说明");
  first = plan (master, &file, 1);
  g_assert_cmpuint (xp_merge_count (first, XP_MERGE_ADDED), >, 0);
  g_assert_true (xp_merge_apply (first, NULL));
  once = project_text (master);

  second = plan (master, &file, 1);
  xp_merge_get_summary (second, &summary);
  g_assert_cmpuint (summary.scores_added, ==, 0);
  g_assert_cmpuint (summary.notes_added, ==, 0);
  g_assert_cmpuint (summary.conflicts, ==, 0);
  g_assert_cmpuint (summary.identical, ==, xp_merge_get_changes (second)->len);
  g_assert_cmpuint (summary.identical, >, 0);
  g_assert_true (xp_merge_apply (second, NULL));
  twice = project_text (master);
  g_assert_cmpstr (twice, ==, once);
}

/* If the master changes between the preview and Apply, Apply refuses. */
static void
test_master_changed (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  g_autoptr(XpProject) file = make_evaluator_file (master, sample, "e1");
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  merge = plan (master, &file, 1);
  set_score (master, "b001", "e1", "D1.1", XP_DEC (1));
  before = project_text (master);
  g_assert_false (xp_merge_apply (merge, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_MISMATCH);
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
}

/* The plan lists changes in a stable order: branch, evaluator, item. */
static void
test_plan_order (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  g_autoptr(XpProject) file = make_evaluator_file (master, sample, "e3");
  g_autoptr(XpMerge) merge = plan (master, &file, 1);
  GPtrArray *changes = xp_merge_get_changes (merge);
  XpCriteria *criteria = xp_project_get_criteria (master);

  g_assert_cmpuint (changes->len, >, 1);
  for (guint i = 1; i < changes->len; i++)
    {
      XpMergeChange *a = changes->pdata[i - 1], *b = changes->pdata[i];
      int c = strcmp (a->branch_id, b->branch_id);

      if (c == 0)
        c = strcmp (a->evaluator_id, b->evaluator_id);
      if (c == 0)
        c = (int) xp_item_get_index (xp_criteria_lookup_item (criteria, a->item_id)) -
            (int) xp_item_get_index (xp_criteria_lookup_item (criteria, b->item_id));
      g_assert_cmpint (c, <, 0);
    }
  {
    g_autofree char *key = xp_merge_change_get_key (changes->pdata[0]);

    g_assert_cmpstr (key, ==, "b001/e3/D1.1");
  }
}

/* Ticked deductions travel with the score: another set is a conflict,
 * and the conflict shows who entered each side and when. */
static void
test_deductions_and_times (void)
{
  g_autoptr(XpProject) master = load_sample ();
  g_autoptr(XpProject) theirs = NULL;
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  XpDec their = other_value (master, "b001", "e4", "D1.1");
  XpMergeChange *change;
  const XpMergeSide *side;

  xp_project_set_actor (master, "组长");
  xp_project_set_now (master, 1795000000);
  g_assert_true (xp_project_set_deduction_count (master, "b001", "e4", "D1.1", "#1", 1, &error));
  g_assert_no_error (error);
  theirs = copy_project (master);
  xp_project_set_actor (theirs, "刘晓燕");
  xp_project_set_now (theirs, 1795100000);
  set_score (theirs, "b001", "e4", "D1.1", their);
  g_assert_true (xp_project_set_deduction_count (theirs, "b001", "e4", "D1.1", "#1", 0, &error));
  g_assert_true (xp_project_set_deduction_count (theirs, "b001", "e4", "D1.1", "#2", 1, &error));
  /* Only a deduction ticked, the score agreed: a conflict too. */
  g_assert_true (xp_project_set_deduction_count (theirs, "b002", "e4", "D1.1", "#3", 1, &error));
  g_assert_true (xp_project_set_deduction_count (master, "b002", "e4", "D1.1", "#1", 1, &error));
  /* Where the master has none: added. */
  g_assert_true (xp_project_set_deduction_count (theirs, "b003", "e4", "D1.2", "#1", 1, &error));
  g_assert_no_error (error);

  merge = plan (master, &theirs, 1);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_CONFLICT), ==, 2);
  change = xp_merge_lookup_change (merge, "b001", "e4", "D1.1");
  g_assert_cmpint (change->kind, ==, XP_MERGE_CONFLICT);
  g_assert_cmpstr (change->mine.deductions, ==, "#1=1");
  side = g_ptr_array_index (change->theirs, 0);
  g_assert_cmpstr (side->deductions, ==, "#2=1");
  g_assert_cmpstr (side->by, ==, "刘晓燕");
  g_assert_cmpint (side->at, ==, 1795100000);
  /* The sample is a version 1 file: who entered the master's score is unknown. */
  g_assert_null (change->mine.by);
  g_assert_cmpint (change->mine.at, ==, 0);
  g_assert_cmpint (xp_merge_lookup_change (merge, "b002", "e4", "D1.1")->kind, ==, XP_MERGE_CONFLICT);
  g_assert_cmpint (xp_merge_lookup_change (merge, "b003", "e4", "D1.2")->kind, ==, XP_MERGE_ADDED);

  g_assert_true (xp_merge_resolve (merge, change, 1, &error));
  g_assert_true (xp_merge_resolve (merge, xp_merge_lookup_change (merge, "b002", "e4", "D1.1"), XP_MERGE_MINE, &error));
  g_assert_no_error (error);
  g_assert_true (xp_merge_apply (merge, &error));
  g_assert_no_error (error);

  g_assert_cmpint (xp_project_get_score (master, "b001", "e4", "D1.1"), ==, their);
  g_assert_cmpuint (xp_project_get_deduction_count (master, "b001", "e4", "D1.1", "#1"), ==, 0);
  g_assert_cmpuint (xp_project_get_deduction_count (master, "b001", "e4", "D1.1", "#2"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (master, "b002", "e4", "D1.1", "#1"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (master, "b002", "e4", "D1.1", "#3"), ==, 0);
  g_assert_cmpuint (xp_project_get_deduction_count (master, "b003", "e4", "D1.2", "#1"), ==, 1);
  {
    const char *by = NULL;
    gint64 at = 0;
    const XpAuditEntry *last = xp_project_get_audit_entry (master, xp_project_get_n_audit_entries (master) - 1);

    g_assert_true (xp_project_get_score_meta (master, "b001", "e4", "D1.1", &by, &at));
    g_assert_cmpstr (by, ==, "刘晓燕");
    g_assert_cmpint (at, ==, 1795100000);
    /* The audit log records the merge under the master's actor. */
    g_assert_cmpint (last->action, ==, XP_AUDIT_CHANGE);
    g_assert_cmpstr (last->by, ==, "组长");
    g_assert_cmpstr (last->item_id, ==, "D1.1");
    g_assert_cmpint (last->new_value, ==, their);
  }
}

/* A sealed master is final: the merge is refused before anything changes. */
static void
test_sealed_master (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  g_autoptr(XpProject) file = make_evaluator_file (master, sample, "e1");
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;

  g_assert_true (xp_project_seal (master, &error));
  g_assert_no_error (error);
  before = project_text (master);
  merge = plan (master, &file, 1);
  g_assert_cmpuint (xp_merge_count (merge, XP_MERGE_ADDED), >, 0);
  g_assert_false (xp_merge_apply (merge, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_SEALED);
  after = project_text (master);
  g_assert_cmpstr (after, ==, before);
}

/* The plan applied to a copy leaves the master as it was and gives the
 * copy what applying to the master would; a copy that differs where the
 * plan touches it is refused. */
static void
test_apply_to_copy (void)
{
  g_autoptr(XpProject) sample = load_sample ();
  g_autoptr(XpProject) master = make_master (sample);
  g_autoptr(XpProject) file = make_evaluator_file (master, sample, "e2");
  g_autoptr(XpProject) copy = copy_project (master);
  g_autoptr(XpProject) other = copy_project (master);
  g_autoptr(XpProject) reference = copy_project (master);
  g_autoptr(XpMerge) merge = NULL, merge2 = NULL, merge3 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = xp_project_canonical_text (master);
  g_autofree char *after = NULL, *got = NULL, *want = NULL;

  merge = plan (master, &file, 1);
  g_assert_true (xp_merge_apply_to (merge, copy, &error));
  g_assert_no_error (error);
  after = xp_project_canonical_text (master);
  g_assert_cmpstr (after, ==, before);

  merge2 = plan (reference, &file, 1);
  g_assert_true (xp_merge_apply (merge2, &error));
  got = xp_project_canonical_text (copy);
  want = xp_project_canonical_text (reference);
  g_assert_cmpstr (got, ==, want);
  g_assert_cmpstr (got, !=, before);

  merge3 = plan (master, &file, 1);
  set_score (other, "b003", "e2", "D1.1", XP_DEC (1));
  g_assert_false (xp_merge_apply_to (merge3, other, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_MISMATCH);
  g_assert_nonnull (strstr (error->message, "b003/e2/D1.1"));
}

int
main (int argc, char **argv)
{
  /* A fixed clock for the master's audit entries, so that two merges
   * save the same bytes. */
  g_setenv ("XINGPING_NOW", "2026-12-01T09:00:00Z", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/merge/three-evaluators/equals-one-file", test_three_evaluators);
  g_test_add_func ("/merge/three-evaluators/order-does-not-matter", test_order_does_not_matter);
  g_test_add_func ("/merge/conflict/refused-both-survive", test_conflict_refused);
  g_test_add_func ("/merge/conflict/keep-mine-each", test_keep_mine_each);
  g_test_add_func ("/merge/conflict/take-theirs-each", test_take_theirs_each);
  g_test_add_func ("/merge/conflict/keep-mine-all", test_keep_mine_all);
  g_test_add_func ("/merge/conflict/take-theirs-all", test_take_theirs_all);
  g_test_add_func ("/merge/conflict/between-incoming", test_conflict_between_incoming);
  g_test_add_func ("/merge/conflict/note", test_note_conflict);
  g_test_add_func ("/merge/missing-is-not-deletion", test_missing_is_not_deletion);
  g_test_add_func ("/merge/scheme/other-refused", test_other_scheme_refused);
  g_test_add_func ("/merge/title/warns", test_title_warns);
  g_test_add_func ("/merge/added/branch-and-evaluator", test_added_branch_and_evaluator);
  g_test_add_func ("/merge/identity/master", test_identity_conflicts);
  g_test_add_func ("/merge/identity/between-incoming", test_identity_between_incoming);
  g_test_add_func ("/merge/branch-facts/warn", test_branch_facts_warn);
  g_test_add_func ("/merge/idempotent", test_idempotent);
  g_test_add_func ("/merge/master-changed", test_master_changed);
  g_test_add_func ("/merge/plan-order", test_plan_order);
  g_test_add_func ("/merge/deductions-and-times", test_deductions_and_times);
  g_test_add_func ("/merge/sealed-master", test_sealed_master);
  g_test_add_func ("/merge/apply-to-copy", test_apply_to_copy);

  return g_test_run ();
}
