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
/* Starts computing at once in a worker thread, and again shortly after
 * the ranking changes while the panel is shown (::updated is emitted
 * each time a result arrives). */
void           xp_consistency_panel_set_ranking      (XpConsistencyPanel *self,
                                                      XpRanking          *ranking);
/* The last result; NULL before the first one arrives or without a
 * ranking. */
XpConsistency *xp_consistency_panel_get_consistency  (XpConsistencyPanel *self);
/* TRUE while a computation is running, waiting or due (the last result
 * may be out of date). */
gboolean       xp_consistency_panel_is_updating      (XpConsistencyPanel *self);
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
