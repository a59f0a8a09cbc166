/* xp-results-page.h — the ranking as a table, with quota warnings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "xp-consistency-panel.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_RESULTS_PAGE (xp_results_page_get_type ())

G_DECLARE_FINAL_TYPE (XpResultsPage, xp_results_page, XP, RESULTS_PAGE, GtkWidget)

GtkWidget     *xp_results_page_new             (void);
XpRanking     *xp_results_page_get_ranking     (XpResultsPage *self);
void           xp_results_page_set_ranking     (XpResultsPage *self,
                                                XpRanking     *ranking);
GtkColumnView *xp_results_page_get_column_view (XpResultsPage *self);
/* The evaluator-consistency section under the table. */
XpConsistencyPanel *xp_results_page_get_consistency_panel (XpResultsPage *self);
/* The quota warning shown above the table, or NULL when none is. */
const char    *xp_results_page_get_quota_text  (XpResultsPage *self);
/* Emits ::branch-activated for the row at @position, as Enter or a
 * double-click on it does. */
void           xp_results_page_activate_row    (XpResultsPage *self,
                                                guint          position);

G_END_DECLS
