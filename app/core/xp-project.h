/* xp-project.h — an assessment: criteria, evaluators, branches and scores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xp-types.h"
#include "xp-criteria.h"

G_BEGIN_DECLS

#define XP_PROJECT_FORMAT  "xingping-project"
/* The version written; version 1 files (no who/when, audit or seal) and
 * version 2 files (audit entries as objects, every who/when written out)
 * are read too.  docs/project-format.md describes the format. */
#define XP_PROJECT_VERSION 3

#define XP_TYPE_EVALUATOR (xp_evaluator_get_type ())
#define XP_TYPE_BRANCH    (xp_branch_get_type ())
#define XP_TYPE_PROJECT   (xp_project_get_type ())

G_DECLARE_FINAL_TYPE (XpEvaluator, xp_evaluator, XP, EVALUATOR, GObject)
G_DECLARE_FINAL_TYPE (XpBranch, xp_branch, XP, BRANCH, GObject)
G_DECLARE_FINAL_TYPE (XpProject, xp_project, XP, PROJECT, GObject)

/* ---- evaluators ---- */
XpEvaluator *xp_evaluator_new           (const char  *id,
                                         const char  *name,
                                         XpRole       role);
const char  *xp_evaluator_get_id        (XpEvaluator *self);
const char  *xp_evaluator_get_name      (XpEvaluator *self);
void         xp_evaluator_set_name      (XpEvaluator *self,
                                         const char  *name);
XpRole       xp_evaluator_get_role      (XpEvaluator *self);
const char  *xp_role_to_string          (XpRole       role);
gboolean     xp_role_from_string        (const char  *text,
                                         XpRole      *role);

/* ---- branches ----
 * A branch's facts are GObject properties ("name", "enterprise",
 * "category", "members", "secretary", "founded", "previous-stars",
 * "vetoes"); members and previous-stars are -1 when unknown. */
XpBranch    *xp_branch_new              (const char  *id);
const char  *xp_branch_get_id           (XpBranch    *self);
const char  *xp_branch_get_name         (XpBranch    *self);
void         xp_branch_set_name         (XpBranch    *self,
                                         const char  *name);
const char  *xp_branch_get_enterprise   (XpBranch    *self);
void         xp_branch_set_enterprise   (XpBranch    *self,
                                         const char  *enterprise);
const char  *xp_branch_get_category     (XpBranch    *self);
void         xp_branch_set_category     (XpBranch    *self,
                                         const char  *category);
int          xp_branch_get_members      (XpBranch    *self);
void         xp_branch_set_members      (XpBranch    *self,
                                         int          members);
const char  *xp_branch_get_secretary    (XpBranch    *self);
void         xp_branch_set_secretary    (XpBranch    *self,
                                         const char  *secretary);
const char  *xp_branch_get_founded      (XpBranch    *self);
void         xp_branch_set_founded      (XpBranch    *self,
                                         const char  *founded);
int          xp_branch_get_previous_stars (XpBranch  *self);
void         xp_branch_set_previous_stars (XpBranch  *self,
                                           int        stars);
/* NULL-terminated veto ids recorded on the branch (never NULL). */
const char * const *xp_branch_get_vetoes (XpBranch   *self);
void         xp_branch_set_vetoes       (XpBranch    *self,
                                         const char * const *vetoes);
gboolean     xp_branch_has_veto         (XpBranch    *self,
                                         const char  *veto_id);

/* ---- project ---- */
XpProject   *xp_project_new             (XpCriteria  *criteria);
/* A copy of the evaluators, the branches' facts and the scores — no
 * notes, ticked deductions, who/when, audit log or seal — with its own
 * copy of the criteria (nothing shared: not even reading a GListModel is
 * safe from two threads at once): for computing rankings and statistics
 * in another thread while this project goes on being edited.  Quick:
 * the scores are copied, not serialised, and nothing is signalled. */
XpProject   *xp_project_snapshot        (XpProject   *self);
XpProject   *xp_project_new_from_bytes  (GBytes      *json,
                                         const char  *display_name,
                                         GError     **error);
XpProject   *xp_project_new_from_file   (const char  *path,
                                         GError     **error);
/* The same, telling @progress how far it has come (parsing the text,
 * then building the project), ending with 1.0 on success. */
XpProject   *xp_project_new_from_file_full (const char      *path,
                                            XpProgressFunc   progress,
                                            gpointer         progress_data,
                                            GError         **error);
/* Canonical JSON of the project (UTF-8, 2-space indent, trailing \n). */
GBytes      *xp_project_to_bytes        (XpProject   *self);
/* Atomic: writes PATH.tmp-XXXXXX, fsyncs it, keeps the previous file as
 * the backup (xp_project_backup_path()), renames over PATH, fsyncs the
 * directory; then removes PATH.tmp-XXXXXX files that interrupted saves
 * left behind.  On failure the message names PATH and the reason, and
 * PATH is unchanged. */
/* Where saving PATH keeps its previous version: PATH~, except for a file
 * reached through the document portal (a Flatpak sandbox), where only the
 * chosen file itself can be replaced: there it is
 * DATA/xingping/backups/HASH-NAME~ in the user data folder. */
char        *xp_project_backup_path     (const char  *path);
gboolean     xp_project_save_to_file    (XpProject   *self,
                                         const char  *path,
                                         GError     **error);

XpCriteria  *xp_project_get_criteria    (XpProject   *self);
const char  *xp_project_get_title       (XpProject   *self);
void         xp_project_set_title       (XpProject   *self,
                                         const char  *title);
/* GListModel of XpEvaluator / XpBranch, in file order. */
GListModel  *xp_project_get_evaluators  (XpProject   *self);
GListModel  *xp_project_get_branches    (XpProject   *self);
XpEvaluator *xp_project_lookup_evaluator(XpProject   *self,
                                         const char  *id);
XpBranch    *xp_project_lookup_branch   (XpProject   *self,
                                         const char  *id);
/* The one evaluator with role self, or NULL. */
XpEvaluator *xp_project_get_self_evaluator (XpProject *self);
gboolean     xp_project_add_evaluator   (XpProject   *self,
                                         XpEvaluator *evaluator,
                                         GError     **error);
/* Fails on a duplicate id or an unknown category / veto. */
gboolean     xp_project_add_branch      (XpProject   *self,
                                         XpBranch    *branch,
                                         GError     **error);
gboolean     xp_project_remove_branch   (XpProject   *self,
                                         const char  *branch_id);
/* Drops the evaluator and all its scores, notes and deductions; emits
 * ::score-changed for each dropped score so rankings follow. */
gboolean     xp_project_remove_evaluator (XpProject  *self,
                                          const char *evaluator_id,
                                          GError    **error);

/* Scores.  Setting validates: known branch, evaluator and item, the item
 * applies to the branch's category, value in [0, max] and on the step.
 * XP_DEC_NONE clears.  Emits ::score-changed. */
gboolean     xp_project_set_score       (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id,
                                         XpDec        value,
                                         GError     **error);
/* XP_DEC_NONE when unscored. */
XpDec        xp_project_get_score       (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id);
const char  *xp_project_get_note        (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id);
void         xp_project_set_note        (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id,
                                         const char  *note);
/* Deductions ticked as the reason for a score (DESIGN.md "Criteria XML":
 * the number stays the truth).  KEY is xp_item_dup_deduction_key ().
 * COUNT 0 unticks; a per="once" deduction allows only 1.  Fails on an
 * unknown branch / evaluator / item / key or an item that does not apply
 * to the branch.  Emits ::annotation-changed. */
guint        xp_project_get_deduction_count (XpProject  *self,
                                             const char *branch_id,
                                             const char *evaluator_id,
                                             const char *item_id,
                                             const char *key);
gboolean     xp_project_set_deduction_count (XpProject  *self,
                                             const char *branch_id,
                                             const char *evaluator_id,
                                             const char *item_id,
                                             const char *key,
                                             guint       count,
                                             GError    **error);
/* Signal "annotation-changed" (branch_id, evaluator_id, item_id: strings)
 * is emitted by xp_project_set_note (when the note changes; it emits
 * ::score-changed too, as before) and by deduction changes. */

/* Number of applicable dimension items scored / applicable. */
void         xp_project_get_progress    (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         guint       *n_scored,
                                         guint       *n_items);
gboolean     xp_project_sheet_is_complete (XpProject *self,
                                           const char *branch_id,
                                           const char *evaluator_id);

/* ---- who and when (format version 2) ----
 *
 * Every change made through the project's setters is stamped with the
 * actor (who) and the time (UTC, whole seconds since the Unix epoch).
 * The actor defaults to the user's real name (g_get_real_name ()). */
void         xp_project_set_actor       (XpProject   *self,
                                         const char  *name);
const char  *xp_project_get_actor       (XpProject   *self);
/* Test hook: a fixed "now" (seconds since the epoch) for the stamps; 0
 * goes back to the clock.  Without it the environment variable
 * XINGPING_NOW (ISO 8601, e.g. 2026-11-24T08:00:00Z) is used when set. */
void         xp_project_set_now         (XpProject   *self,
                                         gint64       unix_time);
gint64       xp_project_now             (XpProject   *self);
/* "2026-11-24T08:00:00Z" */
char        *xp_time_to_iso8601         (gint64       unix_time);
/* Accepts ISO 8601 with a time zone (Z or ±hh:mm); FALSE otherwise. */
gboolean     xp_time_from_iso8601       (const char  *text,
                                         gint64      *unix_time);

/* Who last entered or changed the score of (branch, evaluator, item) and
 * when.  FALSE when the item is unscored or its origin is unknown (it
 * came from a version 1 file); @by and @at are then left alone.  @by
 * stays valid until the score changes. */
gboolean     xp_project_get_score_meta  (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id,
                                         const char **by,
                                         gint64      *at);
/* For merging work done elsewhere: sets the score exactly like
 * xp_project_set_score () (same checks, signal and audit entry under
 * the project's actor) but keeps @by / @at — who entered it and when,
 * on the other machine — as the score's metadata.  @by NULL or @at 0:
 * unknown.  A value equal to the current one only updates the
 * metadata. */
gboolean     xp_project_set_score_full  (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         const char  *item_id,
                                         XpDec        value,
                                         const char  *by,
                                         gint64       at,
                                         GError     **error);

/* ---- audit log ----
 *
 * Append-only: every score set, changed or cleared (including the scores
 * dropped with a branch or an evaluator), and every seal and reopen.
 * Loading a file does not add entries. */
typedef enum {
  XP_AUDIT_SET,      /* an unscored item got a score */
  XP_AUDIT_CHANGE,   /* a score changed */
  XP_AUDIT_CLEAR,    /* a score was removed */
  XP_AUDIT_SEAL,     /* the assessment was sealed as final */
  XP_AUDIT_REOPEN,   /* a sealed assessment was reopened */
} XpAuditAction;

typedef struct {
  XpAuditAction action;
  gint64        at;            /* seconds since the epoch, UTC */
  const char   *by;
  const char   *branch_id;     /* NULL for seal and reopen */
  const char   *evaluator_id;  /* NULL for seal and reopen */
  const char   *item_id;       /* NULL for seal and reopen */
  XpDec         old_value;     /* XP_DEC_NONE for set, seal, reopen */
  XpDec         new_value;     /* XP_DEC_NONE for clear, seal, reopen */
  const char   *reason;        /* reopen only, else NULL */
} XpAuditEntry;

guint               xp_project_get_n_audit_entries (XpProject *self);
/* Entries are never changed or freed while the project lives. */
const XpAuditEntry *xp_project_get_audit_entry     (XpProject *self,
                                                    guint      index);
/* The entries about @branch_id plus every seal and reopen, oldest
 * first; every entry when @branch_id is NULL.  Free with
 * g_ptr_array_unref (); the entries belong to the project. */
GPtrArray          *xp_project_list_audit          (XpProject *self,
                                                    const char *branch_id);
/* "set", "change", "clear", "seal", "reopen" (the file's words). */
const char         *xp_audit_action_to_string      (XpAuditAction action);

/* ---- sealing ----
 *
 * A sealed assessment is final: every setter that changes scores, notes,
 * deductions, branches or evaluators fails with XP_ERROR_SEALED (the
 * void ones — xp_project_set_note (), xp_branch_set_* (),
 * xp_evaluator_set_name () — change nothing) until it is reopened.
 * Both are logged in the audit with who and when.  The property
 * "sealed" (boolean) notifies. */
gboolean     xp_project_seal            (XpProject   *self,
                                         GError     **error);
/* @reason is required (it goes into the audit). */
gboolean     xp_project_reopen          (XpProject   *self,
                                         const char  *reason,
                                         GError     **error);
gboolean     xp_project_is_sealed       (XpProject   *self);
/* Who sealed it and when; FALSE when not sealed. */
gboolean     xp_project_get_seal        (XpProject   *self,
                                         const char **by,
                                         gint64      *at);
/* TRUE when changes are allowed; otherwise FALSE and XP_ERROR_SEALED:
 * "The assessment is sealed as final by X on DATE; reopen it first". */
gboolean     xp_project_check_editable  (XpProject   *self,
                                         GError     **error);

G_END_DECLS
