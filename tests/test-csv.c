/* test-csv.c — branch lists and scores from CSV, the ranking as CSV/XLSX
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "xp-csv.h"
#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-export.h"
#include "xp-project.h"
#include "xp-ranking.h"

#define TEXT(s) (s), strlen (s)

static XpProject *
new_project (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "criteria", "default.xml", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (path, &error);

  g_assert_no_error (error);
  return xp_project_new (criteria);
}

static XpProject *
load_sample (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "..", "data", "examples", "sample.xingping", NULL);
  g_autoptr(GError) error = NULL;
  XpProject *project = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  return project;
}

static XpCsvPreview *
preview_fixture (XpProject  *project,
                 XpCsvKind   kind,
                 const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autofree char *data = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  return xp_csv_preview_new (project, kind, data, len, name, XP_CSV_FLAGS_NONE);
}

static XpCsvPreview *
preview_text (XpProject  *project,
              XpCsvKind   kind,
              const char *text,
              XpCsvFlags  flags)
{
  return xp_csv_preview_new (project, kind, text, strlen (text), "t.csv", flags);
}

static void
assert_no_errors (XpCsvPreview *preview)
{
  g_autofree char *errors = xp_csv_preview_format_errors (preview);

  g_assert_cmpstr (errors, ==, NULL);
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 0);
}

static XpBranch *
branch_at (XpProject *project,
           guint      index)
{
  g_autoptr(XpBranch) branch = g_list_model_get_item (xp_project_get_branches (project), index);

  return branch;  /* the project keeps a reference */
}

static guint
n_branches (XpProject *project)
{
  return g_list_model_get_n_items (xp_project_get_branches (project));
}

/* ---- branches ---- */

/* What WPS and Excel save on Chinese Windows: GB18030 bytes, CRLF, the
 * 中文 header names, category labels instead of ids, dates and stars
 * written the way people write them, a quoted comma, doubled quotes and
 * a line break inside a quoted name. */
static void
test_branches_gbk (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpCsvPreview) preview = preview_fixture (project, XP_CSV_BRANCHES, "branches-gbk.csv");
  g_autoptr(GError) error = NULL;
  const char *const v2[] = { "V2", NULL };
  XpBranch *b;
  guint n = 0;

  g_assert_cmpstr (xp_csv_preview_get_encoding (preview), ==, "GB18030");
  g_assert_cmpint (xp_csv_preview_get_separator (preview), ==, ',');
  g_assert_cmpstr (xp_csv_preview_get_header (preview)[1], ==, "党组织名称");
  assert_no_errors (preview);
  g_assert_cmpuint (xp_csv_preview_get_n_rows (preview), ==, 3);
  /* Rows start on lines 2, 3 and 4 (the third row's name spans 4–5). */
  g_assert_cmpuint (xp_csv_preview_get_row (preview, 2)->line, ==, 4);
  g_assert_cmpuint (n_branches (project), ==, 0);  /* a preview changes nothing */

  g_assert_true (xp_csv_preview_apply (preview, project, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpuint (n_branches (project), ==, 3);

  b = xp_project_lookup_branch (project, "b001");
  g_assert_cmpstr (xp_branch_get_name (b), ==, "甲科技有限公司党支部");
  g_assert_cmpstr (xp_branch_get_enterprise (b), ==, "甲科技有限公司");
  g_assert_cmpstr (xp_branch_get_category (b), ==, "standalone");  /* from 单独建 */
  g_assert_cmpint (xp_branch_get_members (b), ==, 12);
  g_assert_cmpstr (xp_branch_get_secretary (b), ==, "张伟");
  g_assert_cmpstr (xp_branch_get_founded (b), ==, "2019-05");      /* from 2019年5月 */
  g_assert_cmpint (xp_branch_get_previous_stars (b), ==, 3);       /* from 三星 */

  b = xp_project_lookup_branch (project, "b002");
  g_assert_cmpstr (xp_branch_get_name (b), ==, "乙丙联合党支部, 含\"二\"号楼");
  g_assert_cmpstr (xp_branch_get_category (b), ==, "joint");
  g_assert_cmpstr (xp_branch_get_founded (b), ==, "2020-03");      /* from 2020/3 */
  g_assert_cmpint (xp_branch_get_previous_stars (b), ==, 4);       /* from ★★★★ */

  b = xp_project_lookup_branch (project, "b003");
  g_assert_cmpstr (xp_branch_get_name (b), ==, "丁商贸挂靠党支部\n（原丁公司支部）");
  g_assert_cmpstr (xp_branch_get_category (b), ==, "affiliated");
  g_assert_cmpint (xp_branch_get_previous_stars (b), ==, 0);
  g_assert_cmpstrv (xp_branch_get_vetoes (b), v2);
}

static void
test_branches_bom (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpCsvPreview) preview = preview_fixture (project, XP_CSV_BRANCHES, "branches-excel.csv");

  g_assert_cmpstr (xp_csv_preview_get_encoding (preview), ==, "UTF-8 (BOM)");
  assert_no_errors (preview);
  g_assert_cmpstr (xp_csv_preview_get_header (preview)[0], ==, "id");  /* no BOM in it */
  g_assert_true (xp_csv_preview_apply (preview, project, NULL, NULL));
  g_assert_nonnull (xp_project_lookup_branch (project, "b001"));
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (project, "b002")), ==, "多行\n名称");
}

/* Tab-separated, English headers in other case and spacing, an English
 * category label, no id column: ids are generated. */
static void
test_branches_tab (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpCsvPreview) preview = preview_fixture (project, XP_CSV_BRANCHES, "branches-tab.tsv");

  g_assert_cmpstr (xp_csv_preview_get_encoding (preview), ==, "UTF-8");
  g_assert_cmpint (xp_csv_preview_get_separator (preview), ==, '\t');
  assert_no_errors (preview);
  g_assert_true (xp_csv_preview_apply (preview, project, NULL, NULL));
  g_assert_cmpuint (n_branches (project), ==, 2);
  g_assert_cmpstr (xp_branch_get_id (branch_at (project, 0)), ==, "b001");
  g_assert_cmpstr (xp_branch_get_id (branch_at (project, 1)), ==, "b002");
  g_assert_cmpstr (xp_branch_get_name (branch_at (project, 1)), ==, "联合, 党支部");
  g_assert_cmpstr (xp_branch_get_category (branch_at (project, 1)), ==, "joint");
  g_assert_cmpint (xp_branch_get_previous_stars (branch_at (project, 0)), ==, 3);
}

/* Generated ids skip those in the project and in the file. */
static void
test_branches_generated_ids (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(XpBranch) existing = xp_branch_new ("b001");

  xp_branch_set_name (existing, "已有党支部");
  xp_branch_set_category (existing, "standalone");
  g_assert_true (xp_project_add_branch (project, existing, NULL));

  preview = preview_text (project, XP_CSV_BRANCHES,
                          "编号,名称,组建方式\n,甲,单独建\nb002,乙,联合建\n,丙,挂靠建\n", 0);
  assert_no_errors (preview);
  g_assert_true (xp_csv_preview_apply (preview, project, NULL, NULL));
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (project, "b003")), ==, "甲");
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (project, "b002")), ==, "乙");
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (project, "b004")), ==, "丙");
}

/* Header names: aliases, case, spaces, "_" and a unit in brackets do not
 * matter; each names its column. */
static void
test_branches_header_aliases (void)
{
  static const struct { const char *header; const char *row; } cases[] = {
    { "id,name,enterprise,category,members", "x1,N,E,standalone,5" },
    { " ID , Name ,ENTERPRISE,Category,Members", "x1,N,E,standalone,5" },
    { "序号,支部名称,企业名称,类别,党员数（人）", "x1,N,E,单独建,5" },
    { "编号,党组织名称,所在企业,组建方式,党员人数", "x1,N,E,单独建,5人" },
    { "id,名称,企业,组建方式,members", "x1,N,E,STANDALONE,5" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(XpProject) project = new_project ();
      g_autofree char *text = g_strdup_printf ("%s\r\n%s\r\n", cases[i].header, cases[i].row);
      g_autoptr(XpCsvPreview) preview = preview_text (project, XP_CSV_BRANCHES, text, 0);
      XpBranch *b;

      g_test_message ("header %s", cases[i].header);
      assert_no_errors (preview);
      g_assert_true (xp_csv_preview_apply (preview, project, NULL, NULL));
      b = xp_project_lookup_branch (project, "x1");
      g_assert_nonnull (b);
      g_assert_cmpstr (xp_branch_get_name (b), ==, "N");
      g_assert_cmpstr (xp_branch_get_enterprise (b), ==, "E");
      g_assert_cmpstr (xp_branch_get_category (b), ==, "standalone");
      g_assert_cmpint (xp_branch_get_members (b), ==, 5);
    }
}

static void
test_branches_values (void)
{
  static const struct { const char *founded, *stars, *want_founded; int want_stars; } ok[] = {
    { "2019-05", "3", "2019-05", 3 },
    { "2019/5", "三星", "2019-05", 3 },
    { "2019年5月", "★★★", "2019-05", 3 },
    { "2019.5", "5星", "2019-05", 5 },
    { "2019年5月12日", "无", "2019-05-12", 0 },
    { "2019", "一星", "2019", 1 },
  };
  static const char *const bad[][3] = {
    /* founded, stars, the column the error names */
    { "2019-13", "3", "founded" },
    { "May 2019", "3", "founded" },
    { "2019-02-30", "3", "founded" },
    { "2019-05", "six", "previous_stars" },
    { "2019-05", "6", "previous_stars" },  /* the ladder stops at 5 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (ok); i++)
    {
      g_autoptr(XpProject) project = new_project ();
      g_autofree char *text = g_strdup_printf ("id,name,category,founded,previous_stars\nx,N,joint,%s,%s\n", ok[i].founded, ok[i].stars);
      g_autoptr(XpCsvPreview) preview = preview_text (project, XP_CSV_BRANCHES, text, 0);

      g_test_message ("%s %s", ok[i].founded, ok[i].stars);
      assert_no_errors (preview);
      g_assert_cmpstr (xp_branch_get_founded (xp_csv_preview_get_row (preview, 0)->branch), ==, ok[i].want_founded);
      g_assert_cmpint (xp_branch_get_previous_stars (xp_csv_preview_get_row (preview, 0)->branch), ==, ok[i].want_stars);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(XpProject) project = new_project ();
      g_autofree char *text = g_strdup_printf ("id,name,category,founded,previous_stars\nx,N,joint,%s,%s\n", bad[i][0], bad[i][1]);
      g_autoptr(XpCsvPreview) preview = preview_text (project, XP_CSV_BRANCHES, text, 0);
      const XpCsvRow *row = xp_csv_preview_get_row (preview, 0);

      g_test_message ("%s %s", bad[i][0], bad[i][1]);
      g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 1);
      g_assert_cmpstr (row->column, ==, bad[i][2]);
      g_assert_nonnull (strstr (row->error, "x"));  /* names the branch */
      g_assert_null (row->branch);
    }
}

/* Every bad row is reported with its line, column and a fix; applying
 * is refused and adds nothing. */
static void
test_branches_row_errors (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpCsvPreview) preview = preview_fixture (project, XP_CSV_BRANCHES, "branches-errors.csv");
  g_autoptr(GError) error = NULL;
  g_autofree char *e0 = NULL, *e1 = NULL, *e2 = NULL, *e3 = NULL, *e4 = NULL;
  const char *const *warnings;

  g_assert_cmpuint (xp_csv_preview_get_n_rows (preview), ==, 5);
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 3);
  e0 = xp_csv_preview_format_error (preview, 0);
  e1 = xp_csv_preview_format_error (preview, 1);
  e2 = xp_csv_preview_format_error (preview, 2);
  e3 = xp_csv_preview_format_error (preview, 3);
  e4 = xp_csv_preview_format_error (preview, 4);
  g_assert_null (e0);
  g_assert_null (e4);  /* 2018年 is a year */
  g_assert_true (g_str_has_prefix (e1, "branches-errors.csv:3: column “组建方式”: branch b002: category “独立建” is not defined"));
  g_assert_nonnull (strstr (e1, "单独建 (standalone)"));  /* says what to use */
  g_assert_true (g_str_has_prefix (e2, "branches-errors.csv:4: column “名称”: branch b003: the name is empty"));
  g_assert_true (g_str_has_prefix (e3, "branches-errors.csv:5: column “党员数”: branch b004: members “三人” is not a whole number"));
  g_assert_nonnull (xp_csv_preview_get_row (preview, 0)->branch);
  g_assert_null (xp_csv_preview_get_row (preview, 1)->branch);

  /* The unknown 备注 column is named, not silently dropped. */
  warnings = xp_csv_preview_get_warnings (preview);
  g_assert_nonnull (warnings[0]);
  g_assert_nonnull (strstr (warnings[0], "备注"));

  g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, ":3:"));
  g_assert_nonnull (strstr (error->message, ":5:"));
  g_assert_cmpuint (n_branches (project), ==, 0);
}

static void
test_branches_file_errors (void)
{
  static const struct { const char *data; gsize len; const char *want; } cases[] = {
    { "", 0, "t.csv:1: the file is empty" },
    { "名称,企业\n甲,乙\n", 0, "t.csv:1: the header row has no “category (组建方式)” column" },
    { "id,name,category\nx,\"open,joint\n", 0, "t.csv:2: a quoted field opened here is never closed" },
    { "name,name,category\n", 0, "t.csv:1: columns “name” and “name” both mean" },
    { "id,name,category\n\xff\xfe\xfd,x,joint\n", 0, "is neither UTF-8 nor GB18030" },
    { "id,name\0,category\n", 18, "NUL bytes" },
    { "\xEF\xBB\xBFid,name,category\n\xC4\xE3,x,joint\n", 0, "t.csv:2: the file says it is UTF-8" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(XpProject) project = new_project ();
      gsize len = cases[i].len ? cases[i].len : strlen (cases[i].data);
      g_autoptr(XpCsvPreview) preview = xp_csv_preview_new (project, XP_CSV_BRANCHES, cases[i].data, len, "t.csv", 0);
      g_autofree char *message = xp_csv_preview_format_error (preview, G_MAXUINT);
      g_autoptr(GError) error = NULL;

      g_test_message ("case %u: %s", i, message);
      g_assert_nonnull (message);
      g_assert_nonnull (strstr (message, cases[i].want));
      g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
      g_assert_nonnull (error);
      g_assert_cmpuint (n_branches (project), ==, 0);
    }
}

static void
test_branches_existing_id (void)
{
  g_autoptr(XpProject) project = load_sample ();
  guint before = n_branches (project);
  g_autoptr(GError) error = NULL;

  g_assert_false (xp_csv_import_branches (project, TEXT ("id,name,category\nb100,新,joint\nb001,重复,joint\n"), "t.csv", &error));
  g_assert_nonnull (strstr (error->message, "t.csv:3: column “id”: branch id “b001” is already in the project"));
  g_assert_cmpuint (n_branches (project), ==, before);
  g_assert_null (xp_project_lookup_branch (project, "b100"));
}

/* A sealed assessment is final: no import until it is reopened. */
static void
test_sealed_refuses (void)
{
  g_autoptr(XpProject) project = load_sample ();
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint before = n_branches (project);

  g_assert_true (xp_project_seal (project, &error));
  g_assert_no_error (error);
  preview = preview_text (project, XP_CSV_BRANCHES, "name,category\n新,joint\n", 0);
  message = xp_csv_preview_format_error (preview, G_MAXUINT);
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "sealed"));
  g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
  g_assert_cmpuint (n_branches (project), ==, before);
  g_clear_object (&preview);
  g_clear_error (&error);
  preview = preview_text (project, XP_CSV_SCORES, "branch,evaluator,item,score\nb022,e1,D6.1,3\n", 0);
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, 1);
  g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
  g_assert_cmpint (xp_project_get_score (project, "b022", "e1", "D6.1"), ==, XP_DEC_NONE);
}

/* ---- scores ---- */

static XpProject *
scoring_project (void)
{
  XpProject *project = new_project ();
  g_autoptr(XpEvaluator) e1 = xp_evaluator_new ("e1", "王建国", XP_ROLE_GROUP);
  g_autoptr(XpEvaluator) e2 = xp_evaluator_new ("e2", "李秀梅", XP_ROLE_GROUP);

  g_assert_true (xp_project_add_evaluator (project, e1, NULL));
  g_assert_true (xp_project_add_evaluator (project, e2, NULL));
  g_assert_true (xp_csv_import_branches (project, TEXT ("id,name,category\nb001,甲党支部,standalone\nb002,乙党支部,joint\n"), "b.csv", NULL));
  return project;
}

static void
test_scores_import (void)
{
  g_autoptr(XpProject) project = scoring_project ();
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *gbk = NULL;
  guint changed = 0;
  gsize gbk_len;
  const char *text =
    "支部,考评人,指标,得分,备注\n"
    "b001,e1,D1.1,3.5,台账不全\n"
    "甲党支部,李秀梅,D1.1,4,\n"       /* by name */
    "乙党支部,e1,D1.5,2.5,\"联合, 共建\"\n";

  /* The same file as WPS saves it: GB18030, tab-separated. */
  gbk = g_convert (text, -1, "GB18030", "UTF-8", NULL, &gbk_len, NULL);
  for (char *p = gbk; *p; p++)
    if (*p == ',' && p[1] != ' ')
      *p = '\t';
  preview = xp_csv_preview_new (project, XP_CSV_SCORES, gbk, gbk_len, "s.csv", 0);
  g_assert_cmpstr (xp_csv_preview_get_encoding (preview), ==, "GB18030");
  g_assert_cmpint (xp_csv_preview_get_separator (preview), ==, '\t');
  assert_no_errors (preview);
  g_assert_cmpstr (xp_csv_preview_get_row (preview, 1)->branch_id, ==, "b001");
  g_assert_cmpstr (xp_csv_preview_get_row (preview, 1)->evaluator_id, ==, "e2");
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, XP_DEC_NONE);

  g_assert_true (xp_csv_preview_apply (preview, project, &changed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (changed, ==, 3);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, 3500000);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e2", "D1.1"), ==, XP_DEC (4));
  g_assert_cmpint (xp_project_get_score (project, "b002", "e1", "D1.5"), ==, 2500000);
  g_assert_cmpstr (xp_project_get_note (project, "b001", "e1", "D1.1"), ==, "台账不全");
  g_assert_cmpstr (xp_project_get_note (project, "b002", "e1", "D1.5"), ==, "联合, 共建");

  /* Importing the same file again changes nothing and says so. */
  g_clear_object (&preview);
  preview = xp_csv_preview_new (project, XP_CSV_SCORES, gbk, gbk_len, "s.csv", 0);
  assert_no_errors (preview);
  g_assert_nonnull (xp_csv_preview_get_warnings (preview)[0]);
  g_assert_true (xp_csv_preview_apply (preview, project, &changed, NULL));
  g_assert_cmpuint (changed, ==, 0);
}

/* Each rule a typed score meets, reported per row with line, branch,
 * evaluator and item; nothing changes. */
static void
test_scores_errors (void)
{
  g_autoptr(XpProject) project = scoring_project ();
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL, *after = NULL;
  static const char *const want[] = {
    NULL,                                                                  /* line 2: fine */
    "t.csv:3: column “branch”: branch “丙党支部” is not in the project",
    "t.csv:4: column “evaluator”: branch b001: evaluator “e9” is not in the project",
    "t.csv:5: column “item”: branch b001, evaluator e1: item “D9.9” is not in the criteria",
    "t.csv:6: column “score”: branch b001, evaluator e1, item D1.2: score 9 is outside 0…5",
    "t.csv:7: column “score”: branch b001, evaluator e1, item D1.3: score 1.25 is not a multiple of the step 0.5",
    "t.csv:8: column “score”: branch b001, evaluator e1, item D1.5: the item does not apply",
    "t.csv:9: column “score”: branch b001, evaluator e1, item D1.6: score “four” is not a number",
    "t.csv:10: column “item”: branch b001, evaluator e1, item D1.1: scored again (first on line 2)",
    "t.csv:11: column “score”: branch b002, evaluator e2, item D1.1: the project already has the score 1",
  };
  const char *text =
    "branch,evaluator,item,score\n"
    "b001,e1,D1.1,3\n"
    "丙党支部,e1,D1.1,3\n"
    "b001,e9,D1.1,3\n"
    "b001,e1,D9.9,3\n"
    "b001,e1,D1.2,9\n"
    "b001,e1,D1.3,1.25\n"
    "b001,e1,D1.5,1\n"      /* D1.5 is for joint branches only */
    "b001,e1,D1.6,four\n"
    "b001,e1,D1.1,3.5\n"
    "b002,e2,D1.1,2\n";

  g_assert_true (xp_project_set_score (project, "b002", "e2", "D1.1", XP_DEC (1), NULL));
  before = xp_project_compute_digest (project);
  preview = preview_text (project, XP_CSV_SCORES, text, 0);
  g_assert_cmpuint (xp_csv_preview_get_n_rows (preview), ==, G_N_ELEMENTS (want));
  g_assert_cmpuint (xp_csv_preview_get_n_errors (preview), ==, G_N_ELEMENTS (want) - 1);
  for (guint i = 0; i < G_N_ELEMENTS (want); i++)
    {
      g_autofree char *message = xp_csv_preview_format_error (preview, i);

      g_test_message ("%s", message);
      if (want[i] == NULL)
        g_assert_null (message);
      else
        g_assert_true (g_str_has_prefix (message, want[i]));
    }
  g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
  after = xp_project_compute_digest (project);
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.1"), ==, XP_DEC_NONE);
}

/* Names work only when they name one branch / evaluator. */
static void
test_scores_ambiguous_names (void)
{
  g_autoptr(XpProject) project = scoring_project ();
  g_autoptr(XpEvaluator) e3 = xp_evaluator_new ("e3", "王建国", XP_ROLE_GROUP);
  g_autoptr(XpBranch) twin = xp_branch_new ("b003");
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autofree char *m0 = NULL, *m1 = NULL;

  g_assert_true (xp_project_add_evaluator (project, e3, NULL));
  xp_branch_set_name (twin, "甲党支部");
  xp_branch_set_category (twin, "joint");
  g_assert_true (xp_project_add_branch (project, twin, NULL));
  preview = preview_text (project, XP_CSV_SCORES,
                          "branch,evaluator,item,score\n甲党支部,e1,D1.1,3\nb001,王建国,D1.1,3\nb003,李秀梅,D1.1,3\n", 0);
  m0 = xp_csv_preview_format_error (preview, 0);
  m1 = xp_csv_preview_format_error (preview, 1);
  g_assert_true (g_str_has_prefix (m0, "t.csv:2: column “branch”: branch “甲党支部”: several branches have this name"));
  g_assert_true (g_str_has_prefix (m1, "t.csv:3: column “evaluator”: branch b001: several evaluators are called “王建国”"));
  g_assert_null (xp_csv_preview_get_row (preview, 2)->error);   /* ids still work */
  g_assert_cmpstr (xp_csv_preview_get_row (preview, 2)->evaluator_id, ==, "e2");
}

static void
test_scores_replace (void)
{
  g_autoptr(XpProject) project = scoring_project ();
  g_autoptr(XpCsvPreview) preview = NULL;
  guint changed = 0;
  const char *text = "branch,evaluator,item,score\nb002,e2,D1.1,2\n";

  g_assert_true (xp_project_set_score (project, "b002", "e2", "D1.1", XP_DEC (1), NULL));
  preview = preview_text (project, XP_CSV_SCORES, text, XP_CSV_REPLACE_SCORES);
  assert_no_errors (preview);
  g_assert_cmpint (xp_csv_preview_get_row (preview, 0)->previous, ==, XP_DEC (1));
  g_assert_true (xp_csv_preview_apply (preview, project, &changed, NULL));
  g_assert_cmpuint (changed, ==, 1);
  g_assert_cmpint (xp_project_get_score (project, "b002", "e2", "D1.1"), ==, XP_DEC (2));
}

/* A score typed after the preview was read is not overwritten. */
static void
test_scores_changed_since_preview (void)
{
  g_autoptr(XpProject) project = scoring_project ();
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = "branch,evaluator,item,score\nb001,e1,D1.2,2\nb002,e2,D1.1,2\n";

  preview = preview_text (project, XP_CSV_SCORES, text, 0);
  assert_no_errors (preview);
  g_assert_true (xp_project_set_score (project, "b002", "e2", "D1.1", XP_DEC (1), NULL));
  g_assert_false (xp_csv_preview_apply (preview, project, NULL, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_CONFLICT);
  g_assert_nonnull (strstr (error->message, "t.csv:3:"));
  /* The first row was rolled back. */
  g_assert_cmpint (xp_project_get_score (project, "b001", "e1", "D1.2"), ==, XP_DEC_NONE);
  g_assert_cmpint (xp_project_get_score (project, "b002", "e2", "D1.1"), ==, XP_DEC (1));
}

/* ---- export ---- */

static char **
csv_lines (GBytes *bytes)
{
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *text = g_strndup (data, len);

  return g_strsplit (text, "\r\n", -1);
}

static void
test_export_csv (void)
{
  g_autoptr(XpProject) project = load_sample ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(GBytes) bytes = xp_export_ranking_csv (ranking);
  g_auto(GStrv) lines = csv_lines (bytes);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (ranking));
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  /* BOM, CRLF only, UTF-8. */
  g_assert_true (len > 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0);
  g_assert_true (g_utf8_validate_len (data, len, NULL));
  for (gsize i = 0; i < len; i++)
    if (data[i] == '\n')
      g_assert_cmpint (data[i - 1], ==, '\r');

  g_assert_cmpstr (lines[0], ==, "\xEF\xBB\xBF名次,类别内名次,编号,党组织名称,企业名称,组建方式,党员数,自评分,考评分,加分,扣分,总分,星数,星级,分类定级,备注");
  g_assert_cmpuint (g_strv_length (lines), ==, n + 2);  /* header, rows, "" after the last CRLF */
  g_assert_cmpstr (lines[n + 1], ==, "");

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (ranking), i);
      XpBranch *branch = xp_branch_result_get_branch (result);
      g_auto(GStrv) cells = g_strsplit (lines[i + 1], ",", -1);
      char buf[XP_DEC_BUF_SIZE];

      g_assert_cmpuint (g_strv_length (cells), ==, 16);  /* the sample has no commas in names */
      g_assert_cmpstr (cells[2], ==, xp_branch_get_id (branch));
      g_assert_cmpstr (cells[3], ==, xp_branch_get_name (branch));
      if (xp_branch_result_is_complete (result))
        {
          g_autofree char *rank = g_strdup_printf ("%u", xp_branch_result_get_rank (result));
          g_autofree char *stars = g_strdup_printf ("%d", xp_branch_result_get_stars (result));

          g_assert_cmpstr (cells[0], ==, rank);
          g_assert_cmpstr (cells[11], ==, xp_dec_to_buf (xp_branch_result_get_score (result), buf));
          g_assert_cmpstr (cells[12], ==, stars);
          g_assert_cmpuint (g_utf8_strlen (cells[13], -1), ==, (guint) xp_branch_result_get_stars (result) ? (guint) xp_branch_result_get_stars (result) : 2);
        }
      else
        {
          g_assert_cmpstr (cells[0], ==, "");
          g_assert_cmpstr (cells[11], ==, "");
          g_assert_cmpstr (cells[15], ==, "未完成评分");
        }
    }
}

static void
test_export_csv_quoting (void)
{
  g_autoptr(XpProject) project = new_project ();
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_true (xp_csv_import_branches (project, TEXT ("id,name,enterprise,category\nb1,\"甲, \"\"乙\"\"\",\"多\n行\",joint\n"), "t.csv", NULL));
  ranking = xp_ranking_new (project);
  bytes = xp_export_ranking_csv (ranking);
  lines = csv_lines (bytes);
  g_assert_cmpstr (lines[1], ==, ",,b1,\"甲, \"\"乙\"\"\",\"多\n行\",联合建,,,,,,,,,,未完成评分");

  /* Text a spreadsheet would run as a formula is kept as text. */
  {
    g_autoptr(XpProject) hostile = new_project ();
    g_autoptr(XpRanking) hostile_ranking = NULL;
    g_autoptr(GBytes) hostile_bytes = NULL;
    g_auto(GStrv) hostile_lines = NULL;

    g_assert_true (xp_csv_import_branches (hostile, TEXT ("id,name,enterprise,category\nb1,\"=HYPERLINK(\"\"http://x\"\")\",@SUM(A1),joint\nb2,-2+3,+1,joint\n"), "t.csv", NULL));
    hostile_ranking = xp_ranking_new (hostile);
    hostile_bytes = xp_export_ranking_csv (hostile_ranking);
    hostile_lines = csv_lines (hostile_bytes);
    g_assert_cmpstr (hostile_lines[1], ==, ",,b1,\"'=HYPERLINK(\"\"http://x\"\")\",\"'@SUM(A1)\",联合建,,,,,,,,,,未完成评分");
    g_assert_cmpstr (hostile_lines[2], ==, ",,b2,\"'-2+3\",\"'+1\",联合建,,,,,,,,,,未完成评分");
  }

  /* And it reads back through the importer's own parser unchanged. */
  {
    g_autoptr(XpProject) other = new_project ();
    g_autoptr(XpCsvPreview) preview = NULL;
    gsize len;
    const char *data = g_bytes_get_data (bytes, &len);

    preview = xp_csv_preview_new (other, XP_CSV_BRANCHES, data, len, "export.csv", 0);
    assert_no_errors (preview);
    g_assert_cmpstr (xp_branch_get_name (xp_csv_preview_get_row (preview, 0)->branch), ==, "甲, \"乙\"");
  }
}

static void
test_export_xlsx (void)
{
  g_autoptr(XpProject) project = load_sample ();
  g_autoptr(XpRanking) ranking = xp_ranking_new (project);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "r.xlsx", NULL);
  g_autofree char *data = NULL;
  gsize len;

  if (!xp_export_has_xlsx ())
    {
      g_assert_false (xp_export_write_xlsx (ranking, path, &error));
      g_assert_error (error, XP_ERROR, XP_ERROR_USAGE);
      g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
      g_test_skip ("built without libxlsxwriter");
      return;
    }
  g_assert_true (xp_export_write_xlsx (ranking, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, &len, NULL));
  g_assert_true (len > 1000 && memcmp (data, "PK\x03\x04", 4) == 0);  /* a zip, as XLSX is */
  g_unlink (path);
  /* No temporary file left beside it. */
  g_assert_cmpint (g_rmdir (dir), ==, 0);

  /* Into a folder that does not exist: an error naming the file. */
  g_clear_pointer (&path, g_free);
  path = g_build_filename (dir, "no", "r.xlsx", NULL);
  g_assert_false (xp_export_write_xlsx (ranking, path, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "r.xlsx"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/csv/branches/gbk-with-chinese-headers", test_branches_gbk);
  g_test_add_func ("/csv/branches/utf8-bom", test_branches_bom);
  g_test_add_func ("/csv/branches/tab-separated-generated-ids", test_branches_tab);
  g_test_add_func ("/csv/branches/generated-ids-skip-used-ones", test_branches_generated_ids);
  g_test_add_func ("/csv/branches/header-aliases", test_branches_header_aliases);
  g_test_add_func ("/csv/branches/dates-and-stars", test_branches_values);
  g_test_add_func ("/csv/branches/per-row-errors-change-nothing", test_branches_row_errors);
  g_test_add_func ("/csv/branches/file-errors", test_branches_file_errors);
  g_test_add_func ("/csv/branches/id-already-in-project", test_branches_existing_id);
  g_test_add_func ("/csv/sealed-project-takes-nothing", test_sealed_refuses);
  g_test_add_func ("/csv/scores/gbk-tab-by-id-and-name", test_scores_import);
  g_test_add_func ("/csv/scores/per-row-errors-change-nothing", test_scores_errors);
  g_test_add_func ("/csv/scores/ambiguous-names", test_scores_ambiguous_names);
  g_test_add_func ("/csv/scores/replace", test_scores_replace);
  g_test_add_func ("/csv/scores/changed-since-preview", test_scores_changed_since_preview);
  g_test_add_func ("/export/csv/ranking-table", test_export_csv);
  g_test_add_func ("/export/csv/quoting", test_export_csv_quoting);
  g_test_add_func ("/export/xlsx/atomic-write", test_export_xlsx);

  return g_test_run ();
}
