/* test-hostile.c — hostile and broken input through the core API
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fills the gaps test-criteria.c and test-project-io.c leave: deep
 * nesting, 100 MB inputs, every prefix of a file, numbers JSON and
 * doubles cannot hold, duplicate keys, wrong types, invalid UTF-8 in the
 * project and the CSV, FIFOs and devices passed as files.  Each case
 * asserts the message names the file and says what is wrong, and that a
 * refused import changes nothing.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <glib/gstdio.h>

#include "xp-criteria.h"
#include "xp-csv.h"
#include "xp-decimal.h"
#include "xp-project.h"

#define HUGE_SIZE (100 * 1024 * 1024)

static char *tmpdir;

static XpCriteria *
minimal_criteria (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "criteria", "minimal.xml", NULL);
  XpCriteria *criteria = xp_criteria_new_from_file (path, &error);

  g_assert_no_error (error);
  return criteria;
}

/* A small project: two evaluators, two branches, a few scores and notes. */
static XpProject *
small_project (void)
{
  g_autoptr(XpCriteria) criteria = minimal_criteria ();
  g_autoptr(GError) error = NULL;
  XpProject *p = xp_project_new (criteria);
  const char *branches[] = { "b1", "b2" };

  xp_project_set_title (p, "小项目");
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(XpEvaluator) e = xp_evaluator_new (i ? "self" : "e1", i ? "自评" : "张三",
                                                   i ? XP_ROLE_SELF : XP_ROLE_GROUP);
      g_autoptr(XpBranch) b = xp_branch_new (branches[i]);

      g_assert_true (xp_project_add_evaluator (p, e, &error));
      xp_branch_set_name (b, i ? "第二党支部" : "第一党支部");
      xp_branch_set_category (b, "standalone");
      xp_branch_set_members (b, 7 + i);
      g_assert_true (xp_project_add_branch (p, b, &error));
      g_assert_no_error (error);
    }
  g_assert_true (xp_project_set_score (p, "b1", "e1", "D1.1", XP_DEC (5), &error));
  g_assert_true (xp_project_set_score (p, "b1", "e1", "D1.2", XP_DEC (3), &error));
  g_assert_true (xp_project_set_score (p, "b2", "self", "D1.1", XP_DEC (4) + XP_DEC_UNIT / 2, &error));
  g_assert_no_error (error);
  xp_project_set_note (p, "b1", "e1", "D1.1", "台账齐全");
  return p;
}

static char *
small_text (void)
{
  g_autoptr(XpProject) p = small_project ();
  g_autoptr(GBytes) bytes = xp_project_to_bytes (p);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

/* @text with the first @from replaced by @to (which must be there). */
static char *
edit (const char *text,
      const char *from,
      const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* Loading @len bytes of @text as "h.xingping" fails with a message that
 * starts with the file name and contains every @needle. */
static void
assert_project_refused (const char *text,
                        gsize       len,
                        ...)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) p = xp_project_new_from_bytes (bytes, "h.xingping", &error);
  const char *needle;
  va_list args;

  g_assert_null (p);
  g_assert_nonnull (error);
  if (g_test_verbose ())
    g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "h.xingping"));
  va_start (args, len);
  while ((needle = va_arg (args, const char *)) != NULL)
    if (strstr (error->message, needle) == NULL)
      g_error ("“%s” is not in the message “%s”", needle, error->message);
  va_end (args);
}

static void
assert_criteria_refused (const char *text,
                         gsize       len,
                         const char *needle)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, len);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) c = xp_criteria_new_from_bytes (bytes, "h.xml", &error);

  g_assert_null (c);
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "h.xml"));
  if (needle != NULL && strstr (error->message, needle) == NULL)
    g_error ("“%s” is not in the message “%s”", needle, error->message);
}

static char *
minimal_xml (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "criteria", "minimal.xml", NULL);
  char *text = NULL;

  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

/* ------------------------------------------------------------- nesting */

static void
test_deep_json (void)
{
  gsize n = 100000;
  g_autofree char *deep = g_malloc (2 * n + 1);
  g_autofree char *text = small_text ();
  g_autofree char *objects = NULL;
  g_autoptr(GString) s = g_string_new (NULL);

  memset (deep, '[', n);
  memset (deep + n, ']', n);
  deep[2 * n] = '\0';
  assert_project_refused (deep, 2 * n, "nesting deeper than", NULL);

  /* deep inside a real project, in a note */
  for (guint i = 0; i < n; i++)
    g_string_append (s, "{\"a\":");
  g_string_append (s, "1");
  for (guint i = 0; i < n; i++)
    g_string_append_c (s, '}');
  objects = edit (text, "\"台账齐全\"", s->str);
  assert_project_refused (objects, strlen (objects), "nesting deeper than", NULL);
}

static void
test_deep_xml (void)
{
  g_autofree char *xml = minimal_xml ();
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *text = NULL;

  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "<x>");
  for (guint i = 0; i < 100000; i++)
    g_string_append (s, "</x>");
  text = edit (xml, "<stars>", s->str);
  assert_criteria_refused (text, strlen (text), NULL);

  /* and as the criteria embedded in a project */
  {
    g_autofree char *project = small_text ();
    g_autofree char *deep = NULL;
    g_autoptr(GString) esc = g_string_new (NULL);
    g_autofree char *sha = g_compute_checksum_for_string (G_CHECKSUM_SHA256, text, -1);
    const char *start = strstr (project, "\"xml\": \"") + strlen ("\"xml\": \"");
    const char *end = strstr (start, "\"\n");
    const char *sha_at = strstr (project, "\"sha256\": \"") + strlen ("\"sha256\": \"");

    for (const char *p = text; *p; p++)
      {
        if (*p == '"' || *p == '\\')
          g_string_append_c (esc, '\\');
        if (*p == '\n')
          g_string_append (esc, "\\n");
        else
          g_string_append_c (esc, *p);
      }
    deep = g_strdup_printf ("%.*s%s%.*s%s%s", (int) (sha_at - project), project, sha,
                            (int) (start - (sha_at + 64)), sha_at + 64, esc->str, end);
    assert_project_refused (deep, strlen (deep), "embedded criteria", NULL);
  }
}

/* ------------------------------------------------------------ 100 MB */

static char *
write_huge (const char *name,
            const char *head,
            char        fill,
            const char *tail)
{
  g_autofree char *path = g_build_filename (tmpdir, name, NULL);
  gsize head_len = strlen (head), tail_len = strlen (tail);
  gsize len = HUGE_SIZE;
  g_autofree char *data = g_malloc (len);
  g_autoptr(GError) error = NULL;

  memcpy (data, head, head_len);
  memset (data + head_len, fill, len - head_len - tail_len);
  memcpy (data + len - tail_len, tail, tail_len);
  g_assert_true (g_file_set_contents (path, data, len, &error));
  g_assert_no_error (error);
  return g_steal_pointer (&path);
}

static void
test_huge_criteria (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_huge ("huge.xml", "<?xml version=\"1.0\"?>\n<criteria>", ' ', "</criteria>\n");
  g_autoptr(XpCriteria) c = xp_criteria_new_from_file (path, &error);

  g_assert_null (c);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_assert_nonnull (strstr (error->message, "MiB"));
  g_unlink (path);
}

static void
test_huge_project (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *text = small_text ();
  g_autofree char *head = NULL;
  g_autofree char *path = NULL;
  g_autoptr(XpProject) p = NULL;

  /* a title of 100 MB that never ends */
  head = g_strndup (text, strstr (text, "\"title\": \"") + strlen ("\"title\": \"") - text);
  path = write_huge ("huge.xingping", head, 'x', "x");
  p = xp_project_new_from_file (path, &error);
  g_assert_null (p);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_unlink (path);
  g_clear_error (&error);
  g_free (path);

  /* 100 MB of zero bytes */
  path = write_huge ("zeros.xingping", "", '\0', "");
  p = xp_project_new_from_file (path, &error);
  g_assert_null (p);
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, path));
  g_unlink (path);
}

static void
test_huge_csv (void)
{
  g_autoptr(XpCriteria) criteria = minimal_criteria ();
  g_autoptr(XpProject) p = xp_project_new (criteria);
  g_autoptr(GError) error = NULL;
  gsize len = HUGE_SIZE;
  g_autofree char *data = g_malloc (len);
  const char *head = "id,name,enterprise,category,members\nb1,\"";

  /* 100 MB: refused before parsing (it would take gigabytes) */
  memcpy (data, head, strlen (head));
  memset (data + strlen (head), 'x', len - strlen (head));
  g_assert_false (xp_csv_import_branches (p, data, len, "huge.csv", &error));
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "huge.csv: the file is 104857600 bytes"));
  g_assert_nonnull (strstr (error->message, "16 MiB"));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
  g_clear_error (&error);

  /* just under the limit, one quoted field that never closes */
  len = 16 * 1024 * 1024;
  g_assert_false (xp_csv_import_branches (p, data, len, "long.csv", &error));
  g_test_message ("%s", error->message);
  g_assert_true (g_str_has_prefix (error->message, "long.csv:2:"));
  g_assert_nonnull (strstr (error->message, "never closed"));
  g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
  g_clear_error (&error);

  /* 2 MB of rows, the last one broken: nothing is added */
  len = 2 * 1024 * 1024;
  {
    g_autoptr(GString) s = g_string_new ("id,name,enterprise,category,members\n");
    guint i = 0;

    while (s->len < len - 100)
      g_string_append_printf (s, "b%u,第%u党支部,某公司,standalone,%u\n", i, i, i % 100), i++;
    g_string_append (s, "bad,坏,某公司,nope,1\n");
    g_assert_false (xp_csv_import_branches (p, s->str, s->len, "rows.csv", &error));
    g_test_message ("%u rows: %s", i, error->message);
    g_assert_true (g_str_has_prefix (error->message, "rows.csv"));
    g_assert_nonnull (strstr (error->message, "branch bad: category “nope”"));
    g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
  }
}

/* --------------------------------------------------------- every prefix */

static void
test_every_prefix (void)
{
  g_autofree char *text = small_text ();
  g_autofree char *xml = minimal_xml ();
  gsize len = strlen (text);

  for (gsize cut = 0; cut < len; cut++)
    {
      /* the last newline is optional */
      if (cut == len - 1 && text[cut] == '\n')
        continue;
      assert_project_refused (text, cut, NULL);
    }
  for (gsize cut = 0; cut < strlen (xml) - 1; cut++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (xml, cut);
      g_autoptr(GError) error = NULL;
      g_autoptr(XpCriteria) c = xp_criteria_new_from_bytes (bytes, "h.xml", &error);

      if (c != NULL)
        {
          /* only trailing whitespace after </criteria> may go */
          g_assert_nonnull (strstr (xml + cut, "</criteria>") == NULL ? xml : NULL);
          continue;
        }
      g_assert_true (g_str_has_prefix (error->message, "h.xml"));
    }
}

/* ------------------------------------------------------------- numbers */

static void
test_numbers (void)
{
  g_autofree char *text = small_text ();
  static const struct {
    const char *value;
    const char *needle;
  } scores[] = {
    { "NaN", "h.xingping:" },
    { "Infinity", "h.xingping:" },
    { "-Infinity", "h.xingping:" },
    { "1e400", "score 1e400" },
    { "-1e400", "score -1e400" },
    { "1e-400", "score 1e-400" },
    { "-1", "b1" },
    { "0.1234567", "at most six places" },
    { "5.0000001", "at most six places" },
    { "123456789012345678901234567890", "b1" },
    { "0x5", "h.xingping:" },
    { "05", "h.xingping:" },
    { "+5", "h.xingping:" },
    { ".5", "h.xingping:" },
    { "5.", "h.xingping:" },
    { "\"5\"", "must be a number, not" },
    { "true", "must be a number, not" },
    { "[5]", "must be a number, not" },
    { "{}", "must be a number, not" },
  };
  static const struct {
    const char *from;
    const char *to;
    const char *needle;
  } facts[] = {
    { "\"members\": 7", "\"members\": 1e400", "members" },
    { "\"members\": 7", "\"members\": -1", "members" },
    { "\"members\": 7", "\"members\": 7.5", "members" },
    { "\"members\": 7", "\"members\": 99999999999999999999", "members" },
    { "\"members\": 7", "\"members\": \"7\"", "members" },
    { "\"version\": 3", "\"version\": 1e400", "version" },
    { "\"version\": 3", "\"version\": -0", "version" },
    { "\"version\": 3", "\"version\": 1.5", "version" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (scores); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"D1.2\": %s", scores[i].value);
      g_autofree char *bad = edit (text, "\"D1.2\": 3", to);

      assert_project_refused (bad, strlen (bad), scores[i].needle, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      g_autofree char *bad = edit (text, facts[i].from, facts[i].to);

      assert_project_refused (bad, strlen (bad), facts[i].needle, NULL);
    }

  /* -0 and 3e0 are the numbers 0 and 3: accepted, saved plainly */
  {
    g_autofree char *zero = edit (text, "\"D1.2\": 3", "\"D1.2\": -0");
    g_autofree char *exp = edit (text, "\"D1.2\": 3", "\"D1.2\": 0.3e1");
    g_autoptr(GBytes) b1 = g_bytes_new (zero, strlen (zero));
    g_autoptr(GBytes) b2 = g_bytes_new (exp, strlen (exp));
    g_autoptr(GError) error = NULL;
    g_autoptr(XpProject) p1 = xp_project_new_from_bytes (b1, "zero", &error);
    g_autoptr(XpProject) p2 = xp_project_new_from_bytes (b2, "exp", &error);
    g_autoptr(GBytes) saved = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (xp_project_get_score (p1, "b1", "e1", "D1.2"), ==, 0);
    g_assert_cmpint (xp_project_get_score (p2, "b1", "e1", "D1.2"), ==, XP_DEC (3));
    saved = xp_project_to_bytes (p1);
    g_assert_nonnull (g_strstr_len (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "\"D1.2\": 0"));
    g_assert_null (g_strstr_len (g_bytes_get_data (saved, NULL), g_bytes_get_size (saved), "-0"));
  }
}

static void
test_criteria_numbers (void)
{
  g_autofree char *xml = minimal_xml ();
  static const char *values[] = {
    "NaN", "Infinity", "-Infinity", "inf", "1e400", "1e-400", "-1", "-0", "0",
    "0.1234567", "99999999999999999999", "0x10", " ", "", "６",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *to = g_strdup_printf ("max=\"%s\"", values[i]);
      g_autofree char *bad = edit (xml, "max=\"6\"", to);

      assert_criteria_refused (bad, strlen (bad), "h.xml:15");
    }
}

/* -------------------------------------------------------- duplicates */

static void
test_duplicates (void)
{
  g_autofree char *text = small_text ();
  g_autofree char *title = edit (text, "\"title\": \"小项目\",", "\"title\": \"小项目\", \"title\": \"另一个\",");
  g_autofree char *item = edit (text, "\"D1.2\": 3", "\"D1.2\": 3, \"D1.2\": 4");
  g_autofree char *evaluator = edit (text, "\"id\": \"self\"", "\"id\": \"e1\"");
  g_autofree char *branch = edit (text, "\"id\": \"b2\"", "\"id\": \"b1\"");
  g_autofree char *sheet = edit (text, "\"scores\": {", "\"scores\": {\"b1\": {}, ");
  g_autofree char *veto_list = edit (text, "\"vetoes\": []", "\"vetoes\": [\"x\", \"x\"]");

  assert_project_refused (title, strlen (title), "duplicate key \"title\"", NULL);
  assert_project_refused (item, strlen (item), "duplicate key \"D1.2\"", NULL);
  assert_project_refused (evaluator, strlen (evaluator), "e1", NULL);
  assert_project_refused (branch, strlen (branch), "“b1” is used twice", NULL);
  assert_project_refused (sheet, strlen (sheet), "duplicate key \"b1\"", NULL);
  assert_project_refused (veto_list, strlen (veto_list), "branch b1", NULL);
}

/* ---------------------------------------------------------- wrong types */

static void
test_wrong_types (void)
{
  g_autofree char *text = small_text ();
  static const struct {
    const char *from;
    const char *to;
    const char *needle;
  } cases[] = {
    { "\"branches\": [", "\"branches\": 5, \"x\": [", "“branches” must be" },
    { "\"evaluators\": [", "\"evaluators\": [1, ", "evaluators[0] must be an object" },
    { "\"format\": \"xingping-project\"", "\"format\": [\"xingping-project\"]", "“format” must be" },
    { "\"title\": \"小项目\"", "\"title\": 12", "“title” must be" },
    { "\"vetoes\": []", "\"vetoes\": \"V1\"", "“vetoes” must be" },
    { "\"vetoes\": []", "\"vetoes\": [1]", "vetoes must be a list of veto ids" },
    { "\"scores\": {", "\"scores\": 5, \"s\": {", "“scores” must be" },
    { "\"台账齐全\"", "12", "the note must be a string" },
    { "\"台账齐全\"", "\"a\\u0000b\"", "\\u0000" },
    { "\"name\": \"张三\"", "\"name\": null", NULL },
    { "\"id\": \"b1\"", "\"id\": \"\"", "“id” is empty" },
    { "\"id\": \"b1\"", "\"id\": \"b\\u0000\"", "\\u0000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *bad = edit (text, cases[i].from, cases[i].to);
      g_autoptr(GBytes) bytes = g_bytes_new (bad, strlen (bad));
      g_autoptr(GError) error = NULL;
      g_autoptr(XpProject) p = xp_project_new_from_bytes (bytes, "h.xingping", &error);

      if (cases[i].needle == NULL)
        {
          /* null for an optional member is "absent" */
          g_assert_no_error (error);
          continue;
        }
      assert_project_refused (bad, strlen (bad), cases[i].needle, NULL);
    }
}

/* ----------------------------------------------------------- invalid UTF-8 */

static void
test_invalid_utf8 (void)
{
  g_autofree char *text = small_text ();
  static const char *bytes[] = { "\xff", "\xc0\xaf", "\xed\xa0\x80", "\xe4\xb8", "\xf4\x90\x80\x80" };
  g_autoptr(XpCriteria) criteria = minimal_criteria ();

  for (guint i = 0; i < G_N_ELEMENTS (bytes); i++)
    {
      g_autofree char *to = g_strdup_printf ("\"第一党%s支部\"", bytes[i]);
      g_autofree char *bad = edit (text, "\"第一党支部\"", to);
      g_autofree char *csv = g_strdup_printf ("id,name,enterprise,category,members\nb1,第一党%s支部,,standalone,\n", bytes[i]);
      g_autoptr(XpProject) p = xp_project_new (criteria);
      g_autoptr(GError) error = NULL;

      assert_project_refused (bad, strlen (bad), "UTF-8", NULL);

      g_assert_false (xp_csv_import_branches (p, csv, strlen (csv), "u.csv", &error));
      g_assert_true (g_str_has_prefix (error->message, "u.csv"));
      g_assert_nonnull (strstr (error->message, "UTF-8"));
      g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
    }
  /* a \u escape of a lone surrogate is no character either */
  {
    g_autofree char *bad = edit (text, "\"第一党支部\"", "\"\\ud800\"");

    assert_project_refused (bad, strlen (bad), "h.xingping:", NULL);
  }
}

/* CSV: the other broken shapes, each refused whole. */
static void
test_csv_refusals (void)
{
  g_autoptr(XpCriteria) criteria = minimal_criteria ();
  static const struct {
    const char *csv;
    const char *needle;
  } cases[] = {
    { "", "empty" },
    { "\xef\xbb\xbf", "empty" },
    { "id,name\n", "category" },
    { "id,name,enterprise,category,members\nb1,甲,,standalone,NaN\n", "members “NaN”" },
    { "id,name,enterprise,category,members\nb1,甲,,standalone,1e400\n", "members “1e400”" },
    { "id,name,enterprise,category,members\nb1,甲,,standalone,-1\n", "members “-1”" },
    { "id,name,enterprise,category,members\nb1,甲,,standalone,99999999999999999999\n", "members" },
    { "id,name,enterprise,category,members\nb1,甲,,standalone,\nb1,乙,,standalone,\n", "used twice" },
    { "id,name,enterprise,category,members\nb1,甲,a,b,standalone,3\n", "fields" },
    { "id,name,enterprise,category,members\nb1,\"甲\n", "never closed" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(XpProject) p = xp_project_new (criteria);
      g_autoptr(GError) error = NULL;
      gsize len = strlen (cases[i].csv);

      g_assert_false (xp_csv_import_branches (p, cases[i].csv, len, "c.csv", &error));
      g_test_message ("%s", error->message);
      g_assert_true (g_str_has_prefix (error->message, "c.csv"));
      if (strstr (error->message, cases[i].needle) == NULL)
        g_error ("“%s” is not in the message “%s”", cases[i].needle, error->message);
      g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
    }

  /* a NUL byte in a field */
  {
    static const char nul[] = "id,name,enterprise,category,members\nb1,\0,,standalone,\n";
    g_autoptr(XpProject) p = xp_project_new (criteria);
    g_autoptr(GError) error = NULL;

    g_assert_false (xp_csv_import_branches (p, nul, sizeof nul - 1, "c.csv", &error));
    g_assert_true (g_str_has_prefix (error->message, "c.csv"));
    g_assert_cmpuint (g_list_model_get_n_items (xp_project_get_branches (p)), ==, 0);
  }
}

/* -------------------------------------------- not a file: FIFO, device */

/* Loads @path in a child, so that a hang (a FIFO nobody writes) or an
 * endless read (/dev/zero) fails the test instead of stalling it. */
static void
assert_not_a_file (const char *path,
                   gboolean    project)
{
  pid_t pid = fork ();
  int status;

  g_assert_cmpint (pid, >=, 0);
  if (pid == 0)
    {
      g_autoptr(GError) error = NULL;
      gboolean loaded;

      alarm (10);
      if (project)
        loaded = xp_project_new_from_file (path, &error) != NULL;
      else
        loaded = xp_criteria_new_from_file (path, &error) != NULL;
      if (loaded)
        _exit (2);
      if (!g_str_has_prefix (error->message, path) || strstr (error->message, "not a regular file") == NULL)
        {
          g_printerr ("# unexpected message: %s\n", error->message);
          _exit (3);
        }
      _exit (0);
    }
  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  if (WIFSIGNALED (status))
    g_error ("loading %s did not finish (signal %d)", path, WTERMSIG (status));
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);
}

static void
test_not_a_file (void)
{
  g_autofree char *fifo = g_build_filename (tmpdir, "fifo.xingping", NULL);

  g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
  assert_not_a_file (fifo, TRUE);
  assert_not_a_file (fifo, FALSE);
  assert_not_a_file ("/dev/zero", TRUE);
  assert_not_a_file ("/dev/zero", FALSE);
  g_unlink (fifo);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  tmpdir = g_dir_make_tmp ("xp-hostile-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/hostile/nesting/json-100000", test_deep_json);
  g_test_add_func ("/hostile/nesting/xml-100000", test_deep_xml);
  g_test_add_func ("/hostile/100mb/criteria", test_huge_criteria);
  g_test_add_func ("/hostile/100mb/project", test_huge_project);
  g_test_add_func ("/hostile/100mb/csv", test_huge_csv);
  g_test_add_func ("/hostile/truncated/every-prefix", test_every_prefix);
  g_test_add_func ("/hostile/numbers/project", test_numbers);
  g_test_add_func ("/hostile/numbers/criteria", test_criteria_numbers);
  g_test_add_func ("/hostile/duplicates", test_duplicates);
  g_test_add_func ("/hostile/wrong-types", test_wrong_types);
  g_test_add_func ("/hostile/invalid-utf8", test_invalid_utf8);
  g_test_add_func ("/hostile/csv", test_csv_refusals);
  g_test_add_func ("/hostile/not-a-file", test_not_a_file);

  status = g_test_run ();
  g_rmdir (tmpdir);
  g_free (tmpdir);
  return status;
}
