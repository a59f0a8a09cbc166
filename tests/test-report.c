/* test-report.c — the printed reports, checked the way a reader would:
 * render to PDF, extract the text with pdftotext, count pages with pdfinfo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "xp-decimal.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "xp-digest.h"
#include "xp-report.h"

static char *
sample_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "examples", "sample.xingping", NULL);
}

static char *
criteria_path (void)
{
  return g_test_build_filename (G_TEST_DIST, "..", "data", "criteria", "default.xml", NULL);
}

static gboolean
have_poppler (void)
{
  g_autofree char *a = g_find_program_in_path ("pdftotext");
  g_autofree char *b = g_find_program_in_path ("pdfinfo");

  if (a == NULL || b == NULL)
    {
      g_test_skip ("pdftotext/pdfinfo (poppler-utils) not installed");
      return FALSE;
    }
  return TRUE;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* Writes @report to a temporary PDF; returns its text and page count. */
/* Also returns pdftotext -raw (content-stream order), in which a cell's
 * wrapped lines stay together, for checking order. */
/* A reviewer opens these: every page of each kind as PNG, in
 * BUILDDIR/tests/report-pages/NAME-N.png. */
static void
save_page_images (const char *pdf,
                  const char *name)
{
  g_autofree char *tool = g_find_program_in_path ("pdftoppm");
  g_autofree char *dir = g_test_build_filename (G_TEST_BUILT, "report-pages", NULL);
  g_autofree char *prefix = g_build_filename (dir, name, NULL);

  if (tool == NULL || name == NULL)
    return;
  g_mkdir_with_parents (dir, 0755);
  g_free (run ((const char *[]) { "pdftoppm", "-png", "-r", "60", pdf, prefix, NULL }));
}

static char *
render_named (XpReport   *report,
              const char *name,
              guint      *n_pages,
              char      **raw)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-report-XXXXXX", &error);
  g_autofree char *pdf = NULL;
  g_autofree char *info = NULL;
  const char *pages;
  char *text;

  g_assert_no_error (error);
  pdf = g_build_filename (dir, "report.pdf", NULL);
  g_assert_true (xp_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);

  text = run ((const char *[]) { "pdftotext", "-layout", "-enc", "UTF-8", pdf, "-", NULL });
  if (raw != NULL)
    *raw = run ((const char *[]) { "pdftotext", "-raw", "-enc", "UTF-8", pdf, "-", NULL });
  info = run ((const char *[]) { "pdfinfo", pdf, NULL });
  save_page_images (pdf, name);
  pages = strstr (info, "Pages:");
  g_assert_nonnull (pages);
  *n_pages = (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
  g_assert_cmpuint (*n_pages, >, 0);
  g_assert_cmpuint (*n_pages, ==, xp_report_get_n_pages (report));

  g_unlink (pdf);
  g_rmdir (dir);
  return text;
}

static char *
render (XpReport *report,
        guint    *n_pages,
        char    **raw)
{
  return render_named (report, NULL, n_pages, raw);
}

static XpRanking *
load_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ();
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  return xp_ranking_new (project);
}

/* pdftotext -layout keeps a wrapped cell's lines apart; compare text with
 * all whitespace removed, which also joins a name wrapped in its cell. */
static char *
squeeze (const char *text)
{
  GString *s = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

static void
assert_every_page_numbered (const char *text,
                            guint       n_pages)
{
  g_autofree char *flat = squeeze (text);
  g_auto(GStrv) pages = g_strsplit (text, "\f", -1);

  /* Each page's footer: its number, and the digest or the scheme. */
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *page = squeeze (pages[p]);
      g_autofree char *footer = g_strdup_printf ("第%u页共%u页", p + 1, n_pages);

      g_assert_nonnull (strstr (page, footer));
      g_assert_true (strstr (page, "数据摘要") != NULL || strstr (page, "评分标准park-default") != NULL);
    }

  for (guint p = 1; p <= n_pages; p++)
    {
      g_autofree char *footer = g_strdup_printf ("第%u页共%u页", p, n_pages);

      g_assert_nonnull (strstr (flat, footer));
    }
  /* SOURCE_DATE_EPOCH=1795939200 is 2026-11-29 UTC */
  g_assert_nonnull (strstr (flat, "打印日期：2026年11月29日"));
}

static void
test_ranking_lists_branches_in_rank_order (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *flat = NULL, *raw = NULL, *flat_raw = NULL;
  guint n_pages, n_ranked = 0;
  double w, h;
  const char *cursor;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  report = xp_report_new (ranking, XP_REPORT_RANKING);
  xp_report_get_page_size (report, &w, &h);
  g_assert_cmpfloat (w, >, h);  /* the wide table is landscape */

  text = render_named (report, "ranking", &n_pages, &raw);
  flat = squeeze (text);
  flat_raw = squeeze (raw);
  g_assert_nonnull (strstr (flat, "党组织星级创评排名表"));
  g_assert_nonnull (strstr (flat, "名次党组织名称企业名称组建方式党员数自评分考评分加分扣分总分星级分类定级备注"));
  {
    /* The printed digest is the one the ranked JSON carries and
     * xingping-cli verify checks, so paper can be matched to data. */
    g_autofree char *digest = xp_project_compute_digest (xp_ranking_get_project (ranking));
    g_autofree char *printed = g_strdup_printf ("数据摘要SHA-256：%.16s", digest);

    g_assert_nonnull (strstr (flat, printed));
  }

  /* Each complete branch's name, then its score, in rank order. */
  cursor = flat_raw;
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ranking)); i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (ranking), i);
      g_autofree char *name = NULL;
      char buf[XP_DEC_BUF_SIZE];
      const char *at;

      if (!xp_branch_result_is_complete (result))
        continue;
      name = squeeze (xp_branch_get_name (xp_branch_result_get_branch (result)));
      at = strstr (cursor, name);
      g_assert_nonnull (at);
      cursor = at + strlen (name);
      /* then, in its row, the total, the stars and the grade */
      {
        int stars = xp_branch_result_get_stars (result);
        XpGrade *grade = xp_branch_result_get_grade (result);
        g_autoptr(GString) cells = g_string_new (xp_dec_to_buf (xp_branch_result_get_score (result), buf));
        g_autofree char *next = NULL;

        if (stars == 0)
          g_string_append (cells, "无星");
        for (int k = 0; k < stars; k++)
          g_string_append (cells, "★");
        g_string_append (cells, xp_text_get (xp_grade_get_label (grade), NULL));
        at = strstr (cursor, cells->str);
        g_assert_nonnull (at);
        /* before the next branch's row */
        if (i + 1 < g_list_model_get_n_items (G_LIST_MODEL (ranking)))
          {
            g_autoptr(XpBranchResult) following = g_list_model_get_item (G_LIST_MODEL (ranking), i + 1);
            const char *next_at;

            next = squeeze (xp_branch_get_name (xp_branch_result_get_branch (following)));
            next_at = strstr (cursor, next);
            g_assert_true (next_at == NULL || next_at > at);
          }
        cursor = at + cells->len;
      }
      n_ranked++;
    }
  g_assert_cmpuint (n_ranked, >, 0);

  /* The table header repeats on every page that carries ranking rows. */
  {
    g_auto(GStrv) pages = g_strsplit (raw, "\f", -1);
    guint with_rows = 0;

    for (guint p = 0; pages[p] != NULL; p++)
      {
        g_autofree char *page = squeeze (pages[p]);
        gboolean has_row = FALSE;

        for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ranking)) && !has_row; i++)
          {
            g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (ranking), i);
            g_autofree char *name = squeeze (xp_branch_get_name (xp_branch_result_get_branch (result)));

            has_row = strstr (page, name) != NULL;
          }
        if (has_row)
          {
            g_assert_nonnull (strstr (page, "名次党组织名称企业名称"));
            with_rows++;
          }
      }
    g_assert_cmpuint (with_rows, >, 1);  /* the sample's ranking spans pages */
  }
  g_assert_nonnull (strstr (flat, "统计表"));
  g_assert_nonnull (strstr (flat, "考评组成员签字"));
  g_assert_nonnull (strstr (flat, "审核人签字"));
  assert_every_page_numbered (text, n_pages);
  g_test_message ("ranking: %u pages", n_pages);
}

static void
test_stars_groups_by_level (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *flat = NULL;
  guint n_pages;
  const char *five, *four;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  report = xp_report_new (ranking, XP_REPORT_STARS);
  text = render_named (report, "stars", &n_pages, NULL);
  flat = squeeze (text);
  five = strstr (flat, "五星党组织");
  four = strstr (flat, "四星党组织");
  g_assert_nonnull (five);
  g_assert_nonnull (four);
  g_assert_true (five < four);
  g_assert_nonnull (strstr (flat, "审核人签字"));
  assert_every_page_numbered (text, n_pages);
  g_test_message ("stars: %u pages", n_pages);
}

static void
test_sheets_one_branch (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autoptr(XpBranchResult) first = NULL;
  g_autofree char *text = NULL, *flat = NULL, *raw = NULL, *flat_raw = NULL, *name = NULL;
  guint n_pages;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  first = g_list_model_get_item (G_LIST_MODEL (ranking), 0);
  report = xp_report_new (ranking, XP_REPORT_SHEETS);
  xp_report_set_branch (report, xp_branch_get_id (xp_branch_result_get_branch (first)));
  text = render_named (report, "sheet", &n_pages, &raw);
  flat = squeeze (text);
  flat_raw = squeeze (raw);
  name = squeeze (xp_branch_get_name (xp_branch_result_get_branch (first)));
  g_assert_nonnull (strstr (flat, name));
  g_assert_nonnull (strstr (flat_raw, "一级指标（分值）考评内容及评分标准分值"));
  g_assert_nonnull (strstr (flat, "扣分原因"));
  g_assert_nonnull (strstr (flat, "党组织书记签名"));
  g_assert_nonnull (strstr (flat, "考评组成员签名"));
  g_assert_nonnull (strstr (flat, "审核意见"));
  g_assert_nonnull (strstr (flat, "一票否决"));
  assert_every_page_numbered (text, n_pages);
  /* each later page says whose sheet it continues */
  {
    g_auto(GStrv) pages = g_strsplit (text, "\f", -1);
    g_autofree char *continued = g_strconcat (name, "评分表（续）", NULL);

    g_assert_cmpuint (n_pages, >, 1);
    g_assert_null (strstr (pages[0], "（续）"));
    for (guint p = 1; p < n_pages; p++)
      {
        g_autofree char *page = squeeze (pages[p]);

        g_assert_nonnull (strstr (page, continued));
      }
  }
  g_test_message ("sheets (one branch): %u pages", n_pages);
}

static void
test_sheets_every_branch_starts_a_page (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  guint n_pages, n_branches;

  ranking = load_sample ();
  n_branches = g_list_model_get_n_items (G_LIST_MODEL (ranking));
  report = xp_report_new (ranking, XP_REPORT_SHEETS);
  n_pages = xp_report_paginate (report, NULL);
  g_assert_cmpuint (n_pages, >=, n_branches);
  g_test_message ("sheets: %u pages for %u branches", n_pages, n_branches);
}

static void
test_blank_from_criteria (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = criteria_path ();
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (path, &error);
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *flat = NULL, *raw = NULL, *flat_raw = NULL;
  guint n_pages;

  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  report = xp_report_new_blank (criteria);
  text = render_named (report, "blank", &n_pages, &raw);
  flat = squeeze (text);
  flat_raw = squeeze (raw);
  g_assert_nonnull (strstr (flat, "党组织星级创评评分表"));
  g_assert_nonnull (strstr (flat_raw, "自评分考评分扣分原因"));
  g_assert_nonnull (strstr (flat, "党组织书记签名"));
  g_assert_nonnull (strstr (flat, "审核意见"));
  assert_every_page_numbered (text, n_pages);
  g_test_message ("blank: %u pages", n_pages);
}

/* GtkPrintOperation paginates on its own cairo context; the pages must be
 * the ones the PDF gets, whatever surface measured them. */
static void
test_same_pages_on_any_surface (void)
{
  g_autoptr(XpRanking) ranking = load_sample ();
  XpReportKind kinds[] = { XP_REPORT_RANKING, XP_REPORT_STARS, XP_REPORT_SHEETS };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(XpReport) report = xp_report_new (ranking, kinds[k]);
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 600, 850);
      cairo_t *cr = cairo_create (surface);
      guint on_image, on_recording;

      cairo_scale (cr, 0.5, 0.5);
      on_image = xp_report_paginate (report, cr);
      xp_report_draw_page (report, cr, on_image - 1);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);

      surface = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, NULL);
      cr = cairo_create (surface);
      on_recording = xp_report_paginate (report, cr);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);

      g_assert_cmpuint (on_image, >, 0);
      g_assert_cmpuint (on_image, ==, on_recording);
      g_assert_cmpuint (on_image, ==, xp_report_paginate (report, NULL));

      /* a little at a time (the print dialog's ::paginate): the same */
      {
        guint steps = 1;

        xp_report_paginate_begin (report);
        while (!xp_report_paginate_step (report, 7))
          steps++;
        g_assert_cmpuint (steps, >, 1);
        g_assert_cmpuint (xp_report_get_n_pages (report), ==, on_image);
      }
    }
}

/* Grouped by category: each category's heading in the scheme's order,
 * and under it exactly its branches, in rank order. */
static void
test_ranking_grouped_by_category (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *raw = NULL, *flat_raw = NULL;
  XpCriteria *criteria;
  GListModel *cats;
  GListModel *model;
  guint n_pages, n_groups = 0, n_rows = 0;
  const char *cursor;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  model = G_LIST_MODEL (ranking);
  criteria = xp_project_get_criteria (xp_ranking_get_project (ranking));
  cats = xp_criteria_get_categories (criteria);
  report = xp_report_new (ranking, XP_REPORT_RANKING);
  xp_report_set_group_by_category (report, TRUE);
  text = render_named (report, "ranking-grouped", &n_pages, &raw);
  flat_raw = squeeze (raw);

  cursor = flat_raw;
  for (guint c = 0; c < g_list_model_get_n_items (cats); c++)
    {
      g_autoptr(XpCategory) cat = g_list_model_get_item (cats, c);
      const char *id = xp_category_get_id (cat);
      g_autofree char *heading = NULL;
      guint count = 0;
      const char *at;

      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);

          count += g_strcmp0 (xp_branch_get_category (xp_branch_result_get_branch (result)), id) == 0;
        }
      if (count == 0)
        continue;
      heading = g_strdup_printf ("%s（%u个）", xp_text_get (xp_category_get_label (cat), NULL), count);
      at = strstr (cursor, heading);
      g_assert_nonnull (at);
      cursor = at + strlen (heading);
      n_groups++;
      for (guint i = 0; i < g_list_model_get_n_items (model); i++)
        {
          g_autoptr(XpBranchResult) result = g_list_model_get_item (model, i);
          XpBranch *branch = xp_branch_result_get_branch (result);
          g_autofree char *name = NULL;

          if (g_strcmp0 (xp_branch_get_category (branch), id) != 0)
            continue;
          name = squeeze (xp_branch_get_name (branch));
          at = strstr (cursor, name);
          g_assert_nonnull (at);
          cursor = at + strlen (name);
          n_rows++;
        }
    }
  g_assert_cmpuint (n_groups, >, 1);
  g_assert_cmpuint (n_rows, ==, g_list_model_get_n_items (model));
  assert_every_page_numbered (text, n_pages);
}

/* Every word pdftotext finds lies inside the page's margins: long names
 * wrap in their cells instead of running off the paper. */
static void
assert_nothing_outside_margins (XpReport *report)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-report-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *html = NULL;
  double w, h;
  guint n_words = 0;
  const char *p;

  g_assert_true (xp_report_write_pdf (report, pdf, &error));
  g_assert_no_error (error);
  xp_report_get_page_size (report, &w, &h);
  html = run ((const char *[]) { "pdftotext", "-bbox", "-enc", "UTF-8", pdf, "-", NULL });
  for (p = strstr (html, "<word "); p != NULL; p = strstr (p + 1, "<word "))
    {
      double x_min = g_ascii_strtod (strstr (p, "xMin=\"") + 6, NULL);
      double x_max = g_ascii_strtod (strstr (p, "xMax=\"") + 6, NULL);
      double y_min = g_ascii_strtod (strstr (p, "yMin=\"") + 6, NULL);
      double y_max = g_ascii_strtod (strstr (p, "yMax=\"") + 6, NULL);

      g_assert_cmpfloat (x_min, >=, 36 - 1);
      g_assert_cmpfloat (x_max, <=, w - 36 + 1);
      g_assert_cmpfloat (y_min, >=, 36 - 1);
      g_assert_cmpfloat (y_max, <=, h - 36 + 1);
      n_words++;
    }
  g_assert_cmpuint (n_words, >, 100);
  g_unlink (pdf);
  g_rmdir (dir);
}

static void
test_long_names_wrap (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ();
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *flat = NULL, *raw = NULL;
  const char *long_name = "中国共产党西安高新技术产业开发区某某某某智能装备制造与新材料研发股份有限公司第一联合党支部委员会";
  const char *no_breaks = "XINGPING-BRANCH-WITH-A-VERY-LONG-IDENTIFIER-THAT-HAS-NO-SPACES-AT-ALL-0123456789";
  guint n_pages;
  XpReportKind kinds[] = { XP_REPORT_RANKING, XP_REPORT_STARS, XP_REPORT_SHEETS };

  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  xp_branch_set_name (xp_project_lookup_branch (project, "b001"), long_name);
  xp_branch_set_enterprise (xp_project_lookup_branch (project, "b001"), no_breaks);
  ranking = xp_ranking_new (project);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_clear_object (&report);
      report = xp_report_new (ranking, kinds[k]);
      xp_report_set_branch (report, kinds[k] == XP_REPORT_SHEETS ? "b001" : NULL);
      assert_nothing_outside_margins (report);
    }
  g_clear_object (&report);
  report = xp_report_new (ranking, XP_REPORT_RANKING);
  text = render_named (report, "ranking-long-names", &n_pages, &raw);
  flat = squeeze (raw);
  g_assert_nonnull (strstr (flat, long_name));
}

/* The signature block of each sheet is never split, never alone on a
 * page: the page with the secretary's line also has the committee's and
 * the sheet's totals row; and each evaluator of the group has a line. */
static void
test_sheets_signatures_stay_with_totals (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL;
  g_auto(GStrv) pages = NULL;
  GListModel *evaluators;
  guint n_pages, n_signed = 0;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  evaluators = xp_project_get_evaluators (xp_ranking_get_project (ranking));
  report = xp_report_new (ranking, XP_REPORT_SHEETS);
  text = render (report, &n_pages, NULL);
  pages = g_strsplit (text, "\f", -1);
  for (guint p = 0; p < n_pages; p++)
    {
      g_autofree char *page = squeeze (pages[p]);

      if (strstr (page, "党组织书记签名") == NULL)
        {
          g_assert_null (strstr (page, "审核意见"));
          continue;
        }
      n_signed++;
      g_assert_nonnull (strstr (page, "评分表总分"));
      g_assert_nonnull (strstr (page, "考评组成员签名日期"));
      g_assert_nonnull (strstr (page, "审核意见"));
      for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
        {
          g_autoptr(XpEvaluator) ev = g_list_model_get_item (evaluators, e);
          g_autofree char *line = NULL;

          if (xp_evaluator_get_role (ev) != XP_ROLE_GROUP)
            continue;
          line = g_strdup_printf ("%s______________", xp_evaluator_get_name (ev));
          g_assert_nonnull (strstr (page, line));
        }
    }
  g_assert_cmpuint (n_signed, ==, g_list_model_get_n_items (G_LIST_MODEL (ranking)));
  assert_every_page_numbered (text, n_pages);
}

/* Blank sheet pre-filled with one branch's facts. */
static void
test_blank_prefilled (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *flat = NULL;
  XpBranch *branch;
  guint n_pages;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  branch = xp_project_lookup_branch (xp_ranking_get_project (ranking), "b002");
  report = xp_report_new (ranking, XP_REPORT_BLANK);
  xp_report_set_branch (report, "b002");
  text = render_named (report, "blank-prefilled", &n_pages, NULL);
  flat = squeeze (text);
  g_assert_nonnull (strstr (flat, xp_branch_get_name (branch)));
  g_assert_nonnull (strstr (flat, "总分：__________"));
  g_assert_nonnull (strstr (flat, "党组织书记签名"));
  assert_every_page_numbered (text, n_pages);
}

/* Cancelling an export leaves no file. */
static void
cancel_at_first_page (guint page, guint n_pages, gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_write_cancelled (void)
{
  g_autoptr(XpRanking) ranking = load_sample ();
  g_autoptr(XpReport) report = xp_report_new (ranking, XP_REPORT_SHEETS);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-report-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "cancelled.pdf", NULL);

  xp_report_snapshot (report);
  g_assert_false (xp_report_write_pdf_full (report, pdf, cancel_at_first_page, cancellable, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_rmdir (dir), ==, 0);  /* no temporary file left */
}

/* What xp_report_write_pdf_full () writes is the snapshot: a change to
 * the project after it (the GUI keeps editing while a worker writes)
 * does not reach the pages. */
static void
test_write_uses_snapshot (void)
{
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-report-XXXXXX", &error);
  g_autofree char *pdf = g_build_filename (dir, "snapshot.pdf", NULL);
  g_autofree char *text = NULL;
  XpProject *project;

  if (!have_poppler ())
    return;
  ranking = load_sample ();
  project = xp_ranking_get_project (ranking);
  report = xp_report_new (ranking, XP_REPORT_STARS);
  xp_report_snapshot (report);
  xp_branch_set_name (xp_project_lookup_branch (project, "b001"), "改名后的党支部");
  g_assert_true (xp_report_write_pdf_full (report, pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = run ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
  g_assert_null (strstr (text, "改名后的党支部"));
  g_assert_nonnull (strstr (text, "西安星河微电子科技有限公司党总支"));
  /* a fresh write takes a fresh snapshot */
  g_assert_true (xp_report_write_pdf (report, pdf, &error));
  g_free (text);
  text = run ((const char *[]) { "pdftotext", "-enc", "UTF-8", pdf, "-", NULL });
  g_assert_nonnull (strstr (text, "改名后的党支部"));
  g_unlink (pdf);
  g_rmdir (dir);
}

/* Deductions ticked on a filled sheet are ☑ with who ticked them and,
 * for a per-each deduction, how many times; the others stay □. */
static void
test_sheets_ticked_deductions (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ();
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *raw = NULL, *flat = NULL;
  g_autofree char *each_line = NULL, *once_line = NULL, *untouched = NULL;
  GListModel *dims;
  XpItem *each_item = NULL, *once_item = NULL;
  guint each_index = 0, once_index = 0, n_pages;
  char buf[XP_DEC_BUF_SIZE];

  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  dims = xp_criteria_get_dimensions (xp_project_get_criteria (project));
  for (guint d = 0; d < g_list_model_get_n_items (dims); d++)
    {
      g_autoptr(XpDimension) dim = g_list_model_get_item (dims, d);
      GListModel *items = xp_dimension_get_items (dim);

      for (guint i = 0; i < g_list_model_get_n_items (items); i++)
        {
          XpItem *item = g_list_model_get_item (items, i);

          if (!xp_item_applies_to (item, "standalone"))
            {
              g_object_unref (item);
              continue;
            }
          for (guint k = 0; k < xp_item_get_n_deductions (item); k++)
            {
              const XpDeduction *ded = xp_item_get_deduction (item, k);

              if (ded->per_each && each_item == NULL)
                each_item = g_object_ref (item), each_index = k;
              else if (!ded->per_each && once_item == NULL && item != each_item)
                once_item = g_object_ref (item), once_index = k;
            }
          g_object_unref (item);
        }
    }
  g_assert_nonnull (each_item);
  g_assert_nonnull (once_item);
  {
    g_autofree char *each_key = xp_item_dup_deduction_key (each_item, each_index);
    g_autofree char *once_key = xp_item_dup_deduction_key (once_item, once_index);
    const XpDeduction *each = xp_item_get_deduction (each_item, each_index);
    const XpDeduction *once = xp_item_get_deduction (once_item, once_index);

    g_assert_true (xp_project_set_deduction_count (project, "b001", "e1", xp_item_get_id (each_item), each_key, 2, &error));
    g_assert_no_error (error);
    g_assert_true (xp_project_set_deduction_count (project, "b001", "e2", xp_item_get_id (each_item), each_key, 1, &error));
    g_assert_true (xp_project_set_deduction_count (project, "b001", "e3", xp_item_get_id (once_item), once_key, 1, &error));
    g_assert_no_error (error);
    each_line = g_strdup_printf ("☑%s（扣%s分/处）［王建国×2、李秀梅×1］", xp_text_get (each->label, NULL),
                                 xp_dec_to_buf (each->points, buf));
    once_line = g_strdup_printf ("☑%s（扣%s分）［陈志强］", xp_text_get (once->label, NULL),
                                 xp_dec_to_buf (once->points, buf));
    /* the same deductions on another branch's sheet are not ticked */
    untouched = g_strdup_printf ("□%s", xp_text_get (each->label, NULL));
  }
  g_clear_object (&each_item);
  g_clear_object (&once_item);

  ranking = xp_ranking_new (project);
  report = xp_report_new (ranking, XP_REPORT_SHEETS);
  xp_report_set_branch (report, "b001");
  text = render_named (report, "sheet-deductions", &n_pages, &raw);
  flat = squeeze (raw);
  {
    g_autofree char *e = squeeze (each_line);
    g_autofree char *o = squeeze (once_line);
    g_autofree char *u = squeeze (untouched);

    g_assert_nonnull (strstr (flat, e));
    g_assert_nonnull (strstr (flat, o));
    g_assert_null (strstr (flat, u));
    g_clear_object (&report);
    g_free (raw);
    g_free (text);
    report = xp_report_new (ranking, XP_REPORT_SHEETS);
    xp_report_set_branch (report, "b002");
    text = render (report, &n_pages, &raw);
    g_free (flat);
    flat = squeeze (raw);
    g_assert_null (strstr (flat, "☑"));
    g_assert_nonnull (strstr (flat, u));
  }
}

/* 评分变更记录: every change with who, when, old and new value, in
 * order; with a branch, only its changes (and the seals and reopens). */
static void
test_audit (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = sample_path ();
  g_autoptr(XpProject) project = xp_project_new_from_file (path, &error);
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  g_autofree char *text = NULL, *raw = NULL, *flat = NULL;
  const char *cursor;
  guint n_pages;
  struct { const char *branch, *evaluator, *item; XpDec value; const char *expect; } changes[] = {
    { "b001", "e1", "D1.2", XP_DEC (3), "修改西安星河微电子科技有限公司党总支王建国D1.2党组织书记选配4.53" },
    { "b002", "e2", "D1.1", XP_DEC_NONE, "清除秦川精密制造有限公司党委李秀梅D1.1" },
    { "b001", "e3", "D2.1", XP_DEC (2), "修改西安星河微电子科技有限公司党总支陈志强D2.1" },
  };

  g_assert_no_error (error);
  if (!have_poppler ())
    return;
  xp_project_set_actor (project, "王组长");
  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    {
      /* XP_DEC_NONE clears */
      g_assert_true (xp_project_set_score (project, changes[c].branch, changes[c].evaluator, changes[c].item,
                                           changes[c].value, &error));
      g_assert_no_error (error);
    }
  g_assert_true (xp_project_seal (project, &error));
  g_assert_true (xp_project_reopen (project, "复核更正", &error));
  g_assert_no_error (error);
  ranking = xp_ranking_new (project);

  report = xp_report_new (ranking, XP_REPORT_AUDIT);
  text = render_named (report, "audit", &n_pages, &raw);
  flat = squeeze (raw);
  g_assert_nonnull (strstr (flat, "评分变更记录"));
  cursor = flat;
  for (guint c = 0; c < G_N_ELEMENTS (changes); c++)
    {
      const char *at = strstr (cursor, changes[c].expect);

      g_assert_nonnull (at);
      cursor = at + strlen (changes[c].expect);
    }
  g_assert_nonnull (strstr (cursor, "封存定稿"));
  g_assert_nonnull (strstr (cursor, "重新开启"));
  g_assert_nonnull (strstr (cursor, "复核更正"));
  g_assert_nonnull (strstr (flat, "王组长"));
  {
    /* the time of each entry, in local time (TZ=UTC in the tests) */
    const XpAuditEntry *first = xp_project_get_audit_entry (project, 0);
    g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (first->at);
    g_autofree char *stamp = g_date_time_format (when, "%Y-%m-%d%H:%M:%S");

    g_assert_nonnull (strstr (flat, stamp));
  }
  g_assert_nonnull (strstr (flat, "共5条记录"));
  assert_every_page_numbered (text, n_pages);

  g_clear_object (&report);
  g_free (text);
  g_free (raw);
  g_free (flat);
  report = xp_report_new (ranking, XP_REPORT_AUDIT);
  xp_report_set_branch (report, "b002");
  text = render (report, &n_pages, &raw);
  flat = squeeze (raw);
  g_assert_nonnull (strstr (flat, changes[1].expect));
  g_assert_null (strstr (flat, "西安星河微电子科技有限公司党总支王建国"));
  g_assert_nonnull (strstr (flat, "封存定稿"));
  g_assert_nonnull (strstr (flat, "共3条记录"));
}

int
main (int argc, char **argv)
{
  g_setenv ("SOURCE_DATE_EPOCH", "1795939200", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report/ranking/branches-in-rank-order", test_ranking_lists_branches_in_rank_order);
  g_test_add_func ("/report/stars/grouped-by-level", test_stars_groups_by_level);
  g_test_add_func ("/report/sheets/one-branch", test_sheets_one_branch);
  g_test_add_func ("/report/sheets/every-branch-starts-a-page", test_sheets_every_branch_starts_a_page);
  g_test_add_func ("/report/blank/from-criteria", test_blank_from_criteria);
  g_test_add_func ("/report/same-pages-on-any-surface", test_same_pages_on_any_surface);
  g_test_add_func ("/report/ranking/grouped-by-category", test_ranking_grouped_by_category);
  g_test_add_func ("/report/long-names-wrap", test_long_names_wrap);
  g_test_add_func ("/report/sheets/signatures-stay-with-totals", test_sheets_signatures_stay_with_totals);
  g_test_add_func ("/report/blank/prefilled", test_blank_prefilled);
  g_test_add_func ("/report/write-cancelled", test_write_cancelled);
  g_test_add_func ("/report/write-uses-snapshot", test_write_uses_snapshot);
  g_test_add_func ("/report/sheets/ticked-deductions", test_sheets_ticked_deductions);
  g_test_add_func ("/report/audit", test_audit);

  return g_test_run ();
}
