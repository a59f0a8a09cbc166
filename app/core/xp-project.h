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
#define XP_PROJECT_VERSION 1

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
XpProject   *xp_project_new_from_bytes  (GBytes      *json,
                                         const char  *display_name,
                                         GError     **error);
XpProject   *xp_project_new_from_file   (const char  *path,
                                         GError     **error);
/* Canonical JSON of the project (UTF-8, 2-space indent, trailing \n). */
GBytes      *xp_project_to_bytes        (XpProject   *self);
/* Atomic: writes PATH.tmp-XXXXXX, fsyncs it, keeps the previous file as
 * PATH~ (backup), renames over PATH, fsyncs the directory; then removes
 * PATH.tmp-XXXXXX files that interrupted saves left behind.  On failure
 * the message names PATH and the reason, and PATH is unchanged. */
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
/* Number of applicable dimension items scored / applicable. */
void         xp_project_get_progress    (XpProject   *self,
                                         const char  *branch_id,
                                         const char  *evaluator_id,
                                         guint       *n_scored,
                                         guint       *n_items);
gboolean     xp_project_sheet_is_complete (XpProject *self,
                                           const char *branch_id,
                                           const char *evaluator_id);

G_END_DECLS
