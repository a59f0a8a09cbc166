/* xp-consistency-panel.h — the evaluators' agreement under the ranking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "xp-consistency.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_CONSISTENCY_PANEL (xp_consistency_panel_get_type ())

G_DECLARE_FINAL_TYPE (XpConsistencyPanel, xp_consistency_panel, XP, CONSISTENCY_PANEL, GtkWidget)

GtkWidget     *xp_consistency_panel_new              (void);
/* Computes at once, then again shortly after the ranking changes
 * (::updated is emitted each time). */
void           xp_consistency_panel_set_ranking      (XpConsistencyPanel *self,
                                                      XpRanking          *ranking);
/* Brings a pending update forward; NULL without a ranking. */
XpConsistency *xp_consistency_panel_get_consistency  (XpConsistencyPanel *self);
/* What the panel shows (the labels' texts). */
const char    *xp_consistency_panel_get_icc_text     (XpConsistencyPanel *self);
const char    *xp_consistency_panel_get_kendall_w_text (XpConsistencyPanel *self);
/* Evaluator row @index's cells joined with tabs; NULL past the end. */
char          *xp_consistency_panel_dup_evaluator_row (XpConsistencyPanel *self,
                                                       guint               index);
guint          xp_consistency_panel_get_n_flag_rows  (XpConsistencyPanel *self);
const char    *xp_consistency_panel_get_flag_text    (XpConsistencyPanel *self,
                                                      guint               index);
/* The tooltip of a branch's "sensitive" marker, or NULL when the branch
 * is not sensitive. */
char          *xp_consistency_panel_dup_flip_text    (XpConsistencyPanel *self,
                                                      const char         *branch_id);

G_END_DECLS
