/* xp-merge.c — bring evaluators' project files into the master
 *
 * The plan is a table keyed by (branch, evaluator, item): the master's
 * side and every incoming side that holds a score or a note there.  Each
 * incoming file only adds sides; the kind of a change is recomputed from
 * its sides, so the order of the incoming files does not matter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-merge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "xp-decimal.h"
#include "xp-merge.h"
#include "xp-project-private.h"

typedef struct {
  guint     source;
  XpBranch *branch;    /* owned by its project */
} BranchOrigin;

typedef struct {
  guint        source;
  XpEvaluator *evaluator;
} EvaluatorOrigin;

struct _XpMerge {
  XpProject  *master;
  GPtrArray  *sources;          /* XpProject *, [0] = master */
  GPtrArray  *names;            /* char *, [0] = the master's name or NULL */
  GHashTable *changes_by_key;   /* "b\037e\037i" → XpMergeChange * (unowned) */
  GPtrArray  *changes;          /* XpMergeChange *, owned */
  gboolean    sorted;
  GHashTable *branches;         /* id → BranchOrigin *: where each branch comes from */
  GHashTable *evaluators;       /* id → EvaluatorOrigin * */
  GHashTable *blocked_branches; /* ids with an identity conflict */
  GHashTable *blocked_evaluators;
  GPtrArray  *added_branches;   /* XpBranch *, refs */
  GPtrArray  *added_evaluators; /* XpEvaluator *, refs */
  GPtrArray  *identities;       /* XpMergeIdentity * */
  GPtrArray  *warnings;         /* char * */
  gboolean    applied;
};

/* ------------------------------------------------------------ helpers */

static void
side_clear (XpMergeSide *side)
{
  g_clear_pointer (&side->note, g_free);
  g_clear_pointer (&side->deductions, g_free);
  g_clear_pointer (&side->by, g_free);
}

static void
side_free (gpointer data)
{
  XpMergeSide *side = data;

  side_clear (side);
  g_free (side);
}

static void
change_free (gpointer data)
{
  XpMergeChange *change = data;

  g_free (change->branch_id);
  g_free (change->evaluator_id);
  g_free (change->item_id);
  side_clear (&change->mine);
  g_ptr_array_unref (change->theirs);
  g_free (change);
}

static void
identity_free (gpointer data)
{
  XpMergeIdentity *identity = data;

  g_free (identity->id);
  g_free (identity->field);
  g_free (identity->mine);
  g_free (identity->theirs);
  g_free (identity);
}

static char *
make_key (const char *branch_id,
          const char *evaluator_id,
          const char *item_id)
{
  return g_strconcat (branch_id, "\037", evaluator_id, "\037", item_id, NULL);
}

/* "KEY=COUNT,…" of the deductions ticked at (branch, evaluator, item), in
 * the criteria's order; NULL when none. */
static char *
deductions_text (XpProject  *project,
                 const char *branch_id,
                 const char *evaluator_id,
                 XpItem     *item)
{
  GString *text = NULL;

  for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
    {
      g_autofree char *key = xp_item_dup_deduction_key (item, d);
      guint count = xp_project_get_deduction_count (project, branch_id, evaluator_id,
                                                    xp_item_get_id (item), key);

      if (count == 0)
        continue;
      if (text == NULL)
        text = g_string_new (NULL);
      else
        g_string_append_c (text, ',');
      g_string_append_printf (text, "%s=%u", key, count);
    }
  return text ? g_string_free (text, FALSE) : NULL;
}

/* What @project holds at (branch, evaluator, item), with who entered the
 * score and when as far as the project records it. */
static void
fill_side (XpProject   *project,
           XpMergeSide *side,
           guint        source,
           const char  *branch_id,
           const char  *evaluator_id,
           const char  *item_id)
{
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (project), item_id);
  const char *by = NULL;
  gint64 at = 0;

  side->source = source;
  side->value = xp_project_get_score (project, branch_id, evaluator_id, item_id);
  side->note = g_strdup (xp_project_get_note (project, branch_id, evaluator_id, item_id));
  side->deductions = deductions_text (project, branch_id, evaluator_id, item);
  if (xp_project_get_score_meta (project, branch_id, evaluator_id, item_id, &by, &at))
    {
      side->by = g_strdup (by);
      side->at = at;
    }
}

static gboolean
side_dominates (const XpMergeSide *s,
                const XpMergeSide *t)
{
  return (t->value == XP_DEC_NONE || t->value == s->value) &&
         (t->note == NULL || g_strcmp0 (t->note, s->note) == 0) &&
         (t->deductions == NULL || g_strcmp0 (t->deductions, s->deductions) == 0);
}

/* One part of a key (value, note or deductions): does an incoming side
 * conflict with the master or with another incoming side, or add it? */
typedef struct {
  gboolean    conflict;
  gboolean    add;
  const char *first;
} PartState;

static void
part_update (PartState  *state,
             const char *mine,
             const char *theirs)
{
  if (theirs == NULL)
    return;
  if (mine != NULL)
    state->conflict |= strcmp (theirs, mine) != 0;
  else
    {
      if (state->first != NULL)
        state->conflict |= strcmp (theirs, state->first) != 0;
      state->add = TRUE;
    }
  if (state->first == NULL)
    state->first = theirs;
}

static void
change_update_kind (XpMergeChange *change)
{
  XpDec first_value = XP_DEC_NONE;
  gboolean value_conflict = FALSE;
  PartState note = { 0 }, deductions = { 0 };

  for (guint i = 0; i < change->theirs->len; i++)
    {
      const XpMergeSide *side = g_ptr_array_index (change->theirs, i);

      if (side->value != XP_DEC_NONE)
        {
          if (change->mine.value != XP_DEC_NONE)
            value_conflict |= side->value != change->mine.value;
          else if (first_value != XP_DEC_NONE)
            value_conflict |= side->value != first_value;
          if (first_value == XP_DEC_NONE)
            first_value = side->value;
        }
      part_update (&note, change->mine.note, side->note);
      part_update (&deductions, change->mine.deductions, side->deductions);
    }

  if (value_conflict || note.conflict || deductions.conflict)
    change->kind = XP_MERGE_CONFLICT;
  else if ((change->mine.value == XP_DEC_NONE && first_value != XP_DEC_NONE) ||
           note.add || deductions.add)
    change->kind = XP_MERGE_ADDED;
  else
    change->kind = XP_MERGE_IDENTICAL;

  if (change->kind != XP_MERGE_CONFLICT)
    change->resolution = XP_MERGE_UNRESOLVED;
}

static const XpMergeSide *
change_get_side (XpMergeChange *change,
                 guint          source)
{
  if (source == 0)
    return &change->mine;
  for (guint i = 0; i < change->theirs->len; i++)
    {
      const XpMergeSide *side = g_ptr_array_index (change->theirs, i);

      if (side->source == source)
        return side;
    }
  return NULL;
}

static void
add_identity (XpMerge             *self,
              XpMergeIdentityKind  kind,
              const char          *id,
              const char          *field,
              guint                mine_source,
              const char          *mine,
              guint                their_source,
              const char          *theirs)
{
  XpMergeIdentity *identity = g_new0 (XpMergeIdentity, 1);

  identity->kind = kind;
  identity->id = g_strdup (id);
  identity->field = g_strdup (field);
  identity->mine_source = mine_source;
  identity->mine = g_strdup (mine ? mine : "");
  identity->their_source = their_source;
  identity->theirs = g_strdup (theirs ? theirs : "");
  g_ptr_array_add (self->identities, identity);
}

G_GNUC_PRINTF (2, 3)
static void
add_warning (XpMerge    *self,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

static const char *
source_name (XpMerge *self,
             guint    source)
{
  const char *name = g_ptr_array_index (self->names, source);

  return name != NULL ? name : (source == 0 ? _("the master") : _("an incoming file"));
}

/* Branch ids must name the same organisation on every side. */
static gboolean
check_branch_identity (XpMerge  *self,
                       guint     source,
                       XpBranch *theirs)
{
  const char *id = xp_branch_get_id (theirs);
  BranchOrigin *origin = g_hash_table_lookup (self->branches, id);
  static const struct {
    const char *field;
    const char *(*get) (XpBranch *);
  } fields[] = {
    { "name", xp_branch_get_name },
    { "enterprise", xp_branch_get_enterprise },
    { "category", xp_branch_get_category },
  };
  gboolean same = TRUE;

  g_assert (origin != NULL);
  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      const char *mine = fields[f].get (origin->branch);
      const char *their = fields[f].get (theirs);

      if (g_strcmp0 (mine ? mine : "", their ? their : "") != 0)
        {
          add_identity (self, XP_MERGE_IDENTITY_BRANCH, id, fields[f].field,
                        origin->source, mine, source, their);
          same = FALSE;
        }
    }
  return same;
}

/* Facts that are not the branch's identity: the master's stay; a
 * difference is reported, never applied silently. */
static void
compare_branch_facts (XpMerge  *self,
                      guint     source,
                      XpBranch *mine,
                      guint     mine_source,
                      XpBranch *theirs)
{
  const char *id = xp_branch_get_id (mine);
  g_autofree char *mine_vetoes = g_strjoinv (" ", (char **) xp_branch_get_vetoes (mine));
  g_autofree char *their_vetoes = g_strjoinv (" ", (char **) xp_branch_get_vetoes (theirs));
  const char *kept = source_name (self, mine_source);

  if (xp_branch_get_members (mine) != xp_branch_get_members (theirs) &&
      xp_branch_get_members (theirs) >= 0)
    /* Translators: branch id, the incoming file, its value, the file whose
     * value is kept, that value, the kept file again */
    add_warning (self, _("Branch %s: %s records %d members, %s %d — %s's number is kept; edit the branch to change it"),
                 id, source_name (self, source), xp_branch_get_members (theirs),
                 kept, xp_branch_get_members (mine), kept);
  if (g_strcmp0 (mine_vetoes, their_vetoes) != 0)
    add_warning (self, _("Branch %s: %s records the vetoes “%s”, %s “%s” — %s's are kept; edit the branch to change them"),
                 id, source_name (self, source), their_vetoes, kept, mine_vetoes, kept);
  if (xp_branch_get_secretary (theirs) != NULL &&
      g_strcmp0 (xp_branch_get_secretary (mine), xp_branch_get_secretary (theirs)) != 0)
    add_warning (self, _("Branch %s: %s records the secretary “%s”, %s “%s” — %s's is kept"),
                 id, source_name (self, source), xp_branch_get_secretary (theirs), kept,
                 xp_branch_get_secretary (mine) ? xp_branch_get_secretary (mine) : "", kept);
  if (xp_branch_get_founded (theirs) != NULL &&
      g_strcmp0 (xp_branch_get_founded (mine), xp_branch_get_founded (theirs)) != 0)
    add_warning (self, _("Branch %s: %s records it founded “%s”, %s “%s” — %s's date is kept"),
                 id, source_name (self, source), xp_branch_get_founded (theirs), kept,
                 xp_branch_get_founded (mine) ? xp_branch_get_founded (mine) : "", kept);
  if (xp_branch_get_previous_stars (theirs) >= 0 &&
      xp_branch_get_previous_stars (mine) != xp_branch_get_previous_stars (theirs))
    add_warning (self, _("Branch %s: %s records %d previous stars, %s %d — %s's number is kept"),
                 id, source_name (self, source), xp_branch_get_previous_stars (theirs), kept,
                 xp_branch_get_previous_stars (mine), kept);
}

static gboolean
check_evaluator_identity (XpMerge     *self,
                          guint        source,
                          XpEvaluator *theirs)
{
  const char *id = xp_evaluator_get_id (theirs);
  EvaluatorOrigin *origin = g_hash_table_lookup (self->evaluators, id);
  gboolean same = TRUE;

  g_assert (origin != NULL);
  if (g_strcmp0 (xp_evaluator_get_name (origin->evaluator), xp_evaluator_get_name (theirs)) != 0)
    {
      add_identity (self, XP_MERGE_IDENTITY_EVALUATOR, id, "name", origin->source,
                    xp_evaluator_get_name (origin->evaluator), source, xp_evaluator_get_name (theirs));
      same = FALSE;
    }
  if (xp_evaluator_get_role (origin->evaluator) != xp_evaluator_get_role (theirs))
    {
      add_identity (self, XP_MERGE_IDENTITY_EVALUATOR, id, "role", origin->source,
                    xp_role_to_string (xp_evaluator_get_role (origin->evaluator)), source,
                    xp_role_to_string (xp_evaluator_get_role (theirs)));
      same = FALSE;
    }
  return same;
}

/* The one self-assessment evaluator across every side. */
static gboolean
check_self_evaluator (XpMerge     *self,
                      guint        source,
                      XpEvaluator *theirs)
{
  GHashTableIter iter;
  gpointer value;

  if (xp_evaluator_get_role (theirs) != XP_ROLE_SELF)
    return TRUE;
  g_hash_table_iter_init (&iter, self->evaluators);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      EvaluatorOrigin *origin = value;

      if (xp_evaluator_get_role (origin->evaluator) == XP_ROLE_SELF &&
          g_strcmp0 (xp_evaluator_get_id (origin->evaluator), xp_evaluator_get_id (theirs)) != 0)
        {
          add_identity (self, XP_MERGE_IDENTITY_EVALUATOR, xp_evaluator_get_id (theirs), "role",
                        origin->source,
                        xp_evaluator_get_id (origin->evaluator), source, "self");
          return FALSE;
        }
    }
  return TRUE;
}

static XpMergeChange *
ensure_change (XpMerge    *self,
               const char *branch_id,
               const char *evaluator_id,
               const char *item_id)
{
  g_autofree char *key = make_key (branch_id, evaluator_id, item_id);
  XpMergeChange *change = g_hash_table_lookup (self->changes_by_key, key);

  if (change != NULL)
    return change;

  change = g_new0 (XpMergeChange, 1);
  change->branch_id = g_strdup (branch_id);
  change->evaluator_id = g_strdup (evaluator_id);
  change->item_id = g_strdup (item_id);
  change->theirs = g_ptr_array_new_with_free_func (side_free);
  change->resolution = XP_MERGE_UNRESOLVED;
  fill_side (self->master, &change->mine, 0, branch_id, evaluator_id, item_id);
  g_ptr_array_add (self->changes, change);
  g_hash_table_insert (self->changes_by_key, g_steal_pointer (&key), change);
  self->sorted = FALSE;
  return change;
}

static gboolean
has_deductions (XpProject  *project,
                const char *branch_id,
                const char *evaluator_id,
                XpItem     *item)
{
  for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
    {
      g_autofree char *key = xp_item_dup_deduction_key (item, d);

      if (xp_project_get_deduction_count (project, branch_id, evaluator_id, xp_item_get_id (item), key) > 0)
        return TRUE;
    }
  return FALSE;
}

static void
plan_sheets (XpMerge   *self,
             guint      source,
             XpProject *incoming,
             XpBranch  *branch)
{
  const char *branch_id = xp_branch_get_id (branch);
  XpCriteria *criteria = xp_project_get_criteria (incoming);
  GListModel *evaluators = xp_project_get_evaluators (incoming);
  guint n_items = xp_criteria_get_n_items (criteria);

  for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, e);
      const char *evaluator_id = xp_evaluator_get_id (evaluator);
      XpSheet *sheet = _xp_branch_get_sheet (branch, evaluator_id);

      if (sheet == NULL || g_hash_table_contains (self->blocked_evaluators, evaluator_id))
        continue;

      for (guint i = 0; i < n_items; i++)
        {
          XpItem *item = xp_criteria_get_item (criteria, i);
          const char *item_id = xp_item_get_id (item);
          XpMergeChange *change;
          XpMergeSide *side;

          if (sheet->values[i] == XP_DEC_NONE &&
              (sheet->notes == NULL || !g_hash_table_contains (sheet->notes, item_id)) &&
              !has_deductions (incoming, branch_id, evaluator_id, item))
            continue;

          change = ensure_change (self, branch_id, evaluator_id, item_id);
          side = g_new0 (XpMergeSide, 1);
          fill_side (incoming, side, source, branch_id, evaluator_id, item_id);
          g_ptr_array_add (change->theirs, side);
          change_update_kind (change);
        }
    }
}

static int
compare_changes (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const XpMergeChange *x = *(XpMergeChange * const *) a;
  const XpMergeChange *y = *(XpMergeChange * const *) b;
  XpCriteria *criteria = user_data;
  int c;

  if ((c = strcmp (x->branch_id, y->branch_id)) != 0)
    return c;
  if ((c = strcmp (x->evaluator_id, y->evaluator_id)) != 0)
    return c;
  return (int) xp_item_get_index (xp_criteria_lookup_item (criteria, x->item_id)) -
         (int) xp_item_get_index (xp_criteria_lookup_item (criteria, y->item_id));
}

/* --------------------------------------------------------------- API */

XpMerge *
xp_merge_new (XpProject *master)
{
  XpMerge *self;
  GListModel *model;

  g_return_val_if_fail (XP_IS_PROJECT (master), NULL);

  self = g_new0 (XpMerge, 1);
  self->master = g_object_ref (master);
  self->sources = g_ptr_array_new_with_free_func (g_object_unref);
  self->names = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->sources, g_object_ref (master));
  g_ptr_array_add (self->names, NULL);
  self->changes_by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->changes = g_ptr_array_new_with_free_func (change_free);
  self->sorted = TRUE;
  self->branches = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->evaluators = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->blocked_branches = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->blocked_evaluators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->added_branches = g_ptr_array_new_with_free_func (g_object_unref);
  self->added_evaluators = g_ptr_array_new_with_free_func (g_object_unref);
  self->identities = g_ptr_array_new_with_free_func (identity_free);
  self->warnings = g_ptr_array_new_with_free_func (g_free);

  model = xp_project_get_branches (master);
  for (guint b = 0; b < g_list_model_get_n_items (model); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (model, b);
      BranchOrigin *origin = g_new0 (BranchOrigin, 1);

      origin->branch = branch;
      g_hash_table_insert (self->branches, (gpointer) xp_branch_get_id (branch), origin);
    }
  model = xp_project_get_evaluators (master);
  for (guint e = 0; e < g_list_model_get_n_items (model); e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (model, e);
      EvaluatorOrigin *origin = g_new0 (EvaluatorOrigin, 1);

      origin->evaluator = evaluator;
      g_hash_table_insert (self->evaluators, (gpointer) xp_evaluator_get_id (evaluator), origin);
    }
  return self;
}

void
xp_merge_free (XpMerge *self)
{
  if (self == NULL)
    return;
  g_hash_table_unref (self->changes_by_key);
  g_ptr_array_unref (self->changes);
  g_hash_table_unref (self->branches);
  g_hash_table_unref (self->evaluators);
  g_hash_table_unref (self->blocked_branches);
  g_hash_table_unref (self->blocked_evaluators);
  g_ptr_array_unref (self->added_branches);
  g_ptr_array_unref (self->added_evaluators);
  g_ptr_array_unref (self->identities);
  g_ptr_array_unref (self->warnings);
  g_ptr_array_unref (self->names);
  g_ptr_array_unref (self->sources);
  g_object_unref (self->master);
  g_free (self);
}

void
xp_merge_set_master_name (XpMerge    *self,
                          const char *name)
{
  g_return_if_fail (self != NULL);
  g_free (self->names->pdata[0]);
  self->names->pdata[0] = g_strdup (name);
}

gboolean
xp_merge_add_source (XpMerge     *self,
                     XpProject   *incoming,
                     const char  *name,
                     guint       *source_out,
                     GError     **error)
{
  XpCriteria *mine, *theirs;
  GListModel *model;
  guint source;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (XP_IS_PROJECT (incoming), FALSE);
  g_return_val_if_fail (!self->applied, FALSE);

  if (name == NULL)
    name = _("incoming file");
  mine = xp_project_get_criteria (self->master);
  theirs = xp_project_get_criteria (incoming);
  if (strcmp (xp_criteria_get_sha256 (mine), xp_criteria_get_sha256 (theirs)) != 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                   _("%s: made for the scheme %s version %s (sha256 %.12s…), the master uses %s version %s (sha256 %.12s…) — merge only files made from this master"),
                   name, xp_criteria_get_id (theirs), xp_criteria_get_version (theirs),
                   xp_criteria_get_sha256 (theirs), xp_criteria_get_id (mine),
                   xp_criteria_get_version (mine), xp_criteria_get_sha256 (mine));
      return FALSE;
    }
  if (incoming == self->master)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
                   _("%s: this is the master itself — choose an evaluator's file"), name);
      return FALSE;
    }

  g_ptr_array_add (self->sources, g_object_ref (incoming));
  g_ptr_array_add (self->names, g_strdup (name));
  source = self->sources->len - 1;
  if (source_out)
    *source_out = source;

  if (g_strcmp0 (xp_project_get_title (incoming), xp_project_get_title (self->master)) != 0)
    add_warning (self, _("%s: the title “%s” differs from the master's “%s” — the master's title is kept"),
                 name, xp_project_get_title (incoming), xp_project_get_title (self->master));

  model = xp_project_get_evaluators (incoming);
  for (guint e = 0; e < g_list_model_get_n_items (model); e++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (model, e);
      const char *id = xp_evaluator_get_id (evaluator);

      if (g_hash_table_contains (self->evaluators, id))
        {
          if (!check_evaluator_identity (self, source, evaluator))
            g_hash_table_add (self->blocked_evaluators, g_strdup (id));
        }
      else if (!check_self_evaluator (self, source, evaluator))
        g_hash_table_add (self->blocked_evaluators, g_strdup (id));
      else
        {
          EvaluatorOrigin *origin = g_new0 (EvaluatorOrigin, 1);

          origin->source = source;
          origin->evaluator = evaluator;
          g_hash_table_insert (self->evaluators, (gpointer) id, origin);
          g_ptr_array_add (self->added_evaluators, g_object_ref (evaluator));
        }
    }

  model = xp_project_get_branches (incoming);
  for (guint b = 0; b < g_list_model_get_n_items (model); b++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (model, b);
      const char *id = xp_branch_get_id (branch);
      BranchOrigin *origin = g_hash_table_lookup (self->branches, id);

      if (origin != NULL)
        {
          if (!check_branch_identity (self, source, branch))
            {
              g_hash_table_add (self->blocked_branches, g_strdup (id));
              continue;
            }
          compare_branch_facts (self, source, origin->branch, origin->source, branch);
        }
      else
        {
          origin = g_new0 (BranchOrigin, 1);
          origin->source = source;
          origin->branch = branch;
          g_hash_table_insert (self->branches, (gpointer) id, origin);
          g_ptr_array_add (self->added_branches, g_object_ref (branch));
        }
      if (!g_hash_table_contains (self->blocked_branches, id))
        plan_sheets (self, source, incoming, branch);
    }
  return TRUE;
}

guint
xp_merge_get_n_sources (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->sources->len - 1;
}

const char *
xp_merge_get_source_name (XpMerge *self,
                          guint    source)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (source < self->names->len, NULL);
  return g_ptr_array_index (self->names, source);
}

GPtrArray *
xp_merge_get_changes (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (!self->sorted)
    {
      g_ptr_array_sort_with_data (self->changes, compare_changes,
                                  xp_project_get_criteria (self->master));
      self->sorted = TRUE;
    }
  return self->changes;
}

XpMergeChange *
xp_merge_lookup_change (XpMerge    *self,
                        const char *branch_id,
                        const char *evaluator_id,
                        const char *item_id)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (branch_id && evaluator_id && item_id, NULL);

  key = make_key (branch_id, evaluator_id, item_id);
  return g_hash_table_lookup (self->changes_by_key, key);
}

guint
xp_merge_count (XpMerge     *self,
                XpMergeKind  kind)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->changes->len; i++)
    n += ((XpMergeChange *) g_ptr_array_index (self->changes, i))->kind == kind;
  return n;
}

guint
xp_merge_count_unresolved (XpMerge *self)
{
  guint n = 0;

  g_return_val_if_fail (self != NULL, 0);
  for (guint i = 0; i < self->changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (self->changes, i);

      n += change->kind == XP_MERGE_CONFLICT && change->resolution == XP_MERGE_UNRESOLVED;
    }
  return n;
}

GPtrArray *
xp_merge_get_identity_conflicts (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->identities;
}

GPtrArray *
xp_merge_get_added_branches (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->added_branches;
}

GPtrArray *
xp_merge_get_added_evaluators (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->added_evaluators;
}

GPtrArray *
xp_merge_get_warnings (XpMerge *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->warnings;
}

gboolean
xp_merge_side_differs (const XpMergeChange *change,
                       const XpMergeSide   *side)
{
  g_return_val_if_fail (change != NULL && side != NULL, FALSE);

  return (side->value != XP_DEC_NONE && side->value != change->mine.value) ||
         (side->note != NULL && g_strcmp0 (side->note, change->mine.note) != 0) ||
         (side->deductions != NULL && g_strcmp0 (side->deductions, change->mine.deductions) != 0);
}

guint
xp_merge_change_get_theirs (XpMergeChange *change)
{
  g_return_val_if_fail (change != NULL, 0);

  /* The side whose value and note agree with every side that differs
   * from the master (sides equal to the master do not count). */
  for (guint i = 0; i < change->theirs->len; i++)
    {
      const XpMergeSide *s = g_ptr_array_index (change->theirs, i);
      gboolean dominates = xp_merge_side_differs (change, s);

      for (guint j = 0; j < change->theirs->len && dominates; j++)
        {
          const XpMergeSide *t = g_ptr_array_index (change->theirs, j);

          dominates = !xp_merge_side_differs (change, t) || side_dominates (s, t);
        }
      if (dominates)
        return s->source;
    }
  return 0;
}

gboolean
xp_merge_resolve (XpMerge       *self,
                  XpMergeChange *change,
                  int            resolution,
                  GError       **error)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (change != NULL, FALSE);

  key = xp_merge_change_get_key (change);
  if (change->kind != XP_MERGE_CONFLICT)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
                   _("%s: not a conflict — nothing to resolve"), key);
      return FALSE;
    }
  if (resolution != XP_MERGE_MINE && resolution != XP_MERGE_UNRESOLVED &&
      (resolution < 0 || change_get_side (change, (guint) resolution) == NULL))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
                   _("%s: incoming file %d has no score or note there — take one of the files listed with the conflict"),
                   key, resolution);
      return FALSE;
    }
  change->resolution = resolution;
  return TRUE;
}

guint
xp_merge_resolve_all (XpMerge  *self,
                      gboolean  take_theirs)
{
  g_return_val_if_fail (self != NULL, 0);

  for (guint i = 0; i < self->changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (self->changes, i);

      if (change->kind != XP_MERGE_CONFLICT || change->resolution != XP_MERGE_UNRESOLVED)
        continue;
      if (!take_theirs)
        change->resolution = XP_MERGE_MINE;
      else if (xp_merge_change_get_theirs (change) != 0)
        change->resolution = (int) xp_merge_change_get_theirs (change);
    }
  return xp_merge_count_unresolved (self);
}

void
xp_merge_change_get_result_full (XpMergeChange      *change,
                                 XpDec              *value_out,
                                 const char        **note_out,
                                 const char        **deductions_out,
                                 const XpMergeSide **value_side_out)
{
  const XpMergeSide *value_side = &change->mine;
  const char *note = change->mine.note;
  const char *deductions = change->mine.deductions;

  g_return_if_fail (change != NULL);

  if (change->kind == XP_MERGE_ADDED)
    {
      /* Nothing conflicts: every part comes from the master or, where it
       * has none, from the first incoming file that has one. */
      for (guint i = 0; i < change->theirs->len; i++)
        {
          const XpMergeSide *side = g_ptr_array_index (change->theirs, i);

          if (value_side->value == XP_DEC_NONE && side->value != XP_DEC_NONE)
            value_side = side;
          if (note == NULL)
            note = side->note;
          if (deductions == NULL)
            deductions = side->deductions;
        }
    }
  else if (change->kind == XP_MERGE_CONFLICT && change->resolution > 0)
    {
      const XpMergeSide *side = change_get_side (change, (guint) change->resolution);

      if (side->value != XP_DEC_NONE)
        value_side = side;
      if (side->note != NULL)
        note = side->note;
      if (side->deductions != NULL)
        deductions = side->deductions;
    }
  if (value_out)
    *value_out = value_side->value;
  if (note_out)
    *note_out = note;
  if (deductions_out)
    *deductions_out = deductions;
  if (value_side_out)
    *value_side_out = value_side;
}

XpDec
xp_merge_change_get_result (XpMergeChange *change,
                            const char   **note)
{
  XpDec value = XP_DEC_NONE;

  g_return_val_if_fail (change != NULL, XP_DEC_NONE);
  xp_merge_change_get_result_full (change, &value, note, NULL, NULL);
  return value;
}

void
xp_merge_get_summary (XpMerge        *self,
                      XpMergeSummary *summary)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (summary != NULL);

  memset (summary, 0, sizeof *summary);
  for (guint i = 0; i < self->changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (self->changes, i);

      switch (change->kind)
        {
        case XP_MERGE_ADDED:
          {
            const char *note = NULL, *deductions = NULL;
            XpDec value = XP_DEC_NONE;

            xp_merge_change_get_result_full (change, &value, &note, &deductions, NULL);
            summary->scores_added += value != change->mine.value;
            summary->notes_added += g_strcmp0 (note, change->mine.note) != 0;
            summary->deductions_added += g_strcmp0 (deductions, change->mine.deductions) != 0;
          }
          break;
        case XP_MERGE_IDENTICAL:
          summary->identical++;
          break;
        case XP_MERGE_CONFLICT:
          summary->conflicts++;
          summary->kept_mine += change->resolution == XP_MERGE_MINE;
          summary->took_theirs += change->resolution > 0;
          break;
        default:
          g_assert_not_reached ();
        }
    }
  summary->branches_added = self->added_branches->len;
  summary->evaluators_added = self->added_evaluators->len;
  summary->warnings = self->warnings->len;
}

static XpBranch *
copy_branch (XpBranch *theirs)
{
  XpBranch *branch = xp_branch_new (xp_branch_get_id (theirs));

  xp_branch_set_name (branch, xp_branch_get_name (theirs));
  xp_branch_set_enterprise (branch, xp_branch_get_enterprise (theirs));
  xp_branch_set_category (branch, xp_branch_get_category (theirs));
  xp_branch_set_members (branch, xp_branch_get_members (theirs));
  xp_branch_set_secretary (branch, xp_branch_get_secretary (theirs));
  xp_branch_set_founded (branch, xp_branch_get_founded (theirs));
  xp_branch_set_previous_stars (branch, xp_branch_get_previous_stars (theirs));
  xp_branch_set_vetoes (branch, xp_branch_get_vetoes (theirs));
  return branch;
}

/* Sets the ticked deductions of @change's key to @deductions
 * ("KEY=COUNT,…"; NULL: none). */
static void
apply_deductions (XpProject     *master,
                  XpMergeChange *change,
                  const char    *deductions)
{
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (master), change->item_id);
  g_auto(GStrv) pairs = deductions ? g_strsplit (deductions, ",", -1) : NULL;

  for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
    {
      g_autofree char *key = xp_item_dup_deduction_key (item, d);
      g_autoptr(GError) local_error = NULL;
      guint64 count = 0;

      for (guint p = 0; pairs && pairs[p]; p++)
        {
          const char *eq = strrchr (pairs[p], '=');

          if (eq && (gsize) (eq - pairs[p]) == strlen (key) && strncmp (pairs[p], key, strlen (key)) == 0)
            count = g_ascii_strtoull (eq + 1, NULL, 10);
        }
      if (count != xp_project_get_deduction_count (master, change->branch_id, change->evaluator_id,
                                                   change->item_id, key) &&
          !xp_project_set_deduction_count (master, change->branch_id, change->evaluator_id,
                                           change->item_id, key, (guint) count, &local_error))
        g_critical ("Merging the deductions of %s/%s/%s: %s", change->branch_id,
                    change->evaluator_id, change->item_id, local_error->message);
    }
}

gboolean
xp_merge_apply (XpMerge  *self,
                GError  **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return xp_merge_apply_to (self, self->master, error);
}

gboolean
xp_merge_apply_to (XpMerge    *self,
                   XpProject  *target,
                   GError    **error)
{
  GPtrArray *changes;
  guint unresolved;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (XP_IS_PROJECT (target), FALSE);
  g_return_val_if_fail (!self->applied, FALSE);

  if (strcmp (xp_criteria_get_sha256 (xp_project_get_criteria (target)),
              xp_criteria_get_sha256 (xp_project_get_criteria (self->master))) != 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                   _("The project's criteria changed since the merge was planned — import the files again"));
      return FALSE;
    }

  if (self->identities->len > 0)
    {
      g_autoptr(GString) text = g_string_new (NULL);

      g_string_printf (text,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "%u identity conflict — make the files agree (or give one a new id) and merge again; nothing was changed:",
                                    "%u identity conflicts — make the files agree (or give one a new id) and merge again; nothing was changed:",
                                    self->identities->len),
                       self->identities->len);
      for (guint i = 0; i < self->identities->len; i++)
        {
          g_autofree char *line = xp_merge_identity_to_string (self, g_ptr_array_index (self->identities, i));

          g_string_append_printf (text, "\n  %s", line);
        }
      g_set_error_literal (error, XP_ERROR, XP_ERROR_CONFLICT, text->str);
      return FALSE;
    }
  if (!xp_project_check_editable (target, error))
    return FALSE;
  unresolved = xp_merge_count_unresolved (self);
  if (unresolved > 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "%u conflicting score not resolved — choose keep mine or take theirs for each; nothing was changed",
                                "%u conflicting scores not resolved — choose keep mine or take theirs for each; nothing was changed",
                                unresolved),
                   unresolved);
      return FALSE;
    }

  /* The master must still hold what the plan was made from. */
  for (guint i = 0; i < self->added_branches->len; i++)
    {
      XpBranch *branch = g_ptr_array_index (self->added_branches, i);

      if (xp_project_lookup_branch (target, xp_branch_get_id (branch)) != NULL)
        {
          g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                       _("The project changed since the merge was planned (branch %s now exists) — import the files again"),
                       xp_branch_get_id (branch));
          return FALSE;
        }
    }
  for (guint i = 0; i < self->added_evaluators->len; i++)
    {
      XpEvaluator *evaluator = g_ptr_array_index (self->added_evaluators, i);

      if (xp_project_lookup_evaluator (target, xp_evaluator_get_id (evaluator)) != NULL ||
          (xp_evaluator_get_role (evaluator) == XP_ROLE_SELF &&
           xp_project_get_self_evaluator (target) != NULL))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                       _("The project changed since the merge was planned (evaluator %s) — import the files again"),
                       xp_evaluator_get_id (evaluator));
          return FALSE;
        }
    }
  changes = xp_merge_get_changes (self);
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);
      BranchOrigin *branch_origin = g_hash_table_lookup (self->branches, change->branch_id);
      EvaluatorOrigin *evaluator_origin = g_hash_table_lookup (self->evaluators, change->evaluator_id);

      if ((branch_origin->source == 0 && xp_project_lookup_branch (target, change->branch_id) == NULL) ||
          (evaluator_origin->source == 0 && xp_project_lookup_evaluator (target, change->evaluator_id) == NULL))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                       _("The project changed since the merge was planned (branch %s or evaluator %s is gone) — import the files again"),
                       change->branch_id, change->evaluator_id);
          return FALSE;
        }
    }
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);
      g_autofree char *deductions =
        deductions_text (target, change->branch_id, change->evaluator_id,
                         xp_criteria_lookup_item (xp_project_get_criteria (target), change->item_id));

      if (xp_project_get_score (target, change->branch_id, change->evaluator_id, change->item_id) != change->mine.value ||
          g_strcmp0 (xp_project_get_note (target, change->branch_id, change->evaluator_id, change->item_id),
                     change->mine.note) != 0 ||
          g_strcmp0 (deductions, change->mine.deductions) != 0)
        {
          g_autofree char *key = xp_merge_change_get_key (change);

          g_set_error (error, XP_ERROR, XP_ERROR_MISMATCH,
                       _("The project changed since the merge was planned (%s) — import the files again"), key);
          return FALSE;
        }
    }

  /* Nothing can fail from here: the incoming files were loaded against
   * the same criteria, and every branch keeps its category. */
  self->applied = TRUE;
  for (guint i = 0; i < self->added_evaluators->len; i++)
    {
      XpEvaluator *theirs = g_ptr_array_index (self->added_evaluators, i);
      g_autoptr(XpEvaluator) evaluator = xp_evaluator_new (xp_evaluator_get_id (theirs),
                                                           xp_evaluator_get_name (theirs),
                                                           xp_evaluator_get_role (theirs));
      g_autoptr(GError) local_error = NULL;

      if (!xp_project_add_evaluator (target, evaluator, &local_error))
        g_critical ("Merging evaluator %s: %s", xp_evaluator_get_id (theirs), local_error->message);
    }
  for (guint i = 0; i < self->added_branches->len; i++)
    {
      g_autoptr(XpBranch) branch = copy_branch (g_ptr_array_index (self->added_branches, i));
      g_autoptr(GError) local_error = NULL;

      if (!xp_project_add_branch (target, branch, &local_error))
        g_critical ("Merging branch %s: %s", xp_branch_get_id (branch), local_error->message);
    }
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);
      const XpMergeSide *value_side = NULL;
      const char *note = NULL, *deductions = NULL;
      XpDec value = XP_DEC_NONE;
      g_autoptr(GError) local_error = NULL;

      xp_merge_change_get_result_full (change, &value, &note, &deductions, &value_side);
      /* The score keeps who entered it and when, on the other machine. */
      if (value != change->mine.value &&
          !xp_project_set_score_full (target, change->branch_id, change->evaluator_id,
                                      change->item_id, value, value_side->by, value_side->at,
                                      &local_error))
        g_critical ("Merging %s/%s/%s: %s", change->branch_id, change->evaluator_id,
                    change->item_id, local_error->message);
      if (g_strcmp0 (note, change->mine.note) != 0)
        xp_project_set_note (target, change->branch_id, change->evaluator_id,
                             change->item_id, note);
      if (g_strcmp0 (deductions, change->mine.deductions) != 0)
        apply_deductions (target, change, deductions);
    }
  return TRUE;
}

char *
xp_merge_identity_to_string (XpMerge         *self,
                             XpMergeIdentity *identity)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (identity != NULL, NULL);

  if (identity->kind == XP_MERGE_IDENTITY_EVALUATOR && g_str_equal (identity->field, "role") &&
      g_str_equal (identity->theirs, "self") && !g_str_equal (identity->mine, "group"))
    return g_strdup_printf (_("evaluator %s: %s brings a second self-assessment evaluator, %s already has “%s” — a project has only one"),
                            identity->id, source_name (self, identity->their_source),
                            source_name (self, identity->mine_source), identity->mine);
  /* Translators: the id, the differing field (a file-format key such as
   * name or category), the master's value and file, the incoming value and file */
  return g_strdup_printf (identity->kind == XP_MERGE_IDENTITY_BRANCH
                            ? _("branch %s: %s “%s” in %s, “%s” in %s")
                            : _("evaluator %s: %s “%s” in %s, “%s” in %s"),
                          identity->id, identity->field,
                          identity->mine, source_name (self, identity->mine_source),
                          identity->theirs, source_name (self, identity->their_source));
}

char *
xp_merge_change_get_key (XpMergeChange *change)
{
  g_return_val_if_fail (change != NULL, NULL);
  return g_strdup_printf ("%s/%s/%s", change->branch_id, change->evaluator_id, change->item_id);
}
