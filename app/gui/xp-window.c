/* xp-window.c — the main window: welcome page, branch list, score sheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "xp-window"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "xp-branch-row.h"
#include "xp-criteria.h"
#include "xp-lock-dialog.h"
#include "xp-print.h"
#include "xp-results-page.h"
#include "xp-seal.h"
#include "xp-undo-stack.h"
#include "xp-window.h"

struct _XpWindow
{
  AdwApplicationWindow  parent_instance;

  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkDropDown          *evaluator_dropdown;
  GtkStack             *stack;
  GtkSearchEntry       *search_entry;
  GtkListView          *branch_list;
  XpScorePage          *score_page;
  AdwViewStack         *view_stack;
  AdwViewSwitcher      *view_switcher;
  XpResultsPage        *results_page;
  AdwMessageDialog     *close_dialog;

  XpProject            *project;
  XpRanking            *ranking;
  XpEvaluator          *evaluator;
  GFile                *file;
  GtkCustomFilter      *filter;
  GtkSingleSelection   *selection;
  GtkFileChooserNative *chooser;
  gboolean              dirty;

  /* Undo: a copy of the project as last seen gives each edit's old value. */
  XpUndoStack          *undo_stack;
  XpProject            *shadow;
  gboolean              replaying;

  /* Autosave: where unsaved work goes every 30 s until saved. */
  guint                 autosave_id;
  char                 *autosave_path;
};

G_DEFINE_FINAL_TYPE (XpWindow, xp_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_EVALUATOR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

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

static gboolean
branch_filter_func (gpointer item,
                    gpointer user_data)
{
  XpWindow *self = user_data;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *needle = NULL;
  g_autofree char *name = NULL;
  g_autofree char *enterprise = NULL;

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
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
selection_changed_cb (XpWindow           *self,
                      GParamSpec         *pspec,
                      GtkSingleSelection *selection)
{
  XpBranch *branch = gtk_single_selection_get_selected_item (selection);

  if (branch != NULL)
    xp_score_page_set_branch (self->score_page, branch);
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo", xp_undo_stack_can_undo (self->undo_stack));
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

  if (self->shadow != NULL)
    {
      XpDec old = xp_project_get_score (self->shadow, branch_id, evaluator_id, item_id);

      if (!self->replaying && old != value)
        xp_undo_stack_push (self->undo_stack, branch_id, evaluator_id, item_id, old, value);
      xp_project_set_score (self->shadow, branch_id, evaluator_id, item_id, value, NULL);
    }
  update_undo_actions (self);
  self->dirty = TRUE;
  update_title (self);
}

/* Sealing or reopening changes the file; no edit is undone across it. */
static void
sealed_changed_cb (XpWindow   *self,
                   GParamSpec *pspec,
                   XpProject  *project)
{
  g_autoptr(GBytes) bytes = xp_project_to_bytes (project);

  g_clear_object (&self->shadow);
  self->shadow = xp_project_new_from_bytes (bytes, NULL, NULL);
  xp_undo_stack_clear (self->undo_stack);
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

static void
set_project (XpWindow  *self,
             XpProject *project,
             GFile     *file)
{
  g_autoptr(GtkFilterListModel) filtered = NULL;
  g_autoptr(GtkExpression) expression = NULL;
  GListModel *evaluators;
  XpEvaluator *first = NULL;

  if (self->project != NULL)
    g_signal_handlers_disconnect_by_data (self->project, self);
  g_set_object (&self->project, project);
  g_clear_object (&self->ranking);
  self->ranking = xp_ranking_new (project);
  g_set_object (&self->file, file);
  self->dirty = FALSE;
  g_clear_pointer (&self->autosave_path, g_free);
  {
    g_autoptr(GBytes) bytes = xp_project_to_bytes (project);

    g_clear_object (&self->shadow);
    self->shadow = xp_project_new_from_bytes (bytes, NULL, NULL);
  }
  xp_undo_stack_clear (self->undo_stack);
  update_undo_actions (self);
  g_signal_connect_object (project, "score-changed", G_CALLBACK (score_changed_cb),
                           self, G_CONNECT_SWAPPED);

  xp_score_page_set_project (self->score_page, project, self->ranking);
  xp_results_page_set_ranking (self->results_page, self->ranking);

  /* Evaluators: the group's first evaluator scores by default. */
  evaluators = xp_project_get_evaluators (project);
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
  g_clear_object (&self->evaluator);
  if (first != NULL)
    xp_window_set_evaluator (self, first);
  else if (g_list_model_get_n_items (evaluators) > 0)
    gtk_drop_down_set_selected (self->evaluator_dropdown, 0);

  /* Branches. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  filtered = gtk_filter_list_model_new (g_object_ref (xp_project_get_branches (project)),
                                        g_object_ref (GTK_FILTER (self->filter)));
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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", TRUE);
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

static void
open_response_cb (XpWindow             *self,
                  int                   response,
                  GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      xp_window_open_file (self, file);
    }
  g_clear_object (&self->chooser);
}

static void
save_as_response_cb (XpWindow             *self,
                     int                   response,
                     GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!xp_window_save_to_file (self, file, &error))
        show_error_dialog (self, _("Could Not Save the Assessment"), error->message);
    }
  g_clear_object (&self->chooser);
}

static GtkFileFilter *
project_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Xingping assessments"));
  gtk_file_filter_add_pattern (filter, "*.xingping");
  return filter;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = project_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Open Assessment"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (open_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
save_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = project_filter ();

  if (self->project == NULL)
    return;

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Save Assessment"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("assessment.xingping"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (save_as_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
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
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(XpCriteria) criteria = NULL;
  g_autoptr(XpProject) project = NULL;
  g_autoptr(XpEvaluator) evaluator = NULL;
  g_autofree char *path = g_build_filename (PKGDATADIR, "criteria", "default.xml", NULL);

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      g_free (path);
      path = g_build_filename (XP_SOURCE_DATADIR, "criteria", "default.xml", NULL);
    }

  criteria = xp_criteria_new_from_file (path, &error);
  if (criteria == NULL)
    {
      show_error_dialog (self, _("Could Not Load the Default Criteria"), error->message);
      return;
    }
  project = xp_project_new (criteria);
  xp_project_set_title (project, _("New Assessment"));
  evaluator = xp_evaluator_new ("e1", _("Evaluator 1"), XP_ROLE_GROUP);
  xp_project_add_evaluator (project, evaluator, NULL);
  set_project (self, project, NULL);
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
export_json_response_cb (XpWindow             *self,
                         int                   response,
                         GtkFileChooserNative *chooser)
{
  if (response == GTK_RESPONSE_ACCEPT && self->ranking != NULL)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GError) error = NULL;

      if (!xp_window_export_json (self, file, &error))
        show_error_dialog (self, _("Could Not Export the Ranking"), error->message);
      else
        show_toast (self, _("Ranking exported"));
    }
  g_clear_object (&self->chooser);
}

static void
export_json_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *param)
{
  XpWindow *self = XP_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->ranking == NULL)
    return;

  gtk_file_filter_set_name (filter, _("JSON files"));
  gtk_file_filter_add_pattern (filter, "*.json");
  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (_("Export Ranking"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Export"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), _("ranking.json"));
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (export_json_response_cb),
                           self, G_CONNECT_SWAPPED);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
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
      else
        close_later (self);
    }
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
                                   _("The assessment has unsaved scores. Closing without saving loses them."));
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

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_handle_id (&self->autosave_id, g_source_remove);
  g_clear_pointer (&self->autosave_path, g_free);
  if (self->close_dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&self->close_dialog)));
  g_clear_object (&self->selection);
  g_clear_object (&self->filter);
  g_clear_object (&self->evaluator);
  g_clear_object (&self->ranking);
  g_clear_object (&self->project);
  g_clear_object (&self->file);
  g_clear_object (&self->shadow);
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

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/xingping/Xingping/xp-window.ui");
  gtk_widget_class_bind_template_child (widget_class, XpWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, evaluator_dropdown);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, branch_list);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, score_page);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, view_switcher);
  gtk_widget_class_bind_template_child (widget_class, XpWindow, results_page);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
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
  gtk_widget_class_install_action (widget_class, "win.autosave-now", NULL, autosave_now_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK, "win.undo", NULL);
  gtk_widget_class_install_action (widget_class, "win.redo", NULL, redo_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.redo", NULL);
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
  self->autosave_id = g_timeout_add_seconds (30, autosave_cb, self);

  self->filter = gtk_custom_filter_new (branch_filter_func, self, NULL);
  g_signal_connect_object (self->search_entry, "search-changed",
                           G_CALLBACK (search_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->evaluator_dropdown, "notify::selected-item",
                           G_CALLBACK (evaluator_selected_cb), self, G_CONNECT_SWAPPED);

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
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", FALSE);
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
    }
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
  self->dirty = FALSE;
  update_title (self);
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
