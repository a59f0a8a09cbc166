/* xp-branch-dialog.h — add a branch or edit its facts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_BRANCH_DIALOG (xp_branch_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpBranchDialog, xp_branch_dialog, XP, BRANCH_DIALOG, AdwWindow)

/* @branch NULL: add a new branch.  The "branch.save" action (the header
 * bar's Add / Save button, Ctrl+Return) applies the fields and closes the
 * dialog, emitting ::applied with the branch; it is disabled, with a
 * message under the header, while a field is invalid. */
GtkWidget     *xp_branch_dialog_new              (GtkWindow      *parent,
                                                  XpProject      *project,
                                                  XpBranch       *branch);
AdwEntryRow   *xp_branch_dialog_get_name_row     (XpBranchDialog *self);
AdwEntryRow   *xp_branch_dialog_get_enterprise_row (XpBranchDialog *self);
AdwComboRow   *xp_branch_dialog_get_category_row (XpBranchDialog *self);
GtkSpinButton *xp_branch_dialog_get_members_spin (XpBranchDialog *self);
AdwEntryRow   *xp_branch_dialog_get_secretary_row (XpBranchDialog *self);
AdwEntryRow   *xp_branch_dialog_get_founded_row  (XpBranchDialog *self);
/* Position 0: unknown; 1 + n: n stars. */
AdwComboRow   *xp_branch_dialog_get_previous_row (XpBranchDialog *self);
GtkSwitch     *xp_branch_dialog_get_veto_switch  (XpBranchDialog *self,
                                                  const char     *veto_id);
/* What is wrong with the fields now, or NULL. */
const char    *xp_branch_dialog_get_problem      (XpBranchDialog *self);
/* The next free id: b001, b002, … */
char          *xp_branch_next_id                 (XpProject      *project);
/* Scores held by @branch over all evaluators. */
guint          xp_branch_count_scores            (XpProject      *project,
                                                  XpBranch       *branch);

G_END_DECLS
