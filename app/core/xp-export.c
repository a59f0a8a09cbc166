/* xp-export.c — the ranking as a spreadsheet: CSV and XLSX
 *
 * One table model (rows of typed cells) built from XpRanking, written by
 * two writers, so the CSV, the XLSX and the printed sheet agree.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-export"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#ifdef HAVE_XLSXWRITER
#include <xlsxwriter.h>
#endif

#include "xp-decimal.h"
#include "xp-export.h"
#include "xp-report.h"

typedef enum {
  CELL_EMPTY,
  CELL_TEXT,
  CELL_DEC,    /* a score: the scheme's precision */
  CELL_INT,
} CellKind;

typedef struct {
  CellKind kind;
  char    *text;
  XpDec    dec;
  gint64   i;
} Cell;

typedef struct {
  guint    n_columns;
  GArray  *cells;   /* Cell, row-major; row 0 is the header */
} Table;

static void
cell_clear (gpointer data)
{
  g_free (((Cell *) data)->text);
}

static Table *
table_new (guint n_columns)
{
  Table *table = g_new0 (Table, 1);

  table->n_columns = n_columns;
  table->cells = g_array_new (FALSE, TRUE, sizeof (Cell));
  g_array_set_clear_func (table->cells, cell_clear);
  return table;
}

static void
table_free (Table *table)
{
  g_array_unref (table->cells);
  g_free (table);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Table, table_free)

static guint
table_n_rows (Table *table)
{
  return table->cells->len / table->n_columns;
}

static const Cell *
table_cell (Table *table,
            guint  row,
            guint  col)
{
  return &g_array_index (table->cells, Cell, row * table->n_columns + col);
}

static void
add_text (Table      *table,
          const char *text)
{
  Cell cell = { CELL_TEXT, g_strdup (text ? text : ""), 0, 0 };

  if (text == NULL || *text == '\0')
    cell.kind = CELL_EMPTY;
  g_array_append_val (table->cells, cell);
}

static void
add_dec (Table *table,
         XpDec  value)
{
  Cell cell = { value == XP_DEC_NONE ? CELL_EMPTY : CELL_DEC, NULL, value, 0 };

  g_array_append_val (table->cells, cell);
}

static void
add_int (Table   *table,
         gboolean present,
         gint64   value)
{
  Cell cell = { present ? CELL_INT : CELL_EMPTY, NULL, 0, value };

  g_array_append_val (table->cells, cell);
}

static const char *
category_label (XpCriteria *criteria,
                const char *category)
{
  XpCategory *cat = category ? xp_criteria_lookup_category (criteria, category) : NULL;

  return cat ? xp_text_get (xp_category_get_label (cat), NULL) : category;
}

/* The printed ranking sheet's columns (xp-report.c, build_ranking), with
 * the category rank, the id and the star count added for sorting and
 * matching in a spreadsheet.  Texts in the scheme's default language, as
 * on the printed sheet. */
static Table *
ranking_table (XpRanking *ranking)
{
  static const char *const headers[] = {
    "名次", "类别内名次", "编号", "党组织名称", "企业名称", "组建方式", "党员数",
    "自评分", "考评分", "加分", "扣分", "总分", "星数", "星级", "分类定级", "备注",
  };
  XpCriteria *criteria = xp_project_get_criteria (xp_ranking_get_project (ranking));
  GListModel *model = G_LIST_MODEL (ranking);
  Table *table = table_new (G_N_ELEMENTS (headers));

  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    add_text (table, headers[c]);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);
      XpBranch *branch = xp_branch_result_get_branch (result);
      XpGrade *grade = xp_branch_result_get_grade (result);
      gboolean complete = xp_branch_result_is_complete (result);
      int stars = xp_branch_result_get_stars (result);
      g_autofree char *glyphs = xp_report_format_stars (complete ? stars : -1);
      g_autofree char *remarks = xp_report_format_remarks (criteria, result);

      add_int (table, complete, xp_branch_result_get_rank (result));
      add_int (table, complete, xp_branch_result_get_category_rank (result));
      add_text (table, xp_branch_get_id (branch));
      add_text (table, xp_branch_get_name (branch));
      add_text (table, xp_branch_get_enterprise (branch));
      add_text (table, category_label (criteria, xp_branch_get_category (branch)));
      add_int (table, xp_branch_get_members (branch) >= 0, xp_branch_get_members (branch));
      add_dec (table, xp_branch_result_get_self_total (result));
      add_dec (table, xp_branch_result_get_group_total (result));
      add_dec (table, xp_branch_result_get_bonus (result));
      add_dec (table, xp_branch_result_get_penalty (result));
      add_dec (table, xp_branch_result_get_score (result));
      add_int (table, complete && stars >= 0, stars);
      add_text (table, glyphs);
      add_text (table, complete && grade ? xp_text_get (xp_grade_get_label (grade), NULL) : NULL);
      add_text (table, remarks);
    }
  return table;
}

/* Branch × dimension: each dimension's combined score (the ranked JSON's
 * "dimensions"), then bonus, penalty and total. */
static G_GNUC_UNUSED Table *
dimension_table (XpRanking *ranking)
{
  XpCriteria *criteria = xp_project_get_criteria (xp_ranking_get_project (ranking));
  GListModel *dims = xp_criteria_get_dimensions (criteria);
  GListModel *model = G_LIST_MODEL (ranking);
  guint n_dims = g_list_model_get_n_items (dims);
  Table *table = table_new (4 + n_dims + 3);

  add_text (table, "名次");
  add_text (table, "编号");
  add_text (table, "党组织名称");
  add_text (table, "组建方式");
  for (guint d = 0; d < n_dims; d++)
    {
      g_autoptr(XpDimension) dim = g_list_model_get_item (dims, d);
      g_autofree char *header = g_strdup_printf ("%s %s", xp_dimension_get_id (dim),
                                                 xp_text_get (xp_dimension_get_label (dim), NULL));

      add_text (table, header);
    }
  add_text (table, "加分");
  add_text (table, "扣分");
  add_text (table, "总分");

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);
      XpBranch *branch = xp_branch_result_get_branch (result);
      gboolean complete = xp_branch_result_is_complete (result);

      add_int (table, complete, xp_branch_result_get_rank (result));
      add_text (table, xp_branch_get_id (branch));
      add_text (table, xp_branch_get_name (branch));
      add_text (table, category_label (criteria, xp_branch_get_category (branch)));
      for (guint d = 0; d < n_dims; d++)
        add_dec (table, complete ? xp_branch_result_get_dimension_score (result, d) : XP_DEC_NONE);
      add_dec (table, xp_branch_result_get_bonus (result));
      add_dec (table, xp_branch_result_get_penalty (result));
      add_dec (table, xp_branch_result_get_score (result));
    }
  return table;
}

/* ---- CSV ---- */

/* Text that a spreadsheet would run as a formula (=, +, -, @, or a tab or
 * CR before one) is written with a leading apostrophe, which Excel, WPS and
 * LibreOffice take as "this is text": a branch name typed on someone
 * else's machine must not become a formula on the coordinator's. */
static gboolean
csv_looks_like_formula (const char *text)
{
  return text[0] != '\0' && strchr ("=+-@\t\r", text[0]) != NULL;
}

static void
csv_field (GString    *out,
           const char *text)
{
  gboolean formula = csv_looks_like_formula (text);

  if (!formula && strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  if (formula)
    g_string_append_c (out, '\'');
  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

GBytes *
xp_export_ranking_csv (XpRanking *ranking)
{
  g_autoptr(Table) table = NULL;
  GString *out;

  g_return_val_if_fail (XP_IS_RANKING (ranking), NULL);

  table = ranking_table (ranking);
  out = g_string_new ("\xEF\xBB\xBF");
  for (guint r = 0; r < table_n_rows (table); r++)
    {
      for (guint c = 0; c < table->n_columns; c++)
        {
          const Cell *cell = table_cell (table, r, c);
          char buf[XP_DEC_BUF_SIZE];

          if (c > 0)
            g_string_append_c (out, ',');
          switch (cell->kind)
            {
            case CELL_EMPTY:
              break;
            case CELL_TEXT:
              csv_field (out, cell->text);
              break;
            case CELL_DEC:
              g_string_append (out, xp_dec_to_buf (cell->dec, buf));
              break;
            case CELL_INT:
              g_string_append_printf (out, "%" G_GINT64_FORMAT, cell->i);
              break;
            default:
              g_assert_not_reached ();
            }
        }
      g_string_append (out, "\r\n");
    }
  return g_string_free_to_bytes (out);
}

gboolean
xp_export_write_csv (XpRanking   *ranking,
                     const char  *path,
                     GError     **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) local = NULL;
  gsize len;
  const char *data;

  g_return_val_if_fail (XP_IS_RANKING (ranking), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  bytes = xp_export_ranking_csv (ranking);
  data = g_bytes_get_data (bytes, &len);
  if (!g_file_set_contents_full (path, data, len,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0666, &local))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: could not write the CSV: %s"), path, local->message);
      return FALSE;
    }
  return TRUE;
}

/* ---- XLSX ---- */

gboolean
xp_export_has_xlsx (void)
{
#ifdef HAVE_XLSXWRITER
  return TRUE;
#else
  return FALSE;
#endif
}

#ifdef HAVE_XLSXWRITER

/* Column width in Excel's units (the width of "0"): CJK and other wide
 * characters count two. */
static double
text_width (const char *text)
{
  double width = 0, line = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        {
          width = MAX (width, line);
          line = 0;
          continue;
        }
      line += g_unichar_iswide (c) ? 1.9 : 1.1;
    }
  return MAX (width, line);
}

static lxw_error
write_sheet (lxw_workbook *workbook,
             const char   *name,
             Table        *table,
             lxw_format   *header_format,
             lxw_format   *dec_format)
{
  lxw_worksheet *sheet = workbook_add_worksheet (workbook, name);
  g_autofree double *widths = g_new0 (double, table->n_columns);
  lxw_error err = LXW_NO_ERROR;

  if (sheet == NULL)
    return LXW_ERROR_MEMORY_MALLOC_FAILED;
  for (guint r = 0; r < table_n_rows (table) && err == LXW_NO_ERROR; r++)
    for (guint c = 0; c < table->n_columns && err == LXW_NO_ERROR; c++)
      {
        const Cell *cell = table_cell (table, r, c);
        char buf[XP_DEC_BUF_SIZE];

        switch (cell->kind)
          {
          case CELL_EMPTY:
            break;
          case CELL_TEXT:
            err = worksheet_write_string (sheet, r, c, cell->text, r == 0 ? header_format : NULL);
            widths[c] = MAX (widths[c], text_width (cell->text));
            break;
          case CELL_DEC:
            err = worksheet_write_number (sheet, r, c, xp_dec_to_double (cell->dec), dec_format);
            widths[c] = MAX (widths[c], strlen (xp_dec_to_buf (cell->dec, buf)) * 1.1);
            break;
          case CELL_INT:
            err = worksheet_write_number (sheet, r, c, (double) cell->i, NULL);
            widths[c] = MAX (widths[c], strlen (g_ascii_dtostr (buf, sizeof buf, (double) cell->i)) * 1.1);
            break;
          default:
            g_assert_not_reached ();
          }
      }
  for (guint c = 0; c < table->n_columns && err == LXW_NO_ERROR; c++)
    err = worksheet_set_column (sheet, c, c, CLAMP (widths[c] + 2, 6, 60), NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  /* Printed from the spreadsheet: A4 landscape, one page wide, the
   * header row on every page. */
  worksheet_set_landscape (sheet);
  worksheet_set_paper (sheet, 9);
  worksheet_fit_to_pages (sheet, 1, 0);
  if (err == LXW_NO_ERROR)
    err = worksheet_repeat_rows (sheet, 0, 0);
  return err;
}

gboolean
xp_export_write_xlsx (XpRanking   *ranking,
                      const char  *path,
                      GError     **error)
{
  XpCriteria *criteria;
  g_autoptr(Table) ranking_sheet = NULL;
  g_autoptr(Table) dimension_sheet = NULL;
  g_autofree char *dir = NULL, *base = NULL, *tmp = NULL, *number_format = NULL;
  lxw_workbook *workbook;
  lxw_format *header_format, *dec_format;
  lxw_error err;
  guint precision;
  int fd;

  g_return_val_if_fail (XP_IS_RANKING (ranking), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  criteria = xp_project_get_criteria (xp_ranking_get_project (ranking));
  ranking_sheet = ranking_table (ranking);
  dimension_sheet = dimension_table (ranking);

  /* Written beside the target, then renamed over it: a crash leaves
   * the old file or the new one, never half of one. */
  dir = g_path_get_dirname (path);
  base = g_path_get_basename (path);
  tmp = g_strdup_printf ("%s%c.%s.tmp-XXXXXX", dir, G_DIR_SEPARATOR, base);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: could not write the XLSX file: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  workbook = workbook_new (tmp);
  if (workbook == NULL)
    {
      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: could not write the XLSX file"), path);
      return FALSE;
    }
  header_format = workbook_add_format (workbook);
  format_set_bold (header_format);
  format_set_text_wrap (header_format);
  format_set_align (header_format, LXW_ALIGN_CENTER);
  format_set_align (header_format, LXW_ALIGN_VERTICAL_CENTER);
  precision = xp_criteria_get_precision (criteria);
  number_format = precision > 0 ? g_strdup_printf ("0.%.*s", (int) precision, "000000") : g_strdup ("0");
  dec_format = workbook_add_format (workbook);
  format_set_num_format (dec_format, number_format);

  err = write_sheet (workbook, "排名表", ranking_sheet, header_format, dec_format);
  if (err == LXW_NO_ERROR)
    err = write_sheet (workbook, "维度得分", dimension_sheet, header_format, dec_format);
  if (err != LXW_NO_ERROR)
    {
      workbook_close (workbook);
      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: could not write the XLSX file: %s"), path, lxw_strerror (err));
      return FALSE;
    }
  err = workbook_close (workbook);
  if (err == LXW_NO_ERROR)
    {
      fd = g_open (tmp, O_RDONLY, 0);
      if (fd >= 0)
        {
          fsync (fd);
          close (fd);
        }
    }
  if (err != LXW_NO_ERROR || g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: could not write the XLSX file: %s"), path,
                   err != LXW_NO_ERROR ? lxw_strerror (err) : g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

#else

gboolean
xp_export_write_xlsx (XpRanking   *ranking,
                      const char  *path,
                      GError     **error)
{
  g_return_val_if_fail (XP_IS_RANKING (ranking), FALSE);
  g_set_error (error, XP_ERROR, XP_ERROR_USAGE,
               _("%s: this build of Xingping cannot write XLSX (it was built without libxlsxwriter) — export CSV instead"), path);
  return FALSE;
}

#endif
