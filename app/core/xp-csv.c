/* xp-csv.c — branch lists and scores from CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-csv"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "xp-csv.h"
#include "xp-decimal.h"

struct _XpCsvPreview
{
  GObject     parent_instance;

  XpCsvKind   kind;
  XpCsvFlags  flags;
  char       *name;
  char       *encoding;
  char        separator;
  char      **header;
  char       *file_error;
  guint       file_error_line;
  GPtrArray  *warnings;   /* char*, NULL-terminated */
  GArray     *rows;       /* XpCsvRow */
  guint       n_row_errors;
};

G_DEFINE_FINAL_TYPE (XpCsvPreview, xp_csv_preview, G_TYPE_OBJECT)

/* ---- columns and their names ---- */

enum {
  B_ID,
  B_NAME,
  B_ENTERPRISE,
  B_CATEGORY,
  B_MEMBERS,
  B_SECRETARY,
  B_FOUNDED,
  B_PREVIOUS_STARS,
  B_VETOES,
  N_BRANCH_COLUMNS
};

enum {
  S_BRANCH,
  S_EVALUATOR,
  S_ITEM,
  S_SCORE,
  S_NOTE,
  N_SCORE_COLUMNS
};

#define MAX_COLUMNS N_BRANCH_COLUMNS
#define MAX_ALIASES 10

/* Compared after normalising (see header_key): case, spaces, "_", "-",
 * "*" and a trailing "(…)" do not matter. */
static const char *const branch_aliases[N_BRANCH_COLUMNS][MAX_ALIASES] = {
  [B_ID] = { "id", "branchid", "编号", "序号", "支部编号", "党组织编号", NULL },
  [B_NAME] = { "name", "branch", "名称", "党组织名称", "支部名称", "党支部名称", "党组织", NULL },
  [B_ENTERPRISE] = { "enterprise", "company", "企业", "企业名称", "所在企业", "单位", "单位名称", NULL },
  [B_CATEGORY] = { "category", "组建方式", "类别", "类型", "组建类型", NULL },
  [B_MEMBERS] = { "members", "党员数", "党员人数", "党员", NULL },
  [B_SECRETARY] = { "secretary", "书记", "支部书记", "党组织书记", NULL },
  [B_FOUNDED] = { "founded", "成立时间", "组建时间", "成立日期", "建立时间", NULL },
  [B_PREVIOUS_STARS] = { "previousstars", "上年星级", "去年星级", "上年度星级", "原星级", NULL },
  [B_VETOES] = { "vetoes", "veto", "否决项", "否决", "一票否决", NULL },
};

static const char *const score_aliases[N_SCORE_COLUMNS][MAX_ALIASES] = {
  [S_BRANCH] = { "branch", "branchid", "支部", "党组织", "党支部", "支部名称", "党组织名称", NULL },
  [S_EVALUATOR] = { "evaluator", "考评人", "评分人", "考评员", "评委", NULL },
  [S_ITEM] = { "item", "itemid", "指标", "项目", "指标编号", "考评项目", NULL },
  [S_SCORE] = { "score", "得分", "分数", "评分", "考评分", NULL },
  [S_NOTE] = { "note", "notes", "备注", "扣分原因", "说明", NULL },
};

/* ---- helpers ---- */

static void
row_clear (gpointer data)
{
  XpCsvRow *row = data;

  g_strfreev (row->fields);
  g_clear_object (&row->branch);
  g_free (row->branch_id);
  g_free (row->evaluator_id);
  g_free (row->item_id);
  g_free (row->note);
  g_free (row->column);
  g_free (row->error);
}

static void G_GNUC_PRINTF (3, 4)
row_fail (XpCsvPreview *self,
          XpCsvRow     *row,
          const char   *format,
          ...)
{
  va_list args;

  if (row->error != NULL)
    return;  /* the first problem of a row is the one reported */
  va_start (args, format);
  row->error = g_strdup_vprintf (format, args);
  va_end (args);
  self->n_row_errors++;
}

static void G_GNUC_PRINTF (3, 4)
file_fail (XpCsvPreview *self,
           guint         line,
           const char   *format,
           ...)
{
  va_list args;

  if (self->file_error != NULL)
    return;
  va_start (args, format);
  self->file_error = g_strdup_vprintf (format, args);
  va_end (args);
  self->file_error_line = line;
}

static void G_GNUC_PRINTF (2, 3)
warn (XpCsvPreview *self,
      const char   *format,
      ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (self->warnings, g_strdup_vprintf (format, args));
  va_end (args);
}

/* "党员数（人）" → "党员数", " Previous_Stars " → "previousstars". */
static char *
header_key (const char *text)
{
  g_autofree char *folded = g_utf8_casefold (text, -1);
  GString *key = g_string_new (NULL);

  for (const char *p = folded; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if ((c == '(' || c == 0xFF08) && key->len > 0)
        break;
      if (g_unichar_isspace (c) || c == '_' || c == '-' || c == '*' || c == 0x3000 || c == 0xFEFF)
        continue;
      g_string_append_unichar (key, c);
    }
  return g_string_free (key, FALSE);
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        return FALSE;
    }
  return TRUE;
}

/* Strips ASCII and ideographic spaces at both ends, in place. */
static char *
strip (char *text)
{
  char *start = text, *end;

  while (*start == ' ' || *start == '\t' || (strncmp (start, "\xE3\x80\x80", 3) == 0 && (start += 2)))
    start++;
  memmove (text, start, strlen (start) + 1);
  end = text + strlen (text);
  while (end > text)
    {
      if (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r')
        end--;
      else if (end - text >= 3 && memcmp (end - 3, "\xE3\x80\x80", 3) == 0)
        end -= 3;
      else
        break;
    }
  *end = '\0';
  return text;
}

static guint
count_lines (const char *data,
             gsize       len)
{
  guint line = 1;

  for (gsize i = 0; i < len; i++)
    line += data[i] == '\n';
  return line;
}

/* Into UTF-8, deciding the encoding; NULL (and a file error) when the
 * bytes are neither UTF-8 nor GB18030. */
/* Characters of three bytes or more in LEN bytes of valid UTF-8. */
static guint
count_utf8_cjk (const char *data,
                gsize       len)
{
  guint n = 0;

  for (gsize i = 0; i < len; i++)
    if ((guchar) data[i] >= 0xE0)
      n++;
  return n;
}

static char *
decode (XpCsvPreview *self,
        const char   *data,
        gsize         len,
        gsize        *out_len)
{
  g_autoptr(GError) error = NULL;
  gsize bytes_read = 0, bytes_written = 0;
  const char *bad = NULL;
  char *text;

  if (len >= 2 && ((guchar) data[0] == 0xFF && (guchar) data[1] == 0xFE))
    {
      /* Excel's "Unicode text": UTF-16LE with a BOM, tab-separated. */
      text = g_convert (data + 2, len - 2, "UTF-8", "UTF-16LE", &bytes_read, &bytes_written, &error);
      if (text == NULL)
        {
          file_fail (self, 0, _("the file starts like UTF-16 text but is not — save it as “CSV UTF-8”"));
          return NULL;
        }
      self->encoding = g_strdup ("UTF-16");
      *out_len = bytes_written;
      return text;
    }
  if (memchr (data, '\0', len) != NULL)
    {
      file_fail (self, count_lines (data, (const char *) memchr (data, '\0', len) - data),
                 _("the file contains NUL bytes, so it is not a CSV text file — export the sheet as “CSV UTF-8”"));
      return NULL;
    }
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    {
      if (!g_utf8_validate_len (data + 3, len - 3, &bad))
        {
          file_fail (self, count_lines (data, bad - data),
                     _("the file says it is UTF-8 (it starts with a byte-order mark) but contains bytes that are not — save it again as “CSV UTF-8”"));
          return NULL;
        }
      self->encoding = g_strdup ("UTF-8 (BOM)");
      *out_len = len - 3;
      return g_strndup (data + 3, len - 3);
    }
  if (g_utf8_validate_len (data, len, &bad))
    {
      self->encoding = g_strdup ("UTF-8");
      *out_len = len;
      return g_strndup (data, len);
    }
  /* Chinese written in UTF-8 before the first bad byte: this is a UTF-8
   * file with damage, not GBK (whose text almost never reads as two UTF-8
   * CJK characters).  Decoding it as GB18030 would import mojibake. */
  if (count_utf8_cjk (data, bad - data) >= 2)
    {
      file_fail (self, count_lines (data, bad - data),
                 _("the file is UTF-8 but contains bytes that are not — save it again as “CSV UTF-8”"));
      return NULL;
    }
  text = g_convert (data, len, "UTF-8", "GB18030", &bytes_read, &bytes_written, &error);
  if (text == NULL)
    {
      file_fail (self, count_lines (data, MIN (bytes_read, len)),
                 _("the file is neither UTF-8 nor GB18030/GBK text — save it as “CSV UTF-8”"));
      return NULL;
    }
  self->encoding = g_strdup ("GB18030");
  *out_len = bytes_written;
  return text;
}

/* The separator the header line uses: tab or comma (semicolon when the
 * line has neither). */
static char
detect_separator (const char *text,
                  gsize       len)
{
  guint commas = 0, tabs = 0, semicolons = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len && (quoted || text[i] != '\n'); i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (!quoted)
        {
          commas += text[i] == ',';
          tabs += text[i] == '\t';
          semicolons += text[i] == ';';
        }
    }
  if (tabs > commas)
    return '\t';
  if (commas == 0 && semicolons > 0)
    return ';';
  return ',';
}

typedef struct {
  guint   line;
  char  **fields;
} RawRow;

static void
raw_row_clear (gpointer data)
{
  g_strfreev (((RawRow *) data)->fields);
}

static void
end_row (GArray    *rows,
         GPtrArray *fields,
         guint      line)
{
  RawRow raw = { line, NULL };
  gboolean blank = TRUE;

  for (guint i = 0; i < fields->len; i++)
    blank = blank && is_blank (g_ptr_array_index (fields, i));
  if (!blank)
    {
      g_ptr_array_add (fields, NULL);
      raw.fields = (char **) g_ptr_array_free (fields, FALSE);
      g_array_append_val (rows, raw);
    }
  else
    g_ptr_array_free (fields, TRUE);
}

/* RFC 4180 with @sep; rows that are entirely blank (what spreadsheets
 * leave at the end) are skipped.  NULL on an unterminated quote. */
static GArray *
csv_split (XpCsvPreview *self,
           const char   *text,
           gsize         len,
           char          sep)
{
  g_autoptr(GArray) rows = g_array_new (FALSE, FALSE, sizeof (RawRow));
  GPtrArray *fields = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  gboolean quoted = FALSE, was_quoted = FALSE;
  guint line = 1, row_line = 1, quote_line = 0;

  g_array_set_clear_func (rows, raw_row_clear);

  for (gsize i = 0; i < len; i++)
    {
      char c = text[i];

      if (quoted)
        {
          if (c == '"' && i + 1 < len && text[i + 1] == '"')
            {
              g_string_append_c (field, '"');
              i++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              if (c != '\r')
                g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && !was_quoted && is_blank (field->str))
        {
          g_string_truncate (field, 0);
          quoted = was_quoted = TRUE;
          quote_line = line;
        }
      else if (c == sep)
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          was_quoted = FALSE;
        }
      else if (c == '\r')
        continue;
      else if (c == '\n')
        {
          g_ptr_array_add (fields, g_string_free (field, FALSE));
          end_row (rows, fields, row_line);
          fields = g_ptr_array_new_with_free_func (g_free);
          field = g_string_new (NULL);
          was_quoted = FALSE;
          row_line = ++line;
        }
      else
        g_string_append_c (field, c);
    }

  if (quoted)
    {
      g_ptr_array_free (fields, TRUE);
      g_string_free (field, TRUE);
      file_fail (self, quote_line, _("a quoted field opened here is never closed — add the missing \""));
      return NULL;
    }
  g_ptr_array_add (fields, g_string_free (field, FALSE));
  end_row (rows, fields, row_line);
  return g_steal_pointer (&rows);
}

/* Maps header cells to columns; -1 where a column is absent. */
static gboolean
map_header (XpCsvPreview     *self,
            const char *const aliases[][MAX_ALIASES],
            guint             n_columns,
            int              *col)
{
  for (guint c = 0; c < n_columns; c++)
    col[c] = -1;
  for (guint i = 0; self->header[i]; i++)
    {
      g_autofree char *key = header_key (self->header[i]);
      gboolean known = FALSE;

      if (*key == '\0')
        continue;
      for (guint c = 0; c < n_columns && !known; c++)
        for (guint a = 0; aliases[c][a] && !known; a++)
          {
            g_autofree char *alias = header_key (aliases[c][a]);

            if (strcmp (key, alias) != 0)
              continue;
            known = TRUE;
            if (col[c] >= 0)
              {
                file_fail (self, 1, _("columns “%s” and “%s” both mean “%s” — delete or rename one of them"),
                           self->header[col[c]], self->header[i], aliases[c][0]);
                return FALSE;
              }
            col[c] = i;
          }
      if (!known)
        warn (self, _("Column “%s” is not used: only the columns the importer knows are read"), self->header[i]);
    }
  return TRUE;
}

static const char *
cell (XpCsvRow *row,
      int       col)
{
  if (col < 0 || (guint) col >= g_strv_length (row->fields))
    return "";
  return row->fields[col];
}

static const char *
column_name (XpCsvPreview *self,
             int           col)
{
  return col >= 0 ? self->header[col] : "";
}

/* ---- branch values ---- */

static XpCategory *
parse_category (XpCriteria *criteria,
                const char *text)
{
  GListModel *cats = xp_criteria_get_categories (criteria);
  XpCategory *cat = xp_criteria_lookup_category (criteria, text);

  if (cat != NULL)
    return cat;
  for (guint i = 0; i < g_list_model_get_n_items (cats); i++)
    {
      g_autoptr(XpCategory) c = g_list_model_get_item (cats, i);

      if (g_ascii_strcasecmp (xp_category_get_id (c), text) == 0 || xp_text_matches (xp_category_get_label (c), text))
        return c;  /* the criteria keep their own reference */
    }
  return NULL;
}

static char *
category_choices (XpCriteria *criteria)
{
  GListModel *cats = xp_criteria_get_categories (criteria);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (cats); i++)
    {
      g_autoptr(XpCategory) c = g_list_model_get_item (cats, i);

      g_string_append_printf (s, "%s%s (%s)", i ? ", " : "", xp_text_get (xp_category_get_label (c), NULL), xp_category_get_id (c));
    }
  return g_string_free (s, FALSE);
}

static gboolean
parse_members (const char *text,
               int        *out)
{
  g_autofree char *copy = g_strdup (text);
  guint64 value;

  if (g_str_has_suffix (copy, "人"))
    copy[strlen (copy) - strlen ("人")] = '\0';
  strip (copy);
  if (!g_ascii_string_to_unsigned (copy, 10, 0, 1000000, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

/* "2019-05", "2019/5", "2019.5", "2019年5月" → "2019-05"; with a day,
 * "2019-05-12"; a bare year stays a year. */
static char *
parse_founded (const char *text)
{
  GString *s = g_string_new (NULL);
  g_auto(GStrv) parts = NULL;
  guint n = 0;
  guint64 v[3] = { 0, 0, 0 };

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '.' || c == 0x5E74 /* 年 */ || c == 0x6708 /* 月 */)
        g_string_append_c (s, '-');
      else if (c == 0x65E5 /* 日 */ || c == 0x53F7 /* 号 */)
        ;
      else
        g_string_append_unichar (s, c);
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  parts = g_strsplit (s->str, "-", -1);
  g_string_free (s, TRUE);

  n = g_strv_length (parts);
  if (n < 1 || n > 3)
    return NULL;
  for (guint i = 0; i < n; i++)
    {
      static const guint64 max[] = { 2200, 12, 31 };

      if (!g_ascii_string_to_unsigned (parts[i], 10, i == 0 ? 1900 : 1, max[i], &v[i], NULL))
        return NULL;
    }
  if (n == 3 && !g_date_valid_dmy ((GDateDay) v[2], (GDateMonth) v[1], (GDateYear) v[0]))
    return NULL;
  if (n == 1)
    return g_strdup_printf ("%04u", (guint) v[0]);
  if (n == 2)
    return g_strdup_printf ("%04u-%02u", (guint) v[0], (guint) v[1]);
  return g_strdup_printf ("%04u-%02u-%02u", (guint) v[0], (guint) v[1], (guint) v[2]);
}

/* "3", "三星", "3星", "★★★", "无" → stars. */
static gboolean
parse_stars (const char *text,
             int        *out)
{
  static const char *const numerals[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
  g_autofree char *copy = g_strdup (text);
  guint64 value;
  guint n_glyphs = 0;
  const char *p;

  for (p = copy; *p && g_str_has_prefix (p, "★"); p += strlen ("★"))
    n_glyphs++;
  if (n_glyphs > 0 && *p == '\0')
    {
      *out = (int) n_glyphs;
      return TRUE;
    }
  if (strcmp (copy, "无") == 0 || strcmp (copy, "无星") == 0 || strcmp (copy, "未定星") == 0)
    {
      *out = 0;
      return TRUE;
    }
  if (g_str_has_suffix (copy, "星级"))
    copy[strlen (copy) - strlen ("星级")] = '\0';
  else if (g_str_has_suffix (copy, "星"))
    copy[strlen (copy) - strlen ("星")] = '\0';
  strip (copy);
  for (guint i = 0; i < G_N_ELEMENTS (numerals); i++)
    if (strcmp (copy, numerals[i]) == 0)
      {
        *out = (int) i;
        return TRUE;
      }
  if (!g_ascii_string_to_unsigned (copy, 10, 0, 10, &value, NULL))
    return FALSE;
  *out = (int) value;
  return TRUE;
}

static int
top_star_level (XpCriteria *criteria)
{
  guint n;
  const XpStar *stars = xp_criteria_get_stars (criteria, &n);
  int top = 0;

  for (guint i = 0; i < n; i++)
    top = MAX (top, stars[i].level);
  return top;
}

static XpVeto *
parse_veto (XpCriteria *criteria,
            const char *text)
{
  GListModel *vetoes = xp_criteria_get_vetoes (criteria);
  XpVeto *veto = xp_criteria_lookup_veto (criteria, text);

  if (veto != NULL)
    return veto;
  for (guint i = 0; i < g_list_model_get_n_items (vetoes); i++)
    {
      g_autoptr(XpVeto) v = g_list_model_get_item (vetoes, i);

      if (g_ascii_strcasecmp (xp_veto_get_id (v), text) == 0 || xp_text_matches (xp_veto_get_label (v), text))
        return v;
    }
  return NULL;
}

static void
parse_branch_row (XpCsvPreview *self,
                  XpProject    *project,
                  XpCsvRow     *row,
                  const int    *col,
                  const char   *id)
{
  XpCriteria *criteria = xp_project_get_criteria (project);
  g_autoptr(XpBranch) branch = xp_branch_new (id);
  const char *text;
  XpCategory *cat;

#define FAIL(c, ...) G_STMT_START { \
    g_free (row->column); \
    row->column = g_strdup (column_name (self, col[c])); \
    row_fail (self, row, __VA_ARGS__); \
    return; \
  } G_STMT_END

  text = cell (row, col[B_NAME]);
  if (*text == '\0')
    FAIL (B_NAME, _("branch %s: the name is empty — fill in the Party organisation's name"), id);
  xp_branch_set_name (branch, text);

  text = cell (row, col[B_ENTERPRISE]);
  if (*text != '\0')
    xp_branch_set_enterprise (branch, text);

  text = cell (row, col[B_CATEGORY]);
  cat = *text ? parse_category (criteria, text) : NULL;
  if (cat == NULL)
    {
      g_autofree char *choices = category_choices (criteria);

      if (*text == '\0')
        FAIL (B_CATEGORY, _("branch %s: the category (组建方式) is empty — use one of %s"), id, choices);
      FAIL (B_CATEGORY, _("branch %s: category “%s” is not defined by the criteria — use one of %s"), id, text, choices);
    }
  xp_branch_set_category (branch, xp_category_get_id (cat));

  text = cell (row, col[B_MEMBERS]);
  if (*text != '\0')
    {
      int members;

      if (!parse_members (text, &members))
        FAIL (B_MEMBERS, _("branch %s: members “%s” is not a whole number — write the number of Party members, e.g. 12"), id, text);
      xp_branch_set_members (branch, members);
    }

  text = cell (row, col[B_SECRETARY]);
  if (*text != '\0')
    xp_branch_set_secretary (branch, text);

  text = cell (row, col[B_FOUNDED]);
  if (*text != '\0')
    {
      g_autofree char *founded = parse_founded (text);

      if (founded == NULL)
        FAIL (B_FOUNDED, _("branch %s: “%s” is not a date — write the year and month, e.g. 2019-05, 2019/5 or 2019年5月"), id, text);
      xp_branch_set_founded (branch, founded);
    }

  text = cell (row, col[B_PREVIOUS_STARS]);
  if (*text != '\0')
    {
      int stars, top = top_star_level (criteria);

      if (!parse_stars (text, &stars))
        FAIL (B_PREVIOUS_STARS, _("branch %s: last year's stars “%s” is not a star level — write a number from 0 to %d, e.g. 3, 三星 or ★★★"), id, text, top);
      if (stars > top)
        FAIL (B_PREVIOUS_STARS, _("branch %s: last year's stars %d is above the criteria's highest level %d — write a number from 0 to %d"), id, stars, top, top);
      xp_branch_set_previous_stars (branch, stars);
    }

  text = cell (row, col[B_VETOES]);
  if (*text != '\0')
    {
      g_auto(GStrv) tokens = g_regex_split_simple ("[\\s,，;；、]+", text, 0, 0);
      g_autoptr(GPtrArray) ids = g_ptr_array_new_null_terminated (4, NULL, TRUE);

      for (guint i = 0; tokens[i]; i++)
        {
          XpVeto *veto;

          if (*tokens[i] == '\0')
            continue;
          veto = parse_veto (criteria, tokens[i]);
          if (veto == NULL)
            FAIL (B_VETOES, _("branch %s: veto “%s” is not defined by the criteria — use the veto ids of the scheme, separated by spaces"), id, tokens[i]);
          g_ptr_array_add (ids, (gpointer) xp_veto_get_id (veto));
        }
      if (ids->len > 0)
        xp_branch_set_vetoes (branch, (const char *const *) ids->pdata);
    }
#undef FAIL

  row->branch = g_steal_pointer (&branch);
}

static void
parse_branches (XpCsvPreview *self,
                XpProject    *project)
{
  int col[N_BRANCH_COLUMNS];
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint next_id = 1;

  if (!map_header (self, branch_aliases, N_BRANCH_COLUMNS, col))
    return;
  if (col[B_NAME] < 0 || col[B_CATEGORY] < 0)
    {
      file_fail (self, 1, _("the header row has no “%s” column — name the columns, e.g. 编号,名称,企业,组建方式,党员数 or id,name,enterprise,category,members"),
                 col[B_NAME] < 0 ? "name (名称)" : "category (组建方式)");
      return;
    }

  /* Ids given in the file first, so generated ones avoid them. */
  for (guint r = 0; r < self->rows->len; r++)
    {
      XpCsvRow *row = &g_array_index (self->rows, XpCsvRow, r);
      const char *id = cell (row, col[B_ID]);

      if (*id == '\0' || row->error != NULL)
        continue;
      if (xp_project_lookup_branch (project, id) != NULL)
        {
          row->column = g_strdup (column_name (self, col[B_ID]));
          row_fail (self, row, _("branch id “%s” is already in the project — give the branch another id or remove the row"), id);
        }
      else if (!g_hash_table_add (ids, g_strdup (id)))
        {
          row->column = g_strdup (column_name (self, col[B_ID]));
          row_fail (self, row, _("branch id “%s” is used twice in the file — ids must be unique"), id);
        }
    }

  for (guint r = 0; r < self->rows->len; r++)
    {
      XpCsvRow *row = &g_array_index (self->rows, XpCsvRow, r);
      const char *given = cell (row, col[B_ID]);
      g_autofree char *id = NULL;

      if (*given != '\0')
        id = g_strdup (given);
      else
        {
          do
            {
              g_free (id);
              id = g_strdup_printf ("b%03u", next_id++);
            }
          while (xp_project_lookup_branch (project, id) != NULL || g_hash_table_contains (ids, id));
          g_hash_table_add (ids, g_strdup (id));
        }
      if (row->error == NULL)
        parse_branch_row (self, project, row, col, id);
    }
}

/* ---- score values ---- */

/* Name → object of @model, or &ambiguous_name where several share it;
 * built once per file so that rows by name cost a lookup each. */
static char ambiguous_name;

static GHashTable *
name_index (GListModel  *model,
            const char *(*get_name) (gpointer))
{
  GHashTable *index = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GObject) object = g_list_model_get_item (model, i);
      const char *name = get_name (object);

      if (name == NULL)
        continue;
      /* The model keeps its references: plain pointers are safe. */
      if (g_hash_table_contains (index, name))
        g_hash_table_insert (index, (gpointer) name, &ambiguous_name);
      else
        g_hash_table_insert (index, (gpointer) name, object);
    }
  return index;
}

/* By id, else by exact name; NULL with *ambiguous when several match. */
static gpointer
find_by_id_or_name (gpointer     by_id,
                    GHashTable  *names,
                    const char  *text,
                    gboolean    *ambiguous)
{
  gpointer found;

  *ambiguous = FALSE;
  if (by_id != NULL)
    return by_id;
  found = g_hash_table_lookup (names, text);
  if (found == &ambiguous_name)
    {
      *ambiguous = TRUE;
      return NULL;
    }
  return found;
}

static XpItem *
find_item (XpCriteria *criteria,
           const char *text)
{
  XpItem *found = xp_criteria_lookup_item (criteria, text);

  if (found != NULL)
    return found;
  for (guint i = 0; i < xp_criteria_get_n_items (criteria); i++)
    {
      XpItem *item = xp_criteria_get_item (criteria, i);

      if (g_ascii_strcasecmp (xp_item_get_id (item), text) == 0)
        return item;
    }
  return NULL;
}

static void
parse_scores (XpCsvPreview *self,
              XpProject    *project)
{
  int col[N_SCORE_COLUMNS];
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(XpProject) scratch = NULL;
  g_autoptr(GBytes) bytes = NULL;
  XpCriteria *criteria = xp_project_get_criteria (project);
  g_autoptr(GHashTable) branch_names = name_index (xp_project_get_branches (project), (const char *(*) (gpointer)) xp_branch_get_name);
  g_autoptr(GHashTable) evaluator_names = name_index (xp_project_get_evaluators (project), (const char *(*) (gpointer)) xp_evaluator_get_name);
  guint n_unchanged = 0;

  if (!map_header (self, score_aliases, N_SCORE_COLUMNS, col))
    return;
  for (guint c = 0; c < S_NOTE; c++)
    if (col[c] < 0)
      {
        file_fail (self, 1, _("the header row has no “%s” column — name the columns branch,evaluator,item,score,note or 支部,考评人,指标,得分,备注"),
                   score_aliases[c][0]);
        return;
      }

  /* Scores are checked by setting them on a copy: exactly the rules a
   * typed score meets. */
  bytes = xp_project_to_bytes (project);
  scratch = xp_project_new_from_bytes (bytes, "scratch", NULL);
  g_assert (scratch != NULL);

  for (guint r = 0; r < self->rows->len; r++)
    {
      XpCsvRow *row = &g_array_index (self->rows, XpCsvRow, r);
      const char *b = cell (row, col[S_BRANCH]);
      const char *e = cell (row, col[S_EVALUATOR]);
      const char *i = cell (row, col[S_ITEM]);
      const char *s = cell (row, col[S_SCORE]);
      g_autoptr(GError) error = NULL;
      XpBranch *branch;
      XpEvaluator *evaluator;
      XpItem *item;
      gboolean ambiguous;
      gpointer first_line;
      char *key;
      char buf[XP_DEC_BUF_SIZE];

      if (row->error != NULL)
        continue;

#define FAIL(c, ...) G_STMT_START { \
    row->column = g_strdup (column_name (self, col[c])); \
    row_fail (self, row, __VA_ARGS__); \
    goto next_row; \
  } G_STMT_END

      branch = find_by_id_or_name (xp_project_lookup_branch (project, b), branch_names, b, &ambiguous);
      if (branch == NULL)
        {
          if (ambiguous)
            FAIL (S_BRANCH, _("branch “%s”: several branches have this name — use the branch id instead"), b);
          FAIL (S_BRANCH, _("branch “%s” is not in the project — use a branch id or the exact name"), b);
        }
      row->branch_id = g_strdup (xp_branch_get_id (branch));
      evaluator = find_by_id_or_name (xp_project_lookup_evaluator (project, e), evaluator_names, e, &ambiguous);
      if (evaluator == NULL)
        {
          if (ambiguous)
            FAIL (S_EVALUATOR, _("branch %s: several evaluators are called “%s” — use the evaluator id instead"), row->branch_id, e);
          FAIL (S_EVALUATOR, _("branch %s: evaluator “%s” is not in the project — use an evaluator id or the exact name"), row->branch_id, e);
        }
      row->evaluator_id = g_strdup (xp_evaluator_get_id (evaluator));
      item = find_item (criteria, i);
      if (item == NULL)
        FAIL (S_ITEM, _("branch %s, evaluator %s: item “%s” is not in the criteria — use the item id, e.g. D1.1"),
              row->branch_id, row->evaluator_id, i);
      row->item_id = g_strdup (xp_item_get_id (item));
      if (*s == '\0' || !xp_dec_parse (s, -1, &row->score))
        FAIL (S_SCORE, _("branch %s, evaluator %s, item %s: score “%s” is not a number — write it like 4 or 4.5"),
              row->branch_id, row->evaluator_id, row->item_id, s);

      key = g_strdup_printf ("%s\x1f%s\x1f%s", row->branch_id, row->evaluator_id, row->item_id);
      if (g_hash_table_lookup_extended (seen, key, NULL, &first_line))
        {
          g_free (key);
          FAIL (S_ITEM, _("branch %s, evaluator %s, item %s: scored again (first on line %u) — keep one of the rows"),
                row->branch_id, row->evaluator_id, row->item_id, GPOINTER_TO_UINT (first_line));
        }
      g_hash_table_insert (seen, key, GUINT_TO_POINTER (row->line));

      if (!xp_project_set_score (scratch, row->branch_id, row->evaluator_id, row->item_id, row->score, &error))
        FAIL (S_SCORE, "%s", error->message);

      row->previous = xp_project_get_score (project, row->branch_id, row->evaluator_id, row->item_id);
      if (row->previous == row->score)
        n_unchanged++;
      else if (row->previous != XP_DEC_NONE && !(self->flags & XP_CSV_REPLACE_SCORES))
        FAIL (S_SCORE, _("branch %s, evaluator %s, item %s: the project already has the score %s — to replace scores, import with “replace existing scores”"),
              row->branch_id, row->evaluator_id, row->item_id, xp_dec_to_buf (row->previous, buf));

      if (col[S_NOTE] >= 0 && *cell (row, col[S_NOTE]) != '\0')
        row->note = g_strdup (cell (row, col[S_NOTE]));
#undef FAIL
    next_row:
      ;
    }
  if (n_unchanged > 0)
    warn (self, g_dngettext (GETTEXT_PACKAGE, "%u score is the same as in the project already",
                             "%u scores are the same as in the project already", n_unchanged),
          n_unchanged);
}

/* ---- the object ---- */

static void
xp_csv_preview_finalize (GObject *object)
{
  XpCsvPreview *self = XP_CSV_PREVIEW (object);

  g_free (self->name);
  g_free (self->encoding);
  g_strfreev (self->header);
  g_free (self->file_error);
  g_ptr_array_unref (self->warnings);
  g_array_unref (self->rows);

  G_OBJECT_CLASS (xp_csv_preview_parent_class)->finalize (object);
}

static void
xp_csv_preview_class_init (XpCsvPreviewClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = xp_csv_preview_finalize;
}

static void
xp_csv_preview_init (XpCsvPreview *self)
{
  self->separator = ',';
  self->header = g_new0 (char *, 1);
  self->warnings = g_ptr_array_new_null_terminated (0, g_free, TRUE);
  self->rows = g_array_new (FALSE, TRUE, sizeof (XpCsvRow));
  g_array_set_clear_func (self->rows, row_clear);
}

/* ---- public API ---- */

#define XP_CSV_MAX_BRANCHES_SIZE (16 * 1024 * 1024)
#define XP_CSV_MAX_SCORES_SIZE (160 * 1024 * 1024)

XpCsvPreview *
xp_csv_preview_new (XpProject   *project,
                    XpCsvKind    kind,
                    const char  *data,
                    gsize        len,
                    const char  *display_name,
                    XpCsvFlags   flags)
{
  g_autoptr(XpCsvPreview) self = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GArray) raw = NULL;
  g_autoptr(GError) error = NULL;
  gsize text_len = 0;

  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  self = g_object_new (XP_TYPE_CSV_PREVIEW, NULL);
  self->kind = kind;
  self->flags = flags;
  self->name = g_strdup (display_name ? display_name : (kind == XP_CSV_BRANCHES ? "branches.csv" : "scores.csv"));

  /* A sealed assessment takes nothing in until it is reopened. */
  if (!xp_project_check_editable (project, &error))
    {
      file_fail (self, 0, "%s", error->message);
      return g_steal_pointer (&self);
    }
  /* Reading takes many times the file's size in memory: a branch list is
   * never this big, and a score list ten times that would be 100,000s of
   * sheets — this is the wrong file. */
  if (len > (kind == XP_CSV_BRANCHES ? XP_CSV_MAX_BRANCHES_SIZE : XP_CSV_MAX_SCORES_SIZE))
    {
      file_fail (self, 0, "the file is %" G_GSIZE_FORMAT " bytes, larger than the %d MiB a %s may have — choose the right file",
                 len, (kind == XP_CSV_BRANCHES ? XP_CSV_MAX_BRANCHES_SIZE : XP_CSV_MAX_SCORES_SIZE) / (1024 * 1024),
                 kind == XP_CSV_BRANCHES ? "branch list" : "score list");
      return g_steal_pointer (&self);
    }
  text = decode (self, data ? data : "", len, &text_len);
  if (text == NULL)
    return g_steal_pointer (&self);
  self->separator = detect_separator (text, text_len);
  raw = csv_split (self, text, text_len, self->separator);
  if (raw == NULL)
    return g_steal_pointer (&self);
  if (raw->len == 0)
    {
      file_fail (self, 1, kind == XP_CSV_BRANCHES
                            ? _("the file is empty — it needs a header row such as 编号,名称,企业,组建方式,党员数 and a row per branch")
                            : _("the file is empty — it needs a header row such as 支部,考评人,指标,得分,备注 and a row per score"));
      return g_steal_pointer (&self);
    }

  g_strfreev (self->header);
  self->header = g_steal_pointer (&g_array_index (raw, RawRow, 0).fields);
  for (guint i = 0; self->header[i]; i++)
    strip (self->header[i]);
  for (guint r = 1; r < raw->len; r++)
    {
      RawRow *in = &g_array_index (raw, RawRow, r);
      XpCsvRow row = { 0, };
      guint n_header = g_strv_length (self->header);
      guint n_fields;

      row.line = in->line;
      row.fields = g_steal_pointer (&in->fields);
      row.score = row.previous = XP_DEC_NONE;
      for (guint f = 0; row.fields[f]; f++)
        strip (row.fields[f]);
      g_array_append_val (self->rows, row);

      /* More fields than the header names: an unquoted separator, most
       * likely; refuse rather than drop the extra text silently. */
      n_fields = g_strv_length (row.fields);
      for (guint f = n_header; f < n_fields; f++)
        if (*row.fields[f] != '\0')
          {
            row_fail (self, &g_array_index (self->rows, XpCsvRow, self->rows->len - 1),
                      _("the row has %u fields but the header names %u — put a field that contains a %s in double quotes"),
                      n_fields, n_header, self->separator == '\t' ? _("tab") : self->separator == ';' ? _("semicolon") : _("comma"));
            break;
          }
    }

  if (kind == XP_CSV_BRANCHES)
    parse_branches (self, project);
  else
    parse_scores (self, project);

  return g_steal_pointer (&self);
}

XpCsvKind
xp_csv_preview_get_kind (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), XP_CSV_BRANCHES);
  return self->kind;
}

const char *
xp_csv_preview_get_encoding (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);
  return self->encoding;
}

char
xp_csv_preview_get_separator (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), ',');
  return self->separator;
}

const char * const *
xp_csv_preview_get_header (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);
  return (const char * const *) self->header;
}

const char *
xp_csv_preview_get_file_error (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);
  return self->file_error;
}

const char * const *
xp_csv_preview_get_warnings (XpCsvPreview *self)
{
  static const char *const none[] = { NULL };

  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);
  /* An empty array may have no pdata at all. */
  return self->warnings->len > 0 ? (const char * const *) self->warnings->pdata : none;
}

guint
xp_csv_preview_get_n_rows (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), 0);
  return self->rows->len;
}

const XpCsvRow *
xp_csv_preview_get_row (XpCsvPreview *self,
                        guint         index)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);
  return &g_array_index (self->rows, XpCsvRow, index);
}

guint
xp_csv_preview_get_n_errors (XpCsvPreview *self)
{
  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), 0);
  return (self->file_error != NULL) + self->n_row_errors;
}

char *
xp_csv_preview_format_error (XpCsvPreview *self,
                             guint         index)
{
  const XpCsvRow *row;

  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);

  if (index == G_MAXUINT)
    {
      if (self->file_error == NULL)
        return NULL;
      if (self->file_error_line > 0)
        return g_strdup_printf ("%s:%u: %s", self->name, self->file_error_line, self->file_error);
      return g_strdup_printf ("%s: %s", self->name, self->file_error);
    }
  g_return_val_if_fail (index < self->rows->len, NULL);
  row = &g_array_index (self->rows, XpCsvRow, index);
  if (row->error == NULL)
    return NULL;
  if (row->column != NULL && *row->column != '\0')
    return g_strdup_printf (_("%s:%u: column “%s”: %s"), self->name, row->line, row->column, row->error);
  return g_strdup_printf ("%s:%u: %s", self->name, row->line, row->error);
}

char *
xp_csv_preview_format_errors (XpCsvPreview *self)
{
  GString *s;

  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), NULL);

  if (xp_csv_preview_get_n_errors (self) == 0)
    return NULL;
  s = g_string_new (NULL);
  if (self->file_error != NULL)
    {
      g_autofree char *line = xp_csv_preview_format_error (self, G_MAXUINT);

      g_string_append (s, line);
    }
  for (guint r = 0; r < self->rows->len; r++)
    {
      g_autofree char *line = xp_csv_preview_format_error (self, r);

      if (line != NULL)
        g_string_append_printf (s, "%s%s", s->len ? "\n" : "", line);
    }
  return g_string_free (s, FALSE);
}

static gboolean
apply_branches (XpCsvPreview *self,
                XpProject    *project,
                guint        *n_changed,
                GError      **error)
{
  guint added = 0;

  for (guint r = 0; r < self->rows->len; r++)
    {
      XpCsvRow *row = &g_array_index (self->rows, XpCsvRow, r);
      g_autoptr(GError) local = NULL;

      if (xp_project_add_branch (project, row->branch, &local))
        {
          added++;
          continue;
        }
      /* Undo what this call added: all or nothing. */
      while (r-- > 0)
        xp_project_remove_branch (project, xp_branch_get_id (g_array_index (self->rows, XpCsvRow, r).branch));
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "%s:%u: %s", self->name, row->line, local->message);
      return FALSE;
    }
  *n_changed = added;
  return TRUE;
}

static gboolean
apply_scores (XpCsvPreview *self,
              XpProject    *project,
              guint        *n_changed,
              GError      **error)
{
  g_autofree XpDec *before = g_new (XpDec, MAX (self->rows->len, 1));
  g_autoptr(GPtrArray) notes_before = g_ptr_array_new_with_free_func (g_free);
  guint changed = 0;

  for (guint r = 0; r < self->rows->len; r++)
    {
      XpCsvRow *row = &g_array_index (self->rows, XpCsvRow, r);
      g_autoptr(GError) local = NULL;

      before[r] = xp_project_get_score (project, row->branch_id, row->evaluator_id, row->item_id);
      g_ptr_array_add (notes_before, g_strdup (xp_project_get_note (project, row->branch_id, row->evaluator_id, row->item_id)));
      if (before[r] != row->previous && !(self->flags & XP_CSV_REPLACE_SCORES) && before[r] != row->score)
        g_set_error (&local, XP_ERROR, XP_ERROR_CONFLICT,
                     _("branch %s, evaluator %s, item %s: the score changed in the project since the file was read — read the file again"),
                     row->branch_id, row->evaluator_id, row->item_id);
      if (local == NULL && xp_project_set_score (project, row->branch_id, row->evaluator_id, row->item_id, row->score, &local))
        {
          changed += before[r] != row->score;
          if (row->note != NULL)
            xp_project_set_note (project, row->branch_id, row->evaluator_id, row->item_id, row->note);
          continue;
        }
      /* Put back what this call changed: all or nothing. */
      for (guint k = 0; k < r; k++)
        {
          XpCsvRow *done = &g_array_index (self->rows, XpCsvRow, r - 1 - k);

          xp_project_set_score (project, done->branch_id, done->evaluator_id, done->item_id, before[r - 1 - k], NULL);
          xp_project_set_note (project, done->branch_id, done->evaluator_id, done->item_id, g_ptr_array_index (notes_before, r - 1 - k));
        }
      g_set_error (error, XP_ERROR, local->code, "%s:%u: %s", self->name, row->line, local->message);
      return FALSE;
    }
  *n_changed = changed;
  return TRUE;
}

gboolean
xp_csv_preview_apply (XpCsvPreview *self,
                      XpProject    *project,
                      guint        *n_changed,
                      GError      **error)
{
  guint dummy;

  g_return_val_if_fail (XP_IS_CSV_PREVIEW (self), FALSE);
  g_return_val_if_fail (XP_IS_PROJECT (project), FALSE);

  if (n_changed == NULL)
    n_changed = &dummy;
  *n_changed = 0;
  if (xp_csv_preview_get_n_errors (self) > 0)
    {
      g_autofree char *all = xp_csv_preview_format_errors (self);

      g_set_error_literal (error, XP_ERROR, self->file_error && !self->n_row_errors && !self->rows->len ? XP_ERROR_PARSE : XP_ERROR_INVALID, all);
      return FALSE;
    }
  if (self->kind == XP_CSV_BRANCHES)
    return apply_branches (self, project, n_changed, error);
  return apply_scores (self, project, n_changed, error);
}

gboolean
xp_csv_import_branches (XpProject   *project,
                        const char  *data,
                        gsize        len,
                        const char  *display_name,
                        GError     **error)
{
  g_autoptr(XpCsvPreview) preview = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), FALSE);

  preview = xp_csv_preview_new (project, XP_CSV_BRANCHES, data, len, display_name, XP_CSV_FLAGS_NONE);
  return xp_csv_preview_apply (preview, project, NULL, error);
}

gboolean
xp_csv_import_scores (XpProject   *project,
                      const char  *data,
                      gsize        len,
                      const char  *display_name,
                      XpCsvFlags   flags,
                      guint       *n_changed,
                      GError     **error)
{
  g_autoptr(XpCsvPreview) preview = NULL;

  g_return_val_if_fail (XP_IS_PROJECT (project), FALSE);

  preview = xp_csv_preview_new (project, XP_CSV_SCORES, data, len, display_name, flags);
  return xp_csv_preview_apply (preview, project, n_changed, error);
}
