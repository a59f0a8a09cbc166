/* xp-export.h — the ranking as a spreadsheet: CSV and XLSX
 *
 * Both carry the printed ranking sheet's table (排名表): its columns,
 * its data (XpRanking), its 星级 and 备注 texts.  The CSV is UTF-8 with a
 * BOM and CRLF line ends, which Excel and WPS open without asking; the
 * XLSX (when built with libxlsxwriter) adds a sheet of dimension scores.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "xp-ranking.h"

G_BEGIN_DECLS

/* The CSV bytes: BOM, header row, one row per branch in listing order. */
GBytes   *xp_export_ranking_csv   (XpRanking   *ranking);
/* Atomic: a temporary file in the same folder renamed over @path. */
gboolean  xp_export_write_csv     (XpRanking   *ranking,
                                   const char  *path,
                                   GError     **error);
/* Whether this build can write XLSX. */
gboolean  xp_export_has_xlsx      (void);
/* Sheets 排名表 (the ranking) and 维度得分 (branch × dimension).  Fails
 * with XP_ERROR_USAGE when built without libxlsxwriter. */
gboolean  xp_export_write_xlsx    (XpRanking   *ranking,
                                   const char  *path,
                                   GError     **error);

G_END_DECLS
