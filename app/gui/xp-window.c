/* xp-window.c — the main window: welcome page, branch list, score sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "xp-branch-dialog.h"
#include "xp-branch-row.h"
#include "xp-criteria.h"
#include "xp-import-dialog.h"
#include "xp-merge-dialog.h"
#include "xp-evaluator-dialog.h"
#include "xp-file-chooser.h"
#include "xp-lock-dialog.h"
#include "xp-print.h"
#include "xp-new-dialog.h"
#include "xp-results-page.h"
#include "xp-seal.h"
#include "xp-undo-stack.h"
#include "xp-welcome-page.h"
#include "xp-window.h"

struct _XpWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkDropDown          *evaluator_dropdown;
  GtkMenuButton        *evaluator_menu_button;
  GtkDropDown          *category_filter;
  GtkDropDown          *status_filter;
  GtkLabel             *branch_count_label;
  GtkStack             *stack;
  GtkSearchEntry       *search_entry;
  GtkListView          *branch_list;
  XpScorePage          *score_page;
  AdwViewStack         *view_stack;
  AdwViewSwitcher      *view_switcher;
  XpResultsPage        *results_page;
  AdwMessageDialog     *close_dialog;
  XpWelcomePage        *welcome_page;
  AdwStatusPage        *loading_page;
  GtkProgressBar       *loading_bar;
  gint                 *load_permille;  /* shared with the load thread (atomic rc box) */
  guint                 load_progress_id;

  XpProject            *project;
  XpRanking            *ranking;
  XpEvaluator          *evaluator;
  GFile                *file;
  GtkCustomFilter      *filter;
  GtkFilterListModel   *filtered;
  XpBranch             *pinned;     /* listed whatever its status (unowned) */
  GtkSingleSelection   *selection;
  gboolean              dirty;

  /* Undo: a copy of the project as last seen gives each edit's old value. */
  XpUndoStack          *undo_stack;
  guint                 audit_seen;     /* audit entries already looked at */
  gboolean              replaying;
  /* The project as it was before the last Import Evaluator Work: undo
   * past the edits made since goes back to it. */
  XpProject            *premerge;

  /* Autosave: where unsaved work goes every 30 s until saved. */
  guint                 autosave_id;
  guint                 autosave_interval;
  char                 *autosave_path;

  /* Opening in a thread (xp_window_load_file): the file asked for while the
   * close dialog asks about unsaved changes, the load under way, and
   * what the thread prepared for set_project(). */
  GFile                *pending_file;
  gboolean              pending_untitled;
  GCancellable         *load_cancellable;
  char                 *page_before_load;
  XpRanking            *next_ranking;
};

G_DEFINE_FINAL_TYPE (XpWindow, xp_window, ADW_TYPE_APPLICATION_WINDOW)

static void ask_to_close          (XpWindow *self);
static void open_pending          (XpWindow *self);
static void _xp_window_setup_drop (XpWindow *self);

enum {
  PROP_0,
  PROP_EVALUATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *const spreadsheet_actions[] = {
  "win.import-branches", "win.import-scores", "win.export-csv", "win.export-xlsx",
};

static void
update_title (XpWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->project == NULL)
    {
      adw_window_title_set_title (self->window_title, _("Xingping"));
      adw_window_title_set_subtitle (self->window_title, NULL);
      return;
    }

  if (self->file != NULL)
    {
      g_autofree char *name = g_file_get_basename (self->file);

      subtitle = self->dirty ? g_strdup_printf (_("%s (unsaved changes)"), name) : g_steal_pointer (&name);
    }
  else
    subtitle = g_strdup (_("Not saved yet"));
  adw_window_title_set_title (self->window_title, xp_project_get_title (self->project));
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
show_toast (XpWindow   *self,
            const char *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

static void
show_error_dialog (XpWindow   *self,
                   const char *heading,
                   const char *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

enum {
  STATUS_ANY,
  STATUS_NOT_STARTED,
  STATUS_IN_PROGRESS,
  STATUS_COMPLETE,
};

/* The category and status dropdowns above the branch list. */
static gboolean
sidebar_filter_matches (XpWindow *self,
                        XpBranch *branch,
                        gboolean  any_status)
{
  guint category = gtk_drop_down_get_selected (self->category_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);

  if (self->project == NULL)
    return TRUE;

  if (category != GTK_INVALID_LIST_POSITION && category > 0)
    {
      GListModel *categories = xp_criteria_get_categories (xp_project_get_criteria (self->project));
      g_autoptr(XpCategory) wanted = g_list_model_get_item (categories, category - 1);

      if (wanted != NULL && g_strcmp0 (xp_category_get_id (wanted), xp_branch_get_category (branch)) != 0)
        return FALSE;
    }

  if (!any_status && status != GTK_INVALID_LIST_POSITION && status != STATUS_ANY && self->evaluator != NULL)
    {
      guint n_scored = 0, n_items = 0;
      guint actual;

      xp_project_get_progress (self->project, xp_branch_get_id (branch),
                               xp_evaluator_get_id (self->evaluator), &n_scored, &n_items);
      if (n_scored == 0)
        actual = STATUS_NOT_STARTED;
      else if (n_scored < n_items)
        actual = STATUS_IN_PROGRESS;
      else
        actual = STATUS_COMPLETE;
      if (actual != status)
        return FALSE;
    }
  return TRUE;
}

static void
update_branch_count (XpWindow *self)
{
  g_autofree char *text = NULL;
  guint shown, total;

  if (self->project == NULL || self->filtered == NULL)
    return;
  shown = g_list_model_get_n_items (G_LIST_MODEL (self->filtered));
  total = g_list_model_get_n_items (xp_project_get_branches (self->project));
  if (shown == total)
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u branch", "%u branches", total), total);
  else
    /* Translators: branches shown by the filters, of all branches */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u branch", "%u of %u branches", total),
                            shown, total);
  gtk_label_set_text (self->branch_count_label, text);
}

static void
refilter (XpWindow *self)
{
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_branch_count (self);
}

static void
filter_chosen_cb (XpWindow *self)
{
  self->pinned = NULL;
  refilter (self);
}

static gboolean
filters_active (XpWindow *self)
{
  guint category = gtk_drop_down_get_selected (self->category_filter);
  guint status = gtk_drop_down_get_selected (self->status_filter);

  return (category != GTK_INVALID_LIST_POSITION && category > 0) ||
         (status != GTK_INVALID_LIST_POSITION && status > 0);
}

static gboolean
branch_filter_func (gpointer item,
                    gpointer user_data)
{
  XpWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *enterprise = NULL;

  /* The branch being scored stays listed until another is chosen, so the
   * status filter does not pull it away mid-sheet. */
  if (!sidebar_filter_matches (self, item, item == self->pinned))
    return FALSE;
  if (text == NULL || *text == '\0')
    return TRUE;

  needle = g_utf8_casefold (text, -1);
  name = g_utf8_casefold (xp_branch_get_name (item) ? xp_branch_get_name (item) : "", -1);
  enterprise = g_utf8_casefold (xp_branch_get_enterprise (item) ? xp_branch_get_enterprise (item) : "", -1);
  return strstr (name, needle) != NULL || strstr (enterprise, needle) != NULL ||
         strstr (xp_branch_get_id (item), text) != NULL;
}

static void
search_changed_cb (XpWindow       *self,
                   GtkSearchEntry *entry)
{
  refilter (self);
}

/* Only the branch that was pinned can have left the filters' view: the
 * rest of the list is up to date, so just the rows shown are checked. */
static gboolean
refilter_idle_cb (gpointer data)
{
  XpWindow *self = data;

  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_MORE_STRICT);
  update_branch_count (self);
  return G_SOURCE_REMOVE;
}

static void
selection_changed_cb (XpWindow           *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  XpBranch *branch = gtk_single_selection_get_selected_item (selection);

  if (branch != NULL)
    {
      XpBranch *previous = xp_score_page_get_branch (self->score_page);
      gboolean unpinned = FALSE;

      xp_score_page_set_branch (self->score_page, branch);
      /* The branch left behind may not match the filters any more (only
       * a pinned one can be listed against them). */
      if (self->pinned != NULL && self->pinned != branch)
        {
          self->pinned = NULL;
          unpinned = TRUE;
        }
      if (unpinned && previous != NULL && previous != branch && filters_active (self))
        g_idle_add_full (G_PRIORITY_DEFAULT, refilter_idle_cb, g_object_ref (self), g_object_unref);
    }
}

static void
evaluator_selected_cb (XpWindow    *self,
                       GParamSpec  *pspec,
                       GtkDropDown *dropdown)
{
  XpEvaluator *evaluator = gtk_drop_down_get_selected_item (dropdown);

  if (evaluator != NULL)
    xp_window_set_evaluator (self, evaluator);
}

static void
update_undo_actions (XpWindow *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo",
                                 xp_undo_stack_can_undo (self->undo_stack) || self->premerge != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.redo", xp_undo_stack_can_redo (self->undo_stack));
}

static void
replay (XpWindow          *self,
        const XpUndoEntry *entry,
        XpDec              value)
{
  g_autoptr(GError) error = NULL;

  if (entry == NULL)
    return;
  self->replaying = TRUE;
  if (!xp_project_set_score (self->project, entry->branch_id, entry->evaluator_id,
                             entry->item_id, value, &error))
    g_warning ("Could not restore a score: %s", error->message);
  self->replaying = FALSE;
  update_undo_actions (self);
}

static void set_project (XpWindow  *self,
                         XpProject *project,
                         GFile     *file);

/* Back to the project as it was before the import; it may differ from
 * the file on disk (saved since), so it counts as unsaved. */
static void
undo_merge (XpWindow *self)
{
  g_autoptr(XpProject) previous = g_steal_pointer (&self->premerge);

  set_project (self, previous, self->file);
  self->dirty = TRUE;
  update_title (self);
  show_toast (self, _("Import undone"));
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  const XpUndoEntry *entry;

  if (self->project == NULL)
    return;
  entry = xp_undo_stack_undo (self->undo_stack);
  if (entry != NULL)
    replay (self, entry, entry->old_value);
  else if (self->premerge != NULL)
    undo_merge (self);
}

static void
redo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  const XpUndoEntry *entry;

  if (self->project == NULL)
    return;
  entry = xp_undo_stack_redo (self->undo_stack);
  if (entry != NULL)
    replay (self, entry, entry->new_value);
}

static void
score_changed_cb (XpWindow   *self,
                  XpBranch   *branch,
                  const char *evaluator_id,
                  const char *item_id,
                  XpProject  *project)
{
  const char *branch_id = xp_branch_get_id (branch);
  XpDec value = xp_project_get_score (project, branch_id, evaluator_id, item_id);
  guint n_audit = xp_project_get_n_audit_entries (project);

  /* A score edit appends exactly one audit entry, with the old value, just
   * before it is signalled; a note changes no score and appends none. */
  if (!self->replaying && n_audit > self->audit_seen)
    {
      const XpAuditEntry *entry = xp_project_get_audit_entry (project, n_audit - 1);

      if (g_strcmp0 (entry->branch_id, branch_id) == 0 &&
          g_strcmp0 (entry->evaluator_id, evaluator_id) == 0 &&
          g_strcmp0 (entry->item_id, item_id) == 0 &&
          entry->new_value == value && entry->old_value != value)
        xp_undo_stack_push (self->undo_stack, branch_id, evaluator_id, item_id, entry->old_value, value);
    }
  self->audit_seen = n_audit;
  update_undo_actions (self);
  self->dirty = TRUE;
  update_title (self);
  if (gtk_drop_down_get_selected (self->status_filter) > 0 &&
      gtk_drop_down_get_selected (self->status_filter) != GTK_INVALID_LIST_POSITION)
    {
      /* Scoring changes the branch's status: keep it listed until the
       * evaluator moves on. */
      if (branch == xp_score_page_get_branch (self->score_page))
        self->pinned = branch;
      refilter (self);
    }
}

/* Ticked deductions are unsaved work too. */
static void
annotation_changed_cb (XpWindow *self)
{
  self->dirty = TRUE;
  update_title (self);
}

/* Sealing or reopening changes the file; no edit is undone across it. */
static void
sealed_changed_cb (XpWindow   *self,
                   GParamSpec *pspec,
                   XpProject  *project)
{
  self->audit_seen = xp_project_get_n_audit_entries (project);
  xp_undo_stack_clear (self->undo_stack);
  g_clear_object (&self->premerge);
  update_undo_actions (self);
  self->dirty = TRUE;
  update_title (self);
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              XpWindow                 *self)
{
  gtk_list_item_set_child (item, xp_branch_row_new ());
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             XpWindow                 *self)
{
  xp_branch_row_bind (XP_BRANCH_ROW (gtk_list_item_get_child (item)),
                      gtk_list_item_get_item (item), self->ranking, G_OBJECT (self));
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               XpWindow                 *self)
{
  xp_branch_row_unbind (XP_BRANCH_ROW (gtk_list_item_get_child (item)));
}

static char *
autosave_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "xingping", "autosave", NULL);
}

/* The autosave's sidecar holds the path of the file it belongs to. */
static char *
sidecar_path (const char *autosave_path)
{
  return g_strconcat (autosave_path, ".path", NULL);
}

static void
remove_autosave_file (const char *autosave_path)
{
  g_autofree char *sidecar = sidecar_path (autosave_path);

  g_unlink (autosave_path);
  g_unlink (sidecar);
}

static void
remove_autosave (XpWindow *self)
{
  if (self->autosave_path != NULL)
    remove_autosave_file (self->autosave_path);
  g_clear_pointer (&self->autosave_path, g_free);
}

static gboolean
write_autosave (XpWindow  *self,
                GError   **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *dir = autosave_dir ();
  g_autofree char *sidecar = NULL;
  g_autofree char *path = NULL;
  gsize len;
  const char *data;

  if (self->project == NULL || !self->dirty)
    return TRUE;

  if (self->autosave_path == NULL)
    {
      g_autofree char *name = NULL;
      g_autofree char *file_path = self->file != NULL ? g_file_get_path (self->file) : NULL;

      if (file_path != NULL)
        name = g_compute_checksum_for_string (G_CHECKSUM_SHA256, file_path, -1);
      else
        name = g_strdup_printf ("untitled-%" G_GINT64_FORMAT, g_get_real_time ());
      self->autosave_path = g_strdup_printf ("%s/%s.xingping", dir, name);
    }

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved_errno),
                   "%s: %s", dir, g_strerror (saved_errno));
      return FALSE;
    }

  bytes = xp_project_to_bytes (self->project);
  data = g_bytes_get_data (bytes, &len);
  if (!g_file_set_contents (self->autosave_path, data, len, error))
    return FALSE;

  sidecar = sidecar_path (self->autosave_path);
  path = self->file != NULL ? g_file_get_path (self->file) : NULL;
  if (path != NULL)
    return g_file_set_contents (sidecar, path, -1, error);
  g_unlink (sidecar);
  return TRUE;
}

static gboolean
autosave_cb (gpointer data)
{
  XpWindow *self = data;
  g_autoptr(GError) error = NULL;

  if (!write_autosave (self, &error))
    g_warning ("Could not autosave: %s", error->message);
  return G_SOURCE_CONTINUE;
}

static void
autosave_now_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  autosave_cb (widget);
}

/* "All categories" and the scheme's categories. */
static void
setup_category_filter (XpWindow *self)
{
  GListModel *categories = xp_criteria_get_categories (xp_project_get_criteria (self->project));
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_string_list_append (names, _("All categories"));
  for (guint i = 0; i < g_list_model_get_n_items (categories); i++)
    {
      g_autoptr(XpCategory) category = g_list_model_get_item (categories, i);

      gtk_string_list_append (names, xp_text_get_for_user (xp_category_get_label (category)));
    }
  gtk_drop_down_set_model (self->category_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->category_filter, 0);
}

static void
update_structure_actions (XpWindow *self)
{
  gboolean open = self->project != NULL;
  gboolean has_branch = open && xp_score_page_get_branch (self->score_page) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-branch", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.edit-branch", has_branch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-branch", has_branch);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.add-evaluator", open);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.rename-evaluator", open && self->evaluator != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.remove-evaluator", open && self->evaluator != NULL);
}

/* Branches or evaluators were added, edited or removed: the project has
 * unsaved changes.  Removing something also forgets the history (its
 * edits could not be replayed). */
static void
structure_changed (XpWindow *self,
                   gboolean  forget_history)
{
  self->audit_seen = xp_project_get_n_audit_entries (self->project);
  if (forget_history)
    xp_undo_stack_clear (self->undo_stack);
  update_undo_actions (self);
  self->dirty = TRUE;
  update_title (self);
  refilter (self);
  update_structure_actions (self);
}

static void
set_project (XpWindow  *self,
             XpProject *project,
             GFile     *file)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkExpression) expression = NULL;
  GListModel *evaluators;
  XpEvaluator *first = NULL;
  g_autofree char *remembered = NULL;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_clear_object (&self->ranking);
  if (self->next_ranking != NULL && xp_ranking_get_project (self->next_ranking) == project)
    self->ranking = g_steal_pointer (&self->next_ranking);
  else
    self->ranking = xp_ranking_new (project);
  g_clear_object (&self->next_ranking);
  g_set_object (&self->file, file);
  self->dirty = FALSE;
  g_clear_pointer (&self->autosave_path, g_free);
  self->audit_seen = xp_project_get_n_audit_entries (project);
  xp_undo_stack_clear (self->undo_stack);
  g_clear_object (&self->premerge);
  update_undo_actions (self);
  g_signal_connect_object (project, "score-changed", G_CALLBACK (score_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (project, "annotation-changed", G_CALLBACK (annotation_changed_cb),
                           self, G_CONNECT_SWAPPED);

  xp_score_page_set_project (self->score_page, project, self->ranking);
  xp_results_page_set_ranking (self->results_page, self->ranking);

  /* Evaluators: whoever scored this file last time, else the group's
   * first evaluator. */
  if (file != NULL && g_file_peek_path (file) != NULL)
    remembered = xp_evaluator_state_lookup (g_file_peek_path (file));
  evaluators = xp_project_get_evaluators (project);
  if (remembered != NULL)
    first = xp_project_lookup_evaluator (project, remembered);
  for (guint i = 0; i < g_list_model_get_n_items (evaluators) && first == NULL; i++)
    {
      g_autoptr(XpEvaluator) evaluator = g_list_model_get_item (evaluators, i);

      if (xp_evaluator_get_role (evaluator) == XP_ROLE_GROUP)
        first = evaluator;
    }
  expression = gtk_property_expression_new (XP_TYPE_EVALUATOR, NULL, "name");
  gtk_drop_down_set_expression (self->evaluator_dropdown, expression);
  gtk_drop_down_set_model (self->evaluator_dropdown, evaluators);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluator_dropdown),
                          g_list_model_get_n_items (evaluators) > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluator_menu_button), TRUE);
  g_clear_object (&self->evaluator);
  if (first != NULL)
    xp_window_set_evaluator (self, first);
  else if (g_list_model_get_n_items (evaluators) > 0)
    gtk_drop_down_set_selected (self->evaluator_dropdown, 0);

  /* Branches. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  setup_category_filter (self);
  gtk_drop_down_set_selected (self->status_filter, STATUS_ANY);
  filtered = gtk_filter_list_model_new (g_object_ref (xp_project_get_branches (project)),
                                        g_object_ref (GTK_FILTER (self->filter)));
  self->filtered = filtered;
  self->pinned = NULL;
  g_signal_connect_object (project, "branch-changed", G_CALLBACK (refilter), self, G_CONNECT_SWAPPED);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  g_clear_object (&self->selection);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_steal_pointer (&filtered)));
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);
  gtk_list_view_set_model (self->branch_list, GTK_SELECTION_MODEL (self->selection));
  selection_changed_cb (self, NULL, self->selection);

  gtk_stack_set_visible_child_name (self->stack, "project");
  adw_view_stack_set_visible_child_name (self->view_stack, "scoring");
  gtk_widget_set_visible (GTK_WIDGET (self->view_switcher), TRUE);
  update_title (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-branch", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-branch", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-json", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pdf", TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (spreadsheet_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), spreadsheet_actions[i], TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-work", TRUE);
  update_branch_count (self);
  update_structure_actions (self);
  g_signal_connect_object (project, "notify::sealed", G_CALLBACK (sealed_changed_cb),
                           self, G_CONNECT_SWAPPED);
  xp_seal_attach (self, project);
}

static void
remember_recent (XpWindow *self,
                 GFile    *file)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = XP_IS_APPLICATION (app) ? xp_application_get_settings (XP_APPLICATION (app)) : NULL;
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) recent = NULL;
  g_autofree char *uri = NULL;
  guint n = 1;

  if (settings == NULL)
    return;

  uri = g_file_get_uri (file);
  old = g_settings_get_strv (settings, "recent-files");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, uri);
  for (guint i = 0; old[i] != NULL && n < 10; i++)
    if (g_strcmp0 (old[i], uri) != 0)
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  recent = g_strv_builder_end (builder);
  g_settings_set_strv (settings, "recent-files", (const char * const *) recent);
}

/* ------------------------------------------------------------------ */
/* Opening: in a thread, after asking about unsaved changes            */
/* ------------------------------------------------------------------ */

typedef struct {
  char      *path;
  GFile     *file;
  gboolean   untitled;
  XpProject *project;
  XpRanking *ranking;
  gint      *permille;    /* how far, 0–1000 (atomic rc box, shared with the window) */
} LoadData;

static void
load_data_free (gpointer data)
{
  LoadData *load = data;

  g_free (load->path);
  g_clear_object (&load->file);
  g_clear_object (&load->ranking);
  g_clear_object (&load->project);
  g_atomic_rc_box_release (load->permille);
  g_free (load);
}

/* The core is GTK-free: the project and its ranking are built here and
 * only handed to the main thread once complete. */
static void
load_progress_cb (double   fraction,
                  gpointer user_data)
{
  LoadData *load = user_data;

  /* Reading the file is 90 %, ranking it the rest. */
  g_atomic_int_set (load->permille, (gint) (fraction * 900));
}

static void
load_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  LoadData *load = task_data;
  GError *error = NULL;

  load->project = xp_project_new_from_file_full (load->path, load_progress_cb, load, &error);
  if (load->project == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  if (g_task_return_error_if_cancelled (task))
    return;
  load->ranking = xp_ranking_new (load->project);
  g_atomic_int_set (load->permille, 1000);
  g_task_return_boolean (task, TRUE);
}

static gboolean
load_progress_tick_cb (gpointer data)
{
  XpWindow *self = data;

  gtk_progress_bar_set_fraction (self->loading_bar, g_atomic_int_get (self->load_permille) / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
stop_load_progress (XpWindow *self)
{
  g_clear_handle_id (&self->load_progress_id, g_source_remove);
  g_clear_pointer (&self->load_permille, g_atomic_rc_box_release);
}

static void
load_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  XpWindow *self = XP_WINDOW (source);
  GTask *task = G_TASK (result);
  LoadData *load = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (task, &error))
    {
      g_autofree char *name = NULL;
      g_autofree char *heading = NULL;

      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      stop_load_progress (self);
      g_clear_object (&self->load_cancellable);
      gtk_stack_set_visible_child_name (self->stack, self->page_before_load ? self->page_before_load : "welcome");
      name = g_file_get_basename (load->file);
      heading = g_strdup_printf (_("Could Not Open “%s”"), name);
      show_error_dialog (self, heading, error->message);
      return;
    }

  stop_load_progress (self);
  g_clear_object (&self->load_cancellable);
  g_set_object (&self->next_ranking, load->ranking);
  set_project (self, load->project, load->untitled ? NULL : load->file);
  if (!load->untitled)
    remember_recent (self, load->file);
}

static void
start_load (XpWindow *self,
            GFile    *file,
            gboolean  untitled)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *title = NULL;
  g_autofree char *path = g_file_get_path (file);
  const char *page = gtk_stack_get_visible_child_name (self->stack);
  LoadData *load;

  if (path == NULL)
    {
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      show_error_dialog (self, heading, _("Only local files can be opened"));
      return;
    }

  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  self->load_cancellable = g_cancellable_new ();
  if (g_strcmp0 (page, "loading") != 0)
    {
      g_free (self->page_before_load);
      self->page_before_load = g_strdup (page);
    }

  title = g_strdup_printf (_("Opening “%s”…"), name);
  adw_status_page_set_title (self->loading_page, title);
  stop_load_progress (self);
  self->load_permille = g_atomic_rc_box_new0 (gint);
  gtk_progress_bar_set_fraction (self->loading_bar, 0);
  self->load_progress_id = g_timeout_add (50, load_progress_tick_cb, self);
  gtk_stack_set_visible_child_name (self->stack, "loading");

  load = g_new0 (LoadData, 1);
  load->permille = g_atomic_rc_box_acquire (self->load_permille);
  load->path = g_steal_pointer (&path);
  load->file = g_object_ref (file);
  load->untitled = untitled;
  task = g_task_new (self, self->load_cancellable, load_done_cb, NULL);
  g_task_set_source_tag (task, start_load);
  g_task_set_task_data (task, load, load_data_free);
  g_task_run_in_thread (task, load_thread);
}

static void
load_checked (XpWindow *self,
              GFile    *file,
              gboolean  untitled)
{
  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }
  if (self->project != NULL && self->dirty)
    {
      g_set_object (&self->pending_file, file);
      self->pending_untitled = untitled;
      ask_to_close (self);
      return;
    }
  start_load (self, file, untitled);
}

static void
open_pending (XpWindow *self)
{
  g_autoptr(GFile) file = g_steal_pointer (&self->pending_file);

  start_load (self, file, self->pending_untitled);
}

static void
open_uri_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  g_autoptr(GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));

  xp_window_load_file (XP_WINDOW (widget), file);
}

/* The bundled sample opens as an untitled copy: Save asks where. */
static void
open_sample_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autofree char *path = xp_application_find_data_file ("examples/sample.xingping");
  g_autoptr(GFile) file = NULL;

  if (path == NULL)
    {
      show_error_dialog (self, _("Could Not Open the Sample"),
                         _("The sample assessment is not installed (examples/sample.xingping in Xingping’s data folder)."));
      return;
    }
  file = g_file_new_for_path (path);
  load_checked (self, file, TRUE);
}

static gboolean
drop_cb (XpWindow      *self,
         const GValue  *value,
         double         x,
         double         y,
         GtkDropTarget *target)
{
  GFile *file = NULL;

  if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    file = g_value_get_object (value);
  else if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = g_value_get_boxed (value); l != NULL && file == NULL; l = l->next)
        {
          g_autofree char *name = g_file_get_basename (l->data);

          if (name != NULL && g_str_has_suffix (name, ".xingping"))
            file = l->data;
        }
    }

  if (file == NULL)
    {
      show_toast (self, _("Only Xingping assessments (.xingping files) can be dropped here"));
      return FALSE;
    }
  xp_window_load_file (self, file);
  return TRUE;
}

static void
_xp_window_setup_drop (XpWindow *self)
{
  GtkDropTarget *target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  GType types[] = { GDK_TYPE_FILE_LIST, G_TYPE_FILE };

  gtk_drop_target_set_gtypes (target, types, G_N_ELEMENTS (types));
  g_signal_connect_object (target, "drop", G_CALLBACK (drop_cb), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}

static void
autosave_interval_changed_cb (XpWindow   *self,
                              const char *key,
                              GSettings  *settings)
{
  xp_window_set_autosave_interval (self, g_settings_get_uint (settings, key));
}

static void
open_chosen_cb (gpointer  owner,
                GFile    *file,
                gpointer  user_data)
{
  if (file != NULL)
    xp_window_load_file (XP_WINDOW (owner), file);
}

static void
save_as_chosen_cb (gpointer  owner,
                   GFile    *file,
                   gpointer  user_data)
{
  XpWindow *self = XP_WINDOW (owner);
  g_autoptr(GError) error = NULL;

  if (file != NULL && !xp_window_save_to_file (self, file, &error))
    show_error_dialog (self, _("Could Not Save the Assessment"), error->message);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .title = _("Open Assessment"),
    .accept_label = _("_Open"),
    .filters = { { .name = _("Xingping assessments"), .patterns = { "*.xingping" } } },
  };

  xp_file_chooser_show (&chooser, GTK_WINDOW (widget), widget, open_chosen_cb, NULL);
}

/* Import evaluator work: the merged project (a new object) replaces the
 * window's, unsaved.  The score undo stack cannot hold the merge (it adds
 * branches, evaluators, notes and deductions too), so the window keeps
 * the project from before: one undo, after any edits made since, goes
 * back to it. */
static void
merge_applied_cb (XpWindow      *self,
                  XpMergeDialog *dialog)
{
  g_autofree char *summary = xp_merge_dialog_dup_summary (dialog);
  g_autofree char *evaluator_id = self->evaluator ? g_strdup (xp_evaluator_get_id (self->evaluator)) : NULL;
  XpBranch *branch = self->selection ? gtk_single_selection_get_selected_item (self->selection) : NULL;
  g_autofree char *branch_id = branch ? g_strdup (xp_branch_get_id (branch)) : NULL;
  XpProject *project = xp_merge_dialog_get_result (dialog);
  g_autoptr(XpProject) previous = g_object_ref (self->project);

  set_project (self, project, self->file);
  self->premerge = g_steal_pointer (&previous);
  update_undo_actions (self);
  if (evaluator_id != NULL && xp_project_lookup_evaluator (project, evaluator_id) != NULL)
    xp_window_set_evaluator (self, xp_project_lookup_evaluator (project, evaluator_id));
  if (branch_id != NULL)
    xp_window_select_branch (self, branch_id);
  self->dirty = TRUE;
  update_title (self);
  show_toast (self, summary);
}

GtkWindow *
xp_window_import_work (XpWindow  *self,
                       GFile    **files,
                       guint      n_files)
{
  g_autoptr(GError) error = NULL;
  XpMergeDialog *dialog;

  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  if (self->project == NULL || n_files == 0)
    return NULL;

  /* A sealed assessment takes no merge: say so before the preview. */
  if (!xp_project_check_editable (self->project, &error))
    {
      show_error_dialog (self, _("Could Not Import Evaluator Work"), error->message);
      return NULL;
    }
  dialog = xp_merge_dialog_new (GTK_WINDOW (self), self->project, files, n_files, &error);
  if (dialog == NULL)
    {
      show_error_dialog (self, _("Could Not Import Evaluator Work"), error->message);
      return NULL;
    }
  g_signal_connect_object (dialog, "applied", G_CALLBACK (merge_applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return GTK_WINDOW (dialog);
}

static void
import_work_chosen_cb (gpointer   owner,
                       GFile    **files,
                       guint      n_files,
                       gpointer   user_data)
{
  xp_window_import_work (XP_WINDOW (owner), files, n_files);
}

static void
import_work_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_OPEN,
    .title = _("Import Evaluator Work"),
    .accept_label = _("_Import"),
    .filters = { { .name = _("Xingping assessments"), .patterns = { "*.xingping" } } },
  };

  if (self->project == NULL)
    return;
  xp_file_chooser_show_multiple (&chooser, GTK_WINDOW (self), self, import_work_chosen_cb, NULL);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_SAVE,
    .title = _("Save Assessment"),
    .accept_label = _("_Save"),
    .filters = { { .name = _("Xingping assessments"), .patterns = { "*.xingping" } } },
    .current_name = _("assessment.xingping"),
  };

  if (self->project == NULL)
    return;
  xp_file_chooser_show (&chooser, GTK_WINDOW (self), self, save_as_chosen_cb, NULL);
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (self->project == NULL)
    return;

  if (self->file == NULL)
    {
      save_as_action (widget, action_name, param);
      return;
    }

  if (!xp_window_save_to_file (self, self->file, &error))
    show_error_dialog (self, _("Could Not Save the Assessment"), error->message);
  else
    show_toast (self, _("Saved"));
}

static void
new_dialog_created_cb (XpWindow    *self,
                       XpProject   *project,
                       XpNewDialog *dialog)
{
  xp_window_show_new_project (self, project);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GSettings *settings = XP_IS_APPLICATION (app) ? xp_application_get_settings (XP_APPLICATION (app)) : NULL;
  XpNewDialog *dialog = xp_new_dialog_new (GTK_WINDOW (self), settings);

  g_signal_connect_object (dialog, "created", G_CALLBACK (new_dialog_created_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
move_branch (XpWindow *self,
             int       delta)
{
  guint n, selected;

  if (self->selection == NULL)
    return;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->selection));
  selected = gtk_single_selection_get_selected (self->selection);
  if (n == 0)
    return;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else if (delta > 0 && selected + 1 < n)
    selected++;
  else if (delta < 0 && selected > 0)
    selected--;
  else
    return;

  gtk_single_selection_set_selected (self->selection, selected);
  gtk_widget_activate_action (GTK_WIDGET (self->branch_list), "list.scroll-to-item", "u", selected);
}

static void
next_branch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  move_branch (XP_WINDOW (widget), 1);
}

static void
previous_branch_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  move_branch (XP_WINDOW (widget), -1);
}

static void
export_json_chosen_cb (gpointer  owner,
                       GFile    *file,
                       gpointer  user_data)
{
  XpWindow *self = XP_WINDOW (owner);

  if (file != NULL && self->ranking != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!xp_window_export_json (self, file, &error))
        show_error_dialog (self, _("Could Not Export the Ranking"), error->message);
      else
        show_toast (self, _("Ranking exported"));
    }
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  XpFileChooser chooser = {
    .action = GTK_FILE_CHOOSER_ACTION_SAVE,
    .title = _("Export Ranking"),
    .accept_label = _("_Export"),
    .filters = { { .name = _("JSON files"), .patterns = { "*.json" } } },
    .current_name = _("ranking.json"),
  };

  if (self->ranking == NULL)
    return;
  xp_file_chooser_show (&chooser, GTK_WINDOW (self), self, export_json_chosen_cb, NULL);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);

  if (self->ranking != NULL)
    xp_print_show_print_dialog (GTK_WINDOW (self), self->ranking);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);

  if (self->ranking != NULL)
    xp_print_show_export_dialog (GTK_WINDOW (self), self->ranking);
}

static void
import_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  xp_import_dialog_choose (XP_WINDOW (widget),
                           g_str_equal (action_name, "win.import-scores") ? XP_CSV_SCORES : XP_CSV_BRANCHES);
}

static void
export_spreadsheet_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *param)
{
  xp_spreadsheet_export_choose (XP_WINDOW (widget), g_str_equal (action_name, "win.export-xlsx"));
}

static void
show_view_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  const char *name = g_variant_get_string (param, NULL);

  if (self->project == NULL)
    return;
  if (g_strcmp0 (name, "scoring") != 0 && g_strcmp0 (name, "results") != 0)
    {
      g_warning ("Unknown view “%s”", name);
      return;
    }
  adw_view_stack_set_visible_child_name (self->view_stack, name);
}

static void
branch_activated_cb (XpWindow      *self,
                     XpBranch      *branch,
                     XpResultsPage *page)
{
  if (xp_window_select_branch (self, xp_branch_get_id (branch)))
    adw_view_stack_set_visible_child_name (self->view_stack, "scoring");
}

/* ---- branches and evaluators: add, edit, remove ---- */

static void
branch_applied_cb (XpWindow       *self,
                   XpBranch       *branch,
                   XpBranchDialog *dialog)
{
  gboolean added = g_object_get_data (G_OBJECT (dialog), "adding") != NULL;

  structure_changed (self, FALSE);
  if (added)
    {
      xp_window_select_branch (self, xp_branch_get_id (branch));
      show_toast (self, _("Branch added"));
    }
}

static void
open_branch_dialog (XpWindow *self,
                    XpBranch *branch)
{
  GtkWidget *dialog;

  if (self->project == NULL)
    return;
  dialog = xp_branch_dialog_new (GTK_WINDOW (self), self->project, branch);
  if (branch == NULL)
    g_object_set_data (G_OBJECT (dialog), "adding", GINT_TO_POINTER (1));
  g_signal_connect_object (dialog, "applied", G_CALLBACK (branch_applied_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
add_branch_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  open_branch_dialog (XP_WINDOW (widget), NULL);
}

static void
edit_branch_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  XpBranch *branch = xp_score_page_get_branch (self->score_page);

  if (branch != NULL)
    open_branch_dialog (self, branch);
}

static void
remove_branch_response_cb (XpWindow         *self,
                           const char       *response,
                           AdwMessageDialog *dialog)
{
  XpBranch *branch = g_object_get_data (G_OBJECT (dialog), "branch");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  guint position;

  if (g_strcmp0 (response, "remove") != 0 || self->project == NULL ||
      xp_project_lookup_branch (self->project, xp_branch_get_id (branch)) != branch)
    return;

  if (!xp_project_check_editable (self->project, &error))
    {
      show_error_dialog (self, _("Could Not Remove the Branch"), error->message);
      return;
    }
  id = g_strdup (xp_branch_get_id (branch));
  position = gtk_single_selection_get_selected (self->selection);
  g_object_ref (branch);
  if (xp_score_page_get_branch (self->score_page) == branch)
    xp_score_page_set_branch (self->score_page, NULL);
  if (!xp_project_remove_branch (self->project, id))
    {
      g_object_unref (branch);
      return;
    }
  g_object_unref (branch);
  structure_changed (self, TRUE);

  /* Carry on with the branch that took its place. */
  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    {
      position = MIN (position, g_list_model_get_n_items (G_LIST_MODEL (self->selection)) - 1);
      gtk_single_selection_set_selected (self->selection, position);
      selection_changed_cb (self, NULL, self->selection);
    }
  update_structure_actions (self);
  show_toast (self, _("Branch removed"));
}

/* "Remove …?": Remove is destructive, Cancel the default and what Esc
 * does.  @object rides on the dialog as @key for @response_cb
 * (swapped: it gets the window first). */
static void
ask_to_remove (XpWindow   *self,
               const char *heading,
               const char *body,
               const char *key,
               GObject    *object,
               GCallback   response_cb)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "remove", _("_Remove"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), key, g_object_ref (object), g_object_unref);
  g_signal_connect_object (dialog, "response", response_cb, self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_branch_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  XpBranch *branch = xp_score_page_get_branch (self->score_page);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n_scores;

  if (self->project == NULL || branch == NULL)
    return;

  n_scores = xp_branch_count_scores (self->project, branch);
  heading = g_strdup_printf (_("Remove “%s”?"), xp_branch_get_name (branch));
  if (n_scores > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "The branch holds %u score. It is removed with the branch, which cannot be undone.",
                                         "The branch holds %u scores. They are removed with the branch, which cannot be undone.",
                                         n_scores), n_scores);
  else
    body = g_strdup (_("The branch has no scores yet."));
  ask_to_remove (self, heading, body, "branch", G_OBJECT (branch), G_CALLBACK (remove_branch_response_cb));
}

static void
evaluator_dialog_response_cb (XpWindow          *self,
                              const char        *response,
                              XpEvaluatorDialog *dialog)
{
  g_autoptr(GError) error = NULL;
  XpEvaluator *evaluator;

  if ((g_strcmp0 (response, "add") != 0 && g_strcmp0 (response, "save") != 0) || self->project == NULL)
    return;

  evaluator = xp_evaluator_dialog_apply (dialog, &error);
  if (evaluator == NULL)
    {
      show_error_dialog (self, _("Could Not Change the Evaluators"), error->message);
      return;
    }
  structure_changed (self, FALSE);
  if (g_strcmp0 (response, "add") == 0)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->evaluator_dropdown), TRUE);
      xp_window_set_evaluator (self, evaluator);
    }
}

static void
add_evaluator_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  GtkWidget *dialog;

  if (self->project == NULL)
    return;
  dialog = xp_evaluator_dialog_new (GTK_WINDOW (self), self->project, NULL);
  g_signal_connect_object (dialog, "response", G_CALLBACK (evaluator_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
rename_evaluator_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  GtkWidget *dialog;

  if (self->project == NULL || self->evaluator == NULL)
    return;
  dialog = xp_evaluator_dialog_new (GTK_WINDOW (self), self->project, self->evaluator);
  g_signal_connect_object (dialog, "response", G_CALLBACK (evaluator_dialog_response_cb), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
remove_evaluator_response_cb (XpWindow         *self,
                              const char       *response,
                              AdwMessageDialog *dialog)
{
  XpEvaluator *evaluator = g_object_get_data (G_OBJECT (dialog), "evaluator");
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  GListModel *evaluators;
  XpEvaluator *next = NULL;
  gboolean removed;

  if (g_strcmp0 (response, "remove") != 0 || self->project == NULL ||
      xp_project_lookup_evaluator (self->project, xp_evaluator_get_id (evaluator)) != evaluator)
    return;

  if (!xp_project_check_editable (self->project, &error))
    {
      show_error_dialog (self, _("Could Not Remove the Evaluator"), error->message);
      return;
    }

  /* Score as someone else from now on: a group evaluator if any. */
  evaluators = xp_project_get_evaluators (self->project);
  for (guint i = 0; i < g_list_model_get_n_items (evaluators); i++)
    {
      g_autoptr(XpEvaluator) other = g_list_model_get_item (evaluators, i);

      if (other != evaluator && (next == NULL || (xp_evaluator_get_role (next) != XP_ROLE_GROUP &&
                                                  xp_evaluator_get_role (other) == XP_ROLE_GROUP)))
        next = other;
    }
  id = g_strdup (xp_evaluator_get_id (evaluator));
  g_object_ref (evaluator);
  xp_window_set_evaluator (self, next);

  /* Its dropped scores are not edits to undo: the history is forgotten. */
  self->replaying = TRUE;
  removed = xp_project_remove_evaluator (self->project, id, &error);
  self->replaying = FALSE;
  g_object_unref (evaluator);
  if (!removed)
    {
      show_error_dialog (self, _("Could Not Remove the Evaluator"), error->message);
      return;
    }
  structure_changed (self, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->evaluator_dropdown), g_list_model_get_n_items (evaluators) > 0);
  if (next == NULL)
    gtk_drop_down_set_selected (self->evaluator_dropdown, GTK_INVALID_LIST_POSITION);
  show_toast (self, _("Evaluator removed"));
}

static void
remove_evaluator_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autofree char *heading = NULL;
  g_autofree char *body = NULL;
  guint n_scores;

  if (self->project == NULL || self->evaluator == NULL)
    return;

  n_scores = xp_evaluator_count_scores (self->project, xp_evaluator_get_id (self->evaluator));
  heading = g_strdup_printf (_("Remove “%s”?"), xp_evaluator_get_name (self->evaluator));
  if (n_scores > 0)
    body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "%u score by this evaluator will be dropped, with their notes and ticked deductions. This cannot be undone.",
                                         "%u scores by this evaluator will be dropped, with their notes and ticked deductions. This cannot be undone.",
                                         n_scores), n_scores);
  else
    body = g_strdup (_("This evaluator has not scored anything yet."));
  ask_to_remove (self, heading, body, "evaluator", G_OBJECT (self->evaluator),
                 G_CALLBACK (remove_evaluator_response_cb));
}

static gboolean
close_idle_cb (gpointer data)
{
  gtk_window_close (GTK_WINDOW (data));
  return G_SOURCE_REMOVE;
}

/* Closes once the dialog has finished answering: destroying its parent
 * from inside ::response would leave it pointing at a dead window. */
static void
close_later (XpWindow *self)
{
  g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, close_idle_cb, g_object_ref (self), g_object_unref);
}

static void
close_dialog_response_cb (XpWindow         *self,
                          const char       *response,
                          AdwMessageDialog *dialog)
{
  self->close_dialog = NULL;

  if (g_strcmp0 (response, "discard") == 0)
    {
      self->dirty = FALSE;
      remove_autosave (self);
      if (self->pending_file != NULL)
        open_pending (self);
      else
        close_later (self);
    }
  else if (g_strcmp0 (response, "save") == 0)
    {
      g_autoptr(GError) error = NULL;

      if (self->file == NULL)
        /* Nowhere to save yet: ask where, and leave the window open. */
        gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
      else if (!xp_window_save_to_file (self, self->file, &error))
        show_error_dialog (self, _("Could Not Save the Assessment"), error->message);
      else if (self->pending_file != NULL)
        open_pending (self);
      else
        close_later (self);
    }
  g_clear_object (&self->pending_file);
}

static void
ask_to_close (XpWindow *self)
{
  GtkWidget *dialog;

  if (self->close_dialog != NULL)
    {
      gtk_window_present (GTK_WINDOW (self->close_dialog));
      return;
    }

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Save Changes?"),
                                   self->pending_file != NULL
                                   ? _("The assessment has unsaved scores. Opening another one without saving loses them.")
                                   : _("The assessment has unsaved scores. Closing without saving loses them."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "discard", _("_Discard"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (close_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  self->close_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
xp_window_close_request (GtkWindow *window)
{
  GtkApplication *app = gtk_window_get_application (window);
  GSettings *settings = XP_IS_APPLICATION (app) ? xp_application_get_settings (XP_APPLICATION (app)) : NULL;

  if (settings != NULL)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (settings, "window-width", width);
      g_settings_set_int (settings, "window-height", height);
      g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
    }

  g_clear_object (&XP_WINDOW (window)->pending_file);
  if (XP_WINDOW (window)->dirty)
    {
      ask_to_close (XP_WINDOW (window));
      return TRUE;
    }

  return GTK_WINDOW_CLASS (xp_window_parent_class)->close_request (window);
}

static void
xp_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  XpWindow *self = XP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_EVALUATOR:
      g_value_set_object (value, self->evaluator);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_window_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  XpWindow *self = XP_WINDOW (object);

  switch (prop_id)
    {
    case PROP_EVALUATOR:
      xp_window_set_evaluator (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
xp_window_dispose (GObject *object)
{
  XpWindow *self = XP_WINDOW (object);

  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_pointer (&self->autosave_path, g_free);
  if (self->load_cancellable != NULL)
    g_cancellable_cancel (self->load_cancellable);
  g_clear_object (&self->load_cancellable);
  stop_load_progress (self);
  g_clear_object (&self->pending_file);
  g_clear_pointer (&self->page_before_load, g_free);
  g_clear_object (&self->next_ranking);
  if (self->close_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->close_dialog)));
  self->filtered = NULL;
  self->pinned = NULL;
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->ranking);
  g_clear_object (&self->project);
  g_clear_object (&self->file);
  g_clear_object (&self->premerge);
  g_clear_object (&self->undo_stack);
  G_OBJECT_CLASS (xp_window_parent_class)->dispose (object);
}

static void
xp_window_class_init (XpWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = xp_window_dispose;
  object_class->get_property = xp_window_get_property;
  object_class->set_property = xp_window_set_property;
  window_class->close_request = xp_window_close_request;

  properties[PROP_EVALUATOR] =
    g_param_spec_object ("evaluator", NULL, NULL, XP_TYPE_EVALUATOR,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (XP_TYPE_SCORE_PAGE);
  g_type_ensure (XP_TYPE_RESULTS_PAGE);
  g_type_ensure (XP_TYPE_WELCOME_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, XpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, evaluator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, evaluator_menu_button);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, category_filter);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, status_filter);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, branch_count_label);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, branch_list);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, score_page);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, results_page);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, loading_page);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, loading_bar);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_install_action (widget_class, "win.open-uri", "s", open_uri_action);
  gtk_widget_class_install_action (widget_class, "win.open-sample", NULL, open_sample_action);
  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.new", NULL);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save", NULL);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, save_as_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.save-as", NULL);
  gtk_widget_class_install_action (widget_class, "win.next-branch", NULL, next_branch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK, "win.next-branch", NULL);
  gtk_widget_class_install_action (widget_class, "win.previous-branch", NULL, previous_branch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK, "win.previous-branch", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-json", NULL, export_json_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.export-json", NULL);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "win.print", NULL);
  gtk_widget_class_install_action (widget_class, "win.export-pdf", NULL, export_pdf_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.export-pdf", NULL);
  gtk_widget_class_install_action (widget_class, "win.import-branches", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.import-scores", NULL, import_csv_action);
  gtk_widget_class_install_action (widget_class, "win.export-csv", NULL, export_spreadsheet_action);
  gtk_widget_class_install_action (widget_class, "win.export-xlsx", NULL, export_spreadsheet_action);
  gtk_widget_class_install_action (widget_class, "win.autosave-now", NULL, autosave_now_action);
  gtk_widget_class_install_action (widget_class, "win.import-work", NULL, import_work_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-branch", NULL, add_branch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-branch", NULL);
  gtk_widget_class_install_action (widget_class, "win.edit-branch", NULL, edit_branch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_ALT_MASK, "win.edit-branch", NULL);
  gtk_widget_class_install_action (widget_class, "win.remove-branch", NULL, remove_branch_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.remove-branch", NULL);
  gtk_widget_class_install_action (widget_class, "win.add-evaluator", NULL, add_evaluator_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.add-evaluator", NULL);
  gtk_widget_class_install_action (widget_class, "win.rename-evaluator", NULL, rename_evaluator_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.rename-evaluator", NULL);
  gtk_widget_class_install_action (widget_class, "win.remove-evaluator", NULL, remove_evaluator_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_x, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.remove-evaluator", NULL);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1, GDK_ALT_MASK, "win.show-view", "s", "scoring");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_2, GDK_ALT_MASK, "win.show-view", "s", "results");
  xp_seal_install_actions (widget_class);
}

static void
xp_window_init (XpWindow *self)
{
  GtkListItemFactory *factory;
  GtkEventController *shortcuts;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->undo_stack = xp_undo_stack_new ();
  xp_window_set_autosave_interval (self, 30);
  _xp_window_setup_drop (self);

  self->filter = gtk_custom_filter_new (branch_filter_func, self, NULL);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->evaluator_dropdown, "notify::selected-item",
                           G_CALLBACK (evaluator_selected_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->category_filter, "notify::selected",
                           G_CALLBACK (filter_chosen_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->status_filter, "notify::selected",
                           G_CALLBACK (filter_chosen_cb), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);
  gtk_list_view_set_factory (self->branch_list, factory);
  g_object_unref (factory);

  /* Page Down / Page Up move between branches even while a score field
   * (which would use them to page its value) has the focus. */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Down, 0),
                                                          gtk_named_action_new ("win.next-branch")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Page_Up, 0),
                                                          gtk_named_action_new ("win.previous-branch")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-branch", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-branch", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-json", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.print", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.export-pdf", FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (spreadsheet_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), spreadsheet_actions[i], FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.import-work", FALSE);
  update_structure_actions (self);
  xp_seal_attach (self, NULL);
  update_undo_actions (self);
  g_signal_connect_object (self->results_page, "branch-activated",
                           G_CALLBACK (branch_activated_cb), self, G_CONNECT_SWAPPED);
}

XpWindow *
xp_window_new (XpApplication *application)
{
  XpWindow *self;
  GSettings *settings;

  g_return_val_if_fail (XP_IS_APPLICATION (application), NULL);

  self = g_object_new (XP_TYPE_WINDOW, "application", application, NULL);
  settings = xp_application_get_settings (application);
  if (settings != NULL)
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      xp_window_set_autosave_interval (self, g_settings_get_uint (settings, "autosave-interval"));
      g_signal_connect_object (settings, "changed::autosave-interval",
                               G_CALLBACK (autosave_interval_changed_cb), self, G_CONNECT_SWAPPED);
    }
  xp_welcome_page_set_settings (self->welcome_page, settings);
  return self;
}

gboolean
xp_window_open_file (XpWindow *self,
                     GFile    *file)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error (&error, XP_ERROR, XP_ERROR_IO, _("Only local files can be opened"));
  else
    project = xp_project_new_from_file (path, &error);

  if (project == NULL)
    {
      g_autofree char *name = g_file_get_basename (file);
      g_autofree char *heading = g_strdup_printf (_("Could Not Open “%s”"), name);

      show_error_dialog (self, heading, error->message);
      return FALSE;
    }

  return xp_lock_dialog_open (self, file, project);
}

void
xp_window_show_project (XpWindow  *self,
                        XpProject *project,
                        GFile     *file)
{
  g_return_if_fail (XP_IS_WINDOW (self));
  g_return_if_fail (XP_IS_PROJECT (project));
  g_return_if_fail (G_IS_FILE (file));

  set_project (self, project, file);
  remember_recent (self, file);
}

XpProject *
xp_window_get_project (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->project;
}

XpRanking *
xp_window_get_ranking (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->ranking;
}

GFile *
xp_window_get_file (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->file;
}

XpScorePage *
xp_window_get_score_page (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->score_page;
}

XpEvaluator *
xp_window_get_evaluator (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->evaluator;
}

void
xp_window_set_evaluator (XpWindow    *self,
                         XpEvaluator *evaluator)
{
  g_return_if_fail (XP_IS_WINDOW (self));
  g_return_if_fail (!evaluator || XP_IS_EVALUATOR (evaluator));

  if (!g_set_object (&self->evaluator, evaluator))
    return;

  if (evaluator != NULL && self->project != NULL)
    {
      GListModel *evaluators = xp_project_get_evaluators (self->project);

      for (guint i = 0; i < g_list_model_get_n_items (evaluators); i++)
        {
          g_autoptr(XpEvaluator) other = g_list_model_get_item (evaluators, i);

          if (other == evaluator)
            gtk_drop_down_set_selected (self->evaluator_dropdown, i);
        }
    }
  xp_score_page_set_evaluator (self->score_page, evaluator);
  if (evaluator != NULL && self->file != NULL && g_file_peek_path (self->file) != NULL)
    xp_evaluator_state_remember (g_file_peek_path (self->file), xp_evaluator_get_id (evaluator));
  if (self->filtered != NULL)
    refilter (self);
  update_structure_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVALUATOR]);
}

gboolean
xp_window_select_branch (XpWindow   *self,
                         const char *branch_id)
{
  GListModel *model;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (branch_id != NULL, FALSE);

  if (self->selection == NULL)
    return FALSE;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_drop_down_set_selected (self->category_filter, 0);
  gtk_drop_down_set_selected (self->status_filter, STATUS_ANY);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_LESS_STRICT);
  model = G_LIST_MODEL (self->selection);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(XpBranch) branch = g_list_model_get_item (model, i);

      if (g_strcmp0 (xp_branch_get_id (branch), branch_id) == 0)
        {
          gtk_single_selection_set_selected (self->selection, i);
          gtk_widget_activate_action (GTK_WIDGET (self->branch_list), "list.scroll-to-item", "u", i);
          return TRUE;
        }
    }
  return FALSE;
}

gboolean
xp_window_save_to_file (XpWindow  *self,
                        GFile     *file,
                        GError   **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->project == NULL)
    return TRUE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Only local files can be saved"));
      return FALSE;
    }
  if (!xp_lock_dialog_check_save (self, path, error) ||
      !xp_project_save_to_file (self->project, path, error))
    {
      /* The work stays in memory (still dirty) and in the autosave. */
      write_autosave (self, NULL);
      return FALSE;
    }
  remove_autosave (self);

  g_set_object (&self->file, file);
  if (self->evaluator != NULL)
    xp_evaluator_state_remember (path, xp_evaluator_get_id (self->evaluator));
  self->dirty = FALSE;
  update_title (self);
  remember_recent (self, file);
  return TRUE;
}

const char *
xp_window_get_page_name (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return gtk_stack_get_visible_child_name (self->stack);
}

/* "scoring" or "results" while a project is open. */
const char *
xp_window_get_view_name (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return adw_view_stack_get_visible_child_name (self->view_stack);
}

XpResultsPage *
xp_window_get_results_page (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->results_page;
}

gboolean
xp_window_get_dirty (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  return self->dirty;
}

void
xp_window_show_toast (XpWindow   *self,
                      const char *message)
{
  g_return_if_fail (XP_IS_WINDOW (self));
  show_toast (self, message);
}

void
xp_window_project_changed (XpWindow *self,
                           gboolean  reset_undo)
{
  g_return_if_fail (XP_IS_WINDOW (self));

  if (self->project == NULL)
    return;
  if (reset_undo)
    {
      self->audit_seen = xp_project_get_n_audit_entries (self->project);
      xp_undo_stack_clear (self->undo_stack);
      update_undo_actions (self);
    }
  self->dirty = TRUE;
  update_title (self);
}

gboolean
xp_window_export_json (XpWindow  *self,
                       GFile     *file,
                       GError   **error)
{
  g_autofree char *json = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (self->ranking == NULL)
    return TRUE;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (error, XP_ERROR, XP_ERROR_IO, _("Only local files can be written"));
      return FALSE;
    }
  json = xp_ranking_to_json (self->ranking, NULL);
  return g_file_set_contents (path, json, -1, error);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* Autosaves left behind by windows that never got saved, oldest name
 * first.  Free with g_strfreev(). */
char **
xp_window_list_autosaves (void)
{
  g_autofree char *dir = autosave_dir ();
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  g_autoptr(GPtrArray) paths = g_ptr_array_new ();
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    if (g_str_has_suffix (name, ".xingping"))
      g_ptr_array_add (paths, g_build_filename (dir, name, NULL));
  g_ptr_array_sort (paths, compare_paths);
  g_ptr_array_add (paths, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&paths), FALSE);
}

/* Opens an autosave as a dirty project; it keeps autosaving to the same
 * place and is removed once saved or discarded. */
gboolean
xp_window_recover_autosave (XpWindow    *self,
                            const char  *autosave_path,
                            GError     **error)
{
  g_autoptr(XpProject) project = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *sidecar = NULL;
  g_autofree char *original = NULL;
  g_autofree char *name = NULL;
  gsize len;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (autosave_path != NULL, FALSE);

  if (!g_file_get_contents (autosave_path, &contents, &len, error))
    return FALSE;
  name = g_path_get_basename (autosave_path);
  {
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

    project = xp_project_new_from_bytes (bytes, name, error);
  }
  if (project == NULL)
    return FALSE;

  sidecar = sidecar_path (autosave_path);
  if (g_file_get_contents (sidecar, &original, NULL, NULL) && *g_strstrip (original) != '\0')
    file = g_file_new_for_path (original);

  set_project (self, project, file);
  self->autosave_path = g_strdup (autosave_path);
  self->dirty = TRUE;
  update_title (self);
  return TRUE;
}

static void
recovery_response_cb (XpWindow         *self,
                      const char       *response,
                      AdwMessageDialog *dialog)
{
  char **paths = g_object_get_data (G_OBJECT (dialog), "autosaves");

  for (guint i = 0; paths != NULL && paths[i] != NULL; i++)
    {
      if (g_strcmp0 (response, "recover") == 0)
        {
          g_autoptr(GError) error = NULL;
          XpWindow *target = self;

          if (self->project != NULL)
            {
              target = xp_window_new (XP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
              gtk_window_present (GTK_WINDOW (target));
            }
          if (!xp_window_recover_autosave (target, paths[i], &error))
            show_error_dialog (target, _("Could Not Recover Unsaved Work"), error->message);
        }
      else if (g_strcmp0 (response, "discard") == 0)
        remove_autosave_file (paths[i]);
    }
}

/* Asks whether to recover the autosaves left behind, if any.  Returns
 * whether it asked. */
gboolean
xp_window_offer_recovery (XpWindow *self)
{
  g_auto(GStrv) paths = NULL;
  GtkWidget *dialog;

  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);

  paths = xp_window_list_autosaves ();
  if (paths[0] == NULL)
    return FALSE;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Recover unsaved work?"),
                                   _("Xingping was closed before some scores were saved. Recover them, or discard them for good."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "discard", _("_Discard"),
                                    "recover", _("_Recover"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "recover",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "recover");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "close");
  g_object_set_data_full (G_OBJECT (dialog), "autosaves", g_steal_pointer (&paths),
                          (GDestroyNotify) g_strfreev);
  g_signal_connect_object (dialog, "response", G_CALLBACK (recovery_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return TRUE;
}

/* Opens @file in a thread, showing a spinner page meanwhile; asks about
 * unsaved changes first.  On failure a dialog says why and the window
 * goes back to what it showed. */
void
xp_window_load_file (XpWindow *self,
                     GFile    *file)
{
  g_return_if_fail (XP_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  load_checked (self, file, FALSE);
}

/* Whether a load started by xp_window_load_file() is still running. */
gboolean
xp_window_is_loading (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), FALSE);
  return self->load_cancellable != NULL;
}

double
xp_window_get_load_fraction (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), 0);
  return xp_window_is_loading (self) ? gtk_progress_bar_get_fraction (self->loading_bar) : 0;
}

/* Shows a project made by New Assessment: untitled and unsaved.  A
 * window that already has a project opens a new window for it. */
XpWindow *
xp_window_show_new_project (XpWindow  *self,
                            XpProject *project)
{
  XpWindow *target = self;

  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  g_return_val_if_fail (XP_IS_PROJECT (project), NULL);

  if (self->project != NULL || self->load_cancellable != NULL)
    {
      target = xp_window_new (XP_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
      gtk_window_present (GTK_WINDOW (target));
    }
  set_project (target, project, NULL);
  target->dirty = TRUE;
  update_title (target);
  return target;
}

void
xp_window_set_autosave_interval (XpWindow *self,
                                 guint     seconds)
{
  g_return_if_fail (XP_IS_WINDOW (self));

  seconds = CLAMP (seconds, 5, 3600);
  if (self->autosave_id != 0 && self->autosave_interval == seconds)
    return;
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  self->autosave_interval = seconds;
  self->autosave_id = g_timeout_add_seconds (seconds, autosave_cb, self);
}

guint
xp_window_get_autosave_interval (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), 0);
  return self->autosave_interval;
}

/* The autosave file of unsaved work, or NULL before the first autosave. */
const char *
xp_window_get_autosave_path (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->autosave_path;
}

XpWelcomePage *
xp_window_get_welcome_page (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->welcome_page;
}

/* The branch list as shown: search and filters applied. */
GListModel *
xp_window_get_branch_list_model (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->selection != NULL ? G_LIST_MODEL (self->selection) : NULL;
}

GtkDropDown *
xp_window_get_category_filter (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->category_filter;
}

GtkDropDown *
xp_window_get_status_filter (XpWindow *self)
{
  g_return_val_if_fail (XP_IS_WINDOW (self), NULL);
  return self->status_filter;
}
