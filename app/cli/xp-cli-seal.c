/* xp-cli-seal.c — xingping-cli audit, seal and reopen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xingping-cli"

#include "config.h"

#include <glib/gi18n.h>

#include <stdio.h>
#include <string.h>

#include "xp-cli-seal.h"
#include "xp-decimal.h"
#include "xp-json.h"
#include "xp-lock.h"
#include "xp-project.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

static int
fail_usage (GOptionContext *context,
            const char     *message)
{
  g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);

  g_printerr (_("xingping-cli: %s\n\n%s"), message, help);
  return EXIT_USAGE;
}

static int
fail (GError *error)
{
  g_printerr (_("xingping-cli: %s\n"), error->message);
  return EXIT_INVALID;
}

/* Parses the options; *rest gets the positionals (NULL-terminated). */
static GOptionContext *
parse (int            *argc,
       char         ***argv,
       GOptionEntry   *entries,
       const char     *parameter,
       const char     *summary,
       int            *code)
{
  GOptionContext *context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *code = fail_usage (context, error->message);
      g_option_context_free (context);
      return NULL;
    }
  return context;
}

/* Columns a terminal gives @text: CJK characters take two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_iszerowidth (c))
        continue;
      width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

static void
print_padded (GString    *out,
              const char *text,
              guint       width,
              gboolean    last)
{
  g_string_append (out, text);
  if (last)
    return;
  for (guint w = display_width (text); w < width + 2; w++)
    g_string_append_c (out, ' ');
}

enum { COL_AT, COL_BY, COL_ACTION, COL_BRANCH, COL_EVALUATOR, COL_ITEM, COL_OLD, COL_NEW, N_COLS };

static GString *
audit_table (GPtrArray *entries)
{
  static const char *headers[N_COLS] = {
    N_("TIME (UTC)"), N_("BY"), N_("ACTION"), N_("BRANCH"), N_("EVALUATOR"), N_("ITEM"), N_("OLD"), N_("NEW")
  };
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  guint widths[N_COLS];
  GString *out = g_string_new (NULL);

  for (guint c = 0; c < N_COLS; c++)
    widths[c] = display_width (_(headers[c]));

  for (guint i = 0; i < entries->len; i++)
    {
      const XpAuditEntry *e = g_ptr_array_index (entries, i);
      char **row = g_new0 (char *, N_COLS + 1);
      char buf[XP_DEC_BUF_SIZE];

      row[COL_AT] = xp_time_to_iso8601 (e->at);
      row[COL_BY] = g_strdup (e->by);
      row[COL_ACTION] = g_strdup (xp_audit_action_to_string (e->action));
      row[COL_BRANCH] = g_strdup (e->branch_id ? e->branch_id : "");
      row[COL_EVALUATOR] = g_strdup (e->evaluator_id ? e->evaluator_id : "");
      row[COL_ITEM] = g_strdup (e->item_id ? e->item_id : "");
      row[COL_OLD] = g_strdup (e->old_value != XP_DEC_NONE ? xp_dec_to_buf (e->old_value, buf) : "");
      if (e->action == XP_AUDIT_REOPEN)
        row[COL_NEW] = g_strdup_printf (_("reason: %s"), e->reason);
      else
        row[COL_NEW] = g_strdup (e->new_value != XP_DEC_NONE ? xp_dec_to_buf (e->new_value, buf) : "");
      /* one entry, one line */
      for (guint c = 0; c < N_COLS; c++)
        g_strdelimit (row[c], "\t\r\n", ' ');
      for (guint c = 0; c < N_COLS; c++)
        widths[c] = MAX (widths[c], display_width (row[c]));
      g_ptr_array_add (rows, row);
    }

  for (guint c = 0; c < N_COLS; c++)
    print_padded (out, _(headers[c]), widths[c], c == N_COLS - 1);
  g_string_append_c (out, '\n');
  for (guint i = 0; i < rows->len; i++)
    {
      char **row = g_ptr_array_index (rows, i);

      for (guint c = 0; c < N_COLS; c++)
        print_padded (out, row[c], widths[c], c == N_COLS - 1);
      /* no trailing blanks when the last columns are empty */
      while (out->len > 0 && out->str[out->len - 1] == ' ')
        g_string_truncate (out, out->len - 1);
      g_string_append_c (out, '\n');
    }
  return out;
}

static GString *
audit_json (GPtrArray *entries)
{
  GString *out = g_string_new (NULL);
  XpJsonWriter w;

  xp_json_writer_init (&w, out);
  xp_json_writer_begin_array (&w, FALSE);
  for (guint i = 0; i < entries->len; i++)
    {
      const XpAuditEntry *e = g_ptr_array_index (entries, i);
      g_autofree char *at = xp_time_to_iso8601 (e->at);

      xp_json_writer_begin_object (&w, TRUE);
      xp_json_writer_key (&w, "at");
      xp_json_writer_string (&w, at);
      xp_json_writer_key (&w, "by");
      xp_json_writer_string (&w, e->by);
      xp_json_writer_key (&w, "action");
      xp_json_writer_string (&w, xp_audit_action_to_string (e->action));
      if (e->branch_id)
        {
          xp_json_writer_key (&w, "branch");
          xp_json_writer_string (&w, e->branch_id);
          xp_json_writer_key (&w, "evaluator");
          xp_json_writer_string (&w, e->evaluator_id);
          xp_json_writer_key (&w, "item");
          xp_json_writer_string (&w, e->item_id);
        }
      if (e->old_value != XP_DEC_NONE)
        {
          xp_json_writer_key (&w, "old");
          xp_json_writer_dec (&w, e->old_value);
        }
      if (e->new_value != XP_DEC_NONE)
        {
          xp_json_writer_key (&w, "new");
          xp_json_writer_dec (&w, e->new_value);
        }
      if (e->reason)
        {
          xp_json_writer_key (&w, "reason");
          xp_json_writer_string (&w, e->reason);
        }
      xp_json_writer_end_object (&w);
    }
  xp_json_writer_end_array (&w);
  if (out->len == 0 || out->str[out->len - 1] != '\n')
    g_string_append_c (out, '\n');
  return out;
}

int
xp_cli_audit (int    argc,
              char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *branch_id = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GString) out = NULL;
  gboolean json = FALSE;
  int code = 0;
  GOptionEntry entries_opt[] = {
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch_id, N_("Only this branch's entries (seal and reopen included)"), "ID" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print JSON instead of a table"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  context = parse (&argc, &argv, entries_opt, "PROJECT",
                   N_("Print the project's audit log: every score set, changed or cleared, "
                   "with who and when, and every seal and reopen."), &code);
  if (context == NULL)
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return fail_usage (context, _("audit takes one project file"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return fail (error);

  entries = xp_project_list_audit (project, branch_id);
  if (branch_id != NULL && xp_project_lookup_branch (project, branch_id) == NULL)
    {
      gboolean mentioned = FALSE;

      for (guint i = 0; i < entries->len && !mentioned; i++)
        mentioned = ((const XpAuditEntry *) g_ptr_array_index (entries, i))->branch_id != NULL;
      if (!mentioned)
        {
          g_printerr (_("xingping-cli: %s: branch “%s” is not in the project and has no audit entries — check the id (xingping-cli info lists them)\n"),
                      rest[0], branch_id);
          return EXIT_INVALID;
        }
    }

  out = json ? audit_json (entries) : audit_table (entries);
  fputs (out->str, stdout);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_INVALID;
}

static int
seal_or_reopen (int      argc,
                char   **argv,
                gboolean seal)
{
  g_autoptr(GOptionContext) context = NULL;
  g_auto(GStrv) rest = NULL;
  g_autofree char *as = NULL;
  g_autofree char *reason = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpLock) lock = NULL;
  gboolean force = FALSE;
  int code = 0;
  GOptionEntry seal_entries[] = {
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Who does it (default: your name)"), "NAME" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Write even if the project is open elsewhere"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };
  GOptionEntry reopen_entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why it is reopened (kept in the audit log)"), "TEXT" },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Who does it (default: your name)"), "NAME" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Write even if the project is open elsewhere"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest, NULL, NULL },
    { NULL }
  };

  if (seal)
    context = parse (&argc, &argv, seal_entries, "PROJECT",
                     N_("Seal the assessment as final: scores, notes, branches and evaluators become "
                     "read-only until it is reopened. Logged in the audit with who and when."), &code);
  else
    context = parse (&argc, &argv, reopen_entries, "PROJECT",
                     N_("Reopen a sealed assessment so that it can be changed again. "
                     "Logged in the audit with who, when and why."), &code);
  if (context == NULL)
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return fail_usage (context, seal ? _("seal takes one project file") : _("reopen takes one project file"));
  if (!seal && (reason == NULL || *g_strstrip (reason) == '\0'))
    return fail_usage (context, _("reopen needs --reason TEXT (it is kept in the audit log)"));
  if (as != NULL && *g_strstrip (as) == '\0')
    return fail_usage (context, _("--as needs a name"));

  /* Locked before reading: a window with the project open would save
   * over the seal (or the reopening) without knowing. */
  lock = xp_lock_acquire (rest[0], FALSE, NULL, &error);
  if (lock == NULL && g_error_matches (error, XP_ERROR, XP_ERROR_LOCKED) && !force)
    {
      g_printerr (_("xingping-cli: %s; nothing was written (--force writes anyway)\n"), error->message);
      return EXIT_INVALID;
    }
  g_clear_error (&error);

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return fail (error);
  if (as != NULL)
    xp_project_set_actor (project, as);

  if (seal ? !xp_project_seal (project, &error) : !xp_project_reopen (project, reason, &error))
    {
      g_prefix_error (&error, "%s: ", rest[0]);
      return fail (error);
    }
  if (!xp_project_save_to_file (project, rest[0], &error))
    return fail (error);

  {
    const XpAuditEntry *entry = xp_project_get_audit_entry (project, xp_project_get_n_audit_entries (project) - 1);
    g_autofree char *when = xp_time_to_iso8601 (entry->at);

    if (seal)
      g_printerr (_("Sealed %s as final (by %s at %s)\n"), rest[0], entry->by, when);
    else
      g_printerr (_("Reopened %s (by %s at %s): %s\n"), rest[0], entry->by, when, entry->reason);
  }
  return EXIT_OK;
}

int
xp_cli_seal (int    argc,
             char **argv)
{
  return seal_or_reopen (argc, argv, TRUE);
}

int
xp_cli_reopen (int    argc,
               char **argv)
{
  return seal_or_reopen (argc, argv, FALSE);
}
