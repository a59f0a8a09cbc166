/* xp-csv.c — branch lists from CSV
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-csv"

#include "config.h"

#include <string.h>

#include "xp-csv.h"

#define XP_CSV_MAX_SIZE (16 * 1024 * 1024)

/* Splits RFC 4180 CSV into rows of fields; NULL on an unterminated quote. */
static GPtrArray *
csv_parse (const char  *data,
           gsize        len,
           const char  *name,
           GError     **error)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *row = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = data, *end = data + len;
  gboolean quoted = FALSE, any = FALSE;
  guint line = 1;

  if (len >= 3 && memcmp (p, "\xEF\xBB\xBF", 3) == 0)
    p += 3;

  for (; p < end; p++)
    {
      char c = *p;

      if (quoted)
        {
          if (c == '"' && p + 1 < end && p[1] == '"')
            {
              g_string_append_c (field, '"');
              p++;
            }
          else if (c == '"')
            quoted = FALSE;
          else
            {
              if (c == '\n')
                line++;
              g_string_append_c (field, c);
            }
          continue;
        }
      if (c == '"' && field->len == 0)
        {
          quoted = TRUE;
          any = TRUE;
        }
      else if (c == ',')
        {
          g_ptr_array_add (row, g_string_free (field, FALSE));
          field = g_string_new (NULL);
          any = TRUE;
        }
      else if (c == '\r')
        continue;
      else if (c == '\n')
        {
          line++;
          if (any || field->len > 0)
            {
              g_ptr_array_add (row, g_string_free (field, FALSE));
              g_ptr_array_add (rows, row);
              row = g_ptr_array_new_with_free_func (g_free);
            }
          else
            g_string_free (field, TRUE);
          field = g_string_new (NULL);
          any = FALSE;
        }
      else
        {
          g_string_append_c (field, c);
          any = TRUE;
        }
    }

  if (quoted)
    {
      g_ptr_array_unref (row);
      g_string_free (field, TRUE);
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   "%s:%u: a quoted field is not closed — add the missing \"", name, line);
      return NULL;
    }
  if (any || field->len > 0)
    {
      g_ptr_array_add (row, g_string_free (field, FALSE));
      g_ptr_array_add (rows, row);
    }
  else
    {
      g_string_free (field, TRUE);
      g_ptr_array_unref (row);
    }

  return g_steal_pointer (&rows);
}

gboolean
xp_csv_import_branches (XpProject   *project,
                        const char  *data,
                        gsize        len,
                        const char  *display_name,
                        GError     **error)
{
  static const char *columns[] = { "id", "name", "enterprise", "category", "members" };
  int col[G_N_ELEMENTS (columns)] = { -1, -1, -1, -1, -1 };
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GPtrArray) branches = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *header;
  const char *name = display_name ? display_name : "branches.csv";

  g_return_val_if_fail (XP_IS_PROJECT (project), FALSE);

  /* Parsing takes some 30 times the file's size in memory: a branch list
   * is never this big, so this is the wrong file. */
  if (len > XP_CSV_MAX_SIZE)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                   "%s: the file is %" G_GSIZE_FORMAT " bytes, larger than the %d MiB a branch list may have — choose the right file",
                   name, len, XP_CSV_MAX_SIZE / (1024 * 1024));
      return FALSE;
    }
  if (!g_utf8_validate_len (data, len, NULL))
    {
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                   "%s: the file is not UTF-8 — save it as “CSV UTF-8”", name);
      return FALSE;
    }
  rows = csv_parse (data, len, name, error);
  if (rows == NULL)
    return FALSE;
  if (rows->len == 0)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_PARSE, "%s: the file is empty — it needs a header row id,name,enterprise,category,members", name);
      return FALSE;
    }

  header = g_ptr_array_index (rows, 0);
  for (guint i = 0; i < header->len; i++)
    {
      g_autofree char *h = g_strstrip (g_ascii_strdown (g_ptr_array_index (header, i), -1));

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (strcmp (h, columns[c]) == 0)
          col[c] = i;
    }
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    if (col[c] < 0 && (c == 0 || c == 1 || c == 3))
      {
        g_set_error (error, XP_ERROR, XP_ERROR_PARSE,
                     "%s:1: the header has no “%s” column — the header row must name id,name,enterprise,category,members",
                     name, columns[c]);
        return FALSE;
      }

  for (guint r = 1; r < rows->len; r++)
    {
      GPtrArray *row = g_ptr_array_index (rows, r);
      const char *v[G_N_ELEMENTS (columns)] = { NULL };
      g_autoptr(XpBranch) branch = NULL;

      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        if (col[c] >= 0 && (guint) col[c] < row->len)
          v[c] = g_strstrip ((char *) g_ptr_array_index (row, col[c]));

      /* More fields than the header names: an unquoted comma, most
       * likely; refuse rather than drop the extra text silently. */
      for (guint f = header->len; f < row->len; f++)
        if (*g_strstrip ((char *) g_ptr_array_index (row, f)) != '\0')
          {
            g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                         "%s: row %u has %u fields but the header names %u — put a field that contains a comma in double quotes",
                         name, r + 1, row->len, header->len);
            return FALSE;
          }

      if (v[0] == NULL || *v[0] == '\0')
        {
          g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "%s: row %u: the id is empty — give every branch an id", name, r + 1);
          return FALSE;
        }
      if (xp_project_lookup_branch (project, v[0]) != NULL || !g_hash_table_add (ids, (gpointer) v[0]))
        {
          g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "%s: row %u: branch id “%s” is used twice — ids must be unique", name, r + 1, v[0]);
          return FALSE;
        }
      if (v[1] == NULL || *v[1] == '\0')
        {
          g_set_error (error, XP_ERROR, XP_ERROR_INVALID, "%s: row %u, branch %s: the name is empty — fill it in", name, r + 1, v[0]);
          return FALSE;
        }
      if (v[3] == NULL || xp_criteria_lookup_category (xp_project_get_criteria (project), v[3]) == NULL)
        {
          g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                       "%s: row %u, branch %s: category “%s” is not defined by the criteria — use one of its category ids",
                       name, r + 1, v[0], v[3] ? v[3] : "");
          return FALSE;
        }

      branch = xp_branch_new (v[0]);
      xp_branch_set_name (branch, v[1]);
      xp_branch_set_enterprise (branch, v[2]);
      xp_branch_set_category (branch, v[3]);
      if (v[4] != NULL && *v[4] != '\0')
        {
          guint64 members;

          if (!g_ascii_string_to_unsigned (v[4], 10, 0, 1000000, &members, NULL))
            {
              g_set_error (error, XP_ERROR, XP_ERROR_INVALID,
                           "%s: row %u, branch %s: members “%s” is not a whole number", name, r + 1, v[0], v[4]);
              return FALSE;
            }
          xp_branch_set_members (branch, (int) members);
        }
      g_ptr_array_add (branches, g_steal_pointer (&branch));
    }

  for (guint i = 0; i < branches->len; i++)
    if (!xp_project_add_branch (project, g_ptr_array_index (branches, i), error))
      return FALSE;

  return TRUE;
}
