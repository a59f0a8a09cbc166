/* xp-print.h — Print… and Export PDF… for the printed reports
 *
 * Both lay out pages with the core's XpReport: GtkPrintOperation's
 * ::begin-print / ::draw-page call xp_report_paginate () and
 * xp_report_draw_page () on the print context, and the PDF export runs
 * xp_report_write_pdf_full () in a worker thread.  Print settings and the
 * page setup are kept in $XDG_CONFIG_HOME/xingping/print.ini.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "xp-ranking.h"
#include "xp-report.h"

G_BEGIN_DECLS

/* Asks which report (kind, grouping, branch), then opens the system
 * print dialog (with preview and page setup). */
void     xp_print_show_print_dialog  (GtkWindow     *parent,
                                      XpRanking     *ranking);
/* Asks which report, then where to save it, then writes the PDF in a
 * worker thread with a progress dialog. */
void     xp_print_show_export_dialog (GtkWindow     *parent,
                                      XpRanking     *ranking);

/* The report the chooser would make: kind, grouping, and a branch
 * (NULL: every branch for sheets; no pre-filled facts for blank). */
XpReport *xp_print_make_report       (XpRanking     *ranking,
                                      XpReportKind   kind,
                                      gboolean       group_by_category,
                                      const char    *branch_id);

/* Runs GtkPrintOperation on @report.  @export_filename non-NULL: no
 * dialog, GTK_PRINT_OPERATION_ACTION_EXPORT to that PDF (synchronous);
 * NULL: the print dialog, asynchronously. */
GtkPrintOperationResult xp_print_run (GtkWindow   *parent,
                                      XpReport    *report,
                                      const char  *export_filename,
                                      GError     **error);

/* Writes @report to @file in a worker thread (snapshot taken now, so the
 * project may change meanwhile).  @progress_bar (may be NULL) follows the
 * pages. */
void     xp_print_export_pdf_async   (XpReport           *report,
                                      GFile              *file,
                                      GtkProgressBar     *progress_bar,
                                      GCancellable       *cancellable,
                                      GAsyncReadyCallback callback,
                                      gpointer            user_data);
gboolean xp_print_export_pdf_finish  (GAsyncResult       *result,
                                      GError            **error);

G_END_DECLS
