/* xp-score-page.h — one branch's score sheet for one evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-project.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_SCORE_PAGE (xp_score_page_get_type ())

G_DECLARE_FINAL_TYPE (XpScorePage, xp_score_page, XP, SCORE_PAGE, AdwBin)

GtkWidget  *xp_score_page_new            (void);
void        xp_score_page_set_project    (XpScorePage *self,
                                          XpProject   *project,
                                          XpRanking   *ranking);
void        xp_score_page_set_branch     (XpScorePage *self,
                                          XpBranch    *branch);
XpBranch   *xp_score_page_get_branch     (XpScorePage *self);
void        xp_score_page_set_evaluator  (XpScorePage *self,
                                          XpEvaluator *evaluator);
/* Types @text into the item's score field and commits it, as a user
 * pressing Enter would.  FALSE when the value was refused (a toast says
 * why and the score is unchanged). */
gboolean    xp_score_page_enter_score    (XpScorePage *self,
                                          const char  *item_id,
                                          const char  *text);
/* While the assessment is sealed as final the score fields are read-only. */
void        xp_score_page_set_sealed     (XpScorePage *self,
                                          gboolean     sealed);
/* What the summary shows. */
const char *xp_score_page_get_total_text    (XpScorePage *self);
const char *xp_score_page_get_progress_text (XpScorePage *self);
const char *xp_score_page_get_stars_text    (XpScorePage *self);
/* The message of the last refused value, or NULL. */
const char *xp_score_page_get_last_error    (XpScorePage *self);
/* Sets the item's note to @text as typing it in the note's popover and
 * closing it would (without presenting the popover). */
gboolean    xp_score_page_enter_note        (XpScorePage *self,
                                             const char  *item_id,
                                             const char  *text);
gboolean    xp_score_page_item_has_note_indicator (XpScorePage *self,
                                                   const char  *item_id);
/* The item's score field, or NULL when the item is not on the sheet.
 * Tab / Enter in a field (actions score.next-item and
 * score.previous-item) commit it and move to the next / previous one. */
GtkWidget  *xp_score_page_get_field         (XpScorePage *self,
                                             const char  *item_id);
/* Ticks deduction @index of the item (@count times for per="each"; 0
 * unticks) as a click would: the score becomes max − Σ, floored at 0. */
gboolean    xp_score_page_tick_deduction    (XpScorePage *self,
                                             const char  *item_id,
                                             guint        index,
                                             guint        count);
gboolean    xp_score_page_deduction_is_ticked (XpScorePage *self,
                                               const char  *item_id,
                                               guint        index);

G_END_DECLS
