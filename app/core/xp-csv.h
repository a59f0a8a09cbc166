/* xp-csv.h — branch lists and scores from CSV
 *
 * What spreadsheets save: UTF-8 with or without a BOM, or GB18030/GBK
 * (WPS and Excel on Chinese Windows), comma- or tab-separated, with a
 * header row in Chinese or English.  Reading a file gives a preview —
 * every row with what it parsed to or what is wrong with it — and
 * applying the preview is all-or-nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "xp-project.h"

G_BEGIN_DECLS

#define XP_TYPE_CSV_PREVIEW (xp_csv_preview_get_type ())

G_DECLARE_FINAL_TYPE (XpCsvPreview, xp_csv_preview, XP, CSV_PREVIEW, GObject)

typedef enum {
  XP_CSV_BRANCHES,
  XP_CSV_SCORES,
} XpCsvKind;

typedef enum {
  XP_CSV_FLAGS_NONE = 0,
  /* Scores: a row may replace a different score already in the project
   * (otherwise such a row is an error: nothing typed is lost silently). */
  XP_CSV_REPLACE_SCORES = 1 << 0,
} XpCsvFlags;

/* One data row of the file. */
typedef struct {
  guint       line;        /* where the row starts in the file, from 1 */
  char      **fields;      /* the row's cells, as read */
  /* XP_CSV_BRANCHES: the branch it makes (id generated when missing). */
  XpBranch   *branch;
  /* XP_CSV_SCORES: resolved ids, the score and the note (NULL: none). */
  char       *branch_id;
  char       *evaluator_id;
  char       *item_id;
  XpDec       score;
  char       *note;
  XpDec       previous;    /* the project's score before (XP_DEC_NONE) */
  /* NULL when the row is fine; else the column at fault (its header
   * text, or NULL for the whole row) and what is wrong and what to do. */
  char       *column;
  char       *error;
} XpCsvRow;

/* Parses @data (any of the encodings above) against @project, which is
 * not changed.  Never NULL: a file that cannot be read at all has a
 * file-level error and no rows. */
XpCsvPreview   *xp_csv_preview_new          (XpProject    *project,
                                             XpCsvKind     kind,
                                             const char   *data,
                                             gsize         len,
                                             const char   *display_name,
                                             XpCsvFlags    flags);
XpCsvKind       xp_csv_preview_get_kind     (XpCsvPreview *self);
/* "UTF-8", "UTF-8 (BOM)" or "GB18030"; NULL when undecodable. */
const char     *xp_csv_preview_get_encoding (XpCsvPreview *self);
/* ',' or '\t'. */
char            xp_csv_preview_get_separator(XpCsvPreview *self);
/* The header row's cells (NULL-terminated; empty when unread). */
const char * const *xp_csv_preview_get_header (XpCsvPreview *self);
/* An error about the whole file (encoding, header, quoting) or NULL. */
const char     *xp_csv_preview_get_file_error (XpCsvPreview *self);
/* Remarks that block nothing (ignored columns, unchanged scores). */
const char * const *xp_csv_preview_get_warnings (XpCsvPreview *self);
guint           xp_csv_preview_get_n_rows   (XpCsvPreview *self);
const XpCsvRow *xp_csv_preview_get_row      (XpCsvPreview *self,
                                             guint         index);
/* File-level error (counts 1) plus rows with an error. */
guint           xp_csv_preview_get_n_errors (XpCsvPreview *self);
/* "name:LINE: column “x”: message" for row @index, or the file error
 * when @index is G_MAXUINT.  Caller frees. */
char           *xp_csv_preview_format_error (XpCsvPreview *self,
                                             guint         index);
/* Every error, one per line, for a terminal.  NULL when none. */
char           *xp_csv_preview_format_errors(XpCsvPreview *self);
/* Adds the branches or sets the scores, all or nothing: fails when the
 * preview has errors or when @project no longer accepts a row (it was
 * edited since), leaving @project as it was.  Returns the number of
 * branches added or scores changed in @n_changed. */
gboolean        xp_csv_preview_apply        (XpCsvPreview *self,
                                             XpProject    *project,
                                             guint        *n_changed,
                                             GError      **error);

/* The earlier entry point: preview, then apply; the GError holds every
 * error, one per line. */
gboolean xp_csv_import_branches (XpProject   *project,
                                 const char  *data,
                                 gsize        len,
                                 const char  *display_name,
                                 GError     **error);
gboolean xp_csv_import_scores   (XpProject   *project,
                                 const char  *data,
                                 gsize        len,
                                 const char  *display_name,
                                 XpCsvFlags   flags,
                                 guint       *n_changed,
                                 GError     **error);

G_END_DECLS
