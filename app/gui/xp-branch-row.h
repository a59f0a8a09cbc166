/* xp-branch-row.h — a branch in the sidebar: name, category, progress, stars
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "xp-project.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_BRANCH_ROW (xp_branch_row_get_type ())

G_DECLARE_FINAL_TYPE (XpBranchRow, xp_branch_row, XP, BRANCH_ROW, GtkWidget)

GtkWidget *xp_branch_row_new     (void);
void       xp_branch_row_bind    (XpBranchRow *self,
                                  XpBranch    *branch,
                                  XpRanking   *ranking,
                                  GObject     *state);
void       xp_branch_row_unbind  (XpBranchRow *self);
/* Re-read progress and stars.  Bound rows follow score changes (through
 * the ranking) and the "evaluator" property of @state by themselves. */
void       xp_branch_row_update  (XpBranchRow *self);

G_END_DECLS
