/* test-project-io.c — the project file: round trip, load errors, atomic save
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The load-error tests start from the canonical text of a project built
 * in code, break one thing, and check that the message names the file,
 * the line of the broken value and the branch, evaluator and item.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-project.h"
#include "xp-ranking.h"

static const char *self_exe;

/* 2026-11-24T08:00:00Z */
#define T0 G_GINT64_CONSTANT (1795507200)

#define CRITERIA_XML \
  "<?xml version='1.0' encoding='UTF-8'?>\n" \
  "<criteria xmlns='urn:xingping:criteria:1' id='io' version='2026.1'>\n" \
  "<title>测试 \"引号\" &amp; 标准</title>\n" \
  "<categories>\n" \
  "<category id='standalone'><label>单独建</label></category>\n" \
  "<category id='joint'><label>联合建</label></category>\n" \
  "</categories>\n" \
  "<dimension id='D1'><label>d1</label>\n" \
  "<item id='D1.1' max='10'><label>i</label>\n" \
  "<deduction points='1' per='each'>缺一次记录</deduction>\n" \
  "<deduction id='no-plan' points='2'>无年度计划</deduction>\n" \
  "<deduction points='0.5'>台账不规范</deduction></item>\n" \
  "<item id='D1.2' max='10' categories='joint'><label>i</label>\n" \
  "<deduction points='1'>x</deduction></item>\n" \
  "</dimension>\n" \
  "<dimension id='D2'><label>d2</label>\n" \
  "<item id='D2.1' max='20' step='0.25'><label>i</label></item>\n" \
  "</dimension>\n" \
  "<bonus cap='3'><item id='B1' max='2'><label>b</label></item></bonus>\n" \
  "<vetoes><veto id='V1' stars-max='2'><label>v</label></veto></vetoes>\n" \
  "<stars><star level='2' min='60'/><star level='1' min='0'/></stars>\n" \
  "<grades><grade id='ok' min-stars='0'><label>ok</label></grade></grades>\n" \
  "</criteria>\n"

/* ---------------------------------------------------------------- helpers */

static XpDec
dec (const char *text)
{
  XpDec v = 0;

  g_assert_true (xp_dec_parse (text, -1, &v));
  return v;
}

static void
set (XpProject  *p,
     const char *b,
     const char *e,
     const char *item,
     const char *value)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = xp_project_set_score (p, b, e, item, dec (value), &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static void
tick (XpProject  *p,
      const char *b,
      const char *e,
      const char *item,
      const char *key,
      guint       count)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = xp_project_set_deduction_count (p, b, e, item, key, count, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static XpProject *
sample_project (void)
{
  g_autoptr(GBytes) xml = g_bytes_new_static (CRITERIA_XML, strlen (CRITERIA_XML));
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_bytes (xml, "io.xml", &error);
  XpProject *p;
  static const char *evaluators[][3] = {
    { "e1", "张三", "group" }, { "e2", "李四 \"Li\"", "group" }, { "self", "自评", "self" },
  };

  g_assert_no_error (error);
  p = xp_project_new (criteria);
  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  xp_project_set_title (p, "2026年度 \"星评\"\n第二行");
  for (guint i = 0; i < G_N_ELEMENTS (evaluators); i++)
    {
      XpRole role;
      g_autoptr(XpEvaluator) e = NULL;

      g_assert_true (xp_role_from_string (evaluators[i][2], &role));
      e = xp_evaluator_new (evaluators[i][0], evaluators[i][1], role);
      g_assert_true (xp_project_add_evaluator (p, e, &error));
      g_assert_no_error (error);
    }

  {
    g_autoptr(XpBranch) b = xp_branch_new ("b1");
    const char *vetoes[] = { "V1", NULL };

    xp_branch_set_name (b, "第一党支部");
    xp_branch_set_enterprise (b, "某某科技有限公司");
    xp_branch_set_category (b, "standalone");
    xp_branch_set_members (b, 12);
    xp_branch_set_secretary (b, "王五");
    xp_branch_set_founded (b, "2019-05");
    xp_branch_set_previous_stars (b, 3);
    xp_branch_set_vetoes (b, vetoes);
    g_assert_true (xp_project_add_branch (p, b, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(XpBranch) b = xp_branch_new ("b2");

    xp_branch_set_name (b, "联合党支部");
    xp_branch_set_enterprise (b, "甲公司、乙公司");
    xp_branch_set_category (b, "joint");
    g_assert_true (xp_project_add_branch (p, b, &error));
    g_assert_no_error (error);
  }

  set (p, "b1", "e1", "D1.1", "4.5");
  set (p, "b1", "e1", "D2.1", "17.75");
  set (p, "b1", "e1", "B1", "1.5");
  xp_project_set_actor (p, "李四 \"Li\"");
  xp_project_set_now (p, T0 + 90);
  set (p, "b1", "e2", "D1.1", "10");
  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0 + 3600);
  set (p, "b1", "e2", "D2.1", "0");
  set (p, "b1", "self", "D1.1", "9");
  set (p, "b2", "e1", "D1.1", "3");
  set (p, "b2", "e1", "D1.2", "0.5");
  set (p, "b2", "e2", "D2.1", "19.25");
  xp_project_set_note (p, "b1", "e1", "D1.1", "台账不全，\"会议记录\"缺两次\n另：\t制度未上墙");
  xp_project_set_note (p, "b2", "e2", "D2.1", "good");
  tick (p, "b1", "e1", "D1.1", "no-plan", 1);
  tick (p, "b1", "e1", "D1.1", "#1", 2);
  tick (p, "b2", "e1", "D1.2", "#1", 1);
  return p;
}

static char *
canonical_text (void)
{
  g_autoptr(XpProject) p = sample_project ();
  g_autoptr(GBytes) bytes = xp_project_to_bytes (p);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static XpProject *
load_text (const char  *text,
           gssize       len,
           GError     **error)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len < 0 ? strlen (text) : (gsize) len);

  return xp_project_new_from_bytes (bytes, "p.xingping", error);
}

static int
line_at (const char *text,
         const char *at)
{
  int line = 1;

  for (const char *p = text; p < at; p++)
    line += (*p == '\n');
  return line;
}

/* Replaces the first @old found after @anchor (or from the start) with
 * @new; *line gets the line where the replacement starts. */
static char *
mutate (const char *text,
        const char *anchor,
        const char *old,
        const char *new,
        int        *line)
{
  const char *from = anchor ? strstr (text, anchor) : text;
  const char *at;
  GString *s;

  g_assert_nonnull (from);
  at = strstr (from, old);
  g_assert_nonnull (at);
  s = g_string_new_len (text, at - text);
  g_string_append (s, new);
  g_string_append (s, at + strlen (old));
  if (line)
    *line = line_at (text, at);
  return g_string_free (s, FALSE);
}

/* Loads @text, which must fail; the message must contain each of the
 * NULL-terminated strings and, when @line > 0, "p.xingping:LINE:". */
static void
expect_failure (const char *text,
                int         line,
                ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = load_text (text, -1, &error);
  va_list args;
  const char *needle;

  g_assert_null (p);
  g_assert_nonnull (error);
  g_assert_true (error->domain == XP_ERROR);
  g_test_message ("message: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "p.xingping"));
  if (line > 0)
    {
      g_autofree char *where = g_strdup_printf ("p.xingping:%d:", line);

      if (!g_str_has_prefix (error->message, where))
        g_error ("expected %s in “%s”", where, error->message);
    }
  va_start (args, line);
  while ((needle = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("expected “%s” in “%s”", needle, error->message);
  va_end (args);
}

/* ------------------------------------------------------------- round trip */

static void
test_round_trip (void)
{
  g_autoptr(XpProject) p = sample_project ();
  g_autoptr(GBytes) first = xp_project_to_bytes (p);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) q = xp_project_new_from_bytes (first, "first", &error);
  g_autoptr(GBytes) second = NULL;
  XpCriteria *cp, *cq;
  const char *text;

  g_assert_no_error (error);
  g_assert_nonnull (q);
  second = xp_project_to_bytes (q);
  g_assert_true (g_bytes_equal (first, second));

  text = g_bytes_get_data (first, NULL);
  g_assert_true (g_str_has_suffix (text, "}\n") || g_bytes_get_size (first) > 0);
  g_assert_true (g_utf8_validate (text, g_bytes_get_size (first), NULL));
  g_assert_nonnull (strstr (text, "\"format\": \"xingping-project\""));
  g_assert_nonnull (strstr (text, "17.75"));
  g_assert_null (strstr (text, "17.7499"));

  cp = xp_project_get_criteria (p);
  cq = xp_project_get_criteria (q);
  g_assert_cmpstr (xp_criteria_get_sha256 (cp), ==, xp_criteria_get_sha256 (cq));
  g_assert_true (g_bytes_equal (xp_criteria_get_xml (cp), xp_criteria_get_xml (cq)));
  g_assert_cmpstr (xp_project_get_title (q), ==, "2026年度 \"星评\"\n第二行");

  /* every score and note equal, including the unscored ones */
  for (guint b = 0; b < 2; b++)
    for (guint e = 0; e < 3; e++)
      for (guint i = 0; i < xp_criteria_get_n_items (cp); i++)
        {
          const char *bid = (const char *[]) { "b1", "b2" }[b];
          const char *eid = (const char *[]) { "e1", "e2", "self" }[e];
          const char *iid = xp_item_get_id (xp_criteria_get_item (cp, i));

          g_assert_cmpint (xp_project_get_score (p, bid, eid, iid), ==,
                           xp_project_get_score (q, bid, eid, iid));
          g_assert_cmpstr (xp_project_get_note (p, bid, eid, iid), ==,
                           xp_project_get_note (q, bid, eid, iid));
        }
  g_assert_cmpint (xp_project_get_score (q, "b1", "e1", "D2.1"), ==, dec ("17.75"));
  g_assert_cmpint (xp_project_get_score (q, "b2", "e1", "D1.2"), ==, dec ("0.5"));
  g_assert_cmpint (xp_project_get_score (q, "b1", "e2", "D2.1"), ==, 0);
  g_assert_cmpint (xp_project_get_score (q, "b1", "e2", "B1"), ==, XP_DEC_NONE);
  g_assert_cmpstr (xp_project_get_note (q, "b1", "e1", "D1.1"), ==, "台账不全，\"会议记录\"缺两次\n另：\t制度未上墙");

  /* ticked deductions, written in the criteria's order whatever the
   * order they were ticked in */
  g_assert_cmpuint (xp_project_get_deduction_count (q, "b1", "e1", "D1.1", "#1"), ==, 2);
  g_assert_cmpuint (xp_project_get_deduction_count (q, "b1", "e1", "D1.1", "no-plan"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (q, "b1", "e1", "D1.1", "#3"), ==, 0);
  g_assert_cmpuint (xp_project_get_deduction_count (q, "b2", "e1", "D1.2", "#1"), ==, 1);
  g_assert_cmpuint (xp_project_get_deduction_count (q, "b1", "e2", "D1.1", "#1"), ==, 0);
  g_assert_nonnull (strstr (text, "\"deductions\": {\n    \"b1\": {\n      \"e1\": { \"D1.1\": { \"#1\": 2, \"no-plan\": 1 } }\n    },\n"
                                  "    \"b2\": {\n      \"e1\": { \"D1.2\": { \"#1\": 1 } }\n    }\n  },\n"));

  {
    XpBranch *b1 = xp_project_lookup_branch (q, "b1");
    XpEvaluator *e2 = xp_project_lookup_evaluator (q, "e2");

    g_assert_cmpstr (xp_branch_get_name (b1), ==, "第一党支部");
    g_assert_cmpstr (xp_branch_get_enterprise (b1), ==, "某某科技有限公司");
    g_assert_cmpstr (xp_branch_get_category (b1), ==, "standalone");
    g_assert_cmpint (xp_branch_get_members (b1), ==, 12);
    g_assert_cmpstr (xp_branch_get_secretary (b1), ==, "王五");
    g_assert_cmpstr (xp_branch_get_founded (b1), ==, "2019-05");
    g_assert_cmpint (xp_branch_get_previous_stars (b1), ==, 3);
    g_assert_true (xp_branch_has_veto (b1, "V1"));
    g_assert_cmpint (xp_branch_get_members (xp_project_lookup_branch (q, "b2")), ==, -1);
    g_assert_cmpstr (xp_evaluator_get_name (e2), ==, "李四 \"Li\"");
    g_assert_cmpint (xp_evaluator_get_role (xp_project_get_self_evaluator (q)), ==, XP_ROLE_SELF);
    g_assert_cmpstr (xp_evaluator_get_id (xp_project_get_self_evaluator (q)), ==, "self");
  }
}

/* ------------------------------------------------------------ load errors */

static void
test_error_unknown_ids (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"b1\"", "\"b9\"", &line);
    expect_failure (bad, line, "b9", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"e1\"", "\"e9\"", &line);
    expect_failure (bad, line, "b1", "e9", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\"", "\"D9.9\"", &line);
    expect_failure (bad, line, "b1", "e1", "D9.9", NULL);
  }
  {
    /* a note for an unknown item is refused too */
    g_autofree char *bad = mutate (text, "\"notes\"", "\"D1.1\"", "\"D9.9\"", &line);
    expect_failure (bad, line, "b1", "e1", "D9.9", NULL);
  }
}

static void
test_error_values (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    /* D1.1 max 10: 10.5 is above; never clamped to 10 */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 10.5", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "10.5", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": -0.5", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "-0.5", NULL);
  }
  {
    /* step 0.5 */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 4.25", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "4.25", NULL);
  }
  {
    /* D2.1 step 0.25: 17.8 is off-step */
    g_autofree char *bad = mutate (text, "\"scores\"", "17.75", "17.8", &line);
    expect_failure (bad, line, "b1", "e1", "D2.1", NULL);
  }
  {
    /* D1.2 is joint-only; b1 is standalone */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.2\": 4.5", &line);
    expect_failure (bad, line, "b1", "e1", "D1.2", NULL);
  }
  {
    /* wrong type: a string score */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": \"4.5\"", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": true", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", NULL);
  }
  {
    /* more than six decimal places: refused, never rounded */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 4.5000001", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "4.5000001", NULL);
  }
  {
    /* an exponent that is still an exact decimal is the same number */
    g_autofree char *ok = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 1e1", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, 10 * XP_DEC_UNIT);
  }
  {
    g_autofree char *ok = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 45E-1", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D2.1"), ==, dec ("17.75"));
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, dec ("4.5"));
  }
  {
    g_autofree char *ok = mutate (text, "\"scores\"", "17.75", "0.01775e+3", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D2.1"), ==, dec ("17.75"));
  }
  {
    /* trailing zeros beyond six places are the same number */
    g_autofree char *ok = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 4.50000000", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, dec ("4.5"));
  }
  {
    /* a digit far beyond six places, which a double would round away:
     * refused, never silently dropped */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 4.50000000000000001", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5", "\"D1.1\": 4.50000000000000001e0", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"members\"", "12", "\"12\"", &line);
    expect_failure (bad, line, "members", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"evaluators\"", "\"group\"", "\"boss\"", &line);
    expect_failure (bad, line, "boss", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"version\": 3", "\"version\": \"3\"", &line);
    expect_failure (bad, line, "version", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"category\": \"standalone\"", "\"category\": \"nowhere\"", &line);
    /* the line is the branch's (the object), not the member's */
    expect_failure (bad, 0, "b1", "nowhere", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"V1\"", "\"V9\"", &line);
    expect_failure (bad, 0, "b1", "V9", NULL);
  }
}

static void
test_error_structure (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    /* b2 renamed b1: a duplicate branch id, on b2's line */
    g_autofree char *bad = mutate (text, "\"branches\"", "\"id\": \"b2\"", "\"id\": \"b1\"", &line);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (bad, -1, &error);

    g_assert_null (p);
    g_assert_nonnull (strstr (error->message, "b1"));
    g_assert_nonnull (strstr (error->message, "twice"));
  }
  {
    /* duplicate JSON key on one line */
    g_autofree char *bad = mutate (text, NULL, "\"version\": 3,", "\"version\": 3, \"version\": 3,", &line);
    expect_failure (bad, line, "version", NULL);
  }
  {
    /* duplicate item key inside a sheet */
    g_autofree char *bad = mutate (text, "\"scores\"", "\"D1.1\": 4.5,", "\"D1.1\": 4.5, \"D1.1\": 5,", &line);
    expect_failure (bad, line, "D1.1", NULL);
  }
  {
    /* sha256 one digit off */
    const char *sha = strstr (text, "\"sha256\": \"") + strlen ("\"sha256\": \"");
    g_autofree char *bad = g_strdup (text);

    bad[sha - text] = sha[0] == '0' ? '1' : '0';
    line = line_at (text, sha);
    expect_failure (bad, line, "sha256", NULL);
  }
  {
    /* the criteria edited but the digest kept */
    g_autofree char *bad = mutate (text, "\"xml\"", "max='20'", "max='30'", NULL);
    expect_failure (bad, 0, "sha256", NULL);
  }
  {
    /* a duplicate evaluator id */
    g_autofree char *bad = mutate (text, "\"evaluators\"", "\"id\": \"e2\"", "\"id\": \"e1\"", &line);
    expect_failure (bad, line, "e1", NULL);
  }
  {
    /* a second self evaluator */
    g_autofree char *bad = mutate (text, "\"evaluators\"", "\"group\"", "\"self\"", NULL);
    /* e1 is now self; the error is on the second self evaluator's line */
    line = line_at (text, strstr (text, "\"id\": \"self\""));
    expect_failure (bad, line, "e1", "self", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"xingping-project\"", "\"xingping-ranking\"", &line);
    expect_failure (bad, line, "xingping-ranking", NULL);
  }
  {
    /* truncated: the first half of the file */
    g_autofree char *bad = g_strndup (text, strlen (text) / 2);
    expect_failure (bad, 0, NULL);
  }
  {
    /* truncated by one byte: the closing brace */
    g_autofree char *bad = g_strndup (text, strlen (text) - 2);
    expect_failure (bad, 0, NULL);
  }
  {
    /* trailing garbage */
    g_autofree char *bad = g_strconcat (text, "x", NULL);
    expect_failure (bad, 0, NULL);
  }
  expect_failure ("", 0, NULL);
  expect_failure ("   \n", 0, NULL);
  expect_failure ("[]", 1, NULL);
  {
    /* invalid UTF-8 inside a string */
    g_autofree char *bad = mutate (text, "\"title\"", "星评", "\xff\xfe", &line);
    expect_failure (bad, line, NULL);
  }
  {
    /* NUL byte */
    g_autoptr(GError) error = NULL;
    g_autofree char *bad = g_strdup (text);
    g_autoptr(XpProject) p = NULL;

    bad[strlen (text) / 3] = '\0';
    p = load_text (bad, strlen (text), &error);
    g_assert_null (p);
    g_assert_nonnull (error);
  }
}

static void
test_error_deductions (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"b1\"", "\"b9\"", &line);
    expect_failure (bad, line, "deductions", "b9", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"e1\"", "\"e9\"", &line);
    expect_failure (bad, line, "b1", "e9", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"D1.1\"", "\"D9.9\"", &line);
    expect_failure (bad, line, "b1", "e1", "D9.9", NULL);
  }
  {
    /* an unknown deduction id */
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"no-plan\": 1", "\"no-such\": 1", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "no-such", "#1…#3", NULL);
  }
  {
    /* the item has three deductions */
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#4\": 2", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "#4", NULL);
  }
  {
    /* the second deduction has an id: it is named by it, never #2 */
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"no-plan\": 1", "\"#2\": 1", &line);
    expect_failure (bad, line, "D1.1", "#2", NULL);
  }
  {
    /* per="once" counted twice */
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"no-plan\": 1", "\"no-plan\": 2", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "no-plan", "once", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#1\": 1000", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "#1", "999", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#1\": 1.5", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "#1", "1.5", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#1\": -1", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "#1", "-1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#1\": \"2\"", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "#1", "string", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "{ \"#1\": 2, \"no-plan\": 1 }", "[\"#1\"]", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "array", NULL);
  }
  {
    /* D1.2 is joint-only: b1 is standalone */
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"D1.1\": { \"#1\": 2, \"no-plan\": 1 }",
                                   "\"D1.2\": { \"#1\": 1 }", &line);
    expect_failure (bad, line, "b1", "e1", "D1.2", "category", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"deductions\"", "\"#1\": 2,", "\"#1\": 2, \"#1\": 1,", &line);
    expect_failure (bad, line, "#1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"deductions\": {", "\"deductions\": [{", &line);
    expect_failure (bad, 0, NULL);
  }
  {
    /* a count of 0 is the same as not ticked */
    g_autofree char *ok = mutate (text, "\"deductions\"", "\"#1\": 2", "\"#1\": 0", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "#1"), ==, 0);
    g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "no-plan"), ==, 1);
  }
}

static void
count_cb (XpProject  *project,
          const char *branch_id,
          const char *evaluator_id,
          const char *item_id,
          guint      *n)
{
  (*n)++;
}

static void
test_deductions_api (void)
{
  g_autoptr(XpProject) p = sample_project ();
  g_autoptr(GBytes) before = xp_project_to_bytes (p);
  g_autoptr(GBytes) after = NULL;
  g_autoptr(GError) error = NULL;
  XpItem *d11 = xp_criteria_lookup_item (xp_project_get_criteria (p), "D1.1");
  g_autofree char *k1 = xp_item_dup_deduction_key (d11, 0);
  g_autofree char *k2 = xp_item_dup_deduction_key (d11, 1);
  g_autofree char *k3 = xp_item_dup_deduction_key (d11, 2);
  guint n_annotations = 0;

  g_assert_cmpstr (k1, ==, "#1");
  g_assert_cmpstr (k2, ==, "no-plan");
  g_assert_cmpstr (k3, ==, "#3");

  g_signal_connect (p, "annotation-changed", G_CALLBACK (count_cb), &n_annotations);

  /* refused: nothing changes, nothing is emitted */
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "no-plan", 2, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "once"));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "#2", 1, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D2.1", "#1", 1, &error));
  g_assert_nonnull (strstr (error->message, "no deductions"));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D1.2", "#1", 1, &error));
  g_assert_nonnull (strstr (error->message, "category"));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b9", "e1", "D1.1", "#1", 1, &error));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e9", "D1.1", "#1", 1, &error));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D9", "#1", 1, &error));
  g_clear_error (&error);
  g_assert_false (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "#1", 1000, &error));
  g_clear_error (&error);
  /* setting what is already there is no change */
  g_assert_true (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "#1", 2, &error));
  g_assert_true (xp_project_set_deduction_count (p, "b1", "e2", "D1.1", "#3", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_annotations, ==, 0);
  after = xp_project_to_bytes (p);
  g_assert_true (g_bytes_equal (before, after));
  g_clear_pointer (&after, g_bytes_unref);

  /* the number stays the truth: ticking never touches the score */
  tick (p, "b1", "e1", "D1.1", "#3", 1);
  g_assert_cmpuint (n_annotations, ==, 1);
  g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, dec ("4.5"));
  tick (p, "b1", "e1", "D1.1", "#1", 0);
  tick (p, "b1", "e1", "D1.1", "no-plan", 0);
  tick (p, "b1", "e1", "D1.1", "#3", 0);
  tick (p, "b2", "e1", "D1.2", "#1", 0);
  g_assert_cmpuint (n_annotations, ==, 5);
  g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "#1"), ==, 0);
  after = xp_project_to_bytes (p);
  g_assert_nonnull (strstr (g_bytes_get_data (after, NULL), "\"deductions\": {},\n"));

  /* a note change is an annotation change too */
  xp_project_set_note (p, "b1", "e1", "D1.1", "新备注");
  xp_project_set_note (p, "b1", "e1", "D1.1", "新备注");
  g_assert_cmpuint (n_annotations, ==, 6);
}

static void
score_count_cb (XpProject  *project,
                XpBranch   *branch,
                const char *evaluator_id,
                const char *item_id,
                GString    *log)
{
  g_string_append_printf (log, "%s/%s/%s;", xp_branch_get_id (branch), evaluator_id, item_id);
  /* the sheet is already gone when the signal runs */
  g_assert_cmpint (xp_project_get_score (project, xp_branch_get_id (branch), evaluator_id, item_id), ==, XP_DEC_NONE);
  g_assert_null (xp_project_lookup_evaluator (project, evaluator_id));
}

static void
test_remove_evaluator (void)
{
  g_autoptr(XpProject) p = sample_project ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XpProject) q = NULL;
  const char *text;

  g_autoptr(XpRanking) ranking = xp_ranking_new (p);

  /* b1 (standalone: D1.1 and D2.1) has complete sheets from e1 and e2 */
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (xp_ranking_lookup (ranking, "b1")), ==, 2);
  g_signal_connect (p, "score-changed", G_CALLBACK (score_count_cb), log);
  g_assert_true (xp_project_remove_evaluator (p, "e1", &error));
  /* the ranking follows: e2's sheet alone now */
  g_assert_cmpuint (xp_branch_result_get_n_evaluators (xp_ranking_lookup (ranking, "b1")), ==, 1);
  g_assert_cmpint (xp_branch_result_get_score (xp_ranking_lookup (ranking, "b1")), ==,
                   xp_branch_result_get_sheet_total (xp_ranking_lookup (ranking, "b1"), "e2"));
  g_assert_no_error (error);
  /* e1 scored b1: D1.1, D2.1, B1 and b2: D1.1, D1.2 */
  g_assert_cmpstr (log->str, ==, "b1/e1/D1.1;b1/e1/D2.1;b1/e1/B1;b2/e1/D1.1;b2/e1/D1.2;");
  g_assert_null (xp_project_lookup_evaluator (p, "e1"));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_evaluators (p)), ==, 2);
  g_assert_null (xp_project_get_note (p, "b1", "e1", "D1.1"));
  g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "#1"), ==, 0);
  /* the others keep theirs */
  g_assert_cmpint (xp_project_get_score (p, "b1", "e2", "D1.1"), ==, dec ("10"));
  g_assert_cmpstr (xp_project_get_note (p, "b2", "e2", "D2.1"), ==, "good");

  bytes = xp_project_to_bytes (p);
  text = g_bytes_get_data (bytes, NULL);
  {
    /* gone from everything but the audit, which keeps the history */
    g_autofree char *head = g_strndup (text, strstr (text, "\"audit\"") - text);

    g_assert_null (strstr (head, "\"e1\""));
    g_assert_nonnull (strstr (text, "\"clear\", \"b2\", \"e1\", \"D1.1\", 3, \"D1.2\", 0.5]"));
  }
  q = xp_project_new_from_bytes (bytes, "removed", &error);
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (q, "b1", "e2", "D2.1"), ==, 0);

  /* unknown: refused */
  g_string_truncate (log, 0);
  g_assert_false (xp_project_remove_evaluator (p, "e1", &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "e1"));
  g_assert_cmpstr (log->str, ==, "");

  /* an id can be reused after removal, starting empty */
  {
    g_autoptr(XpEvaluator) e = xp_evaluator_new ("e1", "新人", XP_ROLE_GROUP);

    g_assert_true (xp_project_add_evaluator (p, e, NULL));
    g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, XP_DEC_NONE);
  }
}

/* ------------------------------------------------------ format version 2 */

/* A version 1 file as Xingping 1 wrote it: no who/when, no audit. */
static char *
version1_text (void)
{
  g_autofree char *text = canonical_text ();
  const char *meta = strstr (text, ",\n  \"deductions\"");
  g_autofree char *head = g_strndup (text, meta - text);
  g_autofree char *v1 = mutate (head, NULL, "\"version\": 3", "\"version\": 1", NULL);

  return g_strconcat (v1, "\n}\n", NULL);
}

static void
test_version1 (void)
{
  g_autofree char *v1 = version1_text ();
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = load_text (v1, -1, &error);
  g_autoptr(XpProject) sample = sample_project ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XpProject) q = NULL;
  const char *by = "untouched";
  gint64 at = -1;
  const char *text;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (v1, "\"version\": 1,"));
  g_assert_null (strstr (v1, "score_meta"));
  /* every score as in the sample; who and when unknown */
  g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D2.1"), ==, dec ("17.75"));
  g_assert_cmpint (xp_project_get_score (p, "b2", "e2", "D2.1"), ==, dec ("19.25"));
  g_assert_false (xp_project_get_score_meta (p, "b1", "e1", "D2.1", &by, &at));
  g_assert_cmpstr (by, ==, "untouched");
  g_assert_cmpint (at, ==, -1);
  g_assert_cmpuint (xp_project_get_n_audit_entries (p), ==, 0);
  g_assert_false (xp_project_is_sealed (p));

  /* saved as version 3; the unknown stays unknown, nothing is invented */
  bytes = xp_project_to_bytes (p);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text, "\"version\": 3,"));
  g_assert_nonnull (strstr (text, "\"score_meta\": {},\n  \"audit\": []\n}\n"));
  q = xp_project_new_from_bytes (bytes, "v3", &error);
  g_assert_no_error (error);
  g_assert_false (xp_project_get_score_meta (q, "b1", "e1", "D2.1", NULL, NULL));

  /* a change after loading is stamped */
  xp_project_set_actor (q, "王五");
  xp_project_set_now (q, T0 + 7200);
  set (q, "b1", "e1", "D2.1", "18");
  g_assert_true (xp_project_get_score_meta (q, "b1", "e1", "D2.1", &by, &at));
  g_assert_cmpstr (by, ==, "王五");
  g_assert_cmpint (at, ==, T0 + 7200);

  /* the bundled sample is a version 1 file and still opens */
  {
    g_autofree char *path = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), "data", "examples",
                                              "sample.xingping", NULL);
    g_autoptr(XpProject) s1 = xp_project_new_from_file (path, &error);

    g_assert_no_error (error);
    g_assert_nonnull (s1);
  }
}

static void
test_version3 (void)
{
  g_autoptr(XpProject) p = sample_project ();
  g_autoptr(GBytes) first = xp_project_to_bytes (p);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) q = xp_project_new_from_bytes (first, "first", &error);
  g_autoptr(GBytes) second = NULL;
  const char *by = NULL;
  gint64 at = 0;

  g_assert_no_error (error);
  second = xp_project_to_bytes (q);
  g_assert_true (g_bytes_equal (first, second));

  /* scores keep the v1 shape; who and when follow from the audit log,
   * whose rows group the changes made together */
  g_assert_nonnull (strstr (g_bytes_get_data (first, NULL),
                            "\"scores\": {\n    \"b1\": {\n      \"e1\": { \"D1.1\": 4.5, \"D2.1\": 17.75, \"B1\": 1.5 },"));
  g_assert_nonnull (strstr (g_bytes_get_data (first, NULL), "\"score_meta\": {},\n"));
  g_assert_nonnull (strstr (g_bytes_get_data (first, NULL),
                            "    [\"2026-11-24T08:00:00Z\", \"张三\", \"set\", \"b1\", \"e1\", \"D1.1\", 4.5, \"D2.1\", 17.75, \"B1\", 1.5],\n"
                            "    [\"2026-11-24T08:01:30Z\", \"李四 \\\"Li\\\"\", \"set\", \"b1\", \"e2\", \"D1.1\", 10],\n"));
  g_assert_true (xp_project_get_score_meta (q, "b1", "e2", "D1.1", &by, &at));
  g_assert_cmpstr (by, ==, "李四 \"Li\"");
  g_assert_cmpint (at, ==, T0 + 90);
  g_assert_true (xp_project_get_score_meta (q, "b1", "e1", "D1.1", &by, &at));
  g_assert_cmpstr (by, ==, "张三");
  g_assert_cmpint (at, ==, T0);
  g_assert_true (xp_project_get_score_meta (q, "b2", "e1", "D1.2", &by, &at));
  g_assert_cmpint (at, ==, T0 + 3600);
  g_assert_false (xp_project_get_score_meta (q, "b1", "e2", "B1", &by, &at));

  /* a time zone other than Z is the same instant, written back in Z */
  {
    g_autofree char *text = g_strndup (g_bytes_get_data (first, NULL), g_bytes_get_size (first));
    g_autofree char *ok = mutate (text, "\"audit\"", "2026-11-24T08:01:30Z", "2026-11-24T16:01:30+08:00", NULL);
    g_autoptr(XpProject) r = load_text (ok, -1, &error);
    g_autoptr(GBytes) again = NULL;

    g_assert_no_error (error);
    g_assert_true (xp_project_get_score_meta (r, "b1", "e2", "D1.1", NULL, &at));
    g_assert_cmpint (at, ==, T0 + 90);
    again = xp_project_to_bytes (r);
    g_assert_true (g_bytes_equal (again, first));
  }

  /* clearing a score forgets who entered it (the audit keeps it) */
  g_assert_true (xp_project_set_score (q, "b1", "e2", "D1.1", XP_DEC_NONE, &error));
  g_assert_false (xp_project_get_score_meta (q, "b1", "e2", "D1.1", &by, &at));

  /* merging keeps who entered a score elsewhere, and when */
  g_assert_true (xp_project_set_score_full (q, "b1", "e2", "D1.1", dec ("8"), "赵六", T0 - 86400, &error));
  g_assert_no_error (error);
  g_assert_true (xp_project_get_score_meta (q, "b1", "e2", "D1.1", &by, &at));
  g_assert_cmpstr (by, ==, "赵六");
  g_assert_cmpint (at, ==, T0 - 86400);
  /* the same value again only updates who/when */
  g_assert_true (xp_project_set_score_full (q, "b1", "e2", "D1.1", dec ("8"), NULL, T0 - 3600, &error));
  g_assert_true (xp_project_get_score_meta (q, "b1", "e2", "D1.1", &by, &at));
  g_assert_null (by);
  g_assert_cmpint (at, ==, T0 - 3600);
  /* checked like any score */
  g_assert_false (xp_project_set_score_full (q, "b1", "e2", "D1.1", dec ("8.25"), "赵六", T0, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_INVALID);
  g_clear_error (&error);

  /* who/when that the log does not imply is written out, and only that:
   * a merged score's (above) and an unknown one (null) */
  g_assert_true (xp_project_set_score_full (q, "b2", "e1", "D1.1", dec ("3"), NULL, 0, &error));
  g_assert_false (xp_project_get_score_meta (q, "b2", "e1", "D1.1", NULL, NULL));
  {
    g_autoptr(GBytes) third = xp_project_to_bytes (q);
    g_autoptr(XpProject) r = xp_project_new_from_bytes (third, "third", &error);
    g_autoptr(GBytes) fourth = NULL;
    const char *text = g_bytes_get_data (third, NULL);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (text,
                              "  \"score_meta\": {\n"
                              "    \"b1\": {\n"
                              "      \"e2\": { \"D1.1\": { \"at\": \"2026-11-24T07:00:00Z\" } }\n"
                              "    },\n"
                              "    \"b2\": {\n"
                              "      \"e1\": { \"D1.1\": null }\n"
                              "    }\n"
                              "  },\n"));
    g_assert_true (xp_project_get_score_meta (r, "b1", "e2", "D1.1", &by, &at));
    g_assert_null (by);
    g_assert_cmpint (at, ==, T0 - 3600);
    g_assert_false (xp_project_get_score_meta (r, "b2", "e1", "D1.1", NULL, NULL));
    /* the rest still follows from the log */
    g_assert_true (xp_project_get_score_meta (r, "b2", "e1", "D1.2", &by, &at));
    g_assert_cmpstr (by, ==, "张三");
    g_assert_cmpint (at, ==, T0 + 3600);
    fourth = xp_project_to_bytes (r);
    g_assert_true (g_bytes_equal (third, fourth));
  }
}

static char *
fixture_text (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  return text;
}

/* Asserts that @a and @b hold the same scores and know the same who/when
 * for every one; returns how many who/whens are known. */
static guint
same_meta (XpProject *a,
           XpProject *b)
{
  GListModel *branches = xp_project_get_branches (a);
  GListModel *evaluators = xp_project_get_evaluators (a);
  XpCriteria *criteria = xp_project_get_criteria (a);
  guint n_known = 0;

  for (guint i = 0; i < g_list_model_get_n_items (branches); i++)
    for (guint j = 0; j < g_list_model_get_n_items (evaluators); j++)
      for (guint k = 0; k < xp_criteria_get_n_items (criteria); k++)
        {
          g_autoptr(XpBranch) branch = g_list_model_get_item (branches, i);
          g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, j);
          const char *bid = xp_branch_get_id (branch);
          const char *eid = xp_evaluator_get_id (evaluator);
          const char *iid = xp_item_get_id (xp_criteria_get_item (criteria, k));
          const char *by_a = NULL, *by_b = NULL;
          gint64 at_a = 0, at_b = 0;
          gboolean known = xp_project_get_score_meta (a, bid, eid, iid, &by_a, &at_a);

          g_assert_cmpint (xp_project_get_score (a, bid, eid, iid), ==, xp_project_get_score (b, bid, eid, iid));
          g_assert_cmpint (known, ==, xp_project_get_score_meta (b, bid, eid, iid, &by_b, &at_b));
          g_assert_cmpstr (by_a, ==, by_b);
          g_assert_cmpint (at_a, ==, at_b);
          n_known += known;
        }
  return n_known;
}

static void
assert_same_meta (XpProject *a,
                  XpProject *b)
{
  g_assert_cmpuint (same_meta (a, b), >, 0);
}

static void
assert_same_audit (XpProject *p,
                   XpProject *q)
{
  g_assert_cmpuint (xp_project_get_n_audit_entries (p), ==, xp_project_get_n_audit_entries (q));
  for (guint i = 0; i < xp_project_get_n_audit_entries (p); i++)
    {
      const XpAuditEntry *a = xp_project_get_audit_entry (p, i);
      const XpAuditEntry *b = xp_project_get_audit_entry (q, i);

      g_assert_cmpint (a->action, ==, b->action);
      g_assert_cmpint (a->at, ==, b->at);
      g_assert_cmpstr (a->by, ==, b->by);
      g_assert_cmpstr (a->branch_id, ==, b->branch_id);
      g_assert_cmpstr (a->evaluator_id, ==, b->evaluator_id);
      g_assert_cmpstr (a->item_id, ==, b->item_id);
      g_assert_cmpint (a->old_value, ==, b->old_value);
      g_assert_cmpint (a->new_value, ==, b->new_value);
      g_assert_cmpstr (a->reason, ==, b->reason);
    }
}

/* tests/data/project-io-v2.xingping: the sample as format version 2
 * wrote it (audit entries as objects, every who/when written out).  It
 * reads to the same project and saves as the sample's version 3 text:
 * the who/when the log implies equals the one version 2 wrote. */
static void
test_version2 (void)
{
  g_autofree char *v2 = fixture_text ("project-io-v2.xingping");
  g_autofree char *v3 = canonical_text ();
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = load_text (v2, -1, &error);
  g_autoptr(XpProject) q = NULL;
  g_autoptr(GBytes) bytes = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (v2, "\"version\": 2,"));
  g_assert_nonnull (strstr (v2, "\"action\": \"set\""));
  q = load_text (v3, -1, &error);
  g_assert_no_error (error);
  assert_same_meta (p, q);
  assert_same_meta (q, p);
  g_assert_cmpuint (xp_project_get_n_audit_entries (p), >, 0);
  assert_same_audit (p, q);
  bytes = xp_project_to_bytes (p);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, v3);
}

/* Every project file in tests/data and the merge fuzzer's seeds
 * (versions 1, 2 and 3): saved as version 3, it reads back to the same
 * scores, who/whens, log and seal, and saves again byte for byte the
 * same. */
static void
test_fixtures_round_trip (void)
{
  const char *dirs[][2] = {
    { "data", NULL }, { "fuzz", "merge-seeds" },
  };
  guint n_files = 0;

  for (guint d = 0; d < G_N_ELEMENTS (dirs); d++)
    {
      g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, dirs[d][0], dirs[d][1], NULL);
      g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
      const char *name;

      g_assert_nonnull (dir);
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir_path, name, NULL);
          g_autoptr(GError) error = NULL;
          g_autoptr(XpProject) p = NULL;
          g_autoptr(XpProject) q = NULL;
          g_autoptr(GBytes) first = NULL;
          g_autoptr(GBytes) second = NULL;

          if (!g_str_has_suffix (name, ".xingping"))
            continue;
          g_test_message ("%s", path);
          p = xp_project_new_from_file (path, &error);
          g_assert_no_error (error);
          first = xp_project_to_bytes (p);
          g_assert_nonnull (strstr (g_bytes_get_data (first, NULL), "\"version\": 3,"));
          q = xp_project_new_from_bytes (first, name, &error);
          g_assert_no_error (error);
          same_meta (p, q);
          same_meta (q, p);
          assert_same_audit (p, q);
          g_assert_cmpint (xp_project_is_sealed (p), ==, xp_project_is_sealed (q));
          second = xp_project_to_bytes (q);
          g_assert_true (g_bytes_equal (first, second));
          n_files++;
        }
    }
  g_assert_cmpuint (n_files, >=, 6);
}

/* The sample's version 3 text with every who/when written out as well
 * (what version 2 wrote): redundant, but allowed. */
static char *
explicit_meta_text (void)
{
  g_autofree char *v2 = fixture_text ("project-io-v2.xingping");
  g_autofree char *v3 = canonical_text ();
  const char *start = strstr (v2, "  \"score_meta\": {\n");
  const char *end = strstr (start, "\n  },\n") + strlen ("\n  },\n");
  g_autofree char *meta = g_strndup (start, end - start);

  return mutate (v3, NULL, "  \"score_meta\": {},\n", meta, NULL);
}

static void
test_explicit_meta (void)
{
  g_autofree char *text = explicit_meta_text ();
  g_autofree char *v3 = canonical_text ();
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = load_text (text, -1, &error);
  g_autoptr(XpProject) q = NULL;
  g_autoptr(GBytes) bytes = NULL;
  int line;

  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "\"by\": \"李四"));
  q = load_text (v3, -1, &error);
  g_assert_no_error (error);
  assert_same_meta (p, q);
  /* saved, the entries that say what the log says are left out */
  bytes = xp_project_to_bytes (p);
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, v3);

  {
    /* an explicit entry wins over the log */
    g_autofree char *other = mutate (text, "\"score_meta\"", "\"by\": \"张三\"", "\"by\": \"赵六\"", NULL);
    g_autoptr(XpProject) r = load_text (other, -1, &error);
    const char *by = NULL;

    g_assert_no_error (error);
    g_assert_true (xp_project_get_score_meta (r, "b1", "e1", "D1.1", &by, NULL));
    g_assert_cmpstr (by, ==, "赵六");
  }
  {
    /* null: unknown, though the log names someone */
    g_autofree char *other = mutate (text, "\"score_meta\"", "{ \"by\": \"张三\", \"at\": \"2026-11-24T08:00:00Z\" }", "null", NULL);
    g_autoptr(XpProject) r = load_text (other, -1, &error);

    g_assert_no_error (error);
    g_assert_false (xp_project_get_score_meta (r, "b1", "e1", "D1.1", NULL, NULL));
    g_assert_true (xp_project_get_score_meta (r, "b1", "e1", "D2.1", NULL, NULL));
  }
  {
    /* null for an unscored item is refused like any entry */
    g_autofree char *other = mutate (text, "\"score_meta\"", "\"B1\": { \"by\": \"张三\", \"at\": \"2026-11-24T08:00:00Z\" }", "\"D1.2\": null", &line);
    expect_failure (other, line, "b1", "e1", "D1.2", "no score", NULL);
  }
}



static void
test_version_newer (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    g_autofree char *bad = mutate (text, NULL, "\"version\": 3", "\"version\": 4", &line);
    expect_failure (bad, line, "version 4", "made by a newer Xingping", "versions 1 to 3", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"version\": 3", "\"version\": 2000000", &line);
    expect_failure (bad, line, "version", NULL);
  }
  {
    g_autofree char *bad = mutate (text, NULL, "\"version\": 3", "\"version\": 0", &line);
    expect_failure (bad, line, "version", NULL);
  }
}

static void
test_error_meta (void)
{
  g_autofree char *text = explicit_meta_text ();
  int line;

  {
    /* who/when for an unscored item */
    g_autofree char *bad = mutate (text, "\"score_meta\"", "\"B1\"", "\"D1.2\"", &line);
    expect_failure (bad, line, "b1", "e1", "D1.2", "no score", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"score_meta\"", "\"b1\"", "\"b9\"", &line);
    expect_failure (bad, line, "score_meta", "b9", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"score_meta\"", "2026-11-24T08:01:30Z", "yesterday", &line);
    expect_failure (bad, line, "b1", "e2", "D1.1", "yesterday", "2026-11-24T08:00:00Z", NULL);
  }
  {
    /* a local time without a zone is ambiguous */
    g_autofree char *bad = mutate (text, "\"score_meta\"", "2026-11-24T08:01:30Z", "2026-11-24T08:01:30", &line);
    expect_failure (bad, line, "b1", "e2", "D1.1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"score_meta\"", "\"by\": \"张三\"", "\"by\": 7", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "by", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"score_meta\"", "{ \"by\": \"张三\", \"at\": \"2026-11-24T08:00:00Z\" }", "{}", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", NULL);
  }
  {
    g_autofree char *bad = mutate (text, "\"score_meta\"", "{ \"by\": \"张三\", \"at\": \"2026-11-24T08:00:00Z\" }", "\"张三\"", &line);
    expect_failure (bad, line, "b1", "e1", "D1.1", "string", NULL);
  }
}

/* JSON string escapes: read exactly, written back canonically. */
static void
test_escapes (void)
{
  g_autofree char *text = canonical_text ();
  int line;

  {
    /* \u escapes, a surrogate pair and a control character in a note */
    g_autofree char *ok = mutate (text, "\"notes\"", "\"good\"",
                                  "\"\\u661f\\ud83d\\ude00\\u0001\\/\\b\"", NULL);
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p = load_text (ok, -1, &error);
    g_autoptr(GBytes) again = NULL;
    g_autoptr(XpProject) q = NULL;

    g_assert_no_error (error);
    g_assert_cmpstr (xp_project_get_note (p, "b2", "e2", "D2.1"), ==, "星\xf0\x9f\x98\x80\x01/\b");
    again = xp_project_to_bytes (p);
    q = xp_project_new_from_bytes (again, "again", &error);
    g_assert_no_error (error);
    g_assert_cmpstr (xp_project_get_note (q, "b2", "e2", "D2.1"), ==, "星\xf0\x9f\x98\x80\x01/\b");
  }
  {
    /* a lone surrogate is not a character */
    g_autofree char *bad = mutate (text, "\"notes\"", "\"good\"", "\"\\ud800x\"", &line);
    expect_failure (bad, line, NULL);
  }
  {
    /* a raw control character inside a string */
    g_autofree char *bad = mutate (text, "\"notes\"", "\"good\"", "\"a\tb\"", &line);
    expect_failure (bad, line, NULL);
  }
}

/* Random damage never crashes the loader nor yields a project that does
 * not survive its own round trip. */
static void
test_random_damage (void)
{
  g_autofree char *text = canonical_text ();
  gsize len = strlen (text);
  GRand *rand = g_rand_new_with_seed (20261124);
  guint n_loaded = 0;
  static const char bytes[] = "{}[]\",:0123456789.-eE \n\\tfnul\x80\xff";

  for (guint i = 0; i < 3000; i++)
    {
      g_autofree char *bad = g_strdup (text);
      gsize at = g_rand_int_range (rand, 0, len);
      gsize cut = len;
      g_autoptr(GError) error = NULL;
      g_autoptr(XpProject) p = NULL;

      switch (g_rand_int_range (rand, 0, 3))
        {
        case 0:
          bad[at] = bytes[g_rand_int_range (rand, 0, sizeof bytes - 1)];
          break;
        case 1:
          cut = at;
          break;
        default:
          memmove (bad + at, bad + at + 1, len - at);
          cut = len - 1;
          break;
        }
      p = load_text (bad, cut, &error);
      g_assert_true ((p == NULL) != (error == NULL));
      if (p != NULL)
        {
          g_autoptr(GBytes) once = xp_project_to_bytes (p);
          g_autoptr(XpProject) q = xp_project_new_from_bytes (once, "once", &error);
          g_autoptr(GBytes) twice = NULL;

          g_assert_no_error (error);
          twice = xp_project_to_bytes (q);
          g_assert_true (g_bytes_equal (once, twice));
          n_loaded++;
        }
      else
        g_assert_true (g_str_has_prefix (error->message, "p.xingping"));
    }
  g_test_message ("%u of 3000 damaged files still loaded", n_loaded);
  g_rand_free (rand);
}

static void
test_error_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-io-XXXXXX", &error);
  g_autofree char *empty = g_build_filename (dir, "empty.xingping", NULL);
  g_autofree char *missing = g_build_filename (dir, "missing.xingping", NULL);
  XpProject *p;

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (empty, "", 0, NULL));

  p = xp_project_new_from_file (empty, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "empty.xingping"));
  g_clear_error (&error);

  p = xp_project_new_from_file (dir, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  p = xp_project_new_from_file (missing, &error);
  g_assert_null (p);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "missing.xingping"));
  g_clear_error (&error);

  g_unlink (empty);
  g_rmdir (dir);
}

/* ------------------------------------------------------------ atomic save */

static XpProject *
new_version (void)
{
  XpProject *p = sample_project ();

  xp_project_set_title (p, "新版本");
  set (p, "b2", "e1", "D2.1", "20");
  xp_project_set_note (p, "b2", "e1", "D2.1", "满分");
  return p;
}

/* The child: save the new version over @path, with whatever
 * XINGPING_SAVE_ABORT_AT the parent set. */
static int
save_child (const char *path)
{
  g_autoptr(XpProject) p = new_version ();
  g_autoptr(GError) error = NULL;

  if (!xp_project_save_to_file (p, path, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  return 0;
}

static GBytes *
load_and_serialise (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_file (path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (p);
  return xp_project_to_bytes (p);
}

static void
test_atomic_save (void)
{
  g_autoptr(XpProject) old = sample_project ();
  g_autoptr(XpProject) newer = new_version ();
  g_autoptr(GBytes) old_bytes = xp_project_to_bytes (old);
  g_autoptr(GBytes) new_bytes = xp_project_to_bytes (newer);
  guint n_old = 0, n_new = 0, n_interrupted = 0;
  int n;

  g_assert_false (g_bytes_equal (old_bytes, new_bytes));

  for (n = 1; n < 100; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("xp-save-XXXXXX", &error);
      g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
      g_autofree char *backup = g_strconcat (path, "~", NULL);
      g_autofree char *abort_at = g_strdup_printf ("%d", n);
      const char *argv[] = { self_exe, "--save-child", path, NULL };
      g_auto(GStrv) envp = g_get_environ ();
      g_autofree char *err = NULL;
      g_autoptr(GBytes) on_disk = NULL;
      int status = 0;

      g_assert_no_error (error);
      /* an existing file, saved twice so it already has a backup */
      g_assert_true (xp_project_save_to_file (old, path, &error));
      g_assert_true (xp_project_save_to_file (old, path, &error));
      g_assert_no_error (error);

      envp = g_environ_setenv (envp, "XINGPING_SAVE_ABORT_AT", abort_at, TRUE);
      g_assert_true (g_spawn_sync (NULL, (char **) argv, envp, G_SPAWN_DEFAULT,
                                   NULL, NULL, NULL, &err, &status, &error));
      g_assert_no_error (error);

      on_disk = load_and_serialise (path);
      if (g_bytes_equal (on_disk, old_bytes))
        n_old++;
      else if (g_bytes_equal (on_disk, new_bytes))
        n_new++;
      else
        g_error ("step %d: the file is neither the old nor the new project", n);

      if (g_file_test (backup, G_FILE_TEST_EXISTS))
        {
          g_autoptr(GBytes) b = load_and_serialise (backup);

          g_assert_true (g_bytes_equal (b, old_bytes) || g_bytes_equal (b, new_bytes));
          /* after a complete save the backup is the previous file */
          if (g_spawn_check_wait_status (status, NULL))
            g_assert_true (g_bytes_equal (b, old_bytes));
        }
      else
        g_assert_false (g_spawn_check_wait_status (status, NULL));

      /* clean up, whatever the child left */
      {
        GDir *d = g_dir_open (dir, 0, NULL);
        const char *name;

        while ((name = g_dir_read_name (d)) != NULL)
          {
            g_autofree char *f = g_build_filename (dir, name, NULL);
            g_unlink (f);
          }
        g_dir_close (d);
        g_rmdir (dir);
      }

      if (g_spawn_check_wait_status (status, NULL))
        {
          /* the save ran to its end: the new content is there */
          g_assert_true (g_bytes_equal (on_disk, new_bytes));
          break;
        }
      g_assert_true (WIFEXITED (status));
      g_assert_cmpint (WEXITSTATUS (status), ==, 99);
      g_assert_nonnull (strstr (err, "interrupted"));
      n_interrupted++;
    }

  g_test_message ("%u interrupted saves: %u left the old file, %u the new", n_interrupted, n_old, n_new);
  g_assert_cmpint (n, <, 100);
  g_assert_cmpuint (n_interrupted, >=, 4);
  g_assert_cmpuint (n_old, >=, 1);
  g_assert_cmpuint (n_new, >=, 1);   /* the run that completed */
}

/* A file reached through the Flatpak document portal: only the chosen
 * file can be replaced there (a sibling would be a hidden .xdp-* file on
 * the host), so the backup goes to the user data folder instead. */
static void
test_save_document_portal (void)
{
  g_autoptr(XpProject) old = sample_project ();
  g_autoptr(XpProject) newer = new_version ();
  g_autoptr(GError) error = NULL;
  g_autofree char *root = g_dir_make_tmp ("xp-doc-XXXXXX", &error);
  g_autofree char *doc_dir = g_build_filename (root, "doc", "1a2b3c4d", NULL);
  g_autofree char *path = g_build_filename (doc_dir, "评分.xingping", NULL);
  g_autofree char *portal = g_build_filename (root, "doc", NULL);
  g_autofree char *outside = g_build_filename (root, "elsewhere.xingping", NULL);
  g_autofree char *backup = NULL;
  g_autofree char *outside_backup = NULL;
  g_autofree char *data_dir = NULL;
  g_autoptr(XpProject) reloaded = NULL;
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (doc_dir, 0700), ==, 0);
  g_setenv ("XINGPING_DOCUMENT_PORTAL_DIR", portal, TRUE);

  backup = xp_project_backup_path (path);
  data_dir = g_build_filename (g_get_user_data_dir (), "xingping", "backups", NULL);
  g_assert_true (g_str_has_prefix (backup, data_dir));
  g_assert_true (g_str_has_suffix (backup, "-评分.xingping~"));
  outside_backup = xp_project_backup_path (outside);
  g_assert_true (g_str_has_suffix (outside_backup, "elsewhere.xingping~"));
  g_assert_true (g_str_has_prefix (outside_backup, root));

  /* Saved twice: the second save keeps the first version, loadable, in
   * the data folder; nothing but the file itself is in the portal folder. */
  g_unlink (backup);
  g_assert_true (xp_project_save_to_file (old, path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (backup, G_FILE_TEST_EXISTS));
  g_assert_true (xp_project_save_to_file (newer, path, &error));
  g_assert_no_error (error);
  reloaded = xp_project_new_from_file (backup, &error);
  g_assert_no_error (error);
  {
    g_autoptr(GBytes) old_bytes = xp_project_to_bytes (old);
    g_autofree char *kept = NULL;
    gsize kept_len = 0;

    g_assert_true (g_file_get_contents (backup, &kept, &kept_len, NULL));
    g_assert_cmpmem (kept, kept_len, g_bytes_get_data (old_bytes, NULL), g_bytes_get_size (old_bytes));
  }
  listing = g_dir_open (doc_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_assert_cmpstr (name, ==, "评分.xingping");

  g_unsetenv ("XINGPING_DOCUMENT_PORTAL_DIR");
  g_unlink (backup);
  g_unlink (path);
  g_rmdir (doc_dir);
  g_rmdir (portal);
  g_rmdir (root);
}

static void
test_save_read_only (void)
{
  g_autoptr(XpProject) old = sample_project ();
  g_autoptr(XpProject) newer = new_version ();
  g_autoptr(GBytes) old_bytes = xp_project_to_bytes (old);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xp-ro-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "p.xingping", NULL);
  g_autofree char *probe = g_build_filename (dir, "probe", NULL);
  g_autofree char *nodir = g_build_filename (dir, "no-such-dir", "p.xingping", NULL);
  g_autoptr(GBytes) on_disk = NULL;
  gboolean writable;

  g_assert_no_error (error);
  g_assert_true (xp_project_save_to_file (old, path, &error));
  g_assert_no_error (error);

  /* a folder that does not exist */
  g_assert_false (xp_project_save_to_file (newer, nodir, &error));
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "no-such-dir"));
  g_clear_error (&error);

  /* the path is a folder */
  g_assert_false (xp_project_save_to_file (newer, dir, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (dir, 0555), ==, 0);
  writable = g_file_set_contents (probe, "x", 1, NULL);
  if (writable)
    {
      /* Root writes anywhere: save from a child that drops to nobody,
       * for whom the folder is read-only.  The child reports through its
       * exit status: 0 the save failed with a message naming the file,
       * 3 it succeeded, 4 it failed without naming the file. */
      pid_t pid;
      int status = 0;

      g_unlink (probe);
      pid = fork ();
      g_assert_cmpint (pid, >=, 0);
      if (pid == 0)
        {
          GError *child_error = NULL;

          if (setgid (65534) != 0 || setuid (65534) != 0)
            _exit (5);
          if (xp_project_save_to_file (newer, path, &child_error))
            _exit (3);
          g_printerr ("# %s\n", child_error->message);
          _exit (strstr (child_error->message, path) ? 0 : 4);
        }
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      g_assert_true (WIFEXITED (status));
      if (WEXITSTATUS (status) == 5)
        {
          g_chmod (dir, 0755);
          g_unlink (path);
          g_rmdir (dir);
          g_test_skip ("cannot drop root privileges here");
          return;
        }
      g_assert_cmpint (WEXITSTATUS (status), ==, 0);
    }
  else
    {
      g_assert_false (xp_project_save_to_file (newer, path, &error));
      g_assert_nonnull (error);
      g_assert_nonnull (strstr (error->message, path));
    }
  on_disk = load_and_serialise (path);
  g_assert_true (g_bytes_equal (on_disk, old_bytes));

  g_chmod (dir, 0755);
  g_unlink (path);
  g_rmdir (dir);
}

/* A snapshot ranks exactly like its project, keeps the facts and scores
 * (not the notes or the history), and does not follow later edits. */
static void
test_snapshot (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), "data", "examples",
                                            "sample.xingping", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_file (path, &error);
  g_autoptr(XpProject) snap = NULL;
  g_autoptr(XpRanking) rp = NULL;
  g_autoptr(XpRanking) rs = NULL;
  g_autoptr(GDateTime) when = g_date_time_new_utc (2026, 11, 24, 12, 0, 0);
  g_autofree char *json_p = NULL;
  g_autofree char *json_s = NULL;
  g_autofree char *json_after = NULL;
  GListModel *bp, *bs;

  g_assert_no_error (error);
  xp_project_set_note (p, "b001", "e1", "D1.1", "记录完整");
  snap = xp_project_snapshot (p);
  /* the same criteria, in objects of its own (another thread reads them) */
  g_assert_true (xp_project_get_criteria (snap) != xp_project_get_criteria (p));
  g_assert_cmpstr (xp_criteria_get_sha256 (xp_project_get_criteria (snap)), ==,
                   xp_criteria_get_sha256 (xp_project_get_criteria (p)));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_evaluators (snap)), ==,
                    g_list_model_get_n_items (xp_project_get_evaluators (p)));
  bp = xp_project_get_branches (p);
  bs = xp_project_get_branches (snap);
  g_assert_cmpuint (g_list_model_get_n_items (bs), ==, g_list_model_get_n_items (bp));
  for (guint i = 0; i < g_list_model_get_n_items (bp); i++)
    {
      g_autoptr(XpBranch) a = g_list_model_get_item (bp, i);
      g_autoptr(XpBranch) b = g_list_model_get_item (bs, i);

      g_assert_true (a != b);
      g_assert_cmpstr (xp_branch_get_id (a), ==, xp_branch_get_id (b));
      g_assert_cmpstr (xp_branch_get_name (a), ==, xp_branch_get_name (b));
      g_assert_cmpstr (xp_branch_get_category (a), ==, xp_branch_get_category (b));
      g_assert_true (g_strv_equal ((const char * const *) xp_branch_get_vetoes (a),
                                   (const char * const *) xp_branch_get_vetoes (b)));
    }
  g_assert_null (xp_project_get_note (snap, "b001", "e1", "D1.1"));
  g_assert_cmpuint (xp_project_get_n_audit_entries (snap), ==, 0);

  rp = xp_ranking_new (p);
  rs = xp_ranking_new (snap);
  json_p = xp_ranking_to_json (rp, when);
  json_s = xp_ranking_to_json (rs, when);
  g_assert_cmpstr (json_s, ==, json_p);

  /* the project moves on; the snapshot stays */
  g_assert_true (xp_project_set_score (p, "b001", "e1", "D1.1", 0, &error));
  g_assert_no_error (error);
  g_assert_cmpint (xp_project_get_score (snap, "b001", "e1", "D1.1"), !=, 0);
  json_after = xp_ranking_to_json (rs, when);
  g_assert_cmpstr (json_after, ==, json_s);
}

static void
collect_progress_cb (double   fraction,
                     gpointer user_data)
{
  g_array_append_val ((GArray *) user_data, fraction);
}

/* Opening reports how far it has come: rising, through both the parsing
 * and the building, ending at 1 — and never reaching 1 when it fails. */
static void
test_load_progress (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("XINGPING_SOURCE_ROOT"), "data", "examples",
                                            "sample.xingping", NULL);
  g_autofree char *tmpdir = g_dir_make_tmp ("xp-progress-XXXXXX", NULL);
  g_autofree char *damaged = g_build_filename (tmpdir, "damaged.xingping", NULL);
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = NULL;
  g_autofree char *text = NULL;
  gsize len;
  gboolean parsing = FALSE, building = FALSE;

  p = xp_project_new_from_file_full (path, collect_progress_cb, seen, &error);
  g_assert_no_error (error);
  g_assert_nonnull (p);
  g_assert_cmpuint (seen->len, >=, 10);
  g_assert_cmpuint (seen->len, <=, 200);
  for (guint i = 0; i < seen->len; i++)
    {
      double f = g_array_index (seen, double, i);

      g_assert_cmpfloat (f, >=, 0);
      g_assert_cmpfloat (f, <=, 1);
      if (i > 0)
        g_assert_cmpfloat (f, >=, g_array_index (seen, double, i - 1));
      parsing |= f > 0.1 && f < 0.55;
      building |= f > 0.65 && f < 0.95;
    }
  g_assert_true (parsing);
  g_assert_true (building);
  g_assert_cmpfloat (g_array_index (seen, double, seen->len - 1), ==, 1.0);

  /* cut off near the end: the parse fails late, after many reports */
  g_assert_true (g_file_get_contents (path, &text, &len, NULL));
  g_assert_true (g_file_set_contents (damaged, text, len * 9 / 10, NULL));
  g_array_set_size (seen, 0);
  g_clear_object (&p);
  p = xp_project_new_from_file_full (damaged, collect_progress_cb, seen, &error);
  g_assert_null (p);
  g_assert_error (error, XP_ERROR, XP_ERROR_PARSE);
  g_assert_cmpuint (seen->len, >, 0);
  for (guint i = 0; i < seen->len; i++)
    g_assert_cmpfloat (g_array_index (seen, double, i), <, 1.0);
  g_unlink (damaged);
  g_rmdir (tmpdir);
}

int
main (int    argc,
      char **argv)
{
  self_exe = argv[0];
  if (argc == 3 && strcmp (argv[1], "--save-child") == 0)
    return save_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/project-io/round-trip", test_round_trip);
  g_test_add_func ("/project-io/errors/unknown-ids", test_error_unknown_ids);
  g_test_add_func ("/project-io/errors/values", test_error_values);
  g_test_add_func ("/project-io/errors/structure", test_error_structure);
  g_test_add_func ("/project-io/errors/files", test_error_files);
  g_test_add_func ("/project-io/errors/deductions", test_error_deductions);
  g_test_add_func ("/project-io/deductions/api", test_deductions_api);
  g_test_add_func ("/project-io/remove-evaluator", test_remove_evaluator);
  g_test_add_func ("/project-io/v2/version-1-loads", test_version1);
  g_test_add_func ("/project-io/v2/version-2-loads", test_version2);
  g_test_add_func ("/project-io/v3/round-trip", test_version3);
  g_test_add_func ("/project-io/v3/explicit-meta", test_explicit_meta);
  g_test_add_func ("/project-io/v3/fixtures-round-trip", test_fixtures_round_trip);
  g_test_add_func ("/project-io/v2/newer-refused", test_version_newer);
  g_test_add_func ("/project-io/errors/score-meta", test_error_meta);
  g_test_add_func ("/project-io/escapes", test_escapes);
  g_test_add_func ("/project-io/random-damage", test_random_damage);
  g_test_add_func ("/project-io/save/atomic", test_atomic_save);
  g_test_add_func ("/project-io/save/read-only", test_save_read_only);
  g_test_add_func ("/project-io/save/document-portal", test_save_document_portal);
  g_test_add_func ("/project-io/snapshot", test_snapshot);
  g_test_add_func ("/project-io/load-progress", test_load_progress);

  return g_test_run ();
}
