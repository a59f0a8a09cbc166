/* xp-criteria-private.h — instance structures shared inside the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-criteria.h"

G_BEGIN_DECLS

struct _XpCategory {
  GObject  parent_instance;
  char    *id;
  XpText  *label;
  guint    index;
};

struct _XpDimension {
  GObject     parent_instance;
  char       *id;
  XpText     *label;
  GListStore *items;      /* XpItem */
  guint       index;      /* position among the dimensions */
};

struct _XpItem {
  GObject      parent_instance;
  char        *id;
  XpItemKind   kind;
  guint        index;      /* position in XpCriteria.items */
  XpDec        max;
  XpDec        step;
  char       **categories; /* NULL: every category */
  XpText      *label;
  XpText      *guidance;
  GArray      *deductions; /* XpDeduction, label owned */
  XpDimension *dimension;  /* unowned; NULL for bonus/penalty */
  guint        line;
};

struct _XpVeto {
  GObject  parent_instance;
  char    *id;
  XpText  *label;
  int      stars_max;      /* -1: none */
  XpGrade *grade;          /* unowned; NULL: none */
};

struct _XpGrade {
  GObject  parent_instance;
  char    *id;
  XpText  *label;
  int      min_stars;
  guint    index;          /* position in <grades> */
};

struct _XpCriteria {
  GObject        parent_instance;

  GBytes        *xml;
  char          *sha256;
  char          *id;
  char          *version;
  XpText        *title;
  XpDec          scale;
  guint          precision;

  GListStore    *categories;   /* XpCategory */
  GListStore    *dimensions;   /* XpDimension */
  GListStore    *vetoes;       /* XpVeto */
  GListStore    *grades;       /* XpGrade, file order */
  GPtrArray     *items;        /* XpItem (owned), dimension then bonus then penalty */
  GPtrArray     *bonus_items;  /* XpItem (unowned) */
  GPtrArray     *penalty_items;/* XpItem (unowned) */
  XpDec          bonus_cap;    /* XP_DEC_NONE: no bonus block */
  XpDec          penalty_cap;
  GArray        *stars;        /* XpStar, level descending */
  GArray        *quotas;       /* XpQuota, file order */

  XpAggregation  aggregation;
  guint          trim;
  guint          min_evaluators;
  XpDec          self_weight;
  GPtrArray     *tie_break;    /* XpDimension (unowned) */

  GHashTable    *by_id;        /* id → GObject (unowned): every id of the scheme */
};

G_END_DECLS
