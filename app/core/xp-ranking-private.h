/* xp-ranking-private.h — what the consistency statistics need from the
 * ranking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-decimal.h"
#include "xp-consistency.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

/* A one-off ranking of @project with the group evaluator @evaluator_id's
 * sheets left out of every combination (rules 3–10 otherwise unchanged).
 * The set of complete branches is the full ranking's: completeness
 * (rule 2) is decided with the evaluator counted, and a branch whose only
 * complete group sheet is the left-out one keeps it.  It does not follow
 * later edits. */
XpRanking *_xp_ranking_new_leave_out         (XpProject      *project,
                                              const char     *evaluator_id);
/* The exact rule-1 total of @evaluator_id's complete sheet. */
gboolean   _xp_branch_result_get_sheet_exact (XpBranchResult *self,
                                              const char     *evaluator_id,
                                              XpRat          *total);

/* The ranked JSON with @consistency's object after "summary" and a
 * "sensitive" flag on every branch. */
char      *_xp_ranking_to_json_with          (XpRanking      *self,
                                              GDateTime      *generated_at,
                                              XpConsistency  *consistency);

G_END_DECLS
