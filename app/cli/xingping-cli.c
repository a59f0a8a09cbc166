/* xingping-cli.c — the core, headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xingping-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "xp-cli-seal.h"
#include "xp-consistency.h"
#include "xp-criteria.h"
#include "xp-csv.h"
#include "xp-decimal.h"
#include "xp-digest.h"
#include "xp-export.h"
#include "xp-merge.h"
#include "xp-lock.h"
#include "xp-project.h"
#include "xp-ranking.h"
#include "xp-report.h"

enum {
  EXIT_OK = 0,
  EXIT_INVALID = 1,
  EXIT_USAGE = 2,
};

static const char *usage_text =
  N_("Usage: xingping-cli COMMAND [OPTIONS]\n"
  "\n"
  "Commands:\n"
  "  validate CRITERIA.xml                 check a criteria scheme and summarise it\n"
  "  rank PROJECT [--json OUT.json] [--csv OUT.csv] [--xlsx OUT.xlsx]\n"
  "                                        write the ranked JSON (- for stdout) and/or\n"
  "                                        the ranking as a spreadsheet\n"
  "  info PROJECT                          branches, evaluators, completeness\n"
  "  new --criteria X.xml [--branches list.csv] [--title T] -o P.xingping\n"
  "      [--force]                         create a project (--force: even over one\n"
  "                                        that is open elsewhere)\n"
  "  report PROJECT --kind ranking|stars|sheets|blank|audit --pdf OUT.pdf [--branch ID]\n"
  "         [--group-by-category]\n"
  "                                        print a report to PDF (blank: PROJECT may\n"
  "                                        be a criteria .xml)\n"
  "  verify PROJECT --json RANKING.json    was the ranking made from exactly this data?\n"
  "  merge MASTER IN1 [IN2 …] -o OUT [--keep-mine|--take-theirs]\n"
  "        [--resolve BRANCH/EVALUATOR/ITEM=mine|theirs|N …] [--dry-run]\n"
  "                                        merge evaluators' files, score by score\n"
  "  audit PROJECT [--branch ID] [--json]  who changed which score when; seals, reopens\n"
  "  seal PROJECT [--as NAME] [--force]    mark the assessment final (read-only)\n"
  "  reopen PROJECT --reason TEXT [--as NAME]  allow changes again (logged)\n"
  "  consistency PROJECT [--deviation N]   how far the evaluators agree: offsets,\n"
  "                                        ICC(2,k), Kendall's W, flags, sensitive branches\n"
  "  import-branches PROJECT LIST.csv [-o OUT]\n"
  "                                        add branches from a CSV (UTF-8 or GBK)\n"
  "  import-scores PROJECT SCORES.csv [-o OUT] [--replace] [--as NAME]\n"
  "                                        set scores from a CSV (branch,evaluator,item,score)\n"
  "\n"
  "Exit status: 0 success, 1 invalid input (nothing written) or, for verify,\n"
  "a mismatch, 2 usage.\n"
  "Run 'xingping-cli COMMAND --help' for a command's options.\n");

/* Columns a terminal gives @text: CJK characters take two. */
static guint
display_width (const char *text)
{
  guint width = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_iszerowidth (c))
        width += g_unichar_iswide (c) ? 2 : 1;
    }
  return width;
}

/* Appends @text padded to @width columns (right-aligned if @right) and a space. */
static void
append_cell (GString    *out,
             const char *text,
             guint       width,
             gboolean    right)
{
  guint w = display_width (text);

  if (!right)
    g_string_append (out, text);
  for (; w < width; w++)
    g_string_append_c (out, ' ');
  if (right)
    g_string_append (out, text);
  g_string_append_c (out, ' ');
}

static int
usage_error (const char *message)
{
  g_printerr (_("xingping-cli: %s\n\n%s"), message, _(usage_text));
  return EXIT_USAGE;
}

static int
report_error (GError *error)
{
  g_printerr (_("xingping-cli: %s\n"), error->message);
  return EXIT_INVALID;
}

/* Parses "--name VALUE" options; returns the remaining positionals. */
static gboolean
parse_options (int           argc,
               char        **argv,
               GOptionEntry *entries,
               const char   *parameter,
               const char   *summary,
               char       ***rest,
               int          *exit_code)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;
  char **rest_ret = NULL;
  GOptionEntry all[16];
  guint n = 0;

  for (; entries && entries[n].long_name; n++)
    all[n] = entries[n];
  all[n++] = (GOptionEntry) { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &rest_ret, NULL, NULL };
  all[n] = (GOptionEntry) { NULL };

  g_option_context_set_translation_domain (context, GETTEXT_PACKAGE);
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, all, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      *exit_code = usage_error (error->message);
      return FALSE;
    }
  *rest = rest_ret;
  return TRUE;
}

static int
cmd_validate (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  guint n_dims, n_items = 0;
  guint n_stars, n_quotas;
  const XpStar *stars;
  char buf[XP_DEC_BUF_SIZE];
  int code = 0;

  if (!parse_options (argc, argv, NULL, "CRITERIA.xml",
                      N_("Check a criteria scheme against its RELAX NG schema and rules,\n"
                      "then print a summary: dimensions, items, total points, star ladder."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("validate takes one criteria file"));

  criteria = xp_criteria_new_from_file (rest[0], &error);
  if (criteria == NULL)
    return report_error (error);

  n_dims = g_list_model_get_n_items (xp_criteria_get_dimensions (criteria));
  g_print (_("%s: valid\n"), rest[0]);
  g_print (_("  scheme:     %s %s — %s\n"), xp_criteria_get_id (criteria),
           xp_criteria_get_version (criteria), xp_text_get (xp_criteria_get_title (criteria), NULL));
  g_print (_("  scale:      %s points, %u decimal places\n"),
           xp_dec_to_buf (xp_criteria_get_scale (criteria), buf), xp_criteria_get_precision (criteria));
  g_print (_("  dimensions: %u\n"), n_dims);
  for (guint d = 0; d < n_dims; d++)
    {
      g_autoptr(XpDimension) dim = g_list_model_get_item (xp_criteria_get_dimensions (criteria), d);
      guint k = g_list_model_get_n_items (xp_dimension_get_items (dim));
      g_autoptr(GString) cells = g_string_new ("    ");

      n_items += k;
      append_cell (cells, xp_dimension_get_id (dim), 4, FALSE);
      append_cell (cells, xp_text_get (xp_dimension_get_label (dim), NULL), 28, FALSE);
      g_print (_("%s%2u items, %s points\n"),
               cells->str, k, xp_dec_to_buf (xp_dimension_get_max (dim, NULL), buf));
    }
  g_print (_("  items:      %u dimension items, %u bonus, %u penalty\n"), n_items,
           xp_criteria_get_bonus_items (criteria)->len, xp_criteria_get_penalty_items (criteria)->len);
  for (guint c = 0; c < g_list_model_get_n_items (xp_criteria_get_categories (criteria)); c++)
    {
      g_autoptr(XpCategory) cat = g_list_model_get_item (xp_criteria_get_categories (criteria), c);

      g_print (_("  total for %s (%s): %s points\n"), xp_category_get_id (cat),
               xp_text_get (xp_category_get_label (cat), NULL),
               xp_dec_to_buf (xp_criteria_get_category_max (criteria, xp_category_get_id (cat)), buf));
    }
  if (xp_criteria_get_bonus_cap (criteria) != XP_DEC_NONE)
    g_print (_("  bonus cap:  %s\n"), xp_dec_to_buf (xp_criteria_get_bonus_cap (criteria), buf));
  if (xp_criteria_get_penalty_cap (criteria) != XP_DEC_NONE)
    g_print (_("  penalty cap: %s\n"), xp_dec_to_buf (xp_criteria_get_penalty_cap (criteria), buf));
  g_print (_("  vetoes:     %u\n"), g_list_model_get_n_items (xp_criteria_get_vetoes (criteria)));
  stars = xp_criteria_get_stars (criteria, &n_stars);
  g_print (_("  ladder:    "));
  for (guint s = 0; s < n_stars; s++)
    g_print (" %d★ ≥ %s", stars[s].level, xp_dec_to_buf (stars[s].min, buf));
  g_print ("\n");
  xp_criteria_get_quotas (criteria, &n_quotas);
  g_print (_("  aggregation: %s, min %u evaluators, quotas: %u\n"),
           xp_aggregation_to_string (xp_criteria_get_aggregation (criteria)),
           xp_criteria_get_min_evaluators (criteria), n_quotas);
  return EXIT_OK;
}

static gboolean
write_output (const char  *path,
              const char  *text,
              GError     **error)
{
  if (g_strcmp0 (path, "-") == 0)
    {
      fputs (text, stdout);
      return fflush (stdout) == 0;
    }
  return g_file_set_contents (path, text, -1, error);
}

/* ---- consistency (rank --deviation, the consistency command) ---- */

#define DEVIATION_OPTION(var) \
  { "deviation", 0, 0, G_OPTION_ARG_STRING, &(var), \
    /* xgettext:no-c-format */ \
    N_("Flag sheet totals more than N points from the group median (default: 10 % of the scale)"), "N" }

/* NULL (and *exit_code set) when --deviation is not a number ≥ 0. */
static XpConsistency *
new_consistency (XpRanking  *ranking,
                 const char *deviation_text,
                 int        *exit_code)
{
  XpDec deviation = XP_DEC_NONE;

  if (deviation_text != NULL && (!xp_dec_parse (deviation_text, -1, &deviation) || deviation < 0))
    {
      g_autofree char *message = g_strdup_printf (_("--deviation needs a number of points ≥ 0 (like 10 or 7.5), not “%s”"),
                                                  deviation_text);

      *exit_code = usage_error (message);
      return NULL;
    }
  return xp_consistency_new (ranking, deviation);
}

/* Three decimals, half away from zero, as in the ranked JSON. */
static double
round3 (double value)
{
  return round (value * 1000) / 1000;
}

static void
print_agreement (const char        *name,
                 const XpAgreement *a,
                 const char        *note)
{
  if (a->status == XP_AGREEMENT_OK)
    g_print (_("%-13s %.3f  (%u branches, %u evaluators%s)\n"), name, round3 (a->value), a->n_branches, a->n_evaluators, note);
  else
    g_print (_("%-13s -      not defined: %s (%u branches, %u evaluators)\n"), name,
             a->status == XP_AGREEMENT_FEW_EVALUATORS ? _("fewer than 2 evaluators") :
             a->status == XP_AGREEMENT_FEW_BRANCHES ? _("fewer than 2 branches scored by every evaluator") :
             _("no variance to compare"),
             a->n_branches, a->n_evaluators);
}

static int
cmd_consistency (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *deviation_text = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpConsistency) c = NULL;
  char buf[XP_DEC_BUF_SIZE], buf2[XP_DEC_BUF_SIZE];
  guint n_complete;
  int code = 0;
  GOptionEntry entries[] = {
    DEVIATION_OPTION (deviation_text),
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "PROJECT",
                      N_("How far the evaluation group agrees: per-evaluator offsets, ICC(2,k) and "
                      "Kendall's W, flags, and the branches whose stars or rank depend on one evaluator."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("consistency takes one project file"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return report_error (error);
  ranking = xp_ranking_new (project);
  if ((c = new_consistency (ranking, deviation_text, &code)) == NULL)
    return code;
  n_complete = xp_ranking_get_n_complete (ranking);

  g_print ("%s\n\n", xp_project_get_title (project));
  g_print (_("Per evaluator (offset: sheet total minus the other group evaluators' mean on the same branch)\n"));
  {
    g_autoptr(GString) header = g_string_new (NULL);

    append_cell (header, _("id"), 10, FALSE);
    append_cell (header, _("role"), 6, FALSE);
    append_cell (header, _("sheets"), 6, TRUE);
    append_cell (header, _("compared"), 8, TRUE);
    append_cell (header, _("mean offset"), 12, TRUE);
    append_cell (header, _("SD"), 8, TRUE);
    append_cell (header, _("flags"), 6, TRUE);
    g_print ("%s %s\n", header->str, _("name"));
  }
  for (guint i = 0; i < xp_consistency_get_n_evaluators (c); i++)
    {
      const XpEvaluatorStats *st = xp_consistency_get_evaluator (c, i);
      g_autofree char *mean = st->n_compared > 0 ? g_strdup_printf ("%+.3f", round3 (st->mean_offset)) : g_strdup ("-");
      g_autofree char *sd = st->n_compared > 1 ? g_strdup_printf ("%.3f", round3 (st->sd_offset)) : g_strdup ("-");

      g_print ("%-10s %-6s %6u %8u %12s %8s %6u  %s\n", xp_evaluator_get_id (st->evaluator),
               xp_role_to_string (xp_evaluator_get_role (st->evaluator)), st->n_sheets, st->n_compared,
               mean, sd, st->n_flags, xp_evaluator_get_name (st->evaluator));
    }

  g_print (_("\nAgreement of the group (on the branches every group evaluator with a complete sheet scored completely)\n"));
  print_agreement ("ICC(2,k)", xp_consistency_get_icc (c), _("; two-way random, absolute agreement, average measures"));
  print_agreement ("Kendall's W", xp_consistency_get_kendall_w (c), _("; ranks of the sheet totals, tie-corrected"));

  g_print (_("\nFlags (totals more than %s points from the group median; items whose scores spread over more than half their max): %u\n"),
           xp_dec_to_buf (xp_consistency_get_deviation (c), buf), xp_consistency_get_n_flags (c));
  for (guint i = 0; i < xp_consistency_get_n_flags (c); i++)
    {
      const XpConsistencyFlag *f = xp_consistency_get_flag (c, i);

      if (f->kind == XP_FLAG_DEVIATION)
        g_print (_("  %-8s total   %-8s %s is %s, group median %s  (%s)\n"), xp_branch_get_id (f->branch),
                 xp_evaluator_get_id (f->evaluator), xp_evaluator_get_name (f->evaluator),
                 xp_dec_to_buf (f->value, buf), xp_dec_to_buf (f->reference, buf2), xp_branch_get_name (f->branch));
      else
        {
          g_autofree char *max = xp_dec_format (xp_item_get_max (f->item));

          g_print (_("  %-8s item    %-8s scored %s to %s, max %s  (%s)\n"), xp_branch_get_id (f->branch),
                   xp_item_get_id (f->item), xp_dec_to_buf (f->value, buf), xp_dec_to_buf (f->reference, buf2),
                   max, xp_branch_get_name (f->branch));
        }
    }

  g_print (_("\nSensitive branches (stars or rank change when one group evaluator is left out): %u of %u\n"),
           xp_consistency_get_n_sensitive (c), n_complete);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (ranking)); i++)
    {
      g_autoptr(XpBranchResult) r = g_list_model_get_item (G_LIST_MODEL (ranking), i);
      XpBranch *branch = xp_branch_result_get_branch (r);
      guint n_flips;
      const XpFlip *flips = xp_consistency_get_flips (c, xp_branch_get_id (branch), &n_flips);

      if (flips == NULL)
        continue;
      g_print (_("  %-8s rank %u, %d stars  %s\n"), xp_branch_get_id (branch), xp_branch_result_get_rank (r),
               xp_branch_result_get_stars (r), xp_branch_get_name (branch));
      for (guint f = 0; f < n_flips; f++)
        g_print (_("             without %s %s: rank %u, %d stars\n"), xp_evaluator_get_id (flips[f].evaluator),
                 xp_evaluator_get_name (flips[f].evaluator), flips[f].rank, flips[f].stars);
    }
  return EXIT_OK;
}

static int
write_spreadsheets (XpRanking  *ranking,
                    const char *csv_path,
                    const char *xlsx_path)
{
  g_autoptr(GError) error = NULL;

  if (csv_path != NULL)
    {
      if (!xp_export_write_csv (ranking, csv_path, &error))
        return report_error (error);
      g_printerr (_("Wrote %s (%u branches)\n"), csv_path, g_list_model_get_n_items (G_LIST_MODEL (ranking)));
    }
  if (xlsx_path != NULL)
    {
      if (!xp_export_write_xlsx (ranking, xlsx_path, &error))
        return report_error (error);
      g_printerr (_("Wrote %s (%u branches)\n"), xlsx_path, g_list_model_get_n_items (G_LIST_MODEL (ranking)));
    }
  return EXIT_OK;
}

/* Reads a CSV against @project and prints what it found; NULL (after
 * printing every error) when it cannot be imported. */
static XpCsvPreview *
read_csv (XpProject  *project,
          XpCsvKind   kind,
          const char *path,
          XpCsvFlags  flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autofree char *data = NULL;
  g_autofree char *errors = NULL;
  const char *const *warnings;
  gsize len;
  GStatBuf st;

  /* A device (/dev/zero) would never end the read, a folder cannot
   * be read; a pipe (--branches <(…)) is fine. */
  if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode) && !S_ISFIFO (st.st_mode))
    {
      g_printerr (_("xingping-cli: %s: is not a regular file — choose a .csv file\n"), path);
      return NULL;
    }
  if (!g_file_get_contents (path, &data, &len, &error))
    {
      report_error (error);
      return NULL;
    }
  preview = xp_csv_preview_new (project, kind, data, len, path, flags);
  if (xp_csv_preview_get_encoding (preview) != NULL)
    g_printerr (_("Read %s: %s, %s-separated, %u rows\n"), path, xp_csv_preview_get_encoding (preview),
                xp_csv_preview_get_separator (preview) == '\t' ? _("tab") : xp_csv_preview_get_separator (preview) == ';' ? _("semicolon") : _("comma"),
                xp_csv_preview_get_n_rows (preview));
  warnings = xp_csv_preview_get_warnings (preview);
  for (guint i = 0; warnings[i]; i++)
    g_printerr (_("%s: note: %s\n"), path, warnings[i]);
  errors = xp_csv_preview_format_errors (preview);
  if (errors != NULL)
    {
      g_printerr ("%s\n", errors);
      g_printerr (g_dngettext (GETTEXT_PACKAGE, "xingping-cli: %s: %u error, nothing imported\n",
                               "xingping-cli: %s: %u errors, nothing imported\n", xp_csv_preview_get_n_errors (preview)),
                  path, xp_csv_preview_get_n_errors (preview));
      return NULL;
    }
  return g_steal_pointer (&preview);
}

/* import-branches and import-scores: read, check, apply, save. */
static gboolean lock_for_writing (const char  *path,
                                  gboolean     force,
                                  XpLock     **lock,
                                  GError     **error);

static int
import_csv (int         argc,
            char      **argv,
            XpCsvKind   kind)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *output = NULL, *as = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpCsvPreview) preview = NULL;
  g_autoptr(XpLock) lock = NULL;
  gboolean replace = FALSE, force = FALSE;
  guint changed = 0;
  int code = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("Write the result to FILE instead of changing PROJECT"), "FILE" },
    { "replace", 0, 0, G_OPTION_ARG_NONE, &replace, N_("Scores: replace scores the project already has (otherwise a different score is an error)"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Who enters the data, for the audit log (default: your name)"), "NAME" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Write even if the project is open elsewhere"), NULL },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, kind == XP_CSV_BRANCHES ? "PROJECT LIST.csv" : "PROJECT SCORES.csv",
                      kind == XP_CSV_BRANCHES
                        ? N_("Add the branches of a CSV list to a project.  The CSV may be UTF-8 (with or without BOM)\n"
                          "or GB18030/GBK, comma- or tab-separated, with a header row naming the columns in\n"
                          "Chinese or English: 编号/id, 名称/name, 企业/enterprise, 组建方式/category, 党员数/members,\n"
                          "书记/secretary, 成立时间/founded, 上年星级/previous_stars, 否决项/vetoes.\n"
                          "All or nothing: any error is listed with its line and nothing is changed.")
                        : N_("Set scores from a CSV with the columns branch, evaluator, item, score and optionally\n"
                          "note (支部, 考评人, 指标, 得分, 备注).  Branches and evaluators by id or exact name.\n"
                          "Every score is checked like a typed one; all or nothing."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 2)
    return usage_error (kind == XP_CSV_BRANCHES ? _("import-branches takes a project and a CSV file")
                                                : _("import-scores takes a project and a CSV file"));
  if (replace && kind == XP_CSV_BRANCHES)
    return usage_error (_("--replace is for import-scores"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return report_error (error);
  if (as != NULL)
    xp_project_set_actor (project, as);
  preview = read_csv (project, kind, rest[1], replace ? XP_CSV_REPLACE_SCORES : XP_CSV_FLAGS_NONE);
  if (preview == NULL)
    return EXIT_INVALID;
  if (!xp_csv_preview_apply (preview, project, &changed, &error) ||
      !lock_for_writing (output ? output : rest[0], force, &lock, &error) ||
      !xp_project_save_to_file (project, output ? output : rest[0], &error))
    return report_error (error);
  if (kind == XP_CSV_BRANCHES)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Added %u branch to %s\n", "Added %u branches to %s\n", changed),
                changed, output ? output : rest[0]);
  else
    /* Translators: the count of rows unchanged follows, e.g. "(3 rows unchanged)" */
    g_printerr (g_dngettext (GETTEXT_PACKAGE, "Set %u score in %s", "Set %u scores in %s", changed),
                changed, output ? output : rest[0]);
  if (kind != XP_CSV_BRANCHES)
    g_printerr (g_dngettext (GETTEXT_PACKAGE, " (%u row unchanged)\n", " (%u rows unchanged)\n",
                             xp_csv_preview_get_n_rows (preview) - changed),
                xp_csv_preview_get_n_rows (preview) - changed);
  return EXIT_OK;
}

static int
cmd_import_branches (int argc, char **argv)
{
  return import_csv (argc, argv, XP_CSV_BRANCHES);
}

static int
cmd_import_scores (int argc, char **argv)
{
  return import_csv (argc, argv, XP_CSV_SCORES);
}

static int
cmd_rank (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *json_path = NULL, *csv_path = NULL, *xlsx_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autofree char *json = NULL;
  g_autofree char *deviation_text = NULL;
  g_autoptr(XpConsistency) consistency = NULL;
  int code = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("Write the ranked JSON to FILE (- for stdout)"), "FILE" },
    DEVIATION_OPTION (deviation_text),
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the ranking table as CSV (UTF-8 with BOM, for Excel and WPS)"), "FILE" },
    { "xlsx", 0, 0, G_OPTION_ARG_FILENAME, &xlsx_path, N_("Write the ranking table and the dimension scores as XLSX"), "FILE" },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "PROJECT",
                      N_("Rank a project by the rules of its criteria and write the ranked JSON\n"
                      "and/or the ranking sheet's table as CSV or XLSX."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("rank takes one project file"));
  if (json_path == NULL && csv_path == NULL && xlsx_path == NULL)
    return usage_error (_("rank needs --json FILE (or --json - for stdout), --csv FILE or --xlsx FILE"));
  if (xlsx_path != NULL && !xp_export_has_xlsx ())
    return usage_error (_("this build cannot write XLSX (built without libxlsxwriter); use --csv"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return report_error (error);

  ranking = xp_ranking_new (project);
  if ((consistency = new_consistency (ranking, deviation_text, &code)) == NULL)
    return code;
  if (json_path != NULL)
    {
      json = xp_consistency_ranking_to_json (consistency, NULL);
      if (!write_output (json_path, json, &error))
        return report_error (error);
      if (g_strcmp0 (json_path, "-") != 0)
        g_printerr (_("Wrote %s (%u branches, %u complete)\n"), json_path,
                    g_list_model_get_n_items (G_LIST_MODEL (ranking)), xp_ranking_get_n_complete (ranking));
    }
  return write_spreadsheets (ranking, csv_path, xlsx_path);
}

static int
cmd_info (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  GListModel *branches, *evaluators;
  XpCriteria *criteria;
  int code = 0;

  if (!parse_options (argc, argv, NULL, "PROJECT",
                      N_("Show a project's branches, evaluators and how complete each evaluator's sheets are."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("info takes one project file"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return report_error (error);

  ranking = xp_ranking_new (project);
  criteria = xp_project_get_criteria (project);
  branches = xp_project_get_branches (project);
  evaluators = xp_project_get_evaluators (project);

  g_print ("%s\n", xp_project_get_title (project));
  g_print (_("criteria:   %s %s (sha256 %.12s…)\n"), xp_criteria_get_id (criteria),
           xp_criteria_get_version (criteria), xp_criteria_get_sha256 (criteria));
  g_print (_("branches:   %u (%u complete)\n"), g_list_model_get_n_items (branches),
           xp_ranking_get_n_complete (ranking));
  for (guint c = 0; c < g_list_model_get_n_items (xp_criteria_get_categories (criteria)); c++)
    {
      g_autoptr(XpCategory) cat = g_list_model_get_item (xp_criteria_get_categories (criteria), c);
      guint count = 0;
      g_autoptr(GString) cells = g_string_new ("  ");

      for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);
          count += g_strcmp0 (xp_branch_get_category (branch), xp_category_get_id (cat)) == 0;
        }
      append_cell (cells, xp_category_get_id (cat), 12, FALSE);
      append_cell (cells, xp_text_get (xp_category_get_label (cat), NULL), 8, FALSE);
      g_print ("%s%u\n", cells->str, count);
    }
  {
    const char *sealed_by;
    gint64 sealed_at;

    if (xp_project_get_seal (project, &sealed_by, &sealed_at))
      {
        g_autofree char *when = xp_time_to_iso8601 (sealed_at);
        g_print (_("sealed:     as final by %s at %s (xingping-cli reopen to change it)\n"), sealed_by, when);
      }
    g_print (_("audit:      %u entries (xingping-cli audit)\n"), xp_project_get_n_audit_entries (project));
  }
  g_print (_("evaluators: %u\n"), g_list_model_get_n_items (evaluators));
  for (guint e = 0; e < g_list_model_get_n_items (evaluators); e++)
    {
      g_autoptr(XpEvaluator) ev = g_list_model_get_item (evaluators, e);
      guint complete = 0, started = 0, scored_all = 0, items_all = 0;
      g_autoptr(GString) cells = g_string_new ("  ");

      for (guint b = 0; b < g_list_model_get_n_items (branches); b++)
        {
          g_autoptr(XpBranch) branch = g_list_model_get_item (branches, b);
          guint scored, n_items;

          xp_project_get_progress (project, xp_branch_get_id (branch), xp_evaluator_get_id (ev), &scored, &n_items);
          scored_all += scored;
          items_all += n_items;
          complete += scored == n_items;
          started += scored > 0 && scored < n_items;
        }
      append_cell (cells, xp_evaluator_get_id (ev), 8, FALSE);
      append_cell (cells, xp_evaluator_get_name (ev), 10, FALSE);
      append_cell (cells, xp_role_to_string (xp_evaluator_get_role (ev)), 5, FALSE);
      /* Translators: the id, name and role columns come first, already padded */
      g_print (_("%s%u/%u sheets complete, %u in progress, %u/%u items scored\n"),
               cells->str, complete,
               g_list_model_get_n_items (branches), started, scored_all, items_all);
    }
  return EXIT_OK;
}

/* A command that writes a project in place takes its lock first, so it
 * never overwrites a project open in the app or another command; with
 * --force it writes anyway.  Only "locked" stops it: a folder where no
 * lock can be written is left for the save to report. */
static gboolean
lock_for_writing (const char  *path,
                  gboolean     force,
                  XpLock     **lock,
                  GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  /* --force writes without taking the lock: the holder keeps it. */
  *lock = xp_lock_acquire (path, FALSE, NULL, &local_error);
  if (*lock != NULL || force || !g_error_matches (local_error, XP_ERROR, XP_ERROR_LOCKED))
    return TRUE;
  g_set_error (error, XP_ERROR, XP_ERROR_LOCKED, _("%s; nothing was written (--force writes anyway)"),
               local_error->message);
  return FALSE;
}

static int
cmd_new (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *criteria_path = NULL, *branches_path = NULL, *output = NULL, *title = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpLock) lock = NULL;
  gboolean force = FALSE;
  int code = 0;
  GOptionEntry entries[] = {
    { "criteria", 0, 0, G_OPTION_ARG_FILENAME, &criteria_path, N_("The criteria scheme (XML)"), "FILE" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Write even if the project is open elsewhere"), NULL },
    { "branches", 0, 0, G_OPTION_ARG_FILENAME, &branches_path, N_("A branch list: CSV (UTF-8 or GBK) with a header row such as id,name,enterprise,category,members or 编号,名称,企业,组建方式,党员数"), "FILE" },
    { "title", 0, 0, G_OPTION_ARG_STRING, &title, N_("The assessment's title"), "TEXT" },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The project file to create"), "FILE" },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "",
                      N_("Create a project from a criteria scheme and, optionally, a branch list."),
                      &rest, &code))
    return code;
  if (rest != NULL && rest[0] != NULL)
    return usage_error (_("new takes no positional arguments"));
  if (criteria_path == NULL || output == NULL)
    return usage_error (_("new needs --criteria FILE and -o FILE"));

  criteria = xp_criteria_new_from_file (criteria_path, &error);
  if (criteria == NULL)
    return report_error (error);
  project = xp_project_new (criteria);
  xp_project_set_title (project, title ? title : xp_text_get (xp_criteria_get_title (criteria), NULL));

  if (branches_path != NULL)
    {
      g_autoptr(XpCsvPreview) preview = read_csv (project, XP_CSV_BRANCHES, branches_path, XP_CSV_FLAGS_NONE);

      if (preview == NULL)
        return EXIT_INVALID;
      if (!xp_csv_preview_apply (preview, project, NULL, &error))
        return report_error (error);
    }

  if (!lock_for_writing (output, force, &lock, &error) ||
      !xp_project_save_to_file (project, output, &error))
    return report_error (error);
  g_printerr (_("Created %s (%u branches)\n"), output,
              g_list_model_get_n_items (xp_project_get_branches (project)));
  return EXIT_OK;
}

static gboolean
is_criteria_file (const char *path)
{
  g_autofree char *data = NULL;
  gsize len = 0;
  const char *p;

  if (g_str_has_suffix (path, ".xml"))
    return TRUE;
  if (!g_file_get_contents (path, &data, &len, NULL))
    return FALSE;
  for (p = data; *p && g_ascii_isspace (*p); p++)
    ;
  return *p == '<';
}

static int
cmd_report (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *kind_text = NULL, *pdf_path = NULL, *branch_id = NULL;
  gboolean group_by_category = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(XpReport) report = NULL;
  XpReportKind kind;
  int code = 0;
  GOptionEntry entries[] = {
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind_text, N_("ranking (排名表), stars (星级名单), sheets (评分表), blank (空白评分表) or audit (评分变更记录)"), "KIND" },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path, N_("Write the report to this PDF file"), "FILE" },
    { "branch", 0, 0, G_OPTION_ARG_STRING, &branch_id, N_("Only this branch (sheets, audit), or pre-fill its facts (blank)"), "ID" },
    { "group-by-category", 0, 0, G_OPTION_ARG_NONE, &group_by_category, N_("Group the ranking's rows by category (组建方式)"), NULL },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "PROJECT",
                      N_("Lay out a printed report and write it as PDF (A4; the ranking is landscape).\n"
                      "For --kind blank, PROJECT may be a criteria XML file instead of a project."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("report takes one project (or, with --kind blank, criteria) file"));
  if (kind_text == NULL || !xp_report_kind_from_string (kind_text, &kind))
    return usage_error (_("report needs --kind ranking, stars, sheets, blank or audit"));
  if (pdf_path == NULL)
    return usage_error (_("report needs --pdf FILE"));
  if (group_by_category && kind != XP_REPORT_RANKING)
    return usage_error (_("--group-by-category applies to --kind ranking only"));

  if (kind == XP_REPORT_BLANK && is_criteria_file (rest[0]))
    {
      g_autoptr(XpCriteria) criteria = xp_criteria_new_from_file (rest[0], &error);

      if (criteria == NULL)
        return report_error (error);
      if (branch_id != NULL)
        return usage_error (_("--branch needs a project, not a criteria file"));
      report = xp_report_new_blank (criteria);
    }
  else
    {
      project = xp_project_new_from_file (rest[0], &error);
      if (project == NULL)
        return report_error (error);
      if (branch_id != NULL && xp_project_lookup_branch (project, branch_id) == NULL)
        {
          g_printerr (_("xingping-cli: %s: no branch with id “%s” — run 'xingping-cli info %s' to list them\n"),
                      rest[0], branch_id, rest[0]);
          return EXIT_INVALID;
        }
      ranking = xp_ranking_new (project);
      report = xp_report_new (ranking, kind);
    }
  if (branch_id != NULL)
    xp_report_set_branch (report, branch_id);
  xp_report_set_group_by_category (report, group_by_category);

  if (!xp_report_write_pdf (report, pdf_path, &error))
    return report_error (error);
  g_printerr (_("Wrote %s (%u pages)\n"), pdf_path, xp_report_get_n_pages (report));
  return EXIT_OK;
}

/* Text of a JSON member for messages and comparison: "null" when absent
 * or null, numbers in the shortest exact decimal form. */
static char *
json_member_text (JsonObject *object,
                  const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("null");
  if (JSON_NODE_HOLDS_VALUE (node))
    {
      GType type = json_node_get_value_type (node);

      if (type == G_TYPE_INT64)
        return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      if (type == G_TYPE_DOUBLE)
        {
          XpDec value;

          if (xp_dec_from_double (json_node_get_double (node), &value))
            return xp_dec_format (value);
          return g_strdup (_("(out of range)"));
        }
      if (type == G_TYPE_STRING)
        return g_strdup (json_node_get_string (node));
      if (type == G_TYPE_BOOLEAN)
        return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    }
  return g_strdup (_("(not a value)"));
}

static guint
compare_field (const char *branch_id,
               const char *field,
               JsonObject *in_ranking,
               char       *from_project)
{
  g_autofree char *expected = from_project;
  g_autofree char *found = json_member_text (in_ranking, field);

  if (g_strcmp0 (expected, found) == 0)
    return 0;
  g_print (_("branch %s: %s %s in the ranking, %s from the project\n"),
           branch_id, field, found, expected);
  return 1;
}

static int
cmd_verify (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_autofree char *json_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpRanking) ranking = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GHashTable) seen = NULL;
  g_autofree char *digest = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonArray *branches;
  const char *stored_digest;
  guint n_results, n_differences = 0;
  int code = 0;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_FILENAME, &json_path, N_("The ranked JSON to check (written by rank)"), "FILE" },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "PROJECT",
                      N_("Check that a ranked JSON was produced from exactly this project's data."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) != 1)
    return usage_error (_("verify takes one project file"));
  if (json_path == NULL)
    return usage_error (_("verify needs --json RANKING.json"));

  project = xp_project_new_from_file (rest[0], &error);
  if (project == NULL)
    return report_error (error);

  parser = json_parser_new ();
  if (!json_parser_load_from_file (parser, json_path, &error))
    {
      g_printerr (_("xingping-cli: %s: %s\n"), json_path, error->message);
      return EXIT_INVALID;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root)
      || g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (root), "format", NULL),
                    "xingping-ranking") != 0)
    {
      g_printerr (_("xingping-cli: %s: not a ranked JSON (no \"format\": \"xingping-ranking\") — write one with 'xingping-cli rank'\n"),
                  json_path);
      return EXIT_INVALID;
    }
  object = json_node_get_object (root);
  stored_digest = json_object_get_string_member_with_default (object, "digest", NULL);
  if (stored_digest == NULL)
    {
      g_printerr (_("xingping-cli: %s: the ranking has no \"digest\" — it was made by an older version; rank the project again\n"),
                  json_path);
      return EXIT_INVALID;
    }
  if (!json_object_has_member (object, "branches")
      || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "branches")))
    {
      g_printerr (_("xingping-cli: %s: the ranking has no \"branches\" list\n"), json_path);
      return EXIT_INVALID;
    }
  branches = json_object_get_array_member (object, "branches");

  digest = xp_project_compute_digest (project);
  ranking = xp_ranking_new (project);

  if (g_strcmp0 (digest, stored_digest) != 0)
    {
      g_print (_("digest differs: the project's data changed since the ranking was made "
               "(ranking %s, project %s)\n"), stored_digest, digest);
      n_differences++;
    }

  /* Index the ranking's branches by id. */
  seen = g_hash_table_new (g_str_hash, g_str_equal);
  {
    g_autoptr(GHashTable) by_id = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < json_array_get_length (branches); i++)
      {
        JsonNode *node = json_array_get_element (branches, i);
        const char *id;

        if (!JSON_NODE_HOLDS_OBJECT (node)
            || (id = json_object_get_string_member_with_default (json_node_get_object (node), "id", NULL)) == NULL)
          {
            g_print (_("ranking: branch entry %u has no id\n"), i + 1);
            n_differences++;
            continue;
          }
        g_hash_table_insert (by_id, (gpointer) id, json_node_get_object (node));
      }

    n_results = g_list_model_get_n_items (G_LIST_MODEL (ranking));
    for (guint i = 0; i < n_results; i++)
      {
        g_autoptr(XpBranchResult) result = g_list_model_get_item (G_LIST_MODEL (ranking), i);
        XpBranch *branch = xp_branch_result_get_branch (result);
        const char *id = xp_branch_get_id (branch);
        gboolean complete = xp_branch_result_is_complete (result);
        XpGrade *grade = xp_branch_result_get_grade (result);
        JsonObject *entry = g_hash_table_lookup (by_id, id);
        XpDec score = xp_branch_result_get_score (result);

        if (entry == NULL)
          {
            g_print (_("branch %s: missing from the ranking, present in the project\n"), id);
            n_differences++;
            continue;
          }
        g_hash_table_add (seen, (gpointer) id);
        n_differences += compare_field (id, "rank", entry,
                                        complete ? g_strdup_printf ("%u", xp_branch_result_get_rank (result))
                                                 : g_strdup ("null"));
        n_differences += compare_field (id, "score", entry,
                                        score != XP_DEC_NONE ? xp_dec_format (score) : g_strdup ("null"));
        n_differences += compare_field (id, "stars", entry,
                                        complete ? g_strdup_printf ("%d", xp_branch_result_get_stars (result))
                                                 : g_strdup ("null"));
        n_differences += compare_field (id, "grade", entry,
                                        g_strdup (grade ? xp_grade_get_id (grade) : "null"));
      }

    {
      GHashTableIter iter;
      gpointer key;

      g_hash_table_iter_init (&iter, by_id);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        if (!g_hash_table_contains (seen, key))
          {
            g_print (_("branch %s: in the ranking, not in the project\n"), (const char *) key);
            n_differences++;
          }
    }
  }

  if (n_differences > 0)
    {
      g_print (g_dngettext (GETTEXT_PACKAGE,
                            "MISMATCH: the ranking %s was not produced from exactly this data (%u difference)\n",
                            "MISMATCH: the ranking %s was not produced from exactly this data (%u differences)\n",
                            n_differences),
               json_path, n_differences);
      return EXIT_INVALID;
    }
  g_print (_("OK: the ranking was produced from exactly this data (digest %s)\n"), digest);
  return EXIT_OK;
}

/* ---- merge: evaluators' files into the master (issue 5) ---- */

static const char *
merge_value_text (XpDec  value,
                  char  *buf)
{
  return value == XP_DEC_NONE ? _("(none)") : xp_dec_to_buf (value, buf);
}

static void
print_merge_side (XpMerge           *merge,
                  const char        *label,
                  const XpMergeSide *side)
{
  char buf[XP_DEC_BUF_SIZE];

  g_print ("    %-7s %-8s %s", label, merge_value_text (side->value, buf),
           side->source == 0 ? _("master") : "");
  if (side->source > 0)
    g_print (_("IN%u"), side->source);
  g_print (" (%s)", xp_merge_get_source_name (merge, side->source));
  if (side->value != XP_DEC_NONE && side->by != NULL)
    g_print (_(", entered by %s"), side->by);
  if (side->value != XP_DEC_NONE && side->at != 0)
    {
      g_autofree char *at = xp_time_to_iso8601 (side->at);

      g_print (_(" at %s"), at);
    }
  if (side->note != NULL)
    g_print (_(", note “%s”"), side->note);
  if (side->deductions != NULL)
    g_print (_(", deductions %s"), side->deductions);
  g_print ("\n");
}

static void
print_merge_conflict (XpMerge       *merge,
                      XpProject     *master,
                      XpMergeChange *change)
{
  g_autofree char *key = xp_merge_change_get_key (change);
  XpBranch *branch = xp_project_lookup_branch (master, change->branch_id);
  XpEvaluator *evaluator = xp_project_lookup_evaluator (master, change->evaluator_id);
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (master), change->item_id);
  guint theirs = xp_merge_change_get_theirs (change);

  g_print (_("CONFLICT %s: branch %s “%s”, evaluator %s “%s”, item %s “%s”\n"), key,
           change->branch_id, branch ? xp_branch_get_name (branch) : _("(new)"),
           change->evaluator_id, evaluator ? xp_evaluator_get_name (evaluator) : _("(new)"),
           change->item_id, item ? xp_text_get (xp_item_get_label (item), NULL) : "");
  print_merge_side (merge, _("mine"), &change->mine);
  for (guint i = 0; i < change->theirs->len; i++)
    print_merge_side (merge, _("theirs"), g_ptr_array_index (change->theirs, i));
  if (change->resolution == XP_MERGE_MINE)
    g_print (_("    → keep mine\n"));
  else if (change->resolution > 0)
    g_print (_("    → take IN%d\n"), change->resolution);
  else if (theirs == 0)
    g_print (_("    unresolved: the incoming files disagree — resolve with --resolve %s=mine or =N for file INn\n"), key);
  else
    g_print (_("    unresolved: --resolve %s=mine|theirs\n"), key);
}

/* "BRANCH/EVALUATOR/ITEM=mine|theirs|N" */
static gboolean
apply_resolve_option (XpMerge     *merge,
                      const char  *option,
                      int         *exit_code)
{
  g_autofree char *key = g_strdup (option);
  char *choice = strrchr (key, '=');
  char *first, *last;
  XpMergeChange *change;
  g_autoptr(GError) error = NULL;
  int resolution;
  guint64 n;

  first = strchr (key, '/');
  last = strrchr (key, '/');
  if (choice == NULL || first == NULL || first == last || last > choice)
    {
      g_autofree char *message = g_strdup_printf (_("--resolve %s: write BRANCH/EVALUATOR/ITEM=mine|theirs|N"), option);
      *exit_code = usage_error (message);
      return FALSE;
    }
  *choice++ = '\0';
  *first = '\0';
  *last = '\0';

  change = xp_merge_lookup_change (merge, key, first + 1, last + 1);
  if (change == NULL || change->kind != XP_MERGE_CONFLICT)
    {
      g_printerr (_("xingping-cli: --resolve %s: there is no conflict at branch %s, evaluator %s, item %s — "
                  "run without --resolve to list the conflicts\n"), option, key, first + 1, last + 1);
      *exit_code = EXIT_INVALID;
      return FALSE;
    }
  if (g_ascii_strcasecmp (choice, "mine") == 0)
    resolution = XP_MERGE_MINE;
  else if (g_ascii_strcasecmp (choice, "theirs") == 0)
    {
      resolution = (int) xp_merge_change_get_theirs (change);
      if (resolution == 0)
        {
          g_printerr (_("xingping-cli: --resolve %s: the incoming files disagree there — "
                      "name the file to take, e.g. %s/%s/%s=2 for IN2\n"), option, key, first + 1, last + 1);
          *exit_code = EXIT_INVALID;
          return FALSE;
        }
    }
  else if (g_ascii_string_to_unsigned (g_ascii_strncasecmp (choice, "in", 2) == 0 ? choice + 2 : choice,
                                       10, 1, xp_merge_get_n_sources (merge), &n, NULL))
    resolution = (int) n;
  else
    {
      g_autofree char *message = g_strdup_printf (_("--resolve %s: “%s” is not mine, theirs or a file number 1…%u"),
                                                  option, choice, xp_merge_get_n_sources (merge));
      *exit_code = usage_error (message);
      return FALSE;
    }
  if (!xp_merge_resolve (merge, change, resolution, &error))
    {
      *exit_code = report_error (error);
      return FALSE;
    }
  return TRUE;
}

static void
print_merge_summary (XpMerge *merge)
{
  XpMergeSummary s;

  xp_merge_get_summary (merge, &s);
  g_print (g_dngettext (GETTEXT_PACKAGE, "Merge of %u file:\n", "Merge of %u files:\n",
                        xp_merge_get_n_sources (merge)),
           xp_merge_get_n_sources (merge));
  g_print (_("  scores added:       %u\n"), s.scores_added);
  g_print (_("  notes added:        %u\n"), s.notes_added);
  g_print (_("  deductions added:   %u\n"), s.deductions_added);
  g_print (_("  identical:          %u\n"), s.identical);
  g_print (_("  conflicts resolved: %u of %u (kept mine %u, took theirs %u)\n"),
           s.kept_mine + s.took_theirs, s.conflicts, s.kept_mine, s.took_theirs);
  g_print (_("  branches added:     %u\n"), s.branches_added);
  g_print (_("  evaluators added:   %u\n"), s.evaluators_added);
  g_print (_("  warnings:           %u\n"), s.warnings);
}

static int
cmd_merge (int argc, char **argv)
{
  g_auto(GStrv) rest = NULL;
  g_auto(GStrv) resolve = NULL;
  g_autofree char *output = NULL;
  g_autofree char *as = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) master = NULL;
  g_autoptr(XpMerge) merge = NULL;
  g_autoptr(XpLock) lock = NULL;
  g_autoptr(GPtrArray) incoming = g_ptr_array_new_with_free_func (g_object_unref);
  gboolean keep_mine = FALSE, take_theirs = FALSE, dry_run = FALSE, force = FALSE;
  GPtrArray *changes, *identities, *warnings;
  guint unresolved;
  int code = 0;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("The merged project to write (may be MASTER itself; written atomically)"), "FILE" },
    { "keep-mine", 0, 0, G_OPTION_ARG_NONE, &keep_mine, N_("Resolve every other conflict by keeping the master's value"), NULL },
    { "take-theirs", 0, 0, G_OPTION_ARG_NONE, &take_theirs, N_("Resolve every other conflict by taking the incoming value"), NULL },
    { "resolve", 0, 0, G_OPTION_ARG_STRING_ARRAY, &resolve, N_("Resolve one conflict: mine, theirs, or N to take file INn (repeatable)"), "BRANCH/EVALUATOR/ITEM=mine|theirs|N" },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &dry_run, N_("Show what the merge would do; write nothing"), NULL },
    { "as", 0, 0, G_OPTION_ARG_STRING, &as, N_("Who merges, for the audit log (default: your name); merged scores keep who entered them"), "NAME" },
    { "force", 0, 0, G_OPTION_ARG_NONE, &force, N_("Write even if the output project is open elsewhere"), NULL },
    { NULL }
  };

  if (!parse_options (argc, argv, entries, "MASTER IN1 [IN2 …]",
                      N_("Merge evaluators' project files into the master, score by score.\n"
                      "\n"
                      "Per branch, evaluator and item: a score or note only an incoming file has\n"
                      "is added; an identical one changes nothing; a different value (or note)\n"
                      "is a conflict, also between two incoming files. A score an incoming file\n"
                      "lacks is never deleted. Branches and evaluators are matched by id; an id\n"
                      "that names something else on two sides stops the merge. Files made from\n"
                      "another criteria scheme are refused; another title is only a warning.\n"
                      "\n"
                      "Unless every conflict is resolved (--resolve, --keep-mine, --take-theirs)\n"
                      "the conflicts are listed and nothing is written (exit 1)."),
                      &rest, &code))
    return code;
  if (rest == NULL || g_strv_length (rest) < 2)
    return usage_error (_("merge takes the master and at least one incoming file"));
  if (output == NULL && !dry_run)
    return usage_error (_("merge needs -o FILE (or --dry-run)"));
  if (keep_mine && take_theirs)
    return usage_error (_("merge takes --keep-mine or --take-theirs, not both"));

  master = xp_project_new_from_file (rest[0], &error);
  if (master == NULL)
    return report_error (error);
  if (as != NULL)
    xp_project_set_actor (master, as);
  merge = xp_merge_new (master);
  xp_merge_set_master_name (merge, rest[0]);
  for (guint k = 1; rest[k] != NULL; k++)
    {
      XpProject *project = xp_project_new_from_file (rest[k], &error);

      if (project == NULL)
        return report_error (error);
      g_ptr_array_add (incoming, project);
      if (!xp_merge_add_source (merge, project, rest[k], NULL, &error))
        {
          g_printerr (_("xingping-cli: IN%u %s\n"), k, error->message);
          return EXIT_INVALID;
        }
    }

  warnings = xp_merge_get_warnings (merge);
  for (guint i = 0; i < warnings->len; i++)
    g_print (_("warning: %s\n"), (const char *) g_ptr_array_index (warnings, i));

  identities = xp_merge_get_identity_conflicts (merge);
  if (identities->len > 0)
    {
      for (guint i = 0; i < identities->len; i++)
        {
          g_autofree char *line = xp_merge_identity_to_string (merge, g_ptr_array_index (identities, i));

          g_print (_("IDENTITY %s\n"), line);
        }
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "xingping-cli: %u id means different things in different files — "
                               "make the branch or evaluator agree (or give one a new id); nothing was written\n",
                               "xingping-cli: %u ids mean different things in different files — "
                               "make the branch or evaluator agree (or give one a new id); nothing was written\n",
                               identities->len),
                  identities->len);
      return EXIT_INVALID;
    }

  for (guint i = 0; resolve != NULL && resolve[i] != NULL; i++)
    if (!apply_resolve_option (merge, resolve[i], &code))
      return code;
  if (keep_mine || take_theirs)
    xp_merge_resolve_all (merge, take_theirs);

  changes = xp_merge_get_changes (merge);
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);

      if (change->kind == XP_MERGE_CONFLICT)
        print_merge_conflict (merge, master, change);
    }
  print_merge_summary (merge);

  unresolved = xp_merge_count_unresolved (merge);
  if (unresolved > 0)
    {
      g_printerr (g_dngettext (GETTEXT_PACKAGE,
                               "xingping-cli: %u conflict not resolved — use --resolve BRANCH/EVALUATOR/ITEM=mine|theirs, "
                               "--keep-mine or --take-theirs; nothing was written\n",
                               "xingping-cli: %u conflicts not resolved — use --resolve BRANCH/EVALUATOR/ITEM=mine|theirs, "
                               "--keep-mine or --take-theirs; nothing was written\n",
                               unresolved),
                  unresolved);
      return EXIT_INVALID;
    }
  if (dry_run)
    {
      g_print (_("Dry run: nothing was written.\n"));
      return EXIT_OK;
    }

  if (!xp_merge_apply (merge, &error) ||
      !lock_for_writing (output, force, &lock, &error) ||
      !xp_project_save_to_file (master, output, &error))
    return report_error (error);
  g_print (_("Wrote %s\n"), output);
  return EXIT_OK;
}

int
main (int argc, char **argv)
{
  static const struct {
    const char *name;
    int (*run) (int, char **);
  } commands[] = {
    { "validate", cmd_validate },
    { "rank", cmd_rank },
    { "info", cmd_info },
    { "new", cmd_new },
    { "report", cmd_report },
    { "verify", cmd_verify },
    { "merge", cmd_merge },
    { "audit", xp_cli_audit }, { "seal", xp_cli_seal }, { "reopen", xp_cli_reopen },
    { "consistency", cmd_consistency },
    { "import-branches", cmd_import_branches },
    { "import-scores", cmd_import_scores },
  };

  setlocale (LC_ALL, "");
  /* $XINGPING_LOCALEDIR: the build tree's po/ for uninstalled runs, as for the GUI */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("XINGPING_LOCALEDIR") != NULL && *g_getenv ("XINGPING_LOCALEDIR") != '\0'
                                   ? g_getenv ("XINGPING_LOCALEDIR") : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2)
    return usage_error (_("no command given"));
  if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 || strcmp (argv[1], "help") == 0)
    {
      g_print ("%s", _(usage_text));
      return EXIT_OK;
    }
  if (strcmp (argv[1], "--version") == 0)
    {
      g_print (_("xingping-cli %s\n"), PACKAGE_VERSION);
      return EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (strcmp (argv[1], commands[i].name) == 0)
      return commands[i].run (argc - 1, argv + 1);

  return usage_error (_("unknown command"));
}
