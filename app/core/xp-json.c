/* xp-json.c — strict JSON reader and exact writer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-json"

#include "config.h"

#include <glib/gi18n-lib.h>

#include <string.h>

#include "xp-decimal.h"
#include "xp-json.h"

#define ARENA_BLOCK (64 * 1024)

typedef struct _ArenaBlock ArenaBlock;
struct _ArenaBlock {
  ArenaBlock *next;
  gsize       used;
  gsize       size;
  char        data[];
};

struct _XpJsonDoc {
  ArenaBlock *blocks;
  XpJsonNode *root;
};

typedef struct {
  XpJsonDoc  *doc;
  const char *p;
  const char *end;
  const char *name;
  guint       line;
  guint       depth;
  GError     *error;
  GString    *scratch;
  GHashTable *seen[XP_JSON_MAX_DEPTH + 1]; /* key sets, reused per depth */
  /* progress: reported each time the reader passes next_report */
  const char    *start;
  const char    *next_report;
  gsize          report_step;
  XpProgressFunc progress;
  gpointer       progress_data;
} Parser;

static void
report_progress (Parser *ps)
{
  ps->progress ((double) (ps->p - ps->start) / (double) (ps->end - ps->start), ps->progress_data);
  ps->next_report = ps->p + ps->report_step;
}

static gpointer
arena_alloc (XpJsonDoc *doc,
             gsize      size)
{
  ArenaBlock *b = doc->blocks;

  size = (size + 7) & ~(gsize) 7;
  if (b == NULL || b->size - b->used < size)
    {
      gsize block_size = MAX (ARENA_BLOCK, size);

      b = g_malloc (sizeof (ArenaBlock) + block_size);
      b->size = block_size;
      b->used = 0;
      b->next = doc->blocks;
      doc->blocks = b;
    }

  b->used += size;
  return b->data + b->used - size;
}

static char *
arena_strndup (XpJsonDoc  *doc,
               const char *s,
               gsize       len)
{
  char *copy = arena_alloc (doc, len + 1);

  memcpy (copy, s, len);
  copy[len] = '\0';
  return copy;
}

const char *
xp_json_type_name (XpJsonType type)
{
  switch (type)
    {
    /* Translators: "null" is the JSON literal; keep it as it is */
    case XP_JSON_NULL: return _("null");
    case XP_JSON_FALSE:
    case XP_JSON_TRUE: return _("a boolean");
    case XP_JSON_NUMBER: return _("a number");
    case XP_JSON_STRING: return _("a string");
    case XP_JSON_ARRAY: return _("an array");
    case XP_JSON_OBJECT: return _("an object");
    default: g_assert_not_reached ();
    }
}

G_GNUC_PRINTF (2, 3)
static gboolean
fail (Parser     *ps,
      const char *format,
      ...)
{
  g_autofree char *msg = NULL;
  va_list args;

  if (ps->error != NULL)
    return FALSE;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (&ps->error, XP_ERROR, XP_ERROR_PARSE, "%s:%u: %s",
               ps->name, ps->line, msg);
  return FALSE;
}

static void
skip_ws (Parser *ps)
{
  while (ps->p < ps->end)
    {
      char c = *ps->p;

      if (c == '\n')
        ps->line++;
      else if (c != ' ' && c != '\t' && c != '\r')
        return;
      ps->p++;
    }
}

static XpJsonNode *parse_value (Parser *ps);

static int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
read_hex4 (Parser   *ps,
           gunichar *out)
{
  gunichar v = 0;

  if (ps->end - ps->p < 4)
    return fail (ps, _("truncated \\u escape in a string"));

  for (int i = 0; i < 4; i++)
    {
      int h = hex_value (ps->p[i]);
      if (h < 0)
        return fail (ps, _("invalid \\u escape in a string"));
      v = (v << 4) | (gunichar) h;
    }
  ps->p += 4;
  *out = v;
  return TRUE;
}

/* Reads a string literal (ps->p at the opening quote) into scratch. */
static const char *
parse_string_raw (Parser *ps,
                  gsize  *len_out)
{
  const char *start;

  g_assert (*ps->p == '"');
  ps->p++;
  g_string_truncate (ps->scratch, 0);

  for (;;)
    {
      start = ps->p;
      while (ps->p < ps->end && *ps->p != '"' && *ps->p != '\\' && (guchar) *ps->p >= 0x20)
        ps->p++;
      g_string_append_len (ps->scratch, start, ps->p - start);

      if (ps->p >= ps->end)
        {
          fail (ps, _("unterminated string: the file looks truncated"));
          return NULL;
        }
      if (*ps->p == '"')
        {
          ps->p++;
          break;
        }
      if ((guchar) *ps->p < 0x20)
        {
          fail (ps, _("control character inside a string (escape it as \\n or \\u00XX)"));
          return NULL;
        }

      /* backslash */
      ps->p++;
      if (ps->p >= ps->end)
        {
          fail (ps, _("unterminated string: the file looks truncated"));
          return NULL;
        }
      switch (*ps->p++)
        {
        case '"': g_string_append_c (ps->scratch, '"'); break;
        case '\\': g_string_append_c (ps->scratch, '\\'); break;
        case '/': g_string_append_c (ps->scratch, '/'); break;
        case 'b': g_string_append_c (ps->scratch, '\b'); break;
        case 'f': g_string_append_c (ps->scratch, '\f'); break;
        case 'n': g_string_append_c (ps->scratch, '\n'); break;
        case 'r': g_string_append_c (ps->scratch, '\r'); break;
        case 't': g_string_append_c (ps->scratch, '\t'); break;
        case 'u':
          {
            gunichar c, low;

            if (!read_hex4 (ps, &c))
              return NULL;
            if (c >= 0xD800 && c <= 0xDBFF)
              {
                if (ps->end - ps->p < 6 || ps->p[0] != '\\' || ps->p[1] != 'u')
                  {
                    fail (ps, _("unpaired surrogate in a \\u escape"));
                    return NULL;
                  }
                ps->p += 2;
                if (!read_hex4 (ps, &low))
                  return NULL;
                if (low < 0xDC00 || low > 0xDFFF)
                  {
                    fail (ps, _("unpaired surrogate in a \\u escape"));
                    return NULL;
                  }
                c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
              }
            else if (c >= 0xDC00 && c <= 0xDFFF)
              {
                fail (ps, _("unpaired surrogate in a \\u escape"));
                return NULL;
              }
            if (c == 0)
              {
                fail (ps, _("a string contains \\u0000, which is not allowed"));
                return NULL;
              }
            g_string_append_unichar (ps->scratch, c);
          }
          break;
        default:
          fail (ps, _("invalid escape sequence in a string"));
          return NULL;
        }
    }

  *len_out = ps->scratch->len;
  return ps->scratch->str;
}

static XpJsonNode *
new_node (Parser     *ps,
          XpJsonType  type)
{
  XpJsonNode *node = arena_alloc (ps->doc, sizeof (XpJsonNode));

  node->type = type;
  node->line = ps->line;
  node->n = 0;
  node->text = NULL;
  return node;
}

static XpJsonNode *
parse_number (Parser *ps)
{
  const char *start = ps->p;
  XpJsonNode *node;

  if (ps->p < ps->end && *ps->p == '-')
    ps->p++;
  if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
    {
      fail (ps, _("invalid number"));
      return NULL;
    }
  if (*ps->p == '0')
    ps->p++;
  else
    while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
      ps->p++;
  if (ps->p < ps->end && *ps->p == '.')
    {
      ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        {
          fail (ps, _("invalid number: digits must follow the decimal point"));
          return NULL;
        }
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (ps->p < ps->end && (*ps->p == 'e' || *ps->p == 'E'))
    {
      ps->p++;
      if (ps->p < ps->end && (*ps->p == '+' || *ps->p == '-'))
        ps->p++;
      if (ps->p >= ps->end || !g_ascii_isdigit (*ps->p))
        {
          fail (ps, _("invalid number exponent"));
          return NULL;
        }
      while (ps->p < ps->end && g_ascii_isdigit (*ps->p))
        ps->p++;
    }
  if (ps->p - start > 64)
    {
      fail (ps, _("number too long"));
      return NULL;
    }

  node = new_node (ps, XP_JSON_NUMBER);
  node->text = arena_strndup (ps->doc, start, ps->p - start);
  return node;
}

static gboolean
match_word (Parser     *ps,
            const char *word)
{
  gsize len = strlen (word);

  if ((gsize) (ps->end - ps->p) >= len && memcmp (ps->p, word, len) == 0)
    {
      ps->p += len;
      return TRUE;
    }
  return FALSE;
}

static XpJsonNode *
parse_array (Parser *ps)
{
  XpJsonNode *node = new_node (ps, XP_JSON_ARRAY);
  g_autoptr(GPtrArray) items = g_ptr_array_new ();

  ps->p++; /* [ */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == ']')
    {
      ps->p++;
      return node;
    }

  for (;;)
    {
      XpJsonNode *value = parse_value (ps);

      if (value == NULL)
        return NULL;
      g_ptr_array_add (items, value);
      if (G_UNLIKELY (ps->progress != NULL && ps->p >= ps->next_report))
        report_progress (ps);
      skip_ws (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == ']')
        {
          ps->p++;
          break;
        }
      fail (ps, ps->p >= ps->end ? _("unexpected end of file inside an array: the file looks truncated")
                                 : _("expected ',' or ']' in an array"));
      return NULL;
    }

  node->n = items->len;
  node->items = arena_alloc (ps->doc, sizeof (XpJsonNode *) * items->len);
  memcpy (node->items, items->pdata, sizeof (XpJsonNode *) * items->len);
  return node;
}

static XpJsonNode *
parse_object (Parser *ps)
{
  XpJsonNode *node = new_node (ps, XP_JSON_OBJECT);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (XpJsonMember));
  GHashTable *seen = NULL;

  ps->p++; /* { */
  skip_ws (ps);
  if (ps->p < ps->end && *ps->p == '}')
    {
      ps->p++;
      return node;
    }

  for (;;)
    {
      XpJsonMember m;
      const char *raw;
      gsize len;
      gboolean duplicate = FALSE;

      skip_ws (ps);
      if (ps->p >= ps->end || *ps->p != '"')
        {
          fail (ps, ps->p >= ps->end ? _("unexpected end of file inside an object: the file looks truncated")
                                     : _("expected a quoted key in an object"));
          return NULL;
        }
      raw = parse_string_raw (ps, &len);
      if (raw == NULL)
        return NULL;
      if (memchr (raw, '\0', len) != NULL)
        {
          fail (ps, _("an object key contains a NUL character"));
          return NULL;
        }
      m.key = arena_strndup (ps->doc, raw, len);

      if (members->len >= 8 && seen == NULL)
        {
          /* Reuse this depth's table: creating one per object is a
           * tenth of the load time of a large project. */
          if (ps->seen[ps->depth] == NULL)
            ps->seen[ps->depth] = g_hash_table_new (g_str_hash, g_str_equal);
          seen = ps->seen[ps->depth];
          g_hash_table_remove_all (seen);
          for (guint i = 0; i < members->len; i++)
            g_hash_table_add (seen, (gpointer) g_array_index (members, XpJsonMember, i).key);
        }
      if (seen != NULL)
        duplicate = !g_hash_table_add (seen, (gpointer) m.key);
      else
        for (guint i = 0; i < members->len; i++)
          if (strcmp (g_array_index (members, XpJsonMember, i).key, m.key) == 0)
            duplicate = TRUE;
      if (duplicate)
        {
          fail (ps, _("duplicate key \"%s\" in an object: each key may appear once"), m.key);
          return NULL;
        }

      skip_ws (ps);
      if (ps->p >= ps->end || *ps->p != ':')
        {
          fail (ps, _("expected ':' after the key \"%s\""), m.key);
          return NULL;
        }
      ps->p++;
      m.value = parse_value (ps);
      if (m.value == NULL)
        return NULL;
      g_array_append_val (members, m);
      if (G_UNLIKELY (ps->progress != NULL && ps->p >= ps->next_report))
        report_progress (ps);

      skip_ws (ps);
      if (ps->p < ps->end && *ps->p == ',')
        {
          ps->p++;
          continue;
        }
      if (ps->p < ps->end && *ps->p == '}')
        {
          ps->p++;
          break;
        }
      fail (ps, ps->p >= ps->end ? _("unexpected end of file inside an object: the file looks truncated")
                                 : _("expected ',' or '}' in an object"));
      return NULL;
    }

  node->n = members->len;
  node->members = arena_alloc (ps->doc, sizeof (XpJsonMember) * members->len);
  memcpy (node->members, members->data, sizeof (XpJsonMember) * members->len);
  return node;
}

static XpJsonNode *
parse_value (Parser *ps)
{
  XpJsonNode *node = NULL;

  skip_ws (ps);
  if (ps->p >= ps->end)
    {
      fail (ps, _("unexpected end of file: the file looks truncated"));
      return NULL;
    }

  switch (*ps->p)
    {
    case '{':
    case '[':
      if (++ps->depth > XP_JSON_MAX_DEPTH)
        {
          fail (ps, _("nesting deeper than %d levels"), XP_JSON_MAX_DEPTH);
          return NULL;
        }
      node = *ps->p == '{' ? parse_object (ps) : parse_array (ps);
      ps->depth--;
      return node;

    case '"':
      {
        gsize len;
        const char *raw;

        node = new_node (ps, XP_JSON_STRING);
        raw = parse_string_raw (ps, &len);
        if (raw == NULL)
          return NULL;
        node->n = len;
        node->text = arena_strndup (ps->doc, raw, len);
        return node;
      }

    case 't':
      if (match_word (ps, "true"))
        return new_node (ps, XP_JSON_TRUE);
      break;
    case 'f':
      if (match_word (ps, "false"))
        return new_node (ps, XP_JSON_FALSE);
      break;
    case 'n':
      if (match_word (ps, "null"))
        return new_node (ps, XP_JSON_NULL);
      break;
    case 'N':
    case 'I':
      fail (ps, _("NaN and Infinity are not numbers in JSON"));
      return NULL;
    default:
      if (*ps->p == '-' || g_ascii_isdigit (*ps->p))
        {
          if (ps->p + 1 < ps->end && ps->p[0] == '-' && ps->p[1] == 'I')
            {
              fail (ps, _("NaN and Infinity are not numbers in JSON"));
              return NULL;
            }
          return parse_number (ps);
        }
      break;
    }

  fail (ps, _("unexpected character '%c'"), g_ascii_isprint (*ps->p) ? *ps->p : '?');
  return NULL;
}

XpJsonDoc *
xp_json_parse (const char  *data,
               gsize        len,
               const char  *display_name,
               GError     **error)
{
  return xp_json_parse_full (data, len, display_name, NULL, NULL, error);
}

XpJsonDoc *
xp_json_parse_full (const char     *data,
                    gsize           len,
                    const char     *display_name,
                    XpProgressFunc  progress,
                    gpointer        progress_data,
                    GError        **error)
{
  g_autoptr(XpJsonDoc) doc = NULL;
  const char *invalid = NULL;
  Parser ps = { 0 };

  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (display_name == NULL)
    display_name = "<input>";
  if (data == NULL)
    data = "";

  if (!g_utf8_validate_len (data, len, &invalid))
    {
      guint line = 1;

      for (const char *p = data; p < invalid; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   _("%s:%u: the file is not valid UTF-8 (byte offset %llu) — save it as UTF-8"),
                   display_name, line, (unsigned long long) (invalid - data));
      return NULL;
    }

  doc = g_new0 (XpJsonDoc, 1);
  ps.doc = doc;
  ps.p = data;
  ps.end = data + len;
  ps.name = display_name;
  ps.line = 1;
  ps.scratch = g_string_new (NULL);
  ps.start = data;
  ps.progress = progress;
  ps.progress_data = progress_data;
  ps.report_step = MAX (len / 100, 1);
  ps.next_report = data;

  /* A UTF-8 byte order mark is tolerated. */
  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    ps.p += 3;

  skip_ws (&ps);
  if (ps.p >= ps.end)
    fail (&ps, _("the file is empty"));
  else
    {
      doc->root = parse_value (&ps);
      if (doc->root != NULL)
        {
          skip_ws (&ps);
          if (ps.p < ps.end)
            fail (&ps, _("unexpected data after the end of the JSON document"));
        }
    }

  g_string_free (ps.scratch, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (ps.seen); i++)
    g_clear_pointer (&ps.seen[i], g_hash_table_unref);

  if (ps.error != NULL)
    {
      g_propagate_error (error, ps.error);
      return NULL;
    }

  return g_steal_pointer (&doc);
}

void
xp_json_doc_free (XpJsonDoc *doc)
{
  ArenaBlock *b, *next;

  if (doc == NULL)
    return;

  for (b = doc->blocks; b != NULL; b = next)
    {
      next = b->next;
      g_free (b);
    }
  g_free (doc);
}

XpJsonNode *
xp_json_doc_get_root (XpJsonDoc *doc)
{
  g_return_val_if_fail (doc != NULL, NULL);

  return doc->root;
}

XpJsonNode *
xp_json_object_get (XpJsonNode *object,
                    const char *key)
{
  g_return_val_if_fail (object != NULL, NULL);

  if (object->type != XP_JSON_OBJECT)
    return NULL;

  for (guint i = 0; i < object->n; i++)
    if (strcmp (object->members[i].key, key) == 0)
      return object->members[i].value;

  return NULL;
}

/* ---- writer ---- */

void
xp_json_writer_init (XpJsonWriter *w,
                     GString      *out)
{
  memset (w, 0, sizeof *w);
  w->out = out;
}

static void
writer_newline (XpJsonWriter *w)
{
  g_string_append_c (w->out, '\n');
  for (guint i = 0; i < w->depth; i++)
    g_string_append (w->out, "  ");
}

static void
writer_value_prefix (XpJsonWriter *w)
{
  if (w->after_key)
    {
      w->after_key = FALSE;
      return;
    }
  if (w->need_comma)
    g_string_append_c (w->out, ',');
  if (w->depth == 0)
    return;
  if (w->inline_depth == 0)
    writer_newline (w);
  else if (w->need_comma || w->kinds[w->depth - 1] == '{')
    g_string_append_c (w->out, ' ');
}

static void
writer_begin (XpJsonWriter *w,
              char          open,
              gboolean      inline_)
{
  g_assert (w->depth < G_N_ELEMENTS (w->kinds));

  writer_value_prefix (w);
  g_string_append_c (w->out, open);
  w->kinds[w->depth] = open;
  w->depth++;
  if (inline_ && w->inline_depth == 0)
    w->inline_depth = w->depth;
  w->need_comma = FALSE;
}

static void
writer_end (XpJsonWriter *w,
            char          close)
{
  gboolean empty = !w->need_comma;
  gboolean was_inline = w->inline_depth != 0;

  g_assert (w->depth > 0);
  if (w->inline_depth == w->depth)
    w->inline_depth = 0;
  w->depth--;
  if (!empty)
    {
      if (!was_inline)
        writer_newline (w);
      else if (close == '}')
        g_string_append_c (w->out, ' ');
    }
  g_string_append_c (w->out, close);
  w->need_comma = TRUE;
  if (w->depth == 0)
    g_string_append_c (w->out, '\n');
}

void
xp_json_writer_begin_object (XpJsonWriter *w,
                             gboolean      inline_)
{
  writer_begin (w, '{', inline_);
}

void
xp_json_writer_end_object (XpJsonWriter *w)
{
  writer_end (w, '}');
}

void
xp_json_writer_begin_array (XpJsonWriter *w,
                            gboolean      inline_)
{
  writer_begin (w, '[', inline_);
}

void
xp_json_writer_end_array (XpJsonWriter *w)
{
  writer_end (w, ']');
}

void
xp_json_append_escaped (GString    *out,
                        const char *value)
{
  g_string_append_c (out, '"');
  for (const char *p = value; *p; p++)
    {
      guchar c = (guchar) *p;

      switch (c)
        {
        case '"': g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        case '\b': g_string_append (out, "\\b"); break;
        case '\f': g_string_append (out, "\\f"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }
  g_string_append_c (out, '"');
}

void
xp_json_writer_key (XpJsonWriter *w,
                    const char   *key)
{
  writer_value_prefix (w);
  xp_json_append_escaped (w->out, key);
  g_string_append (w->out, ": ");
  w->after_key = TRUE;
}

void
xp_json_writer_string (XpJsonWriter *w,
                       const char   *value)
{
  if (value == NULL)
    {
      xp_json_writer_null (w);
      return;
    }
  writer_value_prefix (w);
  xp_json_append_escaped (w->out, value);
  w->need_comma = TRUE;
}

void
xp_json_writer_dec (XpJsonWriter *w,
                    XpDec         value)
{
  char buf[XP_DEC_BUF_SIZE];

  if (value == XP_DEC_NONE)
    {
      xp_json_writer_null (w);
      return;
    }
  writer_value_prefix (w);
  g_string_append (w->out, xp_dec_to_buf (value, buf));
  w->need_comma = TRUE;
}

void
xp_json_writer_int (XpJsonWriter *w,
                    gint64        value)
{
  writer_value_prefix (w);
  g_string_append_printf (w->out, "%" G_GINT64_FORMAT, value);
  w->need_comma = TRUE;
}

void
xp_json_writer_bool (XpJsonWriter *w,
                     gboolean      value)
{
  writer_value_prefix (w);
  g_string_append (w->out, value ? "true" : "false");
  w->need_comma = TRUE;
}

void
xp_json_writer_null (XpJsonWriter *w)
{
  writer_value_prefix (w);
  g_string_append (w->out, "null");
  w->need_comma = TRUE;
}
