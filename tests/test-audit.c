/* test-audit.c — who and when, the audit log and sealing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected entry below is written out by hand from the sequence of
 * changes the test makes, with the actor and the clock it sets.
 */
#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-project.h"

/* 2026-11-24T08:00:00Z */
#define T0 G_GINT64_CONSTANT (1795507200)

#define CRITERIA_XML \
  "<?xml version='1.0' encoding='UTF-8'?>\n" \
  "<criteria xmlns='urn:xingping:criteria:1' id='audit' version='1'>\n" \
  "<title>t</title>\n" \
  "<categories><category id='standalone'><label>单独建</label></category></categories>\n" \
  "<dimension id='D1'><label>d1</label>\n" \
  "<item id='D1.1' max='10'><label>i</label>\n" \
  "<deduction points='1' per='each'>缺记录</deduction></item>\n" \
  "<item id='D1.2' max='5' step='0.25'><label>i</label></item>\n" \
  "</dimension>\n" \
  "<stars><star level='1' min='0'/></stars>\n" \
  "<grades><grade id='ok' min-stars='0'><label>ok</label></grade></grades>\n" \
  "</criteria>\n"

static XpDec
dec (const char *text)
{
  XpDec v = 0;

  g_assert_true (xp_dec_parse (text, -1, &v));
  return v;
}

static XpProject *
new_project (void)
{
  g_autoptr(GBytes) xml = g_bytes_new_static (CRITERIA_XML, strlen (CRITERIA_XML));
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = xp_criteria_new_from_bytes (xml, "audit.xml", &error);
  XpProject *p;

  g_assert_no_error (error);
  p = xp_project_new (criteria);
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("e%u", i);
      g_autoptr(XpEvaluator) e = xp_evaluator_new (id, id, XP_ROLE_GROUP);

      g_assert_true (xp_project_add_evaluator (p, e, &error));
    }
  for (guint i = 1; i <= 2; i++)
    {
      g_autofree char *id = g_strdup_printf ("b%u", i);
      g_autoptr(XpBranch) b = xp_branch_new (id);

      xp_branch_set_name (b, id);
      xp_branch_set_category (b, "standalone");
      g_assert_true (xp_project_add_branch (p, b, &error));
    }
  g_assert_no_error (error);
  return p;
}

static void
set (XpProject  *p,
     const char *b,
     const char *e,
     const char *item,
     const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (xp_project_set_score (p, b, e, item, value ? dec (value) : XP_DEC_NONE, &error));
  g_assert_no_error (error);
}

/* One line per entry: "TIME BY ACTION branch/evaluator/item old→new
 * (reason)", times as offsets from T0 in seconds. */
static char *
describe (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      const XpAuditEntry *e = g_ptr_array_index (entries, i);
      char o[XP_DEC_BUF_SIZE], n[XP_DEC_BUF_SIZE];

      g_string_append_printf (out, "+%" G_GINT64_FORMAT " %s %s", e->at - T0, e->by,
                              xp_audit_action_to_string (e->action));
      if (e->branch_id)
        g_string_append_printf (out, " %s/%s/%s %s→%s", e->branch_id, e->evaluator_id, e->item_id,
                                e->old_value == XP_DEC_NONE ? "-" : xp_dec_to_buf (e->old_value, o),
                                e->new_value == XP_DEC_NONE ? "-" : xp_dec_to_buf (e->new_value, n));
      if (e->reason)
        g_string_append_printf (out, " (%s)", e->reason);
      g_string_append_c (out, '\n');
    }
  return g_string_free (out, FALSE);
}

static char *
describe_all (XpProject  *p,
              const char *branch_id)
{
  g_autoptr(GPtrArray) entries = xp_project_list_audit (p, branch_id);

  return describe (entries);
}

static XpProject *
reload (XpProject *p)
{
  g_autoptr(GBytes) bytes = xp_project_to_bytes (p);
  g_autoptr(GError) error = NULL;
  XpProject *q = xp_project_new_from_bytes (bytes, "reload", &error);

  g_assert_no_error (error);
  return q;
}

/* ------------------------------------------------------------------ time */

static void
test_time (void)
{
  gint64 t = 0;
  g_autofree char *a = xp_time_to_iso8601 (T0);
  g_autofree char *b = xp_time_to_iso8601 (951782400);   /* a leap day */
  g_autofree char *c = xp_time_to_iso8601 (1);
  g_autofree char *d = xp_time_to_iso8601 (T0 + 86399);

  g_assert_cmpstr (a, ==, "2026-11-24T08:00:00Z");
  g_assert_cmpstr (b, ==, "2000-02-29T00:00:00Z");
  g_assert_cmpstr (c, ==, "1970-01-01T00:00:01Z");
  g_assert_cmpstr (d, ==, "2026-11-25T07:59:59Z");

  g_assert_true (xp_time_from_iso8601 ("2026-11-24T08:00:00Z", &t));
  g_assert_cmpint (t, ==, T0);
  g_assert_true (xp_time_from_iso8601 ("2026-11-24T16:00:00+08:00", &t));
  g_assert_cmpint (t, ==, T0);
  g_assert_true (xp_time_from_iso8601 ("2000-02-29T00:00:00Z", &t));
  g_assert_cmpint (t, ==, 951782400);
  g_assert_true (xp_time_from_iso8601 ("2024-12-31T23:59:59Z", &t));
  g_assert_cmpint (t, ==, 1735689599);

  t = 42;
  g_assert_false (xp_time_from_iso8601 ("2026-02-29T00:00:00Z", &t));   /* not a leap year */
  g_assert_false (xp_time_from_iso8601 ("1900-02-29T00:00:00Z", &t));
  g_assert_false (xp_time_from_iso8601 ("2026-11-24T24:00:00Z", &t));
  g_assert_false (xp_time_from_iso8601 ("2026-13-01T00:00:00Z", &t));
  g_assert_false (xp_time_from_iso8601 ("2026-11-24T08:00:00", &t));    /* no zone */
  g_assert_false (xp_time_from_iso8601 ("2026-11-24", &t));
  g_assert_false (xp_time_from_iso8601 ("", &t));
  g_assert_false (xp_time_from_iso8601 ("yesterday", &t));
}

/* ----------------------------------------------------------------- audit */

static void
test_audit_sequence (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(XpProject) q = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *all = NULL;
  g_autofree char *b1 = NULL;
  g_autofree char *b2 = NULL;
  g_autofree char *again = NULL;
  g_autofree char *after_remove = NULL;
  const char *by;
  gint64 at;

  g_assert_cmpuint (xp_project_get_n_audit_entries (p), ==, 0);   /* building the project logs no score */

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.1", "8");         /* set */
  set (p, "b1", "e1", "D1.1", "8");         /* the same value: no entry */
  xp_project_set_now (p, T0 + 60);
  set (p, "b1", "e1", "D1.1", "7.5");       /* change */
  set (p, "b2", "e1", "D1.2", "4.75");      /* set, another branch */
  /* refused values log nothing */
  g_assert_false (xp_project_set_score (p, "b1", "e1", "D1.1", dec ("11"), &error));
  g_clear_error (&error);
  g_assert_false (xp_project_set_score (p, "b1", "e1", "D1.2", dec ("1.1"), &error));
  g_clear_error (&error);
  /* clearing the unscored: nothing happened */
  set (p, "b1", "e2", "D1.2", NULL);
  /* notes and deductions are not scores */
  xp_project_set_note (p, "b1", "e1", "D1.1", "记录缺一次");
  g_assert_true (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "#1", 1, NULL));

  xp_project_set_actor (p, "李四");
  xp_project_set_now (p, T0 + 3600);
  set (p, "b1", "e2", "D1.1", "0");         /* a zero is a score */
  set (p, "b1", "e1", "D1.1", NULL);        /* clear */

  all = describe_all (p, NULL);
  g_assert_cmpstr (all, ==,
                   "+0 张三 set b1/e1/D1.1 -→8\n"
                   "+60 张三 change b1/e1/D1.1 8→7.5\n"
                   "+60 张三 set b2/e1/D1.2 -→4.75\n"
                   "+3600 李四 set b1/e2/D1.1 -→0\n"
                   "+3600 李四 clear b1/e1/D1.1 7.5→-\n");
  b1 = describe_all (p, "b1");
  g_assert_cmpstr (b1, ==,
                   "+0 张三 set b1/e1/D1.1 -→8\n"
                   "+60 张三 change b1/e1/D1.1 8→7.5\n"
                   "+3600 李四 set b1/e2/D1.1 -→0\n"
                   "+3600 李四 clear b1/e1/D1.1 7.5→-\n");
  b2 = describe_all (p, "b2");
  g_assert_cmpstr (b2, ==, "+60 张三 set b2/e1/D1.2 -→4.75\n");

  /* who/when follow the last change */
  g_assert_true (xp_project_get_score_meta (p, "b1", "e2", "D1.1", &by, &at));
  g_assert_cmpstr (by, ==, "李四");
  g_assert_cmpint (at, ==, T0 + 3600);
  g_assert_true (xp_project_get_score_meta (p, "b2", "e1", "D1.2", &by, &at));
  g_assert_cmpstr (by, ==, "张三");
  g_assert_cmpint (at, ==, T0 + 60);

  /* saved and loaded: the same entries, and loading adds none */
  q = reload (p);
  again = describe_all (q, NULL);
  g_assert_cmpstr (again, ==, all);

  /* removing a branch or an evaluator logs the scores it takes along */
  xp_project_set_actor (q, "王组长");
  xp_project_set_now (q, T0 + 7200);
  g_assert_true (xp_project_remove_branch (q, "b2"));
  g_assert_true (xp_project_remove_evaluator (q, "e2", &error));
  g_assert_no_error (error);
  after_remove = describe_all (q, NULL);
  g_assert_true (g_str_has_prefix (after_remove, all));
  g_assert_cmpstr (after_remove + strlen (all), ==,
                   "+7200 王组长 clear b2/e1/D1.2 4.75→-\n"
                   "+7200 王组长 clear b1/e2/D1.1 0→-\n");
  /* history of a removed branch can still be listed */
  g_free (b2);
  b2 = describe_all (q, "b2");
  g_assert_cmpstr (b2, ==,
                   "+60 张三 set b2/e1/D1.2 -→4.75\n"
                   "+7200 王组长 clear b2/e1/D1.2 4.75→-\n");

  /* and that survives the round trip too */
  {
    g_autoptr(XpProject) r = reload (q);
    g_autofree char *r_all = describe_all (r, NULL);

    g_assert_cmpstr (r_all, ==, after_remove);
  }
}

static void
test_audit_clock_env (void)
{
  g_autoptr(XpProject) p = new_project ();
  const XpAuditEntry *entry;

  g_setenv ("XINGPING_NOW", "2026-12-01T09:30:00Z", TRUE);
  set (p, "b1", "e1", "D1.1", "3");
  g_unsetenv ("XINGPING_NOW");
  entry = xp_project_get_audit_entry (p, 0);
  g_assert_cmpint (entry->at, ==, T0 + 7 * 86400 + 5400);
  /* without an actor, the user's name: never empty */
  g_assert_nonnull (entry->by);
  g_assert_cmpstr (entry->by, !=, "");
  g_assert_cmpstr (entry->by, ==, xp_project_get_actor (p));
}

static void
expect_load_failure (const char *text,
                     ...)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_bytes (bytes, "a.xingping", &error);
  va_list args;
  const char *needle;

  g_assert_null (p);
  g_assert_nonnull (error);
  g_assert_true (error->domain == XP_ERROR);
  g_test_message ("message: %s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "a.xingping:"));
  va_start (args, text);
  while ((needle = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("expected “%s” in “%s”", needle, error->message);
  va_end (args);
}

static char *
replace (const char *text,
         const char *old,
         const char *new)
{
  const char *at = strstr (text, old);
  GString *s;

  g_assert_nonnull (at);
  s = g_string_new_len (text, at - text);
  g_string_append (s, new);
  g_string_append (s, at + strlen (old));
  return g_string_free (s, FALSE);
}

/* The audit log as format version 2 wrote it (objects), for the text of
 * test_audit_load_errors (): read still, refused when wrong. */
static const char v3_audit[] =
  "\"audit\": [\n"
  "    [\"2026-11-24T08:00:00Z\", \"张三\", \"set\", \"b1\", \"e1\", \"D1.2\", 4.75],\n"
  "    [\"2026-11-24T08:00:00Z\", \"张三\", \"change\", \"b1\", \"e1\", \"D1.2\", 4.75, 5]\n"
  "  ]";
static const char v2_audit[] =
  "\"audit\": [\n"
  "    { \"at\": \"2026-11-24T08:00:00Z\", \"by\": \"张三\", \"action\": \"set\", \"branch\": \"b1\", \"evaluator\": \"e1\", \"item\": \"D1.2\", \"new\": 4.75 },\n"
  "    { \"at\": \"2026-11-24T08:00:00Z\", \"by\": \"张三\", \"action\": \"change\", \"branch\": \"b1\", \"evaluator\": \"e1\", \"item\": \"D1.2\", \"old\": 4.75, \"new\": 5 }\n"
  "  ]";

static void
test_audit_load_errors_v2 (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(XpProject) q = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *v3 = NULL;
  g_autofree char *v2_head = NULL;
  g_autofree char *text = NULL;
  g_autofree char *log = NULL;

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.2", "4.75");
  set (p, "b1", "e1", "D1.2", "5");
  bytes = xp_project_to_bytes (p);
  v3 = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (v3, v3_audit));
  v2_head = replace (v3, "\"version\": 3,", "\"version\": 2,");
  text = replace (v2_head, v3_audit, v2_audit);

  /* a version 2 file still reads, with the same log */
  g_clear_pointer (&bytes, g_bytes_unref);
  bytes = g_bytes_new (text, strlen (text));
  q = xp_project_new_from_bytes (bytes, "v2.xingping", &error);
  g_assert_no_error (error);
  log = describe_all (q, NULL);
  g_assert_cmpstr (log, ==, "+0 张三 set b1/e1/D1.2 -→4.75\n"
                            "+0 张三 change b1/e1/D1.2 4.75→5\n");
  /* version 2 wrote every who/when out: none here, so unknown */
  g_assert_false (xp_project_get_score_meta (q, "b1", "e1", "D1.2", NULL, NULL));

  {
    g_autofree char *bad = replace (text, "\"action\": \"set\"", "\"action\": \"edit\"");
    expect_load_failure (bad, "audit[0]", "edit", "set, change, clear, seal or reopen", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"old\": 4.75, ", "");
    expect_load_failure (bad, "audit[1]", "b1", "e1", "D1.2", "old", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"item\": \"D1.2\", \"new\": 4.75", "\"item\": \"D1.2\", \"old\": 1, \"new\": 4.75");
    expect_load_failure (bad, "audit[0]", "b1", "e1", "D1.2", "old", NULL);
  }
  {
    /* D1.2 steps by 0.25 */
    g_autofree char *bad = replace (text, "\"new\": 4.75", "\"new\": 4.8");
    expect_load_failure (bad, "audit[0]", "D1.2", "4.8", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"new\": 4.75", "\"new\": 6");
    expect_load_failure (bad, "audit[0]", "D1.2", "6", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"item\": \"D1.2\", \"new\"", "\"item\": \"D9\", \"new\"");
    expect_load_failure (bad, "audit[0]", "D9", "criteria", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"by\": \"张三\", \"action\": \"set\"", "\"by\": \"\", \"action\": \"set\"");
    expect_load_failure (bad, "audit[0]", "by", NULL);
  }
  {
    g_autofree char *bad = replace (text, "{ \"at\": \"2026-11-24T08:00:00Z\", \"by\": \"张三\", \"action\": \"set\"",
                                    "{ \"at\": \"24/11/2026\", \"by\": \"张三\", \"action\": \"set\"");
    expect_load_failure (bad, "audit[0]", "24/11/2026", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ 7,");
    expect_load_failure (bad, "audit[0]", "object", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ { \"at\": \"2026-11-24T08:00:00Z\", \"by\": \"x\", \"action\": \"reopen\" },");
    expect_load_failure (bad, "audit[0]", "reason", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": \"none\", \"x\": [");
    expect_load_failure (bad, "audit", "array", NULL);
  }
  {
    /* a version 2 file with version 3 rows (or the other way round) */
    g_autofree char *bad = replace (v3, "\"version\": 3,", "\"version\": 2,");
    expect_load_failure (bad, "audit[0]", "object", NULL);
  }
  {
    g_autofree char *bad = replace (v3, v3_audit, v2_audit);
    expect_load_failure (bad, "audit[0]", "array", NULL);
  }
}

/* Format version 3: rows [at, by, action, …]; entries made together share
 * one row. */
static void
test_audit_load_errors (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  const char *rows =
    "[\"2026-11-24T08:00:00Z\", \"张三\", \"set\", \"b1\", \"e1\", \"D1.2\", 4.75],\n"
    "    [\"2026-11-24T08:00:00Z\", \"张三\", \"change\", \"b1\", \"e1\", \"D1.2\", 4.75, 5]\n";

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.2", "4.75");
  set (p, "b1", "e1", "D1.2", "5");
  bytes = xp_project_to_bytes (p);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text, rows));

  {
    g_autofree char *bad = replace (text, "\"set\", \"b1\"", "\"edit\", \"b1\"");
    expect_load_failure (bad, "audit[0]", "edit", "set, change, clear, seal or reopen", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"D1.2\", 4.75]", "\"D1.2\", null]");
    expect_load_failure (bad, "audit[0]", "b1", "e1", "D1.2", "new", "null", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"D1.2\", 4.75, 5]", "\"D1.2\", \"4.75\", 5]");
    expect_load_failure (bad, "audit[1]", "b1", "e1", "D1.2", "old", "string", NULL);
  }
  {
    /* D1.2 steps by 0.25 */
    g_autofree char *bad = replace (text, "\"D1.2\", 4.75]", "\"D1.2\", 4.8]");
    expect_load_failure (bad, "audit[0]", "D1.2", "4.8", "new", NULL);
  }
  {
    g_autofree char *bad = replace (text, "4.75, 5]", "4.75, 6]");
    expect_load_failure (bad, "audit[1]", "D1.2", "6", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"e1\", \"D1.2\", 4.75]", "\"e1\", \"D9\", 4.75]");
    expect_load_failure (bad, "audit[0]", "D9", "criteria", NULL);
  }
  {
    /* a column too many: the row no longer splits into scores */
    g_autofree char *bad = replace (text, "\"D1.2\", 4.75]", "\"D1.2\", 4.75, 5]");
    expect_load_failure (bad, "audit[0]", "set row", "item, new", "8 columns", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"D1.2\", 4.75, 5]", "\"D1.2\", 4.75, 5, \"D1.1\"]");
    expect_load_failure (bad, "audit[1]", "change row", "item, old, new", "9 columns", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"张三\", \"set\"", "\"\", \"set\"");
    expect_load_failure (bad, "audit[0]", "person", "empty", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"张三\", \"set\"", "7, \"set\"");
    expect_load_failure (bad, "audit[0]", "person", "string", NULL);
  }
  {
    g_autofree char *bad = replace (text, "[\"2026-11-24T08:00:00Z\", \"张三\", \"set\"", "[\"24/11/2026\", \"张三\", \"set\"");
    expect_load_failure (bad, "audit[0]", "24/11/2026", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ 7,");
    expect_load_failure (bad, "audit[0]", "array", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ [\"2026-11-24T08:00:00Z\", \"x\", \"reopen\"],");
    expect_load_failure (bad, "audit[0]", "reason", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ [\"2026-11-24T08:00:00Z\", \"x\", \"seal\", \"why\"],");
    expect_load_failure (bad, "audit[0]", "seal row", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": [ [\"2026-11-24T08:00:00Z\", \"x\"],");
    expect_load_failure (bad, "audit[0]", "2 columns", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"audit\": [", "\"audit\": \"none\", \"x\": [");
    expect_load_failure (bad, "audit", "array", NULL);
  }
}

/* Rows group the entries of one action made at the same second by the
 * same person on the same sheet, and split everywhere else; the log reads back entry by
 * entry and saves byte for byte the same. */
static void
test_audit_rows (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(XpProject) q = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *q_log = NULL;
  const char *text;

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.1", "8");
  set (p, "b1", "e1", "D1.2", "4.75");
  set (p, "b1", "e2", "D1.1", "7");       /* another evaluator: a new row */
  set (p, "b1", "e1", "D1.1", "6");       /* back to e1: another new row */
  xp_project_set_now (p, T0 + 1);
  set (p, "b1", "e1", "D1.2", NULL);
  xp_project_set_actor (p, "李四");
  set (p, "b1", "e1", "D1.2", "1");
  g_assert_true (xp_project_seal (p, NULL));
  xp_project_set_now (p, T0 + 2);
  g_assert_true (xp_project_reopen (p, "复核 \"b1\"", NULL));

  bytes = xp_project_to_bytes (p);
  text = g_bytes_get_data (bytes, NULL);
  g_assert_nonnull (strstr (text,
    "  \"audit\": [\n"
    "    [\"2026-11-24T08:00:00Z\", \"张三\", \"set\", \"b1\", \"e1\", \"D1.1\", 8, \"D1.2\", 4.75],\n"
    "    [\"2026-11-24T08:00:00Z\", \"张三\", \"set\", \"b1\", \"e2\", \"D1.1\", 7],\n"
    "    [\"2026-11-24T08:00:00Z\", \"张三\", \"change\", \"b1\", \"e1\", \"D1.1\", 8, 6],\n"
    "    [\"2026-11-24T08:00:01Z\", \"张三\", \"clear\", \"b1\", \"e1\", \"D1.2\", 4.75],\n"
    "    [\"2026-11-24T08:00:01Z\", \"李四\", \"set\", \"b1\", \"e1\", \"D1.2\", 1],\n"
    "    [\"2026-11-24T08:00:01Z\", \"李四\", \"seal\"],\n"
    "    [\"2026-11-24T08:00:02Z\", \"李四\", \"reopen\", \"复核 \\\"b1\\\"\"]\n"
    "  ]\n}\n"));
  /* every who/when follows from the log: none written out */
  g_assert_nonnull (strstr (text, "\"score_meta\": {},\n"));

  q = xp_project_new_from_bytes (bytes, "rows.xingping", &error);
  g_assert_no_error (error);
  log = describe_all (p, NULL);
  q_log = describe_all (q, NULL);
  g_assert_cmpstr (q_log, ==, log);
  again = xp_project_to_bytes (q);
  g_assert_true (g_bytes_equal (again, bytes));
}

/* --------------------------------------------------------------- sealing */

static void
count_notify (guint *n)
{
  (*n)++;
}

static void
test_seal_refuses_every_change (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) before = NULL;
  g_autoptr(GBytes) after = NULL;
  g_autofree char *dir = g_dir_make_tmp ("xingping-seal-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "sealed.xingping", NULL);
  g_autofree char *on_disk = NULL;
  g_autofree char *on_disk_after = NULL;
  g_autofree char *log = NULL;
  const char *by = NULL;
  gint64 at = 0;
  guint notified = 0;

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.1", "8");
  xp_project_set_note (p, "b1", "e1", "D1.1", "ok");

  g_signal_connect_swapped (p, "notify::sealed", G_CALLBACK (count_notify), &notified);

  xp_project_set_actor (p, "王组长");
  xp_project_set_now (p, T0 + 86400);
  g_assert_false (xp_project_is_sealed (p));
  g_assert_true (xp_project_check_editable (p, NULL));
  g_assert_true (xp_project_seal (p, &error));
  g_assert_no_error (error);
  g_assert_true (xp_project_is_sealed (p));
  g_assert_true (xp_project_get_seal (p, &by, &at));
  g_assert_cmpstr (by, ==, "王组长");
  g_assert_cmpint (at, ==, T0 + 86400);
  g_assert_cmpuint (notified, ==, 1);

  before = xp_project_to_bytes (p);
  g_assert_true (xp_project_save_to_file (p, path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &on_disk, NULL, NULL));

  /* every setter refuses, with the message users see */
#define EXPECT_SEALED(call)                                                        \
  G_STMT_START {                                                                   \
    g_autoptr(GError) e_ = NULL;                                                   \
    g_assert_false (call);                                                         \
    g_assert_error (e_, XP_ERROR, XP_ERROR_SEALED);                                \
    g_assert_cmpstr (e_->message, ==,                                              \
                     "The assessment is sealed as final by 王组长 on 2026-11-25 08:00 UTC; reopen it first"); \
  } G_STMT_END
  EXPECT_SEALED (xp_project_set_score (p, "b1", "e1", "D1.1", dec ("9"), &e_));
  EXPECT_SEALED (xp_project_set_score (p, "b1", "e1", "D1.1", XP_DEC_NONE, &e_));
  EXPECT_SEALED (xp_project_set_score (p, "b2", "e2", "D1.2", dec ("1"), &e_));
  EXPECT_SEALED (xp_project_set_score_full (p, "b1", "e1", "D1.1", dec ("9"), "x", T0, &e_));
  EXPECT_SEALED (xp_project_set_deduction_count (p, "b1", "e1", "D1.1", "#1", 1, &e_));
  EXPECT_SEALED (xp_project_remove_evaluator (p, "e2", &e_));
  EXPECT_SEALED (xp_project_check_editable (p, &e_));
  {
    g_autoptr(XpEvaluator) e3 = xp_evaluator_new ("e3", "e3", XP_ROLE_GROUP);
    g_autoptr(XpBranch) b3 = xp_branch_new ("b3");

    xp_branch_set_category (b3, "standalone");
    EXPECT_SEALED (xp_project_add_evaluator (p, e3, &e_));
    EXPECT_SEALED (xp_project_add_branch (p, b3, &e_));
  }
#undef EXPECT_SEALED
  g_assert_false (xp_project_remove_branch (p, "b1"));
  /* the void setters change nothing */
  xp_project_set_note (p, "b1", "e1", "D1.1", "changed");
  xp_project_set_note (p, "b1", "e2", "D1.1", "new");
  {
    XpBranch *b1 = xp_project_lookup_branch (p, "b1");
    const char *vetoes[] = { "V1", NULL };

    xp_branch_set_name (b1, "renamed");
    xp_branch_set_category (b1, "joint");
    xp_branch_set_members (b1, 99);
    xp_branch_set_previous_stars (b1, 5);
    xp_branch_set_vetoes (b1, vetoes);
    g_object_set (b1, "enterprise", "x", NULL);
    xp_evaluator_set_name (xp_project_lookup_evaluator (p, "e1"), "renamed");
  }
  g_assert_false (xp_project_seal (p, &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_SEALED);
  g_clear_error (&error);

  after = xp_project_to_bytes (p);
  g_assert_true (g_bytes_equal (before, after));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 2);
  g_assert_cmpint (xp_project_get_score (p, "b1", "e1", "D1.1"), ==, dec ("8"));

  /* saved sealed, loaded sealed: the file refuses changes too */
  {
    g_autoptr(XpProject) q = xp_project_new_from_file (path, &error);
    g_autoptr(GError) e = NULL;

    g_assert_no_error (error);
    g_assert_true (xp_project_is_sealed (q));
    g_assert_false (xp_project_set_score (q, "b1", "e1", "D1.1", dec ("9"), &e));
    g_assert_error (e, XP_ERROR, XP_ERROR_SEALED);
    xp_branch_set_name (xp_project_lookup_branch (q, "b1"), "renamed");
    g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (q, "b1")), ==, "b1");
    g_assert_true (xp_project_save_to_file (q, path, &error));
    g_assert_true (g_file_get_contents (path, &on_disk_after, NULL, NULL));
    g_assert_cmpstr (on_disk_after, ==, on_disk);
  }

  log = describe_all (p, NULL);
  g_assert_cmpstr (log, ==,
                   "+0 张三 set b1/e1/D1.1 -→8\n"
                   "+86400 王组长 seal\n");

  g_unlink (path);
  {
    g_autofree char *backup = g_strconcat (path, "~", NULL);
    g_unlink (backup);
  }
  g_rmdir (dir);
}

static void
test_reopen (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;
  g_autofree char *b2 = NULL;

  xp_project_set_actor (p, "张三");
  xp_project_set_now (p, T0);
  set (p, "b1", "e1", "D1.1", "8");

  /* nothing to reopen */
  g_assert_false (xp_project_reopen (p, "why", &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_USAGE);
  g_clear_error (&error);

  xp_project_set_actor (p, "王组长");
  xp_project_set_now (p, T0 + 100);
  g_assert_true (xp_project_seal (p, NULL));

  /* a reason is required */
  g_assert_false (xp_project_reopen (p, "  ", &error));
  g_assert_error (error, XP_ERROR, XP_ERROR_USAGE);
  g_assert_nonnull (strstr (error->message, "reason"));
  g_clear_error (&error);
  g_assert_false (xp_project_reopen (p, NULL, &error));
  g_clear_error (&error);
  g_assert_true (xp_project_is_sealed (p));

  xp_project_set_actor (p, "李主任");
  xp_project_set_now (p, T0 + 200);
  g_assert_true (xp_project_reopen (p, "复核发现 b1 评分录入错误", &error));
  g_assert_no_error (error);
  g_assert_false (xp_project_is_sealed (p));
  g_assert_false (xp_project_get_seal (p, NULL, NULL));

  /* changes work again, and are logged after the reopen */
  xp_project_set_now (p, T0 + 300);
  set (p, "b1", "e1", "D1.1", "6");
  xp_branch_set_name (xp_project_lookup_branch (p, "b1"), "改名");
  g_assert_cmpstr (xp_branch_get_name (xp_project_lookup_branch (p, "b1")), ==, "改名");

  log = describe_all (p, NULL);
  g_assert_cmpstr (log, ==,
                   "+0 张三 set b1/e1/D1.1 -→8\n"
                   "+100 王组长 seal\n"
                   "+200 李主任 reopen (复核发现 b1 评分录入错误)\n"
                   "+300 李主任 change b1/e1/D1.1 8→6\n");
  /* seal and reopen show in every branch's log */
  b2 = describe_all (p, "b2");
  g_assert_cmpstr (b2, ==,
                   "+100 王组长 seal\n"
                   "+200 李主任 reopen (复核发现 b1 评分录入错误)\n");

  {
    g_autoptr(XpProject) q = reload (p);
    g_autofree char *q_log = describe_all (q, NULL);

    g_assert_false (xp_project_is_sealed (q));
    g_assert_cmpstr (q_log, ==, log);
  }
}

static void
test_seal_tampering (void)
{
  g_autoptr(XpProject) p = new_project ();
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;
  const char *sealed_member = "  \"sealed\": { \"by\": \"王组长\", \"at\": \"2026-11-24T08:00:00Z\" },\n";

  xp_project_set_actor (p, "王组长");
  xp_project_set_now (p, T0);
  g_assert_true (xp_project_seal (p, NULL));
  bytes = xp_project_to_bytes (p);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_nonnull (strstr (text, sealed_member));

  {
    /* unsealed behind the log's back */
    g_autofree char *bad = replace (text, sealed_member, "");
    expect_load_failure (bad, "ends with a seal", "王组长", "edited", NULL);
  }
  {
    /* a seal that the log does not show */
    g_autofree char *bad = replace (text, "\"at\": \"2026-11-24T08:00:00Z\" },\n", "\"at\": \"2026-11-24T09:00:00Z\" },\n");
    expect_load_failure (bad, "sealed", "does not match", NULL);
  }
  {
    g_autofree char *bad = replace (text, "\"by\": \"王组长\", \"at\"", "\"by\": \"别人\", \"at\"");
    expect_load_failure (bad, "sealed", "别人", NULL);
  }
  {
    /* the seal entry removed from the log */
    g_autofree char *bad = replace (text, "\"audit\": [\n    [\"2026-11-24T08:00:00Z\", \"王组长\", \"seal\"]\n  ]",
                                    "\"audit\": []");
    expect_load_failure (bad, "sealed", "does not match", NULL);
  }
}

/* tests/data/project-v2-small.xingping and project-v3-small.xingping,
 * written by hand (and fuzzer seeds), the same project in format version
 * 2 and 3: every kind of entry, a "+08:00" time and a removed branch. */
static void
check_fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_file (path, &error);
  g_autofree char *log = NULL;
  const char *by = NULL;
  gint64 at = 0;

  g_assert_no_error (error);
  log = describe_all (p, NULL);
  g_assert_cmpstr (log, ==,
                   "+0 张三 set b1/e1/D1.1 -→8\n"
                   "+0 张三 change b1/e1/D1.2 1→4.75\n"
                   "+0 张三 clear b9/e9/D1.2 1→-\n"
                   "+3600 王 seal\n"
                   "+5400 王 reopen (r)\n"
                   "+86400 王 seal\n");
  g_assert_true (xp_project_is_sealed (p));
  /* version 2 says so; version 3 has it from the log */
  g_assert_true (xp_project_get_score_meta (p, "b1", "e1", "D1.1", &by, &at));
  g_assert_cmpstr (by, ==, "张三");
  g_assert_cmpint (at, ==, T0);
  /* both say: nobody known, at T0 */
  g_assert_true (xp_project_get_score_meta (p, "b1", "e1", "D1.2", &by, &at));
  g_assert_null (by);
  g_assert_cmpint (at, ==, T0);
  /* no log entry, no who/when */
  g_assert_false (xp_project_get_score_meta (p, "b1", "e2", "D1.1", &by, &at));
  g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "#1"), ==, 2);
  g_assert_cmpuint (xp_project_get_deduction_count (p, "b1", "e1", "D1.1", "x"), ==, 1);
}

static void
test_fixture (void)
{
  check_fixture ("project-v2-small.xingping");
  check_fixture ("project-v3-small.xingping");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/audit/time", test_time);
  g_test_add_func ("/audit/set-change-clear", test_audit_sequence);
  g_test_add_func ("/audit/clock-from-environment", test_audit_clock_env);
  g_test_add_func ("/audit/load-errors", test_audit_load_errors);
  g_test_add_func ("/audit/load-errors-v2", test_audit_load_errors_v2);
  g_test_add_func ("/audit/rows", test_audit_rows);
  g_test_add_func ("/seal/refuses-every-change", test_seal_refuses_every_change);
  g_test_add_func ("/seal/reopen", test_reopen);
  g_test_add_func ("/seal/tampering", test_seal_tampering);
  g_test_add_func ("/audit/fixture", test_fixture);

  return g_test_run ();
}
