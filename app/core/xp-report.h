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
  XP_REPORT_AUDIT,    /* 评分变更记录: the project's audit log */
} XpReportKind;

/* Page sizes in points. */
#define XP_REPORT_A4_WIDTH  595.275591
#define XP_REPORT_A4_HEIGHT 841.889764

XpReport     *xp_report_new            (XpRanking    *ranking,
                                        XpReportKind  kind);
/* A blank score sheet from the criteria alone (no project). */
XpReport     *xp_report_new_blank      (XpCriteria   *criteria);
XpReportKind  xp_report_get_kind       (XpReport     *self);
/* "ranking", "stars", "sheets", "blank", "audit"; FALSE for anything else. */
gboolean      xp_report_kind_from_string (const char   *text,
                                          XpReportKind *kind);
/* Only this branch (sheets, audit; blank pre-filled with its facts).
 * NULL: all. */
void          xp_report_set_branch     (XpReport     *self,
                                        const char   *branch_id);
/* 排名表 only: the rows grouped by category (in the scheme's order), each
 * group in rank order under a heading with its count. */
void          xp_report_set_group_by_category (XpReport *self,
                                               gboolean  group);
gboolean      xp_report_get_group_by_category (XpReport *self);
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
/* The same, a little at a time (for GtkPrintOperation's ::paginate, so
 * a long report does not freeze the window): begin takes the snapshot,
 * then each step measures up to @max_blocks rows or paragraphs and
 * returns TRUE once the pages are known. */
void          xp_report_paginate_begin (XpReport     *self);
gboolean      xp_report_paginate_step  (XpReport     *self,
                                        guint         max_blocks);
guint         xp_report_get_n_pages    (XpReport     *self);
/* Draws page @page (from 0) with the origin at the paper's top left. */
void          xp_report_draw_page      (XpReport     *self,
                                        cairo_t      *cr,
                                        guint         page);
/* Takes a fresh snapshot of the data, then writes every page to @path
 * atomically (a temporary file beside it, renamed when complete). */
gboolean      xp_report_write_pdf      (XpReport     *self,
                                        const char   *path,
                                        GError      **error);

/* Copies what the report shows out of the project and ranking (which
 * paginate does too).  After it, xp_report_write_pdf_full () reads only
 * the copy and its own fonts, so it may run in a worker thread while the
 * project changes in the thread that owns it (that thread must leave
 * @self alone until the write returns). */
void          xp_report_snapshot       (XpReport     *self);

typedef void (*XpReportProgressFunc) (guint    page,
                                      guint    n_pages,
                                      gpointer user_data);

/* Writes the pages of the last snapshot (taking one if none was taken);
 * @progress is called after each page, in the calling thread.  Cancelled:
 * FALSE with G_IO_ERROR_CANCELLED and no file written. */
gboolean      xp_report_write_pdf_full (XpReport             *self,
                                        const char           *path,
                                        XpReportProgressFunc  progress,
                                        gpointer              user_data,
                                        GCancellable         *cancellable,
                                        GError              **error);

/* The ranking sheet's 星级 (★★★, 无星; "" when @stars < 0) and 备注
 * (否决 / 限星 / 超比例调整 / 未完成评分) cells, for other outputs. */
char         *xp_report_format_stars   (int             stars);
char         *xp_report_format_remarks (XpCriteria     *criteria,
                                        XpBranchResult *result);

G_END_DECLS
