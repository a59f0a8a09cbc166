/* xp-types.h — forward declarations shared by the core headers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _XpCriteria     XpCriteria;
typedef struct _XpCategory     XpCategory;
typedef struct _XpDimension    XpDimension;
typedef struct _XpItem         XpItem;
typedef struct _XpVeto         XpVeto;
typedef struct _XpGrade        XpGrade;
typedef struct _XpProject      XpProject;
typedef struct _XpBranch       XpBranch;
typedef struct _XpEvaluator    XpEvaluator;
typedef struct _XpRanking      XpRanking;

/* How far a long job has come, 0.0 … 1.0; called from the thread doing
 * the job, a few hundred times at most. */
typedef void (*XpProgressFunc) (double   fraction,
                                gpointer user_data);
typedef struct _XpBranchResult XpBranchResult;

/* Fixed-point decimal: millionths.  Every score, maximum, step and
 * threshold of a scheme is a decimal with at most six places, so they are
 * held exactly.  XP_DEC_NONE marks "no value". */
typedef gint64 XpDec;
#define XP_DEC_UNIT G_GINT64_CONSTANT (1000000)
#define XP_DEC_NONE G_MININT64
#define XP_DEC(units) ((XpDec) (units) * XP_DEC_UNIT)

typedef enum {
  XP_ITEM_DIMENSION,
  XP_ITEM_BONUS,
  XP_ITEM_PENALTY,
} XpItemKind;

typedef enum {
  XP_AGGREGATION_MEAN,
  XP_AGGREGATION_MEDIAN,
  XP_AGGREGATION_TRIMMED_MEAN,
} XpAggregation;

typedef enum {
  XP_QUOTA_ENFORCE,
  XP_QUOTA_WARN,
} XpQuotaMode;

typedef enum {
  XP_ROLE_GROUP,
  XP_ROLE_SELF,
} XpRole;

#define XP_ERROR (xp_error_quark ())

typedef enum {
  XP_ERROR_PARSE,      /* not well-formed XML/JSON/CSV */
  XP_ERROR_SCHEMA,     /* does not follow the RELAX NG schema / file format */
  XP_ERROR_INVALID,    /* well-formed but inconsistent (ids, ranges, steps) */
  XP_ERROR_MISMATCH,   /* digest or scheme mismatch */
  XP_ERROR_IO,         /* reading or writing failed */
  XP_ERROR_CONFLICT,   /* merge conflict */
  XP_ERROR_LOCKED,     /* another process holds the project */
  XP_ERROR_USAGE,      /* a caller asked for something meaningless */
  XP_ERROR_SEALED,     /* the assessment is sealed as final */
} XpErrorCode;

GQuark xp_error_quark (void);

G_END_DECLS
