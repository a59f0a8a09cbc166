/* xp-new-dialog.h — New Assessment: criteria, title, branches, evaluators
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-csv-preview-view.h"
#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_NEW_DIALOG (xp_new_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpNewDialog, xp_new_dialog, XP, NEW_DIALOG, AdwWindow)

/* @settings may be NULL; its "default-evaluator-name" names the first
 * evaluator.  ::created (XpProject *project) is emitted when Create
 * succeeds; the dialog then closes. */
XpNewDialog *xp_new_dialog_new                (GtkWindow   *parent,
                                               GSettings   *settings);
/* NULL: the installed default scheme (criteria/default.xml). */
void         xp_new_dialog_set_criteria_file  (XpNewDialog *self,
                                               GFile       *file);
/* The criteria file Create will use, or NULL when none is available. */
GFile       *xp_new_dialog_get_criteria_file  (XpNewDialog *self);
/* The branch list is previewed at once (xp_new_dialog_get_preview_view):
 * every row, and every error with its line and what to fix. */
void         xp_new_dialog_set_branches_file  (XpNewDialog *self,
                                               GFile       *file);
/* FALSE while a row of the branch list has an error: the action
 * new.create (the Create button) is disabled then. */
gboolean     xp_new_dialog_can_create         (XpNewDialog *self);
XpCsvPreviewView *xp_new_dialog_get_preview_view (XpNewDialog *self);
void         xp_new_dialog_set_assessment_title (XpNewDialog *self,
                                                 const char  *title);
/* Group evaluators' names separated by commas. */
void         xp_new_dialog_set_evaluator_names (XpNewDialog *self,
                                                const char  *names);
void         xp_new_dialog_set_self_evaluator (XpNewDialog *self,
                                               gboolean     with_self);
/* Builds the project from the fields; on failure the message is shown in
 * the dialog and returned in @error. */
XpProject   *xp_new_dialog_build_project      (XpNewDialog *self,
                                               GError     **error);
/* What Create does: build, emit ::created, close.  FALSE on failure. */
gboolean     xp_new_dialog_create             (XpNewDialog *self);
/* The error shown, or NULL. */
const char  *xp_new_dialog_get_error_text     (XpNewDialog *self);

G_END_DECLS
