/* xp-criteria.h — a criteria scheme (评分标准)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xp-types.h"
#include "xp-text.h"

G_BEGIN_DECLS

#define XP_CRITERIA_NAMESPACE "urn:xingping:criteria:1"

#define XP_TYPE_CATEGORY  (xp_category_get_type ())
#define XP_TYPE_DIMENSION (xp_dimension_get_type ())
#define XP_TYPE_ITEM      (xp_item_get_type ())
#define XP_TYPE_VETO      (xp_veto_get_type ())
#define XP_TYPE_GRADE     (xp_grade_get_type ())
#define XP_TYPE_CRITERIA  (xp_criteria_get_type ())

G_DECLARE_FINAL_TYPE (XpCategory, xp_category, XP, CATEGORY, GObject)
G_DECLARE_FINAL_TYPE (XpDimension, xp_dimension, XP, DIMENSION, GObject)
G_DECLARE_FINAL_TYPE (XpItem, xp_item, XP, ITEM, GObject)
G_DECLARE_FINAL_TYPE (XpVeto, xp_veto, XP, VETO, GObject)
G_DECLARE_FINAL_TYPE (XpGrade, xp_grade, XP, GRADE, GObject)
G_DECLARE_FINAL_TYPE (XpCriteria, xp_criteria, XP, CRITERIA, GObject)

typedef struct {
  XpDec    points;
  gboolean per_each;
  XpText  *label;
  char    *id;       /* NULL unless the <deduction> has an id */
} XpDeduction;

typedef struct {
  int   level;
  XpDec min;
} XpStar;

typedef struct {
  int         level;
  XpDec       max_percent;
  XpQuotaMode mode;
} XpQuota;

/* Loading.  @display_name names the source in error messages (a path or
 * "project.xingping (embedded criteria)").  Errors are XP_ERROR and read
 * "FILE:LINE: what is wrong — what to do". */
XpCriteria   *xp_criteria_new_from_bytes   (GBytes      *xml,
                                            const char  *display_name,
                                            GError     **error);
XpCriteria   *xp_criteria_new_from_file    (const char  *path,
                                            GError     **error);
/* Where criteria.rng is looked for: $XINGPING_DATADIR, the build tree,
 * the install prefix.  Tests may override with this. */
void          xp_criteria_set_schema_path  (const char  *path);

GBytes       *xp_criteria_get_xml          (XpCriteria  *self);
const char   *xp_criteria_get_sha256       (XpCriteria  *self);
const char   *xp_criteria_get_id           (XpCriteria  *self);
const char   *xp_criteria_get_version      (XpCriteria  *self);
const XpText *xp_criteria_get_title        (XpCriteria  *self);
XpDec         xp_criteria_get_scale        (XpCriteria  *self);
guint         xp_criteria_get_precision    (XpCriteria  *self);
GListModel   *xp_criteria_get_categories   (XpCriteria  *self);
GListModel   *xp_criteria_get_dimensions   (XpCriteria  *self);
GListModel   *xp_criteria_get_vetoes       (XpCriteria  *self);
GListModel   *xp_criteria_get_grades       (XpCriteria  *self);
/* Every item: dimension items in order, then bonus, then penalty. */
guint         xp_criteria_get_n_items      (XpCriteria  *self);
XpItem       *xp_criteria_get_item         (XpCriteria  *self,
                                            guint        index);
XpItem       *xp_criteria_lookup_item      (XpCriteria  *self,
                                            const char  *id);
XpCategory   *xp_criteria_lookup_category  (XpCriteria  *self,
                                            const char  *id);
XpDimension  *xp_criteria_lookup_dimension (XpCriteria  *self,
                                            const char  *id);
XpVeto       *xp_criteria_lookup_veto      (XpCriteria  *self,
                                            const char  *id);
XpGrade      *xp_criteria_lookup_grade     (XpCriteria  *self,
                                            const char  *id);
/* Bonus and penalty items; cap is XP_DEC_NONE when the block is absent. */
GPtrArray    *xp_criteria_get_bonus_items  (XpCriteria  *self);
XpDec         xp_criteria_get_bonus_cap    (XpCriteria  *self);
GPtrArray    *xp_criteria_get_penalty_items(XpCriteria  *self);
XpDec         xp_criteria_get_penalty_cap  (XpCriteria  *self);
/* Ordered by level, highest first. */
const XpStar *xp_criteria_get_stars        (XpCriteria  *self,
                                            guint       *n_stars);
/* Ordered as in the file. */
const XpQuota *xp_criteria_get_quotas      (XpCriteria  *self,
                                            guint       *n_quotas);
XpAggregation xp_criteria_get_aggregation  (XpCriteria  *self);
guint         xp_criteria_get_trim         (XpCriteria  *self);
guint         xp_criteria_get_min_evaluators (XpCriteria *self);
XpDec         xp_criteria_get_self_weight  (XpCriteria  *self);
/* XpDimension* in tie-break order (not owned). */
GPtrArray    *xp_criteria_get_tie_break    (XpCriteria  *self);
/* Sum of the maxima of the dimension items that apply to @category. */
XpDec         xp_criteria_get_category_max (XpCriteria  *self,
                                            const char  *category);
const char   *xp_aggregation_to_string     (XpAggregation method);

const char   *xp_category_get_id           (XpCategory  *self);
const XpText *xp_category_get_label        (XpCategory  *self);

const char   *xp_dimension_get_id          (XpDimension *self);
const XpText *xp_dimension_get_label       (XpDimension *self);
GListModel   *xp_dimension_get_items       (XpDimension *self);
guint         xp_dimension_get_index       (XpDimension *self);
/* Sum of the applicable items' maxima for @category. */
XpDec         xp_dimension_get_max         (XpDimension *self,
                                            const char  *category);

const char   *xp_item_get_id               (XpItem      *self);
XpItemKind    xp_item_get_kind             (XpItem      *self);
guint         xp_item_get_index            (XpItem      *self);
XpDec         xp_item_get_max              (XpItem      *self);
XpDec         xp_item_get_step             (XpItem      *self);
const XpText *xp_item_get_label            (XpItem      *self);
const XpText *xp_item_get_guidance         (XpItem      *self);
/* NULL for bonus and penalty items. */
XpDimension  *xp_item_get_dimension        (XpItem      *self);
/* NULL-terminated category ids, or NULL: applies to every category. */
const char * const *xp_item_get_categories (XpItem      *self);
gboolean      xp_item_applies_to           (XpItem      *self,
                                            const char  *category);
guint         xp_item_get_n_deductions     (XpItem      *self);
const XpDeduction *xp_item_get_deduction   (XpItem      *self,
                                            guint        index);
/* KEY of deduction INDEX of ITEM: its id, or "#N" (1-based position
 * within the item) when it has none.  Project files store ticked
 * deductions under this key. */
char         *xp_item_dup_deduction_key    (XpItem      *self,
                                            guint        index);
/* TRUE when @value is in [0, max] and a whole multiple of the step. */
gboolean      xp_item_accepts              (XpItem      *self,
                                            XpDec        value);

const char   *xp_veto_get_id               (XpVeto      *self);
const XpText *xp_veto_get_label            (XpVeto      *self);
/* -1 when the veto sets no star cap. */
int           xp_veto_get_stars_max        (XpVeto      *self);
/* NULL when the veto sets no grade. */
XpGrade      *xp_veto_get_grade            (XpVeto      *self);

const char   *xp_grade_get_id              (XpGrade     *self);
const XpText *xp_grade_get_label           (XpGrade     *self);
int           xp_grade_get_min_stars       (XpGrade     *self);
guint         xp_grade_get_index           (XpGrade     *self);

G_END_DECLS
