/* xp-csv-preview-view.h — what a CSV file will do, row by row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-csv.h"

G_BEGIN_DECLS

#define XP_TYPE_CSV_PREVIEW_VIEW (xp_csv_preview_view_get_type ())

G_DECLARE_FINAL_TYPE (XpCsvPreviewView, xp_csv_preview_view, XP, CSV_PREVIEW_VIEW, GtkBox)

GtkWidget  *xp_csv_preview_view_new         (void);
/* Shows @preview, read against @project (names, categories): a summary
 * line, then every row with an error ("Line N: cells", the column and
 * what to fix) and the rows without one.  NULL empties the view. */
void        xp_csv_preview_view_show        (XpCsvPreviewView *self,
                                             XpCsvPreview     *preview,
                                             XpProject        *project);
/* The summary line above the rows; set_summary replaces it. */
const char *xp_csv_preview_view_get_summary (XpCsvPreviewView *self);
void        xp_csv_preview_view_set_summary (XpCsvPreviewView *self,
                                             const char       *text);

G_END_DECLS
