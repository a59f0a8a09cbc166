/* xp-ranking.h — rules 1–10 of DESIGN.md: totals, stars, grades, ranks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xp-types.h"
#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_BRANCH_RESULT (xp_branch_result_get_type ())
#define XP_TYPE_RANKING       (xp_ranking_get_type ())

G_DECLARE_FINAL_TYPE (XpBranchResult, xp_branch_result, XP, BRANCH_RESULT, GObject)
G_DECLARE_FINAL_TYPE (XpRanking, xp_ranking, XP, RANKING, GObject)

typedef struct {
  int         level;
  XpQuotaMode mode;
  XpDec       max_percent;
  guint       allowed;
  guint       count;     /* at that level before the quota applied */
  gboolean    exceeded;
} XpQuotaResult;

/* The ranking follows the project: a score change recomputes that
 * branch's totals and re-ranks, then emits one ::items-changed covering
 * just the positions whose result, rank, stars, grade or quota mark
 * changed (none when nothing shown changed); results outside it are the
 * same objects showing the same values. */
XpRanking      *xp_ranking_new              (XpProject *project);
XpProject      *xp_ranking_get_project      (XpRanking *self);
/* Recompute everything now (after bulk edits made with signals blocked). */
void            xp_ranking_update           (XpRanking *self);
/* In listing order: ranked branches, then incomplete ones by id. */
XpBranchResult *xp_ranking_lookup           (XpRanking *self,
                                             const char *branch_id);
guint           xp_ranking_get_n_complete   (XpRanking *self);
/* Count of complete branches with @stars (0..10) after vetoes/quotas. */
guint           xp_ranking_get_star_count   (XpRanking *self,
                                             int        stars);
const XpQuotaResult *xp_ranking_get_quotas  (XpRanking *self,
                                             guint     *n_quotas);
/* Rules 3–5 on any one quantity (an item's score, say): @values[n]
 * combined by the scheme's aggregation, weighted with @self_value when
 * the scheme has a self-weight (XP_DEC_NONE: no self value, no
 * weighting), rounded to the scheme's precision.  XP_DEC_NONE if n is 0. */
XpDec           xp_ranking_combine          (XpCriteria  *criteria,
                                             const XpDec *values,
                                             guint        n,
                                             XpDec        self_value);
/* The ranked JSON of DESIGN.md.  @generated_at NULL: now (UTC). */
char           *xp_ranking_to_json          (XpRanking *self,
                                             GDateTime *generated_at);

XpBranch       *xp_branch_result_get_branch        (XpBranchResult *self);
gboolean        xp_branch_result_is_complete       (XpBranchResult *self);
/* |G|: group evaluators with a complete sheet. */
guint           xp_branch_result_get_n_evaluators  (XpBranchResult *self);
/* Rounded final score; XP_DEC_NONE when incomplete. */
XpDec           xp_branch_result_get_score         (XpBranchResult *self);
/* Stars after vetoes and quotas; -1 when incomplete. */
int             xp_branch_result_get_stars         (XpBranchResult *self);
/* Stars before any quota demotion (after vetoes). */
int             xp_branch_result_get_stars_before_quota (XpBranchResult *self);
XpGrade        *xp_branch_result_get_grade         (XpBranchResult *self);
/* 0 when incomplete. */
guint           xp_branch_result_get_rank          (XpBranchResult *self);
guint           xp_branch_result_get_category_rank (XpBranchResult *self);
gboolean        xp_branch_result_get_quota_adjusted(XpBranchResult *self);
/* Combined bonus / penalty after caps, rounded; XP_DEC_NONE if incomplete. */
XpDec           xp_branch_result_get_bonus         (XpBranchResult *self);
XpDec           xp_branch_result_get_penalty       (XpBranchResult *self);
/* Combined plain sum of the dimension's applicable items, rounded. */
XpDec           xp_branch_result_get_dimension_score (XpBranchResult *self,
                                                      guint          dimension_index);
/* The self sheet's total (rule 1, rounded for display) or XP_DEC_NONE. */
XpDec           xp_branch_result_get_self_total    (XpBranchResult *self);
/* The group's combined total (rule 3, rounded) or XP_DEC_NONE. */
XpDec           xp_branch_result_get_group_total   (XpBranchResult *self);
/* Evaluator @id's sheet total (rule 1, rounded for display), or
 * XP_DEC_NONE when that sheet is incomplete. */
XpDec           xp_branch_result_get_sheet_total   (XpBranchResult *self,
                                                    const char     *evaluator_id);

G_END_DECLS
