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
#include "xp-welcome-page.h"

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

/* Plans merging @files (evaluators' copies) into the project and shows
 * the preview (XpMergeDialog); NULL, with an error dialog, when a file
 * does not load or comes from another scheme.  Nothing changes until
 * the preview's Apply. */
GtkWindow   *xp_window_import_work     (XpWindow      *self,
                                        GFile        **files,
                                        guint          n_files);
void         xp_window_show_toast      (XpWindow      *self,
                                        const char    *message);
/* After a bulk change (a CSV import): the project is unsaved; with
 * @reset_undo the undo history restarts from its current state. */
void         xp_window_project_changed (XpWindow      *self,
                                        gboolean       reset_undo);

char       **xp_window_list_autosaves  (void);
gboolean     xp_window_recover_autosave (XpWindow     *self,
                                         const char   *autosave_path,
                                         GError      **error);
gboolean     xp_window_offer_recovery  (XpWindow      *self);

/* Opening and creating (see xp-window.c). */
void         xp_window_load_file       (XpWindow      *self,
                                        GFile         *file);
gboolean     xp_window_is_loading      (XpWindow      *self);
/* The opening progress bar's fraction (0 when not opening). */
double       xp_window_get_load_fraction (XpWindow    *self);
XpWindow    *xp_window_show_new_project (XpWindow     *self,
                                         XpProject    *project);
void         xp_window_set_autosave_interval (XpWindow *self,
                                              guint     seconds);
guint        xp_window_get_autosave_interval (XpWindow *self);
const char  *xp_window_get_autosave_path (XpWindow    *self);
XpWelcomePage *xp_window_get_welcome_page (XpWindow   *self);
/* The sidebar: the branch list as shown, and its filters (category:
 * 0 all, 1 + n the scheme's category n; status: 0 any, 1 not started,
 * 2 in progress, 3 complete for the current evaluator). */
GListModel  *xp_window_get_branch_list_model (XpWindow   *self);
GtkDropDown *xp_window_get_category_filter   (XpWindow   *self);
GtkDropDown *xp_window_get_status_filter     (XpWindow   *self);

G_END_DECLS
