/* xp-evaluator-dialog.h — add an evaluator or rename one; who scores, per project
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_EVALUATOR_DIALOG (xp_evaluator_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpEvaluatorDialog, xp_evaluator_dialog, XP, EVALUATOR_DIALOG, AdwMessageDialog)

/* @evaluator NULL: add a new one (response "add"); otherwise rename it
 * (response "save").  The dialog checks the fields as they are typed and
 * keeps its response disabled, with a message, while they are invalid. */
GtkWidget   *xp_evaluator_dialog_new          (GtkWindow         *parent,
                                               XpProject         *project,
                                               XpEvaluator       *evaluator);
AdwEntryRow *xp_evaluator_dialog_get_name_row (XpEvaluatorDialog *self);
AdwComboRow *xp_evaluator_dialog_get_role_row (XpEvaluatorDialog *self);
/* What is wrong with the fields now, or NULL. */
const char  *xp_evaluator_dialog_get_problem  (XpEvaluatorDialog *self);
/* Adds or renames as the fields say.  Returns the evaluator (not owned),
 * or NULL with @error set when the fields are invalid. */
XpEvaluator *xp_evaluator_dialog_apply        (XpEvaluatorDialog *self,
                                               GError           **error);

/* The next free group id: e1, e2, … (one more than the highest eN). */
char        *xp_evaluator_next_id             (XpProject         *project);
/* How many scores (and notes) @evaluator_id holds in @project. */
guint        xp_evaluator_count_scores        (XpProject         *project,
                                               const char        *evaluator_id);

/* Who scored last in the project file @path: an evaluator id kept in a
 * small state file under the user data dir (never in the project). */
char        *xp_evaluator_state_lookup        (const char        *path);
void         xp_evaluator_state_remember      (const char        *path,
                                               const char        *evaluator_id);

G_END_DECLS
