/* xp-merge-dialog.c — preview and apply a merge of evaluators' files
 *
 * The dialog plans the merge (XpMerge) and shows it: the files, what
 * will be added, warnings, ids that mean different things, and every
 * conflict with each side's value, note, author and time and a choice
 * (keep mine / take theirs).  Nothing changes until Apply.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-merge-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "xp-criteria.h"
#include "xp-decimal.h"
#include "xp-merge-dialog.h"

/* Rows listing additions, at most; the rest is counted. */
#define MAX_ADDED_ROWS 200

struct _XpMergeDialog
{
  AdwWindow          parent_instance;

  GtkWidget         *apply_button;
  GtkLabel          *status_label;
  AdwPreferencesPage *page;

  XpProject         *project;
  GPtrArray         *incoming;     /* XpProject * */
  XpMerge           *merge;
  XpProject         *result;       /* the merged copy, after Apply */
  GHashTable        *dropdowns;    /* XpMergeChange * → GtkDropDown * */
  gboolean           updating;
};

G_DEFINE_FINAL_TYPE (XpMergeDialog, xp_merge_dialog, ADW_TYPE_WINDOW)

enum {
  APPLIED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* -------------------------------------------------------------- helpers */

static char *
file_label (XpMergeDialog *self,
            guint          source)
{
  g_autofree char *base = g_path_get_basename (xp_merge_get_source_name (self->merge, source));

  return g_steal_pointer (&base);
}

static char *
value_text (XpDec value)
{
  /* Translators: an item without a score, in the merge preview */
  return value == XP_DEC_NONE ? g_strdup (_("no score")) : xp_dec_format (value);
}

/* "4.5 — note “…” — ticked: #1=1 — entered by 张三, 2026-11-24 08:00" */
static char *
side_text (const XpMergeSide *side)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *value = value_text (side->value);

  g_string_append (text, value);
  if (side->note != NULL)
    /* Translators: the note of a score in the merge preview */
    g_string_append_printf (text, _(" — note “%s”"), side->note);
  if (side->deductions != NULL)
    /* Translators: the deductions ticked for a score, as KEY=COUNT */
    g_string_append_printf (text, _(" — deductions %s"), side->deductions);
  if (side->value != XP_DEC_NONE && side->by != NULL)
    /* Translators: who entered a score */
    g_string_append_printf (text, _(" — entered by %s"), side->by);
  if (side->value != XP_DEC_NONE && side->at != 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (side->at);
      /* Translators: when a score was entered; a strftime format */
      g_autofree char *formatted = g_date_time_format (when, _("%Y-%m-%d %H:%M"));

      g_string_append_printf (text, " (%s)", formatted);
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static GtkWidget *
text_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title, -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  if (subtitle != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (subtitle, -1);

      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
    }
  return row;
}

static GtkWidget *
count_row (const char *title,
           guint       count)
{
  GtkWidget *row = text_row (title, NULL);
  g_autofree char *number = g_strdup_printf ("%u", count);
  GtkWidget *label = gtk_label_new (number);

  gtk_widget_add_css_class (label, "numeric");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
  return row;
}

static AdwPreferencesGroup *
add_group (XpMergeDialog *self,
           const char    *title,
           const char    *description)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (description != NULL)
    adw_preferences_group_set_description (group, description);
  adw_preferences_page_add (self->page, group);
  return group;
}

static const char *
branch_name (XpMergeDialog *self,
             const char    *branch_id)
{
  XpBranch *branch = xp_project_lookup_branch (self->project, branch_id);

  for (guint k = 0; branch == NULL && k < self->incoming->len; k++)
    branch = xp_project_lookup_branch (g_ptr_array_index (self->incoming, k), branch_id);
  return branch != NULL && xp_branch_get_name (branch) != NULL ? xp_branch_get_name (branch) : branch_id;
}

static const char *
evaluator_name (XpMergeDialog *self,
                const char    *evaluator_id)
{
  XpEvaluator *evaluator = xp_project_lookup_evaluator (self->project, evaluator_id);

  for (guint k = 0; evaluator == NULL && k < self->incoming->len; k++)
    evaluator = xp_project_lookup_evaluator (g_ptr_array_index (self->incoming, k), evaluator_id);
  return evaluator != NULL ? xp_evaluator_get_name (evaluator) : evaluator_id;
}

static void
update_status (XpMergeDialog *self)
{
  guint identities = xp_merge_get_identity_conflicts (self->merge)->len;
  guint unresolved = xp_merge_count_unresolved (self->merge);
  g_autofree char *text = NULL;

  if (identities > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u id means different things in different files: make the files agree, then import again",
                                         "%u ids mean different things in different files: make the files agree, then import again",
                                         identities), identities);
  else if (unresolved > 0)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u conflict to resolve before applying",
                                         "%u conflicts to resolve before applying",
                                         unresolved), unresolved);
  else
    text = g_strdup (_("Ready: nothing changes until you apply"));
  gtk_label_set_text (self->status_label, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "merge.apply", xp_merge_dialog_can_apply (self));
}

/* Dropdown positions: 0 unresolved, 1 keep mine, then the incoming
 * sides that differ, in file order. */
static int
position_to_resolution (XpMergeChange *change,
                        guint          position)
{
  guint n = 1;

  if (position == 0)
    return XP_MERGE_UNRESOLVED;
  if (position == 1)
    return XP_MERGE_MINE;
  for (guint i = 0; i < change->theirs->len; i++)
    {
      const XpMergeSide *side = g_ptr_array_index (change->theirs, i);

      if (!xp_merge_side_differs (change, side))
        continue;
      if (++n == position)
        return (int) side->source;
    }
  return XP_MERGE_UNRESOLVED;
}

static guint
resolution_to_position (XpMergeChange *change,
                        int            resolution)
{
  for (guint position = 0; position < 2 + change->theirs->len; position++)
    if (position_to_resolution (change, position) == resolution)
      return position;
  return 0;
}

static void
choice_changed_cb (GtkDropDown   *dropdown,
                   GParamSpec    *pspec,
                   XpMergeDialog *self)
{
  XpMergeChange *change = g_object_get_data (G_OBJECT (dropdown), "xp-change");
  int resolution = position_to_resolution (change, gtk_drop_down_get_selected (dropdown));

  if (self->updating)
    return;
  xp_merge_resolve (self->merge, change, resolution, NULL);
  update_status (self);
}

static void
sync_dropdowns (XpMergeDialog *self)
{
  GHashTableIter iter;
  gpointer key, value;

  self->updating = TRUE;
  g_hash_table_iter_init (&iter, self->dropdowns);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      XpMergeChange *change = key;

      gtk_drop_down_set_selected (GTK_DROP_DOWN (value), resolution_to_position (change, change->resolution));
    }
  self->updating = FALSE;
  update_status (self);
}

static GtkWidget *
conflict_row (XpMergeDialog *self,
              XpMergeChange *change)
{
  XpItem *item = xp_criteria_lookup_item (xp_project_get_criteria (self->project), change->item_id);
  g_autofree char *title = NULL;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  g_autofree char *mine = side_text (&change->mine);
  GtkWidget *row, *dropdown;
  guint n_differing = 0;

  /* Translators: a conflict's title: branch (id) · evaluator · item id and label */
  title = g_strdup_printf (_("%s (%s) · %s · %s %s"), branch_name (self, change->branch_id),
                           change->branch_id, evaluator_name (self, change->evaluator_id),
                           change->item_id, item ? xp_text_get_for_user (xp_item_get_label (item)) : "");
  /* Translators: the master's side of a conflict */
  g_string_append_printf (subtitle, _("Mine: %s"), mine);

  for (guint i = 0; i < change->theirs->len; i++)
    n_differing += xp_merge_side_differs (change, g_ptr_array_index (change->theirs, i));

  /* Translators: a conflict not resolved yet */
  gtk_string_list_append (choices, _("Choose…"));
  gtk_string_list_append (choices, _("Keep mine"));
  for (guint i = 0; i < change->theirs->len; i++)
    {
      const XpMergeSide *side = g_ptr_array_index (change->theirs, i);
      g_autofree char *theirs = side_text (side);
      g_autofree char *file = file_label (self, side->source);

      /* Translators: an incoming file's side of a conflict */
      g_string_append_printf (subtitle, _("\nTheirs (%s): %s"), file, theirs);
      if (xp_merge_side_differs (change, side))
        {
          g_autofree char *value = value_text (side->value);
          g_autofree char *choice = NULL;

          if (n_differing == 1)
            /* Translators: take the incoming value of a conflict */
            choice = g_strdup (_("Take theirs"));
          else
            /* Translators: take the value of one incoming file: value, file name */
            choice = g_strdup_printf (_("Take %s from %s"), value, file);
          gtk_string_list_append (choices, choice);
        }
    }

  row = text_row (title, subtitle->str);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&choices)), NULL);
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (dropdown), "xp-change", change);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), resolution_to_position (change, change->resolution));
  g_signal_connect_object (dropdown, "notify::selected", G_CALLBACK (choice_changed_cb), self, 0);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), dropdown);
  g_hash_table_insert (self->dropdowns, change, dropdown);
  return row;
}

static char *
identity_text (XpMergeDialog   *self,
               XpMergeIdentity *identity)
{
  g_autofree char *mine_file = file_label (self, identity->mine_source);
  g_autofree char *their_file = file_label (self, identity->their_source);

  if (identity->mine_source == 0)
    {
      g_free (mine_file);
      /* Translators: the project open in the window, as a side of a merge */
      mine_file = g_strdup (_("this project"));
    }
  if (identity->kind == XP_MERGE_IDENTITY_BRANCH)
    /* Translators: branch id: field, value in one file, value in another */
    return g_strdup_printf (_("Branch %s: %s is “%s” in %s but “%s” in %s"), identity->id,
                            identity->field, identity->mine, mine_file, identity->theirs, their_file);
  /* Translators: evaluator id: field, value in one file, value in another */
  return g_strdup_printf (_("Evaluator %s: %s is “%s” in %s but “%s” in %s"), identity->id,
                          identity->field, identity->mine, mine_file, identity->theirs, their_file);
}

static void
build_page (XpMergeDialog *self)
{
  AdwPreferencesGroup *group;
  XpMergeSummary summary;
  GPtrArray *changes = xp_merge_get_changes (self->merge);
  GPtrArray *identities = xp_merge_get_identity_conflicts (self->merge);
  GPtrArray *warnings = xp_merge_get_warnings (self->merge);
  GtkWidget *buttons, *button;
  guint n_rows = 0, n_more = 0;

  xp_merge_get_summary (self->merge, &summary);

  if (identities->len > 0)
    {
      group = add_group (self, _("Ids That Mean Different Things"),
                         _("The same id names another branch or evaluator in another file. Nothing can be merged until the files agree: correct the branch or evaluator in one file (or give it a new id), then import again."));
      for (guint i = 0; i < identities->len; i++)
        {
          g_autofree char *text = identity_text (self, g_ptr_array_index (identities, i));

          adw_preferences_group_add (group, text_row (text, NULL));
        }
    }

  if (summary.conflicts > 0)
    {
      group = add_group (self, _("Conflicts"),
                         _("The same score differs between this project and a file, or between two files. Choose which to keep for each; nothing is overwritten without your choice."));
      buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      button = gtk_button_new_with_mnemonic (_("Keep All _Mine"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "merge.keep-all-mine");
      gtk_box_append (GTK_BOX (buttons), button);
      button = gtk_button_new_with_mnemonic (_("Take All _Theirs"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "merge.take-all-theirs");
      gtk_box_append (GTK_BOX (buttons), button);
      gtk_widget_set_valign (buttons, GTK_ALIGN_CENTER);
      adw_preferences_group_set_header_suffix (group, buttons);
      for (guint i = 0; i < changes->len; i++)
        {
          XpMergeChange *change = g_ptr_array_index (changes, i);

          if (change->kind == XP_MERGE_CONFLICT)
            adw_preferences_group_add (group, conflict_row (self, change));
        }
    }

  if (warnings->len > 0)
    {
      group = add_group (self, _("Warnings"), _("Nothing is changed for these; check them."));
      for (guint i = 0; i < warnings->len; i++)
        adw_preferences_group_add (group, text_row (g_ptr_array_index (warnings, i), NULL));
    }

  group = add_group (self, _("Files"), NULL);
  for (guint k = 1; k <= xp_merge_get_n_sources (self->merge); k++)
    {
      g_autofree char *name = file_label (self, k);
      XpProject *incoming = g_ptr_array_index (self->incoming, k - 1);

      adw_preferences_group_add (group, text_row (name, xp_project_get_title (incoming)));
    }

  group = add_group (self, _("Summary"), NULL);
  adw_preferences_group_add (group, count_row (_("Scores to add"), summary.scores_added));
  adw_preferences_group_add (group, count_row (_("Notes to add"), summary.notes_added));
  adw_preferences_group_add (group, count_row (_("Ticked deductions to add"), summary.deductions_added));
  adw_preferences_group_add (group, count_row (_("Identical, no change"), summary.identical));
  adw_preferences_group_add (group, count_row (_("Conflicts"), summary.conflicts));
  adw_preferences_group_add (group, count_row (_("Branches to add"), summary.branches_added));
  adw_preferences_group_add (group, count_row (_("Evaluators to add"), summary.evaluators_added));

  if (summary.branches_added + summary.evaluators_added + summary.scores_added +
      summary.notes_added + summary.deductions_added > 0)
    {
      GPtrArray *branches = xp_merge_get_added_branches (self->merge);
      GPtrArray *evaluators = xp_merge_get_added_evaluators (self->merge);

      group = add_group (self, _("What Will Be Added"), NULL);
      for (guint i = 0; i < evaluators->len; i++)
        {
          XpEvaluator *evaluator = g_ptr_array_index (evaluators, i);
          /* Translators: an evaluator the merge adds: name (id) */
          g_autofree char *title = g_strdup_printf (_("New evaluator: %s (%s)"),
                                                    xp_evaluator_get_name (evaluator),
                                                    xp_evaluator_get_id (evaluator));

          adw_preferences_group_add (group, text_row (title, NULL));
        }
      for (guint i = 0; i < branches->len; i++)
        {
          XpBranch *branch = g_ptr_array_index (branches, i);
          /* Translators: a branch the merge adds: name (id) */
          g_autofree char *title = g_strdup_printf (_("New branch: %s (%s)"),
                                                    xp_branch_get_name (branch) ? xp_branch_get_name (branch) : "",
                                                    xp_branch_get_id (branch));

          adw_preferences_group_add (group, text_row (title, xp_branch_get_enterprise (branch)));
        }
      /* One row per sheet (branch, evaluator) that gets something. */
      for (guint i = 0; i < changes->len;)
        {
          XpMergeChange *first = g_ptr_array_index (changes, i);
          guint scores = 0, notes = 0;

          for (; i < changes->len; i++)
            {
              XpMergeChange *change = g_ptr_array_index (changes, i);
              const char *note = NULL;
              XpDec value;

              if (g_strcmp0 (change->branch_id, first->branch_id) != 0 ||
                  g_strcmp0 (change->evaluator_id, first->evaluator_id) != 0)
                break;
              if (change->kind != XP_MERGE_ADDED)
                continue;
              value = xp_merge_change_get_result (change, &note);
              scores += value != change->mine.value;
              notes += g_strcmp0 (note, change->mine.note) != 0;
            }
          if (scores + notes == 0)
            continue;
          if (n_rows >= MAX_ADDED_ROWS)
            {
              n_more++;
              continue;
            }
          {
            /* Translators: a sheet the merge adds to: branch (id) · evaluator */
            g_autofree char *title = g_strdup_printf (_("%s (%s) · %s"), branch_name (self, first->branch_id),
                                                      first->branch_id, evaluator_name (self, first->evaluator_id));
            g_autofree char *s = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u score", "%u scores", scores), scores);
            g_autofree char *n = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u note", "%u notes", notes), notes);
            /* Translators: what a sheet gets: "24 scores, 1 note" */
            g_autofree char *subtitle = g_strdup_printf (_("%s, %s"), s, n);

            adw_preferences_group_add (group, text_row (title, subtitle));
            n_rows++;
          }
        }
      if (n_more > 0)
        {
          g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "… and %u more sheet",
                                                               "… and %u more sheets", n_more), n_more);

          adw_preferences_group_add (group, text_row (more, NULL));
        }
    }
}

/* ------------------------------------------------------------- actions */

static void
resolve_all (XpMergeDialog *self,
             gboolean       take_theirs)
{
  GPtrArray *changes = xp_merge_get_changes (self->merge);

  /* "All" replaces earlier choices too: that is what the button says. */
  for (guint i = 0; i < changes->len; i++)
    {
      XpMergeChange *change = g_ptr_array_index (changes, i);

      if (change->kind == XP_MERGE_CONFLICT)
        xp_merge_resolve (self->merge, change, XP_MERGE_UNRESOLVED, NULL);
    }
  xp_merge_resolve_all (self->merge, take_theirs);
  sync_dropdowns (self);
}

static void
keep_all_mine_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  resolve_all (XP_MERGE_DIALOG (widget), FALSE);
}

static void
take_all_theirs_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  resolve_all (XP_MERGE_DIALOG (widget), TRUE);
}

/* The merge is applied to a copy of the project that no view listens
 * to (thousands of score changes would otherwise each update the
 * ranking and the open sheet); the window then takes the copy. */
static void
apply_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  XpMergeDialog *self = XP_MERGE_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(XpProject) copy = NULL;

  if (!xp_merge_dialog_can_apply (self))
    return;
  bytes = xp_project_to_bytes (self->project);
  copy = xp_project_new_from_bytes (bytes, NULL, &error);
  if (copy != NULL)
    xp_project_set_actor (copy, xp_project_get_actor (self->project));
  if (copy == NULL || !xp_merge_apply_to (self->merge, copy, &error))
    {
      GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Could Not Merge"), error->message);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
      return;
    }
  g_set_object (&self->result, copy);
  gtk_widget_action_set_enabled (widget, "merge.apply", FALSE);
  g_signal_emit (self, signals[APPLIED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* ---------------------------------------------------------- GObject */

static void
xp_merge_dialog_dispose (GObject *object)
{
  XpMergeDialog *self = XP_MERGE_DIALOG (object);

  g_clear_pointer (&self->dropdowns, g_hash_table_unref);
  g_clear_pointer (&self->merge, xp_merge_free);
  g_clear_pointer (&self->incoming, g_ptr_array_unref);
  g_clear_object (&self->project);
  g_clear_object (&self->result);

  G_OBJECT_CLASS (xp_merge_dialog_parent_class)->dispose (object);
}

static void
xp_merge_dialog_class_init (XpMergeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = xp_merge_dialog_dispose;

  /**
   * XpMergeDialog::applied:
   *
   * The merge changed the project.
   */
  signals[APPLIED] = g_signal_new ("applied", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_install_action (widget_class, "merge.apply", NULL, apply_action);
  gtk_widget_class_install_action (widget_class, "merge.keep-all-mine", NULL, keep_all_mine_action);
  gtk_widget_class_install_action (widget_class, "merge.take-all-theirs", NULL, take_all_theirs_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
xp_merge_dialog_init (XpMergeDialog *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *title = adw_window_title_new (_("Import Evaluator Work"), NULL);
  GtkWidget *status = gtk_label_new (NULL);

  self->dropdowns = g_hash_table_new (NULL, NULL);

  gtk_window_set_title (GTK_WINDOW (self), _("Import Evaluator Work"));
  gtk_window_set_default_size (GTK_WINDOW (self), 760, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (cancel), "window.close");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  self->apply_button = gtk_button_new_with_mnemonic (_("_Apply"));
  gtk_widget_add_css_class (self->apply_button, "suggested-action");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->apply_button), "merge.apply");
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), self->apply_button);
  gtk_box_append (GTK_BOX (box), header);

  self->status_label = GTK_LABEL (status);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_widget_set_margin_top (status, 12);
  gtk_widget_set_margin_start (status, 12);
  gtk_widget_set_margin_end (status, 12);
  gtk_widget_add_css_class (status, "heading");
  gtk_box_append (GTK_BOX (box), status);

  self->page = ADW_PREFERENCES_PAGE (adw_preferences_page_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->page), TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->page));
  adw_window_set_content (ADW_WINDOW (self), box);
}

/* ---------------------------------------------------------------- API */

XpMergeDialog *
xp_merge_dialog_new (GtkWindow  *parent,
                     XpProject  *project,
                     GFile     **files,
                     guint       n_files,
                     GError    **error)
{
  XpMergeDialog *self;

  g_return_val_if_fail (!parent || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);
  g_return_val_if_fail (files != NULL && n_files > 0, NULL);

  /* GTK owns toplevel windows: gtk_window_destroy () releases it. */
  self = g_object_new (XP_TYPE_MERGE_DIALOG, NULL);
  self->project = g_object_ref (project);
  self->incoming = g_ptr_array_new_with_free_func (g_object_unref);
  self->merge = xp_merge_new (project);

  for (guint k = 0; k < n_files; k++)
    {
      g_autofree char *path = g_file_get_path (files[k]);
      XpProject *incoming;

      if (path == NULL)
        {
          g_autofree char *name = g_file_get_parse_name (files[k]);

          g_set_error (error, XP_ERROR, XP_ERROR_IO, _("%s: only local files can be imported"), name);
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      incoming = xp_project_new_from_file (path, error);
      if (incoming == NULL)
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
      g_ptr_array_add (self->incoming, incoming);
      if (!xp_merge_add_source (self->merge, incoming, path, NULL, error))
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return NULL;
        }
    }

  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  build_page (self);
  update_status (self);
  return self;
}

XpProject *
xp_merge_dialog_get_result (XpMergeDialog *self)
{
  g_return_val_if_fail (XP_IS_MERGE_DIALOG (self), NULL);
  return self->result;
}

XpMerge *
xp_merge_dialog_get_merge (XpMergeDialog *self)
{
  g_return_val_if_fail (XP_IS_MERGE_DIALOG (self), NULL);
  return self->merge;
}

gboolean
xp_merge_dialog_resolve (XpMergeDialog *self,
                         const char    *branch_id,
                         const char    *evaluator_id,
                         const char    *item_id,
                         int            resolution)
{
  XpMergeChange *change;
  GtkDropDown *dropdown;

  g_return_val_if_fail (XP_IS_MERGE_DIALOG (self), FALSE);

  change = xp_merge_lookup_change (self->merge, branch_id, evaluator_id, item_id);
  dropdown = change ? g_hash_table_lookup (self->dropdowns, change) : NULL;
  if (dropdown == NULL)
    return FALSE;
  gtk_drop_down_set_selected (dropdown, resolution_to_position (change, resolution));
  return change->resolution == resolution;
}

gboolean
xp_merge_dialog_can_apply (XpMergeDialog *self)
{
  g_return_val_if_fail (XP_IS_MERGE_DIALOG (self), FALSE);
  return xp_merge_get_identity_conflicts (self->merge)->len == 0 &&
         xp_merge_count_unresolved (self->merge) == 0;
}

char *
xp_merge_dialog_dup_summary (XpMergeDialog *self)
{
  XpMergeSummary s;
  g_autofree char *files = NULL;
  g_autofree char *scores = NULL;
  g_autofree char *conflicts = NULL;

  g_return_val_if_fail (XP_IS_MERGE_DIALOG (self), NULL);

  xp_merge_get_summary (self->merge, &s);
  files = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Merged %u file", "Merged %u files",
                                        xp_merge_get_n_sources (self->merge)),
                           xp_merge_get_n_sources (self->merge));
  scores = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u score added", "%u scores added",
                                         s.scores_added), s.scores_added);
  conflicts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u conflict resolved", "%u conflicts resolved",
                                            s.conflicts), s.conflicts);
  /* Translators: "Merged 3 files: 120 scores added, 2 conflicts resolved" */
  return g_strdup_printf (_("%s: %s, %s"), files, scores, conflicts);
}
