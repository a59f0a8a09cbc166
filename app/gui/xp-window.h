/* xp-window.h — the main window: welcome page, branch list, score sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-application.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "xp-results-page.h"
#include "xp-score-page.h"

G_BEGIN_DECLS

#define XP_TYPE_WINDOW (xp_window_get_type ())

G_DECLARE_FINAL_TYPE (XpWindow, xp_window, XP, WINDOW, AdwApplicationWindow)

XpWindow    *xp_window_new             (XpApplication *application);
/* Loads @file; on failure a dialog says why and the window is unchanged.
 * When someone else has it open, asks first (xp-lock-dialog.h) and
 * returns FALSE: the answer opens it, read-only or anyway, or not. */
gboolean     xp_window_open_file       (XpWindow      *self,
                                        GFile         *file);
/* Shows @project, already loaded from @file (after the lock check). */
void         xp_window_show_project    (XpWindow      *self,
                                        XpProject     *project,
                                        GFile         *file);
XpProject   *xp_window_get_project     (XpWindow      *self);
XpRanking   *xp_window_get_ranking     (XpWindow      *self);
GFile       *xp_window_get_file        (XpWindow      *self);
XpScorePage *xp_window_get_score_page  (XpWindow      *self);
XpEvaluator *xp_window_get_evaluator   (XpWindow      *self);
void         xp_window_set_evaluator   (XpWindow      *self,
                                        XpEvaluator   *evaluator);
/* Selects the branch in the sidebar (clearing a search that hides it). */
gboolean     xp_window_select_branch   (XpWindow      *self,
                                        const char    *branch_id);
/* Writes the project to @file atomically and makes it the window's file. */
gboolean     xp_window_save_to_file    (XpWindow      *self,
                                        GFile         *file,
                                        GError       **error);
/* "welcome" or "project". */
const char  *xp_window_get_page_name   (XpWindow      *self);
/* "scoring" or "results": the view shown while a project is open. */
const char  *xp_window_get_view_name   (XpWindow      *self);
XpResultsPage *xp_window_get_results_page (XpWindow   *self);
gboolean     xp_window_get_dirty       (XpWindow      *self);
/* Writes the ranked JSON (xp_ranking_to_json) to @file. */
gboolean     xp_window_export_json     (XpWindow      *self,
                                        GFile         *file,
                                        GError       **error);

char       **xp_window_list_autosaves  (void);
gboolean     xp_window_recover_autosave (XpWindow     *self,
                                         const char   *autosave_path,
                                         GError      **error);
gboolean     xp_window_offer_recovery  (XpWindow      *self);

G_END_DECLS
