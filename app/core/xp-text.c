/* xp-text.c — a text given in several languages (label, title, guidance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-text"

#include "config.h"

#include <string.h>

#include "xp-text.h"

typedef struct {
  char *lang;   /* NULL: the default text (no xml:lang) */
  char *value;
} XpTextEntry;

struct _XpText {
  GArray *entries; /* XpTextEntry, in the order they were set */
};

static void
xp_text_entry_clear (gpointer data)
{
  XpTextEntry *entry = data;

  g_clear_pointer (&entry->lang, g_free);
  g_clear_pointer (&entry->value, g_free);
}

/* Compares two language tags, treating "zh-CN" and "zh_CN" alike and
 * ignoring case, up to @len bytes of @b (-1: all of it). */
static gboolean
lang_equal (const char *a,
            const char *b,
            gssize      len)
{
  gsize n = len < 0 ? strlen (b) : (gsize) len;
  gsize i;

  for (i = 0; i < n; i++)
    {
      char ca = a[i];
      char cb = b[i];

      if (ca == '\0')
        return FALSE;
      if (ca == '-')
        ca = '_';
      if (cb == '-')
        cb = '_';
      if (g_ascii_tolower (ca) != g_ascii_tolower (cb))
        return FALSE;
    }

  return a[n] == '\0';
}

/* Length of the language part of a tag or locale name: "zh" of "zh_CN",
 * "zh-Hans" or "zh_CN.UTF-8@latin". */
static gsize
lang_base_len (const char *lang)
{
  return strcspn (lang, "_-.@");
}

/* Length of @lang without codeset and modifier: "zh_CN" of "zh_CN.UTF-8". */
static gsize
lang_tag_len (const char *lang)
{
  return strcspn (lang, ".@");
}

static const XpTextEntry *
find_default (const XpText *text)
{
  for (guint i = 0; i < text->entries->len; i++)
    {
      const XpTextEntry *entry = &g_array_index (text->entries, XpTextEntry, i);

      if (entry->lang == NULL)
        return entry;
    }

  return NULL;
}

/* Exact match of @lang, then of its language without territory.  No
 * fallback to the default. */
static const XpTextEntry *
find_lang (const XpText *text,
           const char   *lang)
{
  gsize tag_len = lang_tag_len (lang);
  gsize base_len = lang_base_len (lang);

  if (tag_len == 0)
    return NULL;

  for (guint i = 0; i < text->entries->len; i++)
    {
      const XpTextEntry *entry = &g_array_index (text->entries, XpTextEntry, i);

      if (entry->lang != NULL && lang_equal (entry->lang, lang, tag_len))
        return entry;
    }

  for (guint i = 0; i < text->entries->len; i++)
    {
      const XpTextEntry *entry = &g_array_index (text->entries, XpTextEntry, i);

      if (entry->lang != NULL && lang_equal (entry->lang, lang, base_len))
        return entry;
    }

  /* "zh" asked, "zh-CN" given: the same language. */
  for (guint i = 0; i < text->entries->len; i++)
    {
      const XpTextEntry *entry = &g_array_index (text->entries, XpTextEntry, i);
      gsize entry_base;

      if (entry->lang == NULL)
        continue;
      entry_base = lang_base_len (entry->lang);
      if (entry_base == base_len && g_ascii_strncasecmp (entry->lang, lang, base_len) == 0)
        return entry;
    }

  return NULL;
}

static const char *
fallback (const XpText *text)
{
  const XpTextEntry *entry = find_default (text);

  if (entry != NULL)
    return entry->value;
  if (text->entries->len > 0)
    return g_array_index (text->entries, XpTextEntry, 0).value;

  return NULL;
}

XpText *
xp_text_new (void)
{
  XpText *text = g_new0 (XpText, 1);

  text->entries = g_array_new (FALSE, TRUE, sizeof (XpTextEntry));
  g_array_set_clear_func (text->entries, xp_text_entry_clear);

  return text;
}

void
xp_text_free (XpText *text)
{
  if (text == NULL)
    return;

  g_array_unref (text->entries);
  g_free (text);
}

void
xp_text_set (XpText     *text,
             const char *lang,
             const char *value)
{
  XpTextEntry entry;

  g_return_if_fail (text != NULL);
  g_return_if_fail (value != NULL);

  if (lang != NULL && lang[0] == '\0')
    lang = NULL;

  for (guint i = 0; i < text->entries->len; i++)
    {
      XpTextEntry *old = &g_array_index (text->entries, XpTextEntry, i);

      if ((lang == NULL && old->lang == NULL) ||
          (lang != NULL && old->lang != NULL && lang_equal (old->lang, lang, -1)))
        {
          g_free (old->value);
          old->value = g_strdup (value);
          return;
        }
    }

  entry.lang = g_strdup (lang);
  entry.value = g_strdup (value);
  g_array_append_val (text->entries, entry);
}

const char *
xp_text_get (const XpText *text,
             const char   *lang)
{
  const XpTextEntry *entry;

  g_return_val_if_fail (text != NULL, NULL);

  if (lang != NULL && lang[0] != '\0' && (entry = find_lang (text, lang)) != NULL)
    return entry->value;

  return fallback (text);
}

const char *
xp_text_get_for_user (const XpText *text)
{
  const char * const *names;

  g_return_val_if_fail (text != NULL, NULL);

  names = g_get_language_names ();
  for (guint i = 0; names[i] != NULL; i++)
    {
      const XpTextEntry *entry;

      /* The C locale asks for no language in particular: the default. */
      if (g_str_equal (names[i], "C") || g_str_equal (names[i], "POSIX"))
        break;
      if ((entry = find_lang (text, names[i])) != NULL)
        return entry->value;
    }

  return fallback (text);
}

gboolean
xp_text_is_empty (const XpText *text)
{
  return text == NULL || text->entries->len == 0;
}

gboolean
xp_text_matches (const XpText *text,
                 const char   *value)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  folded = g_utf8_casefold (value, -1);
  for (guint i = 0; i < text->entries->len; i++)
    {
      const XpTextEntry *entry = &g_array_index (text->entries, XpTextEntry, i);
      g_autofree char *other = g_utf8_casefold (entry->value, -1);

      if (strcmp (folded, other) == 0)
        return TRUE;
    }
  return FALSE;
}
