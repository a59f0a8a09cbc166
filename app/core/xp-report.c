/* xp-report.c — printed reports laid out with cairo and pango
 *
 * A report is built as a flat list of blocks (paragraphs, table rows,
 * page breaks).  Pagination measures each block with pango and cuts the
 * list into pages; a table row that opens a page gets its table's header
 * drawn above it again.  Drawing a page replays its blocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-report"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <cairo-pdf.h>
#include <errno.h>
#include <math.h>
#include <glib/gstdio.h>
#include <unistd.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "xp-consistency.h"
#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-report.h"

#define FONT_FAMILY  "Noto Sans CJK SC"
#define FONT_SIZE    9
#define MARGIN       36.0  /* ½ inch */
#define HEADER_H     24.0
#define FOOTER_H     22.0
#define CELL_PAD     3.0   /* above and below */
#define CELL_PAD_X   2.0   /* left and right */
#define MAX_COLUMNS  24

typedef struct {
  guint   n_columns;
  double  weights[MAX_COLUMNS];
  double  widths[MAX_COLUMNS];     /* in points, after layout */
  char   *headers[MAX_COLUMNS];    /* markup */
  PangoAlignment align[MAX_COLUMNS];
  double  fraction;                /* of the content width */
  double  width;                   /* in points, after layout */
  double  header_height;
  char   *continued;               /* markup above the header on later pages */
  double  continued_height;
} Table;

typedef enum {
  BLOCK_TEXT,
  BLOCK_ROW,
  BLOCK_PAGE_BREAK,
} BlockKind;

typedef struct {
  BlockKind      kind;
  Table         *table;     /* BLOCK_ROW */
  char         **cells;     /* markup; one cell spans the whole row */
  char          *markup;    /* BLOCK_TEXT */
  double         scale;     /* font size factor */
  PangoAlignment align;
  double         space_after;
  gboolean       shaded;
  gboolean       keep_with_next;
  gboolean       keep_with_prev;  /* never opens a page alone */
  double         height;
} Block;

struct _XpReport
{
  GObject       parent_instance;

  XpReportKind  kind;
  XpRanking    *ranking;   /* NULL for a blank sheet from criteria */
  XpCriteria   *criteria;
  char         *branch_id;
  gboolean      group_by_category;
  gboolean      built;     /* blocks are a snapshot of the data */
  guint         n_measured;  /* xp_report_paginate_step () */
  double        width, height;

  GPtrArray    *tables;    /* Table* */
  GArray       *blocks;    /* Block */
  GArray       *pages;     /* guint: first block of each page */
  char         *title;
  char         *report_name;
  char         *date;
  char         *stamp;     /* footer: the data digest or the scheme */
  PangoContext *pango;
};

G_DEFINE_FINAL_TYPE (XpReport, xp_report, G_TYPE_OBJECT)

/* ---- helpers ---- */

static void
table_free (gpointer data)
{
  Table *table = data;

  for (guint i = 0; i < table->n_columns; i++)
    g_free (table->headers[i]);
  g_free (table->continued);
  g_free (table);
}

static void
block_clear (gpointer data)
{
  Block *block = data;

  g_strfreev (block->cells);
  g_free (block->markup);
}

static char *
esc (const char *text)
{
  return g_markup_escape_text (text ? text : "", -1);
}

static const char *
dec_text (XpDec value,
          char *buf)
{
  if (value == XP_DEC_NONE)
    {
      buf[0] = '\0';
      return buf;
    }
  return xp_dec_to_buf (value, buf);
}

static char *
stars_text (int stars)
{
  GString *s;

  if (stars < 0)
    return g_strdup ("");
  if (stars == 0)
    return g_strdup ("无星");
  s = g_string_new (NULL);
  for (int i = 0; i < stars; i++)
    g_string_append (s, "★");
  return g_string_free (s, FALSE);
}

static const char *
star_name (int level)
{
  static const char *names[] = { "无星", "一星", "二星", "三星", "四星", "五星",
                                 "六星", "七星", "八星", "九星", "十星" };

  return level >= 0 && level <= 10 ? names[level] : "";
}

static char *
print_date (void)
{
  const char *epoch = g_getenv ("SOURCE_DATE_EPOCH");
  g_autoptr(GDateTime) now = NULL;

  if (epoch != NULL && *epoch != '\0')
    {
      char *end = NULL;
      gint64 secs = g_ascii_strtoll (epoch, &end, 10);

      if (end != NULL && *end == '\0')
        now = g_date_time_new_from_unix_utc (secs);
    }
  if (now == NULL)
    now = g_date_time_new_now_local ();
  return g_date_time_format (now, "%Y年%m月%d日");
}

static const char *
category_label (XpCriteria *criteria,
                const char *category)
{
  XpCategory *cat = category ? xp_criteria_lookup_category (criteria, category) : NULL;

  return cat ? xp_text_get (xp_category_get_label (cat), NULL) : (category ? category : "");
}

/* ---- building ---- */

static Table *
add_table (XpReport   *self,
           guint       n_columns,
           const char *const *headers,
           const double *weights)
{
  Table *table = g_new0 (Table, 1);

  g_assert (n_columns <= MAX_COLUMNS);
  table->n_columns = n_columns;
  table->fraction = 1.0;
  for (guint i = 0; i < n_columns; i++)
    {
      table->headers[i] = g_strdup (headers[i]);
      table->weights[i] = weights[i];
      table->align[i] = PANGO_ALIGN_LEFT;
    }
  g_ptr_array_add (self->tables, table);
  return table;
}

static void
add_text (XpReport      *self,
          char          *markup,  /* taken */
          double         scale,
          PangoAlignment align,
          double         space_after)
{
  Block block = { BLOCK_TEXT, };

  block.markup = markup;
  block.scale = scale;
  block.align = align;
  block.space_after = space_after;
  g_array_append_val (self->blocks, block);
}

static void
keep_last_with_next (XpReport *self)
{
  g_array_index (self->blocks, Block, self->blocks->len - 1).keep_with_next = TRUE;
}

static void
keep_last_with_prev (XpReport *self)
{
  g_array_index (self->blocks, Block, self->blocks->len - 1).keep_with_prev = TRUE;
}

/* @cells: markup, taken. */
static void
add_row (XpReport *self,
         Table    *table,
         char    **cells,
         gboolean  shaded)
{
  Block block = { BLOCK_ROW, };

  g_assert (g_strv_length (cells) == 1 || g_strv_length (cells) == table->n_columns);
  block.table = table;
  block.cells = cells;
  block.scale = 1.0;
  block.shaded = shaded;
  g_array_append_val (self->blocks, block);
}

static void
add_page_break (XpReport *self)
{
  Block block = { BLOCK_PAGE_BREAK, };

  g_array_append_val (self->blocks, block);
}

static void
add_title (XpReport   *self,
           const char *text)
{
  add_text (self, g_markup_printf_escaped ("<b>%s</b>", text), 1.7, PANGO_ALIGN_CENTER, 8);
  keep_last_with_next (self);
}

static void
add_heading (XpReport   *self,
             const char *markup)
{
  add_text (self, g_strdup_printf ("<b>%s</b>", markup), 1.2, PANGO_ALIGN_LEFT, 4);
  keep_last_with_next (self);
}

static void
add_signatures (XpReport          *self,
                const char *const *lines)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; lines[i]; i++)
    {
      if (i > 0)
        g_string_append (s, "\n\n");
      g_string_append (s, lines[i]);
    }
  add_text (self, g_string_free (s, FALSE), 1.1, PANGO_ALIGN_LEFT, 10);
  /* One block, so never split; and never alone on a page: it takes the
   * block above (the table's last row, or the veto checklist) along. */
  g_array_index (self->blocks, Block, self->blocks->len - 1).keep_with_prev = TRUE;
}

static char *
remarks_for (XpReport       *self,
             XpBranchResult *result)
{
  return xp_report_format_remarks (self->criteria, result);
}

char *
xp_report_format_stars (int stars)
{
  return stars_text (stars);
}

/* 备注 of the ranking sheet, shared with the spreadsheet export. */
char *
xp_report_format_remarks (XpCriteria     *criteria,
                          XpBranchResult *result)
{
  XpBranch *branch = xp_branch_result_get_branch (result);
  const char *const *vetoes = xp_branch_get_vetoes (branch);
  GString *s = g_string_new (NULL);

  for (guint i = 0; vetoes[i]; i++)
    {
      XpVeto *veto = xp_criteria_lookup_veto (criteria, vetoes[i]);
      int max = veto ? xp_veto_get_stars_max (veto) : -1;

      if (s->len)
        g_string_append (s, "；");
      if (veto != NULL && max > 0 && xp_veto_get_grade (veto) == NULL)
        g_string_append_printf (s, "限%s（%s）", star_name (max), vetoes[i]);
      else
        g_string_append_printf (s, "否决（%s）", vetoes[i]);
    }
  if (xp_branch_result_get_quota_adjusted (result))
    g_string_append_printf (s, "%s超比例调整", s->len ? "；" : "");
  if (!xp_branch_result_is_complete (result))
    g_string_append_printf (s, "%s未完成评分", s->len ? "；" : "");
  return g_string_free (s, FALSE);
}

static void
add_project_subtitle (XpReport *self)
{
  XpProject *project = xp_ranking_get_project (self->ranking);
  /* The same digest as the ranked JSON's, which xingping-cli verify
   * checks: a printed sheet can be matched to its data. */
  g_autofree char *digest = xp_project_compute_digest (project);

  add_text (self,
            g_markup_printf_escaped ("评分标准：%s（%s %s）　数据摘要 SHA-256：%.16s",
                                     xp_text_get (xp_criteria_get_title (self->criteria), NULL),
                                     xp_criteria_get_id (self->criteria),
                                     xp_criteria_get_version (self->criteria), digest),
            0.9, PANGO_ALIGN_CENTER, 8);
}

static void
build_statistics (XpReport *self)
{
  static const char *const headers[] = { "<b>项目</b>", "<b>数量</b>", "<b>占比</b>" };
  static const double weights[] = { 3, 1, 1 };
  guint n_complete = xp_ranking_get_n_complete (self->ranking);
  GListModel *grades = xp_criteria_get_grades (self->criteria);
  guint n_stars;
  const XpStar *stars = xp_criteria_get_stars (self->criteria, &n_stars);
  Table *table;
  int top = n_stars ? stars[0].level : 5;

  add_heading (self, "统计表");
  table = add_table (self, 3, headers, weights);
  table->fraction = 0.5;
  table->align[1] = table->align[2] = PANGO_ALIGN_RIGHT;
  add_row (self, table, g_strsplit ("<b>按星级</b>", "\x1f", -1), TRUE);
  for (int level = top; level >= 0; level--)
    {
      guint count = xp_ranking_get_star_count (self->ranking, level);
      char **cells = g_new0 (char *, 4);

      g_autofree char *glyphs = stars_text (level);

      cells[0] = level > 0 ? g_strdup_printf ("%s（%s）", star_name (level), glyphs) : g_strdup (star_name (0));
      cells[1] = g_strdup_printf ("%u", count);
      cells[2] = g_strdup_printf ("%.1f%%", n_complete ? 100.0 * count / n_complete : 0.0);
      add_row (self, table, cells, FALSE);
    }
  add_row (self, table, g_strsplit ("<b>按分类定级</b>", "\x1f", -1), TRUE);
  for (guint g = 0; g < g_list_model_get_n_items (grades); g++)
    {
      g_autoptr(XpGrade) grade = g_list_model_get_item (grades, g);
      guint count = 0;
      char **cells = g_new0 (char *, 4);

      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->ranking)); i++)
        {
          g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (self->ranking), i);

          count += xp_branch_result_is_complete (result) && xp_branch_result_get_grade (result) == grade;
        }
      cells[0] = esc (xp_text_get (xp_grade_get_label (grade), NULL));
      cells[1] = g_strdup_printf ("%u", count);
      cells[2] = g_strdup_printf ("%.1f%%", n_complete ? 100.0 * count / n_complete : 0.0);
      add_row (self, table, cells, FALSE);
    }
  {
    char **cells = g_new0 (char *, 4);

    cells[0] = g_strdup ("<b>完成评分的党组织合计</b>");
    cells[1] = g_strdup_printf ("<b>%u</b>", n_complete);
    cells[2] = g_strdup (n_complete ? "<b>100.0%</b>" : "");
    add_row (self, table, cells, TRUE);
  }
  add_text (self, g_strdup_printf ("参评 %u 个，完成评分 %u 个。",
                                   g_list_model_get_n_items (G_LIST_MODEL (self->ranking)), n_complete),
            1.0, PANGO_ALIGN_LEFT, 12);
}

/* The statistics block's agreement line: ICC(2,k) and Kendall's W with
 * the number of branches each rests on. */
static char *
agreement_text (const char        *name,
                const XpAgreement *a)
{
  switch (a->status)
    {
    case XP_AGREEMENT_OK:
      return g_strdup_printf ("%s = %.3f（%u 个党组织，%u 名考评组成员）", name,
                              round (a->value * 1000) / 1000, a->n_branches, a->n_evaluators);
    case XP_AGREEMENT_FEW_EVALUATORS:
      return g_strdup_printf ("%s 无法计算（完成评分的考评组成员不足 2 名）", name);
    case XP_AGREEMENT_FEW_BRANCHES:
      return g_strdup_printf ("%s 无法计算（全体考评组成员均完成评分的党组织不足 2 个）", name);
    case XP_AGREEMENT_NO_VARIANCE:
    default:
      return g_strdup_printf ("%s 无法计算（评分无差异）", name);
    }
}

static void
add_consistency_statistics (XpReport *self)
{
  g_autoptr(XpConsistency) c = xp_consistency_new (self->ranking, XP_DEC_NONE);
  g_autofree char *icc = agreement_text ("ICC(2,k)", xp_consistency_get_icc (c));
  g_autofree char *w = agreement_text ("Kendall W", xp_consistency_get_kendall_w (c));

  add_text (self,
            g_markup_printf_escaped ("评分一致性：%s；%s。仅计全体考评组成员均完成评分的党组织。"
                                     "单一考评组成员影响星级或名次的党组织 %u 个。",
                                     icc, w, xp_consistency_get_n_sensitive (c)),
            1.0, PANGO_ALIGN_LEFT, 12);
}

static void
add_ranking_row (XpReport       *self,
                 Table          *table,
                 XpBranchResult *result)
{
  XpBranch *branch = xp_branch_result_get_branch (result);
  XpGrade *grade = xp_branch_result_get_grade (result);
  gboolean complete = xp_branch_result_is_complete (result);
  char **cells = g_new0 (char *, table->n_columns + 1);
  char buf[XP_DEC_BUF_SIZE];
  g_autofree char *stars = stars_text (xp_branch_result_get_stars (result));
  g_autofree char *remarks = remarks_for (self, result);

  cells[0] = complete ? g_strdup_printf ("%u", xp_branch_result_get_rank (result)) : g_strdup ("—");
  cells[1] = esc (xp_branch_get_name (branch));
  cells[2] = esc (xp_branch_get_enterprise (branch));
  cells[3] = esc (category_label (self->criteria, xp_branch_get_category (branch)));
  cells[4] = xp_branch_get_members (branch) >= 0 ? g_strdup_printf ("%d", xp_branch_get_members (branch)) : g_strdup ("");
  cells[5] = g_strdup (dec_text (xp_branch_result_get_self_total (result), buf));
  cells[6] = g_strdup (dec_text (xp_branch_result_get_group_total (result), buf));
  cells[7] = g_strdup (dec_text (xp_branch_result_get_bonus (result), buf));
  cells[8] = g_strdup (dec_text (xp_branch_result_get_penalty (result), buf));
  cells[9] = g_strdup_printf ("<b>%s</b>", dec_text (xp_branch_result_get_score (result), buf));
  cells[10] = esc (stars);
  cells[11] = esc (complete && grade ? xp_text_get (xp_grade_get_label (grade), NULL) : "");
  cells[12] = esc (remarks);
  add_row (self, table, cells, FALSE);
}

static void
build_ranking (XpReport *self)
{
  static const char *const headers[] = {
    "<b>名次</b>", "<b>党组织名称</b>", "<b>企业名称</b>", "<b>组建方式</b>", "<b>党员数</b>",
    "<b>自评分</b>", "<b>考评分</b>", "<b>加分</b>", "<b>扣分</b>", "<b>总分</b>",
    "<b>星级</b>", "<b>分类定级</b>", "<b>备注</b>",
  };
  static const double weights[] = { 30, 140, 130, 44, 34, 40, 40, 32, 32, 40, 62, 44, 110 };
  static const char *const signatures[] = {
    "考评组成员签字：________________________________________________",
    "审核人签字：____________________　　　　日期：______年____月____日",
    NULL,
  };
  GListModel *model = G_LIST_MODEL (self->ranking);
  Table *table;

  add_title (self, "党组织星级创评排名表");
  add_project_subtitle (self);
  table = add_table (self, G_N_ELEMENTS (headers), headers, weights);
  for (guint c = 0; c < table->n_columns; c++)
    table->align[c] = PANGO_ALIGN_CENTER;
  table->align[1] = table->align[2] = table->align[12] = PANGO_ALIGN_LEFT;

  if (!self->group_by_category)
    {
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);

          add_ranking_row (self, table, result);
        }
    }
  else
    {
      GListModel *cats = xp_criteria_get_categories (self->criteria);

      /* Each category in the scheme's order, its branches in rank order;
       * the rank stays the overall one.  A category the scheme does not
       * know (not possible in a valid project) would be left out, so
       * count what was printed. */
      for (guint c = 0; c < g_list_model_get_n_items (cats); c++)
        {
          g_autoptr(XpCategory) cat = g_list_model_get_item (cats, c);
          const char *id = xp_category_get_id (cat);
          guint count = 0;
          char **cells;

          for (guint i = 0; i < g_list_model_get_n_items (model); i++)
            {
              g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);

              count += g_strcmp0 (xp_branch_get_category (xp_branch_result_get_branch (result)), id) == 0;
            }
          if (count == 0)
            continue;
          cells = g_new0 (char *, 2);
          cells[0] = g_markup_printf_escaped ("<b>%s</b>（%u 个）", xp_text_get (xp_category_get_label (cat), NULL), count);
          add_row (self, table, cells, TRUE);
          keep_last_with_next (self);
          for (guint i = 0; i < g_list_model_get_n_items (model); i++)
            {
              g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);

              if (g_strcmp0 (xp_branch_get_category (xp_branch_result_get_branch (result)), id) == 0)
                add_ranking_row (self, table, result);
            }
        }
    }
  add_text (self, g_strdup (""), 1.0, PANGO_ALIGN_LEFT, 6);
  build_statistics (self);
  add_consistency_statistics (self);
  add_signatures (self, signatures);
}

static void
build_stars (XpReport *self)
{
  static const char *const headers[] = {
    "<b>序号</b>", "<b>党组织名称</b>", "<b>企业名称</b>", "<b>组建方式</b>", "<b>总分</b>", "<b>分类定级</b>",
  };
  static const double weights[] = { 30, 160, 150, 50, 44, 50 };
  static const char *const signatures[] = {
    "审核人签字：____________________　　　　日期：______年____月____日",
    NULL,
  };
  GListModel *model = G_LIST_MODEL (self->ranking);
  guint n_stars;
  const XpStar *ladder = xp_criteria_get_stars (self->criteria, &n_stars);
  int top = n_stars ? ladder[0].level : 5;

  add_title (self, "党组织星级创评星级名单");
  add_project_subtitle (self);
  for (int level = top; level >= 0; level--)
    {
      guint count = xp_ranking_get_star_count (self->ranking, level);
      guint seq = 0;
      g_autofree char *stars = stars_text (level);
      Table *table;

      if (level == 0 && count == 0)
        continue;
      g_autofree char *heading = level > 0 ? g_strdup_printf ("%s党组织（%s）共 %u 个", star_name (level), stars, count)
                                           : g_strdup_printf ("未评定星级的党组织 共 %u 个", count);

      add_heading (self, heading);
      if (count == 0)
        {
          add_text (self, g_strdup ("（无）"), 1.0, PANGO_ALIGN_LEFT, 10);
          continue;
        }
      table = add_table (self, G_N_ELEMENTS (headers), headers, weights);
      table->align[0] = table->align[3] = table->align[4] = table->align[5] = PANGO_ALIGN_CENTER;
      table->continued = g_strdup_printf ("<b>%s（续）</b>", heading);
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);
          XpBranch *branch = xp_branch_result_get_branch (result);
          XpGrade *grade = xp_branch_result_get_grade (result);
          char **cells;
          char buf[XP_DEC_BUF_SIZE];

          if (!xp_branch_result_is_complete (result) || xp_branch_result_get_stars (result) != level)
            continue;
          cells = g_new0 (char *, table->n_columns + 1);
          cells[0] = g_strdup_printf ("%u", ++seq);
          cells[1] = esc (xp_branch_get_name (branch));
          cells[2] = esc (xp_branch_get_enterprise (branch));
          cells[3] = esc (category_label (self->criteria, xp_branch_get_category (branch)));
          cells[4] = g_strdup (dec_text (xp_branch_result_get_score (result), buf));
          cells[5] = esc (grade ? xp_text_get (xp_grade_get_label (grade), NULL) : "");
          add_row (self, table, cells, FALSE);
        }
      add_text (self, g_strdup (""), 1.0, PANGO_ALIGN_LEFT, 4);
    }
  add_signatures (self, signatures);
}

/* The combined score of one item over the complete group sheets, by the
 * scheme's aggregation (rules 3–5), for display on the sheet. */
static XpDec
combine_item (XpReport    *self,
              GPtrArray   *group,
              XpEvaluator *self_eval,
              const char  *branch_id,
              const char  *item_id)
{
  XpProject *project = xp_ranking_get_project (self->ranking);
  g_autofree XpDec *values = g_new (XpDec, MAX (group->len, 1));
  XpDec self_value = XP_DEC_NONE;

  for (guint i = 0; i < group->len; i++)
    {
      XpDec v = xp_project_get_score (project, branch_id, xp_evaluator_get_id (group->pdata[i]), item_id);

      values[i] = v == XP_DEC_NONE ? 0 : v;
    }
  if (xp_criteria_get_self_weight (self->criteria) > 0 && self_eval != NULL)
    {
      self_value = xp_project_get_score (project, branch_id, xp_evaluator_get_id (self_eval), item_id);
      if (self_value == XP_DEC_NONE)
        self_value = 0;
    }

  return xp_ranking_combine (self->criteria, values, group->len, self_value);
}

static char *
category_labels (XpCriteria        *criteria,
                 const char *const *ids,
                 const char        *sep)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; ids[i]; i++)
    g_string_append_printf (s, "%s%s", i ? sep : "", category_label (criteria, ids[i]));
  return g_string_free (s, FALSE);
}

static char *
category_boxes (XpCriteria *criteria)
{
  GListModel *cats = xp_criteria_get_categories (criteria);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (cats); i++)
    {
      g_autoptr(XpCategory) cat = g_list_model_get_item (cats, i);

      g_string_append_printf (s, "%s□%s", i ? " " : "", xp_text_get (xp_category_get_label (cat), NULL));
    }
  return g_string_free (s, FALSE);
}

/* The dimension's points for @category; for a blank sheet (NULL) the
 * points when every category has the same, else "a/b/c". */
static char *
dimension_points (XpCriteria  *criteria,
                  XpDimension *dim,
                  const char  *category)
{
  GListModel *cats = xp_criteria_get_categories (criteria);
  g_autoptr(GString) s = g_string_new (NULL);
  gboolean same = TRUE;
  XpDec first = XP_DEC_NONE;
  char buf[XP_DEC_BUF_SIZE];

  if (category != NULL)
    return g_strdup (xp_dec_to_buf (xp_dimension_get_max (dim, category), buf));
  for (guint i = 0; i < g_list_model_get_n_items (cats); i++)
    {
      g_autoptr(XpCategory) cat = g_list_model_get_item (cats, i);
      XpDec max = xp_dimension_get_max (dim, xp_category_get_id (cat));

      if (i == 0)
        first = max;
      same = same && max == first;
      g_string_append_printf (s, "%s%s", i ? "/" : "", xp_dec_to_buf (max, buf));
    }
  if (same && first != XP_DEC_NONE)
    return g_strdup (xp_dec_to_buf (first, buf));
  return g_strdup (s->str);
}

/* The item's text, guidance and deductions.  On a filled sheet
 * (@evaluators non-NULL) a deduction an evaluator ticked is ☑ and names
 * who ticked it, with the count for a per-each deduction. */
static char *
item_content (XpReport   *self,
              XpItem     *item,
              const char *category,
              const char *branch_id,
              GPtrArray  *evaluators)
{
  XpCriteria *criteria = self->criteria;
  XpProject *project = self->ranking ? xp_ranking_get_project (self->ranking) : NULL;
  GString *s = g_string_new (NULL);
  const char *guidance = xp_text_get (xp_item_get_guidance (item), NULL);
  const char *const *cats = xp_item_get_categories (item);
  g_autofree char *label = esc (xp_text_get (xp_item_get_label (item), NULL));

  g_string_append_printf (s, "%s %s", xp_item_get_id (item), label);
  if (cats != NULL && category == NULL)
    {
      g_autofree char *joined = category_labels (criteria, cats, "、");
      g_autofree char *e = esc (joined);

      g_string_append_printf (s, "<span size=\"smaller\">（仅适用：%s）</span>", e);
    }
  if (guidance != NULL && *guidance)
    {
      g_autofree char *e = esc (guidance);

      g_string_append_printf (s, "\n<span size=\"smaller\" foreground=\"#444444\">%s</span>", e);
    }
  for (guint d = 0; d < xp_item_get_n_deductions (item); d++)
    {
      const XpDeduction *ded = xp_item_get_deduction (item, d);
      char buf[XP_DEC_BUF_SIZE];
      g_autofree char *e = esc (xp_text_get (ded->label, NULL));
      g_autofree char *key = xp_item_dup_deduction_key (item, d);
      g_autoptr(GString) who = g_string_new (NULL);

      for (guint v = 0; evaluators != NULL && v < evaluators->len; v++)
        {
          guint count = xp_project_get_deduction_count (project, branch_id, xp_evaluator_get_id (evaluators->pdata[v]),
                                                        xp_item_get_id (item), key);
          g_autofree char *name = NULL;

          if (count == 0)
            continue;
          name = esc (xp_evaluator_get_name (evaluators->pdata[v]));
          g_string_append_printf (who, "%s%s", who->len ? "、" : "", name);
          if (ded->per_each || count > 1)
            g_string_append_printf (who, "×%u", count);
        }
      if (who->len > 0)
        g_string_append_printf (s, "\n<span size=\"smaller\"><b>☑ %s（扣%s分%s）［%s］</b></span>", e,
                                xp_dec_to_buf (ded->points, buf), ded->per_each ? "/处" : "", who->str);
      else
        g_string_append_printf (s, "\n<span size=\"smaller\">□ %s（扣%s分%s）</span>", e,
                                xp_dec_to_buf (ded->points, buf), ded->per_each ? "/处" : "");
    }
  return g_string_free (s, FALSE);
}

/* One score sheet; @branch NULL for a blank one. */
static void
build_sheet (XpReport *self,
             XpBranch *branch)
{
  XpProject *project = self->ranking ? xp_ranking_get_project (self->ranking) : NULL;
  g_autoptr(XpBranchResult) result = NULL;
  g_autoptr(GPtrArray) evaluators = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) group = g_ptr_array_new ();
  g_autoptr(GPtrArray) sign_lines = g_ptr_array_new_with_free_func (g_free);
  XpEvaluator *self_eval = NULL;
  const char *branch_id = branch ? xp_branch_get_id (branch) : NULL;
  const char *category = branch ? xp_branch_get_category (branch) : NULL;
  gboolean filled = branch != NULL && self->kind == XP_REPORT_SHEETS;
  const char *headers[MAX_COLUMNS];
  double weights[MAX_COLUMNS];
  g_autoptr(GPtrArray) header_store = g_ptr_array_new_with_free_func (g_free);
  GListModel *dims = xp_criteria_get_dimensions (self->criteria);
  guint n_cols = 0, n_ev, first_ev;
  char buf[XP_DEC_BUF_SIZE];
  Table *table;

  if (filled)
    {
      GListModel *all = xp_project_get_evaluators (project);

      result = g_object_ref (xp_ranking_lookup (self->ranking, branch_id));
      for (guint e = 0; e < g_list_model_get_n_items (all); e++)
        {
          XpEvaluator *ev = g_list_model_get_item (all, e);

          g_ptr_array_add (evaluators, ev);
          if (xp_evaluator_get_role (ev) == XP_ROLE_SELF)
            self_eval = ev;
          else if (xp_project_sheet_is_complete (project, branch_id, xp_evaluator_get_id (ev)))
            g_ptr_array_add (group, ev);
        }
    }

  /* header */
  add_title (self, "党组织星级创评评分表");
  {
    g_autofree char *members = branch && xp_branch_get_members (branch) >= 0
                                 ? g_strdup_printf ("%d", xp_branch_get_members (branch))
                                 : g_strdup ("________");
    g_autofree char *secretary = g_strdup (branch && xp_branch_get_secretary (branch) ? xp_branch_get_secretary (branch) : "____________");
    g_autofree char *boxes = category_boxes (self->criteria);

    add_text (self,
              g_markup_printf_escaped ("党组织名称：%s\n所在单位：%s\n组建方式：%s　　党员数：%s　　党组织书记：%s\n考评日期：______年____月____日",
                                       branch ? xp_branch_get_name (branch) : "________________________________",
                                       branch ? xp_branch_get_enterprise (branch) : "________________________________",
                                       branch ? category_label (self->criteria, category) : boxes,
                                       members, secretary),
              1.0, PANGO_ALIGN_LEFT, 4);
  }
  if (filled)
    {
      g_autofree char *stars = stars_text (xp_branch_result_get_stars (result));
      XpGrade *grade = xp_branch_result_get_grade (result);

      add_text (self,
                xp_branch_result_is_complete (result)
                  ? g_markup_printf_escaped ("<b>总分：%s　　星级：%s　　分类定级：%s　　名次：%u</b>",
                                             dec_text (xp_branch_result_get_score (result), buf), stars,
                                             grade ? xp_text_get (xp_grade_get_label (grade), NULL) : "",
                                             xp_branch_result_get_rank (result))
                  : g_strdup ("<b>总分：未完成评分（考评组有效评分表不足）</b>"),
                1.0, PANGO_ALIGN_LEFT, 6);
    }
  else
    add_text (self, g_strdup ("<b>总分：__________　　星级：__________　　分类定级：__________</b>"), 1.0, PANGO_ALIGN_LEFT, 6);

  /* columns */
  headers[n_cols] = "<b>一级指标（分值）</b>"; weights[n_cols++] = 56;
  headers[n_cols] = "<b>考评内容及评分标准</b>"; weights[n_cols++] = filled ? 210 : 260;
  headers[n_cols] = "<b>分值</b>"; weights[n_cols++] = 26;
  first_ev = n_cols;
  if (filled)
    {
      for (guint e = 0; e < evaluators->len && n_cols < MAX_COLUMNS - 3; e++)
        {
          char *h = g_markup_printf_escaped ("<span size=\"small\"><b>%s</b></span>", xp_evaluator_get_name (evaluators->pdata[e]));

          g_ptr_array_add (header_store, h);
          headers[n_cols] = h;
          weights[n_cols++] = 33;
        }
      headers[n_cols] = "<b>合计</b>"; weights[n_cols++] = 34;
    }
  else
    {
      headers[n_cols] = "<b>自评分</b>"; weights[n_cols++] = 40;
      headers[n_cols] = "<b>考评分</b>"; weights[n_cols++] = 40;
    }
  n_ev = n_cols - first_ev;
  headers[n_cols] = "<b>扣分原因</b>"; weights[n_cols++] = filled ? 52 : 90;
  table = add_table (self, n_cols, headers, weights);
  for (guint c = 2; c < n_cols - 1; c++)
    table->align[c] = PANGO_ALIGN_CENTER;
  /* Loose pages of a stack of sheets still say whose they are. */
  if (branch != NULL)
    table->continued = g_markup_printf_escaped ("<b>%s</b>　评分表（续）", xp_branch_get_name (branch));

  for (guint d = 0; d < g_list_model_get_n_items (dims); d++)
    {
      g_autoptr(XpDimension) dim = g_list_model_get_item (dims, d);
      GListModel *items = xp_dimension_get_items (dim);
      gboolean first = TRUE;
      char **cells;

      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          g_autoptr(XpItem) item = g_list_model_get_item (items, i);
          g_autoptr(GString) notes = g_string_new (NULL);

          if (category != NULL && !xp_item_applies_to (item, category))
            continue;
          cells = g_new0 (char *, n_cols + 1);
          if (first)
            {
              g_autofree char *points = dimension_points (self->criteria, dim, category);

              cells[0] = g_markup_printf_escaped ("%s（%s）", xp_text_get (xp_dimension_get_label (dim), NULL), points);
            }
          else
            cells[0] = g_strdup ("");
          first = FALSE;
          cells[1] = item_content (self, item, category, branch_id, filled ? evaluators : NULL);
          cells[2] = g_strdup (xp_dec_to_buf (xp_item_get_max (item), buf));
          for (guint c = 0; c < n_ev; c++)
            cells[first_ev + c] = g_strdup ("");
          if (filled)
            {
              for (guint e = 0; e < evaluators->len; e++)
                {
                  const char *eid = xp_evaluator_get_id (evaluators->pdata[e]);
                  const char *note = xp_project_get_note (project, branch_id, eid, xp_item_get_id (item));

                  g_free (cells[first_ev + e]);
                  cells[first_ev + e] = g_strdup (dec_text (xp_project_get_score (project, branch_id, eid, xp_item_get_id (item)), buf));
                  if (note != NULL && *note)
                    {
                      g_autofree char *e1 = esc (xp_evaluator_get_name (evaluators->pdata[e]));
                      g_autofree char *e2 = esc (note);

                      g_string_append_printf (notes, "%s%s：%s", notes->len ? "\n" : "", e1, e2);
                    }
                }
              g_free (cells[first_ev + evaluators->len]);
              cells[first_ev + evaluators->len] = g_strdup (dec_text (combine_item (self, group, self_eval, branch_id, xp_item_get_id (item)), buf));
            }
          cells[n_cols - 1] = g_strdup (notes->str);
          add_row (self, table, cells, FALSE);
        }
      if (filled)
        {
          cells = g_new0 (char *, n_cols + 1);
          cells[0] = g_strdup ("");
          cells[1] = g_markup_printf_escaped ("<b>%s 小计</b>", xp_text_get (xp_dimension_get_label (dim), NULL));
          cells[2] = g_strdup (xp_dec_to_buf (xp_dimension_get_max (dim, category), buf));
          for (guint c = 0; c < n_ev; c++)
            cells[first_ev + c] = g_strdup ("");
          if (xp_branch_result_is_complete (result))
            {
              g_free (cells[first_ev + evaluators->len]);
              cells[first_ev + evaluators->len] = g_strdup_printf ("<b>%s</b>", dec_text (xp_branch_result_get_dimension_score (result, d), buf));
            }
          cells[n_cols - 1] = g_strdup ("");
          add_row (self, table, cells, TRUE);
        }
    }

  /* bonus and penalty */
  for (int pass = 0; pass < 2; pass++)
    {
      GPtrArray *items = pass == 0 ? xp_criteria_get_bonus_items (self->criteria) : xp_criteria_get_penalty_items (self->criteria);
      XpDec cap = pass == 0 ? xp_criteria_get_bonus_cap (self->criteria) : xp_criteria_get_penalty_cap (self->criteria);

      if (items == NULL || items->len == 0)
        continue;
      add_row (self, table, g_strsplit (pass == 0 ? "<b>加分项目</b>" : "<b>扣分项目</b>", "\x1f", -1), TRUE);
      for (guint i = 0; i < items->len; i++)
        {
          XpItem *item = items->pdata[i];
          char **cells = g_new0 (char *, n_cols + 1);

          cells[0] = i == 0 ? g_strdup_printf ("%s（上限%s）", pass == 0 ? "加分" : "扣分", dec_text (cap, buf)) : g_strdup ("");
          cells[1] = item_content (self, item, category, branch_id, filled ? evaluators : NULL);
          cells[2] = g_strdup (xp_dec_to_buf (xp_item_get_max (item), buf));
          for (guint c = 0; c < n_ev; c++)
            cells[first_ev + c] = g_strdup ("");
          cells[n_cols - 1] = g_strdup ("");
          if (filled)
            {
              for (guint e = 0; e < evaluators->len; e++)
                {
                  g_free (cells[first_ev + e]);
                  cells[first_ev + e] = g_strdup (dec_text (xp_project_get_score (project, branch_id, xp_evaluator_get_id (evaluators->pdata[e]), xp_item_get_id (item)), buf));
                }
              g_free (cells[first_ev + evaluators->len]);
              cells[first_ev + evaluators->len] = g_strdup (dec_text (combine_item (self, group, self_eval, branch_id, xp_item_get_id (item)), buf));
            }
          add_row (self, table, cells, FALSE);
        }
    }

  /* totals */
  {
    char **cells = g_new0 (char *, n_cols + 1);

    cells[0] = g_strdup ("<b>合计</b>");
    cells[1] = g_strdup (filled ? "<b>评分表总分（按标准折算，含加扣分）</b>" : "<b>总分</b>");
    cells[2] = g_strdup (xp_dec_to_buf (xp_criteria_get_scale (self->criteria), buf));
    for (guint c = 0; c < n_ev; c++)
      cells[first_ev + c] = g_strdup ("");
    if (filled)
      {
        for (guint e = 0; e < evaluators->len; e++)
          {
            g_free (cells[first_ev + e]);
            cells[first_ev + e] = g_strdup (dec_text (xp_branch_result_get_sheet_total (result, xp_evaluator_get_id (evaluators->pdata[e])), buf));
          }
        g_free (cells[first_ev + evaluators->len]);
        cells[first_ev + evaluators->len] = g_strdup_printf ("<b>%s</b>", dec_text (xp_branch_result_get_score (result), buf));
      }
    cells[n_cols - 1] = g_strdup ("");
    add_row (self, table, cells, TRUE);
  }
  /* From here to the signatures, everything sticks to the totals row. */
  add_text (self, g_strdup (""), 1.0, PANGO_ALIGN_LEFT, 4);
  keep_last_with_prev (self);

  /* vetoes */
  {
    GListModel *vetoes = xp_criteria_get_vetoes (self->criteria);
    GString *s = g_string_new (NULL);

    if (g_list_model_get_n_items (vetoes) > 0)
      {
        add_heading (self, "一票否决及限星事项（有则勾选）");
        keep_last_with_prev (self);
        for (guint v = 0; v < g_list_model_get_n_items (vetoes); v++)
          {
            g_autoptr(XpVeto) veto = g_list_model_get_item (vetoes, v);
            gboolean on = filled && xp_branch_has_veto (branch, xp_veto_get_id (veto));
            int max = xp_veto_get_stars_max (veto);
            g_autofree char *label = esc (xp_text_get (xp_veto_get_label (veto), NULL));

            g_string_append_printf (s, "%s%s %s %s（%s）", s->len ? "\n" : "", on ? "☑" : "□",
                                    xp_veto_get_id (veto), label,
                                    max > 0 && xp_veto_get_grade (veto) == NULL ? star_name (max) : "否决");
            if (max > 0 && xp_veto_get_grade (veto) == NULL)
              g_string_insert (s, s->len - strlen (star_name (max)) - strlen ("）"), "最高");
          }
        add_text (self, g_string_free (s, FALSE), 1.0, PANGO_ALIGN_LEFT, 10);
        keep_last_with_prev (self);
      }
    else
      g_string_free (s, TRUE);
  }

  /* signatures */
  g_ptr_array_add (sign_lines, g_strdup ("党组织自评意见：________________________________________________________"));
  g_ptr_array_add (sign_lines, g_strdup ("党组织书记签名：________________　　（盖章）　　日期：______年____月____日"));
  g_ptr_array_add (sign_lines, g_strdup ("考评组意见：____________________________________________________________"));
  if (filled)
    {
      GString *s = g_string_new ("考评组成员签名：");
      guint n = 0;

      /* Three to a line, so that no name is broken by the wrap. */
      for (guint e = 0; e < evaluators->len; e++)
        if (xp_evaluator_get_role (evaluators->pdata[e]) == XP_ROLE_GROUP)
          {
            g_autofree char *name = esc (xp_evaluator_get_name (evaluators->pdata[e]));

            if (n > 0)
              g_string_append (s, n % 3 == 0 ? "\n　　　　　　　　" : "　");
            g_string_append_printf (s, "%s ______________", name);
            n++;
          }
      g_ptr_array_add (sign_lines, g_string_free (s, FALSE));
    }
  else
    g_ptr_array_add (sign_lines, g_strdup ("考评组成员签名：____________　____________　____________　____________"));
  g_ptr_array_add (sign_lines, g_strdup ("考评组成员签名日期：______年____月____日"));
  g_ptr_array_add (sign_lines, g_strdup ("审核意见：______________________________　　（盖章）　　日期：______年____月____日"));
  g_ptr_array_add (sign_lines, NULL);
  add_signatures (self, (const char *const *) sign_lines->pdata);
}

static void
build_sheets (XpReport *self)
{
  XpProject *project = self->ranking ? xp_ranking_get_project (self->ranking) : NULL;

  if (self->kind == XP_REPORT_BLANK)
    {
      XpBranch *branch = self->branch_id && project ? xp_project_lookup_branch (project, self->branch_id) : NULL;

      build_sheet (self, branch);
      return;
    }
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->ranking)); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (self->ranking), i);
      XpBranch *branch = xp_branch_result_get_branch (result);

      if (self->branch_id && g_strcmp0 (self->branch_id, xp_branch_get_id (branch)) != 0)
        continue;
      if (self->blocks->len > 0)
        add_page_break (self);
      build_sheet (self, branch);
    }
}

static void build_audit (XpReport *self);

static void
build (XpReport *self)
{
  g_ptr_array_set_size (self->tables, 0);
  g_array_set_size (self->blocks, 0);
  switch (self->kind)
    {
    case XP_REPORT_RANKING:
      build_ranking (self);
      break;
    case XP_REPORT_STARS:
      build_stars (self);
      break;
    case XP_REPORT_AUDIT:
      build_audit (self);
      break;
    case XP_REPORT_SHEETS:
    case XP_REPORT_BLANK:
    default:
      build_sheets (self);
      break;
    }
}

static const char *
audit_action_name (XpAuditAction action)
{
  switch (action)
    {
    case XP_AUDIT_SET: return "录入";
    case XP_AUDIT_CHANGE: return "修改";
    case XP_AUDIT_CLEAR: return "清除";
    case XP_AUDIT_SEAL: return "封存定稿";
    case XP_AUDIT_REOPEN: return "重新开启";
    default: return "";
    }
}

/* 评分变更记录: who changed which score when, oldest first; seals and
 * reopens with their reason.  With a branch: its entries plus every seal
 * and reopen (xp_project_list_audit ()). */
static void
build_audit (XpReport *self)
{
  static const char *const headers[] = {
    "<b>序号</b>", "<b>时间</b>", "<b>操作人</b>", "<b>操作</b>", "<b>党组织</b>",
    "<b>考评人</b>", "<b>考评指标</b>", "<b>原分值</b>", "<b>新分值</b>", "<b>说明</b>",
  };
  static const double weights[] = { 26, 64, 46, 44, 100, 44, 84, 32, 32, 56 };
  XpProject *project = xp_ranking_get_project (self->ranking);
  g_autoptr(GPtrArray) entries = xp_project_list_audit (project, self->branch_id);
  Table *table;

  add_title (self, "评分变更记录");
  add_project_subtitle (self);
  if (self->branch_id != NULL)
    {
      XpBranch *branch = xp_project_lookup_branch (project, self->branch_id);

      add_text (self, g_markup_printf_escaped ("党组织：%s（含全部封存、重新开启记录）",
                                               branch ? xp_branch_get_name (branch) : self->branch_id),
                1.0, PANGO_ALIGN_LEFT, 6);
    }
  if (entries->len == 0)
    {
      add_text (self, g_strdup ("（无变更记录）"), 1.0, PANGO_ALIGN_LEFT, 10);
      return;
    }
  table = add_table (self, G_N_ELEMENTS (headers), headers, weights);
  table->align[0] = table->align[3] = table->align[7] = table->align[8] = PANGO_ALIGN_CENTER;
  table->continued = g_strdup ("<b>评分变更记录（续）</b>");
  for (guint i = 0; i < entries->len; i++)
    {
      const XpAuditEntry *entry = entries->pdata[i];
      XpBranch *branch = entry->branch_id ? xp_project_lookup_branch (project, entry->branch_id) : NULL;
      XpEvaluator *evaluator = entry->evaluator_id ? xp_project_lookup_evaluator (project, entry->evaluator_id) : NULL;
      XpItem *item = entry->item_id ? xp_criteria_lookup_item (self->criteria, entry->item_id) : NULL;
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (entry->at);
      g_autofree char *at = when ? g_date_time_format (when, "%Y-%m-%d %H:%M:%S") : g_strdup ("");
      char **cells = g_new0 (char *, table->n_columns + 1);
      char buf[XP_DEC_BUF_SIZE];

      cells[0] = g_strdup_printf ("%u", i + 1);
      cells[1] = esc (at);
      cells[2] = esc (entry->by ? entry->by : "");
      cells[3] = esc (audit_action_name (entry->action));
      /* a branch or evaluator removed since keeps its id */
      cells[4] = esc (branch ? xp_branch_get_name (branch) : (entry->branch_id ? entry->branch_id : ""));
      cells[5] = esc (evaluator ? xp_evaluator_get_name (evaluator) : (entry->evaluator_id ? entry->evaluator_id : ""));
      if (item != NULL)
        cells[6] = g_markup_printf_escaped ("%s <span size=\"smaller\">%s</span>", entry->item_id,
                                            xp_text_get (xp_item_get_label (item), NULL));
      else
        cells[6] = esc (entry->item_id ? entry->item_id : "");
      cells[7] = g_strdup (dec_text (entry->old_value, buf));
      cells[8] = g_strdup (dec_text (entry->new_value, buf));
      cells[9] = esc (entry->reason ? entry->reason : "");
      add_row (self, table, cells, FALSE);
    }
  add_text (self, g_strdup_printf ("共 %u 条记录。", entries->len), 1.0, PANGO_ALIGN_LEFT, 10);
}

/* ---- layout ---- */

static PangoLayout *
make_layout (PangoContext  *context,
             const char    *markup,
             double         scale,
             double         width,
             PangoAlignment align)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = pango_font_description_from_string (FONT_FAMILY " 9");

  pango_font_description_set_size (desc, (int) (FONT_SIZE * scale * PANGO_SCALE));
  pango_layout_set_font_description (layout, desc);
  pango_layout_set_width (layout, (int) (MAX (width, 1) * PANGO_SCALE));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, align);
  pango_layout_set_markup (layout, markup, -1);
  return layout;
}

/* Every layout comes from one context in points with an identity matrix
 * and unhinted, unrounded metrics, never from the target cairo_t: a
 * scaled preview, a 600 dpi printer and a PDF then break lines and pages
 * alike, and drawing only transforms the glyphs. */
static PangoContext *
create_pango_context (void)
{
  PangoContext *context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);
  pango_cairo_context_set_resolution (context, 72);
  pango_context_set_round_glyph_positions (context, FALSE);
  return context;
}

static double
layout_height (PangoLayout *layout)
{
  int w, h;

  pango_layout_get_size (layout, &w, &h);
  return (double) h / PANGO_SCALE;
}

static double
content_width (XpReport *self)
{
  return self->width - 2 * MARGIN;
}

static double
cells_height (PangoContext *context,
              Table       *table,
              char *const *cells)
{
  double h = 0;
  guint n = g_strv_length ((char **) cells);

  for (guint c = 0; c < n; c++)
    {
      double w = n == 1 ? table->width : table->widths[c];
      g_autoptr(PangoLayout) layout = make_layout (context, cells[c], 1.0, w - 2 * CELL_PAD_X,
                                                   n == 1 ? PANGO_ALIGN_LEFT : table->align[c]);

      h = MAX (h, layout_height (layout));
    }
  return h + 2 * CELL_PAD;
}

static void
measure_tables (XpReport *self)
{
  double cw = content_width (self);

  for (guint t = 0; t < self->tables->len; t++)
    {
      Table *table = self->tables->pdata[t];
      double sum = 0;

      for (guint c = 0; c < table->n_columns; c++)
        sum += table->weights[c];
      table->width = cw * table->fraction;
      for (guint c = 0; c < table->n_columns; c++)
        table->widths[c] = table->width * table->weights[c] / sum;
      table->header_height = cells_height (self->pango, table, table->headers);
      table->continued_height = 0;
      if (table->continued != NULL)
        {
          g_autoptr(PangoLayout) layout = make_layout (self->pango, table->continued, 1.0, cw, PANGO_ALIGN_LEFT);

          table->continued_height = layout_height (layout) + 2;
        }
    }
}

/* Measures blocks [@from, @to). */
static void
measure_blocks (XpReport *self,
                guint     from,
                guint     to)
{
  double cw = content_width (self);

  for (guint i = from; i < to; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->kind == BLOCK_TEXT)
        {
          g_autoptr(PangoLayout) layout = make_layout (self->pango, block->markup, block->scale, cw, block->align);

          block->height = layout_height (layout) + block->space_after;
        }
      else if (block->kind == BLOCK_ROW)
        block->height = cells_height (self->pango, block->table, block->cells);
      else
        block->height = 0;
    }
}

static void
measure (XpReport *self)
{
  measure_tables (self);
  measure_blocks (self, 0, self->blocks->len);
}

static double
body_height (XpReport *self)
{
  return self->height - 2 * MARGIN - HEADER_H - FOOTER_H;
}

/* The header drawn above row @i when its table is not open on the page:
 * the column heads, and on a page that continues the table, its
 * "continued" line. */
static double
table_head_height (XpReport *self,
                   guint     i)
{
  Block *block = &g_array_index (self->blocks, Block, i);
  Block *prev = i > 0 ? &g_array_index (self->blocks, Block, i - 1) : NULL;
  gboolean continues = prev != NULL && prev->kind == BLOCK_ROW && prev->table == block->table;

  return block->table->header_height + (continues ? block->table->continued_height : 0);
}

static void
split_pages (XpReport *self)
{
  double avail = body_height (self);
  double y = 0;
  Table *open = NULL;  /* table whose header is on this page */
  guint first = 0;
  guint page_start = 0;

  g_array_set_size (self->pages, 0);
  g_array_append_val (self->pages, first);
  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      double need;

      if (block->kind == BLOCK_PAGE_BREAK)
        {
          guint next = i + 1;

          if (y > 0)
            {
              g_array_append_val (self->pages, next);
              page_start = next;
              y = 0;
              open = NULL;
            }
          continue;
        }
      need = block->height;
      if (block->kind == BLOCK_ROW && block->table != open)
        need += table_head_height (self, i);
      if (block->keep_with_next && i + 1 < self->blocks->len)
        {
          Block *next = &g_array_index (self->blocks, Block, i + 1);

          need += next->height + (next->kind == BLOCK_ROW ? next->table->header_height : 0);
        }
      if (y > 0 && y + need > avail)
        {
          guint at = i;

          /* A block kept with the one above moves together with it (and
           * with that one's own predecessor, if it is kept too), as long
           * as something stays on this page. */
          while (at > page_start + 1 &&
                 g_array_index (self->blocks, Block, at).keep_with_prev &&
                 g_array_index (self->blocks, Block, at - 1).kind != BLOCK_PAGE_BREAK)
            at--;
          g_array_append_val (self->pages, at);
          page_start = at;
          y = 0;
          open = NULL;
          if (at < i)
            {
              i = at - 1;  /* lay the moved blocks out again on the new page */
              continue;
            }
        }
      if (block->kind == BLOCK_ROW)
        {
          if (block->table != open)
            y += table_head_height (self, i);
          open = block->table;
        }
      else
        open = NULL;
      y += block->height;
    }
}

/* ---- drawing ---- */

static void
draw_cells (XpReport    *self,
            cairo_t     *cr,
            Table       *table,
            char *const *cells,
            double       y,
            double       height,
            gboolean     shaded)
{
  guint n = g_strv_length ((char **) cells);
  double x = MARGIN;

  for (guint c = 0; c < n; c++)
    {
      double w = n == 1 ? table->width : table->widths[c];
      g_autoptr(PangoLayout) layout = make_layout (self->pango, cells[c], 1.0, w - 2 * CELL_PAD_X,
                                                   n == 1 ? PANGO_ALIGN_LEFT : table->align[c]);

      cairo_rectangle (cr, x, y, w, height);
      if (shaded)
        {
          cairo_set_source_rgb (cr, 0.92, 0.92, 0.92);
          cairo_fill_preserve (cr);
        }
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 0.6);
      cairo_stroke (cr);
      cairo_move_to (cr, x + CELL_PAD_X, y + CELL_PAD);
      pango_cairo_show_layout (cr, layout);
      x += w;
    }
}

static void
draw_frame (XpReport *self,
            cairo_t  *cr,
            guint     page)
{
  double cw = content_width (self);
  g_autofree char *header = g_markup_printf_escaped ("%s · %s", self->title, self->report_name);
  g_autofree char *footer = g_strdup_printf ("第 %u 页 共 %u 页", page + 1, self->pages->len);
  g_autofree char *date = g_markup_printf_escaped ("打印日期：%s", self->date);
  g_autoptr(PangoLayout) l1 = make_layout (self->pango, header, 0.9, cw, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) l2 = make_layout (self->pango, footer, 0.9, cw, PANGO_ALIGN_CENTER);
  g_autoptr(PangoLayout) l3 = make_layout (self->pango, date, 0.9, cw, PANGO_ALIGN_RIGHT);
  g_autoptr(PangoLayout) l4 = make_layout (self->pango, self->stamp ? self->stamp : "", 0.8, cw / 3, PANGO_ALIGN_LEFT);
  double fy = self->height - MARGIN - FOOTER_H + 8;

  pango_layout_set_ellipsize (l1, PANGO_ELLIPSIZE_END);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_move_to (cr, MARGIN, MARGIN);
  pango_cairo_show_layout (cr, l1);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, MARGIN, MARGIN + HEADER_H - 6);
  cairo_line_to (cr, MARGIN + cw, MARGIN + HEADER_H - 6);
  cairo_stroke (cr);
  cairo_move_to (cr, MARGIN, fy);
  pango_cairo_show_layout (cr, l2);
  cairo_move_to (cr, MARGIN, fy);
  pango_cairo_show_layout (cr, l3);
  pango_layout_set_ellipsize (l4, PANGO_ELLIPSIZE_END);
  cairo_move_to (cr, MARGIN, fy);
  pango_cairo_show_layout (cr, l4);
}

/* ---- GObject ---- */

static void
xp_report_finalize (GObject *object)
{
  XpReport *self = (XpReport *) object;

  g_clear_object (&self->ranking);
  g_clear_object (&self->criteria);
  g_free (self->branch_id);
  g_ptr_array_unref (self->tables);
  g_array_unref (self->blocks);
  g_array_unref (self->pages);
  g_free (self->title);
  g_free (self->report_name);
  g_free (self->date);
  g_free (self->stamp);
  g_clear_object (&self->pango);

  G_OBJECT_CLASS (xp_report_parent_class)->finalize (object);
}

static void
xp_report_class_init (XpReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = xp_report_finalize;
}

static void
xp_report_init (XpReport *self)
{
  self->tables = g_ptr_array_new_with_free_func (table_free);
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  g_array_set_clear_func (self->blocks, block_clear);
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));
  self->width = XP_REPORT_A4_WIDTH;
  self->height = XP_REPORT_A4_HEIGHT;
  self->pango = create_pango_context ();
}

/* ---- public API ---- */

static const char *
kind_name (XpReportKind kind)
{
  switch (kind)
    {
    case XP_REPORT_RANKING: return "排名表";
    case XP_REPORT_STARS: return "星级名单";
    case XP_REPORT_SHEETS: return "评分表";
    case XP_REPORT_AUDIT: return "评分变更记录";
    case XP_REPORT_BLANK:
    default: return "评分表（空白）";
    }
}

XpReport *
xp_report_new (XpRanking    *ranking,
               XpReportKind  kind)
{
  XpReport *self;

  g_return_val_if_fail (XP_IS_RANKING (ranking), NULL);
  g_return_val_if_fail (kind <= XP_REPORT_AUDIT, NULL);

  self = g_object_new (XP_TYPE_REPORT, NULL);
  self->kind = kind;
  self->ranking = g_object_ref (ranking);
  self->criteria = g_object_ref (xp_project_get_criteria (xp_ranking_get_project (ranking)));
  self->title = g_strdup (xp_project_get_title (xp_ranking_get_project (ranking)));
  self->report_name = g_strdup (kind_name (kind));
  if (kind == XP_REPORT_RANKING)
    {
      self->width = XP_REPORT_A4_HEIGHT;
      self->height = XP_REPORT_A4_WIDTH;
    }
  return self;
}

XpReport *
xp_report_new_blank (XpCriteria *criteria)
{
  XpReport *self;

  g_return_val_if_fail (XP_IS_CRITERIA (criteria), NULL);

  self = g_object_new (XP_TYPE_REPORT, NULL);
  self->kind = XP_REPORT_BLANK;
  self->criteria = g_object_ref (criteria);
  self->title = g_strdup (xp_text_get (xp_criteria_get_title (criteria), NULL));
  self->report_name = g_strdup (kind_name (XP_REPORT_BLANK));
  return self;
}

XpReportKind
xp_report_get_kind (XpReport *self)
{
  g_return_val_if_fail (XP_IS_REPORT (self), XP_REPORT_RANKING);
  return self->kind;
}

gboolean
xp_report_kind_from_string (const char   *text,
                            XpReportKind *kind)
{
  static const char *names[] = { "ranking", "stars", "sheets", "blank", "audit" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_strcmp0 (text, names[i]) == 0)
      {
        *kind = (XpReportKind) i;
        return TRUE;
      }
  return FALSE;
}

void
xp_report_set_branch (XpReport   *self,
                      const char *branch_id)
{
  g_return_if_fail (XP_IS_REPORT (self));
  g_free (self->branch_id);
  self->branch_id = g_strdup (branch_id);
}

void
xp_report_set_page_size (XpReport *self,
                         double    width_pt,
                         double    height_pt)
{
  g_return_if_fail (XP_IS_REPORT (self));
  g_return_if_fail (width_pt > 2 * MARGIN + 100 && height_pt > 2 * MARGIN + HEADER_H + FOOTER_H + 100);
  self->width = width_pt;
  self->height = height_pt;
}

void
xp_report_get_page_size (XpReport *self,
                         double   *width_pt,
                         double   *height_pt)
{
  g_return_if_fail (XP_IS_REPORT (self));
  if (width_pt)
    *width_pt = self->width;
  if (height_pt)
    *height_pt = self->height;
}

void
xp_report_set_group_by_category (XpReport *self,
                                 gboolean  group)
{
  g_return_if_fail (XP_IS_REPORT (self));
  self->group_by_category = !!group;
}

gboolean
xp_report_get_group_by_category (XpReport *self)
{
  g_return_val_if_fail (XP_IS_REPORT (self), FALSE);
  return self->group_by_category;
}

void
xp_report_snapshot (XpReport *self)
{
  g_return_if_fail (XP_IS_REPORT (self));

  g_free (self->date);
  self->date = print_date ();
  g_free (self->stamp);
  if (self->ranking != NULL)
    {
      /* The digest the ranked JSON carries and xingping-cli verify checks. */
      g_autofree char *digest = xp_project_compute_digest (xp_ranking_get_project (self->ranking));

      self->stamp = g_markup_printf_escaped ("数据摘要 %.16s", digest);
    }
  else
    self->stamp = g_markup_printf_escaped ("评分标准 %s %s", xp_criteria_get_id (self->criteria),
                                           xp_criteria_get_version (self->criteria));
  build (self);
  g_array_set_size (self->pages, 0);
  self->built = TRUE;
}

/* Measures with a pango context of the calling thread's font map. */
static guint
layout (XpReport *self)
{
  g_clear_object (&self->pango);
  self->pango = create_pango_context ();
  measure (self);
  split_pages (self);
  return self->pages->len;
}

void
xp_report_paginate_begin (XpReport *self)
{
  g_return_if_fail (XP_IS_REPORT (self));

  xp_report_snapshot (self);
  g_clear_object (&self->pango);
  self->pango = create_pango_context ();
  measure_tables (self);
  self->n_measured = 0;
}

gboolean
xp_report_paginate_step (XpReport *self,
                         guint     max_blocks)
{
  guint to;

  g_return_val_if_fail (XP_IS_REPORT (self), TRUE);
  g_return_val_if_fail (self->built, TRUE);

  to = MIN (self->blocks->len, self->n_measured + MAX (max_blocks, 1));
  measure_blocks (self, self->n_measured, to);
  self->n_measured = to;
  if (to < self->blocks->len)
    return FALSE;
  split_pages (self);
  return TRUE;
}

guint
xp_report_paginate (XpReport *self,
                    cairo_t  *cr)
{
  g_return_val_if_fail (XP_IS_REPORT (self), 0);

  xp_report_snapshot (self);
  return layout (self);
}

guint
xp_report_get_n_pages (XpReport *self)
{
  g_return_val_if_fail (XP_IS_REPORT (self), 0);
  return self->pages->len;
}

void
xp_report_draw_page (XpReport *self,
                     cairo_t  *cr,
                     guint     page)
{
  guint start, end;
  double y = MARGIN + HEADER_H;
  Table *open = NULL;

  g_return_if_fail (XP_IS_REPORT (self));
  g_return_if_fail (cr != NULL);
  if (self->pages->len == 0)
    xp_report_paginate (self, cr);
  g_return_if_fail (page < self->pages->len);

  start = g_array_index (self->pages, guint, page);
  end = page + 1 < self->pages->len ? g_array_index (self->pages, guint, page + 1) : self->blocks->len;

  cairo_save (cr);
  draw_frame (self, cr, page);
  for (guint i = start; i < end; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);

      if (block->kind == BLOCK_TEXT)
        {
          g_autoptr(PangoLayout) layout = make_layout (self->pango, block->markup, block->scale, content_width (self), block->align);

          cairo_set_source_rgb (cr, 0, 0, 0);
          cairo_move_to (cr, MARGIN, y);
          pango_cairo_show_layout (cr, layout);
          open = NULL;
        }
      else if (block->kind == BLOCK_ROW)
        {
          if (block->table != open)
            {
              if (table_head_height (self, i) > block->table->header_height)
                {
                  g_autoptr(PangoLayout) layout = make_layout (self->pango, block->table->continued, 1.0,
                                                               content_width (self), PANGO_ALIGN_LEFT);

                  cairo_set_source_rgb (cr, 0, 0, 0);
                  cairo_move_to (cr, MARGIN, y);
                  pango_cairo_show_layout (cr, layout);
                  y += block->table->continued_height;
                }
              draw_cells (self, cr, block->table, block->table->headers, y, block->table->header_height, TRUE);
              y += block->table->header_height;
              open = block->table;
            }
          draw_cells (self, cr, block->table, block->cells, y, block->height, block->shaded);
        }
      y += block->height;
    }
  cairo_restore (cr);
}

gboolean
xp_report_write_pdf (XpReport    *self,
                     const char  *path,
                     GError     **error)
{
  g_return_val_if_fail (XP_IS_REPORT (self), FALSE);

  xp_report_snapshot (self);
  return xp_report_write_pdf_full (self, path, NULL, NULL, NULL, error);
}

gboolean
xp_report_write_pdf_full (XpReport              *self,
                          const char            *path,
                          XpReportProgressFunc   progress,
                          gpointer               user_data,
                          GCancellable          *cancellable,
                          GError               **error)
{
  g_autofree char *tmp = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;
  int fd;

  g_return_val_if_fail (XP_IS_REPORT (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  /* Write beside the target and rename: a failure leaves no half PDF. */
  tmp = g_strdup_printf ("%s.tmp-XXXXXX", path);
  fd = g_mkstemp (tmp);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not write %s: %s — check that the folder exists and is writable"),
                   path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  surface = cairo_pdf_surface_create (tmp, self->width, self->height);
  cr = cairo_create (surface);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, self->title ? self->title : "");
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Xingping " PACKAGE_VERSION);
  if (!self->built)
    xp_report_snapshot (self);
  n_pages = layout (self);
  for (guint p = 0; p < n_pages && !g_cancellable_is_cancelled (cancellable); p++)
    {
      xp_report_draw_page (self, cr, p);
      cairo_show_page (cr);
      if (progress != NULL)
        progress (p + 1, n_pages, user_data);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      g_unlink (tmp);
      return FALSE;
    }
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not write %s: %s — check the free space and permissions"),
                   path, cairo_status_to_string (status));
      return FALSE;
    }
  if (g_rename (tmp, path) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Could not write %s: %s — check that the folder is writable"),
                   path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}
