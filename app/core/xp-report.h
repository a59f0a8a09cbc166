/* xp-report.h — printed reports laid out with cairo and pango
 *
 * One renderer for every surface: xp_report_write_pdf () for the CLI and
 * the GUI's export, and xp_report_paginate () / xp_report_draw_page () for
 * GtkPrintOperation's ::begin-print / ::draw-page, so that paper and PDF
 * carry the same pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>

#include "xp-types.h"
#include "xp-criteria.h"
#include "xp-ranking.h"

G_BEGIN_DECLS

#define XP_TYPE_REPORT (xp_report_get_type ())

G_DECLARE_FINAL_TYPE (XpReport, xp_report, XP, REPORT, GObject)

typedef enum {
  XP_REPORT_RANKING,  /* 排名表, A4 landscape */
  XP_REPORT_STARS,    /* 星级名单, A4 portrait */
  XP_REPORT_SHEETS,   /* 评分表, one or more pages per branch */
  XP_REPORT_BLANK,    /* blank 评分表 from the criteria */
} XpReportKind;

/* Page sizes in points. */
#define XP_REPORT_A4_WIDTH  595.275591
#define XP_REPORT_A4_HEIGHT 841.889764

XpReport     *xp_report_new            (XpRanking    *ranking,
                                        XpReportKind  kind);
/* A blank score sheet from the criteria alone (no project). */
XpReport     *xp_report_new_blank      (XpCriteria   *criteria);
XpReportKind  xp_report_get_kind       (XpReport     *self);
/* "ranking", "stars", "sheets", "blank"; FALSE for anything else. */
gboolean      xp_report_kind_from_string (const char   *text,
                                          XpReportKind *kind);
/* Only this branch (sheets; blank pre-filled with its facts).  NULL: all. */
void          xp_report_set_branch     (XpReport     *self,
                                        const char   *branch_id);
/* Defaults: A4 landscape for the ranking, A4 portrait otherwise. */
void          xp_report_set_page_size  (XpReport     *self,
                                        double        width_pt,
                                        double        height_pt);
void          xp_report_get_page_size  (XpReport     *self,
                                        double       *width_pt,
                                        double       *height_pt);
/* Lays the report out and returns the number of pages.  The layout is
 * measured in points, independent of any surface, so @cr (the target, or
 * NULL) does not change the pages; draw with user units in points. */
guint         xp_report_paginate       (XpReport     *self,
                                        cairo_t      *cr);
guint         xp_report_get_n_pages    (XpReport     *self);
/* Draws page @page (from 0) with the origin at the paper's top left. */
void          xp_report_draw_page      (XpReport     *self,
                                        cairo_t      *cr,
                                        guint         page);
gboolean      xp_report_write_pdf      (XpReport     *self,
                                        const char   *path,
                                        GError      **error);

G_END_DECLS
