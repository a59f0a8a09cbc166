/* xp-consistency.h — how far the evaluation group agrees
 *
 * Per evaluator: complete sheets, the mean offset of their sheet totals
 * against the other group evaluators' mean on the same branches, and its
 * spread.  For the group: ICC(2,k) on sheet totals and Kendall's W on the
 * evaluators' rankings of the branches.  Flags for totals far from the
 * group median and for items the evaluators disagree on.  And, per
 * branch, whether leaving out any one group evaluator would change its
 * stars or rank ("sensitive").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xp-types.h"
#include "xp-json.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_CONSISTENCY (xp_consistency_get_type ())

G_DECLARE_FINAL_TYPE (XpConsistency, xp_consistency, XP, CONSISTENCY, GObject)

/* Why an agreement statistic has no value. */
typedef enum {
  XP_AGREEMENT_OK,
  XP_AGREEMENT_FEW_EVALUATORS,  /* fewer than 2 evaluators */
  XP_AGREEMENT_FEW_BRANCHES,    /* fewer than 2 branches scored by all */
  XP_AGREEMENT_NO_VARIANCE,     /* the formula divides by zero */
} XpAgreementStatus;

typedef struct {
  XpAgreementStatus status;
  double            value;         /* meaningful only when status is OK */
  guint             n_branches;    /* branches every evaluator scored completely */
  guint             n_evaluators;  /* group evaluators with a complete sheet */
} XpAgreement;

typedef struct {
  XpEvaluator *evaluator;
  guint        n_sheets;     /* complete sheets */
  guint        n_compared;   /* branches with at least one other group sheet */
  double       mean_offset;  /* defined when n_compared >= 1 */
  double       sd_offset;    /* sample SD, defined when n_compared >= 2 */
  guint        n_flags;      /* deviation flags on this evaluator */
} XpEvaluatorStats;

typedef enum {
  XP_FLAG_DEVIATION,  /* a sheet total far from the group median */
  XP_FLAG_ITEM,       /* an item's scores spread over more than half its max */
} XpFlagKind;

typedef struct {
  XpFlagKind  kind;
  XpBranch   *branch;
  XpEvaluator *evaluator;  /* XP_FLAG_DEVIATION */
  XpItem     *item;        /* XP_FLAG_ITEM */
  /* Deviation: the sheet total and the group median (rounded to the
   * scheme's precision).  Item: the lowest and highest score. */
  XpDec       value;
  XpDec       reference;
} XpConsistencyFlag;

/* What leaving out one evaluator does to one branch. */
typedef struct {
  XpEvaluator *evaluator;
  int          stars;      /* stars without them */
  guint        rank;       /* rank without them */
} XpFlip;

/* @deviation: the flag threshold in points; XP_DEC_NONE for the default,
 * 10 % of the scheme's scale.  Computes everything once, from the
 * ranking as it is now. */
XpConsistency     *xp_consistency_new               (XpRanking     *ranking,
                                                     XpDec          deviation);
XpRanking         *xp_consistency_get_ranking       (XpConsistency *self);
XpDec              xp_consistency_get_deviation     (XpConsistency *self);
/* Group evaluators first (file order), then the self evaluator if any. */
guint              xp_consistency_get_n_evaluators  (XpConsistency *self);
const XpEvaluatorStats *xp_consistency_get_evaluator (XpConsistency *self,
                                                      guint          index);
const XpAgreement *xp_consistency_get_icc           (XpConsistency *self);
const XpAgreement *xp_consistency_get_kendall_w     (XpConsistency *self);
/* Deviation flags first, then item flags, each in listing order. */
guint              xp_consistency_get_n_flags       (XpConsistency *self);
const XpConsistencyFlag *xp_consistency_get_flag    (XpConsistency *self,
                                                     guint          index);
/* The evaluators whose removal changes @branch_id's stars or rank; NULL
 * (n 0) when the branch is not sensitive. */
const XpFlip      *xp_consistency_get_flips         (XpConsistency *self,
                                                     const char    *branch_id,
                                                     guint         *n_flips);
gboolean           xp_consistency_is_sensitive      (XpConsistency *self,
                                                     const char    *branch_id);
guint              xp_consistency_get_n_sensitive   (XpConsistency *self);

/* "ok", "too-few-evaluators", "too-few-branches", "zero-variance". */
const char        *xp_agreement_status_to_string    (XpAgreementStatus status);

/* The statistics on a plain matrix, @x[i * k + j] = target i, rater j.
 * ICC(2,k) and ICC(2,1) of Shrout & Fleiss (1979) (McGraw & Wong's
 * ICC(A,k) and ICC(A,1)); either out pointer may be NULL. */
XpAgreementStatus  xp_icc_2                         (const double  *x,
                                                     guint          n,
                                                     guint          k,
                                                     double        *icc_2k,
                                                     double        *icc_21);
/* Kendall's W with the tie correction; each rater's column is ranked
 * (mid-ranks for ties). */
XpAgreementStatus  xp_kendall_w                     (const double  *x,
                                                     guint          n,
                                                     guint          m,
                                                     double        *w);

/* The "consistency" object of the ranked JSON (a value: write its key
 * first). */
void               xp_consistency_write_json        (XpConsistency *self,
                                                     XpJsonWriter  *writer);
/* The ranked JSON with this consistency object (its threshold). */
char              *xp_consistency_ranking_to_json   (XpConsistency *self,
                                                     GDateTime     *generated_at);

G_END_DECLS
