/* xp-merge.h — bring evaluators' project files into the master
 *
 * A merge is planned first and changes nothing: xp_merge_new() takes the
 * master, xp_merge_add_source() each incoming file (a copy of the master
 * an evaluator worked on).  The plan lists, per (branch, evaluator,
 * item), what each incoming file brings:
 *
 *   added      the master has no score (or note) there, the incoming
 *              files agree on one: it will be added;
 *   identical  the incoming value and note equal the master's: nothing;
 *   conflict   the master and an incoming file, or two incoming files,
 *              hold different values (or different notes, or different
 *              ticked deductions) there.
 *
 * A key's value, note and ticked deductions travel together: keep mine
 * keeps all three as the master has them, take theirs takes what the
 * incoming file has (a part it lacks stays the master's).  A merged score
 * keeps who entered it and when on the other machine
 * (xp_project_set_score_full); the master's audit log records the merge
 * under the master's actor.
 *
 * A score or note missing from an incoming file is never a deletion: the
 * master keeps what it has.  Branches and evaluators that only an
 * incoming file has are added, matched by id.  An id that names
 * different things on two sides (a branch's name, enterprise or
 * category; an evaluator's name or role) is an identity conflict: it
 * blocks the merge until the files agree.  A file made from another
 * criteria scheme (other sha256) is refused by xp_merge_add_source();
 * another title only warns.
 *
 * Every conflict must be resolved (keep mine: the master's value and
 * note stay; take theirs: the incoming file's) before xp_merge_apply()
 * changes the master, through the project's public setters, in one go.
 * A sealed master refuses (XP_ERROR_SEALED) before anything changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-project.h"

G_BEGIN_DECLS

typedef struct _XpMerge XpMerge;

typedef enum {
  XP_MERGE_ADDED,
  XP_MERGE_IDENTICAL,
  XP_MERGE_CONFLICT,
} XpMergeKind;

/* Resolutions of a conflict: XP_MERGE_UNRESOLVED, XP_MERGE_MINE, or the
 * 1-based number of the incoming file whose value and note to take. */
#define XP_MERGE_UNRESOLVED (-1)
#define XP_MERGE_MINE       0

/* One side of a (branch, evaluator, item): what one file holds there. */
typedef struct {
  guint  source;  /* 0: the master; k ≥ 1: the k-th incoming file */
  XpDec  value;   /* XP_DEC_NONE: no score */
  char  *note;    /* NULL: no note */
  char  *deductions; /* ticked deductions, "KEY=COUNT,…" in the
                      * criteria's order; NULL: none */
  char  *by;      /* who entered the score, NULL when not recorded */
  gint64 at;      /* when (seconds since the epoch, UTC), 0 when not recorded */
} XpMergeSide;

typedef struct {
  XpMergeKind  kind;
  char        *branch_id;
  char        *evaluator_id;
  char        *item_id;
  XpMergeSide  mine;    /* the master (value NONE for a new branch) */
  GPtrArray   *theirs;  /* XpMergeSide *: each incoming file with a
                         * score or note here, in file order */
  int          resolution;
} XpMergeChange;

typedef enum {
  XP_MERGE_IDENTITY_BRANCH,
  XP_MERGE_IDENTITY_EVALUATOR,
} XpMergeIdentityKind;

/* An id that means different things on two sides. */
typedef struct {
  XpMergeIdentityKind kind;
  char  *id;
  char  *field;        /* "name", "enterprise", "category", "role" */
  guint  mine_source;  /* 0: the master, else the incoming file that brought it first */
  char  *mine;
  guint  their_source;
  char  *theirs;
} XpMergeIdentity;

XpMerge      *xp_merge_new              (XpProject   *master);
void          xp_merge_free             (XpMerge     *self);

/* Plans @incoming into the merge.  @name names it in messages (its
 * path).  Fails, adding nothing, when it was made from another criteria
 * scheme.  Returns the file's 1-based source number in @source. */
gboolean      xp_merge_add_source       (XpMerge     *self,
                                         XpProject   *incoming,
                                         const char  *name,
                                         guint       *source,
                                         GError     **error);
guint         xp_merge_get_n_sources    (XpMerge     *self);
/* 0: the master's name (NULL unless set), k: the k-th incoming file. */
const char   *xp_merge_get_source_name  (XpMerge     *self,
                                         guint        source);
void          xp_merge_set_master_name  (XpMerge     *self,
                                         const char  *name);

/* Every planned change (XpMergeChange *), sorted by branch id, evaluator
 * id and the item's order in the criteria. */
GPtrArray    *xp_merge_get_changes      (XpMerge     *self);
XpMergeChange *xp_merge_lookup_change   (XpMerge     *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id);
guint         xp_merge_count            (XpMerge     *self,
                                         XpMergeKind  kind);
/* Conflicts not resolved yet. */
guint         xp_merge_count_unresolved (XpMerge     *self);
/* XpMergeIdentity *, in the order found. */
GPtrArray    *xp_merge_get_identity_conflicts (XpMerge *self);
/* Branches / evaluators (owned by the incoming files) the merge adds. */
GPtrArray    *xp_merge_get_added_branches   (XpMerge *self);
GPtrArray    *xp_merge_get_added_evaluators (XpMerge *self);
/* Human-readable warnings (char *): another title, branch facts that
 * differ and are kept as the master has them. */
GPtrArray    *xp_merge_get_warnings     (XpMerge     *self);

/* Sets a conflict's resolution.  XP_MERGE_MINE, or the number of an
 * incoming file that holds a value or note there. */
gboolean      xp_merge_resolve          (XpMerge       *self,
                                         XpMergeChange *change,
                                         int            resolution,
                                         GError       **error);
/* The incoming side a "take theirs" means: the one incoming file with a
 * value here, or 0 when the incoming files disagree among themselves
 * (then a file must be named). */
guint         xp_merge_change_get_theirs (XpMergeChange *change);
/* Does @side (one of @change's theirs) bring a value, note or
 * deductions the master does not hold there? */
gboolean      xp_merge_side_differs     (const XpMergeChange *change,
                                         const XpMergeSide   *side);
/* Resolves every unresolved conflict: keep mine, or take theirs where
 * that names one file.  Returns how many stay unresolved. */
guint         xp_merge_resolve_all      (XpMerge     *self,
                                         gboolean     take_theirs);

/* What the master would hold after applying @change as resolved; each
 * out argument may be NULL. */
XpDec         xp_merge_change_get_result (XpMergeChange *change,
                                          const char   **note);
void          xp_merge_change_get_result_full (XpMergeChange      *change,
                                               XpDec              *value,
                                               const char        **note,
                                               const char        **deductions,
                                               const XpMergeSide **value_side);

typedef struct {
  guint scores_added;
  guint notes_added;
  guint deductions_added;   /* keys whose ticked deductions are added */
  guint identical;
  guint conflicts;
  guint kept_mine;
  guint took_theirs;
  guint branches_added;
  guint evaluators_added;
  guint warnings;
} XpMergeSummary;

void          xp_merge_get_summary      (XpMerge        *self,
                                         XpMergeSummary *summary);

/* Changes the master as planned and resolved.  Refuses (XP_ERROR_CONFLICT,
 * nothing changed) while an identity conflict or an unresolved conflict
 * remains, and (XP_ERROR_MISMATCH) when the master changed since a
 * change was planned. */
gboolean      xp_merge_apply            (XpMerge     *self,
                                         GError     **error);
/* The same plan applied to @target instead: a project holding the same
 * data as the master where the plan touches it (a copy of the master,
 * say, that no view listens to).  The same checks refuse the same way. */
gboolean      xp_merge_apply_to         (XpMerge     *self,
                                         XpProject   *target,
                                         GError     **error);

/* "branch b002: name “…” in the master, “…” in in1.xingping" */
char         *xp_merge_identity_to_string (XpMerge         *self,
                                           XpMergeIdentity *identity);

/* "b001/e1/D1.1", for messages and the CLI's --resolve. */
char         *xp_merge_change_get_key   (XpMergeChange *change);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (XpMerge, xp_merge_free)

G_END_DECLS
