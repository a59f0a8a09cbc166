/* xp-import-dialog.h — CSV import with a preview, spreadsheet export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "xp-csv.h"
#include "xp-window.h"

G_BEGIN_DECLS

#define XP_TYPE_IMPORT_DIALOG (xp_import_dialog_get_type ())

G_DECLARE_FINAL_TYPE (XpImportDialog, xp_import_dialog, XP, IMPORT_DIALOG, AdwWindow)

/* Reads @file against @window's project and presents the preview: every
 * row with what it becomes or what is wrong, the encoding found.  The
 * action import.import (the Import button) is enabled only while there
 * are no errors; it applies everything or nothing.  NULL (and @error)
 * when the file cannot be read at all. */
XpImportDialog *xp_import_dialog_open        (XpWindow       *window,
                                              XpCsvKind       kind,
                                              GFile          *file,
                                              GError        **error);
XpCsvPreview   *xp_import_dialog_get_preview (XpImportDialog *self);
gboolean        xp_import_dialog_can_import  (XpImportDialog *self);
/* The summary line above the rows (encoding, rows, errors). */
const char     *xp_import_dialog_get_summary (XpImportDialog *self);
/* Scores: allow replacing scores the project already has (re-reads). */
void            xp_import_dialog_set_replace (XpImportDialog *self,
                                              gboolean        replace);

/* The window's menu actions: a file chooser, then the dialog above. */
void            xp_import_dialog_choose      (XpWindow       *window,
                                              XpCsvKind       kind);

/* Export: the ranking as CSV or XLSX (xp-export.h), atomically. */
gboolean        xp_spreadsheet_export        (XpWindow       *window,
                                              GFile          *file,
                                              gboolean        xlsx,
                                              GError        **error);
void            xp_spreadsheet_export_choose (XpWindow       *window,
                                              gboolean        xlsx);

G_END_DECLS
